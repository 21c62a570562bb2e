/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "postings-core.h"
#include "postings-schema-private.h"

/* The fields the site uses, in the order its files put them. */
static const char * const expected_keys[] = {
  "roles", "title", "open", "junior", "date", "depublication_date", "startup",
  "contacts", "domaines", "techno", "type", "friend", "externalURL", "contrat",
  "equipe", "contact", "poste_ouvert", "poste_ferme", "poste_pourvu", "status",
  "redirect_from",
};

static void
test_schema_default_fields (void)
{
  PostingsSchema *schema = postings_schema_get_default ();
  const char * const *order;

  g_assert_true (POSTINGS_IS_SCHEMA (schema));
  g_assert_true (schema == postings_schema_get_default ());   /* cached */
  g_assert_null (postings_schema_get_file (schema));
  g_assert_cmpstr (postings_schema_get_name (schema), ==, "jobs");
  g_assert_cmpstr (postings_schema_get_folder (schema), ==, "content/_jobs");

  g_assert_cmpuint (postings_schema_get_n_fields (schema), ==, G_N_ELEMENTS (expected_keys));
  order = postings_schema_get_key_order (schema);
  for (guint i = 0; i < G_N_ELEMENTS (expected_keys); i++)
    {
      const PostingsField *field = postings_schema_get_field (schema, i);

      g_assert_cmpstr (field->key, ==, expected_keys[i]);
      g_assert_cmpstr (order[i], ==, expected_keys[i]);
      g_assert_true (postings_schema_lookup (schema, expected_keys[i]) == field);
      g_assert_nonnull (field->label);
      g_assert_cmpstr (field->label, !=, "");
      g_assert_nonnull (field->hint);
      g_assert_nonnull (field->aliases);
    }
  g_assert_null (order[G_N_ELEMENTS (expected_keys)]);
  g_assert_null (postings_schema_get_field (schema, G_N_ELEMENTS (expected_keys)));
  g_assert_null (postings_schema_lookup (schema, "nope"));
  g_assert_null (postings_schema_lookup (schema, NULL));
}

static void
test_schema_default_kinds (void)
{
  PostingsSchema *schema = postings_schema_get_default ();
  static const struct {
    const char *key;
    PostingsFieldKind kind;
    gboolean required;
    PostingsValueKind value_kind;
  } expected[] = {
    { "roles", POSTINGS_FIELD_TEXT, TRUE, POSTINGS_VALUE_TEXT },
    { "title", POSTINGS_FIELD_TEXT, FALSE, POSTINGS_VALUE_TEXT },
    { "open", POSTINGS_FIELD_BOOLEAN, TRUE, POSTINGS_VALUE_BOOLEAN },
    { "junior", POSTINGS_FIELD_BOOLEAN, FALSE, POSTINGS_VALUE_BOOLEAN },
    { "date", POSTINGS_FIELD_DATE, FALSE, POSTINGS_VALUE_DATE },
    { "depublication_date", POSTINGS_FIELD_DATE, FALSE, POSTINGS_VALUE_DATE },
    { "startup", POSTINGS_FIELD_REFERENCE, FALSE, POSTINGS_VALUE_TEXT },
    { "domaines", POSTINGS_FIELD_MULTI_CHOICE, FALSE, POSTINGS_VALUE_TEXT },
    { "techno", POSTINGS_FIELD_LIST, FALSE, POSTINGS_VALUE_TEXT },
    { "type", POSTINGS_FIELD_CHOICE, FALSE, POSTINGS_VALUE_TEXT },
    { "externalURL", POSTINGS_FIELD_URL, FALSE, POSTINGS_VALUE_TEXT },
    { "contact", POSTINGS_FIELD_EMAIL, FALSE, POSTINGS_VALUE_TEXT },
    { "poste_ouvert", POSTINGS_FIELD_DATE, FALSE, POSTINGS_VALUE_DATE },
    { "poste_ferme", POSTINGS_FIELD_DATE, FALSE, POSTINGS_VALUE_DATE },
    { "poste_pourvu", POSTINGS_FIELD_BOOLEAN, FALSE, POSTINGS_VALUE_BOOLEAN },
  };
  static const char * const domaines[] = {
    "Animation", "Coaching", "Déploiement", "Design", "Développement",
    "Intraprenariat", "Produit", "Data", "Autre", NULL,
  };
  const PostingsField *field;

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      field = postings_schema_lookup (schema, expected[i].key);
      g_assert_nonnull (field);
      g_assert_cmpint (field->kind, ==, expected[i].kind);
      g_assert_cmpint (field->required, ==, expected[i].required);
      g_assert_cmpint (postings_field_value_kind (field), ==, expected[i].value_kind);
    }

  field = postings_schema_lookup (schema, "domaines");
  g_assert_true (g_strv_equal ((const char * const *) field->choices, domaines));
  g_assert_true (postings_field_is_list (field));
  g_assert_true (postings_field_accepts_choice (field, "Développement"));
  g_assert_false (postings_field_accepts_choice (field, "Developpement"));

  field = postings_schema_lookup (schema, "type");
  g_assert_cmpstr (field->choices[0], ==, "friend");
  g_assert_null (field->choices[1]);
  g_assert_false (postings_field_is_list (field));

  field = postings_schema_lookup (schema, "startup");
  g_assert_cmpstr (field->reference, ==, "content/_startups");
  g_assert_null (field->choices);

  field = postings_schema_lookup (schema, "roles");
  g_assert_null (field->reference);
  g_assert_true (postings_field_accepts_choice (field, "anything"));

  /* Every required field of the site */
  for (guint i = 0; i < postings_schema_get_n_fields (schema); i++)
    {
      field = postings_schema_get_field (schema, i);
      g_assert_cmpint (field->required, ==,
                       g_str_equal (field->key, "roles") || g_str_equal (field->key, "open"));
    }
}

