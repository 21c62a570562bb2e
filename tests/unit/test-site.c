/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The site workspace (postings-site.h) and the folder walk
 * (postings-walk.h): a temporary site made from the corpus, counted
 * against the files' own values read here line by line; accent-free
 * search; the monitor (create, change, rename, delete); a folder with
 * symlink cycles, a named pipe and a link to nothing. */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "postings-core.h"
#include "corpus-util.h"

/* ------------------------------------------------------------------ */
/* Files                                                               */

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode) && (dir = g_dir_open (path, 0, NULL)) != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
write_file (const char *dir, const char *name, const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

/* Rewrites a file in place (not by a rename, as g_file_set_contents () does). */
static void
overwrite_file (const char *path, const char *text)
{
  FILE *f = fopen (path, "w");

  g_assert_nonnull (f);
  g_assert_cmpint (fputs (text, f), >=, 0);
  g_assert_cmpint (fclose (f), ==, 0);
}

/* TMP/content/_jobs, empty; returns TMP. */
static char *
make_site (char **jobs_out)
{
  g_autoptr(GError) error = NULL;
  char *tmp = g_dir_make_tmp ("postings-site-XXXXXX", &error);
  g_autofree char *jobs = NULL;

  g_assert_no_error (error);
  jobs = g_build_filename (tmp, "content", "_jobs", NULL);
  g_assert_cmpint (g_mkdir_with_parents (jobs, 0755), ==, 0);
  if (jobs_out)
    *jobs_out = g_steal_pointer (&jobs);
  return tmp;
}

/* A site holding a copy of ../shared/corpus/jobs, or NULL (test skipped). */
static char *
make_corpus_site (char **jobs_out, GPtrArray **names_out)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *jobs = NULL;
  char *tmp;

  if (corpus_util_dir () == NULL)
    {
      g_test_skip ("no corpus (../shared/corpus)");
      return NULL;
    }
  names = corpus_util_list_names ("jobs");
  tmp = make_site (&jobs);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *from = g_build_filename (corpus_util_dir (), "jobs", name, NULL);
      g_autofree char *text = NULL;
      gsize len;
      g_autoptr(GError) error = NULL;
      g_autofree char *to = g_build_filename (jobs, name, NULL);

      g_file_get_contents (from, &text, &len, &error);
      g_assert_no_error (error);
      g_file_set_contents (to, text, (gssize) len, &error);
      g_assert_no_error (error);
    }
  if (jobs_out)
    *jobs_out = g_steal_pointer (&jobs);
  if (names_out)
    *names_out = g_steal_pointer (&names);
  return tmp;
}

/* ------------------------------------------------------------------ */
/* The files' own values, read here line by line (not by the core)      */

typedef struct
{
  gboolean open;
  gboolean has_closing;
  int closing_y, closing_m, closing_d;
  char *roles;
  gboolean roles_multiline;
} Raw;

static char *
line_value (const char *line, const char *key)
{
  gsize n = strlen (key);
  char *value, *hash;

  if (strncmp (line, key, n) != 0 || line[n] != ':')
    return NULL;
  value = g_strdup (line + n + 1);
  if ((hash = strstr (value, " #")) != NULL)
    *hash = '\0';
  return g_strstrip (value);
}

static gboolean
read_day (const char *value, int *y, int *m, int *d)
{
  return value != NULL && sscanf (value, "%4d-%2d-%2d", y, m, d) == 3;
}

/* The header's lines between the first two `---`; the last `open:` wins
 * (as in Jekyll); the closing day is `depublication_date`, else
 * `poste_ferme`. */
static void
raw_read (const char *path, Raw *raw)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean dep = FALSE, pf = FALSE;
  int dy = 0, dm = 0, dd = 0, py = 0, pm = 0, pd = 0;

  memset (raw, 0, sizeof *raw);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpstr (g_strchomp (lines[0]), ==, "---");
  for (guint i = 1; lines[i] != NULL; i++)
    {
      char *line = g_strchomp (lines[i]);
      g_autofree char *open = NULL;
      g_autofree char *value = NULL;

      if (g_str_equal (line, "---"))
        break;
      if ((open = line_value (line, "open")) != NULL)
        raw->open = g_str_equal (open, "true");
      if ((value = line_value (line, "depublication_date")) != NULL)
        dep = read_day (value, &dy, &dm, &dd);
      g_clear_pointer (&value, g_free);
      if ((value = line_value (line, "poste_ferme")) != NULL)
        pf = read_day (value, &py, &pm, &pd);
      g_clear_pointer (&value, g_free);
      /* the title, with the lines that continue it */
      if ((value = line_value (line, "roles")) != NULL && raw->roles == NULL)
        {
          GString *all = g_string_new (value);

          raw->roles_multiline = lines[i + 1] != NULL && (lines[i + 1][0] == ' ' || lines[i + 1][0] == '\t');
          for (guint j = i + 1; lines[j] != NULL && (lines[j][0] == ' ' || lines[j][0] == '\t'); j++)
            g_string_append_printf (all, " %s", g_strstrip (lines[j]));
          raw->roles = g_string_free (all, FALSE);
        }
    }
  if (dep)
    {
      raw->has_closing = TRUE;
      raw->closing_y = dy, raw->closing_m = dm, raw->closing_d = dd;
    }
  else if (pf)
    {
      raw->has_closing = TRUE;
      raw->closing_y = py, raw->closing_m = pm, raw->closing_d = pd;
    }
}

