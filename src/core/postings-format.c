/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "postings-core-i18n.h"
#include "postings-format.h"

static const char *const months[] = {
  NC_("month", "January"), NC_("month", "February"), NC_("month", "March"),
  NC_("month", "April"), NC_("month", "May"), NC_("month", "June"),
  NC_("month", "July"), NC_("month", "August"), NC_("month", "September"),
  NC_("month", "October"), NC_("month", "November"), NC_("month", "December"),
};

const char *
postings_format_month_name (int      month,
                            gboolean translated)
{
  g_return_val_if_fail (month >= 1 && month <= 12, "");
  return translated ? g_dpgettext2 (GETTEXT_PACKAGE, "month", months[month - 1]) : months[month - 1];
}

static const char *
month_name (int month)
{
  return postings_format_month_name (month, TRUE);
}

char *
postings_format_date (GDateTime *date)
{
  int day, month, year;

  if (date == NULL)
    return NULL;

  g_date_time_get_ymd (date, &year, &month, &day);
  if (day == 1)
    /* Translators: the first day of a month: %1$d the day (1), %2$s the
     * month, %3$d the year ("June 1, 2022"; French « 1er juin 2022 ») */
    return g_strdup_printf (C_("date of the first day of a month", "%2$s %1$d, %3$d"), day, month_name (month), year);
  /* Translators: %1$d the day, %2$s the month, %3$d the year
   * ("June 28, 2022"; French « 28 juin 2022 ») */
  return g_strdup_printf (C_("date", "%2$s %1$d, %3$d"), day, month_name (month), year);
}

char *
postings_format_date_time (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  if (date == NULL)
    return NULL;

  local = g_date_time_to_local (date);
  return postings_format_date_time_in_zone (local);
}

char *
postings_format_date_time_in_zone (GDateTime *local)
{
  g_autofree char *day = NULL;

  if (local == NULL)
    return NULL;

  day = postings_format_date (local);
  /* Translators: %1$s a date as above, %2$02d:%3$02d the hour and minutes
   * ("June 28, 2022 at 14:05"; French « 28 juin 2022 à 14:05 ») */
  return g_strdup_printf (C_("date and time", "%1$s at %2$02d:%3$02d"), day,
                          g_date_time_get_hour (local), g_date_time_get_minute (local));
}
