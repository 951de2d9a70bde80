/* test-sync-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each answer a server gives leads to the record state the sync rules
 * name: against lalan-inventory started on 127.0.0.1, through the fault
 * proxy for what a network does, and a scripted server for the statuses
 * lalan-inventory never gives on purpose.
 */

#include "config.h"

#include "lalan-fake-openrosa.h"
#include "lalan-forms-update.h"
#include "lalan-inventory-test.h"
#include "lalan-outbox.h"
#include "lalan-sync-error.h"
#include "lalan-sync-test.h"
#include "lalan-test.h"

#include <signal.h>
#include <string.h>

#define HOUSEHOLD_VERSION (lalan_sync_test_household_version ())

typedef struct
{
  LalanInventoryTestServer *server;
  LalanStore               *store;
  LalanSyncServer          *sync_server;
  char                     *data_dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *max_size = data;

  fixture->server = lalan_inventory_test_server_new ();
  if (max_size != NULL)
    lalan_inventory_test_server_start (fixture->server, "--max-submission-size", max_size, NULL);
  else
    lalan_inventory_test_server_start (fixture->server, NULL);
  fixture->data_dir = lalan_test_make_tmp_dir ("sync-app");
  fixture->store = lalan_sync_test_open_store (fixture->data_dir);
  fixture->sync_server = lalan_sync_test_server_for (fixture->server->base_url, fixture->server->token);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *log = lalan_inventory_test_server_log (fixture->server);

  lalan_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->sync_server, lalan_sync_server_unref);
  g_clear_pointer (&fixture->server, lalan_inventory_test_server_free);
  lalan_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
}

static LalanRecord *
get_record (LalanStore *store,
            const char *instance_id)
{
  g_autoptr(GError) error = NULL;
  LalanRecord *record = lalan_store_get_record (store, instance_id, &error);

  g_assert_no_error (error);
  return record;
}

static void
assert_state (LalanStore       *store,
              const char       *instance_id,
              LalanRecordState  state)
{
  g_autoptr(LalanRecord) record = get_record (store, instance_id);

  if (lalan_record_get_state (record) != state)
    g_error ("%s is “%s”, not “%s” (%s)", instance_id,
             lalan_record_state_to_string (lalan_record_get_state (record)),
             lalan_record_state_to_string (state),
             lalan_record_get_last_error_message (record));
}

static gboolean
send_all (Fixture             *fixture,
          LalanStore          *store,
          LalanSyncServer     *server,
          LalanOutboxFlags     flags,
          LalanOutboxSummary  *summary,
          GError             **error)
{
  return lalan_outbox_send (store, server != NULL ? server : fixture->sync_server, NULL, flags,
                            NULL, NULL, summary, NULL, error);
}

static guint
server_count (Fixture    *fixture,
              const char *form_id)
{
  return lalan_inventory_test_count_records (fixture->server->data_dir, form_id, NULL);
}

/* 201 with an OpenRosa answer → sent, the server's message kept; the
 * same record again (from another computer, or after a lost answer) →
 * sent again, one copy on the server. */
