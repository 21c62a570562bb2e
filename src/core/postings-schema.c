/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "postings-core-i18n.h"

#include <string.h>
#include <yaml.h>

#include "postings-error.h"
#include "postings-file.h"
#include "postings-repository.h"
#include "postings-schema-private.h"
#include "postings-core-resources.h"

#define SCHEMA_FILE_NAME ".postings.yml"
#define DEFAULT_NAME     "jobs"
#define DEFAULT_FOLDER   "content/_jobs"
#define DEFAULT_IMAGES   "img/jobs"

struct _PostingsSchema
{
  GObject      parent_instance;

  GFile       *file;
  char        *name;
  char        *folder;
  char        *images;      /* `images:`, the folder for added images */
  GPtrArray   *fields;      /* PostingsField *, owned, in schema order */
  GHashTable  *by_key;      /* key → PostingsField * */
  GHashTable  *by_alias;    /* alias → PostingsField * */
  const char **key_order;   /* NULL-terminated, strings owned by the fields */
};

G_DEFINE_FINAL_TYPE (PostingsSchema, postings_schema, G_TYPE_OBJECT)

static const char * const kind_names[] = {
  [POSTINGS_FIELD_TEXT] = "text",
  [POSTINGS_FIELD_LONG_TEXT] = "long-text",
  [POSTINGS_FIELD_BOOLEAN] = "boolean",
  [POSTINGS_FIELD_DATE] = "date",
  [POSTINGS_FIELD_EMAIL] = "email",
  [POSTINGS_FIELD_URL] = "url",
  [POSTINGS_FIELD_CHOICE] = "choice",
  [POSTINGS_FIELD_MULTI_CHOICE] = "multi-choice",
  [POSTINGS_FIELD_LIST] = "list",
  [POSTINGS_FIELD_REFERENCE] = "reference",
};

static void
postings_field_free (PostingsField *field)
{
  g_free (field->key);
  g_free (field->label);
  g_free (field->hint);
  g_strfreev (field->choices);
  g_strfreev (field->choice_labels);
  g_strfreev (field->aliases);
  g_free (field->reference);
  g_free (field);
}

static void
postings_schema_finalize (GObject *object)
{
  PostingsSchema *self = POSTINGS_SCHEMA (object);

  g_clear_object (&self->file);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->folder, g_free);
  g_clear_pointer (&self->images, g_free);
  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_clear_pointer (&self->by_alias, g_hash_table_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->key_order, g_free);

  G_OBJECT_CLASS (postings_schema_parent_class)->finalize (object);
}

static void
postings_schema_class_init (PostingsSchemaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = postings_schema_finalize;
}

static void
postings_schema_init (PostingsSchema *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) postings_field_free);
  self->by_key = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_alias = g_hash_table_new (g_str_hash, g_str_equal);
}

/* Resources */

GBytes *
_postings_core_lookup_resource (const char  *name,
                                GError     **error)
{
  g_autofree char *path = g_strconcat (POSTINGS_CORE_RESOURCE_PATH, name, NULL);

  /* Going through the library's own GResource (rather than the global
   * registry) makes the linker keep it in every program using the static
   * library. */
  return g_resource_lookup_data (postings_core_get_resource (), path,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

/* Parsing */

typedef struct
{
  yaml_document_t *doc;
  GFile           *file;
  gboolean         translate;
} ParseContext;

G_GNUC_PRINTF (4, 5)
static void
set_error_at (GError           **error,
              ParseContext      *ctx,
              const yaml_mark_t *mark,
              const char        *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;
  guint line = mark ? (guint) mark->line + 1 : 1;
  guint column = mark ? (guint) mark->column + 1 : 1;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (ctx->file != NULL)
    {
      g_autofree char *name = g_file_get_parse_name (ctx->file);

      /* TRANSLATORS: a problem in a field schema file: file name, line,
       * column, then the problem */
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_SCHEMA,
                   _("%s, line %u, column %u: %s"), name, line, column, message);
    }
  else
    {
      /* TRANSLATORS: a problem in a field schema: line, column, then the problem */
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_SCHEMA,
                   _("Line %u, column %u: %s"), line, column, message);
    }
}

static yaml_node_t *
get_node (ParseContext *ctx,
          int           index)
{
  return yaml_document_get_node (ctx->doc, index);
}

