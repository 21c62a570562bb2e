/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "postings-credentials-dialog.h"
#include "postings-git-progress.h"
#include "postings-publish-dialog.h"

#if GTK_CHECK_VERSION (4, 10, 0) && GDK_VERSION_MAX_ALLOWED >= GDK_VERSION_4_10
# define POSTINGS_HAVE_URI_LAUNCHER 1
#else
# define POSTINGS_HAVE_URI_LAUNCHER 0
#endif

struct _PostingsPublishDialog
{
  AdwWindow                 parent_instance;

  GtkWidget                *close_button;
  GtkWidget                *stack;
  GtkWidget                *spinner;
  GtkWidget                *changes_group;
  GtkWidget                *message_view;
  GtkWidget                *author_group;
  GtkWidget                *name_row;
  GtkWidget                *email_row;
  GtkWidget                *destination_label;
  GtkWidget                *error_label;
  GtkWidget                *fork_group;
  GtkWidget                *fork_page_row;
  GtkWidget                *fork_row;
  GtkWidget                *progress_bar;
  GtkWidget                *progress_label;
  GtkWidget                *done_page;
  GtkWidget                *pull_request_button;

  PostingsGitRepository    *repository;
  GCancellable             *cancellable;
  GPtrArray                *changes;      /* PostingsGitFileChange * */
  GPtrArray                *rows;         /* AdwActionRow *, as changes */
  GPtrArray                *checks;       /* GtkCheckButton *, as changes */
  PostingsGitSiteInfo      *info;
  PostingsGitPublishResult *result;
  char                     *error;
  char                     *fork_page;
  gboolean                  loading_changes;
  gboolean                  loading_info;
  gboolean                  busy;
  gboolean                  message_edited;
  gboolean                  setting_message;
};

G_DEFINE_FINAL_TYPE (PostingsPublishDialog, postings_publish_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_PUBLISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
change_label (const PostingsGitFileChange *change)
{
  switch (change->change)
    {
    /* Translators: what happened to a posting since the site was last updated */
    case POSTINGS_GIT_NEW:      return C_("change", "New");
    case POSTINGS_GIT_DELETED:  return C_("change", "Deleted");
    case POSTINGS_GIT_MODIFIED:
    case POSTINGS_GIT_UNCHANGED:
    default:
      return change->closed ? C_("change", "Closed") : C_("change", "Modified");
    }
}

static char *
dup_message (PostingsPublishDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->message_view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static GPtrArray *
selected_changes (PostingsPublishDialog *self)
{
  GPtrArray *selected = g_ptr_array_new ();

  /* (The rows exist once both the changes and the site's settings are read.) */
  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
      g_ptr_array_add (selected, g_ptr_array_index (self->changes, i));
  return selected;
}

static char *
entry_text (GtkWidget *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static gboolean
needs_author (PostingsPublishDialog *self)
{
  return self->info != NULL && self->info->author_name == NULL;
}

static void
update_actions (PostingsPublishDialog *self)
{
  g_autoptr(GPtrArray) selected = selected_changes (self);
  g_autofree char *message = dup_message (self);
  g_autofree char *name = entry_text (self->name_row);
  g_autofree char *email = entry_text (self->email_row);
  g_autofree char *fork = entry_text (self->fork_row);
  gboolean ready = !self->busy && !self->loading_changes && !self->loading_info &&
                   self->result == NULL && selected->len > 0 && *g_strstrip (message) != '\0' &&
                   (!needs_author (self) || (*name != '\0' && *email != '\0'));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "publish.publish", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "publish.use-fork", ready && *fork != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "publish.open-fork-page", self->fork_page != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "publish.open-pull-request",
                                 self->result != NULL && self->result->pull_request_url != NULL);
}

static void
set_message (PostingsPublishDialog *self,
             const char            *message)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->message_view));

  self->setting_message = TRUE;
  gtk_text_buffer_set_text (buffer, message, -1);
  self->setting_message = FALSE;
}

/* The message follows the check boxes until the user writes their own. */
static void
selection_changed_cb (PostingsPublishDialog *self)
{
  if (!self->message_edited)
    {
      g_autoptr(GPtrArray) selected = selected_changes (self);
      g_autofree char *message = postings_git_commit_message (selected);

      set_message (self, message);
    }
  update_actions (self);
}

