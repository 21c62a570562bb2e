/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `postings publish` and `postings update` end to end: the built executable
 * (--postings=PATH) against the test servers, with the credentials in its
 * environment. While it runs, the HTTP server reads every process's command
 * line looking for the token. */
#include "config.h"

#include <string.h>

#include "git-test-util.h"

static const char *postings_exe;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs `postings ARGS…` in @cwd with @token (NULL: none) in its environment. */
static void
run_in (Run        *r,
        const char *cwd,
        const char *token,
        ...)
{
  const char *env[] = { "POSTINGS_GIT_USERNAME", GIT_TEST_USER, "POSTINGS_GIT_TOKEN", token, NULL };
  va_list ap;

  va_start (ap, token);
  r->status = git_test_runv (postings_exe, cwd, token != NULL ? env : NULL, &r->out, &r->err, ap);
  va_end (ap);

  /* The token shows in none of its output. */
  g_assert_null (strstr (r->out, GIT_TEST_TOKEN));
  g_assert_null (strstr (r->err, GIT_TEST_TOKEN));
}

#define run(r, cwd, token, ...) run_in ((r), (cwd), (token), __VA_ARGS__, NULL)

static char *
user_clone (GitTestSite *site,
            const char  *url)
{
  char *dest = g_build_filename (site->dir, "user", NULL);

  g_free (git_test_git (NULL, "clone", "-q", site->bare, dest, NULL));
  if (url != NULL)
    g_free (git_test_git (dest, "remote", "set-url", "origin", url, NULL));
  g_free (git_test_git (dest, "config", "user.name", "Camille Martin", NULL));
  g_free (git_test_git (dest, "config", "user.email", "camille@example.fr", NULL));
  return dest;
}

static char *
branch_of_a (void)
{
  g_autofree char *base = g_path_get_basename (GIT_TEST_POSTING_A);

  base[strlen (base) - 3] = '\0';
  return g_strconcat ("postings/", base, NULL);
}

static void
assert_clean_of_token (GitTestServer *server,
                       const char    *user)
{
  g_autofree char *log = git_test_server_read_log (server);
  g_autofree char *git_dir = g_build_filename (user, ".git", NULL);

  /* Not in the process arguments while it ran, not in the repository, not
   * in the app's state (drafts) folder. */
  g_assert_null (strstr (log, "LEAK"));
  g_assert_false (git_test_tree_contains (git_dir, GIT_TEST_TOKEN));
  g_assert_false (git_test_tree_contains (g_getenv ("XDG_STATE_HOME"), GIT_TEST_TOKEN));
}

static void
test_cli_publish (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(GitTestServer) server = NULL;
  g_auto(Run) r = { 0, };
  g_autofree char *url = NULL, *user = NULL, *a = NULL, *branch = NULL, *expected = NULL;
  g_autofree char *id = NULL, *message = NULL, *head_before = NULL, *head_after = NULL;
  g_autofree char *log = NULL;

  if (site == NULL)
    return;

  server = git_test_server_start (site->srv, 0, NULL);
  url = git_test_server_url (server, "site.git");
  user = user_clone (site, url);
  a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  git_test_edit_file (a, "open: true", "open: false");
  head_before = g_strstrip (git_test_git (user, "rev-parse", "HEAD", NULL));

  run (&r, user, GIT_TEST_TOKEN, "publish", GIT_TEST_POSTING_A);
  g_assert_cmpint (r.status, ==, 0);
  branch = branch_of_a ();
  id = g_strstrip (git_test_git (site->bare, "rev-parse", branch, NULL));
  expected = g_strdup_printf ("branch: %s\nremote: origin %s\ncommit: %s\n", branch, url, id);
  g_assert_cmpstr (r.out, ==, expected);
  g_assert_cmpstr (r.err, ==, "");
  message = g_strstrip (git_test_git (site->bare, "log", "-1", "--format=%B", branch, NULL));
  g_assert_cmpstr (message, ==, "Close the offer “Un responsable de produit PCRS”");
  head_after = g_strstrip (git_test_git (user, "rev-parse", "HEAD", NULL));
  g_assert_cmpstr (head_after, ==, head_before);

  /* The server saw the token (it checks it), only in the requests. */
  log = git_test_server_read_log (server);
  g_assert_nonnull (strstr (log, "git-receive-pack " GIT_TEST_USER " 200"));
  assert_clean_of_token (server, user);
}

