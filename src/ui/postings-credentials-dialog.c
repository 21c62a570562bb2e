/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "postings-credentials-dialog.h"

struct _PostingsCredentialsDialog
{
  AdwWindow                     parent_instance;

  GtkWidget                    *intro_label;
  GtkWidget                    *retry_label;
  GtkWidget                    *username_row;
  GtkWidget                    *token_row;
  GtkWidget                    *remember_check;

  PostingsGitCredentialRequest *request;  /* answered once, then NULL */
};

G_DEFINE_FINAL_TYPE (PostingsCredentialsDialog, postings_credentials_dialog, ADW_TYPE_WINDOW)

static void
update_actions (PostingsCredentialsDialog *self)
{
  g_autofree char *user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username_row))));
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "credentials.sign-in",
                                 *user != '\0' && *token != '\0');
}

static void
answer (PostingsCredentialsDialog *self,
        const char                *username,
        const char                *token,
        gboolean                   remember)
{
  g_autoptr(PostingsGitCredentialRequest) request = g_steal_pointer (&self->request);

  if (request == NULL)
    return;
  if (token != NULL)
    postings_git_credential_request_reply (request, username, token, remember);
  else
    postings_git_credential_request_cancel (request);
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PostingsCredentialsDialog *self = POSTINGS_CREDENTIALS_DIALOG (widget);
  g_autofree char *user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username_row))));
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));

  if (*user == '\0' || *token == '\0')
    return;
  answer (self, user, token, gtk_check_button_get_active (GTK_CHECK_BUTTON (self->remember_check)));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

static void
entry_activated_cb (AdwEntryRow               *row,
                    PostingsCredentialsDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "credentials.sign-in", NULL);
}

static void
postings_credentials_dialog_dispose (GObject *object)
{
  PostingsCredentialsDialog *self = POSTINGS_CREDENTIALS_DIALOG (object);

  /* Closed without signing in: the operation stops waiting. */
  answer (self, NULL, NULL, FALSE);

  G_OBJECT_CLASS (postings_credentials_dialog_parent_class)->dispose (object);
}

static void
postings_credentials_dialog_class_init (PostingsCredentialsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = postings_credentials_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/culture/Postings/ui/postings-credentials-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PostingsCredentialsDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, PostingsCredentialsDialog, retry_label);
  gtk_widget_class_bind_template_child (widget_class, PostingsCredentialsDialog, username_row);
  gtk_widget_class_bind_template_child (widget_class, PostingsCredentialsDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, PostingsCredentialsDialog, remember_check);

  gtk_widget_class_install_action (widget_class, "credentials.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "credentials.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "credentials.cancel", NULL);
}

static void
postings_credentials_dialog_init (PostingsCredentialsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The rows' titles name them for assistive technologies (a label of
   * their own would be read twice). */

  g_signal_connect_swapped (self->username_row, "changed", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->token_row, "changed", G_CALLBACK (update_actions), self);
  g_signal_connect (self->token_row, "entry-activated", G_CALLBACK (entry_activated_cb), self);
  update_actions (self);
}

PostingsCredentialsDialog *
postings_credentials_dialog_new (GtkWindow                    *parent,
                                 PostingsGitCredentialRequest *request)
{
  PostingsCredentialsDialog *self;
  g_autofree char *intro = NULL;
  const char *user;

  g_return_val_if_fail (request != NULL, NULL);

  self = g_object_new (POSTINGS_TYPE_CREDENTIALS_DIALOG, "transient-for", parent, NULL);
  self->request = postings_git_credential_request_ref (request);

  /* Translators: %s is a server such as github.com */
  intro = g_strdup_printf (_("To publish, %s needs to know who you are: give your user name "
                             "there and a token."),
                           postings_git_credential_request_get_host (request));
  gtk_label_set_text (GTK_LABEL (self->intro_label), intro);
  gtk_widget_set_visible (self->retry_label, postings_git_credential_request_is_retry (request));

  user = postings_git_credential_request_get_username (request);
  if (user != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->username_row), user);
      gtk_widget_grab_focus (self->token_row);
    }
  else
    gtk_widget_grab_focus (self->username_row);
  return self;
}

void
postings_credentials_dialog_sign_in (PostingsCredentialsDialog *self,
                                     const char                *username,
                                     const char                *token,
                                     gboolean                   remember)
{
  g_return_if_fail (POSTINGS_IS_CREDENTIALS_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username);
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), token);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->remember_check), remember);
  gtk_widget_activate_action (GTK_WIDGET (self), "credentials.sign-in", NULL);
}

/* An SSH server never met: its fingerprint, « Faire confiance » or
 * « Annuler ». Closed any other way, the request is cancelled. */

static void
cancel_request (gpointer data)
{
  postings_git_credential_request_cancel (data);
  postings_git_credential_request_unref (data);
}

static void
host_key_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          data)
{
  PostingsGitCredentialRequest *request = g_object_get_data (G_OBJECT (dialog), "request");

  if (g_str_equal (response, "trust"))
    postings_git_credential_request_trust_host (request);
  else
    postings_git_credential_request_cancel (request);
}

GtkWindow *
postings_host_key_dialog_new (GtkWindow                    *parent,
                              PostingsGitCredentialRequest *request)
{
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (postings_git_credential_request_get_host_key_fingerprint (request) != NULL, NULL);

  /* Translators: the first %s is a server such as github.com, the second
   * its key's fingerprint ("SHA256:…"), which the user can compare with
   * the one the site's team gives */
  body = g_strdup_printf (_("This computer has never connected to %s, so it cannot yet tell "
                            "whether it is the real server.\n\nIts key fingerprint is:\n%s\n\n"
                            "Trust it only if it is the one the site’s team gives (or shows on "
                            "the host’s website). It is then remembered."),
                          postings_git_credential_request_get_host (request),
                          postings_git_credential_request_get_host_key_fingerprint (request));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Trust This Server?"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "trust", _("_Trust"), NULL);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "request",
                          postings_git_credential_request_ref (request), cancel_request);
  g_signal_connect (dialog, "response", G_CALLBACK (host_key_response_cb), NULL);
  g_object_set_data (G_OBJECT (dialog), "postings-git-question", GINT_TO_POINTER (TRUE));
  return GTK_WINDOW (dialog);
}

gboolean
postings_credentials_dialog_is_question (GtkWindow *window)
{
  return POSTINGS_IS_CREDENTIALS_DIALOG (window) ||
         g_object_get_data (G_OBJECT (window), "postings-git-question") != NULL;
}

static gboolean
credentials_needed_cb (PostingsGitRepository        *repository,
                       PostingsGitCredentialRequest *request,
                       GtkWidget                    *parent)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  GtkWindow *window = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;

  if (postings_git_credential_request_get_host_key_fingerprint (request) != NULL)
    gtk_window_present (postings_host_key_dialog_new (window, request));
  else
    gtk_window_present (GTK_WINDOW (postings_credentials_dialog_new (window, request)));
  return TRUE;
}

void
postings_credentials_dialog_attach (PostingsGitRepository *repository,
                                    GtkWidget             *parent)
{
  g_return_if_fail (POSTINGS_IS_GIT_REPOSITORY (repository));
  g_return_if_fail (GTK_IS_WIDGET (parent));

  g_signal_connect_object (repository, "credentials-needed", G_CALLBACK (credentials_needed_cb),
                           parent, 0);
}
