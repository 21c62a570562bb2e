/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "postings-document.h"
#include "postings-site.h"

G_BEGIN_DECLS

/* PostingsEditorPage: one open posting — its document, the front-matter
 * form, the Markdown source, the live preview, its banners, its draft, its
 * save — with its own header bar. A window holds one per open posting.
 *
 * Properties: "file" (GFile, NULL for a new posting never saved),
 * "title" (the file name, "• " in front while modified), "modified",
 * "show-preview", "preview-visible", "show-front-matter-source".
 * Signals: "actions-changed" (what the window's actions can do changed),
 * "save-finished" (gboolean saved: FALSE when it failed or the user gave
 * up). Its buttons and menu use the window's `win.*` actions. */
#define POSTINGS_TYPE_EDITOR_PAGE (postings_editor_page_get_type ())
G_DECLARE_FINAL_TYPE (PostingsEditorPage, postings_editor_page, POSTINGS, EDITOR_PAGE, GtkWidget)

PostingsEditorPage *postings_editor_page_new              (void);
/* Loads @file asynchronously (a missing file becomes a new posting saved
 * there). */
void              postings_editor_page_load               (PostingsEditorPage *self,
                                                           GFile              *file);
/* A new, unsaved posting from the template; new postings are proposed in
 * @repository_root's content/_jobs (nullable). */
void              postings_editor_page_new_posting        (PostingsEditorPage *self,
                                                           GFile              *repository_root);
PostingsDocument *postings_editor_page_get_document       (PostingsEditorPage *self);
GFile            *postings_editor_page_get_file           (PostingsEditorPage *self);
GFile            *postings_editor_page_get_repository_root (PostingsEditorPage *self);
/* The file name, or "New Posting" for a new one. */
char             *postings_editor_page_dup_name           (PostingsEditorPage *self);
/* "• name" while modified. */
const char       *postings_editor_page_get_title          (PostingsEditorPage *self);
/* Unsaved changes? */
gboolean          postings_editor_page_get_modified       (PostingsEditorPage *self);
/* An untouched new posting, fit to be replaced by an opened file. */
gboolean          postings_editor_page_is_pristine        (PostingsEditorPage *self);
/* A load or a save in flight? */
gboolean          postings_editor_page_is_saving          (PostingsEditorPage *self);
/* Is a draft from an earlier session on offer? */
gboolean          postings_editor_page_has_pending_draft  (PostingsEditorPage *self);

void              postings_editor_page_save               (PostingsEditorPage *self);
void              postings_editor_page_save_as            (PostingsEditorPage *self);
/* Writes the document to @file (no dialog); @etag NULL: no check. */
void              postings_editor_page_save_to            (PostingsEditorPage *self,
                                                           GFile              *file,
                                                           const char         *etag);
void              postings_editor_page_restore_draft      (PostingsEditorPage *self);
/* The user threw the unsaved changes away: their draft goes too. */
void              postings_editor_page_discard_changes    (PostingsEditorPage *self);
/* The page goes away with nothing unsaved: a stale draft goes, one still
 * on offer stays. */
void              postings_editor_page_closed             (PostingsEditorPage *self);

void              postings_editor_page_edit_front_matter  (PostingsEditorPage *self);
/* One history per posting: the form's edits and the text's (the part the
 * user is in first). */
gboolean          postings_editor_page_can_undo           (PostingsEditorPage *self);
gboolean          postings_editor_page_can_redo           (PostingsEditorPage *self);
void              postings_editor_page_undo               (PostingsEditorPage *self);
void              postings_editor_page_redo               (PostingsEditorPage *self);
void              postings_editor_page_set_preview_visible (PostingsEditorPage *self,
                                                           gboolean            visible);
gboolean          postings_editor_page_get_preview_visible (PostingsEditorPage *self);
/* Find (@replace: and replace) in the Markdown text; Ctrl+G / Ctrl+Shift+G. */
void              postings_editor_page_find               (PostingsEditorPage *self,
                                                           gboolean            replace);
void              postings_editor_page_find_next          (PostingsEditorPage *self,
                                                           gboolean            forward);
/* Formatting of the Markdown text, when the focus is in it:
 * "bold", "italic", "link"; a heading level 0 (paragraph) to 6. */
void              postings_editor_page_format             (PostingsEditorPage *self,
                                                           const char         *what);
void              postings_editor_page_set_heading        (PostingsEditorPage *self,
                                                           guint               level);
/* The site the posting belongs to (nullable): its schema, where a new
 * posting goes, its list entry (which shows unsaved changes). */
void              postings_editor_page_set_site           (PostingsEditorPage *self,
                                                           PostingsSite       *site);
PostingsSite     *postings_editor_page_get_site           (PostingsEditorPage *self);
/* The header bar shows a button back to the list (a folded window). */
void              postings_editor_page_set_show_back      (PostingsEditorPage *self,
                                                           gboolean            show_back);
/* Never edited, nothing in flight, no draft on offer: the page can go and
 * be loaded again later without losing anything. */
gboolean          postings_editor_page_is_disposable      (PostingsEditorPage *self);
/* Another program changed (or created) the posting's file: without
 * unsaved edits it is reloaded (cursor and scroll kept), else a banner
 * offers Reload and Keep My Version. Nothing happens when the file holds
 * what the page last saved. A page not in a site watches its file itself. */
void              postings_editor_page_file_changed_on_disk (PostingsEditorPage *self);
/* … deleted it: a banner says so, and Save asks before creating it again. */
void              postings_editor_page_file_deleted_on_disk (PostingsEditorPage *self);
/* F10 opens this page's main menu (only the page shown should). */
void              postings_editor_page_set_primary        (PostingsEditorPage *self,
                                                           gboolean            primary);
/* A frame can show the posting: loaded, and its preview drawn. */
gboolean          postings_editor_page_is_ready_to_show   (PostingsEditorPage *self);

G_END_DECLS
