/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "postings-cli-common.h"

G_BEGIN_DECLS

/* Runs a subcommand (check, export, list, new, set, --help, --version) and returns
 * TRUE with *status set; returns FALSE when the GUI should start instead. */
gboolean postings_cli_dispatch (int    argc,
                                char **argv,
                                int   *status);

G_END_DECLS
