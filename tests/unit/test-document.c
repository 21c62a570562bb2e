/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "postings-core.h"

static PostingsDocument *
doc_new (const char *text)
{
  return postings_document_new_from_data (text, -1);
}

static void
assert_text (PostingsDocument *doc, const char *expected)
{
  gsize len;
  const char *text = postings_document_get_text (doc, &len);

  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpuint (len, ==, strlen (expected));
}

/* Sets a value and checks the exact resulting text. */
static void
assert_set (const char *before, const char *key, const char *value, PostingsValueKind kind, const char *after)
{
  g_autoptr(PostingsDocument) doc = doc_new (before);
  g_autoptr(GError) error = NULL;

  g_assert_true (postings_document_set_value (doc, key, value, kind, &error));
  g_assert_no_error (error);
  assert_text (doc, after);
  g_assert_cmpstr (postings_document_get_string (doc, key), ==, value);
}

static void
test_split_basic (void)
{
  g_autoptr(PostingsDocument) doc = doc_new ("---\nroles: Dev\nopen: true\n---\nBody\n");
  g_autofree char *fm = postings_document_dup_front_matter (doc);
  g_autofree char *body = postings_document_dup_body (doc);

  g_assert_cmpint (postings_document_get_state (doc), ==, POSTINGS_DOCUMENT_OK);
  g_assert_cmpstr (fm, ==, "roles: Dev\nopen: true\n");
  g_assert_cmpstr (body, ==, "Body\n");
  g_assert_cmpuint (postings_document_get_body_line (doc), ==, 5);
  g_assert_cmpuint (postings_document_get_n_entries (doc), ==, 2);
  g_assert_null (postings_document_get_problem (doc));
}

static void
test_split_jekyll_rule (void)
{
  /* closing delimiter with trailing spaces, `...` closes too, empty front matter */
  g_autoptr(PostingsDocument) a = doc_new ("---\nroles: A\n---   \nx");
  g_autoptr(PostingsDocument) b = doc_new ("---\nroles: B\n...\nx");
  g_autoptr(PostingsDocument) c = doc_new ("---\n---\nBody");
  g_autoptr(PostingsDocument) d = doc_new ("---\nroles: D\n---");
  g_autofree char *body_a = postings_document_dup_body (a);
  g_autofree char *body_d = postings_document_dup_body (d);

  g_assert_cmpint (postings_document_get_state (a), ==, POSTINGS_DOCUMENT_OK);
  g_assert_cmpstr (body_a, ==, "x");
  g_assert_cmpstr (postings_document_get_string (b, "roles"), ==, "B");
  g_assert_cmpint (postings_document_get_state (c), ==, POSTINGS_DOCUMENT_OK);
  g_assert_cmpuint (postings_document_get_n_entries (c), ==, 0);
  g_assert_cmpint (postings_document_get_state (d), ==, POSTINGS_DOCUMENT_OK);
  g_assert_cmpstr (body_d, ==, "");
}

static void
test_round_trip_bytes (void)
{
  const char *inputs[] = {
    "---\r\nroles: Dev\r\nopen: true\r\n---\r\nBody\r\n",
    "\xEF\xBB\xBF---\nroles: Dev\n---\nBody",
    "---\nroles: Dev   \n# a comment\nopen: true # trailing\n---\n\n\nBody without final newline",
    "",
    "no front matter at all\n",
    "---\nroles: [unterminated\n---\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(PostingsDocument) doc = doc_new (inputs[i]);
      g_autoptr(GBytes) bytes = postings_document_serialize (doc);

      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), inputs[i], strlen (inputs[i]));
    }
}

static void
test_spans_utf8 (void)
{
  /* libyaml counts characters; spans must be bytes */
  g_autoptr(PostingsDocument) doc = doc_new ("---\nroles: Chargé·e é\ntitle: Après\n---\n");
  const PostingsEntry *roles = postings_document_lookup (doc, "roles");
  const PostingsEntry *title = postings_document_lookup (doc, "title");
  const char *text = postings_document_get_text (doc, NULL);

  g_assert_nonnull (roles);
  g_assert_cmpuint (roles->value_span.end - roles->value_span.start, ==, strlen ("Chargé·e é"));
  g_assert_cmpmem (text + roles->value_span.start, roles->value_span.end - roles->value_span.start,
                   "Chargé·e é", strlen ("Chargé·e é"));
  g_assert_cmpmem (text + title->key_span.start, 5, "title", 5);
  g_assert_cmpuint (title->line, ==, 3);
  g_assert_cmpuint (roles->entry_span.start, ==, 4);
  g_assert_cmpuint (roles->entry_span.end, ==, title->entry_span.start);
}

