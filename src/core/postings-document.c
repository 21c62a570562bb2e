/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "postings-core-i18n.h"

#include <string.h>
#include <yaml.h>

#include "postings-document.h"
#include "postings-utf8.h"

/*
 * The document is the file's text, nothing else: every getter reads a
 * structure derived from the text, and every edit is a splice of the text
 * followed by a new analysis. Serialising an unedited document therefore
 * returns the bytes it was loaded from, and an edit changes only the bytes
 * it replaces.
 */

struct _PostingsDocument
{
  GObject parent_instance;

  GString *text;
  guint revision;
  char **key_order;

  /* Derived from the text by analyze() */
  PostingsDocumentState state;
  PostingsProblem problem;
  gboolean has_bom;
  gboolean crlf;
  gboolean has_front_matter;  /* delimiters found (state OK or BROKEN) */
  gsize fm_start;             /* YAML starts here (after the opening line) */
  gsize fm_end;               /* start of the closing delimiter line */
  gsize body_start;           /* after the closing delimiter line */
  guint fm_line;              /* 1-based line of fm_start */
  guint body_line;            /* 1-based line of body_start */
  GPtrArray *entries;         /* PostingsEntry */
  GHashTable *last_by_key;    /* entry key → 1 + index of its last entry (Jekyll's value) */
};

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PostingsDocument, postings_document, G_TYPE_OBJECT)

/* The order of the beta.gouv.fr jobs collection, used to place new keys
 * until a schema provides its own. */
static const char * const default_key_order[] = {
  "roles", "title", "startup", "open", "date", "depublication_date",
  "junior", "techno", "domaines", "contacts", "contact", "type", "friend",
  "externalURL", "contrat", "equipe", "poste_ouvert", "poste_ferme",
  "poste_pourvu", "status", NULL
};

static void
entry_free (gpointer data)
{
  PostingsEntry *entry = data;

  g_free (entry->key);
  g_free (entry->value);
  g_clear_pointer (&entry->items, g_ptr_array_unref);
  g_clear_pointer (&entry->item_spans, g_array_unref);
  g_free (entry);
}

static void
problem_clear (PostingsProblem *problem)
{
  g_clear_pointer (&problem->key, g_free);
  g_clear_pointer (&problem->message, g_free);
  g_clear_pointer (&problem->detail, g_free);
  memset (problem, 0, sizeof *problem);
}

/* ------------------------------------------------------------------ */
/* Text helpers                                                        */

static gsize
line_end (const char *text, gsize len, gsize pos)
{
  while (pos < len && text[pos] != '\n')
    pos++;
  return pos;
}

/* Position after the newline that ends the line holding pos. */
static gsize
next_line (const char *text, gsize len, gsize pos)
{
  pos = line_end (text, len, pos);
  return pos < len ? pos + 1 : pos;
}

static gsize
line_start (const char *text, gsize pos)
{
  while (pos > 0 && text[pos - 1] != '\n')
    pos--;
  return pos;
}

static guint
line_of (const char *text, gsize pos)
{
  guint line = 1;

  for (gsize i = 0; i < pos; i++)
    if (text[i] == '\n')
      line++;
  return line;
}

