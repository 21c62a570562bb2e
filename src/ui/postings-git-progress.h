/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "postings-git.h"

G_BEGIN_DECLS

/* Shows a git operation's progress in @bar (a fraction, or a pulse while
 * the size is not known) and @label (what is being done, with the objects
 * and bytes). */
void postings_git_progress_show (GtkProgressBar            *bar,
                                 GtkLabel                  *label,
                                 const PostingsGitProgress *progress);

G_END_DECLS
