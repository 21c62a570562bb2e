/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "postings-application.h"
#include "postings-document.h"

G_BEGIN_DECLS

/* PostingsWindow: one posting — the front-matter form, the Markdown source
 * and the live preview — with open, new and save. */
#define POSTINGS_TYPE_WINDOW (postings_window_get_type ())
G_DECLARE_FINAL_TYPE (PostingsWindow, postings_window, POSTINGS, WINDOW, AdwApplicationWindow)

PostingsWindow   *postings_window_new           (PostingsApplication *application);
/* Loads @file asynchronously (a missing file becomes a new posting saved
 * there). */
void              postings_window_open          (PostingsWindow      *self,
                                                 GFile               *file);
/* A new, unsaved posting from the template; new postings are proposed in
 * @repository_root's content/_jobs (nullable). */
void              postings_window_new_posting   (PostingsWindow      *self,
                                                 GFile               *repository_root);
PostingsDocument *postings_window_get_document  (PostingsWindow      *self);
GFile            *postings_window_get_file      (PostingsWindow      *self);
GFile            *postings_window_get_repository_root (PostingsWindow *self);
/* Unsaved changes? */
gboolean          postings_window_get_modified  (PostingsWindow      *self);
/* An untouched new posting, fit to be replaced by an opened file. */
gboolean          postings_window_is_pristine   (PostingsWindow      *self);

G_END_DECLS
