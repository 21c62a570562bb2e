/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "postings-cmark.h"
#include "postings-kramdown.h"
#include "postings-preview.h"

/* Jekyll's excerpt separator on beta.gouv.fr (`excerpt_separator` in the
 * site's _config.yml). */
#define EXCERPT_SEPARATOR "<!--more-->"

struct _PostingsPreviewModel
{
  GArray       *blocks;      /* PostingsPreviewBlock */
  GArray       *runs;        /* PostingsPreviewRun, all blocks' runs in order */
  GStringChunk *strings;     /* every text, URL and info string */
  GPtrArray    *tables;      /* PostingsPreviewTable * of the TABLE blocks */
  guint         first_line;
};

typedef struct
{
  guint    start;            /* the list's first number */
  guint    count;            /* items entered so far */
  gboolean ordered;
} ListFrame;

typedef struct
{
  PostingsPreviewModel *model;
  GArray               *run_starts;   /* guint per block: its first run in model->runs */
  guint                 line_offset;  /* added to cmark's 1-based lines */
  const char           *source;
  gsize                 source_len;
  GArray               *line_starts;  /* gsize: byte offset of each line, built on demand */

  /* Containers around the current node. */
  GArray               *lists;        /* ListFrame */
  guint                 depth;
  guint                 list_depth;
  guint                 quote_depth;

  /* A list item whose bullet has not been emitted yet. */
  gboolean              item_pending;
  PostingsPreviewBlockKind item_kind;
  guint                 item_number;
  guint                 item_start_line;

  /* Inline state while inside a paragraph or heading. */
  gboolean              in_inline_block;
  guint                 emphasis;
  guint                 strong;
  guint                 image;
  GPtrArray            *links;        /* const char * URLs, owned by the cmark tree */
  GString              *pending;      /* text of the run being built */
  PostingsPreviewStyle  pending_style;
  const char           *pending_url;
  const char           *image_src;    /* the image being read (owned by the cmark tree) */
  gboolean              trim_leading; /* after an inline excerpt mark */
  gboolean              trim_spaces;  /* after a <br>: HTML drops the spaces there */

  /* The site dialect: kramdown's blocks, cmark's inlines. */
  gboolean              site;
  cmark_node           *chunk;        /* the next text block's cmark paragraph */
  GArray               *chunk_lines;  /* ChunkLine: where the chunks' source lines start */
  gboolean              sentinel;     /* the chunk's leading no-break space is still to drop */
  gboolean              in_table;
  GArray               *chunk_parsed; /* gboolean per text block: its inlines went to cmark */
  guint                 n_chunks_read;

  /* Only what the blocks' outlines need (see model_new()). */
  gboolean              outline;
} Builder;

/* A source line of the site dialect's chunks: at @column of cmark's line
 * @doc_line starts the text of body line @line. */
typedef struct
{
  int   doc_line;
  int   column;
  guint line;
} ChunkLine;

static void
table_free (PostingsPreviewTable *table)
{
  g_free ((gpointer) table->alignments);
  g_free ((gpointer) table->cell_starts);
  g_free (table);
}

/* Building ------------------------------------------------------------- */

static guint
file_line (Builder *b,
           int      cmark_line)
{
  return (guint) MAX (cmark_line, 1) + b->line_offset;
}

/* Is cmark's line @line (1-based) of the source blank? */
static gboolean
source_line_is_blank (Builder *b,
                      int      line)
{
  gsize start, end;

  if (b->line_starts == NULL)
    {
      const char *source = b->source != NULL ? b->source : "";
      const char *source_end = source + b->source_len;

      /* Line ends as cmark counts them: \n, \r\n or \r. */
      b->line_starts = g_array_sized_new (FALSE, FALSE, sizeof (gsize), 128);
      start = 0;
      g_array_append_val (b->line_starts, start);
      if (memchr (source, '\r', b->source_len) == NULL)
        {
          /* \n only (most files): found by memchr. */
          for (const char *p = source; p < source_end && (p = memchr (p, '\n', (gsize) (source_end - p))) != NULL; )
            {
              start = (gsize) (++p - source);
              g_array_append_val (b->line_starts, start);
            }
        }
      else
        for (gsize i = 0; i < b->source_len; i++)
          {
            if (b->source[i] == '\r' && i + 1 < b->source_len && b->source[i + 1] == '\n')
              i++;
            if (b->source[i] == '\n' || b->source[i] == '\r')
              {
                start = i + 1;
                g_array_append_val (b->line_starts, start);
              }
          }
    }

  if (line < 1 || (guint) line > b->line_starts->len)
    return TRUE;

  start = g_array_index (b->line_starts, gsize, line - 1);
  end = (guint) line < b->line_starts->len ? g_array_index (b->line_starts, gsize, line)
                                           : b->source_len;
  for (gsize i = start; i < end; i++)
    if (!g_ascii_isspace (b->source[i]))
      return FALSE;

  return TRUE;
}

/* The file lines of a leaf block. cmark sometimes counts the blank line
 * after a block (setext headings, indented code, rules) in its end line. */
static void
node_lines (Builder    *b,
            cmark_node *node,
            guint      *start_line,
            guint      *end_line)
{
  int start = cmark_node_get_start_line (node);
  int end = cmark_node_get_end_line (node);

  while (end > start && source_line_is_blank (b, end))
    end--;

  *start_line = file_line (b, start);
  *end_line = file_line (b, MAX (start, end));
}

static PostingsPreviewBlock *
current_block (Builder *b)
{
  GArray *blocks = b->model->blocks;

  g_assert (blocks->len > 0);
  return &g_array_index (blocks, PostingsPreviewBlock, blocks->len - 1);
}

static guint
current_block_n_runs (Builder *b)
{
  guint start = g_array_index (b->run_starts, guint, b->run_starts->len - 1);

  return b->model->runs->len - start;
}

static PostingsPreviewBlock *
begin_block (Builder                  *b,
             PostingsPreviewBlockKind  kind,
             guint                     start_line,
             guint                     end_line)
{
  PostingsPreviewBlock block = { 0, };

  block.kind = kind;
  block.depth = b->depth;
  block.list_depth = b->list_depth;
  block.quote_depth = b->quote_depth;
  block.start_line = start_line;
  block.end_line = MAX (start_line, end_line);

  g_array_append_val (b->model->blocks, block);
  g_array_append_val (b->run_starts, b->model->runs->len);

  return current_block (b);
}

static void
drop_current_block (Builder *b)
{
  g_assert (current_block_n_runs (b) == 0);
  g_array_set_size (b->model->blocks, b->model->blocks->len - 1);
  g_array_set_size (b->run_starts, b->run_starts->len - 1);
}

static void
add_run (Builder              *b,
         const char           *text,
         gsize                 len,
         PostingsPreviewStyle  style,
         const char           *url)
{
  PostingsPreviewRun run;

  run.text = g_string_chunk_insert_len (b->model->strings, text, len);
  run.url = url != NULL ? g_string_chunk_insert_const (b->model->strings, url) : NULL;
  run.style = style;
  run.src = NULL;
  g_array_append_val (b->model->runs, run);
}

/* The image run just added gets the image's address. */
static void
set_image_src (Builder *b)
{
  PostingsPreviewRun *run = &g_array_index (b->model->runs, PostingsPreviewRun, b->model->runs->len - 1);

  run->src = g_string_chunk_insert (b->model->strings, b->image_src != NULL ? b->image_src : "");
  b->image_src = NULL;
}

/* Emit the bullet of a list item whose content does not start with a
 * paragraph (empty item, nested list first, code, heading…). */
static void
emit_pending_item (Builder *b)
{
  PostingsPreviewBlock *block;

  if (!b->item_pending)
    return;

  b->item_pending = FALSE;
  block = begin_block (b, b->item_kind, b->item_start_line, b->item_start_line);
  block->number = b->item_number;
}

static void
flush_pending (Builder  *b,
               gboolean  force)
{
  if (b->pending->len > 0 || force)
    add_run (b, b->pending->str, b->pending->len, b->pending_style, b->pending_url);

  g_string_truncate (b->pending, 0);
}

static PostingsPreviewStyle
current_style (Builder     *b,
               const char **url)
{
  PostingsPreviewStyle style = POSTINGS_PREVIEW_STYLE_NONE;

  *url = NULL;
  if (b->links->len > 0)
    {
      style |= POSTINGS_PREVIEW_STYLE_LINK;
      *url = g_ptr_array_index (b->links, b->links->len - 1);
    }

  /* An image shows as its alt text, which has no formatting of its own. */
  if (b->image > 0)
    return style | POSTINGS_PREVIEW_STYLE_IMAGE;

  if (b->emphasis > 0)
    style |= POSTINGS_PREVIEW_STYLE_EMPHASIS;
  if (b->strong > 0)
    style |= POSTINGS_PREVIEW_STYLE_STRONG;

  return style;
}

static void
append_text (Builder              *b,
             const char           *text,
             gsize                 len,
             PostingsPreviewStyle  extra)
{
  PostingsPreviewStyle style;
  const char *url;

  if (b->trim_leading)
    {
      while (len > 0 && g_ascii_isspace (*text))
        text++, len--;
      if (len == 0)
        return;
      b->trim_leading = FALSE;
    }
  if (b->trim_spaces)
    {
      while (len > 0 && (*text == ' ' || *text == '\t'))
        text++, len--;
      if (len == 0)
        return;
      b->trim_spaces = FALSE;
    }

  style = current_style (b, &url);
  if (b->image == 0)
    style |= extra;

  if (style != b->pending_style || g_strcmp0 (url, b->pending_url) != 0)
    {
      flush_pending (b, FALSE);
      b->pending_style = style;
      b->pending_url = url;
    }

  g_string_append_len (b->pending, text, len);
}

/* `<!--more-->` alone, blanks around it tolerated. */
static gboolean
is_excerpt_separator (const char *text)
{
  gsize len;

  if (text == NULL)
    return FALSE;

  while (g_ascii_isspace (*text))
    text++;
  len = strlen (text);
  while (len > 0 && g_ascii_isspace (text[len - 1]))
    len--;

  return len == strlen (EXCERPT_SEPARATOR) &&
         memcmp (text, EXCERPT_SEPARATOR, len) == 0;
}

