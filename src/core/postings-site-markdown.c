/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "postings-preview.h"
#include "postings-site-markdown.h"
#include "postings-site-markdown-private.h"

/* Lines of the body, ended as the preview counts them (LF, CRLF or CR). */
typedef struct
{
  const char *text;
  gsize       len;
  GArray     *starts;   /* gsize: where each line starts; one more at len */
  const char *newline;  /* the body's own line end, for the edits */
} Lines;

static void
lines_init (Lines      *lines,
            const char *text,
            gsize       len)
{
  gsize start = 0;

  lines->text = text;
  lines->len = len;
  lines->starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  lines->newline = "\n";
  g_array_append_val (lines->starts, start);
  if (len == 0)
    return;
  if (memchr (text, '\r', len) == NULL)
    {
      /* LF only (most bodies): no byte by byte */
      for (const char *p = text; (p = memchr (p, '\n', (gsize) (text + len - p))) != NULL; )
        {
          start = (gsize) (++p - text);
          g_array_append_val (lines->starts, start);
        }
      if (start < len)
        g_array_append_val (lines->starts, len);
      return;
    }
  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
        {
          lines->newline = "\r\n";
          i++;
        }
      if (text[i] == '\n' || text[i] == '\r')
        {
          start = i + 1;
          g_array_append_val (lines->starts, start);
        }
    }
  if (start < len)
    g_array_append_val (lines->starts, len);
}

static guint
lines_count (const Lines *lines)
{
  return lines->starts->len - 1;
}

/* Line @line (1-based): its start, and the end of its text (line end
 * excluded). */
static gboolean
line_range (const Lines *lines,
            guint        line,
            gsize       *start,
            gsize       *end)
{
  gsize e;

  if (line < 1 || line > lines_count (lines))
    return FALSE;

  *start = g_array_index (lines->starts, gsize, line - 1);
  e = g_array_index (lines->starts, gsize, line);
  while (e > *start && (lines->text[e - 1] == '\n' || lines->text[e - 1] == '\r'))
    e--;
  *end = e;

  return TRUE;
}

static gsize
line_next (const Lines *lines,
           guint        line)
{
  return g_array_index (lines->starts, gsize, MIN (line, lines_count (lines)));
}

static gboolean
line_blank (const Lines *lines,
            guint        line)
{
  gsize start, end;

  if (!line_range (lines, line, &start, &end))
    return TRUE;
  for (gsize i = start; i < end; i++)
    if (!g_ascii_isspace (lines->text[i]))
      return FALSE;

  return TRUE;
}

/* Leading spaces of a line (a tab makes it unknown: G_MAXUINT). */
static guint
line_indent (const Lines *lines,
             guint        line)
{
  gsize start, end;
  guint n = 0;

  if (!line_range (lines, line, &start, &end))
    return 0;
  while (start + n < end && lines->text[start + n] == ' ')
    n++;

  return start + n < end && lines->text[start + n] == '\t' ? G_MAXUINT : n;
}

/* A list marker at @p (after the indentation): its width, or 0. Bullets
 * `-+*` and `N.` (and `N)` when @paren), followed by a blank. */
static gsize
marker_width (const char *p,
              const char *end,
              gboolean    paren)
{
  const char *q = p;

  if (q < end && (*q == '-' || *q == '+' || *q == '*'))
    q++;
  else
    {
      while (q < end && q - p < 9 && g_ascii_isdigit (*q))
        q++;
      if (q == p || q >= end || (*q != '.' && !(paren && *q == ')')))
        return 0;
      q++;
    }

  return q < end && (*q == ' ' || *q == '\t') ? (gsize) (q - p) : 0;
}

/* Comparing the two readings ------------------------------------------- */

typedef struct
{
  guint                       line;
  const PostingsPreviewBlock *site;  /* the first blocks that differ (or NULL) */
  const PostingsPreviewBlock *plain;
} Region;

/* The same block, spacing aside: kramdown decides loose items one by one,
 * CommonMark for a whole list, and that is no mistake of the writer's. */
static gboolean
blocks_agree (const PostingsPreviewBlock *a,
              const PostingsPreviewBlock *b)
{
  PostingsPreviewBlock ta = *a, tb = *b;

  ta.loose = tb.loose = FALSE;

  return a->start_line == b->start_line && postings_preview_block_outline_equal (&ta, &tb);
}

/* Where the block structures differ: after each difference the two are
 * followed again from the first line both have passed. */
