/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Drafts of unsaved postings: their names, their format (byte for byte),
 * their modes, atomic writing, and what happened to the file since. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "postings-core.h"
#include "postings-drafts.h"

static char *tmp_dir;

static char *
test_folder (const char *name)
{
  static guint n;
  char *path = g_strdup_printf ("%s/%s-%u", tmp_dir, name, ++n);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  return path;
}

static GFile *
write_posting (const char *folder,
               const char *name,
               const char *text)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static char *
query_etag (GFile *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_ETAG_VALUE, G_FILE_QUERY_INFO_NONE,
                                                 NULL, &error);
  g_assert_no_error (error);
  return g_strdup (g_file_info_get_etag (info));
}

static guint
count_files (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_round_trip (void)
{
  g_autofree char *folder = test_folder ("round-trip");
  g_autofree char *drafts_path = g_build_filename (folder, "state", "drafts", NULL);
  g_autoptr(GFile) drafts = g_file_new_for_path (drafts_path);
  g_autoptr(GFile) posting = write_posting (folder, "2024-01-15-dev.md", "---\nroles: Dev\n---\n");
  g_autofree char *etag = query_etag (posting);
  g_autoptr(GDateTime) modified = g_date_time_new_utc (2024, 1, 15, 10, 30, 0);
  /* Everything a file may hold: CRLF, NUL, blank lines, no final newline. */
  static const char text[] = "---\r\nroles: Chargé·e\r\n---\r\n\r\n\r\nUn\0deux\n\nFin";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, sizeof text - 1);
  g_autoptr(GFile) location = postings_drafts_new_location (drafts, posting);
  g_autoptr(PostingsDraft) draft = NULL;
  g_autoptr(PostingsDraft) loaded = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  draft = postings_draft_new (location, posting, bytes, etag, modified);
  g_assert_true (postings_draft_write (draft, NULL, &error));
  g_assert_no_error (error);

  /* Private: the draft 0600, its folder 0700. */
  g_assert_cmpint (g_stat (g_file_peek_path (location), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (drafts_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  loaded = postings_draft_load (location, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_equal (postings_draft_get_file (loaded), posting));
  g_assert_true (g_bytes_equal (postings_draft_get_text (loaded), bytes));
  g_assert_cmpstr (postings_draft_get_file_etag (loaded), ==, etag);
  g_assert_true (g_date_time_equal (postings_draft_get_file_modified (loaded), modified));
  g_assert_true (g_date_time_equal (postings_draft_get_taken (loaded), postings_draft_get_taken (draft)));

  /* Written again over itself: still one file, no temporary left. */
  g_clear_object (&draft);
  draft = postings_draft_new (location, posting, bytes, etag, modified);
  g_assert_true (postings_draft_write (draft, NULL, &error));
  g_assert_cmpuint (count_files (drafts_path), ==, 1);

  g_assert_true (postings_draft_delete (draft, &error));
  g_assert_false (g_file_query_exists (location, NULL));
  /* Deleting what is gone is no error. */
  g_assert_true (postings_draft_delete (draft, &error));
  g_assert_no_error (error);
}

static void
test_names (void)
{
  g_autofree char *folder = test_folder ("names");
  g_autofree char *drafts_path = g_build_filename (folder, "drafts", NULL);
  g_autoptr(GFile) drafts = g_file_new_for_path (drafts_path);
  g_autoptr(GFile) posting = write_posting (folder, "a.md", "A\n");
  g_autoptr(GFile) other = write_posting (folder, "b.md", "B\n");
  g_autoptr(GBytes) text = g_bytes_new_static ("draft\n", 6);
  g_autofree char *uri = g_file_get_uri (posting);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, uri, -1);
  g_autofree char *expected = g_strconcat (hash, ".draft", NULL);
  g_autofree char *name = NULL;
  g_autoptr(GFile) first = NULL, second = NULL, of_other = NULL, of_new = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  /* Named by the file. */
  first = postings_drafts_new_location (drafts, posting);
  name = g_file_get_basename (first);
  g_assert_cmpstr (name, ==, expected);
  {
    g_autoptr(PostingsDraft) d = postings_draft_new (first, posting, text, NULL, NULL);
    g_assert_true (postings_draft_write (d, NULL, &error));
    g_assert_no_error (error);
  }

  /* A second draft of the same posting never takes the first one's name. */
  second = postings_drafts_new_location (drafts, posting);
  g_assert_false (g_file_equal (first, second));
  g_clear_pointer (&name, g_free);
  name = g_file_get_basename (second);
  g_assert_true (g_str_has_prefix (name, hash));
  {
    g_autoptr(PostingsDraft) d = postings_draft_new (second, posting, text, NULL, NULL);
    g_assert_true (postings_draft_write (d, NULL, &error));
  }

  of_other = postings_drafts_new_location (drafts, other);
  {
    g_autoptr(PostingsDraft) d = postings_draft_new (of_other, other, text, NULL, NULL);
    g_assert_true (postings_draft_write (d, NULL, &error));
  }
  of_new = postings_drafts_new_location (drafts, NULL);
  g_clear_pointer (&name, g_free);
  name = g_file_get_basename (of_new);
  g_assert_true (g_str_has_prefix (name, "new-"));
  {
    g_autoptr(PostingsDraft) d = postings_draft_new (of_new, NULL, text, NULL, NULL);
    g_assert_true (postings_draft_write (d, NULL, &error));
  }

  /* Each posting finds its own, oldest first; new postings theirs. */
  found = postings_drafts_find (drafts, posting);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_true (g_file_equal (postings_draft_get_location (found->pdata[0]), first));
  g_assert_true (g_file_equal (postings_draft_get_location (found->pdata[1]), second));
  g_clear_pointer (&found, g_ptr_array_unref);

  found = postings_drafts_find (drafts, other);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = postings_drafts_list (drafts);
  g_assert_cmpuint (found->len, ==, 4);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = postings_drafts_find (drafts, NULL);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_null (postings_draft_get_file (found->pdata[0]));
  g_assert_true (g_file_equal (postings_draft_get_location (found->pdata[0]), of_new));
  g_clear_pointer (&found, g_ptr_array_unref);

  /* A file that is not a draft is skipped, and said so. */
  {
    g_autofree char *junk = g_strconcat (drafts_path, "/", hash, "~9.draft", NULL);
    g_autoptr(GFile) junk_file = g_file_new_for_path (junk);
    g_autoptr(PostingsDraft) none = NULL;

    g_file_set_contents (junk, "not a draft", -1, &error);
    g_assert_no_error (error);
    none = postings_draft_load (junk_file, NULL, &error);
    g_assert_null (none);
    g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_PARSE);
    g_clear_error (&error);

    /* (Structured logging: the warning is checked in a child process.) */
    if (g_test_subprocess ())
      {
        g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
        found = postings_drafts_find (drafts, posting);
        g_assert_cmpuint (found->len, ==, 2);
        return;
      }
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDIN);
    g_test_trap_assert_passed ();
    g_test_trap_assert_stderr ("*Skipped the draft *~9.draft*");
  }

  /* No folder yet: no draft, no error. */
  {
    g_autofree char *missing_path = g_build_filename (folder, "none", NULL);
    g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
    g_autoptr(GPtrArray) none = postings_drafts_find (missing, posting);

    g_assert_cmpuint (none->len, ==, 0);
  }
}

