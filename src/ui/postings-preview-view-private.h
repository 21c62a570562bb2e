/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "postings-preview-view.h"

G_BEGIN_DECLS

/* What a click at character @offset of the drawn text does (the same path
 * as a pointer click): returns the link's URL there, or NULL, and opens it
 * (emits "activate-link") only when it is safe. For tests. */
const char *_postings_preview_view_click_at_offset (PostingsPreviewView *self,
                                                    int                  offset);

G_END_DECLS
