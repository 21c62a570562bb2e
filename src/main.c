/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "postings-cli.h"
#include "postings-ui.h"

/* The folder of the message catalogues: the install prefix's, or the build
 * tree's when this binary is the one built there and never installed (the
 * README's `build-aux/dev run`), so a French user sees French either way. */
static const char *
find_localedir (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *build_mo = NULL;

  if (exe == NULL || !g_str_has_prefix (exe, BUILD_ROOT G_DIR_SEPARATOR_S))
    return LOCALEDIR;

  /* Any built catalogue says the build tree's po/ is usable. */
  build_mo = g_build_filename (BUILD_LOCALEDIR, "fr", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (!g_file_test (build_mo, G_FILE_TEST_IS_REGULAR))
    return LOCALEDIR;

  return BUILD_LOCALEDIR;
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, find_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Subcommands run before any GTK initialisation: no display needed. */
  if (postings_cli_dispatch (argc, argv, &status))
    return status;

  return postings_ui_run (argc, argv);
}
