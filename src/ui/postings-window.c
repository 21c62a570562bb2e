/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "postings-file-chooser.h"
#include "postings-repository.h"
#include "postings-timing.h"
#include "postings-window-private.h"

/* The window only arranges its pages: one PostingsEditorPage per open
 * posting in a stack, the one shown receiving the window's actions. */

G_DEFINE_FINAL_TYPE (PostingsWindow, postings_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SHOW_PREVIEW,
  PROP_PREVIEW_VISIBLE,
  PROP_SHOW_FRONT_MATTER_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Pages ------------------------------------------------------------------ */

PostingsEditorPage *
postings_window_get_visible_page (PostingsWindow *self)
{
  g_return_val_if_fail (POSTINGS_IS_WINDOW (self), NULL);
  return self->visible_page;
}

static GPtrArray *
list_pages (PostingsWindow *self)
{
  GPtrArray *pages = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->pages)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (POSTINGS_IS_EDITOR_PAGE (child))
      g_ptr_array_add (pages, child);
  return pages;
}

PostingsEditorPage *
postings_window_find_page (PostingsWindow *self,
                           GFile          *file)
{
  g_autoptr(GPtrArray) pages = NULL;

  g_return_val_if_fail (POSTINGS_IS_WINDOW (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  pages = list_pages (self);
  for (guint i = 0; i < pages->len; i++)
    {
      GFile *page_file = postings_editor_page_get_file (pages->pdata[i]);

      if (page_file != NULL && g_file_equal (page_file, file))
        return pages->pdata[i];
    }
  return NULL;
}

gboolean
postings_window_get_modified (PostingsWindow *self)
{
  g_autoptr(GPtrArray) pages = NULL;

  g_return_val_if_fail (POSTINGS_IS_WINDOW (self), FALSE);

  pages = list_pages (self);
  for (guint i = 0; i < pages->len; i++)
    if (postings_editor_page_get_modified (pages->pdata[i]))
      return TRUE;
  return FALSE;
}

gboolean
postings_window_is_pristine (PostingsWindow *self)
{
  g_autoptr(GPtrArray) pages = NULL;

  g_return_val_if_fail (POSTINGS_IS_WINDOW (self), FALSE);

  pages = list_pages (self);
  return pages->len == 0
      || (pages->len == 1 && postings_editor_page_is_pristine (pages->pdata[0]));
}

GFile *
postings_window_get_repository_root (PostingsWindow *self)
{
  g_return_val_if_fail (POSTINGS_IS_WINDOW (self), NULL);

  if (self->visible_page == NULL)
    return NULL;
  return postings_editor_page_get_repository_root (self->visible_page);
}

static void
update_title (PostingsWindow *self)
{
  const char *title = self->visible_page != NULL
                    ? postings_editor_page_get_title (self->visible_page)
                    : NULL;

  gtk_window_set_title (GTK_WINDOW (self), title != NULL ? title : _("Postings"));
}

static void
page_actions_changed_cb (PostingsWindow     *self,
                         PostingsEditorPage *page)
{
  if (page == self->visible_page)
    _postings_window_update_actions (self);
}

static void
page_title_changed_cb (PostingsWindow     *self,
                       GParamSpec         *pspec,
                       PostingsEditorPage *page)
{
  if (page == self->visible_page)
    update_title (self);
}

static void
page_preview_visible_cb (PostingsWindow     *self,
                         GParamSpec         *pspec,
                         PostingsEditorPage *page)
{
  if (page == self->visible_page)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEW_VISIBLE]);
}

static void close_after_saves (PostingsWindow *self);

static void
page_save_finished_cb (PostingsWindow     *self,
                       gboolean            saved,
                       PostingsEditorPage *page)
{
  if (!self->closing)
    return;
  if (!saved)
    self->closing = FALSE;
  else
    close_after_saves (self);
}

