/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window: what `postings` without a subcommand executes (src/main.c). */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "postings-i18n.h"
#include "postings-ui.h"

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  postings_i18n_init ();

  return postings_ui_run (argc, argv);
}
