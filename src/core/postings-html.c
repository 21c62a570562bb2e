/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "postings-html.h"

/*
 * The tree libxml2 builds is walked once. Block elements make blocks
 * (strings of Markdown, joined by blank lines); the inline content between
 * them is gathered as runs (text with its bold, italic, code and link)
 * that are written out together, so that `<b>a</b><b>b</b>` gives
 * `**ab**` and spaces stay outside the markers.
 */

#define NBSP "\xC2\xA0"

typedef struct
{
  GString *text;
  gboolean bold;
  gboolean italic;
  gboolean code;
  gboolean markup;     /* text is Markdown already (image, line break) */
  const char *href;    /* owned by the tree */
} Run;

typedef struct
{
  PostingsHtmlImageFunc image_func;
  gpointer image_data;

  /* Inline formatting in force (depths). */
  guint bold;
  guint italic;
  guint code;
  guint pre;
  gboolean no_bold;    /* in a heading: its text is bold already */
  const char *href;

  GArray *runs;        /* Run: the paragraph being gathered */
  GStringChunk *strings; /* the links' addresses */
} Conv;

static void blocks_of_children (Conv *c, xmlNode *parent, GPtrArray *blocks);

static void
run_clear (Run *r)
{
  g_string_free (r->text, TRUE);
}

static const char *
name_of (xmlNode *node)
{
  return node->type == XML_ELEMENT_NODE && node->name != NULL ? (const char *) node->name : "";
}

static gboolean
name_in (xmlNode *node, const char * const *names)
{
  const char *name = name_of (node);

  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_block (xmlNode *node)
{
  static const char * const blocks[] = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre",
    "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "hr", "section", "article",
    "header", "footer", "main", "nav", "aside", "figure", "figcaption", "dl", "dt", "dd",
    "address", "center", "body", "html", "form", "fieldset", "details", "summary", "menu", NULL,
  };
  return name_in (node, blocks);
}

/* Never content: what a browser does not show, and Word's XML islands. */
static gboolean
is_dropped (xmlNode *node)
{
  static const char * const dropped[] = {
    "head", "script", "style", "title", "meta", "link", "noscript", "template", "object",
    "iframe", "button", "input", "select", "textarea", "xml", "svg", "math", "canvas", "video",
    "audio", NULL,
  };
  return name_in (node, dropped);
}

