/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "postings-application.h"
#include "postings-clone-dialog.h"
#include "postings-image-insert.h"
#include "postings-print.h"
#include "postings-publish-dialog.h"
#include "postings-window-private.h"

/* The window's `win.*` actions and their keys. Every key bound here is
 * listed in data/ui/help-overlay.ui (a UI test checks it). F10 opens the
 * main menu (a GtkMenuButton with "primary" set); Ctrl+? the shortcuts
 * window (GtkApplication's win.show-help-overlay); Ctrl+Q is app.quit. */

static PostingsEditorPage *
visible_page (GtkWidget *widget)
{
  return postings_window_get_visible_page (POSTINGS_WINDOW (widget));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  _postings_window_open_dialog (POSTINGS_WINDOW (widget));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  _postings_window_new_posting_here (POSTINGS_WINDOW (widget));
}

static void
window_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PostingsWindow *self = POSTINGS_WINDOW (widget);

  if (g_str_equal (action_name, "win.open-site"))
    _postings_window_open_site_dialog (self);
  else if (g_str_equal (action_name, "win.search-postings"))
    _postings_window_search_postings (self);
  else if (g_str_equal (action_name, "win.show-sidebar"))
    _postings_window_show_sidebar (self);
  else if (g_str_equal (action_name, "win.close-expired"))
    _postings_window_close_expired (self);
}

/* The site got opens here when nothing else is shown (else in a window of
 * its own, as Open Site does). */
static void
cloned_cb (PostingsCloneDialog *dialog,
           GFile               *folder,
           PostingsWindow      *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(PostingsSite) site = NULL;
  g_autoptr(GError) error = NULL;

  site = postings_site_new (folder, &error);
  if (site == NULL)
    postings_window_show_message (self, error->message);
  else if (POSTINGS_IS_APPLICATION (app))
    postings_application_open_site (POSTINGS_APPLICATION (app), site, NULL, GTK_WINDOW (self));
  else if (postings_window_get_site (self) == NULL)
    postings_window_set_site (self, site);
}

static void
published_cb (PostingsPublishDialog *dialog,
              PostingsWindow        *self)
{
  _postings_window_git_refresh (self);
}

/* Publishing and getting a site: the git dialogs (postings-git.h). */
static void
git_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  PostingsWindow *self = POSTINGS_WINDOW (widget);

  if (g_str_equal (action_name, "win.get-site"))
    {
      PostingsCloneDialog *dialog = postings_clone_dialog_new (GTK_WINDOW (self));

      g_signal_connect_object (dialog, "cloned", G_CALLBACK (cloned_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else if (g_str_equal (action_name, "win.publish") && self->site != NULL)
    {
      GFile *root = postings_site_get_root (self->site);
      PostingsPublishDialog *dialog;

      if (root == NULL)
        return;
      dialog = postings_publish_dialog_new (GTK_WINDOW (self), root);
      g_signal_connect_object (dialog, "published", G_CALLBACK (published_cb), self, 0);
      if (self->visible_page != NULL && postings_editor_page_get_file (self->visible_page) != NULL)
        postings_publish_dialog_select_only (dialog, postings_editor_page_get_file (self->visible_page));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else if (g_str_equal (action_name, "win.update"))
    _postings_window_git_update (self);
}

/* Writing aids and export of the page shown (postings-image-insert.h,
 * postings-print.h). */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PostingsEditorPage *page = visible_page (widget);
  PostingsDocument *document;
  GFile *file;

  if (page == NULL || (document = postings_editor_page_get_document (page)) == NULL)
    return;
  file = postings_editor_page_get_file (page);

  if (g_str_equal (action_name, "win.insert-image"))
    postings_image_insert_choose (GTK_WINDOW (widget),
                                  GTK_TEXT_VIEW (_postings_editor_page_get_source_view (page)), file);
  else if (g_str_equal (action_name, "win.copy-formatted"))
    postings_print_copy_formatted (widget, document, file);
  else if (g_str_equal (action_name, "win.export-pdf"))
    postings_print_export_pdf (GTK_WINDOW (widget), document, file);
  else if (g_str_equal (action_name, "win.print"))
    postings_print_run (GTK_WINDOW (widget), document, file);
}

/* The actions of the page shown. */
static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PostingsEditorPage *page = visible_page (widget);
  const char *name = action_name + strlen ("win.");

  if (page == NULL)
    return;

  if (g_str_equal (name, "save"))
    postings_editor_page_save (page);
  else if (g_str_equal (name, "save-as"))
    postings_editor_page_save_as (page);
  else if (g_str_equal (name, "restore-draft"))
    postings_editor_page_restore_draft (page);
  else if (g_str_equal (name, "edit-front-matter"))
    postings_editor_page_edit_front_matter (page);
  else if (g_str_equal (name, "undo"))
    postings_editor_page_undo (page);
  else if (g_str_equal (name, "redo"))
    postings_editor_page_redo (page);
  else if (g_str_equal (name, "find") || g_str_equal (name, "replace"))
    postings_editor_page_find (page, g_str_equal (name, "replace"));
  else if (g_str_equal (name, "find-next") || g_str_equal (name, "find-previous"))
    postings_editor_page_find_next (page, g_str_equal (name, "find-next"));
  else if (g_str_has_prefix (name, "format-"))
    postings_editor_page_format (page, name + strlen ("format-"));
}

static void
heading_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PostingsEditorPage *page = visible_page (widget);
  gint32 level = g_variant_get_int32 (param);

  if (page != NULL && level >= 0 && level <= 6)
    postings_editor_page_set_heading (page, (guint) level);
}