static void
test_sent_and_resent (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *other_dir = lalan_test_make_tmp_dir ("sync-other");
  g_autoptr(LalanStore) other = lalan_sync_test_open_store (other_dir);
  g_autoptr(LalanRecord) first = NULL;
  g_autoptr(LalanRecord) copy = NULL;
  LalanOutboxSummary summary;
  gint64 before = g_get_real_time ();

  for (guint i = 0; i < 5; i++)
    g_ptr_array_add (ids, lalan_sync_test_add_household (fixture->store, i, NULL));

  g_assert_true (send_all (fixture, fixture->store, NULL, LALAN_OUTBOX_DEFAULT, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.n_sent, ==, 5);
  g_assert_cmpuint (summary.n_refused + summary.n_retry, ==, 0);
  g_assert_cmpint (summary.max_submission_bytes, >, 0);
  g_assert_cmpuint (server_count (fixture, "lalan_household"), ==, 5);
  g_assert_cmpint (lalan_outbox_get_last_contact (fixture->store), >=, before);

  for (guint i = 0; i < ids->len; i++)
    assert_state (fixture->store, g_ptr_array_index (ids, i), LALAN_RECORD_STATE_SENT);
  first = get_record (fixture->store, g_ptr_array_index (ids, 0));
  g_assert_nonnull (lalan_record_get_server_response (first));
  g_assert_cmpuint (strlen (lalan_record_get_server_response (first)), >, 0);

  /* Nothing is due any more: a second run sends nothing. */
  g_assert_true (send_all (fixture, fixture->store, NULL, LALAN_OUTBOX_DEFAULT, &summary, &error));
  g_assert_cmpuint (summary.n_sent, ==, 0);

  /* The same bytes under the same instance id, from another data folder. */
  lalan_sync_test_add_household (other, 0, g_ptr_array_index (ids, 0));
  g_assert_true (send_all (fixture, other, NULL, LALAN_OUTBOX_DEFAULT, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.n_sent, ==, 1);
  copy = get_record (other, g_ptr_array_index (ids, 0));
  g_assert_cmpint (lalan_record_get_state (copy), ==, LALAN_RECORD_STATE_SENT);
  g_assert_cmpuint (server_count (fixture, "lalan_household"), ==, 5);

  lalan_store_close (other);
  lalan_test_remove_tree (other_dir);
}

/* 409: the same instance id with other answers → needs review with the
 * server's reason; the others in the run are sent. A poison record first
 * in the queue holds nobody back. */
static void
test_conflict_and_poison (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other_dir = lalan_test_make_tmp_dir ("sync-other");
  g_autoptr(LalanStore) other = lalan_sync_test_open_store (other_dir);
  g_autofree char *poison = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LalanRecord) refused = NULL;
  LalanOutboxSummary summary;

  /* The server gets one version of the record from another computer... */
  poison = lalan_sync_test_add_household (other, 1, NULL);
  g_assert_true (send_all (fixture, other, NULL, LALAN_OUTBOX_DEFAULT, &summary, &error));
  g_assert_cmpuint (summary.n_sent, ==, 1);

  /* ...and this computer holds different answers under the same id, the
   * oldest in its queue, before twenty good ones. */
  lalan_sync_test_add_household (fixture->store, 2, poison);
  for (guint i = 0; i < 20; i++)
    g_ptr_array_add (ids, lalan_sync_test_add_household (fixture->store, 100 + i, NULL));

  g_assert_true (send_all (fixture, fixture->store, NULL, LALAN_OUTBOX_DEFAULT, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.n_sent, ==, 20);
  g_assert_cmpuint (summary.n_refused, ==, 1);
  g_assert_cmpuint (summary.n_retry, ==, 0);

  refused = get_record (fixture->store, poison);
  g_assert_cmpint (lalan_record_get_state (refused), ==, LALAN_RECORD_STATE_NEEDS_REVIEW);
  g_assert_cmpstr (lalan_record_get_last_error_code (refused), ==, "http-409");
  /* The reason in a sentence, with the server's own words in it. */
  g_assert_nonnull (strstr (lalan_record_get_last_error_message (refused), "conflicts"));
  g_assert_nonnull (strstr (lalan_record_get_last_error_message (refused), poison));
  for (guint i = 0; i < ids->len; i++)
    assert_state (fixture->store, g_ptr_array_index (ids, i), LALAN_RECORD_STATE_SENT);
  g_assert_cmpuint (server_count (fixture, "lalan_household"), ==, 21);

  lalan_store_close (other);
  lalan_test_remove_tree (other_dir);
}

/* 404: a form or version the server does not have → needs review. */
static void
test_unknown_form (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xml_form = lalan_sync_test_minimal_xml ("lalan_nowhere", "1", "uuid:form-missing", NULL, "a");
  g_autofree char *xml_version = lalan_sync_test_minimal_xml ("lalan_household", "1999010101",
                                                              "uuid:version-missing", NULL, "b");
  g_autoptr(LalanRecord) record = NULL;
  LalanOutboxSummary summary;

  lalan_sync_test_add_record (fixture->store, "uuid:form-missing", "lalan_nowhere", "1", xml_form);
  lalan_sync_test_add_record (fixture->store, "uuid:version-missing", "lalan_household", "1999010101", xml_version);

  g_assert_true (send_all (fixture, fixture->store, NULL, LALAN_OUTBOX_DEFAULT, &summary, &error));
  g_assert_cmpuint (summary.n_refused, ==, 2);

  record = get_record (fixture->store, "uuid:form-missing");
  g_assert_cmpint (lalan_record_get_state (record), ==, LALAN_RECORD_STATE_NEEDS_REVIEW);
  g_assert_cmpstr (lalan_record_get_last_error_code (record), ==, "http-404");
  g_assert_nonnull (strstr (lalan_record_get_last_error_message (record), "not on the server"));
  assert_state (fixture->store, "uuid:version-missing", LALAN_RECORD_STATE_NEEDS_REVIEW);
}

/* HEAD gives the limit: a larger record needs review before it is sent;
 * a small one goes. */
static void
test_too_large (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *large = lalan_sync_test_add_household (fixture->store, 3, NULL);
  g_autofree char *small_xml = lalan_sync_test_minimal_xml ("lalan_household", HOUSEHOLD_VERSION, "uuid:small", NULL, "s");
  g_autoptr(LalanRecord) record = NULL;
  LalanOutboxSummary summary;

  lalan_sync_test_add_record (fixture->store, "uuid:small", "lalan_household", HOUSEHOLD_VERSION, small_xml);

  g_assert_true (send_all (fixture, fixture->store, NULL, LALAN_OUTBOX_DEFAULT, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpint (summary.max_submission_bytes, ==, 2000);
  g_assert_cmpuint (summary.n_refused, ==, 1);
  g_assert_cmpuint (summary.n_sent, ==, 1);

  record = get_record (fixture->store, large);
  g_assert_cmpint (lalan_record_get_state (record), ==, LALAN_RECORD_STATE_NEEDS_REVIEW);
  g_assert_cmpstr (lalan_record_get_last_error_code (record), ==, "too-large");
  g_assert_nonnull (strstr (lalan_record_get_last_error_message (record), "2.0\u00a0kB"));
  g_assert_cmpuint (server_count (fixture, "lalan_household"), ==, 1);
}

/* 401: the queue pauses, the person is asked to fix the credentials, and
 * no record is charged an attempt. */
static void
test_refused_token (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanSyncServer) wrong = lalan_sync_test_server_for (fixture->server->base_url,
                                                                 "000000000000000000000000000000000000000000000000");
  g_autofree char *id = lalan_sync_test_add_household (fixture->store, 4, NULL);
  g_autoptr(LalanRecord) record = NULL;
  LalanOutboxSummary summary;

  g_assert_false (send_all (fixture, fixture->store, wrong, LALAN_OUTBOX_DEFAULT, &summary, &error));
  g_assert_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_AUTH);
  g_assert_true (lalan_sync_error_pauses_queue (error));
  g_assert_nonnull (strstr (error->message, "Preferences"));

  record = get_record (fixture->store, id);
  g_assert_cmpint (lalan_record_get_state (record), ==, LALAN_RECORD_STATE_FINALIZED);
  g_assert_cmpuint (lalan_record_get_attempts (record), ==, 0);
  g_assert_cmpuint (server_count (fixture, "lalan_household"), ==, 0);
}

/* A captive portal's login page, served with 200: not sent, the queue
 * pauses with "this network needs you to sign in". */
static void
test_captive_portal (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanSyncTestProxy) proxy = lalan_sync_test_proxy_start (fixture->server->base_url,
                                                                     "--fault", "captive", NULL);
  g_autoptr(LalanSyncServer) through = lalan_sync_test_server_for (proxy->url, fixture->server->token);
  g_autofree char *id = lalan_sync_test_add_household (fixture->store, 5, NULL);
  g_autoptr(LalanRecord) record = NULL;
  LalanOutboxSummary summary;

  g_assert_false (send_all (fixture, fixture->store, through, LALAN_OUTBOX_DEFAULT, &summary, &error));
  g_assert_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_CAPTIVE_PORTAL);
  g_assert_nonnull (strstr (error->message, "This network needs you to sign in"));
  g_assert_cmpuint (summary.n_sent, ==, 0);

  record = get_record (fixture->store, id);
  g_assert_cmpint (lalan_record_get_state (record), ==, LALAN_RECORD_STATE_FINALIZED);
  g_assert_cmpuint (lalan_record_get_attempts (record), ==, 0);
  g_assert_cmpuint (server_count (fixture, "lalan_household"), ==, 0);
  g_clear_error (&error);

  /* Signed in (the proxy's faults off): the record goes. */
  lalan_sync_test_proxy_signal (proxy, SIGUSR1);
  g_assert_true (send_all (fixture, fixture->store, through, LALAN_OUTBOX_DEFAULT, &summary, &error));
  g_assert_no_error (error);
  assert_state (fixture->store, id, LALAN_RECORD_STATE_SENT);
}

