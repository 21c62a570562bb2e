/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Spelling never blocks typing. In a real window, the source view shows the
 * body of a corpus posting with French spelling on:
 *
 *   whole    time from loading the text to every word checked and
 *            underlined (background worker, results applied in chunks;
 *            includes the 120 ms pause the view waits after an edit)
 *   stall    the longest main-loop dispatch while typing 200 characters
 *            into it at 20 keys a second (the keystroke's own handling
 *            included), and the 99th percentile
 *   own      the longest main-thread step of the spelling itself (copying
 *            the text for the worker, applying a chunk of underlines)
 *
 * for the largest posting of the corpus, the one with the most words, and
 * the largest with a 277 KB embedded image line added (as the 320 KB
 * posting the issue describes, pasted from a word processor); each also
 * with spelling off, to tell the view's own cost from the spelling's.
 * Then, given the `postings` program, the time of `postings check
 * --spelling` over the whole corpus (wall clock and processor time), with
 * the default corrections, none, and without spelling. Run
 * under Xvfb with `meson test --benchmark`; exits 77 (skip) without a
 * display, the corpus or a French dictionary.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <sys/resource.h>

#include "postings-core.h"
#include "postings-source-view.h"
#include "postings-spell-controller-private.h"

#define EXIT_SKIP 77
#define KEY_INTERVAL_US (G_USEC_PER_SEC / 20)

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* One main-loop iteration: waits up to @deadline (not measured), then
 * dispatches what is ready; returns the dispatch time. */
static gint64
dispatch_once (gint64 deadline)
{
  GMainContext *context = g_main_context_default ();
  GPollFD fds[64];
  gint max_priority, timeout, n_fds;
  gint64 start, now = g_get_monotonic_time ();
  int wait_ms = deadline > now ? (int) ((deadline - now) / 1000) : 0;

  g_main_context_prepare (context, &max_priority);
  n_fds = g_main_context_query (context, max_priority, &timeout, fds, G_N_ELEMENTS (fds));
  g_poll (fds, MIN (n_fds, (gint) G_N_ELEMENTS (fds)), timeout < 0 ? wait_ms : MIN (timeout, wait_ms));
  start = g_get_monotonic_time ();
  if (g_main_context_check (context, max_priority, fds, MIN (n_fds, (gint) G_N_ELEMENTS (fds))))
    g_main_context_dispatch (context);
  return g_get_monotonic_time () - start;
}

static void
wait_idle (PostingsSpellController *spell)
{
  while (!postings_spell_controller_is_idle (spell))
    dispatch_once (g_get_monotonic_time () + 50000);
}

static char *
read_body (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PostingsDocument) doc = postings_document_new_for_file (file, NULL, &error);

  g_assert_no_error (error);
  return postings_document_dup_body (doc);
}

static void
bench_text (PostingsSourceView *view, const char *name, const char *body, gboolean spelling)
{
  PostingsSpellController *spell = postings_source_view_get_spell_controller (view);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  g_autoptr(GArray) stalls = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) words = NULL;
  const char *typed = "Nous recrutons un·e dévelopeur pour l’équipe. ";
  GtkTextTag *tag;
  GtkTextIter iter, end;
  gint64 start;
  double whole_ms;
  guint n_underlined = 0;
  gint64 own_us;

  postings_spell_controller_set_enabled (spell, spelling);
  words = postings_words_split (body, -1, POSTINGS_WORDS_MARKDOWN);

  start = g_get_monotonic_time ();
  postings_source_view_replace_text (view, body, FALSE);
  wait_idle (spell);
  whole_ms = (g_get_monotonic_time () - start) / 1000.0;

  tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "postings-misspelled");
  gtk_text_buffer_get_start_iter (buffer, &iter);
  while (tag != NULL && gtk_text_iter_forward_to_tag_toggle (&iter, tag))
    if (gtk_text_iter_starts_tag (&iter, tag))
      n_underlined++;

  _postings_spell_controller_take_longest_step (spell);
  /* type at the end of the first line of text */
  gtk_text_buffer_get_start_iter (buffer, &iter);
  gtk_text_iter_forward_to_line_end (&iter);
  gtk_text_buffer_place_cursor (buffer, &iter);
  for (guint i = 0; i < 200; i++)
    {
      const char *p = g_utf8_offset_to_pointer (typed, i % g_utf8_strlen (typed, -1));
      gint64 key = g_get_monotonic_time (), keystroke, deadline = key + KEY_INTERVAL_US;

      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_insert_interactive_at_cursor (buffer, p, (int) (g_utf8_next_char (p) - p), TRUE);
      gtk_text_buffer_end_user_action (buffer);
      keystroke = g_get_monotonic_time () - key;
      g_array_append_val (stalls, keystroke);
      while (g_get_monotonic_time () < deadline)
        {
          gint64 dispatch = dispatch_once (deadline);
          g_array_append_val (stalls, dispatch);
        }
    }
  /* and the check after the last key */
  while (!postings_spell_controller_is_idle (spell))
    {
      gint64 dispatch = dispatch_once (g_get_monotonic_time () + 50000);
      g_array_append_val (stalls, dispatch);
    }
  g_array_sort (stalls, compare_gint64);
  own_us = _postings_spell_controller_take_longest_step (spell);
  gtk_text_buffer_get_bounds (buffer, &iter, &end);

  g_print ("%s, spelling %s: %zu bytes, %u words, %u underlined\n", name, spelling ? "on" : "off",
           strlen (body), words->len, n_underlined);
  if (spelling)
    g_print ("  whole check in the background: %.1f ms after loading\n", whole_ms);
  g_print ("  typing 200 characters: longest main-loop stall %.2f ms, 99th percentile %.2f ms (%u dispatches)\n",
           g_array_index (stalls, gint64, stalls->len - 1) / 1000.0,
           g_array_index (stalls, gint64, stalls->len * 99 / 100) / 1000.0, stalls->len);
  if (spelling)
    g_print ("  the spelling's own longest main-thread step while typing: %.2f ms\n", own_us / 1000.0);
}

