/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes, part of the public interface (documented in README.md). */
#define POSTINGS_EXIT_OK     0
#define POSTINGS_EXIT_ERRORS 1
#define POSTINGS_EXIT_USAGE  2

/* Runs a subcommand (check, set, new, --help, --version) and returns TRUE
 * with *status set; returns FALSE when the GUI should start instead. */
gboolean postings_cli_dispatch (int    argc,
                                char **argv,
                                int   *status);

int      postings_cli_set      (int    argc,
                                char **argv);
int      postings_cli_check    (int    argc,
                                char **argv);
int      postings_cli_new      (int    argc,
                                char **argv);
/* postings-cli-git.c */
int      postings_cli_publish  (int    argc,
                                char **argv);
int      postings_cli_update   (int    argc,
                                char **argv);

G_END_DECLS
