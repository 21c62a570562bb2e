/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Publish dialog on its own, on a real temporary site repository (the
 * corpus' postings, a bare repository served from a folder; its address
 * looks like GitHub's through git's url.*.insteadOf). */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "git-test-util.h"
#include "postings-application.h"
#include "postings-publish-dialog.h"

#define NEW_POSTING "content/_jobs/2026-03-01-charge.e.de.deploiement.md"
#define GITHUB_URL  "https://github.com/betagouv/beta.gouv.fr.git"

static char *
strip (char *text)
{
  return g_strstrip (text);
}

/* The user's copy of @site, whose origin reads as GitHub's. */
static char *
user_clone (GitTestSite *site,
            gboolean     with_author)
{
  char *dest = g_build_filename (site->dir, "user", NULL);
  g_autofree char *key = g_strdup_printf ("url.%s.insteadOf", site->bare);

  g_free (git_test_git (NULL, "clone", "-q", site->bare, dest, NULL));
  g_free (git_test_git (dest, "remote", "set-url", "origin", GITHUB_URL, NULL));
  g_free (git_test_git (dest, "config", key, GITHUB_URL, NULL));
  if (with_author)
    {
      g_free (git_test_git (dest, "config", "user.name", "Camille Martin", NULL));
      g_free (git_test_git (dest, "config", "user.email", "camille@example.fr", NULL));
    }
  return dest;
}

static void
close_posting (const char *user)
{
  g_autofree char *path = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  g_autofree char *text = git_test_read_file (path);
  char *at = strstr (text, "open: true");
  g_autofree char *edited = NULL;

  g_assert_nonnull (at);
  edited = g_strdup_printf ("%.*sopen: false%s", (int) (at - text), text, at + strlen ("open: true"));
  git_test_write_file (path, edited);
}

static PostingsPublishDialog *
open_dialog (const char *user)
{
  g_autoptr(GFile) folder = g_file_new_for_path (user);
  PostingsPublishDialog *dialog = postings_publish_dialog_new (NULL, folder);

  gtk_window_present (GTK_WINDOW (dialog));
  GIT_TEST_WAIT_FOR (!postings_publish_dialog_is_loading (dialog));
  return dialog;
}

static void
assert_row (PostingsPublishDialog *dialog,
            guint                  position,
            const char            *title,
            const char            *subtitle)
{
  GtkWidget *row = postings_publish_dialog_get_row (dialog, position);

  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, title);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, subtitle);
  g_assert_true (postings_publish_dialog_get_selected (dialog, position));
}

