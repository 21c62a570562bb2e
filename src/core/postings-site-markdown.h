/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Where the site (kramdown, GFM input: what the preview shows) and plain
 * Markdown (CommonMark: GitHub, editors' previews, other tools) show a
 * posting's body differently, for the cases a writer does not mean, each
 * with the edit that makes both show the same thing.
 *
 * Found by comparing the preview models of both readings
 * (postings_preview_model_new_with_dialect()); an edit is only offered
 * when it really removes the difference. Differences that are meant (a
 * table with its head, which the site draws and CommonMark does not know;
 * a lone `<br>` or `<img>` line) are not reported.
 */

typedef enum
{
  /* A title, quote or code fence right after a list item's text: the site
   * puts it inside the item. Edit: a blank line before it. */
  POSTINGS_SITE_DIFFERENCE_BLOCK_IN_ITEM,
  /* A sub-list indented less than its item's text: nested on the site, a
   * list of its own elsewhere. Edit: indent it under the item's text. */
  POSTINGS_SITE_DIFFERENCE_SUBLIST_INDENT,
  /* ` ## Title`: a space before `#` makes it text on the site. Edit:
   * remove the spaces. */
  POSTINGS_SITE_DIFFERENCE_INDENTED_HEADING,
  /* `##` alone: an empty title elsewhere, the text "##" on the site. Edit:
   * remove the line. */
  POSTINGS_SITE_DIFFERENCE_EMPTY_HEADING,
  /* `1)` starts no list on the site. Edit: `1.` */
  POSTINGS_SITE_DIFFERENCE_PAREN_LIST,
  /* A numbered list that does not start at 1: the site numbers it from 1.
   * Edit: number its first item 1. */
  POSTINGS_SITE_DIFFERENCE_LIST_START,
  /* A paragraph with a `|`: a table (without a head) on the site. Edit:
   * `\|` for each `|`. */
  POSTINGS_SITE_DIFFERENCE_PIPE_TABLE,
} PostingsSiteDifferenceKind;

typedef struct
{
  PostingsSiteDifferenceKind  kind;
  guint                       line;         /* the file line where it shows */
  guint                       number;       /* LIST_START: the first number written */
  guint                       indent;       /* SUBLIST_INDENT: spaces the edit adds */
  gsize                       start;        /* the edit: bytes [start, end) of the body */
  gsize                       end;          /*   become replacement */
  char                       *replacement;  /* NULL when no edit is offered */
} PostingsSiteDifference;

/* The differences in @body (@len bytes, starting on file line
 * @first_line): a new array of PostingsSiteDifference, in line order. */
GPtrArray *postings_site_markdown_differences (const char *body,
                                               gsize       len,
                                               guint       first_line);
/* The same, with cmark's tree of @body (any options) for the CommonMark
 * reading instead of a parse of its own (NULL: parses it); @valid_utf8:
 * the caller knows @body is valid UTF-8 without NUL bytes. */
struct cmark_node;
GPtrArray *postings_site_markdown_differences_with_tree (const char        *body,
                                                         gsize              len,
                                                         guint              first_line,
                                                         struct cmark_node *tree,
                                                         gboolean           valid_utf8);

G_END_DECLS
