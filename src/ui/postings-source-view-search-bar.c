/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "postings-source-view-search-bar.h"

struct _PostingsSourceViewSearchBar
{
  GtkWidget parent_instance;

  GtkRevealer *revealer;
  GtkSearchEntry *search_entry;
  GtkEntry *replace_entry;
  GtkWidget *replace_box;
  GtkLabel *occurrences_label;
  GtkToggleButton *case_button;

  GtkSourceView *view;                /* weak */
  GtkSourceSearchSettings *settings;
  GtkSourceSearchContext *context;
};

G_DEFINE_FINAL_TYPE (PostingsSourceViewSearchBar, postings_source_view_search_bar, GTK_TYPE_WIDGET)

static GtkTextBuffer *
get_buffer (PostingsSourceViewSearchBar *self)
{
  return self->view != NULL ? gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view)) : NULL;
}

static void
update_occurrences (PostingsSourceViewSearchBar *self)
{
  GtkTextBuffer *buffer = get_buffer (self);
  g_autofree char *label = NULL;
  const char *text;
  int count, position = -1;

  text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  if (self->context == NULL || buffer == NULL || text == NULL || *text == '\0')
    {
      gtk_label_set_label (self->occurrences_label, "");
      return;
    }

  count = gtk_source_search_context_get_occurrences_count (self->context);
  if (count >= 0)
    {
      GtkTextIter start, end;

      gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
      position = gtk_source_search_context_get_occurrence_position (self->context, &start, &end);
    }

  if (count < 0)
    label = g_strdup ("");
  else if (count == 0)
    label = g_strdup (_("No results"));
  else if (position > 0)
    /* Translators: the position of the selected result among all results, "3 of 12" */
    label = g_strdup_printf (_("%d of %d"), position, count);
  else
    label = g_strdup_printf (ngettext ("%d result", "%d results", count), count);

  gtk_label_set_label (self->occurrences_label, label);
}

static void
select_match (PostingsSourceViewSearchBar *self,
              GtkTextIter                 *start,
              GtkTextIter                 *end)
{
  GtkTextBuffer *buffer = get_buffer (self);

  gtk_text_buffer_select_range (buffer, start, end);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->view),
                                gtk_text_buffer_get_insert (buffer),
                                0.1, FALSE, 0.0, 0.5);
}

gboolean
postings_source_view_search_bar_move (PostingsSourceViewSearchBar *self,
                                      gboolean                     forward)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end, match_start, match_end;
  gboolean wrapped, found;

  g_return_val_if_fail (POSTINGS_IS_SOURCE_VIEW_SEARCH_BAR (self), FALSE);

  buffer = get_buffer (self);
  if (buffer == NULL || self->context == NULL)
    return FALSE;

  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  if (forward)
    found = gtk_source_search_context_forward (self->context, &end, &match_start, &match_end, &wrapped);
  else
    found = gtk_source_search_context_backward (self->context, &start, &match_start, &match_end, &wrapped);

  if (found)
    select_match (self, &match_start, &match_end);
  update_occurrences (self);
  return found;
}

