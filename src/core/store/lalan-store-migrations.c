/* lalan-store-migrations.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The schema, as a list of migrations keyed on PRAGMA user_version. Each
 * runs in one transaction that also sets the new version, so a crash or a
 * full disk leaves the database at the version before, never between two.
 *
 * Rules for whoever adds one: never edit a migration that has landed (a
 * database somewhere is at that version), append a new one instead; bump
 * LALAN_STORE_SCHEMA_VERSION; add a fixture of the version before to
 * tests/unit/fixtures/ (tests/unit/fixtures/README.md says how). */

#include "config.h"

#include "lalan-store-private.h"

#include <glib/gi18n-lib.h>

typedef struct
{
  int         version;
  const char *sql;
} Migration;

static const Migration migrations[] = {
  { 1,
    /* Small values of the app's state, and the device id. */
    "CREATE TABLE kv ("
    "  key        TEXT PRIMARY KEY,"
    "  value      TEXT NOT NULL,"
    "  updated_at INTEGER NOT NULL"
    ") WITHOUT ROWID;"

    /* Every version of every form a record may use; never deleted. */
    "CREATE TABLE forms ("
    "  id         INTEGER PRIMARY KEY,"
    "  form_id    TEXT NOT NULL,"
    "  version    TEXT NOT NULL,"
    "  hash       TEXT NOT NULL,"
    "  xml        TEXT NOT NULL,"
    "  source     TEXT NOT NULL,"
    "  first_seen INTEGER NOT NULL,"
    "  UNIQUE (form_id, version)"
    ");"

    "CREATE TABLE records ("
    "  id                 INTEGER PRIMARY KEY,"
    "  instance_id        TEXT NOT NULL UNIQUE,"
    "  form_id            TEXT NOT NULL,"
    "  form_version       TEXT NOT NULL,"
    "  state              TEXT NOT NULL"
    "                     CHECK (state IN ('draft', 'finalized', 'sent', 'needs-review')),"
    "  instance_xml       TEXT NOT NULL,"
    "  summary            TEXT NOT NULL DEFAULT '',"
    "  resume_position    TEXT,"
    "  deprecated_id      TEXT,"
    "  created_at         INTEGER NOT NULL,"
    "  updated_at         INTEGER NOT NULL,"
    "  finalized_at       INTEGER,"
    "  sent_at            INTEGER,"
    "  attempts           INTEGER NOT NULL DEFAULT 0,"
    "  next_attempt_at    INTEGER,"
    "  last_error_code    TEXT,"
    "  last_error_message TEXT,"
    "  server_response    TEXT"
    ");"
    /* The list pages by updated time, optionally within a state or form;
     * the outbox reads finalized records by due time. */
    "CREATE INDEX records_by_updated ON records (updated_at);"
    "CREATE INDEX records_by_state ON records (state, updated_at);"
    "CREATE INDEX records_by_form ON records (form_id, updated_at);"
    "CREATE INDEX records_due ON records (next_attempt_at) WHERE state = 'finalized';"
    "CREATE INDEX records_by_deprecated ON records (deprecated_id) WHERE deprecated_id IS NOT NULL;"

    "CREATE TABLE attachments ("
    "  record_id  INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,"
    "  name       TEXT NOT NULL,"
    "  media_type TEXT NOT NULL,"
    "  size       INTEGER NOT NULL,"
    "  sha256     TEXT NOT NULL,"
    "  data       BLOB NOT NULL,"
    "  added_at   INTEGER NOT NULL,"
    "  PRIMARY KEY (record_id, name)"
    ");"

    "CREATE TABLE learners ("
    "  id           TEXT PRIMARY KEY,"
    "  display_name TEXT NOT NULL,"
    "  avatar_id    TEXT NOT NULL DEFAULT '',"
    "  pin_hash     TEXT,"
    "  pin_salt     TEXT,"
    "  is_guest     INTEGER NOT NULL DEFAULT 0,"
    "  created_at   INTEGER NOT NULL,"
    "  updated_at   INTEGER NOT NULL"
    ");"

    /* Append-only: mastery and reports are computed from it, and merging
     * two devices is a set union on uuid. No foreign key to learners: an
     * event from another device may name a learner this one never saw. */
    "CREATE TABLE learning_events ("
    "  seq        INTEGER PRIMARY KEY,"
    "  uuid       TEXT NOT NULL UNIQUE,"
    "  device_id  TEXT NOT NULL,"
    "  learner_id TEXT NOT NULL,"
    "  pack_id    TEXT NOT NULL,"
    "  lesson_id  TEXT NOT NULL,"
    "  step_id    TEXT,"
    "  item_id    TEXT,"
    "  kind       TEXT NOT NULL,"
    "  answer     TEXT,"
    "  correct    INTEGER,"
    "  time       INTEGER NOT NULL,"
    "  details    TEXT"
    ");"
    "CREATE INDEX learning_events_by_learner ON learning_events (learner_id, time);"
    "CREATE INDEX learning_events_by_lesson ON learning_events (pack_id, lesson_id, time);"
    "CREATE INDEX learning_events_by_time ON learning_events (time);"
    "CREATE TRIGGER learning_events_no_update BEFORE UPDATE ON learning_events"
    "  BEGIN SELECT RAISE (ABORT, 'learning events are append-only'); END;"
    "CREATE TRIGGER learning_events_no_delete BEFORE DELETE ON learning_events"
    "  BEGIN SELECT RAISE (ABORT, 'learning events are append-only'); END;"

    "CREATE TABLE lesson_packs ("
    "  id            TEXT PRIMARY KEY,"
    "  version       TEXT NOT NULL,"
    "  title         TEXT NOT NULL,"
    "  path          TEXT NOT NULL,"
    "  manifest_json TEXT NOT NULL,"
    "  installed_at  INTEGER NOT NULL"
    ");"

    "CREATE TABLE measurements ("
    "  id                 TEXT PRIMARY KEY,"
    "  taken_at           INTEGER NOT NULL,"
    "  server_url         TEXT,"
    "  download_mbps      REAL,"
    "  upload_mbps        REAL,"
    "  latency_ms         REAL,"
    "  jitter_ms          REAL,"
    "  dns_ms             REAL,"
    "  captive_portal     INTEGER NOT NULL DEFAULT 0,"
    "  bytes_used         INTEGER NOT NULL DEFAULT 0,"
    "  details_json       TEXT,"
    "  record_instance_id TEXT"
    ");"
    "CREATE INDEX measurements_by_time ON measurements (taken_at);"

    "PRAGMA application_id = 1279347790;"
  },
  { 2,
    /* A learner who left the centre is hidden from "Who is learning?",
     * never deleted: their events are append-only history. */
    "ALTER TABLE learners ADD COLUMN archived_at INTEGER;"
  },
  { 3,
    /* The instance XML (a few KB, spilling into overflow pages) moves to
     * the end of the row: SQLite stores columns in order, so every column
     * after it sat in the overflow pages too, and listing summaries and
     * states read kilobytes of XML per row. Rebuilt the way SQLite's
     * documentation says (foreign keys are off while migrating). */
    "CREATE TABLE records_v3 ("
    "  id                 INTEGER PRIMARY KEY,"
    "  instance_id        TEXT NOT NULL UNIQUE,"
    "  form_id            TEXT NOT NULL,"
    "  form_version       TEXT NOT NULL,"
    "  state              TEXT NOT NULL"
    "                     CHECK (state IN ('draft', 'finalized', 'sent', 'needs-review')),"
    "  summary            TEXT NOT NULL DEFAULT '',"
    "  resume_position    TEXT,"
    "  deprecated_id      TEXT,"
    "  created_at         INTEGER NOT NULL,"
    "  updated_at         INTEGER NOT NULL,"
    "  finalized_at       INTEGER,"
    "  sent_at            INTEGER,"
    "  attempts           INTEGER NOT NULL DEFAULT 0,"
    "  next_attempt_at    INTEGER,"
    "  last_error_code    TEXT,"
    "  last_error_message TEXT,"
    "  server_response    TEXT,"
    "  instance_xml       TEXT NOT NULL"
    ");"
    "INSERT INTO records_v3 (id, instance_id, form_id, form_version, state, summary, resume_position,"
    "  deprecated_id, created_at, updated_at, finalized_at, sent_at, attempts, next_attempt_at,"
    "  last_error_code, last_error_message, server_response, instance_xml)"
    "  SELECT id, instance_id, form_id, form_version, state, summary, resume_position,"
    "  deprecated_id, created_at, updated_at, finalized_at, sent_at, attempts, next_attempt_at,"
    "  last_error_code, last_error_message, server_response, instance_xml FROM records;"
    "DROP TABLE records;"
    "ALTER TABLE records_v3 RENAME TO records;"
    "CREATE INDEX records_by_updated ON records (updated_at);"
    "CREATE INDEX records_by_state ON records (state, updated_at);"
    "CREATE INDEX records_by_form ON records (form_id, updated_at);"
    "CREATE INDEX records_due ON records (next_attempt_at) WHERE state = 'finalized';"
    "CREATE INDEX records_by_deprecated ON records (deprecated_id) WHERE deprecated_id IS NOT NULL;"
  },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == LALAN_STORE_SCHEMA_VERSION);
