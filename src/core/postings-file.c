/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "postings-core-i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "postings-error.h"
#include "postings-file.h"
#include "postings-file-private.h"

/*
 * The lock. A save replaces the file by rename(), so the file's inode
 * changes at every save, and a lock on the inode a writer opened says
 * nothing about the one that replaced it: a writer that opened the new
 * inode would not wait for one still holding the lock on the old one. So
 * the lock is flock() on the file itself, then checked: once it is held,
 * the path must still name the inode that was locked (same device and
 * inode number); if it does not, another writer replaced the file
 * meanwhile, and the lock is taken again on the file the path names now.
 * Every writer replaces the file only while it holds the lock on the inode
 * the path names, so holding that lock excludes every other writer until
 * our rename() (which ends our turn) or our close(). No lock file is
 * left beside the posting (it would show in `git status`), a folder need
 * not be writable to be locked, and a lock never outlives the process
 * that held it (no stale lock after a crash). A program that does not take
 * the lock (git, another editor) is not excluded: the window's save
 * compares the bytes on disk with the ones it loaded, under the lock.
 */

#define LOCK_TIMEOUT_MS 10000

static int
sys_open (const char *path, int flags, mode_t mode)
{
  return open (path, flags, mode);
}

static ssize_t
sys_read (int fd, void *buf, size_t count)
{
  return read (fd, buf, count);
}

static ssize_t
sys_write (int fd, const void *buf, size_t count)
{
  return write (fd, buf, count);
}

static int
sys_fsync (int fd)
{
  return fsync (fd);
}

static int
sys_fstat (int fd, struct stat *st)
{
  return fstat (fd, st);
}

static int
sys_stat (const char *path, struct stat *st)
{
  return stat (path, st);
}

static int
sys_lstat (const char *path, struct stat *st)
{
  return lstat (path, st);
}

static ssize_t
sys_readlink (const char *path, char *buf, size_t size)
{
  return readlink (path, buf, size);
}

static int
sys_flock (int fd, int operation)
{
  return flock (fd, operation);
}

static int
sys_fchmod (int fd, mode_t mode)
{
  return fchmod (fd, mode);
}

static int
sys_fchown (int fd, uid_t owner, gid_t group)
{
  return fchown (fd, owner, group);
}

static int
sys_rename (const char *from, const char *to)
{
  return rename (from, to);
}

static int
sys_link (const char *from, const char *to)
{
  return link (from, to);
}

static int
sys_unlink (const char *path)
{
  return unlink (path);
}

static int
sys_close (int fd)
{
  return close (fd);
}

static int
sys_access (const char *path, int mode)
{
  return access (path, mode);
}

static const PostingsFileOps system_ops = {
  sys_open, sys_read, sys_write, sys_fsync, sys_fstat, sys_stat, sys_lstat, sys_readlink,
  sys_flock, sys_fchmod, sys_fchown, sys_rename, sys_link, sys_unlink, sys_close, sys_access,
};

static const PostingsFileOps *ops = &system_ops;
static guint lock_timeout_ms = LOCK_TIMEOUT_MS;

const PostingsFileOps *
_postings_file_get_system_ops (void)
{
  return &system_ops;
}

void
_postings_file_set_ops (const PostingsFileOps *new_ops)
{
  ops = new_ops != NULL ? new_ops : &system_ops;
}

void
_postings_file_set_lock_timeout (guint milliseconds)
{
  lock_timeout_ms = milliseconds;
}

/* ------------------------------------------------------------------ */
/* Errors: the path, the operation, the cause                          */

/* The error for @errsv, with a message from @format (which names the path
 * and the system's reason); @outcome (what became of the file, optional)
 * is added as a sentence of its own. */
static void set_errno_error_full (GError    **error,
                                  int         errsv,
                                  const char *outcome,
                                  const char *format,
                                  ...) G_GNUC_PRINTF (4, 5);

static void
set_errno_error_full (GError    **error,
                      int         errsv,
                      const char *outcome,
                      const char *format,
                      ...)
{
  g_autofree char *message = NULL;
  va_list ap;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);
  if (outcome != NULL)
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "%s %s", message, outcome);
  else
    g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errsv), message);
}

/* "Could not read “PATH”: REASON" */
static void
set_read_error (GError    **error,
                int         errsv,
                const char *name)
{
  set_errno_error_full (error, errsv, NULL, _("Could not read “%s”: %s"), name, g_strerror (errsv));
}

