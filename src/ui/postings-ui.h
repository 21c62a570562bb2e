/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Starts the application (GTK is initialised here, never before). */
int postings_ui_run (int    argc,
                     char **argv);

G_END_DECLS