static const char *
scalar_value (yaml_node_t *node)
{
  if (node == NULL || node->type != YAML_SCALAR_NODE)
    return NULL;
  return (const char *) node->data.scalar.value;
}

static gboolean
is_plain_null (yaml_node_t *node)
{
  const char *value = scalar_value (node);

  return value != NULL &&
         node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
         (value[0] == '\0' || g_str_equal (value, "~") ||
          g_ascii_strcasecmp (value, "null") == 0);
}

static gboolean
read_string (ParseContext  *ctx,
             yaml_node_t   *key,
             yaml_node_t   *value,
             char         **out,
             GError       **error)
{
  const char *str = scalar_value (value);

  if (str == NULL)
    {
      set_error_at (error, ctx, &value->start_mark,
                    _("“%s” must be a single text value."), scalar_value (key));
      return FALSE;
    }

  g_free (*out);
  *out = is_plain_null (value) ? NULL : g_strdup (str);
  return TRUE;
}

static gboolean
read_boolean (ParseContext  *ctx,
              yaml_node_t   *key,
              yaml_node_t   *value,
              gboolean      *out,
              GError       **error)
{
  static const char * const yes[] = { "true", "yes", "on", NULL };
  static const char * const no[] = { "false", "no", "off", NULL };
  const char *str = scalar_value (value);

  if (str != NULL && value->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
    {
      for (guint i = 0; yes[i]; i++)
        if (g_ascii_strcasecmp (str, yes[i]) == 0)
          {
            *out = TRUE;
            return TRUE;
          }
      for (guint i = 0; no[i]; i++)
        if (g_ascii_strcasecmp (str, no[i]) == 0)
          {
            *out = FALSE;
            return TRUE;
          }
    }

  set_error_at (error, ctx, &value->start_mark,
                _("“%s” must be true or false."), scalar_value (key));
  return FALSE;
}

/* A list of text items; a single text value is read as a list of one. */
static gboolean
read_string_list (ParseContext  *ctx,
                  yaml_node_t   *key,
                  yaml_node_t   *value,
                  GStrv         *out,
                  GError       **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (value->type == YAML_SCALAR_NODE)
    {
      if (!is_plain_null (value))
        g_strv_builder_add (builder, scalar_value (value));
    }
  else if (value->type == YAML_SEQUENCE_NODE)
    {
      for (yaml_node_item_t *item = value->data.sequence.items.start;
           item < value->data.sequence.items.top;
           item++)
        {
          yaml_node_t *node = get_node (ctx, *item);
          const char *str = scalar_value (node);

          if (str == NULL || str[0] == '\0')
            {
              set_error_at (error, ctx, &node->start_mark,
                            _("Each item of “%s” must be a non-empty text value."),
                            scalar_value (key));
              return FALSE;
            }
          g_strv_builder_add (builder, str);
        }
    }
  else
    {
      set_error_at (error, ctx, &value->start_mark,
                    _("“%s” must be a list of text values."), scalar_value (key));
      return FALSE;
    }

  g_strfreev (*out);
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static const char *translate (ParseContext *ctx, const char *str);

/* `choices`: a list whose items are a value, or `value:` and `label:` (what
 * the user reads, translated for the built-in schema). */
static gboolean
read_choices (ParseContext  *ctx,
              yaml_node_t   *key,
              yaml_node_t   *value,
              GStrv         *out_values,
              GStrv         *out_labels,
              GError       **error)
{
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();

  if (value->type != YAML_SEQUENCE_NODE)
    {
      g_auto(GStrv) list = NULL;

      if (!read_string_list (ctx, key, value, &list, error))
        return FALSE;
      *out_labels = g_strdupv (list);
      *out_values = g_steal_pointer (&list);
      return TRUE;
    }

  for (yaml_node_item_t *item = value->data.sequence.items.start;
       item < value->data.sequence.items.top;
       item++)
    {
      yaml_node_t *node = get_node (ctx, *item);
      const char *choice = NULL;
      const char *label = NULL;

      if (node->type == YAML_MAPPING_NODE)
        {
          for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
               pair < node->data.mapping.pairs.top;
               pair++)
            {
              const char *name = scalar_value (get_node (ctx, pair->key));
              const char *str = scalar_value (get_node (ctx, pair->value));

              if (g_strcmp0 (name, "value") == 0)
                choice = str;
              else if (g_strcmp0 (name, "label") == 0)
                label = str;
              else
                {
                  set_error_at (error, ctx, &get_node (ctx, pair->key)->start_mark,
                                _("A choice has “value:” and “label:” lines only."));
                  return FALSE;
                }
            }
        }
      else
        choice = scalar_value (node);

      if (choice == NULL || choice[0] == '\0')
        {
          set_error_at (error, ctx, &node->start_mark,
                        _("Each item of “%s” must be a non-empty text value."),
                        scalar_value (key));
          return FALSE;
        }
      g_strv_builder_add (values, choice);
      g_strv_builder_add (labels, label != NULL && label[0] != '\0' ? translate (ctx, label) : choice);
    }

  *out_values = g_strv_builder_end (values);
  *out_labels = g_strv_builder_end (labels);
  return TRUE;
}

/* Something YAML reads back as this key when written plain, on one line. */
static gboolean
key_is_valid (const char *key)
{
  if (key == NULL || key[0] == '\0' || strchr ("-?:,[]{}#&*!|>'\"%@`", key[0]) != NULL)
    return FALSE;

  for (const char *p = key; *p; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p) || *p == ':' || *p == '#')
      return FALSE;

  return g_utf8_validate (key, -1, NULL);
}

