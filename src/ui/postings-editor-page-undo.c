/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Undo and Redo of a posting: the form's edits and the text's.
 *
 * Every form edit reaches the header's GtkSourceBuffer as one user action
 * (sync_views() replaces the changed part undoably), and typing in the text
 * is an action of the body's buffer. Undo and Redo act on the part the user
 * is in: the form and the header source share the header's history, the
 * text has its own; from elsewhere (the menu, the preview), on the part
 * changed last. Undoing a form edit gives the file its bytes back.
 *
 * The form's entries keep no history of their own: Ctrl+Z and Ctrl+Shift+Z
 * are caught before them and go to win.undo / win.redo. */
#include "config.h"

#include "postings-editor-page-private.h"

static GtkTextBuffer *
view_buffer (PostingsSourceView *view)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
}

static gboolean
focus_within (PostingsEditorPage *self,
              GtkWidget          *widget)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static gboolean
buffer_can (GtkTextBuffer *buffer,
            gboolean       redo)
{
  return redo ? gtk_text_buffer_get_can_redo (buffer) : gtk_text_buffer_get_can_undo (buffer);
}

/* The buffer Undo (or Redo) acts on, or NULL when there is nothing to do. */
static GtkTextBuffer *
target_buffer (PostingsEditorPage *self,
               gboolean            redo)
{
  GtkTextBuffer *body = view_buffer (self->source_view);
  GtkTextBuffer *header = view_buffer (self->front_matter_view);
  GtkTextBuffer *first;

  if (focus_within (self, GTK_WIDGET (self->source_view)))
    first = body;
  else if (focus_within (self, GTK_WIDGET (self->form)) ||
           focus_within (self, GTK_WIDGET (self->front_matter_view)))
    first = header;
  else
    first = self->last_changed_buffer != NULL ? self->last_changed_buffer : header;

  if (buffer_can (first, redo))
    return first;
  if (buffer_can (first == body ? header : body, redo))
    return first == body ? header : body;
  return NULL;
}

gboolean
postings_editor_page_can_undo (PostingsEditorPage *self)
{
  g_return_val_if_fail (POSTINGS_IS_EDITOR_PAGE (self), FALSE);

  return self->document != NULL && target_buffer (self, FALSE) != NULL;
}

gboolean
postings_editor_page_can_redo (PostingsEditorPage *self)
{
  g_return_val_if_fail (POSTINGS_IS_EDITOR_PAGE (self), FALSE);

  return self->document != NULL && target_buffer (self, TRUE) != NULL;
}

void
postings_editor_page_undo (PostingsEditorPage *self)
{
  GtkTextBuffer *buffer;

  g_return_if_fail (POSTINGS_IS_EDITOR_PAGE (self));

  if (self->document != NULL && (buffer = target_buffer (self, FALSE)) != NULL)
    gtk_text_buffer_undo (buffer);
}

void
postings_editor_page_redo (PostingsEditorPage *self)
{
  GtkTextBuffer *buffer;

  g_return_if_fail (POSTINGS_IS_EDITOR_PAGE (self));

  if (self->document != NULL && (buffer = target_buffer (self, TRUE)) != NULL)
    gtk_text_buffer_redo (buffer);
}

static void
buffer_changed_cb (GtkTextBuffer      *buffer,
                   PostingsEditorPage *self)
{
  self->last_changed_buffer = buffer;
}

static void
history_changed_cb (PostingsEditorPage *self)
{
  _postings_editor_page_actions_changed (self);
}

static void
add_shortcut (GtkShortcutController *controller,
              const char            *trigger,
              const char            *action)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (trigger),
                                                          gtk_named_action_new (action)));
}

void
_postings_editor_page_init_undo (PostingsEditorPage *self)
{
  GtkTextBuffer *buffers[] = { view_buffer (self->source_view), view_buffer (self->front_matter_view) };
  GtkEventController *controller;

  for (guint i = 0; i < G_N_ELEMENTS (buffers); i++)
    {
      g_signal_connect_object (buffers[i], "changed", G_CALLBACK (buffer_changed_cb), self, 0);
      g_signal_connect_object (buffers[i], "notify::can-undo", G_CALLBACK (history_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (buffers[i], "notify::can-redo", G_CALLBACK (history_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }

  /* Before the form's entries and text views see the keys: their own
   * undo would fight the posting's. */
  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "<Control>z", "win.undo");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "<Control><Shift>z", "win.redo");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "<Control>y", "win.redo");
  gtk_widget_add_controller (GTK_WIDGET (self->form), controller);
}
