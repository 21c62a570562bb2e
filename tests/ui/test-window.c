/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real window, in process, under Xvfb: real corpus postings are opened,
 * edited through the widgets a person uses, and saved to temporary copies.
 * Every wait runs the main loop until a condition holds, with a timeout
 * that fails the test; nothing sleeps. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "postings-application.h"
#include "postings-date-row.h"
#include "postings-window-private.h"
#include "ui-test-util.h"


static PostingsApplication *app;
static char *tmp_dir;

/* Waiting ----------------------------------------------------------------- */


/* Files ------------------------------------------------------------------- */



static char *
test_folder (const char *name)
{
  static guint n;
  return g_strdup_printf ("%s/%s-%u", tmp_dir, name, ++n);
}

/* Windows ----------------------------------------------------------------- */



static char *
preview_header (PostingsWindow *window)
{
  return postings_preview_view_dup_header_text (_postings_editor_page_get_preview (PAGE (window)));
}

static char *
preview_text (PostingsWindow *window)
{
  return postings_preview_view_dup_text (_postings_editor_page_get_preview (PAGE (window)));
}

static gboolean
str_contains (char       *owned,
              const char *needle)
{
  gboolean found = owned != NULL && strstr (owned, needle) != NULL;
  g_free (owned);
  return found;
}

