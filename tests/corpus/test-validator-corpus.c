/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The validator on the real postings of ../shared/corpus:
 *  - jobs/: every file reads (no "cannot be read" error), the counts per
 *    rule are printed, the known faults are found, and it is fast;
 *  - broken/: every file gets an error on the line that is really at
 *    fault (determined by reading each file: the table below), and the
 *    safe fixes make every file whose problems are all fixable read, with
 *    its body unchanged byte for byte. */
#include "config.h"

#include <string.h>

#include "postings-core.h"
#include "postings-validator-private.h"
#include "corpus-util.h"

static PostingsDocument *
load (const char *sub, const char *name)
{
  g_autofree char *path = g_build_filename (corpus_util_dir (), sub, name, NULL);
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return postings_document_new_from_data (contents, (gssize) len);
}

/* The rules that mean "Jekyll cannot read this file's header". */
static gboolean
is_unreadable_rule (const char *rule)
{
  static const char * const rules[] = {
    "empty-file", "no-front-matter", "blank-before-front-matter", "text-before-front-matter",
    "missing-opening-delimiter", "bad-opening-delimiter", "missing-closing-delimiter",
    "front-matter-unreadable", "front-matter-not-a-mapping", NULL
  };

  return g_strv_contains (rules, rule);
}

static void
test_jobs (void)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) counts_by_severity = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_rules, by_severity[3] = { 0, 0, 0 }, total = 0;
  const PostingsRuleInfo *rules = postings_validator_get_rules (&n_rules);
  g_autoptr(GString) table = g_string_new (NULL);
  gint64 start, elapsed = 0;

  if (corpus_util_dir () == NULL)
    {
      g_test_skip ("POSTINGS_CORPUS_DIR is not set or missing");
      return;
    }
  names = corpus_util_list_names ("jobs");
  g_assert_cmpuint (names->len, ==, 543);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr(PostingsDocument) doc = load ("jobs", name);
      g_autoptr(GPtrArray) diagnostics = NULL;

      start = g_get_monotonic_time ();
      diagnostics = postings_validate (doc, NULL, NULL, name);
      elapsed += g_get_monotonic_time () - start;

      for (guint j = 0; j < diagnostics->len; j++)
        {
          PostingsDiagnostic *d = g_ptr_array_index (diagnostics, j);

          if (is_unreadable_rule (d->rule))
            g_test_message ("%s:%u:%u: %s [%s]", name, d->line, d->column, d->message, d->rule);
          g_assert_false (is_unreadable_rule (d->rule));
          g_assert_cmpuint (d->line, >=, 1);
          g_assert_cmpuint (d->column, >=, 1);
          g_assert_true (g_utf8_validate (d->message, -1, NULL));
          g_hash_table_insert (counts, (gpointer) d->rule,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, d->rule)) + 1));
          {
            char *k = g_strdup_printf ("%s/%d", d->rule, d->severity);
            g_hash_table_insert (counts_by_severity, k,
                                 GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts_by_severity, k)) + 1));
          }
          by_severity[d->severity]++;
          total++;
        }
    }

  g_string_append_printf (table, "\n  %-28s %6s %6s %6s %6s", "rule", "total", "errors", "warn.", "sugg.");
  for (guint i = 0; i < n_rules; i++)
    {
      guint n[3];

      for (int sev = 0; sev < 3; sev++)
        {
          g_autofree char *k = g_strdup_printf ("%s/%d", rules[i].id, sev);
          n[sev] = GPOINTER_TO_UINT (g_hash_table_lookup (counts_by_severity, k));
        }
      g_string_append_printf (table, "\n  %-28s %6u %6u %6u %6u", rules[i].id,
                              GPOINTER_TO_UINT (g_hash_table_lookup (counts, rules[i].id)), n[0], n[1], n[2]);
    }
  g_test_message ("diagnostics over %u postings: %u (%u errors, %u warnings, %u suggestions), in %.1f ms:%s",
                  names->len, total, by_severity[POSTINGS_SEVERITY_ERROR], by_severity[POSTINGS_SEVERITY_WARNING],
                  by_severity[POSTINGS_SEVERITY_SUGGESTION], elapsed / 1000.0, table->str);

  /* What the corpus README says is wrong with these files. */
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "duplicate-key")), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "file-name-extension")), ==, 1);
}

