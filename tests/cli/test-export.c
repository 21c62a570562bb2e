/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `postings export` end to end: the built executable (--postings=PATH),
 * its output, -o, and its exit status on bad usage. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

static const char *postings_exe;

/* Runs `postings export ARGS…` without a display; returns its exit status. */
static int
export (char       **out,
        char       **err,
        const char  *first,
        ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_environ_unsetenv (g_get_environ (), "DISPLAY");
  const char *arg;
  va_list ap;
  int status;

  g_ptr_array_add (argv, (char *) postings_exe);
  g_ptr_array_add (argv, (char *) "export");
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  env = g_environ_setenv (env, "LANGUAGE", "C", TRUE);
  g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static char *
temp_posting (char **dir)
{
  g_autoptr(GError) error = NULL;
  char *path;

  *dir = g_dir_make_tmp ("postings-cli-export-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (*dir, "2024-03-15-dev.md", NULL);
  g_file_set_contents (path, "---\nroles: Dev & Ops\nopen: true\n---\nBonjour [site](https://beta.gouv.fr).\n",
                       -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_export_stdout (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = temp_posting (&dir);
  g_autofree char *html = NULL, *html_err = NULL;
  g_autofree char *text = NULL, *text_err = NULL;
  g_autofree char *dflt = NULL, *dflt_err = NULL;

  g_assert_cmpint (export (&html, &html_err, "--format", "html", path, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (html, "<h1>Dev &amp; Ops</h1>"));
  g_assert_nonnull (strstr (html, "<p class=\"status open\">Poste ouvert le 15/03/2024</p>"));
  g_assert_nonnull (strstr (html, "<a href=\"https://beta.gouv.fr\">site</a>"));
  g_assert_cmpstr (html_err, ==, "");

  g_assert_cmpint (export (&text, &text_err, "--format=text", path, NULL), ==, 0);
  g_assert_cmpstr (text, ==, "Dev & Ops\n=========\nPoste ouvert le 15/03/2024\n\n"
                             "Bonjour site (https://beta.gouv.fr).\n");

  /* html is the default */
  g_assert_cmpint (export (&dflt, &dflt_err, path, NULL), ==, 0);
  g_assert_cmpstr (dflt, ==, html);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_export_output_file (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = temp_posting (&dir);
  g_autofree char *output = g_build_filename (dir, "offre.txt", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *written = NULL;
  g_autofree char *same_out = NULL, *same_err = NULL;
  g_autofree char *before = NULL, *after = NULL;

  g_assert_cmpint (export (&out, &err, "--format", "text", "-o", output, path, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_file_get_contents (output, &written, NULL, NULL));
  g_assert_true (g_str_has_prefix (written, "Dev & Ops\n"));

  /* Never over the posting itself. */
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
  g_assert_cmpint (export (&same_out, &same_err, "-o", path, path, NULL), ==, 2);
  g_assert_nonnull (strstr (same_err, "replace the posting"));
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);

  g_unlink (output);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_export_usage_errors (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = temp_posting (&dir);
  g_autofree char *missing = g_build_filename (dir, "missing.md", NULL);
  struct { const char *args[4]; const char *message; } cases[] = {
    { { "--format", "pdf", path, NULL }, "unknown format “pdf”" },
    { { "--format", NULL }, "needs html or text" },
    { { "--bogus", path, NULL }, "unexpected argument “--bogus”" },
    { { NULL }, "Usage: postings export" },
    { { missing, NULL }, "missing.md" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL, *err = NULL;
      int status = export (&out, &err, cases[i].args[0], cases[i].args[1], cases[i].args[2], NULL);

      g_assert_cmpint (status, ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_nonnull (strstr (err, cases[i].message));
    }

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--postings="))
      postings_exe = argv[i] + strlen ("--postings=");
  g_assert_nonnull (postings_exe);

  g_test_add_func ("/cli/export/stdout", test_export_stdout);
  g_test_add_func ("/cli/export/output-file", test_export_output_file);
  g_test_add_func ("/cli/export/usage-errors", test_export_usage_errors);

  return g_test_run ();
}
