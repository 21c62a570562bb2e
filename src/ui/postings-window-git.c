/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "postings-credentials-dialog.h"
#include "postings-format.h"
#include "postings-git-progress.h"
#include "postings-git.h"
#include "postings-window-private.h"

/* The window's git (postings-git.h): what changed (the sidebar's marks and
 * its "Changed" filter, read again after each save and when files change
 * on disk, coalesced), "Update from the Site" with its progress and Cancel,
 * and "the site has news" when a site opens. Publish and Get a Site are
 * their own dialogs (postings-window-actions.c).
 *
 * Two repository objects per site: one answers "credentials-needed" with
 * the credentials dialog (update, which the user asked for); the other has
 * no handler and a quiet keyring (the check for news at start: it uses a
 * token already stored in an unlocked keyring, never asks anybody, not even
 * for the keyring's password, and fails silently offline). */

/* How long an update runs before its progress shows. */
#define PROGRESS_DELAY_MS 400

struct _PostingsWindowGit
{
  PostingsGitRepository *repository;      /* asks for credentials */
  PostingsGitRepository *quiet;           /* never asks */
  GCancellable          *cancellable;     /* the site's; cancelled when it goes */
  GCancellable          *update_cancellable;  /* the update running, or NULL */

  guint                  refresh_id;
  guint                  progress_id;     /* shows the progress if the update takes a while */
  guint                  n_changes;
  guint                  n_busy;          /* reads in flight: describe, changes, news */

  GtkWindow             *progress_dialog; /* while updating */
  GtkProgressBar        *progress_bar;
  GtkLabel              *progress_label;
  GHashTable            *unsaved;         /* GFile → title: pages with unsaved text when the update began */
  AdwToast              *news_toast;      /* the overlay's; NULL once dismissed */
  GtkWindow             *result_dialog;
  GtkWindow             *version_window;  /* the site's version last shown */
  char                  *message;         /* the last update's result, as said */

  guint                  is_repository : 1;
  guint                  has_remote : 1;
  guint                  refreshing : 1;
  guint                  refresh_again : 1;
};

/* The dialogs shown are held until replaced or the window goes; closed by
 * the user, they are hidden. */
static GtkWindow *
live (GtkWindow *window)
{
  return window != NULL && gtk_widget_get_visible (GTK_WIDGET (window)) ? window : NULL;
}

static void
close_window (GtkWindow **slot)
{
  g_autoptr(GtkWindow) window = g_steal_pointer (slot);

  if (window != NULL)
    gtk_window_destroy (window);
}

static void
keep_window (GtkWindow **slot,
             gpointer    window)
{
  close_window (slot);
  *slot = g_object_ref (window);
}

static PostingsWindowGit *
get_git (PostingsWindow *self)
{
  if (self->git == NULL)
    self->git = g_new0 (PostingsWindowGit, 1);
  return self->git;
}

/* Is @object the repository of the site shown (not one left behind)? */
static gboolean
is_current (PostingsWindow *self,
            GObject        *object)
{
  return self->git != NULL && !g_cancellable_is_cancelled (self->git->cancellable)
      && (object == G_OBJECT (self->git->repository) || object == G_OBJECT (self->git->quiet));
}

gboolean
_postings_window_git_can_publish (PostingsWindow *self)
{
  return self->git != NULL && self->git->is_repository && self->git->n_changes > 0;
}

gboolean
_postings_window_git_has_remote (PostingsWindow *self)
{
  return self->git != NULL && self->git->has_remote;
}

gboolean
_postings_window_git_can_update (PostingsWindow *self)
{
  return _postings_window_git_has_remote (self) && self->git->update_cancellable == NULL;
}

/* What changed ------------------------------------------------------------ */

static void refresh_now (PostingsWindow *self);

