/* lalan-inventory-db.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-db.h"
#include "lalan-inventory-db-private.h"

#include "lalan-inventory-error.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/random.h>

/* Every version of the schema, applied in order and recorded in
 * PRAGMA user_version. Never edit a step that has shipped: add one. */
static const char * const migrations[] = {
  /* 1 */
  "CREATE TABLE projects ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL);"
  "INSERT INTO projects (id, name) VALUES (1, 'Lalan');"
  "CREATE TABLE tokens ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  hash TEXT NOT NULL UNIQUE,"
  "  admin INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL,"
  "  revoked_at TEXT);"
  "CREATE UNIQUE INDEX tokens_active_name ON tokens (name) WHERE revoked_at IS NULL;"
  "CREATE TABLE forms ("
  "  id INTEGER PRIMARY KEY,"
  "  project_id INTEGER NOT NULL REFERENCES projects (id),"
  "  xml_form_id TEXT NOT NULL,"
  "  version TEXT NOT NULL,"
  "  title TEXT NOT NULL,"
  "  xml BLOB NOT NULL,"
  "  md5 TEXT NOT NULL,"
  "  sha256 TEXT NOT NULL,"
  "  published_at TEXT NOT NULL,"
  "  UNIQUE (project_id, xml_form_id, version));"
  "CREATE TABLE submissions ("
  "  id INTEGER PRIMARY KEY,"
  "  project_id INTEGER NOT NULL REFERENCES projects (id),"
  "  form_id INTEGER NOT NULL REFERENCES forms (id),"
  "  xml_form_id TEXT NOT NULL,"
  "  instance_id TEXT NOT NULL,"
  "  root_id INTEGER REFERENCES submissions (id),"
  "  deprecated_id TEXT,"
  "  current INTEGER NOT NULL DEFAULT 1,"
  "  xml BLOB NOT NULL,"
  "  xml_sha256 TEXT NOT NULL,"
  "  received_at TEXT NOT NULL,"
  "  token_id INTEGER REFERENCES tokens (id),"
  "  facts TEXT,"
  "  UNIQUE (project_id, xml_form_id, instance_id));"
  "CREATE INDEX submissions_current ON submissions (project_id, xml_form_id, current);"
  "CREATE INDEX submissions_root ON submissions (root_id);"
  "CREATE TABLE attachments ("
  "  id INTEGER PRIMARY KEY,"
  "  submission_id INTEGER NOT NULL REFERENCES submissions (id),"
  "  name TEXT NOT NULL,"
  "  content_type TEXT,"
  "  size INTEGER NOT NULL,"
  "  sha256 TEXT NOT NULL,"
  "  data BLOB NOT NULL,"
  "  UNIQUE (submission_id, name));"
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL);",
};

/* sqlite's own messages name tables and constraints; a person gets a
 * sentence about what it means for them, the detail goes to the debug log. */
void
lalan_inventory_db_set_error (LalanInventoryDb  *db,
                              int                rc,
                              GError           **error)
{
  const char *message;

  g_debug ("sqlite: %s (%d)", sqlite3_errmsg (db->handle), rc);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      message = _("The inventory database could not be written: the disk is full.");
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      message = _("The inventory database is busy with another program; try again in a moment.");
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      message = _("The inventory database file is damaged.");
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      message = _("The inventory database cannot be opened for writing; check the data folder's permissions.");
      break;
    default:
      message = _("The inventory database could not be read or written.");
      break;
    }

  g_set_error_literal (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_DATABASE, message);
}

sqlite3_stmt *
lalan_inventory_db_get_statement (LalanInventoryDb  *db,
                                  const char        *sql,
                                  GError           **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (db->statements, sql);
  int rc;

  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      lalan_inventory_db_set_error (db, rc, error);
      return NULL;
    }

  g_hash_table_insert (db->statements, (gpointer) sql, stmt);
  return stmt;
}

void
lalan_inventory_db_bind_text (sqlite3_stmt *stmt,
                              int           index,
                              const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

void
lalan_inventory_db_bind_bytes (sqlite3_stmt *stmt,
                               int           index,
                               GBytes       *bytes)
{
  gsize size;
  const void *data = g_bytes_get_data (bytes, &size);

  /* The bytes outlive the statement's step, so sqlite need not copy them. */
  sqlite3_bind_blob64 (stmt, index, size ? data : "", size, SQLITE_STATIC);
}

char *
lalan_inventory_db_dup_column (sqlite3_stmt *stmt,
                               int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

char *
lalan_inventory_db_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *seconds = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (now) / 1000);
}

