/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "postings-document.h"
#include "postings-schema.h"

G_BEGIN_DECLS

/* PostingsForm: the front matter as libadwaita rows generated from a field
 * schema. Every edit goes through the document's lossless editing API. */
#define POSTINGS_TYPE_FORM (postings_form_get_type ())
G_DECLARE_FINAL_TYPE (PostingsForm, postings_form, POSTINGS, FORM, GtkWidget)

GtkWidget *postings_form_new          (void);
void       postings_form_set_document (PostingsForm     *self,
                                       PostingsDocument *document);
void       postings_form_set_schema   (PostingsForm     *self,
                                       PostingsSchema   *schema);
/* Shows the validator's diagnostics (PostingsDiagnostic, as from
 * postings_validate(); NULL clears) under the rows of their keys: error or
 * warning style and the message, until the next call. */
void       postings_form_set_diagnostics (PostingsForm *self,
                                          GPtrArray    *diagnostics);
/* Moves the focus to the row editing @key (scrolling it into view); FALSE
 * when no visible, sensitive row edits it. */
gboolean   postings_form_focus_key    (PostingsForm     *self,
                                       const char       *key);
/* The spelling language of the prose rows (job title, headline…): an
 * enchant tag, NULL for French; the source view's, the site's choice. */
void       postings_form_set_spell_language (PostingsForm *self,
                                             const char   *language);
/* For tests: the row (or widget) editing @key, or NULL. */
GtkWidget *postings_form_get_row      (PostingsForm     *self,
                                       const char       *key);

G_END_DECLS