static void
message_changed_cb (PostingsPublishDialog *self)
{
  if (!self->setting_message)
    {
      g_autofree char *message = dup_message (self);

      /* Emptied: made from the check boxes again. */
      self->message_edited = *g_strstrip (message) != '\0';
    }
  update_actions (self);
}

static void
show_error (PostingsPublishDialog *self,
            const char            *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (GTK_LABEL (self->error_label), message != NULL ? message : "");
  gtk_widget_set_visible (self->error_label, message != NULL);
}

static void
show_destination (PostingsPublishDialog *self)
{
  const char *text;

  if (self->info == NULL)
    return;
  text = self->info->direct
         ? _("This site publishes directly: once sent, the change is on the site.")
         : _("The change is sent on a new branch, for the site’s team to review and publish "
             "(a pull request).");
  gtk_label_set_text (GTK_LABEL (self->destination_label), text);
  gtk_widget_set_visible (self->author_group, needs_author (self));
}

static void
show_changes (PostingsPublishDialog *self)
{
  if (self->loading_changes || self->loading_info)
    return;

  if (self->changes == NULL || self->changes->len == 0)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), self->error != NULL ? "choose" : "empty");
      return;
    }

  for (guint i = 0; i < self->changes->len; i++)
    {
      const PostingsGitFileChange *change = g_ptr_array_index (self->changes, i);
      g_autofree char *base = g_path_get_basename (change->path);
      /* Translators: a posting's row: its change ("Modified") and its file name */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), change_label (change), base);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), change->title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      change->title, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (selection_changed_cb), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->changes_group), row);
      g_ptr_array_add (self->rows, row);
      g_ptr_array_add (self->checks, check);
    }

  show_destination (self);
  selection_changed_cb (self);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "choose");
}

static void
changes_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(PostingsPublishDialog) self = data;
  g_autoptr(GError) error = NULL;
  GPtrArray *changes = postings_git_repository_get_changes_finish (POSTINGS_GIT_REPOSITORY (source),
                                                                   result, &error);

  if (self->cancellable == NULL)  /* closed meanwhile */
    {
      g_clear_pointer (&changes, g_ptr_array_unref);
      return;
    }
  self->loading_changes = FALSE;
  self->changes = changes;
  if (changes == NULL)
    show_error (self, error->message);
  show_changes (self);
  update_actions (self);
}

static void
info_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(PostingsPublishDialog) self = data;
  g_autoptr(GError) error = NULL;
  PostingsGitSiteInfo *info = postings_git_repository_describe_finish (POSTINGS_GIT_REPOSITORY (source),
                                                                       result, &error);

  if (self->cancellable == NULL)  /* closed meanwhile */
    {
      g_clear_pointer (&info, postings_git_site_info_free);
      return;
    }
  self->loading_info = FALSE;
  self->info = info;
  if (info == NULL)
    show_error (self, error->message);
  else if (info->site_url != NULL)
    self->fork_page = postings_git_fork_page_url (info->site_url);
  show_changes (self);
  update_actions (self);
}

static void
progress_cb (PostingsGitRepository     *repository,
             const PostingsGitProgress *progress,
             PostingsPublishDialog     *self)
{
  postings_git_progress_show (GTK_PROGRESS_BAR (self->progress_bar), GTK_LABEL (self->progress_label),
                              progress);
}

static void
set_busy (PostingsPublishDialog *self,
          gboolean               busy)
{
  self->busy = busy;
  if (busy)
    {
      gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar), 0);
      gtk_label_set_text (GTK_LABEL (self->progress_label), _("Connecting to the server…"));
    }
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), busy ? "progress" : "choose");
  update_actions (self);
}

