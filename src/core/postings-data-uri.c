/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "postings-core-i18n.h"

#include <string.h>

#include "postings-data-uri.h"
#include "postings-error.h"

static const struct
{
  const char *mime;
  const char *extension;
  const char *label;      /* shown in the folded marker */
} image_types[] = {
  { "image/png", "png", "PNG" },
  { "image/jpeg", "jpg", "JPEG" },
  { "image/gif", "gif", "GIF" },
  { "image/webp", "webp", "WebP" },
  { "image/svg+xml", "svg", "SVG" },
};

/* Extensions that also name one of the types above. */
static const struct
{
  const char *extension;
  const char *mime;
} extra_extensions[] = {
  { "jpeg", "image/jpeg" },
  { "jpe", "image/jpeg" },
  { "svgz", "image/svg+xml" },
};

void
postings_data_uri_clear (PostingsDataUri *uri)
{
  if (uri == NULL)
    return;

  g_clear_pointer (&uri->mime, g_free);
}

/* Characters that cannot be part of a data URI in Markdown or HTML text:
 * the URI ends before them. */
static gboolean
is_uri_end (guchar c)
{
  if (c <= ' ' || c >= 0x7f)
    return TRUE;

  return strchr ("\"'()<>[]{}\\`", c) != NULL;
}

static gboolean
is_token_char (guchar c)
{
  return g_ascii_isalnum (c) || strchr ("!#$&^_.+-", c) != NULL;
}

static int
hex_value (guchar c)
{
  return g_ascii_isxdigit (c) ? g_ascii_xdigit_value (c) : -1;
}

static gboolean
is_base64_char (guchar c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/' || c == '-' || c == '_';
}

/* The media type `type/subtype` of [start, end), or "" when empty; NULL
 * when it is not one. */
static char *
parse_mime (const char *start,
            const char *end)
{
  const char *slash = NULL;

  if (start == end)
    return g_strdup ("");

  for (const char *p = start; p < end; p++)
    {
      if (*p == '/' && slash == NULL && p > start && p + 1 < end)
        slash = p;
      else if (!is_token_char (*p))
        return NULL;
    }

  if (slash == NULL)
    return NULL;

  return g_ascii_strdown (start, end - start);
}

/* Decoded size of a payload: %XX counts as one byte; base64 gives three
 * bytes for four characters (padding excluded). */
static gsize
payload_size (const char *payload,
              const char *end,
              gboolean    base64)
{
  gsize n = 0;

  for (const char *p = payload; p < end; p++)
    {
      if (*p == '%' && p + 2 < end && hex_value (p[1]) >= 0 && hex_value (p[2]) >= 0)
        {
          if (base64 && p[1] == '3' && g_ascii_tolower (p[2]) == 'd')
            {
              p += 2;
              continue;  /* an escaped '=' */
            }
          p += 2;
        }
      else if (base64 && *p == '=')
        continue;
      n++;
    }

  return base64 ? n * 3 / 4 : n;
}

gboolean
postings_data_uri_parse (const char      *text,
                         gsize            len,
                         PostingsDataUri *uri)
{
  const char *end;
  const char *comma;
  const char *semicolon;
  g_autofree char *mime = NULL;
  gboolean base64 = FALSE;
  gsize n = 5;

  g_return_val_if_fail (text != NULL || len == 0, FALSE);
  g_return_val_if_fail (uri != NULL, FALSE);

  if (len < 6 || g_ascii_strncasecmp (text, "data:", 5) != 0)
    return FALSE;

  while (n < len && !is_uri_end (text[n]))
    n++;
  end = text + n;

  comma = memchr (text + 5, ',', end - (text + 5));
  if (comma == NULL)
    return FALSE;

  semicolon = memchr (text + 5, ';', comma - (text + 5));
  mime = parse_mime (text + 5, semicolon != NULL ? semicolon : comma);
  if (mime == NULL)
    return FALSE;

  /* Parameters: `;name=value`…, and `;base64` last. */
  while (semicolon != NULL)
    {
      const char *param = semicolon + 1;
      const char *param_end;

      semicolon = memchr (param, ';', comma - param);
      param_end = semicolon != NULL ? semicolon : comma;

      /* `;utf8` (no value) is common in pasted SVG: accepted. */
      if (semicolon == NULL && param_end - param == 6 &&
          g_ascii_strncasecmp (param, "base64", 6) == 0)
        base64 = TRUE;
    }

  uri->start = 0;
  uri->end = n;
  uri->payload = comma + 1 - text;
  uri->mime = *mime != '\0' ? g_steal_pointer (&mime) : g_strdup ("text/plain");
  uri->base64 = base64;
  uri->decoded_size = payload_size (comma + 1, end, base64);

  return TRUE;
}

