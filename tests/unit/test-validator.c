/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The validator: each rule on a posting that breaks it and on one that
 * does not; each fix applied and its exact result. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "postings-core.h"
#include "postings-utf8.h"

/* A posting with nothing to say about it (under GOOD_NAME). */
#define GOOD_HEAD "---\nroles: Développeur ou développeuse\nopen: true\ndate: 2024-03-15\n"
#define GOOD_BODY "Intro.\n\n<!--more-->\n\n## Mission\n\nTexte.\n"
#define GOOD GOOD_HEAD "---\n" GOOD_BODY
#define GOOD_NAME "2024-03-15-developpeur.ou.developpeuse.md"

static GPtrArray *
validate_full (const char *text, const char *file_name, GFile *root)
{
  g_autoptr(PostingsDocument) doc = postings_document_new_from_data (text, -1);

  return postings_validate (doc, NULL, root, file_name);
}

static GPtrArray *
validate (const char *text, const char *file_name)
{
  return validate_full (text, file_name, NULL);
}

static PostingsDiagnostic *
find_rule (GPtrArray *diagnostics, const char *rule)
{
  for (guint i = 0; i < diagnostics->len; i++)
    {
      PostingsDiagnostic *d = g_ptr_array_index (diagnostics, i);
      if (g_str_equal (d->rule, rule))
        return d;
    }
  return NULL;
}

static guint
count_rule (GPtrArray *diagnostics, const char *rule)
{
  guint n = 0;

  for (guint i = 0; i < diagnostics->len; i++)
    if (g_str_equal (((PostingsDiagnostic *) g_ptr_array_index (diagnostics, i))->rule, rule))
      n++;
  return n;
}

static char *
describe (GPtrArray *diagnostics)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < diagnostics->len; i++)
    {
      PostingsDiagnostic *d = g_ptr_array_index (diagnostics, i);
      g_string_append_printf (s, "  %u:%u %s [%s] %s\n", d->line, d->column,
                              postings_severity_to_string (d->severity), d->rule, d->message);
    }
  return g_string_free (s, FALSE);
}

static void
test_clean_posting (void)
{
  g_autoptr(GPtrArray) diagnostics = validate (GOOD, GOOD_NAME);
  g_autofree char *text = describe (diagnostics);

  if (diagnostics->len != 0)
    g_test_message ("unexpected diagnostics:\n%s", text);
  g_assert_cmpuint (diagnostics->len, ==, 0);
}

/* ------------------------------------------------------------------ */
/* One case per rule                                                    */

typedef struct
{
  const char *rule;
  const char *bad;          /* breaks the rule */
  const char *bad_name;     /* file name it is validated under */
  guint line;               /* line of the diagnostic */
  guint column;
  PostingsSeverity severity;
  const char *good;         /* does not break it */
  const char *good_name;
  gsize bad_len;            /* length of @bad when it holds NUL, else 0 */
} RuleCase;

#define BRACKETS_16 "[[[[[[[[[[[[[[[["
#define CLOSING_16 "]]]]]]]]]]]]]]]]"

