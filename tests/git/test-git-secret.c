/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tokens in the keyring: a real Secret Service (gnome-keyring-daemon on a
 * private session bus, started by with-keyring.sh), and the smart-HTTP test
 * server. Skipped when no Secret Service answers. */
#include "config.h"

#include <libsecret/secret.h>
#include <string.h>

#include "git-test-util.h"
#include "postings-git.h"
#include "postings-git-secret.h"

static gboolean have_keyring;

typedef struct
{
  const char *token;
  gboolean    remember;
  guint       calls;
  guint       retries;
} Asker;

static gboolean
credentials_needed_cb (PostingsGitRepository        *repository,
                       PostingsGitCredentialRequest *request,
                       gpointer                      data)
{
  Asker *asker = data;

  asker->calls++;
  if (postings_git_credential_request_is_retry (request))
    asker->retries++;
  postings_git_credential_request_reply (request, GIT_TEST_USER, asker->token, asker->remember);
  return TRUE;
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static char *
host_of (GitTestServer *server)
{
  return g_strdup_printf ("127.0.0.1:%u", server->port);
}

static gboolean
clone_with (const char    *url,
            const char    *dest,
            Asker         *asker,
            GError       **error)
{
  g_autoptr(GFile) folder = g_file_new_for_path (dest);
  g_autoptr(PostingsGitRepository) repository = postings_git_repository_new (folder);
  g_autoptr(GAsyncResult) result = NULL;

  g_signal_connect (repository, "credentials-needed", G_CALLBACK (credentials_needed_cb), asker);
  postings_git_repository_clone_async (repository, url, NULL, done_cb, &result);
  GIT_TEST_WAIT_FOR (result != NULL);
  return postings_git_repository_clone_finish (repository, result, error);
}

static gboolean
skip_without_keyring (void)
{
  if (!have_keyring)
    g_test_skip ("no Secret Service (run under tests/git/with-keyring.sh)");
  return !have_keyring;
}

static void
test_store_lookup_clear (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL, *token = NULL, *none = NULL;

  if (skip_without_keyring ())
    return;

  g_assert_true (postings_git_secret_store ("git.example.org", "camille", "tok-1", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (postings_git_secret_store ("git.example.org:8443", "dominique", "tok-2", NULL, &error));
  g_assert_no_error (error);

  /* By host, any user; by host and user. */
  g_assert_true (postings_git_secret_lookup ("git.example.org", NULL, &user, &token, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (user, ==, "camille");
  g_assert_cmpstr (token, ==, "tok-1");
  g_clear_pointer (&token, g_free);
  g_assert_false (postings_git_secret_lookup ("git.example.org", "dominique", NULL, &none, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (none);
  g_assert_true (postings_git_secret_lookup ("git.example.org:8443", "dominique", NULL, &token, NULL, &error));
  g_assert_cmpstr (token, ==, "tok-2");

  /* Stored again: replaced, not added. Then forgotten. */
  g_assert_true (postings_git_secret_store ("git.example.org", "camille", "tok-3", NULL, &error));
  g_clear_pointer (&token, g_free);
  g_assert_true (postings_git_secret_lookup ("git.example.org", "camille", NULL, &token, NULL, &error));
  g_assert_cmpstr (token, ==, "tok-3");
  g_assert_true (postings_git_secret_clear ("git.example.org", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (postings_git_secret_lookup ("git.example.org", NULL, NULL, &none, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (postings_git_secret_clear ("git.example.org:8443", "dominique", NULL, &error));
}

static void
test_remember (void)
{
  g_autoptr(GitTestSite) site = NULL;
  g_autoptr(GitTestServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *host = NULL, *dest = NULL, *again = NULL, *git_dir = NULL;
  g_autofree char *token = NULL, *user = NULL;
  Asker wrong = { GIT_TEST_WRONG_TOKEN, TRUE, };
  Asker right = { GIT_TEST_TOKEN, TRUE, };
  Asker nobody = { NULL, };

  if (skip_without_keyring ())
    return;
  site = git_test_site_new (TRUE);
  if (site == NULL)
    return;

  server = git_test_server_start (site->srv, 0, NULL);
  url = git_test_server_url (server, "site.git");
  host = host_of (server);

  /* A refused token is not remembered, even when asked to. */
  dest = g_build_filename (site->dir, "refused", NULL);
  g_assert_false (clone_with (url, dest, &wrong, &error));
  g_assert_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_AUTH);
  g_clear_error (&error);
  g_assert_false (postings_git_secret_lookup (host, NULL, NULL, &token, NULL, &error));
  g_assert_no_error (error);

  /* An accepted one is, once the clone worked. */
  g_clear_pointer (&dest, g_free);
  dest = g_build_filename (site->dir, "clone", NULL);
  g_assert_true (clone_with (url, dest, &right, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (right.calls, ==, 1);
  g_assert_true (postings_git_secret_lookup (host, NULL, &user, &token, NULL, &error));
  g_assert_cmpstr (user, ==, GIT_TEST_USER);
  g_assert_cmpstr (token, ==, GIT_TEST_TOKEN);

  /* Next time nobody is asked; the token went nowhere else. */
  again = g_build_filename (site->dir, "again", NULL);
  g_assert_true (clone_with (url, again, &nobody, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (nobody.calls, ==, 0);
  git_dir = g_build_filename (again, ".git", NULL);
  g_assert_false (git_test_tree_contains (git_dir, GIT_TEST_TOKEN));
  g_clear_pointer (&git_dir, g_free);
  git_dir = g_build_filename (dest, ".git", NULL);
  g_assert_false (git_test_tree_contains (git_dir, GIT_TEST_TOKEN));
  g_assert_false (git_test_tree_contains (g_get_home_dir (), GIT_TEST_TOKEN));

  g_assert_true (postings_git_secret_clear (host, NULL, NULL, &error));
}

static void
test_stored_token_refused (void)
{
  g_autoptr(GitTestSite) site = NULL;
  g_autoptr(GitTestServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *host = NULL, *dest = NULL, *token = NULL;
  Asker right = { GIT_TEST_TOKEN, TRUE, };

  if (skip_without_keyring ())
    return;
  site = git_test_site_new (TRUE);
  if (site == NULL)
    return;

  server = git_test_server_start (site->srv, 0, NULL);
  url = git_test_server_url (server, "site.git");
  host = host_of (server);

  /* An expired token in the keyring: tried, refused, then the user is
   * asked (told it was refused), and the new token replaces it. */
  g_assert_true (postings_git_secret_store (host, GIT_TEST_USER, GIT_TEST_WRONG_TOKEN, NULL, &error));
  dest = g_build_filename (site->dir, "clone", NULL);
  g_assert_true (clone_with (url, dest, &right, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (right.calls, ==, 1);
  g_assert_cmpuint (right.retries, ==, 1);
  g_assert_true (postings_git_secret_lookup (host, GIT_TEST_USER, NULL, &token, NULL, &error));
  g_assert_cmpstr (token, ==, GIT_TEST_TOKEN);

  g_assert_true (postings_git_secret_clear (host, NULL, NULL, &error));
}

/* Looks for the site's news (@url's) through a quiet repository: it may
 * read the keyring, never asks anybody (@asker counts any question). */
static gboolean
check_quietly (const char  *user_copy,
               Asker       *asker,
               guint       *n_commits,
               GError     **error)
{
  g_autoptr(GFile) folder = g_file_new_for_path (user_copy);
  g_autoptr(PostingsGitRepository) repository = postings_git_repository_new (folder);
  g_autoptr(GAsyncResult) result = NULL;

  postings_git_repository_set_quiet (repository, TRUE);
  g_signal_connect (repository, "credentials-needed", G_CALLBACK (credentials_needed_cb), asker);
  postings_git_repository_check_updates_async (repository, NULL, done_cb, &result);
  GIT_TEST_WAIT_FOR (result != NULL);
  return postings_git_repository_check_updates_finish (repository, result, n_commits, error);
}

/* The news check: a stored token is used, nobody is ever asked, nothing
 * stored; a locked keyring stays locked. (Last: nothing unlocks it again
 * without a password prompt.) */
static void
test_quiet_news (void)
{
  g_autoptr(GitTestSite) site = NULL;
  g_autoptr(GitTestServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;
  g_autofree char *url = NULL, *auth_url = NULL, *host = NULL, *dest = NULL, *token = NULL, *theirs = NULL;
  g_autolist(GObject) objects = NULL;
  Asker asker = { GIT_TEST_TOKEN, TRUE, };
  guint n = 99;

  if (skip_without_keyring ())
    return;
  site = git_test_site_new (TRUE);
  if (site == NULL)
    return;

  server = git_test_server_start (site->srv, 0, NULL);
  url = git_test_server_url (server, "site.git");
  auth_url = g_strdup_printf ("http://%s:%s@127.0.0.1:%u/site.git", GIT_TEST_USER, GIT_TEST_TOKEN, server->port);
  host = host_of (server);
  dest = g_build_filename (site->dir, "user", NULL);
  g_free (git_test_git (NULL, "clone", "-q", auth_url, dest, NULL));
  g_free (git_test_git (dest, "remote", "set-url", "origin", url, NULL));
  theirs = g_strdup ("---\nroles: Nouvelle offre du site\nopen: true\n---\n\nTexte.\n");
  git_test_site_push_change (site, "content/_jobs/2026-03-02-nouvelle.md", theirs, "Nouvelle offre");

  /* No token: fails quietly, nobody asked, nothing stored. */
  g_assert_false (check_quietly (dest, &asker, &n, &error));
  g_assert_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_AUTH);
  g_clear_error (&error);
  g_assert_cmpuint (asker.calls, ==, 0);
  g_assert_false (postings_git_secret_lookup (host, NULL, NULL, &token, NULL, &error));
  g_assert_no_error (error);

  /* A stored token: the news is seen, still nobody asked. */
  g_assert_true (postings_git_secret_store (host, GIT_TEST_USER, GIT_TEST_TOKEN, NULL, &error));
  g_assert_true (postings_git_secret_lookup_unlocked (host, NULL, NULL, &token, NULL, &error));
  g_assert_cmpstr (token, ==, GIT_TEST_TOKEN);
  g_clear_pointer (&token, g_free);
  g_assert_true (check_quietly (dest, &asker, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (asker.calls, ==, 0);

  /* A wrong stored token: refused quietly, and kept (only a check the
   * user asked for replaces it). */
  g_assert_true (postings_git_secret_store (host, GIT_TEST_USER, GIT_TEST_WRONG_TOKEN, NULL, &error));
  g_assert_false (check_quietly (dest, &asker, &n, &error));
  g_assert_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_AUTH);
  g_clear_error (&error);
  g_assert_cmpuint (asker.calls, ==, 0);
  g_assert_true (postings_git_secret_lookup (host, GIT_TEST_USER, NULL, &token, NULL, &error));
  g_assert_cmpstr (token, ==, GIT_TEST_WRONG_TOKEN);
  g_clear_pointer (&token, g_free);
  g_assert_true (postings_git_secret_store (host, GIT_TEST_USER, GIT_TEST_TOKEN, NULL, &error));

  /* The keyring locked: the token is there, but not read, and nobody is
   * asked to unlock it. */
  service = secret_service_get_sync (SECRET_SERVICE_LOAD_COLLECTIONS, NULL, &error);
  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE,
                                                 NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);
  objects = g_list_append (NULL, g_object_ref (collection));
  g_assert_cmpint (secret_service_lock_sync (service, objects, NULL, NULL, &error), ==, 1);
  g_assert_no_error (error);
  /* As the Secret Service itself says: one item, locked. */
  {
    g_autoptr(GVariantBuilder) query = g_variant_builder_new (G_VARIANT_TYPE ("a{ss}"));
    g_autoptr(GVariant) reply = NULL;
    g_autoptr(GVariant) unlocked = NULL, locked = NULL;

    g_variant_builder_add (query, "{ss}", "host", host);
    reply = g_dbus_connection_call_sync (g_dbus_proxy_get_connection (G_DBUS_PROXY (service)),
                                         "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                         "org.freedesktop.Secret.Service", "SearchItems",
                                         g_variant_new ("(a{ss})", query), G_VARIANT_TYPE ("(aoao)"),
                                         G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
    g_assert_no_error (error);
    g_variant_get (reply, "(@ao@ao)", &unlocked, &locked);
    g_assert_cmpuint (g_variant_n_children (unlocked), ==, 0);
    g_assert_cmpuint (g_variant_n_children (locked), ==, 1);
  }

  g_assert_false (postings_git_secret_lookup_unlocked (host, NULL, NULL, &token, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (token);
  g_assert_false (check_quietly (dest, &asker, &n, &error));
  g_assert_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_AUTH);
  g_assert_cmpuint (asker.calls, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  git_test_init (&argc, &argv);

  /* Is there a Secret Service? */
  postings_git_secret_lookup ("postings.invalid", NULL, NULL, &token, NULL, &error);
  have_keyring = error == NULL;
  if (error != NULL)
    g_test_message ("No keyring: %s", error->message);

  g_test_add_func ("/git/secret/store-lookup-clear", test_store_lookup_clear);
  g_test_add_func ("/git/secret/remember", test_remember);
  g_test_add_func ("/git/secret/stored-token-refused", test_stored_token_refused);
  /* Last: it locks the keyring. */
  g_test_add_func ("/git/secret/quiet-news", test_quiet_news);

  return g_test_run ();
}
