/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "postings-git.h"

G_BEGIN_DECLS

/* "Publish…": the changed postings of a site with check boxes (each row: its
 * title and its change), the commit message prefilled from what is checked,
 * the author asked once when git does not know it; Publish shows the
 * progress, then "Open the Pull Request Page". A push the server refused,
 * no rights (offers a fork), wrong credentials or no network are explained
 * in the dialog; publishing again sends the change kept from the failed
 * attempt. Signal "published" once the server has the change (see
 * postings_publish_dialog_get_result()). */
#define POSTINGS_TYPE_PUBLISH_DIALOG (postings_publish_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PostingsPublishDialog, postings_publish_dialog, POSTINGS, PUBLISH_DIALOG, AdwWindow)

/* @site_folder: the site's working copy (or any folder in it). The changes
 * are read at once, in a worker thread. */
PostingsPublishDialog          *postings_publish_dialog_new             (GtkWindow             *parent,
                                                                         GFile                 *site_folder);

/* What the dialog shows (for tests, and for a window that wants to
 * preselect): */
gboolean                        postings_publish_dialog_is_loading      (PostingsPublishDialog *self);
gboolean                        postings_publish_dialog_is_busy         (PostingsPublishDialog *self);
guint                           postings_publish_dialog_get_n_changes   (PostingsPublishDialog *self);
const PostingsGitFileChange    *postings_publish_dialog_get_change      (PostingsPublishDialog *self,
                                                                         guint                  position);
/* The change's row (an AdwActionRow: title, subtitle). */
GtkWidget                      *postings_publish_dialog_get_row         (PostingsPublishDialog *self,
                                                                         guint                  position);
gboolean                        postings_publish_dialog_get_selected    (PostingsPublishDialog *self,
                                                                         guint                  position);
void                            postings_publish_dialog_set_selected    (PostingsPublishDialog *self,
                                                                         guint                  position,
                                                                         gboolean               selected);
/* Checks only the posting of @file (e.g. the one being edited). */
void                            postings_publish_dialog_select_only     (PostingsPublishDialog *self,
                                                                         GFile                 *file);
char                           *postings_publish_dialog_dup_message     (PostingsPublishDialog *self);
/* Does git not know the author yet (the dialog then asks)? */
gboolean                        postings_publish_dialog_needs_author    (PostingsPublishDialog *self);
/* Fills in the author's name and e-mail address, when asked. */
void                            postings_publish_dialog_set_author      (PostingsPublishDialog *self,
                                                                         const char            *name,
                                                                         const char            *email);
/* The result of the last successful publish, or NULL. */
const PostingsGitPublishResult *postings_publish_dialog_get_result      (PostingsPublishDialog *self);
/* The failure shown, or NULL. */
const char                     *postings_publish_dialog_get_error       (PostingsPublishDialog *self);

G_END_DECLS
