/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "postings-document.h"

G_BEGIN_DECLS

/* What a field holds, and so which widget edits it. The names are the
 * `kind:` values of a schema file. */
typedef enum
{
  POSTINGS_FIELD_TEXT,          /* text */
  POSTINGS_FIELD_LONG_TEXT,     /* long-text */
  POSTINGS_FIELD_BOOLEAN,       /* boolean */
  POSTINGS_FIELD_DATE,          /* date */
  POSTINGS_FIELD_EMAIL,         /* email */
  POSTINGS_FIELD_URL,           /* url */
  POSTINGS_FIELD_CHOICE,        /* choice: one of `choices` */
  POSTINGS_FIELD_MULTI_CHOICE,  /* multi-choice: a list of `choices` */
  POSTINGS_FIELD_LIST,          /* list: a list of free text items */
  POSTINGS_FIELD_REFERENCE,     /* reference: `<reference>/<value>.md` exists */
} PostingsFieldKind;

/* One field of a schema. Owned by its schema: valid as long as the schema
 * is alive, never modified. */
typedef struct
{
  char              *key;
  char              *label;      /* translated */
  char              *hint;       /* translated, may be NULL */
  PostingsFieldKind  kind;
  gboolean           required;
  GStrv              choices;    /* NULL-terminated; NULL unless (multi-)choice */
  GStrv              choice_labels; /* what the user reads for each choice (translated),
                                     * parallel to choices; the value when it has none */
  GStrv              aliases;    /* NULL-terminated; never NULL (maybe empty) */
  char              *reference;  /* REFERENCE: folder relative to the repository root, else NULL */
} PostingsField;

#define POSTINGS_TYPE_SCHEMA (postings_schema_get_type ())
G_DECLARE_FINAL_TYPE (PostingsSchema, postings_schema, POSTINGS, SCHEMA, GObject)

/* The built-in beta.gouv.fr jobs schema (resource
 * /org/culture/Postings/core/schemas/jobs.yml). Cached: the caller does not
 * own the return value. */
PostingsSchema      *postings_schema_get_default        (void);

/* Parses a schema file's text. On a bad schema returns NULL and sets a
 * POSTINGS_ERROR_SCHEMA error whose message gives the line and column. */
PostingsSchema      *postings_schema_new_from_data      (const char      *yaml,
                                                         gsize            len,
                                                         GError         **error);
PostingsSchema      *postings_schema_new_for_file       (GFile           *file,
                                                         GCancellable    *cancellable,
                                                         GError         **error);

/* The schema for a posting or a folder: the `.postings.yml` found in the
 * folder itself (for a folder), the file's folder or the nearest parent
 * folder, else the built-in schema. *out_root (optional) receives the
 * repository root (postings_repository_find_root()), or when there is none
 * the folder holding the `.postings.yml`, or NULL. Returns a new reference;
 * NULL with an error naming the file, line and column when a `.postings.yml`
 * exists but is not a valid schema. */
PostingsSchema      *postings_schema_load_for_file      (GFile           *posting_or_folder,
                                                         GFile          **out_root,
                                                         GError         **error);

/* Where the schema came from: NULL for the built-in one. */
GFile               *postings_schema_get_file           (PostingsSchema  *self);
/* `name:` and `folder:` of the schema file (defaults "jobs", "content/_jobs"). */
const char          *postings_schema_get_name           (PostingsSchema  *self);
const char          *postings_schema_get_folder         (PostingsSchema  *self);
/* `images:`: the folder, from the repository root, where Insert Image and
 * the `embedded-image` fix put image files (default "img/jobs"). */
const char          *postings_schema_get_images_folder  (PostingsSchema  *self);

guint                postings_schema_get_n_fields       (PostingsSchema  *self);
const PostingsField *postings_schema_get_field          (PostingsSchema  *self,
                                                         guint            position);
/* The field with exactly this key, or NULL. */
const PostingsField *postings_schema_lookup             (PostingsSchema  *self,
                                                         const char      *key);
/* The field a misspelt key stands for (one of its `aliases`), or NULL. */
const PostingsField *postings_schema_lookup_alias       (PostingsSchema  *self,
                                                         const char      *key);
/* The keys in schema order, NULL-terminated, owned by the schema: for
 * postings_document_set_key_order(). */
const char * const  *postings_schema_get_key_order      (PostingsSchema  *self);

/* How to write a value of this field: BOOLEAN for boolean, DATE for date,
 * TEXT for everything else. */
PostingsValueKind    postings_field_value_kind          (const PostingsField *field);
/* Lists (list, multi-choice) are edited item by item. */
gboolean             postings_field_is_list             (const PostingsField *field);
/* What the user reads for @value of a (multi-)choice field: its label, or
 * @value itself when it is not a choice or has no label. */
const char          *postings_field_get_choice_label    (const PostingsField *field,
                                                         const char          *value);

/* For (multi-)choice fields: is @value one of the choices? TRUE for other kinds. */
gboolean             postings_field_accepts_choice      (const PostingsField *field,
                                                         const char          *value);

/* "text", "long-text", … as written in schema files; NULL when out of range. */
const char          *postings_field_kind_to_string      (PostingsFieldKind    kind);
gboolean             postings_field_kind_from_string    (const char          *str,
                                                         PostingsFieldKind   *kind);

G_END_DECLS
