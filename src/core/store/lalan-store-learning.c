/* lalan-store-learning.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Learners, their append-only learning events, and installed lesson
 * packs. Mastery and reports are the lessons module's business; the store
 * only keeps the facts, so two devices' logs merge by set union. */

#include "config.h"

#include "lalan-store-private.h"

#include <glib/gi18n-lib.h>

typedef struct
{
  const char         *id;
  const char         *display_name;
  const char         *avatar_id;
  const char         *pin_hash;
  const char         *pin_salt;
  gboolean            is_guest;
  const LalanLearner *learner;
  gboolean            archived;
} LearnerArgs;

typedef struct
{
  GPtrArray  *events;
  const char *learner_id;
  const char *pack_id;
  const char *lesson_id;
  gint64      since;
  gint64      until;
  guint       n_added;
} EventArgs;

#define LEARNER_COLUMNS "id, display_name, avatar_id, pin_hash, pin_salt, is_guest, created_at, updated_at, archived_at"

static LalanLearner *
learner_from_row (sqlite3_stmt *stmt)
{
  LalanLearner *learner = lalan_learner_new ();

  learner->id = lalan_store_column_dup (stmt, 0);
  learner->display_name = lalan_store_column_dup (stmt, 1);
  learner->avatar_id = lalan_store_column_dup (stmt, 2);
  learner->pin_hash = lalan_store_column_dup (stmt, 3);
  learner->pin_salt = lalan_store_column_dup (stmt, 4);
  learner->is_guest = sqlite3_column_int (stmt, 5) != 0;
  learner->created_at = lalan_store_column_time (stmt, 6);
  learner->updated_at = lalan_store_column_time (stmt, 7);
  learner->archived_at = lalan_store_column_time (stmt, 8);

  return learner;
}

static LalanLearner *
fetch_learner (LalanStore  *self,
               const char  *id,
               GError     **error)
{
  g_autoptr(LalanStoreStmt) stmt = lalan_store_prepare (self, "SELECT " LEARNER_COLUMNS " FROM learners WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return NULL;

  lalan_store_bind_text (stmt, 1, id);
  rc = lalan_store_step (self, stmt, error);
  if (rc < 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND,
                   _("There is no learner %s on this computer."), id);
      return NULL;
    }

  return learner_from_row (stmt);
}

static gpointer
create_learner_in_worker (LalanStore    *self,
                          gpointer       data,
                          GCancellable  *cancellable,
                          GError       **error)
{
  LearnerArgs *args = data;
  g_autoptr(LalanStoreStmt) stmt = NULL;
  g_autofree char *id = g_uuid_string_random ();
  gint64 now = g_get_real_time ();

  stmt = lalan_store_prepare (self,
                              "INSERT INTO learners (" LEARNER_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, NULL)",
                              error);
  if (stmt == NULL)
    return NULL;

  lalan_store_bind_text (stmt, 1, id);
  lalan_store_bind_text (stmt, 2, args->display_name);
  lalan_store_bind_text (stmt, 3, args->avatar_id != NULL ? args->avatar_id : "");
  lalan_store_bind_text (stmt, 4, args->pin_hash);
  lalan_store_bind_text (stmt, 5, args->pin_salt);
  sqlite3_bind_int (stmt, 6, args->is_guest ? 1 : 0);
  sqlite3_bind_int64 (stmt, 7, now);

  if (!lalan_store_step_done (self, stmt, error))
    return NULL;
  g_clear_pointer (&stmt, lalan_store_stmt_release);

  return fetch_learner (self, id, error);
}

