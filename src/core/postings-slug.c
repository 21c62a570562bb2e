/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "postings-slug.h"

#include <stdlib.h>
#include <string.h>

#define SEPARATOR '.'

static gboolean
is_slug_char (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static void
cap_length (GString *slug)
{
  gsize cut = POSTINGS_SLUG_MAX_LENGTH;

  if (slug->len <= POSTINGS_SLUG_MAX_LENGTH)
    return;

  /* Cut at the last separator within the limit (the character just past
   * the limit may be one), unless that leaves less than half the limit:
   * then cut in the middle of the overlong word. */
  while (cut > POSTINGS_SLUG_MAX_LENGTH / 2 && slug->str[cut] != SEPARATOR)
    cut--;
  if (slug->str[cut] != SEPARATOR)
    cut = POSTINGS_SLUG_MAX_LENGTH;

  g_string_truncate (slug, cut);

  while (slug->len > 0 && slug->str[slug->len - 1] == SEPARATOR)
    g_string_truncate (slug, slug->len - 1);
}

/* Appends the ASCII form of a letter or digit (é → e, œ → oe, ß → ss);
 * FALSE when it has none (日). */
static gboolean
append_ascii (GString  *out,
              gunichar  c)
{
  char utf8[8] = { 0 };
  g_autofree char *ascii = NULL;
  gboolean any = FALSE;

  g_unichar_to_utf8 (c, utf8);
  /* The "C" locale: the same name on every computer. */
  ascii = g_str_to_ascii (utf8, "C");

  for (const char *p = ascii; *p; p++)
    {
      char lower = g_ascii_tolower (*p);

      if (is_slug_char (lower))
        {
          g_string_append_c (out, lower);
          any = TRUE;
        }
    }

  return any;
}

char *
postings_slugify (const char *roles)
{
  g_autofree char *valid = NULL;
  g_autofree char *composed = NULL;
  GString *slug;
  gboolean pending_separator = FALSE;

  if (roles == NULL)
    return g_strdup (POSTINGS_SLUG_FALLBACK);

  /* Invalid UTF-8 (never produced by YAML) turns into separators; accents
   * typed as combining marks are joined to their letters first. */
  valid = g_utf8_make_valid (roles, -1);
  composed = g_utf8_normalize (valid, -1, G_NORMALIZE_DEFAULT_COMPOSE);

  slug = g_string_sized_new (strlen (composed));
  for (const char *p = composed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gsize before = slug->len;

      /* A stray combining mark is part of the letter before it. */
      if (g_unichar_ismark (c))
        continue;

      /* Only letters and digits make words. Everything else (spaces,
       * punctuation such as · • ’ « », symbols, emoji) separates them, even
       * where a transliteration exists (• would otherwise read as "o"). */
      if (g_unichar_isalnum (c))
        {
          if (pending_separator && slug->len > 0)
            g_string_append_c (slug, SEPARATOR);
          if (append_ascii (slug, c))
            {
              pending_separator = FALSE;
              continue;
            }
          /* No ASCII form: undo the separator, and separate. */
          g_string_truncate (slug, before);
        }

      pending_separator = TRUE;
    }

  cap_length (slug);

  if (slug->len == 0)
    g_string_assign (slug, POSTINGS_SLUG_FALLBACK);

  return g_string_free (slug, FALSE);
}

static gboolean
parse_date_prefix (const char *str,
                   char        out[11])
{
  int year, month, day;

  if (str == NULL || strlen (str) < 10)
    return FALSE;

  for (guint i = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        {
          if (str[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isdigit (str[i]))
        return FALSE;
    }

  year = atoi (str);
  month = atoi (str + 5);
  day = atoi (str + 8);
  if (year < 1 || !g_date_valid_dmy (day, month, year))
    return FALSE;

  memcpy (out, str, 10);
  out[10] = '\0';
  return TRUE;
}

gboolean
postings_date_is_valid (const char *date)
{
  char day[11];

  return date != NULL && strlen (date) == 10 && parse_date_prefix (date, day);
}

char *
postings_file_name_for_nth (const char *roles,
                            const char *date_yyyy_mm_dd,
                            guint       n)
{
  g_autofree char *slug = NULL;
  char day[11];

  if (!parse_date_prefix (date_yyyy_mm_dd, day))
    return NULL;

  /* A timestamp: only its day names the file (as on the site). */
  if (date_yyyy_mm_dd[10] != '\0' && date_yyyy_mm_dd[10] != 'T' &&
      date_yyyy_mm_dd[10] != 't' && date_yyyy_mm_dd[10] != ' ')
    return NULL;

  slug = postings_slugify (roles);

  if (n <= 1)
    return g_strdup_printf ("%s-%s.md", day, slug);
  return g_strdup_printf ("%s-%s-%u.md", day, slug, n);
}

char *
postings_file_name_for (const char *roles,
                        const char *date_yyyy_mm_dd)
{
  return postings_file_name_for_nth (roles, date_yyyy_mm_dd, 1);
}

gboolean
postings_file_name_parse (const char  *basename,
                          char       **date,
                          char       **slug)
{
  char day[11];
  const char *rest;
  gsize len;

  if (!parse_date_prefix (basename, day) || basename[10] != '-')
    return FALSE;

  rest = basename + 11;
  len = strlen (rest);
  if (len >= 3 && g_str_has_suffix (rest, ".md"))
    len -= 3;

  if (date != NULL)
    *date = g_strdup (day);
  if (slug != NULL)
    *slug = g_strndup (rest, len);

  return TRUE;
}
