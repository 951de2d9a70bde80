/* lalan-store-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "lalan-store.h"

G_BEGIN_DECLS

/* The schema version this build writes; lalan-store-migrations.c. */
#define LALAN_STORE_SCHEMA_VERSION 3

/* The page size of a new database; see open_and_check(). */
#define LALAN_STORE_PAGE_SIZE 8192

/* 'LALN': tells a Lalan database from any other SQLite file. */
#define LALAN_STORE_APPLICATION_ID 0x4c414c4e

/* How long one statement waits for another process's lock, and how long a
 * write keeps retrying in all before it gives up with a sentence. */
#define LALAN_STORE_BUSY_TIMEOUT_MS 5000
#define LALAN_STORE_BUSY_DEADLINE_US (60 * G_USEC_PER_SEC)

struct _LalanStore
{
  GObject       parent_instance;

  /* owned, set before the worker starts and read-only afterwards */
  char         *path;
  char         *device_id;
  GThread      *worker;
  GAsyncQueue  *jobs;
  GMainContext *main_context;
  int           schema_version;
  gboolean      closed;

  /* guards closed and the queue against a close racing a call */
  GMutex        lock;

  /* touched only on the worker thread */
  sqlite3      *db;
  GHashTable   *statements;
  guint         transaction_depth;
  gboolean      transaction_lost;
};

/* Keys of the kv table the store itself owns (lalan-store-values.c) */
#define KEY_DEVICE_ID      "device-id"
#define KEY_RECOVERY_PATH  "recovery-moved-path"
#define KEY_RECOVERY_TIME  "recovery-time"

char     *lalan_store_get_value_in_worker (LalanStore      *self,
                                           const char      *key,
                                           GError         **error);
gboolean  lalan_store_set_value_in_worker (LalanStore      *self,
                                           const char      *key,
                                           const char      *value,
                                           GError         **error);

/* Opening and closing (lalan-store.c) */
void      lalan_store_close_database     (LalanStore      *self);

/* Worker plumbing (lalan-store-worker.c) */
void      lalan_store_start_worker       (LalanStore      *self);
void      lalan_store_stop_worker        (LalanStore      *self);
gpointer  lalan_store_call               (LalanStore      *self,
                                          LalanStoreFunc   func,
                                          gpointer         data,
                                          GDestroyNotify   result_free,
                                          GCancellable    *cancellable,
                                          GError         **error);
gboolean  lalan_store_is_worker_thread   (LalanStore      *self);
void      lalan_store_emit_records_changed (LalanStore    *self,
                                            const char    *instance_id);

/* SQLite helpers, worker thread only (lalan-store-sql.c) */
sqlite3_stmt *lalan_store_prepare        (LalanStore      *self,
                                          const char      *sql,
                                          GError         **error);
int           lalan_store_step           (LalanStore      *self,
                                          sqlite3_stmt    *stmt,
                                          GError         **error);
gboolean      lalan_store_step_done      (LalanStore      *self,
                                          sqlite3_stmt    *stmt,
                                          GError         **error);
gboolean      lalan_store_exec           (LalanStore      *self,
                                          const char      *sql,
                                          GError         **error);
gboolean      lalan_store_begin          (LalanStore      *self,
                                          GError         **error);
gboolean      lalan_store_commit         (LalanStore      *self,
                                          GError         **error);
void          lalan_store_rollback       (LalanStore      *self);
void          lalan_store_clear_statements (LalanStore    *self);
void          lalan_store_set_sqlite_error (GError       **error,
                                            sqlite3       *db,
                                            int            rc);
gboolean      lalan_store_query_int      (LalanStore      *self,
                                          const char      *sql,
                                          gint64          *value,
                                          GError         **error);

/* A cached statement, reset (not finalized) when it goes out of scope so
 * that no read transaction stays open behind a half-read SELECT. */
typedef sqlite3_stmt LalanStoreStmt;
void          lalan_store_stmt_release   (LalanStoreStmt  *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanStoreStmt, lalan_store_stmt_release)

void          lalan_store_bind_text      (sqlite3_stmt    *stmt,
                                          int              index,
                                          const char      *text);
void          lalan_store_bind_time      (sqlite3_stmt    *stmt,
                                          int              index,
                                          gint64           time);
void          lalan_store_bind_double    (sqlite3_stmt    *stmt,
                                          int              index,
                                          double           value);
char         *lalan_store_column_dup     (sqlite3_stmt    *stmt,
                                          int              column);
gint64        lalan_store_column_time    (sqlite3_stmt    *stmt,
                                          int              column);
double        lalan_store_column_double  (sqlite3_stmt    *stmt,
                                          int              column);

/* Schema (lalan-store-migrations.c) */
gboolean      lalan_store_migrate        (LalanStore      *self,
                                          GError         **error);

/* Records (lalan-record.c) */
LalanRecord  *lalan_record_new_from_row  (sqlite3_stmt    *stmt,
                                          gboolean         with_xml);
#define LALAN_RECORD_COLUMNS \
  "instance_id, form_id, form_version, state, summary, resume_position, " \
  "deprecated_id, created_at, updated_at, finalized_at, sent_at, attempts, " \
  "next_attempt_at, last_error_code, last_error_message, server_response, " \
  "(SELECT count(*) FROM attachments a WHERE a.record_id = records.id)"
#define LALAN_RECORD_N_COLUMNS 17

G_END_DECLS
