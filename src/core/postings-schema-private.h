/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "postings-schema.h"

G_BEGIN_DECLS

/* The resource path prefix of the core library's GResource. */
#define POSTINGS_CORE_RESOURCE_PATH "/org/culture/Postings/core/"

/* A file of the core GResource (@name relative to the prefix above). */
GBytes         *_postings_core_lookup_resource      (const char  *name,
                                                     GError     **error);

/* As postings_schema_new_from_data(), keeping labels and hints untranslated
 * when @translate is FALSE (for tests). @file names the source in errors. */
PostingsSchema *_postings_schema_new_from_data_full (const char  *yaml,
                                                     gsize        len,
                                                     GFile       *file,
                                                     gboolean     translate,
                                                     GError     **error);

/* Every label and hint of the built-in schema, marked with N_() so that
 * xgettext finds them (postings-schema-labels.c). NULL-terminated. */
extern const char * const _postings_schema_builtin_strings[];

G_END_DECLS
