/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Opening a repository: read and parse every posting of the corpus (what
 * the window and `postings check` do first), and the cost of one lossless
 * edit (set a value, re-parse, verify) on the largest posting.
 * Run with `meson test --benchmark`; exits 77 (skip) without the corpus.
 *
 *   bench-open [ROUNDS]     (default 20)
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "postings-core.h"

#define EXIT_SKIP 77

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

int
main (int argc, char *argv[])
{
  const char *corpus = g_getenv ("POSTINGS_CORPUS_DIR");
  guint rounds = argc > 1 ? (guint) atoi (argv[1]) : 20;
  g_autofree char *jobs = NULL;
  g_autoptr(GArray) totals = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) edits = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *largest = NULL;
  goffset largest_size = 0;
  guint n_files = 0;

  if (corpus == NULL || !g_file_test (corpus, G_FILE_TEST_IS_DIR))
    {
      printf ("SKIP: corpus not found\n");
      return EXIT_SKIP;
    }
  jobs = g_build_filename (corpus, "jobs", NULL);

  for (guint r = 0; r < rounds; r++)
    {
      g_autoptr(GDir) dir = g_dir_open (jobs, 0, NULL);
      const char *name;
      gint64 start = g_get_monotonic_time ();
      double ms;

      n_files = 0;
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (jobs, name, NULL);
          g_autoptr(GFile) file = g_file_new_for_path (path);
          g_autoptr(PostingsDocument) doc = postings_document_new_for_file (file, NULL, NULL);

          g_assert_nonnull (doc);
          n_files++;
          if (r == 0)
            {
              gsize len;
              postings_document_get_text (doc, &len);
              if ((goffset) len > largest_size)
                {
                  largest_size = (goffset) len;
                  g_free (largest);
                  largest = g_strdup (path);
                }
            }
        }
      ms = (double) (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (totals, ms);
    }

  {
    g_autofree char *data = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (largest, &data, &len, NULL));
    for (guint i = 0; i < rounds * 50; i++)
      {
        g_autoptr(PostingsDocument) doc = postings_document_new_from_data (data, (gssize) len);
        gint64 start = g_get_monotonic_time ();
        double us;

        g_assert_true (postings_document_set_value (doc, "roles", i % 2 ? "Chargé·e : mission" : "Dev", POSTINGS_VALUE_TEXT, NULL));
        us = (double) (g_get_monotonic_time () - start);
        g_array_append_val (edits, us);
      }
  }

  g_array_sort (totals, compare_double);
  g_array_sort (edits, compare_double);
  printf ("open repository: %u postings read and parsed: median %.1f ms, min %.1f ms, max %.1f ms (%u rounds)\n",
          n_files, g_array_index (totals, double, totals->len / 2),
          g_array_index (totals, double, 0), g_array_index (totals, double, totals->len - 1), rounds);
  printf ("one lossless edit (set, re-parse, verify) on the largest posting (%" G_GOFFSET_FORMAT " bytes): median %.0f µs, max %.0f µs\n",
          largest_size, g_array_index (edits, double, edits->len / 2), g_array_index (edits, double, edits->len - 1));
  return 0;
}
