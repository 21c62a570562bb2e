/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "postings-address-dialog.h"

typedef struct
{
  PostingsAddressAnswerFunc callback;
  gpointer                  user_data;
  GDestroyNotify            destroy;
} Answer;

static void
answer_free (gpointer data)
{
  Answer *answer = data;

  if (answer->destroy != NULL)
    answer->destroy (answer->user_data);
  g_free (answer);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             Answer           *answer)
{
  answer->callback (response, answer->user_data);
}

AdwMessageDialog *
postings_address_dialog_ask (GtkWidget                   *parent,
                             const PostingsAddressChange *change,
                             PostingsAddressAnswerFunc    callback,
                             gpointer                     user_data,
                             GDestroyNotify               destroy)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;
  Answer *answer;

  g_return_val_if_fail (change != NULL, NULL);
  g_return_val_if_fail (callback != NULL, NULL);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("The Posting’s Web Address Will Change"), NULL));
  if (change->can_redirect)
    /* Translators: the posting's web addresses, before and after renaming */
    body = g_strdup_printf (_("Its address today:\n%s\n\nOnce renamed:\n%s\n\n"
                              "Links to the old address (in emails, on other sites) stop working, "
                              "unless the old address is kept: it then leads to the new one."),
                            change->old_url, change->new_url);
  else
    body = g_strdup_printf (_("Its address today:\n%s\n\nOnce renamed:\n%s\n\n"
                              "Links to the old address (in emails, on other sites) will stop working."),
                            change->old_url, change->new_url);
  adw_message_dialog_set_body (dialog, body);

  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  adw_message_dialog_add_response (dialog, "rename", _("_Rename"));
  if (change->can_redirect)
    {
      adw_message_dialog_add_response (dialog, "keep", _("_Keep the Old Address"));
      adw_message_dialog_set_response_appearance (dialog, "keep", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "keep");
    }
  else
    adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");

  answer = g_new0 (Answer, 1);
  answer->callback = callback;
  answer->user_data = user_data;
  answer->destroy = destroy;
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), answer,
                         (GClosureNotify) (void (*) (void)) answer_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
