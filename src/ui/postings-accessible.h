/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Names for assistive technologies where GTK 4.8 gives none or a wrong one
 * (tests/a11y/test-names.py finds them). */

/* Buttons with a mnemonic label (use-underline): GTK 4.8 names them with
 * the raw label and then the label again ("_New Posting New Posting").
 * Drops the raw one for every such button in @root, so that the name is the
 * text shown. Call it once the widgets are built. */
void postings_accessible_fix_mnemonic_names (GtkWidget *root);

/* Applies postings_accessible_fix_mnemonic_names() to every window when it
 * is shown (dialogs, message dialogs, About, the shortcuts window). */
void postings_accessible_watch_windows      (void);

/* The arrows of a GtkCalendar's header have no name: names them "Previous
 * Month", "Next Month", "Previous Year" and "Next Year". */
void postings_accessible_name_calendar      (GtkCalendar *calendar);

/* An AdwStatusPage takes the keyboard focus on its scrolled window, which
 * has no name: the focus goes to its content instead. */
void postings_accessible_status_page        (GtkWidget *status_page);

G_END_DECLS
