/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The site workspace, in process, under Xvfb: a temporary site made of the
 * real corpus (TMP/content/_jobs) is opened as a person would (a folder
 * given to the application), its list is checked against the files' own
 * values computed here, postings are edited side by side, changed behind
 * the app's back, closed when expired. Every wait runs the main loop until a
 * condition holds, with a timeout that fails the test; nothing sleeps. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "postings-application.h"
#include "postings-core.h"
#include "postings-site.h"
#include "postings-window-private.h"
#include "ui-test-util.h"

static PostingsApplication *app;
static char *tmp_dir;

/* Sites ------------------------------------------------------------------- */

/* The files of a _jobs folder that are postings: `*.md`, and files without
 * an extension (the site publishes both; one real posting has none). */
static gboolean
is_posting_name (const char *name)
{
  return name[0] != '.' && (g_str_has_suffix (name, ".md") || strchr (name, '.') == NULL);
}

/* TMP/NAME-N with content/_jobs holding a copy of the corpus; NULL
 * (skipped) when the corpus is absent. */
static char *
make_site (const char *name)
{
  static guint n;
  g_autofree char *corpus = ui_test_corpus_path ("jobs", "");
  g_autofree char *jobs = NULL;
  g_autoptr(GDir) dir = NULL;
  char *root;
  const char *entry;

  if (corpus == NULL)
    {
      g_test_skip ("POSTINGS_CORPUS_DIR is not set");
      return NULL;
    }

  root = g_strdup_printf ("%s/%s-%u", tmp_dir, name, ++n);
  jobs = g_build_filename (root, "content", "_jobs", NULL);
  g_assert_cmpint (g_mkdir_with_parents (jobs, 0700), ==, 0);

  dir = g_dir_open (corpus, 0, NULL);
  g_assert_nonnull (dir);
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (corpus, entry, NULL);
      g_autofree char *to = g_build_filename (jobs, entry, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize len;

      if (!g_file_test (from, G_FILE_TEST_IS_REGULAR))
        continue;
      contents = ui_test_read_file (from, &len);
      g_file_set_contents (to, contents, len, &error);
      g_assert_no_error (error);
    }
  return root;
}

static char *
jobs_path (const char *root,
           const char *name)
{
  return g_build_filename (root, "content", "_jobs", name, NULL);
}

static PostingsWindow *
find_site_window (GFile *root)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    {
      PostingsSite *site;

      if (!POSTINGS_IS_WINDOW (l->data) || (site = postings_window_get_site (l->data)) == NULL)
        continue;
      if (postings_site_get_root (site) != NULL && g_file_equal (postings_site_get_root (site), root))
        return l->data;
    }
  return NULL;
}

static gboolean
site_ready (PostingsWindow *window)
{
  PostingsSite *site = window != NULL ? postings_window_get_site (window) : NULL;

  return site != NULL && !postings_site_is_loading (site)
      && g_list_model_get_n_items (postings_site_get_entries (site)) > 0;
}

/* Opens @path (a folder or a file) as `postings PATH` does, and waits for
 * the window of the site at @root to have read it. */
static PostingsWindow *
open_site (const char *path,
           const char *root)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) root_file = g_file_new_for_path (root);
  PostingsWindow *window = NULL;

  g_application_open (G_APPLICATION (app), &file, 1, "");
  WAIT_FOR ((window = find_site_window (root_file)) != NULL && site_ready (window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  return window;
}

static void
close_all_windows (void)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    ui_test_destroy_window (windows->data);
}

/* What a posting is, computed here from its file (not from the index). */
typedef struct
{
  gboolean readable;
  gboolean open;
  gboolean expired;
  gboolean problems;
  char    *title;
  char    *date;      /* YYYY-MM-DD, or NULL */
} Facts;

static void
facts_clear (Facts *facts)
{
  g_free (facts->title);
  g_free (facts->date);
}

static gboolean
day_of (const char *value,
        GDate      *day)
{
  int y, m, d;

  if (value == NULL || sscanf (value, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (day, d, m, y);
  return TRUE;
}

static void
read_facts (const char *root,
            const char *path,
            Facts      *facts)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) root_file = g_file_new_for_path (root);
  g_autoptr(PostingsDocument) document = postings_document_new_for_file (file, NULL, NULL);
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autofree char *name = g_path_get_basename (path);
  const char *closing;
  gboolean open = FALSE;
  GDate day, today;

  memset (facts, 0, sizeof *facts);
  facts->readable = document != NULL && postings_document_get_state (document) == POSTINGS_DOCUMENT_OK;
  if (!facts->readable)
    {
      facts->problems = TRUE;
      return;
    }

  facts->title = g_strdup (postings_document_get_string (document, "roles"));
  if (postings_document_get_string (document, "date") != NULL)
    facts->date = g_strndup (postings_document_get_string (document, "date"), 10);
  else if (day_of (name, &day))
    facts->date = g_strndup (name, 10);

  facts->open = postings_document_get_boolean (document, "open", &open) && open;
  closing = postings_document_get_string (document, "depublication_date");
  if (closing == NULL)
    closing = postings_document_get_string (document, "poste_ferme");
  g_date_set_time_t (&today, time (NULL));
  facts->expired = facts->open && day_of (closing, &day) && g_date_compare (&day, &today) < 0;

  diagnostics = postings_validate (document, NULL, root_file, name);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      PostingsDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (d->severity == POSTINGS_SEVERITY_ERROR || d->severity == POSTINGS_SEVERITY_WARNING)
        facts->problems = TRUE;
    }
}

/* Tests ------------------------------------------------------------------- */

