/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Undo and Redo of a posting: one history for the form's edits and the
 * text's.
 *
 * Every form edit reaches the header's GtkSourceBuffer as one user action
 * (sync_views() replaces the changed part undoably), and typing in the text
 * is an action of the body's buffer. The two buffers keep their own undo
 * stacks; the page keeps the order between them: a list of runs, each a
 * series of changes of one buffer, with the text (its hash) that buffer had
 * before the run (read when the other buffer's run begins, never per
 * keystroke). Undo undoes in the buffer of the last run until the run's
 * start text is back, then goes on with the run before; Redo replays the
 * same way (an undo a buffer makes by itself follows the same runs).
 * Undoing a form edit gives the file its bytes back.
 *
 * Ctrl+Z and Ctrl+Shift+Z are caught by the page before its entries and
 * views see them, and go to win.undo / win.redo. */
#include "config.h"

#include "postings-editor-page-private.h"

typedef struct
{
  GtkTextBuffer *buffer;   /* unowned: the page's views own them */
  guint          hash;     /* the buffer's text at the start of the run (undo list),
                            * or at its end (redo list) */
} Run;

static GtkTextBuffer *
view_buffer (PostingsSourceView *view)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
}

static guint
text_hash (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  return g_str_hash (text);
}

static Run *
last_run (GArray *runs)
{
  return runs->len > 0 ? &g_array_index (runs, Run, runs->len - 1) : NULL;
}

static void
drop_runs_of (GArray        *runs,
              GtkTextBuffer *buffer)
{
  for (guint i = runs->len; i > 0; i--)
    if (g_array_index (runs, Run, i - 1).buffer == buffer)
      g_array_remove_index (runs, i - 1);
}

static guint *
rest_hash (PostingsEditorPage *self,
           GtkTextBuffer      *buffer)
{
  return &self->rest_hash[buffer == view_buffer (self->source_view) ? 0 : 1];
}

static void
buffer_changed_cb (GtkTextBuffer      *buffer,
                   PostingsEditorPage *self)
{
  Run *run;

  if (self->undo_runs == NULL || self->stepping != NULL)
    return;  /* gone, or an undo or redo: followed by its handlers */

  g_array_set_size (self->redo_runs, 0);
  run = last_run (self->undo_runs);
  if (run == NULL || run->buffer != buffer)
    {
      Run start = { buffer, *rest_hash (self, buffer) };
      GtkTextBuffer *other = buffer == view_buffer (self->source_view)
                           ? view_buffer (self->front_matter_view) : view_buffer (self->source_view);

      g_array_append_val (self->undo_runs, start);
      /* The other buffer rests until its next run: its text now is where
       * that run starts. Reading it only here keeps typing free of it. */
      *rest_hash (self, other) = text_hash (other);
    }
}

/* The first step back (or forward) in a run opens the run that replays it
 * in the other list, from the text before that step. */
static void
step_begin (PostingsEditorPage *self,
            GtkTextBuffer      *buffer,
            GArray             *other)
{
  Run *run = last_run (other);

  self->stepping = buffer;
  if (run == NULL || run->buffer != buffer)
    {
      Run back = { buffer, text_hash (buffer) };

      g_array_append_val (other, back);
    }
}

/* The run is done once its far end is back, or the buffer cannot go on. */
static void
step_end (PostingsEditorPage *self,
          GtkTextBuffer      *buffer,
          GArray             *runs,
          gboolean            can_more)
{
  Run *run = last_run (runs);
  guint hash = text_hash (buffer);

  self->stepping = NULL;
  *rest_hash (self, buffer) = hash;
  if (run != NULL && run->buffer == buffer && (hash == run->hash || !can_more))
    g_array_set_size (runs, runs->len - 1);
  _postings_editor_page_actions_changed (self);
}

static void
before_undo_cb (GtkTextBuffer      *buffer,
                PostingsEditorPage *self)
{
  if (self->undo_runs != NULL)
    step_begin (self, buffer, self->redo_runs);
}

static void
after_undo_cb (GtkTextBuffer      *buffer,
               PostingsEditorPage *self)
{
  if (self->undo_runs != NULL)
    step_end (self, buffer, self->undo_runs, gtk_text_buffer_get_can_undo (buffer));
}

static void
before_redo_cb (GtkTextBuffer      *buffer,
                PostingsEditorPage *self)
{
  if (self->undo_runs != NULL)
    step_begin (self, buffer, self->undo_runs);
}

static void
after_redo_cb (GtkTextBuffer      *buffer,
               PostingsEditorPage *self)
{
  if (self->undo_runs != NULL)
    step_end (self, buffer, self->redo_runs, gtk_text_buffer_get_can_redo (buffer));
}

/* The buffer of the last run that can still step, or NULL. */
static GtkTextBuffer *
target_buffer (PostingsEditorPage *self,
               gboolean            redo)
{
  GArray *runs = redo ? self->redo_runs : self->undo_runs;

  while (runs != NULL && runs->len > 0)
    {
      GtkTextBuffer *buffer = last_run (runs)->buffer;

      if (redo ? gtk_text_buffer_get_can_redo (buffer) : gtk_text_buffer_get_can_undo (buffer))
        return buffer;
      g_array_set_size (runs, runs->len - 1);
    }
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
history_changed_cb (GtkTextBuffer      *buffer,
                    GParamSpec         *pspec,
                    PostingsEditorPage *self)
{
  /* A load (an irreversible action) clears the buffer's history: its runs
   * go, its text is where the next run starts. */
  if (self->undo_runs != NULL && self->stepping == NULL &&
      !gtk_text_buffer_get_can_undo (buffer) && !gtk_text_buffer_get_can_redo (buffer))
    {
      drop_runs_of (self->undo_runs, buffer);
      drop_runs_of (self->redo_runs, buffer);
      *rest_hash (self, buffer) = text_hash (buffer);
    }
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

  self->undo_runs = g_array_new (FALSE, FALSE, sizeof (Run));
  self->redo_runs = g_array_new (FALSE, FALSE, sizeof (Run));

  for (guint i = 0; i < G_N_ELEMENTS (buffers); i++)
    {
      self->rest_hash[i] = text_hash (buffers[i]);
      g_signal_connect_object (buffers[i], "changed", G_CALLBACK (buffer_changed_cb), self, 0);
      g_signal_connect_object (buffers[i], "undo", G_CALLBACK (before_undo_cb), self, 0);
      g_signal_connect_object (buffers[i], "undo", G_CALLBACK (after_undo_cb), self, G_CONNECT_AFTER);
      g_signal_connect_object (buffers[i], "redo", G_CALLBACK (before_redo_cb), self, 0);
      g_signal_connect_object (buffers[i], "redo", G_CALLBACK (after_redo_cb), self, G_CONNECT_AFTER);
      g_signal_connect_object (buffers[i], "notify::can-undo", G_CALLBACK (history_changed_cb), self, 0);
      g_signal_connect_object (buffers[i], "notify::can-redo", G_CALLBACK (history_changed_cb), self, 0);
    }

  /* Before the form's entries and the text views see the keys: one
   * history, whatever has the focus (an entry's own undo would fight it). */
  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "<Control>z", "win.undo");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "<Control><Shift>z", "win.redo");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "<Control>y", "win.redo");
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

void
_postings_editor_page_dispose_undo (PostingsEditorPage *self)
{
  g_clear_pointer (&self->undo_runs, g_array_unref);
  g_clear_pointer (&self->redo_runs, g_array_unref);
}
