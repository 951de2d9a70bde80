/* lalan-teacher-pin.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-teacher-pin.h"

#include "lalan-lesson-error.h"
#include "lalan-pin.h"

#include <glib/gi18n-lib.h>

/* The teacher's view shows every learner's progress, so it is behind a
 * PIN of its own, set in Preferences. Like a learner's PIN it is kept
 * only as lalan_pin_hash() makes it, in the store's small values. Each
 * function hashes or reads the database: call them off the UI thread. */

/**
 * lalan_teacher_pin_is_set:
 * @store: the store
 * @is_set: (out): whether a teacher PIN has been set
 * @error: a location for a #GError
 *
 * Returns: %TRUE when the store could be read
 */
gboolean
lalan_teacher_pin_is_set (LalanStore  *store,
                          gboolean    *is_set,
                          GError     **error)
{
  g_autofree char *stored = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (LALAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (is_set != NULL, FALSE);

  stored = lalan_store_get_value (store, LALAN_TEACHER_PIN_KEY, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  *is_set = stored != NULL && *stored != '\0';
  return TRUE;
}

static void
is_set_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  gboolean is_set = FALSE;

  if (!lalan_teacher_pin_is_set (source_object, &is_set, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, is_set);
}

/**
 * lalan_teacher_pin_is_set_async:
 * @store: the store
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: for @callback
 *
 * lalan_teacher_pin_is_set() on a worker thread, for the GUI.
 */
void
lalan_teacher_pin_is_set_async (LalanStore          *store,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LALAN_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, lalan_teacher_pin_is_set_async);
  g_task_run_in_thread (task, is_set_thread);
}

/**
 * lalan_teacher_pin_is_set_finish:
 * @result: the result given to the callback
 * @is_set: (out): whether a teacher PIN has been set
 * @error: a location for a #GError
 *
 * Returns: %TRUE when the store could be read
 */
gboolean
lalan_teacher_pin_is_set_finish (GAsyncResult  *result,
                                 gboolean      *is_set,
                                 GError       **error)
{
  gssize value;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lalan_teacher_pin_is_set_async, FALSE);

  value = g_task_propagate_int (G_TASK (result), error);
  if (value < 0)
    return FALSE;
  *is_set = value > 0;
  return TRUE;
}

/**
 * lalan_teacher_pin_check:
 * @store: the store
 * @pin: what was typed
 * @error: a location for a #GError
 *
 * Returns: %TRUE when @pin is the teacher PIN; otherwise %FALSE with
 *   @error set (%LALAN_LESSON_ERROR_BAD_PIN for a wrong or unset PIN)
 */
gboolean
lalan_teacher_pin_check (LalanStore  *store,
                         const char  *pin,
                         GError     **error)
{
  g_autofree char *stored = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (LALAN_IS_STORE (store), FALSE);

  stored = lalan_store_get_value (store, LALAN_TEACHER_PIN_KEY, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (stored == NULL || *stored == '\0')
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_BAD_PIN,
                   _("No teacher PIN has been set. Set one in Preferences."));
      return FALSE;
    }

  if (!lalan_pin_verify (pin, stored))
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_BAD_PIN,
                   _("That is not the teacher PIN."));
      return FALSE;
    }

  return TRUE;
}

/**
 * lalan_teacher_pin_set:
 * @store: the store
 * @pin: (nullable): four digits, or %NULL to remove the PIN
 * @error: a location for a #GError
 *
 * Returns: %TRUE when the PIN was saved
 */
gboolean
lalan_teacher_pin_set (LalanStore  *store,
                       const char  *pin,
                       GError     **error)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (LALAN_IS_STORE (store), FALSE);

  if (pin != NULL)
    {
      hash = lalan_pin_hash (pin, error);
      if (hash == NULL)
        return FALSE;
    }

  return lalan_store_set_value (store, LALAN_TEACHER_PIN_KEY, hash, error);
}