/* What clicking a dialog's button does. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_true (adw_message_dialog_has_response (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
save_and_wait (PostingsWindow *window)
{
  ui_test_save_and_wait (window);
  g_assert_false (postings_window_get_modified (window));
}


/* Does @text have the line `KEY: VALUE`, the value plain or quoted? */
static gboolean
has_line (const char *text,
          const char *key,
          const char *value)
{
  const char *quotes[] = { "", "'", "\"" };

  for (guint i = 0; i < G_N_ELEMENTS (quotes); i++)
    {
      g_autofree char *line = g_strconcat (key, ": ", quotes[i], value, quotes[i], "\n", NULL);
      g_autofree char *with_newline = g_strconcat ("\n", line, NULL);

      if (g_str_has_prefix (text, line) || strstr (text, with_newline) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Tests ------------------------------------------------------------------- */

#define DESIGNER "2021-06-15-designer.ux.ui.md"

static void
test_save_unedited (void)
{
  g_autofree char *folder = test_folder ("unedited");
  g_autofree char *path = ui_test_copy_corpus_file ("jobs", DESIGNER, folder);
  g_autofree char *source = ui_test_corpus_path ("jobs", DESIGNER);
  g_autofree char *before = NULL, *after = NULL;
  PostingsWindow *window;
  gsize before_len, after_len;

  if (path == NULL)
    return;

  window = ui_test_open_window (app, path);
  g_assert_false (postings_window_get_modified (window));
  g_assert_cmpstr (postings_editor_page_get_title (PAGE (window)), ==, DESIGNER);

  save_and_wait (window);

  before = ui_test_read_file (source, &before_len);
  after = ui_test_read_file (path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);

  ui_test_destroy_window (window);
}

static void
test_edit_roles (void)
{
  g_autofree char *folder = test_folder ("roles");
  g_autofree char *path = ui_test_copy_corpus_file ("jobs", DESIGNER, folder);
  g_autofree char *source = ui_test_corpus_path ("jobs", DESIGNER);
  g_autofree char *before = NULL, *after = NULL;
  g_autofree char *expected_title = NULL;
  PostingsWindow *window;
  PostingsDocument *document;
  GtkWidget *row;

  if (path == NULL)
    return;

  window = ui_test_open_window (app, path);
  document = postings_editor_page_get_document (PAGE (window));

  /* Type the new job title in the form's row, as a person would. */
  row = ui_test_form_row (window, "roles");
  g_assert_true (GTK_IS_EDITABLE (row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Designer (UX/UI)");
  gtk_editable_set_text (GTK_EDITABLE (row), "Designer : UX/UI confirmé·e");
  WAIT_FOR (g_strcmp0 (postings_document_get_string (document, "roles"), "Designer : UX/UI confirmé·e") == 0);

  g_assert_true (postings_window_get_modified (window));
  expected_title = g_strdup_printf ("• %s", DESIGNER);
  g_assert_cmpstr (postings_editor_page_get_title (PAGE (window)), ==, expected_title);

  /* The preview's title follows. */
  WAIT_FOR (str_contains (preview_header (window), "Designer : UX/UI confirmé·e"));

  save_and_wait (window);
  g_assert_cmpstr (postings_editor_page_get_title (PAGE (window)), ==, DESIGNER);

  before = ui_test_read_file (source, NULL);
  after = ui_test_read_file (path, NULL);
  g_assert_cmpint (ui_test_count_changed_lines (before, after), ==, 1);
  g_assert_true (has_line (after, "roles", "Designer : UX/UI confirmé·e"));

  ui_test_destroy_window (window);
}

static void
test_toggle_open (void)
{
  g_autofree char *folder = test_folder ("open");
  g_autofree char *path = ui_test_copy_corpus_file ("jobs", DESIGNER, folder);
  g_autofree char *source = ui_test_corpus_path ("jobs", DESIGNER);
  g_autofree char *before = NULL, *after = NULL;
  PostingsWindow *window;
  PostingsDocument *document;
  GtkWidget *row, *sw;
  gboolean open = TRUE;

  if (path == NULL)
    return;

  window = ui_test_open_window (app, path);
  document = postings_editor_page_get_document (PAGE (window));

  /* `open: false` with a date: the site says the position was filled. */
  WAIT_FOR (str_contains (preview_header (window), "pourvu"));

  row = ui_test_form_row (window, "open");
  g_assert_true (ADW_IS_ACTION_ROW (row));
  sw = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));
  g_assert_true (GTK_IS_SWITCH (sw));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (sw)));

  /* Activating the row flips its switch, as a click or Space does. */
  adw_action_row_activate (ADW_ACTION_ROW (row));
  WAIT_FOR (postings_document_get_boolean (document, "open", &open) && open);

  WAIT_FOR (str_contains (preview_header (window), "Poste ouvert le 15/06/2021"));
  g_assert_false (str_contains (preview_header (window), "pourvu"));

  save_and_wait (window);
  before = ui_test_read_file (source, NULL);
  after = ui_test_read_file (path, NULL);
  g_assert_cmpint (ui_test_count_changed_lines (before, after), ==, 1);
  g_assert_nonnull (strstr (after, "\nopen: true\n"));

  ui_test_destroy_window (window);
}

static void
test_type_body (void)
{
  g_autofree char *folder = test_folder ("body");
  g_autofree char *path = ui_test_copy_corpus_file ("jobs", DESIGNER, folder);
  g_autofree char *body = NULL;
  PostingsWindow *window;
  PostingsDocument *document;
  PostingsSourceView *view;
  GtkTextBuffer *buffer;
  GtkTextIter end;
  const char *typed = "\nUne phrase **tapée** au clavier.\n";

  if (path == NULL)
    return;

  window = ui_test_open_window (app, path);
  document = postings_editor_page_get_document (PAGE (window));
  view = _postings_editor_page_get_source_view (PAGE (window));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

  /* The source view holds the body, not the front matter. */
  body = postings_source_view_dup_text (view);
  g_assert_true (g_str_has_prefix (body, "## Dora recherche"));

  gtk_widget_grab_focus (GTK_WIDGET (view));
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  for (const char *p = typed; *p != '\0'; p = g_utf8_next_char (p))
    {
      char ch[8] = { 0 };
      memcpy (ch, p, g_utf8_next_char (p) - p);
      gtk_text_buffer_insert_interactive_at_cursor (buffer, ch, -1, TRUE);
    }

  g_free (body);
  body = postings_document_dup_body (document);
  g_assert_true (g_str_has_suffix (body, typed));

  /* The preview model drew the new paragraph: the `**` became bold text. */
  WAIT_FOR (str_contains (preview_text (window), "Une phrase tapée au clavier."));
  g_assert_true (postings_window_get_modified (window));

  /* Word and character count under the editor. */
  g_assert_nonnull (strstr (_postings_editor_page_get_count_text (PAGE (window)), " words"));

  ui_test_destroy_window (window);
}

static void
test_broken (void)
{
  const char *name = "2020-12-17-anct-developpeur-se__971e1aff.md";
  g_autofree char *folder = test_folder ("broken");
  g_autofree char *path = ui_test_copy_corpus_file ("broken", name, folder);
  g_autofree char *yaml = NULL;
  g_autofree char *fixed = NULL;
  g_autofree char *before = NULL, *after = NULL;
  PostingsWindow *window;
  PostingsDocument *document;
  PostingsSourceView *front_matter;
  const char *banner;
  const char *value, *line_end;
  gsize before_len, after_len;

  if (path == NULL)
    return;

  window = ui_test_open_window (app, path);
  document = postings_editor_page_get_document (PAGE (window));
  g_assert_cmpint (postings_document_get_state (document), ==, POSTINGS_DOCUMENT_BROKEN);

  /* The banner names the line and the problem; the form is disabled; the
   * raw front matter is shown. */
  banner = _postings_editor_page_get_banner_text (PAGE (window));
  g_assert_nonnull (banner);
  g_assert_true (g_str_has_prefix (banner, "Line 3, column 46: "));
  g_assert_nonnull (strstr (banner, postings_document_get_problem (document)->message));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (_postings_editor_page_get_form (PAGE (window)))));
  front_matter = _postings_editor_page_get_front_matter_view (PAGE (window));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (front_matter)));

  /* Body and preview still work. */
  WAIT_FOR (str_contains (preview_text (window), "Conseiller Numérique"));

  /* Nothing is lost: saved untouched, the file is the same. */
  save_and_wait (window);
  {
    g_autofree char *source = ui_test_corpus_path ("broken", name);
    before = ui_test_read_file (source, &before_len);
  }
  after = ui_test_read_file (path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);

  /* Quote the title in the raw editor, as the banner says: the banner goes
   * and the form comes back. */
  yaml = postings_source_view_dup_text (front_matter);
  value = strstr (yaml, "\ntitle: ");
  g_assert_nonnull (value);
  value += strlen ("\ntitle: ");
  line_end = strchr (value, '\n');
  fixed = g_strdup_printf ("%.*s\"%.*s\"%s", (int) (value - yaml), yaml,
                           (int) (line_end - value), value, line_end);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (front_matter)), fixed, -1);

  WAIT_FOR (postings_document_get_state (document) == POSTINGS_DOCUMENT_OK);
  g_assert_null (_postings_editor_page_get_banner_text (PAGE (window)));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (_postings_editor_page_get_form (PAGE (window)))));
  g_assert_cmpstr (postings_document_get_string (document, "title"), ==,
                   "L'équipe Conseiller Numérique recrute : un.e développeur.se");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ui_test_form_row (window, "title"))), ==,
                   "L'équipe Conseiller Numérique recrute : un.e développeur.se");

  ui_test_destroy_window (window);
}

