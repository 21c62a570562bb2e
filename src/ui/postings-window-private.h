/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "postings-editor-page-private.h"
#include "postings-close-expired.h"
#include "postings-sidebar.h"
#include "postings-window.h"

G_BEGIN_DECLS

typedef struct _PostingsWindowGit PostingsWindowGit;

struct _PostingsWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar_box;
  GtkWidget            *sidebar_separator;
  AdwWindowTitle       *site_title;
  PostingsSidebar      *sidebar;
  GtkStack             *content;
  GtkMenuButton        *start_menu_button;
  GtkMenuButton        *site_menu_button;
  AdwPreferencesGroup  *recent_group;
  GtkListBox           *recent_list;
  AdwStatusPage        *status_page;
  GtkWidget            *status_back_button;
  GtkWidget            *status_new_button;
  GtkStack             *pages;
  GtkWidget            *update_button;

  PostingsSite         *site;            /* the site shown, or NULL */
  PostingsCloseExpired *close_expired;   /* the last "Close Expired Offers…" */
  PostingsWindowGit    *git;             /* postings-window-git.c */
  GQueue                recent_pages;    /* pages, the one shown last first (unowned) */

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
void      _postings_window_open_site_dialog   (PostingsWindow      *self);
void      _postings_window_show_sidebar       (PostingsWindow      *self);
void      _postings_window_search_postings    (PostingsWindow      *self);
void      _postings_window_close_expired      (PostingsWindow      *self);

/* Pages with unsaved changes (unowned). */
GPtrArray *_postings_window_list_modified_pages (PostingsWindow *self);

/* postings-window-git.c: marks, Update, news */
void      _postings_window_git_set_site       (PostingsWindow      *self);
/* Reads what changed again, soon (coalesced). */
void      _postings_window_git_refresh        (PostingsWindow      *self);
void      _postings_window_git_update         (PostingsWindow      *self);
/* The row of a posting deleted here: what that means, and Restore. */
void      _postings_window_git_show_deleted   (PostingsWindow      *self,
                                               PostingsSiteEntry   *entry);
gboolean  _postings_window_git_can_publish    (PostingsWindow      *self);
gboolean  _postings_window_git_can_update     (PostingsWindow      *self);
gboolean  _postings_window_git_has_remote     (PostingsWindow      *self);
void      _postings_window_git_dispose        (PostingsWindow      *self);
void      _postings_window_git_finalize       (PostingsWindow      *self);

/* At most this many pages stay open that could be reloaded as they are. */
#define POSTINGS_WINDOW_MAX_IDLE_PAGES 8
/* The site's list (its width-request in postings-window.ui) and a page's
 * smallest minimum side by side; a narrower window shows one at a time. */
#define POSTINGS_WINDOW_SIDEBAR_WIDTH 280
#define POSTINGS_WINDOW_FOLD_WIDTH (POSTINGS_WINDOW_SIDEBAR_WIDTH + 1 + POSTINGS_EDITOR_PAGE_SMALL_MIN_WIDTH)

/* For tests */
AdwMessageDialog *_postings_window_get_dialog (PostingsWindow *self);
/* "start", "status" or "pages" */
const char       *_postings_window_get_content_name (PostingsWindow *self);
PostingsSidebar  *_postings_window_get_sidebar      (PostingsWindow *self);
guint             _postings_window_get_n_pages      (PostingsWindow *self);
/* No git read, check or update in flight or waiting. */
gboolean          _postings_window_git_is_idle      (PostingsWindow *self);
/* "The site has news" while shown, else NULL. */
AdwToast         *_postings_window_git_get_news     (PostingsWindow *self);
/* What the last update said (a toast's or a dialog's text), else NULL. */
const char       *_postings_window_git_get_message  (PostingsWindow *self);
AdwMessageDialog *_postings_window_git_get_result_dialog   (PostingsWindow *self);
AdwMessageDialog *_postings_window_git_get_progress_dialog (PostingsWindow *self);
/* The site's version of a posting last shown (Open Both), else NULL. */
GtkWindow        *_postings_window_git_get_version_window  (PostingsWindow *self);

G_END_DECLS
