/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE  /* memmem */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdlib.h>
#include <string.h>

#include "git-test-util.h"

static char *tmp_dir;
static guint n_sites;
static char *template_bare[2];  /* [small] */

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_rmdir (path);
}

static void
cleanup (void)
{
  if (tmp_dir != NULL && g_getenv ("POSTINGS_TEST_KEEP") == NULL)
    remove_tree (tmp_dir);
}

void
git_test_init (int    *argc,
               char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = NULL;
  g_autofree char *state = NULL;

  g_test_init (argc, argv, NULL);

  tmp_dir = g_dir_make_tmp ("postings-git-XXXXXX", &error);
  g_assert_no_error (error);
  atexit (cleanup);

  /* No ~/.gitconfig, no user.name: libgit2 and git read only what a test sets. */
  home = g_build_filename (tmp_dir, "home", NULL);
  state = g_build_filename (home, ".local", "state", NULL);
  g_mkdir_with_parents (state, 0700);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_setenv ("GIT_CONFIG_NOSYSTEM", "1", TRUE);
  g_setenv ("GIT_TERMINAL_PROMPT", "0", TRUE);
  g_unsetenv ("GIT_ASKPASS");
  g_unsetenv ("SSH_ASKPASS");
  g_unsetenv ("SSH_AUTH_SOCK");
  g_unsetenv ("POSTINGS_GIT_USERNAME");
  g_unsetenv ("POSTINGS_GIT_TOKEN");
}

const char *
git_test_tmp (void)
{
  return tmp_dir;
}

static int
run_git (const char  *cwd,
         char       **out,
         char       **err,
         va_list      ap)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  int status = 0;

  g_ptr_array_add (argv, (char *) "git");
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (cwd, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                out, err, &status, &error);
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL) ? 0 : (WIFEXITED (status) ? WEXITSTATUS (status) : 255);
}

char *
git_test_git (const char *cwd,
              ...)
{
  g_autofree char *err = NULL;
  char *out = NULL;
  va_list ap;
  int status;

  va_start (ap, cwd);
  status = run_git (cwd, &out, &err, ap);
  va_end (ap);
  if (status != 0)
    g_error ("git failed in %s (status %d): %s", cwd ? cwd : ".", status, err);
  return out;
}

int
git_test_runv (const char          *program,
               const char          *cwd,
               const char * const  *env,
               char               **out,
               char               **err,
               va_list              args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (program);
  const char *arg;
  int status;

  g_ptr_array_add (argv, (char *) program);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);
  g_subprocess_launcher_set_cwd (launcher, cwd);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  status = g_subprocess_get_exit_status (process);
  g_test_message ("%s %s → %d\n%s%s", name, argv->len > 2 ? (char *) argv->pdata[1] : "", status,
                  *out, *err);
  return status;
}

int
git_test_run (const char          *program,
              const char          *cwd,
              const char * const  *env,
              char               **out,
              char               **err,
              ...)
{
  va_list ap;
  int status;

  va_start (ap, err);
  status = git_test_runv (program, cwd, env, out, err, ap);
  va_end (ap);
  return status;
}

int
git_test_git_status (const char  *cwd,
                     char       **out,
                     ...)
{
  g_autofree char *err = NULL;
  g_autofree char *captured = NULL;
  va_list ap;
  int status;

  va_start (ap, out);
  status = run_git (cwd, &captured, &err, ap);
  va_end (ap);
  if (out != NULL)
    *out = g_steal_pointer (&captured);
  return status;
}

char *
git_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

void
git_test_write_file (const char *path,
                     const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  g_mkdir_with_parents (dir, 0755);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

gboolean
git_test_tree_contains (const char *path,
                        const char *needle)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    return FALSE;
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (!g_file_get_contents (path, &contents, &len, NULL))
        return FALSE;
      return memmem (contents, len, needle, strlen (needle)) != NULL;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (git_test_tree_contains (child, needle))
        return TRUE;
    }
  return FALSE;
}

gboolean
git_test_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Sites. */

static const char *
corpus_jobs (void)
{
  static char *jobs;
  const char *corpus = g_getenv ("POSTINGS_CORPUS_DIR");

  if (jobs == NULL && corpus != NULL)
    {
      g_autofree char *candidate = g_build_filename (corpus, "jobs", NULL);

      if (g_file_test (candidate, G_FILE_TEST_IS_DIR))
        jobs = g_steal_pointer (&candidate);
    }
  return jobs;
}

