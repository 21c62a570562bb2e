/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Validation in the window, in process, under Xvfb: real corpus postings
 * are opened, the list of problems, the messages under form rows and the
 * underlines of the Markdown view are checked against the validator, and a
 * fix is applied through the list's Fix button. Every wait runs the main
 * loop until a condition holds, with a timeout that fails the test. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "postings-application.h"
#include "postings-date-row.h"
#include "postings-window-private.h"
#include "ui-test-util.h"


/* Has a duplicate `open` (lines 7 and 11) and a `contact`. */
#define DUPLICATE_OPEN "2021-10-18-atlasculture-dev.md"
/* Its `title` has an unquoted ": " on line 3: the header does not parse. */
#define BROKEN_TITLE "2020-12-17-anct-developpeur-se__971e1aff.md"
/* Named 2020-03-31 but `date` says 2021-11-15. */
#define WRONG_NAME_DATE "2020-03-31-fullstack-js-apprentissage.md"
/* The largest posting of the corpus. */
#define LARGEST "2018-12-04-respo-ouverture-data-transport.md"

static PostingsApplication *app;
static char *tmp_dir;

/* Waiting ----------------------------------------------------------------- */


/* Files ------------------------------------------------------------------- */



/* A fresh copy of a corpus posting (jobs/ or broken/), under its own name,
 * or NULL (skipped). */
static char *
copy_corpus_file_from (const char *corpus_folder,
                       const char *name)
{
  static guint n;
  g_autofree char *folder = g_strdup_printf ("%s/test-%u", tmp_dir, ++n);

  return ui_test_copy_corpus_file (corpus_folder, name, folder);
}

static char *
copy_corpus_file (const char *name)
{
  return copy_corpus_file_from ("jobs", name);
}

/* What the validator says of the file on its own. */
static GPtrArray *
validate_file (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsDocument) document = postings_document_new_for_file (file, NULL, &error);
  g_autofree char *name = g_path_get_basename (path);

  g_assert_no_error (error);
  return postings_validate (document, NULL, NULL, name);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (; *text != '\0'; text++)
    if (*text == '\n')
      n++;
  return n;
}

/* Is @after @before with exactly one line taken out? */
static gboolean
one_line_removed (const char *before,
                  const char *after)
{
  g_auto(GStrv) lb = g_strsplit (before, "\n", -1);
  g_auto(GStrv) la = g_strsplit (after, "\n", -1);
  guint i = 0;

  if (g_strv_length (lb) != g_strv_length (la) + 1)
    return FALSE;
  while (la[i] != NULL && strcmp (la[i], lb[i]) == 0)
    i++;
  for (; la[i] != NULL; i++)
    if (strcmp (la[i], lb[i + 1]) != 0)
      return FALSE;
  return TRUE;
}

/* Windows ----------------------------------------------------------------- */

static PostingsDiagnosticsController *
controller (PostingsWindow *window)
{
  return _postings_editor_page_get_diagnostics (PAGE (window));
}

static PostingsWindow *
open_window (const char *path)
{
  PostingsWindow *window = ui_test_open_window (app, path);

  /* The posting is checked as soon as it is shown. */
  g_assert_nonnull (postings_diagnostics_controller_get_diagnostics (controller (window)));
  return window;
}


static gboolean
checked (PostingsWindow *window)
{
  return !postings_diagnostics_controller_is_pending (controller (window));
}

static PostingsDiagnostic *
find_rule (GPtrArray  *diagnostics,
           const char *rule,
           guint      *position)
{
  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      PostingsDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (g_strcmp0 (d->rule, rule) == 0)
        {
          if (position != NULL)
            *position = i;
          return d;
        }
    }
  return NULL;
}

/* The message shown under a form row: the label of the next visible row. */
static const char *
message_under (GtkWidget *row)
{
  GtkWidget *next = gtk_widget_get_next_sibling (row);
  GtkWidget *label;

  if (next == NULL || !gtk_widget_get_visible (next) || !GTK_IS_LIST_BOX_ROW (next))
    return NULL;
  label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (next));
  return GTK_IS_LABEL (label) ? gtk_label_get_label (GTK_LABEL (label)) : NULL;
}

