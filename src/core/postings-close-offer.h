/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Closing an offer in its file (GTK-free, blocking: call it from a worker
 * thread): `open: false`, one changed line, nothing else rewritten, written
 * atomically (a temporary file renamed over the posting), refused when the
 * file changed while it was edited.
 *
 * @original (nullable): the file's bytes before, for an undo; @closed
 * (nullable): what was written. Fails with POSTINGS_ERROR_INVALID_EDIT when
 * the edit would change anything but one line, or would not read back as
 * closed (a second `open:` further down, which the site would read). */
gboolean postings_close_offer_in_file  (GFile         *file,
                                        GBytes       **original,
                                        GBytes       **closed,
                                        GCancellable  *cancellable,
                                        GError       **error);

/* Undoes it: writes @original back, atomically, if the file still holds
 * @closed; else fails (G_IO_ERROR_WRONG_ETAG: changed since, nothing
 * written). */
gboolean postings_close_offer_undo     (GFile         *file,
                                        GBytes        *original,
                                        GBytes        *closed,
                                        GCancellable  *cancellable,
                                        GError       **error);

G_END_DECLS
