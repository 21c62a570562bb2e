/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "postings-document.h"

G_BEGIN_DECLS

/* PostingsPreviewView: the published page drawn natively (no web view) from
 * the core preview model into a read-only GtkTextView. */
#define POSTINGS_TYPE_PREVIEW_VIEW (postings_preview_view_get_type ())
G_DECLARE_FINAL_TYPE (PostingsPreviewView, postings_preview_view, POSTINGS, PREVIEW_VIEW, GtkWidget)

GtkWidget *postings_preview_view_new               (void);
void       postings_preview_view_set_document      (PostingsPreviewView *self,
                                                    PostingsDocument    *document);
/* The posting's base name (nullable): the header takes the date from a
 * `YYYY-MM-DD-` prefix when the front matter has no `date`, as the site. */
void       postings_preview_view_set_file_name     (PostingsPreviewView *self,
                                                    const char          *file_name);
/* The posting's file (nullable): its images are read relative to it and
 * to its site's root, never outside the site. Sets the file name too. */
void       postings_preview_view_set_file          (PostingsPreviewView *self,
                                                    GFile               *file);
/* Shows the block drawn from a line of the file (the source view's cursor
 * line), scrolling as little as needed. */
void       postings_preview_view_scroll_to_line    (PostingsPreviewView *self,
                                                    guint                line);

/* For tests. */
char      *postings_preview_view_dup_header_text   (PostingsPreviewView *self);
char      *postings_preview_view_dup_text          (PostingsPreviewView *self);
guint      postings_preview_view_get_redraw_count  (PostingsPreviewView *self);
void       postings_preview_view_flush             (PostingsPreviewView *self);

G_END_DECLS