/* An inline `<!--more-->` inside a paragraph or heading: end the block
 * there, put the mark, and continue the text in a new block. */
static void
split_inline_block (Builder  *b,
                    guint     mark_line,
                    gboolean  starts_line,
                    gboolean  ends_line)
{
  PostingsPreviewBlock *block = current_block (b);
  PostingsPreviewBlock *cont;
  PostingsPreviewBlockKind kind = block->kind;
  guint level = block->level;
  guint start_line = block->start_line;
  guint end_line = block->end_line;

  /* The lines on each side of the mark, within the block's. */
  mark_line = CLAMP (mark_line, start_line, end_line);
  block->end_line = MAX (start_line, starts_line ? mark_line - 1 : mark_line);

  while (b->pending->len > 0 && g_ascii_isspace (b->pending->str[b->pending->len - 1]))
    g_string_truncate (b->pending, b->pending->len - 1);
  flush_pending (b, FALSE);

  /* A list item keeps its bullet even when empty. */
  if (current_block_n_runs (b) == 0 &&
      kind != POSTINGS_PREVIEW_BLOCK_BULLET_ITEM &&
      kind != POSTINGS_PREVIEW_BLOCK_ORDERED_ITEM)
    drop_current_block (b);

  begin_block (b, POSTINGS_PREVIEW_BLOCK_EXCERPT_MARK, mark_line, mark_line);

  if (kind == POSTINGS_PREVIEW_BLOCK_BULLET_ITEM ||
      kind == POSTINGS_PREVIEW_BLOCK_ORDERED_ITEM)
    kind = POSTINGS_PREVIEW_BLOCK_PARAGRAPH;
  cont = begin_block (b, kind, MIN (ends_line ? mark_line + 1 : mark_line, end_line), end_line);
  cont->level = level;

  b->trim_leading = TRUE;
}

static void
end_inline_block (Builder *b)
{
  PostingsPreviewBlock *block = current_block (b);

  flush_pending (b, FALSE);

  /* The empty rest of a block split by an inline excerpt mark. */
  if (b->trim_leading && current_block_n_runs (b) == 0 &&
      block->kind != POSTINGS_PREVIEW_BLOCK_BULLET_ITEM &&
      block->kind != POSTINGS_PREVIEW_BLOCK_ORDERED_ITEM)
    drop_current_block (b);

  b->in_inline_block = FALSE;
  b->trim_leading = FALSE;
  b->trim_spaces = FALSE;
  b->emphasis = b->strong = b->image = 0;
  g_ptr_array_set_size (b->links, 0);
  b->pending_style = POSTINGS_PREVIEW_STYLE_NONE;
  b->pending_url = NULL;
}

static guint
count_newlines (const char *text,
                gsize       len)
{
  guint n = 0;

  for (gsize i = 0; i < len; i++)
    if (text[i] == '\n')
      n++;

  return n;
}

/* Containers ------------------------------------------------------------ */

static void
enter_list (Builder  *b,
            gboolean  ordered,
            guint     start)
{
  ListFrame frame;

  emit_pending_item (b);
  frame.start = start;
  frame.count = 0;
  frame.ordered = ordered;
  g_array_append_val (b->lists, frame);
  b->depth++;
  b->list_depth++;
}

static void
leave_list (Builder *b)
{
  g_array_set_size (b->lists, b->lists->len - 1);
  b->depth--;
  b->list_depth--;
}

/* A list item starting at file line @line: its bullet waits for its first
 * paragraph. */
static void
enter_item (Builder *b,
            guint    line)
{
  ListFrame *frame = &g_array_index (b->lists, ListFrame, b->lists->len - 1);

  emit_pending_item (b);
  b->item_pending = TRUE;
  b->item_kind = frame->ordered ? POSTINGS_PREVIEW_BLOCK_ORDERED_ITEM
                                : POSTINGS_PREVIEW_BLOCK_BULLET_ITEM;
  b->item_number = frame->ordered ? frame->start + frame->count : 0;
  b->item_start_line = line;
  frame->count++;
}

static void
enter_quote (Builder *b)
{
  emit_pending_item (b);
  b->depth++;
  b->quote_depth++;
}

static void
leave_quote (Builder *b)
{
  b->depth--;
  b->quote_depth--;
}

/* One part of an HTML block: trimmed of blank lines around it, dropped
 * when blank. @line is the body line where @text starts. */
static void
add_html_part (Builder    *b,
               const char *text,
               gsize       len,
               int         line)
{
  gsize start = 0;
  gsize end = len;
  guint first;

  /* Skip whole blank lines before, keep the indentation of the first one. */
  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '\n')
        start = i + 1;
      else if (!g_ascii_isspace (text[i]))
        break;
    }
  while (end > start && g_ascii_isspace (text[end - 1]))
    end--;
  if (end <= start)
    return;

  first = file_line (b, line) + count_newlines (text, start);
  begin_block (b, POSTINGS_PREVIEW_BLOCK_HTML, first,
               first + count_newlines (text + start, end - start));
  add_run (b, text + start, end - start, POSTINGS_PREVIEW_STYLE_HTML, NULL);
}

/* Raw HTML from body line @line on. */
static void
add_html_literal (Builder    *b,
                  const char *literal,
                  int         line)
{
  const char *p;

  if (literal == NULL)
    return;

  emit_pending_item (b);

  /* Jekyll cuts the excerpt at the separator wherever it is, so look for
   * it anywhere in the block. */
  while ((p = strstr (literal, EXCERPT_SEPARATOR)) != NULL)
    {
      guint mark_line;

      add_html_part (b, literal, p - literal, line);
      mark_line = file_line (b, line) + count_newlines (literal, p - literal);
      begin_block (b, POSTINGS_PREVIEW_BLOCK_EXCERPT_MARK, mark_line, mark_line);

      line += count_newlines (literal, p - literal);
      literal = p + strlen (EXCERPT_SEPARATOR);
    }

  add_html_part (b, literal, strlen (literal), line);
}

/* A code block's text (its last line end dropped), body lines. */
static void
add_code_literal (Builder    *b,
                  const char *literal,
                  const char *info,
                  guint       start_line,
                  guint       end_line)
{
  PostingsPreviewBlock *block;
  gsize len = literal != NULL ? strlen (literal) : 0;

  emit_pending_item (b);
  block = begin_block (b, POSTINGS_PREVIEW_BLOCK_CODE, start_line, end_line);
  if (info != NULL && *info != '\0')
    block->info = g_string_chunk_insert_const (b->model->strings, info);

  if (len > 0 && literal[len - 1] == '\n')
    len--;
  if (len > 0)
    add_run (b, literal, len, POSTINGS_PREVIEW_STYLE_CODE, NULL);
}

/* The kind of a paragraph: the first one of a list item shows its bullet. */
static PostingsPreviewBlockKind
paragraph_kind (Builder  *b,
                gboolean  in_item,
                gboolean  in_quote,
                guint    *number)
{
  *number = 0;
  if (b->item_pending && in_item)
    {
      *number = b->item_number;
      b->item_pending = FALSE;
      return b->item_kind;
    }

  return in_quote ? POSTINGS_PREVIEW_BLOCK_QUOTE : POSTINGS_PREVIEW_BLOCK_PARAGRAPH;
}

static PostingsPreviewBlock *
begin_text_block (Builder                  *b,
                  PostingsPreviewBlockKind  kind,
                  guint                     level,
                  guint                     number,
                  guint                     start_line,
                  guint                     end_line)
{
  PostingsPreviewBlock *block;

  emit_pending_item (b);

  block = begin_block (b, kind, start_line, end_line);
  block->level = level;
  block->number = number;

  b->in_inline_block = TRUE;
  b->trim_leading = FALSE;
  b->pending_style = POSTINGS_PREVIEW_STYLE_NONE;
  b->pending_url = NULL;

  return block;
}

static void
begin_inline_block (Builder    *b,
                    cmark_node *node)
{
  PostingsPreviewBlockKind kind;
  cmark_node *parent = cmark_node_parent (node);
  cmark_node_type parent_type = parent != NULL ? cmark_node_get_type (parent) : CMARK_NODE_NONE;
  guint number = 0;
  guint level = 0;
  guint start_line, end_line;
  PostingsPreviewBlock *block;

  if (cmark_node_get_type (node) == CMARK_NODE_HEADING)
    {
      kind = POSTINGS_PREVIEW_BLOCK_HEADING;
      level = CLAMP (cmark_node_get_heading_level (node), 1, 6);
    }
  else
    {
      kind = paragraph_kind (b, parent_type == CMARK_NODE_ITEM,
                             parent_type == CMARK_NODE_BLOCK_QUOTE, &number);
    }

  node_lines (b, node, &start_line, &end_line);
  block = begin_text_block (b, kind, level, number, start_line, end_line);
  if ((kind == POSTINGS_PREVIEW_BLOCK_BULLET_ITEM || kind == POSTINGS_PREVIEW_BLOCK_ORDERED_ITEM) &&
      cmark_node_parent (parent) != NULL)
    block->loose = !cmark_node_get_list_tight (cmark_node_parent (parent));
}

/* Text of the site dialect's inline chunks: without the chunk's leading
 * sentinel, with its hard-break placeholders as line breaks. */
#define CHUNK_SENTINEL     "\xc2\xa0"      /* U+00A0: keeps cmark from reading a block start */
#define CHUNK_HARD_BREAK   "\xee\x80\x80"  /* U+E000: where kramdown breaks the line */