static const char *
raw_state (const Raw *raw, int ty, int tm, int td)
{
  int closing = raw->closing_y * 10000 + raw->closing_m * 100 + raw->closing_d;
  int today = ty * 10000 + tm * 100 + td;

  if (!raw->open)
    return "closed";
  if (raw->has_closing && closing < today)
    return "expired";
  return "open";
}

/* ------------------------------------------------------------------ */
/* Waiting on the main loop                                            */

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (gpointer data);

/* Iterates the main loop until @cond holds (or 30 s have passed: FALSE). */
static gboolean
wait_for (Condition cond, gpointer data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (30, timeout_cb, &timed_out);

  while (!cond (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return !timed_out;
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
} LoadWait;

static void
load_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  LoadWait *w = user_data;

  w->ok = postings_site_load_finish (POSTINGS_SITE (object), result, &w->error);
  w->done = TRUE;
}

static gboolean
load_done (gpointer data)
{
  return ((LoadWait *) data)->done;
}

static void
load_async_and_wait (PostingsSite *site)
{
  LoadWait w = { 0 };

  postings_site_load_async (site, NULL, load_cb, &w);
  g_assert_true (postings_site_is_loading (site));
  g_assert_true (wait_for (load_done, &w));
  g_assert_no_error (w.error);
  g_assert_true (w.ok);
  g_assert_false (postings_site_is_loading (site));
}

static PostingsSiteEntry *
lookup_path (PostingsSite *site, const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return postings_site_lookup (site, file);
}

/* ------------------------------------------------------------------ */
/* Opening                                                             */

static void
test_new (void)
{
  g_autofree char *jobs = NULL;
  g_autofree char *tmp = make_site (&jobs);
  g_autofree char *startups = g_build_filename (tmp, "content", "_startups", NULL);
  g_autofree char *plain = g_build_filename (tmp, "plain", NULL);
  g_autofree char *jekyll = g_build_filename (tmp, "jekyll", NULL);
  g_autofree char *jekyll_jobs = g_build_filename (jekyll, "content", "_jobs", NULL);
  g_autoptr(GFile) root_file = g_file_new_for_path (tmp);
  g_autoptr(GFile) jobs_file = g_file_new_for_path (jobs);
  g_autoptr(GFile) plain_file = g_file_new_for_path (plain);
  g_autoptr(GError) error = NULL;
  const char *from[] = { tmp, jobs, startups };

  g_assert_cmpint (g_mkdir (startups, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (plain, 0755), ==, 0);
  write_file (jobs, "2024-03-15-dev.md", "---\nroles: Dev\nopen: true\n---\nTexte.\n");

  /* the root, its jobs folder, or another folder inside: the same site */
  for (guint i = 0; i < G_N_ELEMENTS (from); i++)
    {
      g_autoptr(GFile) folder = g_file_new_for_path (from[i]);
      g_autoptr(PostingsSite) site = postings_site_new (folder, &error);

      g_assert_no_error (error);
      g_assert_true (g_file_equal (postings_site_get_root (site), root_file));
      g_assert_true (g_file_equal (postings_site_get_jobs_dir (site), jobs_file));
      g_assert_nonnull (postings_site_get_startups_dir (site));
      g_assert_true (postings_site_get_schema (site) == postings_schema_get_default ());
      g_assert_null (postings_site_get_schema_error (site));
      g_assert_cmpuint (g_list_model_get_n_items (postings_site_get_entries (site)), ==, 0);
      g_assert_false (postings_site_is_loading (site));
    }

  /* a plain folder: no root, the postings are the folder's; a folder
   * inside a site: the site's jobs folder */
  {
    g_autofree char *alone = g_dir_make_tmp ("postings-plain-XXXXXX", &error);
    g_autoptr(GFile) alone_file = g_file_new_for_path (alone);
    g_autofree char *tmp_content = g_build_filename (g_get_tmp_dir (), "content", NULL);
    g_autofree char *tmp_config = g_build_filename (g_get_tmp_dir (), "_config.yml", NULL);
    g_autofree char *alone_name = g_path_get_basename (alone);
    g_autoptr(PostingsSite) site = postings_site_new (alone_file, &error);
    g_autoptr(PostingsSite) inside = postings_site_new (plain_file, &error);

    g_assert_no_error (error);
    g_assert_true (g_file_equal (postings_site_get_jobs_dir (site), alone_file));
    g_assert_null (postings_site_get_startups_dir (site));
    if (!g_file_test (tmp_content, G_FILE_TEST_EXISTS) && !g_file_test (tmp_config, G_FILE_TEST_EXISTS))
      {
        g_assert_null (postings_site_get_root (site));
        g_assert_cmpstr (postings_site_get_title (site), ==, alone_name);
      }
    g_assert_true (g_file_equal (postings_site_get_jobs_dir (inside), jobs_file));
    g_rmdir (alone);
  }

  /* a Jekyll site known by its _config.yml */
  {
    g_autoptr(GFile) jekyll_file = g_file_new_for_path (jekyll);
    g_autoptr(GFile) jekyll_jobs_file = g_file_new_for_path (jekyll_jobs);
    g_autoptr(PostingsSite) site = NULL;

    g_assert_cmpint (g_mkdir_with_parents (jekyll_jobs, 0755), ==, 0);
    write_file (jekyll, "_config.yml", "title: Test\n");
    site = postings_site_new (jekyll_jobs_file, &error);
    g_assert_no_error (error);
    g_assert_true (g_file_equal (postings_site_get_root (site), jekyll_file));
    g_assert_cmpstr (postings_site_get_title (site), ==, "jekyll");
  }

  /* a file is not a folder; nothing is not a folder */
  {
    g_autofree char *posting = g_build_filename (jobs, "2024-03-15-dev.md", NULL);
    g_autofree char *missing = g_build_filename (tmp, "missing", NULL);
    g_autoptr(GFile) posting_file = g_file_new_for_path (posting);
    g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
    g_autoptr(PostingsSite) none = postings_site_new (posting_file, &error);
    g_autoptr(PostingsSite) for_posting = postings_site_new_for_posting (posting_file);

    g_assert_null (none);
    g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, posting));
    g_clear_error (&error);
    g_assert_null (postings_site_new (missing_file, &error));
    g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, missing));
    g_clear_error (&error);

    g_assert_nonnull (for_posting);
    g_assert_true (g_file_equal (postings_site_get_jobs_dir (for_posting), jobs_file));
  }

  remove_tree (tmp);
}

