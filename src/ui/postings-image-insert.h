/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * Insert Image: an image file is copied into the site of the posting (the
 * `images:` folder of its `.postings.yml`, default img/jobs/), under a name
 * that replaces nothing, and `![description](/img/jobs/name.png)` is
 * inserted in the text, its description selected to be typed. Never a
 * base64 blob. The copy runs in a worker; a failure shows in a toast (the
 * nearest AdwToastOverlay).
 */

/* Copies @image for the posting @posting (nullable: not saved yet, which
 * fails with a message) and inserts its link into @view at @location
 * (NULL: at the cursor; the place is kept while copying). */
void postings_image_insert_file   (GtkTextView       *view,
                                   GFile             *image,
                                   GFile             *posting,
                                   const GtkTextIter *location);

/* Asks for image files (a file chooser over @parent), then inserts them
 * at the cursor. For the window's Insert Image… action. */
void postings_image_insert_choose (GtkWindow         *parent,
                                   GtkTextView       *view,
                                   GFile             *posting);

/* For pasting HTML (a PostingsHtmlImageFunc, postings-html.h): an image
 * pasted as a `data:` URI is written to a new file of the images folder of
 * the site of the posting @posting (a GFile, nullable) and its Markdown
 * link returned; NULL (the image is dropped, its description kept)
 * outside a site, for other addresses, or when it cannot be written.
 * Blocking: writes one file. */
char *postings_image_insert_pasted (const char *src,
                                    const char *alt,
                                    gpointer    posting);

/* Insertions still copying their file (tests). */
guint postings_image_insert_get_n_pending (void);

G_END_DECLS
