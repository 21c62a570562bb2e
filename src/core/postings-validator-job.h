/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "postings-schema.h"

G_BEGIN_DECLS

/* postings_validate() in a worker thread, on @text (a snapshot of the
 * whole file, read as a document there): a large posting is checked while
 * the editor keeps typing. @schema is only read. The diagnostics' spans are
 * byte offsets in @text. */
void       postings_validate_async  (GBytes              *text,
                                     PostingsSchema      *schema,
                                     GFile               *root,
                                     const char          *file_name,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
/* The diagnostics (PostingsDiagnostic), or NULL with G_IO_ERROR_CANCELLED. */
GPtrArray *postings_validate_finish (GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