static void
show_done (PostingsPublishDialog *self)
{
  const PostingsGitPublishResult *result = self->result;
  g_autofree char *description = NULL;

  if (result->direct)
    /* Translators: %s is a branch, such as main */
    description = g_strdup_printf (_("The change is on the site’s “%s” branch."), result->branch);
  else if (result->pull_request_url != NULL)
    description = g_strdup_printf (_("The change is on the branch “%s”. Open the pull request page "
                                     "to ask the site’s team to publish it."), result->branch);
  else
    /* Translators: a branch name, then a remote's name and address */
    description = g_strdup_printf (_("The change is on the branch “%s” of %s (%s). Ask the site’s "
                                     "team to review and publish it."),
                                   result->branch, result->remote_name, result->remote_url);
  adw_status_page_set_description (ADW_STATUS_PAGE (self->done_page), description);
  gtk_widget_set_visible (self->pull_request_button, result->pull_request_url != NULL);
  gtk_button_set_label (GTK_BUTTON (self->close_button), _("_Close"));
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "done");
  update_actions (self);
}

static void
published_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(PostingsPublishDialog) self = data;
  g_autoptr(GError) error = NULL;
  PostingsGitPublishResult *published;

  published = postings_git_repository_publish_finish (POSTINGS_GIT_REPOSITORY (source), result, &error);
  if (self->cancellable == NULL)  /* closed meanwhile */
    {
      g_clear_pointer (&published, postings_git_publish_result_free);
      return;
    }
  set_busy (self, FALSE);

  if (published == NULL)
    {
      show_error (self, error->message);
      if (g_error_matches (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NO_RIGHTS))
        {
          gtk_widget_set_visible (self->fork_group, TRUE);
          gtk_widget_set_visible (self->fork_page_row, self->fork_page != NULL);
        }
      return;
    }

  show_error (self, NULL);
  self->result = published;
  show_done (self);
  g_signal_emit (self, signals[SIGNAL_PUBLISHED], 0);
}

static void
start_publish (PostingsPublishDialog *self)
{
  g_autoptr(GPtrArray) selected = selected_changes (self);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *message = dup_message (self);

  for (guint i = 0; i < selected->len; i++)
    g_ptr_array_add (files, g_object_ref (((PostingsGitFileChange *) g_ptr_array_index (selected, i))->file));

  postings_git_repository_publish_async (self->repository, files, message, NULL,
                                         POSTINGS_GIT_PUBLISH_AUTO, self->cancellable,
                                         published_cb, g_object_ref (self));
}

static void
configured_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(PostingsPublishDialog) self = data;
  g_autoptr(GError) error = NULL;

  gboolean ok = postings_git_repository_configure_finish (POSTINGS_GIT_REPOSITORY (source), result, &error);

  if (self->cancellable == NULL)  /* closed meanwhile */
    return;
  if (!ok)
    {
      set_busy (self, FALSE);
      show_error (self, error->message);
      return;
    }

  /* Asked once: known from now on. */
  if (needs_author (self))
    {
      self->info->author_name = entry_text (self->name_row);
      self->info->author_email = entry_text (self->email_row);
      gtk_widget_set_visible (self->author_group, FALSE);
    }
  start_publish (self);
}

/* Stores the author and/or the fork first when there is one to store. */
static void
publish (PostingsPublishDialog *self,
         const char            *fork_url)
{
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;

  show_error (self, NULL);
  set_busy (self, TRUE);
  if (needs_author (self))
    {
      name = entry_text (self->name_row);
      email = entry_text (self->email_row);
    }
  if (name != NULL || fork_url != NULL)
    postings_git_repository_configure_async (self->repository, name, email, fork_url,
                                             self->cancellable, configured_cb, g_object_ref (self));
  else
    start_publish (self);
}

static void
publish_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  publish (POSTINGS_PUBLISH_DIALOG (widget), NULL);
}

static void
use_fork_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PostingsPublishDialog *self = POSTINGS_PUBLISH_DIALOG (widget);
  g_autofree char *fork = entry_text (self->fork_row);

  if (*fork == '\0')
    return;
  gtk_widget_set_visible (self->fork_group, FALSE);
  publish (self, fork);
}

static void
open_uri (PostingsPublishDialog *self,
          const char            *uri)
{
#if POSTINGS_HAVE_URI_LAUNCHER
  g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new (uri);

  gtk_uri_launcher_launch (launcher, GTK_WINDOW (self), NULL, NULL, NULL);
#else
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
#endif
}

static void
open_pull_request_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  PostingsPublishDialog *self = POSTINGS_PUBLISH_DIALOG (widget);

  if (self->result != NULL && self->result->pull_request_url != NULL)
    open_uri (self, self->result->pull_request_url);
}

