/* lalan-store-records.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Survey records and their life cycle:
 *
 *   draft ──finalize──▶ finalized ──mark_sent──▶ sent ──create_edit──▶ (new draft)
 *     ▲  ◀───reopen─────┘   │  ▲                  
 *     │                     ▼  │ requeue                               
 *     └────reopen──── needs-review                                      
 *
 * Each change is one statement guarded by the state it starts from, in one
 * transaction; when it changes nothing, a second look says why (no such
 * record, or the wrong state) in a sentence. Nothing unsent is deleted but
 * a draft the person deletes. */

#include "config.h"

#include "lalan-store-records-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

void
lalan_record_args_free (RecordArgs *args)
{
  g_free ((char *) args->instance_id);
  g_free ((char *) args->new_instance_id);
  g_free ((char *) args->form_id);
  g_free ((char *) args->form_version);
  g_free ((char *) args->instance_xml);
  g_free ((char *) args->summary);
  g_free ((char *) args->resume_position);
  g_free ((char *) args->search);
  g_free (args);
}

RecordArgs *
lalan_record_args_copy (const RecordArgs *args)
{
  RecordArgs *copy = g_memdup2 (args, sizeof *args);

  copy->instance_id = g_strdup (args->instance_id);
  copy->new_instance_id = g_strdup (args->new_instance_id);
  copy->form_id = g_strdup (args->form_id);
  copy->form_version = g_strdup (args->form_version);
  copy->instance_xml = g_strdup (args->instance_xml);
  copy->summary = g_strdup (args->summary);
  copy->resume_position = g_strdup (args->resume_position);
  copy->search = g_strdup (args->search);

  /* Only the strings above are used by asynchronous calls. */
  copy->deprecated_id = NULL;
  copy->code = NULL;
  copy->message = NULL;
  copy->server_response = NULL;
  copy->attachments = NULL;

  return copy;
}

LalanRecord *
lalan_store_fetch_record (LalanStore  *self,
                          const char  *instance_id,
                          gboolean     with_xml,
                          GError     **error)
{
  g_autoptr(LalanStoreStmt) stmt = NULL;
  int rc;

  stmt = lalan_store_prepare (self,
                              with_xml
                              ? "SELECT " LALAN_RECORD_COLUMNS ", instance_xml FROM records WHERE instance_id = ?1"
                              : "SELECT " LALAN_RECORD_COLUMNS " FROM records WHERE instance_id = ?1",
                              error);
  if (stmt == NULL)
    return NULL;

  lalan_store_bind_text (stmt, 1, instance_id);
  rc = lalan_store_step (self, stmt, error);
  if (rc < 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND,
                   _("There is no record %s."), instance_id);
      return NULL;
    }

  return lalan_record_new_from_row (stmt, with_xml);
}

/* Sets the sentence that says why @op changed nothing. */
void
lalan_store_explain_refusal (LalanStore  *self,
                             RecordOp     op,
                             const char  *instance_id,
                             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(LalanRecord) record = lalan_store_fetch_record (self, instance_id, FALSE, &local_error);
  LalanRecordState state;
  const char *label;

  if (record == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return;
    }

  state = lalan_record_get_state (record);
  label = lalan_record_state_get_label (state);

  switch (op)
    {
    case OP_SAVE_DRAFT:
      if (state == LALAN_RECORD_STATE_SENT)
        g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_WRONG_STATE,
                     _("This record was already sent, so it cannot be changed. "
                       "Make an edit of it instead."));
      else
        g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_WRONG_STATE,
                     _("This record was already finalized, so it cannot be saved as a draft. "
                       "Reopen it first."));
      break;

    case OP_FINALIZE:
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_WRONG_STATE,
                   _("Only a draft can be finalized; this record is “%s”."), label);
      break;

    case OP_REOPEN:
      if (state == LALAN_RECORD_STATE_SENT)
        g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_WRONG_STATE,
                     _("This record was already sent, so it cannot be reopened. "
                       "Make an edit of it instead."));
      else
        g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_WRONG_STATE,
                     _("This record cannot be reopened; it is “%s”."), label);
      break;

    case OP_DELETE_DRAFT:
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_WRONG_STATE,
                   _("Only a draft can be deleted; this record is “%s”, and it is kept."),
                   label);
      break;

    case OP_MARK_SENT:
    case OP_MARK_NEEDS_REVIEW:
    case OP_SEND_FAILURE:
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_WRONG_STATE,
                   _("Only a record waiting to be sent can take the server’s answer; "
                     "this record is “%s”."),
                   label);
      break;

    case OP_REQUEUE:
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_WRONG_STATE,
                   _("Only a record waiting to be sent or needing review can be queued again; "
                     "this record is “%s”."),
                   label);
      break;

    case OP_CREATE_EDIT:
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_WRONG_STATE,
                   _("Only a sent record can be edited as a new record; this record is “%s”."),
                   label);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Runs @sql, a write on the record ?1 guarded by its state, in one
 * transaction. When it changed nothing, says why. @bind binds the other
 * parameters. */