static GArray *
find_regions (const PostingsPreviewModel *site,
              const PostingsPreviewModel *plain)
{
  GArray *regions = g_array_new (FALSE, FALSE, sizeof (Region));
  guint ns = postings_preview_model_get_n_blocks (site);
  guint np = postings_preview_model_get_n_blocks (plain);
  guint i = 0, j = 0;

  while (i < ns || j < np)
    {
      const PostingsPreviewBlock *a = i < ns ? postings_preview_model_get_block (site, i) : NULL;
      const PostingsPreviewBlock *b = j < np ? postings_preview_model_get_block (plain, j) : NULL;
      Region region;
      guint last;
      gboolean moved;

      if (a != NULL && b != NULL && blocks_agree (a, b))
        {
          i++;
          j++;
          continue;
        }

      region.line = MIN (a != NULL ? a->start_line : G_MAXUINT, b != NULL ? b->start_line : G_MAXUINT);
      region.site = a;
      region.plain = b;
      g_array_append_val (regions, region);

      last = MAX (a != NULL ? a->end_line : 0, b != NULL ? b->end_line : 0);
      do
        {
          moved = FALSE;
          for (; i < ns && postings_preview_model_get_block (site, i)->start_line <= last; i++, moved = TRUE)
            last = MAX (last, postings_preview_model_get_block (site, i)->end_line);
          for (; j < np && postings_preview_model_get_block (plain, j)->start_line <= last; j++, moved = TRUE)
            last = MAX (last, postings_preview_model_get_block (plain, j)->end_line);
        }
      while (moved);
    }

  return regions;
}

static guint
count_regions (const char *text,
               gsize       len)
{
  g_autoptr(PostingsPreviewModel) site =
    postings_preview_model_new_outline (text, len, 1, POSTINGS_PREVIEW_DIALECT_SITE, NULL, FALSE);
  g_autoptr(PostingsPreviewModel) plain =
    postings_preview_model_new_outline (text, len, 1, POSTINGS_PREVIEW_DIALECT_COMMONMARK, NULL, FALSE);
  GArray *regions = find_regions (site, plain);
  guint n = regions->len;

  g_array_unref (regions);
  return n;
}

/* Classifying a difference ------------------------------------------------ */

static PostingsSiteDifference *
difference_new (PostingsSiteDifferenceKind kind,
                guint                      line)
{
  PostingsSiteDifference *d = g_new0 (PostingsSiteDifference, 1);

  d->kind = kind;
  d->line = line;

  return d;
}

static void
difference_free (PostingsSiteDifference *d)
{
  g_free (d->replacement);
  g_free (d);
}

static void
set_edit (PostingsSiteDifference *d,
          gsize                   start,
          gsize                   end,
          char                   *replacement)
{
  d->start = start;
  d->end = end;
  d->replacement = replacement;
}

static gboolean
is_heading (const PostingsPreviewBlock *block)
{
  return block != NULL && block->kind == POSTINGS_PREVIEW_BLOCK_HEADING;
}

static gboolean
is_ordered_item (const PostingsPreviewBlock *block)
{
  return block != NULL && block->kind == POSTINGS_PREVIEW_BLOCK_ORDERED_ITEM;
}

/* The column where plain Markdown puts the text of the list item on
 * @line (marker, then one to four blanks; tabs to the next multiple of 4). */
static guint
item_text_column (const Lines *lines,
                  guint        line)
{
  gsize start, end;
  guint indent = line_indent (lines, line);
  guint column, blanks = 0;
  gsize width;
  const char *p;

  line_range (lines, line, &start, &end);
  p = lines->text + start + indent;
  width = marker_width (p, lines->text + end, FALSE);
  column = indent + (guint) width;
  for (p += width; p < lines->text + end && (*p == ' ' || *p == '\t'); p++)
    {
      guint next = *p == '\t' ? (column + 4) / 4 * 4 : column + 1;

      blanks += next - column;
      column = next;
    }

  /* Five blanks or more: the text starts one blank after the marker. */
  return blanks >= 1 && blanks <= 4 ? column : indent + (guint) width + 1;
}

/* A sub-list at @line, under an item above: indent its lines to the
 * item's text. */