static gboolean
focus_is_in (PostingsWindow *window,
             GtkWidget      *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Tests ------------------------------------------------------------------- */

/* The list shows what the validator finds, the duplicate key among it; its
 * Fix button deletes one line; Undo brings it back. */
static void
test_list_and_fix (void)
{
  g_autofree char *path = copy_corpus_file (DUPLICATE_OPEN);
  g_autoptr(GPtrArray) expected = NULL;
  g_autofree char *before = NULL;
  g_autofree char *expected_label = NULL;
  g_autofree char *after = NULL;
  PostingsDiagnosticsButton *button;
  PostingsDiagnostic *duplicate;
  PostingsDocument *document;
  PostingsWindow *window;
  GPtrArray *shown;
  GtkWidget *row, *fix;
  guint position = 0, problems;

  if (path == NULL)
    return;

  expected = validate_file (path);
  g_assert_nonnull (find_rule (expected, "duplicate-key", NULL));
  before = ui_test_read_file (path, NULL);

  window = open_window (path);
  document = postings_editor_page_get_document (PAGE (window));
  button = _postings_editor_page_get_diagnostics_button (PAGE (window));
  shown = postings_diagnostics_controller_get_diagnostics (controller (window));

  /* The same problems as `postings check`, in the list and in the count. */
  g_assert_cmpuint (shown->len, ==, expected->len);
  g_assert_cmpuint (postings_diagnostics_button_get_n_items (button), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      PostingsDiagnostic *e = g_ptr_array_index (expected, i);

      row = postings_diagnostics_button_get_row (button, i);
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, e->message);
      g_assert_cmpstr (((PostingsDiagnostic *) g_ptr_array_index (shown, i))->rule, ==, e->rule);
      g_assert_true ((postings_diagnostics_button_get_fix_button (button, i) != NULL)
                     == (e->fix_kind != POSTINGS_FIX_NONE));
    }
  problems = postings_validator_count (expected, POSTINGS_SEVERITY_ERROR)
           + postings_validator_count (expected, POSTINGS_SEVERITY_WARNING);
  g_assert_cmpuint (problems, >, 0);
  expected_label = g_strdup_printf (problems == 1 ? "%u problem" : "%u problems", problems);
  g_assert_cmpstr (postings_diagnostics_button_get_label (button), ==, expected_label);

  /* The popover opens from the header bar. */
  postings_diagnostics_button_popup (button);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (postings_diagnostics_button_get_popover (button))));

  /* The duplicate `open`: the row of the field shows it; activating the
   * item moves to that row. */
  duplicate = find_rule (shown, "duplicate-key", &position);
  g_assert_nonnull (duplicate);
  g_assert_cmpstr (duplicate->key, ==, "open");
  row = postings_form_get_row (_postings_editor_page_get_form (PAGE (window)), "open");
  g_assert_nonnull (row);
  g_assert_cmpstr (message_under (row), ==, duplicate->message);
  g_assert_true (gtk_widget_has_css_class (row, "error"));

  gtk_widget_activate (postings_diagnostics_button_get_row (button, position));
  g_assert_true (focus_is_in (window, row));
  WAIT_FOR (!gtk_widget_get_mapped (GTK_WIDGET (postings_diagnostics_button_get_popover (button))));

  /* Fix: one line less, the problem gone from the list and the row. */
  postings_diagnostics_button_popup (button);
  fix = postings_diagnostics_button_get_fix_button (button, position);
  g_assert_nonnull (fix);
  /* A button's activation emits "clicked" after its pressed look. */
  gtk_widget_activate (fix);
  WAIT_FOR (strcmp (postings_document_get_text (document, NULL), before) != 0);

  after = g_strdup (postings_document_get_text (document, NULL));
  g_assert_true (one_line_removed (before, after));
  g_assert_cmpuint (count_lines (after), ==, count_lines (before) - 1);
  shown = postings_diagnostics_controller_get_diagnostics (controller (window));
  g_assert_null (find_rule (shown, "duplicate-key", NULL));
  g_assert_cmpuint (postings_diagnostics_button_get_n_items (button), ==, expected->len - 1);
  g_assert_cmpuint (shown->len, ==, expected->len - 1);
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_true (postings_window_get_modified (window));

  /* Undo (the toast's button): the text as it was, the problem back. */
  g_assert_true (postings_diagnostics_controller_undo_fix (controller (window)));
  g_assert_cmpstr (postings_document_get_text (document, NULL), ==, before);
  shown = postings_diagnostics_controller_get_diagnostics (controller (window));
  g_assert_nonnull (find_rule (shown, "duplicate-key", NULL));
  g_assert_cmpuint (postings_diagnostics_button_get_n_items (button), ==, expected->len);
  WAIT_FOR (!postings_window_get_modified (window));

  /* The file on disk was never touched. */
  g_free (after);
  after = ui_test_read_file (path, NULL);
  g_assert_cmpstr (after, ==, before);

  ui_test_destroy_window (window);
}

/* A posting over POSTINGS_DIAGNOSTICS_SYNC_LIMIT is checked in a worker:
 * the result shows, and one that an edit made stale while it ran is
 * dropped, never shown. */
static void
test_large_in_worker (void)
{
  g_autofree char *path = copy_corpus_file (DUPLICATE_OPEN);
  g_autofree char *contents = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GError) error = NULL;
  PostingsWindow *window;
  PostingsDiagnosticsController *c;
  GtkWidget *row;
  guint checks, jobs;

  if (path == NULL)
    return;

  /* 40 KB more of body. */
  contents = ui_test_read_file (path, NULL);
  text = g_string_new (contents);
  while (text->len <= POSTINGS_DIAGNOSTICS_SYNC_LIMIT + 8 * 1024)
    g_string_append (text, "\nUn paragraphe de plus, pour que le fichier soit grand.\n");
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);

  window = open_window (path);
  c = controller (window);
  row = ui_test_form_row (window, "contact");
  WAIT_FOR (!postings_diagnostics_controller_is_pending (c));
  checks = postings_diagnostics_controller_get_n_checks (c);
  jobs = postings_diagnostics_controller_get_n_worker_checks (c);

  /* A bad email; its check starts in a worker, and the email is fixed
   * before its result can arrive (the main loop has not run since). */
  gtk_editable_set_text (GTK_EDITABLE (row), "jean.dupont at culture");
  WAIT_FOR (postings_diagnostics_controller_get_n_worker_checks (c) == jobs + 1);
  gtk_editable_set_text (GTK_EDITABLE (row), "jean.dupont@culture.gouv.fr");
  WAIT_FOR (!postings_diagnostics_controller_is_pending (c));

  /* The stale result was dropped: one check shown, of the fixed email. */
  g_assert_cmpuint (postings_diagnostics_controller_get_n_worker_checks (c), ==, jobs + 2);
  g_assert_cmpuint (postings_diagnostics_controller_get_n_checks (c), ==, checks + 1);
  g_assert_null (find_rule (postings_diagnostics_controller_get_diagnostics (c), "invalid-email", NULL));
  g_assert_false (gtk_widget_has_css_class (row, "error"));

  /* The bad email again: the worker's result shows under the row. */
  gtk_editable_set_text (GTK_EDITABLE (row), "jean.dupont at culture");
  WAIT_FOR (!postings_diagnostics_controller_is_pending (c));
  g_assert_cmpuint (postings_diagnostics_controller_get_n_worker_checks (c), ==, jobs + 3);
  g_assert_cmpuint (postings_diagnostics_controller_get_n_checks (c), ==, checks + 2);
  g_assert_nonnull (find_rule (postings_diagnostics_controller_get_diagnostics (c), "invalid-email", NULL));
  g_assert_true (gtk_widget_has_css_class (row, "error"));

  postings_editor_page_discard_changes (PAGE (window));
  ui_test_destroy_window (window);
}

