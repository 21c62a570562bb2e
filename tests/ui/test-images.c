/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Images in the preview: data: URIs and site files drawn (checked on the
 * rendered pixels), remote images never fetched, nothing read outside the
 * site. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "postings-document.h"
#include "postings-html.h"
#include "postings-image-insert.h"
#include "postings-image-loader.h"
#include "postings-source-view.h"
#include "postings-word-count.h"
#include "postings-preview-view-private.h"
#include "ui-test-util.h"

#define HEAD "---\nroles: Dev\nopen: true\n---\n"

/* A @width × @height image of one colour, encoded as @type ("png", "jpeg", "webp"). */
static GBytes *
make_image (const char *type,
            int         width,
            int         height,
            guint32     rgba)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  gdk_pixbuf_fill (pixbuf, rgba);
  gdk_pixbuf_save_to_buffer (pixbuf, &data, &len, type, &error, NULL);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static char *
data_uri (const char *mime,
          GBytes     *bytes)
{
  g_autofree char *base64 = g_base64_encode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  return g_strdup_printf ("data:%s;base64,%s", mime, base64);
}

typedef struct
{
  GtkWindow           *window;
  PostingsPreviewView *view;
  PostingsDocument    *document;
} Fixture;

static void
fixture_open (Fixture    *f,
              const char *text,
              GFile      *file)
{
  f->document = postings_document_new_from_data (text, -1);
  f->window = GTK_WINDOW (gtk_window_new ());
  f->view = POSTINGS_PREVIEW_VIEW (postings_preview_view_new ());
  gtk_window_set_default_size (f->window, 640, 600);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  postings_preview_view_set_file (f->view, file);
  postings_preview_view_set_document (f->view, f->document);
  gtk_window_present (f->window);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->view)) &&
            postings_preview_view_get_redraw_count (f->view) > 0);
}

