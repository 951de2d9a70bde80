/* lalan-store-async.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The _async/_finish variants of the record functions the GUI calls. Each
 * copies its arguments now, on the caller's thread, and runs the same
 * worker function as the synchronous call. */

#include "config.h"

#include "lalan-store-records-private.h"

#include <string.h>

static void
run_record_job (LalanStore          *self,
                LalanStoreFunc       func,
                const RecordArgs    *args,
                GDestroyNotify       result_free,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  lalan_store_run_async (self, func, lalan_record_args_copy (args),
                         (GDestroyNotify) lalan_record_args_free, result_free,
                         cancellable, callback, user_data);
}

static gpointer
count_by_state_job (LalanStore    *self,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  RecordArgs *args = data;

  if (lalan_store_count_by_state_in_worker (self, args, cancellable, error) == NULL)
    return NULL;

  return lalan_record_counts_copy (&args->counts);
}

/**
 * lalan_store_save_draft_async:
 * @self: a store
 * @instance_id: the record's instance id
 * @form_id: the form's id
 * @form_version: the form's version
 * @instance_xml: the instance as it is now
 * @summary: (nullable): a short text for lists
 * @resume_position: (nullable): where the person is in the form
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the caller's main context when done
 * @user_data: data for @callback
 *
 * lalan_store_save_draft() on the worker, without blocking the caller.
 */
void
lalan_store_save_draft_async (LalanStore          *self,
                              const char          *instance_id,
                              const char          *form_id,
                              const char          *form_version,
                              const char          *instance_xml,
                              const char          *summary,
                              const char          *resume_position,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  RecordArgs args = {
    .instance_id = instance_id,
    .form_id = form_id,
    .form_version = form_version,
    .instance_xml = instance_xml,
    .summary = summary,
    .resume_position = resume_position,
  };

  g_return_if_fail (LALAN_IS_STORE (self));
  g_return_if_fail (instance_id != NULL && *instance_id != '\0');
  g_return_if_fail (form_id != NULL && *form_id != '\0');
  g_return_if_fail (form_version != NULL);
  g_return_if_fail (instance_xml != NULL);

  run_record_job (self, lalan_store_save_draft_in_worker, &args, g_object_unref,
                  cancellable, callback, user_data);
}

/**
 * lalan_store_save_draft_finish:
 * @self: a store
 * @result: the result
 * @error: a location for a #GError
 *
 * Returns: (transfer full): the saved draft, or %NULL with @error set
 */
LalanRecord *
lalan_store_save_draft_finish (LalanStore    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return lalan_store_run_finish (self, result, error);
}

/**
 * lalan_store_finalize_record_async:
 * @self: a store
 * @instance_id: a draft
 * @instance_xml: (nullable): the final instance XML, or %NULL
 * @summary: (nullable): the final summary, or %NULL
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the caller's main context when done
 * @user_data: data for @callback
 *
 * lalan_store_finalize_record() on the worker.
 */
void
lalan_store_finalize_record_async (LalanStore          *self,
                                   const char          *instance_id,
                                   const char          *instance_xml,
                                   const char          *summary,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  RecordArgs args = {
    .instance_id = instance_id,
    .instance_xml = instance_xml,
    .summary = summary,
  };

  g_return_if_fail (LALAN_IS_STORE (self));
  g_return_if_fail (instance_id != NULL);

  run_record_job (self, lalan_store_finalize_record_in_worker, &args, g_object_unref,
                  cancellable, callback, user_data);
}

/**
 * lalan_store_finalize_record_finish:
 * @self: a store
 * @result: the result
 * @error: a location for a #GError
 *
 * Returns: (transfer full): the finalized record, or %NULL with @error set
 */
LalanRecord *
lalan_store_finalize_record_finish (LalanStore    *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return lalan_store_run_finish (self, result, error);
}

/**
 * lalan_store_reopen_record_async:
 * @self: a store
 * @instance_id: a finalized record or one that needs review
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the caller's main context when done
 * @user_data: data for @callback
 *
 * lalan_store_reopen_record() on the worker.
 */
void
lalan_store_reopen_record_async (LalanStore          *self,
                                 const char          *instance_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  RecordArgs args = { .instance_id = instance_id };

  g_return_if_fail (LALAN_IS_STORE (self));
  g_return_if_fail (instance_id != NULL);

  run_record_job (self, lalan_store_reopen_record_in_worker, &args, g_object_unref,
                  cancellable, callback, user_data);
}

