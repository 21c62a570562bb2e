/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A posting deleted from the working copy, still in the current commit:
 * its committed version written back, and since when the site has it. */
#include "postings-core-i18n.h"

#include "postings-error.h"
#include "postings-file.h"
#include "postings-git-private.h"

/* After this many commits without finding where the file last changed,
 * the oldest one looked at is the answer (a very long history). */
#define MAX_COMMITS 10000

/* The id of @path in @commit's tree; FALSE when it has none. */
static gboolean
path_id (git_commit *commit,
         const char *path,
         git_oid    *out)
{
  g_autoptr(git_tree) tree = NULL;
  git_tree_entry *entry = NULL;

  if (git_commit_tree (&tree, commit) < 0 || git_tree_entry_bypath (&entry, tree, path) < 0)
    return FALSE;
  git_oid_cpy (out, git_tree_entry_id (entry));
  git_tree_entry_free (entry);
  return TRUE;
}

/* HEAD's commit, and @path's blob in it. */
static git_commit *
head_with_path (git_repository  *repo,
                const char      *path,
                git_oid         *blob_id,
                GError         **error)
{
  g_autoptr(git_object) head = NULL;
  git_commit *commit = NULL;

  if (git_revparse_single (&head, repo, "HEAD^{commit}") < 0 ||
      git_commit_lookup (&commit, repo, git_object_id (head)) < 0 ||
      !path_id (commit, path, blob_id))
    {
      git_commit_free (commit);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The last saved version of the site has no %s: it cannot be restored."), path);
      return NULL;
    }
  return commit;
}

gpointer
_postings_git_restore_run (PostingsGitOp  *op,
                           gpointer        data,
                           GError        **error)
{
  GFile *file = data;
  g_autoptr(git_repository) repo = NULL;
  g_autoptr(git_commit) head = NULL;
  g_autoptr(git_blob) blob = NULL;
  g_autoptr(GFile) dir = g_file_get_parent (file);
  g_autoptr(GFile) workdir_file = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *workdir = NULL;
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *path = NULL;
  git_oid blob_id;

  repo = _postings_git_open (op->folder, error);
  if (repo == NULL)
    return NULL;

  /* Its folder may have gone with it: made again, inside the working copy
   * only. */
  workdir = _postings_git_workdir (repo);
  workdir_file = g_file_new_for_path (workdir);
  if (dir != NULL && g_file_has_prefix (dir, workdir_file) &&
      !g_file_make_directory_with_parents (dir, op->cancellable, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_autofree char *name = g_file_get_parse_name (dir);

      g_set_error (error, G_IO_ERROR, local_error->code, _("Could not make the folder %s: %s"),
                   name, local_error->message);
      return NULL;
    }

  path = _postings_git_relative_path (repo, file, error);
  if (path == NULL || (head = head_with_path (repo, path, &blob_id, error)) == NULL)
    return NULL;
  if (!_postings_git_check (git_blob_lookup (&blob, repo, &blob_id), error,
                            _("Could not read the last saved version of the site")))
    return NULL;

  /* Atomic, and never over a file of the same name (made meanwhile). */
  if (!postings_file_create (dir, basename, git_blob_rawcontent (blob), (gsize) git_blob_rawsize (blob),
                             NULL, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

gpointer
_postings_git_last_change_run (PostingsGitOp  *op,
                               gpointer        data,
                               GError        **error)
{
  GFile *file = data;
  g_autoptr(git_repository) repo = NULL;
  g_autoptr(git_commit) commit = NULL;
  g_autofree char *path = NULL;
  git_oid blob_id;

  repo = _postings_git_open (op->folder, error);
  if (repo == NULL || (path = _postings_git_relative_path (repo, file, error)) == NULL
      || (commit = head_with_path (repo, path, &blob_id, error)) == NULL)
    return NULL;

  /* Back along first parents while the parent has the same version. */
  for (guint n = 0; n < MAX_COMMITS; n++)
    {
      g_autoptr(git_commit) parent = NULL;
      git_oid parent_id;

      if (_postings_git_op_check_cancelled (op, error))
        return NULL;
      if (git_commit_parentcount (commit) == 0 || git_commit_parent (&parent, commit, 0) < 0
          || !path_id (parent, path, &parent_id) || !git_oid_equal (&parent_id, &blob_id))
        break;
      git_commit_free (commit);
      commit = g_steal_pointer (&parent);
    }
  return g_date_time_new_from_unix_local (git_commit_time (commit));
}