static char *
attr (xmlNode *node, const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

/* The value of CSS property @property in @node's style attribute, lower
 * case and trimmed, or NULL. */
static char *
style_value (xmlNode *node, const char *property)
{
  g_autofree char *style = attr (node, "style");
  g_auto(GStrv) declarations = NULL;

  if (style == NULL)
    return NULL;
  declarations = g_strsplit (style, ";", -1);
  for (guint i = 0; declarations[i] != NULL; i++)
    {
      char *colon = strchr (declarations[i], ':');

      if (colon == NULL)
        continue;
      *colon = '\0';
      g_strstrip (declarations[i]);
      if (g_ascii_strcasecmp (declarations[i], property) == 0)
        {
          char *value = g_ascii_strdown (colon + 1, -1);
          return g_strstrip (value);
        }
    }
  return NULL;
}

/* Hidden: `display:none`, Word's `mso-hide:all` and the bullets Word writes
 * itself (`mso-list:Ignore`). */
static gboolean
is_hidden (xmlNode *node)
{
  g_autofree char *display = style_value (node, "display");
  g_autofree char *hide = style_value (node, "mso-hide");
  g_autofree char *list = style_value (node, "mso-list");

  return g_strcmp0 (display, "none") == 0 || g_strcmp0 (hide, "all") == 0
         || g_strcmp0 (list, "ignore") == 0;
}

/* 1 bold, -1 explicitly not (Google Docs wraps everything in
 * `<b style="font-weight:normal">`), 0 unsaid. */
static int
style_bold (xmlNode *node)
{
  g_autofree char *weight = style_value (node, "font-weight");

  if (weight == NULL)
    return 0;
  if (g_str_equal (weight, "bold") || g_str_equal (weight, "bolder") || atoi (weight) >= 600)
    return 1;
  return -1;
}

static int
style_italic (xmlNode *node)
{
  g_autofree char *font_style = style_value (node, "font-style");

  if (font_style == NULL)
    return 0;
  return g_str_equal (font_style, "italic") || g_str_equal (font_style, "oblique") ? 1 : -1;
}

/* ------------------------------------------------------------------ */
/* Inline runs                                                         */

static void
add_run (Conv *c, const char *text, gssize len, gboolean markup)
{
  Run *last = c->runs->len > 0 ? &g_array_index (c->runs, Run, c->runs->len - 1) : NULL;
  gboolean bold = c->bold > 0 && !c->no_bold, italic = c->italic > 0, code = c->code > 0 || c->pre > 0;

  if (last != NULL && !markup && !last->markup && last->bold == bold && last->italic == italic
      && last->code == code && last->href == c->href)
    {
      g_string_append_len (last->text, text, len);
      return;
    }
  {
    Run r = { g_string_new_len (text, len), bold, italic, code, markup, c->href };
    g_array_append_val (c->runs, r);
  }
}

static gboolean
runs_end_with_space (Conv *c)
{
  Run *last;

  if (c->runs->len == 0)
    return TRUE;
  last = &g_array_index (c->runs, Run, c->runs->len - 1);
  if (last->markup)
    return g_str_has_suffix (last->text->str, "\n");
  return last->text->len == 0 || last->text->str[last->text->len - 1] == ' ';
}

/* Word's downlevel-revealed conditionals reach the text as `<![if …]>`
 * and `<![endif]>`. */
static void
strip_conditionals (GString *text)
{
  char *start;

  while ((start = strstr (text->str, "<![")) != NULL)
    {
      char *end = strstr (start, "]>");

      if (end == NULL)
        break;
      g_string_erase (text, start - text->str, end + 2 - start);
    }
}

/* Text as a browser shows it: runs of white space are one space; a
 * no-break space is kept between words (French punctuation) and becomes a
 * plain space beside other white space. */
static void
add_text (Conv *c, const char *content)
{
  g_autoptr(GString) text = g_string_new (content);
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean space = runs_end_with_space (c);

  strip_conditionals (text);
  if (c->pre > 0)
    {
      add_run (c, text->str, (gssize) text->len, FALSE);
      return;
    }

  for (const char *p = text->str; *p != '\0';)
    {
      gboolean nbsp = g_str_has_prefix (p, NBSP);

      if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
        {
          if (!space)
            g_string_append_c (out, ' ');
          else if (out->len >= 2 && g_str_has_suffix (out->str, NBSP))
            {
              g_string_truncate (out, out->len - 2);
              g_string_append_c (out, ' ');
            }
          space = TRUE;
          p++;
        }
      else if (nbsp)
        {
          gboolean next_space = p[2] == ' ' || p[2] == '\t' || p[2] == '\n' || p[2] == '\r'
                                || g_str_has_prefix (p + 2, NBSP);
          if (!space && !next_space)
            g_string_append (out, NBSP);
          else if (!space)
            g_string_append_c (out, ' ');
          space = space || next_space;
          p += 2;
        }
      else
        {
          const char *next = g_utf8_next_char (p);

          g_string_append_len (out, p, next - p);
          space = FALSE;
          p = next;
        }
    }
  if (out->len > 0)
    add_run (c, out->str, (gssize) out->len, FALSE);
}

static gboolean
has_block_descendant (xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && !is_dropped (child)
        && (is_block (child) || has_block_descendant (child)))
      return TRUE;
  return FALSE;
}

/* A web or relative address, written so that Markdown reads it back. */
static char *
markdown_url (const char *url)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = url; *p != '\0'; p++)
    switch (*p)
      {
      case ' ': g_string_append (out, "%20"); break;
      case '(': g_string_append (out, "%28"); break;
      case ')': g_string_append (out, "%29"); break;
      case '<': g_string_append (out, "%3C"); break;
      case '>': g_string_append (out, "%3E"); break;
      case '\n': case '\r': case '\t': break;
      default: g_string_append_c (out, *p);
      }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
is_web_or_relative (const char *url)
{
  const char *colon = strchr (url, ':');
  const char *slash = strchr (url, '/');

  if (g_ascii_strncasecmp (url, "http://", 7) == 0 || g_ascii_strncasecmp (url, "https://", 8) == 0)
    return TRUE;
  /* no scheme: relative */
  return colon == NULL || (slash != NULL && slash < colon);
}

static char *escape_text (const char *text);

static void
add_image (Conv *c, xmlNode *node)
{
  g_autofree char *src = attr (node, "src");
  g_autofree char *alt = attr (node, "alt");
  g_autofree char *markdown = NULL;

  if (alt != NULL)
    g_strstrip (alt);
  if (src == NULL || *g_strstrip (src) == '\0')
    ;
  else if (g_ascii_strncasecmp (src, "data:", 5) == 0)
    {
      if (c->image_func != NULL)
        markdown = c->image_func (src, alt != NULL ? alt : "", c->image_data);
    }
  else if (is_web_or_relative (src))
    {
      g_autofree char *url = markdown_url (src);
      g_autofree char *escaped = escape_text (alt != NULL ? alt : "");
      markdown = g_strdup_printf ("![%s](%s)", escaped, url);
    }

  if (markdown != NULL)
    add_run (c, markdown, -1, TRUE);
  else if (alt != NULL && *alt != '\0')
    add_text (c, alt);
}

