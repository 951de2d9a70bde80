/* test-probe.c — the connectivity test against lalan-inventory on
 * loopback, through the fault proxy: accuracy at 1, 10 and 50 Mbit/s and
 * under delay, captive portals, a server that never answers, cancelling,
 * the byte cap, and the CLI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "measure-fixture.h"

#include "lalan-probe.h"
#include "lalan-store.h"
#include "lalan-test.h"

#include <curl/curl.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

/* Short phases keep the suite quick on two shared cores; the accuracy at
 * the default 8 s is what tests/bench/bench-probe.c reports. */
#define PHASE_SECONDS 3.0

static MeasureServer *server;

static LalanProbeResult *
run_probe (const char *url,
           double      seconds,
           gint64      cap,
           guint       timeout,
           double     *elapsed)
{
  g_autoptr(LalanProbe) probe = lalan_probe_new (url);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  LalanProbeResult *result;

  lalan_probe_set_duration (probe, seconds);
  lalan_probe_set_byte_cap (probe, cap);
  lalan_probe_set_timeout (probe, timeout);
  result = lalan_probe_run (probe, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);

  if (elapsed != NULL)
    *elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  return result;
}

static void
assert_readable_message (const LalanProbeResult *result)
{
  /* A sentence for a person: no library names, no error numbers. */
  g_assert_nonnull (result->message);
  g_assert_cmpuint (strlen (result->message), >, 20);
  g_assert_null (strstr (result->message, "curl"));
  g_assert_null (strstr (result->message, "CURLE"));
  g_assert_null (strstr (result->message, "errno"));
}

static void
assert_within (const char *what,
               double      measured,
               double      expected,
               double      tolerance)
{
  g_test_message ("%s: %.3f, expected %.3f +/- %.0f %%", what, measured, expected, tolerance * 100);
  g_assert_true (isfinite (measured));
  g_assert_cmpfloat (measured, >=, expected * (1 - tolerance));
  g_assert_cmpfloat (measured, <=, expected * (1 + tolerance));
}

/* ---- accuracy -------------------------------------------------------------- */

static void
test_rate (gconstpointer data)
{
  guint kbit = GPOINTER_TO_UINT (data);
  g_autofree char *rate = g_strdup_printf ("--rate-kbit=%u", kbit);
  g_autoptr(MeasureProxy) proxy = measure_proxy_start (server->port, rate, "--shared-link", NULL);
  g_autoptr(LalanProbeResult) result = NULL;
  double elapsed;

  result = run_probe (proxy->url, PHASE_SECONDS, 0, 10, &elapsed);

  g_test_message ("%u kbit/s: down %.3f (p90 %.3f), up %.3f (p90 %.3f) Mbit/s; latency %.1f ms, "
                  "under load %.0f / %.0f ms; %" G_GINT64_FORMAT " bytes in %.1f s",
                  kbit, result->download_mbps, result->download_p90_mbps,
                  result->upload_mbps, result->upload_p90_mbps, result->latency_ms,
                  result->download_loaded_latency_ms, result->upload_loaded_latency_ms,
                  result->bytes_used, elapsed);

  g_assert_cmpint (result->outcome, ==, LALAN_PROBE_OUTCOME_COMPLETE);
  g_assert_null (result->message);
  g_assert_false (result->captive_portal);
  assert_within ("download", result->download_mbps, kbit / 1000.0, 0.15);
  assert_within ("upload", result->upload_mbps, kbit / 1000.0, 0.15);
  g_assert_cmpfloat (result->download_p90_mbps, >=, result->download_mbps);
  g_assert_cmpfloat (result->upload_p90_mbps, >=, result->upload_mbps);
  /* A full queue at the bottleneck: the delay under load is longer. */
  g_assert_cmpfloat (result->download_loaded_latency_ms, >, result->latency_ms);
  g_assert_cmpint (result->bytes_used, >, 0);
  g_assert_cmpint (result->bytes_used, <=, LALAN_PROBE_CAP_UNMETERED);
  g_assert_cmpuint (result->streams, ==, LALAN_PROBE_DEFAULT_STREAMS);
  /* Never much longer than its two phases, whatever the rate. */
  g_assert_cmpfloat (elapsed, <, 2 * PHASE_SECONDS + 4);
}

