/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "postings-date.h"

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

gboolean
postings_date_parse (const char *value,
                     GDate      *day)
{
  const char *p = value;
  int y, m, d, hh, mm, ss;

  if (value == NULL)
    return FALSE;
  while (*p == ' ')
    p++;
  if (!read_digits (&p, 4, 4, &y) || *p++ != '-' || !read_digits (&p, 2, 2, &m) ||
      *p++ != '-' || !read_digits (&p, 2, 2, &d))
    return FALSE;
  if (y < 1 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  if (day)
    g_date_set_dmy (day, d, m, y);

  while (*p == ' ' || *p == '\t')
    p++;
  if (*p == '\0')
    return TRUE;

  /* time part */
  if (*p == 'T' || *p == 't')
    p++;
  else if (p[-1] != ' ' && p[-1] != '\t')
    return FALSE;
  if (!read_digits (&p, 1, 2, &hh) || *p++ != ':' || !read_digits (&p, 2, 2, &mm) ||
      *p++ != ':' || !read_digits (&p, 2, 2, &ss))
    return FALSE;
  if (hh > 23 || mm > 59 || ss > 60)
    return FALSE;
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        p++;
    }
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p == 'Z' || *p == 'z')
    p++;
  else if (*p == '+' || *p == '-')
    {
      int tz;
      p++;
      if (!read_digits (&p, 1, 2, &tz))
        return FALSE;
      if (*p == ':')
        {
          p++;
          if (!read_digits (&p, 2, 2, &tz))
            return FALSE;
        }
    }
  while (*p == ' ')
    p++;
  return *p == '\0';
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
