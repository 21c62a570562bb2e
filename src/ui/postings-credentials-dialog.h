/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "postings-git.h"

G_BEGIN_DECLS

/* Asks for a user name and a token for a git host (HTTPS), in plain
 * French: what a token is, where GitHub and GitLab make one; "Remember"
 * (the keyring) is checked by default. Answers @request when the user signs
 * in, cancels it when the dialog closes otherwise. */
#define POSTINGS_TYPE_CREDENTIALS_DIALOG (postings_credentials_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PostingsCredentialsDialog, postings_credentials_dialog, POSTINGS, CREDENTIALS_DIALOG, AdwWindow)

PostingsCredentialsDialog *postings_credentials_dialog_new    (GtkWindow                    *parent,
                                                               PostingsGitCredentialRequest *request);

/* An SSH server never met (the request has a host key fingerprint): asks
 * whether to trust it, showing the fingerprint, with « Faire confiance » /
 * « Annuler »; any other way of closing it cancels @request. */
GtkWindow                 *postings_host_key_dialog_new       (GtkWindow                    *parent,
                                                               PostingsGitCredentialRequest *request);

/* Is @window one of these questions (credentials or host key)? */
gboolean                   postings_credentials_dialog_is_question (GtkWindow           *window);

/* Answers @repository's "credentials-needed" with this dialog (or, for an
 * SSH server never met, the host key question), transient for @parent's
 * window. */
void                       postings_credentials_dialog_attach (PostingsGitRepository        *repository,
                                                               GtkWidget                    *parent);

/* For tests: fill in and sign in. */
void                       postings_credentials_dialog_sign_in (PostingsCredentialsDialog   *self,
                                                                const char                  *username,
                                                                const char                  *token,
                                                                gboolean                     remember);

G_END_DECLS
