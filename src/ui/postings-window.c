/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "postings-window-private.h"

/* GtkFileDialog (GTK 4.10) where the build allows it, else the
 * portal-friendly GtkFileChooserNative of GTK 4.8. */
#if GTK_CHECK_VERSION (4, 10, 0) && GDK_VERSION_MAX_ALLOWED >= GDK_VERSION_4_10
# define POSTINGS_HAVE_FILE_DIALOG 1
#else
# define POSTINGS_HAVE_FILE_DIALOG 0
#endif

G_DEFINE_FINAL_TYPE (PostingsWindow, postings_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SHOW_PREVIEW,
  PROP_PREVIEW_VISIBLE,
  PROP_SHOW_FRONT_MATTER_SOURCE,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void document_changed_cb (PostingsWindow *self);
static void update_layout       (PostingsWindow *self);

/* Small helpers ---------------------------------------------------------- */

static char *
display_name (GFile *file)
{
  if (file == NULL)
    return g_strdup (_("New Posting"));
  return g_file_get_basename (file);
}

static char *
display_folder (GFile *file)
{
  g_autoptr(GFile) parent = NULL;
  g_autofree char *path = NULL;
  const char *home = g_get_home_dir ();

  if (file == NULL || (parent = g_file_get_parent (file)) == NULL)
    return NULL;

  path = g_file_get_path (parent);
  if (path == NULL)
    return g_file_get_parse_name (parent);
  if (home != NULL && g_str_has_prefix (path, home)
      && (path[strlen (home)] == '/' || path[strlen (home)] == '\0'))
    return g_strconcat ("~", path + strlen (home), NULL);
  return g_steal_pointer (&path);
}

static char *
today_string (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  return g_date_time_format (now, "%Y-%m-%d");
}

gboolean
postings_window_get_modified (PostingsWindow *self)
{
  gsize len;
  const char *text;

  g_return_val_if_fail (POSTINGS_IS_WINDOW (self), FALSE);

  if (self->document == NULL)
    return FALSE;
  if (self->saved_bytes == NULL)
    return TRUE;
  if (postings_document_get_revision (self->document) == self->saved_revision)
    return FALSE;

  /* Edits undone back to the saved text are no change. */
  text = postings_document_get_text (self->document, &len);
  return len != g_bytes_get_size (self->saved_bytes)
      || memcmp (text, g_bytes_get_data (self->saved_bytes, NULL), len) != 0;
}

gboolean
postings_window_is_pristine (PostingsWindow *self)
{
  g_return_val_if_fail (POSTINGS_IS_WINDOW (self), FALSE);

  return self->busy == 0
      && self->file == NULL
      && self->pending_draft == NULL
      && !postings_window_get_modified (self);
}

PostingsDocument *
postings_window_get_document (PostingsWindow *self)
{
  g_return_val_if_fail (POSTINGS_IS_WINDOW (self), NULL);
  return self->document;
}

GFile *
postings_window_get_file (PostingsWindow *self)
{
  g_return_val_if_fail (POSTINGS_IS_WINDOW (self), NULL);
  return self->file;
}

GFile *
postings_window_get_repository_root (PostingsWindow *self)
{
  g_return_val_if_fail (POSTINGS_IS_WINDOW (self), NULL);
  return self->repository_root;
}

/* The document's bytes to write; an empty file is "" rather than NULL,
 * which GIO's writers refuse. */
static GBytes *
serialize_for_writing (PostingsDocument *document)
{
  g_autoptr(GBytes) bytes = postings_document_serialize (document);

  if (g_bytes_get_size (bytes) == 0)
    return g_bytes_new_static ("", 0);
  return g_steal_pointer (&bytes);
}

static void
show_toast (PostingsWindow *self,
            const char     *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

/* Title ------------------------------------------------------------------ */

static void
update_title (PostingsWindow *self)
{
  g_autofree char *name = display_name (self->file);
  g_autofree char *folder = display_folder (self->file);
  g_autofree char *title = NULL;
  gboolean modified = postings_window_get_modified (self);

  /* The dot marks unsaved changes, as GNOME Text Editor does. */
  title = modified ? g_strdup_printf ("• %s", name) : g_strdup (name);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, folder != NULL ? folder : "");
  gtk_window_set_title (GTK_WINDOW (self), title);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

/* Word count ------------------------------------------------------------- */

static gboolean
update_count_cb (gpointer data)
{
  PostingsWindow *self = data;
  g_autofree char *text = postings_source_view_dup_text (self->source_view);
  g_autofree char *label = NULL;
  g_autofree char *words_text = NULL;
  g_autofree char *characters_text = NULL;
  guint words, characters;

  self->count_idle_id = 0;

  postings_count_words (text, &words, &characters);
  words_text = g_strdup_printf (ngettext ("%u word", "%u words", words), words);
  characters_text = g_strdup_printf (ngettext ("%u character", "%u characters", characters), characters);
  /* Translators: "120 words · 800 characters", the two parts above */
  label = g_strdup_printf (_("%s · %s"), words_text, characters_text);
  gtk_label_set_label (self->count_label, label);

  return G_SOURCE_REMOVE;
}

static void
schedule_count_update (PostingsWindow *self)
{
  if (self->count_idle_id == 0)
    self->count_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_count_cb, self, NULL);
}

/* Front matter state: banner, form, raw editor --------------------------- */

static void
update_front_matter_visibility (PostingsWindow *self)
{
  gtk_widget_set_visible (self->front_matter_box,
                          self->show_front_matter_source || self->front_matter_forced);
}

static void
apply_state (PostingsWindow *self)
{
  PostingsDocumentState state;
  const PostingsProblem *problem;

  g_clear_handle_id (&self->banner_timeout_id, g_source_remove);

  if (self->document == NULL)
    return;

  state = postings_document_get_state (self->document);
  gtk_widget_set_sensitive (GTK_WIDGET (self->form), state == POSTINGS_DOCUMENT_OK);

  if (state == POSTINGS_DOCUMENT_OK)
    {
      gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
      return;
    }

  problem = postings_document_get_problem (self->document);
  if (problem != NULL && problem->message != NULL)
    {
      g_autofree char *text = NULL;

      if (problem->line > 0 && problem->column > 0)
        /* Translators: the first part of the banner over a posting whose
         * front matter cannot be read; the message says what is wrong. */
        text = g_strdup_printf (_("Line %u, column %u: %s"), problem->line, problem->column, problem->message);
      else if (problem->line > 0)
        text = g_strdup_printf (_("Line %u: %s"), problem->line, problem->message);
      else
        text = g_strdup (problem->message);
      gtk_label_set_label (self->banner_label, text);
    }
  else
    gtk_label_set_label (self->banner_label, _("The fields at the top of this file cannot be read."));

  gtk_widget_set_visible (self->banner_button, TRUE);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);

  if (!self->front_matter_forced)
    {
      self->front_matter_forced = TRUE;
      update_front_matter_visibility (self);
    }
}

