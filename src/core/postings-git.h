/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "postings-site.h"

G_BEGIN_DECLS

/* Git for the site repository (GTK-free, libgit2's C API).
 *
 * A PostingsGitRepository stands for one working copy (or, before a clone,
 * the folder a clone goes to). Every operation opens its own git_repository
 * in the thread it runs in: the `*_async` functions in a GTask worker thread,
 * the plain ones in the calling thread (the command line).
 *
 * What it never does: touch the working copy, the index or the current
 * branch when publishing; merge, force-push or reset anything; write a token
 * anywhere but the keyring.
 *
 * Credentials, in this order: POSTINGS_GIT_USERNAME / POSTINGS_GIT_TOKEN
 * from the environment (for CI), the keyring (libsecret, keyed by host and
 * user), then, for the `*_async` operations only, the "credentials-needed"
 * signal (the UI asks the user). SSH remotes use the SSH agent; the
 * server's key must be in known_hosts, else "credentials-needed" asks
 * whether to trust it (a changed key is always refused). An operation
 * gives at most two credentials a try, then fails with
 * POSTINGS_GIT_ERROR_AUTH.
 *
 * Signals (emitted on the thread-default main context of the caller of the
 * `*_async` function; for the plain functions, in the calling thread):
 *   "progress" (const PostingsGitProgress *progress): at most 10 a second;
 *   "credentials-needed" (PostingsGitCredentialRequest *request) → gboolean:
 *       return TRUE and later call postings_git_credential_request_reply()
 *       or _cancel() (the operation waits; cancelled, it stops with
 *       G_IO_ERROR_CANCELLED); FALSE (no handler) fails the operation with
 *       POSTINGS_GIT_ERROR_AUTH. Async operations only. */

#define POSTINGS_GIT_ERROR (postings_git_error_quark ())

typedef enum
{
  POSTINGS_GIT_ERROR_FAILED,
  POSTINGS_GIT_ERROR_NOT_A_REPOSITORY,   /* the folder is in no git working copy */
  POSTINGS_GIT_ERROR_NO_REMOTE,          /* the repository has no remote to publish to */
  POSTINGS_GIT_ERROR_AUTH,               /* credentials refused twice, or none available */
  POSTINGS_GIT_ERROR_NETWORK,            /* no network, connection refused */
  POSTINGS_GIT_ERROR_HOST_UNKNOWN,       /* the host name does not resolve */
  POSTINGS_GIT_ERROR_TIMEOUT,
  POSTINGS_GIT_ERROR_CERTIFICATE,        /* the server's certificate is not valid */
  POSTINGS_GIT_ERROR_NOT_FOUND,          /* no repository at that address */
  POSTINGS_GIT_ERROR_NO_RIGHTS,          /* not allowed to push (403): offer a fork */
  POSTINGS_GIT_ERROR_REJECTED,           /* the server refused the push (hook, protected branch) */
  POSTINGS_GIT_ERROR_NOT_FAST_FORWARD,   /* a direct publish the site's branch cannot take as is */
  POSTINGS_GIT_ERROR_NOT_VERIFIED,       /* the push returned but the server does not have the commit */
  POSTINGS_GIT_ERROR_NO_AUTHOR,          /* user.name / user.email missing: ask, then set_author() */
  POSTINGS_GIT_ERROR_NOTHING_TO_PUBLISH, /* the site already has these versions */
  POSTINGS_GIT_ERROR_OUTDATED,           /* a chosen file changed on the site since the local copy */
  POSTINGS_GIT_ERROR_BRANCH_EXISTS,      /* an explicitly named branch is taken */
  POSTINGS_GIT_ERROR_DIVERGED,           /* update: local commits the site does not have */
  POSTINGS_GIT_ERROR_FOLDER_NOT_EMPTY,   /* clone: the folder exists and is not empty */
  POSTINGS_GIT_ERROR_HOST_KEY_UNKNOWN,   /* SSH: a server this computer never met (not trusted) */
  POSTINGS_GIT_ERROR_HOST_KEY_CHANGED,   /* SSH: the server's key is not the known one */
} PostingsGitError;

