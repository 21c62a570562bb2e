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

G_END_DECLS
