/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cmark.h>
#include <string.h>

#include "postings-words.h"

/*
 * A scanner over the text: code blocks come from cmark's tree (block
 * positions are exact there); everything inline (code spans, tags,
 * comments, link targets, URLs, addresses) is recognised by the scanner
 * itself, which never needs to look further than the end of a paragraph
 * except to find the end of an HTML comment.
 */

typedef struct
{
  const char *text;
  gsize len;
  gsize base;           /* added to every word's offsets */
  GArray *out;          /* PostingsWord */
  GArray *skips;        /* PostingsWord: byte ranges never read (code blocks) */
  guint next_skip;
} Scanner;

static gunichar
char_at (const Scanner *s, gsize p)
{
  if (p >= s->len)
    return 0;
  if ((guchar) s->text[p] < 0x80)
    return (guchar) s->text[p];
  return g_utf8_get_char_validated (s->text + p, (gssize) (s->len - p));
}

static gsize
next_pos (const Scanner *s, gsize p)
{
  if (p >= s->len)
    return s->len;
  if ((guchar) s->text[p] < 0x80)
    return p + 1;
  p++;
  while (p < s->len && ((guchar) s->text[p] & 0xC0) == 0x80)
    p++;
  return p;
}

static gboolean
is_letter (gunichar c)
{
  return c != (gunichar) -1 && c != (gunichar) -2 && (g_unichar_isalpha (c) || g_unichar_ismark (c));
}

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == 0x2019;
}

static gboolean
is_hyphen (gunichar c)
{
  return c == '-' || c == 0x2010 || c == 0x2011;
}

