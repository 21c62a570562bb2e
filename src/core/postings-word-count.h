/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The words and characters of a posting's text as shown under the editor.
 * Line breaks are not characters; `l’équipe`, `chargé·e`, `peut-être` are
 * one word each; `data:` URIs (pasted images written out as text) count
 * for nothing. @len -1: nul-terminated. Outputs are optional. */
void postings_count_words_and_characters (const char *text,
                                          gssize      len,
                                          guint      *words,
                                          guint      *characters);

/* The same in a worker thread, on @text (a snapshot): a large posting is
 * counted while the editor keeps typing. */
void     postings_count_words_async  (GBytes              *text,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
/* FALSE with G_IO_ERROR_CANCELLED when cancelled. Outputs are optional. */
gboolean postings_count_words_finish (GAsyncResult        *result,
                                      guint               *words,
                                      guint               *characters,
                                      GError             **error);

G_END_DECLS
