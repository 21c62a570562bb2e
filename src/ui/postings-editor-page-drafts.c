/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "postings-drafts.h"
#include "postings-editor-page-private.h"
#include "postings-format.h"

/*
 * The page's drafts (the files are core's: postings-drafts.h).
 *
 * While the posting has unsaved changes, a draft is written one second
 * after typing stops, and at least every two seconds while typing goes on
 * (a kill loses at most that), in a worker thread. It goes after a
 * successful save or an explicit Discard, never otherwise.
 *
 * Drafts left by an earlier session (a crash, a kill) are offered back in a
 * banner when the posting is opened, whatever happened to the file since:
 * the banner says when the file was changed or deleted since, and shows
 * both. While one is on offer, this session's drafts go to another name of
 * the same posting, so the old one is never overwritten before it was
 * offered. Drafts claimed by a page (its own, offered or restored) are not
 * offered by another page of this process.
 */

static GHashTable *claimed;   /* paths of drafts pages of this process hold */

static void
claim (GFile *location)
{
  if (claimed == NULL)
    claimed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (claimed, g_file_get_path (location));
}

static void
unclaim (GFile *location)
{
  g_autofree char *path = g_file_get_path (location);

  if (claimed != NULL)
    g_hash_table_remove (claimed, path);
}

static gboolean
is_claimed (GFile *location)
{
  g_autofree char *path = g_file_get_path (location);

  return claimed != NULL && g_hash_table_contains (claimed, path);
}

gboolean
_postings_editor_page_draft_is_claimed (GFile *location)
{
  return is_claimed (location);
}

static void
delete_location (GFile *location)
{
  g_autoptr(GError) error = NULL;

  if (!postings_drafts_delete_location (location, &error))
    g_warning ("%s", error->message);
}

/* Writing ------------------------------------------------------------------ */

typedef struct
{
  PostingsDraft *draft;
  guint          generation;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_clear_object (&data->draft);
  g_free (data);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  GError *error = NULL;

  if (postings_draft_write (data->draft, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  PostingsEditorPage *self = POSTINGS_EDITOR_PAGE (object);
  WriteData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->draft_writes--;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not write the draft %s: %s",
                   g_file_peek_path (postings_draft_get_location (data->draft)), error->message);
      return;
    }

  /* Saved or discarded while it was written: it must not stay. */
  if (data->generation != self->draft_generation)
    {
      delete_location (postings_draft_get_location (data->draft));
      return;
    }

  if (self->draft_dirty)
    {
      self->draft_dirty = FALSE;
      _postings_editor_page_write_draft_now (self);
    }
}

void
_postings_editor_page_write_draft_now (PostingsEditorPage *self)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GTask) task = NULL;
  WriteData *data;

  g_return_if_fail (POSTINGS_IS_EDITOR_PAGE (self));

  g_clear_handle_id (&self->draft_quiet_id, g_source_remove);
  g_clear_handle_id (&self->draft_max_id, g_source_remove);

  if (self->document == NULL
      || !postings_editor_page_get_modified (self)
      || postings_document_get_revision (self->document) == self->draft_revision)
    return;

  /* One write at a time, the last text last. */
  if (self->draft_writes > 0)
    {
      self->draft_dirty = TRUE;
      return;
    }

  /* Named when first written: a name no other draft of the posting has
   * (one on offer keeps its own). */
  if (self->draft_location == NULL)
    {
      self->draft_location = postings_drafts_new_location (NULL, self->file);
      claim (self->draft_location);
    }

  bytes = postings_document_serialize (self->document);
  data = g_new0 (WriteData, 1);
  data->draft = postings_draft_new (self->draft_location, self->file, bytes,
                                    self->saved_bytes != NULL ? self->etag : NULL, NULL);
  data->generation = self->draft_generation;
  self->draft_revision = postings_document_get_revision (self->document);
  self->draft_writes++;

  task = g_task_new (self, self->cancellable, written_cb, NULL);
  g_task_set_source_tag (task, _postings_editor_page_write_draft_now);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

static gboolean
draft_quiet_cb (gpointer data)
{
  PostingsEditorPage *self = data;

  self->draft_quiet_id = 0;
  _postings_editor_page_write_draft_now (self);
  return G_SOURCE_REMOVE;
}

