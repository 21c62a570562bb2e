/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ui-test-util.h"

gboolean
ui_test_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

char *
ui_test_corpus_path (const char *folder,
                     const char *name)
{
  const char *dir = g_getenv ("POSTINGS_CORPUS_DIR");

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    return NULL;
  return g_build_filename (dir, folder, name, NULL);
}

char *
ui_test_read_file (const char *path,
                   gsize      *len)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);
  return contents;
}

int
ui_test_count_changed_lines (const char *a,
                             const char *b)
{
  g_auto(GStrv) la = g_strsplit (a, "\n", -1);
  g_auto(GStrv) lb = g_strsplit (b, "\n", -1);
  int changed = 0;

  if (g_strv_length (la) != g_strv_length (lb))
    return -1;
  for (guint i = 0; la[i] != NULL; i++)
    if (strcmp (la[i], lb[i]) != 0)
      changed++;
  return changed;
}

PostingsWindow *
ui_test_open_window (PostingsApplication *app,
                     const char          *path)
{
  PostingsWindow *window = postings_window_new (GTK_APPLICATION (app));
  g_autoptr(GFile) file = g_file_new_for_path (path);

  gtk_window_present (GTK_WINDOW (window));
  postings_window_open (window, file);
  WAIT_FOR (postings_editor_page_get_document (PAGE (window)) != NULL && !_postings_editor_page_is_busy (PAGE (window)));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  return window;
}

void
ui_test_destroy_window (PostingsWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}
