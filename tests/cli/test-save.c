/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Saving from the command line, as a hostile environment would try it:
 * the built `postings` executable (given as --postings=PATH), real files,
 * real processes. Many writers at once, a folder that is not writable, a
 * read-only file system, hard and symbolic links, named pipes, sockets and
 * devices, oversized and deeply nested headers, NUL and invalid UTF-8. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <string.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "postings-core.h"

static const char *postings_exe;

#define POSTING "---\nroles: Développeur ou développeuse\nopen: true\ndate: 2024-03-15\ntechno:\n  - Rust\n  - Python\n---\nIntro.\n\n<!--more-->\n\n## Mission\n\nTexte.\n"
#define POSTING_NAME "2024-03-15-developpeur.ou.developpeuse.md"
/* A command that does not end within this is taken for a hang. */
#define HANG_SECONDS 60

typedef struct
{
  GSubprocess *proc;
  int status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_clear_object (&r->proc);
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Starts ARGV (NULL-terminated; "postings" stands for the executable). */
static void
start_argv (Run *r, const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) (g_str_equal (args[i], "postings") ? postings_exe : args[i]));
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  r->proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
}

typedef struct
{
  gboolean done;
  char *out;
  char *err;
  GError *error;
} Communicated;

static void
communicated_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Communicated *c = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &c->out, &c->err, &c->error);
  c->done = TRUE;
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits for a started command, at most HANG_SECONDS: a command that does
 * not end is killed and the test fails, saying it hung. */
static void
finish (Run *r, const char *what)
{
  Communicated c = { 0 };
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (HANG_SECONDS, set_flag_cb, &timed_out);

  g_subprocess_communicate_utf8_async (r->proc, NULL, NULL, communicated_cb, &c);
  while (!c.done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!c.done)
    {
      g_subprocess_force_exit (r->proc);
      while (!c.done)
        g_main_context_iteration (NULL, TRUE);
      g_test_message ("`%s` hung: killed after %d s", what, HANG_SECONDS);
      g_test_fail ();
    }
  else
    g_source_remove (timeout);
  g_assert_no_error (c.error);
  g_assert_true (g_subprocess_get_if_exited (r->proc) || timed_out);
  r->status = g_subprocess_get_if_exited (r->proc) ? g_subprocess_get_exit_status (r->proc) : -1;
  r->out = c.out;
  r->err = c.err;
}

static void
run_argv (Run *r, const char * const *args)
{
  g_autofree char *what = g_strjoinv (" ", (char **) args);

  start_argv (r, args);
  finish (r, what);
}

#define run(r, ...) G_STMT_START { const char *args_[] = { __VA_ARGS__, NULL }; run_argv ((r), args_); } G_STMT_END

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("postings-save-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_assert_cmpint (g_remove (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static char *
write_file (const char *dir, const char *name, const char *text, gssize len)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, len, NULL));
  return path;
}

static char *
read_file (const char *path, gsize *len)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, len, NULL));
  return text;
}

static guint64
inode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_ino;
}

/* The file's value for @key, as the document reads it. */
static char *
value_of (const char *path, const char *key)
{
  g_autofree char *text = read_file (path, NULL);
  g_autoptr(PostingsDocument) doc = postings_document_new_from_data (text, -1);

  g_assert_cmpint (postings_document_get_state (doc), ==, POSTINGS_DOCUMENT_OK);
  return g_strdup (postings_document_get_string (doc, key));
}

/* ------------------------------------------------------------------ */
/* Many writers                                                        */

#define WRITERS 20
#define ROUNDS 30

/* 20 writers at once, each setting its own key, 30 times: every writer
 * succeeds and every change is in the file (no lost update). */
