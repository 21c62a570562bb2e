/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "postings-kramdown.h"
#include "postings-utf8.h"

/*
 * A port of kramdown's block parser (lib/kramdown/parser/kramdown/ of
 * kramdown 2.4, as overridden by kramdown-parser-gfm 1.1's GFM parser), one
 * function per kramdown parser, tried in kramdown's order:
 *
 *   blank_line, codeblock, codeblock_fenced (GFM), blockquote,
 *   atx_header (GFM quirk: no blank line needed), horizontal_rule, list,
 *   definition_list, block_html, setext_header, block_math, table,
 *   footnote_definition, link_definition, abbrev_definition,
 *   block_extensions, eob_marker, paragraph (GFM paragraph end)
 *
 * kramdown matches regular expressions at a position of a string scanner;
 * here each one is a small hand-written matcher named after the Ruby
 * constant it stands for. As in kramdown, a position need not be at the
 * start of a line (after an HTML element that ends mid-line, the rest of
 * the line is parsed as a new block): matchers take the position as the
 * start of a line.
 */

/* Nested containers (block quotes, list items, …) beyond this are read as
 * plain paragraphs, so no input can exhaust the stack. */
#define MAX_NESTING 32

typedef enum
{
  EOB_MARKER = 1,     /* `^`: the only one that is a block boundary */
  EOB_LINK_DEF,
  EOB_FOOTNOTE_DEF,
  EOB_ABBREV_DEF,
  EOB_ALD,
  EOB_IAL,
  EOB_EXTENSION,
} EobKind;

typedef struct
{
  const char *s;
  gsize       len;
  gsize       pos;
  guint       line;   /* the line at pos */

  /* The last line end found, and where the search for it started: the
   * matchers ask for the same line's end again and again. */
  gsize       eol_from;
  gsize       eol;
  /* Where searches are known to fail (0: unknown): no `}`, no `-->`. */
  gsize       no_brace_from;
  gsize       no_comment_end_from;
} Src;

typedef struct _ItemList ItemList;

typedef struct
{
  GPtrArray  *links;
  GHashTable *link_index;  /* normalized id → PostingsKramdownLink */
  GString    *line;        /* scratch: a list item's line */
  GPtrArray  *building;    /* PostingsKramdownNode * whose text grows */

  /* Nodes and their texts live as long as the document. */
  GPtrArray            *nodes;
  PostingsKramdownNode *free_nodes;
  guint                 n_free_nodes;
  GStringChunk         *strings;

  /* parse_list()'s items, one set per depth (a list's items are parsed
   * one level deeper), kept for the next list at that depth. */
  ItemList             *item_lists[MAX_NESTING + 1];
} Parser;

#define NODES_PER_BLOCK 64

typedef struct
{
  Parser               *parser;
  PostingsKramdownNode *tree;
  Src                  *src;
  gboolean              block_ial;  /* an attribute list waits for the next block */
  guint                 depth;
} Ctx;

static void parse_blocks (Parser               *parser,
                          PostingsKramdownNode *tree,
                          const char           *text,
                          gsize                 len,
                          guint                 line,
                          guint                 depth);

/* Nodes ------------------------------------------------------------------ */

static PostingsKramdownNode *
node_new (Parser               *parser,
          PostingsKramdownKind  kind,
          guint                 line)
{
  PostingsKramdownNode *node;

  if (parser->n_free_nodes == 0)
    {
      parser->free_nodes = g_new0 (PostingsKramdownNode, NODES_PER_BLOCK);
      parser->n_free_nodes = NODES_PER_BLOCK;
      g_ptr_array_add (parser->nodes, parser->free_nodes);
    }
  node = parser->free_nodes++;
  parser->n_free_nodes--;

  node->kind = kind;
  node->start_line = node->end_line = line;

  return node;
}

static void
node_append (PostingsKramdownNode *parent,
             PostingsKramdownNode *child)
{
  child->next = NULL;
  child->prev = parent->last_child;
  if (parent->last_child != NULL)
    parent->last_child->next = child;
  else
    parent->first_child = child;
  parent->last_child = child;
  parent->n_children++;
}

static PostingsKramdownNode *
node_last (const PostingsKramdownNode *node)
{
  return node->last_child;
}

static void
node_remove (PostingsKramdownNode *parent,
             PostingsKramdownNode *child)
{
  if (child->prev != NULL)
    child->prev->next = child->next;
  else
    parent->first_child = child->next;
  if (child->next != NULL)
    child->next->prev = child->prev;
  else
    parent->last_child = child->prev;
  child->next = child->prev = NULL;
  parent->n_children--;
}

/* Removes and returns the last child. */
static PostingsKramdownNode *
node_pop (PostingsKramdownNode *node)
{
  PostingsKramdownNode *last = node->last_child;

  if (last != NULL)
    node_remove (node, last);

  return last;
}

static const char *
intern (Parser     *parser,
        const char *text,
        gsize       len)
{
  return g_string_chunk_insert_len (parser->strings, text, (gssize) len);
}

/* Adds a block to the current tree; like kramdown's new_block_el(), it
 * takes the attribute list waiting for it. */
static PostingsKramdownNode *
add_block (Ctx                  *ctx,
           PostingsKramdownKind  kind,
           guint                 line)
{
  PostingsKramdownNode *node = node_new (ctx->parser, kind, line);

  node_append (ctx->tree, node);
  ctx->block_ial = FALSE;

  return node;
}

static void
add_eob (Ctx     *ctx,
         EobKind  kind)
{
  PostingsKramdownNode *node = add_block (ctx, POSTINGS_KRAMDOWN_EOB, ctx->src->line);

  node->level = kind;
  node->boundary = kind == EOB_MARKER;
}

/* Characters and lines ---------------------------------------------------- */

/* Ruby's \s */
static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* \s but a line end */
static inline gboolean
is_line_space (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* \w, \p{Word}: non-ASCII bytes count as letters */
static inline gboolean
is_word (char c)
{
  return g_ascii_isalnum (c) || c == '_' || (guchar) c >= 0x80;
}

static inline gboolean
is_name_start (char c)
{
  return g_ascii_isalpha (c) || c == '_' || (guchar) c >= 0x80;
}

static inline gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_' || (guchar) c >= 0x80;
}

static inline char
at (const Src *src,
    gsize      pos)
{
  return pos < src->len ? src->s[pos] : '\0';
}

/* The position of the line end ('\n') of the line holding @pos. */
static gsize
line_end (const Src *src,
          gsize      pos)
{
  Src *cache = (Src *) src;
  const char *nl;

  if (pos >= src->eol_from && pos <= src->eol && src->eol > 0)
    return src->eol;

  nl = pos < src->len ? memchr (src->s + pos, '\n', src->len - pos) : NULL;
  cache->eol_from = pos;
  cache->eol = nl != NULL ? (gsize) (nl - src->s) : src->len;

  return cache->eol;
}

static gsize
next_line (const Src *src,
           gsize      pos)
{
  gsize end = line_end (src, pos);

  return end < src->len ? end + 1 : end;
}

/* The line ends in [@start, @end). */
static guint
count_lines (const Src *src,
             gsize      start,
             gsize      end)
{
  guint n = 0;
  const char *p = src->s + start;
  const char *limit = src->s + MIN (end, src->len);

  while (p < limit && (p = memchr (p, '\n', limit - p)) != NULL)
    {
      n++;
      p++;
    }

  return n;
}

static void
advance_to (Src   *src,
            gsize  pos)
{
  pos = MIN (pos, src->len);
  if (pos > src->pos)
    src->line += count_lines (src, src->pos, pos);
  src->pos = pos;
}

/* The last line that the text before @pos ends on. */
static guint
end_line_before (const Src *src,
                 gsize      start,
                 guint      start_line,
                 gsize      pos)
{
  return pos > start + 1 ? start_line + count_lines (src, start, pos - 1) : start_line;
}

/* OPT_SPACE: up to three spaces */
static gsize
skip_opt_space (const Src *src,
                gsize      pos)
{
  guint n = 0;

  while (n < 3 && at (src, pos + n) == ' ')
    n++;

  return pos + n;
}

static gboolean
has_non_space (const Src *src,
               gsize      start,
               gsize      end)
{
  for (gsize i = start; i < end; i++)
    if (!is_space (src->s[i]))
      return TRUE;

  return FALSE;
}

/* `^\s*\n` once: a line of blanks (it must end with a line end). */
static gboolean
line_is_blank (const Src *src,
               gsize      pos)
{
  gsize end = line_end (src, pos);

  return end < src->len && !has_non_space (src, pos, end);
}

/* BLANK_LINE: the end of the blank lines at @pos, or @pos. */
static gsize
match_blank_lines (const Src *src,
                   gsize      pos)
{
  while (pos < src->len && line_is_blank (src, pos))
    pos = next_line (src, pos);

  return pos;
}

/* `\s*?\n` after @pos: blanks up to the line end; the position after it, or 0. */
static gsize
match_rest_blank (const Src *src,
                  gsize      pos)
{
  gsize end = line_end (src, pos);

  if (end >= src->len)
    return 0;
  for (gsize i = pos; i < end; i++)
    if (!is_line_space (src->s[i]))
      return 0;

  return end + 1;
}

/* EOB_MARKER = /^\^\s*?\n/ */
static gsize
match_eob (const Src *src,
           gsize      pos)
{
  return at (src, pos) == '^' ? match_rest_blank (src, pos + 1) : 0;
}

/* ALD_ANY_CHARS+ then `}`, then a blank rest of line: the position after
 * the line, or 0. @pos is after the opening `{:`-like prefix. */
static gsize
match_attribute_list_end (const Src *src,
                          gsize      pos)
{
  Src *memo = (Src *) src;

  /* Known: no `}` from there on (each line of a long text could ask). */
  if (src->no_brace_from != 0 && pos >= src->no_brace_from)
    return 0;

  for (gsize i = pos; i < src->len; i++)
    {
      const char *brace = memchr (src->s + i, '}', src->len - i);

      if (brace == NULL)
        {
          memo->no_brace_from = MAX (pos, 1);
          return 0;
        }
      i = (gsize) (brace - src->s);
      if (i > pos)
        {
          gsize end = match_rest_blank (src, i + 1);

          if (end > 0)
            return end;
        }
      /* An unescaped `}` ends the list: it cannot be inside. */
      if (i == 0 || src->s[i - 1] != '\\')
        return 0;
    }

  return 0;
}

/* IAL_BLOCK_START = /^ {0,3}\{:(?!:|\/)(ALD_ANY_CHARS+)\}\s*?\n/ */
static gsize
match_ial_block (const Src *src,
                 gsize      pos)
{
  gsize p = skip_opt_space (src, pos);

  if (at (src, p) != '{' || at (src, p + 1) != ':' ||
      at (src, p + 2) == ':' || at (src, p + 2) == '/')
    return 0;

  return match_attribute_list_end (src, p + 2);
}

/* kramdown's HTML_SPAN_ELEMENTS (and `script`, which LAZY_END_HTML_*
 * exclude too). */
static const char * const span_elements[] = {
  "a", "abbr", "acronym", "b", "big", "bdo", "br", "button", "cite", "code", "del", "dfn",
  "em", "i", "img", "input", "ins", "kbd", "label", "mark", "option", "q", "rb", "rbc",
  "rp", "rt", "rtc", "ruby", "samp", "select", "small", "span", "strong", "sub", "sup",
  "tt", "u", "var",
};

/* HTML_ELEMENTS_WITHOUT_BODY */
static const char * const void_elements[] = {
  "area", "base", "br", "col", "command", "embed", "hr", "img", "input", "keygen", "link",
  "meta", "param", "source", "track", "wbr",
};

/* HTML_ELEMENT: the element names kramdown knows (their case is folded). */
static const char * const known_elements[] = {
  "a", "abbr", "acronym", "address", "applet", "area", "article", "aside", "b", "base",
  "bdo", "big", "blockquote", "body", "br", "button", "caption", "cite", "code", "col",
  "colgroup", "command", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "embed",
  "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
  "head", "header", "hgroup", "hr", "html", "i", "iframe", "img", "input", "ins", "kbd",
  "keygen", "label", "legend", "li", "link", "main", "map", "mark", "math", "menu", "meta",
  "nav", "noscript", "object", "ol", "optgroup", "option", "p", "param", "pre", "q", "rb",
  "rbc", "rp", "rt", "rtc", "ruby", "samp", "script", "section", "select", "small",
  "source", "span", "strong", "style", "sub", "summary", "sup", "table", "tbody", "td",
  "textarea", "tfoot", "th", "thead", "tr", "track", "tt", "u", "ul", "var", "wbr",
};

/* HTML_BLOCK_ELEMENTS: such a tag inside a line is text, not HTML. */
static const char * const block_elements[] = {
  "address", "article", "aside", "applet", "body", "blockquote", "caption", "col",
  "colgroup", "dd", "div", "dl", "dt", "fieldset", "figcaption", "footer", "form", "h1",
  "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "head", "iframe", "legend",
  "menu", "li", "main", "map", "nav", "ol", "optgroup", "p", "pre", "section", "summary",
  "table", "tbody", "td", "th", "thead", "tfoot", "tr", "ul",
};

