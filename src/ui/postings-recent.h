/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Postings opened or saved, in the desktop's recent files (GtkRecentManager,
 * `recently-used.xbel`): Open Recent in the menus and on the start page.
 * Each item is a `.md` file (text/markdown) of the group
 * POSTINGS_RECENT_GROUP, named by the posting's title, its site in the
 * description. Choosing one activates `win.open-recent` with its URI. */

#define POSTINGS_RECENT_GROUP "org.culture.Postings"
#define POSTINGS_RECENT_MAX 10

/* Adds or refreshes @file; @title and @site (both nullable) name it. */
void        postings_recent_add            (GFile      *file,
                                            const char *title,
                                            const char *site);
/* GtkRecentInfo of the recent postings still on disk, most recent first,
 * at most POSTINGS_RECENT_MAX. */
GPtrArray  *postings_recent_list           (void);
/* "Title — Site" (or the file's name) for a menu. */
char       *postings_recent_dup_label      (GtkRecentInfo *info);
/* The menu of recent postings (one per process, kept up to date), for an
 * Open Recent submenu. */
GMenuModel *postings_recent_get_menu       (void);
/* Inserts the Open Recent submenu into the first section of @menu, after
 * its item for `win.open` (or at its end). */
void        postings_recent_add_submenu    (GMenuModel *menu);
/* The start page's group of recent postings (hidden while there are none). */
GtkWidget  *postings_recent_group_new      (void);

G_END_DECLS