static void
test_check_file (void)
{
  g_autofree char *folder = test_folder ("check");
  g_autofree char *drafts_path = g_build_filename (folder, "drafts", NULL);
  g_autoptr(GFile) drafts = g_file_new_for_path (drafts_path);
  g_autoptr(GFile) posting = write_posting (folder, "a.md", "---\nroles: A\n---\n");
  g_autofree char *etag = query_etag (posting);
  g_autoptr(GBytes) text = g_bytes_new_static ("---\nroles: B\n---\n", 17);
  g_autoptr(GFile) location = postings_drafts_new_location (drafts, posting);
  g_autoptr(PostingsDraft) draft = postings_draft_new (location, posting, text, etag, NULL);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  guint64 mtime;

  g_assert_cmpint (postings_draft_check_file (draft, &now), ==, POSTINGS_DRAFT_FILE_UNCHANGED);
  g_assert_nonnull (now);
  g_clear_pointer (&now, g_date_time_unref);

  /* Another program writes the file (a minute later). */
  g_file_set_contents (g_file_peek_path (posting), "---\nroles: C\n---\n", -1, &error);
  g_assert_no_error (error);
  mtime = g_get_real_time () / G_USEC_PER_SEC + 60;
  g_file_set_attribute_uint64 (posting, G_FILE_ATTRIBUTE_TIME_MODIFIED, mtime, G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (postings_draft_check_file (draft, &now), ==, POSTINGS_DRAFT_FILE_CHANGED);
  g_assert_cmpint (g_date_time_to_unix (now), ==, (gint64) mtime);

  g_assert_true (g_file_delete (posting, NULL, &error));
  g_assert_cmpint (postings_draft_check_file (draft, NULL), ==, POSTINGS_DRAFT_FILE_DELETED);

  /* A new posting has no file to compare with. */
  {
    g_autoptr(GFile) new_location = postings_drafts_new_location (drafts, NULL);
    g_autoptr(PostingsDraft) new_draft = postings_draft_new (new_location, NULL, text, NULL, NULL);

    g_assert_cmpint (postings_draft_check_file (new_draft, NULL), ==, POSTINGS_DRAFT_FILE_UNCHANGED);
  }
}

static void
test_default_dir (void)
{
  g_autoptr(GFile) dir = postings_drafts_get_dir ();
  g_autofree char *expected = g_build_filename (g_getenv ("XDG_STATE_HOME"), "postings", "drafts", NULL);

  g_assert_cmpstr (g_file_peek_path (dir), ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  tmp_dir = g_dir_make_tmp ("postings-drafts-XXXXXX", &error);
  g_assert_no_error (error);
  {
    g_autofree char *state = g_build_filename (tmp_dir, "xdg-state", NULL);
    g_setenv ("XDG_STATE_HOME", state, TRUE);
  }

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/drafts/round-trip", test_round_trip);
  g_test_add_func ("/drafts/names", test_names);
  g_test_add_func ("/drafts/check-file", test_check_file);
  g_test_add_func ("/drafts/default-dir", test_default_dir);

  status = g_test_run ();

  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);
    if (!g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL))
      g_printerr ("Could not remove %s\n", tmp_dir);
  }
  g_free (tmp_dir);
  return status;
}