static void
test_broken_corpus (void)
{
  g_autofree char *dir = ui_test_corpus_path ("broken", "");
  g_autofree char *folder = test_folder ("broken-corpus");
  g_autoptr(GDir) listing = NULL;
  const char *name;
  guint n = 0;

  if (dir == NULL)
    {
      g_test_skip ("POSTINGS_CORPUS_DIR is not set");
      return;
    }

  listing = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (listing);

  /* Every real broken file opens, says where it is broken, keeps the form
   * disabled, and is written back unchanged. */
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = ui_test_copy_corpus_file ("broken", name, folder);
      g_autofree char *source = ui_test_corpus_path ("broken", name);
      g_autofree char *before = NULL, *after = NULL;
      PostingsWindow *window;
      PostingsDocument *document;
      const char *banner;
      gsize before_len, after_len;

      window = ui_test_open_window (app, path);
      document = postings_editor_page_get_document (PAGE (window));
      g_assert_cmpint (postings_document_get_state (document), !=, POSTINGS_DOCUMENT_OK);

      banner = _postings_editor_page_get_banner_text (PAGE (window));
      g_assert_nonnull (banner);
      g_assert_true (g_str_has_prefix (banner, "Line "));
      g_assert_nonnull (strstr (banner, postings_document_get_problem (document)->message));
      g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (_postings_editor_page_get_form (PAGE (window)))));
      g_assert_true (gtk_widget_is_visible (GTK_WIDGET (_postings_editor_page_get_front_matter_view (PAGE (window)))));

      save_and_wait (window);
      before = ui_test_read_file (source, &before_len);
      after = ui_test_read_file (path, &after_len);
      g_assert_cmpmem (before, before_len, after, after_len);

      ui_test_destroy_window (window);
      n++;
    }

  g_assert_cmpuint (n, >=, 21);
}

static void
test_open_missing_and_unreadable (void)
{
  g_autofree char *folder = test_folder ("missing");
  g_autofree char *path = g_build_filename (folder, "2026-03-01-nouvelle.md", NULL);
  g_autofree char *saved = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) dir = g_file_new_for_path (folder);
  PostingsWindow *window;
  const char *banner;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);

  /* `postings NEW-FILE.md`: a new posting that will be saved there. */
  window = postings_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  postings_window_open (window, file);
  WAIT_FOR (!_postings_editor_page_is_busy (PAGE (window)));
  g_assert_nonnull (postings_editor_page_get_document (PAGE (window)));
  g_assert_true (g_file_equal (postings_editor_page_get_file (PAGE (window)), file));
  g_assert_true (postings_window_get_modified (window));
  g_assert_cmpstr (postings_editor_page_get_title (PAGE (window)), ==, "• 2026-03-01-nouvelle.md");
  save_and_wait (window);
  saved = ui_test_read_file (path, NULL);
  g_assert_true (g_str_has_prefix (saved, "---\n"));
  ui_test_destroy_window (window);

  /* A folder cannot be read as a posting: the banner says so. */
  window = postings_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  postings_window_open (window, dir);
  WAIT_FOR (!_postings_editor_page_is_busy (PAGE (window)));
  banner = _postings_editor_page_get_banner_text (PAGE (window));
  g_assert_nonnull (banner);
  g_assert_nonnull (strstr (banner, "could not be opened"));
  g_assert_null (postings_editor_page_get_document (PAGE (window)));
  ui_test_destroy_window (window);
}

static void
test_no_front_matter (void)
{
  const char *name = "2019-01-29-developpeu-r-se-mrs__c4ae2b70.md";
  g_autofree char *folder = test_folder ("nofm");
  g_autofree char *path = ui_test_copy_corpus_file ("broken", name, folder);
  PostingsWindow *window;
  PostingsDocument *document;
  g_autofree char *body_before = NULL;
  g_autofree char *body_after = NULL;

  if (path == NULL)
    return;

  window = ui_test_open_window (app, path);
  document = postings_editor_page_get_document (PAGE (window));
  g_assert_cmpint (postings_document_get_state (document), ==, POSTINGS_DOCUMENT_NO_FRONT_MATTER);
  g_assert_nonnull (_postings_editor_page_get_banner_text (PAGE (window)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (_postings_editor_page_get_form (PAGE (window)))));

  /* Typing a front matter in the raw editor gives the file one. */
  body_before = postings_source_view_dup_text (_postings_editor_page_get_source_view (PAGE (window)));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (_postings_editor_page_get_front_matter_view (PAGE (window)))),
                            "roles: Développeur·se\nopen: true\n", -1);
  WAIT_FOR (postings_document_get_state (document) == POSTINGS_DOCUMENT_OK);
  g_assert_null (_postings_editor_page_get_banner_text (PAGE (window)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ui_test_form_row (window, "roles"))), ==, "Développeur·se");
  body_after = postings_source_view_dup_text (_postings_editor_page_get_source_view (PAGE (window)));
  g_assert_cmpstr (body_before, ==, body_after);
  g_assert_true (g_str_has_prefix (postings_document_get_text (document, NULL),
                                   "---\nroles: Développeur·se\nopen: true\n---\n"));

  ui_test_destroy_window (window);
}

static void
test_front_matter_sync (void)
{
  g_autofree char *folder = test_folder ("sync");
  g_autofree char *path = ui_test_copy_corpus_file ("jobs", DESIGNER, folder);
  PostingsWindow *window;
  PostingsDocument *document;
  PostingsSourceView *front_matter;
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  g_autofree char *yaml = NULL;
  GtkWidget *row;

  if (path == NULL)
    return;

  window = ui_test_open_window (app, path);
  document = postings_editor_page_get_document (PAGE (window));
  front_matter = _postings_editor_page_get_front_matter_view (PAGE (window));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (front_matter));

  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (front_matter)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-front-matter-source", NULL);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (front_matter)));

  yaml = postings_source_view_dup_text (front_matter);
  g_assert_cmpstr (yaml, ==, "roles: Designer (UX/UI)\nopen: false\ndate: 2021-06-15T16:09:46.210Z\nstartup: dora\n");

  /* Form → raw editor */
  row = ui_test_form_row (window, "roles");
  gtk_editable_set_text (GTK_EDITABLE (row), "Designer produit");
  g_free (yaml);
  yaml = postings_source_view_dup_text (front_matter);
  {
    g_autofree char *expected = postings_document_dup_front_matter (document);
    g_assert_cmpstr (yaml, ==, expected);
    g_assert_nonnull (strstr (yaml, "Designer produit"));
    g_assert_true (g_str_has_suffix (yaml, "\nopen: false\ndate: 2021-06-15T16:09:46.210Z\nstartup: dora\n"));
  }

  /* Raw editor → form: type at the end of the startup line. */
  gtk_text_buffer_get_iter_at_line (buffer, &iter, 3);
  gtk_text_iter_forward_to_line_end (&iter);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, "-app", -1, TRUE);
  g_assert_cmpstr (postings_document_get_string (document, "startup"), ==, "dora-app");
  WAIT_FOR (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (ui_test_form_row (window, "startup"))), "dora-app") == 0);
  /* The cursor stayed where the user typed. */
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpint (gtk_text_iter_get_line (&iter), ==, 3);
  g_assert_true (gtk_text_iter_ends_line (&iter));

  /* Undo in the raw editor goes back through the document. */
  g_assert_true (gtk_text_buffer_get_can_undo (buffer));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-front-matter-source", NULL);
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (front_matter)));

  ui_test_destroy_window (window);
}

