/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "postings-date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "postings-format.h"
#include "postings-slug.h"

static gboolean
read_digits (const char **p, guint min, guint max, int *out)
{
  guint n = 0;
  int v = 0;

  while (n < max && g_ascii_isdigit (**p))
    {
      v = v * 10 + (**p - '0');
      (*p)++;
      n++;
    }
  *out = v;
  return n >= min;
}

/* Dates as people read them -------------------------------------------- */

typedef enum
{
  ZONE_NONE,    /* a date, or a time of no zone: shown as written */
  ZONE_UTC,
  ZONE_OFFSET,
} ZoneKind;

/* A date or timestamp of the file, with where its parts are in the text so
 * that a new value can be written in the same form. */
typedef struct
{
  int       year, month, day;
  gboolean  has_time;
  int       hour, minute, second;
  ZoneKind  zone;
  int       offset;       /* seconds east of UTC (ZONE_OFFSET) */
  gsize     date_start;   /* `YYYY` */
  gsize     time_start;   /* the hour; after the separator */
  guint     hour_digits;
  gsize     frac_start;   /* the digits after `.`, if any */
  gsize     frac_len;
  gsize     rest_start;   /* what follows the time (zone, blanks) */
} Stamp;

/* `YYYY-MM-DD`, or a YAML 1.1 timestamp (time, optional fraction and zone). */
static gboolean
parse_stamp (const char *value,
             Stamp      *st)
{
  const char *p = value;

  memset (st, 0, sizeof *st);
  if (value == NULL)
    return FALSE;

  while (*p == ' ')
    p++;
  st->date_start = p - value;
  if (!read_digits (&p, 4, 4, &st->year) || *p++ != '-' || !read_digits (&p, 2, 2, &st->month) ||
      *p++ != '-' || !read_digits (&p, 2, 2, &st->day))
    return FALSE;
  if (st->year < 1 || !g_date_valid_dmy (st->day, st->month, st->year))
    return FALSE;
  st->rest_start = p - value;

  while (*p == ' ' || *p == '\t')
    p++;
  if (*p == '\0')
    return TRUE;

  /* time part */
  if (*p == 'T' || *p == 't')
    p++;
  else if (p[-1] != ' ' && p[-1] != '\t')
    return FALSE;
  st->has_time = TRUE;
  st->time_start = p - value;
  if (!read_digits (&p, 1, 2, &st->hour))
    return FALSE;
  st->hour_digits = p - value - st->time_start;
  if (*p++ != ':' || !read_digits (&p, 2, 2, &st->minute) ||
      *p++ != ':' || !read_digits (&p, 2, 2, &st->second))
    return FALSE;
  if (st->hour > 23 || st->minute > 59 || st->second > 60)
    return FALSE;
  if (*p == '.')
    {
      p++;
      st->frac_start = p - value;
      while (g_ascii_isdigit (*p))
        p++;
      st->frac_len = p - value - st->frac_start;
    }
  st->rest_start = p - value;

  while (*p == ' ' || *p == '\t')
    p++;
  if (*p == 'Z' || *p == 'z')
    {
      st->zone = ZONE_UTC;
      p++;
    }
  else if (*p == '+' || *p == '-')
    {
      int sign = *p == '-' ? -1 : 1;
      int hours, minutes = 0;

      p++;
      if (!read_digits (&p, 1, 2, &hours))
        return FALSE;
      if (*p == ':')
        {
          p++;
          if (!read_digits (&p, 2, 2, &minutes))
            return FALSE;
        }
      st->zone = ZONE_OFFSET;
      st->offset = sign * (hours * 3600 + minutes * 60);
    }
  while (*p == ' ')
    p++;
  return *p == '\0';
}

gboolean
postings_date_parse (const char *value,
                     GDate      *day)
{
  Stamp st;

  if (!parse_stamp (value, &st))
    return FALSE;
  if (day)
    g_date_set_dmy (day, st.day, st.month, st.year);
  return TRUE;
}

