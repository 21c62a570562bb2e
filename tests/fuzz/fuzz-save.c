/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The save path on a failing file system: one system call of a save
 * (open, read, write, fsync, fchmod, rename, flock, stat, access, close…),
 * chosen by the input, fails with an error chosen by the input (or reads
 * and writes less than asked). Whatever fails, the original file survives
 * byte for byte, no temporary file is left beside it, and the lock is
 * released; when the save reports success, the file holds the new bytes.
 * Built as a libFuzzer target with -Dfuzzing=true (clang), and replayed by
 * the `fuzz-replay` test over tests/fuzz/seeds-save and a sweep of every
 * call of every kind of save.
 *
 * Input: byte 0 the kind of save (bits 0-1: replace expecting the bytes on
 * disk, replace whatever is there, replace expecting other bytes, edit;
 * bit 2: through a symbolic link; bit 3: the file has a second hard link),
 * byte 1 the number of the call that fails (0: none), byte 2 the error
 * (bit 7: a short read or write instead), bytes 3-4 (little-endian)
 * where the rest splits into the original file and the new text.
 *
 * unlink() never fails here: it is how a failed save cleans up after
 * itself, and nothing can clean up after it. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "postings-core.h"
#include "postings-file-private.h"
#include "fuzz-save.h"

unsigned int postings_fuzz_save_n_failed;

static guint call_count;
static guint fail_at;
static int fail_errno;
static gboolean fail_short;

/* TRUE when this call is the one to fail (errno is set). */
static gboolean
failing (void)
{
  if (++call_count != fail_at || fail_short)
    return FALSE;
  errno = fail_errno;
  return TRUE;
}

/* TRUE when this read or write is the one to cut short. */
static gboolean
shortened (void)
{
  return call_count == fail_at && fail_short;
}

#define SYS _postings_file_get_system_ops ()

static int
f_open (const char *path, int flags, mode_t mode)
{
  return failing () ? -1 : SYS->open (path, flags, mode);
}

static ssize_t
f_read (int fd, void *buf, size_t count)
{
  if (failing ())
    return -1;
  return SYS->read (fd, buf, shortened () ? MIN (count, 1) : count);
}

static ssize_t
f_write (int fd, const void *buf, size_t count)
{
  if (failing ())
    return -1;
  return SYS->write (fd, buf, shortened () ? MIN (count, 1) : count);
}

static int
f_fsync (int fd)
{
  return failing () ? -1 : SYS->fsync (fd);
}

static int
f_fstat (int fd, struct stat *st)
{
  return failing () ? -1 : SYS->fstat (fd, st);
}

static int
f_stat (const char *path, struct stat *st)
{
  return failing () ? -1 : SYS->stat (path, st);
}

static int
f_lstat (const char *path, struct stat *st)
{
  return failing () ? -1 : SYS->lstat (path, st);
}

static ssize_t
f_readlink (const char *path, char *buf, size_t size)
{
  return failing () ? -1 : SYS->readlink (path, buf, size);
}

static int
f_flock (int fd, int operation)
{
  return failing () ? -1 : SYS->flock (fd, operation);
}

static int
f_fchmod (int fd, mode_t mode)
{
  return failing () ? -1 : SYS->fchmod (fd, mode);
}

static int
f_fchown (int fd, uid_t owner, gid_t group)
{
  return failing () ? -1 : SYS->fchown (fd, owner, group);
}

static int
f_rename (const char *from, const char *to)
{
  return failing () ? -1 : SYS->rename (from, to);
}

static int
f_link (const char *from, const char *to)
{
  return failing () ? -1 : SYS->link (from, to);
}

static int
f_unlink (const char *path)
{
  return SYS->unlink (path);
}

/* As Linux does: the descriptor is released even when close() fails. */
static int
f_close (int fd)
{
  gboolean fail = failing ();
  int result = SYS->close (fd);

  if (fail)
    {
      errno = fail_errno;
      return -1;
    }
  return result;
}

static int
f_access (const char *path, int mode)
{
  return failing () ? -1 : SYS->access (path, mode);
}

static const PostingsFileOps failing_ops = {
  f_open, f_read, f_write, f_fsync, f_fstat, f_stat, f_lstat, f_readlink,
  f_flock, f_fchmod, f_fchown, f_rename, f_link, f_unlink, f_close, f_access,
};

