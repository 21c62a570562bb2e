/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Whether the site's git repository tracks a posting: what tells
 * postings_posting_is_published() that a posting dated later is online. */
#include "config.h"

#include <string.h>

#include "postings-git-private.h"

gboolean
postings_git_is_tracked (GFile *file)
{
  g_autoptr(git_repository) repo = NULL;
  g_autoptr(git_index) index = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  const char *workdir;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    return FALSE;
  _postings_git_init ();
  dir = g_path_get_dirname (path);
  if (git_repository_open_ext (&repo, dir, 0, NULL) != 0)
    return FALSE;
  workdir = git_repository_workdir (repo);
  if (workdir == NULL || !g_str_has_prefix (path, workdir) || git_repository_index (&index, repo) != 0)
    return FALSE;
  return git_index_get_bypath (index, path + strlen (workdir), 0) != NULL;
}