static GTimeZone *
stamp_time_zone (const Stamp *st)
{
  if (st->zone == ZONE_UTC)
    return g_time_zone_new_utc ();
  return g_time_zone_new_offset (st->offset);
}

/* The moment of a zoned timestamp, seen in @zone (NULL: local). */
static GDateTime *
stamp_to_zone (const Stamp *st,
               GTimeZone   *zone)
{
  g_autoptr(GTimeZone) file_zone = stamp_time_zone (st);
  g_autoptr(GDateTime) at = g_date_time_new (file_zone, st->year, st->month, st->day,
                                             st->hour, st->minute, MIN (st->second, 59));
  g_autoptr(GTimeZone) local = zone != NULL ? g_time_zone_ref (zone) : g_time_zone_new_local ();

  if (at == NULL)
    return NULL;
  return g_date_time_to_timezone (at, local);
}

/* The date and time as shown: in @zone for a zoned timestamp. */
static gboolean
stamp_shown (const Stamp *st,
             GTimeZone   *zone,
             int         *year,
             int         *month,
             int         *day,
             int         *hour,
             int         *minute)
{
  *year = st->year;
  *month = st->month;
  *day = st->day;
  *hour = st->hour;
  *minute = st->minute;
  if (st->has_time && st->zone != ZONE_NONE)
    {
      g_autoptr(GDateTime) local = stamp_to_zone (st, zone);

      if (local == NULL)
        return FALSE;
      g_date_time_get_ymd (local, year, month, day);
      *hour = g_date_time_get_hour (local);
      *minute = g_date_time_get_minute (local);
    }
  return TRUE;
}

/* @previous (parsed in @st) with a new date and time as shown in @zone;
 * @second < 0 keeps the seconds and their fraction. */
static char *
stamp_rewrite (const char  *previous,
               const Stamp *st,
               GTimeZone   *zone,
               int          year,
               int          month,
               int          day,
               int          hour,
               int          minute,
               int          second)
{
  GString *out;

  if (!st->has_time)
    return g_strdup_printf ("%.*s%04d-%02d-%02d%s", (int) st->date_start, previous,
                            year, month, day, previous + st->rest_start);

  if (st->zone != ZONE_NONE)
    {
      g_autoptr(GTimeZone) local = zone != NULL ? g_time_zone_ref (zone) : g_time_zone_new_local ();
      g_autoptr(GTimeZone) file_zone = stamp_time_zone (st);
      g_autoptr(GDateTime) shown = g_date_time_new (local, year, month, day, hour, minute,
                                                    second >= 0 ? second : MIN (st->second, 59));
      g_autoptr(GDateTime) written = shown != NULL ? g_date_time_to_timezone (shown, file_zone) : NULL;

      if (written == NULL)
        return NULL;
      g_date_time_get_ymd (written, &year, &month, &day);
      hour = g_date_time_get_hour (written);
      minute = g_date_time_get_minute (written);
      if (second >= 0)
        second = g_date_time_get_second (written);
    }

  out = g_string_new (NULL);
  g_string_append_len (out, previous, st->date_start);
  g_string_append_printf (out, "%04d-%02d-%02d", year, month, day);
  /* the separator as written: `T`, a space… */
  g_string_append_len (out, previous + st->date_start + 10, st->time_start - st->date_start - 10);
  g_string_append_printf (out, "%0*d:%02d:", (int) st->hour_digits, hour, minute);
  if (second < 0)
    g_string_append_len (out, previous + st->time_start + st->hour_digits + 4,
                         st->rest_start - st->time_start - st->hour_digits - 4);
  else
    {
      g_string_append_printf (out, "%02d", second);
      if (st->frac_start > 0)
        {
          g_string_append_c (out, '.');
          for (gsize i = 0; i < st->frac_len; i++)
            g_string_append_c (out, '0');
        }
    }
  g_string_append (out, previous + st->rest_start);
  return g_string_free (out, FALSE);
}

