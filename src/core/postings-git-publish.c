/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Publish: one commit holding exactly the chosen files, on top of the site's
 * default branch, built from trees and blobs only (the working copy, the
 * index and HEAD are never touched), pushed on a new branch (or, for a site
 * that publishes directly, to the default branch as a fast-forward), then
 * checked on the server.
 *
 * Until the server has it, the commit stays on its local branch, marked
 * `branch.NAME.postingsPublish = review|direct` in .git/config: publishing
 * the same files again pushes that commit rather than making a new one. */
#include "postings-core-i18n.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "postings-git-private.h"
#include "postings-schema.h"

#define PENDING_KEY "postingsPublish"

typedef struct
{
  PostingsGitOp          *op;
  PostingsGitPublishArgs *args;
  gboolean                direct;
  git_repository         *repo;
  char                   *workdir;
  GPtrArray              *paths;        /* relative, sorted, unique */
  git_remote             *base_remote;  /* fetched from, pull requests go to */
  git_remote             *push_remote;
  char                   *base_branch;
  git_oid                 base_oid;
  git_commit             *base_commit;
  git_tree               *head_tree;    /* the user's current commit's tree, or NULL */
  char                   *branch;       /* local branch holding the commit */
  git_oid                 commit_oid;
  char                   *message;
  gboolean                reused;
} Publish;

static void
publish_clear (Publish *p)
{
  g_clear_pointer (&p->workdir, g_free);
  g_clear_pointer (&p->paths, g_ptr_array_unref);
  g_clear_pointer (&p->base_remote, git_remote_free);
  g_clear_pointer (&p->push_remote, git_remote_free);
  g_clear_pointer (&p->base_branch, g_free);
  g_clear_pointer (&p->base_commit, git_commit_free);
  g_clear_pointer (&p->head_tree, git_tree_free);
  g_clear_pointer (&p->branch, g_free);
  g_clear_pointer (&p->message, g_free);
  g_clear_pointer (&p->repo, git_repository_free);
}

static gboolean
file_exists (Publish    *p,
             const char *path)
{
  g_autofree char *full = g_build_filename (p->workdir, path, NULL);
  GStatBuf st;

  return g_lstat (full, &st) == 0 && !S_ISDIR (st.st_mode);
}

/* The blob the working file would become (with the repository's filters),
 * without writing it. */
static gboolean
hash_file (Publish    *p,
           const char *path,
           git_oid    *out)
{
  return git_repository_hashfile (out, p->repo, path, GIT_OBJECT_BLOB, NULL) == 0;
}

static gboolean
tree_entry_id (git_tree   *tree,
               const char *path,
               git_oid    *out)
{
  git_tree_entry *entry = NULL;

  if (tree == NULL || git_tree_entry_bypath (&entry, tree, path) < 0)
    return FALSE;
  git_oid_cpy (out, git_tree_entry_id (entry));
  git_tree_entry_free (entry);
  return TRUE;
}

/* Does @tree hold @path exactly as it is in the working copy (both absent
 * counts)? */
static gboolean
tree_has_working_version (Publish    *p,
                          git_tree   *tree,
                          const char *path)
{
  git_oid in_tree, on_disk;
  gboolean present = tree_entry_id (tree, path, &in_tree);

  if (!file_exists (p, path))
    return !present;
  return present && hash_file (p, path, &on_disk) && git_oid_equal (&in_tree, &on_disk);
}

static gboolean
resolve_paths (Publish  *p,
               GError  **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  /* NULL-terminated, for postings_git_branch_name_for_paths(). */
  p->paths = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  for (guint i = 0; i < p->args->paths->len; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (g_ptr_array_index (p->args->paths, i));
      char *relative = _postings_git_relative_path (p->repo, file, error);

      if (relative == NULL)
        return FALSE;
      if (g_hash_table_contains (seen, relative))
        {
          g_free (relative);
          continue;
        }
      g_hash_table_add (seen, relative);
      g_ptr_array_add (p->paths, relative);
    }
  if (p->paths->len == 0)
    {
      g_set_error_literal (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NOTHING_TO_PUBLISH,
                           _("Choose at least one posting to publish."));
      return FALSE;
    }
  g_ptr_array_sort (p->paths, _postings_git_compare_strings);
  return TRUE;
}

