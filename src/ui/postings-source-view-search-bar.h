/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

/* The find / replace bar above the Markdown source view (Ctrl+F, Ctrl+H),
 * driving a GtkSourceSearchContext on the view's buffer. */
#define POSTINGS_TYPE_SOURCE_VIEW_SEARCH_BAR (postings_source_view_search_bar_get_type ())
G_DECLARE_FINAL_TYPE (PostingsSourceViewSearchBar, postings_source_view_search_bar,
                      POSTINGS, SOURCE_VIEW_SEARCH_BAR, GtkWidget)

GtkWidget *postings_source_view_search_bar_new          (void);
void       postings_source_view_search_bar_set_view     (PostingsSourceViewSearchBar *self,
                                                         GtkSourceView               *view);
/* Shows the bar (with the replace row when @replace), seeded with the
 * selection, and focuses the search entry. */
void       postings_source_view_search_bar_begin        (PostingsSourceViewSearchBar *self,
                                                         gboolean                     replace);
void       postings_source_view_search_bar_dismiss      (PostingsSourceViewSearchBar *self);
gboolean   postings_source_view_search_bar_get_active   (PostingsSourceViewSearchBar *self);
void       postings_source_view_search_bar_set_search_text (PostingsSourceViewSearchBar *self,
                                                         const char                  *text);
void       postings_source_view_search_bar_set_replace_text (PostingsSourceViewSearchBar *self,
                                                         const char                  *text);
gboolean   postings_source_view_search_bar_move         (PostingsSourceViewSearchBar *self,
                                                         gboolean                     forward);
gboolean   postings_source_view_search_bar_replace      (PostingsSourceViewSearchBar *self);
guint      postings_source_view_search_bar_replace_all  (PostingsSourceViewSearchBar *self);

G_END_DECLS