static void
set_identity (const char *repo)
{
  g_free (git_test_git (repo, "config", "user.name", "Dominique Upstream", NULL));
  g_free (git_test_git (repo, "config", "user.email", "dominique@example.org", NULL));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static const char *
build_template (gboolean small)
{
  g_autofree char *work = NULL;
  g_autofree char *jobs_dir = NULL;
  g_autofree char *config = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  if (template_bare[small] != NULL)
    return template_bare[small];

  work = g_build_filename (tmp_dir, small ? "template-small" : "template", NULL);
  jobs_dir = g_build_filename (work, "content", "_jobs", NULL);
  g_mkdir_with_parents (jobs_dir, 0755);
  g_free (git_test_git (NULL, "init", "-q", "-b", "main", work, NULL));
  set_identity (work);

  dir = g_dir_open (corpus_jobs (), 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  if (small)
    {
      g_ptr_array_set_size (names, 0);
      g_ptr_array_add (names, g_path_get_basename (GIT_TEST_POSTING_A));
      g_ptr_array_add (names, g_path_get_basename (GIT_TEST_POSTING_B));
      g_ptr_array_add (names, g_path_get_basename (GIT_TEST_POSTING_C));
    }
  for (guint i = 0; i < names->len; i++)
    {
      const char *base = g_ptr_array_index (names, i);
      g_autofree char *from = g_build_filename (corpus_jobs (), base, NULL);
      g_autofree char *to = g_build_filename (jobs_dir, base, NULL);
      g_autoptr(GFile) src = g_file_new_for_path (from);
      g_autoptr(GFile) dst = g_file_new_for_path (to);

      g_file_copy (src, dst, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  config = g_build_filename (work, "_config.yml", NULL);
  git_test_write_file (config, "title: Site de test\n");

  g_free (git_test_git (work, "add", "-A", NULL));
  g_free (git_test_git (work, "commit", "-q", "-m", "Le site", NULL));
  template_bare[small] = g_strconcat (work, ".git", NULL);
  g_free (git_test_git (NULL, "clone", "-q", "--bare", work, template_bare[small], NULL));
  return template_bare[small];
}

GitTestSite *
git_test_site_new (gboolean small)
{
  GitTestSite *site;
  const char *template;
  g_autofree char *name = NULL;

  if (corpus_jobs () == NULL)
    {
      g_test_skip ("the corpus (../shared/corpus) is absent");
      return NULL;
    }

  template = build_template (small);
  site = g_new0 (GitTestSite, 1);
  name = g_strdup_printf ("site-%u", ++n_sites);
  site->dir = g_build_filename (tmp_dir, name, NULL);
  site->srv = g_build_filename (site->dir, "srv", NULL);
  site->bare = g_build_filename (site->srv, "site.git", NULL);
  site->upstream = g_build_filename (site->dir, "upstream", NULL);
  g_mkdir_with_parents (site->srv, 0755);

  g_free (git_test_git (NULL, "clone", "-q", "--bare", template, site->bare, NULL));
  g_free (git_test_git (NULL, "clone", "-q", site->bare, site->upstream, NULL));
  set_identity (site->upstream);
  return site;
}

void
git_test_site_free (GitTestSite *site)
{
  if (site == NULL)
    return;
  if (g_getenv ("POSTINGS_TEST_KEEP") == NULL)
    remove_tree (site->dir);
  g_free (site->dir);
  g_free (site->bare);
  g_free (site->upstream);
  g_free (site->srv);
  g_free (site);
}

void
git_test_site_push_change (GitTestSite *site,
                           const char  *path,
                           const char  *contents,
                           const char  *message)
{
  g_autofree char *full = g_build_filename (site->upstream, path, NULL);

  g_free (git_test_git (site->upstream, "pull", "-q", "--ff-only", NULL));
  if (contents != NULL)
    {
      git_test_write_file (full, contents);
      g_free (git_test_git (site->upstream, "add", path, NULL));
    }
  else
    g_free (git_test_git (site->upstream, "rm", "-q", path, NULL));
  g_free (git_test_git (site->upstream, "commit", "-q", "-m", message, NULL));
  g_free (git_test_git (site->upstream, "push", "-q", "origin", "main", NULL));
}

char *
git_test_user_clone (GitTestSite *site,
                     const char  *url)
{
  char *dest = g_build_filename (site->dir, "user", NULL);

  g_free (git_test_git (NULL, "clone", "-q", site->bare, dest, NULL));
  g_free (git_test_git (dest, "remote", "set-url", "origin", url, NULL));
  g_free (git_test_git (dest, "config", "user.name", "Camille Martin", NULL));
  g_free (git_test_git (dest, "config", "user.email", "camille@example.fr", NULL));
  return dest;
}

/* The HTTP server. */

/* The server dies with the test, even when an assertion aborts it (it would
 * otherwise keep the test's output open, and meson would wait). */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
server_spawn (GitTestServer *server,
              guint          port)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *err_log = g_strconcat (server->log, ".stderr", NULL);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port_arg = g_strdup_printf ("%u", port);
  g_autofree char *line = NULL;
  const char *python = g_getenv ("POSTINGS_TEST_PYTHON");
  const char *script = g_getenv ("POSTINGS_TEST_GIT_SERVER");

  g_assert_nonnull (python);
  g_assert_nonnull (script);

  /* The token goes through the environment, never the command line. */
  g_subprocess_launcher_setenv (launcher, "POSTINGS_TEST_ACCOUNTS",
                                GIT_TEST_USER ":" GIT_TEST_TOKEN, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, err_log);
  g_subprocess_launcher_setenv (launcher, "POSTINGS_TEST_READONLY",
                                server->read_only ? server->read_only : "", TRUE);
  server->process = g_subprocess_launcher_spawn (launcher, &error, python, script,
                                                 "--root", server->root, "--port", port_arg,
                                                 "--log", server->log, NULL);
  g_assert_no_error (error);

  /* Ready when it prints "port N" (it listens before printing). */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "port "));
  server->port = (guint) g_ascii_strtoull (line + 5, NULL, 10);
  g_assert_cmpuint (server->port, >, 0);
  if (port != 0)
    g_assert_cmpuint (server->port, ==, port);
}

GitTestServer *
git_test_server_start (const char *root,
                       guint       port,
                       const char *read_only)
{
  static guint n_servers;
  GitTestServer *server = g_new0 (GitTestServer, 1);
  g_autofree char *name = g_strdup_printf ("server-%u.log", ++n_servers);

  server->root = g_strdup (root);
  server->log = g_build_filename (tmp_dir, name, NULL);
  server->read_only = g_strdup (read_only);
  server_spawn (server, port);
  return server;
}

void
git_test_server_stop (GitTestServer *server)
{
  g_autoptr(GError) error = NULL;

  if (server->process == NULL)
    return;
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&server->process);
}