static gboolean
draft_max_cb (gpointer data)
{
  PostingsEditorPage *self = data;

  self->draft_max_id = 0;
  _postings_editor_page_write_draft_now (self);
  return G_SOURCE_REMOVE;
}

void
_postings_editor_page_schedule_draft (PostingsEditorPage *self)
{
  if (self->document == NULL || !postings_editor_page_get_modified (self))
    {
      g_clear_handle_id (&self->draft_quiet_id, g_source_remove);
      g_clear_handle_id (&self->draft_max_id, g_source_remove);
      return;
    }

  /* A pause in typing… */
  g_clear_handle_id (&self->draft_quiet_id, g_source_remove);
  self->draft_quiet_id = g_timeout_add (self->draft_interval_ms, draft_quiet_cb, self);
  /* … or, typing on, twice that since the first unsaved change. */
  if (self->draft_max_id == 0)
    self->draft_max_id = g_timeout_add (2 * self->draft_interval_ms, draft_max_cb, self);
}

void
_postings_editor_page_set_draft_interval (PostingsEditorPage *self,
                                          guint               interval_ms)
{
  g_return_if_fail (POSTINGS_IS_EDITOR_PAGE (self));
  self->draft_interval_ms = MAX (interval_ms, 1);
}

GFile *
_postings_editor_page_get_draft_file (PostingsEditorPage *self)
{
  g_return_val_if_fail (POSTINGS_IS_EDITOR_PAGE (self), NULL);
  return self->draft_location;
}

void
_postings_editor_page_forget_drafts (PostingsEditorPage *self)
{
  g_clear_handle_id (&self->draft_quiet_id, g_source_remove);
  g_clear_handle_id (&self->draft_max_id, g_source_remove);
  /* A write in flight is removed when it lands. */
  self->draft_generation++;
  self->draft_dirty = FALSE;
  self->draft_revision = self->document != NULL ? postings_document_get_revision (self->document) : 0;

  if (self->draft_location != NULL)
    {
      delete_location (self->draft_location);
      unclaim (self->draft_location);
      g_clear_object (&self->draft_location);
    }

  /* What was restored is in the saved text now (or was given up). */
  for (guint i = 0; i < self->restored_drafts->len; i++)
    {
      PostingsDraft *draft = g_ptr_array_index (self->restored_drafts, i);

      postings_draft_delete (draft, NULL);
      unclaim (postings_draft_get_location (draft));
    }
  g_ptr_array_set_size (self->restored_drafts, 0);
}

/* Offering ----------------------------------------------------------------- */

static PostingsDraft *
offered_draft (PostingsEditorPage *self)
{
  return self->offered_drafts->len > 0
         ? g_ptr_array_index (self->offered_drafts, self->offered_drafts->len - 1)
         : NULL;
}

gboolean
postings_editor_page_has_pending_draft (PostingsEditorPage *self)
{
  g_return_val_if_fail (POSTINGS_IS_EDITOR_PAGE (self), FALSE);
  return self->offered_drafts->len > 0;
}

static void
show_offer (PostingsEditorPage *self)
{
  PostingsDraft *draft = offered_draft (self);
  g_autoptr(GDateTime) modified = NULL;
  g_autofree char *taken = NULL;
  g_autofree char *text = NULL;
  PostingsDraftFileState state;

  if (draft == NULL)
    {
      gtk_revealer_set_reveal_child (self->draft_revealer, FALSE);
      _postings_editor_page_actions_changed (self);
      return;
    }

  taken = postings_format_date_time (postings_draft_get_taken (draft));
  state = postings_draft_check_file (draft, &modified);
  if (postings_draft_get_file (draft) == NULL)
    /* Translators: %s is a date and time, "March 12, 2026 at 14:05" */
    text = g_strdup_printf (_("A new posting you did not save (%s) was found."), taken);
  else if (state == POSTINGS_DRAFT_FILE_CHANGED)
    {
      g_autofree char *changed = postings_format_date_time (modified);

      /* Translators: the dates and times of the draft and of the file */
      text = g_strdup_printf (_("Changes you did not save (%s) were found. "
                                "The file was changed since (%s): Show Both compares them."),
                              taken, changed != NULL ? changed : "");
    }
  else if (state == POSTINGS_DRAFT_FILE_DELETED)
    text = g_strdup_printf (_("Changes you did not save (%s) were found. "
                              "The file was deleted since."), taken);
  else
    text = g_strdup_printf (_("Changes you did not save (%s) were found."), taken);

  gtk_label_set_label (self->draft_label, text);
  gtk_widget_set_visible (self->draft_compare_button, state == POSTINGS_DRAFT_FILE_CHANGED);
  gtk_revealer_set_reveal_child (self->draft_revealer, TRUE);
  _postings_editor_page_actions_changed (self);
}

