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
#include "postings-image-loader.h"
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
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  /* The paintable holds what the widget drew since it exists. */
  gtk_widget_queue_draw (widget);
  WAIT_FOR (painted >= 2);
  g_signal_handler_disconnect (clock, handler);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
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

int
main (int   argc,
      char *argv[])
{
  gboolean tap = FALSE;

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--tap"))
      tap = TRUE;

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

  return g_test_run ();
}