/* A bad email typed in the `contact` row shows under the row once the
 * check after typing has run; typing stays free of checks meanwhile. */
static void
test_bad_email (void)
{
  g_autofree char *path = copy_corpus_file (DUPLICATE_OPEN);
  PostingsWindow *window;
  PostingsDiagnostic *d;
  g_autofree char *message = NULL;
  GtkWidget *row;
  guint checks;
  const char *typed[] = { "j", "je", "jea", "jean", "jean.dupont", "jean.dupont@", "jean.dupont at culture" };

  if (path == NULL)
    return;

  window = open_window (path);
  row = postings_form_get_row (_postings_editor_page_get_form (PAGE (window)), "contact");
  g_assert_true (GTK_IS_EDITABLE (row));
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_null (find_rule (postings_diagnostics_controller_get_diagnostics (controller (window)),
                            "invalid-email", NULL));

  /* Keystrokes: the document follows each one, the check waits. */
  checks = postings_diagnostics_controller_get_n_checks (controller (window));
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    gtk_editable_set_text (GTK_EDITABLE (row), typed[i]);
  g_assert_cmpstr (postings_document_get_string (postings_editor_page_get_document (PAGE (window)), "contact"),
                   ==, typed[G_N_ELEMENTS (typed) - 1]);
  g_assert_true (postings_diagnostics_controller_is_pending (controller (window)));
  g_assert_cmpuint (postings_diagnostics_controller_get_n_checks (controller (window)), ==, checks);

  WAIT_FOR (checked (window));
  /* One check for the whole burst. */
  g_assert_cmpuint (postings_diagnostics_controller_get_n_checks (controller (window)), ==, checks + 1);
  d = find_rule (postings_diagnostics_controller_get_diagnostics (controller (window)), "invalid-email", NULL);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->key, ==, "contact");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (message_under (row), ==, d->message);
  message = g_strdup (d->message);

  /* A good address: the error goes. */
  gtk_editable_set_text (GTK_EDITABLE (row), "jean.dupont@culture.gouv.fr");
  WAIT_FOR (checked (window));
  g_assert_null (find_rule (postings_diagnostics_controller_get_diagnostics (controller (window)),
                            "invalid-email", NULL));
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (message_under (row), !=, message);

  ui_test_destroy_window (window);
}

/* Text typed in the Markdown view: an empty link is underlined, with the
 * message as tooltip; the list item moves the cursor to its line. */
static void
test_body_underline (void)
{
  g_autofree char *path = copy_corpus_file (DUPLICATE_OPEN);
  const char *added = "Écrivez-nous [ici]() pour candidater.\n";
  PostingsWindow *window;
  PostingsSourceView *view;
  GtkTextBuffer *buffer;
  GtkTextTag *tag;
  GtkTextIter iter, found_start, found_end;
  PostingsDiagnostic *d;
  PostingsDiagnosticsButton *button;
  g_autofree char *tooltip = NULL;
  guint position = 0;

  if (path == NULL)
    return;

  window = open_window (path);
  view = _postings_editor_page_get_source_view (PAGE (window));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

  /* Typed at the end of the text. */
  gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_buffer_insert_interactive (buffer, &iter, added, -1, TRUE);
  WAIT_FOR (checked (window));

  d = find_rule (postings_diagnostics_controller_get_diagnostics (controller (window)), "empty-link", &position);
  g_assert_nonnull (d);

  /* The underline covers the link `[ici]()`. */
  gtk_text_buffer_get_end_iter (buffer, &iter);
  g_assert_true (gtk_text_iter_backward_search (&iter, "[ici]()", 0, &found_start, &found_end, NULL));
  tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "postings-diagnostic-warning");
  g_assert_nonnull (tag);
  g_assert_true (gtk_text_iter_starts_tag (&found_start, tag));
  g_assert_true (gtk_text_iter_ends_tag (&found_end, tag));
  gtk_text_iter_forward_char (&found_start);
  tooltip = postings_diagnostics_controller_dup_message_at (controller (window), GTK_TEXT_VIEW (view), &found_start);
  g_assert_cmpstr (tooltip, ==, d->message);
  /* Elsewhere, no tooltip. */
  gtk_text_buffer_get_start_iter (buffer, &iter);
  g_assert_null (postings_diagnostics_controller_dup_message_at (controller (window), GTK_TEXT_VIEW (view), &iter));

  /* Activating the item puts the cursor on the link. */
  button = _postings_editor_page_get_diagnostics_button (PAGE (window));
  gtk_widget_activate (postings_diagnostics_button_get_row (button, position));
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  gtk_text_iter_backward_char (&found_start);
  g_assert_cmpint (gtk_text_iter_get_offset (&iter), ==, gtk_text_iter_get_offset (&found_start));
  g_assert_true (focus_is_in (window, GTK_WIDGET (view)));

  /* Removing the link removes the underline. */
  gtk_text_buffer_get_end_iter (buffer, &iter);
  g_assert_true (gtk_text_iter_backward_search (&iter, "[ici]()", 0, &found_start, &found_end, NULL));
  gtk_text_buffer_delete_interactive (buffer, &found_start, &found_end, TRUE);
  WAIT_FOR (checked (window));
  g_assert_null (find_rule (postings_diagnostics_controller_get_diagnostics (controller (window)), "empty-link", NULL));
  gtk_text_buffer_get_start_iter (buffer, &iter);
  g_assert_false (gtk_text_iter_forward_to_tag_toggle (&iter, tag));

  ui_test_destroy_window (window);
}