static void
visible_child_cb (PostingsWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->pages);
  PostingsEditorPage *page = POSTINGS_IS_EDITOR_PAGE (child) ? POSTINGS_EDITOR_PAGE (child) : NULL;

  if (page == self->visible_page)
    return;

  /* Only the page shown answers F10. */
  if (self->visible_page != NULL)
    postings_editor_page_set_primary (self->visible_page, FALSE);
  self->visible_page = page;
  if (page != NULL)
    postings_editor_page_set_primary (page, TRUE);

  update_title (self);
  _postings_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEW_VISIBLE]);
}

static PostingsEditorPage *
add_page (PostingsWindow *self)
{
  PostingsEditorPage *page = postings_editor_page_new ();

  /* The window's preferences are every page's. */
  g_object_bind_property (self, "show-preview", page, "show-preview",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "show-front-matter-source", page, "show-front-matter-source",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  g_signal_connect_object (page, "actions-changed", G_CALLBACK (page_actions_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::title", G_CALLBACK (page_title_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::preview-visible", G_CALLBACK (page_preview_visible_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "save-finished", G_CALLBACK (page_save_finished_cb), self, G_CONNECT_SWAPPED);

  gtk_stack_add_child (self->pages, GTK_WIDGET (page));
  return page;
}

static void
show_page (PostingsWindow     *self,
           PostingsEditorPage *page)
{
  gtk_stack_set_visible_child (self->pages, GTK_WIDGET (page));
  visible_child_cb (self);
}

void
postings_window_open (PostingsWindow *self,
                      GFile          *file)
{
  PostingsEditorPage *page;

  g_return_if_fail (POSTINGS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  page = postings_window_find_page (self, file);
  if (page == NULL)
    {
      /* An untouched new posting gives its place. */
      page = self->visible_page;
      if (page == NULL || !postings_editor_page_is_pristine (page))
        page = add_page (self);
      postings_editor_page_load (page, file);
    }
  show_page (self, page);
}

void
postings_window_new_posting (PostingsWindow *self,
                             GFile          *repository_root)
{
  PostingsEditorPage *page;

  g_return_if_fail (POSTINGS_IS_WINDOW (self));

  page = self->visible_page;
  if (page == NULL || !postings_editor_page_is_pristine (page))
    page = add_page (self);
  show_page (self, page);
  postings_editor_page_new_posting (page, repository_root);
}

void
_postings_window_new_posting_here (PostingsWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GFile *root = postings_window_get_repository_root (self);
  g_autofree char *uri = root != NULL ? g_file_get_uri (root) : g_strdup ("");

  if (postings_window_is_pristine (self) && self->visible_page != NULL)
    {
      /* Already a blank new posting: nothing to keep, stay here. */
      gtk_window_present (GTK_WINDOW (self));
      return;
    }

  /* The application decides where it goes (a window of its own). */
  if (app != NULL && g_action_group_has_action (G_ACTION_GROUP (app), "new-posting"))
    g_action_group_activate_action (G_ACTION_GROUP (app), "new-posting", g_variant_new_string (uri));
  else
    postings_window_new_posting (self, root);
}

/* Opening ---------------------------------------------------------------- */

static void
open_chooser_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PostingsWindow) self = user_data;
  g_autoptr(GFile) file = postings_file_chooser_finish (result);
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  if (file == NULL)
    return;
  /* The application finds the window that shows it, or uses this one. */
  if (app != NULL)
    g_application_open (app, &file, 1, "");
  else
    postings_window_open (self, file);
}

void
_postings_window_open_dialog (PostingsWindow *self)
{
  g_autoptr(GFile) folder = NULL;
  GFile *file = self->visible_page != NULL ? postings_editor_page_get_file (self->visible_page) : NULL;
  GFile *root = postings_window_get_repository_root (self);

  if (file != NULL)
    folder = g_file_get_parent (file);
  else if (root != NULL)
    folder = postings_repository_get_jobs_dir (root);

  postings_file_chooser_open (GTK_WINDOW (self), folder, self->cancellable, open_chooser_cb, g_object_ref (self));
}

/* Start-up timing and the ready notification ----------------------------- */

static void
after_paint_cb (GdkFrameClock  *clock,
                PostingsWindow *self)
{
  if (self->reported_ready || self->visible_page == NULL
      || !postings_editor_page_is_ready_to_show (self->visible_page))
    return;
  /* A frame painted with the posting and its preview. */
  if (++self->frames_with_document < 2)
    return;

  self->reported_ready = TRUE;
  g_signal_handler_disconnect (clock, self->after_paint_id);
  self->after_paint_id = 0;
  postings_timing_report_ready ();
}

static void
postings_window_map (GtkWidget *widget)
{
  PostingsWindow *self = POSTINGS_WINDOW (widget);
  GdkFrameClock *clock;

  GTK_WIDGET_CLASS (postings_window_parent_class)->map (widget);

  if (self->reported_ready || self->after_paint_id != 0 || !postings_timing_wanted ())
    return;

  clock = gtk_widget_get_frame_clock (widget);
  if (clock != NULL)
    self->after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), self);
}