GQuark postings_git_error_quark (void);

typedef enum
{
  POSTINGS_GIT_STAGE_CONNECTING,
  POSTINGS_GIT_STAGE_RECEIVING,    /* objects and bytes received */
  POSTINGS_GIT_STAGE_RESOLVING,    /* deltas resolved */
  POSTINGS_GIT_STAGE_CHECKING_OUT, /* files written */
  POSTINGS_GIT_STAGE_PUSHING,      /* objects sent */
  POSTINGS_GIT_STAGE_VERIFYING,    /* asking the server whether it has the commit */
} PostingsGitStage;

typedef struct
{
  PostingsGitStage stage;
  guint            total_objects;
  guint            received_objects;
  guint            indexed_objects;
  guint            total_deltas;
  guint            indexed_deltas;
  guint64          received_bytes;
  guint            total_files;     /* CHECKING_OUT */
  guint            done_files;
  guint            push_total;      /* PUSHING: objects */
  guint            push_current;
  guint64          push_bytes;
} PostingsGitProgress;

/* 0 … 1 for the stage, or -1 when its size is not known yet. */
double  postings_git_progress_get_fraction (const PostingsGitProgress *progress);
/* A line for a progress bar, translated: "1 234 of 5 678 objects received
 * (3.4 MB)", "Writing files: 12 of 543", … */
char   *postings_git_progress_describe     (const PostingsGitProgress *progress);

/* One changed posting, relative to the current commit (HEAD). */
typedef struct
{
  char              *path;    /* relative to the working copy, with `/` */
  GFile             *file;
  PostingsGitChange  change;  /* NEW, MODIFIED or DELETED */
  char              *title;   /* `roles` of the file (of the last commit when deleted), else the file name */
  gboolean           closed;  /* `open` went from true to false */
  GDateTime         *date;    /* DELETED: the committed posting's date (`date`, else its name's), or NULL */
} PostingsGitFileChange;

void                   postings_git_file_change_free (PostingsGitFileChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PostingsGitFileChange, postings_git_file_change_free)

/* The prefilled commit message for @changes (PostingsGitFileChange *),
 * translated: "Add the offer “…”" (fr: « Ajoute l’offre « … » »), "Close …",
 * "Update …", "Remove …"; for several, a summary line, a blank line and one
 * line per posting. */
char                  *postings_git_commit_message   (GPtrArray *changes);

typedef enum
{
  POSTINGS_GIT_PUBLISH_AUTO,    /* as the site's `.postings.yml` says (`publish: direct`), else REVIEW */
  POSTINGS_GIT_PUBLISH_REVIEW,  /* a new branch, for a pull request */
  POSTINGS_GIT_PUBLISH_DIRECT,  /* fast-forward the site's default branch */
} PostingsGitPublishMode;

typedef struct
{
  char     *branch;           /* the branch pushed: the new one, or the default branch (direct) */
  char     *local_branch;     /* the local branch holding the commit */
  char     *base_branch;      /* the site's default branch, e.g. "main" */
  char     *remote_name;      /* the remote pushed to, e.g. "origin" */
  char     *remote_url;       /* its address as configured (never with a token) */
  char     *commit_id;        /* hexadecimal */
  char     *pull_request_url; /* GitHub / GitLab page proposing the change, else NULL */
  gboolean  direct;
  gboolean  reused;           /* a retry: the commit left by a failed attempt was pushed */
} PostingsGitPublishResult;

void postings_git_publish_result_free (PostingsGitPublishResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PostingsGitPublishResult, postings_git_publish_result_free)

