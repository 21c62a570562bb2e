/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "postings-preview-view.h"

struct _PostingsPreviewView
{
  GtkWidget         parent_instance;

  GtkWidget        *scrolled;
  GtkWidget        *text_view;
  PostingsDocument *document;
  guint             redraw_count;
};

G_DEFINE_FINAL_TYPE (PostingsPreviewView, postings_preview_view, GTK_TYPE_WIDGET)

static void
postings_preview_view_dispose (GObject *object)
{
  PostingsPreviewView *self = POSTINGS_PREVIEW_VIEW (object);

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  self->text_view = NULL;
  g_clear_object (&self->document);

  G_OBJECT_CLASS (postings_preview_view_parent_class)->dispose (object);
}

static void
postings_preview_view_class_init (PostingsPreviewViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = postings_preview_view_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
postings_preview_view_init (PostingsPreviewView *self)
{
  self->scrolled = gtk_scrolled_window_new ();
  self->text_view = gtk_text_view_new ();
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->text_view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (self->text_view), FALSE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->text_view), GTK_WRAP_WORD_CHAR);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), self->text_view);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
}

GtkWidget *
postings_preview_view_new (void)
{
  return g_object_new (POSTINGS_TYPE_PREVIEW_VIEW, NULL);
}

void
postings_preview_view_set_document (PostingsPreviewView *self,
                                    PostingsDocument    *document)
{
  g_return_if_fail (POSTINGS_IS_PREVIEW_VIEW (self));
  g_return_if_fail (document == NULL || POSTINGS_IS_DOCUMENT (document));

  g_set_object (&self->document, document);
}

char *
postings_preview_view_dup_header_text (PostingsPreviewView *self)
{
  g_return_val_if_fail (POSTINGS_IS_PREVIEW_VIEW (self), NULL);

  return g_strdup ("");
}

char *
postings_preview_view_dup_text (PostingsPreviewView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (POSTINGS_IS_PREVIEW_VIEW (self), NULL);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->text_view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

guint
postings_preview_view_get_redraw_count (PostingsPreviewView *self)
{
  g_return_val_if_fail (POSTINGS_IS_PREVIEW_VIEW (self), 0);

  return self->redraw_count;
}

void
postings_preview_view_flush (PostingsPreviewView *self)
{
  g_return_if_fail (POSTINGS_IS_PREVIEW_VIEW (self));
}
