/* test-cli-db.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lalan-cli db info|check|backup|restore and records list. */

#include "config.h"

#include "lalan-test.h"
#include "lalan-store.h"

#include <json-glib/json-glib.h>
#include <string.h>

static void
seed (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "lalan.db", NULL);
  g_autoptr(LalanStore) store = lalan_store_open (path, &error);
  const char *ids[] = { "uuid:draft", "uuid:queued", "uuid:failing", "uuid:sent", "uuid:refused" };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(LalanRecord) draft = lalan_store_save_draft (store, ids[i], "lalan_household", "2026010101",
                                                             "<data/>", ids[i] + 5, NULL, &error);
      g_autoptr(LalanRecord) finalized = NULL;

      g_assert_no_error (error);
      if (i == 0)
        continue;
      finalized = lalan_store_finalize_record (store, ids[i], NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_true (lalan_store_record_send_failure (store, "uuid:failing", "network", "No network.",
                                                  g_get_real_time () + 60 * G_USEC_PER_SEC, &error));
  g_assert_true (lalan_store_mark_sent (store, "uuid:sent", "<OpenRosaResponse/>", &error));
  g_assert_true (lalan_store_mark_needs_review (store, "uuid:refused", "http-409", "The server refused it.", &error));
  g_assert_no_error (error);
}

static void
test_info (void)
{
  g_autofree char *dir = lalan_test_make_tmp_dir ("cli-db");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  seed (dir);
  g_assert_cmpint (lalan_test_run_cli (&out, &err, "--data-dir", dir, "db", "info", NULL), ==, 0);
  g_assert_nonnull (strstr (out, dir));
  g_assert_nonnull (strstr (out, "lalan.db"));
  g_assert_nonnull (strstr (out, "Schema version"));
  g_assert_nonnull (strstr (out, "Needs review"));
  g_assert_true (g_regex_match_simple ("Waiting to be sent +2\n", out, 0, 0));
  g_assert_true (g_regex_match_simple ("Total +5\n", out, 0, 0));
  g_assert_cmpstr (err, ==, "");

  lalan_test_remove_tree (dir);
}

static void
test_info_zh_tw (void)
{
  g_autofree char *dir = lalan_test_make_tmp_dir ("cli-db");
  g_autofree char *out = NULL;

  seed (dir);
  g_setenv ("LANGUAGE", "zh_TW", TRUE);
  g_assert_cmpint (lalan_test_run_cli (&out, NULL, "--data-dir", dir, "db", "info", NULL), ==, 0);
  g_setenv ("LANGUAGE", "en", TRUE);

  /* Translated, and aligned by columns rather than bytes. */
  g_assert_true (g_regex_match_simple ("\n  等待傳送             2\n", out, 0, 0));
  g_assert_true (g_regex_match_simple ("\n  需要檢查             1\n", out, 0, 0));

  lalan_test_remove_tree (dir);
}

static void
test_records_json (void)
{
  g_autofree char *dir = lalan_test_make_tmp_dir ("cli-db");
  g_autofree char *out = NULL;
  g_autofree char *sent_out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean seen_failing = FALSE;

  seed (dir);
  g_assert_cmpint (lalan_test_run_cli (&out, NULL, "--data-dir", dir, "records", "list", "--json", NULL), ==, 0);
  lines = g_strsplit (g_strchomp (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *object;

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "instance_id"), "uuid:"));
      g_assert_cmpstr (json_object_get_string_member (object, "form_id"), ==, "lalan_household");
      g_assert_cmpstr (json_object_get_string_member (object, "form_version"), ==, "2026010101");
      g_assert_true (json_object_has_member (object, "created_at"));
      g_assert_true (json_object_has_member (object, "finalized_at"));
      g_assert_true (json_object_has_member (object, "last_error_message"));

      if (g_str_equal (json_object_get_string_member (object, "instance_id"), "uuid:failing"))
        {
          seen_failing = TRUE;
          g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "finalized");
          g_assert_cmpint (json_object_get_int_member (object, "attempts"), ==, 1);
          g_assert_cmpstr (json_object_get_string_member (object, "last_error_code"), ==, "network");
          g_assert_cmpstr (json_object_get_string_member (object, "last_error_message"), ==, "No network.");
          g_assert_true (g_str_has_suffix (json_object_get_string_member (object, "next_attempt_at"), "Z"));
        }
    }
  g_assert_true (seen_failing);

  g_assert_cmpint (lalan_test_run_cli (&sent_out, NULL, "--data-dir", dir, "records", "list",
                                       "--state", "sent", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (sent_out, "\"uuid:sent\""));
  g_assert_nonnull (strstr (sent_out, "\"state\":\"sent\""));
  g_assert_null (strstr (sent_out, "uuid:draft"));

  g_assert_cmpint (lalan_test_run_cli (NULL, &err, "--data-dir", dir, "records", "list", "--state", "lost", NULL), ==, 64);
  g_assert_nonnull (strstr (err, "lost"));

  lalan_test_remove_tree (dir);
}

