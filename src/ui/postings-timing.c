/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "postings-timing.h"

static gint64 start_time;

void
postings_timing_set_start_time (gint64 time)
{
  start_time = time;
}

gint64
postings_timing_get_start_time (void)
{
  if (start_time == 0)
    start_time = g_get_monotonic_time ();
  return start_time;
}

static gboolean
timing_on (void)
{
  return g_strcmp0 (g_getenv ("POSTINGS_TIMING"), "1") == 0;
}

/* CPU time of the calling thread since the process began: on a loaded
 * machine the wall-clock figures wander, this one much less. */
static double
thread_cpu_ms (void)
{
  struct timespec now;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now) != 0)
    return -1;
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

void
postings_timing_mark (const char *what)
{
  if (!timing_on ())
    return;

  g_printerr ("postings: timing: %-28s %7.1f ms (main thread CPU %.1f ms)\n", what,
              (g_get_monotonic_time () - postings_timing_get_start_time ()) / 1000.0,
              thread_cpu_ms ());
}

gboolean
postings_timing_wanted (void)
{
  return g_getenv ("POSTINGS_TIMING") != NULL || g_getenv ("POSTINGS_NOTIFY_READY") != NULL
      || g_getenv ("POSTINGS_EXIT_WHEN_READY") != NULL;
}

static double
process_age_ms (void)
{
  g_autofree char *stat = NULL;
  const char *p;
  struct timespec now;
  unsigned long long start_ticks = 0;
  long ticks_per_second = sysconf (_SC_CLK_TCK);

  /* Field 22 of /proc/self/stat: start time in clock ticks since boot. */
  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL)
      || (p = strrchr (stat, ')')) == NULL || ticks_per_second <= 0)
    return -1;
  p++;
  for (int field = 3; field < 22 && p != NULL; field++)
    p = strchr (p + 1, ' ');
  if (p == NULL || sscanf (p, " %llu", &start_ticks) != 1)
    return -1;
  if (clock_gettime (CLOCK_BOOTTIME, &now) != 0)
    return -1;
  return (now.tv_sec + now.tv_nsec / 1e9 - (double) start_ticks / ticks_per_second) * 1000.0;
}

void
postings_timing_report_ready (void)
{
  const char *ready_path = g_getenv ("POSTINGS_NOTIFY_READY");

  if (timing_on ())
    {
      double ms = (g_get_monotonic_time () - postings_timing_get_start_time ()) / 1000.0;

      g_printerr ("postings: timing: %-28s %7.1f ms (main thread CPU %.1f ms; "
                  "%.0f ms after the process was created)\n",
                  "first frame with the posting", ms, thread_cpu_ms (), process_age_ms ());
    }

  if (ready_path != NULL && *ready_path != '\0')
    {
      int fd = open (ready_path, O_WRONLY | O_APPEND | O_CLOEXEC);

      if (fd >= 0)
        {
          const char line[] = "ready\n";
          if (write (fd, line, sizeof line - 1) < 0)
            g_warning ("Could not write to %s: %s", ready_path, g_strerror (errno));
          close (fd);
        }
      else
        g_warning ("Could not open %s: %s", ready_path, g_strerror (errno));
    }

  /* Profiles of start-up end here, without the shutdown. */
  if (g_strcmp0 (g_getenv ("POSTINGS_EXIT_WHEN_READY"), "1") == 0)
    _exit (0);
}
