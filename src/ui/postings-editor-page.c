/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "postings-accessible.h"
#include "postings-editor-page-private.h"
#include "postings-file.h"
#include "postings-file-chooser.h"
#include "postings-recent.h"
#include "postings-repository.h"
#include "postings-slug.h"
#include "postings-template.h"
#include "postings-settings.h"
#include "postings-timing.h"
#include "postings-word-count.h"

G_DEFINE_FINAL_TYPE (PostingsEditorPage, postings_editor_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FILE,
  PROP_TITLE,
  PROP_SHOW_PREVIEW,
  PROP_PREVIEW_VISIBLE,
  PROP_SHOW_FRONT_MATTER_SOURCE,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_ACTIONS_CHANGED,
  SIGNAL_SAVE_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void document_changed_cb (PostingsEditorPage *self);
static void update_layout       (PostingsEditorPage *self);
static void watch_file          (PostingsEditorPage *self);
static void check_disk_if_pending (PostingsEditorPage *self);
static void hide_change_banner  (PostingsEditorPage *self);

void
_postings_editor_page_actions_changed (PostingsEditorPage *self)
{
  g_signal_emit (self, signals[SIGNAL_ACTIONS_CHANGED], 0);
}

static void
save_finished (PostingsEditorPage *self,
               gboolean            saved)
{
  g_signal_emit (self, signals[SIGNAL_SAVE_FINISHED], 0, saved);
}

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
postings_editor_page_get_modified (PostingsEditorPage *self)
{
  gsize len;
  const char *text;

  g_return_val_if_fail (POSTINGS_IS_EDITOR_PAGE (self), FALSE);

  if (self->document == NULL)
    return FALSE;
  /* Text no file holds any more (deleted by another program) is unsaved. */
  if (self->saved_bytes == NULL || self->deleted_on_disk)
    return TRUE;
  if (postings_document_get_revision (self->document) == self->saved_revision)
    return FALSE;

  /* Edits undone back to the saved text are no change. */
  text = postings_document_get_text (self->document, &len);
  return len != g_bytes_get_size (self->saved_bytes)
      || memcmp (text, g_bytes_get_data (self->saved_bytes, NULL), len) != 0;
}

gboolean
postings_editor_page_is_pristine (PostingsEditorPage *self)
{
  g_return_val_if_fail (POSTINGS_IS_EDITOR_PAGE (self), FALSE);

  return self->busy == 0
      && self->file == NULL
      && !postings_editor_page_has_pending_draft (self)
      && !postings_editor_page_get_modified (self);
}

PostingsDocument *
postings_editor_page_get_document (PostingsEditorPage *self)
{
  g_return_val_if_fail (POSTINGS_IS_EDITOR_PAGE (self), NULL);
  return self->document;
}

GFile *
postings_editor_page_get_file (PostingsEditorPage *self)
{
  g_return_val_if_fail (POSTINGS_IS_EDITOR_PAGE (self), NULL);
  return self->file;
}

GFile *
postings_editor_page_get_repository_root (PostingsEditorPage *self)
{
  g_return_val_if_fail (POSTINGS_IS_EDITOR_PAGE (self), NULL);
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

void
_postings_editor_page_show_toast (PostingsEditorPage *self,
                                  const char         *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

/* Title ------------------------------------------------------------------ */

static void
update_title (PostingsEditorPage *self)
{
  g_autofree char *name = display_name (self->file);
  g_autofree char *folder = display_folder (self->file);
  g_autofree char *title = NULL;
  gboolean modified = postings_editor_page_get_modified (self);

  /* The dot marks unsaved changes, as GNOME Text Editor does. */
  title = modified ? g_strdup_printf ("• %s", name) : g_strdup (name);

  /* The header bar: the job's title and its site (the file in the
   * tooltip), both cut short in a small window. */
  {
    const char *roles = self->document != NULL ? postings_document_get_string (self->document, "roles") : NULL;
    const char *site = self->site != NULL ? postings_site_get_title (self->site) : NULL;
    g_autofree char *shown = NULL;
    g_autofree char *tooltip = NULL;

    while (roles != NULL && g_ascii_isspace (*roles))
      roles++;
    if (roles != NULL && *roles != '\0')
      shown = modified ? g_strdup_printf ("• %s", roles) : g_strdup (roles);
    adw_window_title_set_title (self->window_title, shown != NULL ? shown : title);
    adw_window_title_set_subtitle (self->window_title, site != NULL ? site : folder != NULL ? folder : "");
    tooltip = self->file != NULL ? g_file_get_parse_name (self->file) : NULL;
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), tooltip);
  }

  if (self->site != NULL && self->file != NULL)
    {
      PostingsSiteEntry *entry = postings_site_lookup (self->site, self->file);

      if (entry != NULL && postings_site_entry_get_modified (entry) != modified)
        postings_site_entry_set_modified (entry, modified);
    }

  if (g_strcmp0 (title, self->title) != 0)
    {
      g_free (self->title);
      self->title = g_steal_pointer (&title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

/* Opened or saved: in the desktop's recent files, by its title and site. */
static void
remember_recent (PostingsEditorPage *self)
{
  const char *roles = self->document != NULL ? postings_document_get_string (self->document, "roles") : NULL;
  g_autofree char *root_name = self->repository_root != NULL ? g_file_get_basename (self->repository_root) : NULL;

  if (self->file != NULL)
    postings_recent_add (self->file, roles, self->site != NULL ? postings_site_get_title (self->site) : root_name);
}

/* Word count ------------------------------------------------------------- */

/* Texts up to this size are counted at once (well under a millisecond);
 * larger ones in a worker, the latest text only. */
#define COUNT_SYNC_LIMIT (32 * 1024)

static void
show_count (PostingsEditorPage *self,
            guint               words,
            guint               characters)
{
  g_autofree char *label = NULL;
  g_autofree char *words_text = NULL;
  g_autofree char *characters_text = NULL;

  words_text = g_strdup_printf (ngettext ("%u word", "%u words", words), words);
  characters_text = g_strdup_printf (ngettext ("%u character", "%u characters", characters), characters);
  /* Translators: "120 words · 800 characters", the two parts above */
  label = g_strdup_printf (_("%s · %s"), words_text, characters_text);
  gtk_label_set_label (self->count_label, label);
}

static void
count_now (PostingsEditorPage *self)
{
  g_autofree char *text = postings_source_view_dup_text (self->source_view);
  guint words, characters;

  g_clear_handle_id (&self->count_idle_id, g_source_remove);
  self->count_shown = self->count_generation;
  postings_count_words (text, &words, &characters);
  show_count (self, words, characters);
}

static gboolean update_count_cb (gpointer data);

static void
count_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(PostingsEditorPage) self = data;
  guint words, characters;

  self->count_in_flight = FALSE;
  if (!postings_count_words_finish (result, &words, &characters, NULL))
    return;

  if (self->count_job_generation == self->count_generation)
    {
      if (self->count_shown != self->count_generation)
        show_count (self, words, characters);
      self->count_shown = self->count_generation;
    }
  else if (self->count_idle_id == 0)
    /* Stale: count the latest text. */
    self->count_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_count_cb, self, NULL);
}

static gboolean
update_count_cb (gpointer data)
{
  PostingsEditorPage *self = data;
  char *text;
  gsize len;

  self->count_idle_id = 0;
  if (self->count_in_flight)
    return G_SOURCE_REMOVE;  /* its end counts the latest text */

  text = postings_source_view_dup_text (self->source_view);
  len = strlen (text);
  if (len <= COUNT_SYNC_LIMIT)
    {
      g_free (text);
      count_now (self);
      return G_SOURCE_REMOVE;
    }

  self->count_in_flight = TRUE;
  self->count_job_generation = self->count_generation;
  /* The job holds the page: a few milliseconds at most. */
  postings_count_words_async (g_bytes_new_take (text, len), NULL, count_done_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_count_update (PostingsEditorPage *self)
{
  self->count_generation++;
  if (self->count_idle_id == 0)
    self->count_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_count_cb, self, NULL);
}

/* Front matter state: banner, form, raw editor --------------------------- */

static void
update_front_matter_visibility (PostingsEditorPage *self)
{
  gtk_widget_set_visible (self->front_matter_box,
                          self->show_front_matter_source || self->front_matter_forced);
}

static void
apply_state (PostingsEditorPage *self)
{
  PostingsDocumentState state;
  const PostingsProblem *problem;

  g_clear_handle_id (&self->banner_timeout_id, g_source_remove);

  if (self->document == NULL)
    return;

  state = postings_document_get_state (self->document);
  gtk_widget_set_sensitive (GTK_WIDGET (self->form), state == POSTINGS_DOCUMENT_OK);

  _postings_editor_page_update_repair (self);
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
  PostingsEditorPage *self = data;

  self->banner_timeout_id = 0;
  apply_state (self);
  return G_SOURCE_REMOVE;
}

static void
update_state (PostingsEditorPage *self)
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
sync_views (PostingsEditorPage *self,
            gboolean            undoable)
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
body_buffer_changed_cb (PostingsEditorPage *self)
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
front_matter_buffer_changed_cb (PostingsEditorPage *self)
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

/* Document --------------------------------------------------------------- */

static void
document_changed_cb (PostingsEditorPage *self)
{
  sync_views (self, TRUE);
  update_state (self);
  update_title (self);
  _postings_editor_page_schedule_draft (self);
}

static void
update_schema (PostingsEditorPage *self)
{
  g_autoptr(PostingsSchema) schema = NULL;
  g_autoptr(GError) error = NULL;
  GFile *where = self->file != NULL ? self->file : self->repository_root;

  _postings_editor_page_restore_spelling (self);
  /* A posting of a site follows the site's schema. */
  if (self->site != NULL && (self->file == NULL || postings_site_lookup (self->site, self->file) != NULL
                             || g_file_has_parent (self->file, postings_site_get_jobs_dir (self->site))))
    schema = g_object_ref (postings_site_get_schema (self->site));
  else if (where != NULL)
    schema = postings_schema_load_for_file (where, NULL, &error);
  if (schema == NULL)
    {
      if (error != NULL)
        {
          g_autofree char *message = g_strdup_printf (_("The field list of this repository is ignored: %s"),
                                                      error->message);
          _postings_editor_page_show_toast (self, message);
        }
      schema = g_object_ref (postings_schema_get_default ());
    }

  if (self->schema == schema)
    {
      postings_diagnostics_controller_set_context (self->diagnostics, self->file, self->repository_root, self->schema);
      return;
    }

  g_set_object (&self->schema, schema);
  postings_form_set_schema (self->form, self->schema);
  postings_diagnostics_controller_set_context (self->diagnostics, self->file, self->repository_root, self->schema);
  if (self->document != NULL)
    postings_document_set_key_order (self->document, postings_schema_get_key_order (self->schema));
}

static void
set_file (PostingsEditorPage *self,
          GFile              *file)
{
  g_autofree char *basename = NULL;

  if (file != self->file && (file == NULL || self->file == NULL || !g_file_equal (file, self->file)))
    {
      g_set_object (&self->file, file);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
      watch_file (self);
    }

  if (file != NULL)
    {
      g_autoptr(GFile) root = postings_repository_find_root (file);

      if (root != NULL)
        g_set_object (&self->repository_root, root);
      basename = g_file_get_basename (file);
    }

  /* images are read relative to the posting and its site; dropped or
   * pasted images are copied into its site */
  if (file != NULL)
    postings_preview_view_set_file (self->preview, file);
  else
    postings_preview_view_set_file_name (self->preview, basename);
  postings_source_view_set_file (self->source_view, file);
}

static void
set_document (PostingsEditorPage *self,
              PostingsDocument   *document,
              GFile              *file,
              const char         *etag,
              GBytes             *saved_bytes)
{
  g_assert (POSTINGS_IS_DOCUMENT (document));

  _postings_editor_page_drop_offers (self);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);

  g_set_object (&self->document, document);
  g_free (self->etag);
  self->etag = g_strdup (etag);
  g_clear_pointer (&self->saved_bytes, g_bytes_unref);
  self->saved_bytes = saved_bytes != NULL ? g_bytes_ref (saved_bytes) : NULL;
  self->saved_revision = postings_document_get_revision (document);
  self->loaded_revision = self->saved_revision;
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
  _postings_editor_page_actions_changed (self);

  _postings_editor_page_find_drafts (self);
}

void
postings_editor_page_new_posting (PostingsEditorPage *self,
                                  GFile              *repository_root)
{
  g_autoptr(PostingsDocument) document = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (POSTINGS_IS_EDITOR_PAGE (self));

  if (repository_root != NULL)
    g_set_object (&self->repository_root, repository_root);

  document = postings_document_new_from_template (NULL, NULL, &error);
  if (document == NULL)
    {
      /* The template is built in: this is a bug, but keep a usable page. */
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
  PostingsEditorPage *self;
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
show_load_error (PostingsEditorPage *self,
                 GFile              *file,
                 const GError       *error)
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
  PostingsEditorPage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsDocument) document = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *etag = NULL;

  self->busy--;

  /* Regular files only, through core: a named pipe fails at once. */
  bytes = postings_file_read_finish (data->file, result, &etag, &error);
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          /* `postings new-name.md`: a new posting that will be saved there. */
          postings_editor_page_new_posting (self, NULL);
          g_clear_pointer (&self->saved_bytes, g_bytes_unref);
          set_file (self, data->file);
          update_schema (self);
          update_title (self);
          _postings_editor_page_find_drafts (self);
        }
      else
        show_load_error (self, data->file, error);

      _postings_editor_page_actions_changed (self);
      return;
    }

  document = postings_document_new_from_bytes (bytes);
  self->deleted_on_disk = FALSE;
  hide_change_banner (self);
  set_document (self, document, data->file, etag, bytes);
  postings_timing_mark ("posting loaded and shown");
  remember_recent (self);
}