static gboolean
name_in (const char         *name,
         gsize               len,
         const char * const *names,
         gsize               n_names)
{
  for (gsize i = 0; i < n_names; i++)
    if (strlen (names[i]) == len && memcmp (names[i], name, len) == 0)
      return TRUE;

  return FALSE;
}

#define NAME_IN(name, len, list) name_in ((name), (len), (list), G_N_ELEMENTS (list))

/* UNAME_STR = (?:NAME:)?NAME with NAME = [[:alpha:]_][-[:alnum:]._]*:
 * its length at @pos, or 0. */
static gsize
match_uname (const Src *src,
             gsize      pos)
{
  gsize p = pos;

  if (!is_name_start (at (src, p)))
    return 0;
  while (is_name_char (at (src, p)))
    p++;
  if (at (src, p) == ':' && is_name_start (at (src, p + 1)))
    {
      p++;
      while (is_name_char (at (src, p)))
        p++;
    }

  return p - pos;
}

/* (?!(?:span elements|script)\b) at @pos (case-sensitive, as in Ruby). */
static gboolean
starts_with_span_name (const Src *src,
                       gsize      pos)
{
  for (gsize i = 0; i <= G_N_ELEMENTS (span_elements); i++)
    {
      const char *name = i < G_N_ELEMENTS (span_elements) ? span_elements[i] : "script";
      gsize n = strlen (name);

      if (pos + n <= src->len && memcmp (src->s + pos, name, n) == 0 && !is_word (at (src, pos + n)))
        return TRUE;
    }

  return FALSE;
}

/* ^OPT_SPACE LAZY_END_HTML_START or ^OPT_SPACE LAZY_END_HTML_STOP: a line
 * starting with an HTML tag that is not a span element's. */
static gboolean
match_lazy_end_html (const Src *src,
                     gsize      pos)
{
  gsize p = skip_opt_space (src, pos);
  gsize n;

  if (at (src, p) != '<')
    return FALSE;
  p++;

  if (at (src, p) != '/')
    return !starts_with_span_name (src, p) && match_uname (src, p) > 0;

  p++;
  if (starts_with_span_name (src, p) || (n = match_uname (src, p)) == 0)
    return FALSE;
  p += n;
  while (is_space (at (src, p)))
    p++;

  return at (src, p) == '>';
}

/* LAZY_END; @c is the first character after up to three spaces. */
static gboolean
at_lazy_end_with (const Src *src,
                  gsize      pos,
                  char       c)
{
  if (pos >= src->len || is_space (c) || c == '\0')
    return pos >= src->len || line_is_blank (src, pos);

  return (c == '{' && match_ial_block (src, pos) > 0) ||
         (c == '^' && match_eob (src, pos) > 0) ||
         (c == '<' && match_lazy_end_html (src, pos));
}

static gboolean
at_lazy_end (const Src *src,
             gsize      pos)
{
  return at_lazy_end_with (src, pos, at (src, skip_opt_space (src, pos)));
}

/* PATTERN_TAIL = /[\t| ].*?\n/ after a marker ending at @p. */
static gboolean
marker_tail (const Src *src,
             gsize      p,
             gsize     *marker_end)
{
  char c = at (src, p);

  if ((c != '\t' && c != '|' && c != ' ') || line_end (src, p) >= src->len)
    return FALSE;

  *marker_end = p;
  return TRUE;
}

/* LIST_START_UL / LIST_START_OL with up to @max_spaces spaces before the
 * marker: sets @marker_end (after the marker) and returns TRUE. */
static gboolean
match_list_marker (const Src *src,
                   gsize      pos,
                   gboolean   bullet,
                   guint      max_spaces,
                   gsize     *marker_end)
{
  gsize p = pos;
  char c;

  while (p - pos < max_spaces && at (src, p) == ' ')
    p++;

  if (bullet)
    {
      c = at (src, p);
      if (c != '+' && c != '*' && c != '-')
        return FALSE;
      p++;
    }
  else
    {
      gsize digits = p;

      while (g_ascii_isdigit (at (src, p)))
        p++;
      if (p == digits || at (src, p) != '.')
        return FALSE;
      p++;
    }

  return marker_tail (src, p, marker_end);
}

static gboolean
match_list_start (const Src *src,
                  gsize      pos)
{
  gsize end;

  return match_list_marker (src, pos, TRUE, 3, &end) ||
         match_list_marker (src, pos, FALSE, 3, &end);
}

/* LIST_START on a one-line string */
static gboolean
string_starts_list (const char *text,
                    gsize       len)
{
  Src src = { text, len, 0, 1 };

  return match_list_start (&src, 0);
}

/* ATX_HEADER_START (GFM) = /^(#{1,6})[\t ]+(.*)\n/: the level, or 0. */
static guint
match_atx_start (const Src *src,
                 gsize      pos,
                 gsize     *contents)
{
  guint n = 0;
  gsize p;

  while (at (src, pos + n) == '#')
    n++;
  if (n < 1 || n > 6)
    return 0;
  p = pos + n;
  if (at (src, p) != ' ' && at (src, p) != '\t')
    return 0;
  if (line_end (src, p) >= src->len)
    return 0;
  while (at (src, p) == ' ' || at (src, p) == '\t')
    p++;

  *contents = p;
  return n;
}

/* DEFINITION_LIST_START = /^( {0,3}:)([\t| ].*?\n)/ */
static gboolean
match_dl_marker (const Src *src,
                 gsize      pos,
                 guint      max_spaces,
                 gsize     *marker_end)
{
  gsize p = pos;

  while (p - pos < max_spaces && at (src, p) == ' ')
    p++;
  if (at (src, p) != ':')
    return FALSE;
  p++;
  return marker_tail (src, p, marker_end);
}

/* BLOCKQUOTE_START = /^ {0,3}> ?/ */
static gboolean
match_blockquote_start (const Src *src,
                        gsize      pos)
{
  return at (src, skip_opt_space (src, pos)) == '>';
}

/* FENCED_CODEBLOCK_START (GFM) = /^[ ]{0,3}[~`]{3,}/ */
static gboolean
match_fence_start (const Src *src,
                   gsize      pos)
{
  gsize p = skip_opt_space (src, pos);
  guint n = 0;

  while (at (src, p + n) == '~' || at (src, p + n) == '`')
    n++;

  return n >= 3;
}

/* The GFM parser's paragraph end (gfm_quirks: paragraph_end). */
static gboolean
at_paragraph_end (const Src *src,
                  gsize      pos)
{
  char c = at (src, skip_opt_space (src, pos));
  gsize end;

  if (at_lazy_end_with (src, pos, c))
    return TRUE;

  switch (c)
    {
    case '+': case '*': case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return match_list_start (src, pos);
    case '#':
      return match_atx_start (src, pos, &end) > 0;
    case ':':
      return match_dl_marker (src, pos, 3, &end);
    case '>':
      return TRUE;
    case '~': case '`':
      return match_fence_start (src, pos);
    default:
      return FALSE;
    }
}

/* HR_START = /^ {0,3}(\*|-|_)[ \t]*\1[ \t]*\1(\1|[ \t])*\n/ */
static gsize
match_hr (const Src *src,
          gsize      pos)
{
  gsize p = skip_opt_space (src, pos);
  gsize end = line_end (src, pos);
  char c = at (src, p);
  guint n = 0;

  if ((c != '*' && c != '-' && c != '_') || end >= src->len)
    return 0;
  for (; p < end; p++)
    {
      if (src->s[p] == c)
        n++;
      else if (src->s[p] != ' ' && src->s[p] != '\t')
        return 0;
    }

  return n >= 3 ? end + 1 : 0;
}

/* INDENT = /^(?:\t| {4})/: the position after it, or 0. */
static gsize
match_indent (const Src *src,
              gsize      pos)
{
  if (at (src, pos) == '\t')
    return pos + 1;
  if (at (src, pos) == ' ' && at (src, pos + 1) == ' ' &&
      at (src, pos + 2) == ' ' && at (src, pos + 3) == ' ')
    return pos + 4;

  return 0;
}

/* `[ \t]*\S.*\n` from @pos: the first non-blank of the line is not \r\f\v. */
static gboolean
rest_is_content_line (const Src *src,
                      gsize      pos)
{
  gsize end = line_end (src, pos);

  while (pos < end && (src->s[pos] == ' ' || src->s[pos] == '\t'))
    pos++;

  return pos < end && end < src->len && !is_space (src->s[pos]);
}

/* The lazy lines of CODEBLOCK_MATCH: not an attribute list, `^` or HTML. */
static gboolean
is_code_lazy_line (const Src *src,
                   gsize      pos)
{
  return match_ial_block (src, pos) == 0 && match_eob (src, pos) == 0 &&
         !match_lazy_end_html (src, pos) && rest_is_content_line (src, pos);
}

/* CODEBLOCK_MATCH: the end of the indented code starting at @pos (which
 * may be @pos). */
static gsize
match_codeblock (const Src *src,
                 gsize      pos)
{
  gsize p = pos;

  for (;;)
    {
      gsize q = match_blank_lines (src, p);
      gsize indent;
      guint n = 0;

      while ((indent = match_indent (src, q)) > 0 && rest_is_content_line (src, indent))
        {
          q = next_line (src, q);
          n++;
        }
      if (n == 0)
        break;
      while (q < src->len && is_code_lazy_line (src, q))
        q = next_line (src, q);
      p = q;
    }

  return p;
}

/* TABLE_PIPE_CHECK from @pos to @end: a `|` first, or one not after `\`. */
static gboolean
has_table_pipe (const char *s,
                gsize       pos,
                gsize       end)
{
  const char *p = s + pos;

  if (pos < end && s[pos] == '|')
    return TRUE;
  while (p < s + end && (p = memchr (p, '|', s + end - p)) != NULL)
    {
      if (p > s + pos && p[-1] != '\\' && p[-1] != '\n')
        return TRUE;
      p++;
    }

  return FALSE;
}

/* TABLE_LINE */
static gboolean
match_table_line (const Src *src,
                  gsize      pos)
{
  gsize end = line_end (src, pos);

  return end < src->len && has_table_pipe (src->s, pos, end);
}

/* A line of @chars only (and blanks), with at least one @needed. */
static gboolean
line_made_of (const Src  *src,
              gsize       pos,
              const char *chars,
              char        needed)
{
  gsize end = line_end (src, pos);
  gboolean found = FALSE;

  if (end >= src->len)
    return FALSE;
  for (gsize i = pos; i < end; i++)
    {
      if (src->s[i] == needed)
        found = TRUE;
      else if (strchr (chars, src->s[i]) == NULL)
        return FALSE;
    }

  return found;
}

/* BLOCK_BOUNDARY, looking forward */
static gboolean
before_block_boundary (const Src *src,
                       gsize      pos)
{
  return pos >= src->len || line_is_blank (src, pos) ||
         match_eob (src, pos) > 0 || match_ial_block (src, pos) > 0;
}

/* after_block_boundary? */
static gboolean
after_block_boundary (Ctx *ctx)
{
  PostingsKramdownNode *last = node_last (ctx->tree);

  return last == NULL || last->kind == POSTINGS_KRAMDOWN_BLANK ||
         (last->kind == POSTINGS_KRAMDOWN_EOB && last->boundary) || ctx->block_ial;
}

/* Ruby's strip family on a GString */
static void
string_rstrip (GString *str)
{
  while (str->len > 0 && (is_space (str->str[str->len - 1]) || str->str[str->len - 1] == '\0'))
    g_string_truncate (str, str->len - 1);
}

static void
string_lstrip (GString *str)
{
  gsize n = 0;

  while (n < str->len && is_space (str->str[n]))
    n++;
  g_string_erase (str, 0, n);
}

/* Ruby's strip: @text and @len lose their blanks on each side. */
static void
strip_range (const char **text,
             gsize       *len)
{
  while (*len > 0 && is_space (**text))
    (*text)++, (*len)--;
  while (*len > 0 && is_space ((*text)[*len - 1]))
    (*len)--;
}

static const char *
intern_stripped (Parser     *parser,
                 const char *text,
                 gsize       len)
{
  strip_range (&text, &len);
  return intern (parser, text, len);
}

/* HTML ------------------------------------------------------------------- */

/* HTML_COMMENT_RE = /<!--(.*?)-->/m: the position after it, or 0. */
static gsize
match_html_comment (const Src *src,
                    gsize      pos)
{
  const char *end;

  if (pos + 4 > src->len || memcmp (src->s + pos, "<!--", 4) != 0)
    return 0;
  if (src->no_comment_end_from != 0 && pos >= src->no_comment_end_from)
    return 0;
  end = g_strstr_len (src->s + pos + 4, src->len - pos - 4, "-->");
  if (end == NULL)
    ((Src *) src)->no_comment_end_from = MAX (pos, 1);

  return end != NULL ? (gsize) (end - src->s) + 3 : 0;
}

