/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "postings-form.h"

struct _PostingsForm
{
  GtkWidget         parent_instance;

  GtkWidget        *scrolled;
  GtkWidget        *box;
  PostingsDocument *document;
  PostingsSchema   *schema;
  GHashTable       *rows;   /* key → GtkWidget (borrowed) */
};

G_DEFINE_FINAL_TYPE (PostingsForm, postings_form, GTK_TYPE_WIDGET)

static void
postings_form_dispose (GObject *object)
{
  PostingsForm *self = POSTINGS_FORM (object);

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_object (&self->document);
  self->schema = NULL;

  G_OBJECT_CLASS (postings_form_parent_class)->dispose (object);
}

static void
postings_form_class_init (PostingsFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = postings_form_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
postings_form_init (PostingsForm *self)
{
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->scrolled = gtk_scrolled_window_new ();
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), self->box);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
}

GtkWidget *
postings_form_new (void)
{
  return g_object_new (POSTINGS_TYPE_FORM, NULL);
}

void
postings_form_set_document (PostingsForm     *self,
                            PostingsDocument *document)
{
  g_return_if_fail (POSTINGS_IS_FORM (self));
  g_return_if_fail (document == NULL || POSTINGS_IS_DOCUMENT (document));

  g_set_object (&self->document, document);
}

void
postings_form_set_schema (PostingsForm   *self,
                          PostingsSchema *schema)
{
  g_return_if_fail (POSTINGS_IS_FORM (self));

  self->schema = schema;
}

GtkWidget *
postings_form_get_row (PostingsForm *self,
                       const char   *key)
{
  g_return_val_if_fail (POSTINGS_IS_FORM (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (self->rows, key);
}