static gboolean
site_publishes_directly (Publish *p)
{
  g_autoptr(GFile) root = g_file_new_for_path (p->workdir);
  g_autoptr(PostingsSchema) schema = postings_schema_load_for_file (root, NULL, NULL);

  return schema != NULL && postings_schema_get_publish_direct (schema);
}

static char *
pending_key (const char *branch)
{
  return g_strdup_printf ("branch.%s." PENDING_KEY, branch);
}

static void
set_pending (Publish    *p,
             const char *value)
{
  g_autofree char *key = pending_key (p->branch);
  git_config *config = NULL;

  if (git_repository_config (&config, p->repo) < 0)
    return;
  if (value != NULL)
    git_config_set_string (config, key, value);
  else
    git_config_delete_entry (config, key);
  git_config_free (config);
}

/* A commit left by a failed attempt that holds exactly the working versions
 * of the chosen files and changes nothing else. */
static gboolean
pending_matches (Publish    *p,
                 const char *branch)
{
  g_autoptr(GHashTable) chosen = g_hash_table_new (g_str_hash, g_str_equal);
  git_reference *ref = NULL;
  git_commit *commit = NULL;
  git_commit *parent = NULL;
  git_tree *tree = NULL;
  git_tree *parent_tree = NULL;
  git_diff *diff = NULL;
  gboolean matches = FALSE;

  for (guint i = 0; i < p->paths->len; i++)
    g_hash_table_add (chosen, g_ptr_array_index (p->paths, i));

  if (git_branch_lookup (&ref, p->repo, branch, GIT_BRANCH_LOCAL) < 0 ||
      git_commit_lookup (&commit, p->repo, git_reference_target (ref)) < 0 ||
      git_commit_parentcount (commit) != 1 ||
      git_commit_parent (&parent, commit, 0) < 0 ||
      git_commit_tree (&tree, commit) < 0 ||
      git_commit_tree (&parent_tree, parent) < 0)
    goto out;

  /* A direct publish must still be a fast-forward of the site's branch. */
  if (p->direct && !git_oid_equal (git_commit_id (parent), &p->base_oid))
    goto out;

  if (git_diff_tree_to_tree (&diff, p->repo, parent_tree, tree, NULL) < 0)
    goto out;
  matches = git_diff_num_deltas (diff) > 0;
  for (size_t i = 0; matches && i < git_diff_num_deltas (diff); i++)
    {
      const git_diff_delta *delta = git_diff_get_delta (diff, i);

      if (!g_hash_table_contains (chosen, delta->new_file.path) ||
          !g_hash_table_contains (chosen, delta->old_file.path))
        matches = FALSE;
    }
  for (guint i = 0; matches && i < p->paths->len; i++)
    matches = tree_has_working_version (p, tree, g_ptr_array_index (p->paths, i));

  if (matches)
    git_oid_cpy (&p->commit_oid, git_commit_id (commit));

out:
  git_diff_free (diff);
  git_tree_free (parent_tree);
  git_tree_free (tree);
  git_commit_free (parent);
  git_commit_free (commit);
  git_reference_free (ref);
  return matches;
}