/* A relative path inside the repository. */
static gboolean
folder_is_valid (const char *folder)
{
  g_auto(GStrv) parts = NULL;

  if (folder == NULL || folder[0] == '\0' || g_path_is_absolute (folder) ||
      strchr (folder, '\\') != NULL)
    return FALSE;

  parts = g_strsplit (folder, "/", -1);
  for (guint i = 0; parts[i]; i++)
    if (g_str_equal (parts[i], "..") || g_str_equal (parts[i], "."))
      return FALSE;

  return TRUE;
}

static const char *
translate (ParseContext *ctx,
           const char   *str)
{
  if (str == NULL || !ctx->translate)
    return str;
  return g_dgettext (GETTEXT_PACKAGE, str);
}

static gboolean
check_duplicate_property (ParseContext  *ctx,
                          GHashTable    *seen,
                          yaml_node_t   *key,
                          GError       **error)
{
  const char *name = scalar_value (key);

  if (name == NULL)
    {
      set_error_at (error, ctx, &key->start_mark,
                    _("Property names must be text."));
      return FALSE;
    }

  if (!g_hash_table_add (seen, (gpointer) name))
    {
      set_error_at (error, ctx, &key->start_mark,
                    _("“%s” is given twice."), name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_field (PostingsSchema  *self,
             ParseContext    *ctx,
             yaml_node_t     *node,
             GError         **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *label = NULL;
  g_autofree char *hint = NULL;
  g_autofree char *kind_name = NULL;
  yaml_node_t *kind_node = NULL;
  yaml_node_t *key_node = NULL;
  yaml_node_t *choices_node = NULL;
  yaml_node_t *reference_node = NULL;
  PostingsField *field;

  if (node->type != YAML_MAPPING_NODE)
    {
      set_error_at (error, ctx, &node->start_mark,
                    _("Each field must be a set of “property: value” lines, starting with “key:”."));
      return FALSE;
    }

  field = g_new0 (PostingsField, 1);
  g_ptr_array_add (self->fields, field);

  for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
       pair < node->data.mapping.pairs.top;
       pair++)
    {
      yaml_node_t *k = get_node (ctx, pair->key);
      yaml_node_t *v = get_node (ctx, pair->value);
      const char *name;
      gboolean ok;

      if (!check_duplicate_property (ctx, seen, k, error))
        return FALSE;

      name = scalar_value (k);

      if (g_str_equal (name, "key"))
        {
          ok = read_string (ctx, k, v, &field->key, error);
          key_node = v;
        }
      else if (g_str_equal (name, "label"))
        ok = read_string (ctx, k, v, &label, error);
      else if (g_str_equal (name, "hint"))
        ok = read_string (ctx, k, v, &hint, error);
      else if (g_str_equal (name, "kind"))
        {
          ok = read_string (ctx, k, v, &kind_name, error);
          kind_node = v;
        }
      else if (g_str_equal (name, "required"))
        ok = read_boolean (ctx, k, v, &field->required, error);
      else if (g_str_equal (name, "choices"))
        {
          ok = read_choices (ctx, k, v, &field->choices, &field->choice_labels, error);
          choices_node = k;
        }
      else if (g_str_equal (name, "aliases"))
        ok = read_string_list (ctx, k, v, &field->aliases, error);
      else if (g_str_equal (name, "reference"))
        {
          ok = read_string (ctx, k, v, &field->reference, error);
          reference_node = v;
        }
      else
        {
          set_error_at (error, ctx, &k->start_mark,
                        _("Unknown field property “%s” (expected key, label, hint, kind, required, choices, aliases or reference)."),
                        name);
          return FALSE;
        }

      if (!ok)
        return FALSE;
    }

  if (field->key == NULL)
    {
      set_error_at (error, ctx, key_node ? &key_node->start_mark : &node->start_mark,
                    _("This field has no “key”."));
      return FALSE;
    }

  if (!key_is_valid (field->key))
    {
      set_error_at (error, ctx, &key_node->start_mark,
                    _("“%s” cannot be used as a key: use letters, digits and “_” only."),
                    field->key);
      return FALSE;
    }

  if (g_hash_table_contains (self->by_key, field->key) ||
      g_hash_table_contains (self->by_alias, field->key))
    {
      set_error_at (error, ctx, &key_node->start_mark,
                    _("The key “%s” is already used by another field."), field->key);
      return FALSE;
    }
  g_hash_table_insert (self->by_key, field->key, field);

  field->kind = POSTINGS_FIELD_TEXT;
  if (kind_name != NULL && !postings_field_kind_from_string (kind_name, &field->kind))
    {
      set_error_at (error, ctx, &kind_node->start_mark,
                    _("Unknown kind “%s” (expected text, long-text, boolean, date, email, url, choice, multi-choice, list or reference)."),
                    kind_name);
      return FALSE;
    }

  if (field->kind == POSTINGS_FIELD_CHOICE || field->kind == POSTINGS_FIELD_MULTI_CHOICE)
    {
      if (field->choices == NULL || field->choices[0] == NULL)
        {
          set_error_at (error, ctx, choices_node ? &choices_node->start_mark : &node->start_mark,
                        _("The field “%s” needs a list of “choices”."), field->key);
          return FALSE;
        }
    }
  else if (field->choices != NULL)
    {
      set_error_at (error, ctx, &choices_node->start_mark,
                    _("“choices” only applies to fields of kind choice or multi-choice."));
      return FALSE;
    }

  if (field->kind == POSTINGS_FIELD_REFERENCE)
    {
      if (!folder_is_valid (field->reference))
        {
          set_error_at (error, ctx, reference_node ? &reference_node->start_mark : &node->start_mark,
                        _("The field “%s” needs a “reference”: the folder of the referenced files inside the repository, such as content/_startups."),
                        field->key);
          return FALSE;
        }
    }
  else if (field->reference != NULL)
    {
      set_error_at (error, ctx, &reference_node->start_mark,
                    _("“reference” only applies to fields of kind reference."));
      return FALSE;
    }

  if (field->aliases == NULL)
    field->aliases = g_new0 (char *, 1);

  field->label = g_strdup (translate (ctx, label ? label : field->key));
  field->hint = g_strdup (translate (ctx, hint));

  return TRUE;
}

/* Where the @index-th alias of a field is written. */
static const yaml_mark_t *
alias_mark (ParseContext *ctx,
            yaml_node_t  *field_node,
            guint         index)
{
  for (yaml_node_pair_t *pair = field_node->data.mapping.pairs.start;
       pair < field_node->data.mapping.pairs.top;
       pair++)
    {
      yaml_node_t *value = get_node (ctx, pair->value);

      if (g_strcmp0 (scalar_value (get_node (ctx, pair->key)), "aliases") != 0)
        continue;

      if (value->type == YAML_SEQUENCE_NODE &&
          index < (guint) (value->data.sequence.items.top - value->data.sequence.items.start))
        return &get_node (ctx, value->data.sequence.items.start[index])->start_mark;

      return &value->start_mark;
    }

  return &field_node->start_mark;
}

/* Aliases are checked once every key is known: an alias may not be a key. */
static gboolean
index_aliases (PostingsSchema  *self,
               ParseContext    *ctx,
               yaml_node_t     *fields_node,
               GError         **error)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      PostingsField *field = g_ptr_array_index (self->fields, i);
      yaml_node_t *field_node = get_node (ctx, fields_node->data.sequence.items.start[i]);

      for (guint j = 0; field->aliases[j]; j++)
        {
          const char *alias = field->aliases[j];

          if (g_hash_table_contains (self->by_key, alias) ||
              g_hash_table_contains (self->by_alias, alias))
            {
              set_error_at (error, ctx, alias_mark (ctx, field_node, j),
                            _("The alias “%s” of “%s” is already used by another field."),
                            alias, field->key);
              return FALSE;
            }
          g_hash_table_insert (self->by_alias, (gpointer) alias, field);
        }
    }

  return TRUE;
}

