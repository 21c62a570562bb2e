/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "postings-editor-page-private.h"
#include "postings-window.h"

G_BEGIN_DECLS

struct _PostingsWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *pages;

  GSettings            *settings;        /* NULL when the schema is not installed */
  GCancellable         *cancellable;     /* cancelled when the window goes away */
  PostingsEditorPage   *visible_page;    /* unowned */

  AdwMessageDialog     *dialog;          /* the question being asked, if any */

  guint                 after_paint_id;
  guint                 frames_with_document;

  guint                 show_preview : 1;
  guint                 show_front_matter_source : 1;
  guint                 close_confirmed : 1;
  guint                 closing : 1;     /* saving, then closing */
  guint                 reported_ready : 1;
};

/* postings-window-actions.c */
void      _postings_window_class_init_actions (PostingsWindowClass *klass);
void      _postings_window_update_actions     (PostingsWindow      *self);

/* postings-window.c */
void      _postings_window_open_dialog        (PostingsWindow      *self);
void      _postings_window_new_posting_here   (PostingsWindow      *self);

/* For tests */
AdwMessageDialog *_postings_window_get_dialog (PostingsWindow *self);

G_END_DECLS
