/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Spelling over the 543 real postings with the real French dictionary:
 * what is flagged, per 1,000 words, and the words flagged most (printed,
 * to judge the dictionary and the word rules). */
#include "config.h"

#include <string.h>

#include "corpus-util.h"
#include "postings-core.h"

typedef struct
{
  const char *word;
  guint count;
} Flagged;

static int
compare_flagged (gconstpointer a, gconstpointer b)
{
  const Flagged *fa = a, *fb = b;

  if (fa->count != fb->count)
    return fa->count > fb->count ? -1 : 1;
  return strcmp (fa->word, fb->word);
}

/* A flagged word is a word: never a piece of an address, a code span or
 * an embedded image. */
static void
assert_is_prose (const char *word)
{
  g_assert_null (strstr (word, "://"));
  g_assert_null (strchr (word, '@'));
  g_assert_null (strchr (word, '`'));
  g_assert_null (strchr (word, '<'));
  g_assert_null (strchr (word, '/'));
  g_assert_null (strstr (word, "base64"));
  for (const char *p = word; *p != '\0'; p++)
    g_assert_false (g_ascii_isdigit (*p));
}

static void
test_spelling_corpus (void)
{
  const char *dir = corpus_util_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsSpellChecker) fr = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) top = g_array_new (FALSE, FALSE, sizeof (Flagged));
  g_auto(GStrv) keys = postings_words_prose_keys (NULL);
  guint64 n_words = 0, n_unknown = 0, n_inclusive = 0, n_inclusive_unknown = 0;
  gint64 start;
  double per_thousand, seconds;
  GHashTableIter iter;
  gpointer key, value;

  if (dir == NULL)
    {
      g_test_skip ("no corpus (../shared/corpus)");
      return;
    }
  fr = postings_spell_checker_get_for_language (NULL, &error);
  if (fr == NULL)
    {
      g_test_skip ("no French dictionary: install hunspell-fr");
      return;
    }

  names = corpus_util_list_names ("jobs");
  start = g_get_monotonic_time ();
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, "jobs", (char *) g_ptr_array_index (names, i), NULL);
      g_autofree char *contents = NULL;
      g_autoptr(PostingsDocument) doc = NULL;
      g_autoptr(GArray) words = NULL;
      g_autoptr(GArray) unknown = NULL;
      const char *text;
      gsize len;

      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      doc = postings_document_new_from_data (contents, (gssize) len);
      text = postings_document_get_text (doc, NULL);
      words = postings_words_split_document (doc, (const char * const *) keys);
      unknown = postings_spell_checker_check_words (fr, text, words);
      n_words += words->len;
      n_unknown += unknown->len;

      for (guint j = 0, k = 0; j < words->len; j++)
        {
          PostingsWord *w = &g_array_index (words, PostingsWord, j);
          gboolean flagged = k < unknown->len && g_array_index (unknown, PostingsWord, k).start == w->start;

          g_assert_cmpuint (w->end, <=, len);
          g_assert_true (g_utf8_validate (text + w->start, (gssize) (w->end - w->start), NULL));
          if (g_strstr_len (text + w->start, (gssize) (w->end - w->start), "·") != NULL)
            {
              n_inclusive++;
              n_inclusive_unknown += flagged;
            }
          if (flagged)
            {
              char *word = g_strndup (text + w->start, w->end - w->start);

              assert_is_prose (word);
              value = g_hash_table_lookup (counts, word);
              g_hash_table_replace (counts, word, GUINT_TO_POINTER (GPOINTER_TO_UINT (value) + 1));
              k++;
            }
        }
    }
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Flagged f = { key, GPOINTER_TO_UINT (value) };
      g_array_append_val (top, f);
    }
  g_array_sort (top, compare_flagged);

  per_thousand = 1000.0 * (double) n_unknown / (double) MAX (n_words, 1);
  g_test_message ("%u postings, %" G_GUINT64_FORMAT " words checked, %" G_GUINT64_FORMAT
                  " unknown (%u distinct): %.1f per 1,000 words; checked in %.2f s",
                  names->len, n_words, n_unknown, top->len, per_thousand, seconds);
  g_test_message ("words with a point médian: %" G_GUINT64_FORMAT ", of which unknown: %" G_GUINT64_FORMAT,
                  n_inclusive, n_inclusive_unknown);
  for (guint i = 0; i < MIN (top->len, 20); i++)
    g_test_message ("%2u. %-20s %u", i + 1, g_array_index (top, Flagged, i).word,
                    g_array_index (top, Flagged, i).count);

  /* The real postings are French: with a French dictionary most words are
   * known (an English one, or words cut in the wrong places, flags hundreds
   * per 1,000). */
  g_assert_cmpuint (n_words, >, 100000);
  g_assert_cmpfloat (per_thousand, <, 50.0);
  /* the inclusive forms of the offers are accepted */
  g_assert_cmpuint (n_inclusive, >, 100);
  g_assert_cmpfloat ((double) n_inclusive_unknown, <, 0.1 * (double) n_inclusive);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/corpus/spelling", test_spelling_corpus);
  return g_test_run ();
}
