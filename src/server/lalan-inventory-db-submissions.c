/* lalan-inventory-db-submissions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-db.h"
#include "lalan-inventory-db-private.h"

#include "lalan-inventory-error.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <string.h>

/* Submissions: ODK Central's rules for new records, resends and edits,
 * and the reads that reports and exports make. */

typedef struct
{
  gint64    id;
  gint64    root_id;
  gboolean  current;
  char     *xml_sha256;
} Existing;

static void
existing_clear (Existing *existing)
{
  g_clear_pointer (&existing->xml_sha256, g_free);
}

/* Returns 1 when found, 0 when not, -1 on error. */
static int
find_submission (LalanInventoryDb                *db,
                 const LalanInventorySubmission  *submission,
                 const char                      *instance_id,
                 Existing                        *out,
                 GError                         **error)
{
  static const char sql[] =
    "SELECT id, COALESCE(root_id, id), current, xml_sha256 FROM submissions"
    " WHERE project_id = ?1 AND xml_form_id = ?2 AND instance_id = ?3";
  sqlite3_stmt *stmt = lalan_inventory_db_get_statement (db, sql, error);
  int found = 0;

  memset (out, 0, sizeof *out);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, submission->project_id);
  lalan_inventory_db_bind_text (stmt, 2, submission->xml_form_id);
  lalan_inventory_db_bind_text (stmt, 3, instance_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = 1;
      out->id = sqlite3_column_int64 (stmt, 0);
      out->root_id = sqlite3_column_int64 (stmt, 1);
      out->current = sqlite3_column_int (stmt, 2) != 0;
      out->xml_sha256 = lalan_inventory_db_dup_column (stmt, 3);
    }
  sqlite3_reset (stmt);

  return found;
}

static gint64
find_form_version (LalanInventoryDb                *db,
                   const LalanInventorySubmission  *submission,
                   LalanInventoryOutcome           *missing,
                   GError                         **error)
{
  static const char sql_version[] =
    "SELECT id FROM forms WHERE project_id = ?1 AND xml_form_id = ?2 AND version = ?3";
  static const char sql_any[] =
    "SELECT 1 FROM forms WHERE project_id = ?1 AND xml_form_id = ?2 LIMIT 1";
  sqlite3_stmt *stmt;
  gint64 form_id = 0;

  if ((stmt = lalan_inventory_db_get_statement (db, sql_version, error)) == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, submission->project_id);
  lalan_inventory_db_bind_text (stmt, 2, submission->xml_form_id);
  lalan_inventory_db_bind_text (stmt, 3, submission->version != NULL ? submission->version : "");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    form_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (form_id > 0)
    return form_id;

  if ((stmt = lalan_inventory_db_get_statement (db, sql_any, error)) == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, submission->project_id);
  lalan_inventory_db_bind_text (stmt, 2, submission->xml_form_id);
  *missing = sqlite3_step (stmt) == SQLITE_ROW ?
    LALAN_INVENTORY_OUTCOME_VERSION_NOT_FOUND : LALAN_INVENTORY_OUTCOME_FORM_NOT_FOUND;
  sqlite3_reset (stmt);

  return 0;
}

static gint64
insert_submission (LalanInventoryDb                *db,
                   const LalanInventorySubmission  *submission,
                   gint64                           form_id,
                   gint64                           root_id,
                   GError                         **error)
{
  static const char sql[] =
    "INSERT INTO submissions (project_id, form_id, xml_form_id, instance_id, root_id,"
    "  deprecated_id, current, xml, xml_sha256, received_at, token_id, facts)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8, ?9, ?10, ?11)";
  g_autofree char *now = lalan_inventory_db_now ();
  sqlite3_stmt *stmt = lalan_inventory_db_get_statement (db, sql, error);
  int rc;

  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, submission->project_id);
  sqlite3_bind_int64 (stmt, 2, form_id);
  lalan_inventory_db_bind_text (stmt, 3, submission->xml_form_id);
  lalan_inventory_db_bind_text (stmt, 4, submission->instance_id);
  if (root_id > 0)
    sqlite3_bind_int64 (stmt, 5, root_id);
  else
    sqlite3_bind_null (stmt, 5);
  lalan_inventory_db_bind_text (stmt, 6, submission->deprecated_id);
  lalan_inventory_db_bind_bytes (stmt, 7, submission->xml);
  lalan_inventory_db_bind_text (stmt, 8, submission->xml_sha256);
  lalan_inventory_db_bind_text (stmt, 9, now);
  if (submission->token_id > 0)
    sqlite3_bind_int64 (stmt, 10, submission->token_id);
  else
    sqlite3_bind_null (stmt, 10);
  lalan_inventory_db_bind_text (stmt, 11, submission->facts);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      lalan_inventory_db_set_error (db, rc, error);
      return 0;
    }

  return sqlite3_last_insert_rowid (db->handle);
}

