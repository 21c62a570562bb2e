/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The site workspace at scale, on the 543 real postings and on a site of
 * 10,000 postings made here (real postings copied under new names into a
 * temporary folder, removed after):
 *
 *   - time to the first 50 rows and to the whole index, through the main
 *     loop as the window loads a site (postings_site_load_async ()), and
 *     the longest main-loop stall meanwhile (a 1 ms timeout records the
 *     longest gap between its runs);
 *   - the whole index in the calling thread, as `postings list` does;
 *   - one search keystroke: fold the query and match every entry, as the
 *     sidebar's filter does (each prefix of a few real queries);
 *   - the memory the site adds (resident set, /proc/self/statm);
 *   - `postings list` on 10,000 postings, as a whole process.
 *
 * Figures are printed, never asserted. Run with `meson test --benchmark`;
 * exits 77 (skip) without the corpus.
 *
 *   bench-site POSTINGS_EXECUTABLE [N]     (default N = 10000)
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "postings-core.h"

#define EXIT_SKIP 77
#define FIRST_ROWS 50

static double
ms_since (gint64 start)
{
  return (double) (g_get_monotonic_time () - start) / 1000.0;
}

/* Processor time used by this process (who = RUSAGE_SELF) or its ended
 * children, in ms: the machine may be shared, so wall times vary. */
static double
cpu_ms (int who)
{
  struct rusage ru;

  getrusage (who, &ru);
  return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000.0 +
         (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000.0;
}

static double
rss_mb (void)
{
  g_autofree char *statm = NULL;
  unsigned long size = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) ||
      sscanf (statm, "%lu %lu", &size, &resident) != 2)
    return 0;
  return (double) resident * (double) sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

/* TMP/content/_jobs with @n postings: the corpus's, then copies named
 * DATE-SLUG-K.md. */
static char *
make_site (const char *corpus_jobs,
           GPtrArray  *names,
           guint       n)
{
  g_autoptr(GError) error = NULL;
  char *tmp = g_dir_make_tmp ("postings-bench-site-XXXXXX", &error);
  g_autofree char *jobs = g_build_filename (tmp, "content", "_jobs", NULL);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (jobs, 0755), ==, 0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (corpus_jobs, g_ptr_array_index (names, i), NULL);
      char *text = NULL;

      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      g_ptr_array_add (texts, text);
    }
  for (guint k = 0; k < n; k++)
    {
      guint i = k % names->len;
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *new_name = NULL;
      g_autofree char *path = NULL;

      if (k < names->len)
        new_name = g_strdup (name);
      else if (g_str_has_suffix (name, ".md"))
        new_name = g_strdup_printf ("%.*s-%u.md", (int) (strlen (name) - 3), name, k / names->len);
      else
        new_name = g_strdup_printf ("%s-%u", name, k / names->len);
      path = g_build_filename (jobs, new_name, NULL);
      g_assert_true (g_file_set_contents (path, g_ptr_array_index (texts, i), -1, NULL));
    }
  return tmp;
}

typedef struct
{
  GListModel *model;
  gint64 start;
  double first_rows_ms;
  guint n_batches;
  gboolean done;
  gint64 last_tick;
  gint64 longest_gap;
} AsyncRun;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  AsyncRun   *run)
{
  run->n_batches++;
  if (run->first_rows_ms < 0 && g_list_model_get_n_items (model) >= FIRST_ROWS)
    run->first_rows_ms = ms_since (run->start);
}

static gboolean
tick_cb (gpointer data)
{
  AsyncRun *run = data;
  gint64 now = g_get_monotonic_time ();

  if (run->last_tick != 0 && now - run->last_tick > run->longest_gap)
    run->longest_gap = now - run->last_tick;
  run->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
loaded_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  AsyncRun *run = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (postings_site_load_finish (POSTINGS_SITE (object), result, &error));
  g_assert_no_error (error);
  run->done = TRUE;
}

/* Each prefix of these, as typed: one keystroke each. */
static const char * const queries[] = { "développeur", "chargé de déploiement", "data", "produit" };

static void
bench_keystrokes (GListModel *model,
                  double     *worst_ms,
                  double     *mean_ms,
                  guint      *n_keystrokes)
{
  double total = 0;
  guint n = 0, n_items = g_list_model_get_n_items (model);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);

  /* a filter model holds its items; so do we, outside the timing */
  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (entries, g_list_model_get_item (model, i));

  *worst_ms = 0;
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    for (const char *end = g_utf8_next_char (queries[q]); ; end = g_utf8_next_char (end))
      {
        g_autofree char *typed = g_strndup (queries[q], (gsize) (end - queries[q]));
        gint64 start = g_get_monotonic_time ();
        g_autofree char *folded = postings_site_fold_for_search (typed);
        guint matches = 0;
        double ms;

        for (guint i = 0; i < entries->len; i++)
          matches += postings_site_entry_matches (g_ptr_array_index (entries, i), folded);
        ms = ms_since (start);
        g_assert_cmpuint (matches, <=, n_items);
        total += ms;
        n++;
        *worst_ms = MAX (*worst_ms, ms);
        if (*end == '\0')
          break;
      }
  *mean_ms = total / n;
  *n_keystrokes = n;
}

