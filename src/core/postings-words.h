/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "postings-document.h"
#include "postings-schema.h"

G_BEGIN_DECLS

/*
 * The words of a posting to check for spelling, GTK-free (the CLI, the
 * source view and the form use them).
 *
 * What is never a word: code spans and code blocks, URLs (with or without
 * a scheme: `https://…`, `www.…`, `beta.gouv.fr`), e-mail addresses and
 * `@handles`, HTML tags and comments (the text between tags is checked),
 * link and image targets and reference definitions, `data:` URIs, HTML
 * entities, Liquid tags and kramdown attribute lists (`{: … }`), tokens
 * holding digits or underscores (`B2B`, `mot_clé`), and the keys of the
 * front matter (only the values of prose keys are words).
 *
 * A word keeps what joins its parts: elisions with either apostrophe
 * (l'équipe, l’équipe), hyphens (peut-être), and the inclusive forms of
 * job offers (chargé·e, développeur·euse, salarié·e·s, développeur.se,
 * chargé(e)s); postings_word_check() decides whether such a word is right
 * from the checks of its parts.
 */

/* A word: byte offsets into the text given. */
typedef struct
{
  gsize start;
  gsize end;
} PostingsWord;

typedef enum
{
  POSTINGS_WORDS_MARKDOWN,  /* a posting's body */
  POSTINGS_WORDS_PLAIN,     /* a one-line value: a title, a form row */
} PostingsWordsMode;

/* The words of @text (@len bytes, or -1 when nul-terminated), in order:
 * a new array of PostingsWord. */
GArray        *postings_words_split             (const char         *text,
                                                 gssize              len,
                                                 PostingsWordsMode   mode);

/* The words of a whole posting: the values of the prose keys of its front
 * matter (@prose_keys, NULL for postings_words_prose_keys() of the
 * built-in schema) and its body. Offsets are into
 * postings_document_get_text(). A front matter that does not parse gives
 * no words. */
GArray        *postings_words_split_document    (PostingsDocument   *document,
                                                 const char * const *prose_keys);

/* The words of the YAML of a front matter alone (the text between the
 * `---` lines, as the header editor shows it). */
GArray        *postings_words_split_front_matter (const char        *yaml,
                                                  gssize             len,
                                                  const char * const *prose_keys);

/* The keys whose values are prose a reader sees: the job title (`roles`),
 * the headline (`title`), the contract (`contrat`) and every long-text
 * field of @schema (NULL: the built-in one). Names (`friend`, `equipe`),
 * choices, lists and addresses are not. A new NULL-terminated array. */
GStrv          postings_words_prose_keys        (PostingsSchema     *schema);

/* Checks one form of a word against a dictionary (a word without
 * inclusive separators or elision). */
typedef gboolean (*PostingsWordCheckFunc) (const char *form,
                                           gsize       len,
                                           gpointer    user_data);

/* Is @word (@len bytes) right, given a dictionary @check? Tried in order:
 * the whole word; without the elided article or pronoun (l’, d’, qu’,
 * jusqu’…); an inclusive form (a right base, and each suffix making a
 * right feminine or plural: développeur·euse → développeuse,
 * collaborateur·rice → collaboratrice, salarié·e·s → salariées); each
 * hyphenated part. */
gboolean       postings_word_check              (const char            *word,
                                                 gsize                  len,
                                                 PostingsWordCheckFunc  check,
                                                 gpointer               user_data);

G_END_DECLS
