/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * Spelling for a one-line text (an AdwEntryRow's or a GtkEntry's GtkText):
 * the words core's postings_words_split() finds in plain text, checked in
 * a worker thread after typing pauses, unknown ones underlined through the
 * GtkText's PangoAttrList (error underline, red), never the word being
 * typed; the text's extra menu offers the corrections (computed when it
 * opens), Add to Dictionary and Ignore.
 *
 * The language follows the source view's (the site's choice): set it with
 * postings_spell_attach_set_language() on the widget.
 */

#define POSTINGS_TYPE_SPELL_ENTRY (postings_spell_entry_get_type ())
G_DECLARE_FINAL_TYPE (PostingsSpellEntry, postings_spell_entry, POSTINGS, SPELL_ENTRY, GObject)

/* Checks the spelling of @widget: a GtkEditable whose delegate is a
 * GtkText (AdwEntryRow, GtkEntry), or a GtkTextView (checked as plain
 * prose by a PostingsSpellController). The checker lives as long as the
 * widget. @language: an enchant tag, NULL for French. */
void                 postings_spell_attach              (GtkWidget          *widget,
                                                         const char         *language);
/* Changes the language of what postings_spell_attach() set on @widget;
 * nothing when it set nothing. */
void                 postings_spell_attach_set_language (GtkWidget          *widget,
                                                         const char         *language);

/* The checker postings_spell_attach() gave a GtkEditable, or NULL. */
PostingsSpellEntry  *postings_spell_entry_get_for       (GtkWidget          *widget);

GtkText             *postings_spell_entry_get_text      (PostingsSpellEntry *self);
const char          *postings_spell_entry_get_language  (PostingsSpellEntry *self);
void                 postings_spell_entry_set_language  (PostingsSpellEntry *self,
                                                         const char         *language);
/* Why nothing is checked (no dictionary for the language), or NULL. */
const char          *postings_spell_entry_get_error     (PostingsSpellEntry *self);
/* TRUE once the dictionary is loaded and the current text checked. */
gboolean             postings_spell_entry_is_idle       (PostingsSpellEntry *self);

/* Prepares the context menu for the word at character @position (what a
 * right click or the Menu key does): its corrections are computed in the
 * background and appear in the menu when ready. */
void                 postings_spell_entry_prepare_menu  (PostingsSpellEntry *self,
                                                         int                 position);
GMenuModel          *postings_spell_entry_get_menu      (PostingsSpellEntry *self);

G_END_DECLS
