/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "postings-site.h"

G_BEGIN_DECLS

typedef enum
{
  POSTINGS_SIDEBAR_FILTER_ALL,
  POSTINGS_SIDEBAR_FILTER_OPEN,
  POSTINGS_SIDEBAR_FILTER_CLOSED,
  POSTINGS_SIDEBAR_FILTER_EXPIRED,
  POSTINGS_SIDEBAR_FILTER_PROBLEMS,   /* "To Fix": errors, warnings or unreadable */
  POSTINGS_SIDEBAR_FILTER_CHANGED,    /* new, modified or deleted for git (not published) */
  POSTINGS_SIDEBAR_N_FILTERS
} PostingsSidebarFilter;

/* PostingsSidebar: the postings of a site — a search that ignores case and
 * accents, filters with their counts, a sort (newest first, or by title),
 * and a list whose rows show the title, the date, the state, the problems,
 * the git change (New, Modified, Deleted: "git-change" of the entries) and
 * unsaved changes. Arrows move, Enter or a click opens: signal
 * "posting-activated" (PostingsSiteEntry *entry). */
#define POSTINGS_TYPE_SIDEBAR (postings_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (PostingsSidebar, postings_sidebar, POSTINGS, SIDEBAR, GtkWidget)

GtkWidget            *postings_sidebar_new             (void);
void                  postings_sidebar_set_site        (PostingsSidebar       *self,
                                                        PostingsSite          *site);
PostingsSite         *postings_sidebar_get_site        (PostingsSidebar       *self);
/* The rows shown, in order (a GListModel of PostingsSiteEntry). */
GListModel           *postings_sidebar_get_model       (PostingsSidebar       *self);
void                  postings_sidebar_set_filter      (PostingsSidebar       *self,
                                                        PostingsSidebarFilter  filter);
PostingsSidebarFilter postings_sidebar_get_filter      (PostingsSidebar       *self);
/* The count a filter's button shows. */
guint                 postings_sidebar_get_count       (PostingsSidebar       *self,
                                                        PostingsSidebarFilter  filter);
void                  postings_sidebar_set_search_text (PostingsSidebar       *self,
                                                        const char            *text);
/* "date" (newest first) or "title". */
void                  postings_sidebar_set_sort        (PostingsSidebar       *self,
                                                        const char            *sort);
/* Nothing left to do: counts up to date, the list where it should be. */
gboolean              postings_sidebar_is_settled      (PostingsSidebar       *self);
/* Puts the keyboard in the search entry. */
void                  postings_sidebar_focus_search    (PostingsSidebar       *self);
/* Selects the row of @file (nullable: none), scrolled into view. */
void                  postings_sidebar_select_file     (PostingsSidebar       *self,
                                                        GFile                 *file);
/* Entries' states or problems changed without the site saying so (the app
 * saved a posting): counts and filters are brought up to date. */
void                  postings_sidebar_invalidate      (PostingsSidebar       *self);

G_END_DECLS
