/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Git over the loopback smart-HTTP server (tests/git/git-http-server.py) on
 * the 543-posting corpus site: clone, publish one edited posting, update
 * with one change from the site. Prints the median of ROUNDS runs of each.
 * Run with `meson test --benchmark`; exits 77 (skip) without the corpus.
 *
 *   bench-git [ROUNDS]     (default 3)
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "git-test-util.h"
#include "postings-git.h"

#define EXIT_SKIP 77

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (GArray *times)
{
  g_array_sort (times, compare_double);
  return g_array_index (times, double, times->len / 2);
}

static double
now (void)
{
  return g_get_monotonic_time () / (double) G_USEC_PER_SEC;
}

static void
check (gboolean ok, GError *error)
{
  if (!ok)
    g_error ("%s", error ? error->message : "failed");
}

int
main (int argc, char *argv[])
{
  guint rounds = argc > 1 ? (guint) atoi (argv[1]) : 3;
  g_autoptr(GArray) clones = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) publishes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) updates = g_array_new (FALSE, FALSE, sizeof (double));

  if (g_getenv ("POSTINGS_CORPUS_DIR") == NULL ||
      !g_file_test (g_getenv ("POSTINGS_CORPUS_DIR"), G_FILE_TEST_IS_DIR))
    {
      printf ("SKIP: corpus not found\n");
      return EXIT_SKIP;
    }

  git_test_init (&argc, &argv);
  /* Before any thread: the credentials publish and update use. */
  g_setenv ("POSTINGS_GIT_USERNAME", GIT_TEST_USER, TRUE);
  g_setenv ("POSTINGS_GIT_TOKEN", GIT_TEST_TOKEN, TRUE);

  for (guint i = 0; i < rounds; i++)
    {
      g_autoptr(GitTestSite) site = git_test_site_new (FALSE);
      g_autoptr(GitTestServer) server = git_test_server_start (site->srv, 0, NULL);
      g_autofree char *url = git_test_server_url (server, "site.git");
      g_autofree char *dest = g_build_filename (site->dir, "clone", NULL);
      g_autofree char *posting = g_build_filename (dest, GIT_TEST_POSTING_A, NULL);
      g_autofree char *text = NULL, *edited = NULL, *theirs = NULL;
      g_autoptr(GFile) folder = g_file_new_for_path (dest);
      g_autoptr(PostingsGitRepository) repository = postings_git_repository_new (folder);
      g_autoptr(PostingsGitPublishResult) published = NULL;
      g_autoptr(PostingsGitUpdateResult) updated = NULL;
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GError) error = NULL;
      double start;
      char *at;

      postings_git_repository_set_use_keyring (repository, FALSE);

      start = now ();
      check (postings_git_repository_clone (repository, url, NULL, &error), error);
      g_array_append_vals (clones, (double[]) { now () - start }, 1);

      g_free (git_test_git (dest, "config", "user.name", "Camille Martin", NULL));
      g_free (git_test_git (dest, "config", "user.email", "camille@example.fr", NULL));
      text = git_test_read_file (posting);
      at = strstr (text, "open: true");
      g_assert_nonnull (at);
      edited = g_strdup_printf ("%.*sopen: false%s", (int) (at - text), text, at + strlen ("open: true"));
      git_test_write_file (posting, edited);
      g_ptr_array_add (files, g_file_new_for_path (posting));

      start = now ();
      published = postings_git_repository_publish (repository, files, NULL, NULL,
                                                   POSTINGS_GIT_PUBLISH_REVIEW, NULL, &error);
      check (published != NULL, error);
      g_array_append_vals (publishes, (double[]) { now () - start }, 1);

      theirs = g_strconcat (edited, "\nAjouté sur le site.\n", NULL);
      git_test_site_push_change (site, GIT_TEST_POSTING_B, theirs, "Sur le site");
      start = now ();
      updated = postings_git_repository_update (repository, NULL, &error);
      check (updated != NULL, error);
      g_array_append_vals (updates, (double[]) { now () - start }, 1);
      g_assert_cmpuint (g_strv_length (updated->updated), ==, 1);
    }

  printf ("543-posting site over loopback smart HTTP (basic auth), median of %u:\n", rounds);
  printf ("  clone:                 %.3f s\n", median (clones));
  printf ("  publish one posting:   %.3f s (fetch, commit, push, verify)\n", median (publishes));
  printf ("  update (one change):   %.3f s (fetch, fast-forward)\n", median (updates));
  return 0;
}