void
postings_editor_page_load (PostingsEditorPage *self,
                           GFile              *file)
{
  LoadData *data;

  g_return_if_fail (POSTINGS_IS_EDITOR_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->file = g_object_ref (file);

  /* Known by its file at once: opened twice, it is one page. */
  set_file (self, file);
  update_title (self);

  self->busy++;
  _postings_editor_page_actions_changed (self);
  postings_file_read_async (file, self->cancellable, load_cb, data);
}

/* Saving ----------------------------------------------------------------- */

typedef struct
{
  PostingsEditorPage *self;
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

/* Answered or gone: that question is over (another may have been asked). */
static void
dialog_gone_cb (GtkWidget          *dialog,
                PostingsEditorPage *self)
{
  if (self->dialog == ADW_MESSAGE_DIALOG (dialog))
    self->dialog = NULL;
}

static void
dialog_answered_cb (AdwMessageDialog   *dialog,
                    const char         *response,
                    PostingsEditorPage *self)
{
  dialog_gone_cb (GTK_WIDGET (dialog), self);
}


static AdwMessageDialog *
ask (PostingsEditorPage *self,
     const char         *heading,
     const char         *body)
{
  AdwMessageDialog *dialog;

  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  self->dialog = dialog;
  /* Answered or gone: the question is over (before the response handlers
   * run, which may ask another one). */
  g_signal_connect_object (dialog, "response", G_CALLBACK (dialog_answered_cb), self, 0);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_gone_cb), self, 0);
  return dialog;
}