/* Saving with errors is allowed and says how many remain. */
static void
test_save_with_errors (void)
{
  g_autofree char *path = copy_corpus_file (DUPLICATE_OPEN);
  g_autoptr(GPtrArray) expected = NULL;
  g_autofree char *message = NULL;
  PostingsWindow *window;
  PostingsSourceView *view;
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  guint saves, errors;

  if (path == NULL)
    return;

  window = open_window (path);
  view = _postings_editor_page_get_source_view (PAGE (window));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_buffer_insert_interactive (buffer, &iter, "Une ligne de plus.\n", -1, TRUE);

  saves = _postings_editor_page_get_n_saves (PAGE (window));
  postings_editor_page_save (PAGE (window));
  WAIT_FOR (_postings_editor_page_get_n_saves (PAGE (window)) > saves || _postings_editor_page_get_dialog (PAGE (window)) != NULL);
  g_assert_null (_postings_editor_page_get_dialog (PAGE (window)));
  g_assert_false (postings_window_get_modified (window));

  expected = validate_file (path);
  errors = postings_validator_count (expected, POSTINGS_SEVERITY_ERROR);
  g_assert_cmpuint (errors, >, 0);
  message = g_strdup_printf (errors == 1 ? "Saved, %u error remains" : "Saved, %u errors remain", errors);
  g_assert_cmpstr (postings_diagnostics_controller_get_last_toast (controller (window)), ==, message);

  ui_test_destroy_window (window);
}


/* A header that does not parse: the form cannot show it, so the item moves
 * to the faulty line of the raw front matter, which is underlined; Fix
 * quotes the value and the form comes back. */
static void
test_broken_front_matter (void)
{
  g_autofree char *path = copy_corpus_file_from ("broken", BROKEN_TITLE);
  g_autofree char *before = NULL;
  PostingsDiagnosticsButton *button;
  PostingsDiagnostic *d;
  PostingsDocument *document;
  PostingsWindow *window;
  PostingsSourceView *view;
  GtkTextBuffer *buffer;
  GtkTextTag *tag;
  GtkTextIter iter;
  PostingsSpan front_matter;
  guint position = 0, first_line = 1;
  const char *text;

  if (path == NULL)
    return;

  before = ui_test_read_file (path, NULL);
  window = open_window (path);
  document = postings_editor_page_get_document (PAGE (window));
  g_assert_cmpint (postings_document_get_state (document), ==, POSTINGS_DOCUMENT_BROKEN);
  button = _postings_editor_page_get_diagnostics_button (PAGE (window));
  view = _postings_editor_page_get_front_matter_view (PAGE (window));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

  d = find_rule (postings_diagnostics_controller_get_diagnostics (controller (window)),
                 "front-matter-unreadable", &position);
  g_assert_nonnull (d);
  g_assert_cmpuint (d->line, >, 1);
  g_assert_true (postings_diagnostics_button_get_fix_button (button, position) != NULL);

  /* The faulty part of the line is underlined in the raw front matter. */
  g_assert_true (postings_document_get_front_matter_span (document, &front_matter));
  text = postings_document_get_text (document, NULL);
  for (gsize i = 0; i < front_matter.start; i++)
    if (text[i] == '\n')
      first_line++;
  tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "postings-diagnostic-error");
  g_assert_nonnull (tag);
  gtk_text_buffer_get_iter_at_line (buffer, &iter, d->line - first_line);
  g_assert_true (gtk_text_iter_forward_to_tag_toggle (&iter, tag));
  g_assert_cmpint (gtk_text_iter_get_line (&iter), ==, d->line - first_line);

  /* To the line. */
  gtk_widget_activate (postings_diagnostics_button_get_row (button, position));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (view)));
  g_assert_true (focus_is_in (window, GTK_WIDGET (view)));
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpint (gtk_text_iter_get_line (&iter), ==, d->line - first_line);

  /* Fix: the header reads, one line changed, the form takes over. */
  postings_diagnostics_button_popup (button);
  gtk_widget_activate (postings_diagnostics_button_get_fix_button (button, position));
  WAIT_FOR (postings_document_get_state (document) == POSTINGS_DOCUMENT_OK);
  g_assert_cmpint (ui_test_count_changed_lines (before, postings_document_get_text (document, NULL)), ==, 1);
  g_assert_null (find_rule (postings_diagnostics_controller_get_diagnostics (controller (window)),
                            "front-matter-unreadable", NULL));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (_postings_editor_page_get_form (PAGE (window)))));
  g_assert_null (_postings_editor_page_get_banner_text (PAGE (window)));

  ui_test_destroy_window (window);
}

/* A file whose name disagrees with its date: Rename gives it the name the
 * validator proposes, the posting stays open under it; Undo renames back. */
