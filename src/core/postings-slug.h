/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The site's file naming rule (its former CMS configuration: ASCII
 * encoding, accents removed, `.` as replacement):
 *
 *   YYYY-MM-DD-<slug>.md
 *
 * where <slug> is `roles` with accents removed (transliterated to ASCII:
 * é → e, œ → oe, ß → ss), lower-cased, every run of characters other than
 * a-z and 0-9 replaced by one `.`, and leading and trailing `.` dropped.
 * « Chargé·e de déploiement » → `charge.e.de.deploiement`.
 *
 * A slug longer than POSTINGS_SLUG_MAX_LENGTH characters is cut at the
 * last `.` that keeps it within the limit (in the middle of a word only
 * when that `.` would leave less than half the limit), so that file names
 * and URLs stay readable and far below file-system limits (255 bytes): the
 * longest slug among the site's 543 real postings has 120 characters. An empty slug (roles empty or without a single
 * letter or digit) becomes POSTINGS_SLUG_FALLBACK. */
#define POSTINGS_SLUG_MAX_LENGTH 120
#define POSTINGS_SLUG_FALLBACK   "offre"

char     *postings_slugify             (const char  *roles);

/* `DATE-SLUG.md`. @date is `YYYY-MM-DD` (a timestamp such as
 * `2021-11-24T11:24:29.597Z` is cut to its day). Returns NULL when @date
 * does not start with a valid calendar date. */
char     *postings_file_name_for       (const char  *roles,
                                        const char  *date_yyyy_mm_dd);

/* The name to use when postings_file_name_for() is taken: `DATE-SLUG-N.md`
 * for @n >= 2, the plain name for @n <= 1. */
char     *postings_file_name_for_nth   (const char  *roles,
                                        const char  *date_yyyy_mm_dd,
                                        guint        n);

/* Splits a posting's file name `YYYY-MM-DD-slug.md` (Jekyll's rule for
 * collection documents with dates). Returns FALSE when @basename does not
 * start with a valid date followed by `-`; the `.md` is optional and
 * dropped from *slug. Outputs are optional. */
gboolean  postings_file_name_parse     (const char  *basename,
                                        char       **date,
                                        char       **slug);

/* Is @date a valid calendar day written `YYYY-MM-DD`? */
gboolean  postings_date_is_valid       (const char  *date);

G_END_DECLS
