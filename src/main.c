/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "postings-cli.h"
#include "postings-i18n.h"

/* `postings-gui`: beside this binary when it runs from the build tree, else
 * in libexecdir. */
static char *
find_gui (void)
{
  g_autofree char *dir = postings_i18n_get_build_dir ();

  if (dir != NULL)
    return g_build_filename (dir, "postings-gui", NULL);
  return g_build_filename (LIBEXECDIR, "postings-gui", NULL);
}

int
main (int   argc,
      char *argv[])
{
  int status;
  g_autofree char *gui = NULL;

  setlocale (LC_ALL, "");
  postings_i18n_init ();

  /* Subcommands run without GTK: no display needed, and GTK is not even loaded. */
  if (postings_cli_dispatch (argc, argv, &status))
    return status;

  /* The window: argv unchanged, so the program keeps its name. */
  gui = find_gui ();
  execv (gui, argv);
  g_printerr (_("postings: could not start the window (%s): %s\n"), gui, g_strerror (errno));
  return POSTINGS_EXIT_USAGE;
}
