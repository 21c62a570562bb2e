/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "postings-document.h"

G_BEGIN_DECLS

/* The French template of a new posting (resource
 * /org/culture/Postings/core/templates/posting.md): the required keys, an
 * introduction followed by the `<!--more-->` excerpt marker, and the
 * sections the site recommends. */
GBytes           *postings_template_get_bytes         (void);

/* A new document from the template with `roles` set to @roles (NULL: left
 * empty, `roles:`, for the user to fill in) and `date` to @date
 * (`YYYY-MM-DD`; NULL: today), both written through
 * postings_document_set_value() so that any text is quoted as YAML needs,
 * and only then. The key order is the built-in schema's.
 * Fails with POSTINGS_ERROR_FAILED for a date that is not a valid
 * `YYYY-MM-DD` day. */
PostingsDocument *postings_document_new_from_template (const char  *roles,
                                                       const char  *date,
                                                       GError     **error);

/* The template's placeholder text, so that a posting still holding it is
 * flagged (rule `template-text`). Paragraphs are compared by their text,
 * runs of white space folded to one space (postings_template_fold_text()).
 * Is @folded one of the template's placeholder paragraphs? Then @section is
 * set to the title of its section, or to NULL for the introduction. */
gboolean          postings_template_is_placeholder    (const char  *folded,
                                                       const char **section);
/* Is @title (folded) the title of one of the template's sections? */
gboolean          postings_template_is_section        (const char  *title);
/* The text of a cmark block (its text, code and line breaks), with runs of
 * white space folded to one space and no space at either end. */
char             *postings_template_fold_text         (gpointer     cmark_node);
/* postings_template_fold_text() when the folded text could be a placeholder
 * or a section title (it starts as one of them and is no longer than the
 * longest), else NULL: most blocks are not folded past their first words. */
char             *postings_template_fold_candidate    (gpointer     cmark_node);
/* Whether @text (@len bytes of Markdown, not parsed) may hold one of the
 * placeholder paragraphs, and one of the section titles: never FALSE when
 * a block of it folds to one of them (a scan, without parsing, of the
 * text as cmark's inlines leave it; TRUE where the scan cannot tell). */
void              postings_template_scan              (const char  *text,
                                                       gsize        len,
                                                       gboolean    *placeholder,
                                                       gboolean    *section);

G_END_DECLS
