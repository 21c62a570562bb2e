/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The git family's pure functions: remote addresses, pull-request pages,
 * branch names, commit messages (in English and French). */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "postings-git.h"

static void
test_parse_remote_url (void)
{
  struct {
    const char *url;
    const char *host, *owner, *name;
  } cases[] = {
    { "https://github.com/betagouv/beta.gouv.fr", "github.com", "betagouv", "beta.gouv.fr" },
    { "https://github.com/betagouv/beta.gouv.fr.git", "github.com", "betagouv", "beta.gouv.fr" },
    { "https://github.com/betagouv/beta.gouv.fr/", "github.com", "betagouv", "beta.gouv.fr" },
    { "https://camille:ghp_x@github.com/betagouv/site.git", "github.com", "betagouv", "site" },
    { "git@github.com:betagouv/beta.gouv.fr.git", "github.com", "betagouv", "beta.gouv.fr" },
    { "ssh://git@github.com/betagouv/beta.gouv.fr", "github.com", "betagouv", "beta.gouv.fr" },
    { "ssh://git@gitlab.example.org:2222/incubateur/sites/jobs.git", "gitlab.example.org",
      "incubateur/sites", "jobs" },
    { "http://127.0.0.1:8080/site.git", NULL, NULL, NULL },  /* no owner */
    { "/srv/git/site.git", NULL, NULL, NULL },
    { "file:///srv/git/site.git", NULL, NULL, NULL },
    { "C:/site", NULL, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *host = NULL, *owner = NULL, *name = NULL;
      gboolean ok = postings_git_parse_remote_url (cases[i].url, &host, &owner, &name);

      g_test_message ("%s", cases[i].url);
      g_assert_cmpint (ok, ==, cases[i].host != NULL);
      g_assert_cmpstr (host, ==, cases[i].host);
      g_assert_cmpstr (owner, ==, cases[i].owner);
      g_assert_cmpstr (name, ==, cases[i].name);
    }
}

static void
test_strip_credentials (void)
{
  g_autofree char *user = NULL, *password = NULL, *no_user = NULL;
  g_autofree char *clean = postings_git_url_strip_credentials ("https://camille:ghp%2Fx@github.com/o/r.git",
                                                               &user, &password);
  g_autofree char *scp = postings_git_url_strip_credentials ("git@github.com:o/r.git", NULL, NULL);
  g_autofree char *plain = postings_git_url_strip_credentials ("https://github.com/o/r", &no_user, NULL);

  g_assert_cmpstr (clean, ==, "https://github.com/o/r.git");
  g_assert_cmpstr (password, ==, "ghp/x");
  /* The SSH user is part of the address. */
  g_assert_cmpstr (scp, ==, "git@github.com:o/r.git");
  g_assert_cmpstr (plain, ==, "https://github.com/o/r");
  g_assert_cmpstr (user, ==, "camille");
  g_assert_null (no_user);
}

static void
test_pull_request_url (void)
{
  g_autofree char *github = postings_git_pull_request_url ("git@github.com:betagouv/beta.gouv.fr.git", NULL,
                                                           "main", "postings/2026-03-01-charge.e.de.deploiement",
                                                           "Ajoute l’offre « Chargé·e »", "Une ligne\n& deux");
  g_autofree char *fork = postings_git_pull_request_url ("https://github.com/betagouv/beta.gouv.fr",
                                                         "https://github.com/camille/beta.gouv.fr.git",
                                                         "master", "postings/x", "T", "");
  g_autofree char *renamed = postings_git_pull_request_url ("https://github.com/betagouv/beta.gouv.fr",
                                                            "https://github.com/camille/site",
                                                            "main", "postings/x", "T", "");
  g_autofree char *gitlab = postings_git_pull_request_url ("https://gitlab.com/incubateur/jobs.git", NULL,
                                                           "main", "postings/x", "Titre", "Corps");
  g_autofree char *other = postings_git_pull_request_url ("https://git.example.org/o/r.git", NULL,
                                                          "main", "postings/x", "T", "");
  g_autofree char *local = postings_git_pull_request_url ("/srv/site.git", NULL, "main", "x", "T", "");

  g_assert_cmpstr (github, ==,
                   "https://github.com/betagouv/beta.gouv.fr/compare/main...postings/2026-03-01-charge.e.de.deploiement"
                   "?quick_pull=1&title=Ajoute%20l%E2%80%99offre%20%C2%AB%20Charg%C3%A9%C2%B7e%20%C2%BB"
                   "&body=Une%20ligne%0A%26%20deux");
  g_assert_cmpstr (fork, ==,
                   "https://github.com/betagouv/beta.gouv.fr/compare/master...camille:postings/x?quick_pull=1&title=T&body=");
  g_assert_cmpstr (renamed, ==,
                   "https://github.com/betagouv/beta.gouv.fr/compare/main...camille:site:postings/x?quick_pull=1&title=T&body=");
  g_assert_cmpstr (gitlab, ==,
                   "https://gitlab.com/incubateur/jobs/-/merge_requests/new"
                   "?merge_request[source_branch]=postings%2Fx&merge_request[target_branch]=main"
                   "&merge_request[title]=Titre&merge_request[description]=Corps");
  g_assert_null (other);
  g_assert_null (local);
}

static void
test_fork_page (void)
{
  g_autofree char *github = postings_git_fork_page_url ("git@github.com:betagouv/beta.gouv.fr.git");
  g_autofree char *gitlab = postings_git_fork_page_url ("https://gitlab.example.org/incubateur/jobs");
  g_autofree char *other = postings_git_fork_page_url ("https://git.example.org/o/r.git");

  g_assert_cmpstr (github, ==, "https://github.com/betagouv/beta.gouv.fr/fork");
  g_assert_cmpstr (gitlab, ==, "https://gitlab.example.org/incubateur/jobs/-/forks/new");
  g_assert_null (other);
}

static void
test_branch_name (void)
{
  const char *one[] = { "content/_jobs/2026-03-01-charge.e.de.deploiement.md", NULL };
  const char *odd[] = { "content/_jobs/..Chargé e [stage]~^:.lock.md", NULL };
  const char *several[] = { "content/_jobs/2022-07-28-UX-mon-entreprise", "b.md", "c.md", NULL };
  g_autofree char *a = postings_git_branch_name_for_paths (one);
  g_autofree char *b = postings_git_branch_name_for_paths (odd);
  g_autofree char *c = postings_git_branch_name_for_paths (several);

  g_assert_cmpstr (a, ==, "postings/2026-03-01-charge.e.de.deploiement");
  g_assert_cmpstr (b, ==, "postings/Charg-e-stage");
  g_assert_cmpstr (c, ==, "postings/2022-07-28-UX-mon-entreprise-and-2-more");
}

static PostingsGitFileChange *
change_new (const char        *title,
            PostingsGitChange  kind,
            gboolean           closed)
{
  PostingsGitFileChange *change = g_new0 (PostingsGitFileChange, 1);

  change->path = g_strdup ("content/_jobs/x.md");
  change->title = g_strdup (title);
  change->change = kind;
  change->closed = closed;
  return change;
}

static GPtrArray *
changes_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) postings_git_file_change_free);
}