static PostingsSiteDifference *
sublist_difference (const Lines *lines,
                    guint        line)
{
  guint indent = line_indent (lines, line);
  guint parent = 0;
  guint column;
  PostingsSiteDifference *d;
  g_autoptr(GString) edit = g_string_new (NULL);
  guint last = line;
  gsize start, end;
  gboolean bullet;

  line_range (lines, line, &start, &end);
  bullet = !g_ascii_isdigit (lines->text[start + indent]);

  /* The item above: less indented, or of a list of the other kind. */
  for (guint l = line - 1; l >= 1 && !line_blank (lines, l); l--)
    {
      guint i = line_indent (lines, l);
      const char *p;

      if (i == G_MAXUINT || !line_range (lines, l, &start, &end))
        return NULL;
      p = lines->text + start + i;
      if (marker_width (p, lines->text + end, FALSE) > 0 &&
          (i < indent || bullet == g_ascii_isdigit (*p)))
        {
          parent = l;
          break;
        }
    }
  if (parent == 0 || (column = item_text_column (lines, parent)) <= indent)
    return NULL;

  d = difference_new (POSTINGS_SITE_DIFFERENCE_SUBLIST_INDENT, line);
  d->indent = column - indent;

  /* The sub-list's lines: up to a blank line, a line less indented, or
   * an item of the list above. */
  for (guint l = line; l <= lines_count (lines); l++)
    {
      guint i = line_indent (lines, l);

      if (line_blank (lines, l) || i == G_MAXUINT || i < indent)
        break;
      line_range (lines, l, &start, &end);
      if (l > line && i == indent &&
          marker_width (lines->text + start + i, lines->text + end, FALSE) > 0 &&
          bullet != !g_ascii_isdigit (lines->text[start + i]))
        break;
      for (guint k = 0; k < d->indent; k++)
        g_string_append_c (edit, ' ');
      g_string_append_len (edit, lines->text + start, line_next (lines, l) - start);
      last = l;
    }

  line_range (lines, line, &start, &end);
  set_edit (d, start, line_next (lines, last), g_string_free (g_steal_pointer (&edit), FALSE));

  return d;
}

/* `N)` items from @line on: `N.` */
static void
paren_list_edit (const Lines            *lines,
                 guint                   line,
                 PostingsSiteDifference *d)
{
  GString *edit = g_string_new (NULL);
  gsize first_start = 0, end = 0;
  gboolean after_blank = FALSE;
  guint l;

  for (l = line; l <= lines_count (lines); l++)
    {
      gsize start, text_end;
      guint indent = line_indent (lines, l);
      const char *p;
      gsize width;

      line_range (lines, l, &start, &text_end);
      if (l == line)
        first_start = start;
      if (line_blank (lines, l))
        {
          after_blank = TRUE;
          g_string_append_len (edit, lines->text + start, line_next (lines, l) - start);
          continue;
        }
      p = lines->text + start + (indent == G_MAXUINT ? 0 : indent);
      width = indent <= 3 ? marker_width (p, lines->text + text_end, TRUE) : 0;
      if (width > 0 && p[width - 1] == ')')
        {
          g_string_append_len (edit, lines->text + start, (p + width - 1) - (lines->text + start));
          g_string_append_c (edit, '.');
          g_string_append_len (edit, p + width, lines->text + line_next (lines, l) - (p + width));
        }
      else if (after_blank && indent == 0)
        {
          break;
        }
      else
        {
          g_string_append_len (edit, lines->text + start, line_next (lines, l) - start);
        }
      after_blank = FALSE;
      end = line_next (lines, l);
    }

  /* Not the blank lines after the last item. */
  g_string_truncate (edit, end - first_start);
  set_edit (d, first_start, end, g_string_free (edit, FALSE));
}

/* `|` as `\|` on the lines of a paragraph (not in code spans). */
static char *
escape_pipes (const Lines *lines,
              guint        first,
              guint        last,
              gsize       *start,
              gsize       *end)
{
  GString *edit = g_string_new (NULL);
  gsize line_start, text_end;

  line_range (lines, first, start, &text_end);
  *end = line_next (lines, last);
  for (guint l = first; l <= last; l++)
    {
      gboolean in_code = FALSE;

      line_range (lines, l, &line_start, &text_end);
      for (gsize i = line_start; i < text_end; i++)
        {
          char c = lines->text[i];

          if (c == '`')
            in_code = !in_code;
          else if (c == '|' && !in_code && (i == line_start || lines->text[i - 1] != '\\'))
            g_string_append_c (edit, '\\');
          g_string_append_c (edit, c);
        }
      g_string_append_len (edit, lines->text + text_end, line_next (lines, l) - text_end);
    }

  return g_string_free (edit, FALSE);
}