static void
append_literal (Builder              *b,
                const char           *literal,
                PostingsPreviewStyle  extra)
{
  const char *p;

  if (literal == NULL)
    return;

  if (b->sentinel)
    {
      b->sentinel = FALSE;
      if (g_str_has_prefix (literal, CHUNK_SENTINEL))
        literal += strlen (CHUNK_SENTINEL);
    }

  if (!b->site)
    {
      append_text (b, literal, strlen (literal), extra);
      return;
    }

  while ((p = strstr (literal, CHUNK_HARD_BREAK)) != NULL)
    {
      append_text (b, literal, p - literal, extra);
      if (extra == POSTINGS_PREVIEW_STYLE_NONE && b->image == 0)
        append_text (b, "\n", 1, extra);
      else
        append_text (b, " ", 1, extra);
      literal = p + strlen (CHUNK_HARD_BREAK);
    }
  append_text (b, literal, strlen (literal), extra);
}

/* Whether the source line holding @line's columns [@from, @to) (1-based,
 * inclusive @from) has only blanks there. */
static gboolean
source_columns_blank (Builder *b,
                      int      line,
                      int      from,
                      int      to)
{
  gsize start, end;

  source_line_is_blank (b, 1);  /* builds line_starts */
  if (line < 1 || (guint) line > b->line_starts->len)
    return TRUE;
  start = g_array_index (b->line_starts, gsize, line - 1);
  end = (guint) line < b->line_starts->len ? g_array_index (b->line_starts, gsize, line)
                                           : b->source_len;
  for (gsize i = start + (gsize) MAX (from - 1, 0); i < end && (to < 0 || i < start + (gsize) (to - 1)); i++)
    if (!g_ascii_isspace (b->source[i]))
      return FALSE;

  return TRUE;
}

/* The file line of an inline node, and whether it starts or ends its
 * source line (only blanks before or after it). */
static guint
inline_source_line (Builder    *b,
                    cmark_node *node,
                    gboolean   *starts_line,
                    gboolean   *ends_line)
{
  int doc_line = cmark_node_get_start_line (node);
  int column = cmark_node_get_start_column (node);
  int end_column = cmark_node_get_end_column (node);
  guint lo = 0, hi;
  const ChunkLine *entry, *next;

  if (!b->site)
    {
      *starts_line = source_columns_blank (b, doc_line, 1, column);
      *ends_line = source_columns_blank (b, cmark_node_get_end_line (node), end_column + 1, -1);
      return file_line (b, doc_line);
    }

  /* The last chunk line starting at or before the node. */
  hi = b->chunk_lines->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const ChunkLine *m = &g_array_index (b->chunk_lines, ChunkLine, mid);

      if (m->doc_line < doc_line || (m->doc_line == doc_line && m->column <= column))
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    {
      *starts_line = *ends_line = FALSE;
      return b->line_offset + 1;
    }
  entry = &g_array_index (b->chunk_lines, ChunkLine, lo - 1);
  next = lo < b->chunk_lines->len ? &g_array_index (b->chunk_lines, ChunkLine, lo) : NULL;

  *starts_line = column == entry->column;
  /* Only the line joiner (a space, or the break placeholder) follows. */
  *ends_line = next == NULL || next->doc_line != doc_line ||
               next->column - (end_column + 1) <= (int) strlen (CHUNK_HARD_BREAK);
  return file_line (b, (int) entry->line);
}

/* The value of attribute @name in an HTML tag, or NULL. */
static char *
html_attribute (const char *tag,
                const char *name)
{
  gsize n = strlen (name);

  for (const char *p = tag + 1; *p != '\0'; p++)
    {
      const char *value;
      const char *end;
      char quote;

      if (!g_ascii_isspace (p[-1]) || g_ascii_strncasecmp (p, name, n) != 0 || p[n] != '=')
        continue;
      value = p + n + 1;
      quote = *value;
      if (quote == '"' || quote == '\'')
        {
          end = strchr (value + 1, quote);
          return end != NULL ? g_strndup (value + 1, end - value - 1) : NULL;
        }
      end = value;
      while (*end != '\0' && *end != '>' && !g_ascii_isspace (*end))
        end++;
      return g_strndup (value, end - value);
    }

  return NULL;
}

static gboolean
name_in (const char         *name,
         const char * const *names,
         gsize               n_names)
{
  for (gsize i = 0; i < n_names; i++)
    if (g_str_equal (name, names[i]))
      return TRUE;

  return FALSE;
}

/* Raw inline HTML as the site shows it: line breaks, bold and italics,
 * links and check boxes become what they stand for; comments and the tags
 * that only style text go away; anything else stays as text. */
static void
handle_html_inline (Builder    *b,
                    cmark_node *node)
{
  const char *literal = cmark_node_get_literal (node);
  static const char * const dropped[] = {
    "span", "u", "font", "small", "big", "sub", "sup", "mark", "abbr", "acronym", "cite",
    "q", "s", "del", "ins", "kbd", "samp", "var", "tt", "label", "wbr",
  };
  const char *p;
  gboolean closing;
  gsize n = 0;
  g_autofree char *name = NULL;

  if (literal == NULL)
    return;

  if (is_excerpt_separator (literal))
    {
      if (b->image == 0 && !b->in_table)
        {
          gboolean starts_line, ends_line;
          guint line = inline_source_line (b, node, &starts_line, &ends_line);

          split_inline_block (b, line, starts_line, ends_line);
        }
      return;
    }
  if (g_str_has_prefix (literal, "<!--"))
    return;

  p = literal + 1;
  closing = *p == '/';
  if (closing)
    p++;
  while (g_ascii_isalnum (p[n]))
    n++;
  name = g_ascii_strdown (p, n);

  if (g_str_equal (name, "br"))
    {
      if (b->image > 0)
        {
          append_text (b, " ", 1, 0);
        }
      else
        {
          while (b->pending->len > 0 && b->pending->str[b->pending->len - 1] == ' ')
            g_string_truncate (b->pending, b->pending->len - 1);
          append_text (b, "\n", 1, 0);
          b->trim_spaces = TRUE;
        }
    }
  else if (g_str_equal (name, "b") || g_str_equal (name, "strong"))
    {
      if (!closing)
        b->strong++;
      else if (b->strong > 0)
        b->strong--;
    }
  else if (g_str_equal (name, "i") || g_str_equal (name, "em"))
    {
      if (!closing)
        b->emphasis++;
      else if (b->emphasis > 0)
        b->emphasis--;
    }
  else if (g_str_equal (name, "a") && b->image == 0)
    {
      g_autofree char *href = closing ? NULL : html_attribute (literal, "href");

      if (closing && b->links->len > 0)
        g_ptr_array_set_size (b->links, b->links->len - 1);
      else if (href != NULL)
        g_ptr_array_add (b->links, g_string_chunk_insert_const (b->model->strings, href));
      else if (!closing)
        append_text (b, literal, strlen (literal), POSTINGS_PREVIEW_STYLE_HTML);
    }
  else if (g_str_equal (name, "input") && strstr (literal, "checkbox") != NULL)
    {
      /* GFM task lists: U+2611 BALLOT BOX WITH CHECK, U+2610 BALLOT BOX */
      const char *box = strstr (literal, "checked") != NULL ? "\xe2\x98\x91 " : "\xe2\x98\x90 ";

      append_text (b, box, strlen (box), 0);
    }
  else if (!name_in (name, dropped, G_N_ELEMENTS (dropped)))
    {
      append_text (b, literal, strlen (literal), POSTINGS_PREVIEW_STYLE_HTML);
    }
}

static void
handle_inline (Builder          *b,
               cmark_node       *node,
               cmark_event_type  event)
{
  gboolean enter = event == CMARK_EVENT_ENTER;

  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_TEXT:
      append_literal (b, cmark_node_get_literal (node), 0);
      break;

    case CMARK_NODE_SOFTBREAK:
      append_text (b, " ", 1, 0);
      break;

    case CMARK_NODE_LINEBREAK:
      /* In an image's alt text, as in cmark's own alt rendering, a space. */
      append_text (b, b->image > 0 ? " " : "\n", 1, 0);
      break;

    case CMARK_NODE_CODE:
      append_literal (b, cmark_node_get_literal (node), POSTINGS_PREVIEW_STYLE_CODE);
      break;

    case CMARK_NODE_HTML_INLINE:
      handle_html_inline (b, node);
      break;

    case CMARK_NODE_EMPH:
      if (enter)
        b->emphasis++;
      else if (b->emphasis > 0)
        b->emphasis--;
      break;

    case CMARK_NODE_STRONG:
      if (enter)
        b->strong++;
      else if (b->strong > 0)
        b->strong--;
      break;

    case CMARK_NODE_LINK:
      /* A link inside an image's alt text is only text. */
      if (b->image > 0)
        break;
      if (enter)
        g_ptr_array_add (b->links, (gpointer) cmark_node_get_url (node));
      else if (b->links->len > 0)
        g_ptr_array_set_size (b->links, b->links->len - 1);
      break;

    case CMARK_NODE_IMAGE:
      /* Every image is a run of its own, even with an empty alt text. */
      if (enter)
        {
          if (b->image++ == 0)
            {
              const char *url;

              if (b->trim_leading)
                b->trim_leading = FALSE;
              flush_pending (b, FALSE);
              b->pending_style = current_style (b, &url);
              b->pending_url = url;
              b->image_src = cmark_node_get_url (node);
            }
        }
      else if (b->image > 0 && --b->image == 0)
        {
          flush_pending (b, TRUE);
          set_image_src (b);
          b->pending_style = POSTINGS_PREVIEW_STYLE_NONE;
          b->pending_url = NULL;
        }
      break;

    case CMARK_NODE_CUSTOM_INLINE:
    default:
      break;
    }
}

/* The CommonMark dialect: cmark's own blocks ----------------------------- */

