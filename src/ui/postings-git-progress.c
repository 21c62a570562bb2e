/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "postings-git-progress.h"

void
postings_git_progress_show (GtkProgressBar            *bar,
                            GtkLabel                  *label,
                            const PostingsGitProgress *progress)
{
  g_autofree char *text = postings_git_progress_describe (progress);
  double fraction = postings_git_progress_get_fraction (progress);

  if (fraction < 0)
    gtk_progress_bar_pulse (bar);
  else
    gtk_progress_bar_set_fraction (bar, fraction);
  gtk_label_set_text (label, text);
}
