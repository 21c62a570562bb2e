/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include "postings-file.h"

G_BEGIN_DECLS

/* The system calls postings-file.c makes, all through this table, so that
 * tests and the fuzz target can make any one of them fail (a simulated
 * failing file system) and check that the original file survives. */
typedef struct
{
  int     (*open)     (const char *path, int flags, mode_t mode);
  ssize_t (*read)     (int fd, void *buf, size_t count);
  ssize_t (*write)    (int fd, const void *buf, size_t count);
  int     (*fsync)    (int fd);
  int     (*fstat)    (int fd, struct stat *st);
  int     (*stat)     (const char *path, struct stat *st);
  int     (*lstat)    (const char *path, struct stat *st);
  ssize_t (*readlink) (const char *path, char *buf, size_t size);
  int     (*flock)    (int fd, int operation);
  int     (*fchmod)   (int fd, mode_t mode);
  int     (*fchown)   (int fd, uid_t owner, gid_t group);
  int     (*rename)   (const char *from, const char *to);
  int     (*link)     (const char *from, const char *to);
  int     (*unlink)   (const char *path);
  int     (*close)    (int fd);
  int     (*access)   (const char *path, int mode);
} PostingsFileOps;

/* The real system calls. */
const PostingsFileOps *_postings_file_get_system_ops (void);
/* Replaces the table (NULL: the system's again). Not thread-safe: for
 * tests, before any file operation. */
void                   _postings_file_set_ops        (const PostingsFileOps *ops);
/* How long a save waits for another program's lock (default 10 s). */
void                   _postings_file_set_lock_timeout (guint milliseconds);

G_END_DECLS
