/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "postings-core.h"

typedef struct
{
  const char *roles;
  const char *slug;
} Example;

static gboolean
is_well_formed_slug (const char *slug)
{
  gboolean after_separator = TRUE;

  if (slug[0] == '\0')
    return FALSE;

  for (const char *p = slug; *p; p++)
    {
      if (*p == '.')
        {
          if (after_separator)
            return FALSE;
          after_separator = TRUE;
        }
      else if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
        after_separator = FALSE;
      else
        return FALSE;
    }

  return !after_separator;
}

static void
check_examples (const Example *examples,
                gsize          n)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *slug = postings_slugify (examples[i].roles);

      g_test_message ("« %s » → %s", examples[i].roles ? examples[i].roles : "(null)", slug);
      g_assert_cmpstr (slug, ==, examples[i].slug);
      g_assert_true (is_well_formed_slug (slug));
    }
}

static void
test_slug_issue_example (void)
{
  g_autofree char *name = postings_file_name_for ("Chargé·e de déploiement", "2026-03-01");

  g_assert_cmpstr (name, ==, "2026-03-01-charge.e.de.deploiement.md");
}

static void
test_slug_accents (void)
{
  static const Example examples[] = {
    { "Développeuse ou développeur", "developpeuse.ou.developpeur" },
    { "CHARGÉE OU CHARGÉ DE DÉPLOIEMENT", "chargee.ou.charge.de.deploiement" },
    { "Économiste, maître d’œuvre", "economiste.maitre.d.oeuvre" },
    { "Ingénieur·e à Besançon, Straße", "ingenieur.e.a.besancon.strasse" },
    /* é as e + combining acute accent (NFD, as some editors write it) */
    { "Charge\xcc\x81" "e", "chargee" },
    { "Œuvre ÆØ ïüÿ", "oeuvre.aeoe.iuy" },
  };

  check_examples (examples, G_N_ELEMENTS (examples));
}

static void
test_slug_inclusive_writing (void)
{
  static const Example examples[] = {
    { "Chargé·e de déploiement", "charge.e.de.deploiement" },       /* U+00B7 middle dot */
    { "Développeur‧se full stack", "developpeur.se.full.stack" },   /* U+2027 hyphenation point */
    { "DÉVELOPPEUR•EUSE WEB SENIOR", "developpeur.euse.web.senior" }, /* U+2022 bullet */
    { "Chargé.e de communication", "charge.e.de.communication" },
    { "Chef(fe) de produit", "chef.fe.de.produit" },
    { "Un(e) développeur(se)", "un.e.developpeur.se" },
    { "Administrateur/trice", "administrateur.trice" },
  };

  check_examples (examples, G_N_ELEMENTS (examples));
}

static void
test_slug_punctuation (void)
{
  static const Example examples[] = {
    /* YAML traps: « : », quotes, apostrophes, #, &, leading @ */
    { "Responsable : produit", "responsable.produit" },
    { "Chargé de projet « Territoires connectés »", "charge.de.projet.territoires.connectes" },
    { "L'incubateur recrute", "l.incubateur.recrute" },
    { "Chargé d’acquisition", "charge.d.acquisition" },
    { "\"Designer UX\"", "designer.ux" },
    { "#1 Dev C# & Go", "1.dev.c.go" },
    { "R&D", "r.d" },
    { "@Dev fullstack", "dev.fullstack" },
    { "Dev full-stack — Python/Django (H/F)", "dev.full.stack.python.django.h.f" },
    { "  --Bizdev et animation partenariale - ", "bizdev.et.animation.partenariale" },
    { "CHARGÉ·E DE CROISSANCE 🌱", "charge.e.de.croissance" },
    { "😍 Growth Hacker de JeVeuxAider.Gouv.fr !", "growth.hacker.de.jeveuxaider.gouv.fr" },
    { "Data scientist 2024\tnuit\nlongue", "data.scientist.2024.nuit.longue" },
    { "Développeur 日本語 Go", "developpeur.go" },
  };

  check_examples (examples, G_N_ELEMENTS (examples));
}

static void
test_slug_empty (void)
{
  static const Example examples[] = {
    { NULL, "offre" },
    { "", "offre" },
    { "   ", "offre" },
    { "·", "offre" },
    { "🌱🚀 !", "offre" },
    { "日本語", "offre" },
  };

  check_examples (examples, G_N_ELEMENTS (examples));
  g_assert_cmpstr (POSTINGS_SLUG_FALLBACK, ==, "offre");
}