/* ------------------------------------------------------------------ */
/* The corpus                                                          */

typedef struct
{
  guint open, closed, expired, unreadable;
} Counts;

static void
count_model (GListModel *model, Counts *c)
{
  memset (c, 0, sizeof *c);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PostingsSiteEntry) e = g_list_model_get_item (model, i);

      switch (postings_site_entry_get_state (e))
        {
        case POSTINGS_POSTING_OPEN: c->open++; break;
        case POSTINGS_POSTING_CLOSED: c->closed++; break;
        case POSTINGS_POSTING_EXPIRED: c->expired++; break;
        case POSTINGS_POSTING_UNREADABLE: c->unreadable++; break;
        case POSTINGS_POSTING_DRAFT_ONLY:
        default: g_assert_not_reached ();
        }
    }
}

/* Every entry against its file, for the day POSTINGS_TODAY says. */
static void
check_corpus_entries (PostingsSite *site, const char *jobs, GPtrArray *names,
                      int ty, int tm, int td, Counts *expected)
{
  GListModel *model = postings_site_get_entries (site);
  Counts counts;

  memset (expected, 0, sizeof *expected);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, names->len);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (jobs, name, NULL);
      g_autoptr(PostingsSiteEntry) e = g_list_model_get_item (model, i);
      const char *state;
      Raw raw;

      /* the model is in file-name order */
      g_assert_cmpstr (postings_site_entry_get_basename (e), ==, name);
      g_assert_true (lookup_path (site, path) == e);

      raw_read (path, &raw);
      state = raw_state (&raw, ty, tm, td);
      if (!g_str_equal (state, postings_posting_state_to_string (postings_site_entry_get_state (e))))
        g_test_message ("%s: expected %s, got %s", name, state,
                        postings_posting_state_to_string (postings_site_entry_get_state (e)));
      g_assert_cmpstr (postings_posting_state_to_string (postings_site_entry_get_state (e)), ==, state);
      g_assert_cmpint (postings_site_entry_get_open (e), ==, raw.open);
      if (raw.has_closing)
        {
          GDateTime *closing = postings_site_entry_get_closing_date (e);

          g_assert_nonnull (closing);
          g_assert_cmpint (g_date_time_get_year (closing), ==, raw.closing_y);
          g_assert_cmpint (g_date_time_get_month (closing), ==, raw.closing_m);
          g_assert_cmpint (g_date_time_get_day_of_month (closing), ==, raw.closing_d);
        }
      else
        g_assert_null (postings_site_entry_get_closing_date (e));
      g_assert_nonnull (postings_site_entry_get_date (e));
      g_assert_null (postings_site_entry_get_reason (e));
      if (raw.roles != NULL && !raw.roles_multiline && raw.roles[0] != '"' && raw.roles[0] != '\'' && raw.roles[0] != '>' &&
          raw.roles[0] != '|' && raw.roles[0] != '\0')
        g_assert_cmpstr (postings_site_entry_get_title (e), ==, raw.roles);
      g_free (raw.roles);

      if (g_str_equal (state, "open"))
        expected->open++;
      else if (g_str_equal (state, "closed"))
        expected->closed++;
      else
        expected->expired++;
    }

  count_model (model, &counts);
  g_assert_cmpuint (counts.open, ==, expected->open);
  g_assert_cmpuint (counts.closed, ==, expected->closed);
  g_assert_cmpuint (counts.expired, ==, expected->expired);
  g_assert_cmpuint (counts.unreadable, ==, 0);
}