static void
test_set_plain (void)
{
  assert_set ("---\nroles: Old\nopen: true\n---\nBody\n", "roles", "Nouvelle offre",
              POSTINGS_VALUE_TEXT, "---\nroles: Nouvelle offre\nopen: true\n---\nBody\n");
}

static void
test_set_quoting (void)
{
  const struct { const char *value; const char *expected; } cases[] = {
    { "Chargé·e de mission : accueil", "'Chargé·e de mission : accueil'" },
    { "# pas un commentaire", "'# pas un commentaire'" },
    { "@mobilic", "'@mobilic'" },
    { "`code`", "'`code`'" },
    { "- tiret", "'- tiret'" },
    { "[crochet", "'[crochet'" },
    { "{accolade", "'{accolade'" },
    { "*étoile", "'*étoile'" },
    { "&esperluette", "'&esperluette'" },
    { "!point", "'!point'" },
    { "%pourcent", "'%pourcent'" },
    { "true", "'true'" },
    { "no", "'no'" },
    { "2021-06-09", "'2021-06-09'" },
    { "42", "'42'" },
    { "1,5", "'1,5'" },
    { "L'équipe", "L'équipe" },
    { "C'est l'été", "C'est l'été" },
    { "'quoted'", "\"'quoted'\"" },
    { "Chargé·e : l'accueil", "\"Chargé·e : l'accueil\"" },
    { "say \"hi\": 'x'", "'say \"hi\": ''x'''" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *before = g_strdup ("---\ntitle: x\n---\n");
      g_autofree char *after = g_strdup_printf ("---\ntitle: %s\n---\n", cases[i].expected);
      assert_set (before, "title", cases[i].value, POSTINGS_VALUE_TEXT, after);
    }
}

static void
test_set_keeps_quote_style (void)
{
  assert_set ("---\ntype: 'friend'\n---\n", "type", "partner", POSTINGS_VALUE_TEXT, "---\ntype: 'partner'\n---\n");
  assert_set ("---\ntitle: \"Old\"\n---\n", "title", "New", POSTINGS_VALUE_TEXT, "---\ntitle: \"New\"\n---\n");
}

static void
test_set_long_not_folded (void)
{
  g_autofree char *value = g_strnfill (300, 'a');
  g_autofree char *spaced = g_strjoin (" ", value, value, value, NULL);
  g_autofree char *after = g_strdup_printf ("---\ntitle: %s\n---\n", spaced);

  assert_set ("---\ntitle: x\n---\n", "title", spaced, POSTINGS_VALUE_TEXT, after);
}

static void
test_set_newline_value (void)
{
  assert_set ("---\ntitle: x\n---\n", "title", "a\nb", POSTINGS_VALUE_TEXT, "---\ntitle: \"a\\nb\"\n---\n");
}

static void
test_set_boolean_and_date (void)
{
  g_autoptr(PostingsDocument) doc = doc_new ("---\nopen: true\n---\n");
  g_autoptr(GError) error = NULL;
  gboolean open = TRUE;

  g_assert_true (postings_document_set_value (doc, "open", "false", POSTINGS_VALUE_BOOLEAN, &error));
  assert_text (doc, "---\nopen: false\n---\n");
  g_assert_true (postings_document_get_boolean (doc, "open", &open));
  g_assert_false (open);

  g_assert_false (postings_document_set_value (doc, "open", "peut-être", POSTINGS_VALUE_BOOLEAN, &error));
  g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_INVALID_EDIT);
  assert_text (doc, "---\nopen: false\n---\n");

  assert_set ("---\ndate: 2021-06-09\n---\n", "date", "2026-01-31", POSTINGS_VALUE_DATE, "---\ndate: 2026-01-31\n---\n");
}

static void
test_quoted_true_is_text (void)
{
  g_autoptr(PostingsDocument) doc = doc_new ("---\nopen: \"true\"\n---\n");
  gboolean open;

  g_assert_false (postings_document_get_boolean (doc, "open", &open));
  g_assert_cmpstr (postings_document_get_string (doc, "open"), ==, "true");
}

static void
test_crlf_add_key (void)
{
  g_autoptr(PostingsDocument) doc = doc_new ("---\r\nroles: Dev\r\nopen: true\r\n---\r\nBody\r\n");
  g_autoptr(GError) error = NULL;

  g_assert_true (postings_document_uses_crlf (doc));
  g_assert_true (postings_document_set_value (doc, "title", "Titre", POSTINGS_VALUE_TEXT, &error));
  assert_text (doc, "---\r\nroles: Dev\r\ntitle: Titre\r\nopen: true\r\n---\r\nBody\r\n");
}

