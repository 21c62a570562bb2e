/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "postings-core-i18n.h"

#include <string.h>
#include <yaml.h>

#include "postings-cmark.h"
#include "postings-data-uri.h"
#include "postings-date.h"
#include "postings-error.h"
#include "postings-image.h"
#include "postings-site-markdown-private.h"
#include "postings-slug.h"
#include "postings-template.h"
#include "postings-utf8.h"
#include "postings-validator.h"
#include "postings-validator-private.h"

/*
 * The validator reads the document (never re-parses the YAML itself, except
 * to check that a quoted value reads back) and produces diagnostics. A fix
 * is computed with the diagnostic and checked then (on a scratch document
 * for splices), so that a fix offered is a fix that works; applying it
 * later re-checks that the document is still the one it was computed for.
 */

typedef enum
{
  OP_NONE,
  OP_SPLICE,        /* replace [start, end) of the text */
  OP_REMOVE_ENTRY,  /* postings_document_remove_entry () */
  OP_RENAME_KEY,    /* postings_document_rename_key () */
  OP_SET_BOOLEAN,   /* postings_document_set_value (…, BOOLEAN) */
  OP_EXTRACT_IMAGE, /* write the data URI [start, end) to a file, then splice its address */
} FixOp;

typedef struct
{
  PostingsDiagnostic pub;
  gatomicrefcount ref_count;

  FixOp op;
  guint revision;
  gsize start;
  gsize end;
  char *old_text;     /* SPLICE: the bytes expected at [start, end) (may hold NUL) */
  char *replacement;  /* SPLICE */
  guint position;     /* REMOVE_ENTRY */
  guint entry_line;   /* entry fixes: line of the entry */
  char *fix_key;
  char *fix_value;    /* RENAME_KEY: new key; SET_BOOLEAN: "true" / "false";
                       * EXTRACT_IMAGE: the images folder */
  GFile *site_root;   /* EXTRACT_IMAGE */
} Diagnostic;

G_DEFINE_BOXED_TYPE (PostingsDiagnostic, postings_diagnostic,
                     postings_diagnostic_ref, postings_diagnostic_unref)

PostingsDiagnostic *
postings_diagnostic_ref (PostingsDiagnostic *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&((Diagnostic *) self)->ref_count);
  return self;
}

void
postings_diagnostic_unref (PostingsDiagnostic *self)
{
  Diagnostic *d = (Diagnostic *) self;

  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&d->ref_count))
    return;
  g_free (d->pub.key);
  g_free (d->pub.message);
  g_free (d->pub.fix_label);
  g_free (d->pub.fix_file_name);
  g_free (d->old_text);
  g_free (d->replacement);
  g_free (d->fix_key);
  g_free (d->fix_value);
  g_clear_object (&d->site_root);
  g_free (d);
}

const char *
postings_severity_to_string (PostingsSeverity severity)
{
  switch (severity)
    {
    case POSTINGS_SEVERITY_ERROR: return "error";
    case POSTINGS_SEVERITY_WARNING: return "warning";
    case POSTINGS_SEVERITY_SUGGESTION: return "suggestion";
    default: return "error";
    }
}

static const PostingsRuleInfo rules[] = {
  { "empty-file", POSTINGS_SEVERITY_ERROR, FALSE },
  { "no-front-matter", POSTINGS_SEVERITY_ERROR, FALSE },
  { "blank-before-front-matter", POSTINGS_SEVERITY_ERROR, TRUE },
  { "text-before-front-matter", POSTINGS_SEVERITY_ERROR, TRUE },
  { "missing-opening-delimiter", POSTINGS_SEVERITY_ERROR, TRUE },
  { "bad-opening-delimiter", POSTINGS_SEVERITY_ERROR, TRUE },
  { "missing-closing-delimiter", POSTINGS_SEVERITY_ERROR, TRUE },
  { "front-matter-unreadable", POSTINGS_SEVERITY_ERROR, TRUE },
  { "front-matter-not-a-mapping", POSTINGS_SEVERITY_ERROR, FALSE },
  { "front-matter-too-large", POSTINGS_SEVERITY_ERROR, FALSE },
  { "front-matter-too-deep", POSTINGS_SEVERITY_ERROR, FALSE },
  { "invalid-utf8", POSTINGS_SEVERITY_ERROR, FALSE },
  { "nul-byte", POSTINGS_SEVERITY_ERROR, TRUE },
  { "duplicate-key", POSTINGS_SEVERITY_ERROR, TRUE },
  { "quoted-boolean", POSTINGS_SEVERITY_ERROR, TRUE },
  { "wrong-type", POSTINGS_SEVERITY_ERROR, FALSE },
  { "invalid-date", POSTINGS_SEVERITY_ERROR, FALSE },
  { "date-order", POSTINGS_SEVERITY_ERROR, FALSE },
  { "offer-expired", POSTINGS_SEVERITY_WARNING, TRUE },
  { "invalid-email", POSTINGS_SEVERITY_ERROR, FALSE },
  { "invalid-url", POSTINGS_SEVERITY_ERROR, FALSE },
  { "insecure-url", POSTINGS_SEVERITY_WARNING, FALSE },
  { "invalid-choice", POSTINGS_SEVERITY_WARNING, FALSE },
  { "required-field", POSTINGS_SEVERITY_ERROR, FALSE },
  { "unknown-key", POSTINGS_SEVERITY_WARNING, TRUE },
  { "comment-as-value", POSTINGS_SEVERITY_WARNING, FALSE },
  { "unknown-reference", POSTINGS_SEVERITY_ERROR, FALSE },
  { "file-name-extension", POSTINGS_SEVERITY_ERROR, TRUE },
  { "file-name-format", POSTINGS_SEVERITY_WARNING, TRUE },
  { "file-name-date", POSTINGS_SEVERITY_WARNING, TRUE },
  { "skipped-entry", POSTINGS_SEVERITY_WARNING, FALSE },
  { "empty-body", POSTINGS_SEVERITY_WARNING, FALSE },
  { "missing-excerpt", POSTINGS_SEVERITY_SUGGESTION, TRUE },
  { "heading-level-1", POSTINGS_SEVERITY_SUGGESTION, FALSE },
  { "empty-link", POSTINGS_SEVERITY_WARNING, FALSE },
  { "point-median", POSTINGS_SEVERITY_SUGGESTION, FALSE },
  { "embedded-image", POSTINGS_SEVERITY_SUGGESTION, TRUE },
  { "template-text", POSTINGS_SEVERITY_WARNING, FALSE },
  { "word-processor-marker", POSTINGS_SEVERITY_WARNING, TRUE },
  { "site-renders-differently", POSTINGS_SEVERITY_SUGGESTION, TRUE },
};

const PostingsRuleInfo *
postings_validator_get_rules (guint *n_rules)
{
  if (n_rules)
    *n_rules = G_N_ELEMENTS (rules);
  return rules;
}

/* ------------------------------------------------------------------ */
/* Context and text positions                                          */

typedef struct
{
  PostingsDocument *doc;
  PostingsSchema *schema;
  GFile *root;
  const char *file_name;
  const char *text;
  gsize len;
  guint revision;
  GArray *line_starts;  /* gsize: offset of line n + 1 at index n */
  GPtrArray *out;
  GHashTable *reference_dirs;  /* folder path → GPtrArray of ids, or NULL value when absent */
  gboolean valid_utf8;         /* check_bytes() found only UTF-8 text, no NUL */
  gboolean offered_fixes;      /* the fixes only offered to the user are wanted */
  gsize column_line_start;     /* ctx_column_of()'s last answer: */
  gsize column_pos;
  guint column;                /* 0: none yet */
} Ctx;

static void
index_lines (Ctx *ctx)
{
  gsize zero = 0;

  const char *end = ctx->text + ctx->len;

  gsize batch[256];  /* appended 256 at a time */
  guint n = 0;

  ctx->line_starts = g_array_sized_new (FALSE, FALSE, sizeof (gsize), 128);
  g_array_append_val (ctx->line_starts, zero);
  for (const char *p = ctx->text; p < end && (p = memchr (p, '\n', (gsize) (end - p))) != NULL; )
    {
      batch[n++] = (gsize) (++p - ctx->text);
      if (n == G_N_ELEMENTS (batch))
        {
          g_array_append_vals (ctx->line_starts, batch, n);
          n = 0;
        }
    }
  g_array_append_vals (ctx->line_starts, batch, n);
}

static guint
ctx_line_of (Ctx *ctx, gsize pos)
{
  guint lo = 0, hi = ctx->line_starts->len;

  /* last line start <= pos */
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;
      if (g_array_index (ctx->line_starts, gsize, mid) <= pos)
        lo = mid;
      else
        hi = mid;
    }
  return lo + 1;
}

static gsize
ctx_line_start (Ctx *ctx, guint line)
{
  if (line == 0)
    return 0;
  if (line > ctx->line_starts->len)
    return ctx->len;
  return g_array_index (ctx->line_starts, gsize, line - 1);
}

static gsize
text_line_end (const char *text, gsize len, gsize pos)
{
  const char *nl = pos < len ? memchr (text + pos, '\n', len - pos) : NULL;

  return nl != NULL ? (gsize) (nl - text) : MAX (pos, len);
}

static gsize
text_next_line (const char *text, gsize len, gsize pos)
{
  pos = text_line_end (text, len, pos);
  return pos < len ? pos + 1 : pos;
}

/* End of the line's content: before "\n" or "\r\n". */
static gsize
text_content_end (const char *text, gsize len, gsize pos)
{
  gsize end = text_line_end (text, len, pos);

  if (end > pos && text[end - 1] == '\r')
    end--;
  return end;
}

/* Characters before @pos on its line (bytes that do not continue a UTF-8
 * sequence, so that invalid bytes and NUL count as one each). Diagnostics
 * mostly come in text order: counting goes on from the last position
 * asked on the same line, so that a header written on one line (`{a: 1,
 * b: 2, …}`) costs no more than one of many lines. */
static guint
ctx_column_of (Ctx *ctx, gsize pos)
{
  gsize ls = ctx_line_start (ctx, ctx_line_of (ctx, pos));
  gsize from = ls;
  guint column = 1;

  if (ctx->column != 0 && ctx->column_line_start == ls && ctx->column_pos <= pos && ctx->column_pos >= ls)
    {
      from = ctx->column_pos;
      column = ctx->column;
    }
  for (gsize i = from; i < pos; i++)
    if (((guchar) ctx->text[i] & 0xC0) != 0x80)
      column++;
  ctx->column_line_start = ls;
  ctx->column_pos = pos;
  ctx->column = column;
  return column;
}

/* Byte offset of a 1-based (line, column in characters), clamped to the line. */
static gsize
ctx_pos_of (Ctx *ctx, guint line, guint column)
{
  gsize ls = ctx_line_start (ctx, line);
  gsize le = text_line_end (ctx->text, ctx->len, ls);
  gsize pos = ls;

  for (guint c = 1; c < column && pos < le; c++)
    pos = g_utf8_next_char (ctx->text + pos) - ctx->text;
  return MIN (pos, le);
}

