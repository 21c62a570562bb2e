/* SPDX-License-Identifier: GPL-3.0-or-later */
/* postings publish [--message TEXT] [--branch NAME] [--direct] [--fork URL] FILE…
 * postings update [PATH]
 *
 * The app's git code path, for scripts and tests: publish commits exactly
 * the given files on top of the site's default branch (never touching the
 * working copy, the index or the current branch), pushes the commit on a new
 * branch and checks that the server has it; update fetches and
 * fast-forwards, keeping every local change. Credentials: the environment
 * (POSTINGS_GIT_USERNAME, POSTINGS_GIT_TOKEN), the keyring, the SSH agent;
 * never the command line. */
#include "config.h"

#include <glib/gi18n.h>

#include "postings-cli-common.h"
#include "postings-git.h"

G_GNUC_PRINTF (2, 3)
static int
usage_error (const char *command,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("postings %s: %s\n", command, message);
  g_printerr (_("Run “postings %s --help” to see how to use it.\n"), command);
  return POSTINGS_EXIT_USAGE;
}

/* 1 when the server or the site refused (the user can act on it), 2 for
 * everything else (network, files, usage). */
static int
status_for_error (const GError *error)
{
  if (error->domain != POSTINGS_GIT_ERROR)
    return POSTINGS_EXIT_USAGE;

  switch ((PostingsGitError) error->code)
    {
    case POSTINGS_GIT_ERROR_AUTH:
    case POSTINGS_GIT_ERROR_NO_RIGHTS:
    case POSTINGS_GIT_ERROR_REJECTED:
    case POSTINGS_GIT_ERROR_NOT_FAST_FORWARD:
    case POSTINGS_GIT_ERROR_NOT_VERIFIED:
    case POSTINGS_GIT_ERROR_NO_AUTHOR:
    case POSTINGS_GIT_ERROR_NOTHING_TO_PUBLISH:
    case POSTINGS_GIT_ERROR_OUTDATED:
    case POSTINGS_GIT_ERROR_BRANCH_EXISTS:
    case POSTINGS_GIT_ERROR_DIVERGED:
      return POSTINGS_EXIT_ERRORS;
    case POSTINGS_GIT_ERROR_FAILED:
    case POSTINGS_GIT_ERROR_NOT_A_REPOSITORY:
    case POSTINGS_GIT_ERROR_NO_REMOTE:
    case POSTINGS_GIT_ERROR_NETWORK:
    case POSTINGS_GIT_ERROR_HOST_UNKNOWN:
    case POSTINGS_GIT_ERROR_TIMEOUT:
    case POSTINGS_GIT_ERROR_CERTIFICATE:
    case POSTINGS_GIT_ERROR_HOST_KEY_UNKNOWN:
    case POSTINGS_GIT_ERROR_HOST_KEY_CHANGED:
    case POSTINGS_GIT_ERROR_NOT_FOUND:
    case POSTINGS_GIT_ERROR_FOLDER_NOT_EMPTY:
    default:
      return POSTINGS_EXIT_USAGE;
    }
}

static GStrv
copy_args (int         argc,
           char      **argv,
           const char *name)
{
  GStrv args = g_new0 (char *, MAX (argc, 1) + 1);

  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  g_free (args[0]);
  args[0] = g_strdup (name);
  return args;
}

