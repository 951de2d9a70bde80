/* test-store-safety.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What happens when things go wrong: a full disk, a read-only disk, a
 * damaged or foreign database file, a database from a newer Lalan; and the
 * backups and restore that get a person's records back. */

/* unshare() and CLONE_NEWNS */
#define _GNU_SOURCE

#include "config.h"

#include "lalan-test.h"
#include "lalan-store-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

static LalanStore *
open_store (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "lalan.db", NULL);
  LalanStore *store = lalan_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static void
add_records (LalanStore *store,
             const char *prefix,
             guint       count,
             gsize       xml_size)
{
  g_autofree char *xml = g_strnfill (xml_size, 'x');

  for (guint i = 0; i < count; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *id = g_strdup_printf ("uuid:%s-%u", prefix, i);
      g_autoptr(LalanRecord) draft = lalan_store_save_draft (store, id, "household", "1", xml, id, NULL, &error);
      g_autoptr(LalanRecord) finalized = NULL;

      g_assert_no_error (error);
      if (i % 2 == 0)
        {
          finalized = lalan_store_finalize_record (store, id, NULL, NULL, &error);
          g_assert_no_error (error);
        }
    }
}

static void
assert_records (LalanStore *store,
                const char *prefix,
                guint       count)
{
  for (guint i = 0; i < count; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *id = g_strdup_printf ("uuid:%s-%u", prefix, i);
      g_autoptr(LalanRecord) record = lalan_store_get_record (store, id, &error);

      g_assert_no_error (error);
      g_assert_cmpint (lalan_record_get_state (record), ==,
                       i % 2 == 0 ? LALAN_RECORD_STATE_FINALIZED : LALAN_RECORD_STATE_DRAFT);
    }
}

static void
assert_sound (LalanStore *store)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) problems = NULL;

  g_assert_true (lalan_store_check (store, TRUE, &problems, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (problems), ==, 0);
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* Mounts a small tmpfs in a mount namespace of this process only, so it
 * goes away with the process whatever happens to the test. */
static gboolean
mount_small_disk (const char *dir)
{
  if (getuid () != 0)
    {
      g_test_skip ("Mounting a small disk needs root; run the tests as root to check a full disk");
      return FALSE;
    }

  if (unshare (CLONE_NEWNS) != 0 ||
      mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
      mount ("tmpfs", dir, "tmpfs", 0, "size=2m,mode=0700") != 0)
    {
      g_autofree char *message = g_strdup_printf ("Could not mount a small disk (%s)", g_strerror (errno));

      g_test_skip (message);
      return FALSE;
    }

  return TRUE;
}

static void
fill_disk (const char *path)
{
  char block[65536];
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  memset (block, 0xaa, sizeof block);
  g_assert_cmpint (fd, >=, 0);
  while (write (fd, block, sizeof block) > 0)
    ;
  /* Down to the last bytes. */
  while (write (fd, block, 1) > 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  close (fd);
}

static void
test_disk_full (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lalan_test_make_tmp_dir ("full");
  g_autofree char *filler = g_build_filename (dir, "filler", NULL);
  g_autofree char *big_xml = g_strnfill (48 * 1024, 'y');
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(LalanRecord) after = NULL;
  g_autofree char *failed_id = NULL;
  LalanRecordCounts counts;
  guint n_saved = 0;

  if (!mount_small_disk (dir))
    {
      lalan_test_remove_tree (dir);
      return;
    }

  store = open_store (dir);
  add_records (store, "before", 6, 2000);
  fill_disk (filler);

  /* Save until the disk refuses: the store's own error, with a sentence. */
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:full-%u", i);
      g_autoptr(LalanRecord) record = lalan_store_save_draft (store, id, "household", "1", big_xml, NULL, NULL, &error);

      if (record == NULL)
        {
          failed_id = g_steal_pointer (&id);
          break;
        }
      n_saved++;
    }
  g_assert_nonnull (failed_id);
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_DISK_FULL);
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_clear_error (&error);

  /* Nothing half-saved, everything before intact, and still usable. */
  g_assert_null (lalan_store_get_record (store, failed_id, &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_records (store, "before", 6);
  assert_sound (store);

  g_assert_cmpint (g_unlink (filler), ==, 0);
  after = lalan_store_save_draft (store, failed_id, "household", "1", big_xml, NULL, NULL, &error);
  g_assert_no_error (error);

  g_clear_object (&store);
  store = open_store (dir);
  assert_sound (store);
  assert_records (store, "before", 6);
  g_assert_true (lalan_store_count_records_by_state (store, &counts, &error));
  g_assert_cmpuint (counts.total, ==, 6 + n_saved + 1);

  /* The same disk read-only: reading works, writing says why not. */
  g_clear_object (&store);
  g_assert_cmpint (mount ("tmpfs", dir, "tmpfs", MS_REMOUNT | MS_RDONLY, "size=2m"), ==, 0);
  {
    g_autofree char *path = g_build_filename (dir, "lalan.db", NULL);
    g_autoptr(LalanStore) read_only = lalan_store_open (path, &error);
    g_autoptr(LalanRecord) refused = NULL;

    if (read_only == NULL)
      {
        /* Some SQLite builds cannot even open a WAL database there. */
        g_assert_nonnull (error);
        g_assert_true (error->domain == LALAN_STORE_ERROR);
        g_assert_true (error->code == LALAN_STORE_ERROR_READ_ONLY || error->code == LALAN_STORE_ERROR_IO);
      }
    else
      {
        assert_records (read_only, "before", 6);
        refused = lalan_store_save_draft (read_only, "uuid:ro", "household", "1", "<data/>", NULL, NULL, &error);
        g_assert_null (refused);
        g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_READ_ONLY);
      }
  }

  g_assert_cmpint (umount (dir), ==, 0);
  lalan_test_remove_tree (dir);
}

/* Damages the b-tree page headers from page 3 on: what a torn write or a
 * failing sector leaves behind. */
static void
damage_pages (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >=, 4096 * 6);
  for (gsize offset = 4096 * 2; offset + 16 < length; offset += 4096)
    memset (contents + offset, 0x7f, 16);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
}

