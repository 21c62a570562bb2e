/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "postings-schema.h"

G_BEGIN_DECLS

/* The site workspace (GTK-free).
 *
 * A PostingsSite is a folder of postings: a site root (the folder holding
 * `content/` or `_config.yml`) with its jobs folder `content/_jobs`, or any
 * folder of postings. It indexes every posting in a worker thread into a
 * GListModel of PostingsSiteEntry objects, appended in batches on the main
 * thread as they are read (the first rows show before the whole site is read),
 * and keeps the model current with a GFileMonitor on the jobs folder.
 *
 * (The name PostingsEntry is taken: it is a front-matter `key: value` entry of
 * postings-document.h. A posting of a site is a PostingsSiteEntry.) */

typedef enum
{
  POSTINGS_POSTING_OPEN,        /* `open: true` and no closing date passed */
  POSTINGS_POSTING_CLOSED,      /* `open: false` (or not true) */
  POSTINGS_POSTING_EXPIRED,     /* `open: true` but its closing date is past */
  POSTINGS_POSTING_UNREADABLE,  /* not a regular file, unreadable, or its header does not parse */
  POSTINGS_POSTING_DRAFT_ONLY,  /* a new posting of the app, not saved yet (set by the UI) */
  POSTINGS_POSTING_DELETED,     /* in the last commit, gone from the disk (set by the git code) */
} PostingsPostingState;

/* Stable ids, as `postings list` prints them: "open", "closed", "expired",
 * "unreadable", "draft" (and "deleted", which the command line never
 * shows). */
const char *postings_posting_state_to_string (PostingsPostingState state);

/* What git says of the file (set by the git code, NONE until then). */
typedef enum
{
  POSTINGS_GIT_UNCHANGED,
  POSTINGS_GIT_NEW,
  POSTINGS_GIT_MODIFIED,
  POSTINGS_GIT_DELETED,
} PostingsGitChange;

#define POSTINGS_TYPE_POSTING_STATE (postings_posting_state_get_type ())
GType postings_posting_state_get_type (void) G_GNUC_CONST;
#define POSTINGS_TYPE_GIT_CHANGE (postings_git_change_get_type ())
GType postings_git_change_get_type (void) G_GNUC_CONST;

/* PostingsSiteEntry: one posting of the site. Read-only for the UI except
 * the "modified" and "git-change" properties. Properties notify when a
 * re-index changes them ("title", "state", "n-errors", "n-warnings", ...). */
#define POSTINGS_TYPE_SITE_ENTRY (postings_site_entry_get_type ())
G_DECLARE_FINAL_TYPE (PostingsSiteEntry, postings_site_entry, POSTINGS, SITE_ENTRY, GObject)

GFile               *postings_site_entry_get_file          (PostingsSiteEntry *self);
const char          *postings_site_entry_get_basename      (PostingsSiteEntry *self);
/* The path from the jobs folder, `/`-separated ("2022-06-28-dev.md", or
 * "archives/2019-01-01-dev.md"): the model's order. */
const char          *postings_site_entry_get_relative_path (PostingsSiteEntry *self);
/* `roles` (the job title); the file name when there is none. */
const char          *postings_site_entry_get_title         (PostingsSiteEntry *self);
/* `startup` (the product id), or NULL. */
const char          *postings_site_entry_get_startup       (PostingsSiteEntry *self);
/* `date`, else the file name's date: a UTC GDateTime, or NULL. */
GDateTime           *postings_site_entry_get_date          (PostingsSiteEntry *self);
/* `depublication_date`, else `poste_ferme`, or NULL. */
GDateTime           *postings_site_entry_get_closing_date  (PostingsSiteEntry *self);
gboolean             postings_site_entry_get_open          (PostingsSiteEntry *self);
PostingsPostingState postings_site_entry_get_state         (PostingsSiteEntry *self);
/* Why the entry is UNREADABLE (plain words, with the path), else NULL. */
const char          *postings_site_entry_get_reason        (PostingsSiteEntry *self);
guint                postings_site_entry_get_n_errors      (PostingsSiteEntry *self);
guint                postings_site_entry_get_n_warnings    (PostingsSiteEntry *self);
/* Errors or warnings, or UNREADABLE: the "to fix" filter (`postings list
 * --state problems`). */
gboolean             postings_site_entry_has_problems      (PostingsSiteEntry *self);
/* Title, file name and product, case-folded and without accents
 * ("Chargé·e" → "charge·e"), for matching a search folded the same way. */
const char          *postings_site_entry_get_search_key    (PostingsSiteEntry *self);
/* Has the posting unsaved changes in the app? */
gboolean             postings_site_entry_get_modified      (PostingsSiteEntry *self);
void                 postings_site_entry_set_modified      (PostingsSiteEntry *self,
                                                            gboolean           modified);
PostingsGitChange    postings_site_entry_get_git_change    (PostingsSiteEntry *self);
void                 postings_site_entry_set_git_change    (PostingsSiteEntry *self,
                                                            PostingsGitChange  change);

/* Does the entry's search key hold every word (separated by spaces) of
 * @folded_query, a text folded by postings_site_fold_for_search()? TRUE
 * for an empty query. */
gboolean             postings_site_entry_matches           (PostingsSiteEntry *self,
                                                            const char        *folded_query);

