/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Get a Site" and the credentials dialog, on real repositories: a bare one
 * in a folder, and the smart-HTTP test server on 127.0.0.1 asking for a
 * user name and a token. */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "git-ssh-test-util.h"
#include "git-test-util.h"
#include "postings-application.h"
#include "postings-clone-dialog.h"
#include "postings-credentials-dialog.h"

static void
cloned_cb (PostingsCloneDialog *dialog,
           GFile               *folder,
           GFile              **out)
{
  *out = g_object_ref (folder);
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* The visible toplevel of @type, if any. */
static gpointer
find_window (GType type)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static PostingsCredentialsDialog *
find_credentials_dialog (void)
{
  return find_window (POSTINGS_TYPE_CREDENTIALS_DIALOG);
}

static void
test_default_folder (void)
{
  PostingsCloneDialog *dialog = postings_clone_dialog_new (NULL);
  g_autoptr(GFile) chosen = g_file_new_for_path ("/tmp/ailleurs");
  g_autofree char *name = NULL, *parent_name = NULL;
  g_autoptr(GFile) parent = NULL;
  GFile *folder;

  /* The folder follows the address… */
  postings_clone_dialog_set_url (dialog, "https://github.com/betagouv/beta.gouv.fr.git");
  folder = postings_clone_dialog_get_folder (dialog);
  name = g_file_get_basename (folder);
  parent = g_file_get_parent (folder);
  parent_name = g_file_get_basename (parent);
  g_assert_cmpstr (name, ==, "beta.gouv.fr");
  g_assert_cmpstr (parent_name, ==, "Postings");

  /* …until one is chosen. */
  postings_clone_dialog_set_folder (dialog, chosen);
  postings_clone_dialog_set_url (dialog, "https://gitlab.com/incubateur/autre.git");
  g_assert_true (g_file_equal (postings_clone_dialog_get_folder (dialog), chosen));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* An SSH address with no SSH agent: said before starting, and Get the
 * Site does nothing; with an agent, or a web address, no such message. */
static void
test_ssh_without_agent (void)
{
  PostingsCloneDialog *dialog = postings_clone_dialog_new (NULL);
  g_autoptr(GFile) folder = NULL;
  g_autofree char *name = NULL;

  g_unsetenv ("SSH_AUTH_SOCK");
  postings_clone_dialog_set_url (dialog, "git@github.com:betagouv/beta.gouv.fr.git");
  folder = g_object_ref (postings_clone_dialog_get_folder (dialog));
  name = g_file_get_basename (folder);
  g_assert_cmpstr (name, ==, "beta.gouv.fr");
  g_assert_nonnull (postings_clone_dialog_get_error (dialog));
  g_assert_nonnull (strstr (postings_clone_dialog_get_error (dialog), "no SSH agent"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "clone.start", NULL);
  g_assert_false (postings_clone_dialog_is_busy (dialog));

  postings_clone_dialog_set_url (dialog, "https://github.com/betagouv/beta.gouv.fr.git");
  g_assert_null (postings_clone_dialog_get_error (dialog));

  g_setenv ("SSH_AUTH_SOCK", "/nonexistent/agent.sock", TRUE);
  postings_clone_dialog_set_url (dialog, "ssh://git@github.com/betagouv/beta.gouv.fr.git");
  g_assert_null (postings_clone_dialog_get_error (dialog));
  g_unsetenv ("SSH_AUTH_SOCK");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_clone_with_credentials (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(GitTestServer) server = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) cloned = NULL;
  g_autofree char *url = NULL, *dest = NULL, *jobs = NULL, *config = NULL;
  PostingsCloneDialog *dialog;
  PostingsCredentialsDialog *credentials;

  if (site == NULL)
    return;

  server = git_test_server_start (site->srv, 0, NULL);
  url = git_test_server_url (server, "site.git");
  dest = g_build_filename (site->dir, "Postings", "site", NULL);
  folder = g_file_new_for_path (dest);

  dialog = postings_clone_dialog_new (NULL);
  g_signal_connect (dialog, "cloned", G_CALLBACK (cloned_cb), &cloned);
  postings_clone_dialog_set_url (dialog, url);
  postings_clone_dialog_set_folder (dialog, folder);
  gtk_window_present (GTK_WINDOW (dialog));

  /* The server asks who we are: the credentials dialog answers. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "clone.start", NULL));
  g_assert_true (postings_clone_dialog_is_busy (dialog));
  GIT_TEST_WAIT_FOR ((credentials = find_credentials_dialog ()) != NULL);
  postings_credentials_dialog_sign_in (credentials, GIT_TEST_USER, GIT_TEST_TOKEN, FALSE);

  GIT_TEST_WAIT_FOR (cloned != NULL);
  g_assert_true (g_file_equal (cloned, folder));
  jobs = g_build_filename (dest, "content", "_jobs", NULL);
  g_assert_cmpuint (count_files (jobs), ==, 3);
  config = g_build_filename (dest, ".git", "config", NULL);
  g_assert_false (git_test_tree_contains (config, GIT_TEST_TOKEN));
}

static void
test_cancel_credentials (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(GitTestServer) server = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *url = NULL, *dest = NULL;
  PostingsCloneDialog *dialog;
  PostingsCredentialsDialog *credentials;

  if (site == NULL)
    return;

  server = git_test_server_start (site->srv, 0, NULL);
  url = git_test_server_url (server, "site.git");
  dest = g_build_filename (site->dir, "cancelled", NULL);
  folder = g_file_new_for_path (dest);

  dialog = postings_clone_dialog_new (NULL);
  postings_clone_dialog_set_url (dialog, url);
  postings_clone_dialog_set_folder (dialog, folder);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "clone.start", NULL));
  GIT_TEST_WAIT_FOR ((credentials = find_credentials_dialog ()) != NULL);

  /* Closing the question stops the clone; nothing is left. */
  gtk_window_close (GTK_WINDOW (credentials));
  GIT_TEST_WAIT_FOR (!postings_clone_dialog_is_busy (dialog));
  g_assert_cmpstr (postings_clone_dialog_get_error (dialog), ==, "Cancelled.");
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (dialog));
}


/* Over SSH from a server never met: the question shows the host and the
 * fingerprint ssh-keygen gives; « Faire confiance » lets the clone go on
 * and remembers the key in ~/.ssh/known_hosts. */
static void
test_ssh_trust_host (void)
{
  g_autoptr(GitTestSite) site = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) cloned = NULL;
  g_autofree char *url = NULL, *dest = NULL, *jobs = NULL, *user_key = NULL, *user_pub_path = NULL;
  g_autofree char *user_pub = NULL, *known = NULL, *known_path = NULL, *host_pub_path = NULL;
  g_autofree char *host_pub = NULL;
  g_auto(GStrv) host_fields = NULL;
  const char *skip = git_test_ssh_skip_reason ();
  GitTestSshServer *server;
  GitTestSshAgent *agent;
  PostingsCloneDialog *dialog;
  AdwMessageDialog *question;

  if (skip != NULL)
    {
      g_test_skip (skip);
      return;
    }
  if ((site = git_test_site_new (TRUE)) == NULL)
    return;

  user_key = g_build_filename (site->dir, "user_key", NULL);
  user_pub_path = g_strconcat (user_key, ".pub", NULL);
  git_test_ssh_generate_key (user_key);
  server = git_test_ssh_server_start ();
  user_pub = git_test_read_file (user_pub_path);
  git_test_write_file (server->authorized, user_pub);
  agent = git_test_ssh_agent_start ("ui-agent.sock", user_key);
  g_setenv ("SSH_AUTH_SOCK", agent->socket, TRUE);
  git_test_ssh_set_known_host (server, NULL);

  url = git_test_ssh_url (server, site->bare);
  dest = g_build_filename (site->dir, "Postings", "site", NULL);
  folder = g_file_new_for_path (dest);
  dialog = postings_clone_dialog_new (NULL);
  g_signal_connect (dialog, "cloned", G_CALLBACK (cloned_cb), &cloned);
  postings_clone_dialog_set_url (dialog, url);
  postings_clone_dialog_set_folder (dialog, folder);
  g_assert_null (postings_clone_dialog_get_error (dialog));
  gtk_window_present (GTK_WINDOW (dialog));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "clone.start", NULL));
  GIT_TEST_WAIT_FOR ((question = find_window (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), "127.0.0.1"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), server->fingerprint));
  g_assert_true (adw_message_dialog_has_response (question, "trust"));
  adw_message_dialog_response (question, "trust");

  GIT_TEST_WAIT_FOR (cloned != NULL);
  jobs = g_build_filename (dest, "content", "_jobs", NULL);
  g_assert_cmpuint (count_files (jobs), ==, 3);
  known_path = git_test_ssh_known_hosts_path ();
  known = git_test_read_file (known_path);
  host_pub_path = g_strconcat (server->host_key, ".pub", NULL);
  host_pub = git_test_read_file (host_pub_path);
  host_fields = g_strsplit (host_pub, " ", 3);
  g_assert_nonnull (strstr (known, host_fields[1]));

  git_test_ssh_set_known_host (server, NULL);
  g_unsetenv ("SSH_AUTH_SOCK");
  git_test_ssh_agent_free (agent);
  git_test_ssh_server_free (server);
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

  g_test_add_func ("/clone-dialog/default-folder", test_default_folder);
  g_test_add_func ("/clone-dialog/ssh-without-agent", test_ssh_without_agent);
  g_test_add_func ("/clone-dialog/with-credentials", test_clone_with_credentials);
  g_test_add_func ("/clone-dialog/cancel-credentials", test_cancel_credentials);
  g_test_add_func ("/clone-dialog/ssh-trust-host", test_ssh_trust_host);

  return g_test_run ();
}
