/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "postings-file-chooser.h"

/* GtkFileDialog (GTK 4.10) where the build allows it, else the
 * portal-friendly GtkFileChooserNative of GTK 4.8. */
#if GTK_CHECK_VERSION (4, 10, 0) && GDK_VERSION_MAX_ALLOWED >= GDK_VERSION_4_10
# define POSTINGS_HAVE_FILE_DIALOG 1
#else
# define POSTINGS_HAVE_FILE_DIALOG 0
#endif

typedef enum
{
  CHOOSE_OPEN,
  CHOOSE_SAVE,
  CHOOSE_FOLDER,
} ChooseKind;

static GtkFileFilter *
markdown_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Postings (Markdown)"));
  gtk_file_filter_add_pattern (filter, "*.md");
  gtk_file_filter_add_pattern (filter, "*.markdown");
  gtk_file_filter_add_mime_type (filter, "text/markdown");
  return filter;
}

static GtkFileFilter *
all_files_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("All Files"));
  gtk_file_filter_add_pattern (filter, "*");
  return filter;
}

static const char *
title_for (ChooseKind kind)
{
  switch (kind)
    {
    case CHOOSE_OPEN:
      return _("Open Posting");
    case CHOOSE_SAVE:
      return _("Save Posting");
    case CHOOSE_FOLDER:
    default:
      return _("Open Site");
    }
}

#if POSTINGS_HAVE_FILE_DIALOG
static void
dialog_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GtkFileDialog *dialog = GTK_FILE_DIALOG (object);
  GFile *file = NULL;

  switch (GPOINTER_TO_INT (g_task_get_task_data (task)))
    {
    case CHOOSE_OPEN:
      file = gtk_file_dialog_open_finish (dialog, result, NULL);
      break;
    case CHOOSE_SAVE:
      file = gtk_file_dialog_save_finish (dialog, result, NULL);
      break;
    case CHOOSE_FOLDER:
      file = gtk_file_dialog_select_folder_finish (dialog, result, NULL);
      break;
    }
  g_task_return_pointer (task, file, g_object_unref);
}

static void
choose (ChooseKind           kind,
        GtkWindow           *parent,
        GFile               *folder,
        const char          *name,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_task_data (task, GINT_TO_POINTER (kind), NULL);
  gtk_file_dialog_set_title (dialog, title_for (kind));
  gtk_file_dialog_set_modal (dialog, TRUE);
  if (folder != NULL)
    gtk_file_dialog_set_initial_folder (dialog, folder);

  switch (kind)
    {
    case CHOOSE_OPEN:
      {
        g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
        g_autoptr(GtkFileFilter) markdown = markdown_filter ();
        g_autoptr(GtkFileFilter) all = all_files_filter ();

        g_list_store_append (filters, markdown);
        g_list_store_append (filters, all);
        gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
        gtk_file_dialog_open (dialog, parent, cancellable, dialog_done_cb, task);
      }
      break;
    case CHOOSE_SAVE:
      gtk_file_dialog_set_initial_name (dialog, name);
      gtk_file_dialog_save (dialog, parent, cancellable, dialog_done_cb, task);
      break;
    case CHOOSE_FOLDER:
      gtk_file_dialog_select_folder (dialog, parent, cancellable, dialog_done_cb, task);
      break;
    }
}
#else
static void
native_response_cb (GtkNativeDialog *native,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;
  GFile *file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  g_task_return_pointer (task, file, g_object_unref);
  g_object_unref (native);
}

static void
choose (ChooseKind           kind,
        GtkWindow           *parent,
        GFile               *folder,
        const char          *name,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  static const GtkFileChooserAction actions[] = {
    [CHOOSE_OPEN] = GTK_FILE_CHOOSER_ACTION_OPEN,
    [CHOOSE_SAVE] = GTK_FILE_CHOOSER_ACTION_SAVE,
    [CHOOSE_FOLDER] = GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
  };
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (title_for (kind), parent, actions[kind],
                                        kind == CHOOSE_SAVE ? _("_Save") : _("_Open"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  if (kind != CHOOSE_FOLDER)
    {
      g_autoptr(GtkFileFilter) markdown = markdown_filter ();

      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), markdown);
      if (kind == CHOOSE_OPEN)
        {
          g_autoptr(GtkFileFilter) all = all_files_filter ();
          gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
        }
    }
  if (folder != NULL && g_file_query_exists (folder, NULL))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
  if (kind == CHOOSE_SAVE && name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);

  g_signal_connect (native, "response", G_CALLBACK (native_response_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}
#endif

void
postings_file_chooser_open (GtkWindow           *parent,
                            GFile               *folder,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  choose (CHOOSE_OPEN, parent, folder, NULL, cancellable, callback, user_data);
}

void
postings_file_chooser_save (GtkWindow           *parent,
                            GFile               *folder,
                            const char          *name,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  choose (CHOOSE_SAVE, parent, folder, name, cancellable, callback, user_data);
}

void
postings_file_chooser_select_folder (GtkWindow           *parent,
                                     GFile               *folder,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  choose (CHOOSE_FOLDER, parent, folder, NULL, cancellable, callback, user_data);
}

GFile *
postings_file_chooser_finish (GAsyncResult *result)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), NULL);
}