static void
changes_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PostingsWindow) self = user_data;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  PostingsWindowGit *git = self->git;

  changes = postings_git_repository_get_changes_finish (POSTINGS_GIT_REPOSITORY (object), result, &error);
  if (!is_current (self, object))
    return;
  git->n_busy--;
  git->refreshing = FALSE;

  if (changes == NULL)
    {
      /* Not a git repository: no marks, nothing to publish. */
      if (!g_error_matches (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NOT_A_REPOSITORY))
        g_debug ("Could not read the site’s changes: %s", error->message);
      git->is_repository = FALSE;
      git->n_changes = 0;
    }
  else if (self->site != NULL)
    {
      git->is_repository = TRUE;
      git->n_changes = changes->len;
      postings_git_changes_apply_to_site (changes, self->site);
      postings_sidebar_invalidate (self->sidebar);
    }
  _postings_window_update_actions (self);

  if (git->refresh_again)
    {
      git->refresh_again = FALSE;
      refresh_now (self);
    }
}

static void
refresh_now (PostingsWindow *self)
{
  PostingsWindowGit *git = self->git;

  if (git == NULL || git->repository == NULL)
    return;
  if (git->refreshing)
    {
      /* One read at a time; one more once it is done. */
      git->refresh_again = TRUE;
      return;
    }
  git->refreshing = TRUE;
  git->n_busy++;
  postings_git_repository_get_changes_async (git->repository, git->cancellable, changes_cb, g_object_ref (self));
}

static gboolean
refresh_idle_cb (gpointer data)
{
  PostingsWindow *self = data;

  self->git->refresh_id = 0;
  refresh_now (self);
  return G_SOURCE_REMOVE;
}

void
_postings_window_git_refresh (PostingsWindow *self)
{
  PostingsWindowGit *git = self->git;

  /* Many files change at once (an update, a checkout): one read for all. */
  if (git != NULL && git->repository != NULL && git->refresh_id == 0)
    git->refresh_id = g_idle_add_full (G_PRIORITY_LOW, refresh_idle_cb, self, NULL);
}

/* The site has news --------------------------------------------------------- */

static void
news_dismissed_cb (AdwToast       *toast,
                   PostingsWindow *self)
{
  if (self->git != NULL && self->git->news_toast == toast)
    self->git->news_toast = NULL;
}

static void
dismiss_news (PostingsWindow *self)
{
  AdwToast *toast = self->git != NULL ? self->git->news_toast : NULL;

  if (toast != NULL)
    {
      self->git->news_toast = NULL;
      adw_toast_dismiss (toast);
    }
}

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PostingsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  PostingsWindowGit *git = self->git;
  guint n_commits = 0;
  AdwToast *toast;

  /* Offline, or the site asks who you are: nothing is said. */
  if (!postings_git_repository_check_updates_finish (POSTINGS_GIT_REPOSITORY (object), result,
                                                     &n_commits, &error))
    g_debug ("Could not check the site for news: %s", error->message);
  if (!is_current (self, object))
    return;
  git->n_busy--;
  if (n_commits == 0 || git->update_cancellable != NULL || git->news_toast != NULL)
    return;

  toast = adw_toast_new (_("The site has news"));
  adw_toast_set_button_label (toast, _("_Update"));
  adw_toast_set_action_name (toast, "win.update");
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (news_dismissed_cb), self, 0);
  git->news_toast = toast;
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
describe_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PostingsWindow) self = user_data;
  g_autoptr(PostingsGitSiteInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  PostingsWindowGit *git = self->git;

  info = postings_git_repository_describe_finish (POSTINGS_GIT_REPOSITORY (object), result, &error);
  if (!is_current (self, object))
    return;
  git->n_busy--;
  git->has_remote = info != NULL && info->site_url != NULL;
  _postings_window_update_actions (self);

  if (git->has_remote)
    {
      git->n_busy++;
      postings_git_repository_check_updates_async (git->quiet, git->cancellable, check_cb, g_object_ref (self));
    }
}

/* The site ------------------------------------------------------------------ */

static void
progress_cb (PostingsGitRepository     *repository,
             const PostingsGitProgress *progress,
             PostingsWindow            *self)
{
  PostingsWindowGit *git = self->git;

  if (git != NULL && live (git->progress_dialog) != NULL)
    postings_git_progress_show (git->progress_bar, git->progress_label, progress);
}

