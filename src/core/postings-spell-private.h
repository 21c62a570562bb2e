/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "postings-spell.h"

G_BEGIN_DECLS

/* How many times @self called into enchant: checks of a word form, and
 * corrections asked (for the tests of the cache). */
void _postings_spell_checker_get_counts (PostingsSpellChecker *self,
                                         guint                *n_checks,
                                         guint                *n_suggests);

G_END_DECLS