#if !GTK_CHECK_VERSION (4, 10, 0)
/* GtkFileChooserNative without a portal shows a GtkFileChooserDialog. */
static GtkWidget *
find_file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* owned by GTK */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      /* GTK keeps its toplevels alive: the borrowed pointer stays valid. */
      if (GTK_IS_FILE_CHOOSER_DIALOG (toplevel) && gtk_widget_get_visible (toplevel))
        return toplevel;
    }
  return NULL;
}
#endif

static void
test_new_posting (void)
{
  g_autofree char *repo = test_folder ("repo");
  g_autofree char *jobs = g_build_filename (repo, "content", "_jobs", NULL);
  g_autofree char *existing = NULL;
  g_autofree char *name = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) jobs_file = g_file_new_for_path (jobs);
  g_autoptr(GFile) target = NULL;
  PostingsWindow *first, *window;
  PostingsDocument *document;
  GtkWidget *date_row;

  existing = ui_test_copy_corpus_file ("jobs", DESIGNER, jobs);
  if (existing == NULL)
    return;

  /* The repository of the last posting opened is where new ones go. */
  first = ui_test_open_window (app, existing);
  gtk_widget_activate_action (GTK_WIDGET (first), "win.new", NULL);
  window = POSTINGS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (window != first);
  g_assert_null (postings_editor_page_get_file (PAGE (window)));
  g_assert_cmpstr (postings_editor_page_get_title (PAGE (window)), ==, "New Posting");
  g_assert_false (postings_window_get_modified (window));
  document = postings_editor_page_get_document (PAGE (window));
  g_assert_nonnull (document);
  g_assert_cmpint (postings_document_get_state (document), ==, POSTINGS_DOCUMENT_OK);

  gtk_editable_set_text (GTK_EDITABLE (ui_test_form_row (window, "roles")), "Chargé·e de déploiement");
  date_row = ui_test_form_row (window, "date");
  g_assert_true (POSTINGS_IS_DATE_ROW (date_row));
  gtk_editable_set_text (GTK_EDITABLE (date_row), "2026-03-01");
  WAIT_FOR (g_strcmp0 (postings_document_get_string (document, "date"), "2026-03-01") == 0);
  g_assert_cmpstr (postings_document_get_string (document, "roles"), ==, "Chargé·e de déploiement");
  g_assert_true (postings_window_get_modified (window));

  g_assert_true (_postings_editor_page_propose_file (PAGE (window), &folder, &name));
  g_assert_cmpstr (name, ==, "2026-03-01-charge.e.de.deploiement.md");
  g_assert_nonnull (folder);
  g_assert_true (g_file_equal (folder, jobs_file));

  /* Ctrl+S on a new posting asks where to save, preset with that folder
   * and name; accepting saves there. */
  target = g_file_get_child (folder, name);
#if !GTK_CHECK_VERSION (4, 10, 0)
  {
    GtkWidget *chooser = NULL;
    g_autoptr(GFile) current_folder = NULL;
    g_autofree char *current_name = NULL;

    gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
    WAIT_FOR ((chooser = find_file_chooser ()) != NULL);
    /* The chooser goes to its folder asynchronously. */
    WAIT_FOR ((current_folder = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser))) != NULL);
    current_name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
    g_assert_nonnull (current_folder);
    g_assert_true (g_file_equal (current_folder, jobs_file));
    g_assert_cmpstr (current_name, ==, name);
    gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  }
#else
  postings_editor_page_save_to (PAGE (window), target, NULL);
#endif
  WAIT_FOR (_postings_editor_page_get_n_saves (PAGE (window)) == 1);
  g_assert_false (postings_window_get_modified (window));
  g_assert_true (g_file_equal (postings_editor_page_get_file (PAGE (window)), target));
  g_assert_cmpstr (postings_editor_page_get_title (PAGE (window)), ==, name);
  saved = ui_test_read_file (g_file_peek_path (target), NULL);
  g_assert_true (g_str_has_prefix (saved, "---\n"));
  g_assert_nonnull (strstr (saved, "\nroles: Chargé·e de déploiement\n"));
  g_assert_nonnull (strstr (saved, "\ndate: 2026-03-01\n"));

  /* A name already taken is not proposed again. */
  g_clear_pointer (&name, g_free);
  g_clear_object (&folder);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL);
  {
    PostingsWindow *other = POSTINGS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
    PostingsDocument *other_document = postings_editor_page_get_document (PAGE (other));

    g_assert_true (other != window && other != first);
    gtk_editable_set_text (GTK_EDITABLE (ui_test_form_row (other, "roles")), "Chargé·e de déploiement");
    gtk_editable_set_text (GTK_EDITABLE (ui_test_form_row (other, "date")), "2026-03-01");
    WAIT_FOR (g_strcmp0 (postings_document_get_string (other_document, "date"), "2026-03-01") == 0);
    g_assert_true (_postings_editor_page_propose_file (PAGE (other), &folder, &name));
    g_assert_cmpstr (name, ==, "2026-03-01-charge.e.de.deploiement-2.md");

    /* Whatever the roles, never a path outside content/_jobs. */
    g_clear_pointer (&name, g_free);
    g_clear_object (&folder);
    gtk_editable_set_text (GTK_EDITABLE (ui_test_form_row (other, "roles")), "../../../etc/passwd");
    WAIT_FOR (g_strcmp0 (postings_document_get_string (other_document, "roles"), "../../../etc/passwd") == 0);
    g_assert_true (_postings_editor_page_propose_file (PAGE (other), &folder, &name));
    g_assert_true (g_file_equal (folder, jobs_file));
    g_assert_null (strchr (name, '/'));
    g_assert_cmpstr (name, ==, "2026-03-01-etc.passwd.md");

    /* Discard its changes when closing. */
    g_object_add_weak_pointer (G_OBJECT (other), (gpointer *) &other);
    gtk_window_close (GTK_WINDOW (other));
    g_assert_nonnull (_postings_window_get_dialog (other));
    respond (_postings_window_get_dialog (other), "discard");
    WAIT_FOR (other == NULL);
  }

  ui_test_destroy_window (window);
  ui_test_destroy_window (first);
}

