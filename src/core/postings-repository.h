/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A site repository is the folder holding `content/` or Jekyll's
 * `_config.yml` (postings live in `content/_jobs`, products in
 * `content/_startups`). */

/* The repository root for a posting, a folder or anything inside a
 * repository: @file itself when it is a folder holding `content/` or
 * `_config.yml`, else the nearest parent folder holding one. NULL when
 * there is none. */
GFile    *postings_repository_find_root        (GFile        *file);

/* `ROOT/content/_jobs` and `ROOT/content/_startups` (they may not exist). */
GFile    *postings_repository_get_jobs_dir     (GFile        *root);
GFile    *postings_repository_get_startups_dir (GFile        *root);

/* Is @file @dir itself or inside it, by path (no symlink resolution)? */
gboolean  postings_repository_contains         (GFile        *dir,
                                                GFile        *file);

/* postings_file_create(), under its former name. */
gboolean  postings_repository_create_file      (GFile        *dir,
                                                const char   *basename,
                                                const char   *data,
                                                gsize         len,
                                                GFile       **out_file,
                                                GError      **error);

G_END_DECLS
