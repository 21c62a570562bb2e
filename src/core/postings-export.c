/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "postings-core-i18n.h"

#include <string.h>

#include "postings-data-uri.h"
#include "postings-export.h"
#include "postings-image.h"
#include "postings-preview.h"

/* The page's look, close to the site's: a readable column, the header's
 * banners as the preview draws them. */
static const char page_css[] =
  "body{margin:0;background:#fff;color:#1e1e1e;"
  "font:16px/1.6 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif}\n"
  "main{max-width:48rem;margin:0 auto;padding:2rem 1.5rem}\n"
  "header{margin-bottom:2rem}\n"
  "h1{font-size:2.1rem;line-height:1.2;margin:0 0 1rem}\n"
  "h2{font-size:1.55rem;margin:2rem 0 .5rem}h3{font-size:1.3rem;margin:1.5rem 0 .5rem}\n"
  "h4,h5,h6{font-size:1.1rem;margin:1.2rem 0 .4rem}\n"
  ".status{padding:.4rem .8rem;font-weight:600;border-radius:4px}\n"
  ".status.open{background:#d2f2e0}.status.closed{background:#e8e8e8}\n"
  ".friend{padding:.4rem .8rem;background:#dfe9f8;border-radius:4px}.friend p{margin:.2rem 0}\n"
  ".junior{padding:.4rem .8rem;background:#fcefc0;border-radius:4px}\n"
  ".techno .tag{display:inline-block;margin:0 .3rem .3rem 0;padding:0 .4rem;"
  "background:#e8e8e8;border-radius:3px;font-family:monospace}\n"
  "a{color:#1c5fb8}\n"
  "blockquote{margin:1rem 0;padding-left:1rem;border-left:3px solid #ccc;color:#555}\n"
  "pre{padding:.8rem;background:#f2f2f2;overflow-x:auto}code{font-family:monospace}\n"
  "img{max-width:100%;height:auto}.image-missing{color:#777;font-style:italic}\n"
  "table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}\n";

/* Raw HTML ------------------------------------------------------------------ */

/* `<br>`, `<br/>`, `<BR />` at @tag (@len bytes, from `<` to `>`). */
static gboolean
is_line_break_tag (const char *tag,
                   gsize       len)
{
  gsize i = 3;

  if (len < 4 || tag[0] != '<' || g_ascii_tolower (tag[1]) != 'b' || g_ascii_tolower (tag[2]) != 'r')
    return FALSE;
  while (i < len && g_ascii_isspace (tag[i]))
    i++;
  if (i < len && tag[i] == '/')
    i++;
  return i == len - 1 && tag[i] == '>';
}

/* The character an HTML entity at @p (starting with `&`) stands for, and
 * its length; 0 when it is not one of those read here. */
