/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `postings check` end to end: runs the built executable (given as
 * --postings=PATH) without a display, on fixtures and on the corpus, and
 * checks its real output, exit status and the files it fixes. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "postings-core.h"

static const char *postings_exe;
/* POSTINGS_CHECK_THREADS for the runs, when not NULL */
static const char *check_threads;

typedef struct
{
  int status;
  char *out;
  char *err;
  double seconds;
} Run;

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs `postings ARGS…` in @cwd (NULL: the current folder), with no
 * display in the environment, in @language ("C" or "fr"). */
static void
run_va (Run *r, const char *cwd, const char *language, va_list ap)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  gint64 start;

  g_ptr_array_add (argv, (char *) postings_exe);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", language, TRUE);
  /* gettext ignores LANGUAGE in the "C" locale; C.UTF-8 is always there */
  if (!g_str_equal (language, "C"))
    g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  if (check_threads != NULL)
    g_subprocess_launcher_setenv (launcher, "POSTINGS_CHECK_THREADS", check_threads, TRUE);

  start = g_get_monotonic_time ();
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &r->out, &r->err, &error));
  g_assert_no_error (error);
  r->seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_true (g_subprocess_get_if_exited (proc));
  r->status = g_subprocess_get_exit_status (proc);
}

static void
run_in (Run *r, const char *cwd, ...)
{
  va_list ap;

  va_start (ap, cwd);
  run_va (r, cwd, "C", ap);
  va_end (ap);
}

static void
run_french (Run *r, ...)
{
  va_list ap;

  va_start (ap, r);
  run_va (r, NULL, "fr", ap);
  va_end (ap);
}

#define run(r, ...) run_in ((r), NULL, __VA_ARGS__, NULL)

static char **
lines_of (const char *text)
{
  g_autofree char *copy = g_strdup (text);
  gsize len = strlen (copy);

  if (len > 0 && copy[len - 1] == '\n')
    copy[len - 1] = '\0';
  if (copy[0] == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (copy, "\n", -1);
}

static const char *
repo_dir (void)
{
  return g_test_get_filename (G_TEST_DIST, "data", "validator", "repo", NULL);
}

/* A copy of the fixture repository in a new temporary folder. */
static char *
copy_repo (void)
{
  g_autoptr(GError) error = NULL;
  char *tmp = g_dir_make_tmp ("postings-check-XXXXXX", &error);
  const char *subs[] = { "content/_jobs", "content/_startups" };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (subs); i++)
    {
      g_autofree char *src = g_build_filename (repo_dir (), subs[i], NULL);
      g_autofree char *dst = g_build_filename (tmp, subs[i], NULL);
      g_autoptr(GDir) dir = g_dir_open (src, 0, &error);
      const char *name;

      g_assert_no_error (error);
      g_assert_cmpint (g_mkdir_with_parents (dst, 0755), ==, 0);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *from = g_build_filename (src, name, NULL);
          g_autofree char *to = g_build_filename (dst, name, NULL);
          g_autofree char *contents = NULL;
          gsize len;

          g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
          g_assert_true (g_file_set_contents (to, contents, (gssize) len, NULL));
        }
    }
  return tmp;
}

/* Links are removed, not followed (a test folder may hold `a -> .`). */
static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        GStatBuf st;

        g_assert_cmpint (g_lstat (child, &st), ==, 0);
        if (S_ISDIR (st.st_mode))
          remove_tree (child);
        else
          g_assert_cmpint (g_remove (child), ==, 0);
      }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static void
write_file (const char *dir, const char *name, const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

static char *
read_file (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

/* `PATH:LINE:COL: SEVERITY: MESSAGE [rule]` */
static gboolean
is_report_line (const char *line, char **path, guint *lineno, char **severity, char **rule)
{
  g_autoptr(GRegex) re = g_regex_new ("^(.+):([0-9]+):([0-9]+): (error|warning|suggestion|fixed): (.+) \\[([a-z0-9-]+)\\]$",
                                      0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (!g_regex_match (re, line, 0, &match))
    return FALSE;
  if (path)
    *path = g_match_info_fetch (match, 1);
  if (lineno)
    {
      g_autofree char *n = g_match_info_fetch (match, 2);
      *lineno = (guint) g_ascii_strtoull (n, NULL, 10);
    }
  if (severity)
    *severity = g_match_info_fetch (match, 4);
  if (rule)
    *rule = g_match_info_fetch (match, 6);
  return TRUE;
}

/* ------------------------------------------------------------------ */

static void
test_help_and_usage (void)
{
  g_auto(Run) help = { 0 };
  g_auto(Run) none = { 0 };
  g_auto(Run) bad = { 0 };
  g_auto(Run) missing = { 0 };
  guint n_rules;
  const PostingsRuleInfo *rules = postings_validator_get_rules (&n_rules);

  run (&help, "check", "--help");
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "Usage: postings check [--json] [--fix] PATH..."));
  g_assert_nonnull (strstr (help.out, "--fix"));
  g_assert_nonnull (strstr (help.out, "--json"));
  g_assert_nonnull (strstr (help.out, "PATH:LINE:COL: SEVERITY: MESSAGE [RULE]"));
  g_assert_nonnull (strstr (help.out, "content/_jobs"));
  g_assert_nonnull (strstr (help.out, "Exit status"));
  for (guint i = 0; i < n_rules; i++)
    g_assert_nonnull (strstr (help.out, rules[i].id));

  run (&none, "check");
  g_assert_cmpint (none.status, ==, 2);
  g_assert_nonnull (strstr (none.err, "Usage"));

  run (&bad, "check", "--frobnicate", "x.md");
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "--frobnicate"));

  run (&missing, "check", "/nonexistent/posting.md");
  g_assert_cmpint (missing.status, ==, 2);
  g_assert_nonnull (strstr (missing.err, "/nonexistent/posting.md"));
}

