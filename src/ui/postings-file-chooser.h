/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The file choosers of the app: GtkFileDialog (GTK 4.10) where the build
 * allows it, else the portal-friendly GtkFileChooserNative of GTK 4.8.
 * Each is modal on @parent and calls @callback once; the chosen file comes
 * from postings_file_chooser_finish() (NULL: cancelled). */

/* A posting to open (Markdown files, or all files), starting in @folder. */
void   postings_file_chooser_open          (GtkWindow           *parent,
                                            GFile               *folder,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* Where to save a posting, preset with @folder (nullable) and @name. */
void   postings_file_chooser_save          (GtkWindow           *parent,
                                            GFile               *folder,
                                            const char          *name,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* A site folder to open. */
void   postings_file_chooser_select_folder (GtkWindow           *parent,
                                            GFile               *folder,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GFile *postings_file_chooser_finish        (GAsyncResult        *result);

G_END_DECLS