gboolean
lalan_store_change_record (LalanStore        *self,
                           RecordOp           op,
                           const char        *sql,
                           BindFunc           bind,
                           const RecordArgs  *args,
                           gboolean          *changed,
                           GError           **error)
{
  g_autoptr(LalanStoreStmt) stmt = NULL;
  gint64 now = g_get_real_time ();

  *changed = FALSE;

  if (!lalan_store_begin (self, error))
    return FALSE;

  stmt = lalan_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto failed;

  lalan_store_bind_text (stmt, 1, args->instance_id);
  if (bind != NULL)
    bind (stmt, args, now);

  if (!lalan_store_step_done (self, stmt, error))
    goto failed;

  *changed = sqlite3_changes (self->db) > 0;
  g_clear_pointer (&stmt, lalan_store_stmt_release);

  return lalan_store_commit (self, error);

failed:
  g_clear_pointer (&stmt, lalan_store_stmt_release);
  lalan_store_rollback (self);
  return FALSE;
}

/* The common end of a life-cycle change: the new snapshot, or why not. */
LalanRecord *
lalan_store_finish_change (LalanStore        *self,
                           RecordOp           op,
                           const RecordArgs  *args,
                           gboolean           ok,
                           gboolean           changed,
                           GError           **error)
{
  if (!ok)
    return NULL;

  if (!changed)
    {
      lalan_store_explain_refusal (self, op, args->instance_id, error);
      return NULL;
    }

  lalan_store_emit_records_changed (self, args->instance_id);

  return lalan_store_fetch_record (self, args->instance_id, TRUE, error);
}

static void
bind_save_draft (sqlite3_stmt     *stmt,
                 const RecordArgs *args,
                 gint64            now)
{
  lalan_store_bind_text (stmt, 2, args->form_id);
  lalan_store_bind_text (stmt, 3, args->form_version);
  lalan_store_bind_text (stmt, 4, args->instance_xml);
  lalan_store_bind_text (stmt, 5, args->summary != NULL ? args->summary : "");
  lalan_store_bind_text (stmt, 6, args->resume_position);
  sqlite3_bind_int64 (stmt, 7, now);
}

gpointer
lalan_store_save_draft_in_worker (LalanStore    *self,
                                  gpointer       data,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  RecordArgs *args = data;
  gboolean changed;
  gboolean ok;

  /* One statement inserts a new draft or updates an existing one, and
   * leaves any other state (or another form's record) untouched. */
  ok = lalan_store_change_record (self, OP_SAVE_DRAFT,
                                  "INSERT INTO records (instance_id, form_id, form_version, state, instance_xml,"
                                  " summary, resume_position, created_at, updated_at)"
                                  " VALUES (?1, ?2, ?3, 'draft', ?4, ?5, ?6, ?7, ?7)"
                                  " ON CONFLICT (instance_id) DO UPDATE SET"
                                  " form_version = excluded.form_version, instance_xml = excluded.instance_xml,"
                                  " summary = excluded.summary, resume_position = excluded.resume_position,"
                                  " updated_at = max (excluded.updated_at, records.updated_at)"
                                  " WHERE records.state = 'draft' AND records.form_id = excluded.form_id",
                                  bind_save_draft, args, &changed, error);

  if (ok && !changed)
    {
      g_autoptr(LalanRecord) existing = lalan_store_fetch_record (self, args->instance_id, FALSE, NULL);

      if (existing != NULL &&
          lalan_record_get_state (existing) == LALAN_RECORD_STATE_DRAFT &&
          g_strcmp0 (lalan_record_get_form_id (existing), args->form_id) != 0)
        {
          g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_CONFLICT,
                       _("The record %s belongs to another form (%s) and was not changed."),
                       args->instance_id, lalan_record_get_form_id (existing));
          return NULL;
        }
    }

  return lalan_store_finish_change (self, OP_SAVE_DRAFT, args, ok, changed, error);
}

