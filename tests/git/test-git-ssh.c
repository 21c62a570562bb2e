/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The git core over SSH against a real OpenSSH server on 127.0.0.1: Debian's
 * sshd started by the test as the current user (its own host key and
 * sshd_config, keys accepted from a temporary authorized_keys), and an
 * ssh-agent started by the test holding a generated ed25519 key. Clone,
 * publish and update through the same calls as the HTTP tests; the host key
 * cases (known, hashed, unknown, trusted, refused, changed) with HOME in a
 * temporary folder; no agent, and an agent without the right key. Skipped
 * when sshd, ssh-agent, ssh-add or ssh-keygen is missing. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "git-ssh-test-util.h"
#include "git-test-repository.h"
#include "git-test-util.h"
#include "postings-git.h"

static GitTestSshServer *server;
static GitTestSshAgent *agent;        /* holds the authorized key */
static GitTestSshAgent *other_agent;  /* holds a key the server does not know */
static const char *skip_reason;
static const char *postings_exe;  /* --postings=PATH */

/* Test plumbing. */

/* Answers "credentials-needed": host key questions (trust or not), and
 * counts any request for a user name and token (SSH must not ask one). */
typedef struct
{
  gboolean  trust;
  guint     host_key_calls;
  guint     credential_calls;
  char     *fingerprint;
  char     *host;
} Asker;

static gboolean
credentials_needed_cb (PostingsGitRepository        *repository,
                       PostingsGitCredentialRequest *request,
                       gpointer                      data)
{
  Asker *asker = data;
  const char *fingerprint = postings_git_credential_request_get_host_key_fingerprint (request);

  if (fingerprint == NULL)
    {
      asker->credential_calls++;
      postings_git_credential_request_cancel (request);
      return TRUE;
    }
  asker->host_key_calls++;
  g_free (asker->fingerprint);
  asker->fingerprint = g_strdup (fingerprint);
  g_free (asker->host);
  asker->host = g_strdup (postings_git_credential_request_get_host (request));
  if (asker->trust)
    postings_git_credential_request_trust_host (request);
  else
    postings_git_credential_request_cancel (request);
  return TRUE;
}

static void
asker_clear (Asker *asker)
{
  g_clear_pointer (&asker->fingerprint, g_free);
  g_clear_pointer (&asker->host, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Asker, asker_clear)

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static PostingsGitRepository *
repository_for (const char *folder,
                Asker      *asker)
{
  PostingsGitRepository *repository = git_test_repository_new (folder);

  if (asker != NULL)
    g_signal_connect (repository, "credentials-needed", G_CALLBACK (credentials_needed_cb), asker);
  return repository;
}

static char *
ssh_url (GitTestSite *site)
{
  return git_test_ssh_url (server, site->bare);
}

static char *
known_hosts_path (void)
{
  return git_test_ssh_known_hosts_path ();
}

static void
set_known_host (const char *pub)
{
  git_test_ssh_set_known_host (server, pub);
}

static void
set_server_known (void)
{
  g_autofree char *pub = g_strconcat (server->host_key, ".pub", NULL);

  set_known_host (pub);
}

static void
use_agent (GitTestSshAgent *which)
{
  if (which != NULL)
    g_setenv ("SSH_AUTH_SOCK", which->socket, TRUE);
  else
    g_unsetenv ("SSH_AUTH_SOCK");
}

static gboolean
clone_async (const char  *url,
             const char  *dest,
             Asker       *asker,
             GError     **error)
{
  g_autoptr(PostingsGitRepository) repository = repository_for (dest, asker);
  g_autoptr(GAsyncResult) result = NULL;

  postings_git_repository_clone_async (repository, url, NULL, done_cb, &result);
  GIT_TEST_WAIT_FOR (result != NULL);
  return postings_git_repository_clone_finish (repository, result, error);
}

static gboolean
skip_if_unavailable (void)
{
  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return TRUE;
    }
  return FALSE;
}

/* Clone, publish and update over SSH: the whole round trip, on the whole
 * corpus, through the agent, with no question asked. */