static gboolean
find_pending (Publish *p)
{
  const char *wanted = p->direct ? "direct" : "review";
  git_config *config = NULL;
  git_config_iterator *iter = NULL;
  git_config_entry *entry;
  gboolean found = FALSE;

  if (git_repository_config_snapshot (&config, p->repo) < 0)
    return FALSE;
  /* (Not git_config_iterator_glob_new: libgit2 1.5's regular expressions
   * leak their match data.) */
  if (git_config_iterator_new (&iter, config) < 0)
    {
      git_config_free (config);
      return FALSE;
    }

  while (!found && git_config_next (&entry, iter) == 0)
    {
      const char *name = entry->name + strlen ("branch.");
      g_autofree char *branch = NULL;

      /* Section and key names are lower case in libgit2's entries. */
      if (!g_str_has_prefix (entry->name, "branch.") ||
          !g_str_has_suffix (entry->name, ".postingspublish") ||
          strlen (name) <= strlen (".postingspublish") ||
          g_strcmp0 (entry->value, wanted) != 0)
        continue;
      branch = g_strndup (name, strlen (name) - strlen (".postingspublish"));
      if (p->args->branch != NULL && !g_str_equal (p->args->branch, branch))
        continue;
      if (pending_matches (p, branch))
        {
          p->branch = g_steal_pointer (&branch);
          found = TRUE;
        }
    }

  git_config_iterator_free (iter);
  git_config_free (config);
  return found;
}

/* A chosen file the site changed since the user's copy would lose that
 * change: refuse, and say which. */
static gboolean
check_not_outdated (Publish  *p,
                    GError  **error)
{
  g_autoptr(git_tree) base_tree = NULL;

  if (git_commit_tree (&base_tree, p->base_commit) < 0)
    return _postings_git_check (-1, error, _("Could not read the site’s files"));

  for (guint i = 0; i < p->paths->len; i++)
    {
      const char *path = g_ptr_array_index (p->paths, i);
      git_oid on_site, in_head;
      gboolean site_has = tree_entry_id (base_tree, path, &on_site);
      gboolean head_has = tree_entry_id (p->head_tree, path, &in_head);

      if (site_has == head_has && (!site_has || git_oid_equal (&on_site, &in_head)))
        continue;
      if (tree_has_working_version (p, base_tree, path))
        continue;  /* the site already has the user's version */
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_OUTDATED,
                   _("“%s” was also changed on the site since your copy was last updated. Update "
                     "the site first (your version is kept), check the posting, then publish "
                     "again."), path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
build_tree (Publish  *p,
            git_oid  *tree_oid,
            GError  **error)
{
  g_autoptr(git_tree) base_tree = NULL;
  g_autoptr(GArray) updates = g_array_new (FALSE, TRUE, sizeof (git_tree_update));
  int code;

  if (git_commit_tree (&base_tree, p->base_commit) < 0)
    return _postings_git_check (-1, error, _("Could not read the site’s files"));

  for (guint i = 0; i < p->paths->len; i++)
    {
      const char *path = g_ptr_array_index (p->paths, i);
      git_tree_update update = { 0, };
      git_tree_entry *existing = NULL;

      update.path = path;
      if (!file_exists (p, path))
        {
          if (git_tree_entry_bypath (&existing, base_tree, path) < 0)
            continue;  /* deleted here, absent there */
          git_tree_entry_free (existing);
          update.action = GIT_TREE_UPDATE_REMOVE;
        }
      else
        {
          g_autofree char *full = g_build_filename (p->workdir, path, NULL);
          GStatBuf st;

          if (git_blob_create_from_workdir (&update.id, p->repo, path) < 0)
            {
              const git_error *last = git_error_last ();

              g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_FAILED,
                           _("Could not read %s: %s"), full,
                           last != NULL && last->message != NULL ? last->message : "libgit2");
              return FALSE;
            }
          update.action = GIT_TREE_UPDATE_UPSERT;
          update.filemode = GIT_FILEMODE_BLOB;
          if (git_tree_entry_bypath (&existing, base_tree, path) == 0)
            {
              git_filemode_t mode = git_tree_entry_filemode (existing);

              if (mode == GIT_FILEMODE_BLOB_EXECUTABLE || mode == GIT_FILEMODE_LINK)
                update.filemode = mode;
              git_tree_entry_free (existing);
            }
          else if (g_lstat (full, &st) == 0)
            {
              if (S_ISLNK (st.st_mode))
                update.filemode = GIT_FILEMODE_LINK;
              else if (st.st_mode & S_IXUSR)
                update.filemode = GIT_FILEMODE_BLOB_EXECUTABLE;
            }
        }
      g_array_append_val (updates, update);
    }

  if (updates->len == 0)
    {
      git_oid_cpy (tree_oid, git_tree_id (base_tree));
      return TRUE;
    }
  code = git_tree_create_updated (tree_oid, p->repo, base_tree, updates->len,
                                  (const git_tree_update *) (void *) updates->data);
  return _postings_git_check (code, error, _("Could not prepare the change"));
}

static char *
default_message (Publish *p)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) postings_git_file_change_free);

  for (guint i = 0; i < p->paths->len; i++)
    {
      const char *path = g_ptr_array_index (p->paths, i);
      git_oid id;
      gboolean in_head = tree_entry_id (p->head_tree, path, &id);
      gboolean on_disk = file_exists (p, path);

      if (!in_head && !on_disk)
        continue;
      g_ptr_array_add (changes, _postings_git_file_change_new (p->repo, p->head_tree, p->workdir, path,
                                                               !in_head ? POSTINGS_GIT_NEW
                                                               : !on_disk ? POSTINGS_GIT_DELETED
                                                               : POSTINGS_GIT_MODIFIED));
    }
  return postings_git_commit_message (changes);
}