static void
bind_finalize (sqlite3_stmt     *stmt,
               const RecordArgs *args,
               gint64            now)
{
  lalan_store_bind_text (stmt, 2, args->instance_xml);
  lalan_store_bind_text (stmt, 3, args->summary);
  sqlite3_bind_int64 (stmt, 4, now);
}

gpointer
lalan_store_finalize_record_in_worker (LalanStore    *self,
                                       gpointer       data,
                                       GCancellable  *cancellable,
                                       GError       **error)
{
  RecordArgs *args = data;
  gboolean changed;
  gboolean ok;

  ok = lalan_store_change_record (self, OP_FINALIZE,
                                  "UPDATE records SET state = 'finalized',"
                                  " instance_xml = coalesce (?2, instance_xml), summary = coalesce (?3, summary),"
                                  " finalized_at = ?4, updated_at = max (?4, updated_at), next_attempt_at = ?4,"
                                  " attempts = 0, last_error_code = NULL, last_error_message = NULL"
                                  " WHERE instance_id = ?1 AND state = 'draft'",
                                  bind_finalize, args, &changed, error);

  return lalan_store_finish_change (self, OP_FINALIZE, args, ok, changed, error);
}

void
lalan_store_bind_now_at_2 (sqlite3_stmt     *stmt,
               const RecordArgs *args,
               gint64            now)
{
  sqlite3_bind_int64 (stmt, 2, now);
}

gpointer
lalan_store_reopen_record_in_worker (LalanStore    *self,
                                     gpointer       data,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  RecordArgs *args = data;
  gboolean changed;
  gboolean ok;

  /* The last error stays: a person reopening a record that needs review
   * wants to read why while fixing it. */
  ok = lalan_store_change_record (self, OP_REOPEN,
                                  "UPDATE records SET state = 'draft', finalized_at = NULL, next_attempt_at = NULL,"
                                  " updated_at = max (?2, updated_at)"
                                  " WHERE instance_id = ?1 AND state IN ('finalized', 'needs-review')",
                                  lalan_store_bind_now_at_2, args, &changed, error);

  return lalan_store_finish_change (self, OP_REOPEN, args, ok, changed, error);
}

gpointer
lalan_store_delete_draft_in_worker (LalanStore    *self,
                                    gpointer       data,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  RecordArgs *args = data;
  gboolean changed;

  /* Attachments go with it (ON DELETE CASCADE). */
  if (!lalan_store_change_record (self, OP_DELETE_DRAFT,
                                  "DELETE FROM records WHERE instance_id = ?1 AND state = 'draft'",
                                  NULL, args, &changed, error))
    return NULL;

  if (!changed)
    {
      lalan_store_explain_refusal (self, OP_DELETE_DRAFT, args->instance_id, error);
      return NULL;
    }

  lalan_store_emit_records_changed (self, args->instance_id);

  return GINT_TO_POINTER (TRUE);
}

