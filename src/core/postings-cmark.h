/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cmark.h>
#include <glib.h>

G_BEGIN_DECLS

/*
 * cmark's trees from an arena: a parse makes thousands of small
 * allocations (a node, a buffer per line and per text), which malloc
 * spends more time on than cmark on parsing. Here they come from one
 * block of memory per thread, given back as a whole when the last tree
 * parsed on that thread is freed; a tree is freed with
 * postings_cmark_free() (never cmark_node_free()) on the thread that
 * parsed it. Nothing of a tree may be kept after it is freed.
 */

cmark_node *postings_cmark_parse (const char *text,
                                  gsize       len,
                                  int         options);
void        postings_cmark_free  (cmark_node *root);

G_END_DECLS
