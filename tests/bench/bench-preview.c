/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * How long the preview takes to rebuild: cmark parse + preview model (and
 * the page header), for the largest corpus posting N times, then for every
 * corpus posting. Run with `meson test --benchmark`; exits 77 (skip) when
 * the corpus is absent.
 *
 *   bench-preview [ITERATIONS]      (default 500, or $POSTINGS_BENCH_ITERATIONS)
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "postings-core.h"

#define EXIT_SKIP 77

typedef struct
{
  char             *name;
  PostingsDocument *document;
  goffset           size;
} Posting;

static void
posting_free (Posting *posting)
{
  g_free (posting->name);
  g_clear_object (&posting->document);
  g_free (posting);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* One model build of @document's body, in microseconds. */
static double
time_model (PostingsDocument *document,
            guint            *n_blocks)
{
  gint64 start = g_get_monotonic_time ();
  PostingsPreviewModel *model = postings_preview_model_new_from_document (document);
  gint64 end = g_get_monotonic_time ();

  if (n_blocks != NULL)
    *n_blocks = postings_preview_model_get_n_blocks (model);
  postings_preview_model_free (model);

  return (double) (end - start);
}

int
main (int   argc,
      char *argv[])
{
  const char *corpus = g_getenv ("POSTINGS_CORPUS_DIR");
  const char *env_iterations = g_getenv ("POSTINGS_BENCH_ITERATIONS");
  g_autofree char *jobs = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) postings = g_ptr_array_new_with_free_func ((GDestroyNotify) posting_free);
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(PostingsPreviewModel) previous = NULL;
  Posting *largest = NULL;
  const char *name;
  guint iterations = 500;
  guint n_blocks = 0;
  double total, max, corpus_total, corpus_max, header_total;
  gint64 start;

  if (argc > 1)
    iterations = (guint) g_ascii_strtoull (argv[1], NULL, 10);
  else if (env_iterations != NULL)
    iterations = (guint) g_ascii_strtoull (env_iterations, NULL, 10);
  iterations = MAX (iterations, 1);

  if (corpus == NULL)
    {
      printf ("SKIP: POSTINGS_CORPUS_DIR is not set\n");
      return EXIT_SKIP;
    }
  jobs = g_build_filename (corpus, "jobs", NULL);
  dir = g_dir_open (jobs, 0, NULL);
  if (dir == NULL)
    {
      printf ("SKIP: no corpus at %s\n", jobs);
      return EXIT_SKIP;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (jobs, name, NULL);
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;
      Posting *posting;
      gsize len;

      if (!g_file_get_contents (path, &text, &len, &error))
        {
          fprintf (stderr, "%s: %s\n", path, error->message);
          return EXIT_FAILURE;
        }

      posting = g_new0 (Posting, 1);
      posting->name = g_strdup (name);
      posting->document = postings_document_new_from_data (text, len);
      posting->size = (goffset) len;
      g_ptr_array_add (postings, posting);

      /* Same choice as `ls -S | head -1`: largest, then by name. */
      if (largest == NULL || posting->size > largest->size ||
          (posting->size == largest->size && g_strcmp0 (posting->name, largest->name) < 0))
        largest = posting;
    }

  if (largest == NULL)
    {
      printf ("SKIP: the corpus at %s is empty\n", jobs);
      return EXIT_SKIP;
    }

  /* Warm up (page faults, cmark's first allocations). */
  for (guint i = 0; i < 10; i++)
    time_model (largest->document, NULL);

  total = max = 0;
  for (guint i = 0; i < iterations; i++)
    {
      double us = time_model (largest->document, &n_blocks);

      g_array_append_val (samples, us);
      total += us;
      max = MAX (max, us);
    }
  g_array_sort (samples, compare_double);

  printf ("largest posting: %s (%" G_GOFFSET_FORMAT " bytes, %u blocks)\n",
          largest->name, largest->size, n_blocks);
  printf ("  model build x%u: mean %.1f us, median %.1f us, max %.1f us\n",
          iterations, total / iterations,
          g_array_index (samples, double, samples->len / 2), max);

  /* What a keystroke costs in the UI: build the new model and diff it
   * against the previous one. */
  previous = postings_preview_model_new_from_document (largest->document);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < iterations; i++)
    {
      PostingsPreviewModel *model = postings_preview_model_new_from_document (largest->document);
      PostingsPreviewChange change;

      postings_preview_model_diff (previous, model, &change);
      postings_preview_model_free (previous);
      previous = model;
    }
  printf ("  model build + diff: mean %.1f us\n",
          (double) (g_get_monotonic_time () - start) / iterations);

  header_total = 0;
  for (guint i = 0; i < iterations; i++)
    {
      gint64 t = g_get_monotonic_time ();
      PostingsPreviewHeader *header = postings_preview_header_new (largest->document, largest->name);

      header_total += (double) (g_get_monotonic_time () - t);
      postings_preview_header_free (header);
    }
  printf ("  page header: mean %.2f us\n", header_total / iterations);

  corpus_total = corpus_max = 0;
  n_blocks = 0;
  for (guint i = 0; i < postings->len; i++)
    {
      Posting *posting = g_ptr_array_index (postings, i);
      guint blocks;
      double us = time_model (posting->document, &blocks);

      corpus_total += us;
      corpus_max = MAX (corpus_max, us);
      n_blocks += blocks;
    }
  printf ("whole corpus: %u postings, %u blocks: total %.1f ms, mean %.1f us, max %.1f us per posting\n",
          postings->len, n_blocks, corpus_total / 1000.0, corpus_total / postings->len, corpus_max);

  return EXIT_SUCCESS;
}