static char *
find_aside (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (listing)) != NULL)
    {
      if (g_str_has_prefix (name, "lalan.db.damaged-") && !g_str_has_suffix (name, "-wal") &&
          !g_str_has_suffix (name, "-shm"))
        return g_build_filename (dir, name, NULL);
    }

  return NULL;
}

static void
test_damaged_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lalan_test_make_tmp_dir ("damaged");
  g_autofree char *path = g_build_filename (dir, "lalan.db", NULL);
  g_autofree char *wal = g_build_filename (dir, "lalan.db-wal", NULL);
  g_autofree char *damaged_sum = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *aside_sum = NULL;
  g_autofree char *notice = NULL;
  g_autofree char *again = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(LalanStore) store = NULL;
  LalanRecordCounts counts;

  store = open_store (dir);
  add_records (store, "lost", 60, 3000);
  backup = lalan_store_backup_daily (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (backup);
  g_clear_object (&store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  damage_pages (path);
  damaged_sum = file_checksum (path);

  store = open_store (dir);

  /* Moved aside, byte for byte, not deleted; a fresh database opened. */
  aside = find_aside (dir);
  g_assert_nonnull (aside);
  aside_sum = file_checksum (aside);
  g_assert_cmpstr (aside_sum, ==, damaged_sum);
  g_assert_true (lalan_store_count_records_by_state (store, &counts, &error));
  g_assert_cmpuint (counts.total, ==, 0);
  assert_sound (store);

  /* The person is told, in a sentence with the path and the backup. */
  notice = lalan_store_dup_recovery_notice (store);
  g_assert_nonnull (notice);
  g_assert_nonnull (strstr (notice, aside));
  g_assert_nonnull (strstr (notice, backup));

  /* The notice waits until shown, across runs. */
  g_clear_object (&store);
  store = open_store (dir);
  again = lalan_store_dup_recovery_notice (store);
  g_assert_cmpstr (again, ==, notice);

  /* The backup brings the records back; the fresh database is kept. */
  g_assert_true (lalan_store_restore (store, backup, &kept, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (kept, G_FILE_TEST_EXISTS));
  assert_records (store, "lost", 60);
  assert_sound (store);

  g_assert_true (lalan_store_dismiss_recovery_notice (store, &error));
  g_clear_pointer (&notice, g_free);
  notice = lalan_store_dup_recovery_notice (store);
  g_assert_null (notice);

  g_clear_object (&store);
  lalan_test_remove_tree (dir);
}

static void
test_not_a_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lalan_test_make_tmp_dir ("garbage");
  g_autofree char *path = g_build_filename (dir, "lalan.db", NULL);
  g_autofree char *aside = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(LalanStore) store = NULL;
  g_autofree char *notice = NULL;
  GString *garbage = g_string_new (NULL);

  for (guint i = 0; i < 500; i++)
    g_string_append (garbage, "This is a letter, not a database. ");
  g_assert_true (g_file_set_contents (path, garbage->str, garbage->len, NULL));

  store = open_store (dir);
  aside = find_aside (dir);
  g_assert_nonnull (aside);
  g_assert_true (g_file_get_contents (aside, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, garbage->str);
  notice = lalan_store_dup_recovery_notice (store);
  g_assert_nonnull (notice);

  g_string_free (garbage, TRUE);
  g_clear_object (&store);
  lalan_test_remove_tree (dir);
}

static void
test_foreign_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lalan_test_make_tmp_dir ("foreign");
  g_autofree char *path = g_build_filename (dir, "lalan.db", NULL);
  g_autoptr(LalanStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA application_id = 42; CREATE TABLE photos (id);", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = open_store (dir);
  g_assert_nonnull (find_aside (dir));
  add_records (store, "new", 2, 10);

  g_clear_object (&store);
  lalan_test_remove_tree (dir);
}

static void
test_newer_version (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lalan_test_make_tmp_dir ("newer");
  g_autofree char *path = g_build_filename (dir, "lalan.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(LalanStore) store = NULL;
  sqlite3 *db = NULL;

  store = open_store (dir);
  add_records (store, "kept", 4, 100);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = file_checksum (path);

  /* Not damage: refused, untouched, nothing moved. */
  store = lalan_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_TOO_NEW);
  after = file_checksum (path);
  g_assert_cmpstr (after, ==, before);
  g_assert_null (find_aside (dir));

  lalan_test_remove_tree (dir);
}

static void
test_backups (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lalan_test_make_tmp_dir ("backups");
  g_autofree char *backup_dir = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *garbage = NULL;
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  guint n_backups = 0;

  store = open_store (dir);
  add_records (store, "a", 10, 500);

  /* One a day: the second call today does nothing. */
  first = lalan_store_backup_daily (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  second = lalan_store_backup_daily (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (second);

  /* The last seven are kept. */
  backup_dir = lalan_store_get_backup_dir (store);
  for (guint day = 1; day <= 9; day++)
    {
      g_autofree char *name_old = g_strdup_printf ("lalan-2020-01-%02u.db", day);
      g_autofree char *old = g_build_filename (backup_dir, name_old, NULL);

      g_assert_true (g_file_set_contents (old, "old", -1, NULL));
    }
  g_assert_cmpint (g_unlink (first), ==, 0);
  g_clear_pointer (&first, g_free);
  first = lalan_store_backup_daily (store, NULL, &error);
  g_assert_nonnull (first);
  listing = g_dir_open (backup_dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      n_backups++;
      g_assert_cmpstr (name, >=, "lalan-2020-01-04.db");
    }
  g_assert_cmpuint (n_backups, ==, 7);

  /* A backup is a whole database of its own, and restores. */
  copy = g_build_filename (dir, "copy.db", NULL);
  g_assert_true (lalan_store_backup (store, copy, NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);

    g_assert_false (g_file_test (copy_wal, G_FILE_TEST_EXISTS));
  }
  add_records (store, "b", 4, 500);
  g_assert_true (lalan_store_restore (store, copy, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_records (store, "a", 10);
  g_assert_null (lalan_store_get_record (store, "uuid:b-0", &error));
  g_clear_error (&error);

  /* A file that is not a sound Lalan database is refused, and nothing
   * changes. */
  garbage = g_build_filename (dir, "garbage.db", NULL);
  g_assert_true (g_file_set_contents (garbage, "not a database at all, really not", -1, NULL));
  g_assert_false (lalan_store_restore (store, garbage, NULL, NULL, &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_A_DATABASE);
  g_clear_error (&error);
  g_assert_false (lalan_store_restore (store, "/nonexistent/backup.db", NULL, NULL, &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_records (store, "a", 10);

  /* A cancelled backup leaves nothing behind. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autofree char *cancelled = g_build_filename (dir, "cancelled.db", NULL);
    g_autofree char *partial = g_strconcat (cancelled, ".partial", NULL);

    g_cancellable_cancel (cancellable);
    g_assert_false (lalan_store_backup (store, cancelled, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_false (g_file_test (cancelled, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  }

  g_clear_object (&store);
  lalan_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);

  g_test_add_func ("/store/safety/disk-full", test_disk_full);
  g_test_add_func ("/store/safety/damaged-file", test_damaged_file);
  g_test_add_func ("/store/safety/not-a-database", test_not_a_database);
  g_test_add_func ("/store/safety/foreign-database", test_foreign_database);
  g_test_add_func ("/store/safety/newer-version", test_newer_version);
  g_test_add_func ("/store/safety/backups", test_backups);

  return g_test_run ();
}
