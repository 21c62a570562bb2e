/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "postings-cli-common.h"

#define EXPORT_USAGE N_("Usage: postings export [--format html|text] [-o OUTPUT] FILE\n")

/* Prints @message (owned, nullable) and the usage line. */
static int
usage_error (char *message)
{
  if (message != NULL)
    g_printerr ("%s\n", message);
  g_free (message);
  g_printerr ("%s", _(EXPORT_USAGE));
  return POSTINGS_EXIT_USAGE;
}

int
postings_cli_export (int    argc,
                     char **argv)
{
  const char *format = "html";
  const char *path = NULL;
  const char *output = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) out_file = NULL;
  g_autoptr(GFile) root = NULL;
  g_autoptr(PostingsDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *result = NULL;
  gsize len;

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          printf ("%s", _(EXPORT_USAGE));
          printf ("%s", _("Writes the posting as the site shows it, header included:\n"
                          "  html  a standalone page (inline style, images embedded)\n"
                          "  text  plain text for a job board’s text field\n"
                          "on standard output, or in OUTPUT with -o.\n"));
          return POSTINGS_EXIT_OK;
        }
      else if (g_str_equal (arg, "--format") || g_str_equal (arg, "-f"))
        {
          if (i + 1 >= argc)
            return usage_error (g_strdup_printf (_("postings export: %s needs html or text"), arg));
          format = argv[++i];
        }
      else if (g_str_has_prefix (arg, "--format="))
        format = arg + strlen ("--format=");
      else if (g_str_equal (arg, "--output") || g_str_equal (arg, "-o"))
        {
          if (i + 1 >= argc)
            return usage_error (g_strdup_printf (_("postings export: %s needs a file name"), arg));
          output = argv[++i];
        }
      else if (g_str_has_prefix (arg, "--output="))
        output = arg + strlen ("--output=");
      else if (path == NULL && (arg[0] != '-' || arg[1] == '\0'))
        path = arg;
      else
        return usage_error (g_strdup_printf (_("postings export: unexpected argument “%s”"), arg));
    }

  if (!g_str_equal (format, "html") && !g_str_equal (format, "text"))
    return usage_error (g_strdup_printf (_("postings export: unknown format “%s” (html or text)"), format));
  if (path == NULL)
    return usage_error (NULL);

  file = g_file_new_for_commandline_arg (path);
  if (output != NULL)
    {
      out_file = g_file_new_for_commandline_arg (output);
      if (g_file_equal (file, out_file))
        {
          g_printerr (_("postings export: %s: the output would replace the posting itself\n"), path);
          return POSTINGS_EXIT_USAGE;
        }
    }

  if (!g_file_load_contents (file, NULL, &contents, &len, NULL, &error))
    {
      g_printerr ("postings export: %s: %s\n", path, error->message);
      return POSTINGS_EXIT_USAGE;
    }

  doc = postings_document_new_from_data (contents, (gssize) len);
  root = postings_repository_find_root (file);

  if (g_str_equal (format, "html"))
    result = postings_export_html (doc, file, root, POSTINGS_EXPORT_HTML_PAGE);
  else
    result = postings_export_text (doc, file);

  if (out_file == NULL)
    {
      if (fwrite (result, 1, strlen (result), stdout) != strlen (result) || fflush (stdout) != 0)
        {
          g_printerr (_("postings export: cannot write to standard output\n"));
          return POSTINGS_EXIT_USAGE;
        }
      return POSTINGS_EXIT_OK;
    }

  if (!g_file_replace_contents (out_file, result, strlen (result), NULL, FALSE,
                                G_FILE_CREATE_NONE, NULL, NULL, &error))
    {
      g_printerr ("postings export: %s: %s\n", output, error->message);
      return POSTINGS_EXIT_USAGE;
    }

  return POSTINGS_EXIT_OK;
}
