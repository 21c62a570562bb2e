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
/* For tests: the row (or widget) editing @key, or NULL. */
GtkWidget *postings_form_get_row      (PostingsForm     *self,
                                       const char       *key);

G_END_DECLS