static gboolean
branch_taken (Publish    *p,
              GHashTable *remote_heads,
              const char *name)
{
  g_autofree char *ref = g_strdup_printf ("refs/heads/%s", name);
  git_reference *local = NULL;
  gboolean taken;

  if (remote_heads != NULL && g_hash_table_contains (remote_heads, ref))
    return TRUE;
  taken = git_branch_lookup (&local, p->repo, name, GIT_BRANCH_LOCAL) == 0;
  git_reference_free (local);
  return taken;
}

static gboolean
is_unreachable (const GError *error)
{
  return g_error_matches (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NETWORK) ||
         g_error_matches (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_HOST_UNKNOWN) ||
         g_error_matches (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_TIMEOUT);
}

/* The push remote's branches; NULL without an error when it cannot be
 * reached: the commit is then made and kept anyway, and the push will say
 * what is wrong (a retry checks the name again). */
static GHashTable *
list_push_heads (Publish  *p,
                 GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  GHashTable *heads = _postings_git_remote_heads (p->op, p->push_remote, &local_error);

  if (heads == NULL && !is_unreachable (local_error))
    g_propagate_error (error, g_steal_pointer (&local_error));
  return heads;
}

/* postings/<name>, or postings/<name>-N when taken here or on the server. */
static char *
unique_branch (Publish    *p,
               GHashTable *heads)
{
  g_autofree char *stem = postings_git_branch_name_for_paths ((const char * const *) p->paths->pdata);
  char *name = g_strdup (stem);

  for (guint n = 2; branch_taken (p, heads, name); n++)
    {
      g_free (name);
      name = g_strdup_printf ("%s-%u", stem, n);
    }
  return name;
}

static gboolean
choose_branch (Publish  *p,
               GError  **error)
{
  g_autoptr(GHashTable) heads = NULL;
  g_autoptr(GError) local_error = NULL;
  int valid = 0;

  /* A direct publish only keeps its commit locally under this name. */
  if (!p->direct)
    {
      heads = list_push_heads (p, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  if (p->args->branch != NULL)
    {
      if (git_branch_name_is_valid (&valid, p->args->branch) < 0 || !valid)
        {
          g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_FAILED,
                       _("“%s” cannot be a git branch name."), p->args->branch);
          return FALSE;
        }
      if (branch_taken (p, heads, p->args->branch))
        {
          g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_BRANCH_EXISTS,
                       _("The branch “%s” already exists: choose another name."), p->args->branch);
          return FALSE;
        }
      p->branch = g_strdup (p->args->branch);
      return TRUE;
    }

  p->branch = unique_branch (p, heads);
  return TRUE;
}

/* A kept commit's branch name may have been taken on the server since
 * (when it could not be checked): rename the local branch. */
