/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "postings-core.h"
#include "postings-spell-private.h"

/* The words of @text joined by "|". */
static char *
join_words (const char *text, GArray *words)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < words->len; i++)
    {
      PostingsWord *w = &g_array_index (words, PostingsWord, i);

      g_assert_cmpuint (w->start, <, w->end);
      if (i > 0)
        {
          g_assert_cmpuint (w->start, >=, g_array_index (words, PostingsWord, i - 1).end);
          g_string_append_c (out, '|');
        }
      g_string_append_len (out, text + w->start, (gssize) (w->end - w->start));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
words_of (const char *text, PostingsWordsMode mode)
{
  g_autoptr(GArray) words = postings_words_split (text, -1, mode);
  return join_words (text, words);
}

typedef struct
{
  const char *name;
  const char *text;
  const char *words;
} SplitCase;

static const SplitCase split_cases[] = {
  { "prose", "L’équipe recrute un·e développeur·euse, l'équipe aussi !",
    "L’équipe|recrute|un·e|développeur·euse|l'équipe|aussi" },
  { "inclusive-forms", "chargé·e salarié·e·s développeur.se chargé(e) chargé(e)s collaborateur·rice étudiant-e",
    "chargé·e|salarié·e·s|développeur.se|chargé(e)|chargé(e)s|collaborateur·rice|étudiant-e" },
  { "sentence-end", "Il est développeur.\nElle est cheffe. Fin.",
    "Il|est|développeur|Elle|est|cheffe|Fin" },
  { "hyphen", "peut-être full-stack Île-de-France", "peut-être|full-stack|Île-de-France" },
  { "emphasis", "**Chargé·e** _important_ *mot*", "Chargé·e|important|mot" },
  { "code-span", "Un `code inconnu` puis ``deux ` ticks`` fin", "Un|puis|fin" },
  { "code-span-unclosed", "Un ` seul", "Un|seul" },
  { "fenced-code", "Avant\n\n```sh\nmotdecode autre\n```\n\nAprès", "Avant|Après" },
  { "tilde-fence", "Avant\n\n~~~\nmotdecode\n~~~\nAprès", "Avant|Après" },
  { "indented-code", "Avant\n\n    motdecode indenté\n\nAprès", "Avant|Après" },
  { "url", "Voir https://beta.gouv.fr/recrutement?x=motdurl et http://exemple.fr/chemin fin", "Voir|et|fin" },
  { "www-and-domain", "Sur www.exemple.fr ou beta.gouv.fr et le fichier cv.pdf.", "Sur|ou|et|le|fichier" },
  { "email", "Écrire à recrutement@beta.gouv.fr ou (contact@exemple.fr), @betagouv", "Écrire|ou" },
  { "html-tag", "Du <span style=\"color: red\">texte</span> et <br/> <a href='x'>lien</a>", "Du|texte|et|lien" },
  { "html-comment", "Avant <!--StartFragment--> milieu <!-- un commentaire\nsur deux lignes --> après", "Avant|milieu|après" },
  { "link-target", "[Postuler ici](https://exemple.fr/postuler \"titre\") et [réf][refid] puis", "Postuler|ici|et|réf|puis" },
  { "image-data-uri", "![Logo du ministère](data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==) fin", "Logo|du|ministère|fin" },
  { "bare-data-uri", "data:image/png;base64,AAAAbbbbCCCC fin", "fin" },
  { "autolink", "Voir <https://exemple.fr/motdurl> ou <nom@exemple.fr>", "Voir|ou" },
  { "reference-definition", "Texte\n\n[refid]: https://exemple.fr \"Titre\"\n  [autre]: /chemin\n", "Texte" },
  { "entities", "Caf&eacute; &amp; th&#233; &nbsp;", "Caf|th" },
  { "liquid-and-attributes", "Lien{:target=\"_blank\"} {% include x.html %} {{ page.title }} fin", "Lien|fin" },
  { "digits-underscores", "En 2024 la B2B H24 mot_clé et 3D, le 1er et la 2e", "En|la|et|le|et|la" },
  { "single-letters", "H/F à y a", "" },
  { "path", "Le dossier /img/jobs/logo et ./x/y", "Le|dossier|et" },
  { "escapes", "Un \\*astérisque\\* ici", "Un|astérisque|ici" },
  { "table", "| Poste | Lieu |\n|---|---|\n| Développeur | Paris |", "Poste|Lieu|Développeur|Paris" },
  { "lone-angle", "a < b et c > d: moins", "et|moins" },
};

static void
test_split_case (gconstpointer data)
{
  const SplitCase *c = data;
  g_autofree char *words = words_of (c->text, POSTINGS_WORDS_MARKDOWN);

  g_assert_cmpstr (words, ==, c->words);
}

static void
test_split_plain_keeps_indented_text (void)
{
  /* a form row is one line of prose: no code blocks there */
  g_autofree char *words = words_of ("    Chargé·e de mission", POSTINGS_WORDS_PLAIN);

  g_assert_cmpstr (words, ==, "Chargé·e|de|mission");
}

/* A form row's value: one line of prose, where Markdown means nothing but
 * URLs, addresses and code still are not words. */
static void
test_split_plain_row (void)
{
  static const struct { const char *text; const char *words; } cases[] = {
    { "Développeur·euse full-stack (H/F)", "Développeur·euse|full-stack" },
    { "# Chargé(e) de *mission* _RH_", "Chargé(e)|de|mission|RH" },
    { "Voir https://beta.gouv.fr ou écrire à rh@beta.gouv.fr", "Voir|ou|écrire" },
    { "L’équipe d'Etalab recrute", "L’équipe|d'Etalab|recrute" },
    { "Intégrateur `npm` B2B", "Intégrateur" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *words = words_of (cases[i].text, POSTINGS_WORDS_PLAIN);

      g_test_message ("%s", cases[i].text);
      g_assert_cmpstr (words, ==, cases[i].words);
    }
}

static void
test_split_long_data_uri (void)
{
  /* a pasted image: one word before, one after, nothing of the blob */
  g_autoptr(GString) text = g_string_new ("Avant ![image](data:image/png;base64,");

  for (guint i = 0; i < 200000; i++)
    g_string_append (text, "QUJD");
  g_string_append (text, ") après");
  {
    g_autofree char *words = words_of (text->str, POSTINGS_WORDS_MARKDOWN);
    g_assert_cmpstr (words, ==, "Avant|image|après");
  }
}

static void
test_split_invalid_utf8 (void)
{
  const char text[] = "mot \xff\xfe autre \xc3";
  g_autofree char *words = words_of (text, POSTINGS_WORDS_MARKDOWN);

  g_assert_cmpstr (words, ==, "mot|autre");
}

static const char *document_text =
  "---\n"
  "roles: Chargé·e de déploiement\n"
  "title: 'L''incubateur recrute'\n"
  "open: true\n"
  "friend: Incubateur des Territoires\n"
  "contact: nom@exemple.fr\n"
  "techno:\n"
  "  - Python\n"
  "contrat: indépendent\n"
  "---\n"
  "Le texte `code`.\n";

static void
test_split_document (void)
{
  g_autoptr(PostingsDocument) doc = postings_document_new_from_data (document_text, -1);
  g_autoptr(GArray) words = postings_words_split_document (doc, NULL);
  g_autofree char *joined = join_words (document_text, words);

  /* keys never; values of roles, title, contrat; not friend, techno, contact */
  g_assert_cmpstr (joined, ==, "Chargé·e|de|déploiement|incubateur|recrute|indépendent|Le|texte");
}

static void
test_split_front_matter (void)
{
  const char *yaml = "roles: Développeur·euse\nstartup: mon-produit\ntitle:\nopen: true";
  g_autoptr(GArray) words = postings_words_split_front_matter (yaml, -1, NULL);
  g_autofree char *joined = join_words (yaml, words);

  g_assert_cmpstr (joined, ==, "Développeur·euse");

  /* a header that does not parse: no words, no crash */
  {
    const char *broken = "roles: Chargé: de mission\n  - x";
    g_autoptr(GArray) none = postings_words_split_front_matter (broken, -1, NULL);
    g_assert_cmpuint (none->len, ==, 0);
  }
}

static void
test_prose_keys (void)
{
  g_auto(GStrv) keys = postings_words_prose_keys (NULL);

  g_assert_true (g_strv_contains ((const char * const *) keys, "roles"));
  g_assert_true (g_strv_contains ((const char * const *) keys, "title"));
  g_assert_false (g_strv_contains ((const char * const *) keys, "friend"));
  g_assert_false (g_strv_contains ((const char * const *) keys, "open"));
}

/* A small dictionary, to test the rules on their own. */
static gboolean
set_check_cb (const char *form, gsize len, gpointer user_data)
{
  g_autofree char *key = g_strndup (form, len);
  return g_hash_table_contains (user_data, key);
}

static void
test_check_rules (void)
{
  static const char * const known[] = {
    "chargé", "chargée", "chargées", "développeur", "développeuse", "collaborateur",
    "collaboratrice", "salarié", "salariée", "salariées", "équipe", "peut-être", "full", "stack",
    "sportif", "sportive", "technicien", "technicienne", "l'équipe", "aujourd'hui",
  };
  g_autoptr(GHashTable) dict = g_hash_table_new (g_str_hash, g_str_equal);
  static const char * const right[] = {
    "chargé·e", "chargé·es", "chargé.e.s", "chargé(e)", "chargé(e)s", "chargé-e", "développeur·euse",
    "développeur.se", "développeur(euse)", "collaborateur·rice", "collaborateur·trice", "salarié·e·s",
    "sportif·ve", "technicien·ne", "l’équipe", "d’équipe", "qu'équipe",
    "aujourd’hui", "full-stack", "RH", "DINUM", "GitHub", "FranceConnect",
  };
  static const char * const wrong[] = {
    "chargé·x", "développeur·eus", "dévelopeur·euse", "équipee", "x’équipe", "full-stak", "Chargé·zz",
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    g_hash_table_add (dict, (gpointer) known[i]);

  for (guint i = 0; i < G_N_ELEMENTS (right); i++)
    {
      g_test_message ("%s", right[i]);
      g_assert_true (postings_word_check (right[i], strlen (right[i]), set_check_cb, dict));
    }
  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_test_message ("%s", wrong[i]);
      g_assert_false (postings_word_check (wrong[i], strlen (wrong[i]), set_check_cb, dict));
    }
}

/* The real French dictionary ------------------------------------------ */

static PostingsSpellChecker *
french_or_skip (void)
{
  g_autoptr(GError) error = NULL;
  PostingsSpellChecker *checker = postings_spell_checker_get_for_language (NULL, &error);

  if (checker == NULL)
    {
      g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_FOUND);
      g_test_skip ("no French dictionary: install hunspell-fr (build-aux/debian-packages.txt)");
    }
  return checker;
}

static void
test_french_inclusive (void)
{
  g_autoptr(PostingsSpellChecker) fr = french_or_skip ();
  static const char * const right[] = {
    "chargé·e", "chargé·es", "développeur·euse", "collaborateur·rice", "salarié·e·s",
    "développeur.se", "chargé(e)", "chargé(e)s", "ingénieur·e", "l'équipe", "l’équipe",
    "d’accompagnement", "aujourd’hui", "Chargé·e", "Développeur·euse", "directeur·rice·s",
    "technicien·ne", "étudiant·e·s", "peut-être", "qu’il",
  };
  static const char * const wrong[] = {
    "dévelopeur", "chargé·zz", "l’équipee", "indépendent", "recrutemment", "full-stak",
  };

  if (fr == NULL)
    return;
  g_assert_true (g_str_has_prefix (postings_spell_checker_get_language (fr), "fr"));
  for (guint i = 0; i < G_N_ELEMENTS (right); i++)
    {
      g_test_message ("%s", right[i]);
      g_assert_true (postings_spell_checker_check_word (fr, right[i], -1));
    }
  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_test_message ("%s", wrong[i]);
      g_assert_false (postings_spell_checker_check_word (fr, wrong[i], -1));
    }
}