/**
 * lalan_inventory_db_exec:
 * @db: a database
 * @sql: statements without parameters (BEGIN, COMMIT, SAVEPOINT...)
 * @error: a location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_inventory_db_exec (LalanInventoryDb  *db,
                         const char        *sql,
                         GError           **error)
{
  int rc = sqlite3_exec (db->handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      lalan_inventory_db_set_error (db, rc, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
migrate (LalanInventoryDb  *db,
         GError           **error)
{
  sqlite3_stmt *stmt;
  int version = 0;

  if (sqlite3_prepare_v2 (db->handle, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        version = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
    }

  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_DATABASE,
                   _("The inventory database was made by a newer lalan-inventory (schema %d); "
                     "update this program to use it."), version);
      return FALSE;
    }

  for (int i = version; i < (int) G_N_ELEMENTS (migrations); i++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", i + 1);

      if (!lalan_inventory_db_exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!lalan_inventory_db_exec (db, migrations[i], error) ||
          !lalan_inventory_db_exec (db, set_version, error) ||
          !lalan_inventory_db_exec (db, "COMMIT", error))
        {
          lalan_inventory_db_exec (db, "ROLLBACK", NULL);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * lalan_inventory_db_get_default_path:
 * @data_dir: the server's data folder
 *
 * Returns: (transfer full): the database file in it
 */
char *
lalan_inventory_db_get_default_path (const char *data_dir)
{
  return g_build_filename (data_dir, "inventory.db", NULL);
}

/**
 * lalan_inventory_db_open:
 * @path: the database file, created when missing
 * @error: a location for a #GError
 *
 * Opens a connection with the settings every connection of the server
 * uses: WAL, so readers never wait for the writer; synchronous=FULL, so
 * a submission answered 201 survives a crash or a power cut; a busy
 * timeout, so the CLI can add a token while the server runs.
 *
 * Returns: (transfer full) (nullable): the connection
 */
LalanInventoryDb *
lalan_inventory_db_open (const char  *path,
                         GError     **error)
{
  g_autoptr(LalanInventoryDb) db = g_new0 (LalanInventoryDb, 1);
  int rc;

  db->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                          (GDestroyNotify) sqlite3_finalize);

  rc = sqlite3_open_v2 (path, &db->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK)
    {
      lalan_inventory_db_set_error (db, rc, error);
      return NULL;
    }

  sqlite3_busy_timeout (db->handle, 10000);

  if (!lalan_inventory_db_exec (db,
                                "PRAGMA journal_mode = WAL;"
                                "PRAGMA synchronous = FULL;"
                                "PRAGMA foreign_keys = ON;"
                                "PRAGMA temp_store = FILE;",
                                error))
    return NULL;

  if (!migrate (db, error))
    return NULL;

  return g_steal_pointer (&db);
}

void
lalan_inventory_db_free (LalanInventoryDb *db)
{
  if (db == NULL)
    return;

  g_clear_pointer (&db->statements, g_hash_table_unref);
  if (db->handle != NULL)
    sqlite3_close (db->handle);
  g_free (db);
}

/**
 * lalan_inventory_db_get_meta:
 * @db: a database
 * @key: a key
 *
 * Returns: (transfer full) (nullable): the value stored under @key
 */
char *
lalan_inventory_db_get_meta (LalanInventoryDb *db,
                             const char       *key)
{
  static const char sql[] = "SELECT value FROM meta WHERE key = ?1";
  sqlite3_stmt *stmt = lalan_inventory_db_get_statement (db, sql, NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;

  lalan_inventory_db_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = lalan_inventory_db_dup_column (stmt, 0);
  sqlite3_reset (stmt);

  return value;
}

gboolean
lalan_inventory_db_set_meta (LalanInventoryDb  *db,
                             const char        *key,
                             const char        *value,
                             GError           **error)
{
  static const char sql[] = "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)";
  sqlite3_stmt *stmt = lalan_inventory_db_get_statement (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  lalan_inventory_db_bind_text (stmt, 1, key);
  lalan_inventory_db_bind_text (stmt, 2, value);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      lalan_inventory_db_set_error (db, rc, error);
      return FALSE;
    }

  return TRUE;
}

/* Tokens ------------------------------------------------------------------ */

static char *
hash_secret (const char *secret)
{
  /* A token is 48 random letters and digits (285 bits): a plain SHA-256
   * cannot be reversed or guessed, so no slow password hash is needed, and
   * looking a token up stays one index probe per request. */
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, secret, -1);
}

