/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Export as PDF (checked with poppler's pdftotext, pdfinfo and pdfimages)
 * and Copy as Formatted Text (read back from the clipboard). */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "postings-document.h"
#include "postings-export.h"
#include "postings-print.h"
#include "ui-test-util.h"

#define PCRS "2022-06-28-responsable-produit-PCRS.md"
#define PASTED "2021-09-22-dev.full-stack.senior.md"

static char *tmp_dir;

/* Runs poppler's @tool on @pdf; NULL (test skipped) when it is absent. */
static char *
poppler (const char *tool,
         const char *first,
         ...)
{
  g_autofree char *program = g_find_program_in_path (tool);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  const char *arg;
  va_list ap;
  int status;

  if (program == NULL)
    {
      g_test_skip ("poppler-utils (pdftotext, pdfinfo, pdfimages) is not installed");
      return NULL;
    }

  g_ptr_array_add (argv, program);
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* Blanks and line breaks as single spaces. */
static char *
squash (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean blank = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || *p == '\f')
        blank = TRUE;
      else
        {
          if (blank && out->len > 0)
            g_string_append_c (out, ' ');
          blank = FALSE;
          g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

static PostingsDocument *
open_corpus (const char  *name,
             GFile      **file)
{
  g_autofree char *path = ui_test_corpus_path ("jobs", name);
  g_autoptr(GError) error = NULL;
  PostingsDocument *document;

  if (path == NULL)
    {
      g_test_skip ("the corpus (../shared/corpus) is absent");
      return NULL;
    }
  *file = g_file_new_for_path (path);
  document = postings_document_new_for_file (*file, NULL, &error);
  g_assert_no_error (error);
  return document;
}

static char *
write_pdf (PostingsDocument *document,
           GFile            *file,
           const char       *name,
           int              *n_pages)
{
  g_autoptr(GError) error = NULL;
  char *pdf = g_build_filename (tmp_dir, name, NULL);

  g_assert_true (postings_print_write_pdf (NULL, document, file, pdf, n_pages, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  return pdf;
}

static void
test_pdf_corpus (void)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(PostingsDocument) document = open_corpus (PCRS, &file);
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL, *flat = NULL, *info = NULL, *flat_info = NULL;
  g_autofree char *pages_line = NULL, *last_page = NULL;
  int n_pages = 0;

  if (document == NULL)
    return;

  pdf = write_pdf (document, file, "pcrs.pdf", &n_pages);
  text = poppler ("pdftotext", "-enc", "UTF-8", pdf, "-", NULL);
  if (text == NULL)
    return;
  flat = squash (text);

  /* The page header, the site's header and the body. */
  g_assert_nonnull (strstr (flat, "Un responsable de produit PCRS"));
  g_assert_nonnull (strstr (flat, "Poste ouvert le 28/06/2022"));
  g_assert_nonnull (strstr (flat, "La startup PCRS est issue d’un besoin concret exprimé par les collectivités."));
  g_assert_nonnull (strstr (flat, "Animation nationale en lien avec les structures locales"));
  g_assert_null (strstr (flat, "**"));

  /* A4, and as many pages as laid out, each numbered. */
  info = poppler ("pdfinfo", pdf, NULL);
  g_assert_nonnull (strstr (info, "(A4)"));
  flat_info = squash (info);
  pages_line = g_strdup_printf ("Pages: %d ", n_pages);
  g_assert_nonnull (strstr (flat_info, pages_line));
  g_assert_cmpint (n_pages, >=, 2);
  last_page = g_strdup_printf ("Page %d of %d", n_pages, n_pages);
  g_assert_nonnull (strstr (flat, "Page 1 of"));
  g_assert_nonnull (strstr (flat, last_page));
}

/* The title and the dates are on every page. */
static void
test_pdf_every_page (void)
{
  g_autoptr(GString) text = g_string_new ("---\nroles: Chargé·e de mission\nopen: true\ndate: 2024-03-15\n---\n");
  g_autoptr(PostingsDocument) document = NULL;
  g_autofree char *pdf = NULL;
  int n_pages = 0;

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (text, "## Partie %u\n\nUn paragraphe assez long pour remplir des lignes, "
                                  "encore et encore, jusqu’au bout de la page numéro %u.\n\n"
                                  "- un point\n- un autre point\n\n", i, i);
  document = postings_document_new_from_data (text->str, -1);
  pdf = write_pdf (document, NULL, "long.pdf", &n_pages);
  g_assert_cmpint (n_pages, >=, 3);

  for (int page = 1; page <= n_pages; page++)
    {
      g_autofree char *number = g_strdup_printf ("%d", page);
      g_autofree char *out = poppler ("pdftotext", "-enc", "UTF-8", "-f", number, "-l", number, pdf, "-", NULL);
      g_autofree char *flat = NULL;
      g_autofree char *footer = g_strdup_printf ("Page %d of %d", page, n_pages);

      if (out == NULL)
        return;
      flat = squash (out);
      g_assert_nonnull (strstr (flat, "Chargé·e de mission"));
      g_assert_nonnull (strstr (flat, "Poste ouvert le 15/03/2024"));
      g_assert_nonnull (strstr (flat, footer));
    }
}

/* The pasted image is drawn into the PDF. */
static void
test_pdf_image (void)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(PostingsDocument) document = open_corpus (PASTED, &file);
  g_autofree char *pdf = NULL;
  g_autofree char *list = NULL;
  g_auto(GStrv) lines = NULL;

  if (document == NULL)
    return;

  pdf = write_pdf (document, file, "pasted.pdf", NULL);
  list = poppler ("pdfimages", "-list", pdf, NULL);
  if (list == NULL)
    return;
  lines = g_strsplit (g_strstrip (list), "\n", -1);
  /* A header, a rule, then one line per image (and per transparency
   * mask): one image, 173 × 131 pixels, on page 1. */
  {
    guint n_images = 0;

    for (guint i = 2; lines[i] != NULL; i++)
      {
        g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
        g_autoptr(GPtrArray) words = g_ptr_array_new ();

        for (guint j = 0; fields[j] != NULL; j++)
          if (*fields[j] != '\0')
            g_ptr_array_add (words, fields[j]);
        g_assert_cmpuint (words->len, >, 4);
        if (!g_str_equal (g_ptr_array_index (words, 2), "image"))
          continue;
        n_images++;
        g_assert_cmpstr (g_ptr_array_index (words, 0), ==, "1");
        g_assert_cmpstr (g_ptr_array_index (words, 3), ==, "173");
        g_assert_cmpstr (g_ptr_array_index (words, 4), ==, "131");
      }
    g_assert_cmpuint (n_images, ==, 1);
  }
}

typedef struct
{
  char *text;
  char *html;
} Clipboard;

static void
read_text_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Clipboard *clip = user_data;

  clip->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  g_assert_nonnull (clip->text);
}

static void
spliced_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Clipboard *clip = user_data;
  GMemoryOutputStream *out = G_MEMORY_OUTPUT_STREAM (object);

  g_assert_cmpint (g_output_stream_splice_finish (G_OUTPUT_STREAM (out), result, NULL), >, 0);
  clip->html = g_strndup (g_memory_output_stream_get_data (out), g_memory_output_stream_get_data_size (out));
}

/* The clipboard's own content is read through a pipe the main loop
 * fills: read it without blocking. */
static void
read_html_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GInputStream) stream = gdk_clipboard_read_finish (GDK_CLIPBOARD (object), result, NULL, NULL);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  g_assert_nonnull (stream);
  g_output_stream_splice_async (out, stream,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, spliced_cb, user_data);
}