static void
test_french_suggest (void)
{
  g_autoptr(PostingsSpellChecker) fr = french_or_skip ();
  g_auto(GStrv) plain = NULL;
  g_auto(GStrv) inclusive = NULL;

  if (fr == NULL)
    return;
  plain = postings_spell_checker_suggest (fr, "dévelopeur", -1, 5);
  g_assert_true (g_strv_contains ((const char * const *) plain, "développeur"));
  g_assert_cmpuint (g_strv_length (plain), <=, 5);

  /* the misspelt base is corrected, the suffix kept */
  inclusive = postings_spell_checker_suggest (fr, "dévelopeur·euse", -1, 5);
  g_assert_true (g_strv_contains ((const char * const *) inclusive, "développeur·euse"));
}

/* A word asked again is answered from the cache: the dictionary is asked
 * once per distinct word, and corrections once per misspelt part. */
static void
test_french_cache (void)
{
  g_autoptr(PostingsSpellChecker) fr = french_or_skip ();
  g_auto(GStrv) first = NULL;
  g_auto(GStrv) again = NULL;
  g_auto(GStrv) elided = NULL;
  guint checks, checks_after, suggests, suggests_after;

  if (fr == NULL)
    return;
  _postings_spell_checker_get_counts (fr, &checks, &suggests);
  g_assert_false (postings_spell_checker_check_word (fr, "recrutemmentz", -1));
  _postings_spell_checker_get_counts (fr, &checks_after, NULL);
  g_assert_cmpuint (checks_after, >, checks);
  checks = checks_after;
  for (guint i = 0; i < 5; i++)
    g_assert_false (postings_spell_checker_check_word (fr, "recrutemmentz", -1));
  g_assert_true (postings_spell_checker_check_word (fr, "recrutement", -1));
  g_assert_true (postings_spell_checker_check_word (fr, "recrutement", -1));
  _postings_spell_checker_get_counts (fr, &checks_after, NULL);
  g_assert_cmpuint (checks_after, ==, checks + 1);  /* "recrutement", once */

  first = postings_spell_checker_suggest (fr, "l’Etatt", -1, 3);
  _postings_spell_checker_get_counts (fr, NULL, &suggests_after);
  g_assert_cmpuint (suggests_after, ==, suggests + 1);
  again = postings_spell_checker_suggest (fr, "l’Etatt", -1, 3);
  g_assert_true (g_strv_equal ((const char * const *) first, (const char * const *) again));
  /* another elision of the same word: its corrections are built on the same part */
  elided = postings_spell_checker_suggest (fr, "d’Etatt", -1, 3);
  _postings_spell_checker_get_counts (fr, NULL, &suggests_after);
  g_assert_cmpuint (suggests_after, ==, suggests + 1);
  g_assert_cmpuint (g_strv_length (elided), ==, g_strv_length (first));
  for (guint i = 0; first[i] != NULL; i++)
    {
      g_assert_true (g_str_has_prefix (first[i], "l’"));
      g_assert_true (g_str_has_prefix (elided[i], "d’"));
      g_assert_cmpstr (first[i] + strlen ("l’"), ==, elided[i] + strlen ("d’"));
    }
}

