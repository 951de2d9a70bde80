/* lalan-store-outbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The outbox side of the record life cycle, what sync calls: the records
 * due for sending, and what the server answered (sent, needs review, a
 * failure to retry). Also records imported from sync files, and the
 * optional pruning of old sent records. */

#include "config.h"

#include "lalan-store-records-private.h"

#include <glib/gi18n-lib.h>

static void
bind_mark_sent (sqlite3_stmt     *stmt,
                const RecordArgs *args,
                gint64            now)
{
  sqlite3_bind_int64 (stmt, 2, now);
  lalan_store_bind_text (stmt, 3, args->server_response);
}

static gpointer
mark_sent_in_worker (LalanStore    *self,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  RecordArgs *args = data;
  gboolean changed;

  if (!lalan_store_change_record (self, OP_MARK_SENT,
                                  "UPDATE records SET state = 'sent', sent_at = ?2,"
                                  " server_response = ?3, next_attempt_at = NULL,"
                                  " last_error_code = NULL, last_error_message = NULL"
                                  " WHERE instance_id = ?1 AND state = 'finalized'",
                                  bind_mark_sent, args, &changed, error))
    return NULL;

  if (!changed)
    {
      g_autoptr(LalanRecord) record = lalan_store_fetch_record (self, args->instance_id, FALSE, error);

      if (record == NULL)
        return NULL;

      /* A second acknowledgement (sync retried after a crash between the
       * server's answer and this call) changes nothing and is fine. */
      if (lalan_record_get_state (record) == LALAN_RECORD_STATE_SENT)
        return GINT_TO_POINTER (TRUE);

      lalan_store_explain_refusal (self, OP_MARK_SENT, args->instance_id, error);
      return NULL;
    }

  lalan_store_emit_records_changed (self, args->instance_id);

  return GINT_TO_POINTER (TRUE);
}

static void
bind_error (sqlite3_stmt     *stmt,
            const RecordArgs *args,
            gint64            now)
{
  lalan_store_bind_text (stmt, 3, args->code);
  lalan_store_bind_text (stmt, 4, args->message);
}

static void
bind_failure (sqlite3_stmt     *stmt,
              const RecordArgs *args,
              gint64            now)
{
  sqlite3_bind_int64 (stmt, 2, now);
  bind_error (stmt, args, now);
  lalan_store_bind_time (stmt, 5, args->time);
}

static gpointer
mark_needs_review_in_worker (LalanStore    *self,
                             gpointer       data,
                             GCancellable  *cancellable,
                             GError       **error)
{
  RecordArgs *args = data;
  gboolean changed;

  if (!lalan_store_change_record (self, OP_MARK_NEEDS_REVIEW,
                                  "UPDATE records SET state = 'needs-review',"
                                  " last_error_code = ?3, last_error_message = ?4, next_attempt_at = NULL"
                                  " WHERE instance_id = ?1 AND state = 'finalized'",
                                  bind_error, args, &changed, error))
    return NULL;

  if (!changed)
    {
      lalan_store_explain_refusal (self, OP_MARK_NEEDS_REVIEW, args->instance_id, error);
      return NULL;
    }

  lalan_store_emit_records_changed (self, args->instance_id);

  return GINT_TO_POINTER (TRUE);
}

static gpointer
record_send_failure_in_worker (LalanStore    *self,
                               gpointer       data,
                               GCancellable  *cancellable,
                               GError       **error)
{
  RecordArgs *args = data;
  gboolean changed;

  /* Like every answer of the server, not a change the person made:
   * updated_at stays, so lists keep their order while sync works. */
  if (!lalan_store_change_record (self, OP_SEND_FAILURE,
                                  "UPDATE records SET attempts = attempts + 1,"
                                  " last_error_code = ?3, last_error_message = ?4, next_attempt_at = coalesce (?5, ?2)"
                                  " WHERE instance_id = ?1 AND state = 'finalized'",
                                  bind_failure, args, &changed, error))
    return NULL;

  if (!changed)
    {
      lalan_store_explain_refusal (self, OP_SEND_FAILURE, args->instance_id, error);
      return NULL;
    }

  lalan_store_emit_records_changed (self, args->instance_id);

  return GINT_TO_POINTER (TRUE);
}

static gpointer
requeue_record_in_worker (LalanStore    *self,
                          gpointer       data,
                          GCancellable  *cancellable,
                          GError       **error)
{
  RecordArgs *args = data;
  gboolean changed;

  if (!lalan_store_change_record (self, OP_REQUEUE,
                                  "UPDATE records SET state = 'finalized', next_attempt_at = ?2"
                                  " WHERE instance_id = ?1 AND state IN ('finalized', 'needs-review')",
                                  lalan_store_bind_now_at_2, args, &changed, error))
    return NULL;

  if (!changed)
    {
      lalan_store_explain_refusal (self, OP_REQUEUE, args->instance_id, error);
      return NULL;
    }

  lalan_store_emit_records_changed (self, args->instance_id);

  return GINT_TO_POINTER (TRUE);
}

