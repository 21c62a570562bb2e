/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "postings-core-i18n.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "postings-data-uri.h"
#include "postings-error.h"
#include "postings-image.h"
#include "postings-repository.h"
#include "postings-slug.h"

/* The longest file name stem made for an added image. */
#define MAX_STEM_LENGTH 60

static const char *
skip_blanks (const char *s)
{
  while (g_ascii_isspace (*s))
    s++;
  return s;
}

/* The length of the URI scheme at @s (before its `:`), or 0. */
static gsize
scheme_length (const char *s)
{
  gsize n = 0;

  if (!g_ascii_isalpha (s[0]))
    return 0;
  while (g_ascii_isalnum (s[n]) || s[n] == '+' || s[n] == '-' || s[n] == '.')
    n++;

  return s[n] == ':' ? n : 0;
}

PostingsImageSourceKind
postings_image_source_classify (const char *src)
{
  gsize scheme;

  if (src == NULL)
    return POSTINGS_IMAGE_SOURCE_NONE;

  src = skip_blanks (src);
  if (*src == '\0')
    return POSTINGS_IMAGE_SOURCE_NONE;

  if (src[0] == '/' && src[1] == '/')
    return POSTINGS_IMAGE_SOURCE_REMOTE;

  scheme = scheme_length (src);
  if (scheme > 0)
    {
      if (scheme == 4 && g_ascii_strncasecmp (src, "data", 4) == 0)
        return POSTINGS_IMAGE_SOURCE_DATA;
      if ((scheme == 4 && g_ascii_strncasecmp (src, "http", 4) == 0) ||
          (scheme == 5 && g_ascii_strncasecmp (src, "https", 5) == 0))
        return POSTINGS_IMAGE_SOURCE_REMOTE;
      return POSTINGS_IMAGE_SOURCE_OTHER;
    }

  if (src[0] == '/')
    return POSTINGS_IMAGE_SOURCE_SITE;

  /* `C:\…` and `\\server\…` are not site addresses either. */
  if (src[0] == '\\')
    return POSTINGS_IMAGE_SOURCE_OTHER;

  return POSTINGS_IMAGE_SOURCE_RELATIVE;
}

char *
postings_image_source_dup_host (const char *src)
{
  const char *start;
  const char *end;
  const char *at;

  if (postings_image_source_classify (src) != POSTINGS_IMAGE_SOURCE_REMOTE)
    return NULL;

  src = skip_blanks (src);
  start = strstr (src, "//");
  if (start == NULL)
    return NULL;
  start += 2;

  end = start + strcspn (start, "/?#");
  /* user:password@host */
  at = memchr (start, '@', end - start);
  if (at != NULL)
    start = at + 1;
  if (end == start)
    return NULL;

  return g_ascii_strdown (start, end - start);
}

static char *
real_path_of (GFile   *file,
              GError **error)
{
  g_autofree char *path = g_file_get_path (file);
  char *real;

  if (path == NULL)
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                   _("Images can only be read from folders on this computer (“%s”)."),
                   g_file_peek_path (file) != NULL ? g_file_peek_path (file) : "?");
      return NULL;
    }

  real = realpath (path, NULL);
  if (real == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, POSTINGS_ERROR,
                   saved_errno == ENOENT || saved_errno == ENOTDIR ? POSTINGS_ERROR_NOT_FOUND
                                                                  : POSTINGS_ERROR_FAILED,
                   _("Cannot read “%s”: %s"), path, g_strerror (saved_errno));
      return NULL;
    }

  return real;
}

static gboolean
path_is_inside (const char *path,
                const char *dir)
{
  gsize len = strlen (dir);

  if (len > 0 && dir[len - 1] == G_DIR_SEPARATOR)
    len--;

  return strncmp (path, dir, len) == 0 && path[len] == G_DIR_SEPARATOR && path[len + 1] != '\0';
}

static void
set_outside_error (GError     **error,
                   const char  *src)
{
  g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
               _("The image “%s” is outside the site: only images inside the site’s folder are shown."),
               src);
}

