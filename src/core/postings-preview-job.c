/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "postings-preview-job.h"

typedef struct
{
  GBytes *markdown;
  guint   first_line;
} Job;

static void
job_free (Job *job)
{
  g_bytes_unref (job->markdown);
  g_free (job);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  gsize len;
  const char *markdown = g_bytes_get_data (job->markdown, &len);

  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task,
                         postings_preview_model_new_from_markdown (markdown != NULL ? markdown : "", len,
                                                                   job->first_line),
                         (GDestroyNotify) postings_preview_model_free);
}

void
postings_preview_model_new_async (GBytes              *markdown,
                                  guint                first_line,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (markdown != NULL);

  job = g_new0 (Job, 1);
  job->markdown = g_bytes_ref (markdown);
  job->first_line = first_line;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, postings_preview_model_new_async);
  g_task_set_name (task, "[postings] preview model");
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, build_thread);
}

PostingsPreviewModel *
postings_preview_model_new_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == postings_preview_model_new_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
