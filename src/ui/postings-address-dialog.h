/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "postings-permalink.h"

G_BEGIN_DECLS

/* Before a published posting is renamed: « its web address changes »,
 * with both addresses. Responses: "cancel", "rename", and, when the site
 * uses jekyll-redirect-from, "keep" (rename, and keep the old address
 * with `redirect_from`). @callback gets the response's id. */
typedef void (*PostingsAddressAnswerFunc) (const char *response,
                                           gpointer    user_data);

AdwMessageDialog *postings_address_dialog_ask (GtkWidget                   *parent,
                                               const PostingsAddressChange *change,
                                               PostingsAddressAnswerFunc    callback,
                                               gpointer                     user_data,
                                               GDestroyNotify               destroy);

G_END_DECLS
