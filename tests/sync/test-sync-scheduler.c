/* test-sync-scheduler.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app's scheduler: its triggers (start, full connectivity, a record
 * finalized, the timer, "Send now"), the metered setting, pauses that
 * wait for a person, and the queue's back-off, against lalan-inventory
 * and a network monitor the test controls.
 */

#include "config.h"

#include "lalan-fake-monitor.h"
#include "lalan-inventory-test.h"
#include "lalan-outbox.h"
#include "lalan-paths.h"
#include "lalan-sync-scheduler.h"
#include "lalan-sync-server.h"
#include "lalan-sync-test.h"
#include "lalan-test.h"

#include <signal.h>
#include <string.h>

typedef struct
{
  LalanInventoryTestServer *server;
  LalanStore               *store;
  LalanFakeMonitor         *monitor;
  LalanSyncScheduler       *scheduler;
  char                     *data_dir;
  guint                     n_finished;
} Fixture;

static void
on_finished_cb (LalanSyncScheduler *scheduler,
                guint               n_sent,
                guint               n_refused,
                Fixture            *fixture)
{
  fixture->n_finished++;
}

static void
use_server (Fixture    *fixture,
            const char *base_url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = lalan_sync_test_token_url (base_url, fixture->server->token);
  g_autoptr(LalanSyncServer) server = lalan_sync_server_new (url, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (lalan_sync_server_save (server, fixture->store, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = lalan_inventory_test_server_new ();
  lalan_inventory_test_server_start (fixture->server, NULL);
  /* The secret file goes in the data folder the paths name. */
  fixture->data_dir = lalan_test_make_tmp_dir ("sync-scheduler");
  lalan_paths_set_data_dir_override (fixture->data_dir);
  fixture->store = lalan_sync_test_open_store (fixture->data_dir);
  use_server (fixture, fixture->server->base_url);
  fixture->monitor = lalan_fake_monitor_new ();
  fixture->scheduler = lalan_sync_scheduler_new (fixture->store, G_NETWORK_MONITOR (fixture->monitor));
  g_signal_connect (fixture->scheduler, "sync-finished", G_CALLBACK (on_finished_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  lalan_sync_scheduler_stop (fixture->scheduler);
  g_clear_object (&fixture->scheduler);
  g_clear_object (&fixture->monitor);
  lalan_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->server, lalan_inventory_test_server_free);
  lalan_paths_set_data_dir_override (lalan_test_get_data_dir ());
  lalan_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
}

/* Runs the main loop until @check says so, 20 s at most. */
typedef gboolean (*CheckFunc) (Fixture *fixture, gconstpointer data);

static void
wait_for (Fixture       *fixture,
          CheckFunc      check,
          gconstpointer  data,
          const char    *what)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!check (fixture, data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s (state %d, problem %s)", what,
                 lalan_sync_scheduler_get_state (fixture->scheduler),
                 lalan_sync_scheduler_get_problem (fixture->scheduler));
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static gboolean
state_is (Fixture       *fixture,
          gconstpointer  data)
{
  return lalan_sync_scheduler_get_state (fixture->scheduler) == GPOINTER_TO_INT (data);
}

static gboolean
paused_with_next_look (Fixture       *fixture,
                       gconstpointer  data)
{
  return lalan_sync_scheduler_get_state (fixture->scheduler) == LALAN_SYNC_STATE_PAUSED &&
         lalan_sync_scheduler_get_next_run (fixture->scheduler) > 0;
}

static gboolean
finished_n (Fixture       *fixture,
            gconstpointer  data)
{
  return fixture->n_finished >= GPOINTER_TO_UINT (data) &&
         lalan_sync_scheduler_get_state (fixture->scheduler) != LALAN_SYNC_STATE_SENDING;
}

static guint
server_count (Fixture *fixture)
{
  return lalan_inventory_test_count_records (fixture->server->data_dir, "lalan_household", NULL);
}

static void
add_households (Fixture *fixture,
                guint    n)
{
  for (guint i = 0; i < n; i++)
    g_free (lalan_sync_test_add_household (fixture->store, g_random_int (), NULL));
}

/* The app's start sends; then everything is sent and it is idle. */
static void
test_start_sends (Fixture       *fixture,
                  gconstpointer  data)
{
  add_households (fixture, 3);
  lalan_sync_scheduler_start (fixture->scheduler);
  wait_for (fixture, finished_n, GUINT_TO_POINTER (1), "the first run");

  g_assert_cmpint (lalan_sync_scheduler_get_state (fixture->scheduler), ==, LALAN_SYNC_STATE_IDLE);
  g_assert_null (lalan_sync_scheduler_get_problem (fixture->scheduler));
  g_assert_cmpuint (lalan_sync_scheduler_get_n_waiting (fixture->scheduler), ==, 0);
  g_assert_cmpint (lalan_sync_scheduler_get_last_contact (fixture->scheduler), >, 0);
  g_assert_cmpuint (server_count (fixture), ==, 3);

  /* A record finalized later goes by itself, soon. */
  add_households (fixture, 1);
  wait_for (fixture, finished_n, GUINT_TO_POINTER (2), "the run after a record was finalized");
  g_assert_cmpuint (server_count (fixture), ==, 4);
}

/* Metered: automatic runs wait, counting; allowed again, they send. */
static void
test_metered (Fixture       *fixture,
              gconstpointer  data)
{
  add_households (fixture, 2);
  lalan_fake_monitor_set (fixture->monitor, TRUE, TRUE, G_NETWORK_CONNECTIVITY_FULL);
  g_assert_true (lalan_sync_scheduler_get_avoid_metered (fixture->scheduler));

  lalan_sync_scheduler_start (fixture->scheduler);
  wait_for (fixture, state_is, GINT_TO_POINTER (LALAN_SYNC_STATE_WAITING), "waiting on a metered link");
  g_assert_nonnull (strstr (lalan_sync_scheduler_get_problem (fixture->scheduler), "metered"));
  g_assert_cmpuint (lalan_sync_scheduler_get_n_waiting (fixture->scheduler), ==, 2);
  g_assert_cmpuint (fixture->n_finished, ==, 0);
  g_assert_cmpuint (server_count (fixture), ==, 0);

  /* The network changes but is still metered: still waiting. */
  lalan_fake_monitor_set (fixture->monitor, TRUE, TRUE, G_NETWORK_CONNECTIVITY_FULL);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (fixture->n_finished, ==, 0);

  /* "Send now" sends on a metered link: the person asked. */
  lalan_sync_scheduler_send_now (fixture->scheduler);
  wait_for (fixture, finished_n, GUINT_TO_POINTER (1), "send now");
  g_assert_cmpuint (server_count (fixture), ==, 2);

  /* The setting off: automatic runs go on metered links too. */
  add_households (fixture, 1);
  lalan_sync_scheduler_set_avoid_metered (fixture->scheduler, FALSE);
  wait_for (fixture, finished_n, GUINT_TO_POINTER (2), "a run allowed on metered links");
  g_assert_cmpuint (server_count (fixture), ==, 3);
}

/* No network, then full connectivity: that is a trigger. */
static void
test_network_appears (Fixture       *fixture,
                      gconstpointer  data)
{
  add_households (fixture, 2);
  lalan_fake_monitor_set (fixture->monitor, FALSE, FALSE, G_NETWORK_CONNECTIVITY_LOCAL);
  lalan_sync_scheduler_start (fixture->scheduler);
  wait_for (fixture, state_is, GINT_TO_POINTER (LALAN_SYNC_STATE_WAITING), "waiting for a network");
  g_assert_nonnull (strstr (lalan_sync_scheduler_get_problem (fixture->scheduler), "no network"));

  /* A captive portal's network is not full connectivity: no try. */
  lalan_fake_monitor_set (fixture->monitor, TRUE, FALSE, G_NETWORK_CONNECTIVITY_PORTAL);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (fixture->n_finished, ==, 0);

  lalan_fake_monitor_set (fixture->monitor, TRUE, FALSE, G_NETWORK_CONNECTIVITY_FULL);
  wait_for (fixture, finished_n, GUINT_TO_POINTER (1), "the run on full connectivity");
  g_assert_cmpuint (server_count (fixture), ==, 2);
  g_assert_cmpint (lalan_sync_scheduler_get_state (fixture->scheduler), ==, LALAN_SYNC_STATE_IDLE);
}

/* A sign-in page pauses with the sentence, is looked at again by itself,
 * and sending resumes once signed in. */
static void
test_captive_pause (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(LalanSyncTestProxy) proxy = lalan_sync_test_proxy_start (fixture->server->base_url,
                                                                     "--fault", "captive", NULL);

  use_server (fixture, proxy->url);
  add_households (fixture, 2);
  lalan_sync_scheduler_start (fixture->scheduler);
  /* Paused, with the next look at the sign-in page on the clock (while a
   * look runs, the clock is briefly empty: wait for the steady state). */
  wait_for (fixture, paused_with_next_look, NULL, "the pause with a next look");
  g_assert_nonnull (strstr (lalan_sync_scheduler_get_problem (fixture->scheduler),
                            "This network needs you to sign in"));
  g_assert_cmpuint (server_count (fixture), ==, 0);

  /* Signed in: the next look sends. */
  lalan_sync_test_proxy_signal (proxy, SIGUSR1);
  wait_for (fixture, state_is, GINT_TO_POINTER (LALAN_SYNC_STATE_IDLE), "the records sent after signing in");
  g_assert_cmpuint (server_count (fixture), ==, 2);
}

/* Refused credentials pause without looking again; a new server ends it. */
static void
test_auth_pause (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = lalan_sync_test_token_url (fixture->server->base_url,
                                                    "000000000000000000000000000000000000000000000000");
  g_autoptr(LalanSyncServer) wrong = lalan_sync_server_new (url, NULL, NULL, &error);

  g_assert_true (lalan_sync_server_save (wrong, fixture->store, NULL, &error));
  add_households (fixture, 1);
  lalan_sync_scheduler_start (fixture->scheduler);
  wait_for (fixture, state_is, GINT_TO_POINTER (LALAN_SYNC_STATE_PAUSED), "the pause");
  g_assert_nonnull (strstr (lalan_sync_scheduler_get_problem (fixture->scheduler), "Preferences"));
  g_assert_cmpint (lalan_sync_scheduler_get_next_run (fixture->scheduler), ==, 0);

  use_server (fixture, fixture->server->base_url);
  lalan_sync_scheduler_server_changed (fixture->scheduler);
  wait_for (fixture, state_is, GINT_TO_POINTER (LALAN_SYNC_STATE_IDLE), "sending with the right token");
  g_assert_cmpuint (server_count (fixture), ==, 1);
}

/* The server down: the queue waits with a sentence and a timer, and goes
 * once the server is back. */
static void
test_server_down (Fixture       *fixture,
                  gconstpointer  data)
{
  add_households (fixture, 2);
  lalan_inventory_test_server_stop (fixture->server);

  lalan_sync_scheduler_start (fixture->scheduler);
  wait_for (fixture, finished_n, GUINT_TO_POINTER (1), "the failed run");
  g_assert_cmpint (lalan_sync_scheduler_get_state (fixture->scheduler), ==, LALAN_SYNC_STATE_WAITING);
  g_assert_nonnull (strstr (lalan_sync_scheduler_get_problem (fixture->scheduler), "will be sent later"));
  g_assert_cmpint (lalan_sync_scheduler_get_next_run (fixture->scheduler), >, g_get_real_time () - G_USEC_PER_SEC);

  /* The same port again, so the saved address still works. */
  {
    g_autofree char *listen = g_strdup_printf ("127.0.0.1:%s", strrchr (fixture->server->base_url, ':') + 1);

    lalan_inventory_test_server_start (fixture->server, "--listen", listen, NULL);
  }

  wait_for (fixture, state_is, GINT_TO_POINTER (LALAN_SYNC_STATE_IDLE), "the records sent once the server is back");
  g_assert_cmpuint (server_count (fixture), ==, 2);
}

/* "Try again" on a record that needs review queues it and sends. */
static void
test_retry_record (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanRecord) record = NULL;
  g_autofree char *xml = lalan_sync_test_minimal_xml ("lalan_household", lalan_sync_test_household_version (), "uuid:review-me", NULL, "r");

  lalan_sync_test_add_record (fixture->store, "uuid:review-me", "lalan_household", lalan_sync_test_household_version (), xml);
  g_assert_true (lalan_store_mark_needs_review (fixture->store, "uuid:review-me", "http-404",
                                                "This form or this version of it is not on the server.", &error));

  lalan_sync_scheduler_start (fixture->scheduler);
  wait_for (fixture, finished_n, GUINT_TO_POINTER (1), "the first run");
  g_assert_cmpuint (lalan_sync_scheduler_get_n_review (fixture->scheduler), ==, 1);

  lalan_sync_scheduler_retry_record (fixture->scheduler, "uuid:review-me");
  wait_for (fixture, finished_n, GUINT_TO_POINTER (2), "the retry");
  record = lalan_store_get_record (fixture->store, "uuid:review-me", &error);
  g_assert_cmpint (lalan_record_get_state (record), ==, LALAN_RECORD_STATE_SENT);
  g_assert_cmpuint (lalan_sync_scheduler_get_n_review (fixture->scheduler), ==, 0);
}

static void
on_report_cb (LalanSyncScheduler  *scheduler,
              const char          *problem,
              char               **out)
{
  g_free (*out);
  *out = g_strdup (problem != NULL ? problem : "");
}

/* On demand, without a centre: a sentence, nothing queued. */
static void
test_report_needs_centre (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *problem = NULL;

  lalan_sync_scheduler_start (fixture->scheduler);
  wait_for (fixture, finished_n, GUINT_TO_POINTER (1), "the first run");

  g_signal_connect (fixture->scheduler, "learning-report-queued", G_CALLBACK (on_report_cb), &problem);
  lalan_sync_scheduler_queue_learning_report (fixture->scheduler);
  wait_for (fixture, finished_n, GUINT_TO_POINTER (2), "the report run");
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "Preferences"));
}

int
main (int   argc,
      char *argv[])
{
  lalan_sync_test_init (&argc, &argv);

  g_test_add ("/sync/scheduler/start-sends", Fixture, NULL, fixture_set_up, test_start_sends, fixture_tear_down);
  g_test_add ("/sync/scheduler/metered", Fixture, NULL, fixture_set_up, test_metered, fixture_tear_down);
  g_test_add ("/sync/scheduler/network-appears", Fixture, NULL, fixture_set_up, test_network_appears,
              fixture_tear_down);
  g_test_add ("/sync/scheduler/captive-pause", Fixture, NULL, fixture_set_up, test_captive_pause, fixture_tear_down);
  g_test_add ("/sync/scheduler/auth-pause", Fixture, NULL, fixture_set_up, test_auth_pause, fixture_tear_down);
  g_test_add ("/sync/scheduler/server-down", Fixture, NULL, fixture_set_up, test_server_down, fixture_tear_down);
  g_test_add ("/sync/scheduler/retry-record", Fixture, NULL, fixture_set_up, test_retry_record, fixture_tear_down);
  g_test_add ("/sync/scheduler/report-needs-centre", Fixture, NULL, fixture_set_up, test_report_needs_centre,
              fixture_tear_down);

  return g_test_run ();
}
