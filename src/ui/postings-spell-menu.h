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

/* The spelling sections of a context menu, embedded in their owner. */
typedef struct
{
  GMenu *menu;          /* the corrections, then the word's actions; the owner may add more */
  GMenu *corrections;
  GMenu *word_actions;
  guint  request;       /* the menu being prepared: older corrections are dropped */
} PostingsSpellMenu;

void   postings_spell_menu_init           (PostingsSpellMenu    *self);
void   postings_spell_menu_clear          (PostingsSpellMenu    *self);
/* A new menu is being prepared: both sections empty. */
void   postings_spell_menu_reset          (PostingsSpellMenu    *self);
/* A misspelt @word: "Looking for Corrections…" with Add to Dictionary and
 * Ignore, then its corrections, computed in a worker thread (they take
 * 0.1–0.3 s), unless another menu is prepared first. @owner (which holds
 * @self) is kept alive until then. */
void   postings_spell_menu_offer          (PostingsSpellMenu    *self,
                                           GObject              *owner,
                                           PostingsSpellChecker *checker,
                                           const char           *word);

/* What opens the context menu of @widget, seen before the widget sees it
 * (capture phase): a right click (@pressed, a GtkGestureClick::pressed
 * handler) and Shift+F10 or the Menu key (@menu_key, which returns FALSE
 * so that the widget opens its menu). */
void   postings_spell_menu_watch          (GtkWidget            *widget,
                                           GCallback             pressed,
                                           GtkShortcutFunc       menu_key,
                                           gpointer              user_data);

G_END_DECLS
