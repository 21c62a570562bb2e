/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A git host that hangs (stall-server.py: it accepts the connection and
 * never answers): Get a Site, Update and Publish end with the timeout's
 * plain message, nothing of the user's lost, and a retry once the host is
 * back succeeds; Cancel stops them at once. The /git-net/timeout cases run
 * with POSTINGS_GIT_TIMEOUT_MS short (tests/git/meson.build); the
 * /git-net/cancel ones with the real timeouts, so only Cancel can end
 * them. */
#include "config.h"

#include <git2.h>
#include <string.h>

#include "git-test-repository.h"
#include "git-test-util.h"
#include "postings-git.h"

static const char *postings_exe;

static char *
git_out (const char *repo,
         const char *arg1,
         const char *arg2)
{
  return g_strstrip (git_test_git (repo, arg1, arg2, NULL));
}

/* Opens A of @user's copy as published: "open: false"; returns its text. */
static char *
close_a (const char *user)
{
  g_autofree char *a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);

  git_test_edit_file (a, "open: true", "open: false");
  return git_test_read_file (a);
}

static void
assert_timeout (const GError       *error,
                GitTestStallServer *stall)
{
  g_autofree char *expected = g_strdup_printf ("127.0.0.1:%u did not answer in time. Try again in a "
                                               "moment.", stall->port);

  g_assert_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_TIMEOUT);
  g_assert_true (g_str_has_prefix (error->message, expected));
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* Timeouts. */

/* Clones SCHEME://127.0.0.1:PORT/site.git from the stalled server. */
static void
timeout_clone (const char *scheme)
{
  g_autoptr(GitTestStallServer) stall = git_test_stall_server_start ();
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("%s://127.0.0.1:%u/site.git", scheme, stall->port);
  g_autofree char *dest = g_build_filename (git_test_tmp (), "stalled-clone", NULL);

  repository = git_test_repository_new (dest);
  g_assert_false (postings_git_repository_clone (repository, url, NULL, &error));
  assert_timeout (error, stall);
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
}

static void
test_timeout_clone (void)
{
  timeout_clone ("http");
}

/* HTTPS: libgit2's TLS runs on the stream, and waits for the server's
 * hello; its message then says "SSL error", not that the server was
 * silent. */
static void
test_timeout_https_clone (void)
{
  timeout_clone ("https");
}

/* A host that never takes the connection: a listener on 127.0.0.1 that
 * never accepts, its queue filled (Linux then drops the next SYNs, so the
 * connection neither succeeds nor fails). */
static void
test_timeout_connect (void)
{
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) filler = NULL;
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *expected = NULL;
  g_autofree char *dest = g_build_filename (git_test_tmp (), "unconnected-clone", NULL);
  guint16 port;

  listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (listener, any, FALSE, &error));
  g_socket_set_listen_backlog (listener, 0);
  g_assert_true (g_socket_listen (listener, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (listener, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  filler = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (bound), NULL, &error);
  g_assert_no_error (error);

  url = g_strdup_printf ("http://127.0.0.1:%u/site.git", port);
  repository = git_test_repository_new (dest);
  g_assert_false (postings_git_repository_clone (repository, url, NULL, &error));
  expected = g_strdup_printf ("127.0.0.1:%u did not answer in time. Try again in a moment.", port);
  g_assert_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_TIMEOUT);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
}