static void
test_wrong_etag (void)
{
  g_autofree char *folder = test_folder ("etag");
  g_autofree char *path = ui_test_copy_corpus_file ("jobs", DESIGNER, folder);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *after = NULL;
  PostingsWindow *window;
  AdwMessageDialog *dialog;
  guint64 mtime;

  if (path == NULL)
    return;

  window = ui_test_open_window (app, path);
  gtk_editable_set_text (GTK_EDITABLE (ui_test_form_row (window, "roles")), "Designer produit");

  /* Another program changes the file meanwhile. */
  g_file_set_contents (path, "---\nroles: autre\n---\n", -1, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (path);
  mtime = g_get_real_time () / G_USEC_PER_SEC + 60;
  g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, mtime, G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);

  postings_editor_page_save (PAGE (window));
  WAIT_FOR (_postings_editor_page_get_dialog (PAGE (window)) != NULL);
  dialog = _postings_editor_page_get_dialog (PAGE (window));
  g_assert_true (adw_message_dialog_has_response (dialog, "overwrite"));
  after = ui_test_read_file (path, NULL);
  g_assert_cmpstr (after, ==, "---\nroles: autre\n---\n");
  g_clear_pointer (&after, g_free);

  respond (dialog, "overwrite");
  WAIT_FOR (_postings_editor_page_get_n_saves (PAGE (window)) == 1);
  after = ui_test_read_file (path, NULL);
  g_assert_true (g_str_has_prefix (after, "---\nroles: "));
  g_assert_true (has_line (after, "roles", "Designer produit"));
  g_assert_true (has_line (after, "open", "false"));

  ui_test_destroy_window (window);
}

static void
test_save_error (void)
{
  g_autofree char *folder = test_folder ("error");
  g_autofree char *path = ui_test_copy_corpus_file ("jobs", DESIGNER, folder);
  g_autofree char *missing = g_build_filename (folder, "no-such-folder", "posting.md", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (missing);
  PostingsWindow *window;
  AdwMessageDialog *dialog;

  if (path == NULL)
    return;

  window = ui_test_open_window (app, path);
  postings_editor_page_save_to (PAGE (window), target, NULL);
  WAIT_FOR (_postings_editor_page_get_dialog (PAGE (window)) != NULL);
  dialog = _postings_editor_page_get_dialog (PAGE (window));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Could Not Save");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "no-such-folder"));
  g_assert_nonnull (_postings_editor_page_get_save_error (PAGE (window)));
  g_assert_cmpuint (_postings_editor_page_get_n_saves (PAGE (window)), ==, 0);
  {
    g_autoptr(GFile) original = g_file_new_for_path (path);
    g_assert_true (g_file_equal (postings_editor_page_get_file (PAGE (window)), original));
  }
  respond (dialog, "close");
  WAIT_FOR (_postings_editor_page_get_dialog (PAGE (window)) == NULL);

  ui_test_destroy_window (window);
}

static void
test_close_asks (void)
{
  g_autofree char *folder = test_folder ("close");
  g_autofree char *path = ui_test_copy_corpus_file ("jobs", DESIGNER, folder);
  g_autofree char *after = NULL;
  PostingsWindow *window;
  AdwMessageDialog *dialog;

  if (path == NULL)
    return;

  window = ui_test_open_window (app, path);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_editable_set_text (GTK_EDITABLE (ui_test_form_row (window, "roles")), "Designer produit");

  /* Cancel keeps the window. */
  gtk_window_close (GTK_WINDOW (window));
  dialog = _postings_window_get_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, "save"));
  g_assert_true (adw_message_dialog_has_response (dialog, "discard"));
  respond (dialog, "cancel");
  WAIT_FOR (_postings_window_get_dialog (window) == NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* Save saves, then closes. */
  gtk_window_close (GTK_WINDOW (window));
  respond (_postings_window_get_dialog (window), "save");
  WAIT_FOR (window == NULL);
  after = ui_test_read_file (path, NULL);
  g_assert_true (g_str_has_prefix (after, "---\nroles: "));
  g_assert_true (has_line (after, "roles", "Designer produit"));
}