G_STATIC_ASSERT (LALAN_STORE_APPLICATION_ID == 1279347790);

static gboolean
run_migration (LalanStore       *self,
               const Migration  *migration,
               GError          **error)
{
  g_autofree char *set_version = NULL;
  gint64 version = 0;
  gint64 n_violations = 0;
  int rc;

  if (!lalan_store_begin (self, error))
    return FALSE;

  /* Read again inside the write lock: another process opening the same
   * database may have migrated it meanwhile. */
  if (!lalan_store_query_int (self, "PRAGMA user_version", &version, error))
    goto failed;

  if (version >= migration->version)
    return lalan_store_commit (self, error);

  g_debug ("Migrating %s to schema version %d", self->path, migration->version);

  rc = sqlite3_exec (self->db, migration->sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      g_autoptr(GError) local_error = NULL;

      lalan_store_set_sqlite_error (&local_error, self->db, rc);
      /* A full disk or a read-only folder says so; anything else is a
       * schema this migration did not expect. */
      if (local_error->code == LALAN_STORE_ERROR_FAILED || local_error->code == LALAN_STORE_ERROR_CONFLICT)
        g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_FAILED,
                     _("Lalan could not update its database %s to this version, so it left it "
                       "as it was. Nothing in it was lost."),
                     self->path);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      goto failed;
    }

  /* Foreign keys are off while migrating (a table rebuild needs it);
   * what a migration leaves must still hold them. */
  if (!lalan_store_query_int (self, "SELECT count(*) FROM pragma_foreign_key_check", &n_violations, error))
    goto failed;
  if (n_violations > 0)
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_FAILED,
                   _("Lalan could not update its database %s to this version, so it left it "
                     "as it was. Nothing in it was lost."),
                   self->path);
      goto failed;
    }

  set_version = g_strdup_printf ("PRAGMA user_version = %d", migration->version);
  rc = sqlite3_exec (self->db, set_version, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      lalan_store_set_sqlite_error (error, self->db, rc);
      goto failed;
    }

  return lalan_store_commit (self, error);

failed:
  lalan_store_rollback (self);
  return FALSE;
}

/* Brings the database to LALAN_STORE_SCHEMA_VERSION, one migration (and
 * one transaction) at a time. */
gboolean
lalan_store_migrate (LalanStore  *self,
                     GError     **error)
{
  gint64 version = 0;
  gboolean ok = TRUE;

  if (!lalan_store_query_int (self, "PRAGMA user_version", &version, error))
    return FALSE;

  if (version >= LALAN_STORE_SCHEMA_VERSION)
    return TRUE;

  /* Must be set outside a transaction; see "Making Other Kinds Of Table
   * Schema Changes" in SQLite's ALTER TABLE documentation. */
  if (sqlite3_exec (self->db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL) != SQLITE_OK)
    {
      lalan_store_set_sqlite_error (error, self->db, sqlite3_errcode (self->db));
      return FALSE;
    }

  for (guint i = 0; ok && i < G_N_ELEMENTS (migrations); i++)
    {
      if (migrations[i].version <= version)
        continue;

      ok = run_migration (self, &migrations[i], error);
    }

  sqlite3_exec (self->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);

  /* Statements prepared against the old schema are stale now. */
  lalan_store_clear_statements (self);

  return ok;
}
