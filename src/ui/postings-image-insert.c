/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "postings-data-uri.h"
#include "postings-image.h"
#include "postings-image-insert.h"
#include "postings-schema.h"

static guint n_pending;

typedef struct
{
  GtkTextView *view;       /* a reference */
  GtkTextMark *mark;       /* where the link goes */
  GFile       *image;
  GFile       *posting;
  char        *site_path;  /* the result */
} Insertion;

static void
insertion_free (Insertion *insertion)
{
  GtkTextBuffer *buffer = gtk_text_mark_get_buffer (insertion->mark);

  if (buffer != NULL)
    gtk_text_buffer_delete_mark (buffer, insertion->mark);
  g_object_unref (insertion->mark);
  g_object_unref (insertion->view);
  g_object_unref (insertion->image);
  g_clear_object (&insertion->posting);
  g_free (insertion->site_path);
  g_free (insertion);
}

static void
show_error (GtkWidget  *widget,
            const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  /* Translators: %s says why */
  g_autofree char *title = g_strdup_printf (_("The image was not added: %s"), message);

  if (overlay != NULL)
    {
      AdwToast *toast = adw_toast_new (title);

      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
    }
  else
    g_message ("%s", title);
}

static void
copy_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Insertion *insertion = task_data;
  g_autoptr(PostingsSchema) schema = NULL;
  g_autoptr(GFile) root = NULL;
  GError *error = NULL;

  if (insertion->posting == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                               _("save the posting in a site’s folder first: its images go into the site."));
      return;
    }

  schema = postings_schema_load_for_file (insertion->posting, &root, &error);
  if (schema == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (root == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                               _("this posting is not inside a site (a folder holding “content/”), so there is no images folder."));
      return;
    }

  if (!postings_image_copy_into_site (insertion->image, root, postings_schema_get_images_folder (schema),
                                      NULL, &insertion->site_path, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
copy_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = G_TASK (result);
  Insertion *insertion = g_task_get_task_data (task);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (insertion->view);
  g_autoptr(GError) error = NULL;
  g_autofree char *markdown = NULL;
  const char *description = _("image description");
  GtkTextIter at, start, end;
  int offset;

  n_pending--;

  if (!g_task_propagate_boolean (task, &error))
    {
      show_error (GTK_WIDGET (insertion->view), error->message);
      return;
    }
  if (gtk_text_mark_get_deleted (insertion->mark))
    return;

  /* `![image description](/img/jobs/name.png)`, the description selected. */
  markdown = postings_image_markdown (description, insertion->site_path);
  gtk_text_buffer_get_iter_at_mark (buffer, &at, insertion->mark);
  offset = gtk_text_iter_get_offset (&at);

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_insert_interactive (buffer, &at, markdown, -1, gtk_text_view_get_editable (insertion->view));
  gtk_text_buffer_end_user_action (buffer);

  gtk_text_buffer_get_iter_at_offset (buffer, &start, offset + 2);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, offset + 2 + g_utf8_strlen (description, -1));
  gtk_text_buffer_select_range (buffer, &start, &end);
  gtk_widget_grab_focus (GTK_WIDGET (insertion->view));
  gtk_text_view_scroll_mark_onscreen (insertion->view, gtk_text_buffer_get_insert (buffer));
}

void
postings_image_insert_file (GtkTextView       *view,
                            GFile             *image,
                            GFile             *posting,
                            const GtkTextIter *location)
{
  GtkTextBuffer *buffer;
  g_autoptr(GTask) task = NULL;
  Insertion *insertion;
  GtkTextIter at;

  g_return_if_fail (GTK_IS_TEXT_VIEW (view));
  g_return_if_fail (G_IS_FILE (image));
  g_return_if_fail (posting == NULL || G_IS_FILE (posting));

  buffer = gtk_text_view_get_buffer (view);
  if (location != NULL)
    at = *location;
  else
    gtk_text_buffer_get_iter_at_mark (buffer, &at, gtk_text_buffer_get_insert (buffer));

  insertion = g_new0 (Insertion, 1);
  insertion->view = g_object_ref (view);
  insertion->mark = g_object_ref (gtk_text_buffer_create_mark (buffer, NULL, &at, TRUE));
  insertion->image = g_object_ref (image);
  insertion->posting = posting != NULL ? g_object_ref (posting) : NULL;

  n_pending++;
  task = g_task_new (NULL, NULL, copy_done_cb, NULL);
  g_task_set_source_tag (task, postings_image_insert_file);
  g_task_set_task_data (task, insertion, (GDestroyNotify) insertion_free);
  g_task_run_in_thread (task, copy_thread);
}