/* HTML_INSTRUCTION_RE = /<\?(.*?)\?>/m */
static gsize
match_html_instruction (const Src *src,
                        gsize      pos)
{
  const char *end;

  if (at (src, pos) != '<' || at (src, pos + 1) != '?')
    return 0;
  end = g_strstr_len (src->s + pos + 2, src->len - pos - 2, "?>");

  return end != NULL ? (gsize) (end - src->s) + 2 : 0;
}

typedef struct
{
  gsize    name;       /* position of the name */
  gsize    name_len;
  gsize    end;        /* after the `>` */
  gboolean closed;     /* `/>` */
} HtmlTag;

/* HTML_TAG_RE = /<((?>UNAME))\s*((?>\s+UNAME(?:\s*=\s*(?:\p{Word}+|("|').*?\3))?)*)\s*(\/)?>/m */
static gboolean
match_html_tag (const Src *src,
                gsize      pos,
                HtmlTag   *tag)
{
  gsize p;
  gsize n;

  if (at (src, pos) != '<' || (n = match_uname (src, pos + 1)) == 0)
    return FALSE;
  tag->name = pos + 1;
  tag->name_len = n;
  p = pos + 1 + n;

  /* Attributes, each after blanks: a name, maybe `= value`. */
  for (;;)
    {
      gsize q = p;
      gsize a;

      while (is_space (at (src, q)))
        q++;
      if (q == p || (a = match_uname (src, q)) == 0)
        break;
      p = q + a;

      q = p;
      while (is_space (at (src, q)))
        q++;
      if (at (src, q) != '=')
        continue;
      q++;
      while (is_space (at (src, q)))
        q++;
      if (is_word (at (src, q)))
        {
          while (is_word (at (src, q)))
            q++;
          p = q;
        }
      else if (at (src, q) == '"' || at (src, q) == '\'')
        {
          const char *close = memchr (src->s + q + 1, src->s[q], src->len - q - 1);

          if (close != NULL)
            p = (gsize) (close - src->s) + 1;
        }
    }

  while (is_space (at (src, p)))
    p++;
  tag->closed = at (src, p) == '/';
  if (tag->closed)
    p++;
  if (at (src, p) != '>')
    return FALSE;

  tag->end = p + 1;
  return TRUE;
}

/* HTML_TAG_CLOSE_RE = /<\/(UNAME)\s*>/m */
static gboolean
match_html_close_tag (const Src *src,
                      gsize      pos,
                      HtmlTag   *tag)
{
  gsize p;
  gsize n;

  if (at (src, pos) != '<' || at (src, pos + 1) != '/' || (n = match_uname (src, pos + 2)) == 0)
    return FALSE;
  tag->name = pos + 2;
  tag->name_len = n;
  p = pos + 2 + n;
  while (is_space (at (src, p)))
    p++;
  if (at (src, p) != '>')
    return FALSE;

  tag->end = p + 1;
  tag->closed = FALSE;
  return TRUE;
}

/* The name as kramdown keeps it: folded to lower case when it knows it. */
static char *
tag_name (const Src     *src,
          const HtmlTag *tag)
{
  g_autofree char *lower = g_ascii_strdown (src->s + tag->name, tag->name_len);

  if (NAME_IN (lower, tag->name_len, known_elements))
    return g_steal_pointer (&lower);

  return g_strndup (src->s + tag->name, tag->name_len);
}

static gboolean
is_span_element (const Src     *src,
                 const HtmlTag *tag)
{
  g_autofree char *lower = g_ascii_strdown (src->s + tag->name, tag->name_len);

  return NAME_IN (lower, tag->name_len, span_elements);
}

/* Skips the raw content of `<script>` or `<style>` up to its closing tag. */
static void
skip_raw_text_element (Src        *src,
                       const char *name)
{
  gsize n = strlen (name);

  for (gsize p = src->pos; p + 2 + n <= src->len; p++)
    {
      HtmlTag close;

      if (src->s[p] == '<' && src->s[p + 1] == '/' &&
          g_ascii_strncasecmp (src->s + p + 2, name, n) == 0 &&
          match_html_close_tag (src, p, &close) && close.name_len == n)
        {
          advance_to (src, close.end);
          return;
        }
    }

  advance_to (src, src->len);
}

/* parse_raw_html: the content of the element @name (already opened) up to
 * its closing tag, nested elements included; to the end when unclosed. */
static void
skip_raw_html (Src        *src,
               const char *name)
{
  g_autoptr(GPtrArray) open = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (open, g_strdup (name));

  while (open->len > 0 && src->pos < src->len)
    {
      const char *current = g_ptr_array_index (open, open->len - 1);
      const char *lt;
      gsize p, end;
      HtmlTag tag;

      /* HTML_RAW_START = /(?=<(UNAME|\/|!--|\?))/ */
      lt = memchr (src->s + src->pos, '<', src->len - src->pos);
      while (lt != NULL)
        {
          char c = at (src, (gsize) (lt - src->s) + 1);

          if (is_name_start (c) || c == '/' || c == '?' ||
              (c == '!' && at (src, (gsize) (lt - src->s) + 2) == '-' &&
               at (src, (gsize) (lt - src->s) + 3) == '-'))
            break;
          lt = memchr (lt + 1, '<', src->len - (gsize) (lt + 1 - src->s));
        }
      if (lt == NULL)
        {
          advance_to (src, src->len);
          return;
        }
      p = (gsize) (lt - src->s);
      advance_to (src, p);

      if ((end = match_html_comment (src, p)) > 0 || (end = match_html_instruction (src, p)) > 0)
        {
          advance_to (src, end);
        }
      else if (match_html_tag (src, p, &tag))
        {
          g_autofree char *nested = tag_name (src, &tag);

          advance_to (src, tag.end);
          if (g_str_equal (nested, "script") || g_str_equal (nested, "style"))
            skip_raw_text_element (src, nested);
          else if (!tag.closed && !NAME_IN (nested, strlen (nested), void_elements))
            g_ptr_array_add (open, g_steal_pointer (&nested));
        }
      else if (match_html_close_tag (src, p, &tag))
        {
          gboolean known = NAME_IN (current, strlen (current), known_elements);
          g_autofree char *closing = known ? g_ascii_strdown (src->s + tag.name, tag.name_len)
                                           : g_strndup (src->s + tag.name, tag.name_len);

          advance_to (src, tag.end);
          if (g_str_equal (closing, current))
            g_ptr_array_set_size (open, open->len - 1);
        }
      else
        {
          advance_to (src, p + 1);
        }
    }
}

/* TRAILING_WHITESPACE = /[ \t]*\n/ */
static void
skip_trailing_whitespace (Src *src)
{
  gsize p = src->pos;

  while (at (src, p) == ' ' || at (src, p) == '\t')
    p++;
  if (at (src, p) == '\n')
    advance_to (src, p + 1);
}

/* A node's text while parsing: a paragraph may grow line after line
 * (node->building), and only gets its final text at the end. */
static const char *
node_text (const PostingsKramdownNode *node)
{
  return node->building != NULL ? node->building->str : node->text;
}

static void
text_append (Parser               *parser,
             PostingsKramdownNode *node,
             const char           *more,
             gsize                 len)
{
  if (node->building == NULL)
    {
      node->building = g_string_new (node->text);
      g_ptr_array_add (parser->building, node);
    }
  g_string_append_len (node->building, more, (gssize) len);
}

/* The grown texts become the nodes' texts. */
static void
finish_texts (Parser *parser)
{
  for (guint i = 0; i < parser->building->len; i++)
    {
      PostingsKramdownNode *node = g_ptr_array_index (parser->building, i);

      node->text = intern (parser, node->building->str, node->building->len);
      g_string_free (node->building, TRUE);
      node->building = NULL;
    }
}

static void
string_free (GString *str)
{
  g_string_free (str, TRUE);
}

static void
set_text (Ctx                  *ctx,
          PostingsKramdownNode *node,
          gsize                 start,
          gsize                 end)
{
  node->text = intern (ctx->parser, ctx->src->s + start, end - start);
}

static gboolean
parse_block_html (Ctx *ctx)
{
  Src *src = ctx->src;
  gsize start = src->pos;
  guint line = src->line;
  PostingsKramdownNode *node;
  gsize end;
  gsize p;
  HtmlTag tag;

  if ((end = match_html_comment (src, start)) > 0)
    {
      node = add_block (ctx, POSTINGS_KRAMDOWN_COMMENT, line);
      set_text (ctx, node, start, end);
      advance_to (src, end);
      node->end_line = end_line_before (src, start, line, end);
      skip_trailing_whitespace (src);
      return TRUE;
    }

  p = skip_opt_space (src, start);
  if (match_html_tag (src, p, &tag) && !is_span_element (src, &tag))
    {
      g_autofree char *name = tag_name (src, &tag);
      gboolean closed = tag.closed || NAME_IN (name, strlen (name), void_elements);

      node = add_block (ctx, POSTINGS_KRAMDOWN_HTML, line);
      advance_to (src, tag.end);
      if (g_str_equal (name, "script") || g_str_equal (name, "style"))
        {
          skip_raw_text_element (src, name);
        }
      else if (!closed)
        {
          skip_raw_html (src, name);
          skip_trailing_whitespace (src);
        }
      set_text (ctx, node, start, src->pos);
      node->end_line = end_line_before (src, start, line, src->pos);
      return TRUE;
    }

  /* A closing tag only ends an HTML element parsed as Markdown, which
   * never happens here (parse_block_html is off). */
  return FALSE;
}

/* Blocks ----------------------------------------------------------------- */

static gboolean
parse_blank_line (Ctx *ctx)
{
  Src *src = ctx->src;
  gsize end;
  PostingsKramdownNode *last;

  if (!is_space (src->s[src->pos]))
    return FALSE;
  end = match_blank_lines (src, src->pos);
  if (end == src->pos)
    return FALSE;

  last = node_last (ctx->tree);
  if (last != NULL && last->kind == POSTINGS_KRAMDOWN_BLANK)
    {
      text_append (ctx->parser, last, src->s + src->pos, end - src->pos);
    }
  else
    {
      last = add_block (ctx, POSTINGS_KRAMDOWN_BLANK, src->line);
      set_text (ctx, last, src->pos, end);
    }
  advance_to (src, end);

  return TRUE;
}

static gboolean
parse_codeblock (Ctx *ctx)
{
  Src *src = ctx->src;
  gsize start = src->pos;
  guint line = src->line;
  gsize end;
  GString *data;
  PostingsKramdownNode *node;

  if (match_indent (src, start) == 0)
    return FALSE;
  end = match_codeblock (src, start);
  if (end == start)
    return FALSE;

  /* data.gsub!(/\n( {0,3}\S)/, ' \1'); data.gsub!(INDENT, '') */
  data = g_string_sized_new (end - start);
  for (gsize i = start; i < end; i++)
    {
      char c = src->s[i];

      if (c == '\n' && i + 1 < end)
        {
          gsize j = i + 1;

          while (j < end && j - (i + 1) < 3 && src->s[j] == ' ')
            j++;
          if (j < end && !is_space (src->s[j]))
            {
              g_string_append_c (data, ' ');
              continue;
            }
        }
      g_string_append_c (data, c);
    }
  for (gsize i = 0; i < data->len;)
    {
      const char *nl;

      if (data->str[i] == '\t')
        g_string_erase (data, i, 1);
      else if (strncmp (data->str + i, "    ", 4) == 0)
        g_string_erase (data, i, 4);
      nl = strchr (data->str + i, '\n');
      i = nl != NULL ? (gsize) (nl - data->str) + 1 : data->len;
    }

  node = add_block (ctx, POSTINGS_KRAMDOWN_CODEBLOCK, line);
  node->text = intern (ctx->parser, data->str, data->len);
  g_string_free (data, TRUE);
  advance_to (src, end);
  node->end_line = end_line_before (src, start, line, end);

  return TRUE;
}

/* FENCED_CODEBLOCK_MATCH (GFM) =
 *   /^[ ]{0,3}(([~`]){3,})\s*?((\S+?)(?:\?\S*)?)?\s*?\n(.*?)^[ ]{0,3}\1\2*\s*?\n/m
 * with its backtracking: a shorter fence leaves the rest of its run as
 * the language (so "````" then "```" is a code block in language "`"). */