static char *
pick (const char *dir, gboolean most_words)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  char *best = NULL;
  guint64 best_score = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;
      guint64 score;

      if (!g_file_get_contents (path, &contents, &len, NULL))
        continue;
      if (most_words)
        {
          g_autoptr(GArray) words = postings_words_split (contents, (gssize) len, POSTINGS_WORDS_MARKDOWN);
          score = words->len;
        }
      else
        score = len;
      if (score > best_score)
        {
          best_score = score;
          g_free (best);
          best = g_steal_pointer (&path);
        }
    }
  return best;
}

static double
children_cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_CHILDREN, &usage);
  return (double) usage.ru_utime.tv_sec + (double) usage.ru_stime.tv_sec
         + ((double) usage.ru_utime.tv_usec + (double) usage.ru_stime.tv_usec) / 1e6;
}

/* `postings check OPTION jobs`, once: a whole site's check is seconds. */
static void
bench_check (const char *postings,
             const char *option,
             const char *jobs)
{
  const char *argv[] = { postings, "check", option, jobs, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  double cpu = children_cpu_s ();
  gint64 start = g_get_monotonic_time ();
  int status;
  guint lines = 0;

  if (option == NULL)
    argv[2] = jobs, argv[3] = NULL;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error))
    g_error ("%s: %s", postings, error->message);
  for (const char *p = out; p != NULL && *p != '\0'; p++)
    lines += *p == '\n';
  g_print ("postings check %s over the corpus: %.2f s (%.2f s of processor time), %u lines\n",
           option != NULL ? option : "(no spelling)", (double) (g_get_monotonic_time () - start) / 1e6,
           children_cpu_s () - cpu, lines);
}

int
main (int argc, char *argv[])
{
  const char *corpus = g_getenv ("POSTINGS_CORPUS_DIR");
  g_autofree char *jobs = corpus != NULL ? g_build_filename (corpus, "jobs", NULL) : NULL;
  g_autofree char *largest = NULL;
  g_autofree char *wordiest = NULL;
  g_autoptr(PostingsSpellChecker) fr = NULL;
  GtkWidget *window, *scrolled, *view;

  if (jobs == NULL || !g_file_test (jobs, G_FILE_TEST_IS_DIR))
    {
      g_print ("no corpus: skipped\n");
      return EXIT_SKIP;
    }
  if ((fr = postings_spell_checker_get_for_language (NULL, NULL)) == NULL)
    {
      g_print ("no French dictionary: skipped\n");
      return EXIT_SKIP;
    }
  if (!gtk_init_check ())
    {
      g_print ("no display: skipped\n");
      return EXIT_SKIP;
    }
  adw_init ();
  gtk_source_init ();

  largest = pick (jobs, FALSE);
  wordiest = pick (jobs, TRUE);

  window = gtk_window_new ();
  scrolled = gtk_scrolled_window_new ();
  view = postings_source_view_new ("markdown");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (view))
    dispatch_once (g_get_monotonic_time () + 50000);
  /* the dictionary is loaded once, before the figures */
  postings_source_view_replace_text (POSTINGS_SOURCE_VIEW (view), "Bonjour.", FALSE);
  wait_idle (postings_source_view_get_spell_controller (POSTINGS_SOURCE_VIEW (view)));

  {
    g_autofree char *largest_body = read_body (largest);
    g_autofree char *wordiest_body = read_body (wordiest);
    g_autofree char *largest_name = g_path_get_basename (largest);
    g_autofree char *wordiest_name = g_path_get_basename (wordiest);
    g_autoptr(GString) pasted = g_string_new (largest_body);

    g_string_append (pasted, "\n![capture](data:image/png;base64,");
    while (pasted->len < strlen (largest_body) + 277 * 1024)
      g_string_append (pasted, "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk");
    g_string_append (pasted, ")\n");

    for (int spelling = 1; spelling >= 0; spelling--)
      {
        bench_text (POSTINGS_SOURCE_VIEW (view), largest_name, largest_body, spelling);
        bench_text (POSTINGS_SOURCE_VIEW (view), wordiest_name, wordiest_body, spelling);
        bench_text (POSTINGS_SOURCE_VIEW (view), "largest + 277 KB embedded image", pasted->str, spelling);
      }
  }

  gtk_window_destroy (GTK_WINDOW (window));

  if (argc > 1)
    {
      bench_check (argv[1], "--spelling", jobs);
      bench_check (argv[1], "--suggestions=0", jobs);
      bench_check (argv[1], NULL, jobs);
    }
  return 0;
}
