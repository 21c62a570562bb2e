/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "ui-test-util.h"

gboolean
ui_test_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
ui_test_init (int                  *argc,
              char               ***argv,
              PostingsApplication **app,
              char                **tmp_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;

  g_setenv ("POSTINGS_NON_UNIQUE", "1", TRUE);
  g_test_init (argc, argv, NULL);

  /* The build tree's catalogues: LANGUAGE=fr gives the French window. */
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (!gtk_init_check ())
    {
      /* TAP: a suite that cannot run reports SKIP, never PASS. */
      g_print ("1..0 # SKIP no display\n");
      return FALSE;
    }

  /* Drafts go to a private state folder (a child process's too). */
  *tmp_dir = g_dir_make_tmp ("postings-ui-XXXXXX", &error);
  g_assert_no_error (error);
  state = g_build_filename (*tmp_dir, "state", NULL);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_setenv ("XDG_DATA_HOME", state, TRUE);

  *app = postings_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (*app), NULL, &error);
  g_assert_no_error (error);
  /* Tests close and reopen windows: keep the application alive. */
  g_application_hold (G_APPLICATION (*app));
  return TRUE;
}

int
ui_test_run (PostingsApplication *app,
             char                *tmp_dir)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);
  int status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_object_unref (app);
  /* Best effort; the folder is under $TMPDIR. */
  if (!g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL))
    g_printerr ("Could not remove %s\n", tmp_dir);
  g_free (tmp_dir);
  return status;
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
ui_test_copy_corpus_file (const char *corpus_folder,
                          const char *name,
                          const char *folder)
{
  g_autofree char *source = ui_test_corpus_path (corpus_folder, name);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  char *dest;
  gsize len;

  if (source == NULL)
    {
      g_test_skip ("POSTINGS_CORPUS_DIR is not set");
      return NULL;
    }

  contents = ui_test_read_file (source, &len);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  dest = g_build_filename (folder, name, NULL);
  g_file_set_contents (dest, contents, len, &error);
  g_assert_no_error (error);
  return dest;
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
ui_test_resize (PostingsWindow *window,
                int             width,
                int             height)
{
  /* A round trip to the X server, then its events: its answers to the
   * window's earlier requests are in. One arriving after the new size is
   * asked for would be taken for the size the user chose, and the new
   * size forgotten. */
  gdk_display_sync (gtk_widget_get_display (GTK_WIDGET (window)));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
}

void
ui_test_destroy_window (PostingsWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

GtkWidget *
ui_test_find_descendant (GtkWidget *widget,
                         GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_test_find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
ui_test_save_and_wait (PostingsWindow *window)
{
  guint saves = _postings_editor_page_get_n_saves (PAGE (window));

  postings_editor_page_save (PAGE (window));
  WAIT_FOR (_postings_editor_page_get_n_saves (PAGE (window)) > saves ||
            _postings_editor_page_get_dialog (PAGE (window)) != NULL);
  g_assert_null (_postings_editor_page_get_dialog (PAGE (window)));
}

GtkWidget *
ui_test_form_row (PostingsWindow *window,
                  const char     *key)
{
  GtkWidget *row = postings_form_get_row (_postings_editor_page_get_form (PAGE (window)), key);

  g_assert_nonnull (row);
  return row;
}

GtkDropTarget *
ui_test_find_drop_target (PostingsWindow *window)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  GtkDropTarget *target = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);
  return target;
}