static gpointer
update_learner_in_worker (LalanStore    *self,
                          gpointer       data,
                          GCancellable  *cancellable,
                          GError       **error)
{
  LearnerArgs *args = data;
  const LalanLearner *learner = args->learner;
  g_autoptr(LalanStoreStmt) stmt = NULL;

  stmt = lalan_store_prepare (self,
                              "UPDATE learners SET display_name = ?2, avatar_id = ?3, pin_hash = ?4,"
                              " pin_salt = ?5, is_guest = ?6, updated_at = ?7 WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return NULL;

  lalan_store_bind_text (stmt, 1, learner->id);
  lalan_store_bind_text (stmt, 2, learner->display_name);
  lalan_store_bind_text (stmt, 3, learner->avatar_id != NULL ? learner->avatar_id : "");
  lalan_store_bind_text (stmt, 4, learner->pin_hash);
  lalan_store_bind_text (stmt, 5, learner->pin_salt);
  sqlite3_bind_int (stmt, 6, learner->is_guest ? 1 : 0);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time ());

  if (!lalan_store_step_done (self, stmt, error))
    return NULL;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND,
                   _("There is no learner %s on this computer."), learner->id);
      return NULL;
    }

  return GINT_TO_POINTER (TRUE);
}

static gpointer
convert_guest_in_worker (LalanStore    *self,
                         gpointer       data,
                         GCancellable  *cancellable,
                         GError       **error)
{
  LearnerArgs *args = data;
  g_autoptr(LalanStoreStmt) stmt = NULL;
  g_autoptr(LalanLearner) guest = NULL;

  guest = fetch_learner (self, args->id, error);
  if (guest == NULL)
    return NULL;

  if (!guest->is_guest)
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_WRONG_STATE,
                   _("%s is already a learner, not a guest."), guest->display_name);
      return NULL;
    }

  /* The id stays, so every event the guest made is the learner's now;
   * events are never rewritten. */
  stmt = lalan_store_prepare (self,
                              "UPDATE learners SET display_name = ?2, avatar_id = ?3, pin_hash = ?4,"
                              " pin_salt = ?5, is_guest = 0, updated_at = ?6 WHERE id = ?1 AND is_guest",
                              error);
  if (stmt == NULL)
    return NULL;

  lalan_store_bind_text (stmt, 1, args->id);
  lalan_store_bind_text (stmt, 2, args->display_name);
  lalan_store_bind_text (stmt, 3, args->avatar_id != NULL ? args->avatar_id : guest->avatar_id);
  lalan_store_bind_text (stmt, 4, args->pin_hash);
  lalan_store_bind_text (stmt, 5, args->pin_salt);
  sqlite3_bind_int64 (stmt, 6, g_get_real_time ());

  if (!lalan_store_step_done (self, stmt, error))
    return NULL;
  g_clear_pointer (&stmt, lalan_store_stmt_release);

  return fetch_learner (self, args->id, error);
}

static gpointer
get_learner_in_worker (LalanStore    *self,
                       gpointer       data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  LearnerArgs *args = data;

  return fetch_learner (self, args->id, error);
}

typedef enum
{
  LIST_LEARNERS,
  LIST_LEARNERS_AND_GUESTS,
  LIST_ARCHIVED,
} LearnerListing;

static gpointer
list_learners_in_worker (LalanStore    *self,
                         gpointer       data,
                         GCancellable  *cancellable,
                         GError       **error)
{
  LearnerListing *listing = data;
  g_autoptr(LalanStoreStmt) stmt = NULL;
  g_autoptr(GPtrArray) learners = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_learner_free);
  const char *sql = NULL;
  int rc;

  switch (*listing)
    {
    case LIST_LEARNERS:
      sql = "SELECT " LEARNER_COLUMNS " FROM learners WHERE NOT is_guest AND archived_at IS NULL"
            " ORDER BY display_name COLLATE NOCASE, created_at";
      break;
    case LIST_LEARNERS_AND_GUESTS:
      sql = "SELECT " LEARNER_COLUMNS " FROM learners WHERE archived_at IS NULL"
            " ORDER BY display_name COLLATE NOCASE, created_at";
      break;
    case LIST_ARCHIVED:
      sql = "SELECT " LEARNER_COLUMNS " FROM learners WHERE archived_at IS NOT NULL"
            " ORDER BY display_name COLLATE NOCASE, created_at";
      break;
    default:
      g_assert_not_reached ();
    }

  stmt = lalan_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  while ((rc = lalan_store_step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (learners, learner_from_row (stmt));

  if (rc < 0)
    return NULL;

  return g_steal_pointer (&learners);
}

static gpointer
set_archived_in_worker (LalanStore    *self,
                        gpointer       data,
                        GCancellable  *cancellable,
                        GError       **error)
{
  LearnerArgs *args = data;
  g_autoptr(LalanStoreStmt) stmt = NULL;
  gint64 now = g_get_real_time ();

  stmt = lalan_store_prepare (self,
                              "UPDATE learners SET archived_at = CASE WHEN ?2 THEN coalesce (archived_at, ?3) END,"
                              " updated_at = ?3 WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return NULL;

  lalan_store_bind_text (stmt, 1, args->id);
  sqlite3_bind_int (stmt, 2, args->archived ? 1 : 0);
  sqlite3_bind_int64 (stmt, 3, now);
  if (!lalan_store_step_done (self, stmt, error))
    return NULL;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND,
                   _("There is no learner %s on this computer."), args->id);
      return NULL;
    }

  return GINT_TO_POINTER (TRUE);
}