static void
handle_node (Builder          *b,
             cmark_node       *node,
             cmark_event_type  event)
{
  gboolean enter = event == CMARK_EVENT_ENTER;
  cmark_node_type type = cmark_node_get_type (node);

  if (b->in_inline_block && type >= CMARK_NODE_FIRST_INLINE && type <= CMARK_NODE_LAST_INLINE)
    {
      handle_inline (b, node, event);
      return;
    }

  switch (type)
    {
    case CMARK_NODE_LIST:
      if (enter)
        enter_list (b, cmark_node_get_list_type (node) == CMARK_ORDERED_LIST,
                    (guint) MAX (cmark_node_get_list_start (node), 0));
      else
        leave_list (b);
      break;

    case CMARK_NODE_ITEM:
      if (enter)
        enter_item (b, file_line (b, cmark_node_get_start_line (node)));
      else
        emit_pending_item (b);
      break;

    case CMARK_NODE_BLOCK_QUOTE:
      if (enter)
        enter_quote (b);
      else
        leave_quote (b);
      break;

    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_HEADING:
      if (enter)
        begin_inline_block (b, node);
      else
        end_inline_block (b);
      break;

    case CMARK_NODE_CODE_BLOCK:
      {
        guint start_line, end_line;

        node_lines (b, node, &start_line, &end_line);
        add_code_literal (b, cmark_node_get_literal (node), cmark_node_get_fence_info (node),
                          start_line, end_line);
      }
      break;

    case CMARK_NODE_HTML_BLOCK:
      add_html_literal (b, cmark_node_get_literal (node), cmark_node_get_start_line (node));
      break;

    case CMARK_NODE_THEMATIC_BREAK:
      emit_pending_item (b);
      {
        guint line = file_line (b, cmark_node_get_start_line (node));

        begin_block (b, POSTINGS_PREVIEW_BLOCK_THEMATIC_BREAK, line, line);
      }
      break;

    case CMARK_NODE_DOCUMENT:
    case CMARK_NODE_CUSTOM_BLOCK:
    default:
      break;
    }
}

/* Whether the inlines under @node can change its block's outline: a hard
 * break or a text holding a line end (from an entity such as `&#10;`) is
 * a break, and raw HTML may be a `<br>` or an excerpt mark that splits the
 * block. */
static gboolean
inlines_shape_outline (cmark_node *node)
{
  for (cmark_node *child = cmark_node_first_child (node); child != NULL; child = cmark_node_next (child))
    {
      const char *literal;

      switch (cmark_node_get_type (child))
        {
        case CMARK_NODE_LINEBREAK:
        case CMARK_NODE_HTML_INLINE:
          return TRUE;
        case CMARK_NODE_TEXT:
          literal = cmark_node_get_literal (child);
          if (literal != NULL && strchr (literal, '\n') != NULL)
            return TRUE;
          break;
        default:
          if (inlines_shape_outline (child))
            return TRUE;
          break;
        }
    }

  return FALSE;
}

static void
walk_commonmark (Builder    *b,
                 cmark_node *root)
{
  cmark_iter *iter;
  cmark_event_type event;

  iter = cmark_iter_new (root);
  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);

      /* A paragraph's runs only count for its breaks and splits (a
       * heading's also for whether it is empty). */
      if (b->outline && event == CMARK_EVENT_ENTER &&
          cmark_node_get_type (node) == CMARK_NODE_PARAGRAPH && !inlines_shape_outline (node))
        {
          begin_inline_block (b, node);
          end_inline_block (b);
          cmark_iter_reset (iter, node, CMARK_EVENT_EXIT);
          continue;
        }
      handle_node (b, node, event);
    }
  cmark_iter_free (iter);
}

static void
build_commonmark (Builder    *b,
                  const char *markdown,
                  gsize       len)
{
  cmark_node *root;

  root = postings_cmark_parse (markdown, len, CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8);
  walk_commonmark (b, root);
  postings_cmark_free (root);
}

/* The site dialect: kramdown's blocks, cmark's inlines ---------------------
 *
 * The text of every paragraph, heading, term and table cell goes to cmark
 * in one document, as one paragraph each: the text on a single line (soft
 * line ends are spaces, kramdown's hard breaks a placeholder) after a
 * no-break space, so that cmark reads no block there; the reference link
 * definitions kramdown found follow. cmark's paragraphs then come back in
 * the same order as the text blocks. */

static gboolean
has_inline_text (const PostingsKramdownNode *node)
{
  return node->kind == POSTINGS_KRAMDOWN_PARAGRAPH ||
         node->kind == POSTINGS_KRAMDOWN_HEADER ||
         node->kind == POSTINGS_KRAMDOWN_DT ||
         node->kind == POSTINGS_KRAMDOWN_TABLE_CELL;
}

/* One text block as line @doc_line of cmark input; its text starts on body
 * line @line. */
static void
append_chunk (GString    *doc,
              const char *text,
              int         doc_line,
              guint       line,
              GArray     *chunk_lines)
{
  const char *p = text != NULL ? text : "";
  gsize line_start;

  g_string_append (doc, "\n" CHUNK_SENTINEL);
  line_start = doc->len - strlen (CHUNK_SENTINEL);
  for (;;)
    {
      ChunkLine entry = { doc_line, (int) (doc->len - line_start) + 1, line++ };

      const char *nl = strchr (p, '\n');
      gsize len = nl != NULL ? (gsize) (nl - p) : strlen (p);
      gboolean hard = FALSE;

      while (len > 0 && (*p == ' ' || *p == '\t'))
        p++, len--;

      if (nl != NULL)
        {
          /* kramdown's line breaks: two spaces or two backslashes, and the
           * GFM parser's backslash, before the line end. */
          if (len >= 2 && p[len - 1] == '\\' && p[len - 2] == '\\')
            len -= 2, hard = TRUE;
          else if (len >= 2 && p[len - 1] == ' ' && p[len - 2] == ' ')
            hard = TRUE;
          else if (len >= 1 && p[len - 1] == '\\')
            len -= 1, hard = TRUE;
          while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        }

      g_array_append_val (chunk_lines, entry);
      g_string_append_len (doc, p, len);
      if (nl == NULL)
        break;
      /* The GFM parser drops a backslash break that ends the text. */
      if (hard && nl[1] == '\0' && p[len] == '\\')
        hard = FALSE;
      g_string_append (doc, hard ? CHUNK_HARD_BREAK : " ");
      p = nl + 1;
    }
  g_string_append (doc, "\n");
}

/* Whether cmark's reading of a text block can change its block's
 * outline: hard breaks (the placeholders append_chunk() writes for two
 * spaces or a backslash before a line end), raw HTML (`<br>`, an excerpt
 * mark), entities (`&#10;`) and the placeholder's own character written
 * in the text are the only ways its runs get a line end or the block a
 * split. May say TRUE when it cannot. */
static gboolean
text_shapes_outline (const char *text)
{
  if (text == NULL)
    return FALSE;
  if (strpbrk (text, "<&") != NULL || strstr (text, CHUNK_HARD_BREAK) != NULL)
    return TRUE;
  for (const char *nl = strchr (text, '\n'); nl != NULL; nl = strchr (nl + 1, '\n'))
    if ((nl - text >= 1 && nl[-1] == '\\') ||
        (nl - text >= 2 && nl[-1] == ' ' && nl[-2] == ' '))
      return TRUE;

  return FALSE;
}

static void
collect_chunks (Builder                    *b,
                const PostingsKramdownNode *node,
                GString                    *doc,
                guint                      *n_chunks)
{
  for (const PostingsKramdownNode *child = node->first_child; child != NULL; child = child->next)
    {
      if (has_inline_text (child))
        {
          gboolean parsed = !b->outline || text_shapes_outline (child->text);

          /* Chunk n is on cmark's line 2n + 2 (after a blank one). */
          if (parsed)
            append_chunk (doc, child->text, (int) (2 * (*n_chunks)++ + 2), child->start_line,
                          b->chunk_lines);
          g_array_append_val (b->chunk_parsed, parsed);
        }
      collect_chunks (b, child, doc, n_chunks);
    }
}

/* A link definition in cmark's syntax. */
static void
append_link_definition (GString                    *doc,
                        const PostingsKramdownLink *link)
{
  g_string_append (doc, "\n[");
  for (const char *c = link->id; *c != '\0'; c++)
    {
      if (*c == '[' || *c == ']' || *c == '\\')
        g_string_append_c (doc, '\\');
      g_string_append_c (doc, *c);
    }
  g_string_append (doc, "]: <");
  for (const char *c = link->url; *c != '\0'; c++)
    {
      if (*c == '<' || *c == '>' || *c == '\\')
        g_string_append_c (doc, '\\');
      g_string_append_c (doc, *c);
    }
  g_string_append_c (doc, '>');
  if (link->title != NULL)
    {
      g_string_append (doc, " \"");
      for (const char *c = link->title; *c != '\0'; c++)
        {
          if (*c == '"' || *c == '\\')
            g_string_append_c (doc, '\\');
          g_string_append_c (doc, *c);
        }
      g_string_append_c (doc, '"');
    }
  g_string_append_c (doc, '\n');
}

static void
add_inlines (Builder    *b,
             cmark_node *paragraph)
{
  cmark_iter *iter;
  cmark_event_type event;

  if (paragraph == NULL)
    return;

  b->sentinel = TRUE;
  iter = cmark_iter_new (paragraph);
  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);

      if (node != paragraph)
        handle_inline (b, node, event);
    }
  cmark_iter_free (iter);
  b->sentinel = FALSE;
}

/* The next text block's inlines, in document order. */
static cmark_node *
next_chunk (Builder *b)
{
  cmark_node *paragraph = b->chunk;

  if (!g_array_index (b->chunk_parsed, gboolean, b->n_chunks_read++))
    return NULL;
  if (paragraph != NULL)
    b->chunk = cmark_node_next (paragraph);

  return paragraph;
}

static void
add_text_node (Builder                    *b,
               const PostingsKramdownNode *node,
               PostingsPreviewBlockKind    kind,
               guint                       level,
               guint                       number)
{
  PostingsPreviewBlock *block =
    begin_text_block (b, kind, level, number,
                      file_line (b, (int) node->start_line), file_line (b, (int) node->end_line));

  /* An item's text in a <p> (not kramdown's "transparent" one). */
  block->loose = (kind == POSTINGS_PREVIEW_BLOCK_BULLET_ITEM || kind == POSTINGS_PREVIEW_BLOCK_ORDERED_ITEM) &&
                 !node->transparent;
  add_inlines (b, next_chunk (b));
  end_inline_block (b);
}