static void
test_corpus_states (void)
{
  g_autofree char *jobs = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *tmp = make_corpus_site (&jobs, &names);
  /* Days around the real closing dates of the two open offers of the
   * corpus (2022-07-15 and 2022-08-24), and today. */
  static const struct { const char *today; int y, m, d; } days[] = {
    { "2022-07-01", 2022, 7, 1 },
    { "2022-08-01", 2022, 8, 1 },
    { "2022-07-15", 2022, 7, 15 },
    { NULL, 0, 0, 0 },
  };
  guint n_open_seen = 0, n_expired_seen = 0;

  if (tmp == NULL)
    return;

  for (guint k = 0; k < G_N_ELEMENTS (days); k++)
    {
      g_autoptr(GFile) folder = g_file_new_for_path (tmp);
      g_autoptr(GError) error = NULL;
      g_autoptr(PostingsSite) site = postings_site_new (folder, &error);
      Counts expected;
      int y = days[k].y, m = days[k].m, d = days[k].d;

      g_assert_no_error (error);
      if (days[k].today != NULL)
        g_setenv ("POSTINGS_TODAY", days[k].today, TRUE);
      else
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_local ();

          g_unsetenv ("POSTINGS_TODAY");
          y = g_date_time_get_year (now), m = g_date_time_get_month (now), d = g_date_time_get_day_of_month (now);
        }

      /* the command line's way, then the window's */
      g_assert_true (postings_site_load (site, NULL, &error));
      g_assert_no_error (error);
      check_corpus_entries (site, jobs, names, y, m, d, &expected);
      g_test_message ("today %04d-%02d-%02d: %u open, %u closed, %u expired", y, m, d,
                      expected.open, expected.closed, expected.expired);
      n_open_seen += expected.open;
      n_expired_seen += expected.expired;

      {
        g_autoptr(PostingsSite) async_site = postings_site_new (folder, &error);
        load_async_and_wait (async_site);
        check_corpus_entries (async_site, jobs, names, y, m, d, &expected);
      }
    }
  g_unsetenv ("POSTINGS_TODAY");

  /* The days were chosen so that each state is met. */
  g_assert_cmpuint (n_open_seen, >, 0);
  g_assert_cmpuint (n_expired_seen, >, 0);

  remove_tree (tmp);
}

/* A re-load keeps the entry objects (the UI keeps its rows) and notices
 * what changed without a monitor. */
static void
test_reload (void)
{
  g_autofree char *jobs = NULL;
  g_autofree char *tmp = make_site (&jobs);
  g_autofree char *a = g_build_filename (jobs, "2024-03-15-a.md", NULL);
  g_autofree char *b = g_build_filename (jobs, "2024-03-16-b.md", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (tmp);
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsSite) site = postings_site_new (folder, &error);
  PostingsSiteEntry *entry_a;

  g_setenv ("POSTINGS_TODAY", "2024-04-01", TRUE);
  write_file (jobs, "2024-03-15-a.md", "---\nroles: A\nopen: true\n---\nTexte.\n");
  write_file (jobs, "2024-03-16-b.md", "---\nroles: B\nopen: true\n---\nTexte.\n");
  g_assert_true (postings_site_load (site, NULL, &error));
  entry_a = lookup_path (site, a);
  g_assert_nonnull (entry_a);
  g_assert_cmpint (postings_site_entry_get_state (entry_a), ==, POSTINGS_POSTING_OPEN);

  overwrite_file (a, "---\nroles: A2\nopen: true\ndepublication_date: 2024-03-31\n---\nTexte.\n");
  g_assert_cmpint (g_unlink (b), ==, 0);
  write_file (jobs, "2024-03-14-c.md", "---\nroles: C\nopen: false\n---\nTexte.\n");
  g_assert_true (postings_site_load (site, NULL, &error));

  g_assert_true (lookup_path (site, a) == entry_a);
  g_assert_cmpstr (postings_site_entry_get_title (entry_a), ==, "A2");
  g_assert_cmpint (postings_site_entry_get_state (entry_a), ==, POSTINGS_POSTING_EXPIRED);
  g_assert_cmpuint (postings_site_entry_get_n_warnings (entry_a), >=, 1);
  g_assert_null (lookup_path (site, b));
  g_assert_cmpuint (g_list_model_get_n_items (postings_site_get_entries (site)), ==, 2);
  {
    g_autoptr(PostingsSiteEntry) first = g_list_model_get_item (postings_site_get_entries (site), 0);
    g_assert_cmpstr (postings_site_entry_get_basename (first), ==, "2024-03-14-c.md");
    g_assert_cmpint (postings_site_entry_get_state (first), ==, POSTINGS_POSTING_CLOSED);
  }
  g_unsetenv ("POSTINGS_TODAY");
  remove_tree (tmp);
}

/* ------------------------------------------------------------------ */
/* Search                                                              */

static void
test_fold (void)
{
  static const struct { const char *text, *folded; } cases[] = {
    { "Développeur·se", "developpeur·se" },
    { "Chargé·e de mission", "charge·e de mission" },
    { "CHARGÉ", "charge" },
    { "Cœur de métier", "coeur de metier" },
    { "L’équipe", "l'equipe" },
    { "Straße", "strasse" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = postings_site_fold_for_search (cases[i].text);
      g_assert_cmpstr (folded, ==, cases[i].folded);
    }
}

static void
test_search (void)
{
  g_autofree char *jobs = NULL;
  g_autofree char *tmp = make_site (&jobs);
  g_autoptr(GFile) folder = g_file_new_for_path (tmp);
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsSite) site = postings_site_new (folder, &error);
  GListModel *model;
  static const struct { const char *query; const char *matches; } cases[] = {
    { "developpeur", "a" },        /* "Développeur·se" */
    { "charge", "b" },             /* "Chargé·e" */
    { "CHARGÉ", "b" },
    { "mobilic", "c" },            /* the product */
    { "2024-03-17", "c" },         /* the file name */
    { "dev data", "a" },           /* every word */
    { "", "abc" },
    { "introuvable", "" },
  };

  write_file (jobs, "2024-03-15-a.md", "---\nroles: Développeur·se data\nopen: true\n---\nTexte.\n");
  write_file (jobs, "2024-03-16-b.md", "---\nroles: Chargé·e de déploiement\nopen: true\n---\nTexte.\n");
  write_file (jobs, "2024-03-17-c.md", "---\nroles: Designer\nstartup: mobilic\nopen: true\n---\nTexte.\n");
  g_assert_true (postings_site_load (site, NULL, &error));
  model = postings_site_get_entries (site);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *query = postings_site_fold_for_search (cases[i].query);
      g_autoptr(GString) found = g_string_new (NULL);

      for (guint j = 0; j < g_list_model_get_n_items (model); j++)
        {
          g_autoptr(PostingsSiteEntry) e = g_list_model_get_item (model, j);
          if (postings_site_entry_matches (e, query))
            g_string_append_c (found, postings_site_entry_get_basename (e)[11]);
        }
      g_assert_cmpstr (found->str, ==, cases[i].matches);
    }
  remove_tree (tmp);
}