void
_postings_editor_page_drop_offers (PostingsEditorPage *self)
{
  g_clear_handle_id (&self->draft_quiet_id, g_source_remove);
  g_clear_handle_id (&self->draft_max_id, g_source_remove);

  for (guint i = 0; i < self->offered_drafts->len; i++)
    unclaim (postings_draft_get_location (g_ptr_array_index (self->offered_drafts, i)));
  g_ptr_array_set_size (self->offered_drafts, 0);
  gtk_revealer_set_reveal_child (self->draft_revealer, FALSE);
}

void
_postings_editor_page_find_drafts (PostingsEditorPage *self)
{
  g_autoptr(GPtrArray) drafts = NULL;
  const char *text;
  gsize len;

  _postings_editor_page_drop_offers (self);
  if (self->document == NULL)
    return;

  text = postings_document_get_text (self->document, &len);
  drafts = postings_drafts_find (NULL, self->file);
  for (guint i = 0; i < drafts->len; i++)
    {
      PostingsDraft *draft = g_ptr_array_index (drafts, i);
      GFile *location = postings_draft_get_location (draft);
      GBytes *bytes = postings_draft_get_text (draft);

      if (is_claimed (location))
        continue;
      /* The file holds exactly that text: nothing to offer, nothing lost. */
      if (g_bytes_get_size (bytes) == len && memcmp (g_bytes_get_data (bytes, NULL), text, len) == 0)
        {
          if (self->file != NULL)
            postings_draft_delete (draft, NULL);
          continue;
        }
      claim (location);
      g_ptr_array_add (self->offered_drafts, g_object_ref (draft));
      /* A new posting takes one; the others are for other new pages. */
      if (self->file == NULL)
        break;
    }

  show_offer (self);
}

void
postings_editor_page_restore_draft (PostingsEditorPage *self)
{
  g_autoptr(PostingsDraft) draft = NULL;
  GBytes *bytes;
  const char *data;
  gsize len;

  g_return_if_fail (POSTINGS_IS_EDITOR_PAGE (self));

  if (offered_draft (self) == NULL || self->document == NULL)
    return;

  draft = g_object_ref (offered_draft (self));
  g_ptr_array_remove_index (self->offered_drafts, self->offered_drafts->len - 1);

  /* Over a file changed since, the next save asks before replacing it:
   * both versions are kept until the user says which. */
  if (postings_draft_check_file (draft, NULL) == POSTINGS_DRAFT_FILE_CHANGED
      && postings_draft_get_file_etag (draft) != NULL)
    {
      g_free (self->etag);
      self->etag = g_strdup (postings_draft_get_file_etag (draft));
    }

  /* The draft stays on disk (claimed) until the text is saved; the page's
   * next drafts, which hold its text, take its place when they can. */
  if (self->draft_location == NULL && self->draft_writes == 0)
    self->draft_location = g_object_ref (postings_draft_get_location (draft));
  else
    g_ptr_array_add (self->restored_drafts, g_object_ref (draft));
  bytes = postings_draft_get_text (draft);
  data = g_bytes_get_data (bytes, &len);
  postings_document_set_text (self->document, data, len);
  _postings_editor_page_show_toast (self, _("Unsaved changes restored"));
  show_offer (self);
}

void
_postings_editor_page_discard_offered_draft (PostingsEditorPage *self)
{
  g_autoptr(PostingsDraft) draft = NULL;
  g_autoptr(GError) error = NULL;

  if (offered_draft (self) == NULL)
    return;

  draft = g_object_ref (offered_draft (self));
  g_ptr_array_remove_index (self->offered_drafts, self->offered_drafts->len - 1);
  if (!postings_draft_delete (draft, &error))
    _postings_editor_page_show_toast (self, error->message);
  unclaim (postings_draft_get_location (draft));
  show_offer (self);
}