static void
search_changed_cb (PostingsSourceViewSearchBar *self)
{
  GtkTextBuffer *buffer = get_buffer (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  GtkTextIter start, end, match_start, match_end;
  gboolean wrapped;

  gtk_source_search_settings_set_search_text (self->settings, *text != '\0' ? text : NULL);

  if (buffer == NULL || *text == '\0')
    {
      update_occurrences (self);
      return;
    }

  /* Incremental search: stay on the current match while it still matches. */
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  if (gtk_source_search_context_forward (self->context, &start, &match_start, &match_end, &wrapped))
    select_match (self, &match_start, &match_end);
  update_occurrences (self);
}

gboolean
postings_source_view_search_bar_replace (PostingsSourceViewSearchBar *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autoptr(GError) error = NULL;
  const char *replacement;

  g_return_val_if_fail (POSTINGS_IS_SOURCE_VIEW_SEARCH_BAR (self), FALSE);

  buffer = get_buffer (self);
  if (buffer == NULL || self->context == NULL)
    return FALSE;

  replacement = gtk_editable_get_text (GTK_EDITABLE (self->replace_entry));
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  if (gtk_source_search_context_get_occurrence_position (self->context, &start, &end) > 0)
    {
      if (!gtk_source_search_context_replace (self->context, &start, &end, replacement, -1, &error))
        {
          g_debug ("Replace failed: %s", error->message);
          return FALSE;
        }
      gtk_text_buffer_place_cursor (buffer, &end);
    }
  postings_source_view_search_bar_move (self, TRUE);
  return TRUE;
}

guint
postings_source_view_search_bar_replace_all (PostingsSourceViewSearchBar *self)
{
  g_autoptr(GError) error = NULL;
  guint n;

  g_return_val_if_fail (POSTINGS_IS_SOURCE_VIEW_SEARCH_BAR (self), 0);

  if (self->context == NULL)
    return 0;

  n = gtk_source_search_context_replace_all (self->context,
                                             gtk_editable_get_text (GTK_EDITABLE (self->replace_entry)),
                                             -1, &error);
  if (error != NULL)
    g_debug ("Replace all failed: %s", error->message);
  update_occurrences (self);
  return n;
}

void
postings_source_view_search_bar_set_search_text (PostingsSourceViewSearchBar *self,
                                                 const char                  *text)
{
  g_return_if_fail (POSTINGS_IS_SOURCE_VIEW_SEARCH_BAR (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  /* Apply now rather than after the entry's search delay. */
  search_changed_cb (self);
}

void
postings_source_view_search_bar_set_replace_text (PostingsSourceViewSearchBar *self,
                                                  const char                  *text)
{
  g_return_if_fail (POSTINGS_IS_SOURCE_VIEW_SEARCH_BAR (self));
  gtk_editable_set_text (GTK_EDITABLE (self->replace_entry), text != NULL ? text : "");
}

gboolean
postings_source_view_search_bar_get_active (PostingsSourceViewSearchBar *self)
{
  g_return_val_if_fail (POSTINGS_IS_SOURCE_VIEW_SEARCH_BAR (self), FALSE);
  return gtk_revealer_get_reveal_child (self->revealer);
}

void
postings_source_view_search_bar_begin (PostingsSourceViewSearchBar *self,
                                       gboolean                     replace)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_if_fail (POSTINGS_IS_SOURCE_VIEW_SEARCH_BAR (self));

  buffer = get_buffer (self);
  if (buffer != NULL && gtk_text_buffer_get_selection_bounds (buffer, &start, &end)
      && gtk_text_iter_get_line (&start) == gtk_text_iter_get_line (&end))
    {
      g_autofree char *selected = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), selected);
    }

  gtk_widget_set_visible (self->replace_box, replace);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
  if (self->context != NULL)
    gtk_source_search_context_set_highlight (self->context, TRUE);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
  update_occurrences (self);
}

void
postings_source_view_search_bar_dismiss (PostingsSourceViewSearchBar *self)
{
  g_return_if_fail (POSTINGS_IS_SOURCE_VIEW_SEARCH_BAR (self));

  if (!gtk_revealer_get_reveal_child (self->revealer))
    return;

  gtk_revealer_set_reveal_child (self->revealer, FALSE);
  if (self->context != NULL)
    gtk_source_search_context_set_highlight (self->context, FALSE);
  if (self->view != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

void
postings_source_view_search_bar_set_view (PostingsSourceViewSearchBar *self,
                                          GtkSourceView               *view)
{
  g_return_if_fail (POSTINGS_IS_SOURCE_VIEW_SEARCH_BAR (self));
  g_return_if_fail (view == NULL || GTK_SOURCE_IS_VIEW (view));

  if (self->view == view)
    return;

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_clear_object (&self->context);
  if (self->view != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->view), (gpointer *) &self->view);

  self->view = view;

  if (view != NULL)
    {
      GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));

      g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &self->view);
      self->context = gtk_source_search_context_new (buffer, self->settings);
      gtk_source_search_context_set_highlight (self->context,
                                               gtk_revealer_get_reveal_child (self->revealer));
      g_signal_connect_swapped (self->context, "notify::occurrences-count",
                                G_CALLBACK (update_occurrences), self);
    }
}

static void
next_cb (PostingsSourceViewSearchBar *self)
{
  postings_source_view_search_bar_move (self, TRUE);
}

static void
previous_cb (PostingsSourceViewSearchBar *self)
{
  postings_source_view_search_bar_move (self, FALSE);
}

static void
replace_all_cb (PostingsSourceViewSearchBar *self)
{
  postings_source_view_search_bar_replace_all (self);
}