static gboolean
is_blank_char (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Ruby's `\s*$` after a delimiter: only white space up to the end of line. */
static gboolean
rest_is_blank (const char *text, gsize len, gsize pos)
{
  for (; pos < len && text[pos] != '\n'; pos++)
    if (!is_blank_char (text[pos]))
      return FALSE;
  return TRUE;
}

static gboolean
line_is_blank (const char *text, gsize len, gsize pos)
{
  return rest_is_blank (text, len, pos);
}

static gboolean
is_delimiter_line (const char *text, gsize len, gsize pos, gboolean allow_dots)
{
  if (pos + 3 > len)
    return FALSE;
  if (memcmp (text + pos, "---", 3) != 0 &&
      !(allow_dots && memcmp (text + pos, "...", 3) == 0))
    return FALSE;
  return rest_is_blank (text, len, pos + 3);
}

/* ` ---`: a delimiter indented by mistake. */
static gboolean
is_indented_delimiter_line (const char *text, gsize len, gsize pos)
{
  gsize p = pos;

  while (p < len && is_blank_char (text[p]))
    p++;
  return p > pos && is_delimiter_line (text, len, p, FALSE);
}

/* Does this line look like `key: value` (or `key:`)? */
static gboolean
looks_like_key_line (const char *text, gsize len, gsize pos, char **key_out)
{
  gsize start = pos, i = pos;

  while (i < len && (g_ascii_isalnum (text[i]) || text[i] == '_' || text[i] == '-'))
    i++;
  if (i == start || i >= len || text[i] != ':')
    return FALSE;
  if (i + 1 < len && !(text[i + 1] == ' ' || text[i + 1] == '\t' ||
                       text[i + 1] == '\n' || text[i + 1] == '\r'))
    return FALSE;
  if (key_out)
    *key_out = g_strndup (text + start, i - start);
  return TRUE;
}

/* Characters (not bytes) in a run of possibly invalid UTF-8. */
static guint
count_chars (const char *text, gsize len)
{
  guint n = 0;

  for (gsize i = 0; i < len; i++)
    if (((guchar) text[i] & 0xC0) != 0x80)
      n++;
  return n;
}

/* The line at pos, valid UTF-8, shortened for a message. */
static char *
line_excerpt (const char *text, gsize len, gsize pos)
{
  gsize end = line_end (text, len, pos);
  g_autofree char *line = g_utf8_make_valid (text + pos, (gssize) (end - pos));

  g_strchomp (line);
  if (g_utf8_strlen (line, -1) > 40)
    {
      char *cut = g_utf8_offset_to_pointer (line, 40);
      *cut = '\0';
      return g_strconcat (line, "…", NULL);
    }
  return g_steal_pointer (&line);
}

/* ------------------------------------------------------------------ */
/* Problems                                                            */

static void
set_problem (PostingsDocument   *self,
             PostingsProblemKind kind,
             guint               line,
             guint               column,
             const char         *key,
             char               *message,
             const char         *detail)
{
  problem_clear (&self->problem);
  self->problem.kind = kind;
  self->problem.line = line;
  self->problem.column = column;
  self->problem.key = g_strdup (key);
  self->problem.message = message;
  self->problem.detail = g_strdup (detail);
}

/* No opening delimiter: say why in the user's words. */
static void
explain_no_front_matter (PostingsDocument *self, gsize start)
{
  const char *text = self->text->str;
  gsize len = self->text->len;
  gsize pos;
  guint line;

  if (line_is_blank (text, len, start) && next_line (text, len, start) >= len)
    {
      set_problem (self, POSTINGS_PROBLEM_EMPTY_FILE, 1, 1, NULL,
                   g_strdup (_("The file is empty: a posting starts with a header between two “---” lines.")),
                   "empty file");
      return;
    }

  /* A first line that almost is a delimiter: `----`, ` ---`, `--- x`. */
  {
    gsize p = start;
    while (p < len && is_blank_char (text[p]))
      p++;
    if (p + 3 <= len && memcmp (text + p, "---", 3) == 0)
      {
        g_autofree char *excerpt = line_excerpt (text, len, start);
        set_problem (self, POSTINGS_PROBLEM_BAD_OPENING, 1, 1, NULL,
                     g_strdup_printf (_("The first line must be exactly “---”, but it is “%s”. Replace it with “---”."), excerpt),
                     "opening delimiter not recognised");
        self->problem.fix_line = 1;
        return;
      }
  }

  /* Find a delimiter line further down. */
  line = 1;
  for (pos = start; pos < len; pos = next_line (text, len, pos), line++)
    {
      if (is_delimiter_line (text, len, pos, FALSE))
        break;
    }

  if (pos < len)
    {
      gboolean all_blank = TRUE;
      gboolean keys_first = FALSE;

      for (gsize p = start; p < pos; p = next_line (text, len, p))
        if (!line_is_blank (text, len, p))
          {
            all_blank = FALSE;
            break;
          }

      if (all_blank)
        {
          set_problem (self, POSTINGS_PROBLEM_LEADING_BLANK, 1, 1, NULL,
                       g_strdup_printf (ngettext ("The file starts with an empty line: the header must start on the very first line with “---”. Delete the empty line before the “---” of line %u.",
                                                  "The file starts with empty lines: the header must start on the very first line with “---”. Delete the empty lines before the “---” of line %u.",
                                                  line - 1),
                                        line),
                       "blank lines before the opening delimiter");
          return;
        }

      /* `roles: …` lines and then `---`: the opening line is missing. */
      if (looks_like_key_line (text, len, start, NULL))
        keys_first = TRUE;

      if (keys_first)
        {
          set_problem (self, POSTINGS_PROBLEM_MISSING_OPENING, 1, 1, NULL,
                       g_strdup_printf (_("The “---” line that opens the header is missing: the header ends on line %u but never starts. Add a line “---” at the very top of the file."), line),
                       "missing opening delimiter");
          self->problem.fix_line = 1;
          return;
        }

      set_problem (self, POSTINGS_PROBLEM_TEXT_BEFORE, 1, 1, NULL,
                   g_strdup_printf (_("There is text before the header: the “---” line on line %u must be the very first line of the file. Move the text above it into the body of the posting."), line),
                   "text before the opening delimiter");
      return;
    }

  /* ` ---` lines: delimiters indented by mistake */
  line = 1;
  for (pos = start; pos < len; pos = next_line (text, len, pos), line++)
    {
      if (is_indented_delimiter_line (text, len, pos))
        {
          set_problem (self, POSTINGS_PROBLEM_BAD_OPENING, line, 1, NULL,
                       g_strdup_printf (_("The “---” of line %u must start at the beginning of the line, without spaces, and the first “---” of the header must be the very first line of the file."), line),
                       "indented delimiter");
          self->problem.fix_line = line;
          return;
        }
    }

  if (looks_like_key_line (text, len, start, NULL))
    {
      set_problem (self, POSTINGS_PROBLEM_MISSING_OPENING, 1, 1, NULL,
                   g_strdup (_("The header has no “---” lines: put a line “---” before the fields and another after them.")),
                   "no delimiters");
      self->problem.fix_line = 1;
      return;
    }

  set_problem (self, POSTINGS_PROBLEM_NO_FRONT_MATTER, 1, 1, NULL,
               g_strdup (_("This file has no header (the fields between two “---” lines at the top), so the site will not publish it as a posting.")),
               "no front matter");
}

/* Opening delimiter but no closing one: point at where the header
 * probably ends (the first line that is not a field). */
static void
explain_missing_closing (PostingsDocument *self, gsize fm_start, guint fm_line)
{
  const char *text = self->text->str;
  gsize len = self->text->len;
  guint line = fm_line;
  gsize pos;

  for (pos = fm_start; pos < len; pos = next_line (text, len, pos), line++)
    {
      if (is_indented_delimiter_line (text, len, pos))
        {
          set_problem (self, POSTINGS_PROBLEM_MISSING_CLOSING, line, 1, NULL,
                       g_strdup_printf (_("The “---” of line %u, which closes the header, must start at the beginning of the line, without spaces."), line),
                       "indented closing delimiter");
          self->problem.fix_line = line;
          return;
        }

      if (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '#' ||
          (text[pos] == '-' && pos + 1 < len && text[pos + 1] == ' '))
        continue;
      if (looks_like_key_line (text, len, pos, NULL))
        continue;
      break;
    }

  set_problem (self, POSTINGS_PROBLEM_MISSING_CLOSING, line, 1, NULL,
               g_strdup_printf (_("The “---” line that closes the header is missing. Add a line “---” after the last field, before line %u."), line),
               "missing closing delimiter");
  self->problem.fix_line = line;
}

/* libyaml speaks parser jargon; say what is wrong with the line instead. */
static void
explain_yaml_error (PostingsDocument *self,
                    const char       *yaml_problem,
                    guint             line,
                    guint             column)
{
  const char *text = self->text->str;
  gsize len = self->text->len;
  gsize pos = 0;
  g_autofree char *key = NULL;
  g_autofree char *excerpt = NULL;
  char *message = NULL;
  char first = '\0';
  guint l = 1;

  /* Start of the faulty line */
  while (l < line && pos < len)
    {
      pos = next_line (text, len, pos);
      l++;
    }

  /* A `key:value` without a space anywhere in the header is the most
   * common cause of "could not find expected ':'". */
  guint pl = self->fm_line;
  for (gsize p = self->fm_start; p < self->fm_end; p = next_line (text, len, p), pl++)
    {
      gsize i = p;
      while (i < self->fm_end && (g_ascii_isalnum (text[i]) || text[i] == '_'))
        i++;
      if (i > p && i + 1 < self->fm_end && text[i] == ':' &&
          !is_blank_char (text[i + 1]) && text[i + 1] != '\n' &&
          !(i + 2 < self->fm_end && text[i + 1] == '/' && text[i + 2] == '/') &&
          pl <= line)
        {
          g_autofree char *k = g_strndup (text + p, i - p);
          set_problem (self, POSTINGS_PROBLEM_YAML, pl, (guint) (i - p) + 2, k,
                       g_strdup_printf (_("A space is missing after “:” in “%s” on line %u: write “%s: ” followed by the value."), k, pl, k),
                       yaml_problem);
          return;
        }
    }

  if (!looks_like_key_line (text, len, pos, &key))
    {
      /* The error may be reported on the line after the faulty value. */
      gsize prev = pos > 0 ? line_start (text, pos - 1) : 0;
      if (prev >= self->fm_start && prev < pos && looks_like_key_line (text, len, prev, &key) &&
          g_str_has_prefix (yaml_problem, "could not find expected"))
        {
          pos = prev;
          line--;
          column = 1;
        }
    }

  excerpt = line_excerpt (text, len, pos);

  /* The first character of the value says most about what went wrong. */
  if (key != NULL)
    {
      gsize v = pos + strlen (key) + 1;
      while (v < len && is_blank_char (text[v]))
        v++;
      first = v < len ? text[v] : '\n';
    }

  if (key != NULL && strstr (yaml_problem, "mapping values are not allowed") != NULL)
    message = g_strdup_printf (_("The value of “%s” on line %u contains “: ”. Put the value between quotes: %s: \"…\"."), key, line, key);
  else if (key != NULL && (first == '[' || first == '{'))
    message = g_strdup_printf (_("The value of “%s” on line %u starts with “%c”, which the site reads as a list. Put the whole value between quotes."), key, line, first);
  else if (key != NULL && (first == '"' || first == '\''))
    message = g_strdup_printf (_("The quotes around the value of “%s” on line %u are not balanced. A value that starts with a quote must end with the same quote, and nothing may follow it."), key, line);
  else if (key != NULL && strchr ("@`%&*!|>", first) != NULL && first != '\0')
    message = g_strdup_printf (_("The value of “%s” on line %u starts with “%c”, which is not allowed there. Put the value between quotes."), key, line, first);
  else if (strstr (yaml_problem, "tab") != NULL)
    message = g_strdup_printf (_("Line %u contains a tab character where the header does not allow one. Replace it with spaces."), line);
  else if (strstr (yaml_problem, "could not find expected ':'") != NULL)
    message = g_strdup_printf (_("Line %u (“%s”) is not a “field: value” line. Add the missing “: ” or move this text into the body of the posting."), line, excerpt);
  else if (key != NULL)
    message = g_strdup_printf (_("The header cannot be read at line %u, column %u, in the value of “%s”. Check the punctuation of this line (quotes, “: ”, indentation), or put the value between quotes."), line, column, key);
  else
    message = g_strdup_printf (_("The header cannot be read at line %u, column %u (“%s”). Check the punctuation of this line (quotes, “: ”, indentation)."), line, column, excerpt);

  set_problem (self, POSTINGS_PROBLEM_YAML, line, column, key, message, yaml_problem);
}

/* ------------------------------------------------------------------ */
/* YAML parsing with byte spans                                        */

typedef struct
{
  const char *base;    /* front matter bytes */
  gsize len;
  gsize *char_to_byte; /* libyaml counts characters: map them back to bytes */
  gsize n_chars;
} SpanMap;

static void
span_map_init (SpanMap *map, const char *base, gsize len)
{
  gsize i = 0, c = 0;

  map->base = base;
  map->len = len;
  map->char_to_byte = g_new (gsize, len + 1);
  while (i < len)
    {
      guchar b = (guchar) base[i];
      gsize w = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;

      map->char_to_byte[c++] = i;
      i += w;
    }
  map->char_to_byte[c] = MIN (i, len);
  map->n_chars = c;
}

static gsize
span_map_byte (SpanMap *map, gsize char_index)
{
  return map->char_to_byte[MIN (char_index, map->n_chars)];
}

static PostingsStyle
style_of_scalar (yaml_scalar_style_t style)
{
  switch (style)
    {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: return POSTINGS_STYLE_SINGLE_QUOTED;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return POSTINGS_STYLE_DOUBLE_QUOTED;
    case YAML_LITERAL_SCALAR_STYLE: return POSTINGS_STYLE_LITERAL;
    case YAML_FOLDED_SCALAR_STYLE: return POSTINGS_STYLE_FOLDED;
    case YAML_ANY_SCALAR_STYLE:
    case YAML_PLAIN_SCALAR_STYLE:
    default:
      return POSTINGS_STYLE_PLAIN;
    }
}

static gboolean
plain_is_null (const char *value)
{
  return value[0] == '\0' || g_str_equal (value, "~") || g_str_equal (value, "null") ||
         g_str_equal (value, "Null") || g_str_equal (value, "NULL");
}

/* ------------------------------------------------------------------ */
/* Bounds, checked before libyaml sees the header                       */

/* Line and column (characters) of byte @pos of the header, counted from
 * @from, which is at the start of line @line. */
static void
locate (PostingsDocument *self, gsize from, guint line, gsize pos, guint *out_line, guint *out_column)
{
  const char *text = self->text->str;
  gsize ls = from;

  for (gsize i = from; i < pos; i++)
    if (text[i] == '\n')
      {
        line++;
        ls = i + 1;
      }
  *out_line = line;
  *out_column = count_chars (text + ls, pos - ls) + 1;
}

/* The bytes: text, no NUL. */
static gboolean
check_header_bytes (PostingsDocument *self)
{
  const char *text = self->text->str;
  const char *bad = NULL;
  guint line, column;

  if (postings_utf8_validate_len (text + self->fm_start, self->fm_end - self->fm_start, &bad))
    return TRUE;
  locate (self, self->fm_start, self->fm_line, (gsize) (bad - text), &line, &column);
  if (*bad == '\0')
    set_problem (self, POSTINGS_PROBLEM_ENCODING, line, column, NULL,
                 g_strdup_printf (_("Line %u contains an invisible NUL character (column %u), which is not text. Delete it."),
                                  line, column),
                 "NUL byte");
  else
    set_problem (self, POSTINGS_PROBLEM_ENCODING, line, column, NULL,
                 g_strdup_printf (_("Line %u contains bytes that are not valid UTF-8 text. Save the file as UTF-8."), line),
                 "invalid UTF-8");
  return FALSE;
}

static gboolean
too_deep (PostingsDocument *self, guint depth, gsize pos)
{
  guint line, column;

  if (depth <= POSTINGS_FRONT_MATTER_MAX_DEPTH)
    return FALSE;
  locate (self, self->fm_start, self->fm_line, pos, &line, &column);
  set_problem (self, POSTINGS_PROBLEM_TOO_DEEP, line, column, NULL,
               g_strdup_printf (_("The header nests lists or groups more than %u levels deep (line %u, column %u), so it cannot be read safely. A posting’s fields are plain values and simple lists: rewrite this part of the header."),
                                POSTINGS_FRONT_MATTER_MAX_DEPTH, line, column),
               "nesting too deep");
  return TRUE;
}

/* Can a quoted scalar start after this byte (in a flow collection)? */
static gboolean
quote_may_follow (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '[' || c == '{' || c == ',' || c == ':';
}

/* Nesting depth, estimated in one pass over the bytes: flow collections
 * (`[`, `{`) count outside quotes and comments; block collections count
 * one level per deeper indentation under a line that opens one (`key:`,
 * `-`), plus compact `- - ` / `? ` indicators on one line. Block scalars
 * (`|`, `>`) are skipped. It may count less than libyaml would, never
 * more on a header that parses, so real postings are never refused. */
static gboolean
check_header_depth (PostingsDocument *self)
{
  const char *text = self->text->str;
  gsize end = self->fm_end;
  guint indents[POSTINGS_FRONT_MATTER_MAX_DEPTH + 1];
  guint n_indents = 0;
  guint flow = 0;
  char quote = '\0';
  gboolean opens = TRUE;     /* the last line ended where a value starts */
  int block_scalar = -1;     /* inside a block scalar under this indentation */
  gsize pos = self->fm_start;

  while (pos < end)
    {
      gsize le = line_end (text, end, pos);
      gsize p = pos;
      guint indent;
      guint compact = 0;
      gboolean value_start = TRUE;

      while (p < le && text[p] == ' ')
        p++;
      indent = (guint) (p - pos);

      if (block_scalar >= 0 && (line_is_blank (text, le, p) || (int) indent > block_scalar))
        {
          pos = next_line (text, end, le);
          continue;
        }
      block_scalar = -1;

      if (quote == '\0' && flow == 0)
        {
          if (p >= le || text[p] == '#' || line_is_blank (text, le, p))
            {
              pos = next_line (text, end, le);
              continue;
            }
          while (n_indents > 0 && indents[n_indents - 1] > indent)
            n_indents--;
          if (n_indents == 0 || (indents[n_indents - 1] < indent && opens))
            {
              indents[n_indents++] = indent;
              if (too_deep (self, n_indents, p))
                return FALSE;
            }
        }
      else
        value_start = FALSE;

      for (; p < le; p++)
        {
          char c = text[p];

          if (quote != '\0')
            {
              if (quote == '"' && c == '\\')
                p++;
              else if (c == quote && quote == '\'' && p + 1 < le && text[p + 1] == '\'')
                p++;
              else if (c == quote)
                quote = '\0';
              continue;
            }
          if (c == '#' && is_blank_char (text[p - 1]))
            break;
          if (flow > 0)
            {
              if (c == '[' || c == '{')
                flow++;
              else if (c == ']' || c == '}')
                flow--;
              else if ((c == '\'' || c == '"') && quote_may_follow (text[p - 1]))
                quote = c;
            }
          else if (value_start)
            {
              if (is_blank_char (c))
                continue;
              if ((c == '-' || c == '?') && (p + 1 >= le || is_blank_char (text[p + 1])))
                compact++;
              else if (c == '[' || c == '{')
                {
                  flow = 1;
                  value_start = FALSE;
                }
              else if (c == '\'' || c == '"')
                {
                  quote = c;
                  value_start = FALSE;
                }
              else if (c == '|' || c == '>')
                {
                  block_scalar = (int) indent;
                  break;
                }
              else if (c == '&' || c == '!')
                {
                  while (p + 1 < le && !is_blank_char (text[p + 1]))
                    p++;
                }
              else
                value_start = FALSE;
            }
          else if (c == ':' && (p + 1 >= le || is_blank_char (text[p + 1])))
            value_start = TRUE;

          if (too_deep (self, n_indents + compact + flow, p))
            return FALSE;
        }
      opens = quote == '\0' && flow == 0 && value_start && block_scalar < 0;
      pos = next_line (text, end, le);
    }
  return TRUE;
}

static gboolean
check_header_bounds (PostingsDocument *self)
{
  gsize size = self->fm_end - self->fm_start;

  if (size > POSTINGS_FRONT_MATTER_MAX_SIZE)
    {
      g_autofree char *size_text = g_format_size (size);

      set_problem (self, POSTINGS_PROBLEM_TOO_LARGE, self->fm_line, 1, NULL,
                   g_strdup_printf (_("The header (between the two “---” lines) is %s, more than the 1 MB a posting’s header may be, so it is not read. Long texts belong in the body, after the second “---” line."),
                                    size_text),
                   "front matter too large");
      return FALSE;
    }
  return check_header_bytes (self) && check_header_depth (self);
}

/* Line starts and ends asked in text order (the entries of a header),
 * found in one pass over the text in all. */
typedef struct
{
  gsize start;     /* a line start… */
  gsize scanned;   /* …and [start, scanned) holds no line break */
  gsize from;      /* [from, end) holds no line break, and the line ends at end */
  gsize end;
  gboolean has_end;
} LineCache;

static gsize
cached_line_start (const char *text, gsize pos, LineCache *c)
{
  if (pos < c->start)
    c->start = c->scanned = line_start (text, pos);
  for (gsize p = pos; p > c->scanned; p--)
    if (text[p - 1] == '\n')
      {
        c->start = p;
        break;
      }
  c->scanned = MAX (c->scanned, pos);
  return c->start;
}

static gsize
cached_next_line (const char *text, gsize len, gsize pos, LineCache *c)
{
  if (!c->has_end || pos < c->from || pos > c->end)
    {
      c->from = pos;
      c->end = line_end (text, len, pos);
      c->has_end = TRUE;
    }
  return c->end < len ? c->end + 1 : c->end;
}

/* Parses [fm_start, fm_end) into entries. Returns FALSE and sets the
 * problem when it does not parse. */
static gboolean
parse_front_matter (PostingsDocument *self)
{
  const char *text = self->text->str;
  gsize fm_len = self->fm_end - self->fm_start;
  yaml_parser_t parser;
  yaml_event_t event;
  SpanMap map;
  g_autoptr(GHashTable) anchors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  PostingsEntry *entry = NULL;
  gboolean ok = TRUE;
  gboolean done = FALSE;
  gboolean in_root = FALSE;
  gboolean seen_root = FALSE;
  gboolean expecting_key = TRUE;
  int depth = 0;          /* nesting inside the current value */
  gsize value_max_end = 0;
  LineCache lines = { 0 };

  span_map_init (&map, text + self->fm_start, fm_len);
  yaml_parser_initialize (&parser);
  yaml_parser_set_input_string (&parser, (const guchar *) text + self->fm_start, fm_len);
  yaml_parser_set_encoding (&parser, YAML_UTF8_ENCODING);

#define OFF(mark) (self->fm_start + span_map_byte (&map, (mark).index))

  while (!done)
    {
      if (!yaml_parser_parse (&parser, &event))
        {
          guint line, column;

          if (parser.error == YAML_READER_ERROR)
            {
              gsize off = self->fm_start + MIN (parser.problem_offset, fm_len);
              line = line_of (text, off);
              column = count_chars (text + line_start (text, off), off - line_start (text, off)) + 1;
              /* invalid UTF-8 and NUL were refused before: a control character */
              set_problem (self, POSTINGS_PROBLEM_YAML, line, column, NULL,
                           g_strdup_printf (_("Line %u contains an invisible control character (column %u) that is not allowed in the header. Delete it."),
                                            line, column),
                           parser.problem);
            }
          else
            {
              line = self->fm_line + (guint) parser.problem_mark.line;
              column = (guint) parser.problem_mark.column + 1;
              explain_yaml_error (self, parser.problem ? parser.problem : "error", line, column);
            }
          ok = FALSE;
          break;
        }

      /* libyaml's event parser does not resolve aliases; Jekyll's reader
       * rejects one whose anchor is not defined before it. */
      {
        const yaml_char_t *anchor = event.type == YAML_SCALAR_EVENT ? event.data.scalar.anchor
                                  : event.type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.anchor
                                  : event.type == YAML_MAPPING_START_EVENT ? event.data.mapping_start.anchor
                                  : NULL;
        if (anchor != NULL)
          g_hash_table_add (anchors, g_strdup ((const char *) anchor));
        if (event.type == YAML_ALIAS_EVENT &&
            !g_hash_table_contains (anchors, (const char *) event.data.alias.anchor))
          {
            guint line = self->fm_line + (guint) event.start_mark.line;
            g_autofree char *detail = g_strdup_printf ("undefined alias *%s", (const char *) event.data.alias.anchor);

            set_problem (self, POSTINGS_PROBLEM_YAML, line, (guint) event.start_mark.column + 1, NULL,
                         g_strdup_printf (_("Line %u refers to “*%s”, which is not defined above it. Write the value itself instead."),
                                          line, (const char *) event.data.alias.anchor),
                         detail);
            yaml_event_delete (&event);
            ok = FALSE;
            break;
          }
      }

      switch (event.type)
        {
        case YAML_STREAM_END_EVENT:
          done = TRUE;
          break;

        case YAML_MAPPING_START_EVENT:
          if (!in_root && !seen_root)
            {
              in_root = seen_root = TRUE;
              expecting_key = TRUE;
              break;
            }
          G_GNUC_FALLTHROUGH;
        case YAML_SEQUENCE_START_EVENT:
          if (!in_root || (depth == 0 && entry == NULL))
            goto not_a_mapping;
          if (depth == 0)
            {
              entry->kind = event.type == YAML_SEQUENCE_START_EVENT ? POSTINGS_NODE_SEQUENCE : POSTINGS_NODE_MAPPING;
              entry->style = event.type == YAML_SEQUENCE_START_EVENT
                ? (event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE ? POSTINGS_STYLE_FLOW : POSTINGS_STYLE_BLOCK)
                : (event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE ? POSTINGS_STYLE_FLOW : POSTINGS_STYLE_BLOCK);
              entry->value_span.start = OFF (event.start_mark);
              value_max_end = entry->value_span.start;
              if (entry->kind == POSTINGS_NODE_SEQUENCE)
                {
                  entry->items = g_ptr_array_new_with_free_func (g_free);
                  entry->item_spans = g_array_new (FALSE, FALSE, sizeof (PostingsSpan));
                }
            }
          else if (depth == 1 && entry->kind == POSTINGS_NODE_SEQUENCE)
            {
              PostingsSpan span = { OFF (event.start_mark), OFF (event.end_mark) };
              g_ptr_array_add (entry->items, NULL);
              g_array_append_val (entry->item_spans, span);
            }
          depth++;
          break;

        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT:
          if (depth == 0)
            {
              /* end of the root mapping */
              in_root = FALSE;
              break;
            }
          /* Flow collections end at their bracket; block ones at the next
           * token, so use the last content seen instead. */
          if (entry->style == POSTINGS_STYLE_FLOW && depth == 1)
            value_max_end = MAX (value_max_end, OFF (event.end_mark));
          depth--;
          if (depth == 0)
            {
              entry->value_span.end = value_max_end;
              entry = NULL;
              expecting_key = TRUE;
            }
          break;

        case YAML_SCALAR_EVENT:
        case YAML_ALIAS_EVENT:
          if (!in_root)
            {
              if (!seen_root && event.type == YAML_SCALAR_EVENT && depth == 0 &&
                  plain_is_null ((const char *) event.data.scalar.value) &&
                  event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
                break; /* an empty document */
              goto not_a_mapping;
            }
          if (depth > 0)
            {
              gsize end = OFF (event.end_mark);
              value_max_end = MAX (value_max_end, end);
              if (depth == 1 && entry->kind == POSTINGS_NODE_SEQUENCE)
                {
                  PostingsSpan span = { OFF (event.start_mark), end };
                  g_ptr_array_add (entry->items, event.type == YAML_SCALAR_EVENT
                                   ? g_strdup ((const char *) event.data.scalar.value) : NULL);
                  g_array_append_val (entry->item_spans, span);
                }
              else if (entry->kind == POSTINGS_NODE_SEQUENCE && entry->item_spans->len > 0)
                g_array_index (entry->item_spans, PostingsSpan, entry->item_spans->len - 1).end = end;
              break;
            }
          if (expecting_key)
            {
              entry = g_new0 (PostingsEntry, 1);
              entry->key = g_strdup (event.type == YAML_SCALAR_EVENT ? (const char *) event.data.scalar.value : "*");
              entry->key_span.start = OFF (event.start_mark);
              entry->key_span.end = OFF (event.end_mark);
              entry->line = self->fm_line + (guint) event.start_mark.line;
              entry->column = (guint) event.start_mark.column + 1;
              g_ptr_array_add (self->entries, entry);
              expecting_key = FALSE;
            }
          else
            {
              const char *value = event.type == YAML_SCALAR_EVENT ? (const char *) event.data.scalar.value : NULL;
              gsize start = OFF (event.start_mark), end = OFF (event.end_mark);

              entry->style = event.type == YAML_SCALAR_EVENT ? style_of_scalar (event.data.scalar.style) : POSTINGS_STYLE_PLAIN;
              if (value == NULL || (entry->style == POSTINGS_STYLE_PLAIN && plain_is_null (value)))
                {
                  entry->kind = POSTINGS_NODE_NULL;
                  if (value == NULL || value[0] == '\0')
                    start = end = 0; /* placed after the colon below */
                }
              else
                {
                  entry->kind = POSTINGS_NODE_SCALAR;
                  entry->value = g_strdup (value);
                }
              entry->value_span.start = start;
              entry->value_span.end = end;
              entry = NULL;
              expecting_key = TRUE;
            }
          break;

        case YAML_DOCUMENT_START_EVENT:
        case YAML_DOCUMENT_END_EVENT:
        case YAML_STREAM_START_EVENT:
        case YAML_NO_EVENT:
        default:
          break;
        }

      yaml_event_delete (&event);
      continue;

    not_a_mapping:
      {
        guint line = self->fm_line + (guint) event.start_mark.line;
        set_problem (self, POSTINGS_PROBLEM_NOT_A_MAPPING, line, (guint) event.start_mark.column + 1, NULL,
                     g_strdup_printf (_("The header must be a list of “field: value” lines, but line %u is not. Check that each line starts with a field name followed by “: ”."), line),
                     "front matter is not a mapping");
        yaml_event_delete (&event);
        ok = FALSE;
        break;
      }
    }

#undef OFF

  yaml_parser_delete (&parser);
  g_free (map.char_to_byte);

  if (!ok)
    {
      g_ptr_array_set_size (self->entries, 0);
      return FALSE;
    }

  /* Derived spans: the colon, empty values, whole lines of each entry.
   * Entries come in text order: line starts and ends are found from the
   * previous entry's, so that many entries on one line cost no more than
   * one per line. */
  for (guint i = 0; i < self->entries->len; i++)
    {
      PostingsEntry *e = g_ptr_array_index (self->entries, i);
      gsize colon = e->key_span.end;
      gsize last;

      while (colon < self->fm_end && text[colon] != ':')
        colon++;
      if (e->value_span.start == 0 && e->value_span.end == 0)
        e->value_span.start = e->value_span.end = MIN (colon + 1, self->fm_end);

      /* Trim white space the parser counted in (block scalars). */
      while (e->value_span.end > e->value_span.start &&
             g_ascii_isspace (text[e->value_span.end - 1]))
        e->value_span.end--;

      last = MAX (e->value_span.end, colon + 1);
      e->entry_span.start = cached_line_start (text, e->key_span.start, &lines);
      e->entry_span.end = MIN (cached_next_line (text, self->text->len, last > 0 ? last - 1 : 0, &lines),
                               self->fm_end);
      if (e->entry_span.end < last)
        e->entry_span.end = next_line (text, self->text->len, last);
    }

  /* Lookups by key, and duplicates: Jekyll keeps the last value. Both
   * through one hash table, so that a header of n keys costs O(n). */
  for (guint i = 0; i < self->entries->len; i++)
    {
      PostingsEntry *e = g_ptr_array_index (self->entries, i);
      g_hash_table_insert (self->last_by_key, e->key, GUINT_TO_POINTER (i + 1));
    }
  for (guint i = 0; i < self->entries->len; i++)
    {
      PostingsEntry *e = g_ptr_array_index (self->entries, i);
      guint last = GPOINTER_TO_UINT (g_hash_table_lookup (self->last_by_key, e->key)) - 1;

      if (last != i)
        e->shadowed_by_line = ((PostingsEntry *) g_ptr_array_index (self->entries, last))->line;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Analysis: split by Jekyll's rule, then parse                         */

static void
analyze (PostingsDocument *self)
{
  const char *text = self->text->str;
  gsize len = self->text->len;
  gsize start = 0;
  gsize pos;

  g_hash_table_remove_all (self->last_by_key);
  g_ptr_array_set_size (self->entries, 0);
  problem_clear (&self->problem);
  self->has_front_matter = FALSE;
  self->fm_start = self->fm_end = 0;
  self->fm_line = self->body_line = 1;

  self->has_bom = len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0;
  if (self->has_bom)
    start = 3;
  self->body_start = start;

  pos = line_end (text, len, start);
  self->crlf = pos < len && pos > 0 && text[pos - 1] == '\r';

  /* Jekyll: \A---\s*\n(.*?\n?)^(---|\.\.\.)\s*$\n? */
  if (is_delimiter_line (text, len, start, FALSE) && line_end (text, len, start) < len)
    {
      gsize fm_start = next_line (text, len, start);

      for (pos = fm_start; pos < len; pos = next_line (text, len, pos))
        if (is_delimiter_line (text, len, pos, TRUE))
          break;

      if (pos < len || (pos == len && is_delimiter_line (text, len, pos, TRUE)))
        {
          self->has_front_matter = TRUE;
          self->fm_start = fm_start;
          self->fm_end = pos;
          self->body_start = next_line (text, len, pos);
          self->fm_line = 2;
          self->body_line = line_of (text, self->body_start);
          self->state = check_header_bounds (self) && parse_front_matter (self)
            ? POSTINGS_DOCUMENT_OK : POSTINGS_DOCUMENT_BROKEN;
          return;
        }

      self->state = POSTINGS_DOCUMENT_NO_FRONT_MATTER;
      explain_missing_closing (self, fm_start, 2);
      return;
    }

  self->state = POSTINGS_DOCUMENT_NO_FRONT_MATTER;
  explain_no_front_matter (self, start);
}

static void
text_changed (PostingsDocument *self)
{
  analyze (self);
  self->revision++;
  g_signal_emit (self, signals[CHANGED], 0);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
postings_document_finalize (GObject *object)
{
  PostingsDocument *self = (PostingsDocument *) object;

  g_string_free (self->text, TRUE);
  g_hash_table_unref (self->last_by_key);
  g_ptr_array_unref (self->entries);
  g_strfreev (self->key_order);
  problem_clear (&self->problem);

  G_OBJECT_CLASS (postings_document_parent_class)->finalize (object);
}

static void
postings_document_class_init (PostingsDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = postings_document_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
postings_document_init (PostingsDocument *self)
{
  self->text = g_string_new (NULL);
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->last_by_key = g_hash_table_new (g_str_hash, g_str_equal);
  self->key_order = g_strdupv ((char **) default_key_order);
  analyze (self);
}

PostingsDocument *
postings_document_new (void)
{
  return g_object_new (POSTINGS_TYPE_DOCUMENT, NULL);
}

PostingsDocument *
postings_document_new_from_data (const char *data,
                                 gssize      len)
{
  PostingsDocument *self = postings_document_new ();

  if (len < 0)
    len = data ? (gssize) strlen (data) : 0;
  g_string_truncate (self->text, 0);
  if (data != NULL)
    g_string_append_len (self->text, data, len);
  analyze (self);
  return self;
}

PostingsDocument *
postings_document_new_from_bytes (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return postings_document_new_from_data (data, (gssize) len);
}

/* postings_document_new_for_file() is in postings-file.c, with the reading
 * it shares with saving. */

const char *
postings_document_get_text (PostingsDocument *self,
                            gsize            *len)
{
  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (self), NULL);

  if (len)
    *len = self->text->len;
  return self->text->str;
}

GBytes *
postings_document_serialize (PostingsDocument *self)
{
  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (self), NULL);

  return g_bytes_new (self->text->str, self->text->len);
}

void
postings_document_set_text (PostingsDocument *self,
                            const char       *text,
                            gssize            len)
{
  g_return_if_fail (POSTINGS_IS_DOCUMENT (self));

  if (len < 0)
    len = text ? (gssize) strlen (text) : 0;
  if ((gsize) len == self->text->len && memcmp (self->text->str, text, len) == 0)
    return;
  g_string_truncate (self->text, 0);
  g_string_append_len (self->text, text, len);
  text_changed (self);
}

guint
postings_document_get_revision (PostingsDocument *self)
{
  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (self), 0);
  return self->revision;
}

PostingsDocumentState
postings_document_get_state (PostingsDocument *self)
{
  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (self), POSTINGS_DOCUMENT_NO_FRONT_MATTER);
  return self->state;
}

const PostingsProblem *
postings_document_get_problem (PostingsDocument *self)
{
  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (self), NULL);
  return self->problem.kind == POSTINGS_PROBLEM_NONE ? NULL : &self->problem;
}

gboolean
postings_document_has_bom (PostingsDocument *self)
{
  return self->has_bom;
}

gboolean
postings_document_uses_crlf (PostingsDocument *self)
{
  return self->crlf;
}

const char *
postings_document_get_newline (PostingsDocument *self)
{
  return self->crlf ? "\r\n" : "\n";
}

gboolean
postings_document_get_front_matter_span (PostingsDocument *self,
                                         PostingsSpan     *span)
{
  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (self), FALSE);

  if (!self->has_front_matter)
    return FALSE;
  if (span)
    {
      span->start = self->fm_start;
      span->end = self->fm_end;
    }
  return TRUE;
}