static void
add_table (Builder                    *b,
           const PostingsKramdownNode *node)
{
  PostingsPreviewTable *table = g_new0 (PostingsPreviewTable, 1);
  PostingsPreviewAlign *alignments;
  guint *cell_starts;
  guint n_rows = node->n_children;
  guint n_columns = node->alignments != NULL ? (guint) strlen (node->alignments) : 0;
  guint cell = 0;

  emit_pending_item (b);
  begin_text_block (b, POSTINGS_PREVIEW_BLOCK_TABLE, 0, 0,
                    file_line (b, (int) node->start_line), file_line (b, (int) node->end_line));

  alignments = g_new0 (PostingsPreviewAlign, MAX (n_columns, 1));
  for (guint i = 0; i < n_columns; i++)
    alignments[i] = node->alignments[i] == 'l' ? POSTINGS_PREVIEW_ALIGN_LEFT :
                    node->alignments[i] == 'c' ? POSTINGS_PREVIEW_ALIGN_CENTER :
                    node->alignments[i] == 'r' ? POSTINGS_PREVIEW_ALIGN_RIGHT :
                                                 POSTINGS_PREVIEW_ALIGN_DEFAULT;
  cell_starts = g_new0 (guint, n_rows * n_columns + 1);

  b->in_table = TRUE;
  for (const PostingsKramdownNode *row = node->first_child; row != NULL; row = row->next)
    {
      for (guint c = 0; c < n_columns; c++)
        {
          /* A cell is its own inline context. */
          flush_pending (b, FALSE);
          b->emphasis = b->strong = b->image = 0;
          g_ptr_array_set_size (b->links, 0);
          b->pending_style = POSTINGS_PREVIEW_STYLE_NONE;
          b->pending_url = NULL;
          cell_starts[cell++] = current_block_n_runs (b);
          if (c < row->n_children)
            add_inlines (b, next_chunk (b));
        }
    }
  flush_pending (b, FALSE);
  cell_starts[cell] = current_block_n_runs (b);
  b->in_table = FALSE;

  table->n_columns = n_columns;
  table->n_rows = n_rows;
  table->n_header_rows = MIN (node->n_header_rows, n_rows);
  table->alignments = alignments;
  table->cell_starts = cell_starts;
  g_ptr_array_add (b->model->tables, table);
  current_block (b)->table = table;

  end_inline_block (b);
}

static void
walk_kramdown (Builder                    *b,
               const PostingsKramdownNode *parent)
{
  for (const PostingsKramdownNode *node = parent->first_child; node != NULL; node = node->next)
    {
      guint number;

      switch (node->kind)
        {
        case POSTINGS_KRAMDOWN_PARAGRAPH:
          {
            PostingsPreviewBlockKind kind =
              paragraph_kind (b, parent->kind == POSTINGS_KRAMDOWN_LI,
                              parent->kind == POSTINGS_KRAMDOWN_BLOCKQUOTE, &number);

            add_text_node (b, node, kind, 0, number);
          }
          break;

        case POSTINGS_KRAMDOWN_HEADER:
          add_text_node (b, node, POSTINGS_PREVIEW_BLOCK_HEADING, CLAMP (node->level, 1, 6), 0);
          break;

        case POSTINGS_KRAMDOWN_DT:
          add_text_node (b, node, POSTINGS_PREVIEW_BLOCK_PARAGRAPH, 0, 0);
          break;

        case POSTINGS_KRAMDOWN_UL:
        case POSTINGS_KRAMDOWN_OL:
          /* kramdown numbers every list from 1. */
          enter_list (b, node->kind == POSTINGS_KRAMDOWN_OL, 1);
          walk_kramdown (b, node);
          leave_list (b);
          break;

        case POSTINGS_KRAMDOWN_LI:
          enter_item (b, file_line (b, (int) node->start_line));
          walk_kramdown (b, node);
          emit_pending_item (b);
          break;

        case POSTINGS_KRAMDOWN_DL:
          walk_kramdown (b, node);
          break;

        case POSTINGS_KRAMDOWN_DD:
          /* A definition: indented like a list item, without a bullet. */
          emit_pending_item (b);
          b->depth++;
          b->list_depth++;
          walk_kramdown (b, node);
          b->depth--;
          b->list_depth--;
          break;

        case POSTINGS_KRAMDOWN_BLOCKQUOTE:
          enter_quote (b);
          walk_kramdown (b, node);
          leave_quote (b);
          break;

        case POSTINGS_KRAMDOWN_CODEBLOCK:
        case POSTINGS_KRAMDOWN_MATH:
          add_code_literal (b, node->text, node->info,
                            file_line (b, (int) node->start_line), file_line (b, (int) node->end_line));
          break;

        case POSTINGS_KRAMDOWN_HR:
          emit_pending_item (b);
          {
            guint line = file_line (b, (int) node->start_line);

            begin_block (b, POSTINGS_PREVIEW_BLOCK_THEMATIC_BREAK, line, line);
          }
          break;

        case POSTINGS_KRAMDOWN_HTML:
        case POSTINGS_KRAMDOWN_COMMENT:
          add_html_literal (b, node->text, (int) node->start_line);
          break;

        case POSTINGS_KRAMDOWN_TABLE:
          add_table (b, node);
          break;

        case POSTINGS_KRAMDOWN_ROOT:
        case POSTINGS_KRAMDOWN_BLANK:
        case POSTINGS_KRAMDOWN_EOB:
        case POSTINGS_KRAMDOWN_TABLE_ROW:
        case POSTINGS_KRAMDOWN_TABLE_CELL:
        default:
          break;
        }
    }
}

static void
build_site (Builder    *b,
            const char *markdown,
            gsize       len,
            gboolean    valid_utf8)
{
  g_autoptr(PostingsKramdownDocument) document = valid_utf8
    ? postings_kramdown_parse_valid (markdown, len)
    : postings_kramdown_parse (markdown, len);
  g_autoptr(GString) doc = g_string_sized_new (len + 64);
  guint n_chunks = 0;
  cmark_node *root;

  b->chunk_lines = g_array_new (FALSE, FALSE, sizeof (ChunkLine));
  b->chunk_parsed = g_array_new (FALSE, FALSE, sizeof (gboolean));
  collect_chunks (b, document->root, doc, &n_chunks);
  for (guint i = 0; i < document->links->len; i++)
    append_link_definition (doc, g_ptr_array_index (document->links, i));

  /* The text comes from the parser, valid UTF-8 already. */
  root = n_chunks > 0 ? postings_cmark_parse (doc->str, doc->len, CMARK_OPT_SMART) : NULL;
  b->chunk = root != NULL ? cmark_node_first_child (root) : NULL;
  walk_kramdown (b, document->root);
  emit_pending_item (b);
  b->chunk = NULL;
  if (root != NULL)
    postings_cmark_free (root);
  g_clear_pointer (&b->chunk_lines, g_array_unref);
  g_clear_pointer (&b->chunk_parsed, g_array_unref);
}

/* The model of @markdown, read in @dialect; in CommonMark from @tree when
 * it is not NULL (cmark's tree of @markdown). With @outline, a paragraph
 * or text block gets its runs only when they can change its outline.
 * @valid_utf8: @markdown is known to be valid UTF-8 without NUL bytes. */
static PostingsPreviewModel *
model_new (const char             *markdown,
           gsize                   len,
           guint                   first_line,
           PostingsPreviewDialect  dialect,
           cmark_node             *tree,
           gboolean                outline,
           gboolean                valid_utf8)
{
  PostingsPreviewModel *self;
  Builder b = { 0, };
  guint reserve;

  self = g_new0 (PostingsPreviewModel, 1);
  /* Sized for the usual posting (a block per 50 bytes or so, fewer runs),
   * so that they rarely grow. */
  reserve = (guint) MIN (len / 48 + 8, 1024);
  self->blocks = g_array_sized_new (FALSE, FALSE, sizeof (PostingsPreviewBlock), reserve);
  self->runs = g_array_sized_new (FALSE, FALSE, sizeof (PostingsPreviewRun), reserve);
  self->strings = g_string_chunk_new (MAX (len, 256));
  self->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) table_free);
  self->first_line = MAX (first_line, 1);

  b.model = self;
  b.run_starts = g_array_sized_new (FALSE, FALSE, sizeof (guint), reserve);
  b.line_offset = self->first_line - 1;
  b.source = markdown;
  b.source_len = len;
  b.lists = g_array_new (FALSE, FALSE, sizeof (ListFrame));
  b.links = g_ptr_array_new ();
  b.pending = g_string_new (NULL);
  b.site = dialect == POSTINGS_PREVIEW_DIALECT_SITE;
  b.outline = outline;

  if (b.site)
    build_site (&b, markdown != NULL ? markdown : "", len, valid_utf8);
  else if (tree != NULL)
    walk_commonmark (&b, tree);
  else
    build_commonmark (&b, markdown, len);

  /* The run array no longer moves: point each block at its runs. */
  for (guint i = 0; i < self->blocks->len; i++)
    {
      PostingsPreviewBlock *block = &g_array_index (self->blocks, PostingsPreviewBlock, i);
      guint start = g_array_index (b.run_starts, guint, i);
      guint end = i + 1 < b.run_starts->len ? g_array_index (b.run_starts, guint, i + 1)
                                             : self->runs->len;

      block->n_runs = end - start;
      block->runs = block->n_runs > 0 ? &g_array_index (self->runs, PostingsPreviewRun, start)
                                      : NULL;
    }

  g_array_free (b.run_starts, TRUE);
  g_clear_pointer (&b.line_starts, g_array_unref);
  g_array_free (b.lists, TRUE);
  g_ptr_array_free (b.links, TRUE);
  g_string_free (b.pending, TRUE);

  return self;
}