/* On the corpus: "developpeur" finds each posting whose title has
 * "développeur" (or its file name "developpeur"), counted here. */
static void
test_search_corpus (void)
{
  g_autofree char *jobs = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *tmp = make_corpus_site (&jobs, &names);
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsSite) site = NULL;
  g_autofree char *query = postings_site_fold_for_search ("developpeur");
  guint expected = 0, found = 0;
  GListModel *model;

  if (tmp == NULL)
    return;
  folder = g_file_new_for_path (tmp);
  site = postings_site_new (folder, &error);
  g_assert_true (postings_site_load (site, NULL, &error));
  model = postings_site_get_entries (site);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (jobs, name, NULL);
      g_autofree char *lower_name = g_ascii_strdown (name, -1);
      g_autofree char *lower_roles = NULL;
      Raw raw;

      raw_read (path, &raw);
      lower_roles = raw.roles ? g_utf8_strdown (raw.roles, -1) : g_strdup ("");
      gboolean want = strstr (lower_roles, "développeur") || strstr (lower_roles, "developpeur") ||
                      strstr (lower_name, "developpeur");
      g_autoptr(PostingsSiteEntry) e = g_list_model_get_item (model, i);
      gboolean got = postings_site_entry_matches (e, query);

      if (want != got)
        g_test_message ("%s: “%s” %s", name, postings_site_entry_get_title (e), got ? "found" : "not found");
      expected += want;
      found += got;
      g_free (raw.roles);
    }
  g_test_message ("“developpeur”: %u postings", found);
  g_assert_cmpuint (expected, >, 10);
  g_assert_cmpuint (found, ==, expected);
  remove_tree (tmp);
}

/* ------------------------------------------------------------------ */
/* The monitor                                                         */

typedef struct
{
  PostingsSite *site;
  GPtrArray *changed;  /* paths, in order */
  GPtrArray *deleted;
  const char *path;
  const char *title;
  guint n_changed;
} Watch;

static void
file_changed_cb (PostingsSite *site, GFile *file, Watch *w)
{
  g_ptr_array_add (w->changed, g_file_get_path (file));
}

static void
file_deleted_cb (PostingsSite *site, GFile *file, Watch *w)
{
  g_ptr_array_add (w->deleted, g_file_get_path (file));
}

static gboolean
contains_path (GPtrArray *paths, const char *path)
{
  for (guint i = 0; i < paths->len; i++)
    if (g_str_equal (g_ptr_array_index (paths, i), path))
      return TRUE;
  return FALSE;
}

static guint
count_path (GPtrArray *paths, const char *path)
{
  guint n = 0;

  for (guint i = 0; i < paths->len; i++)
    if (g_str_equal (g_ptr_array_index (paths, i), path))
      n++;
  return n;
}

/* The entry for w->path has title w->title, and "file-changed" said so. */
static gboolean
has_title (gpointer data)
{
  Watch *w = data;
  PostingsSiteEntry *e = lookup_path (w->site, w->path);

  return e != NULL && g_strcmp0 (postings_site_entry_get_title (e), w->title) == 0 &&
         count_path (w->changed, w->path) > w->n_changed;
}

static gboolean
is_gone (gpointer data)
{
  Watch *w = data;

  return lookup_path (w->site, w->path) == NULL && contains_path (w->deleted, w->path);
}

