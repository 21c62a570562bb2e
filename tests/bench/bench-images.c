/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Pasted images (data: URIs), in a real window under a display:
 *
 *   preview   opening a posting with 9 pasted images (the corpus posting
 *             with an image, given 8 more, the largest on a 277 KB line, as
 *             the largest posting pasted from a word processor): the time to
 *             show its text, then to show all its images (decoded in a
 *             worker), and the longest main-loop stall meanwhile;
 *   source    the same text in the source view: the time to open and lay it
 *             out, and the time a keystroke costs (the edit, the folding's
 *             look at the changed line, then the frame that shows it: layout
 *             and painting), typing elsewhere in the text and on the line of
 *             the 277 KB image, with the images folded and shown in full.
 *
 * Run under Xvfb with `meson test --benchmark`; exits 77 (skip) without a
 * display or the corpus.
 *
 *   bench-images [KEYSTROKES]   (default 100, or $POSTINGS_BENCH_ITERATIONS)
 */
#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <string.h>

#include "postings-data-uri.h"
#include "postings-data-uri-fold.h"
#include "postings-document.h"
#include "postings-image-loader.h"
#include "postings-preview-view-private.h"
#include "postings-source-view.h"

#define EXIT_SKIP 77
#define N_IMAGES  9

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* A noisy image: PNG cannot shrink it, so its data URI is as large as a
 * pasted screenshot's. */
static char *
noisy_png_uri (GRand *rand,
               int    width,
               int    height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  g_autofree char *png = NULL;
  g_autofree char *base64 = NULL;
  gsize len;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width * 3; x++)
      pixels[y * stride + x] = (guchar) g_rand_int_range (rand, 0, 256);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &png, &len, "png", NULL, NULL));
  base64 = g_base64_encode ((const guchar *) png, len);
  return g_strconcat ("data:image/png;base64,", base64, NULL);
}

/* The corpus posting with one pasted image, given 8 more after its
 * paragraphs; the first is 277 KB of base64 on its line. */
static char *
make_posting (const char *corpus_text,
              gsize      *big_line_offset)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);
  g_auto(GStrv) lines = g_strsplit (corpus_text, "\n", -1);
  GString *out = g_string_new (NULL);
  guint added = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "![](data:image/png;base64,"))
        {
          /* 277 KB: 300 × 236 noisy RGB pixels. */
          g_autofree char *uri = noisy_png_uri (rand, 300, 236);

          *big_line_offset = g_utf8_strlen (out->str, out->len);
          g_string_append_printf (out, "![Capture](%s)\n", uri);
          added++;
          continue;
        }
      g_string_append_printf (out, "%s\n", lines[i]);
      if (g_str_has_prefix (lines[i], "## ") && added < N_IMAGES)
        {
          g_autofree char *uri = noisy_png_uri (rand, 30 + 2 * added, 20);

          g_string_append_printf (out, "\n![Illustration %u](%s)\n", added, uri);
          added++;
        }
    }
  while (added < N_IMAGES)
    {
      g_autofree char *uri = noisy_png_uri (rand, 30, 20);

      g_string_append_printf (out, "\n![Illustration %u](%s)\n", added, uri);
      added++;
    }

  return g_string_free (out, FALSE);
}

/* Main-loop stalls ---------------------------------------------------------- */

typedef struct
{
  gint64 last;
  double longest;
} Stall;

static gboolean
stall_tick_cb (gpointer data)
{
  Stall *stall = data;
  gint64 now = g_get_monotonic_time ();

  if (stall->last != 0)
    stall->longest = MAX (stall->longest, (now - stall->last) / 1000.0);
  stall->last = now;
  return G_SOURCE_CONTINUE;
}

/* The preview ------------------------------------------------------------- */

static void
bench_preview (const char *text,
               guint       n_images)
{
  g_autoptr(PostingsDocument) document = postings_document_new_from_data (text, -1);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  PostingsPreviewView *view = POSTINGS_PREVIEW_VIEW (postings_preview_view_new ());
  PostingsImageLoader *loader = postings_image_loader_get_default ();
  Stall stall = { 0, 0 };
  double to_text, to_images;
  gint64 start;
  guint stall_id;

  gtk_window_set_default_size (window, 700, 800);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  while (!gtk_widget_get_mapped (GTK_WIDGET (view)))
    g_main_context_iteration (NULL, TRUE);

  stall_id = g_timeout_add (1, stall_tick_cb, &stall);
  start = stall.last = g_get_monotonic_time ();
  postings_preview_view_set_document (view, document);
  postings_preview_view_flush (view);
  to_text = ms_since (start);

  while (postings_image_loader_get_n_pending (loader) > 0 ||
         _postings_preview_view_get_image (view, n_images - 1, NULL) == NULL)
    g_main_context_iteration (NULL, TRUE);
  to_images = ms_since (start);
  stall_tick_cb (&stall);
  g_source_remove (stall_id);

  g_print ("preview: text shown in %.1f ms, its %u images in %.1f ms "
           "(longest main-loop stall meanwhile %.1f ms)\n",
           to_text, n_images, to_images, stall.longest);

  gtk_window_destroy (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The source view --------------------------------------------------------- */

typedef struct
{
  gint64 start;
  double frame_ms;
  gboolean done;
} Frame;

static void
before_paint_cb (GdkFrameClock *clock,
                 Frame         *frame)
{
  frame->start = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Frame         *frame)
{
  if (frame->start == 0)
    return;
  frame->frame_ms = ms_since (frame->start);
  frame->done = TRUE;
}

/* One keystroke at @offset: the edit and what it sets off before the
 * next frame, then that frame. */
static double
keystroke (PostingsSourceView *view,
           int                 offset)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (view));
  Frame frame = { 0, 0, FALSE };
  gulong before = g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &frame);
  gulong after = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &frame);
  GtkTextIter iter;
  double edit_ms;
  gint64 start;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  gtk_text_buffer_place_cursor (buffer, &iter);

  start = g_get_monotonic_time ();
  gtk_text_buffer_insert_interactive_at_cursor (buffer, "e", 1, TRUE);
  postings_data_uri_fold_flush (postings_source_view_get_data_uri_fold (view));
  edit_ms = ms_since (start);

  while (!frame.done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, before);
  g_signal_handler_disconnect (clock, after);

  return edit_ms + frame.frame_ms;
}

