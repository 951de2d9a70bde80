/* lalan-store-backup.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Integrity checks, backups with SQLite's online backup API (a consistent
 * copy while the app and a CLI keep using the database), daily automatic
 * backups, and restore. */

#include "config.h"

#include "lalan-store-private.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

/* How many daily backups are kept. */
#define N_DAILY_BACKUPS 7

/* Pages copied per backup step; between steps the cancellable is checked
 * and another process may take its turn. */
#define BACKUP_PAGES_PER_STEP 1024

typedef struct
{
  const char  *path;
  gboolean     full;
  char       **problems;
  char        *kept_path;
} BackupArgs;

static void
interrupt_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  sqlite3_interrupt (user_data);
}

static gpointer
check_in_worker (LalanStore    *self,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  BackupArgs *args = data;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LalanStoreStmt) stmt = NULL;
  gulong handler = 0;
  int rc;

  stmt = lalan_store_prepare (self, args->full ? "PRAGMA integrity_check(100)" : "PRAGMA quick_check(100)", error);
  if (stmt == NULL)
    return NULL;

  /* A full check of a large database takes a while: let it be stopped. */
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (interrupt_cb), self->db, NULL);

  while ((rc = lalan_store_step (self, stmt, error)) == SQLITE_ROW)
    {
      const char *row = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (row, "ok") != 0)
        g_ptr_array_add (problems, g_strdup (row));
    }
  g_clear_pointer (&stmt, lalan_store_stmt_release);

  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);

  if (rc < 0)
    return NULL;

  if (args->full)
    {
      stmt = lalan_store_prepare (self, "PRAGMA foreign_key_check", error);
      if (stmt == NULL)
        return NULL;
      while ((rc = lalan_store_step (self, stmt, error)) == SQLITE_ROW)
        g_ptr_array_add (problems,
                         g_strdup_printf ("foreign key: %s row %" G_GINT64_FORMAT " refers to a missing %s",
                                          sqlite3_column_text (stmt, 0),
                                          (gint64) sqlite3_column_int64 (stmt, 1),
                                          sqlite3_column_text (stmt, 2)));
      if (rc < 0)
        return NULL;
    }

  g_ptr_array_add (problems, NULL);
  args->problems = (char **) g_ptr_array_steal (problems, NULL);

  return GINT_TO_POINTER (TRUE);
}

/**
 * lalan_store_check:
 * @self: a store
 * @full: %TRUE for `PRAGMA integrity_check` and the foreign keys (slow on
 *   a large database), %FALSE for `quick_check`
 * @problems: (out) (optional) (transfer full) (array zero-terminated=1):
 *   what the check found, for a developer (not for a person), or an empty
 *   list
 * @cancellable: (nullable): stops a long check
 * @error: a location for a #GError
 *
 * Checks the database.
 *
 * Returns: %TRUE when the check ran; the database is sound when
 *   *@problems is empty. %FALSE with @error set when it could not run.
 */
gboolean
lalan_store_check (LalanStore     *self,
                   gboolean        full,
                   char         ***problems,
                   GCancellable   *cancellable,
                   GError        **error)
{
  BackupArgs args = { .full = full };

  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);

  if (problems != NULL)
    *problems = NULL;

  if (lalan_store_call (self, check_in_worker, &args, NULL, cancellable, error) == NULL)
    return FALSE;

  if (problems != NULL)
    *problems = args.problems;
  else
    g_strfreev (args.problems);

  return TRUE;
}

static void
set_file_error (GError     **error,
                int          saved_errno,
                const char  *message)
{
  LalanStoreError code = LALAN_STORE_ERROR_IO;

  if (saved_errno == ENOSPC)
    code = LALAN_STORE_ERROR_DISK_FULL;
  else if (saved_errno == EROFS || saved_errno == EACCES || saved_errno == EPERM)
    code = LALAN_STORE_ERROR_READ_ONLY;

  g_set_error_literal (error, LALAN_STORE_ERROR, code, message);
}

/* Copies the database @from into @to with the online backup API, a few
 * pages at a time. */
static gboolean
copy_database (sqlite3       *from,
               sqlite3       *to,
               GCancellable  *cancellable,
               GError       **error)
{
  sqlite3_backup *backup = sqlite3_backup_init (to, "main", from, "main");
  gint64 deadline = g_get_monotonic_time () + LALAN_STORE_BUSY_DEADLINE_US;
  int rc;

  if (backup == NULL)
    {
      lalan_store_set_sqlite_error (error, to, sqlite3_errcode (to));
      return FALSE;
    }

  do
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_backup_finish (backup);
          return FALSE;
        }

      rc = sqlite3_backup_step (backup, BACKUP_PAGES_PER_STEP);
      if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && g_get_monotonic_time () < deadline)
        g_usleep (10000);
    }
  while (rc == SQLITE_OK || ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) &&
                             g_get_monotonic_time () < deadline));

  sqlite3_backup_finish (backup);

  if (rc != SQLITE_DONE)
    {
      lalan_store_set_sqlite_error (error, to, rc);
      return FALSE;
    }

  rc = sqlite3_errcode (to);
  if (rc != SQLITE_OK)
    {
      lalan_store_set_sqlite_error (error, to, rc);
      return FALSE;
    }

  return TRUE;
}