static void
replace_cb (PostingsSourceViewSearchBar *self)
{
  postings_source_view_search_bar_replace (self);
}

static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  PostingsSourceViewSearchBar *self = POSTINGS_SOURCE_VIEW_SEARCH_BAR (widget);

  if (!postings_source_view_search_bar_get_active (self))
    return FALSE;
  postings_source_view_search_bar_dismiss (self);
  return TRUE;
}

static GtkWidget *
icon_button (const char *icon_name,
             const char *label,
             GCallback   callback,
             gpointer    data)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_swapped (button, "clicked", callback, data);
  return button;
}

static void
postings_source_view_search_bar_dispose (GObject *object)
{
  PostingsSourceViewSearchBar *self = POSTINGS_SOURCE_VIEW_SEARCH_BAR (object);
  GtkWidget *child;

  postings_source_view_search_bar_set_view (self, NULL);
  g_clear_object (&self->settings);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (postings_source_view_search_bar_parent_class)->dispose (object);
}

static void
postings_source_view_search_bar_class_init (PostingsSourceViewSearchBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = postings_source_view_search_bar_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SEARCH);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);
}

static void
postings_source_view_search_bar_init (PostingsSourceViewSearchBar *self)
{
  GtkWidget *box, *row, *buttons, *button;

  self->settings = gtk_source_search_settings_new ();
  gtk_source_search_settings_set_wrap_around (self->settings, TRUE);

  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_widget_set_parent (GTK_WIDGET (self->revealer), GTK_WIDGET (self));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (box, "postings-search-bar");
  gtk_revealer_set_child (self->revealer, box);

  /* Find row */
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (box), row);

  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->search_entry), TRUE);
  g_object_set (self->search_entry, "placeholder-text", _("Find"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Find"),
                                  -1);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (next_cb), self);
  g_signal_connect_swapped (self->search_entry, "next-match", G_CALLBACK (next_cb), self);
  g_signal_connect_swapped (self->search_entry, "previous-match", G_CALLBACK (previous_cb), self);
  g_signal_connect_swapped (self->search_entry, "stop-search",
                            G_CALLBACK (postings_source_view_search_bar_dismiss), self);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->search_entry));

  self->occurrences_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->occurrences_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->occurrences_label), "numeric");
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->occurrences_label));

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (buttons, "linked");
  gtk_box_append (GTK_BOX (buttons), icon_button ("go-up-symbolic", _("Previous Result (Ctrl+Shift+G)"),
                                                  G_CALLBACK (previous_cb), self));
  gtk_box_append (GTK_BOX (buttons), icon_button ("go-down-symbolic", _("Next Result (Ctrl+G)"),
                                                  G_CALLBACK (next_cb), self));
  gtk_box_append (GTK_BOX (row), buttons);

  self->case_button = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_label ("Aa"));
  gtk_widget_add_css_class (GTK_WIDGET (self->case_button), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->case_button), _("Match Case"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->case_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Match Case"),
                                  -1);
  g_object_bind_property (self->case_button, "active", self->settings, "case-sensitive",
                          G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->case_button));

  gtk_box_append (GTK_BOX (row), icon_button ("window-close-symbolic", _("Close Search (Escape)"),
                                              G_CALLBACK (postings_source_view_search_bar_dismiss), self));

  /* Replace row */
  self->replace_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (box), self->replace_box);

  self->replace_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->replace_entry), TRUE);
  gtk_entry_set_placeholder_text (self->replace_entry, _("Replace with"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->replace_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Replace with"),
                                  -1);
  g_signal_connect_swapped (self->replace_entry, "activate", G_CALLBACK (replace_cb), self);
  gtk_box_append (GTK_BOX (self->replace_box), GTK_WIDGET (self->replace_entry));

  button = gtk_button_new_with_mnemonic (_("_Replace"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (replace_cb), self);
  gtk_box_append (GTK_BOX (self->replace_box), button);

  button = gtk_button_new_with_mnemonic (_("Replace _All"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (replace_all_cb), self);
  gtk_box_append (GTK_BOX (self->replace_box), button);
}

GtkWidget *
postings_source_view_search_bar_new (void)
{
  return g_object_new (POSTINGS_TYPE_SOURCE_VIEW_SEARCH_BAR, NULL);
}