/* A server that accepts and never answers: given up after the stall
 * time, the queue waits for the next run; nothing is charged. */
static void
test_blackhole (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanSyncTestProxy) proxy = lalan_sync_test_proxy_start (fixture->server->base_url,
                                                                     "--fault", "blackhole", NULL);
  g_autoptr(LalanSyncServer) through = lalan_sync_test_server_for (proxy->url, fixture->server->token);
  g_autofree char *id = lalan_sync_test_add_household (fixture->store, 6, NULL);
  gint64 start = g_get_monotonic_time ();
  double seconds;

  g_assert_false (send_all (fixture, fixture->store, through, LALAN_OUTBOX_DEFAULT, NULL, &error));
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_true (lalan_sync_error_is_transient (error));
  g_assert_false (lalan_sync_error_pauses_queue (error));
  /* The low-speed limit of the test timing is 3 s. */
  g_assert_cmpfloat (seconds, >=, 2.5);
  g_assert_cmpfloat (seconds, <, 10.0);
  assert_state (fixture->store, id, LALAN_RECORD_STATE_FINALIZED);
}

/* Connections cut in the middle of the answer: the server may have the
 * record, the client does not know; it is tried again and recognised. */
static void
test_cut_answers (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanSyncTestProxy) proxy = lalan_sync_test_proxy_start (fixture->server->base_url,
                                                                     "--cut-after", "40", NULL);
  g_autoptr(LalanSyncServer) through = lalan_sync_test_server_for (proxy->url, fixture->server->token);
  g_autofree char *id = lalan_sync_test_add_household (fixture->store, 7, NULL);
  g_autoptr(LalanRecord) record = NULL;

  /* The HEAD answer is cut too: the run stops, nothing is charged. */
  g_assert_false (send_all (fixture, fixture->store, through, LALAN_OUTBOX_DEFAULT, NULL, &error));
  g_assert_true (lalan_sync_error_is_transient (error));
  record = get_record (fixture->store, id);
  g_assert_cmpint (lalan_record_get_state (record), ==, LALAN_RECORD_STATE_FINALIZED);
  g_clear_error (&error);

  lalan_sync_test_proxy_signal (proxy, SIGUSR1);
  g_assert_true (send_all (fixture, fixture->store, through, LALAN_OUTBOX_RETRY_NOW, NULL, &error));
  g_assert_no_error (error);
  assert_state (fixture->store, id, LALAN_RECORD_STATE_SENT);
  g_assert_cmpuint (server_count (fixture, "lalan_household"), ==, 1);
}

