/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `postings-git`: what `postings publish|update` execute (src/cli/postings-cli.c),
 * so that `postings` itself loads neither libgit2 nor libsecret. The same
 * argv: `postings-git publish ARGS…`. `postings-git --is-tracked PATH`
 * exits 0 when git tracks PATH (what `postings check --fix` asks). */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "postings-cli.h"
#include "postings-git.h"
#include "postings-i18n.h"

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  postings_i18n_init ();

  if (argc == 3 && g_str_equal (argv[1], "--is-tracked"))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[2]);

      return postings_git_is_tracked (file) ? POSTINGS_EXIT_OK : POSTINGS_EXIT_ERRORS;
    }
  if (argc >= 2 && g_str_equal (argv[1], "publish"))
    return postings_cli_publish (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "update"))
    return postings_cli_update (argc - 1, argv + 1);

  g_printerr (_("postings-git: run it as “postings publish” or “postings update”.\n"));
  return POSTINGS_EXIT_USAGE;
}