void
git_test_server_restart (GitTestServer *server)
{
  git_test_server_stop (server);
  server_spawn (server, server->port);
}

void
git_test_server_free (GitTestServer *server)
{
  if (server == NULL)
    return;
  git_test_server_stop (server);
  g_free (server->root);
  g_free (server->log);
  g_free (server->read_only);
  g_free (server);
}

/* The stalled server. */

static void
stall_line_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                     result, NULL, &error);
  GitTestStallServer *server = data;

  if (line == NULL)
    return;  /* cancelled: @server is gone */
  if (g_str_equal (line, "accepted"))
    server->accepted++;
  g_data_input_stream_read_line_async (server->lines, G_PRIORITY_DEFAULT, server->cancellable,
                                       stall_line_cb, server);
}

GitTestStallServer *
git_test_stall_server_start (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  GitTestStallServer *server = g_new0 (GitTestStallServer, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *python = g_getenv ("POSTINGS_TEST_PYTHON");
  const char *script = g_getenv ("POSTINGS_TEST_STALL_SERVER");

  g_assert_nonnull (python);
  g_assert_nonnull (script);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawn (launcher, &error, python, script, NULL);
  g_assert_no_error (error);

  server->lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (server->lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "port "));
  server->port = (guint) g_ascii_strtoull (line + 5, NULL, 10);
  g_assert_cmpuint (server->port, >, 0);

  server->cancellable = g_cancellable_new ();
  g_data_input_stream_read_line_async (server->lines, G_PRIORITY_DEFAULT, server->cancellable,
                                       stall_line_cb, server);
  return server;
}

void
git_test_stall_server_free (GitTestStallServer *server)
{
  g_autoptr(GError) error = NULL;

  if (server == NULL)
    return;
  g_cancellable_cancel (server->cancellable);
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&server->cancellable);
  g_clear_object (&server->lines);
  g_clear_object (&server->process);
  g_free (server);
}

char *
git_test_stall_server_url (GitTestStallServer *server,
                           const char         *repo)
{
  return g_strdup_printf ("http://127.0.0.1:%u/%s", server->port, repo);
}

char *
git_test_server_url (GitTestServer *server,
                     const char    *repo)
{
  return g_strdup_printf ("http://127.0.0.1:%u/%s", server->port, repo);
}

char *
git_test_server_read_log (GitTestServer *server)
{
  char *contents = NULL;

  if (!g_file_get_contents (server->log, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

void
git_test_edit_file (const char *path,
                    const char *from,
                    const char *to)
{
  g_autofree char *text = git_test_read_file (path);
  char *at = strstr (text, from);
  g_autofree char *edited = NULL;

  g_assert_nonnull (at);
  *at = '\0';
  edited = g_strconcat (text, to, at + strlen (from), NULL);
  git_test_write_file (path, edited);
}