static void
test_open_and_filters (void)
{
  g_autofree char *root = make_site ("filters");
  g_autofree char *jobs = NULL;
  g_autoptr(GDir) dir = NULL;
  PostingsWindow *window;
  PostingsSidebar *sidebar;
  GListModel *rows;
  guint expected[POSTINGS_SIDEBAR_N_FILTERS] = { 0 };
  const char *name;
  g_autofree char *newest = NULL;

  if (root == NULL)
    return;

  window = open_site (root, root);
  sidebar = _postings_window_get_sidebar (window);
  g_assert_cmpstr (_postings_window_get_content_name (window), ==, "status");

  /* What each file says of itself. */
  jobs = jobs_path (root, "");
  dir = g_dir_open (jobs, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (jobs, name, NULL);
      Facts facts;

      if (!is_posting_name (name))
        continue;
      read_facts (root, path, &facts);
      expected[POSTINGS_SIDEBAR_FILTER_ALL]++;
      if (facts.readable && facts.open && !facts.expired)
        expected[POSTINGS_SIDEBAR_FILTER_OPEN]++;
      if (facts.readable && !facts.open)
        expected[POSTINGS_SIDEBAR_FILTER_CLOSED]++;
      if (facts.expired)
        expected[POSTINGS_SIDEBAR_FILTER_EXPIRED]++;
      if (facts.problems)
        expected[POSTINGS_SIDEBAR_FILTER_PROBLEMS]++;
      if (facts.date != NULL && (newest == NULL || strcmp (facts.date, newest) > 0))
        {
          g_free (newest);
          newest = g_strdup (facts.date);
        }
      facts_clear (&facts);
    }
  g_assert_cmpuint (expected[POSTINGS_SIDEBAR_FILTER_ALL], >=, 543);

  /* The buttons' counts and the rows of each filter agree with the files. */
  rows = postings_sidebar_get_model (sidebar);
  for (guint f = 0; f < POSTINGS_SIDEBAR_N_FILTERS; f++)
    {
      postings_sidebar_set_filter (sidebar, f);
      g_test_message ("filter %u: %u postings", f, expected[f]);
      g_assert_cmpuint (postings_sidebar_get_count (sidebar, f), ==, expected[f]);
      g_assert_cmpuint (g_list_model_get_n_items (rows), ==, expected[f]);
    }
  postings_sidebar_set_filter (sidebar, POSTINGS_SIDEBAR_FILTER_ALL);

  /* Newest first. */
  {
    g_autoptr(PostingsSiteEntry) first = g_list_model_get_item (rows, 0);
    g_autofree char *date = g_date_time_format (postings_site_entry_get_date (first), "%Y-%m-%d");
    GDateTime *previous = NULL;

    g_assert_cmpstr (date, ==, newest);
    for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
      {
        g_autoptr(PostingsSiteEntry) entry = g_list_model_get_item (rows, i);
        GDateTime *current = postings_site_entry_get_date (entry);

        if (previous != NULL && current != NULL)
          g_assert_cmpint (g_date_time_compare (previous, current), >=, 0);
        if (current != NULL)
          previous = current;
      }
  }

  /* By title, in the reader's order. */
  postings_sidebar_set_sort (sidebar, "title");
  for (guint i = 1; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(PostingsSiteEntry) a = g_list_model_get_item (rows, i - 1);
      g_autoptr(PostingsSiteEntry) b = g_list_model_get_item (rows, i);
      g_autofree char *fa = g_utf8_casefold (postings_site_entry_get_title (a), -1);
      g_autofree char *fb = g_utf8_casefold (postings_site_entry_get_title (b), -1);

      g_assert_cmpint (g_utf8_collate (fa, fb), <=, 0);
    }
  postings_sidebar_set_sort (sidebar, "date");

  close_all_windows ();
}

/* Folds as a person reading would compare: no case, no accents. Written
 * here from Unicode's decomposition, not with the app's own folding. */
static char *
fold (const char *text)
{
  g_autofree char *decomposed = g_utf8_normalize (text != NULL ? text : "", -1, G_NORMALIZE_NFD);
  g_autofree char *lower = g_utf8_strdown (decomposed, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) != G_UNICODE_NON_SPACING_MARK)
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static PostingsSiteEntry *
find_row (GListModel *rows,
          const char *needle)
{
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(PostingsSiteEntry) entry = g_list_model_get_item (rows, i);

      if (strstr (postings_site_entry_get_title (entry), needle) != NULL)
        return entry;
    }
  return NULL;
}

static void
test_search (void)
{
  g_autofree char *root = make_site ("search");
  g_autofree char *jobs = NULL;
  g_autoptr(GDir) dir = NULL;
  PostingsWindow *window;
  PostingsSidebar *sidebar;
  GListModel *rows;
  const char *queries[] = { "developpeur", "charge", "DÉVELOPPEUR" };
  const char *name;

  if (root == NULL)
    return;

  window = open_site (root, root);
  sidebar = _postings_window_get_sidebar (window);
  rows = postings_sidebar_get_model (sidebar);
  jobs = jobs_path (root, "");

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autofree char *folded_query = fold (queries[q]);
      guint expected = 0;

      /* The postings whose title, file name or product hold the word. */
      dir = g_dir_open (jobs, 0, NULL);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (jobs, name, NULL);
          g_autoptr(GFile) file = g_file_new_for_path (path);
          g_autoptr(PostingsDocument) document = NULL;
          g_autofree char *haystack = NULL;
          const char *title = NULL, *startup = NULL;

          if (!is_posting_name (name))
            continue;
          document = postings_document_new_for_file (file, NULL, NULL);
          if (document != NULL && postings_document_get_state (document) == POSTINGS_DOCUMENT_OK)
            {
              title = postings_document_get_string (document, "roles");
              startup = postings_document_get_string (document, "startup");
            }
          haystack = g_strconcat (title != NULL ? title : "", "\n", name, "\n", startup != NULL ? startup : "", NULL);
          {
            g_autofree char *folded = fold (haystack);
            if (strstr (folded, folded_query) != NULL)
              expected++;
          }
        }
      g_clear_pointer (&dir, g_dir_close);

      postings_sidebar_set_search_text (sidebar, queries[q]);
      g_test_message ("search “%s”: %u postings", queries[q], expected);
      g_assert_cmpuint (expected, >, 0);
      g_assert_cmpuint (g_list_model_get_n_items (rows), ==, expected);
    }

  /* The very words of the issue. */
  postings_sidebar_set_search_text (sidebar, "developpeur");
  g_assert_nonnull (find_row (rows, "Développeur·se"));
  postings_sidebar_set_search_text (sidebar, "charge");
  g_assert_nonnull (find_row (rows, "Chargé·e"));

  /* Ctrl+Shift+F puts the keyboard in the search; Enter opens the first row. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search-postings", NULL);
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
    GtkWidget *entry = focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY) : NULL;
    g_autoptr(PostingsSiteEntry) first = g_list_model_get_item (rows, 0);

    g_assert_nonnull (entry);
    g_signal_emit_by_name (entry, "activate");
    WAIT_FOR (PAGE (window) != NULL && postings_editor_page_get_document (PAGE (window)) != NULL);
    g_assert_true (g_file_equal (postings_editor_page_get_file (PAGE (window)),
                                 postings_site_entry_get_file (first)));
  }

  /* Nothing matches: the list says so. */
  postings_sidebar_set_search_text (sidebar, "zzzzqqqq");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);
  postings_sidebar_set_search_text (sidebar, "");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, postings_sidebar_get_count (sidebar, POSTINGS_SIDEBAR_FILTER_ALL));

  close_all_windows ();
}

