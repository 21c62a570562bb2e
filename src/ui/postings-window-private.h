/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "postings-document.h"
#include "postings-repository.h"
#include "postings-schema.h"
#include "postings-slug.h"
#include "postings-template.h"
#include "postings-form.h"
#include "postings-diagnostics-button.h"
#include "postings-diagnostics-controller.h"
#include "postings-preview-view.h"
#include "postings-source-view.h"
#include "postings-source-view-search-bar.h"
#include "postings-window.h"

G_BEGIN_DECLS

/* Below this width the preview moves behind its toggle. */
#define POSTINGS_WINDOW_NARROW_WIDTH 900
/* Unsaved text is written to a draft this long after the last change. */
#define POSTINGS_WINDOW_DRAFT_INTERVAL_MS 3000

struct _PostingsWindow
{
  AdwApplicationWindow         parent_instance;

  /* Template children */
  AdwToastOverlay             *toast_overlay;
  AdwWindowTitle              *window_title;
  GtkMenuButton               *primary_menu_button;
  GtkToggleButton             *preview_button;
  GtkRevealer                 *banner_revealer;
  GtkLabel                    *banner_label;
  GtkWidget                   *banner_button;
  GtkPaned                    *form_paned;
  GtkPaned                    *preview_paned;
  GtkPaned                    *source_paned;
  PostingsForm                *form;
  GtkWidget                   *editor_box;
  GtkWidget                   *front_matter_box;
  PostingsSourceView          *front_matter_view;
  PostingsSourceView          *source_view;
  PostingsSourceViewSearchBar *search_bar;
  GtkLabel                    *count_label;
  PostingsPreviewView         *preview;
  PostingsDiagnosticsButton   *diagnostics_button;

  PostingsDiagnosticsController *diagnostics;   /* validation as you type */

  GSettings                   *settings;        /* NULL when the schema is not installed */
  GCancellable                *cancellable;     /* cancelled when the window goes away */

  PostingsDocument            *document;
  GFile                       *file;            /* NULL: a new posting never saved */
  char                        *etag;            /* of the file as loaded or last saved */
  GBytes                      *saved_bytes;     /* the file as loaded or last saved; NULL: not on disk */
  guint                        saved_revision;
  GFile                       *repository_root; /* where new postings go (content/_jobs) */
  PostingsSchema              *schema;

  AdwMessageDialog            *dialog;          /* the question being asked, if any */
  AdwToast                    *draft_toast;
  GBytes                      *pending_draft;   /* offered back, not yet restored */
  char                        *load_error;      /* why the last open failed */
  char                        *save_error;      /* why the last save failed */

  guint                        busy;            /* loads and saves in flight */
  guint                        draft_writes;    /* drafts being written */
  guint                        draft_timeout_id;
  guint                        draft_interval_ms;
  guint                        draft_revision;
  guint                        banner_timeout_id;
  guint                        count_idle_id;
  guint                        layout_idle_id;
  guint                        after_paint_id;
  guint                        frames_with_document;
  guint                        n_saves;         /* successful saves, for tests */

  guint                        syncing : 1;               /* a view follows the document */
  guint                        editing_body : 1;          /* the change comes from the body view */
  guint                        editing_front_matter : 1;  /* … from the raw front matter view */
  guint                        show_preview : 1;          /* preference for wide windows (GSettings) */
  guint                        preview_visible : 1;       /* what the toggle shows now */
  guint                        show_front_matter_source : 1;
  guint                        front_matter_forced : 1;   /* shown because it is broken */
  guint                        narrow : 1;
  guint                        close_confirmed : 1;
  guint                        close_after_save : 1;
  guint                        reported_ready : 1;
};

/* postings-window-actions.c */
void          _postings_window_class_init_actions (PostingsWindowClass *klass);
void          _postings_window_update_actions     (PostingsWindow      *self);

/* postings-window.c */
void          _postings_window_save               (PostingsWindow      *self);
void          _postings_window_save_as            (PostingsWindow      *self);
/* Writes the document to @file (no dialog); @etag NULL: no check. */
void          _postings_window_save_to            (PostingsWindow      *self,
                                                   GFile               *file,
                                                   const char          *etag);
void          _postings_window_open_dialog        (PostingsWindow      *self);
void          _postings_window_restore_draft      (PostingsWindow      *self);
void          _postings_window_edit_front_matter  (PostingsWindow      *self);
void          _postings_window_set_preview_visible (PostingsWindow     *self,
                                                   gboolean             visible);
/* The folder (nullable: no repository) and name offered on first save. */
gboolean      _postings_window_propose_file       (PostingsWindow      *self,
                                                   GFile              **folder,
                                                   char               **name);
GFile        *_postings_window_get_draft_file     (PostingsWindow      *self);
void          _postings_window_write_draft_now    (PostingsWindow      *self);
void          _postings_window_set_draft_interval (PostingsWindow      *self,
                                                   guint                interval_ms);

/* For tests */
PostingsForm                *_postings_window_get_form              (PostingsWindow *self);
PostingsPreviewView         *_postings_window_get_preview           (PostingsWindow *self);
PostingsSourceView          *_postings_window_get_source_view       (PostingsWindow *self);
PostingsSourceView          *_postings_window_get_front_matter_view (PostingsWindow *self);
PostingsSourceViewSearchBar *_postings_window_get_search_bar        (PostingsWindow *self);
PostingsDiagnosticsController *_postings_window_get_diagnostics     (PostingsWindow *self);
PostingsDiagnosticsButton   *_postings_window_get_diagnostics_button (PostingsWindow *self);
/* The banner's text while it is shown, else NULL. */
const char                  *_postings_window_get_banner_text       (PostingsWindow *self);
const char                  *_postings_window_get_count_text        (PostingsWindow *self);
const char                  *_postings_window_get_save_error        (PostingsWindow *self);
const char                  *_postings_window_get_title_text        (PostingsWindow *self);
AdwMessageDialog            *_postings_window_get_dialog            (PostingsWindow *self);
/* Loads, saves or drafts in flight? */
gboolean                     _postings_window_is_busy               (PostingsWindow *self);
gboolean                     _postings_window_has_pending_draft     (PostingsWindow *self);
guint                        _postings_window_get_n_saves           (PostingsWindow *self);

G_END_DECLS
