/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's git, on real repositories (tests/git/git-test-util.c: a
 * bare site repository, a second clone pushing "someone else's" changes,
 * the smart-HTTP test server asking who we are): the sidebar's marks and
 * its Changed filter, Update from the Site, the site's news on opening,
 * the credentials dialog, and Get a Site on the start page. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "git-test-util.h"
#include "postings-application.h"
#include "postings-clone-dialog.h"
#include "postings-credentials-dialog.h"
#include "postings-git-secret.h"
#include "postings-publish-dialog.h"
#include "postings-window-private.h"

static PostingsApplication *app;

/* The user's copy of @site (cloned from @url, default the bare folder),
 * with an author. */
static char *
user_clone (GitTestSite *site,
            const char  *url)
{
  char *dest = g_build_filename (site->dir, "user", NULL);

  g_free (git_test_git (NULL, "clone", "-q", url != NULL ? url : site->bare, dest, NULL));
  g_free (git_test_git (dest, "config", "user.name", "Camille Martin", NULL));
  g_free (git_test_git (dest, "config", "user.email", "camille@example.fr", NULL));
  return dest;
}

/* @path's text with its `roles:` line (the title) replaced by @title. */
static char *
retitled (const char *root,
          const char *path,
          const char *title)
{
  g_autofree char *full = g_build_filename (root, path, NULL);
  g_autofree char *text = git_test_read_file (full);
  char *at = strstr (text, "roles: ");
  char *end;

  g_assert_nonnull (at);
  end = strchr (at, '\n');
  return g_strdup_printf ("%.*sroles: %s%s", (int) (at - text), text, title, end);
}

static GFile *
site_file (const char *root,
           const char *path)
{
  g_autofree char *full = g_build_filename (root, path, NULL);
  return g_file_new_for_path (full);
}

static PostingsWindow *
open_site (const char *root)
{
  g_autoptr(GFile) folder = g_file_new_for_path (root);
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsSite) site = postings_site_new (folder, &error);
  PostingsWindow *window = postings_window_new (GTK_APPLICATION (app));

  g_assert_no_error (error);
  postings_window_set_site (window, site);
  gtk_window_present (GTK_WINDOW (window));
  GIT_TEST_WAIT_FOR (!postings_site_is_loading (site)
                     && g_list_model_get_n_items (postings_site_get_entries (site)) > 0
                     && _postings_window_git_is_idle (window)
                     && postings_sidebar_is_settled (_postings_window_get_sidebar (window)));
  return window;
}

static PostingsSiteEntry *
entry_of (PostingsWindow *window,
          const char     *root,
          const char     *path)
{
  g_autoptr(GFile) file = site_file (root, path);
  return postings_site_lookup (postings_window_get_site (window), file);
}

static PostingsGitChange
change_of (PostingsWindow *window,
           const char     *root,
           const char     *path)
{
  PostingsSiteEntry *entry = entry_of (window, root, path);
  return entry != NULL ? postings_site_entry_get_git_change (entry) : (PostingsGitChange) -1;
}

/* What a search below a widget looks for: a type, and (when set) a
 * visible label's text and style class, or a button's action. */
typedef struct
{
  GType       type;
  const char *text;
  const char *css_class;
  gboolean    by_action;
  const char *action;
} Wanted;

static gboolean
is_wanted (GtkWidget    *widget,
           const Wanted *wanted)
{
  if (!G_TYPE_CHECK_INSTANCE_TYPE (widget, wanted->type))
    return FALSE;
  if (wanted->text != NULL
      && (!gtk_widget_is_visible (widget) || g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), wanted->text) != 0))
    return FALSE;
  if (wanted->css_class != NULL && !gtk_widget_has_css_class (widget, wanted->css_class))
    return FALSE;
  return !wanted->by_action
      || g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), wanted->action) == 0;
}

/* The first widget below @widget (depth first) that is @wanted. */
static GtkWidget *
find_wanted (GtkWidget    *widget,
             const Wanted *wanted)
{
  if (is_wanted (widget, wanted))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_wanted (child, wanted);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A visible label below @widget showing @text (and with @css_class, if
 * given). */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text,
            const char *css_class)
{
  Wanted wanted = { GTK_TYPE_LABEL, text, css_class, FALSE, NULL };

  return find_wanted (widget, &wanted);
}

static GtkWidget *
find_button_for_action (GtkWidget  *widget,
                        const char *action)
{
  Wanted wanted = { GTK_TYPE_BUTTON, NULL, NULL, TRUE, action };

  return find_wanted (widget, &wanted);
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  Wanted wanted = { type, NULL, NULL, FALSE, NULL };

  return find_wanted (widget, &wanted);
}

