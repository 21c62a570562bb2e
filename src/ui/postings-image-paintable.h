/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* PostingsImagePaintable: a texture shown at most @max_width logical
 * pixels wide (its aspect kept), never wider than its own pixels divided
 * by @scale: an image drawn into a text view, fitted to the view's width.
 * Changing the maximum width invalidates its size, so the text view lays
 * the line out again. */
#define POSTINGS_TYPE_IMAGE_PAINTABLE (postings_image_paintable_get_type ())
G_DECLARE_FINAL_TYPE (PostingsImagePaintable, postings_image_paintable, POSTINGS, IMAGE_PAINTABLE, GObject)

PostingsImagePaintable *postings_image_paintable_new           (GdkTexture             *texture,
                                                                int                     max_width,
                                                                int                     scale);
void                    postings_image_paintable_set_max_width (PostingsImagePaintable *self,
                                                                int                     max_width);
GdkTexture             *postings_image_paintable_get_texture   (PostingsImagePaintable *self);

G_END_DECLS