/* The known faults of jobs/, each at its place. */
static void
test_jobs_known (void)
{
  static const struct { const char *name; const char *rule; guint line; const char *key; } known[] = {
    { "2021-10-18-atlasculture-dev.md", "duplicate-key", 7, "open" },
    { "2022-07-28-UX-mon-entreprise", "file-name-extension", 1, NULL },
    { "2022-04-19-anct-sit-full-stack.md", "unknown-key", 10, "externalUrl" },
    { "2021-01-07-charge-portefeuille.md", "unknown-key", 7, "role" },
    { "2020-07-21-biz-dev-bal.md", "unknown-key", 7, "post_ouvert" },
    { "2022-08-01-PO-METNum.md", "invalid-choice", 6, "domaines" },
  };

  if (corpus_util_dir () == NULL)
    {
      g_test_skip ("POSTINGS_CORPUS_DIR is not set or missing");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_autoptr(PostingsDocument) doc = load ("jobs", known[i].name);
      g_autoptr(GPtrArray) diagnostics = postings_validate (doc, NULL, NULL, known[i].name);
      gboolean found = FALSE;

      for (guint j = 0; j < diagnostics->len && !found; j++)
        {
          PostingsDiagnostic *d = g_ptr_array_index (diagnostics, j);
          found = g_str_equal (d->rule, known[i].rule) && d->line == known[i].line &&
                  g_strcmp0 (d->key, known[i].key) == 0;
        }
      if (!found)
        g_test_message ("%s: no %s on line %u", known[i].name, known[i].rule, known[i].line);
      g_assert_true (found);
    }
}

/* What each broken file's fault is, found by reading the file:
 *   line       the faulty line (where the error must point);
 *   parses     TRUE when all its problems have a safe fix, so that fixing
 *              must make the header read;
 *   moved      for text before the header: how many lines of it move into
 *              the body (0 otherwise);
 *   body_line  the first line of the body in the original file: the line
 *              after the closing `---` (or, for a missing closing line,
 *              the line the `---` goes before).
 *
 * What "body unchanged" means: after the fixes, the body (the bytes after
 * the closing `---` line) is exactly the original bytes from body_line to
 * the end; for text before the header, prefixed with the moved lines
 * (byte for byte), plus one newline when the moved text's last line and
 * the body's first line both hold text. */
typedef struct
{
  const char *name;
  guint line;
  const char *rule;
  gboolean parses;
  guint moved;
  guint body_line;
} BrokenCase;