static void
test_add_key_position (void)
{
  g_autoptr(PostingsDocument) doc = doc_new ("---\nroles: Dev\nopen: true\nfoo: bar\n---\n");
  g_autoptr(GError) error = NULL;

  /* after the nearest preceding schema key present */
  g_assert_true (postings_document_set_value (doc, "date", "2026-01-31", POSTINGS_VALUE_DATE, &error));
  assert_text (doc, "---\nroles: Dev\nopen: true\ndate: 2026-01-31\nfoo: bar\n---\n");
  /* unknown key: at the end */
  g_assert_true (postings_document_set_value (doc, "zzz", "1", POSTINGS_VALUE_NUMBER, &error));
  assert_text (doc, "---\nroles: Dev\nopen: true\ndate: 2026-01-31\nfoo: bar\nzzz: 1\n---\n");
}

static void
test_add_key_empty_front_matter (void)
{
  g_autoptr(PostingsDocument) doc = doc_new ("---\n---\nBody\n");
  g_autoptr(GError) error = NULL;

  g_assert_true (postings_document_set_value (doc, "roles", "Dev", POSTINGS_VALUE_TEXT, &error));
  assert_text (doc, "---\nroles: Dev\n---\nBody\n");
}

static void
test_set_null_value (void)
{
  assert_set ("---\ntechno:\nopen: true\n---\n", "techno", "Python", POSTINGS_VALUE_TEXT, "---\ntechno: Python\nopen: true\n---\n");
  assert_set ("---\ntechno:  \nopen: true\n---\n", "techno", "Python", POSTINGS_VALUE_TEXT, "---\ntechno: Python \nopen: true\n---\n");
}

static void
test_comments_kept (void)
{
  assert_set ("---\n# en-tête\nroles: Dev # le poste\nopen: true\n---\n", "roles", "Designer", POSTINGS_VALUE_TEXT,
              "---\n# en-tête\nroles: Designer # le poste\nopen: true\n---\n");
}

static void
test_block_list (void)
{
  g_autoptr(PostingsDocument) doc = doc_new ("---\ndomaines:\n    - Produit\n    - Design\nopen: true\n---\n");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) items = postings_document_dup_list (doc, "domaines");

  g_assert_cmpuint (g_strv_length (items), ==, 2);
  g_assert_cmpstr (items[1], ==, "Design");
  g_assert_true (postings_document_list_append (doc, "domaines", "Déploiement", &error));
  assert_text (doc, "---\ndomaines:\n    - Produit\n    - Design\n    - Déploiement\nopen: true\n---\n");
  g_assert_true (postings_document_list_remove (doc, "domaines", "Produit", &error));
  assert_text (doc, "---\ndomaines:\n    - Design\n    - Déploiement\nopen: true\n---\n");
  g_assert_false (postings_document_list_remove (doc, "domaines", "Absent", &error));
  g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_FOUND);
}

static void
test_flow_list (void)
{
  g_autoptr(PostingsDocument) doc = doc_new ("---\ntechno: [Python, 'Django']\n---\n");
  g_autoptr(GError) error = NULL;

  g_assert_true (postings_document_list_append (doc, "techno", "C, C++", &error));
  assert_text (doc, "---\ntechno: [Python, 'Django', 'C, C++']\n---\n");
  g_assert_true (postings_document_list_remove (doc, "techno", "Python", &error));
  assert_text (doc, "---\ntechno: ['Django', 'C, C++']\n---\n");
  g_assert_true (postings_document_list_remove (doc, "techno", "C, C++", &error));
  assert_text (doc, "---\ntechno: ['Django']\n---\n");
}

static void
test_list_on_scalar_refused (void)
{
  g_autoptr(PostingsDocument) doc = doc_new ("---\ntechno: Python, Django\n---\n");
  g_autoptr(GError) error = NULL;

  g_assert_false (postings_document_list_append (doc, "techno", "Go", &error));
  g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_A_LIST);
  assert_text (doc, "---\ntechno: Python, Django\n---\n");
}

static void
test_set_list_new (void)
{
  g_autoptr(PostingsDocument) doc = doc_new ("---\nroles: Dev\n---\n");
  g_autoptr(GError) error = NULL;
  const char *items[] = { "Data", "Design", NULL };

  g_assert_true (postings_document_set_list (doc, "domaines", items, &error));
  assert_text (doc, "---\nroles: Dev\ndomaines: [Data, Design]\n---\n");
}

