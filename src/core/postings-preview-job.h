/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "postings-preview.h"

G_BEGIN_DECLS

/* The preview model of a Markdown body (as
 * postings_preview_model_new_from_markdown()), built in a worker thread
 * from @markdown, a snapshot of the text: the editor keeps typing while a
 * large posting is parsed. */
void                  postings_preview_model_new_async  (GBytes              *markdown,
                                                         guint                first_line,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
/* NULL with G_IO_ERROR_CANCELLED when cancelled. */
PostingsPreviewModel *postings_preview_model_new_finish (GAsyncResult        *result,
                                                         GError             **error);

G_END_DECLS
