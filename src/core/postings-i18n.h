/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Binds the text domain: to the install prefix's catalogues, or to the build
 * tree's when the running program is the one built there and never
 * installed (the README's `build-aux/dev run`), so a French user sees French
 * either way. Call after setlocale(). */
void   postings_i18n_init            (void);

/* The folder of the running program when it runs from the build tree, else
 * NULL. */
char  *postings_i18n_get_build_dir   (void);

G_END_DECLS