static void
open_fork_page_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PostingsPublishDialog *self = POSTINGS_PUBLISH_DIALOG (widget);

  if (self->fork_page != NULL)
    open_uri (self, self->fork_page);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

static void
postings_publish_dialog_dispose (GObject *object)
{
  PostingsPublishDialog *self = POSTINGS_PUBLISH_DIALOG (object);

  /* Pending callbacks see a NULL cancellable and return. (A publish under
   * way stops at its next step; what it committed stays on its branch.) */
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  if (self->repository != NULL)
    g_signal_handlers_disconnect_by_data (self->repository, self);

  G_OBJECT_CLASS (postings_publish_dialog_parent_class)->dispose (object);
}

static void
postings_publish_dialog_finalize (GObject *object)
{
  PostingsPublishDialog *self = POSTINGS_PUBLISH_DIALOG (object);

  g_clear_object (&self->repository);
  g_clear_pointer (&self->changes, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->info, postings_git_site_info_free);
  g_clear_pointer (&self->result, postings_git_publish_result_free);
  g_free (self->error);
  g_free (self->fork_page);

  G_OBJECT_CLASS (postings_publish_dialog_parent_class)->finalize (object);
}

static void
postings_publish_dialog_class_init (PostingsPublishDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = postings_publish_dialog_dispose;
  object_class->finalize = postings_publish_dialog_finalize;

  signals[SIGNAL_PUBLISHED] =
    g_signal_new ("published", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/culture/Postings/ui/postings-publish-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PostingsPublishDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, PostingsPublishDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, PostingsPublishDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, PostingsPublishDialog, changes_group);
  gtk_widget_class_bind_template_child (widget_class, PostingsPublishDialog, message_view);
  gtk_widget_class_bind_template_child (widget_class, PostingsPublishDialog, author_group);
  gtk_widget_class_bind_template_child (widget_class, PostingsPublishDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, PostingsPublishDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, PostingsPublishDialog, destination_label);
  gtk_widget_class_bind_template_child (widget_class, PostingsPublishDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, PostingsPublishDialog, fork_group);
  gtk_widget_class_bind_template_child (widget_class, PostingsPublishDialog, fork_page_row);
  gtk_widget_class_bind_template_child (widget_class, PostingsPublishDialog, fork_row);
  gtk_widget_class_bind_template_child (widget_class, PostingsPublishDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PostingsPublishDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, PostingsPublishDialog, done_page);
  gtk_widget_class_bind_template_child (widget_class, PostingsPublishDialog, pull_request_button);

  gtk_widget_class_install_action (widget_class, "publish.publish", NULL, publish_action);
  gtk_widget_class_install_action (widget_class, "publish.use-fork", NULL, use_fork_action);
  gtk_widget_class_install_action (widget_class, "publish.open-pull-request", NULL, open_pull_request_action);
  gtk_widget_class_install_action (widget_class, "publish.open-fork-page", NULL, open_fork_page_action);
  gtk_widget_class_install_action (widget_class, "publish.close", NULL, close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "publish.close", NULL);
}

static void
postings_publish_dialog_init (PostingsPublishDialog *self)
{
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
  self->checks = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Looking for Changes…"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->message_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Message"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->name_row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Your Name"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->email_row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Your E-mail Address"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->fork_row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Address of Your Copy"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Progress"), -1);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->message_view));
  g_signal_connect_swapped (buffer, "changed", G_CALLBACK (message_changed_cb), self);
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->email_row, "changed", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->fork_row, "changed", G_CALLBACK (update_actions), self);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "loading");
  update_actions (self);
}

PostingsPublishDialog *
postings_publish_dialog_new (GtkWindow *parent,
                             GFile     *site_folder)
{
  PostingsPublishDialog *self;

  g_return_val_if_fail (G_IS_FILE (site_folder), NULL);

  self = g_object_new (POSTINGS_TYPE_PUBLISH_DIALOG, "transient-for", parent, NULL);
  self->repository = postings_git_repository_new (site_folder);
  postings_credentials_dialog_attach (self->repository, GTK_WIDGET (self));
  g_signal_connect (self->repository, "progress", G_CALLBACK (progress_cb), self);

  self->loading_changes = TRUE;
  self->loading_info = TRUE;
  postings_git_repository_get_changes_async (self->repository, self->cancellable,
                                             changes_loaded_cb, g_object_ref (self));
  postings_git_repository_describe_async (self->repository, self->cancellable,
                                          info_loaded_cb, g_object_ref (self));
  return self;
}

