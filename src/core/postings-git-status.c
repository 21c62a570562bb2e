/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What changed: the site's postings that differ from the current commit. */
#include "postings-core-i18n.h"

#include <string.h>

#include "postings-date.h"
#include "postings-document.h"
#include "postings-git-private.h"
#include "postings-schema.h"

void
_postings_git_read_posting (const char  *data,
                            gsize        len,
                            const char  *basename,
                            char       **title,
                            gboolean    *open,
                            GDateTime  **date)
{
  g_autoptr(PostingsDocument) document = postings_document_new_from_data (data, len);
  const char *roles = postings_document_get_string (document, "roles");
  GDate day;

  if (title != NULL)
    *title = roles != NULL && *roles != '\0' ? g_strstrip (g_strdup (roles)) : NULL;
  if (open != NULL && !postings_document_get_boolean (document, "open", open))
    *open = FALSE;
  if (date != NULL)
    *date = postings_posting_get_date (document, basename, &day)
            ? g_date_time_new_utc (g_date_get_year (&day), g_date_get_month (&day), g_date_get_day (&day), 0, 0, 0)
            : NULL;
}

/* The jobs folder relative to the working copy: the schema's `folder:`. */
static char *
jobs_folder (const char *workdir)
{
  g_autoptr(GFile) root = g_file_new_for_path (workdir);
  g_autoptr(PostingsSchema) schema = postings_schema_load_for_file (root, NULL, NULL);

  return g_strdup (schema != NULL ? postings_schema_get_folder (schema) : "content/_jobs");
}

/* The posting as committed in @tree: its title, `open` and date. */
static gboolean
read_committed (git_repository *repo,
                git_tree       *tree,
                const char     *path,
                char          **title,
                gboolean       *open,
                GDateTime     **date)
{
  g_autofree char *basename = g_path_get_basename (path);
  git_tree_entry *entry = NULL;
  git_blob *blob = NULL;

  if (tree == NULL || git_tree_entry_bypath (&entry, tree, path) < 0)
    return FALSE;
  if (git_blob_lookup (&blob, repo, git_tree_entry_id (entry)) == 0)
    _postings_git_read_posting (git_blob_rawcontent (blob), git_blob_rawsize (blob), basename, title, open, date);
  git_blob_free (blob);
  git_tree_entry_free (entry);
  return blob != NULL;
}

PostingsGitFileChange *
_postings_git_file_change_new (git_repository    *repo,
                               git_tree          *head_tree,
                               const char        *workdir,
                               const char        *path,
                               PostingsGitChange  kind)
{
  PostingsGitFileChange *change = g_new0 (PostingsGitFileChange, 1);
  g_autofree char *full = g_build_filename (workdir, path, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *old_title = NULL;
  gboolean old_open = FALSE, new_open = FALSE;
  gsize len = 0;

  change->path = g_strdup (path);
  change->file = g_file_new_for_path (full);
  change->change = kind;

  if (kind != POSTINGS_GIT_NEW)
    read_committed (repo, head_tree, path, &old_title, &old_open,
                    kind == POSTINGS_GIT_DELETED ? &change->date : NULL);
  if (kind != POSTINGS_GIT_DELETED && g_file_get_contents (full, &contents, &len, NULL))
    _postings_git_read_posting (contents, len, NULL, &change->title, &new_open, NULL);
  else if (kind == POSTINGS_GIT_DELETED)
    change->title = g_steal_pointer (&old_title);
  if (change->title == NULL)
    change->title = g_path_get_basename (path);
  change->closed = kind == POSTINGS_GIT_MODIFIED && old_open && !new_open;
  return change;
}

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const PostingsGitFileChange *ca = *(PostingsGitFileChange * const *) a;
  const PostingsGitFileChange *cb = *(PostingsGitFileChange * const *) b;

  return strcmp (ca->path, cb->path);
}