static void
postings_window_unmap (GtkWidget *widget)
{
  PostingsWindow *self = POSTINGS_WINDOW (widget);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  if (self->after_paint_id != 0 && clock != NULL)
    g_signal_handler_disconnect (clock, self->after_paint_id);
  self->after_paint_id = 0;

  GTK_WIDGET_CLASS (postings_window_parent_class)->unmap (widget);
}

/* Closing ---------------------------------------------------------------- */

static void
clear_dialog (PostingsWindow *self)
{
  self->dialog = NULL;
}

static gboolean
close_idle_cb (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
close_soon (PostingsWindow *self)
{
  self->close_confirmed = TRUE;
  /* Not from within a dialog's own signal: the dialog is still using its
   * parent. */
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, close_idle_cb, g_object_ref (self), g_object_unref);
}

static GPtrArray *
list_modified_pages (PostingsWindow *self)
{
  g_autoptr(GPtrArray) pages = list_pages (self);
  GPtrArray *modified = g_ptr_array_new ();

  for (guint i = 0; i < pages->len; i++)
    if (postings_editor_page_get_modified (pages->pdata[i]))
      g_ptr_array_add (modified, pages->pdata[i]);
  return modified;
}

/* After "Save": closes once every page is saved. */
static void
close_after_saves (PostingsWindow *self)
{
  g_autoptr(GPtrArray) pages = list_pages (self);

  for (guint i = 0; i < pages->len; i++)
    if (postings_editor_page_is_saving (pages->pdata[i])
        || postings_editor_page_get_modified (pages->pdata[i]))
      return;

  self->closing = FALSE;
  close_soon (self);
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   PostingsWindow   *self)
{
  g_autoptr(GPtrArray) modified = list_modified_pages (self);

  if (g_strcmp0 (response, "discard") == 0)
    {
      for (guint i = 0; i < modified->len; i++)
        postings_editor_page_discard_changes (modified->pdata[i]);
      close_soon (self);
    }
  else if (g_strcmp0 (response, "save") == 0)
    {
      self->closing = TRUE;
      for (guint i = 0; i < modified->len; i++)
        postings_editor_page_save (modified->pdata[i]);
    }
}

