/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The block outline of postings as the preview model shows them, in the
 * shape kramdown-outline.rb prints for the site's renderer:
 *
 *   preview-outline [--commonmark] FILE...
 *
 * prints { "FILE": { "body_line": N, "outline": [[TEXT, LINE], ...] }, ... }
 * where TEXT is postings_preview_block_dup_outline() of each block and LINE
 * its first line in the file. Exit status 2 when a file cannot be read.
 * --commonmark reads the bodies as plain CommonMark (cmark alone), to see
 * how far that is from the site.
 */
#include "config.h"

#include <stdio.h>

#include "postings-core.h"

static void
print_json_string (GString    *out,
                   const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GString) out = g_string_new ("{");
  PostingsPreviewDialect dialect = POSTINGS_PREVIEW_DIALECT_SITE;
  int first = 1;

  if (argc > 1 && g_str_equal (argv[1], "--commonmark"))
    {
      dialect = POSTINGS_PREVIEW_DIALECT_COMMONMARK;
      first = 2;
    }

  for (int i = first; i < argc; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(PostingsDocument) document = postings_document_new_for_file (file, NULL, &error);
      g_autoptr(PostingsPreviewModel) model = NULL;

      if (document == NULL)
        {
          g_printerr ("preview-outline: cannot read %s: %s\n", argv[i], error->message);
          return 2;
        }

      {
        gsize len;
        const char *text = postings_document_get_text (document, &len);
        PostingsSpan span = postings_document_get_body_span (document);

        model = postings_preview_model_new_with_dialect (text + span.start, span.end - span.start,
                                                         postings_document_get_body_line (document),
                                                         dialect);
      }
      if (i > first)
        g_string_append_c (out, ',');
      print_json_string (out, argv[i]);
      g_string_append_printf (out, ":{\"body_line\":%u,\"outline\":[",
                              postings_document_get_body_line (document));
      for (guint j = 0; j < postings_preview_model_get_n_blocks (model); j++)
        {
          const PostingsPreviewBlock *block = postings_preview_model_get_block (model, j);
          g_autofree char *text = postings_preview_block_dup_outline (block);

          g_string_append (out, j > 0 ? ",[" : "[");
          print_json_string (out, text);
          g_string_append_printf (out, ",%u]", block->start_line);
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "}\n");

  fwrite (out->str, 1, out->len, stdout);
  return 0;
}