gpointer
_postings_git_changes_run (PostingsGitOp  *op,
                           gpointer        unused,
                           GError        **error)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) postings_git_file_change_free);
  g_autofree char *workdir = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *prefix = NULL;
  git_repository *repo;
  git_status_list *list = NULL;
  git_status_options options = GIT_STATUS_OPTIONS_INIT;
  git_object *head_tree = NULL;
  char *pathspec[1];
  gboolean ok;

  repo = _postings_git_open (op->folder, error);
  if (repo == NULL)
    return NULL;

  workdir = _postings_git_workdir (repo);
  folder = jobs_folder (workdir);
  prefix = g_strconcat (folder, "/", NULL);
  pathspec[0] = prefix;

  options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
                  GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  options.pathspec.strings = pathspec;
  options.pathspec.count = 1;

  ok = _postings_git_check (git_status_list_new (&list, repo, &options), error,
                            _("Could not read what changed in the site"));
  if (ok && git_revparse_single (&head_tree, repo, "HEAD^{tree}") < 0)
    head_tree = NULL;  /* no commit yet: everything is new */

  for (size_t i = 0; ok && i < git_status_list_entrycount (list); i++)
    {
      const git_status_entry *entry = git_status_byindex (list, i);
      const git_diff_delta *delta = entry->index_to_workdir ? entry->index_to_workdir : entry->head_to_index;
      unsigned int s = entry->status;
      const char *path;
      gboolean in_head, on_disk;
      PostingsGitFileChange *change;

      if (delta == NULL || (s & GIT_STATUS_IGNORED))
        continue;
      path = delta->new_file.path != NULL ? delta->new_file.path : delta->old_file.path;
      if (!g_str_has_prefix (path, prefix))
        continue;

      in_head = (s & GIT_STATUS_INDEX_DELETED) || !(s & (GIT_STATUS_INDEX_NEW | GIT_STATUS_WT_NEW));
      on_disk = !(s & GIT_STATUS_WT_DELETED) &&
                !((s & GIT_STATUS_INDEX_DELETED) && !(s & GIT_STATUS_WT_NEW));
      if (head_tree == NULL)
        in_head = FALSE;
      if (!in_head && !on_disk)
        continue;

      change = _postings_git_file_change_new (repo, (git_tree *) head_tree, workdir, path,
                                              !in_head ? POSTINGS_GIT_NEW
                                              : !on_disk ? POSTINGS_GIT_DELETED : POSTINGS_GIT_MODIFIED);
      g_ptr_array_add (changes, change);
    }

  git_object_free (head_tree);
  git_status_list_free (list);
  git_repository_free (repo);

  if (!ok)
    return NULL;
  g_ptr_array_sort (changes, compare_changes);
  return g_steal_pointer (&changes);
}

void
postings_git_changes_apply_to_site (GPtrArray    *changes,
                                    PostingsSite *site)
{
  g_autoptr(GHashTable) by_file = g_hash_table_new (g_file_hash, (GEqualFunc) g_file_equal);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_object_unref);
  GFile *jobs;
  GListModel *entries;

  g_return_if_fail (changes != NULL);
  g_return_if_fail (POSTINGS_IS_SITE (site));

  jobs = postings_site_get_jobs_dir (site);
  for (guint i = 0; i < changes->len; i++)
    {
      PostingsGitFileChange *change = g_ptr_array_index (changes, i);

      g_hash_table_insert (by_file, change->file, change);
      /* Deleted here, still committed: a row of its own. */
      if (change->change == POSTINGS_GIT_DELETED && g_file_has_prefix (change->file, jobs))
        postings_site_add_deleted (site, change->file, change->title, change->date);
    }

  entries = postings_site_get_entries (site);
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(PostingsSiteEntry) entry = g_list_model_get_item (entries, i);
      PostingsGitFileChange *change = g_hash_table_lookup (by_file, postings_site_entry_get_file (entry));

      if (postings_site_entry_get_state (entry) == POSTINGS_POSTING_DELETED
          && (change == NULL || change->change != POSTINGS_GIT_DELETED))
        g_ptr_array_add (gone, g_steal_pointer (&entry));
      else
        postings_site_entry_set_git_change (entry, change != NULL ? change->change : POSTINGS_GIT_UNCHANGED);
    }
  /* Its deletion committed (or its file back, not yet seen by the monitor,
   * which adds it again). */
  for (guint i = 0; i < gone->len; i++)
    postings_site_remove_deleted (site, g_ptr_array_index (gone, i));
}
