/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "postings-data-uri.h"
#include "postings-word-count.h"

typedef struct
{
  guint    words;
  guint    characters;
  gboolean in_word;
} Counter;

static gboolean
joins_words (gunichar c)
{
  return c == '\'' || c == 0x2019 || c == '-' || c == 0xB7 || c == 0x2027;
}

static void
count_span (Counter    *counter,
            const char *text,
            const char *end)
{
  const char *p = text;

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      const char *next;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* A byte that is not UTF-8: one character, not part of a word. */
          counter->characters++;
          counter->in_word = FALSE;
          p++;
          continue;
        }
      next = g_utf8_next_char (p);

      if (c != '\n' && c != '\r')
        counter->characters++;

      if (g_unichar_isalnum (c) || g_unichar_ismark (c))
        {
          if (!counter->in_word)
            counter->words++;
          counter->in_word = TRUE;
        }
      else if (counter->in_word && joins_words (c))
        {
          /* l’équipe, chargé·e, peut-être: one word */
          gunichar after = next < end ? g_utf8_get_char_validated (next, end - next) : 0;

          counter->in_word = after != (gunichar) -1 && after != (gunichar) -2 &&
                             g_unichar_isalnum (after);
        }
      else
        counter->in_word = FALSE;

      p = next;
    }
}

void
postings_count_words_and_characters (const char *text,
                                     gssize      len,
                                     guint      *words,
                                     guint      *characters)
{
  Counter counter = { 0, };
  g_autoptr(GArray) uris = NULL;
  gsize pos = 0;
  gsize size;

  if (text == NULL)
    len = 0;
  size = len < 0 ? strlen (text) : (gsize) len;

  uris = postings_data_uri_find_all (text, size, 0);
  for (guint i = 0; i <= uris->len; i++)
    {
      gsize stop = i < uris->len ? g_array_index (uris, PostingsDataUri, i).start : size;

      count_span (&counter, text + pos, text + stop);
      if (i < uris->len)
        {
          pos = g_array_index (uris, PostingsDataUri, i).end;
          counter.in_word = FALSE;
        }
    }

  if (words != NULL)
    *words = counter.words;
  if (characters != NULL)
    *characters = counter.characters;
}
