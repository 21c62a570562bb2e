/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "postings-clone-dialog.h"
#include "postings-credentials-dialog.h"
#include "postings-git-progress.h"
#include "postings-git.h"

#if GTK_CHECK_VERSION (4, 10, 0) && GDK_VERSION_MAX_ALLOWED >= GDK_VERSION_4_10
# define POSTINGS_HAVE_FILE_DIALOG 1
#else
# define POSTINGS_HAVE_FILE_DIALOG 0
#endif

struct _PostingsCloneDialog
{
  AdwWindow               parent_instance;

  GtkWidget              *form_group;
  GtkWidget              *url_row;
  GtkWidget              *folder_row;
  GtkWidget              *progress_box;
  GtkWidget              *progress_bar;
  GtkWidget              *progress_label;
  GtkWidget              *error_label;

  GFile                  *folder;
  gboolean                folder_chosen;
  PostingsGitRepository  *repository;   /* while cloning */
  GCancellable           *cancellable;  /* while cloning */
  char                   *error;
  gboolean                no_agent;  /* an SSH address, and no SSH agent */
  gboolean                disposed;
};

G_DEFINE_FINAL_TYPE (PostingsCloneDialog, postings_clone_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_CLONED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
url_text (PostingsCloneDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
}

static void
update_state (PostingsCloneDialog *self)
{
  g_autofree char *url = url_text (self);
  gboolean busy = self->cancellable != NULL;

  gtk_widget_set_sensitive (self->form_group, !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "clone.start",
                                 !busy && *url != '\0' && self->folder != NULL && !self->no_agent);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "clone.choose-folder", !busy);
}

static void
show_folder (PostingsCloneDialog *self)
{
  g_autofree char *shown = self->folder != NULL ? g_file_get_parse_name (self->folder) : NULL;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->folder_row), shown != NULL ? shown : "");
  update_state (self);
}

static void
show_error (PostingsCloneDialog *self,
            const char          *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (GTK_LABEL (self->error_label), message != NULL ? message : "");
  gtk_widget_set_visible (self->error_label, message != NULL);
}

/* An SSH address signs in through the SSH agent: without one, say so
 * before anything starts. */
static void
check_ssh_agent (PostingsCloneDialog *self,
                 const char          *url)
{
  gboolean no_agent = postings_git_url_is_ssh (url) && !postings_git_ssh_agent_available ();

  if (no_agent)
    show_error (self, _("This address uses SSH, and no SSH agent is running on this computer to "
                        "sign you in with your key. Start one (your session’s key manager, or "
                        "“ssh-add” in a terminal) and open this window again, or use the site’s "
                        "address starting with https://."));
  else if (self->no_agent)
    show_error (self, NULL);
  self->no_agent = no_agent;
}

static void
url_changed_cb (PostingsCloneDialog *self)
{
  g_autofree char *url = url_text (self);

  check_ssh_agent (self, url);

  if (!self->folder_chosen)
    {
      g_clear_object (&self->folder);
      if (*url != '\0')
        self->folder = postings_git_default_clone_folder (url);
      show_folder (self);
    }
  update_state (self);
}

static void
progress_cb (PostingsGitRepository     *repository,
             const PostingsGitProgress *progress,
             PostingsCloneDialog       *self)
{
  postings_git_progress_show (GTK_PROGRESS_BAR (self->progress_bar), GTK_LABEL (self->progress_label),
                              progress);
}

static void
clone_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(PostingsCloneDialog) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) folder = NULL;
  gboolean ok = postings_git_repository_clone_finish (POSTINGS_GIT_REPOSITORY (source), result, &error);

  if (self->disposed)
    return;
  g_clear_object (&self->cancellable);
  if (self->repository != NULL)
    g_signal_handlers_disconnect_by_data (self->repository, self);
  g_clear_object (&self->repository);
  gtk_widget_set_visible (self->progress_box, FALSE);
  update_state (self);

  if (!ok)
    {
      show_error (self, error->message);
      return;
    }

  folder = g_object_ref (self->folder);
  g_signal_emit (self, signals[SIGNAL_CLONED], 0, folder);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PostingsCloneDialog *self = POSTINGS_CLONE_DIALOG (widget);
  g_autofree char *url = url_text (self);

  if (self->cancellable != NULL || *url == '\0' || self->folder == NULL)
    return;

  show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  self->repository = postings_git_repository_new (self->folder);
  postings_credentials_dialog_attach (self->repository, GTK_WIDGET (self));
  g_signal_connect (self->repository, "progress", G_CALLBACK (progress_cb), self);

  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar), 0);
  gtk_label_set_text (GTK_LABEL (self->progress_label), _("Connecting to the server…"));
  gtk_widget_set_visible (self->progress_box, TRUE);
  update_state (self);

  postings_git_repository_clone_async (self->repository, url, self->cancellable,
                                       clone_done_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PostingsCloneDialog *self = POSTINGS_CLONE_DIALOG (widget);

  /* Cancel stops a running clone first (the dialog stays, saying so). */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

/* The site goes in a new folder inside the one chosen. */
static void
use_chosen_parent (PostingsCloneDialog *self,
                   GFile               *parent)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *name = NULL;

  if (parent == NULL)
    return;
  name = self->folder != NULL ? g_file_get_basename (self->folder) : g_strdup ("site");
  folder = g_file_get_child (parent, name);
  postings_clone_dialog_set_folder (self, folder);
}

