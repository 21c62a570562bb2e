/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The block structure the site gives a Markdown body: a port of the block
 * parser of kramdown 2.4 with its GFM input (kramdown-parser-gfm 1.1), set
 * up as Jekyll sets it up (`input: GFM`, `hard_wrap: false`, the default
 * `gfm_quirks: paragraph_end`), which is what beta.gouv.fr publishes with.
 *
 * Only the block level is parsed here; the text of paragraphs, headings,
 * definition terms and table cells is kept raw (inline Markdown
 * unparsed), as kramdown keeps it before its span parser runs. HTML is
 * never interpreted: an HTML block keeps its source text.
 *
 * Where kramdown and CommonMark disagree, this follows kramdown, e.g.: a
 * line that follows a list item without a blank line belongs to the item
 * (so a heading or a list there is nested in it); a heading needs its `#`
 * at the start of the line and a space after it; `1)` starts no list and
 * numbered lists always count from 1; a block-level HTML tag swallows
 * everything up to its closing tag; `<img>` or `<br>` alone on a line is a
 * paragraph; any block whose first line has a `|` is a table.
 *
 * Not supported (kept as what they consume, with nothing shown): footnote
 * and abbreviation definitions, attribute lists and extensions
 * (`{: .class}`, `{::comment}`), the `markdown="1"` attribute (the HTML
 * stays raw).
 */

typedef enum
{
  POSTINGS_KRAMDOWN_ROOT,
  POSTINGS_KRAMDOWN_BLANK,        /* blank lines */
  POSTINGS_KRAMDOWN_EOB,          /* `^`, or what a definition or attribute list leaves */
  POSTINGS_KRAMDOWN_PARAGRAPH,    /* text */
  POSTINGS_KRAMDOWN_HEADER,       /* level, text */
  POSTINGS_KRAMDOWN_BLOCKQUOTE,
  POSTINGS_KRAMDOWN_UL,
  POSTINGS_KRAMDOWN_OL,
  POSTINGS_KRAMDOWN_LI,
  POSTINGS_KRAMDOWN_DL,
  POSTINGS_KRAMDOWN_DT,           /* text */
  POSTINGS_KRAMDOWN_DD,
  POSTINGS_KRAMDOWN_CODEBLOCK,    /* text, info (a fence's language, or NULL) */
  POSTINGS_KRAMDOWN_MATH,         /* text (`$$…$$`) */
  POSTINGS_KRAMDOWN_HR,
  POSTINGS_KRAMDOWN_HTML,         /* text: the element's source */
  POSTINGS_KRAMDOWN_COMMENT,      /* text: `<!--…-->` on its own */
  POSTINGS_KRAMDOWN_TABLE,        /* children: TABLE_ROWs; alignments, n_header_rows */
  POSTINGS_KRAMDOWN_TABLE_ROW,    /* children: TABLE_CELLs */
  POSTINGS_KRAMDOWN_TABLE_CELL,   /* text */
} PostingsKramdownKind;

typedef struct _PostingsKramdownNode PostingsKramdownNode;

struct _PostingsKramdownNode
{
  PostingsKramdownKind  kind;
  guint                 level;          /* HEADER: 1–6 */
  guint                 start_line;     /* 1-based lines of the parsed text; */
  guint                 end_line;       /* inclusive (containers: their first line) */
  const char           *text;           /* see the kinds; NULL for the others */
  const char           *info;           /* CODEBLOCK */
  gboolean              transparent;    /* PARAGRAPH first in a LI or DD: no <p> (a tight item) */
  gboolean              boundary;       /* EOB: a `^` marker (a block boundary) */
  gboolean              attributes;     /* an attribute list `{: …}` was given (ignored) */
  gboolean              stray;          /* PARAGRAPH: a line no block takes, shown without <p> */
  const char           *alignments;     /* TABLE: per column 'l', 'c', 'r' or '-' (default) */
  guint                 n_header_rows;  /* TABLE: rows of its head (before the `|---|` line) */
  PostingsKramdownNode *first_child;    /* children, in order: first_child, then next */
  PostingsKramdownNode *next;
  /*< private >*/
  PostingsKramdownNode *last_child;
  PostingsKramdownNode *prev;
  guint                 n_children;
  GString              *building;       /* while parsing: text that grows */
};

/* A reference link definition, `[id]: url "title"`. */
typedef struct
{
  char *id;     /* normalized as kramdown does: blanks collapsed, lower case */
  char *url;
  char *title;  /* may be NULL */
} PostingsKramdownLink;

typedef struct
{
  PostingsKramdownNode *root;
  GPtrArray            *links;   /* PostingsKramdownLink *, the last definition of each id */
  /*< private >*/
  GPtrArray            *nodes;   /* blocks of nodes */
  GStringChunk         *strings; /* the nodes' texts */
} PostingsKramdownDocument;

/* Parses @text (need not be nul-terminated; CR and CRLF count as line ends,
 * NUL bytes and invalid UTF-8 are replaced). Never fails. */
PostingsKramdownDocument *postings_kramdown_parse            (const char *text,
                                                               gsize       len);
/* The same, for @text known to be valid UTF-8 without NUL bytes (it is not
 * checked again). */
PostingsKramdownDocument *postings_kramdown_parse_valid      (const char *text,
                                                               gsize       len);
void                      postings_kramdown_document_free    (PostingsKramdownDocument *self);

guint                     postings_kramdown_node_get_n_children (const PostingsKramdownNode *node);
PostingsKramdownNode     *postings_kramdown_node_get_child      (const PostingsKramdownNode *node,
                                                                  guint                       index);

/* An indented dump of the tree, one node a line, for tests and debugging. */
char                     *postings_kramdown_document_to_string (const PostingsKramdownDocument *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PostingsKramdownDocument, postings_kramdown_document_free)

G_END_DECLS
