/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* g_utf8_validate_len() with the same result and the same @end, faster on
 * text that is mostly ASCII: ASCII is skipped eight bytes at a time and
 * two-byte characters are checked here; the other stretches of non-ASCII
 * bytes are given to GLib (an ASCII byte is never inside a multi-byte
 * character, so each stretch is validated alone). A NUL byte is invalid,
 * as for GLib. */
gboolean postings_utf8_validate_len (const char  *text,
                                     gsize        len,
                                     const char **end);

G_END_DECLS
