/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Start-up timing (POSTINGS_TIMING=1) and the ready notification
 * (POSTINGS_NOTIFY_READY=PATH), shared by the application, its windows and
 * their pages without tying them to each other. For profiling start-up
 * (perf, callgrind) only, POSTINGS_EXIT_WHEN_READY=1 ends the process at
 * once after the first frame with a posting (exit status 0). */

/* Monotonic time (µs) when the application started. */
void     postings_timing_set_start_time (gint64      start_time);
gint64   postings_timing_get_start_time (void);
/* With POSTINGS_TIMING=1, prints how long after start-up @what happened. */
void     postings_timing_mark           (const char *what);
/* Is any of the three asked for? */
gboolean postings_timing_wanted         (void);
/* The first frame with a posting was painted: prints it (POSTINGS_TIMING)
 * and writes "ready" to POSTINGS_NOTIFY_READY. */
void     postings_timing_report_ready   (void);

G_END_DECLS