/* The rows' titles of every boxed list below @widget, in order. */
static void
collect_row_titles (GtkWidget *widget,
                    GString   *out)
{
  if (ADW_IS_ACTION_ROW (widget))
    g_string_append_printf (out, "%s|", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_row_titles (child, out);
}

static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static PostingsEditorPage *
open_page (PostingsWindow *window,
           const char     *root,
           const char     *path)
{
  g_autoptr(GFile) file = site_file (root, path);
  PostingsEditorPage *page;

  postings_window_open (window, file);
  page = postings_window_find_page (window, file);
  g_assert_nonnull (page);
  GIT_TEST_WAIT_FOR (postings_editor_page_get_document (page) != NULL && !_postings_editor_page_is_busy (page));
  return page;
}

/* Types @text at the start of the page's Markdown body. */
static void
type_text (PostingsEditorPage *page,
           const char         *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (_postings_editor_page_get_source_view (page)));
  GtkTextIter start;

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_insert (buffer, &start, text, -1);
  g_assert_true (postings_editor_page_get_modified (page));
}

static char *
page_text (PostingsEditorPage *page)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (_postings_editor_page_get_source_view (page)));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
save_page (PostingsEditorPage *page)
{
  postings_editor_page_save (page);
  GIT_TEST_WAIT_FOR (!postings_editor_page_is_saving (page) && !postings_editor_page_get_modified (page)
                     && !_postings_editor_page_is_busy (page));
}