static void
test_parallel_different_keys (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_file (dir, POSTING_NAME, POSTING, -1);
  guint lost = 0, failed = 0;

  for (guint round = 0; round < ROUNDS; round++)
    {
      Run runs[WRITERS] = { { 0 } };
      g_autofree char *text = NULL;
      g_autoptr(PostingsDocument) doc = NULL;

      for (guint i = 0; i < WRITERS; i++)
        {
          g_autofree char *edit = g_strdup_printf ("cle_%02u=tour %u, auteur %u", i, round, i);
          const char *args[] = { "postings", "set", "--in-place", path, edit, NULL };

          start_argv (&runs[i], args);
        }
      for (guint i = 0; i < WRITERS; i++)
        finish (&runs[i], "postings set --in-place");

      text = read_file (path, NULL);
      doc = postings_document_new_from_data (text, -1);
      g_assert_cmpint (postings_document_get_state (doc), ==, POSTINGS_DOCUMENT_OK);
      for (guint i = 0; i < WRITERS; i++)
        {
          g_autofree char *key = g_strdup_printf ("cle_%02u", i);
          g_autofree char *want = g_strdup_printf ("tour %u, auteur %u", round, i);

          if (runs[i].status != 0)
            {
              g_test_message ("round %u, writer %u: exit %d: %s", round, i, runs[i].status, runs[i].err);
              failed++;
            }
          else if (g_strcmp0 (postings_document_get_string (doc, key), want) != 0)
            lost++;
          run_clear (&runs[i]);
        }
      /* the rest of the posting is untouched */
      g_assert_cmpstr (postings_document_get_string (doc, "roles"), ==, "Développeur ou développeuse");
      g_assert_true (g_str_has_suffix (text, "---\nIntro.\n\n<!--more-->\n\n## Mission\n\nTexte.\n"));
    }

  g_test_message ("lost updates %u/%u, failed writers %u/%u", lost, WRITERS * ROUNDS, failed, WRITERS * ROUNDS);
  g_assert_cmpuint (lost, ==, 0);
  g_assert_cmpuint (failed, ==, 0);
  remove_tree (dir);
}

/* 20 writers at once on the same key: each exit status tells the truth
 * (0: its value was written), and the file holds one of those values,
 * with nothing else changed. */
static void
test_parallel_same_key (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_file (dir, POSTING_NAME, POSTING, -1);
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  Run runs[WRITERS] = { { 0 } };
  g_autofree char *final = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;

  for (guint i = 0; i < WRITERS; i++)
    {
      g_autofree char *edit = g_strdup_printf ("title=Offre numéro %u", i);
      const char *args[] = { "postings", "set", "--in-place", path, edit, NULL };

      start_argv (&runs[i], args);
    }
  for (guint i = 0; i < WRITERS; i++)
    {
      finish (&runs[i], "postings set --in-place");
      if (runs[i].status == 0)
        g_ptr_array_add (written, g_strdup_printf ("Offre numéro %u", i));
      else
        /* a writer that did not write says so, and where */
        g_assert_nonnull (strstr (runs[i].err, path));
      run_clear (&runs[i]);
    }
  g_assert_cmpuint (written->len, ==, WRITERS);
  final = value_of (path, "title");
  g_assert_true (g_ptr_array_find_with_equal_func (written, final, g_str_equal, NULL));
  text = read_file (path, NULL);
  expected = g_strdup_printf ("---\nroles: Développeur ou développeuse\ntitle: %s\nopen: true\n%s", final,
                              strstr (POSTING, "date:"));
  g_assert_cmpstr (text, ==, expected);
  remove_tree (dir);
}

/* ------------------------------------------------------------------ */
/* The lock, deterministically                                         */

/* Waits until a process opens @path (inotify: a real event, not a delay). */
static void
wait_for_open (int inotify_fd)
{
  struct pollfd pfd = { inotify_fd, POLLIN, 0 };
  char buf[4096] __attribute__ ((aligned (__alignof__ (struct inotify_event))));

  g_assert_cmpint (poll (&pfd, 1, HANG_SECONDS * 1000), ==, 1);
  g_assert_cmpint (read (inotify_fd, buf, sizeof buf), >, 0);
}

/* Replaces @path by a new file holding @text, as another writer does. */
static void
replace_file (const char *path, const char *text)
{
  g_autofree char *tmp = g_strconcat (path, ".new", NULL);

  g_assert_true (g_file_set_contents (tmp, text, -1, NULL));
  g_assert_cmpint (g_rename (tmp, path), ==, 0);
}

