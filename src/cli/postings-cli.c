/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "postings-cli.h"

static void
print_usage (FILE *out)
{
  fprintf (out, "%s",
           _("Usage:\n"
             "  postings [FILE]                     Open FILE (or a new posting) in the editor\n"
             "  postings check [--json] [--fix] PATH...\n"
             "                                      Check postings (files or folders)\n"
             "  postings list [--json] [--state STATE] [PATH]\n"
             "                                      List the postings of a site\n"
             "  postings set [--in-place] FILE [KEY=VALUE | KEY+=ITEM | KEY-=ITEM | --unset KEY]...\n"
             "                                      Change fields without rewriting the rest\n"
             "  postings new [--dir DIR] --roles TEXT [--date YYYY-MM-DD] [KEY=VALUE]...\n"
             "                                      Create a posting from the template\n"
             "  postings export [--format html|text] [-o OUTPUT] FILE\n"
             "                                      Export a posting for another job board\n"
             "  postings publish [--message TEXT] [--branch NAME] [--direct] [--fork URL] FILE...\n"
             "                                      Publish postings on a new branch (pull request)\n"
             "  postings update [PATH]              Get the site’s new changes, keeping yours\n"
             "  postings --help | --version\n"
             "\n"
             "Exit status: 0 success, 1 errors found (check) or edit refused, 2 usage or I/O error.\n"));
}

/* publish and update run in `postings-git`, so that `postings` itself loads
 * neither libgit2 nor libsecret (and their TLS, SSH and Kerberos libraries):
 * the same arguments, and exec leaves it this process's output and exit
 * status. */
static int
run_git_program (char **argv)
{
  g_autofree char *program = postings_cli_find_program ("postings-git");

  execv (program, argv);
  g_printerr (_("postings %s: could not start %s: %s\n"), argv[1], program, g_strerror (errno));
  return POSTINGS_EXIT_USAGE;
}

gboolean
postings_cli_dispatch (int    argc,
                       char **argv,
                       int   *status)
{
  const char *command;

  if (argc < 2)
    return FALSE;
  command = argv[1];

  if (g_str_equal (command, "--help") || g_str_equal (command, "-h") || g_str_equal (command, "help"))
    {
      print_usage (stdout);
      *status = POSTINGS_EXIT_OK;
      return TRUE;
    }
  if (g_str_equal (command, "--version") || g_str_equal (command, "-v"))
    {
      printf ("postings %s\n", PACKAGE_VERSION);
      *status = POSTINGS_EXIT_OK;
      return TRUE;
    }
  if (g_str_equal (command, "check"))
    {
      *status = postings_cli_check (argc - 1, argv + 1);
      return TRUE;
    }
  if (g_str_equal (command, "list"))
    {
      *status = postings_cli_list (argc - 1, argv + 1);
      return TRUE;
    }
  if (g_str_equal (command, "set"))
    {
      *status = postings_cli_set (argc - 1, argv + 1);
      return TRUE;
    }
  if (g_str_equal (command, "new"))
    {
      *status = postings_cli_new (argc - 1, argv + 1);
      return TRUE;
    }
  if (g_str_equal (command, "export"))
    {
      *status = postings_cli_export (argc - 1, argv + 1);
      return TRUE;
    }
  if (g_str_equal (command, "publish") || g_str_equal (command, "update"))
    {
      *status = run_git_program (argv);
      return TRUE;
    }
  /* Any other dash option belongs to the GUI (GApplication options). */
  return FALSE;
}