static void
test_remove_key (void)
{
  g_autoptr(PostingsDocument) doc = doc_new ("---\nroles: Dev\ndomaines:\n  - Data\n  - Design\nopen: true\n---\n");
  g_autoptr(GError) error = NULL;

  g_assert_true (postings_document_remove_key (doc, "domaines", &error));
  assert_text (doc, "---\nroles: Dev\nopen: true\n---\n");
  g_assert_false (postings_document_remove_key (doc, "absent", &error));
  g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_FOUND);
}

static void
test_rename_key (void)
{
  g_autoptr(PostingsDocument) doc = doc_new ("---\nexternalUrl: https://example.org\n---\n");
  g_autoptr(GError) error = NULL;

  g_assert_true (postings_document_rename_key (doc, "externalUrl", "externalURL", &error));
  assert_text (doc, "---\nexternalURL: https://example.org\n---\n");
}

static void
test_duplicates (void)
{
  g_autoptr(PostingsDocument) doc = doc_new ("---\nopen: true\nroles: Dev\nopen: false\n---\n");
  g_autoptr(GError) error = NULL;
  const PostingsEntry *first = postings_document_get_entry (doc, 0);
  gboolean open = TRUE;

  g_assert_cmpuint (first->shadowed_by_line, ==, 4);
  g_assert_cmpuint (postings_document_get_entry (doc, 2)->shadowed_by_line, ==, 0);
  /* the site uses the last value */
  g_assert_true (postings_document_get_boolean (doc, "open", &open));
  g_assert_false (open);
  /* edits apply to the value the site uses */
  g_assert_true (postings_document_set_value (doc, "open", "true", POSTINGS_VALUE_BOOLEAN, &error));
  assert_text (doc, "---\nopen: true\nroles: Dev\nopen: true\n---\n");
  /* removing the earlier duplicate keeps the value the site shows */
  g_assert_true (postings_document_remove_entry (doc, 0, &error));
  assert_text (doc, "---\nroles: Dev\nopen: true\n---\n");
}

static void
test_refuse_bad_edit (void)
{
  g_autoptr(PostingsDocument) doc = doc_new ("---\nroles: Dev\n---\n");
  g_autoptr(GError) error = NULL;

  /* a key that would not be a plain one-line key */
  g_assert_false (postings_document_set_value (doc, "a\nb", "x", POSTINGS_VALUE_TEXT, &error));
  g_assert_nonnull (error);
  assert_text (doc, "---\nroles: Dev\n---\n");
  g_clear_error (&error);

  /* an edit that would drop an anchor still used by an alias */
  {
    g_autoptr(PostingsDocument) anchored = doc_new ("---\nroles: &r Dev\ntitle: *r\n---\n");
    g_assert_cmpint (postings_document_get_state (anchored), ==, POSTINGS_DOCUMENT_OK);
    g_assert_false (postings_document_set_value (anchored, "roles", "Designer", POSTINGS_VALUE_TEXT, &error));
    g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_INVALID_EDIT);
    assert_text (anchored, "---\nroles: &r Dev\ntitle: *r\n---\n");
    g_clear_error (&error);
  }

  /* edits need a readable header */
  {
    g_autoptr(PostingsDocument) broken = doc_new ("---\ntitle: a: b\n---\n");
    g_assert_false (postings_document_set_value (broken, "roles", "x", POSTINGS_VALUE_TEXT, &error));
    g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_PARSE);
    assert_text (broken, "---\ntitle: a: b\n---\n");
  }
}

