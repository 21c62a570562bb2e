/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Export to HTML and text: structure, escaping, safe links, images; every
 * HTML page checked by tests/unit/check-html.py (Python's html.parser). */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "postings-core.h"

#define PNG_1X1_BASE64 \
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg=="

#define HEAD \
  "---\n" \
  "roles: Développeur·se <Rust> & GTK\n" \
  "open: true\n" \
  "date: 2024-03-15\n" \
  "junior: true\n" \
  "techno:\n  - Rust\n  - C & GTK\n" \
  "type: friend\n" \
  "friend: L'Atelier\n" \
  "externalURL: https://atelier.example.org/offre\n" \
  "---\n"

#define BODY \
  "Intro avec **gras**, *italique* et `code <b>`.\n" \
  "\n" \
  "<!--more-->\n" \
  "\n" \
  "## Mission & équipe\n" \
  "\n" \
  "1. Premier\n" \
  "   - sous-point [lien](https://beta.gouv.fr/a?b=1&c=2)\n" \
  "   - [piège](javascript:alert(1))\n" \
  "2. Second<br>à la ligne\n" \
  "\n" \
  "> Une citation\n" \
  "\n" \
  "```\n<script>alert(1)</script>\n```\n" \
  "\n" \
  "<script>alert('raw')</script>\n" \
  "\n" \
  "![Logo](data:image/png;base64," PNG_1X1_BASE64 ") ![Distant](https://cdn.example.org/a.png)\n" \
  "![Local](/img/logo.png)\n" \
  "\n" \
  "---\n" \
  "\n" \
  "Écrire à [nous](mailto:rh@example.org).\n"

static char *
check_html_script (void)
{
  return g_test_build_filename (G_TEST_DIST, "unit", "check-html.py", NULL);
}

/* Runs check-html.py on @paths; fails the test with its output. */
static void
assert_valid_html_files (GPtrArray *paths)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  g_ptr_array_add (argv, g_strdup ("/usr/bin/python3"));
  g_ptr_array_add (argv, check_html_script ());
  for (guint i = 0; i < paths->len; i++)
    g_ptr_array_add (argv, g_strdup (g_ptr_array_index (paths, i)));
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("HTML problems:\n%s", out);
}

static char *
write_temp (const char *dir,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
assert_valid_html (const char *html)
{
  g_autofree char *dir = g_dir_make_tmp ("postings-export-XXXXXX", NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (paths, write_temp (dir, "page.html", html));
  assert_valid_html_files (paths);
  g_unlink (g_ptr_array_index (paths, 0));
  g_rmdir (dir);
}

static void
test_export_html_page (void)
{
  g_autoptr(PostingsDocument) doc = postings_document_new_from_data (HEAD BODY, -1);
  g_autofree char *html = postings_export_html (doc, NULL, NULL, POSTINGS_EXPORT_HTML_PAGE);

  assert_valid_html (html);

  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang=\"fr\">"));
  g_assert_nonnull (strstr (html, "<title>Développeur·se &lt;Rust&gt; &amp; GTK</title>"));
  g_assert_nonnull (strstr (html, "<style>"));

  /* The site's header, in a <header>. */
  g_assert_nonnull (strstr (html, "<header>\n<h1>Développeur·se &lt;Rust&gt; &amp; GTK</h1>\n"
                                  "<p class=\"status open\">Poste ouvert le 15/03/2024</p>\n"));
  g_assert_nonnull (strstr (html, "<a href=\"https://atelier.example.org/offre\">Voir l&apos;offre sur le site de L&apos;Atelier</a>"));
  g_assert_nonnull (strstr (html, "<p class=\"junior\">Bienvenue aux juniors"));
  g_assert_nonnull (strstr (html, "<strong>Choix technologiques :</strong> <span class=\"tag\">Rust</span> "
                                  "<span class=\"tag\">C &amp; GTK</span>"));

  /* The body, in an <article>. */
  g_assert_nonnull (strstr (html, "</header>\n<article>\n<p>Intro avec <strong>gras</strong>, "
                                  "<em>italique</em> et <code>code &lt;b&gt;</code>.</p>\n"));
  g_assert_nonnull (strstr (html, "<h2>Mission &amp; équipe</h2>\n<ol>\n<li>Premier<ul>\n<li>sous-point "
                                  "<a href=\"https://beta.gouv.fr/a?b=1&amp;c=2\">lien</a></li>\n"));
  g_assert_nonnull (strstr (html, "<li>Second<br>\nà la ligne</li>\n</ol>\n"));
  g_assert_nonnull (strstr (html, "<blockquote>\n<p>Une citation</p>\n</blockquote>\n"));
  g_assert_nonnull (strstr (html, "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>"));
  g_assert_nonnull (strstr (html, "<hr>\n"));
  g_assert_nonnull (strstr (html, "<a href=\"mailto:rh@example.org\">nous</a>"));
  g_assert_true (g_str_has_suffix (html, "</article>\n</main>\n</body>\n</html>\n"));

  /* Unsafe links lose their link, raw HTML is not copied, the excerpt mark is not shown. */
  g_assert_null (strstr (html, "javascript:"));
  g_assert_nonnull (strstr (html, "<li>piège</li>"));
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "raw"));
  g_assert_null (strstr (html, "more"));

  /* Images: data: kept, remote never fetched, a site image without a site is a placeholder. */
  g_assert_nonnull (strstr (html, "<img src=\"data:image/png;base64," PNG_1X1_BASE64 "\" alt=\"Logo\">"));
  g_assert_null (strstr (html, "cdn.example.org"));
  g_assert_nonnull (strstr (html, "<span class=\"image-missing\">[Image: Distant]</span>"));
  g_assert_nonnull (strstr (html, "<span class=\"image-missing\">[Image: Local]</span>"));
}