static gboolean
is_blank_char (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static gboolean
line_is_blank (const char *text, gsize len, gsize pos)
{
  for (; pos < len && text[pos] != '\n'; pos++)
    if (!is_blank_char (text[pos]))
      return FALSE;
  return TRUE;
}

/* `---` (or `...` when @allow_dots) followed only by blanks: Jekyll's delimiter. */
static gboolean
is_delimiter_line (const char *text, gsize len, gsize pos, gboolean allow_dots)
{
  if (pos + 3 > len)
    return FALSE;
  if (memcmp (text + pos, "---", 3) != 0 && !(allow_dots && memcmp (text + pos, "...", 3) == 0))
    return FALSE;
  for (pos += 3; pos < len && text[pos] != '\n'; pos++)
    if (!is_blank_char (text[pos]))
      return FALSE;
  return TRUE;
}

/* A line that is only dashes (three or more), maybe indented: a delimiter
 * written wrongly. */
static gboolean
is_dashes_line (const char *text, gsize len, gsize pos)
{
  gsize end = text_line_end (text, len, pos);
  guint dashes = 0;

  while (pos < end && is_blank_char (text[pos]))
    pos++;
  while (pos < end && text[pos] == '-')
    {
      pos++;
      dashes++;
    }
  while (pos < end && is_blank_char (text[pos]))
    pos++;
  return dashes >= 3 && pos == end;
}

static char *
line_excerpt (const char *text, gsize len, gsize pos)
{
  gsize end = text_line_end (text, len, pos);
  g_autofree char *line = g_utf8_make_valid (text + pos, (gssize) (end - pos));

  g_strstrip (line);
  if (g_utf8_strlen (line, -1) > 40)
    {
      char *cut = g_utf8_offset_to_pointer (line, 40);
      *cut = '\0';
      return g_strconcat (line, "…", NULL);
    }
  return g_steal_pointer (&line);
}

/* ------------------------------------------------------------------ */
/* Adding diagnostics                                                  */

static Diagnostic *
add_span (Ctx              *ctx,
          PostingsSeverity  severity,
          const char       *rule,
          const char       *key,
          gsize             start,
          gsize             end,
          char             *message)
{
  Diagnostic *d = g_new0 (Diagnostic, 1);

  g_atomic_ref_count_init (&d->ref_count);
  start = MIN (start, ctx->len);
  end = MAX (start, MIN (end, ctx->len));
  d->pub.severity = severity;
  d->pub.rule = rule;
  d->pub.key = g_strdup (key);
  d->pub.line = ctx_line_of (ctx, start);
  d->pub.column = ctx_column_of (ctx, start);
  d->pub.span.start = start;
  d->pub.span.end = end;
  d->pub.message = message;
  d->pub.fix_automatic = TRUE;
  d->revision = ctx->revision;
  g_ptr_array_add (ctx->out, d);
  return d;
}

/* At a line and column; the span is the rest of the line. A line past the
 * end of the text (a closing line to add after the last one) is kept. */
static Diagnostic *
add_at (Ctx              *ctx,
        PostingsSeverity  severity,
        const char       *rule,
        const char       *key,
        guint             line,
        guint             column,
        char             *message)
{
  Diagnostic *d;
  gsize pos;

  line = MAX (line, 1);
  column = MAX (column, 1);
  if (line > ctx->line_starts->len)
    {
      d = add_span (ctx, severity, rule, key, ctx->len, ctx->len, message);
      d->pub.line = line;
      d->pub.column = column;
      return d;
    }
  pos = ctx_pos_of (ctx, line, column);
  d = add_span (ctx, severity, rule, key, pos, text_content_end (ctx->text, ctx->len, pos), message);
  d->pub.line = line;
  d->pub.column = column;
  return d;
}

static void
set_splice_fix (Diagnostic *d,
                const char *text,
                gsize       start,
                gsize       end,
                const char *replacement,
                char       *label)
{
  d->op = OP_SPLICE;
  d->start = start;
  d->end = end;
  d->old_text = g_malloc (end - start + 1);
  memcpy (d->old_text, text + start, end - start);
  d->old_text[end - start] = '\0';
  d->replacement = g_strdup (replacement);
  d->pub.fix_kind = POSTINGS_FIX_EDIT;
  d->pub.fix_label = label;
}

/* ------------------------------------------------------------------ */
/* Header that does not read: splice fixes on a "view" of the text      */

/* A part of the document text (the whole of it, or what follows text
 * before the header) analysed as a document of its own. */
typedef struct
{
  const char *text;
  gsize len;
  gsize base;        /* offset of the view in the document text */
  guint line_shift;  /* line n of the view is line n + line_shift of the file */
} View;

static gsize
view_line_start (const View *v, guint line)
{
  gsize pos = 0;

  for (guint l = 1; l < line && pos < v->len; l++)
    pos = text_next_line (v->text, v->len, pos);
  return pos;
}

static char *
splice_text (const char *text, gsize len, gsize start, gsize end, const char *replacement, gsize *out_len)
{
  GString *s = g_string_sized_new (len + strlen (replacement));

  g_string_append_len (s, text, (gssize) start);
  g_string_append (s, replacement);
  g_string_append_len (s, text + end, (gssize) (len - end));
  if (out_len)
    *out_len = s->len;
  return g_string_free (s, FALSE);
}

static PostingsDocument *
view_try (const View *v, gsize start, gsize end, const char *replacement)
{
  gsize new_len;
  g_autofree char *new_text = splice_text (v->text, v->len, start, end, replacement, &new_len);

  return postings_document_new_from_data (new_text, (gssize) new_len);
}

/* Did a structural fix change the diagnosis (not the same problem at the
 * same place)? */
static gboolean
changed_problem (PostingsDocument *after, const PostingsProblem *before)
{
  const PostingsProblem *p = postings_document_get_problem (after);

  return p == NULL || p->kind != before->kind || p->line != before->line;
}

static gboolean
has_front_matter (PostingsDocument *doc)
{
  return postings_document_get_front_matter_span (doc, NULL);
}

/* The newline the file uses. */
static const char *
view_newline (const View *v)
{
  gsize end = text_line_end (v->text, v->len, 0);

  return end < v->len && end > 0 && v->text[end - 1] == '\r' ? "\r\n" : "\n";
}

/* Does `k: QUOTED` read back as @value? */
static gboolean
quoted_reads_back (const char *quoted, const char *value)
{
  g_autofree char *doc = g_strconcat ("k: ", quoted, "\n", NULL);
  yaml_parser_t parser;
  yaml_event_t event;
  gboolean ok = FALSE;
  guint scalars = 0;
  gboolean done = FALSE;

  yaml_parser_initialize (&parser);
  yaml_parser_set_input_string (&parser, (const guchar *) doc, strlen (doc));
  while (!done && yaml_parser_parse (&parser, &event))
    {
      if (event.type == YAML_SCALAR_EVENT)
        {
          scalars++;
          if (scalars == 2)
            ok = event.data.scalar.style != YAML_PLAIN_SCALAR_STYLE &&
                 g_strcmp0 ((const char *) event.data.scalar.value, value) == 0;
        }
      done = event.type == YAML_STREAM_END_EVENT;
      yaml_event_delete (&event);
    }
  yaml_parser_delete (&parser);
  return done && ok && scalars == 2;
}

/* Single quotes (with '' doubling) unless the value holds a ' and double
 * quotes need no escape; checked to read back exactly. */
static char *
quote_value (const char *value)
{
  g_autoptr(GString) q = g_string_new (NULL);

  if (strchr (value, '\'') != NULL && strchr (value, '"') == NULL && strchr (value, '\\') == NULL)
    g_string_append_printf (q, "\"%s\"", value);
  else
    {
      g_string_append_c (q, '\'');
      for (const char *p = value; *p; p++)
        {
          if (*p == '\'')
            g_string_append_c (q, '\'');
          g_string_append_c (q, *p);
        }
      g_string_append_c (q, '\'');
    }
  if (!quoted_reads_back (q->str, value))
    return NULL;
  return g_string_free (g_steal_pointer (&q), FALSE);
}

typedef struct
{
  gsize indent_end;   /* after the indentation */
  gsize key_end;      /* at the colon */
  gsize value_start;
  gsize value_end;    /* trailing blanks excluded */
} KeyLine;

static gboolean
parse_key_line (const char *text, gsize len, gsize ls, KeyLine *kl)
{
  gsize end = text_content_end (text, len, ls);
  gsize p = ls;

  while (p < end && p - ls < 16 && text[p] == ' ')
    p++;
  kl->indent_end = p;
  while (p < end && (g_ascii_isalnum (text[p]) || text[p] == '_' || text[p] == '-'))
    p++;
  if (p == kl->indent_end || p >= end || text[p] != ':')
    return FALSE;
  kl->key_end = p;
  p++;
  while (p < end && (text[p] == ' ' || text[p] == '\t'))
    p++;
  kl->value_start = p;
  while (end > p && (text[end - 1] == ' ' || text[end - 1] == '\t'))
    end--;
  kl->value_end = end;
  return TRUE;
}

static guint
indent_of (const char *text, gsize len, gsize ls)
{
  guint n = 0;

  while (ls + n < len && text[ls + n] == ' ')
    n++;
  return n;
}

/* Is the value of the key line at @ls continued on the next lines (a
 * multi-line plain value)? */
static gboolean
value_continues (const View *v, gsize ls, guint key_indent)
{
  gsize pos = text_next_line (v->text, v->len, ls);

  while (pos < v->len && line_is_blank (v->text, v->len, pos))
    pos = text_next_line (v->text, v->len, pos);
  if (pos >= v->len || is_delimiter_line (v->text, v->len, pos, TRUE))
    return FALSE;
  return indent_of (v->text, v->len, pos) > key_indent;
}

static gboolean
yaml_fixed_at (PostingsDocument *after, guint line)
{
  const PostingsProblem *p = postings_document_get_problem (after);

  return p == NULL || (p->kind == POSTINGS_PROBLEM_YAML && p->line > line) ||
         (p->kind == POSTINGS_PROBLEM_NOT_A_MAPPING && p->line > line);
}

/* A YAML error on a `key: value` line: add the missing space after the
 * colon, or quote the value, when that makes the line read. */
static void
fix_yaml_line (Diagnostic            *d,
               const View            *v,
               const PostingsProblem *problem)
{
  gsize ls = view_line_start (v, problem->line);
  KeyLine kl;
  g_autofree char *key = NULL;

  if (!parse_key_line (v->text, v->len, ls, &kl))
    return;
  key = g_strndup (v->text + kl.indent_end, kl.key_end - kl.indent_end);
  if (problem->key != NULL && g_strcmp0 (problem->key, key) != 0)
    return;

  /* `key:value` */
  if (kl.value_start == kl.key_end + 1 && kl.value_start < kl.value_end &&
      !(kl.value_end - kl.value_start >= 2 && v->text[kl.value_start] == '/' && v->text[kl.value_start + 1] == '/'))
    {
      g_autoptr(PostingsDocument) after = view_try (v, kl.key_end + 1, kl.key_end + 1, " ");

      if (yaml_fixed_at (after, problem->line))
        set_splice_fix (d, v->text - v->base, v->base + kl.key_end + 1, v->base + kl.key_end + 1, " ",
                        g_strdup_printf (_("Add a space after “%s:”"), key));
      return;
    }

  if (kl.value_start < kl.value_end && strchr ("'\"|>#", v->text[kl.value_start]) == NULL)
    {
      g_autofree char *value = g_strndup (v->text + kl.value_start, kl.value_end - kl.value_start);
      g_autofree char *quoted = NULL;
      g_autoptr(PostingsDocument) after = NULL;

      if (strstr (value, " #") != NULL || strstr (value, "\t#") != NULL ||
          !g_utf8_validate (value, -1, NULL) ||
          value_continues (v, ls, kl.indent_end - ls))
        return;
      quoted = quote_value (value);
      if (quoted == NULL)
        return;
      after = view_try (v, kl.value_start, kl.value_end, quoted);
      if (yaml_fixed_at (after, problem->line))
        set_splice_fix (d, v->text - v->base, v->base + kl.value_start, v->base + kl.value_end, quoted,
                        g_strdup_printf (_("Put the value of “%s” between quotes"), key));
    }
}

/* BAD_OPENING at problem->fix_line: `----` or ` ---` written for `---`. */
static void
fix_opening (Diagnostic            *d,
             const View            *v,
             const PostingsProblem *problem)
{
  guint line = problem->fix_line;
  gsize ls, end;
  g_autoptr(PostingsDocument) after = NULL;

  if (line == 0)
    return;
  ls = view_line_start (v, line);
  if (ls >= v->len || !is_dashes_line (v->text, v->len, ls))
    return;
  end = text_content_end (v->text, v->len, ls);
  after = view_try (v, ls, end, "---");
  if (changed_problem (after, problem))
    set_splice_fix (d, v->text - v->base, v->base + ls, v->base + end, "---",
                    g_strdup_printf (_("Replace line %u with “---”"), line + v->line_shift));
}

/* Where the closing line goes when the document says it is missing at
 * @fix_line: that line itself when it is a wrongly written delimiter;
 * else, when the header visibly goes on after it (a `key:` line follows
 * the empty lines), a wrongly written delimiter further down (*far);
 * else a new line before @fix_line (*replace FALSE). FALSE when there is
 * no safe place. */
static gboolean
closing_target (const View *v,
                guint       fix_line,
                guint      *target,
                gboolean   *replace,
                gboolean   *far)
{
  gsize pos = view_line_start (v, fix_line);
  guint line = fix_line;
  KeyLine kl;

  *target = fix_line;
  *replace = FALSE;
  *far = FALSE;
  if (pos < v->len && is_dashes_line (v->text, v->len, pos))
    {
      *replace = TRUE;
      return TRUE;
    }

  while (pos < v->len && line_is_blank (v->text, v->len, pos))
    {
      pos = text_next_line (v->text, v->len, pos);
      line++;
    }
  if (pos < v->len && parse_key_line (v->text, v->len, pos, &kl))
    {
      /* only header lines (fields, indented lines, comments, list items,
       * empty lines) up to it */
      for (; pos < v->len; pos = text_next_line (v->text, v->len, pos), line++)
        {
          char c = v->text[pos];

          if (is_dashes_line (v->text, v->len, pos))
            {
              *target = line;
              *replace = TRUE;
              *far = TRUE;
              return TRUE;
            }
          if (!line_is_blank (v->text, v->len, pos) && c != ' ' && c != '\t' && c != '#' &&
              !(c == '-' && pos + 1 < v->len && v->text[pos + 1] == ' ') &&
              !parse_key_line (v->text, v->len, pos, &kl))
            return FALSE;
        }
      return FALSE;
    }
  return TRUE;
}

/* MISSING_CLOSING: replace the wrongly written closing line, or add one.
 * When the place is not the one the document named, the diagnostic moves
 * there with a message of its own. */
static void
fix_closing (Ctx                   *ctx,
             Diagnostic            *d,
             const View            *v,
             const PostingsProblem *problem)
{
  guint target;
  gboolean replace, far;
  gsize ls;

  if (problem->fix_line == 0 || !closing_target (v, problem->fix_line, &target, &replace, &far))
    return;
  ls = view_line_start (v, target);

  if (replace)
    {
      gsize end = text_content_end (v->text, v->len, ls);
      g_autoptr(PostingsDocument) after = view_try (v, ls, end, "---");
      guint file_line = target + v->line_shift;

      PostingsSpan fm;

      /* the header now ends there (its values may still not read: that
       * is the next problem, with its own fix) */
      if (!postings_document_get_front_matter_span (after, &fm) || fm.end != ls ||
          (!far && !changed_problem (after, problem)))
        return;
      set_splice_fix (d, ctx->text, v->base + ls, v->base + end, "---",
                      g_strdup_printf (_("Replace line %u with “---”"), file_line));
      if (file_line != d->pub.line)
        {
          g_autofree char *excerpt = line_excerpt (ctx->text, ctx->len, v->base + ls);

          d->pub.line = file_line;
          d->pub.column = 1;
          d->pub.span.start = v->base + ls;
          d->pub.span.end = v->base + end;
          g_free (d->pub.message);
          d->pub.message = g_strdup_printf (_("Line %u (“%s”) must be the “---” line that closes the header: write exactly “---”, at the start of the line."),
                                            file_line, excerpt);
        }
    }
  else
    {
      const char *nl = view_newline (v);
      g_autofree char *insert = NULL;
      g_autoptr(PostingsDocument) after = NULL;

      if (ls >= v->len && v->len > 0 && v->text[v->len - 1] != '\n')
        insert = g_strconcat (nl, "---", nl, NULL);
      else
        insert = g_strconcat ("---", nl, NULL);
      after = view_try (v, ls, ls, insert);
      if (has_front_matter (after))
        set_splice_fix (d, ctx->text, v->base + ls, v->base + ls, insert,
                        g_strdup_printf (_("Add the “---” line that closes the header before line %u"),
                                         target + v->line_shift));
    }
}

static const char *
rule_for_problem (PostingsProblemKind kind)
{
  switch (kind)
    {
    case POSTINGS_PROBLEM_EMPTY_FILE: return "empty-file";
    case POSTINGS_PROBLEM_LEADING_BLANK: return "blank-before-front-matter";
    case POSTINGS_PROBLEM_TEXT_BEFORE: return "text-before-front-matter";
    case POSTINGS_PROBLEM_MISSING_OPENING: return "missing-opening-delimiter";
    case POSTINGS_PROBLEM_BAD_OPENING: return "bad-opening-delimiter";
    case POSTINGS_PROBLEM_MISSING_CLOSING: return "missing-closing-delimiter";
    case POSTINGS_PROBLEM_NO_FRONT_MATTER: return "no-front-matter";
    case POSTINGS_PROBLEM_YAML: return "front-matter-unreadable";
    case POSTINGS_PROBLEM_NOT_A_MAPPING: return "front-matter-not-a-mapping";
    case POSTINGS_PROBLEM_TOO_LARGE: return "front-matter-too-large";
    case POSTINGS_PROBLEM_TOO_DEEP: return "front-matter-too-deep";
    case POSTINGS_PROBLEM_ENCODING: return "invalid-utf8";
    case POSTINGS_PROBLEM_NONE:
    default:
      return "front-matter-unreadable";
    }
}

/* What follows text or blank lines before the header, checked as a file of
 * its own: a missing closing line or a value that does not read are shown
 * at once (with their place in the file), not only once the text above is
 * moved. Messages are the document's own (same English text). */
static void
check_rest (Ctx *ctx, gsize rest_start)
{
  View v = { ctx->text + rest_start, ctx->len - rest_start, rest_start, ctx_line_of (ctx, rest_start) - 1 };
  g_autoptr(PostingsDocument) rest = postings_document_new_from_data (v.text, (gssize) v.len);
  const PostingsProblem *p = postings_document_get_problem (rest);
  guint line;
  Diagnostic *d;

  if (p == NULL)
    return;
  line = p->line + v.line_shift;

  switch (p->kind)
    {
    case POSTINGS_PROBLEM_MISSING_CLOSING:
      {
        gsize ls = view_line_start (&v, p->fix_line);
        guint fix_line = p->fix_line + v.line_shift;

        if (ls < v.len && is_dashes_line (v.text, v.len, ls))
          d = add_at (ctx, POSTINGS_SEVERITY_ERROR, rule_for_problem (p->kind), NULL, fix_line, 1,
                      g_strdup_printf (_("The “---” of line %u, which closes the header, must start at the beginning of the line, without spaces."), fix_line));
        else
          d = add_at (ctx, POSTINGS_SEVERITY_ERROR, rule_for_problem (p->kind), NULL, fix_line, 1,
                      g_strdup_printf (_("The “---” line that closes the header is missing. Add a line “---” after the last field, before line %u."), fix_line));
        fix_closing (ctx, d, &v, p);
        break;
      }

    case POSTINGS_PROBLEM_YAML:
    case POSTINGS_PROBLEM_NOT_A_MAPPING:
      {
        g_autofree char *excerpt = line_excerpt (ctx->text, ctx->len, ctx_line_start (ctx, line));

        d = add_at (ctx, POSTINGS_SEVERITY_ERROR, rule_for_problem (p->kind), p->key, line, p->column,
                    g_strdup_printf (_("The header cannot be read at line %u, column %u (“%s”). Check the punctuation of this line (quotes, “: ”, indentation)."),
                                     line, p->column, excerpt));
        if (p->kind == POSTINGS_PROBLEM_YAML)
          fix_yaml_line (d, &v, p);
        break;
      }

    case POSTINGS_PROBLEM_NONE:
    case POSTINGS_PROBLEM_EMPTY_FILE:
    case POSTINGS_PROBLEM_LEADING_BLANK:
    case POSTINGS_PROBLEM_TEXT_BEFORE:
    case POSTINGS_PROBLEM_MISSING_OPENING:
    case POSTINGS_PROBLEM_BAD_OPENING:
    case POSTINGS_PROBLEM_NO_FRONT_MATTER:
    default:
      break;
    }
}

/* Text before the header: it goes to the start of the body, after the
 * closing line, byte for byte (with an empty line added when both the
 * moved text's last line and the body's first line hold text, so that
 * they stay separate paragraphs). */
static void
fix_text_before (Ctx *ctx, Diagnostic *d, gsize start, gsize opening)
{
  const char *text = ctx->text;
  gsize len = ctx->len;
  gsize closing, body;
  g_autoptr(GString) replacement = g_string_new (NULL);
  const char *nl = postings_document_get_newline (ctx->doc);
  gsize last_line;
  View whole = { text, len, 0, 0 };
  g_autoptr(PostingsDocument) after = NULL;

  for (closing = text_next_line (text, len, opening); closing < len; closing = text_next_line (text, len, closing))
    if (is_delimiter_line (text, len, closing, TRUE))
      break;
  if (closing >= len)
    return;
  body = text_next_line (text, len, closing);

  g_string_append_len (replacement, text + opening, (gssize) (body - opening));
  if (body == len && text[len - 1] != '\n')
    g_string_append (replacement, nl);
  g_string_append_len (replacement, text + start, (gssize) (opening - start));

  /* last line of the moved text */
  last_line = opening - 1;
  while (last_line > start && text[last_line - 1] != '\n')
    last_line--;
  if (!line_is_blank (text, len, last_line) && body < len && !line_is_blank (text, len, body))
    g_string_append (replacement, nl);

  after = view_try (&whole, start, body, replacement->str);
  if (!has_front_matter (after))
    return;
  set_splice_fix (d, text, start, body, replacement->str,
                  g_strdup (_("Move the text above the header into the body")));
}

static void
check_front_matter_problem (Ctx *ctx)
{
  const PostingsProblem *p = postings_document_get_problem (ctx->doc);
  View whole = { ctx->text, ctx->len, 0, 0 };
  gsize start = postings_document_has_bom (ctx->doc) ? 3 : 0;
  Diagnostic *d;

  /* bytes that are not text: check_bytes() reports every place */
  if (p == NULL || p->kind == POSTINGS_PROBLEM_ENCODING)
    return;

  d = add_at (ctx, POSTINGS_SEVERITY_ERROR, rule_for_problem (p->kind), p->key, p->line, p->column,
              g_strdup (p->message));

  switch (p->kind)
    {
    case POSTINGS_PROBLEM_LEADING_BLANK:
    case POSTINGS_PROBLEM_TEXT_BEFORE:
      {
        gsize opening = start;

        while (opening < ctx->len && !is_delimiter_line (ctx->text, ctx->len, opening, FALSE))
          opening = text_next_line (ctx->text, ctx->len, opening);
        if (opening >= ctx->len)
          break;
        d->pub.span.start = start;
        d->pub.span.end = opening;
        if (p->kind == POSTINGS_PROBLEM_LEADING_BLANK)
          {
            g_autoptr(PostingsDocument) after = view_try (&whole, start, opening, "");
            if (changed_problem (after, p))
              set_splice_fix (d, ctx->text, start, opening, "",
                              g_strdup (_("Delete the empty lines before the header")));
          }
        else
          fix_text_before (ctx, d, start, opening);
        check_rest (ctx, opening);
        break;
      }

    case POSTINGS_PROBLEM_MISSING_OPENING:
      {
        g_autofree char *insert = g_strconcat ("---", postings_document_get_newline (ctx->doc), NULL);
        g_autoptr(PostingsDocument) after = view_try (&whole, start, start, insert);

        if (changed_problem (after, p))
          set_splice_fix (d, ctx->text, start, start, insert,
                          g_strdup (_("Add the “---” line that opens the header")));
        break;
      }

    case POSTINGS_PROBLEM_BAD_OPENING:
      fix_opening (d, &whole, p);
      break;

    case POSTINGS_PROBLEM_MISSING_CLOSING:
      fix_closing (ctx, d, &whole, p);
      break;

    case POSTINGS_PROBLEM_YAML:
      fix_yaml_line (d, &whole, p);
      break;

    case POSTINGS_PROBLEM_NONE:
    case POSTINGS_PROBLEM_EMPTY_FILE:
    case POSTINGS_PROBLEM_NO_FRONT_MATTER:
    case POSTINGS_PROBLEM_NOT_A_MAPPING:
    case POSTINGS_PROBLEM_TOO_LARGE:
    case POSTINGS_PROBLEM_TOO_DEEP:
    case POSTINGS_PROBLEM_ENCODING:
    default:
      break;
    }
}

/* ------------------------------------------------------------------ */
/* Values                                                              */

static gboolean
is_boolean_word (const char *word, gboolean *value)
{
  static const char * const yes[] = { "true", "yes", "on", NULL };
  static const char * const no[] = { "false", "no", "off", NULL };

  for (guint i = 0; yes[i]; i++)
    if (g_ascii_strcasecmp (word, yes[i]) == 0)
      {
        if (value)
          *value = TRUE;
        return TRUE;
      }
  for (guint i = 0; no[i]; i++)
    if (g_ascii_strcasecmp (word, no[i]) == 0)
      {
        if (value)
          *value = FALSE;
        return TRUE;
      }
  return FALSE;
}

static gboolean
is_plain_boolean (const PostingsEntry *e)
{
  return e->kind == POSTINGS_NODE_SCALAR && e->style == POSTINGS_STYLE_PLAIN &&
         is_boolean_word (e->value, NULL);
}

static gboolean
email_is_valid (const char *s)
{
  const char *at = strchr (s, '@');
  const char *domain;

  if (at == NULL || at == s || strchr (at + 1, '@') != NULL)
    return FALSE;
  for (const char *p = s; *p; p++)
    if ((guchar) *p <= ' ' || strchr ("<>()[],;:\"\\", *p) != NULL)
      return FALSE;
  domain = at + 1;
  if (s[0] == '.' || at[-1] == '.' || domain[0] == '.' || domain[0] == '-' ||
      strchr (domain, '.') == NULL || g_str_has_suffix (domain, ".") || strstr (domain, "..") != NULL)
    return FALSE;
  return TRUE;
}

#define LOWER(c) ((c) >= 'A' && (c) <= 'Z' ? (c) - 'A' + 'a' : (c))

/* Optimal string alignment distance, ASCII case-insensitive; any distance
 * above @cap is reported as @cap + 1, and found without computing it (a
 * header of 70,000 unknown keys compares each with every known one). */
static guint
edit_distance (const char *a, const char *b, guint cap)
{
  gsize la = strlen (a), lb = strlen (b);
  guint rows[3][65];
  guint *before = rows[0], *prev = rows[1], *cur = rows[2];
  guint prev_min = 0;

  if (la > 64 || lb > 64 || (la > lb ? la - lb : lb - la) > cap)
    return cap + 1;
  for (gsize j = 0; j <= lb; j++)
    prev[j] = (guint) j;
  for (gsize i = 1; i <= la; i++)
    {
      guint row_min;
      guint *spare;

      cur[0] = row_min = (guint) i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint cost = LOWER (a[i - 1]) == LOWER (b[j - 1]) ? 0 : 1;
          guint v = MIN (MIN (prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);

          if (i > 1 && j > 1 && LOWER (a[i - 1]) == LOWER (b[j - 2]) && LOWER (a[i - 2]) == LOWER (b[j - 1]))
            v = MIN (v, before[j - 2] + 1);
          cur[j] = v;
          row_min = MIN (row_min, v);
        }
      /* the next rows only grow from these two */
      if (row_min > cap && prev_min > cap)
        return cap + 1;
      prev_min = row_min;
      spare = before;
      before = prev;
      prev = cur;
      cur = spare;
    }
  return MIN (prev[lb], cap + 1);
}

#undef LOWER

/* The closest of @candidates within distance 2 (and less than half the
 * length of @word), or NULL. */
static const char *
closest (const char *word, const char * const *candidates, guint n)
{
  const char *best = NULL;
  guint best_distance = 3;
  guint len = (guint) strlen (word);

  for (guint i = 0; i < n; i++)
    {
      guint dist = edit_distance (word, candidates[i], 2);
      if (dist < best_distance && dist * 2 < len)
        {
          best = candidates[i];
          best_distance = dist;
        }
    }
  return best;
}

/* For choices: the same word but for case and accents. */
static char *
fold (const char *s)
{
  g_autofree char *ascii = g_str_to_ascii (s, "C");

  return g_ascii_strdown (g_strstrip (ascii), -1);
}

static const char *
closest_choice (const char *value, const PostingsField *field)
{
  g_autofree char *folded = fold (value);

  for (guint i = 0; field->choices[i]; i++)
    {
      g_autofree char *c = fold (field->choices[i]);
      if (g_str_equal (c, folded))
        return field->choices[i];
    }
  return closest (value, (const char * const *) field->choices, g_strv_length (field->choices));
}

static char *
join_choices (const PostingsField *field)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; field->choices[i]; i++)
    {
      const char *label = postings_field_get_choice_label (field, field->choices[i]);

      g_string_append_printf (s, "%s%s", i ? ", " : "", label);
      if (!g_str_equal (label, field->choices[i]))
        g_string_append_printf (s, " (%s)", field->choices[i]);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* ------------------------------------------------------------------ */
/* Fields                                                              */

/* What the user reads for a key: its field's label, or the key itself for
 * a key the schema does not know. */
static const char *
label_of (Ctx *ctx, const char *key)
{
  const PostingsField *field = postings_schema_lookup (ctx->schema, key);

  return field != NULL ? field->label : key;
}

static gboolean
entry_is_empty (const PostingsEntry *e)
{
  if (e->kind == POSTINGS_NODE_NULL)
    return TRUE;
  if (e->kind == POSTINGS_NODE_SCALAR)
    {
      for (const char *p = e->value; *p; p++)
        if (!g_ascii_isspace (*p))
          return FALSE;
      return TRUE;
    }
  if (e->kind == POSTINGS_NODE_SEQUENCE)
    return e->items->len == 0;
  return FALSE;
}

static Diagnostic *
add_value (Ctx *ctx, PostingsSeverity severity, const char *rule, const PostingsEntry *e, char *message)
{
  if (e->value_span.end > e->value_span.start)
    return add_span (ctx, severity, rule, e->key, e->value_span.start, e->value_span.end, message);
  return add_span (ctx, severity, rule, e->key, e->key_span.start, e->key_span.end, message);
}

static Diagnostic *
add_item (Ctx *ctx, PostingsSeverity severity, const char *rule, const PostingsEntry *e, guint i, char *message)
{
  PostingsSpan span = g_array_index (e->item_spans, PostingsSpan, i);

  return add_span (ctx, severity, rule, e->key, span.start, span.end, message);
}

/* Keys Jekyll itself reads: not in the schema, not mistakes. */
static const char * const jekyll_keys[] = {
  "layout", "permalink", "published", "excerpt", "excerpt_separator", "categories",
  "category", "tags", "slug", "sitemap", "redirect_to", "lang", NULL
};

static void
check_unknown_key (Ctx *ctx, const PostingsEntry *e)
{
  const PostingsField *field = postings_schema_lookup_alias (ctx->schema, e->key);
  const char *intended = field ? field->key : NULL;
  gboolean sure = intended != NULL;  /* a known misspelling, or only the case differs */
  Diagnostic *d;

  if (intended == NULL)
    {
      const char * const *keys = postings_schema_get_key_order (ctx->schema);

      if (g_strv_contains (jekyll_keys, e->key))
        return;
      if (e->key[0] != '\0')
        intended = closest (e->key, keys, g_strv_length ((char **) keys));
      sure = intended != NULL && g_ascii_strcasecmp (intended, e->key) == 0;
    }

  if (intended == NULL)
    {
      add_span (ctx, POSTINGS_SEVERITY_SUGGESTION, "unknown-key", e->key, e->key_span.start, e->key_span.end,
                g_strdup_printf (_("The site does not use the field “%s”. Check its name, or delete it if it is not needed."),
                                 e->key));
      return;
    }

  if (postings_document_lookup (ctx->doc, intended) != NULL)
    {
      const PostingsEntry *other = postings_document_lookup (ctx->doc, intended);
      d = add_span (ctx, POSTINGS_SEVERITY_WARNING, "unknown-key", e->key, e->key_span.start, e->key_span.end,
                    /* Translators: the second %s is a field's label, the third its key. */
                    g_strdup_printf (_("The site does not know the field “%s”: it was probably meant to be “%s” (%s), which this posting already has. Keep only one of the two."),
                                     e->key, label_of (ctx, intended), intended));
      d->pub.related_line = other->line;
      return;
    }

  d = add_span (ctx, POSTINGS_SEVERITY_WARNING, "unknown-key", e->key, e->key_span.start, e->key_span.end,
                /* Translators: the second %s is a field's label, the third its key. */
                g_strdup_printf (_("The site does not know the field “%s”, so it ignores it. Did you mean “%s” (%s)? Rename it."),
                                 e->key, label_of (ctx, intended), intended));
  d->op = OP_RENAME_KEY;
  d->entry_line = e->line;
  d->fix_key = g_strdup (e->key);
  d->fix_value = g_strdup (intended);
  d->pub.fix_kind = POSTINGS_FIX_EDIT;
  /* Translators: the first %s is a key, the second a field's label, the third its key. */
  d->pub.fix_label = g_strdup_printf (_("Rename “%s” to “%s” (%s)"), e->key, label_of (ctx, intended), intended);
  d->pub.fix_automatic = sure;
}

static void
ptr_array_unref0 (gpointer array)
{
  if (array != NULL)
    g_ptr_array_unref (array);
}

/* The ids of a reference folder (`<id>.md` files), cached per run. */
static GPtrArray *
reference_ids (Ctx *ctx, GFile *dir)
{
  g_autofree char *path = g_file_get_path (dir);
  GPtrArray *ids;
  g_autoptr(GFileEnumerator) en = NULL;
  GFileInfo *info;

  if (path == NULL)
    return NULL;
  if (ctx->reference_dirs == NULL)
    ctx->reference_dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, ptr_array_unref0);
  if (g_hash_table_lookup_extended (ctx->reference_dirs, path, NULL, (gpointer *) &ids))
    return ids;

  ids = NULL;
  en = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (en != NULL)
    {
      ids = g_ptr_array_new_with_free_func (g_free);
      while ((info = g_file_enumerator_next_file (en, NULL, NULL)) != NULL)
        {
          const char *name = g_file_info_get_name (info);
          if (g_str_has_suffix (name, ".md") && name[0] != '.')
            g_ptr_array_add (ids, g_strndup (name, strlen (name) - 3));
          g_object_unref (info);
        }
      g_ptr_array_add (ids, NULL);
    }
  g_hash_table_insert (ctx->reference_dirs, g_steal_pointer (&path), ids);
  return ids;
}

