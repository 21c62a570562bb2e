/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <git2.h>

#include "postings-git.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_blob, git_blob_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_commit, git_commit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_config, git_config_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_diff, git_diff_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_index, git_index_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_object, git_object_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_reference, git_reference_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_remote, git_remote_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_repository, git_repository_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_status_list, git_status_list_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_tree, git_tree_free)

/* What the files of the git family share (postings-git*.c). An operation
 * (PostingsGitOp) is one clone, publish, update, …: it carries the
 * credentials tried so far, the throttled progress and what the server said
 * about a push. It runs in one thread; only its progress and credential
 * requests cross to the caller's main context. */

typedef enum
{
  CREDENTIAL_FROM_URL,
  CREDENTIAL_FROM_ENV,
  CREDENTIAL_FROM_KEYRING,
  CREDENTIAL_FROM_USER,
} CredentialSource;

typedef struct
{
  CredentialSource source;
  char            *username;
  char            *token;
  gboolean         remember;
} PostingsGitCredential;

typedef enum
{
  POSTINGS_GIT_HOST_KEY_KNOWN,
  POSTINGS_GIT_HOST_KEY_UNKNOWN,   /* never seen: ask, or refuse */
  POSTINGS_GIT_HOST_KEY_CHANGED,   /* known with another key (or revoked): refuse */
} PostingsGitHostKeyState;

typedef struct _PostingsGitOp PostingsGitOp;

struct _PostingsGitOp
{
  gatomicrefcount         ref_count;
  PostingsGitRepository  *owner;
  char                   *folder;          /* the repository's (or clone target's) path */
  gboolean                use_keyring;
  gboolean                quiet;           /* asks nobody; unlocked keyring only, stores nothing */
  gboolean                async;           /* may ask the user; progress crosses to @context */
  GMainContext           *context;
  GCancellable           *cancellable;     /* never NULL */
  gboolean                cancelled;       /* a callback stopped libgit2 because of it */

  /* The remote being talked to (no credentials in it). */
  char                   *url;
  char                   *host;

  /* Credentials. */
  char                   *url_username;    /* given in a clone address */
  char                   *url_password;
  guint                   sources_used;    /* 1 << CredentialSource, except FROM_USER */
  PostingsGitCredential  *current;
  guint                   tries;           /* credentials handed to libgit2 */
  guint                   connection_calls;/* callback calls since the connection started */
  guint                   ssh_tries;
  gboolean                auth_failed;     /* refused: gave up */
  gboolean                no_credentials;  /* none to give */
  gboolean                no_ssh_agent;    /* SSH, and no SSH_AUTH_SOCK */
  gboolean                ssh_key_refused; /* SSH: the agent's keys refused twice */

  /* SSH: the server's key when it was not the known one. */
  PostingsGitHostKeyState host_key_state;
  char                   *host_key_fingerprint;
  char                   *refused_keyring_user;

  /* Progress, throttled (guarded by @lock). */
  GMutex                  lock;
  PostingsGitProgress     progress;
  GSource                *emit_source;
  gint64                  last_emit;
  gboolean                finished;

  /* Push: what the server said. */
  GString                *server_messages;
  GPtrArray              *refused_refs;    /* "refs/heads/x\tstatus" */
};

PostingsGitOp *_postings_git_op_new              (PostingsGitRepository *owner,
                                                  gboolean               async,
                                                  GCancellable          *cancellable);
PostingsGitOp *_postings_git_op_ref              (PostingsGitOp         *op);
void           _postings_git_op_unref            (PostingsGitOp         *op);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PostingsGitOp, _postings_git_op_unref)

/* Before each network step: the remote's address (credentials stripped)
 * and a fresh connection count. */
void           _postings_git_op_begin_remote     (PostingsGitOp         *op,
                                                  const char            *url);
/* Credentials, progress, sideband and push-status callbacks, payload @op. */
void           _postings_git_op_init_callbacks   (PostingsGitOp         *op,
                                                  git_remote_callbacks  *callbacks);
void           _postings_git_op_progress         (PostingsGitOp         *op,
                                                  const PostingsGitProgress *progress);
void           _postings_git_op_stage            (PostingsGitOp         *op,
                                                  PostingsGitStage       stage);
/* The operation worked: remembers the credentials the user asked to keep. */
void           _postings_git_op_succeeded        (PostingsGitOp         *op);
/* Turns libgit2's last error (after a network step returned @code < 0)
 * into a plain message; @what says what was being done ("publish"). */
void           _postings_git_op_set_error        (PostingsGitOp         *op,
                                                  int                    code,
                                                  GError               **error);
/* What the server printed during the last step (hook output), one line. */
char          *_postings_git_op_server_said      (PostingsGitOp         *op);
gboolean       _postings_git_op_check_cancelled  (PostingsGitOp         *op,
                                                  GError               **error);

/* SSH host keys (postings-git-hostkey.c), against ~/.ssh/known_hosts,
 * /etc/ssh/ssh_known_hosts and the app's own file. @key: the key as the
 * server sent it (git_cert_hostkey.hostkey). */