static PostingsEditorPage *
open_posting (PostingsWindow *window,
              const char     *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  PostingsEditorPage *page;

  postings_window_open (window, file);
  page = postings_window_find_page (window, file);
  g_assert_nonnull (page);
  WAIT_FOR (postings_editor_page_get_document (page) != NULL && !_postings_editor_page_is_busy (page));
  g_assert_true (PAGE (window) == page);
  return page;
}

static void
save_page (PostingsEditorPage *page)
{
  guint saves = _postings_editor_page_get_n_saves (page);

  postings_editor_page_save (page);
  WAIT_FOR (_postings_editor_page_get_n_saves (page) > saves || _postings_editor_page_get_dialog (page) != NULL);
  g_assert_null (_postings_editor_page_get_dialog (page));
  g_assert_false (postings_editor_page_get_modified (page));
}

static void
type_at_end_of_line (PostingsEditorPage *page,
                     int                 line,
                     const char         *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (_postings_editor_page_get_source_view (page)));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line (buffer, &iter, line);
  /* (On an empty line, forward_to_line_end () would go to the next one.) */
  if (!gtk_text_iter_ends_line (&iter))
    gtk_text_iter_forward_to_line_end (&iter);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1, TRUE);
}

static int
cursor_line (PostingsEditorPage *page)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (_postings_editor_page_get_source_view (page)));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  return gtk_text_iter_get_line (&iter);
}

#define DESIGNER "2021-06-15-designer.ux.ui.md"
#define PCRS "2022-06-28-responsable-produit-PCRS.md"

static void
test_switch_postings (void)
{
  g_autofree char *root = make_site ("switch");
  g_autofree char *path_a = NULL, *path_b = NULL;
  g_autofree char *before_a = NULL, *before_b = NULL, *after_a = NULL, *after_b = NULL;
  g_autoptr(GFile) file_a = NULL;
  PostingsWindow *window;
  PostingsEditorPage *a, *b;
  GtkTextBuffer *buffer_b;

  if (root == NULL)
    return;

  path_a = jobs_path (root, DESIGNER);
  path_b = jobs_path (root, PCRS);
  before_a = ui_test_read_file (path_a, NULL);
  before_b = ui_test_read_file (path_b, NULL);
  file_a = g_file_new_for_path (path_a);

  window = open_site (root, root);

  /* Edit A's title in the form, then B's text. */
  a = open_posting (window, path_a);
  gtk_editable_set_text (GTK_EDITABLE (ui_test_form_row (window, "roles")), "Designer produit (UX/UI)");
  WAIT_FOR (postings_editor_page_get_modified (a));
  g_assert_true (postings_site_entry_get_modified (postings_site_lookup (postings_window_get_site (window), file_a)));

  b = open_posting (window, path_b);
  g_assert_true (a != b);
  buffer_b = gtk_text_view_get_buffer (GTK_TEXT_VIEW (_postings_editor_page_get_source_view (b)));
  type_at_end_of_line (b, 2, " Une phrase ajoutée.");
  g_assert_true (postings_editor_page_get_modified (b));
  g_assert_cmpint (cursor_line (b), ==, 2);

  /* Back and forth: each keeps its text, its cursor and its undo. */
  g_assert_true (open_posting (window, path_a) == a);
  g_assert_true (postings_editor_page_get_modified (a));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ui_test_form_row (window, "roles"))), ==, "Designer produit (UX/UI)");
  g_assert_cmpstr (postings_document_get_string (postings_editor_page_get_document (a), "roles"), ==,
                   "Designer produit (UX/UI)");
  g_assert_true (open_posting (window, path_b) == b);
  g_assert_true (postings_editor_page_get_modified (b));
  g_assert_cmpint (cursor_line (b), ==, 2);
  g_assert_true (gtk_text_buffer_get_can_undo (buffer_b));
  g_assert_cmpuint (_postings_window_get_n_pages (window), ==, 2);

  /* Both save to one-line changes. */
  save_page (a);
  save_page (b);
  after_a = ui_test_read_file (path_a, NULL);
  after_b = ui_test_read_file (path_b, NULL);
  g_assert_cmpint (ui_test_count_changed_lines (before_a, after_a), ==, 1);
  g_assert_cmpint (ui_test_count_changed_lines (before_b, after_b), ==, 1);
  g_assert_nonnull (strstr (after_a, "\nroles: Designer produit (UX/UI)\n"));
  g_assert_nonnull (strstr (after_b, " Une phrase ajoutée.\n"));
  g_assert_false (postings_site_entry_get_modified (postings_site_lookup (postings_window_get_site (window), file_a)));

  close_all_windows ();
}

static void
write_file (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

/* @text with its line starting with @prefix replaced by @line. */
static char *
replace_line (const char *text,
              const char *prefix,
              const char *line)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      {
        g_free (lines[i]);
        lines[i] = g_strdup (line);
        break;
      }
  return g_strjoinv ("\n", lines);
}

