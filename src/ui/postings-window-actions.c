/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "postings-window-private.h"

/* The window's `win.*` actions and their keys. Every key bound here is
 * listed in data/ui/help-overlay.ui (a UI test checks it). F10 opens the
 * main menu (a GtkMenuButton with "primary" set); Ctrl+? the shortcuts
 * window (GtkApplication's win.show-help-overlay); Ctrl+Q is app.quit. */

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
  PostingsWindow *self = POSTINGS_WINDOW (widget);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (postings_window_is_pristine (self))
    {
      /* Already a blank new posting: nothing to keep, stay here. */
      gtk_window_present (GTK_WINDOW (self));
      return;
    }

  if (POSTINGS_IS_APPLICATION (app))
    postings_application_new_posting (POSTINGS_APPLICATION (app), GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  _postings_window_save (POSTINGS_WINDOW (widget));
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  _postings_window_save_as (POSTINGS_WINDOW (widget));
}

static void
restore_draft_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  _postings_window_restore_draft (POSTINGS_WINDOW (widget));
}

static void
edit_front_matter_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  _postings_window_edit_front_matter (POSTINGS_WINDOW (widget));
}

static void
show_editor (PostingsWindow *self)
{
  /* In a narrow window the preview may be hiding the editor. */
  if (self->narrow && self->preview_visible)
    _postings_window_set_preview_visible (self, FALSE);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PostingsWindow *self = POSTINGS_WINDOW (widget);

  show_editor (self);
  postings_source_view_search_bar_begin (self->search_bar, g_str_equal (action_name, "win.replace"));
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  PostingsWindow *self = POSTINGS_WINDOW (widget);

  if (!postings_source_view_search_bar_get_active (self->search_bar))
    {
      show_editor (self);
      postings_source_view_search_bar_begin (self->search_bar, FALSE);
      return;
    }
  postings_source_view_search_bar_move (self->search_bar, g_str_equal (action_name, "win.find-next"));
}

/* Formatting applies to the Markdown text, when the user is in it. */
static PostingsSourceView *
get_focused_source_view (PostingsWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus != NULL && (focus == GTK_WIDGET (self->source_view)
                        || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->source_view))))
    return self->source_view;
  return NULL;
}

static void
format_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PostingsWindow *self = POSTINGS_WINDOW (widget);
  PostingsSourceView *view = get_focused_source_view (self);

  if (view == NULL)
    return;

  if (g_str_equal (action_name, "win.format-bold"))
    postings_source_view_toggle_emphasis (view, "**");
  else if (g_str_equal (action_name, "win.format-italic"))
    postings_source_view_toggle_emphasis (view, "_");
  else if (g_str_equal (action_name, "win.format-link"))
    postings_source_view_insert_link (view);
}

static void
heading_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PostingsWindow *self = POSTINGS_WINDOW (widget);
  PostingsSourceView *view = get_focused_source_view (self);
  gint32 level = g_variant_get_int32 (param);

  if (view != NULL && level >= 0 && level <= 6)
    postings_source_view_set_heading (view, (guint) level);
}

void
_postings_window_update_actions (PostingsWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_document = self->document != NULL;
  gboolean saving = self->busy > 0;

  gtk_widget_action_set_enabled (widget, "win.save", has_document && !saving);
  gtk_widget_action_set_enabled (widget, "win.save-as", has_document && !saving);
  gtk_widget_action_set_enabled (widget, "win.restore-draft", self->pending_draft != NULL);
  gtk_widget_action_set_enabled (widget, "win.edit-front-matter", has_document);
}

void
_postings_window_class_init_actions (PostingsWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.restore-draft", NULL, restore_draft_action);
  gtk_widget_class_install_action (widget_class, "win.edit-front-matter", NULL, edit_front_matter_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.replace", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "win.find-previous", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "win.format-bold", NULL, format_action);
  gtk_widget_class_install_action (widget_class, "win.format-italic", NULL, format_action);
  gtk_widget_class_install_action (widget_class, "win.format-link", NULL, format_action);
  gtk_widget_class_install_action (widget_class, "win.heading", "i", heading_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-preview", "preview-visible");
  gtk_widget_class_install_property_action (widget_class, "win.show-front-matter-source",
                                            "show-front-matter-source");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);

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
