/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * Spelling for a GtkTextView: misspelt words underlined (text tag
 * "postings-misspelled"), checked off the main thread in chunks (the word
 * at the cursor and the visible part first, then the rest; a newer edit
 * drops older results), never the word being typed; in the context menu
 * (the view's extra menu), corrections computed when it opens, Add to
 * Dictionary, Ignore, the dictionary's language and a switch.
 *
 * French by default. When no French dictionary is installed, the first
 * controller to find out says so once, in a toast of the view's
 * AdwToastOverlay (when it has one), with how to install it; nothing is
 * underlined and no other language is used instead.
 *
 * "language" is what a site remembers: set it from the site's setting
 * when a posting opens, and save it on notify::language (the user can
 * change it from the context menu).
 */

typedef enum
{
  POSTINGS_SPELL_TEXT_MARKDOWN,      /* a posting's body */
  POSTINGS_SPELL_TEXT_FRONT_MATTER,  /* the YAML header: values of the prose keys only */
  POSTINGS_SPELL_TEXT_PLAIN,         /* prose */
} PostingsSpellTextKind;

#define POSTINGS_TYPE_SPELL_CONTROLLER (postings_spell_controller_get_type ())
G_DECLARE_FINAL_TYPE (PostingsSpellController, postings_spell_controller, POSTINGS, SPELL_CONTROLLER, GObject)

/* Attaches to @view (kept as a weak pointer) and sets its extra menu. */
PostingsSpellController *postings_spell_controller_new          (GtkTextView             *view);

/* An enchant tag ("fr_FR", "fr_BE", "en_US"), or NULL for French
 * (fr_FR, then fr). */
const char              *postings_spell_controller_get_language (PostingsSpellController *self);
void                     postings_spell_controller_set_language (PostingsSpellController *self,
                                                                 const char              *language);
gboolean                 postings_spell_controller_get_enabled  (PostingsSpellController *self);
void                     postings_spell_controller_set_enabled  (PostingsSpellController *self,
                                                                 gboolean                 enabled);
PostingsSpellTextKind    postings_spell_controller_get_text_kind (PostingsSpellController *self);
void                     postings_spell_controller_set_text_kind (PostingsSpellController *self,
                                                                  PostingsSpellTextKind    kind);

/* Why nothing is checked (no dictionary for the language), or NULL. */
const char              *postings_spell_controller_get_error    (PostingsSpellController *self);

/* TRUE once the dictionary is loaded and the whole text checked for the
 * current contents (for tests and benchmarks). */
gboolean                 postings_spell_controller_is_idle      (PostingsSpellController *self);

/* Prepares the context menu for the word at @iter (what a right click
 * does): its corrections are computed in the background and appear in the
 * menu model when ready. */
void                     postings_spell_controller_prepare_menu (PostingsSpellController *self,
                                                                 const GtkTextIter       *iter);
GMenuModel              *postings_spell_controller_get_menu     (PostingsSpellController *self);

G_END_DECLS