static void
update_and_wait (PostingsWindow *window)
{
  g_assert_true (_postings_window_git_can_update (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.update", NULL));
  /* One at a time; its progress (with Cancel) shows if it takes a while
   * (update-cancel), and goes with it. */
  g_assert_false (_postings_window_git_can_update (window));
  GIT_TEST_WAIT_FOR (_postings_window_git_is_idle (window) && _postings_window_git_get_message (window) != NULL);
  g_assert_null (_postings_window_git_get_progress_dialog (window));
}

static void
test_marks_and_changed_filter (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autofree char *user = NULL, *new_path = NULL;
  g_autoptr(GFile) file_a = NULL;
  g_autoptr(PostingsSiteEntry) shown = NULL;
  PostingsWindow *window;
  PostingsSidebar *sidebar;
  PostingsEditorPage *page;
  GtkWidget *mark;

  if (site == NULL)
    return;
  user = user_clone (site, NULL);
  window = open_site (user);
  sidebar = _postings_window_get_sidebar (window);

  /* A clean copy: nothing changed, nothing to publish; it can be updated,
   * and the site had no news. */
  g_assert_cmpuint (postings_sidebar_get_count (sidebar, POSTINGS_SIDEBAR_FILTER_CHANGED), ==, 0);
  g_assert_cmpint (change_of (window, user, GIT_TEST_POSTING_A), ==, POSTINGS_GIT_UNCHANGED);
  g_assert_false (_postings_window_git_can_publish (window));
  g_assert_true (_postings_window_git_can_update (window));
  g_assert_true (gtk_widget_get_visible (window->update_button));
  g_assert_true (gtk_widget_get_sensitive (window->update_button));
  g_assert_null (_postings_window_git_get_news (window));
  g_assert_null (find_label (GTK_WIDGET (sidebar), "Modified", "postings-git-mark"));

  /* Edited and saved in the window: Modified, in words. */
  page = open_page (window, user, GIT_TEST_POSTING_A);
  type_text (page, "Une ligne de plus.\n\n");
  save_page (page);
  GIT_TEST_WAIT_FOR (change_of (window, user, GIT_TEST_POSTING_A) == POSTINGS_GIT_MODIFIED
                     && _postings_window_git_is_idle (window));
  g_assert_cmpint (change_of (window, user, GIT_TEST_POSTING_B), ==, POSTINGS_GIT_UNCHANGED);
  g_assert_cmpuint (postings_sidebar_get_count (sidebar, POSTINGS_SIDEBAR_FILTER_CHANGED), ==, 1);
  g_assert_true (_postings_window_git_can_publish (window));

  postings_sidebar_set_filter (sidebar, POSTINGS_SIDEBAR_FILTER_CHANGED);
  g_assert_cmpuint (g_list_model_get_n_items (postings_sidebar_get_model (sidebar)), ==, 1);
  shown = g_list_model_get_item (postings_sidebar_get_model (sidebar), 0);
  file_a = site_file (user, GIT_TEST_POSTING_A);
  g_assert_true (g_file_equal (postings_site_entry_get_file (shown), file_a));
  GIT_TEST_WAIT_FOR (postings_sidebar_is_settled (sidebar)
                     && (mark = find_label (GTK_WIDGET (sidebar), "Modified", "postings-git-mark")) != NULL);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (mark), ==, "Changed here, not on the site yet: publish it");

  /* A posting written by another program: New, once the site sees it. */
  new_path = g_build_filename (user, "content", "_jobs", "2026-03-01-charge.e.de.deploiement.md", NULL);
  git_test_write_file (new_path, "---\nroles: Chargé·e de déploiement\nopen: true\n---\n\nUne offre.\n");
  GIT_TEST_WAIT_FOR (change_of (window, user, "content/_jobs/2026-03-01-charge.e.de.deploiement.md")
                     == POSTINGS_GIT_NEW && _postings_window_git_is_idle (window));
  g_assert_cmpuint (postings_sidebar_get_count (sidebar, POSTINGS_SIDEBAR_FILTER_CHANGED), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (postings_sidebar_get_model (sidebar)), ==, 2);
  GIT_TEST_WAIT_FOR (postings_sidebar_is_settled (sidebar)
                     && find_label (GTK_WIDGET (sidebar), "New", "postings-git-mark") != NULL);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A posting deleted here: a row marked Deleted, only under Changed (and
 * counted there, as Publish lists it), no page to edit, and Restore. */
static void
test_deleted_posting (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autofree char *user = NULL, *path_c = NULL, *committed = NULL, *restored = NULL, *status = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GFile) file_c = NULL;
  g_autoptr(PostingsSiteEntry) shown = NULL;
  PostingsWindow *window;
  PostingsSidebar *sidebar;
  PostingsSiteEntry *entry;
  PostingsPublishDialog *publish;
  AdwMessageDialog *dialog;
  GtkWidget *mark, *list;

  if (site == NULL)
    return;
  user = user_clone (site, NULL);
  path_c = g_build_filename (user, GIT_TEST_POSTING_C, NULL);
  file_c = g_file_new_for_path (path_c);
  committed = git_test_read_file (path_c);
  window = open_site (user);
  sidebar = _postings_window_get_sidebar (window);
  title = g_strdup (postings_site_entry_get_title (entry_of (window, user, GIT_TEST_POSTING_C)));

  /* Deleted by another program: its row stays, marked, as a change. */
  g_assert_cmpint (g_unlink (path_c), ==, 0);
  GIT_TEST_WAIT_FOR (change_of (window, user, GIT_TEST_POSTING_C) == POSTINGS_GIT_DELETED
                     && _postings_window_git_is_idle (window));
  entry = entry_of (window, user, GIT_TEST_POSTING_C);
  g_assert_cmpint (postings_site_entry_get_state (entry), ==, POSTINGS_POSTING_DELETED);
  g_assert_cmpstr (postings_site_entry_get_title (entry), ==, title);
  g_assert_cmpuint (postings_sidebar_get_count (sidebar, POSTINGS_SIDEBAR_FILTER_CHANGED), ==, 1);
  g_assert_cmpuint (postings_sidebar_get_count (sidebar, POSTINGS_SIDEBAR_FILTER_ALL), ==, 2);
  g_assert_true (_postings_window_git_can_publish (window));

  postings_sidebar_set_filter (sidebar, POSTINGS_SIDEBAR_FILTER_CHANGED);
  g_assert_cmpuint (g_list_model_get_n_items (postings_sidebar_get_model (sidebar)), ==, 1);
  shown = g_list_model_get_item (postings_sidebar_get_model (sidebar), 0);
  g_assert_true (shown == entry);
  GIT_TEST_WAIT_FOR (postings_sidebar_is_settled (sidebar)
                     && (mark = find_label (GTK_WIDGET (sidebar), "Deleted", "postings-git-mark")) != NULL);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (mark), ==, "Deleted here, still on the site: publish to remove it");
  g_assert_nonnull (find_label (GTK_WIDGET (sidebar), title, NULL));

  /* Publish… lists the same change. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.publish", NULL));
  GIT_TEST_WAIT_FOR ((publish = (PostingsPublishDialog *) find_toplevel (POSTINGS_TYPE_PUBLISH_DIALOG)) != NULL
                     && !postings_publish_dialog_is_loading (publish));
  g_assert_cmpuint (postings_publish_dialog_get_n_changes (publish), ==,
                    postings_sidebar_get_count (sidebar, POSTINGS_SIDEBAR_FILTER_CHANGED));
  g_assert_cmpint (postings_publish_dialog_get_change (publish, 0)->change, ==, POSTINGS_GIT_DELETED);
  g_assert_true (g_file_equal (postings_publish_dialog_get_change (publish, 0)->file, file_c));
  gtk_window_destroy (GTK_WINDOW (publish));

  /* Its row opens no page: what happened, and Restore. */
  list = find_widget (GTK_WIDGET (sidebar), GTK_TYPE_LIST_VIEW);
  g_assert_true (gtk_widget_activate_action (list, "list.activate-item", "u", 0));
  GIT_TEST_WAIT_FOR ((dialog = _postings_window_git_get_result_dialog (window)) != NULL);
  g_assert_null (postings_window_find_page (window, file_c));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Posting Deleted");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), title));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "It is still online, as published on "));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "restore"), ==, "_Restore the Posting");
  g_assert_false (g_file_test (path_c, G_FILE_TEST_EXISTS));

  /* Restored: the committed bytes, opened, and an ordinary row again. */
  adw_message_dialog_response (dialog, "restore");
  GIT_TEST_WAIT_FOR (postings_window_find_page (window, file_c) != NULL);
  restored = git_test_read_file (path_c);
  g_assert_cmpstr (restored, ==, committed);
  status = git_test_git (user, "status", "--porcelain", NULL);
  g_assert_cmpstr (status, ==, "");
  GIT_TEST_WAIT_FOR (_postings_window_git_is_idle (window)
                     && change_of (window, user, GIT_TEST_POSTING_C) == POSTINGS_GIT_UNCHANGED);
  g_assert_true (entry_of (window, user, GIT_TEST_POSTING_C) == entry);
  g_assert_cmpint (postings_site_entry_get_state (entry), !=, POSTINGS_POSTING_DELETED);
  g_assert_cmpuint (postings_sidebar_get_count (sidebar, POSTINGS_SIDEBAR_FILTER_CHANGED), ==, 0);
  g_assert_cmpuint (postings_sidebar_get_count (sidebar, POSTINGS_SIDEBAR_FILTER_ALL), ==, 3);
  g_assert_false (_postings_window_git_can_publish (window));
  GIT_TEST_WAIT_FOR (postings_editor_page_get_document (postings_window_find_page (window, file_c)) != NULL
                     && !_postings_editor_page_is_busy (postings_window_find_page (window, file_c)));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_news_and_update (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autofree char *user = NULL, *upstream_text = NULL, *path_b = NULL, *on_disk = NULL;
  const char *title = "Chargé·e de déploiement senior (titre du site)";
  PostingsWindow *window;
  PostingsSidebar *sidebar;
  PostingsEditorPage *page;

  if (site == NULL)
    return;
  user = user_clone (site, NULL);
  upstream_text = retitled (site->upstream, GIT_TEST_POSTING_B, title);
  git_test_site_push_change (site, GIT_TEST_POSTING_B, upstream_text, "Renomme l’offre");

  /* On opening, the site has news; nothing was changed yet. */
  window = open_site (user);
  sidebar = _postings_window_get_sidebar (window);
  g_assert_nonnull (_postings_window_git_get_news (window));
  g_assert_cmpstr (adw_toast_get_title (_postings_window_git_get_news (window)), ==, "The site has news");
  g_assert_cmpstr (adw_toast_get_action_name (_postings_window_git_get_news (window)), ==, "win.update");
  path_b = g_build_filename (user, GIT_TEST_POSTING_B, NULL);
  on_disk = git_test_read_file (path_b);
  g_assert_cmpstr (on_disk, !=, upstream_text);

  /* B is open, untouched, behind C: its page follows. (Behind, because
   * GTK 4.8 may warn about its own internal widgets while the page shown
   * is rebuilt under the window's redraws.) */
  page = open_page (window, user, GIT_TEST_POSTING_B);
  open_page (window, user, GIT_TEST_POSTING_C);

  update_and_wait (window);
  g_assert_cmpstr (_postings_window_git_get_message (window), ==, "1 posting was updated from the site.");
  g_assert_null (_postings_window_git_get_news (window));
  g_assert_null (_postings_window_git_get_result_dialog (window));
  g_free (on_disk);
  on_disk = git_test_read_file (path_b);
  g_assert_cmpstr (on_disk, ==, upstream_text);

  /* The row's title is the site's now, and the page shows the new text. */
  GIT_TEST_WAIT_FOR (g_strcmp0 (postings_site_entry_get_title (entry_of (window, user, GIT_TEST_POSTING_B)),
                                title) == 0
                     && postings_sidebar_is_settled (sidebar));
  GIT_TEST_WAIT_FOR (find_label (GTK_WIDGET (sidebar), title, NULL) != NULL);
  GIT_TEST_WAIT_FOR (_postings_editor_page_get_n_reloads (page) == 1);
  g_assert_false (postings_editor_page_get_modified (page));
  GIT_TEST_WAIT_FOR (_postings_window_git_is_idle (window));
  g_assert_cmpint (change_of (window, user, GIT_TEST_POSTING_B), ==, POSTINGS_GIT_UNCHANGED);
  g_assert_false (_postings_window_git_can_publish (window));

  /* Again: nothing new. */
  update_and_wait (window);
  g_assert_cmpstr (_postings_window_git_get_message (window), ==, "Your copy is up to date: the site has nothing new");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_update_keeps_local_work (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autofree char *user = NULL, *path_a = NULL, *path_b = NULL;
  g_autofree char *saved_a = NULL, *site_a = NULL, *site_b = NULL, *text = NULL, *after = NULL;
  g_autoptr(GString) rows = g_string_new (NULL);
  PostingsWindow *window;
  PostingsEditorPage *page_a, *page_b;
  AdwMessageDialog *dialog;
  g_autofree char *title_a = NULL;

  if (site == NULL)
    return;
  user = user_clone (site, NULL);
  path_a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  path_b = g_build_filename (user, GIT_TEST_POSTING_B, NULL);

  /* A: edited and saved here. B: edited, not saved. The site changes both. */
  window = open_site (user);
  page_a = open_page (window, user, GIT_TEST_POSTING_A);
  type_text (page_a, "Ma version, enregistrée.\n\n");
  save_page (page_a);
  saved_a = git_test_read_file (path_a);
  title_a = g_strdup (postings_site_entry_get_title (entry_of (window, user, GIT_TEST_POSTING_A)));
  page_b = open_page (window, user, GIT_TEST_POSTING_B);
  type_text (page_b, "Ma version, pas encore enregistrée.\n\n");

  site_a = retitled (site->upstream, GIT_TEST_POSTING_A, "Responsable produit PCRS (site)");
  git_test_site_push_change (site, GIT_TEST_POSTING_A, site_a, "Change A");
  site_b = retitled (site->upstream, GIT_TEST_POSTING_B, "EnvErgo (site)");
  git_test_site_push_change (site, GIT_TEST_POSTING_B, site_b, "Change B");

  update_and_wait (window);

  /* A stays as saved here, and is listed by its title. */
  after = git_test_read_file (path_a);
  g_assert_cmpstr (after, ==, saved_a);
  dialog = _postings_window_git_get_result_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Updated, Your Changes Kept");
  g_assert_nonnull (strstr (_postings_window_git_get_message (window),
                            "This posting changed here and on the site too: your version was kept"));
  g_assert_nonnull (strstr (_postings_window_git_get_message (window),
                            "This posting has unsaved changes: your text is still open"));
  collect_row_titles (adw_message_dialog_get_extra_child (dialog), rows);
  g_assert_nonnull (strstr (rows->str, title_a));
  g_assert_nonnull (strstr (rows->str, "EnvErgo recrute"));
  g_assert_cmpint (change_of (window, user, GIT_TEST_POSTING_A), ==, POSTINGS_GIT_MODIFIED);

  /* B: the site's version is on disk, the user's text still in its page,
   * which asks which one to keep. */
  g_free (after);
  after = git_test_read_file (path_b);
  g_assert_cmpstr (after, ==, site_b);
  GIT_TEST_WAIT_FOR (_postings_editor_page_get_change_text (page_b) != NULL);
  g_assert_true (postings_editor_page_get_modified (page_b));
  text = page_text (page_b);
  g_assert_nonnull (strstr (text, "Ma version, pas encore enregistrée."));

  /* Open Both: A in the window, the site's A beside it, read only. */
  {
    GtkWidget *open = find_button_for_action (adw_message_dialog_get_extra_child (dialog), NULL);
    GtkWindow *version;
    GtkWidget *view;
    GtkTextBuffer *buffer;
    GtkTextIter start, end;
    g_autofree char *shown = NULL;

    g_assert_nonnull (open);
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (open)), ==, "Open _Both");
    /* (A button's activation clicks it after a short press.) */
    gtk_widget_activate (open);
    GIT_TEST_WAIT_FOR (_postings_window_git_get_result_dialog (window) == NULL);
    g_assert_true (postings_window_get_visible_page (window) == page_a);
    GIT_TEST_WAIT_FOR ((version = _postings_window_git_get_version_window (window)) != NULL);
    g_assert_cmpstr (gtk_window_get_title (version), ==, "The site’s version of “Un responsable de produit PCRS”");
    view = find_widget (GTK_WIDGET (version), GTK_TYPE_TEXT_VIEW);
    g_assert_nonnull (view);
    g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (view)));
    buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
    gtk_text_buffer_get_bounds (buffer, &start, &end);
    shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (shown, ==, site_a);
    /* The user's A is untouched. */
    g_free (after);
    after = git_test_read_file (path_a);
    g_assert_cmpstr (after, ==, saved_a);
  }

  postings_editor_page_discard_changes (page_b);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The user's copy of @site served by @server, whose address asks who we
 * are, and a change of B on the site since (its text in *@site_b). */
