/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "postings-core-i18n.h"

#include <cmark.h>
#include <string.h>

#include "postings-error.h"
#include "postings-schema-private.h"
#include "postings-slug.h"
#include "postings-template.h"

#define TEMPLATE_RESOURCE "templates/posting.md"

GBytes *
postings_template_get_bytes (void)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = _postings_core_lookup_resource (TEMPLATE_RESOURCE, &error);

  /* Built into the library: missing only in a broken build. */
  if (bytes == NULL)
    g_error ("The posting template is missing: %s", error->message);

  return bytes;
}

PostingsDocument *
postings_document_new_from_template (const char  *roles,
                                     const char  *date,
                                     GError     **error)
{
  g_autoptr(PostingsDocument) document = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *today = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (date == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      today = g_date_time_format (now, "%Y-%m-%d");
      date = today;
    }
  else if (!postings_date_is_valid (date))
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                   _("“%s” is not a date: write it as YYYY-MM-DD, for example 2026-03-01."),
                   date);
      return NULL;
    }

  bytes = postings_template_get_bytes ();
  document = postings_document_new_from_bytes (bytes);

  if (postings_document_get_state (document) != POSTINGS_DOCUMENT_OK)
    g_error ("The posting template does not parse");

  postings_document_set_key_order (document,
                                   postings_schema_get_key_order (postings_schema_get_default ()));

  /* The template's `roles:` is empty (null), so the first value written
   * there, now or later in the form, gets no quotes unless YAML needs them. */
  if (roles != NULL &&
      !postings_document_set_value (document, "roles", roles, POSTINGS_VALUE_TEXT, error))
    return NULL;

  if (!postings_document_set_value (document, "date", date, POSTINGS_VALUE_DATE, error))
    return NULL;

  return g_steal_pointer (&document);
}

/* ------------------------------------------------------------------ */
/* Placeholder text                                                    */

/* The folded texts looked for are told apart by their first bytes. */
#define PREFIX_LEN 8

/* Folding a block's text: white space runs as one space, none at the
 * start; stopped (over) once longer than max, or once its first
 * PREFIX_LEN bytes are none of prefixes' (when not NULL). */
typedef struct
{
  GString    *out;
  gboolean    space;  /* a space is pending */
  gsize       max;
  GHashTable *prefixes;
  gboolean    over;
} Fold;

static gboolean
fold_is_over (Fold *fold)
{
  GString *out = fold->out;

  if (out->len > fold->max)
    return TRUE;
  if (fold->prefixes != NULL && out->len >= PREFIX_LEN)
    {
      char prefix[PREFIX_LEN + 1];
      gboolean known;

      memcpy (prefix, out->str, PREFIX_LEN);
      prefix[PREFIX_LEN] = '\0';
      known = g_hash_table_contains (fold->prefixes, prefix);
      fold->prefixes = NULL;  /* checked once */
      return !known;
    }
  return FALSE;
}

static void
append_folded (Fold       *fold,
               const char *text)
{
  GString *out = fold->out;
  const char *p = text;

  while (*p != '\0' && !fold->over)
    {
      const char *word = p;

      if (g_ascii_isspace (*p))
        {
          fold->space = out->len > 0;
          p++;
          continue;
        }
      while (*p != '\0' && !g_ascii_isspace (*p))
        p++;
      if (fold->space)
        g_string_append_c (out, ' ');
      fold->space = FALSE;
      g_string_append_len (out, word, p - word);
      fold->over = fold_is_over (fold);
    }
}

static void
append_text (Fold       *fold,
             cmark_node *node)
{
  for (cmark_node *c = cmark_node_first_child (node); c != NULL && !fold->over; c = cmark_node_next (c))
    {
      switch (cmark_node_get_type (c))
        {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
        case CMARK_NODE_HTML_INLINE:
          append_folded (fold, cmark_node_get_literal (c));
          break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
          fold->space = fold->out->len > 0;
          break;
        default:
          append_text (fold, c);
          break;
        }
    }
}

/* The node's text folded in one pass, or NULL once longer than @max or
 * not starting as one of @prefixes (when not NULL). */
static char *
fold_text (cmark_node *node,
           gsize       max,
           GHashTable *prefixes)
{
  Fold fold = { g_string_sized_new (64), FALSE, max, prefixes, FALSE };

  append_text (&fold, node);
  if (fold.over)
    {
      g_string_free (fold.out, TRUE);
      return NULL;
    }
  return g_string_free (fold.out, FALSE);
}

char *
postings_template_fold_text (gpointer cmark_node_)
{
  return fold_text (cmark_node_, G_MAXSIZE, NULL);
}