#if POSTINGS_HAVE_FILE_DIALOG
static void
folder_chosen_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(PostingsCloneDialog) self = data;
  g_autoptr(GFile) parent = gtk_file_dialog_select_folder_finish (GTK_FILE_DIALOG (source), result, NULL);

  use_chosen_parent (self, parent);
}
#else
static void
folder_chosen_cb (GtkNativeDialog *native,
                  int              response,
                  gpointer         data)
{
  g_autoptr(PostingsCloneDialog) self = data;
  g_autoptr(GFile) parent = response == GTK_RESPONSE_ACCEPT
                            ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native)) : NULL;

  use_chosen_parent (self, parent);
  g_object_unref (native);
}
#endif

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PostingsCloneDialog *self = POSTINGS_CLONE_DIALOG (widget);
  g_autoptr(GFile) initial = self->folder != NULL ? g_file_get_parent (self->folder) : NULL;

#if POSTINGS_HAVE_FILE_DIALOG
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

  gtk_file_dialog_set_title (dialog, _("Choose Where to Put the Site"));
  gtk_file_dialog_set_modal (dialog, TRUE);
  if (initial != NULL && g_file_query_exists (initial, NULL))
    gtk_file_dialog_set_initial_folder (dialog, initial);
  gtk_file_dialog_select_folder (dialog, GTK_WINDOW (self), NULL, folder_chosen_cb, g_object_ref (self));
#else
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Choose Where to Put the Site"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  if (initial != NULL && g_file_query_exists (initial, NULL))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), initial, NULL);
  g_signal_connect (native, "response", G_CALLBACK (folder_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
#endif
}

static void
postings_clone_dialog_dispose (GObject *object)
{
  PostingsCloneDialog *self = POSTINGS_CLONE_DIALOG (object);

  self->disposed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->repository != NULL)
    g_signal_handlers_disconnect_by_data (self->repository, self);

  G_OBJECT_CLASS (postings_clone_dialog_parent_class)->dispose (object);
}

static void
postings_clone_dialog_finalize (GObject *object)
{
  PostingsCloneDialog *self = POSTINGS_CLONE_DIALOG (object);

  g_clear_object (&self->folder);
  g_clear_object (&self->repository);
  g_clear_object (&self->cancellable);
  g_free (self->error);

  G_OBJECT_CLASS (postings_clone_dialog_parent_class)->finalize (object);
}

static void
postings_clone_dialog_class_init (PostingsCloneDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = postings_clone_dialog_dispose;
  object_class->finalize = postings_clone_dialog_finalize;

  signals[SIGNAL_CLONED] =
    g_signal_new ("cloned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/culture/Postings/ui/postings-clone-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PostingsCloneDialog, form_group);
  gtk_widget_class_bind_template_child (widget_class, PostingsCloneDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, PostingsCloneDialog, folder_row);
  gtk_widget_class_bind_template_child (widget_class, PostingsCloneDialog, progress_box);
  gtk_widget_class_bind_template_child (widget_class, PostingsCloneDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PostingsCloneDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, PostingsCloneDialog, error_label);

  gtk_widget_class_install_action (widget_class, "clone.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "clone.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "clone.choose-folder", NULL, choose_folder_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "clone.cancel", NULL);
}

static void
url_activated_cb (PostingsCloneDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "clone.start", NULL);
}

static void
postings_clone_dialog_init (PostingsCloneDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The URL row is named by its title. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Progress"), -1);
  g_signal_connect_swapped (self->url_row, "changed", G_CALLBACK (url_changed_cb), self);
  g_signal_connect_swapped (self->url_row, "entry-activated", G_CALLBACK (url_activated_cb), self);
  show_folder (self);
}

PostingsCloneDialog *
postings_clone_dialog_new (GtkWindow *parent)
{
  return g_object_new (POSTINGS_TYPE_CLONE_DIALOG, "transient-for", parent, NULL);
}

void
postings_clone_dialog_set_url (PostingsCloneDialog *self,
                               const char          *url)
{
  g_return_if_fail (POSTINGS_IS_CLONE_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url != NULL ? url : "");
}

GFile *
postings_clone_dialog_get_folder (PostingsCloneDialog *self)
{
  g_return_val_if_fail (POSTINGS_IS_CLONE_DIALOG (self), NULL);

  return self->folder;
}

void
postings_clone_dialog_set_folder (PostingsCloneDialog *self,
                                  GFile               *folder)
{
  g_return_if_fail (POSTINGS_IS_CLONE_DIALOG (self));

  g_set_object (&self->folder, folder);
  self->folder_chosen = folder != NULL;
  show_folder (self);
}

gboolean
postings_clone_dialog_is_busy (PostingsCloneDialog *self)
{
  g_return_val_if_fail (POSTINGS_IS_CLONE_DIALOG (self), FALSE);

  return self->cancellable != NULL;
}

const char *
postings_clone_dialog_get_error (PostingsCloneDialog *self)
{
  g_return_val_if_fail (POSTINGS_IS_CLONE_DIALOG (self), NULL);

  return self->error;
}
