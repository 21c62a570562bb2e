/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "postings-document.h"

G_BEGIN_DECLS

/* Dates of a posting's header, as the validator and the site read them. */

/* `YYYY-MM-DD`, or a YAML timestamp as the site's former CMS wrote them
 * (`2021-11-24T11:04:26.278Z`, `2021-11-24 11:04:26 +01:00`). *day
 * (optional) receives the calendar day as written (the time and its zone
 * are not applied). */
gboolean  postings_date_parse     (const char *value,
                                   GDate      *day);

/* Today, in the local time zone: what "past" means for a closing date.
 * For tests, the environment variable POSTINGS_TODAY=YYYY-MM-DD replaces
 * the clock. */
void      postings_date_get_today (GDate      *today);

/* The posting's publication day: `date`, else the day of its file name
 * (`YYYY-MM-DD-slug.md`, @basename may be NULL). */
gboolean  postings_posting_get_date         (PostingsDocument     *document,
                                             const char           *basename,
                                             GDate                *day);
/* Its closing day: `depublication_date`, else `poste_ferme` (the first
 * that is a date). *entry (optional) receives the entry it was read from. */
gboolean  postings_posting_get_closing_date (PostingsDocument     *document,
                                             GDate                *day,
                                             const PostingsEntry **entry);

G_END_DECLS
