/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "postings-document.h"
#include "postings-validator.h"
#include "postings-validator-job.h"

typedef struct
{
  GBytes         *text;
  PostingsSchema *schema;
  GFile          *root;
  char           *file_name;
} Job;

static void
job_free (Job *job)
{
  g_bytes_unref (job->text);
  g_clear_object (&job->schema);
  g_clear_object (&job->root);
  g_free (job->file_name);
  g_free (job);
}

static void
validate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(PostingsDocument) document = NULL;
  gsize len;
  const char *text = g_bytes_get_data (job->text, &len);

  if (g_task_return_error_if_cancelled (task))
    return;
  document = postings_document_new_from_data (text != NULL ? text : "", (gssize) len);
  g_task_return_pointer (task, postings_validate (document, job->schema, job->root, job->file_name),
                         (GDestroyNotify) g_ptr_array_unref);
}

void
postings_validate_async (GBytes              *text,
                         PostingsSchema      *schema,
                         GFile               *root,
                         const char          *file_name,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (text != NULL);
  g_return_if_fail (schema == NULL || POSTINGS_IS_SCHEMA (schema));
  g_return_if_fail (root == NULL || G_IS_FILE (root));

  job = g_new0 (Job, 1);
  job->text = g_bytes_ref (text);
  job->schema = schema != NULL ? g_object_ref (schema) : NULL;
  job->root = root != NULL ? g_object_ref (root) : NULL;
  job->file_name = g_strdup (file_name);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, postings_validate_async);
  g_task_set_name (task, "[postings] validate");
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, validate_thread);
}

GPtrArray *
postings_validate_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == postings_validate_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