static void
test_schema_default_aliases (void)
{
  PostingsSchema *schema = postings_schema_get_default ();
  static const struct { const char *typo, *key; } aliases[] = {
    { "role", "roles" },
    { "domaine", "domaines" },
    { "externalUrl", "externalURL" },
    { "post_ouvert", "poste_ouvert" },
    { "titles", "title" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      const PostingsField *field = postings_schema_lookup_alias (schema, aliases[i].typo);

      g_assert_nonnull (field);
      g_assert_cmpstr (field->key, ==, aliases[i].key);
      g_assert_true (g_strv_contains ((const char * const *) field->aliases, aliases[i].typo));
      g_assert_null (postings_schema_lookup (schema, aliases[i].typo));
    }

  g_assert_null (postings_schema_lookup_alias (schema, "roles"));
  g_assert_null (postings_schema_lookup_alias (schema, "unknown"));
}

static void
test_schema_kind_names (void)
{
  PostingsFieldKind kind;

  for (guint i = POSTINGS_FIELD_TEXT; i <= POSTINGS_FIELD_REFERENCE; i++)
    {
      const char *name = postings_field_kind_to_string (i);

      g_assert_nonnull (name);
      g_assert_true (postings_field_kind_from_string (name, &kind));
      g_assert_cmpint (kind, ==, i);
    }
  g_assert_cmpstr (postings_field_kind_to_string (POSTINGS_FIELD_LONG_TEXT), ==, "long-text");
  g_assert_cmpstr (postings_field_kind_to_string (POSTINGS_FIELD_MULTI_CHOICE), ==, "multi-choice");
  g_assert_null (postings_field_kind_to_string (POSTINGS_FIELD_REFERENCE + 1));
  g_assert_false (postings_field_kind_from_string ("string", &kind));
  g_assert_false (postings_field_kind_from_string (NULL, &kind));
}

/* Every label and hint of jobs.yml is in postings-schema-labels.c (so that
 * xgettext extracts it), and that list has nothing else. */
static void
test_schema_labels_translatable (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "schemas", "jobs.yml", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsSchema) schema = NULL;
  g_autoptr(GHashTable) marked = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  schema = _postings_schema_new_from_data_full (contents, len, NULL, FALSE, &error);
  g_assert_no_error (error);

  for (guint i = 0; _postings_schema_builtin_strings[i] != NULL; i++)
    g_hash_table_add (marked, (gpointer) _postings_schema_builtin_strings[i]);

  for (guint i = 0; i < postings_schema_get_n_fields (schema); i++)
    {
      const PostingsField *field = postings_schema_get_field (schema, i);

      if (!g_hash_table_contains (marked, field->label))
        g_error ("The label “%s” of “%s” is missing from src/core/postings-schema-labels.c",
                 field->label, field->key);
      g_hash_table_add (used, field->label);

      if (field->hint != NULL)
        {
          if (!g_hash_table_contains (marked, field->hint))
            g_error ("The hint “%s” of “%s” is missing from src/core/postings-schema-labels.c",
                     field->hint, field->key);
          g_hash_table_add (used, field->hint);
        }

      for (guint j = 0; field->choices != NULL && field->choices[j] != NULL; j++)
        if (!g_str_equal (field->choice_labels[j], field->choices[j]))
          {
            if (!g_hash_table_contains (marked, field->choice_labels[j]))
              g_error ("The label “%s” of the choice “%s” is missing from src/core/postings-schema-labels.c",
                       field->choice_labels[j], field->choices[j]);
            g_hash_table_add (used, field->choice_labels[j]);
          }
    }

  for (guint i = 0; _postings_schema_builtin_strings[i] != NULL; i++)
    if (!g_hash_table_contains (used, _postings_schema_builtin_strings[i]))
      g_error ("“%s” in src/core/postings-schema-labels.c is no longer in jobs.yml",
               _postings_schema_builtin_strings[i]);

  /* The resource is the same file as the source. */
  {
    g_autoptr(GBytes) bytes = _postings_core_lookup_resource ("schemas/jobs.yml", &error);

    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), contents, len);
  }
}

