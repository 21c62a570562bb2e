/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Dates as people read them, and written back in the file's own form
 * (postings-date.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "postings-date.h"
#include "postings-document.h"

/* Messages in @language ("C": the English source strings). gettext reads
 * LANGUAGE once: meson runs this program twice, with LANGUAGE=C and with
 * LANGUAGE=fr (test `date-fr`), and each case runs in its language. */
static gboolean
use_language (const char *language)
{
  const char *current = g_getenv ("LANGUAGE");
  g_autofree char *mo = g_build_filename (BUILD_LOCALEDIR, "fr", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);

  if (g_strcmp0 (current != NULL && current[0] != '\0' ? current : "C", language) != 0)
    {
      g_test_skip_printf ("runs with LANGUAGE=%s", language);
      return FALSE;
    }
  if (g_strcmp0 (language, "fr") == 0)
    g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));
  return TRUE;
}

static GTimeZone *
paris (void)
{
  GTimeZone *zone = g_time_zone_new_identifier ("Europe/Paris");

  g_assert_nonnull (zone);
  return zone;
}

static void
test_display_english (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GTimeZone) fr = paris ();
  struct { const char *value; GTimeZone *zone; const char *shown; } cases[] = {
    { "2022-06-28T07:27:43.367Z", utc, "June 28, 2022 at 07:27" },
    { "2022-06-28T07:27:43.367Z", fr, "June 28, 2022 at 09:27" },
    { "2022-06-28T23:30:00Z", fr, "June 29, 2022 at 01:30" },
    { "2021-11-24 11:04:26 +01:00", fr, "November 24, 2021 at 11:04" },
    { "2021-11-24 11:04:26 +01:00", utc, "November 24, 2021 at 10:04" },
    { "2021-11-24T11:04:26-5", utc, "November 24, 2021 at 16:04" },
    /* no zone: the time as written */
    { "2021-11-24 11:04:26", utc, "November 24, 2021 at 11:04" },
    { "2022-06-28", fr, "June 28, 2022" },
    { " 2022-01-01 ", fr, "January 1, 2022" },
    { "bientôt", fr, NULL },
    { "2022-02-30", fr, NULL },
    { "", fr, NULL },
    { NULL, fr, NULL },
  };

  if (!use_language ("C"))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = postings_date_format_display (cases[i].value, cases[i].zone);

      g_test_message ("%s", cases[i].value);
      g_assert_cmpstr (shown, ==, cases[i].shown);
    }
}

static void
test_display_french (void)
{
  g_autoptr(GTimeZone) fr = paris ();
  g_autofree char *shown = NULL;
  g_autofree char *day = NULL;
  g_autofree char *back = NULL;
  g_autofree char *first = NULL;
  g_autofree char *abbreviated = NULL;

  if (!use_language ("fr"))
    return;

  shown = postings_date_format_display ("2022-06-28T07:27:43.367Z", fr);
  g_assert_cmpstr (shown, ==, "28 juin 2022 à 09:27");
  day = postings_date_format_display ("2022-02-01", fr);
  g_assert_cmpstr (day, ==, "1er février 2022");

  /* what is shown reads back as the very same text */
  back = postings_date_parse_display (shown, "2022-06-28T07:27:43.367Z", fr);
  g_assert_cmpstr (back, ==, "2022-06-28T07:27:43.367Z");
  first = postings_date_parse_display ("1er juillet 2022", "2022-06-28T07:27:43.367Z", fr);
  g_assert_cmpstr (first, ==, "2022-07-01T07:27:43.367Z");
  abbreviated = postings_date_parse_display ("3 fevr. 2023", "2022-06-28", fr);
  g_assert_cmpstr (abbreviated, ==, "2023-02-03");
}