PostingsSpan
postings_document_get_body_span (PostingsDocument *self)
{
  PostingsSpan span = { self->body_start, self->text->len };
  return span;
}

guint
postings_document_get_body_line (PostingsDocument *self)
{
  return self->body_line;
}

char *
postings_document_dup_front_matter (PostingsDocument *self)
{
  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (self), NULL);

  if (!self->has_front_matter)
    return g_strdup ("");
  return g_strndup (self->text->str + self->fm_start, self->fm_end - self->fm_start);
}

char *
postings_document_dup_body (PostingsDocument *self)
{
  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (self), NULL);

  return g_strndup (self->text->str + self->body_start, self->text->len - self->body_start);
}

static void
splice (PostingsDocument *self,
        gsize             start,
        gsize             end,
        const char       *replacement)
{
  g_string_erase (self->text, start, end - start);
  g_string_insert (self->text, start, replacement);
}

void
postings_document_set_body (PostingsDocument *self,
                            const char       *body)
{
  g_return_if_fail (POSTINGS_IS_DOCUMENT (self));

  if (strlen (body) == self->text->len - self->body_start &&
      memcmp (self->text->str + self->body_start, body, self->text->len - self->body_start) == 0)
    return;
  splice (self, self->body_start, self->text->len, body);
  text_changed (self);
}