typedef struct
{
  GHashTable *placeholders;  /* folded paragraph → section title ("" for the introduction) */
  GHashTable *sections;      /* folded section titles */
  gsize       longest;       /* the longest of both, in bytes */
  GHashTable *prefixes;      /* the first PREFIX_LEN bytes of both */
  gboolean    unscannable;   /* for postings_template_scan(): one of them holds markup; */
  guint       opaque;        /*   the opaque_entities[] that none of them holds (bits) */
  GPtrArray  *by_first[256]; /* const char *: those that start with the byte, or NULL */
  char        firsts[257];   /* those bytes */
} Placeholders;

static void
add_prefix (Placeholders *p,
            const char   *folded)
{
  if (strlen (folded) >= PREFIX_LEN)
    g_hash_table_add (p->prefixes, g_strndup (folded, PREFIX_LEN));
  p->longest = MAX (p->longest, strlen (folded));
}

static void prepare_scan (Placeholders *p);

static gpointer
load_placeholders (gpointer data)
{
  Placeholders *p = g_new0 (Placeholders, 1);
  g_autoptr(GBytes) bytes = postings_template_get_bytes ();
  g_autoptr(PostingsDocument) document = postings_document_new_from_bytes (bytes);
  g_autofree char *body = postings_document_dup_body (document);
  cmark_node *root = cmark_parse_document (body, strlen (body), CMARK_OPT_DEFAULT);
  const char *section = "";

  p->placeholders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  p->sections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  p->prefixes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (cmark_node *c = cmark_node_first_child (root); c != NULL; c = cmark_node_next (c))
    {
      cmark_node_type type = cmark_node_get_type (c);

      if (type == CMARK_NODE_HEADING)
        {
          char *title = postings_template_fold_text (c);

          g_hash_table_add (p->sections, title);
          add_prefix (p, title);
          section = title;
        }
      else if (type == CMARK_NODE_PARAGRAPH)
        {
          char *folded = postings_template_fold_text (c);

          add_prefix (p, folded);
          g_hash_table_replace (p->placeholders, folded, g_strdup (section));
        }
    }
  cmark_node_free (root);
  prepare_scan (p);
  return p;
}

static Placeholders *
get_placeholders (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, load_placeholders, NULL);
}

gboolean
postings_template_is_placeholder (const char  *folded,
                                  const char **section)
{
  const char *title = g_hash_table_lookup (get_placeholders ()->placeholders, folded);

  if (title == NULL)
    return FALSE;
  if (section != NULL)
    *section = *title != '\0' ? title : NULL;
  return TRUE;
}

gboolean
postings_template_is_section (const char *title)
{
  return g_hash_table_contains (get_placeholders ()->sections, title);
}

/* The scan of a text for the template's blocks, without parsing it. */

/* Markup that the folded text of a block holds only as a literal, so
 * never a pattern without it: a pattern holding one cannot be scanned. */
#define MARKUP_CHARS "*_`\\[]!&<"

enum { PLAIN, SPACE, MARK, SPECIAL };

/* Entity references that stand for a character none of the patterns has:
 * in a block, it can only keep the block from being one of them. */
static const struct { const char *name; const char *utf8; } opaque_entities[] = {
  { "nbsp", "\u00a0" }, { "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" },
  { "laquo", "\u00ab" }, { "raquo", "\u00bb" }, { "ndash", "\u2013" }, { "mdash", "\u2014" },
  { "hellip", "\u2026" }, { "euro", "\u20ac" }, { "copy", "\u00a9" }, { "shy", "\u00ad" },
};

/* Whether one of the patterns holds @needle. */
static gboolean
holds (Placeholders *p,
       const char   *needle)
{
  for (guint b = 0; b < G_N_ELEMENTS (p->by_first); b++)
    for (guint k = 0; p->by_first[b] != NULL && k < p->by_first[b]->len; k++)
      if (strstr (g_ptr_array_index (p->by_first[b], k), needle) != NULL)
        return TRUE;
  return FALSE;
}

/* What folds_to() does with each byte (set once, with the patterns). */
static guint8 fold_class[256];

static void
prepare_scan (Placeholders *p)
{
  GHashTable *tables[] = { p->placeholders, p->sections };

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, tables[t]);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          const char *pattern = key;
          GPtrArray **list = &p->by_first[(guint8) *pattern];

          if (*pattern == '\0' || strpbrk (pattern, MARKUP_CHARS) != NULL)
            p->unscannable = TRUE;
          if (*list == NULL)
            {
              *list = g_ptr_array_new ();
              p->firsts[strlen (p->firsts)] = *pattern;
            }
          g_ptr_array_add (*list, key);
        }
    }
  for (const char *c = " \t\n\r\v\f"; *c != '\0'; c++)
    fold_class[(guint8) *c] = SPACE;
  for (const char *c = "*_`\\[!"; *c != '\0'; c++)
    fold_class[(guint8) *c] = MARK;
  fold_class['\0'] = fold_class['&'] = fold_class[']'] = SPECIAL;
  for (guint i = 0; i < G_N_ELEMENTS (opaque_entities); i++)
    if (!holds (p, opaque_entities[i].utf8))
      p->opaque |= 1u << i;
}

