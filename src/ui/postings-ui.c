/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "postings-application.h"
#include "postings-timing.h"
#include "postings-ui.h"

int
postings_ui_run (int    argc,
                 char **argv)
{
  g_autoptr(PostingsApplication) app = NULL;

  postings_timing_set_start_time (g_get_monotonic_time ());

  /* One instance per session: `postings FILE` while Postings runs opens
   * the file there. POSTINGS_NON_UNIQUE=1 (tests, screenshots) opts out. */
  app = postings_application_new (g_strcmp0 (g_getenv ("POSTINGS_NON_UNIQUE"), "1") == 0
                                  ? G_APPLICATION_NON_UNIQUE
                                  : G_APPLICATION_DEFAULT_FLAGS);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