static void
site_loading_cb (PostingsWindow *self)
{
  /* The entries read since the last look have their marks too. */
  if (self->site != NULL && !postings_site_is_loading (self->site))
    _postings_window_git_refresh (self);
}

static void
forget_site (PostingsWindow    *self,
             PostingsWindowGit *git)
{
  if (git->cancellable != NULL)
    g_cancellable_cancel (git->cancellable);
  if (git->update_cancellable != NULL)
    g_cancellable_cancel (git->update_cancellable);
  g_clear_object (&git->cancellable);
  g_clear_object (&git->update_cancellable);
  g_clear_handle_id (&git->refresh_id, g_source_remove);
  g_clear_handle_id (&git->progress_id, g_source_remove);
  /* A worker of the old site may still hold them: they no longer speak to
   * the window. */
  if (git->repository != NULL)
    g_signal_handlers_disconnect_by_data (git->repository, self);
  g_clear_object (&git->repository);
  g_clear_object (&git->quiet);
  g_clear_pointer (&git->unsaved, g_hash_table_unref);
  git->n_changes = 0;
  git->n_busy = 0;
  git->is_repository = FALSE;
  git->has_remote = FALSE;
  git->refreshing = FALSE;
  git->refresh_again = FALSE;
}

void
_postings_window_git_set_site (PostingsWindow *self)
{
  PostingsWindowGit *git = get_git (self);
  GFile *root = self->site != NULL ? postings_site_get_root (self->site) : NULL;

  dismiss_news (self);
  close_window (&git->progress_dialog);
  forget_site (self, git);
  if (root == NULL)
    return;

  git->cancellable = g_cancellable_new ();
  git->repository = postings_git_repository_new (root);
  postings_credentials_dialog_attach (git->repository, GTK_WIDGET (self));
  g_signal_connect_object (git->repository, "progress", G_CALLBACK (progress_cb), self, 0);
  git->quiet = postings_git_repository_new (root);
  postings_git_repository_set_quiet (git->quiet, TRUE);

  /* The site's own signals go with it (postings_window_set_site()
   * disconnects everything of the window's). */
  g_signal_connect_object (self->site, "notify::loading", G_CALLBACK (site_loading_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->site, "file-changed", G_CALLBACK (_postings_window_git_refresh), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->site, "file-deleted", G_CALLBACK (_postings_window_git_refresh), self,
                           G_CONNECT_SWAPPED);

  git->n_busy++;
  postings_git_repository_describe_async (git->quiet, git->cancellable, describe_cb, g_object_ref (self));
  refresh_now (self);
}

/* Update from the Site ---------------------------------------------------- */

static void
progress_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      PostingsWindow   *self)
{
  /* Closed while updating: stop (what is written stays consistent). */
  if (self->git != NULL && self->git->update_cancellable != NULL)
    g_cancellable_cancel (self->git->update_cancellable);
}

static gboolean
show_progress (gpointer data)
{
  PostingsWindow *self = data;
  PostingsWindowGit *git = self->git;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *bar = gtk_progress_bar_new ();
  GtkWidget *label = gtk_label_new (_("Connecting to the site…"));
  AdwMessageDialog *dialog;

  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Progress of the update"), -1);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), label);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Updating from the Site…"),
                                                       _("The site’s new versions are coming in. "
                                                         "Your own changes are kept.")));
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (progress_response_cb), self, 0);

  keep_window (&git->progress_dialog, dialog);
  git->progress_bar = GTK_PROGRESS_BAR (bar);
  git->progress_label = GTK_LABEL (label);
  gtk_window_present (GTK_WINDOW (dialog));
  git->progress_id = 0;
  return G_SOURCE_REMOVE;
}

/* The title of the posting of @file (as the site has it now), else its
 * name. */
