/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Network timeouts and Cancel. libgit2 < 1.7 has neither: the socket
 * stream libgit2 uses for HTTP, HTTPS (under its own TLS) and SSH is
 * replaced by one on GIO that gives up when the server says nothing for a
 * while and stops at once when the operation running in this thread is
 * cancelled. libgit2 1.7+ is only given the timeouts (nothing is replaced,
 * and the functions below change nothing).
 *
 * Timeouts: 30 s to connect, 120 s without data while reading or writing;
 * POSTINGS_GIT_TIMEOUT_MS sets both (for the tests), read once here. */

/* Once, from _postings_git_init(), after git_libgit2_init(). */
void     _postings_git_stream_init            (void);

/* The operation running in this thread: its @cancellable (may be NULL)
 * interrupts a blocked read, write or connect. Also forgets an earlier
 * timeout. */
void     _postings_git_stream_set_cancellable (GCancellable *cancellable);
/* Forgets that a stream of this thread timed out (before a network step). */
void     _postings_git_stream_clear_failure   (void);
/* Did a stream of this thread give up because the server was silent, since
 * the last clear? (libgit2's message may not say so: its TLS layer replaces
 * it with "SSL error: syscall failure".) */
gboolean _postings_git_stream_timed_out       (void);

G_END_DECLS