static void
test_external_change (void)
{
  g_autofree char *root = make_site ("external");
  g_autofree char *path = NULL;
  g_autofree char *original = NULL, *theirs = NULL, *theirs_again = NULL, *saved = NULL;
  PostingsWindow *window;
  PostingsEditorPage *page;
  PostingsDocument *document;

  if (root == NULL)
    return;

  path = jobs_path (root, DESIGNER);
  original = ui_test_read_file (path, NULL);
  window = open_site (root, root);
  page = open_posting (window, path);

  /* No edits: another program's change is taken at once, the cursor stays. */
  type_at_end_of_line (page, 4, "");
  g_assert_cmpint (cursor_line (page), ==, 4);
  theirs = replace_line (original, "roles: ", "roles: Designer modifié ailleurs");
  write_file (path, theirs);
  WAIT_FOR (_postings_editor_page_get_n_reloads (page) == 1);
  document = postings_editor_page_get_document (page);
  g_assert_cmpstr (postings_document_get_string (document, "roles"), ==, "Designer modifié ailleurs");
  g_assert_false (postings_editor_page_get_modified (page));
  g_assert_null (_postings_editor_page_get_change_text (page));
  g_assert_cmpint (cursor_line (page), ==, 4);

  /* With edits: a banner, and Keep My Version keeps them… */
  gtk_editable_set_text (GTK_EDITABLE (ui_test_form_row (window, "startup")), "dora-mine");
  WAIT_FOR (postings_editor_page_get_modified (page));
  theirs_again = replace_line (theirs, "roles: ", "roles: Designer encore modifié");
  write_file (path, theirs_again);
  WAIT_FOR (_postings_editor_page_get_change_text (page) != NULL);
  g_assert_cmpstr (_postings_editor_page_get_change_text (page), ==, "This file was changed by another program.");
  g_assert_cmpuint (_postings_editor_page_get_n_reloads (page), ==, 1);
  _postings_editor_page_keep_mine (page);
  g_assert_null (_postings_editor_page_get_change_text (page));
  g_assert_true (postings_editor_page_get_modified (page));
  /* … and saves them without asking again. */
  save_page (page);
  saved = ui_test_read_file (path, NULL);
  g_assert_nonnull (strstr (saved, "\nstartup: dora-mine\n"));
  g_assert_nonnull (strstr (saved, "\nroles: Designer modifié ailleurs\n"));
  g_clear_pointer (&saved, g_free);

  /* Reload takes theirs. */
  gtk_editable_set_text (GTK_EDITABLE (ui_test_form_row (window, "startup")), "dora-again");
  WAIT_FOR (postings_editor_page_get_modified (page));
  write_file (path, theirs_again);
  WAIT_FOR (_postings_editor_page_get_change_text (page) != NULL);
  _postings_editor_page_reload (page);
  g_assert_false (postings_editor_page_get_modified (page));
  g_assert_cmpstr (postings_document_get_string (postings_editor_page_get_document (page), "roles"), ==,
                   "Designer encore modifié");
  g_assert_cmpstr (postings_document_get_string (postings_editor_page_get_document (page), "startup"), ==, "dora");

  /* The page's own save is no outside change. */
  gtk_editable_set_text (GTK_EDITABLE (ui_test_form_row (window, "startup")), "dora-saved");
  save_page (page);
  {
    guint reloads = _postings_editor_page_get_n_reloads (page);
    PostingsSite *site = postings_window_get_site (window);
    g_autoptr(GFile) file = g_file_new_for_path (path);

    /* The site reports the write; the page looks and finds its own text. */
    g_signal_emit_by_name (site, "file-changed", file);
    WAIT_FOR (!_postings_editor_page_is_busy (page));
    g_assert_cmpuint (_postings_editor_page_get_n_reloads (page), ==, reloads);
    g_assert_null (_postings_editor_page_get_change_text (page));
  }

  close_all_windows ();
}

static void
test_deleted (void)
{
  g_autofree char *root = make_site ("deleted");
  g_autofree char *path = NULL;
  g_autofree char *saved = NULL;
  PostingsWindow *window;
  PostingsEditorPage *page;
  AdwMessageDialog *dialog;

  if (root == NULL)
    return;

  path = jobs_path (root, DESIGNER);
  window = open_site (root, root);
  page = open_posting (window, path);
  gtk_editable_set_text (GTK_EDITABLE (ui_test_form_row (window, "roles")), "Designer gardé");

  g_assert_cmpint (g_unlink (path), ==, 0);
  WAIT_FOR (_postings_editor_page_get_change_text (page) != NULL);
  g_assert_nonnull (strstr (_postings_editor_page_get_change_text (page), "deleted by another program"));
  g_assert_true (postings_editor_page_get_modified (page));

  /* Save asks before creating it again; Cancel writes nothing. */
  postings_editor_page_save (page);
  dialog = _postings_editor_page_get_dialog (page);
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, "create"));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_FOR (_postings_editor_page_get_dialog (page) == NULL);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  postings_editor_page_save (page);
  dialog = _postings_editor_page_get_dialog (page);
  adw_message_dialog_response (dialog, "create");
  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_FOR (_postings_editor_page_get_n_saves (page) == 1);
  saved = ui_test_read_file (path, NULL);
  g_assert_nonnull (strstr (saved, "\nroles: Designer gardé\n"));
  g_assert_null (_postings_editor_page_get_change_text (page));
  g_assert_false (postings_editor_page_get_modified (page));

  close_all_windows ();
}

static void
test_close_lists_unsaved (void)
{
  g_autofree char *root = make_site ("close");
  g_autofree char *path_a = NULL, *path_b = NULL;
  g_autofree char *before_a = NULL, *after_a = NULL;
  PostingsWindow *window;
  AdwMessageDialog *dialog;
  GtkWidget *list;
  guint rows = 0;

  if (root == NULL)
    return;

  path_a = jobs_path (root, DESIGNER);
  path_b = jobs_path (root, PCRS);
  before_a = ui_test_read_file (path_a, NULL);
  window = open_site (root, root);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);

  open_posting (window, path_a);
  gtk_editable_set_text (GTK_EDITABLE (ui_test_form_row (window, "roles")), "Designer A");
  open_posting (window, path_b);
  gtk_editable_set_text (GTK_EDITABLE (ui_test_form_row (window, "roles")), "Responsable B");

  /* Both are listed; Cancel keeps everything. */
  gtk_window_close (GTK_WINDOW (window));
  dialog = _postings_window_get_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, "save"));
  g_assert_true (adw_message_dialog_has_response (dialog, "discard"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "save"), ==, "_Save All");
  list = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_LIST_BOX (list));
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    rows++;
  g_assert_cmpuint (rows, ==, 2);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_FOR (_postings_window_get_dialog (window) == NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* Discard closes, and the files are as they were. */
  gtk_window_close (GTK_WINDOW (window));
  dialog = _postings_window_get_dialog (window);
  adw_message_dialog_response (dialog, "discard");
  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_FOR (window == NULL);
  after_a = ui_test_read_file (path_a, NULL);
  g_assert_cmpstr (before_a, ==, after_a);

  close_all_windows ();
}

