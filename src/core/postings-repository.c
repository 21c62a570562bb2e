/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "postings-core-i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "postings-error.h"
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

static gboolean
basename_is_plain (const char *basename)
{
  return basename != NULL && basename[0] != '\0' && basename[0] != '.' &&
         strchr (basename, '/') == NULL && strchr (basename, '\\') == NULL &&
         g_utf8_validate (basename, -1, NULL);
}

static void
set_exists_error (GError **error,
                  GFile   *file)
{
  g_autofree char *name = g_file_get_parse_name (file);

  g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_EXISTS,
               _("The file “%s” already exists."), name);
}

static void
set_write_error (GError     **error,
                 GFile       *file,
                 int          saved_errno)
{
  g_autofree char *name = g_file_get_parse_name (file);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not write “%s”: %s"), name, g_strerror (saved_errno));
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      data += n;
      len -= n;
    }

  return TRUE;
}

/* A folder reached through GIO only (no local path): create exclusively. */
static gboolean
create_with_gio (GFile       *file,
                 const char  *data,
                 gsize        len,
                 GError     **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;

  stream = g_file_create (file, G_FILE_CREATE_NONE, NULL, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        set_exists_error (error, file);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), data, len, NULL, NULL, error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error))
    {
      g_file_delete (file, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

gboolean
postings_repository_create_file (GFile       *dir,
                                 const char  *basename,
                                 const char  *data,
                                 gsize        len,
                                 GFile      **out_file,
                                 GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir_path = NULL;
  g_autofree char *path = NULL;
  g_autofree char *tmp_path = NULL;
  GStatBuf st;
  int fd;

  g_return_val_if_fail (G_IS_FILE (dir), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_file != NULL)
    *out_file = NULL;

  if (!basename_is_plain (basename))
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                   _("“%s” is not a valid file name."), basename ? basename : "");
      return FALSE;
    }

  file = g_file_get_child (dir, basename);
  dir_path = g_file_get_path (dir);

  if (dir_path == NULL)
    {
      if (!create_with_gio (file, data, len, error))
        return FALSE;
      goto done;
    }

  path = g_build_filename (dir_path, basename, NULL);
  tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir_path, G_DIR_SEPARATOR, basename);

  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      int saved_errno = errno;

      set_write_error (error, file, saved_errno);
      return FALSE;
    }

  if (!write_all (fd, data, len) || fsync (fd) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_unlink (tmp_path);
      set_write_error (error, file, saved_errno);
      return FALSE;
    }

  if (close (fd) != 0)
    {
      int saved_errno = errno;

      g_unlink (tmp_path);
      set_write_error (error, file, saved_errno);
      return FALSE;
    }

  /* link() fails when the name exists, even if it was created a moment
   * ago: the complete file appears at once, and nothing is replaced. */
  if (link (tmp_path, path) == 0)
    {
      g_unlink (tmp_path);
      goto done;
    }

  if (errno == EEXIST)
    {
      g_unlink (tmp_path);
      set_exists_error (error, file);
      return FALSE;
    }

  /* File systems without hard links: check, then rename (atomic, but a
   * file created between the two steps would be replaced). */
  if (g_lstat (path, &st) == 0)
    {
      g_unlink (tmp_path);
      set_exists_error (error, file);
      return FALSE;
    }

  if (g_rename (tmp_path, path) != 0)
    {
      int saved_errno = errno;

      g_unlink (tmp_path);
      set_write_error (error, file, saved_errno);
      return FALSE;
    }

done:
  if (out_file != NULL)
    *out_file = g_steal_pointer (&file);

  return TRUE;
}
