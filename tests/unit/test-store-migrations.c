/* test-store-migrations.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every earlier schema version, as a fixture in tests/unit/fixtures/,
 * upgrades to the current one with its data intact; a migration that fails
 * leaves the database at the version before. */

#include "config.h"

#include "lalan-test.h"
#include "lalan-store-private.h"

#include <string.h>

static char *
fixtures_dir (void)
{
  return g_build_filename (lalan_test_source_path ("tests/unit/fixtures"), NULL);
}

/* Builds a database from a fixture's SQL text. */
static void
load_fixture (const char *sql_path,
              const char *db_path)
{
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  char *message = NULL;

  g_file_get_contents (sql_path, &sql, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("Could not load %s: %s", sql_path, message);
  sqlite3_close (db);
}

static gint64
read_int (const char *db_path,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static char *
fixture_device_id (const char *sql_path)
{
  g_autofree char *sql = NULL;
  const char *marker = "INSERT INTO kv VALUES('device-id','";
  const char *start;

  g_file_get_contents (sql_path, &sql, NULL, NULL);
  start = strstr (sql, marker);
  g_assert_nonnull (start);
  start += strlen (marker);

  return g_strndup (start, strchr (start, '\'') - start);
}

static void
test_upgrade (gconstpointer data)
{
  const char *sql_path = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lalan_test_make_tmp_dir ("migrate");
  g_autofree char *db_path = g_build_filename (dir, "lalan.db", NULL);
  g_autofree char *device_id = fixture_device_id (sql_path);
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(GPtrArray) forms = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(GPtrArray) learners = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) packs = NULL;
  g_autoptr(GPtrArray) measurements = NULL;
  g_autoptr(LalanRecord) sent = NULL;
  g_autoptr(LalanRecord) review = NULL;
  g_autoptr(LalanRecord) draft = NULL;
  g_autofree char *contact = NULL;
  g_auto(GStrv) problems = NULL;
  LalanRecordCounts counts;

  load_fixture (sql_path, db_path);

  store = lalan_store_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lalan_store_get_schema_version (store), ==, LALAN_STORE_SCHEMA_VERSION);
  g_assert_null (lalan_store_dup_recovery_notice (store));
  g_assert_cmpstr (lalan_store_get_device_id (store), ==, device_id);

  g_assert_true (lalan_store_check (store, TRUE, &problems, NULL, &error));
  g_assert_cmpuint (g_strv_length (problems), ==, 0);

  forms = lalan_store_list_forms (store, FALSE, &error);
  g_assert_cmpuint (forms->len, ==, 2);

  g_assert_true (lalan_store_count_records_by_state (store, &counts, &error));
  g_assert_cmpuint (counts.draft, ==, 1);
  g_assert_cmpuint (counts.finalized, ==, 1);
  g_assert_cmpuint (counts.sent, ==, 1);
  g_assert_cmpuint (counts.needs_review, ==, 1);

  sent = lalan_store_get_record (store, "uuid:fixture-sent", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lalan_record_get_server_response (sent), ==, "<OpenRosaResponse/>");
  g_assert_nonnull (strstr (lalan_record_get_instance_xml (sent), "部落的網路"));
  review = lalan_store_get_record (store, "uuid:fixture-needs-review", &error);
  g_assert_cmpstr (lalan_record_get_last_error_code (review), ==, "http-409");
  draft = lalan_store_get_record (store, "uuid:fixture-draft", &error);
  g_assert_cmpstr (lalan_record_get_resume_position (draft), ==, "page-2");
  attachments = lalan_store_list_attachments (store, "uuid:fixture-draft", &error);
  g_assert_cmpuint (attachments->len, ==, 1);

  learners = lalan_store_list_learners (store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (learners->len, ==, 2);
  events = lalan_store_list_learning_events (store, NULL, NULL, NULL, 0, 0, &error);
  g_assert_cmpuint (events->len, ==, 3);
  packs = lalan_store_list_lesson_packs (store, &error);
  g_assert_cmpuint (packs->len, ==, 1);
  measurements = lalan_store_list_measurements (store, 0, 0, &error);
  g_assert_cmpuint (measurements->len, ==, 1);
  contact = lalan_store_get_value (store, "sync-last-contact", &error);
  g_assert_cmpstr (contact, ==, "1767225600");

  /* The upgraded database works like a new one. */
  {
    g_autoptr(LalanRecord) finalized = lalan_store_finalize_record (store, "uuid:fixture-draft", NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (lalan_store_set_learner_archived (store, ((LalanLearner *) g_ptr_array_index (learners, 0))->id,
                                                     TRUE, &error));
    g_assert_no_error (error);
  }

  g_clear_object (&store);
  lalan_test_remove_tree (dir);
}

static void
test_every_version_has_a_fixture (void)
{
  g_autofree char *dir = fixtures_dir ();

  /* The rule in lalan-store-migrations.c: adding a migration means adding
   * the fixture of the version before it. */
  for (int version = 1; version < LALAN_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *name = g_strdup_printf ("store-v%d.sql", version);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        g_error ("No fixture for schema version %d: run tests/unit/fixtures/make-store-fixture.sh", version);
    }
}

static void
test_new_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lalan_test_make_tmp_dir ("migrate");
  g_autofree char *db_path = g_build_filename (dir, "lalan.db", NULL);
  g_autoptr(LalanStore) store = NULL;

  store = lalan_store_open (db_path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_cmpint (read_int (db_path, "PRAGMA user_version"), ==, LALAN_STORE_SCHEMA_VERSION);
  g_assert_cmpint (read_int (db_path, "PRAGMA application_id"), ==, LALAN_STORE_APPLICATION_ID);
  g_assert_cmpint (read_int (db_path, "SELECT count(*) FROM sqlite_schema WHERE name = 'learning_events'"), ==, 1);

  lalan_test_remove_tree (dir);
}

static void
test_failed_migration (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lalan_test_make_tmp_dir ("migrate");
  g_autofree char *db_path = g_build_filename (dir, "lalan.db", NULL);
  g_autofree char *sql_path = g_build_filename (lalan_test_source_path ("tests/unit/fixtures"), "store-v1.sql", NULL);
  g_autoptr(LalanStore) store = NULL;
  sqlite3 *db = NULL;

  /* A v1 database where migration 2 cannot run (its column is there
   * already): opening fails, and the database stays at v1, whole. */
  load_fixture (sql_path, db_path);
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "ALTER TABLE learners ADD COLUMN archived_at TEXT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = lalan_store_open (db_path, &error);
  g_assert_null (store);
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_FAILED);

  g_assert_cmpint (read_int (db_path, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (read_int (db_path, "SELECT count(*) FROM records"), ==, 4);
  /* Not taken for damage: nothing was moved aside. */
  g_assert_true (g_file_test (db_path, G_FILE_TEST_EXISTS));

  lalan_test_remove_tree (dir);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  lalan_test_init (&argc, &argv);

  dir = fixtures_dir ();
  listing = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      if (g_str_has_prefix (name, "store-v") && g_str_has_suffix (name, ".sql"))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >, 0);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/store/migrations/upgrade/%s", (char *) g_ptr_array_index (names, i));

      g_test_add_data_func_full (test_path, g_build_filename (dir, g_ptr_array_index (names, i), NULL),
                                 test_upgrade, g_free);
    }

  g_test_add_func ("/store/migrations/every-version-has-a-fixture", test_every_version_has_a_fixture);
  g_test_add_func ("/store/migrations/new-database", test_new_database);
  g_test_add_func ("/store/migrations/failed-migration", test_failed_migration);

  return g_test_run ();
}