static void
test_start_page_and_recent (void)
{
  g_autofree char *root = make_site ("recent");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GFile) root_file = NULL;
  g_autofree char *uri = NULL;
  g_auto(GStrv) recent = NULL;
  PostingsWindow *window;

  if (root == NULL)
    return;
  root_file = g_file_new_for_path (root);
  uri = g_file_get_uri (root_file);

  /* Nothing open, no site last time: the start page. */
  g_settings_reset (settings, "last-site");
  g_settings_reset (settings, "recent-sites");
  close_all_windows ();
  g_application_activate (G_APPLICATION (app));
  window = POSTINGS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  g_assert_cmpstr (_postings_window_get_content_name (window), ==, "start");
  g_assert_null (postings_window_get_site (window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->recent_group)));

  /* Opening a site from there uses that window, and remembers it. */
  g_assert_true (open_site (root, root) == window);
  recent = g_settings_get_strv (settings, "recent-sites");
  g_assert_cmpstr (recent[0], ==, uri);
  {
    g_autofree char *last = g_settings_get_string (settings, "last-site");
    g_assert_cmpstr (last, ==, uri);
  }

  /* The next start reopens it. */
  close_all_windows ();
  g_application_activate (G_APPLICATION (app));
  WAIT_FOR ((window = find_site_window (root_file)) != NULL && site_ready (window));

  /* And the start page offers it. */
  {
    PostingsWindow *other = postings_window_new (GTK_APPLICATION (app));
    GtkWidget *row;

    gtk_window_present (GTK_WINDOW (other));
    g_assert_cmpstr (_postings_window_get_content_name (other), ==, "start");
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (other->recent_group)));
    row = GTK_WIDGET (gtk_list_box_get_row_at_index (other->recent_list, 0));
    g_assert_true (ADW_IS_ACTION_ROW (row));
    {
      g_autofree char *base = g_path_get_basename (root);
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, base);
    }
  }

  close_all_windows ();
  g_settings_reset (settings, "last-site");
  g_settings_reset (settings, "recent-sites");
}

static guint
count_rows_shown (PostingsWindow *window)
{
  GtkWidget *list = ui_test_find_descendant (GTK_WIDGET (_postings_window_get_sidebar (window)), GTK_TYPE_LIST_VIEW);
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_child_visible (child) && gtk_widget_get_mapped (child))
      n++;
  return n;
}

/* Dropping a folder on the start page opens it as a site there. */
static void
test_drop_folder (void)
{
  g_autofree char *root = make_site ("drop");
  g_autoptr(GFile) folder = NULL;
  GtkDropTarget *target;
  PostingsWindow *window;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  if (root == NULL)
    return;

  window = postings_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  target = ui_test_find_drop_target (window);

  folder = g_file_new_for_path (root);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, g_slist_prepend (NULL, g_object_ref (folder)));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);

  WAIT_FOR (site_ready (window));
  g_assert_true (find_site_window (folder) == window);

  close_all_windows ();
}

/* A posting inside a site opens its site, with the posting shown. */
static void
test_open_file_in_site (void)
{
  g_autofree char *root = make_site ("file");
  g_autofree char *path = NULL;
  PostingsWindow *window;

  if (root == NULL)
    return;

  path = jobs_path (root, PCRS);
  window = open_site (path, root);
  WAIT_FOR (PAGE (window) != NULL && postings_editor_page_get_document (PAGE (window)) != NULL);
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_assert_true (g_file_equal (postings_editor_page_get_file (PAGE (window)), file));
  }
  g_assert_cmpstr (_postings_window_get_content_name (window), ==, "pages");
  /* Its row is selected, and the list shows rows. */
  WAIT_FOR (count_rows_shown (window) > 0);

  /* Opening its jobs folder again is the same window. */
  {
    g_autofree char *jobs = jobs_path (root, "");
    g_assert_true (open_site (jobs, root) == window);
  }

  close_all_windows ();
}

static PostingsWindow *
open_folder (const char *path)
{
  g_autoptr(GFile) folder = g_file_new_for_path (path);
  PostingsWindow *window = NULL;

  g_application_open (G_APPLICATION (app), &folder, 1, "");
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    {
      PostingsSite *site = POSTINGS_IS_WINDOW (l->data) ? postings_window_get_site (l->data) : NULL;

      if (site != NULL && g_file_equal (postings_site_get_jobs_dir (site), folder))
        window = l->data;
    }
  g_assert_nonnull (window);
  WAIT_FOR (!postings_site_is_loading (postings_window_get_site (window)));
  return window;
}

static void
test_empty_and_hostile_folders (void)
{
  g_autofree char *empty = g_build_filename (tmp_dir, "empty", NULL);
  g_autofree char *hostile = g_build_filename (tmp_dir, "hostile", NULL);
  g_autofree char *fifo = g_build_filename (hostile, "2024-01-01-fifo.md", NULL);
  g_autofree char *loop = g_build_filename (hostile, "loop", NULL);
  g_autofree char *posting = g_build_filename (hostile, "2024-01-02-ok.md", NULL);
  PostingsWindow *window;
  GListModel *entries;
  guint unreadable = 0;

  /* A folder without postings: a clear empty state, never an error. */
  g_assert_cmpint (g_mkdir_with_parents (empty, 0700), ==, 0);
  window = open_folder (empty);
  g_assert_cmpstr (_postings_window_get_content_name (window), ==, "status");
  g_assert_cmpstr (adw_status_page_get_title (window->status_page), ==, "No Postings in This Folder");
  g_assert_true (gtk_widget_get_visible (window->status_new_button));
  close_all_windows ();

  /* A FIFO and a symlink cycle: shown as unreadable, no hang. */
  g_assert_cmpint (g_mkdir_with_parents (hostile, 0700), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink (".", loop), ==, 0);
  write_file (posting, "---\nroles: Développeur·se\nopen: true\n---\nTexte\n");
  window = open_folder (hostile);
  entries = postings_site_get_entries (postings_window_get_site (window));
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(PostingsSiteEntry) entry = g_list_model_get_item (entries, i);

      if (postings_site_entry_get_state (entry) == POSTINGS_POSTING_UNREADABLE)
        {
          g_assert_nonnull (postings_site_entry_get_reason (entry));
          unreadable++;
        }
    }
  g_assert_cmpuint (unreadable, >=, 1);
  g_assert_cmpuint (postings_sidebar_get_count (_postings_window_get_sidebar (window), POSTINGS_SIDEBAR_FILTER_OPEN), ==, 1);
  g_assert_cmpstr (_postings_window_get_content_name (window), ==, "status");
  close_all_windows ();
}