static void
overwrite_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          user_data)
{
  SaveData *data = user_data;

  if (g_strcmp0 (response, "overwrite") == 0)
    postings_editor_page_save_to (data->self, data->file, NULL);
  else
    save_finished (data->self, FALSE);
}

static void
ask_overwrite (PostingsEditorPage *self,
               SaveData           *data)
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
show_save_error (PostingsEditorPage *self,
                 GFile              *file,
                 const GError       *error)
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
  PostingsEditorPage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;

  self->busy--;
  _postings_editor_page_actions_changed (self);

  /* Through core's save path: locked, atomic, never rewritten in place. */
  etag = postings_file_replace_etag_finish (data->file, result, &error);
  if (etag == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      check_disk_if_pending (self);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG))
        {
          ask_overwrite (self, g_steal_pointer (&data));
          return;
        }
      show_save_error (self, data->file, error);
      save_finished (self, FALSE);
      return;
    }

  g_clear_pointer (&self->save_error, g_free);

  /* The draft belongs to the old name (or to the new posting). */
  if (self->file == NULL || !g_file_equal (self->file, data->file))
    {
      _postings_editor_page_forget_drafts (self);
      set_file (self, data->file);
      update_schema (self);
    }

  g_free (self->etag);
  self->etag = g_steal_pointer (&etag);
  g_clear_pointer (&self->saved_bytes, g_bytes_unref);
  self->saved_bytes = g_bytes_ref (data->bytes);
  self->saved_revision = data->revision;
  self->n_saves++;

  /* What another program did to the file is replaced now. */
  self->deleted_on_disk = FALSE;
  g_clear_pointer (&self->disk_bytes, g_bytes_unref);
  g_clear_pointer (&self->disk_etag, g_free);
  gtk_revealer_set_reveal_child (self->change_revealer, FALSE);

  /* Saved: this page's drafts go (one of an earlier session still on
   * offer stays on offer). */
  _postings_editor_page_forget_drafts (self);
  /* The list shows the posting as saved (a new one appears). */
  if (self->site != NULL)
    postings_site_refresh_file (self->site, data->file);
  update_title (self);
  /* Text typed while saving still needs a draft. */
  _postings_editor_page_schedule_draft (self);
  /* Saving work in progress is allowed; say how many errors remain. */
  postings_diagnostics_controller_saved (self->diagnostics);
  remember_recent (self);

  save_finished (self, TRUE);
  check_disk_if_pending (self);
}

void
postings_editor_page_save_to (PostingsEditorPage *self,
                              GFile              *file,
                              const char         *etag)
{
  SaveData *data;

  g_return_if_fail (POSTINGS_IS_EDITOR_PAGE (self));
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
  _postings_editor_page_actions_changed (self);
  postings_file_replace_etag_async (file, data->bytes, etag, self->cancellable, save_cb, data);
}

static void
recreate_response_cb (AdwMessageDialog   *dialog,
                      const char         *response,
                      PostingsEditorPage *self)
{
  if (g_strcmp0 (response, "create") == 0 && self->file != NULL)
    postings_editor_page_save_to (self, self->file, NULL);
  else
    save_finished (self, FALSE);
}

static void ask_name (PostingsEditorPage *self,
                      const char         *name,
                      const char         *problem);

static void
name_response_cb (AdwMessageDialog   *dialog,
                  const char         *response,
                  PostingsEditorPage *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(GFile) file = NULL;
  GFile *jobs;

  if (g_strcmp0 (response, "save") != 0 || self->site == NULL)
    {
      save_finished (self, FALSE);
      return;
    }

  /* A name, not a path; Markdown, as the site wants it. */
  if (*name == '\0' || strchr (name, '/') != NULL || g_str_equal (name, ".") || g_str_equal (name, ".."))
    {
      ask_name (self, name, _("Give a file name, without “/”."));
      return;
    }
  if (!g_str_has_suffix (name, ".md"))
    {
      char *with_md = g_strconcat (name, ".md", NULL);
      g_free (name);
      name = with_md;
    }

  jobs = postings_site_get_jobs_dir (self->site);
  file = g_file_get_child (jobs, name);
  /* Never over another posting. */
  if (g_file_query_exists (file, NULL))
    {
      g_autofree char *problem = g_strdup_printf (_("“%s” already exists: choose another name."), name);
      ask_name (self, name, problem);
      return;
    }
  postings_editor_page_save_to (self, file, NULL);
}

/* A new posting of a site goes to its jobs folder: only the name is asked,
 * proposed by the site's rule. */
