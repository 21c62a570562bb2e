/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "postings-validator.h"
#include "postings-window.h"

G_BEGIN_DECLS

/* How long after the last change the posting is checked again. Typing
 * continuously still gets a check at least every
 * POSTINGS_DIAGNOSTICS_MAX_DELAY_MS. */
#define POSTINGS_DIAGNOSTICS_DELAY_MS     150
#define POSTINGS_DIAGNOSTICS_MAX_DELAY_MS 1000
/* … and when the header does not parse (it is being typed). */
#define POSTINGS_DIAGNOSTICS_BROKEN_DELAY_MS 700

/* PostingsDiagnosticsController: validation as the user types, for one
 * window. It runs the validator on the window's document (coalesced after
 * changes, on the main thread: a check takes well under a millisecond) and
 * shows the result in the form (message under the row), in the source
 * views (wavy underlines with the message as tooltip) and in the window's
 * diagnostics button (the list, moving to a problem, fixing it with an
 * Undo toast). Owned by the window. */
#define POSTINGS_TYPE_DIAGNOSTICS_CONTROLLER (postings_diagnostics_controller_get_type ())
G_DECLARE_FINAL_TYPE (PostingsDiagnosticsController, postings_diagnostics_controller,
                      POSTINGS, DIAGNOSTICS_CONTROLLER, GObject)

/* @window is not referenced: it owns the controller. */
PostingsDiagnosticsController *postings_diagnostics_controller_new             (PostingsWindow *window);

/* The window shows another document (NULL: none): it is checked at once. */
void        postings_diagnostics_controller_set_document    (PostingsDiagnosticsController *self,
                                                             PostingsDocument              *document);
/* Checks now if a check is pending (or @force). */
void        postings_diagnostics_controller_update          (PostingsDiagnosticsController *self,
                                                             gboolean                       force);
/* After a successful save: a toast says how many errors remain, if any. */
void        postings_diagnostics_controller_saved           (PostingsDiagnosticsController *self);

/* The current diagnostics (owned by the controller), NULL before a check. */
GPtrArray  *postings_diagnostics_controller_get_diagnostics (PostingsDiagnosticsController *self);
gboolean    postings_diagnostics_controller_is_pending      (PostingsDiagnosticsController *self);
guint       postings_diagnostics_controller_get_n_checks    (PostingsDiagnosticsController *self);
/* Time of the last check (validation + showing it), in milliseconds. */
double      postings_diagnostics_controller_get_last_check_ms (PostingsDiagnosticsController *self,
                                                               double                        *validate_ms);

/* The title of the last toast shown, for tests. */
const char *postings_diagnostics_controller_get_last_toast  (PostingsDiagnosticsController *self);

/* Moves to the field (focuses its row) or the line (cursor in the text). */
void        postings_diagnostics_controller_go_to           (PostingsDiagnosticsController *self,
                                                             PostingsDiagnostic            *diagnostic);
/* Applies the diagnostic's fix (an edit of the document, or renaming a
 * saved, unmodified posting's file, which is then shown under its new
 * name); a toast offers Undo. */
gboolean    postings_diagnostics_controller_fix             (PostingsDiagnosticsController *self,
                                                             PostingsDiagnostic            *diagnostic,
                                                             GError                       **error);
/* What the toast's Undo does: restores the text before the last fix, or
 * the file's former name, if the posting has not changed since. */
gboolean    postings_diagnostics_controller_undo_fix        (PostingsDiagnosticsController *self);

/* The tooltip text of the source view's underline at buffer @iter, or NULL. */
char       *postings_diagnostics_controller_dup_message_at  (PostingsDiagnosticsController *self,
                                                             GtkTextView                   *view,
                                                             const GtkTextIter             *iter);

G_END_DECLS
