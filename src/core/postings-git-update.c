/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Update: fetch the current branch's remote branch, then fast-forward to
 * it. Never a merge, never a reset: files changed locally are left as they
 * are (and reported when the site changed them too); a local file that is
 * already what arrived is not a conflict. */
#include "postings-core-i18n.h"

#include <string.h>

#include "postings-git-private.h"

#define MAX_CHECKOUT_ROUNDS 3

typedef struct
{
  git_repository *repo;
  char           *workdir;
  git_reference  *head;      /* the current branch (refs/heads/…) */
  git_remote     *remote;
  char           *remote_branch;
  git_oid         old_oid;
  git_oid         new_oid;
} Update;

static void
update_clear (Update *u)
{
  g_clear_pointer (&u->remote, git_remote_free);
  g_clear_pointer (&u->head, git_reference_free);
  g_clear_pointer (&u->remote_branch, g_free);
  g_clear_pointer (&u->workdir, g_free);
  g_clear_pointer (&u->repo, git_repository_free);
}

/* Opens the repository, finds the current branch and what it follows, and
 * fetches that. */
static gboolean
fetch_upstream (PostingsGitOp  *op,
                Update         *u,
                GError        **error)
{
  git_buf remote_name = GIT_BUF_INIT;
  git_buf merge = GIT_BUF_INIT;
  int code;

  u->repo = _postings_git_open (op->folder, error);
  if (u->repo == NULL)
    return FALSE;
  u->workdir = _postings_git_workdir (u->repo);

  code = git_repository_head (&u->head, u->repo);
  if (code < 0 || git_repository_head_detached (u->repo) || !git_reference_is_branch (u->head))
    {
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_FAILED,
                   code == GIT_EUNBORNBRANCH
                   ? _("The copy of the site in %s has no commit yet: there is nothing to update.")
                   : _("The copy of the site in %s is not on a branch (git says “detached HEAD”): "
                       "it cannot be updated without a developer’s help."),
                   u->workdir);
      return FALSE;
    }
  git_oid_cpy (&u->old_oid, git_reference_target (u->head));

  if (git_branch_upstream_remote (&remote_name, u->repo, git_reference_name (u->head)) == 0 &&
      git_branch_upstream_merge (&merge, u->repo, git_reference_name (u->head)) == 0 &&
      g_str_has_prefix (merge.ptr, "refs/heads/") &&
      git_remote_lookup (&u->remote, u->repo, remote_name.ptr) == 0)
    u->remote_branch = g_strdup (merge.ptr + strlen ("refs/heads/"));
  git_buf_dispose (&remote_name);
  git_buf_dispose (&merge);

  if (u->remote_branch == NULL)
    {
      /* No upstream configured: the site's default branch. */
      g_clear_pointer (&u->remote, git_remote_free);
      u->remote = _postings_git_lookup_base_remote (u->repo, error);
      if (u->remote == NULL)
        return FALSE;
      u->remote_branch = _postings_git_remote_default_branch (op, u->remote, error);
      if (u->remote_branch == NULL)
        return FALSE;
    }

  return _postings_git_fetch_branch (op, u->repo, u->remote, u->remote_branch, &u->new_oid, error);
}

static guint
count_commits (Update *u)
{
  git_revwalk *walk = NULL;
  git_oid oid;
  guint n = 0;

  if (git_revwalk_new (&walk, u->repo) < 0)
    return 0;
  if (git_revwalk_push (walk, &u->new_oid) == 0 && git_revwalk_hide (walk, &u->old_oid) == 0)
    while (git_revwalk_next (&oid, walk) == 0)
      n++;
  git_revwalk_free (walk);
  return n;
}

/* Is there nothing to take? (Same commit, or only local commits.) */
static gboolean
nothing_new (Update *u)
{
  return git_oid_equal (&u->old_oid, &u->new_oid) ||
         git_graph_descendant_of (u->repo, &u->old_oid, &u->new_oid) == 1;
}

gpointer
_postings_git_check_updates_run (PostingsGitOp  *op,
                                 gpointer        unused,
                                 GError        **error)
{
  Update u = { 0, };
  guint *count = NULL;

  if (fetch_upstream (op, &u, error))
    {
      count = g_new0 (guint, 1);
      *count = nothing_new (&u) ? 0 : count_commits (&u);
      _postings_git_op_succeeded (op);
    }
  update_clear (&u);
  return count;
}

/* Does the working copy hold @path exactly as @tree has it (both absent
 * counts)? */
