/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "postings-cli-common.h"

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
