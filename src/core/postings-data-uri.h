/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * `data:` URIs (RFC 2397) in a posting's text: images pasted from a word
 * processor end up as `![](data:image/png;base64,iVBOR…)`, sometimes
 * hundreds of kilobytes on one line. The source view folds them, the
 * counts skip them, the preview and the export decode them, the validator
 * offers to move them to a file.
 *
 * A URI starts at `data:` and ends before the first blank, quote,
 * parenthesis, bracket, brace, `<`, `>`, backslash or backquote (none of
 * which can be in base64 or in a URI's allowed characters); it needs a `,`
 * after its media type and parameters. Offsets are bytes of the text.
 */

typedef struct
{
  gsize     start;         /* byte offset of `data:` */
  gsize     end;           /* exclusive */
  gsize     payload;       /* byte offset of the data, after the `,` */
  char     *mime;          /* media type, lower case; "text/plain" when none is given */
  gboolean  base64;
  gsize     decoded_size;  /* bytes the data decodes to */
} PostingsDataUri;

/* Frees the fields of @uri (not @uri itself). */
void        postings_data_uri_clear       (PostingsDataUri  *uri);

/* Parses the data URI starting at @text (which must start with `data:`),
 * reading at most @len bytes. FALSE when it is not one. On success fills
 * @uri (offsets relative to @text); clear it with postings_data_uri_clear(). */
gboolean    postings_data_uri_parse       (const char       *text,
                                           gsize             len,
                                           PostingsDataUri  *uri);

/* Every data URI of @text of at least @min_length bytes, in order: a new
 * array of PostingsDataUri (freed with their fields by g_array_unref()). */
GArray     *postings_data_uri_find_all    (const char       *text,
                                           gsize             len,
                                           gsize             min_length);

/* The bytes of the data URI @text (@len bytes, nothing after it). *mime
 * (optional) receives its media type. Fails (POSTINGS_ERROR_FAILED) on a
 * URI that does not parse or data that is not valid base64. */
GBytes     *postings_data_uri_decode      (const char       *text,
                                           gsize             len,
                                           char            **mime,
                                           GError          **error);

/* For the image types the preview draws (PNG, JPEG, GIF, WebP, SVG): the
 * file extension without a dot ("png", "jpg", "gif", "webp", "svg");
 * NULL for any other media type. */
const char *postings_image_mime_to_extension (const char     *mime);
/* The other way, from a file name's extension (any case); NULL when not
 * one of those types. */
const char *postings_image_mime_from_file_name (const char   *file_name);

/* A size as the UI shows it: "850 bytes", "24 KB", "1.2 MB" (translated:
 * « 24 Ko »). */
char       *postings_format_size          (guint64           bytes);

/* The compact label shown in place of a data URI: "image PNG · 24 KB"
 * (translated), "data · 3 KB" for data that is not an image. */
char       *postings_data_uri_describe    (const PostingsDataUri *uri);

G_END_DECLS