/**
 * postings_preview_model_new_with_dialect:
 * @markdown: the Markdown body (need not be nul-terminated)
 * @len: its length in bytes
 * @first_line: the 1-based line of the file where @markdown starts (see
 *   postings_document_get_body_line()); 0 counts as 1
 * @dialect: read @markdown as the site does (kramdown's blocks, what the
 *   preview shows) or as plain CommonMark (cmark alone)
 *
 * Builds the preview model; the inline text is parsed with cmark (smart
 * punctuation, as kramdown does on the site; invalid UTF-8 replaced).
 *
 * Returns: (transfer full): a new model, never %NULL
 */
PostingsPreviewModel *
postings_preview_model_new_with_dialect (const char             *markdown,
                                         gsize                   len,
                                         guint                   first_line,
                                         PostingsPreviewDialect  dialect)
{
  g_return_val_if_fail (markdown != NULL || len == 0, NULL);

  return model_new (markdown, len, first_line, dialect, NULL, FALSE, FALSE);
}

/**
 * postings_preview_model_new_from_cmark:
 * @tree: cmark's document node for @markdown, parsed with any options
 * @markdown: the Markdown body @tree was parsed from
 * @len: its length in bytes
 * @first_line: as for postings_preview_model_new_with_dialect()
 *
 * The CommonMark model from a tree already parsed, for callers that need
 * the tree too: one parse instead of two. The blocks are those of
 * postings_preview_model_new_with_dialect(); the text is cmark's as parsed
 * (without %CMARK_OPT_SMART, quotes stay straight). @tree is not changed.
 *
 * Returns: (transfer full): a new model, never %NULL
 */
PostingsPreviewModel *
postings_preview_model_new_from_cmark (struct cmark_node *tree,
                                       const char        *markdown,
                                       gsize              len,
                                       guint              first_line)
{
  g_return_val_if_fail (tree != NULL, NULL);
  g_return_val_if_fail (markdown != NULL || len == 0, NULL);

  return model_new (markdown, len, first_line, POSTINGS_PREVIEW_DIALECT_COMMONMARK, tree, FALSE, FALSE);
}

/**
 * postings_preview_model_new_outline:
 * @markdown: the Markdown body (need not be nul-terminated)
 * @len: its length in bytes
 * @first_line: as for postings_preview_model_new_with_dialect()
 * @dialect: as for postings_preview_model_new_with_dialect()
 * @tree: (nullable): for %POSTINGS_PREVIEW_DIALECT_COMMONMARK, cmark's tree
 *   of @markdown as for postings_preview_model_new_from_cmark(), or %NULL
 * @valid_utf8: %TRUE when the caller knows @markdown is valid UTF-8
 *   without NUL bytes (it is then not checked again)
 *
 * A model for comparing the structure of two readings, built with less
 * work: its blocks are those of the full model, with the same kinds,
 * numbers, depths, lines, tables and outlines
 * (postings_preview_block_outline_equal()), and in CommonMark a heading
 * has runs exactly when it has them there (whether it is empty); but a
 * paragraph's runs, or any site text block's, are left out when they
 * cannot change its outline.
 *
 * Returns: (transfer full): a new model, never %NULL
 */
PostingsPreviewModel *
postings_preview_model_new_outline (const char             *markdown,
                                    gsize                   len,
                                    guint                   first_line,
                                    PostingsPreviewDialect  dialect,
                                    struct cmark_node      *tree,
                                    gboolean                valid_utf8)
{
  g_return_val_if_fail (markdown != NULL || len == 0, NULL);

  return model_new (markdown, len, first_line, dialect,
                    dialect == POSTINGS_PREVIEW_DIALECT_COMMONMARK ? tree : NULL, TRUE, valid_utf8);
}

/**
 * postings_preview_model_new_from_markdown:
 * @markdown: the Markdown body (need not be nul-terminated)
 * @len: its length in bytes
 * @first_line: the 1-based line of the file where @markdown starts
 *
 * The preview model of @markdown as the site renders it.
 *
 * Returns: (transfer full): a new model, never %NULL
 */
PostingsPreviewModel *
postings_preview_model_new_from_markdown (const char *markdown,
                                          gsize       len,
                                          guint       first_line)
{
  return postings_preview_model_new_with_dialect (markdown, len, first_line,
                                                  POSTINGS_PREVIEW_DIALECT_SITE);
}

/**
 * postings_preview_model_new_from_document:
 * @document: a document
 *
 * The preview model of @document's body, with lines counted in the file.
 *
 * Returns: (transfer full): a new model
 */
PostingsPreviewModel *
postings_preview_model_new_from_document (PostingsDocument *document)
{
  PostingsSpan span;
  const char *text;
  gsize len = 0;

  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (document), NULL);

  text = postings_document_get_text (document, &len);
  span = postings_document_get_body_span (document);
  if (text == NULL || span.start > span.end || span.end > len)
    return postings_preview_model_new_from_markdown ("", 0, 1);

  return postings_preview_model_new_from_markdown (text + span.start,
                                                   span.end - span.start,
                                                   postings_document_get_body_line (document));
}

void
postings_preview_model_free (PostingsPreviewModel *self)
{
  if (self == NULL)
    return;

  g_array_free (self->blocks, TRUE);
  g_array_free (self->runs, TRUE);
  g_string_chunk_free (self->strings);
  g_ptr_array_unref (self->tables);
  g_free (self);
}

/* Reading ---------------------------------------------------------------- */

guint
postings_preview_model_get_n_blocks (const PostingsPreviewModel *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->blocks->len;
}

const PostingsPreviewBlock *
postings_preview_model_get_block (const PostingsPreviewModel *self,
                                  guint                       index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->blocks->len, NULL);

  return &g_array_index (self->blocks, PostingsPreviewBlock, index);
}

guint
postings_preview_model_get_first_line (const PostingsPreviewModel *self)
{
  g_return_val_if_fail (self != NULL, 1);

  return self->first_line;
}

gint
postings_preview_model_find_block_at_line (const PostingsPreviewModel *self,
                                           guint                       line)
{
  guint lo = 0;
  guint hi;

  g_return_val_if_fail (self != NULL, -1);

  if (self->blocks->len == 0)
    return -1;

  /* Blocks are in source order: find the last one starting at or before
   * @line. Prefer the block whose range really holds the line. */
  hi = self->blocks->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->blocks, PostingsPreviewBlock, mid).start_line <= line)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo == 0)
    return 0;

  return (gint) lo - 1;
}

guint
postings_preview_block_get_n_runs (const PostingsPreviewBlock *block)
{
  g_return_val_if_fail (block != NULL, 0);

  return block->n_runs;
}

const PostingsPreviewRun *
postings_preview_block_get_run (const PostingsPreviewBlock *block,
                                guint                       index)
{
  g_return_val_if_fail (block != NULL, NULL);
  g_return_val_if_fail (index < block->n_runs, NULL);

  return &block->runs[index];
}

char *
postings_preview_block_dup_text (const PostingsPreviewBlock *block)
{
  GString *str;

  g_return_val_if_fail (block != NULL, NULL);

  str = g_string_new (NULL);
  for (guint i = 0; i < block->n_runs; i++)
    g_string_append (str, block->runs[i].text);

  return g_string_free (str, FALSE);
}

gboolean
postings_preview_block_equal (const PostingsPreviewBlock *a,
                              const PostingsPreviewBlock *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  if (a->kind != b->kind ||
      a->level != b->level ||
      a->number != b->number ||
      a->loose != b->loose ||
      a->depth != b->depth ||
      a->list_depth != b->list_depth ||
      a->quote_depth != b->quote_depth ||
      a->n_runs != b->n_runs ||
      g_strcmp0 (a->info, b->info) != 0 ||
      (a->table == NULL) != (b->table == NULL))
    return FALSE;

  if (a->table != NULL)
    {
      const PostingsPreviewTable *ta = a->table;
      const PostingsPreviewTable *tb = b->table;

      if (ta->n_columns != tb->n_columns || ta->n_rows != tb->n_rows ||
          ta->n_header_rows != tb->n_header_rows ||
          memcmp (ta->alignments, tb->alignments, ta->n_columns * sizeof (PostingsPreviewAlign)) != 0 ||
          memcmp (ta->cell_starts, tb->cell_starts, (ta->n_rows * ta->n_columns + 1) * sizeof (guint)) != 0)
        return FALSE;
    }

  for (guint i = 0; i < a->n_runs; i++)
    {
      const PostingsPreviewRun *ra = &a->runs[i];
      const PostingsPreviewRun *rb = &b->runs[i];

      if (ra->style != rb->style ||
          strcmp (ra->text, rb->text) != 0 ||
          g_strcmp0 (ra->url, rb->url) != 0 ||
          g_strcmp0 (ra->src, rb->src) != 0)
        return FALSE;
    }

  return TRUE;
}

gboolean
postings_preview_model_diff (const PostingsPreviewModel *old,
                             const PostingsPreviewModel *new_model,
                             PostingsPreviewChange      *change)
{
  guint n_old, n_new, prefix = 0, suffix = 0;

  g_return_val_if_fail (new_model != NULL, FALSE);
  g_return_val_if_fail (change != NULL, FALSE);

  n_old = old != NULL ? old->blocks->len : 0;
  n_new = new_model->blocks->len;

  while (prefix < n_old && prefix < n_new &&
         postings_preview_block_equal (postings_preview_model_get_block (old, prefix),
                                       postings_preview_model_get_block (new_model, prefix)))
    prefix++;

  while (suffix < n_old - prefix && suffix < n_new - prefix &&
         postings_preview_block_equal (postings_preview_model_get_block (old, n_old - 1 - suffix),
                                       postings_preview_model_get_block (new_model, n_new - 1 - suffix)))
    suffix++;

  if (prefix == n_old && prefix == n_new)
    {
      change->first = change->old_end = change->new_end = 0;
      return FALSE;
    }

  change->first = prefix;
  change->old_end = n_old - suffix;
  change->new_end = n_new - suffix;

  return TRUE;
}

