/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * HTML → Markdown, for text pasted from a word processor or a web page
 * (libxml2's HTML parser; never the network).
 *
 * Kept: headings, paragraphs, bold, italic, inline code, links, bullet and
 * numbered lists (nested, including Word's `mso-list` paragraphs), line
 * breaks, block quotes, preformatted text, rules. Tables become one
 * paragraph per row, the cells separated by “ – ”. Dropped: styles,
 * classes, `<span>`, `<font>`, Word's `mso-` markup and `<o:p>`, comments
 * (conditional ones and `<!--StartFragment-->` included), scripts, styles,
 * forms and empty elements. Text is escaped so that it reads back as the
 * same text (`*`, `_`, `[`, a `#` or `1.` at the start of a line…).
 *
 * Images: `![alt](src)` for a web (http, https) or relative address; an
 * embedded one (`data:` URI) is never inlined: @embedded_image decides
 * (it returns the Markdown to insert, e.g. a link to a file it saved in
 * the site, or NULL); without it, or when it returns NULL, the image is
 * dropped and its description (alt) kept as text. Local files
 * (`file:`) are dropped likewise.
 */

typedef char *(*PostingsHtmlImageFunc) (const char *src,
                                        const char *alt,
                                        gpointer    user_data);

/* The Markdown for @html (UTF-8): blocks separated by a blank line, no
 * newline at the end. A fragment with no block structure gives one
 * line of inline Markdown, to paste inside a paragraph. */
char     *postings_html_to_markdown     (const char            *html,
                                         gssize                 len,
                                         PostingsHtmlImageFunc  embedded_image,
                                         gpointer               user_data);

/* The HTML of a clipboard's `text/html` data, as UTF-8: UTF-16 with or
 * without a byte-order mark (Firefox and Chromium on X11), UTF-8 with a
 * mark, the Windows clipboard's `Version:… StartHTML:…` header removed,
 * Windows-1252 when it is not UTF-8. Never NULL. */
char     *postings_html_from_clipboard  (const guint8          *data,
                                         gsize                  len);

/* Does @markdown (postings_html_to_markdown()'s result) hold more than one
 * block (it then goes on lines of its own when pasted)? */
gboolean  postings_html_markdown_is_blocks (const char         *markdown);

G_END_DECLS
