/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "postings-spell-controller.h"

G_BEGIN_DECLS

/* The longest time (µs) one of the controller's main-thread steps took
 * (copying the text for the worker, applying a chunk of results) since
 * the last call, which resets it: for the benchmark. */
gint64 _postings_spell_controller_take_longest_step (PostingsSpellController *self);

G_END_DECLS