static void
collect_inline (Conv *c, xmlNode *node)
{
  const char *name;
  int bold = 0, italic = 0;
  g_autofree char *href = NULL;
  const char *saved_href = c->href;

  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
    {
      if (node->content != NULL)
        add_text (c, (const char *) node->content);
      return;
    }
  if (node->type != XML_ELEMENT_NODE || is_dropped (node) || is_hidden (node))
    return;

  name = name_of (node);
  if (g_ascii_strcasecmp (name, "br") == 0)
    {
      add_run (c, "  \n", -1, TRUE);
      return;
    }
  if (g_ascii_strcasecmp (name, "img") == 0)
    {
      add_image (c, node);
      return;
    }

  if (g_ascii_strcasecmp (name, "b") == 0 || g_ascii_strcasecmp (name, "strong") == 0)
    bold = style_bold (node) < 0 ? 0 : 1;
  else
    bold = MAX (style_bold (node), 0);
  if (g_ascii_strcasecmp (name, "i") == 0 || g_ascii_strcasecmp (name, "em") == 0
      || g_ascii_strcasecmp (name, "cite") == 0)
    italic = style_italic (node) < 0 ? 0 : 1;
  else
    italic = MAX (style_italic (node), 0);
  if (g_ascii_strcasecmp (name, "code") == 0 || g_ascii_strcasecmp (name, "tt") == 0
      || g_ascii_strcasecmp (name, "kbd") == 0 || g_ascii_strcasecmp (name, "samp") == 0)
    c->code++;
  if (g_ascii_strcasecmp (name, "a") == 0 && (href = attr (node, "href")) != NULL)
    {
      g_strstrip (href);
      if (*href != '\0' && href[0] != '#' && g_ascii_strncasecmp (href, "javascript:", 11) != 0
          && g_ascii_strncasecmp (href, "file:", 5) != 0)
        {
          c->href = g_string_chunk_insert_const (c->strings, href);
        }
    }

  c->bold += bold;
  c->italic += italic;
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    collect_inline (c, child);
  c->bold -= bold;
  c->italic -= italic;
  if (g_ascii_strcasecmp (name, "code") == 0 || g_ascii_strcasecmp (name, "tt") == 0
      || g_ascii_strcasecmp (name, "kbd") == 0 || g_ascii_strcasecmp (name, "samp") == 0)
    c->code--;
  c->href = saved_href;
}

/* ------------------------------------------------------------------ */
/* Writing runs as Markdown                                            */

static char *
escape_text (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\': case '`': case '*': case '_': case '[': case ']':
          g_string_append_c (out, '\\');
          break;
        case '<':
          if (g_ascii_isalpha (p[1]) || p[1] == '/' || p[1] == '!' || p[1] == '?')
            g_string_append_c (out, '\\');
          break;
        case '$':
          if (p[1] == '$')
            g_string_append_c (out, '\\');
          break;
        default:
          break;
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
append_code (GString *out, const char *code)
{
  guint longest = 0, run = 0;
  g_autofree char *fence = NULL;
  gboolean pad;

  for (const char *p = code; *p != '\0'; p++)
    {
      run = *p == '`' ? run + 1 : 0;
      longest = MAX (longest, run);
    }
  fence = g_strnfill (longest + 1, '`');
  pad = code[0] == '`' || (*code != '\0' && code[strlen (code) - 1] == '`');
  g_string_append_printf (out, "%s%s%s%s%s", fence, pad ? " " : "", code, pad ? " " : "", fence);
}

typedef struct
{
  GString *out;
  gboolean bold;
  gboolean italic;
  const char *href;   /* the open link's, or NULL */
} Writer;

static void
close_formatting (Writer *w, gboolean bold, gboolean italic, const char *href)
{
  gboolean link_changes = w->href != href;

  if (w->italic && (!italic || link_changes || w->bold != bold))
    {
      g_string_append_c (w->out, '*');
      w->italic = FALSE;
    }
  if (w->bold && (!bold || link_changes))
    {
      g_string_append (w->out, "**");
      w->bold = FALSE;
    }
  if (w->href != NULL && link_changes)
    {
      g_autofree char *url = markdown_url (w->href);
      g_string_append_printf (w->out, "](%s)", url);
      w->href = NULL;
    }
}

static void
open_formatting (Writer *w, gboolean bold, gboolean italic, const char *href)
{
  if (href != NULL && w->href == NULL)
    {
      g_string_append_c (w->out, '[');
      w->href = href;
    }
  if (bold && !w->bold)
    {
      g_string_append (w->out, "**");
      w->bold = TRUE;
    }
  if (italic && !w->italic)
    {
      g_string_append_c (w->out, '*');
      w->italic = TRUE;
    }
}

