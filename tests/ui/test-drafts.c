/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Drafts against kill -9: a child process (this binary with --child: the
 * real application and window, in its own process) types into a real
 * posting and is killed with SIGKILL; the application started again offers
 * what was typed. Every wait runs the main loop until a condition holds —
 * the child's output, a draft on disk — with a timeout that fails the
 * test; nothing sleeps. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "postings-application.h"
#include "postings-core.h"
#include "postings-window-private.h"
#include "ui-test-util.h"

static PostingsApplication *app;
static char *tmp_dir;
static const char *self_path;

#define DESIGNER "2021-06-15-designer.ux.ui.md"
/* What the child types, one key every 100 ms, over and over. */
#define PATTERN "abcdefghijklmnopqrstuvwxyz"

/* The child ------------------------------------------------------------------ */

typedef struct
{
  GtkTextBuffer *buffer;
  guint          typed;
  guint          keys;     /* 0: type until killed */
} Typist;

static gboolean
type_key_cb (gpointer data)
{
  Typist *typist = data;
  char key[2] = { PATTERN[typist->typed % strlen (PATTERN)], '\0' };

  gtk_text_buffer_insert_interactive_at_cursor (typist->buffer, key, 1, TRUE);
  typist->typed++;
  g_print ("typed %u\n", typist->typed);
  if (typist->keys > 0 && typist->typed == typist->keys)
    {
      g_print ("done\n");
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* --child FILE KEYS: opens FILE as the application does, types KEYS keys
 * (0: until killed) at the end of its text, then waits to be killed. */
static int
run_child (const char *path,
           guint       keys)
{
  g_autoptr(GError) error = NULL;
  PostingsWindow *window;
  GtkTextIter end;
  Typist typist = { 0 };

  if (!gtk_init_check ())
    return 77;
  /* The parent reads each line as it comes. */
  setvbuf (stdout, NULL, _IOLBF, 0);

  app = postings_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));

  window = ui_test_open_window (app, path);
  typist.buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (_postings_editor_page_get_source_view (PAGE (window))));
  typist.keys = keys;
  gtk_text_buffer_get_end_iter (typist.buffer, &end);
  gtk_text_buffer_place_cursor (typist.buffer, &end);
  gtk_widget_grab_focus (GTK_WIDGET (_postings_editor_page_get_source_view (PAGE (window))));

  g_print ("ready\n");
  g_timeout_add (100, type_key_cb, &typist);
  for (;;)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}

/* The parent ----------------------------------------------------------------- */

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
  guint             typed;
  gboolean          done;
  gboolean          eof;
  gboolean          exited;
} Child;

static void read_line (Child *child);

static void
line_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Child *child = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (object), result, NULL, NULL);

  if (line == NULL)
    {
      child->eof = TRUE;
      return;
    }
  if (g_str_has_prefix (line, "typed "))
    child->typed = (guint) g_ascii_strtoull (line + 6, NULL, 10);
  else if (g_str_equal (line, "done"))
    child->done = TRUE;
  read_line (child);
}

static void
read_line (Child *child)
{
  g_data_input_stream_read_line_async (child->out, G_PRIORITY_DEFAULT, NULL, line_read_cb, child);
}

static void
waited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Child *child = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  child->exited = TRUE;
}

static void
start_child (Child      *child,
             const char *path,
             guint       keys)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *keys_text = g_strdup_printf ("%u", keys);

  memset (child, 0, sizeof *child);
  child->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                     self_path, "--child", path, keys_text, NULL);
  g_assert_no_error (error);
  child->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child->process));
  read_line (child);
  g_subprocess_wait_async (child->process, NULL, waited_cb, child);
}

static void
kill_child (Child *child)
{
  g_subprocess_send_signal (child->process, SIGKILL);
  WAIT_FOR (child->exited && child->eof);
  g_assert_true (g_subprocess_get_if_signaled (child->process));
  g_assert_cmpint (g_subprocess_get_term_sig (child->process), ==, SIGKILL);
  g_clear_object (&child->out);
  g_clear_object (&child->process);
}