/* The point médian and its look-alikes used in job offers. */
static gboolean
is_median (gunichar c)
{
  return c == 0x00B7 || c == 0x2027 || c == 0x22C5 || c == 0x2219 || c == 0x2022;
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* A run of lowercase letters after @p (a suffix of an inclusive form):
 * its length in characters, 0 when there is none or it is longer than
 * @max. *@end is where it stops. */
static guint
lower_run (const Scanner *s, gsize p, guint max, gsize *end)
{
  guint n = 0;

  while (p < s->len)
    {
      gunichar c = char_at (s, p);

      if (!is_letter (c))
        break;
      if (!g_unichar_islower (c) && !g_unichar_ismark (c))
        return 0;
      if (++n > max)
        return 0;
      p = next_pos (s, p);
    }
  *end = p;
  return n;
}

/* ------------------------------------------------------------------ */
/* What is not prose                                                   */

static gboolean
has_prefix_ci (const Scanner *s, gsize p, const char *prefix)
{
  gsize n = strlen (prefix);

  return p + n <= s->len && g_ascii_strncasecmp (s->text + p, prefix, n) == 0;
}

/* `<!-- … -->`: past its end (the end of the text when it is not closed). */
static gsize
skip_comment (const Scanner *s, gsize p)
{
  const char *end = g_strstr_len (s->text + p + 4, (gssize) (s->len - p - 4), "-->");

  return end != NULL ? (gsize) (end - s->text) + 3 : s->len;
}

/* A tag (`<a href="…">`, `</p>`, `<br/>`, `<!DOCTYPE …>`, `<?xml …?>`) or
 * an autolink (`<https://…>`, `<nom@example.fr>`): past its `>`, or 0 when
 * @p does not start one (a lone `<`, `a < b`). Quoted attribute values may
 * hold `>`; a tag never holds a blank line. */
static gsize
skip_tag (const Scanner *s, gsize p)
{
  gsize q = p + 1;
  char quote = 0;
  gboolean newline = FALSE;

  if (q >= s->len)
    return 0;
  if (!g_ascii_isalpha (s->text[q]) && s->text[q] != '/' && s->text[q] != '!' && s->text[q] != '?')
    return 0;

  for (; q < s->len; q++)
    {
      char c = s->text[q];

      if (quote)
        {
          if (c == quote)
            quote = 0;
        }
      else if (c == '"' || c == '\'')
        {
          /* an apostrophe inside a word is not a quote: `<l'équipe` is not a tag */
          if (c == '\'' && q > p + 1 && g_ascii_isalpha (s->text[q - 1]))
            return 0;
          quote = c;
        }
      else if (c == '>')
        return q + 1;
      else if (c == '<')
        return 0;

      if (c == '\n')
        {
          if (newline)
            return 0;
          newline = TRUE;
        }
      else if (!is_space (c))
        newline = FALSE;
    }
  return 0;
}

/* `(target "title")` after `]`: past the closing parenthesis (balanced),
 * or @p when there is none before a blank line. */
static gsize
skip_target (const Scanner *s, gsize p)
{
  guint depth = 0;
  gboolean newline = FALSE;

  for (gsize q = p; q < s->len; q++)
    {
      char c = s->text[q];

      if (c == '\\' && q + 1 < s->len)
        q++;
      else if (c == '(')
        depth++;
      else if (c == ')' && --depth == 0)
        return q + 1;
      if (c == '\n')
        {
          if (newline)
            return p;
          newline = TRUE;
        }
      else if (!is_space (c))
        newline = FALSE;
    }
  return p;
}

/* A code span: a run of N backticks, up to the next run of exactly N
 * (not past a blank line). Past it, or past the opening run when it is
 * not closed (literal backticks). */
static gsize
skip_code_span (const Scanner *s, gsize p)
{
  gsize n = 0, q;
  gboolean newline = FALSE;

  while (p + n < s->len && s->text[p + n] == '`')
    n++;
  for (q = p + n; q < s->len; q++)
    {
      char c = s->text[q];

      if (c == '`')
        {
          gsize m = 0;

          while (q + m < s->len && s->text[q + m] == '`')
            m++;
          if (m == n)
            return q + m;
          q += m - 1;
          newline = FALSE;
        }
      else if (c == '\n')
        {
          if (newline)
            break;
          newline = TRUE;
        }
      else if (!is_space (c))
        newline = FALSE;
    }
  return p + n;
}

static gsize
line_end (const Scanner *s, gsize p)
{
  while (p < s->len && s->text[p] != '\n' && s->text[p] != '\r')
    p++;
  return p;
}

/* `[label]: destination "title"` on its own line (up to 3 spaces of
 * indentation): a link reference definition. */
static gboolean
is_reference_definition (const Scanner *s, gsize p)
{
  gsize ls = p, q;

  while (ls > 0 && s->text[ls - 1] != '\n' && s->text[ls - 1] != '\r')
    ls--;
  if (p - ls > 3)
    return FALSE;
  for (q = ls; q < p; q++)
    if (s->text[q] != ' ')
      return FALSE;
  for (q = p + 1; q < s->len && s->text[q] != ']' && s->text[q] != '\n'; q++)
    ;
  return q + 1 < s->len && s->text[q] == ']' && s->text[q + 1] == ':';
}

/* `&eacute;`, `&#233;`, `&#xE9;`: past the `;`, or 0. */
static gsize
skip_entity (const Scanner *s, gsize p)
{
  gsize q = p + 1;

  if (q < s->len && s->text[q] == '#')
    q++;
  while (q < s->len && q - p <= 32 && g_ascii_isalnum (s->text[q]))
    q++;
  return q < s->len && s->text[q] == ';' && q > p + 1 ? q + 1 : 0;
}

/* `{% … %}`, `{{ … }}` (Liquid) and `{: … }` (kramdown attributes). */
static gsize
skip_braces (const Scanner *s, gsize p)
{
  const char *close;
  const char *end;

  if (has_prefix_ci (s, p, "{%"))
    close = "%}";
  else if (has_prefix_ci (s, p, "{{"))
    close = "}}";
  else if (has_prefix_ci (s, p, "{:"))
    close = "}";
  else
    return 0;
  end = g_strstr_len (s->text + p + 2, (gssize) MIN (s->len - p - 2, 4096), close);
  return end != NULL ? (gsize) (end - s->text) + strlen (close) : 0;
}

static gboolean
ends_token (char c)
{
  return is_space (c) || c == '<' || c == '>' || c == '(' || c == ')' || c == '[' || c == ']'
         || c == '"' || c == '`' || c == '|';
}

static const char * const top_level_domains[] = {
  "fr", "com", "org", "net", "io", "eu", "gouv", "gov", "info", "dev", "app", "co", "html",
  "pdf", "md", "php", "js", "json", "png", "jpg", "svg", "uk", "de", "be", "ch",
};

/* A token that is an address, not prose: a URL (`https://…`, `www.…`,
 * `data:…`, `mailto:…`), an e-mail address or `@handle`, a path
 * (`/img/…`) or a bare domain or file name (`beta.gouv.fr`, `cv.pdf`).
 * Returns its end, or 0. */
static gsize
skip_address (const Scanner *s, gsize p)
{
  gsize end = p, trimmed;
  gboolean at = FALSE, scheme = FALSE;
  const char *last_dot = NULL;

  while (end < s->len && !ends_token (s->text[end]))
    {
      if (s->text[end] == '@')
        at = TRUE;
      else if (s->text[end] == ':' && end + 2 < s->len && s->text[end + 1] == '/' && s->text[end + 2] == '/')
        scheme = TRUE;
      end++;
    }
  if (end == p)
    return 0;
  if (scheme || at
      || has_prefix_ci (s, p, "www.") || has_prefix_ci (s, p, "data:") || has_prefix_ci (s, p, "mailto:")
      || has_prefix_ci (s, p, "tel:")
      || (s->text[p] == '/' && memchr (s->text + p + 1, '/', end - p - 1) != NULL))
    return end;

  /* beta.gouv.fr, doc.pdf: plain ASCII parts, the last a known ending */
  trimmed = end;
  while (trimmed > p && strchr (".,;:!?*_'", s->text[trimmed - 1]) != NULL)
    trimmed--;
  for (gsize q = p; q < trimmed; q++)
    {
      char c = s->text[q];

      if (c == '.')
        last_dot = s->text + q;
      else if (!g_ascii_isalnum (c) && c != '-')
        return 0;
    }
  if (last_dot == NULL)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (top_level_domains); i++)
    {
      gsize n = strlen (top_level_domains[i]);

      if ((gsize) (s->text + trimmed - last_dot - 1) == n
          && g_ascii_strncasecmp (last_dot + 1, top_level_domains[i], n) == 0)
        return trimmed;
    }
  return 0;
}