static char *
write_runs (GArray *runs)
{
  Writer w = { g_string_new (NULL), FALSE, FALSE, NULL };
  gboolean pending_space = FALSE;

  for (guint i = 0; i < runs->len; i++)
    {
      Run *r = &g_array_index (runs, Run, i);
      const char *core = r->text->str;
      gsize core_len = r->text->len;
      gboolean lead = FALSE, trail = FALSE;

      if (!r->markup && !r->code)
        {
          while (core_len > 0 && *core == ' ')
            core++, core_len--, lead = TRUE;
          while (core_len > 0 && core[core_len - 1] == ' ')
            core_len--, trail = TRUE;
          if (core_len == 0)
            {
              pending_space = pending_space || lead;
              continue;
            }
        }

      close_formatting (&w, r->bold, r->italic, r->href);
      if ((pending_space || lead) && w.out->len > 0)
        g_string_append_c (w.out, ' ');
      open_formatting (&w, r->bold, r->italic, r->href);

      if (r->markup)
        g_string_append (w.out, r->text->str);
      else if (r->code)
        {
          g_autofree char *code = g_strndup (core, core_len);
          append_code (w.out, code);
        }
      else
        {
          g_autofree char *plain = g_strndup (core, core_len);
          g_autofree char *escaped = escape_text (plain);
          g_string_append (w.out, escaped);
        }
      pending_space = trail;
    }
  close_formatting (&w, FALSE, FALSE, NULL);
  return g_string_free (w.out, FALSE);
}

/* Lines as Markdown reads them: no leading spaces, no trailing spaces
 * before a blank line, one blank line at most, and what would start a
 * block at the start of a line escaped (`#`, `>`, `-`, `+`, `1.`, `:`,
 * `|`, `=`). */
static char *
tidy_paragraph (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean blank = TRUE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize len;

      while (*line == ' ' || g_str_has_prefix (line, NBSP))
        line += *line == ' ' ? 1 : 2;
      len = strlen (line);
      while (len > 0 && (line[len - 1] == ' ' || (len >= 2 && memcmp (line + len - 2, NBSP, 2) == 0)))
        len -= line[len - 1] == ' ' ? 1 : 2;
      if (len == 0)
        {
          blank = TRUE;
          continue;
        }
      if (out->len > 0)
        g_string_append (out, blank ? "\n\n" : "  \n");
      blank = FALSE;

      if (strchr ("#>+-=:|", line[0]) != NULL)
        g_string_append_c (out, '\\');
      else if (g_ascii_isdigit (line[0]))
        {
          const char *p = line;

          while (g_ascii_isdigit (*p))
            p++;
          if ((*p == '.' || *p == ')') && (p[1] == ' ' || p[1] == '\0'))
            {
              g_string_append_len (out, line, p - line);
              g_string_append_c (out, '\\');
              len -= (gsize) (p - line);
              line = (char *) p;
            }
        }
      g_string_append_len (out, line, (gssize) len);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The paragraph gathered so far, as a block (nothing when it is empty). */
static void
flush_paragraph (Conv *c, GPtrArray *blocks)
{
  g_autofree char *written = NULL;
  char *tidy;

  if (c->runs->len == 0)
    return;
  written = write_runs (c->runs);
  g_array_set_size (c->runs, 0);
  tidy = tidy_paragraph (written);
  if (*tidy != '\0')
    g_ptr_array_add (blocks, tidy);
  else
    g_free (tidy);
}

/* The inline content of @node alone, as one line of Markdown (headings,
 * table cells); blocks inside are separated by spaces. */
static char *
inline_of (Conv *c, xmlNode *node)
{
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (g_free);
  GArray *saved = c->runs;
  g_autoptr(GString) out = g_string_new (NULL);

  c->runs = g_array_new (FALSE, FALSE, sizeof (Run));
  g_array_set_clear_func (c->runs, (GDestroyNotify) run_clear);
  blocks_of_children (c, node, blocks);
  flush_paragraph (c, blocks);
  g_array_unref (c->runs);
  c->runs = saved;

  for (guint i = 0; i < blocks->len; i++)
    {
      g_autofree char *one = g_strdup (g_ptr_array_index (blocks, i));

      g_strdelimit (one, "\n", ' ');
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, one);
    }
  /* a hard break inside a heading or a cell is a space there */
  while (strstr (out->str, "   ") != NULL)
    g_string_replace (out, "   ", " ", 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------ */
/* Blocks                                                              */

/* @block with @first before its first line and @rest before the others
 * (blank lines stay empty). */
static char *
prefix_lines (const char *block, const char *first, const char *rest)
{
  g_auto(GStrv) lines = g_strsplit (block, "\n", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *prefix = i == 0 ? first : rest;

      if (i > 0)
        g_string_append_c (out, '\n');
      if (lines[i][0] == '\0')
        {
          g_autofree char *trimmed = g_strchomp (g_strdup (prefix));
          g_string_append (out, trimmed);
        }
      else
        g_string_append_printf (out, "%s%s", prefix, lines[i]);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
is_list (xmlNode *node)
{
  static const char * const lists[] = { "ul", "ol", "menu", "dir", NULL };
  return name_in (node, lists);
}

/* One list item: its blocks, the first after the marker, the others
 * indented under it; a nested list follows its text on the next line. */
static char *
list_item (const char *marker, GPtrArray *item_blocks, GPtrArray *is_sublist)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *indent = g_strnfill (strlen (marker), ' ');

  for (guint i = 0; i < item_blocks->len; i++)
    {
      if (i > 0)
        g_string_append (body, g_ptr_array_index (is_sublist, i) != NULL ? "\n" : "\n\n");
      g_string_append (body, g_ptr_array_index (item_blocks, i));
    }
  if (body->len == 0)
    return g_strchomp (g_strdup (marker));
  return prefix_lines (body->str, marker, indent);
}

/* The items gathered so far as one list block. */
static void
flush_items (GPtrArray *items, GPtrArray *blocks)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, g_ptr_array_index (items, i));
    }
  g_ptr_array_set_size (items, 0);
  if (out->len > 0)
    g_ptr_array_add (blocks, g_string_free (g_steal_pointer (&out), FALSE));
}