static void
test_drafts (void)
{
  g_autofree char *folder = test_folder ("drafts");
  g_autofree char *path = ui_test_copy_corpus_file ("jobs", DESIGNER, folder);
  g_autoptr(GFile) draft = NULL;
  PostingsWindow *window;
  PostingsDocument *document;
  guint64 mode;

  if (path == NULL)
    return;

  window = ui_test_open_window (app, path);
  _postings_editor_page_set_draft_interval (PAGE (window), 50);
  g_assert_null (_postings_editor_page_get_draft_file (PAGE (window)));

  gtk_editable_set_text (GTK_EDITABLE (ui_test_form_row (window, "roles")), "Designer : brouillon");
  WAIT_FOR (_postings_editor_page_get_draft_file (PAGE (window)) != NULL
            && g_file_query_exists (_postings_editor_page_get_draft_file (PAGE (window)), NULL)
            && !_postings_editor_page_is_busy (PAGE (window)));
  draft = g_object_ref (_postings_editor_page_get_draft_file (PAGE (window)));
  {
    g_autoptr(GFileInfo) info = g_file_query_info (draft, G_FILE_ATTRIBUTE_UNIX_MODE, G_FILE_QUERY_INFO_NONE,
                                                   NULL, NULL);
    mode = g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_MODE);
    g_assert_cmpuint (mode & 0777, ==, 0600);
  }

  /* A crash: the window goes without asking, the draft stays. */
  ui_test_destroy_window (window);
  g_assert_true (g_file_query_exists (draft, NULL));

  /* Reopening offers the draft back; restoring it brings the text back. */
  window = ui_test_open_window (app, path);
  document = postings_editor_page_get_document (PAGE (window));
  g_assert_true (postings_editor_page_has_pending_draft (PAGE (window)));
  g_assert_false (postings_window_get_modified (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.restore-draft", NULL);
  g_assert_false (postings_editor_page_has_pending_draft (PAGE (window)));
  g_assert_cmpstr (postings_document_get_string (document, "roles"), ==, "Designer : brouillon");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ui_test_form_row (window, "roles"))), ==, "Designer : brouillon");
  g_assert_true (postings_window_get_modified (window));
  /* Still there until saved. */
  g_assert_true (g_file_query_exists (draft, NULL));

  /* Saving removes the draft. */
  save_and_wait (window);
  WAIT_FOR (!_postings_editor_page_is_busy (PAGE (window)));
  g_assert_false (g_file_query_exists (draft, NULL));

  ui_test_destroy_window (window);
}

/* The menu's export and writing actions reach the page shown: Copy as
 * Formatted Text puts the offer on the clipboard as HTML and text. */
static void
test_export_actions (void)
{
  g_autofree char *folder = test_folder ("export");
  g_autofree char *path = ui_test_copy_corpus_file ("jobs", DESIGNER, folder);
  PostingsWindow *window;
  GdkClipboard *clipboard;
  const char *roles;

  if (path == NULL)
    return;

  window = ui_test_open_window (app, path);
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  gdk_clipboard_set_text (clipboard, "");
  roles = postings_document_get_string (postings_editor_page_get_document (PAGE (window)), "roles");
  g_assert_nonnull (roles);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-formatted", NULL));
  WAIT_FOR (gdk_clipboard_get_formats (clipboard) != NULL &&
            gdk_content_formats_contain_mime_type (gdk_clipboard_get_formats (clipboard), "text/html"));
  g_assert_true (gdk_content_formats_contain_gtype (gdk_clipboard_get_formats (clipboard), G_TYPE_STRING) ||
                 gdk_content_formats_contain_mime_type (gdk_clipboard_get_formats (clipboard), "text/plain;charset=utf-8"));

  ui_test_destroy_window (window);
}

