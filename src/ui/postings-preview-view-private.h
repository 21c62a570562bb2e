/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "postings-preview-view.h"

G_BEGIN_DECLS

/* What a click at character @offset of the drawn text does (the same path
 * as a pointer click): returns the link's URL there, or NULL, and opens it
 * (emits "activate-link") only when it is safe. For tests. */
const char *_postings_preview_view_click_at_offset (PostingsPreviewView *self,
                                                    int                  offset);

/* The @index-th image drawn (a paintable in the text), or NULL; @bounds
 * (optional) gets where, in the view's coordinates. For tests. */
GdkPaintable *_postings_preview_view_get_image     (PostingsPreviewView *self,
                                                    guint                index,
                                                    graphene_rect_t     *bounds);

G_END_DECLS
