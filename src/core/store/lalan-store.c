/* lalan-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The store object, its worker thread, and opening the database: pragmas,
 * the start-up check, and moving a damaged database aside. */

#include "config.h"

#include "lalan-store-private.h"

#include "lalan-paths.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

/**
 * LalanStore:
 *
 * The one SQLite database of Lalan. See lalan-store.h for the rules.
 */

enum {
  RECORDS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static LalanStore *default_store;
G_LOCK_DEFINE_STATIC (default_store);

G_DEFINE_QUARK (lalan-store-error-quark, lalan_store_error)

G_DEFINE_FINAL_TYPE (LalanStore, lalan_store, G_TYPE_OBJECT)

void
lalan_store_close_database (LalanStore *self)
{
  lalan_store_clear_statements (self);
  if (self->db != NULL)
    {
      /* Leaves the WAL checkpointed and removed when we are the last
       * connection, so a copied data folder is one self-contained file. */
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
}

typedef struct
{
  LalanStore *store;
  char       *instance_id;
} ChangedIdle;

static gboolean
emit_records_changed_cb (gpointer data)
{
  ChangedIdle *idle = data;

  g_signal_emit (idle->store, signals[RECORDS_CHANGED], 0, idle->instance_id);

  return G_SOURCE_REMOVE;
}

static void
changed_idle_free (gpointer data)
{
  ChangedIdle *idle = data;

  g_object_unref (idle->store);
  g_free (idle->instance_id);
  g_free (idle);
}

/* Tells listeners in the store's main context that records changed. Only
 * when someone listens: the CLI never runs a main loop, and queued idles
 * would pile up there. */
void
lalan_store_emit_records_changed (LalanStore *self,
                                  const char *instance_id)
{
  ChangedIdle *idle;
  GSource *source;

  if (!g_signal_has_handler_pending (self, signals[RECORDS_CHANGED], 0, TRUE))
    return;

  idle = g_new0 (ChangedIdle, 1);
  idle->store = g_object_ref (self);
  idle->instance_id = g_strdup (instance_id);

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emit_records_changed_cb, idle, changed_idle_free);
  g_source_set_static_name (source, "[lalan] records-changed");
  g_source_attach (source, self->main_context);
  g_source_unref (source);
}

/* Opening */

static gboolean
is_damage (int rc)
{
  return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

static gboolean
open_and_check (LalanStore  *self,
                gboolean    *damaged,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(LalanStoreStmt) check = NULL;
  gint64 application_id = 0;
  gint64 user_version = 0;
  const char *verdict;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  int rc;

  *damaged = FALSE;

  rc = sqlite3_open_v2 (self->path, &self->db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      *damaged = is_damage (rc);
      lalan_store_set_sqlite_error (&local_error, self->db, rc);
      goto failed;
    }

  sqlite3_busy_timeout (self->db, LALAN_STORE_BUSY_TIMEOUT_MS);

  /* 8 KB pages for a new database (an existing one keeps its own): a
   * household record is 2-5 KB, and on 4 KB pages only one fits per page,
   * leaving nearly half of each page empty.
   *
   * journal_mode is the first statement that reads the file, so it is
   * where a file that is not a database shows itself. */
  rc = sqlite3_exec (self->db,
                     "PRAGMA page_size = " G_STRINGIFY (LALAN_STORE_PAGE_SIZE) ";"
                     "PRAGMA journal_mode = WAL",
                     NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (self->db,
                       "PRAGMA synchronous = FULL;"
                       "PRAGMA foreign_keys = ON;"
                       "PRAGMA trusted_schema = OFF;",
                       NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      *damaged = is_damage (rc);
      lalan_store_set_sqlite_error (&local_error, self->db, rc);
      goto failed;
    }

  check = lalan_store_prepare (self, "PRAGMA quick_check(1)", &local_error);
  if (check == NULL)
    goto failed_maybe_damaged;

  rc = lalan_store_step (self, check, &local_error);
  if (rc < 0)
    goto failed_maybe_damaged;

  verdict = rc == SQLITE_ROW ? (const char *) sqlite3_column_text (check, 0) : NULL;
  if (g_strcmp0 (verdict, "ok") != 0)
    {
      g_debug ("quick_check: %s", verdict);
      *damaged = TRUE;
      g_set_error (&local_error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_CORRUPT,
                   _("Lalan’s database %s is damaged."), self->path);
      goto failed;
    }
  g_clear_pointer (&check, lalan_store_stmt_release);

  if (!lalan_store_query_int (self, "PRAGMA application_id", &application_id, &local_error) ||
      !lalan_store_query_int (self, "PRAGMA user_version", &user_version, &local_error))
    goto failed_maybe_damaged;

  if (application_id != 0 && application_id != LALAN_STORE_APPLICATION_ID)
    {
      /* Another program's database under our name: keep it, but aside. */
      *damaged = TRUE;
      g_set_error (&local_error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_A_DATABASE,
                   _("%s is not a Lalan database."), self->path);
      goto failed;
    }

  if (user_version > LALAN_STORE_SCHEMA_VERSION)
    {
      g_set_error (&local_error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_TOO_NEW,
                   _("The database %s was made by a newer version of Lalan. "
                     "Install that version again to use it; nothing in it was changed."),
                   self->path);
      goto failed;
    }

  return TRUE;

failed_maybe_damaged:
  *damaged = g_error_matches (local_error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_CORRUPT);
failed:
  g_clear_pointer (&check, lalan_store_stmt_release);
  lalan_store_close_database (self);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static char *
make_aside_path (const char *path)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  for (guint i = 1; ; i++)
    {
      g_autofree char *candidate = NULL;
      g_autofree char *candidate_wal = NULL;

      if (i == 1)
        candidate = g_strdup_printf ("%s.damaged-%s", path, stamp);
      else
        candidate = g_strdup_printf ("%s.damaged-%s-%u", path, stamp, i);
      candidate_wal = g_strconcat (candidate, "-wal", NULL);

      if (!g_file_test (candidate, G_FILE_TEST_EXISTS) &&
          !g_file_test (candidate_wal, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&candidate);
    }
}

/* Moves the damaged database and its WAL together under one name (SQLite
 * finds NAME-wal next to NAME, so the copy opens with every committed
 * transaction). Nothing is deleted. */
static char *
move_damaged_aside (const char  *path,
                    GError     **error)
{
  g_autofree char *aside = make_aside_path (path);
  static const char *suffixes[] = { "-wal", "-shm" };

  if (g_rename (path, aside) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_CORRUPT,
                   _("Lalan’s database %s is damaged, and Lalan could not move it aside to "
                     "start a new one: %s"),
                   path, g_strerror (saved_errno));
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS) && g_rename (from, to) != 0)
        g_debug ("Could not move %s aside: %s", from, g_strerror (errno));
    }

  return g_steal_pointer (&aside);
}

static gboolean
ensure_device_id (LalanStore  *self,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *device_id = NULL;
  g_autofree char *fresh = NULL;
  g_autoptr(LalanStoreStmt) stmt = NULL;

  device_id = lalan_store_get_value_in_worker (self, KEY_DEVICE_ID, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (device_id == NULL)
    {
      /* INSERT OR IGNORE, then read back: two processes opening a fresh
       * database at once agree on one id. */
      fresh = g_uuid_string_random ();
      stmt = lalan_store_prepare (self,
                                  "INSERT OR IGNORE INTO kv (key, value, updated_at) VALUES (?1, ?2, ?3)",
                                  error);
      if (stmt == NULL)
        return FALSE;
      lalan_store_bind_text (stmt, 1, KEY_DEVICE_ID);
      lalan_store_bind_text (stmt, 2, fresh);
      sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
      if (!lalan_store_step_done (self, stmt, error))
        return FALSE;

      device_id = lalan_store_get_value_in_worker (self, KEY_DEVICE_ID, error);
      if (device_id == NULL)
        return FALSE;
    }

  g_free (self->device_id);
  self->device_id = g_steal_pointer (&device_id);

  return TRUE;
}

static gpointer
open_in_worker (LalanStore    *self,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *aside = NULL;
  gboolean damaged = FALSE;
  gint64 version = 0;

  if (!open_and_check (self, &damaged, &local_error))
    {
      if (!damaged)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      g_debug ("Moving a damaged database aside: %s", local_error->message);
      aside = move_damaged_aside (self->path, error);
      if (aside == NULL)
        return NULL;

      if (!open_and_check (self, &damaged, error))
        return NULL;
    }

  if (!lalan_store_migrate (self, error) ||
      !ensure_device_id (self, error) ||
      !lalan_store_query_int (self, "PRAGMA user_version", &version, error))
    {
      lalan_store_close_database (self);
      return NULL;
    }
  self->schema_version = (int) version;

  if (aside != NULL)
    {
      g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time ());

      /* Kept in the new database until the GUI has shown it, whichever
       * program (the app, a CLI run by a timer) found the damage. */
      if (!lalan_store_set_value_in_worker (self, KEY_RECOVERY_PATH, aside, error) ||
          !lalan_store_set_value_in_worker (self, KEY_RECOVERY_TIME, now, error))
        {
          lalan_store_close_database (self);
          return NULL;
        }
    }

  return GINT_TO_POINTER (TRUE);
}

static void
lalan_store_finalize (GObject *object)
{
  LalanStore *self = LALAN_STORE (object);

  if (lalan_store_is_worker_thread (self))
    g_critical ("The last reference to a LalanStore was dropped on its own worker thread");
  else
    lalan_store_close (self);

  g_clear_pointer (&self->jobs, g_async_queue_unref);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->device_id, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (lalan_store_parent_class)->finalize (object);
}

static void
lalan_store_class_init (LalanStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lalan_store_finalize;

  /**
   * LalanStore::records-changed:
   * @self: the store
   * @instance_id: (nullable): the record that changed, or %NULL when
   *   several did
   *
   * Emitted in the main context of the thread that opened the store after
   * a record was saved, finalized, sent, deleted...
   */
  signals[RECORDS_CHANGED] =
    g_signal_new ("records-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
lalan_store_init (LalanStore *self)
{
  g_mutex_init (&self->lock);
  self->jobs = g_async_queue_new ();
  self->main_context = g_main_context_ref_thread_default ();
}

/**
 * lalan_store_open:
 * @path: (nullable): the database file, or %NULL for `lalan.db` in the data
 *   folder
 * @error: a location for a #GError
 *
 * Opens (creating it when needed) and checks the database, brings its
 * schema up to date and starts the worker thread. A damaged database is
 * moved aside, never deleted, and a new one is started; see
 * lalan_store_dup_recovery_notice().
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
LalanStore *
lalan_store_open (const char  *path,
                  GError     **error)
{
  g_autoptr(LalanStore) self = NULL;
  g_autofree char *dir = NULL;

  if (path == NULL)
    {
      if (!lalan_paths_ensure_data_dir (error))
        return NULL;
    }

  self = g_object_new (LALAN_TYPE_STORE, NULL);
  self->path = path != NULL ? g_canonicalize_filename (path, NULL) : lalan_paths_get_database_file ();

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_IO,
                   _("Lalan cannot create the folder %s for its database: %s"),
                   dir, g_strerror (saved_errno));
      return NULL;
    }

  lalan_store_start_worker (self);

  if (lalan_store_call (self, open_in_worker, NULL, NULL, NULL, error) == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * lalan_store_get_default:
 * @error: a location for a #GError
 *
 * The store of this process, opened on first use in the data folder
 * (lalan_paths_get_data_dir()). The app, the sync scheduler and the lessons
 * all share it.
 *
 * Returns: (transfer none): the store, or %NULL with @error set when it
 *   could not be opened (a later call tries again)
 */
LalanStore *
lalan_store_get_default (GError **error)
{
  LalanStore *store;

  G_LOCK (default_store);
  if (default_store == NULL)
    default_store = lalan_store_open (NULL, error);
  store = default_store;
  G_UNLOCK (default_store);

  return store;
}

/**
 * lalan_store_set_default:
 * @store: (nullable): a store, or %NULL to forget the default one
 *
 * Makes @store what lalan_store_get_default() returns (for tests, and for
 * an app that opened its store itself).
 */
void
lalan_store_set_default (LalanStore *store)
{
  LalanStore *old;

  g_return_if_fail (store == NULL || LALAN_IS_STORE (store));

  G_LOCK (default_store);
  old = default_store;
  default_store = store != NULL ? g_object_ref (store) : NULL;
  G_UNLOCK (default_store);

  g_clear_object (&old);
}

/**
 * lalan_store_close:
 * @self: a store
 *
 * Finishes the work already queued, closes the database and stops the
 * worker. Later calls fail with %LALAN_STORE_ERROR_CLOSED. Done by the
 * last g_object_unref() too; calling it twice is harmless.
 */
void
lalan_store_close (LalanStore *self)
{
  g_return_if_fail (LALAN_IS_STORE (self));
  g_return_if_fail (!lalan_store_is_worker_thread (self));

  lalan_store_stop_worker (self);
}

/**
 * lalan_store_get_path:
 * @self: a store
 *
 * Returns: (transfer none): the database file
 */
const char *
lalan_store_get_path (LalanStore *self)
{
  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);

  return self->path;
}

/**
 * lalan_store_get_device_id:
 * @self: a store
 *
 * The random UUID made once for this database: it names this device in
 * learning events and sync files.
 *
 * Returns: (transfer none): the device id
 */
const char *
lalan_store_get_device_id (LalanStore *self)
{
  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);

  return self->device_id;
}

/**
 * lalan_store_get_schema_version:
 * @self: a store
 *
 * Returns: the database's schema version (`PRAGMA user_version`)
 */
int
lalan_store_get_schema_version (LalanStore *self)
{
  g_return_val_if_fail (LALAN_IS_STORE (self), 0);

  return self->schema_version;
}