static gboolean
recheck_branch (Publish  *p,
                GError  **error)
{
  g_autoptr(GHashTable) heads = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *renamed = NULL;
  g_autoptr(git_reference) branch = NULL;
  g_autoptr(git_reference) moved = NULL;
  char hex[GIT_OID_HEXSZ + 1];
  const char *theirs;

  if (p->direct)
    return TRUE;
  heads = list_push_heads (p, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  ref = g_strdup_printf ("refs/heads/%s", p->branch);
  theirs = heads != NULL ? g_hash_table_lookup (heads, ref) : NULL;
  git_oid_tostr (hex, sizeof hex, &p->commit_oid);
  if (theirs == NULL || g_str_equal (theirs, hex))
    return TRUE;

  if (p->args->branch != NULL)
    {
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_BRANCH_EXISTS,
                   _("The branch “%s” already exists: choose another name."), p->branch);
      return FALSE;
    }
  renamed = unique_branch (p, heads);
  if (!_postings_git_check (git_branch_lookup (&branch, p->repo, p->branch, GIT_BRANCH_LOCAL), error,
                            _("Could not rename the change’s branch")) ||
      !_postings_git_check (git_branch_move (&moved, branch, renamed, 0), error,
                            _("Could not rename the change’s branch")))
    return FALSE;
  set_pending (p, NULL);
  g_free (p->branch);
  p->branch = g_steal_pointer (&renamed);
  set_pending (p, "review");
  return TRUE;
}

static gboolean
make_commit (Publish  *p,
             GError  **error)
{
  git_signature *author = NULL;
  git_tree *tree = NULL;
  git_reference *ref = NULL;
  git_commit *commit = NULL;
  git_buf message = GIT_BUF_INIT;
  const git_commit *parents[1];
  git_oid tree_oid;
  gboolean ok = FALSE;

  if (git_signature_default (&author, p->repo) < 0)
    {
      g_set_error_literal (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NO_AUTHOR,
                           _("Publishing needs your name and e-mail address, shown with the "
                             "change on the site (git’s user.name and user.email)."));
      return FALSE;
    }

  if (!check_not_outdated (p, error) || !build_tree (p, &tree_oid, error))
    goto out;

  if (git_oid_equal (&tree_oid, git_commit_tree_id (p->base_commit)))
    {
      g_set_error_literal (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NOTHING_TO_PUBLISH,
                           _("The site already has these versions of the postings: there is "
                             "nothing to publish."));
      goto out;
    }

  if (p->args->message != NULL && *g_strstrip (p->args->message) != '\0')
    p->message = g_strdup (p->args->message);
  else
    p->message = default_message (p);
  if (git_message_prettify (&message, p->message, FALSE, 0) < 0 || message.size == 0)
    {
      g_set_error_literal (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_FAILED,
                           _("Write a message saying what changed."));
      goto out;
    }

  if (!choose_branch (p, error))
    goto out;

  parents[0] = p->base_commit;
  if (!_postings_git_check (git_tree_lookup (&tree, p->repo, &tree_oid), error,
                            _("Could not prepare the change")) ||
      !_postings_git_check (git_commit_create (&p->commit_oid, p->repo, NULL, author, author, NULL,
                                               message.ptr, tree, 1, parents), error,
                            _("Could not record the change")) ||
      !_postings_git_check (git_commit_lookup (&commit, p->repo, &p->commit_oid), error,
                            _("Could not record the change")) ||
      !_postings_git_check (git_branch_create (&ref, p->repo, p->branch, commit, 0), error,
                            _("Could not keep the change on its branch")))
    goto out;

  set_pending (p, p->direct ? "direct" : "review");
  ok = TRUE;

out:
  git_buf_dispose (&message);
  git_reference_free (ref);
  git_commit_free (commit);
  git_tree_free (tree);
  git_signature_free (author);
  return ok;
}