#define EXTRA_EXPIRED "2020-01-01-extra-expired.md"

static void
test_close_expired (void)
{
  g_autofree char *root = make_site ("expired");
  g_autofree char *jobs = NULL;
  g_autofree char *extra = NULL;
  g_autoptr(GPtrArray) expired = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) originals = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  PostingsWindow *window;
  PostingsSidebar *sidebar;
  PostingsCloseExpired *operation;
  AdwMessageDialog *dialog;
  GtkWidget *list;
  const char *name;
  guint rows = 0;

  if (root == NULL)
    return;

  /* One more, the user is editing: listed, not closed. */
  extra = jobs_path (root, EXTRA_EXPIRED);
  write_file (extra, "---\nroles: Offre expirée en cours d'édition\nopen: true\ndepublication_date: 2020-06-01\n---\nTexte\n");

  jobs = jobs_path (root, "");
  dir = g_dir_open (jobs, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (jobs, name, NULL);
      Facts facts;

      if (!is_posting_name (name))
        continue;
      read_facts (root, path, &facts);
      if (facts.expired && !g_str_equal (name, EXTRA_EXPIRED))
        {
          g_ptr_array_add (expired, g_strdup (path));
          g_ptr_array_add (originals, ui_test_read_file (path, NULL));
        }
      facts_clear (&facts);
    }
  g_test_message ("%u expired offers in the corpus", expired->len);

  window = open_site (root, root);
  sidebar = _postings_window_get_sidebar (window);
  g_assert_cmpuint (postings_sidebar_get_count (sidebar, POSTINGS_SIDEBAR_FILTER_EXPIRED), ==, expired->len + 1);
  open_posting (window, extra);
  gtk_editable_set_text (GTK_EDITABLE (ui_test_form_row (window, "roles")), "Offre expirée modifiée");
  /* One of them is open too, unedited: it follows the file. */
  if (expired->len > 0)
    open_posting (window, expired->pdata[0]);

  /* Every expired offer is listed; the one with unsaved changes cannot be chosen. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.close-expired", NULL);
  operation = window->close_expired;
  g_assert_nonnull (operation);
  dialog = postings_close_expired_get_dialog (operation);
  g_assert_nonnull (dialog);
  list = ui_test_find_descendant (adw_message_dialog_get_extra_child (dialog), GTK_TYPE_LIST_BOX);
  g_assert_nonnull (list);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = ui_test_find_descendant (row, GTK_TYPE_CHECK_BUTTON);

      g_assert_nonnull (check);
      if (g_str_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Offre expirée en cours d'édition"))
        g_assert_false (gtk_widget_get_sensitive (check));
      else
        g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
      rows++;
    }
  g_assert_cmpuint (rows, ==, expired->len + 1);

  /* Closed in one action: each file differs by one line, `open: false`. */
  adw_message_dialog_response (dialog, "close");
  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_FOR (!postings_close_expired_is_busy (operation) && postings_close_expired_get_n_closed (operation) > 0);
  g_assert_cmpuint (postings_close_expired_get_n_closed (operation), ==, expired->len);
  for (guint i = 0; i < expired->len; i++)
    {
      g_autofree char *after = ui_test_read_file (expired->pdata[i], NULL);
      g_auto(GStrv) before_lines = g_strsplit (originals->pdata[i], "\n", -1);
      g_auto(GStrv) after_lines = g_strsplit (after, "\n", -1);

      g_assert_cmpint (ui_test_count_changed_lines (originals->pdata[i], after), ==, 1);
      for (guint l = 0; before_lines[l] != NULL; l++)
        if (strcmp (before_lines[l], after_lines[l]) != 0)
          {
            g_assert_true (g_str_has_prefix (before_lines[l], "open: true"));
            g_assert_true (g_str_has_prefix (after_lines[l], "open: false"));
          }
    }
  g_assert_cmpuint (postings_sidebar_get_count (sidebar, POSTINGS_SIDEBAR_FILTER_EXPIRED), ==, 1);
  g_assert_nonnull (strstr (postings_close_expired_get_message (operation), "closed"));
  {
    g_autofree char *text = ui_test_read_file (extra, NULL);
    g_assert_nonnull (strstr (text, "\nopen: true\n"));
  }
  /* The open page reloads what was written. */
  if (expired->len > 0)
    {
      g_autoptr(GFile) file = g_file_new_for_path (expired->pdata[0]);
      PostingsEditorPage *page = postings_window_find_page (window, file);
      gboolean open = TRUE;

      WAIT_FOR (postings_document_get_boolean (postings_editor_page_get_document (page), "open", &open) && !open);
      g_assert_false (postings_editor_page_get_modified (page));
    }

  /* Undo puts the bytes back. */
  postings_close_expired_undo (operation);
  WAIT_FOR (!postings_close_expired_is_busy (operation));
  for (guint i = 0; i < expired->len; i++)
    {
      g_autofree char *after = ui_test_read_file (expired->pdata[i], NULL);
      g_assert_cmpstr (after, ==, originals->pdata[i]);
    }
  g_assert_cmpuint (postings_sidebar_get_count (sidebar, POSTINGS_SIDEBAR_FILTER_EXPIRED), ==, expired->len + 1);

  {
    g_autoptr(GFile) file = g_file_new_for_path (extra);
    postings_editor_page_discard_changes (postings_window_find_page (window, file));
  }
  close_all_windows ();
}