static gboolean
banner_timeout_cb (gpointer data)
{
  PostingsWindow *self = data;

  self->banner_timeout_id = 0;
  apply_state (self);
  return G_SOURCE_REMOVE;
}

static void
update_state (PostingsWindow *self)
{
  gboolean ok = self->document == NULL
             || postings_document_get_state (self->document) == POSTINGS_DOCUMENT_OK;

  /* While the user types YAML, a line is broken until it is finished: let
   * the banner wait for a pause. A repair shows at once. */
  if (!ok && self->editing_front_matter)
    {
      g_clear_handle_id (&self->banner_timeout_id, g_source_remove);
      self->banner_timeout_id = g_timeout_add (700, banner_timeout_cb, self);
      return;
    }

  apply_state (self);
}

/* Keeping the views in step with the document ---------------------------- */

static void
sync_views (PostingsWindow *self,
            gboolean        undoable)
{
  g_autofree char *body = NULL;
  g_autofree char *front_matter = NULL;

  if (self->document == NULL)
    return;

  self->syncing = TRUE;

  if (!self->editing_body)
    {
      body = postings_document_dup_body (self->document);
      postings_source_view_replace_text (self->source_view, body, undoable);
    }

  if (!self->editing_front_matter)
    {
      front_matter = postings_document_dup_front_matter (self->document);
      postings_source_view_replace_text (self->front_matter_view, front_matter, undoable);
    }

  self->syncing = FALSE;
}

static void
body_buffer_changed_cb (PostingsWindow *self)
{
  g_autofree char *text = NULL;

  schedule_count_update (self);

  if (self->syncing || self->document == NULL)
    return;

  text = postings_source_view_dup_text (self->source_view);
  self->editing_body = TRUE;
  postings_document_set_body (self->document, text);
  self->editing_body = FALSE;
}

static void
front_matter_buffer_changed_cb (PostingsWindow *self)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (self->syncing || self->document == NULL)
    return;

  text = postings_source_view_dup_text (self->front_matter_view);
  self->editing_front_matter = TRUE;
  /* Always applied; a text that does not parse puts the document in the
   * error state, which the banner then explains. */
  if (!postings_document_set_front_matter (self->document, text, &error))
    g_debug ("Front matter does not parse: %s", error->message);
  self->editing_front_matter = FALSE;
}

/* Drafts ----------------------------------------------------------------- */

static GFile *
get_drafts_dir (void)
{
#if GLIB_CHECK_VERSION (2, 72, 0)
  const char *base = g_get_user_state_dir ();
#else
  const char *base = g_get_user_data_dir ();
#endif
  return g_file_new_build_filename (base, "postings", "drafts", NULL);
}

GFile *
_postings_window_get_draft_file (PostingsWindow *self)
{
  g_autoptr(GFile) dir = get_drafts_dir ();
  g_autofree char *key = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;

  /* One draft per file, keyed by its location; one for a new posting. */
  key = self->file != NULL ? g_file_get_uri (self->file) : g_strdup ("postings:new-posting");
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  name = g_strconcat (hash, ".md", NULL);
  return g_file_get_child (dir, name);
}

static void
delete_draft (PostingsWindow *self)
{
  g_autoptr(GFile) draft = _postings_window_get_draft_file (self);
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->draft_timeout_id, g_source_remove);
  if (!g_file_delete (draft, NULL, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_warning ("Could not delete the draft %s: %s", g_file_peek_path (draft), error->message);
}

static void
draft_written_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PostingsWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not write the draft %s: %s", g_file_peek_path (G_FILE (object)), error->message);
  self->draft_writes--;
}

