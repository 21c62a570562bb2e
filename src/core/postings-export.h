/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "postings-document.h"

G_BEGIN_DECLS

/*
 * Exporting a posting for other job boards, from the same preview model
 * the preview draws (postings-preview.h): what the site shows, header
 * included.
 *
 * HTML: the site's page header in a <header> (job title, open/closed with
 * the date, partner banner, junior line, technology tags), the body in an
 * <article>. Text is escaped; links are kept only for http, https and
 * mailto; raw HTML of the posting is never copied (line breaks are kept,
 * other tags dropped); images are embedded as data: URIs when they are
 * data: URIs already or files of the site, never fetched from elsewhere
 * (a placeholder with their description).
 *
 * Text: a plain rendering for a job board's text field: headings on their
 * own line, bullets, numbered items, links as "text (address)".
 */

typedef enum
{
  POSTINGS_EXPORT_HTML_PAGE,      /* a standalone page with its CSS */
  POSTINGS_EXPORT_HTML_FRAGMENT,  /* the <header> and <article> only (clipboard) */
} PostingsExportHtmlKind;

/* @file (nullable): the posting's file, for the date the site takes from
 * its name and for images given relative to it; @root (nullable): the site
 * root, for `/img/…` images. Reads image files (blocking). */
char *postings_export_html (PostingsDocument       *document,
                            GFile                  *file,
                            GFile                  *root,
                            PostingsExportHtmlKind  kind);

char *postings_export_text (PostingsDocument       *document,
                            GFile                  *file);

/* The text raw HTML shows: tags and comments dropped (and the content of
 * <script> and <style>), `<br>` as a line break, common entities decoded.
 * As the export, and printing, render the posting's raw HTML. */
char *postings_export_html_to_text (const char      *html);

G_END_DECLS
