/* lalan-store-packs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Installed lesson packs and connectivity measurements: small tables other
 * modules own the meaning of. */

#include "config.h"

#include "lalan-store-private.h"

#include <glib/gi18n-lib.h>

typedef struct
{
  const char             *id;
  const char             *instance_id;
  const LalanLessonPack  *pack;
  const LalanMeasurement *measurement;
  gint64                  since;
  guint                   limit;
} PackArgs;

#define PACK_COLUMNS "id, version, title, path, manifest_json, installed_at"
#define MEASUREMENT_COLUMNS "id, taken_at, server_url, download_mbps, upload_mbps, latency_ms, jitter_ms," \
                            " dns_ms, captive_portal, bytes_used, details_json, record_instance_id"

static LalanLessonPack *
pack_from_row (sqlite3_stmt *stmt)
{
  LalanLessonPack *pack = lalan_lesson_pack_new ();

  pack->id = lalan_store_column_dup (stmt, 0);
  pack->version = lalan_store_column_dup (stmt, 1);
  pack->title = lalan_store_column_dup (stmt, 2);
  pack->path = lalan_store_column_dup (stmt, 3);
  pack->manifest_json = lalan_store_column_dup (stmt, 4);
  pack->installed_at = lalan_store_column_time (stmt, 5);

  return pack;
}

static LalanMeasurement *
measurement_from_row (sqlite3_stmt *stmt)
{
  LalanMeasurement *measurement = lalan_measurement_new ();

  measurement->id = lalan_store_column_dup (stmt, 0);
  measurement->taken_at = lalan_store_column_time (stmt, 1);
  measurement->server_url = lalan_store_column_dup (stmt, 2);
  measurement->download_mbps = lalan_store_column_double (stmt, 3);
  measurement->upload_mbps = lalan_store_column_double (stmt, 4);
  measurement->latency_ms = lalan_store_column_double (stmt, 5);
  measurement->jitter_ms = lalan_store_column_double (stmt, 6);
  measurement->dns_ms = lalan_store_column_double (stmt, 7);
  measurement->captive_portal = sqlite3_column_int (stmt, 8) != 0;
  measurement->bytes_used = sqlite3_column_int64 (stmt, 9);
  measurement->details_json = lalan_store_column_dup (stmt, 10);
  measurement->record_instance_id = lalan_store_column_dup (stmt, 11);

  return measurement;
}