static gboolean
working_matches (Update     *u,
                 git_tree   *tree,
                 const char *path)
{
  g_autofree char *full = g_build_filename (u->workdir, path, NULL);
  git_tree_entry *entry = NULL;
  gboolean present = git_tree_entry_bypath (&entry, tree, path) == 0;
  gboolean exists = g_file_test (full, G_FILE_TEST_EXISTS) || g_file_test (full, G_FILE_TEST_IS_SYMLINK);
  gboolean same = FALSE;
  git_oid oid;

  if (!present)
    same = !exists;
  else if (exists && git_repository_hashfile (&oid, u->repo, path, GIT_OBJECT_BLOB, NULL) == 0)
    same = git_oid_equal (&oid, git_tree_entry_id (entry));
  git_tree_entry_free (entry);
  return same;
}

typedef struct
{
  GHashTable *conflicts;
} NotifyData;

static int
checkout_notify_cb (git_checkout_notify_t  why,
                    const char            *path,
                    const git_diff_file   *baseline,
                    const git_diff_file   *target,
                    const git_diff_file   *workdir,
                    void                  *payload)
{
  NotifyData *data = payload;

  if (why == GIT_CHECKOUT_NOTIFY_CONFLICT)
    g_hash_table_add (data->conflicts, g_strdup (path));
  return 0;
}

/* Writes the files of @paths as @new_tree has them, refusing (SAFE) to
 * touch any that differ from @old_tree; those move to @kept. */
static gboolean
checkout_paths (PostingsGitOp  *op,
                Update         *u,
                git_tree       *old_tree,
                git_tree       *new_tree,
                GPtrArray      *paths,
                GPtrArray      *kept,
                GError        **error)
{
  for (guint round = 0; paths->len > 0; round++)
    {
      g_autoptr(GHashTable) conflicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
      NotifyData data = { conflicts };
      int code;

      options.checkout_strategy = GIT_CHECKOUT_SAFE | GIT_CHECKOUT_DONT_OVERWRITE_IGNORED |
                                  GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
      options.baseline = old_tree;
      options.paths.strings = (char **) paths->pdata;
      options.paths.count = paths->len;
      options.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT;
      options.notify_cb = checkout_notify_cb;
      options.notify_payload = &data;
      options.progress_cb = _postings_git_checkout_progress_cb;
      options.progress_payload = op;

      code = git_checkout_tree (u->repo, (git_object *) new_tree, &options);
      if (code == 0 && g_hash_table_size (conflicts) == 0)
        return TRUE;
      if ((code != 0 && code != GIT_ECONFLICT) || g_hash_table_size (conflicts) == 0 ||
          round + 1 >= MAX_CHECKOUT_ROUNDS)
        return _postings_git_check (code < 0 ? code : -1, error,
                                    _("Could not write the site’s new files"));

      /* A file changed meanwhile: keep it as it is, write the others. */
      for (guint i = paths->len; i > 0; i--)
        if (g_hash_table_contains (conflicts, g_ptr_array_index (paths, i - 1)))
          g_ptr_array_add (kept, g_ptr_array_steal_index (paths, i - 1));
    }
  return TRUE;
}

static gboolean
index_entry_matches (git_index  *index,
                     git_tree   *tree,
                     const char *path)
{
  const git_index_entry *in_index = git_index_get_bypath (index, path, 0);
  git_tree_entry *in_tree = NULL;
  gboolean same;

  if (git_tree_entry_bypath (&in_tree, tree, path) < 0)
    return in_index == NULL;
  same = in_index != NULL && git_oid_equal (&in_index->id, git_tree_entry_id (in_tree));
  git_tree_entry_free (in_tree);
  return same;
}

static int
set_index_from_tree (git_index  *index,
                     git_tree   *tree,
                     const char *path)
{
  git_tree_entry *in_tree = NULL;
  git_index_entry entry = { 0, };
  int code;

  if (git_tree_entry_bypath (&in_tree, tree, path) < 0)
    return git_index_get_bypath (index, path, 0) != NULL ? git_index_remove_bypath (index, path) : 0;

  entry.path = path;
  entry.mode = git_tree_entry_filemode (in_tree);
  git_oid_cpy (&entry.id, git_tree_entry_id (in_tree));
  code = git_index_add (index, &entry);
  git_tree_entry_free (in_tree);
  return code;
}

/* The index for the files that were not written: an identical file is taken
 * as is; a kept one (unless the user staged it) is recorded as the new
 * commit has it, so that it shows as changed by the user. */
