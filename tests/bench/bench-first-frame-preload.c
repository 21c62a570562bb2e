/* SPDX-License-Identifier: GPL-3.0-or-later */
/* LD_PRELOAD module for the start-up benchmark (bench-startup.py): in any
 * GTK 4 program, writes the CLOCK_MONOTONIC time (ns) of the first painted
 * frame in which a text view of a presented window holds text to the file
 * named by BENCH_FIRST_FRAME_FILE. Measures GNOME Text Editor the way
 * POSTINGS_NOTIFY_READY measures Postings, without changing either. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static gboolean reported;

static gboolean
has_text (GtkWidget *widget)
{
  if (GTK_IS_TEXT_VIEW (widget) && gtk_widget_get_mapped (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      if (gtk_text_buffer_get_char_count (buffer) > 0)
        return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_text (child))
      return TRUE;
  return FALSE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                GtkWidget     *window)
{
  struct timespec now;
  const char *path = g_getenv ("BENCH_FIRST_FRAME_FILE");
  char line[64];
  int fd, len;

  if (reported || !has_text (window))
    return;
  reported = TRUE;
  clock_gettime (CLOCK_MONOTONIC, &now);
  len = snprintf (line, sizeof line, "%lld\n", (long long) now.tv_sec * 1000000000LL + now.tv_nsec);
  if (path != NULL && (fd = open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) >= 0)
    {
      if (write (fd, line, len) < 0)
        perror (path);
      close (fd);
    }
}

static void
map_cb (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  if (clock != NULL)
    g_signal_connect_object (clock, "after-paint", G_CALLBACK (after_paint_cb), window, 0);
}

void
gtk_window_present (GtkWindow *window)
{
  static void (*real) (GtkWindow *);

  if (real == NULL)
    real = (void (*) (GtkWindow *)) dlsym (RTLD_NEXT, "gtk_window_present");
  if (!reported && g_object_get_data (G_OBJECT (window), "bench-first-frame") == NULL)
    {
      g_object_set_data (G_OBJECT (window), "bench-first-frame", GINT_TO_POINTER (1));
      if (gtk_widget_get_mapped (GTK_WIDGET (window)))
        map_cb (GTK_WIDGET (window));
      else
        g_signal_connect (window, "map", G_CALLBACK (map_cb), NULL);
    }
  real (window);
}