static void
check_reference_value (Ctx *ctx, const PostingsEntry *e, const PostingsField *field,
                       const char *value, int item)
{
  g_autoptr(GFile) dir = g_file_resolve_relative_path (ctx->root, field->reference);
  GPtrArray *ids = reference_ids (ctx, dir);
  const char *suggestion;
  char *message;

  if (ids == NULL || ids->len <= 1)
    return;  /* no such folder here: nothing to compare with */
  if (g_strv_contains ((const char * const *) ids->pdata, value))
    return;

  suggestion = closest (value, (const char * const *) ids->pdata, ids->len - 1);
  if (suggestion != NULL)
    message = g_strdup_printf (_("“%s” holds “%s”, which the site does not know: there is no file “%s/%s.md” in the repository. Did you mean “%s”?"),
                               field->label, value, field->reference, value, suggestion);
  else
    message = g_strdup_printf (_("“%s” holds “%s”, which the site does not know: there is no file “%s/%s.md” in the repository. Write the identifier exactly as the file name, without “.md”."),
                               field->label, value, field->reference, value);
  if (item >= 0)
    add_item (ctx, POSTINGS_SEVERITY_ERROR, "unknown-reference", e, (guint) item, message);
  else
    add_value (ctx, POSTINGS_SEVERITY_ERROR, "unknown-reference", e, message);
}