/* Keys used by at least this many real postings must be schema fields. */
#define COMMON_KEY_MIN_FILES 5

static void
test_schema_corpus_keys (void)
{
  PostingsSchema *schema = postings_schema_get_default ();
  const char *corpus = g_getenv ("POSTINGS_CORPUS_DIR");
  g_autofree char *dir = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GHashTable) files_per_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key, value;
  const char *basename;
  guint n_files = 0;
  guint n_unknown_entries = 0;
  guint n_aliases = 0;

  if (corpus == NULL)
    {
      g_test_skip ("POSTINGS_CORPUS_DIR is not set");
      return;
    }

  dir = g_build_filename (corpus, "jobs", NULL);
  listing = g_dir_open (dir, 0, NULL);
  if (listing == NULL)
    {
      g_test_skip ("no corpus jobs/ folder");
      return;
    }

  while ((basename = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, basename, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(PostingsDocument) document = NULL;
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GError) error = NULL;

      document = postings_document_new_for_file (file, NULL, &error);
      g_assert_no_error (error);
      if (postings_document_get_state (document) != POSTINGS_DOCUMENT_OK)
        continue;
      n_files++;

      for (guint i = 0; i < postings_document_get_n_entries (document); i++)
        {
          const PostingsEntry *entry = postings_document_get_entry (document, i);

          if (!g_hash_table_add (seen, entry->key))
            continue;
          g_hash_table_insert (files_per_key, g_strdup (entry->key),
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (files_per_key, entry->key)) + 1));

          if (postings_schema_lookup (schema, entry->key) == NULL)
            {
              if (postings_schema_lookup_alias (schema, entry->key) != NULL)
                n_aliases++;
              else
                n_unknown_entries++;
            }
        }
    }

  g_assert_cmpuint (n_files, >, 500);

  g_hash_table_iter_init (&iter, files_per_key);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint count = GPOINTER_TO_UINT (value);

      g_test_message ("%-20s %3u files%s", (char *) key, count,
                      postings_schema_lookup (schema, key) ? "" :
                      postings_schema_lookup_alias (schema, key) ? " (alias)" : " (not in schema)");
      if (count >= COMMON_KEY_MIN_FILES && postings_schema_lookup (schema, key) == NULL &&
          postings_schema_lookup_alias (schema, key) == NULL)
        g_error ("“%s” is used by %u real postings but is not in the schema", (char *) key, count);
    }

  g_test_message ("%u files, %u misspelt keys, %u keys outside the schema",
                  n_files, n_aliases, n_unknown_entries);
  g_assert_cmpuint (n_aliases, >, 0);
}

/* Bad schemas */

typedef struct
{
  const char *yaml;
  guint line;
  guint column;
  const char *mentions;   /* a word the message must contain */
} BadSchema;