/* An edit goes after its original, with deprecatedID, even when the edit
 * came without it in its XML (an import from an older Lalan). */
static void
test_edit_after_original (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *original_xml = lalan_sync_test_minimal_xml ("lalan_household", HOUSEHOLD_VERSION,
                                                               "uuid:original", NULL, "first");
  g_autofree char *edit_xml = lalan_sync_test_minimal_xml ("lalan_household", HOUSEHOLD_VERSION,
                                                           "uuid:edit", NULL, "second");
  g_autoptr(GHashTable) current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean imported = FALSE;
  LalanOutboxSummary summary;

  /* The edit is older in the queue than its original. */
  g_assert_true (lalan_store_import_record (fixture->store, "uuid:edit", "lalan_household", HOUSEHOLD_VERSION,
                                            edit_xml, "edit", "uuid:original", 1000, NULL, &imported, &error));
  g_assert_no_error (error);
  g_assert_true (imported);
  lalan_sync_test_add_record (fixture->store, "uuid:original", "lalan_household", HOUSEHOLD_VERSION, original_xml);

  g_assert_true (send_all (fixture, fixture->store, NULL, LALAN_OUTBOX_DEFAULT, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.n_sent, ==, 2);
  assert_state (fixture->store, "uuid:original", LALAN_RECORD_STATE_SENT);
  assert_state (fixture->store, "uuid:edit", LALAN_RECORD_STATE_SENT);

  /* The server replaced the original with the edit. */
  g_assert_cmpuint (lalan_inventory_test_count_records (fixture->server->data_dir, "lalan_household", current), ==, 1);
  g_assert_true (g_hash_table_contains (current, "uuid:edit"));
}

/* Forms: the first update downloads the server's four forms, the second
 * none; every version stays. */
static void
test_forms_update (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanOpenRosaClient) client = lalan_openrosa_client_new (fixture->sync_server, NULL);
  g_autoptr(GPtrArray) forms = NULL;
  LalanFormsUpdate update;
  g_autofree char *xml = NULL;

  lalan_forms_update_init (&update);
  g_assert_true (lalan_forms_update_run (fixture->store, client, "test", &update, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (update.n_listed, ==, 4);
  g_assert_cmpuint (update.n_new, ==, 4);
  g_assert_cmpuint (update.problems->len, ==, 0);
  lalan_forms_update_clear (&update);

  lalan_forms_update_init (&update);
  g_assert_true (lalan_forms_update_run (fixture->store, client, "test", &update, NULL, &error));
  g_assert_cmpuint (update.n_new, ==, 0);
  lalan_forms_update_clear (&update);

  forms = lalan_store_list_forms (fixture->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (forms->len, ==, 4);
  xml = lalan_store_get_form_xml (fixture->store, "lalan_household", HOUSEHOLD_VERSION, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (xml, "lalan_household"));
}

/* Scripted answers ------------------------------------------------------ */

static void
add_small_record (LalanStore *store,
                  const char *instance_id)
{
  g_autofree char *xml = lalan_sync_test_minimal_xml ("lalan_household", HOUSEHOLD_VERSION, instance_id, NULL, "x");

  lalan_sync_test_add_record (store, instance_id, "lalan_household", HOUSEHOLD_VERSION, xml);
}

static LalanSyncServer *
fake_server (LalanFakeOpenRosa *fake,
             const char        *user,
             const char        *password)
{
  g_autoptr(GError) error = NULL;
  LalanSyncServer *server = lalan_sync_server_new (lalan_fake_openrosa_get_url (fake), user, password, &error);

  g_assert_no_error (error);
  return server;
}

static void
test_scripted_statuses (void)
{
  g_autoptr(LalanFakeOpenRosa) fake = lalan_fake_openrosa_new ();
  g_autoptr(LalanSyncServer) server = fake_server (fake, NULL, NULL);
  g_autofree char *dir = lalan_test_make_tmp_dir ("sync-fake");
  g_autoptr(LalanStore) store = lalan_sync_test_open_store (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanRecord) record = NULL;
  g_autofree char *request = NULL;
  LalanOutboxSummary summary;
  gint64 before;

  lalan_fake_openrosa_set_answer (fake, "HEAD", 204, TRUE, "X-OpenRosa-Accept-Content-Length: 10000000\r\n", NULL);

  /* 503: tried again later, with back-off, never given up. */
  lalan_fake_openrosa_set_answer (fake, "POST", 503, TRUE, NULL, "busy");
  add_small_record (store, "uuid:a");
  before = g_get_real_time ();
  g_assert_true (lalan_outbox_send (store, server, NULL, LALAN_OUTBOX_DEFAULT, NULL, NULL, &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.n_retry, ==, 1);
  record = get_record (store, "uuid:a");
  g_assert_cmpint (lalan_record_get_state (record), ==, LALAN_RECORD_STATE_FINALIZED);
  g_assert_cmpuint (lalan_record_get_attempts (record), ==, 1);
  g_assert_cmpstr (lalan_record_get_last_error_code (record), ==, "server-error");
  /* The test timing's first back-off: 150 ms plus up to a quarter. */
  g_assert_cmpint (lalan_record_get_next_attempt_at (record), >=, before + 150 * 1000);
  g_assert_cmpint (lalan_record_get_next_attempt_at (record), <=, g_get_real_time () + 188 * 1000);
  g_clear_object (&record);

  /* Not due yet: a run leaves it; --retry-now sends it. */
  lalan_fake_openrosa_set_answer (fake, "POST", 202, TRUE, NULL, LALAN_FAKE_OPENROSA_OK_BODY);
  g_assert_true (lalan_outbox_send (store, server, NULL, LALAN_OUTBOX_DEFAULT, NULL, NULL, &summary, NULL, &error));
  g_assert_cmpuint (summary.n_sent, ==, 0);
  g_assert_true (lalan_outbox_send (store, server, NULL, LALAN_OUTBOX_RETRY_NOW, NULL, NULL, &summary, NULL, &error));
  g_assert_cmpuint (summary.n_sent, ==, 1);
  record = get_record (store, "uuid:a");
  g_assert_cmpint (lalan_record_get_state (record), ==, LALAN_RECORD_STATE_SENT);
  g_assert_cmpstr (lalan_record_get_server_response (record), ==, "Received.");
  g_clear_object (&record);

  /* Every request said it speaks OpenRosa 1.0. */
  request = lalan_fake_openrosa_last_request (fake);
  g_assert_nonnull (strstr (request, "X-OpenRosa-Version: 1.0"));
  g_assert_nonnull (strstr (request, "name=\"xml_submission_file\""));

  /* 200 with a page that is not an OpenRosa answer: a sign-in page. */
  lalan_fake_openrosa_set_answer (fake, "POST", 200, FALSE, NULL, "<html><body>Welcome</body></html>");
  add_small_record (store, "uuid:b");
  g_assert_false (lalan_outbox_send (store, server, NULL, LALAN_OUTBOX_DEFAULT, NULL, NULL, &summary, NULL, &error));
  g_assert_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_CAPTIVE_PORTAL);
  g_clear_error (&error);
  record = get_record (store, "uuid:b");
  g_assert_cmpint (lalan_record_get_state (record), ==, LALAN_RECORD_STATE_FINALIZED);
  g_assert_cmpuint (lalan_record_get_attempts (record), ==, 0);
  g_clear_object (&record);

  /* 201 without a body proves nothing either. */
  lalan_fake_openrosa_set_answer (fake, "POST", 201, TRUE, NULL, NULL);
  g_assert_false (lalan_outbox_send (store, server, NULL, LALAN_OUTBOX_DEFAULT, NULL, NULL, &summary, NULL, &error));
  g_assert_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_CAPTIVE_PORTAL);
  g_clear_error (&error);

  /* 413 from the server itself: needs review with the limit. */
  lalan_fake_openrosa_set_answer (fake, "POST", 413, TRUE, NULL, NULL);
  g_assert_true (lalan_outbox_send (store, server, NULL, LALAN_OUTBOX_DEFAULT, NULL, NULL, &summary, NULL, &error));
  record = get_record (store, "uuid:b");
  g_assert_cmpint (lalan_record_get_state (record), ==, LALAN_RECORD_STATE_NEEDS_REVIEW);
  g_assert_cmpstr (lalan_record_get_last_error_code (record), ==, "too-large");
  g_assert_nonnull (strstr (lalan_record_get_last_error_message (record), "10.0\u00a0MB"));
  g_clear_object (&record);

  /* 403 pauses like 401. */
  lalan_fake_openrosa_set_answer (fake, "POST", 403, TRUE, NULL, NULL);
  add_small_record (store, "uuid:c");
  g_assert_false (lalan_outbox_send (store, server, NULL, LALAN_OUTBOX_DEFAULT, NULL, NULL, &summary, NULL, &error));
  g_assert_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_AUTH);
  g_clear_error (&error);

  /* A 400 the server explains → needs review; one it does not (a proxy
   * in between) → tried again. */
  lalan_fake_openrosa_set_answer (fake, "POST", 400, TRUE, NULL,
                                  "<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\">"
                                  "<message nature=\"error\">The record has no instanceID.</message></OpenRosaResponse>");
  g_assert_true (lalan_outbox_send (store, server, NULL, LALAN_OUTBOX_DEFAULT, NULL, NULL, &summary, NULL, &error));
  record = get_record (store, "uuid:c");
  g_assert_cmpint (lalan_record_get_state (record), ==, LALAN_RECORD_STATE_NEEDS_REVIEW);
  g_assert_nonnull (strstr (lalan_record_get_last_error_message (record), "The record has no instanceID."));
  g_clear_object (&record);

  lalan_fake_openrosa_set_answer (fake, "POST", 400, FALSE, NULL, "<html>Bad request</html>");
  add_small_record (store, "uuid:d");
  g_assert_true (lalan_outbox_send (store, server, NULL, LALAN_OUTBOX_DEFAULT, NULL, NULL, &summary, NULL, &error));
  g_assert_cmpuint (summary.n_retry, ==, 1);

  /* A HEAD without the OpenRosa header: a sign-in page; nothing posted. */
  lalan_fake_openrosa_set_answer (fake, "HEAD", 200, FALSE, NULL, NULL);
  g_assert_false (lalan_outbox_send (store, server, NULL, LALAN_OUTBOX_RETRY_NOW, NULL, NULL, &summary, NULL, &error));
  g_assert_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_CAPTIVE_PORTAL);
  g_clear_error (&error);

  lalan_store_close (store);
  lalan_test_remove_tree (dir);
}