static void
check_choice_value (Ctx *ctx, const PostingsEntry *e, const PostingsField *field,
                    const char *value, int item)
{
  const char *suggestion;
  g_autofree char *list = NULL;
  char *message;

  if (value == NULL || postings_field_accepts_choice (field, value))
    return;
  list = join_choices (field);
  suggestion = closest_choice (value, field);
  if (suggestion != NULL)
    message = g_strdup_printf (_("“%s” holds “%s”, which is not one of the values the site knows: did you mean “%s”? The values are: %s."),
                               field->label, value, postings_field_get_choice_label (field, suggestion), list);
  else
    message = g_strdup_printf (_("“%s” holds “%s”, which is not one of the values the site knows. Choose one of: %s."),
                               field->label, value, list);
  if (item >= 0)
    add_item (ctx, POSTINGS_SEVERITY_WARNING, "invalid-choice", e, (guint) item, message);
  else
    add_value (ctx, POSTINGS_SEVERITY_WARNING, "invalid-choice", e, message);
}

/* `key: #value`: YAML reads a comment and an empty value. */
static void
check_comment_value (Ctx *ctx, const PostingsEntry *e)
{
  gsize p = e->key_span.end;
  gsize end = text_content_end (ctx->text, ctx->len, e->key_span.start);

  while (p < end && ctx->text[p] != ':')
    p++;
  p++;
  while (p < end && (ctx->text[p] == ' ' || ctx->text[p] == '\t'))
    p++;
  if (p + 1 < end && ctx->text[p] == '#' && !g_ascii_isspace (ctx->text[p + 1]) && ctx->text[p + 1] != '#')
    add_span (ctx, POSTINGS_SEVERITY_WARNING, "comment-as-value", e->key, p, end,
              g_strdup_printf (_("The value of “%s” starts with “#”, so the site reads it as empty: everything after “#” is ignored. Type the value again in the form, or put it between quotes in the source."),
                               label_of (ctx, e->key)));
}