static void
test_schema_errors (void)
{
  static const BadSchema bad[] = {
    { "", 1, 1, "fields" },
    { "- a\n- b\n", 1, 1, "fields" },
    { "name: x\n", 1, 1, "fields" },
    { "fields: []\n", 1, 9, "fields" },
    { "fields:\n  - key: a\n    kind: texte\n", 3, 11, "texte" },
    { "fields:\n  - label: A\n", 2, 5, "key" },
    { "fields:\n  - key: a\n  - key: a\n", 3, 10, "“a”" },
    { "fields:\n  - key: a\n    kind: choice\n", 2, 5, "choices" },
    { "fields:\n  - key: a\n    choices: [x]\n", 3, 5, "choices" },
    { "fields:\n  - key: a\n    requried: true\n", 3, 5, "requried" },
    { "fields:\n  - key: a\n    required: maybe\n", 3, 15, "required" },
    { "fields:\n  - key: a\n    kind: reference\n", 2, 5, "reference" },
    { "fields:\n  - key: a\n    kind: reference\n    reference: ../elsewhere\n", 4, 16, "reference" },
    { "fields:\n  - key: a\n    aliases: [b]\n  - key: b\n", 3, 15, "“b”" },
    { "fields:\n  - key: a\n    aliases: [b]\n  - key: c\n    aliases: [x, b]\n", 5, 18, "“b”" },
    { "fields:\n  - key: 'a b'\n", 2, 10, "a b" },
    { "fields:\n  - key: a\n    label: [x]\n", 3, 12, "label" },
    { "fields:\n  - key: a\n    key: b\n", 3, 5, "key" },
    { "fields:\n  - key: a\n  extra: 1\n", 3, 3, NULL },
    { "folder: /etc\nfields:\n  - key: a\n", 1, 9, "folder" },
    { "colour: red\nfields:\n  - key: a\n", 1, 1, "colour" },
    { "fields:\n  - just text\n", 2, 5, NULL },
    { "fields:\n  - key: a\n    hint: a: b\n", 3, 12, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PostingsSchema) schema = NULL;
      g_autofree char *where = g_strdup_printf ("Line %u, column %u: ", bad[i].line, bad[i].column);

      schema = postings_schema_new_from_data (bad[i].yaml, strlen (bad[i].yaml), &error);
      g_test_message ("%s → %s", bad[i].yaml, error ? error->message : "(no error)");
      g_assert_null (schema);
      g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_SCHEMA);
      if (!g_str_has_prefix (error->message, where))
        g_error ("schema %u: expected “%s…”, got “%s”", i, where, error->message);
      if (bad[i].mentions != NULL && strstr (error->message, bad[i].mentions) == NULL)
        g_error ("schema %u: “%s” does not mention “%s”", i, error->message, bad[i].mentions);
    }
}

static void
test_schema_minimal (void)
{
  static const char yaml[] =
    "fields:\n"
    "  - key: intitule\n"
    "  - key: ouvert\n"
    "    label: Ouvert\n"
    "    kind: boolean\n"
    "    required: yes\n"
    "  - key: stack\n"
    "    kind: list\n"
    "    aliases: stacks\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsSchema) schema = postings_schema_new_from_data (yaml, strlen (yaml), &error);
  const PostingsField *field;

  g_assert_no_error (error);
  g_assert_cmpuint (postings_schema_get_n_fields (schema), ==, 3);
  g_assert_cmpstr (postings_schema_get_name (schema), ==, "jobs");
  g_assert_cmpstr (postings_schema_get_folder (schema), ==, "content/_jobs");

  field = postings_schema_get_field (schema, 0);
  g_assert_cmpstr (field->key, ==, "intitule");
  g_assert_cmpstr (field->label, ==, "intitule");   /* label defaults to the key */
  g_assert_null (field->hint);
  g_assert_cmpint (field->kind, ==, POSTINGS_FIELD_TEXT);
  g_assert_false (field->required);
  g_assert_null (field->choices);
  g_assert_nonnull (field->aliases);
  g_assert_null (field->aliases[0]);

  field = postings_schema_lookup (schema, "ouvert");
  g_assert_cmpstr (field->label, ==, "Ouvert");
  g_assert_true (field->required);
  g_assert_cmpint (postings_field_value_kind (field), ==, POSTINGS_VALUE_BOOLEAN);

  field = postings_schema_lookup_alias (schema, "stacks");
  g_assert_nonnull (field);
  g_assert_cmpstr (field->key, ==, "stack");
}

/* A repository tree in a temporary folder. */
typedef struct
{
  char  *tmp;
  GFile *root;
  GFile *jobs;
  GFile *posting;
} Fixture;

