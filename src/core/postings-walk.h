/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Walking a folder of postings, as `postings check FOLDER` and the site
 * index do. The walk never hangs: folders are tracked by device and inode,
 * so a symlink cycle (`a -> .`) is walked once and each file is reported
 * once; named pipes, sockets and devices are never opened; links to nothing,
 * link loops and folders that cannot be read are reported, with their path,
 * instead of being skipped silently. */

/* Which files are postings: every `*.md`, and a file without an extension
 * in a `_jobs` folder (@in_jobs_folder) or named like a posting
 * (`2022-07-28-UX-mon-entreprise`): the site ignores those, the checker
 * says so. Hidden names (`.x`) never are. */
gboolean postings_walk_is_posting_name (const char *basename,
                                        gboolean    in_jobs_folder);

typedef enum
{
  POSTINGS_WALK_POSTING,  /* a regular file (or a link to one) named as a posting */
  POSTINGS_WALK_SKIPPED,  /* something that was not read: see reason */
} PostingsWalkKind;

typedef struct
{
  PostingsWalkKind  kind;
  const char       *path;           /* the file's path (the folder's path, then the relative path) */
  const char       *relative_path;  /* from the folder walked, `/`-separated: "sub/x.md" */
  const char       *display;        /* @display_root joined with relative_path: for messages */
  const char       *reason;         /* SKIPPED: plain words (translated) naming display */
} PostingsWalkItem;

/* Called for each posting and each skipped entry, in a stable order: the
 * names of each folder sorted (a folder's postings right after its name),
 * depth first. Return FALSE to stop the walk. */
typedef gboolean (*PostingsWalkFunc) (const PostingsWalkItem *item,
                                      gpointer                user_data);

/* Walks @folder (a local folder). Folders named `.x`, `_site` and
 * `node_modules` are not entered. @display_root is how @folder is shown in
 * messages (a command-line argument; NULL for its path). Returns FALSE with
 * an error naming the folder when @folder itself cannot be read, or
 * G_IO_ERROR_CANCELLED; everything below it that cannot be read is an item
 * of kind SKIPPED, never an error. */
gboolean postings_walk_folder          (GFile              *folder,
                                        const char         *display_root,
                                        GCancellable       *cancellable,
                                        PostingsWalkFunc    func,
                                        gpointer            user_data,
                                        GError            **error);

/* One path, as a walk of its folder would report it: TRUE with *kind (and
 * for SKIPPED a new *reason naming @display), FALSE when a walk would not
 * report it (it is gone, hidden, a folder, or not named as a posting). For
 * a file that a monitor says changed. */
gboolean postings_walk_classify_path   (const char         *path,
                                        const char         *display,
                                        gboolean            in_jobs_folder,
                                        PostingsWalkKind   *kind,
                                        char              **reason);

/* The largest file read as a posting (a real posting is under 100 KB). */
#define POSTINGS_WALK_MAX_FILE_SIZE (64 * 1024 * 1024)

/* Reads a posting found by a walk: opens it without blocking (O_NONBLOCK,
 * so a file replaced by a named pipe meanwhile cannot hang) and reads it
 * only if it is a regular file of at most POSTINGS_WALK_MAX_FILE_SIZE
 * bytes. The contents are NUL-terminated. Errors name @display (or @path). */
gboolean postings_walk_read_file       (const char         *path,
                                        const char         *display,
                                        char              **contents,
                                        gsize              *length,
                                        GError            **error);

G_END_DECLS
