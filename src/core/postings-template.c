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
} Placeholders;

static void
add_prefix (Placeholders *p,
            const char   *folded)
{
  if (strlen (folded) >= PREFIX_LEN)
    g_hash_table_add (p->prefixes, g_strndup (folded, PREFIX_LEN));
  p->longest = MAX (p->longest, strlen (folded));
}

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

char *
postings_template_fold_candidate (gpointer cmark_node_)
{
  Placeholders *p = get_placeholders ();

  return fold_text (cmark_node_, p->longest, p->prefixes);
}
