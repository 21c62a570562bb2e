/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "postings-validator.h"

G_BEGIN_DECLS

/* PostingsDiagnosticsButton: the header-bar button saying how many problems
 * the posting has, with a popover listing every diagnostic (severity icon,
 * message, line). Activating an item emits "diagnostic-activated"; its
 * "Fix" button (fixable items only) emits "fix-requested". Both carry the
 * PostingsDiagnostic. */
#define POSTINGS_TYPE_DIAGNOSTICS_BUTTON (postings_diagnostics_button_get_type ())
G_DECLARE_FINAL_TYPE (PostingsDiagnosticsButton, postings_diagnostics_button, POSTINGS, DIAGNOSTICS_BUTTON, GtkWidget)

GtkWidget  *postings_diagnostics_button_new             (void);
/* @diagnostics: PostingsDiagnostic, sorted (NULL: nothing checked yet). */
void        postings_diagnostics_button_set_diagnostics (PostingsDiagnosticsButton *self,
                                                         GPtrArray                 *diagnostics);
void        postings_diagnostics_button_popup           (PostingsDiagnosticsButton *self);
/* Without its label ("3 problems"), in a small window: the icon, with the
 * counts in the tooltip and the accessible name. */
void        postings_diagnostics_button_set_show_label  (PostingsDiagnosticsButton *self,
                                                         gboolean                   show_label);
void        postings_diagnostics_button_popdown         (PostingsDiagnosticsButton *self);

/* For tests */
const char *postings_diagnostics_button_get_label       (PostingsDiagnosticsButton *self);
guint       postings_diagnostics_button_get_n_items     (PostingsDiagnosticsButton *self);
/* The list row of item @position, and its Fix button (NULL if none). */
GtkWidget  *postings_diagnostics_button_get_row         (PostingsDiagnosticsButton *self,
                                                         guint                      position);
GtkWidget  *postings_diagnostics_button_get_fix_button  (PostingsDiagnosticsButton *self,
                                                         guint                      position);
GtkPopover *postings_diagnostics_button_get_popover     (PostingsDiagnosticsButton *self);

G_END_DECLS
