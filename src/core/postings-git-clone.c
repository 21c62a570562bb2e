/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Get a site: clone a repository into a new folder. */
#include "postings-core-i18n.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "postings-git-private.h"

#if LIBGIT2_VER_MAJOR > 1 || (LIBGIT2_VER_MAJOR == 1 && LIBGIT2_VER_MINOR >= 7)
# define HAVE_SHALLOW_CLONE 1
#endif

static int
checkout_notify_cb (git_checkout_notify_t     why,
                    const char               *path,
                    const git_diff_file      *baseline,
                    const git_diff_file      *target,
                    const git_diff_file      *workdir,
                    void                     *payload)
{
  PostingsGitOp *op = payload;

  if (g_cancellable_is_cancelled (op->cancellable))
    {
      op->cancelled = TRUE;
      return GIT_EUSER;
    }
  return 0;
}

/* The folder must not exist, or be an empty folder. */
static gboolean
check_folder (const char  *folder,
              GError     **error)
{
  g_autoptr(GDir) dir = NULL;

  if (!g_file_test (folder, G_FILE_TEST_EXISTS))
    return TRUE;
  if (g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      dir = g_dir_open (folder, 0, NULL);
      if (dir != NULL && g_dir_read_name (dir) == NULL)
        return TRUE;
    }
  g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_FOLDER_NOT_EMPTY,
               _("%s already exists and is not empty: choose another folder for the site."),
               folder);
  return FALSE;
}

gpointer
_postings_git_clone_run (PostingsGitOp  *op,
                         gpointer        data,
                         GError        **error)
{
  const char *url = data;
  g_autofree char *clean = NULL;
  g_autofree char *parent = NULL;
  git_clone_options options = GIT_CLONE_OPTIONS_INIT;
  git_repository *repo = NULL;
  int code;

  clean = postings_git_url_strip_credentials (url, &op->url_username, &op->url_password);
  if (!check_folder (op->folder, error))
    return NULL;

  parent = g_path_get_dirname (op->folder);
  if (g_mkdir_with_parents (parent, 0777) < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder %s: %s"), parent, g_strerror (saved));
      return NULL;
    }

  _postings_git_op_begin_remote (op, clean);
  _postings_git_op_init_callbacks (op, &options.fetch_opts.callbacks);
  options.checkout_opts.progress_cb = _postings_git_checkout_progress_cb;
  options.checkout_opts.progress_payload = op;
  options.checkout_opts.notify_flags = GIT_CHECKOUT_NOTIFY_UPDATED;
  options.checkout_opts.notify_cb = checkout_notify_cb;
  options.checkout_opts.notify_payload = op;
#ifdef HAVE_SHALLOW_CLONE
  options.fetch_opts.depth = 1;
#endif

  _postings_git_op_stage (op, POSTINGS_GIT_STAGE_CONNECTING);
  /* On failure libgit2 removes what it wrote (and the folder if it made it). */
  code = git_clone (&repo, clean, op->folder, &options);
  if (code < 0)
    {
      _postings_git_op_set_error (op, code, error);
      return NULL;
    }

  git_repository_free (repo);
  _postings_git_op_succeeded (op);
  return GINT_TO_POINTER (TRUE);
}