static void
test_french_add_and_ignore (void)
{
  g_autoptr(PostingsSpellChecker) fr = french_or_skip ();

  if (fr == NULL)
    return;
  /* XDG_CONFIG_HOME is a throw-away folder (main): so is the personal dictionary */
  g_assert_false (postings_spell_checker_check_word (fr, "Mobilic", -1));
  postings_spell_checker_add_word (fr, "Mobilic", -1);
  g_assert_true (postings_spell_checker_check_word (fr, "Mobilic", -1));

  g_assert_false (postings_spell_checker_check_word (fr, "Zorglub", -1));
  postings_spell_checker_ignore_word (fr, "Zorglub", -1);
  g_assert_true (postings_spell_checker_check_word (fr, "Zorglub", -1));
}

static void
test_french_document (void)
{
  g_autoptr(PostingsSpellChecker) fr = french_or_skip ();
  g_autoptr(PostingsDocument) doc = NULL;
  g_autoptr(GArray) words = NULL;
  g_autoptr(GArray) unknown = NULL;
  g_autofree char *joined = NULL;
  const char *text;

  if (fr == NULL)
    return;
  doc = postings_document_new_from_data (document_text, -1);
  text = postings_document_get_text (doc, NULL);
  words = postings_words_split_document (doc, NULL);
  unknown = postings_spell_checker_check_words (fr, text, words);
  joined = join_words (text, unknown);
  g_assert_cmpstr (joined, ==, "indépendent");
}