static const BrokenCase broken[] = {
  /* Markdown only, no header at all: nothing to repair safely */
  { "2019-01-29-developpeu-r-se-mrs__c4ae2b70.md", 1, "no-front-matter", FALSE, 0, 0 },
  /* fields on lines 1-3, then `---`: the opening line is missing */
  { "2019-03-12-businessdevelopertrackdechets__09190de8.md", 1, "missing-opening-delimiter", TRUE, 0, 5 },
  /* a file name and a title on lines 1-2 above the header (lines 4-11) */
  { "2019-10-04-franceconnect__e2726b59.md", 1, "text-before-front-matter", TRUE, 3, 12 },
  { "2019-10-08-franceconnect__19d601ea.md", 1, "text-before-front-matter", TRUE, 3, 13 },
  /* `----` on line 1 */
  { "2020-01-13-developpeur-full-stack-apigouvfr__e9f0d20b.md", 1, "bad-opening-delimiter", TRUE, 0, 8 },
  /* `startup: [Camino](https://…)`: a Markdown link read as a YAML list */
  { "2020-05-19-Chef·fe de produit intrapreneur·e de CAMINO__8b0fd2ab.md", 3, "front-matter-unreadable", TRUE, 0, 8 },
  { "2020-05-19-Chef·fe de produit intrapreneur·e de CAMINO__fddcf3c4.md", 3, "front-matter-unreadable", TRUE, 0, 8 },
  /* the fields end on line 5; line 6 (empty) is where `---` is missing */
  { "2020-08-03-mobilic recrute un·e business developer__20c080e9.md", 6, "missing-closing-delimiter", TRUE, 0, 6 },
  /* the closing line is ` ---` (indented, like every header line) */
  { "2020-11-04-recrutement-devs-beta__906f94ba.md", 7, "missing-closing-delimiter", TRUE, 0, 8 },
  /* `title: L'équipe … recrute : un.e développeur.se`: « : » in a value */
  { "2020-12-17-anct-developpeur-se__971e1aff.md", 3, "front-matter-unreadable", TRUE, 0, 16 },
  /* the same (with a stray quote at the end), and `contact:recrutement@…` on line 11 */
  { "2020-12-17-anct-developpeur-se__fd559964.md", 3, "front-matter-unreadable", TRUE, 0, 16 },
  /* an empty line 1 before `---` */
  { "2021-02-19-dev2-einspe__1e20d413.md", 1, "blank-before-front-matter", TRUE, 0, 8 },
  /* a title and an empty line, then ` ---` on line 3 (indented), and the
   * closing ` ---` on line 11 indented too; line 3 is why Jekyll sees no
   * header (lines 1 and 11 are faults as well) */
  { "2021-06-15-charge.ou.chargee.de.deploiement__c0e5e93a.md", 3, "bad-opening-delimiter", TRUE, 2, 12 },
  /* the closing ` ---` on line 9 is indented */
  { "2021-06-15-charge.ou.chargee.de.deploiement__d1aee413.md", 9, "missing-closing-delimiter", TRUE, 0, 10 },
  /* a title and an empty line above the header */
  { "2021-06-15-transverse-dev__ca0bc678.md", 1, "text-before-front-matter", TRUE, 2, 12 },
  { "2021-06-15-transverse-dev__dd09d13b.md", 1, "text-before-front-matter", TRUE, 2, 12 },
  /* a title, an empty line and a code fence above the header */
  { "2022-01-21-sppnaut-1ere-developpeuse.developpeur-fullstack__90ce7192.md", 1, "text-before-front-matter", TRUE, 3, 11 },
  { "2022-02-07-dev_euphrosyne__7cd3f3a4.md", 1, "blank-before-front-matter", TRUE, 0, 10 },
  /* no bytes at all */
  { "2022-07-06-dev-fiches-donnes-et-territoires__e69de29b.md", 1, "empty-file", FALSE, 0, 0 },
  /* `roles: 2 Dev Senior Tchap Web et Tchap ID : NodeJS ou Django (H/F)` */
  { "2022-21-03-tchap-deux-devs__3448fb13.md", 2, "front-matter-unreadable", TRUE, 0, 7 },
  { "2022-21-03-tchap-deux-devs__801306d1.md", 2, "front-matter-unreadable", TRUE, 0, 7 },
};

/* The name the file had in the site repository (without `__BLOBID`). */
static char *
original_name (const char *name)
{
  const char *sep = strstr (name, "__");
  g_autofree char *stem = NULL;

  if (sep == NULL)
    return g_strdup (name);
  stem = g_strndup (name, (gsize) (sep - name));
  return g_strconcat (stem, ".md", NULL);
}

static gsize
line_offset (const char *text, gsize len, guint line)
{
  gsize pos = 0;

  for (guint l = 1; l < line && pos < len; l++)
    {
      while (pos < len && text[pos] != '\n')
        pos++;
      if (pos < len)
        pos++;
    }
  return pos;
}

static gboolean
line_has_text (const char *text, gsize len, gsize pos)
{
  for (; pos < len && text[pos] != '\n'; pos++)
    if (!g_ascii_isspace (text[pos]))
      return TRUE;
  return FALSE;
}

static void
test_broken_table_complete (void)
{
  g_autoptr(GPtrArray) names = NULL;

  if (corpus_util_dir () == NULL)
    {
      g_test_skip ("POSTINGS_CORPUS_DIR is not set or missing");
      return;
    }
  names = corpus_util_list_names ("broken");
  g_assert_cmpuint (names->len, ==, G_N_ELEMENTS (broken));
  for (guint i = 0; i < names->len; i++)
    g_assert_cmpstr (g_ptr_array_index (names, i), ==, broken[i].name);
}

static void
test_broken_lines (void)
{
  if (corpus_util_dir () == NULL)
    {
      g_test_skip ("POSTINGS_CORPUS_DIR is not set or missing");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      const BrokenCase *c = &broken[i];
      g_autoptr(PostingsDocument) doc = load ("broken", c->name);
      g_autofree char *name = original_name (c->name);
      g_autoptr(GPtrArray) diagnostics = postings_validate (doc, NULL, NULL, name);
      PostingsDiagnostic *hit = NULL;

      for (guint j = 0; j < diagnostics->len && hit == NULL; j++)
        {
          PostingsDiagnostic *d = g_ptr_array_index (diagnostics, j);
          if (d->severity == POSTINGS_SEVERITY_ERROR && d->line == c->line && g_str_equal (d->rule, c->rule))
            hit = d;
        }
      if (hit == NULL)
        for (guint j = 0; j < diagnostics->len; j++)
          {
            PostingsDiagnostic *d = g_ptr_array_index (diagnostics, j);
            g_test_message ("%s: got %u:%u %s [%s]", c->name, d->line, d->column,
                            postings_severity_to_string (d->severity), d->rule);
          }
      g_assert_nonnull (hit);
      g_test_message ("%s:%u:%u: %s [%s]%s", c->name, hit->line, hit->column, hit->message, hit->rule,
                      hit->fix_kind == POSTINGS_FIX_EDIT ? " (fixable)" : "");
    }
}