static void
set_not_regular_error (GError    **error,
                       const char *name,
                       mode_t      mode)
{
  if (S_ISDIR (mode))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                 _("Could not read “%s”: it is a folder, not a file."), name);
  else if (S_ISFIFO (mode))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                 _("Could not read “%s”: it is a named pipe (FIFO), not a file: reading it could wait forever."), name);
  else if (S_ISSOCK (mode))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                 _("Could not read “%s”: it is a socket, not a file."), name);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                 _("Could not read “%s”: it is a device, not a file."), name);
}

static void
set_too_large_error (GError    **error,
                     const char *name,
                     goffset     size)
{
  g_autofree char *size_text = g_format_size ((guint64) size);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
               _("Could not read “%s”: it is %s, more than the 64 MB a posting may be."),
               name, size_text);
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */

/* Opens @path for reading: only a regular file, and without blocking (a
 * FIFO is refused by its type before it is opened, and opened with
 * O_NONBLOCK should it become one meanwhile). */
static int
open_regular (const char  *path,
              const char  *name,
              struct stat *st,
              GError     **error)
{
  int fd;

  if (ops->stat (path, st) != 0)
    {
      set_read_error (error, errno, name);
      return -1;
    }
  if (!S_ISREG (st->st_mode))
    {
      set_not_regular_error (error, name, st->st_mode);
      return -1;
    }

  fd = ops->open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      set_read_error (error, errno, name);
      return -1;
    }
  if (ops->fstat (fd, st) != 0)
    {
      set_read_error (error, errno, name);
      ops->close (fd);
      return -1;
    }
  if (!S_ISREG (st->st_mode))
    {
      set_not_regular_error (error, name, st->st_mode);
      ops->close (fd);
      return -1;
    }
  if (st->st_size > POSTINGS_FILE_MAX_SIZE)
    {
      set_too_large_error (error, name, st->st_size);
      ops->close (fd);
      return -1;
    }
  return fd;
}

/* Everything from the current position of @fd to its end, at most
 * POSTINGS_FILE_MAX_SIZE bytes (the file may grow while it is read). */
static GBytes *
read_fd (int                fd,
         const struct stat *st,
         const char        *name,
         GError           **error)
{
  gsize size = (gsize) MAX (st->st_size, 0) + 1;
  g_autofree char *data = g_malloc (size);
  gsize len = 0;

  for (;;)
    {
      gssize n;

      if (len == size)
        {
          if (size > POSTINGS_FILE_MAX_SIZE)
            {
              set_too_large_error (error, name, (goffset) len);
              return NULL;
            }
          size = MIN (size * 2, (gsize) POSTINGS_FILE_MAX_SIZE + 1);
          data = g_realloc (data, size);
        }
      n = ops->read (fd, data + len, size - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_read_error (error, errno, name);
          return NULL;
        }
      if (n == 0)
        break;
      len += (gsize) n;
    }
  if (len > POSTINGS_FILE_MAX_SIZE)
    {
      set_too_large_error (error, name, (goffset) len);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&data), len);
}

static char *
local_path (GFile   *file,
            GError **error)
{
  char *path = g_file_get_path (file);

  if (path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is not on this computer’s disks: only local files can be read and saved safely."),
                   name);
    }
  return path;
}

GBytes *
postings_file_read (GFile         *file,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  struct stat st;
  GBytes *bytes;
  int fd;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  path = local_path (file, error);
  if (path == NULL)
    return NULL;
  name = g_file_get_parse_name (file);

  fd = open_regular (path, name, &st, error);
  if (fd < 0)
    return NULL;
  bytes = read_fd (fd, &st, name, error);
  ops->close (fd);
  return bytes;
}

PostingsDocument *
postings_document_new_for_file (GFile         *file,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(GBytes) bytes = postings_file_read (file, cancellable, error);

  if (bytes == NULL)
    return NULL;
  return postings_document_new_from_bytes (bytes);
}

/* ------------------------------------------------------------------ */
/* Locking                                                             */

/* Symbolic links are written through: the file to lock and replace is
 * the link's final target (which may not exist yet). */