static void
test_rename_file (void)
{
  g_autofree char *path = copy_corpus_file (WRONG_NAME_DATE);
  g_autofree char *before = NULL;
  g_autofree char *new_name = NULL;
  g_autofree char *new_path = NULL;
  g_autofree char *renamed_text = NULL;
  g_autofree char *folder = NULL;
  PostingsDiagnosticsButton *button;
  PostingsDiagnostic *d;
  PostingsWindow *window;
  guint position = 0;

  if (path == NULL)
    return;

  before = ui_test_read_file (path, NULL);
  window = open_window (path);
  button = _postings_editor_page_get_diagnostics_button (PAGE (window));
  d = find_rule (postings_diagnostics_controller_get_diagnostics (controller (window)), "file-name-date", &position);
  g_assert_nonnull (d);
  g_assert_cmpint (d->fix_kind, ==, POSTINGS_FIX_RENAME_FILE);
  new_name = g_strdup (d->fix_file_name);
  g_assert_cmpstr (new_name, !=, WRONG_NAME_DATE);
  folder = g_path_get_dirname (path);
  new_path = g_build_filename (folder, new_name, NULL);

  postings_diagnostics_button_popup (button);
  gtk_widget_activate (postings_diagnostics_button_get_fix_button (button, position));
  WAIT_FOR (g_file_test (new_path, G_FILE_TEST_EXISTS)
            && g_str_equal (g_file_peek_path (postings_editor_page_get_file (PAGE (window))), new_path)
            && !_postings_editor_page_is_busy (PAGE (window)));

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  renamed_text = ui_test_read_file (new_path, NULL);
  g_assert_cmpstr (renamed_text, ==, before);
  g_assert_false (postings_window_get_modified (window));
  g_assert_null (find_rule (postings_diagnostics_controller_get_diagnostics (controller (window)),
                            "file-name-date", NULL));
  g_assert_cmpstr (postings_editor_page_get_title (PAGE (window)), ==, new_name);

  /* Undo: the old name again. */
  g_assert_true (postings_diagnostics_controller_undo_fix (controller (window)));
  WAIT_FOR (g_str_equal (g_file_peek_path (postings_editor_page_get_file (PAGE (window))), path)
            && !_postings_editor_page_is_busy (PAGE (window)));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (new_path, G_FILE_TEST_EXISTS));
  g_assert_nonnull (find_rule (postings_diagnostics_controller_get_diagnostics (controller (window)),
                               "file-name-date", NULL));

  ui_test_destroy_window (window);
}

/* The check after a keystroke in the largest posting, measured. */
static void
test_timing (void)
{
  g_autofree char *path = copy_corpus_file (LARGEST);
  PostingsWindow *window;
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  double total = 0, validate = 0, worst = 0;
  const guint rounds = 50;

  if (path == NULL)
    return;

  window = open_window (path);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (_postings_editor_page_get_source_view (PAGE (window))));

  for (guint i = 0; i < rounds; i++)
    {
      double v, ms;

      gtk_text_buffer_get_end_iter (buffer, &iter);
      gtk_text_buffer_insert_interactive (buffer, &iter, "x", -1, TRUE);
      g_assert_true (postings_diagnostics_controller_is_pending (controller (window)));
      postings_diagnostics_controller_update (controller (window), FALSE);
      ms = postings_diagnostics_controller_get_last_check_ms (controller (window), &v);
      total += ms;
      validate += v;
      worst = MAX (worst, ms);
    }

  g_test_message ("check of %s (%" G_GSIZE_FORMAT " bytes) after a keystroke: "
                  "validation %.3f ms, validation + form + list + underlines %.3f ms (mean of %u), worst %.3f ms",
                  LARGEST, strlen (postings_document_get_text (postings_editor_page_get_document (PAGE (window)), NULL)),
                  validate / rounds, total / rounds, rounds, worst);
  /* A figure for the log, not a verdict: speed is proven by the benchmarks. */

  ui_test_destroy_window (window);
}

/* Issue 13: no dead ends, undo everywhere, a readable list ------------------ */

static const char *
repair_label (PostingsWindow *window)
{
  GtkWidget *button = _postings_editor_page_get_repair_button (PAGE (window));
  GtkWidget *label = button != NULL ? ui_test_find_descendant (button, GTK_TYPE_LABEL) : NULL;

  return label != NULL ? gtk_label_get_label (GTK_LABEL (label)) : NULL;
}

/* The banner of a broken header offers the validator's safe fix: one click,
 * the header reads, the saved file passes `check`; Undo takes it back. */
static void
test_banner_fix (void)
{
  g_autofree char *path = copy_corpus_file_from ("broken", BROKEN_TITLE);
  g_autofree char *before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  PostingsDocument *document;
  PostingsWindow *window;
  const char *label;

  if (path == NULL)
    return;

  before = ui_test_read_file (path, NULL);
  window = open_window (path);
  document = postings_editor_page_get_document (PAGE (window));
  g_assert_cmpint (postings_document_get_state (document), ==, POSTINGS_DOCUMENT_BROKEN);
  g_assert_nonnull (_postings_editor_page_get_banner_text (PAGE (window)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (_postings_editor_page_get_form (PAGE (window)))));
  label = repair_label (window);
  g_assert_nonnull (label);
  g_test_message ("the banner offers: %s", label);
  g_assert_nonnull (strstr (label, "between quotes"));

  gtk_widget_activate (_postings_editor_page_get_repair_button (PAGE (window)));
  WAIT_FOR (postings_document_get_state (document) == POSTINGS_DOCUMENT_OK);
  g_assert_cmpint (ui_test_count_changed_lines (before, postings_document_get_text (document, NULL)), ==, 1);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (_postings_editor_page_get_form (PAGE (window)))));
  g_assert_null (_postings_editor_page_get_banner_text (PAGE (window)));
  g_assert_null (_postings_editor_page_get_repair_button (PAGE (window)));

  /* One edit in the posting's history. */
  g_assert_true (postings_editor_page_can_undo (PAGE (window)));
  postings_editor_page_undo (PAGE (window));
  WAIT_FOR (postings_document_get_state (document) == POSTINGS_DOCUMENT_BROKEN);
  g_assert_cmpstr (postings_document_get_text (document, NULL), ==, before);
  postings_editor_page_redo (PAGE (window));
  WAIT_FOR (postings_document_get_state (document) == POSTINGS_DOCUMENT_OK);

  /* What `postings check` says of the saved file: no error (it exits 0;
   * the warnings it keeps are about the offer, not its header). */
  ui_test_save_and_wait (window);
  after = validate_file (path);
  for (guint i = 0; i < after->len; i++)
    g_test_message ("after: %s", ((PostingsDiagnostic *) g_ptr_array_index (after, i))->message);
  g_assert_cmpuint (postings_validator_count (after, POSTINGS_SEVERITY_ERROR), ==, 0);
  g_assert_null (find_rule (after, "front-matter-unreadable", NULL));

  ui_test_destroy_window (window);
}