/* The length of the longest run of PATTERN (from its start, wrapping) that
 * ends @text, or 0. */
static guint
typed_suffix (const char *text,
              gsize       len)
{
  guint best = 0;

  for (guint n = 1; n <= len; n++)
    {
      gboolean match = TRUE;

      for (guint i = 0; i < n && match; i++)
        match = text[len - n + i] == PATTERN[i % strlen (PATTERN)];
      if (match)
        best = n;
    }
  return best;
}

/* The draft of @file on disk (newest), or NULL. */
static PostingsDraft *
find_draft (GFile *file)
{
  g_autoptr(GPtrArray) drafts = postings_drafts_find (NULL, file);

  return drafts->len > 0 ? g_object_ref (drafts->pdata[drafts->len - 1]) : NULL;
}

static guint
draft_typed (GFile *file)
{
  g_autoptr(PostingsDraft) draft = find_draft (file);
  gsize len;
  const char *text;

  if (draft == NULL)
    return 0;
  text = g_bytes_get_data (postings_draft_get_text (draft), &len);
  return typed_suffix (text, len);
}

static gboolean
wake_cb (gpointer data)
{
  /* Drafts are files: look again now and then. */
  return G_SOURCE_CONTINUE;
}

static char *
copy_designer (const char *name)
{
  g_autofree char *folder = g_build_filename (tmp_dir, name, NULL);

  return ui_test_copy_corpus_file ("jobs", DESIGNER, folder);
}

static void
test_kill_after_typing (void)
{
  g_autofree char *path = copy_designer ("after");
  g_autoptr(GFile) file = NULL;
  g_autofree char *body = NULL;
  Child child;
  PostingsWindow *window;
  guint wake;
  const guint keys = 12;

  if (path == NULL)
    return;
  file = g_file_new_for_path (path);

  /* The child types 12 keys, then stops; its draft follows within a
   * second of the last one. */
  wake = g_timeout_add (50, wake_cb, NULL);
  start_child (&child, path, keys);
  WAIT_FOR (child.done);
  WAIT_FOR (draft_typed (file) == keys);
  kill_child (&child);
  g_source_remove (wake);

  /* Started again: everything typed is offered back. */
  window = ui_test_open_window (app, path);
  g_assert_true (postings_editor_page_has_pending_draft (PAGE (window)));
  g_assert_nonnull (strstr (gtk_label_get_label (PAGE (window)->draft_label), "Changes you did not save"));
  g_assert_false (gtk_widget_get_visible (PAGE (window)->draft_compare_button));
  postings_editor_page_restore_draft (PAGE (window));
  body = postings_document_dup_body (postings_editor_page_get_document (PAGE (window)));
  g_assert_true (g_str_has_suffix (body, "abcdefghijkl"));
  g_assert_true (postings_editor_page_get_modified (PAGE (window)));

  /* Closing without saving, on purpose: the draft goes. */
  postings_editor_page_discard_changes (PAGE (window));
  ui_test_destroy_window (window);
  {
    g_autoptr(PostingsDraft) left = find_draft (file);
    g_assert_null (left);
  }
}