static void
test_formatting (void)
{
  g_autofree char *folder = test_folder ("format");
  g_autofree char *path = ui_test_copy_corpus_file ("jobs", DESIGNER, folder);
  PostingsWindow *window;
  PostingsSourceView *view;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *body = NULL;

  if (path == NULL)
    return;

  window = ui_test_open_window (app, path);
  view = _postings_editor_page_get_source_view (PAGE (window));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_widget_grab_focus (GTK_WIDGET (view));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == GTK_WIDGET (view));

  postings_source_view_replace_text (view, "Un mot\n", FALSE);

  /* Ctrl+B on a selection */
  gtk_text_buffer_get_iter_at_offset (buffer, &start, 3);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, 6);
  gtk_text_buffer_select_range (buffer, &start, &end);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.format-bold", NULL);
  body = postings_source_view_dup_text (view);
  g_assert_cmpstr (body, ==, "Un **mot**\n");
  g_clear_pointer (&body, g_free);

  /* … again removes it */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.format-bold", NULL);
  body = postings_source_view_dup_text (view);
  g_assert_cmpstr (body, ==, "Un mot\n");
  g_clear_pointer (&body, g_free);

  /* Ctrl+I, Ctrl+K */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.format-italic", NULL);
  body = postings_source_view_dup_text (view);
  g_assert_cmpstr (body, ==, "Un _mot_\n");
  g_clear_pointer (&body, g_free);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.format-link", NULL);
  body = postings_source_view_dup_text (view);
  g_assert_cmpstr (body, ==, "Un _[mot](https://)_\n");
  g_clear_pointer (&body, g_free);

  /* Ctrl+2 then Ctrl+1 then Ctrl+1 again */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.heading", "i", 2);
  body = postings_source_view_dup_text (view);
  g_assert_cmpstr (body, ==, "## Un _[mot](https://)_\n");
  g_clear_pointer (&body, g_free);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.heading", "i", 1);
  body = postings_source_view_dup_text (view);
  g_assert_cmpstr (body, ==, "# Un _[mot](https://)_\n");
  g_clear_pointer (&body, g_free);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.heading", "i", 1);
  body = postings_source_view_dup_text (view);
  g_assert_cmpstr (body, ==, "Un _[mot](https://)_\n");
  g_clear_pointer (&body, g_free);

  /* The document follows; undo walks back one step per command. */
  body = postings_document_dup_body (postings_editor_page_get_document (PAGE (window)));
  g_assert_cmpstr (body, ==, "Un _[mot](https://)_\n");
  g_clear_pointer (&body, g_free);
  g_assert_true (gtk_text_buffer_get_can_undo (buffer));
  gtk_text_buffer_undo (buffer);
  body = postings_document_dup_body (postings_editor_page_get_document (PAGE (window)));
  g_assert_cmpstr (body, ==, "# Un _[mot](https://)_\n");
  g_clear_pointer (&body, g_free);

  /* Formatting keys do nothing outside the Markdown text. */
  gtk_widget_grab_focus (ui_test_form_row (window, "roles"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.format-bold", NULL);
  body = postings_source_view_dup_text (view);
  g_assert_cmpstr (body, ==, "# Un _[mot](https://)_\n");

  ui_test_destroy_window (window);
}

static void
test_search_replace (void)
{
  g_autofree char *folder = test_folder ("search");
  g_autofree char *path = ui_test_copy_corpus_file ("jobs", DESIGNER, folder);
  PostingsWindow *window;
  PostingsSourceViewSearchBar *bar;
  g_autofree char *body = NULL;
  guint replaced;

  if (path == NULL)
    return;

  window = ui_test_open_window (app, path);
  bar = _postings_editor_page_get_search_bar (PAGE (window));
  g_assert_false (postings_source_view_search_bar_get_active (bar));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.replace", NULL);
  g_assert_true (postings_source_view_search_bar_get_active (bar));

  postings_source_view_search_bar_set_search_text (bar, "Dora");
  g_assert_true (postings_source_view_search_bar_move (bar, TRUE));
  postings_source_view_search_bar_set_replace_text (bar, "DORA");
  replaced = postings_source_view_search_bar_replace_all (bar);
  g_assert_cmpuint (replaced, >, 0);

  body = postings_document_dup_body (postings_editor_page_get_document (PAGE (window)));
  g_assert_null (strstr (body, "Dora"));
  g_assert_true (g_str_has_prefix (body, "## DORA recherche"));

  postings_source_view_search_bar_dismiss (bar);
  g_assert_false (postings_source_view_search_bar_get_active (bar));

  ui_test_destroy_window (window);
}

static gboolean
accel_listed (GPtrArray       *listed,
              guint            keyval,
              GdkModifierType  mods)
{
  for (guint i = 0; i < listed->len; i += 2)
    if (GPOINTER_TO_UINT (listed->pdata[i]) == gdk_keyval_to_lower (keyval)
        && GPOINTER_TO_UINT (listed->pdata[i + 1]) == (guint) mods)
      return TRUE;
  return FALSE;
}

static void
collect_accels (GtkWidget *widget,
                GPtrArray *listed)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *accelerator = NULL;
      g_auto(GStrv) parts = NULL;

      g_object_get (widget, "accelerator", &accelerator, NULL);
      parts = g_strsplit (accelerator != NULL ? accelerator : "", " ", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          guint keyval;
          GdkModifierType mods;

          if (*parts[i] == '\0')
            continue;
          g_assert_true (gtk_accelerator_parse (parts[i], &keyval, &mods));
          g_ptr_array_add (listed, GUINT_TO_POINTER (gdk_keyval_to_lower (keyval)));
          g_ptr_array_add (listed, GUINT_TO_POINTER (mods));
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_accels (child, listed);
}

static void
test_shortcuts_listed (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/org/culture/Postings/gtk/help-overlay.ui");
  GtkWidget *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  g_autoptr(GPtrArray) listed = g_ptr_array_new ();
  g_autoptr(GListModel) controllers = NULL;
  PostingsWindow *window = postings_window_new (GTK_APPLICATION (app));
  g_auto(GStrv) quit = NULL;
  guint checked = 0;

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  /* GtkApplication gives it to every window (win.show-help-overlay, Ctrl+?). */
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window))));
  collect_accels (overlay, listed);
  g_assert_cmpuint (listed->len, >, 20);

  /* Every key the window class binds is in the shortcuts window. */
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          g_autofree char *trigger_text = gtk_shortcut_trigger_to_string (trigger);
          g_autofree char *action_text = gtk_shortcut_action_to_string (action);

          if (!GTK_IS_KEYVAL_TRIGGER (trigger) || !GTK_IS_NAMED_ACTION (action))
            continue;
          /* Only the window's own actions (not GtkWindow's built-in debug keys). */
          if (!g_str_has_prefix (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), "win.")
              && g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), "window.close") != 0)
            continue;
          if (!accel_listed (listed,
                             gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                             gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger))))
            g_error ("%s (%s) is not in the shortcuts window", trigger_text, action_text);
          g_test_message ("bound: %s → %s", trigger_text, action_text);
          checked++;
        }
    }
  /* 19 window keys, plus Ctrl+? from the application */
  g_assert_cmpuint (checked, >=, 20);

  quit = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_cmpstr (quit[0], ==, "<Control>q");
  {
    guint keyval;
    GdkModifierType mods;
    gtk_accelerator_parse (quit[0], &keyval, &mods);
    g_assert_true (accel_listed (listed, keyval, mods));
  }

  gtk_window_destroy (GTK_WINDOW (overlay));
  ui_test_destroy_window (window);
}

static void
test_narrow (void)
{
  g_autofree char *folder = test_folder ("narrow");
  g_autofree char *path = ui_test_copy_corpus_file ("jobs", DESIGNER, folder);
  PostingsWindow *window;
  GtkWidget *preview, *form;

  if (path == NULL)
    return;

  window = ui_test_open_window (app, path);
  preview = GTK_WIDGET (_postings_editor_page_get_preview (PAGE (window)));
  form = GTK_WIDGET (_postings_editor_page_get_form (PAGE (window)));
  /* Wide (the default size): form, editor and preview side by side. */
  WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (PAGE (window))) >= POSTINGS_EDITOR_PAGE_NARROW_WIDTH);
  g_assert_true (gtk_widget_get_visible (preview));
  g_assert_true (gtk_widget_get_visible (form));

  /* A narrow window hides the preview behind its toggle… */
  ui_test_resize (window, 640, 600);
  WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (PAGE (window))) < POSTINGS_EDITOR_PAGE_NARROW_WIDTH
            && !gtk_widget_get_visible (preview));
  g_assert_true (gtk_widget_get_visible (form));

  /* … which then shows it in place of the editor. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-preview", NULL);
  g_assert_true (gtk_widget_get_visible (preview));
  g_assert_false (gtk_widget_get_visible (form));

  /* Find brings the editor back. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL);
  g_assert_false (gtk_widget_get_visible (preview));
  g_assert_true (gtk_widget_get_visible (form));

  /* Wide again: the preview as the user left it in a wide window. */
  ui_test_resize (window, 1200, 700);
  WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (PAGE (window))) >= POSTINGS_EDITOR_PAGE_NARROW_WIDTH
            && gtk_widget_get_visible (preview));

  ui_test_destroy_window (window);
}

