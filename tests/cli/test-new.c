/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `postings new` end to end: each case runs postings_cli_new() in a child
 * process (its own current folder, stdout and stderr), then checks the
 * exit status, the output and the files on disk. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "postings-cli.h"
#include "postings-core.h"

typedef struct
{
  char  *tmp;      /* temporary folder */
  char  *site;     /* tmp/site, a site repository (content/_jobs) */
  char  *jobs;     /* tmp/site/content/_jobs */
  char  *plain;    /* tmp/plain, not in a repository */
} Fixture;

/* What a run returned; its stdout and stderr are checked with
 * g_test_trap_assert_stdout/stderr(). */
typedef struct
{
  int status;
} Result;

/* The child: run `postings new` as the parent described it in the
 * environment, and hand back the exit status through a file. */
static void
child_run (void)
{
  const char *cwd = g_getenv ("POSTINGS_TEST_CWD");
  const char *args = g_getenv ("POSTINGS_TEST_ARGS");
  const char *status_file = g_getenv ("POSTINGS_TEST_STATUS");
  g_auto(GStrv) argv = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;
  int argc;

  if (!g_test_subprocess ())
    {
      g_test_skip ("runs postings new in the child processes of the other tests");
      return;
    }

  g_assert_nonnull (cwd);
  g_assert_cmpint (g_chdir (cwd), ==, 0);
  g_shell_parse_argv (args, &argc, &argv, &error);
  g_assert_no_error (error);

  status = g_strdup_printf ("%d", postings_cli_new (argc, argv));
  g_file_set_contents (status_file, status, -1, &error);
  g_assert_no_error (error);
}

static void
run_new (Fixture            *fixture,
         const char         *cwd,
         Result             *result,
         const char * const *args)
{
  g_autoptr(GString) command = g_string_new ("new");
  g_autofree char *status_file = g_build_filename (fixture->tmp, "status", NULL);
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; args[i] != NULL; i++)
    {
      g_autofree char *quoted = g_shell_quote (args[i]);

      g_string_append_c (command, ' ');
      g_string_append (command, quoted);
    }

  g_unlink (status_file);
  g_setenv ("POSTINGS_TEST_CWD", cwd, TRUE);
  g_setenv ("POSTINGS_TEST_ARGS", command->str, TRUE);
  g_setenv ("POSTINGS_TEST_STATUS", status_file, TRUE);

  g_test_message ("$ postings %s  (in %s)", command->str, cwd);
  g_test_trap_subprocess ("/cli/new/child", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  g_file_get_contents (status_file, &status, NULL, &error);
  g_assert_no_error (error);
  result->status = atoi (status);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->tmp = g_dir_make_tmp ("postings-new-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->site = g_build_filename (fixture->tmp, "site", NULL);
  fixture->jobs = g_build_filename (fixture->site, "content", "_jobs", NULL);
  fixture->plain = g_build_filename (fixture->tmp, "plain", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->jobs, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (fixture->plain, 0700), ==, 0);
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
  g_free (fixture->tmp);
  g_free (fixture->site);
  g_free (fixture->jobs);
  g_free (fixture->plain);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @dir, sorted, joined by spaces (hidden files included:
 * a left-over temporary file would show). */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **) names->pdata);
}

