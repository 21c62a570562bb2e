/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "postings-core-i18n.h"

#include "postings-file.h"
#include "postings-repository.h"

static gboolean
is_directory (GFile *file)
{
  return g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY;
}

GFile *
postings_repository_find_root (GFile *file)
{
  g_autoptr(GFile) dir = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  dir = is_directory (file) ? g_object_ref (file) : g_file_get_parent (file);

  while (dir != NULL)
    {
      g_autoptr(GFile) content = g_file_get_child (dir, "content");
      g_autoptr(GFile) config = g_file_get_child (dir, "_config.yml");
      GFile *parent;

      if (is_directory (content) ||
          g_file_query_file_type (config, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_REGULAR)
        return g_steal_pointer (&dir);

      parent = g_file_get_parent (dir);
      g_object_unref (dir);
      dir = parent;
    }

  return NULL;
}

GFile *
postings_repository_get_jobs_dir (GFile *root)
{
  g_return_val_if_fail (G_IS_FILE (root), NULL);
  return g_file_resolve_relative_path (root, "content/_jobs");
}

GFile *
postings_repository_get_startups_dir (GFile *root)
{
  g_return_val_if_fail (G_IS_FILE (root), NULL);
  return g_file_resolve_relative_path (root, "content/_startups");
}

gboolean
postings_repository_contains (GFile *dir,
                              GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (dir), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  return g_file_equal (dir, file) || g_file_has_prefix (file, dir);
}

gboolean
postings_repository_create_file (GFile       *dir,
                                 const char  *basename,
                                 const char  *data,
                                 gsize        len,
                                 GFile      **out_file,
                                 GError     **error)
{
  return postings_file_create (dir, basename, data, len, out_file, error);
}
