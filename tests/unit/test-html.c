/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "postings-core.h"

typedef struct
{
  const char *name;
  const char *html;
  const char *markdown;
} HtmlCase;

static const HtmlCase cases[] = {
  { "inline-fragment", "du texte <b>gras</b> et <i>italique</i>", "du texte **gras** et *italique*" },
  { "spaces-outside-markers", "<p>Un <b>mot </b>puis<i> autre</i>.</p>", "Un **mot** puis *autre*." },
  { "adjacent-runs-merge", "<p><b>Chargé</b><b>·e</b> de <strong><em>mission</em></strong></p>",
    "**Chargé·e** de ***mission***" },
  { "headings", "<h1>Titre</h1><h2><b>Profil</b> recherché</h2><h3></h3><p>Texte</p>",
    "# Titre\n\n## Profil recherché\n\nTexte" },
  { "paragraphs-and-breaks", "<p>Ligne un<br>ligne deux<br/></p><p>&nbsp;</p><p>Suite</p>",
    "Ligne un  \nligne deux\n\nSuite" },
  { "links", "<p>Voir <a href=\"https://beta.gouv.fr/a b\">le <b>site</b></a>, <a href=\"#top\">haut</a>, "
    "<a href=\"mailto:x@y.fr\">écrire</a>, <a name=\"_Toc1\"></a>fin</p>",
    "Voir [le **site**](https://beta.gouv.fr/a%20b), haut, [écrire](mailto:x@y.fr), fin" },
  { "bullet-list-nested", "<ul><li>Un</li><li>Deux<ul><li>Deux A</li><li>Deux B</li></ul></li><li>Trois</li></ul>",
    "- Un\n- Deux\n  - Deux A\n  - Deux B\n- Trois" },
  { "numbered-list", "<ol start=\"3\"><li><p>Trois</p></li><li>Quatre<ol><li>a</li></ol></li></ol>",
    "3. Trois\n4. Quatre\n   1. a" },
  { "list-nested-as-sibling", "<ul><li>Un</li><ul><li>Sous</li></ul></ul>", "- Un\n  - Sous" },
  { "quote", "<blockquote><p>Une citation</p><p>sur deux</p></blockquote>", "> Une citation\n>\n> sur deux" },
  { "pre", "<pre>code  *brut*\n  indenté</pre>", "```\ncode  *brut*\n  indenté\n```" },
  { "inline-code", "<p>Lancer <code>make *all*</code> ou <code>a`b</code></p>", "Lancer `make *all*` ou ``a`b``" },
  { "table", "<table><tr><th>Poste</th><th>Lieu</th></tr><tr><td><p>Dev</p></td><td></td><td>Paris</td></tr></table>",
    "Poste – Lieu\n\nDev – Paris" },
  { "hr", "<p>a</p><hr><p>b</p>", "a\n\n---\n\nb" },
  { "escapes", "<p>2 * 3 = 6_ [x] &lt;b&gt; 40 000 $$</p><p># pas un titre</p><p>1. pas une liste</p><p>- non</p><p>&gt; non</p>",
    "2 \\* 3 = 6\\_ \\[x\\] \\<b> 40 000 \\$$\n\n\\# pas un titre\n\n1\\. pas une liste\n\n\\- non\n\n\\> non" },
  { "styles-spans-fonts", "<p class=\"x\" style=\"color:red\"><span style=\"font-family:Arial\"><font color=\"red\">Texte</font></span> "
    "<span style=\"font-weight:700\">gras</span> <span style=\"font-style:italic\">penché</span></p>",
    "Texte **gras** *penché*" },
  { "google-docs-wrapper", "<meta charset=\"utf-8\"><b style=\"font-weight:normal;\" id=\"docs-internal-guid-1\">"
    "<p dir=\"ltr\"><span style=\"font-weight:400\">Normal</span> <span style=\"font-weight:700\">gras</span></p></b>",
    "Normal **gras**" },
  { "fragment-markers", "<html><body>\n<!--StartFragment--><p>Texte</p><!--EndFragment-->\n</body></html>", "Texte" },
  { "dropped", "<style>p{}</style><script>x()</script><p>Vu<span style=\"display:none\">caché</span><input value=\"x\"></p>", "Vu" },
  { "nbsp-typography", "<p>Qui sommes-nous&nbsp;? <b>Profil&nbsp;:</b>&nbsp; suite</p>", "Qui sommes-nous\xC2\xA0? **Profil\xC2\xA0:** suite" },
  { "images", "<p><img src=\"https://x.fr/a.png\" alt=\"Logo [1]\"> <img src=\"/img/b.png\"> "
    "<img src=\"data:image/png;base64,AAAA\" alt=\"Schéma\"> <img src=\"file:///C:/x.png\" alt=\"Local\"></p>",
    "![Logo \\[1\\]](https://x.fr/a.png) ![](/img/b.png) Schéma Local" },
  { "empty", "", "" },
  { "only-markup", "<p><span></span><b> </b></p><div></div>", "" },
};

static void
test_case (gconstpointer data)
{
  const HtmlCase *c = data;
  g_autofree char *markdown = postings_html_to_markdown (c->html, -1, NULL, NULL);

  g_assert_cmpstr (markdown, ==, c->markdown);
}

static char *
image_cb (const char *src, const char *alt, gpointer user_data)
{
  guint *calls = user_data;

  (*calls)++;
  g_assert_true (g_str_has_prefix (src, "data:image/png;base64,"));
  return g_strdup_printf ("![%s](/img/jobs/collé-%u.png)", alt, *calls);
}

