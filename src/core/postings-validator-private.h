/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE: the validator skips none of its checks, not even those that a
 * scan of the text shows cannot find anything (tests compare both ways).
 * Set before validating, from one thread. */
void postings_validator_set_exhaustive (gboolean exhaustive);

G_END_DECLS