gboolean
lalan_store_record_exists (LalanStore  *self,
               const char  *instance_id,
               gboolean    *exists,
               GError     **error)
{
  g_autoptr(LalanStoreStmt) stmt = lalan_store_prepare (self, "SELECT 1 FROM records WHERE instance_id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  lalan_store_bind_text (stmt, 1, instance_id);
  rc = lalan_store_step (self, stmt, error);
  if (rc < 0)
    return FALSE;

  *exists = rc == SQLITE_ROW;
  return TRUE;
}

static gpointer
create_edit_in_worker (LalanStore    *self,
                       gpointer       data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  RecordArgs *args = data;
  g_autoptr(LalanStoreStmt) insert = NULL;
  g_autoptr(LalanStoreStmt) copy = NULL;
  gboolean exists = FALSE;
  gint64 new_row;

  if (!lalan_store_begin (self, error))
    return NULL;

  if (!lalan_store_record_exists (self, args->new_instance_id, &exists, error))
    goto failed;
  if (exists)
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_CONFLICT,
                   _("There is already a record %s."), args->new_instance_id);
      goto failed;
    }

  insert = lalan_store_prepare (self,
                                "INSERT INTO records (instance_id, form_id, form_version, state, instance_xml,"
                                " summary, deprecated_id, created_at, updated_at)"
                                " SELECT ?2, form_id, form_version, 'draft', instance_xml, summary,"
                                " instance_id, ?3, ?3 FROM records WHERE instance_id = ?1 AND state = 'sent'",
                                error);
  if (insert == NULL)
    goto failed;
  lalan_store_bind_text (insert, 1, args->instance_id);
  lalan_store_bind_text (insert, 2, args->new_instance_id);
  sqlite3_bind_int64 (insert, 3, g_get_real_time ());
  if (!lalan_store_step_done (self, insert, error))
    goto failed;

  if (sqlite3_changes (self->db) == 0)
    {
      g_clear_pointer (&insert, lalan_store_stmt_release);
      lalan_store_rollback (self);
      lalan_store_explain_refusal (self, OP_CREATE_EDIT, args->instance_id, error);
      return NULL;
    }
  new_row = sqlite3_last_insert_rowid (self->db);

  /* The edit starts with the same photos and files. */
  copy = lalan_store_prepare (self,
                              "INSERT INTO attachments (record_id, name, media_type, size, sha256, data, added_at)"
                              " SELECT ?2, name, media_type, size, sha256, data, added_at FROM attachments"
                              " WHERE record_id = (SELECT id FROM records WHERE instance_id = ?1)",
                              error);
  if (copy == NULL)
    goto failed;
  lalan_store_bind_text (copy, 1, args->instance_id);
  sqlite3_bind_int64 (copy, 2, new_row);
  if (!lalan_store_step_done (self, copy, error))
    goto failed;

  g_clear_pointer (&insert, lalan_store_stmt_release);
  g_clear_pointer (&copy, lalan_store_stmt_release);
  if (!lalan_store_commit (self, error))
    return NULL;

  lalan_store_emit_records_changed (self, args->new_instance_id);

  return lalan_store_fetch_record (self, args->new_instance_id, TRUE, error);

failed:
  g_clear_pointer (&insert, lalan_store_stmt_release);
  g_clear_pointer (&copy, lalan_store_stmt_release);
  lalan_store_rollback (self);
  return NULL;
}

gpointer
lalan_store_get_record_in_worker (LalanStore    *self,
                                  gpointer       data,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  RecordArgs *args = data;

  return lalan_store_fetch_record (self, args->instance_id, TRUE, error);
}

/**
 * lalan_store_save_draft:
 * @self: a store
 * @instance_id: the record's instance id ("uuid:..."), chosen by the forms
 *   engine
 * @form_id: the form's id
 * @form_version: the form's version
 * @instance_xml: the instance as it is now
 * @summary: (nullable): a short text for lists (village, household...)
 * @resume_position: (nullable): where the person is in the form, for
 *   resuming; opaque to the store
 * @error: a location for a #GError
 *
 * Saves a draft, creating it on first save. Call it as often as you like
 * (autosave): each call is one durable transaction. A record that was
 * finalized or sent is never overwritten: that fails with
 * %LALAN_STORE_ERROR_WRONG_STATE (reopen it, or make an edit of a sent
 * one); a draft of another form with %LALAN_STORE_ERROR_CONFLICT.
 *
 * Returns: (transfer full): the saved draft, or %NULL with @error set
 */
LalanRecord *
lalan_store_save_draft (LalanStore  *self,
                        const char  *instance_id,
                        const char  *form_id,
                        const char  *form_version,
                        const char  *instance_xml,
                        const char  *summary,
                        const char  *resume_position,
                        GError     **error)
{
  RecordArgs args = {
    .instance_id = instance_id,
    .form_id = form_id,
    .form_version = form_version,
    .instance_xml = instance_xml,
    .summary = summary,
    .resume_position = resume_position,
  };

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);
  g_return_val_if_fail (instance_id != NULL && *instance_id != '\0', NULL);
  g_return_val_if_fail (form_id != NULL && *form_id != '\0', NULL);
  g_return_val_if_fail (form_version != NULL, NULL);
  g_return_val_if_fail (instance_xml != NULL, NULL);

  return lalan_store_call (self, lalan_store_save_draft_in_worker, &args, g_object_unref, NULL, error);
}