static void
test_latency (void)
{
  g_autoptr(MeasureProxy) proxy = measure_proxy_start (server->port, "--delay-ms=200", "--shared-link", NULL);
  g_autoptr(LalanProbeResult) result = run_probe (proxy->url, 1.0, 4000000, 10, NULL);

  g_assert_cmpint (result->outcome, ==, LALAN_PROBE_OUTCOME_COMPLETE);
  g_assert_cmpuint (result->latency_samples, ==, LALAN_PROBE_DEFAULT_PINGS);
  assert_within ("latency", result->latency_ms, 200, 0.20);
  g_assert_cmpfloat (result->latency_min_ms, <=, result->latency_ms);
  g_assert_cmpfloat (result->latency_min_ms, >=, 200 * 0.8);
  g_assert_true (isfinite (result->jitter_ms));
  g_assert_cmpfloat (result->jitter_ms, <, 40);
  /* Over plain HTTP on an address: no TLS, and a name found at once. */
  g_assert_true (isnan (result->tls_ms));
  g_assert_cmpfloat (result->dns_ms, <, 50);
}

/* ---- what can go wrong ------------------------------------------------------ */

static void
test_captive_page (void)
{
  g_autoptr(MeasureProxy) proxy = measure_proxy_start (server->port, "--fault=captive", NULL);
  double elapsed;
  g_autoptr(LalanProbeResult) result = run_probe (proxy->url, PHASE_SECONDS, 0, 10, &elapsed);

  g_assert_cmpint (result->outcome, ==, LALAN_PROBE_OUTCOME_CAPTIVE_PORTAL);
  g_assert_true (result->captive_portal);
  assert_readable_message (result);
  /* Stopped at the first answer: nothing downloaded, little data used. */
  g_assert_true (isnan (result->download_mbps));
  g_assert_cmpint (result->bytes_used, <, 4096);
  g_assert_cmpfloat (elapsed, <, 3);
}

static void
test_captive_redirect (void)
{
  g_autoptr(MeasureResponder) redirect = measure_responder_start ("HTTP/1.1 302 Found\r\n"
                                                                  "Location: http://login.hotspot.example/portal?ap=17\r\n"
                                                                  "Content-Length: 0\r\n"
                                                                  "Connection: close\r\n\r\n");
  g_autoptr(MeasureResponder) authentication = measure_responder_start ("HTTP/1.1 511 Network Authentication Required\r\n"
                                                                        "Content-Type: text/html\r\n"
                                                                        "Content-Length: 31\r\n"
                                                                        "Connection: close\r\n\r\n"
                                                                        "<html><a href=/login>Log in</a>");
  g_autoptr(LalanProbeResult) redirected = run_probe (measure_responder_url (redirect), 1, 0, 5, NULL);
  g_autoptr(LalanProbeResult) asked = run_probe (measure_responder_url (authentication), 1, 0, 5, NULL);

  g_assert_cmpint (redirected->outcome, ==, LALAN_PROBE_OUTCOME_CAPTIVE_PORTAL);
  g_assert_true (redirected->captive_portal);
  g_assert_cmpstr (redirected->captive_portal_host, ==, "login.hotspot.example");
  assert_readable_message (redirected);

  g_assert_cmpint (asked->outcome, ==, LALAN_PROBE_OUTCOME_CAPTIVE_PORTAL);
  g_assert_true (asked->captive_portal);
}

static void
test_no_speed_test (void)
{
  g_autoptr(MeasureResponder) missing = measure_responder_start ("HTTP/1.1 404 Not Found\r\n"
                                                                 "Content-Type: text/plain\r\n"
                                                                 "Content-Length: 9\r\n"
                                                                 "Connection: close\r\n\r\n"
                                                                 "not found");
  g_autoptr(LalanProbeResult) result = run_probe (measure_responder_url (missing), 1, 0, 5, NULL);

  g_assert_cmpint (result->outcome, ==, LALAN_PROBE_OUTCOME_FAILED);
  g_assert_false (result->captive_portal);
  assert_readable_message (result);
}

