/* test-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The store's API: forms, the record life cycle, listing, attachments,
 * learners and events, packs, measurements, values, async calls and the
 * list model. */

#include "config.h"

#include "lalan-test.h"
#include "lalan-store.h"
#include "lalan-record-list.h"

#include <math.h>
#include <string.h>

#define FORM_XML "<h:html xmlns:h=\"http://www.w3.org/1999/xhtml\"><h:head><h:title>Household</h:title></h:head></h:html>"

typedef struct
{
  char       *dir;
  LalanStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = lalan_test_make_tmp_dir ("store");
  path = g_build_filename (fixture->dir, "lalan.db", NULL);
  fixture->store = lalan_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  lalan_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static LalanRecord *
save_draft (LalanStore *store,
            const char *instance_id,
            const char *summary)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = g_strdup_printf ("<data id=\"household\"><meta><instanceID>%s</instanceID></meta></data>",
                                          instance_id);
  LalanRecord *record;

  record = lalan_store_save_draft (store, instance_id, "household", "2026010101", xml, summary, "page-1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);

  return record;
}

static void
test_open (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanStore) again = NULL;
  g_autofree char *device_id = g_strdup (lalan_store_get_device_id (fixture->store));

  g_assert_true (g_str_has_suffix (lalan_store_get_path (fixture->store), "lalan.db"));
  g_assert_cmpint (lalan_store_get_schema_version (fixture->store), >=, 1);
  g_assert_true (g_uuid_string_is_valid (device_id));
  g_assert_null (lalan_store_dup_recovery_notice (fixture->store));

  /* The device id is made once and kept. */
  g_clear_object (&fixture->store);
  again = lalan_store_open (NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&again);
  {
    g_autofree char *path = g_build_filename (fixture->dir, "lalan.db", NULL);

    fixture->store = lalan_store_open (path, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpstr (lalan_store_get_device_id (fixture->store), ==, device_id);

  /* After close every call fails with a sentence, none crashes. */
  lalan_store_close (fixture->store);
  g_assert_null (lalan_store_get_record (fixture->store, "uuid:x", &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_CLOSED);
}

static void
test_values (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *missing = NULL;

  g_assert_true (lalan_store_set_value (fixture->store, "sync-last-contact", "1700000000", &error));
  g_assert_no_error (error);
  value = lalan_store_get_value (fixture->store, "sync-last-contact", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "1700000000");

  g_assert_true (lalan_store_set_value (fixture->store, "sync-last-contact", NULL, &error));
  missing = lalan_store_get_value (fixture->store, "sync-last-contact", &error);
  g_assert_no_error (error);
  g_assert_null (missing);

  g_assert_false (lalan_store_set_value (fixture->store, "device-id", "mine", &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_INVALID);
}

static void
test_forms (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) latest = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *latest_xml = NULL;
  g_autoptr(LalanRecord) draft = NULL;

  g_assert_true (lalan_store_register_form (fixture->store, "household", "1", "md5:a", FORM_XML, "bundled", &error));
  g_assert_no_error (error);
  /* Idempotent: the app registers its bundled forms at every start. */
  g_assert_true (lalan_store_register_form (fixture->store, "household", "1", "md5:a", FORM_XML, "bundled", &error));
  g_assert_no_error (error);

  /* A changed form under the same version is refused. */
  g_assert_false (lalan_store_register_form (fixture->store, "household", "1", "md5:b", FORM_XML "<!-- -->", "bundled", &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  g_assert_true (lalan_store_register_form (fixture->store, "household", "2", "md5:c", FORM_XML "<!-- 2 -->", "https://example.org", &error));
  g_assert_true (lalan_store_register_form (fixture->store, "community", "1", "md5:d", FORM_XML, "bundled", &error));
  g_assert_no_error (error);

  draft = lalan_store_save_draft (fixture->store, "uuid:f1", "household", "1", "<data/>", NULL, NULL, &error);
  g_assert_no_error (error);

  all = lalan_store_list_forms (fixture->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  latest = lalan_store_list_forms (fixture->store, TRUE, &error);
  g_assert_cmpuint (latest->len, ==, 2);
  for (guint i = 0; i < all->len; i++)
    {
      LalanFormInfo *info = g_ptr_array_index (all, i);

      if (g_str_equal (info->form_id, "household") && g_str_equal (info->version, "1"))
        {
          g_assert_false (info->is_latest);
          g_assert_cmpuint (info->n_records, ==, 1);
          g_assert_cmpstr (info->hash, ==, "md5:a");
          g_assert_cmpstr (info->source, ==, "bundled");
        }
      if (g_str_equal (info->form_id, "household") && g_str_equal (info->version, "2"))
        g_assert_true (info->is_latest);
    }

  xml = lalan_store_get_form_xml (fixture->store, "household", "1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xml, ==, FORM_XML);
  latest_xml = lalan_store_get_form_xml (fixture->store, "household", NULL, &error);
  g_assert_cmpstr (latest_xml, ==, FORM_XML "<!-- 2 -->");

  g_assert_null (lalan_store_get_form_xml (fixture->store, "household", "9", &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND);
}

static void
test_life_cycle (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanRecord) draft = NULL;
  g_autoptr(LalanRecord) saved = NULL;
  g_autoptr(LalanRecord) finalized = NULL;
  g_autoptr(LalanRecord) reopened = NULL;
  g_autoptr(LalanRecord) sent = NULL;
  g_autoptr(LalanRecord) refused = NULL;
  g_autoptr(LalanRecord) review = NULL;

  draft = save_draft (fixture->store, "uuid:1", "Village A");
  g_assert_cmpint (lalan_record_get_state (draft), ==, LALAN_RECORD_STATE_DRAFT);
  g_assert_cmpstr (lalan_record_get_summary (draft), ==, "Village A");
  g_assert_cmpstr (lalan_record_get_resume_position (draft), ==, "page-1");
  g_assert_cmpstr (lalan_record_get_form_version (draft), ==, "2026010101");
  g_assert_nonnull (strstr (lalan_record_get_instance_xml (draft), "uuid:1"));
  g_assert_cmpint (lalan_record_get_created_at (draft), >, 0);
  g_assert_cmpint (lalan_record_get_finalized_at (draft), ==, 0);

  /* A draft saves as often as it likes; created stays, updated moves. */
  saved = lalan_store_save_draft (fixture->store, "uuid:1", "household", "2026010101",
                                  "<data>2</data>", "Village A, 2", "page-3", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lalan_record_get_instance_xml (saved), ==, "<data>2</data>");
  g_assert_cmpstr (lalan_record_get_resume_position (saved), ==, "page-3");
  g_assert_cmpint (lalan_record_get_created_at (saved), ==, lalan_record_get_created_at (draft));
  g_assert_cmpint (lalan_record_get_updated_at (saved), >=, lalan_record_get_updated_at (draft));

  /* Another form's record under the same id is refused. */
  g_assert_null (lalan_store_save_draft (fixture->store, "uuid:1", "community", "1", "<x/>", NULL, NULL, &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  finalized = lalan_store_finalize_record (fixture->store, "uuid:1", "<data>final</data>", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lalan_record_get_state (finalized), ==, LALAN_RECORD_STATE_FINALIZED);
  g_assert_cmpstr (lalan_record_get_instance_xml (finalized), ==, "<data>final</data>");
  g_assert_cmpstr (lalan_record_get_summary (finalized), ==, "Village A, 2");
  g_assert_cmpint (lalan_record_get_finalized_at (finalized), >, 0);
  g_assert_cmpint (lalan_record_get_next_attempt_at (finalized), ==, lalan_record_get_finalized_at (finalized));

  /* A finalized record is never overwritten as a draft, finalized twice
   * or deleted. */
  g_assert_null (lalan_store_save_draft (fixture->store, "uuid:1", "household", "2026010101", "<lost/>", NULL, NULL, &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_assert_null (lalan_store_finalize_record (fixture->store, "uuid:1", NULL, NULL, &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_assert_false (lalan_store_delete_draft (fixture->store, "uuid:1", &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_WRONG_STATE);
  g_clear_error (&error);

  /* Reopen, change, finalize again. */
  reopened = lalan_store_reopen_record (fixture->store, "uuid:1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (lalan_record_get_state (reopened), ==, LALAN_RECORD_STATE_DRAFT);
  g_assert_cmpint (lalan_record_get_finalized_at (reopened), ==, 0);
  g_clear_object (&finalized);
  finalized = lalan_store_finalize_record (fixture->store, "uuid:1", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lalan_record_get_instance_xml (finalized), ==, "<data>final</data>");

  /* Failures count and reschedule; the record stays queued. */
  g_assert_true (lalan_store_record_send_failure (fixture->store, "uuid:1", "network", "No connection.",
                                                  g_get_real_time () + 60 * G_USEC_PER_SEC, &error));
  g_assert_no_error (error);
  g_clear_object (&finalized);
  finalized = lalan_store_get_record (fixture->store, "uuid:1", &error);
  g_assert_cmpint (lalan_record_get_state (finalized), ==, LALAN_RECORD_STATE_FINALIZED);
  g_assert_cmpuint (lalan_record_get_attempts (finalized), ==, 1);
  g_assert_cmpstr (lalan_record_get_last_error_code (finalized), ==, "network");
  g_assert_cmpstr (lalan_record_get_last_error_message (finalized), ==, "No connection.");

  /* Only an acknowledgement makes it sent, and it keeps the response. */
  g_assert_true (lalan_store_mark_sent (fixture->store, "uuid:1", "<OpenRosaResponse/>", &error));
  g_assert_no_error (error);
  sent = lalan_store_get_record (fixture->store, "uuid:1", &error);
  /* Sync's changes keep the person's order: updated_at is theirs. */
  g_assert_cmpint (lalan_record_get_updated_at (sent), ==, lalan_record_get_updated_at (finalized));
  g_assert_cmpint (lalan_record_get_state (sent), ==, LALAN_RECORD_STATE_SENT);
  g_assert_cmpstr (lalan_record_get_server_response (sent), ==, "<OpenRosaResponse/>");
  g_assert_cmpint (lalan_record_get_sent_at (sent), >, 0);
  g_assert_cmpint (lalan_record_get_next_attempt_at (sent), ==, 0);
  g_assert_null (lalan_record_get_last_error_code (sent));
  /* A second acknowledgement is harmless. */
  g_assert_true (lalan_store_mark_sent (fixture->store, "uuid:1", "again", &error));
  g_assert_no_error (error);

  /* A sent record cannot be reopened, deleted or re-saved. */
  g_assert_null (lalan_store_reopen_record (fixture->store, "uuid:1", &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_assert_false (lalan_store_delete_draft (fixture->store, "uuid:1", &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_WRONG_STATE);
  g_clear_error (&error);

  /* Needs review: from finalized only, keeps the reason, can be requeued
   * or reopened. */
  g_clear_object (&draft);
  draft = save_draft (fixture->store, "uuid:2", "Village B");
  g_assert_false (lalan_store_mark_needs_review (fixture->store, "uuid:2", "http-409", "Refused.", &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_assert_false (lalan_store_mark_sent (fixture->store, "uuid:2", NULL, &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_WRONG_STATE);
  g_clear_error (&error);
  refused = lalan_store_finalize_record (fixture->store, "uuid:2", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (lalan_store_mark_needs_review (fixture->store, "uuid:2", "http-409", "The server refused it.", &error));
  g_assert_no_error (error);
  review = lalan_store_get_record (fixture->store, "uuid:2", &error);
  g_assert_cmpint (lalan_record_get_state (review), ==, LALAN_RECORD_STATE_NEEDS_REVIEW);
  g_assert_cmpstr (lalan_record_get_last_error_message (review), ==, "The server refused it.");
  g_assert_true (lalan_store_requeue_record (fixture->store, "uuid:2", &error));
  g_assert_no_error (error);
  g_clear_object (&review);
  review = lalan_store_get_record (fixture->store, "uuid:2", &error);
  g_assert_cmpint (lalan_record_get_state (review), ==, LALAN_RECORD_STATE_FINALIZED);

  /* A draft can be deleted; then it is gone. */
  g_clear_object (&draft);
  draft = save_draft (fixture->store, "uuid:3", "Village C");
  g_assert_true (lalan_store_delete_draft (fixture->store, "uuid:3", &error));
  g_assert_no_error (error);
  g_assert_null (lalan_store_get_record (fixture->store, "uuid:3", &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_null (lalan_store_finalize_record (fixture->store, "uuid:nope", NULL, NULL, &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND);
}

static void
test_due_order (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(LalanRecord) edit = NULL;
  g_autoptr(LalanRecord) record = NULL;
  const char *ids[] = { "uuid:a", "uuid:b", "uuid:c", "uuid:d" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(LalanRecord) draft = save_draft (fixture->store, ids[i], ids[i]);
      g_autoptr(LalanRecord) finalized = lalan_store_finalize_record (fixture->store, ids[i], NULL, NULL, &error);

      g_assert_no_error (error);
      g_usleep (1000);
    }

  /* Finalized order; a record in back-off is not due yet. */
  g_assert_true (lalan_store_record_send_failure (fixture->store, "uuid:b", "network", "Down.",
                                                  g_get_real_time () + (gint64) 3600 * G_USEC_PER_SEC, &error));
  due = lalan_store_list_due_records (fixture->store, g_get_real_time (), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 3);
  g_assert_cmpstr (lalan_record_get_instance_id (g_ptr_array_index (due, 0)), ==, "uuid:a");
  g_assert_cmpstr (lalan_record_get_instance_id (g_ptr_array_index (due, 1)), ==, "uuid:c");
  g_assert_cmpstr (lalan_record_get_instance_id (g_ptr_array_index (due, 2)), ==, "uuid:d");
  g_assert_nonnull (lalan_record_get_instance_xml (g_ptr_array_index (due, 0)));

  /* "Retry now" sees every finalized record; the limit holds. */
  g_clear_pointer (&due, g_ptr_array_unref);
  due = lalan_store_list_due_records (fixture->store, G_MAXINT64, 2, &error);
  g_assert_cmpuint (due->len, ==, 2);
  g_assert_cmpstr (lalan_record_get_instance_id (g_ptr_array_index (due, 1)), ==, "uuid:b");

  /* An edit of a sent record is not due before its original is sent: its
   * original here is sent, then imported again as unsent elsewhere is
   * impossible, so check with an import whose original is still queued. */
  g_assert_true (lalan_store_mark_sent (fixture->store, "uuid:a", NULL, &error));
  edit = lalan_store_create_edit (fixture->store, "uuid:a", "uuid:a2", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lalan_record_get_deprecated_id (edit), ==, "uuid:a");
  g_assert_cmpint (lalan_record_get_state (edit), ==, LALAN_RECORD_STATE_DRAFT);
  g_assert_null (lalan_store_create_edit (fixture->store, "uuid:c", "uuid:c2", &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_WRONG_STATE);
  g_clear_error (&error);
  record = lalan_store_finalize_record (fixture->store, "uuid:a2", NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (lalan_store_import_record (fixture->store, "uuid:c-edit", "household", "2026010101",
                                            "<data/>", "edit of c", "uuid:c", 1, NULL, NULL, &error));
  g_assert_no_error (error);

  g_clear_pointer (&due, g_ptr_array_unref);
  due = lalan_store_list_due_records (fixture->store, G_MAXINT64, 0, &error);
  for (guint i = 0; i < due->len; i++)
    g_assert_cmpstr (lalan_record_get_instance_id (g_ptr_array_index (due, i)), !=, "uuid:c-edit");
  g_assert_cmpstr (lalan_record_get_instance_id (g_ptr_array_index (due, due->len - 1)), ==, "uuid:a2");

  g_assert_true (lalan_store_mark_sent (fixture->store, "uuid:c", NULL, &error));
  g_clear_pointer (&due, g_ptr_array_unref);
  due = lalan_store_list_due_records (fixture->store, G_MAXINT64, 0, &error);
  /* Finalized at time 1, so first once its original is sent. */
  g_assert_cmpstr (lalan_record_get_instance_id (g_ptr_array_index (due, 0)), ==, "uuid:c-edit");

  all = lalan_store_list_records (fixture->store, LALAN_RECORD_STATE_ALL, NULL, NULL, 0, 0, &error);
  g_assert_cmpuint (all->len, ==, 6);
}

static void
test_import_and_prune (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_attachment_free);
  g_autoptr(GBytes) photo = g_bytes_new_static ("JPEGDATA", 8);
  g_autoptr(LalanRecord) record = NULL;
  g_autoptr(LalanAttachment) attachment = NULL;
  g_autoptr(LalanRecord) draft = NULL;
  gboolean imported = FALSE;
  guint n_pruned = 99;

  g_ptr_array_add (attachments, lalan_attachment_new ("photo.jpg", "image/jpeg", photo));
  g_assert_true (lalan_store_import_record (fixture->store, "uuid:imp", "household", "1", "<data/>",
                                            "imported", NULL, 0, attachments, &imported, &error));
  g_assert_no_error (error);
  g_assert_true (imported);
  g_assert_true (lalan_store_import_record (fixture->store, "uuid:imp", "household", "1", "<other/>",
                                            "again", NULL, 0, NULL, &imported, &error));
  g_assert_false (imported);

  record = lalan_store_get_record (fixture->store, "uuid:imp", &error);
  g_assert_cmpint (lalan_record_get_state (record), ==, LALAN_RECORD_STATE_FINALIZED);
  g_assert_cmpstr (lalan_record_get_instance_xml (record), ==, "<data/>");
  g_assert_cmpuint (lalan_record_get_n_attachments (record), ==, 1);
  attachment = lalan_store_get_attachment (fixture->store, "uuid:imp", "photo.jpg", &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (attachment->data, photo));

  /* Pruning: never unsent records, never recent sent ones. */
  g_assert_false (lalan_store_prune_sent_records (fixture->store, 0, NULL, &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_INVALID);
  g_clear_error (&error);
  draft = save_draft (fixture->store, "uuid:keep", "kept");
  g_assert_true (lalan_store_mark_sent (fixture->store, "uuid:imp", NULL, &error));
  g_assert_true (lalan_store_prune_sent_records (fixture->store, 1, &n_pruned, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_pruned, ==, 0);
  g_assert_cmpuint (lalan_store_count_records (fixture->store, 0, NULL, NULL, &error), ==, 2);
}

static void
test_listing (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) other = NULL;
  LalanRecordCounts counts;

  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:%02u", i);
      g_autofree char *summary = g_strdup_printf (i % 3 == 0 ? "部落 %u_100%%" : "Village %u", i);
      g_autoptr(LalanRecord) record = save_draft (fixture->store, id, summary);

      if (i % 2 == 0)
        {
          g_autoptr(LalanRecord) finalized = lalan_store_finalize_record (fixture->store, id, NULL, NULL, &error);
          g_assert_no_error (error);
        }
    }
  {
    g_autoptr(LalanRecord) other_form = lalan_store_save_draft (fixture->store, "uuid:community", "community", "1",
                                                                "<c/>", "Centre", NULL, &error);
    g_assert_no_error (error);
  }

  g_assert_true (lalan_store_count_records_by_state (fixture->store, &counts, &error));
  g_assert_cmpuint (counts.draft, ==, 16);
  g_assert_cmpuint (counts.finalized, ==, 15);
  g_assert_cmpuint (counts.sent, ==, 0);
  g_assert_cmpuint (counts.total, ==, 31);

  /* Newest change first, paged. */
  page = lalan_store_list_records (fixture->store, 0, NULL, NULL, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 10);
  g_assert_cmpstr (lalan_record_get_instance_id (g_ptr_array_index (page, 0)), ==, "uuid:community");
  g_assert_null (lalan_record_get_instance_xml (g_ptr_array_index (page, 0)));
  for (guint i = 1; i < page->len; i++)
    g_assert_cmpint (lalan_record_get_updated_at (g_ptr_array_index (page, i - 1)), >=,
                     lalan_record_get_updated_at (g_ptr_array_index (page, i)));
  g_clear_pointer (&page, g_ptr_array_unref);
  page = lalan_store_list_records (fixture->store, 0, NULL, NULL, 30, 10, &error);
  g_assert_cmpuint (page->len, ==, 1);

  drafts = lalan_store_list_records (fixture->store, LALAN_RECORD_STATE_DRAFT, "household", NULL, 0, 0, &error);
  g_assert_cmpuint (drafts->len, ==, 15);
  g_assert_cmpuint (lalan_store_count_records (fixture->store, LALAN_RECORD_STATE_DRAFT | LALAN_RECORD_STATE_FINALIZED,
                                               "household", NULL, &error), ==, 30);

  /* Search is a plain substring: % and _ are not wildcards. */
  found = lalan_store_list_records (fixture->store, 0, NULL, "部落", 0, 0, &error);
  g_assert_cmpuint (found->len, ==, 10);
  g_assert_cmpuint (lalan_store_count_records (fixture->store, 0, NULL, "_100%", &error), ==, 10);
  g_assert_cmpuint (lalan_store_count_records (fixture->store, 0, NULL, "1_0", &error), ==, 0);
  other = lalan_store_list_records (fixture->store, LALAN_RECORD_STATE_SENT, NULL, NULL, 0, 0, &error);
  g_assert_cmpuint (other->len, ==, 0);
}

static void
test_attachments (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanRecord) draft = save_draft (fixture->store, "uuid:att", "with photo");
  g_autoptr(GBytes) photo = g_bytes_new_static ("\xff\xd8\xff\x00photo", 9);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(LalanAttachment) got = NULL;
  g_autoptr(LalanRecord) edit = NULL;
  g_autoptr(LalanRecord) finalized = NULL;
  g_autofree char *file = g_build_filename (fixture->dir, "signature.png", NULL);
  LalanAttachment *first;

  g_assert_true (g_file_set_contents (file, "PNGDATA", -1, NULL));

  g_assert_true (lalan_store_add_attachment (fixture->store, "uuid:att", "photo.jpg", "image/jpeg", photo, &error));
  g_assert_no_error (error);
  g_assert_true (lalan_store_add_attachment_file (fixture->store, "uuid:att", "signature.png", "image/png", file, &error));
  g_assert_no_error (error);

  g_assert_false (lalan_store_add_attachment (fixture->store, "uuid:att", "../evil", NULL, photo, &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_INVALID);
  g_clear_error (&error);

  list = lalan_store_list_attachments (fixture->store, "uuid:att", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  first = g_ptr_array_index (list, 0);
  g_assert_cmpstr (first->name, ==, "photo.jpg");
  g_assert_cmpint (first->size, ==, 9);
  g_assert_null (first->data);
  {
    g_autofree char *expected = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, photo);

    g_assert_cmpstr (first->sha256, ==, expected);
  }
  g_assert_cmpstr (first->media_type, ==, "image/jpeg");

  got = lalan_store_get_attachment (fixture->store, "uuid:att", "signature.png", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (got->data, NULL), g_bytes_get_size (got->data), "PNGDATA", 7);

  /* An edit of a sent record starts with its files. */
  finalized = lalan_store_finalize_record (fixture->store, "uuid:att", NULL, NULL, &error);
  g_assert_cmpuint (lalan_record_get_n_attachments (finalized), ==, 2);
  g_assert_false (lalan_store_add_attachment (fixture->store, "uuid:att", "late.jpg", NULL, photo, &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_assert_true (lalan_store_mark_sent (fixture->store, "uuid:att", NULL, &error));
  edit = lalan_store_create_edit (fixture->store, "uuid:att", "uuid:att-edit", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lalan_record_get_n_attachments (edit), ==, 2);
  g_assert_true (lalan_store_remove_attachment (fixture->store, "uuid:att-edit", "photo.jpg", &error));
  g_assert_false (lalan_store_remove_attachment (fixture->store, "uuid:att-edit", "photo.jpg", &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Deleting a draft takes its files with it; the original keeps its own. */
  g_assert_true (lalan_store_delete_draft (fixture->store, "uuid:att-edit", &error));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = lalan_store_list_attachments (fixture->store, "uuid:att-edit", &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = lalan_store_list_attachments (fixture->store, "uuid:att", &error);
  g_assert_cmpuint (list->len, ==, 2);
}

static LalanLearningEvent *
make_event (const char                *uuid,
            const char                *learner_id,
            const char                *lesson_id,
            gint64                     time,
            LalanLearningEventCorrect  correct)
{
  LalanLearningEvent *event = lalan_learning_event_new ();

  event->uuid = g_strdup (uuid);
  event->learner_id = g_strdup (learner_id);
  event->pack_id = g_strdup ("basics");
  event->lesson_id = g_strdup (lesson_id);
  event->step_id = g_strdup ("quiz-1");
  event->item_id = g_strdup ("q1");
  event->kind = g_strdup ("answered");
  event->answer = g_strdup ("b");
  event->correct = correct;
  event->time = time;

  return event;
}

static void
test_learning (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanLearner) learner = NULL;
  g_autoptr(LalanLearner) guest = NULL;
  g_autoptr(LalanLearner) converted = NULL;
  g_autoptr(LalanLearner) got = NULL;
  g_autoptr(GPtrArray) learners = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_learning_event_free);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) lesson = NULL;
  g_autoptr(GPtrArray) window = NULL;
  g_autoptr(GPtrArray) anonymous = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_learning_event_free);
  LalanLearningEvent *first;
  guint n_added = 0;

  learner = lalan_store_create_learner (fixture->store, "Ipay", "bird", "hash", "salt", FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (learner->id));
  g_assert_cmpstr (learner->pin_hash, ==, "hash");
  guest = lalan_store_create_learner (fixture->store, "Guest", NULL, NULL, NULL, TRUE, &error);
  g_assert_true (guest->is_guest);

  learners = lalan_store_list_learners (fixture->store, FALSE, &error);
  g_assert_cmpuint (learners->len, ==, 1);
  g_clear_pointer (&learners, g_ptr_array_unref);
  learners = lalan_store_list_learners (fixture->store, TRUE, &error);
  g_assert_cmpuint (learners->len, ==, 2);

  g_free (learner->display_name);
  learner->display_name = g_strdup ("Ipay Sayion");
  g_assert_true (lalan_store_update_learner (fixture->store, learner, &error));
  got = lalan_store_get_learner (fixture->store, learner->id, &error);
  g_assert_cmpstr (got->display_name, ==, "Ipay Sayion");
  g_assert_cmpstr (got->avatar_id, ==, "bird");

  g_ptr_array_add (events, make_event ("e1", learner->id, "lesson-1", 1000, LALAN_LEARNING_EVENT_RIGHT));
  g_ptr_array_add (events, make_event ("e2", learner->id, "lesson-2", 2000, LALAN_LEARNING_EVENT_WRONG));
  g_ptr_array_add (events, make_event ("e3", guest->id, "lesson-1", 3000, LALAN_LEARNING_EVENT_NOT_SCORED));
  g_assert_true (lalan_store_append_learning_events (fixture->store, events, &n_added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 3);

  /* Appending again, or another device's log that overlaps, is a union. */
  g_ptr_array_add (events, make_event ("e4", learner->id, "lesson-1", 1500, LALAN_LEARNING_EVENT_RIGHT));
  g_assert_true (lalan_store_append_learning_events (fixture->store, events, &n_added, &error));
  g_assert_cmpuint (n_added, ==, 1);

  listed = lalan_store_list_learning_events (fixture->store, learner->id, NULL, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 3);
  first = g_ptr_array_index (listed, 0);
  g_assert_cmpstr (first->uuid, ==, "e1");
  g_assert_cmpstr (first->device_id, ==, lalan_store_get_device_id (fixture->store));
  g_assert_cmpint (first->correct, ==, LALAN_LEARNING_EVENT_RIGHT);
  g_assert_cmpstr (first->answer, ==, "b");
  g_assert_cmpstr (((LalanLearningEvent *) g_ptr_array_index (listed, 1))->uuid, ==, "e4");

  lesson = lalan_store_list_learning_events (fixture->store, NULL, "basics", "lesson-1", 0, 0, &error);
  g_assert_cmpuint (lesson->len, ==, 3);
  g_assert_cmpint (((LalanLearningEvent *) g_ptr_array_index (lesson, 2))->correct, ==, LALAN_LEARNING_EVENT_NOT_SCORED);
  window = lalan_store_list_learning_events (fixture->store, NULL, NULL, NULL, 1500, 3000, &error);
  g_assert_cmpuint (window->len, ==, 2);

  /* A guest becomes a learner with the same id, so its events stay. */
  converted = lalan_store_convert_guest (fixture->store, guest->id, "Sayun", "fish", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (converted->id, ==, guest->id);
  g_assert_false (converted->is_guest);
  g_assert_cmpstr (converted->avatar_id, ==, "fish");
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = lalan_store_list_learning_events (fixture->store, converted->id, NULL, NULL, 0, 0, &error);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_null (lalan_store_convert_guest (fixture->store, guest->id, "Again", NULL, NULL, NULL, &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_WRONG_STATE);
  g_clear_error (&error);

  /* An archived learner leaves the list, keeps everything, can come back. */
  g_assert_true (lalan_store_set_learner_archived (fixture->store, learner->id, TRUE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&learners, g_ptr_array_unref);
  learners = lalan_store_list_learners (fixture->store, TRUE, &error);
  g_assert_cmpuint (learners->len, ==, 1);
  g_clear_pointer (&learners, g_ptr_array_unref);
  learners = lalan_store_list_archived_learners (fixture->store, &error);
  g_assert_cmpuint (learners->len, ==, 1);
  g_assert_cmpint (((LalanLearner *) g_ptr_array_index (learners, 0))->archived_at, >, 0);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = lalan_store_list_learning_events (fixture->store, learner->id, NULL, NULL, 0, 0, &error);
  g_assert_cmpuint (listed->len, ==, 3);
  g_assert_true (lalan_store_set_learner_archived (fixture->store, learner->id, FALSE, &error));
  g_clear_pointer (&learners, g_ptr_array_unref);
  learners = lalan_store_list_learners (fixture->store, FALSE, &error);
  g_assert_cmpuint (learners->len, ==, 2);
  g_assert_false (lalan_store_set_learner_archived (fixture->store, "nobody", TRUE, &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The store fills in a missing uuid and time. */
  g_ptr_array_add (anonymous, make_event (NULL, learner->id, "lesson-3", 0, LALAN_LEARNING_EVENT_RIGHT));
  g_assert_true (lalan_store_append_learning_events (fixture->store, anonymous, &n_added, &error));
  g_assert_cmpuint (n_added, ==, 1);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = lalan_store_list_learning_events (fixture->store, NULL, NULL, "lesson-3", 0, 0, &error);
  g_assert_true (g_uuid_string_is_valid (((LalanLearningEvent *) g_ptr_array_index (listed, 0))->uuid));
  g_assert_cmpint (((LalanLearningEvent *) g_ptr_array_index (listed, 0))->time, >, 1000000);
}

static void
test_union_of_devices (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lalan_test_make_tmp_dir ("union");
  g_autofree char *path_a = g_build_filename (dir, "a.db", NULL);
  g_autofree char *path_b = g_build_filename (dir, "b.db", NULL);
  g_autoptr(LalanStore) a = lalan_store_open (path_a, &error);
  g_autoptr(LalanStore) b = lalan_store_open (path_b, &error);
  g_autoptr(GPtrArray) events_a = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_learning_event_free);
  g_autoptr(GPtrArray) events_b = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_learning_event_free);
  g_autoptr(GPtrArray) log_a = NULL;
  g_autoptr(GPtrArray) log_b = NULL;
  g_autoptr(GPtrArray) merged_a = NULL;
  g_autoptr(GPtrArray) merged_b = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (lalan_store_get_device_id (a), !=, lalan_store_get_device_id (b));

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();

      LalanLearningEvent *event = make_event (uuid, "learner", "lesson", 1000 + i, i % 2);

      event->device_id = g_strdup ("device-a");
      g_ptr_array_add (events_a, event);
      /* Half of device A's events reached B already (an earlier merge). */
      if (i % 2 == 0)
        g_ptr_array_add (events_b, lalan_learning_event_copy (event));
    }
  for (guint i = 0; i < 5; i++)
    g_ptr_array_add (events_b, make_event (NULL, "learner", "lesson", 5000 + i, 1));

  g_assert_true (lalan_store_append_learning_events (a, events_a, NULL, &error));
  g_assert_true (lalan_store_append_learning_events (b, events_b, NULL, &error));
  log_a = lalan_store_list_learning_events (a, NULL, NULL, NULL, 0, 0, &error);
  log_b = lalan_store_list_learning_events (b, NULL, NULL, NULL, 0, 0, &error);

  /* Merge both ways: the same 25 events, in the same order. */
  g_assert_true (lalan_store_append_learning_events (a, log_b, NULL, &error));
  g_assert_true (lalan_store_append_learning_events (b, log_a, NULL, &error));
  g_assert_no_error (error);
  merged_a = lalan_store_list_learning_events (a, NULL, NULL, NULL, 0, 0, &error);
  merged_b = lalan_store_list_learning_events (b, NULL, NULL, NULL, 0, 0, &error);
  g_assert_cmpuint (merged_a->len, ==, 25);
  g_assert_cmpuint (merged_b->len, ==, 25);
  for (guint i = 0; i < 25; i++)
    {
      LalanLearningEvent *ea = g_ptr_array_index (merged_a, i);
      LalanLearningEvent *eb = g_ptr_array_index (merged_b, i);

      g_assert_cmpstr (ea->uuid, ==, eb->uuid);
      g_assert_cmpstr (ea->device_id, ==, eb->device_id);
      g_assert_cmpint (ea->correct, ==, eb->correct);
    }

  g_clear_object (&a);
  g_clear_object (&b);
  lalan_test_remove_tree (dir);
}

static void
test_packs_and_measurements (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanLessonPack) pack = lalan_lesson_pack_new ();
  g_autoptr(LalanLessonPack) got = NULL;
  g_autoptr(GPtrArray) packs = NULL;
  g_autoptr(LalanMeasurement) measurement = lalan_measurement_new ();
  g_autoptr(LalanMeasurement) again = NULL;
  g_autoptr(GPtrArray) measurements = NULL;
  g_autofree char *id = NULL;

  pack->id = g_strdup ("basics");
  pack->version = g_strdup ("1.0");
  pack->title = g_strdup ("數位入門");
  pack->path = g_strdup ("/tmp/basics");
  pack->manifest_json = g_strdup ("{\"id\": \"basics\"}");
  g_assert_true (lalan_store_save_lesson_pack (fixture->store, pack, &error));
  g_free (pack->version);
  pack->version = g_strdup ("1.1");
  g_assert_true (lalan_store_save_lesson_pack (fixture->store, pack, &error));
  g_assert_no_error (error);
  got = lalan_store_get_lesson_pack (fixture->store, "basics", &error);
  g_assert_cmpstr (got->version, ==, "1.1");
  g_assert_cmpstr (got->title, ==, "數位入門");
  g_assert_cmpint (got->installed_at, >, 0);
  packs = lalan_store_list_lesson_packs (fixture->store, &error);
  g_assert_cmpuint (packs->len, ==, 1);
  g_assert_true (lalan_store_remove_lesson_pack (fixture->store, "basics", &error));
  g_assert_null (lalan_store_get_lesson_pack (fixture->store, "basics", &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  measurement->download_mbps = 12.5;
  measurement->latency_ms = 48.0;
  measurement->captive_portal = TRUE;
  measurement->bytes_used = 1000000;
  measurement->server_url = g_strdup ("http://127.0.0.1:8383");
  id = lalan_store_add_measurement (fixture->store, measurement, &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (id));
  g_assert_true (lalan_store_link_measurement (fixture->store, id, "uuid:household", &error));
  again = lalan_store_get_measurement (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (again->download_mbps, ==, 12.5);
  g_assert_true (isnan (again->upload_mbps));
  g_assert_true (isnan (again->jitter_ms));
  g_assert_true (again->captive_portal);
  g_assert_cmpint (again->bytes_used, ==, 1000000);
  g_assert_cmpstr (again->record_instance_id, ==, "uuid:household");
  g_assert_cmpint (again->taken_at, >, 0);
  measurements = lalan_store_list_measurements (fixture->store, 0, 10, &error);
  g_assert_cmpuint (measurements->len, ==, 1);
}

static void
async_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  g_autoptr(LalanRecord) draft = NULL;
  g_autoptr(LalanRecord) finalized = NULL;
  g_autoptr(LalanRecord) got = NULL;
  g_autoptr(GPtrArray) page = NULL;
  LalanRecordCounts counts;

  lalan_store_save_draft_async (fixture->store, "uuid:async", "household", "1", "<data/>", "async",
                                NULL, NULL, async_done_cb, &result);
  draft = lalan_store_save_draft_finish (fixture->store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lalan_record_get_summary (draft), ==, "async");
  g_clear_object (&result);

  lalan_store_finalize_record_async (fixture->store, "uuid:async", NULL, NULL, NULL, async_done_cb, &result);
  finalized = lalan_store_finalize_record_finish (fixture->store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (lalan_record_get_state (finalized), ==, LALAN_RECORD_STATE_FINALIZED);
  g_clear_object (&result);

  lalan_store_delete_draft_async (fixture->store, "uuid:async", NULL, async_done_cb, &result);
  g_assert_false (lalan_store_delete_draft_finish (fixture->store, wait_for (&result), &error));
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_clear_object (&result);

  lalan_store_get_record_async (fixture->store, "uuid:async", NULL, async_done_cb, &result);
  got = lalan_store_get_record_finish (fixture->store, wait_for (&result), &error);
  g_assert_cmpstr (lalan_record_get_instance_xml (got), ==, "<data/>");
  g_clear_object (&result);

  lalan_store_list_records_async (fixture->store, 0, NULL, NULL, 0, 10, NULL, async_done_cb, &result);
  page = lalan_store_list_records_finish (fixture->store, wait_for (&result), &error);
  g_assert_cmpuint (page->len, ==, 1);
  g_clear_object (&result);

  lalan_store_count_records_by_state_async (fixture->store, NULL, async_done_cb, &result);
  g_assert_true (lalan_store_count_records_by_state_finish (fixture->store, wait_for (&result), &counts, &error));
  g_assert_cmpuint (counts.finalized, ==, 1);
  g_clear_object (&result);

  /* A cancelled call reports the cancellation and does nothing. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(LalanRecord) none = NULL;

    g_cancellable_cancel (cancellable);
    lalan_store_save_draft_async (fixture->store, "uuid:cancelled", "household", "1", "<data/>", NULL,
                                  NULL, cancellable, async_done_cb, &result);
    none = lalan_store_save_draft_finish (fixture->store, wait_for (&result), &error);
    g_assert_null (none);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_clear_object (&result);
    g_assert_cmpuint (lalan_store_count_records (fixture->store, 0, NULL, NULL, &error), ==, 1);
  }
}

typedef struct
{
  guint n_changes;
  guint position;
  guint removed;
  guint added;
} ItemsChanged;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  ItemsChanged *changed = user_data;

  changed->n_changes++;
  changed->position = position;
  changed->removed = removed;
  changed->added = added;
}

static void
wait_loaded (LalanRecordList *list)
{
  while (lalan_record_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_changed (LalanRecordList *list,
              ItemsChanged    *changed)
{
  changed->n_changes = 0;
  while (changed->n_changes == 0 || lalan_record_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_list_model (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanRecordList) list = NULL;
  g_autoptr(LalanRecord) last = NULL;
  g_autoptr(LalanRecord) first = NULL;
  g_autoptr(LalanRecord) fresh = NULL;
  g_autoptr(LalanRecord) queued = NULL;
  g_autoptr(LalanRecord) tenth = NULL;
  ItemsChanged changed = { 0 };
  gint64 previous = G_MAXINT64;

  for (guint i = 0; i < 250; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:%03u", i);
      g_autoptr(LalanRecord) record = save_draft (fixture->store, id, i < 5 ? "needle" : "hay");
    }
  queued = lalan_store_finalize_record (fixture->store, "uuid:120", NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:late-%u", i);
      g_autoptr(LalanRecord) record = save_draft (fixture->store, id, "late");
    }

  list = lalan_record_list_new (fixture->store, LALAN_RECORD_STATE_ALL, NULL, NULL);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changed);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == LALAN_TYPE_RECORD);
  wait_loaded (list);
  g_assert_cmpuint (changed.n_changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 260);

  /* Every item, across pages, newest first. */
  for (guint i = 0; i < 260; i++)
    {
      g_autoptr(LalanRecord) record = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_nonnull (record);
      g_assert_nonnull (lalan_record_get_instance_id (record));
      g_assert_cmpint (lalan_record_get_updated_at (record), <=, previous);
      previous = lalan_record_get_updated_at (record);
    }
  last = g_list_model_get_item (G_LIST_MODEL (list), 259);
  g_assert_cmpstr (lalan_record_get_instance_id (last), ==, "uuid:000");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 260));
  tenth = g_list_model_get_item (G_LIST_MODEL (list), 10);
  g_assert_cmpstr (lalan_record_get_instance_id (tenth), ==, "uuid:120");

  /* Sync marks a record sent: that row changes, nothing else moves. */
  g_assert_true (lalan_store_mark_sent (fixture->store, "uuid:120", NULL, &error));
  wait_changed (list, &changed);
  g_assert_cmpuint (changed.n_changes, ==, 1);
  g_assert_cmpuint (changed.position, ==, 10);
  g_assert_cmpuint (changed.removed, ==, 1);
  g_assert_cmpuint (changed.added, ==, 1);
  g_clear_object (&tenth);
  tenth = g_list_model_get_item (G_LIST_MODEL (list), 10);
  g_assert_cmpint (lalan_record_get_state (tenth), ==, LALAN_RECORD_STATE_SENT);

  /* A filter reloads it. */
  lalan_record_list_set_filter (list, LALAN_RECORD_STATE_DRAFT, "household", "needle");
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5);

  /* A new record shows without asking. */
  lalan_record_list_set_filter (list, LALAN_RECORD_STATE_ALL, NULL, NULL);
  wait_loaded (list);
  fresh = save_draft (fixture->store, "uuid:new", "newest");
  wait_changed (list, &changed);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 261);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (lalan_record_get_instance_id (first), ==, "uuid:new");
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/open", test_open);
  ADD ("/store/values", test_values);
  ADD ("/store/forms", test_forms);
  ADD ("/store/life-cycle", test_life_cycle);
  ADD ("/store/due-order", test_due_order);
  ADD ("/store/import-and-prune", test_import_and_prune);
  ADD ("/store/listing", test_listing);
  ADD ("/store/attachments", test_attachments);
  ADD ("/store/learning", test_learning);
  ADD ("/store/packs-and-measurements", test_packs_and_measurements);
  ADD ("/store/async", test_async);
  ADD ("/store/list-model", test_list_model);
  g_test_add_func ("/store/union-of-devices", test_union_of_devices);

#undef ADD

  return g_test_run ();
}