void
_postings_window_write_draft_now (PostingsWindow *self)
{
  g_autoptr(GFile) draft = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (POSTINGS_IS_WINDOW (self));

  g_clear_handle_id (&self->draft_timeout_id, g_source_remove);

  if (self->document == NULL
      || self->pending_draft != NULL /* never overwrite a draft not yet restored */
      || !postings_window_get_modified (self)
      || postings_document_get_revision (self->document) == self->draft_revision)
    return;

  dir = get_drafts_dir ();
  if (!g_file_make_directory_with_parents (dir, NULL, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_warning ("Could not create %s: %s", g_file_peek_path (dir), error->message);
      return;
    }

  draft = _postings_window_get_draft_file (self);
  bytes = serialize_for_writing (self->document);
  self->draft_revision = postings_document_get_revision (self->document);
  self->draft_writes++;
  g_file_replace_contents_bytes_async (draft, bytes, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                       self->cancellable, draft_written_cb, g_object_ref (self));
}

static gboolean
draft_timeout_cb (gpointer data)
{
  PostingsWindow *self = data;

  self->draft_timeout_id = 0;
  _postings_window_write_draft_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_draft (PostingsWindow *self)
{
  if (self->draft_timeout_id == 0 && postings_window_get_modified (self))
    self->draft_timeout_id = g_timeout_add (self->draft_interval_ms, draft_timeout_cb, self);
}

void
_postings_window_set_draft_interval (PostingsWindow *self,
                                     guint           interval_ms)
{
  g_return_if_fail (POSTINGS_IS_WINDOW (self));
  self->draft_interval_ms = MAX (interval_ms, 1);
}

static void
dismiss_draft_offer (PostingsWindow *self)
{
  g_clear_pointer (&self->pending_draft, g_bytes_unref);
  if (self->draft_toast != NULL)
    adw_toast_dismiss (self->draft_toast);
  g_clear_object (&self->draft_toast);
  _postings_window_update_actions (self);
}

static void
draft_toast_dismissed_cb (PostingsWindow *self,
                          AdwToast       *toast)
{
  if (self->draft_toast == toast)
    g_clear_object (&self->draft_toast);
}

/* A draft newer than the file it belongs to (or any draft of a new
 * posting) and different from it is offered back. */
static void
check_draft (PostingsWindow *self)
{
  g_autoptr(GFile) draft = _postings_window_get_draft_file (self);
  g_autoptr(GFileInfo) draft_info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const char *text;

  draft_info = g_file_query_info (draft, G_FILE_ATTRIBUTE_TIME_MODIFIED, G_FILE_QUERY_INFO_NONE,
                                  NULL, NULL);
  if (draft_info == NULL)
    return;

  if (self->file != NULL)
    {
      g_autoptr(GFileInfo) file_info = g_file_query_info (self->file, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                                          G_FILE_QUERY_INFO_NONE, NULL, NULL);
      if (file_info != NULL
          && g_file_info_get_attribute_uint64 (draft_info, G_FILE_ATTRIBUTE_TIME_MODIFIED)
             < g_file_info_get_attribute_uint64 (file_info, G_FILE_ATTRIBUTE_TIME_MODIFIED))
        return; /* the file was saved after the draft */
    }

  bytes = g_file_load_bytes (draft, NULL, NULL, NULL);
  if (bytes == NULL)
    return;

  text = postings_document_get_text (self->document, &len);
  if (g_bytes_get_size (bytes) == len && memcmp (g_bytes_get_data (bytes, NULL), text, len) == 0)
    return;

  dismiss_draft_offer (self);
  self->pending_draft = g_steal_pointer (&bytes);

  self->draft_toast = adw_toast_new (self->file != NULL
                                     ? _("Unsaved changes to this posting were found")
                                     : _("An unsaved new posting was found"));
  adw_toast_set_button_label (self->draft_toast, _("_Restore"));
  adw_toast_set_action_name (self->draft_toast, "win.restore-draft");
  adw_toast_set_timeout (self->draft_toast, 0);
  g_signal_connect_object (self->draft_toast, "dismissed",
                           G_CALLBACK (draft_toast_dismissed_cb), self, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->draft_toast));

  _postings_window_update_actions (self);
}

void
_postings_window_restore_draft (PostingsWindow *self)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const char *data;

  g_return_if_fail (POSTINGS_IS_WINDOW (self));

  if (self->pending_draft == NULL || self->document == NULL)
    return;

  bytes = g_bytes_ref (self->pending_draft);
  dismiss_draft_offer (self);

  data = g_bytes_get_data (bytes, &len);
  postings_document_set_text (self->document, data, len);
  show_toast (self, _("Unsaved changes restored"));
}

/* Document --------------------------------------------------------------- */

static void
document_changed_cb (PostingsWindow *self)
{
  sync_views (self, TRUE);
  update_state (self);
  update_title (self);
  schedule_draft (self);
}

static void
update_schema (PostingsWindow *self)
{
  g_autoptr(PostingsSchema) schema = NULL;
  g_autoptr(GError) error = NULL;
  GFile *where = self->file != NULL ? self->file : self->repository_root;

  if (where != NULL)
    schema = postings_schema_load_for_file (where, NULL, &error);
  if (schema == NULL)
    {
      if (error != NULL)
        {
          g_autofree char *message = g_strdup_printf (_("The field list of this repository is ignored: %s"),
                                                      error->message);
          show_toast (self, message);
        }
      schema = g_object_ref (postings_schema_get_default ());
    }

  if (self->schema == schema)
    return;

  g_set_object (&self->schema, schema);
  postings_form_set_schema (self->form, self->schema);
  if (self->document != NULL)
    postings_document_set_key_order (self->document, postings_schema_get_key_order (self->schema));
}

static void
set_file (PostingsWindow *self,
          GFile          *file)
{
  g_autofree char *basename = NULL;

  g_set_object (&self->file, file);

  if (file != NULL)
    {
      g_autoptr(GFile) root = postings_repository_find_root (file);
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

      if (root != NULL)
        {
          g_set_object (&self->repository_root, root);
          if (POSTINGS_IS_APPLICATION (app))
            postings_application_set_last_root (POSTINGS_APPLICATION (app), root);
        }
      basename = g_file_get_basename (file);
    }

  postings_preview_view_set_file_name (self->preview, basename);
}

static void
set_document (PostingsWindow   *self,
              PostingsDocument *document,
              GFile            *file,
              const char       *etag,
              GBytes           *saved_bytes)
{
  g_assert (POSTINGS_IS_DOCUMENT (document));

  dismiss_draft_offer (self);
  g_clear_handle_id (&self->draft_timeout_id, g_source_remove);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);

  g_set_object (&self->document, document);
  g_free (self->etag);
  self->etag = g_strdup (etag);
  g_clear_pointer (&self->saved_bytes, g_bytes_unref);
  self->saved_bytes = saved_bytes != NULL ? g_bytes_ref (saved_bytes) : NULL;
  self->saved_revision = postings_document_get_revision (document);
  self->draft_revision = self->saved_revision;
  g_clear_pointer (&self->load_error, g_free);

  set_file (self, file);
  update_schema (self);
  postings_document_set_key_order (document, postings_schema_get_key_order (self->schema));

  postings_form_set_document (self->form, document);
  postings_preview_view_set_document (self->preview, document);
  g_signal_connect_object (document, "changed", G_CALLBACK (document_changed_cb), self, G_CONNECT_SWAPPED);

  sync_views (self, FALSE);
  postings_diagnostics_controller_set_document (self->diagnostics, document);

  self->front_matter_forced = FALSE;
  update_front_matter_visibility (self);
  /* A file that opens broken shows its banner at once, without sliding. */
  gtk_revealer_set_transition_type (self->banner_revealer, GTK_REVEALER_TRANSITION_TYPE_NONE);
  apply_state (self);
  gtk_revealer_set_transition_type (self->banner_revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  update_title (self);
  schedule_count_update (self);
  _postings_window_update_actions (self);

  check_draft (self);
}