static void
test_broken_fix (void)
{
  guint repaired = 0;

  if (corpus_util_dir () == NULL)
    {
      g_test_skip ("POSTINGS_CORPUS_DIR is not set or missing");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      const BrokenCase *c = &broken[i];
      g_autoptr(PostingsDocument) doc = load ("broken", c->name);
      g_autofree char *name = original_name (c->name);
      g_autofree char *original = NULL;
      g_autoptr(GPtrArray) applied = NULL;
      g_autoptr(GPtrArray) after = NULL;
      g_autoptr(GString) expected = g_string_new (NULL);
      g_autofree char *body = NULL;
      gsize len;

      {
        const char *text = postings_document_get_text (doc, &len);
        original = g_strndup (text, len);
      }
      applied = postings_validator_fix_all (doc, NULL, NULL, name, 0);
      after = postings_validate (doc, NULL, NULL, name);

      if (!c->parses)
        {
          /* nothing safe to do: the file stays as it was */
          g_assert_cmpuint (applied->len, ==, 0);
          g_assert_cmpint (postings_document_get_state (doc), !=, POSTINGS_DOCUMENT_OK);
          g_assert_cmpstr (postings_document_get_text (doc, NULL), ==, original);
          continue;
        }

      if (postings_document_get_state (doc) != POSTINGS_DOCUMENT_OK)
        g_test_message ("%s: still does not read: %s", c->name, postings_document_get_problem (doc)->message);
      g_assert_cmpint (postings_document_get_state (doc), ==, POSTINGS_DOCUMENT_OK);
      for (guint j = 0; j < after->len; j++)
        g_assert_false (is_unreadable_rule (((PostingsDiagnostic *) g_ptr_array_index (after, j))->rule));

      /* the body, byte for byte */
      if (c->moved > 0)
        {
          gsize opening = line_offset (original, len, c->moved + 1);
          gsize last = line_offset (original, len, c->moved);
          gsize body_start = line_offset (original, len, c->body_line);

          g_string_append_len (expected, original, (gssize) opening);
          if (line_has_text (original, len, last) && line_has_text (original, len, body_start))
            g_string_append_c (expected, '\n');
        }
      {
        gsize body_start = line_offset (original, len, c->body_line);
        g_string_append_len (expected, original + body_start, (gssize) (len - body_start));
      }
      body = postings_document_dup_body (doc);
      g_assert_cmpstr (body, ==, expected->str);

      g_test_message ("%s: %u fixes, %u errors left", c->name, applied->len,
                      postings_validator_count (after, POSTINGS_SEVERITY_ERROR));
      repaired++;
    }
  g_test_message ("%u of %zu broken files read after the safe fixes", repaired, G_N_ELEMENTS (broken));
}

/* The fixes are lossless edits: what they change in the header is only
 * delimiters, quotes, a space, key names and duplicate lines, so the
 * values Jekyll reads are those the author wrote. */