static void
test_cli_publish_options (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_auto(Run) r = { 0, };
  g_autofree char *user = NULL, *a = NULL, *b = NULL, *message = NULL, *numstat = NULL;
  g_autofree char *main_now = NULL;

  if (site == NULL)
    return;

  user = user_clone (site, NULL);
  a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  b = g_build_filename (user, GIT_TEST_POSTING_B, NULL);
  git_test_edit_file (a, "open: true", "open: false");
  git_test_edit_file (b, "open: true", "open: false");

  run (&r, user, NULL, "publish", "--message", "Deux postes pourvus", "--branch", "rh/pourvus",
       GIT_TEST_POSTING_A, GIT_TEST_POSTING_B);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "branch: rh/pourvus\n"));
  message = g_strstrip (git_test_git (site->bare, "log", "-1", "--format=%B", "rh/pourvus", NULL));
  g_assert_cmpstr (message, ==, "Deux postes pourvus");
  numstat = git_test_git (site->bare, "diff", "--numstat", "main", "rh/pourvus", NULL);
  g_assert_cmpstr (numstat, ==, "1\t1\t" GIT_TEST_POSTING_B "\n1\t1\t" GIT_TEST_POSTING_A "\n");
  run_clear (&r);

  /* The same name again: refused. Nothing left to publish: refused. */
  run (&r, user, NULL, "publish", "--branch", "rh/pourvus", GIT_TEST_POSTING_A);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "already exists"));
  run_clear (&r);
  run (&r, user, NULL, "publish", GIT_TEST_POSTING_C);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "nothing to publish"));
  run_clear (&r);

  /* Directly on main. */
  run (&r, user, NULL, "publish", "--direct", GIT_TEST_POSTING_A);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "branch: main\n"));
  g_assert_null (strstr (r.out, "pull-request:"));
  main_now = git_test_git (site->bare, "diff", "--numstat", "main^", "main", NULL);
  g_assert_cmpstr (main_now, ==, "1\t1\t" GIT_TEST_POSTING_A "\n");
  run_clear (&r);

  /* Usage. */
  run (&r, user, NULL, "publish");
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);
  run (&r, user, NULL, "publish", "--no-such-option", GIT_TEST_POSTING_A);
  g_assert_cmpint (r.status, ==, 2);
}

static void
test_cli_publish_failures (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(GitTestServer) server = NULL;
  g_auto(Run) r = { 0, };
  g_autofree char *url = NULL, *user = NULL, *a = NULL, *fork = NULL, *fork_url = NULL;
  g_autofree char *branch = NULL, *kept = NULL, *expected = NULL;

  if (site == NULL)
    return;

  fork = g_build_filename (site->srv, "fork.git", NULL);
  g_free (git_test_git (NULL, "clone", "-q", "--bare", site->bare, fork, NULL));
  server = git_test_server_start (site->srv, 0, "site.git");
  url = git_test_server_url (server, "site.git");
  fork_url = git_test_server_url (server, "fork.git");
  user = user_clone (site, url);
  a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  git_test_edit_file (a, "open: true", "open: false");
  branch = branch_of_a ();

  /* No token, a wrong one: refused (1). */
  run (&r, user, NULL, "publish", GIT_TEST_POSTING_A);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "POSTINGS_GIT_TOKEN"));
  run_clear (&r);
  run (&r, user, GIT_TEST_WRONG_TOKEN, "publish", GIT_TEST_POSTING_A);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "did not accept the user name and token"));
  run_clear (&r);

  /* No right to push to the site: told about --fork. */
  run (&r, user, GIT_TEST_TOKEN, "publish", GIT_TEST_POSTING_A);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "not allowed to publish"));
  g_assert_nonnull (strstr (r.err, "--fork URL"));
  run_clear (&r);

  /* The fork, its server down: no network (2), the commit kept. */
  git_test_server_stop (server);
  run (&r, user, GIT_TEST_TOKEN, "publish", "--fork", fork_url, GIT_TEST_POSTING_A);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "Could not reach"));
  run_clear (&r);
  git_test_server_restart (server);

  /* Back: the same command sends the kept commit to the fork. */
  kept = g_strstrip (git_test_git (user, "rev-parse", branch, NULL));
  run (&r, user, GIT_TEST_TOKEN, "publish", GIT_TEST_POSTING_A);
  g_assert_cmpint (r.status, ==, 0);
  expected = g_strdup_printf ("branch: %s\nremote: origin %s\ncommit: %s\n", branch, fork_url, kept);
  g_assert_cmpstr (r.out, ==, expected);
  assert_clean_of_token (server, user);
}