/* Every broken file of the corpus: what the banner offers does what it
 * says (the problem it fixes is gone) or there is nothing on offer but the
 * header source. */
static void
test_banner_fix_corpus (void)
{
  g_autofree char *folder = ui_test_corpus_path ("broken", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint files = 0, offered = 0, fixed = 0;

  if (folder == NULL || (dir = g_dir_open (folder, 0, NULL)) == NULL)
    {
      g_test_skip ("no corpus");
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      PostingsDocument *document;
      PostingsWindow *window;
      guint clicks = 0;

      if (!g_str_has_suffix (name, ".md"))
        continue;
      path = copy_corpus_file_from ("broken", name);
      window = open_window (path);
      document = postings_editor_page_get_document (PAGE (window));
      files++;
      if (_postings_editor_page_get_repair_button (PAGE (window)) != NULL)
        offered++;
      while (_postings_editor_page_get_repair_button (PAGE (window)) != NULL && clicks < 5)
        {
          guint revision = postings_document_get_revision (document);

          g_test_message ("%s: %s", name, repair_label (window));
          gtk_widget_activate (_postings_editor_page_get_repair_button (PAGE (window)));
          WAIT_FOR (postings_document_get_revision (document) != revision);
          clicks++;
        }
      g_assert_cmpuint (clicks, <, 5);
      if (clicks > 0 && postings_document_get_state (document) == POSTINGS_DOCUMENT_OK)
        fixed++;
      ui_test_destroy_window (window);
    }

  g_test_message ("%u broken files, a fix offered for %u, %u read after it", files, offered, fixed);
  g_assert_cmpuint (files, >, 0);
  g_assert_cmpuint (offered, >, files / 2);
  g_assert_cmpuint (fixed, ==, offered);
}

/* An empty file, and text without a header: « Ajouter l’en-tête du modèle »
 * puts the template's header on top and the form opens. */
static void
test_template_header (void)
{
  const char *texts[] = { "", "Une offre sans en-tête.\n\nSuite.\n" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *folder = g_strdup_printf ("%s/template-%u", tmp_dir, i);
      g_autofree char *path = g_build_filename (folder, "2026-03-01-sans-en-tete.md", NULL);
      PostingsDocument *document;
      PostingsWindow *window;
      const char *text;

      g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
      g_assert_true (g_file_set_contents (path, texts[i], -1, NULL));
      window = open_window (path);
      document = postings_editor_page_get_document (PAGE (window));
      g_assert_cmpint (postings_document_get_state (document), !=, POSTINGS_DOCUMENT_OK);
      g_assert_cmpstr (repair_label (window), ==, "Add the Template’s Header");

      gtk_widget_activate (_postings_editor_page_get_repair_button (PAGE (window)));
      WAIT_FOR (postings_document_get_state (document) == POSTINGS_DOCUMENT_OK);
      g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (_postings_editor_page_get_form (PAGE (window)))));
      g_assert_null (_postings_editor_page_get_banner_text (PAGE (window)));
      /* dated by the file's name; the text kept below the header */
      g_assert_cmpstr (postings_document_get_string (document, "date"), ==, "2026-03-01");
      text = postings_document_get_text (document, NULL);
      g_assert_true (g_str_has_prefix (text, "---\n"));
      g_assert_true (g_str_has_suffix (text, texts[i]));
      g_assert_nonnull (ui_test_form_row (window, "roles"));

      ui_test_destroy_window (window);
    }
}

/* The action a key of the page runs before its entries and views see it,
 * or NULL. */
static char *
page_capture_action (PostingsWindow *window,
                     const char     *trigger)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (PAGE (window)));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_CAPTURE)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *text = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (g_strcmp0 (text, trigger) == 0 && GTK_IS_NAMED_ACTION (action))
            return g_strdup (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)));
        }
    }
  return NULL;
}

/* Undo after a form edit, with the focus in the form: the switch (and the
 * date, and a text) back as they were, and the file's bytes too. */