/* After the `]` at @i: the end of a link's destination `(…)` or label
 * `[…]` that follows (the last byte of it), @i when none follows, or -1
 * when the scan cannot tell (a title, an escape, `<…>`, a line end). */
static gssize
link_end (const char *text,
          gsize       len,
          gsize       i)
{
  char close;
  guint depth = 0;

  if (i + 1 >= len || (text[i + 1] != '(' && text[i + 1] != '['))
    return (gssize) i;
  close = text[i + 1] == '(' ? ')' : ']';
  for (gsize j = i + 2; j < len; j++)
    {
      char d = text[j];

      if (d == '"' || d == '\'' || d == '<' || d == '\\' || d == '\n' || d == '\r' ||
          (close == ']' && d == '['))
        return -1;
      if (close == ')' && d == '(')
        depth++;
      else if (d == close && depth-- == 0)
        return (gssize) j;
    }
  return -1;
}

/* Whether the text from @pos on, as cmark's inlines leave the text of a
 * block for folding (emphasis, code and escape marks, link brackets,
 * destinations and labels taken out, white space runs as one space),
 * starts with @pattern; TRUE with *@unknown where the scan cannot tell. */
static gboolean
folds_to (const char *text,
          gsize       len,
          gsize       pos,
          const char *pattern,
          gboolean   *unknown)
{
  const char *k = pattern;
  gboolean space = FALSE;

  for (gsize i = pos; *k != '\0'; i++)
    {
      char c;

      if (i >= len)
        return FALSE;
      c = text[i];
      switch (fold_class[(guint8) c])
        {
        case SPACE:
          space = TRUE;
          continue;
        case MARK:
          continue;
        case SPECIAL:
          if (c == ']')
            {
              gssize end = link_end (text, len, i);

              if (end < 0)
                return *unknown = TRUE;
              i = (gsize) end;
              continue;
            }
          if (c == '\0')
            return *unknown = TRUE;
          break;  /* `&`: not a pattern's (entity references are looked at first) */
        default:
          break;
        }
      if (space && *k++ != ' ')
        return FALSE;
      space = FALSE;
      if (*k != c)
        return *k == '\0';
      k++;
    }
  return TRUE;
}

/* Whether @text has an entity reference that may stand for a character of
 * the patterns (one of opaque_entities[] is not, unless @p has it). */
static gboolean
has_telling_entity (Placeholders *p,
                    const char   *text,
                    gsize         len)
{
  const char *end = text + len;

  for (const char *a = text; (a = memchr (a, '&', (gsize) (end - a))) != NULL; a++)
    {
      const char *n = a + 1;
      gboolean opaque = FALSE;

      while (n < end && n - a <= 32 && (g_ascii_isalnum (*n) || *n == '#'))
        n++;
      if (n == a + 1 || n >= end || *n != ';')
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (opaque_entities) && !opaque; i++)
        opaque = (p->opaque & (1u << i)) != 0 && strlen (opaque_entities[i].name) == (gsize) (n - a - 1) &&
                 memcmp (a + 1, opaque_entities[i].name, (gsize) (n - a - 1)) == 0;
      if (!opaque)
        return TRUE;
    }
  return FALSE;
}

void
postings_template_scan (const char *text,
                        gsize       len,
                        gboolean   *placeholder,
                        gboolean   *section)
{
  Placeholders *p = get_placeholders ();

  *placeholder = *section = FALSE;
  if (p->unscannable || has_telling_entity (p, text, len))
    {
      *placeholder = *section = TRUE;
      return;
    }
  /* at each place of each byte that starts a pattern */
  for (const char *first = p->firsts; *first != '\0'; first++)
    {
      guint8 b = (guint8) *first;
      GPtrArray *list = p->by_first[b];

      for (const char *at = memchr (text, (int) b, len); at != NULL;
           at = memchr (at + 1, (int) b, len - (gsize) (at + 1 - text)))
        for (guint k = 0; k < list->len; k++)
          {
            const char *pattern = g_ptr_array_index (list, k);
            gboolean unknown = FALSE;

            if (!folds_to (text, len, (gsize) (at - text), pattern, &unknown))
              continue;
            if (unknown)
              {
                *placeholder = *section = TRUE;
                return;
              }
            if (g_hash_table_contains (p->sections, pattern))
              *section = TRUE;
            else
              *placeholder = TRUE;
          }
    }
}

char *
postings_template_fold_candidate (gpointer cmark_node_)
{
  Placeholders *p = get_placeholders ();

  return fold_text (cmark_node_, p->longest, p->prefixes);
}