static gboolean
parse_codeblock_fenced (Ctx *ctx)
{
  Src *src = ctx->src;
  gsize start = src->pos;
  guint line = src->line;
  gsize fence = skip_opt_space (src, start);
  gsize run = 0;

  while (at (src, fence + run) == '~' || at (src, fence + run) == '`')
    run++;

  /* At most a few shorter fences: kramdown's backtracking over a long run
   * of backticks would otherwise cost as much as the run is long, squared. */
  for (gsize fence_len = run; fence_len >= 3 && fence_len + 16 > run; fence_len--)
    {
      gsize p = fence + fence_len;
      char last = src->s[p - 1];
      gsize lang = 0, lang_end = 0;
      gsize content;

      while (is_line_space (at (src, p)))
        p++;
      if (p < src->len && !is_space (src->s[p]))
        {
          lang = p;
          while (p < src->len && !is_space (src->s[p]))
            p++;
          lang_end = p;
          while (is_line_space (at (src, p)))
            p++;
        }
      if (at (src, p) != '\n')
        continue;
      content = p + 1;

      for (gsize q = content; q < src->len; q = next_line (src, q))
        {
          gsize r = skip_opt_space (src, q);
          gsize after;
          PostingsKramdownNode *node;

          if (r + fence_len > src->len || memcmp (src->s + r, src->s + fence, fence_len) != 0)
            continue;
          r += fence_len;
          while (at (src, r) == last)
            r++;
          if ((after = match_rest_blank (src, r)) == 0)
            continue;

          node = add_block (ctx, POSTINGS_KRAMDOWN_CODEBLOCK, line);
          node->text = intern (ctx->parser, src->s + content, q - content);
          if (lang_end > lang)
            node->info = intern_stripped (ctx->parser, src->s + lang, lang_end - lang);
          advance_to (src, after);
          node->end_line = end_line_before (src, start, line, after);
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
parse_blockquote (Ctx *ctx)
{
  Src *src = ctx->src;
  gsize start = src->pos;
  guint line = src->line;
  gsize end = next_line (src, start);
  GString *content;
  PostingsKramdownNode *node;

  if (!match_blockquote_start (src, start))
    return FALSE;

  while (!at_lazy_end (src, end))
    end = next_line (src, end);

  /* result.gsub!(BLOCKQUOTE_START, '') on every line */
  content = g_string_sized_new (end - start);
  for (gsize p = start; p < end; p = next_line (src, p))
    {
      gsize q = skip_opt_space (src, p);
      gsize e = next_line (src, p);

      if (at (src, q) == '>')
        {
          q++;
          if (at (src, q) == ' ')
            q++;
        }
      else
        {
          q = p;
        }
      g_string_append_len (content, src->s + q, e - q);
    }

  node = add_block (ctx, POSTINGS_KRAMDOWN_BLOCKQUOTE, line);
  advance_to (src, end);
  node->end_line = end_line_before (src, start, line, end);
  parse_blocks (ctx->parser, node, content->str, content->len, line, ctx->depth + 1);
  g_string_free (content, TRUE);

  return TRUE;
}

/* parse_header_contents: the text without trailing blanks and `{#id}`. */
static GString *
header_contents (const char *text,
                 gsize       len)
{
  GString *str = g_string_new_len (text, len);

  string_rstrip (str);

  /* HEADER_ID = /[\t ]{#(NAME_START_CHAR NAME_CHAR*)}\z/ */
  if (str->len > 0 && str->str[str->len - 1] == '}')
    {
      const char *brace = g_strrstr (str->str, "{#");

      if (brace != NULL && brace > str->str && (brace[-1] == ' ' || brace[-1] == '\t') &&
          (is_name_start (brace[2]) || brace[2] == ':'))
        {
          gboolean valid = TRUE;

          for (const char *c = brace + 3; c < str->str + str->len - 1; c++)
            if (!is_name_char (*c) && *c != ':')
              valid = FALSE;
          if (valid)
            {
              g_string_truncate (str, brace - 1 - str->str);
              string_rstrip (str);
            }
        }
    }

  return str;
}

static gboolean
add_header (Ctx   *ctx,
            guint  level,
            gsize  contents,
            gsize  contents_end,
            gsize  end,
            gboolean atx)
{
  Src *src = ctx->src;
  guint line = src->line;
  GString *text = header_contents (src->s + contents, contents_end - contents);
  PostingsKramdownNode *node;

  if (atx)
    {
      /* text.sub!(/[\t ]#+\z/, '') && text.rstrip! */
      gsize n = text->len;

      while (n > 0 && text->str[n - 1] == '#')
        n--;
      if (n < text->len && n > 0 && (text->str[n - 1] == ' ' || text->str[n - 1] == '\t'))
        {
          g_string_truncate (text, n - 1);
          string_rstrip (text);
        }
    }

  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return FALSE;
    }

  node = add_block (ctx, POSTINGS_KRAMDOWN_HEADER, line);
  node->level = level;
  node->text = intern (ctx->parser, text->str, text->len);
  g_string_free (text, TRUE);
  node->end_line = end_line_before (src, src->pos, line, end);
  advance_to (src, end);

  return TRUE;
}

static gboolean
parse_atx_header (Ctx *ctx)
{
  Src *src = ctx->src;
  gsize contents;
  guint level = match_atx_start (src, src->pos, &contents);

  if (level == 0)
    return FALSE;

  return add_header (ctx, level, contents, line_end (src, src->pos),
                     next_line (src, src->pos), TRUE);
}

static gboolean
parse_horizontal_rule (Ctx *ctx)
{
  Src *src = ctx->src;
  gsize end = match_hr (src, src->pos);

  if (end == 0)
    return FALSE;

  add_block (ctx, POSTINGS_KRAMDOWN_HR, src->line);
  advance_to (src, end);

  return TRUE;
}

static gboolean
parse_setext_header (Ctx *ctx)
{
  Src *src = ctx->src;
  gsize contents = skip_opt_space (src, src->pos);
  gsize eol, under;
  gsize p;
  char c;

  if (!after_block_boundary (ctx))
    return FALSE;
  eol = line_end (src, src->pos);
  under = eol + 1;
  if (eol >= src->len ||
      src->s[contents] == ' ' || src->s[contents] == '\t')
    return FALSE;

  /* (?<level>[-=])[-=]*[ \t\r\f\v]*\n */
  c = at (src, under);
  if (c != '-' && c != '=')
    return FALSE;
  p = under;
  while (at (src, p) == '-' || at (src, p) == '=')
    p++;
  while (is_line_space (at (src, p)))
    p++;
  if (at (src, p) != '\n')
    return FALSE;

  return add_header (ctx, c == '-' ? 2 : 1, contents, eol, p + 1, FALSE);
}

static gboolean
parse_block_math (Ctx *ctx)
{
  Src *src = ctx->src;
  gsize start = src->pos;
  guint line = src->line;
  gsize p = skip_opt_space (src, start);
  const char *close;
  gsize end;
  PostingsKramdownNode *node;

  /* BLOCK_MATH_START = /^ {0,3}(\\)?\$\$(.*?)\$\$(\s*?\n)?/m */
  if (at (src, p) == '\\')
    return FALSE;
  if (at (src, p) != '$' || at (src, p + 1) != '$' || !after_block_boundary (ctx))
    return FALSE;
  close = g_strstr_len (src->s + p + 2, src->len - p - 2, "$$");
  if (close == NULL)
    return FALSE;
  end = (gsize) (close - src->s) + 2;
  {
    gsize rest = match_rest_blank (src, end);

    if (rest > 0)
      end = rest;
  }
  if (!before_block_boundary (src, end))
    return FALSE;

  node = add_block (ctx, POSTINGS_KRAMDOWN_MATH, line);
  node->text = intern_stripped (ctx->parser, src->s + p + 2, (gsize) (close - src->s) - p - 2);
  advance_to (src, end);
  node->end_line = end_line_before (src, start, line, end);

  return TRUE;
}

/* Lists ------------------------------------------------------------------ */

/* LIST_ITEM_IAL = /^\s*(?:\{:(?!(?:ALD_ID_NAME)?:|\/)(ALD_ANY_CHARS+)\})\s* /:
 * an attribute list starting an item or a term is dropped. */
static void
strip_item_attributes (GString *text)
{
  gsize p = 0;
  gsize q;

  while (p < text->len && is_space (text->str[p]))
    p++;
  if (p + 2 >= text->len || text->str[p] != '{' || text->str[p + 1] != ':')
    return;
  q = p + 2;
  while (q < text->len && (is_word (text->str[q]) || (q > p + 2 && text->str[q] == '-')))
    q++;
  if (text->str[q] == ':' || text->str[p + 2] == '/')
    return;
  for (q = p + 2; q < text->len && text->str[q] != '}'; q++)
    if (text->str[q] == '\\' && q + 1 < text->len && text->str[q + 1] == '}')
      q++;
  if (q >= text->len || q == p + 2)
    return;
  q++;
  while (q < text->len && is_space (text->str[q]))
    q++;
  g_string_erase (text, 0, q);
}

/* Tabs and the spaces after a list marker (parse_first_list_line):
 * returns the item's content indentation; @content loses its blanks. */
static guint
first_list_line (guint    indentation,
                 GString *content)
{
  gsize i = 0;
  gsize end = content->len;
  guint width = 0;

  /* LIST_ITEM_IAL_CHECK: nothing, or only an attribute list */
  while (i < end && is_space (content->str[i]))
    i++;
  if (i + 1 < end && content->str[i] == '{' && content->str[i + 1] == ':')
    {
      g_autoptr(GString) rest = g_string_new_len (content->str + i, end - i);

      strip_item_attributes (rest);
      if (rest->len < end - i)
        {
          gsize k = 0;

          while (k < rest->len && is_space (rest->str[k]))
            k++;
          if (k == rest->len)
            i = end;
        }
    }

  if (i == end)
    {
      indentation = 4;
    }
  else
    {
      /* The leading blanks' width, tabs to the next multiple of four as
       * kramdown expands them (counted from the marker's column). */
      i = 0;
      for (;;)
        {
          gsize spaces = 0, tabs = 0;

          while (i + spaces < end && content->str[i + spaces] == ' ')
            spaces++;
          while (i + spaces + tabs < end && content->str[i + spaces + tabs] == '\t')
            tabs++;
          if (tabs == 0)
            {
              width += (guint) spaces;
              break;
            }
          width += (guint) spaces + 4 - ((width + (guint) spaces + indentation) % 4) +
                   ((guint) tabs - 1) * 4;
          i += spaces + tabs;
        }
      indentation += width;
    }

  string_lstrip (content);
  return indentation;
}

/* The spaces a sibling marker may have (fetch_pattern). */
static guint
sibling_marker_spaces (guint indentation)
{
  return indentation >= 1 && indentation <= 3 ? indentation - 1 : 3;
}

/* content_re: the line is indented by @indentation (tabs count 4). */
static gboolean
match_content_line (const Src *src,
                    gsize      pos,
                    guint      indentation)
{
  guint units = indentation / 4;
  guint rest = indentation % 4;
  gsize p = pos;
  gboolean ok = TRUE;

  for (guint pass = 0; pass < 2; pass++)
    {
      p = pos;
      ok = TRUE;
      for (guint i = 0; ok && i < units + pass; i++)
        {
          gsize q = match_indent (src, p);

          if (q == 0)
            ok = FALSE;
          else
            p = q;
        }
      for (guint i = 0; ok && pass == 0 && i < rest; i++)
        {
          if (at (src, p) == ' ')
            p++;
          else
            ok = FALSE;
        }
      if (ok)
        break;
    }

  return ok && line_end (src, p) < src->len && has_non_space (src, p, line_end (src, p));
}

/* lazy_re: a non-blank line that is not an attribute list or HTML. */
static gboolean
match_lazy_line (const Src *src,
                 gsize      pos,
                 guint      indentation)
{
  gsize p = pos;
  gsize end = line_end (src, pos);

  while (p - pos < MIN (indentation, 3) && at (src, p) == ' ')
    p++;
  if (at (src, p) == '<' && match_lazy_end_html (src, p))
    return FALSE;
  if (at (src, p) == '{' && match_ial_block (src, p) > 0)
    return FALSE;

  return end < src->len && has_non_space (src, pos, end);
}

/* A content or lazy line of an item into @line: its leading tabs as four
 * spaces each, the item's indentation removed when it is there (@found). */
static void
item_line (const Src *src,
           gsize      pos,
           guint      indentation,
           gboolean  *found,
           GString   *line)
{
  gsize end = next_line (src, pos);
  gsize tabs = 0;
  gsize spaces = 0;
  gsize width;

  while (pos + tabs < end && src->s[pos + tabs] == '\t')
    tabs++;
  while (pos + tabs + spaces < end && src->s[pos + tabs + spaces] == ' ')
    spaces++;
  width = tabs * 4 + spaces;

  *found = width >= indentation;
  g_string_truncate (line, 0);
  for (gsize i = *found ? indentation : 0; i < width; i++)
    g_string_append_c (line, ' ');
  g_string_append_len (line, src->s + pos + tabs + spaces, end - pos - tabs - spaces);
}

/* A list's items: their segments' texts follow one another in one
 * string, each ended by a NUL (segments[first_segment] up to the next
 * item's first one). */
typedef struct
{
  PostingsKramdownNode *node;
  guint                 first_segment;
  guint                 line;           /* where the first segment starts */
} Item;

typedef struct
{
  gsize start;
  gsize len;
} Segment;

struct _ItemList
{
  GString *text;
  GArray  *segments;  /* Segment */
  GArray  *items;     /* Item */
};

/* The parser's empty item list for a list at @depth. */
static ItemList *
item_list_get (Parser *parser,
               guint   depth)
{
  ItemList *list = parser->item_lists[depth];

  if (list == NULL)
    {
      list = parser->item_lists[depth] = g_new (ItemList, 1);
      list->text = g_string_sized_new (256);
      list->segments = g_array_sized_new (FALSE, FALSE, sizeof (Segment), 16);
      list->items = g_array_sized_new (FALSE, FALSE, sizeof (Item), 16);
    }
  g_string_truncate (list->text, 0);
  g_array_set_size (list->segments, 0);
  g_array_set_size (list->items, 0);

  return list;
}

static void
item_list_free (ItemList *list)
{
  if (list == NULL)
    return;
  g_string_free (list->text, TRUE);
  g_array_unref (list->segments);
  g_array_unref (list->items);
  g_free (list);
}

static void
item_list_begin_segment (ItemList *list)
{
  Segment segment = { 0, 0 };

  if (list->segments->len > 0)
    g_string_append_c (list->text, '\0');
  segment.start = list->text->len;
  g_array_append_val (list->segments, segment);
}

static void
item_list_append (ItemList   *list,
                  const char *text,
                  gsize       len)
{
  g_string_append_len (list->text, text, len);
  g_array_index (list->segments, Segment, list->segments->len - 1).len += len;
}

/* Parses the item's segments into its node. */
static void
parse_item (Ctx      *ctx,
            ItemList *list,
            guint     index)
{
  const Item *item = &g_array_index (list->items, Item, index);
  guint end = index + 1 < list->items->len
    ? g_array_index (list->items, Item, index + 1).first_segment : list->segments->len;
  guint line = item->line;

  for (guint i = item->first_segment; i < end; i++)
    {
      const Segment *segment = &g_array_index (list->segments, Segment, i);
      const char *text = list->text->str + segment->start;
      Src counter = { text, segment->len, 0, 0 };

      parse_blocks (ctx->parser, item->node, text, segment->len, line, ctx->depth + 1);
      line += count_lines (&counter, 0, segment->len);
    }
}

/* The GFM parser's task lists: `[ ]` or `[x]` starting an item becomes a
 * check box (as kramdown-parser-gfm writes it). */
static void
mark_task_items (Parser               *parser,
                 PostingsKramdownNode *list)
{
  static const char unchecked[] = "<input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled=\"disabled\" />";
  static const char checked[] = "<input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled=\"disabled\" checked=\"checked\" />";

  for (PostingsKramdownNode *li = list->first_child; li != NULL; li = li->next)
    {
      PostingsKramdownNode *first = li->first_child;
      const char *text;
      gsize p = 0, box, end;

      if (first == NULL)
        continue;
      if (first->kind != POSTINGS_KRAMDOWN_PARAGRAPH || node_text (first) == NULL)
        continue;

      /* /\A\s*\[ \]\s+/ and /\A\s*\[x\]\s+/i */
      text = node_text (first);
      while (is_space (text[p]))
        p++;
      box = p;
      if (text[p] != '[' || (text[p + 1] != ' ' && text[p + 1] != 'x' && text[p + 1] != 'X') ||
          text[p + 2] != ']' || !is_space (text[p + 3]))
        continue;
      end = p + 3;
      while (is_space (text[end]))
        end++;

      {
        g_autofree char *marked = g_strdup_printf ("%s%s", text[box + 1] == ' ' ? unchecked : checked,
                                                   text + end);

        if (first->building != NULL)
          g_string_assign (first->building, marked);
        else
          first->text = g_string_chunk_insert (parser->strings, marked);
      }
    }
}

static gboolean
parse_list (Ctx *ctx)
{
  Src *src = ctx->src;
  gsize marker_end;
  gboolean bullet = match_list_marker (src, src->pos, TRUE, 3, &marker_end);
  PostingsKramdownNode *list;
  ItemList *items;
  PostingsKramdownNode *last = NULL;
  gboolean in_item = FALSE;
  guint indentation = 0;
  guint marker_spaces = 3;
  gboolean eob_found = FALSE;
  gboolean nested_list_found = FALSE;
  gboolean last_is_blank = FALSE;

  if (!bullet && !match_list_marker (src, src->pos, FALSE, 3, &marker_end))
    return FALSE;

  list = add_block (ctx, bullet ? POSTINGS_KRAMDOWN_UL : POSTINGS_KRAMDOWN_OL, src->line);
  items = item_list_get (ctx->parser, ctx->depth);

  while (src->pos < src->len)
    {
      gsize pos = src->pos;
      gsize end;

      if (last_is_blank && match_hr (src, pos) > 0)
        break;

      if ((end = match_eob (src, pos)) > 0)
        {
          advance_to (src, end);
          eob_found = TRUE;
          break;
        }

      if (match_list_marker (src, pos, bullet, marker_spaces, &marker_end))
        {
          GString *content = g_string_append_len (g_string_truncate (ctx->parser->line, 0),
                                                  src->s + marker_end,
                                                  next_line (src, pos) - marker_end);
          Item item;

          item.node = node_new (ctx->parser, POSTINGS_KRAMDOWN_LI, src->line);
          item.first_segment = items->segments->len;
          indentation = first_list_line ((guint) (marker_end - pos), content);
          strip_item_attributes (content);
          /* An empty first line: the content starts on the next line. */
          item.line = content->len == 0 ? src->line + 1 : src->line;
          marker_spaces = sibling_marker_spaces (indentation);
          nested_list_found = string_starts_list (content->str, content->len);
          last_is_blank = FALSE;
          item_list_begin_segment (items);
          item_list_append (items, content->str, content->len);
          g_array_append_val (items->items, item);
          in_item = TRUE;
          advance_to (src, next_line (src, pos));
          continue;
        }

      if (in_item &&
          (match_content_line (src, pos, indentation) ||
           (!last_is_blank && match_lazy_line (src, pos, indentation))))
        {
          GString *line = ctx->parser->line;
          gboolean found;

          item_line (src, pos, indentation, &found, line);
          if (!nested_list_found && found && string_starts_list (line->str, line->len))
            {
              item_list_begin_segment (items);
              nested_list_found = TRUE;
            }
          else if (nested_list_found && !found && string_starts_list (line->str, line->len))
            {
              for (guint i = 0; i < indentation + 4; i++)
                g_string_prepend_c (line, ' ');
            }
          item_list_append (items, line->str, line->len);
          last_is_blank = FALSE;
          advance_to (src, next_line (src, pos));
          continue;
        }

      if (in_item && (end = match_blank_lines (src, pos)) > pos)
        {
          nested_list_found = TRUE;
          last_is_blank = TRUE;
          item_list_append (items, src->s + pos, end - pos);
          advance_to (src, end);
          continue;
        }

      break;
    }

  for (guint i = 0; i < items->items->len; i++)
    {
      PostingsKramdownNode *li = g_array_index (items->items, Item, i).node;
      PostingsKramdownNode *first;
      guint n;

      parse_item (ctx, items, i);
      node_append (list, li);

      n = li->n_children;
      if (n == 0)
        continue;
      first = li->first_child;

      /* The end of block an attribute list left after the first paragraph. */
      if (first->kind == POSTINGS_KRAMDOWN_PARAGRAPH && n >= 2 && first->attributes &&
          first->next->kind == POSTINGS_KRAMDOWN_EOB)
        {
          node_remove (li, first->next);
          n--;
        }

      if (first->kind == POSTINGS_KRAMDOWN_PARAGRAPH &&
          (n < 2 || first->next->kind != POSTINGS_KRAMDOWN_BLANK ||
           (i == items->items->len - 1 && n == 2 && !eob_found)))
        {
          gboolean transparent = i < items->items->len - 1 || items->items->len == 1;

          for (PostingsKramdownNode *other = list->first_child;
               !transparent && other != NULL && other != li; other = other->next)
            {
              PostingsKramdownNode *other_first = other->first_child;

              if (other_first == NULL || other_first->kind != POSTINGS_KRAMDOWN_PARAGRAPH ||
                  other_first->transparent)
                transparent = TRUE;
            }
          if (transparent && n > 1 && first->next->kind != POSTINGS_KRAMDOWN_BLANK)
            text_append (ctx->parser, first, "\n", 1);
          first->transparent = transparent;
        }

      last = node_last (li)->kind == POSTINGS_KRAMDOWN_BLANK ? node_pop (li) : NULL;
    }

  if (last != NULL && !eob_found)
    node_append (ctx->tree, last);

  mark_task_items (ctx->parser, list);

  return TRUE;
}

static gboolean
parse_definition_list (Ctx *ctx)
{
  Src *src = ctx->src;
  PostingsKramdownNode *tree = ctx->tree;
  guint n_children = tree->n_children;
  PostingsKramdownNode *last_child = node_last (tree);
  PostingsKramdownNode *before_last = last_child != NULL ? last_child->prev : NULL;
  PostingsKramdownNode *para;
  PostingsKramdownNode *deflist;
  PostingsKramdownNode *item = NULL;
  PostingsKramdownNode *last = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GPtrArray) dds = NULL;
  g_autoptr(GArray) dd_lines = NULL;
  g_autoptr(GArray) dd_first_as_para = NULL;
  GString *value = NULL;
  g_auto(GStrv) terms = NULL;
  gboolean first_as_para = FALSE;
  gboolean last_is_blank = FALSE;
  guint indentation = 0;
  guint marker_spaces = 3;
  gsize marker_end;

  if (!match_dl_marker (src, src->pos, 3, &marker_end))
    return FALSE;
  if (last_child == NULL ||
      (n_children == 1 && last_child->kind != POSTINGS_KRAMDOWN_PARAGRAPH) ||
      (n_children >= 2 && last_child->kind != POSTINGS_KRAMDOWN_PARAGRAPH &&
       (last_child->kind != POSTINGS_KRAMDOWN_BLANK || g_strcmp0 (node_text (last_child), "\n") != 0 ||
        before_last->kind != POSTINGS_KRAMDOWN_PARAGRAPH)))
    return FALSE;

  values = g_ptr_array_new_with_free_func ((GDestroyNotify) string_free);
  dds = g_ptr_array_new ();
  dd_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  dd_first_as_para = g_array_new (FALSE, FALSE, sizeof (gboolean));

  para = node_pop (tree);
  if (para->kind == POSTINGS_KRAMDOWN_BLANK)
    {
      para = node_pop (tree);
      first_as_para = TRUE;
    }

  deflist = node_new (ctx->parser, POSTINGS_KRAMDOWN_DL, para->start_line);
  terms = g_strsplit (node_text (para) != NULL ? node_text (para) : "", "\n", -1);
  for (guint i = 0; terms[i] != NULL; i++)
    {
      PostingsKramdownNode *dt;

      /* Ruby's split drops trailing empty strings. */
      gboolean rest_empty = TRUE;

      for (guint j = i; terms[j] != NULL; j++)
        if (terms[j][0] != '\0')
          rest_empty = FALSE;
      if (rest_empty)
        break;
      {
        GString *term = g_string_new (terms[i]);

        strip_item_attributes (term);
        dt = node_new (ctx->parser, POSTINGS_KRAMDOWN_DT, para->start_line + i);
        dt->text = intern (ctx->parser, term->str, term->len);
        g_string_free (term, TRUE);
      }
      node_append (deflist, dt);
    }

  while (src->pos < src->len)
    {
      gsize pos = src->pos;
      gsize end;

      if (match_dl_marker (src, pos, marker_spaces, &marker_end))
        {
          value = g_string_new_len (src->s + marker_end, next_line (src, pos) - marker_end);
          item = node_new (ctx->parser, POSTINGS_KRAMDOWN_DD, src->line);
          guint dd_line;

          indentation = first_list_line ((guint) (marker_end - pos), value);
          strip_item_attributes (value);
          dd_line = value->len == 0 ? src->line + 1 : src->line;
          g_array_append_val (dd_lines, dd_line);
          g_array_append_val (dd_first_as_para, first_as_para);
          g_ptr_array_add (values, value);
          g_ptr_array_add (dds, item);
          node_append (deflist, item);
          marker_spaces = sibling_marker_spaces (indentation);
          first_as_para = FALSE;
          last_is_blank = FALSE;
          advance_to (src, next_line (src, pos));
        }
      else if (match_eob (src, pos) > 0)
        {
          break;
        }
      else if (item != NULL &&
               (match_content_line (src, pos, indentation) ||
                (!last_is_blank && match_lazy_line (src, pos, indentation))))
        {
          gboolean found;

          item_line (src, pos, indentation, &found, ctx->parser->line);
          g_string_append_len (value, ctx->parser->line->str, ctx->parser->line->len);
          first_as_para = FALSE;
          last_is_blank = FALSE;
          advance_to (src, next_line (src, pos));
        }
      else if (item != NULL && (end = match_blank_lines (src, pos)) > pos)
        {
          first_as_para = TRUE;
          g_string_append_len (value, src->s + pos, end - pos);
          last_is_blank = TRUE;
          advance_to (src, end);
        }
      else
        {
          break;
        }
    }

  for (guint i = 0; i < dds->len; i++)
    {
      PostingsKramdownNode *dd = g_ptr_array_index (dds, i);
      GString *text = g_ptr_array_index (values, i);
      PostingsKramdownNode *first;

      parse_blocks (ctx->parser, dd, text->str, text->len,
                    g_array_index (dd_lines, guint, i), ctx->depth + 1);
      if (dd->n_children == 0)
        continue;

      last = node_last (dd)->kind == POSTINGS_KRAMDOWN_BLANK ? node_pop (dd) : NULL;

      first = dd->first_child;
      if (first != NULL && first->kind == POSTINGS_KRAMDOWN_PARAGRAPH &&
          !g_array_index (dd_first_as_para, gboolean, i))
        {
          if (dd->n_children > 1)
            text_append (ctx->parser, first, "\n", 1);
          first->transparent = TRUE;
        }
    }

  /* Continues a definition list just before. */
  last_child = node_last (tree);
  before_last = last_child != NULL ? last_child->prev : NULL;
  if (last_child != NULL && last_child->kind == POSTINGS_KRAMDOWN_BLANK &&
      before_last != NULL && before_last->kind == POSTINGS_KRAMDOWN_DL)
    {
      node_pop (tree);
      last_child = before_last;
    }
  if (last_child != NULL && last_child->kind == POSTINGS_KRAMDOWN_DL)
    {
      while (deflist->first_child != NULL)
        {
          PostingsKramdownNode *child = deflist->first_child;

          node_remove (deflist, child);
          node_append (last_child, child);
        }
    }
  else
    {
      node_append (tree, deflist);
    }
  ctx->block_ial = FALSE;

  if (last != NULL)
    node_append (tree, last);

  return TRUE;
}

/* Tables ----------------------------------------------------------------- */

/* kramdown's codespan parser at @pos (a backtick) of @text: sets the code
 * and returns the position after the span, or 0 when the backticks are
 * literal text. */
static gsize
match_codespan (const char *text,
                gsize       len,
                gsize       start,
                gsize       pos,
                GString    *code)
{
  gsize n = 0;
  const char *close = NULL;
  gsize code_start, code_end;

  while (pos + n < len && text[pos + n] == '`')
    n++;

  /* A lone backtick between blanks is text. */
  if (n == 1 && (pos == start || is_space (text[pos - 1])) &&
      pos + 1 < len && is_space (text[pos + 1]))
    return 0;

  for (gsize i = pos + n; i + n <= len; i++)
    {
      gsize k = 0;

      while (k < n && text[i + k] == '`')
        k++;
      if (k == n)
        {
          close = text + i;
          break;
        }
    }
  if (close == NULL)
    return 0;

  code_start = pos + n;
  code_end = (gsize) (close - text);
  if (n > 1)
    {
      if (code_end > code_start && text[code_start] == ' ')
        code_start++;
      if (code_end > code_start && text[code_end - 1] == ' ')
        code_end--;
    }
  if (code != NULL)
    g_string_append_len (code, text + code_start, code_end - code_start);

  return (gsize) (close - text) + n;
}

static void
add_to_last_cell (GPtrArray  *cells,
                  const char *text,
                  gsize       len)
{
  if (cells->len == 0)
    g_ptr_array_add (cells, g_string_new_len (text, len));
  else
    g_string_append_len (g_ptr_array_index (cells, cells->len - 1), text, len);
}

/* Splits raw text on unescaped pipes, `\|` becoming `|`. */
static void
split_cell_text (GPtrArray  *cells,
                 const char *text,
                 gsize       len)
{
  GString *piece = g_string_new (NULL);
  gboolean first = TRUE;

  for (gsize i = 0; i <= len; i++)
    {
      if (i == len || (text[i] == '|' && (i == 0 || text[i - 1] != '\\')))
        {
          if (first)
            add_to_last_cell (cells, piece->str, piece->len);
          else
            g_ptr_array_add (cells, g_string_new_len (piece->str, piece->len));
          first = FALSE;
          g_string_truncate (piece, 0);
          continue;
        }
      if (text[i] == '\\' && i + 1 < len && text[i + 1] == '|')
        continue;
      g_string_append_c (piece, text[i]);
    }
  g_string_free (piece, TRUE);
}

/* Splits the text of a part of a row (between `<code>` elements). */
static void
split_row_part (GPtrArray  *cells,
                const char *text,
                gsize       len)
{
  GString *raw = g_string_new (NULL);
  gsize i = 0;

  while (i < len)
    {
      g_autoptr(GString) code = g_string_new (NULL);
      gsize end;

      if (text[i] != '`' || (end = match_codespan (text, len, 0, i, code)) == 0)
        {
          gsize n = 1;

          /* The run of backticks that is text. */
          while (text[i] == '`' && i + n < len && text[i + n] == '`')
            n++;
          g_string_append_len (raw, text + i, n);
          i += n;
          continue;
        }

      split_cell_text (cells, raw->str, raw->len);
      g_string_truncate (raw, 0);
      {
        /* The span again, with a delimiter longer than any run in it. */
        guint longest = 0, run = 0;
        GString *span = g_string_new (NULL);

        for (gsize k = 0; k < code->len; k++)
          {
            run = code->str[k] == '`' ? run + 1 : 0;
            longest = MAX (longest, run);
          }
        for (guint k = 0; k <= longest; k++)
          g_string_append_c (span, '`');
        if (longest > 0)
          g_string_append_c (span, ' ');
        g_string_append_len (span, code->str, code->len);
        if (longest > 0)
          g_string_append_c (span, ' ');
        for (guint k = 0; k <= longest; k++)
          g_string_append_c (span, '`');
        add_to_last_cell (cells, span->str, span->len);
        g_string_free (span, TRUE);
      }
      i = end;
    }
  if (raw->len > 0)
    split_cell_text (cells, raw->str, raw->len);
  g_string_free (raw, TRUE);
}

/* The cells of a row's text (TABLE_ROW_LINE's group, without trailing
 * blanks). */
static GPtrArray *
split_row (const char *text,
           gsize       len,
           gboolean    leading_pipe)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func ((GDestroyNotify) string_free);
  gsize part = 0;
  gsize i = 0;

  /* split(/(<code.*?>.*?<\/code>)/): the elements stay in their cell. */
  while (i < len)
    {
      const char *open = g_strstr_len (text + i, len - i, "<code");
      const char *gt, *close;
      gsize element_end;

      if (open == NULL)
        break;
      gt = memchr (open, '>', len - (gsize) (open - text));
      close = gt != NULL ? g_strstr_len (gt + 1, len - (gsize) (gt + 1 - text), "</code>") : NULL;
      if (close == NULL)
        break;
      element_end = (gsize) (close - text) + strlen ("</code>");
      split_row_part (cells, text + part, (gsize) (open - text) - part);
      add_to_last_cell (cells, open, element_end - (gsize) (open - text));
      part = i = element_end;
    }
  if (part < len)
    split_row_part (cells, text + part, len - part);

  if (leading_pipe && cells->len > 0)
    {
      const char *first = ((GString *) g_ptr_array_index (cells, 0))->str;
      gsize first_len = ((GString *) g_ptr_array_index (cells, 0))->len;

      strip_range (&first, &first_len);
      if (first_len == 0)
        g_ptr_array_remove_index (cells, 0);
    }
  if (cells->len > 0)
    {
      GString *last = g_ptr_array_index (cells, cells->len - 1);
      const char *stripped = last->str;
      gsize stripped_len = last->len;

      strip_range (&stripped, &stripped_len);
      if (stripped_len == 0)
        g_ptr_array_remove_index (cells, cells->len - 1);
    }

  return cells;
}