static char *
resolve_links (const char  *path,
               const char  *name,
               GError     **error)
{
  g_autofree char *current = g_strdup (path);

  for (guint hops = 0; hops < 40; hops++)
    {
      struct stat st;
      char target[4096];
      gssize n;

      if (ops->lstat (current, &st) != 0)
        {
          if (errno == ENOENT)
            return g_steal_pointer (&current);
          set_read_error (error, errno, name);
          return NULL;
        }
      if (!S_ISLNK (st.st_mode))
        return g_steal_pointer (&current);

      n = ops->readlink (current, target, sizeof target - 1);
      if (n < 0)
        {
          set_read_error (error, errno, name);
          return NULL;
        }
      target[n] = '\0';
      if (g_path_is_absolute (target))
        {
          g_free (current);
          current = g_strdup (target);
        }
      else
        {
          g_autofree char *dir = g_path_get_dirname (current);

          g_free (current);
          current = g_build_filename (dir, target, NULL);
        }
    }
  set_read_error (error, ELOOP, name);
  return NULL;
}

static void
set_busy_error (GError    **error,
                const char *name)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
               _("Could not save “%s”: another program kept it locked for more than %u seconds. Nothing was written; try again."),
               name, MAX (lock_timeout_ms / 1000, 1));
}

/* Opens @path and takes the save lock on the file it names (scheme at the
 * top of this file). Returns the locked descriptor, positioned at the
 * start, with *st its status; -1 with an error (G_IO_ERROR_NOT_FOUND when
 * there is no such file). */
static int
lock_file (const char  *path,
           const char  *name,
           struct stat *st,
           GError     **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) lock_timeout_ms * 1000;

  for (;;)
    {
      gulong delay = 500;
      struct stat now;
      int fd = open_regular (path, name, st, error);

      if (fd < 0)
        return -1;

      while (ops->flock (fd, LOCK_EX | LOCK_NB) != 0)
        {
          int errsv = errno;

          if (errsv == EINTR)
            continue;
          if (errsv == ENOLCK || errsv == EOPNOTSUPP)
            {
              /* a file system without locks (some network shares): the
               * save is still atomic, only not serialised */
              g_debug ("%s cannot be locked (%s): saving without the lock", name, g_strerror (errsv));
              return fd;
            }
          if (errsv != EWOULDBLOCK)
            {
              set_errno_error_full (error, errsv, NULL, _("Could not lock “%s” for saving: %s"),
                                    name, g_strerror (errsv));
              ops->close (fd);
              return -1;
            }
          if (g_get_monotonic_time () >= deadline)
            {
              set_busy_error (error, name);
              ops->close (fd);
              return -1;
            }
          /* waiting for another save, which takes milliseconds */
          g_usleep (delay);
          delay = MIN (delay * 2, 16000);
        }

      if (ops->stat (path, &now) == 0 && now.st_dev == st->st_dev && now.st_ino == st->st_ino)
        return fd;
      /* replaced (or removed) while we waited: lock what the path names now */
      ops->close (fd);
      if (g_get_monotonic_time () >= deadline)
        {
          set_busy_error (error, name);
          return -1;
        }
    }
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */

static gboolean
write_all (int         fd,
           const char *data,
           gsize       len)
{
  while (len > 0)
    {
      gssize n = ops->write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = EIO;
          return FALSE;
        }
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* A new file `.NAME.XXXXXX` beside @target, never an existing one. */
static int
create_temporary (const char *target,
                  mode_t      mode,
                  char      **out_path)
{
  static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  g_autofree char *dir = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);

  for (guint attempt = 0; attempt < 100; attempt++)
    {
      char suffix[7];
      g_autofree char *tmp = NULL;
      int fd;

      for (guint i = 0; i < 6; i++)
        suffix[i] = chars[g_random_int_range (0, sizeof chars - 1)];
      suffix[6] = '\0';
      tmp = g_strdup_printf ("%s%c.%s.%s", dir, G_DIR_SEPARATOR, base, suffix);
      fd = ops->open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
      if (fd >= 0)
        {
          *out_path = g_steal_pointer (&tmp);
          return fd;
        }
      if (errno != EEXIST)
        return -1;
    }
  errno = EEXIST;
  return -1;
}

/* Flushes the folder holding @path, so that the rename survives a power
 * cut. The new file is in place already: a failure here is logged, not
 * reported (the file holds the new content, complete). */
static void
sync_folder (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = ops->open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd < 0 || ops->fsync (fd) != 0)
    g_debug ("could not flush the folder %s: %s", dir, g_strerror (errno));
  if (fd >= 0)
    ops->close (fd);
}

