/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Closing an offer in its file: one line, atomically, undoable, and
 * refused rather than wrong. */
#include "config.h"

#include <string.h>

#include "postings-core.h"

static char *tmp_dir;

static GFile *
posting (const char *name,
         const char *text)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static char *
read_back (GFile *file)
{
  char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_load_contents (file, NULL, &contents, NULL, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

#define EXPIRED "---\r\nroles: Développeur·se\r\nopen: true   # à fermer\r\ndepublication_date: 2020-01-01\r\n---\r\nTexte\r\n"

static void
test_close_and_undo (void)
{
  g_autoptr(GFile) file = posting ("expired.md", EXPIRED);
  g_autoptr(GBytes) original = NULL, closed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL, *undone = NULL;

  g_assert_true (postings_close_offer_in_file (file, &original, &closed, NULL, &error));
  g_assert_no_error (error);
  after = read_back (file);
  /* One line: the value, its comment and the CRLF kept. */
  g_assert_cmpstr (after, ==, "---\r\nroles: Développeur·se\r\nopen: false   # à fermer\r\n"
                              "depublication_date: 2020-01-01\r\n---\r\nTexte\r\n");
  g_assert_cmpmem (g_bytes_get_data (original, NULL), g_bytes_get_size (original), EXPIRED, strlen (EXPIRED));
  g_assert_cmpmem (g_bytes_get_data (closed, NULL), g_bytes_get_size (closed), after, strlen (after));

  g_assert_true (postings_close_offer_undo (file, original, closed, NULL, &error));
  g_assert_no_error (error);
  undone = read_back (file);
  g_assert_cmpstr (undone, ==, EXPIRED);

  /* Changed since it was closed: the undo leaves it alone. */
  g_assert_false (postings_close_offer_undo (file, original, closed, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG);
  g_assert_nonnull (strstr (error->message, g_file_peek_path (file)));
}

static void
test_duplicate_open (void)
{
  static const char text[] = "---\nroles: Dev\nopen: true\ntitle: x\nopen: true\n---\n";
  g_autoptr(GFile) file = posting ("twice.md", text);
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  gboolean open = TRUE;

  /* The value the site reads (the last one) is the one closed. */
  g_assert_true (postings_close_offer_in_file (file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  after = read_back (file);
  {
    g_autoptr(PostingsDocument) document = postings_document_new_from_data (after, -1);
    g_assert_true (postings_document_get_boolean (document, "open", &open));
    g_assert_false (open);
  }
}

static void
test_refused (void)
{
  static const char broken[] = "---\nroles: Dev: oops\nopen: true\n---\n";
  g_autoptr(GFile) file = posting ("broken.md", broken);
  g_autoptr(GFile) missing = g_file_new_build_filename (tmp_dir, "missing.md", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  /* A header that does not read: nothing written, said with the path. */
  g_assert_false (postings_close_offer_in_file (file, NULL, NULL, NULL, &error));
  g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_INVALID_EDIT);
  g_assert_nonnull (strstr (error->message, "broken.md"));
  after = read_back (file);
  g_assert_cmpstr (after, ==, broken);
  g_clear_error (&error);

  g_assert_false (postings_close_offer_in_file (missing, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.md"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("postings-close-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/close-offer/close-and-undo", test_close_and_undo);
  g_test_add_func ("/close-offer/duplicate-open", test_duplicate_open);
  g_test_add_func ("/close-offer/refused", test_refused);

  status = g_test_run ();

  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);
    if (!g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL))
      g_printerr ("Could not remove %s\n", tmp_dir);
  }
  g_free (tmp_dir);
  return status;
}