typedef struct
{
  gboolean   up_to_date;   /* nothing new on the site (or only local commits) */
  guint      n_commits;    /* commits fast-forwarded */
  GStrv      updated;      /* files the update changed (relative paths) */
  GStrv      kept;         /* files changed locally AND on the site: the local version was kept */
  char      *old_id;
  char      *new_id;
} PostingsGitUpdateResult;

void postings_git_update_result_free (PostingsGitUpdateResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PostingsGitUpdateResult, postings_git_update_result_free)

/* A question for the user, handed out by "credentials-needed". */
typedef struct _PostingsGitCredentialRequest PostingsGitCredentialRequest;

#define POSTINGS_TYPE_GIT_CREDENTIAL_REQUEST (postings_git_credential_request_get_type ())
GType       postings_git_credential_request_get_type     (void) G_GNUC_CONST;
PostingsGitCredentialRequest *postings_git_credential_request_ref   (PostingsGitCredentialRequest *request);
void        postings_git_credential_request_unref        (PostingsGitCredentialRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PostingsGitCredentialRequest, postings_git_credential_request_unref)
/* "github.com", "127.0.0.1:8080". */
const char *postings_git_credential_request_get_host     (PostingsGitCredentialRequest *request);
/* The remote address (without credentials). */
const char *postings_git_credential_request_get_url      (PostingsGitCredentialRequest *request);
/* A user name to prefill (from the address or the keyring), or NULL. */
const char *postings_git_credential_request_get_username (PostingsGitCredentialRequest *request);
/* TRUE when the last token given was refused. */
gboolean    postings_git_credential_request_is_retry     (PostingsGitCredentialRequest *request);
/* @remember: store them in the keyring once the server accepted them. */
void        postings_git_credential_request_reply        (PostingsGitCredentialRequest *request,
                                                          const char                   *username,
                                                          const char                   *token,
                                                          gboolean                      remember);
void        postings_git_credential_request_cancel       (PostingsGitCredentialRequest *request);
/* An SSH server this computer never met: not a user name and token but
 * "trust this server?". Its key's fingerprint as ssh prints it
 * ("SHA256:…"), or NULL for a credentials request. Answer with
 * postings_git_credential_request_trust_host() (the key is added to
 * ~/.ssh/known_hosts, inside Flatpak the app's own file) or _cancel(). */
const char *postings_git_credential_request_get_host_key_fingerprint (PostingsGitCredentialRequest *request);
void        postings_git_credential_request_trust_host   (PostingsGitCredentialRequest *request);

#define POSTINGS_TYPE_GIT_REPOSITORY (postings_git_repository_get_type ())
G_DECLARE_FINAL_TYPE (PostingsGitRepository, postings_git_repository, POSTINGS, GIT_REPOSITORY, GObject)

/* @folder: a working copy or any folder inside it; for a clone, the folder
 * to clone into. Does not touch the disk. */
PostingsGitRepository *postings_git_repository_new          (GFile                 *folder);
GFile                 *postings_git_repository_get_folder   (PostingsGitRepository *self);
/* Keyring lookups and storage (default TRUE). */
void                   postings_git_repository_set_use_keyring (PostingsGitRepository *self,
                                                                gboolean               use_keyring);
/* Quiet (default FALSE): never asks anybody. No "credentials-needed";
 * tokens are read only from keyring collections already unlocked (the
 * keyring never asks for its password), and none is stored or forgotten.
 * For checks the user did not ask for, such as the site's news on
 * opening. */
void                   postings_git_repository_set_quiet       (PostingsGitRepository *self,
                                                                gboolean               quiet);

/* Clones @url into the folder (which must not exist or be empty). On
 * failure or cancellation the folder is left as it was. Depth 1 where
 * libgit2 ≥ 1.7. Credentials in @url (`https://user:token@host/…`) are used
 * for this clone and never written to the repository's configuration. */
gboolean   postings_git_repository_clone         (PostingsGitRepository *self,
                                                  const char            *url,
                                                  GCancellable          *cancellable,
                                                  GError               **error);
