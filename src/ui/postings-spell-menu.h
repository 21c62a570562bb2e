/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "postings-spell.h"

G_BEGIN_DECLS

/*
 * The spelling part of a text's context menu, shared by the source view's
 * PostingsSpellController and the form rows' PostingsSpellEntry: a
 * "corrections" section of `spell.correct` items and a "word" section
 * with `spell.add` and `spell.ignore`.
 */

/* The corrections of @word, computed in a worker thread (they take
 * 0.1–0.3 s); @callback gets them from postings_spell_menu_suggest_finish(). */
void   postings_spell_menu_suggest        (PostingsSpellChecker *checker,
                                           const char           *word,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GStrv  postings_spell_menu_suggest_finish (GAsyncResult         *result);

/* A misspelt word: "Looking for Corrections…" until they come, then Add
 * to Dictionary and Ignore. */
void   postings_spell_menu_show_word      (GMenu                *corrections,
                                           GMenu                *word_actions);
/* The corrections came: one `spell.correct` item each, or "No Corrections". */
void   postings_spell_menu_show_corrections (GMenu              *section,
                                             const char * const *corrections);

/* What opens the context menu of @widget, seen before the widget sees it
 * (capture phase): a right click (@pressed, a GtkGestureClick::pressed
 * handler) and Shift+F10 or the Menu key (@menu_key, which returns FALSE
 * so that the widget opens its menu). */
void   postings_spell_menu_watch          (GtkWidget            *widget,
                                           GCallback             pressed,
                                           GtkShortcutFunc       menu_key,
                                           gpointer              user_data);

G_END_DECLS