void
postings_window_new_posting (PostingsWindow *self,
                             GFile          *repository_root)
{
  g_autoptr(PostingsDocument) document = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (POSTINGS_IS_WINDOW (self));

  if (repository_root != NULL)
    g_set_object (&self->repository_root, repository_root);

  document = postings_document_new_from_template (NULL, NULL, &error);
  if (document == NULL)
    {
      /* The template is built in: this is a bug, but keep a usable window. */
      g_critical ("Could not create a posting from the template: %s", error->message);
      document = postings_document_new ();
    }

  bytes = postings_document_serialize (document);
  set_document (self, document, NULL, NULL, bytes);

  /* The first thing to type is the job title. */
  {
    GtkWidget *roles = postings_form_get_row (self->form, "roles");
    if (roles != NULL)
      gtk_widget_grab_focus (roles);
  }
}

typedef struct
{
  PostingsWindow *self;
  GFile *file;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->file);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadData, load_data_free)

static void
show_load_error (PostingsWindow *self,
                 GFile          *file,
                 const GError   *error)
{
  g_autofree char *name = g_file_get_parse_name (file);
  g_autofree char *text = g_strdup_printf (_("“%s” could not be opened: %s"), name, error->message);

  g_free (self->load_error);
  self->load_error = g_strdup (text);
  gtk_label_set_label (self->banner_label, text);
  /* Nothing to edit: the file could not be read at all. */
  gtk_widget_set_visible (self->banner_button, FALSE);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  PostingsWindow *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsDocument) document = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *etag = NULL;
  gsize length = 0;

  self->busy--;

  if (!g_file_load_contents_finish (data->file, result, &contents, &length, &etag, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          /* `postings new-name.md`: a new posting that will be saved there. */
          postings_window_new_posting (self, NULL);
          g_clear_pointer (&self->saved_bytes, g_bytes_unref);
          set_file (self, data->file);
          update_schema (self);
          update_title (self);
          check_draft (self);
        }
      else
        show_load_error (self, data->file, error);

      _postings_window_update_actions (self);
      return;
    }

  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  document = postings_document_new_from_bytes (bytes);
  set_document (self, document, data->file, etag, bytes);
  postings_application_timing_mark (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                                    "posting loaded and shown");
}

void
postings_window_open (PostingsWindow *self,
                      GFile          *file)
{
  LoadData *data;

  g_return_if_fail (POSTINGS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->file = g_object_ref (file);

  self->busy++;
  _postings_window_update_actions (self);
  g_file_load_contents_async (file, self->cancellable, load_cb, data);
}

/* Saving ----------------------------------------------------------------- */

typedef struct
{
  PostingsWindow *self;
  GFile *file;
  GBytes *bytes;
  guint revision;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->file);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveData, save_data_free)

static void
save_data_closure_free (gpointer  data,
                        GClosure *closure)
{
  save_data_free (data);
}

static void
clear_dialog (PostingsWindow *self)
{
  self->dialog = NULL;
}


static AdwMessageDialog *
ask (PostingsWindow *self,
     const char     *heading,
     const char     *body)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  self->dialog = dialog;
  /* Answered or gone: the question is over (before the response handlers
   * run, which may ask another one). */
  g_signal_connect_object (dialog, "response", G_CALLBACK (clear_dialog), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (clear_dialog), self, G_CONNECT_SWAPPED);
  return dialog;
}

static void
overwrite_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          user_data)
{
  SaveData *data = user_data;

  if (g_strcmp0 (response, "overwrite") == 0)
    _postings_window_save_to (data->self, data->file, NULL);
  else
    data->self->close_after_save = FALSE;
}

static void
ask_overwrite (PostingsWindow *self,
               SaveData       *data)
{
  g_autofree char *name = g_file_get_basename (data->file);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  body = g_strdup_printf (_("“%s” was changed by another program since it was opened. "
                            "Saving replaces those changes with yours."), name);
  dialog = ask (self, _("Replace the Changed File?"), body);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "overwrite", _("_Replace"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "overwrite", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (overwrite_response_cb),
                         data, save_data_closure_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_save_error (PostingsWindow *self,
                 GFile          *file,
                 const GError   *error)
{
  g_autofree char *name = g_file_get_parse_name (file);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  body = g_strdup_printf (_("The posting could not be written to “%s”: %s\n\n"
                            "Your text is still here. Try again, or save it elsewhere with Save As."),
                          name, error->message);
  g_free (self->save_error);
  self->save_error = g_strdup (body);

  dialog = ask (self, _("Could Not Save"), body);
  adw_message_dialog_add_responses (dialog, "close", _("_Close"), NULL);
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SaveData) data = user_data;
  PostingsWindow *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;

  self->busy--;
  _postings_window_update_actions (self);

  if (!g_file_replace_contents_finish (data->file, result, &etag, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG))
        {
          ask_overwrite (self, g_steal_pointer (&data));
          return;
        }
      self->close_after_save = FALSE;
      show_save_error (self, data->file, error);
      return;
    }

  g_clear_pointer (&self->save_error, g_free);

  /* The draft belongs to the old name (or to the new posting). */
  if (self->file == NULL || !g_file_equal (self->file, data->file))
    {
      delete_draft (self);
      set_file (self, data->file);
      update_schema (self);
    }

  g_free (self->etag);
  self->etag = g_steal_pointer (&etag);
  g_clear_pointer (&self->saved_bytes, g_bytes_unref);
  self->saved_bytes = g_bytes_ref (data->bytes);
  self->saved_revision = data->revision;
  self->n_saves++;

  delete_draft (self);
  dismiss_draft_offer (self);
  update_title (self);
  /* Text typed while saving still needs a draft. */
  schedule_draft (self);
  /* Saving work in progress is allowed; say how many errors remain. */
  postings_diagnostics_controller_saved (self->diagnostics);

  if (self->close_after_save)
    {
      self->close_after_save = FALSE;
      if (!postings_window_get_modified (self))
        gtk_window_close (GTK_WINDOW (self));
    }
}

