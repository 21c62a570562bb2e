/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Git tokens in the keyring (libsecret's Secret Service), one per host and
 * user name: schema "org.culture.Postings.GitToken", attributes "host"
 * ("github.com", "127.0.0.1:8080") and "user". Tokens never go anywhere
 * else. Synchronous: call them from a worker thread. */

gboolean postings_git_secret_store  (const char    *host,
                                     const char    *username,
                                     const char    *token,
                                     GCancellable  *cancellable,
                                     GError       **error);
/* The token stored for @host and @username (NULL: any user of @host, the
 * user name then in *out_username). FALSE without an error when there is
 * none; FALSE with an error when the keyring cannot be reached. */
gboolean postings_git_secret_lookup (const char    *host,
                                     const char    *username,
                                     char         **out_username,
                                     char         **out_token,
                                     GCancellable  *cancellable,
                                     GError       **error);
/* The same, never unlocking anything, so never asking the user: a token in
 * a locked collection is not found. For checks nobody asked for. */
gboolean postings_git_secret_lookup_unlocked (const char    *host,
                                              const char    *username,
                                              char         **out_username,
                                              char         **out_token,
                                              GCancellable  *cancellable,
                                              GError       **error);
/* Forgets the token of @host and @username (NULL: every user of @host). */
gboolean postings_git_secret_clear  (const char    *host,
                                     const char    *username,
                                     GCancellable  *cancellable,
                                     GError       **error);

G_END_DECLS