static const RuleCase rule_cases[] = {
  { "empty-file", "", GOOD_NAME, 1, 1, POSTINGS_SEVERITY_ERROR, GOOD, GOOD_NAME },
  { "no-front-matter", "Un texte sans en-tête.\n\nSuite.\n", GOOD_NAME, 1, 1, POSTINGS_SEVERITY_ERROR, GOOD, GOOD_NAME },
  { "blank-before-front-matter", "\n\n" GOOD, GOOD_NAME, 1, 1, POSTINGS_SEVERITY_ERROR, GOOD, GOOD_NAME },
  { "text-before-front-matter", "# Développeur\n\n" GOOD, GOOD_NAME, 1, 1, POSTINGS_SEVERITY_ERROR, GOOD, GOOD_NAME },
  { "missing-opening-delimiter", "roles: Dev\nopen: true\n---\nTexte.\n", GOOD_NAME, 1, 1, POSTINGS_SEVERITY_ERROR, GOOD, GOOD_NAME },
  { "bad-opening-delimiter", "----\nroles: Dev\nopen: true\n---\nTexte.\n", GOOD_NAME, 1, 1, POSTINGS_SEVERITY_ERROR, GOOD, GOOD_NAME },
  { "missing-closing-delimiter", "---\nroles: Dev\nopen: true\n\nTexte de l'offre.\n", GOOD_NAME, 4, 1, POSTINGS_SEVERITY_ERROR, GOOD, GOOD_NAME },
  { "front-matter-unreadable", "---\nroles: Dev : senior\nopen: true\n---\nTexte.\n", GOOD_NAME, 2, 12, POSTINGS_SEVERITY_ERROR, GOOD, GOOD_NAME },
  { "front-matter-not-a-mapping", "---\n- roles\n- open\n---\nTexte.\n", GOOD_NAME, 2, 1, POSTINGS_SEVERITY_ERROR, GOOD, GOOD_NAME },
  { "duplicate-key", GOOD_HEAD "open: false\n---\n" GOOD_BODY, GOOD_NAME, 3, 1, POSTINGS_SEVERITY_ERROR, GOOD, GOOD_NAME },
  { "quoted-boolean", "---\nroles: Dev\nopen: \"true\"\n---\n" GOOD_BODY, NULL, 3, 7, POSTINGS_SEVERITY_ERROR,
    "---\nroles: Dev\nopen: true\n---\n" GOOD_BODY, NULL },
  { "wrong-type", "---\nroles: Dev\nopen: oui\n---\n" GOOD_BODY, NULL, 3, 7, POSTINGS_SEVERITY_ERROR,
    "---\nroles: Dev\nopen: yes\n---\n" GOOD_BODY, NULL },
  { "invalid-date", GOOD_HEAD "depublication_date: 2024-13-45\n---\n" GOOD_BODY, GOOD_NAME, 5, 21, POSTINGS_SEVERITY_ERROR,
    GOOD_HEAD "depublication_date: 2024-06-30T10:00:00.000Z\n---\n" GOOD_BODY, GOOD_NAME },
  { "date-order", GOOD_HEAD "depublication_date: 2024-03-01\n---\n" GOOD_BODY, GOOD_NAME, 5, 21, POSTINGS_SEVERITY_ERROR,
    GOOD_HEAD "depublication_date: 2024-03-15\n---\n" GOOD_BODY, GOOD_NAME },
  { "offer-expired", GOOD_HEAD "poste_ferme: 2024-03-31\n---\n" GOOD_BODY, GOOD_NAME, 3, 7, POSTINGS_SEVERITY_WARNING,
    GOOD_HEAD "poste_ferme: 2999-12-31\n---\n" GOOD_BODY, GOOD_NAME },
  { "invalid-email", GOOD_HEAD "contact: recrutement at example.gouv.fr\n---\n" GOOD_BODY, GOOD_NAME, 5, 10, POSTINGS_SEVERITY_ERROR,
    GOOD_HEAD "contact: recrutement@example.gouv.fr\n---\n" GOOD_BODY, GOOD_NAME },
  { "invalid-url", GOOD_HEAD "externalURL: www.example.gouv.fr/offre\n---\n" GOOD_BODY, GOOD_NAME, 5, 14, POSTINGS_SEVERITY_ERROR,
    GOOD_HEAD "externalURL: https://www.example.gouv.fr/offre\n---\n" GOOD_BODY, GOOD_NAME },
  { "insecure-url", GOOD_HEAD "externalURL: http://www.example.gouv.fr/offre\n---\n" GOOD_BODY, GOOD_NAME, 5, 14, POSTINGS_SEVERITY_WARNING,
    GOOD_HEAD "externalURL: https://www.example.gouv.fr/offre\n---\n" GOOD_BODY, GOOD_NAME },
  { "invalid-choice", GOOD_HEAD "domaines:\n  - Développement\n  - Cuisine\n---\n" GOOD_BODY, GOOD_NAME, 7, 5, POSTINGS_SEVERITY_WARNING,
    GOOD_HEAD "domaines:\n  - Développement\n  - Design\n---\n" GOOD_BODY, GOOD_NAME },
  { "required-field", "---\nopen: true\ndate: 2024-03-15\n---\n" GOOD_BODY, NULL, 1, 1, POSTINGS_SEVERITY_ERROR, GOOD, NULL },
  { "unknown-key", GOOD_HEAD "externalUrl: https://example.gouv.fr\n---\n" GOOD_BODY, GOOD_NAME, 5, 1, POSTINGS_SEVERITY_WARNING,
    GOOD_HEAD "externalURL: https://example.gouv.fr\nlayout: job\n---\n" GOOD_BODY, GOOD_NAME },
  { "comment-as-value", GOOD_HEAD "startup: #mobilic\n---\n" GOOD_BODY, GOOD_NAME, 5, 10, POSTINGS_SEVERITY_WARNING,
    GOOD_HEAD "startup: # identifiant du produit\n---\n" GOOD_BODY, GOOD_NAME },
  { "file-name-extension", GOOD, "2024-03-15-developpeur.ou.developpeuse", 1, 1, POSTINGS_SEVERITY_ERROR, GOOD, GOOD_NAME },
  { "file-name-format", GOOD, "offre développeur.md", 1, 1, POSTINGS_SEVERITY_WARNING, GOOD, "2024-03-15-Offre_dev-2.md" },
  { "file-name-date", GOOD, "2024-03-01-developpeur.md", 1, 1, POSTINGS_SEVERITY_WARNING,
    GOOD_HEAD "---\n" GOOD_BODY, "2024-03-15-developpeur.md" },
  { "empty-body", GOOD "", NULL, 0, 0, POSTINGS_SEVERITY_WARNING, GOOD, NULL },
  { "missing-excerpt", GOOD_HEAD "---\nIntro.\n\n## Mission\n", GOOD_NAME, 6, 1, POSTINGS_SEVERITY_SUGGESTION, GOOD, GOOD_NAME },
  { "heading-level-1", GOOD_HEAD "---\nIntro.\n\n<!--more-->\n\n# Mission\n", GOOD_NAME, 10, 1, POSTINGS_SEVERITY_SUGGESTION,
    GOOD_HEAD "---\nIntro.\n\n<!--more-->\n\n```\n# not a title in a code block\n```\n\n    # nor in indented code\n", GOOD_NAME },
  { "empty-link", GOOD_HEAD "---\nIntro.\n\n<!--more-->\n\nPostulez [ici]() ou voyez [](https://beta.gouv.fr).\n", GOOD_NAME, 10, 10, POSTINGS_SEVERITY_WARNING,
    GOOD_HEAD "---\nIntro.\n\n<!--more-->\n\nPostulez [ici](https://beta.gouv.fr/postuler).\n", GOOD_NAME },
  { "point-median", GOOD_HEAD "---\nIntro.\n\n<!--more-->\n\nNous cherchons un·e développeur·se.\n", GOOD_NAME, 10, 18, POSTINGS_SEVERITY_SUGGESTION,
    GOOD, GOOD_NAME },
  { "embedded-image", GOOD_HEAD "---\nIntro.\n\n<!--more-->\n\nLogo ![](data:image/gif;base64,R0lGODlhAQABAAAAACw=)\n", GOOD_NAME, 10, 10,
    POSTINGS_SEVERITY_SUGGESTION, GOOD_HEAD "---\nIntro.\n\n<!--more-->\n\nLogo ![](/img/jobs/logo.gif)\n", GOOD_NAME },
  { "template-text", GOOD_HEAD "---\nIntro.\n\n<!--more-->\n\n## La mission\n\nLes responsabilités confiées et les premiers chantiers.\n", GOOD_NAME, 12, 1,
    POSTINGS_SEVERITY_WARNING,
    GOOD_HEAD "---\nIntro.\n\n<!--more-->\n\n## La mission\n\nLes responsabilités confiées : piloter le déploiement.\n", GOOD_NAME },
  { "word-processor-marker", GOOD_HEAD "---\n<!--StartFragment-->\nIntro.\n\n<!--more-->\n", GOOD_NAME, 6, 1, POSTINGS_SEVERITY_WARNING,
    GOOD_HEAD "---\nIntro.\n\n<!--more-->\n\n<!-- un commentaire -->\n", GOOD_NAME },
  /* built by test_rule(): a header of more than 1 MB */
  { "front-matter-too-large", NULL, GOOD_NAME, 2, 1, POSTINGS_SEVERITY_ERROR, GOOD, GOOD_NAME },
  /* 64 nested lists under a key: 65 levels */
  { "front-matter-too-deep", GOOD_HEAD "tags: " BRACKETS_16 BRACKETS_16 BRACKETS_16 BRACKETS_16 "x"
    CLOSING_16 CLOSING_16 CLOSING_16 CLOSING_16 "\n---\n" GOOD_BODY, GOOD_NAME, 5, 70, POSTINGS_SEVERITY_ERROR,
    GOOD_HEAD "tags: " BRACKETS_16 BRACKETS_16 BRACKETS_16 "[[[[[[[[[[[[[[[x" CLOSING_16 CLOSING_16 CLOSING_16
    "]]]]]]]]]]]]]]]\n---\n" GOOD_BODY, GOOD_NAME },
  { "invalid-utf8", GOOD_HEAD "---\nIntro \xff.\n\n<!--more-->\n\n## Mission\n\nTexte.\n", GOOD_NAME, 6, 7, POSTINGS_SEVERITY_ERROR,
    "\xEF\xBB\xBF" GOOD, GOOD_NAME },
  { "nul-byte", GOOD_HEAD "---\nIntro\0.\n\n<!--more-->\n\n## Mission\n\nTexte.\n", GOOD_NAME, 6, 6, POSTINGS_SEVERITY_ERROR,
    GOOD, GOOD_NAME, sizeof (GOOD_HEAD "---\nIntro\0.\n\n<!--more-->\n\n## Mission\n\nTexte.\n") - 1 },
  { "site-renders-differently", GOOD_HEAD "---\nIntro.\n\n<!--more-->\n\n- Un point\n## Profil\n", GOOD_NAME, 11, 1,
    POSTINGS_SEVERITY_SUGGESTION, GOOD_HEAD "---\nIntro.\n\n<!--more-->\n\n- Un point\n\n## Profil\n", GOOD_NAME },
};

/* A posting made from the template and not written yet gets one warning per
 * placeholder; each section written removes its warning; a template section
 * left empty is flagged, one with only subsections is not. */
static void
test_template_text (void)
{
  g_autoptr(GBytes) bytes = postings_template_get_bytes ();
  g_autofree char *template = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GPtrArray) untouched = validate (template, GOOD_NAME);
  g_autoptr(GString) written = g_string_new (template);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) empty = NULL;
  g_autoptr(GPtrArray) nested = NULL;
  guint n_paragraphs = 0;
  PostingsDiagnostic *d;

  /* the template's own paragraphs, counted from its text: lines of prose
   * that are neither a title, the marker, nor the header */
  {
    g_auto(GStrv) lines = g_strsplit (template, "\n", -1);
    guint dashes = 0;

    for (guint i = 0; lines[i] != NULL; i++)
      {
        if (g_str_equal (lines[i], "---"))
          dashes++;
        else if (dashes >= 2 && lines[i][0] != '\0' && lines[i][0] != '#' && lines[i][0] != '<')
          n_paragraphs++;
      }
  }
  g_assert_cmpuint (n_paragraphs, >=, 5);
  g_assert_cmpuint (count_rule (untouched, "template-text"), ==, n_paragraphs);
  d = find_rule (untouched, "template-text");
  g_assert_cmpint (d->severity, ==, POSTINGS_SEVERITY_WARNING);
  g_assert_nonnull (strstr (d->message, "summary"));

  /* write the mission: one warning fewer, none naming it */
  g_string_replace (written, "Les responsabilités confiées et les premiers chantiers.",
                    "Piloter le déploiement du service dans trois régions.", 1);
  after = validate (written->str, GOOD_NAME);
  g_assert_cmpuint (count_rule (after, "template-text"), ==, n_paragraphs - 1);
  for (guint i = 0; i < after->len; i++)
    g_assert_null (strstr (((PostingsDiagnostic *) g_ptr_array_index (after, i))->message, "La mission"));

  empty = validate (GOOD_HEAD "---\nIntro.\n\n<!--more-->\n\n## Le produit\n\n## Ailleurs\n\nTexte.\n", GOOD_NAME);
  d = find_rule (empty, "template-text");
  g_assert_nonnull (d);
  g_assert_cmpuint (d->line, ==, 10);
  g_assert_nonnull (strstr (d->message, "Le produit"));

  nested = validate (GOOD_HEAD "---\nIntro.\n\n<!--more-->\n\n## Le produit\n\n### Sa valeur\n\nTexte.\n", GOOD_NAME);
  g_assert_null (find_rule (nested, "template-text"));
}