static void
check_entry (Ctx *ctx, const PostingsEntry *e, const PostingsField *field)
{
  gboolean multi = e->kind == POSTINGS_NODE_SEQUENCE || e->kind == POSTINGS_NODE_MAPPING;
  g_autofree char *shown = NULL;

  if (e->kind == POSTINGS_NODE_NULL)
    {
      check_comment_value (ctx, e);
      return;
    }
  if (e->kind == POSTINGS_NODE_SCALAR)
    shown = g_utf8_make_valid (e->value, -1);

  switch (field->kind)
    {
    case POSTINGS_FIELD_BOOLEAN:
      if (multi)
        add_value (ctx, POSTINGS_SEVERITY_ERROR, "wrong-type", e,
                   g_strdup_printf (_("“%s” must be yes or no, but it holds a list. In the source, write true or false instead of the list."),
                                    field->label));
      else if (e->style != POSTINGS_STYLE_PLAIN &&
               (g_ascii_strcasecmp (e->value, "true") == 0 || g_ascii_strcasecmp (e->value, "false") == 0))
        {
          gboolean b = g_ascii_strcasecmp (e->value, "true") == 0;
          Diagnostic *d = add_value (ctx, POSTINGS_SEVERITY_ERROR, "quoted-boolean", e,
                                     g_strdup_printf (_("“%s” is written between quotes, so the site reads the text “%s” instead of yes or no, and the text “false” counts as yes. Remove the quotes."),
                                                      field->label, shown));
          d->op = OP_SET_BOOLEAN;
          d->entry_line = e->line;
          d->fix_key = g_strdup (e->key);
          d->fix_value = g_strdup (b ? "true" : "false");
          d->pub.fix_kind = POSTINGS_FIX_EDIT;
          d->pub.fix_label = g_strdup_printf (_("Write “%s” without quotes"), b ? "true" : "false");
        }
      else if (!is_plain_boolean (e))
        add_value (ctx, POSTINGS_SEVERITY_ERROR, "wrong-type", e,
                   g_strdup_printf (_("“%s” must be yes or no, but it holds “%s”. Turn its switch on or off in the form."),
                                    field->label, shown));
      break;

    case POSTINGS_FIELD_DATE:
      if (multi || is_plain_boolean (e))
        add_value (ctx, POSTINGS_SEVERITY_ERROR, "wrong-type", e,
                   g_strdup_printf (_("“%s” must be a date written year-month-day, such as 2024-03-15."),
                                    field->label));
      else if (!postings_date_parse (e->value, NULL))
        add_value (ctx, POSTINGS_SEVERITY_ERROR, "invalid-date", e,
                   g_strdup_printf (_("“%s” holds “%s”, which is not a valid date. Write the date as year-month-day, such as 2024-03-15."),
                                    field->label, shown));
      break;

    case POSTINGS_FIELD_LIST:
    case POSTINGS_FIELD_MULTI_CHOICE:
      if (e->kind == POSTINGS_NODE_MAPPING)
        add_value (ctx, POSTINGS_SEVERITY_ERROR, "wrong-type", e,
                   g_strdup_printf (_("“%s” must be a list of values. In the source, write one value per line, starting with “- ”."),
                                    field->label));
      else if (field->kind == POSTINGS_FIELD_MULTI_CHOICE && e->kind == POSTINGS_NODE_SEQUENCE)
        {
          for (guint i = 0; i < e->items->len; i++)
            check_choice_value (ctx, e, field, g_ptr_array_index (e->items, i), (int) i);
        }
      else if (field->kind == POSTINGS_FIELD_MULTI_CHOICE)
        check_choice_value (ctx, e, field, e->value, -1);
      break;

    case POSTINGS_FIELD_TEXT:
    case POSTINGS_FIELD_LONG_TEXT:
    case POSTINGS_FIELD_EMAIL:
    case POSTINGS_FIELD_URL:
    case POSTINGS_FIELD_CHOICE:
    case POSTINGS_FIELD_REFERENCE:
    default:
      if (multi)
        {
          add_value (ctx, POSTINGS_SEVERITY_ERROR, "wrong-type", e,
                     g_strdup_printf (_("“%s” must hold a single value, but it holds a list. In the source, write one value instead of the list."),
                                      field->label));
          break;
        }
      if (is_plain_boolean (e))
        {
          add_value (ctx, POSTINGS_SEVERITY_ERROR, "wrong-type", e,
                     g_strdup_printf (_("“%s” holds “%s”, which the site reads as yes or no, not as text. If it is meant as text, put it between quotes in the source."),
                                      field->label, shown));
          break;
        }
      if (field->kind == POSTINGS_FIELD_EMAIL && !email_is_valid (e->value))
        add_value (ctx, POSTINGS_SEVERITY_ERROR, "invalid-email", e,
                   g_strdup_printf (_("“%s” holds “%s”, which is not an email address. Write an address such as prenom.nom@example.gouv.fr, without “mailto:” or spaces."),
                                    field->label, shown));
      else if (field->kind == POSTINGS_FIELD_URL)
        {
          g_autoptr(GUri) uri = g_uri_parse (e->value, G_URI_FLAGS_NONE, NULL);
          const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;
          const char *host = uri ? g_uri_get_host (uri) : NULL;

          if (uri == NULL || host == NULL || host[0] == '\0' || strpbrk (e->value, " \t") != NULL ||
              (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
            add_value (ctx, POSTINGS_SEVERITY_ERROR, "invalid-url", e,
                       g_strdup_printf (_("“%s” holds “%s”, which is not a web address. Copy the full address from the browser, starting with https://."),
                                        field->label, shown));
          else if (g_ascii_strcasecmp (scheme, "http") == 0)
            add_value (ctx, POSTINGS_SEVERITY_WARNING, "insecure-url", e,
                       g_strdup_printf (_("The address “%s” of “%s” starts with http://. Use the secure address starting with https:// if the site offers one."),
                                        shown, field->label));
        }
      else if (field->kind == POSTINGS_FIELD_CHOICE)
        check_choice_value (ctx, e, field, e->value, -1);
      else if (field->kind == POSTINGS_FIELD_REFERENCE && ctx->root != NULL && field->reference != NULL)
        check_reference_value (ctx, e, field, e->value, -1);
      break;
    }
}

static void
add_missing (Ctx *ctx, PostingsSeverity severity, const char *key, char *message)
{
  gsize end = text_content_end (ctx->text, ctx->len, postings_document_has_bom (ctx->doc) ? 3 : 0);

  add_span (ctx, severity, "required-field", key, 0, end, message);
}

static void
check_required (Ctx *ctx, const char *key, gboolean for_friend, PostingsSeverity severity)
{
  const PostingsEntry *e = postings_document_lookup (ctx->doc, key);
  const PostingsField *field = postings_schema_lookup (ctx->schema, key);
  gboolean is_switch = field != NULL && field->kind == POSTINGS_FIELD_BOOLEAN;
  const char *label = label_of (ctx, key);

  if (e == NULL && for_friend)
    add_missing (ctx, severity, key, g_strdup_printf (_("This offer is published for a partner organisation, so it needs “%s”. Fill it in."),
                                                      label));
  else if (e == NULL && is_switch)
    add_missing (ctx, severity, key, g_strdup_printf (_("“%s” is missing: the site needs it. Turn on “%s” in the form."),
                                                      label, label));
  else if (e == NULL)
    add_missing (ctx, severity, key, g_strdup_printf (_("“%s” is missing: the site needs it. Fill in “%s”."),
                                                      label, label));
  else if (entry_is_empty (e))
    add_span (ctx, severity, "required-field", key, e->key_span.start,
              text_content_end (ctx->text, ctx->len, e->key_span.start),
              is_switch
              ? g_strdup_printf (_("“%s” has no value: the site needs one. Turn its switch on or off in the form."), label)
              : g_strdup_printf (_("“%s” is empty: the site needs a value. Fill it in."), label));
}

static gboolean
entry_date (Ctx *ctx, const char *key, GDate *day, const PostingsEntry **out)
{
  const PostingsEntry *e = postings_document_lookup (ctx->doc, key);

  *out = e;
  return e != NULL && e->kind == POSTINGS_NODE_SCALAR && postings_date_parse (e->value, day);
}

static void
check_date_order (Ctx *ctx, const char *first_key, const char *then_key)
{
  GDate first, then;
  const PostingsEntry *ef, *et;

  if (!entry_date (ctx, first_key, &first, &ef) || !entry_date (ctx, then_key, &then, &et))
    return;
  if (g_date_compare (&then, &first) < 0)
    {
      Diagnostic *d = add_value (ctx, POSTINGS_SEVERITY_ERROR, "date-order", et,
                                 g_strdup_printf (_("“%s” is earlier than “%s”. Check both dates."),
                                                  label_of (ctx, then_key), label_of (ctx, first_key)));
      d->pub.related_line = ef->line;
    }
}

/* `open: true` with a closing date before today. Closing is a decision, so
 * the fix is offered to the user, never applied by `postings check --fix`. */
static void
check_expired (Ctx *ctx)
{
  const PostingsEntry *open_entry = postings_document_lookup (ctx->doc, "open");
  const PostingsEntry *closing_entry = NULL;
  gboolean open = FALSE;
  GDate closing, today;
  char day[16];
  Diagnostic *d;

  if (!postings_document_get_boolean (ctx->doc, "open", &open) || !open ||
      !postings_posting_get_closing_date (ctx->doc, &closing, &closing_entry))
    return;
  postings_date_get_today (&today);
  if (g_date_compare (&closing, &today) >= 0)
    return;

  g_snprintf (day, sizeof day, "%04u-%02u-%02u", g_date_get_year (&closing),
              g_date_get_month (&closing), g_date_get_day (&closing));
  d = add_value (ctx, POSTINGS_SEVERITY_WARNING, "offer-expired", open_entry,
                 g_strdup_printf (_("This offer is still open, but it closed on %s (“%s”). If the position is no longer offered, close the offer."),
                                  day, label_of (ctx, closing_entry->key)));
  d->pub.related_line = closing_entry->line;
  d->op = OP_SET_BOOLEAN;
  d->entry_line = open_entry->line;
  d->fix_key = g_strdup ("open");
  d->fix_value = g_strdup ("false");
  d->pub.fix_kind = POSTINGS_FIX_EDIT;
  d->pub.fix_label = g_strdup (_("Close the offer"));
  d->pub.fix_automatic = FALSE;
}

static void
check_fields (Ctx *ctx)
{
  guint n = postings_document_get_n_entries (ctx->doc);
  const PostingsEntry *type;

  for (guint i = 0; i < n; i++)
    {
      const PostingsEntry *e = postings_document_get_entry (ctx->doc, i);
      const PostingsField *field;

      if (e->shadowed_by_line != 0)
        {
          const char *label = label_of (ctx, e->key);
          guint times = 0;
          Diagnostic *d;

          for (guint j = 0; j < n; j++)
            if (g_str_equal (postings_document_get_entry (ctx->doc, j)->key, e->key))
              times++;
          d = add_span (ctx, POSTINGS_SEVERITY_ERROR, "duplicate-key", e->key,
                        e->key_span.start, e->key_span.end,
                        times == 2
                        ? g_strdup_printf (_("“%s” is written twice; the site only uses the second value. Delete the first."), label)
                        : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "“%s” is written %u time; the site only uses the last value. Delete the others.",
                                                        "“%s” is written %u times; the site only uses the last value. Delete the others.",
                                                        times),
                                           label, times));
          d->pub.related_line = e->shadowed_by_line;
          d->op = OP_REMOVE_ENTRY;
          d->position = i;
          d->entry_line = e->line;
          d->fix_key = g_strdup (e->key);
          d->pub.fix_kind = POSTINGS_FIX_EDIT;
          d->pub.fix_label = times == 2
            ? g_strdup_printf (_("Delete the first value of “%s”, which the site ignores"), label)
            : g_strdup_printf (_("Delete a value of “%s” that the site ignores"), label);
          continue;
        }

      field = postings_schema_lookup (ctx->schema, e->key);
      if (field == NULL)
        {
          check_unknown_key (ctx, e);
          continue;
        }
      check_entry (ctx, e, field);
    }

  for (guint i = 0; i < postings_schema_get_n_fields (ctx->schema); i++)
    {
      const PostingsField *field = postings_schema_get_field (ctx->schema, i);
      if (field->required)
        check_required (ctx, field->key, FALSE, POSTINGS_SEVERITY_ERROR);
    }

  type = postings_document_lookup (ctx->doc, "type");
  if (type != NULL && type->kind == POSTINGS_NODE_SCALAR && g_str_equal (type->value, "friend"))
    {
      /* Without `friend` the page says "offered by" and no name: an
       * error. Without `externalURL` the page shows the text of the offer
       * and no link to apply on the partner's site; 19 of the 47 partner
       * offers of the real site are so, on purpose: a warning. */
      static const struct { const char *key; PostingsSeverity severity; } needed[] = {
        { "friend", POSTINGS_SEVERITY_ERROR },
        { "externalURL", POSTINGS_SEVERITY_WARNING },
      };

      for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
        {
          const PostingsField *f = postings_schema_lookup (ctx->schema, needed[i].key);
          if (f != NULL && !f->required)
            check_required (ctx, needed[i].key, TRUE, needed[i].severity);
        }
    }

  check_date_order (ctx, "date", "depublication_date");
  check_date_order (ctx, "poste_ouvert", "poste_ferme");
  check_expired (ctx);
}

/* ------------------------------------------------------------------ */
/* File name                                                           */