/* A repository root: content/_jobs is checked, content/_startups used. */
static void
test_repository (void)
{
  g_auto(Run) r = { 0 };
  g_auto(Run) one = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autofree char *bad = g_build_filename (repo_dir (), "content", "_jobs", "2024-03-16-chef.fe.de.projet.md", NULL);
  g_autofree char *expected0 = NULL;
  g_autofree char *expected1 = NULL;

  run (&r, "check", repo_dir ());
  g_test_message ("%s", r.out);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.err, ==, "");
  lines = lines_of (r.out);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  expected0 = g_strdup_printf ("%s:3:10: error: “Product” holds “francefonnect”, which the site does not know: there is no file “content/_startups/francefonnect.md” in the repository. Did you mean “franceconnect”? [unknown-reference]", bad);
  expected1 = g_strdup_printf ("%s:4:7: error: “Open position” is written between quotes, so the site reads the text “true” instead of yes or no, and the text “false” counts as yes. Remove the quotes. [quoted-boolean]", bad);
  g_assert_cmpstr (lines[0], ==, expected0);
  g_assert_cmpstr (lines[1], ==, expected1);

  /* a single file: the repository is found from it */
  run (&one, "check", bad);
  g_assert_cmpint (one.status, ==, 1);
  g_assert_cmpstr (one.out, ==, r.out);
}

static void
test_json (void)
{
  g_auto(Run) r = { 0 };
  g_autofree char *bad = g_build_filename (repo_dir (), "content", "_jobs", "2024-03-16-chef.fe.de.projet.md", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GString) escaped = g_string_new (NULL);

  for (const char *p = bad; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (escaped, '\\');
      g_string_append_c (escaped, *p);
    }
  run (&r, "check", "--json", bad);
  g_assert_cmpint (r.status, ==, 1);
  expected = g_strdup_printf ("[\n"
                              " {\"path\": \"%s\", \"line\": 3, \"column\": 10, \"severity\": \"error\", \"rule\": \"unknown-reference\", "
                              "\"message\": \"“Product” holds “francefonnect”, which the site does not know: there is no file “content/_startups/francefonnect.md” in the repository. Did you mean “franceconnect”?\", \"fixable\": false},\n"
                              " {\"path\": \"%s\", \"line\": 4, \"column\": 7, \"severity\": \"error\", \"rule\": \"quoted-boolean\", "
                              "\"message\": \"“Open position” is written between quotes, so the site reads the text “true” instead of yes or no, and the text “false” counts as yes. Remove the quotes.\", \"fixable\": true}\n"
                              "]\n", escaped->str, escaped->str);
  g_assert_cmpstr (r.out, ==, expected);
}

/* Exit status: 0 with warnings and suggestions only, 0 for a clean file. */
static void
test_exit_status (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("postings-check-XXXXXX", &error);
  g_auto(Run) clean = { 0 };
  g_auto(Run) warn = { 0 };

  write_file (dir, "2024-03-15-dev.md", "---\nroles: Dev\nopen: true\ndate: 2024-03-15\n---\nIntro.\n\n<!--more-->\n\nTexte.\n");
  write_file (dir, "2024-03-16-dev.md", "---\nroles: Dev·e\nopen: true\nexternalUrl: https://x.gouv.fr\n---\n# Titre\n");
  run_in (&clean, dir, "check", "2024-03-15-dev.md", NULL);
  g_assert_cmpint (clean.status, ==, 0);
  g_assert_cmpstr (clean.out, ==, "");

  run_in (&warn, dir, "check", "2024-03-16-dev.md", NULL);
  g_test_message ("%s", warn.out);
  g_assert_cmpint (warn.status, ==, 0);
  g_assert_nonnull (strstr (warn.out, "2024-03-16-dev.md:4:1: warning: "));
  g_assert_nonnull (strstr (warn.out, "[unknown-key]\n"));
  g_assert_nonnull (strstr (warn.out, "2024-03-16-dev.md:6:1: suggestion: "));
  g_assert_null (strstr (warn.out, ": error: "));

  remove_tree (dir);
}

/* --spelling: the unknown words as suggestions, merged with the other
 * reports by line; without a French dictionary, a clear error (status 2). */
static void
test_spelling (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("postings-check-XXXXXX", &error);
  g_autoptr(PostingsSpellChecker) fr = postings_spell_checker_get_for_language (NULL, NULL);
  g_auto(Run) r = { 0 };
  g_auto(Run) json = { 0 };

  write_file (dir, "2024-03-15-dev.md",
              "---\nroles: Chargé·e de déploiment\nopen: true\ndate: 2024-03-15\n---\n"
              "Intro.\n\n<!--more-->\n\n# Titre\n\nNous cherchons un·e dévelopeur·euse pour l’équipe "
              "(`codee`, https://exemple.fr/motdurl).\n");
  run_in (&r, dir, "check", "--spelling", "2024-03-15-dev.md", NULL);
  g_test_message ("%s%s", r.out, r.err);
  if (fr == NULL)
    {
      g_assert_cmpint (r.status, ==, 2);
      g_assert_nonnull (strstr (r.err, "hunspell-fr"));
      g_assert_cmpstr (r.out, ==, "");
      remove_tree (dir);
      return;
    }
  g_assert_cmpint (r.status, ==, 0);
  {
    g_auto(GStrv) lines = lines_of (r.out);

    g_assert_cmpuint (g_strv_length (lines), ==, 4);
    g_assert_true (g_str_has_prefix (lines[0], "2024-03-15-dev.md:2:20: suggestion: “déploiment” is not in the dictionary. Did you mean: "));
    g_assert_nonnull (strstr (lines[0], "déploiement"));
    g_assert_true (g_str_has_suffix (lines[0], " [spelling]"));
    g_assert_true (g_str_has_prefix (lines[1], "2024-03-15-dev.md:10:1: suggestion: "));
    g_assert_true (g_str_has_suffix (lines[1], "[heading-level-1]"));
    g_assert_true (g_str_has_suffix (lines[2], "[point-median]"));
    g_assert_true (g_str_has_prefix (lines[3], "2024-03-15-dev.md:12:21: suggestion: “dévelopeur·euse” is not in the dictionary. Did you mean: "));
    g_assert_nonnull (strstr (lines[3], "développeur·euse"));
  }

  run_in (&json, dir, "check", "--json", "--spelling", "2024-03-15-dev.md", NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_nonnull (strstr (json.out, "\"severity\": \"suggestion\", \"rule\": \"spelling\""));
  remove_tree (dir);
}

/* --suggestions=N: corrections for the N rarest distinct unknown words
 * only; the others keep their line, without corrections. */
static void
test_spelling_suggestions (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("postings-check-XXXXXX", &error);
  g_autoptr(PostingsSpellChecker) fr = postings_spell_checker_get_for_language (NULL, NULL);
  g_auto(Run) one = { 0 };
  g_auto(Run) none = { 0 };
  g_auto(Run) bad = { 0 };
  g_auto(GStrv) lines = NULL;

  if (fr == NULL)
    {
      g_test_skip ("no French dictionary: install hunspell-fr");
      remove_tree (dir);
      return;
    }
  write_file (dir, "2024-03-15-dev.md",
              "---\nroles: Chargé de déploiment\nopen: true\ndate: 2024-03-15\n---\n"
              "Intro.\n\n<!--more-->\n\nUn dévelopeur.\n\nUn autre dévelopeur.\n");
  run_in (&one, dir, "check", "--suggestions=1", "2024-03-15-dev.md", NULL);
  g_test_message ("%s%s", one.out, one.err);
  g_assert_cmpint (one.status, ==, 0);
  lines = lines_of (one.out);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  /* found once: corrected; found twice: not */
  g_assert_true (g_str_has_prefix (lines[0], "2024-03-15-dev.md:2:18: suggestion: “déploiment” is not in the dictionary. Did you mean: "));
  g_assert_cmpstr (lines[1], ==, "2024-03-15-dev.md:10:4: suggestion: “dévelopeur” is not in the dictionary. [spelling]");
  g_assert_cmpstr (lines[2], ==, "2024-03-15-dev.md:12:10: suggestion: “dévelopeur” is not in the dictionary. [spelling]");

  run_in (&none, dir, "check", "--suggestions=0", "2024-03-15-dev.md", NULL);
  g_assert_cmpint (none.status, ==, 0);
  g_assert_null (strstr (none.out, "Did you mean"));
  g_assert_nonnull (strstr (none.out, "“déploiment” is not in the dictionary. [spelling]"));

  run_in (&bad, dir, "check", "--suggestions=many", "2024-03-15-dev.md", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "--suggestions"));
  remove_tree (dir);
}

