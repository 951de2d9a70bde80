/* lalan-store-sql.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The thin layer between the store and SQLite: cached statements, steps
 * that wait out another process's lock, nested transactions, and SQLite
 * result codes turned into sentences. Everything here runs on the store's
 * worker thread. */

#include "config.h"

#include "lalan-store-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>

void
lalan_store_set_sqlite_error (GError  **error,
                              sqlite3  *db,
                              int       rc)
{
  const char *filename = db != NULL ? sqlite3_db_filename (db, "main") : NULL;

  /* The SQLite message is for developers only: it may quote SQL. */
  g_debug ("SQLite error %d: %s", rc, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));

  if (filename == NULL || *filename == '\0')
    filename = "lalan.db";

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_DISK_FULL,
                   _("The disk is full, so Lalan could not save this change. "
                     "Everything saved before is safe. Free some space on the disk and try again."));
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_READ_ONLY,
                   _("Lalan cannot write to its database %s. Check that the disk is not "
                     "write-protected and that its folder can be written to."),
                   filename);
      break;

    case SQLITE_CANTOPEN:
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_IO,
                   _("Lalan cannot open its database %s. Check that the disk is connected "
                     "and that its folder can be written to."),
                   filename);
      break;

    case SQLITE_IOERR:
      if (rc == SQLITE_IOERR_NOMEM)
        g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_FAILED,
                     _("The computer ran out of memory while Lalan was using its database. "
                       "Close other programs and try again."));
      else
        g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_IO,
                     _("The disk failed while Lalan was reading or writing its database %s. "
                       "Everything saved before is safe; try again, and have the disk "
                       "checked if this happens again."),
                     filename);
      break;

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_CORRUPT,
                   _("Lalan’s database %s is damaged. Close Lalan and start it again: it "
                     "will keep the damaged file aside and start a new database."),
                   filename);
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_BUSY,
                   _("Another Lalan program kept the database busy for too long. "
                     "Try again in a moment."));
      break;

    case SQLITE_NOMEM:
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_FAILED,
                   _("The computer ran out of memory while Lalan was using its database. "
                     "Close other programs and try again."));
      break;

    case SQLITE_CONSTRAINT:
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_CONFLICT,
                   _("Lalan could not save this because it conflicts with what is already saved."));
      break;

    case SQLITE_INTERRUPT:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                   _("The operation was cancelled."));
      break;

    default:
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_FAILED,
                   _("Lalan’s database reported an unexpected problem (code %d)."),
                   rc);
      break;
    }
}

void
lalan_store_clear_statements (LalanStore *self)
{
  g_clear_pointer (&self->statements, g_hash_table_unref);
}

sqlite3_stmt *
lalan_store_prepare (LalanStore  *self,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_assert (lalan_store_is_worker_thread (self));

  if (self->db == NULL)
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_CLOSED,
                   _("Lalan’s database is closed."));
      return NULL;
    }

  if (self->statements == NULL)
    self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) sqlite3_finalize);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_debug ("Could not prepare: %s", sql);
      lalan_store_set_sqlite_error (error, self->db, rc);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);

  return stmt;
}