static gboolean
make_secret (char    *out,
             gsize    length,
             GError **error)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  gsize filled = 0;

  while (filled < length)
    {
      guint8 random[64];
      gssize n = getrandom (random, sizeof random, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_FAILED,
                       _("The system gave no random numbers to make a token: %s"),
                       g_strerror (errno));
          return FALSE;
        }

      /* 248 = 4 × 62: rejecting larger bytes keeps every letter equally likely. */
      for (gssize i = 0; i < n && filled < length; i++)
        if (random[i] < 248)
          out[filled++] = alphabet[random[i] % 62];
    }
  out[length] = '\0';

  return TRUE;
}

/**
 * lalan_inventory_db_create_token:
 * @db: a database
 * @name: a name for the person or device, unique among active tokens
 * @admin: whether the token may read reports and exports
 * @error: a location for a #GError
 *
 * Only a hash of the token is stored: the returned secret is shown once.
 *
 * Returns: (transfer full) (nullable): the new token
 */
char *
lalan_inventory_db_create_token (LalanInventoryDb  *db,
                                 const char        *name,
                                 gboolean           admin,
                                 GError           **error)
{
  static const char sql_exists[] =
    "SELECT 1 FROM tokens WHERE name = ?1 AND revoked_at IS NULL";
  static const char sql_insert[] =
    "INSERT INTO tokens (name, hash, admin, created_at) VALUES (?1, ?2, ?3, ?4)";
  sqlite3_stmt *stmt;
  char secret[49];
  g_autofree char *hash = NULL;
  g_autofree char *now = lalan_inventory_db_now ();
  int rc;

  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL) || strlen (name) > 200)
    {
      g_set_error_literal (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID,
                           _("A token needs a name of 1 to 200 characters."));
      return NULL;
    }

  if ((stmt = lalan_inventory_db_get_statement (db, sql_exists, error)) == NULL)
    return NULL;
  lalan_inventory_db_bind_text (stmt, 1, name);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_CONFLICT,
                   _("A token named “%s” already exists; revoke it first or choose another name."),
                   name);
      return NULL;
    }

  if (!make_secret (secret, 48, error))
    return NULL;
  hash = hash_secret (secret);

  if ((stmt = lalan_inventory_db_get_statement (db, sql_insert, error)) == NULL)
    return NULL;
  lalan_inventory_db_bind_text (stmt, 1, name);
  lalan_inventory_db_bind_text (stmt, 2, hash);
  sqlite3_bind_int (stmt, 3, admin ? 1 : 0);
  lalan_inventory_db_bind_text (stmt, 4, now);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      lalan_inventory_db_set_error (db, rc, error);
      return NULL;
    }

  return g_strdup (secret);
}

/**
 * lalan_inventory_db_lookup_token:
 * @db: a database
 * @secret: a token from a request
 * @token_id: (out) (optional): its id
 * @admin: (out) (optional): whether it is an admin token
 *
 * Returns: %TRUE when @secret is a token that is not revoked
 */
gboolean
lalan_inventory_db_lookup_token (LalanInventoryDb *db,
                                 const char       *secret,
                                 gint64           *token_id,
                                 gboolean         *admin)
{
  static const char sql[] =
    "SELECT id, admin FROM tokens WHERE hash = ?1 AND revoked_at IS NULL";
  sqlite3_stmt *stmt;
  g_autofree char *hash = NULL;
  gboolean found = FALSE;

  if (secret == NULL || strlen (secret) != 48)
    return FALSE;
  if ((stmt = lalan_inventory_db_get_statement (db, sql, NULL)) == NULL)
    return FALSE;

  hash = hash_secret (secret);
  lalan_inventory_db_bind_text (stmt, 1, hash);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      if (token_id != NULL)
        *token_id = sqlite3_column_int64 (stmt, 0);
      if (admin != NULL)
        *admin = sqlite3_column_int (stmt, 1) != 0;
    }
  sqlite3_reset (stmt);

  return found;
}

void
lalan_inventory_token_free (LalanInventoryToken *token)
{
  if (token == NULL)
    return;

  g_free (token->name);
  g_free (token->created_at);
  g_free (token->revoked_at);
  g_free (token);
}

/**
 * lalan_inventory_db_list_tokens:
 * @db: a database
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (element-type LalanInventoryToken): every
 *   token, revoked ones included, oldest first
 */
GPtrArray *
lalan_inventory_db_list_tokens (LalanInventoryDb  *db,
                                GError           **error)
{
  static const char sql[] =
    "SELECT id, name, admin, created_at, revoked_at FROM tokens ORDER BY id";
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_inventory_token_free);
  sqlite3_stmt *stmt = lalan_inventory_db_get_statement (db, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LalanInventoryToken *token = g_new0 (LalanInventoryToken, 1);

      token->id = sqlite3_column_int64 (stmt, 0);
      token->name = lalan_inventory_db_dup_column (stmt, 1);
      token->admin = sqlite3_column_int (stmt, 2) != 0;
      token->created_at = lalan_inventory_db_dup_column (stmt, 3);
      token->revoked_at = lalan_inventory_db_dup_column (stmt, 4);
      g_ptr_array_add (tokens, token);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      lalan_inventory_db_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&tokens);
}