static PostingsSiteDifference *
classify (const Lines  *lines,
          const Region *region)
{
  const PostingsPreviewBlock *site = region->site;
  const PostingsPreviewBlock *plain = region->plain;
  guint line = region->line;
  guint indent = line_indent (lines, line);
  gsize start, end;
  const char *p, *e;
  PostingsSiteDifference *d = NULL;
  guint hashes = 0;

  if (indent == G_MAXUINT || !line_range (lines, line, &start, &end) ||
      site == NULL || plain == NULL || site->start_line != line || plain->start_line != line)
    return NULL;
  p = lines->text + start + indent;
  e = lines->text + end;
  while (p + hashes < e && p[hashes] == '#')
    hashes++;

  if (site->list_depth > plain->list_depth && indent <= 3 && !line_blank (lines, line - 1))
    {
      /* Right after a list item's text, the site keeps it in the item. */
      if ((hashes >= 1 && hashes <= 6) || *p == '>' ||
          (e - p >= 3 && (strncmp (p, "```", 3) == 0 || strncmp (p, "~~~", 3) == 0)))
        {
          d = difference_new (POSTINGS_SITE_DIFFERENCE_BLOCK_IN_ITEM, line);
          set_edit (d, start, start, g_strdup (lines->newline));
        }
      else if (marker_width (p, e, FALSE) > 0)
        {
          d = sublist_difference (lines, line);
        }
    }
  else if (indent >= 1 && indent <= 3 && hashes >= 1 && hashes <= 6 && p + hashes < e &&
           (p[hashes] == ' ' || p[hashes] == '\t') && is_heading (plain) && !is_heading (site) &&
           plain->depth == 0 && site->depth == 0)
    {
      d = difference_new (POSTINGS_SITE_DIFFERENCE_INDENTED_HEADING, line);
      set_edit (d, start, start + indent, g_strdup (""));
    }
  else if (indent == 0 && hashes >= 1 && hashes <= 6 && is_heading (plain) && plain->n_runs == 0 &&
           !is_heading (site))
    {
      gboolean rest_blank = TRUE;

      for (const char *c = p + hashes; c < e; c++)
        if (*c != ' ' && *c != '\t')
          rest_blank = FALSE;
      if (rest_blank)
        {
          d = difference_new (POSTINGS_SITE_DIFFERENCE_EMPTY_HEADING, line);
          set_edit (d, start, line_next (lines, line), g_strdup (""));
        }
    }
  else if (indent <= 3 && is_ordered_item (plain) && !is_ordered_item (site))
    {
      gsize width = marker_width (p, e, TRUE);

      if (width > 0 && p[width - 1] == ')')
        {
          d = difference_new (POSTINGS_SITE_DIFFERENCE_PAREN_LIST, line);
          paren_list_edit (lines, line, d);
        }
    }
  else if (site->kind == POSTINGS_PREVIEW_BLOCK_TABLE && site->table != NULL &&
           site->table->n_header_rows == 0 && plain->kind == POSTINGS_PREVIEW_BLOCK_PARAGRAPH)
    {
      gsize edit_start, edit_end;
      char *edit = escape_pipes (lines, line, site->end_line, &edit_start, &edit_end);

      d = difference_new (POSTINGS_SITE_DIFFERENCE_PIPE_TABLE, line);
      set_edit (d, edit_start, edit_end, edit);
    }
  else if (indent <= 3 && is_ordered_item (plain) && is_ordered_item (site) &&
           plain->number != site->number && site->number == 1)
    {
      gsize digits = 0;

      while (p + digits < e && g_ascii_isdigit (p[digits]))
        digits++;
      if (digits > 0)
        {
          d = difference_new (POSTINGS_SITE_DIFFERENCE_LIST_START, line);
          d->number = plain->number;
          set_edit (d, (gsize) (p - lines->text), (gsize) (p - lines->text) + digits, g_strdup ("1"));
        }
    }

  return d;
}

/* The end of the line at @start (its line end excluded), as lines_init()
 * cuts lines; @next: where the next one starts. */
static gsize
line_at (const char *text,
         gsize       len,
         gsize       start,
         gboolean    has_cr,
         gsize      *next)
{
  gsize i = start;

  if (!has_cr)
    {
      const char *nl = memchr (text + start, '\n', len - start);

      i = nl != NULL ? (gsize) (nl - text) : len;
    }
  else
    {
      while (i < len && text[i] != '\n' && text[i] != '\r')
        i++;
    }
  *next = i + (i < len && text[i] == '\r' && i + 1 < len && text[i + 1] == '\n' ? 2 : i < len ? 1 : 0);

  return i;
}