static void
test_slug_long (void)
{
  g_autoptr(GString) roles = g_string_new (NULL);
  g_autoptr(GString) full = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);
  g_autofree char *slug = NULL;
  g_autofree char *long_word_slug = NULL;
  g_autofree char *name = NULL;
  gsize len;

  /* Many words: cut at a word boundary within the limit. */
  while (roles->len < 400)
    {
      g_string_append (roles, "Chargé·e de déploiement territorial ");
      g_string_append (full, full->len ? ".charge.e.de.deploiement.territorial"
                                       : "charge.e.de.deploiement.territorial");
    }
  slug = postings_slugify (roles->str);
  len = strlen (slug);
  g_test_message ("capped slug: %s", slug);
  g_assert_cmpuint (len, <=, POSTINGS_SLUG_MAX_LENGTH);
  g_assert_cmpuint (len, >=, POSTINGS_SLUG_MAX_LENGTH / 2);
  g_assert_true (is_well_formed_slug (slug));
  /* A prefix of the whole slug ending with a whole word, the longest one. */
  g_assert_true (g_str_has_prefix (full->str, slug));
  g_assert_cmpint (full->str[len], ==, '.');
  g_assert_null (memchr (full->str + len + 1, '.', POSTINGS_SLUG_MAX_LENGTH - len));

  /* One enormous word: cut inside it, exactly at the limit. */
  for (guint i = 0; i < 300; i++)
    g_string_append (word, "é");
  long_word_slug = postings_slugify (word->str);
  g_assert_cmpuint (strlen (long_word_slug), ==, POSTINGS_SLUG_MAX_LENGTH);
  g_assert_true (is_well_formed_slug (long_word_slug));

  /* The whole name stays far below the usual 255-byte file name limit. */
  name = postings_file_name_for (roles->str, "2026-03-01");
  g_assert_cmpuint (strlen (name), ==, strlen ("2026-03-01-") + len + strlen (".md"));
  g_assert_cmpuint (strlen (name), <, 255);

  /* Exactly at the limit: untouched; one more character: cut. */
  {
    g_autofree char *exact = g_strnfill (POSTINGS_SLUG_MAX_LENGTH, 'a');
    g_autofree char *exact_slug = postings_slugify (exact);
    g_autofree char *longer = g_strconcat (exact, " b", NULL);
    g_autofree char *longer_slug = postings_slugify (longer);

    g_assert_cmpstr (exact_slug, ==, exact);
    g_assert_cmpstr (longer_slug, ==, exact);
  }
}

/* Whatever the input, the slug is [a-z0-9]+ separated by single dots. */
static void
test_slug_random (void)
{
  static const char * const pieces[] = {
    "a", "Z", "9", "é", "Œ", "·", "‧", "•", " ", "-", ".", "'", "’", ":", "#", "&", "@",
    "/", "\\", "\"", "«", "»", "🌱", "日", "\t", "\n", "(", ")", "ß", "İ", "ı", "\xcc\x81",
  };

  for (guint round = 0; round < 2000; round++)
    {
      g_autoptr(GString) roles = g_string_new (NULL);
      g_autofree char *slug = NULL;
      guint n = g_test_rand_int_range (0, 40);

      for (guint i = 0; i < n; i++)
        g_string_append (roles, pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);

      slug = postings_slugify (roles->str);
      if (!is_well_formed_slug (slug))
        g_error ("« %s » gives the malformed slug “%s”", roles->str, slug);
      g_assert_cmpuint (strlen (slug), <=, POSTINGS_SLUG_MAX_LENGTH);
    }

  /* Invalid UTF-8 does not leak into the slug either. */
  {
    g_autofree char *slug = postings_slugify ("Dev\xff\xfe ops");

    g_assert_cmpstr (slug, ==, "dev.ops");
  }
}

static void
test_slug_file_name (void)
{
  char *name;

  name = postings_file_name_for ("Data Engineer", "2022-05-06");
  g_assert_cmpstr (name, ==, "2022-05-06-data.engineer.md");
  g_free (name);

  /* A timestamp names the file by its day. */
  name = postings_file_name_for ("Un·e chargé·e de déploiement", "2021-11-24T11:24:29.597Z");
  g_assert_cmpstr (name, ==, "2021-11-24-un.e.charge.e.de.deploiement.md");
  g_free (name);

  name = postings_file_name_for ("", "2024-02-29");
  g_assert_cmpstr (name, ==, "2024-02-29-offre.md");
  g_free (name);

  name = postings_file_name_for_nth ("Data Engineer", "2022-05-06", 2);
  g_assert_cmpstr (name, ==, "2022-05-06-data.engineer-2.md");
  g_free (name);

  name = postings_file_name_for_nth ("Data Engineer", "2022-05-06", 1);
  g_assert_cmpstr (name, ==, "2022-05-06-data.engineer.md");
  g_free (name);

  /* Not dates */
  g_assert_null (postings_file_name_for ("Dev", NULL));
  g_assert_null (postings_file_name_for ("Dev", ""));
  g_assert_null (postings_file_name_for ("Dev", "2026-3-1"));
  g_assert_null (postings_file_name_for ("Dev", "2026-02-30"));
  g_assert_null (postings_file_name_for ("Dev", "2023-02-29"));
  g_assert_null (postings_file_name_for ("Dev", "2026-13-01"));
  g_assert_null (postings_file_name_for ("Dev", "2026-03-01x"));
  g_assert_null (postings_file_name_for ("Dev", "../../etc"));
  g_assert_null (postings_file_name_for ("Dev", "aaaa-bb-cc"));

  g_assert_true (postings_date_is_valid ("2026-03-01"));
  g_assert_true (postings_date_is_valid ("2024-02-29"));
  g_assert_false (postings_date_is_valid ("2026-03-01T00:00:00Z"));
  g_assert_false (postings_date_is_valid ("2026-00-10"));
  g_assert_false (postings_date_is_valid (NULL));
}