/* Adds the attachments a request carries to a stored submission. Re-sent
 * identical files are fine (a phone retrying); a file of the same name
 * with other bytes is a conflict, never a silent replacement. */
static LalanInventoryOutcome
add_attachments (LalanInventoryDb                *db,
                 gint64                           submission_id,
                 const LalanInventorySubmission  *submission,
                 LalanInventoryOutcome            success,
                 char                           **detail,
                 GError                         **error)
{
  static const char sql_find[] =
    "SELECT sha256 FROM attachments WHERE submission_id = ?1 AND name = ?2";
  static const char sql_insert[] =
    "INSERT INTO attachments (submission_id, name, content_type, size, sha256, data)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

  for (guint i = 0; i < submission->attachments->len; i++)
    {
      LalanInventoryAttachment *attachment = g_ptr_array_index (submission->attachments, i);
      g_autofree char *existing = NULL;
      sqlite3_stmt *stmt;
      int rc;

      if ((stmt = lalan_inventory_db_get_statement (db, sql_find, error)) == NULL)
        return LALAN_INVENTORY_OUTCOME_FAILED;
      sqlite3_bind_int64 (stmt, 1, submission_id);
      lalan_inventory_db_bind_text (stmt, 2, attachment->name);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        existing = lalan_inventory_db_dup_column (stmt, 0);
      sqlite3_reset (stmt);

      if (existing != NULL)
        {
          if (g_str_equal (existing, attachment->sha256))
            continue;
          if (detail != NULL)
            *detail = g_strdup (attachment->name);
          return LALAN_INVENTORY_OUTCOME_ATTACHMENT_CONFLICT;
        }

      if ((stmt = lalan_inventory_db_get_statement (db, sql_insert, error)) == NULL)
        return LALAN_INVENTORY_OUTCOME_FAILED;
      sqlite3_bind_int64 (stmt, 1, submission_id);
      lalan_inventory_db_bind_text (stmt, 2, attachment->name);
      lalan_inventory_db_bind_text (stmt, 3, attachment->content_type);
      sqlite3_bind_int64 (stmt, 4, g_bytes_get_size (attachment->data));
      lalan_inventory_db_bind_text (stmt, 5, attachment->sha256);
      lalan_inventory_db_bind_bytes (stmt, 6, attachment->data);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          lalan_inventory_db_set_error (db, rc, error);
          return LALAN_INVENTORY_OUTCOME_FAILED;
        }
    }

  return success;
}