static void
test_lists_and_publishes (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autofree char *user = NULL, *n = NULL, *message = NULL, *expected = NULL;
  g_autofree char *numstat = NULL, *head_before = NULL, *head_after = NULL;
  PostingsPublishDialog *dialog;
  const PostingsGitPublishResult *result;
  const char *branch = "postings/2022-06-28-responsable-produit-PCRS";

  if (site == NULL)
    return;

  user = user_clone (site, TRUE);
  close_posting (user);
  n = g_build_filename (user, NEW_POSTING, NULL);
  git_test_write_file (n, "---\nroles: Chargé·e de déploiement\nopen: true\n---\nRejoignez-nous.\n");
  head_before = strip (git_test_git (user, "rev-parse", "HEAD", NULL));

  dialog = open_dialog (user);

  /* The changed postings, each with its title and its change, all checked. */
  g_assert_null (postings_publish_dialog_get_error (dialog));
  g_assert_cmpuint (postings_publish_dialog_get_n_changes (dialog), ==, 2);
  assert_row (dialog, 0, "Un responsable de produit PCRS",
              "Closed · 2022-06-28-responsable-produit-PCRS.md");
  assert_row (dialog, 1, "Chargé·e de déploiement", "New · 2026-03-01-charge.e.de.deploiement.md");
  g_assert_false (postings_publish_dialog_needs_author (dialog));

  /* The message follows what is checked. */
  message = postings_publish_dialog_dup_message (dialog);
  g_assert_cmpstr (message, ==,
                   "Change 2 offers\n\n"
                   "- Close the offer “Un responsable de produit PCRS”\n"
                   "- Add the offer “Chargé·e de déploiement”");
  g_clear_pointer (&message, g_free);
  postings_publish_dialog_set_selected (dialog, 1, FALSE);
  message = postings_publish_dialog_dup_message (dialog);
  g_assert_cmpstr (message, ==, "Close the offer “Un responsable de produit PCRS”");

  /* Publish: the pull-request page of the GitHub site. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "publish.publish", NULL));
  g_assert_true (postings_publish_dialog_is_busy (dialog));
  GIT_TEST_WAIT_FOR (!postings_publish_dialog_is_busy (dialog));
  g_assert_null (postings_publish_dialog_get_error (dialog));
  result = postings_publish_dialog_get_result (dialog);
  g_assert_nonnull (result);
  g_assert_cmpstr (result->branch, ==, branch);
  expected = g_strdup_printf ("https://github.com/betagouv/beta.gouv.fr/compare/main...%s"
                              "?quick_pull=1&title=Close%%20the%%20offer%%20%%E2%%80%%9CUn%%20responsable"
                              "%%20de%%20produit%%20PCRS%%E2%%80%%9D&body=", branch);
  g_assert_cmpstr (result->pull_request_url, ==, expected);

  /* Only the posting checked, one line; the user's branch did not move. */
  numstat = git_test_git (site->bare, "diff", "--numstat", "main", branch, NULL);
  g_assert_cmpstr (numstat, ==, "1\t1\t" GIT_TEST_POSTING_A "\n");
  head_after = strip (git_test_git (user, "rev-parse", "HEAD", NULL));
  g_assert_cmpstr (head_after, ==, head_before);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_asks_author_once (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autofree char *user = NULL, *stored = NULL, *author = NULL;
  PostingsPublishDialog *dialog;

  if (site == NULL)
    return;

  user = user_clone (site, FALSE);
  close_posting (user);

  dialog = open_dialog (user);
  g_assert_true (postings_publish_dialog_needs_author (dialog));
  /* Nothing goes until the author is known. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "publish.publish", NULL);
  g_assert_false (postings_publish_dialog_is_busy (dialog));
  postings_publish_dialog_set_author (dialog, "Camille Martin", "camille@example.fr");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "publish.publish", NULL));
  GIT_TEST_WAIT_FOR (!postings_publish_dialog_is_busy (dialog));
  g_assert_null (postings_publish_dialog_get_error (dialog));
  g_assert_nonnull (postings_publish_dialog_get_result (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Stored in the repository: not asked again. */
  stored = strip (git_test_git (user, "config", "--local", "user.name", NULL));
  g_assert_cmpstr (stored, ==, "Camille Martin");
  author = strip (git_test_git (site->bare, "log", "-1", "--format=%an <%ae>",
                                "postings/2022-06-28-responsable-produit-PCRS", NULL));
  g_assert_cmpstr (author, ==, "Camille Martin <camille@example.fr>");
  dialog = open_dialog (user);
  g_assert_false (postings_publish_dialog_needs_author (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_nothing_to_publish (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autofree char *user = NULL;
  PostingsPublishDialog *dialog;

  if (site == NULL)
    return;

  user = user_clone (site, TRUE);
  dialog = open_dialog (user);
  g_assert_cmpuint (postings_publish_dialog_get_n_changes (dialog), ==, 0);
  g_assert_null (postings_publish_dialog_get_error (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "publish.publish", NULL);
  g_assert_false (postings_publish_dialog_is_busy (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_closed_while_loading (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(GFile) folder = NULL;
  g_autofree char *user = NULL;
  PostingsPublishDialog *dialog;

  if (site == NULL)
    return;

  user = user_clone (site, TRUE);
  close_posting (user);
  folder = g_file_new_for_path (user);
  dialog = postings_publish_dialog_new (NULL, folder);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  /* The workers finish later, into a closed dialog: no crash, no warning,
   * and then the dialog goes. */
  GIT_TEST_WAIT_FOR (dialog == NULL);
}

int
main (int    argc,
      char **argv)
{
  gboolean tap = FALSE;

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
  adw_init ();
  postings_application_init_ui ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/publish-dialog/lists-and-publishes", test_lists_and_publishes);
  g_test_add_func ("/publish-dialog/asks-author-once", test_asks_author_once);
  g_test_add_func ("/publish-dialog/nothing-to-publish", test_nothing_to_publish);
  g_test_add_func ("/publish-dialog/closed-while-loading", test_closed_while_loading);

  return g_test_run ();
}