static void
test_commit_message (void)
{
  struct {
    PostingsGitChange kind;
    gboolean closed;
    const char *expected;
  } single[] = {
    { POSTINGS_GIT_NEW, FALSE, "Add the offer “Chargé·e de déploiement”" },
    { POSTINGS_GIT_MODIFIED, TRUE, "Close the offer “Chargé·e de déploiement”" },
    { POSTINGS_GIT_MODIFIED, FALSE, "Update the offer “Chargé·e de déploiement”" },
    { POSTINGS_GIT_DELETED, FALSE, "Remove the offer “Chargé·e de déploiement”" },
  };
  g_autoptr(GPtrArray) same = changes_new ();
  g_autofree char *same_message = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (single); i++)
    {
      g_autoptr(GPtrArray) changes = changes_new ();
      g_autofree char *message = NULL;

      g_ptr_array_add (changes, change_new ("Chargé·e de déploiement", single[i].kind, single[i].closed));
      message = postings_git_commit_message (changes);
      g_assert_cmpstr (message, ==, single[i].expected);
    }

  g_ptr_array_add (same, change_new ("Un", POSTINGS_GIT_NEW, FALSE));
  g_ptr_array_add (same, change_new ("Deux", POSTINGS_GIT_NEW, FALSE));
  same_message = postings_git_commit_message (same);
  g_assert_cmpstr (same_message, ==, "Add 2 offers\n\n- Add the offer “Un”\n- Add the offer “Deux”");
}