static gpointer
import_record_in_worker (LalanStore    *self,
                         gpointer       data,
                         GCancellable  *cancellable,
                         GError       **error)
{
  RecordArgs *args = data;
  g_autoptr(LalanStoreStmt) insert = NULL;
  gboolean exists = FALSE;
  gint64 now = g_get_real_time ();
  gint64 row;

  args->imported = FALSE;

  if (!lalan_store_begin (self, error))
    return NULL;

  if (!lalan_store_record_exists (self, args->instance_id, &exists, error))
    goto failed;
  if (exists)
    return lalan_store_commit (self, error) ? GINT_TO_POINTER (TRUE) : NULL;

  insert = lalan_store_prepare (self,
                                "INSERT INTO records (instance_id, form_id, form_version, state, instance_xml,"
                                " summary, deprecated_id, created_at, updated_at, finalized_at, next_attempt_at)"
                                " VALUES (?1, ?2, ?3, 'finalized', ?4, ?5, ?6, ?7, ?7, ?8, ?7)",
                                error);
  if (insert == NULL)
    goto failed;
  lalan_store_bind_text (insert, 1, args->instance_id);
  lalan_store_bind_text (insert, 2, args->form_id);
  lalan_store_bind_text (insert, 3, args->form_version);
  lalan_store_bind_text (insert, 4, args->instance_xml);
  lalan_store_bind_text (insert, 5, args->summary != NULL ? args->summary : "");
  lalan_store_bind_text (insert, 6, args->deprecated_id);
  sqlite3_bind_int64 (insert, 7, now);
  sqlite3_bind_int64 (insert, 8, args->time != 0 ? args->time : now);
  if (!lalan_store_step_done (self, insert, error))
    goto failed;
  row = sqlite3_last_insert_rowid (self->db);
  g_clear_pointer (&insert, lalan_store_stmt_release);

  for (guint i = 0; args->attachments != NULL && i < args->attachments->len; i++)
    {
      LalanAttachment *attachment = g_ptr_array_index (args->attachments, i);

      if (!lalan_store_insert_attachment (self, row, attachment->name, attachment->media_type,
                                          attachment->data, error))
        goto failed;
    }

  if (!lalan_store_commit (self, error))
    return NULL;

  args->imported = TRUE;
  lalan_store_emit_records_changed (self, args->instance_id);

  return GINT_TO_POINTER (TRUE);

failed:
  g_clear_pointer (&insert, lalan_store_stmt_release);
  lalan_store_rollback (self);
  return NULL;
}

static gpointer
prune_sent_in_worker (LalanStore    *self,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  RecordArgs *args = data;
  g_autoptr(LalanStoreStmt) stmt = NULL;

  if (!lalan_store_begin (self, error))
    return NULL;

  stmt = lalan_store_prepare (self, "DELETE FROM records WHERE state = 'sent' AND sent_at < ?1", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, args->time);
  if (!lalan_store_step_done (self, stmt, error))
    goto failed;
  args->count = sqlite3_changes (self->db);
  g_clear_pointer (&stmt, lalan_store_stmt_release);

  if (!lalan_store_commit (self, error))
    return NULL;

  if (args->count > 0)
    lalan_store_emit_records_changed (self, NULL);

  return GINT_TO_POINTER (TRUE);

failed:
  g_clear_pointer (&stmt, lalan_store_stmt_release);
  lalan_store_rollback (self);
  return NULL;
}