static void
test_copy_formatted (void)
{
  const char *html_types[] = { "text/html", NULL };
  const char *text = "---\nroles: Dev & Ops\nopen: true\ndate: 2024-03-15\n---\nBonjour **équipe** "
                     "[site](https://beta.gouv.fr).\n";
  g_autoptr(PostingsDocument) document = postings_document_new_from_data (text, -1);
  g_autofree char *expected_text = postings_export_text (document, NULL);
  g_autofree char *expected_html = postings_export_html (document, NULL, NULL, POSTINGS_EXPORT_HTML_FRAGMENT);
  GtkWidget *window = gtk_window_new ();
  GdkClipboard *clipboard = gtk_widget_get_clipboard (window);
  Clipboard clip = { NULL, NULL };

  gtk_window_present (GTK_WINDOW (window));
  postings_print_copy_formatted (window, document, NULL);
  WAIT_FOR (gdk_clipboard_get_content (clipboard) != NULL);

  g_assert_true (gdk_content_formats_contain_mime_type (gdk_clipboard_get_formats (clipboard), "text/html"));
  gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, &clip);
  gdk_clipboard_read_async (clipboard, html_types, G_PRIORITY_DEFAULT, NULL, read_html_cb, &clip);
  WAIT_FOR (clip.text != NULL && clip.html != NULL);

  g_assert_cmpstr (clip.text, ==, expected_text);
  g_assert_cmpstr (clip.html, ==, expected_html);
  g_assert_nonnull (strstr (clip.html, "<h1>Dev &amp; Ops</h1>"));
  g_assert_nonnull (strstr (clip.html, "<strong>équipe</strong>"));
  g_assert_true (g_str_has_prefix (clip.text, "Dev & Ops\n"));

  g_free (clip.text);
  g_free (clip.html);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gboolean tap = FALSE;
  int status;

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

  tmp_dir = g_dir_make_tmp ("postings-print-XXXXXX", NULL);

  g_test_add_func ("/print/pdf/corpus", test_pdf_corpus);
  g_test_add_func ("/print/pdf/every-page", test_pdf_every_page);
  g_test_add_func ("/print/pdf/image", test_pdf_image);
  g_test_add_func ("/print/copy-formatted", test_copy_formatted);

  status = g_test_run ();

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmp_dir);

    if (system (command) != 0)
      g_printerr ("Could not remove %s\n", tmp_dir);
  }
  g_free (tmp_dir);
  return status;
}
