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
/* Unsaved text is written to a draft this long after typing stops, and at
 * least every twice that while typing goes on. */
#define POSTINGS_EDITOR_PAGE_DRAFT_INTERVAL_MS 1000

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
  GtkRevealer                 *draft_revealer;   /* a draft of an earlier session, on offer */
  GtkLabel                    *draft_label;
  GtkWidget                   *draft_compare_button;
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
  GtkWidget                   *compare_window;  /* Show Both, while it is open */
  char                        *load_error;      /* why the last open failed */
  char                        *save_error;      /* why the last save failed */

  GFileMonitor                *monitor;         /* the file, when no site watches it */
  GBytes                      *disk_bytes;      /* another program's version, on offer */
  char                        *disk_etag;
  guint                        disk_check_id;
  guint                        disk_checks;     /* checks of the file in flight */
  guint                        n_reloads;       /* for tests */

  guint                        busy;            /* loads and saves in flight */
  /* postings-editor-page-drafts.c */
  GFile                       *draft_location;  /* this page's draft, once written */
  GPtrArray                   *offered_drafts;  /* PostingsDraft of earlier sessions, on offer */
  GPtrArray                   *restored_drafts; /* … restored, kept until saved */
  guint                        draft_writes;    /* drafts being written */
  guint                        draft_quiet_id;
  guint                        draft_max_id;
  guint                        draft_interval_ms;
  guint                        draft_revision;  /* the revision last drafted */
  guint                        draft_generation;
  guint                        draft_dirty : 1; /* changed while a draft was written */

  guint                        banner_timeout_id;
  guint                        count_idle_id;
  guint                        layout_idle_id;
  guint                        n_saves;         /* successful saves, for tests */

  GArray                      *undo_runs;       /* the posting's history (postings-editor-page-undo.c) */
  GArray                      *redo_runs;
  GtkTextBuffer               *stepping;        /* the buffer undoing or redoing */
  guint                        step_start_hash;
  guint                        rest_hash[2];    /* body, header: text between runs */
  GtkWidget                   *repair_button;   /* the banner's safe fix, or NULL */
  PostingsDiagnostic          *repair;          /* … the fix it applies */

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

/* postings-editor-page.c */
void          _postings_editor_page_actions_changed    (PostingsEditorPage *self);
void          _postings_editor_page_show_toast         (PostingsEditorPage *self,
                                                        const char         *title);

/* postings-editor-page-undo.c */
void          _postings_editor_page_init_undo          (PostingsEditorPage *self);
void          _postings_editor_page_dispose_undo       (PostingsEditorPage *self);

/* postings-editor-page-repair.c: the banner's one-click fixes */
void          _postings_editor_page_update_repair      (PostingsEditorPage *self);
void          _postings_editor_page_dispose_repair     (PostingsEditorPage *self);

/* postings-editor-page-drafts.c */
void          _postings_editor_page_init_drafts        (PostingsEditorPage *self);
void          _postings_editor_page_dispose_drafts     (PostingsEditorPage *self);
/* After a change: a draft soon, if unsaved. */
void          _postings_editor_page_schedule_draft     (PostingsEditorPage *self);
/* After a load: earlier sessions' drafts are offered. */
void          _postings_editor_page_find_drafts        (PostingsEditorPage *self);
/* Another document: the offers were for the old one. */
void          _postings_editor_page_drop_offers        (PostingsEditorPage *self);
/* Saved, or the changes given up: this page's drafts go. */
void          _postings_editor_page_forget_drafts      (PostingsEditorPage *self);
void          _postings_editor_page_discard_offered_draft (PostingsEditorPage *self);
void          _postings_editor_page_compare_draft      (PostingsEditorPage *self);
/* Is the draft at @location held by a page of this process? */
gboolean      _postings_editor_page_draft_is_claimed   (GFile              *location);

/* The folder (nullable: no repository) and name offered on first save. */
gboolean      _postings_editor_page_propose_file       (PostingsEditorPage *self,
                                                        GFile             **folder,
                                                        char              **name);
/* This page's draft (NULL until one is written). */
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
GtkWidget                   *_postings_editor_page_get_repair_button     (PostingsEditorPage *self);
const char                  *_postings_editor_page_get_count_text        (PostingsEditorPage *self);
const char                  *_postings_editor_page_get_save_error        (PostingsEditorPage *self);
AdwMessageDialog            *_postings_editor_page_get_dialog            (PostingsEditorPage *self);
/* Loads, saves or drafts in flight? */
gboolean                     _postings_editor_page_is_busy               (PostingsEditorPage *self);
guint                        _postings_editor_page_get_n_saves           (PostingsEditorPage *self);

G_END_DECLS
