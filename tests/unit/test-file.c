/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading and saving posting files (src/core/postings-file.c): only
 * regular files are read, never blocking; saves are atomic, keep the
 * mode, write through symbolic links, replace hard links, refuse when no
 * temporary file can be made, and never overwrite a file changed on disk.
 * Failing system calls are simulated through the ops table (every call, in
 * turn) by the fuzz target and its replay (tests/fuzz/fuzz-save.c). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "postings-core.h"
#include "postings-file-private.h"

#define POSTING "---\nroles: Dev\nopen: true\n---\nTexte.\n"
#define EDITED "---\nroles: Dev\nopen: false\n---\nTexte.\n"

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("postings-file-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @dir, sorted and joined by spaces. */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static char *
write_posting (const char *dir, const char *name, const char *text, mode_t mode)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return path;
}

static char *
read_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
assert_text (const char *path, const char *expected)
{
  g_autofree char *text = read_text (path);

  g_assert_cmpstr (text, ==, expected);
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */

static void
test_read_regular (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_posting (dir, "a.md", POSTING, 0644);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = postings_file_read (file, NULL, &error);
  g_autoptr(PostingsDocument) doc = postings_document_new_for_file (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), POSTING, strlen (POSTING));
  g_assert_cmpstr (postings_document_get_string (doc, "roles"), ==, "Dev");
  remove_dir (dir);
}

/* A FIFO, a socket, a device, a folder: a clear error at once, no hang
 * (a FIFO with no writer would block a plain open() forever). */
static void
test_read_not_regular (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *fifo = g_build_filename (dir, "fifo.md", NULL);
  g_autofree char *sock = g_build_filename (dir, "socket.md", NULL);
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int sfd = socket (AF_UNIX, SOCK_STREAM, 0);
  struct { const char *path; const char *what; } cases[] = {
    { fifo, "named pipe" }, { sock, "socket" }, { "/dev/null", "device" }, { dir, "folder" },
  };

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_assert_cmpint (sfd, >=, 0);
  g_assert_cmpuint (strlen (sock), <, sizeof addr.sun_path);
  strcpy (addr.sun_path, sock);
  g_assert_cmpint (bind (sfd, (struct sockaddr *) &addr, sizeof addr), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (cases[i].path);
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) edit_error = NULL;
      g_autoptr(GBytes) bytes = postings_file_read (file, NULL, &error);
      g_autoptr(GBytes) contents = g_bytes_new_static ("x", 1);

      g_test_message ("%s: %s", cases[i].path, error ? error->message : "(read)");
      g_assert_null (bytes);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
      g_assert_nonnull (strstr (error->message, cases[i].path));
      g_assert_nonnull (strstr (error->message, cases[i].what));
      /* nor saved over */
      g_assert_false (postings_file_replace (file, contents, NULL, POSTINGS_FILE_NONE, NULL, &edit_error));
      g_assert_error (edit_error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
    }
  close (sfd);
  remove_dir (dir);
}

static void
test_read_too_large (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_posting (dir, "big.md", POSTING, 0644);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  /* a sparse file: 64 MB and one byte, no disk used */
  g_assert_cmpint (truncate (path, POSTINGS_FILE_MAX_SIZE + 1), ==, 0);
  bytes = postings_file_read (file, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "64 MB"));

  g_clear_error (&error);
  g_assert_cmpint (truncate (path, POSTINGS_FILE_MAX_SIZE), ==, 0);
  bytes = postings_file_read (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, POSTINGS_FILE_MAX_SIZE);
  remove_dir (dir);
}

/* ------------------------------------------------------------------ */
/* Saving                                                              */

static void
test_replace_atomic (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_posting (dir, "a.md", POSTING, 0640);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) loaded = g_bytes_new_static (POSTING, strlen (POSTING));
  g_autoptr(GBytes) edited = g_bytes_new_static (EDITED, strlen (EDITED));
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  GStatBuf before, after;

  g_assert_cmpint (g_stat (path, &before), ==, 0);
  g_assert_true (postings_file_replace (file, edited, loaded, POSTINGS_FILE_NONE, NULL, &error));
  g_assert_no_error (error);
  assert_text (path, EDITED);
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  /* a new file, renamed over the old one, with its mode; nothing left over */
  g_assert_cmpuint (after.st_ino, !=, before.st_ino);
  g_assert_cmpuint (after.st_mode & 07777, ==, 0640);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "a.md");
  remove_dir (dir);
}