/* Show Both ---------------------------------------------------------------- */

static GtkWidget *
text_pane (const char *heading,
           GBytes     *bytes)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new (heading);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();
  g_autofree char *text = NULL;
  gsize len = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &len) : "";

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "postings-pane-heading");
  gtk_box_append (GTK_BOX (box), label);

  text = g_utf8_make_valid (data, len);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, heading, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (box), scroller);
  return box;
}

typedef struct
{
  PostingsEditorPage *self;
  PostingsDraft      *draft;
} CompareData;

static void
compare_data_free (CompareData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->draft);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CompareData, compare_data_free)

static void
compare_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CompareData) data = user_data;
  g_autoptr(GBytes) file_bytes = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *taken = NULL;
  g_autofree char *draft_heading = NULL;
  g_autofree char *file_heading = NULL;
  GtkWidget *window, *content, *header, *paned;
  GtkRoot *root;
  gsize len = 0;

  if (g_file_load_contents_finish (G_FILE (object), result, &contents, &len, NULL, NULL))
    file_bytes = g_bytes_new_take (g_steal_pointer (&contents), len);

  taken = postings_format_date_time (postings_draft_get_taken (data->draft));
  /* Translators: %s is a date and time */
  draft_heading = g_strdup_printf (_("Your unsaved changes (%s)"), taken);
  file_heading = g_strdup (file_bytes != NULL ? _("The file now") : _("The file now: it cannot be read"));

  window = adw_window_new ();
  root = gtk_widget_get_root (GTK_WIDGET (data->self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_title (GTK_WINDOW (window), _("Your Changes and the File"));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 640);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (content), header);
  paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_start_child (GTK_PANED (paned), text_pane (draft_heading, postings_draft_get_text (data->draft)));
  gtk_paned_set_end_child (GTK_PANED (paned), text_pane (file_heading, file_bytes));
  gtk_paned_set_position (GTK_PANED (paned), 500);
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_box_append (GTK_BOX (content), paned);
  adw_window_set_content (ADW_WINDOW (window), content);

  data->self->compare_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &data->self->compare_window);
  gtk_window_present (GTK_WINDOW (window));
}

void
_postings_editor_page_compare_draft (PostingsEditorPage *self)
{
  PostingsDraft *draft = offered_draft (self);
  CompareData *data;

  if (draft == NULL || postings_draft_get_file (draft) == NULL)
    return;

  data = g_new0 (CompareData, 1);
  data->self = g_object_ref (self);
  data->draft = g_object_ref (draft);
  g_file_load_contents_async (postings_draft_get_file (draft), self->cancellable, compare_loaded_cb, data);
}

/* Setting up --------------------------------------------------------------- */

void
_postings_editor_page_init_drafts (PostingsEditorPage *self)
{
  self->draft_interval_ms = POSTINGS_EDITOR_PAGE_DRAFT_INTERVAL_MS;
  self->offered_drafts = g_ptr_array_new_with_free_func (g_object_unref);
  self->restored_drafts = g_ptr_array_new_with_free_func (g_object_unref);
}

void
_postings_editor_page_dispose_drafts (PostingsEditorPage *self)
{
  g_clear_handle_id (&self->draft_quiet_id, g_source_remove);
  g_clear_handle_id (&self->draft_max_id, g_source_remove);
  if (self->compare_window != NULL)
    gtk_window_destroy (GTK_WINDOW (self->compare_window));

  /* The files stay: another session may offer them. */
  if (self->offered_drafts != NULL)
    _postings_editor_page_drop_offers (self);
  if (self->draft_location != NULL)
    unclaim (self->draft_location);
  g_clear_object (&self->draft_location);
  for (guint i = 0; self->restored_drafts != NULL && i < self->restored_drafts->len; i++)
    unclaim (postings_draft_get_location (g_ptr_array_index (self->restored_drafts, i)));
  g_clear_pointer (&self->offered_drafts, g_ptr_array_unref);
  g_clear_pointer (&self->restored_drafts, g_ptr_array_unref);
}
