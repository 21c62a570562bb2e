/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "git-ssh-test-util.h"
#include "git-test-util.h"


static char *
find_program (const char *name)
{
  char *path = g_find_program_in_path (name);

  if (path == NULL)
    {
      path = g_build_filename ("/usr/sbin", name, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        g_clear_pointer (&path, g_free);
    }
  return path;
}

/* Runs @argv; fails the test unless it exits 0. Returns stdout. */
char *
git_test_ssh_run (const char * const *argv,
     const char         *auth_sock)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;

  if (auth_sock != NULL)
    g_subprocess_launcher_setenv (launcher, "SSH_AUTH_SOCK", auth_sock, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    g_error ("%s failed: %s", argv[0], err);
  return out;
}

int
git_test_ssh_run_status (const char * const *argv,
            char              **out)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

void
git_test_ssh_generate_key (const char *path)
{
  const char *argv[] = { "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "postings-test",
                         "-f", path, NULL };

  g_free (git_test_ssh_run (argv, NULL));
}

/* "SHA256:…" of a public key file, by ssh-keygen: the independent judge. */
char *
git_test_ssh_fingerprint (const char *pub)
{
  const char *argv[] = { "ssh-keygen", "-l", "-E", "sha256", "-f", pub, NULL };
  g_autofree char *out = git_test_ssh_run (argv, NULL);
  g_auto(GStrv) fields = g_strsplit (out, " ", -1);

  g_assert_cmpuint (g_strv_length (fields), >=, 2);
  g_assert_true (g_str_has_prefix (fields[1], "SHA256:"));
  return g_strdup (fields[1]);
}

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Starts sshd on a free port and reads its log until it listens. FALSE
 * when the port was taken meanwhile (sshd exited). */
static gboolean
server_spawn (GitTestSshServer  *self,
              const char *sshd)
{
  g_autofree char *config_path = g_build_filename (self->dir, "sshd_config", NULL);
  g_autofree char *pid_path = g_build_filename (self->dir, "sshd.pid", NULL);
  g_autofree char *config = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { sshd, "-D", "-e", "-f", config_path, NULL };

  self->port = free_port ();
  config = g_strdup_printf ("ListenAddress 127.0.0.1\n"
                            "Port %u\n"
                            "HostKey %s\n"
                            "PidFile %s\n"
                            "AuthorizedKeysFile %s\n"
                            "UsePAM no\n"
                            "StrictModes no\n"
                            "PubkeyAuthentication yes\n"
                            "PasswordAuthentication no\n"
                            "KbdInteractiveAuthentication no\n"
                            "PermitRootLogin prohibit-password\n"
                            "AllowTcpForwarding no\n"
                            "X11Forwarding no\n"
                            "PrintMotd no\n"
                            "LogLevel VERBOSE\n",
                            self->port, self->host_key, pid_path, self->authorized);
  git_test_write_file (config_path, config);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  /* Blocking reads of sshd's own output: it prints this once it listens. */
  self->log_stream = g_object_ref (g_subprocess_get_stderr_pipe (self->process));
  lines = g_data_input_stream_new (self->log_stream);
  /* Nothing follows this line until a connection comes, so the buffer
   * holds nothing server_log() would miss. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      if (line == NULL)
        break;
      g_string_append_printf (self->log, "%s\n", line);
      if (strstr (line, "Server listening on") != NULL)
        return TRUE;
    }
  g_subprocess_wait (self->process, NULL, NULL);
  g_test_message ("sshd did not start: %s", self->log->str);
  g_clear_object (&self->process);
  g_clear_object (&self->log_stream);
  return FALSE;
}

GitTestSshServer *
git_test_ssh_server_start (void)
{
  g_autofree char *sshd = find_program ("sshd");
  GitTestSshServer *self = g_new0 (GitTestSshServer, 1);
  g_autofree char *pub = NULL;

  self->dir = g_build_filename (git_test_tmp (), "sshd", NULL);
  g_mkdir_with_parents (self->dir, 0700);
  self->host_key = g_build_filename (self->dir, "host_key", NULL);
  self->authorized = g_build_filename (self->dir, "authorized_keys", NULL);
  self->log = g_string_new (NULL);
  git_test_ssh_generate_key (self->host_key);
  pub = g_strconcat (self->host_key, ".pub", NULL);
  self->fingerprint = git_test_ssh_fingerprint (pub);

  /* Run as root (CI containers), sshd wants its privilege separation
   * folder, which only its init script makes. */
  if (geteuid () == 0 && !g_file_test ("/run/sshd", G_FILE_TEST_IS_DIR))
    g_mkdir_with_parents ("/run/sshd", 0755);

  for (guint i = 0; i < 5; i++)
    if (server_spawn (self, sshd))
      return self;
  g_error ("sshd did not start: %s", self->log->str);
}

/* What sshd logged so far (it writes before it answers). */
const char *
git_test_ssh_server_log (GitTestSshServer *self)
{
  char buffer[4096];
  gssize n;

  while ((n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (self->log_stream),
                                                        buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (self->log, buffer, n);
  return self->log->str;
}

guint
git_test_count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *at = strstr (haystack, needle); at != NULL; at = strstr (at + 1, needle))
    n++;
  return n;
}

void
git_test_ssh_server_free (GitTestSshServer *self)
{
  g_subprocess_force_exit (self->process);
  g_subprocess_wait (self->process, NULL, NULL);
  g_object_unref (self->process);
  g_object_unref (self->log_stream);
  g_string_free (self->log, TRUE);
  g_free (self->dir);
  g_free (self->host_key);
  g_free (self->fingerprint);
  g_free (self->authorized);
  g_free (self);
}

/* ssh-agent -D on its own socket, holding @key (added with ssh-add). */
GitTestSshAgent *
git_test_ssh_agent_start (const char *name,
             const char *key)
{
  GitTestSshAgent *self = g_new0 (GitTestSshAgent, 1);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *argv[] = { "ssh-agent", "-D", "-a", NULL, NULL };
  const char *add[] = { "ssh-add", key, NULL };

  self->socket = g_build_filename (git_test_tmp (), name, NULL);
  argv[3] = self->socket;
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  /* It prints where it listens once the socket is there. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_nonnull (strstr (line, self->socket));

  g_free (git_test_ssh_run (add, self->socket));
  return self;
}

void
git_test_ssh_agent_free (GitTestSshAgent *self)
{
  g_subprocess_force_exit (self->process);
  g_subprocess_wait (self->process, NULL, NULL);
  g_object_unref (self->process);
  g_free (self->socket);
  g_free (self);
}

/* The test server. */

const char *
git_test_ssh_skip_reason (void)
{
  static const char *programs[] = { "sshd", "ssh-agent", "ssh-add", "ssh-keygen" };

  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      g_autofree char *path = find_program (programs[i]);

      if (path == NULL)
        return i == 0 ? "sshd is not installed (Debian: openssh-server)"
                      : "ssh-agent, ssh-add or ssh-keygen is not installed (Debian: openssh-client)";
    }
  return NULL;
}

char *
git_test_ssh_url (GitTestSshServer *self,
                  const char       *bare)
{
  return g_strdup_printf ("ssh://%s@127.0.0.1:%u%s", g_get_user_name (), self->port, bare);
}

char *
git_test_ssh_known_hosts_path (void)
{
  return g_build_filename (g_get_home_dir (), ".ssh", "known_hosts", NULL);
}

void
git_test_ssh_set_known_host (GitTestSshServer *self,
                             const char       *pub)
{
  g_autofree char *path = git_test_ssh_known_hosts_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *key = NULL;
  g_autofree char *line = NULL;

  g_unlink (path);
  if (pub == NULL)
    return;
  key = git_test_read_file (pub);
  line = g_strdup_printf ("# a comment line\n[127.0.0.1]:%u %s", self->port, key);
  g_mkdir_with_parents (folder, 0700);
  git_test_write_file (path, line);
}