static void
fixture_close (Fixture *f)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->document);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
wait_for_images (Fixture *f,
                 guint    n)
{
  PostingsImageLoader *loader = postings_image_loader_get_default ();

  WAIT_FOR (postings_image_loader_get_n_pending (loader) == 0 &&
            (n == 0 || _postings_preview_view_get_image (f->view, n - 1, NULL) != NULL));
  /* Laid out and painted. */
  for (guint i = 0; i < 5; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

static void
after_paint_cb (GdkFrameClock *clock,
                guint         *count)
{
  (*count)++;
}

/* The view drawn as the screen shows it, in a cairo image. */
static cairo_surface_t *
render (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  guint painted = 0;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  int width, height;

  /* The paintable holds what the widget drew since it exists. */
  gtk_widget_queue_draw (widget);
  WAIT_FOR (painted >= 2);
  g_signal_handler_disconnect (clock, handler);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* The colour at (x, y), as 0xRRGGBB. */
static guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 argb = *(const guint32 *) (data + y * stride + x * 4);

  return argb & 0xffffff;
}

static gboolean
is_red (guint32 rgb)
{
  return (rgb >> 16 & 0xff) > 200 && (rgb >> 8 & 0xff) < 60 && (rgb & 0xff) < 60;
}

static void
test_data_uri_drawn (void)
{
  g_autoptr(GBytes) png = make_image ("png", 120, 80, 0xff0000ff);
  g_autofree char *uri = data_uri ("image/png", png);
  g_autofree char *text = g_strdup_printf (HEAD "Avant\n\n![Carré rouge](%s)\n\nAprès\n", uri);
  cairo_surface_t *surface;
  graphene_rect_t bounds;
  Fixture f;
  int red = 0;

  fixture_open (&f, text, NULL);
  wait_for_images (&f, 1);

  g_assert_nonnull (_postings_preview_view_get_image (f.view, 0, &bounds));
  g_assert_cmpfloat (bounds.size.width, ==, 120);
  g_assert_cmpfloat (bounds.size.height, ==, 80);
  g_assert_null (_postings_preview_view_get_image (f.view, 1, NULL));

  /* The image's pixels are on screen where the image is, and only there. */
  surface = render (GTK_WIDGET (f.view));
  for (int y = bounds.origin.y + 4; y < bounds.origin.y + bounds.size.height - 4; y += 8)
    for (int x = bounds.origin.x + 4; x < bounds.origin.x + bounds.size.width - 4; x += 8)
      {
        g_assert_true (is_red (pixel_at (surface, x, y)));
        red++;
      }
  g_assert_cmpint (red, >, 100);
  g_assert_false (is_red (pixel_at (surface, bounds.origin.x + bounds.size.width + 20, bounds.origin.y + 10)));
  g_assert_false (is_red (pixel_at (surface, 5, 5)));
  cairo_surface_destroy (surface);

  fixture_close (&f);
}

/* PNG, JPEG, GIF, WebP and SVG data URIs are all drawn. */
static void
test_formats (void)
{
  g_autoptr(GBytes) png = make_image ("png", 30, 20, 0xff0000ff);
  g_autoptr(GBytes) jpeg = make_image ("jpeg", 30, 20, 0xff0000ff);
  g_autoptr(GString) text = g_string_new (HEAD);
  const char *svg = "<svg xmlns='http://www.w3.org/2000/svg' width='30' height='20'>"
                    "<rect width='30' height='20' fill='red'/></svg>";
  g_autoptr(GBytes) svg_bytes = g_bytes_new_static (svg, strlen (svg));
  /* A 1×1 GIF */
  const char *gif = "data:image/gif;base64,R0lGODlhAQABAIAAAP8AAP///ywAAAAAAQABAAACAkQBADs=";
  guint n = 4;
  Fixture f;

  g_autofree char *png_uri = data_uri ("image/png", png);
  g_autofree char *jpeg_uri = data_uri ("image/jpeg", jpeg);
  g_autofree char *svg_uri = data_uri ("image/svg+xml", svg_bytes);
  g_string_append_printf (text, "![png](%s)\n\n![jpeg](%s)\n\n![svg](%s)\n\n![gif](%s)\n", png_uri, jpeg_uri, svg_uri, gif);

  {
    GSList *formats = gdk_pixbuf_get_formats ();

    for (GSList *l = formats; l != NULL; l = l->next)
      if (g_str_equal (gdk_pixbuf_format_get_name (l->data), "webp") &&
          gdk_pixbuf_format_is_writable (l->data))
        {
          g_autoptr(GBytes) webp = make_image ("webp", 30, 20, 0xff0000ff);
          g_autofree char *webp_uri = data_uri ("image/webp", webp);

          g_string_append_printf (text, "\n![webp](%s)\n", webp_uri);
          n++;
        }
    g_slist_free (formats);
    if (n == 4)
      g_test_message ("no WebP loader (webp-pixbuf-loader): WebP not checked");
  }

  fixture_open (&f, text->str, NULL);
  wait_for_images (&f, n);
  g_assert_null (_postings_preview_view_get_image (f.view, n, NULL));
  fixture_close (&f);
}

static void
test_remote_never_fetched (void)
{
  Fixture f;
  g_autofree char *shown = NULL;

  fixture_open (&f, HEAD "![Logo de l’équipe](https://cdn.example.org/logo.png) et ![](//img.example.net/a.png)\n", NULL);
  wait_for_images (&f, 0);
  shown = postings_preview_view_dup_text (f.view);
  g_assert_nonnull (strstr (shown, "Logo de l’équipe (image from cdn.example.org, not loaded)"));
  g_assert_nonnull (strstr (shown, "(image from img.example.net, not loaded)"));
  g_assert_null (_postings_preview_view_get_image (f.view, 0, NULL));
  fixture_close (&f);
}

/* A site: its /img/ file is drawn, a path out of it is refused. */
static void
test_site_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("postings-ui-images-XXXXXX", NULL);
  g_autofree char *jobs = g_build_filename (dir, "site", "content", "_jobs", NULL);
  g_autofree char *img = g_build_filename (dir, "site", "img", NULL);
  g_autofree char *image_path = g_build_filename (img, "rouge.png", NULL);
  g_autofree char *secret_path = g_build_filename (dir, "secret.png", NULL);
  g_autofree char *posting_path = g_build_filename (jobs, "2024-01-02-dev.md", NULL);
  g_autofree char *shown = NULL;
  g_autofree char *command = NULL;
  g_autoptr(GBytes) png = make_image ("png", 50, 40, 0xff0000ff);
  g_autoptr(GFile) posting = NULL;
  g_autoptr(GError) error = NULL;
  graphene_rect_t bounds;
  Fixture f;

  g_assert_cmpint (g_mkdir_with_parents (jobs, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (img, 0755), ==, 0);
  g_file_set_contents (image_path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &error);
  g_assert_no_error (error);
  g_file_set_contents (secret_path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &error);
  g_assert_no_error (error);
  g_file_set_contents (posting_path, "", 0, &error);
  g_assert_no_error (error);
  posting = g_file_new_for_path (posting_path);

  fixture_open (&f, HEAD "![a](/img/rouge.png)\n\n![b](../../img/rouge.png)\n\n![c](/../secret.png)\n", posting);
  wait_for_images (&f, 2);
  g_assert_nonnull (_postings_preview_view_get_image (f.view, 0, &bounds));
  g_assert_cmpfloat (bounds.size.width, ==, 50);
  g_assert_null (_postings_preview_view_get_image (f.view, 2, NULL));
  shown = postings_preview_view_dup_text (f.view);
  g_assert_nonnull (strstr (shown, "(image not shown: The image “/../secret.png” is outside the site"));
  fixture_close (&f);

  command = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (command), ==, 0);
}

/* A wide image is shown at the preview's width, and follows it. */
static void
test_scaled_to_width (void)
{
  g_autoptr(GBytes) png = make_image ("png", 2400, 600, 0xff0000ff);
  g_autofree char *uri = data_uri ("image/png", png);
  g_autofree char *text = g_strdup_printf (HEAD "![large](%s)\n", uri);
  graphene_rect_t bounds, narrow;
  int view_width;
  Fixture f;

  fixture_open (&f, text, NULL);
  wait_for_images (&f, 1);
  view_width = gtk_widget_get_width (GTK_WIDGET (f.view));
  _postings_preview_view_get_image (f.view, 0, &bounds);
  g_assert_cmpfloat (bounds.size.width, <=, view_width);
  g_assert_cmpfloat (bounds.size.width, >, view_width / 2);
  g_assert_cmpfloat (bounds.size.height * 4, >=, bounds.size.width - 4);
  g_assert_cmpfloat (bounds.size.height * 4, <=, bounds.size.width + 4);

  gtk_window_set_default_size (f.window, 400, 600);
  WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (f.view)) < view_width);
  WAIT_FOR (_postings_preview_view_get_image (f.view, 0, &narrow) != NULL &&
            narrow.size.width <= gtk_widget_get_width (GTK_WIDGET (f.view)) &&
            narrow.size.width < bounds.size.width);
  fixture_close (&f);
}