/* Words a user of the form should not have to read: line numbers, file
 * syntax (`key: value`), jargon. */
static void
assert_plain_words (const char *text)
{
  g_autoptr(GRegex) jargon = g_regex_new ("\\blines? [0-9]|YAML|front matter|header line|“[A-Za-z_]+: ",
                                          G_REGEX_CASELESS, 0, NULL);

  if (text == NULL)
    return;
  if (g_regex_match (jargon, text, 0, NULL))
    g_error ("not plain words: %s", text);
}

static void
test_rule (gconstpointer data)
{
  const RuleCase *c = data;
  g_autoptr(GPtrArray) bad = NULL;
  g_autoptr(GPtrArray) good = NULL;
  g_autofree char *bad_text = NULL;
  g_autofree char *good_text = NULL;
  const char *bad_source = c->bad;
  g_autofree char *empty_body = NULL;
  g_autoptr(PostingsDocument) bad_doc = NULL;
  PostingsDiagnostic *d;

  /* empty-body: the good head with nothing after the closing line */
  if (g_str_equal (c->rule, "empty-body"))
    bad_source = empty_body = g_strdup (GOOD_HEAD "---\n\n");
  if (g_str_equal (c->rule, "front-matter-too-large"))
    {
      g_autofree char *filler = g_strnfill (POSTINGS_FRONT_MATTER_MAX_SIZE, 'a');

      bad_source = empty_body = g_strconcat (GOOD_HEAD "title: ", filler, "\n---\n" GOOD_BODY, NULL);
    }

  bad_doc = postings_document_new_from_data (bad_source, c->bad_len > 0 ? (gssize) c->bad_len : -1);
  bad = postings_validate (bad_doc, NULL, NULL, c->bad_name);
  bad_text = describe (bad);
  g_test_message ("breaking %s:\n%s", c->rule, bad_text);
  d = find_rule (bad, c->rule);
  g_assert_nonnull (d);
  g_assert_cmpint (d->severity, ==, c->severity);
  if (c->line != 0)
    {
      g_assert_cmpuint (d->line, ==, c->line);
      g_assert_cmpuint (d->column, ==, c->column);
    }
  g_assert_nonnull (d->message);
  g_assert_cmpuint (strlen (d->message), >, 20);
  /* Read in the form: plain words. (A header that does not read is
   * explained beside the raw text, where a line number is where to look.) */
  if (postings_document_get_state (bad_doc) == POSTINGS_DOCUMENT_OK)
    for (guint i = 0; i < bad->len; i++)
      {
        PostingsDiagnostic *each = g_ptr_array_index (bad, i);

        assert_plain_words (each->message);
        assert_plain_words (each->fix_label);
      }

  good = validate (c->good, c->good_name);
  good_text = describe (good);
  g_test_message ("not breaking %s:\n%s", c->rule, good_text);
  g_assert_null (find_rule (good, c->rule));
}

/* Each rule of the table has a case (and only known rules are used). */
static void
test_rule_table_covered (void)
{
  guint n_rules;
  const PostingsRuleInfo *rules = postings_validator_get_rules (&n_rules);

  for (guint i = 0; i < n_rules; i++)
    {
      /* tested with a repository (test_unknown_reference) and by the
       * folder walk (tests/unit/test-site.c) */
      gboolean found = g_str_equal (rules[i].id, "unknown-reference") ||
                       g_str_equal (rules[i].id, "skipped-entry");

      for (guint j = 0; j < G_N_ELEMENTS (rule_cases) && !found; j++)
        found = g_str_equal (rule_cases[j].rule, rules[i].id);
      if (!found)
        g_test_message ("rule without a test case: %s", rules[i].id);
      g_assert_true (found);
    }
}

static void
test_rule_details (void)
{
  g_autoptr(GPtrArray) dup = validate (GOOD_HEAD "open: false\n---\n" GOOD_BODY, GOOD_NAME);
  g_autoptr(GPtrArray) list = validate ("---\nroles: [Dev, Ops]\nopen: true\n---\n" GOOD_BODY, NULL);
  g_autoptr(GPtrArray) empty = validate ("---\nroles:\nopen: true\n---\n" GOOD_BODY, NULL);
  g_autoptr(GPtrArray) dup3 = validate (GOOD_HEAD "open: false\nopen: true\n---\n" GOOD_BODY, GOOD_NAME);
  g_autoptr(GPtrArray) no_open = validate ("---\nroles: Dev\n---\n" GOOD_BODY, NULL);
  g_autoptr(GPtrArray) empty_open = validate ("---\nroles: Dev\nopen:\n---\n" GOOD_BODY, NULL);
  g_autoptr(GPtrArray) friend = validate (GOOD_HEAD "type: friend\n---\n" GOOD_BODY, GOOD_NAME);
  g_autoptr(GPtrArray) alias = validate ("---\nrole: Dev\nopen: true\n---\n" GOOD_BODY, NULL);
  g_autoptr(GPtrArray) typo = validate (GOOD_HEAD "junoir: true\nfoo: bar\n---\n" GOOD_BODY, GOOD_NAME);
  g_autoptr(GPtrArray) links = validate (GOOD_HEAD "---\nIntro.\n\n<!--more-->\n\nPostulez [ici]() ou voyez [](https://beta.gouv.fr).\n", GOOD_NAME);
  g_autoptr(GPtrArray) timestamps = validate ("---\nroles: Dev\nopen: true\ndate: 2021-11-24T11:04:26.278Z\n"
                                              "depublication_date: 2022-1-02\npost_ouvert: 2021-02-01\n"
                                              "poste_ferme: 2021-11-24T9:04:26Z\n---\n" GOOD_BODY, NULL);
  PostingsDiagnostic *d;

  /* duplicate: on the earlier line, pointing at the later one; the
   * message names the field by its label */
  d = find_rule (dup, "duplicate-key");
  g_assert_cmpuint (d->related_line, ==, 5);
  g_assert_cmpstr (d->message, ==, "“Open position” is written twice; the site only uses the second value. Delete the first.");
  g_assert_cmpstr (d->fix_label, ==, "Delete the first value of “Open position”, which the site ignores");
  g_assert_cmpstr (d->key, ==, "open");
  g_assert_cmpint (d->fix_kind, ==, POSTINGS_FIX_EDIT);

  /* a list where one value is expected */
  d = find_rule (list, "wrong-type");
  g_assert_nonnull (d);
  g_assert_cmpuint (d->line, ==, 2);
  g_assert_cmpstr (d->key, ==, "roles");

  /* required: empty counts as missing, at its line */
  d = find_rule (empty, "required-field");
  g_assert_nonnull (d);
  g_assert_cmpuint (d->line, ==, 2);
  g_assert_cmpstr (d->message, ==, "“Job title” is empty: the site needs a value. Fill it in.");

  /* a missing switch: turn it on, not "add a line" */
  d = find_rule (no_open, "required-field");
  g_assert_nonnull (d);
  g_assert_cmpstr (d->key, ==, "open");
  g_assert_cmpstr (d->message, ==, "“Open position” is missing: the site needs it. Turn on “Open position” in the form.");
  d = find_rule (empty_open, "required-field");
  g_assert_nonnull (d);
  g_assert_cmpstr (d->message, ==, "“Open position” has no value: the site needs one. Turn its switch on or off in the form.");

  /* type: friend needs friend (error) and externalURL (warning) */
  g_assert_cmpuint (count_rule (friend, "required-field"), ==, 2);
  g_assert_cmpuint (postings_validator_count (friend, POSTINGS_SEVERITY_ERROR), ==, 1);
  d = find_rule (friend, "required-field");
  g_assert_true (g_str_equal (d->key, "friend") || g_str_equal (d->key, "externalURL"));

  /* a schema alias: roles missing, and role → roles offered */
  d = find_rule (alias, "unknown-key");
  g_assert_nonnull (d);
  g_assert_cmpint (d->fix_kind, ==, POSTINGS_FIX_EDIT);
  g_assert_cmpstr (d->message, ==, "The site does not know the field “role”, so it ignores it. Did you mean “Job title” (roles)? Rename it.");
  g_assert_cmpstr (d->fix_label, ==, "Rename “role” to “Job title” (roles)");
  g_assert_nonnull (find_rule (alias, "required-field"));

  /* three times: the others go */
  d = find_rule (dup3, "duplicate-key");
  g_assert_cmpstr (d->message, ==, "“Open position” is written 3 times; the site only uses the last value. Delete the others.");
  g_assert_cmpuint (count_rule (dup3, "duplicate-key"), ==, 2);

  /* edit distance: junoir → junior (warning with fix); foo: suggestion only */
  g_assert_cmpuint (count_rule (typo, "unknown-key"), ==, 2);
  d = g_ptr_array_index (typo, 0);
  for (guint i = 0; i < typo->len; i++)
    {
      d = g_ptr_array_index (typo, i);
      if (g_str_equal (d->key, "junoir"))
        {
          g_assert_cmpint (d->severity, ==, POSTINGS_SEVERITY_WARNING);
          g_assert_cmpstr (d->message, ==, "The site does not know the field “junoir”, so it ignores it. "
                           "Did you mean “Open to junior profiles” (junior)? Rename it.");
          g_assert_cmpint (d->fix_kind, ==, POSTINGS_FIX_EDIT);
          /* a guess: offered, not applied by itself */
          g_assert_false (d->fix_automatic);
        }
      else if (g_str_equal (d->key, "foo"))
        {
          g_assert_cmpint (d->severity, ==, POSTINGS_SEVERITY_SUGGESTION);
          g_assert_cmpint (d->fix_kind, ==, POSTINGS_FIX_NONE);
          /* a key the schema does not know has no label: its key is the word */
          g_assert_cmpstr (d->message, ==, "The site does not use the field “foo”. Check its name, or delete it if it is not needed.");
        }
    }

  /* both kinds of empty links, each at its column */
  g_assert_cmpuint (count_rule (links, "empty-link"), ==, 2);
  d = g_ptr_array_index (links, links->len - 1);
  g_assert_cmpstr (d->rule, ==, "empty-link");
  g_assert_cmpuint (d->line, ==, 10);
  g_assert_cmpuint (d->column, ==, 27);

  /* timestamps as the CMS wrote them are dates; 2022-1-02 is not */
  g_assert_cmpuint (count_rule (timestamps, "invalid-date"), ==, 1);
  g_assert_cmpuint (find_rule (timestamps, "invalid-date")->line, ==, 5);
  /* post_ouvert is an alias of poste_ouvert, not checked as a date */
  g_assert_nonnull (find_rule (timestamps, "unknown-key"));
}