/* The check kramdown makes on a table's text (pipes inside code spans or
 * HTML elements do not make a table): every line must have a pipe of its
 * own, the last one included. */
static gboolean
table_pipes_on_lines (const Src *src,
                      gsize      start,
                      gsize      end)
{
  gboolean pipe_on_line = FALSE;
  GString *text = g_string_new (NULL);
  gsize i = start;
  gboolean ok = TRUE;
  gboolean stopped = FALSE;

  /* One token of the span parse: text (with its lines), or a code span. */
#define TEXT_TOKEN(str, len)                                                            \
  G_STMT_START {                                                                         \
    g_auto(GStrv) lines_ = NULL;                                                         \
    guint n_ = 0;                                                                        \
    g_autofree char *copy_ = g_strndup ((str), (len));                                   \
    lines_ = g_strsplit (copy_, "\n", -1);                                               \
    n_ = g_strv_length (lines_);                                                         \
    while (n_ > 0 && lines_[n_ - 1][0] == '\0') n_--;                                    \
    if (n_ > 1 && !pipe_on_line && !has_table_pipe (lines_[0], 0, strlen (lines_[0])))  \
      { stopped = TRUE; break; }                                                         \
    pipe_on_line = (n_ > 1 ? FALSE : pipe_on_line) ||                                    \
                   (n_ > 0 && has_table_pipe (lines_[n_ - 1], 0, strlen (lines_[n_ - 1]))); \
  } G_STMT_END

  while (ok && !stopped)
    {
      if (i >= end)
        {
          if (text->len > 0)
            do { TEXT_TOKEN (text->str, text->len); } while (0);
          break;
        }

      if (src->s[i] == '`')
        {
          g_autoptr(GString) code = g_string_new (NULL);
          gsize span_end = match_codespan (src->s, end, start, i, code);

          if (span_end > 0)
            {
              guint lines = 1;

              if (text->len > 0)
                {
                  do { TEXT_TOKEN (text->str, text->len); } while (0);
                  if (stopped)
                    break;
                  g_string_truncate (text, 0);
                }
              for (gsize k = 0; k < code->len; k++)
                if (code->str[k] == '\n')
                  lines++;
              if (code->len > 0 && code->str[code->len - 1] == '\n')
                lines--;
              if (lines > 2 || (lines == 2 && !pipe_on_line))
                break;
              else if (lines == 2)
                pipe_on_line = FALSE;
              i = span_end;
              continue;
            }
        }
      else if (src->s[i] == '<')
        {
          HtmlTag tag;
          gsize comment = match_html_comment (src, i);

          if (comment > 0 && comment <= end)
            {
              if (text->len > 0)
                {
                  do { TEXT_TOKEN (text->str, text->len); } while (0);
                  if (stopped)
                    break;
                  g_string_truncate (text, 0);
                }
              do { TEXT_TOKEN (src->s + i, comment - i); } while (0);
              i = comment;
              continue;
            }
          if (!match_html_close_tag (src, i, &tag) && match_html_tag (src, i, &tag) &&
              tag.end <= end)
            {
              g_autofree char *name = tag_name (src, &tag);

              if (!NAME_IN (name, strlen (name), block_elements))
                {
                  gsize n = strlen (name);

                  if (text->len > 0)
                    {
                      do { TEXT_TOKEN (text->str, text->len); } while (0);
                      if (stopped)
                        break;
                      g_string_truncate (text, 0);
                    }
                  /* The element's value is its name: one line. */
                  pipe_on_line = pipe_on_line || has_table_pipe (name, 0, n);
                  i = tag.end;
                  if (!tag.closed && !NAME_IN (name, n, void_elements))
                    {
                      /* Its content, up to its closing tag (or the end). */
                      gsize k;

                      for (k = i; k < end; k++)
                        {
                          HtmlTag close;

                          if (src->s[k] == '<' && match_html_close_tag (src, k, &close) &&
                              close.name_len == n &&
                              g_ascii_strncasecmp (src->s + close.name, name, n) == 0)
                            break;
                        }
                      if (k >= end)
                        {
                          i = end;
                          break;
                        }
                      {
                        HtmlTag close;

                        match_html_close_tag (src, k, &close);
                        i = close.end;
                      }
                    }
                  continue;
                }
            }
        }

      g_string_append_c (text, src->s[i]);
      i++;
    }
#undef TEXT_TOKEN

  g_string_free (text, TRUE);
  return pipe_on_line;
}