/* `set --in-place` started while another writer holds the lock: it opens
 * the file, waits for the lock, and when the other writer has replaced the
 * file and released the lock, applies its edit to the new file: both
 * changes are kept. An edit that no longer applies to the new file fails
 * with status 1 and the path, and writes nothing. */
static void
test_lock_reread (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_file (dir, POSTING_NAME, POSTING, -1);
  struct {
    const char *edit;
    const char *other;     /* what the other writer saves meanwhile */
    int status;
    const char *result;    /* the file afterwards */
  } cases[] = {
    { "junior=true", "---\nroles: Dev\nopen: false\n---\nAutre.\n", 0,
      "---\nroles: Dev\nopen: false\njunior: true\n---\nAutre.\n" },
    { "techno-=Rust", "---\nroles: Dev\nopen: false\ntechno: [Python]\n---\nAutre.\n", 1,
      "---\nroles: Dev\nopen: false\ntechno: [Python]\n---\nAutre.\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) r = { 0 };
      const char *args[] = { "postings", "set", "--in-place", path, cases[i].edit, NULL };
      int lock_fd, inotify_fd;
      g_autofree char *text = NULL;

      replace_file (path, POSTING);
      lock_fd = open (path, O_RDONLY);
      g_assert_cmpint (flock (lock_fd, LOCK_EX), ==, 0);
      inotify_fd = inotify_init1 (IN_CLOEXEC);
      g_assert_cmpint (inotify_add_watch (inotify_fd, path, IN_OPEN), >=, 0);

      start_argv (&r, args);
      wait_for_open (inotify_fd);   /* it has the old file open, and waits for the lock */
      replace_file (path, cases[i].other);
      close (lock_fd);
      close (inotify_fd);
      finish (&r, "postings set --in-place");

      g_test_message ("%s: exit %d, %s", cases[i].edit, r.status, r.err);
      g_assert_cmpint (r.status, ==, cases[i].status);
      if (cases[i].status != 0)
        {
          g_assert_nonnull (strstr (r.err, path));
          g_assert_nonnull (strstr (r.err, "Rust"));
        }
      text = read_file (path, NULL);
      g_assert_cmpstr (text, ==, cases[i].result);
    }
  remove_tree (dir);
}

/* ------------------------------------------------------------------ */
/* Where writing is not possible                                       */

#define BROKEN_NAME "2024-03-15-casse.md"
#define BROKEN "---\nroles: Dev : senior\nopen: true\n---\nTexte.\n"

/* What `check --fix` reports when it cannot write: an error naming the
 * file, status 2, and what is wrong in the file as it is on disk (not in
 * the fixed version it could not write). */
static void
assert_fix_not_written (Run *r, const char *path)
{
  g_assert_cmpint (r->status, ==, 2);
  g_assert_nonnull (strstr (r->err, path));
  /* one error: nothing else was tried (no rename of a file not fixed) */
  g_assert_cmpuint (strlen (r->err), >, 0);
  g_assert_true (strchr (r->err, '\n') == r->err + strlen (r->err) - 1);
  g_assert_null (strstr (r->out, "fixed:"));
  g_assert_nonnull (strstr (r->out, ":2:12: error: "));
  g_assert_nonnull (strstr (r->out, "[front-matter-unreadable]"));
}

/* Runs `postings ARGS…` so that it cannot create files in @dir: as root
 * (who may write anywhere), as the user nobody, owner of the files;
 * otherwise with the folder made read-only. Returns FALSE (test skipped)
 * when neither can be done. */
static gboolean
run_without_folder_write (Run *r, const char *dir, const char * const *files, const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");

  if (geteuid () != 0)
    {
      g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
      run_argv (r, args);
      g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
      return TRUE;
    }
  if (setpriv == NULL)
    return FALSE;
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  for (guint i = 0; files[i] != NULL; i++)
    g_assert_cmpint (chown (files[i], 65534, 65534), ==, 0);
  g_ptr_array_add (argv, setpriv);
  g_ptr_array_add (argv, (char *) "--reuid=65534");
  g_ptr_array_add (argv, (char *) "--regid=65534");
  g_ptr_array_add (argv, (char *) "--clear-groups");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  run_argv (r, (const char * const *) argv->pdata);
  return TRUE;
}

/* The folder is not writable, the file is: GLib would have truncated and
 * rewritten the file in place; the save refuses, and says why. */
static void
test_folder_not_writable (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_file (dir, POSTING_NAME, POSTING, -1);
  g_autofree char *broken = write_file (dir, BROKEN_NAME, BROKEN, -1);
  const char *files[] = { path, broken, NULL };
  const char *set_args[] = { "postings", "set", "--in-place", path, "open=false", NULL };
  const char *fix_args[] = { "postings", "check", "--fix", broken, NULL };
  g_auto(Run) set = { 0 };
  g_auto(Run) fix = { 0 };
  guint64 inode = inode_of (path);
  g_autofree char *text = NULL;
  g_autofree char *broken_text = NULL;

  if (!run_without_folder_write (&set, dir, files, set_args) ||
      !run_without_folder_write (&fix, dir, files, fix_args))
    {
      g_test_skip ("running as root without setpriv: a folder cannot be made unwritable");
      remove_tree (dir);
      return;
    }
  g_test_message ("set: %s", set.err);
  g_assert_cmpint (set.status, ==, 2);
  g_assert_nonnull (strstr (set.err, "Could not write"));
  g_assert_nonnull (strstr (set.err, path));
  g_assert_nonnull (strstr (set.err, "temporary file"));
  g_assert_nonnull (strstr (set.err, "Permission denied"));
  g_assert_nonnull (strstr (set.err, "not changed"));
  /* untouched: same bytes, same file */
  text = read_file (path, NULL);
  g_assert_cmpstr (text, ==, POSTING);
  g_assert_cmpuint (inode_of (path), ==, inode);

  g_test_message ("check --fix: %s%s", fix.out, fix.err);
  assert_fix_not_written (&fix, broken);
  broken_text = read_file (broken, NULL);
  g_assert_cmpstr (broken_text, ==, BROKEN);
  remove_tree (dir);
}

/* A read-only file in a writable folder is not replaced. */
static void
test_read_only_file (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_file (dir, POSTING_NAME, POSTING, -1);
  g_autofree char *broken = write_file (dir, BROKEN_NAME, BROKEN, -1);
  g_auto(Run) set = { 0 };
  g_auto(Run) noop = { 0 };
  g_auto(Run) fix = { 0 };
  g_autofree char *text = NULL;

  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (broken, 0444), ==, 0);
  run (&set, "postings", "set", "--in-place", path, "open=false");
  g_test_message ("set: %s", set.err);
  g_assert_cmpint (set.status, ==, 2);
  g_assert_nonnull (strstr (set.err, path));
  g_assert_nonnull (strstr (set.err, "read-only"));
  text = read_file (path, NULL);
  g_assert_cmpstr (text, ==, POSTING);
  /* nothing to change: nothing to refuse */
  run (&noop, "postings", "set", "--in-place", path, "open=true");
  g_assert_cmpint (noop.status, ==, 0);

  run (&fix, "postings", "check", "--fix", broken);
  g_test_message ("check --fix: %s%s", fix.out, fix.err);
  assert_fix_not_written (&fix, broken);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_cmpint (g_chmod (broken, 0644), ==, 0);
  remove_tree (dir);
}

