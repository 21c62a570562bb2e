/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A posting's web address from the site's _config.yml, what renaming it
 * changes, and `redirect_from`. */
#include "config.h"

#include <git2.h>
#include <glib/gstdio.h>
#include <string.h>

#include "postings-core.h"
#include "postings-git.h"

/* As tests/jekyll/site/_config.yml (beta.gouv.fr's). */
static const char beta_config[] =
  "title: Site\n"
  "url: https://beta.gouv.fr\n"
  "collections_dir: content\n"
  "collections:\n"
  "  jobs:\n"
  "    output: true\n"
  "    permalink: /recrutement/:year/:month/:day/:title.html\n"
  "  startups:\n"
  "    output: true\n"
  "plugins:\n"
  "  - jekyll-feed\n"
  "  - jekyll-redirect-from\n";

static PostingsSiteConfig *
config_new (const char *yml,
            const char *gemfile)
{
  g_autoptr(GError) error = NULL;
  PostingsSiteConfig *config = postings_site_config_new_from_data (yml, gemfile, &error);

  g_assert_no_error (error);
  g_assert_nonnull (config);
  return config;
}

static char *
path_of (const char *yml,
         const char *basename,
         const char *front_matter)
{
  g_autoptr(PostingsSiteConfig) config = config_new (yml, NULL);
  g_autoptr(PostingsDocument) doc = NULL;

  if (front_matter != NULL)
    {
      g_autofree char *text = g_strdup_printf ("---\n%s---\nTexte\n", front_matter);
      doc = postings_document_new_from_data (text, -1);
    }
  return postings_site_config_get_path (config, "jobs", basename, doc);
}

static void
test_collection_permalink (void)
{
  g_autofree char *path = path_of (beta_config, "2022-06-28-designer.md", "date: 2022-06-28T07:27:43.367Z\n");
  g_autofree char *from_name = path_of (beta_config, "2022-06-28-designer.md", NULL);
  g_autofree char *front_date = path_of (beta_config, "2022-06-27-designer.md", "date: 2022-06-28\n");
  g_autofree char *slug = path_of (beta_config, "2022-06-28-designer.md", "slug: Chef de projet\n");
  g_autofree char *accents = path_of (beta_config, "2022-06-28-développeuse.md", NULL);

  g_assert_cmpstr (path, ==, "/recrutement/2022/06/28/designer.html");
  g_assert_cmpstr (from_name, ==, "/recrutement/2022/06/28/designer.html");
  /* The header's date wins over the file name's, as in Jekyll. */
  g_assert_cmpstr (front_date, ==, "/recrutement/2022/06/28/designer.html");
  /* `slug` replaces the file's, slugified ("pretty", case kept). */
  g_assert_cmpstr (slug, ==, "/recrutement/2022/06/28/Chef-de-projet.html");
  g_assert_cmpstr (accents, ==, "/recrutement/2022/06/28/d%C3%A9veloppeuse.html");
}

static void
test_default_permalink (void)
{
  const char *date_style = "collections:\n  jobs:\n    output: true\n";
  const char *pretty = "permalink: pretty\ncollections:\n  jobs:\n    output: true\n";
  const char *custom = "collections:\n  jobs:\n    output: true\n    permalink: /:collection/:name/:slug/\n";
  g_autofree char *a = path_of (date_style, "2022-06-28-designer.md", NULL);
  g_autofree char *b = path_of (pretty, "2022-06-28-designer.md", NULL);
  g_autofree char *c = path_of (custom, "2022-06-28-Designer.md", NULL);
  g_autofree char *none = path_of (NULL, "2022-06-28-designer.md", NULL);

  g_assert_cmpstr (a, ==, "/jobs/2022-06-28-designer.html");
  g_assert_cmpstr (b, ==, "/jobs/2022-06-28-designer/");
  g_assert_cmpstr (c, ==, "/jobs/2022-06-28-designer/designer/");
  /* No _config.yml: the site's usual address for a posting. */
  g_assert_cmpstr (none, ==, "/jobs/designer/");
}

static void
test_no_page (void)
{
  g_autofree char *not_output = path_of ("collections:\n  jobs:\n    permalink: /a/:title/\n", "2022-06-28-a.md", NULL);
  g_autofree char *listed = path_of ("collections: [jobs]\n", "2022-06-28-a.md", NULL);
  g_autofree char *other = path_of ("collections:\n  startups:\n    output: true\n", "2022-06-28-a.md", NULL);

  g_assert_null (not_output);
  g_assert_null (listed);
  g_assert_null (other);
}