/* Writes a consistent copy of the open database to @destination: into a
 * temporary file next to it first, renamed only once complete, so a full
 * disk or a cancel never leaves a half backup under the real name. */
static gboolean
backup_to_file (LalanStore    *self,
                const char    *destination,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autofree char *partial = g_strconcat (destination, ".partial", NULL);
  sqlite3 *to = NULL;
  int rc;

  g_unlink (partial);

  rc = sqlite3_open_v2 (partial, &to,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, LALAN_STORE_ERROR,
                   (rc & 0xff) == SQLITE_READONLY ? LALAN_STORE_ERROR_READ_ONLY : LALAN_STORE_ERROR_IO,
                   _("Lalan could not create the backup file %s."), destination);
      sqlite3_close_v2 (to);
      return FALSE;
    }

  /* A backup is one self-contained file: rollback journal, not WAL. */
  if (!copy_database (self->db, to, cancellable, error) ||
      (rc = sqlite3_exec (to, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL)) != SQLITE_OK)
    {
      if (rc != SQLITE_OK)
        lalan_store_set_sqlite_error (error, to, rc);
      sqlite3_close_v2 (to);
      g_unlink (partial);
      return FALSE;
    }

  rc = sqlite3_close_v2 (to);
  if (rc != SQLITE_OK)
    {
      lalan_store_set_sqlite_error (error, NULL, rc);
      g_unlink (partial);
      return FALSE;
    }

  if (g_rename (partial, destination) != 0)
    {
      int saved_errno = errno;
      g_autofree char *message = g_strdup_printf (_("Lalan could not save the backup as %s: %s"),
                                                  destination, g_strerror (saved_errno));

      set_file_error (error, saved_errno, message);
      g_unlink (partial);
      return FALSE;
    }

  return TRUE;
}

static gpointer
backup_in_worker (LalanStore    *self,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  BackupArgs *args = data;

  return backup_to_file (self, args->path, cancellable, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

/**
 * lalan_store_backup:
 * @self: a store
 * @destination: the file to write; replaced if it exists
 * @cancellable: (nullable): stops the backup (nothing is left behind)
 * @error: a location for a #GError
 *
 * Writes a consistent copy of the database, while it stays in use.
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_store_backup (LalanStore    *self,
                    const char    *destination,
                    GCancellable  *cancellable,
                    GError       **error)
{
  BackupArgs args = { .path = destination };

  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (destination != NULL, FALSE);

  return lalan_store_call (self, backup_in_worker, &args, NULL, cancellable, error) != NULL;
}

/**
 * lalan_store_get_backup_dir:
 * @self: a store
 *
 * Returns: (transfer full): the folder of the automatic backups, next to
 *   the database
 */
char *
lalan_store_get_backup_dir (LalanStore *self)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);

  dir = g_path_get_dirname (self->path);
  return g_build_filename (dir, "backups", NULL);
}

static gboolean
is_daily_backup_name (const char *name)
{
  /* lalan-YYYY-MM-DD.db */
  return strlen (name) == strlen ("lalan-2026-01-01.db") &&
         g_str_has_prefix (name, "lalan-") && g_str_has_suffix (name, ".db");
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gpointer
backup_daily_in_worker (LalanStore    *self,
                        gpointer       data,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autofree char *dir = lalan_store_get_backup_dir (self);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "lalan-%Y-%m-%d.db");
  g_autofree char *path = g_build_filename (dir, today, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) listing = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *message = g_strdup_printf (_("Lalan could not create the backup folder %s: %s"),
                                                  dir, g_strerror (saved_errno));

      set_file_error (error, saved_errno, message);
      return NULL;
    }

  if (!backup_to_file (self, path, cancellable, error))
    return NULL;

  /* Older backups beyond the last seven are copies of copies: removing
   * them loses nothing the newer ones do not hold. */
  listing = g_dir_open (dir, 0, NULL);
  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      if (is_daily_backup_name (name))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i + N_DAILY_BACKUPS < names->len; i++)
    {
      g_autofree char *old = g_build_filename (dir, g_ptr_array_index (names, i), NULL);

      if (g_unlink (old) != 0)
        g_debug ("Could not remove the old backup %s: %s", old, g_strerror (errno));
    }

  return g_steal_pointer (&path);
}

/**
 * lalan_store_backup_daily:
 * @self: a store
 * @cancellable: (nullable): a #GCancellable
 * @error: a location for a #GError
 *
 * Makes today's automatic backup (`backups/lalan-YYYY-MM-DD.db` next to the
 * database) unless it exists, and keeps the last seven. The app calls the
 * _async variant once at start-up.
 *
 * Returns: (transfer full) (nullable): the backup made, or %NULL when
 *   today's already existed (@error unset) or on failure (@error set)
 */
