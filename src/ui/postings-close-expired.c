/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "postings-close-expired.h"
#include "postings-close-offer.h"
#include "postings-format.h"

typedef struct
{
  GFile  *file;
  GBytes *original;   /* before it was closed */
  GBytes *closed;     /* what was written */
  GError *error;
} Closing;

static void
closing_free (Closing *closing)
{
  g_clear_object (&closing->file);
  g_clear_pointer (&closing->original, g_bytes_unref);
  g_clear_pointer (&closing->closed, g_bytes_unref);
  g_clear_error (&closing->error);
  g_free (closing);
}

struct _PostingsCloseExpired
{
  GObject           parent_instance;

  PostingsSite     *site;
  GPtrArray        *unsaved;    /* GFile */
  GPtrArray        *rows;       /* (row, check, entry) in the dialog: GtkCheckButton, data "entry" */
  GPtrArray        *done;       /* Closing, of the last run */
  AdwMessageDialog *dialog;
  AdwToastOverlay  *toasts;     /* unowned: the window's */
  GCancellable     *cancellable;
  char             *message;    /* the last toast's title, for tests */
  guint             busy;
  guint             n_closed;
};

G_DEFINE_FINAL_TYPE (PostingsCloseExpired, postings_close_expired, G_TYPE_OBJECT)

enum {
  SIGNAL_FILES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_unsaved (PostingsCloseExpired *self,
            GFile                *file)
{
  for (guint i = 0; i < self->unsaved->len; i++)
    if (g_file_equal (g_ptr_array_index (self->unsaved, i), file))
      return TRUE;
  return FALSE;
}

static void
say (PostingsCloseExpired *self,
     AdwToast             *toast)
{
  g_free (self->message);
  self->message = g_strdup (adw_toast_get_title (toast));
  if (self->toasts != NULL)
    adw_toast_overlay_add_toast (self->toasts, toast);
  else
    g_object_unref (toast);
}

/* The worker threads ---------------------------------------------------------- */

/* The worker: closes each file, or with @undo writes its bytes back. */
static void
closing_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GPtrArray *closings = task_data;
  gboolean undo = g_task_get_source_tag (task) == postings_close_expired_undo;

  for (guint i = 0; i < closings->len; i++)
    {
      Closing *closing = g_ptr_array_index (closings, i);

      g_clear_error (&closing->error);
      if (undo)
        postings_close_offer_undo (closing->file, closing->original, closing->closed, cancellable, &closing->error);
      else
        postings_close_offer_in_file (closing->file, &closing->original, &closing->closed,
                                      cancellable, &closing->error);
    }
  g_task_return_boolean (task, TRUE);
}

/* Outcome --------------------------------------------------------------------- */

static guint
refresh_and_count (PostingsCloseExpired  *self,
                   GPtrArray             *closings,
                   const GError         **first_error)
{
  guint ok = 0;

  *first_error = NULL;
  for (guint i = 0; i < closings->len; i++)
    {
      Closing *closing = g_ptr_array_index (closings, i);

      if (closing->error == NULL)
        {
          postings_site_refresh_file (self->site, closing->file);
          ok++;
        }
      else if (*first_error == NULL)
        *first_error = closing->error;
    }
  g_signal_emit (self, signals[SIGNAL_FILES_CHANGED], 0);
  return ok;
}

static void
undo_clicked_cb (PostingsCloseExpired *self)
{
  postings_close_expired_undo (self);
}

static void
closed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  PostingsCloseExpired *self = POSTINGS_CLOSE_EXPIRED (object);
  GPtrArray *closings = g_task_get_task_data (G_TASK (result));
  g_autofree char *title = NULL;
  const GError *error;
  AdwToast *toast;
  guint ok, failed;

  self->busy--;
  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;

  g_clear_pointer (&self->done, g_ptr_array_unref);
  self->done = g_ptr_array_ref (closings);
  ok = refresh_and_count (self, closings, &error);
  failed = closings->len - ok;
  self->n_closed = ok;

  if (failed == 0)
    title = g_strdup_printf (g_dngettext (NULL, "%u offer closed", "%u offers closed", ok), ok);
  else
    {
      g_autofree char *closed_text = g_strdup_printf (g_dngettext (NULL, "%u offer closed", "%u offers closed", ok), ok);

      /* Translators: "2 offers closed; 1 could not be: <why>" */
      title = g_strdup_printf (g_dngettext (NULL, "%s; %u could not be: %s", "%s; %u could not be: %s", failed),
                               closed_text, failed, error->message);
    }

  toast = adw_toast_new (title);
  if (ok > 0)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), self, G_CONNECT_SWAPPED);
    }
  if (failed > 0)
    adw_toast_set_timeout (toast, 0);
  say (self, toast);
}

