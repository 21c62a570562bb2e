/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Drafts: the unsaved text of a posting, written while it is edited so that
 * a crash or a kill loses at most a few seconds of typing (GTK-free).
 *
 * A draft is one file under $XDG_STATE_HOME/postings/drafts (mode 0600, in
 * a folder of mode 0700), written atomically (a temporary file renamed over
 * the draft, fsynced). It is named by the posting it belongs to — the
 * SHA-256 of the posting's URI, `HASH.draft` — or `new-UUID.draft` for a
 * new posting never saved. When an older draft of the same posting is still
 * waiting to be offered back, a newer one takes another name of the same
 * posting (`HASH~2.draft`, …), so no draft is ever overwritten by another
 * session's before it was offered.
 *
 * The file holds a few header lines, a blank line, then the text byte for
 * byte:
 *
 *   Postings-Draft: 1
 *   File: file:///…/content/_jobs/2024-01-15-dev.md   (absent: a new posting)
 *   Taken: 2026-03-12T14:05:09.123456Z
 *   File-Etag: 1710252309:123456                       (the file's version the
 *   File-Modified: 2026-03-12T14:00:00Z                 edits started from)
 *
 *   ---
 *   roles: …
 */

typedef enum
{
  POSTINGS_DRAFT_FILE_UNCHANGED, /* the file is the version the draft started from */
  POSTINGS_DRAFT_FILE_CHANGED,   /* the file was changed (or created) since */
  POSTINGS_DRAFT_FILE_DELETED,   /* the file is gone */
} PostingsDraftFileState;

#define POSTINGS_TYPE_DRAFT (postings_draft_get_type ())
G_DECLARE_FINAL_TYPE (PostingsDraft, postings_draft, POSTINGS, DRAFT, GObject)

/* $XDG_STATE_HOME/postings/drafts. */
GFile         *postings_drafts_get_dir          (void);
/* The drafts in @dir (NULL: the default folder) of @posting, or with
 * @posting NULL those of new postings never saved; oldest first. A draft
 * that cannot be read is skipped with a warning naming it. */
GPtrArray     *postings_drafts_find             (GFile                   *dir,
                                                 GFile                   *posting);
/* Every draft in @dir (NULL: the default folder), oldest first. */
GPtrArray     *postings_drafts_list             (GFile                   *dir);
/* A name for a new draft of @posting (NULL: a new posting) in @dir (NULL:
 * the default folder) that no existing draft uses. */
GFile         *postings_drafts_new_location     (GFile                   *dir,
                                                 GFile                   *posting);

/* A draft to be written at @location: @text, the unsaved text of @posting
 * (NULL: a new posting), whose edits started from the file's version
 * @file_etag (NULL: not on disk) last modified at @file_modified
 * (nullable). Taken now. */
PostingsDraft *postings_draft_new               (GFile                   *location,
                                                 GFile                   *posting,
                                                 GBytes                  *text,
                                                 const char              *file_etag,
                                                 GDateTime               *file_modified);
/* Reads a draft; a file that is not one fails with POSTINGS_ERROR_PARSE. */
PostingsDraft *postings_draft_load              (GFile                   *location,
                                                 GCancellable            *cancellable,
                                                 GError                 **error);
/* Writes the draft atomically (0600; the folder is made 0700). Blocking:
 * call it from a worker thread. */
gboolean       postings_draft_write             (PostingsDraft           *self,
                                                 GCancellable            *cancellable,
                                                 GError                 **error);
/* Removes the draft's file (a missing file is no error). */
gboolean       postings_draft_delete            (PostingsDraft           *self,
                                                 GError                 **error);
gboolean       postings_drafts_delete_location  (GFile                   *location,
                                                 GError                 **error);

GFile         *postings_draft_get_location      (PostingsDraft           *self);
/* The posting, or NULL for a new one. */
GFile         *postings_draft_get_file          (PostingsDraft           *self);
GBytes        *postings_draft_get_text          (PostingsDraft           *self);
GDateTime     *postings_draft_get_taken         (PostingsDraft           *self);
const char    *postings_draft_get_file_etag     (PostingsDraft           *self);
GDateTime     *postings_draft_get_file_modified (PostingsDraft           *self);

/* What happened to the posting's file since the draft's edits started (a
 * new posting's draft has no file: UNCHANGED). @modified_now (nullable):
 * the file's modification time now, when it exists. */
PostingsDraftFileState postings_draft_check_file (PostingsDraft          *self,
                                                  GDateTime             **modified_now);

G_END_DECLS