static void
test_broken_fix_values (void)
{
  static const struct { const char *name; const char *key; const char *value; } values[] = {
    { "2020-12-17-anct-developpeur-se__971e1aff.md", "title", "L'équipe Conseiller Numérique recrute : un.e développeur.se" },
    { "2020-12-17-anct-developpeur-se__fd559964.md", "title", "L'équipe Conseiller Numérique recrute : un.e développeur.se'" },
    { "2020-12-17-anct-developpeur-se__fd559964.md", "contact", "recrutement@conseillernumerique.fr" },
    { "2020-12-17-anct-developpeur-se__fd559964.md", "poste_ouvert", "2020-12-17" },
    { "2022-21-03-tchap-deux-devs__3448fb13.md", "roles", "2 Dev Senior Tchap Web et Tchap ID : NodeJS ou Django (H/F)" },
    { "2020-05-19-Chef·fe de produit intrapreneur·e de CAMINO__8b0fd2ab.md", "startup", "[Camino](https://beta.gouv.fr/startups/camino.html)" },
    { "2021-06-15-charge.ou.chargee.de.deploiement__c0e5e93a.md", "roles", "Chargée ou chargé de déploiement" },
    { "2021-06-15-charge.ou.chargee.de.deploiement__c0e5e93a.md", "contact", "anna-livia.gomart@beta.gouv.fr" },
  };

  if (corpus_util_dir () == NULL)
    {
      g_test_skip ("POSTINGS_CORPUS_DIR is not set or missing");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(PostingsDocument) doc = load ("broken", values[i].name);
      g_autoptr(GPtrArray) applied = postings_validator_fix_all (doc, NULL, NULL, NULL, 0);

      g_assert_cmpuint (applied->len, >, 0);
      g_assert_cmpstr (postings_document_get_string (doc, values[i].key), ==, values[i].value);
    }
}

/* The diagnostics of @text, one line each, with the validator's skips or
 * without them. */
static char *
describe_diagnostics (const char *text,
                      gsize       len,
                      const char *name,
                      gboolean    exhaustive)
{
  g_autoptr(PostingsDocument) doc = postings_document_new_from_data (text, (gssize) len);
  g_autoptr(GPtrArray) diagnostics = NULL;
  GString *out = g_string_new (NULL);

  postings_validator_set_exhaustive (exhaustive);
  diagnostics = postings_validate (doc, NULL, NULL, name);
  postings_validator_set_exhaustive (FALSE);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      PostingsDiagnostic *d = g_ptr_array_index (diagnostics, i);

      g_string_append_printf (out, "%s %u:%u [%zu,%zu) %d %s | %s\n", d->rule, d->line, d->column,
                              d->span.start, d->span.end, d->fix_kind, d->message,
                              d->fix_label != NULL ? d->fix_label : "");
    }
  return g_string_free (out, FALSE);
}

/* Lines that come near what the skips of the validator are about (or
 * are it): titles, lists, quotes, fences, pipes, in and out of place (the
 * site and plain Markdown differ); main titles; links without text or
 * address; the template's titles and text, plain or marked up. */
static const char * const near_differences[] = {
  " ## Titre indenté", "##", "# ", "#hashtag", "    ## code", "\t## tabulation", "> ## titre cité",
  "> citation", "1) un", "10) dix", "3. trois", "0. zéro", "01. un", "1. un", "2.", "1.\tPremier :",
  "- point", "  - sous-point", "   * sous-point", "\t- tabulation", "+ plus", "* * *", "- # titre",
  "1. - mélange", "> 2. deux", "a | b", "| a |", "\\| échappé", "`a|b`", "```", "~~~", "<div>",
  "</div>", "## Le profil recherché", "Texte simple.", "", "",
  "# Titre", "   # Titre", "#", "> # Titre cité", "Titre\n=====", "Sous-titre\n-----", "<!--more-->",
  "<!-- commentaire", "fin -->", "[](https://beta.gouv.fr)", "[ ](https://beta.gouv.fr)", "[lien]()",
  "[lien](<>)", "[lien]( \"titre\")", "[lien][ref]", "[ref]: <>", "[ref]: https://beta.gouv.fr",
  "![](image.png)", "[`` ` ` ``](x)", "[&#32;](x)", "## La mission", "## **La** mission", "## La *mis*sion",
  "## [La mission](x)", "## L'&eacute;quipe", "## L\\'équipe", "La mission\n==========", "## Pour candidater\n",
  "Type de contrat, durée, lieu, télétravail, rémunération, date de début.",
  "Type de *contrat*, durée, lieu,\ntélétravail, rémunération, date de début.",
  "Les responsabilités confiées et les premiers [chantiers](x).", "&nbsp;", "R&D",
  "## Le contexte\n[ref]: https://beta.gouv.fr\n## Le produit", "## Le contexte\n<!-- note -->",
  "### L'équipe\n#### Les développeurs", "## Les modalités\n### Le lieu\n## Pour candidater",
  "1. un\n2. deux\n3. trois", "1. un\n 2. deux", "1. un\n^\n2. deux", "1. un\n<span>x</span>\n2. deux",
  "1. un\n\n  suite\n2. deux", "1. un\n{: .x}\n2. deux", "1. un\n\nTexte.\n\n3. trois", "1. un\n   1. un",
  "<https://beta.gouv.fr>", "<br/>\n# Titre", "<pre>\n\n# pas un titre\n</pre>", "* <a href=\"x\">lien</a>",
  "<b>gras</b>\n# Titre", "<!-- note\n\n# dans la note\n-->", "<script>\n\n# code\n</script>",
  "Texte\r# Titre\rSuite", "## Le contexte\n##",
};

