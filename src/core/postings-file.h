/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "postings-document.h"

G_BEGIN_DECLS

/*
 * Reading and saving posting files: the one path the window, the bulk
 * actions and the command line share.
 *
 * Reading opens only a regular file (a folder, named pipe, socket or
 * device is refused with G_IO_ERROR_NOT_REGULAR_FILE, without blocking)
 * of at most POSTINGS_FILE_MAX_SIZE bytes (G_IO_ERROR_MESSAGE_TOO_LARGE).
 *
 * Saving is atomic: the new bytes go to a temporary file in the same
 * folder, which is flushed to disk (fsync), given the original's
 * permissions, and renamed over the original; then the folder is flushed.
 * When no temporary file can be made there (a folder that is not
 * writable, a read-only file system), saving is refused: a posting is
 * never truncated and rewritten in place. A symbolic link is written
 * through: its target is replaced, the link stays. A file with several
 * hard links is replaced by a new file: the other names keep the old
 * content.
 *
 * Saving is locked: a read-modify-write holds an advisory lock (flock) on
 * the file for its whole duration and re-reads the file under it, so two
 * programs saving the same posting at once never lose each other's
 * changes (see postings-file.c for the scheme).
 *
 * Every error names the path and what could not be done, and ends with
 * what became of the file. All functions block: call them from a worker
 * thread in the application (postings_file_replace_async() does).
 */

#define POSTINGS_FILE_MAX_SIZE (64 * 1024 * 1024)

/* The bytes of @file (a regular file, followed through symbolic links). */
GBytes   *postings_file_read            (GFile                *file,
                                         GCancellable         *cancellable,
                                         GError              **error);

/* Edits @document (the file as it is on disk now, just read under the
 * lock) in place; returns FALSE with an error to leave the file as it is
 * (the change no longer applies). */
typedef gboolean (*PostingsFileEditFunc) (PostingsDocument  *document,
                                          gpointer           user_data,
                                          GError           **error);

/* Read-modify-write of an existing file: locks it, reads it, calls @edit
 * on a document of its current bytes, and saves the result atomically if
 * the text changed (*out_written tells whether it did), all under the
 * lock. *out_document (optional) is the document as the file now is on
 * disk: the edited one on success, the file as read (unedited) when the
 * edit or the write failed, NULL when the file could not be read. Errors:
 * @edit's own, or G_IO_ERROR ones naming the path. */
gboolean  postings_file_edit            (GFile                *file,
                                         PostingsFileEditFunc  edit,
                                         gpointer              user_data,
                                         PostingsDocument    **out_document,
                                         gboolean             *out_written,
                                         GError              **error);

typedef enum
{
  POSTINGS_FILE_NONE    = 0,
  POSTINGS_FILE_PRIVATE = 1 << 0,  /* a file created gets mode 0600 (drafts), not 0666 & ~umask */
} PostingsFileFlags;

/* Saves a whole text (the window's save): replaces @file with @contents
 * if the file on disk is still @expected, byte for byte (checked under
 * the lock). Fails with G_IO_ERROR_WRONG_ETAG, naming the path, when it
 * changed or was deleted meanwhile: the caller asks the user, and saves
 * again with @expected NULL to overwrite. @expected NULL: replaces the
 * file whatever it holds, or creates it. */
gboolean  postings_file_replace         (GFile                *file,
                                         GBytes               *contents,
                                         GBytes               *expected,
                                         PostingsFileFlags     flags,
                                         GCancellable         *cancellable,
                                         GError              **error);
/* The same in a worker thread (GTask). */
void      postings_file_replace_async   (GFile                *file,
                                         GBytes               *contents,
                                         GBytes               *expected,
                                         PostingsFileFlags     flags,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean  postings_file_replace_finish  (GFile                *file,
                                         GAsyncResult         *result,
                                         GError              **error);

/* Creates DIR/@basename holding @data, atomically and never replacing an
 * existing file (not even one created meanwhile): the data is written to a
 * temporary file in @dir, flushed, then linked to its name. @basename must
 * be a plain file name (no `/`, not starting with `.`). Fails with
 * POSTINGS_ERROR_EXISTS when the name is taken. */
gboolean  postings_file_create          (GFile                *dir,
                                         const char           *basename,
                                         const char           *data,
                                         gsize                 len,
                                         GFile               **out_file,
                                         GError              **error);

G_END_DECLS