static gpointer
append_events_in_worker (LalanStore    *self,
                                     gpointer       data,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  EventArgs *args = data;
  g_autoptr(LalanStoreStmt) stmt = NULL;
  gint64 now = g_get_real_time ();
  guint n_added = 0;

  args->n_added = 0;

  if (!lalan_store_begin (self, error))
    return NULL;

  /* OR IGNORE on the uuid: an event already here (from this device or a
   * merged one) is the same fact, so appending is idempotent and merging
   * two logs is their union. */
  stmt = lalan_store_prepare (self,
                              "INSERT OR IGNORE INTO learning_events (uuid, device_id, learner_id, pack_id,"
                              " lesson_id, step_id, item_id, kind, answer, correct, time, details)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                              error);
  if (stmt == NULL)
    goto failed;

  for (guint i = 0; i < args->events->len; i++)
    {
      LalanLearningEvent *event = g_ptr_array_index (args->events, i);
      g_autofree char *uuid = event->uuid == NULL ? g_uuid_string_random () : NULL;

      lalan_store_bind_text (stmt, 1, event->uuid != NULL ? event->uuid : uuid);
      lalan_store_bind_text (stmt, 2, event->device_id != NULL ? event->device_id : self->device_id);
      lalan_store_bind_text (stmt, 3, event->learner_id);
      lalan_store_bind_text (stmt, 4, event->pack_id != NULL ? event->pack_id : "");
      lalan_store_bind_text (stmt, 5, event->lesson_id != NULL ? event->lesson_id : "");
      lalan_store_bind_text (stmt, 6, event->step_id);
      lalan_store_bind_text (stmt, 7, event->item_id);
      lalan_store_bind_text (stmt, 8, event->kind);
      lalan_store_bind_text (stmt, 9, event->answer);
      if (event->correct == LALAN_LEARNING_EVENT_NOT_SCORED)
        sqlite3_bind_null (stmt, 10);
      else
        sqlite3_bind_int (stmt, 10, event->correct == LALAN_LEARNING_EVENT_RIGHT ? 1 : 0);
      sqlite3_bind_int64 (stmt, 11, event->time != 0 ? event->time : now);
      lalan_store_bind_text (stmt, 12, event->details);

      if (!lalan_store_step_done (self, stmt, error))
        goto failed;
      n_added += sqlite3_changes (self->db);
      lalan_store_stmt_release (stmt);
    }
  g_clear_pointer (&stmt, lalan_store_stmt_release);

  if (!lalan_store_commit (self, error))
    return NULL;

  args->n_added = n_added;
  return GINT_TO_POINTER (TRUE);

failed:
  g_clear_pointer (&stmt, lalan_store_stmt_release);
  lalan_store_rollback (self);
  return NULL;
}

static gpointer
list_events_in_worker (LalanStore    *self,
                       gpointer       data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  EventArgs *args = data;
  g_autoptr(GString) sql = g_string_new ("SELECT uuid, device_id, learner_id, pack_id, lesson_id, step_id,"
                                         " item_id, kind, answer, correct, time, details"
                                         " FROM learning_events WHERE 1");
  g_autoptr(LalanStoreStmt) stmt = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_learning_event_free);
  int rc;

  if (args->learner_id != NULL)
    g_string_append (sql, " AND learner_id = ?1");
  if (args->pack_id != NULL)
    g_string_append (sql, " AND pack_id = ?2");
  if (args->lesson_id != NULL)
    g_string_append (sql, " AND lesson_id = ?3");
  if (args->since != 0)
    g_string_append (sql, " AND time >= ?4");
  if (args->until != 0)
    g_string_append (sql, " AND time < ?5");
  /* A stable order whatever order the events arrived in. */
  g_string_append (sql, " ORDER BY time, uuid");

  stmt = lalan_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;

  if (args->learner_id != NULL)
    lalan_store_bind_text (stmt, 1, args->learner_id);
  if (args->pack_id != NULL)
    lalan_store_bind_text (stmt, 2, args->pack_id);
  if (args->lesson_id != NULL)
    lalan_store_bind_text (stmt, 3, args->lesson_id);
  if (args->since != 0)
    sqlite3_bind_int64 (stmt, 4, args->since);
  if (args->until != 0)
    sqlite3_bind_int64 (stmt, 5, args->until);

  while ((rc = lalan_store_step (self, stmt, error)) == SQLITE_ROW)
    {
      LalanLearningEvent *event = lalan_learning_event_new ();

      event->uuid = lalan_store_column_dup (stmt, 0);
      event->device_id = lalan_store_column_dup (stmt, 1);
      event->learner_id = lalan_store_column_dup (stmt, 2);
      event->pack_id = lalan_store_column_dup (stmt, 3);
      event->lesson_id = lalan_store_column_dup (stmt, 4);
      event->step_id = lalan_store_column_dup (stmt, 5);
      event->item_id = lalan_store_column_dup (stmt, 6);
      event->kind = lalan_store_column_dup (stmt, 7);
      event->answer = lalan_store_column_dup (stmt, 8);
      if (sqlite3_column_type (stmt, 9) == SQLITE_NULL)
        event->correct = LALAN_LEARNING_EVENT_NOT_SCORED;
      else
        event->correct = sqlite3_column_int (stmt, 9) ? LALAN_LEARNING_EVENT_RIGHT : LALAN_LEARNING_EVENT_WRONG;
      event->time = lalan_store_column_time (stmt, 10);
      event->details = lalan_store_column_dup (stmt, 11);
      g_ptr_array_add (events, event);
    }

  if (rc < 0)
    return NULL;

  return g_steal_pointer (&events);
}