gboolean
postings_document_set_front_matter (PostingsDocument  *self,
                                    const char        *yaml,
                                    GError           **error)
{
  g_autoptr(GString) text = g_string_new (yaml);
  const char *nl = postings_document_get_newline (self);

  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (self), FALSE);

  if (text->len > 0 && text->str[text->len - 1] != '\n')
    g_string_append (text, nl);

  if (self->has_front_matter)
    {
      if (self->fm_end - self->fm_start != text->len ||
          memcmp (self->text->str + self->fm_start, text->str, text->len) != 0)
        {
          splice (self, self->fm_start, self->fm_end, text->str);
          text_changed (self);
        }
    }
  else
    {
      g_string_prepend (text, "---");
      g_string_insert (text, 3, nl);
      g_string_append (text, "---");
      g_string_append (text, nl);
      splice (self, self->has_bom ? 3 : 0, self->has_bom ? 3 : 0, text->str);
      text_changed (self);
    }

  if (self->state != POSTINGS_DOCUMENT_OK)
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_PARSE, "%s",
                   self->problem.message ? self->problem.message : _("The header cannot be read."));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Reading values                                                      */

guint
postings_document_get_n_entries (PostingsDocument *self)
{
  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (self), 0);
  return self->entries->len;
}

const PostingsEntry *
postings_document_get_entry (PostingsDocument *self,
                             guint             position)
{
  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (self), NULL);

  if (position >= self->entries->len)
    return NULL;
  return g_ptr_array_index (self->entries, position);
}