/* Whether a line of @text can be where classify() reports a difference:
 * what each of its cases needs of the line's text alone, and of the lines
 * above (a necessary condition, never a sufficient one). Most bodies have
 * no such line, and are spared both readings. */
static gboolean
may_differ (const char *text,
            gsize       len)
{
  gboolean has_cr = len > 0 && memchr (text, '\r', len) != NULL;
  Lines lines = { NULL, 0, NULL, NULL };  /* for sublist_difference(), once needed */
  gboolean item_above = FALSE;     /* a line that may be a list item (in a quote or not) */
  gboolean list_open = FALSE;      /* a numbered item above, and no end of its list since, */
  gboolean list_unsure = FALSE;    /* but something that may end it in one reading only */
  guint list_indent = 0;           /* the indentation of that item */
  gboolean after_text = FALSE;     /* the line above is not blank */
  gboolean bullet_run = FALSE;     /* the lines since the last blank one have a `-` item, */
  gboolean number_run = FALSE;     /* a `1.` item */
  gboolean differ = FALSE;
  gsize start = 0, next;
  guint line = 1;

  /* the lines as lines_init() cuts them */
  for (; start < len && !differ; line++, start = next)
    {
      gsize end = line_at (text, len, start, has_cr, &next);
      const char *s = text + start, *e = text + end, *p = s, *q;
      guint indent;
      gboolean blank;
      gboolean numbered = FALSE;  /* the line is a numbered item */

      while (p < e && *p == ' ')
        p++;
      indent = p < e && *p == '\t' ? G_MAXUINT : (guint) (p - s);
      if (indent == G_MAXUINT)
        p = s;
      for (q = p; q < e && g_ascii_isspace (*q); q++)
        ;
      blank = q == e;
      if (!after_text)
        bullet_run = number_run = FALSE;

      /* Text (a letter first, or a character that is not ASCII): of the
       * cases below, only a table can start there, and it may end a list */
      if (indent != G_MAXUINT && p < e && (g_ascii_isalpha (*p) || (guchar) *p >= 0x80))
        {
          if (memchr (p, '|', (gsize) (e - p)) != NULL)
            differ = TRUE;
          if (list_open && !after_text && indent == 0)
            list_open = FALSE;
          else if (list_open && !after_text)
            list_unsure = TRUE;
          after_text = TRUE;
          continue;
        }

      /* classify() skips lines indented with a tab */
      if (indent != G_MAXUINT && p < e)
        {
          gsize width = indent <= 3 ? marker_width (p, e, TRUE) : 0;
          gboolean item = marker_width (p, e, FALSE) > 0;  /* as sublist_difference() sees items */
          gboolean bullet = item && !g_ascii_isdigit (*p);

          /* a table on the site */
          if (memchr (p, '|', (gsize) (e - p)) != NULL)
            differ = TRUE;
          if (indent <= 3)
            {
              const char *h = p;

              while (h < e && (*h == '#' || *h == ' ' || *h == '\t'))
                h++;
              /* an indented title, or `#` signs alone */
              if (*p == '#' && (indent > 0 || h == e))
                differ = TRUE;
              /* a title, quote or fence in a list item */
              if (after_text && item_above &&
                  (*p == '#' || *p == '>' ||
                   (e - p >= 3 && (strncmp (p, "```", 3) == 0 || strncmp (p, "~~~", 3) == 0))))
                differ = TRUE;
              /* `1)` */
              if (width > 0 && p[width - 1] == ')')
                differ = TRUE;
              /* a numbered list that may not count from 1 in plain
               * Markdown, or that the site may start again at 1: its first
               * item is not `1.`, or an item is not where the one above
               * was, or something above may end the list on the site only */
              if (width > 0 && p[width - 1] == '.')
                {
                  const char *d = p;

                  while (*d == '0')
                    d++;
                  if (list_open ? list_unsure || indent != list_indent : d != p + width - 2 || *d != '1')
                    differ = TRUE;
                  numbered = TRUE;
                  list_open = TRUE;
                  list_unsure = FALSE;
                  list_indent = indent;
                }
              /* a sub-list indented less than its item's text: under a
               * less indented item, or one of the other kind, above it
               * with no blank line between */
              if (after_text && item && (indent > 0 || (bullet ? number_run : bullet_run)))
                {
                  PostingsSiteDifference *d;

                  if (lines.starts == NULL)
                    lines_init (&lines, text, len);
                  d = sublist_difference (&lines, line);
                  if (d != NULL)
                    {
                      difference_free (d);
                      differ = TRUE;
                    }
                }
            }
          if (item)
            {
              bullet_run |= bullet;
              number_run |= !bullet;
            }
        }

      /* what follows a numbered item: after a blank line, text that is not
       * indented ends the list in both readings, indented text may be in
       * the item in one only; right after text, `^`, `<` or `{` may end it
       * on the site only, and a title, quote, fence, rule or item of
       * another list may end it in plain Markdown only */
      if (list_open && !numbered && !blank)
        {
          const char *f = p;

          if (!after_text && indent == 0)
            list_open = FALSE;
          else if (!after_text || indent == G_MAXUINT || *f == '^' || *f == '<' || *f == '{' ||
                   (indent < 2 && strchr ("#>`~-+*_=", *f) != NULL) ||
                   (indent < 2 && g_ascii_isdigit (*f)))
            list_unsure = TRUE;
        }
      after_text = !blank;
      /* What may be a list item: a bullet or a number after blanks and
       * quote marks, whatever follows. */
      for (q = s; q < e && (*q == ' ' || *q == '\t' || *q == '>'); q++)
        ;
      if (q < e && (*q == '-' || *q == '+' || *q == '*'))
        item_above = TRUE;
      else if (q < e && g_ascii_isdigit (*q))
        {
          while (q < e && g_ascii_isdigit (*q))
            q++;
          if (q < e && (*q == '.' || *q == ')'))
            item_above = TRUE;
        }
    }
  if (lines.starts != NULL)
    g_array_unref (lines.starts);

  return differ;
}