static gboolean
parse_root (PostingsSchema  *self,
            ParseContext    *ctx,
            GError         **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  yaml_node_t *root = yaml_document_get_root_node (ctx->doc);
  yaml_node_t *fields_node = NULL;
  yaml_node_t *folder_node = NULL;
  yaml_node_t *images_node = NULL;

  if (root == NULL)
    {
      set_error_at (error, ctx, NULL, _("The schema is empty: it needs a “fields:” list."));
      return FALSE;
    }

  if (root->type != YAML_MAPPING_NODE)
    {
      set_error_at (error, ctx, &root->start_mark,
                    _("A schema must be made of “name:”, “folder:” and “fields:” lines."));
      return FALSE;
    }

  for (yaml_node_pair_t *pair = root->data.mapping.pairs.start;
       pair < root->data.mapping.pairs.top;
       pair++)
    {
      yaml_node_t *k = get_node (ctx, pair->key);
      yaml_node_t *v = get_node (ctx, pair->value);
      const char *name;

      if (!check_duplicate_property (ctx, seen, k, error))
        return FALSE;

      name = scalar_value (k);

      if (g_str_equal (name, "name"))
        {
          if (!read_string (ctx, k, v, &self->name, error))
            return FALSE;
        }
      else if (g_str_equal (name, "folder"))
        {
          if (!read_string (ctx, k, v, &self->folder, error))
            return FALSE;
          folder_node = v;
        }
      else if (g_str_equal (name, "fields"))
        fields_node = v;
      else if (g_str_equal (name, "images"))
        {
          if (!read_string (ctx, k, v, &self->images, error))
            return FALSE;
          images_node = v;
        }
      else
        {
          set_error_at (error, ctx, &k->start_mark,
                        _("Unknown schema property “%s” (expected name, folder, images or fields)."),
                        name);
          return FALSE;
        }
    }

  if (fields_node == NULL)
    {
      set_error_at (error, ctx, &root->start_mark, _("The schema has no “fields:” list."));
      return FALSE;
    }

  if (fields_node->type != YAML_SEQUENCE_NODE ||
      fields_node->data.sequence.items.start == fields_node->data.sequence.items.top)
    {
      set_error_at (error, ctx, &fields_node->start_mark,
                    _("“fields” must be a list of fields, each item starting with “- key:”."));
      return FALSE;
    }

  if (self->folder != NULL && !folder_is_valid (self->folder))
    {
      set_error_at (error, ctx, &folder_node->start_mark,
                    _("“folder” must be a folder inside the repository, such as content/_jobs."));
      return FALSE;
    }

  if (self->images != NULL && !folder_is_valid (self->images))
    {
      set_error_at (error, ctx, &images_node->start_mark,
                    _("“images” must be a folder inside the repository, such as img/jobs."));
      return FALSE;
    }

  if (self->name == NULL)
    self->name = g_strdup (DEFAULT_NAME);
  if (self->images == NULL)
    self->images = g_strdup (DEFAULT_IMAGES);
  if (self->folder == NULL)
    self->folder = g_strdup (DEFAULT_FOLDER);

  for (yaml_node_item_t *item = fields_node->data.sequence.items.start;
       item < fields_node->data.sequence.items.top;
       item++)
    if (!parse_field (self, ctx, get_node (ctx, *item), error))
      return FALSE;

  if (!index_aliases (self, ctx, fields_node, error))
    return FALSE;

  self->key_order = g_new0 (const char *, self->fields->len + 1);
  for (guint i = 0; i < self->fields->len; i++)
    self->key_order[i] = ((PostingsField *) g_ptr_array_index (self->fields, i))->key;

  return TRUE;
}

