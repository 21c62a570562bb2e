/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "postings-site.h"

G_BEGIN_DECLS

/* PostingsCloseExpired: "Close Expired Offers…" for a site. It lists the
 * offers still open whose closing date is past (check boxes, all checked;
 * those with unsaved changes in the app are shown but cannot be chosen),
 * closes the chosen ones in a worker thread (each `open: false`, one line,
 * written atomically: postings-close-offer.h), and says so in a toast whose
 * Undo writes the files' bytes back. Signal "files-changed": files were
 * written (the list's counts are stale). */
#define POSTINGS_TYPE_CLOSE_EXPIRED (postings_close_expired_get_type ())
G_DECLARE_FINAL_TYPE (PostingsCloseExpired, postings_close_expired, POSTINGS, CLOSE_EXPIRED, GObject)

/* @unsaved: files (GFile) with unsaved changes in the app. */
PostingsCloseExpired *postings_close_expired_new        (PostingsSite     *site,
                                                         GPtrArray        *unsaved);
/* Asks (a dialog on @parent), then closes; @toasts shows the outcome. */
void                  postings_close_expired_run        (PostingsCloseExpired *self,
                                                         GtkWindow            *parent,
                                                         AdwToastOverlay      *toasts);
/* What the toast's Undo does. */
void                  postings_close_expired_undo       (PostingsCloseExpired *self);

/* For tests */
AdwMessageDialog     *postings_close_expired_get_dialog (PostingsCloseExpired *self);
gboolean              postings_close_expired_is_busy    (PostingsCloseExpired *self);
guint                 postings_close_expired_get_n_closed (PostingsCloseExpired *self);
const char           *postings_close_expired_get_message  (PostingsCloseExpired *self);

G_END_DECLS
