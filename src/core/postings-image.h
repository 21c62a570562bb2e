/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * The images of a posting: where an image's address points, reading it
 * without ever leaving the site, and adding an image file to the site.
 *
 * Nothing here loads remote content: an `http(s)://` image is only named
 * (its host), never fetched.
 */

typedef enum
{
  POSTINGS_IMAGE_SOURCE_NONE,      /* empty address */
  POSTINGS_IMAGE_SOURCE_DATA,      /* a `data:` URI */
  POSTINGS_IMAGE_SOURCE_SITE,      /* `/img/…`: from the site root */
  POSTINGS_IMAGE_SOURCE_RELATIVE,  /* `img/a.png`, `../img/a.png`: from the posting's folder */
  POSTINGS_IMAGE_SOURCE_REMOTE,    /* `https://host/…`, `//host/…`: never fetched */
  POSTINGS_IMAGE_SOURCE_OTHER,     /* any other scheme (`file:`, `javascript:`…): never read */
} PostingsImageSourceKind;

/* The largest image file or data URI read, in bytes. */
#define POSTINGS_IMAGE_MAX_SIZE (32 * 1024 * 1024)

/* The default folder for a site's images (`images:` in `.postings.yml`). */
#define POSTINGS_IMAGE_DEFAULT_FOLDER "img/jobs"

PostingsImageSourceKind  postings_image_source_classify (const char  *src);

/* The host of a remote image's address ("beta.gouv.fr"), or NULL. */
char                    *postings_image_source_dup_host (const char  *src);

/* The file a SITE or RELATIVE address names, checked to be inside the
 * site: inside @root for both (a site address needs @root), or, with no
 * @root, inside the posting's folder. The address is percent-decoded, its
 * `?query` and `#fragment` dropped; `..` that climbs out, and symbolic
 * links that lead out (of the real path of @root), are refused. The file
 * must exist and be a regular file. @posting may be NULL for SITE
 * addresses. Fails with POSTINGS_ERROR_NOT_FOUND (no such file) or
 * POSTINGS_ERROR_FAILED (outside the site, other kinds), with a message
 * naming the address. */
GFile                   *postings_image_resolve         (const char  *src,
                                                         GFile       *posting,
                                                         GFile       *root,
                                                         GError     **error);

/* The bytes of the image @src: a DATA address decoded, or a SITE /
 * RELATIVE file read after postings_image_resolve(). At most
 * POSTINGS_IMAGE_MAX_SIZE bytes. *mime (optional) gets the media type
 * (from the data URI, else guessed from the content and the name). Never
 * reads REMOTE or OTHER addresses. Blocking: call it from a worker. */
GBytes                  *postings_image_load            (const char    *src,
                                                         GFile         *posting,
                                                         GFile         *root,
                                                         char         **mime,
                                                         GCancellable  *cancellable,
                                                         GError       **error);

/* Writes @data as a new file of ROOT/@folder (created when missing, and
 * checked to stay inside @root), named from @name_hint (made a plain lower
 * case ASCII name; its extension replaced by the one of @mime), never
 * replacing a file: when the name is taken, `name-2.png`, `name-3.png`…
 * *out_file (optional) receives the file, *out_site_path (optional) its
 * address on the site (`/img/jobs/name.png`). @mime must be an image type
 * the preview draws. */
gboolean                 postings_image_add_to_site     (GBytes      *data,
                                                         const char  *mime,
                                                         GFile       *root,
                                                         const char  *folder,
                                                         const char  *name_hint,
                                                         GFile      **out_file,
                                                         char       **out_site_path,
                                                         GError     **error);

/* Copies the image file @source into the site (as postings_image_add_to_site(),
 * named after @source). Fails on a file that is not a PNG, JPEG, GIF, WebP
 * or SVG image, or larger than POSTINGS_IMAGE_MAX_SIZE. Blocking. */
gboolean                 postings_image_copy_into_site  (GFile       *source,
                                                         GFile       *root,
                                                         const char  *folder,
                                                         GFile      **out_file,
                                                         char       **out_site_path,
                                                         GError     **error);

/* `![@alt](@address)`, with the brackets of @alt escaped and the address
 * between `<…>` when it holds blanks or parentheses. */
char                    *postings_image_markdown        (const char  *alt,
                                                         const char  *address);

G_END_DECLS