/**
 * lalan_store_mark_sent:
 * @self: a store
 * @instance_id: a finalized record
 * @server_response: (nullable): the server's answer, kept with the record
 * @error: a location for a #GError
 *
 * Records the server's acknowledgement: only this moves a record to
 * %LALAN_RECORD_STATE_SENT. Marking a sent record again changes nothing
 * and succeeds.
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_store_mark_sent (LalanStore  *self,
                       const char  *instance_id,
                       const char  *server_response,
                       GError     **error)
{
  RecordArgs args = { .instance_id = instance_id, .server_response = server_response };

  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (instance_id != NULL, FALSE);

  return lalan_store_call (self, mark_sent_in_worker, &args, NULL, NULL, error) != NULL;
}

/**
 * lalan_store_mark_needs_review:
 * @self: a store
 * @instance_id: a finalized record
 * @code: a code for programs ("http-409", "too-large"...)
 * @message: the reason as a sentence for a person, translated
 * @error: a location for a #GError
 *
 * Takes a record the server refused for good out of the queue, with the
 * reason, until a person reopens or requeues it.
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_store_mark_needs_review (LalanStore  *self,
                               const char  *instance_id,
                               const char  *code,
                               const char  *message,
                               GError     **error)
{
  RecordArgs args = { .instance_id = instance_id, .code = code, .message = message };

  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (instance_id != NULL, FALSE);

  return lalan_store_call (self, mark_needs_review_in_worker, &args, NULL, NULL, error) != NULL;
}

/**
 * lalan_store_record_send_failure:
 * @self: a store
 * @instance_id: a finalized record
 * @code: (nullable): a code for programs ("network", "http-503"...)
 * @message: (nullable): the failure as a sentence for a person
 * @next_attempt_at: when to try again (sync computes the back-off), or 0
 *   for now
 * @error: a location for a #GError
 *
 * Counts a failed attempt and reschedules the record; it stays finalized.
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_store_record_send_failure (LalanStore  *self,
                                 const char  *instance_id,
                                 const char  *code,
                                 const char  *message,
                                 gint64       next_attempt_at,
                                 GError     **error)
{
  RecordArgs args = {
    .instance_id = instance_id,
    .code = code,
    .message = message,
    .time = next_attempt_at,
  };

  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (instance_id != NULL, FALSE);

  return lalan_store_call (self, record_send_failure_in_worker, &args, NULL, NULL, error) != NULL;
}

/**
 * lalan_store_requeue_record:
 * @self: a store
 * @instance_id: a finalized record or one that needs review
 * @error: a location for a #GError
 *
 * Makes the record due for sending now ("Retry now", or sending a record
 * that needed review again as it is).
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_store_requeue_record (LalanStore  *self,
                            const char  *instance_id,
                            GError     **error)
{
  RecordArgs args = { .instance_id = instance_id };

  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (instance_id != NULL, FALSE);

  return lalan_store_call (self, requeue_record_in_worker, &args, NULL, NULL, error) != NULL;
}

/**
 * lalan_store_import_record:
 * @self: a store
 * @instance_id: the record's instance id
 * @form_id: its form's id
 * @form_version: its form's version
 * @instance_xml: its instance XML
 * @summary: (nullable): its summary
 * @deprecated_id: (nullable): the record it replaces, for an edit
 * @finalized_at: when it was finalized on the other device, or 0 for now
 * @attachments: (nullable) (element-type LalanAttachment): its attachments,
 *   each with its data
 * @imported: (out) (optional): %TRUE when it was added, %FALSE when a
 *   record with this instance id was already here (and was left alone)
 * @error: a location for a #GError
 *
 * Adds a finalized record made elsewhere (a sync file) to the outbox, with
 * its attachments, in one transaction.
 *
 * Returns: %TRUE on success, including when the record was already here
 */
gboolean
lalan_store_import_record (LalanStore  *self,
                           const char  *instance_id,
                           const char  *form_id,
                           const char  *form_version,
                           const char  *instance_xml,
                           const char  *summary,
                           const char  *deprecated_id,
                           gint64       finalized_at,
                           GPtrArray   *attachments,
                           gboolean    *imported,
                           GError     **error)
{
  RecordArgs args = {
    .instance_id = instance_id,
    .form_id = form_id,
    .form_version = form_version,
    .instance_xml = instance_xml,
    .summary = summary,
    .deprecated_id = deprecated_id,
    .time = finalized_at,
    .attachments = attachments,
  };
  gboolean ok;

  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (instance_id != NULL && *instance_id != '\0', FALSE);
  g_return_val_if_fail (form_id != NULL && *form_id != '\0', FALSE);
  g_return_val_if_fail (form_version != NULL, FALSE);
  g_return_val_if_fail (instance_xml != NULL, FALSE);

  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      LalanAttachment *attachment = g_ptr_array_index (attachments, i);

      g_return_val_if_fail (attachment->name != NULL && attachment->data != NULL, FALSE);
    }

  ok = lalan_store_call (self, import_record_in_worker, &args, NULL, NULL, error) != NULL;
  if (imported != NULL)
    *imported = ok && args.imported;

  return ok;
}