char *
postings_image_insert_pasted (const char *src,
                              const char *alt,
                              gpointer    posting)
{
  g_autoptr(PostingsSchema) schema = NULL;
  g_autoptr(GFile) root = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mime = NULL;
  g_autofree char *site_path = NULL;

  if (posting == NULL || postings_image_source_classify (src) != POSTINGS_IMAGE_SOURCE_DATA)
    return NULL;

  schema = postings_schema_load_for_file (G_FILE (posting), &root, &error);
  if (schema == NULL || root == NULL)
    return NULL;

  bytes = postings_image_load (src, NULL, NULL, &mime, NULL, &error);
  if (bytes == NULL ||
      !postings_image_add_to_site (bytes, mime, root, postings_schema_get_images_folder (schema),
                                   alt != NULL && *alt != '\0' ? alt : "image", NULL, &site_path, &error))
    {
      g_debug ("Pasted image not saved: %s", error != NULL ? error->message : "?");
      return NULL;
    }

  return postings_image_markdown (alt, site_path);
}

guint
postings_image_insert_get_n_pending (void)
{
  return n_pending;
}

/* Choosing files ------------------------------------------------------------ */

typedef struct
{
  GtkTextView *view;
  GFile       *posting;
} Choice;

static void
choice_free (Choice *choice)
{
  g_object_unref (choice->view);
  g_clear_object (&choice->posting);
  g_free (choice);
}

static void
insert_files (Choice     *choice,
              GListModel *files)
{
  for (guint i = 0; files != NULL && i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);

      postings_image_insert_file (choice->view, file, choice->posting, NULL);
    }
}

static GtkFileFilter *
image_filter (void)
{
  static const char * const types[] = { "image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml" };
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Images (PNG, JPEG, GIF, WebP, SVG)"));
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    gtk_file_filter_add_mime_type (filter, types[i]);
  return filter;
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
dialog_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Choice *choice = user_data;
  g_autoptr(GListModel) files = gtk_file_dialog_open_multiple_finish (GTK_FILE_DIALOG (object), result, NULL);

  insert_files (choice, files);
  choice_free (choice);
}
#else
static void
native_response_cb (GtkNativeDialog *native,
                    int              response,
                    Choice          *choice)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));

      insert_files (choice, files);
    }
  choice_free (choice);
  g_object_unref (native);
}
#endif

void
postings_image_insert_choose (GtkWindow   *parent,
                              GtkTextView *view,
                              GFile       *posting)
{
  g_autoptr(GtkFileFilter) filter = image_filter ();
  Choice *choice;

  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  choice = g_new0 (Choice, 1);
  choice->view = g_object_ref (view);
  choice->posting = posting != NULL ? g_object_ref (posting) : NULL;

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, _("Insert Image"));
    gtk_file_dialog_set_default_filter (dialog, filter);
    gtk_file_dialog_open_multiple (dialog, parent, NULL, dialog_done_cb, choice);
  }
#else
  {
    GtkFileChooserNative *native = gtk_file_chooser_native_new (_("Insert Image"), parent,
                                                                GTK_FILE_CHOOSER_ACTION_OPEN,
                                                                _("_Insert"), NULL);

    gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
    g_signal_connect (native, "response", G_CALLBACK (native_response_cb), choice);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
  }
#endif
}