/* A read-only file system (a read-only bind mount in a mount namespace of
 * its own): "could not write …: Read-only file system". Skipped where
 * mount namespaces are not allowed. */
static void
test_read_only_file_system (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_file (dir, POSTING_NAME, POSTING, -1);
  g_autofree char *broken = write_file (dir, BROKEN_NAME, BROKEN, -1);
  g_autofree char *unshare = g_find_program_in_path ("unshare");
  g_autofree char *set_cmd = NULL;
  g_autofree char *fix_cmd = NULL;
  g_autofree char *text = NULL;
  g_auto(Run) probe = { 0 };
  g_auto(Run) set = { 0 };
  g_auto(Run) fix = { 0 };
  g_autofree char *mount = NULL;

  if (unshare != NULL)
    run (&probe, unshare, "--mount", "--propagation", "private", "true");
  if (unshare == NULL || probe.status != 0)
    {
      g_test_skip ("no mount namespace here (unshare --mount): no read-only file system to test on");
      remove_tree (dir);
      return;
    }
  mount = g_strdup_printf ("mount --bind '%s' '%s' && mount -o remount,bind,ro '%s' && exec \"$0\" \"$@\"",
                           dir, dir, dir);
  run (&set, unshare, "--mount", "--propagation", "private", "sh", "-c", mount,
       postings_exe, "set", "--in-place", path, "open=false");
  g_test_message ("set: %s", set.err);
  g_assert_cmpint (set.status, ==, 2);
  g_assert_nonnull (strstr (set.err, "Could not write"));
  g_assert_nonnull (strstr (set.err, path));
  g_assert_nonnull (strstr (set.err, "Read-only file system"));
  g_assert_null (strstr (set.err, "Error opening file"));
  text = read_file (path, NULL);
  g_assert_cmpstr (text, ==, POSTING);

  run (&fix, unshare, "--mount", "--propagation", "private", "sh", "-c", mount,
       postings_exe, "check", "--fix", broken);
  g_test_message ("check --fix: %s%s", fix.out, fix.err);
  assert_fix_not_written (&fix, broken);
  g_assert_nonnull (strstr (fix.err, "Read-only file system"));
  remove_tree (dir);
}