PostingsGitHostKeyState _postings_git_host_key_check   (const char   *host,
                                                        guint         port,
                                                        const guint8 *key,
                                                        gsize         key_len);
/* "SHA256:…", as ssh prints it. */
char          *_postings_git_host_key_fingerprint (const guint8  *key,
                                                   gsize          key_len);
/* Appends the key to ~/.ssh/known_hosts (inside Flatpak, the app's own
 * file, _postings_git_host_key_file()). */
gboolean       _postings_git_host_key_trust       (const char    *host,
                                                   guint          port,
                                                   const guint8  *key,
                                                   gsize          key_len,
                                                   GError       **error);
char          *_postings_git_host_key_file        (void);

/* git_checkout_options.progress_cb, payload the PostingsGitOp. */
void           _postings_git_checkout_progress_cb (const char           *path,
                                                   size_t                completed_steps,
                                                   size_t                total_steps,
                                                   void                 *payload);
/* For g_ptr_array_sort() of strings. */
int            _postings_git_compare_strings     (gconstpointer          a,
                                                  gconstpointer          b);

/* libgit2 is initialised once per process. */
void           _postings_git_init                (void);
/* A local (non-network) libgit2 failure: FALSE with @message and libgit2's
 * reason. */
gboolean       _postings_git_check               (int                    code,
                                                  GError               **error,
                                                  const char            *message);
git_repository *_postings_git_open               (const char            *folder,
                                                  GError               **error);
/* The working copy's path of @repo without the final `/`. */
char           *_postings_git_workdir            (git_repository        *repo);
/* @path relative to the working copy of @repo (with `/`), or NULL with an
 * error when it is outside it or inside `.git`. */
char           *_postings_git_relative_path      (git_repository        *repo,
                                                  GFile                 *file,
                                                  GError               **error);

/* Remotes: the one the site is fetched from ("upstream" when a fork is
 * set up, else "origin", else the only one) and the one pushed to
 * ("origin"). */
git_remote     *_postings_git_lookup_base_remote (git_repository        *repo,
                                                  GError               **error);
git_remote     *_postings_git_lookup_push_remote (git_repository        *repo,
                                                  GError               **error);
/* remote.NAME.url as written in the configuration (before insteadOf). */
char           *_postings_git_configured_url     (git_repository        *repo,
                                                  git_remote            *remote);
/* Connects to @remote to read its default branch ("main", no refs/heads/). */
char           *_postings_git_remote_default_branch (PostingsGitOp      *op,
                                                     git_remote         *remote,
                                                     GError            **error);
/* Fetches refs/heads/@branch of @remote into refs/remotes/REMOTE/@branch
 * and returns its commit. */
gboolean        _postings_git_fetch_branch       (PostingsGitOp         *op,
                                                  git_repository        *repo,
                                                  git_remote            *remote,
                                                  const char            *branch,
                                                  git_oid               *out,
                                                  GError               **error);
/* The refs/heads/… names @remote has, as a set (the remote's ls). */
GHashTable     *_postings_git_remote_heads       (PostingsGitOp         *op,
                                                  git_remote            *remote,
                                                  GError               **error);

/* postings-git-url.c */
char           *_postings_git_url_host           (const char            *url);
/* Inside a Flatpak sandbox (/.flatpak-info)? */
gboolean        _postings_git_in_flatpak         (void);

/* The operations, run by the functions of postings-git.c in the calling
 * thread or in a GTask worker. Each returns its result, or NULL with @error. */
typedef struct
{
  GPtrArray              *paths;    /* char *, absolute */
  char                   *message;
  char                   *branch;
  PostingsGitPublishMode  mode;
} PostingsGitPublishArgs;

gpointer _postings_git_clone_run         (PostingsGitOp *op, gpointer url, GError **error);
gpointer _postings_git_changes_run       (PostingsGitOp *op, gpointer unused, GError **error);
gpointer _postings_git_publish_run       (PostingsGitOp *op, gpointer args, GError **error);
gpointer _postings_git_update_run        (PostingsGitOp *op, gpointer unused, GError **error);
gpointer _postings_git_check_updates_run (PostingsGitOp *op, gpointer unused, GError **error);
gpointer _postings_git_site_version_run  (PostingsGitOp *op, gpointer file, GError **error);
gpointer _postings_git_restore_run       (PostingsGitOp *op, gpointer file, GError **error);
gpointer _postings_git_last_change_run   (PostingsGitOp *op, gpointer file, GError **error);

/* What changed in @path (relative) since @head_tree (may be NULL): its
 * title and whether it was closed (postings-git-status.c). */
PostingsGitFileChange *_postings_git_file_change_new (git_repository    *repo,
                                                      git_tree          *head_tree,
                                                      const char        *workdir,
                                                      const char        *path,
                                                      PostingsGitChange  kind);

/* Reads `roles`, `open` and (with @basename) the date of a posting's
 * bytes (postings-git-status.c); each out argument is optional. */
void     _postings_git_read_posting      (const char    *data,
                                          gsize          len,
                                          const char    *basename,
                                          char         **title,
                                          gboolean      *open,
                                          GDateTime    **date);

G_END_DECLS