int
postings_cli_publish (int    argc,
                      char **argv)
{
  g_autofree char *message = NULL;
  g_autofree char *branch = NULL;
  g_autofree char *fork_url = NULL;
  gboolean direct = FALSE;
  g_auto(GStrv) args = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GFile) folder = NULL;
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(PostingsGitPublishResult) result = NULL;
  const GOptionEntry entries[] = {
    { "message", 'm', 0, G_OPTION_ARG_FILENAME, &message,
      N_("What changed, for the site’s history (default: made from the postings)"), N_("TEXT") },
    { "branch", 'b', 0, G_OPTION_ARG_FILENAME, &branch,
      N_("Name of the new branch (default: postings/ and the first file’s name)"), N_("NAME") },
    { "direct", 0, 0, G_OPTION_ARG_NONE, &direct,
      N_("Publish on the site’s default branch (fast-forward only), without a pull request"), NULL },
    { "fork", 0, 0, G_OPTION_ARG_FILENAME, &fork_url,
      N_("Push to your own copy of the site at URL (the original becomes “upstream”)"), N_("URL") },
    G_OPTION_ENTRY_NULL
  };

  context = g_option_context_new (_("FILE… — publish postings: one commit, pushed on a new branch"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Commits exactly the given files (deleted ones are removed) on top of the site’s default "
      "branch, without touching your files, the index or the current branch, pushes the commit on "
      "a new branch and checks that the server has it. Prints “branch:”, “remote:”, “commit:” "
      "and, for GitHub and GitLab, “pull-request:” lines. If the push fails, the commit is kept "
      "on its local branch and running the same command again sends it.\n\n"
      "Credentials: POSTINGS_GIT_USERNAME and POSTINGS_GIT_TOKEN, else the keyring, else the SSH "
      "agent.\n\n"
      "Exit status: 0 published, 1 refused (credentials, rights, server hook, nothing to publish), "
      "2 wrong usage, or the network or the repository failed."));

  args = copy_args (argc, argv, "postings publish");
  if (!g_option_context_parse_strv (context, &args, &error))
    return usage_error ("publish", "%s", error->message);

  for (guint i = 1; args[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_commandline_arg (args[i]));
  if (files->len == 0)
    return usage_error ("publish", _("Give the postings to publish, for example content/_jobs/2026-03-01-charge.e.de.deploiement.md."));

  folder = g_file_get_parent (g_ptr_array_index (files, 0));
  repository = postings_git_repository_new (folder);

  if (fork_url != NULL && !postings_git_repository_use_fork (repository, fork_url, &error))
    {
      g_printerr ("postings publish: %s\n", error->message);
      return status_for_error (error);
    }

  result = postings_git_repository_publish (repository, files, message, branch,
                                            direct ? POSTINGS_GIT_PUBLISH_DIRECT : POSTINGS_GIT_PUBLISH_AUTO,
                                            NULL, &error);
  if (result == NULL)
    {
      g_printerr ("postings publish: %s\n", error->message);
      if (g_error_matches (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NO_RIGHTS))
        g_printerr (_("To publish from your own copy of the site, add --fork URL.\n"));
      else if (g_error_matches (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NO_AUTHOR))
        g_printerr (_("Set them with: git config user.name \"Your Name\"; git config user.email you@example.fr\n"));
      return status_for_error (error);
    }

  g_print ("branch: %s\n", result->branch);
  g_print ("remote: %s %s\n", result->remote_name, result->remote_url);
  g_print ("commit: %s\n", result->commit_id);
  if (result->pull_request_url != NULL)
    g_print ("pull-request: %s\n", result->pull_request_url);
  return POSTINGS_EXIT_OK;
}

int
postings_cli_update (int    argc,
                     char **argv)
{
  g_auto(GStrv) args = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(PostingsGitRepository) repository = NULL;
  g_autoptr(PostingsGitUpdateResult) result = NULL;
  guint n_updated, n_kept;
  const GOptionEntry entries[] = {
    G_OPTION_ENTRY_NULL
  };

  context = g_option_context_new (_("[PATH] — get the site’s new changes, keeping yours"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Fetches the site and fast-forwards the copy in PATH (default: the current folder). Never "
      "merges and never overwrites a file you changed: a file changed both here and on the site "
      "is kept as yours and listed on a “kept:” line; the files updated are listed on “updated:” "
      "lines.\n\n"
      "Exit status: 0 updated or already up to date, 1 some files were kept as yours (or your "
      "copy has commits the site does not have), 2 wrong usage, or the network or the "
      "repository failed."));

  args = copy_args (argc, argv, "postings update");
  if (!g_option_context_parse_strv (context, &args, &error))
    return usage_error ("update", "%s", error->message);
  if (args[1] != NULL && args[2] != NULL)
    return usage_error ("update", _("Give one folder at most."));

  folder = args[1] != NULL ? g_file_new_for_commandline_arg (args[1])
                           : g_file_new_for_path (".");
  repository = postings_git_repository_new (folder);
  result = postings_git_repository_update (repository, NULL, &error);
  if (result == NULL)
    {
      g_printerr ("postings update: %s\n", error->message);
      return status_for_error (error);
    }

  if (result->up_to_date)
    {
      g_printerr (_("The site has nothing new.\n"));
      return POSTINGS_EXIT_OK;
    }

  for (guint i = 0; result->updated[i] != NULL; i++)
    g_print ("updated: %s\n", result->updated[i]);
  for (guint i = 0; result->kept[i] != NULL; i++)
    g_print ("kept: %s\n", result->kept[i]);

  n_updated = g_strv_length (result->updated);
  n_kept = g_strv_length (result->kept);
  g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u file updated.\n", "%u files updated.\n", n_updated),
              n_updated);
  if (n_kept > 0)
    {
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "%u file changed both here and on the site was kept as yours: "
                               "compare it with the site’s version.\n",
                               "%u files changed both here and on the site were kept as yours: "
                               "compare them with the site’s versions.\n", n_kept),
                  n_kept);
      return POSTINGS_EXIT_ERRORS;
    }
  return POSTINGS_EXIT_OK;
}