/* ------------------------------------------------------------------ */
/* Links                                                               */

/* A hard-linked posting is replaced by a new file; the other name keeps
 * the old content (as the README says). */
static void
test_hard_link (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_file (dir, POSTING_NAME, POSTING, -1);
  g_autofree char *other = g_build_filename (dir, "copie.md", NULL);
  g_autofree char *open_value = NULL;
  g_autofree char *other_text = NULL;
  g_auto(Run) r = { 0 };
  GStatBuf st;

  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  g_assert_cmpint (link (path, other), ==, 0);
  run (&r, "postings", "set", "--in-place", path, "open=false");
  g_assert_cmpint (r.status, ==, 0);
  open_value = value_of (path, "open");
  g_assert_cmpstr (open_value, ==, "false");
  other_text = read_file (other, NULL);
  g_assert_cmpstr (other_text, ==, POSTING);
  g_assert_cmpuint (inode_of (path), !=, inode_of (other));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0640);
  g_assert_cmpuint (st.st_nlink, ==, 1);
  remove_tree (dir);
}

/* Through a symbolic link: the link stays, its target is replaced. */
static void
test_symlink (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *sub = g_build_filename (dir, "ailleurs", NULL);
  g_autofree char *target = NULL;
  g_autofree char *link_path = g_build_filename (dir, POSTING_NAME, NULL);
  g_autofree char *open_value = NULL;
  g_autofree char *points_to = NULL;
  g_auto(Run) r = { 0 };
  g_auto(Run) check = { 0 };

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  target = write_file (sub, "offre.md", POSTING, -1);
  g_assert_cmpint (symlink ("ailleurs/offre.md", link_path), ==, 0);
  run (&r, "postings", "set", "--in-place", link_path, "open=false");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_file_test (link_path, G_FILE_TEST_IS_SYMLINK));
  points_to = g_file_read_link (link_path, NULL);
  g_assert_cmpstr (points_to, ==, "ailleurs/offre.md");
  open_value = value_of (target, "open");
  g_assert_cmpstr (open_value, ==, "false");
  run (&check, "postings", "check", link_path);
  g_assert_cmpint (check.status, ==, 0);
  remove_tree (dir);
}

/* ------------------------------------------------------------------ */
/* Never hang, never blow up                                           */