static int
lookup_index (PostingsDocument *self,
              const char       *key)
{
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->last_by_key, key)) - 1;
}

const PostingsEntry *
postings_document_lookup (PostingsDocument *self,
                          const char       *key)
{
  int i;

  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  i = lookup_index (self, key);
  return i < 0 ? NULL : g_ptr_array_index (self->entries, i);
}

const char *
postings_document_get_string (PostingsDocument *self,
                              const char       *key)
{
  const PostingsEntry *e = postings_document_lookup (self, key);

  return e && e->kind == POSTINGS_NODE_SCALAR ? e->value : NULL;
}

static gboolean
parse_boolean_word (const char *word, gboolean *value)
{
  static const char * const yes[] = { "true", "yes", "on", NULL };
  static const char * const no[] = { "false", "no", "off", NULL };

  for (guint i = 0; yes[i]; i++)
    if (g_ascii_strcasecmp (word, yes[i]) == 0)
      {
        *value = TRUE;
        return TRUE;
      }
  for (guint i = 0; no[i]; i++)
    if (g_ascii_strcasecmp (word, no[i]) == 0)
      {
        *value = FALSE;
        return TRUE;
      }
  return FALSE;
}

gboolean
postings_document_get_boolean (PostingsDocument *self,
                               const char       *key,
                               gboolean         *value)
{
  const PostingsEntry *e = postings_document_lookup (self, key);
  gboolean b;

  /* Only a plain `true`/`false` is a boolean to the site; `"true"` is text. */
  if (e == NULL || e->kind != POSTINGS_NODE_SCALAR || e->style != POSTINGS_STYLE_PLAIN ||
      !parse_boolean_word (e->value, &b))
    return FALSE;
  if (value)
    *value = b;
  return TRUE;
}

char **
postings_document_dup_list (PostingsDocument *self,
                            const char       *key)
{
  const PostingsEntry *e = postings_document_lookup (self, key);
  g_autoptr(GStrvBuilder) builder = NULL;

  if (e == NULL || e->kind != POSTINGS_NODE_SEQUENCE)
    return NULL;
  builder = g_strv_builder_new ();
  for (guint i = 0; i < e->items->len; i++)
    if (g_ptr_array_index (e->items, i) != NULL)
      g_strv_builder_add (builder, g_ptr_array_index (e->items, i));
  return g_strv_builder_end (builder);
}

void
postings_document_set_key_order (PostingsDocument   *self,
                                 const char * const *keys)
{
  g_return_if_fail (POSTINGS_IS_DOCUMENT (self));

  g_strfreev (self->key_order);
  self->key_order = g_strdupv ((char **) (keys ? keys : default_key_order));
}

/* ------------------------------------------------------------------ */
/* Formatting values with libyaml's emitter                            */

gboolean
postings_yaml_plain_is_text (const char *text)
{
  static const char * const words[] = {
    "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", "=", "<<",
    ".inf", "-.inf", "+.inf", ".nan", NULL
  };
  const char *p = text;

  if (text == NULL || text[0] == '\0')
    return FALSE;
  for (guint i = 0; words[i]; i++)
    if (g_ascii_strcasecmp (text, words[i]) == 0)
      return FALSE;
  /* Ruby reads `:name` as a symbol */
  if (text[0] == ':')
    return FALSE;
  /* numbers in all YAML 1.1 forms (1_000, 1,000, 0x1F, 1e3, 1:30, dates) */
  if (*p == '-' || *p == '+')
    p++;
  if (g_ascii_isdigit (*p) || (*p == '.' && g_ascii_isdigit (p[1])))
    {
      const char *q = p;
      while (*q && (g_ascii_isxdigit (*q) || strchr ("xXoObB_,.:eE+-", *q)))
        q++;
      if (*q == '\0')
        return FALSE;
    }
  /* timestamps: 2021-11-24T11:04:26.278Z, 2021-11-24 11:04 */
  if (g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1]) && g_ascii_isdigit (text[2]) &&
      g_ascii_isdigit (text[3]) && text[4] == '-' && g_ascii_isdigit (text[5]))
    return FALSE;
  return TRUE;
}

static int
emit_to_string (void *data, unsigned char *buffer, size_t size)
{
  g_string_append_len (data, (const char *) buffer, (gssize) size);
  return 1;
}

static gboolean
emit_scalar_event (yaml_emitter_t *emitter, const char *value, yaml_scalar_style_t style)
{
  yaml_event_t event;

  yaml_scalar_event_initialize (&event, NULL, NULL, (yaml_char_t *) value, (int) strlen (value),
                                1, 1, style);
  return yaml_emitter_emit (emitter, &event);
}