static void
test_settings (void)
{
  g_autofree char *folder = test_folder ("settings");
  g_autofree char *path = ui_test_copy_corpus_file ("jobs", DESIGNER, folder);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  PostingsWindow *window;
  int width, height;

  if (path == NULL)
    return;

  /* What the settings say is how a window opens… */
  g_settings_set_int (settings, "window-width", 1100);
  g_settings_set_int (settings, "window-height", 700);
  g_settings_set_int (settings, "form-pane-position", 333);
  g_settings_set_boolean (settings, "show-preview", FALSE);
  g_settings_set_boolean (settings, "show-front-matter-source", TRUE);

  window = ui_test_open_window (app, path);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1100);
  g_assert_cmpint (height, ==, 700);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (_postings_editor_page_get_preview (PAGE (window)))));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (_postings_editor_page_get_front_matter_view (PAGE (window)))));
  WAIT_FOR (gtk_paned_get_position (GTK_PANED (gtk_widget_get_parent (GTK_WIDGET (_postings_editor_page_get_form (PAGE (window)))))) == 333);

  /* … and what the user changes is remembered. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-preview", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-front-matter-source", NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1150, 720);
  g_assert_true (g_settings_get_boolean (settings, "show-preview"));
  g_assert_false (g_settings_get_boolean (settings, "show-front-matter-source"));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1150);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 720);

  ui_test_destroy_window (window);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "form-pane-position");
  g_settings_reset (settings, "show-preview");
  g_settings_reset (settings, "show-front-matter-source");
}

static void
count_after_paint_cb (GdkFrameClock *clock,
                      guint         *count)
{
  (*count)++;
}

/* The shortcuts window is shown and drawn without a GTK warning (warnings
 * are fatal in g_test programs). Its section has pages, and the theme made
 * the labels of their circular switcher ("1", "2") narrower than nothing:
 * "GtkLabel reported min width -3" (style.css). Each label is measured too,
 * as GTK clamps that size to 0. */
static void
test_shortcuts_window_drawn (void)
{
  PostingsWindow *window = postings_window_new (GTK_APPLICATION (app));
  GtkWindow *overlay = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  GtkWidget *switcher;
  GdkFrameClock *clock;
  guint painted = 0;
  gulong handler;
  int min_width = -1;

  gtk_window_present (GTK_WINDOW (window));
  gtk_window_present (overlay);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (overlay)));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (overlay));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (count_after_paint_cb), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (overlay));
  WAIT_FOR (painted >= 2);
  g_signal_handler_disconnect (clock, handler);

  /* The case that warned: pages, hence the circular page switcher. */
  switcher = ui_test_find_descendant (GTK_WIDGET (overlay), GTK_TYPE_STACK_SWITCHER);
  g_assert_nonnull (switcher);
  g_assert_true (gtk_widget_has_css_class (switcher, "circular"));
  for (GtkWidget *button = gtk_widget_get_first_child (switcher);
       button != NULL;
       button = gtk_widget_get_next_sibling (button))
    {
      GtkWidget *label = gtk_button_get_child (GTK_BUTTON (button));

      g_assert_true (GTK_IS_LABEL (label));
      gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      g_assert_cmpint (min_width, >, 0);
    }
  g_assert_cmpint (min_width, >, 0);

  gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);
  WAIT_FOR (!gtk_widget_get_mapped (GTK_WIDGET (overlay)));
  ui_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!ui_test_init (&argc, &argv, &app, &tmp_dir))
    return 0;

  g_test_add_func ("/ui/window/save-unedited", test_save_unedited);
  g_test_add_func ("/ui/window/edit-roles", test_edit_roles);
  g_test_add_func ("/ui/window/toggle-open", test_toggle_open);
  g_test_add_func ("/ui/window/type-body", test_type_body);
  g_test_add_func ("/ui/window/broken", test_broken);
  g_test_add_func ("/ui/window/broken-corpus", test_broken_corpus);
  g_test_add_func ("/ui/window/no-front-matter", test_no_front_matter);
  g_test_add_func ("/ui/window/open-missing-and-unreadable", test_open_missing_and_unreadable);
  g_test_add_func ("/ui/window/front-matter-sync", test_front_matter_sync);
  g_test_add_func ("/ui/window/new-posting", test_new_posting);
  g_test_add_func ("/ui/window/wrong-etag", test_wrong_etag);
  g_test_add_func ("/ui/window/save-error", test_save_error);
  g_test_add_func ("/ui/window/close-asks", test_close_asks);
  g_test_add_func ("/ui/window/drafts", test_drafts);
  g_test_add_func ("/ui/window/formatting", test_formatting);
  g_test_add_func ("/ui/window/export-actions", test_export_actions);
  g_test_add_func ("/ui/window/search-replace", test_search_replace);
  g_test_add_func ("/ui/window/shortcuts-listed", test_shortcuts_listed);
  g_test_add_func ("/ui/window/shortcuts-window-drawn", test_shortcuts_window_drawn);
  g_test_add_func ("/ui/window/narrow", test_narrow);
  g_test_add_func ("/ui/window/settings", test_settings);

  return ui_test_run (app, tmp_dir);
}