/* A named pipe with no writer, a socket, a device: every command answers
 * at once with an error naming the path (status 2). */
static void
test_not_regular (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *fifo = g_build_filename (dir, "tube.md", NULL);
  g_autofree char *sock = g_build_filename (dir, "prise.md", NULL);
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int sfd = socket (AF_UNIX, SOCK_STREAM, 0);
  const char *paths[] = { fifo, sock, "/dev/null" };

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  strcpy (addr.sun_path, sock);
  g_assert_cmpint (bind (sfd, (struct sockaddr *) &addr, sizeof addr), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_auto(Run) check = { 0 };
      g_auto(Run) json = { 0 };
      g_auto(Run) set = { 0 };
      g_auto(Run) set_in_place = { 0 };

      run (&check, "postings", "check", paths[i]);
      run (&json, "postings", "check", "--json", paths[i]);
      run (&set, "postings", "set", paths[i], "open=false");
      run (&set_in_place, "postings", "set", "--in-place", paths[i], "open=false");
      g_test_message ("%s: %s", paths[i], check.err);
      g_assert_cmpint (check.status, ==, 2);
      g_assert_nonnull (strstr (check.err, paths[i]));
      g_assert_nonnull (strstr (check.err, "not a file"));
      g_assert_cmpint (json.status, ==, 2);
      g_assert_cmpstr (json.out, ==, "[]\n");
      g_assert_nonnull (strstr (json.err, paths[i]));
      g_assert_cmpint (set.status, ==, 2);
      g_assert_nonnull (strstr (set.err, paths[i]));
      g_assert_cmpint (set_in_place.status, ==, 2);
      g_assert_nonnull (strstr (set_in_place.err, paths[i]));
    }
  close (sfd);
  remove_tree (dir);
}

/* Oversized files and headers, deep nesting: refused at once, located. */
static void
test_limits (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *huge = write_file (dir, "2024-03-15-enorme.md", POSTING, -1);
  g_autoptr(GString) nested = g_string_new ("---\nroles: Dev\nopen: true\ntechno: ");
  g_autoptr(GString) many = g_string_new ("---\nroles: Dev\nopen: true\n");
  g_autofree char *nested_path = NULL;
  g_autofree char *many_path = NULL;
  g_auto(Run) huge_run = { 0 };
  g_auto(Run) nested_run = { 0 };
  g_auto(Run) set_nested = { 0 };
  g_auto(Run) many_run = { 0 };

  g_assert_cmpint (truncate (huge, 65 * 1024 * 1024), ==, 0);
  run (&huge_run, "postings", "check", huge);
  g_assert_cmpint (huge_run.status, ==, 2);
  g_assert_nonnull (strstr (huge_run.err, huge));
  g_assert_nonnull (strstr (huge_run.err, "64 MB"));

  for (guint i = 0; i < 100000; i++)
    g_string_append (nested, "{a: ");
  g_string_append (nested, "\n---\nTexte.\n");
  nested_path = write_file (dir, "2024-03-15-profond.md", nested->str, (gssize) nested->len);
  run (&nested_run, "postings", "check", nested_path);
  g_assert_cmpint (nested_run.status, ==, 1);
  g_assert_nonnull (strstr (nested_run.out, ":4:"));
  g_assert_nonnull (strstr (nested_run.out, "[front-matter-too-deep]"));
  run (&set_nested, "postings", "set", "--in-place", nested_path, "open=false");
  g_assert_cmpint (set_nested.status, ==, 1);
  g_assert_nonnull (strstr (set_nested.err, nested_path));

  /* 69,906 keys, 5 MB: more than a header may be */
  for (guint i = 0; i < 69906; i++)
    g_string_append_printf (many, "key_%u: value number %u with some text\n", i, i);
  g_string_append (many, "---\nTexte.\n");
  many_path = write_file (dir, "2024-03-15-cles.md", many->str, (gssize) many->len);
  run (&many_run, "postings", "check", many_path);
  g_assert_cmpint (many_run.status, ==, 1);
  g_assert_nonnull (strstr (many_run.out, ":2:1: error: "));
  g_assert_nonnull (strstr (many_run.out, "[front-matter-too-large]"));
  remove_tree (dir);
}