/**
 * lalan_inventory_db_revoke_token:
 * @db: a database
 * @name: the name of an active token
 * @error: a location for a #GError
 *
 * The token stays listed, marked revoked, so the submissions it sent keep
 * their origin.
 *
 * Returns: %TRUE when a token was revoked
 */
gboolean
lalan_inventory_db_revoke_token (LalanInventoryDb  *db,
                                 const char        *name,
                                 GError           **error)
{
  static const char sql[] =
    "UPDATE tokens SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL";
  g_autofree char *now = lalan_inventory_db_now ();
  sqlite3_stmt *stmt = lalan_inventory_db_get_statement (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  lalan_inventory_db_bind_text (stmt, 1, name);
  lalan_inventory_db_bind_text (stmt, 2, now);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      lalan_inventory_db_set_error (db, rc, error);
      return FALSE;
    }

  if (sqlite3_changes (db->handle) == 0)
    {
      g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_NOT_FOUND,
                   _("There is no active token named “%s”."), name);
      return FALSE;
    }

  return TRUE;
}

/* Projects and forms ------------------------------------------------------ */

gboolean
lalan_inventory_db_project_exists (LalanInventoryDb *db,
                                   gint64            project_id)
{
  static const char sql[] = "SELECT 1 FROM projects WHERE id = ?1";
  sqlite3_stmt *stmt = lalan_inventory_db_get_statement (db, sql, NULL);
  gboolean exists;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, project_id);
  exists = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  return exists;
}

/**
 * lalan_inventory_db_publish_form:
 * @db: a database
 * @project_id: the project
 * @xml_form_id: the form's id
 * @version: the form's version ("" when it has none)
 * @title: its title
 * @xml: the XForm as published
 * @result: (out): whether the version is new or was already there
 * @error: a location for a #GError
 *
 * Keeps every version. A version already published with other content is
 * refused: records made with the first would be read with the second.
 *
 * Returns: %TRUE when the version is published
 */
gboolean
lalan_inventory_db_publish_form (LalanInventoryDb             *db,
                                 gint64                        project_id,
                                 const char                   *xml_form_id,
                                 const char                   *version,
                                 const char                   *title,
                                 GBytes                       *xml,
                                 LalanInventoryPublishResult  *result,
                                 GError                      **error)
{
  static const char sql_find[] =
    "SELECT sha256 FROM forms WHERE project_id = ?1 AND xml_form_id = ?2 AND version = ?3";
  static const char sql_insert[] =
    "INSERT INTO forms (project_id, xml_form_id, version, title, xml, md5, sha256, published_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
  g_autofree char *md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, xml);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, xml);
  g_autofree char *existing = NULL;
  g_autofree char *now = lalan_inventory_db_now ();
  sqlite3_stmt *stmt;
  int rc;

  if (!lalan_inventory_db_project_exists (db, project_id))
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, project_id);

      g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_NOT_FOUND,
                   _("There is no project %s on this server."), number);
      return FALSE;
    }

  if (!lalan_inventory_db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  if ((stmt = lalan_inventory_db_get_statement (db, sql_find, error)) == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, project_id);
  lalan_inventory_db_bind_text (stmt, 2, xml_form_id);
  lalan_inventory_db_bind_text (stmt, 3, version);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    existing = lalan_inventory_db_dup_column (stmt, 0);
  sqlite3_reset (stmt);

  if (existing != NULL)
    {
      lalan_inventory_db_exec (db, "ROLLBACK", NULL);
      if (g_str_equal (existing, sha256))
        {
          *result = LALAN_INVENTORY_PUBLISH_UNCHANGED;
          return TRUE;
        }
      g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_CONFLICT,
                   _("Version “%s” of the form “%s” is already published with different content. "
                     "Give the changed form a new version and publish it again."),
                   version, xml_form_id);
      return FALSE;
    }

  if ((stmt = lalan_inventory_db_get_statement (db, sql_insert, error)) == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, project_id);
  lalan_inventory_db_bind_text (stmt, 2, xml_form_id);
  lalan_inventory_db_bind_text (stmt, 3, version);
  lalan_inventory_db_bind_text (stmt, 4, title);
  lalan_inventory_db_bind_bytes (stmt, 5, xml);
  lalan_inventory_db_bind_text (stmt, 6, md5);
  lalan_inventory_db_bind_text (stmt, 7, sha256);
  lalan_inventory_db_bind_text (stmt, 8, now);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      lalan_inventory_db_set_error (db, rc, error);
      goto fail;
    }

  if (!lalan_inventory_db_exec (db, "COMMIT", error))
    goto fail;

  *result = LALAN_INVENTORY_PUBLISH_NEW;
  return TRUE;

