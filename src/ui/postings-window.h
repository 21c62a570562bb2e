/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "postings-editor-page.h"
#include "postings-site.h"

G_BEGIN_DECLS

/* PostingsWindow: arranges the list of a site's postings (PostingsSidebar)
 * beside the open postings (one PostingsEditorPage each), or the start page
 * when nothing is open, and owns the window actions (`win.*`, which act on
 * the page shown). A folder or a posting dropped on it is opened. */
#define POSTINGS_TYPE_WINDOW (postings_window_get_type ())
G_DECLARE_FINAL_TYPE (PostingsWindow, postings_window, POSTINGS, WINDOW, AdwApplicationWindow)

PostingsWindow     *postings_window_new                 (GtkApplication *application);
/* Shows @file: its page if it is open, else a new page loading it (in
 * place of an untouched new posting). */
void                postings_window_open                (PostingsWindow *self,
                                                         GFile          *file);
/* A new, unsaved posting from the template; new postings are proposed in
 * @repository_root's content/_jobs (nullable). */
void                postings_window_new_posting         (PostingsWindow *self,
                                                         GFile          *repository_root);
/* Shows @site (nullable: none) in the list beside the pages, and reads it
 * (in a worker thread). */
void                postings_window_set_site            (PostingsWindow *self,
                                                         PostingsSite   *site);
PostingsSite       *postings_window_get_site            (PostingsWindow *self);
/* The start page's list of recent sites is read again. */
void                postings_window_update_recent       (PostingsWindow *self);
/* Drafts an earlier session left (a crash, a kill) are offered: the site's
 * postings that have one open in pages, and so do new postings never saved
 * (with or without a site). Done once the site is read. */
void                postings_window_offer_drafts        (PostingsWindow *self);
/* A short message (a toast). */
void                postings_window_show_message        (PostingsWindow *self,
                                                         const char     *message);
/* The page shown, or NULL. */
PostingsEditorPage *postings_window_get_visible_page    (PostingsWindow *self);
PostingsEditorPage *postings_window_find_page           (PostingsWindow *self,
                                                         GFile          *file);
/* The repository of the page shown, or NULL. */
GFile              *postings_window_get_repository_root (PostingsWindow *self);
/* Has any page unsaved changes? */
gboolean            postings_window_get_modified        (PostingsWindow *self);
/* Nothing but an untouched new posting: fit to show an opened file. */
gboolean            postings_window_is_pristine         (PostingsWindow *self);

G_END_DECLS
