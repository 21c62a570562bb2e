/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "postings-error.h"

G_BEGIN_DECLS

/* What a file looks like once split by Jekyll's front-matter rule. */
typedef enum
{
  POSTINGS_DOCUMENT_OK,              /* front matter found and parsed */
  POSTINGS_DOCUMENT_NO_FRONT_MATTER, /* no `---` … `---` block: Jekyll does not publish it */
  POSTINGS_DOCUMENT_BROKEN,          /* delimiters found, YAML does not parse */
} PostingsDocumentState;

typedef enum
{
  POSTINGS_PROBLEM_NONE,
  POSTINGS_PROBLEM_EMPTY_FILE,          /* the file has no bytes (or only blanks) */
  POSTINGS_PROBLEM_LEADING_BLANK,       /* blank line(s) before the opening `---` */
  POSTINGS_PROBLEM_TEXT_BEFORE,         /* text before the opening `---` */
  POSTINGS_PROBLEM_MISSING_OPENING,     /* keys at the top but no opening `---` */
  POSTINGS_PROBLEM_BAD_OPENING,         /* first line looks like a delimiter but is not (`----`, ` ---`) */
  POSTINGS_PROBLEM_MISSING_CLOSING,     /* opening `---` without a closing one */
  POSTINGS_PROBLEM_NO_FRONT_MATTER,     /* plain Markdown, no front matter at all */
  POSTINGS_PROBLEM_YAML,                /* the YAML does not parse */
  POSTINGS_PROBLEM_NOT_A_MAPPING,       /* the YAML parses but is not `key: value` lines */
  POSTINGS_PROBLEM_TOO_LARGE,           /* the header is larger than POSTINGS_FRONT_MATTER_MAX_SIZE */
  POSTINGS_PROBLEM_TOO_DEEP,            /* lists or groups nested deeper than POSTINGS_FRONT_MATTER_MAX_DEPTH */
  POSTINGS_PROBLEM_ENCODING,            /* bytes that are not UTF-8 text, or a NUL byte, in the header */
} PostingsProblemKind;

/* What a header may be. Larger or deeper ones are refused (state BROKEN,
 * problem TOO_LARGE / TOO_DEEP) by a linear scan before the YAML parser
 * sees them: libyaml's time grows with the square of the nesting depth. */
#define POSTINGS_FRONT_MATTER_MAX_SIZE  (1024 * 1024)
#define POSTINGS_FRONT_MATTER_MAX_DEPTH 64

/* A located, explained problem with the front matter. Lines and columns are
 * 1-based and count characters, as an editor shows them. */
typedef struct
{
  PostingsProblemKind kind;
  guint line;
  guint column;
  char *key;        /* the key on the faulty line, if any */
  char *message;    /* plain French for the user (translated with gettext) */
  char *detail;     /* technical text for the log (libyaml's own message) */
  guint fix_line;   /* for MISSING_CLOSING/BAD_OPENING: where the safe fix applies, else 0 */
} PostingsProblem;

typedef enum
{
  POSTINGS_NODE_NULL,      /* `key:` with nothing after it */
  POSTINGS_NODE_SCALAR,
  POSTINGS_NODE_SEQUENCE,
  POSTINGS_NODE_MAPPING,
} PostingsNodeKind;

typedef enum
{
  POSTINGS_STYLE_PLAIN,
  POSTINGS_STYLE_SINGLE_QUOTED,
  POSTINGS_STYLE_DOUBLE_QUOTED,
  POSTINGS_STYLE_LITERAL,  /* `|` */
  POSTINGS_STYLE_FOLDED,   /* `>` */
  POSTINGS_STYLE_BLOCK,    /* block sequence / mapping */
  POSTINGS_STYLE_FLOW,     /* flow sequence / mapping: `[a, b]` */
} PostingsStyle;

/* How a value given as text is meant, for quoting. */
typedef enum
{
  POSTINGS_VALUE_TEXT,     /* always a string: quoted when it would read as something else */
  POSTINGS_VALUE_BOOLEAN,  /* `true` / `false` */
  POSTINGS_VALUE_DATE,     /* `2026-01-31` or a timestamp, written plain */
  POSTINGS_VALUE_NUMBER,   /* written plain */
  POSTINGS_VALUE_AUTO,     /* written plain when YAML would read it back as given, else quoted */
} PostingsValueKind;

typedef struct
{
  gsize start;   /* byte offsets into the whole document text */
  gsize end;
} PostingsSpan;

/* One top-level `key: value` entry of the front matter. All offsets are
 * byte offsets into the document's text (postings_document_get_text()). */
typedef struct
{
  char *key;
  guint line;               /* 1-based line of the key in the file */
  guint column;             /* 1-based column (characters) of the key */
  PostingsSpan key_span;
  PostingsSpan value_span;  /* empty (start == end) for a null value */
  PostingsSpan entry_span;  /* from the start of the key's line to after the newline of its last line */
  PostingsNodeKind kind;
  PostingsStyle style;
  char *value;              /* scalar value as parsed (NULL unless SCALAR) */
  GPtrArray *items;         /* SEQUENCE: char * of each scalar item (NULL for nested items) */
  GArray *item_spans;       /* SEQUENCE: PostingsSpan of each item's value */
  guint shadowed_by_line;   /* duplicate key: line of the later entry Jekyll keeps, else 0 */
} PostingsEntry;