static void
test_ssh_round_trip (void)
{
  g_autoptr(GitTestSite) site = NULL;
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(PostingsGitPublishResult) published = NULL;
  g_autoptr(PostingsGitUpdateResult) updated = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *user = NULL, *a = NULL, *b = NULL, *head = NULL, *main_id = NULL;
  g_autofree char *on_server = NULL, *changed = NULL, *b_text = NULL, *b_site = NULL;
  g_autofree char *branch_file = NULL, *a_text = NULL;
  g_auto(Asker) asker = { TRUE, };
  gint64 start;

  if (skip_if_unavailable () || (site = git_test_site_new (FALSE)) == NULL)
    return;
  set_server_known ();
  use_agent (agent);
  url = ssh_url (site);
  user = g_build_filename (site->dir, "user", NULL);

  start = g_get_monotonic_time ();
  g_assert_true (clone_async (url, user, &asker, &error));
  g_assert_no_error (error);
  g_test_message ("clone of the 543-posting site over loopback SSH: %.2f s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  head = g_strstrip (git_test_git (user, "rev-parse", "HEAD", NULL));
  main_id = g_strstrip (git_test_git (site->bare, "rev-parse", "main", NULL));
  g_assert_cmpstr (head, ==, main_id);
  g_free (git_test_git (user, "config", "user.name", "Camille Martin", NULL));
  g_free (git_test_git (user, "config", "user.email", "camille@example.fr", NULL));

  /* Publish one edited posting: a new branch on the server, one line. */
  a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  git_test_edit_file (a, "open: true", "open: false");
  repository = repository_for (user, &asker);
  files = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (files, g_file_new_for_path (a));
  postings_git_repository_publish_async (repository, files, NULL, NULL, POSTINGS_GIT_PUBLISH_REVIEW,
                                         NULL, done_cb, &result);
  GIT_TEST_WAIT_FOR (result != NULL);
  published = postings_git_repository_publish_finish (repository, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpstr (published->remote_url, ==, url);
  on_server = g_strstrip (git_test_git (site->bare, "rev-parse", published->branch, NULL));
  g_assert_cmpstr (on_server, ==, published->commit_id);
  changed = g_strstrip (git_test_git (site->bare, "diff", "--name-only", "main", published->branch, NULL));
  g_assert_cmpstr (changed, ==, GIT_TEST_POSTING_A);
  branch_file = g_strdup_printf ("%s:%s", published->branch, GIT_TEST_POSTING_A);
  a_text = git_test_read_file (a);
  g_free (on_server);
  on_server = git_test_git (site->bare, "show", branch_file, NULL);
  g_assert_cmpstr (on_server, ==, a_text);

  /* Someone else changes another posting on the site: update fast-forwards. */
  b_site = g_strconcat ("---\ntitle: Changée sur le site\n---\n", "Texte.\n", NULL);
  git_test_site_push_change (site, GIT_TEST_POSTING_B, b_site, "Change B upstream");
  postings_git_repository_update_async (repository, NULL, done_cb, &result);
  GIT_TEST_WAIT_FOR (result != NULL);
  updated = postings_git_repository_update_finish (repository, result, &error);
  g_assert_no_error (error);
  g_assert_false (updated->up_to_date);
  g_assert_cmpuint (updated->n_commits, ==, 1);
  g_assert_true (g_strv_contains ((const char * const *) updated->updated, GIT_TEST_POSTING_B));
  b = g_build_filename (user, GIT_TEST_POSTING_B, NULL);
  b_text = git_test_read_file (b);
  g_assert_cmpstr (b_text, ==, b_site);
  g_free (a_text);
  a_text = git_test_read_file (a);
  g_assert_nonnull (strstr (a_text, "open: false"));  /* the local edit stays */

  /* Through the agent, never asking for a token or a host. */
  g_assert_cmpuint (asker.credential_calls, ==, 0);
  g_assert_cmpuint (asker.host_key_calls, ==, 0);
  g_assert_cmpuint (git_test_count (git_test_ssh_server_log (server), "Accepted publickey"), >=, 3);
}

/* A hashed known_hosts (ssh-keygen -H), as many distributions write it. */
static void
test_ssh_host_key_hashed (void)
{
  g_autoptr(GitTestSite) site = NULL;
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *user = NULL, *path = known_hosts_path (), *text = NULL;
  const char *hash[] = { "ssh-keygen", "-q", "-H", "-f", path, NULL };

  if (skip_if_unavailable () || (site = git_test_site_new (TRUE)) == NULL)
    return;
  set_server_known ();
  g_free (git_test_ssh_run (hash, NULL));
  text = git_test_read_file (path);
  g_assert_null (strstr (text, "127.0.0.1"));
  g_assert_nonnull (strstr (text, "|1|"));

  use_agent (agent);
  url = ssh_url (site);
  user = g_build_filename (site->dir, "user", NULL);
  repository = repository_for (user, NULL);
  g_assert_true (postings_git_repository_clone (repository, url, NULL, &error));
  g_assert_no_error (error);
}

/* Never met, and nobody to ask (the command line): refused, with the host
 * and the fingerprint ssh would show; nothing written. */
static void
test_ssh_host_key_unknown (void)
{
  g_autoptr(GitTestSite) site = NULL;
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *user = NULL, *path = known_hosts_path ();

  if (skip_if_unavailable () || (site = git_test_site_new (TRUE)) == NULL)
    return;
  set_known_host (NULL);
  use_agent (agent);
  url = ssh_url (site);
  user = g_build_filename (site->dir, "user", NULL);
  repository = repository_for (user, NULL);
  g_assert_false (postings_git_repository_clone (repository, url, NULL, &error));
  g_assert_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_HOST_KEY_UNKNOWN);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_nonnull (strstr (error->message, server->fingerprint));
  g_assert_nonnull (strstr (error->message, "ssh"));
  g_assert_false (g_file_test (user, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Never met, asked: trusted once, written as ssh writes it (ssh-keygen -F
 * finds it), not asked again; not trusted: cancelled, nothing written. */
static void
test_ssh_host_key_trust (void)
{
  g_autoptr(GitTestSite) site = NULL;
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(PostingsGitUpdateResult) updated = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *user = NULL, *other = NULL, *path = known_hosts_path ();
  g_autofree char *name = NULL, *found = NULL, *pub_path = NULL, *pub = NULL;
  g_auto(GStrv) pub_fields = NULL;
  g_auto(Asker) trusting = { TRUE, };
  g_auto(Asker) refusing = { FALSE, };
  const char *find[] = { "ssh-keygen", "-F", NULL, "-f", path, NULL };

  if (skip_if_unavailable () || (site = git_test_site_new (TRUE)) == NULL)
    return;
  use_agent (agent);
  url = ssh_url (site);

  /* Refused first: the operation stops, nothing is written. */
  set_known_host (NULL);
  other = g_build_filename (site->dir, "refused", NULL);
  g_assert_false (clone_async (url, other, &refusing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (refusing.host_key_calls, ==, 1);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));

  /* Trusted: the question shows the host and ssh's fingerprint. */
  user = g_build_filename (site->dir, "user", NULL);
  g_assert_true (clone_async (url, user, &trusting, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (trusting.host_key_calls, ==, 1);
  g_assert_cmpuint (trusting.credential_calls, ==, 0);
  g_assert_cmpstr (trusting.fingerprint, ==, server->fingerprint);
  g_assert_cmpstr (trusting.host, ==, "127.0.0.1");

  name = g_strdup_printf ("[127.0.0.1]:%u", server->port);
  find[2] = name;
  g_assert_cmpint (git_test_ssh_run_status (find, &found), ==, 0);
  pub_path = g_strconcat (server->host_key, ".pub", NULL);
  pub = git_test_read_file (pub_path);
  pub_fields = g_strsplit (pub, " ", 3);
  g_assert_nonnull (strstr (found, pub_fields[1]));

  /* Known now: the next operation does not ask. */
  repository = repository_for (user, &trusting);
  postings_git_repository_update_async (repository, NULL, done_cb, &result);
  GIT_TEST_WAIT_FOR (result != NULL);
  updated = postings_git_repository_update_finish (repository, result, &error);
  g_assert_no_error (error);
  g_assert_true (updated->up_to_date);
  g_assert_cmpuint (trusting.host_key_calls, ==, 1);
}

/* Known with another key: always refused, never asked, known_hosts
 * untouched. */
static void
test_ssh_host_key_changed (void)
{
  g_autoptr(GitTestSite) site = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *user = NULL, *path = known_hosts_path ();
  g_autofree char *impostor = NULL, *impostor_pub = NULL, *before = NULL, *after = NULL;
  g_auto(Asker) asker = { TRUE, };

  if (skip_if_unavailable () || (site = git_test_site_new (TRUE)) == NULL)
    return;
  impostor = g_build_filename (site->dir, "other_host_key", NULL);
  git_test_ssh_generate_key (impostor);
  impostor_pub = g_strconcat (impostor, ".pub", NULL);
  set_known_host (impostor_pub);
  before = git_test_read_file (path);

  use_agent (agent);
  url = ssh_url (site);
  user = g_build_filename (site->dir, "user", NULL);
  g_assert_false (clone_async (url, user, &asker, &error));
  g_assert_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_HOST_KEY_CHANGED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_nonnull (strstr (error->message, server->fingerprint));
  g_assert_nonnull (strstr (error->message, path));
  g_assert_cmpuint (asker.host_key_calls, ==, 0);
  after = git_test_read_file (path);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (g_file_test (user, G_FILE_TEST_EXISTS));
}

/* known_hosts as people write it: patterns, lists, negations, blanks, the
 * port, @revoked. Each case is one clone from the command line. */
static void
test_ssh_host_key_patterns (void)
{
  g_autoptr(GitTestSite) site = NULL;
  g_autofree char *url = NULL, *path = known_hosts_path (), *pub_path = NULL, *pub = NULL;
  g_auto(GStrv) fields = NULL;
  struct {
    const char *lines;  /* PORT and KEY (its type and itself) are replaced */
    int         code;   /* 0: the clone works */
  } cases[] = {
    { "[127.0.0.?]:PORT KEY\n", 0 },
    { "other.example,[127.0.0.1]:PORT\t KEY comment\n", 0 },
    { "[127.0.0.*]:PORT,![127.0.0.1]:PORT KEY\n", POSTINGS_GIT_ERROR_HOST_KEY_UNKNOWN },
    { "127.0.0.1 KEY\n", POSTINGS_GIT_ERROR_HOST_KEY_UNKNOWN },  /* port 22 only */
    { "[127.0.0.1]:PORT KEY\n@revoked [127.0.0.1]:PORT KEY\n", POSTINGS_GIT_ERROR_HOST_KEY_CHANGED },
    { "@cert-authority [127.0.0.1]:PORT KEY\n", POSTINGS_GIT_ERROR_HOST_KEY_UNKNOWN },
  };

  if (skip_if_unavailable () || (site = git_test_site_new (TRUE)) == NULL)
    return;
  use_agent (agent);
  url = ssh_url (site);
  pub_path = g_strconcat (server->host_key, ".pub", NULL);
  pub = git_test_read_file (pub_path);
  fields = g_strsplit (pub, " ", 3);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = g_strdup_printf ("%s %s", fields[0], fields[1]);
      g_autofree char *port = g_strdup_printf ("%u", server->port);
      g_autoptr(GString) lines = g_string_new (cases[i].lines);
      const char *text;
      g_autofree char *name = g_strdup_printf ("user-%u", i);
      g_autofree char *user = g_build_filename (site->dir, name, NULL);
      g_autoptr(PostingsGitRepository) repository = repository_for (user, NULL);
      g_autoptr(GError) error = NULL;
      gboolean ok;

      g_string_replace (lines, "PORT", port, 0);
      g_string_replace (lines, "KEY", key, 0);
      text = lines->str;
      g_test_message ("known_hosts: %s", text);
      git_test_write_file (path, text);
      ok = postings_git_repository_clone (repository, url, NULL, &error);
      if (cases[i].code == 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_error (error, POSTINGS_GIT_ERROR, cases[i].code);
          g_assert_false (ok);
        }
    }
}

/* Runs `postings ARGS…` in @cwd (its environment: this process's, so the
 * SSH agent of the test); returns the exit status, stderr in @err. */
static int
run_postings (const char  *cwd,
              char       **out,
              char       **err,
              ...)
{
  va_list ap;
  int status;

  va_start (ap, err);
  status = git_test_runv (postings_exe, cwd, NULL, out, err, ap);
  va_end (ap);
  return status;
}

/* `postings publish` and `postings update` over SSH: the agent from the
 * environment; an unknown host key exits 2 with its fingerprint (never
 * asked); no agent exits 1 with its own message. */
static void
test_ssh_cli (void)
{
  g_autoptr(GitTestSite) site = NULL;
  g_autofree char *url = NULL, *user = NULL, *a = NULL, *branches = NULL;
  g_autofree char *out = NULL, *err = NULL;

  if (skip_if_unavailable () || (site = git_test_site_new (TRUE)) == NULL)
    return;
  if (postings_exe == NULL)
    {
      g_test_skip ("no --postings=PATH given");
      return;
    }
  set_server_known ();
  use_agent (agent);
  url = ssh_url (site);
  user = g_build_filename (site->dir, "user", NULL);
  g_free (git_test_git (NULL, "clone", "-q", site->bare, user, NULL));
  g_free (git_test_git (user, "remote", "set-url", "origin", url, NULL));
  g_free (git_test_git (user, "config", "user.name", "Camille Martin", NULL));
  g_free (git_test_git (user, "config", "user.email", "camille@example.fr", NULL));
  a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  git_test_edit_file (a, "open: true", "open: false");

  g_assert_cmpint (run_postings (user, &out, &err, "publish", GIT_TEST_POSTING_A, NULL), ==, 0);
  branches = g_strstrip (git_test_git (site->bare, "branch", "--list", "postings/*", NULL));
  g_assert_cmpstr (branches, !=, "");
  g_assert_nonnull (strstr (out, branches));  /* the one branch there, printed */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  set_known_host (NULL);
  g_assert_cmpint (run_postings (user, &out, &err, "update", NULL), ==, 2);
  g_assert_nonnull (strstr (err, server->fingerprint));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  set_server_known ();
  use_agent (NULL);
  g_assert_cmpint (run_postings (user, &out, &err, "update", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no SSH agent"));
}

/* No SSH agent: its own message, not "wrong token", and no question. */
static void
test_ssh_no_agent (void)
{
  g_autoptr(GitTestSite) site = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *user = NULL;
  g_auto(Asker) asker = { TRUE, };

  if (skip_if_unavailable () || (site = git_test_site_new (TRUE)) == NULL)
    return;
  set_server_known ();
  use_agent (NULL);
  url = ssh_url (site);
  user = g_build_filename (site->dir, "user", NULL);
  g_assert_false (clone_async (url, user, &asker, &error));
  g_assert_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_AUTH);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "no SSH agent"));
  g_assert_null (strstr (error->message, "token"));
  g_assert_cmpuint (asker.credential_calls, ==, 0);
  g_assert_false (g_file_test (user, G_FILE_TEST_EXISTS));
}

/* An agent whose key the server does not accept: at most two tries, then
 * its own message. */
static void
test_ssh_agent_wrong_key (void)
{
  g_autoptr(GitTestSite) site = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *user = NULL;
  g_auto(Asker) asker = { TRUE, };
  guint failed_before;

  if (skip_if_unavailable () || (site = git_test_site_new (TRUE)) == NULL)
    return;
  set_server_known ();
  use_agent (other_agent);
  url = ssh_url (site);
  user = g_build_filename (site->dir, "user", NULL);
  failed_before = git_test_count (git_test_ssh_server_log (server), "Failed publickey");
  g_assert_false (clone_async (url, user, &asker, &error));
  g_assert_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_AUTH);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "SSH keys"));
  g_assert_null (strstr (error->message, "token"));
  g_assert_cmpuint (asker.credential_calls, ==, 0);
  g_assert_cmpuint (git_test_count (git_test_ssh_server_log (server), "Failed publickey") - failed_before, <=, 2);
  g_assert_false (g_file_test (user, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  int status;

  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--postings="))
      postings_exe = argv[i] + strlen ("--postings=");

  git_test_init (&argc, &argv);

  skip_reason = git_test_ssh_skip_reason ();
  if (skip_reason == NULL)
    {
      g_autofree char *user_key = g_build_filename (git_test_tmp (), "user_key", NULL);
      g_autofree char *other_key = g_build_filename (git_test_tmp (), "other_key", NULL);
      g_autofree char *user_pub_path = g_strconcat (user_key, ".pub", NULL);
      g_autofree char *user_pub = NULL;

      git_test_ssh_generate_key (user_key);
      git_test_ssh_generate_key (other_key);
      server = git_test_ssh_server_start ();
      user_pub = git_test_read_file (user_pub_path);
      git_test_write_file (server->authorized, user_pub);
      agent = git_test_ssh_agent_start ("agent.sock", user_key);
      other_agent = git_test_ssh_agent_start ("other-agent.sock", other_key);
    }

  g_test_add_func ("/git/ssh/round-trip", test_ssh_round_trip);
  g_test_add_func ("/git/ssh/host-key/hashed", test_ssh_host_key_hashed);
  g_test_add_func ("/git/ssh/host-key/unknown", test_ssh_host_key_unknown);
  g_test_add_func ("/git/ssh/host-key/trust", test_ssh_host_key_trust);
  g_test_add_func ("/git/ssh/host-key/changed", test_ssh_host_key_changed);
  g_test_add_func ("/git/ssh/host-key/patterns", test_ssh_host_key_patterns);
  g_test_add_func ("/git/ssh/no-agent", test_ssh_no_agent);
  g_test_add_func ("/git/ssh/cli", test_ssh_cli);
  g_test_add_func ("/git/ssh/agent-wrong-key", test_ssh_agent_wrong_key);

  status = g_test_run ();

  if (other_agent != NULL)
    git_test_ssh_agent_free (other_agent);
  if (agent != NULL)
    git_test_ssh_agent_free (agent);
  if (server != NULL)
    git_test_ssh_server_free (server);
  return status;
}
