/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "postings-document.h"

G_BEGIN_DECLS

/*
 * The offer for other job boards, as the preview shows it (page header
 * included), from the same preview model as the export (postings-export.h):
 *
 *  - Copy as Formatted Text: the clipboard gets text/html and text/plain;
 *  - Print… and Export as PDF…: a GtkPrintOperation that lays the model out
 *    with Pango on A4 pages, the job title and the dates at the top of each
 *    page, the page numbers at the bottom, the posting's images drawn.
 *
 * @file (nullable) is the posting's file: the date the site takes from its
 * name, and its site's images.
 */

/* Puts the offer on @widget's clipboard (text/html and text/plain; the
 * page is made in a worker). */
void      postings_print_copy_formatted (GtkWidget         *widget,
                                         PostingsDocument  *document,
                                         GFile             *file);

/* The print dialog, then printing. */
void      postings_print_run            (GtkWindow         *parent,
                                         PostingsDocument  *document,
                                         GFile             *file);

/* Asks where to save the PDF (a file chooser, named after the posting),
 * then writes it; a failure is shown in a dialog. */
void      postings_print_export_pdf     (GtkWindow         *parent,
                                         PostingsDocument  *document,
                                         GFile             *file);

/* Writes the PDF to @pdf_path without asking. *n_pages (optional) gets
 * its page count. */
gboolean  postings_print_write_pdf      (GtkWindow         *parent,
                                         PostingsDocument  *document,
                                         GFile             *file,
                                         const char        *pdf_path,
                                         int               *n_pages,
                                         GError           **error);

G_END_DECLS