char *
postings_date_format_display (const char *value,
                              GTimeZone  *zone)
{
  Stamp st;
  int year, month, day, hour, minute;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) shown = NULL;

  if (!parse_stamp (value, &st) || !stamp_shown (&st, zone, &year, &month, &day, &hour, &minute))
    return NULL;

  /* the fields as shown, in a zone of no consequence */
  shown = g_date_time_new (utc, year, month, day, hour, minute, 0);
  if (shown == NULL)
    return NULL;
  return st.has_time ? postings_format_date_time_in_zone (shown) : postings_format_date (shown);
}

gboolean
postings_date_get_display_day (const char *value,
                               GTimeZone  *zone,
                               int        *year,
                               int        *month,
                               int        *day)
{
  Stamp st;
  int hour, minute;

  return parse_stamp (value, &st) && stamp_shown (&st, zone, year, month, day, &hour, &minute);
}

char *
postings_date_with_display_day (const char *previous,
                                GTimeZone  *zone,
                                int         year,
                                int         month,
                                int         day)
{
  Stamp st;
  int y, m, d, hour, minute;

  g_return_val_if_fail (g_date_valid_dmy (day, month, year), NULL);

  if (!parse_stamp (previous, &st) || !stamp_shown (&st, zone, &y, &m, &d, &hour, &minute))
    return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
  if (y == year && m == month && d == day)
    return g_strdup (previous);
  return stamp_rewrite (previous, &st, zone, year, month, day, hour, minute, -1);
}

/* The month a word of the user names (`juin`, `Juin`, `févr`, `June`), or 0. */
static int
match_month (const char *word)
{
  g_autofree char *folded = g_utf8_casefold (word, -1);
  int found = 0;

  if (g_str_has_suffix (folded, "."))
    folded[strlen (folded) - 1] = '\0';
  if (g_utf8_strlen (folded, -1) < 3)
    return 0;

  for (int i = 1; i <= 12; i++)
    {
      const char *names[] = { postings_format_month_name (i, TRUE), postings_format_month_name (i, FALSE) };

      for (guint n = 0; n < G_N_ELEMENTS (names); n++)
        {
          g_autofree char *name = g_utf8_casefold (names[n], -1);

          if (strcmp (name, folded) == 0)
            return i;
          if (g_str_match_string (folded, name, TRUE))
            {
              if (found != 0 && found != i)
                return -1;  /* `jui`: June or July */
              found = i;
            }
        }
    }
  return found;
}

/* "28 juin 2022 à 09:27", "June 28, 2022 at 9:27", "28/06/2022", "1er juin
 * 2022". *hour is -1 when no time was given. */
static gboolean
parse_shown (const char *text,
             int        *year,
             int        *month,
             int        *day,
             int        *hour,
             int        *minute)
{
  g_auto(GStrv) words = NULL;
  g_autofree char *spaced = g_strdup (text);

  *year = *month = *day = 0;
  *hour = *minute = -1;

  /* no-break spaces and commas separate words too */
  for (char *p = spaced; *p != '\0'; p++)
    if (*p == ',')
      *p = ' ';
  {
    g_autofree char *nbsp = spaced;
    g_auto(GStrv) parts = g_strsplit (nbsp, "\u00a0", -1);
    spaced = g_strjoinv (" ", parts);
  }
  words = g_strsplit_set (spaced, " \t", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *w = words[i];
      gsize len = strlen (w);
      int a, b, c;

      if (len == 0 || g_str_equal (w, "à") || g_ascii_strcasecmp (w, "at") == 0
          || g_ascii_strcasecmp (w, "le") == 0 || g_ascii_strcasecmp (w, "on") == 0)
        continue;
      if (g_ascii_strcasecmp (w, "1er") == 0 && *day == 0)
        {
          *day = 1;
          continue;
        }
      if (sscanf (w, "%2d%*1[:h]%2d", &a, &b) == 2 && *hour < 0 && strspn (w, "0123456789:h") == len
          && a >= 0 && a <= 23 && b >= 0 && b <= 59)
        {
          *hour = a;
          *minute = b;
          continue;
        }
      if (strspn (w, "0123456789") == len)
        {
          int v = atoi (w);

          if (len == 4 && *year == 0)
            *year = v;
          else if (len <= 2 && *day == 0)
            *day = v;
          else
            return FALSE;
          continue;
        }
      if (*month == 0 && (c = match_month (w)) > 0)
        {
          *month = c;
          continue;
        }
      /* 28/06/2022, 28.06.2022, 28-06-2022 */
      if (*day == 0 && *month == 0 && *year == 0)
        {
          char sep[2] = { 0, 0 };
          g_auto(GStrv) parts = NULL;

          sep[0] = strchr (w, '/') ? '/' : strchr (w, '.') ? '.' : '-';
          parts = g_strsplit (w, sep, -1);
          if (g_strv_length (parts) == 3
              && strlen (parts[0]) >= 1 && strlen (parts[0]) <= 2 && strspn (parts[0], "0123456789") == strlen (parts[0])
              && strlen (parts[1]) >= 1 && strlen (parts[1]) <= 2 && strspn (parts[1], "0123456789") == strlen (parts[1])
              && strlen (parts[2]) == 4 && strspn (parts[2], "0123456789") == 4)
            {
              *day = atoi (parts[0]);
              *month = atoi (parts[1]);
              *year = atoi (parts[2]);
              continue;
            }
        }
      return FALSE;
    }

  return *year > 0 && *month > 0 && *day > 0 && g_date_valid_dmy (*day, *month, *year);
}