static gboolean
fix_index (Update     *u,
           git_tree   *old_tree,
           git_tree   *new_tree,
           GPtrArray  *identical,
           GPtrArray  *kept,
           GError    **error)
{
  g_autoptr(git_index) index = NULL;
  int code = 0;

  if (identical->len == 0 && kept->len == 0)
    return TRUE;
  if (!_postings_git_check (git_repository_index (&index, u->repo), error,
                            _("Could not read the list of the site’s files (git index)")))
    return FALSE;

  for (guint i = 0; code == 0 && i < identical->len; i++)
    code = set_index_from_tree (index, new_tree, g_ptr_array_index (identical, i));
  for (guint i = 0; code == 0 && i < kept->len; i++)
    {
      const char *path = g_ptr_array_index (kept, i);

      if (index_entry_matches (index, old_tree, path))
        code = set_index_from_tree (index, new_tree, path);
    }
  if (code == 0)
    code = git_index_write (index);
  return _postings_git_check (code, error, _("Could not save the list of the site’s files (git index)"));
}

/* The paths the local copy changed (modified, staged, untracked, ignored
 * files), among @paths. */
static GHashTable *
local_changes (Update     *u,
               GPtrArray  *paths,
               GError    **error)
{
  GHashTable *changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  git_status_options options = GIT_STATUS_OPTIONS_INIT;
  g_autoptr(git_status_list) list = NULL;

  options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
                  GIT_STATUS_OPT_INCLUDE_IGNORED | GIT_STATUS_OPT_RECURSE_IGNORED_DIRS |
                  GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH | GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  options.pathspec.strings = (char **) paths->pdata;
  options.pathspec.count = paths->len;

  if (!_postings_git_check (git_status_list_new (&list, u->repo, &options), error,
                            _("Could not read what changed in the site")))
    {
      g_hash_table_unref (changed);
      return NULL;
    }
  for (size_t i = 0; i < git_status_list_entrycount (list); i++)
    {
      const git_status_entry *entry = git_status_byindex (list, i);
      const git_diff_delta *delta = entry->index_to_workdir ? entry->index_to_workdir : entry->head_to_index;

      if (entry->status == GIT_STATUS_CURRENT || delta == NULL)
        continue;
      g_hash_table_add (changed, g_strdup (delta->new_file.path ? delta->new_file.path
                                                                : delta->old_file.path));
      if (delta->old_file.path != NULL)
        g_hash_table_add (changed, g_strdup (delta->old_file.path));
    }
  return changed;
}

static GStrv
to_strv (GPtrArray *a,
         GPtrArray *b)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; a != NULL && i < a->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (a, i));
  for (guint i = 0; b != NULL && i < b->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (b, i));
  return g_strv_builder_end (builder);
}

/* Fast-forwards the fetched @u (its git objects are freed here, before the
 * repository). */
static PostingsGitUpdateResult *
fast_forward (PostingsGitOp  *op,
              Update         *u,
              GError        **error)
{
  g_autoptr(git_commit) old_commit = NULL;
  g_autoptr(git_commit) new_commit = NULL;
  g_autoptr(git_tree) old_tree = NULL;
  g_autoptr(git_tree) new_tree = NULL;
  g_autoptr(git_diff) diff = NULL;
  g_autoptr(git_reference) moved = NULL;
  g_autoptr(GHashTable) changed = NULL;
  g_autoptr(GPtrArray) incoming = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) to_write = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) identical = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  PostingsGitUpdateResult *result;
  char old_hex[GIT_OID_HEXSZ + 1], new_hex[GIT_OID_HEXSZ + 1];
  guint n_commits;

  git_oid_tostr (old_hex, sizeof old_hex, &u->old_oid);
  git_oid_tostr (new_hex, sizeof new_hex, &u->new_oid);

  if (nothing_new (u))
    {
      result = g_new0 (PostingsGitUpdateResult, 1);
      result->up_to_date = TRUE;
      result->updated = g_new0 (char *, 1);
      result->kept = g_new0 (char *, 1);
      result->old_id = g_strdup (old_hex);
      result->new_id = g_strdup (old_hex);
      return result;
    }
  if (git_graph_descendant_of (u->repo, &u->new_oid, &u->old_oid) != 1)
    {
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_DIVERGED,
                   _("This copy of the site has commits the site does not have, and the site has "
                     "new ones: it cannot be updated without merging. Nothing was changed; ask a "
                     "developer for help."));
      return NULL;
    }
  n_commits = count_commits (u);

  if (!_postings_git_check (git_commit_lookup (&old_commit, u->repo, &u->old_oid), error,
                            _("Could not read the site’s files")) ||
      !_postings_git_check (git_commit_lookup (&new_commit, u->repo, &u->new_oid), error,
                            _("Could not read the site’s files")) ||
      !_postings_git_check (git_commit_tree (&old_tree, old_commit), error,
                            _("Could not read the site’s files")) ||
      !_postings_git_check (git_commit_tree (&new_tree, new_commit), error,
                            _("Could not read the site’s files")) ||
      !_postings_git_check (git_diff_tree_to_tree (&diff, u->repo, old_tree, new_tree, NULL), error,
                            _("Could not read what changed on the site")))
    return NULL;

  for (size_t i = 0; i < git_diff_num_deltas (diff); i++)
    {
      const git_diff_delta *delta = git_diff_get_delta (diff, i);

      g_ptr_array_add (incoming, g_strdup (delta->new_file.path));
      if (g_strcmp0 (delta->old_file.path, delta->new_file.path) != 0)
        g_ptr_array_add (incoming, g_strdup (delta->old_file.path));
    }

  changed = incoming->len > 0 ? local_changes (u, incoming, error)
                              : g_hash_table_new (g_str_hash, g_str_equal);
  if (changed == NULL)
    return NULL;

  for (guint i = 0; i < incoming->len; i++)
    {
      const char *path = g_ptr_array_index (incoming, i);

      if (!g_hash_table_contains (changed, path))
        g_ptr_array_add (to_write, g_strdup (path));
      else if (working_matches (u, new_tree, path))
        g_ptr_array_add (identical, g_strdup (path));
      else
        g_ptr_array_add (kept, g_strdup (path));
    }

  if (_postings_git_op_check_cancelled (op, error) ||
      !checkout_paths (op, u, old_tree, new_tree, to_write, kept, error) ||
      !fix_index (u, old_tree, new_tree, identical, kept, error) ||
      !_postings_git_check (git_reference_set_target (&moved, u->head, &u->new_oid,
                                                      "postings: update (fast-forward)"), error,
                            _("Could not move the branch to the site’s new state")))
    return NULL;

  g_ptr_array_sort (kept, _postings_git_compare_strings);
  result = g_new0 (PostingsGitUpdateResult, 1);
  result->n_commits = n_commits;
  result->updated = to_strv (to_write, identical);
  result->kept = to_strv (kept, NULL);
  result->old_id = g_strdup (old_hex);
  result->new_id = g_strdup (new_hex);
  return result;
}