/* Columns count characters, lines are lines of the file. */
static void
test_positions (void)
{
  g_autoptr(GPtrArray) d1 = validate ("---\nroles: Développeur é : senior\nopen: true\n---\n" GOOD_BODY, NULL);
  g_autoptr(GPtrArray) d2 = validate (GOOD_HEAD "---\n\nIntro é·e.\n\n<!--more-->\n", GOOD_NAME);
  PostingsDiagnostic *d;

  d = find_rule (d1, "front-matter-unreadable");
  g_assert_cmpuint (d->line, ==, 2);
  g_assert_cmpuint (d->column, ==, 22);  /* the “:”, in characters (byte 24) */

  d = find_rule (d2, "point-median");
  g_assert_cmpuint (d->line, ==, 7);
  g_assert_cmpuint (d->column, ==, 8);
  /* the span underlines the character itself */
  g_assert_cmpuint (d->span.end - d->span.start, ==, strlen ("·"));
}

static void
test_sorted (void)
{
  g_autoptr(GPtrArray) diagnostics = validate ("---\nroles: Dev·e\nrole: x\nopen: \"false\"\nopen: true\n---\n# Titre\n\nUn·e [](x)\n",
                                               "bad name.md");

  g_assert_cmpuint (diagnostics->len, >=, 5);
  for (guint i = 1; i < diagnostics->len; i++)
    {
      PostingsDiagnostic *a = g_ptr_array_index (diagnostics, i - 1);
      PostingsDiagnostic *b = g_ptr_array_index (diagnostics, i);
      g_assert_true (a->line < b->line || (a->line == b->line && a->column <= b->column));
    }
}

/* The reference rule needs the repository; a startup file must exist. */
static void
test_rule_unknown_reference (void)
{
  g_autoptr(GFile) root = g_file_new_for_path (g_test_get_filename (G_TEST_DIST, "data", "validator", "repo", NULL));
  g_autoptr(GPtrArray) bad = validate_full (GOOD_HEAD "startup: francefonnect\n---\n" GOOD_BODY, GOOD_NAME, root);
  g_autoptr(GPtrArray) good = validate_full (GOOD_HEAD "startup: franceconnect\n---\n" GOOD_BODY, GOOD_NAME, root);
  g_autoptr(GPtrArray) no_root = validate (GOOD_HEAD "startup: francefonnect\n---\n" GOOD_BODY, GOOD_NAME);
  PostingsDiagnostic *d = find_rule (bad, "unknown-reference");

  g_assert_nonnull (d);
  g_assert_cmpint (d->severity, ==, POSTINGS_SEVERITY_ERROR);
  g_assert_cmpuint (d->line, ==, 5);
  g_assert_cmpuint (d->column, ==, 10);
  g_assert_nonnull (strstr (d->message, "“franceconnect”"));  /* the likely one */
  g_assert_null (find_rule (good, "unknown-reference"));
  g_assert_null (find_rule (no_root, "unknown-reference"));
}

/* ------------------------------------------------------------------ */
/* Fixes                                                                */

typedef struct
{
  const char *name;
  const char *rule;
  const char *before;
  const char *after;    /* exact text once this one fix is applied */
} FixCase;