/* ------------------------------------------------------------------ */
/* Words                                                               */

static void
emit (Scanner *s, gsize start, gsize end)
{
  PostingsWord w = { s->base + start, s->base + end };

  g_array_append_val (s->out, w);
}

/* Reads the word starting at @p (a letter): letters and marks, joined by
 * apostrophes, hyphens, the point médian, `.` or `(…)` before an
 * inclusive suffix. Emits it unless it holds a digit or an underscore,
 * follows a digit, or is a single letter. Returns its end. */
static gsize
read_word (Scanner *s, gsize p)
{
  gsize start = p;
  /* 1er, 2e, 10h: a number's ending */
  gboolean skip = p > 0 && g_ascii_isdigit (s->text[p - 1]);
  guint n_chars = 0;

  while (p < s->len)
    {
      gunichar c = char_at (s, p);
      gsize next = next_pos (s, p);
      gunichar after = char_at (s, next);
      gsize run_end;

      if (is_letter (c))
        n_chars++;
      else if (g_unichar_isdigit (c))
        skip = TRUE;
      else if (c == '_' && g_unichar_isalnum (after))
        skip = TRUE;
      else if ((is_apostrophe (c) || is_hyphen (c) || is_median (c)) && is_letter (after))
        ;
      else if (c == '.' && lower_run (s, next, 5, &run_end) > 0)
        ; /* développeur.se, chargé.e.s: a short lowercase suffix */
      else if (c == '(' && lower_run (s, next, 6, &run_end) > 0 && char_at (s, run_end) == ')')
        {
          /* chargé(e), chargé(e)s */
          p = run_end + 1;
          continue;
        }
      else
        break;
      p = next;
    }

  if (!skip && n_chars >= 2)
    emit (s, start, p);
  return p;
}