static void
test_export_html_fragment (void)
{
  g_autoptr(PostingsDocument) doc = postings_document_new_from_data (HEAD BODY, -1);
  g_autofree char *html = postings_export_html (doc, NULL, NULL, POSTINGS_EXPORT_HTML_FRAGMENT);

  g_assert_true (g_str_has_prefix (html, "<header>\n<h1>"));
  g_assert_true (g_str_has_suffix (html, "</article>\n"));
  g_assert_null (strstr (html, "<style>"));
  g_assert_null (strstr (html, "<html"));
}

/* A site image is read from the site and embedded; the file name gives the date. */
static void
test_export_html_site_image (void)
{
  g_autofree char *dir = g_dir_make_tmp ("postings-export-XXXXXX", NULL);
  g_autofree char *jobs = g_build_filename (dir, "content", "_jobs", NULL);
  g_autofree char *img = g_build_filename (dir, "img", NULL);
  g_autofree char *posting_path = NULL;
  g_autofree char *png_path = NULL;
  g_autofree char *html = NULL;
  g_autofree char *command = NULL;
  g_autoptr(GFile) posting = NULL;
  g_autoptr(GFile) root = NULL;
  g_autoptr(PostingsDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  guchar *png = g_base64_decode (PNG_1X1_BASE64, &len);

  g_assert_cmpint (g_mkdir_with_parents (jobs, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (img, 0755), ==, 0);
  posting_path = write_temp (jobs, "2023-05-06-dev.md", "---\nroles: Dev\nopen: false\n---\n![Local](/img/logo.png)\n");
  png_path = g_build_filename (img, "logo.png", NULL);
  g_file_set_contents (png_path, (const char *) png, len, &error);
  g_assert_no_error (error);
  g_free (png);

  posting = g_file_new_for_path (posting_path);
  root = postings_repository_find_root (posting);
  doc = postings_document_new_for_file (posting, NULL, &error);
  g_assert_no_error (error);
  html = postings_export_html (doc, posting, root, POSTINGS_EXPORT_HTML_PAGE);

  g_assert_nonnull (strstr (html, "<img src=\"data:image/png;base64," PNG_1X1_BASE64 "\" alt=\"Local\">"));
  g_assert_nonnull (strstr (html, "Ce poste a été pourvu depuis son ouverture le 06/05/2023"));

  command = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (command), ==, 0);
}

static void
test_export_text (void)
{
  g_autoptr(PostingsDocument) doc = postings_document_new_from_data (HEAD BODY, -1);
  g_autofree char *text = postings_export_text (doc, NULL);

  g_assert_cmpstr (text, ==,
                   "Développeur·se <Rust> & GTK\n"
                   "===========================\n"
                   "Poste ouvert le 15/03/2024\n"
                   "Une offre à pourvoir chez nos camarades\n"
                   "Voir l'offre sur le site de L'Atelier : https://atelier.example.org/offre\n"
                   "Bienvenue aux juniors sur ce poste ! L'équipe assurera votre formation.\n"
                   "Choix technologiques : Rust, C & GTK\n"
                   "\n"
                   "Intro avec gras, italique et code <b>.\n"
                   "\n"
                   "Mission & équipe\n"
                   "----------------\n"
                   "\n"
                   "1. Premier\n"
                   "  ◦ sous-point lien (https://beta.gouv.fr/a?b=1&c=2)\n"
                   "  ◦ piège\n"
                   "2. Second\n"
                   "   à la ligne\n"
                   "\n"
                   "> Une citation\n"
                   "\n"
                   "    <script>alert(1)</script>\n"
                   "\n"
                   "[Image: Logo] [Image: Distant] [Image: Local]\n"
                   "\n"
                   "----------\n"
                   "\n"
                   "Écrire à nous (rh@example.org).\n");
}

/* Every real posting exports to a well-formed, safe page and to text. */
static void
test_export_corpus (void)
{
  const char *corpus = g_getenv ("POSTINGS_CORPUS_DIR");
  g_autofree char *jobs = corpus != NULL ? g_build_filename (corpus, "jobs", NULL) : NULL;
  g_autofree char *out_dir = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *command = NULL;
  GDir *dir;
  const char *name;

  if (jobs == NULL || !g_file_test (jobs, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("the corpus (../shared/corpus) is absent");
      return;
    }

  out_dir = g_dir_make_tmp ("postings-export-XXXXXX", NULL);
  dir = g_dir_open (jobs, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (jobs, name, NULL);
      g_autofree char *html_name = g_strconcat (name, ".html", NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(PostingsDocument) doc = postings_document_new_for_file (file, NULL, NULL);
      g_autofree char *html = NULL;
      g_autofree char *text = NULL;

      g_assert_nonnull (doc);
      html = postings_export_html (doc, file, NULL, POSTINGS_EXPORT_HTML_PAGE);
      text = postings_export_text (doc, file);
      g_assert_true (g_utf8_validate (html, -1, NULL));
      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_nonnull (strstr (html, "<header>"));
      g_assert_nonnull (strstr (html, "<article>"));
      g_ptr_array_add (paths, write_temp (out_dir, html_name, html));
    }
  g_dir_close (dir);

  g_assert_cmpuint (paths->len, ==, 543);
  assert_valid_html_files (paths);

  command = g_strdup_printf ("rm -rf '%s'", out_dir);
  g_assert_cmpint (system (command), ==, 0);
}

/* A table exports as a table (HTML) or a row a line (text). */
static void
test_export_table (void)
{
  g_autoptr(PostingsDocument) doc =
    postings_document_new_from_data ("---\nroles: Dev\nopen: true\n---\nIntro.\n\n"
                                     "| Poste | Lieu |\n|:--|--:|\n| **Dev** | Paris |\n", -1);
  g_autofree char *html = postings_export_html (doc, NULL, NULL, POSTINGS_EXPORT_HTML_FRAGMENT);
  g_autofree char *text = postings_export_text (doc, NULL);

  g_assert_nonnull (strstr (html, "<table>\n<thead>\n<tr><th style=\"text-align: left\">Poste</th>"
                                  "<th style=\"text-align: right\">Lieu</th></tr>\n</thead>\n"
                                  "<tbody>\n<tr><td style=\"text-align: left\"><strong>Dev</strong></td>"
                                  "<td style=\"text-align: right\">Paris</td></tr>\n</tbody>\n</table>\n"));
  g_assert_nonnull (strstr (text, "Poste | Lieu\n----------\nDev | Paris\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/html/page", test_export_html_page);
  g_test_add_func ("/export/html/fragment", test_export_html_fragment);
  g_test_add_func ("/export/html/site-image", test_export_html_site_image);
  g_test_add_func ("/export/text", test_export_text);
  g_test_add_func ("/export/table", test_export_table);
  g_test_add_func ("/export/corpus", test_export_corpus);

  return g_test_run ();
}