static void
answer_name (PostingsEditorPage *page,
             const char         *name)
{
  AdwMessageDialog *dialog = _postings_editor_page_get_dialog (page);
  GtkWidget *entry;

  g_assert_nonnull (dialog);
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_EDITABLE (entry));
  if (name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), name);
  adw_message_dialog_response (dialog, "save");
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
test_new_posting (void)
{
  g_autofree char *root = make_site ("new");
  g_autofree char *expected = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(GFile) file = NULL;
  PostingsWindow *window;
  PostingsEditorPage *page;
  AdwMessageDialog *dialog;

  if (root == NULL)
    return;

  window = open_site (root, root);

  /* A page of the same window, ready for the title. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL);
  page = PAGE (window);
  g_assert_nonnull (page);
  g_assert_null (postings_editor_page_get_file (page));
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (ui_test_form_row (window, "roles")), "Chargé·e de déploiement");
  gtk_editable_set_text (GTK_EDITABLE (ui_test_form_row (window, "date")), "2026-03-01");
  WAIT_FOR (g_strcmp0 (postings_document_get_string (postings_editor_page_get_document (page), "date"),
                       "2026-03-01") == 0);

  /* Saving asks only for the name, proposed by the site's rule. */
  postings_editor_page_save (page);
  dialog = _postings_editor_page_get_dialog (page);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog))), ==,
                   "2026-03-01-charge.e.de.deploiement.md");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "_jobs"));

  /* A name taken by another posting is refused: the question comes back. */
  answer_name (page, PCRS);
  WAIT_FOR (_postings_editor_page_get_dialog (page) != NULL);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (_postings_editor_page_get_dialog (page)), "already exists"));

  /* Another name: saved in content/_jobs, in the list at once. */
  answer_name (page, "2026-03-01-deploiement");
  WAIT_FOR (_postings_editor_page_get_n_saves (page) == 1);
  expected = jobs_path (root, "2026-03-01-deploiement.md");
  file = g_file_new_for_path (expected);
  g_assert_true (g_file_equal (postings_editor_page_get_file (page), file));
  saved = ui_test_read_file (expected, NULL);
  g_assert_nonnull (strstr (saved, "\nroles: Chargé·e de déploiement\n"));
  g_assert_nonnull (postings_site_lookup (postings_window_get_site (window), file));
  g_assert_cmpuint (postings_sidebar_get_count (_postings_window_get_sidebar (window), POSTINGS_SIDEBAR_FILTER_ALL), ==, 544);
  {
    g_autofree char *unchanged = ui_test_read_file (jobs_path (root, PCRS), NULL);
    g_autofree char *source = ui_test_corpus_path ("jobs", PCRS);
    g_autofree char *original = ui_test_read_file (source, NULL);
    g_assert_cmpstr (unchanged, ==, original);
  }

  close_all_windows ();
}

/* Whether, at the end of the last frame drawn (its layout done), the
 * window was at most @width wide (its decorations take some of the size
 * asked for) and folded, and its page, in the whole width, had
 * laid itself out for it (its allocation asked for no change of layout):
 * nothing is left to move. Until then, each frame asks for another. */
typedef struct
{
  PostingsWindow     *window;
  PostingsEditorPage *page;
  int                 width;
  int                 old_width;
  gboolean            settled;
} Fold;

static void
fold_after_paint_cb (GdkFrameClock *clock,
                     Fold          *fold)
{
  int width = gtk_widget_get_width (GTK_WIDGET (fold->window));

  fold->settled = width > 0 && width <= fold->width && width != fold->old_width
                  && adw_leaflet_get_folded (fold->window->leaflet)
                  && gtk_widget_get_width (GTK_WIDGET (fold->page)) == width
                  && fold->page->layout_idle_id == 0;
  if (!fold->settled)
    gtk_widget_queue_draw (GTK_WIDGET (fold->window));
}

/* Resizes @window to @width (another width than it has) and waits until it
 * is folded for good. */
static void
resize_and_wait_folded (PostingsWindow     *window,
                        PostingsEditorPage *page,
                        int                 width)
{
  Fold fold = { window, page, width, gtk_widget_get_width (GTK_WIDGET (window)), FALSE };
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (fold_after_paint_cb), &fold);

  ui_test_resize (window, width, 700);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  WAIT_FOR (fold.settled);
  g_signal_handler_disconnect (clock, id);
}

/* A narrow window shows the list or the posting, with a way back. */
static void
test_narrow (void)
{
  g_autofree char *root = make_site ("narrow");
  g_autofree char *path = NULL;
  PostingsWindow *window;
  PostingsEditorPage *page;

  if (root == NULL)
    return;

  path = jobs_path (root, PCRS);
  window = open_site (root, root);
  page = open_posting (window, path);
  g_assert_false (adw_leaflet_get_folded (window->leaflet));
  g_assert_false (gtk_widget_get_visible (page->back_button));

  /* Too narrow for the list and the posting side by side: the posting,
   * and it stays so once the page has laid itself out in the whole width
   * (a small page needs less than a wide one: that must not unfold it). */
  resize_and_wait_folded (window, page, 600);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (window->leaflet), ==, "content");
  g_assert_true (gtk_widget_get_visible (page->back_button));
  /* Just below the rule's width, the list and a small page would fit side
   * by side: still folded. */
  resize_and_wait_folded (window, page, POSTINGS_WINDOW_FOLD_WIDTH - 1);

  /* The back button (or Ctrl+Shift+F) brings the list… */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sidebar", NULL);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (window->leaflet), ==, "sidebar");

  /* … and choosing a posting shows it in place of the list. */
  {
    g_autofree char *other = jobs_path (root, DESIGNER);
    open_posting (window, other);
  }
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (window->leaflet), ==, "content");

  ui_test_resize (window, 1200, 700);
  WAIT_FOR (!adw_leaflet_get_folded (window->leaflet));
  g_assert_false (gtk_widget_get_visible (page->back_button));

  close_all_windows ();
}

/* Ctrl+Q never loses a new posting's text without asking. */
static void
test_quit_asks (void)
{
  g_autofree char *root = make_site ("quit");
  PostingsWindow *window;
  AdwMessageDialog *dialog;

  if (root == NULL)
    return;

  window = open_site (root, root);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL);
  gtk_editable_set_text (GTK_EDITABLE (ui_test_form_row (window, "roles")), "Texte tapé à ne pas perdre");
  g_assert_true (postings_editor_page_get_modified (PAGE (window)));

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  dialog = _postings_window_get_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, "save"));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_FOR (_postings_window_get_dialog (window) == NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (postings_document_get_string (postings_editor_page_get_document (PAGE (window)), "roles"), ==,
                   "Texte tapé à ne pas perdre");

  postings_editor_page_discard_changes (PAGE (window));
  close_all_windows ();
}