static void
ask_name (PostingsEditorPage *self,
          const char         *name,
          const char         *problem)
{
  g_autofree char *folder = g_file_get_parse_name (postings_site_get_jobs_dir (self->site));
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  if (problem != NULL)
    body = g_strdup_printf ("%s\n\n%s", problem, folder);
  else
    /* Translators: %s is the folder */
    body = g_strdup_printf (_("It is saved in “%s”, under this name:"), folder);
  dialog = ask (self, _("Save the New Posting"), body);

  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), name);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("File name"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (name_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

void
postings_editor_page_save (PostingsEditorPage *self)
{
  g_return_if_fail (POSTINGS_IS_EDITOR_PAGE (self));

  if (self->file == NULL && self->site != NULL)
    {
      g_autofree char *name = NULL;

      _postings_editor_page_propose_file (self, NULL, &name);
      ask_name (self, name, NULL);
    }
  else if (self->file == NULL)
    postings_editor_page_save_as (self);
  else if (self->deleted_on_disk)
    {
      g_autofree char *name = g_file_get_basename (self->file);
      g_autofree char *body = NULL;
      AdwMessageDialog *dialog;

      /* Another program deleted it: maybe on purpose. */
      body = g_strdup_printf (_("“%s” was deleted by another program while it was open. "
                                "Saving creates it again with your text."), name);
      dialog = ask (self, _("Create the File Again?"), body);
      adw_message_dialog_add_responses (dialog,
                                        "cancel", _("_Cancel"),
                                        "create", _("C_reate Again"),
                                        NULL);
      adw_message_dialog_set_response_appearance (dialog, "create", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "create");
      adw_message_dialog_set_close_response (dialog, "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (recreate_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else
    postings_editor_page_save_to (self, self->file, self->etag);
}

gboolean
_postings_editor_page_propose_file (PostingsEditorPage  *self,
                                    GFile              **folder,
                                    char               **name)
{
  g_autoptr(GFile) jobs = NULL;
  g_autofree char *proposed = NULL;
  g_autofree char *today = today_string ();
  const char *roles = NULL, *date = NULL;

  g_return_val_if_fail (POSTINGS_IS_EDITOR_PAGE (self), FALSE);

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

  if (self->site != NULL)
    jobs = g_object_ref (postings_site_get_jobs_dir (self->site));
  else if (self->repository_root != NULL)
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
save_chooser_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PostingsEditorPage) self = user_data;
  g_autoptr(GFile) file = postings_file_chooser_finish (result);

  if (file == NULL)
    save_finished (self, FALSE);
  /* The chooser asked before replacing an existing file. */
  else if (self->file != NULL && g_file_equal (file, self->file))
    postings_editor_page_save_to (self, file, self->etag);
  else
    postings_editor_page_save_to (self, file, NULL);
}

void
postings_editor_page_save_as (PostingsEditorPage *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *name = NULL;
  GtkRoot *root;

  g_return_if_fail (POSTINGS_IS_EDITOR_PAGE (self));

  if (self->file != NULL)
    {
      folder = g_file_get_parent (self->file);
      name = g_file_get_basename (self->file);
    }
  else
    _postings_editor_page_propose_file (self, &folder, &name);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  postings_file_chooser_save (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, folder, name,
                              self->cancellable, save_chooser_cb, g_object_ref (self));
}

/* The file on disk, changed by another program ----------------------------- */

/* Where the user was in a view: the cursor, and the first line shown. */
typedef struct
{
  int cursor_line;
  int cursor_offset;
  int top_line;
} ViewPlace;

static void
remember_place (PostingsSourceView *source_view,
                ViewPlace          *place)
{
  GtkTextView *view = GTK_TEXT_VIEW (source_view);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GdkRectangle visible;
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  place->cursor_line = gtk_text_iter_get_line (&iter);
  place->cursor_offset = gtk_text_iter_get_line_offset (&iter);
  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_line_at_y (view, &iter, visible.y, NULL);
  place->top_line = gtk_text_iter_get_line (&iter);
}

static void
restore_place (PostingsSourceView *source_view,
               const ViewPlace    *place)
{
  GtkTextView *view = GTK_TEXT_VIEW (source_view);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextMark *top;
  GtkTextIter iter;

  /* Lines that are gone: as near as the text allows. */
  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, place->cursor_line, place->cursor_offset);
  gtk_text_buffer_place_cursor (buffer, &iter);

  gtk_text_buffer_get_iter_at_line (buffer, &iter, place->top_line);
  top = gtk_text_buffer_create_mark (buffer, NULL, &iter, TRUE);
  gtk_text_view_scroll_to_mark (view, top, 0, TRUE, 0, 0);
  gtk_text_buffer_delete_mark (buffer, top);
}

static void
hide_change_banner (PostingsEditorPage *self)
{
  g_clear_pointer (&self->disk_bytes, g_bytes_unref);
  g_clear_pointer (&self->disk_etag, g_free);
  gtk_revealer_set_reveal_child (self->change_revealer, FALSE);
}

/* The file's version replaces the page's text (nothing unsaved, or the user
 * chose it); the cursor and the lines shown stay where they were. */
static void
reload_with (PostingsEditorPage *self,
             GBytes             *bytes,
             const char         *etag)
{
  g_autoptr(PostingsDocument) document = postings_document_new_from_bytes (bytes);
  g_autoptr(GFile) file = g_object_ref (self->file);
  ViewPlace body, front_matter;

  remember_place (self->source_view, &body);
  remember_place (self->front_matter_view, &front_matter);

  /* The edits given up go with their draft; one on offer stays. */
  _postings_editor_page_forget_drafts (self);
  hide_change_banner (self);
  self->deleted_on_disk = FALSE;
  set_document (self, document, file, etag, bytes);

  restore_place (self->source_view, &body);
  restore_place (self->front_matter_view, &front_matter);
  self->n_reloads++;
}

static void
show_change_banner (PostingsEditorPage *self,
                    const char         *text,
                    gboolean            changed)
{
  gtk_label_set_label (self->change_label, text);
  gtk_widget_set_visible (self->keep_button, changed);
  gtk_widget_set_visible (self->reload_button, changed);
  gtk_revealer_set_reveal_child (self->change_revealer, TRUE);
}

static void
disk_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PostingsEditorPage) self = user_data;
  GFile *file = G_FILE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *etag = NULL;
  const char *text;
  gsize text_len;

  self->disk_checks--;

  bytes = postings_file_read_finish (file, result, &etag, &error);
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        postings_editor_page_file_deleted_on_disk (self);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read %s again: %s", g_file_peek_path (file), error->message);
      return;
    }

  /* Renamed, saved or being saved meanwhile: look again when it is done. */
  if (self->file == NULL || !g_file_equal (file, self->file) || self->document == NULL)
    return;
  if (self->busy > 0)
    {
      self->disk_check_pending = TRUE;
      return;
    }

  text = postings_document_get_text (self->document, &text_len);

  /* What the page last saved or loaded (its own save, or a touch), or
   * exactly its text: no conflict. */
  if ((self->saved_bytes != NULL && g_bytes_equal (bytes, self->saved_bytes))
      || (text_len == g_bytes_get_size (bytes) && memcmp (text, g_bytes_get_data (bytes, NULL), text_len) == 0))
    {
      g_free (self->etag);
      self->etag = g_steal_pointer (&etag);
      g_clear_pointer (&self->saved_bytes, g_bytes_unref);
      self->saved_bytes = g_steal_pointer (&bytes);
      self->deleted_on_disk = FALSE;
      hide_change_banner (self);
      update_title (self);
      return;
    }

  self->deleted_on_disk = FALSE;
  if (!postings_editor_page_get_modified (self))
    {
      reload_with (self, bytes, etag);
      _postings_editor_page_show_toast (self, _("Reloaded: another program changed this file"));
      return;
    }

  /* Both versions are worth keeping: the user chooses. */
  g_clear_pointer (&self->disk_bytes, g_bytes_unref);
  self->disk_bytes = g_steal_pointer (&bytes);
  g_free (self->disk_etag);
  self->disk_etag = g_steal_pointer (&etag);
  show_change_banner (self, _("This file was changed by another program."), TRUE);
  update_title (self);
}