gpointer
_postings_git_update_run (PostingsGitOp  *op,
                          gpointer        unused,
                          GError        **error)
{
  Update u = { 0, };
  PostingsGitUpdateResult *result = NULL;

  if (fetch_upstream (op, &u, error))
    result = fast_forward (op, &u, error);
  if (result != NULL)
    _postings_git_op_succeeded (op);
  update_clear (&u);
  return result;
}

/* What the site had at the last fetch: the current branch's upstream, else
 * the site remote's HEAD (refs/remotes/NAME/HEAD). */
static git_reference *
lookup_site_branch (git_repository *repo)
{
  g_autoptr(git_reference) head = NULL;
  g_autoptr(git_remote) remote = NULL;
  g_autoptr(git_reference) symbolic = NULL;
  g_autofree char *name = NULL;
  git_reference *site = NULL;

  if (git_repository_head (&head, repo) == 0 && git_reference_is_branch (head) &&
      git_branch_upstream (&site, head) == 0)
    return site;

  remote = _postings_git_lookup_base_remote (repo, NULL);
  if (remote == NULL)
    return NULL;
  name = g_strdup_printf ("refs/remotes/%s/HEAD", git_remote_name (remote));
  if (git_reference_lookup (&symbolic, repo, name) < 0 || git_reference_resolve (&site, symbolic) < 0)
    return NULL;
  return site;
}

gpointer
_postings_git_site_version_run (PostingsGitOp  *op,
                                gpointer        file,
                                GError        **error)
{
  g_autoptr(git_repository) repo = _postings_git_open (op->folder, error);
  g_autoptr(git_reference) site = NULL;
  g_autoptr(git_object) tree = NULL;
  g_autoptr(git_blob) blob = NULL;
  g_autofree char *path = NULL;
  git_tree_entry *entry = NULL;
  GBytes *bytes = NULL;

  if (repo == NULL || (path = _postings_git_relative_path (repo, file, error)) == NULL)
    return NULL;

  site = lookup_site_branch (repo);
  if (site == NULL || git_reference_peel (&tree, site, GIT_OBJECT_TREE) < 0)
    {
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NO_REMOTE,
                   _("The site’s version of %s is not known yet: update from the site first."), path);
      return NULL;
    }
  if (git_tree_entry_bypath (&entry, (git_tree *) tree, path) < 0 ||
      git_tree_entry_type (entry) != GIT_OBJECT_BLOB)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("The site has no %s (it was deleted there, or never published)."), path);
  else if (_postings_git_check (git_blob_lookup (&blob, repo, git_tree_entry_id (entry)), error,
                                _("Could not read the site’s files")))
    bytes = g_bytes_new (git_blob_rawcontent (blob), (gsize) git_blob_rawsize (blob));
  git_tree_entry_free (entry);
  return bytes;
}