static gboolean
slug_is_plain (const char *slug)
{
  if (slug == NULL || slug[0] == '\0')
    return FALSE;
  for (const char *p = slug; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static void
set_rename_fix (Diagnostic *d, const char *new_name)
{
  if (new_name == NULL)
    return;
  d->pub.fix_kind = POSTINGS_FIX_RENAME_FILE;
  d->pub.fix_file_name = g_strdup (new_name);
  d->pub.fix_label = g_strdup_printf (_("Rename the file to “%s”"), new_name);
}

static void
check_file_name (Ctx *ctx)
{
  const char *name = ctx->file_name;
  g_autofree char *name_date = NULL;
  g_autofree char *slug = NULL;
  g_autofree char *new_name = NULL;
  g_autofree char *shown = NULL;
  const PostingsEntry *date_entry = NULL;
  const char *roles;
  char day[11] = "";
  gboolean parsed, has_md, date_known = FALSE;
  GDate date;
  Diagnostic *d;

  if (name == NULL)
    return;

  shown = g_utf8_make_valid (name, -1);
  has_md = g_str_has_suffix (name, ".md");
  parsed = postings_file_name_parse (name, &name_date, &slug);
  if (postings_document_get_state (ctx->doc) == POSTINGS_DOCUMENT_OK && entry_date (ctx, "date", &date, &date_entry))
    {
      g_snprintf (day, sizeof day, "%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date));
      date_known = TRUE;
    }
  roles = postings_document_get_string (ctx->doc, "roles");

  /* The name the file should have: its date from `date` (else from the
   * name), its slug kept when it is a plain one (the page address), else
   * made from `roles` as the site's former CMS did. */
  {
    const char *use_day = date_known ? day : parsed ? name_date : NULL;

    if (use_day != NULL && parsed && slug_is_plain (slug))
      new_name = g_strdup_printf ("%s-%s.md", use_day, slug);
    else if (use_day != NULL && roles != NULL && postings_document_get_state (ctx->doc) == POSTINGS_DOCUMENT_OK)
      new_name = postings_file_name_for (roles, use_day);
    if (new_name != NULL && g_str_equal (new_name, name))
      g_clear_pointer (&new_name, g_free);
  }

  if (!has_md)
    {
      d = add_span (ctx, POSTINGS_SEVERITY_ERROR, "file-name-extension", NULL, 0, 0,
                    g_strdup_printf (_("The file name “%s” does not end with “.md”: the site will not publish this posting. Rename it with “.md” at the end."),
                                     shown));
      set_rename_fix (d, new_name);
    }
  else if (!parsed || !slug_is_plain (slug))
    {
      d = add_span (ctx, POSTINGS_SEVERITY_WARNING, "file-name-format", NULL, 0, 0,
                    g_strdup_printf (_("The file name “%s” does not follow the site’s rule: the date as year-month-day, a dash, then a short name made of letters, digits, dots or dashes, and “.md”, such as 2024-03-15-developpeur.se.md."),
                                     shown));
      set_rename_fix (d, new_name);
    }

  if (parsed && date_known && !g_str_equal (name_date, day))
    {
      d = add_span (ctx, POSTINGS_SEVERITY_WARNING, "file-name-date", "date", 0, 0,
                    g_strdup_printf (_("The file name starts with the date %s, but “%s” says %s. The site uses “%s”; rename the file so that both agree."),
                                     name_date, label_of (ctx, "date"), day, label_of (ctx, "date")));
      d->pub.related_line = date_entry->line;
      set_rename_fix (d, new_name);
    }
}

/* ------------------------------------------------------------------ */
/* Body                                                                */

static gboolean
text_is_blank (const char *text, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (text[i]))
      return FALSE;
  return TRUE;
}

/* @needle in the @len bytes at @haystack, which may hold NUL (g_strstr_len()
 * stops at one). */
static const char *
find_bytes (const char *haystack, gsize len, const char *needle)
{
  gsize n = strlen (needle);
  const char *end = haystack + len;

  for (const char *p = haystack; p + n <= end; p++)
    {
      p = memchr (p, needle[0], (gsize) (end - p));
      if (p == NULL || p + n > end)
        return NULL;
      if (memcmp (p, needle, n) == 0)
        return p;
    }
  return NULL;
}

/* Position in the document of a cmark (line, byte column) in the body. */
static gsize
body_pos (Ctx *ctx, guint body_line, int line, int column)
{
  gsize ls = ctx_line_start (ctx, body_line + (guint) MAX (line, 1) - 1);
  gsize le = text_line_end (ctx->text, ctx->len, ls);

  return MIN (ls + (gsize) MAX (column, 1) - 1, le);
}

static gboolean
node_has_text (cmark_node *node)
{
  for (cmark_node *c = cmark_node_first_child (node); c != NULL; c = cmark_node_next (c))
    {
      const char *literal = cmark_node_get_literal (c);

      if (cmark_node_get_type (c) == CMARK_NODE_IMAGE)
        return TRUE;
      if (literal != NULL && !text_is_blank (literal, strlen (literal)))
        return TRUE;
      if (node_has_text (c))
        return TRUE;
    }
  return FALSE;
}

/* The template's placeholder sentences, or one of its sections left empty:
 * a copy of the template is not an offer. One warning per section. */
static void
check_template_text (Ctx *ctx, cmark_node *root, guint body_line)
{
  cmark_node *pending_section = NULL;  /* a template section title not followed by text yet */
  g_autofree char *pending_title = NULL;

  for (cmark_node *c = cmark_node_first_child (root); ; c = cmark_node_next (c))
    {
      cmark_node_type type = c != NULL ? cmark_node_get_type (c) : CMARK_NODE_NONE;
      g_autofree char *folded = NULL;
      const char *section = NULL;

      /* empty: the next title is not one of its subsections */
      if (pending_section != NULL &&
          (c == NULL ||
           (type == CMARK_NODE_HEADING &&
            cmark_node_get_heading_level (c) <= cmark_node_get_heading_level (pending_section))))
        {
          gsize at = body_pos (ctx, body_line, cmark_node_get_start_line (pending_section),
                               cmark_node_get_start_column (pending_section));

          add_span (ctx, POSTINGS_SEVERITY_WARNING, "template-text", NULL, at,
                    text_content_end (ctx->text, ctx->len, at),
                    g_strdup_printf (_("The section “%s” of the template is empty: write it, or remove its title."),
                                     pending_title));
        }
      if (c == NULL)
        break;
      if (type == CMARK_NODE_HTML_BLOCK)
        continue;  /* the `<!--more-->` marker is not text */

      pending_section = NULL;
      g_clear_pointer (&pending_title, g_free);
      /* only titles and paragraphs can be the template's */
      if (type != CMARK_NODE_HEADING && type != CMARK_NODE_PARAGRAPH)
        continue;
      folded = postings_template_fold_candidate (c);
      if (folded == NULL)
        continue;
      if (type == CMARK_NODE_HEADING)
        {
          if (postings_template_is_section (folded))
            {
              pending_section = c;
              pending_title = g_steal_pointer (&folded);
            }
        }
      else if (type == CMARK_NODE_PARAGRAPH && postings_template_is_placeholder (folded, &section))
        {
          gsize at = body_pos (ctx, body_line, cmark_node_get_start_line (c), cmark_node_get_start_column (c));

          add_span (ctx, POSTINGS_SEVERITY_WARNING, "template-text", NULL, at,
                    text_content_end (ctx->text, ctx->len, at),
                    section != NULL
                    ? g_strdup_printf (_("The section “%s” still holds the template’s text: replace it with your own."), section)
                    : g_strdup (_("The summary still holds the template’s text: replace it with a sentence or two about the position.")));
        }
    }
}
static gboolean exhaustive;

void
postings_validator_set_exhaustive (gboolean value)
{
  exhaustive = value;
}

static void check_fragment_markers (Ctx *ctx, const char *body, gsize len);
/* Where the site's Markdown and plain Markdown disagree. */
static void
check_site_rendering (Ctx          *ctx,
                      PostingsSpan  span,
                      guint         body_line,
                      cmark_node   *root)
{
  g_autoptr(GPtrArray) differences =
    postings_site_markdown_find_differences (ctx->text + span.start, span.end - span.start, body_line, root,
                                             ctx->valid_utf8, FALSE, ctx->offered_fixes);

  for (guint i = 0; i < differences->len; i++)
    {
      const PostingsSiteDifference *sd = g_ptr_array_index (differences, i);
      gsize at = ctx_line_start (ctx, sd->line);
      char *message = NULL;
      char *label = NULL;
      Diagnostic *d;

      switch (sd->kind)
        {
        case POSTINGS_SITE_DIFFERENCE_BLOCK_IN_ITEM:
          message = g_strdup (_("This line directly follows a list item with no blank line: the site shows it inside the list, under the last item, and other Markdown tools after the list. Add a blank line before it."));
          label = g_strdup (_("Add a blank line before it"));
          break;
        case POSTINGS_SITE_DIFFERENCE_SUBLIST_INDENT:
          message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "This sub-list is indented less than the text of the item above: the site shows it under that item, other Markdown tools as a list of its own. Indent it by %u space.",
                                                  "This sub-list is indented less than the text of the item above: the site shows it under that item, other Markdown tools as a list of its own. Indent it by %u spaces.",
                                                  sd->indent),
                                     sd->indent);
          label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Indent the sub-list by %u space", "Indent the sub-list by %u spaces", sd->indent), sd->indent);
          break;
        case POSTINGS_SITE_DIFFERENCE_INDENTED_HEADING:
          message = g_strdup (_("This line starts with a space before “#”: the site does not read it as a title and shows the “#” as text. Remove the space before “#”."));
          label = g_strdup (_("Remove the spaces before “#”"));
          break;
        case POSTINGS_SITE_DIFFERENCE_EMPTY_HEADING:
          message = g_strdup (_("This line has only “#” signs: the site shows them as text at the start of the next paragraph, other Markdown tools an empty title. Write the title after the “#” signs, or remove the line."));
          label = g_strdup (_("Remove the line"));
          break;
        case POSTINGS_SITE_DIFFERENCE_PAREN_LIST:
          message = g_strdup (_("“1)” does not start a numbered list on the site, which shows the line as written. Write “1.” to number it."));
          label = g_strdup (_("Write “1.” instead of “1)”"));
          break;
        case POSTINGS_SITE_DIFFERENCE_PIPE_TABLE:
          message = g_strdup (_("This paragraph has a “|”: the site shows it as a table, other Markdown tools as text. To keep it as text, write “\\|” instead of “|”."));
          label = g_strdup (_("Write “\\|” instead of “|”"));
          break;
        case POSTINGS_SITE_DIFFERENCE_LIST_START:
        default:
          message = g_strdup_printf (_("This numbered list starts at %u, but the site numbers every list from 1: its first item shows as “1.”. Number it from 1."), sd->number);
          label = g_strdup (_("Number the list from 1"));
          break;
        }

      d = add_span (ctx, POSTINGS_SEVERITY_SUGGESTION, "site-renders-differently", NULL, at,
                    text_content_end (ctx->text, ctx->len, at), message);
      /* Offered, never applied by fix_all(): the body is the writer's. */
      if (sd->replacement != NULL)
        set_splice_fix (d, ctx->text, span.start + sd->start, span.start + sd->end, sd->replacement, label);
      else
        g_free (label);
      d->pub.fix_automatic = FALSE;
    }
}

/* Scans of the body that spare most postings cmark's parse: each says
 * where a check that reads cmark's tree may find something, never missing
 * a place (/validator-corpus/jobs/skips compares both ways). */

static gboolean
is_blank_or_tab (char c)
{
  return c == ' ' || c == '\t';
}

/* After the quote marks and list markers that start a line at @p. */
static const char *
skip_containers (const char *p, const char *e)
{
  for (;;)
    {
      const char *m;

      while (p < e && (is_blank_or_tab (*p) || *p == '>'))
        p++;
      m = p;
      if (m < e && (*m == '-' || *m == '+' || *m == '*'))
        m++;
      else
        {
          while (m < e && m - p < 9 && g_ascii_isdigit (*m))
            m++;
          if (m == p || m >= e || (*m != '.' && *m != ')'))
            return p;
          m++;
        }
      if (m < e && !is_blank_or_tab (*m))
        return p;
      p = m;
    }
}

/* What a `<` at @r starts among cmark's blocks: 0 none (an autolink, an
 * address, text), 1 HTML that ends at a blank line (or HTML in the text),
 * 2 HTML that may go past blank lines (script, pre, style, textarea,
 * comments, declarations). */
static int
html_start (const char *r, const char *e)
{
  static const char * const past_blank_lines[] = { "script", "pre", "style", "textarea" };
  const char *n = r + 1, *name;
  gboolean closing = FALSE;

  if (n < e && (*n == '!' || *n == '?'))
    return 2;
  if (n < e && *n == '/')
    n++, closing = TRUE;
  if (n >= e || !g_ascii_isalpha (*n))
    return 0;
  for (name = n; n < e && (g_ascii_isalnum (*n) || *n == '-'); n++)
    ;
  if (n < e && !g_ascii_isspace (*n) && *n != '/' && *n != '>')
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (past_blank_lines) && !closing; i++)
    if ((gsize) (n - name) == strlen (past_blank_lines[i]) &&
        g_ascii_strncasecmp (name, past_blank_lines[i], (gsize) (n - name)) == 0)
      return 2;
  return 1;
}

/* The level-one titles (`# `) of @body, at the offset of their `#`, as
 * cmark finds them; FALSE when the body has what only cmark can tell:
 * code fences, HTML that may go past blank lines (other than a comment on
 * one line), a `#` after HTML with no blank line between, a `#` after
 * quote marks or list markers, `=` underlines, a `#` after a tab or four
 * spaces, CR line ends not followed by LF. */
static gboolean
find_level_one_titles (const char *body, gsize len, GArray *titles)
{
  gboolean after_html = FALSE;  /* in what HTML may hold, up to a blank line */

  for (const char *cr = body; (cr = memchr (cr, '\r', len - (gsize) (cr - body))) != NULL; cr++)
    if (cr + 1 == body + len || cr[1] != '\n')
      return FALSE;
  for (gsize ls = 0; ls < len; ls = text_next_line (body, len, ls))
    {
      const char *p = body + ls;
      const char *e = body + text_line_end (body, len, ls);
      const char *q = p, *r;

      if (e > p && e[-1] == '\r')
        e--;
      while (q < e && is_blank_or_tab (*q))
        q++;
      r = skip_containers (q, e);
      if (q == e)
        after_html = FALSE;
      if (r == e)
        continue;
      if (((*r == '`' || *r == '~') && e - r >= 3 && r[1] == *r && r[2] == *r) || *r == '=')
        return FALSE;
      if (*r == '<')
        {
          int html = html_start (r, e);

          /* a comment on its line */
          if (html == 2 && r == q && q - p <= 3 && e - r >= 7 && memcmp (r, "<!--", 4) == 0 &&
              g_strstr_len (r + 4, e - r - 4, "-->") != NULL)
            continue;
          if (html == 2)
            return FALSE;
          after_html |= html == 1;
          continue;
        }
      if (*r != '#')
        continue;
      if (after_html || r != q || q - p > 3 || memchr (p, '\t', (gsize) (q - p)) != NULL)
        return FALSE;
      if (q + 1 == e || is_blank_or_tab (q[1]))
        {
          gsize at = (gsize) (q - body);
          g_array_append_val (titles, at);
        }
    }
  return TRUE;
}

static gboolean
is_entity_char (char c)
{
  return g_ascii_isalnum (c) || c == '#';
}

/* Whether @body may have a link without text (a `[` and the next `]` with
 * only blanks, code marks and entity references between them, unless the
 * `[` is an image's) or without address (a destination that is empty,
 * between `<>`, a title alone or an entity reference, or such a link
 * definition). */
static gboolean
may_have_empty_link (const char *body, gsize len)
{
  const char *end = body + len;

  for (const char *p = body; (p = memchr (p, ']', (gsize) (end - p))) != NULL; p++)
    {
      const char *o = p;
      const char *q = p + 1;

      /* nothing between the brackets */
      while (o > body)
        {
          if (g_ascii_isspace (o[-1]) || o[-1] == '`')
            o--;
          else if (o[-1] == ';' && o - 1 > body && is_entity_char (o[-2]))
            {
              const char *a = o - 2;

              while (a > body && is_entity_char (a[-1]))
                a--;
              if (a == body || a[-1] != '&')
                break;
              o = a - 1;
            }
          else
            break;
        }
      if (o > body && o[-1] == '[' && !(o - 1 > body && o[-2] == '!' && !(o - 2 > body && o[-3] == '\\')))
        return TRUE;

      /* an address that is nothing */
      if (q < end && (*q == '(' || *q == ':'))
        {
          gboolean definition = *q == ':';

          for (q++; q < end && g_ascii_isspace (*q); q++)
            ;
          if (q == end || *q == '<' || *q == '&' ||
              (!definition && (*q == ')' || *q == '"' || *q == '\'' || *q == '(')))
            return TRUE;
        }
    }
  return FALSE;
}