static void
check_disk (PostingsEditorPage *self)
{
  self->disk_check_pending = FALSE;
  if (self->file == NULL)
    return;
  if (self->busy > 0)
    {
      self->disk_check_pending = TRUE;
      return;
    }
  self->disk_checks++;
  postings_file_read_async (self->file, self->cancellable, disk_loaded_cb, g_object_ref (self));
}

static void
check_disk_if_pending (PostingsEditorPage *self)
{
  if (self->disk_check_pending && self->busy == 0)
    check_disk (self);
}

void
postings_editor_page_file_changed_on_disk (PostingsEditorPage *self)
{
  g_return_if_fail (POSTINGS_IS_EDITOR_PAGE (self));
  check_disk (self);
}

void
postings_editor_page_file_deleted_on_disk (PostingsEditorPage *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (POSTINGS_IS_EDITOR_PAGE (self));

  if (self->file == NULL || self->document == NULL)
    return;
  /* Replaced rather than deleted (renamed over, as atomic saves do). */
  if (g_file_query_exists (self->file, NULL))
    {
      check_disk (self);
      return;
    }

  self->deleted_on_disk = TRUE;
  g_clear_pointer (&self->disk_bytes, g_bytes_unref);
  g_clear_pointer (&self->disk_etag, g_free);
  show_change_banner (self, _("This file was deleted by another program. "
                              "Your text is still here: Save creates the file again."), FALSE);
  update_title (self);
  _postings_editor_page_schedule_draft (self);
}

void
_postings_editor_page_reload (PostingsEditorPage *self)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *etag = NULL;

  if (self->disk_bytes == NULL || self->file == NULL)
    return;
  bytes = g_bytes_ref (self->disk_bytes);
  etag = g_strdup (self->disk_etag);
  reload_with (self, bytes, etag);
}

void
_postings_editor_page_keep_mine (PostingsEditorPage *self)
{
  if (self->disk_bytes == NULL)
    return;

  /* The file's version is the one the next save replaces, without asking
   * again. */
  g_clear_pointer (&self->saved_bytes, g_bytes_unref);
  self->saved_bytes = g_steal_pointer (&self->disk_bytes);
  g_free (self->etag);
  self->etag = g_steal_pointer (&self->disk_etag);
  hide_change_banner (self);
  update_title (self);
}

static void
draft_compare_cb (PostingsEditorPage *self)
{
  _postings_editor_page_compare_draft (self);
}

static void
draft_discard_cb (PostingsEditorPage *self)
{
  _postings_editor_page_discard_offered_draft (self);
}

static void
reload_cb (PostingsEditorPage *self)
{
  _postings_editor_page_reload (self);
}

static void
keep_mine_cb (PostingsEditorPage *self)
{
  _postings_editor_page_keep_mine (self);
}

static gboolean
disk_check_timeout_cb (gpointer data)
{
  PostingsEditorPage *self = data;

  self->disk_check_id = 0;
  if (self->file != NULL && !g_file_query_exists (self->file, NULL))
    postings_editor_page_file_deleted_on_disk (self);
  else
    check_disk (self);
  return G_SOURCE_REMOVE;
}

static void
file_monitor_cb (GFileMonitor       *monitor,
                 GFile              *file,
                 GFile              *other_file,
                 GFileMonitorEvent   event,
                 PostingsEditorPage *self)
{
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_RENAMED:
      /* A burst of events is one change. */
      if (self->disk_check_id == 0)
        self->disk_check_id = g_timeout_add (200, disk_check_timeout_cb, self);
      break;
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    default:
      break;
    }
}

/* A site watches its postings; a posting on its own is watched here. */
static void
watch_file (PostingsEditorPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  if (self->file == NULL || self->site != NULL)
    return;

  self->monitor = g_file_monitor_file (self->file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->monitor == NULL)
    {
      g_debug ("Could not watch %s: %s", g_file_peek_path (self->file), error->message);
      return;
    }
  g_signal_connect (self->monitor, "changed", G_CALLBACK (file_monitor_cb), self);
}

/* Front matter editor ---------------------------------------------------- */

void
postings_editor_page_edit_front_matter (PostingsEditorPage *self)
{
  const PostingsProblem *problem;
  PostingsSpan span;
  GtkTextBuffer *buffer;
  GtkTextIter iter;

  g_return_if_fail (POSTINGS_IS_EDITOR_PAGE (self));

  self->front_matter_forced = TRUE;
  update_front_matter_visibility (self);
  if (self->narrow && self->preview_visible)
    postings_editor_page_set_preview_visible (self, FALSE);

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
apply_layout (PostingsEditorPage *self)
{
  gboolean only_preview = self->narrow && self->preview_visible;

  if (self->small)
    {
      const char *pane = adw_view_stack_get_visible_child_name (self->view_stack);

      gtk_widget_set_visible (GTK_WIDGET (self->form), g_strcmp0 (pane, "form") == 0);
      /* The text and the preview's pane takes no room beside the form. */
      gtk_widget_set_visible (GTK_WIDGET (self->preview_paned), g_strcmp0 (pane, "form") != 0);
      gtk_widget_set_visible (self->editor_box, g_strcmp0 (pane, "source") == 0);
      gtk_widget_set_visible (GTK_WIDGET (self->preview), g_strcmp0 (pane, "preview") == 0);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->preview_paned), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->form), !only_preview);
      gtk_widget_set_visible (self->editor_box, !only_preview);
      gtk_widget_set_visible (GTK_WIDGET (self->preview), self->preview_visible);
    }
  /* Small: the switcher replaces the preview's toggle, the menu has Open
   * and New; the problems button is an icon; the banners' buttons go
   * under their text. */
  adw_view_switcher_bar_set_reveal (self->view_switcher_bar, self->small);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_button), !self->small);
  gtk_widget_set_visible (self->open_button, self->site == NULL && !self->small);
  gtk_widget_set_visible (self->new_button, self->site == NULL && !self->small);
  postings_diagnostics_button_set_show_label (self->diagnostics_button, !self->small);
  /* « Enregistrer » would not fit: its icon, named. */
  if (self->small && gtk_button_get_icon_name (self->save_button) == NULL)
    {
      gtk_button_set_icon_name (self->save_button, "document-save-symbolic");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->save_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Save"), -1);
    }
  else if (!self->small && gtk_button_get_icon_name (self->save_button) != NULL)
    {
      gtk_button_set_label (self->save_button, _("_Save"));
      gtk_button_set_use_underline (self->save_button, TRUE);
      /* named by its label again */
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->save_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
    }
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_revealer_get_child (self->draft_revealer)),
                                  self->small ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_revealer_get_child (self->change_revealer)),
                                  self->small ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
}