static gboolean
block_is_list (const char *b)
{
  gsize digits = strspn (b, "0123456789");

  return g_str_has_prefix (b, "- ") || g_str_equal (b, "-")
         || (digits > 0 && b[digits] == '.' && (b[digits + 1] == ' ' || b[digits + 1] == '\0'));
}

static void
list_block (Conv *c, xmlNode *list, GPtrArray *blocks)
{
  gboolean ordered = g_ascii_strcasecmp (name_of (list), "ol") == 0;
  g_autofree char *start = attr (list, "start");
  guint number = start != NULL && atoi (start) >= 0 ? (guint) atoi (start) : 1;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);

  for (xmlNode *child = list->children; child != NULL; child = child->next)
    {
      g_autoptr(GPtrArray) item_blocks = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) sublist = g_ptr_array_new ();
      g_autofree char *marker = NULL;

      if (child->type != XML_ELEMENT_NODE || is_dropped (child) || is_hidden (child))
        continue;
      if (is_list (child))
        {
          g_autoptr(GPtrArray) nested = g_ptr_array_new_with_free_func (g_free);

          list_block (c, child, nested);
          if (items->len == 0)
            {
              /* <ol><ol>…: a list in a list with no item to hang from */
              for (guint i = 0; i < nested->len; i++)
                g_ptr_array_add (blocks, g_strdup (g_ptr_array_index (nested, i)));
            }
          else
            {
              /* <ul><li>a</li><ul>…</ul></ul>: the nested list belongs to the item above */
              char *last = g_ptr_array_index (items, items->len - 1);
              g_autofree char *indent = g_strnfill (ordered ? 3 : 2, ' ');

              for (guint i = 0; i < nested->len; i++)
                {
                  g_autofree char *indented = prefix_lines (g_ptr_array_index (nested, i), indent, indent);
                  char *longer = g_strconcat (last, "\n", indented, NULL);

                  g_free (last);
                  last = items->pdata[items->len - 1] = longer;
                }
            }
          continue;
        }

      blocks_of_children (c, child, item_blocks);
      flush_paragraph (c, item_blocks);
      if (item_blocks->len == 0)
        continue;
      if (item_blocks->len == 1 && ((char *) g_ptr_array_index (item_blocks, 0))[0] == '#')
        {
          /* a numbered heading (a word processor's outline numbering): a heading */
          flush_items (items, blocks);
          g_ptr_array_add (blocks, g_strdup (g_ptr_array_index (item_blocks, 0)));
          continue;
        }
      for (guint i = 0; i < item_blocks->len; i++)
        {
          const char *b = g_ptr_array_index (item_blocks, i);
          g_ptr_array_add (sublist, block_is_list (b) ? (gpointer) b : NULL);
        }
      marker = ordered ? g_strdup_printf ("%u. ", number++) : g_strdup ("- ");
      g_ptr_array_add (items, list_item (marker, item_blocks, sublist));
    }
  flush_items (items, blocks);
}

/* Word writes lists as paragraphs: `<p style="mso-list:l0 level2 lfo1">`
 * with the bullet or number in a `mso-list:Ignore` span. */
static guint
word_list_level (xmlNode *node)
{
  g_autofree char *list = NULL;
  const char *level;

  if (g_ascii_strcasecmp (name_of (node), "p") != 0)
    return 0;
  list = style_value (node, "mso-list");
  if (list == NULL || (level = strstr (list, "level")) == NULL)
    return 0;
  return (guint) CLAMP (atoi (level + 5), 1, 9);
}

