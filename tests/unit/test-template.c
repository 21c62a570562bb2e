/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "postings-core.h"

static const char * const sections[] = {
  "## Le contexte",
  "## Le produit",
  "## L'équipe",
  "## La mission",
  "## Le profil recherché",
  "## Les modalités",
  "## Pour candidater",
};

static void
test_template_shape (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsDocument) document = NULL;
  g_autofree char *body = NULL;
  PostingsSchema *schema = postings_schema_get_default ();
  const char *more;
  const char *previous;
  gboolean open = FALSE;

  document = postings_document_new_from_template ("Chargé·e de déploiement", "2026-03-01", &error);
  g_assert_no_error (error);
  g_assert_cmpint (postings_document_get_state (document), ==, POSTINGS_DOCUMENT_OK);

  /* Every required field of the schema, and the date. */
  for (guint i = 0; i < postings_schema_get_n_fields (schema); i++)
    {
      const PostingsField *field = postings_schema_get_field (schema, i);

      if (field->required)
        g_assert_nonnull (postings_document_lookup (document, field->key));
    }
  g_assert_cmpstr (postings_document_get_string (document, "roles"), ==, "Chargé·e de déploiement");
  g_assert_cmpstr (postings_document_get_string (document, "date"), ==, "2026-03-01");
  g_assert_true (postings_document_get_boolean (document, "open", &open));
  g_assert_true (open);

  /* Only keys of the schema, in schema order. */
  {
    const char * const *order = postings_schema_get_key_order (schema);
    gint last = -1;

    for (guint i = 0; i < postings_document_get_n_entries (document); i++)
      {
        const PostingsEntry *entry = postings_document_get_entry (document, i);
        gint position = -1;

        for (guint j = 0; order[j]; j++)
          if (g_str_equal (order[j], entry->key))
            position = j;
        g_assert_cmpint (position, >, last);
        last = position;
      }
  }

  /* An introduction, the excerpt marker, then the sections in order. */
  body = postings_document_dup_body (document);
  more = strstr (body, "\n<!--more-->\n");
  g_assert_nonnull (more);
  g_assert_null (strstr (more + strlen ("\n<!--more-->"), "<!--more-->"));
  g_assert_cmpint (body[0], !=, '#');
  g_assert_cmpint (body[0], !=, '\n');
  g_assert_null (g_strstr_len (body, more - body, "\n#"));

  previous = more;
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_autofree char *line = g_strdup_printf ("\n%s\n", sections[i]);
      const char *at = strstr (body, line);

      g_assert_nonnull (at);
      g_assert_true (at > previous);
      previous = at;
    }

  /* French, and UTF-8 */
  g_assert_true (g_utf8_validate (body, -1, NULL));
}

static void
test_template_resource (void)
{
  g_autoptr(GBytes) bytes = postings_template_get_bytes ();
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "templates", "posting.md", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), contents, len);
}

/* Only the two lines of roles and date differ from the template. */
static void
test_template_lossless (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsDocument) document = NULL;
  g_autoptr(GBytes) template = postings_template_get_bytes ();
  g_autoptr(GBytes) result = NULL;
  g_autofree char *template_text = g_strndup (g_bytes_get_data (template, NULL), g_bytes_get_size (template));
  g_autofree char *result_text = NULL;
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;
  guint differing = 0;

  document = postings_document_new_from_template ("Data Engineer", "2022-05-06", &error);
  g_assert_no_error (error);
  result = postings_document_serialize (document);
  result_text = g_strndup (g_bytes_get_data (result, NULL), g_bytes_get_size (result));

  before = g_strsplit (template_text, "\n", -1);
  after = g_strsplit (result_text, "\n", -1);
  g_assert_cmpuint (g_strv_length (before), ==, g_strv_length (after));
  for (guint i = 0; before[i]; i++)
    if (!g_str_equal (before[i], after[i]))
      {
        g_assert_true (g_str_equal (after[i], "roles: Data Engineer") ||
                       g_str_equal (after[i], "date: 2022-05-06"));
        differing++;
      }
  g_assert_cmpuint (differing, ==, 2);
}

/* Whatever the title, it reads back exactly (quoted when YAML needs it). */
static void
test_template_tricky_roles (void)
{
  static const char * const tricky[] = {
    "Responsable : produit",
    "#1 Dev",
    "@Dev fullstack",
    "'Designer'",
    "\"Designer\"",
    "L'incubateur recrute",
    "R&D & co",
    "- tiret",
    "true",
    "2026-03-01",
    "null",
    "~",
    "Dev [front] {back}",
    "*étoile",
    "!important",
    "%pourcent",
    "| pipe",
    "> chevron",
    "a #b",
    "   espaces   ",
    "Chargé·e de déploiement 🌱",
    "Deux\nlignes",
  };

  for (guint i = 0; i < G_N_ELEMENTS (tricky); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PostingsDocument) document = NULL;
      g_autoptr(PostingsDocument) reread = NULL;
      g_autoptr(GBytes) bytes = NULL;

      document = postings_document_new_from_template (tricky[i], "2026-03-01", &error);
      g_assert_no_error (error);

      /* Read back from the bytes, as the site will. */
      bytes = postings_document_serialize (document);
      reread = postings_document_new_from_bytes (bytes);
      g_assert_cmpint (postings_document_get_state (reread), ==, POSTINGS_DOCUMENT_OK);
      g_assert_cmpstr (postings_document_get_string (reread, "roles"), ==, tricky[i]);
      g_assert_cmpstr (postings_document_get_string (reread, "date"), ==, "2026-03-01");
    }
}

static void
test_template_defaults (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsDocument) document = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  const PostingsEntry *entry;
  const char *text;
  const char *date;

  document = postings_document_new_from_template (NULL, NULL, &error);
  g_assert_no_error (error);
  /* roles is there, empty, for the user to fill in... */
  entry = postings_document_lookup (document, "roles");
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->kind, ==, POSTINGS_NODE_NULL);
  g_assert_null (postings_document_get_string (document, "roles"));
  /* ...and what they type gets no quotes it does not need. */
  postings_document_set_value (document, "roles", "Coach", POSTINGS_VALUE_TEXT, &error);
  g_assert_no_error (error);
  text = postings_document_get_text (document, NULL);
  g_assert_nonnull (strstr (text, "\nroles: Coach\n"));

  /* Today (or tomorrow, if the test ran across midnight). */
  date = postings_document_get_string (document, "date");
  g_assert_true (postings_date_is_valid (date));
  g_assert_cmpstr (date, >=, today);
}

static void
test_template_bad_date (void)
{
  static const char * const bad[] = {
    "", "2026-3-1", "2026-02-30", "01/03/2026", "2026-03-01T10:00:00Z", "2026-03-01\nopen: false",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PostingsDocument) document = NULL;

      document = postings_document_new_from_template ("Dev", bad[i], &error);
      g_assert_null (document);
      g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/template/shape", test_template_shape);
  g_test_add_func ("/template/resource", test_template_resource);
  g_test_add_func ("/template/lossless", test_template_lossless);
  g_test_add_func ("/template/tricky-roles", test_template_tricky_roles);
  g_test_add_func ("/template/defaults", test_template_defaults);
  g_test_add_func ("/template/bad-date", test_template_bad_date);

  return g_test_run ();
}