/**
 * lalan_store_create_edit:
 * @self: a store
 * @sent_instance_id: a sent record
 * @new_instance_id: the instance id of the edit
 * @error: a location for a #GError
 *
 * Starts an edit of a sent record: a new draft with the same form, XML,
 * summary and attachments, whose deprecated id is @sent_instance_id (the
 * forms engine writes the new instanceID and deprecatedID into the XML
 * when it saves the draft). Sync sends an edit only after its original.
 *
 * Returns: (transfer full): the new draft, or %NULL with @error set
 */
LalanRecord *
lalan_store_create_edit (LalanStore  *self,
                         const char  *sent_instance_id,
                         const char  *new_instance_id,
                         GError     **error)
{
  RecordArgs args = {
    .instance_id = sent_instance_id,
    .new_instance_id = new_instance_id,
  };

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);
  g_return_val_if_fail (sent_instance_id != NULL, NULL);
  g_return_val_if_fail (new_instance_id != NULL && *new_instance_id != '\0', NULL);

  return lalan_store_call (self, create_edit_in_worker, &args, g_object_unref, NULL, error);
}

/**
 * lalan_store_finalize_record:
 * @self: a store
 * @instance_id: a draft
 * @instance_xml: (nullable): the final instance XML, or %NULL to keep the
 *   draft's
 * @summary: (nullable): the final summary, or %NULL to keep the draft's
 * @error: a location for a #GError
 *
 * Finalizes a draft in one durable transaction: it becomes
 * %LALAN_RECORD_STATE_FINALIZED and is due for sending now. The store
 * validates nothing; the forms engine does before calling this.
 *
 * Returns: (transfer full): the finalized record, or %NULL with @error set
 */
LalanRecord *
lalan_store_finalize_record (LalanStore  *self,
                             const char  *instance_id,
                             const char  *instance_xml,
                             const char  *summary,
                             GError     **error)
{
  RecordArgs args = {
    .instance_id = instance_id,
    .instance_xml = instance_xml,
    .summary = summary,
  };

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);
  g_return_val_if_fail (instance_id != NULL, NULL);

  return lalan_store_call (self, lalan_store_finalize_record_in_worker, &args, g_object_unref, NULL, error);
}

/**
 * lalan_store_reopen_record:
 * @self: a store
 * @instance_id: a finalized (unsent) record or one that needs review
 * @error: a location for a #GError
 *
 * Takes a record back to draft so the person can change it. A sent record
 * cannot be reopened (see lalan_store_create_edit()).
 *
 * Returns: (transfer full): the draft, or %NULL with @error set
 */
LalanRecord *
lalan_store_reopen_record (LalanStore  *self,
                           const char  *instance_id,
                           GError     **error)
{
  RecordArgs args = { .instance_id = instance_id };

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);
  g_return_val_if_fail (instance_id != NULL, NULL);

  return lalan_store_call (self, lalan_store_reopen_record_in_worker, &args, g_object_unref, NULL, error);
}

/**
 * lalan_store_delete_draft:
 * @self: a store
 * @instance_id: a draft
 * @error: a location for a #GError
 *
 * Deletes a draft and its attachments, when the person asked to. Any other
 * record is refused with %LALAN_STORE_ERROR_WRONG_STATE and kept.
 *
 * Returns: %TRUE when the draft was deleted
 */
gboolean
lalan_store_delete_draft (LalanStore  *self,
                          const char  *instance_id,
                          GError     **error)
{
  RecordArgs args = { .instance_id = instance_id };

  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (instance_id != NULL, FALSE);

  return lalan_store_call (self, lalan_store_delete_draft_in_worker, &args, NULL, NULL, error) != NULL;
}

/**
 * lalan_store_get_record:
 * @self: a store
 * @instance_id: an instance id
 * @error: a location for a #GError
 *
 * Returns: (transfer full): the record with its instance XML, or %NULL with
 *   @error set (%LALAN_STORE_ERROR_NOT_FOUND when there is none)
 */
LalanRecord *
lalan_store_get_record (LalanStore  *self,
                        const char  *instance_id,
                        GError     **error)
{
  RecordArgs args = { .instance_id = instance_id };

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);
  g_return_val_if_fail (instance_id != NULL, NULL);

  return lalan_store_call (self, lalan_store_get_record_in_worker, &args, g_object_unref, NULL, error);
}