/* Writes @data to a temporary file beside @target and moves it to
 * @target: rename() over it, or with @no_replace link() (which fails when
 * the name exists). @original: the status of the file replaced, whose
 * permissions (and, where allowed, owner) the new file takes; NULL for a
 * new file, created with @new_mode (less the umask). Nothing but the
 * temporary file is touched until the move, and it is removed on failure. */
static gboolean
write_and_move (const char        *target,
                const char        *name,
                const char        *data,
                gsize              len,
                const struct stat *original,
                mode_t             new_mode,
                gboolean           no_replace,
                GCancellable      *cancellable,
                GError           **error)
{
  const char *outcome = original != NULL ? _("The file was not changed.") : _("Nothing was written.");
  g_autofree char *tmp = NULL;
  int errsv;
  int fd;

  /* rename() would replace a file marked read-only (even for root), or
   * one we may not write: refuse as writing it would */
  if (original != NULL && (original->st_mode & 0222) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("Could not write “%s”: the file is read-only (no one may write it). %s"), name, outcome);
      return FALSE;
    }
  if (original != NULL && ops->access (target, W_OK) != 0)
    {
      errsv = errno;
      set_errno_error_full (error, errsv, outcome, _("Could not write “%s”: %s."), name, g_strerror (errsv));
      return FALSE;
    }

  fd = create_temporary (target, original != NULL ? 0600 : new_mode, &tmp);
  if (fd < 0)
    {
      errsv = errno;
      set_errno_error_full (error, errsv, outcome,
                            _("Could not write “%s”: no temporary file can be created in its folder (%s), and a posting is never rewritten in place."),
                            name, g_strerror (errsv));
      return FALSE;
    }

  if (original != NULL)
    {
      if ((original->st_uid != geteuid () || original->st_gid != getegid ()) &&
          ops->fchown (fd, original->st_uid, original->st_gid) != 0 &&
          ops->fchown (fd, (uid_t) -1, original->st_gid) != 0)
        g_debug ("%s: the new file could not keep the owner of the old one: %s", name, g_strerror (errno));
      if (ops->fchmod (fd, original->st_mode & 07777) != 0)
        {
          errsv = errno;
          set_errno_error_full (error, errsv, outcome,
                                _("Could not give the new “%s” the permissions of the old one: %s."),
                                name, g_strerror (errsv));
          goto failed;
        }
    }

  if (!write_all (fd, data, len))
    {
      errsv = errno;
      set_errno_error_full (error, errsv, outcome, _("Could not write “%s”: %s."), name, g_strerror (errsv));
      goto failed;
    }
  if (ops->fsync (fd) != 0)
    {
      errsv = errno;
      set_errno_error_full (error, errsv, outcome, _("Could not write “%s” to disk: %s."), name, g_strerror (errsv));
      goto failed;
    }
  errsv = ops->close (fd) != 0 ? errno : 0;
  fd = -1;
  if (errsv != 0)
    {
      set_errno_error_full (error, errsv, outcome, _("Could not write “%s”: %s."), name, g_strerror (errsv));
      goto failed;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto failed;

  if (no_replace)
    {
      /* link() fails when the name exists, even if it was created a
       * moment ago: the complete file appears at once, nothing is
       * replaced. */
      if (ops->link (tmp, target) == 0)
        {
          ops->unlink (tmp);
          sync_folder (target);
          return TRUE;
        }
      if (errno == EEXIST)
        {
          g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_EXISTS, _("The file “%s” already exists."), name);
          goto failed;
        }
      /* file systems without hard links: check, then rename (atomic, but
       * a file created between the two steps would be replaced) */
      {
        struct stat st;

        if (ops->lstat (target, &st) == 0)
          {
            g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_EXISTS, _("The file “%s” already exists."), name);
            goto failed;
          }
      }
    }

  if (ops->rename (tmp, target) != 0)
    {
      errsv = errno;
      set_errno_error_full (error, errsv, outcome, _("Could not replace “%s”: %s."), name, g_strerror (errsv));
      goto failed;
    }
  sync_folder (target);
  return TRUE;

failed:
  if (fd >= 0)
    ops->close (fd);
  ops->unlink (tmp);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Read-modify-write                                                   */