/* The real posting with a pasted image. */
static void
test_corpus_posting (void)
{
  g_autofree char *path = ui_test_corpus_path ("jobs", "2021-09-22-dev.full-stack.senior.md");
  g_autofree char *contents = NULL;
  graphene_rect_t bounds;
  Fixture f;

  if (path == NULL)
    {
      g_test_skip ("the corpus (../shared/corpus) is absent");
      return;
    }

  contents = ui_test_read_file (path, NULL);
  fixture_open (&f, contents, NULL);
  wait_for_images (&f, 1);
  _postings_preview_view_get_image (f.view, 0, &bounds);
  g_assert_cmpfloat (bounds.size.width, ==, 173);
  g_assert_cmpfloat (bounds.size.height, ==, 131);
  fixture_close (&f);
}

/* Folded data: URIs in the source view ------------------------------------ */

typedef struct
{
  GtkWindow           *window;
  PostingsSourceView  *view;
  GtkTextBuffer       *buffer;
  PostingsDataUriFold *fold;
} SourceFixture;

static void
source_open (SourceFixture *f,
             const char    *text)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  f->view = POSTINGS_SOURCE_VIEW (postings_source_view_new ("markdown"));
  f->buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->view));
  f->fold = postings_source_view_get_data_uri_fold (f->view);
  gtk_window_set_default_size (f->window, 700, 500);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  postings_source_view_replace_text (f->view, text, FALSE);
  gtk_window_present (f->window);
  gtk_widget_grab_focus (GTK_WIDGET (f->view));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->view)));
  postings_data_uri_fold_flush (f->fold);
}

