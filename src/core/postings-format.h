/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Dates as the interface shows them, in the language of the translations
 * (the month names come from the catalogue, not from LC_TIME, so a French
 * interface says « juin » whatever the locale's dates):
 * "June 28, 2022" (French « 28 juin 2022 », « 1er juin 2022 »). NULL for
 * NULL. */
char *postings_format_date      (GDateTime *date);
/* In local time, with the hour: "June 28, 2022 at 14:05" (French
 * « 28 juin 2022 à 14:05 »). */
char *postings_format_date_time (GDateTime *date);
/* The same, in the time zone of @date. */
char *postings_format_date_time_in_zone (GDateTime *date);
/* The name of @month (1–12): translated ("juin"), or the English source
 * string ("June"). */
const char *postings_format_month_name (int      month,
                                        gboolean translated);

G_END_DECLS