static void
report_typing (const char         *what,
               PostingsSourceView *view,
               int                 offset,
               guint               n)
{
  double sum = 0, longest = 0;

  for (guint i = 0; i < n; i++)
    {
      double ms = keystroke (view, offset + (int) i);

      sum += ms;
      longest = MAX (longest, ms);
    }
  g_print ("  %-34s mean %6.2f ms  max %6.2f ms  (%u keystrokes)\n", what, sum / n, longest, n);
}

static void
bench_source (const char *text,
              int         big_line_offset,
              gboolean    folded,
              guint       n)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  PostingsSourceView *view = POSTINGS_SOURCE_VIEW (postings_source_view_new ("markdown"));
  PostingsDataUriFold *fold = postings_source_view_get_data_uri_fold (view);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter end;
  double open_ms;
  gint64 start;
  int end_offset;

  gtk_window_set_default_size (window, 700, 800);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  while (!gtk_widget_get_mapped (GTK_WIDGET (view)))
    g_main_context_iteration (NULL, TRUE);

  /* Opening: the text and its folding, the first frame, then the layout
   * of every line (GtkTextView does it in idle chunks). */
  {
    GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (view));
    Frame frame = { 0, 0, FALSE };
    gulong after = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &frame);
    double first_frame_ms;

    frame.start = 1;
    start = g_get_monotonic_time ();
    if (!folded)
      postings_data_uri_fold_set_all_expanded (fold, TRUE);
    postings_source_view_replace_text (view, text, FALSE);
    postings_data_uri_fold_flush (fold);
    while (!frame.done)
      g_main_context_iteration (NULL, TRUE);
    first_frame_ms = ms_since (start);
    g_signal_handler_disconnect (clock, after);
    while (g_main_context_iteration (NULL, FALSE))
      ;
    open_ms = ms_since (start);

    g_print ("source view, images %s (%u URIs): first frame after %.1f ms, every line laid out after %.1f ms\n",
             folded ? "folded" : "in full", postings_data_uri_fold_get_n_uris (fold), first_frame_ms, open_ms);
  }
  gtk_text_buffer_get_end_iter (buffer, &end);
  end_offset = gtk_text_iter_get_offset (&end);

  report_typing ("typing elsewhere (end of the text)", view, end_offset - 1, n);
  report_typing ("typing on the 277 KB image's line", view, big_line_offset, n);

  gtk_window_destroy (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  const char *dir = g_getenv ("POSTINGS_CORPUS_DIR");
  const char *env_n = g_getenv ("POSTINGS_BENCH_ITERATIONS");
  guint n = argc > 1 ? (guint) atoi (argv[1]) : env_n != NULL ? (guint) atoi (env_n) : 100;
  g_autofree char *path = NULL;
  g_autofree char *corpus_text = NULL;
  g_autofree char *text = NULL;
  gsize big_line_offset = 0;

  if (!gtk_init_check ())
    {
      g_printerr ("bench-images: no display, skipped\n");
      return EXIT_SKIP;
    }
  adw_init ();

  path = dir != NULL ? g_build_filename (dir, "jobs", "2021-09-22-dev.full-stack.senior.md", NULL) : NULL;
  if (path == NULL || !g_file_get_contents (path, &corpus_text, NULL, NULL))
    {
      g_printerr ("bench-images: the corpus (../shared/corpus) is absent, skipped\n");
      return EXIT_SKIP;
    }

  text = make_posting (corpus_text, &big_line_offset);
  {
    g_autoptr(GArray) uris = postings_data_uri_find_all (text, strlen (text), 0);
    gsize longest = 0;

    for (guint i = 0; i < uris->len; i++)
      longest = MAX (longest, g_array_index (uris, PostingsDataUri, i).end - g_array_index (uris, PostingsDataUri, i).start);
    g_print ("posting: %zu KB, %u pasted images, the largest %zu KB on one line\n",
             strlen (text) / 1024, uris->len, longest / 1024);
  }

  bench_preview (text, N_IMAGES);
  bench_source (text, (int) big_line_offset, TRUE, n);
  bench_source (text, (int) big_line_offset, FALSE, n);

  return 0;
}
