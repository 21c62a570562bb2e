/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * How long the preview view takes to redraw the largest corpus posting after
 * a one-character edit of its body, in a real window under a display:
 *
 *   update  the redraw itself (preview model, diff, text buffer changes),
 *           i.e. postings_preview_view_flush() after the edit;
 *   frame   the whole frame that shows the edit (the redraw in the frame
 *           clock's update phase, then text layout and painting), from
 *           "before-paint" to "after-paint".
 *
 * Also a full redraw (another document). Run under Xvfb with
 * `meson test --benchmark`; exits 77 (skip) without a display or corpus.
 *
 *   bench-preview-view [ITERATIONS]   (default 200, or $POSTINGS_BENCH_ITERATIONS)
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "postings-document.h"
#include "postings-preview-view.h"

#define EXIT_SKIP 77

typedef struct
{
  PostingsPreviewView *view;
  guint                count_before;
  gint64               frame_start;
  double               frame_us;
  gboolean             done;
} FrameProbe;

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        GArray     *samples)
{
  double sum = 0, max = 0;

  g_array_sort (samples, compare_double);
  for (guint i = 0; i < samples->len; i++)
    {
      double v = g_array_index (samples, double, i);
      sum += v;
      max = MAX (max, v);
    }

  g_print ("%-8s mean %.3f ms  median %.3f ms  max %.3f ms  (%u runs)\n",
           what,
           sum / samples->len / 1000.0,
           g_array_index (samples, double, samples->len / 2) / 1000.0,
           max / 1000.0,
           samples->len);
}

/* The largest file of the corpus (as `ls -S jobs | head -1`). */
static char *
find_largest (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  char *best = NULL;
  goffset best_size = -1;

  if (d == NULL)
    return NULL;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;

      if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
        continue;

      if ((goffset) st.st_size > best_size ||
          ((goffset) st.st_size == best_size && g_strcmp0 (name, best) < 0))
        {
          g_free (best);
          best = g_strdup (name);
          best_size = st.st_size;
        }
    }

  return best;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 FrameProbe    *probe)
{
  probe->frame_start = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                FrameProbe    *probe)
{
  if (probe->done || postings_preview_view_get_redraw_count (probe->view) <= probe->count_before)
    return;

  probe->frame_us = (double) (g_get_monotonic_time () - probe->frame_start);
  probe->done = TRUE;
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
wait_until (gboolean *flag)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  return !timed_out;
}

/* The body with a character inserted at (or, every other time, removed
 * from) a place that moves through the text. */
static char *
edit_body (const char *body,
           guint       round)
{
  glong n_chars = g_utf8_strlen (body, -1);
  glong at = (glong) ((round / 2) * 7919 % (guint) MAX (n_chars - 1, 1));
  const char *p = g_utf8_offset_to_pointer (body, at);

  if (round % 2 == 0)
    return g_strdup_printf ("%.*sx%s", (int) (p - body), body, p);

  /* Undo the previous insertion. */
  return g_strdup_printf ("%.*s%s", (int) (p - body), body, g_utf8_next_char (p));
}

int
main (int   argc,
      char *argv[])
{
  const char *corpus = g_getenv ("POSTINGS_CORPUS_DIR");
  const char *env_iterations = g_getenv ("POSTINGS_BENCH_ITERATIONS");
  guint iterations = 200;
  g_autofree char *jobs = NULL;
  g_autofree char *largest = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(PostingsDocument) document = NULL;
  g_autoptr(GArray) update = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) full = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *window;
  PostingsPreviewView *view;
  GdkFrameClock *clock;
  FrameProbe probe = { 0 };
  gulong before_id, after_id;
  g_autofree char *text = NULL;

  if (argc > 1)
    iterations = (guint) MAX (atoi (argv[1]), 2);
  else if (env_iterations != NULL)
    iterations = (guint) MAX (atoi (env_iterations), 2);

  if (corpus == NULL)
    {
      g_printerr ("POSTINGS_CORPUS_DIR is not set: skipped\n");
      return EXIT_SKIP;
    }

  if (!gtk_init_check ())
    {
      g_printerr ("no display: skipped (run under xvfb-run)\n");
      return EXIT_SKIP;
    }
  adw_init ();

  jobs = g_build_filename (corpus, "jobs", NULL);
  largest = find_largest (jobs);
  if (largest == NULL)
    {
      g_printerr ("no corpus in %s: skipped\n", jobs);
      return EXIT_SKIP;
    }

  path = g_build_filename (jobs, largest, NULL);
  if (!g_file_get_contents (path, &contents, &len, NULL))
    return EXIT_FAILURE;
  document = postings_document_new_from_data (contents, len);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 900);
  view = POSTINGS_PREVIEW_VIEW (postings_preview_view_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  postings_preview_view_set_document (view, document);
  gtk_window_present (GTK_WINDOW (window));

  /* The first drawing. */
  probe.view = view;
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (view));
  if (clock == NULL)
    {
      while (gtk_widget_get_frame_clock (GTK_WIDGET (view)) == NULL)
        g_main_context_iteration (NULL, TRUE);
      clock = gtk_widget_get_frame_clock (GTK_WIDGET (view));
    }
  before_id = g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &probe);
  after_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &probe);
  probe.count_before = 0;
  probe.done = FALSE;
  if (!wait_until (&probe.done))
    {
      g_printerr ("the preview never drew\n");
      return EXIT_FAILURE;
    }

  text = postings_preview_view_dup_text (view);
  g_print ("preview of %s (%" G_GSIZE_FORMAT " bytes, %ld characters drawn)\n",
           largest, len, g_utf8_strlen (text, -1));

  for (guint round = 0; round < iterations; round++)
    {
      g_autofree char *body = postings_document_dup_body (document);
      g_autofree char *edited = edit_body (body, round);
      gint64 start;
      double us;

      /* The redraw itself, as the frame would run it. */
      postings_document_set_body (document, edited);
      start = g_get_monotonic_time ();
      postings_preview_view_flush (view);
      us = (double) (g_get_monotonic_time () - start);
      g_array_append_val (update, us);

      /* The whole frame showing an edit: edit again (back), let the frame
       * clock draw it. */
      g_free (body);
      body = postings_document_dup_body (document);
      g_free (edited);
      edited = edit_body (body, round + 1);
      probe.count_before = postings_preview_view_get_redraw_count (view);
      probe.done = FALSE;
      postings_document_set_body (document, edited);
      if (!wait_until (&probe.done))
        {
          g_printerr ("no frame drew the edit\n");
          return EXIT_FAILURE;
        }
      g_array_append_val (frame, probe.frame_us);
      round++;
    }

  /* A full redraw: the view is given the document anew. */
  for (guint i = 0; i < MAX (iterations / 10, 5); i++)
    {
      gint64 start;
      double us;

      postings_preview_view_set_document (view, NULL);
      postings_preview_view_flush (view);
      postings_preview_view_set_document (view, document);
      start = g_get_monotonic_time ();
      postings_preview_view_flush (view);
      us = (double) (g_get_monotonic_time () - start);
      g_array_append_val (full, us);
    }

  g_print ("redraw after a one-character edit:\n");
  report ("update", update);
  report ("frame", frame);
  g_print ("full redraw (another document):\n");
  report ("full", full);

  g_signal_handler_disconnect (clock, before_id);
  g_signal_handler_disconnect (clock, after_id);
  gtk_window_destroy (GTK_WINDOW (window));

  return EXIT_SUCCESS;
}