void
lalan_store_stmt_release (LalanStoreStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

/* Returns SQLITE_ROW or SQLITE_DONE, or -1 with @error set. Outside a
 * transaction a busy database is waited for (busy_timeout, then again until
 * the deadline): a second process writing must never make us fail. Inside
 * one we hold the write lock already (BEGIN IMMEDIATE), so busy cannot
 * happen there except on a broken invariant. */
int
lalan_store_step (LalanStore    *self,
                  sqlite3_stmt  *stmt,
                  GError       **error)
{
  gint64 deadline = 0;

  for (;;)
    {
      int rc = sqlite3_step (stmt);

      if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        return rc;

      if ((rc & 0xff) == SQLITE_BUSY && self->transaction_depth == 0)
        {
          if (deadline == 0)
            deadline = g_get_monotonic_time () + LALAN_STORE_BUSY_DEADLINE_US;
          if (g_get_monotonic_time () < deadline)
            {
              sqlite3_reset (stmt);
              g_usleep (g_random_int_range (1000, 10000));
              continue;
            }
        }

      sqlite3_reset (stmt);
      if (self->transaction_depth > 0 && sqlite3_get_autocommit (self->db))
        self->transaction_lost = TRUE;
      lalan_store_set_sqlite_error (error, self->db, rc);
      return -1;
    }
}

gboolean
lalan_store_step_done (LalanStore    *self,
                       sqlite3_stmt  *stmt,
                       GError       **error)
{
  int rc = lalan_store_step (self, stmt, error);

  if (rc == SQLITE_ROW)
    {
      /* A write statement with RETURNING, or a pragma; finish it. */
      while ((rc = lalan_store_step (self, stmt, error)) == SQLITE_ROW)
        ;
    }

  return rc == SQLITE_DONE;
}

gboolean
lalan_store_exec (LalanStore  *self,
                  const char  *sql,
                  GError     **error)
{
  g_autoptr(LalanStoreStmt) stmt = lalan_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  return lalan_store_step_done (self, stmt, error);
}

/* Runs a query whose first column of the first row is an integer. */
gboolean
lalan_store_query_int (LalanStore  *self,
                       const char  *sql,
                       gint64      *value,
                       GError     **error)
{
  g_autoptr(LalanStoreStmt) stmt = lalan_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = lalan_store_step (self, stmt, error);
  if (rc < 0)
    return FALSE;

  *value = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

/* Transactions nest: the outermost is BEGIN IMMEDIATE, so the write lock is
 * taken at the start (a deferred transaction that later wants to write can
 * fail with SQLITE_BUSY whatever the timeout); inner ones are savepoints, so
 * a function may call another that has its own transaction. */
gboolean
lalan_store_begin (LalanStore  *self,
                   GError     **error)
{
  g_autofree char *savepoint = NULL;

  if (self->transaction_depth > 0)
    {
      savepoint = g_strdup_printf ("SAVEPOINT lalan_%u", self->transaction_depth);
      if (!lalan_store_exec (self, savepoint, error))
        return FALSE;
    }
  else
    {
      gint64 deadline = g_get_monotonic_time () + LALAN_STORE_BUSY_DEADLINE_US;
      sqlite3_stmt *stmt = lalan_store_prepare (self, "BEGIN IMMEDIATE", error);
      int rc;

      if (stmt == NULL)
        return FALSE;

      while ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        {
          sqlite3_reset (stmt);
          if ((rc & 0xff) != SQLITE_BUSY || g_get_monotonic_time () >= deadline)
            {
              lalan_store_set_sqlite_error (error, self->db, rc);
              return FALSE;
            }
          g_usleep (g_random_int_range (1000, 10000));
        }
      sqlite3_reset (stmt);
      self->transaction_lost = FALSE;
    }

  self->transaction_depth++;
  return TRUE;
}

gboolean
lalan_store_commit (LalanStore  *self,
                    GError     **error)
{
  g_assert (self->transaction_depth > 0);

  if (self->transaction_lost || sqlite3_get_autocommit (self->db))
    {
      /* An error inside already rolled the whole transaction back. */
      self->transaction_depth--;
      if (self->transaction_depth == 0)
        self->transaction_lost = FALSE;
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_FAILED,
                   _("Lalan could not save this change because of an earlier problem; "
                     "nothing of it was saved. Try again."));
      return FALSE;
    }

  if (self->transaction_depth > 1)
    {
      g_autofree char *release = g_strdup_printf ("RELEASE lalan_%u", self->transaction_depth - 1);

      if (!lalan_store_exec (self, release, error))
        {
          lalan_store_rollback (self);
          return FALSE;
        }
      self->transaction_depth--;
      return TRUE;
    }
  else
    {
      gint64 deadline = g_get_monotonic_time () + LALAN_STORE_BUSY_DEADLINE_US;
      sqlite3_stmt *stmt = lalan_store_prepare (self, "COMMIT", error);
      int rc;

      if (stmt == NULL)
        {
          lalan_store_rollback (self);
          return FALSE;
        }

      while ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        {
          sqlite3_reset (stmt);
          if ((rc & 0xff) != SQLITE_BUSY || g_get_monotonic_time () >= deadline)
            {
              lalan_store_set_sqlite_error (error, self->db, rc);
              lalan_store_rollback (self);
              return FALSE;
            }
          g_usleep (g_random_int_range (1000, 10000));
        }
      sqlite3_reset (stmt);
      self->transaction_depth = 0;
      return TRUE;
    }
}

void
lalan_store_rollback (LalanStore *self)
{
  g_assert (self->transaction_depth > 0);

  if (self->transaction_depth > 1)
    {
      if (!self->transaction_lost && !sqlite3_get_autocommit (self->db))
        {
          g_autofree char *sql = g_strdup_printf ("ROLLBACK TO lalan_%u; RELEASE lalan_%u",
                                                  self->transaction_depth - 1,
                                                  self->transaction_depth - 1);

          if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
            self->transaction_lost = TRUE;
        }
      else
        self->transaction_lost = TRUE;
    }
  else
    {
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      self->transaction_lost = FALSE;
    }

  self->transaction_depth--;
}

void
lalan_store_bind_text (sqlite3_stmt *stmt,
                       int           index,
                       const char   *text)
{
  /* The text outlives the step that reads it: no copy needed. */
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

void
lalan_store_bind_time (sqlite3_stmt *stmt,
                       int           index,
                       gint64        time)
{
  if (time == 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, time);
}

void
lalan_store_bind_double (sqlite3_stmt *stmt,
                         int           index,
                         double        value)
{
  if (isnan (value))
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_double (stmt, index, value);
}

char *
lalan_store_column_dup (sqlite3_stmt *stmt,
                        int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

gint64
lalan_store_column_time (sqlite3_stmt *stmt,
                         int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, column);
}

double
lalan_store_column_double (sqlite3_stmt *stmt,
                           int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, column);
}
