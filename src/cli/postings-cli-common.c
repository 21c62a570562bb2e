/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "postings-cli-common.h"
#include "postings-i18n.h"

PostingsSchema *
postings_cli_load_schema (GFile *file)
{
  g_autoptr(GError) error = NULL;
  PostingsSchema *schema = postings_schema_load_for_file (file, NULL, &error);

  if (schema == NULL)
    {
      g_printerr ("postings: %s\n", error->message);
      return g_object_ref (postings_schema_get_default ());
    }
  return schema;
}

void
postings_cli_append_json_string (GString    *out,
                                 const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s; *p; p++)
    {
      guchar c = (guchar) *p;
      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

char *
postings_cli_find_program (const char *name)
{
  g_autofree char *dir = postings_i18n_get_build_dir ();

  if (dir != NULL)
    return g_build_filename (dir, name, NULL);
  return g_build_filename (LIBEXECDIR, name, NULL);
}

gboolean
postings_cli_ask_git_is_tracked (GFile *file)
{
  g_autofree char *program = postings_cli_find_program ("postings-git");
  g_autofree char *path = g_file_get_path (file);
  const char *argv[] = { program, "--is-tracked", path, NULL };
  int wait_status;

  if (path == NULL)
    return FALSE;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &wait_status, NULL))
    return FALSE;
  return g_spawn_check_wait_status (wait_status, NULL);
}