/* Whether the edit really brings the two readings closer. */
static gboolean
edit_helps (const Lines                  *lines,
            const PostingsSiteDifference *d,
            guint                         n_regions)
{
  g_autoptr(GString) text = g_string_new_len (lines->text, d->start);

  g_string_append (text, d->replacement);
  g_string_append_len (text, lines->text + d->end, lines->len - d->end);

  return count_regions (text->str, text->len) < n_regions;
}

GPtrArray *
postings_site_markdown_differences (const char *body,
                                    gsize       len,
                                    guint       first_line)
{
  return postings_site_markdown_differences_with_tree (body, len, first_line, NULL, FALSE);
}

GPtrArray *
postings_site_markdown_differences_with_tree (const char        *body,
                                              gsize              len,
                                              guint              first_line,
                                              struct cmark_node *tree,
                                              gboolean           valid_utf8)
{
  return postings_site_markdown_find_differences (body, len, first_line, tree, valid_utf8, TRUE, TRUE);
}

gboolean
postings_site_markdown_may_differ (const char *body,
                                   gsize       len)
{
  return may_differ (body, len);
}

GPtrArray *
postings_site_markdown_find_differences (const char        *body,
                                         gsize              len,
                                         guint              first_line,
                                         struct cmark_node *tree,
                                         gboolean           valid_utf8,
                                         gboolean           prefilter,
                                         gboolean           edits)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) difference_free);
  g_autoptr(PostingsPreviewModel) site = NULL;
  g_autoptr(PostingsPreviewModel) plain = NULL;
  g_autoptr(GArray) regions = NULL;
  gsize covered_end = 0;
  Lines lines;

  g_return_val_if_fail (body != NULL || len == 0, out);

  if (prefilter && !may_differ (body, len))
    return out;
  lines_init (&lines, body, len);

  /* Only the blocks' structure is compared. */
  site = postings_preview_model_new_outline (body, len, 1, POSTINGS_PREVIEW_DIALECT_SITE, NULL, valid_utf8);
  plain = postings_preview_model_new_outline (body, len, 1, POSTINGS_PREVIEW_DIALECT_COMMONMARK, tree, valid_utf8);
  regions = find_regions (site, plain);
  for (guint i = 0; i < regions->len; i++)
    {
      const Region *region = &g_array_index (regions, Region, i);
      PostingsSiteDifference *d;

      /* A difference the last edit covers (the next items of a sub-list). */
      if (covered_end > 0 && line_next (&lines, region->line - 1) < covered_end)
        continue;

      d = classify (&lines, region);
      if (d == NULL)
        continue;
      if (d->replacement != NULL)
        covered_end = d->end;
      if (d->replacement != NULL && (!edits || !edit_helps (&lines, d, regions->len)))
        g_clear_pointer (&d->replacement, g_free);
      d->line += MAX (first_line, 1) - 1;
      g_ptr_array_add (out, d);
    }
  g_array_unref (lines.starts);

  return out;
}