static void
test_languages (void)
{
  g_auto(GStrv) languages = postings_spell_list_languages ();
  g_autofree char *fr_be = postings_spell_describe_language ("fr_BE");
  g_autofree char *unknown = postings_spell_describe_language ("xx_YY");
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsSpellChecker) none = postings_spell_checker_get_for_language ("xx_YY", &error);

  g_assert_null (none);
  g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_FOUND);
  g_assert_cmpstr (fr_be, ==, "French (Belgium)");
  g_assert_cmpstr (unknown, ==, "xx_YY");
  for (guint i = 0; languages[i] != NULL; i++)
    if (i > 0)
      g_assert_cmpint (strcmp (languages[i - 1], languages[i]), <, 0);
}

int
main (int argc, char *argv[])
{
  g_autofree char *config = g_dir_make_tmp ("postings-words-XXXXXX", NULL);
  g_autofree char *command = NULL;
  int status;

  /* enchant keeps the personal dictionary there: a throw-away one */
  g_assert_nonnull (config);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (split_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/words/split/", split_cases[i].name, NULL);
      g_test_add_data_func (path, &split_cases[i], test_split_case);
    }
  g_test_add_func ("/words/split/plain", test_split_plain_keeps_indented_text);
  g_test_add_func ("/words/split/plain-row", test_split_plain_row);
  g_test_add_func ("/words/split/long-data-uri", test_split_long_data_uri);
  g_test_add_func ("/words/split/invalid-utf8", test_split_invalid_utf8);
  g_test_add_func ("/words/split/document", test_split_document);
  g_test_add_func ("/words/split/front-matter", test_split_front_matter);
  g_test_add_func ("/words/prose-keys", test_prose_keys);
  g_test_add_func ("/words/check/rules", test_check_rules);
  g_test_add_func ("/spell/french/inclusive", test_french_inclusive);
  g_test_add_func ("/spell/french/suggest", test_french_suggest);
  g_test_add_func ("/spell/french/cache", test_french_cache);
  g_test_add_func ("/spell/french/add-and-ignore", test_french_add_and_ignore);
  g_test_add_func ("/spell/french/document", test_french_document);
  g_test_add_func ("/spell/languages", test_languages);

  status = g_test_run ();
  command = g_strdup_printf ("rm -rf '%s'", config);
  if (system (command) != 0)
    g_printerr ("could not remove %s\n", config);
  return status;
}