/* Emits `k: value` (block) or `[value]` (flow) and returns just the value. */
static char *
emit_value (const char *value, yaml_scalar_style_t style, gboolean flow, gboolean as_key)
{
  yaml_emitter_t emitter;
  yaml_event_t event;
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean ok = TRUE;
  char *result = NULL;

  yaml_emitter_initialize (&emitter);
  yaml_emitter_set_output (&emitter, emit_to_string, out);
  yaml_emitter_set_width (&emitter, -1);
  yaml_emitter_set_unicode (&emitter, 1);
  yaml_emitter_set_break (&emitter, YAML_LN_BREAK);

  yaml_stream_start_event_initialize (&event, YAML_UTF8_ENCODING);
  ok = ok && yaml_emitter_emit (&emitter, &event);
  yaml_document_start_event_initialize (&event, NULL, NULL, NULL, 1);
  ok = ok && yaml_emitter_emit (&emitter, &event);
  if (flow)
    yaml_sequence_start_event_initialize (&event, NULL, NULL, 1, YAML_FLOW_SEQUENCE_STYLE);
  else
    yaml_mapping_start_event_initialize (&event, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
  ok = ok && yaml_emitter_emit (&emitter, &event);
  if (as_key)
    {
      ok = ok && emit_scalar_event (&emitter, value, style);
      ok = ok && emit_scalar_event (&emitter, "v", YAML_PLAIN_SCALAR_STYLE);
    }
  else
    {
      if (!flow)
        ok = ok && emit_scalar_event (&emitter, "k", YAML_PLAIN_SCALAR_STYLE);
      ok = ok && emit_scalar_event (&emitter, value, style);
    }
  if (flow)
    yaml_sequence_end_event_initialize (&event);
  else
    yaml_mapping_end_event_initialize (&event);
  ok = ok && yaml_emitter_emit (&emitter, &event);
  yaml_document_end_event_initialize (&event, 1);
  ok = ok && yaml_emitter_emit (&emitter, &event);
  yaml_stream_end_event_initialize (&event);
  ok = ok && yaml_emitter_emit (&emitter, &event);
  yaml_emitter_delete (&emitter);

  if (!ok)
    return NULL;

  /* Strip the scaffolding around the value. */
  while (out->len > 0 && (out->str[out->len - 1] == '\n' || out->str[out->len - 1] == ' '))
    g_string_truncate (out, out->len - 1);
  if (g_str_has_suffix (out->str, "\n..."))
    g_string_truncate (out, out->len - 4);
  if (as_key)
    {
      if (g_str_has_suffix (out->str, ": v"))
        result = g_strndup (out->str, out->len - 3);
    }
  else if (flow)
    {
      if (out->len >= 2 && out->str[0] == '[' && out->str[out->len - 1] == ']')
        result = g_strndup (out->str + 1, out->len - 2);
    }
  else if (g_str_has_prefix (out->str, "k: "))
    result = g_strdup (out->str + 3);

  if (result != NULL && strchr (result, '\n') != NULL)
    g_clear_pointer (&result, g_free);
  return result;
}

char *
postings_yaml_format_scalar (const char        *value,
                             PostingsValueKind  kind,
                             PostingsStyle      preferred,
                             gboolean           flow)
{
  yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;
  char *result;

  g_return_val_if_fail (value != NULL, NULL);

  if (kind == POSTINGS_VALUE_TEXT)
    {
      if (preferred == POSTINGS_STYLE_SINGLE_QUOTED)
        style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
      else if (preferred == POSTINGS_STYLE_DOUBLE_QUOTED)
        style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
      if (style == YAML_PLAIN_SCALAR_STYLE && !postings_yaml_plain_is_text (value))
        style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
    }
  /* Line breaks stay on one line only in double quotes (as \n). */
  if (strchr (value, '\n') != NULL || strchr (value, '\r') != NULL)
    style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;

  result = emit_value (value, style, flow, FALSE);
  /* 'L''équipe : …' is valid but hard to read: prefer "L'équipe : …"
   * when the value needs quotes anyway and double quotes need no escape. */
  if (result != NULL && result[0] == '\'' && preferred != POSTINGS_STYLE_SINGLE_QUOTED &&
      strchr (value, '\'') != NULL)
    {
      char *dq = emit_value (value, YAML_DOUBLE_QUOTED_SCALAR_STYLE, flow, FALSE);
      if (dq != NULL && strchr (dq, '\\') == NULL)
        {
          g_free (result);
          result = dq;
        }
      else
        g_free (dq);
    }
  if (result == NULL && style != YAML_DOUBLE_QUOTED_SCALAR_STYLE)
    result = emit_value (value, YAML_DOUBLE_QUOTED_SCALAR_STYLE, flow, FALSE);
  return result;
}

static char *
format_key (const char *key)
{
  return emit_value (key, YAML_PLAIN_SCALAR_STYLE, FALSE, TRUE);
}

/* ------------------------------------------------------------------ */
/* Edits                                                               */

typedef struct
{
  char *key;
  PostingsSpan span;  /* the entry's bytes in the snapshot's text */
} EntrySnapshot;

/* The text and its entries before an edit: to check the edit against, and
 * to restore when it is refused. The text is copied whole, NUL bytes
 * included (the body may hold some). */
typedef struct
{
  char *text;
  gsize len;
  GArray *entries;  /* EntrySnapshot */
} Snapshot;

static void
entry_snapshot_clear (gpointer data)
{
  EntrySnapshot *s = data;
  g_free (s->key);
}

static void
snapshot_take (PostingsDocument *self, Snapshot *snap)
{
  snap->len = self->text->len;
  snap->text = g_malloc (snap->len + 1);
  memcpy (snap->text, self->text->str, snap->len + 1);
  snap->entries = g_array_sized_new (FALSE, TRUE, sizeof (EntrySnapshot), self->entries->len);
  g_array_set_clear_func (snap->entries, entry_snapshot_clear);
  for (guint i = 0; i < self->entries->len; i++)
    {
      PostingsEntry *e = g_ptr_array_index (self->entries, i);
      EntrySnapshot es = { g_strdup (e->key), e->entry_span };
      g_array_append_val (snap->entries, es);
    }
}

static void
snapshot_clear (Snapshot *snap)
{
  g_clear_pointer (&snap->text, g_free);
  g_clear_pointer (&snap->entries, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Snapshot, snapshot_clear)

static void
snapshot_restore (PostingsDocument *self, const Snapshot *snap)
{
  g_string_truncate (self->text, 0);
  g_string_append_len (self->text, snap->text, (gssize) snap->len);
  analyze (self);
}

/* Every entry except @key is byte-identical and in the same order; entries
 * of @key may appear, change or disappear (all at one place). Entries
 * sharing their lines (a header written `{a: 1, b: 2}`) are compared once,
 * so that the check stays linear. */
static gboolean
others_unchanged (PostingsDocument *self,
                  const Snapshot   *before,
                  const char       *key,
                  const char       *also_key)
{
  PostingsSpan last_old = { 1, 0 }, last_new = { 1, 0 };
  guint j = 0;

  for (guint i = 0; i < before->entries->len; i++)
    {
      EntrySnapshot *s = &g_array_index (before->entries, EntrySnapshot, i);
      PostingsEntry *e;
      gsize len = s->span.end - s->span.start;

      if (g_str_equal (s->key, key) || (also_key && g_str_equal (s->key, also_key)))
        continue;
      while (j < self->entries->len)
        {
          e = g_ptr_array_index (self->entries, j);
          if (g_str_equal (e->key, key) || (also_key && g_str_equal (e->key, also_key)))
            j++;
          else
            break;
        }
      if (j >= self->entries->len)
        return FALSE;
      e = g_ptr_array_index (self->entries, j);
      if (!g_str_equal (e->key, s->key) || len != e->entry_span.end - e->entry_span.start)
        return FALSE;
      if (!(s->span.start == last_old.start && s->span.end == last_old.end &&
            e->entry_span.start == last_new.start && e->entry_span.end == last_new.end) &&
          memcmp (before->text + s->span.start, self->text->str + e->entry_span.start, len) != 0)
        return FALSE;
      last_old = s->span;
      last_new = e->entry_span;
      j++;
    }
  for (; j < self->entries->len; j++)
    {
      PostingsEntry *e = g_ptr_array_index (self->entries, j);
      if (!g_str_equal (e->key, key) && !(also_key && g_str_equal (e->key, also_key)))
        return FALSE;
    }
  return TRUE;
}

typedef gboolean (*CheckFunc) (PostingsDocument *self, gconstpointer data);

/* Applies a splice, re-parses, and keeps it only when @check agrees and no
 * other entry changed. */
static gboolean
apply_edit (PostingsDocument  *self,
            gsize              start,
            gsize              end,
            const char        *replacement,
            const char        *key,
            const char        *also_key,
            CheckFunc          check,
            gconstpointer      check_data,
            GError           **error)
{
  g_auto(Snapshot) before = { 0 };

  snapshot_take (self, &before);
  splice (self, start, end, replacement);
  analyze (self);

  if (self->state != POSTINGS_DOCUMENT_OK ||
      !others_unchanged (self, &before, key, also_key) ||
      (check != NULL && !check (self, check_data)))
    {
      g_autofree char *problem = g_strdup (self->problem.detail);

      snapshot_restore (self, &before);
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_INVALID_EDIT,
                   _("This change to “%s” was refused: the header would not read back as intended."), key);
      g_debug ("refused edit of %s: %s", key, problem ? problem : "value check failed");
      return FALSE;
    }

  self->revision++;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

static gboolean
require_ok (PostingsDocument *self,
            GError          **error)
{
  if (self->state == POSTINGS_DOCUMENT_OK)
    return TRUE;
  g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_PARSE, "%s",
               self->problem.message ? self->problem.message : _("The header cannot be read."));
  return FALSE;
}

/* Where a new key goes: after the nearest key that precedes it in the key
 * order, else at the end of the front matter. */
static gsize
insertion_point (PostingsDocument *self,
                 const char       *key)
{
  int pos = -1;

  for (guint i = 0; self->key_order[i]; i++)
    if (g_str_equal (self->key_order[i], key))
      {
        pos = (int) i;
        break;
      }

  for (int i = pos - 1; i >= 0; i--)
    {
      int idx = lookup_index (self, self->key_order[i]);
      if (idx >= 0)
        {
          /* after the last entry with that key */
          PostingsEntry *e = g_ptr_array_index (self->entries, idx);
          return e->entry_span.end;
        }
    }
  return self->fm_end;
}

static gboolean
add_entry (PostingsDocument  *self,
           const char        *key,
           const char        *value_text,
           CheckFunc          check,
           gconstpointer      check_data,
           GError           **error)
{
  g_autofree char *key_text = format_key (key);
  g_autofree char *line = NULL;
  gsize at;

  if (key_text == NULL)
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_INVALID_EDIT,
                   _("“%s” cannot be used as a field name."), key);
      return FALSE;
    }
  at = insertion_point (self, key);
  line = g_strconcat (key_text, ":", value_text[0] ? " " : "", value_text,
                      postings_document_get_newline (self), NULL);
  /* the front matter may end without a newline before `---` only when empty */
  return apply_edit (self, at, at, line, key, NULL, check, check_data, error);
}