static void
scan (Scanner *s)
{
  gsize p = 0;
  gboolean token_start = TRUE;

  while (p < s->len)
    {
      char c = s->text[p];
      gsize end = 0;

      while (s->next_skip < s->skips->len
             && g_array_index (s->skips, PostingsWord, s->next_skip).end <= p)
        s->next_skip++;
      if (s->next_skip < s->skips->len
          && g_array_index (s->skips, PostingsWord, s->next_skip).start <= p)
        {
          p = g_array_index (s->skips, PostingsWord, s->next_skip).end;
          token_start = TRUE;
          continue;
        }

      if (token_start && !ends_token (c))
        end = skip_address (s, p);

      if (end == 0)
        switch (c)
          {
          case '`':
            end = skip_code_span (s, p);
            break;
          case '<':
            end = has_prefix_ci (s, p, "<!--") ? skip_comment (s, p) : skip_tag (s, p);
            break;
          case ']':
            if (p + 1 < s->len && s->text[p + 1] == '(')
              end = skip_target (s, p + 1);
            else if (p + 1 < s->len && s->text[p + 1] == '[')
              {
                const char *close = memchr (s->text + p + 2, ']', MIN (s->len - p - 2, 1000));
                end = close != NULL ? (gsize) (close - s->text) + 1 : 0;
              }
            break;
          case '[':
            if (is_reference_definition (s, p))
              end = line_end (s, p);
            break;
          case '&':
            end = skip_entity (s, p);
            break;
          case '{':
            end = skip_braces (s, p);
            break;
          case '\\':
            if (p + 1 < s->len && g_ascii_ispunct (s->text[p + 1]))
              end = p + 2;
            break;
          default:
            break;
          }

      if (end > p)
        {
          p = end;
          token_start = TRUE;
          continue;
        }

      if (is_letter (char_at (s, p)))
        {
          p = read_word (s, p);
          token_start = FALSE;
          continue;
        }
      token_start = ends_token (c) || c == '*' || c == '_' || c == '~' || c == '\'' || c == ',' || c == ';';
      p = next_pos (s, p);
    }
}

/* Byte offset of each line start as cmark counts lines (\n, \r\n, \r). */
static GArray *
line_starts (const char *text, gsize len)
{
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize zero = 0;

  g_array_append_val (starts, zero);
  for (gsize i = 0; i < len; i++)
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= len || text[i + 1] != '\n')))
      {
        gsize next = i + 1;
        g_array_append_val (starts, next);
      }
  return starts;
}

/* The byte ranges of the code blocks (fenced and indented), whole lines. */
static GArray *
code_blocks (const char *text, gsize len)
{
  GArray *skips = g_array_new (FALSE, FALSE, sizeof (PostingsWord));
  cmark_node *root;
  cmark_iter *iter;
  cmark_event_type ev;
  g_autoptr(GArray) starts = NULL;

  if (memchr (text, '`', len) == NULL && memchr (text, '~', len) == NULL
      && g_strstr_len (text, (gssize) len, "    ") == NULL && memchr (text, '\t', len) == NULL)
    return skips;

  starts = line_starts (text, len);
  root = cmark_parse_document (text, len, CMARK_OPT_DEFAULT);
  iter = cmark_iter_new (root);
  while ((ev = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);
      int first, last;
      PostingsWord range;

      if (ev != CMARK_EVENT_ENTER || cmark_node_get_type (node) != CMARK_NODE_CODE_BLOCK)
        continue;
      first = MAX (cmark_node_get_start_line (node), 1);
      last = MAX (cmark_node_get_end_line (node), first);
      if ((guint) first > starts->len)
        continue;
      range.start = g_array_index (starts, gsize, first - 1);
      range.end = (guint) last < starts->len ? g_array_index (starts, gsize, last) : len;
      /* the start column: an indented block inside a list item starts at its line */
      g_array_append_val (skips, range);
    }
  cmark_iter_free (iter);
  cmark_node_free (root);
  return skips;
}

static void
split_into (GArray            *out,
            const char        *text,
            gsize              len,
            gsize              base,
            PostingsWordsMode  mode)
{
  Scanner s = { text, len, base, out, NULL, 0 };

  s.skips = mode == POSTINGS_WORDS_MARKDOWN ? code_blocks (text, len)
                                            : g_array_new (FALSE, FALSE, sizeof (PostingsWord));
  scan (&s);
  g_array_unref (s.skips);
}

GArray *
postings_words_split (const char        *text,
                      gssize             len,
                      PostingsWordsMode  mode)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (PostingsWord));

  g_return_val_if_fail (text != NULL || len == 0, out);

  if (len < 0)
    len = (gssize) strlen (text);
  split_into (out, text, (gsize) len, 0, mode);
  return out;
}