gboolean
postings_file_edit (GFile                *file,
                    PostingsFileEditFunc  edit,
                    gpointer              user_data,
                    PostingsDocument    **out_document,
                    gboolean             *out_written,
                    GError              **error)
{
  g_autofree char *path = NULL;
  g_autofree char *target = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PostingsDocument) document = NULL;
  gboolean ok = FALSE;
  struct stat st;
  const char *text;
  gsize len;
  int fd;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (edit != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_document != NULL)
    *out_document = NULL;
  if (out_written != NULL)
    *out_written = FALSE;

  path = local_path (file, error);
  if (path == NULL)
    return FALSE;
  name = g_file_get_parse_name (file);
  target = resolve_links (path, name, error);
  if (target == NULL)
    return FALSE;

  fd = lock_file (target, name, &st, error);
  if (fd < 0)
    return FALSE;

  bytes = read_fd (fd, &st, name, error);
  if (bytes == NULL)
    goto out;
  document = postings_document_new_from_bytes (bytes);

  if (!edit (document, user_data, error))
    goto out;

  text = postings_document_get_text (document, &len);
  if (len == g_bytes_get_size (bytes) && memcmp (text, g_bytes_get_data (bytes, NULL), len) == 0)
    ok = TRUE;
  else if (write_and_move (target, name, text, len, &st, 0, FALSE, NULL, error))
    {
      ok = TRUE;
      if (out_written != NULL)
        *out_written = TRUE;
    }

out:
  /* releases the lock, after the rename */
  ops->close (fd);
  if (out_document != NULL && bytes != NULL)
    *out_document = ok ? g_steal_pointer (&document) : postings_document_new_from_bytes (bytes);
  return ok;
}

/* ------------------------------------------------------------------ */
/* Saving a whole text                                                 */

/* @expected_etag: GIO's etag of the file as the caller last read or
 * wrote it, compared under the lock (NULL: no check by etag). */
static gboolean
replace_full (GFile              *file,
              GBytes             *contents,
              GBytes             *expected,
              const char         *expected_etag,
              PostingsFileFlags   flags,
              GCancellable       *cancellable,
              GError            **error)
{
  g_autofree char *path = NULL;
  g_autofree char *target = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) local_error = NULL;
  mode_t new_mode = (flags & POSTINGS_FILE_PRIVATE) ? 0600 : 0666;
  const char *data;
  gsize len;
  struct stat st;
  gboolean ok;
  int fd;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  path = local_path (file, error);
  if (path == NULL)
    return FALSE;
  name = g_file_get_parse_name (file);
  target = resolve_links (path, name, error);
  if (target == NULL)
    return FALSE;
  data = g_bytes_get_data (contents, &len);

  fd = lock_file (target, name, &st, &local_error);
  if (fd < 0)
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (expected != NULL || expected_etag != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG,
                       _("“%s” was deleted or moved since it was opened, so it was not written."), name);
          return FALSE;
        }
      /* a new file (nothing to lock) */
      return write_and_move (target, name, data, len, NULL, new_mode, FALSE, cancellable, error);
    }

  if (expected != NULL)
    {
      g_autoptr(GBytes) now = NULL;

      if ((gsize) st.st_size != g_bytes_get_size (expected))
        now = NULL;
      else if ((now = read_fd (fd, &st, name, error)) == NULL)
        {
          ops->close (fd);
          return FALSE;
        }
      if (now == NULL || !g_bytes_equal (now, expected))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG,
                       _("“%s” was changed on disk since it was opened, so it was not overwritten."), name);
          ops->close (fd);
          return FALSE;
        }
    }

  if (expected_etag != NULL)
    {
      /* the locked inode is the one the path names (lock_file checks it) */
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_ETAG_VALUE,
                                                     G_FILE_QUERY_INFO_NONE, cancellable, NULL);

      if (info == NULL || g_strcmp0 (g_file_info_get_etag (info), expected_etag) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG,
                       _("“%s” was changed on disk since it was opened, so it was not overwritten."), name);
          ops->close (fd);
          return FALSE;
        }
    }

  ok = write_and_move (target, name, data, len, &st, 0, FALSE, cancellable, error);
  ops->close (fd);
  return ok;
}

gboolean
postings_file_replace (GFile              *file,
                       GBytes             *contents,
                       GBytes             *expected,
                       PostingsFileFlags   flags,
                       GCancellable       *cancellable,
                       GError            **error)
{
  return replace_full (file, contents, expected, NULL, flags, cancellable, error);
}

typedef struct
{
  GBytes *contents;
  GBytes *expected;
  char *expected_etag;
  PostingsFileFlags flags;
} ReplaceData;