static void
test_kill_while_typing (void)
{
  g_autofree char *path = copy_designer ("while");
  g_autofree char *original = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(PostingsDraft) offered = NULL;
  g_autoptr(GBytes) offered_text = NULL;
  g_autoptr(GError) error = NULL;
  PostingsWindow *window;
  PostingsEditorPage *page;
  AdwMessageDialog *dialog;
  Child child;
  guint wake, drafted;
  guint64 mtime;

  if (path == NULL)
    return;
  file = g_file_new_for_path (path);
  original = ui_test_read_file (path, NULL);

  /* The child never stops typing: a draft is written all the same. */
  wake = g_timeout_add (50, wake_cb, NULL);
  start_child (&child, path, 0);
  WAIT_FOR (draft_typed (file) > 0);
  kill_child (&child);
  g_source_remove (wake);
  g_assert_false (child.done);
  drafted = draft_typed (file);
  g_test_message ("killed after %u keys, the draft had %u", child.typed, drafted);
  g_assert_cmpuint (drafted, <=, child.typed);

  /* Meanwhile another program changes the file (a minute later). */
  changed = g_strconcat (original, "Ajouté par un autre programme.\n", NULL);
  g_file_set_contents (path, changed, -1, &error);
  g_assert_no_error (error);
  mtime = g_get_real_time () / G_USEC_PER_SEC + 60;
  g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, mtime, G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);

  /* The draft is offered all the same, saying the file changed since. */
  window = ui_test_open_window (app, path);
  page = PAGE (window);
  g_assert_true (postings_editor_page_has_pending_draft (page));
  g_assert_nonnull (strstr (gtk_label_get_label (page->draft_label), "The file was changed since"));
  g_assert_true (gtk_widget_get_visible (page->draft_compare_button));
  offered = find_draft (file);
  offered_text = g_bytes_ref (postings_draft_get_text (offered));

  /* Typing before answering never overwrites the draft on offer. */
  _postings_editor_page_set_draft_interval (page, 20);
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (_postings_editor_page_get_source_view (page)));
    gtk_text_buffer_insert_at_cursor (buffer, "Nouvelle session. ", -1);
  }
  WAIT_FOR (_postings_editor_page_get_draft_file (page) != NULL
            && g_file_query_exists (_postings_editor_page_get_draft_file (page), NULL)
            && !_postings_editor_page_is_busy (page));
  g_assert_false (g_file_equal (_postings_editor_page_get_draft_file (page), postings_draft_get_location (offered)));
  {
    g_autoptr(PostingsDraft) still = postings_draft_load (postings_draft_get_location (offered), NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (postings_draft_get_text (still), offered_text));
  }

  /* Show Both: the draft beside the file. */
  _postings_editor_page_compare_draft (page);
  WAIT_FOR (page->compare_window != NULL);
  gtk_window_destroy (GTK_WINDOW (page->compare_window));
  g_assert_null (page->compare_window);

  /* Restored over the changed file, the save asks before replacing it. */
  postings_editor_page_restore_draft (page);
  {
    gsize len;
    const char *text = postings_document_get_text (postings_editor_page_get_document (page), &len);
    g_assert_cmpmem (text, len, g_bytes_get_data (offered_text, NULL), g_bytes_get_size (offered_text));
  }
  postings_editor_page_save (page);
  WAIT_FOR (_postings_editor_page_get_dialog (page) != NULL);
  dialog = _postings_editor_page_get_dialog (page);
  g_assert_true (adw_message_dialog_has_response (dialog, "overwrite"));
  after = ui_test_read_file (path, NULL);
  g_assert_cmpstr (after, ==, changed);
  g_clear_pointer (&after, g_free);
  adw_message_dialog_response (dialog, "overwrite");
  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_FOR (_postings_editor_page_get_n_saves (page) == 1 && !_postings_editor_page_is_busy (page));
  after = ui_test_read_file (path, NULL);
  g_assert_cmpmem (after, strlen (after), g_bytes_get_data (offered_text, NULL), g_bytes_get_size (offered_text));

  /* Saved: no draft of the posting is left. */
  {
    g_autoptr(GPtrArray) left = postings_drafts_find (NULL, file);
    g_assert_cmpuint (left->len, ==, 0);
  }
  ui_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "--child"))
    {
      g_setenv ("POSTINGS_NON_UNIQUE", "1", TRUE);
      return run_child (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10));
    }
  self_path = argv[0];

  if (!ui_test_init (&argc, &argv, &app, &tmp_dir))
    return 0;

  g_test_add_func ("/ui/drafts/kill-after-typing", test_kill_after_typing);
  g_test_add_func ("/ui/drafts/kill-while-typing", test_kill_while_typing);

  return ui_test_run (app, tmp_dir);
}
