/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Typing in a real window (PostingsWindow and its PostingsEditorPage, the
 * preview shown beside the source), at 10 keys a second, into:
 *
 *   5 KB        the reference: a real corpus posting as it is;
 *   9 images    the same posting with 9 generated PNGs of 20–40 KB pasted
 *               as data: URIs, each on its own line (as a posting pasted
 *               from a word processor);
 *   300 KB text the same posting with 300 KB of plain paragraphs added;
 *   300 KB line the same posting with one 300 KB line of plain text added.
 *
 * Each keystroke inserts a character at the cursor (end of the body's first
 * paragraph, far from the large parts) the way a key press does
 * (gtk_text_buffer_insert_interactive_at_cursor). Measured in-process
 * through the window's GdkFrameClock, per posting:
 *
 *   echo     keystroke → end of the next frame painted (the source view
 *            shows the character), median and 90th percentile;
 *   preview  keystroke → end of the first frame painted after the preview
 *            applied a model that holds it, median and 90th percentile,
 *            and the same after the echo;
 *   stall    the longest gap between two runs of a 1 ms high-priority
 *            watchdog while typing (the main loop busy that long), and how
 *            many gaps were over 8 ms.
 *
 * Targets (issue 14): echo within 4 ms of the 5 KB posting's echo, preview
 * within 17 ms after the echo at p90, no stall over 8 ms. Printed, never
 * asserted. Run under Xvfb with `meson test --benchmark`; exits 77 (skip)
 * without a display or the corpus.
 *
 *   bench-typing [KEYSTROKES]   (default 60, or $POSTINGS_BENCH_ITERATIONS)
 */
#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "postings-application.h"
#include "postings-editor-page-private.h"
#include "postings-image-loader.h"
#include "postings-window.h"

#define EXIT_SKIP        77
#define KEY_INTERVAL_MS  100
#define REFERENCE        "2022-06-20-potentiel.recrute.un-e.charge.e.de.deploiement.md"

/* Postings ---------------------------------------------------------------- */

/* A noisy square image of about @bytes of PNG (noise does not compress). */
static char *
noisy_png_uri (GRand *rand,
               gsize  bytes)
{
  int side = 1;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  guchar *pixels;
  int stride;
  g_autofree char *png = NULL;
  g_autofree char *base64 = NULL;
  gsize len;

  while ((gsize) (side * side * 3) < bytes)
    side++;
  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, side, side);
  pixels = gdk_pixbuf_get_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  for (int y = 0; y < side; y++)
    for (int x = 0; x < side * 3; x++)
      pixels[y * stride + x] = (guchar) g_rand_int_range (rand, 0, 256);
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &png, &len, "png", NULL, NULL))
    g_error ("Could not encode a PNG");
  base64 = g_base64_encode ((const guchar *) png, len);
  return g_strconcat ("data:image/png;base64,", base64, NULL);
}

/* The posting with 9 images, one after each heading (then at the end). */
static char *
with_images (const char *text)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);
  guint added = 0, headings = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i + 1] == NULL && lines[i][0] == '\0')
        break;
      g_string_append_printf (out, "%s\n", lines[i]);
      if (g_str_has_prefix (lines[i], "#") && headings++ > 0 && added < 9)
        {
          g_autofree char *uri = noisy_png_uri (rand, 20000 + 2500 * added);

          g_string_append_printf (out, "\n![Capture %u](%s)\n\n", added + 1, uri);
          added++;
        }
    }
  for (; added < 9; added++)
    {
      g_autofree char *uri = noisy_png_uri (rand, 20000 + 2500 * added);

      g_string_append_printf (out, "\n![Capture %u](%s)\n", added + 1, uri);
    }
  return g_string_free (out, FALSE);
}

/* The posting with @size bytes of plain text added, as paragraphs or on
 * one line. */