static gboolean
postings_window_close_request (GtkWindow *window)
{
  PostingsWindow *self = POSTINGS_WINDOW (window);
  g_autoptr(GPtrArray) modified = list_modified_pages (self);
  g_autoptr(GPtrArray) pages = NULL;

  if (!self->close_confirmed && modified->len > 0)
    {
      g_autofree char *body = NULL;
      AdwMessageDialog *dialog;

      if (self->dialog != NULL)
        {
          gtk_window_present (GTK_WINDOW (self->dialog));
          return TRUE;
        }

      /* The page that has the changes is the one to look at. */
      show_page (self, modified->pdata[0]);
      body = g_strdup_printf (_("“%s” has changes that are not saved. "
                                "If you discard them, they are lost."),
                              postings_editor_page_get_title (modified->pdata[0]) + strlen ("• "));
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"), body));
      self->dialog = dialog;
      g_signal_connect_object (dialog, "response", G_CALLBACK (clear_dialog), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (dialog, "destroy", G_CALLBACK (clear_dialog), self, G_CONNECT_SWAPPED);
      adw_message_dialog_add_responses (dialog,
                                        "cancel", _("_Cancel"),
                                        "discard", _("_Discard"),
                                        "save", _("_Save"),
                                        NULL);
      adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "save");
      adw_message_dialog_set_close_response (dialog, "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return TRUE;
    }

  pages = list_pages (self);
  for (guint i = 0; i < pages->len; i++)
    postings_editor_page_closed (pages->pdata[i]);
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (postings_window_parent_class)->close_request (window);
}

AdwMessageDialog *
_postings_window_get_dialog (PostingsWindow *self)
{
  return self->dialog;
}

/* GObject ---------------------------------------------------------------- */

static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_message ("The settings schema %s is not installed: window size and panes are not remembered", APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static void
bind_settings (PostingsWindow *self)
{
  /* Read once, then write back: two windows do not resize each other. */
  const GSettingsBindFlags flags = G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_GET_NO_CHANGES;

  self->settings = create_settings ();
  if (self->settings == NULL)
    return;

  g_settings_bind (self->settings, "window-width", self, "default-width", flags);
  g_settings_bind (self->settings, "window-height", self, "default-height", flags);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", flags);
  g_settings_bind (self->settings, "show-preview", self, "show-preview", flags);
  g_settings_bind (self->settings, "show-front-matter-source", self, "show-front-matter-source", flags);
}

static void
postings_window_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PostingsWindow *self = POSTINGS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_PREVIEW:
      g_value_set_boolean (value, self->show_preview);
      break;
    case PROP_PREVIEW_VISIBLE:
      g_value_set_boolean (value, self->visible_page != NULL
                                  ? postings_editor_page_get_preview_visible (self->visible_page)
                                  : self->show_preview);
      break;
    case PROP_SHOW_FRONT_MATTER_SOURCE:
      g_value_set_boolean (value, self->show_front_matter_source);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
postings_window_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PostingsWindow *self = POSTINGS_WINDOW (object);
  gboolean b;

  switch (prop_id)
    {
    case PROP_SHOW_PREVIEW:
      b = g_value_get_boolean (value);
      if (self->show_preview != b)
        {
          self->show_preview = b;
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_PREVIEW_VISIBLE:
      if (self->visible_page != NULL)
        postings_editor_page_set_preview_visible (self->visible_page, g_value_get_boolean (value));
      break;
    case PROP_SHOW_FRONT_MATTER_SOURCE:
      b = g_value_get_boolean (value);
      if (self->show_front_matter_source != b)
        {
          self->show_front_matter_source = b;
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
postings_window_dispose (GObject *object)
{
  PostingsWindow *self = POSTINGS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  self->visible_page = NULL;
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));

  gtk_widget_dispose_template (GTK_WIDGET (self), POSTINGS_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (postings_window_parent_class)->dispose (object);
}

static void
postings_window_finalize (GObject *object)
{
  PostingsWindow *self = POSTINGS_WINDOW (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (postings_window_parent_class)->finalize (object);
}

static void
postings_window_class_init (PostingsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = postings_window_dispose;
  object_class->finalize = postings_window_finalize;
  object_class->get_property = postings_window_get_property;
  object_class->set_property = postings_window_set_property;

  widget_class->map = postings_window_map;
  widget_class->unmap = postings_window_unmap;

  window_class->close_request = postings_window_close_request;

  properties[PROP_SHOW_PREVIEW] =
    g_param_spec_boolean ("show-preview", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREVIEW_VISIBLE] =
    g_param_spec_boolean ("preview-visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_FRONT_MATTER_SOURCE] =
    g_param_spec_boolean ("show-front-matter-source", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (POSTINGS_TYPE_EDITOR_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/culture/Postings/ui/postings-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, pages);
  gtk_widget_class_bind_template_callback (widget_class, visible_child_cb);

  _postings_window_class_init_actions (klass);
}

static void
postings_window_init (PostingsWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->show_preview = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  bind_settings (self);
  update_title (self);
  _postings_window_update_actions (self);
}

PostingsWindow *
postings_window_new (GtkApplication *application)
{
  return g_object_new (POSTINGS_TYPE_WINDOW, "application", application, NULL);
}