static void
source_close (SourceFixture *f)
{
  gtk_window_destroy (f->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static char *
visible_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
place_cursor (GtkTextBuffer *buffer,
              int            offset)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  gtk_text_buffer_place_cursor (buffer, &iter);
}

static int
cursor_offset (GtkTextBuffer *buffer)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  return gtk_text_iter_get_offset (&iter);
}

static char *
big_uri_text (gsize *uri_start,
              gsize *uri_end)
{
  g_autoptr(GBytes) png = make_image ("png", 300, 200, 0x3366ccff);
  g_autofree char *uri = data_uri ("image/png", png);
  char *text = g_strdup_printf ("Avant l’image\n\n![Schéma](%s)\n\nAprès.\n", uri);

  *uri_start = strstr (text, "data:") - text;
  *uri_end = *uri_start + strlen (uri);
  return text;
}

static void
test_fold_marker (void)
{
  gsize start_byte, end_byte;
  g_autofree char *text = big_uri_text (&start_byte, &end_byte);
  g_autofree char *shown = NULL;
  g_autofree char *all = NULL;
  cairo_surface_t *surface;
  GtkTextIter start, end;
  GdkRectangle area;
  const char *label;
  gboolean folded;
  guint32 background;
  int differing = 0, x, y;
  SourceFixture f;

  source_open (&f, text);
  g_assert_cmpuint (postings_data_uri_fold_get_n_uris (f.fold), ==, 1);
  g_assert_true (postings_data_uri_fold_get_uri (f.fold, 0, &start, &end, &label, &folded));
  g_assert_true (folded);
  g_assert_true (g_str_has_prefix (label, "image PNG · "));
  g_assert_cmpint (gtk_text_iter_get_offset (&start), ==, g_utf8_pointer_to_offset (text, text + start_byte));
  g_assert_cmpint (gtk_text_iter_get_offset (&end), ==, g_utf8_pointer_to_offset (text, text + end_byte));

  /* The buffer holds every byte; only the first character of the URI is not hidden. */
  all = postings_source_view_dup_text (f.view);
  g_assert_cmpstr (all, ==, text);
  shown = visible_text (f.buffer);
  g_assert_cmpstr (shown, ==, "Avant l’image\n\n![Schéma](d)\n\nAprès.\n");

  /* The marker is wide enough for its label, and drawn. */
  WAIT_FOR (postings_data_uri_fold_get_marker_area (f.fold, 0, &area) && area.width > 40);
  g_assert_cmpint (area.width, <, 400);
  surface = render (GTK_WIDGET (f.view));
  /* Where it is once laid out. */
  g_assert_true (postings_data_uri_fold_get_marker_area (f.fold, 0, &area));
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (f.view), GTK_TEXT_WINDOW_WIDGET, area.x, area.y, &x, &y);
  background = pixel_at (surface, gtk_widget_get_width (GTK_WIDGET (f.view)) - 20, y + area.height / 2);
  for (int py = y + 2; py < y + area.height - 2; py++)
    for (int px = x + 2; px < x + area.width - 2; px++)
      if (pixel_at (surface, px, py) != background)
        differing++;
  /* The chip's tint and its text: most of the area is not background. */
  g_assert_cmpint (differing, >, (area.width - 4) * (area.height - 4) / 2);
  cairo_surface_destroy (surface);

  source_close (&f);
}