static char *
dup_posting_title (PostingsWindow *self,
                   GFile          *file)
{
  PostingsSiteEntry *entry = self->site != NULL ? postings_site_lookup (self->site, file) : NULL;

  if (entry != NULL)
    return g_strdup (postings_site_entry_get_title (entry));
  return g_file_get_basename (file);
}

/* The site's version of a posting kept as the user's, beside it: read
 * only, to compare and copy from. */
static void
show_site_version (PostingsWindow *self,
                   const char     *title,
                   GBytes         *bytes)
{
  PostingsWindowGit *git = self->git;
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();
  g_autofree char *name = g_strdup_printf (_("The site’s version of “%s”"), title);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (title, _("The Site’s Version")));
  gtk_box_append (GTK_BOX (box), header);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  /* Shown as the site has it (text that is not UTF-8 is not shown). */
  if (g_utf8_validate (data, (gssize) len, NULL))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), data, (int) len);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);

  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_set_title (GTK_WINDOW (window), name);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 600);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  keep_window (&git->version_window, window);
  gtk_window_present (GTK_WINDOW (window));
}

typedef struct
{
  PostingsWindow *window;
  char           *title;
} VersionRead;

static void
site_version_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  VersionRead *read = user_data;
  g_autoptr(PostingsWindow) self = read->window;
  g_autofree char *title = read->title;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_free (read);
  bytes = postings_git_repository_read_site_version_finish (POSTINGS_GIT_REPOSITORY (object), result, &error);
  if (!is_current (self, object))
    return;
  if (bytes == NULL)
    postings_window_show_message (self, error->message);
  else
    show_site_version (self, title, bytes);
}

static void
open_kept_cb (GtkButton      *button,
              PostingsWindow *self)
{
  GFile *file = g_object_get_data (G_OBJECT (button), "file");
  const char *title = g_object_get_data (G_OBJECT (button), "title");
  gboolean both = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "both"));

  /* Both: the user's in the window, the site's beside it. */
  if (both && self->git != NULL && self->git->repository != NULL)
    {
      VersionRead *read = g_new0 (VersionRead, 1);

      read->window = g_object_ref (self);
      read->title = g_strdup (title);
      postings_git_repository_read_site_version_async (self->git->repository, file, self->git->cancellable,
                                                       site_version_cb, read);
    }
  postings_window_open (self, file);
  if (self->git != NULL)
    close_window (&self->git->result_dialog);
}

/* A boxed list of @files (GFile), each with its title (from @titles, a
 * GFile → title table, else the site's) and a button: Open, or (@both)
 * Open Both, the user's version and the site's. */