const char *
postings_preview_block_kind_to_string (PostingsPreviewBlockKind kind)
{
  switch (kind)
    {
    case POSTINGS_PREVIEW_BLOCK_PARAGRAPH: return "paragraph";
    case POSTINGS_PREVIEW_BLOCK_HEADING: return "heading";
    case POSTINGS_PREVIEW_BLOCK_QUOTE: return "quote";
    case POSTINGS_PREVIEW_BLOCK_BULLET_ITEM: return "bullet-item";
    case POSTINGS_PREVIEW_BLOCK_ORDERED_ITEM: return "ordered-item";
    case POSTINGS_PREVIEW_BLOCK_CODE: return "code";
    case POSTINGS_PREVIEW_BLOCK_THEMATIC_BREAK: return "thematic-break";
    case POSTINGS_PREVIEW_BLOCK_HTML: return "html";
    case POSTINGS_PREVIEW_BLOCK_EXCERPT_MARK: return "excerpt-mark";
    case POSTINGS_PREVIEW_BLOCK_TABLE: return "table";
    default: return "unknown";
    }
}

/* What postings_preview_block_dup_outline() shows, compared field by
 * field: checking whether two readings agree builds no strings. */
static PostingsPreviewBlockKind
outline_kind (const PostingsPreviewBlock *block)
{
  return block->kind == POSTINGS_PREVIEW_BLOCK_QUOTE ? POSTINGS_PREVIEW_BLOCK_PARAGRAPH : block->kind;
}

static guint
outline_breaks (const PostingsPreviewBlock *block)
{
  guint breaks = 0;

  if (block->kind == POSTINGS_PREVIEW_BLOCK_CODE || block->kind == POSTINGS_PREVIEW_BLOCK_HTML ||
      block->kind == POSTINGS_PREVIEW_BLOCK_TABLE)
    return 0;
  for (guint i = 0; i < block->n_runs; i++)
    if ((block->runs[i].style & (POSTINGS_PREVIEW_STYLE_CODE | POSTINGS_PREVIEW_STYLE_HTML)) == 0)
      for (const char *p = block->runs[i].text; (p = strchr (p, '\n')) != NULL; p++)
        breaks++;

  return breaks;
}

/**
 * postings_preview_block_outline_equal:
 * @a: a block
 * @b: another block
 *
 * Whether postings_preview_block_dup_outline() is the same for both,
 * without building it.
 */
gboolean
postings_preview_block_outline_equal (const PostingsPreviewBlock *a,
                                      const PostingsPreviewBlock *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (outline_kind (a) != outline_kind (b) || a->loose != b->loose ||
      a->list_depth != b->list_depth || a->quote_depth != b->quote_depth)
    return FALSE;

  switch (a->kind)
    {
    case POSTINGS_PREVIEW_BLOCK_HEADING:
      if (a->level != b->level)
        return FALSE;
      break;
    case POSTINGS_PREVIEW_BLOCK_ORDERED_ITEM:
      if (a->number != b->number)
        return FALSE;
      break;
    case POSTINGS_PREVIEW_BLOCK_TABLE:
      if (a->table->n_columns != b->table->n_columns ||
          a->table->n_rows - a->table->n_header_rows != b->table->n_rows - b->table->n_header_rows)
        return FALSE;
      for (guint i = 0; i < a->table->n_columns; i++)
        if (a->table->alignments[i] != b->table->alignments[i])
          return FALSE;
      break;
    default:
      break;
    }

  return outline_breaks (a) == outline_breaks (b);
}

char *
postings_preview_block_dup_outline (const PostingsPreviewBlock *block)
{
  GString *str;
  guint breaks;

  g_return_val_if_fail (block != NULL, NULL);

  str = g_string_new (NULL);
  switch (block->kind)
    {
    case POSTINGS_PREVIEW_BLOCK_PARAGRAPH:
    case POSTINGS_PREVIEW_BLOCK_QUOTE:
      g_string_append (str, "p");
      break;
    case POSTINGS_PREVIEW_BLOCK_HEADING:
      g_string_append_printf (str, "h%u", block->level);
      break;
    case POSTINGS_PREVIEW_BLOCK_BULLET_ITEM:
      g_string_append (str, "ul-item");
      break;
    case POSTINGS_PREVIEW_BLOCK_ORDERED_ITEM:
      g_string_append_printf (str, "ol-item#%u", block->number);
      break;
    case POSTINGS_PREVIEW_BLOCK_CODE:
      g_string_append (str, "code");
      break;
    case POSTINGS_PREVIEW_BLOCK_THEMATIC_BREAK:
      g_string_append (str, "hr");
      break;
    case POSTINGS_PREVIEW_BLOCK_HTML:
      g_string_append (str, "html");
      break;
    case POSTINGS_PREVIEW_BLOCK_EXCERPT_MARK:
      g_string_append (str, "more");
      break;
    case POSTINGS_PREVIEW_BLOCK_TABLE:
      {
        static const char align_names[] = "-lcr";
        const PostingsPreviewTable *table = block->table;

        g_string_append_printf (str, "table %ux%u ", table->n_columns,
                                table->n_rows - table->n_header_rows);
        for (guint i = 0; i < table->n_columns; i++)
          g_string_append_c (str, align_names[table->alignments[i]]);
      }
      break;
    default:
      g_string_append (str, postings_preview_block_kind_to_string (block->kind));
      break;
    }

  if (block->loose)
    g_string_append (str, " loose");

  breaks = outline_breaks (block);
  if (breaks > 0)
    g_string_append_printf (str, " br=%u", breaks);
  if (block->list_depth > 0)
    g_string_append_printf (str, " L%u", block->list_depth);
  if (block->quote_depth > 0)
    g_string_append_printf (str, " Q%u", block->quote_depth);

  return g_string_free (str, FALSE);
}

/* C-like escapes for quotes, backslashes and control characters; UTF-8
 * text is kept as is. */
static void
append_escaped (GString    *str,
                const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (str, "\\\""); break;
        case '\\': g_string_append (str, "\\\\"); break;
        case '\n': g_string_append (str, "\\n"); break;
        case '\t': g_string_append (str, "\\t"); break;
        default:
          if ((guchar) *p < 0x20 || *p == 0x7f)
            g_string_append_printf (str, "\\x%02x", (guchar) *p);
          else
            g_string_append_c (str, *p);
        }
    }
}

char *
postings_preview_model_to_string (const PostingsPreviewModel *self)
{
  static const struct { PostingsPreviewStyle style; const char *name; } styles[] = {
    { POSTINGS_PREVIEW_STYLE_EMPHASIS, "em" },
    { POSTINGS_PREVIEW_STYLE_STRONG, "strong" },
    { POSTINGS_PREVIEW_STYLE_CODE, "code" },
    { POSTINGS_PREVIEW_STYLE_LINK, "link" },
    { POSTINGS_PREVIEW_STYLE_IMAGE, "image" },
    { POSTINGS_PREVIEW_STYLE_HTML, "html" },
  };
  GString *str;

  g_return_val_if_fail (self != NULL, NULL);

  str = g_string_new (NULL);
  for (guint i = 0; i < self->blocks->len; i++)
    {
      const PostingsPreviewBlock *block = postings_preview_model_get_block (self, i);

      g_string_append (str, postings_preview_block_kind_to_string (block->kind));
      if (block->level > 0)
        g_string_append_printf (str, " level=%u", block->level);
      if (block->kind == POSTINGS_PREVIEW_BLOCK_ORDERED_ITEM)
        g_string_append_printf (str, " number=%u", block->number);
      if (block->loose)
        g_string_append (str, " loose");
      if (block->depth > 0)
        g_string_append_printf (str, " depth=%u", block->depth);
      if (block->quote_depth > 0)
        g_string_append_printf (str, " quote=%u", block->quote_depth);
      if (block->info != NULL)
        {
          g_string_append (str, " info=\"");
          append_escaped (str, block->info);
          g_string_append_c (str, '"');
        }
      g_string_append_printf (str, " lines=%u-%u\n", block->start_line, block->end_line);

      for (guint j = 0; j < block->n_runs; j++)
        {
          const PostingsPreviewRun *run = &block->runs[j];
          gboolean first = TRUE;

          g_string_append (str, "  ");
          for (guint k = 0; k < G_N_ELEMENTS (styles); k++)
            if (run->style & styles[k].style)
              {
                g_string_append_printf (str, "%s%s", first ? "" : "+", styles[k].name);
                first = FALSE;
              }
          if (first)
            g_string_append (str, "text");
          g_string_append (str, " \"");
          append_escaped (str, run->text);
          g_string_append_c (str, '"');
          if (run->url != NULL)
            g_string_append_printf (str, " -> %s", run->url);
          g_string_append_c (str, '\n');
        }
    }

  return g_string_free (str, FALSE);
}

/* Page header -------------------------------------------------------------
 *
 * NOTE: the French strings below are what the published site prints
 * (beta.gouv.fr's `_includes/job-content.html`). They are site output, not
 * user-interface text: do not translate them and do not mark them with _().
 */
#define SITE_OPEN_ON          "Poste ouvert le %s"
#define SITE_OPEN             "Poste ouvert"
#define SITE_FILLED_SINCE     "Ce poste a été pourvu depuis son ouverture le %s"
#define SITE_FILLED           "Ce poste a été pourvu"
#define SITE_FRIEND           "Une offre à pourvoir chez nos camarades"
#define SITE_FRIEND_LINK      "Voir l'offre sur le site de %s"
#define SITE_JUNIOR           "Bienvenue aux juniors sur ce poste ! L'équipe assurera votre formation."
#define SITE_TECHNO           "Choix technologiques :"

static gboolean
parse_uint (const char **p,
            guint        min_digits,
            guint        max_digits,
            guint       *value)
{
  guint n = 0;
  guint v = 0;

  while (n < max_digits && g_ascii_isdigit ((*p)[n]))
    {
      v = v * 10 + ((*p)[n] - '0');
      n++;
    }
  if (n < min_digits)
    return FALSE;

  *p += n;
  *value = v;
  return TRUE;
}