char *
postings_date_parse_display (const char *typed,
                             const char *previous,
                             GTimeZone  *zone)
{
  g_autofree char *text = g_strstrip (g_strdup (typed != NULL ? typed : ""));
  int year, month, day, hour, minute;
  int py, pm, pd, ph, pmin;
  Stamp st;

  if (text[0] == '\0')
    return g_strdup ("");

  /* Already in the file's form: written as typed. */
  if (postings_date_parse (text, NULL))
    return g_steal_pointer (&text);

  if (!parse_shown (text, &year, &month, &day, &hour, &minute))
    return NULL;

  if (!parse_stamp (previous, &st) || !stamp_shown (&st, zone, &py, &pm, &pd, &ph, &pmin))
    return g_strdup_printf ("%04d-%02d-%02d", year, month, day);

  /* A time means nothing for a date, and no time keeps the one there is. */
  if (hour < 0 || !st.has_time)
    {
      hour = ph;
      minute = pmin;
    }
  if (year == py && month == pm && day == pd && hour == ph && minute == pmin)
    return g_strdup (previous);
  return stamp_rewrite (previous, &st, zone, year, month, day, hour, minute,
                        hour == ph && minute == pmin ? -1 : 0);
}

void
postings_date_get_today (GDate *today)
{
  const char *fixed = g_getenv ("POSTINGS_TODAY");
  g_autoptr(GDateTime) now = NULL;

  g_return_if_fail (today != NULL);

  g_date_clear (today, 1);
  if (fixed != NULL && fixed[0] != '\0' && postings_date_parse (fixed, today))
    return;

  now = g_date_time_new_now_local ();
  g_date_set_dmy (today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

static gboolean
entry_day (PostingsDocument     *document,
           const char           *key,
           GDate                *day,
           const PostingsEntry **out)
{
  const PostingsEntry *e = postings_document_lookup (document, key);

  if (e == NULL || e->kind != POSTINGS_NODE_SCALAR || !postings_date_parse (e->value, day))
    return FALSE;
  if (out)
    *out = e;
  return TRUE;
}

gboolean
postings_posting_get_date (PostingsDocument *document,
                           const char       *basename,
                           GDate            *day)
{
  g_autofree char *name_date = NULL;

  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (document), FALSE);

  if (entry_day (document, "date", day, NULL))
    return TRUE;
  return basename != NULL && postings_file_name_parse (basename, &name_date, NULL) &&
         postings_date_parse (name_date, day);
}

gboolean
postings_posting_get_closing_date (PostingsDocument     *document,
                                   GDate                *day,
                                   const PostingsEntry **entry)
{
  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (document), FALSE);

  return entry_day (document, "depublication_date", day, entry) ||
         entry_day (document, "poste_ferme", day, entry);
}