static gpointer
save_pack_in_worker (LalanStore    *self,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  PackArgs *args = data;
  const LalanLessonPack *pack = args->pack;
  g_autoptr(LalanStoreStmt) stmt = NULL;

  stmt = lalan_store_prepare (self,
                              "INSERT INTO lesson_packs (" PACK_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                              " ON CONFLICT (id) DO UPDATE SET version = excluded.version,"
                              " title = excluded.title, path = excluded.path,"
                              " manifest_json = excluded.manifest_json, installed_at = excluded.installed_at",
                              error);
  if (stmt == NULL)
    return NULL;

  lalan_store_bind_text (stmt, 1, pack->id);
  lalan_store_bind_text (stmt, 2, pack->version != NULL ? pack->version : "");
  lalan_store_bind_text (stmt, 3, pack->title != NULL ? pack->title : "");
  lalan_store_bind_text (stmt, 4, pack->path != NULL ? pack->path : "");
  lalan_store_bind_text (stmt, 5, pack->manifest_json != NULL ? pack->manifest_json : "{}");
  sqlite3_bind_int64 (stmt, 6, pack->installed_at != 0 ? pack->installed_at : g_get_real_time ());

  return lalan_store_step_done (self, stmt, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static gpointer
get_pack_in_worker (LalanStore    *self,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  PackArgs *args = data;
  g_autoptr(LalanStoreStmt) stmt = NULL;
  int rc;

  stmt = lalan_store_prepare (self, "SELECT " PACK_COLUMNS " FROM lesson_packs WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;

  lalan_store_bind_text (stmt, 1, args->id);
  rc = lalan_store_step (self, stmt, error);
  if (rc < 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND,
                   _("The lesson pack “%s” is not installed."), args->id);
      return NULL;
    }

  return pack_from_row (stmt);
}

static gpointer
list_packs_in_worker (LalanStore    *self,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(LalanStoreStmt) stmt = NULL;
  g_autoptr(GPtrArray) packs = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_lesson_pack_free);
  int rc;

  stmt = lalan_store_prepare (self, "SELECT " PACK_COLUMNS " FROM lesson_packs ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = lalan_store_step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (packs, pack_from_row (stmt));

  if (rc < 0)
    return NULL;

  return g_steal_pointer (&packs);
}

static gpointer
remove_pack_in_worker (LalanStore    *self,
                       gpointer       data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  PackArgs *args = data;
  g_autoptr(LalanStoreStmt) stmt = NULL;

  /* The learning events of its lessons stay: they are the learners'
   * history, and the pack may come back. */
  stmt = lalan_store_prepare (self, "DELETE FROM lesson_packs WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;

  lalan_store_bind_text (stmt, 1, args->id);
  if (!lalan_store_step_done (self, stmt, error))
    return NULL;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND,
                   _("The lesson pack “%s” is not installed."), args->id);
      return NULL;
    }

  return GINT_TO_POINTER (TRUE);
}

static gpointer
add_measurement_in_worker (LalanStore    *self,
                           gpointer       data,
                           GCancellable  *cancellable,
                           GError       **error)
{
  PackArgs *args = data;
  const LalanMeasurement *m = args->measurement;
  g_autoptr(LalanStoreStmt) stmt = NULL;
  g_autofree char *id = m->id != NULL ? g_strdup (m->id) : g_uuid_string_random ();

  stmt = lalan_store_prepare (self,
                              "INSERT INTO measurements (" MEASUREMENT_COLUMNS ")"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                              error);
  if (stmt == NULL)
    return NULL;

  lalan_store_bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, m->taken_at != 0 ? m->taken_at : g_get_real_time ());
  lalan_store_bind_text (stmt, 3, m->server_url);
  lalan_store_bind_double (stmt, 4, m->download_mbps);
  lalan_store_bind_double (stmt, 5, m->upload_mbps);
  lalan_store_bind_double (stmt, 6, m->latency_ms);
  lalan_store_bind_double (stmt, 7, m->jitter_ms);
  lalan_store_bind_double (stmt, 8, m->dns_ms);
  sqlite3_bind_int (stmt, 9, m->captive_portal ? 1 : 0);
  sqlite3_bind_int64 (stmt, 10, m->bytes_used);
  lalan_store_bind_text (stmt, 11, m->details_json);
  lalan_store_bind_text (stmt, 12, m->record_instance_id);

  if (!lalan_store_step_done (self, stmt, error))
    return NULL;

  return g_steal_pointer (&id);
}

static gpointer
link_measurement_in_worker (LalanStore    *self,
                            gpointer       data,
                            GCancellable  *cancellable,
                            GError       **error)
{
  PackArgs *args = data;
  g_autoptr(LalanStoreStmt) stmt = NULL;

  stmt = lalan_store_prepare (self, "UPDATE measurements SET record_instance_id = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;

  lalan_store_bind_text (stmt, 1, args->id);
  lalan_store_bind_text (stmt, 2, args->instance_id);
  if (!lalan_store_step_done (self, stmt, error))
    return NULL;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND,
                   _("There is no measurement %s."), args->id);
      return NULL;
    }

  return GINT_TO_POINTER (TRUE);
}

static gpointer
list_measurements_in_worker (LalanStore    *self,
                             gpointer       data,
                             GCancellable  *cancellable,
                             GError       **error)
{
  PackArgs *args = data;
  g_autoptr(LalanStoreStmt) stmt = NULL;
  g_autoptr(GPtrArray) measurements = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_measurement_free);
  int rc;

  if (args->id != NULL)
    stmt = lalan_store_prepare (self, "SELECT " MEASUREMENT_COLUMNS " FROM measurements WHERE id = ?1", error);
  else
    stmt = lalan_store_prepare (self,
                                "SELECT " MEASUREMENT_COLUMNS " FROM measurements WHERE taken_at >= ?2"
                                " ORDER BY taken_at DESC, id LIMIT ?3",
                                error);
  if (stmt == NULL)
    return NULL;

  if (args->id != NULL)
    lalan_store_bind_text (stmt, 1, args->id);
  else
    {
      sqlite3_bind_int64 (stmt, 2, args->since);
      sqlite3_bind_int64 (stmt, 3, args->limit > 0 ? (gint64) args->limit : -1);
    }

  while ((rc = lalan_store_step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (measurements, measurement_from_row (stmt));

  if (rc < 0)
    return NULL;

  return g_steal_pointer (&measurements);
}

/**
 * lalan_store_save_lesson_pack:
 * @self: a store
 * @pack: the pack; one with the same id is replaced (an update)
 * @error: a location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_store_save_lesson_pack (LalanStore             *self,
                              const LalanLessonPack  *pack,
                              GError                **error)
{
  PackArgs args = { .pack = pack };

  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (pack != NULL && pack->id != NULL, FALSE);

  return lalan_store_call (self, save_pack_in_worker, &args, NULL, NULL, error) != NULL;
}

/**
 * lalan_store_get_lesson_pack:
 * @self: a store
 * @pack_id: a pack's id
 * @error: a location for a #GError
 *
 * Returns: (transfer full): the pack, or %NULL with @error set
 */
LalanLessonPack *
lalan_store_get_lesson_pack (LalanStore  *self,
                             const char  *pack_id,
                             GError     **error)
{
  PackArgs args = { .id = pack_id };

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);
  g_return_val_if_fail (pack_id != NULL, NULL);

  return lalan_store_call (self, get_pack_in_worker, &args,
                           (GDestroyNotify) lalan_lesson_pack_free, NULL, error);
}

