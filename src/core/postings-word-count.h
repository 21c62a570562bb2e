/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The words and characters of a posting's text as shown under the editor.
 * Line breaks are not characters; `l’équipe`, `chargé·e`, `peut-être` are
 * one word each; `data:` URIs (pasted images written out as text) count
 * for nothing. @len -1: nul-terminated. Outputs are optional. */
void postings_count_words_and_characters (const char *text,
                                          gssize      len,
                                          guint      *words,
                                          guint      *characters);

G_END_DECLS
