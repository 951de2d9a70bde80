/* test-scheduler.c — scheduled tests: a due test runs against
 * lalan-inventory, is kept and saved as a "scheduled" report, and the
 * next time is drawn and remembered; turned off, the time is forgotten.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "measure-fixture.h"

#include "lalan-measure-schedule.h"
#include "lalan-measure-scheduler.h"
#include "lalan-probe-result.h"
#include "lalan-store.h"
#include "lalan-test.h"

#include <curl/curl.h>
#include <string.h>

static MeasureServer *server;
/* A link of realistic speed: loopback alone runs faster than the 10 Gbit/s
 * a report may hold. */
static MeasureProxy *server_link;

typedef struct
{
  GMainLoop        *loop;
  LalanMeasurement *measurement;
  guint             timeout_id;
} Finished;

static void
on_test_finished_cb (LalanMeasureScheduler  *scheduler,
                     const LalanMeasurement *measurement,
                     Finished               *finished)
{
  finished->measurement = lalan_measurement_copy (measurement);
  g_main_loop_quit (finished->loop);
}

static gboolean
give_up_cb (gpointer user_data)
{
  Finished *finished = user_data;

  finished->timeout_id = 0;
  g_main_loop_quit (finished->loop);
  return G_SOURCE_REMOVE;
}

/* Makes a test due now, turns the schedule on and waits for the test. */
static LalanMeasurement *
run_due_test (LalanMeasureScheduler *scheduler)
{
  Finished finished = { g_main_loop_new (NULL, FALSE) };
  g_autoptr(GError) error = NULL;
  g_autofree char *past = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () - G_USEC_PER_SEC);
  gulong handler;

  g_assert_true (lalan_store_set_value (lalan_measure_scheduler_get_store (scheduler),
                                        LALAN_SCHEDULE_NEXT_KEY, past, &error));
  handler = g_signal_connect (scheduler, "test-finished", G_CALLBACK (on_test_finished_cb), &finished);
  finished.timeout_id = g_timeout_add_seconds (30, give_up_cb, &finished);

  lalan_measure_scheduler_set_enabled (scheduler, TRUE);
  g_main_loop_run (finished.loop);

  g_clear_handle_id (&finished.timeout_id, g_source_remove);
  g_signal_handler_disconnect (scheduler, handler);
  g_main_loop_unref (finished.loop);
  g_assert_nonnull (finished.measurement);

  return finished.measurement;
}

static void
iterate_briefly (void)
{
  for (guint i = 0; i < 100; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

static void
test_scheduled_report (void)
{
  g_autoptr(GError) error = NULL;
  LalanStore *store = lalan_store_get_default (&error);
  g_autoptr(LalanMeasureScheduler) scheduler = lalan_measure_scheduler_new (store);
  g_autoptr(LalanMeasurement) measurement = NULL;
  g_autoptr(LalanProbeResult) result = NULL;
  g_autoptr(LalanRecord) record = NULL;
  gint64 before = g_get_real_time ();
  gint64 next_at;

  g_assert_no_error (error);
  g_object_set (scheduler,
                "server-url", server_link->url,
                "town-code", "10015110",
                "village-code", "10015110003",
                "place-type", "learning_centre",
                "duration", 1.0,
                NULL);

  measurement = run_due_test (scheduler);
  result = lalan_probe_result_from_measurement (measurement);
  g_assert_cmpint (result->outcome, ==, LALAN_PROBE_OUTCOME_COMPLETE);
  g_assert_cmpfloat (measurement->download_mbps, >, 0);
  g_assert_false (lalan_measure_scheduler_get_running (scheduler));

  /* Saved as a report like any other record, marked as scheduled. */
  {
    g_autofree char *last_error = NULL;

    g_object_get (scheduler, "last-error", &last_error, NULL);
    g_test_message ("last error: %s", last_error ? last_error : "none");
  }
  g_assert_nonnull (measurement->record_instance_id);
  record = lalan_store_get_record (store, measurement->record_instance_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lalan_record_get_state (record), ==, LALAN_RECORD_STATE_FINALIZED);
  g_assert_nonnull (strstr (lalan_record_get_instance_xml (record), "<method>scheduled</method>"));
  g_assert_nonnull (strstr (lalan_record_get_instance_xml (record), "<place_type>learning_centre</place_type>"));

  /* The next one is drawn and remembered. */
  next_at = lalan_measure_scheduler_get_next_at (scheduler);
  g_assert_cmpint (next_at, >=, before + (gint64) LALAN_SCHEDULE_MIN_SECONDS * G_USEC_PER_SEC);
  g_assert_cmpint (next_at, <=, g_get_real_time () + (gint64) LALAN_SCHEDULE_MAX_SECONDS * G_USEC_PER_SEC);
  g_assert_cmpint (lalan_measure_schedule_get_next (store, &error), ==, next_at);

  /* Turned off: forgotten. */
  lalan_measure_scheduler_set_enabled (scheduler, FALSE);
  g_assert_cmpint (lalan_measure_scheduler_get_next_at (scheduler), ==, 0);
  iterate_briefly ();
  g_assert_cmpint (lalan_measure_schedule_get_next (store, &error), ==, 0);
}

static void
test_scheduled_without_place (void)
{
  g_autoptr(GError) error = NULL;
  LalanStore *store = lalan_store_get_default (&error);
  g_autoptr(LalanMeasureScheduler) scheduler = lalan_measure_scheduler_new (store);
  g_autoptr(LalanMeasurement) measurement = NULL;
  g_autofree char *last_error = NULL;

  /* No district set: the test is kept, the report cannot be made, and
   * the reason is there for the Connectivity area to show. */
  g_object_set (scheduler, "server-url", server_link->url, "duration", 1.0, NULL);
  measurement = run_due_test (scheduler);

  g_assert_nonnull (measurement->id);
  g_assert_null (measurement->record_instance_id);
  g_object_get (scheduler, "last-error", &last_error, NULL);
  g_assert_nonnull (last_error);
  g_assert_cmpint (lalan_measure_scheduler_get_next_at (scheduler), >, g_get_real_time ());

  lalan_measure_scheduler_set_enabled (scheduler, FALSE);
  iterate_briefly ();
}

static void
test_may_run (void)
{
  /* Only where data costs nothing extra. */
  g_assert_true (lalan_measure_schedule_may_run (FALSE));
  g_assert_false (lalan_measure_schedule_may_run (TRUE));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  lalan_test_init (&argc, &argv);
  curl_global_init (CURL_GLOBAL_DEFAULT);
  server = measure_server_start ();
  server_link = measure_proxy_start (server->port, "--rate-kbit=20000", "--shared-link", NULL);

  g_test_add_func ("/scheduler/report", test_scheduled_report);
  g_test_add_func ("/scheduler/without-place", test_scheduled_without_place);
  g_test_add_func ("/scheduler/may-run", test_may_run);

  status = g_test_run ();

  g_clear_pointer (&server_link, measure_proxy_free);
  g_clear_pointer (&server, measure_server_free);
  curl_global_cleanup ();
  return status;
}
