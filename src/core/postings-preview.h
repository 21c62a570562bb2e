/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "postings-document.h"

G_BEGIN_DECLS

/*
 * The preview model: a GTK-free description of what the published page
 * shows, built from a posting's Markdown body and its front matter. The
 * block structure is the site's (postings-kramdown.h: kramdown with GFM
 * input, as Jekyll renders it), the inline text is parsed by cmark. The UI
 * draws it into a GtkTextView with tags; nothing here loads remote content
 * or runs HTML.
 *
 * The body becomes a flat array of blocks, in source order. Only leaf
 * blocks (paragraphs, headings, code, HTML, rules) and list-item bullets
 * are blocks; the containers around them (lists, block quotes) become the
 * block's depth. Each block holds styled inline runs.
 *
 * All structures are read-only for callers and owned by their model.
 */

typedef enum
{
  POSTINGS_PREVIEW_BLOCK_PARAGRAPH,       /* also a list item's later paragraphs */
  POSTINGS_PREVIEW_BLOCK_HEADING,         /* level 1–6 */
  POSTINGS_PREVIEW_BLOCK_QUOTE,           /* a paragraph directly inside a block quote */
  POSTINGS_PREVIEW_BLOCK_BULLET_ITEM,     /* a bullet list item (its first paragraph) */
  POSTINGS_PREVIEW_BLOCK_ORDERED_ITEM,    /* a numbered list item (its first paragraph), number */
  POSTINGS_PREVIEW_BLOCK_CODE,            /* a code block: one CODE run, info string */
  POSTINGS_PREVIEW_BLOCK_THEMATIC_BREAK,  /* no runs */
  POSTINGS_PREVIEW_BLOCK_HTML,            /* raw HTML block, one HTML run shown as plain text */
  POSTINGS_PREVIEW_BLOCK_EXCERPT_MARK,    /* `<!--more-->`: "excerpt ends here"; no runs */
  POSTINGS_PREVIEW_BLOCK_TABLE,           /* a table: see table; its runs are its cells' */
} PostingsPreviewBlockKind;

typedef enum
{
  POSTINGS_PREVIEW_ALIGN_DEFAULT,
  POSTINGS_PREVIEW_ALIGN_LEFT,
  POSTINGS_PREVIEW_ALIGN_CENTER,
  POSTINGS_PREVIEW_ALIGN_RIGHT,
} PostingsPreviewAlign;

/* A TABLE block's grid. Every row has n_columns cells; cell (row, column)
 * holds the block's runs [cell_starts[i], cell_starts[i + 1]) with
 * i = row * n_columns + column. */
typedef struct
{
  guint                       n_columns;
  guint                       n_rows;         /* header rows included */
  guint                       n_header_rows;  /* the first rows, shown as the head */
  const PostingsPreviewAlign *alignments;     /* one per column */
  const guint                *cell_starts;    /* n_rows * n_columns + 1 */
} PostingsPreviewTable;

typedef enum /*< flags >*/
{
  POSTINGS_PREVIEW_STYLE_NONE     = 0,
  POSTINGS_PREVIEW_STYLE_EMPHASIS = 1 << 0,
  POSTINGS_PREVIEW_STYLE_STRONG   = 1 << 1,
  POSTINGS_PREVIEW_STYLE_CODE     = 1 << 2,  /* code span, or a code block's text */
  POSTINGS_PREVIEW_STYLE_LINK     = 1 << 3,  /* url holds the target */
  POSTINGS_PREVIEW_STYLE_IMAGE    = 1 << 4,  /* text is the image's alt text (may be empty) */
  POSTINGS_PREVIEW_STYLE_HTML     = 1 << 5,  /* raw HTML, shown as plain text */
} PostingsPreviewStyle;

/* A stretch of text with one style. Adjacent text with the same style and
 * URL is merged into one run; every image is a run of its own. Soft line
 * breaks are spaces, hard breaks are "\n". */