typedef struct
{
  GPtrArray *cells;  /* GString * */
  guint      line;
} Row;

static void
row_free (Row *row)
{
  g_ptr_array_unref (row->cells);
  g_free (row);
}

typedef enum { PART_HEAD, PART_BODY, PART_FOOT } TablePart;

typedef struct
{
  GPtrArray *parts;   /* GPtrArray * of Row * per container, in order */
  GArray    *kinds;   /* TablePart of each */
  GPtrArray *rows;    /* Row *: the rows not yet in a container */
  gboolean   has_footer;
} TableBuilder;

static void
add_container (TableBuilder *t,
               TablePart     kind,
               gboolean      force)
{
  if (!t->has_footer || kind != PART_BODY || force)
    {
      g_ptr_array_add (t->parts, t->rows);
      g_array_append_val (t->kinds, kind);
      t->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
    }
}

static gboolean
parse_table (Ctx *ctx)
{
  Src *src = ctx->src;
  gsize orig = src->pos;
  guint orig_line = src->line;
  TableBuilder t = { 0, };
  g_autoptr(GString) alignment = NULL;
  gboolean leading_pipe;
  gboolean has_body = FALSE;
  guint columns = 0;
  gboolean ok = FALSE;
  gsize p;

  {
    gsize q = skip_opt_space (src, orig);

    if (!after_block_boundary (ctx) || q >= src->len || is_space (src->s[q]) ||
        !match_table_line (src, q))
      return FALSE;
  }

  p = orig;
  while (is_space (at (src, p)) && at (src, p) != '\n')
    p++;
  leading_pipe = at (src, p) == '|';

  t.parts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  t.kinds = g_array_new (FALSE, FALSE, sizeof (TablePart));
  t.rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);

  if (line_made_of (src, src->pos, "+|: \t-", '-'))
    advance_to (src, next_line (src, src->pos));

  while (src->pos < src->len && match_table_line (src, src->pos))
    {
      gsize pos = src->pos;
      gsize eol = line_end (src, pos);

      if (line_made_of (src, pos, "+|: \t-", '-'))
        {
          if (t.rows->len == 0)
            ;
          else if (alignment == NULL && !t.has_footer)
            {
              gsize end = eol;

              add_container (&t, PART_HEAD, FALSE);
              alignment = g_string_new (NULL);
              while (end > pos && (src->s[end - 1] == ' ' || src->s[end - 1] == '\t'))
                end--;
              /* TABLE_HSEP_ALIGN = /[ \t]?(:?)-+(:?)[ \t]?/, scanned */
              for (gsize i = pos; i < end;)
                {
                  gsize j = i;
                  gboolean left = FALSE, right = FALSE;

                  if (src->s[j] == ' ' || src->s[j] == '\t')
                    j++;
                  if (j < end && src->s[j] == ':')
                    left = TRUE, j++;
                  if (j >= end || src->s[j] != '-')
                    {
                      i++;
                      continue;
                    }
                  while (j < end && src->s[j] == '-')
                    j++;
                  if (j < end && src->s[j] == ':')
                    right = TRUE, j++;
                  if (j < end && (src->s[j] == ' ' || src->s[j] == '\t'))
                    j++;
                  g_string_append_c (alignment, left && right ? 'c' : left ? 'l' : right ? 'r' : '-');
                  i = j;
                }
            }
          else
            {
              add_container (&t, PART_BODY, FALSE);
            }
        }
      else if (line_made_of (src, pos, "+|: \t=", '='))
        {
          if (t.rows->len > 0)
            add_container (&t, PART_BODY, TRUE);
          t.has_footer = TRUE;
        }
      else
        {
          Row *row = g_new0 (Row, 1);
          gsize end = eol;

          while (end > pos && (src->s[end - 1] == ' ' || src->s[end - 1] == '\t'))
            end--;
          row->line = src->line;
          row->cells = split_row (src->s + pos, end - pos, leading_pipe);
          columns = MAX (columns, row->cells->len);
          g_ptr_array_add (t.rows, row);
        }
      advance_to (src, next_line (src, pos));
    }

  if (before_block_boundary (src, src->pos) &&
      table_pipes_on_lines (src, orig, src->pos > orig ? src->pos - 1 : orig))
    {
      if (t.rows->len > 0)
        add_container (&t, t.has_footer ? PART_FOOT : PART_BODY, FALSE);
      for (guint i = 0; i < t.kinds->len; i++)
        if (g_array_index (t.kinds, TablePart, i) == PART_BODY)
          has_body = TRUE;
      ok = has_body;
    }

  if (ok)
    {
      PostingsKramdownNode *table = add_block (ctx, POSTINGS_KRAMDOWN_TABLE, orig_line);
      GString *aligns = g_string_new (alignment != NULL ? alignment->str : "");

      if (aligns->len > columns)
        g_string_truncate (aligns, columns);
      while (aligns->len < columns)
        g_string_append_c (aligns, '-');
      table->alignments = intern (ctx->parser, aligns->str, aligns->len);
      g_string_free (aligns, TRUE);
      table->end_line = end_line_before (src, orig, orig_line, src->pos);

      for (guint i = 0; i < t.parts->len; i++)
        {
          GPtrArray *rows = g_ptr_array_index (t.parts, i);

          for (guint j = 0; j < rows->len; j++)
            {
              Row *row = g_ptr_array_index (rows, j);
              PostingsKramdownNode *tr = node_new (ctx->parser, POSTINGS_KRAMDOWN_TABLE_ROW, row->line);

              for (guint k = 0; k < columns; k++)
                {
                  PostingsKramdownNode *td = node_new (ctx->parser, POSTINGS_KRAMDOWN_TABLE_CELL, row->line);

                  if (k < row->cells->len)
                    {
                      GString *cell = g_ptr_array_index (row->cells, k);

                      td->text = intern_stripped (ctx->parser, cell->str, cell->len);
                    }
                  else
                    {
                      td->text = "";
                    }
                  node_append (tr, td);
                }
              node_append (table, tr);
              if (g_array_index (t.kinds, TablePart, i) == PART_HEAD)
                table->n_header_rows++;
            }
        }
    }
  else
    {
      src->pos = orig;
      src->line = orig_line;
    }

  g_ptr_array_unref (t.parts);
  g_array_unref (t.kinds);
  g_ptr_array_unref (t.rows);

  return ok;
}

