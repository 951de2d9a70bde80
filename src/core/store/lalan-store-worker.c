/* lalan-store-worker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The store's worker thread: the one thread that touches the SQLite
 * connection. Synchronous calls queue a job and wait for it; asynchronous
 * ones queue a job and complete a GTask in the caller's main context. */

#include "config.h"

#include "lalan-store-private.h"

#include <glib/gi18n-lib.h>

typedef struct
{
  LalanStoreFunc  func;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
  GCancellable   *cancellable;
  gboolean        quit;

  /* for an asynchronous job */
  GTask          *task;

  /* for a synchronous job, whose caller waits */
  GMutex          mutex;
  GCond           cond;
  gboolean        done;
  gpointer        result;
  GError         *error;
} StoreJob;

static void
free_async_job (StoreJob *job)
{
  g_clear_object (&job->task);
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_clear_object (&job->cancellable);
  g_free (job);
}

/* Completes an asynchronous job in the caller's main context. Done there,
 * not on the worker, so that the last reference to the task (and through
 * it to the store) is never dropped on the worker thread. */
static gboolean
complete_async_job_cb (gpointer user_data)
{
  StoreJob *job = user_data;

  if (job->error != NULL)
    {
      if (job->result != NULL && job->result_free != NULL)
        job->result_free (job->result);
      g_task_return_error (job->task, g_steal_pointer (&job->error));
    }
  else
    g_task_return_pointer (job->task, g_steal_pointer (&job->result), job->result_free);

  free_async_job (job);

  return G_SOURCE_REMOVE;
}

static void
run_job (LalanStore *self,
         StoreJob   *job)
{
  GError *error = NULL;
  gpointer result = NULL;

  if (!g_cancellable_set_error_if_cancelled (job->cancellable, &error))
    result = job->func (self, job->data, job->cancellable, &error);

  if (job->task != NULL)
    {
      job->result = result;
      job->error = error;
      g_main_context_invoke (g_task_get_context (job->task), complete_async_job_cb, job);
    }
  else
    {
      g_mutex_lock (&job->mutex);
      job->result = result;
      job->error = error;
      job->done = TRUE;
      g_cond_signal (&job->cond);
      g_mutex_unlock (&job->mutex);
    }
}

static gpointer
worker_main (gpointer data)
{
  LalanStore *self = data;

  for (;;)
    {
      StoreJob *job = g_async_queue_pop (self->jobs);

      if (job->quit)
        {
          g_free (job);
          break;
        }

      run_job (self, job);
    }

  lalan_store_close_database (self);

  return NULL;
}

static gboolean
push_job (LalanStore *self,
          StoreJob   *job)
{
  gboolean pushed = FALSE;

  g_mutex_lock (&self->lock);
  if (!self->closed && self->worker != NULL)
    {
      g_async_queue_push (self->jobs, job);
      pushed = TRUE;
    }
  g_mutex_unlock (&self->lock);

  return pushed;
}

static void
set_closed_error (GError **error)
{
  g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_CLOSED,
               _("Lalan’s database is closed."));
}

gboolean
lalan_store_is_worker_thread (LalanStore *self)
{
  return self->worker != NULL && g_thread_self () == self->worker;
}

/* Runs @func on the worker and waits for it; at once when already there,
 * so store functions can call each other and lalan_store_run_async()'s
 * functions can call the synchronous API. */
gpointer
lalan_store_call (LalanStore      *self,
                  LalanStoreFunc   func,
                  gpointer         data,
                  GDestroyNotify   result_free,
                  GCancellable    *cancellable,
                  GError         **error)
{
  StoreJob job = { 0 };
  gpointer result;

  if (lalan_store_is_worker_thread (self))
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      return func (self, data, cancellable, error);
    }

  job.func = func;
  job.data = data;
  job.cancellable = cancellable;
  g_mutex_init (&job.mutex);
  g_cond_init (&job.cond);

  g_mutex_lock (&job.mutex);
  if (!push_job (self, &job))
    {
      g_mutex_unlock (&job.mutex);
      g_mutex_clear (&job.mutex);
      g_cond_clear (&job.cond);
      set_closed_error (error);
      return NULL;
    }
  while (!job.done)
    g_cond_wait (&job.cond, &job.mutex);
  g_mutex_unlock (&job.mutex);

  g_mutex_clear (&job.mutex);
  g_cond_clear (&job.cond);

  result = job.result;
  if (job.error != NULL)
    {
      if (result != NULL && result_free != NULL)
        result_free (result);
      g_propagate_error (error, job.error);
      return NULL;
    }

  return result;
}

void
lalan_store_start_worker (LalanStore *self)
{
  self->worker = g_thread_new ("lalan-store", worker_main, self);
}

/* Lets the work already queued finish, then stops the worker, which closes
 * the database. Later calls fail with LALAN_STORE_ERROR_CLOSED. */
void
lalan_store_stop_worker (LalanStore *self)
{
  gboolean join = FALSE;

  g_mutex_lock (&self->lock);
  if (self->worker != NULL && !self->closed)
    {
      StoreJob *quit = g_new0 (StoreJob, 1);

      quit->quit = TRUE;
      g_async_queue_push (self->jobs, quit);
      join = TRUE;
    }
  self->closed = TRUE;
  g_mutex_unlock (&self->lock);

  if (join)
    {
      g_thread_join (self->worker);
      g_mutex_lock (&self->lock);
      self->worker = NULL;
      g_mutex_unlock (&self->lock);
    }
}

/**
 * lalan_store_run_async:
 * @self: a store
 * @func: the work, run on the worker thread
 * @data: (nullable): data for @func, owned by the store from now on
 * @data_free: (nullable): frees @data after @func ran
 * @result_free: (nullable): frees what @func returns if nobody takes it
 * @cancellable: (nullable): a #GCancellable; checked before @func runs and
 *   given to it
 * @callback: called in the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Runs @func on the worker, where it may call any synchronous
 * lalan_store_*() function (without blocking the UI). Use it for work
 * that has no _async variant, or to do several calls in a row.
 */
void
lalan_store_run_async (LalanStore          *self,
                       LalanStoreFunc       func,
                       gpointer             data,
                       GDestroyNotify       data_free,
                       GDestroyNotify       result_free,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  StoreJob *job;
  GTask *task;

  g_return_if_fail (LALAN_IS_STORE (self));
  g_return_if_fail (func != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lalan_store_run_async);

  job = g_new0 (StoreJob, 1);
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  job->task = task;

  if (!push_job (self, job))
    {
      g_task_return_new_error (task, LALAN_STORE_ERROR, LALAN_STORE_ERROR_CLOSED,
                               _("Lalan’s database is closed."));
      free_async_job (job);
    }
}

/**
 * lalan_store_run_finish:
 * @self: a store
 * @result: the result given to the callback
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): what the function returned; %NULL
 *   with @error set on failure
 */
gpointer
lalan_store_run_finish (LalanStore    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