gboolean
_postings_editor_page_is_small (PostingsEditorPage *self)
{
  g_return_val_if_fail (POSTINGS_IS_EDITOR_PAGE (self), FALSE);
  return self->small;
}

/* The switcher of a small page chose a pane. */
static void
view_changed_cb (PostingsEditorPage *self)
{
  gboolean preview;

  if (!self->small)
    return;
  preview = g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "preview") == 0;
  if (self->preview_visible != preview)
    {
      self->preview_visible = preview;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEW_VISIBLE]);
    }
  apply_layout (self);
}

void
postings_editor_page_set_preview_visible (PostingsEditorPage *self,
                                          gboolean            visible)
{
  visible = !!visible;

  /* Small: the preview is a pane of the switcher; hiding it shows the text. */
  if (self->small)
    {
      if (visible)
        adw_view_stack_set_visible_child_name (self->view_stack, "preview");
      else if (self->preview_visible)
        adw_view_stack_set_visible_child_name (self->view_stack, "source");
      return;
    }

  if (self->preview_visible != visible)
    {
      self->preview_visible = visible;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEW_VISIBLE]);
    }

  /* Only a wide page's choice is remembered. */
  if (!self->narrow && self->show_preview != visible)
    {
      self->show_preview = visible;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_PREVIEW]);
    }

  apply_layout (self);
}

static void
update_layout (PostingsEditorPage *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  gboolean narrow = width > 0 && width < POSTINGS_EDITOR_PAGE_NARROW_WIDTH;
  gboolean small = width > 0 && self->want_small;

  /* Out of a small page first: the panes as the switcher left them. */
  if (!small)
    self->small = FALSE;
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      /* Narrow: the preview hides behind its toggle. Wide: as the user
       * last chose. */
      postings_editor_page_set_preview_visible (self, narrow ? FALSE : self->show_preview);
    }
  /* Into a small page: the pane shown stays shown, else the form. */
  if (small && !self->small)
    {
      adw_view_stack_set_visible_child_name (self->view_stack, self->preview_visible ? "preview" : "form");
      self->small = TRUE;
    }
  apply_layout (self);
}

static gboolean
layout_idle_cb (gpointer data)
{
  PostingsEditorPage *self = data;

  self->layout_idle_id = 0;
  update_layout (self);
  return G_SOURCE_REMOVE;
}

static void
postings_editor_page_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  PostingsEditorPage *self = POSTINGS_EDITOR_PAGE (widget);

  gtk_widget_measure (GTK_WIDGET (self->toast_overlay), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
  /* Narrower than the panes side by side, the page shows one at a time. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL && !self->small)
    *minimum = MIN (*minimum, POSTINGS_EDITOR_PAGE_SMALL_MIN_WIDTH);
}

/* The page's width decides its layout. */
static void
postings_editor_page_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  PostingsEditorPage *self = POSTINGS_EDITOR_PAGE (widget);
  gboolean narrow = width < POSTINGS_EDITOR_PAGE_NARROW_WIDTH;
  int min_width = 0;

  gtk_widget_measure (GTK_WIDGET (self->toast_overlay), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, NULL, NULL, NULL);
  if (self->narrow && !self->small && !self->preview_visible)
    self->two_panes_min_width = min_width;
  /* Small below the form and the text side by side; wide again where they
   * fit (so that it never goes back and forth). */
  if (self->small)
    self->want_small = width < MAX (POSTINGS_EDITOR_PAGE_SMALL_WIDTH, self->two_panes_min_width);
  else
    self->want_small = width < POSTINGS_EDITOR_PAGE_SMALL_WIDTH
                       || (self->narrow && !self->preview_visible && width < min_width);

  /* Until the layout changes (below), what does not fit is cut. */
  gtk_widget_allocate (GTK_WIDGET (self->toast_overlay), MAX (width, min_width), height, baseline, NULL);

  /* Visibility cannot change during an allocation: do it right after. */
  if ((narrow != self->narrow || self->want_small != self->small) && self->layout_idle_id == 0)
    self->layout_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, layout_idle_cb, self, NULL);
}

/* What the window asks of its pages ---------------------------------------- */

gboolean
postings_editor_page_is_ready_to_show (PostingsEditorPage *self)
{
  g_return_val_if_fail (POSTINGS_IS_EDITOR_PAGE (self), FALSE);

  if (self->document == NULL || self->busy > 0)
    return FALSE;
  /* The preview draws on the frame after the document arrives. */
  return postings_preview_view_get_redraw_count (self->preview) > 0
      || !gtk_widget_get_visible (GTK_WIDGET (self->preview));
}

void
postings_editor_page_set_site (PostingsEditorPage *self,
                               PostingsSite       *site)
{
  g_return_if_fail (POSTINGS_IS_EDITOR_PAGE (self));
  g_return_if_fail (site == NULL || POSTINGS_IS_SITE (site));

  if (!g_set_object (&self->site, site))
    return;

  watch_file (self);
  /* In a site, the list opens postings and makes new ones. */
  gtk_widget_set_visible (self->open_button, site == NULL && !self->small);
  gtk_widget_set_visible (self->new_button, site == NULL && !self->small);
  if (site != NULL && self->repository_root == NULL && postings_site_get_root (site) != NULL)
    self->repository_root = g_object_ref (postings_site_get_root (site));
  update_schema (self);
  update_title (self);
}

PostingsSite *
postings_editor_page_get_site (PostingsEditorPage *self)
{
  g_return_val_if_fail (POSTINGS_IS_EDITOR_PAGE (self), NULL);
  return self->site;
}

void
postings_editor_page_set_show_back (PostingsEditorPage *self,
                                    gboolean            show_back)
{
  g_return_if_fail (POSTINGS_IS_EDITOR_PAGE (self));
  gtk_widget_set_visible (self->back_button, show_back);
}

gboolean
postings_editor_page_is_disposable (PostingsEditorPage *self)
{
  g_return_val_if_fail (POSTINGS_IS_EDITOR_PAGE (self), FALSE);

  return self->document != NULL
      && self->file != NULL
      && self->busy == 0
      && self->draft_writes == 0
      && !postings_editor_page_has_pending_draft (self)
      && self->dialog == NULL
      && postings_document_get_revision (self->document) == self->loaded_revision
      && !postings_editor_page_get_modified (self);
}

void
postings_editor_page_set_primary (PostingsEditorPage *self,
                                  gboolean            primary)
{
  g_return_if_fail (POSTINGS_IS_EDITOR_PAGE (self));
  gtk_menu_button_set_primary (self->primary_menu_button, primary);
}

