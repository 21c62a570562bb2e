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

  close_all_windows ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("POSTINGS_NON_UNIQUE", "1", TRUE);
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      /* TAP: a suite that cannot run reports SKIP, never PASS. */
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }

  tmp_dir = g_dir_make_tmp ("postings-site-XXXXXX", &error);
  g_assert_no_error (error);
  {
    g_autofree char *state = g_build_filename (tmp_dir, "state", NULL);
    g_setenv ("XDG_STATE_HOME", state, TRUE);
    g_setenv ("XDG_DATA_HOME", state, TRUE);
  }

  app = postings_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/ui/site/open-and-filters", test_open_and_filters);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);
    if (!g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL))
      g_printerr ("Could not remove %s\n", tmp_dir);
  }
  g_free (tmp_dir);
  return status;
}