typedef struct
{
  const char           *text;   /* UTF-8, never NULL */
  const char           *url;    /* the link target when STYLE_LINK, else NULL */
  PostingsPreviewStyle  style;
  const char           *src;    /* STYLE_IMAGE: the image's address as written (a site
                                 * path, a `data:` URI, a remote URL…), else NULL */
} PostingsPreviewRun;

typedef struct
{
  PostingsPreviewBlockKind  kind;
  guint                     level;        /* heading level 1–6, else 0 */
  guint                     number;       /* ORDERED_ITEM: the number shown, else 0 */
  gboolean                  loose;        /* BULLET_/ORDERED_ITEM: its text is a paragraph
                                           * (spaced as one), not a tight item's line */
  guint                     depth;        /* enclosing lists + block quotes (0 at top level;
                                           * a top-level list item is 1) */
  guint                     list_depth;   /* enclosing lists */
  guint                     quote_depth;  /* enclosing block quotes */
  guint                     start_line;   /* 1-based lines in the file (first_line applied), */
  guint                     end_line;     /* inclusive */
  const char               *info;         /* CODE: the fence's info string, else NULL */
  const PostingsPreviewRun *runs;
  guint                     n_runs;
  const PostingsPreviewTable *table;      /* TABLE: its grid, else NULL */
} PostingsPreviewBlock;

typedef struct _PostingsPreviewModel PostingsPreviewModel;

/* Which Markdown the body is read as: the site's (the preview), or plain
 * CommonMark (for telling where the two differ). */
typedef enum
{
  POSTINGS_PREVIEW_DIALECT_SITE,
  POSTINGS_PREVIEW_DIALECT_COMMONMARK,
} PostingsPreviewDialect;

PostingsPreviewModel       *postings_preview_model_new_from_markdown (const char *markdown,
                                                                      gsize       len,
                                                                      guint       first_line);
PostingsPreviewModel       *postings_preview_model_new_with_dialect (const char             *markdown,
                                                                     gsize                   len,
                                                                     guint                   first_line,
                                                                     PostingsPreviewDialect  dialect);
struct cmark_node;
PostingsPreviewModel       *postings_preview_model_new_from_cmark (struct cmark_node *tree,
                                                                   const char        *markdown,
                                                                   gsize              len,
                                                                   guint              first_line);
/* Blocks and outlines only, for comparing two readings' structure. */
PostingsPreviewModel       *postings_preview_model_new_outline    (const char             *markdown,
                                                                   gsize                   len,
                                                                   guint                   first_line,
                                                                   PostingsPreviewDialect  dialect,
                                                                   struct cmark_node      *tree,
                                                                   gboolean                valid_utf8);
PostingsPreviewModel       *postings_preview_model_new_from_document (PostingsDocument *document);
void                        postings_preview_model_free           (PostingsPreviewModel *self);

guint                       postings_preview_model_get_n_blocks   (const PostingsPreviewModel *self);
const PostingsPreviewBlock *postings_preview_model_get_block      (const PostingsPreviewModel *self,
                                                                   guint                       index);
guint                       postings_preview_model_get_first_line (const PostingsPreviewModel *self);
/* The block showing file line @line: the one whose range holds it, else the
 * last block starting before it (blank lines between blocks), else the first
 * block. -1 when the model has no block. */
gint                        postings_preview_model_find_block_at_line (const PostingsPreviewModel *self,
                                                                       guint                       line);
/* A readable dump of the model, one line per block, for tests and debugging. */
char                       *postings_preview_model_to_string      (const PostingsPreviewModel *self);

/* Which blocks differ between two models, for redrawing only those.
 * Blocks [0, first) are the same in both, and so are the blocks from
 * old_end on in @old and from new_end on in @new_model (same count). The UI replaces
 * old blocks [first, old_end) with new blocks [first, new_end); either
 * range may be empty (pure insertion or deletion). Source lines are not
 * compared: a block that only moved is not redrawn (read its lines from
 * the new model). */
typedef struct
{
  guint first;
  guint old_end;  /* exclusive */
  guint new_end;  /* exclusive */
} PostingsPreviewChange;

/* Returns FALSE (and change = {0, 0, 0}) when both models show the same
 * thing. @old may be NULL: everything in @new_model changed. */