static void
test_embedded_image_hook (void)
{
  guint calls = 0;
  g_autofree char *markdown =
    postings_html_to_markdown ("<p>Avant <img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"Schéma\"> après</p>",
                               -1, image_cb, &calls);

  g_assert_cmpuint (calls, ==, 1);
  g_assert_cmpstr (markdown, ==, "Avant ![Schéma](/img/jobs/collé-1.png) après");
}

static void
test_is_blocks (void)
{
  g_assert_false (postings_html_markdown_is_blocks ("du **texte**"));
  g_assert_false (postings_html_markdown_is_blocks ("\\- non"));
  g_assert_true (postings_html_markdown_is_blocks ("a\n\nb"));
  g_assert_true (postings_html_markdown_is_blocks ("## Titre"));
  g_assert_true (postings_html_markdown_is_blocks ("- un\n- deux"));
  g_assert_true (postings_html_markdown_is_blocks ("12. douze"));
}

static void
test_clipboard_charsets (void)
{
  const char *html = "<p>Équipe</p>";
  g_autofree char *le = NULL, *be = NULL, *le_nobom = NULL, *utf8_bom = NULL, *windows = NULL, *latin = NULL;
  g_autoptr(GString) with_bom = g_string_new (NULL);
  gsize n;
  g_autofree char *utf16le = g_convert (html, -1, "UTF-16LE", "UTF-8", NULL, &n, NULL);
  g_autofree char *utf16be = NULL;
  gsize n_be;

  utf16be = g_convert (html, -1, "UTF-16BE", "UTF-8", NULL, &n_be, NULL);
  g_string_append_len (with_bom, "\xFF\xFE", 2);
  g_string_append_len (with_bom, utf16le, (gssize) n);
  le = postings_html_from_clipboard ((const guint8 *) with_bom->str, with_bom->len);
  g_assert_cmpstr (le, ==, html);

  g_string_assign (with_bom, "");
  g_string_append_len (with_bom, "\xFE\xFF", 2);
  g_string_append_len (with_bom, utf16be, (gssize) n_be);
  be = postings_html_from_clipboard ((const guint8 *) with_bom->str, with_bom->len);
  g_assert_cmpstr (be, ==, html);

  le_nobom = postings_html_from_clipboard ((const guint8 *) utf16le, n);
  g_assert_cmpstr (le_nobom, ==, html);

  utf8_bom = postings_html_from_clipboard ((const guint8 *) "\xEF\xBB\xBF<p>\xC3\x89quipe</p>", 17);
  g_assert_cmpstr (utf8_bom, ==, html);

  {
    const char *cf_html =
      "Version:0.9\r\nStartHTML:0000000105\r\nEndHTML:0000000163\r\nStartFragment:0000000141\r\nEndFragment:0000000127\r\n"
      "<html><body>\r\n<!--StartFragment--><p>\xC3\x89quipe</p><!--EndFragment-->\r\n</body>\r\n</html>";
    g_autofree char *md = NULL;

    windows = postings_html_from_clipboard ((const guint8 *) cf_html, strlen (cf_html));
    g_assert_true (g_str_has_prefix (windows, "<html><body>"));
    md = postings_html_to_markdown (windows, -1, NULL, NULL);
    g_assert_cmpstr (md, ==, "Équipe");
  }

  latin = postings_html_from_clipboard ((const guint8 *) "<p>\xC9quipe</p>", 13);
  g_assert_cmpstr (latin, ==, html);
}

/* Real exports: tests/data/html/NAME.html → NAME.md ------------------- */

static void
test_fixture (gconstpointer data)
{
  const char *name = data;
  g_autofree char *html_path = g_test_build_filename (G_TEST_DIST, "data", "html", name, NULL);
  g_autofree char *base = NULL;
  g_autofree char *md_name = NULL;
  g_autofree char *md_path = NULL;
  g_autofree char *html = NULL, *expected = NULL, *markdown = NULL, *decoded = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  base = g_strndup (name, strlen (name) - strlen (".html"));
  md_name = g_strconcat (base, ".md", NULL);
  md_path = g_test_build_filename (G_TEST_DIST, "data", "html", md_name, NULL);
  g_assert_true (g_file_get_contents (html_path, &html, &len, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (md_path, &expected, NULL, &error));
  g_assert_no_error (error);

  decoded = postings_html_from_clipboard ((const guint8 *) html, len);
  markdown = postings_html_to_markdown (decoded, -1, NULL, NULL);
  g_strchomp (expected);
  if (g_strcmp0 (markdown, expected) != 0)
    g_test_message ("got:\n%s", markdown);
  g_assert_cmpstr (markdown, ==, expected);
  /* nothing of the word processor's markup is left */
  g_assert_null (strstr (markdown, "mso-"));
  g_assert_null (strstr (markdown, "Fragment"));
  g_assert_null (strstr (markdown, "<span"));
  g_assert_null (strstr (markdown, "base64"));
}

int
main (int argc, char *argv[])
{
  g_autofree char *dir = NULL;
  g_autoptr(GDir) fixtures = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/html/convert/", cases[i].name, NULL);
      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/html/embedded-image-hook", test_embedded_image_hook);
  g_test_add_func ("/html/is-blocks", test_is_blocks);
  g_test_add_func ("/html/clipboard-charsets", test_clipboard_charsets);

  dir = g_test_build_filename (G_TEST_DIST, "data", "html", NULL);
  fixtures = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (fixtures);
  while ((name = g_dir_read_name (fixtures)) != NULL)
    if (g_str_has_suffix (name, ".html"))
      g_ptr_array_add (names, g_strdup (name));
  /* a fixture folder without fixtures must fail, not pass */
  g_assert_cmpuint (names->len, >=, 4);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_strconcat ("/html/fixture/", (char *) g_ptr_array_index (names, i), NULL);
      g_test_add_data_func (path, g_ptr_array_index (names, i), test_fixture);
    }

  return g_test_run ();
}