static void
test_cli_pull_request_url (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_auto(Run) r = { 0, };
  g_autofree char *user = NULL, *a = NULL, *key = NULL, *branch = NULL, *expected = NULL;
  const char *github = "https://github.com/betagouv/beta.gouv.fr.git";

  if (site == NULL)
    return;

  /* A GitHub site, reached here through git's url.*.insteadOf. */
  user = user_clone (site, github);
  key = g_strdup_printf ("url.%s.insteadOf", site->bare);
  g_free (git_test_git (user, "config", key, github, NULL));
  a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  git_test_edit_file (a, "open: true", "open: false");

  run (&r, user, NULL, "publish", GIT_TEST_POSTING_A);
  g_assert_cmpint (r.status, ==, 0);
  branch = branch_of_a ();
  expected = g_strdup_printf ("pull-request: https://github.com/betagouv/beta.gouv.fr/compare/main...%s"
                              "?quick_pull=1&title=Close%%20the%%20offer%%20%%E2%%80%%9CUn%%20responsable"
                              "%%20de%%20produit%%20PCRS%%E2%%80%%9D&body=\n", branch);
  g_assert_true (g_str_has_suffix (r.out, expected));
  g_assert_nonnull (strstr (r.out, "remote: origin https://github.com/betagouv/beta.gouv.fr.git\n"));
}

static void
test_cli_update (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(GitTestServer) server = NULL;
  g_auto(Run) r = { 0, };
  g_autofree char *url = NULL, *user = NULL, *a = NULL, *mine = NULL, *now = NULL;
  g_autofree char *upstream_a = NULL, *upstream_b = NULL, *theirs_a = NULL, *theirs_b = NULL;
  g_autofree char *expected = NULL, *jobs = NULL;

  if (site == NULL)
    return;

  server = git_test_server_start (site->srv, 0, NULL);
  url = git_test_server_url (server, "site.git");
  user = user_clone (site, url);
  a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  git_test_edit_file (a, "open: true", "open: false");
  mine = git_test_read_file (a);

  upstream_a = g_build_filename (site->upstream, GIT_TEST_POSTING_A, NULL);
  upstream_b = g_build_filename (site->upstream, GIT_TEST_POSTING_B, NULL);
  git_test_edit_file (upstream_a, "open: true", "open: true\njunior: true");
  git_test_edit_file (upstream_b, "open: true", "open: false");
  theirs_a = git_test_read_file (upstream_a);
  theirs_b = git_test_read_file (upstream_b);
  git_test_site_push_change (site, GIT_TEST_POSTING_A, theirs_a, "Junior");
  git_test_site_push_change (site, GIT_TEST_POSTING_B, theirs_b, "Poste pourvu");

  /* From a folder inside the site. */
  jobs = g_build_filename (user, "content/_jobs", NULL);
  run (&r, jobs, GIT_TEST_TOKEN, "update");
  g_assert_cmpint (r.status, ==, 1);
  expected = g_strdup_printf ("updated: %s\nkept: %s\n", GIT_TEST_POSTING_B, GIT_TEST_POSTING_A);
  g_assert_cmpstr (r.out, ==, expected);
  g_assert_nonnull (strstr (r.err, "kept as yours"));
  now = git_test_read_file (a);
  g_assert_cmpstr (now, ==, mine);
  run_clear (&r);

  run (&r, user, GIT_TEST_TOKEN, "update", ".");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_nonnull (strstr (r.err, "nothing new"));
  run_clear (&r);

  run (&r, user, GIT_TEST_TOKEN, "update", "a", "b");
  g_assert_cmpint (r.status, ==, 2);
  assert_clean_of_token (server, user);
}