GFile *
postings_image_resolve (const char  *src,
                        GFile       *posting,
                        GFile       *root,
                        GError     **error)
{
  PostingsImageSourceKind kind = postings_image_source_classify (src);
  g_autoptr(GFile) base = NULL;
  g_autoptr(GFile) limit = NULL;
  g_autofree char *limit_path = NULL;
  g_autofree char *real_limit = NULL;
  g_autofree char *real = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_auto(GStrv) components = NULL;
  g_autofree char *candidate = NULL;
  guint floor;
  gsize path_len;

  g_return_val_if_fail (posting == NULL || G_IS_FILE (posting), NULL);
  g_return_val_if_fail (root == NULL || G_IS_FILE (root), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (kind == POSTINGS_IMAGE_SOURCE_SITE)
    {
      if (root == NULL)
        {
          g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                       _("The image “%s” is given from the site’s root, but this posting is not inside a site."),
                       src);
          return NULL;
        }
      base = g_object_ref (root);
      limit = g_object_ref (root);
    }
  else if (kind == POSTINGS_IMAGE_SOURCE_RELATIVE)
    {
      if (posting == NULL || (base = g_file_get_parent (posting)) == NULL)
        {
          g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                       _("The image “%s” is given from the posting’s folder, but the posting is not saved yet."),
                       src);
          return NULL;
        }
      limit = g_object_ref (root != NULL ? root : base);
    }
  else
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                   _("The image “%s” is not a file of the site."), src ? src : "");
      return NULL;
    }

  /* The path part, decoded: no query, no fragment. */
  src = skip_blanks (src);
  path_len = strcspn (src, "?#");
  while (path_len > 0 && g_ascii_isspace (src[path_len - 1]))
    path_len--;
  path = g_uri_unescape_segment (src, src + path_len, "/");
  if (path == NULL || *path == '\0' || strchr (path, '\\') != NULL)
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                   _("The image address “%s” is not a valid file path."), src);
      return NULL;
    }

  /* `..` is resolved by name first: it must not climb above the limit. */
  limit_path = g_file_get_path (limit);
  {
    g_autofree char *base_path = g_file_get_path (base);
    g_autofree char *relative = NULL;

    if (limit_path == NULL || base_path == NULL)
      {
        g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                     _("Images can only be read from folders on this computer (“%s”)."), src);
        return NULL;
      }
    relative = g_file_get_relative_path (limit, base);
    parts = g_ptr_array_new_with_free_func (g_free);
    if (relative != NULL)
      {
        g_auto(GStrv) base_parts = g_strsplit (relative, G_DIR_SEPARATOR_S, -1);

        for (guint i = 0; base_parts[i] != NULL; i++)
          if (*base_parts[i] != '\0')
            g_ptr_array_add (parts, g_strdup (base_parts[i]));
      }
    else if (!g_file_equal (limit, base))
      {
        set_outside_error (error, src);
        return NULL;
      }
  }

  floor = 0;
  components = g_strsplit (path, "/", -1);
  for (guint i = 0; components[i] != NULL; i++)
    {
      const char *c = components[i];

      if (*c == '\0' || g_str_equal (c, "."))
        continue;
      if (g_str_equal (c, ".."))
        {
          if (parts->len <= floor)
            {
              set_outside_error (error, src);
              return NULL;
            }
          g_ptr_array_set_size (parts, parts->len - 1);
          continue;
        }
      g_ptr_array_add (parts, g_strdup (c));
    }

  if (parts->len == 0)
    {
      set_outside_error (error, src);
      return NULL;
    }

  g_ptr_array_insert (parts, 0, g_strdup (limit_path));
  g_ptr_array_add (parts, NULL);
  candidate = g_build_filenamev ((char **) parts->pdata);

  /* Then the real paths: a symbolic link must not lead out either. */
  real_limit = real_path_of (limit, error);
  if (real_limit == NULL)
    return NULL;
  {
    g_autoptr(GFile) candidate_file = g_file_new_for_path (candidate);
    g_autoptr(GError) local_error = NULL;

    real = real_path_of (candidate_file, &local_error);
    if (real == NULL)
      {
        if (g_error_matches (local_error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_FOUND))
          g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_FOUND,
                       _("The image “%s” was not found (%s)."), src, candidate);
        else
          g_propagate_error (error, g_steal_pointer (&local_error));
        return NULL;
      }
  }

  if (!path_is_inside (real, real_limit))
    {
      set_outside_error (error, src);
      return NULL;
    }

  if (!g_file_test (real, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_FOUND,
                   _("The image “%s” is not a file (%s)."), src, real);
      return NULL;
    }

  return g_file_new_for_path (real);
}