static PostingsDocument *
load (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  PostingsDocument *document = postings_document_new_for_file (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (postings_document_get_state (document), ==, POSTINGS_DOCUMENT_OK);
  return document;
}

static void
test_new_in_repository (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char * const args[] = { "--roles", "Chargé·e de déploiement", "--date", "2026-03-01", NULL };
  g_autofree char *path = g_build_filename (fixture->jobs, "2026-03-01-charge.e.de.deploiement.md", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(PostingsDocument) document = NULL;
  g_autoptr(PostingsDocument) expected = NULL;
  g_autoptr(GBytes) expected_bytes = NULL;
  g_autoptr(GError) error = NULL;
  Result result;
  gsize len;

  /* From the repository root, and from deeper inside it. */
  run_new (fixture, fixture->site, &result, args);
  g_assert_cmpint (result.status, ==, POSTINGS_EXIT_OK);
  g_test_trap_assert_stdout ("content/_jobs/2026-03-01-charge.e.de.deploiement.md\n");
  g_test_trap_assert_stderr ("");

  /* The template with roles and date set, nothing else. */
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  expected = postings_document_new_from_template ("Chargé·e de déploiement", "2026-03-01", &error);
  g_assert_no_error (error);
  expected_bytes = postings_document_serialize (expected);
  g_assert_cmpmem (contents, len, g_bytes_get_data (expected_bytes, NULL), g_bytes_get_size (expected_bytes));

  document = load (path);
  g_assert_cmpstr (postings_document_get_string (document, "roles"), ==, "Chargé·e de déploiement");
  g_assert_cmpstr (postings_document_get_string (document, "date"), ==, "2026-03-01");

  /* No temporary file left behind. */
  listing = list_dir (fixture->jobs);
  g_assert_cmpstr (listing, ==, "2026-03-01-charge.e.de.deploiement.md");

  /* From content/_jobs itself the path is just the name. */
  {
    static const char * const args2[] = { "--roles", "Data Engineer", "--date", "2026-03-02", NULL };

    run_new (fixture, fixture->jobs, &result, args2);
    g_assert_cmpint (result.status, ==, POSTINGS_EXIT_OK);
    g_test_trap_assert_stdout ("2026-03-02-data.engineer.md\n");
  }
}

static void
test_new_exists (Fixture       *fixture,
                 gconstpointer  data)
{
  static const char * const args[] = { "--roles", "Data Engineer", "--date", "2026-03-01", NULL };
  static const char * const args_2[] = { "--roles", "Data Engineer", "--date", "2026-03-01",
                                          "--name", "2026-03-01-data.engineer-2.md", NULL };
  g_autofree char *path = g_build_filename (fixture->jobs, "2026-03-01-data.engineer.md", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;
  Result result;

  g_file_set_contents (path, "mine, keep me\n", -1, &error);
  g_assert_no_error (error);

  run_new (fixture, fixture->site, &result, args);
  g_assert_cmpint (result.status, ==, POSTINGS_EXIT_ERRORS);
  g_test_trap_assert_stdout ("");
  g_test_trap_assert_stderr ("*content/_jobs/2026-03-01-data.engineer.md already exists*--name 2026-03-01-data.engineer-2.md*");

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "mine, keep me\n");
  listing = list_dir (fixture->jobs);
  g_assert_cmpstr (listing, ==, "2026-03-01-data.engineer.md");

  /* The suggested name works. */
  run_new (fixture, fixture->site, &result, args_2);
  g_assert_cmpint (result.status, ==, POSTINGS_EXIT_OK);
  g_test_trap_assert_stdout ("content/_jobs/2026-03-01-data.engineer-2.md\n");

  /* Then the next suggestion is -3. */
  run_new (fixture, fixture->site, &result, args);
  g_assert_cmpint (result.status, ==, POSTINGS_EXIT_ERRORS);
  g_test_trap_assert_stderr ("*--name 2026-03-01-data.engineer-3.md*");

  /* A dangling symbolic link holds the name too: never written through. */
  {
    g_autofree char *link = g_build_filename (fixture->jobs, "2026-03-01-dev.md", NULL);
    g_autofree char *target = g_build_filename (fixture->tmp, "target.md", NULL);
    static const char * const args_dev[] = { "--roles", "Dev", "--date", "2026-03-01", NULL };

    g_assert_cmpint (symlink (target, link), ==, 0);
    run_new (fixture, fixture->site, &result, args_dev);
    g_assert_cmpint (result.status, ==, POSTINGS_EXIT_ERRORS);
    g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  }
}

static void
test_new_outside_repository (Fixture       *fixture,
                             gconstpointer  data)
{
  static const char * const args[] = { "--roles", "Designer UX/UI", "--date", "2026-03-01", NULL };
  g_autofree char *path = g_build_filename (fixture->plain, "2026-03-01-designer.ux.ui.md", NULL);
  Result result;

  run_new (fixture, fixture->plain, &result, args);
  g_assert_cmpint (result.status, ==, POSTINGS_EXIT_OK);
  g_test_trap_assert_stdout ("2026-03-01-designer.ux.ui.md\n");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
test_new_dir (Fixture       *fixture,
              gconstpointer  data)
{
  static const char * const args[] = { "--dir", "../plain", "--roles", "Coach", "--date", "2026-03-01", NULL };
  static const char * const missing[] = { "--dir", "nowhere", "--roles", "Coach", NULL };
  g_autofree char *path = g_build_filename (fixture->plain, "2026-03-01-coach.md", NULL);
  g_autofree char *listing = NULL;
  Result result;

  /* --dir wins over the repository, and names the printed path. */
  run_new (fixture, fixture->site, &result, args);
  g_assert_cmpint (result.status, ==, POSTINGS_EXIT_OK);
  g_test_trap_assert_stdout ("../plain/2026-03-01-coach.md\n");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  listing = list_dir (fixture->jobs);
  g_assert_cmpstr (listing, ==, "");

  run_new (fixture, fixture->site, &result, missing);
  g_assert_cmpint (result.status, ==, POSTINGS_EXIT_USAGE);
  g_test_trap_assert_stderr ("*nowhere*");
}

static void
test_new_key_values (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char * const args[] = {
    "--roles", "Développeur·se", "--date", "2026-03-01",
    "open=false", "junior=oui", "techno=Python", "techno=Go: le langage",
    "domaines=Design", "domaines=Data", "title=L'incubateur : recrute #1",
    "contact=equipe@beta.gouv.fr", "externalUrl=https://example.org/offre",
    "depublication_date=2026-06-30", "startup=lapins", "nombre=42", NULL,
  };
  g_autofree char *path = g_build_filename (fixture->jobs, "2026-03-01-developpeur.se.md", NULL);
  g_autoptr(PostingsDocument) document = NULL;
  g_auto(GStrv) techno = NULL;
  g_auto(GStrv) domaines = NULL;
  gboolean flag;
  Result result;

  run_new (fixture, fixture->site, &result, args);
  g_assert_cmpint (result.status, ==, POSTINGS_EXIT_OK);
  g_test_trap_assert_stdout ("content/_jobs/2026-03-01-developpeur.se.md\n");
  g_test_trap_assert_stderr ("*externalUrl*externalURL*");

  document = load (path);
  g_assert_true (postings_document_get_boolean (document, "open", &flag));
  g_assert_false (flag);
  g_assert_true (postings_document_get_boolean (document, "junior", &flag));
  g_assert_true (flag);
  techno = postings_document_dup_list (document, "techno");
  g_assert_cmpuint (g_strv_length (techno), ==, 2);
  g_assert_cmpstr (techno[0], ==, "Python");
  g_assert_cmpstr (techno[1], ==, "Go: le langage");
  domaines = postings_document_dup_list (document, "domaines");
  g_assert_cmpuint (g_strv_length (domaines), ==, 2);
  g_assert_cmpstr (domaines[0], ==, "Design");
  g_assert_cmpstr (domaines[1], ==, "Data");
  g_assert_cmpstr (postings_document_get_string (document, "title"), ==, "L'incubateur : recrute #1");
  g_assert_cmpstr (postings_document_get_string (document, "contact"), ==, "equipe@beta.gouv.fr");
  g_assert_cmpstr (postings_document_get_string (document, "externalURL"), ==, "https://example.org/offre");
  g_assert_null (postings_document_lookup (document, "externalUrl"));
  g_assert_cmpstr (postings_document_get_string (document, "depublication_date"), ==, "2026-06-30");
  g_assert_cmpstr (postings_document_get_string (document, "startup"), ==, "lapins");
  g_assert_cmpstr (postings_document_get_string (document, "nombre"), ==, "42");

  /* Keys in schema order, unknown ones after. */
  {
    static const char * const order[] = {
      "roles", "title", "open", "junior", "date", "depublication_date", "startup",
      "domaines", "techno", "externalURL", "contact", "nombre",
    };

    g_assert_cmpuint (postings_document_get_n_entries (document), ==, G_N_ELEMENTS (order));
    for (guint i = 0; i < G_N_ELEMENTS (order); i++)
      g_assert_cmpstr (postings_document_get_entry (document, i)->key, ==, order[i]);
  }
}

static void
test_new_usage (Fixture       *fixture,
                gconstpointer  data)
{
  static const struct {
    const char *args[8];
    const char *stderr_pattern;
  } cases[] = {
    { { NULL }, "*--roles*" },
    { { "--roles", "  ", NULL }, "*empty*" },
    { { "--roles", "Dev", "--date", "2026-02-30", NULL }, "*2026-02-30*" },
    { { "--roles", "Dev", "--date", "01/03/2026", NULL }, "*01/03/2026*" },
    { { "--roles", "Dev", "junior=maybe", NULL }, "*junior*maybe*" },
    { { "--roles", "Dev", "domaines=Cuisine", NULL }, "*Cuisine*Animation*" },
    { { "--roles", "Dev", "type=partner", NULL }, "*partner*friend*" },
    { { "--roles", "Dev", "poste_ferme=demain", NULL }, "*poste_ferme*" },
    { { "--roles", "Dev", "no-equal-sign", NULL }, "*no-equal-sign*" },
    { { "--roles", "Dev", "=value", NULL }, "*=value*" },
    { { "--roles", "Dev", "bad key=1", NULL }, "*bad key*" },
    { { "--roles", "Dev", "title=", NULL }, "*title*" },
    { { "--roles", "Dev", "title=a", "title=b", NULL }, "*title*twice*" },
    { { "--roles", "Dev", "roles=Autre", NULL }, "*roles*twice*" },
    { { "--roles", "Dev", "--name", "../evil.md", NULL }, "*../evil.md*" },
    { { "--roles", "Dev", "--name", ".hidden.md", NULL }, "*.hidden.md*" },
    { { "--roles", "Dev", "--name", "notes.txt", NULL }, "*notes.txt*" },
    { { "--roles", "Dev", "--unknown-option", NULL }, "*unknown-option*" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *listing = NULL;
      Result result;

      run_new (fixture, fixture->site, &result, cases[i].args);
      g_assert_cmpint (result.status, ==, POSTINGS_EXIT_USAGE);
      g_test_trap_assert_stdout ("");
      g_test_trap_assert_stderr (cases[i].stderr_pattern);

      /* Nothing written, anywhere. */
      listing = list_dir (fixture->jobs);
      g_assert_cmpstr (listing, ==, "");
      g_clear_pointer (&listing, g_free);
      listing = list_dir (fixture->plain);
      g_assert_cmpstr (listing, ==, "");
    }
}

/* The titles the Jekyll suite publishes: each file reads back with exactly
 * its roles, under the name the slug rule gives. */
static void
test_new_tricky_roles (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GString) very_long = g_string_new (NULL);
  const char *tricky[] = {
    "Chargé·e de déploiement",
    "Responsable : produit « numérique »",
    "L'incubateur recrute un·e développeur’se",
    "#1 Dev C# & Go",
    "@Dev fullstack",
    "R&D : 'données' & \"modèles\"",
    NULL,
  };
  guint n;

  while (very_long->len < 300)
    g_string_append (very_long, "Chargée ou chargé de déploiement territorial ");
  g_string_truncate (very_long, very_long->len - 1);

  for (n = 0; tricky[n] != NULL; n++)
    ;

  for (guint i = 0; i <= n; i++)
    {
      const char *roles = i < n ? tricky[i] : very_long->str;
      const char *args[] = { "--dir", fixture->plain, "--roles", roles, "--date", "2026-03-01", NULL };
      g_autofree char *name = postings_file_name_for (roles, "2026-03-01");
      g_autofree char *path = g_build_filename (fixture->plain, name, NULL);
      g_autofree char *expected_out = g_strconcat (path, "\n", NULL);
      g_autoptr(PostingsDocument) document = NULL;
      Result result;

      run_new (fixture, fixture->site, &result, args);
      g_assert_cmpint (result.status, ==, POSTINGS_EXIT_OK);
      g_test_trap_assert_stdout (expected_out);

      document = load (path);
      g_assert_cmpstr (postings_document_get_string (document, "roles"), ==, roles);
    }
}

static void
test_new_default_date (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char * const args[] = { "--roles", "Coach", NULL };
  g_autoptr(GDateTime) before = g_date_time_new_now_local ();
  g_autofree char *day_before = g_date_time_format (before, "%Y-%m-%d");
  g_autoptr(GDateTime) after = NULL;
  g_autofree char *day_after = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *expected_before = NULL;
  g_autofree char *expected_after = NULL;
  Result result;

  run_new (fixture, fixture->plain, &result, args);
  g_assert_cmpint (result.status, ==, POSTINGS_EXIT_OK);

  after = g_date_time_new_now_local ();
  day_after = g_date_time_format (after, "%Y-%m-%d");
  expected_before = g_strdup_printf ("%s-coach.md", day_before);
  expected_after = g_strdup_printf ("%s-coach.md", day_after);
  listing = list_dir (fixture->plain);
  g_assert_true (g_str_equal (listing, expected_before) || g_str_equal (listing, expected_after));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/new/child", child_run);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli/new/in-repository", test_new_in_repository);
  ADD ("/cli/new/exists", test_new_exists);
  ADD ("/cli/new/outside-repository", test_new_outside_repository);
  ADD ("/cli/new/dir", test_new_dir);
  ADD ("/cli/new/key-values", test_new_key_values);
  ADD ("/cli/new/usage", test_new_usage);
  ADD ("/cli/new/tricky-roles", test_new_tricky_roles);
  ADD ("/cli/new/default-date", test_new_default_date);

#undef ADD

  return g_test_run ();
}