static GtkWidget *
file_list (PostingsWindow *self,
           GPtrArray      *files,
           GHashTable     *titles,
           gboolean        both,
           const char     *name)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *open = gtk_button_new_with_mnemonic (both ? _("Open _Both") : _("_Open"));
      const char *known = titles != NULL ? g_hash_table_lookup (titles, file) : NULL;
      g_autofree char *title = known != NULL ? g_strdup (known) : dup_posting_title (self, file);
      g_autofree char *basename = g_file_get_basename (file);
      g_autofree char *open_name = g_strdup_printf (both ? _("Open “%s” and the site’s version")
                                                         : _("Open “%s”"), title);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), basename);
      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (open), GTK_ACCESSIBLE_PROPERTY_LABEL, open_name, -1);
      g_object_set_data_full (G_OBJECT (open), "file", g_object_ref (file), g_object_unref);
      g_object_set_data_full (G_OBJECT (open), "title", g_strdup (title), g_free);
      g_object_set_data (G_OBJECT (open), "both", GINT_TO_POINTER (both));
      g_signal_connect_object (open, "clicked", G_CALLBACK (open_kept_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  return list;
}

static void
show_result_dialog (PostingsWindow *self,
                    const char     *heading,
                    const char     *body,
                    GtkWidget      *extra)
{
  PostingsWindowGit *git = self->git;
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));

  if (extra != NULL)
    adw_message_dialog_set_extra_child (dialog, extra);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_close_response (dialog, "close");
  keep_window (&git->result_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
say (PostingsWindow *self,
     char           *message)
{
  g_free (self->git->message);
  self->git->message = message;
}

static void
show_update_result (PostingsWindow          *self,
                    PostingsGitUpdateResult *result)
{
  PostingsWindowGit *git = self->git;
  GFile *root = postings_site_get_root (self->site);
  GFile *jobs = postings_site_get_jobs_dir (self->site);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) unsaved = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *box = NULL;
  guint n_postings = 0;

  if (result->up_to_date)
    {
      say (self, g_strdup (_("Your copy is up to date: the site has nothing new")));
      postings_window_show_message (self, git->message);
      return;
    }

  for (guint i = 0; result->updated[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_resolve_relative_path (root, result->updated[i]);

      if (g_file_has_prefix (file, jobs))
        n_postings++;
      /* Its page keeps the unsaved text and asks which version to keep. */
      if (git->unsaved != NULL && g_hash_table_contains (git->unsaved, file))
        g_ptr_array_add (unsaved, g_object_ref (file));
    }
  for (guint i = 0; result->kept[i] != NULL; i++)
    g_ptr_array_add (kept, g_file_resolve_relative_path (root, result->kept[i]));

  if (n_postings > 0)
    g_string_append_printf (body, g_dngettext (NULL, "%u posting was updated from the site.",
                                               "%u postings were updated from the site.", n_postings),
                            n_postings);
  else
    g_string_append (body, _("The site’s new versions are here."));

  if (kept->len == 0 && unsaved->len == 0)
    {
      say (self, g_string_free (g_steal_pointer (&body), FALSE));
      postings_window_show_message (self, git->message);
      return;
    }

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  if (kept->len > 0)
    {
      g_string_append (body, " ");
      g_string_append (body, g_dngettext (NULL,
                                          "This posting changed here and on the site too: your version "
                                          "was kept, nothing of yours was overwritten. Open it and compare "
                                          "it with the site’s.",
                                          "These postings changed here and on the site too: your versions "
                                          "were kept, nothing of yours was overwritten. Open them and compare "
                                          "them with the site’s.", kept->len));
      gtk_box_append (GTK_BOX (box), file_list (self, kept, NULL, TRUE, _("Changed on the site too")));
    }
  if (unsaved->len > 0)
    {
      g_string_append (body, " ");
      g_string_append (body, g_dngettext (NULL,
                                          "This posting has unsaved changes: your text is still open, "
                                          "and its page asks which version to keep.",
                                          "These postings have unsaved changes: your text is still open, "
                                          "and their pages ask which version to keep.", unsaved->len));
      gtk_box_append (GTK_BOX (box), file_list (self, unsaved, git->unsaved, FALSE, _("Unsaved changes kept")));
    }
  say (self, g_string_free (g_steal_pointer (&body), FALSE));
  show_result_dialog (self, _("Updated, Your Changes Kept"), git->message, box);
}

/* A question left open by an update that stopped (cancelled while it
 * waited for the answer) goes with it. */
static void
close_credentials_dialogs (PostingsWindow *self)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (postings_credentials_dialog_is_question (l->data)
        && gtk_window_get_transient_for (l->data) == GTK_WINDOW (self))
      gtk_window_destroy (l->data);
}

static void
update_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PostingsWindow) self = user_data;
  g_autoptr(PostingsGitUpdateResult) update = NULL;
  g_autoptr(GError) error = NULL;
  PostingsWindowGit *git = self->git;

  update = postings_git_repository_update_finish (POSTINGS_GIT_REPOSITORY (object), result, &error);
  if (!is_current (self, object))
    return;
  g_clear_object (&git->update_cancellable);
  g_clear_handle_id (&git->progress_id, g_source_remove);
  close_window (&git->progress_dialog);
  close_credentials_dialogs (self);

  if (update != NULL)
    show_update_result (self, update);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      say (self, g_strdup (_("Update stopped")));
      postings_window_show_message (self, git->message);
    }
  else
    {
      say (self, g_strdup (error->message));
      show_result_dialog (self, _("Could Not Update"), error->message, NULL);
    }
  g_clear_pointer (&git->unsaved, g_hash_table_unref);

  /* The files the update wrote come back through the site's monitor; the
   * marks now. */
  _postings_window_git_refresh (self);
  _postings_window_update_actions (self);
}

