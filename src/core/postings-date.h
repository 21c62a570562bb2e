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

/* Dates as people read them ----------------------------------------------
 *
 * The form shows a date as "June 28, 2022" (« 28 juin 2022 ») and a
 * timestamp with a zone (`2022-06-28T07:27:43.367Z`) in the local time:
 * "June 28, 2022 at 09:27" (« 28 juin 2022 à 09:27 »). A timestamp without
 * a zone is shown as written. The file keeps its own form: what the user
 * picks or types is written back with the same precision, separators and
 * zone, and an unchanged date is returned byte for byte. @zone NULL is the
 * local time zone. */

/* @value for people, or NULL when it is not a date. */
char     *postings_date_format_display   (const char *value,
                                          GTimeZone  *zone);
/* The day @value falls on in @zone (the calendar's day). */
gboolean  postings_date_get_display_day  (const char *value,
                                          GTimeZone  *zone,
                                          int        *year,
                                          int        *month,
                                          int        *day);
/* @previous with the day changed to @year-@month-@day as seen in @zone,
 * its time of day kept; a plain `YYYY-MM-DD` when @previous is not a date. */
char     *postings_date_with_display_day (const char *previous,
                                          GTimeZone  *zone,
                                          int         year,
                                          int         month,
                                          int         day);
/* What the user typed, in the file's form of @previous: the shown form
 * ("28 juin 2022 à 09:27", "June 28, 2022"), `28/06/2022` (`.` or `-`), or
 * the file's own forms. "" for blank text, NULL when it is not a date;
 * @previous itself (a copy) when @typed means the same date. */
char     *postings_date_parse_display    (const char *typed,
                                          const char *previous,
                                          GTimeZone  *zone);

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
