/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define POSTINGS_ERROR (postings_error_quark ())

typedef enum
{
  POSTINGS_ERROR_FAILED,
  POSTINGS_ERROR_PARSE,         /* the front matter does not parse */
  POSTINGS_ERROR_NO_FRONT_MATTER,
  POSTINGS_ERROR_INVALID_EDIT,  /* an edit refused: it would not read back as intended */
  POSTINGS_ERROR_NOT_FOUND,     /* no such key */
  POSTINGS_ERROR_NOT_A_LIST,
  POSTINGS_ERROR_EXISTS,
  POSTINGS_ERROR_SCHEMA,
} PostingsError;

GQuark postings_error_quark (void);

G_END_DECLS