void
_postings_window_save_to (PostingsWindow *self,
                          GFile          *file,
                          const char     *etag)
{
  SaveData *data;

  g_return_if_fail (POSTINGS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->document == NULL)
    return;

  data = g_new0 (SaveData, 1);
  data->self = g_object_ref (self);
  data->file = g_object_ref (file);
  /* The document's text is the file: an unedited posting is written back
   * byte for byte. */
  data->bytes = serialize_for_writing (self->document);
  data->revision = postings_document_get_revision (self->document);

  self->busy++;
  _postings_window_update_actions (self);
  g_file_replace_contents_bytes_async (file, data->bytes, etag, FALSE, G_FILE_CREATE_NONE,
                                       self->cancellable, save_cb, data);
}

void
_postings_window_save (PostingsWindow *self)
{
  g_return_if_fail (POSTINGS_IS_WINDOW (self));

  if (self->file == NULL)
    _postings_window_save_as (self);
  else
    _postings_window_save_to (self, self->file, self->etag);
}

gboolean
_postings_window_propose_file (PostingsWindow  *self,
                               GFile          **folder,
                               char           **name)
{
  g_autoptr(GFile) jobs = NULL;
  g_autofree char *proposed = NULL;
  g_autofree char *today = today_string ();
  const char *roles = NULL, *date = NULL;

  g_return_val_if_fail (POSTINGS_IS_WINDOW (self), FALSE);

  if (self->document != NULL && postings_document_get_state (self->document) == POSTINGS_DOCUMENT_OK)
    {
      roles = postings_document_get_string (self->document, "roles");
      date = postings_document_get_string (self->document, "date");
    }
  if (roles == NULL)
    roles = "";

  /* The site's rule: the date (a timestamp counts by its day), then roles. */
  proposed = date != NULL ? postings_file_name_for (roles, date) : NULL;
  if (proposed == NULL)
    {
      date = today;
      proposed = postings_file_name_for (roles, date);
    }
  g_return_val_if_fail (proposed != NULL, FALSE);

  if (self->repository_root != NULL)
    jobs = postings_repository_get_jobs_dir (self->repository_root);

  if (jobs != NULL
      && g_file_query_file_type (jobs, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY
      && strchr (proposed, '/') == NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (jobs, proposed);

      /* Never a name taken by another posting. */
      for (guint n = 2; g_file_query_exists (child, NULL) && n < 1000; n++)
        {
          g_free (proposed);
          proposed = postings_file_name_for_nth (roles, date, n);
          g_clear_object (&child);
          child = g_file_get_child (jobs, proposed);
        }

      /* The name is a slug, but never let it lead out of the folder. */
      if (!g_file_has_parent (child, jobs))
        g_clear_object (&jobs);
    }
  else
    g_clear_object (&jobs);

  if (folder != NULL)
    *folder = g_steal_pointer (&jobs);
  if (name != NULL)
    *name = g_steal_pointer (&proposed);
  return TRUE;
}

static void
chosen_save_file (PostingsWindow *self,
                  GFile          *file)
{
  if (file == NULL)
    {
      self->close_after_save = FALSE;
      return;
    }

  /* The chooser asked before replacing an existing file. */
  if (self->file != NULL && g_file_equal (file, self->file))
    _postings_window_save_to (self, file, self->etag);
  else
    _postings_window_save_to (self, file, NULL);
}

#if POSTINGS_HAVE_FILE_DIALOG
static void
save_dialog_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PostingsWindow) self = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, NULL);

  chosen_save_file (self, file);
}
#else
static void
save_chooser_response_cb (GtkNativeDialog *native,
                          int              response,
                          gpointer         user_data)
{
  g_autoptr(PostingsWindow) self = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  chosen_save_file (self, file);
  g_object_unref (native);
}
#endif

static GtkFileFilter *
markdown_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Postings (Markdown)"));
  gtk_file_filter_add_pattern (filter, "*.md");
  gtk_file_filter_add_pattern (filter, "*.markdown");
  gtk_file_filter_add_mime_type (filter, "text/markdown");
  return filter;
}

void
_postings_window_save_as (PostingsWindow *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (POSTINGS_IS_WINDOW (self));

  if (self->file != NULL)
    {
      folder = g_file_get_parent (self->file);
      name = g_file_get_basename (self->file);
    }
  else
    _postings_window_propose_file (self, &folder, &name);

#if POSTINGS_HAVE_FILE_DIALOG
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, _("Save Posting"));
    gtk_file_dialog_set_modal (dialog, TRUE);
    if (folder != NULL)
      gtk_file_dialog_set_initial_folder (dialog, folder);
    gtk_file_dialog_set_initial_name (dialog, name);
    gtk_file_dialog_save (dialog, GTK_WINDOW (self), self->cancellable, save_dialog_cb, g_object_ref (self));
  }
#else
  {
    GtkFileChooserNative *native;
    g_autoptr(GtkFileFilter) filter = markdown_filter ();

    native = gtk_file_chooser_native_new (_("Save Posting"), GTK_WINDOW (self),
                                          GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    if (folder != NULL)
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
    g_signal_connect (native, "response", G_CALLBACK (save_chooser_response_cb), g_object_ref (self));
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
  }
#endif
}

/* Opening ---------------------------------------------------------------- */

static void
chosen_open_file (PostingsWindow *self,
                  GFile          *file)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (file == NULL)
    return;
  if (POSTINGS_IS_APPLICATION (app))
    postings_application_open_file (POSTINGS_APPLICATION (app), file, GTK_WINDOW (self));
  else
    postings_window_open (self, file);
}

#if POSTINGS_HAVE_FILE_DIALOG
static void
open_dialog_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PostingsWindow) self = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (object), result, NULL);

  chosen_open_file (self, file);
}
#else
static void
open_chooser_response_cb (GtkNativeDialog *native,
                          int              response,
                          gpointer         user_data)
{
  g_autoptr(PostingsWindow) self = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  chosen_open_file (self, file);
  g_object_unref (native);
}
#endif

