/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * HTML → Markdown of a 100 KB paste: the Word clipboard fixture's fragment
 * repeated to 100 KB inside one document (styles, mso- markup, lists,
 * tables), decoded from the clipboard's bytes and converted. Prints the
 * best and median of 20 runs. Run with `meson test --benchmark`.
 */
#include "config.h"

#include <string.h>

#include "postings-core.h"

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int argc, char *argv[])
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data", "html",
                                            "word-windows-clipboard.html", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) paste = g_string_new (NULL);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  const char *start, *end;
  gsize fragment_len, blocks = 0;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    {
      g_printerr ("bench-html: %s\n", error->message);
      return 1;
    }
  start = strstr (contents, "<!--StartFragment-->");
  end = strstr (contents, "<!--EndFragment-->");
  g_assert_true (start != NULL && end != NULL && start < end);
  fragment_len = (gsize) (end - start);

  g_string_append_len (paste, contents, start - contents);
  while (paste->len < 100 * 1024)
    g_string_append_len (paste, start, (gssize) fragment_len);
  g_string_append (paste, end);

  for (guint i = 0; i < 20; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autofree char *html = postings_html_from_clipboard ((const guint8 *) paste->str, paste->len);
      g_autofree char *markdown = postings_html_to_markdown (html, -1, NULL, NULL);
      double ms = (g_get_monotonic_time () - t0) / 1000.0;

      g_array_append_val (times, ms);
      if (i == 0)
        for (const char *p = markdown; (p = strstr (p, "\n\n")) != NULL; p += 2)
          blocks++;
    }
  g_array_sort (times, compare_double);
  g_print ("HTML → Markdown of a %zu-byte Word paste (%zu blocks): best %.2f ms, median %.2f ms (20 runs)\n",
           paste->len, blocks + 1, g_array_index (times, double, 0), g_array_index (times, double, times->len / 2));
  return 0;
}