static void
split_front_matter (GArray             *out,
                    PostingsDocument   *doc,
                    const char * const *prose_keys,
                    gssize              shift)
{
  const char *text = postings_document_get_text (doc, NULL);
  g_auto(GStrv) default_keys = NULL;

  if (postings_document_get_state (doc) != POSTINGS_DOCUMENT_OK)
    return;
  if (prose_keys == NULL)
    prose_keys = (const char * const *) (default_keys = postings_words_prose_keys (NULL));

  for (guint i = 0; i < postings_document_get_n_entries (doc); i++)
    {
      const PostingsEntry *e = postings_document_get_entry (doc, i);

      if (!g_strv_contains (prose_keys, e->key))
        continue;
      if (e->kind == POSTINGS_NODE_SCALAR)
        split_into (out, text + e->value_span.start, e->value_span.end - e->value_span.start,
                    (gsize) ((gssize) e->value_span.start + shift), POSTINGS_WORDS_PLAIN);
      else if (e->kind == POSTINGS_NODE_SEQUENCE && e->item_spans != NULL)
        for (guint j = 0; j < e->item_spans->len; j++)
          {
            PostingsSpan span = g_array_index (e->item_spans, PostingsSpan, j);
            split_into (out, text + span.start, span.end - span.start,
                        (gsize) ((gssize) span.start + shift), POSTINGS_WORDS_PLAIN);
          }
    }
}

GArray *
postings_words_split_document (PostingsDocument   *document,
                               const char * const *prose_keys)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (PostingsWord));
  PostingsSpan body;
  const char *text;

  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (document), out);

  text = postings_document_get_text (document, NULL);
  split_front_matter (out, document, prose_keys, 0);
  body = postings_document_get_body_span (document);
  split_into (out, text + body.start, body.end - body.start, body.start, POSTINGS_WORDS_MARKDOWN);
  return out;
}

GArray *
postings_words_split_front_matter (const char         *yaml,
                                   gssize              len,
                                   const char * const *prose_keys)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (PostingsWord));
  g_autoptr(GString) file = g_string_new ("---\n");
  g_autoptr(PostingsDocument) doc = NULL;

  g_return_val_if_fail (yaml != NULL || len == 0, out);

  if (len < 0)
    len = (gssize) strlen (yaml);
  g_string_append_len (file, yaml, len);
  if (len > 0 && yaml[len - 1] != '\n')
    g_string_append_c (file, '\n');
  g_string_append (file, "---\n");
  doc = postings_document_new_from_data (file->str, (gssize) file->len);
  split_front_matter (out, doc, prose_keys, -4);
  return out;
}

GStrv
postings_words_prose_keys (PostingsSchema *schema)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (schema == NULL)
    schema = postings_schema_get_default ();

  g_strv_builder_add_many (builder, "roles", "title", "contrat", NULL);
  for (guint i = 0; i < postings_schema_get_n_fields (schema); i++)
    {
      const PostingsField *field = postings_schema_get_field (schema, i);

      if (field->kind == POSTINGS_FIELD_LONG_TEXT)
        g_strv_builder_add (builder, field->key);
    }
  return g_strv_builder_end (builder);
}

/* ------------------------------------------------------------------ */
/* Checking a word from its parts                                      */

typedef struct
{
  PostingsWordCheckFunc check;
  gpointer data;
} Dict;

static gboolean
dict_has (const Dict *d, const char *form, gsize len)
{
  return len > 0 && d->check (form, len, d->data);
}

static gboolean check_word (const Dict *d, const char *word, gsize len, guint depth);

/* Acronyms (RH, DINUM, API) and names in camel case (GitHub,
 * FranceConnect, PostgreSQL) are not words of the language: left alone. */
static gboolean
is_acronym_or_name (const char *word, gsize len)
{
  gboolean lower = FALSE, camel = FALSE;
  gunichar prev = 0;

  for (const char *p = word; p < word + len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_islower (c))
        lower = TRUE;
      else if (g_unichar_isupper (c) && g_unichar_islower (prev))
        camel = TRUE;
      prev = c;
    }
  return !lower || camel;
}

static const char * const elisions[] = {
  "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
};

/* l’équipe → équipe; d'accompagnement → accompagnement. Returns the
 * offset of what follows the apostrophe, or 0. */
static gsize
elision_end (const char *word, gsize len)
{
  for (guint i = 0; i < G_N_ELEMENTS (elisions); i++)
    {
      gsize n = strlen (elisions[i]);

      if (len <= n + 1 || g_ascii_strncasecmp (word, elisions[i], n) != 0)
        continue;
      if (word[n] == '\'')
        return n + 1;
      if (len > n + 3 && memcmp (word + n, "\xE2\x80\x99", 3) == 0)
        return n + 3;
    }
  return 0;
}

/* The next inclusive separator (·, ‧, ⋅, •, `.`, `(`, `)`) at or after
 * @from: its offset and byte length, or FALSE. */