static void
test_monitor (void)
{
  g_autofree char *jobs = NULL;
  g_autofree char *tmp = make_site (&jobs);
  g_autofree char *created = g_build_filename (jobs, "2024-05-01-nouveau.md", NULL);
  g_autofree char *renamed = g_build_filename (jobs, "2024-05-01-renomme.md", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (tmp);
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsSite) site = NULL;
  Watch w = { 0 };
  PostingsSiteEntry *entry;
  GListModel *model;
  guint before;

  g_setenv ("POSTINGS_TODAY", "2024-05-02", TRUE);
  write_file (jobs, "2024-03-15-a.md", "---\nroles: A\nopen: true\n---\nTexte.\n");
  site = postings_site_new (folder, &error);
  g_assert_no_error (error);
  w.site = site;
  w.changed = g_ptr_array_new_with_free_func (g_free);
  w.deleted = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (site, "file-changed", G_CALLBACK (file_changed_cb), &w);
  g_signal_connect (site, "file-deleted", G_CALLBACK (file_deleted_cb), &w);
  load_async_and_wait (site);
  model = postings_site_get_entries (site);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);

  /* created */
  w.path = created, w.title = "Nouveau", w.n_changed = 0;
  overwrite_file (created, "---\nroles: Nouveau\nopen: true\n---\nTexte.\n");
  g_assert_true (wait_for (has_title, &w));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  entry = lookup_path (site, created);
  g_assert_cmpint (postings_site_entry_get_state (entry), ==, POSTINGS_POSTING_OPEN);

  /* changed in place, then replaced by a rename (as editors and Postings save) */
  w.title = "Nouveau fermé", w.n_changed = count_path (w.changed, created);
  overwrite_file (created, "---\nroles: Nouveau fermé\nopen: false\n---\nTexte.\n");
  g_assert_true (wait_for (has_title, &w));
  g_assert_true (lookup_path (site, created) == entry);
  g_assert_cmpint (postings_site_entry_get_state (entry), ==, POSTINGS_POSTING_CLOSED);

  w.title = "Nouveau expiré", w.n_changed = count_path (w.changed, created);
  write_file (jobs, "2024-05-01-nouveau.md",
              "---\nroles: Nouveau expiré\nopen: true\ndepublication_date: 2024-05-01\n---\nTexte.\n");
  g_assert_true (wait_for (has_title, &w));
  g_assert_cmpint (postings_site_entry_get_state (entry), ==, POSTINGS_POSTING_EXPIRED);

  /* several writes close together: read once or a few times, not once per write */
  w.n_changed = count_path (w.changed, created);
  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *text = g_strdup_printf ("---\nroles: Version %u\nopen: false\n---\nTexte.\n", i);
      overwrite_file (created, text);
    }
  w.title = "Version 5";
  g_assert_true (wait_for (has_title, &w));
  g_test_message ("5 writes: %u re-index", count_path (w.changed, created) - w.n_changed);
  g_assert_cmpuint (count_path (w.changed, created) - w.n_changed, <, 5);

  /* renamed */
  before = g_list_model_get_n_items (model);
  g_assert_cmpint (g_rename (created, renamed), ==, 0);
  w.path = created;
  g_assert_true (wait_for (is_gone, &w));
  w.path = renamed, w.title = "Version 5", w.n_changed = 0;
  g_assert_true (wait_for (has_title, &w));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, before);

  /* moved out of the folder, then deleted */
  {
    g_autofree char *outside = g_build_filename (tmp, "2024-05-01-dehors.md", NULL);

    g_assert_cmpint (g_rename (renamed, outside), ==, 0);
    w.path = renamed;
    g_assert_true (wait_for (is_gone, &w));
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, before - 1);

    g_assert_cmpint (g_rename (outside, renamed), ==, 0);  /* moved in */
    w.title = "Version 5", w.n_changed = count_path (w.changed, renamed);
    g_assert_true (wait_for (has_title, &w));
  }
  g_assert_cmpint (g_unlink (renamed), ==, 0);
  w.path = renamed;
  g_ptr_array_set_size (w.deleted, 0);
  g_assert_true (wait_for (is_gone, &w));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);

  /* a file that is not a posting is not indexed */
  write_file (jobs, "notes.txt", "pas une offre\n");
  w.path = created, w.title = "Dernier", w.n_changed = count_path (w.changed, created);
  overwrite_file (created, "---\nroles: Dernier\nopen: true\n---\nTexte.\n");
  g_assert_true (wait_for (has_title, &w));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

  g_signal_handlers_disconnect_by_data (site, &w);
  g_ptr_array_unref (w.changed);
  g_ptr_array_unref (w.deleted);
  g_unsetenv ("POSTINGS_TODAY");
  remove_tree (tmp);
}

/* refresh_file (): at once, for the app's own saves. */
static void
test_refresh_file (void)
{
  g_autofree char *jobs = NULL;
  g_autofree char *tmp = make_site (&jobs);
  g_autofree char *path = g_build_filename (jobs, "2024-03-15-a.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) folder = g_file_new_for_path (tmp);
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsSite) site = postings_site_new (folder, &error);
  PostingsSiteEntry *e;

  g_assert_true (postings_site_load (site, NULL, &error));
  g_assert_null (postings_site_lookup (site, file));

  write_file (jobs, "2024-03-15-a.md", "---\nroles: A\nopen: false\n---\nTexte.\n");
  postings_site_refresh_file (site, file);
  e = postings_site_lookup (site, file);
  g_assert_nonnull (e);
  g_assert_cmpstr (postings_site_entry_get_title (e), ==, "A");

  postings_site_entry_set_modified (e, TRUE);
  write_file (jobs, "2024-03-15-a.md", "---\nroles: A bis\nopen: false\n---\nTexte.\n");
  postings_site_refresh_file (site, file);
  g_assert_true (postings_site_lookup (site, file) == e);
  g_assert_cmpstr (postings_site_entry_get_title (e), ==, "A bis");
  g_assert_true (postings_site_entry_get_modified (e));  /* the app's, kept */

  g_assert_cmpint (g_unlink (path), ==, 0);
  postings_site_refresh_file (site, file);
  g_assert_null (postings_site_lookup (site, file));
  g_assert_cmpuint (g_list_model_get_n_items (postings_site_get_entries (site)), ==, 0);
  remove_tree (tmp);
}