typedef struct
{
  const char *key;
  const char *value;
  PostingsValueKind kind;
} ScalarCheck;

static gboolean
check_scalar (PostingsDocument *self, gconstpointer data)
{
  const ScalarCheck *c = data;
  const PostingsEntry *e = postings_document_lookup (self, c->key);

  if (e == NULL || e->kind != POSTINGS_NODE_SCALAR || g_strcmp0 (e->value, c->value) != 0)
    return FALSE;
  if (c->kind == POSTINGS_VALUE_TEXT && e->style == POSTINGS_STYLE_PLAIN)
    return postings_yaml_plain_is_text (e->value);
  if (c->kind == POSTINGS_VALUE_BOOLEAN)
    return e->style == POSTINGS_STYLE_PLAIN;
  return TRUE;
}

/* Replacing a whole value: the region after the colon for multi-line
 * values, the value span otherwise. */
static void
value_region (PostingsDocument    *self,
              const PostingsEntry *e,
              gsize               *start,
              gsize               *end,
              gboolean            *needs_space)
{
  const char *text = self->text->str;
  gboolean multi_line = line_end (text, self->text->len, e->key_span.end) < e->value_span.end;
  gboolean block = (e->kind == POSTINGS_NODE_SEQUENCE || e->kind == POSTINGS_NODE_MAPPING) &&
                   e->style == POSTINGS_STYLE_BLOCK;

  if (e->kind == POSTINGS_NODE_NULL || block || e->style == POSTINGS_STYLE_LITERAL ||
      e->style == POSTINGS_STYLE_FOLDED || (multi_line && e->value_span.start > line_end (text, self->text->len, e->key_span.end)))
    {
      gsize colon = e->key_span.end;
      while (colon < e->value_span.start && text[colon] != ':')
        colon++;
      if (colon >= e->value_span.start || colon >= self->fm_end)
        {
          /* `? key` forms: no colon right after the key */
          *start = e->value_span.start;
          *end = e->value_span.end;
          *needs_space = FALSE;
          return;
        }
      *start = colon + 1;
      *end = (e->kind == POSTINGS_NODE_NULL && e->value_span.end <= *start) ? *start : e->value_span.end;
      /* keep a trailing comment of a `key: # comment` line */
      *needs_space = TRUE;
      if (*end == *start && *start < self->text->len && text[*start] == ' ')
        {
          (*start)++;
          *end = *start;
          *needs_space = FALSE;
        }
      return;
    }
  *start = e->value_span.start;
  *end = e->value_span.end;
  *needs_space = FALSE;
}

static gboolean
replace_value (PostingsDocument  *self,
               const PostingsEntry *e,
               const char        *key,
               const char        *value_text,
               CheckFunc          check,
               gconstpointer      check_data,
               GError           **error)
{
  gsize start, end;
  gboolean needs_space;
  g_autofree char *replacement = NULL;

  value_region (self, e, &start, &end, &needs_space);
  replacement = g_strconcat (needs_space ? " " : "", value_text, NULL);
  return apply_edit (self, start, end, replacement, key, NULL, check, check_data, error);
}

gboolean
postings_document_set_value (PostingsDocument   *self,
                             const char         *key,
                             const char         *value,
                             PostingsValueKind   kind,
                             GError            **error)
{
  const PostingsEntry *e;
  g_autofree char *formatted = NULL;
  g_autofree char *normalized = NULL;
  PostingsStyle preferred = POSTINGS_STYLE_PLAIN;
  ScalarCheck check = { key, value, kind };

  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (key != NULL && value != NULL, FALSE);

  if (!require_ok (self, error))
    return FALSE;

  if (kind == POSTINGS_VALUE_BOOLEAN)
    {
      gboolean b;
      if (!parse_boolean_word (value, &b))
        {
          g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_INVALID_EDIT,
                       _("“%s” expects true or false, not “%s”."), key, value);
          return FALSE;
        }
      normalized = g_strdup (b ? "true" : "false");
      check.value = normalized;
      value = normalized;
    }

  e = postings_document_lookup (self, key);
  if (e != NULL && e->kind == POSTINGS_NODE_SCALAR)
    {
      preferred = e->style;
      /* unchanged: nothing to write */
      if (g_strcmp0 (e->value, value) == 0 && check_scalar (self, &check))
        return TRUE;
    }

  formatted = postings_yaml_format_scalar (value, kind, preferred, FALSE);
  if (formatted == NULL)
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_INVALID_EDIT,
                   _("This value cannot be written on one line: “%s”."), value);
      return FALSE;
    }

  if (e == NULL)
    return add_entry (self, key, formatted, check_scalar, &check, error);
  return replace_value (self, e, key, formatted, check_scalar, &check, error);
}

typedef struct
{
  const char *key;
  const char * const *items;
} ListCheck;

static gboolean
check_list (PostingsDocument *self, gconstpointer data)
{
  const ListCheck *c = data;
  const PostingsEntry *e = postings_document_lookup (self, c->key);
  guint n = c->items ? g_strv_length ((char **) c->items) : 0;

  if (e == NULL)
    return FALSE;
  if (e->kind == POSTINGS_NODE_NULL)
    return n == 0;
  if (e->kind != POSTINGS_NODE_SEQUENCE || e->items->len != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (g_ptr_array_index (e->items, i), c->items[i]) != 0)
      return FALSE;
  return TRUE;
}

static char *
format_flow_list (const char * const *items)
{
  g_autoptr(GString) s = g_string_new ("[");

  for (guint i = 0; items && items[i]; i++)
    {
      g_autofree char *item = postings_yaml_format_scalar (items[i], POSTINGS_VALUE_TEXT, POSTINGS_STYLE_PLAIN, TRUE);
      if (item == NULL)
        return NULL;
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, item);
    }
  g_string_append_c (s, ']');
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* The text before an item's value on its line: `  - `. */
static char *
item_prefix (PostingsDocument *self, PostingsSpan span)
{
  gsize ls = line_start (self->text->str, span.start);
  return g_strndup (self->text->str + ls, span.start - ls);
}

gboolean
postings_document_set_list (PostingsDocument    *self,
                            const char          *key,
                            const char * const  *items,
                            GError             **error)
{
  const PostingsEntry *e;
  ListCheck check = { key, items };

  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!require_ok (self, error))
    return FALSE;

  e = postings_document_lookup (self, key);
  if (e != NULL && check_list (self, &check))
    return TRUE;

  if (e != NULL && e->kind == POSTINGS_NODE_SEQUENCE && e->style == POSTINGS_STYLE_BLOCK &&
      e->item_spans->len > 0 && items != NULL && items[0] != NULL)
    {
      /* Block stays block, with the indentation of its first item. */
      PostingsSpan first = g_array_index (e->item_spans, PostingsSpan, 0);
      PostingsSpan last = g_array_index (e->item_spans, PostingsSpan, e->item_spans->len - 1);
      g_autofree char *prefix = item_prefix (self, first);
      g_autoptr(GString) lines = g_string_new (NULL);
      gsize start = line_start (self->text->str, first.start);
      gsize end = next_line (self->text->str, self->text->len, last.end > 0 ? last.end - 1 : 0);

      for (guint i = 0; items[i]; i++)
        {
          g_autofree char *item = postings_yaml_format_scalar (items[i], POSTINGS_VALUE_TEXT, POSTINGS_STYLE_PLAIN, FALSE);
          if (item == NULL)
            {
              g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_INVALID_EDIT,
                           _("This value cannot be written on one line: “%s”."), items[i]);
              return FALSE;
            }
          g_string_append_printf (lines, "%s%s%s", prefix, item, postings_document_get_newline (self));
        }
      return apply_edit (self, start, end, lines->str, key, NULL, check_list, &check, error);
    }
  else
    {
      g_autofree char *flow = format_flow_list (items);

      if (flow == NULL)
        {
          g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_INVALID_EDIT,
                       _("This list cannot be written on one line."));
          return FALSE;
        }
      if (e == NULL)
        return add_entry (self, key, flow, check_list, &check, error);
      return replace_value (self, e, key, flow, check_list, &check, error);
    }
}

static char **
current_items (const PostingsEntry *e)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (e != NULL && e->kind == POSTINGS_NODE_SEQUENCE)
    for (guint i = 0; i < e->items->len; i++)
      g_strv_builder_add (builder, g_ptr_array_index (e->items, i) ? g_ptr_array_index (e->items, i) : "");
  return g_strv_builder_end (builder);
}