void
postings_editor_page_discard_changes (PostingsEditorPage *self)
{
  g_return_if_fail (POSTINGS_IS_EDITOR_PAGE (self));
  _postings_editor_page_forget_drafts (self);
}

void
postings_editor_page_closed (PostingsEditorPage *self)
{
  g_return_if_fail (POSTINGS_IS_EDITOR_PAGE (self));

  /* Nothing unsaved: this page's draft is stale (one on offer stays). */
  if (self->document != NULL && !postings_editor_page_get_modified (self))
    _postings_editor_page_forget_drafts (self);
  g_cancellable_cancel (self->cancellable);
}

static void
show_editor (PostingsEditorPage *self)
{
  /* In a narrow page the preview may be hiding the editor. */
  if (self->narrow && self->preview_visible)
    postings_editor_page_set_preview_visible (self, FALSE);
}

/* Going to a problem in a small page: its field's row in the form, or,
 * when the cursor is put in the text instead, the text. */
static gboolean
going_to_done_cb (gpointer data)
{
  PostingsEditorPage *self = data;

  self->going_to_id = 0;
  return G_SOURCE_REMOVE;
}

static void
diagnostics_show_editor_cb (PostingsEditorPage *self)
{
  if (!self->small)
    {
      show_editor (self);
      return;
    }
  adw_view_stack_set_visible_child_name (self->view_stack, "form");
  if (self->going_to_id == 0)
    self->going_to_id = g_idle_add (going_to_done_cb, self);
}

static void
text_mark_set_cb (PostingsEditorPage *self,
                  GtkTextIter        *location,
                  GtkTextMark        *mark,
                  GtkTextBuffer      *buffer)
{
  if (self->small && self->going_to_id != 0 && mark == gtk_text_buffer_get_insert (buffer))
    adw_view_stack_set_visible_child_name (self->view_stack, "source");
}

void
postings_editor_page_find (PostingsEditorPage *self,
                           gboolean            replace)
{
  g_return_if_fail (POSTINGS_IS_EDITOR_PAGE (self));

  show_editor (self);
  postings_source_view_search_bar_begin (self->search_bar, replace);
}

void
postings_editor_page_find_next (PostingsEditorPage *self,
                                gboolean            forward)
{
  g_return_if_fail (POSTINGS_IS_EDITOR_PAGE (self));

  if (!postings_source_view_search_bar_get_active (self->search_bar))
    {
      show_editor (self);
      postings_source_view_search_bar_begin (self->search_bar, FALSE);
      return;
    }
  postings_source_view_search_bar_move (self->search_bar, forward);
}

/* Formatting applies to the Markdown text, when the user is in it. */
static PostingsSourceView *
get_focused_source_view (PostingsEditorPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && (focus == GTK_WIDGET (self->source_view)
                        || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->source_view))))
    return self->source_view;
  return NULL;
}

void
postings_editor_page_format (PostingsEditorPage *self,
                             const char         *what)
{
  PostingsSourceView *view;

  g_return_if_fail (POSTINGS_IS_EDITOR_PAGE (self));

  if ((view = get_focused_source_view (self)) == NULL)
    return;

  if (g_str_equal (what, "bold"))
    postings_source_view_toggle_emphasis (view, "**");
  else if (g_str_equal (what, "italic"))
    postings_source_view_toggle_emphasis (view, "_");
  else if (g_str_equal (what, "link"))
    postings_source_view_insert_link (view);
}

void
postings_editor_page_set_heading (PostingsEditorPage *self,
                                  guint               level)
{
  PostingsSourceView *view;

  g_return_if_fail (POSTINGS_IS_EDITOR_PAGE (self));

  if ((view = get_focused_source_view (self)) != NULL && level <= 6)
    postings_source_view_set_heading (view, level);
}

/* Test accessors --------------------------------------------------------- */

PostingsForm *
_postings_editor_page_get_form (PostingsEditorPage *self)
{
  return self->form;
}

PostingsPreviewView *
_postings_editor_page_get_preview (PostingsEditorPage *self)
{
  return self->preview;
}

PostingsSourceView *
_postings_editor_page_get_source_view (PostingsEditorPage *self)
{
  return self->source_view;
}

PostingsSourceView *
_postings_editor_page_get_front_matter_view (PostingsEditorPage *self)
{
  return self->front_matter_view;
}

PostingsSourceViewSearchBar *
_postings_editor_page_get_search_bar (PostingsEditorPage *self)
{
  return self->search_bar;
}

PostingsDiagnosticsController *
_postings_editor_page_get_diagnostics (PostingsEditorPage *self)
{
  return self->diagnostics;
}

PostingsDiagnosticsButton *
_postings_editor_page_get_diagnostics_button (PostingsEditorPage *self)
{
  return self->diagnostics_button;
}

const char *
_postings_editor_page_get_banner_text (PostingsEditorPage *self)
{
  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return NULL;
  return gtk_label_get_label (self->banner_label);
}

const char *
_postings_editor_page_get_change_text (PostingsEditorPage *self)
{
  if (!gtk_revealer_get_reveal_child (self->change_revealer))
    return NULL;
  return gtk_label_get_label (self->change_label);
}

guint
_postings_editor_page_get_n_reloads (PostingsEditorPage *self)
{
  return self->n_reloads;
}

const char *
_postings_editor_page_get_count_text (PostingsEditorPage *self)
{
  if (self->count_shown != self->count_generation)
    count_now (self);
  return gtk_label_get_label (self->count_label);
}

const char *
_postings_editor_page_get_save_error (PostingsEditorPage *self)
{
  return self->save_error;
}

char *
postings_editor_page_dup_name (PostingsEditorPage *self)
{
  g_return_val_if_fail (POSTINGS_IS_EDITOR_PAGE (self), NULL);
  return display_name (self->file);
}

const char *
postings_editor_page_get_title (PostingsEditorPage *self)
{
  g_return_val_if_fail (POSTINGS_IS_EDITOR_PAGE (self), NULL);
  return self->title;
}

AdwMessageDialog *
_postings_editor_page_get_dialog (PostingsEditorPage *self)
{
  return self->dialog;
}

gboolean
_postings_editor_page_is_busy (PostingsEditorPage *self)
{
  return self->busy > 0 || self->draft_writes > 0 || self->disk_checks > 0 || self->disk_check_id != 0;
}

gboolean
postings_editor_page_is_saving (PostingsEditorPage *self)
{
  g_return_val_if_fail (POSTINGS_IS_EDITOR_PAGE (self), FALSE);
  return self->busy > 0;
}

gboolean
postings_editor_page_get_preview_visible (PostingsEditorPage *self)
{
  g_return_val_if_fail (POSTINGS_IS_EDITOR_PAGE (self), FALSE);
  return self->preview_visible;
}