static void
test_slug_parse (void)
{
  g_autofree char *date = NULL;
  g_autofree char *slug = NULL;

  g_assert_true (postings_file_name_parse ("2021-11-24-un.e.charge.e.de.deploiement.md", &date, &slug));
  g_assert_cmpstr (date, ==, "2021-11-24");
  g_assert_cmpstr (slug, ==, "un.e.charge.e.de.deploiement");
  g_clear_pointer (&date, g_free);
  g_clear_pointer (&slug, g_free);

  /* The corpus file Jekyll ignores for lack of `.md`. */
  g_assert_true (postings_file_name_parse ("2022-07-28-UX-mon-entreprise", &date, &slug));
  g_assert_cmpstr (date, ==, "2022-07-28");
  g_assert_cmpstr (slug, ==, "UX-mon-entreprise");

  g_assert_false (postings_file_name_parse ("README.md", NULL, NULL));
  g_assert_false (postings_file_name_parse ("2021-11-24.md", NULL, NULL));
  g_assert_false (postings_file_name_parse ("2021-13-24-x.md", NULL, NULL));
}

static char *
corpus_dir (void)
{
  const char *dir = g_getenv ("POSTINGS_CORPUS_DIR");

  if (dir == NULL)
    return NULL;
  return g_build_filename (dir, "jobs", NULL);
}

/* Real postings whose names the former CMS made from their roles, with the
 * traps above: middle dots, capitals, emoji, « : », ’, guillemets, slashes. */
static const char * const corpus_examples[] = {
  "2021-11-24-un.e.charge.e.de.deploiement.md",
  "2021-11-17-charge.e.de.croissance.md",
  "2021-12-06-developpeur.euse.web.senior.md",
  "2021-10-25-charge.e.de.deploiement.md",
  "2021-05-11-profil.recherche.charge.e.d.assistance.aux.utilisateurs.service.national.universel.md",
  "2022-05-12-charge.de.projet.territoires.connectes.et.durables.data.et.services.f.h.md",
  "2021-05-04-charge.ou.chargee.de.deploiement.psychologues.md",
  "2021-11-10-charge.e.d.assistance.aux.utilisateurs.et.d.animation.des.referents.md",
  "2022-06-28-un.ingenieur.ou.une.ingenieure.de.donnees.data.engineer.md",
  "2021-06-10-bizdev.et.animation.partenariale.md",
  "2021-07-05-administrateur.trice.systeme.senior.md",
  "2021-07-22-un.e.developpeur.euse.fullstack.md",
};

static char *
corpus_name_for (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PostingsDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *date = NULL;
  const char *roles;

  document = postings_document_new_for_file (file, NULL, &error);
  g_assert_no_error (error);

  if (postings_document_get_state (document) != POSTINGS_DOCUMENT_OK ||
      !postings_file_name_parse (basename, &date, NULL))
    return NULL;

  roles = postings_document_get_string (document, "roles");
  if (roles == NULL)
    return NULL;

  return postings_file_name_for (roles, date);
}

static void
test_slug_corpus (void)
{
  g_autofree char *dir = corpus_dir ();
  g_autoptr(GDir) listing = NULL;
  const char *basename;
  guint total = 0;
  guint matching = 0;

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("POSTINGS_CORPUS_DIR is not set or has no jobs/");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (corpus_examples); i++)
    {
      g_autofree char *path = g_build_filename (dir, corpus_examples[i], NULL);
      g_autofree char *name = corpus_name_for (path);

      g_assert_cmpstr (name, ==, corpus_examples[i]);
    }

  /* How many of the site's names follow the rule (the others were named by
   * hand, or by the CMS from an earlier roles). */
  listing = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (listing);
  while ((basename = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, basename, NULL);
      g_autofree char *name = corpus_name_for (path);

      if (name == NULL)
        continue;
      total++;
      if (g_str_equal (name, basename))
        matching++;
    }

  g_test_message ("%u of %u dated corpus postings are named by the rule", matching, total);
  g_assert_cmpuint (total, >, 500);
  g_assert_cmpuint (matching, >=, G_N_ELEMENTS (corpus_examples));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slug/issue-example", test_slug_issue_example);
  g_test_add_func ("/slug/accents", test_slug_accents);
  g_test_add_func ("/slug/inclusive-writing", test_slug_inclusive_writing);
  g_test_add_func ("/slug/punctuation", test_slug_punctuation);
  g_test_add_func ("/slug/empty", test_slug_empty);
  g_test_add_func ("/slug/long", test_slug_long);
  g_test_add_func ("/slug/random", test_slug_random);
  g_test_add_func ("/slug/file-name", test_slug_file_name);
  g_test_add_func ("/slug/parse", test_slug_parse);
  g_test_add_func ("/slug/corpus", test_slug_corpus);

  return g_test_run ();
}