static void
test_url (void)
{
  g_autoptr(PostingsSiteConfig) beta = config_new (beta_config, NULL);
  g_autoptr(PostingsSiteConfig) base = config_new ("url: https://example.org/\nbaseurl: /site\n", NULL);
  g_autoptr(PostingsSiteConfig) none = config_new ("title: x\n", NULL);
  g_autofree char *a = postings_site_config_get_url (beta, "/recrutement/x.html");
  g_autofree char *b = postings_site_config_get_url (base, "/jobs/x/");
  g_autofree char *c = postings_site_config_get_url (none, "/jobs/x/");

  g_assert_cmpstr (a, ==, "https://beta.gouv.fr/recrutement/x.html");
  g_assert_cmpstr (b, ==, "https://example.org/site/jobs/x/");
  g_assert_cmpstr (c, ==, "/jobs/x/");
}

static void
test_redirect_from_plugin (void)
{
  g_autoptr(PostingsSiteConfig) plugins = config_new (beta_config, NULL);
  g_autoptr(PostingsSiteConfig) gems = config_new ("gems: [jekyll-redirect-from]\n", NULL);
  g_autoptr(PostingsSiteConfig) gemfile = config_new ("title: x\n",
                                                      "source \"https://rubygems.org\"\n"
                                                      "group :jekyll_plugins do\n"
                                                      "  gem \"jekyll-redirect-from\", \"~> 0.16\"\n"
                                                      "end\n");
  g_autoptr(PostingsSiteConfig) without = config_new ("plugins:\n  - jekyll-feed\n",
                                                      "# gem \"jekyll-redirect-from\"\n");
  g_autoptr(GError) error = NULL;
  PostingsSiteConfig *broken;

  g_assert_true (postings_site_config_has_redirect_from (plugins));
  g_assert_true (postings_site_config_has_redirect_from (gems));
  g_assert_true (postings_site_config_has_redirect_from (gemfile));
  g_assert_false (postings_site_config_has_redirect_from (without));

  broken = postings_site_config_new_from_data ("collections:\n  jobs: [\n", NULL, &error);
  g_assert_null (broken);
  g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_PARSE);
}

/* Lines of @a and @b that differ, and how many lines were added. */
static void
diff_lines (const char *a,
            const char *b,
            int        *changed,
            int        *added)
{
  g_auto(GStrv) la = g_strsplit (a, "\n", -1);
  g_auto(GStrv) lb = g_strsplit (b, "\n", -1);
  guint na = g_strv_length (la), nb = g_strv_length (lb);
  guint i = 0, j = 0;

  *changed = 0;
  *added = (int) nb - (int) na;
  /* Same lines from the start and from the end; what is between changed. */
  while (i < na && i < nb && g_str_equal (la[i], lb[i]))
    i++;
  while (j < na - i && j < nb - i && g_str_equal (la[na - 1 - j], lb[nb - 1 - j]))
    j++;
  *changed = (int) MAX (na - i - j, nb - i - j);
}