static void
test_timeout_update (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(GitTestStallServer) stall = NULL;
  g_autoptr(GitTestServer) server = NULL;
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(PostingsGitUpdateResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *user = NULL, *mine = NULL, *head = NULL, *head_now = NULL;
  g_autofree char *a = NULL, *b = NULL, *b_before = NULL, *b_now = NULL, *a_now = NULL;
  g_autofree char *status = NULL, *theirs = NULL, *healthy = NULL;

  if (site == NULL)
    return;

  stall = git_test_stall_server_start ();
  url = git_test_stall_server_url (stall, "site.git");
  user = git_test_user_clone (site, url);
  mine = close_a (user);
  a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  b = g_build_filename (user, GIT_TEST_POSTING_B, NULL);
  b_before = git_test_read_file (b);
  head = git_out (user, "rev-parse", "HEAD");
  theirs = g_strconcat (b_before, "Poste pourvu.\n", NULL);
  git_test_site_push_change (site, GIT_TEST_POSTING_B, theirs, "Poste pourvu");

  /* The host hangs: the message, and nothing touched. */
  repository = git_test_repository_new (user);
  result = postings_git_repository_update (repository, NULL, &error);
  g_assert_null (result);
  assert_timeout (error, stall);
  g_clear_error (&error);
  head_now = git_out (user, "rev-parse", "HEAD");
  g_assert_cmpstr (head_now, ==, head);
  a_now = git_test_read_file (a);
  g_assert_cmpstr (a_now, ==, mine);
  b_now = git_test_read_file (b);
  g_assert_cmpstr (b_now, ==, b_before);

  /* The host is back: the update goes. */
  server = git_test_server_start (site->srv, 0, NULL);
  healthy = git_test_server_url (server, "site.git");
  g_free (git_test_git (user, "remote", "set-url", "origin", healthy, NULL));
  result = postings_git_repository_update (repository, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (result->updated), ==, 1);
  g_assert_cmpstr (result->updated[0], ==, GIT_TEST_POSTING_B);
  g_clear_pointer (&b_now, g_free);
  b_now = git_test_read_file (b);
  g_assert_cmpstr (b_now, ==, theirs);
  g_clear_pointer (&a_now, g_free);
  a_now = git_test_read_file (a);
  g_assert_cmpstr (a_now, ==, mine);
  status = git_test_git (user, "status", "--porcelain", NULL);
  g_assert_cmpstr (status, ==, " M " GIT_TEST_POSTING_A "\n");
}

/* The site read from a plain path, the push going to a fork on the host
 * that hangs: the commit is made, its push times out, and it waits on its
 * local branch; once the fork's host answers, the same commit goes. */
static void
test_timeout_publish (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(GitTestStallServer) stall = NULL;
  g_autoptr(GitTestServer) server = NULL;
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(PostingsGitPublishResult) result = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *stalled_url = NULL, *fork = NULL, *fork_url = NULL, *user = NULL;
  g_autofree char *mine = NULL, *a = NULL, *a_now = NULL, *head = NULL, *head_now = NULL;
  g_autofree char *status = NULL, *status_now = NULL, *kept = NULL, *on_fork = NULL;
  g_autofree char *pending = NULL, *base = NULL, *branch = NULL;

  if (site == NULL)
    return;

  stall = git_test_stall_server_start ();
  stalled_url = git_test_stall_server_url (stall, "fork.git");
  user = git_test_user_clone (site, site->bare);
  repository = git_test_repository_new (user);
  g_assert_true (postings_git_repository_use_fork (repository, stalled_url, &error));
  g_assert_no_error (error);
  mine = close_a (user);
  a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  head = git_out (user, "rev-parse", "HEAD");
  status = git_test_git (user, "status", "--porcelain", NULL);
  base = g_path_get_basename (GIT_TEST_POSTING_A);
  base[strlen (base) - 3] = '\0';
  branch = g_strconcat ("postings/", base, NULL);

  g_ptr_array_add (files, g_file_new_build_filename (user, GIT_TEST_POSTING_A, NULL));
  result = postings_git_repository_publish (repository, files, NULL, NULL, POSTINGS_GIT_PUBLISH_AUTO,
                                            NULL, &error);
  g_assert_null (result);
  assert_timeout (error, stall);
  g_assert_nonnull (strstr (error->message, "The change is kept on the local branch"));
  g_clear_error (&error);

  /* Nothing of the user's touched; the commit waits on its branch. */
  a_now = git_test_read_file (a);
  g_assert_cmpstr (a_now, ==, mine);
  head_now = git_out (user, "rev-parse", "HEAD");
  g_assert_cmpstr (head_now, ==, head);
  status_now = git_test_git (user, "status", "--porcelain", NULL);
  g_assert_cmpstr (status_now, ==, status);
  kept = git_out (user, "rev-parse", branch);
  pending = g_strdup_printf ("branch.%s.postingsPublish", branch);
  g_assert_cmpint (git_test_git_status (user, NULL, "config", "--get", pending, NULL), ==, 0);

  /* The fork's host answers again: that commit is pushed, not a new one. */
  fork = g_build_filename (site->srv, "fork.git", NULL);
  g_free (git_test_git (NULL, "clone", "-q", "--bare", site->bare, fork, NULL));
  server = git_test_server_start (site->srv, 0, NULL);
  fork_url = git_test_server_url (server, "fork.git");
  g_free (git_test_git (user, "remote", "set-url", "origin", fork_url, NULL));
  result = postings_git_repository_publish (repository, files, NULL, NULL, POSTINGS_GIT_PUBLISH_AUTO,
                                            NULL, &error);
  g_assert_no_error (error);
  g_assert_true (result->reused);
  g_assert_cmpstr (result->commit_id, ==, kept);
  g_assert_cmpstr (result->branch, ==, branch);
  on_fork = git_out (fork, "rev-parse", branch);
  g_assert_cmpstr (on_fork, ==, kept);
  g_assert_cmpint (git_test_git_status (user, NULL, "config", "--get", pending, NULL), !=, 0);
}

/* `postings update` in French: the plain message, exit 2. */
static void
test_timeout_cli_french (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(GitTestStallServer) stall = NULL;
  const char *french[] = { "LANGUAGE", "fr", "LC_ALL", "C.UTF-8", NULL };
  g_autofree char *url = NULL, *user = NULL, *out = NULL, *err = NULL, *expected = NULL;
  g_autofree char *head = NULL, *head_now = NULL;

  if (site == NULL)
    return;

  stall = git_test_stall_server_start ();
  url = git_test_stall_server_url (stall, "site.git");
  user = git_test_user_clone (site, url);
  head = git_out (user, "rev-parse", "HEAD");

  g_assert_cmpint (git_test_run (postings_exe, user, french, &out, &err, "update", NULL), ==, 2);
  expected = g_strdup_printf ("127.0.0.1:%u n’a pas répondu à temps. Réessayez dans un moment.",
                              stall->port);
  g_assert_nonnull (strstr (err, expected));
  head_now = git_out (user, "rev-parse", "HEAD");
  g_assert_cmpstr (head_now, ==, head);
}

/* Cancel, with the real timeouts (minutes): only Cancel ends these. The
 * operation runs in a worker; once the host has the connection (and the
 * worker waits for its answer), Cancel. */

static void
cancel_when_connected (GitTestStallServer *stall,
                       GCancellable       *cancellable,
                       GAsyncResult      **result)
{
  GIT_TEST_WAIT_FOR (stall->accepted > 0 || *result != NULL);
  g_assert_null (*result);
  g_cancellable_cancel (cancellable);
  GIT_TEST_WAIT_FOR (*result != NULL);
}

/* Clones SCHEME://git@127.0.0.1:PORT/site.git from the stalled server
 * and cancels once the host has the connection. */
static void
cancel_clone (const char *scheme)
{
  g_autoptr(GitTestStallServer) stall = git_test_stall_server_start ();
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("%s://git@127.0.0.1:%u/site.git", scheme, stall->port);
  g_autofree char *dest = g_build_filename (git_test_tmp (), "cancelled-clone", NULL);

  repository = git_test_repository_new (dest);
  postings_git_repository_clone_async (repository, url, cancellable, done_cb, &result);
  cancel_when_connected (stall, cancellable, &result);
  g_assert_false (postings_git_repository_clone_finish (repository, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
}

static void
test_cancel_clone (void)
{
  cancel_clone ("http");
}

/* SSH (libssh2 waits on the socket itself, in the handshake here): Cancel
 * shuts the connection down. Its own test in meson.build: libgit2 1.5
 * leaks a little of each SSH connection whose handshake fails. */
static void
test_cancel_ssh_clone (void)
{
  if (!(git_libgit2_features () & GIT_FEATURE_SSH))
    {
      g_test_skip ("libgit2 was built without SSH");
      return;
    }
  cancel_clone ("ssh");
}

static void
test_cancel_update (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(GitTestStallServer) stall = NULL;
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(PostingsGitUpdateResult) update = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *user = NULL, *mine = NULL, *a = NULL, *a_now = NULL;
  g_autofree char *head = NULL, *head_now = NULL;

  if (site == NULL)
    return;

  stall = git_test_stall_server_start ();
  url = git_test_stall_server_url (stall, "site.git");
  user = git_test_user_clone (site, url);
  mine = close_a (user);
  a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  head = git_out (user, "rev-parse", "HEAD");

  repository = git_test_repository_new (user);
  postings_git_repository_update_async (repository, cancellable, done_cb, &result);
  cancel_when_connected (stall, cancellable, &result);
  update = postings_git_repository_update_finish (repository, result, &error);
  g_assert_null (update);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  head_now = git_out (user, "rev-parse", "HEAD");
  g_assert_cmpstr (head_now, ==, head);
  a_now = git_test_read_file (a);
  g_assert_cmpstr (a_now, ==, mine);
}

int
main (int    argc,
      char **argv)
{
  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--postings="))
      postings_exe = argv[i] + strlen ("--postings=");

  git_test_init (&argc, &argv);
  g_assert_nonnull (postings_exe);
  /* Who we are, for the healthy host (never asked by the hanging one). */
  g_setenv ("POSTINGS_GIT_USERNAME", GIT_TEST_USER, TRUE);
  g_setenv ("POSTINGS_GIT_TOKEN", GIT_TEST_TOKEN, TRUE);

  g_test_add_func ("/git-net/timeout/clone", test_timeout_clone);
  g_test_add_func ("/git-net/timeout/https-clone", test_timeout_https_clone);
  g_test_add_func ("/git-net/timeout/connect", test_timeout_connect);
  g_test_add_func ("/git-net/timeout/update", test_timeout_update);
  g_test_add_func ("/git-net/timeout/publish", test_timeout_publish);
  g_test_add_func ("/git-net/timeout/cli-french", test_timeout_cli_french);
  g_test_add_func ("/git-net/cancel/clone", test_cancel_clone);
  g_test_add_func ("/git-net/cancel/update", test_cancel_update);
  g_test_add_func ("/git-net/ssh/cancel-clone", test_cancel_ssh_clone);

  return g_test_run ();
}