void
_postings_window_update_actions (PostingsWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  PostingsEditorPage *page = self->visible_page;
  gboolean has_document = page != NULL && postings_editor_page_get_document (page) != NULL;
  gboolean saving = page != NULL && postings_editor_page_is_saving (page);
  const char *page_actions[] = {
    "win.find", "win.replace", "win.find-next", "win.find-previous",
    "win.format-bold", "win.format-italic", "win.format-link", "win.heading",
    "win.show-preview", "win.show-front-matter-source",
  };

  gtk_widget_action_set_enabled (widget, "win.save", has_document && !saving);
  gtk_widget_action_set_enabled (widget, "win.save-as", has_document && !saving);
  gtk_widget_action_set_enabled (widget, "win.restore-draft",
                                 page != NULL && postings_editor_page_has_pending_draft (page));
  gtk_widget_action_set_enabled (widget, "win.edit-front-matter", has_document);
  gtk_widget_action_set_enabled (widget, "win.undo", has_document && postings_editor_page_can_undo (page));
  gtk_widget_action_set_enabled (widget, "win.redo", has_document && postings_editor_page_can_redo (page));
  for (guint i = 0; i < G_N_ELEMENTS (page_actions); i++)
    gtk_widget_action_set_enabled (widget, page_actions[i], page != NULL);

  gtk_widget_action_set_enabled (widget, "win.search-postings", self->site != NULL);
  gtk_widget_action_set_enabled (widget, "win.show-sidebar", self->site != NULL);
  gtk_widget_action_set_enabled (widget, "win.close-expired", self->site != NULL);
  /* Publish when git sees changes; Update a site that has a remote. */
  gtk_widget_action_set_enabled (widget, "win.publish", _postings_window_git_can_publish (self));
  gtk_widget_action_set_enabled (widget, "win.update", _postings_window_git_can_update (self));
  gtk_widget_set_visible (self->update_button, _postings_window_git_has_remote (self));
  gtk_widget_action_set_enabled (widget, "win.insert-image", has_document);
  gtk_widget_action_set_enabled (widget, "win.copy-formatted", has_document);
  gtk_widget_action_set_enabled (widget, "win.export-pdf", has_document);
  gtk_widget_action_set_enabled (widget, "win.print", has_document);
}

void
_postings_window_class_init_actions (PostingsWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "win.open-site", NULL, window_action);
  gtk_widget_class_install_action (widget_class, "win.search-postings", NULL, window_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, window_action);
  gtk_widget_class_install_action (widget_class, "win.close-expired", NULL, window_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "win.restore-draft", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "win.edit-front-matter", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "win.replace", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "win.find-next", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "win.find-previous", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "win.format-bold", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "win.format-italic", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "win.format-link", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "win.heading", "i", heading_action);
  gtk_widget_class_install_action (widget_class, "win.get-site", NULL, git_action);
  gtk_widget_class_install_action (widget_class, "win.publish", NULL, git_action);
  gtk_widget_class_install_action (widget_class, "win.update", NULL, git_action);
  gtk_widget_class_install_action (widget_class, "win.insert-image", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.copy-formatted", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-pdf", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, export_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-preview", "preview-visible");
  gtk_widget_class_install_property_action (widget_class, "win.show-front-matter-source",
                                            "show-front-matter-source");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.open-site", NULL);
  /* Ctrl+K is "insert a link": the list's search is Ctrl+Shift+F. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.search-postings", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.print", NULL);
  /* The text views undo themselves first; elsewhere, the posting's history. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK, "win.replace", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "win.find-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.find-previous", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK, "win.format-bold", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.format-italic", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.format-link", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "win.heading", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK, "win.heading", "i", 2);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK, "win.heading", "i", 3);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.heading", "i", 0);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.show-preview", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.show-front-matter-source", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.edit-front-matter", NULL);
}
