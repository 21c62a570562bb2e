/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "postings-document.h"
#include "postings-words.h"

G_BEGIN_DECLS

/*
 * Spelling with enchant-2 (hunspell-fr on Debian; the GNOME runtime's
 * dictionaries in Flatpak). French by default: `fr_FR`, then `fr`; when
 * neither is installed the checker is not created (POSTINGS_ERROR_NOT_FOUND
 * with a message saying how to install it), never an English one instead.
 *
 * Every function is thread-safe (one lock around the enchant dictionary and
 * the cache of answers), so a worker thread checks while the main thread
 * asks for suggestions. Answers are cached per word, corrections per
 * misspelt part, for the checker's life (the whole run of the CLI).
 */

#define POSTINGS_TYPE_SPELL_CHECKER (postings_spell_checker_get_type ())
G_DECLARE_FINAL_TYPE (PostingsSpellChecker, postings_spell_checker, POSTINGS, SPELL_CHECKER, GObject)

/* The language of the site's postings when nothing else is chosen. */
#define POSTINGS_SPELL_DEFAULT_LANGUAGE "fr_FR"

/* The checker for @language (an enchant tag such as "fr_FR", "fr_BE",
 * "en_US"; NULL for French: "fr_FR", then "fr"), shared: one per language
 * for the whole process. Loading a dictionary takes about 0.1 s: call it
 * off the main thread the first time. */
PostingsSpellChecker *postings_spell_checker_get_for_language (const char            *language,
                                                               GError               **error);
/* The same in a worker thread (a cancelled load says G_IO_ERROR_CANCELLED). */
void                  postings_spell_checker_get_for_language_async  (const char           *language,
                                                                      GCancellable         *cancellable,
                                                                      GAsyncReadyCallback   callback,
                                                                      gpointer              user_data);
PostingsSpellChecker *postings_spell_checker_get_for_language_finish (GAsyncResult         *result,
                                                                      GError              **error);

const char           *postings_spell_checker_get_language     (PostingsSpellChecker  *self);

/* Is @word (@len bytes, -1: nul-terminated) right? Inclusive forms and
 * elisions as postings_word_check() says; words added or ignored count as
 * right. */
gboolean              postings_spell_checker_check_word       (PostingsSpellChecker  *self,
                                                               const char            *word,
                                                               gssize                 len);

/* At most @max corrections (0: all the dictionary gives), best first. For
 * an inclusive form the corrections are built on the misspelt part. Slow
 * (0.1–0.3 s): off the main thread. */
GStrv                 postings_spell_checker_suggest          (PostingsSpellChecker  *self,
                                                               const char            *word,
                                                               gssize                 len,
                                                               guint                  max);

/* Adds @word to the user's personal dictionary (kept by enchant, per
 * language), or ignores it until the program quits. */
void                  postings_spell_checker_add_word         (PostingsSpellChecker  *self,
                                                               const char            *word,
                                                               gssize                 len);
void                  postings_spell_checker_ignore_word      (PostingsSpellChecker  *self,
                                                               const char            *word,
                                                               gssize                 len);

/* The unknown words of @words (PostingsWord over @text): a new array of
 * the PostingsWord that are not right. */
GArray               *postings_spell_checker_check_words      (PostingsSpellChecker  *self,
                                                               const char            *text,
                                                               GArray                *words);

/* The installed dictionaries' language tags, sorted (e.g. "en_US",
 * "fr", "fr_BE", "fr_FR"). */
GStrv                 postings_spell_list_languages           (void);

/* A language tag as people read it, e.g. "French (France)" for "fr_FR"
 * (translated); the tag itself for one it does not know. */
char                 *postings_spell_describe_language        (const char            *language);

G_END_DECLS