void
_postings_window_open_dialog (PostingsWindow *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GtkFileFilter) filter = markdown_filter ();

  g_return_if_fail (POSTINGS_IS_WINDOW (self));

  if (self->file != NULL)
    folder = g_file_get_parent (self->file);
  else if (self->repository_root != NULL)
    folder = postings_repository_get_jobs_dir (self->repository_root);

#if POSTINGS_HAVE_FILE_DIALOG
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
    g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

    g_list_store_append (filters, filter);
    gtk_file_dialog_set_title (dialog, _("Open Posting"));
    gtk_file_dialog_set_modal (dialog, TRUE);
    gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
    if (folder != NULL)
      gtk_file_dialog_set_initial_folder (dialog, folder);
    gtk_file_dialog_open (dialog, GTK_WINDOW (self), self->cancellable, open_dialog_cb, g_object_ref (self));
  }
#else
  {
    GtkFileChooserNative *native;
    GtkFileFilter *all = gtk_file_filter_new ();

    native = gtk_file_chooser_native_new (_("Open Posting"), GTK_WINDOW (self),
                                          GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    gtk_file_filter_set_name (all, _("All Files"));
    gtk_file_filter_add_pattern (all, "*");
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
    g_object_unref (all);
    if (folder != NULL && g_file_query_exists (folder, NULL))
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
    g_signal_connect (native, "response", G_CALLBACK (open_chooser_response_cb), g_object_ref (self));
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
  }
#endif
}

/* Front matter editor ---------------------------------------------------- */

void
_postings_window_edit_front_matter (PostingsWindow *self)
{
  const PostingsProblem *problem;
  PostingsSpan span;
  GtkTextBuffer *buffer;
  GtkTextIter iter;

  g_return_if_fail (POSTINGS_IS_WINDOW (self));

  self->front_matter_forced = TRUE;
  update_front_matter_visibility (self);
  if (self->narrow && self->preview_visible)
    _postings_window_set_preview_visible (self, FALSE);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->front_matter_view));

  /* Put the cursor on the faulty line: file lines are counted from the
   * file's first line, the editor's from the first line of the YAML. */
  problem = self->document != NULL ? postings_document_get_problem (self->document) : NULL;
  if (problem != NULL && problem->line > 0
      && postings_document_get_front_matter_span (self->document, &span))
    {
      const char *text = postings_document_get_text (self->document, NULL);
      guint first_line = 1;

      for (gsize i = 0; i < span.start; i++)
        if (text[i] == '\n')
          first_line++;
      if (problem->line >= first_line)
        {
          gtk_text_buffer_get_iter_at_line (buffer, &iter, problem->line - first_line);
          gtk_text_buffer_place_cursor (buffer, &iter);
          gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->front_matter_view),
                                        gtk_text_buffer_get_insert (buffer), 0.1, FALSE, 0, 0);
        }
    }

  gtk_widget_grab_focus (GTK_WIDGET (self->front_matter_view));
}

/* Layout ----------------------------------------------------------------- */

static void
apply_layout (PostingsWindow *self)
{
  gboolean only_preview = self->narrow && self->preview_visible;

  gtk_widget_set_visible (GTK_WIDGET (self->form), !only_preview);
  gtk_widget_set_visible (self->editor_box, !only_preview);
  gtk_widget_set_visible (GTK_WIDGET (self->preview), self->preview_visible);
}

void
_postings_window_set_preview_visible (PostingsWindow *self,
                                      gboolean        visible)
{
  visible = !!visible;

  if (self->preview_visible != visible)
    {
      self->preview_visible = visible;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEW_VISIBLE]);
    }

  /* Only a wide window's choice is remembered. */
  if (!self->narrow && self->show_preview != visible)
    {
      self->show_preview = visible;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_PREVIEW]);
    }

  apply_layout (self);
}

static void
update_layout (PostingsWindow *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height;
  gboolean narrow;

  if (width <= 0)
    gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  narrow = width > 0 && width < POSTINGS_WINDOW_NARROW_WIDTH;

  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      /* Narrow: the preview hides behind its toggle. Wide: as the user
       * last chose. */
      _postings_window_set_preview_visible (self, narrow ? FALSE : self->show_preview);
    }
  apply_layout (self);
}

static gboolean
layout_idle_cb (gpointer data)
{
  PostingsWindow *self = data;

  self->layout_idle_id = 0;
  update_layout (self);
  return G_SOURCE_REMOVE;
}

static void
postings_window_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  PostingsWindow *self = POSTINGS_WINDOW (widget);
  gboolean narrow = width < POSTINGS_WINDOW_NARROW_WIDTH;

  GTK_WIDGET_CLASS (postings_window_parent_class)->size_allocate (widget, width, height, baseline);

  /* Visibility cannot change during an allocation: do it right after. */
  if (narrow != self->narrow && self->layout_idle_id == 0)
    self->layout_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, layout_idle_cb, self, NULL);
}

/* Start-up timing and the ready notification ----------------------------- */

static double
process_age_ms (void)
{
  g_autofree char *stat = NULL;
  const char *p;
  struct timespec now;
  unsigned long long start_ticks = 0;
  long ticks_per_second = sysconf (_SC_CLK_TCK);

  /* Field 22 of /proc/self/stat: start time in clock ticks since boot. */
  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL)
      || (p = strrchr (stat, ')')) == NULL || ticks_per_second <= 0)
    return -1;
  p++;
  for (int field = 3; field < 22 && p != NULL; field++)
    p = strchr (p + 1, ' ');
  if (p == NULL || sscanf (p, " %llu", &start_ticks) != 1)
    return -1;
  if (clock_gettime (CLOCK_BOOTTIME, &now) != 0)
    return -1;
  return (now.tv_sec + now.tv_nsec / 1e9 - (double) start_ticks / ticks_per_second) * 1000.0;
}