/* A new posting not saved yet shows as a draft, survives a re-load, and
 * becomes the posting's entry when its file is written. */
static void
test_draft (void)
{
  g_autofree char *jobs = NULL;
  g_autofree char *tmp = make_site (&jobs);
  g_autofree char *path = g_build_filename (jobs, "2024-03-20-nouvelle.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) folder = g_file_new_for_path (tmp);
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsSite) site = postings_site_new (folder, &error);
  GListModel *model = postings_site_get_entries (site);
  PostingsSiteEntry *draft, *other;
  g_autofree char *query = postings_site_fold_for_search ("développeur");

  write_file (jobs, "2024-03-15-a.md", "---\nroles: A\nopen: false\n---\nTexte.\n");
  write_file (jobs, "2024-03-25-b.md", "---\nroles: B\nopen: false\n---\nTexte.\n");
  g_assert_true (postings_site_load (site, NULL, &error));

  draft = postings_site_add_draft (site, file, "Développeur·se");
  g_assert_nonnull (draft);
  g_assert_true (postings_site_add_draft (site, file, "Autre") == draft);
  g_assert_cmpint (postings_site_entry_get_state (draft), ==, POSTINGS_POSTING_DRAFT_ONLY);
  g_assert_true (postings_site_entry_get_modified (draft));
  g_assert_true (postings_site_entry_matches (draft, query));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  {
    g_autoptr(PostingsSiteEntry) middle = g_list_model_get_item (model, 1);
    g_assert_true (middle == draft);
  }

  /* a re-load keeps it (no file yet), removing another entry does nothing */
  g_assert_true (postings_site_load (site, NULL, &error));
  g_assert_true (postings_site_lookup (site, file) == draft);
  other = g_list_model_get_item (model, 0);
  postings_site_remove_draft (site, other);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_object_unref (other);

  /* saved: the same entry, now the posting's */
  write_file (jobs, "2024-03-20-nouvelle.md", "---\nroles: Développeur·se\nopen: true\n---\nTexte.\n");
  postings_site_refresh_file (site, file);
  g_assert_true (postings_site_lookup (site, file) == draft);
  g_assert_cmpint (postings_site_entry_get_state (draft), ==, POSTINGS_POSTING_OPEN);

  /* discarded before it was saved: gone */
  {
    g_autofree char *second_path = g_build_filename (jobs, "2024-03-21-jamais.md", NULL);
    g_autoptr(GFile) second = g_file_new_for_path (second_path);
    PostingsSiteEntry *d = postings_site_add_draft (site, second, NULL);

    g_assert_cmpstr (postings_site_entry_get_title (d), ==, "2024-03-21-jamais.md");
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
    postings_site_remove_draft (site, d);
    g_assert_null (postings_site_lookup (site, second));
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  }
  remove_tree (tmp);
}

/* ------------------------------------------------------------------ */
/* Hostile folders                                                     */

/* content/_jobs with a.md, b.md, sub/c.md, and: loop1 -> ., loop2 -> .,
 * self -> . (cycles), sub/up -> .. (a cycle through a parent), pipe.md (a
 * FIFO), gone.md -> nowhere.md (a link to nothing), link.md -> a.md (a
 * link to a posting: read). */
static char *
make_hostile_site (char **jobs_out)
{
  g_autofree char *jobs = NULL;
  char *tmp = make_site (&jobs);
  g_autofree char *sub = g_build_filename (jobs, "sub", NULL);
  static const char * const links[][2] = {
    { ".", "loop1" }, { ".", "loop2" }, { ".", "self" }, { "..", "sub/up" },
    { "nowhere.md", "gone.md" }, { "2024-03-15-a.md", "link.md" },
  };

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  write_file (jobs, "2024-03-15-a.md", "---\nroles: A\nopen: true\n---\nTexte.\n");
  write_file (jobs, "2024-03-16-b.md", "---\nroles: B\nopen: false\n---\nTexte.\n");
  write_file (sub, "2024-03-17-c.md", "---\nroles: C\nopen: false\n---\nTexte.\n");
  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    {
      g_autofree char *path = g_build_filename (jobs, links[i][1], NULL);
      g_assert_cmpint (symlink (links[i][0], path), ==, 0);
    }
  {
    g_autofree char *fifo = g_build_filename (jobs, "pipe.md", NULL);
    g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  }
  *jobs_out = g_steal_pointer (&jobs);
  return tmp;
}