char *
lalan_store_backup_daily (LalanStore    *self,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);

  return lalan_store_call (self, backup_daily_in_worker, NULL, g_free, cancellable, error);
}

/**
 * lalan_store_backup_daily_async:
 * @self: a store
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * lalan_store_backup_daily() on the worker.
 */
void
lalan_store_backup_daily_async (LalanStore          *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  lalan_store_run_async (self, backup_daily_in_worker, NULL, NULL, g_free,
                         cancellable, callback, user_data);
}

/**
 * lalan_store_backup_daily_finish:
 * @self: a store
 * @result: the result
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the backup made, or %NULL
 */
char *
lalan_store_backup_daily_finish (LalanStore    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return lalan_store_run_finish (self, result, error);
}

/* Opens @path read-only and makes sure it is a sound Lalan database this
 * version can use. */
static sqlite3 *
open_restore_source (const char  *path,
                     GError     **error)
{
  g_autofree char *uri = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 application_id = -1;
  gint64 user_version = -1;
  gboolean sound = TRUE;
  int rc;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND,
                   _("There is no file %s."), path);
      return NULL;
    }

  uri = g_filename_to_uri (path, NULL, NULL);
  rc = sqlite3_open_v2 (uri != NULL ? uri : path, &db,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
                        NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "PRAGMA integrity_check(1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        sound = sound && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
      sqlite3_finalize (stmt);
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
  if (rc == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT * FROM pragma_application_id, pragma_user_version", -1, &stmt, NULL) == SQLITE_OK)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          application_id = sqlite3_column_int64 (stmt, 0);
          user_version = sqlite3_column_int64 (stmt, 1);
        }
      sqlite3_finalize (stmt);
    }

  if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_NOTADB && (rc & 0xff) != SQLITE_CORRUPT)
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_IO,
                   _("Lalan could not read %s."), path);
    }
  else if (rc != SQLITE_OK || application_id != LALAN_STORE_APPLICATION_ID || user_version < 1)
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_A_DATABASE,
                   _("%s is not a Lalan database, so it was not restored."), path);
    }
  else if (!sound)
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_CORRUPT,
                   _("%s is damaged, so it was not restored."), path);
    }
  else if (user_version > LALAN_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_TOO_NEW,
                   _("%s was made by a newer version of Lalan, so this one cannot restore it."),
                   path);
    }
  else
    return db;

  sqlite3_close_v2 (db);
  return NULL;
}

static gpointer
restore_in_worker (LalanStore    *self,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  BackupArgs *args = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *kept = g_strdup_printf ("%s.before-restore-%s", self->path, stamp);
  g_autoptr(GError) local_error = NULL;
  sqlite3 *source;
  gint64 version = 0;

  source = open_restore_source (args->path, error);
  if (source == NULL)
    return NULL;

  /* The database being replaced is kept whole first; if that fails,
   * nothing is replaced. */
  if (!backup_to_file (self, kept, cancellable, error))
    {
      sqlite3_close_v2 (source);
      return NULL;
    }

  lalan_store_clear_statements (self);

  if (!copy_database (source, self->db, cancellable, &local_error))
    {
      sqlite3_close_v2 (source);
      g_set_error (error, local_error->domain, local_error->code,
                   _("The backup could not be restored: %s The database as it was is kept in %s."),
                   local_error->message, kept);
      return NULL;
    }
  sqlite3_close_v2 (source);

  /* The copy brings the backup's own journal mode and schema version. */
  if (sqlite3_exec (self->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK)
    g_debug ("Could not switch the restored database to WAL: %s", sqlite3_errmsg (self->db));

  if (!lalan_store_migrate (self, error) ||
      !lalan_store_query_int (self, "PRAGMA user_version", &version, error))
    return NULL;
  self->schema_version = (int) version;

  args->kept_path = g_steal_pointer (&kept);
  lalan_store_emit_records_changed (self, NULL);

  return GINT_TO_POINTER (TRUE);
}

/**
 * lalan_store_restore:
 * @self: a store
 * @source: a backup (or any copy of a Lalan database)
 * @kept_path: (out) (optional) (transfer full): where the database as it
 *   was before is kept
 * @cancellable: (nullable): a #GCancellable
 * @error: a location for a #GError
 *
 * Replaces the database's contents with @source's. @source is checked
 * first (a sound Lalan database of this or an older version); the current
 * database is copied aside before anything changes.
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_store_restore (LalanStore     *self,
                     const char     *source,
                     char          **kept_path,
                     GCancellable   *cancellable,
                     GError        **error)
{
  BackupArgs args = { .path = source };
  gboolean ok;

  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (source != NULL, FALSE);

  ok = lalan_store_call (self, restore_in_worker, &args, NULL, cancellable, error) != NULL;

  if (kept_path != NULL)
    *kept_path = g_steal_pointer (&args.kept_path);
  g_free (args.kept_path);

  return ok;
}