static void
undone_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  PostingsCloseExpired *self = POSTINGS_CLOSE_EXPIRED (object);
  GPtrArray *closings = g_task_get_task_data (G_TASK (result));
  const GError *error;
  guint ok;

  self->busy--;
  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;

  ok = refresh_and_count (self, closings, &error);
  self->n_closed -= MIN (self->n_closed, ok);
  g_clear_pointer (&self->done, g_ptr_array_unref);

  if (error == NULL)
    say (self, adw_toast_new (_("The offers are open again")));
  else
    {
      /* Translators: why an offer could not be opened again */
      g_autofree char *title = g_strdup_printf (_("Not every offer could be opened again: %s"), error->message);
      AdwToast *toast = adw_toast_new (title);

      adw_toast_set_timeout (toast, 0);
      say (self, toast);
    }
}

void
postings_close_expired_undo (PostingsCloseExpired *self)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *closings;

  g_return_if_fail (POSTINGS_IS_CLOSE_EXPIRED (self));

  if (self->done == NULL || self->busy > 0)
    return;

  /* Only what was closed goes back. */
  closings = g_ptr_array_new_with_free_func ((GDestroyNotify) closing_free);
  for (guint i = 0; i < self->done->len; i++)
    {
      Closing *closed = g_ptr_array_index (self->done, i);
      Closing *closing;

      if (closed->error != NULL)
        continue;
      closing = g_new0 (Closing, 1);
      closing->file = g_object_ref (closed->file);
      closing->original = g_bytes_ref (closed->original);
      closing->closed = g_bytes_ref (closed->closed);
      g_ptr_array_add (closings, closing);
    }

  self->busy++;
  task = g_task_new (self, self->cancellable, undone_cb, NULL);
  g_task_set_source_tag (task, postings_close_expired_undo);
  g_task_set_task_data (task, closings, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, closing_thread);
}

/* The question ----------------------------------------------------------------- */

static void
response_cb (AdwMessageDialog     *dialog,
             const char           *response,
             PostingsCloseExpired *self)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *closings;

  self->dialog = NULL;
  if (g_strcmp0 (response, "close") != 0)
    {
      g_ptr_array_set_size (self->rows, 0);
      return;
    }

  closings = g_ptr_array_new_with_free_func ((GDestroyNotify) closing_free);
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->rows, i);
      PostingsSiteEntry *entry = g_object_get_data (G_OBJECT (check), "entry");
      Closing *closing;

      if (!gtk_check_button_get_active (check) || !gtk_widget_get_sensitive (GTK_WIDGET (check)))
        continue;
      closing = g_new0 (Closing, 1);
      closing->file = g_object_ref (postings_site_entry_get_file (entry));
      g_ptr_array_add (closings, closing);
    }

  /* The rows go with the dialog. */
  g_ptr_array_set_size (self->rows, 0);
  if (closings->len == 0)
    {
      g_ptr_array_unref (closings);
      return;
    }

  self->busy++;
  task = g_task_new (self, self->cancellable, closed_cb, NULL);
  g_task_set_source_tag (task, postings_close_expired_run);
  g_task_set_task_data (task, closings, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, closing_thread);
}

static int
compare_titles (gconstpointer a,
                gconstpointer b)
{
  return g_utf8_collate (postings_site_entry_get_title (*(PostingsSiteEntry **) a),
                         postings_site_entry_get_title (*(PostingsSiteEntry **) b));
}

static GtkWidget *
entry_row (PostingsCloseExpired *self,
           PostingsSiteEntry    *entry)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *closing = postings_format_date (postings_site_entry_get_closing_date (entry));
  g_autofree char *subtitle = NULL;
  gboolean unsaved = is_unsaved (self, postings_site_entry_get_file (entry));

  if (unsaved)
    subtitle = g_strdup (_("Unsaved changes: save or discard them first"));
  else
    /* Translators: the closing date, then the file name */
    subtitle = g_strdup_printf (_("Closing date %s · %s"), closing != NULL ? closing : "",
                                postings_site_entry_get_basename (entry));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), postings_site_entry_get_title (entry));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), !unsaved);
  gtk_widget_set_sensitive (check, !unsaved);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  postings_site_entry_get_title (entry), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_object_set_data_full (G_OBJECT (check), "entry", g_object_ref (entry), g_object_unref);
  g_ptr_array_add (self->rows, check);
  return row;
}