/**
 * lalan_store_create_learner:
 * @self: a store
 * @display_name: the name or nickname
 * @avatar_id: (nullable): which bundled picture
 * @pin_hash: (nullable): the PIN's salted hash (made by the lessons module)
 * @pin_salt: (nullable): its salt
 * @is_guest: whether this is a guest
 * @error: a location for a #GError
 *
 * Returns: (transfer full): the new learner with its new UUID, or %NULL
 *   with @error set
 */
LalanLearner *
lalan_store_create_learner (LalanStore  *self,
                            const char  *display_name,
                            const char  *avatar_id,
                            const char  *pin_hash,
                            const char  *pin_salt,
                            gboolean     is_guest,
                            GError     **error)
{
  LearnerArgs args = { NULL, display_name, avatar_id, pin_hash, pin_salt, is_guest, NULL };

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  return lalan_store_call (self, create_learner_in_worker, &args,
                           (GDestroyNotify) lalan_learner_free, NULL, error);
}

/**
 * lalan_store_update_learner:
 * @self: a store
 * @learner: the learner, by its id, with the new name, avatar, PIN fields
 *   and guest flag
 * @error: a location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_store_update_learner (LalanStore          *self,
                            const LalanLearner  *learner,
                            GError             **error)
{
  LearnerArgs args = { .learner = learner };

  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (learner != NULL && learner->id != NULL && learner->display_name != NULL, FALSE);

  return lalan_store_call (self, update_learner_in_worker, &args, NULL, NULL, error) != NULL;
}

/**
 * lalan_store_convert_guest:
 * @self: a store
 * @guest_id: a guest's id
 * @display_name: the learner's name
 * @avatar_id: (nullable): the learner's picture, or %NULL to keep the
 *   guest's
 * @pin_hash: (nullable): the PIN's hash
 * @pin_salt: (nullable): its salt
 * @error: a location for a #GError
 *
 * Turns a guest into a learner with the same id, so all the progress the
 * guest made stays with them.
 *
 * Returns: (transfer full): the learner, or %NULL with @error set
 */