static const FixCase fix_cases[] = {
  { "quote-single", "front-matter-unreadable",
    "---\nroles: Dev : senior\nopen: true\n---\nTexte.\n",
    "---\nroles: 'Dev : senior'\nopen: true\n---\nTexte.\n" },
  { "quote-double", "front-matter-unreadable",
    "---\ntitle: L'équipe recrute : un·e dev\nroles: Dev\nopen: true\n---\nTexte.\n",
    "---\ntitle: \"L'équipe recrute : un·e dev\"\nroles: Dev\nopen: true\n---\nTexte.\n" },
  { "quote-doubling", "front-matter-unreadable",
    "---\ntitle: L'équipe \"Tchap\" recrute : dev\nroles: Dev\nopen: true\n---\nTexte.\n",
    "---\ntitle: 'L''équipe \"Tchap\" recrute : dev'\nroles: Dev\nopen: true\n---\nTexte.\n" },
  { "quote-flow-start", "front-matter-unreadable",
    "---\nroles: Dev\nstartup: [Camino](https://beta.gouv.fr/startups/camino.html) \nopen: true\n---\nTexte.\n",
    "---\nroles: Dev\nstartup: '[Camino](https://beta.gouv.fr/startups/camino.html)' \nopen: true\n---\nTexte.\n" },
  { "space-after-colon", "front-matter-unreadable",
    "---\nroles: Dev\ncontact:rh@example.gouv.fr\nopen: true\n---\nTexte.\n",
    "---\nroles: Dev\ncontact: rh@example.gouv.fr\nopen: true\n---\nTexte.\n" },
  { "move-text-before", "text-before-front-matter",
    "# Développeur\n\n---\nroles: Dev\nopen: true\n---\n\n## Mission\n",
    "---\nroles: Dev\nopen: true\n---\n# Développeur\n\n\n## Mission\n" },
  { "move-text-before-separate", "text-before-front-matter",
    "Intro.\n---\nroles: Dev\nopen: true\n---\nSuite.\n",
    "---\nroles: Dev\nopen: true\n---\nIntro.\n\nSuite.\n" },
  { "move-text-before-crlf", "text-before-front-matter",
    "Intro.\r\n---\r\nroles: Dev\r\nopen: true\r\n---\r\nSuite.\r\n",
    "---\r\nroles: Dev\r\nopen: true\r\n---\r\nIntro.\r\n\r\nSuite.\r\n" },
  { "move-text-before-bom", "text-before-front-matter",
    "\xEF\xBB\xBFIntro.\n---\nroles: Dev\nopen: true\n---\nSuite.\n",
    "\xEF\xBB\xBF---\nroles: Dev\nopen: true\n---\nIntro.\n\nSuite.\n" },
  { "add-closing-crlf", "missing-closing-delimiter",
    "---\r\nroles: Dev\r\nopen: true\r\n\r\nTexte.\r\n",
    "---\r\nroles: Dev\r\nopen: true\r\n---\r\n\r\nTexte.\r\n" },
  { "quote-crlf", "front-matter-unreadable",
    "---\r\nroles: Dev : senior\r\nopen: true\r\n---\r\nTexte.\r\n",
    "---\r\nroles: 'Dev : senior'\r\nopen: true\r\n---\r\nTexte.\r\n" },
  { "add-opening", "missing-opening-delimiter",
    "roles: Dev\nopen: true\n---\nTexte.\n",
    "---\nroles: Dev\nopen: true\n---\nTexte.\n" },
  { "add-closing", "missing-closing-delimiter",
    "---\nroles: Dev\nopen: true\n\nTexte de l'offre.\n",
    "---\nroles: Dev\nopen: true\n---\n\nTexte de l'offre.\n" },
  { "add-closing-at-end", "missing-closing-delimiter",
    "---\nroles: Dev\nopen: true",
    "---\nroles: Dev\nopen: true\n---\n" },
  { "unindent-closing", "missing-closing-delimiter",
    "---\n roles: Dev\n open: true\n ---\nTexte.\n",
    "---\n roles: Dev\n open: true\n---\nTexte.\n" },
  { "far-closing", "missing-closing-delimiter",
    "---\nroles: Dev\n\nopen: true\n  ---\nTexte.\n",
    "---\nroles: Dev\n\nopen: true\n---\nTexte.\n" },
  { "four-dashes", "bad-opening-delimiter",
    "----\nroles: Dev\nopen: true\n---\nTexte.\n",
    "---\nroles: Dev\nopen: true\n---\nTexte.\n" },
  { "indented-opening", "bad-opening-delimiter",
    " ---\nroles: Dev\nopen: true\n---\nTexte.\n",
    "---\nroles: Dev\nopen: true\n---\nTexte.\n" },
  { "drop-blank-lines", "blank-before-front-matter",
    "\n  \n---\nroles: Dev\nopen: true\n---\nTexte.\n",
    "---\nroles: Dev\nopen: true\n---\nTexte.\n" },
  { "remove-earlier-duplicate", "duplicate-key",
    "---\nroles: Dev\nopen: false\ndate: 2024-03-15\nopen: true\n---\nTexte.\n",
    "---\nroles: Dev\ndate: 2024-03-15\nopen: true\n---\nTexte.\n" },
  { "rename-key", "unknown-key",
    "---\nroles: Dev\nopen: true\nexternalUrl: https://example.gouv.fr # lien\n---\nTexte.\n",
    "---\nroles: Dev\nopen: true\nexternalURL: https://example.gouv.fr # lien\n---\nTexte.\n" },
  { "add-summary-end", "missing-excerpt",
    "---\nroles: Dev\nopen: true\n---\n\nIntro.\nSuite.\n\n## Mission\n",
    "---\nroles: Dev\nopen: true\n---\n\nIntro.\nSuite.\n\n<!--more-->\n\n## Mission\n" },
  { "add-summary-end-at-end", "missing-excerpt",
    "---\nroles: Dev\nopen: true\n---\nIntro.",
    "---\nroles: Dev\nopen: true\n---\nIntro.\n\n<!--more-->\n" },
  { "unquote-boolean", "quoted-boolean",
    "---\nroles: Dev\nopen: 'false' # pourvu\n---\nTexte.\n",
    "---\nroles: Dev\nopen: false # pourvu\n---\nTexte.\n" },
};

static void
count_change (guint *changes)
{
  (*changes)++;
}

static void
test_fix (gconstpointer data)
{
  const FixCase *c = data;
  g_autoptr(PostingsDocument) doc = postings_document_new_from_data (c->before, -1);
  g_autoptr(GPtrArray) diagnostics = postings_validate (doc, NULL, NULL, NULL);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = describe (diagnostics);
  PostingsDiagnostic *d = find_rule (diagnostics, c->rule);
  g_autofree char *before = g_strdup (postings_document_get_text (doc, NULL));
  guint changes = 0;
  gulong id;

  g_test_message ("diagnostics:\n%s", listing);
  g_assert_nonnull (d);
  g_assert_cmpint (d->fix_kind, ==, POSTINGS_FIX_EDIT);
  g_assert_nonnull (d->fix_label);
  id = g_signal_connect_swapped (doc, "changed", G_CALLBACK (count_change), &changes);
  g_assert_true (postings_diagnostic_apply_fix (d, doc, &error));
  g_assert_no_error (error);
  g_signal_handler_disconnect (doc, id);
  g_assert_cmpstr (postings_document_get_text (doc, NULL), ==, c->after);
  g_assert_cmpuint (changes, ==, 1);

  /* one problem of this kind less */
  after = postings_validate (doc, NULL, NULL, NULL);
  g_assert_cmpuint (count_rule (after, c->rule), <, count_rule (diagnostics, c->rule));

  /* undo, as the window does: restore the text */
  postings_document_set_text (doc, before, -1);
  g_assert_cmpstr (postings_document_get_text (doc, NULL), ==, c->before);
}

/* A fix computed for one text is refused once the text changed. */
static void
test_fix_stale (void)
{
  g_autoptr(PostingsDocument) doc = postings_document_new_from_data ("---\nroles: Dev\nopen: \"true\"\n---\nTexte.\n", -1);
  g_autoptr(GPtrArray) diagnostics = postings_validate (doc, NULL, NULL, NULL);
  PostingsDiagnostic *d = find_rule (diagnostics, "quoted-boolean");
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (d);
  g_assert_true (postings_document_set_value (doc, "roles", "Ops", POSTINGS_VALUE_TEXT, NULL));
  g_assert_false (postings_diagnostic_apply_fix (d, doc, &error));
  g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_INVALID_EDIT);
  g_assert_cmpstr (postings_document_get_text (doc, NULL), ==, "---\nroles: Ops\nopen: \"true\"\n---\nTexte.\n");
}

/* No fix where it would not be safe. */
static void
test_fix_not_offered (void)
{
  /* the value goes on on the next line: quoting one line would change it */
  g_autoptr(GPtrArray) multi = validate ("---\nroles: Dev : senior\n  et junior\nopen: true\n---\nTexte.\n", NULL);
  /* unbalanced quotes: what was meant is unclear */
  g_autoptr(GPtrArray) quotes = validate ("---\nroles: \"Dev\" senior\nopen: true\n---\nTexte.\n", NULL);
  /* `--- x`: the rest of the line would be lost */
  g_autoptr(GPtrArray) opening = validate ("--- roles: Dev\nopen: true\n---\nTexte.\n", NULL);
  /* no header to move the text under */
  g_autoptr(GPtrArray) none = validate ("Un texte.\n\nEt un autre.\n", NULL);
  /* the fields go on after an empty line and nothing closes them */
  g_autoptr(GPtrArray) open_end = validate ("---\nroles: Dev\n\nopen: true\nTexte: suite\n", NULL);
  /* renaming onto a key that is there already */
  g_autoptr(GPtrArray) taken = validate ("---\nroles: Dev\nrole: Ops\nopen: true\n---\nTexte.\n", NULL);
  PostingsDiagnostic *d;

  d = find_rule (multi, "front-matter-unreadable");
  g_assert_nonnull (d);
  g_assert_cmpint (d->fix_kind, ==, POSTINGS_FIX_NONE);
  d = find_rule (quotes, "front-matter-unreadable");
  g_assert_nonnull (d);
  g_assert_cmpint (d->fix_kind, ==, POSTINGS_FIX_NONE);
  g_assert_cmpuint (opening->len, >, 0);
  g_assert_cmpint (((PostingsDiagnostic *) g_ptr_array_index (opening, 0))->fix_kind, ==, POSTINGS_FIX_NONE);
  d = find_rule (none, "no-front-matter");
  g_assert_nonnull (d);
  g_assert_cmpint (d->fix_kind, ==, POSTINGS_FIX_NONE);
  d = find_rule (open_end, "missing-closing-delimiter");
  g_assert_nonnull (d);
  g_assert_cmpint (d->fix_kind, ==, POSTINGS_FIX_NONE);
  d = find_rule (taken, "unknown-key");
  g_assert_nonnull (d);
  g_assert_cmpint (d->fix_kind, ==, POSTINGS_FIX_NONE);
  g_assert_cmpuint (d->related_line, ==, 2);
}

