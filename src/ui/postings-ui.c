/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "postings-application.h"
#include "postings-timing.h"
#include "postings-ui.h"

/* With the cairo renderer (GSK_RENDERER=cairo) nothing draws with OpenGL
 * here, yet GDK on X11 loads and sets up the GL driver when it opens the
 * display: about 40 ms of CPU and 60 MB at start-up. GDK_DEBUG=gl-disable
 * skips that. Set before any thread runs (g_setenv() is not thread-safe),
 * and only when GDK_DEBUG is not set already. */
static void
skip_unused_gl (void)
{
  if (g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") == 0 && g_getenv ("GDK_DEBUG") == NULL)
    g_setenv ("GDK_DEBUG", "gl-disable", TRUE);
}

int
postings_ui_run (int    argc,
                 char **argv)
{
  g_autoptr(PostingsApplication) app = NULL;

  postings_timing_set_start_time (g_get_monotonic_time ());
  skip_unused_gl ();

  /* One instance per session: `postings FILE` while Postings runs opens
   * the file there. POSTINGS_NON_UNIQUE=1 (tests, screenshots) opts out. */
  app = postings_application_new (g_strcmp0 (g_getenv ("POSTINGS_NON_UNIQUE"), "1") == 0
                                  ? G_APPLICATION_NON_UNIQUE
                                  : G_APPLICATION_DEFAULT_FLAGS);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