static void
replace_data_free (gpointer p)
{
  ReplaceData *data = p;

  g_bytes_unref (data->contents);
  g_clear_pointer (&data->expected, g_bytes_unref);
  g_free (data->expected_etag);
  g_free (data);
}

static void
replace_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ReplaceData *data = task_data;
  GError *error = NULL;

  if (replace_full (G_FILE (source_object), data->contents, data->expected, data->expected_etag,
                    data->flags, cancellable, &error))
    {
      /* the etag of what was written, for the next save's check */
      g_autoptr(GFileInfo) info = g_file_query_info (G_FILE (source_object), G_FILE_ATTRIBUTE_ETAG_VALUE,
                                                     G_FILE_QUERY_INFO_NONE, NULL, NULL);

      g_task_return_pointer (task, g_strdup (info != NULL ? g_file_info_get_etag (info) : ""), g_free);
    }
  else
    g_task_return_error (task, error);
}

void
postings_file_replace_async (GFile               *file,
                             GBytes              *contents,
                             GBytes              *expected,
                             PostingsFileFlags    flags,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReplaceData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (contents != NULL);

  data = g_new0 (ReplaceData, 1);
  data->contents = g_bytes_ref (contents);
  data->expected = expected != NULL ? g_bytes_ref (expected) : NULL;
  data->flags = flags;

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, postings_file_replace_async);
  g_task_set_task_data (task, data, replace_data_free);
  g_task_run_in_thread (task, replace_thread);
}

gboolean
postings_file_replace_finish (GFile         *file,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_autofree char *etag = NULL;

  g_return_val_if_fail (g_task_is_valid (result, file), FALSE);

  etag = g_task_propagate_pointer (G_TASK (result), error);
  return etag != NULL;
}

void
postings_file_replace_etag_async (GFile               *file,
                                  GBytes              *contents,
                                  const char          *expected_etag,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReplaceData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (contents != NULL);

  data = g_new0 (ReplaceData, 1);
  data->contents = g_bytes_ref (contents);
  data->expected_etag = g_strdup (expected_etag);

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, postings_file_replace_etag_async);
  g_task_set_task_data (task, data, replace_data_free);
  g_task_run_in_thread (task, replace_thread);
}

char *
postings_file_replace_etag_finish (GFile         *file,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, file), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GBytes *bytes = postings_file_read (G_FILE (source_object), cancellable, &error);
  g_autoptr(GFileInfo) info = NULL;

  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  info = g_file_query_info (G_FILE (source_object), G_FILE_ATTRIBUTE_ETAG_VALUE,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  g_task_set_task_data (task, g_strdup (info != NULL ? g_file_info_get_etag (info) : NULL), g_free);
  g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

void
postings_file_read_async (GFile               *file,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, postings_file_read_async);
  g_task_run_in_thread (task, read_thread);
}

GBytes *
postings_file_read_finish (GFile         *file,
                           GAsyncResult  *result,
                           char         **out_etag,
                           GError       **error)
{
  GBytes *bytes;

  g_return_val_if_fail (g_task_is_valid (result, file), NULL);

  bytes = g_task_propagate_pointer (G_TASK (result), error);
  if (bytes != NULL && out_etag != NULL)
    *out_etag = g_strdup (g_task_get_task_data (G_TASK (result)));
  return bytes;
}

/* ------------------------------------------------------------------ */
/* Creating                                                            */

static gboolean
basename_is_plain (const char *basename)
{
  return basename != NULL && basename[0] != '\0' && basename[0] != '.' &&
         strchr (basename, '/') == NULL && strchr (basename, '\\') == NULL &&
         g_utf8_validate (basename, -1, NULL);
}

gboolean
postings_file_create (GFile       *dir,
                      const char  *basename,
                      const char  *data,
                      gsize        len,
                      GFile      **out_file,
                      GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (dir), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_file != NULL)
    *out_file = NULL;

  if (!basename_is_plain (basename))
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                   _("“%s” is not a valid file name."), basename ? basename : "");
      return FALSE;
    }

  file = g_file_get_child (dir, basename);
  path = local_path (file, error);
  if (path == NULL)
    return FALSE;
  name = g_file_get_parse_name (file);

  if (!write_and_move (path, name, data ? data : "", len, NULL, 0666, TRUE, NULL, error))
    return FALSE;

  if (out_file != NULL)
    *out_file = g_steal_pointer (&file);
  return TRUE;
}