/* A line's `#` title level (1 to 6), or 0. */
static guint
title_level (const char *p, const char *e)
{
  const char *q = p;

  while (q < e && q - p < 3 && *q == ' ')
    q++;
  p = q;
  while (q < e && *q == '#')
    q++;
  return q > p && q - p <= 6 && (q == e || is_blank_or_tab (*q)) ? (guint) (q - p) : 0;
}

/* Whether a section of the template's may be empty in @body: a title that
 * may be one of the template's (on its `#` line, or any title underlined
 * with `=` or `-`) followed by nothing, by a title of its level or above,
 * by HTML or by a `[` (a link definition shows nothing). Lines end at LF
 * or CRLF (a CR alone: find_level_one_titles() leaves it to cmark). */
static gboolean
may_have_empty_section (const char *body, gsize len)
{
  guint section = 0;           /* the level of the section title above, if any */
  gboolean in_block = FALSE;   /* in the first block after it */
  gboolean after_text = FALSE; /* the line above is not blank */

  for (gsize ls = 0; ls < len; ls = text_next_line (body, len, ls))
    {
      const char *p = body + ls;
      const char *e = body + text_line_end (body, len, ls);
      const char *q = p, *c;
      guint level, underline = 0;
      gboolean placeholder, is_section;

      if (e > p && e[-1] == '\r')
        e--;
      while (q < e && g_ascii_isspace (*q))
        q++;
      if (q == e)
        {
          /* the block after the title ended: the section has text */
          if (in_block)
            section = 0;
          in_block = after_text = FALSE;
          continue;
        }
      level = title_level (p, e);
      for (c = q; c < e && (*c == *q || g_ascii_isspace (*c)); c++)
        ;
      if (after_text && c == e && (*q == '=' || *q == '-'))
        underline = *q == '=' ? 1 : 2;
      after_text = TRUE;

      if (section > 0 && !in_block)
        {
          if (*q == '<' || *q == '[' || (level > 0 && level <= section))
            return TRUE;
          in_block = level == 0;
          if (level > 0)
            section = 0;
        }
      else if (in_block)
        {
          if (underline > 0 && underline <= section)
            return TRUE;
          if (level > 0)
            in_block = FALSE, section = 0;
        }

      if (level > 0)
        {
          postings_template_scan (p, (gsize) (e - p), &placeholder, &is_section);
          if (is_section)
            section = level, in_block = FALSE;
        }
      else if (underline > 0)
        {
          section = underline;
          in_block = FALSE;
        }
    }
  return section > 0 && !in_block;
}

/* Whether the checks that read cmark's tree of the body may find anything:
 * else the level-one titles found by the scan are all there is. */
static gboolean
body_needs_tree (Ctx *ctx, const char *body, gsize len, GArray *titles)
{
  gboolean placeholder, section;

  if (exhaustive || !ctx->valid_utf8 || !find_level_one_titles (body, len, titles) ||
      may_have_empty_link (body, len))
    return TRUE;
  postings_template_scan (body, len, &placeholder, &section);
  return placeholder || (section && may_have_empty_section (body, len));
}

static void
add_level_one_title (Ctx *ctx, gsize at)
{
  add_span (ctx, POSTINGS_SEVERITY_SUGGESTION, "heading-level-1", NULL, at,
            text_content_end (ctx->text, ctx->len, at),
            g_strdup (_("This title is a main title (“# ”), but the page already shows the job title as its main title. Use a second-level title (“## ”) instead.")));
}

/* The checks that read cmark's tree of the body (@differ: the body may
 * read differently on the site). */
static void
check_body_tree (Ctx *ctx, PostingsSpan span, guint body_line, gboolean differ)
{
  const char *body = ctx->text + span.start;
  gsize len = span.end - span.start;
  cmark_node *root;
  cmark_iter *iter;
  cmark_event_type ev;

  root = postings_cmark_parse (body, len, CMARK_OPT_DEFAULT);
  iter = cmark_iter_new (root);
  while ((ev = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);
      cmark_node_type type = cmark_node_get_type (node);

      if (ev != CMARK_EVENT_ENTER)
        continue;

      if (type == CMARK_NODE_HEADING && cmark_node_get_heading_level (node) == 1)
        add_level_one_title (ctx, body_pos (ctx, body_line, cmark_node_get_start_line (node),
                                            cmark_node_get_start_column (node)));
      else if (type == CMARK_NODE_LINK)
        {
          const char *url = cmark_node_get_url (node);
          gboolean no_url = url == NULL || text_is_blank (url, strlen (url));
          gboolean no_text = !node_has_text (node);

          if (no_url || no_text)
            {
              gsize at = body_pos (ctx, body_line, cmark_node_get_start_line (node), cmark_node_get_start_column (node));
              gsize end = cmark_node_get_end_line (node) == cmark_node_get_start_line (node)
                ? body_pos (ctx, body_line, cmark_node_get_end_line (node), cmark_node_get_end_column (node) + 1)
                : text_content_end (ctx->text, ctx->len, at);

              add_span (ctx, POSTINGS_SEVERITY_WARNING, "empty-link", NULL, at, end,
                        no_url
                        ? g_strdup (_("This link has no address: write the address between the parentheses, as in [text](https://…)."))
                        : g_strdup (_("This link has no text: readers see nothing to click. Write the text between the brackets, as in [the offer](https://…).")));
            }
        }
    }
  cmark_iter_free (iter);
  check_template_text (ctx, root, body_line);
  if (differ)
    check_site_rendering (ctx, span, body_line, root);
  postings_cmark_free (root);
}

static void
check_body (Ctx *ctx)
{
  PostingsSpan span = postings_document_get_body_span (ctx->doc);
  guint body_line = postings_document_get_body_line (ctx->doc);
  const char *body = ctx->text + span.start;
  gsize len = span.end - span.start;
  g_autoptr(GArray) titles = NULL;
  gboolean differ;
  guint n_median = 0;
  const char *first_median = NULL;

  if (text_is_blank (body, len))
    {
      /* on the closing line: there is no body line to point at */
      gsize at = span.start > 0 ? ctx_line_start (ctx, ctx_line_of (ctx, span.start - 1)) : 0;
      add_span (ctx, POSTINGS_SEVERITY_WARNING, "empty-body", NULL, at,
                text_content_end (ctx->text, ctx->len, at),
                g_strdup (_("The posting has no text after the header. Describe the position, the team and how to apply.")));
      return;
    }

  if (find_bytes (body, len, "<!--more-->") == NULL)
    {
      gsize at = span.start;
      while (at < span.end && line_is_blank (ctx->text, span.end, at))
        at = text_next_line (ctx->text, span.end, at);
      gsize after = at;
      Diagnostic *d;

      d = add_span (ctx, POSTINGS_SEVERITY_SUGGESTION, "missing-excerpt", NULL, at,
                    text_content_end (ctx->text, ctx->len, at),
                    g_strdup (_("The text has no summary end: the list of offers shows the text above it as the summary. Add one after the first paragraph.")));
      /* Offered, never applied by fix_all(): where the summary ends is the
       * writer's choice. The mark goes after the first paragraph. */
      while (after < span.end && !line_is_blank (ctx->text, span.end, after))
        after = text_next_line (ctx->text, span.end, after);
      if (at < span.end)
        set_splice_fix (d, ctx->text, after, after,
                        after > 0 && ctx->text[after - 1] != '\n' ? "\n\n<!--more-->\n" : "\n<!--more-->\n",
                        g_strdup (_("Add the summary end after the first paragraph")));
      d->pub.fix_automatic = FALSE;
    }

  titles = g_array_new (FALSE, FALSE, sizeof (gsize));
  differ = exhaustive || postings_site_markdown_may_differ (body, len);
  if (differ || body_needs_tree (ctx, body, len, titles))
    {
      check_body_tree (ctx, span, body_line, differ);
    }
  else
    {
      for (guint i = 0; i < titles->len; i++)
        add_level_one_title (ctx, span.start + g_array_index (titles, gsize, i));
    }
  check_fragment_markers (ctx, body, len);

  for (const char *p = body; (p = find_bytes (p, (gsize) (body + len - p), "·")) != NULL; p += 2)
    {
      if (first_median == NULL)
        first_median = p;
      n_median++;
    }
  if (n_median > 0)
    {
      gsize at = (gsize) (first_median - ctx->text);

      add_span (ctx, POSTINGS_SEVERITY_SUGGESTION, "point-median", NULL, at, at + 2,
                g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The point médian (“·”) appears %u time in the text. It is hard to read for many people and for screen readers: the site recommends writing both forms, such as “développeur ou développeuse”.",
                                              "The point médian (“·”) appears %u times in the text. It is hard to read for many people and for screen readers: the site recommends writing both forms, such as “développeur ou développeuse”.",
                                              n_median),
                                 n_median));
    }
}

/* Images pasted into the text as `data:` URIs. Inside a site the fix
 * writes each to a file of the images folder and links it: it writes a
 * file, so it is never automatic (not applied by `postings check --fix`). */
static void
check_embedded_images (Ctx *ctx)
{
  PostingsSpan span = postings_document_get_body_span (ctx->doc);
  g_autoptr(GArray) uris = postings_data_uri_find_all (ctx->text + span.start, span.end - span.start, 0);
  const char *folder = postings_schema_get_images_folder (ctx->schema);
  guint n_images = 0;

  for (guint i = 0; i < uris->len; i++)
    {
      const PostingsDataUri *uri = &g_array_index (uris, PostingsDataUri, i);
      gsize start = span.start + uri->start;
      gsize end = span.start + uri->end;
      g_autofree char *size = NULL;
      Diagnostic *d;

      if (!g_str_has_prefix (uri->mime, "image/"))
        continue;
      n_images++;

      size = postings_format_size (uri->decoded_size);
      d = add_span (ctx, POSTINGS_SEVERITY_SUGGESTION, "embedded-image", NULL, start, end,
                    g_strdup_printf (_("This image is embedded in the text (%s): the posting is heavy to edit and to load, and the image cannot be reused. Put it in an image file of the site (folder “%s”) and link it, as in ![description](/%s/name.png)."),
                                     size, folder, folder));

      if (ctx->root == NULL || postings_image_mime_to_extension (uri->mime) == NULL)
        continue;

      d->pub.fix_kind = POSTINGS_FIX_EDIT;
      d->pub.fix_automatic = FALSE;
      d->pub.fix_writes_file = TRUE;
      d->pub.fix_label = g_strdup_printf (_("Move the image to a file in “%s”"), folder);
      d->op = OP_EXTRACT_IMAGE;
      d->start = start;
      d->end = end;
      d->old_text = g_strndup (ctx->text + start, end - start);
      d->fix_value = g_strdup (folder);
      d->site_root = g_object_ref (ctx->root);
      /* The file is named after the posting: 2024-01-02-dev-2.png */
      if (ctx->file_name != NULL)
        {
          g_autofree char *stem = g_strdup (ctx->file_name);
          char *dot = strrchr (stem, '.');

          if (dot != NULL && g_str_equal (dot, ".md"))
            *dot = '\0';
          d->fix_key = n_images == 1 ? g_steal_pointer (&stem)
                                     : g_strdup_printf ("%s-image-%u", stem, n_images);
        }
      else
        d->fix_key = g_strdup_printf ("image-%u", n_images);
    }
}

/* `<!--StartFragment-->` and `<!--EndFragment-->`, left in the text by
 * pasting from a browser or a word processor. Alone on its line, the line
 * goes (or becomes blank, between two lines of text, so that they stay
 * two paragraphs); inside a line, the marker only. */
static void
check_fragment_markers (Ctx *ctx, const char *body, gsize len)
{
  static const char * const markers[] = { "<!--StartFragment-->", "<!--EndFragment-->" };

  for (guint m = 0; m < G_N_ELEMENTS (markers); m++)
    for (const char *p = body; (p = find_bytes (p, (gsize) (body + len - p), markers[m])) != NULL;
         p += strlen (markers[m]))
      {
        gsize at = (gsize) (p - ctx->text);
        gsize end = at + strlen (markers[m]);
        guint line = ctx_line_of (ctx, at);
        gsize ls = ctx_line_start (ctx, line);
        gsize le = text_line_end (ctx->text, ctx->len, at);
        gsize start = at, stop = end;
        const char *replacement = "";
        Diagnostic *d;

        if (text_is_blank (ctx->text + ls, at - ls) && text_is_blank (ctx->text + end, le - end))
          {
            gsize next = text_next_line (ctx->text, ctx->len, ls);
            gboolean text_before = ls > (gsize) (body - ctx->text) && !line_is_blank (ctx->text, ctx->len, ctx_line_start (ctx, line - 1));
            gboolean text_after = next < ctx->len && !line_is_blank (ctx->text, ctx->len, next);

            start = ls;
            stop = next;
            if (text_before && text_after)
              replacement = postings_document_get_newline (ctx->doc);
          }
        d = add_span (ctx, POSTINGS_SEVERITY_WARNING, "word-processor-marker", NULL, at, end,
                      g_strdup_printf (_("The text holds “%s”, a marker left by copying from a web page or a word processor. Readers do not see it and it is not part of the offer: remove it."),
                                       markers[m]));
        set_splice_fix (d, ctx->text, start, stop, replacement,
                        g_strdup_printf (_("Remove the marker “%s”"), markers[m]));
      }
}

/* ------------------------------------------------------------------ */
/* Bytes: text, no NUL                                                 */

/* Diagnostics per rule: a file of binary data must not list every line. */
#define MAX_BYTE_DIAGNOSTICS 20
/* More NUL characters than this are not stray: the file is not UTF-8 text. */
#define MAX_STRAY_NULS 16