static char *
add_redirect (const char *text,
              const char *old_path)
{
  g_autoptr(PostingsDocument) doc = postings_document_new_from_data (text, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_true (postings_document_add_redirect_from (doc, old_path, &error));
  g_assert_no_error (error);
  bytes = postings_document_serialize (doc);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
test_add_redirect_from (void)
{
  const char *plain = "---\ntitle: Designer\ndate: 2022-06-28\nopen: true\n---\nTexte\n";
  const char *single = "---\ntitle: Designer\nredirect_from: /recrutement/a.html\nopen: true\n---\nTexte\n";
  const char *list = "---\ntitle: Designer\nredirect_from:\n  - /a.html\n  - /b.html\nopen: true\n---\nTexte\n";
  g_autofree char *a = add_redirect (plain, "/recrutement/2022/06/27/designer.html");
  g_autofree char *b = add_redirect (single, "/recrutement/b.html");
  g_autofree char *c = add_redirect (list, "/c.html");
  g_autofree char *again = add_redirect (list, "/b.html");
  int changed, added;

  /* One line added, nothing else rewritten. */
  diff_lines (plain, a, &changed, &added);
  g_assert_cmpint (changed, ==, 1);
  g_assert_cmpint (added, ==, 1);
  g_assert_nonnull (strstr (a, "\nredirect_from: /recrutement/2022/06/27/designer.html\n"));
  {
    g_autoptr(PostingsDocument) doc = postings_document_new_from_data (a, -1);
    g_assert_cmpstr (postings_document_get_string (doc, "redirect_from"), ==, "/recrutement/2022/06/27/designer.html");
    g_assert_cmpstr (postings_document_get_string (doc, "title"), ==, "Designer");
  }

  /* A single address becomes a list of both. */
  {
    g_autoptr(PostingsDocument) doc = postings_document_new_from_data (b, -1);
    g_auto(GStrv) items = postings_document_dup_list (doc, "redirect_from");
    const char *expected[] = { "/recrutement/a.html", "/recrutement/b.html", NULL };

    g_assert_cmpstrv (items, expected);
    g_assert_true (g_str_has_prefix (b, "---\ntitle: Designer\nredirect_from:"));
    g_assert_true (g_str_has_suffix (b, "open: true\n---\nTexte\n"));
  }

  /* A list gets one more item: one line added. */
  diff_lines (list, c, &changed, &added);
  g_assert_cmpint (changed, ==, 1);
  g_assert_cmpint (added, ==, 1);
  {
    g_autoptr(PostingsDocument) doc = postings_document_new_from_data (c, -1);
    g_auto(GStrv) items = postings_document_dup_list (doc, "redirect_from");
    const char *expected[] = { "/a.html", "/b.html", "/c.html", NULL };

    g_assert_cmpstrv (items, expected);
  }

  /* Already there: the same bytes. */
  g_assert_cmpstr (again, ==, list);
}

/* A site folder with _config.yml and a posting, in a new temporary folder. */
static char *
make_site (const char *config,
           const char *basename,
           const char *text,
           GFile     **file)
{
  g_autoptr(GError) error = NULL;
  char *root = g_dir_make_tmp ("postings-permalink-XXXXXX", &error);
  g_autofree char *jobs = NULL;
  g_autofree char *path = NULL;
  g_autofree char *config_path = NULL;

  g_assert_no_error (error);
  jobs = g_build_filename (root, "content", "_jobs", NULL);
  g_assert_cmpint (g_mkdir_with_parents (jobs, 0700), ==, 0);
  config_path = g_build_filename (root, "_config.yml", NULL);
  g_assert_true (g_file_set_contents (config_path, config, -1, &error));
  path = g_build_filename (jobs, basename, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  *file = g_file_new_for_path (path);
  return root;
}

static void
remove_tree (const char *path)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", path);

  g_assert_true (g_str_has_prefix (path, g_get_tmp_dir ()));
  g_assert_cmpint (system (command), ==, 0);
}

static void
test_address_change (void)
{
  const char *text = "---\ntitle: Designer\ndate: 2022-06-28\n---\nTexte\n";
  g_autoptr(GFile) file = NULL;
  g_autofree char *root = make_site (beta_config, "2022-06-27-designer.md", text, &file);
  g_autoptr(GFile) root_file = g_file_new_for_path (root);
  g_autoptr(PostingsDocument) doc = postings_document_new_from_data (text, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsAddressChange) same = NULL;
  g_autoptr(PostingsAddressChange) change = NULL;

  /* The date in the name alone: the address (from `date`) stays. */
  same = postings_address_change_new (root_file, file, "2022-06-28-designer.md", doc, &error);
  g_assert_no_error (error);
  g_assert_null (same);

  /* Another slug: another address, and the plugin keeps the old one. */
  change = postings_address_change_new (root_file, file, "2022-06-28-designer-ux.md", doc, &error);
  g_assert_no_error (error);
  g_assert_nonnull (change);
  g_assert_cmpstr (change->old_url, ==, "https://beta.gouv.fr/recrutement/2022/06/28/designer.html");
  g_assert_cmpstr (change->new_url, ==, "https://beta.gouv.fr/recrutement/2022/06/28/designer-ux.html");
  g_assert_cmpstr (change->old_path, ==, "/recrutement/2022/06/28/designer.html");
  g_assert_true (change->can_redirect);

  /* A _config.yml that does not read: said, with its path. */
  {
    g_autofree char *config = g_build_filename (root, "_config.yml", NULL);
    g_autoptr(PostingsAddressChange) none = NULL;

    g_assert_true (g_file_set_contents (config, "collections: [\n", -1, NULL));
    none = postings_address_change_new (root_file, file, "2022-06-28-designer-ux.md", doc, &error);
    g_assert_null (none);
    g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_PARSE);
    g_assert_nonnull (strstr (error->message, "_config.yml"));
  }

  remove_tree (root);
}

static void
test_published (void)
{
  const char *text = "---\ntitle: Designer\ndate: 2030-06-28\n---\nTexte\n";
  g_autoptr(GFile) file = NULL;
  g_autofree char *root = make_site (beta_config, "2030-06-28-designer.md", text, &file);
  g_autoptr(PostingsDocument) doc = postings_document_new_from_data (text, -1);
  git_repository *repo = NULL;
  git_index *index = NULL;

  /* Dated later than today and not in git: not published. */
  g_setenv ("POSTINGS_TODAY", "2026-01-10", TRUE);
  g_assert_false (postings_posting_is_published (file, doc));
  /* Its day is past. */
  g_setenv ("POSTINGS_TODAY", "2030-06-29", TRUE);
  g_assert_true (postings_posting_is_published (file, doc));
  g_setenv ("POSTINGS_TODAY", "2026-01-10", TRUE);

  /* In the site's git repository, as the git part says. */
  postings_posting_set_tracked_func (postings_git_is_tracked);
  git_libgit2_init ();
  g_assert_cmpint (git_repository_init (&repo, root, 0), ==, 0);
  g_assert_false (postings_posting_is_published (file, doc));
  g_assert_cmpint (git_repository_index (&index, repo), ==, 0);
  g_assert_cmpint (git_index_add_bypath (index, "content/_jobs/2030-06-28-designer.md"), ==, 0);
  g_assert_cmpint (git_index_write (index), ==, 0);
  git_index_free (index);
  git_repository_free (repo);
  g_assert_true (postings_posting_is_published (file, doc));
  /* Without it, only the date counts. */
  postings_posting_set_tracked_func (NULL);
  g_assert_false (postings_posting_is_published (file, doc));

  g_unsetenv ("POSTINGS_TODAY");
  git_libgit2_shutdown ();
  remove_tree (root);
}

/* Every posting of the corpus has an address under the site's template:
 * one of its own, dated as the posting. */
static void
test_corpus (void)
{
  const char *corpus = g_getenv ("POSTINGS_CORPUS_DIR");
  g_autofree char *jobs = corpus != NULL ? g_build_filename (corpus, "jobs", NULL) : NULL;
  g_autoptr(PostingsSiteConfig) config = config_new (beta_config, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n = 0;

  if (jobs == NULL || !g_file_test (jobs, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no corpus");
      return;
    }
  dir = g_dir_open (jobs, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (jobs, name, NULL);
      g_autofree char *text = NULL;
      g_autoptr(PostingsDocument) doc = NULL;
      g_autofree char *address = NULL;
      GDate day;

      if (!g_str_has_suffix (name, ".md") || !g_file_get_contents (path, &text, NULL, NULL))
        continue;
      doc = postings_document_new_from_data (text, -1);
      address = postings_site_config_get_path (config, "jobs", name, doc);
      g_assert_nonnull (address);
      g_assert_true (g_str_has_prefix (address, "/recrutement/"));
      g_assert_true (g_str_has_suffix (address, ".html"));
      g_assert_null (strstr (address, "//"));
      g_date_clear (&day, 1);
      if (postings_posting_get_date (doc, name, &day))
        {
          g_autofree char *prefix = g_strdup_printf ("/recrutement/%04u/%02u/%02u/", g_date_get_year (&day),
                                                     g_date_get_month (&day), g_date_get_day (&day));
          g_assert_true (g_str_has_prefix (address, prefix));
        }
      g_hash_table_add (seen, g_steal_pointer (&address));
      n++;
    }
  g_assert_cmpuint (n, >, 500);
  g_test_message ("%u postings, %u addresses", n, g_hash_table_size (seen));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/permalink/collection", test_collection_permalink);
  g_test_add_func ("/permalink/default", test_default_permalink);
  g_test_add_func ("/permalink/no-page", test_no_page);
  g_test_add_func ("/permalink/url", test_url);
  g_test_add_func ("/permalink/redirect-from-plugin", test_redirect_from_plugin);
  g_test_add_func ("/permalink/add-redirect-from", test_add_redirect_from);
  g_test_add_func ("/permalink/address-change", test_address_change);
  g_test_add_func ("/permalink/published", test_published);
  g_test_add_func ("/permalink/corpus", test_corpus);

  return g_test_run ();
}