static void
test_broken_located (void)
{
  const struct { const char *text; PostingsProblemKind kind; guint line; const char *key; } cases[] = {
    { "---\nroles: Dev\ntitle: L'équipe recrute : un dev\n---\n", POSTINGS_PROBLEM_YAML, 3, "title" },
    { "", POSTINGS_PROBLEM_EMPTY_FILE, 1, NULL },
    { "\n---\nroles: Dev\n---\n", POSTINGS_PROBLEM_LEADING_BLANK, 1, NULL },
    { "# Titre\n\n---\nroles: Dev\n---\n", POSTINGS_PROBLEM_TEXT_BEFORE, 1, NULL },
    { "roles: Dev\nopen: true\n---\nBody\n", POSTINGS_PROBLEM_MISSING_OPENING, 1, NULL },
    { "----\nroles: Dev\n---\n", POSTINGS_PROBLEM_BAD_OPENING, 1, NULL },
    { "---\nroles: Dev\n\nBody text\n", POSTINGS_PROBLEM_MISSING_CLOSING, 3, NULL },
    { "---\nroles: Dev\nstartup: [Camino](https://x) \n---\n", POSTINGS_PROBLEM_YAML, 3, "startup" },
    { "---\n- a\n- b\n---\n", POSTINGS_PROBLEM_NOT_A_MAPPING, 2, NULL },
    { "---\nroles: Dev\ntitle: *nowhere\n---\n", POSTINGS_PROBLEM_YAML, 3, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PostingsDocument) doc = doc_new (cases[i].text);
      const PostingsProblem *problem = postings_document_get_problem (doc);

      g_assert_cmpint (postings_document_get_state (doc), !=, POSTINGS_DOCUMENT_OK);
      g_assert_nonnull (problem);
      g_assert_cmpint (problem->kind, ==, cases[i].kind);
      g_assert_cmpuint (problem->line, ==, cases[i].line);
      g_assert_cmpstr (problem->key, ==, cases[i].key);
      g_assert_nonnull (problem->message);
    }
}

static void
test_set_front_matter (void)
{
  g_autoptr(PostingsDocument) doc = doc_new ("---\nroles: Dev\n---\nBody\n");
  g_autoptr(GError) error = NULL;

  g_assert_false (postings_document_set_front_matter (doc, "roles: a: b", &error));
  g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_PARSE);
  g_assert_cmpint (postings_document_get_state (doc), ==, POSTINGS_DOCUMENT_BROKEN);
  assert_text (doc, "---\nroles: a: b\n---\nBody\n");
  g_clear_error (&error);

  g_assert_true (postings_document_set_front_matter (doc, "roles: ok\n", &error));
  assert_text (doc, "---\nroles: ok\n---\nBody\n");

  {
    g_autoptr(PostingsDocument) plain = doc_new ("Just text\n");
    g_assert_true (postings_document_set_front_matter (plain, "roles: Dev", &error));
    assert_text (plain, "---\nroles: Dev\n---\nJust text\n");
  }
}

static void
count_cb (PostingsDocument *doc, guint *count)
{
  (*count)++;
}

static void
test_changed_signal (void)
{
  g_autoptr(PostingsDocument) doc = doc_new ("---\nroles: Dev\n---\nBody\n");
  g_autoptr(GError) error = NULL;
  guint count = 0;
  guint revision = postings_document_get_revision (doc);

  g_signal_connect (doc, "changed", G_CALLBACK (count_cb), &count);
  postings_document_set_body (doc, "Body\n");                 /* no change */
  g_assert_cmpuint (count, ==, 0);
  postings_document_set_body (doc, "New body\n");
  g_assert_cmpuint (count, ==, 1);
  g_assert_true (postings_document_set_value (doc, "roles", "X", POSTINGS_VALUE_TEXT, &error));
  g_assert_cmpuint (count, ==, 2);
  g_assert_false (postings_document_set_value (doc, "open", "?", POSTINGS_VALUE_BOOLEAN, &error));
  g_assert_cmpuint (count, ==, 2);
  g_assert_cmpuint (postings_document_get_revision (doc), ==, revision + 2);
  assert_text (doc, "---\nroles: X\n---\nNew body\n");
}

/* What a header may be: refused, located and explained before libyaml
 * sees it (100,000 nested `[` took libyaml over 30 s). Each case is
 * refused at once; one level less parses. */
typedef struct
{
  const char *name;
  char *yaml;          /* the header */
  char *ok_yaml;       /* the same, one level less */
  guint line;
  guint column;
} DeepCase;

static char *
repeat (const char *unit, guint n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (s, unit);
  return g_string_free (s, FALSE);
}

static char *
wrap (const char *header)
{
  return g_strconcat ("---\n", header, "\n---\nTexte.\n", NULL);
}