PostingsSchema *
_postings_schema_new_from_data_full (const char  *yaml,
                                     gsize        len,
                                     GFile       *file,
                                     gboolean     translate,
                                     GError     **error)
{
  g_autoptr(PostingsSchema) self = NULL;
  yaml_parser_t parser;
  yaml_document_t doc;
  ParseContext ctx = { &doc, file, translate };
  gboolean ok;

  g_return_val_if_fail (yaml != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (yaml, len, NULL))
    {
      set_error_at (error, &ctx, NULL, _("The schema is not UTF-8 text."));
      return NULL;
    }

  yaml_parser_initialize (&parser);
  yaml_parser_set_input_string (&parser, (const unsigned char *) (yaml ? yaml : ""), len);

  if (!yaml_parser_load (&parser, &doc))
    {
      set_error_at (error, &ctx, &parser.problem_mark, _("This is not valid YAML (%s)."),
                    parser.problem ? parser.problem : "?");
      yaml_parser_delete (&parser);
      return NULL;
    }

  self = g_object_new (POSTINGS_TYPE_SCHEMA, NULL);
  if (file != NULL)
    self->file = g_object_ref (file);

  ok = parse_root (self, &ctx, error);

  yaml_document_delete (&doc);
  yaml_parser_delete (&parser);

  return ok ? g_steal_pointer (&self) : NULL;
}