static gboolean
supersede (LalanInventoryDb  *db,
           gint64             old_id,
           gint64             new_id,
           GError           **error)
{
  static const char sql_old[] = "UPDATE submissions SET current = 0 WHERE id = ?1";
  /* An edit keeps the photos of the version it replaces unless it sends
   * new files under the same names, as Central does. */
  static const char sql_copy[] =
    "INSERT INTO attachments (submission_id, name, content_type, size, sha256, data)"
    " SELECT ?2, name, content_type, size, sha256, data FROM attachments a"
    " WHERE a.submission_id = ?1 AND NOT EXISTS"
    "  (SELECT 1 FROM attachments b WHERE b.submission_id = ?2 AND b.name = a.name)";
  sqlite3_stmt *stmt;
  int rc;

  if ((stmt = lalan_inventory_db_get_statement (db, sql_old, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, old_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      lalan_inventory_db_set_error (db, rc, error);
      return FALSE;
    }

  if ((stmt = lalan_inventory_db_get_statement (db, sql_copy, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, old_id);
  sqlite3_bind_int64 (stmt, 2, new_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      lalan_inventory_db_set_error (db, rc, error);
      return FALSE;
    }

  return TRUE;
}

/**
 * lalan_inventory_db_store_submission:
 * @db: a database, inside a transaction the caller commits
 * @submission: a checked submission
 * @detail: (out) (optional) (transfer full): what the outcome is about
 *   (an attachment name), when it is about something
 * @error: a location for a #GError, set with %LALAN_INVENTORY_OUTCOME_FAILED
 *
 * Applies ODK Central's rules: a new instanceID is stored; the same one
 * with identical XML is a resend (its new attachments are added); with
 * other XML it is a conflict; a deprecatedID makes an edit that replaces
 * the current version of the record. Anything but a stored outcome leaves
 * changes the caller must roll back.
 *
 * Returns: the outcome
 */
LalanInventoryOutcome
lalan_inventory_db_store_submission (LalanInventoryDb                *db,
                                     const LalanInventorySubmission  *submission,
                                     char                           **detail,
                                     GError                         **error)
{
  LalanInventoryOutcome missing = LALAN_INVENTORY_OUTCOME_FORM_NOT_FOUND;
  LalanInventoryOutcome outcome;
  Existing existing = { 0, };
  Existing deprecated = { 0, };
  gint64 form_id;
  gint64 new_id;
  int found;

  form_id = find_form_version (db, submission, &missing, error);
  if (form_id < 0)
    return LALAN_INVENTORY_OUTCOME_FAILED;
  if (form_id == 0)
    return missing;

  if (submission->deprecated_id == NULL)
    {
      found = find_submission (db, submission, submission->instance_id, &existing, error);
      if (found < 0)
        outcome = LALAN_INVENTORY_OUTCOME_FAILED;
      else if (found == 0)
        {
          new_id = insert_submission (db, submission, form_id, 0, error);
          outcome = new_id == 0 ? LALAN_INVENTORY_OUTCOME_FAILED :
            add_attachments (db, new_id, submission, LALAN_INVENTORY_OUTCOME_CREATED, detail, error);
        }
      else if (!existing.current)
        outcome = LALAN_INVENTORY_OUTCOME_INSTANCE_NOT_CURRENT;
      else if (!g_str_equal (existing.xml_sha256, submission->xml_sha256))
        outcome = LALAN_INVENTORY_OUTCOME_XML_CONFLICT;
      else
        outcome = add_attachments (db, existing.id, submission,
                                   LALAN_INVENTORY_OUTCOME_DUPLICATE, detail, error);
      existing_clear (&existing);
      return outcome;
    }

  found = find_submission (db, submission, submission->deprecated_id, &deprecated, error);
  if (found <= 0)
    return found < 0 ? LALAN_INVENTORY_OUTCOME_FAILED : LALAN_INVENTORY_OUTCOME_DEPRECATED_NOT_FOUND;

  found = find_submission (db, submission, submission->instance_id, &existing, error);
  if (found < 0)
    outcome = LALAN_INVENTORY_OUTCOME_FAILED;
  else if (!deprecated.current)
    {
      /* Either a phone re-sending an edit that already arrived, or an
       * edit made on a copy that someone else has edited since. */
      if (found == 0 || !existing.current)
        outcome = LALAN_INVENTORY_OUTCOME_DEPRECATED_NOT_CURRENT;
      else if (!g_str_equal (existing.xml_sha256, submission->xml_sha256))
        outcome = LALAN_INVENTORY_OUTCOME_XML_CONFLICT;
      else
        outcome = add_attachments (db, existing.id, submission,
                                   LALAN_INVENTORY_OUTCOME_DUPLICATE, detail, error);
    }
  else if (found == 1)
    outcome = LALAN_INVENTORY_OUTCOME_XML_CONFLICT;
  else
    {
      new_id = insert_submission (db, submission, form_id, deprecated.root_id, error);
      if (new_id == 0)
        outcome = LALAN_INVENTORY_OUTCOME_FAILED;
      else
        outcome = add_attachments (db, new_id, submission, LALAN_INVENTORY_OUTCOME_EDITED, detail, error);
      if (outcome == LALAN_INVENTORY_OUTCOME_EDITED &&
          !supersede (db, deprecated.id, new_id, error))
        outcome = LALAN_INVENTORY_OUTCOME_FAILED;
    }

  existing_clear (&existing);
  existing_clear (&deprecated);
  return outcome;
}

/**
 * lalan_inventory_db_foreach_submission:
 * @db: a database
 * @project_id: a project
 * @xml_form_id: (nullable): a form id, or %NULL for every form
 * @with_xml: whether @func needs the instance XML
 * @func: called with each current submission, oldest first; returning
 *   %FALSE stops with its error
 * @user_data: for @func
 * @error: a location for a #GError
 *
 * Only the current version of each record is visited: an edit replaces
 * the version it deprecates.
 *
 * Returns: %TRUE when every submission was visited
 */
gboolean
lalan_inventory_db_foreach_submission (LalanInventoryDb              *db,
                                       gint64                         project_id,
                                       const char                    *xml_form_id,
                                       gboolean                       with_xml,
                                       LalanInventorySubmissionFunc   func,
                                       gpointer                       user_data,
                                       GError                       **error)
{
  static const char sql[] =
    "SELECT s.id, s.xml_form_id, s.instance_id, f.version, s.received_at, s.facts,"
    "  CASE WHEN ?3 THEN s.xml END,"
    "  (SELECT COUNT(*) FROM attachments a WHERE a.submission_id = s.id),"
    "  1 + (SELECT COUNT(*) FROM submissions v WHERE v.root_id = COALESCE(s.root_id, s.id))"
    " FROM submissions s JOIN forms f ON f.id = s.form_id"
    " WHERE s.project_id = ?1 AND s.current = 1 AND (?2 IS NULL OR s.xml_form_id = ?2)"
    " ORDER BY s.id";
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;
  int rc;

  /* A statement of its own: @func may run other queries on @db. */
  rc = sqlite3_prepare_v2 (db->handle, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      lalan_inventory_db_set_error (db, rc, error);
      return FALSE;
    }

  sqlite3_bind_int64 (stmt, 1, project_id);
  lalan_inventory_db_bind_text (stmt, 2, xml_form_id);
  sqlite3_bind_int (stmt, 3, with_xml ? 1 : 0);

  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GBytes) xml = with_xml ? lalan_inventory_db_column_bytes (stmt, 6) : NULL;
      LalanInventoryStoredSubmission stored = {
        .id = sqlite3_column_int64 (stmt, 0),
        .xml_form_id = (const char *) sqlite3_column_text (stmt, 1),
        .instance_id = (const char *) sqlite3_column_text (stmt, 2),
        .version = (const char *) sqlite3_column_text (stmt, 3),
        .received_at = (const char *) sqlite3_column_text (stmt, 4),
        .facts = (const char *) sqlite3_column_text (stmt, 5),
        .xml = xml,
        .n_attachments = sqlite3_column_int (stmt, 7),
        .n_versions = sqlite3_column_int (stmt, 8),
      };

      ok = func (&stored, user_data, error);
    }

  if (ok && rc != SQLITE_DONE)
    {
      lalan_inventory_db_set_error (db, rc, error);
      ok = FALSE;
    }
  sqlite3_finalize (stmt);

  return ok;
}

gboolean
lalan_inventory_db_set_facts (LalanInventoryDb  *db,
                              gint64             submission_id,
                              const char        *facts,
                              GError           **error)
{
  static const char sql[] = "UPDATE submissions SET facts = ?2 WHERE id = ?1";
  sqlite3_stmt *stmt = lalan_inventory_db_get_statement (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, submission_id);
  lalan_inventory_db_bind_text (stmt, 2, facts);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      lalan_inventory_db_set_error (db, rc, error);
      return FALSE;
    }

  return TRUE;
}

/**
 * lalan_inventory_db_get_attachment:
 * @db: a database
 * @project_id: a project
 * @xml_form_id: a form id
 * @instance_id: the instanceID of a stored submission
 * @name: an attachment name
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the attachment's bytes
 */
GBytes *
lalan_inventory_db_get_attachment (LalanInventoryDb  *db,
                                   gint64             project_id,
                                   const char        *xml_form_id,
                                   const char        *instance_id,
                                   const char        *name,
                                   GError           **error)
{
  static const char sql[] =
    "SELECT a.data FROM attachments a JOIN submissions s ON s.id = a.submission_id"
    " WHERE s.project_id = ?1 AND s.xml_form_id = ?2 AND s.instance_id = ?3 AND a.name = ?4";
  sqlite3_stmt *stmt = lalan_inventory_db_get_statement (db, sql, error);
  GBytes *data = NULL;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, project_id);
  lalan_inventory_db_bind_text (stmt, 2, xml_form_id);
  lalan_inventory_db_bind_text (stmt, 3, instance_id);
  lalan_inventory_db_bind_text (stmt, 4, name);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    data = lalan_inventory_db_column_bytes (stmt, 0);
  sqlite3_reset (stmt);

  if (data == NULL)
    g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_NOT_FOUND,
                 _("The attachment “%s” is not on this server."), name);

  return data;
}