/* A draft left by a killed session is offered when its site opens. */
static void
test_drafts_offered_on_open (void)
{
  g_autofree char *root = make_site ("drafts");
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) location = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(PostingsDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  PostingsWindow *window;
  PostingsEditorPage *page;

  if (root == NULL)
    return;

  path = jobs_path (root, PCRS);
  file = g_file_new_for_path (path);
  text = g_bytes_new_static ("---\nroles: Brouillon laissé\nopen: true\n---\nTexte\n", 50);
  location = postings_drafts_new_location (NULL, file);
  draft = postings_draft_new (location, file, text, NULL, NULL);
  g_assert_true (postings_draft_write (draft, NULL, &error));
  g_assert_no_error (error);

  window = open_site (root, root);
  WAIT_FOR ((page = postings_window_find_page (window, file)) != NULL
            && postings_editor_page_get_document (page) != NULL);
  g_assert_true (postings_editor_page_has_pending_draft (page));
  g_assert_true (PAGE (window) == page);

  /* Discarded on purpose: gone. */
  _postings_editor_page_discard_offered_draft (page);
  g_assert_false (g_file_query_exists (location, NULL));
  g_assert_false (postings_editor_page_has_pending_draft (page));

  close_all_windows ();
}

/* Not a verdict (speed is for the benchmarks): how long the main loop went
 * without turning while the real site was read and shown. */
typedef struct
{
  gint64 start;
  gint64 last;
  gint64 longest;
  gint64 longest_end;  /* when it ended, from the start */
} Stall;

static gboolean
stall_tick_cb (gpointer data)
{
  Stall *stall = data;
  gint64 now = g_get_monotonic_time ();

  if (stall->last != 0 && now - stall->last > stall->longest)
    {
      stall->longest = now - stall->last;
      stall->longest_end = now - stall->start;
    }
  stall->last = now;
  return G_SOURCE_CONTINUE;
}

static void
test_stall (void)
{
  g_autofree char *root = make_site ("stall");
  g_autoptr(GFile) root_file = NULL;
  Stall stall = { 0, 0, 0, 0 };
  PostingsWindow *window = NULL;
  gint64 start, built;
  guint tick;

  if (root == NULL)
    return;

  root_file = g_file_new_for_path (root);
  tick = g_timeout_add_full (G_PRIORITY_HIGH, 1, stall_tick_cb, &stall, NULL);
  start = stall.start = g_get_monotonic_time ();
  {
    g_autoptr(GFile) file = g_file_new_for_path (root);
    g_application_open (G_APPLICATION (app), &file, 1, "");
  }
  /* The window is built (before the main loop turns again); the site is
   * read from now on. */
  built = g_get_monotonic_time () - start;
  stall.last = g_get_monotonic_time ();
  WAIT_FOR ((window = find_site_window (root_file)) != NULL && site_ready (window)
            && gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_source_remove (tick);
  g_print ("# site of %u postings: window built in %.0f ms, postings read and shown %.0f ms after the "
           "folder was opened; meanwhile the longest main-loop stall was %.1f ms (ending at %.0f ms)\n",
           g_list_model_get_n_items (postings_site_get_entries (postings_window_get_site (window))),
           built / 1000.0, (g_get_monotonic_time () - start) / 1000.0, stall.longest / 1000.0,
           stall.longest_end / 1000.0);
  close_all_windows ();
}

/* The site header's menu and the sidebar's sort menu are built when first
 * opened (start-up does not build them): each opens as a menu with its
 * items, and opening it again shows the same popover. */
static void
test_menus_on_demand (void)
{
  g_autofree char *root = make_site ("menus");
  PostingsWindow *window;
  GtkMenuButton *buttons[2];
  GMenuModel *site_menu;

  if (root == NULL)
    return;

  window = open_site (root, root);
  site_menu = gtk_menu_button_get_menu_model (window->start_menu_button);
  buttons[0] = window->site_menu_button;
  buttons[1] = GTK_MENU_BUTTON (ui_test_find_descendant (GTK_WIDGET (_postings_window_get_sidebar (window)),
                                                         GTK_TYPE_MENU_BUTTON));
  g_assert_nonnull (site_menu);
  g_assert_nonnull (buttons[1]);

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkMenuButton *button = buttons[i];
      GtkPopover *popover;
      GMenuModel *model;

      WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (button)));
      g_assert_null (gtk_menu_button_get_popover (button));

      gtk_menu_button_popup (button);
      WAIT_FOR ((popover = gtk_menu_button_get_popover (button)) != NULL
                && gtk_widget_get_mapped (GTK_WIDGET (popover)));
      g_assert_true (GTK_IS_POPOVER_MENU (popover));
      model = gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover));
      g_assert_true (model == gtk_menu_button_get_menu_model (button));
      g_assert_cmpint (g_menu_model_get_n_items (model), >, 0);
      if (i == 0)
        g_assert_true (model == site_menu);

      gtk_menu_button_popdown (button);
      WAIT_FOR (!gtk_widget_get_mapped (GTK_WIDGET (popover)));
      gtk_menu_button_popup (button);
      WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (popover)));
      g_assert_true (gtk_menu_button_get_popover (button) == popover);
      gtk_menu_button_popdown (button);
      WAIT_FOR (!gtk_widget_get_mapped (GTK_WIDGET (popover)));
    }
  close_all_windows ();
}

int
main (int   argc,
      char *argv[])
{
  if (!ui_test_init (&argc, &argv, &app, &tmp_dir))
    return 0;

  g_test_add_func ("/ui/site/open-and-filters", test_open_and_filters);
  g_test_add_func ("/ui/site/search", test_search);
  g_test_add_func ("/ui/site/switch-postings", test_switch_postings);
  g_test_add_func ("/ui/site/external-change", test_external_change);
  g_test_add_func ("/ui/site/deleted", test_deleted);
  g_test_add_func ("/ui/site/close-lists-unsaved", test_close_lists_unsaved);
  g_test_add_func ("/ui/site/start-page-and-recent", test_start_page_and_recent);
  g_test_add_func ("/ui/site/open-file-in-site", test_open_file_in_site);
  g_test_add_func ("/ui/site/drop-folder", test_drop_folder);
  g_test_add_func ("/ui/site/empty-and-hostile-folders", test_empty_and_hostile_folders);
  g_test_add_func ("/ui/site/close-expired", test_close_expired);
  g_test_add_func ("/ui/site/new-posting", test_new_posting);
  g_test_add_func ("/ui/site/narrow", test_narrow);
  g_test_add_func ("/ui/site/quit-asks", test_quit_asks);
  g_test_add_func ("/ui/site/drafts-offered-on-open", test_drafts_offered_on_open);
  g_test_add_func ("/ui/site/stall", test_stall);
  g_test_add_func ("/ui/site/menus-on-demand", test_menus_on_demand);

  return ui_test_run (app, tmp_dir);
}