static char *
with_text (const char *text,
           gsize       size,
           gboolean    one_line)
{
  static const char *const words[] = {
    "le", "projet", "accompagne", "des", "agents", "publics", "dans", "leurs",
    "démarches", "avec", "une", "équipe", "produit", "qui", "construit", "un",
    "service", "numérique", "simple", "et", "utile", "pour", "les", "usagers",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);
  GString *out = g_string_new (text);
  gsize start = out->len;
  guint in_paragraph = 0;

  g_string_append_c (out, '\n');
  while (out->len - start < size)
    {
      g_string_append (out, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      if (!one_line && ++in_paragraph == 80)
        {
          g_string_append (out, ".\n\n");
          in_paragraph = 0;
        }
      else
        g_string_append_c (out, ' ');
    }
  g_string_append (out, "fin.\n");
  return g_string_free (out, FALSE);
}

/* Measuring ---------------------------------------------------------------- */

/* µs of CPU the main thread used: on a loaded machine, the wall-clock
 * figures include waiting for a core; these do not. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

typedef struct
{
  gint64 key;       /* µs, when the key was typed */
  gint64 key_cpu;   /* main thread CPU µs then */
  gint64 echo_cpu;  /* … at the end of the next frame */
  gint64 echo;      /* µs, end of the next frame; 0: not yet */
  gint64 preview;   /* µs, end of the frame after the preview applied it */
  guint  redraws;   /* the preview's redraw count before the key */
} Keystroke;

typedef struct
{
  PostingsEditorPage  *page;
  PostingsPreviewView *preview;
  GtkTextBuffer       *buffer;
  GArray              *keys;      /* Keystroke */
  guint                n_keys;
  guint                first_unpreviewed;
  gint64               last_tick;
  gint64               last_tick_cpu;
  double               longest_stall_ms;
  double               longest_stall_cpu_ms;
  guint                n_stalls;
} Bench;

static gboolean
watchdog_cb (gpointer data)
{
  Bench *bench = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (bench->last_tick != 0)
    {
      double gap = (now - bench->last_tick) / 1000.0;

      bench->longest_stall_cpu_ms = MAX (bench->longest_stall_cpu_ms, (cpu - bench->last_tick_cpu) / 1000.0);

      bench->longest_stall_ms = MAX (bench->longest_stall_ms, gap);
      if (gap > 8.0)
        bench->n_stalls++;
    }
  bench->last_tick = now;
  bench->last_tick_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  gint64 now = g_get_monotonic_time ();
  guint redraws = postings_preview_view_get_redraw_count (bench->preview);

  for (guint i = bench->first_unpreviewed; i < bench->keys->len; i++)
    {
      Keystroke *k = &g_array_index (bench->keys, Keystroke, i);

      if (k->echo == 0)
        {
          k->echo = now;
          k->echo_cpu = thread_cpu_us ();
        }
      if (k->preview == 0 && redraws != k->redraws)
        k->preview = now;
    }
  while (bench->first_unpreviewed < bench->keys->len &&
         g_array_index (bench->keys, Keystroke, bench->first_unpreviewed).preview != 0)
    bench->first_unpreviewed++;
}

static gboolean
key_cb (gpointer data)
{
  Bench *bench = data;
  Keystroke k = { 0, 0, 0, 0 };

  if (bench->keys->len == bench->n_keys)
    return G_SOURCE_CONTINUE;

  k.redraws = postings_preview_view_get_redraw_count (bench->preview);
  k.key = g_get_monotonic_time ();
  k.key_cpu = thread_cpu_us ();
  g_array_append_val (bench->keys, k);
  gtk_text_buffer_insert_interactive_at_cursor (bench->buffer, bench->keys->len % 8 == 0 ? " " : "e", 1, TRUE);
  return G_SOURCE_CONTINUE;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  p)
{
  g_array_sort (values, compare_double);
  return g_array_index (values, double, MIN (values->len - 1, (guint) (p * values->len)));
}

typedef struct
{
  double echo_median, echo_p90;
  double echo_cpu_median, echo_cpu_p90;
  double stall_cpu;
  double preview_median, preview_p90;
  double after_echo_p90;
  double stall;
  guint  n_stalls;
} Figures;

static void
wait_a_while (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static guint bench_n_postings;

static char *
load_average (void)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &contents, NULL, NULL))
    return g_strdup ("unknown");
  fields = g_strsplit (contents, " ", 2);
  return g_strdup (fields[0]);
}

/* Runs the main loop until it has been mostly idle (under 5% of a core)
 * for half a second: the text views laid out, the first checks done. At
 * most 30 s. */
static void
settle (void)
{
  gint64 give_up = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < give_up)
    {
      gint64 cpu = thread_cpu_us ();

      wait_a_while (500);
      if (thread_cpu_us () - cpu < 25000)
        return;
    }
}