/* The media type of image bytes: from their content, else their name. */
static char *
guess_mime (const char *name,
            GBytes     *bytes)
{
  gsize size;
  const guchar *data = g_bytes_get_data (bytes, &size);
  g_autofree char *type = g_content_type_guess (NULL, data, MIN (size, 4096), NULL);
  g_autofree char *mime = g_content_type_get_mime_type (type);
  const char *from_name;

  if (postings_image_mime_to_extension (mime) != NULL)
    return g_steal_pointer (&mime);

  /* An SVG without an XML declaration may sniff as plain text. */
  from_name = postings_image_mime_from_file_name (name);
  if (from_name != NULL && g_str_equal (from_name, "image/svg+xml") &&
      mime != NULL && (g_str_has_prefix (mime, "text/") || g_str_equal (mime, "application/xml")))
    return g_strdup (from_name);

  return g_steal_pointer (&mime);
}

static GBytes *
read_file (GFile         *file,
           const char    *what,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, error);
  if (info == NULL)
    return NULL;

  if (g_file_info_get_size (info) > POSTINGS_IMAGE_MAX_SIZE)
    {
      g_autofree char *size = postings_format_size (POSTINGS_IMAGE_MAX_SIZE);

      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                   _("The image “%s” is too large (more than %s)."), what, size);
      return NULL;
    }

  if (!g_file_load_contents (file, cancellable, &contents, &len, NULL, error))
    return NULL;

  return g_bytes_new_take (g_steal_pointer (&contents), len);
}

GBytes *
postings_image_load (const char    *src,
                     GFile         *posting,
                     GFile         *root,
                     char         **mime,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  switch (postings_image_source_classify (src))
    {
    case POSTINGS_IMAGE_SOURCE_DATA:
      {
        const char *start = skip_blanks (src);
        gsize len = strlen (start);

        while (len > 0 && g_ascii_isspace (start[len - 1]))
          len--;
        if (len / 4 * 3 > POSTINGS_IMAGE_MAX_SIZE)
          {
            g_autofree char *size = postings_format_size (POSTINGS_IMAGE_MAX_SIZE);

            g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                         _("The image written in the text is too large (more than %s)."), size);
            return NULL;
          }
        return postings_data_uri_decode (start, len, mime, error);
      }

    case POSTINGS_IMAGE_SOURCE_SITE:
    case POSTINGS_IMAGE_SOURCE_RELATIVE:
      file = postings_image_resolve (src, posting, root, error);
      if (file == NULL)
        return NULL;
      bytes = read_file (file, src, cancellable, error);
      if (bytes == NULL)
        return NULL;
      if (mime != NULL)
        *mime = guess_mime (g_file_peek_path (file), bytes);
      return g_steal_pointer (&bytes);

    case POSTINGS_IMAGE_SOURCE_REMOTE:
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                   _("The image “%s” is on another site: Postings never loads it."), src);
      return NULL;

    case POSTINGS_IMAGE_SOURCE_NONE:
    case POSTINGS_IMAGE_SOURCE_OTHER:
    default:
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                   _("The image “%s” is not a file of the site."), src ? src : "");
      return NULL;
    }
}

/* Adding images ------------------------------------------------------------ */

/* A folder given relative to the site root, without `..`: its parts. */
static char **
split_folder (const char *folder)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (folder == NULL || folder[0] == '/' || strchr (folder, '\\') != NULL)
    return NULL;

  parts = g_strsplit (folder, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0' || g_str_equal (parts[i], "."))
        continue;
      if (g_str_equal (parts[i], ".."))
        return NULL;
      g_strv_builder_add (builder, parts[i]);
    }

  return g_strv_builder_end (builder);
}

/* A plain lower-case ASCII stem from a file name (without its image or
 * `.md` extension): accents removed, runs of other characters as one `-`. */
static char *
make_stem (const char *name_hint)
{
  g_autofree char *base = name_hint != NULL ? g_path_get_basename (name_hint) : g_strdup ("");
  g_autofree char *slug = NULL;
  char *dot = strrchr (base, '.');
  gboolean has_alnum = FALSE;

  /* Only a known extension goes: `2021-09-22-dev.full-stack.senior` stays whole. */
  if (dot != NULL && dot != base &&
      (postings_image_mime_from_file_name (base) != NULL || g_ascii_strcasecmp (dot, ".md") == 0))
    *dot = '\0';

  for (const char *p = base; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char_validated (p, -1)))
      has_alnum = TRUE;
  if (!has_alnum || !g_utf8_validate (base, -1, NULL))
    return g_strdup ("image");

  slug = postings_slugify (base);
  g_strdelimit (slug, ".", '-');
  if (strlen (slug) > MAX_STEM_LENGTH)
    {
      slug[MAX_STEM_LENGTH] = '\0';
      while (*slug != '\0' && slug[strlen (slug) - 1] == '-')
        slug[strlen (slug) - 1] = '\0';
    }

  return g_steal_pointer (&slug);
}