static void
test_timeout (void)
{
  g_autoptr(MeasureProxy) proxy = measure_proxy_start (server->port, "--fault=blackhole", NULL);
  double elapsed;
  g_autoptr(LalanProbeResult) result = run_probe (proxy->url, PHASE_SECONDS, 0, 2, &elapsed);

  g_test_message ("a server that never answers: %s after %.2f s",
                  lalan_probe_outcome_to_string (result->outcome), elapsed);
  g_assert_cmpint (result->outcome, ==, LALAN_PROBE_OUTCOME_TIMEOUT);
  assert_readable_message (result);
  g_assert_true (isnan (result->latency_ms));
  g_assert_cmpfloat (elapsed, >=, 1.9);
  g_assert_cmpfloat (elapsed, <, 4);
}

/* TLS verification is always on: a server whose certificate no trusted
 * authority signed (a filter, a portal, or here a test certificate) stops
 * the test with a sentence, never a silent measurement. */
static void
test_unverified_certificate (void)
{
  g_autoptr(MeasureServer) secure = measure_server_start_with ("--tls-cert", lalan_test_source_path ("tests/server/data/test-cert.pem"),
                                                               "--tls-key", lalan_test_source_path ("tests/server/data/test-key.pem"),
                                                               NULL);
  g_autoptr(LalanProbeResult) result = NULL;

  g_assert_true (g_str_has_prefix (secure->url, "https://127.0.0.1:"));
  result = run_probe (secure->url, 1, 0, 5, NULL);

  g_assert_cmpint (result->outcome, ==, LALAN_PROBE_OUTCOME_FAILED);
  assert_readable_message (result);
  g_assert_true (isnan (result->latency_ms));
  g_assert_true (isnan (result->download_mbps));
  g_assert_cmpint (result->bytes_used, ==, 0);
}

static void
test_unreachable (void)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", measure_closed_port ());
  double elapsed;
  g_autoptr(LalanProbeResult) result = run_probe (url, 1, 0, 5, &elapsed);

  g_assert_cmpint (result->outcome, ==, LALAN_PROBE_OUTCOME_UNREACHABLE);
  assert_readable_message (result);
  g_assert_cmpfloat (elapsed, <, 2);
}

/* ---- cancelling and progress ------------------------------------------------- */

typedef struct
{
  GMainLoop        *loop;
  GCancellable     *cancellable;
  LalanProbeResult *result;
  GError           *error;
  gint64            cancelled_at;
  gint64            finished_at;
  LalanProbePhase   cancel_in_phase;
  guint             cancel_timeout;
  GArray           *phases;
  GArray           *fractions;
  gboolean          running_during;
} AsyncRun;

