/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "postings-core.h"

G_BEGIN_DECLS

/* What the subcommands share, below both them and the dispatcher
 * (postings-cli.c), so that no two units depend on each other. */

/* Exit codes, part of the public interface (documented in README.md). */
#define POSTINGS_EXIT_OK     0
#define POSTINGS_EXIT_ERRORS 1
#define POSTINGS_EXIT_USAGE  2

/* The subcommands: `postings NAME ARGS…` with argv[0] the subcommand's
 * name; each returns an exit code. */
int             postings_cli_check               (int          argc,
                                                  char       **argv);
int             postings_cli_export              (int          argc,
                                                  char       **argv);
int             postings_cli_list                (int          argc,
                                                  char       **argv);
int             postings_cli_new                 (int          argc,
                                                  char       **argv);
int             postings_cli_set                 (int          argc,
                                                  char       **argv);
/* postings-cli-git.c, in the `postings-git` program only (libgit2) */
int             postings_cli_publish             (int          argc,
                                                  char       **argv);
int             postings_cli_update              (int          argc,
                                                  char       **argv);

/* Where the program @name (`postings-gui`, `postings-git`) is: beside this
 * one when it runs from the build tree, else in libexecdir. */
char           *postings_cli_find_program        (const char  *name);

/* Is @file tracked by git, as `postings-git --is-tracked PATH` says (FALSE
 * when it cannot run)? For postings_posting_set_tracked_func() in
 * `postings`, which does not load libgit2. */
gboolean        postings_cli_ask_git_is_tracked  (GFile       *file);

/* The schema for a posting: its repository's `.postings.yml`, else the
 * built-in one (a broken `.postings.yml` is reported on stderr). */
PostingsSchema *postings_cli_load_schema         (GFile       *file);

/* @s as a JSON string (quoted, escaped; @s is valid UTF-8). */
void            postings_cli_append_json_string  (GString     *out,
                                                  const char  *s);

G_END_DECLS