void
postings_close_expired_run (PostingsCloseExpired *self,
                            GtkWindow            *parent,
                            AdwToastOverlay      *toasts)
{
  g_autoptr(GPtrArray) expired = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *entries;
  GtkWidget *list, *scroller;
  g_autofree char *body = NULL;

  g_return_if_fail (POSTINGS_IS_CLOSE_EXPIRED (self));

  self->toasts = toasts;
  entries = postings_site_get_entries (self->site);
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(PostingsSiteEntry) entry = g_list_model_get_item (entries, i);

      if (postings_site_entry_get_state (entry) == POSTINGS_POSTING_EXPIRED)
        g_ptr_array_add (expired, g_steal_pointer (&entry));
    }

  if (expired->len == 0)
    {
      say (self, adw_toast_new (_("No open offer is past its closing date")));
      return;
    }
  g_ptr_array_sort (expired, compare_titles);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Offers to close"), -1);
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; i < expired->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (list), entry_row (self, expired->pdata[i]));

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);

  body = g_strdup_printf (g_dngettext (NULL,
                                       "%u offer is still open although its closing date is past. "
                                       "Closing it sets “open: false” in its file (one line); "
                                       "the site then shows it as closed.",
                                       "%u offers are still open although their closing date is past. "
                                       "Closing one sets “open: false” in its file (one line); "
                                       "the site then shows it as closed.", expired->len),
                          expired->len);
  self->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Close Expired Offers?"), body));
  adw_message_dialog_set_extra_child (self->dialog, scroller);
  adw_message_dialog_add_responses (self->dialog,
                                    "cancel", _("_Cancel"),
                                    "close", _("_Close the Chosen Offers"),
                                    NULL);
  adw_message_dialog_set_response_appearance (self->dialog, "close", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (self->dialog, "close");
  adw_message_dialog_set_close_response (self->dialog, "cancel");
  g_signal_connect_object (self->dialog, "response", G_CALLBACK (response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (self->dialog));
}

/* Accessors -------------------------------------------------------------------- */

AdwMessageDialog *
postings_close_expired_get_dialog (PostingsCloseExpired *self)
{
  g_return_val_if_fail (POSTINGS_IS_CLOSE_EXPIRED (self), NULL);
  return self->dialog;
}

gboolean
postings_close_expired_is_busy (PostingsCloseExpired *self)
{
  g_return_val_if_fail (POSTINGS_IS_CLOSE_EXPIRED (self), FALSE);
  return self->busy > 0;
}

guint
postings_close_expired_get_n_closed (PostingsCloseExpired *self)
{
  g_return_val_if_fail (POSTINGS_IS_CLOSE_EXPIRED (self), 0);
  return self->n_closed;
}

const char *
postings_close_expired_get_message (PostingsCloseExpired *self)
{
  g_return_val_if_fail (POSTINGS_IS_CLOSE_EXPIRED (self), NULL);
  return self->message;
}

/* GObject ---------------------------------------------------------------------- */

static void
postings_close_expired_dispose (GObject *object)
{
  PostingsCloseExpired *self = POSTINGS_CLOSE_EXPIRED (object);

  g_cancellable_cancel (self->cancellable);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  self->dialog = NULL;
  self->toasts = NULL;

  G_OBJECT_CLASS (postings_close_expired_parent_class)->dispose (object);
}

static void
postings_close_expired_finalize (GObject *object)
{
  PostingsCloseExpired *self = POSTINGS_CLOSE_EXPIRED (object);

  g_clear_object (&self->site);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->unsaved, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->done, g_ptr_array_unref);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (postings_close_expired_parent_class)->finalize (object);
}

static void
postings_close_expired_class_init (PostingsCloseExpiredClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = postings_close_expired_dispose;
  object_class->finalize = postings_close_expired_finalize;

  signals[SIGNAL_FILES_CHANGED] =
    g_signal_new ("files-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
postings_close_expired_init (PostingsCloseExpired *self)
{
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
}

PostingsCloseExpired *
postings_close_expired_new (PostingsSite *site,
                            GPtrArray    *unsaved)
{
  PostingsCloseExpired *self;

  g_return_val_if_fail (POSTINGS_IS_SITE (site), NULL);

  self = g_object_new (POSTINGS_TYPE_CLOSE_EXPIRED, NULL);
  self->site = g_object_ref (site);
  self->unsaved = unsaved != NULL ? g_ptr_array_ref (unsaved) : g_ptr_array_new ();
  return self;
}
