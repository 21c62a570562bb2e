/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "postings-site-markdown.h"

G_BEGIN_DECLS

/* postings_site_markdown_differences_with_tree(), with or without the scan
 * of the lines that skips both readings when no line can differ (tests
 * check that it never skips a difference), and with the edits or without
 * them (none is offered: finding out whether one really helps reads the
 * edited text again). */
GPtrArray *postings_site_markdown_find_differences (const char        *body,
                                                    gsize              len,
                                                    guint              first_line,
                                                    struct cmark_node *tree,
                                                    gboolean           valid_utf8,
                                                    gboolean           prefilter,
                                                    gboolean           edits);

/* Whether a line of @body can be where the two readings differ (a scan of
 * its lines: when FALSE, there are no differences). */
gboolean   postings_site_markdown_may_differ       (const char        *body,
                                                    gsize              len);

G_END_DECLS