guint
_postings_editor_page_get_n_saves (PostingsEditorPage *self)
{
  return self->n_saves;
}

/* GObject ---------------------------------------------------------------- */

static void
bind_settings (PostingsEditorPage *self)
{
  /* Read once, then write back: two pages do not move each other's panes. */
  const GSettingsBindFlags flags = G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_GET_NO_CHANGES;

  self->settings = postings_settings_new ();
  if (self->settings == NULL)
    return;

  g_settings_bind (self->settings, "form-pane-position", self->form_paned, "position", flags);
  g_settings_bind (self->settings, "preview-pane-position", self->preview_paned, "position", flags);
}

static void
postings_editor_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PostingsEditorPage *self = POSTINGS_EDITOR_PAGE (object);

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
      g_value_set_boolean (value, postings_editor_page_get_modified (self));
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
postings_editor_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PostingsEditorPage *self = POSTINGS_EDITOR_PAGE (object);
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
            postings_editor_page_set_preview_visible (self, b);
        }
      break;
    case PROP_PREVIEW_VISIBLE:
      postings_editor_page_set_preview_visible (self, g_value_get_boolean (value));
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
postings_editor_page_dispose (GObject *object)
{
  PostingsEditorPage *self = POSTINGS_EDITOR_PAGE (object);

  g_cancellable_cancel (self->cancellable);

  _postings_editor_page_dispose_drafts (self);
  _postings_editor_page_dispose_repair (self);
  _postings_editor_page_dispose_undo (self);
  g_clear_handle_id (&self->banner_timeout_id, g_source_remove);
  g_clear_handle_id (&self->disk_check_id, g_source_remove);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  g_clear_pointer (&self->disk_bytes, g_bytes_unref);
  g_clear_pointer (&self->disk_etag, g_free);
  g_clear_handle_id (&self->count_idle_id, g_source_remove);
  g_clear_handle_id (&self->layout_idle_id, g_source_remove);
  g_clear_handle_id (&self->going_to_id, g_source_remove);

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_clear_object (&self->diagnostics);
  gtk_widget_dispose_template (GTK_WIDGET (self), POSTINGS_TYPE_EDITOR_PAGE);

  g_clear_object (&self->settings);
  g_clear_object (&self->document);
  g_clear_object (&self->file);
  g_clear_object (&self->repository_root);
  g_clear_object (&self->schema);
  g_clear_object (&self->site);
  g_clear_pointer (&self->saved_bytes, g_bytes_unref);

  G_OBJECT_CLASS (postings_editor_page_parent_class)->dispose (object);
}

static void
postings_editor_page_finalize (GObject *object)
{
  PostingsEditorPage *self = POSTINGS_EDITOR_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->load_error, g_free);
  g_clear_pointer (&self->save_error, g_free);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (postings_editor_page_parent_class)->finalize (object);
}

static void
postings_editor_page_class_init (PostingsEditorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = postings_editor_page_dispose;
  object_class->finalize = postings_editor_page_finalize;
  object_class->get_property = postings_editor_page_get_property;
  object_class->set_property = postings_editor_page_set_property;

  widget_class->measure = postings_editor_page_measure;
  widget_class->size_allocate = postings_editor_page_size_allocate;

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
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_ACTIONS_CHANGED] =
    g_signal_new ("actions-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SAVE_FINISHED] =
    g_signal_new ("save-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  g_type_ensure (POSTINGS_TYPE_FORM);
  g_type_ensure (POSTINGS_TYPE_PREVIEW_VIEW);
  g_type_ensure (POSTINGS_TYPE_SOURCE_VIEW);
  g_type_ensure (POSTINGS_TYPE_SOURCE_VIEW_SEARCH_BAR);
  g_type_ensure (POSTINGS_TYPE_DIAGNOSTICS_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/culture/Postings/ui/postings-editor-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, header_bar);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, draft_revealer);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, draft_label);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, draft_compare_button);
  gtk_widget_class_bind_template_callback (widget_class, draft_compare_cb);
  gtk_widget_class_bind_template_callback (widget_class, draft_discard_cb);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, change_revealer);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, change_label);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, keep_button);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, reload_button);
  gtk_widget_class_bind_template_callback (widget_class, reload_cb);
  gtk_widget_class_bind_template_callback (widget_class, keep_mine_cb);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, open_button);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, preview_button);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, view_switcher_bar);
  gtk_widget_class_bind_template_callback (widget_class, view_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, banner_label);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, banner_button);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, form_paned);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, preview_paned);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, source_paned);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, form);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, editor_box);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, front_matter_box);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, front_matter_view);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, source_view);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, preview);
  gtk_widget_class_bind_template_child (widget_class, PostingsEditorPage, diagnostics_button);
}

static gboolean
diagnostics_is_busy_cb (PostingsEditorPage *self)
{
  return postings_editor_page_get_modified (self) || _postings_editor_page_is_busy (self);
}

static void
postings_editor_page_init (PostingsEditorPage *self)
{
  GtkTextBuffer *buffer;

  self->cancellable = g_cancellable_new ();
  _postings_editor_page_init_drafts (self);
  self->title = g_strdup (_("New Posting"));
  self->show_preview = TRUE;
  self->preview_visible = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
  postings_accessible_fix_mnemonic_names (GTK_WIDGET (self));
  _postings_editor_page_init_undo (self);

  postings_source_view_search_bar_set_view (self->search_bar, GTK_SOURCE_VIEW (self->source_view));
  postings_recent_add_submenu (gtk_menu_button_get_menu_model (self->primary_menu_button));
  self->diagnostics = postings_diagnostics_controller_new (self->form, self->diagnostics_button,
                                                           self->front_matter_view, self->source_view,
                                                           self->toast_overlay);
  g_signal_connect_object (self->diagnostics, "show-editor", G_CALLBACK (diagnostics_show_editor_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->diagnostics, "edit-front-matter",
                           G_CALLBACK (postings_editor_page_edit_front_matter), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->diagnostics, "is-busy", G_CALLBACK (diagnostics_is_busy_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->diagnostics, "open-file",
                           G_CALLBACK (postings_editor_page_load), self, G_CONNECT_SWAPPED);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
  g_signal_connect_object (buffer, "changed", G_CALLBACK (body_buffer_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "mark-set", G_CALLBACK (text_mark_set_cb), self, G_CONNECT_SWAPPED);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->front_matter_view));
  g_signal_connect_object (buffer, "changed", G_CALLBACK (front_matter_buffer_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "mark-set", G_CALLBACK (text_mark_set_cb), self, G_CONNECT_SWAPPED);

  bind_settings (self);
  _postings_editor_page_init_spelling (self);
  update_front_matter_visibility (self);
  update_layout (self);
  update_title (self);
  _postings_editor_page_actions_changed (self);
}

PostingsEditorPage *
postings_editor_page_new (void)
{
  return g_object_new (POSTINGS_TYPE_EDITOR_PAGE, NULL);
}