/* Folds @text as the search keys are folded (lower case, accents removed,
 * œ → oe, ’ → '). */
char                *postings_site_fold_for_search         (const char        *text);

/* PostingsSite. Signals:
 *   "file-changed" (GFile *file): a posting's file was created or changed on
 *       disk (coalesced; within a second), after its entry was re-indexed.
 *       The monitor sees every write, the app's own saves included: compare
 *       the file with what you wrote before calling it an outside change;
 *   "file-deleted" (GFile *file): a posting's file was deleted (or renamed
 *       away), after its entry left the model;
 *   "loaded": a full index (postings_site_load_async() or _load()) is done,
 *       the first one included (also property "loading"). */
#define POSTINGS_TYPE_SITE (postings_site_get_type ())
G_DECLARE_FINAL_TYPE (PostingsSite, postings_site, POSTINGS, SITE, GObject)

/* @folder: a site root, its `content/_jobs`, any folder inside a site, or any
 * folder of postings. Fails (POSTINGS_ERROR_NOT_FOUND, plain message with the
 * path) when @folder is not a folder. Does not read the postings. */
PostingsSite        *postings_site_new                     (GFile             *folder,
                                                            GError           **error);
/* The site that holds @file (a posting), or NULL when it is in no site
 * (no `content/` or `_config.yml` above it). */
PostingsSite        *postings_site_new_for_posting         (GFile             *file);

/* The site root (folder holding `content/` or `_config.yml`), or NULL for a
 * plain folder of postings. */
GFile               *postings_site_get_root                (PostingsSite      *self);
/* Where the postings are (and new ones go): ROOT/content/_jobs, or the folder. */
GFile               *postings_site_get_jobs_dir            (PostingsSite      *self);
/* ROOT/content/_startups, or NULL. */
GFile               *postings_site_get_startups_dir        (PostingsSite      *self);
/* `.postings.yml` of the site, else the built-in schema. */
PostingsSchema      *postings_site_get_schema              (PostingsSite      *self);
/* Why the site's `.postings.yml` was not used (it does not read: the
 * message gives its path, line and column), or NULL. */
const GError        *postings_site_get_schema_error        (PostingsSite      *self);
/* A name for the user: the root's (or folder's) base name. */
const char          *postings_site_get_title               (PostingsSite      *self);

/* GListModel of PostingsSiteEntry, in file-name order. */
GListModel          *postings_site_get_entries             (PostingsSite      *self);
PostingsSiteEntry   *postings_site_lookup                  (PostingsSite      *self,
                                                            GFile             *file);
gboolean             postings_site_is_loading              (PostingsSite      *self);

/* Indexes the site in a worker thread and starts monitoring the jobs folder;
 * entries are added on the main thread in batches as they are read. Calling
 * it again re-indexes. Problems walking the folder (a symlink loop, a FIFO, a
 * dangling link) become UNREADABLE entries with their reason, never a hang. */
void                 postings_site_load_async              (PostingsSite      *self,
                                                            GCancellable      *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer           user_data);
gboolean             postings_site_load_finish             (PostingsSite      *self,
                                                            GAsyncResult      *result,
                                                            GError           **error);
/* The same, in the calling thread, without monitoring (the command line). */
gboolean             postings_site_load                    (PostingsSite      *self,
                                                            GCancellable      *cancellable,
                                                            GError           **error);

/* Re-indexes one posting now, in the calling thread (after the app saved
 * it: one file); adds it when new, removes its entry when the file is gone.
 * Emits no "file-changed" / "file-deleted" (the caller knows). */
void                 postings_site_refresh_file            (PostingsSite      *self,
                                                            GFile             *file);

/* A new posting of the app, not saved yet: an entry in the DRAFT_ONLY
 * state for @file (where it is to be saved, normally in the jobs folder),
 * titled @title, shown with the others. When the file appears (the
 * monitor, or postings_site_refresh_file() after the first save) the same
 * entry becomes the posting's. Returns the entry (owned by the site); the
 * existing entry when @file is already indexed. */
PostingsSiteEntry   *postings_site_add_draft               (PostingsSite      *self,
                                                            GFile             *file,
                                                            const char        *title);
/* Removes a DRAFT_ONLY entry (the new posting was discarded); does
 * nothing for another entry. */
void                 postings_site_remove_draft            (PostingsSite      *self,
                                                            PostingsSiteEntry *entry);

/* A posting deleted from the disk but still in the last commit (git): an
 * entry in the DELETED state for @file, titled @title (its committed
 * `roles`), dated @date (may be NULL), shown with the others, never
 * opened as a page. A new index keeps it; when the file appears again
 * (restored) the same entry becomes the posting's. Returns the entry
 * (owned by the site); the existing entry when @file is already there.
 * postings_git_changes_apply_to_site() adds and removes them. */
PostingsSiteEntry   *postings_site_add_deleted             (PostingsSite      *self,
                                                            GFile             *file,
                                                            const char        *title,
                                                            GDateTime         *date);
/* Removes a DELETED entry (git no longer says so); does nothing for
 * another entry. */
void                 postings_site_remove_deleted          (PostingsSite      *self,
                                                            PostingsSiteEntry *entry);

G_END_DECLS