static void
bench_site (const char *label,
            const char *root,
            const char *postings_exe)
{
  g_autoptr(GFile) folder = g_file_new_for_path (root);
  g_autoptr(GError) error = NULL;
  double rss_before, rss_after, sync_ms, worst_key, mean_key;
  guint n_keys, counts[5] = { 0 };
  AsyncRun run = { 0 };
  guint tick;

  double cpu_start;

  /* async, through the main loop */
  rss_before = rss_mb ();
  cpu_start = cpu_ms (RUSAGE_SELF);
  {
    g_autoptr(PostingsSite) site = postings_site_new (folder, &error);
    GListModel *model;

    g_assert_no_error (error);
    model = postings_site_get_entries (site);
    run.model = model;
    run.first_rows_ms = -1;
    g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &run);
    tick = g_timeout_add (1, tick_cb, &run);
    run.start = g_get_monotonic_time ();
    postings_site_load_async (site, NULL, loaded_cb, &run);
    while (!run.done)
      g_main_context_iteration (NULL, TRUE);
    g_source_remove (tick);
    g_signal_handlers_disconnect_by_data (model, &run);
    {
      double whole_ms = ms_since (run.start);

      rss_after = rss_mb ();
      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(PostingsSiteEntry) e = g_list_model_get_item (model, i);
          counts[postings_site_entry_get_state (e)]++;
        }
      printf ("%s: %u postings (%u open, %u closed, %u expired, %u unreadable)\n", label,
              g_list_model_get_n_items (model), counts[POSTINGS_POSTING_OPEN], counts[POSTINGS_POSTING_CLOSED],
              counts[POSTINGS_POSTING_EXPIRED], counts[POSTINGS_POSTING_UNREADABLE]);
      printf ("  async (window): first %d rows %.1f ms, whole index %.1f ms (%.0f ms of processor time) "
              "in %u model updates, longest main-loop stall %.1f ms\n",
              FIRST_ROWS, run.first_rows_ms, whole_ms, cpu_ms (RUSAGE_SELF) - cpu_start, run.n_batches,
              (double) run.longest_gap / 1000.0);
    }

    bench_keystrokes (model, &worst_key, &mean_key, &n_keys);
    printf ("  search keystroke (fold + match %u entries): mean %.2f ms, worst %.2f ms over %u keystrokes\n",
            g_list_model_get_n_items (model), mean_key, worst_key, n_keys);
    printf ("  memory added by the site: %.1f MB resident\n", rss_after - rss_before);
  }

  /* sync, as the command line */
  {
    g_autoptr(PostingsSite) site = postings_site_new (folder, &error);
    gint64 start = g_get_monotonic_time ();
    double cpu = cpu_ms (RUSAGE_SELF);

    g_assert_true (postings_site_load (site, NULL, &error));
    sync_ms = ms_since (start);
    printf ("  sync (postings list's way): whole index %.1f ms (%.0f ms of processor time)\n",
            sync_ms, cpu_ms (RUSAGE_SELF) - cpu);
  }

  /* `postings list`, as a whole process */
  if (postings_exe != NULL)
    {
      const char *argv[] = { postings_exe, "list", root, NULL };
      g_autoptr(GSubprocess) proc = NULL;
      g_autofree char *out = NULL;
      gint64 start = g_get_monotonic_time ();
      double cpu = cpu_ms (RUSAGE_CHILDREN);
      double ms;
      guint lines = 0;

      proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error));
      ms = ms_since (start);
      for (const char *p = out; *p; p++)
        lines += *p == '\n';
      printf ("  `postings list` process: %.1f ms (%.0f ms of processor time) for %u lines (exit %d)\n",
              ms, cpu_ms (RUSAGE_CHILDREN) - cpu, lines, g_subprocess_get_exit_status (proc));
    }
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

int
main (int argc, char *argv[])
{
  const char *corpus = g_getenv ("POSTINGS_CORPUS_DIR");
  const char *postings_exe = argc > 1 ? argv[1] : NULL;
  guint n = argc > 2 ? (guint) atoi (argv[2]) : 10000;
  g_autofree char *corpus_jobs = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (corpus == NULL || !g_file_test (corpus, G_FILE_TEST_IS_DIR))
    {
      printf ("SKIP: corpus not found\n");
      return EXIT_SKIP;
    }
  {
    g_autofree char *loadavg = NULL;

    if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
      printf ("%u processors, load average %s", g_get_num_processors (), loadavg);
  }
  corpus_jobs = g_build_filename (corpus, "jobs", NULL);
  dir = g_dir_open (corpus_jobs, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  {
    g_autofree char *real = make_site (corpus_jobs, names, names->len);
    bench_site ("real postings", real, postings_exe);
    remove_tree (real);
  }
  {
    gint64 start = g_get_monotonic_time ();
    g_autofree char *big = make_site (corpus_jobs, names, n);

    printf ("(made a site of %u postings in %.0f ms)\n", n, ms_since (start));
    bench_site ("generated site", big, postings_exe);
    remove_tree (big);
  }
  return 0;
}