/* Each posting, and variants of it with lines from near_differences[]
 * put in, blank lines taken out, CRLF line ends and a last title: the
 * validator finds the same with the skips it makes on a scan of the text
 * as without. */
static void
test_jobs_skips (void)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);
  guint n_variants = 0, n_with_difference = 0, n_with_template = 0;

  if (corpus_util_dir () == NULL)
    {
      g_test_skip ("POSTINGS_CORPUS_DIR is not set or missing");
      return;
    }
  names = corpus_util_list_names ("jobs");
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (corpus_util_dir (), "jobs", name, NULL);
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;
      guint n_lines, body = 0, delimiters = 0;
      gsize len;

      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      lines = g_strsplit (contents, "\n", -1);
      n_lines = g_strv_length (lines);
      for (guint l = 0; l < n_lines && delimiters < 2; l++)
        if (g_str_has_prefix (lines[l], "---") && ++delimiters == 2)
          body = l + 1;

      /* v 0: as it is; 1: lines put in here and there; 2: and no blank line
       * from @from on; 3: the same with CRLF line ends; 4 to 11: one line
       * put in, at @from (8 to 11 with CRLF line ends); 12: a section of
       * the template last, empty (CRLF too) */
      for (guint v = 0; v < 13; v++)
        {
          g_autoptr(GString) text = g_string_new (NULL);
          g_autofree char *fast = NULL;
          g_autofree char *full = NULL;
          guint from = body + g_rand_int_range (rand, 0, (gint32) MAX (n_lines - body, 1));
          const char *newline = v == 3 || v >= 8 ? "\r\n" : "\n";

          for (guint l = 0; l < n_lines; l++)
            {
              if ((v == 2 || v == 3) && l >= from && *lines[l] == '\0')
                continue;
              g_string_append (text, lines[l]);
              if (l + 1 < n_lines)
                g_string_append (text, newline);
              if (l >= body && ((v >= 1 && v <= 3 && g_rand_int_range (rand, 0, 6) == 0) ||
                                (v >= 4 && v <= 11 && l == from)))
                {
                  g_auto(GStrv) put = g_strsplit (near_differences[g_rand_int_range (rand, 0, G_N_ELEMENTS (near_differences))],
                                                  "\n", -1);
                  g_autofree char *joined = g_strjoinv (newline, put);

                  g_string_append (text, joined);
                  g_string_append (text, newline);
                }
            }
          if (v == 12)
            g_string_append (text, "\n## Pour candidater\n");
          fast = describe_diagnostics (text->str, text->len, name, FALSE);
          full = describe_diagnostics (text->str, text->len, name, TRUE);
          if (g_strcmp0 (fast, full) != 0)
            g_test_message ("%s, variant %u:\n%s", name, v, text->str);
          g_assert_cmpstr (fast, ==, full);
          n_variants++;
          if (strstr (full, "site-renders-differently") != NULL)
            n_with_difference++;
          if (strstr (full, "template-text") != NULL)
            n_with_template++;
        }
    }
  g_test_message ("%u variants of %u postings, %u of them with a difference, %u with the template's text",
                  n_variants, names->len, n_with_difference, n_with_template);
  /* the variants do reach the cases the skips are about */
  g_assert_cmpuint (n_with_difference, >, n_variants / 10);
  g_assert_cmpuint (n_with_template, >, n_variants / 50);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validator-corpus/jobs/readable", test_jobs);
  g_test_add_func ("/validator-corpus/jobs/known-faults", test_jobs_known);
  g_test_add_func ("/validator-corpus/jobs/skips", test_jobs_skips);
  g_test_add_func ("/validator-corpus/broken/table", test_broken_table_complete);
  g_test_add_func ("/validator-corpus/broken/lines", test_broken_lines);
  g_test_add_func ("/validator-corpus/broken/fix", test_broken_fix);
  g_test_add_func ("/validator-corpus/broken/fix-values", test_broken_fix_values);

  return g_test_run ();
}