static void
test_bounds_depth (void)
{
  g_autofree char *open_100k = repeat ("[", 100000);
  g_autofree char *maps_100k = repeat ("{a: ", 100000);
  g_autofree char *open_64 = repeat ("[", 64);
  g_autofree char *close_64 = repeat ("]", 64);
  g_autofree char *open_63 = repeat ("[", 63);
  g_autofree char *close_63 = repeat ("]", 63);
  g_autofree char *dashes_65 = repeat ("- ", 65);
  g_autofree char *dashes_64 = repeat ("- ", 64);
  g_autoptr(GString) block_65 = g_string_new (NULL);
  g_autoptr(GString) block_64 = g_string_new (NULL);
  DeepCase cases[] = {
    { "flow-100k", g_strconcat ("k: ", open_100k, NULL), g_strconcat ("k: ", open_63, "x", close_63, NULL), 1, 67 },
    { "flow-maps-100k", g_strconcat ("k: ", maps_100k, NULL), NULL, 1, 256 },
    { "flow-64", g_strconcat ("k: ", open_64, "x", close_64, NULL), NULL, 1, 67 },
    { "compact-65", g_strconcat (dashes_65, "x", NULL), g_strconcat ("k:\n", dashes_64 + 2, "x", NULL), 1, 127 },
    { "block-65", NULL, NULL, 65, 65 },
  };

  for (guint i = 0; i < 65; i++)
    {
      g_autofree char *indent = g_strnfill (i, ' ');

      g_string_append_printf (block_65, "%sa%u:\n", indent, i);
      if (i < 64)
        g_string_append_printf (block_64, "%sa%u:\n", indent, i);
    }
  cases[4].yaml = g_strdup (block_65->str);
  cases[4].ok_yaml = g_strdup (block_64->str);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = wrap (cases[i].yaml);
      g_autoptr(PostingsDocument) doc = postings_document_new_from_data (text, -1);
      const PostingsProblem *problem = postings_document_get_problem (doc);

      g_test_message ("%s: %s", cases[i].name, problem ? problem->message : "(no problem)");
      g_assert_cmpint (postings_document_get_state (doc), ==, POSTINGS_DOCUMENT_BROKEN);
      g_assert_cmpint (problem->kind, ==, POSTINGS_PROBLEM_TOO_DEEP);
      /* lines of the file: the header starts on line 2 */
      g_assert_cmpuint (problem->line, ==, cases[i].line + 1);
      g_assert_cmpuint (problem->column, ==, cases[i].column);
      g_assert_nonnull (strstr (problem->message, "64"));

      if (cases[i].ok_yaml != NULL)
        {
          g_autofree char *ok_text = wrap (cases[i].ok_yaml);
          g_autoptr(PostingsDocument) ok_doc = postings_document_new_from_data (ok_text, -1);

          g_assert_cmpint (postings_document_get_state (ok_doc), ==, POSTINGS_DOCUMENT_OK);
        }
      g_free (cases[i].yaml);
      g_free (cases[i].ok_yaml);
    }
}

/* Brackets, quotes and block text that are not nesting do not count. */
static void
test_bounds_not_nesting (void)
{
  g_autofree char *brackets = repeat ("[", 100);
  g_autofree char *ascii_art = NULL;
  g_autoptr(GString) literal = g_string_new ("art: |\n");
  g_autofree char *text = NULL;
  g_autoptr(PostingsDocument) doc = NULL;

  for (guint i = 1; i <= 80; i++)
    {
      g_autofree char *indent = g_strnfill (i, ' ');
      g_string_append_printf (literal, "%s- %u\n", indent, i);
    }
  ascii_art = g_strdup (literal->str);
  text = g_strdup_printf ("---\nroles: Dev %s ok\ntitle: '%s'\nfriend: \"%s\" # %s\n%sopen: true\n---\nTexte.\n",
                          brackets, brackets, brackets, brackets, ascii_art);
  doc = postings_document_new_from_data (text, -1);
  g_assert_cmpint (postings_document_get_state (doc), ==, POSTINGS_DOCUMENT_OK);
  g_assert_true (postings_document_get_boolean (doc, "open", NULL));
}

static void
test_bounds_size (void)
{
  g_autofree char *filler = g_strnfill (POSTINGS_FRONT_MATTER_MAX_SIZE, 'a');
  g_autofree char *big = g_strconcat ("---\ntitle: ", filler, "\n---\nTexte.\n", NULL);
  g_autofree char *fits = g_strconcat ("---\ntitle: ", filler + 20, "\n---\nTexte.\n", NULL);
  g_autoptr(PostingsDocument) doc = postings_document_new_from_data (big, -1);
  g_autoptr(PostingsDocument) ok_doc = postings_document_new_from_data (fits, -1);
  g_autoptr(GBytes) bytes = postings_document_serialize (doc);

  g_assert_cmpint (postings_document_get_state (doc), ==, POSTINGS_DOCUMENT_BROKEN);
  g_assert_cmpint (postings_document_get_problem (doc)->kind, ==, POSTINGS_PROBLEM_TOO_LARGE);
  g_assert_cmpuint (postings_document_get_problem (doc)->line, ==, 2);
  g_assert_nonnull (strstr (postings_document_get_problem (doc)->message, "1 MB"));
  /* nothing is lost */
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), big, strlen (big));
  g_assert_cmpint (postings_document_get_state (ok_doc), ==, POSTINGS_DOCUMENT_OK);
  g_assert_cmpuint (strlen (postings_document_get_string (ok_doc, "title")), ==, POSTINGS_FRONT_MATTER_MAX_SIZE - 20);
}

