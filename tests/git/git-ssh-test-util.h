/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SSH for the tests: Debian's sshd on 127.0.0.1, started by the test as the
 * current user on a free port with its own generated host key and
 * sshd_config (no PAM, keys from a temporary authorized_keys; git-upload-pack
 * and git-receive-pack come from PATH), and ssh-agents holding generated
 * ed25519 keys. Call git_test_init() first. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char        *dir;
  char        *host_key;        /* DIR/host_key (.pub beside it) */
  char        *fingerprint;     /* of the host key, as ssh-keygen -l prints it */
  char        *authorized;      /* DIR/authorized_keys */
  guint        port;
  GSubprocess *process;
  GInputStream *log_stream;     /* sshd's stderr (-e) */
  GString     *log;
} GitTestSshServer;

typedef struct
{
  GSubprocess *process;
  char        *socket;
} GitTestSshAgent;

/* NULL when sshd, ssh-agent, ssh-add and ssh-keygen are all installed, else
 * why the SSH tests skip. */
const char       *git_test_ssh_skip_reason  (void);

/* Waits for sshd's own "Server listening" line (no sleep). Keys in
 * @self->authorized are accepted. */
GitTestSshServer *git_test_ssh_server_start (void);
/* What sshd logged so far (LogLevel VERBOSE; it logs before it answers). */
const char       *git_test_ssh_server_log   (GitTestSshServer *self);
void              git_test_ssh_server_free  (GitTestSshServer *self);
/* ssh://USER@127.0.0.1:PORT@bare */
char             *git_test_ssh_url          (GitTestSshServer *self,
                                             const char       *bare);

/* `ssh-agent -D` on TMP/@name, holding @key (ssh-add). */
GitTestSshAgent  *git_test_ssh_agent_start  (const char       *name,
                                             const char       *key);
void              git_test_ssh_agent_free   (GitTestSshAgent  *self);

/* ssh-keygen: a new ed25519 key at @path (and @path.pub), without a
 * passphrase; the "SHA256:…" fingerprint of a public key file. */
void              git_test_ssh_generate_key (const char       *path);
char             *git_test_ssh_fingerprint  (const char       *pub);

/* ~/.ssh/known_hosts (HOME is the test's), holding @pub (a public key
 * file) for @self, or removed when @pub is NULL. */
char             *git_test_ssh_known_hosts_path (void);
void              git_test_ssh_set_known_host   (GitTestSshServer *self,
                                                 const char       *pub);

/* Runs @argv (SSH_AUTH_SOCK=@auth_sock when not NULL); fails the test
 * unless it exits 0. Returns stdout. */
char             *git_test_ssh_run          (const char * const *argv,
                                             const char         *auth_sock);
/* The exit status; stdout in @out. */
int               git_test_ssh_run_status   (const char * const *argv,
                                             char              **out);
/* How many times @needle occurs in @haystack. */
guint             git_test_count            (const char       *haystack,
                                             const char       *needle);

G_END_DECLS
