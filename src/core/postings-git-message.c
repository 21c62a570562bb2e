/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The prefilled commit message, from what changed. */
#include "postings-core-i18n.h"

#include "postings-git-private.h"

typedef enum
{
  KIND_ADD,
  KIND_CLOSE,
  KIND_UPDATE,
  KIND_REMOVE,
} ChangeKind;

static ChangeKind
kind_of (const PostingsGitFileChange *change)
{
  switch (change->change)
    {
    case POSTINGS_GIT_NEW:
      return KIND_ADD;
    case POSTINGS_GIT_DELETED:
      return KIND_REMOVE;
    case POSTINGS_GIT_MODIFIED:
    case POSTINGS_GIT_UNCHANGED:
    default:
      return change->closed ? KIND_CLOSE : KIND_UPDATE;
    }
}

static char *
line_for (const PostingsGitFileChange *change)
{
  const char *title = change->title != NULL ? change->title : change->path;

  switch (kind_of (change))
    {
    case KIND_ADD:
      /* Translators: a commit message; %s is a job title */
      return g_strdup_printf (_("Add the offer “%s”"), title);
    case KIND_CLOSE:
      /* Translators: a commit message: the position is filled; %s is a job title */
      return g_strdup_printf (_("Close the offer “%s”"), title);
    case KIND_REMOVE:
      /* Translators: a commit message; %s is a job title */
      return g_strdup_printf (_("Remove the offer “%s”"), title);
    case KIND_UPDATE:
    default:
      /* Translators: a commit message; %s is a job title */
      return g_strdup_printf (_("Update the offer “%s”"), title);
    }
}

static char *
summary_for (ChangeKind kind,
             gboolean   same_kind,
             guint      n)
{
  if (!same_kind)
    /* Translators: the first line of a commit message changing several offers */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Change %u offer", "Change %u offers", n), n);

  switch (kind)
    {
    case KIND_ADD:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Add %u offer", "Add %u offers", n), n);
    case KIND_CLOSE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Close %u offer", "Close %u offers", n), n);
    case KIND_REMOVE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Remove %u offer", "Remove %u offers", n), n);
    case KIND_UPDATE:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Update %u offer", "Update %u offers", n), n);
    }
}

char *
postings_git_commit_message (GPtrArray *changes)
{
  g_autoptr(GString) message = NULL;
  g_autofree char *summary = NULL;
  gboolean same_kind = TRUE;
  ChangeKind first;

  g_return_val_if_fail (changes != NULL, NULL);

  if (changes->len == 0)
    return g_strdup ("");
  if (changes->len == 1)
    return line_for (g_ptr_array_index (changes, 0));

  first = kind_of (g_ptr_array_index (changes, 0));
  for (guint i = 1; i < changes->len; i++)
    if (kind_of (g_ptr_array_index (changes, i)) != first)
      same_kind = FALSE;

  summary = summary_for (first, same_kind, changes->len);
  message = g_string_new (summary);
  g_string_append_c (message, '\n');
  for (guint i = 0; i < changes->len; i++)
    {
      g_autofree char *line = line_for (g_ptr_array_index (changes, i));

      g_string_append_printf (message, "\n- %s", line);
    }
  return g_string_free (g_steal_pointer (&message), FALSE);
}