static void
report_ready (PostingsWindow *self)
{
  const char *ready_path = g_getenv ("POSTINGS_NOTIFY_READY");
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (g_strcmp0 (g_getenv ("POSTINGS_TIMING"), "1") == 0 && POSTINGS_IS_APPLICATION (app))
    {
      gint64 start = postings_application_get_start_time (POSTINGS_APPLICATION (app));
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      g_printerr ("postings: timing: %-28s %7.1f ms (%.0f ms after the process was created)\n",
                  "first frame with the posting", ms, process_age_ms ());
    }

  if (ready_path != NULL && *ready_path != '\0')
    {
      int fd = open (ready_path, O_WRONLY | O_APPEND | O_CLOEXEC);

      if (fd >= 0)
        {
          const char line[] = "ready\n";
          if (write (fd, line, sizeof line - 1) < 0)
            g_warning ("Could not write to %s: %s", ready_path, g_strerror (errno));
          close (fd);
        }
      else
        g_warning ("Could not open %s: %s", ready_path, g_strerror (errno));
    }
}

static void
after_paint_cb (GdkFrameClock  *clock,
                PostingsWindow *self)
{
  if (self->reported_ready || self->document == NULL || self->busy > 0)
    return;

  /* The preview draws on the frame after the document arrives: wait until
   * a frame has been painted with it. */
  if (postings_preview_view_get_redraw_count (self->preview) == 0
      && gtk_widget_get_visible (GTK_WIDGET (self->preview)))
    return;
  if (++self->frames_with_document < 2)
    return;

  self->reported_ready = TRUE;
  g_signal_handler_disconnect (clock, self->after_paint_id);
  self->after_paint_id = 0;
  report_ready (self);
}

static void
postings_window_map (GtkWidget *widget)
{
  PostingsWindow *self = POSTINGS_WINDOW (widget);
  GdkFrameClock *clock;

  GTK_WIDGET_CLASS (postings_window_parent_class)->map (widget);

  if (self->reported_ready || self->after_paint_id != 0)
    return;
  if (g_getenv ("POSTINGS_TIMING") == NULL && g_getenv ("POSTINGS_NOTIFY_READY") == NULL)
    return;

  clock = gtk_widget_get_frame_clock (widget);
  if (clock != NULL)
    self->after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), self);
}

static void
postings_window_unmap (GtkWidget *widget)
{
  PostingsWindow *self = POSTINGS_WINDOW (widget);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  if (self->after_paint_id != 0 && clock != NULL)
    g_signal_handler_disconnect (clock, self->after_paint_id);
  self->after_paint_id = 0;

  GTK_WIDGET_CLASS (postings_window_parent_class)->unmap (widget);
}

/* Closing ---------------------------------------------------------------- */

static gboolean
close_idle_cb (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   PostingsWindow   *self)
{
  if (g_strcmp0 (response, "discard") == 0)
    {
      delete_draft (self);
      self->close_confirmed = TRUE;
      /* Not from within the dialog's own signal: the dialog is still
       * using its parent. */
      g_idle_add_full (G_PRIORITY_HIGH_IDLE, close_idle_cb, g_object_ref (self), g_object_unref);
    }
  else if (g_strcmp0 (response, "save") == 0)
    {
      self->close_after_save = TRUE;
      _postings_window_save (self);
    }
}

static gboolean
postings_window_close_request (GtkWindow *window)
{
  PostingsWindow *self = POSTINGS_WINDOW (window);

  if (!self->close_confirmed && postings_window_get_modified (self))
    {
      g_autofree char *name = display_name (self->file);
      g_autofree char *body = NULL;
      AdwMessageDialog *dialog;

      if (self->dialog != NULL)
        {
          gtk_window_present (GTK_WINDOW (self->dialog));
          return TRUE;
        }

      body = g_strdup_printf (_("“%s” has changes that are not saved. "
                                "If you discard them, they are lost."), name);
      dialog = ask (self, _("Save Changes?"), body);
      adw_message_dialog_add_responses (dialog,
                                        "cancel", _("_Cancel"),
                                        "discard", _("_Discard"),
                                        "save", _("_Save"),
                                        NULL);
      adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "save");
      adw_message_dialog_set_close_response (dialog, "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return TRUE;
    }

  /* Nothing unsaved: an old draft is stale, unless it is still on offer. */
  if (self->pending_draft == NULL && self->document != NULL)
    delete_draft (self);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (postings_window_parent_class)->close_request (window);
}

/* Test accessors --------------------------------------------------------- */

PostingsForm *
_postings_window_get_form (PostingsWindow *self)
{
  return self->form;
}

PostingsPreviewView *
_postings_window_get_preview (PostingsWindow *self)
{
  return self->preview;
}

PostingsSourceView *
_postings_window_get_source_view (PostingsWindow *self)
{
  return self->source_view;
}

PostingsSourceView *
_postings_window_get_front_matter_view (PostingsWindow *self)
{
  return self->front_matter_view;
}

PostingsSourceViewSearchBar *
_postings_window_get_search_bar (PostingsWindow *self)
{
  return self->search_bar;
}

PostingsDiagnosticsController *
_postings_window_get_diagnostics (PostingsWindow *self)
{
  return self->diagnostics;
}

PostingsDiagnosticsButton *
_postings_window_get_diagnostics_button (PostingsWindow *self)
{
  return self->diagnostics_button;
}

const char *
_postings_window_get_banner_text (PostingsWindow *self)
{
  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return NULL;
  return gtk_label_get_label (self->banner_label);
}

const char *
_postings_window_get_count_text (PostingsWindow *self)
{
  if (self->count_idle_id != 0)
    {
      g_source_remove (self->count_idle_id);
      update_count_cb (self);
    }
  return gtk_label_get_label (self->count_label);
}

const char *
_postings_window_get_save_error (PostingsWindow *self)
{
  return self->save_error;
}

const char *
_postings_window_get_title_text (PostingsWindow *self)
{
  return adw_window_title_get_title (self->window_title);
}

AdwMessageDialog *
_postings_window_get_dialog (PostingsWindow *self)
{
  return self->dialog;
}

gboolean
_postings_window_is_busy (PostingsWindow *self)
{
  return self->busy > 0 || self->draft_writes > 0;
}

gboolean
_postings_window_has_pending_draft (PostingsWindow *self)
{
  return self->pending_draft != NULL;
}

