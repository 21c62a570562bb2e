/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtksourceview/gtksource.h>

#include "postings-data-uri-fold.h"
#include "postings-html.h"
#include "postings-spell-controller.h"

G_BEGIN_DECLS

/* A GtkSourceView set up for postings: a language (Markdown or YAML), the
 * Adwaita / Adwaita-dark style scheme following AdwStyleManager, and the
 * Markdown formatting commands bound by the window. */
#define POSTINGS_TYPE_SOURCE_VIEW (postings_source_view_get_type ())
G_DECLARE_FINAL_TYPE (PostingsSourceView, postings_source_view, POSTINGS, SOURCE_VIEW, GtkSourceView)

GtkWidget     *postings_source_view_new              (const char         *language_id);
/* Parses the definitions of @language_ids in a thread, for the first views
 * (call before GTK is set up; the first view waits for it). */
void           postings_source_view_preload_languages (const char * const *language_ids);
const char    *postings_source_view_get_language_id  (PostingsSourceView *self);
void           postings_source_view_set_language_id  (PostingsSourceView *self,
                                                      const char         *language_id);

/* Replaces the whole text. @undoable FALSE: not undoable (loading a file).
 * TRUE: one undo step. The cursor stays on the same line and column. */
void           postings_source_view_replace_text     (PostingsSourceView *self,
                                                      const char         *text,
                                                      gboolean            undoable);
char          *postings_source_view_dup_text         (PostingsSourceView *self);

/* Markdown formatting, each one undo step. */
void           postings_source_view_toggle_emphasis  (PostingsSourceView *self,
                                                      const char         *marker);
void           postings_source_view_insert_link      (PostingsSourceView *self);
void           postings_source_view_set_heading      (PostingsSourceView *self,
                                                      guint               level);

/* The posting shown (nullable): image files dropped on the view are copied
 * into its site (postings-image-insert.h). */
void           postings_source_view_set_file         (PostingsSourceView *self,
                                                      GFile              *file);
GFile         *postings_source_view_get_file         (PostingsSourceView *self);

/* The folding of the view's data: URIs (pasted images). */
PostingsDataUriFold *postings_source_view_get_data_uri_fold (PostingsSourceView *self);
/* Spelling of the view's text (French by default, on). */
PostingsSpellController *postings_source_view_get_spell_controller (PostingsSourceView *self);

/* Pasting: Ctrl+V inserts clean Markdown when the clipboard offers HTML (a
 * word processor, a web page), Ctrl+Shift+V its plain text. Embedded
 * (`data:`) images of pasted HTML go to @func (e.g. saved into the site, it
 * returns the Markdown to insert); without one they are dropped, their
 * description kept. */
void           postings_source_view_set_paste_image_func (PostingsSourceView    *self,
                                                          PostingsHtmlImageFunc  func,
                                                          gpointer               user_data,
                                                          GDestroyNotify         destroy);
/* Inserts @markdown at the cursor (replacing the selection) as pasted
 * text: one undo step, on lines of its own when it holds blocks. */
void           postings_source_view_insert_pasted (PostingsSourceView *self,
                                                   const char         *markdown);

/* Words and characters of a text, as shown under the editor. */
void           postings_count_words                  (const char         *text,
                                                      guint              *words,
                                                      guint              *characters);

G_END_DECLS