/* --fix: in place, reported, what remains printed after; the file name is
 * fixed without replacing another file. */
static void
test_fix (void)
{
  g_autofree char *root = copy_repo ();
  g_autofree char *jobs = g_build_filename (root, "content", "_jobs", NULL);
  g_auto(Run) fix = { 0 };
  g_auto(Run) again = { 0 };
  g_autofree char *fixed = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *old_name = NULL;
  g_auto(GStrv) lines = NULL;

  write_file (jobs, "2024-03-01-broken.md",
              "Titre\n---\nroles: Dev : senior\nopen: true\nopen: false\ndate: 2024-03-17\nexternalUrl: https://x.gouv.fr\n---\nSuite.\n");
  /* the name the date asks for is taken: no rename over it */
  write_file (jobs, "2024-03-20-dup.md", "---\nroles: Autre\nopen: true\ndate: 2024-03-21\n---\nIntro.\n\n<!--more-->\n");
  write_file (jobs, "2024-03-21-dup.md", "---\nroles: Taken\nopen: true\ndate: 2024-03-21\n---\nIntro.\n\n<!--more-->\n");

  run_in (&fix, root, "check", "--fix", ".", NULL);
  g_test_message ("%s%s", fix.out, fix.err);
  lines = lines_of (fix.out);

  g_assert_cmpstr (lines[0], ==, "./content/_jobs/2024-03-01-broken.md:1:1: fixed: Move the text above the header into the body [text-before-front-matter]");
  g_assert_cmpstr (lines[1], ==, "./content/_jobs/2024-03-01-broken.md:2:12: fixed: Put the value of “roles” between quotes [front-matter-unreadable]");
  g_assert_cmpstr (lines[2], ==, "./content/_jobs/2024-03-01-broken.md:3:1: fixed: Delete the first value of “Open position”, which the site ignores [duplicate-key]");
  g_assert_cmpstr (lines[3], ==, "./content/_jobs/2024-03-01-broken.md:5:1: fixed: Rename “externalUrl” to “External offer link” (externalURL) [unknown-key]");
  g_assert_cmpstr (lines[4], ==, "./content/_jobs/2024-03-17-broken.md:1:1: fixed: Rename the file to “2024-03-17-broken.md” [file-name-date]");
  g_assert_true (g_str_has_prefix (lines[5], "./content/_jobs/2024-03-17-broken.md:7:1: suggestion: "));
  fixed = read_file (jobs, "2024-03-17-broken.md");
  g_assert_cmpstr (fixed, ==, "---\nroles: 'Dev : senior'\nopen: false\ndate: 2024-03-17\nexternalURL: https://x.gouv.fr\n---\nTitre\n\nSuite.\n");
  old_name = g_build_filename (jobs, "2024-03-01-broken.md", NULL);
  g_assert_false (g_file_test (old_name, G_FILE_TEST_EXISTS));

  /* quoted-boolean fixed too; the unknown startup remains (an error) */
  g_assert_nonnull (strstr (fix.out, "2024-03-16-chef.fe.de.projet.md:4:7: fixed: Write “true” without quotes [quoted-boolean]\n"));
  g_assert_nonnull (strstr (fix.out, "2024-03-16-chef.fe.de.projet.md:3:10: error: "));
  g_assert_cmpint (fix.status, ==, 1);

  /* taken: not renamed, said on stderr, the warning stays */
  g_assert_nonnull (strstr (fix.err, "2024-03-20-dup.md: not renamed to “2024-03-21-dup.md”"));
  moved = read_file (jobs, "2024-03-21-dup.md");
  g_assert_true (g_str_has_prefix (moved, "---\nroles: Taken\n"));
  g_free (moved);
  moved = read_file (jobs, "2024-03-20-dup.md");
  g_assert_true (g_str_has_prefix (moved, "---\nroles: Autre\n"));
  g_assert_nonnull (strstr (fix.out, "2024-03-20-dup.md:1:1: warning: "));

  /* a second run has nothing left to fix */
  run_in (&again, root, "check", "--fix", ".", NULL);
  g_assert_null (strstr (again.out, ": fixed: "));
  g_assert_cmpint (again.status, ==, 1);

  remove_tree (root);
}

/* --fix renaming a published posting says on stderr that its web address
 * changes (and how to keep the old one); stdout and the exit status are
 * those of a site without addresses. */