/**
 * lalan_store_reopen_record_finish:
 * @self: a store
 * @result: the result
 * @error: a location for a #GError
 *
 * Returns: (transfer full): the draft, or %NULL with @error set
 */
LalanRecord *
lalan_store_reopen_record_finish (LalanStore    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return lalan_store_run_finish (self, result, error);
}

/**
 * lalan_store_delete_draft_async:
 * @self: a store
 * @instance_id: a draft
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the caller's main context when done
 * @user_data: data for @callback
 *
 * lalan_store_delete_draft() on the worker.
 */
void
lalan_store_delete_draft_async (LalanStore          *self,
                                const char          *instance_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  RecordArgs args = { .instance_id = instance_id };

  g_return_if_fail (LALAN_IS_STORE (self));
  g_return_if_fail (instance_id != NULL);

  run_record_job (self, lalan_store_delete_draft_in_worker, &args, NULL,
                  cancellable, callback, user_data);
}

/**
 * lalan_store_delete_draft_finish:
 * @self: a store
 * @result: the result
 * @error: a location for a #GError
 *
 * Returns: %TRUE when the draft was deleted
 */
gboolean
lalan_store_delete_draft_finish (LalanStore    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return lalan_store_run_finish (self, result, error) != NULL;
}

/**
 * lalan_store_get_record_async:
 * @self: a store
 * @instance_id: an instance id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the caller's main context when done
 * @user_data: data for @callback
 *
 * lalan_store_get_record() on the worker.
 */
void
lalan_store_get_record_async (LalanStore          *self,
                              const char          *instance_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  RecordArgs args = { .instance_id = instance_id };

  g_return_if_fail (LALAN_IS_STORE (self));
  g_return_if_fail (instance_id != NULL);

  run_record_job (self, lalan_store_get_record_in_worker, &args, g_object_unref,
                  cancellable, callback, user_data);
}

/**
 * lalan_store_get_record_finish:
 * @self: a store
 * @result: the result
 * @error: a location for a #GError
 *
 * Returns: (transfer full): the record with its instance XML, or %NULL
 *   with @error set
 */
LalanRecord *
lalan_store_get_record_finish (LalanStore    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return lalan_store_run_finish (self, result, error);
}

/**
 * lalan_store_list_records_async:
 * @self: a store
 * @states: OR-ed #LalanRecordState values, or %LALAN_RECORD_STATE_ALL
 * @form_id: (nullable): only this form's records
 * @search: (nullable): only records whose summary contains this text
 * @offset: how many to skip
 * @limit: at most this many, or 0 for all
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the caller's main context when done
 * @user_data: data for @callback
 *
 * lalan_store_list_records() on the worker.
 */
void
lalan_store_list_records_async (LalanStore          *self,
                                guint                states,
                                const char          *form_id,
                                const char          *search,
                                guint                offset,
                                guint                limit,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  RecordArgs args = {
    .states = states,
    .form_id = form_id,
    .search = search,
    .offset = offset,
    .limit = limit,
  };

  g_return_if_fail (LALAN_IS_STORE (self));

  run_record_job (self, lalan_store_list_records_in_worker, &args,
                  (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

/**
 * lalan_store_list_records_finish:
 * @self: a store
 * @result: the result
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (element-type LalanRecord): the records, or
 *   %NULL with @error set
 */
GPtrArray *
lalan_store_list_records_finish (LalanStore    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return lalan_store_run_finish (self, result, error);
}

/**
 * lalan_store_count_records_by_state_async:
 * @self: a store
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the caller's main context when done
 * @user_data: data for @callback
 *
 * lalan_store_count_records_by_state() on the worker.
 */
void
lalan_store_count_records_by_state_async (LalanStore          *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  RecordArgs args = { 0 };

  g_return_if_fail (LALAN_IS_STORE (self));

  run_record_job (self, count_by_state_job, &args, (GDestroyNotify) lalan_record_counts_free,
                  cancellable, callback, user_data);
}

/**
 * lalan_store_count_records_by_state_finish:
 * @self: a store
 * @result: the result
 * @counts: (out caller-allocates): the counts
 * @error: a location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_store_count_records_by_state_finish (LalanStore         *self,
                                           GAsyncResult       *result,
                                           LalanRecordCounts  *counts,
                                           GError            **error)
{
  g_autoptr(LalanRecordCounts) found = lalan_store_run_finish (self, result, error);

  g_return_val_if_fail (counts != NULL, FALSE);

  if (found == NULL)
    {
      memset (counts, 0, sizeof *counts);
      return FALSE;
    }

  *counts = *found;
  return TRUE;
}