static void
find_word_bullet (xmlNode *node, GString *bullet)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      g_autofree char *list = child->type == XML_ELEMENT_NODE ? style_value (child, "mso-list") : NULL;

      if (g_strcmp0 (list, "ignore") == 0)
        {
          xmlChar *content = xmlNodeGetContent (child);
          g_string_append (bullet, (const char *) content);
          xmlFree (content);
          return;
        }
      if (child->type == XML_ELEMENT_NODE)
        find_word_bullet (child, bullet);
    }
}

typedef struct
{
  guint level;
  gboolean ordered;
  char *text;
} WordItem;

static gsize
word_list (GArray *items, gsize i, guint level, GString *out)
{
  guint number = 1;

  while (i < items->len)
    {
      WordItem *item = &g_array_index (items, WordItem, i);
      g_autofree char *marker = NULL;
      g_autofree char *indent = NULL;
      g_autofree char *line = NULL;

      if (item->level < level)
        break;
      if (item->level > level)
        {
          /* a deeper item without a parent: as if it had one */
          i = word_list (items, i, item->level, out);
          continue;
        }
      marker = item->ordered ? g_strdup_printf ("%u. ", number++) : g_strdup ("- ");
      indent = g_strnfill (strlen (marker), ' ');
      line = prefix_lines (item->text, marker, indent);
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, line);
      i++;
      if (i < items->len && g_array_index (items, WordItem, i).level > level)
        {
          g_autoptr(GString) nested = g_string_new (NULL);
          g_autofree char *indented = NULL;

          i = word_list (items, i, g_array_index (items, WordItem, i).level, nested);
          indented = prefix_lines (nested->str, indent, indent);
          g_string_append_printf (out, "\n%s", indented);
        }
    }
  return i;
}

static void
word_item_clear (WordItem *item)
{
  g_free (item->text);
}

static gboolean
is_blank_text (xmlNode *node)
{
  if (node->type != XML_TEXT_NODE || node->content == NULL)
    return FALSE;
  for (const char *p = (const char *) node->content; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* The Word list paragraphs from @first on: returns the last one used. */
static xmlNode *
word_list_block (Conv *c, xmlNode *first, GPtrArray *blocks)
{
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (WordItem));
  g_autoptr(GString) out = g_string_new (NULL);
  xmlNode *last = first;

  g_array_set_clear_func (items, (GDestroyNotify) word_item_clear);
  for (xmlNode *node = first; node != NULL; node = node->next)
    {
      guint level = word_list_level (node);
      g_autoptr(GString) bullet = g_string_new (NULL);
      WordItem item;

      if (level == 0)
        {
          if (node->type == XML_COMMENT_NODE || is_blank_text (node))
            continue;
          break;
        }
      find_word_bullet (node, bullet);
      /* "1." then no-break spaces */
      g_string_truncate (bullet, strcspn (bullet->str, " \t\r\n\xC2"));
      item.level = level;
      item.ordered = bullet->str[0] != '\0' && strlen (bullet->str) <= 5
                     && g_ascii_isalnum (bullet->str[0])
                     && strchr (".)", bullet->str[strlen (bullet->str) - 1]) != NULL;
      item.text = inline_of (c, node);
      g_array_append_val (items, item);
      last = node;
    }
  word_list (items, 0, items->len > 0 ? g_array_index (items, WordItem, 0).level : 1, out);
  if (out->len > 0)
    g_ptr_array_add (blocks, g_string_free (g_steal_pointer (&out), FALSE));
  return last;
}

static void
heading_block (Conv *c, xmlNode *node, guint level, GPtrArray *blocks)
{
  g_autofree char *text = NULL;
  g_autofree char *hashes = g_strnfill (level, '#');
  gboolean saved = c->no_bold;

  c->no_bold = TRUE;
  text = inline_of (c, node);
  c->no_bold = saved;
  if (*text != '\0')
    g_ptr_array_add (blocks, g_strdup_printf ("%s %s", hashes, text));
}

static void
quote_block (Conv *c, xmlNode *node, GPtrArray *blocks)
{
  g_autoptr(GPtrArray) inner = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) joined = g_string_new (NULL);

  blocks_of_children (c, node, inner);
  flush_paragraph (c, inner);
  for (guint i = 0; i < inner->len; i++)
    {
      if (i > 0)
        g_string_append (joined, "\n\n");
      g_string_append (joined, g_ptr_array_index (inner, i));
    }
  if (joined->len > 0)
    g_ptr_array_add (blocks, prefix_lines (joined->str, "> ", "> "));
}