/* Not ENOENT: a file that exists reported missing would be a new file. */
static const int errnos[] = { EIO, ENOSPC, EROFS, EACCES, EDQUOT, EINTR, EPERM, ENOLCK, EEXIST };

static gboolean
edit_cb (PostingsDocument *doc, gpointer user_data, GError **error)
{
  GBytes *text = user_data;

  postings_document_set_text (doc, g_bytes_get_data (text, NULL), (gssize) g_bytes_get_size (text));
  return TRUE;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
sorted_names (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

int
postings_fuzz_save_one (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *link_path = NULL;
  g_autofree char *other = NULL;
  g_autofree char *names = NULL;
  g_autofree char *on_disk = NULL;
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GFile) file = NULL;
  guint kind, split;
  gboolean through_link, hard_link, ok;
  gsize len;
  int fd;

  if (size < 5)
    return 0;
  kind = data[0] & 3;
  through_link = (data[0] & 4) != 0;
  hard_link = (data[0] & 8) != 0;
  fail_at = data[1];
  fail_errno = errnos[(data[2] & 0x7F) % G_N_ELEMENTS (errnos)];
  fail_short = (data[2] & 0x80) != 0;
  split = MIN ((gsize) data[3] | (gsize) data[4] << 8, size - 5);
  original = g_bytes_new (data + 5, split);
  text = g_bytes_new (data + 5 + split, size - 5 - split);

  dir = g_dir_make_tmp ("postings-fuzz-save-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "2024-01-01-offre.md", NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (original, NULL), (gssize) split, &error));
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  if (hard_link)
    {
      other = g_build_filename (dir, "other.md", NULL);
      g_assert_cmpint (link (path, other), ==, 0);
    }
  if (through_link)
    {
      link_path = g_build_filename (dir, "link.md", NULL);
      g_assert_cmpint (symlink ("2024-01-01-offre.md", link_path), ==, 0);
    }
  names = sorted_names (dir);
  file = g_file_new_for_path (through_link ? link_path : path);

  if (kind == 0)
    expected = g_bytes_ref (original);
  else if (kind == 2)
    expected = g_bytes_new ("other bytes", 11);

  call_count = 0;
  _postings_file_set_ops (&failing_ops);
  if (kind == 3)
    ok = postings_file_edit (file, edit_cb, text, NULL, NULL, &error);
  else
    ok = postings_file_replace (file, text, expected, POSTINGS_FILE_NONE, NULL, &error);
  _postings_file_set_ops (NULL);

  /* without a failure, a save goes through (unless the file is not the
   * one expected) */
  if (fail_at == 0 || fail_at > call_count || fail_short)
    g_assert_true (ok == (expected == NULL || g_bytes_equal (expected, original)));

  /* success means the new bytes; failure, the original ones, explained */
  g_assert_true (g_file_get_contents (path, &on_disk, &len, NULL));
  if (ok)
    {
      g_assert_no_error (error);
      g_assert_cmpmem (on_disk, len, g_bytes_get_data (text, NULL), g_bytes_get_size (text));
    }
  else
    {
      postings_fuzz_save_n_failed++;
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, g_file_peek_path (file)));
      g_assert_cmpmem (on_disk, len, g_bytes_get_data (original, NULL), split);
    }

  /* nothing left beside it, the link still a link, the other name intact */
  {
    g_autofree char *after = sorted_names (dir);
    g_assert_cmpstr (after, ==, names);
  }
  if (through_link)
    g_assert_true (g_file_test (link_path, G_FILE_TEST_IS_SYMLINK));
  if (hard_link)
    {
      g_autofree char *kept = NULL;
      gsize kept_len;

      g_assert_true (g_file_get_contents (other, &kept, &kept_len, NULL));
      g_assert_cmpmem (kept, kept_len, g_bytes_get_data (original, NULL), split);
    }
  if (ok && (kind != 3 || !g_bytes_equal (original, text)))
    {
      GStatBuf st;

      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpuint (st.st_mode & 07777, ==, 0640);
    }

  /* the lock was released */
  fd = open (path, O_RDONLY);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);
  close (fd);

  if (link_path != NULL)
    g_assert_cmpint (g_unlink (link_path), ==, 0);
  if (other != NULL)
    g_assert_cmpint (g_unlink (other), ==, 0);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  return 0;
}

#ifdef POSTINGS_LIBFUZZER
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  return postings_fuzz_save_one (data, size);
}
#endif
