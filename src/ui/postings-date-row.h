/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* PostingsDateRow: an entry row for a date of the header, with a calendar
 * popover. It shows the date as people read it ("June 28, 2022 at 09:27",
 * local time; postings_date_format_display()). Typing is accepted in that
 * form, as `09/06/2021` or in the file's forms, and the file's form is kept:
 * a plain date stays a plain date, a timestamp keeps its precision and zone,
 * and its time when only the day is changed.
 *
 * Signal "date-edited" (const char *value): the user typed or picked a date.
 * @value is the text to write in the file, "" when the row was cleared, or
 * NULL when the text is not (yet) a date. */
#define POSTINGS_TYPE_DATE_ROW (postings_date_row_get_type ())
G_DECLARE_FINAL_TYPE (PostingsDateRow, postings_date_row, POSTINGS, DATE_ROW, AdwEntryRow)

GtkWidget  *postings_date_row_new        (void);
/* Shows @value (the file's text, or NULL) without emitting "date-edited". */
void        postings_date_row_set_value  (PostingsDateRow *self,
                                          const char      *value);
/* The last valid value (the file's form), or NULL. */
const char *postings_date_row_get_value  (PostingsDateRow *self);
/* Picks a day as the calendar does (@month 1–12). */
void        postings_date_row_select_day (PostingsDateRow *self,
                                          int              year,
                                          int              month,
                                          int              day);
/* The calendar of the popover (built on first use: this call builds it). */
GtkWidget  *postings_date_row_get_calendar (PostingsDateRow *self);

G_END_DECLS