static Figures
bench_posting (PostingsApplication *app,
               const char          *dir,
               const char          *label,
               const char          *text,
               guint                n_keys)
{
  g_autofree char *name = g_strdup_printf ("2024-01-0%u-typing.md", ++bench_n_postings);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) echo = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) preview = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) after_echo = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) echo_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  PostingsWindow *window;
  GdkFrameClock *clock;
  Bench bench = { 0 };
  GtkTextIter iter;
  Figures f = { 0 };
  gulong paint_id;
  guint watchdog_id, key_id;
  gint64 deadline;

  if (!g_file_set_contents (path, text, -1, &error))
    g_error ("%s", error->message);

  window = postings_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  postings_window_open (window, file);
  while (postings_window_get_visible_page (window) == NULL ||
         postings_editor_page_get_document (postings_window_get_visible_page (window)) == NULL ||
         _postings_editor_page_is_busy (postings_window_get_visible_page (window)) ||
         !gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);

  bench.page = postings_window_get_visible_page (window);
  bench.preview = _postings_editor_page_get_preview (bench.page);
  bench.buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (_postings_editor_page_get_source_view (bench.page)));
  bench.keys = g_array_new (FALSE, TRUE, sizeof (Keystroke));
  bench.n_keys = n_keys;
  if (!gtk_widget_get_mapped (GTK_WIDGET (bench.preview)))
    g_error ("The preview is not shown");

  /* Everything shown and laid out: images decoded, idle layout done. */
  while (postings_preview_view_get_redraw_count (bench.preview) == 0 ||
         postings_image_loader_get_n_pending (postings_image_loader_get_default ()) > 0)
    g_main_context_iteration (NULL, TRUE);
  settle ();

  /* The cursor at the end of the body's first paragraph. */
  gtk_text_buffer_get_start_iter (bench.buffer, &iter);
  while (!gtk_text_iter_is_end (&iter))
    {
      GtkTextIter end = iter;
      g_autofree char *line = NULL;

      gtk_text_iter_forward_to_line_end (&end);
      line = gtk_text_iter_get_text (&iter, &end);
      if (strlen (line) > 40 && !strchr ("#*-![>|", line[0]))
        {
          iter = end;
          break;
        }
      if (!gtk_text_iter_forward_line (&iter))
        break;
    }
  gtk_text_buffer_place_cursor (bench.buffer, &iter);
  gtk_widget_grab_focus (GTK_WIDGET (_postings_editor_page_get_source_view (bench.page)));
  wait_a_while (300);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &bench);
  watchdog_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, watchdog_cb, &bench, NULL);
  key_id = g_timeout_add (KEY_INTERVAL_MS, key_cb, &bench);

  deadline = g_get_monotonic_time () + (gint64) (n_keys * KEY_INTERVAL_MS + 5000) * 1000;
  while ((bench.keys->len < n_keys || bench.first_unpreviewed < n_keys) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (watchdog_id);
  g_source_remove (key_id);
  g_signal_handler_disconnect (clock, paint_id);

  for (guint i = 0; i < bench.keys->len; i++)
    {
      Keystroke *k = &g_array_index (bench.keys, Keystroke, i);
      double e = (k->echo - k->key) / 1000.0;
      double p = (k->preview - k->key) / 1000.0;
      double a = (k->preview - k->echo) / 1000.0;
      double c = (k->echo_cpu - k->key_cpu) / 1000.0;

      if (k->echo == 0 || k->preview == 0)
        continue;
      g_array_append_val (echo, e);
      g_array_append_val (preview, p);
      g_array_append_val (after_echo, a);
      g_array_append_val (echo_cpu, c);
    }
  if (echo->len == 0)
    g_error ("%s: no keystroke was shown", label);

  f.echo_median = percentile (echo, 0.5);
  f.echo_p90 = percentile (echo, 0.9);
  f.preview_median = percentile (preview, 0.5);
  f.preview_p90 = percentile (preview, 0.9);
  f.after_echo_p90 = percentile (after_echo, 0.9);
  f.stall = bench.longest_stall_ms;
  f.stall_cpu = bench.longest_stall_cpu_ms;
  f.echo_cpu_median = percentile (echo_cpu, 0.5);
  f.echo_cpu_p90 = percentile (echo_cpu, 0.9);
  f.n_stalls = bench.n_stalls;

  g_print ("%-12s %5zu KB  echo %6.1f / %6.1f ms  preview %6.1f / %6.1f ms  "
           "(p90 %+6.1f ms after the echo)  longest stall %6.1f ms, %u over 8 ms  (%u/%u keys shown)\n",
           label, strlen (text) / 1024, f.echo_median, f.echo_p90, f.preview_median, f.preview_p90,
           f.after_echo_p90, f.stall, f.n_stalls, echo->len, n_keys);
  g_print ("%-12s main-thread CPU: keystroke to its frame %5.2f / %5.2f ms, longest stall %5.2f ms\n",
           "", f.echo_cpu_median, f.echo_cpu_p90, f.stall_cpu);

  g_array_unref (bench.keys);
  /* Typed text is not kept: the window goes without asking. */
  postings_editor_page_discard_changes (bench.page);
  gtk_window_destroy (GTK_WINDOW (window));
  wait_a_while (200);
  return f;
}

