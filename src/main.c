/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <unistd.h>

#include "postings-cli.h"
#include "postings-i18n.h"

int
main (int   argc,
      char *argv[])
{
  int status;
  g_autofree char *gui = NULL;

  setlocale (LC_ALL, "");
  postings_i18n_init ();
  /* `check --fix` asks `postings-git` whether a posting it renames is in
   * git: this program does not load libgit2. */
  postings_posting_set_tracked_func (postings_cli_ask_git_is_tracked);

  /* Subcommands run without GTK: no display needed, and GTK is not even loaded. */
  if (postings_cli_dispatch (argc, argv, &status))
    return status;

  /* The window: argv unchanged, so the program keeps its name. */
  gui = postings_cli_find_program ("postings-gui");
  execv (gui, argv);
  g_printerr (_("postings: could not start the window (%s): %s\n"), gui, g_strerror (errno));
  return POSTINGS_EXIT_USAGE;
}