static gunichar
decode_entity (const char *p,
               gsize      *len)
{
  static const struct { const char *name; gunichar c; } names[] = {
    { "&nbsp;", 0xA0 }, { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
    { "&quot;", '"' }, { "&apos;", '\'' }, { "&rsquo;", 0x2019 }, { "&laquo;", 0xAB },
    { "&raquo;", 0xBB }, { "&eacute;", 0xE9 }, { "&egrave;", 0xE8 }, { "&agrave;", 0xE0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_has_prefix (p, names[i].name))
      {
        *len = strlen (names[i].name);
        return names[i].c;
      }

  if (p[1] == '#')
    {
      const char *q = p + 2;
      gboolean hex = *q == 'x' || *q == 'X';
      guint64 value = 0;
      char *end = NULL;

      if (hex)
        q++;
      value = g_ascii_strtoull (q, &end, hex ? 16 : 10);
      if (end != q && *end == ';' && value > 0 && value <= 0x10FFFF &&
          g_unichar_validate ((gunichar) value))
        {
          *len = end + 1 - p;
          return (gunichar) value;
        }
    }

  return 0;
}

char *
postings_export_html_to_text (const char *html)
{
  GString *out;

  g_return_val_if_fail (html != NULL, NULL);

  out = g_string_new (NULL);

  for (const char *p = html; *p != '\0'; p++)
    {
      gunichar c;
      gsize len;

      if (g_str_has_prefix (p, "<!--"))
        {
          const char *end = strstr (p + 4, "-->");

          if (end == NULL)
            break;
          p = end + 2;
        }
      else if (g_ascii_strncasecmp (p, "<script", 7) == 0 || g_ascii_strncasecmp (p, "<style", 6) == 0)
        {
          /* Not text: skip to the end of the element. */
          const char *close = g_ascii_tolower (p[2]) == 'c' ? "</script>" : "</style>";
          const char *end = p;

          while ((end = strchr (end + 1, '<')) != NULL && g_ascii_strncasecmp (end, close, strlen (close)) != 0)
            ;
          if (end == NULL)
            break;
          p = end + strlen (close) - 1;
        }
      else if (*p == '<' && (g_ascii_isalpha (p[1]) || p[1] == '/' || p[1] == '!' || p[1] == '?'))
        {
          const char *end = strchr (p, '>');

          if (end == NULL)
            break;
          if (is_line_break_tag (p, end - p + 1))
            g_string_append_c (out, '\n');
          p = end;
        }
      else if (*p == '&' && (c = decode_entity (p, &len)) != 0)
        {
          g_string_append_unichar (out, c);
          p += len - 1;
        }
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static gboolean
text_is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
block_is_list_item (const PostingsPreviewBlock *block)
{
  return block->kind == POSTINGS_PREVIEW_BLOCK_BULLET_ITEM ||
         block->kind == POSTINGS_PREVIEW_BLOCK_ORDERED_ITEM;
}

static char *
image_placeholder (const PostingsPreviewRun *run)
{
  if (run->text[0] != '\0')
    /* Translators: an image not included in an export; %s is its description */
    return g_strdup_printf (_("[Image: %s]"), run->text);

  return g_strdup (_("[Image]"));
}

/* HTML -------------------------------------------------------------------- */

typedef struct
{
  gboolean ordered;
  gboolean li_open;
} OpenList;

typedef struct
{
  GString *out;
  GFile   *file;
  GFile   *root;
  GArray  *lists;     /* OpenList, outermost first */
  gboolean in_quote;
} HtmlWriter;

static void
append_escaped (GString    *out,
                const char *text,
                gssize      len)
{
  g_autofree char *escaped = g_markup_escape_text (text, len);

  g_string_append (out, escaped);
}

/* Text with its hard line breaks as <br>. */
static void
append_text_html (GString    *out,
                  const char *text)
{
  const char *p = text;
  const char *nl;

  while ((nl = strchr (p, '\n')) != NULL)
    {
      append_escaped (out, p, nl - p);
      g_string_append (out, "<br>\n");
      p = nl + 1;
    }
  append_escaped (out, p, -1);
}

/* An image the page can carry: a data: URI of an image type (kept as
 * written), or a site file read and embedded as one. */
static char *
image_data_uri (HtmlWriter *w,
                const char *src)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *mime = NULL;
  g_autofree char *base64 = NULL;

  switch (postings_image_source_classify (src))
    {
    case POSTINGS_IMAGE_SOURCE_DATA:
      {
        PostingsDataUri uri = { 0, };
        const char *start = src;
        gboolean ok;

        while (g_ascii_isspace (*start))
          start++;
        ok = postings_data_uri_parse (start, strlen (start), &uri) &&
             start[uri.end] == '\0' && postings_image_mime_to_extension (uri.mime) != NULL;
        postings_data_uri_clear (&uri);
        return ok ? g_strdup (start) : NULL;
      }

    case POSTINGS_IMAGE_SOURCE_SITE:
    case POSTINGS_IMAGE_SOURCE_RELATIVE:
      bytes = postings_image_load (src, w->file, w->root, &mime, NULL, NULL);
      if (bytes == NULL || postings_image_mime_to_extension (mime) == NULL)
        return NULL;
      base64 = g_base64_encode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      return g_strdup_printf ("data:%s;base64,%s", mime, base64);

    case POSTINGS_IMAGE_SOURCE_NONE:
    case POSTINGS_IMAGE_SOURCE_REMOTE:
    case POSTINGS_IMAGE_SOURCE_OTHER:
    default:
      return NULL;
    }
}

static void
write_image_html (HtmlWriter               *w,
                  const PostingsPreviewRun *run)
{
  g_autofree char *uri = run->src != NULL ? image_data_uri (w, run->src) : NULL;

  if (uri != NULL)
    {
      g_string_append (w->out, "<img src=\"");
      append_escaped (w->out, uri, -1);
      g_string_append (w->out, "\" alt=\"");
      append_escaped (w->out, run->text, -1);
      g_string_append (w->out, "\">");
    }
  else
    {
      g_autofree char *placeholder = image_placeholder (run);

      g_string_append (w->out, "<span class=\"image-missing\">");
      append_escaped (w->out, placeholder, -1);
      g_string_append (w->out, "</span>");
    }
}

static void
write_runs_html (HtmlWriter                 *w,
                 const PostingsPreviewBlock *block)
{
  for (guint i = 0; i < block->n_runs; i++)
    {
      const PostingsPreviewRun *run = &block->runs[i];
      gboolean link = (run->style & POSTINGS_PREVIEW_STYLE_LINK) && run->url != NULL &&
                      postings_preview_link_is_safe (run->url);
      gboolean strong = (run->style & POSTINGS_PREVIEW_STYLE_STRONG) != 0;
      gboolean em = (run->style & POSTINGS_PREVIEW_STYLE_EMPHASIS) != 0;
      gboolean code = (run->style & POSTINGS_PREVIEW_STYLE_CODE) != 0;

      if (run->style & POSTINGS_PREVIEW_STYLE_HTML)
        {
          /* Raw HTML is never copied; a line break is kept. */
          if (is_line_break_tag (run->text, strlen (run->text)))
            g_string_append (w->out, "<br>\n");
          continue;
        }

      if (link)
        {
          g_autofree char *url = g_strstrip (g_strdup (run->url));

          g_string_append (w->out, "<a href=\"");
          append_escaped (w->out, url, -1);
          g_string_append (w->out, "\">");
        }
      if (strong)
        g_string_append (w->out, "<strong>");
      if (em)
        g_string_append (w->out, "<em>");
      if (code)
        g_string_append (w->out, "<code>");

      if (run->style & POSTINGS_PREVIEW_STYLE_IMAGE)
        write_image_html (w, run);
      else
        append_text_html (w->out, run->text);

      if (code)
        g_string_append (w->out, "</code>");
      if (em)
        g_string_append (w->out, "</em>");
      if (strong)
        g_string_append (w->out, "</strong>");
      if (link)
        g_string_append (w->out, "</a>");
    }
}

static OpenList *
top_list (HtmlWriter *w)
{
  return w->lists->len > 0 ? &g_array_index (w->lists, OpenList, w->lists->len - 1) : NULL;
}

static void
close_quote (HtmlWriter *w)
{
  if (w->in_quote)
    g_string_append (w->out, "</blockquote>\n");
  w->in_quote = FALSE;
}

static void
close_list (HtmlWriter *w)
{
  OpenList *top = top_list (w);

  if (top->li_open)
    g_string_append (w->out, "</li>\n");
  g_string_append (w->out, top->ordered ? "</ol>\n" : "</ul>\n");
  g_array_set_size (w->lists, w->lists->len - 1);
}

/* Opens and closes lists so that the block is at its list depth; a list
 * item closes the previous item of its list and opens its own <li>. */
static void
enter_lists (HtmlWriter                 *w,
             const PostingsPreviewBlock *block)
{
  guint depth = block->list_depth;
  gboolean item = block_is_list_item (block);
  gboolean ordered = block->kind == POSTINGS_PREVIEW_BLOCK_ORDERED_ITEM;

  while (w->lists->len > depth)
    close_list (w);

  if (!item)
    return;

  if (w->lists->len == depth && depth > 0 && top_list (w)->ordered != ordered)
    close_list (w);

  if (w->lists->len == depth && depth > 0)
    {
      if (top_list (w)->li_open)
        g_string_append (w->out, "</li>\n");
    }
  else
    {
      while (w->lists->len < depth)
        {
          OpenList list = { ordered, FALSE };
          OpenList *top = top_list (w);

          /* A list directly inside an item that has no text of its own. */
          if (top != NULL && !top->li_open)
            {
              g_string_append (w->out, "<li>");
              top->li_open = TRUE;
            }
          if (ordered && w->lists->len + 1 == depth && block->number != 1)
            g_string_append_printf (w->out, "<ol start=\"%u\">\n", block->number);
          else
            g_string_append (w->out, ordered ? "<ol>\n" : "<ul>\n");
          g_array_append_val (w->lists, list);
        }
    }

  g_string_append (w->out, "<li>");
  top_list (w)->li_open = TRUE;
}

/* Cell (@row, @column) of a TABLE block, as a block of its own runs. */
static PostingsPreviewBlock
table_cell (const PostingsPreviewBlock *block,
            guint                       row,
            guint                       column)
{
  const PostingsPreviewTable *table = block->table;
  guint i = row * table->n_columns + column;
  PostingsPreviewBlock cell = *block;

  cell.kind = POSTINGS_PREVIEW_BLOCK_PARAGRAPH;
  cell.runs = block->runs + table->cell_starts[i];
  cell.n_runs = table->cell_starts[i + 1] - table->cell_starts[i];
  cell.table = NULL;

  return cell;
}

static void
write_table_html (HtmlWriter                 *w,
                  const PostingsPreviewBlock *block)
{
  static const char * const aligns[] = { NULL, "left", "center", "right" };
  const PostingsPreviewTable *table = block->table;

  g_string_append (w->out, "<table>\n");
  for (guint r = 0; r < table->n_rows; r++)
    {
      gboolean head = r < table->n_header_rows;

      if (r == 0 && head)
        g_string_append (w->out, "<thead>\n");
      else if (r == table->n_header_rows)
        g_string_append (w->out, "<tbody>\n");
      g_string_append (w->out, "<tr>");
      for (guint c = 0; c < table->n_columns; c++)
        {
          PostingsPreviewBlock cell = table_cell (block, r, c);
          const char *align = aligns[table->alignments[c]];

          g_string_append (w->out, head ? "<th" : "<td");
          if (align != NULL)
            g_string_append_printf (w->out, " style=\"text-align: %s\"", align);
          g_string_append_c (w->out, '>');
          write_runs_html (w, &cell);
          g_string_append (w->out, head ? "</th>" : "</td>");
        }
      g_string_append (w->out, "</tr>\n");
      if (head && r + 1 == table->n_header_rows)
        g_string_append (w->out, "</thead>\n");
    }
  if (table->n_rows > table->n_header_rows)
    g_string_append (w->out, "</tbody>\n");
  g_string_append (w->out, "</table>\n");
}

static void
write_block_html (HtmlWriter                 *w,
                  const PostingsPreviewBlock *block)
{
  if (block->kind != POSTINGS_PREVIEW_BLOCK_QUOTE)
    close_quote (w);
  enter_lists (w, block);

  switch (block->kind)
    {
    case POSTINGS_PREVIEW_BLOCK_HEADING:
      g_string_append_printf (w->out, "<h%u>", CLAMP (block->level, 1, 6));
      write_runs_html (w, block);
      g_string_append_printf (w->out, "</h%u>\n", CLAMP (block->level, 1, 6));
      break;

    case POSTINGS_PREVIEW_BLOCK_BULLET_ITEM:
    case POSTINGS_PREVIEW_BLOCK_ORDERED_ITEM:
      write_runs_html (w, block);
      break;

    case POSTINGS_PREVIEW_BLOCK_QUOTE:
      if (!w->in_quote)
        g_string_append (w->out, "<blockquote>\n");
      w->in_quote = TRUE;
      g_string_append (w->out, "<p>");
      write_runs_html (w, block);
      g_string_append (w->out, "</p>\n");
      break;

    case POSTINGS_PREVIEW_BLOCK_CODE:
      g_string_append (w->out, "<pre><code>");
      for (guint i = 0; i < block->n_runs; i++)
        append_escaped (w->out, block->runs[i].text, -1);
      g_string_append (w->out, "</code></pre>\n");
      break;

    case POSTINGS_PREVIEW_BLOCK_THEMATIC_BREAK:
      g_string_append (w->out, "<hr>\n");
      break;

    case POSTINGS_PREVIEW_BLOCK_HTML:
      {
        g_autofree char *html = postings_preview_block_dup_text (block);
        g_autofree char *text = postings_export_html_to_text (html);

        if (!text_is_blank (text))
          {
            g_strstrip (text);
            g_string_append (w->out, "<p>");
            append_text_html (w->out, text);
            g_string_append (w->out, "</p>\n");
          }
      }
      break;

    case POSTINGS_PREVIEW_BLOCK_EXCERPT_MARK:
      /* The site does not show it on the page. */
      break;

    case POSTINGS_PREVIEW_BLOCK_TABLE:
      write_table_html (w, block);
      break;

    case POSTINGS_PREVIEW_BLOCK_PARAGRAPH:
    default:
      g_string_append (w->out, "<p>");
      write_runs_html (w, block);
      g_string_append (w->out, "</p>\n");
      break;
    }
}

static void
write_header_html (HtmlWriter                  *w,
                   const PostingsPreviewHeader *header)
{
  g_string_append (w->out, "<header>\n<h1>");
  append_escaped (w->out, header->title != NULL ? header->title : _("No job title"), -1);
  g_string_append (w->out, "</h1>\n");

  if (header->status_text != NULL)
    {
      g_string_append_printf (w->out, "<p class=\"status %s\">", header->open ? "open" : "closed");
      append_escaped (w->out, header->status_text, -1);
      g_string_append (w->out, "</p>\n");
    }

  if (header->is_friend)
    {
      g_string_append (w->out, "<div class=\"friend\">\n<p><strong>");
      append_escaped (w->out, header->friend_text, -1);
      g_string_append (w->out, "</strong></p>\n<p>");
      if (header->friend_url != NULL && postings_preview_link_is_safe (header->friend_url))
        {
          g_autofree char *url = g_strstrip (g_strdup (header->friend_url));

          g_string_append (w->out, "<a href=\"");
          append_escaped (w->out, url, -1);
          g_string_append (w->out, "\">");
          append_escaped (w->out, header->friend_link_text, -1);
          g_string_append (w->out, "</a>");
        }
      else
        append_escaped (w->out, header->friend_link_text, -1);
      g_string_append (w->out, "</p>\n</div>\n");
    }

  if (header->junior && header->junior_text != NULL)
    {
      g_string_append (w->out, "<p class=\"junior\">");
      append_escaped (w->out, header->junior_text, -1);
      g_string_append (w->out, "</p>\n");
    }

  if (header->techno[0] != NULL)
    {
      g_string_append (w->out, "<p class=\"techno\"><strong>");
      append_escaped (w->out, header->techno_label, -1);
      g_string_append (w->out, "</strong>");
      for (guint i = 0; header->techno[i] != NULL; i++)
        {
          g_string_append (w->out, " <span class=\"tag\">");
          append_escaped (w->out, header->techno[i], -1);
          g_string_append (w->out, "</span>");
        }
      g_string_append (w->out, "</p>\n");
    }

  g_string_append (w->out, "</header>\n");
}

static char *
dup_file_name (GFile *file)
{
  return file != NULL ? g_file_get_basename (file) : NULL;
}

char *
postings_export_html (PostingsDocument       *document,
                      GFile                  *file,
                      GFile                  *root,
                      PostingsExportHtmlKind  kind)
{
  g_autofree char *file_name = dup_file_name (file);
  g_autoptr(PostingsPreviewModel) model = NULL;
  g_autoptr(PostingsPreviewHeader) header = NULL;
  HtmlWriter w = { 0, };

  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (document), NULL);

  model = postings_preview_model_new_from_document (document);
  header = postings_preview_header_new (document, file_name);

  w.out = g_string_new (NULL);
  w.file = file;
  w.root = root;
  w.lists = g_array_new (FALSE, FALSE, sizeof (OpenList));

  if (kind == POSTINGS_EXPORT_HTML_PAGE)
    {
      g_string_append (w.out, "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
                              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                              "<meta name=\"generator\" content=\"Postings\">\n<title>");
      append_escaped (w.out, header->title != NULL ? header->title : _("No job title"), -1);
      g_string_append_printf (w.out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n", page_css);
    }

  write_header_html (&w, header);

  g_string_append (w.out, "<article>\n");
  for (guint i = 0; i < postings_preview_model_get_n_blocks (model); i++)
    write_block_html (&w, postings_preview_model_get_block (model, i));
  close_quote (&w);
  while (w.lists->len > 0)
    close_list (&w);
  g_string_append (w.out, "</article>\n");

  if (kind == POSTINGS_EXPORT_HTML_PAGE)
    g_string_append (w.out, "</main>\n</body>\n</html>\n");

  g_array_unref (w.lists);
  return g_string_free (w.out, FALSE);
}

/* Text -------------------------------------------------------------------- */

/* Does @text hold @address, give or take its scheme, `www.` and final `/`? */
static gboolean
text_shows_address (const char *text,
                    const char *address)
{
  g_autofree char *core = NULL;
  const char *start = address;
  gsize len;

  if (g_str_has_prefix (start, "https://"))
    start += strlen ("https://");
  else if (g_str_has_prefix (start, "http://"))
    start += strlen ("http://");
  if (g_str_has_prefix (start, "www."))
    start += strlen ("www.");
  len = strlen (start);
  while (len > 0 && start[len - 1] == '/')
    len--;
  if (len == 0)
    return FALSE;

  core = g_strndup (start, len);
  return strstr (text, core) != NULL;
}

static void
append_runs_text (GString                    *out,
                  const PostingsPreviewBlock *block,
                  const char                 *indent)
{
  for (guint i = 0; i < block->n_runs; i++)
    {
      const PostingsPreviewRun *run = &block->runs[i];
      gboolean link = (run->style & POSTINGS_PREVIEW_STYLE_LINK) && run->url != NULL &&
                      postings_preview_link_is_safe (run->url);

      if (run->style & POSTINGS_PREVIEW_STYLE_HTML)
        {
          if (is_line_break_tag (run->text, strlen (run->text)))
            g_string_append_printf (out, "\n%s", indent);
          continue;
        }

      if (run->style & POSTINGS_PREVIEW_STYLE_IMAGE)
        {
          g_autofree char *placeholder = image_placeholder (run);

          g_string_append (out, placeholder);
        }
      else
        {
          g_auto(GStrv) lines = g_strsplit (run->text, "\n", -1);
          g_autofree char *separator = g_strconcat ("\n", indent, NULL);
          g_autofree char *joined = g_strjoinv (separator, lines);

          g_string_append (out, joined);
        }

      /* "text (address)", unless the text shows the address already. */
      if (link)
        {
          g_autofree char *url = g_strstrip (g_strdup (run->url));
          const char *shown = g_str_has_prefix (url, "mailto:") ? url + strlen ("mailto:") : url;

          if (!text_shows_address (run->text, shown))
            g_string_append_printf (out, " (%s)", shown);
        }
    }
}

static void
append_underline (GString    *out,
                  const char *line,
                  char        c)
{
  glong n = g_utf8_strlen (line, -1);

  for (glong i = 0; i < n; i++)
    g_string_append_c (out, c);
  g_string_append_c (out, '\n');
}

/* One block as text lines (each ending with "\n"); empty when it shows
 * nothing. */
static void
append_block_text (GString                    *out,
                   const PostingsPreviewBlock *block)
{
  gboolean item = block_is_list_item (block);
  guint indent_width = block->list_depth > 0 ? (block->list_depth - 1) * 2 + (item ? 0 : 2) : 0;
  g_autofree char *indent = g_strnfill (indent_width, ' ');
  gsize line_start;

  g_string_append (out, indent);
  line_start = out->len;

  switch (block->kind)
    {
    case POSTINGS_PREVIEW_BLOCK_HEADING:
      {
        g_autofree char *heading = NULL;

        append_runs_text (out, block, indent);
        heading = g_strdup (out->str + line_start);
        g_string_append_c (out, '\n');
        if (block->level <= 2)
          append_underline (out, heading, block->level == 1 ? '=' : '-');
      }
      break;

    case POSTINGS_PREVIEW_BLOCK_BULLET_ITEM:
    case POSTINGS_PREVIEW_BLOCK_ORDERED_ITEM:
      {
        g_autofree char *marker = block->kind == POSTINGS_PREVIEW_BLOCK_ORDERED_ITEM
          ? g_strdup_printf ("%u. ", block->number)
          : g_strdup (block->list_depth % 2 == 1 ? "• " : "◦ ");
        /* Wrapped lines line up with the item's text. */
        g_autofree char *hanging = g_strnfill (indent_width + g_utf8_strlen (marker, -1), ' ');

        g_string_append (out, marker);
        append_runs_text (out, block, hanging);
        g_string_append_c (out, '\n');
      }
      break;

    case POSTINGS_PREVIEW_BLOCK_QUOTE:
      {
        g_autofree char *quote_indent = g_strconcat (indent, "> ", NULL);

        g_string_append (out, "> ");
        append_runs_text (out, block, quote_indent);
        g_string_append_c (out, '\n');
      }
      break;

    case POSTINGS_PREVIEW_BLOCK_CODE:
      {
        g_autofree char *code = postings_preview_block_dup_text (block);
        g_auto(GStrv) lines = g_strsplit (code, "\n", -1);

        for (guint j = 0; lines[j] != NULL; j++)
          g_string_append_printf (out, "%s    %s\n", j > 0 ? indent : "", lines[j]);
      }
      break;

    case POSTINGS_PREVIEW_BLOCK_THEMATIC_BREAK:
      g_string_append (out, "----------\n");
      break;

    case POSTINGS_PREVIEW_BLOCK_HTML:
      {
        g_autofree char *html = postings_preview_block_dup_text (block);
        g_autofree char *text = postings_export_html_to_text (html);

        if (text_is_blank (text))
          g_string_truncate (out, 0);
        else
          g_string_append_printf (out, "%s\n", g_strstrip (text));
      }
      break;

    case POSTINGS_PREVIEW_BLOCK_EXCERPT_MARK:
      g_string_truncate (out, 0);
      break;

    case POSTINGS_PREVIEW_BLOCK_TABLE:
      /* A row a line, its cells between " | " (the head underlined). */
      for (guint r = 0; r < block->table->n_rows; r++)
        {
          if (r > 0)
            g_string_append (out, indent);
          for (guint c = 0; c < block->table->n_columns; c++)
            {
              PostingsPreviewBlock cell = table_cell (block, r, c);

              if (c > 0)
                g_string_append (out, " | ");
              append_runs_text (out, &cell, indent);
            }
          g_string_append_c (out, '\n');
          if (r + 1 == block->table->n_header_rows)
            g_string_append_printf (out, "%s----------\n", indent);
        }
      break;

    case POSTINGS_PREVIEW_BLOCK_PARAGRAPH:
    default:
      append_runs_text (out, block, indent);
      g_string_append_c (out, '\n');
      break;
    }
}

char *
postings_export_text (PostingsDocument *document,
                      GFile            *file)
{
  g_autofree char *file_name = dup_file_name (file);
  g_autoptr(PostingsPreviewModel) model = NULL;
  g_autoptr(PostingsPreviewHeader) header = NULL;
  g_autoptr(GString) block_text = g_string_new (NULL);
  GString *out;
  const char *title;
  gboolean after_item = FALSE;

  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (document), NULL);

  model = postings_preview_model_new_from_document (document);
  header = postings_preview_header_new (document, file_name);
  out = g_string_new (NULL);

  title = header->title != NULL ? header->title : _("No job title");
  g_string_append_printf (out, "%s\n", title);
  append_underline (out, title, '=');
  if (header->status_text != NULL)
    g_string_append_printf (out, "%s\n", header->status_text);
  if (header->is_friend)
    {
      g_string_append_printf (out, "%s\n", header->friend_text);
      if (header->friend_url != NULL && postings_preview_link_is_safe (header->friend_url))
        g_string_append_printf (out, "%s : %s\n", header->friend_link_text, header->friend_url);
      else
        g_string_append_printf (out, "%s\n", header->friend_link_text);
    }
  if (header->junior && header->junior_text != NULL)
    g_string_append_printf (out, "%s\n", header->junior_text);
  if (header->techno[0] != NULL)
    {
      g_autofree char *tags = g_strjoinv (", ", header->techno);

      g_string_append_printf (out, "%s %s\n", header->techno_label, tags);
    }

  for (guint i = 0; i < postings_preview_model_get_n_blocks (model); i++)
    {
      const PostingsPreviewBlock *block = postings_preview_model_get_block (model, i);
      gboolean item = block_is_list_item (block);

      g_string_truncate (block_text, 0);
      append_block_text (block_text, block);
      if (block_text->len == 0)
        continue;

      /* A blank line between blocks, not between the items of a list. */
      if (!(item && after_item))
        g_string_append_c (out, '\n');
      after_item = item;
      g_string_append_len (out, block_text->str, block_text->len);
    }

  return g_string_free (out, FALSE);
}