static void
pre_block (Conv *c, xmlNode *node, GPtrArray *blocks)
{
  xmlChar *content = xmlNodeGetContent (node);
  g_autofree char *text = g_strdup ((const char *) content);
  guint longest = 0, run = 0;
  g_autofree char *fence = NULL;

  xmlFree (content);
  g_strchomp (text);
  while (text[0] == '\n')
    memmove (text, text + 1, strlen (text));
  if (text[0] == '\0')
    return;
  for (const char *p = text; *p != '\0'; p++)
    {
      run = *p == '`' ? run + 1 : 0;
      longest = MAX (longest, run);
    }
  fence = g_strnfill (MAX (3, longest + 1), '`');
  g_ptr_array_add (blocks, g_strdup_printf ("%s\n%s\n%s", fence, text, fence));
}

static void
collect_rows (xmlNode *node, GPtrArray *rows)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (g_ascii_strcasecmp (name_of (child), "tr") == 0)
      g_ptr_array_add (rows, child);
    else if (child->type == XML_ELEMENT_NODE && g_ascii_strcasecmp (name_of (child), "table") != 0)
      collect_rows (child, rows);
}

/* Tables as text: one paragraph per row, the cells separated by “ – ”. */
static void
table_block (Conv *c, xmlNode *table, GPtrArray *blocks)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (table, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GString) line = g_string_new (NULL);

      for (xmlNode *cell = ((xmlNode *) g_ptr_array_index (rows, i))->children; cell != NULL; cell = cell->next)
        {
          g_autofree char *text = NULL;

          if (g_ascii_strcasecmp (name_of (cell), "td") != 0 && g_ascii_strcasecmp (name_of (cell), "th") != 0)
            continue;
          text = inline_of (c, cell);
          if (*text == '\0')
            continue;
          if (line->len > 0)
            g_string_append (line, " – ");
          g_string_append (line, text);
        }
      if (line->len > 0)
        g_ptr_array_add (blocks, g_string_free (g_steal_pointer (&line), FALSE));
    }
}

static guint
heading_level (xmlNode *node)
{
  const char *name = name_of (node);
  g_autofree char *class = NULL;

  if ((name[0] == 'h' || name[0] == 'H') && name[1] >= '1' && name[1] <= '6' && name[2] == '\0')
    return (guint) (name[1] - '0');
  if (g_ascii_strcasecmp (name, "p") != 0 || (class = attr (node, "class")) == NULL)
    return 0;
  /* Word's title styles */
  if (g_ascii_strcasecmp (class, "MsoTitle") == 0)
    return 1;
  if (g_ascii_strcasecmp (class, "MsoSubtitle") == 0)
    return 2;
  return 0;
}

/* Word's quotation styles */
static gboolean
is_word_quote (xmlNode *node)
{
  g_autofree char *class = g_ascii_strcasecmp (name_of (node), "p") == 0 ? attr (node, "class") : NULL;

  return class != NULL && (g_ascii_strcasecmp (class, "MsoQuote") == 0
                           || g_ascii_strcasecmp (class, "MsoIntenseQuote") == 0);
}

static void
blocks_of_children (Conv *c, xmlNode *parent, GPtrArray *blocks)
{
  for (xmlNode *node = parent->children; node != NULL; node = node->next)
    {
      const char *name = name_of (node);
      guint level;

      if (node->type == XML_ELEMENT_NODE && (is_dropped (node) || is_hidden (node)))
        continue;
      if (node->type != XML_ELEMENT_NODE || (!is_block (node) && !has_block_descendant (node)))
        {
          collect_inline (c, node);
          continue;
        }

      if (!is_block (node))
        {
          /* an inline element around blocks (Google Docs' <b id="docs-internal-guid-…">) */
          int bold = g_ascii_strcasecmp (name, "b") == 0 || g_ascii_strcasecmp (name, "strong") == 0
                     ? (style_bold (node) < 0 ? 0 : 1) : MAX (style_bold (node), 0);
          int italic = g_ascii_strcasecmp (name, "i") == 0 || g_ascii_strcasecmp (name, "em") == 0
                       ? (style_italic (node) < 0 ? 0 : 1) : MAX (style_italic (node), 0);

          c->bold += bold;
          c->italic += italic;
          blocks_of_children (c, node, blocks);
          c->bold -= bold;
          c->italic -= italic;
          continue;
        }

      flush_paragraph (c, blocks);
      if ((level = heading_level (node)) > 0)
        heading_block (c, node, level, blocks);
      else if (word_list_level (node) > 0)
        node = word_list_block (c, node, blocks);
      else if (is_list (node))
        list_block (c, node, blocks);
      else if (g_ascii_strcasecmp (name, "li") == 0)
        {
          /* an item outside a list */
          g_autoptr(GPtrArray) item = g_ptr_array_new_with_free_func (g_free);
          g_autoptr(GPtrArray) sublist = g_ptr_array_new ();

          blocks_of_children (c, node, item);
          flush_paragraph (c, item);
          for (guint i = 0; i < item->len; i++)
            g_ptr_array_add (sublist, NULL);
          if (item->len > 0)
            g_ptr_array_add (blocks, list_item ("- ", item, sublist));
        }
      else if (g_ascii_strcasecmp (name, "blockquote") == 0 || is_word_quote (node))
        quote_block (c, node, blocks);
      else if (g_ascii_strcasecmp (name, "pre") == 0)
        pre_block (c, node, blocks);
      else if (g_ascii_strcasecmp (name, "table") == 0)
        table_block (c, node, blocks);
      else if (g_ascii_strcasecmp (name, "hr") == 0)
        g_ptr_array_add (blocks, g_strdup ("---"));
      else
        blocks_of_children (c, node, blocks);
      flush_paragraph (c, blocks);
    }
}