gboolean
postings_publish_dialog_is_loading (PostingsPublishDialog *self)
{
  g_return_val_if_fail (POSTINGS_IS_PUBLISH_DIALOG (self), FALSE);

  return self->loading_changes || self->loading_info;
}

gboolean
postings_publish_dialog_is_busy (PostingsPublishDialog *self)
{
  g_return_val_if_fail (POSTINGS_IS_PUBLISH_DIALOG (self), FALSE);

  return self->busy;
}

guint
postings_publish_dialog_get_n_changes (PostingsPublishDialog *self)
{
  g_return_val_if_fail (POSTINGS_IS_PUBLISH_DIALOG (self), 0);

  return self->changes != NULL ? self->changes->len : 0;
}

const PostingsGitFileChange *
postings_publish_dialog_get_change (PostingsPublishDialog *self,
                                    guint                  position)
{
  g_return_val_if_fail (POSTINGS_IS_PUBLISH_DIALOG (self), NULL);
  g_return_val_if_fail (position < postings_publish_dialog_get_n_changes (self), NULL);

  return g_ptr_array_index (self->changes, position);
}

GtkWidget *
postings_publish_dialog_get_row (PostingsPublishDialog *self,
                                 guint                  position)
{
  g_return_val_if_fail (POSTINGS_IS_PUBLISH_DIALOG (self), NULL);
  g_return_val_if_fail (position < self->rows->len, NULL);

  return g_ptr_array_index (self->rows, position);
}

gboolean
postings_publish_dialog_get_selected (PostingsPublishDialog *self,
                                      guint                  position)
{
  g_return_val_if_fail (POSTINGS_IS_PUBLISH_DIALOG (self), FALSE);
  g_return_val_if_fail (position < self->checks->len, FALSE);

  return gtk_check_button_get_active (g_ptr_array_index (self->checks, position));
}

void
postings_publish_dialog_set_selected (PostingsPublishDialog *self,
                                      guint                  position,
                                      gboolean               selected)
{
  g_return_if_fail (POSTINGS_IS_PUBLISH_DIALOG (self));
  g_return_if_fail (position < self->checks->len);

  gtk_check_button_set_active (g_ptr_array_index (self->checks, position), selected);
}

void
postings_publish_dialog_select_only (PostingsPublishDialog *self,
                                     GFile                 *file)
{
  g_return_if_fail (POSTINGS_IS_PUBLISH_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  for (guint i = 0; i < self->checks->len; i++)
    {
      const PostingsGitFileChange *change = g_ptr_array_index (self->changes, i);

      gtk_check_button_set_active (g_ptr_array_index (self->checks, i), g_file_equal (change->file, file));
    }
}

char *
postings_publish_dialog_dup_message (PostingsPublishDialog *self)
{
  g_return_val_if_fail (POSTINGS_IS_PUBLISH_DIALOG (self), NULL);

  return dup_message (self);
}

gboolean
postings_publish_dialog_needs_author (PostingsPublishDialog *self)
{
  g_return_val_if_fail (POSTINGS_IS_PUBLISH_DIALOG (self), FALSE);

  return needs_author (self);
}

void
postings_publish_dialog_set_author (PostingsPublishDialog *self,
                                    const char            *name,
                                    const char            *email)
{
  g_return_if_fail (POSTINGS_IS_PUBLISH_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name != NULL ? name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->email_row), email != NULL ? email : "");
}

const PostingsGitPublishResult *
postings_publish_dialog_get_result (PostingsPublishDialog *self)
{
  g_return_val_if_fail (POSTINGS_IS_PUBLISH_DIALOG (self), NULL);

  return self->result;
}

const char *
postings_publish_dialog_get_error (PostingsPublishDialog *self)
{
  g_return_val_if_fail (POSTINGS_IS_PUBLISH_DIALOG (self), NULL);

  return self->error;
}