char *
postings_preview_format_date (const char *value)
{
  g_autoptr(GDateTime) utc = NULL;
  const char *p;
  guint year, month, day;
  guint hour = 0, minute = 0, second = 0;
  gint offset_seconds = 0;

  if (value == NULL)
    return NULL;

  p = value;
  while (g_ascii_isspace (*p))
    p++;

  /* YAML 1.1 date / timestamp, as Ruby's Psych reads it for Jekyll. */
  if (!parse_uint (&p, 4, 4, &year) || *p++ != '-' ||
      !parse_uint (&p, 1, 2, &month) || *p++ != '-' ||
      !parse_uint (&p, 1, 2, &day))
    return NULL;

  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return NULL;

  /* A time: the date shown is the UTC one (the site is built in UTC and
   * Psych reads a timestamp without zone as UTC). */
  if (*p == 'T' || *p == 't' || *p == ' ' || *p == '\t')
    {
      const char *t = p + 1;

      while (*t == ' ' || *t == '\t')
        t++;
      if (parse_uint (&t, 1, 2, &hour) && *t++ == ':' &&
          parse_uint (&t, 2, 2, &minute) && *t++ == ':' &&
          parse_uint (&t, 2, 2, &second))
        {
          guint frac;

          if (*t == '.')
            {
              t++;
              parse_uint (&t, 0, G_MAXUINT, &frac);
            }
          while (*t == ' ' || *t == '\t')
            t++;
          if (*t == '+' || *t == '-')
            {
              gint sign = *t == '-' ? -1 : 1;
              guint oh = 0, om = 0;

              t++;
              if (parse_uint (&t, 1, 2, &oh))
                {
                  if (*t == ':')
                    t++;
                  parse_uint (&t, 0, 2, &om);
                  offset_seconds = sign * (gint) (oh * 3600 + om * 60);
                }
            }
        }
      else
        {
          hour = minute = second = 0;
        }
    }

  utc = g_date_time_new_utc ((gint) year, (gint) month, (gint) day,
                             (gint) MIN (hour, 23), (gint) MIN (minute, 59), MIN (second, 59));
  if (utc == NULL)
    return NULL;

  if (offset_seconds != 0)
    {
      GDateTime *shifted = g_date_time_add_seconds (utc, -offset_seconds);

      g_date_time_unref (utc);
      utc = shifted;
      if (utc == NULL)
        return NULL;
    }

  return g_date_time_format (utc, "%d/%m/%Y");
}

/* What Liquid's `{% if page.key %}` sees: absent and null are false,
 * `false` is false, anything else (a string, even "false", a list) true. */
static gboolean
site_truthy (PostingsDocument *document,
             const char       *key)
{
  const PostingsEntry *entry = postings_document_lookup (document, key);
  gboolean value;

  if (entry == NULL || entry->kind == POSTINGS_NODE_NULL)
    return FALSE;

  if (postings_document_get_boolean (document, key, &value))
    return value;

  if (entry->kind == POSTINGS_NODE_SCALAR && entry->style == POSTINGS_STYLE_PLAIN &&
      (entry->value == NULL || *entry->value == '\0' ||
       g_str_equal (entry->value, "~") || g_ascii_strcasecmp (entry->value, "null") == 0))
    return FALSE;

  return TRUE;
}

static char *
dup_nonempty (const char *value)
{
  g_autofree char *copy = NULL;

  if (value == NULL)
    return NULL;

  copy = g_strstrip (g_strdup (value));
  if (*copy == '\0')
    return NULL;

  return g_steal_pointer (&copy);
}

static char **
dup_techno (PostingsDocument *document)
{
  const PostingsEntry *entry = postings_document_lookup (document, "techno");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (entry == NULL)
    return g_strv_builder_end (builder);

  if (entry->kind == POSTINGS_NODE_SEQUENCE)
    {
      g_auto(GStrv) items = postings_document_dup_list (document, "techno");

      for (guint i = 0; items != NULL && items[i] != NULL; i++)
        {
          g_autofree char *item = dup_nonempty (items[i]);

          if (item != NULL)
            g_strv_builder_add (builder, item);
        }
    }
  else if (entry->kind == POSTINGS_NODE_SCALAR)
    {
      /* One string: tags separated by commas. */
      const char *value = postings_document_get_string (document, "techno");
      g_auto(GStrv) parts = value != NULL ? g_strsplit (value, ",", -1) : NULL;

      for (guint i = 0; parts != NULL && parts[i] != NULL; i++)
        {
          g_autofree char *item = dup_nonempty (parts[i]);

          if (item != NULL)
            g_strv_builder_add (builder, item);
        }
    }

  return g_strv_builder_end (builder);
}

static char *
date_from_file_name (const char *file_name)
{
  g_autofree char *base = NULL;
  g_autofree char *prefix = NULL;

  if (file_name == NULL)
    return NULL;

  base = g_path_get_basename (file_name);
  /* Jekyll's `YYYY-MM-DD-slug` file names. */
  if (strlen (base) < 11 || base[10] != '-')
    return NULL;
  for (guint i = 0; i < 10; i++)
    if (i == 4 || i == 7 ? base[i] != '-' : !g_ascii_isdigit (base[i]))
      return NULL;

  prefix = g_strndup (base, 10);
  return postings_preview_format_date (prefix);
}

/**
 * postings_preview_header_new:
 * @document: a document
 * @file_name: (nullable): the posting's file name, for the date Jekyll
 *   takes from it when the front matter has none
 *
 * Returns: (transfer full): what the site prints above the body
 */
PostingsPreviewHeader *
postings_preview_header_new (PostingsDocument *document,
                             const char       *file_name)
{
  PostingsPreviewHeader *self;

  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (document), NULL);

  self = g_new0 (PostingsPreviewHeader, 1);

  self->title = dup_nonempty (postings_document_get_string (document, "roles"));

  self->open = site_truthy (document, "open");
  self->date = postings_preview_format_date (postings_document_get_string (document, "date"));
  if (self->date == NULL && postings_document_lookup (document, "date") == NULL)
    self->date = date_from_file_name (file_name);

  /* A header that does not read says nothing about the position: no
   * status, rather than "filled" for a file that says `open: true`. */
  if (postings_document_get_state (document) != POSTINGS_DOCUMENT_OK)
    self->open = FALSE;
  else if (self->open)
    self->status_text = self->date != NULL ? g_strdup_printf (SITE_OPEN_ON, self->date)
                                           : g_strdup (SITE_OPEN);
  else
    self->status_text = self->date != NULL ? g_strdup_printf (SITE_FILLED_SINCE, self->date)
                                           : g_strdup (SITE_FILLED);

  self->is_friend = g_strcmp0 (postings_document_get_string (document, "type"), "friend") == 0;
  self->friend_name = dup_nonempty (postings_document_get_string (document, "friend"));
  self->friend_url = dup_nonempty (postings_document_get_string (document, "externalURL"));
  if (self->is_friend)
    {
      self->friend_text = g_strdup (SITE_FRIEND);
      self->friend_link_text = g_strdup_printf (SITE_FRIEND_LINK,
                                                self->friend_name != NULL ? self->friend_name : "");
    }

  self->junior = site_truthy (document, "junior");
  if (self->junior)
    self->junior_text = g_strdup (SITE_JUNIOR);

  self->techno = dup_techno (document);
  if (self->techno[0] != NULL)
    self->techno_label = g_strdup (SITE_TECHNO);

  return self;
}

void
postings_preview_header_free (PostingsPreviewHeader *self)
{
  if (self == NULL)
    return;

  g_free (self->title);
  g_free (self->date);
  g_free (self->status_text);
  g_free (self->friend_name);
  g_free (self->friend_url);
  g_free (self->friend_text);
  g_free (self->friend_link_text);
  g_free (self->junior_text);
  g_strfreev (self->techno);
  g_free (self->techno_label);
  g_free (self);
}

gboolean
postings_preview_header_equal (const PostingsPreviewHeader *a,
                               const PostingsPreviewHeader *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return g_strcmp0 (a->title, b->title) == 0 &&
         a->open == b->open &&
         g_strcmp0 (a->date, b->date) == 0 &&
         g_strcmp0 (a->status_text, b->status_text) == 0 &&
         a->is_friend == b->is_friend &&
         g_strcmp0 (a->friend_name, b->friend_name) == 0 &&
         g_strcmp0 (a->friend_url, b->friend_url) == 0 &&
         g_strcmp0 (a->friend_text, b->friend_text) == 0 &&
         g_strcmp0 (a->friend_link_text, b->friend_link_text) == 0 &&
         a->junior == b->junior &&
         g_strcmp0 (a->junior_text, b->junior_text) == 0 &&
         g_strv_equal ((const char * const *) a->techno, (const char * const *) b->techno) &&
         g_strcmp0 (a->techno_label, b->techno_label) == 0;
}

/* Links ------------------------------------------------------------------ */

gboolean
postings_preview_link_is_safe (const char *uri)
{
  static const char * const safe_schemes[] = { "http", "https", "mailto" };
  const char *start;
  const char *end;
  const char *colon;
  gsize scheme_len;

  if (uri == NULL)
    return FALSE;

  start = uri;
  while (g_ascii_isspace (*start))
    start++;
  end = start + strlen (start);
  while (end > start && g_ascii_isspace (end[-1]))
    end--;

  /* No control characters or inner blanks: they could hide what is opened. */
  for (const char *p = start; p < end; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f || *p == ' ')
      return FALSE;

  colon = memchr (start, ':', end - start);
  if (colon == NULL)
    return FALSE;
  scheme_len = colon - start;

  for (guint i = 0; i < G_N_ELEMENTS (safe_schemes); i++)
    {
      if (scheme_len == strlen (safe_schemes[i]) &&
          g_ascii_strncasecmp (start, safe_schemes[i], scheme_len) == 0)
        {
          const char *rest = colon + 1;

          if (i < 2)
            /* http(s): an authority with a host. */
            return end - rest > 2 && rest[0] == '/' && rest[1] == '/' &&
                   rest[2] != '/' && rest[2] != '?' && rest[2] != '#';
          else
            return rest < end;
        }
    }

  return FALSE;
}