/* publish and update run in `postings-git`, which `postings` executes:
 * their help comes through it, with its exit status. */
static void
test_cli_help (void)
{
  g_autofree char *cwd = g_get_current_dir ();
  g_auto(Run) r = { 0, };

  run (&r, cwd, NULL, "publish", "--help");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "postings publish [OPTION…] FILE…"));
  g_assert_nonnull (strstr (r.out, "--fork=URL"));
  g_assert_cmpstr (r.err, ==, "");
  run_clear (&r);
  run (&r, cwd, NULL, "update", "--help");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "postings update [OPTION…] [PATH]"));
  g_assert_cmpstr (r.err, ==, "");
  run_clear (&r);
  /* A usage error: 2, as before. */
  run (&r, cwd, NULL, "publish", "--no-such-option");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "postings publish"));
}

/* The libraries @program needs (its ELF NEEDED entries, as readelf reads
 * them), one per line; NULL when readelf is missing. */
static char *
needed_libraries (const char *program)
{
  g_autofree char *readelf = g_find_program_in_path ("readelf");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GString *needed = g_string_new (NULL);
  const char *argv[] = { readelf, "-d", program, NULL };
  int wait_status;

  if (readelf == NULL)
    {
      g_string_free (needed, TRUE);
      return NULL;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, NULL, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *start = strstr (lines[i], "(NEEDED)");
      const char *name = start != NULL ? strchr (start, '[') : NULL;
      const char *end = name != NULL ? strchr (name, ']') : NULL;

      if (end != NULL)
        g_string_append_printf (needed, "%.*s\n", (int) (end - name - 1), name + 1);
    }
  return g_string_free (needed, FALSE);
}

/* `postings` (check, list, set, new, export) loads neither libgit2 nor
 * libsecret, and so none of their TLS, SSH and Kerberos libraries:
 * `postings-git`, beside it, does. */
static void
test_cli_no_libgit2 (void)
{
  g_autofree char *dir = g_path_get_dirname (postings_exe);
  g_autofree char *git_exe = g_build_filename (dir, "postings-git", NULL);
  g_autofree char *needed = needed_libraries (postings_exe);
  g_autofree char *git_needed = NULL;

  if (needed == NULL)
    {
      g_test_skip ("readelf (binutils) is not installed");
      return;
    }
  g_test_message ("postings needs:\n%s", needed);
  g_assert_nonnull (strstr (needed, "libglib-2.0.so"));
  g_assert_nonnull (strstr (needed, "libyaml"));
  g_assert_null (strstr (needed, "libgit2"));
  g_assert_null (strstr (needed, "libsecret"));
  g_assert_null (strstr (needed, "libssh2"));
  g_assert_null (strstr (needed, "libmbed"));
  g_assert_null (strstr (needed, "libgcrypt"));
  g_assert_null (strstr (needed, "krb5"));
  g_assert_null (strstr (needed, "libgtk"));

  git_needed = needed_libraries (git_exe);
  g_assert_nonnull (strstr (git_needed, "libgit2"));
  g_assert_nonnull (strstr (git_needed, "libsecret"));
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

  g_test_add_func ("/git/cli/publish", test_cli_publish);
  g_test_add_func ("/git/cli/publish-options", test_cli_publish_options);
  g_test_add_func ("/git/cli/publish-failures", test_cli_publish_failures);
  g_test_add_func ("/git/cli/pull-request-url", test_cli_pull_request_url);
  g_test_add_func ("/git/cli/update", test_cli_update);
  g_test_add_func ("/git/cli/help", test_cli_help);
  g_test_add_func ("/git/cli/no-libgit2", test_cli_no_libgit2);

  return g_test_run ();
}