/**
 * lalan_store_list_lesson_packs:
 * @self: a store
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (element-type LalanLessonPack): the installed
 *   packs by id, or %NULL with @error set
 */
GPtrArray *
lalan_store_list_lesson_packs (LalanStore  *self,
                               GError     **error)
{
  PackArgs args = { 0 };

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);

  return lalan_store_call (self, list_packs_in_worker, &args,
                           (GDestroyNotify) g_ptr_array_unref, NULL, error);
}

/**
 * lalan_store_remove_lesson_pack:
 * @self: a store
 * @pack_id: a pack's id
 * @error: a location for a #GError
 *
 * Forgets an installed pack (its files are the lessons module's to
 * remove). Learning events of its lessons are kept.
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_store_remove_lesson_pack (LalanStore  *self,
                                const char  *pack_id,
                                GError     **error)
{
  PackArgs args = { .id = pack_id };

  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (pack_id != NULL, FALSE);

  return lalan_store_call (self, remove_pack_in_worker, &args, NULL, NULL, error) != NULL;
}

/**
 * lalan_store_add_measurement:
 * @self: a store
 * @measurement: the result of a connectivity test
 * @error: a location for a #GError
 *
 * Returns: (transfer full): the measurement's id (its own, or a new UUID),
 *   or %NULL with @error set
 */
char *
lalan_store_add_measurement (LalanStore              *self,
                             const LalanMeasurement  *measurement,
                             GError                 **error)
{
  PackArgs args = { .measurement = measurement };

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);
  g_return_val_if_fail (measurement != NULL, NULL);

  return lalan_store_call (self, add_measurement_in_worker, &args, g_free, NULL, error);
}

/**
 * lalan_store_link_measurement:
 * @self: a store
 * @measurement_id: a measurement
 * @instance_id: (nullable): the record it was saved into
 * @error: a location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_store_link_measurement (LalanStore  *self,
                              const char  *measurement_id,
                              const char  *instance_id,
                              GError     **error)
{
  PackArgs args = { .id = measurement_id, .instance_id = instance_id };

  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (measurement_id != NULL, FALSE);

  return lalan_store_call (self, link_measurement_in_worker, &args, NULL, NULL, error) != NULL;
}

/**
 * lalan_store_get_measurement:
 * @self: a store
 * @measurement_id: a measurement's id
 * @error: a location for a #GError
 *
 * Returns: (transfer full): the measurement, or %NULL with @error set
 */
LalanMeasurement *
lalan_store_get_measurement (LalanStore  *self,
                             const char  *measurement_id,
                             GError     **error)
{
  PackArgs args = { .id = measurement_id };
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);
  g_return_val_if_fail (measurement_id != NULL, NULL);

  found = lalan_store_call (self, list_measurements_in_worker, &args,
                            (GDestroyNotify) g_ptr_array_unref, NULL, error);
  if (found == NULL)
    return NULL;

  if (found->len == 0)
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND,
                   _("There is no measurement %s."), measurement_id);
      return NULL;
    }

  return g_ptr_array_steal_index (found, 0);
}

/**
 * lalan_store_list_measurements:
 * @self: a store
 * @since: only tests at or after this time, or 0
 * @limit: at most this many, or 0 for all
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (element-type LalanMeasurement): the
 *   measurements, newest first, or %NULL with @error set
 */
GPtrArray *
lalan_store_list_measurements (LalanStore  *self,
                               gint64       since,
                               guint        limit,
                               GError     **error)
{
  PackArgs args = { .since = since, .limit = limit };

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);

  return lalan_store_call (self, list_measurements_in_worker, &args,
                           (GDestroyNotify) g_ptr_array_unref, NULL, error);
}