/**
 * lalan_store_prune_sent_records:
 * @self: a store
 * @older_than_days: how long after sending a record is kept, at least 1
 * @n_pruned: (out) (optional): how many records were removed
 * @error: a location for a #GError
 *
 * Removes sent records acknowledged more than @older_than_days ago, with
 * their attachments. Never called by the store itself: only when a person
 * chose it in the settings. Unsent records are never touched.
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_store_prune_sent_records (LalanStore  *self,
                                guint        older_than_days,
                                guint       *n_pruned,
                                GError     **error)
{
  RecordArgs args = { 0 };
  gboolean ok;

  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);

  if (n_pruned != NULL)
    *n_pruned = 0;

  if (older_than_days == 0)
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_INVALID,
                   _("Sent records are kept at least one day."));
      return FALSE;
    }

  args.time = g_get_real_time () - (gint64) older_than_days * 24 * 3600 * G_USEC_PER_SEC;
  ok = lalan_store_call (self, prune_sent_in_worker, &args, NULL, NULL, error) != NULL;
  if (ok && n_pruned != NULL)
    *n_pruned = args.count;

  return ok;
}

static gpointer
list_due_in_worker (LalanStore    *self,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  RecordArgs *args = data;
  g_autoptr(LalanStoreStmt) stmt = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  /* Oldest first, so the queue is fair and a record that keeps failing
   * (its next attempt moves on) never holds the others back. An edit waits
   * until the record it replaces is sent: the server must know the
   * original before it gets the edit. */
  stmt = lalan_store_prepare (self,
                              "SELECT " LALAN_RECORD_COLUMNS ", instance_xml FROM records"
                              " WHERE state = 'finalized' AND next_attempt_at <= ?1"
                              " AND NOT EXISTS (SELECT 1 FROM records original"
                              "   WHERE original.instance_id = records.deprecated_id"
                              "   AND original.state != 'sent')"
                              " ORDER BY finalized_at, id LIMIT ?2",
                              error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, args->time);
  sqlite3_bind_int64 (stmt, 2, args->limit > 0 ? (gint64) args->limit : -1);

  while ((rc = lalan_store_step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (records, lalan_record_new_from_row (stmt, TRUE));

  if (rc < 0)
    return NULL;

  return g_steal_pointer (&records);
}

/**
 * lalan_store_list_due_records:
 * @self: a store
 * @now: the time to compare next attempts with; G_MAXINT64 lists every
 *   finalized record whatever its back-off ("retry now")
 * @limit: at most this many, or 0 for all
 * @error: a location for a #GError
 *
 * The outbox: finalized records due for sending, with their instance XML,
 * oldest finalized first. An edit is listed only once the record it
 * replaces (its deprecated id) is sent, so it is never sent before it.
 *
 * Returns: (transfer full) (element-type LalanRecord): the records, or
 *   %NULL with @error set
 */
GPtrArray *
lalan_store_list_due_records (LalanStore  *self,
                              gint64       now,
                              guint        limit,
                              GError     **error)
{
  RecordArgs args = { .time = now, .limit = limit };

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);

  return lalan_store_call (self, list_due_in_worker, &args,
                           (GDestroyNotify) g_ptr_array_unref, NULL, error);
}

static gpointer
next_attempt_in_worker (LalanStore    *self,
                        gpointer       data,
                        GCancellable  *cancellable,
                        GError       **error)
{
  RecordArgs *args = data;
  g_autoptr(LalanStoreStmt) stmt = NULL;
  int rc;

  /* The same records lalan_store_list_due_records() would list, so a
   * scheduler never wakes up for an edit still waiting for its original. */
  stmt = lalan_store_prepare (self,
                              "SELECT min (next_attempt_at) FROM records"
                              " WHERE state = 'finalized'"
                              " AND NOT EXISTS (SELECT 1 FROM records original"
                              "   WHERE original.instance_id = records.deprecated_id"
                              "   AND original.state != 'sent')",
                              error);
  if (stmt == NULL)
    return NULL;

  rc = lalan_store_step (self, stmt, error);
  if (rc < 0)
    return NULL;

  args->time = rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL
               ? sqlite3_column_int64 (stmt, 0) : 0;

  return GINT_TO_POINTER (TRUE);
}

/**
 * lalan_store_get_next_attempt_time:
 * @self: a store
 * @next_attempt_at: (out): the earliest next attempt among the records
 *   lalan_store_list_due_records() could list, or 0 when there is none
 * @error: a location for a #GError
 *
 * When the outbox next has something to send, for a scheduler's timer.
 * The time may be in the past (a record is due now).
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_store_get_next_attempt_time (LalanStore  *self,
                                   gint64      *next_attempt_at,
                                   GError     **error)
{
  RecordArgs args = { 0, };

  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (next_attempt_at != NULL, FALSE);

  *next_attempt_at = 0;
  if (lalan_store_call (self, next_attempt_in_worker, &args, NULL, NULL, error) == NULL)
    return FALSE;

  *next_attempt_at = args.time;
  return TRUE;
}