static void
move_cursor (SourceFixture *f,
             int            count)
{
  g_signal_emit_by_name (f->view, "move-cursor", GTK_MOVEMENT_VISUAL_POSITIONS, count, FALSE);
}

static void
test_fold_cursor_steps_over (void)
{
  gsize start_byte, end_byte;
  g_autofree char *text = big_uri_text (&start_byte, &end_byte);
  int start = g_utf8_pointer_to_offset (text, text + start_byte);
  int end = g_utf8_pointer_to_offset (text, text + end_byte);
  SourceFixture f;

  source_open (&f, text);

  place_cursor (f.buffer, start);
  move_cursor (&f, 1);
  g_assert_cmpint (cursor_offset (f.buffer), ==, end);
  g_assert_false (gtk_text_buffer_get_has_selection (f.buffer));
  /* Typing there goes after the URI. */
  gtk_text_buffer_insert_interactive_at_cursor (f.buffer, " ", -1, TRUE);
  {
    g_autofree char *typed = postings_source_view_dup_text (f.view);
    g_autofree char *expected = g_strdup_printf ("%.*s %s", (int) end_byte, text, text + end_byte);

    g_assert_cmpstr (typed, ==, expected);
  }
  gtk_text_buffer_undo (f.buffer);
  postings_data_uri_fold_flush (f.fold);
  place_cursor (f.buffer, end);
  move_cursor (&f, -1);
  g_assert_cmpint (cursor_offset (f.buffer), ==, start);
  move_cursor (&f, -1);
  g_assert_cmpint (cursor_offset (f.buffer), ==, start - 1);

  source_close (&f);
}

static void
test_fold_delete_whole (void)
{
  gsize start_byte, end_byte;
  g_autofree char *text = big_uri_text (&start_byte, &end_byte);
  int start = g_utf8_pointer_to_offset (text, text + start_byte);
  int end = g_utf8_pointer_to_offset (text, text + end_byte);
  g_autofree char *after_backspace = NULL;
  g_autofree char *after_undo = NULL;
  g_autofree char *after_delete = NULL;
  SourceFixture f;

  source_open (&f, text);

  /* Backspace after the marker removes the whole URI, one undo step. */
  place_cursor (f.buffer, end);
  g_signal_emit_by_name (f.view, "backspace");
  after_backspace = postings_source_view_dup_text (f.view);
  g_assert_cmpstr (after_backspace, ==, "Avant l’image\n\n![Schéma]()\n\nAprès.\n");
  gtk_text_buffer_undo (f.buffer);
  after_undo = postings_source_view_dup_text (f.view);
  g_assert_cmpstr (after_undo, ==, text);

  /* Delete before it too; Ctrl+Backspace after it as well. */
  postings_data_uri_fold_flush (f.fold);
  place_cursor (f.buffer, start);
  g_signal_emit_by_name (f.view, "delete-from-cursor", GTK_DELETE_CHARS, 1);
  after_delete = postings_source_view_dup_text (f.view);
  g_assert_cmpstr (after_delete, ==, "Avant l’image\n\n![Schéma]()\n\nAprès.\n");
  gtk_text_buffer_undo (f.buffer);
  postings_data_uri_fold_flush (f.fold);
  place_cursor (f.buffer, end);
  g_signal_emit_by_name (f.view, "delete-from-cursor", GTK_DELETE_WORD_ENDS, -1);
  g_free (after_delete);
  after_delete = postings_source_view_dup_text (f.view);
  g_assert_cmpstr (after_delete, ==, "Avant l’image\n\n![Schéma]()\n\nAprès.\n");

  source_close (&f);
}