static void
test_fix_address (void)
{
  const char *posting = "---\nroles: Designer produit\nopen: true\ndate: 2024-03-01\n---\nIntro.\n\n<!--more-->\n";
  g_autofree char *root = copy_repo ();
  g_autofree char *plain = copy_repo ();
  g_autofree char *jobs = g_build_filename (root, "content", "_jobs", NULL);
  g_autofree char *plain_jobs = g_build_filename (plain, "content", "_jobs", NULL);
  g_auto(Run) fix = { 0 };
  g_auto(Run) without = { 0 };

  write_file (root, "_config.yml",
              "url: https://example.org\n"
              "collections:\n"
              "  jobs:\n"
              "    output: true\n"
              "    permalink: /recrutement/:year/:month/:day/:title.html\n"
              "plugins:\n"
              "  - jekyll-redirect-from\n");
  write_file (jobs, "2024-03-01-Designer UX.md", posting);
  /* The same site without addresses (no page for the collection). */
  write_file (plain, "_config.yml", "title: x\n");
  write_file (plain_jobs, "2024-03-01-Designer UX.md", posting);

  run_in (&fix, root, "check", "--fix", ".", NULL);
  run_in (&without, plain, "check", "--fix", ".", NULL);
  g_test_message ("%s%s", fix.out, fix.err);

  g_assert_nonnull (strstr (fix.err, "2024-03-01-Designer UX.md: its web address changes from "
                                     "https://example.org/recrutement/2024/03/01/Designer-UX.html to "
                                     "https://example.org/recrutement/2024/03/01/designer.produit.html\n"));
  g_assert_nonnull (strstr (fix.err, "to keep the old address, add it to “redirect_from” in its header: "
                                     "/recrutement/2024/03/01/Designer-UX.html\n"));
  g_assert_nonnull (strstr (fix.out, "fixed: Rename the file to “2024-03-01-designer.produit.md”"));
  g_assert_null (strstr (without.err, "web address"));
  g_assert_cmpstr (fix.out, ==, without.out);
  g_assert_cmpint (fix.status, ==, without.status);

  remove_tree (root);
  remove_tree (plain);
}

/* A posting dated later is published when git tracks it: `postings`
 * (without libgit2) asks `postings-git`, and --fix renaming it warns. */
static void
test_fix_address_tracked (void)
{
  const char *posting = "---\nroles: Designer produit\nopen: true\ndate: 2030-03-01\n---\nIntro.\n\n<!--more-->\n";
  const char *config = "url: https://example.org\n"
                       "collections:\n"
                       "  jobs:\n"
                       "    output: true\n"
                       "    permalink: /recrutement/:year/:month/:day/:title.html\n";
  g_autofree char *root = copy_repo ();
  g_autofree char *plain = copy_repo ();
  g_autofree char *jobs = g_build_filename (root, "content", "_jobs", NULL);
  g_autofree char *plain_jobs = g_build_filename (plain, "content", "_jobs", NULL);
  g_auto(Run) tracked = { 0 };
  g_auto(Run) untracked = { 0 };
  git_repository *repo = NULL;
  git_index *index = NULL;

  write_file (root, "_config.yml", config);
  write_file (jobs, "2030-03-01-Designer UX.md", posting);
  write_file (plain, "_config.yml", config);
  write_file (plain_jobs, "2030-03-01-Designer UX.md", posting);
  /* @root's posting is in its git index; @plain is no repository. */
  git_libgit2_init ();
  g_assert_cmpint (git_repository_init (&repo, root, 0), ==, 0);
  g_assert_cmpint (git_repository_index (&index, repo), ==, 0);
  g_assert_cmpint (git_index_add_bypath (index, "content/_jobs/2030-03-01-Designer UX.md"), ==, 0);
  g_assert_cmpint (git_index_write (index), ==, 0);
  git_index_free (index);
  git_repository_free (repo);
  git_libgit2_shutdown ();

  g_setenv ("POSTINGS_TODAY", "2026-01-10", TRUE);
  run_in (&tracked, root, "check", "--fix", ".", NULL);
  run_in (&untracked, plain, "check", "--fix", ".", NULL);
  g_unsetenv ("POSTINGS_TODAY");
  g_test_message ("%s%s", tracked.out, tracked.err);

  g_assert_nonnull (strstr (tracked.err, "2030-03-01-Designer UX.md: its web address changes from "
                                         "https://example.org/recrutement/2030/03/01/Designer-UX.html to "
                                         "https://example.org/recrutement/2030/03/01/designer.produit.html\n"));
  g_assert_nonnull (strstr (tracked.out, "fixed: Rename the file to “2030-03-01-designer.produit.md”"));
  g_assert_null (strstr (untracked.err, "web address"));
  g_assert_cmpstr (tracked.out, ==, untracked.out);
  g_assert_cmpint (tracked.status, ==, untracked.status);

  remove_tree (root);
  remove_tree (plain);
}

/* The site's real postings: errors found, every line in the format, sorted
 * by file then line, fast. */
static void
test_corpus_jobs (void)
{
  const char *corpus = g_getenv ("POSTINGS_CORPUS_DIR");
  g_autofree char *jobs = NULL;
  g_auto(Run) r = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autofree char *prev_path = NULL;
  guint prev_line = 0, n_errors = 0, n_files = 0;
  double best = G_MAXDOUBLE;

  if (corpus == NULL || !g_file_test (corpus, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("POSTINGS_CORPUS_DIR is not set or missing");
      return;
    }
  jobs = g_build_filename (corpus, "jobs", NULL);

  for (guint i = 0; i < 3; i++)
    {
      run_clear (&r);
      run (&r, "check", jobs);
      best = MIN (best, r.seconds);
    }
  /* A figure, not a verdict: speed is measured by the benchmarks. */
  g_test_message ("postings check %s: %.3f s (best of 3)", jobs, best);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.err, ==, "");

  lines = lines_of (r.out);
  g_assert_cmpuint (g_strv_length (lines), >, 500);
  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *severity = NULL;
      g_autofree char *rule = NULL;
      guint line;

      gboolean well_formed = is_report_line (lines[i], &path, &line, &severity, &rule);

      if (!well_formed)
        g_test_message ("not in the format: %s", lines[i]);
      g_assert_true (well_formed);
      g_assert_true (g_str_has_prefix (path, jobs));
      g_assert_cmpstr (rule, !=, "front-matter-unreadable");
      if (prev_path != NULL && g_str_equal (prev_path, path))
        g_assert_cmpuint (line, >=, prev_line);
      else
        {
          if (prev_path != NULL)
            g_assert_cmpint (strcmp (prev_path, path), <, 0);
          n_files++;
        }
      if (g_str_equal (severity, "error"))
        n_errors++;
      g_free (prev_path);
      prev_path = g_steal_pointer (&path);
      prev_line = line;
    }
  g_test_message ("%u lines about %u files, %u errors", g_strv_length (lines), n_files, n_errors);
  g_assert_nonnull (strstr (r.out, "/2021-10-18-atlasculture-dev.md:7:1: error: “Open position” is written twice; the site only uses the second value. Delete the first. [duplicate-key]"));
  g_assert_nonnull (strstr (r.out, "/2022-07-28-UX-mon-entreprise:1:1: error: "));
}