static gboolean
cancel_cb (gpointer user_data)
{
  AsyncRun *run = user_data;

  run->cancel_timeout = 0;
  run->cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_progressed_cb (LalanProbe               *probe,
                  const LalanProbeProgress *progress,
                  AsyncRun                 *run)
{
  g_array_append_val (run->phases, progress->phase);
  g_array_append_val (run->fractions, progress->fraction);
  run->running_during |= lalan_probe_get_running (probe);

  /* Cancels a second into the chosen phase. */
  if (run->cancel_in_phase != LALAN_PROBE_PHASE_IDLE && progress->phase == run->cancel_in_phase &&
      run->cancel_timeout == 0 && run->cancelled_at == 0)
    run->cancel_timeout = g_timeout_add (1000, cancel_cb, run);
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncRun *run = user_data;

  run->finished_at = g_get_monotonic_time ();
  run->result = lalan_probe_run_finish (LALAN_PROBE (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
run_async (LalanProbe *probe,
           AsyncRun   *run)
{
  run->loop = g_main_loop_new (NULL, FALSE);
  run->cancellable = g_cancellable_new ();
  run->phases = g_array_new (FALSE, FALSE, sizeof (LalanProbePhase));
  run->fractions = g_array_new (FALSE, FALSE, sizeof (double));

  g_signal_connect (probe, "progressed", G_CALLBACK (on_progressed_cb), run);
  lalan_probe_run_async (probe, run->cancellable, async_done_cb, run);
  g_assert_true (lalan_probe_get_running (probe));
  g_main_loop_run (run->loop);
  g_assert_false (lalan_probe_get_running (probe));
}

static void
async_run_clear (AsyncRun *run)
{
  g_clear_handle_id (&run->cancel_timeout, g_source_remove);
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->result, lalan_probe_result_free);
  g_clear_error (&run->error);
  g_clear_pointer (&run->phases, g_array_unref);
  g_clear_pointer (&run->fractions, g_array_unref);
}

static void
test_cancel_during_download (void)
{
  g_autoptr(MeasureProxy) proxy = measure_proxy_start (server->port, "--rate-kbit=1000", "--shared-link", NULL);
  g_autoptr(LalanProbe) probe = lalan_probe_new (proxy->url);
  AsyncRun run = { .cancel_in_phase = LALAN_PROBE_PHASE_DOWNLOAD };
  double stopped_after;

  lalan_probe_set_duration (probe, 30);
  run_async (probe, &run);

  stopped_after = (run.finished_at - run.cancelled_at) / (double) G_USEC_PER_SEC;
  g_test_message ("cancelled during download: stopped after %.3f s", stopped_after);
  g_assert_null (run.result);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (run.cancelled_at, >, 0);
  g_assert_cmpfloat (stopped_after, <, 1.0);
  async_run_clear (&run);
}

static void
test_cancel_while_waiting (void)
{
  g_autoptr(MeasureProxy) proxy = measure_proxy_start (server->port, "--fault=blackhole", NULL);
  g_autoptr(LalanProbe) probe = lalan_probe_new (proxy->url);
  AsyncRun run = { 0 };
  double stopped_after;

  /* Waiting for an answer that will not come for 30 s. */
  lalan_probe_set_timeout (probe, 30);
  run.cancel_timeout = g_timeout_add (500, cancel_cb, &run);
  run_async (probe, &run);

  stopped_after = (run.finished_at - run.cancelled_at) / (double) G_USEC_PER_SEC;
  g_test_message ("cancelled while waiting: stopped after %.3f s", stopped_after);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (stopped_after, <, 1.0);
  async_run_clear (&run);
}

static void
test_progress (void)
{
  g_autoptr(MeasureProxy) proxy = measure_proxy_start (server->port, "--rate-kbit=10000", "--shared-link", NULL);
  g_autoptr(LalanProbe) probe = lalan_probe_new (proxy->url);
  AsyncRun run = { 0 };
  gboolean saw_download = FALSE, saw_upload = FALSE;

  lalan_probe_set_duration (probe, 1);
  lalan_probe_set_byte_cap (probe, 4000000);
  run_async (probe, &run);

  g_assert_no_error (run.error);
  g_assert_nonnull (run.result);
  g_assert_cmpint (run.result->outcome, ==, LALAN_PROBE_OUTCOME_COMPLETE);
  g_assert_true (run.running_during);

  /* About ten a second: phases in order, the bar never going back,
   * ending full. */
  g_assert_cmpuint (run.phases->len, >, 10);
  for (guint i = 1; i < run.phases->len; i++)
    {
      g_assert_cmpint (g_array_index (run.phases, LalanProbePhase, i), >=,
                       g_array_index (run.phases, LalanProbePhase, i - 1));
      g_assert_cmpfloat (g_array_index (run.fractions, double, i), >=,
                         g_array_index (run.fractions, double, i - 1));
      saw_download |= g_array_index (run.phases, LalanProbePhase, i) == LALAN_PROBE_PHASE_DOWNLOAD;
      saw_upload |= g_array_index (run.phases, LalanProbePhase, i) == LALAN_PROBE_PHASE_UPLOAD;
    }
  g_assert_true (saw_download);
  g_assert_true (saw_upload);
  g_assert_cmpint (g_array_index (run.phases, LalanProbePhase, run.phases->len - 1), ==, LALAN_PROBE_PHASE_DONE);
  g_assert_cmpfloat (g_array_index (run.fractions, double, run.fractions->len - 1), ==, 1.0);

  /* One test at a time. */
  async_run_clear (&run);
}

/* ---- the cap ----------------------------------------------------------------- */

static void
test_byte_cap (void)
{
  g_autoptr(MeasureProxy) proxy = measure_proxy_start (server->port, "--rate-kbit=50000", "--shared-link", NULL);
  const gint64 cap = 3000000;
  double elapsed;
  g_autoptr(LalanProbeResult) result = run_probe (proxy->url, PHASE_SECONDS, cap, 10, &elapsed);

  g_test_message ("cap %" G_GINT64_FORMAT ": used %" G_GINT64_FORMAT " bytes in %.2f s, down %.2f, up %.2f",
                  cap, result->bytes_used, elapsed, result->download_mbps, result->upload_mbps);
  g_assert_cmpint (result->outcome, ==, LALAN_PROBE_OUTCOME_COMPLETE);
  g_assert_cmpint (result->byte_cap, ==, cap);
  g_assert_cmpint (result->bytes_used, <=, cap);
  g_assert_cmpint (result->bytes_used, >, cap / 2);
  /* Stopped by the cap, long before its time was up. */
  g_assert_cmpfloat (elapsed, <, PHASE_SECONDS);
  g_assert_cmpfloat (result->download_mbps, >, 10);
  g_assert_cmpfloat (result->upload_mbps, >, 10);
}

/* ---- the CLI ----------------------------------------------------------------- */

static void
test_cli_json (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanMeasurement) stored = NULL;
  const char *required[] = {
    "download_mbps", "upload_mbps", "latency_ms", "jitter_ms", "dns_ms", "captive_portal", "bytes_used",
  };
  JsonObject *object;
  LalanStore *store;
  int status;

  status = lalan_test_run_cli (&out, &err, "measure", "--server", server->url, "--json",
                               "--duration", "1", "--cap", "4000000", NULL);
  g_test_message ("%s%s", out, err);
  g_assert_cmpint (status, ==, 0);

  /* One object, and nothing else on standard output. */
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    g_assert_true (json_object_has_member (object, required[i]));
  g_assert_cmpfloat (json_object_get_double_member (object, "download_mbps"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (object, "upload_mbps"), >, 0);
  g_assert_false (json_object_get_boolean_member (object, "captive_portal"));
  g_assert_cmpstr (json_object_get_string_member (object, "outcome"), ==, "complete");
  g_assert_cmpint (json_object_get_int_member (object, "bytes_used"), <=, 4000000);

  /* Kept in the test history. */
  store = lalan_store_get_default (&error);
  g_assert_no_error (error);
  stored = lalan_store_get_measurement (store, json_object_get_string_member (object, "measurement_id"), &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (stored->download_mbps, ==, json_object_get_double_member (object, "download_mbps"));
  g_assert_cmpstr (stored->server_url, ==, server->url);
}

static void
test_cli_no_server (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  /* Nothing set: a sentence (in the test's language) and a usage status,
   * before any network is touched. */
  status = lalan_test_run_cli (&out, &err, "measure", NULL);
  g_assert_cmpint (status, ==, 64);
  g_assert_cmpuint (strlen (err), >, 20);
  g_assert_cmpstr (out, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  lalan_test_init (&argc, &argv);
  curl_global_init (CURL_GLOBAL_DEFAULT);

  server = measure_server_start ();

  g_test_add_data_func ("/probe/accuracy/1-mbit", GUINT_TO_POINTER (1000), test_rate);
  g_test_add_data_func ("/probe/accuracy/10-mbit", GUINT_TO_POINTER (10000), test_rate);
  g_test_add_data_func ("/probe/accuracy/50-mbit", GUINT_TO_POINTER (50000), test_rate);
  g_test_add_func ("/probe/accuracy/latency", test_latency);
  g_test_add_func ("/probe/captive-portal/page", test_captive_page);
  g_test_add_func ("/probe/captive-portal/redirect", test_captive_redirect);
  g_test_add_func ("/probe/no-speed-test", test_no_speed_test);
  g_test_add_func ("/probe/timeout", test_timeout);
  g_test_add_func ("/probe/unreachable", test_unreachable);
  g_test_add_func ("/probe/tls/unverified", test_unverified_certificate);
  g_test_add_func ("/probe/cancel/during-download", test_cancel_during_download);
  g_test_add_func ("/probe/cancel/while-waiting", test_cancel_while_waiting);
  g_test_add_func ("/probe/progress", test_progress);
  g_test_add_func ("/probe/byte-cap", test_byte_cap);
  g_test_add_func ("/probe/cli/json", test_cli_json);
  g_test_add_func ("/probe/cli/no-server", test_cli_no_server);

  status = g_test_run ();

  g_clear_pointer (&server, measure_server_free);
  curl_global_cleanup ();

  return status;
}