static void
test_fold_toggle (void)
{
  gsize start_byte, end_byte;
  g_autofree char *text = big_uri_text (&start_byte, &end_byte);
  int start = g_utf8_pointer_to_offset (text, text + start_byte);
  g_autofree char *expanded = NULL;
  g_autofree char *folded_again = NULL;
  g_autofree char *edited = NULL;
  gboolean folded;
  SourceFixture f;

  source_open (&f, text);

  /* Ctrl+E at the URI shows it, again folds it. */
  place_cursor (f.buffer, start);
  g_assert_true (postings_data_uri_fold_toggle_at_cursor (f.fold));
  postings_data_uri_fold_get_uri (f.fold, 0, NULL, NULL, NULL, &folded);
  g_assert_false (folded);
  expanded = visible_text (f.buffer);
  g_assert_cmpstr (expanded, ==, text);
  g_assert_true (postings_data_uri_fold_toggle_at_cursor (f.fold));
  folded_again = visible_text (f.buffer);
  g_assert_cmpstr (folded_again, ==, "Avant l’image\n\n![Schéma](d)\n\nAprès.\n");

  /* Away from a URI, the key does nothing. */
  place_cursor (f.buffer, 2);
  g_assert_false (postings_data_uri_fold_toggle_at_cursor (f.fold));

  /* Typing elsewhere, even on the same line, keeps it folded. */
  place_cursor (f.buffer, start - 2);
  gtk_text_buffer_insert_interactive_at_cursor (f.buffer, " x", -1, TRUE);
  postings_data_uri_fold_flush (f.fold);
  postings_data_uri_fold_get_uri (f.fold, 0, NULL, NULL, NULL, &folded);
  g_assert_true (folded);
  edited = visible_text (f.buffer);
  g_assert_cmpstr (edited, ==, "Avant l’image\n\n![Schéma x](d)\n\nAprès.\n");

  /* A cursor put inside it (a search match) shows it. */
  place_cursor (f.buffer, start + 100);
  postings_data_uri_fold_get_uri (f.fold, 0, NULL, NULL, NULL, &folded);
  g_assert_false (folded);

  source_close (&f);
}

/* The real posting: opened, folded, counted without its image, saved
 * byte for byte. */
static void
test_fold_window_round_trip (void)
{
  const char *name = "2021-09-22-dev.full-stack.senior.md";
  g_autofree char *source = ui_test_corpus_path ("jobs", name);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *original = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *body = NULL;
  g_autofree char *expected_count = NULL;
  PostingsApplication *app;
  PostingsWindow *window;
  PostingsDataUriFold *fold;
  gsize len, saved_len;
  guint words, characters, saves;
  gboolean folded;

  if (source == NULL)
    {
      g_test_skip ("the corpus (../shared/corpus) is absent");
      return;
    }

  original = ui_test_read_file (source, &len);
  dir = g_dir_make_tmp ("postings-ui-fold-XXXXXX", NULL);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, original, len, NULL));

  app = postings_application_new (G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  window = ui_test_open_window (app, path);
  fold = postings_source_view_get_data_uri_fold (_postings_window_get_source_view (window));
  postings_data_uri_fold_flush (fold);
  g_assert_cmpuint (postings_data_uri_fold_get_n_uris (fold), ==, 1);
  g_assert_true (postings_data_uri_fold_get_uri (fold, 0, NULL, NULL, NULL, &folded));
  g_assert_true (folded);

  /* The count leaves the 8 KB of base64 out. */
  body = postings_document_dup_body (postings_window_get_document (window));
  postings_count_words_and_characters (body, -1, &words, &characters);
  expected_count = g_strdup_printf ("%u words · %u characters", words, characters);
  g_assert_cmpstr (_postings_window_get_count_text (window), ==, expected_count);
  g_assert_cmpuint (words, <, 1000);

  saves = _postings_window_get_n_saves (window);
  _postings_window_save (window);
  WAIT_FOR (_postings_window_get_n_saves (window) > saves);
  saved = ui_test_read_file (path, &saved_len);
  g_assert_cmpmem (saved, saved_len, original, len);

  ui_test_destroy_window (window);
  g_object_unref (app);
  g_unlink (path);
  g_rmdir (dir);
}

/* Insert Image ----------------------------------------------------------- */