/* The broken postings: every one is an error; --fix on a copy repairs
 * those with fixable problems only. */
static void
test_corpus_broken (void)
{
  const char *corpus = g_getenv ("POSTINGS_CORPUS_DIR");
  g_autofree char *broken = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  g_auto(Run) before = { 0 };
  g_auto(Run) fix = { 0 };
  g_auto(Run) after = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) erroneous = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_files = 0;

  if (corpus == NULL || !g_file_test (corpus, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("POSTINGS_CORPUS_DIR is not set or missing");
      return;
    }
  broken = g_build_filename (corpus, "broken", NULL);
  tmp = g_dir_make_tmp ("postings-check-broken-XXXXXX", &error);
  g_assert_no_error (error);

  /* copies named as in the site (a plain slug: no rename noise) */
  dir = g_dir_open (broken, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *contents = NULL;
      g_autofree char *copy = g_strdup_printf ("2000-01-01-broken.%s", strstr (name, "__") + 2);
      gsize len;
      g_autofree char *from = g_build_filename (broken, name, NULL);
      g_autofree char *to = g_build_filename (tmp, copy, NULL);

      g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
      g_assert_true (g_file_set_contents (to, contents, (gssize) len, NULL));
      n_files++;
    }
  g_assert_cmpuint (n_files, ==, 21);

  run_in (&before, tmp, "check", ".", NULL);
  g_assert_cmpint (before.status, ==, 1);
  lines = lines_of (before.out);
  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *severity = NULL;
      g_assert_true (is_report_line (lines[i], &path, NULL, &severity, NULL));
      if (g_str_equal (severity, "error"))
        g_hash_table_add (erroneous, g_steal_pointer (&path));
    }
  /* every broken file has an error */
  g_assert_cmpuint (g_hash_table_size (erroneous), ==, 21);

  run_in (&fix, tmp, "check", "--fix", ".", NULL);
  g_test_message ("%s", fix.out);
  g_assert_cmpint (fix.status, ==, 1);
  run_in (&after, tmp, "check", ".", NULL);
  g_strfreev (lines);
  lines = lines_of (after.out);
  g_hash_table_remove_all (erroneous);
  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *severity = NULL;
      g_autofree char *rule = NULL;
      g_assert_true (is_report_line (lines[i], &path, NULL, &severity, &rule));
      if (g_str_equal (severity, "error"))
        {
          g_test_message ("left: %s", lines[i]);
          g_hash_table_add (erroneous, g_steal_pointer (&path));
        }
    }
  /* what no safe fix can repair: a file with no header, an empty file, a
   * partner offer that does not name its partner */
  g_assert_cmpuint (g_hash_table_size (erroneous), ==, 3);
  g_assert_true (g_hash_table_contains (erroneous, "./2000-01-01-broken.c4ae2b70.md"));
  g_assert_true (g_hash_table_contains (erroneous, "./2000-01-01-broken.e69de29b.md"));
  g_assert_true (g_hash_table_contains (erroneous, "./2000-01-01-broken.19d601ea.md"));

  remove_tree (tmp);
}

/* In French, as a French user reads it: fields by their label. */
static void
test_french (void)
{
  g_autofree char *dir = g_dir_make_tmp ("postings-check-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "2024-03-15-dev.md", NULL);
  g_auto(Run) r = { 0 };

  write_file (dir, "2024-03-15-dev.md", "---\nopen: true\nopen: false\ndate: 2024-03-15\n---\nIntro.\n\n<!--more-->\n");
  run_french (&r, "check", path, NULL);
  g_test_message ("%s%s", r.out, r.err);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.out, ":1:1: error: Il manque «\u00a0Intitulé du poste\u00a0», dont le site a besoin. "
                                   "Remplissez «\u00a0Intitulé du poste\u00a0». [required-field]\n"));
  g_assert_nonnull (strstr (r.out, ":2:1: error: «\u00a0Poste ouvert\u00a0» figure deux fois\u00a0; le site n’utilise "
                                   "que la seconde valeur. Supprimez la première. [duplicate-key]\n"));
  remove_tree (dir);
}

/* ------------------------------------------------------------------ */
/* `postings set` agrees with `check`                                  */

#define SET_NAME "2026-02-01-dev.md"
#define SET_POSTING "---\nroles: Dev\nopen: true\ndate: 2026-02-01\n---\nIntro.\n\n<!--more-->\n\n## Mission\n\nTexte.\n"

/* The line `check` prints for @contents (as a file named SET_NAME), with
 * @path in place of its path. */