/* Bytes that are not text in the header: located, never given to libyaml. */
static void
test_bounds_encoding (void)
{
  static const char nul[] = "---\nroles: Dev\nopen: tr\0ue\n---\nTexte.\n";
  g_autoptr(PostingsDocument) bad = postings_document_new_from_data ("---\nroles: D\xE9veloppeur\nopen: true\n---\nTexte.\n", -1);
  g_autoptr(PostingsDocument) with_nul = postings_document_new_from_data (nul, sizeof nul - 1);
  g_autoptr(PostingsDocument) control = postings_document_new_from_data ("---\nroles: Dev\x01\nopen: true\n---\nTexte.\n", -1);
  g_autoptr(PostingsDocument) bom = postings_document_new_from_data ("\xEF\xBB\xBF---\nroles: Dev\nopen: true\n---\nTexte.\n", -1);

  g_assert_cmpint (postings_document_get_problem (bad)->kind, ==, POSTINGS_PROBLEM_ENCODING);
  g_assert_cmpuint (postings_document_get_problem (bad)->line, ==, 2);
  g_assert_cmpuint (postings_document_get_problem (bad)->column, ==, 9);
  g_assert_cmpint (postings_document_get_problem (with_nul)->kind, ==, POSTINGS_PROBLEM_ENCODING);
  g_assert_cmpuint (postings_document_get_problem (with_nul)->line, ==, 3);
  g_assert_cmpuint (postings_document_get_problem (with_nul)->column, ==, 9);
  g_assert_nonnull (strstr (postings_document_get_problem (with_nul)->message, "NUL"));
  g_assert_cmpint (postings_document_get_problem (control)->kind, ==, POSTINGS_PROBLEM_YAML);
  g_assert_nonnull (strstr (postings_document_get_problem (control)->message, "control character"));
  g_assert_cmpint (postings_document_get_state (bom), ==, POSTINGS_DOCUMENT_OK);
}

/* A refused edit restores every byte, those after a NUL in the body too. */
static void
test_refused_edit_keeps_nul (void)
{
  static const char text[] = "---\nroles: &r Dev\ntitle: *r\n---\nA\0B\xFF\n";
  g_autoptr(PostingsDocument) doc = postings_document_new_from_data (text, sizeof text - 1);
  g_autoptr(GError) error = NULL;
  const char *now;
  gsize len;

  g_assert_cmpint (postings_document_get_state (doc), ==, POSTINGS_DOCUMENT_OK);
  g_assert_false (postings_document_set_value (doc, "roles", "Designer", POSTINGS_VALUE_TEXT, &error));
  g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_INVALID_EDIT);
  now = postings_document_get_text (doc, &len);
  g_assert_cmpmem (now, len, text, sizeof text - 1);
}

/* 20,000 keys written on one line: read in linear time; an edit cannot
 * change one of them without the others' line, so it is refused, at once. */
static void
test_many_keys_one_line (void)
{
  g_autoptr(GString) text = g_string_new ("---\n{roles: Dev");
  g_autoptr(PostingsDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (text, ", k%u: %u", i, i);
  g_string_append (text, "}\n---\nTexte.\n");
  doc = postings_document_new_from_data (text->str, (gssize) text->len);
  before = g_strdup (text->str);
  g_assert_cmpuint (postings_document_get_n_entries (doc), ==, 20001);
  g_assert_cmpstr (postings_document_get_string (doc, "k19999"), ==, "19999");
  g_assert_cmpuint (postings_document_get_entry (doc, 20000)->entry_span.start, ==, 4);
  g_assert_cmpuint (postings_document_get_entry (doc, 20000)->entry_span.end, ==, text->len - strlen ("---\nTexte.\n"));
  g_assert_false (postings_document_set_value (doc, "k5", "cinq", POSTINGS_VALUE_TEXT, &error));
  g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_INVALID_EDIT);
  g_assert_cmpstr (postings_document_get_text (doc, NULL), ==, before);
}

/* Lookups and duplicates by hash: the last of a repeated key wins, and
 * every earlier one points at it. */