static void
check_nuls (Ctx *ctx, gsize first, guint n_nuls)
{
  guint n_lines = 0;

  if (n_nuls > MAX_STRAY_NULS)
    {
      add_span (ctx, POSTINGS_SEVERITY_ERROR, "nul-byte", NULL, first, first + 1,
                g_strdup_printf (_("The file contains %u invisible NUL characters: it is not text saved as UTF-8 (it may have been saved as UTF-16), and the site cannot publish it. Save it again as UTF-8 text."),
                                 n_nuls));
      return;
    }

  /* one diagnostic per line, whose fix deletes the line's NUL characters */
  for (gsize pos = first; pos < ctx->len && n_lines < MAX_BYTE_DIAGNOSTICS; n_lines++)
    {
      gsize le = text_line_end (ctx->text, ctx->len, pos);
      gsize last = pos;
      g_autoptr(GString) kept = g_string_new (NULL);
      Diagnostic *d;

      for (gsize i = pos; i < le; i++)
        if (ctx->text[i] == '\0')
          last = i;
      for (gsize i = pos; i <= last; i++)
        if (ctx->text[i] != '\0')
          g_string_append_c (kept, ctx->text[i]);

      d = add_span (ctx, POSTINGS_SEVERITY_ERROR, "nul-byte", NULL, pos, last + 1,
                    g_strdup (_("The text holds an invisible NUL character, which is not text: the site cannot publish the offer with it. Delete it.")));
      set_splice_fix (d, ctx->text, pos, last + 1, kept->str, g_strdup (_("Delete the NUL character")));

      {
        const char *next = memchr (ctx->text + le, '\0', ctx->len - le);

        pos = next != NULL ? (gsize) (next - ctx->text) : ctx->len;
      }
    }
}

/* Bytes that are not UTF-8 text, and NUL characters, anywhere in the file
 * (the header's are reported here too, not as a header problem):
 * the site's build fails on them. A byte order mark is text (and stays). */
static void
check_bytes (Ctx *ctx)
{
  gsize pos = 0;
  gsize first_nul = 0;
  guint n_nuls = 0;
  guint n_invalid_lines = 0;
  guint last_invalid_line = 0;

  while (pos < ctx->len)
    {
      const char *end;

      if (postings_utf8_validate_len (ctx->text + pos, ctx->len - pos, &end))
        {
          ctx->valid_utf8 = pos == 0;
          break;
        }
      pos = (gsize) (end - ctx->text);
      if (ctx->text[pos] == '\0')
        {
          if (n_nuls++ == 0)
            first_nul = pos;
          pos++;
          continue;
        }

      /* the run of bytes that do not start a valid character */
      {
        gsize start = pos;
        guint line = ctx_line_of (ctx, start);

        do
          pos++;
        while (pos < ctx->len && ctx->text[pos] != '\0' &&
               g_utf8_get_char_validated (ctx->text + pos, (gssize) (ctx->len - pos)) >= (gunichar) -2);
        if (line != last_invalid_line && n_invalid_lines < MAX_BYTE_DIAGNOSTICS)
          {
            add_span (ctx, POSTINGS_SEVERITY_ERROR, "invalid-utf8", NULL, start, pos,
                      g_strdup (_("The text holds bytes that are not valid UTF-8 text (the file was probably saved in another encoding): the site cannot publish the offer with them. Save the file as UTF-8.")));
            n_invalid_lines++;
            last_invalid_line = line;
          }
      }
    }

  if (n_nuls > 0)
    check_nuls (ctx, first_nul, n_nuls);
}

/* ------------------------------------------------------------------ */
/* Running the rules                                                   */

static int
compare_diagnostics (gconstpointer a, gconstpointer b)
{
  const PostingsDiagnostic *da = *(PostingsDiagnostic * const *) a;
  const PostingsDiagnostic *db = *(PostingsDiagnostic * const *) b;
  int c;

  if (da->line != db->line)
    return da->line < db->line ? -1 : 1;
  if (da->column != db->column)
    return da->column < db->column ? -1 : 1;
  if (da->severity != db->severity)
    return da->severity < db->severity ? -1 : 1;
  if ((c = strcmp (da->rule, db->rule)) != 0)
    return c;
  return g_strcmp0 (da->message, db->message);
}

struct _PostingsValidatorCache
{
  GHashTable *reference_dirs;
  gboolean    no_offered_fixes;
};

PostingsValidatorCache *
postings_validator_cache_new (void)
{
  return g_new0 (PostingsValidatorCache, 1);
}

void
postings_validator_cache_set_offered_fixes (PostingsValidatorCache *cache,
                                            gboolean                wanted)
{
  g_return_if_fail (cache != NULL);

  cache->no_offered_fixes = !wanted;
}

void
postings_validator_cache_free (PostingsValidatorCache *cache)
{
  if (cache == NULL)
    return;
  g_clear_pointer (&cache->reference_dirs, g_hash_table_unref);
  g_free (cache);
}

GPtrArray *
postings_validate (PostingsDocument *document,
                   PostingsSchema   *schema,
                   GFile            *root,
                   const char       *file_name)
{
  return postings_validate_cached (document, schema, root, file_name, NULL);
}

GPtrArray *
postings_validate_cached (PostingsDocument       *document,
                          PostingsSchema         *schema,
                          GFile                  *root,
                          const char             *file_name,
                          PostingsValidatorCache *cache)
{
  Ctx ctx = { 0 };

  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (schema == NULL || POSTINGS_IS_SCHEMA (schema), NULL);
  g_return_val_if_fail (root == NULL || G_IS_FILE (root), NULL);

  ctx.doc = document;
  ctx.reference_dirs = cache != NULL ? cache->reference_dirs : NULL;
  ctx.offered_fixes = cache == NULL || !cache->no_offered_fixes;
  ctx.schema = schema ? schema : postings_schema_get_default ();
  ctx.root = root;
  ctx.file_name = file_name;
  ctx.text = postings_document_get_text (document, &ctx.len);
  ctx.revision = postings_document_get_revision (document);
  ctx.out = g_ptr_array_new_with_free_func ((GDestroyNotify) postings_diagnostic_unref);
  index_lines (&ctx);

  check_bytes (&ctx);
  check_front_matter_problem (&ctx);
  if (postings_document_get_state (document) == POSTINGS_DOCUMENT_OK)
    check_fields (&ctx);
  if (postings_document_get_front_matter_span (document, NULL))
    {
      check_body (&ctx);
      check_embedded_images (&ctx);
    }
  check_file_name (&ctx);

  g_ptr_array_sort (ctx.out, compare_diagnostics);
  g_array_unref (ctx.line_starts);
  if (cache != NULL)
    cache->reference_dirs = ctx.reference_dirs;
  else
    g_clear_pointer (&ctx.reference_dirs, g_hash_table_unref);
  return ctx.out;
}

guint
postings_validator_count (GPtrArray        *diagnostics,
                          PostingsSeverity  severity)
{
  guint n = 0;

  g_return_val_if_fail (diagnostics != NULL, 0);

  for (guint i = 0; i < diagnostics->len; i++)
    if (((PostingsDiagnostic *) g_ptr_array_index (diagnostics, i))->severity == severity)
      n++;
  return n;
}

/* ------------------------------------------------------------------ */
/* Fixes                                                               */

static gboolean
entry_at (PostingsDocument *document, guint position, const char *key, guint line)
{
  const PostingsEntry *e = postings_document_get_entry (document, position);

  return e != NULL && g_str_equal (e->key, key) && e->line == line;
}

/* Writes the image to a new file of the images folder (never replacing
 * one), then replaces its data URI by the file's address on the site. */
static gboolean
extract_image (Diagnostic        *d,
               PostingsDocument  *document,
               GError           **error)
{
  gsize len, new_len;
  const char *text = postings_document_get_text (document, &len);
  gsize old_len = strlen (d->old_text);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *mime = NULL;
  g_autofree char *site_path = NULL;
  g_autofree char *new_text = NULL;

  if (d->end > len || d->end - d->start != old_len || memcmp (text + d->start, d->old_text, old_len) != 0)
    {
      g_set_error_literal (error, POSTINGS_ERROR, POSTINGS_ERROR_INVALID_EDIT,
                           _("The posting changed since it was checked: check it again before fixing."));
      return FALSE;
    }

  bytes = postings_data_uri_decode (d->old_text, old_len, &mime, error);
  if (bytes == NULL)
    return FALSE;
  if (!postings_image_add_to_site (bytes, mime, d->site_root, d->fix_value, d->fix_key,
                                   NULL, &site_path, error))
    return FALSE;

  new_text = splice_text (text, len, d->start, d->end, site_path, &new_len);
  postings_document_set_text (document, new_text, (gssize) new_len);
  return TRUE;
}

gboolean
postings_diagnostic_apply_fix (PostingsDiagnostic  *self,
                               PostingsDocument    *document,
                               GError             **error)
{
  Diagnostic *d = (Diagnostic *) self;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->fix_kind != POSTINGS_FIX_EDIT)
    {
      g_set_error_literal (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                           self->fix_kind == POSTINGS_FIX_RENAME_FILE
                           ? _("This problem is fixed by renaming the file, not by changing its text.")
                           : _("This problem cannot be fixed automatically."));
      return FALSE;
    }
  if (postings_document_get_revision (document) != d->revision)
    {
      g_set_error_literal (error, POSTINGS_ERROR, POSTINGS_ERROR_INVALID_EDIT,
                           _("The posting changed since it was checked: check it again before fixing."));
      return FALSE;
    }

  switch (d->op)
    {
    case OP_SPLICE:
      {
        gsize len;
        const char *text = postings_document_get_text (document, &len);
        gsize old_len = d->end - d->start;
        gsize new_len;
        g_autofree char *new_text = NULL;

        if (d->end > len || memcmp (text + d->start, d->old_text, old_len) != 0)
          break;
        new_text = splice_text (text, len, d->start, d->end, d->replacement, &new_len);
        postings_document_set_text (document, new_text, (gssize) new_len);
        return TRUE;
      }

    case OP_REMOVE_ENTRY:
      if (!entry_at (document, d->position, d->fix_key, d->entry_line))
        break;
      return postings_document_remove_entry (document, d->position, error);

    case OP_RENAME_KEY:
      {
        const PostingsEntry *e = postings_document_lookup (document, d->fix_key);
        if (e == NULL || e->line != d->entry_line)
          break;
        return postings_document_rename_key (document, d->fix_key, d->fix_value, error);
      }

    case OP_SET_BOOLEAN:
      {
        const PostingsEntry *e = postings_document_lookup (document, d->fix_key);
        if (e == NULL || e->line != d->entry_line)
          break;
        return postings_document_set_value (document, d->fix_key, d->fix_value, POSTINGS_VALUE_BOOLEAN, error);
      }

    case OP_EXTRACT_IMAGE:
      return extract_image (d, document, error);

    case OP_NONE:
    default:
      break;
    }

  g_set_error_literal (error, POSTINGS_ERROR, POSTINGS_ERROR_INVALID_EDIT,
                       _("The posting changed since it was checked: check it again before fixing."));
  return FALSE;
}

GPtrArray *
postings_validator_fix_all (PostingsDocument *document,
                            PostingsSchema   *schema,
                            GFile            *root,
                            const char       *file_name,
                            guint             max_passes)
{
  GPtrArray *applied = g_ptr_array_new_with_free_func ((GDestroyNotify) postings_diagnostic_unref);

  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (document), applied);

  if (max_passes == 0)
    max_passes = 32;

  for (guint pass = 0; pass < max_passes; pass++)
    {
      g_autoptr(GPtrArray) diagnostics = postings_validate (document, schema, root, file_name);
      gboolean fixed = FALSE;

      for (guint i = 0; i < diagnostics->len && !fixed; i++)
        {
          PostingsDiagnostic *diag = g_ptr_array_index (diagnostics, i);
          g_autoptr(GError) error = NULL;

          if (diag->fix_kind != POSTINGS_FIX_EDIT || !diag->fix_automatic)
            continue;
          if (postings_diagnostic_apply_fix (diag, document, &error))
            {
              g_ptr_array_add (applied, postings_diagnostic_ref (diag));
              fixed = TRUE;
            }
          else
            g_debug ("fix of %s at line %u refused: %s", diag->rule, diag->line, error->message);
        }
      if (!fixed)
        break;
    }
  return applied;
}

gboolean
postings_validator_rename_file (GFile       *file,
                                const char  *new_name,
                                GFile      **out_file,
                                GError     **error)
{
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GFile) dest = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (new_name != NULL, FALSE);

  if (new_name[0] == '\0' || new_name[0] == '.' || strchr (new_name, '/') != NULL)
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                   _("“%s” cannot be used as a file name."), new_name);
      return FALSE;
    }
  parent = g_file_get_parent (file);
  if (parent == NULL)
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                   _("“%s” cannot be used as a file name."), new_name);
      return FALSE;
    }
  dest = g_file_get_child (parent, new_name);
  /* Without G_FILE_COPY_OVERWRITE an existing file is never replaced
   * (G_IO_ERROR_EXISTS); a local move is a rename(). */
  if (!g_file_move (file, dest, G_FILE_COPY_NOFOLLOW_SYMLINKS | G_FILE_COPY_NO_FALLBACK_FOR_MOVE,
                    NULL, NULL, NULL, error))
    return FALSE;
  if (out_file)
    *out_file = g_steal_pointer (&dest);
  return TRUE;
}