static void
clear_func (gpointer data)
{
  postings_data_uri_clear (data);
}

GArray *
postings_data_uri_find_all (const char *text,
                            gsize       len,
                            gsize       min_length)
{
  GArray *uris = g_array_new (FALSE, FALSE, sizeof (PostingsDataUri));
  const char *p;
  const char *end = text + len;

  g_array_set_clear_func (uris, clear_func);

  if (text == NULL)
    return uris;

  /* Look for the colon (rarer than `d`), then check the scheme before it. */
  p = text + 4;
  while (p < end && (p = memchr (p, ':', end - p)) != NULL)
    {
      const char *start = p - 4;
      PostingsDataUri uri = { 0, };

      if (g_ascii_strncasecmp (start, "data", 4) == 0 &&
          (start == text || !g_ascii_isalnum (start[-1])) &&
          postings_data_uri_parse (start, end - start, &uri))
        {
          if (uri.end >= min_length)
            {
              uri.start += start - text;
              uri.end += start - text;
              uri.payload += start - text;
              g_array_append_val (uris, uri);
            }
          else
            postings_data_uri_clear (&uri);
          p = start + MAX (uri.end - uri.start, 5);
          continue;
        }
      p++;
    }

  return uris;
}

/* %XX escapes decoded; NULL on a bad escape. */
static GString *
unescape (const char *start,
          const char *end)
{
  GString *out = g_string_sized_new (end - start);

  for (const char *p = start; p < end; p++)
    {
      if (*p == '%')
        {
          int hi = p + 1 < end ? hex_value (p[1]) : -1;
          int lo = p + 2 < end ? hex_value (p[2]) : -1;

          if (hi < 0 || lo < 0)
            {
              g_string_free (out, TRUE);
              return NULL;
            }
          g_string_append_c (out, (char) (hi * 16 + lo));
          p += 2;
        }
      else
        g_string_append_c (out, *p);
    }

  return out;
}

GBytes *
postings_data_uri_decode (const char  *text,
                          gsize        len,
                          char       **mime,
                          GError     **error)
{
  PostingsDataUri uri = { 0, };
  g_autoptr(GString) data = NULL;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!postings_data_uri_parse (text, len, &uri) || uri.end != len)
    {
      postings_data_uri_clear (&uri);
      g_set_error_literal (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                           _("This is not a valid “data:” address."));
      return NULL;
    }

  data = unescape (text + uri.payload, text + uri.end);
  if (data == NULL)
    {
      postings_data_uri_clear (&uri);
      g_set_error_literal (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                           _("The “data:” address has a bad “%” escape."));
      return NULL;
    }

  if (uri.base64)
    {
      gsize n = data->len;
      gsize padding = 0;
      gsize out_len;
      int state = 0;
      guint save = 0;
      guchar *out;

      while (n > 0 && data->str[n - 1] == '=' && padding < 2)
        n--, padding++;

      for (gsize i = 0; i < n; i++)
        {
          guchar c = data->str[i];

          if (!is_base64_char (c))
            {
              postings_data_uri_clear (&uri);
              g_set_error_literal (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                                   _("The image data of the “data:” address is damaged (it is not valid base64)."));
              return NULL;
            }
          /* base64url, which some tools write */
          if (c == '-')
            data->str[i] = '+';
          else if (c == '_')
            data->str[i] = '/';
        }

      /* Padding written again in full: GLib emits the last bytes on it. */
      if (n % 4 == 1)
        {
          postings_data_uri_clear (&uri);
          g_set_error_literal (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                               _("The image data of the “data:” address is damaged (it is not valid base64)."));
          return NULL;
        }
      g_string_truncate (data, n);
      while (data->len % 4 != 0)
        g_string_append_c (data, '=');

      out = g_malloc ((data->len / 4) * 3 + 3);
      out_len = g_base64_decode_step (data->str, data->len, out, &state, &save);
      g_string_free (g_steal_pointer (&data), TRUE);

      if (mime != NULL)
        *mime = g_steal_pointer (&uri.mime);
      postings_data_uri_clear (&uri);
      return g_bytes_new_take (out, out_len);
    }

  if (mime != NULL)
    *mime = g_steal_pointer (&uri.mime);
  postings_data_uri_clear (&uri);
  return g_string_free_to_bytes (g_steal_pointer (&data));
}