/* In French, as the site's history is written: the build tree's catalogue. */
static void
test_commit_message_french (void)
{
  g_autofree char *podir = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  g_autofree char *mo = g_build_filename (podir, "fr", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  g_autoptr(GPtrArray) one = changes_new ();
  g_autoptr(GPtrArray) several = changes_new ();
  g_autofree char *closed = NULL, *mixed = NULL;

  if (!g_file_test (mo, G_FILE_TEST_EXISTS) || setlocale (LC_ALL, "C.UTF-8") == NULL)
    {
      g_test_skip ("no French catalogue in the build tree, or no C.UTF-8 locale");
      return;
    }
  bindtextdomain (GETTEXT_PACKAGE, podir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_setenv ("LANGUAGE", "fr", TRUE);

  g_ptr_array_add (one, change_new ("Chargé·e de déploiement", POSTINGS_GIT_MODIFIED, TRUE));
  closed = postings_git_commit_message (one);
  g_ptr_array_add (several, change_new ("Chargé·e de déploiement", POSTINGS_GIT_NEW, FALSE));
  g_ptr_array_add (several, change_new ("Développeur·se", POSTINGS_GIT_MODIFIED, FALSE));
  mixed = postings_git_commit_message (several);

  g_setenv ("LANGUAGE", "C", TRUE);
  /* (\u00a0: the no-break spaces of French typography.) */
  g_assert_cmpstr (closed, ==, "Ferme l’offre «\u00a0Chargé·e de déploiement\u00a0»");
  g_assert_cmpstr (mixed, ==,
                   "Modifie 2 offres\n\n"
                   "- Ajoute l’offre «\u00a0Chargé·e de déploiement\u00a0»\n"
                   "- Modifie l’offre «\u00a0Développeur·se\u00a0»");
}

static void
test_default_clone_folder (void)
{
  g_autoptr(GFile) github = postings_git_default_clone_folder ("https://github.com/betagouv/beta.gouv.fr.git");
  g_autoptr(GFile) local = postings_git_default_clone_folder ("/srv/git/site.git/");
  g_autofree char *github_name = g_file_get_basename (github);
  g_autofree char *local_name = g_file_get_basename (local);
  g_autoptr(GFile) parent = g_file_get_parent (github);
  g_autofree char *parent_name = g_file_get_basename (parent);

  g_assert_cmpstr (github_name, ==, "beta.gouv.fr");
  g_assert_cmpstr (local_name, ==, "site");
  g_assert_cmpstr (parent_name, ==, "Postings");

  /* SSH addresses, as Get a Site takes them. */
  {
    g_autoptr(GFile) scp = postings_git_default_clone_folder ("git@github.com:betagouv/beta.gouv.fr.git");
    g_autoptr(GFile) ssh = postings_git_default_clone_folder ("ssh://git@gitlab.example.org:2222/incubateur/sites/jobs.git");
    g_autofree char *scp_name = g_file_get_basename (scp);
    g_autofree char *ssh_name = g_file_get_basename (ssh);

    g_assert_cmpstr (scp_name, ==, "beta.gouv.fr");
    g_assert_cmpstr (ssh_name, ==, "jobs");
  }
}

static void
test_is_ssh (void)
{
  g_assert_true (postings_git_url_is_ssh ("git@github.com:betagouv/beta.gouv.fr.git"));
  g_assert_true (postings_git_url_is_ssh ("ssh://git@gitlab.example.org:2222/incubateur/jobs.git"));
  g_assert_true (postings_git_url_is_ssh ("SSH://git@github.com/o/r"));
  g_assert_true (postings_git_url_is_ssh ("git+ssh://git@github.com/o/r"));
  g_assert_true (postings_git_url_is_ssh (" github.com:o/r"));
  g_assert_false (postings_git_url_is_ssh ("https://github.com/betagouv/beta.gouv.fr"));
  g_assert_false (postings_git_url_is_ssh ("http://127.0.0.1:8080/site.git"));
  g_assert_false (postings_git_url_is_ssh ("file:///srv/git/site.git"));
  g_assert_false (postings_git_url_is_ssh ("/srv/git/site.git"));
  g_assert_false (postings_git_url_is_ssh ("./a:b"));
  g_assert_false (postings_git_url_is_ssh ("C:/site"));
  g_assert_false (postings_git_url_is_ssh (""));
}

static void
test_ssh_agent_available (void)
{
  g_setenv ("SSH_AUTH_SOCK", "/run/user/1000/ssh-agent.socket", TRUE);
  g_assert_true (postings_git_ssh_agent_available ());
  g_setenv ("SSH_AUTH_SOCK", "", TRUE);
  g_assert_false (postings_git_ssh_agent_available ());
  g_unsetenv ("SSH_AUTH_SOCK");
  g_assert_false (postings_git_ssh_agent_available ());
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/git-url/parse", test_parse_remote_url);
  g_test_add_func ("/git-url/strip-credentials", test_strip_credentials);
  g_test_add_func ("/git-url/pull-request", test_pull_request_url);
  g_test_add_func ("/git-url/fork-page", test_fork_page);
  g_test_add_func ("/git-url/branch-name", test_branch_name);
  g_test_add_func ("/git-message/english", test_commit_message);
  g_test_add_func ("/git-message/french", test_commit_message_french);
  g_test_add_func ("/git-url/clone-folder", test_default_clone_folder);
  g_test_add_func ("/git-url/is-ssh", test_is_ssh);
  g_test_add_func ("/git-url/ssh-agent-available", test_ssh_agent_available);

  return g_test_run ();
}
