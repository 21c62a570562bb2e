/* SPDX-License-Identifier: GPL-3.0-or-later */
/* For the git tests that link the core (not test-git-cli, which runs the
 * program). */
#pragma once

#include "postings-git.h"

/* A repository object for @folder that never uses the keyring. */
static inline PostingsGitRepository *
git_test_repository_new (const char *folder)
{
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  PostingsGitRepository *repository = postings_git_repository_new (file);

  postings_git_repository_set_use_keyring (repository, FALSE);
  return repository;
}