static gboolean
require_list (const PostingsEntry *e, const char *key, GError **error)
{
  if (e == NULL || e->kind == POSTINGS_NODE_NULL || e->kind == POSTINGS_NODE_SEQUENCE)
    return TRUE;
  g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_A_LIST,
               _("“%s” is not a list: it holds a single value."), key);
  return FALSE;
}

gboolean
postings_document_list_append (PostingsDocument  *self,
                               const char        *key,
                               const char        *item,
                               GError           **error)
{
  const PostingsEntry *e;
  g_auto(GStrv) items = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) wanted = NULL;
  ListCheck check;

  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (self), FALSE);

  if (!require_ok (self, error))
    return FALSE;
  e = postings_document_lookup (self, key);
  if (!require_list (e, key, error))
    return FALSE;

  items = current_items (e);
  g_strv_builder_addv (builder, (const char **) items);
  g_strv_builder_add (builder, item);
  wanted = g_strv_builder_end (builder);
  check.key = key;
  check.items = (const char * const *) wanted;

  if (e == NULL || e->kind == POSTINGS_NODE_NULL || e->item_spans->len == 0)
    return postings_document_set_list (self, key, check.items, error);

  if (e->style == POSTINGS_STYLE_BLOCK)
    {
      PostingsSpan last = g_array_index (e->item_spans, PostingsSpan, e->item_spans->len - 1);
      g_autofree char *prefix = item_prefix (self, last);
      g_autofree char *text = postings_yaml_format_scalar (item, POSTINGS_VALUE_TEXT, POSTINGS_STYLE_PLAIN, FALSE);
      g_autofree char *line = NULL;
      gsize at = next_line (self->text->str, self->text->len, last.end > 0 ? last.end - 1 : 0);

      /* nested items have prefixes like `- a: ` : only plain dashes are copied */
      if (text == NULL || strspn (prefix, " -") != strlen (prefix))
        return postings_document_set_list (self, key, check.items, error);
      line = g_strconcat (prefix, text, postings_document_get_newline (self), NULL);
      return apply_edit (self, at, at, line, key, NULL, check_list, &check, error);
    }
  else
    {
      PostingsSpan last = g_array_index (e->item_spans, PostingsSpan, e->item_spans->len - 1);
      g_autofree char *text = postings_yaml_format_scalar (item, POSTINGS_VALUE_TEXT, POSTINGS_STYLE_PLAIN, TRUE);
      g_autofree char *insert = NULL;

      if (text == NULL)
        return postings_document_set_list (self, key, check.items, error);
      insert = g_strconcat (", ", text, NULL);
      return apply_edit (self, last.end, last.end, insert, key, NULL, check_list, &check, error);
    }
}

gboolean
postings_document_list_remove (PostingsDocument  *self,
                               const char        *key,
                               const char        *item,
                               GError           **error)
{
  const PostingsEntry *e;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) wanted = NULL;
  ListCheck check;
  int found = -1;
  gsize start, end;

  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (self), FALSE);

  if (!require_ok (self, error))
    return FALSE;
  e = postings_document_lookup (self, key);
  if (e == NULL || e->kind != POSTINGS_NODE_SEQUENCE)
    {
      if (!require_list (e, key, error))
        return FALSE;
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_FOUND,
                   _("“%s” has no item “%s”."), key, item);
      return FALSE;
    }

  for (guint i = 0; i < e->items->len; i++)
    {
      const char *it = g_ptr_array_index (e->items, i);
      if (found < 0 && g_strcmp0 (it, item) == 0)
        found = (int) i;
      else
        g_strv_builder_add (builder, it ? it : "");
    }
  if (found < 0)
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_FOUND,
                   _("“%s” has no item “%s”."), key, item);
      return FALSE;
    }
  wanted = g_strv_builder_end (builder);
  check.key = key;
  check.items = (const char * const *) wanted;

  if (e->style == POSTINGS_STYLE_BLOCK)
    {
      PostingsSpan span = g_array_index (e->item_spans, PostingsSpan, found);
      start = line_start (self->text->str, span.start);
      end = next_line (self->text->str, self->text->len, span.end > 0 ? span.end - 1 : 0);
      /* removing the only item would leave `key:`; an empty flow list reads the same to the site */
      if (e->items->len == 1)
        return postings_document_set_list (self, key, check.items, error);
    }
  else
    {
      PostingsSpan span = g_array_index (e->item_spans, PostingsSpan, found);
      if ((guint) found + 1 < e->item_spans->len)
        {
          start = span.start;
          end = g_array_index (e->item_spans, PostingsSpan, found + 1).start;
        }
      else if (found > 0)
        {
          start = g_array_index (e->item_spans, PostingsSpan, found - 1).end;
          end = span.end;
        }
      else
        {
          start = span.start;
          end = span.end;
        }
    }
  return apply_edit (self, start, end, "", key, NULL, check_list, &check, error);
}

static gboolean
check_absent (PostingsDocument *self, gconstpointer data)
{
  return postings_document_lookup (self, data) == NULL;
}

gboolean
postings_document_remove_key (PostingsDocument  *self,
                              const char        *key,
                              GError           **error)
{
  g_auto(Snapshot) before = { 0 };

  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (self), FALSE);

  if (!require_ok (self, error))
    return FALSE;
  if (postings_document_lookup (self, key) == NULL)
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_FOUND,
                   _("There is no field “%s”."), key);
      return FALSE;
    }

  /* Remove every occurrence, last first, then check once. */
  snapshot_take (self, &before);
  for (guint i = self->entries->len; i > 0; i--)
    {
      PostingsEntry *e = g_ptr_array_index (self->entries, i - 1);
      if (g_str_equal (e->key, key))
        g_string_erase (self->text, e->entry_span.start, e->entry_span.end - e->entry_span.start);
    }
  analyze (self);
  if (self->state != POSTINGS_DOCUMENT_OK || !others_unchanged (self, &before, key, NULL) ||
      !check_absent (self, key))
    {
      snapshot_restore (self, &before);
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_INVALID_EDIT,
                   _("This change to “%s” was refused: the header would not read back as intended."), key);
      return FALSE;
    }
  self->revision++;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

gboolean
postings_document_remove_entry (PostingsDocument  *self,
                                guint              position,
                                GError           **error)
{
  PostingsEntry *e;
  g_autofree char *key = NULL;
  guint n_same = 0;

  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (self), FALSE);

  if (!require_ok (self, error))
    return FALSE;
  if (position >= self->entries->len)
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_FOUND, _("There is no such field."));
      return FALSE;
    }
  e = g_ptr_array_index (self->entries, position);
  key = g_strdup (e->key);
  for (guint i = 0; i < self->entries->len; i++)
    if (g_str_equal (((PostingsEntry *) g_ptr_array_index (self->entries, i))->key, key))
      n_same++;
  if (n_same == 1)
    return postings_document_remove_key (self, key, error);

  /* The value the site uses must stay what it was when an earlier duplicate goes. */
  {
    int last = lookup_index (self, key);
    PostingsEntry *kept = g_ptr_array_index (self->entries, last);
    g_autofree char *kept_text = g_strndup (self->text->str + kept->entry_span.start,
                                            kept->entry_span.end - kept->entry_span.start);
    gboolean removing_last = (int) position == last;
    gsize start = e->entry_span.start, end = e->entry_span.end;
    g_auto(Snapshot) before = { 0 };
    gboolean ok;

    snapshot_take (self, &before);
    g_string_erase (self->text, start, end - start);
    analyze (self);
    ok = self->state == POSTINGS_DOCUMENT_OK && others_unchanged (self, &before, key, NULL);
    if (ok && !removing_last)
      {
        const PostingsEntry *now = postings_document_lookup (self, key);
        ok = now != NULL && strlen (kept_text) == now->entry_span.end - now->entry_span.start &&
             memcmp (kept_text, self->text->str + now->entry_span.start, strlen (kept_text)) == 0;
      }
    if (!ok)
      {
        snapshot_restore (self, &before);
        g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_INVALID_EDIT,
                     _("This change to “%s” was refused: the header would not read back as intended."), key);
        return FALSE;
      }
    self->revision++;
    g_signal_emit (self, signals[CHANGED], 0);
    return TRUE;
  }
}

typedef struct
{
  const char *new_key;
  char *old_text_of_value;
} RenameCheck;

static gboolean
check_renamed (PostingsDocument *self, gconstpointer data)
{
  const RenameCheck *c = data;
  const PostingsEntry *e = postings_document_lookup (self, c->new_key);

  return e != NULL &&
         strlen (c->old_text_of_value) == e->value_span.end - e->value_span.start &&
         memcmp (c->old_text_of_value, self->text->str + e->value_span.start, strlen (c->old_text_of_value)) == 0;
}

gboolean
postings_document_rename_key (PostingsDocument  *self,
                              const char        *key,
                              const char        *new_key,
                              GError           **error)
{
  const PostingsEntry *e;
  g_autofree char *key_text = NULL;
  g_autofree char *value_text = NULL;
  RenameCheck check;

  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (self), FALSE);

  if (!require_ok (self, error))
    return FALSE;
  e = postings_document_lookup (self, key);
  if (e == NULL)
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_FOUND, _("There is no field “%s”."), key);
      return FALSE;
    }
  if (postings_document_lookup (self, new_key) != NULL)
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_EXISTS,
                   _("There is already a field “%s”."), new_key);
      return FALSE;
    }
  key_text = format_key (new_key);
  if (key_text == NULL)
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_INVALID_EDIT,
                   _("“%s” cannot be used as a field name."), new_key);
      return FALSE;
    }
  value_text = g_strndup (self->text->str + e->value_span.start, e->value_span.end - e->value_span.start);
  check.new_key = new_key;
  check.old_text_of_value = value_text;
  return apply_edit (self, e->key_span.start, e->key_span.end, key_text, key, new_key,
                     check_renamed, &check, error);
}
