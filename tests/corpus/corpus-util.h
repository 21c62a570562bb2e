/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the corpus tests share: where ../shared/corpus is, and its files. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* $POSTINGS_CORPUS_DIR, or NULL when it is absent (the tests then skip). */
const char *corpus_util_dir        (void);
/* The names of the files in corpus/@sub, sorted; never empty. */
GPtrArray  *corpus_util_list_names (const char *sub);

G_END_DECLS