static char *
selected_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

static void
test_insert_image (void)
{
  g_autofree char *dir = g_dir_make_tmp ("postings-ui-insert-XXXXXX", NULL);
  g_autofree char *jobs = g_build_filename (dir, "site", "content", "_jobs", NULL);
  g_autofree char *posting_path = g_build_filename (jobs, "2024-01-02-dev.md", NULL);
  g_autofree char *photo_path = g_build_filename (dir, "Photo équipe.PNG", NULL);
  g_autofree char *taken_path = g_build_filename (dir, "site", "img", "jobs", "photo-equipe.png", NULL);
  g_autofree char *copy_path = g_build_filename (dir, "site", "img", "jobs", "photo-equipe-2.png", NULL);
  g_autofree char *taken_dir = g_path_get_dirname (taken_path);
  g_autofree char *text = NULL, *selection = NULL, *copy = NULL, *taken = NULL, *command = NULL;
  g_autoptr(GBytes) png = make_image ("png", 20, 10, 0x00ff00ff);
  g_autoptr(GFile) posting = NULL;
  g_autoptr(GFile) photo = NULL;
  gsize len;
  SourceFixture f;

  g_assert_cmpint (g_mkdir_with_parents (jobs, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (taken_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (posting_path, "---\nroles: Dev\n---\n", -1, NULL));
  g_assert_true (g_file_set_contents (photo_path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), NULL));
  /* The name is taken: it is kept, and another is used. */
  g_assert_true (g_file_set_contents (taken_path, "earlier file", -1, NULL));
  posting = g_file_new_for_path (posting_path);
  photo = g_file_new_for_path (photo_path);

  source_open (&f, "Avant\n\nAprès\n");
  postings_source_view_set_file (f.view, posting);
  place_cursor (f.buffer, strlen ("Avant\n\n"));
  postings_image_insert_file (GTK_TEXT_VIEW (f.view), photo, postings_source_view_get_file (f.view), NULL);
  WAIT_FOR (postings_image_insert_get_n_pending () == 0);

  text = postings_source_view_dup_text (f.view);
  g_assert_cmpstr (text, ==, "Avant\n\n![image description](/img/jobs/photo-equipe-2.png)Après\n");
  selection = selected_text (f.buffer);
  g_assert_cmpstr (selection, ==, "image description");
  g_assert_true (g_file_get_contents (copy_path, &copy, &len, NULL));
  g_assert_cmpmem (copy, len, g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  g_assert_true (g_file_get_contents (taken_path, &taken, NULL, NULL));
  g_assert_cmpstr (taken, ==, "earlier file");

  source_close (&f);
  command = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (command), ==, 0);
}

/* Outside a site, or not an image: nothing is inserted. */
static void
test_insert_image_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("postings-ui-insert-XXXXXX", NULL);
  g_autofree char *posting_path = g_build_filename (dir, "post.md", NULL);
  g_autofree char *photo_path = g_build_filename (dir, "photo.png", NULL);
  g_autofree char *text = NULL, *command = NULL;
  g_autoptr(GBytes) png = make_image ("png", 20, 10, 0x00ff00ff);
  g_autoptr(GFile) posting = NULL;
  g_autoptr(GFile) photo = NULL;
  SourceFixture f;

  g_assert_true (g_file_set_contents (posting_path, "---\nroles: Dev\n---\n", -1, NULL));
  g_assert_true (g_file_set_contents (photo_path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), NULL));
  posting = g_file_new_for_path (posting_path);
  photo = g_file_new_for_path (photo_path);

  source_open (&f, "Texte\n");
  {
    /* The failure shows in the window's toast overlay. */
    GtkWidget *overlay = adw_toast_overlay_new ();

    g_object_ref (f.view);
    gtk_window_set_child (f.window, overlay);
    adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (f.view));
    g_object_unref (f.view);
  }
  postings_image_insert_file (GTK_TEXT_VIEW (f.view), photo, posting, NULL);
  postings_image_insert_file (GTK_TEXT_VIEW (f.view), photo, NULL, NULL);
  WAIT_FOR (postings_image_insert_get_n_pending () == 0);

  text = postings_source_view_dup_text (f.view);
  g_assert_cmpstr (text, ==, "Texte\n");

  source_close (&f);
  command = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (command), ==, 0);
}

