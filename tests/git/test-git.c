/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The git core against real servers on this machine: bare repositories
 * (plain paths and file://) built from the corpus, and the smart-HTTP test
 * server on 127.0.0.1 with basic authentication. The real git command
 * checks what reached the server. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "git-test-repository.h"
#include "git-test-util.h"
#include "postings-error.h"
#include "postings-git.h"

#define NEW_POSTING "content/_jobs/2026-03-01-charge.e.de.deploiement.md"
#define NEW_POSTING_TEXT \
  "---\nroles: Chargé·e de déploiement\nopen: true\ndate: 2026-03-01\n---\nRejoignez-nous.\n"

/* Answers "credentials-needed" with a fixed user name and token. */
typedef struct
{
  const char *token;
  guint       calls;
  guint       retries;
  char       *host;
  gboolean    cancel;  /* cancel the operation instead of answering */
  GCancellable *cancellable;
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
  g_free (asker->host);
  asker->host = g_strdup (postings_git_credential_request_get_host (request));
  if (asker->cancel)
    g_cancellable_cancel (asker->cancellable);
  else
    postings_git_credential_request_reply (request, GIT_TEST_USER, asker->token, FALSE);
  return TRUE;
}

static void
asker_clear (Asker *asker)
{
  g_clear_pointer (&asker->host, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Asker, asker_clear)

/* Progress as the main loop received it. */
typedef struct
{
  guint    count;
  guint    receiving;
  guint    max_total;
  guint    last_received;
  gboolean went_back;
  gboolean cancel_on_receiving;
  GCancellable *cancellable;
} Progress;

static void
progress_cb (PostingsGitRepository     *repository,
             const PostingsGitProgress *progress,
             gpointer                   data)
{
  Progress *p = data;
  double fraction = postings_git_progress_get_fraction (progress);
  g_autofree char *text = postings_git_progress_describe (progress);

  p->count++;
  g_assert_true (fraction == -1 || (fraction >= 0 && fraction <= 1));
  g_assert_nonnull (text);
  if (progress->stage == POSTINGS_GIT_STAGE_RECEIVING)
    {
      p->receiving++;
      g_assert_cmpuint (progress->received_objects, <=, progress->total_objects);
      if (progress->received_objects < p->last_received)
        p->went_back = TRUE;
      p->last_received = progress->received_objects;
      p->max_total = MAX (p->max_total, progress->total_objects);
      if (p->cancel_on_receiving)
        g_cancellable_cancel (p->cancellable);
    }
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
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

/* The user's copy of @site: a clone whose origin is @url (the HTTP server,
 * or a path), with an author unless @anonymous. */
static char *
user_clone (GitTestSite *site,
            const char  *url,
            gboolean     anonymous)
{
  char *dest = g_build_filename (site->dir, "user", NULL);

  g_free (git_test_git (NULL, "clone", "-q", site->bare, dest, NULL));
  if (url != NULL)
    g_free (git_test_git (dest, "remote", "set-url", "origin", url, NULL));
  if (!anonymous)
    {
      g_free (git_test_git (dest, "config", "user.name", "Camille Martin", NULL));
      g_free (git_test_git (dest, "config", "user.email", "camille@example.fr", NULL));
    }
  return dest;
}

static GPtrArray *
files_of (const char *root,
          ...)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);
  const char *path;
  va_list ap;

  va_start (ap, root);
  while ((path = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (files, g_file_new_build_filename (root, path, NULL));
  va_end (ap);
  return files;
}

/* http://USER:TOKEN@127.0.0.1:PORT/@repo */
static char *
url_with_token (GitTestServer *server,
                const char    *repo)
{
  return g_strdup_printf ("http://%s:%s@127.0.0.1:%u/%s", GIT_TEST_USER, GIT_TEST_TOKEN,
                          server->port, repo);
}

/* What must not change when publishing: HEAD, the branch, the index, the
 * status and the files. */
typedef struct
{
  char *head;
  char *branch;
  char *index;
  char *status;
  char *file;
} Snapshot;

static void
snapshot_take (Snapshot   *s,
               const char *repo,
               const char *file)
{
  g_autofree char *index_path = g_build_filename (repo, ".git/index", NULL);
  g_autofree char *index = NULL;
  gsize len = 0;

  s->head = g_strstrip (git_test_git (repo, "rev-parse", "HEAD", NULL));
  s->branch = g_strstrip (git_test_git (repo, "symbolic-ref", "HEAD", NULL));
  g_assert_true (g_file_get_contents (index_path, &index, &len, NULL));
  s->index = g_base64_encode ((const guchar *) index, len);
  s->status = git_test_git (repo, "status", "--porcelain", NULL);
  s->file = git_test_read_file (file);
}

static void
snapshot_clear (Snapshot *s)
{
  g_free (s->head);
  g_free (s->branch);
  g_free (s->index);
  g_free (s->status);
  g_free (s->file);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Snapshot, snapshot_clear)

static void
assert_snapshot_equal (const Snapshot *a,
                       const Snapshot *b)
{
  g_assert_cmpstr (a->head, ==, b->head);
  g_assert_cmpstr (a->branch, ==, b->branch);
  g_assert_cmpstr (a->index, ==, b->index);
  g_assert_cmpstr (a->status, ==, b->status);
  g_assert_cmpstr (a->file, ==, b->file);
}

static void
assert_no_token (const char *repo)
{
  g_autofree char *git_dir = g_build_filename (repo, ".git", NULL);
  g_autofree char *config = g_build_filename (repo, ".git/config", NULL);

  g_assert_false (git_test_tree_contains (config, GIT_TEST_TOKEN));
  g_assert_false (git_test_tree_contains (git_dir, GIT_TEST_TOKEN));
  g_assert_false (git_test_tree_contains (g_getenv ("XDG_STATE_HOME"), GIT_TEST_TOKEN));
}

/* The site's file as the server has it on @branch. */
static char *
server_file (GitTestSite *site,
             const char  *branch,
             const char  *path)
{
  g_autofree char *spec = g_strdup_printf ("%s:%s", branch, path);

  return git_test_git (site->bare, "show", spec, NULL);
}

static char *
corpus_file (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *full = g_build_filename (g_getenv ("POSTINGS_CORPUS_DIR"), "jobs", base, NULL);

  return git_test_read_file (full);
}

/* Clone. */

static void
test_clone_http_progress (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (FALSE);
  g_autoptr(GitTestServer) server = NULL;
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *dest = NULL, *jobs = NULL, *remote = NULL;
  g_autofree char *posting = NULL, *cloned = NULL, *original = NULL;
  g_auto(Asker) asker = { GIT_TEST_TOKEN, };
  Progress progress = { 0, };
  gint64 start;

  if (site == NULL)
    return;

  server = git_test_server_start (site->srv, 0, NULL);
  url = git_test_server_url (server, "site.git");
  dest = g_build_filename (site->dir, "Postings/site", NULL);
  repository = git_test_repository_new (dest);
  g_signal_connect (repository, "credentials-needed", G_CALLBACK (credentials_needed_cb), &asker);
  g_signal_connect (repository, "progress", G_CALLBACK (progress_cb), &progress);

  start = g_get_monotonic_time ();
  postings_git_repository_clone_async (repository, url, NULL, done_cb, &result);
  GIT_TEST_WAIT_FOR (result != NULL);
  g_assert_true (postings_git_repository_clone_finish (repository, result, &error));
  g_assert_no_error (error);
  g_test_message ("clone of the 543-posting site over loopback HTTP: %.2f s (%u progress updates)",
                  seconds_since (start), progress.count);

  /* Asked once; progress with objects received, never going back. */
  g_assert_cmpuint (asker.calls, ==, 1);
  g_assert_cmpuint (asker.retries, ==, 0);
  g_assert_true (g_str_has_prefix (asker.host, "127.0.0.1:"));
  g_assert_cmpuint (progress.receiving, >, 0);
  g_assert_cmpuint (progress.max_total, >, 543);
  g_assert_false (progress.went_back);

  /* Every posting, byte for byte; the address kept without credentials. */
  jobs = g_build_filename (dest, "content/_jobs", NULL);
  g_assert_cmpuint (count_files (jobs), ==, 543);
  posting = g_build_filename (dest, GIT_TEST_POSTING_A, NULL);
  cloned = git_test_read_file (posting);
  original = corpus_file (GIT_TEST_POSTING_A);
  g_assert_cmpstr (cloned, ==, original);
  remote = g_strstrip (git_test_git (dest, "remote", "get-url", "origin", NULL));
  g_assert_cmpstr (remote, ==, url);
  assert_no_token (dest);
}

static void
test_clone_url_credentials (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(GitTestServer) server = NULL;
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *with_token = NULL, *dest = NULL, *remote = NULL, *config = NULL;

  if (site == NULL)
    return;

  server = git_test_server_start (site->srv, 0, NULL);
  url = git_test_server_url (server, "site.git");
  with_token = url_with_token (server, "site.git");
  dest = g_build_filename (site->dir, "clone", NULL);
  repository = git_test_repository_new (dest);

  /* Pasted with its token: used for this clone, never written down. */
  g_assert_true (postings_git_repository_clone (repository, with_token, NULL, &error));
  g_assert_no_error (error);
  remote = g_strstrip (git_test_git (dest, "remote", "get-url", "origin", NULL));
  g_assert_cmpstr (remote, ==, url);
  config = g_build_filename (dest, ".git/config", NULL);
  g_assert_false (git_test_tree_contains (config, GIT_TEST_USER ":"));
  assert_no_token (dest);
}

static void
test_clone_local (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  const char *kinds[] = { "path", "file-url" };

  if (site == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(PostingsGitRepository) repository = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *dest = g_build_filename (site->dir, kinds[i], NULL);
      g_autofree char *jobs = g_build_filename (dest, "content/_jobs", NULL);
      g_autofree char *url = i == 0 ? g_strdup (site->bare) : g_strconcat ("file://", site->bare, NULL);

      repository = git_test_repository_new (dest);
      g_assert_true (postings_git_repository_clone (repository, url, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (count_files (jobs), ==, 3);
    }
}

static void
test_clone_cancel (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (FALSE);
  g_autoptr(GitTestServer) server = NULL;
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *dest = NULL;
  Progress progress = { 0, };

  if (site == NULL)
    return;

  server = git_test_server_start (site->srv, 0, NULL);
  url = url_with_token (server, "site.git");
  dest = g_build_filename (site->dir, "cancelled", NULL);
  repository = git_test_repository_new (dest);

  /* In the calling thread, progress comes from inside the transfer: Cancel
   * at the first objects received stops it there. */
  progress.cancel_on_receiving = TRUE;
  progress.cancellable = cancellable;
  g_signal_connect (repository, "progress", G_CALLBACK (progress_cb), &progress);
  g_assert_false (postings_git_repository_clone (repository, url, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (progress.receiving, ==, 1);

  /* Nothing left behind. */
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
}

static void
test_clone_cancel_while_asking (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(GitTestServer) server = NULL;
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *dest = NULL;
  g_auto(Asker) asker = { NULL, };

  if (site == NULL)
    return;

  server = git_test_server_start (site->srv, 0, NULL);
  url = git_test_server_url (server, "site.git");
  dest = g_build_filename (site->dir, "cancelled", NULL);
  repository = git_test_repository_new (dest);

  /* The user closes the credentials dialog: the worker stops waiting. */
  asker.cancel = TRUE;
  asker.cancellable = cancellable;
  g_signal_connect (repository, "credentials-needed", G_CALLBACK (credentials_needed_cb), &asker);
  postings_git_repository_clone_async (repository, url, cancellable, done_cb, &result);
  GIT_TEST_WAIT_FOR (result != NULL);
  g_assert_false (postings_git_repository_clone_finish (repository, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (asker.calls, ==, 1);
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
}

static void
test_clone_not_empty (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dest = NULL, *mine = NULL, *kept = NULL;

  if (site == NULL)
    return;

  dest = g_build_filename (site->dir, "taken", NULL);
  mine = g_build_filename (dest, "notes.txt", NULL);
  git_test_write_file (mine, "mes notes\n");
  repository = git_test_repository_new (dest);
  g_assert_false (postings_git_repository_clone (repository, site->bare, NULL, &error));
  g_assert_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_FOLDER_NOT_EMPTY);
  g_assert_nonnull (strstr (error->message, dest));
  kept = git_test_read_file (mine);
  g_assert_cmpstr (kept, ==, "mes notes\n");
}

static void
test_clone_errors (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(GitTestServer) server = NULL;
  struct {
    const char *url;
    PostingsGitError code;
  } cases[] = {
    { "http://127.0.0.1:1/site.git", POSTINGS_GIT_ERROR_NETWORK },
    { "http://nosuchhost.invalid/site.git", POSTINGS_GIT_ERROR_HOST_UNKNOWN },
    { NULL, POSTINGS_GIT_ERROR_NOT_FOUND },
    { NULL, POSTINGS_GIT_ERROR_AUTH },
  };

  if (site == NULL)
    return;

  server = git_test_server_start (site->srv, 0, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PostingsGitRepository) repository = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("clone-%u", i);
      g_autofree char *dest = g_build_filename (site->dir, name, NULL);
      g_autofree char *url = NULL;

      if (cases[i].code == POSTINGS_GIT_ERROR_NOT_FOUND)
        url = url_with_token (server, "missing.git");
      else if (cases[i].code == POSTINGS_GIT_ERROR_AUTH)
        url = git_test_server_url (server, "site.git");  /* no credentials at all */
      else
        url = g_strdup (cases[i].url);

      repository = git_test_repository_new (dest);
      g_assert_false (postings_git_repository_clone (repository, url, NULL, &error));
      g_assert_error (error, POSTINGS_GIT_ERROR, (int) cases[i].code);
      g_test_message ("%s: %s", url, error->message);
      g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
    }
}

/* What changed, and the message made of it. */

static void
test_changes_and_message (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL, *a = NULL, *b = NULL, *c = NULL, *n = NULL, *readme = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GFile) file_a = NULL;
  const PostingsGitFileChange *change;

  if (site == NULL)
    return;

  user = user_clone (site, NULL, FALSE);
  a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  b = g_build_filename (user, GIT_TEST_POSTING_B, NULL);
  c = g_build_filename (user, GIT_TEST_POSTING_C, NULL);
  n = g_build_filename (user, NEW_POSTING, NULL);
  readme = g_build_filename (user, "README.md", NULL);
  git_test_edit_file (a, "open: true", "open: false");
  git_test_edit_file (b, "\n\n", "\n\nUne phrase de plus.\n\n");
  g_assert_cmpint (g_unlink (c), ==, 0);
  git_test_write_file (n, NEW_POSTING_TEXT);
  git_test_write_file (readme, "Pas une offre.\n");

  repository = git_test_repository_new (user);
  postings_git_repository_get_changes_async (repository, NULL, done_cb, &result);
  GIT_TEST_WAIT_FOR (result != NULL);
  changes = postings_git_repository_get_changes_finish (repository, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 4);

  change = g_ptr_array_index (changes, 0);
  g_assert_cmpstr (change->path, ==, GIT_TEST_POSTING_C);
  g_assert_cmpint (change->change, ==, POSTINGS_GIT_DELETED);
  g_assert_cmpstr (change->title, ==, "Chargée ou chargé de déploiement - Dédale (stage)");
  change = g_ptr_array_index (changes, 1);
  g_assert_cmpstr (change->path, ==, GIT_TEST_POSTING_B);
  g_assert_cmpint (change->change, ==, POSTINGS_GIT_MODIFIED);
  g_assert_false (change->closed);
  change = g_ptr_array_index (changes, 2);
  g_assert_cmpstr (change->path, ==, GIT_TEST_POSTING_A);
  g_assert_cmpint (change->change, ==, POSTINGS_GIT_MODIFIED);
  g_assert_true (change->closed);
  g_assert_cmpstr (change->title, ==, "Un responsable de produit PCRS");
  file_a = g_file_new_for_path (a);
  g_assert_true (g_file_equal (change->file, file_a));
  change = g_ptr_array_index (changes, 3);
  g_assert_cmpstr (change->path, ==, NEW_POSTING);
  g_assert_cmpint (change->change, ==, POSTINGS_GIT_NEW);
  g_assert_cmpstr (change->title, ==, "Chargé·e de déploiement");

  message = postings_git_commit_message (changes);
  g_assert_cmpstr (message, ==,
                   "Change 4 offers\n\n"
                   "- Remove the offer “Chargée ou chargé de déploiement - Dédale (stage)”\n"
                   "- Update the offer “EnvErgo recrute un chargé ou une chargée de déploiement expérimentée”\n"
                   "- Close the offer “Un responsable de produit PCRS”\n"
                   "- Add the offer “Chargé·e de déploiement”");
}

/* The marks of the site's sidebar. */
static void
test_changes_site_marks (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(PostingsSite) workspace = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) root = NULL, file_a = NULL, file_b = NULL, file_n = NULL;
  g_autofree char *user = NULL, *a = NULL, *n = NULL;

  if (site == NULL)
    return;

  user = user_clone (site, NULL, FALSE);
  a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  n = g_build_filename (user, NEW_POSTING, NULL);
  git_test_edit_file (a, "open: true", "open: false");
  git_test_write_file (n, NEW_POSTING_TEXT);

  root = g_file_new_for_path (user);
  workspace = postings_site_new (root, &error);
  g_assert_no_error (error);
  g_assert_true (postings_site_load (workspace, NULL, &error));
  g_assert_no_error (error);

  repository = git_test_repository_new (user);
  changes = postings_git_repository_get_changes (repository, NULL, &error);
  g_assert_no_error (error);
  postings_git_changes_apply_to_site (changes, workspace);

  file_a = g_file_new_for_path (a);
  file_n = g_file_new_for_path (n);
  file_b = g_file_new_build_filename (user, GIT_TEST_POSTING_B, NULL);
  g_assert_cmpint (postings_site_entry_get_git_change (postings_site_lookup (workspace, file_a)), ==,
                   POSTINGS_GIT_MODIFIED);
  g_assert_cmpint (postings_site_entry_get_git_change (postings_site_lookup (workspace, file_n)), ==,
                   POSTINGS_GIT_NEW);
  g_assert_cmpint (postings_site_entry_get_git_change (postings_site_lookup (workspace, file_b)), ==,
                   POSTINGS_GIT_UNCHANGED);
}

/* A posting deleted here (still committed): its own row in the site, the
 * committed version written back on Restore, byte for byte. */
static void
test_changes_deleted_restore (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(PostingsSite) workspace = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) root = NULL, file_c = NULL;
  g_autoptr(GDateTime) since = NULL;
  g_autofree char *user = NULL, *c = NULL, *committed = NULL, *restored = NULL, *status = NULL;
  g_autofree char *made = NULL;
  PostingsSiteEntry *entry;
  guint n_entries;

  if (site == NULL)
    return;

  user = user_clone (site, NULL, FALSE);
  c = g_build_filename (user, GIT_TEST_POSTING_C, NULL);
  committed = git_test_read_file (c);
  g_assert_cmpint (g_unlink (c), ==, 0);

  root = g_file_new_for_path (user);
  workspace = postings_site_new (root, &error);
  g_assert_no_error (error);
  g_assert_true (postings_site_load (workspace, NULL, &error));
  n_entries = g_list_model_get_n_items (postings_site_get_entries (workspace));
  g_assert_cmpuint (n_entries, ==, 2);

  repository = git_test_repository_new (user);
  changes = postings_git_repository_get_changes (repository, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 1);
  postings_git_changes_apply_to_site (changes, workspace);

  /* A row of its own: deleted, titled and dated as committed. */
  file_c = g_file_new_for_path (c);
  entry = postings_site_lookup (workspace, file_c);
  g_assert_nonnull (entry);
  g_assert_cmpuint (g_list_model_get_n_items (postings_site_get_entries (workspace)), ==, 3);
  g_assert_cmpint (postings_site_entry_get_state (entry), ==, POSTINGS_POSTING_DELETED);
  g_assert_cmpint (postings_site_entry_get_git_change (entry), ==, POSTINGS_GIT_DELETED);
  g_assert_cmpstr (postings_site_entry_get_title (entry), ==, "Chargée ou chargé de déploiement - Dédale (stage)");
  g_assert_nonnull (postings_site_entry_get_date (entry));
  g_assert_cmpint (g_date_time_get_year (postings_site_entry_get_date (entry)), ==, 2022);
  /* Applying again adds nothing; a new index keeps it. */
  postings_git_changes_apply_to_site (changes, workspace);
  g_assert_true (postings_site_load (workspace, NULL, &error));
  g_assert_true (postings_site_lookup (workspace, file_c) == entry);
  g_assert_cmpuint (g_list_model_get_n_items (postings_site_get_entries (workspace)), ==, 3);

  /* Since when the site has it: the commit that made it. */
  since = postings_git_repository_get_last_change (repository, file_c, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (since);
  made = g_strstrip (git_test_git (user, "log", "-1", "--format=%ct", "--", GIT_TEST_POSTING_C, NULL));
  g_assert_cmpint (g_date_time_to_unix (since), ==, g_ascii_strtoll (made, NULL, 10));

  /* Restored: the committed bytes, and git sees no change. */
  postings_git_repository_restore_deleted_async (repository, file_c, NULL, done_cb, &result);
  GIT_TEST_WAIT_FOR (result != NULL);
  g_assert_true (postings_git_repository_restore_deleted_finish (repository, result, &error));
  g_assert_no_error (error);
  restored = git_test_read_file (c);
  g_assert_cmpstr (restored, ==, committed);
  status = git_test_git (user, "status", "--porcelain", NULL);
  g_assert_cmpstr (status, ==, "");

  /* Never over a file that is there. */
  g_assert_false (postings_git_repository_restore_deleted (repository, file_c, NULL, &error));
  g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_EXISTS);
  g_clear_error (&error);

  /* The row is the posting's again. */
  postings_site_refresh_file (workspace, file_c);
  g_assert_true (postings_site_lookup (workspace, file_c) == entry);
  g_assert_cmpint (postings_site_entry_get_state (entry), !=, POSTINGS_POSTING_DELETED);
  g_ptr_array_unref (g_steal_pointer (&changes));
  changes = postings_git_repository_get_changes (repository, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 0);
  postings_git_changes_apply_to_site (changes, workspace);
  g_assert_cmpint (postings_site_entry_get_git_change (entry), ==, POSTINGS_GIT_UNCHANGED);
  g_assert_cmpuint (g_list_model_get_n_items (postings_site_get_entries (workspace)), ==, 3);

  /* Deleted and the deletion committed: the row goes. */
  g_assert_cmpint (g_unlink (c), ==, 0);
  g_free (git_test_git (user, "rm", "-q", "--cached", GIT_TEST_POSTING_C, NULL));
  g_free (git_test_git (user, "commit", "-q", "-m", "Supprime C", NULL));
  g_assert_true (postings_site_load (workspace, NULL, &error));
  g_ptr_array_unref (g_steal_pointer (&changes));
  changes = postings_git_repository_get_changes (repository, NULL, &error);
  g_assert_cmpuint (changes->len, ==, 0);
  postings_git_changes_apply_to_site (changes, workspace);
  g_assert_null (postings_site_lookup (workspace, file_c));
  g_assert_cmpuint (g_list_model_get_n_items (postings_site_get_entries (workspace)), ==, 2);
  g_assert_false (postings_git_repository_restore_deleted (repository, file_c, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* The corpus as a site with a few postings deleted: each has its row,
 * titled as committed, and the others none. */
static void
test_changes_deleted_corpus (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (FALSE);
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(PostingsSite) workspace = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) root = NULL;
  g_autofree char *user = NULL, *listed = NULL;
  g_auto(GStrv) names = NULL;
  GListModel *entries;
  guint n_before, n_deleted = 0;

  if (site == NULL)
    return;

  user = user_clone (site, NULL, FALSE);
  root = g_file_new_for_path (user);
  workspace = postings_site_new (root, &error);
  g_assert_no_error (error);
  g_assert_true (postings_site_load (workspace, NULL, &error));
  entries = postings_site_get_entries (workspace);
  n_before = g_list_model_get_n_items (entries);
  g_assert_cmpuint (n_before, >, 100);

  /* Every hundredth posting, as git lists them. */
  listed = g_strstrip (git_test_git (user, "ls-files", "content/_jobs", NULL));
  names = g_strsplit (listed, "\n", -1);
  for (guint i = 0; names[i] != NULL; i += 100)
    {
      g_autofree char *path = g_build_filename (user, names[i], NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
      n_deleted++;
    }
  g_assert_true (postings_site_load (workspace, NULL, &error));
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, n_before - n_deleted);

  repository = git_test_repository_new (user);
  changes = postings_git_repository_get_changes (repository, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, n_deleted);
  postings_git_changes_apply_to_site (changes, workspace);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, n_before);

  for (guint i = 0; names[i] != NULL; i += 100)
    {
      g_autoptr(GFile) file = g_file_new_build_filename (user, names[i], NULL);
      PostingsSiteEntry *entry = postings_site_lookup (workspace, file);
      const PostingsGitFileChange *change = NULL;

      for (guint j = 0; j < changes->len && change == NULL; j++)
        if (g_file_equal (((PostingsGitFileChange *) changes->pdata[j])->file, file))
          change = changes->pdata[j];
      g_assert_nonnull (entry);
      g_assert_nonnull (change);
      g_assert_cmpint (postings_site_entry_get_state (entry), ==, POSTINGS_POSTING_DELETED);
      g_assert_cmpint (postings_site_entry_get_git_change (entry), ==, POSTINGS_GIT_DELETED);
      g_assert_cmpstr (postings_site_entry_get_title (entry), ==, change->title);
      g_test_message ("%s: %s", names[i], change->title);
    }
  for (guint i = 0, deleted = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(PostingsSiteEntry) entry = g_list_model_get_item (entries, i);

      if (postings_site_entry_get_state (entry) == POSTINGS_POSTING_DELETED)
        g_assert_cmpuint (++deleted, <=, n_deleted);
      else
        g_assert_cmpint (postings_site_entry_get_git_change (entry), ==, POSTINGS_GIT_UNCHANGED);
    }
}

/* Publish. */

/* Publishes @files (NULL-terminated relative paths) of @user with the
 * async API, the user answering with @asker. */
static PostingsGitPublishResult *
publish_async (const char              *user,
               Asker                   *asker,
               PostingsGitPublishMode   mode,
               const char              *branch,
               GError                 **error,
               const char              *path,
               ...)
{
  g_autoptr(PostingsGitRepository) repository = git_test_repository_new (user);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncResult) result = NULL;
  va_list ap;

  va_start (ap, path);
  for (; path != NULL; path = va_arg (ap, const char *))
    g_ptr_array_add (files, g_file_new_build_filename (user, path, NULL));
  va_end (ap);

  if (asker != NULL)
    g_signal_connect (repository, "credentials-needed", G_CALLBACK (credentials_needed_cb), asker);
  postings_git_repository_publish_async (repository, files, NULL, branch, mode, NULL, done_cb, &result);
  GIT_TEST_WAIT_FOR (result != NULL);
  return postings_git_repository_publish_finish (repository, result, error);
}

/* The same in the calling thread (no one to ask: file:// remotes). */
static PostingsGitPublishResult *
publish_sync (const char  *user,
              GError     **error,
              const char  *path)
{
  g_autoptr(PostingsGitRepository) repository = git_test_repository_new (user);
  g_autoptr(GPtrArray) files = files_of (user, path, NULL);

  return postings_git_repository_publish (repository, files, NULL, NULL,
                                          POSTINGS_GIT_PUBLISH_AUTO, NULL, error);
}

/* Is @branch marked as waiting to be pushed? */
static gboolean
is_pending (const char *user,
            const char *branch)
{
  g_autofree char *key = g_strdup_printf ("branch.%s.postingsPublish", branch);

  return git_test_git_status (user, NULL, "config", "--get", key, NULL) == 0;
}

static char *
branch_of_a (void)
{
  g_autofree char *base = g_path_get_basename (GIT_TEST_POSTING_A);

  base[strlen (base) - 3] = '\0';
  return g_strconcat ("postings/", base, NULL);
}

/* The server's @branch is one commit on main changing exactly @path by one
 * line, by the user. */
static void
assert_one_line_commit (const char *bare,
                        const char *branch,
                        const char *base,
                        const char *path)
{
  g_autofree char *range = g_strdup_printf ("%s..%s", base, branch);
  g_autofree char *count = g_strstrip (git_test_git (bare, "rev-list", "--count", range, NULL));
  g_autofree char *numstat = git_test_git (bare, "diff", "--numstat", base, branch, NULL);
  g_autofree char *expected = g_strdup_printf ("1\t1\t%s\n", path);
  g_autofree char *parent_spec = g_strconcat (branch, "^", NULL);
  g_autofree char *parent = g_strstrip (git_test_git (bare, "rev-parse", parent_spec, NULL));
  g_autofree char *base_id = g_strstrip (git_test_git (bare, "rev-parse", base, NULL));
  g_autofree char *author = g_strstrip (git_test_git (bare, "log", "-1", "--format=%an <%ae>", branch, NULL));

  g_assert_cmpstr (count, ==, "1");
  g_assert_cmpstr (numstat, ==, expected);
  g_assert_cmpstr (parent, ==, base_id);
  g_assert_cmpstr (author, ==, "Camille Martin <camille@example.fr>");
}

static void
test_publish_one_posting (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (FALSE);
  g_autoptr(GitTestServer) server = NULL;
  g_autoptr(PostingsGitPublishResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *user = NULL, *a = NULL, *branch = NULL, *on_server = NULL;
  g_autofree char *subject = NULL, *log = NULL, *local = NULL, *mine = NULL;
  g_auto(Snapshot) before = { NULL, };
  g_auto(Snapshot) after = { NULL, };
  g_auto(Asker) asker = { GIT_TEST_TOKEN, };
  gint64 start;

  if (site == NULL)
    return;

  server = git_test_server_start (site->srv, 0, NULL);
  url = git_test_server_url (server, "site.git");
  user = user_clone (site, url, FALSE);
  a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  git_test_edit_file (a, "open: true", "open: false");
  snapshot_take (&before, user, a);

  start = g_get_monotonic_time ();
  result = publish_async (user, &asker, POSTINGS_GIT_PUBLISH_AUTO, NULL, &error, GIT_TEST_POSTING_A, NULL);
  g_assert_no_error (error);
  g_test_message ("publish of one posting of the 543-posting site over loopback HTTP: %.2f s",
                  seconds_since (start));

  branch = branch_of_a ();
  g_assert_cmpstr (result->branch, ==, branch);
  g_assert_cmpstr (result->local_branch, ==, branch);
  g_assert_cmpstr (result->base_branch, ==, "main");
  g_assert_cmpstr (result->remote_name, ==, "origin");
  g_assert_cmpstr (result->remote_url, ==, url);
  g_assert_false (result->direct);
  g_assert_false (result->reused);
  g_assert_null (result->pull_request_url);  /* not GitHub or GitLab */
  g_assert_cmpuint (asker.calls, ==, 1);

  /* The server has exactly that: one commit, one line, with the message
   * made from the change. */
  on_server = g_strstrip (git_test_git (site->bare, "rev-parse", branch, NULL));
  g_assert_cmpstr (on_server, ==, result->commit_id);
  assert_one_line_commit (site->bare, branch, "main", GIT_TEST_POSTING_A);
  subject = g_strstrip (git_test_git (site->bare, "log", "-1", "--format=%B", branch, NULL));
  g_assert_cmpstr (subject, ==, "Close the offer “Un responsable de produit PCRS”");
  mine = server_file (site, branch, GIT_TEST_POSTING_A);
  g_assert_cmpstr (mine, ==, before.file);

  /* Working copy, index, HEAD and branch: untouched. The commit also stays
   * on a local branch, no longer marked as waiting. */
  snapshot_take (&after, user, a);
  assert_snapshot_equal (&before, &after);
  local = g_strstrip (git_test_git (user, "rev-parse", branch, NULL));
  g_assert_cmpstr (local, ==, result->commit_id);
  g_assert_false (is_pending (user, branch));

  assert_no_token (user);
  log = git_test_server_read_log (server);
  g_assert_null (strstr (log, "LEAK"));
  g_assert_null (strstr (log, GIT_TEST_TOKEN));
}

static gboolean
has_branches (const char *repo,
              const char *pattern)
{
  g_autofree char *out = git_test_git (repo, "branch", "--list", pattern, NULL);

  return *g_strstrip (out) != '\0';
}

static void
test_publish_wrong_token (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(GitTestServer) server = NULL;
  g_autoptr(PostingsGitPublishResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *user = NULL, *a = NULL, *log = NULL, *before = NULL, *after = NULL;
  g_auto(Asker) asker = { GIT_TEST_WRONG_TOKEN, };

  if (site == NULL)
    return;

  server = git_test_server_start (site->srv, 0, NULL);
  url = git_test_server_url (server, "site.git");
  user = user_clone (site, url, FALSE);
  a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  git_test_edit_file (a, "open: true", "open: false");
  before = git_test_read_file (a);

  /* Asked, refused, asked again (saying so), refused: then the message. */
  result = publish_async (user, &asker, POSTINGS_GIT_PUBLISH_AUTO, NULL, &error, GIT_TEST_POSTING_A, NULL);
  g_assert_null (result);
  g_assert_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "did not accept the user name and token"));
  g_assert_cmpuint (asker.calls, ==, 2);
  g_assert_cmpuint (asker.retries, ==, 1);

  log = git_test_server_read_log (server);
  g_assert_null (strstr (log, GIT_TEST_USER " 200"));
  g_assert_false (has_branches (user, "postings/*"));
  after = git_test_read_file (a);
  g_assert_cmpstr (after, ==, before);
  assert_no_token (user);
}

static void
test_publish_server_stopped (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(GitTestServer) server = NULL;
  g_autoptr(PostingsGitPublishResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *user = NULL, *a = NULL, *before = NULL, *after = NULL;
  g_autofree char *branch = NULL;
  g_auto(Asker) asker = { GIT_TEST_TOKEN, };

  if (site == NULL)
    return;

  server = git_test_server_start (site->srv, 0, NULL);
  url = git_test_server_url (server, "site.git");
  user = user_clone (site, url, FALSE);
  a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  git_test_edit_file (a, "open: true", "open: false");
  before = git_test_read_file (a);

  git_test_server_stop (server);
  result = publish_async (user, &asker, POSTINGS_GIT_PUBLISH_AUTO, NULL, &error, GIT_TEST_POSTING_A, NULL);
  g_assert_null (result);
  g_assert_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "Could not reach 127.0.0.1:"));
  after = git_test_read_file (a);
  g_assert_cmpstr (after, ==, before);
  g_clear_error (&error);

  git_test_server_restart (server);
  result = publish_async (user, &asker, POSTINGS_GIT_PUBLISH_AUTO, NULL, &error, GIT_TEST_POSTING_A, NULL);
  g_assert_no_error (error);
  branch = branch_of_a ();
  g_assert_cmpstr (result->branch, ==, branch);
  assert_one_line_commit (site->bare, branch, "main", GIT_TEST_POSTING_A);
}

/* A fork set up as the push remote; the original, read from a plain path,
 * stays reachable when the fork's server stops: the commit is made, the
 * push fails, and the commit waits on its local branch. */
static void
test_publish_kept_for_retry (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(GitTestServer) server = NULL;
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(PostingsGitPublishResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fork = NULL, *fork_url = NULL, *user = NULL, *a = NULL, *branch = NULL;
  g_autofree char *kept = NULL, *upstream_url = NULL, *on_fork = NULL, *original = NULL;
  g_auto(Asker) asker = { GIT_TEST_TOKEN, };

  if (site == NULL)
    return;

  fork = g_build_filename (site->srv, "fork.git", NULL);
  g_free (git_test_git (NULL, "clone", "-q", "--bare", site->bare, fork, NULL));
  server = git_test_server_start (site->srv, 0, NULL);
  fork_url = git_test_server_url (server, "fork.git");
  user = user_clone (site, NULL, FALSE);
  repository = git_test_repository_new (user);
  g_assert_true (postings_git_repository_use_fork (repository, fork_url, &error));
  g_assert_no_error (error);
  upstream_url = g_strstrip (git_test_git (user, "remote", "get-url", "upstream", NULL));
  g_assert_cmpstr (upstream_url, ==, site->bare);

  a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  git_test_edit_file (a, "open: true", "open: false");
  branch = branch_of_a ();

  git_test_server_stop (server);
  result = publish_async (user, &asker, POSTINGS_GIT_PUBLISH_AUTO, NULL, &error, GIT_TEST_POSTING_A, NULL);
  g_assert_null (result);
  g_assert_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NETWORK);
  g_clear_error (&error);
  kept = g_strstrip (git_test_git (user, "rev-parse", branch, NULL));
  g_assert_true (is_pending (user, branch));

  /* Again, the server back: the same commit goes, nothing is redone. */
  git_test_server_restart (server);
  result = publish_async (user, &asker, POSTINGS_GIT_PUBLISH_AUTO, NULL, &error, GIT_TEST_POSTING_A, NULL);
  g_assert_no_error (error);
  g_assert_true (result->reused);
  g_assert_cmpstr (result->commit_id, ==, kept);
  g_assert_cmpstr (result->remote_name, ==, "origin");
  on_fork = g_strstrip (git_test_git (fork, "rev-parse", branch, NULL));
  g_assert_cmpstr (on_fork, ==, kept);
  assert_one_line_commit (fork, branch, "main", GIT_TEST_POSTING_A);
  g_assert_false (is_pending (user, branch));
  /* The original has nothing new. */
  g_assert_false (has_branches (site->bare, "postings/*"));
  original = g_strstrip (git_test_git (user, "remote", "get-url", "origin", NULL));
  g_assert_cmpstr (original, ==, fork_url);
}

static void
test_publish_hook_refuses (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(GitTestServer) server = NULL;
  g_autoptr(PostingsGitPublishResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *user = NULL, *a = NULL, *hook = NULL, *branch = NULL, *kept = NULL;
  g_auto(Asker) asker = { GIT_TEST_TOKEN, };

  if (site == NULL)
    return;

  hook = g_build_filename (site->bare, "hooks/pre-receive", NULL);
  git_test_write_file (hook, "#!/bin/sh\necho \"Les offres sont gelées pendant la migration.\" >&2\nexit 1\n");
  g_assert_cmpint (g_chmod (hook, 0755), ==, 0);
  server = git_test_server_start (site->srv, 0, NULL);
  url = git_test_server_url (server, "site.git");
  user = user_clone (site, url, FALSE);
  a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  git_test_edit_file (a, "open: true", "open: false");
  branch = branch_of_a ();

  /* Refused, not a success, with the server's words. */
  result = publish_async (user, &asker, POSTINGS_GIT_PUBLISH_AUTO, NULL, &error, GIT_TEST_POSTING_A, NULL);
  g_assert_null (result);
  g_assert_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_REJECTED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Les offres sont gelées pendant la migration."));
  g_assert_nonnull (strstr (error->message, "pre-receive hook declined"));
  g_assert_nonnull (strstr (error->message, branch));
  g_assert_false (has_branches (site->bare, "postings/*"));
  kept = g_strstrip (git_test_git (user, "rev-parse", branch, NULL));
  g_clear_error (&error);

  /* The hook lifted: publishing again sends the kept commit. */
  g_assert_cmpint (g_unlink (hook), ==, 0);
  result = publish_async (user, &asker, POSTINGS_GIT_PUBLISH_AUTO, NULL, &error, GIT_TEST_POSTING_A, NULL);
  g_assert_no_error (error);
  g_assert_true (result->reused);
  g_assert_cmpstr (result->commit_id, ==, kept);
}

static void
test_publish_branch_exists (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(GitTestServer) server = NULL;
  g_autoptr(PostingsGitPublishResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *user = NULL, *a = NULL, *branch = NULL, *taken = NULL;
  g_autofree char *theirs = NULL, *theirs_after = NULL, *second = NULL;
  g_auto(Asker) asker = { GIT_TEST_TOKEN, };

  if (site == NULL)
    return;

  /* Someone already proposed a change under that name. */
  branch = branch_of_a ();
  taken = g_strdup_printf ("main:refs/heads/%s", branch);
  g_free (git_test_git (site->upstream, "push", "-q", "origin", taken, NULL));
  theirs = g_strstrip (git_test_git (site->bare, "rev-parse", branch, NULL));

  server = git_test_server_start (site->srv, 0, NULL);
  url = git_test_server_url (server, "site.git");
  user = user_clone (site, url, FALSE);
  a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  git_test_edit_file (a, "open: true", "open: false");

  /* Asked for by name: refused. */
  result = publish_async (user, &asker, POSTINGS_GIT_PUBLISH_AUTO, branch, &error, GIT_TEST_POSTING_A, NULL);
  g_assert_null (result);
  g_assert_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_BRANCH_EXISTS);
  g_clear_error (&error);

  /* Named after the posting: made unique. */
  result = publish_async (user, &asker, POSTINGS_GIT_PUBLISH_AUTO, NULL, &error, GIT_TEST_POSTING_A, NULL);
  g_assert_no_error (error);
  second = g_strconcat (branch, "-2", NULL);
  g_assert_cmpstr (result->branch, ==, second);
  assert_one_line_commit (site->bare, second, "main", GIT_TEST_POSTING_A);
  theirs_after = g_strstrip (git_test_git (site->bare, "rev-parse", branch, NULL));
  g_assert_cmpstr (theirs_after, ==, theirs);
}

static void
test_publish_no_rights_fork (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(GitTestServer) server = NULL;
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(PostingsGitPublishResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *fork = NULL, *fork_url = NULL, *user = NULL, *a = NULL;
  g_autofree char *branch = NULL, *upstream_url = NULL;
  g_auto(Asker) asker = { GIT_TEST_TOKEN, };

  if (site == NULL)
    return;

  fork = g_build_filename (site->srv, "fork.git", NULL);
  g_free (git_test_git (NULL, "clone", "-q", "--bare", site->bare, fork, NULL));
  server = git_test_server_start (site->srv, 0, "site.git");
  url = git_test_server_url (server, "site.git");
  fork_url = git_test_server_url (server, "fork.git");
  user = user_clone (site, url, FALSE);
  a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  git_test_edit_file (a, "open: true", "open: false");
  branch = branch_of_a ();

  result = publish_async (user, &asker, POSTINGS_GIT_PUBLISH_AUTO, NULL, &error, GIT_TEST_POSTING_A, NULL);
  g_assert_null (result);
  g_assert_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NO_RIGHTS);
  g_assert_nonnull (strstr (error->message, "fork"));
  g_clear_error (&error);

  repository = git_test_repository_new (user);
  g_assert_true (postings_git_repository_use_fork (repository, fork_url, &error));
  g_assert_no_error (error);
  upstream_url = g_strstrip (git_test_git (user, "remote", "get-url", "upstream", NULL));
  g_assert_cmpstr (upstream_url, ==, url);

  result = publish_async (user, &asker, POSTINGS_GIT_PUBLISH_AUTO, NULL, &error, GIT_TEST_POSTING_A, NULL);
  g_assert_no_error (error);
  g_assert_true (result->reused);
  g_assert_cmpstr (result->remote_url, ==, fork_url);
  assert_one_line_commit (fork, branch, "main", GIT_TEST_POSTING_A);
  g_assert_false (has_branches (site->bare, "postings/*"));
}

static void
test_publish_direct (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(GitTestServer) server = NULL;
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(PostingsGitPublishResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *schema_path = NULL, *schema = NULL, *direct_schema = NULL;
  g_autofree char *url = NULL, *user = NULL, *a = NULL, *old_main = NULL, *head = NULL;
  g_autofree char *new_main = NULL, *parent = NULL;
  g_auto(Asker) asker = { GIT_TEST_TOKEN, };

  if (site == NULL)
    return;

  /* The site says so in its .postings.yml. */
  schema_path = g_test_build_filename (G_TEST_DIST, "..", "data", "schemas", "jobs.yml", NULL);
  schema = git_test_read_file (schema_path);
  direct_schema = g_strconcat (schema, "\npublish: direct\n", NULL);
  git_test_site_push_change (site, ".postings.yml", direct_schema, "Publication directe");
  old_main = g_strstrip (git_test_git (site->bare, "rev-parse", "main", NULL));

  server = git_test_server_start (site->srv, 0, NULL);
  url = git_test_server_url (server, "site.git");
  user = user_clone (site, url, FALSE);
  repository = git_test_repository_new (user);
  g_assert_true (postings_git_repository_publishes_directly (repository));
  a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  git_test_edit_file (a, "open: true", "open: false");

  result = publish_async (user, &asker, POSTINGS_GIT_PUBLISH_AUTO, NULL, &error, GIT_TEST_POSTING_A, NULL);
  g_assert_no_error (error);
  g_assert_true (result->direct);
  g_assert_cmpstr (result->branch, ==, "main");
  g_assert_null (result->pull_request_url);

  /* main moved forward by one commit of one line; the user's main did not. */
  new_main = g_strstrip (git_test_git (site->bare, "rev-parse", "main", NULL));
  g_assert_cmpstr (new_main, ==, result->commit_id);
  parent = g_strstrip (git_test_git (site->bare, "rev-parse", "main^", NULL));
  g_assert_cmpstr (parent, ==, old_main);
  assert_one_line_commit (site->bare, "main", old_main, GIT_TEST_POSTING_A);
  head = g_strstrip (git_test_git (user, "rev-parse", "HEAD", NULL));
  g_assert_cmpstr (head, ==, old_main);
  g_assert_false (has_branches (site->bare, "postings/*"));
}

static void
test_publish_outdated (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(PostingsGitPublishResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL, *a = NULL, *theirs = NULL, *upstream_a = NULL;

  if (site == NULL)
    return;

  user = user_clone (site, NULL, FALSE);
  upstream_a = g_build_filename (site->upstream, GIT_TEST_POSTING_A, NULL);
  git_test_edit_file (upstream_a, "open: true", "open: true\njunior: true");
  theirs = git_test_read_file (upstream_a);
  git_test_site_push_change (site, GIT_TEST_POSTING_A, theirs, "Junior");

  /* The user edits the old version: publishing would undo the site's change. */
  a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  git_test_edit_file (a, "open: true", "open: false");
  result = publish_sync (user, &error, GIT_TEST_POSTING_A);
  g_assert_null (result);
  g_assert_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_OUTDATED);
  g_assert_nonnull (strstr (error->message, GIT_TEST_POSTING_A));
  g_assert_false (has_branches (user, "postings/*"));
}

static void
test_publish_nothing (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(PostingsGitPublishResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;

  if (site == NULL)
    return;

  user = user_clone (site, NULL, FALSE);
  result = publish_sync (user, &error, GIT_TEST_POSTING_B);
  g_assert_null (result);
  g_assert_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NOTHING_TO_PUBLISH);
  g_assert_false (has_branches (user, "postings/*"));
}

static void
test_publish_author (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(PostingsGitPublishResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL, *n = NULL, *name = NULL, *email = NULL, *stored = NULL;
  g_autofree char *author = NULL, *numstat = NULL;

  if (site == NULL)
    return;

  user = user_clone (site, NULL, TRUE);
  n = g_build_filename (user, NEW_POSTING, NULL);
  git_test_write_file (n, NEW_POSTING_TEXT);
  repository = git_test_repository_new (user);
  g_assert_false (postings_git_repository_get_author (repository, &name, &email));

  /* Asked once, then stored in the repository's configuration. */
  result = publish_sync (user, &error, NEW_POSTING);
  g_assert_null (result);
  g_assert_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NO_AUTHOR);
  g_clear_error (&error);
  g_assert_false (postings_git_repository_set_author (repository, "Camille", "pas-une-adresse", &error));
  g_assert_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NO_AUTHOR);
  g_clear_error (&error);
  g_assert_true (postings_git_repository_set_author (repository, "Camille Martin", "camille@example.fr", &error));
  g_assert_no_error (error);
  stored = g_strstrip (git_test_git (user, "config", "--local", "user.email", NULL));
  g_assert_cmpstr (stored, ==, "camille@example.fr");
  g_assert_true (postings_git_repository_get_author (repository, &name, &email));
  g_assert_cmpstr (name, ==, "Camille Martin");

  result = publish_sync (user, &error, NEW_POSTING);
  g_assert_no_error (error);
  g_assert_cmpstr (result->branch, ==, "postings/2026-03-01-charge.e.de.deploiement");
  author = g_strstrip (git_test_git (site->bare, "log", "-1", "--format=%an <%ae>|%s", result->branch, NULL));
  g_assert_cmpstr (author, ==, "Camille Martin <camille@example.fr>|Add the offer “Chargé·e de déploiement”");
  numstat = git_test_git (site->bare, "diff", "--numstat", "main", result->branch, NULL);
  g_assert_cmpstr (numstat, ==, "6\t0\t" NEW_POSTING "\n");
}

/* Update. */

static PostingsGitUpdateResult *
update_async (const char  *user,
              Asker       *asker,
              GError     **error)
{
  g_autoptr(PostingsGitRepository) repository = git_test_repository_new (user);
  g_autoptr(GAsyncResult) result = NULL;

  if (asker != NULL)
    g_signal_connect (repository, "credentials-needed", G_CALLBACK (credentials_needed_cb), asker);
  postings_git_repository_update_async (repository, NULL, done_cb, &result);
  GIT_TEST_WAIT_FOR (result != NULL);
  return postings_git_repository_update_finish (repository, result, error);
}

static char *
changed_text (GitTestSite *site,
              const char  *path,
              const char  *from,
              const char  *to)
{
  g_autofree char *full = g_build_filename (site->upstream, path, NULL);
  g_autofree char *text = NULL;

  g_free (git_test_git (site->upstream, "pull", "-q", "--ff-only", NULL));
  text = git_test_read_file (full);
  g_assert_nonnull (strstr (text, from));
  {
    char *at = strstr (text, from);
    g_autofree char *head = g_strndup (text, at - text);

    return g_strconcat (head, to, at + strlen (from), NULL);
  }
}

static void
assert_head_is_main (GitTestSite *site,
                     const char  *user)
{
  g_autofree char *head = g_strstrip (git_test_git (user, "rev-parse", "HEAD", NULL));
  g_autofree char *main_id = g_strstrip (git_test_git (site->bare, "rev-parse", "main", NULL));
  g_autofree char *merges = git_test_git (user, "log", "--merges", "--oneline", NULL);

  g_assert_cmpstr (head, ==, main_id);
  g_assert_cmpstr (merges, ==, "");
}

static void
test_update_fast_forward (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (FALSE);
  g_autoptr(GitTestServer) server = NULL;
  g_autoptr(PostingsGitUpdateResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *user = NULL, *a = NULL, *b = NULL, *theirs = NULL;
  g_autofree char *mine = NULL, *status = NULL, *b_now = NULL, *a_now = NULL;
  g_auto(Asker) asker = { GIT_TEST_TOKEN, };
  gint64 start;

  if (site == NULL)
    return;

  server = git_test_server_start (site->srv, 0, NULL);
  url = git_test_server_url (server, "site.git");
  user = user_clone (site, url, FALSE);
  a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  b = g_build_filename (user, GIT_TEST_POSTING_B, NULL);
  git_test_edit_file (a, "open: true", "open: false");
  mine = git_test_read_file (a);

  /* Someone changes another posting on the site. */
  theirs = changed_text (site, GIT_TEST_POSTING_B, "open: true", "open: false");
  git_test_site_push_change (site, GIT_TEST_POSTING_B, theirs, "Poste pourvu");

  start = g_get_monotonic_time ();
  result = update_async (user, &asker, &error);
  g_assert_no_error (error);
  g_test_message ("update of the 543-posting site over loopback HTTP: %.2f s", seconds_since (start));
  g_assert_false (result->up_to_date);
  g_assert_cmpuint (result->n_commits, ==, 1);
  g_assert_cmpuint (g_strv_length (result->updated), ==, 1);
  g_assert_cmpstr (result->updated[0], ==, GIT_TEST_POSTING_B);
  g_assert_cmpuint (g_strv_length (result->kept), ==, 0);

  b_now = git_test_read_file (b);
  g_assert_cmpstr (b_now, ==, theirs);
  a_now = git_test_read_file (a);
  g_assert_cmpstr (a_now, ==, mine);
  assert_head_is_main (site, user);
  status = git_test_git (user, "status", "--porcelain", NULL);
  g_assert_cmpstr (status, ==, " M " GIT_TEST_POSTING_A "\n");
  assert_no_token (user);
}

static void
test_update_both_changed (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(PostingsGitUpdateResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL, *a = NULL, *b = NULL, *theirs_a = NULL, *theirs_b = NULL;
  g_autofree char *mine = NULL, *a_now = NULL, *b_now = NULL, *status = NULL, *committed = NULL;

  if (site == NULL)
    return;

  user = user_clone (site, NULL, FALSE);
  a = g_build_filename (user, GIT_TEST_POSTING_A, NULL);
  b = g_build_filename (user, GIT_TEST_POSTING_B, NULL);
  git_test_edit_file (a, "open: true", "open: false");
  mine = git_test_read_file (a);

  theirs_a = changed_text (site, GIT_TEST_POSTING_A, "open: true", "open: true\njunior: true");
  git_test_site_push_change (site, GIT_TEST_POSTING_A, theirs_a, "Junior");
  theirs_b = changed_text (site, GIT_TEST_POSTING_B, "open: true", "open: false");
  git_test_site_push_change (site, GIT_TEST_POSTING_B, theirs_b, "Poste pourvu");

  result = update_async (user, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_commits, ==, 2);
  g_assert_cmpuint (g_strv_length (result->kept), ==, 1);
  g_assert_cmpstr (result->kept[0], ==, GIT_TEST_POSTING_A);
  g_assert_cmpuint (g_strv_length (result->updated), ==, 1);
  g_assert_cmpstr (result->updated[0], ==, GIT_TEST_POSTING_B);

  /* The user's version stays, byte for byte, shown as their change on top
   * of the site's new version. */
  a_now = git_test_read_file (a);
  g_assert_cmpstr (a_now, ==, mine);
  b_now = git_test_read_file (b);
  g_assert_cmpstr (b_now, ==, theirs_b);
  assert_head_is_main (site, user);
  status = git_test_git (user, "status", "--porcelain", NULL);
  g_assert_cmpstr (status, ==, " M " GIT_TEST_POSTING_A "\n");
  committed = git_test_git (user, "show", "HEAD:" GIT_TEST_POSTING_A, NULL);
  g_assert_cmpstr (committed, ==, theirs_a);

  /* The site's version, to compare with: read, nothing written. */
  {
    g_autoptr(PostingsGitRepository) repository = NULL;
    g_autoptr(GFile) folder = g_file_new_for_path (user);
    g_autoptr(GFile) file_a = g_file_new_for_path (a);
    g_autoptr(GFile) unknown = g_file_get_child (folder, "content/_jobs/2026-01-01-inconnue.md");
    g_autoptr(GBytes) bytes = NULL;
    g_autofree char *status_after = NULL;

    repository = postings_git_repository_new (folder);
    bytes = postings_git_repository_read_site_version (repository, file_a, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), theirs_a, strlen (theirs_a));
    g_clear_pointer (&bytes, g_bytes_unref);
    bytes = postings_git_repository_read_site_version (repository, unknown, NULL, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_null (bytes);
    g_clear_error (&error);
    status_after = git_test_git (user, "status", "--porcelain", NULL);
    g_assert_cmpstr (status_after, ==, status);
  }
}

static void
test_update_identical_untracked (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(PostingsGitUpdateResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL, *n = NULL, *other = NULL, *status = NULL, *other_now = NULL;

  if (site == NULL)
    return;

  user = user_clone (site, NULL, FALSE);
  /* The user's offer was merged on the site: the same file arrives. */
  n = g_build_filename (user, NEW_POSTING, NULL);
  git_test_write_file (n, NEW_POSTING_TEXT);
  /* Another new file of the user's collides with a different one. */
  other = g_build_filename (user, "content/_jobs/2026-04-01-autre.md", NULL);
  git_test_write_file (other, "---\nroles: La mienne\nopen: true\n---\n");
  git_test_site_push_change (site, NEW_POSTING, NEW_POSTING_TEXT, "Offre fusionnée");
  git_test_site_push_change (site, "content/_jobs/2026-04-01-autre.md",
                             "---\nroles: La leur\nopen: true\n---\n", "Une autre");

  result = update_async (user, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (result->updated), ==, 1);
  g_assert_cmpstr (result->updated[0], ==, NEW_POSTING);
  g_assert_cmpuint (g_strv_length (result->kept), ==, 1);
  g_assert_cmpstr (result->kept[0], ==, "content/_jobs/2026-04-01-autre.md");

  other_now = git_test_read_file (other);
  g_assert_cmpstr (other_now, ==, "---\nroles: La mienne\nopen: true\n---\n");
  assert_head_is_main (site, user);
  status = git_test_git (user, "status", "--porcelain", NULL);
  g_assert_cmpstr (status, ==, " M content/_jobs/2026-04-01-autre.md\n");
}

static void
test_update_up_to_date_and_diverged (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(PostingsGitUpdateResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL, *n = NULL, *head = NULL, *head_after = NULL, *theirs = NULL;

  if (site == NULL)
    return;

  user = user_clone (site, NULL, FALSE);
  result = update_async (user, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (result->up_to_date);
  g_clear_pointer (&result, postings_git_update_result_free);

  /* A local commit, and news on the site: no merge, nothing touched. */
  n = g_build_filename (user, NEW_POSTING, NULL);
  git_test_write_file (n, NEW_POSTING_TEXT);
  g_free (git_test_git (user, "add", NEW_POSTING, NULL));
  g_free (git_test_git (user, "commit", "-q", "-m", "local", NULL));
  head = g_strstrip (git_test_git (user, "rev-parse", "HEAD", NULL));
  theirs = changed_text (site, GIT_TEST_POSTING_B, "open: true", "open: false");
  git_test_site_push_change (site, GIT_TEST_POSTING_B, theirs, "Poste pourvu");

  result = update_async (user, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_DIVERGED);
  head_after = g_strstrip (git_test_git (user, "rev-parse", "HEAD", NULL));
  g_assert_cmpstr (head_after, ==, head);
}

static void
test_check_updates (void)
{
  g_autoptr(GitTestSite) site = git_test_site_new (TRUE);
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL, *head = NULL, *head_after = NULL, *theirs = NULL;
  guint n = 99;

  if (site == NULL)
    return;

  user = user_clone (site, NULL, FALSE);
  repository = git_test_repository_new (user);
  g_assert_true (postings_git_repository_check_updates (repository, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);

  theirs = changed_text (site, GIT_TEST_POSTING_B, "open: true", "open: false");
  git_test_site_push_change (site, GIT_TEST_POSTING_B, theirs, "Poste pourvu");
  git_test_site_push_change (site, NEW_POSTING, NEW_POSTING_TEXT, "Nouvelle offre");
  head = g_strstrip (git_test_git (user, "rev-parse", "HEAD", NULL));

  postings_git_repository_check_updates_async (repository, NULL, done_cb, &result);
  GIT_TEST_WAIT_FOR (result != NULL);
  g_assert_true (postings_git_repository_check_updates_finish (repository, result, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  head_after = g_strstrip (git_test_git (user, "rev-parse", "HEAD", NULL));
  g_assert_cmpstr (head_after, ==, head);
}

int
main (int    argc,
      char **argv)
{
  git_test_init (&argc, &argv);

  g_test_add_func ("/git/clone/http-progress", test_clone_http_progress);
  g_test_add_func ("/git/clone/url-credentials", test_clone_url_credentials);
  g_test_add_func ("/git/clone/local", test_clone_local);
  g_test_add_func ("/git/clone/cancel", test_clone_cancel);
  g_test_add_func ("/git/clone/cancel-while-asking", test_clone_cancel_while_asking);
  g_test_add_func ("/git/clone/not-empty", test_clone_not_empty);
  g_test_add_func ("/git/clone/errors", test_clone_errors);
  g_test_add_func ("/git/changes/kinds-and-message", test_changes_and_message);
  g_test_add_func ("/git/changes/site-marks", test_changes_site_marks);
  g_test_add_func ("/git/changes/deleted-restore", test_changes_deleted_restore);
  g_test_add_func ("/git/changes/deleted-corpus", test_changes_deleted_corpus);
  g_test_add_func ("/git/publish/one-posting", test_publish_one_posting);
  g_test_add_func ("/git/publish/wrong-token", test_publish_wrong_token);
  g_test_add_func ("/git/publish/server-stopped", test_publish_server_stopped);
  g_test_add_func ("/git/publish/kept-for-retry", test_publish_kept_for_retry);
  g_test_add_func ("/git/publish/hook-refuses", test_publish_hook_refuses);
  g_test_add_func ("/git/publish/branch-exists", test_publish_branch_exists);
  g_test_add_func ("/git/publish/no-rights-fork", test_publish_no_rights_fork);
  g_test_add_func ("/git/publish/direct", test_publish_direct);
  g_test_add_func ("/git/publish/outdated", test_publish_outdated);
  g_test_add_func ("/git/publish/nothing", test_publish_nothing);
  g_test_add_func ("/git/publish/author", test_publish_author);
  g_test_add_func ("/git/update/fast-forward", test_update_fast_forward);
  g_test_add_func ("/git/update/both-changed", test_update_both_changed);
  g_test_add_func ("/git/update/identical-untracked", test_update_identical_untracked);
  g_test_add_func ("/git/update/up-to-date-and-diverged", test_update_up_to_date_and_diverged);
  g_test_add_func ("/git/update/check", test_check_updates);

  return g_test_run ();
}