static char *
http_user_clone (GitTestSite   *site,
                 GitTestServer *server,
                 char         **site_b)
{
  g_autofree char *url = git_test_server_url (server, "site.git");
  g_autofree char *auth_url = g_strdup_printf ("http://%s:%s@127.0.0.1:%u/site.git",
                                               GIT_TEST_USER, GIT_TEST_TOKEN, server->port);
  char *user = user_clone (site, auth_url);

  g_free (git_test_git (user, "remote", "set-url", "origin", url, NULL));
  *site_b = retitled (site->upstream, GIT_TEST_POSTING_B, "EnvErgo (site)");
  git_test_site_push_change (site, GIT_TEST_POSTING_B, *site_b, "Change B");
  return user;
}

/* Is there a Secret Service (tests/git/with-keyring.sh)? */
static gboolean
have_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  postings_git_secret_lookup ("postings.invalid", NULL, NULL, &token, NULL, &error);
  return error == NULL;
}

/* The news on opening, from a site that asks who we are: silent with no
 * token, seen with the token in the keyring; nobody is ever asked. */
static void
test_news_stored_token (void)
{
  g_autoptr(GitTestSite) site = NULL;
  g_autoptr(GitTestServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL, *site_b = NULL, *host = NULL, *log = NULL, *before = NULL;
  PostingsWindow *window;

  if (!have_keyring ())
    {
      g_test_skip ("no Secret Service (run under tests/git/with-keyring.sh)");
      return;
    }
  site = git_test_site_new (TRUE);
  if (site == NULL)
    return;
  server = git_test_server_start (site->srv, 0, NULL);
  user = http_user_clone (site, server, &site_b);
  host = g_strdup_printf ("127.0.0.1:%u", server->port);

  /* No token: nothing said, nobody asked. */
  before = git_test_server_read_log (server);
  window = open_site (user);
  g_assert_null (_postings_window_git_get_news (window));
  g_assert_null (find_toplevel (POSTINGS_TYPE_CREDENTIALS_DIALOG));
  gtk_window_destroy (GTK_WINDOW (window));
  /* (It did ask the server, which wanted a token.) */
  log = git_test_server_read_log (server);
  g_assert_true (g_str_has_prefix (log, before));
  g_assert_nonnull (strstr (log + strlen (before), " - 401"));
  g_assert_null (strstr (log + strlen (before), GIT_TEST_USER));

  /* The token kept from an earlier sign-in: the news shows. */
  g_assert_true (postings_git_secret_store (host, GIT_TEST_USER, GIT_TEST_TOKEN, NULL, &error));
  g_assert_no_error (error);
  window = open_site (user);
  g_free (before);
  before = g_steal_pointer (&log);
  log = git_test_server_read_log (server);
  g_assert_nonnull (strstr (log + strlen (before), " " GIT_TEST_USER " 200"));
  g_assert_nonnull (_postings_window_git_get_news (window));
  g_assert_cmpstr (adw_toast_get_title (_postings_window_git_get_news (window)), ==, "The site has news");
  g_assert_null (find_toplevel (POSTINGS_TYPE_CREDENTIALS_DIALOG));
  gtk_window_destroy (GTK_WINDOW (window));

  g_assert_true (postings_git_secret_clear (host, NULL, NULL, &error));
}

static void
test_update_asks_credentials (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(GitTestServer) server = NULL;
  g_autofree char *user = NULL, *site_b = NULL, *path_b = NULL;
  g_autofree char *before = NULL, *after = NULL;
  PostingsCredentialsDialog *credentials;
  PostingsWindow *window;

  if (site == NULL)
    return;
  server = git_test_server_start (site->srv, 0, NULL);
  user = http_user_clone (site, server, &site_b);
  path_b = g_build_filename (user, GIT_TEST_POSTING_B, NULL);
  before = git_test_read_file (path_b);

  /* Looking for news asked nobody, and said nothing (it could not know). */
  window = open_site (user);
  g_assert_null (find_toplevel (POSTINGS_TYPE_CREDENTIALS_DIALOG));
  g_assert_null (_postings_window_git_get_news (window));
  g_assert_true (_postings_window_git_can_update (window));

  /* Asked for: the dialog, twice, then the plain message. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.update", NULL));
  GIT_TEST_WAIT_FOR ((credentials = (PostingsCredentialsDialog *) find_toplevel (POSTINGS_TYPE_CREDENTIALS_DIALOG)) != NULL);
  g_object_add_weak_pointer (G_OBJECT (credentials), (gpointer *) &credentials);
  postings_credentials_dialog_sign_in (credentials, GIT_TEST_USER, GIT_TEST_WRONG_TOKEN, FALSE);
  GIT_TEST_WAIT_FOR (credentials == NULL);
  GIT_TEST_WAIT_FOR ((credentials = (PostingsCredentialsDialog *) find_toplevel (POSTINGS_TYPE_CREDENTIALS_DIALOG)) != NULL);
  g_object_add_weak_pointer (G_OBJECT (credentials), (gpointer *) &credentials);
  postings_credentials_dialog_sign_in (credentials, GIT_TEST_USER, GIT_TEST_WRONG_TOKEN, FALSE);
  GIT_TEST_WAIT_FOR (_postings_window_git_is_idle (window) && _postings_window_git_get_message (window) != NULL);
  g_assert_null (find_toplevel (POSTINGS_TYPE_CREDENTIALS_DIALOG));
  g_assert_nonnull (_postings_window_git_get_result_dialog (window));
  g_assert_cmpstr (adw_message_dialog_get_heading (_postings_window_git_get_result_dialog (window)), ==,
                   "Could Not Update");
  g_test_message ("refused: %s", _postings_window_git_get_message (window));
  after = git_test_read_file (path_b);
  g_assert_cmpstr (after, ==, before);

  /* The right token: updated. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.update", NULL));
  GIT_TEST_WAIT_FOR ((credentials = (PostingsCredentialsDialog *) find_toplevel (POSTINGS_TYPE_CREDENTIALS_DIALOG)) != NULL);
  postings_credentials_dialog_sign_in (credentials, GIT_TEST_USER, GIT_TEST_TOKEN, FALSE);
  GIT_TEST_WAIT_FOR (_postings_window_git_is_idle (window) && _postings_window_git_get_message (window) != NULL);
  g_assert_cmpstr (_postings_window_git_get_message (window), ==, "1 posting was updated from the site.");
  g_free (after);
  after = git_test_read_file (path_b);
  g_assert_cmpstr (after, ==, site_b);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_update_cancel (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(GitTestServer) server = NULL;
  g_autofree char *user = NULL, *site_b = NULL, *path_b = NULL;
  g_autofree char *before = NULL, *after = NULL, *head_before = NULL, *head_after = NULL;
  PostingsWindow *window;

  if (site == NULL)
    return;
  server = git_test_server_start (site->srv, 0, NULL);
  user = http_user_clone (site, server, &site_b);
  path_b = g_build_filename (user, GIT_TEST_POSTING_B, NULL);
  before = git_test_read_file (path_b);
  head_before = git_test_git (user, "rev-parse", "HEAD", NULL);

  /* Cancel while it waits for the user name and the token: it stops,
   * nothing changed, and the question goes too. */
  window = open_site (user);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.update", NULL));
  GIT_TEST_WAIT_FOR (find_toplevel (POSTINGS_TYPE_CREDENTIALS_DIALOG) != NULL
                     && _postings_window_git_get_progress_dialog (window) != NULL);
  adw_message_dialog_response (_postings_window_git_get_progress_dialog (window), "cancel");
  GIT_TEST_WAIT_FOR (_postings_window_git_is_idle (window) && _postings_window_git_get_message (window) != NULL);
  g_assert_cmpstr (_postings_window_git_get_message (window), ==, "Update stopped");
  g_assert_null (find_toplevel (POSTINGS_TYPE_CREDENTIALS_DIALOG));
  g_assert_null (_postings_window_git_get_progress_dialog (window));
  g_assert_true (_postings_window_git_can_update (window));
  after = git_test_read_file (path_b);
  g_assert_cmpstr (after, ==, before);
  head_after = git_test_git (user, "rev-parse", "HEAD", NULL);
  g_assert_cmpstr (head_after, ==, head_before);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The site's host hangs (it takes the connection and never answers): the
 * progress dialog's Cancel ends the Update at once, nothing changed. */
static void
test_update_cancel_stalled (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(GitTestStallServer) stall = NULL;
  g_autofree char *user = NULL, *url = NULL, *path_a = NULL, *before = NULL, *after = NULL;
  g_autofree char *head_before = NULL, *head_after = NULL;
  PostingsWindow *window;

  if (site == NULL)
    return;
  user = user_clone (site, NULL);
  path_a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  before = git_test_read_file (path_a);
  head_before = git_test_git (user, "rev-parse", "HEAD", NULL);
  window = open_site (user);

  stall = git_test_stall_server_start ();
  url = git_test_stall_server_url (stall, "site.git");
  g_free (git_test_git (user, "remote", "set-url", "origin", url, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.update", NULL));
  GIT_TEST_WAIT_FOR (stall->accepted > 0 && _postings_window_git_get_progress_dialog (window) != NULL);
  g_assert_false (_postings_window_git_can_update (window));
  g_assert_null (_postings_window_git_get_message (window));

  adw_message_dialog_response (_postings_window_git_get_progress_dialog (window), "cancel");
  GIT_TEST_WAIT_FOR (_postings_window_git_is_idle (window) && _postings_window_git_get_message (window) != NULL);
  g_assert_cmpstr (_postings_window_git_get_message (window), ==, "Update stopped");
  g_assert_null (_postings_window_git_get_progress_dialog (window));
  g_assert_true (_postings_window_git_can_update (window));
  after = git_test_read_file (path_a);
  g_assert_cmpstr (after, ==, before);
  head_after = git_test_git (user, "rev-parse", "HEAD", NULL);
  g_assert_cmpstr (head_after, ==, head_before);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
cloned_cb (PostingsCloneDialog *dialog,
           GFile               *folder,
           gboolean            *cloned)
{
  *cloned = TRUE;
}

static void
test_get_site_on_start_page (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autofree char *dest = NULL;
  g_autoptr(GFile) folder = NULL;
  PostingsWindow *window;
  PostingsCloneDialog *dialog;
  PostingsSite *opened;
  GtkWidget *button;
  gboolean cloned = FALSE;

  if (site == NULL)
    return;
  dest = g_build_filename (site->dir, "Postings", "site", NULL);
  folder = g_file_new_for_path (dest);

  window = postings_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (_postings_window_get_content_name (window), ==, "start");
  /* Without a site: nothing to publish or update. */
  g_assert_false (_postings_window_git_can_publish (window));
  g_assert_false (_postings_window_git_can_update (window));

  /* Get a Site… beside Open Site and New Posting. */
  button = find_button_for_action (GTK_WIDGET (window), "win.get-site");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_visible (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Get a Site…");
  gtk_widget_activate (button);
  GIT_TEST_WAIT_FOR ((dialog = (PostingsCloneDialog *) find_toplevel (POSTINGS_TYPE_CLONE_DIALOG)) != NULL);
  g_signal_connect (dialog, "cloned", G_CALLBACK (cloned_cb), &cloned);

  postings_clone_dialog_set_url (dialog, site->bare);
  postings_clone_dialog_set_folder (dialog, folder);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "clone.start", NULL));

  /* The site opens here once it is on this computer. */
  GIT_TEST_WAIT_FOR (cloned && postings_window_get_site (window) != NULL);
  opened = postings_window_get_site (window);
  g_assert_true (g_file_equal (postings_site_get_root (opened), folder));
  GIT_TEST_WAIT_FOR (!postings_site_is_loading (opened) && _postings_window_git_is_idle (window));
  g_assert_cmpuint (g_list_model_get_n_items (postings_site_get_entries (opened)), ==, 3);
  g_assert_true (_postings_window_git_can_update (window));
  g_assert_null (_postings_window_git_get_news (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  gboolean tap = FALSE;
  int status;

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--tap"))
      tap = TRUE;

  git_test_init (&argc, &argv);

  if (!gtk_init_check ())
    {
      if (tap)
        {
          g_print ("1..0 # SKIP no display\n");
          return 0;
        }
      return 77;
    }

  app = postings_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/window-git/marks-and-changed-filter", test_marks_and_changed_filter);
  g_test_add_func ("/window-git/deleted-posting", test_deleted_posting);
  g_test_add_func ("/window-git/news-and-update", test_news_and_update);
  g_test_add_func ("/window-git/update-keeps-local-work", test_update_keeps_local_work);
  g_test_add_func ("/window-git/update-asks-credentials", test_update_asks_credentials);
  g_test_add_func ("/window-git/update-cancel", test_update_cancel);
  g_test_add_func ("/window-git/news-stored-token", test_news_stored_token);
  g_test_add_func ("/window-git/update-cancel-stalled", test_update_cancel_stalled);
  g_test_add_func ("/window-git/get-site-on-start-page", test_get_site_on_start_page);

  status = g_test_run ();
  g_application_release (G_APPLICATION (app));
  g_object_unref (app);
  return status;
}