/* Pasted HTML's embedded image: a file of the site, never base64. */
static void
test_paste_embedded_image (void)
{
  g_autofree char *dir = g_dir_make_tmp ("postings-ui-paste-XXXXXX", NULL);
  g_autofree char *jobs = g_build_filename (dir, "site", "content", "_jobs", NULL);
  g_autofree char *posting_path = g_build_filename (jobs, "2024-01-02-dev.md", NULL);
  g_autofree char *saved_path = g_build_filename (dir, "site", "img", "jobs", "organigramme.png", NULL);
  g_autoptr(GBytes) png = make_image ("png", 20, 10, 0x00ff00ff);
  g_autofree char *uri = data_uri ("image/png", png);
  g_autofree char *html = g_strdup_printf ("<p>Voici l’équipe&nbsp;:</p><p><img src=\"%s\" alt=\"Organigramme\"></p>", uri);
  g_autofree char *markdown = NULL, *outside = NULL, *saved = NULL, *command = NULL;
  g_autoptr(GFile) posting = NULL;
  gsize len;

  g_assert_cmpint (g_mkdir_with_parents (jobs, 0755), ==, 0);
  g_assert_true (g_file_set_contents (posting_path, "---\nroles: Dev\n---\n", -1, NULL));
  posting = g_file_new_for_path (posting_path);

  markdown = postings_html_to_markdown (html, -1, postings_image_insert_pasted, posting);
  g_assert_cmpstr (markdown, ==, "Voici l’équipe\u00a0:\n\n![Organigramme](/img/jobs/organigramme.png)");
  g_assert_null (strstr (markdown, "base64"));
  g_assert_true (g_file_get_contents (saved_path, &saved, &len, NULL));
  g_assert_cmpmem (saved, len, g_bytes_get_data (png, NULL), g_bytes_get_size (png));

  /* Without a posting in a site: the image is dropped, its description kept. */
  outside = postings_html_to_markdown (html, -1, postings_image_insert_pasted, NULL);
  g_assert_null (strstr (outside, "base64"));
  g_assert_nonnull (strstr (outside, "Organigramme"));

  command = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (command), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  gboolean tap = FALSE;

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--tap"))
      tap = TRUE;

  g_setenv ("POSTINGS_NON_UNIQUE", "1", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      if (tap)
        {
          g_print ("1..0 # SKIP no display\n");
          return 0;
        }
      return 77;
    }
  adw_init ();

  g_test_add_func ("/preview/image/data-uri-drawn", test_data_uri_drawn);
  g_test_add_func ("/preview/image/formats", test_formats);
  g_test_add_func ("/preview/image/remote-never-fetched", test_remote_never_fetched);
  g_test_add_func ("/preview/image/site-files", test_site_files);
  g_test_add_func ("/preview/image/scaled-to-width", test_scaled_to_width);
  g_test_add_func ("/preview/image/corpus", test_corpus_posting);
  g_test_add_func ("/source-view/data-uri/marker", test_fold_marker);
  g_test_add_func ("/source-view/data-uri/cursor-steps-over", test_fold_cursor_steps_over);
  g_test_add_func ("/source-view/data-uri/delete-whole", test_fold_delete_whole);
  g_test_add_func ("/source-view/data-uri/toggle", test_fold_toggle);
  g_test_add_func ("/source-view/data-uri/window-round-trip", test_fold_window_round_trip);
  g_test_add_func ("/source-view/insert-image/copied-and-linked", test_insert_image);
  g_test_add_func ("/source-view/insert-image/refused", test_insert_image_refused);
  g_test_add_func ("/source-view/paste-html/embedded-image", test_paste_embedded_image);

  return g_test_run ();
}