static void
write_file (GFile      *file,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_replace_contents (file, contents, strlen (contents), NULL, FALSE,
                           G_FILE_CREATE_NONE, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *jobs = NULL;

  fixture->tmp = g_dir_make_tmp ("postings-schema-XXXXXX", &error);
  g_assert_no_error (error);

  jobs = g_build_filename (fixture->tmp, "site", "content", "_jobs", NULL);
  g_assert_cmpint (g_mkdir_with_parents (jobs, 0700), ==, 0);

  fixture->jobs = g_file_new_for_path (jobs);
  fixture->root = g_file_resolve_relative_path (fixture->jobs, "../..");
  fixture->posting = g_file_get_child (fixture->jobs, "2026-03-01-dev.md");
  write_file (fixture->posting, "---\nroles: Dev\nopen: true\n---\n");
}

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFileInfo *info;

      while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

          remove_tree (child);
          g_object_unref (info);
        }
    }

  g_file_delete (file, NULL, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GFile) tmp = g_file_new_for_path (fixture->tmp);

  remove_tree (tmp);
  g_clear_object (&fixture->posting);
  g_clear_object (&fixture->jobs);
  g_clear_object (&fixture->root);
  g_free (fixture->tmp);
}

static void
test_repository_find_root (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GFile) from_posting = postings_repository_find_root (fixture->posting);
  g_autoptr(GFile) from_jobs = postings_repository_find_root (fixture->jobs);
  g_autoptr(GFile) from_root = postings_repository_find_root (fixture->root);
  g_autoptr(GFile) missing = g_file_get_child (fixture->jobs, "not-yet-saved.md");
  g_autoptr(GFile) from_missing = postings_repository_find_root (missing);
  g_autoptr(GFile) tmp = g_file_new_for_path (fixture->tmp);
  g_autoptr(GFile) outside = postings_repository_find_root (tmp);
  g_autoptr(GFile) jobs_dir = NULL;
  g_autoptr(GFile) startups_dir = NULL;
  g_autofree char *jobs_rel = NULL;
  g_autofree char *startups_rel = NULL;

  g_assert_true (g_file_equal (from_posting, fixture->root));
  g_assert_true (g_file_equal (from_jobs, fixture->root));
  g_assert_true (g_file_equal (from_root, fixture->root));
  g_assert_true (g_file_equal (from_missing, fixture->root));
  g_assert_null (outside);

  jobs_dir = postings_repository_get_jobs_dir (fixture->root);
  startups_dir = postings_repository_get_startups_dir (fixture->root);
  g_assert_true (g_file_equal (jobs_dir, fixture->jobs));
  jobs_rel = g_file_get_relative_path (fixture->root, jobs_dir);
  startups_rel = g_file_get_relative_path (fixture->root, startups_dir);
  g_assert_cmpstr (jobs_rel, ==, "content/_jobs");
  g_assert_cmpstr (startups_rel, ==, "content/_startups");

  g_assert_true (postings_repository_contains (fixture->jobs, fixture->posting));
  g_assert_true (postings_repository_contains (fixture->jobs, fixture->jobs));
  g_assert_false (postings_repository_contains (fixture->jobs, fixture->root));
}

static void
test_schema_load_builtin (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) root = NULL;
  g_autoptr(PostingsSchema) schema = NULL;

  schema = postings_schema_load_for_file (fixture->posting, &root, &error);
  g_assert_no_error (error);
  g_assert_true (schema == postings_schema_get_default ());
  g_assert_true (g_file_equal (root, fixture->root));
}

static void
test_schema_load_override (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GFile) schema_file = g_file_get_child (fixture->root, ".postings.yml");
  g_autoptr(GError) error = NULL;
  GFile *starts[3] = { fixture->posting, fixture->jobs, fixture->root };

  write_file (schema_file,
              "name: offres\n"
              "folder: content/_offres\n"
              "fields:\n"
              "  - key: intitule\n"
              "    label: Intitulé\n"
              "    required: true\n");

  for (guint i = 0; i < G_N_ELEMENTS (starts); i++)
    {
      g_autoptr(GFile) root = NULL;
      g_autoptr(PostingsSchema) schema = postings_schema_load_for_file (starts[i], &root, &error);

      g_assert_no_error (error);
      g_assert_true (schema != postings_schema_get_default ());
      g_assert_cmpstr (postings_schema_get_name (schema), ==, "offres");
      g_assert_cmpstr (postings_schema_get_folder (schema), ==, "content/_offres");
      g_assert_cmpuint (postings_schema_get_n_fields (schema), ==, 1);
      g_assert_cmpstr (postings_schema_get_field (schema, 0)->key, ==, "intitule");
      g_assert_null (postings_schema_lookup (schema, "roles"));
      g_assert_true (g_file_equal (postings_schema_get_file (schema), schema_file));
      g_assert_true (g_file_equal (root, fixture->root));
    }
}