static void
test_pick_day (void)
{
  g_autoptr(GTimeZone) fr = paris ();
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  struct { const char *previous; GTimeZone *zone; int y, m, d; const char *written; } cases[] = {
    /* precision and zone kept */
    { "2022-06-28T07:27:43.367Z", fr, 2022, 7, 1, "2022-07-01T07:27:43.367Z" },
    /* the day as the user sees it: 23:30 UTC is the next day in Paris */
    { "2022-06-28T23:30:00Z", fr, 2022, 6, 30, "2022-06-29T23:30:00Z" },
    { "2022-06-28T23:30:00Z", utc, 2022, 6, 30, "2022-06-30T23:30:00Z" },
    /* the same day: not a byte changes */
    { "2022-06-28T23:30:00.1Z", fr, 2022, 6, 29, "2022-06-28T23:30:00.1Z" },
    { "2021-11-24 11:04:26 +01:00", fr, 2021, 12, 1, "2021-12-01 11:04:26 +01:00" },
    /* summer: 11:04 in Paris is 10:04 at +01:00 */
    { "2021-11-24 11:04:26 +01:00", fr, 2022, 6, 1, "2022-06-01 10:04:26 +01:00" },
    { "2021-11-24 9:04:26", fr, 2022, 6, 1, "2022-06-01 9:04:26" },
    { "2022-06-28", fr, 2022, 7, 14, "2022-07-14" },
    { NULL, fr, 2022, 7, 14, "2022-07-14" },
    { "bientôt", fr, 2022, 7, 14, "2022-07-14" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *written = postings_date_with_display_day (cases[i].previous, cases[i].zone,
                                                                 cases[i].y, cases[i].m, cases[i].d);

      g_test_message ("%s", cases[i].previous);
      g_assert_cmpstr (written, ==, cases[i].written);
    }

  {
    int y, m, d;

    g_assert_true (postings_date_get_display_day ("2022-06-28T23:30:00Z", fr, &y, &m, &d));
    g_assert_cmpint (y * 10000 + m * 100 + d, ==, 20220629);
    g_assert_false (postings_date_get_display_day ("demain", fr, &y, &m, &d));
  }
}

static void
test_parse_typed (void)
{
  g_autoptr(GTimeZone) fr = paris ();
  struct { const char *typed, *previous, *written; } cases[] = {
    { "June 28, 2022 at 09:27", "2022-06-28T07:27:43.367Z", "2022-06-28T07:27:43.367Z" },
    { "June 29, 2022 at 09:27", "2022-06-28T07:27:43.367Z", "2022-06-29T07:27:43.367Z" },
    { "June 29, 2022", "2022-06-28T07:27:43.367Z", "2022-06-29T07:27:43.367Z" },
    /* a new time: its seconds are zero, in the file's precision */
    { "June 28, 2022 at 10:00", "2022-06-28T07:27:43.367Z", "2022-06-28T08:00:00.000Z" },
    { "june 28 2022 10h15", "2022-06-28 07:27:43 +00:00", "2022-06-28 08:15:00 +00:00" },
    { "28/06/2022", "2022-06-01", "2022-06-28" },
    /* the time as shown (12:04 in Paris) is kept: summer moves it in UTC */
    { "9/6/2021", "2021-11-24T11:04:26.278Z", "2021-06-09T10:04:26.278Z" },
    { "31.01.2026", "2025-01-01", "2026-01-31" },
    { "Jan 31, 2026", "2025-01-01", "2026-01-31" },
    /* a time means nothing for a date */
    { "June 28, 2022 at 10:00", "2022-06-01", "2022-06-28" },
    { "June 28, 2022", NULL, "2022-06-28" },
    /* the file's own forms, as typed */
    { "2021-11-24 11:04:26 +01:00", "2022-06-01", "2021-11-24 11:04:26 +01:00" },
    { " 2021-06-09 ", "2020-01-01T10:00:00Z", "2021-06-09" },
    { "", "2021-06-09", "" },
    { "  ", NULL, "" },
    /* not dates */
    { "February 30, 2022", "2022-06-01", NULL },
    { "Ju 28, 2022", "2022-06-01", NULL },
    { "June 28", "2022-06-01", NULL },
    { "June 28, 2022 at 25:00", "2022-06-01", NULL },
    { "demain", NULL, NULL },
    { "31/02/2021", NULL, NULL },
    { "2021-6-9", NULL, NULL },
    { "2021-11-24Tnoon", NULL, NULL },
  };

  if (!use_language ("C"))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *written = postings_date_parse_display (cases[i].typed, cases[i].previous, fr);

      g_test_message ("%s", cases[i].typed);
      g_assert_cmpstr (written, ==, cases[i].written);
    }
}

/* Every date of the corpus: shown, then read back, is the file's text. */
static void
test_corpus_round_trip (void)
{
  const char *corpus = g_getenv ("POSTINGS_CORPUS_DIR");
  g_autofree char *jobs = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GTimeZone) fr = paris ();
  const char *name;
  guint dates = 0, stamps = 0;

  if (corpus == NULL || (jobs = g_build_filename (corpus, "jobs", NULL),
                         (dir = g_dir_open (jobs, 0, NULL)) == NULL))
    {
      g_test_skip ("no corpus");
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (jobs, name, NULL);
      g_autofree char *text = NULL;
      g_autoptr(PostingsDocument) document = NULL;
      const char *keys[] = { "date", "depublication_date", "poste_ferme" };
      gsize len;

      if (!g_str_has_suffix (name, ".md") || !g_file_get_contents (path, &text, &len, NULL))
        continue;
      document = postings_document_new_from_data (text, len);
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          const char *value = postings_document_get_string (document, keys[k]);
          g_autofree char *shown = NULL;
          g_autofree char *back = NULL;

          if (value == NULL || !postings_date_parse (value, NULL))
            continue;
          shown = postings_date_format_display (value, fr);
          g_assert_nonnull (shown);
          back = postings_date_parse_display (shown, value, fr);
          g_test_message ("%s: %s → %s", name, value, shown);
          g_assert_cmpstr (back, ==, value);
          dates++;
          stamps += strchr (value, ':') != NULL;
        }
    }
  g_test_message ("%u dates, %u with a time", dates, stamps);
  g_assert_cmpuint (dates, >, 100);
  g_assert_cmpuint (stamps, >, 0);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date/display/english", test_display_english);
  g_test_add_func ("/date/display/french", test_display_french);
  g_test_add_func ("/date/pick-day", test_pick_day);
  g_test_add_func ("/date/parse-typed", test_parse_typed);
  g_test_add_func ("/date/corpus-round-trip", test_corpus_round_trip);

  return g_test_run ();
}