gboolean                    postings_preview_model_diff           (const PostingsPreviewModel *old,
                                                                   const PostingsPreviewModel *new_model,
                                                                   PostingsPreviewChange      *change);

guint                       postings_preview_block_get_n_runs     (const PostingsPreviewBlock *block);
const PostingsPreviewRun   *postings_preview_block_get_run        (const PostingsPreviewBlock *block,
                                                                   guint                       index);
/* The block's runs joined, without styles. */
char                       *postings_preview_block_dup_text       (const PostingsPreviewBlock *block);
/* Same content (kind, numbers, depths, info and runs); lines are ignored. */
gboolean                    postings_preview_block_equal          (const PostingsPreviewBlock *a,
                                                                   const PostingsPreviewBlock *b);
const char                 *postings_preview_block_kind_to_string (PostingsPreviewBlockKind kind);
/* The block's place in the page's structure, in the outline shape the
 * `jekyll` suite compares with the site's kramdown (tests/jekyll): its
 * kind ("p", "h2", "ul-item", "ol-item#3", "code", "hr", "html", "more",
 * "table 2x3 lr"), then " loose" for a loose item, " br=N" for N hard line
 * breaks, " LN" for N enclosing lists and " QN" for N enclosing block
 * quotes. */
char                       *postings_preview_block_dup_outline    (const PostingsPreviewBlock *block);
gboolean                    postings_preview_block_outline_equal  (const PostingsPreviewBlock *a,
                                                                   const PostingsPreviewBlock *b);

/*
 * The page header the site prints above the body, from the front matter
 * (the site's `_includes/job-content.html`). The texts are the site's own
 * French output, not UI strings: they are never translated.
 */
typedef struct
{
  char     *title;             /* `roles`, NULL when absent */
  gboolean  open;              /* `open` as the site reads it (absent → FALSE) */
  char     *date;              /* "dd/mm/yyyy" from `date` (or the file name), NULL when unknown */
  char     *status_text;       /* "Poste ouvert le 09/06/2021", "Ce poste a été pourvu …";
                                * NULL while the front matter does not read */
  gboolean  is_friend;         /* `type: friend` */
  char     *friend_name;       /* `friend`, NULL when absent */
  char     *friend_url;        /* `externalURL`, NULL when absent */
  char     *friend_text;       /* is_friend: "Une offre à pourvoir chez nos camarades", else NULL */
  char     *friend_link_text;  /* is_friend: "Voir l'offre sur le site de <friend>", else NULL */
  gboolean  junior;            /* `junior: true` */
  char     *junior_text;       /* junior: the site's welcome line, else NULL */
  char    **techno;            /* `techno` tags, never NULL (may be empty) */
  char     *techno_label;      /* "Choix technologiques :" when there are tags, else NULL */
} PostingsPreviewHeader;

/* @file_name (nullable): the posting's base name; when the front matter has
 * no `date`, Jekyll takes the date from a `YYYY-MM-DD-` file name prefix,
 * and so does this. */
PostingsPreviewHeader      *postings_preview_header_new           (PostingsDocument *document,
                                                                   const char       *file_name);
void                        postings_preview_header_free          (PostingsPreviewHeader *self);
gboolean                    postings_preview_header_equal         (const PostingsPreviewHeader *a,
                                                                   const PostingsPreviewHeader *b);
/* "dd/mm/yyyy" for a YAML date or timestamp (`2021-06-09`,
 * `2021-11-24T11:04:26.278Z`), as the site's Liquid `date: "%d/%m/%Y"`
 * prints it (timestamps in UTC, the site's build time zone); NULL when
 * @value is not a date. */
char                       *postings_preview_format_date          (const char *value);

/* TRUE only for `http`, `https` and `mailto` URIs (scheme compared without
 * case, surrounding blanks ignored, no control characters). The UI checks
 * this before opening a link. */
gboolean                    postings_preview_link_is_safe         (const char *uri);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PostingsPreviewModel, postings_preview_model_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PostingsPreviewHeader, postings_preview_header_free)

G_END_DECLS