const char *
postings_image_mime_to_extension (const char *mime)
{
  if (mime == NULL)
    return NULL;

  if (g_ascii_strcasecmp (mime, "image/jpg") == 0)
    return "jpg";

  for (guint i = 0; i < G_N_ELEMENTS (image_types); i++)
    if (g_ascii_strcasecmp (mime, image_types[i].mime) == 0)
      return image_types[i].extension;

  return NULL;
}

const char *
postings_image_mime_from_file_name (const char *file_name)
{
  const char *dot;

  if (file_name == NULL || (dot = strrchr (file_name, '.')) == NULL || strchr (dot, '/') != NULL)
    return NULL;
  dot++;

  for (guint i = 0; i < G_N_ELEMENTS (image_types); i++)
    if (g_ascii_strcasecmp (dot, image_types[i].extension) == 0)
      return image_types[i].mime;
  for (guint i = 0; i < G_N_ELEMENTS (extra_extensions); i++)
    if (g_ascii_strcasecmp (dot, extra_extensions[i].extension) == 0)
      return extra_extensions[i].mime;

  return NULL;
}

char *
postings_format_size (guint64 bytes)
{
  if (bytes < 1000)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u byte", "%u bytes", (gulong) bytes),
                            (guint) bytes);

  if (bytes < 10 * 1000)
    /* Translators: kilobytes, with one decimal (« 8,4 Ko ») */
    return g_strdup_printf (_("%.1f KB"), bytes / 1000.0);

  if (bytes < 1000 * 1000)
    /* Translators: kilobytes (« 24 Ko ») */
    return g_strdup_printf (_("%u KB"), (guint) ((bytes + 500) / 1000));

  /* Translators: megabytes, with one decimal (« 1,2 Mo ») */
  return g_strdup_printf (_("%.1f MB"), bytes / (1000.0 * 1000.0));
}

char *
postings_data_uri_describe (const PostingsDataUri *uri)
{
  g_autofree char *size = NULL;

  g_return_val_if_fail (uri != NULL, NULL);

  size = postings_format_size (uri->decoded_size);

  for (guint i = 0; i < G_N_ELEMENTS (image_types); i++)
    if (g_strcmp0 (uri->mime, image_types[i].mime) == 0 ||
        (i == 1 && g_strcmp0 (uri->mime, "image/jpg") == 0))
      /* Translators: shown in the text editor in place of an image
       * written out as text (a data: address): "image PNG · 24 KB" */
      return g_strdup_printf (_("image %s · %s"), image_types[i].label, size);

  if (uri->mime != NULL && g_str_has_prefix (uri->mime, "image/"))
    {
      g_autofree char *type = g_ascii_strup (uri->mime + strlen ("image/"), -1);

      return g_strdup_printf (_("image %s · %s"), type, size);
    }

  /* Translators: shown in the text editor in place of data that is not an
   * image written out as text (a data: address): "data · 3 KB" */
  return g_strdup_printf (_("data · %s"), size);
}
