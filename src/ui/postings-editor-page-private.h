/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "postings-diagnostics-button.h"
#include "postings-diagnostics-controller.h"
#include "postings-editor-page.h"
#include "postings-form.h"
#include "postings-preview-view.h"
#include "postings-schema.h"
#include "postings-site.h"
#include "postings-source-view.h"
#include "postings-source-view-search-bar.h"

G_BEGIN_DECLS

/* Below this width the page shows the preview behind its toggle. */
#define POSTINGS_EDITOR_PAGE_NARROW_WIDTH 860
/* Unsaved text is written to a draft this long after the last change. */
#define POSTINGS_EDITOR_PAGE_DRAFT_INTERVAL_MS 3000

struct _PostingsEditorPage
{
  GtkWidget                    parent_instance;

  /* Template children */
  AdwToastOverlay             *toast_overlay;
  AdwHeaderBar                *header_bar;
  AdwWindowTitle              *window_title;
  GtkWidget                   *back_button;
  GtkWidget                   *open_button;
  GtkWidget                   *new_button;
  GtkMenuButton               *primary_menu_button;
  GtkToggleButton             *preview_button;
  GtkRevealer                 *banner_revealer;
  GtkLabel                    *banner_label;
  GtkWidget                   *banner_button;
  GtkRevealer                 *change_revealer;  /* changed or deleted by another program */
  GtkLabel                    *change_label;
  GtkWidget                   *keep_button;
  GtkWidget                   *reload_button;
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
  GCancellable                *cancellable;     /* cancelled when the page goes away */

  PostingsDocument            *document;
  GFile                       *file;            /* NULL: a new posting never saved */
  char                        *etag;            /* of the file as loaded or last saved */
  GBytes                      *saved_bytes;     /* the file as loaded or last saved; NULL: not on disk */
  guint                        saved_revision;
  GFile                       *repository_root; /* where new postings go (content/_jobs) */
  PostingsSchema              *schema;
  PostingsSite                *site;            /* the site the posting belongs to, or NULL */
  char                        *title;
  guint                        loaded_revision; /* the document's revision as loaded */

  AdwMessageDialog            *dialog;          /* the question being asked, if any */
  AdwToast                    *draft_toast;
  GBytes                      *pending_draft;   /* offered back, not yet restored */
  char                        *load_error;      /* why the last open failed */
  char                        *save_error;      /* why the last save failed */

  GFileMonitor                *monitor;         /* the file, when no site watches it */
  GBytes                      *disk_bytes;      /* another program's version, on offer */
  char                        *disk_etag;
  guint                        disk_check_id;
  guint                        disk_checks;     /* checks of the file in flight */
  guint                        n_reloads;       /* for tests */

  guint                        busy;            /* loads and saves in flight */
  guint                        draft_writes;    /* drafts being written */
  guint                        draft_timeout_id;
  guint                        draft_interval_ms;
  guint                        draft_revision;
  guint                        banner_timeout_id;
  guint                        count_idle_id;
  guint                        layout_idle_id;
  guint                        n_saves;         /* successful saves, for tests */

  guint                        syncing : 1;               /* a view follows the document */
  guint                        editing_body : 1;          /* the change comes from the body view */
  guint                        editing_front_matter : 1;  /* … from the raw front matter view */
  guint                        show_preview : 1;          /* preference for wide pages (GSettings) */
  guint                        preview_visible : 1;       /* what the toggle shows now */
  guint                        show_front_matter_source : 1;
  guint                        front_matter_forced : 1;   /* shown because it is broken */
  guint                        narrow : 1;
  guint                        disk_check_pending : 1;    /* to do once the save is done */
  guint                        deleted_on_disk : 1;
};

/* The folder (nullable: no repository) and name offered on first save. */
gboolean      _postings_editor_page_propose_file       (PostingsEditorPage *self,
                                                        GFile             **folder,
                                                        char              **name);
GFile        *_postings_editor_page_get_draft_file     (PostingsEditorPage *self);
void          _postings_editor_page_write_draft_now    (PostingsEditorPage *self);
void          _postings_editor_page_set_draft_interval (PostingsEditorPage *self,
                                                        guint               interval_ms);

/* For tests */
/* The text of the banner about the file on disk while it is shown, else NULL. */
const char                  *_postings_editor_page_get_change_text       (PostingsEditorPage *self);
guint                        _postings_editor_page_get_n_reloads         (PostingsEditorPage *self);
void                         _postings_editor_page_keep_mine             (PostingsEditorPage *self);
void                         _postings_editor_page_reload                (PostingsEditorPage *self);
PostingsForm                *_postings_editor_page_get_form              (PostingsEditorPage *self);
PostingsPreviewView         *_postings_editor_page_get_preview           (PostingsEditorPage *self);
PostingsSourceView          *_postings_editor_page_get_source_view       (PostingsEditorPage *self);
PostingsSourceView          *_postings_editor_page_get_front_matter_view (PostingsEditorPage *self);
PostingsSourceViewSearchBar *_postings_editor_page_get_search_bar        (PostingsEditorPage *self);
PostingsDiagnosticsController *_postings_editor_page_get_diagnostics     (PostingsEditorPage *self);
PostingsDiagnosticsButton   *_postings_editor_page_get_diagnostics_button (PostingsEditorPage *self);
/* The banner's text while it is shown, else NULL. */
const char                  *_postings_editor_page_get_banner_text       (PostingsEditorPage *self);
const char                  *_postings_editor_page_get_count_text        (PostingsEditorPage *self);
const char                  *_postings_editor_page_get_save_error        (PostingsEditorPage *self);
AdwMessageDialog            *_postings_editor_page_get_dialog            (PostingsEditorPage *self);
/* Loads, saves or drafts in flight? */
gboolean                     _postings_editor_page_is_busy               (PostingsEditorPage *self);
guint                        _postings_editor_page_get_n_saves           (PostingsEditorPage *self);

G_END_DECLS
