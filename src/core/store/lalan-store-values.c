/* lalan-store-values.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The key/value table: small values of the app's state, the device id,
 * and the recovery notice left by a damaged database. */

#include "config.h"

#include "lalan-store-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

gboolean
lalan_store_set_value_in_worker (LalanStore  *self,
                     const char  *key,
                     const char  *value,
                     GError     **error)
{
  g_autoptr(LalanStoreStmt) stmt = NULL;

  if (value == NULL)
    {
      stmt = lalan_store_prepare (self, "DELETE FROM kv WHERE key = ?1", error);
      if (stmt == NULL)
        return FALSE;
      lalan_store_bind_text (stmt, 1, key);
    }
  else
    {
      stmt = lalan_store_prepare (self,
                                  "INSERT INTO kv (key, value, updated_at) VALUES (?1, ?2, ?3) "
                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                                  "updated_at = excluded.updated_at",
                                  error);
      if (stmt == NULL)
        return FALSE;
      lalan_store_bind_text (stmt, 1, key);
      lalan_store_bind_text (stmt, 2, value);
      sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
    }

  return lalan_store_step_done (self, stmt, error);
}

char *
lalan_store_get_value_in_worker (LalanStore  *self,
                     const char  *key,
                     GError     **error)
{
  g_autoptr(LalanStoreStmt) stmt = lalan_store_prepare (self, "SELECT value FROM kv WHERE key = ?1", error);
  int rc;

  if (stmt == NULL)
    return NULL;

  lalan_store_bind_text (stmt, 1, key);
  rc = lalan_store_step (self, stmt, error);
  if (rc == SQLITE_ROW)
    return lalan_store_column_dup (stmt, 0);

  return NULL;
}

static gpointer
dup_recovery_notice_in_worker (LalanStore    *self,
                               gpointer       data,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autofree char *aside = lalan_store_get_value_in_worker (self, KEY_RECOVERY_PATH, NULL);
  g_autofree char *backup_dir = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *newest = NULL;
  const char *name;
  GString *notice;

  if (aside == NULL)
    return NULL;

  notice = g_string_new (NULL);
  g_string_append_printf (notice,
                          _("Lalan’s database was damaged and could not be used. It was not "
                            "deleted: it was moved to %s, and Lalan started again with an "
                            "empty database. Keep that file, it may still hold your records."),
                          aside);

  backup_dir = lalan_store_get_backup_dir (self);
  dir = g_dir_open (backup_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, "lalan-") && g_str_has_suffix (name, ".db") &&
          (newest == NULL || strcmp (name, newest) > 0))
        {
          g_free (newest);
          newest = g_strdup (name);
        }
    }

  if (newest != NULL)
    {
      g_autofree char *backup = g_build_filename (backup_dir, newest, NULL);

      g_string_append_c (notice, ' ');
      g_string_append_printf (notice,
                              _("The newest automatic backup is %s; “lalan-cli db restore” "
                                "can bring it back."),
                              backup);
    }

  return g_string_free (notice, FALSE);
}

/**
 * lalan_store_dup_recovery_notice:
 * @self: a store
 *
 * When the database was found damaged and moved aside (by this or an
 * earlier run, until lalan_store_dismiss_recovery_notice()), a translated
 * sentence that tells the person what happened and where the old file is.
 *
 * Returns: (transfer full) (nullable): the notice, or %NULL
 */
char *
lalan_store_dup_recovery_notice (LalanStore *self)
{
  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);

  return lalan_store_call (self, dup_recovery_notice_in_worker, NULL, g_free, NULL, NULL);
}

static gpointer
dismiss_recovery_notice_in_worker (LalanStore    *self,
                                   gpointer       data,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  if (!lalan_store_set_value_in_worker (self, KEY_RECOVERY_PATH, NULL, error) ||
      !lalan_store_set_value_in_worker (self, KEY_RECOVERY_TIME, NULL, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

/**
 * lalan_store_dismiss_recovery_notice:
 * @self: a store
 * @error: a location for a #GError
 *
 * Forgets the recovery notice once the person has seen it.
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_store_dismiss_recovery_notice (LalanStore  *self,
                                     GError     **error)
{
  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);

  return lalan_store_call (self, dismiss_recovery_notice_in_worker, NULL, NULL, NULL, error) != NULL;
}

typedef struct
{
  const char *key;
  const char *value;
} ValueArgs;

static gpointer
get_value_job (LalanStore    *self,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  ValueArgs *args = data;

  return lalan_store_get_value_in_worker (self, args->key, error);
}

static gpointer
set_value_job (LalanStore    *self,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  ValueArgs *args = data;

  return lalan_store_set_value_in_worker (self, args->key, args->value, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

/**
 * lalan_store_get_value:
 * @self: a store
 * @key: a key, such as "sync-last-contact"
 * @error: a location for a #GError
 *
 * Reads a small value of the app's state.
 *
 * Returns: (transfer full) (nullable): the value; %NULL when it is not set
 *   (@error unset) or on failure (@error set)
 */
char *
lalan_store_get_value (LalanStore  *self,
                       const char  *key,
                       GError     **error)
{
  ValueArgs args = { key, NULL };

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return lalan_store_call (self, get_value_job, &args, g_free, NULL, error);
}

/**
 * lalan_store_set_value:
 * @self: a store
 * @key: a key; keys used by the store itself ("device-id", "recovery-...")
 *   are refused
 * @value: (nullable): the value, or %NULL to remove the key
 * @error: a location for a #GError
 *
 * Saves a small value of the app's state, durably.
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_store_set_value (LalanStore  *self,
                       const char  *key,
                       const char  *value,
                       GError     **error)
{
  ValueArgs args = { key, value };

  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (g_str_equal (key, KEY_DEVICE_ID) || g_str_has_prefix (key, "recovery-"))
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_INVALID,
                   _("The setting “%s” belongs to the database itself and cannot be changed."),
                   key);
      return FALSE;
    }

  return lalan_store_call (self, set_value_job, &args, NULL, NULL, error) != NULL;
}