guint
_postings_window_get_n_saves (PostingsWindow *self)
{
  return self->n_saves;
}

/* GObject ---------------------------------------------------------------- */

static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_message ("The settings schema %s is not installed: window size and panes are not remembered", APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static void
bind_settings (PostingsWindow *self)
{
  /* Read once, then write back: two windows do not resize each other. */
  const GSettingsBindFlags flags = G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_GET_NO_CHANGES;

  self->settings = create_settings ();
  if (self->settings == NULL)
    return;

  g_settings_bind (self->settings, "window-width", self, "default-width", flags);
  g_settings_bind (self->settings, "window-height", self, "default-height", flags);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", flags);
  g_settings_bind (self->settings, "form-pane-position", self->form_paned, "position", flags);
  g_settings_bind (self->settings, "preview-pane-position", self->preview_paned, "position", flags);
  g_settings_bind (self->settings, "show-preview", self, "show-preview", flags);
  g_settings_bind (self->settings, "show-front-matter-source", self, "show-front-matter-source", flags);
}

static void
postings_window_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PostingsWindow *self = POSTINGS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_PREVIEW:
      g_value_set_boolean (value, self->show_preview);
      break;
    case PROP_PREVIEW_VISIBLE:
      g_value_set_boolean (value, self->preview_visible);
      break;
    case PROP_SHOW_FRONT_MATTER_SOURCE:
      g_value_set_boolean (value, self->show_front_matter_source);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, postings_window_get_modified (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
postings_window_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PostingsWindow *self = POSTINGS_WINDOW (object);
  gboolean b;

  switch (prop_id)
    {
    case PROP_SHOW_PREVIEW:
      b = g_value_get_boolean (value);
      if (self->show_preview != b)
        {
          self->show_preview = b;
          g_object_notify_by_pspec (object, pspec);
          if (!self->narrow)
            _postings_window_set_preview_visible (self, b);
        }
      break;
    case PROP_PREVIEW_VISIBLE:
      _postings_window_set_preview_visible (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_FRONT_MATTER_SOURCE:
      b = g_value_get_boolean (value);
      if (self->show_front_matter_source != b)
        {
          self->show_front_matter_source = b;
          /* Hiding it by hand also ends the error-state display. */
          if (!b)
            self->front_matter_forced = FALSE;
          update_front_matter_visibility (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
postings_window_dispose (GObject *object)
{
  PostingsWindow *self = POSTINGS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);

  g_clear_handle_id (&self->draft_timeout_id, g_source_remove);
  g_clear_handle_id (&self->banner_timeout_id, g_source_remove);
  g_clear_handle_id (&self->count_idle_id, g_source_remove);
  g_clear_handle_id (&self->layout_idle_id, g_source_remove);

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);

  g_clear_object (&self->diagnostics);
  gtk_widget_dispose_template (GTK_WIDGET (self), POSTINGS_TYPE_WINDOW);

  g_clear_object (&self->settings);
  g_clear_object (&self->document);
  g_clear_object (&self->file);
  g_clear_object (&self->repository_root);
  g_clear_object (&self->schema);
  g_clear_object (&self->draft_toast);
  g_clear_pointer (&self->pending_draft, g_bytes_unref);
  g_clear_pointer (&self->saved_bytes, g_bytes_unref);

  G_OBJECT_CLASS (postings_window_parent_class)->dispose (object);
}

static void
postings_window_finalize (GObject *object)
{
  PostingsWindow *self = POSTINGS_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->load_error, g_free);
  g_clear_pointer (&self->save_error, g_free);

  G_OBJECT_CLASS (postings_window_parent_class)->finalize (object);
}

static void
postings_window_class_init (PostingsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = postings_window_dispose;
  object_class->finalize = postings_window_finalize;
  object_class->get_property = postings_window_get_property;
  object_class->set_property = postings_window_set_property;

  widget_class->size_allocate = postings_window_size_allocate;
  widget_class->map = postings_window_map;
  widget_class->unmap = postings_window_unmap;

  window_class->close_request = postings_window_close_request;

  properties[PROP_SHOW_PREVIEW] =
    g_param_spec_boolean ("show-preview", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREVIEW_VISIBLE] =
    g_param_spec_boolean ("preview-visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_FRONT_MATTER_SOURCE] =
    g_param_spec_boolean ("show-front-matter-source", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (POSTINGS_TYPE_FORM);
  g_type_ensure (POSTINGS_TYPE_PREVIEW_VIEW);
  g_type_ensure (POSTINGS_TYPE_SOURCE_VIEW);
  g_type_ensure (POSTINGS_TYPE_SOURCE_VIEW_SEARCH_BAR);
  g_type_ensure (POSTINGS_TYPE_DIAGNOSTICS_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/culture/Postings/ui/postings-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, preview_button);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, banner_button);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, form_paned);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, preview_paned);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, source_paned);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, form);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, editor_box);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, front_matter_box);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, front_matter_view);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, source_view);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, preview);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, diagnostics_button);

  _postings_window_class_init_actions (klass);
}

static void
postings_window_init (PostingsWindow *self)
{
  GtkTextBuffer *buffer;

  self->cancellable = g_cancellable_new ();
  self->draft_interval_ms = POSTINGS_WINDOW_DRAFT_INTERVAL_MS;
  self->show_preview = TRUE;
  self->preview_visible = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  postings_source_view_search_bar_set_view (self->search_bar, GTK_SOURCE_VIEW (self->source_view));
  self->diagnostics = postings_diagnostics_controller_new (self);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
  g_signal_connect_object (buffer, "changed", G_CALLBACK (body_buffer_changed_cb), self, G_CONNECT_SWAPPED);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->front_matter_view));
  g_signal_connect_object (buffer, "changed", G_CALLBACK (front_matter_buffer_changed_cb), self, G_CONNECT_SWAPPED);

  bind_settings (self);
  update_front_matter_visibility (self);
  update_layout (self);
  update_title (self);
  _postings_window_update_actions (self);
}

PostingsWindow *
postings_window_new (PostingsApplication *application)
{
  return g_object_new (POSTINGS_TYPE_WINDOW, "application", application, NULL);
}