/* NUL and invalid UTF-8 in the body: errors with line and column; --fix
 * removes a stray NUL and nothing else; a byte order mark stays. */
static void
test_body_bytes (void)
{
  static const char text[] = "---\nroles: Dev\nopen: true\ndate: 2024-03-15\n---\nIntro \xE9t\xE9.\n\n<!--more-->\n\nTex\0te.\n";
  static const char fixed[] = "---\nroles: Dev\nopen: true\ndate: 2024-03-15\n---\nIntro \xE9t\xE9.\n\n<!--more-->\n\nTexte.\n";
  static const char bom[] = "\xEF\xBB\xBF---\nroles: Dev\nopen: true\ndate: 2024-03-15\n---\nIntro.\n\n<!--more-->\n\nTex\0te.\n";
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_file (dir, "2024-03-15-dev.md", text, sizeof text - 1);
  g_autofree char *bom_path = write_file (dir, "2024-03-15-bom.md", bom, sizeof bom - 1);
  g_autofree char *after = NULL;
  g_autofree char *bom_after = NULL;
  g_auto(Run) check = { 0 };
  g_auto(Run) fix = { 0 };
  g_auto(Run) bom_fix = { 0 };
  gsize len;

  run (&check, "postings", "check", path);
  g_test_message ("%s", check.out);
  g_assert_cmpint (check.status, ==, 1);
  g_assert_nonnull (strstr (check.out, ":6:7: error: "));
  g_assert_nonnull (strstr (check.out, "[invalid-utf8]"));
  g_assert_nonnull (strstr (check.out, ":10:4: error: "));
  g_assert_nonnull (strstr (check.out, "[nul-byte]"));

  run (&fix, "postings", "check", "--fix", path);
  g_test_message ("%s", fix.out);
  g_assert_cmpint (fix.status, ==, 1);
  g_assert_nonnull (strstr (fix.out, ":10:4: fixed: "));
  after = read_file (path, &len);
  g_assert_cmpmem (after, len, fixed, sizeof fixed - 1);

  run (&bom_fix, "postings", "check", "--fix", bom_path);
  g_assert_cmpint (bom_fix.status, ==, 0);
  bom_after = read_file (bom_path, &len);
  g_assert_cmpmem (bom_after, len, "\xEF\xBB\xBF---\nroles: Dev\nopen: true\ndate: 2024-03-15\n---\nIntro.\n\n<!--more-->\n\nTexte.\n",
                   sizeof bom - 2);
  remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  /* --postings=PATH: the executable under test */
  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--postings="))
      {
        postings_exe = argv[i] + strlen ("--postings=");
        for (int j = i; j < argc - 1; j++)
          argv[j] = argv[j + 1];
        argc--;
        break;
      }

  g_test_init (&argc, &argv, NULL);

  if (postings_exe == NULL || !g_file_test (postings_exe, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("test-save: give the postings executable as --postings=PATH\n");
      return 1;
    }

  g_test_add_func ("/cli/save/parallel/different-keys", test_parallel_different_keys);
  g_test_add_func ("/cli/save/parallel/same-key", test_parallel_same_key);
  g_test_add_func ("/cli/save/lock/re-read", test_lock_reread);
  g_test_add_func ("/cli/save/refuse/folder-not-writable", test_folder_not_writable);
  g_test_add_func ("/cli/save/refuse/read-only-file", test_read_only_file);
  g_test_add_func ("/cli/save/refuse/read-only-file-system", test_read_only_file_system);
  g_test_add_func ("/cli/save/links/hard", test_hard_link);
  g_test_add_func ("/cli/save/links/symbolic", test_symlink);
  g_test_add_func ("/cli/save/never-hang/not-regular", test_not_regular);
  g_test_add_func ("/cli/save/never-hang/limits", test_limits);
  g_test_add_func ("/cli/save/body-bytes", test_body_bytes);
  return g_test_run ();
}