/* The window's save never overwrites a file changed on disk. */
static void
test_replace_expected (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_posting (dir, "a.md", EDITED, 0644);
  g_autofree char *gone = g_build_filename (dir, "gone.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) gone_file = g_file_new_for_path (gone);
  g_autoptr(GBytes) loaded = g_bytes_new_static (POSTING, strlen (POSTING));
  g_autoptr(GBytes) mine = g_bytes_new_static ("mine\n", 5);
  g_autoptr(GError) error = NULL;

  /* changed since loaded (same size, other bytes) */
  g_assert_false (postings_file_replace (file, mine, loaded, POSTINGS_FILE_NONE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG);
  g_assert_nonnull (strstr (error->message, path));
  assert_text (path, EDITED);
  g_clear_error (&error);

  /* deleted since loaded */
  g_assert_false (postings_file_replace (gone_file, mine, loaded, POSTINGS_FILE_NONE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG);
  g_assert_nonnull (strstr (error->message, gone));
  g_assert_false (g_file_test (gone, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* the user chose to overwrite: no expectation */
  g_assert_true (postings_file_replace (file, mine, NULL, POSTINGS_FILE_NONE, NULL, &error));
  g_assert_no_error (error);
  assert_text (path, "mine\n");
  remove_dir (dir);
}

static void
test_replace_new_file (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "new.md", NULL);
  g_autofree char *draft = g_build_filename (dir, "draft.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) draft_file = g_file_new_for_path (draft);
  g_autoptr(GBytes) contents = g_bytes_new_static (POSTING, strlen (POSTING));
  g_autoptr(GError) error = NULL;
  mode_t mask = umask (022);
  GStatBuf st;

  umask (mask);
  g_assert_true (postings_file_replace (file, contents, NULL, POSTINGS_FILE_NONE, NULL, &error));
  g_assert_no_error (error);
  assert_text (path, POSTING);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0666 & ~mask);

  g_assert_true (postings_file_replace (draft_file, contents, NULL, POSTINGS_FILE_PRIVATE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (draft, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0600);
  remove_dir (dir);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
} AsyncResult;

static void
replace_async_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncResult *r = user_data;

  r->ok = postings_file_replace_finish (G_FILE (source), result, &r->error);
  r->done = TRUE;
}

static void
wait_for (AsyncResult *r)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!r->done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (r->done);
}

static void
test_replace_async (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_posting (dir, "a.md", POSTING, 0644);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) loaded = g_bytes_new_static (POSTING, strlen (POSTING));
  g_autoptr(GBytes) edited = g_bytes_new_static (EDITED, strlen (EDITED));
  AsyncResult first = { 0 }, second = { 0 };

  postings_file_replace_async (file, edited, loaded, POSTINGS_FILE_NONE, NULL, replace_async_cb, &first);
  wait_for (&first);
  g_assert_no_error (first.error);
  g_assert_true (first.ok);
  assert_text (path, EDITED);

  /* a second save from the same loaded bytes is refused: the file changed */
  postings_file_replace_async (file, loaded, loaded, POSTINGS_FILE_NONE, NULL, replace_async_cb, &second);
  wait_for (&second);
  g_assert_false (second.ok);
  g_assert_error (second.error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG);
  g_clear_error (&second.error);
  assert_text (path, EDITED);
  remove_dir (dir);
}

/* A symbolic link is written through: the link stays, its target changes. */
static void
test_replace_symlink (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *target = write_posting (dir, "target.md", POSTING, 0600);
  g_autofree char *link = g_build_filename (dir, "link.md", NULL);
  g_autofree char *link2 = g_build_filename (dir, "link2.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (link2);
  g_autoptr(GBytes) edited = g_bytes_new_static (EDITED, strlen (EDITED));
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  g_autofree char *points_to = NULL;
  GStatBuf st;

  g_assert_cmpint (symlink ("target.md", link), ==, 0);
  g_assert_cmpint (symlink (link, link2), ==, 0);  /* absolute, to a relative one */
  g_assert_true (postings_file_replace (file, edited, NULL, POSTINGS_FILE_NONE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (link2, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  points_to = g_file_read_link (link, NULL);
  g_assert_cmpstr (points_to, ==, "target.md");
  assert_text (target, EDITED);
  g_assert_cmpint (g_stat (target, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0600);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "link.md link2.md target.md");
  remove_dir (dir);
}

/* A hard-linked file is replaced by a new file: the other name keeps the
 * old content (said in the README). */
static void
test_replace_hard_link (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_posting (dir, "a.md", POSTING, 0644);
  g_autofree char *other = g_build_filename (dir, "other.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) edited = g_bytes_new_static (EDITED, strlen (EDITED));
  g_autoptr(GError) error = NULL;
  GStatBuf st_path, st_other;

  g_assert_cmpint (link (path, other), ==, 0);
  g_assert_true (postings_file_replace (file, edited, NULL, POSTINGS_FILE_NONE, NULL, &error));
  g_assert_no_error (error);
  assert_text (path, EDITED);
  assert_text (other, POSTING);
  g_assert_cmpint (g_stat (path, &st_path), ==, 0);
  g_assert_cmpint (g_stat (other, &st_other), ==, 0);
  g_assert_cmpuint (st_path.st_ino, !=, st_other.st_ino);
  g_assert_cmpuint (st_path.st_nlink, ==, 1);
  g_assert_cmpuint (st_other.st_nlink, ==, 1);
  remove_dir (dir);
}

/* ------------------------------------------------------------------ */
/* Read-modify-write                                                   */

typedef struct
{
  guint calls;
  char *seen;
  gboolean fail;
} EditData;

static gboolean
edit_open_false (PostingsDocument *doc, gpointer user_data, GError **error)
{
  EditData *data = user_data;

  data->calls++;
  g_free (data->seen);
  data->seen = g_strdup (postings_document_get_text (doc, NULL));
  if (data->fail)
    {
      g_set_error_literal (error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_FOUND, "no longer applies");
      return FALSE;
    }
  return postings_document_set_value (doc, "open", "false", POSTINGS_VALUE_BOOLEAN, error);
}

static void
test_edit (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_posting (dir, "a.md", POSTING, 0644);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PostingsDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  EditData data = { 0 };
  gboolean written = TRUE;
  GStatBuf before, after;

  /* an edit that fails: nothing written, the document is the file as it is */
  data.fail = TRUE;
  g_assert_cmpint (g_stat (path, &before), ==, 0);
  g_assert_false (postings_file_edit (file, edit_open_false, &data, &doc, &written, &error));
  g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_FOUND);
  g_assert_false (written);
  g_assert_cmpstr (postings_document_get_text (doc, NULL), ==, POSTING);
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpuint (after.st_ino, ==, before.st_ino);
  g_clear_error (&error);
  g_clear_object (&doc);

  /* the edit sees what is on disk now, and its result is saved */
  data.fail = FALSE;
  g_assert_true (postings_file_edit (file, edit_open_false, &data, &doc, &written, &error));
  g_assert_no_error (error);
  g_assert_true (written);
  g_assert_cmpstr (data.seen, ==, POSTING);
  g_assert_cmpstr (postings_document_get_text (doc, NULL), ==, EDITED);
  assert_text (path, EDITED);
  g_clear_object (&doc);

  /* nothing to change: nothing written, same file */
  g_assert_cmpint (g_stat (path, &before), ==, 0);
  g_assert_true (postings_file_edit (file, edit_open_false, &data, NULL, &written, &error));
  g_assert_false (written);
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpuint (after.st_ino, ==, before.st_ino);
  g_assert_cmpuint (data.calls, ==, 3);
  g_free (data.seen);
  remove_dir (dir);
}

/* While another program holds the lock, a save waits; past the timeout it
 * gives up with a message naming the file, and writes nothing. */
static void
test_edit_locked (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_posting (dir, "a.md", POSTING, 0644);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  EditData data = { 0 };
  int fd = open (path, O_RDONLY);

  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);
  _postings_file_set_lock_timeout (200);
  g_assert_false (postings_file_edit (file, edit_open_false, &data, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_cmpuint (data.calls, ==, 0);
  assert_text (path, POSTING);
  g_clear_error (&error);

  /* released: it goes through */
  close (fd);
  g_assert_true (postings_file_edit (file, edit_open_false, &data, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_text (path, EDITED);
  _postings_file_set_lock_timeout (10000);
  g_free (data.seen);
  remove_dir (dir);
}

/* ------------------------------------------------------------------ */
/* Refusing                                                            */

static int refuse_errno;

/* open() as on a folder that is not writable (or a read-only file system):
 * creating fails, reading works. Root bypasses permissions, so the tests
 * simulate it here; tests/cli runs the real thing (another user, a
 * read-only mount). */
static int
refusing_open (const char *path, int flags, mode_t mode)
{
  if (flags & O_CREAT)
    {
      errno = refuse_errno;
      return -1;
    }
  return _postings_file_get_system_ops ()->open (path, flags, mode);
}

static void
test_refuse_no_temporary (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_posting (dir, "a.md", POSTING, 0644);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) edited = g_bytes_new_static (EDITED, strlen (EDITED));
  PostingsFileOps ops = *_postings_file_get_system_ops ();
  int errnos[] = { EACCES, EROFS };
  GStatBuf before, after;

  ops.open = refusing_open;
  g_assert_cmpint (g_stat (path, &before), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (errnos); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) edit_error = NULL;
      g_autoptr(PostingsDocument) doc = NULL;
      g_autofree char *names = NULL;
      EditData data = { 0 };

      refuse_errno = errnos[i];
      _postings_file_set_ops (&ops);
      g_assert_false (postings_file_replace (file, edited, NULL, POSTINGS_FILE_NONE, NULL, &error));
      g_assert_false (postings_file_edit (file, edit_open_false, &data, &doc, NULL, &edit_error));
      _postings_file_set_ops (NULL);

      g_test_message ("%s", error->message);
      g_assert_error (error, G_IO_ERROR, (int) g_io_error_from_errno (errnos[i]));
      g_assert_nonnull (strstr (error->message, path));
      g_assert_nonnull (strstr (error->message, "Could not write"));
      g_assert_nonnull (strstr (error->message, "temporary file"));
      g_assert_nonnull (strstr (error->message, g_strerror (errnos[i])));
      g_assert_nonnull (strstr (error->message, "not changed"));
      g_assert_error (edit_error, G_IO_ERROR, (int) g_io_error_from_errno (errnos[i]));
      /* the document is the file as it still is */
      g_assert_cmpstr (postings_document_get_text (doc, NULL), ==, POSTING);
      g_assert_cmpint (g_stat (path, &after), ==, 0);
      g_assert_cmpuint (after.st_ino, ==, before.st_ino);
      assert_text (path, POSTING);
      names = list_dir (dir);
      g_assert_cmpstr (names, ==, "a.md");
      g_free (data.seen);
    }
  remove_dir (dir);
}

/* A read-only file is not replaced (a rename() could: the folder is
 * writable), even by root; unchanged, it is not written at all. */
static void
test_refuse_read_only_file (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_posting (dir, "a.md", POSTING, 0444);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) edited = g_bytes_new_static (EDITED, strlen (EDITED));
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsDocument) doc = NULL;
  g_autofree char *names = NULL;
  EditData data = { 0 };
  gboolean written = TRUE;

  g_assert_false (postings_file_replace (file, edited, NULL, POSTINGS_FILE_NONE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "read-only"));
  assert_text (path, POSTING);
  g_clear_error (&error);

  g_assert_false (postings_file_edit (file, edit_open_false, &data, &doc, &written, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_false (written);
  g_assert_cmpstr (postings_document_get_text (doc, NULL), ==, POSTING);
  g_clear_error (&error);

  assert_text (path, POSTING);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "a.md");
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_free (data.seen);
  remove_dir (dir);
}

/* ------------------------------------------------------------------ */
/* Creating                                                            */

static void
test_create (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GFile) created = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "2026-03-01-dev.md", NULL);
  g_autofree char *names = NULL;

  g_assert_true (postings_file_create (folder, "2026-03-01-dev.md", POSTING, strlen (POSTING), &created, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_file_peek_path (created), ==, path);
  assert_text (path, POSTING);

  g_assert_false (postings_file_create (folder, "2026-03-01-dev.md", EDITED, strlen (EDITED), NULL, &error));
  g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, path));
  assert_text (path, POSTING);
  g_clear_error (&error);

  g_assert_false (postings_file_create (folder, ".hidden", POSTING, strlen (POSTING), NULL, &error));
  g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "2026-03-01-dev.md");
  remove_dir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/file/read/regular", test_read_regular);
  g_test_add_func ("/file/read/not-regular", test_read_not_regular);
  g_test_add_func ("/file/read/too-large", test_read_too_large);
  g_test_add_func ("/file/replace/atomic", test_replace_atomic);
  g_test_add_func ("/file/replace/expected", test_replace_expected);
  g_test_add_func ("/file/replace/new-file", test_replace_new_file);
  g_test_add_func ("/file/replace/async", test_replace_async);
  g_test_add_func ("/file/replace/symlink", test_replace_symlink);
  g_test_add_func ("/file/replace/hard-link", test_replace_hard_link);
  g_test_add_func ("/file/edit/current", test_edit);
  g_test_add_func ("/file/edit/locked", test_edit_locked);
  g_test_add_func ("/file/refuse/no-temporary-file", test_refuse_no_temporary);
  g_test_add_func ("/file/refuse/read-only-file", test_refuse_read_only_file);
  g_test_add_func ("/file/create", test_create);
  return g_test_run ();
}