static gboolean
is_not_fast_forward (const char *status)
{
  return strstr (status, "non-fast-forward") != NULL || strstr (status, "fetch first") != NULL ||
         strstr (status, "non-fastforward") != NULL || strstr (status, "not a fast") != NULL;
}

static gboolean
push (Publish    *p,
      const char *target,
      GError    **error)
{
  g_autofree char *refspec = g_strdup_printf ("refs/heads/%s:refs/heads/%s", p->branch, target);
  char *refspecs[] = { refspec };
  git_strarray specs = { refspecs, 1 };
  git_push_options options = GIT_PUSH_OPTIONS_INIT;
  PostingsGitOp *op = p->op;
  int code;

  _postings_git_op_begin_remote (op, git_remote_pushurl (p->push_remote) ? git_remote_pushurl (p->push_remote)
                                                                          : git_remote_url (p->push_remote));
  _postings_git_op_init_callbacks (op, &options.callbacks);
  _postings_git_op_stage (op, POSTINGS_GIT_STAGE_PUSHING);
  code = git_remote_push (p->push_remote, &specs, &options);
  if (code < 0)
    {
      const git_error *last = git_error_last ();

      if (code == GIT_ENONFASTFORWARD ||
          (last != NULL && last->message != NULL && strstr (last->message, "fastforward") != NULL))
        {
          g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NOT_FAST_FORWARD,
                       _("The branch “%s” of the site changed meanwhile: publish again to build "
                         "on its new state."), target);
          return FALSE;
        }
      _postings_git_op_set_error (op, code, error);
      return FALSE;
    }

  if (op->refused_refs->len > 0)
    {
      const char *refused = g_ptr_array_index (op->refused_refs, 0);
      const char *status = strchr (refused, '\t') + 1;
      g_autofree char *said = _postings_git_op_server_said (op);

      if (is_not_fast_forward (status))
        g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NOT_FAST_FORWARD,
                     _("The branch “%s” of the site changed meanwhile: publish again to build "
                       "on its new state."), target);
      else
        g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_REJECTED,
                     _("%s refused the change (%s)%s%s. Ask the site’s team what to do."),
                     op->host != NULL ? op->host : op->url, status,
                     *said != '\0' ? ": " : "", said);
      return FALSE;
    }
  return TRUE;
}

static gboolean
verify (Publish    *p,
        const char *target,
        GError    **error)
{
  g_autoptr(GHashTable) heads = NULL;
  g_autofree char *ref = g_strdup_printf ("refs/heads/%s", target);
  char hex[GIT_OID_HEXSZ + 1];
  const char *found;

  _postings_git_op_stage (p->op, POSTINGS_GIT_STAGE_VERIFYING);
  heads = _postings_git_remote_heads (p->op, p->push_remote, error);
  if (heads == NULL)
    return FALSE;

  git_oid_tostr (hex, sizeof hex, &p->commit_oid);
  found = g_hash_table_lookup (heads, ref);
  if (found == NULL || !g_str_equal (found, hex))
    {
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NOT_VERIFIED,
                   _("%s answered, but it does not have the change on “%s”."),
                   p->op->host != NULL ? p->op->host : p->op->url, target);
      return FALSE;
    }
  return TRUE;
}