/* A `.postings.yml` above the repository root counts too; the root is
 * still the folder holding content/. */
static void
test_schema_load_parent (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GFile) tmp = g_file_new_for_path (fixture->tmp);
  g_autoptr(GFile) schema_file = g_file_get_child (tmp, ".postings.yml");
  g_autoptr(GFile) root = NULL;
  g_autoptr(GFile) other_root = NULL;
  g_autoptr(GFile) loose = g_file_get_child (tmp, "loose.md");
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsSchema) schema = NULL;
  g_autoptr(PostingsSchema) other = NULL;

  write_file (schema_file, "fields:\n  - key: poste\n");

  schema = postings_schema_load_for_file (fixture->posting, &root, &error);
  g_assert_no_error (error);
  g_assert_nonnull (postings_schema_lookup (schema, "poste"));
  g_assert_true (g_file_equal (root, fixture->root));

  /* Outside any repository: the schema's folder stands for the root. */
  other = postings_schema_load_for_file (loose, &other_root, &error);
  g_assert_no_error (error);
  g_assert_nonnull (postings_schema_lookup (other, "poste"));
  g_assert_true (g_file_equal (other_root, tmp));
}

static void
test_schema_load_broken (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GFile) schema_file = g_file_get_child (fixture->root, ".postings.yml");
  g_autoptr(GFile) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsSchema) schema = NULL;
  g_autofree char *name = NULL;

  write_file (schema_file, "fields:\n  - key: a\n    kind: booléen\n");

  schema = postings_schema_load_for_file (fixture->posting, &root, &error);
  g_assert_null (schema);
  g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_SCHEMA);
  name = g_file_get_parse_name (schema_file);
  g_assert_true (g_str_has_prefix (error->message, name));
  g_assert_nonnull (strstr (error->message, "line 3, column 11"));
  g_assert_nonnull (strstr (error->message, "booléen"));
}

static void
test_schema_load_outside (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GFile) tmp = g_file_new_for_path (fixture->tmp);
  g_autoptr(GFile) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsSchema) schema = NULL;

  schema = postings_schema_load_for_file (tmp, &root, &error);
  g_assert_no_error (error);
  g_assert_true (schema == postings_schema_get_default ());
  g_assert_null (root);

  /* out_root is optional */
  g_clear_object (&schema);
  schema = postings_schema_load_for_file (fixture->posting, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (schema);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/schema/default/fields", test_schema_default_fields);
  g_test_add_func ("/schema/default/kinds", test_schema_default_kinds);
  g_test_add_func ("/schema/default/aliases", test_schema_default_aliases);
  g_test_add_func ("/schema/default/labels-translatable", test_schema_labels_translatable);
  g_test_add_func ("/schema/default/corpus-keys", test_schema_corpus_keys);
  g_test_add_func ("/schema/kind-names", test_schema_kind_names);
  g_test_add_func ("/schema/parse/minimal", test_schema_minimal);
  g_test_add_func ("/schema/parse/errors", test_schema_errors);
  g_test_add ("/schema/repository/find-root", Fixture, NULL,
              fixture_set_up, test_repository_find_root, fixture_tear_down);
  g_test_add ("/schema/load/builtin", Fixture, NULL,
              fixture_set_up, test_schema_load_builtin, fixture_tear_down);
  g_test_add ("/schema/load/override", Fixture, NULL,
              fixture_set_up, test_schema_load_override, fixture_tear_down);
  g_test_add ("/schema/load/parent", Fixture, NULL,
              fixture_set_up, test_schema_load_parent, fixture_tear_down);
  g_test_add ("/schema/load/broken", Fixture, NULL,
              fixture_set_up, test_schema_load_broken, fixture_tear_down);
  g_test_add ("/schema/load/outside", Fixture, NULL,
              fixture_set_up, test_schema_load_outside, fixture_tear_down);

  return g_test_run ();
}