void
_postings_window_git_update (PostingsWindow *self)
{
  PostingsWindowGit *git = self->git;
  g_autoptr(GPtrArray) modified = NULL;

  if (!_postings_window_git_can_update (self))
    return;

  dismiss_news (self);
  g_clear_pointer (&git->message, g_free);
  close_window (&git->result_dialog);

  /* Pages with unsaved text keep it (they ask when their file changes);
   * they are named as they were before. */
  g_clear_pointer (&git->unsaved, g_hash_table_unref);
  git->unsaved = g_hash_table_new_full (g_file_hash, (GEqualFunc) g_file_equal, g_object_unref, g_free);
  modified = _postings_window_list_modified_pages (self);
  for (guint i = 0; i < modified->len; i++)
    {
      GFile *file = postings_editor_page_get_file (modified->pdata[i]);

      if (file != NULL)
        g_hash_table_insert (git->unsaved, g_object_ref (file), dup_posting_title (self, file));
    }

  /* An update that is quickly done shows no dialog that flashes by. */
  git->update_cancellable = g_cancellable_new ();
  git->progress_id = g_timeout_add (PROGRESS_DELAY_MS, show_progress, self);
  postings_git_repository_update_async (git->repository, git->update_cancellable, update_cb, g_object_ref (self));
  _postings_window_update_actions (self);
}

/* A posting deleted here ------------------------------------------------------ */

/* Its row is no page to edit: what happened, and a way back. */

typedef struct
{
  PostingsWindow *window;
  GFile          *file;
  char           *title;
} DeletedPosting;

static DeletedPosting *
deleted_posting_new (PostingsWindow *window,
                     GFile          *file,
                     const char     *title)
{
  DeletedPosting *deleted = g_new0 (DeletedPosting, 1);

  deleted->window = g_object_ref (window);
  deleted->file = g_object_ref (file);
  deleted->title = g_strdup (title);
  return deleted;
}

static void
deleted_posting_free (DeletedPosting *deleted)
{
  g_object_unref (deleted->window);
  g_object_unref (deleted->file);
  g_free (deleted->title);
  g_free (deleted);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeletedPosting, deleted_posting_free)

static void
restored_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeletedPosting) deleted = user_data;
  PostingsWindow *self = deleted->window;
  g_autoptr(GError) error = NULL;
  PostingsSiteEntry *entry;

  if (!postings_git_repository_restore_deleted_finish (POSTINGS_GIT_REPOSITORY (object), result, &error))
    {
      if (is_current (self, object))
        {
          say (self, g_strdup (error->message));
          show_result_dialog (self, _("Could Not Restore the Posting"), error->message, NULL);
        }
      return;
    }
  if (!is_current (self, object) || self->site == NULL)
    return;

  /* Its row is the posting's again, as committed: unchanged. */
  postings_site_refresh_file (self->site, deleted->file);
  entry = postings_site_lookup (self->site, deleted->file);
  if (entry != NULL && postings_site_entry_get_state (entry) != POSTINGS_POSTING_DELETED)
    postings_site_entry_set_git_change (entry, POSTINGS_GIT_UNCHANGED);
  postings_sidebar_invalidate (self->sidebar);
  say (self, g_strdup_printf (_("“%s” is restored"), deleted->title));
  postings_window_show_message (self, self->git->message);
  postings_window_open (self, deleted->file);
  _postings_window_git_refresh (self);
}

static void
deleted_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     DeletedPosting   *deleted)
{
  PostingsWindowGit *git = deleted->window->git;

  if (!g_str_equal (response, "restore") || git == NULL || git->repository == NULL)
    return;
  postings_git_repository_restore_deleted_async (git->repository, deleted->file, git->cancellable, restored_cb,
                                                 deleted_posting_new (deleted->window, deleted->file,
                                                                      deleted->title));
}