static gboolean
next_separator (const char *word, gsize len, gsize from, gsize *at, gsize *n)
{
  for (gsize i = from; i < len; i = (gsize) (g_utf8_next_char (word + i) - word))
    {
      gunichar c = g_utf8_get_char (word + i);

      if (is_median (c) || c == '.' || c == '(' || c == ')')
        {
          *at = i;
          *n = (gsize) (g_utf8_next_char (word + i) - (word + i));
          return TRUE;
        }
    }
  return FALSE;
}

/* A feminine or plural of @form made with @suffix: form + suffix, or the
 * suffix replacing the last 1 to 4 letters (développeur + euse →
 * développeuse, collaborateur + rice → collaboratrice, sportif + ve →
 * sportive). The first that the dictionary knows, or NULL. */
static char *
attach_suffix (const Dict *d, const char *form, const char *suffix, gsize suffix_len)
{
  glong n_chars = g_utf8_strlen (form, -1);

  for (glong cut = 0; cut <= 4 && cut < n_chars; cut++)
    {
      const char *keep_end = g_utf8_offset_to_pointer (form, n_chars - cut);
      g_autoptr(GString) candidate = g_string_new_len (form, keep_end - form);

      g_string_append_len (candidate, suffix, (gssize) suffix_len);
      if (dict_has (d, candidate->str, candidate->len))
        return g_string_free (g_steal_pointer (&candidate), FALSE);
    }
  return NULL;
}

/* chargé·e, développeur·euse, salarié·e·s, développeur.se, chargé(e)s: a
 * right base, then each suffix gives a right word. */
static gboolean
check_inclusive (const Dict *d, const char *word, gsize len)
{
  gsize at, n, from;
  g_autofree char *form = NULL;

  if (!next_separator (word, len, 0, &at, &n) || at == 0)
    return FALSE;
  if (!dict_has (d, word, at))
    return FALSE;
  form = g_strndup (word, at);

  for (from = at + n; from < len;)
    {
      gsize next_at = len, next_n = 0;
      char *longer;

      if (!next_separator (word, len, from, &next_at, &next_n))
        next_at = len;
      if (next_at > from)
        {
          longer = attach_suffix (d, form, word + from, next_at - from);
          if (longer == NULL)
            return FALSE;
          g_free (form);
          form = longer;
        }
      from = next_at + next_n;
    }
  return TRUE;
}

static gboolean
check_word (const Dict *d, const char *word, gsize len, guint depth)
{
  gsize rest;
  gboolean hyphen = FALSE;

  if (len == 0 || depth > 4)
    return len == 0;
  if (dict_has (d, word, len) || is_acronym_or_name (word, len))
    return TRUE;

  /* the other apostrophe: dictionaries know one or the other */
  if (g_strstr_len (word, (gssize) len, "\xE2\x80\x99") != NULL)
    {
      g_autoptr(GString) plain = g_string_new_len (word, (gssize) len);

      g_string_replace (plain, "\xE2\x80\x99", "'", 0);
      if (dict_has (d, plain->str, plain->len))
        return TRUE;
    }

  rest = elision_end (word, len);
  if (rest > 0)
    return check_word (d, word + rest, len - rest, depth + 1);

  if (check_inclusive (d, word, len))
    return TRUE;

  /* peut-être is in the dictionary; a compound of right words is right;
   * chargé-e is an inclusive form written with a hyphen */
  for (gsize i = 0; i < len; i++)
    if (word[i] == '-')
      hyphen = TRUE;
  if (hyphen)
    {
      gsize part = 0;
      gboolean all = TRUE;

      for (gsize i = 0; i <= len; i++)
        if (i == len || word[i] == '-')
          {
            if (i > part && !check_word (d, word + part, i - part, depth + 1))
              all = FALSE;
            part = i + 1;
          }
      if (all)
        return TRUE;
      {
        g_autoptr(GString) dotted = g_string_new_len (word, (gssize) len);
        g_string_replace (dotted, "-", "\xC2\xB7", 0);
        return check_inclusive (d, dotted->str, dotted->len);
      }
    }
  return FALSE;
}

gboolean
postings_word_check (const char            *word,
                     gsize                  len,
                     PostingsWordCheckFunc  check,
                     gpointer               user_data)
{
  Dict d = { check, user_data };

  g_return_val_if_fail (word != NULL, FALSE);
  g_return_val_if_fail (check != NULL, FALSE);

  return check_word (&d, word, len, 0);
}
