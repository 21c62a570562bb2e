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

/* Bodies larger than @bytes are parsed in a worker (default 32 KB; 0:
 * every edit of a drawn document). For tests. */
void          _postings_preview_view_set_sync_limit (PostingsPreviewView *self,
                                                     gsize                bytes);
/* Worker jobs started, and how many of their results were dropped as
 * stale (@n_dropped, optional). For tests. */
guint         _postings_preview_view_get_n_jobs    (PostingsPreviewView *self,
                                                    guint               *n_dropped);

G_END_DECLS
