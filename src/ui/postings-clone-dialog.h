/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* "Get a Site": the repository's address, the folder (by default
 * ~/Documents/Postings/<name>, or the app's data folder inside Flatpak), a
 * progress bar with the objects and bytes received, and Cancel. Signal
 * "cloned" (GFile *folder) when the site is on this computer; the dialog
 * then closes (open the site from the handler). */
#define POSTINGS_TYPE_CLONE_DIALOG (postings_clone_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PostingsCloneDialog, postings_clone_dialog, POSTINGS, CLONE_DIALOG, AdwWindow)

PostingsCloneDialog *postings_clone_dialog_new        (GtkWindow           *parent);

void                 postings_clone_dialog_set_url    (PostingsCloneDialog *self,
                                                       const char          *url);
/* Where the site goes (follows the address until a folder is chosen). */
GFile               *postings_clone_dialog_get_folder (PostingsCloneDialog *self);
void                 postings_clone_dialog_set_folder (PostingsCloneDialog *self,
                                                       GFile               *folder);
/* Is a clone running? */
gboolean             postings_clone_dialog_is_busy    (PostingsCloneDialog *self);
/* The last failure shown, or NULL. */
const char          *postings_clone_dialog_get_error  (PostingsCloneDialog *self);

G_END_DECLS