gboolean
postings_image_add_to_site (GBytes      *data,
                            const char  *mime,
                            GFile       *root,
                            const char  *folder,
                            const char  *name_hint,
                            GFile      **out_file,
                            char       **out_site_path,
                            GError     **error)
{
  const char *extension = postings_image_mime_to_extension (mime);
  g_auto(GStrv) parts = split_folder (folder != NULL ? folder : POSTINGS_IMAGE_DEFAULT_FOLDER);
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *real_root = NULL;
  g_autofree char *real_dir = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *folder_path = NULL;
  gconstpointer bytes;
  gsize len;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (root), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (extension == NULL)
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                   _("This file is not an image the site can show (PNG, JPEG, GIF, WebP or SVG)."));
      return FALSE;
    }
  if (parts == NULL || parts[0] == NULL)
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                   _("The images folder “%s” must be a folder inside the site, such as img/jobs."),
                   folder);
      return FALSE;
    }

  dir = g_object_ref (root);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      GFile *child = g_file_get_child (dir, parts[i]);

      g_object_unref (dir);
      dir = child;
    }

  if (!g_file_make_directory_with_parents (dir, NULL, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* The images folder may be a symbolic link: it must stay in the site. */
  real_root = real_path_of (root, error);
  if (real_root == NULL)
    return FALSE;
  real_dir = real_path_of (dir, error);
  if (real_dir == NULL)
    return FALSE;
  if (!path_is_inside (real_dir, real_root))
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                   _("The images folder “%s” leads outside the site."), g_file_peek_path (dir));
      return FALSE;
    }

  stem = make_stem (name_hint);
  folder_path = g_strjoinv ("/", parts);
  bytes = g_bytes_get_data (data, &len);

  for (guint n = 1; n < 10000; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup_printf ("%s.%s", stem, extension)
                                     : g_strdup_printf ("%s-%u.%s", stem, n, extension);
      g_autoptr(GFile) file = NULL;

      g_clear_error (&local_error);
      if (postings_repository_create_file (dir, name, bytes, len, &file, &local_error))
        {
          if (out_file != NULL)
            *out_file = g_steal_pointer (&file);
          if (out_site_path != NULL)
            *out_site_path = g_strdup_printf ("/%s/%s", folder_path, name);
          return TRUE;
        }
      if (!g_error_matches (local_error, POSTINGS_ERROR, POSTINGS_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
postings_image_copy_into_site (GFile       *source,
                               GFile       *root,
                               const char  *folder,
                               GFile      **out_file,
                               char       **out_site_path,
                               GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *mime = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (source), FALSE);
  g_return_val_if_fail (G_IS_FILE (root), FALSE);

  name = g_file_get_basename (source);
  bytes = read_file (source, name, NULL, error);
  if (bytes == NULL)
    return FALSE;

  mime = guess_mime (name, bytes);
  if (postings_image_mime_to_extension (mime) == NULL)
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                   _("“%s” is not an image the site can show (PNG, JPEG, GIF, WebP or SVG)."),
                   name);
      return FALSE;
    }

  return postings_image_add_to_site (bytes, mime, root, folder, name,
                                     out_file, out_site_path, error);
}

char *
postings_image_markdown (const char *alt,
                         const char *address)
{
  GString *str = g_string_new ("![");

  for (const char *p = alt != NULL ? alt : ""; *p != '\0'; p++)
    {
      if (*p == '[' || *p == ']' || *p == '\\')
        g_string_append_c (str, '\\');
      g_string_append_c (str, *p == '\n' || *p == '\r' ? ' ' : *p);
    }

  g_string_append (str, "](");
  if (address != NULL && strpbrk (address, " \t()<>") != NULL)
    {
      g_string_append_c (str, '<');
      for (const char *p = address; *p != '\0'; p++)
        {
          if (*p == '<' || *p == '>')
            g_string_append_c (str, '\\');
          g_string_append_c (str, *p);
        }
      g_string_append_c (str, '>');
    }
  else if (address != NULL)
    g_string_append (str, address);
  g_string_append_c (str, ')');

  return g_string_free (str, FALSE);
}