static void
test_many_keys (void)
{
  g_autoptr(GString) text = g_string_new ("---\n");
  g_autoptr(PostingsDocument) doc = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (text, "k%u: %u\n", i % 10000, i);
  g_string_append (text, "---\nTexte.\n");
  doc = postings_document_new_from_data (text->str, (gssize) text->len);
  g_assert_cmpuint (postings_document_get_n_entries (doc), ==, 20000);
  g_assert_cmpstr (postings_document_get_string (doc, "k42"), ==, "10042");
  g_assert_cmpuint (postings_document_get_entry (doc, 42)->shadowed_by_line, ==, 10044);
  g_assert_cmpuint (postings_document_get_entry (doc, 10042)->shadowed_by_line, ==, 0);
  g_assert_true (postings_document_set_value (doc, "k9999", "neuf", POSTINGS_VALUE_TEXT, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (postings_document_get_string (doc, "k9999"), ==, "neuf");
  g_assert_cmpstr (postings_document_get_string (doc, "k9998"), ==, "19998");
}

static void
test_plain_is_text (void)
{
  g_assert_true (postings_yaml_plain_is_text ("Développeur"));
  g_assert_true (postings_yaml_plain_is_text ("v2 of the API"));
  g_assert_false (postings_yaml_plain_is_text ("TRUE"));
  g_assert_false (postings_yaml_plain_is_text ("~"));
  g_assert_false (postings_yaml_plain_is_text ("-3.5e2"));
  g_assert_false (postings_yaml_plain_is_text ("0x1F"));
  g_assert_false (postings_yaml_plain_is_text ("2021-11-24T11:04:26.278Z"));
  g_assert_false (postings_yaml_plain_is_text (":symbol"));
  g_assert_false (postings_yaml_plain_is_text (""));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/document/split/basic", test_split_basic);
  g_test_add_func ("/document/split/jekyll-rule", test_split_jekyll_rule);
  g_test_add_func ("/document/round-trip/bytes", test_round_trip_bytes);
  g_test_add_func ("/document/spans/utf8", test_spans_utf8);
  g_test_add_func ("/document/set/plain", test_set_plain);
  g_test_add_func ("/document/set/quoting", test_set_quoting);
  g_test_add_func ("/document/set/keeps-quote-style", test_set_keeps_quote_style);
  g_test_add_func ("/document/set/long-not-folded", test_set_long_not_folded);
  g_test_add_func ("/document/set/newline", test_set_newline_value);
  g_test_add_func ("/document/set/boolean-and-date", test_set_boolean_and_date);
  g_test_add_func ("/document/set/null-value", test_set_null_value);
  g_test_add_func ("/document/get/quoted-true-is-text", test_quoted_true_is_text);
  g_test_add_func ("/document/add/crlf", test_crlf_add_key);
  g_test_add_func ("/document/add/position", test_add_key_position);
  g_test_add_func ("/document/add/empty-front-matter", test_add_key_empty_front_matter);
  g_test_add_func ("/document/comments", test_comments_kept);
  g_test_add_func ("/document/list/block", test_block_list);
  g_test_add_func ("/document/list/flow", test_flow_list);
  g_test_add_func ("/document/list/scalar-refused", test_list_on_scalar_refused);
  g_test_add_func ("/document/list/new", test_set_list_new);
  g_test_add_func ("/document/remove", test_remove_key);
  g_test_add_func ("/document/rename", test_rename_key);
  g_test_add_func ("/document/duplicates", test_duplicates);
  g_test_add_func ("/document/refuse-bad-edit", test_refuse_bad_edit);
  g_test_add_func ("/document/broken/located", test_broken_located);
  g_test_add_func ("/document/front-matter/set", test_set_front_matter);
  g_test_add_func ("/document/changed-signal", test_changed_signal);
  g_test_add_func ("/document/plain-is-text", test_plain_is_text);
  g_test_add_func ("/document/bounds/depth", test_bounds_depth);
  g_test_add_func ("/document/bounds/not-nesting", test_bounds_not_nesting);
  g_test_add_func ("/document/bounds/size", test_bounds_size);
  g_test_add_func ("/document/bounds/encoding", test_bounds_encoding);
  g_test_add_func ("/document/many-keys", test_many_keys);
  g_test_add_func ("/document/many-keys/one-line", test_many_keys_one_line);
  g_test_add_func ("/document/refuse-bad-edit/keeps-nul", test_refused_edit_keeps_nul);

  return g_test_run ();
}
