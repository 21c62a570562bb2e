/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "postings-diagnostics-button.h"
#include "postings-form.h"
#include "postings-source-view.h"
#include "postings-validator.h"

G_BEGIN_DECLS

/* How long after the last change the posting is checked again. Typing
 * continuously still gets a check at least every
 * POSTINGS_DIAGNOSTICS_MAX_DELAY_MS. */
#define POSTINGS_DIAGNOSTICS_DELAY_MS     150
#define POSTINGS_DIAGNOSTICS_MAX_DELAY_MS 1000
/* … and when the header does not parse (it is being typed). */
#define POSTINGS_DIAGNOSTICS_BROKEN_DELAY_MS 700
/* Postings larger than this (bytes) are checked in a worker. */
#define POSTINGS_DIAGNOSTICS_SYNC_LIMIT (32 * 1024)

/* PostingsDiagnosticsController: validation as the user types, for one
 * editor page. It runs the validator on the page's document (coalesced
 * after changes, on the main thread: a check takes well under a
 * millisecond) and shows the result in the form (message under the row),
 * in the source views (wavy underlines with the message as tooltip) and in
 * the page's diagnostics button (the list, moving to a problem, fixing it
 * with an Undo toast). Owned by the page, it knows only the widgets it is
 * given; what it needs from the page goes through signals:
 *
 *   "show-editor": the form and the text must be visible (a narrow page
 *       may be showing only the preview);
 *   "edit-front-matter": show the raw front matter editor;
 *   "is-busy" → gboolean: has the posting unsaved changes, or a load or
 *       save in flight? (its file cannot be renamed then);
 *   "open-file" (GFile *file): show the posting's file under its new name
 *       (after a rename, or its undo). */
#define POSTINGS_TYPE_DIAGNOSTICS_CONTROLLER (postings_diagnostics_controller_get_type ())
G_DECLARE_FINAL_TYPE (PostingsDiagnosticsController, postings_diagnostics_controller,
                      POSTINGS, DIAGNOSTICS_CONTROLLER, GObject)

/* The widgets are not referenced: the page owns them and the controller,
 * and drops the controller first. */
PostingsDiagnosticsController *postings_diagnostics_controller_new (PostingsForm              *form,
                                                                    PostingsDiagnosticsButton *button,
                                                                    PostingsSourceView        *front_matter_view,
                                                                    PostingsSourceView        *source_view,
                                                                    AdwToastOverlay           *toasts);

/* The page shows another document (NULL: none): it is checked at once. */
void        postings_diagnostics_controller_set_document    (PostingsDiagnosticsController *self,
                                                             PostingsDocument              *document);
/* Where the posting is: its file (NULL: never saved), its repository (where
 * a new one goes; nullable) and its schema. Not checked again by itself. */
void        postings_diagnostics_controller_set_context     (PostingsDiagnosticsController *self,
                                                             GFile                         *file,
                                                             GFile                         *repository_root,
                                                             PostingsSchema                *schema);
/* Checks now if a check is pending (or @force). */
void        postings_diagnostics_controller_update          (PostingsDiagnosticsController *self,
                                                             gboolean                       force);
/* After a successful save: a toast says how many errors remain, if any. */
void        postings_diagnostics_controller_saved           (PostingsDiagnosticsController *self);

/* The current diagnostics (owned by the controller), NULL before a check. */
GPtrArray  *postings_diagnostics_controller_get_diagnostics (PostingsDiagnosticsController *self);
gboolean    postings_diagnostics_controller_is_pending      (PostingsDiagnosticsController *self);
guint       postings_diagnostics_controller_get_n_checks    (PostingsDiagnosticsController *self);
/* Checks started in a worker (postings larger than
 * POSTINGS_DIAGNOSTICS_SYNC_LIMIT), shown or dropped as stale; for tests. */
guint       postings_diagnostics_controller_get_n_worker_checks (PostingsDiagnosticsController *self);
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