void       postings_git_repository_clone_async   (PostingsGitRepository *self,
                                                  const char            *url,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
gboolean   postings_git_repository_clone_finish  (PostingsGitRepository *self,
                                                  GAsyncResult          *result,
                                                  GError               **error);

/* The postings changed since the current commit, under the site's jobs
 * folder (the `folder:` of its schema, default content/_jobs): a
 * GPtrArray of PostingsGitFileChange, sorted by path. For the sidebar:
 * postings_site_entry_set_git_change (entry, change->change). */
GPtrArray *postings_git_repository_get_changes        (PostingsGitRepository *self,
                                                       GCancellable          *cancellable,
                                                       GError               **error);
void       postings_git_repository_get_changes_async  (PostingsGitRepository *self,
                                                       GCancellable          *cancellable,
                                                       GAsyncReadyCallback    callback,
                                                       gpointer               user_data);
GPtrArray *postings_git_repository_get_changes_finish (PostingsGitRepository *self,
                                                       GAsyncResult          *result,
                                                       GError               **error);

/* Marks every posting of @site with its change in @changes (from
 * get_changes()), the others POSTINGS_GIT_UNCHANGED: for the sidebar, after
 * each save and on file changes. A posting deleted from the disk (still
 * committed) gets a DELETED entry (postings_site_add_deleted()); one that
 * git no longer lists as deleted loses it. */
void       postings_git_changes_apply_to_site (GPtrArray             *changes,
                                               PostingsSite          *site);

/* The commit author from the git configuration (user.name, user.email);
 * FALSE when either is missing. (This and the next two read or write
 * .git/config in the calling thread: for the command line; the UI uses
 * describe_async() and configure_async().) */
gboolean   postings_git_repository_get_author    (PostingsGitRepository *self,
                                                  char                 **name,
                                                  char                 **email);
/* Stores them in the repository's own configuration (.git/config). */
gboolean   postings_git_repository_set_author    (PostingsGitRepository *self,
                                                  const char            *name,
                                                  const char            *email,
                                                  GError               **error);

/* No push rights: the original remote becomes `upstream` (pull requests go
 * to it, the site is fetched from it) and @fork_url becomes `origin`, the
 * remote pushed to. Calling it again replaces the fork's address. */
gboolean   postings_git_repository_use_fork      (PostingsGitRepository *self,
                                                  const char            *fork_url,
                                                  GError               **error);

/* A posting deleted from the working copy but still in the current commit
 * (HEAD): writes its committed version back, byte for byte, atomically and
 * never over an existing file (POSTINGS_ERROR_EXISTS naming the path), the
 * folder made if it went too. G_IO_ERROR_NOT_FOUND when the current commit
 * has no such file. Reads no network. */
gboolean   postings_git_repository_restore_deleted        (PostingsGitRepository *self,
                                                           GFile                 *file,
                                                           GCancellable          *cancellable,
                                                           GError               **error);
void       postings_git_repository_restore_deleted_async  (PostingsGitRepository *self,
                                                           GFile                 *file,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
gboolean   postings_git_repository_restore_deleted_finish (PostingsGitRepository *self,
                                                           GAsyncResult          *result,
                                                           GError               **error);

/* When @file's committed version (HEAD's) was made: the time of the last
 * commit, following first parents from HEAD, that changed it (local
 * time). For "deleted here, on the site since …". G_IO_ERROR_NOT_FOUND
 * when the current commit has no such file. */
GDateTime *postings_git_repository_get_last_change        (PostingsGitRepository *self,
                                                           GFile                 *file,
                                                           GCancellable          *cancellable,
                                                           GError               **error);
void       postings_git_repository_get_last_change_async  (PostingsGitRepository *self,
                                                           GFile                 *file,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
GDateTime *postings_git_repository_get_last_change_finish (PostingsGitRepository *self,
                                                           GAsyncResult          *result,
                                                           GError               **error);

/* Does the site's `.postings.yml` say `publish: direct`? */
gboolean   postings_git_repository_publishes_directly (PostingsGitRepository *self);

/* What a Publish dialog shows before publishing, read in a worker thread. */
typedef struct
{
  char     *author_name;   /* NULL when git does not know it */
  char     *author_email;
  char     *site_url;      /* the remote the site is fetched from, as configured */
  char     *push_url;      /* the remote pushed to (a fork's, or the same) */
  gboolean  direct;        /* `publish: direct` */
} PostingsGitSiteInfo;

void postings_git_site_info_free (PostingsGitSiteInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PostingsGitSiteInfo, postings_git_site_info_free)

void                 postings_git_repository_describe_async   (PostingsGitRepository *self,
                                                               GCancellable          *cancellable,
                                                               GAsyncReadyCallback    callback,
                                                               gpointer               user_data);
PostingsGitSiteInfo *postings_git_repository_describe_finish  (PostingsGitRepository *self,
                                                               GAsyncResult          *result,
                                                               GError               **error);
/* set_author() and/or use_fork() (either may be NULL), in a worker thread. */
void                 postings_git_repository_configure_async  (PostingsGitRepository *self,
                                                               const char            *author_name,
                                                               const char            *author_email,
                                                               const char            *fork_url,
                                                               GCancellable          *cancellable,
                                                               GAsyncReadyCallback    callback,
                                                               gpointer               user_data);
gboolean             postings_git_repository_configure_finish (PostingsGitRepository *self,
                                                               GAsyncResult          *result,
                                                               GError               **error);

/* Publishes @files (GFile *, inside the working copy; deleted ones are
 * removed) as ONE commit on top of the site's default branch, fetched
 * first, without touching the working copy, the index or the current
 * branch. REVIEW: on a new branch `postings/<first file's name>` (or
 * @branch), unique among local and remote branches; DIRECT: the site's
 * default branch, fast-forward only. Pushes it, then checks that the server
 * has it. @message NULL: postings_git_commit_message() of the files.
 *
 * On a failed push the commit stays on its local branch: publishing the
 * same files again (unchanged since) pushes that commit instead of making
 * a new one (result->reused). */
PostingsGitPublishResult *postings_git_repository_publish        (PostingsGitRepository  *self,
                                                                  GPtrArray              *files,
                                                                  const char             *message,
                                                                  const char             *branch,
                                                                  PostingsGitPublishMode  mode,
                                                                  GCancellable           *cancellable,
                                                                  GError                **error);
void                      postings_git_repository_publish_async  (PostingsGitRepository  *self,
                                                                  GPtrArray              *files,
                                                                  const char             *message,
                                                                  const char             *branch,
                                                                  PostingsGitPublishMode  mode,
                                                                  GCancellable           *cancellable,
                                                                  GAsyncReadyCallback     callback,
                                                                  gpointer                user_data);
PostingsGitPublishResult *postings_git_repository_publish_finish (PostingsGitRepository  *self,
                                                                  GAsyncResult           *result,
                                                                  GError                **error);

/* Fetches the current branch's remote branch and fast-forwards to it. Files
 * changed locally are never overwritten: a file changed both locally and on
 * the site is kept as it is and listed in result->kept; a local file
 * identical to what arrived is not a conflict. Never merges: local commits
 * the site does not have fail with POSTINGS_GIT_ERROR_DIVERGED. */
PostingsGitUpdateResult *postings_git_repository_update        (PostingsGitRepository *self,
                                                                GCancellable          *cancellable,
                                                                GError               **error);
void                     postings_git_repository_update_async  (PostingsGitRepository *self,
                                                                GCancellable          *cancellable,
                                                                GAsyncReadyCallback    callback,
                                                                gpointer               user_data);
PostingsGitUpdateResult *postings_git_repository_update_finish (PostingsGitRepository *self,
                                                                GAsyncResult          *result,
                                                                GError               **error);

/* Fetches and counts the site's commits the current branch does not have
 * (for "the site has news: update?"). Changes nothing but the remote's refs. */
gboolean   postings_git_repository_check_updates        (PostingsGitRepository *self,
                                                         guint                 *n_commits,
                                                         GCancellable          *cancellable,
                                                         GError               **error);
void       postings_git_repository_check_updates_async  (PostingsGitRepository *self,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
gboolean   postings_git_repository_check_updates_finish (PostingsGitRepository *self,
                                                         GAsyncResult          *result,
                                                         guint                 *n_commits,
                                                         GError               **error);

/* The site's version of @file (in the working copy) as last fetched — the
 * current branch's upstream, else the site remote's default branch — for
 * comparing a file update kept as the user's with the site's. Reads only
 * (no network). G_IO_ERROR_NOT_FOUND when the site has no such file. */
GBytes    *postings_git_repository_read_site_version        (PostingsGitRepository *self,
                                                             GFile                 *file,
                                                             GCancellable          *cancellable,
                                                             GError               **error);
void       postings_git_repository_read_site_version_async  (PostingsGitRepository *self,
                                                             GFile                 *file,
                                                             GCancellable          *cancellable,
                                                             GAsyncReadyCallback    callback,
                                                             gpointer               user_data);
GBytes    *postings_git_repository_read_site_version_finish (PostingsGitRepository *self,
                                                             GAsyncResult          *result,
                                                             GError               **error);

/* Addresses (postings-git-url.c; pure functions). */

/* Splits a remote address: `https://github.com/O/R(.git)`,
 * `git@github.com:O/R.git`, `ssh://git@github.com/O/R`, with the host (and
 * port), the owner path (GitLab groups may nest: "group/sub") and the
 * repository name without `.git`. FALSE when it is not such an address. */
gboolean   postings_git_parse_remote_url          (const char  *url,
                                                   char       **host,
                                                   char       **owner,
                                                   char       **name);
/* @url without `user:password@`; the parts removed in @username and
 * @password (optional, NULL when absent). */
char      *postings_git_url_strip_credentials     (const char  *url,
                                                   char       **username,
                                                   char       **password);
/* The page proposing @branch for @base_branch of @base_url: GitHub
 * `…/compare/BASE...BRANCH?quick_pull=1&title=…&body=…` (head `OWNER:BRANCH`
 * when @head_url is a fork), GitLab `…/-/merge_requests/new?…`; NULL for
 * other hosts. @head_url may be NULL (same repository). */
char      *postings_git_pull_request_url          (const char  *base_url,
                                                   const char  *head_url,
                                                   const char  *base_branch,
                                                   const char  *branch,
                                                   const char  *title,
                                                   const char  *body);
/* The host's page making a fork of @site_url (GitHub `…/fork`, GitLab
 * `…/-/forks/new`), or NULL for other hosts. */
char      *postings_git_fork_page_url             (const char  *site_url);
/* `postings/<name of the first file without .md>` (plus "-and-N-more" for
 * several), made a valid git branch name. @paths: relative paths. */
char      *postings_git_branch_name_for_paths     (const char * const *paths);
/* Does @url go through SSH (`ssh://…`, `git@host:path`)? */
gboolean   postings_git_url_is_ssh                (const char  *url);
/* Is an SSH agent there to sign in with (SSH_AUTH_SOCK set)? */
gboolean   postings_git_ssh_agent_available       (void);
/* Where "Get a Site" clones @url by default: ~/Documents/Postings/<name>,
 * or the app's data folder inside Flatpak. */
GFile     *postings_git_default_clone_folder      (const char  *url);
/* Is @file in the index of the git repository holding it? (For
 * postings_posting_set_tracked_func().) */
gboolean   postings_git_is_tracked                (GFile       *file);

G_END_DECLS
