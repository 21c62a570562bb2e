/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The application's settings (org.culture.Postings), or NULL (with a
 * message saying what is not remembered) when the schema is not
 * installed, as in an uninstalled run without GSETTINGS_SCHEMA_DIR. */
GSettings *postings_settings_new (void);

/* Puts @folder first in the recent sites (at most 10) and makes it the
 * site reopened at the next start. */
void       postings_settings_remember_site (GSettings *settings,
                                            GFile     *folder);

/* The spelling language chosen for the site (repository) at @root: an
 * enchant tag, or NULL when none was chosen (French). */
char      *postings_settings_dup_site_language (GSettings  *settings,
                                                GFile      *root);
/* Remembers @language (NULL: French, the default) for the site at @root. */
void       postings_settings_set_site_language (GSettings  *settings,
                                                GFile      *root,
                                                const char *language);

G_END_DECLS