fail:
  lalan_inventory_db_exec (db, "ROLLBACK", NULL);
  return FALSE;
}

void
lalan_inventory_form_row_free (LalanInventoryFormRow *row)
{
  if (row == NULL)
    return;

  g_free (row->xml_form_id);
  g_free (row->version);
  g_free (row->title);
  g_free (row->md5);
  g_free (row->published_at);
  g_free (row);
}

/**
 * lalan_inventory_db_list_forms:
 * @db: a database
 * @project_id: a project
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (element-type LalanInventoryFormRow): the
 *   latest published version of each form, by form id
 */
GPtrArray *
lalan_inventory_db_list_forms (LalanInventoryDb  *db,
                               gint64             project_id,
                               GError           **error)
{
  static const char sql[] =
    "SELECT f.id, f.project_id, f.xml_form_id, f.version, f.title, f.md5, f.published_at"
    " FROM forms f"
    " WHERE f.project_id = ?1 AND f.id = (SELECT MAX(g.id) FROM forms g"
    "   WHERE g.project_id = f.project_id AND g.xml_form_id = f.xml_form_id)"
    " ORDER BY f.xml_form_id";
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_inventory_form_row_free);
  sqlite3_stmt *stmt = lalan_inventory_db_get_statement (db, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, project_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LalanInventoryFormRow *row = g_new0 (LalanInventoryFormRow, 1);

      row->id = sqlite3_column_int64 (stmt, 0);
      row->project_id = sqlite3_column_int64 (stmt, 1);
      row->xml_form_id = lalan_inventory_db_dup_column (stmt, 2);
      row->version = lalan_inventory_db_dup_column (stmt, 3);
      row->title = lalan_inventory_db_dup_column (stmt, 4);
      row->md5 = lalan_inventory_db_dup_column (stmt, 5);
      row->published_at = lalan_inventory_db_dup_column (stmt, 6);
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      lalan_inventory_db_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

GBytes *
lalan_inventory_db_column_bytes (sqlite3_stmt *stmt,
                                 int           column)
{
  return g_bytes_new (sqlite3_column_blob (stmt, column),
                      sqlite3_column_bytes (stmt, column));
}

/**
 * lalan_inventory_db_get_form_xml:
 * @db: a database
 * @project_id: a project
 * @xml_form_id: a form id
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the XForm of the latest version, or
 *   %NULL with %LALAN_INVENTORY_ERROR_NOT_FOUND
 */
GBytes *
lalan_inventory_db_get_form_xml (LalanInventoryDb  *db,
                                 gint64             project_id,
                                 const char        *xml_form_id,
                                 GError           **error)
{
  static const char sql[] =
    "SELECT xml FROM forms WHERE project_id = ?1 AND xml_form_id = ?2 ORDER BY id DESC LIMIT 1";
  sqlite3_stmt *stmt = lalan_inventory_db_get_statement (db, sql, error);
  GBytes *xml = NULL;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, project_id);
  lalan_inventory_db_bind_text (stmt, 2, xml_form_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    xml = lalan_inventory_db_column_bytes (stmt, 0);
  sqlite3_reset (stmt);

  if (xml == NULL)
    g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_NOT_FOUND,
                 _("The form “%s” is not on this server."), xml_form_id);

  return xml;
}

/**
 * lalan_inventory_db_get_form_versions:
 * @db: a database
 * @project_id: a project
 * @xml_form_id: a form id
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (element-type GBytes): the XForm of every
 *   version, latest first; empty when the form is unknown
 */
GPtrArray *
lalan_inventory_db_get_form_versions (LalanInventoryDb  *db,
                                      gint64             project_id,
                                      const char        *xml_form_id,
                                      GError           **error)
{
  static const char sql[] =
    "SELECT xml FROM forms WHERE project_id = ?1 AND xml_form_id = ?2 ORDER BY id DESC";
  g_autoptr(GPtrArray) versions = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  sqlite3_stmt *stmt = lalan_inventory_db_get_statement (db, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, project_id);
  lalan_inventory_db_bind_text (stmt, 2, xml_form_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (versions, lalan_inventory_db_column_bytes (stmt, 0));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      lalan_inventory_db_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&versions);
}