/* `open: true` past the closing date: a warning with the date, whose fix
 * (close the offer: one line) is offered but never applied by fix_all
 * (`postings check --fix`). "Today" is POSTINGS_TODAY. */
static void
test_offer_expired (void)
{
  static const char *expired = "---\nroles: Dev\nopen: true # à fermer\ndate: 2024-03-01\n"
                               "depublication_date: 2024-03-31T16:54:35.037Z\n---\n" GOOD_BODY;
  static const struct { const char *text; gboolean expected; } cases[] = {
    { "---\nroles: Dev\nopen: true\ndepublication_date: 2024-04-01\n---\n" GOOD_BODY, FALSE },  /* closes today */
    { "---\nroles: Dev\nopen: false\ndepublication_date: 2024-03-01\n---\n" GOOD_BODY, FALSE }, /* closed */
    { "---\nroles: Dev\nopen: true\n---\n" GOOD_BODY, FALSE },                                 /* no date */
    { "---\nroles: Dev\nopen: true\npost_ouvert: 2021-01-01\nposte_ferme: 2022-02-22T23:00:00.000Z\n---\n" GOOD_BODY, TRUE },
    { "---\nroles: Dev\nopen: true\nposte_ferme: 2024-05-01\ndepublication_date: 2024-03-02\n---\n" GOOD_BODY, TRUE },
  };
  g_autoptr(PostingsDocument) doc = NULL;
  g_autoptr(PostingsDocument) fixed_all = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GPtrArray) applied = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;
  PostingsDiagnostic *d;
  guint n_changed = 0;

  g_setenv ("POSTINGS_TODAY", "2024-04-01", TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) found = validate (cases[i].text, NULL);
      g_assert_cmpint (find_rule (found, "offer-expired") != NULL, ==, cases[i].expected);
    }

  doc = postings_document_new_from_data (expired, -1);
  diagnostics = postings_validate (doc, NULL, NULL, NULL);
  d = find_rule (diagnostics, "offer-expired");
  g_assert_nonnull (d);
  g_test_message ("%s", d->message);
  g_assert_cmpint (d->severity, ==, POSTINGS_SEVERITY_WARNING);
  g_assert_cmpuint (d->line, ==, 3);
  g_assert_cmpuint (d->related_line, ==, 5);
  g_assert_nonnull (strstr (d->message, "2024-03-31"));
  g_assert_nonnull (strstr (d->message, "Unpublication date"));  /* the field by its label */
  g_assert_cmpint (d->fix_kind, ==, POSTINGS_FIX_EDIT);
  g_assert_cmpstr (d->fix_label, ==, "Close the offer");
  g_assert_false (d->fix_automatic);

  /* --fix leaves it open */
  fixed_all = postings_document_new_from_data (expired, -1);
  applied = postings_validator_fix_all (fixed_all, NULL, NULL, NULL, 0);
  for (guint i = 0; i < applied->len; i++)
    g_assert_cmpstr (((PostingsDiagnostic *) g_ptr_array_index (applied, i))->rule, !=, "offer-expired");
  {
    gboolean open = FALSE;
    g_assert_true (postings_document_get_boolean (fixed_all, "open", &open));
    g_assert_true (open);
  }

  /* the user's choice closes it: one line changes */
  g_assert_true (postings_diagnostic_apply_fix (d, doc, &error));
  g_assert_no_error (error);
  before = g_strsplit (expired, "\n", -1);
  after = g_strsplit (postings_document_get_text (doc, NULL), "\n", -1);
  g_assert_cmpuint (g_strv_length (before), ==, g_strv_length (after));
  for (guint i = 0; before[i] != NULL; i++)
    if (!g_str_equal (before[i], after[i]))
      {
        n_changed++;
        g_assert_cmpstr (after[i], ==, "open: false # à fermer");
      }
  g_assert_cmpuint (n_changed, ==, 1);
  g_clear_pointer (&diagnostics, g_ptr_array_unref);
  diagnostics = postings_validate (doc, NULL, NULL, NULL);
  g_assert_null (find_rule (diagnostics, "offer-expired"));

  g_unsetenv ("POSTINGS_TODAY");
}

/* Text before the header and a badly written closing line: both are shown
 * at once, and fixed in turn. */
static void
test_fix_all_passes (void)
{
  const char *text = "# Chargée de déploiement\n\n ---\nroles: Chargée : déploiement\n\nequipe: DINUM\nopen: true\nopen: false\n ---\n\n## Qui sommes-nous\n";
  const char *expected = "---\nroles: 'Chargée : déploiement'\n\nequipe: DINUM\nopen: false\n---\n# Chargée de déploiement\n\n\n## Qui sommes-nous\n";
  g_autoptr(PostingsDocument) doc = postings_document_new_from_data (text, -1);
  g_autoptr(GPtrArray) applied = postings_validator_fix_all (doc, NULL, NULL, NULL, 0);
  g_autoptr(GPtrArray) after = postings_validate (doc, NULL, NULL, NULL);
  g_autofree char *listing = describe (applied);

  g_test_message ("applied:\n%s", listing);
  g_assert_cmpstr (postings_document_get_text (doc, NULL), ==, expected);
  g_assert_cmpint (postings_document_get_state (doc), ==, POSTINGS_DOCUMENT_OK);
  g_assert_cmpuint (postings_validator_count (after, POSTINGS_SEVERITY_ERROR), ==, 0);
  g_assert_nonnull (find_rule (applied, "bad-opening-delimiter"));
  g_assert_nonnull (find_rule (applied, "missing-closing-delimiter"));
  g_assert_nonnull (find_rule (applied, "text-before-front-matter"));
  g_assert_nonnull (find_rule (applied, "front-matter-unreadable"));
  g_assert_nonnull (find_rule (applied, "duplicate-key"));
  g_assert_cmpuint (applied->len, ==, 5);
  /* the kept `open` is the one the site showed */
  {
    gboolean open = TRUE;
    g_assert_true (postings_document_get_boolean (doc, "open", &open));
    g_assert_false (open);
  }
}

/* Keys renamed by fix_all: known misspellings and case only; a key that
 * only looks like one stays as it is. */
static void
test_fix_all_keys (void)
{
  g_autoptr(PostingsDocument) doc = postings_document_new_from_data ("---\nRoles: Dev\nopen: true\npost_ouvert: 2024-03-15\njunoir: true\n---\nTexte.\n", -1);
  g_autoptr(GPtrArray) applied = postings_validator_fix_all (doc, NULL, NULL, NULL, 0);
  g_autoptr(GPtrArray) after = postings_validate (doc, NULL, NULL, NULL);
  PostingsDiagnostic *d;

  g_assert_cmpuint (applied->len, ==, 2);
  g_assert_cmpstr (postings_document_get_text (doc, NULL), ==,
                   "---\nroles: Dev\nopen: true\nposte_ouvert: 2024-03-15\njunoir: true\n---\nTexte.\n");
  d = find_rule (after, "unknown-key");
  g_assert_nonnull (d);
  g_assert_cmpstr (d->key, ==, "junoir");
  g_assert_true (postings_diagnostic_apply_fix (d, doc, NULL));
  g_assert_nonnull (strstr (postings_document_get_text (doc, NULL), "\njunior: true\n"));
}

/* Rename fixes: the name for the date and the slug, renamed without ever
 * replacing a file. */