PostingsSchema *
postings_schema_new_from_data (const char  *yaml,
                               gsize        len,
                               GError     **error)
{
  return _postings_schema_new_from_data_full (yaml, len, NULL, TRUE, error);
}

PostingsSchema *
postings_schema_new_for_file (GFile         *file,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* a regular file only: a named pipe there must not hang `postings check` */
  bytes = postings_file_read (file, cancellable, error);
  if (bytes == NULL)
    return NULL;

  return _postings_schema_new_from_data_full (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                              file, TRUE, error);
}

PostingsSchema *
postings_schema_get_default (void)
{
  static PostingsSchema *schema;

  if (g_once_init_enter (&schema))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = _postings_core_lookup_resource ("schemas/jobs.yml", &error);
      PostingsSchema *loaded = NULL;

      if (bytes != NULL)
        loaded = _postings_schema_new_from_data_full (g_bytes_get_data (bytes, NULL),
                                                      g_bytes_get_size (bytes),
                                                      NULL, TRUE, &error);
      if (loaded == NULL)
        g_error ("The built-in field schema does not load: %s", error->message);

      g_once_init_leave (&schema, loaded);
    }

  return schema;
}

static gboolean
is_directory (GFile *file)
{
  return g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY;
}

PostingsSchema *
postings_schema_load_for_file (GFile   *posting_or_folder,
                               GFile  **out_root,
                               GError **error)
{
  g_autoptr(PostingsSchema) schema = NULL;
  g_autoptr(GFile) schema_dir = NULL;
  g_autoptr(GFile) root = NULL;
  g_autoptr(GFile) dir = NULL;

  g_return_val_if_fail (G_IS_FILE (posting_or_folder), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (out_root != NULL)
    *out_root = NULL;

  if (is_directory (posting_or_folder))
    dir = g_object_ref (posting_or_folder);
  else
    dir = g_file_get_parent (posting_or_folder);

  while (dir != NULL)
    {
      g_autoptr(GFile) candidate = g_file_get_child (dir, SCHEMA_FILE_NAME);
      GFile *parent;

      if (g_file_query_file_type (candidate, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_REGULAR)
        {
          schema = postings_schema_new_for_file (candidate, NULL, error);
          if (schema == NULL)
            return NULL;
          schema_dir = g_steal_pointer (&dir);
          break;
        }

      parent = g_file_get_parent (dir);
      g_object_unref (dir);
      dir = parent;
    }

  if (out_root != NULL)
    {
      root = postings_repository_find_root (posting_or_folder);
      if (root == NULL && schema_dir != NULL)
        root = g_object_ref (schema_dir);
      *out_root = g_steal_pointer (&root);
    }

  if (schema == NULL)
    schema = g_object_ref (postings_schema_get_default ());

  return g_steal_pointer (&schema);
}

GFile *
postings_schema_get_file (PostingsSchema *self)
{
  g_return_val_if_fail (POSTINGS_IS_SCHEMA (self), NULL);
  return self->file;
}

const char *
postings_schema_get_name (PostingsSchema *self)
{
  g_return_val_if_fail (POSTINGS_IS_SCHEMA (self), NULL);
  return self->name;
}

const char *
postings_schema_get_folder (PostingsSchema *self)
{
  g_return_val_if_fail (POSTINGS_IS_SCHEMA (self), NULL);
  return self->folder;
}

const char *
postings_schema_get_images_folder (PostingsSchema *self)
{
  g_return_val_if_fail (POSTINGS_IS_SCHEMA (self), NULL);
  return self->images;
}

guint
postings_schema_get_n_fields (PostingsSchema *self)
{
  g_return_val_if_fail (POSTINGS_IS_SCHEMA (self), 0);
  return self->fields->len;
}

const PostingsField *
postings_schema_get_field (PostingsSchema *self,
                           guint           position)
{
  g_return_val_if_fail (POSTINGS_IS_SCHEMA (self), NULL);

  if (position >= self->fields->len)
    return NULL;
  return g_ptr_array_index (self->fields, position);
}

const PostingsField *
postings_schema_lookup (PostingsSchema *self,
                        const char     *key)
{
  g_return_val_if_fail (POSTINGS_IS_SCHEMA (self), NULL);

  if (key == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_key, key);
}

const PostingsField *
postings_schema_lookup_alias (PostingsSchema *self,
                              const char     *key)
{
  g_return_val_if_fail (POSTINGS_IS_SCHEMA (self), NULL);

  if (key == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_alias, key);
}

const char * const *
postings_schema_get_key_order (PostingsSchema *self)
{
  g_return_val_if_fail (POSTINGS_IS_SCHEMA (self), NULL);
  return self->key_order;
}

PostingsValueKind
postings_field_value_kind (const PostingsField *field)
{
  g_return_val_if_fail (field != NULL, POSTINGS_VALUE_TEXT);

  switch (field->kind)
    {
    case POSTINGS_FIELD_BOOLEAN:
      return POSTINGS_VALUE_BOOLEAN;
    case POSTINGS_FIELD_DATE:
      return POSTINGS_VALUE_DATE;
    case POSTINGS_FIELD_TEXT:
    case POSTINGS_FIELD_LONG_TEXT:
    case POSTINGS_FIELD_EMAIL:
    case POSTINGS_FIELD_URL:
    case POSTINGS_FIELD_CHOICE:
    case POSTINGS_FIELD_MULTI_CHOICE:
    case POSTINGS_FIELD_LIST:
    case POSTINGS_FIELD_REFERENCE:
    default:
      return POSTINGS_VALUE_TEXT;
    }
}

gboolean
postings_field_is_list (const PostingsField *field)
{
  g_return_val_if_fail (field != NULL, FALSE);

  return field->kind == POSTINGS_FIELD_LIST || field->kind == POSTINGS_FIELD_MULTI_CHOICE;
}

const char *
postings_field_get_choice_label (const PostingsField *field,
                                 const char          *value)
{
  g_return_val_if_fail (field != NULL, value);

  for (guint i = 0; field->choices != NULL && field->choices[i] != NULL; i++)
    if (g_strcmp0 (field->choices[i], value) == 0)
      return field->choice_labels[i];
  return value;
}

gboolean
postings_field_accepts_choice (const PostingsField *field,
                               const char          *value)
{
  g_return_val_if_fail (field != NULL, FALSE);

  if (field->kind != POSTINGS_FIELD_CHOICE && field->kind != POSTINGS_FIELD_MULTI_CHOICE)
    return TRUE;

  return value != NULL && g_strv_contains ((const char * const *) field->choices, value);
}

const char *
postings_field_kind_to_string (PostingsFieldKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (kind_names))
    return NULL;
  return kind_names[kind];
}

gboolean
postings_field_kind_from_string (const char        *str,
                                 PostingsFieldKind *kind)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (str, kind_names[i]))
      {
        if (kind != NULL)
          *kind = (PostingsFieldKind) i;
        return TRUE;
      }

  return FALSE;
}