static void
check_hostile_model (GListModel *model)
{
  static const struct { const char *path; PostingsPostingState state; const char *reason; } expected[] = {
    { "2024-03-15-a.md", POSTINGS_POSTING_OPEN, NULL },
    { "2024-03-16-b.md", POSTINGS_POSTING_CLOSED, NULL },
    { "gone.md", POSTINGS_POSTING_UNREADABLE, "nowhere.md" },
    { "link.md", POSTINGS_POSTING_OPEN, NULL },
    { "loop1", POSTINGS_POSTING_UNREADABLE, "already read" },
    { "loop2", POSTINGS_POSTING_UNREADABLE, "already read" },
    { "pipe.md", POSTINGS_POSTING_UNREADABLE, "named pipe" },
    { "self", POSTINGS_POSTING_UNREADABLE, "already read" },
    { "sub/2024-03-17-c.md", POSTINGS_POSTING_CLOSED, NULL },
    { "sub/up", POSTINGS_POSTING_UNREADABLE, "already read" },
  };

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PostingsSiteEntry) e = g_list_model_get_item (model, i);
      g_test_message ("%s: %s %s", postings_site_entry_get_relative_path (e),
                      postings_posting_state_to_string (postings_site_entry_get_state (e)),
                      postings_site_entry_get_reason (e) ? postings_site_entry_get_reason (e) : "");
    }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(PostingsSiteEntry) e = g_list_model_get_item (model, i);

      g_assert_cmpstr (postings_site_entry_get_relative_path (e), ==, expected[i].path);
      g_assert_cmpint (postings_site_entry_get_state (e), ==, expected[i].state);
      if (expected[i].reason == NULL)
        g_assert_null (postings_site_entry_get_reason (e));
      else
        {
          const char *reason = postings_site_entry_get_reason (e);

          g_assert_nonnull (reason);
          g_assert_nonnull (strstr (reason, expected[i].reason));
          /* the reason names the path */
          g_assert_nonnull (strstr (reason, expected[i].path));
          g_assert_true (postings_site_entry_has_problems (e));
        }
    }
}

static void
test_hostile (void)
{
  g_autofree char *jobs = NULL;
  g_autofree char *tmp = make_hostile_site (&jobs);
  g_autoptr(GFile) folder = g_file_new_for_path (jobs);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(PostingsSite) site = postings_site_new (folder, &error);

    g_assert_true (postings_site_load (site, NULL, &error));
    g_assert_no_error (error);
    check_hostile_model (postings_site_get_entries (site));
  }
  {
    g_autoptr(PostingsSite) site = postings_site_new (folder, &error);

    load_async_and_wait (site);
    check_hostile_model (postings_site_get_entries (site));
  }
  remove_tree (tmp);
}

/* The walk itself: each file once, in order, a stop honoured. */
typedef struct
{
  GString *seen;
  guint stop_after;
} WalkRecord;

static gboolean
record_cb (const PostingsWalkItem *item, gpointer user_data)
{
  WalkRecord *r = user_data;

  g_string_append_printf (r->seen, "%s %s|", item->kind == POSTINGS_WALK_POSTING ? "P" : "S",
                          item->display);
  if (item->kind == POSTINGS_WALK_SKIPPED)
    g_assert_nonnull (strstr (item->reason, item->display));
  return r->stop_after == 0 || --r->stop_after > 0;
}

static void
test_walk (void)
{
  g_autofree char *jobs = NULL;
  g_autofree char *tmp = make_hostile_site (&jobs);
  g_autoptr(GFile) folder = g_file_new_for_path (jobs);
  g_autoptr(GError) error = NULL;
  WalkRecord r = { g_string_new (NULL), 0 };

  g_assert_true (postings_walk_folder (folder, "J", NULL, record_cb, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (r.seen->str, ==,
                   "P J/2024-03-15-a.md|P J/2024-03-16-b.md|S J/gone.md|P J/link.md|S J/loop1|S J/loop2|"
                   "S J/pipe.md|S J/self|P J/sub/2024-03-17-c.md|S J/sub/up|");

  g_string_truncate (r.seen, 0);
  r.stop_after = 2;
  g_assert_true (postings_walk_folder (folder, "J", NULL, record_cb, &r, &error));
  g_assert_cmpstr (r.seen->str, ==, "P J/2024-03-15-a.md|P J/2024-03-16-b.md|");

  /* a folder that is not there */
  {
    g_autofree char *missing = g_build_filename (tmp, "missing", NULL);
    g_autoptr(GFile) missing_file = g_file_new_for_path (missing);

    g_assert_false (postings_walk_folder (missing_file, NULL, NULL, record_cb, &r, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, missing));
    g_clear_error (&error);
  }

  /* the name rule */
  g_assert_true (postings_walk_is_posting_name ("x.md", FALSE));
  g_assert_true (postings_walk_is_posting_name ("2022-07-28-UX-mon-entreprise", FALSE));
  g_assert_true (postings_walk_is_posting_name ("offre", TRUE));
  g_assert_false (postings_walk_is_posting_name ("offre", FALSE));
  g_assert_false (postings_walk_is_posting_name ("image.png", TRUE));
  g_assert_false (postings_walk_is_posting_name (".x.md", TRUE));

  /* reading never opens a pipe */
  {
    g_autofree char *fifo = g_build_filename (jobs, "pipe.md", NULL);
    g_autofree char *contents = NULL;
    gsize len;

    g_assert_false (postings_walk_read_file (fifo, NULL, &contents, &len, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
    g_assert_nonnull (strstr (error->message, fifo));
  }

  g_string_free (r.seen, TRUE);
  remove_tree (tmp);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/site/new", test_new);
  g_test_add_func ("/site/corpus/states", test_corpus_states);
  g_test_add_func ("/site/reload", test_reload);
  g_test_add_func ("/site/search/fold", test_fold);
  g_test_add_func ("/site/search/match", test_search);
  g_test_add_func ("/site/search/corpus", test_search_corpus);
  g_test_add_func ("/site/monitor", test_monitor);
  g_test_add_func ("/site/refresh-file", test_refresh_file);
  g_test_add_func ("/site/draft", test_draft);
  g_test_add_func ("/site/hostile-folder", test_hostile);
  g_test_add_func ("/walk/hostile-folder", test_walk);

  return g_test_run ();
}