static void
test_undo_form (void)
{
  g_autofree char *path = copy_corpus_file (DUPLICATE_OPEN);
  g_autofree char *before = NULL;
  PostingsDocument *document;
  PostingsWindow *window;
  GtkWidget *sw, *date, *roles;
  gboolean was;

  if (path == NULL)
    return;

  window = open_window (path);
  document = postings_editor_page_get_document (PAGE (window));
  before = g_strdup (postings_document_get_text (document, NULL));
  g_assert_false (postings_editor_page_can_undo (PAGE (window)));

  /* Ctrl+Z and Ctrl+Shift+Z in the page are the posting's, not an entry's
   * or a view's. */
  {
    g_autofree char *undo = page_capture_action (window, "<Control>z");
    g_autofree char *redo = page_capture_action (window, "<Shift><Control>z");

    g_assert_cmpstr (undo, ==, "win.undo");
    g_assert_cmpstr (redo, ==, "win.redo");
  }

  /* a switch */
  sw = ui_test_find_descendant (ui_test_form_row (window, "open"), GTK_TYPE_SWITCH);
  g_assert_nonnull (sw);
  was = gtk_switch_get_active (GTK_SWITCH (sw));
  gtk_widget_grab_focus (sw);
  gtk_switch_set_active (GTK_SWITCH (sw), !was);
  g_assert_cmpstr (postings_document_get_text (document, NULL), !=, before);
  g_assert_true (postings_window_get_modified (window));
  g_assert_true (postings_editor_page_can_undo (PAGE (window)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_cmpstr (postings_document_get_text (document, NULL), ==, before);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw)) == was);
  WAIT_FOR (!postings_window_get_modified (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw)) != was);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_cmpstr (postings_document_get_text (document, NULL), ==, before);

  /* a date picked in the calendar */
  date = ui_test_form_row (window, "date");
  gtk_widget_grab_focus (date);
  postings_date_row_select_day (POSTINGS_DATE_ROW (date), 2030, 1, 15);
  g_assert_cmpstr (postings_document_get_text (document, NULL), !=, before);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_cmpstr (postings_document_get_text (document, NULL), ==, before);

  /* a text typed in an entry */
  roles = ui_test_form_row (window, "roles");
  gtk_widget_grab_focus (roles);
  gtk_editable_set_text (GTK_EDITABLE (roles), "Chargée de mission");
  g_assert_cmpstr (postings_document_get_string (document, "roles"), ==, "Chargée de mission");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_cmpstr (postings_document_get_text (document, NULL), ==, before);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (roles)), ==,
                   postings_document_get_string (document, "roles"));

  /* One history for the form and the text, in the order of the edits. */
  {
    GtkTextBuffer *body = gtk_text_view_get_buffer (GTK_TEXT_VIEW (_postings_editor_page_get_source_view (PAGE (window))));
    g_autofree char *switched = NULL;
    GtkTextIter end;

    gtk_switch_set_active (GTK_SWITCH (sw), !was);
    switched = g_strdup (postings_document_get_text (document, NULL));
    gtk_text_buffer_get_end_iter (body, &end);
    gtk_text_buffer_begin_user_action (body);
    gtk_text_buffer_insert_interactive (body, &end, "Une ligne de plus.\n", -1, TRUE);
    gtk_text_buffer_end_user_action (body);
    g_assert_nonnull (strstr (postings_document_get_text (document, NULL), "Une ligne de plus."));

    gtk_widget_grab_focus (sw);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
    g_assert_cmpstr (postings_document_get_text (document, NULL), ==, switched);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
    g_assert_cmpstr (postings_document_get_text (document, NULL), ==, before);
    g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw)) == was);
    g_assert_false (postings_editor_page_can_undo (PAGE (window)));

    gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL);
    g_assert_cmpstr (postings_document_get_text (document, NULL), ==, switched);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL);
    g_assert_nonnull (strstr (postings_document_get_text (document, NULL), "Une ligne de plus."));
    g_assert_false (postings_editor_page_can_redo (PAGE (window)));
    gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
    g_assert_cmpstr (postings_document_get_text (document, NULL), ==, before);
  }

  WAIT_FOR (!postings_window_get_modified (window));
  ui_test_destroy_window (window);
}