char *
postings_html_to_markdown (const char            *html,
                           gssize                 len,
                           PostingsHtmlImageFunc  embedded_image,
                           gpointer               user_data)
{
  Conv c = { embedded_image, user_data, 0 };
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);
  htmlDocPtr doc;
  xmlNode *root;

  g_return_val_if_fail (html != NULL || len == 0, g_strdup (""));

  if (len < 0)
    len = (gssize) strlen (html);
  if (len == 0 || len > G_MAXINT)
    return g_strdup ("");

  doc = htmlReadMemory (html, (int) len, NULL, "UTF-8",
                        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  if (doc == NULL)
    return g_strdup ("");
  c.runs = g_array_new (FALSE, FALSE, sizeof (Run));
  g_array_set_clear_func (c.runs, (GDestroyNotify) run_clear);
  c.strings = g_string_chunk_new (256);

  root = (xmlNode *) doc;
  blocks_of_children (&c, root, blocks);
  flush_paragraph (&c, blocks);

  for (guint i = 0; i < blocks->len; i++)
    {
      const char *block = g_ptr_array_index (blocks, i);

      if (i > 0)
        g_string_append (out, "\n\n");
      g_string_append (out, block);
    }

  g_array_unref (c.runs);
  g_string_chunk_free (c.strings);
  xmlFreeDoc (doc);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
postings_html_markdown_is_blocks (const char *markdown)
{
  g_return_val_if_fail (markdown != NULL, FALSE);

  if (strstr (markdown, "\n\n") != NULL)
    return TRUE;
  /* one block, but not a paragraph: a heading, a list, a quote, a fence */
  return markdown[0] == '#' || block_is_list (markdown) || g_str_has_prefix (markdown, "> ")
         || g_str_has_prefix (markdown, "```") || g_str_equal (markdown, "---");
}

char *
postings_html_from_clipboard (const guint8 *data,
                              gsize         len)
{
  g_autofree char *utf8 = NULL;
  const char *text;
  gsize text_len;
  const char *start_html;

  if (data == NULL || len == 0)
    return g_strdup ("");

  if (len >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
    utf8 = g_convert ((const char *) data + 2, (gssize) (len - 2), "UTF-8",
                      data[0] == 0xFF ? "UTF-16LE" : "UTF-16BE", NULL, NULL, NULL);
  else if (len >= 4 && data[1] == 0 && data[3] == 0 && data[0] != 0)
    utf8 = g_convert ((const char *) data, (gssize) (len & ~(gsize) 1), "UTF-8", "UTF-16LE", NULL, NULL, NULL);
  else if (len >= 4 && data[0] == 0 && data[2] == 0 && data[1] != 0)
    utf8 = g_convert ((const char *) data, (gssize) (len & ~(gsize) 1), "UTF-8", "UTF-16BE", NULL, NULL, NULL);

  if (utf8 != NULL)
    {
      text = utf8;
      text_len = strlen (utf8);
    }
  else
    {
      text = (const char *) data;
      text_len = len;
      if (text_len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
        text += 3, text_len -= 3;
    }

  /* Windows' CF_HTML: "Version:0.9\r\nStartHTML:00000097\r\n…" then the HTML */
  if (text_len > 8 && strncmp (text, "Version:", 8) == 0)
    {
      const char *lt = memchr (text, '<', text_len);
      gsize skip = lt != NULL ? (gsize) (lt - text) : text_len;

      start_html = g_strstr_len (text, (gssize) MIN (text_len, 400), "StartHTML:");
      if (start_html != NULL)
        {
          gint64 offset = g_ascii_strtoll (start_html + 10, NULL, 10);

          if (offset > 0 && (gsize) offset < text_len && text[offset] == '<')
            skip = (gsize) offset;
        }
      text += skip;
      text_len -= skip;
    }

  while (text_len > 0 && text[text_len - 1] == '\0')
    text_len--;

  if (g_utf8_validate (text, (gssize) text_len, NULL))
    return g_strndup (text, text_len);
  {
    char *converted = g_convert (text, (gssize) text_len, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
    return converted != NULL ? converted : g_utf8_make_valid (text, (gssize) text_len);
  }
}
