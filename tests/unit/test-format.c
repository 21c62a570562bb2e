/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Dates as the interface shows them (English: the catalogue's French is
 * checked by the validate suite). */
#include "config.h"

#include "postings-core.h"

static void
test_date (void)
{
  g_autoptr(GDateTime) day = g_date_time_new_utc (2022, 6, 28, 0, 0, 0);
  g_autoptr(GDateTime) first = g_date_time_new_utc (2022, 6, 1, 0, 0, 0);
  g_autofree char *a = postings_format_date (day);
  g_autofree char *b = postings_format_date (first);

  g_assert_cmpstr (a, ==, "June 28, 2022");
  g_assert_cmpstr (b, ==, "June 1, 2022");
  g_assert_null (postings_format_date (NULL));
}

static void
test_date_time (void)
{
  /* TZ=UTC (tests/meson.build): local time is UTC. */
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 3, 12, 14, 5, 9);
  g_autofree char *text = postings_format_date_time (when);

  g_assert_cmpstr (text, ==, "March 12, 2026 at 14:05");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/date", test_date);
  g_test_add_func ("/format/date-time", test_date_time);

  return g_test_run ();
}