int
main (int   argc,
      char *argv[])
{
  const char *corpus = g_getenv ("POSTINGS_CORPUS_DIR");
  const char *env_n = g_getenv ("POSTINGS_BENCH_ITERATIONS");
  guint n = argc > 1 ? (guint) atoi (argv[1]) : env_n != NULL ? (guint) atoi (env_n) : 60;
  g_autoptr(PostingsApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *state = NULL;
  g_autofree char *cmd = NULL;
  g_autofree char *load = NULL;
  struct { const char *label; char *text; } postings[4];
  Figures figures[4];

  g_setenv ("POSTINGS_NON_UNIQUE", "1", TRUE);
  if (!gtk_init_check ())
    {
      g_printerr ("bench-typing: no display, skipped\n");
      return EXIT_SKIP;
    }
  path = corpus != NULL ? g_build_filename (corpus, "jobs", REFERENCE, NULL) : NULL;
  if (path == NULL || !g_file_get_contents (path, &reference, NULL, NULL))
    {
      g_printerr ("bench-typing: the corpus (../shared/corpus) is absent, skipped\n");
      return EXIT_SKIP;
    }

  tmp = g_dir_make_tmp ("postings-bench-typing-XXXXXX", &error);
  g_assert_no_error (error);
  state = g_build_filename (tmp, "state", NULL);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_setenv ("XDG_DATA_HOME", state, TRUE);

  app = postings_application_new (G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  g_application_hold (G_APPLICATION (app));

  postings[0].label = "5 KB";
  postings[0].text = g_strdup (reference);
  postings[1].label = "9 images";
  postings[1].text = with_images (reference);
  postings[2].label = "300 KB text";
  postings[2].text = with_text (reference, 300 * 1024, FALSE);
  postings[3].label = "300 KB line";
  postings[3].text = with_text (reference, 300 * 1024, TRUE);

  g_print ("typing at %d keys/s, %u keys per posting; echo and preview: median / p90\n",
           1000 / KEY_INTERVAL_MS, n);
  for (guint i = 0; i < G_N_ELEMENTS (postings); i++)
    figures[i] = bench_posting (app, tmp, postings[i].label, postings[i].text, n);

  load = load_average ();
  g_print ("\nload average %s: the wall-clock figures include waiting for a core, the CPU ones do not\n",
           load);
  g_print ("targets: echo within 4 ms of the 5 KB posting's (p90), preview within 17 ms after the echo (p90), "
           "no stall over 8 ms\n");
  for (guint i = 0; i < G_N_ELEMENTS (postings); i++)
    {
      double echo_delta = figures[i].echo_p90 - figures[0].echo_p90;

      double cpu_delta = figures[i].echo_cpu_p90 - figures[0].echo_cpu_p90;

      g_print ("%-12s echo %+5.1f ms (%s)  preview after echo %5.1f ms (%s)  stall %5.1f ms (%s)"
               "  | CPU: echo %+5.2f ms (%s), stall %5.2f ms (%s)\n",
               postings[i].label,
               echo_delta, echo_delta <= 4.0 ? "met" : "NOT met",
               figures[i].after_echo_p90, figures[i].after_echo_p90 <= 17.0 ? "met" : "NOT met",
               figures[i].stall, figures[i].stall <= 8.0 ? "met" : "NOT met",
               cpu_delta, cpu_delta <= 4.0 ? "met" : "NOT met",
               figures[i].stall_cpu, figures[i].stall_cpu <= 8.0 ? "met" : "NOT met");
      g_free (postings[i].text);
    }

  g_application_release (G_APPLICATION (app));
  cmd = g_strdup_printf ("rm -rf '%s'", tmp);
  if (!g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL))
    g_printerr ("Could not remove %s\n", tmp);
  return 0;
}