static void
test_records_text (void)
{
  g_autofree char *dir = lalan_test_make_tmp_dir ("cli-db");
  g_autofree char *out = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *limited = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (lalan_test_run_cli (&empty, NULL, "--data-dir", dir, "records", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (empty, "No records."));

  seed (dir);
  g_assert_cmpint (lalan_test_run_cli (&out, NULL, "--data-dir", dir, "records", "list", "--state", "needs-review", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "uuid:refused"));
  g_assert_nonnull (strstr (out, "The server refused it."));
  g_assert_null (strstr (out, "uuid:sent"));

  g_assert_cmpint (lalan_test_run_cli (&limited, NULL, "--data-dir", dir, "records", "list", "--limit", "2", NULL), ==, 0);
  lines = g_strsplit (g_strchomp (limited), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);

  lalan_test_remove_tree (dir);
}

static void
test_check_backup_restore (void)
{
  g_autofree char *dir = lalan_test_make_tmp_dir ("cli-db");
  g_autofree char *backup = g_build_filename (dir, "saved.db", NULL);
  g_autofree char *garbage = g_build_filename (dir, "garbage.db", NULL);
  g_autofree char *check_out = NULL;
  g_autofree char *backup_out = NULL;
  g_autofree char *restore_out = NULL;
  g_autofree char *bad_err = NULL;
  g_autofree char *list_out = NULL;
  g_autofree char *usage_err = NULL;

  seed (dir);
  g_assert_cmpint (lalan_test_run_cli (&check_out, NULL, "--data-dir", dir, "db", "check", NULL), ==, 0);
  g_assert_nonnull (strstr (check_out, "sound"));

  g_assert_cmpint (lalan_test_run_cli (&backup_out, NULL, "--data-dir", dir, "db", "backup", backup, NULL), ==, 0);
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (strstr (backup_out, backup));

  /* Changes after the backup go away with the restore, and are kept aside. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *path = g_build_filename (dir, "lalan.db", NULL);
    g_autoptr(LalanStore) store = lalan_store_open (path, &error);
    g_autoptr(LalanRecord) later = lalan_store_save_draft (store, "uuid:later", "f", "1", "<x/>", NULL, NULL, &error);

    g_assert_no_error (error);
  }
  g_assert_cmpint (lalan_test_run_cli (&restore_out, NULL, "--data-dir", dir, "db", "restore", backup, NULL), ==, 0);
  g_assert_nonnull (strstr (restore_out, "before-restore"));
  g_assert_cmpint (lalan_test_run_cli (&list_out, NULL, "--data-dir", dir, "records", "list", NULL), ==, 0);
  g_assert_null (strstr (list_out, "uuid:later"));
  g_assert_nonnull (strstr (list_out, "uuid:draft"));

  /* A file that is not a Lalan database is refused with a sentence. */
  g_assert_true (g_file_set_contents (garbage, "hello", -1, NULL));
  g_assert_cmpint (lalan_test_run_cli (NULL, &bad_err, "--data-dir", dir, "db", "restore", garbage, NULL), ==, 2);
  g_assert_nonnull (strstr (bad_err, "not a Lalan database"));

  g_assert_cmpint (lalan_test_run_cli (NULL, &usage_err, "--data-dir", dir, "db", "backup", NULL), ==, 64);

  lalan_test_remove_tree (dir);
}

static void
test_damaged_notice (void)
{
  g_autofree char *dir = lalan_test_make_tmp_dir ("cli-db");
  g_autofree char *path = g_build_filename (dir, "lalan.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (path, "This is not a database, it only has the name of one.", -1, NULL));
  g_assert_cmpint (lalan_test_run_cli (&out, &err, "--data-dir", dir, "db", "info", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "damaged"));
  g_assert_nonnull (strstr (err, "lalan.db.damaged-"));

  lalan_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);

  /* The sentences are checked in English; one test checks zh_TW. */
  g_setenv ("LANGUAGE", "en", TRUE);

  g_test_add_func ("/cli/db/info", test_info);
  g_test_add_func ("/cli/db/info-zh-tw", test_info_zh_tw);
  g_test_add_func ("/cli/db/records-json", test_records_json);
  g_test_add_func ("/cli/db/records-text", test_records_text);
  g_test_add_func ("/cli/db/check-backup-restore", test_check_backup_restore);
  g_test_add_func ("/cli/db/damaged-notice", test_damaged_notice);

  return g_test_run ();
}
