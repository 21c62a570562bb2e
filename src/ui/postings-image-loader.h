/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * PostingsImageLoader: the images of postings (data: URIs and site files,
 * read by core's postings_image_load(), which never leaves the site nor
 * fetches remote images), decoded with gdk-pixbuf in a GTask worker,
 * scaled down to the width asked for, and kept in a process-wide cache
 * keyed by address (and folder) and width. Main thread only.
 */
#define POSTINGS_TYPE_IMAGE_LOADER (postings_image_loader_get_type ())
G_DECLARE_FINAL_TYPE (PostingsImageLoader, postings_image_loader, POSTINGS, IMAGE_LOADER, GObject)

PostingsImageLoader *postings_image_loader_get_default (void);

/* The image @src (as written in the posting) for a posting @posting of
 * the site @root (both nullable), at least @width_px pixels wide when the
 * image is that large. Returns the best texture decoded so far (a new
 * reference), and starts decoding when none is as wide as asked; NULL
 * while nothing is decoded yet. When decoding failed, returns NULL and sets
 * *error_message (owned by the loader) to why. "image-ready" is emitted
 * with @src when a decode ends (success or failure). */
GdkTexture          *postings_image_loader_lookup (PostingsImageLoader  *self,
                                                   const char           *src,
                                                   GFile                *posting,
                                                   GFile                *root,
                                                   int                   width_px,
                                                   const char          **error_message);

/* Reads and decodes @src at most @max_width_px wide (0: natural size), in
 * the calling thread (blocking): for printing. */
GdkPixbuf           *postings_image_loader_decode (const char           *src,
                                                   GFile                *posting,
                                                   GFile                *root,
                                                   int                   max_width_px,
                                                   GCancellable         *cancellable,
                                                   GError              **error);

/* Decodes still running, for tests and benchmarks. */
guint                postings_image_loader_get_n_pending (PostingsImageLoader *self);

G_END_DECLS