static char *
check_line_for (const char *contents, const char *rule, const char *path)
{
  g_autofree char *dir = g_dir_make_tmp ("postings-set-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, SET_NAME, NULL);
  g_auto(Run) r = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autofree char *tail = g_strdup_printf (" [%s]", rule);
  char *found = NULL;

  write_file (dir, SET_NAME, contents);
  run (&r, "check", file);
  lines = lines_of (r.out);
  for (guint i = 0; lines[i] != NULL && found == NULL; i++)
    if (g_str_has_suffix (lines[i], tail))
      {
        g_assert_true (g_str_has_prefix (lines[i], file));
        found = g_strconcat (path, lines[i] + strlen (file), NULL);
      }
  remove_tree (dir);
  g_assert_nonnull (found);
  return found;
}

/* An edit that brings an error `check` reports is refused with `check`'s
 * line: exit 1, the file untouched, nothing printed on stdout. */
static void
test_set_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("postings-set-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, SET_NAME, NULL);
  g_autofree char *expected = NULL;
  g_autofree char *not_changed = g_strdup_printf ("postings set: %s was not changed.", path);
  g_autofree char *order = NULL;
  g_autofree char *after = NULL;
  g_auto(Run) bad_date = { 0 };
  g_auto(Run) to_stdout = { 0 };
  g_auto(Run) bad_order = { 0 };
  g_auto(Run) good = { 0 };
  g_auto(Run) other = { 0 };
  g_auto(GStrv) lines = NULL;

  write_file (dir, SET_NAME, SET_POSTING);

  run (&bad_date, "set", "--in-place", path, "date=2026-02-30");
  g_assert_cmpint (bad_date.status, ==, 1);
  g_assert_cmpstr (bad_date.out, ==, "");
  lines = lines_of (bad_date.err);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  expected = check_line_for ("---\nroles: Dev\nopen: true\ndate: 2026-02-30\n---\nIntro.\n\n<!--more-->\n\n## Mission\n\nTexte.\n",
                             "invalid-date", path);
  g_assert_cmpstr (lines[0], ==, expected);
  g_assert_true (g_str_has_suffix (lines[0], ":4:7: error: “Publication date” holds “2026-02-30”, which is not a valid date. "
                                             "Write the date as year-month-day, such as 2024-03-15. [invalid-date]"));
  g_assert_cmpstr (lines[1], ==, not_changed);
  after = read_file (dir, SET_NAME);
  g_assert_cmpstr (after, ==, SET_POSTING);
  g_clear_pointer (&after, g_free);

  /* to standard output: refused the same, nothing printed */
  run (&to_stdout, "set", path, "date=2026-02-30");
  g_assert_cmpint (to_stdout.status, ==, 1);
  g_assert_cmpstr (to_stdout.out, ==, "");
  g_assert_cmpstr (to_stdout.err, ==, bad_date.err);

  /* a valid date that comes after the unpublication date: refused too */
  write_file (dir, SET_NAME, "---\nroles: Dev\nopen: true\ndate: 2026-02-01\ndepublication_date: 2026-03-01\n---\nIntro.\n\n<!--more-->\n");
  run (&bad_order, "set", "--in-place", path, "date=2026-04-01");
  g_assert_cmpint (bad_order.status, ==, 1);
  order = check_line_for ("---\nroles: Dev\nopen: true\ndate: 2026-04-01\ndepublication_date: 2026-03-01\n---\nIntro.\n\n<!--more-->\n",
                          "date-order", path);
  g_assert_true (g_str_has_prefix (bad_order.err, order));
  after = read_file (dir, SET_NAME);
  g_assert_cmpstr (after, ==, "---\nroles: Dev\nopen: true\ndate: 2026-02-01\ndepublication_date: 2026-03-01\n---\nIntro.\n\n<!--more-->\n");
  g_clear_pointer (&after, g_free);

  /* a valid edit is written, silently */
  write_file (dir, SET_NAME, SET_POSTING);
  run (&good, "set", "--in-place", path, "date=2026-02-28");
  g_assert_cmpint (good.status, ==, 0);
  g_assert_cmpstr (good.err, ==, "");
  after = read_file (dir, SET_NAME);
  g_assert_nonnull (strstr (after, "\ndate: 2026-02-28\n"));
  g_clear_pointer (&after, g_free);

  /* an error the file already had does not block the edit of another field */
  write_file (dir, SET_NAME, "---\nroles: Dev\nopen: true\ncontact: rh at example.gouv.fr\n---\nIntro.\n\n<!--more-->\n");
  run (&other, "set", "--in-place", path, "roles=Ops");
  g_assert_cmpint (other.status, ==, 0);
  g_assert_cmpstr (other.err, ==, "");
  after = read_file (dir, SET_NAME);
  g_assert_cmpstr (after, ==, "---\nroles: Ops\nopen: true\ncontact: rh at example.gouv.fr\n---\nIntro.\n\n<!--more-->\n");

  remove_tree (dir);
}

/* A key the schema does not know: `check`'s warning and suggestion on
 * stderr, and the value written all the same. */
static void
test_set_unknown_key (void)
{
  g_autofree char *dir = g_dir_make_tmp ("postings-set-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, SET_NAME, NULL);
  const char *posting = "---\nroles: Dev\nopen: true\n---\nIntro.\n\n<!--more-->\n";
  g_autofree char *after = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *expected_err = NULL;
  g_auto(Run) typo = { 0 };
  g_auto(Run) jekyll = { 0 };

  write_file (dir, SET_NAME, posting);
  run (&typo, "set", "--in-place", path, "dat=2026-02-01");
  g_test_message ("%s", typo.err);
  g_assert_cmpint (typo.status, ==, 0);
  g_assert_nonnull (strstr (typo.err, ": warning: The site does not know the field “dat”, so it ignores it. "
                                      "Did you mean “Publication date” (date)? Rename it. [unknown-key]\n"));
  after = read_file (dir, SET_NAME);
  g_assert_nonnull (strstr (after, "\ndat: "));
  /* the line `check` prints for the file as written */
  expected = check_line_for (after, "unknown-key", path);
  expected_err = g_strconcat (expected, "\n", NULL);
  g_assert_cmpstr (typo.err, ==, expected_err);
  g_clear_pointer (&after, g_free);

  /* a key Jekyll itself reads: no warning */
  write_file (dir, SET_NAME, posting);
  run (&jekyll, "set", "--in-place", path, "layout=job");
  g_assert_cmpint (jekyll.status, ==, 0);
  g_assert_cmpstr (jekyll.err, ==, "");
  after = read_file (dir, SET_NAME);
  g_assert_nonnull (strstr (after, "\nlayout: job\n"));

  remove_tree (dir);
}

/* An offer still open past its closing date: a warning with the date;
 * --fix does not close it (closing is a decision) and the file keeps its
 * bytes. "Today" is POSTINGS_TODAY, inherited by the command. */
static void
test_offer_expired (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("postings-check-XXXXXX", &error);
  const char *text = "---\nroles: Dev\nopen: true\ndate: 2024-03-01\npost_ouvert: 2024-03-01\n"
                     "depublication_date: 2024-03-31\n---\nIntro.\n\n<!--more-->\n\nTexte.\n";
  g_autofree char *after = NULL;
  g_auto(Run) check = { 0 };
  g_auto(Run) fix = { 0 };
  g_auto(Run) before_closing = { 0 };

  write_file (dir, "2024-03-01-dev.md", text);
  g_setenv ("POSTINGS_TODAY", "2024-04-01", TRUE);
  run_in (&check, dir, "check", "2024-03-01-dev.md", NULL);
  run_in (&fix, dir, "check", "--fix", "2024-03-01-dev.md", NULL);
  g_setenv ("POSTINGS_TODAY", "2024-03-31", TRUE);
  run_in (&before_closing, dir, "check", "2024-03-01-dev.md", NULL);
  g_unsetenv ("POSTINGS_TODAY");

  g_test_message ("%s", check.out);
  g_assert_cmpint (check.status, ==, 0);
  g_assert_nonnull (strstr (check.out, "2024-03-01-dev.md:3:7: warning: This offer is still open, but it closed on 2024-03-31 (“Unpublication date”). If the position is no longer offered, close the offer. [offer-expired]\n"));
  /* post_ouvert is fixed, open: true is not touched */
  g_assert_cmpint (fix.status, ==, 0);
  g_assert_nonnull (strstr (fix.out, ": fixed: "));
  g_assert_nonnull (strstr (fix.out, "[offer-expired]"));
  after = read_file (dir, "2024-03-01-dev.md");
  g_assert_nonnull (strstr (after, "\nopen: true\n"));
  g_assert_null (strstr (before_closing.out, "[offer-expired]"));

  remove_tree (dir);
}

/* The lines of @out about @path (exactly that path). */
static guint
count_lines_for (const char *out, const char *path, const char *rule)
{
  g_auto(GStrv) lines = lines_of (out);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *p = NULL;
      g_autofree char *r = NULL;

      g_assert_true (is_report_line (lines[i], &p, NULL, NULL, &r));
      if (g_str_equal (p, path) && (rule == NULL || g_str_equal (r, rule)))
        n++;
    }
  return n;
}

/* A folder with symlink cycles (`loop1 -> .`, `loop2 -> .`, `self -> .`,
 * `sub/up -> ..`): the check ends, each posting is checked once, and each
 * link is reported as a warning naming it. */
static void
test_folder_cycles (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("postings-check-XXXXXX", &error);
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  /* each has one suggestion (no excerpt marker) */
  const char *posting = "---\nroles: Dev\nopen: false\ndate: 2024-03-15\n---\nIntro.\n";
  static const char * const links[][2] = {
    { ".", "loop1" }, { ".", "loop2" }, { ".", "self" }, { "..", "sub/up" },
  };
  g_auto(Run) r = { 0 };
  g_auto(Run) json = { 0 };
  g_auto(Run) alone = { 0 };

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  write_file (dir, "2024-03-15-dev.md", posting);
  write_file (sub, "2024-03-15-dev.md", posting);
  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    {
      g_autofree char *path = g_build_filename (dir, links[i][1], NULL);
      g_assert_cmpint (symlink (links[i][0], path), ==, 0);
    }

  run_in (&alone, dir, "check", "2024-03-15-dev.md", NULL);
  g_assert_cmpuint (count_lines_for (alone.out, "2024-03-15-dev.md", NULL), ==, 1);

  run_in (&r, dir, "check", ".", NULL);
  g_test_message ("%s", r.out);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (count_lines_for (r.out, "./2024-03-15-dev.md", NULL), ==, 1);
  g_assert_cmpuint (count_lines_for (r.out, "./sub/2024-03-15-dev.md", NULL), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    {
      g_autofree char *path = g_strconcat ("./", links[i][1], NULL);
      g_assert_cmpuint (count_lines_for (r.out, path, "skipped-entry"), ==, 1);
    }
  {
    g_auto(GStrv) lines = lines_of (r.out);
    g_assert_cmpuint (g_strv_length (lines), ==, 2 + G_N_ELEMENTS (links));
  }
  g_assert_nonnull (strstr (r.out, "./loop1:1:1: warning: “./loop1” leads to a folder already read (“.”)"));

  run_in (&json, dir, "check", "--json", ".", NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_nonnull (strstr (json.out, "{\"path\": \"./self\", \"line\": 1, \"column\": 1, \"severity\": \"warning\", \"rule\": \"skipped-entry\""));

  remove_tree (dir);
}

/* A folder of named pipes and links to nothing: no hang, and not a silent
 * exit 0 either: a warning names each. */
static void
test_folder_fifos (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("postings-check-XXXXXX", &error);
  g_autofree char *jobs = g_build_filename (dir, "_jobs", NULL);
  static const char * const fifos[] = { "2024-03-15-dev.md", "offre", "tube.md" };
  g_auto(Run) r = { 0 };

  g_assert_cmpint (g_mkdir (jobs, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (fifos); i++)
    {
      g_autofree char *path = g_build_filename (jobs, fifos[i], NULL);
      g_assert_cmpint (mkfifo (path, 0644), ==, 0);
    }
  {
    g_autofree char *path = g_build_filename (jobs, "perdu.md", NULL);
    g_assert_cmpint (symlink ("nulle-part.md", path), ==, 0);
  }

  run_in (&r, dir, "check", "_jobs", NULL);
  g_test_message ("%s", r.out);
  g_assert_cmpint (r.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (fifos); i++)
    {
      g_autofree char *path = g_build_filename ("_jobs", fifos[i], NULL);
      g_autofree char *line = g_strdup_printf ("%s:1:1: warning: “%s” is a named pipe (FIFO), not a file: it was not read. [skipped-entry]",
                                               path, path);
      g_assert_nonnull (strstr (r.out, line));
    }
  g_assert_nonnull (strstr (r.out, "_jobs/perdu.md:1:1: warning: “_jobs/perdu.md” is a link to “nulle-part.md”, which does not exist: it was not read. [skipped-entry]"));
  {
    g_auto(GStrv) lines = lines_of (r.out);
    g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (fifos) + 1);
  }

  remove_tree (dir);
}

/* A folder checked on several threads reports exactly what one thread
 * reports (text and JSON, stderr, exit status): a repository (references
 * to content/_startups) with 96 postings, good and broken, a named pipe and
 * a file that cannot be read; then the corpus when it is there. */
static void
assert_same_on_threads (const char *cwd,
                        const char *const *args,
                        guint       min_lines)
{
  g_auto(Run) one = { 0 };
  g_auto(Run) four = { 0 };
  g_auto(GStrv) lines = NULL;

  check_threads = "1";
  run_in (&one, cwd, args[0], args[1], args[2], args[3], NULL);
  check_threads = "4";
  run_in (&four, cwd, args[0], args[1], args[2], args[3], NULL);
  check_threads = NULL;

  g_assert_cmpint (one.status, ==, four.status);
  g_assert_cmpstr (one.out, ==, four.out);
  g_assert_cmpstr (one.err, ==, four.err);
  lines = lines_of (one.out);
  g_assert_cmpuint (g_strv_length (lines), >=, min_lines);
}

static void
test_folder_threads (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("postings-check-threads-XXXXXX", &error);
  g_autofree char *startups = g_build_filename (dir, "content", "_startups", NULL);
  g_autofree char *jobs = g_build_filename (dir, "content", "_jobs", NULL);
  g_autofree char *good = NULL;
  g_autofree char *pipe_path = g_build_filename (jobs, "2024-01-01-tube.md", NULL);
  g_autofree char *unreadable = g_build_filename (jobs, "2024-01-02-illisible.md", NULL);
  const char *corpus = g_getenv ("POSTINGS_CORPUS_DIR");
  static const char * const edits[][2] = {
    { "startup: tchap", "startup: inconnue" },
    { "---\n", "--\n" },
    { "open: true", "ouvert: true" },
    { "\n\n", "\n\xff\n" },
    { "\n\n", "\n\n## \n\n1) un\n\n" },
    { "\n\n", "\n\n<!--StartFragment-->\n\n" },
  };

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (startups, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (jobs, 0755), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      static const char * const names[] = { "tchap.md", "franceconnect.md" };
      g_autofree char *from = g_build_filename (repo_dir (), "content", "_startups", names[i], NULL);
      g_autofree char *to = g_build_filename (startups, names[i], NULL);
      g_autofree char *contents = NULL;

      g_assert_true (g_file_get_contents (from, &contents, NULL, NULL));
      g_assert_true (g_file_set_contents (to, contents, -1, NULL));
    }
  {
    g_autofree char *from = g_build_filename (repo_dir (), "content", "_jobs",
                                              "2024-03-15-developpeur.ou.developpeuse.md", NULL);
    g_assert_true (g_file_get_contents (from, &good, NULL, NULL));
  }
  for (guint i = 0; i < 96; i++)
    {
      g_autofree char *name = g_strdup_printf ("2024-03-%02u-offre-%02u.md", 1 + i % 28, i);
      g_autofree char *path = g_build_filename (jobs, name, NULL);
      g_autofree char *text = g_strdup (good);

      if (i % 2 == 1)
        {
          const char *const *edit = edits[(i / 2) % G_N_ELEMENTS (edits)];
          char *at = strstr (good, edit[0]);

          g_assert_nonnull (at);
          g_free (text);
          text = g_strdup_printf ("%.*s%s%s", (int) (at - good), good, edit[1], at + strlen (edit[0]));
        }
      g_assert_true (g_file_set_contents (path, text, -1, NULL));
    }
  g_assert_cmpint (mkfifo (pipe_path, 0644), ==, 0);
  /* a folder named as a posting: it is walked into, and holds one */
  g_assert_cmpint (g_mkdir (unreadable, 0755), ==, 0);

  {
    const char *args[] = { "check", dir, NULL, NULL };
    const char *json[] = { "check", "--json", dir, NULL };

    assert_same_on_threads (NULL, args, 96);
    assert_same_on_threads (NULL, json, 96);
  }

  if (corpus != NULL && g_file_test (corpus, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *corpus_jobs = g_build_filename (corpus, "jobs", NULL);
      g_autofree char *corpus_broken = g_build_filename (corpus, "broken", NULL);
      const char *args[] = { "check", "--json", corpus_jobs, corpus_broken };

      assert_same_on_threads (NULL, args, 543);
    }
  else
    g_test_message ("POSTINGS_CORPUS_DIR is not set or missing: the corpus is not checked");

  remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  /* --postings=PATH: the executable under test */
  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--postings="))
      {
        postings_exe = argv[i] + strlen ("--postings=");
        for (int j = i; j < argc - 1; j++)
          argv[j] = argv[j + 1];
        argc--;
        break;
      }

  g_test_init (&argc, &argv, NULL);

  if (postings_exe == NULL || !g_file_test (postings_exe, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("test-check: give the postings executable as --postings=PATH\n");
      return 1;
    }

  g_test_add_func ("/cli/check/help-and-usage", test_help_and_usage);
  g_test_add_func ("/cli/check/repository", test_repository);
  g_test_add_func ("/cli/check/json", test_json);
  g_test_add_func ("/cli/check/exit-status", test_exit_status);
  g_test_add_func ("/cli/check/fix", test_fix);
  g_test_add_func ("/cli/check/fix-address", test_fix_address);
  g_test_add_func ("/cli/check/fix-address-tracked", test_fix_address_tracked);
  g_test_add_func ("/cli/check/spelling", test_spelling);
  g_test_add_func ("/cli/check/spelling-suggestions", test_spelling_suggestions);
  g_test_add_func ("/cli/check/corpus/jobs", test_corpus_jobs);
  g_test_add_func ("/cli/check/corpus/broken", test_corpus_broken);
  g_test_add_func ("/cli/check/french", test_french);
  g_test_add_func ("/cli/set/refused", test_set_refused);
  g_test_add_func ("/cli/set/unknown-key", test_set_unknown_key);

  g_test_add_func ("/cli/check/folder/cycles", test_folder_cycles);
  g_test_add_func ("/cli/check/folder/fifos", test_folder_fifos);
  g_test_add_func ("/cli/check/folder/threads", test_folder_threads);
  g_test_add_func ("/cli/check/offer-expired", test_offer_expired);

  return g_test_run ();
}