/* User name and password: sent only as the server asks, and a wrong pair
 * pauses the queue. */
static void
test_basic_auth (void)
{
  g_autoptr(LalanFakeOpenRosa) fake = lalan_fake_openrosa_new ();
  g_autoptr(LalanSyncServer) good = fake_server (fake, "volunteer", "s3cret pass");
  g_autoptr(LalanSyncServer) bad = fake_server (fake, "volunteer", "wrong");
  g_autofree char *dir = lalan_test_make_tmp_dir ("sync-fake");
  g_autoptr(LalanStore) store = lalan_sync_test_open_store (dir);
  g_autoptr(GError) error = NULL;
  LalanOutboxSummary summary;

  lalan_fake_openrosa_require_basic (fake, "volunteer", "s3cret pass");
  lalan_fake_openrosa_set_answer (fake, "HEAD", 204, TRUE, NULL, NULL);
  lalan_fake_openrosa_set_answer (fake, "POST", 201, TRUE, NULL, LALAN_FAKE_OPENROSA_OK_BODY);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:auth-%u", i);

      add_small_record (store, id);
    }

  g_assert_false (lalan_outbox_send (store, bad, NULL, LALAN_OUTBOX_DEFAULT, NULL, NULL, &summary, NULL, &error));
  g_assert_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_AUTH);
  g_clear_error (&error);

  g_assert_true (lalan_outbox_send (store, good, NULL, LALAN_OUTBOX_DEFAULT, NULL, NULL, &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.n_sent, ==, 3);
  /* Basic learnt from the HEAD challenge goes with each POST at once: no
   * record is sent twice to be challenged. */
  g_assert_cmpuint (lalan_fake_openrosa_count (fake, "POST"), ==, 3);

  lalan_store_close (store);
  lalan_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  lalan_sync_test_init (&argc, &argv);

  g_test_add ("/sync/server/sent-and-resent", Fixture, NULL, fixture_set_up, test_sent_and_resent, fixture_tear_down);
  g_test_add ("/sync/server/conflict-and-poison", Fixture, NULL, fixture_set_up, test_conflict_and_poison,
              fixture_tear_down);
  g_test_add ("/sync/server/unknown-form", Fixture, NULL, fixture_set_up, test_unknown_form, fixture_tear_down);
  g_test_add ("/sync/server/too-large", Fixture, "2000", fixture_set_up, test_too_large, fixture_tear_down);
  g_test_add ("/sync/server/refused-token", Fixture, NULL, fixture_set_up, test_refused_token, fixture_tear_down);
  g_test_add ("/sync/server/captive-portal", Fixture, NULL, fixture_set_up, test_captive_portal, fixture_tear_down);
  g_test_add ("/sync/server/blackhole", Fixture, NULL, fixture_set_up, test_blackhole, fixture_tear_down);
  g_test_add ("/sync/server/cut-answers", Fixture, NULL, fixture_set_up, test_cut_answers, fixture_tear_down);
  g_test_add ("/sync/server/edit-after-original", Fixture, NULL, fixture_set_up, test_edit_after_original,
              fixture_tear_down);
  g_test_add ("/sync/server/forms-update", Fixture, NULL, fixture_set_up, test_forms_update, fixture_tear_down);
  g_test_add_func ("/sync/server/scripted-statuses", test_scripted_statuses);
  g_test_add_func ("/sync/server/basic-auth", test_basic_auth);

  return g_test_run ();
}