LalanLearner *
lalan_store_convert_guest (LalanStore  *self,
                           const char  *guest_id,
                           const char  *display_name,
                           const char  *avatar_id,
                           const char  *pin_hash,
                           const char  *pin_salt,
                           GError     **error)
{
  LearnerArgs args = { guest_id, display_name, avatar_id, pin_hash, pin_salt, FALSE, NULL };

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);
  g_return_val_if_fail (guest_id != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  return lalan_store_call (self, convert_guest_in_worker, &args,
                           (GDestroyNotify) lalan_learner_free, NULL, error);
}

/**
 * lalan_store_get_learner:
 * @self: a store
 * @learner_id: a learner's id
 * @error: a location for a #GError
 *
 * Returns: (transfer full): the learner, or %NULL with @error set
 */
LalanLearner *
lalan_store_get_learner (LalanStore  *self,
                         const char  *learner_id,
                         GError     **error)
{
  LearnerArgs args = { .id = learner_id };

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);
  g_return_val_if_fail (learner_id != NULL, NULL);

  return lalan_store_call (self, get_learner_in_worker, &args,
                           (GDestroyNotify) lalan_learner_free, NULL, error);
}

/**
 * lalan_store_list_learners:
 * @self: a store
 * @include_guests: list guests too
 * @error: a location for a #GError
 *
 * The learners for "Who is learning?"; archived ones are left out.
 *
 * Returns: (transfer full) (element-type LalanLearner): the learners by
 *   name, or %NULL with @error set
 */
GPtrArray *
lalan_store_list_learners (LalanStore  *self,
                           gboolean     include_guests,
                           GError     **error)
{
  LearnerListing listing = include_guests ? LIST_LEARNERS_AND_GUESTS : LIST_LEARNERS;

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);

  return lalan_store_call (self, list_learners_in_worker, &listing,
                           (GDestroyNotify) g_ptr_array_unref, NULL, error);
}

/**
 * lalan_store_list_archived_learners:
 * @self: a store
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (element-type LalanLearner): the archived
 *   learners by name, or %NULL with @error set
 */
GPtrArray *
lalan_store_list_archived_learners (LalanStore  *self,
                                    GError     **error)
{
  LearnerListing listing = LIST_ARCHIVED;

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);

  return lalan_store_call (self, list_learners_in_worker, &listing,
                           (GDestroyNotify) g_ptr_array_unref, NULL, error);
}