static void
test_fix_rename_file (void)
{
  g_autoptr(GPtrArray) date = validate (GOOD, "2024-03-01-dev.md");
  g_autoptr(GPtrArray) ext = validate (GOOD, "2024-03-15-dev");
  g_autoptr(GPtrArray) format = validate (GOOD, "Offre dév.md");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("postings-validator-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *taken = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) renamed = NULL;
  PostingsDiagnostic *d;

  d = find_rule (date, "file-name-date");
  g_assert_cmpint (d->fix_kind, ==, POSTINGS_FIX_RENAME_FILE);
  g_assert_cmpstr (d->fix_file_name, ==, "2024-03-15-dev.md");
  d = find_rule (ext, "file-name-extension");
  g_assert_cmpstr (d->fix_file_name, ==, "2024-03-15-dev.md");
  d = find_rule (format, "file-name-format");
  g_assert_cmpstr (d->fix_file_name, ==, GOOD_NAME);

  /* not an edit of the text */
  {
    g_autoptr(PostingsDocument) doc = postings_document_new_from_data (GOOD, -1);
    g_autoptr(GError) e = NULL;
    g_assert_false (postings_diagnostic_apply_fix (d, doc, &e));
    g_assert_nonnull (e);
  }

  g_assert_no_error (error);
  path = g_build_filename (dir, "2024-03-01-dev.md", NULL);
  taken = g_build_filename (dir, "2024-03-15-taken.md", NULL);
  g_assert_true (g_file_set_contents (path, GOOD, -1, NULL));
  g_assert_true (g_file_set_contents (taken, "other", -1, NULL));
  file = g_file_new_for_path (path);

  g_assert_false (postings_validator_rename_file (file, "2024-03-15-taken.md", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  {
    g_autofree char *contents = NULL;
    g_assert_true (g_file_get_contents (taken, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "other");
  }
  g_assert_false (postings_validator_rename_file (file, "../x.md", NULL, &error));
  g_clear_error (&error);

  g_assert_true (postings_validator_rename_file (file, "2024-03-15-dev.md", &renamed, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_query_exists (renamed, NULL));
  g_assert_false (g_file_query_exists (file, NULL));

  g_assert_cmpint (g_remove (taken), ==, 0);
  {
    g_autofree char *p = g_file_get_path (renamed);
    g_assert_cmpint (g_remove (p), ==, 0);
  }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* NUL and invalid UTF-8 anywhere in the file: each line located, a stray
 * NUL removed by its fix, a file full of NUL (UTF-16) not "fixed". */
static void
test_bytes (void)
{
  static const char text[] = "---\nroles: D\0ev\nopen: true\n---\nIntro \xC3 x.\n\n<!--more-->\n\0\0Texte\0.\n";
  g_autoptr(PostingsDocument) doc = postings_document_new_from_data (text, sizeof text - 1);
  g_autoptr(GPtrArray) diagnostics = postings_validate (doc, NULL, NULL, NULL);
  g_autofree char *listing = describe (diagnostics);
  g_autoptr(GPtrArray) applied = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GString) utf16 = g_string_new (NULL);
  g_autoptr(PostingsDocument) wide = NULL;
  g_autoptr(GPtrArray) wide_diagnostics = NULL;
  PostingsDiagnostic *d;
  gsize len;

  g_test_message ("diagnostics:\n%s", listing);
  /* the header's NUL is reported by the byte rule, not as unreadable YAML */
  g_assert_cmpint (postings_document_get_state (doc), ==, POSTINGS_DOCUMENT_BROKEN);
  g_assert_cmpint (postings_document_get_problem (doc)->kind, ==, POSTINGS_PROBLEM_ENCODING);
  g_assert_null (find_rule (diagnostics, "front-matter-unreadable"));
  g_assert_cmpuint (count_rule (diagnostics, "nul-byte"), ==, 2);
  d = find_rule (diagnostics, "nul-byte");
  g_assert_cmpuint (d->line, ==, 2);
  g_assert_cmpuint (d->column, ==, 9);
  g_assert_cmpuint (count_rule (diagnostics, "invalid-utf8"), ==, 1);
  d = find_rule (diagnostics, "invalid-utf8");
  g_assert_cmpuint (d->line, ==, 5);
  g_assert_cmpuint (d->column, ==, 7);
  g_assert_cmpint (d->fix_kind, ==, POSTINGS_FIX_NONE);

  applied = postings_validator_fix_all (doc, NULL, NULL, NULL, 0);
  g_assert_cmpuint (applied->len, ==, 2);
  g_assert_cmpstr (postings_document_get_text (doc, &len), ==,
                   "---\nroles: Dev\nopen: true\n---\nIntro \xC3 x.\n\n<!--more-->\nTexte.\n");
  g_assert_cmpuint (len, ==, strlen (postings_document_get_text (doc, NULL)));
  g_assert_cmpint (postings_document_get_state (doc), ==, POSTINGS_DOCUMENT_OK);
  after = postings_validate (doc, NULL, NULL, NULL);
  g_assert_null (find_rule (after, "nul-byte"));
  g_assert_nonnull (find_rule (after, "invalid-utf8"));

  /* UTF-16: no fix that would remove half of every character */
  for (const char *p = GOOD; *p; p++)
    {
      g_string_append_c (utf16, *p);
      g_string_append_c (utf16, '\0');
    }
  wide = postings_document_new_from_data (utf16->str, (gssize) utf16->len);
  wide_diagnostics = postings_validate (wide, NULL, NULL, NULL);
  g_assert_cmpuint (count_rule (wide_diagnostics, "nul-byte"), ==, 1);
  d = find_rule (wide_diagnostics, "nul-byte");
  g_assert_cmpint (d->fix_kind, ==, POSTINGS_FIX_NONE);
  g_assert_nonnull (strstr (d->message, "UTF-16"));
}

/* The markers go; the text around them stays as it renders. */
static void
test_fix_word_processor_marker (void)
{
  static const struct { const char *body; const char *fixed; } cases[] = {
    /* alone on their lines, as in the real postings */
    { "<!--StartFragment-->\nIntro.\n\n<!--more-->\n\nSuite.\n<!--EndFragment-->\n", "Intro.\n\n<!--more-->\n\nSuite.\n" },
    /* between two lines of text: a blank line keeps them two paragraphs */
    { "Intro.\n\n<!--more-->\n\nUn.\n<!--EndFragment-->\nDeux.\n", "Intro.\n\n<!--more-->\n\nUn.\n\nDeux.\n" },
    /* inside a line: the marker only */
    { "Intro.\n\n<!--more-->\n\nUn <!--StartFragment-->mot.\n", "Intro.\n\n<!--more-->\n\nUn mot.\n" },
    /* CRLF, and a line of HTML before counts as text */
    { "Intro.\r\n\r\n<!--more-->\r\n<!--StartFragment-->\r\nSuite.\r\n", "Intro.\r\n\r\n<!--more-->\r\n\r\nSuite.\r\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *head = strstr (cases[i].body, "\r\n") != NULL
        ? "---\r\nroles: Dev\r\nopen: true\r\ndate: 2024-03-15\r\n---\r\n" : GOOD_HEAD "---\n";
      g_autofree char *text = g_strconcat (head, cases[i].body, NULL);
      g_autofree char *expected = g_strconcat (head, cases[i].fixed, NULL);
      g_autoptr(PostingsDocument) doc = postings_document_new_from_data (text, -1);
      g_autoptr(GPtrArray) applied = postings_validator_fix_all (doc, NULL, NULL, NULL, 0);
      g_autoptr(GPtrArray) after = postings_validate (doc, NULL, NULL, NULL);

      g_test_message ("case %u", i);
      g_assert_cmpuint (applied->len, >=, 1);
      g_assert_cmpstr (((PostingsDiagnostic *) g_ptr_array_index (applied, 0))->rule, ==, "word-processor-marker");
      g_assert_cmpstr (postings_document_get_text (doc, NULL), ==, expected);
      g_assert_null (find_rule (after, "word-processor-marker"));
    }
}

/* Fast enough to run on every keystroke. */
static void
test_speed (void)
{
  g_autoptr(GString) text = g_string_new (GOOD_HEAD "---\nIntro.\n\n<!--more-->\n\n");
  g_autoptr(PostingsDocument) doc = NULL;
  gint64 start;
  double ms;

  for (guint i = 0; i < 300; i++)
    g_string_append_printf (text, "## Partie %u\n\nUn paragraphe avec un [lien](https://beta.gouv.fr/%u) et du texte.\n\n", i, i);
  doc = postings_document_new_from_data (text->str, (gssize) text->len);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GPtrArray) diagnostics = postings_validate (doc, NULL, NULL, GOOD_NAME);
      g_assert_cmpuint (diagnostics->len, ==, 0);
    }
  ms = (g_get_monotonic_time () - start) / 1000.0 / 20;
  g_test_message ("validating a %zu-byte posting: %.2f ms", text->len, ms);
}

/* Where the site (kramdown) and plain Markdown disagree: each fix makes
 * them agree, and only the user applies it. */
static void
test_site_renders_differently (void)
{
  static const struct { const char *body; guint line; const char *fixed; } cases[] = {
    /* a title right after a list item: inside the item on the site */
    { "- Un point\n## Profil\n", 11, "- Un point\n\n## Profil\n" },
    /* a sub-list indented less than the item's text (a tab after "1.") */
    { "1.\tPremier :\n  *\tsous-point\n  *\tautre\n2.\tSecond\n", 11,
      "1.\tPremier :\n    *\tsous-point\n    *\tautre\n2.\tSecond\n" },
    /* a sub-list of another kind, not indented at all */
    { "1. Premier :\n- sous-point\n- autre\n", 11, "1. Premier :\n   - sous-point\n   - autre\n" },
    { " ## Profil\nTexte.\n", 10, "## Profil\nTexte.\n" },
    { "##\nTexte.\n", 10, "Texte.\n" },
    { "1) un\n2) deux\n\n3) trois\n\nFin.\n", 10, "1. un\n2. deux\n\n3. trois\n\nFin.\n" },
    { "3. trois\n4. quatre\n", 10, "1. trois\n4. quatre\n" },
    /* a `|` makes a table of a paragraph on the site */
    { "Le produit | https://beta.gouv.fr et `a|b`\n", 10, "Le produit \\| https://beta.gouv.fr et `a|b`\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strconcat (GOOD_HEAD "---\nIntro.\n\n<!--more-->\n\n", cases[i].body, NULL);
      g_autofree char *expected = g_strconcat (GOOD_HEAD "---\nIntro.\n\n<!--more-->\n\n", cases[i].fixed, NULL);
      g_autoptr(PostingsDocument) doc = postings_document_new_from_data (text, -1);
      g_autoptr(GPtrArray) before = postings_validate (doc, NULL, NULL, GOOD_NAME);
      g_autoptr(GPtrArray) applied = NULL;
      g_autoptr(GPtrArray) after = NULL;
      g_autoptr(GError) error = NULL;
      PostingsDiagnostic *d = find_rule (before, "site-renders-differently");

      g_test_message ("%s", cases[i].body);
      g_assert_nonnull (d);
      g_assert_cmpuint (d->line, ==, cases[i].line);
      g_assert_cmpint (d->fix_kind, ==, POSTINGS_FIX_EDIT);
      g_assert_false (d->fix_automatic);

      /* Not applied behind the user's back, */
      applied = postings_validator_fix_all (doc, NULL, NULL, GOOD_NAME, 0);
      g_assert_null (find_rule (applied, "site-renders-differently"));
      g_assert_cmpstr (postings_document_get_text (doc, NULL), ==, text);

      /* Without the offered fixes (the command line), the same problem,
       * without its fix. */
      {
        g_autoptr(PostingsValidatorCache) cache = postings_validator_cache_new ();
        g_autoptr(GPtrArray) plain = NULL;
        PostingsDiagnostic *p;

        postings_validator_cache_set_offered_fixes (cache, FALSE);
        plain = postings_validate_cached (doc, NULL, NULL, GOOD_NAME, cache);
        p = find_rule (plain, "site-renders-differently");
        g_assert_nonnull (p);
        g_assert_cmpuint (p->line, ==, d->line);
        g_assert_cmpstr (p->message, ==, d->message);
        g_assert_cmpint (p->fix_kind, ==, POSTINGS_FIX_NONE);
        g_assert_cmpuint (plain->len, ==, before->len);
      }

      /* but on request, and then both read it alike. */
      g_assert_true (postings_diagnostic_apply_fix (d, doc, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (postings_document_get_text (doc, NULL), ==, expected);
      after = postings_validate (doc, NULL, NULL, GOOD_NAME);
      g_assert_null (find_rule (after, "site-renders-differently"));
    }

  /* What is meant is not flagged: a table, a lone <br>, an image. */
  {
    g_autoptr(GPtrArray) meant = validate (GOOD_HEAD "---\nIntro.\n\n<!--more-->\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                                           "<br>\n\n<img src=\"x.png\" alt=\"x\">\n", GOOD_NAME);

    g_assert_null (find_rule (meant, "site-renders-differently"));
  }
}

/* The fast UTF-8 check agrees with GLib's, result and position, on text
 * cut from real French (ASCII, 2-, 3- and 4-byte characters) with bytes
 * changed at random: invalid, truncated, overlong, NUL. */
static void
test_utf8_fast_path (void)
{
  static const char *const pieces[] = {
    "Développeur·se ", "« offre » ", "\xe2\x80\xaf; ", "😀 ", "abcdefghijklmnop", "\n",
    "\xc3", "\xa9", "\xe2\x80", "\xf0\x9f\x98", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
  };
  GRand *rand = g_rand_new_with_seed (14);

  for (guint round = 0; round < 20000; round++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      guint n = (guint) g_rand_int_range (rand, 0, 12);
      const char *end_fast = NULL, *end_glib = NULL;
      gboolean fast, glib;

      for (guint i = 0; i < n; i++)
        {
          /* Mostly valid pieces; the invalid ones now and then. */
          guint k = (guint) g_rand_int_range (rand, 0, round % 4 == 0 ? G_N_ELEMENTS (pieces) : 6);

          g_string_append (text, pieces[k]);
        }
      if (round % 3 == 0 && text->len > 0)
        text->str[g_rand_int_range (rand, 0, (gint32) text->len)] = (char) g_rand_int_range (rand, 0, 256);

      fast = postings_utf8_validate_len (text->str, text->len, &end_fast);
      glib = g_utf8_validate_len (text->str, text->len, &end_glib);
      g_assert_cmpint (fast, ==, glib);
      g_assert_true (end_fast == end_glib);
    }
  g_rand_free (rand);

  /* Every lead byte with every second byte, the third at the edges of the
   * continuation bytes, whole and cut short. */
  for (guint lead = 0xc0; lead <= 0xff; lead++)
    for (guint second = 0; second < 256; second++)
      for (guint k = 0; k < 6; k++)
        {
          static const guchar thirds[] = { 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xff };
          const char text[] = { 'a', (char) lead, (char) second, (char) thirds[k], 'b' };

          for (gsize len = 2; len <= sizeof text; len++)
            {
              const char *end_fast = NULL, *end_glib = NULL;
              gboolean fast = postings_utf8_validate_len (text, len, &end_fast);
              gboolean glib = g_utf8_validate_len (text, len, &end_glib);

              g_assert_cmpint (fast, ==, glib);
              g_assert_true (end_fast == end_glib);
            }
        }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validator/clean", test_clean_posting);
  g_test_add_func ("/validator/utf8-fast-path", test_utf8_fast_path);
  g_test_add_func ("/validator/template-text", test_template_text);
  for (guint i = 0; i < G_N_ELEMENTS (rule_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/validator/rule/%s", rule_cases[i].rule);
      g_test_add_data_func (path, &rule_cases[i], test_rule);
    }
  g_test_add_func ("/validator/rule/unknown-reference", test_rule_unknown_reference);
  g_test_add_func ("/validator/rules/covered", test_rule_table_covered);
  g_test_add_func ("/validator/rules/details", test_rule_details);
  g_test_add_func ("/validator/positions", test_positions);
  g_test_add_func ("/validator/fix/word-processor-marker", test_fix_word_processor_marker);
  g_test_add_func ("/validator/sorted", test_sorted);
  for (guint i = 0; i < G_N_ELEMENTS (fix_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/validator/fix/%s", fix_cases[i].name);
      g_test_add_data_func (path, &fix_cases[i], test_fix);
    }
  g_test_add_func ("/validator/fix/stale", test_fix_stale);
  g_test_add_func ("/validator/fix/not-offered", test_fix_not_offered);
  g_test_add_func ("/validator/offer-expired", test_offer_expired);
  g_test_add_func ("/validator/fix/all-passes", test_fix_all_passes);
  g_test_add_func ("/validator/fix/all-keys", test_fix_all_keys);
  g_test_add_func ("/validator/fix/rename-file", test_fix_rename_file);
  g_test_add_func ("/validator/bytes", test_bytes);
  g_test_add_func ("/validator/speed", test_speed);
  g_test_add_func ("/validator/site-renders-differently", test_site_renders_differently);

  return g_test_run ();
}