/* Definitions -------------------------------------------------------------- */

static char *
normalize_link_id (const char *id,
                   gsize       len)
{
  GString *str = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    {
      if (is_space (id[i]))
        {
          if (str->len == 0 || str->str[str->len - 1] != ' ')
            g_string_append_c (str, ' ');
          continue;
        }
      g_string_append_c (str, id[i]);
    }

  {
    char *lower = g_utf8_strdown (str->str, (gssize) str->len);

    g_string_free (str, TRUE);
    return lower;
  }
}

static void
link_free (PostingsKramdownLink *link)
{
  g_free (link->id);
  g_free (link->url);
  g_free (link->title);
  g_free (link);
}

/* A title `"…"` or `'…'` from @pos to the line end (blanks after it). */
static gboolean
match_link_title (const Src *src,
                  gsize      pos,
                  gsize     *title,
                  gsize     *title_end,
                  gsize     *end)
{
  gsize eol = line_end (src, pos);
  char quote = at (src, pos);

  if ((quote != '"' && quote != '\'') || eol >= src->len)
    return FALSE;

  for (gsize i = pos + 2; i < eol; i++)
    {
      if (src->s[i] == quote && match_rest_blank (src, i + 1) > 0)
        {
          *title = pos + 1;
          *title_end = i;
          *end = eol + 1;
          return TRUE;
        }
    }

  return FALSE;
}

/* LINK_DEFINITION_START and parse_link_definition */
static gboolean
parse_link_definition (Ctx *ctx)
{
  Src *src = ctx->src;
  gsize p = skip_opt_space (src, src->pos);
  gsize eol = line_end (src, src->pos);
  gsize id, id_end, url, url_end, end = 0;
  gsize title = 0, title_end = 0;
  gboolean has_title = FALSE;
  PostingsKramdownLink *link;

  if (at (src, p) != '[' || eol >= src->len)
    return FALSE;
  id = ++p;
  while (p < eol && src->s[p] != ']')
    p++;
  if (p == id || p >= eol || at (src, p + 1) != ':')
    return FALSE;
  id_end = p;
  p += 2;
  while (at (src, p) == ' ' || at (src, p) == '\t')
    p++;

  if (at (src, p) == '<')
    {
      const char *gt = memchr (src->s + p, '>', eol - p);
      gsize q;

      if (gt == NULL)
        return FALSE;
      url = p + 1;
      url_end = (gsize) (gt - src->s);
      q = url_end + 1;
      while (at (src, q) == ' ' || at (src, q) == '\t')
        q++;
      if (q < eol && match_link_title (src, q, &title, &title_end, &end))
        has_title = TRUE;
      else if ((end = match_rest_blank (src, url_end + 1)) == 0)
        return FALSE;
    }
  else
    {
      /* The shortest URL that leaves a title, or the whole rest. */
      url = p;
      url_end = 0;
      for (gsize q = p + 1; q < eol; q++)
        {
          gsize r = q;

          if (src->s[q] != ' ' && src->s[q] != '\t')
            continue;
          if (!has_non_space (src, p, q))
            continue;
          while (r < eol && (src->s[r] == ' ' || src->s[r] == '\t'))
            r++;
          if (match_link_title (src, r, &title, &title_end, &end))
            {
              url_end = q;
              has_title = TRUE;
              break;
            }
        }
      if (!has_title)
        {
          url_end = eol;
          while (url_end > p && (src->s[url_end - 1] == ' ' || src->s[url_end - 1] == '\t'))
            url_end--;
          if (url_end == p)
            return FALSE;
          end = eol + 1;
        }
      /* return false if @src[3] =~ /[ \t]+["']/ */
      for (gsize q = url; q + 1 < url_end; q++)
        if ((src->s[q] == ' ' || src->s[q] == '\t') &&
            (src->s[q + 1] == '"' || src->s[q + 1] == '\'' ||
             src->s[q + 1] == ' ' || src->s[q + 1] == '\t'))
          {
            gsize r = q;

            while (r < url_end && (src->s[r] == ' ' || src->s[r] == '\t'))
              r++;
            if (r < url_end && (src->s[r] == '"' || src->s[r] == '\''))
              return FALSE;
          }
    }

  if (!has_title)
    {
      /* A title on the next line. */
      gsize next = end;
      gsize q = next;

      while (at (src, q) == ' ' || at (src, q) == '\t')
        q++;
      if (next < src->len && match_link_title (src, q, &title, &title_end, &end))
        has_title = TRUE;
    }

  link = g_new0 (PostingsKramdownLink, 1);
  link->id = normalize_link_id (src->s + id, id_end - id);
  link->url = g_strndup (src->s + url, url_end - url);
  link->title = has_title ? g_strndup (src->s + title, title_end - title) : NULL;
  {
    PostingsKramdownLink *old = g_hash_table_lookup (ctx->parser->link_index, link->id);

    if (old != NULL)
      {
        /* kramdown keeps the last definition. */
        g_free (old->url);
        g_free (old->title);
        old->url = g_steal_pointer (&link->url);
        old->title = g_steal_pointer (&link->title);
        link_free (link);
      }
    else
      {
        g_ptr_array_add (ctx->parser->links, link);
        g_hash_table_insert (ctx->parser->link_index, link->id, link);
      }
  }

  add_eob (ctx, EOB_LINK_DEF);
  advance_to (src, end);

  return TRUE;
}

/* FOOTNOTE_DEFINITION_START = /^ {0,3}\[\^(ALD_ID_NAME)\]:\s*?(.*?\n CODEBLOCK_MATCH)/ */
static gboolean
parse_footnote_definition (Ctx *ctx)
{
  Src *src = ctx->src;
  gsize p = skip_opt_space (src, src->pos);
  gsize name;

  if (at (src, p) != '[' || at (src, p + 1) != '^' || !is_word (at (src, p + 2)))
    return FALSE;
  name = p + 2;
  p = name;
  while (is_word (at (src, p)) || at (src, p) == '-')
    p++;
  if (p == name || at (src, p) != ']' || at (src, p + 1) != ':' ||
      line_end (src, p) >= src->len)
    return FALSE;

  add_eob (ctx, EOB_FOOTNOTE_DEF);
  advance_to (src, match_codeblock (src, next_line (src, p)));

  return TRUE;
}

/* ABBREV_DEFINITION_START = /^ {0,3}\*\[(.+?)\]:(.*?)\n/ */
static gboolean
parse_abbrev_definition (Ctx *ctx)
{
  Src *src = ctx->src;
  gsize p = skip_opt_space (src, src->pos);
  gsize eol = line_end (src, src->pos);

  if (at (src, p) != '*' || at (src, p + 1) != '[' || eol >= src->len)
    return FALSE;
  for (gsize q = p + 3; q + 1 < eol; q++)
    if (src->s[q] == ']' && src->s[q + 1] == ':')
      {
        add_eob (ctx, EOB_ABBREV_DEF);
        advance_to (src, eol + 1);
        return TRUE;
      }

  return FALSE;
}