/* PostingsDocument: the file's text, split and parsed. Signal "changed"
 * (no arguments) is emitted after every change of the text (edits,
 * set_text, set_body, set_front_matter); pointers returned by getters
 * (entries, problem, strings) are invalid after a change. */
#define POSTINGS_TYPE_DOCUMENT (postings_document_get_type ())
G_DECLARE_FINAL_TYPE (PostingsDocument, postings_document, POSTINGS, DOCUMENT, GObject)

PostingsDocument      *postings_document_new                (void);
PostingsDocument      *postings_document_new_from_data      (const char        *data,
                                                             gssize             len);
PostingsDocument      *postings_document_new_from_bytes     (GBytes            *bytes);
/* Reads @file with postings_file_read(): a regular file of at most
 * POSTINGS_FILE_MAX_SIZE bytes; anything else fails without blocking. */
PostingsDocument      *postings_document_new_for_file       (GFile             *file,
                                                             GCancellable      *cancellable,
                                                             GError           **error);

/* The whole file, exactly; edits change only what they name. */
const char            *postings_document_get_text           (PostingsDocument  *self,
                                                             gsize             *len);
GBytes                *postings_document_serialize          (PostingsDocument  *self);
void                   postings_document_set_text           (PostingsDocument  *self,
                                                             const char        *text,
                                                             gssize             len);
guint                  postings_document_get_revision       (PostingsDocument  *self);

PostingsDocumentState  postings_document_get_state          (PostingsDocument  *self);
const PostingsProblem *postings_document_get_problem        (PostingsDocument  *self);
gboolean               postings_document_has_bom            (PostingsDocument  *self);
gboolean               postings_document_uses_crlf          (PostingsDocument  *self);
const char            *postings_document_get_newline        (PostingsDocument  *self);

/* Regions (byte spans into the text). The front matter span is the YAML
 * between the delimiter lines; body is everything after the closing
 * delimiter line (the whole text when there is no front matter). */
gboolean               postings_document_get_front_matter_span (PostingsDocument *self,
                                                                PostingsSpan     *span);
PostingsSpan           postings_document_get_body_span      (PostingsDocument  *self);
guint                  postings_document_get_body_line      (PostingsDocument  *self);
char                  *postings_document_dup_front_matter   (PostingsDocument  *self);
char                  *postings_document_dup_body           (PostingsDocument  *self);
void                   postings_document_set_body           (PostingsDocument  *self,
                                                             const char        *body);
/* Replaces the YAML between the delimiters with what the user typed (raw
 * editing). Always applied; returns FALSE with a POSTINGS_ERROR_PARSE error
 * (and the document is then BROKEN) when the new text does not parse. When
 * the file had no front matter, delimiter lines are added. */
gboolean               postings_document_set_front_matter   (PostingsDocument  *self,
                                                             const char        *yaml,
                                                             GError           **error);

/* Entries, in file order (duplicates included). */
guint                  postings_document_get_n_entries      (PostingsDocument  *self);
const PostingsEntry   *postings_document_get_entry          (PostingsDocument  *self,
                                                             guint              position);
/* The entry Jekyll uses for @key: the last one when the key is repeated. */
const PostingsEntry   *postings_document_lookup             (PostingsDocument  *self,
                                                             const char        *key);
const char            *postings_document_get_string         (PostingsDocument  *self,
                                                             const char        *key);
gboolean               postings_document_get_boolean        (PostingsDocument  *self,
                                                             const char        *key,
                                                             gboolean          *value);
char                 **postings_document_dup_list           (PostingsDocument  *self,
                                                             const char        *key);

/* Order used to place new keys (after the nearest preceding key present). */
void                   postings_document_set_key_order      (PostingsDocument  *self,
                                                             const char * const *keys);

/* Lossless edits. Each is re-parsed and refused (document unchanged,
 * POSTINGS_ERROR_INVALID_EDIT) if the result would not read back as intended
 * or would change another key. Setting a missing key adds it. */
gboolean               postings_document_set_value          (PostingsDocument  *self,
                                                             const char        *key,
                                                             const char        *value,
                                                             PostingsValueKind  kind,
                                                             GError           **error);
gboolean               postings_document_set_list           (PostingsDocument  *self,
                                                             const char        *key,
                                                             const char * const *items,
                                                             GError           **error);
gboolean               postings_document_list_append        (PostingsDocument  *self,
                                                             const char        *key,
                                                             const char        *item,
                                                             GError           **error);
gboolean               postings_document_list_remove        (PostingsDocument  *self,
                                                             const char        *key,
                                                             const char        *item,
                                                             GError           **error);
gboolean               postings_document_remove_key         (PostingsDocument  *self,
                                                             const char        *key,
                                                             GError           **error);
gboolean               postings_document_rename_key         (PostingsDocument  *self,
                                                             const char        *key,
                                                             const char        *new_key,
                                                             GError           **error);
/* Delete an entry by position (e.g. the earlier of two duplicates). */
gboolean               postings_document_remove_entry       (PostingsDocument  *self,
                                                             guint              position,
                                                             GError           **error);

/* Does a plain scalar with this text read back as a string in YAML 1.1
 * (Jekyll's reader)? */
gboolean               postings_yaml_plain_is_text          (const char        *text);
/* The YAML text for @value in block context (as a mapping value), one line. */
char                  *postings_yaml_format_scalar          (const char        *value,
                                                             PostingsValueKind  kind,
                                                             PostingsStyle      preferred,
                                                             gboolean           flow);

G_END_DECLS