/* Says where the commit waits, after a failed push. */
static void
keep_note (Publish  *p,
           GError  **error)
{
  g_autofree char *note = NULL;
  char *message;

  if (error == NULL || *error == NULL || g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  note = g_strdup_printf (_("The change is kept on the local branch “%s”: publishing the same "
                            "postings again sends it."), p->branch);
  message = g_strconcat ((*error)->message, " ", note, NULL);
  g_free ((*error)->message);
  (*error)->message = message;
}

static PostingsGitPublishResult *
make_result (Publish    *p,
             const char *target)
{
  PostingsGitPublishResult *result = g_new0 (PostingsGitPublishResult, 1);
  g_autofree char *base_url = _postings_git_configured_url (p->repo, p->base_remote);
  g_autofree char *push_url = _postings_git_configured_url (p->repo, p->push_remote);
  g_autofree char *title = NULL;
  const char *body = "";
  git_commit *commit = NULL;
  char hex[GIT_OID_HEXSZ + 1];

  git_oid_tostr (hex, sizeof hex, &p->commit_oid);
  result->branch = g_strdup (target);
  result->local_branch = g_strdup (p->branch);
  result->base_branch = g_strdup (p->base_branch);
  result->remote_name = g_strdup (git_remote_name (p->push_remote));
  result->remote_url = postings_git_url_strip_credentials (push_url, NULL, NULL);
  result->commit_id = g_strdup (hex);
  result->direct = p->direct;
  result->reused = p->reused;

  if (!p->direct && git_commit_lookup (&commit, p->repo, &p->commit_oid) == 0)
    {
      title = g_strdup (git_commit_summary (commit));
      body = git_commit_body (commit) != NULL ? git_commit_body (commit) : "";
      result->pull_request_url = postings_git_pull_request_url (base_url, push_url, p->base_branch,
                                                                p->branch, title, body);
      if (result->pull_request_url == NULL)
        {
          /* Through a url.*.insteadOf rewrite, the configured address may be
           * the one a web page can be made from: tried first; then the real one. */
          const char *real_base = git_remote_url (p->base_remote);
          const char *real_push = git_remote_url (p->push_remote);

          result->pull_request_url = postings_git_pull_request_url (real_base, real_push,
                                                                    p->base_branch, p->branch,
                                                                    title, body);
        }
      git_commit_free (commit);
    }
  return result;
}

gpointer
_postings_git_publish_run (PostingsGitOp  *op,
                           gpointer        data,
                           GError        **error)
{
  Publish p = { 0, };
  PostingsGitPublishResult *result = NULL;
  git_object *head_tree = NULL;
  const char *target;

  p.op = op;
  p.args = data;

  p.repo = _postings_git_open (op->folder, error);
  if (p.repo == NULL)
    goto out;
  p.workdir = _postings_git_workdir (p.repo);
  if (!resolve_paths (&p, error))
    goto out;

  switch (p.args->mode)
    {
    case POSTINGS_GIT_PUBLISH_DIRECT:
      p.direct = TRUE;
      break;
    case POSTINGS_GIT_PUBLISH_REVIEW:
      p.direct = FALSE;
      break;
    case POSTINGS_GIT_PUBLISH_AUTO:
    default:
      p.direct = site_publishes_directly (&p);
      break;
    }

  if (git_revparse_single (&head_tree, p.repo, "HEAD^{tree}") == 0)
    p.head_tree = (git_tree *) head_tree;

  p.base_remote = _postings_git_lookup_base_remote (p.repo, error);
  if (p.base_remote == NULL)
    goto out;
  p.push_remote = p.direct ? NULL : _postings_git_lookup_push_remote (p.repo, error);
  if (p.direct)
    git_remote_dup (&p.push_remote, p.base_remote);
  if (p.push_remote == NULL)
    goto out;

  p.base_branch = _postings_git_remote_default_branch (op, p.base_remote, error);
  if (p.base_branch == NULL ||
      !_postings_git_fetch_branch (op, p.repo, p.base_remote, p.base_branch, &p.base_oid, error) ||
      !_postings_git_check (git_commit_lookup (&p.base_commit, p.repo, &p.base_oid), error,
                            _("Could not read the site’s files")))
    goto out;
  if (_postings_git_op_check_cancelled (op, error))
    goto out;

  p.reused = find_pending (&p);
  if (p.reused ? !recheck_branch (&p, error) : !make_commit (&p, error))
    goto out;

  target = p.direct ? p.base_branch : p.branch;
  if (_postings_git_op_check_cancelled (op, error) ||
      !push (&p, target, error) ||
      !verify (&p, target, error))
    {
      keep_note (&p, error);
      goto out;
    }

  set_pending (&p, NULL);
  _postings_git_op_succeeded (op);
  result = make_result (&p, target);

out:
  publish_clear (&p);
  return result;
}