/* ALD_START, EXT_BLOCK_START and IAL_BLOCK_START */
static gboolean
parse_block_extensions (Ctx *ctx)
{
  Src *src = ctx->src;
  gsize p = skip_opt_space (src, src->pos);
  gsize end;
  gsize q;

  if (at (src, p) != '{' || at (src, p + 1) != ':')
    return FALSE;

  /* ALD: {:name: …} */
  q = p + 2;
  if (is_word (at (src, q)))
    {
      while (is_word (at (src, q)) || at (src, q) == '-')
        q++;
      if (at (src, q) == ':' && (end = match_attribute_list_end (src, q + 1)) > 0)
        {
          add_eob (ctx, EOB_ALD);
          advance_to (src, end);
          return TRUE;
        }
    }

  /* An extension: {::name …} … {:/name}, or {::name …/} */
  if (at (src, p + 2) == ':')
    {
      gsize name = p + 3;
      gsize name_end = name;
      gsize close_brace;
      gboolean self_closing;
      g_autofree char *ext = NULL;

      while (is_word (at (src, name_end)))
        name_end++;
      if (name_end == name)
        return FALSE;
      close_brace = name_end;
      while (close_brace < src->len && src->s[close_brace] != '}')
        close_brace++;
      if (close_brace >= src->len || (close_brace > name_end && !is_space (src->s[name_end]) &&
                                      src->s[name_end] != '/'))
        return FALSE;
      if ((end = match_rest_blank (src, close_brace + 1)) == 0)
        return FALSE;
      self_closing = src->s[close_brace - 1] == '/';
      ext = g_strndup (src->s + name, name_end - name);
      if (!g_str_equal (ext, "comment") && !g_str_equal (ext, "nomarkdown") &&
          !g_str_equal (ext, "options"))
        return FALSE;

      if (!self_closing)
        {
          /* EXT_BLOCK_STOP_STR: a line `{:/}` or `{:/name}` */
          gsize body = end;
          gsize stop;

          for (stop = body; stop < src->len; stop = next_line (src, stop))
            {
              gsize s = skip_opt_space (src, stop);
              gsize after;

              if (at (src, s) != '{' || at (src, s + 1) != ':' || at (src, s + 2) != '/')
                continue;
              s += 3;
              if (at (src, s) != '}')
                {
                  if (s + strlen (ext) > src->len || memcmp (src->s + s, ext, strlen (ext)) != 0)
                    continue;
                  s += strlen (ext);
                }
              if (at (src, s) != '}' || (after = match_rest_blank (src, s + 1)) == 0)
                continue;

              if (g_str_equal (ext, "nomarkdown"))
                {
                  PostingsKramdownNode *node = add_block (ctx, POSTINGS_KRAMDOWN_HTML, src->line);

                  set_text (ctx, node, body, stop);
                  node->end_line = end_line_before (src, src->pos, src->line, after);
                }
              else if (g_str_equal (ext, "options"))
                {
                  add_eob (ctx, EOB_EXTENSION);
                }
              advance_to (src, after);
              return TRUE;
            }
          return FALSE;
        }

      if (g_str_equal (ext, "options"))
        add_eob (ctx, EOB_EXTENSION);
      advance_to (src, end);
      return TRUE;
    }

  /* An attribute list for the block before, or after. */
  if ((end = match_ial_block (src, src->pos)) > 0)
    {
      PostingsKramdownNode *last = node_last (ctx->tree);

      if (last != NULL && last->kind != POSTINGS_KRAMDOWN_BLANK &&
          (last->kind != POSTINGS_KRAMDOWN_EOB || last->level == EOB_LINK_DEF ||
           last->level == EOB_ABBREV_DEF || last->level == EOB_FOOTNOTE_DEF))
        {
          last->attributes = TRUE;
          advance_to (src, end);
          if (match_ial_block (src, src->pos) == 0)
            add_eob (ctx, EOB_IAL);
        }
      else
        {
          advance_to (src, end);
          ctx->block_ial = TRUE;
        }
      return TRUE;
    }

  return FALSE;
}

static gboolean
parse_eob_marker (Ctx *ctx)
{
  gsize end = match_eob (ctx->src, ctx->src->pos);

  if (end == 0)
    return FALSE;

  add_eob (ctx, EOB_MARKER);
  advance_to (ctx->src, end);

  return TRUE;
}

static gboolean
parse_paragraph (Ctx *ctx)
{
  Src *src = ctx->src;
  gsize start = src->pos;
  guint line = src->line;
  gsize p = skip_opt_space (src, start);
  gsize end, text_end;
  PostingsKramdownNode *last;

  /* PARAGRAPH_START = /^ {0,3}[^ \t].*?\n/ */
  if (at (src, p) == ' ' || at (src, p) == '\t' || line_end (src, start) >= src->len)
    return FALSE;

  end = next_line (src, start);
  while (!at_paragraph_end (src, end))
    end = next_line (src, end);

  /* result.rstrip! (and lstrip! for a new paragraph) */
  text_end = end;
  while (text_end > start && (is_space (src->s[text_end - 1]) || src->s[text_end - 1] == '\0'))
    text_end--;

  last = node_last (ctx->tree);
  if (last != NULL && last->kind == POSTINGS_KRAMDOWN_PARAGRAPH && !last->stray)
    {
      gboolean hard = start >= 3 && memcmp (src->s + start - 3, "  \n", 3) == 0;
      text_append (ctx->parser, last, hard ? "  \n" : "\n", hard ? 3 : 1);
      text_append (ctx->parser, last, src->s + start, text_end - start);
    }
  else
    {
      gsize text_start = start;

      while (text_start < text_end && is_space (src->s[text_start]))
        text_start++;
      last = add_block (ctx, POSTINGS_KRAMDOWN_PARAGRAPH, line);
      set_text (ctx, last, text_start, text_end);
    }
  last->end_line = end_line_before (src, start, line, end);
  advance_to (src, end);

  return TRUE;
}

/* A line no parser takes ("this should not occur"): text of its own. */
static void
add_stray_line (Ctx *ctx)
{
  Src *src = ctx->src;
  gsize end = next_line (src, src->pos);
  PostingsKramdownNode *node = node_last (ctx->tree);

  if (node != NULL && node->kind == POSTINGS_KRAMDOWN_PARAGRAPH && node->stray)
    {
      text_append (ctx->parser, node, src->s + src->pos, end - src->pos);
    }
  else
    {
      node = add_block (ctx, POSTINGS_KRAMDOWN_PARAGRAPH, src->line);
      node->stray = TRUE;
      set_text (ctx, node, src->pos, end);
    }
  node->end_line = src->line;
  advance_to (src, end);
}

static void
parse_blocks (Parser               *parser,
              PostingsKramdownNode *tree,
              const char           *text,
              gsize                 len,
              guint                 line,
              guint                 depth)
{
  Src src = { text, len, 0, line };
  Ctx ctx = { parser, tree, &src, FALSE, depth };

  if (depth > MAX_NESTING)
    {
      /* Too deep: the rest is one paragraph of text. */
      if (has_non_space (&src, 0, len))
        {
          PostingsKramdownNode *node = add_block (&ctx, POSTINGS_KRAMDOWN_PARAGRAPH, line);

          node->text = intern_stripped (parser, text, len);
          node->end_line = end_line_before (&src, 0, line, len);
        }
      return;
    }

  while (src.pos < src.len)
    {
      gsize before = src.pos;
      /* The first character, and the one after up to three spaces: most
       * parsers need a given one, so the others are not tried. */
      char first = src.s[src.pos];
      char c = at (&src, skip_opt_space (&src, src.pos));
      gboolean handled;

      /* kramdown's order of block parsers */
      handled = parse_blank_line (&ctx) ||
                ((first == ' ' || first == '\t') && parse_codeblock (&ctx)) ||
                ((c == '~' || c == '`') && parse_codeblock_fenced (&ctx)) ||
                (c == '>' && parse_blockquote (&ctx)) ||
                (first == '#' && parse_atx_header (&ctx)) ||
                ((c == '*' || c == '-' || c == '_') && parse_horizontal_rule (&ctx)) ||
                ((c == '+' || c == '*' || c == '-' || g_ascii_isdigit (c)) && parse_list (&ctx)) ||
                (c == ':' && parse_definition_list (&ctx)) ||
                (c == '<' && parse_block_html (&ctx)) ||
                parse_setext_header (&ctx) ||
                (c == '$' && parse_block_math (&ctx)) ||
                parse_table (&ctx) ||
                (c == '[' && parse_footnote_definition (&ctx)) ||
                (c == '[' && parse_link_definition (&ctx)) ||
                (c == '*' && parse_abbrev_definition (&ctx)) ||
                (c == '{' && parse_block_extensions (&ctx)) ||
                (first == '^' && parse_eob_marker (&ctx)) ||
                parse_paragraph (&ctx);

      if (!handled || src.pos == before)
        add_stray_line (&ctx);
    }
}

/* Entry points ------------------------------------------------------------ */

/* adapt_source: one line end (`\n`), a final one; no NUL, valid UTF-8
 * (@valid: @text is valid UTF-8 already). */
static char *
adapt_source (const char *text,
              gsize       len,
              gboolean    valid,
              gsize      *out_len)
{
  GString *str = g_string_sized_new (len + 1);
  gsize start = 0;

  for (gsize i = 0; i < len; i++)
    {
      /* The next CR or NUL. */
      const char *cr = memchr (text + i, '\r', len - i);
      const char *nul = memchr (text + i, '\0', (cr != NULL ? (gsize) (cr - text) : len) - i);
      const char *next = nul != NULL ? nul : cr;

      if (next == NULL)
        break;
      i = (gsize) (next - text);
      g_string_append_len (str, text + start, i - start);
      if (text[i] == '\0')
        {
          g_string_append (str, "\xef\xbf\xbd");
        }
      else
        {
          if (i + 1 < len && text[i + 1] == '\n')
            i++;
          g_string_append_c (str, '\n');
        }
      start = i + 1;
    }
  g_string_append_len (str, text + start, len - start);
  if (str->len == 0 || str->str[str->len - 1] != '\n')
    g_string_append_c (str, '\n');

  if (!valid && !postings_utf8_validate_len (str->str, str->len, NULL))
    {
      g_autofree char *made_valid = g_utf8_make_valid (str->str, (gssize) str->len);

      g_string_assign (str, made_valid);
    }

  *out_len = str->len;
  return g_string_free (str, FALSE);
}

static PostingsKramdownDocument *
parse (const char *text,
       gsize       len,
       gboolean    valid)
{
  PostingsKramdownDocument *self;
  Parser parser;
  g_autofree char *source = NULL;
  gsize source_len;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  source = adapt_source (text != NULL ? text : "", len, valid, &source_len);

  parser.links = g_ptr_array_new_with_free_func ((GDestroyNotify) link_free);
  parser.link_index = g_hash_table_new (g_str_hash, g_str_equal);
  parser.line = g_string_new (NULL);
  parser.building = g_ptr_array_new ();
  parser.nodes = g_ptr_array_new_with_free_func (g_free);
  parser.free_nodes = NULL;
  parser.n_free_nodes = 0;
  parser.strings = g_string_chunk_new (MAX (source_len, 256));
  memset (parser.item_lists, 0, sizeof parser.item_lists);

  self = g_new0 (PostingsKramdownDocument, 1);
  self->root = node_new (&parser, POSTINGS_KRAMDOWN_ROOT, 1);
  parse_blocks (&parser, self->root, source, source_len, 1, 0);
  finish_texts (&parser);
  g_ptr_array_unref (parser.building);
  self->links = parser.links;
  self->nodes = parser.nodes;
  self->strings = parser.strings;
  g_hash_table_unref (parser.link_index);
  g_string_free (parser.line, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (parser.item_lists); i++)
    item_list_free (parser.item_lists[i]);

  return self;
}

PostingsKramdownDocument *
postings_kramdown_parse (const char *text,
                         gsize       len)
{
  return parse (text, len, FALSE);
}

PostingsKramdownDocument *
postings_kramdown_parse_valid (const char *text,
                               gsize       len)
{
  return parse (text, len, TRUE);
}

void
postings_kramdown_document_free (PostingsKramdownDocument *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->nodes);
  g_string_chunk_free (self->strings);
  g_ptr_array_unref (self->links);
  g_free (self);
}

guint
postings_kramdown_node_get_n_children (const PostingsKramdownNode *node)
{
  g_return_val_if_fail (node != NULL, 0);

  return node->n_children;
}

PostingsKramdownNode *
postings_kramdown_node_get_child (const PostingsKramdownNode *node,
                                  guint                       index)
{
  PostingsKramdownNode *child;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (index < node->n_children, NULL);

  for (child = node->first_child; index > 0; index--)
    child = child->next;

  return child;
}

static const char *
kind_name (PostingsKramdownKind kind)
{
  static const char * const names[] = {
    "root", "blank", "eob", "p", "header", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
    "codeblock", "math", "hr", "html", "comment", "table", "tr", "td",
  };

  return kind < G_N_ELEMENTS (names) ? names[kind] : "?";
}

static void
dump_node (GString                    *str,
           const PostingsKramdownNode *node,
           guint                       indent)
{
  for (guint i = 0; i < indent; i++)
    g_string_append (str, "  ");
  g_string_append (str, kind_name (node->kind));
  if (node->kind == POSTINGS_KRAMDOWN_HEADER)
    g_string_append_printf (str, " %u", node->level);
  if (node->transparent)
    g_string_append (str, " transparent");
  if (node->stray)
    g_string_append (str, " stray");
  if (node->alignments != NULL)
    g_string_append_printf (str, " align=%s head=%u", node->alignments, node->n_header_rows);
  if (node->info != NULL)
    g_string_append_printf (str, " info=%s", node->info);
  g_string_append_printf (str, " %u-%u", node->start_line, node->end_line);
  if (node->text != NULL && node->kind != POSTINGS_KRAMDOWN_BLANK)
    {
      g_string_append (str, " \"");
      for (const char *c = node->text; *c != '\0'; c++)
        {
          if (*c == '\n')
            g_string_append (str, "\\n");
          else if (*c == '"' || *c == '\\')
            g_string_append_printf (str, "\\%c", *c);
          else
            g_string_append_c (str, *c);
        }
      g_string_append_c (str, '"');
    }
  g_string_append_c (str, '\n');

  for (const PostingsKramdownNode *child = node->first_child; child != NULL; child = child->next)
    dump_node (str, child, indent + 1);
}

char *
postings_kramdown_document_to_string (const PostingsKramdownDocument *self)
{
  GString *str = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  for (const PostingsKramdownNode *child = self->root->first_child; child != NULL; child = child->next)
    dump_node (str, child, 0);

  return g_string_free (str, FALSE);
}