static void
last_change_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DeletedPosting) deleted = user_data;
  PostingsWindow *self = deleted->window;
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *day = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  since = postings_git_repository_get_last_change_finish (POSTINGS_GIT_REPOSITORY (object), result, &error);
  if (!is_current (self, object))
    return;
  if (since == NULL)
    g_debug ("Could not tell since when the site has %s: %s", deleted->title, error->message);

  day = since != NULL ? postings_format_date (since) : NULL;
  if (day != NULL)
    body = g_strdup_printf (_("“%s” was deleted from your copy of the site. It is still online, "
                              "as published on %s, until you publish: publishing takes it off the site. "
                              "Restore it to keep it."), deleted->title, day);
  else
    body = g_strdup_printf (_("“%s” was deleted from your copy of the site. It is still online "
                              "until you publish: publishing takes it off the site. "
                              "Restore it to keep it."), deleted->title);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Posting Deleted"), body));
  adw_message_dialog_add_response (dialog, "close", _("_Leave It Deleted"));
  adw_message_dialog_add_response (dialog, "restore", _("_Restore the Posting"));
  adw_message_dialog_set_response_appearance (dialog, "restore", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "restore");
  adw_message_dialog_set_close_response (dialog, "close");
  g_signal_connect_data (dialog, "response", G_CALLBACK (deleted_response_cb), g_steal_pointer (&deleted),
                         (GClosureNotify) (void (*) (void)) deleted_posting_free, 0);
  say (self, g_strdup (body));
  keep_window (&self->git->result_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_postings_window_git_show_deleted (PostingsWindow    *self,
                                   PostingsSiteEntry *entry)
{
  PostingsWindowGit *git = self->git;
  GFile *file = postings_site_entry_get_file (entry);

  if (git == NULL || git->repository == NULL)
    return;
  close_window (&git->result_dialog);
  postings_git_repository_get_last_change_async (git->repository, file, git->cancellable, last_change_cb,
                                                 deleted_posting_new (self, file,
                                                                      postings_site_entry_get_title (entry)));
}

/* The window goes -------------------------------------------------------------- */

void
_postings_window_git_dispose (PostingsWindow *self)
{
  PostingsWindowGit *git = self->git;

  if (git == NULL)
    return;
  dismiss_news (self);
  close_window (&git->progress_dialog);
  close_window (&git->result_dialog);
  close_window (&git->version_window);
  forget_site (self, git);
}

void
_postings_window_git_finalize (PostingsWindow *self)
{
  PostingsWindowGit *git = self->git;

  if (git == NULL)
    return;
  forget_site (self, git);
  g_free (git->message);
  g_free (git);
  self->git = NULL;
}

/* For tests ---------------------------------------------------------------------- */

gboolean
_postings_window_git_is_idle (PostingsWindow *self)
{
  PostingsWindowGit *git = self->git;

  return git == NULL || (git->n_busy == 0 && git->refresh_id == 0 && git->update_cancellable == NULL);
}

AdwToast *
_postings_window_git_get_news (PostingsWindow *self)
{
  return self->git != NULL ? self->git->news_toast : NULL;
}

const char *
_postings_window_git_get_message (PostingsWindow *self)
{
  return self->git != NULL ? self->git->message : NULL;
}

AdwMessageDialog *
_postings_window_git_get_result_dialog (PostingsWindow *self)
{
  return self->git != NULL ? (AdwMessageDialog *) live (self->git->result_dialog) : NULL;
}

GtkWindow *
_postings_window_git_get_version_window (PostingsWindow *self)
{
  return self->git != NULL ? live (self->git->version_window) : NULL;
}

AdwMessageDialog *
_postings_window_git_get_progress_dialog (PostingsWindow *self)
{
  return self->git != NULL ? (AdwMessageDialog *) live (self->git->progress_dialog) : NULL;
}