/**
 * lalan_store_set_learner_archived:
 * @self: a store
 * @learner_id: a learner's id
 * @archived: %TRUE to archive, %FALSE to bring back
 * @error: a location for a #GError
 *
 * Archives a learner who left (or brings one back). An archived learner is
 * not listed by lalan_store_list_learners(); their events stay, since
 * learning events are never deleted.
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_store_set_learner_archived (LalanStore  *self,
                                  const char  *learner_id,
                                  gboolean     archived,
                                  GError     **error)
{
  LearnerArgs args = { .id = learner_id, .archived = archived };

  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (learner_id != NULL, FALSE);

  return lalan_store_call (self, set_archived_in_worker, &args, NULL, NULL, error) != NULL;
}

/**
 * lalan_store_append_learning_events:
 * @self: a store
 * @events: (element-type LalanLearningEvent): the events; a %NULL uuid,
 *   device id or time is filled in the stored copy (not in @events)
 * @n_added: (out) (optional): how many were new
 * @error: a location for a #GError
 *
 * Appends events in one transaction. An event whose uuid is already stored
 * is skipped, so appending twice, or appending another device's log, is a
 * set union.
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_store_append_learning_events (LalanStore  *self,
                                    GPtrArray   *events,
                                    guint       *n_added,
                                    GError     **error)
{
  EventArgs args = { .events = events };
  gboolean ok;

  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (events != NULL, FALSE);

  for (guint i = 0; i < events->len; i++)
    {
      LalanLearningEvent *event = g_ptr_array_index (events, i);

      g_return_val_if_fail (event->learner_id != NULL && event->kind != NULL, FALSE);
    }

  ok = lalan_store_call (self, append_events_in_worker, &args, NULL, NULL, error) != NULL;
  if (n_added != NULL)
    *n_added = ok ? args.n_added : 0;

  return ok;
}

/**
 * lalan_store_list_learning_events:
 * @self: a store
 * @learner_id: (nullable): only this learner's events
 * @pack_id: (nullable): only this pack's events
 * @lesson_id: (nullable): only this lesson's events
 * @since: only events at or after this time, or 0
 * @until: only events before this time, or 0
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (element-type LalanLearningEvent): the events by
 *   time (then uuid, so the order does not depend on arrival), or %NULL
 *   with @error set
 */
GPtrArray *
lalan_store_list_learning_events (LalanStore  *self,
                                  const char  *learner_id,
                                  const char  *pack_id,
                                  const char  *lesson_id,
                                  gint64       since,
                                  gint64       until,
                                  GError     **error)
{
  EventArgs args = {
    .learner_id = learner_id,
    .pack_id = pack_id,
    .lesson_id = lesson_id,
    .since = since,
    .until = until,
  };

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);

  return lalan_store_call (self, list_events_in_worker, &args,
                           (GDestroyNotify) g_ptr_array_unref, NULL, error);
}

static void
event_args_free (EventArgs *args)
{
  g_clear_pointer (&args->events, g_ptr_array_unref);
  g_free (args);
}

static gpointer
append_events_job (LalanStore    *self,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  EventArgs *args = data;

  if (append_events_in_worker (self, args, cancellable, error) == NULL)
    return NULL;

  return g_memdup2 (&args->n_added, sizeof args->n_added);
}

/**
 * lalan_store_append_learning_events_async:
 * @self: a store
 * @events: (element-type LalanLearningEvent): the events (copied now)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * lalan_store_append_learning_events() on the worker.
 */
void
lalan_store_append_learning_events_async (LalanStore          *self,
                                          GPtrArray           *events,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  EventArgs *args;

  g_return_if_fail (LALAN_IS_STORE (self));
  g_return_if_fail (events != NULL);

  args = g_new0 (EventArgs, 1);
  args->events = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_learning_event_free);
  for (guint i = 0; i < events->len; i++)
    {
      LalanLearningEvent *event = g_ptr_array_index (events, i);

      g_return_if_fail (event->learner_id != NULL && event->kind != NULL);
      g_ptr_array_add (args->events, lalan_learning_event_copy (event));
    }

  lalan_store_run_async (self, append_events_job, args, (GDestroyNotify) event_args_free,
                         g_free, cancellable, callback, user_data);
}

/**
 * lalan_store_append_learning_events_finish:
 * @self: a store
 * @result: the result
 * @n_added: (out) (optional): how many were new
 * @error: a location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_store_append_learning_events_finish (LalanStore    *self,
                                           GAsyncResult  *result,
                                           guint         *n_added,
                                           GError       **error)
{
  g_autofree guint *added = lalan_store_run_finish (self, result, error);

  if (n_added != NULL)
    *n_added = added != NULL ? *added : 0;

  return added != NULL;
}
