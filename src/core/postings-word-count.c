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

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  gsize len;
  const char *text = g_bytes_get_data (task_data, &len);
  guint *counts;

  if (g_task_return_error_if_cancelled (task))
    return;
  counts = g_new (guint, 2);
  postings_count_words_and_characters (text, (gssize) len, &counts[0], &counts[1]);
  g_task_return_pointer (task, counts, g_free);
}

void
postings_count_words_async (GBytes              *text,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (text != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, postings_count_words_async);
  g_task_set_name (task, "[postings] word count");
  g_task_set_task_data (task, g_bytes_ref (text), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, count_thread);
}

gboolean
postings_count_words_finish (GAsyncResult  *result,
                             guint         *words,
                             guint         *characters,
                             GError       **error)
{
  g_autofree guint *counts = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == postings_count_words_async, FALSE);

  counts = g_task_propagate_pointer (G_TASK (result), error);
  if (counts == NULL)
    return FALSE;
  if (words != NULL)
    *words = counts[0];
  if (characters != NULL)
    *characters = counts[1];
  return TRUE;
}