static GtkWidget *
find_titled (GtkWidget  *widget,
             GType       type,
             const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && ADW_IS_PREFERENCES_ROW (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return child;
      if ((found = find_titled (child, type, title)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
techno_has (PostingsDocument *document,
            const char       *item)
{
  g_auto(GStrv) list = postings_document_dup_list (document, "techno");

  return list != NULL && g_strv_contains ((const char *const *) list, item);
}

/* The other kinds of rows: a choice, and a list's add and remove. */
static void
test_undo_form_lists (void)
{
  g_autofree char *path = copy_corpus_file ("2019-01-29-developpeu-r-se-mrs.md");
  g_autofree char *before = NULL;
  PostingsDocument *document;
  PostingsWindow *window;
  GtkWidget *group, *add_row, *remove, *type;

  if (path == NULL)
    return;

  window = open_window (path);
  document = postings_editor_page_get_document (PAGE (window));
  before = g_strdup (postings_document_get_text (document, NULL));

  group = ui_test_form_row (window, "techno");
  add_row = find_titled (group, ADW_TYPE_ENTRY_ROW, "Add to Technologies");
  g_assert_nonnull (add_row);
  gtk_editable_set_text (GTK_EDITABLE (add_row), "Rust");
  g_signal_emit_by_name (add_row, "entry-activated");
  g_assert_true (techno_has (document, "Rust"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_cmpstr (postings_document_get_text (document, NULL), ==, before);
  g_assert_null (find_titled (group, ADW_TYPE_ACTION_ROW, "Rust"));

  remove = ui_test_find_descendant (find_titled (group, ADW_TYPE_ACTION_ROW, "Django"), GTK_TYPE_BUTTON);
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");
  g_assert_false (techno_has (document, "Django"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_cmpstr (postings_document_get_text (document, NULL), ==, before);
  g_assert_nonnull (find_titled (group, ADW_TYPE_ACTION_ROW, "Django"));

  type = ui_test_form_row (window, "type");
  g_assert_true (ADW_IS_COMBO_ROW (type));
  adw_combo_row_set_selected (ADW_COMBO_ROW (type), adw_combo_row_get_selected (ADW_COMBO_ROW (type)) == 0 ? 1 : 0);
  g_assert_cmpstr (postings_document_get_text (document, NULL), !=, before);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_cmpstr (postings_document_get_text (document, NULL), ==, before);

  WAIT_FOR (!postings_window_get_modified (window));
  ui_test_destroy_window (window);
}

/* The problems list fits its content up to most of the window's height,
 * and its width to the window. */
static void
test_popover_size (void)
{
  g_autofree char *path = copy_corpus_file (DUPLICATE_OPEN);
  PostingsDiagnosticsButton *button;
  PostingsWindow *window;
  GtkWidget *popover, *scrolled;
  int window_height, max_height;

  if (path == NULL)
    return;

  window = open_window (path);
  button = _postings_editor_page_get_diagnostics_button (PAGE (window));
  g_assert_cmpuint (postings_diagnostics_button_get_n_items (button), >, 0);
  postings_diagnostics_button_popup (button);
  popover = GTK_WIDGET (postings_diagnostics_button_get_popover (button));
  WAIT_FOR (gtk_widget_get_mapped (popover) && gtk_widget_get_width (popover) > 0);

  scrolled = gtk_widget_get_ancestor (postings_diagnostics_button_get_row (button, 0), GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scrolled);
  window_height = gtk_widget_get_height (GTK_WIDGET (window));
  max_height = gtk_scrolled_window_get_max_content_height (GTK_SCROLLED_WINDOW (scrolled));
  g_test_message ("window %d px high, list up to %d px", window_height, max_height);
  g_assert_cmpint (max_height, >=, window_height / 2);
  g_assert_cmpint (max_height, <, window_height);
  g_assert_true (gtk_scrolled_window_get_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled)));
  g_assert_cmpint (gtk_widget_get_width (popover), <=, gtk_widget_get_width (GTK_WIDGET (window)));

  postings_diagnostics_button_popdown (button);
  ui_test_destroy_window (window);
}

/* A window closed while the pointer is over its problems list (where a
 * tooltip is on its way) and something still holds the window: no tooltip
 * is left pending on the popover, whose surface is gone (GTK 4.8 would
 * then ask the pointer's position on no surface: a critical, fatal here). */
static void
test_tooltip_after_close (void)
{
  g_autofree char *path = copy_corpus_file (DUPLICATE_OPEN);
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autofree char *command = NULL;
  PostingsDiagnosticsButton *button;
  PostingsWindow *window;
  GdkDisplay *display;
  GtkWidget *row;
  graphene_rect_t bounds;
  double x, y;

  if (path == NULL)
    return;
  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed");
      return;
    }

  window = open_window (path);
  display = gtk_widget_get_display (GTK_WIDGET (window));
  button = _postings_editor_page_get_diagnostics_button (PAGE (window));
  postings_diagnostics_button_popup (button);
  row = postings_diagnostics_button_get_row (button, 0);
  WAIT_FOR (gtk_widget_get_mapped (row) && gtk_widget_get_width (row) > 0);

  /* The pointer onto the list's first row (XTest, as a mouse moves). */
  g_assert_true (gtk_widget_compute_bounds (row, GTK_WIDGET (window), &bounds));
  gtk_native_get_surface_transform (GTK_NATIVE (window), &x, &y);
  command = g_strdup_printf ("%s mousemove %d %d", xdotool, (int) (bounds.origin.x + x + 20),
                             (int) (bounds.origin.y + y + bounds.size.height / 2));
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
  /* GTK's tooltip, on its way once the pointer came in. */
  WAIT_FOR (g_object_get_qdata (G_OBJECT (display), g_quark_try_string ("gdk-display-current-tooltip")) != NULL);

  g_object_ref (window);
  postings_diagnostics_button_popdown (button);
  ui_test_destroy_window (window);
  g_assert_null (g_object_get_qdata (G_OBJECT (display), g_quark_try_string ("gdk-display-current-tooltip")));
  g_object_unref (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!ui_test_init (&argc, &argv, &app, &tmp_dir))
    return 0;

  g_test_add_func ("/ui/diagnostics/list-and-fix", test_list_and_fix);
  g_test_add_func ("/ui/diagnostics/bad-email", test_bad_email);
  g_test_add_func ("/ui/diagnostics/large-in-worker", test_large_in_worker);
  g_test_add_func ("/ui/diagnostics/body-underline", test_body_underline);
  g_test_add_func ("/ui/diagnostics/save-with-errors", test_save_with_errors);
  g_test_add_func ("/ui/diagnostics/broken-front-matter", test_broken_front_matter);
  g_test_add_func ("/ui/diagnostics/rename-file", test_rename_file);
  g_test_add_func ("/ui/diagnostics/timing", test_timing);
  g_test_add_func ("/ui/diagnostics/banner-fix", test_banner_fix);
  g_test_add_func ("/ui/diagnostics/banner-fix-corpus", test_banner_fix_corpus);
  g_test_add_func ("/ui/diagnostics/template-header", test_template_header);
  g_test_add_func ("/ui/diagnostics/undo-form", test_undo_form);
  g_test_add_func ("/ui/diagnostics/undo-form-lists", test_undo_form_lists);
  g_test_add_func ("/ui/diagnostics/popover-size", test_popover_size);
  g_test_add_func ("/ui/diagnostics/tooltip-after-close", test_tooltip_after_close);

  return ui_test_run (app, tmp_dir);
}
