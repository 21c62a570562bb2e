/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "postings-i18n.h"

char *
postings_i18n_get_build_dir (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  if (exe == NULL || !g_str_has_prefix (exe, BUILD_ROOT G_DIR_SEPARATOR_S))
    return NULL;
  return g_path_get_dirname (exe);
}

static const char *
find_localedir (void)
{
  g_autofree char *build_dir = postings_i18n_get_build_dir ();
  g_autofree char *build_mo = NULL;

  if (build_dir == NULL)
    return LOCALEDIR;

  /* A built catalogue says the build tree's po/ is usable. */
  build_mo = g_build_filename (BUILD_LOCALEDIR, "fr", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (!g_file_test (build_mo, G_FILE_TEST_IS_REGULAR))
    return LOCALEDIR;
  return BUILD_LOCALEDIR;
}

void
postings_i18n_init (void)
{
  bindtextdomain (GETTEXT_PACKAGE, find_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
