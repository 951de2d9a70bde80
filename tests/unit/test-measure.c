/* test-measure.c — the connectivity test's arithmetic, verdicts, schedule,
 * and its results' way through the store and into survey records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-form-session.h"
#include "lalan-measure-report.h"
#include "lalan-measure-schedule.h"
#include "lalan-measure-server.h"
#include "lalan-measure-survey.h"
#include "lalan-probe.h"
#include "lalan-probe-stats.h"
#include "lalan-store.h"
#include "lalan-test.h"
#include "lalan-verdict.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#define NOT_MEASURED NAN

/* ---- statistics ---------------------------------------------------------- */

static void
test_stats (void)
{
  const double odd[] = { 5, 1, 4, 2, 3 };
  const double even[] = { 10, 40, 20, 30 };
  const double rtts[] = { 100, 110, 100, 130 };

  g_assert_cmpfloat (lalan_stats_median (odd, 5), ==, 3);
  g_assert_cmpfloat (lalan_stats_median (even, 4), ==, 25);
  g_assert_cmpfloat (lalan_stats_minimum (odd, 5), ==, 1);
  /* Ranks 0..4: the 90th percentile sits 60 % of the way from 4 to 5. */
  g_assert_cmpfloat_with_epsilon (lalan_stats_percentile (odd, 5, 90), 4.6, 1e-9);
  g_assert_cmpfloat (lalan_stats_percentile (odd, 5, 100), ==, 5);
  g_assert_cmpfloat (lalan_stats_percentile (odd, 5, 0), ==, 1);
  /* |110-100| + |100-110| + |130-100|, over three differences. */
  g_assert_cmpfloat_with_epsilon (lalan_stats_jitter (rtts, 4), 50.0 / 3, 1e-9);

  g_assert_true (isnan (lalan_stats_median (NULL, 0)));
  g_assert_true (isnan (lalan_stats_minimum (NULL, 0)));
  g_assert_true (isnan (lalan_stats_jitter (rtts, 1)));
}

static void
test_timeline_steady (void)
{
  g_autoptr(LalanRateTimeline) timeline = lalan_rate_timeline_new ();
  g_autoptr(GArray) samples = NULL;

  /* 10 Mbit/s is 1250 bytes a millisecond, for four seconds. */
  for (gint64 ms = 0; ms < 4000; ms++)
    lalan_rate_timeline_add (timeline, ms * 1000, 1250);

  g_assert_cmpfloat (lalan_rate_timeline_total (timeline), ==, 5000000);
  samples = lalan_rate_timeline_samples (timeline, 1000000, 4000000);
  /* One-second intervals, one every 250 ms, over three seconds. */
  g_assert_cmpuint (samples->len, ==, 9);
  for (guint i = 0; i < samples->len; i++)
    g_assert_cmpfloat_with_epsilon (g_array_index (samples, double, i), 10.0, 1e-9);

  g_assert_cmpfloat_with_epsilon (lalan_rate_timeline_recent_mbps (timeline, 2000000, 1000000), 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (lalan_rate_timeline_mean_mbps (timeline, 1000000, 3000000), 10.0, 1e-9);
  /* Past the last byte, the average falls. */
  g_assert_cmpfloat_with_epsilon (lalan_rate_timeline_mean_mbps (timeline, 3000000, 5000000), 5.0, 1e-9);
  g_assert_true (isnan (lalan_rate_timeline_mean_mbps (timeline, 3000000, 3000000)));
}

static void
test_timeline_bursts (void)
{
  g_autoptr(LalanRateTimeline) timeline = lalan_rate_timeline_new ();
  g_autoptr(GArray) samples = NULL;
  double median;

  /* 5 Mbit/s on average, arriving as a 125 kB burst every 200 ms: short
   * intervals would swing between 0 and 10, overlapping seconds do not. */
  for (gint64 ms = 0; ms < 6000; ms += 200)
    lalan_rate_timeline_add (timeline, ms * 1000, 125000);

  samples = lalan_rate_timeline_samples (timeline, 1000000, 6000000);
  median = lalan_stats_median ((double *) samples->data, samples->len);
  g_assert_cmpfloat_with_epsilon (median, 5.0, 0.01);
  g_assert_cmpfloat (lalan_stats_percentile ((double *) samples->data, samples->len, 90), <=, 5.0 * 1.01);
}

static void
test_timeline_spread_and_short (void)
{
  g_autoptr(LalanRateTimeline) timeline = lalan_rate_timeline_new ();
  g_autoptr(GArray) samples = NULL;
  g_autoptr(GArray) none = NULL;

  /* 1 MB known only as a total over two seconds: 4 Mbit/s throughout. */
  lalan_rate_timeline_add_spread (timeline, 0, 2000000, 1000000);
  g_assert_cmpfloat_with_epsilon (lalan_rate_timeline_total (timeline), 1000000, 1e-6);
  samples = lalan_rate_timeline_samples (timeline, 0, 2000000);
  g_assert_cmpuint (samples->len, >, 0);
  for (guint i = 0; i < samples->len; i++)
    g_assert_cmpfloat_with_epsilon (g_array_index (samples, double, i), 4.0, 1e-6);

  /* A window too short for one interval gives no samples. */
  none = lalan_rate_timeline_samples (timeline, 0, 200000);
  g_assert_cmpuint (none->len, ==, 0);

  /* A quarter of the phase is warm-up, between 0.25 and 2 s. */
  g_assert_cmpint (lalan_probe_warmup_us (8), ==, 2000000);
  g_assert_cmpint (lalan_probe_warmup_us (3), ==, 750000);
  g_assert_cmpint (lalan_probe_warmup_us (0.5), ==, 250000);
  g_assert_cmpint (lalan_probe_warmup_us (30), ==, 2000000);
}

/* ---- verdicts ------------------------------------------------------------- */

static void
test_verdict_thresholds (void)
{
  for (LalanActivity a = 0; a < LALAN_N_ACTIVITIES; a++)
    {
      const LalanActivityNeeds *need = lalan_activity_get_needs (a);
      double down = need->down_mbps, up = need->up_mbps;
      double latency = need->latency_ms > 0 ? need->latency_ms : 100;
      double jitter = need->jitter_ms > 0 ? need->jitter_ms : 5;

      g_test_message ("%s: %.2f down, %.2f up, %.0f ms, %.0f ms jitter", lalan_activity_get_id (a),
                      need->down_mbps, need->up_mbps, need->latency_ms, need->jitter_ms);

      /* Exactly what it needs is enough. */
      g_assert_cmpint (lalan_verdict_for_activity (a, down, up, latency, jitter), ==, LALAN_VERDICT_ENOUGH);
      /* A little less: it breaks up at times; 60 % is still "may break up". */
      g_assert_cmpint (lalan_verdict_for_activity (a, down * 0.99, up, latency, jitter), ==, LALAN_VERDICT_STRUGGLES);
      g_assert_cmpint (lalan_verdict_for_activity (a, down, up * 0.6, latency, jitter), ==, LALAN_VERDICT_STRUGGLES);
      /* Under 60 %: too slow. */
      g_assert_cmpint (lalan_verdict_for_activity (a, down * 0.59, up, latency, jitter), ==, LALAN_VERDICT_NOT_ENOUGH);
      g_assert_cmpint (lalan_verdict_for_activity (a, down, up * 0.59, latency, jitter), ==, LALAN_VERDICT_NOT_ENOUGH);

      if (need->latency_ms > 0)
        {
          g_assert_cmpint (lalan_verdict_for_activity (a, down, up, latency * 1.01, jitter), ==, LALAN_VERDICT_STRUGGLES);
          g_assert_cmpint (lalan_verdict_for_activity (a, down, up, latency * 1.5, jitter), ==, LALAN_VERDICT_STRUGGLES);
          g_assert_cmpint (lalan_verdict_for_activity (a, down, up, latency * 1.51, jitter), ==, LALAN_VERDICT_NOT_ENOUGH);
        }
      if (need->jitter_ms > 0)
        {
          g_assert_cmpint (lalan_verdict_for_activity (a, down, up, latency, jitter * 1.2), ==, LALAN_VERDICT_STRUGGLES);
          g_assert_cmpint (lalan_verdict_for_activity (a, down, up, latency, jitter * 2), ==, LALAN_VERDICT_NOT_ENOUGH);
        }

      /* Nothing measured: no verdict, unless something measured already
       * rules it out. */
      g_assert_cmpint (lalan_verdict_for_activity (a, NOT_MEASURED, up, latency, jitter), ==, LALAN_VERDICT_UNKNOWN);
      g_assert_cmpint (lalan_verdict_for_activity (a, NOT_MEASURED, up * 0.1, latency, jitter), ==, LALAN_VERDICT_NOT_ENOUGH);

      g_assert_nonnull (lalan_activity_get_name (a));
      g_assert_cmpstr (lalan_verdict_headline (a), !=, lalan_verdict_headline (a - 1));
    }

  /* The ladder: each activity needs at least what the one before needs. */
  for (LalanActivity a = 1; a < LALAN_N_ACTIVITIES; a++)
    {
      const LalanActivityNeeds *need = lalan_activity_get_needs (a);
      const LalanActivityNeeds *before = lalan_activity_get_needs (a - 1);

      g_assert_cmpfloat (need->down_mbps, >=, before->down_mbps);
      g_assert_cmpfloat (need->up_mbps, >=, before->up_mbps);
    }
}

static void
test_verdict_examples (void)
{
  /* Typical links of the districts, and what they are enough for. */
  struct { double down, up, latency, jitter; int best; } cases[] = {
    { NOT_MEASURED, NOT_MEASURED, NOT_MEASURED, NOT_MEASURED, -1 },
    { 0.1, 0.05, 900, 200, -1 },                                 /* 2G in a valley */
    { 0.5, 0.2, 600, 120, LALAN_ACTIVITY_MESSAGES },              /* weak 3G */
    { 1.0, 0.5, 120, 20, LALAN_ACTIVITY_VOICE_CALL },             /* weak 4G */
    { 2.0, 1.5, 180, 30, LALAN_ACTIVITY_VIDEO_CALL },
    { 4.0, 2.0, 60, 10, LALAN_ACTIVITY_ONLINE_CLASS },
    { 12.0, 3.0, 40, 8, LALAN_ACTIVITY_HD_VIDEO },                /* good 4G */
    { 100.0, 40.0, 15, 2, LALAN_ACTIVITY_SHARED },                /* fibre */
    { 100.0, 40.0, 700, 2, LALAN_ACTIVITY_MESSAGES },             /* satellite, geostationary */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int best = lalan_verdict_best_activity (cases[i].down, cases[i].up, cases[i].latency, cases[i].jitter);

      g_test_message ("case %u: %s", i, lalan_verdict_headline (best));
      g_assert_cmpint (best, ==, cases[i].best);
    }
}

/* ---- schedule -------------------------------------------------------------- */

static void
test_schedule_gaps (void)
{
  g_autoptr(GRand) rng = g_rand_new_with_seed (42);
  const guint n = 20000;
  double sum = 0;
  guint at_min = 0, at_max = 0;
  double expected_mean;

  for (guint i = 0; i < n; i++)
    {
      double gap = lalan_measure_schedule_draw_gap (rng);

      g_assert_cmpfloat (gap, >=, LALAN_SCHEDULE_MIN_SECONDS);
      g_assert_cmpfloat (gap, <=, LALAN_SCHEDULE_MAX_SECONDS);
      sum += gap;
      at_min += gap == LALAN_SCHEDULE_MIN_SECONDS;
      at_max += gap == LALAN_SCHEDULE_MAX_SECONDS;
    }

  /* An exponential with mean m clamped to [a, b] has the mean
   * a + m·(e^(-a/m) − e^(-b/m)): 19 931 s for ndt7's figures. */
  expected_mean = LALAN_SCHEDULE_MIN_SECONDS +
                  LALAN_SCHEDULE_MEAN_SECONDS * (exp (-LALAN_SCHEDULE_MIN_SECONDS / LALAN_SCHEDULE_MEAN_SECONDS) -
                                                 exp (-LALAN_SCHEDULE_MAX_SECONDS / LALAN_SCHEDULE_MEAN_SECONDS));
  g_test_message ("mean gap %.0f s, expected %.0f s; %u at the minimum, %u at the maximum",
                  sum / n, expected_mean, at_min, at_max);
  g_assert_cmpfloat (fabs (sum / n - expected_mean) / expected_mean, <, 0.03);
  /* P(X < a) = 1 − e^(−0.1) ≈ 9.5 %, P(X > b) = e^(−2.5) ≈ 8.2 %. */
  g_assert_cmpfloat (fabs (at_min / (double) n - 0.0952), <, 0.01);
  g_assert_cmpfloat (fabs (at_max / (double) n - 0.0821), <, 0.01);
}

static void
test_schedule_store (void)
{
  g_autoptr(GError) error = NULL;
  LalanStore *store = lalan_store_get_default (&error);
  g_autoptr(GRand) rng = g_rand_new_with_seed (7);
  gint64 now = (gint64) 1800000000 * G_USEC_PER_SEC;
  gint64 next;

  g_assert_no_error (error);
  g_assert_true (lalan_measure_schedule_clear (store, &error));
  g_assert_cmpint (lalan_measure_schedule_get_next (store, &error), ==, 0);

  next = lalan_measure_schedule_plan_next (store, now, rng, &error);
  g_assert_no_error (error);
  g_assert_cmpint (next, >=, now + (gint64) LALAN_SCHEDULE_MIN_SECONDS * G_USEC_PER_SEC);
  g_assert_cmpint (next, <=, now + (gint64) LALAN_SCHEDULE_MAX_SECONDS * G_USEC_PER_SEC);
  /* Remembered, so a restart neither skips nor repeats a test. */
  g_assert_cmpint (lalan_measure_schedule_get_next (store, &error), ==, next);

  g_assert_true (lalan_measure_schedule_clear (store, &error));
  g_assert_cmpint (lalan_measure_schedule_get_next (store, &error), ==, 0);
}

/* ---- results and the store ------------------------------------------------ */

static LalanProbeResult *
make_result (void)
{
  LalanProbeResult *result = lalan_probe_result_new ();

  result->server_url = g_strdup ("https://inventory.example.tw");
  result->started_at = (gint64) 1795000000 * G_USEC_PER_SEC + 123000;
  result->duration_s = 17.25;
  result->network_available = TRUE;
  result->connectivity = G_NETWORK_CONNECTIVITY_FULL;
  result->metered = TRUE;
  g_free (result->network_type);
  result->network_type = g_strdup ("mobile");
  result->dns_ms = 12.5;
  result->connect_ms = 31.25;
  /* tls_ms stays NAN: a figure not measured must stay "not measured". */
  result->latency_ms = 48.5;
  result->latency_min_ms = 41.0;
  result->jitter_ms = 3.75;
  result->latency_samples = 10;
  result->download_mbps = 23.5;
  result->download_p90_mbps = 27.0;
  result->upload_mbps = 4.25;
  result->upload_p90_mbps = 5.0;
  result->download_loaded_latency_ms = 180.0;
  result->upload_loaded_latency_ms = 260.5;
  result->bytes_used = 4987654;
  result->byte_cap = LALAN_PROBE_CAP_METERED;
  result->streams = 4;

  return result;
}

static void
assert_same_double (double a,
                    double b)
{
  if (isnan (a))
    g_assert_true (isnan (b));
  else
    g_assert_cmpfloat (a, ==, b);
}

static void
assert_results_equal (const LalanProbeResult *a,
                      const LalanProbeResult *b)
{
  g_assert_cmpint (a->outcome, ==, b->outcome);
  g_assert_cmpstr (a->message, ==, b->message);
  g_assert_cmpstr (a->server_url, ==, b->server_url);
  g_assert_cmpint (a->started_at, ==, b->started_at);
  assert_same_double (a->duration_s, b->duration_s);
  g_assert_cmpint (a->network_available, ==, b->network_available);
  g_assert_cmpint (a->connectivity, ==, b->connectivity);
  g_assert_cmpint (a->metered, ==, b->metered);
  g_assert_cmpstr (a->network_type, ==, b->network_type);
  assert_same_double (a->dns_ms, b->dns_ms);
  assert_same_double (a->connect_ms, b->connect_ms);
  assert_same_double (a->tls_ms, b->tls_ms);
  assert_same_double (a->latency_ms, b->latency_ms);
  assert_same_double (a->latency_min_ms, b->latency_min_ms);
  assert_same_double (a->jitter_ms, b->jitter_ms);
  g_assert_cmpuint (a->latency_samples, ==, b->latency_samples);
  assert_same_double (a->download_mbps, b->download_mbps);
  assert_same_double (a->download_p90_mbps, b->download_p90_mbps);
  assert_same_double (a->upload_mbps, b->upload_mbps);
  assert_same_double (a->upload_p90_mbps, b->upload_p90_mbps);
  assert_same_double (a->download_loaded_latency_ms, b->download_loaded_latency_ms);
  assert_same_double (a->upload_loaded_latency_ms, b->upload_loaded_latency_ms);
  g_assert_cmpint (a->captive_portal, ==, b->captive_portal);
  g_assert_cmpstr (a->captive_portal_host, ==, b->captive_portal_host);
  g_assert_cmpint (a->bytes_used, ==, b->bytes_used);
  g_assert_cmpint (a->byte_cap, ==, b->byte_cap);
  g_assert_cmpuint (a->streams, ==, b->streams);
}

static void
test_result_store_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  LalanStore *store = lalan_store_get_default (&error);
  g_autoptr(LalanProbeResult) complete = make_result ();
  g_autoptr(LalanProbeResult) captive = lalan_probe_result_new ();

  g_assert_no_error (error);

  captive->outcome = LALAN_PROBE_OUTCOME_CAPTIVE_PORTAL;
  captive->message = g_strdup ("A sign-in page answered.");
  captive->captive_portal = TRUE;
  captive->captive_portal_host = g_strdup ("login.example.net");
  captive->server_url = g_strdup ("http://127.0.0.1:8383");
  captive->started_at = (gint64) 1795000100 * G_USEC_PER_SEC;

  for (guint i = 0; i < 2; i++)
    {
      LalanProbeResult *original = i == 0 ? complete : captive;
      g_autoptr(LalanMeasurement) measurement = lalan_probe_result_to_measurement (original);
      g_autoptr(LalanMeasurement) stored = NULL;
      g_autoptr(LalanProbeResult) back = NULL;
      g_autofree char *id = NULL;

      id = lalan_store_add_measurement (store, measurement, &error);
      g_assert_no_error (error);
      stored = lalan_store_get_measurement (store, id, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (stored->id, ==, id);

      back = lalan_probe_result_from_measurement (stored);
      assert_results_equal (original, back);
    }

  /* Both in the history, newest first. */
  {
    g_autoptr(GPtrArray) history = lalan_store_list_measurements (store, 0, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (history->len, >=, 2);
    g_assert_true (((LalanMeasurement *) history->pdata[0])->captive_portal);
  }
}

static void
test_result_json (void)
{
  g_autoptr(LalanProbeResult) result = make_result ();
  g_autofree char *json = lalan_probe_result_to_json (result, FALSE);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  const char *required[] = {
    "download_mbps", "upload_mbps", "latency_ms", "jitter_ms", "dns_ms", "captive_portal", "bytes_used",
  };

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    g_assert_true (json_object_has_member (object, required[i]));

  g_assert_cmpfloat (json_object_get_double_member (object, "download_mbps"), ==, 23.5);
  g_assert_cmpint (json_object_get_int_member (object, "bytes_used"), ==, 4987654);
  g_assert_false (json_object_get_boolean_member (object, "captive_portal"));
  /* Not measured is null, never NaN (which is not JSON). */
  g_assert_true (json_node_is_null (json_object_get_member (object, "tls_ms")));
  g_assert_cmpstr (json_object_get_string_member (object, "started_at"), ==, "2026-11-18T11:06:40Z");
  g_assert_cmpstr (json_object_get_string_member (object, "outcome"), ==, "complete");
}

/* ---- servers and caps ----------------------------------------------------- */

static void
test_root_url (void)
{
  struct { const char *in, *out; } good[] = {
    { "http://127.0.0.1:8383", "http://127.0.0.1:8383" },
    { "http://127.0.0.1:8383/", "http://127.0.0.1:8383" },
    { "https://inventory.example.tw/v1/key/abc/projects/1", "https://inventory.example.tw" },
    { "HTTPS://inventory.example.tw:8443/v1/key/…/projects/1", "https://inventory.example.tw:8443" },
    { "http://[::1]:8080/x", "http://[::1]:8080" },
  };
  const char *bad[] = { "", "inventory.example.tw", "ftp://example.tw", "file:///etc/passwd", "http://" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *root = lalan_probe_root_from_url (good[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (root, ==, good[i].out);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *root = lalan_probe_root_from_url (bad[i], &error);

      g_assert_null (root);
      g_assert_error (error, LALAN_PROBE_ERROR, LALAN_PROBE_ERROR_INVALID_URL);
    }
}

static void
test_find_server (void)
{
  g_autoptr(GError) error = NULL;
  LalanStore *store = lalan_store_get_default (&error);
  g_autofree char *none = NULL;
  g_autofree char *preferred = NULL;
  g_autofree char *synced = NULL;

  g_assert_no_error (error);
  g_assert_true (lalan_store_set_value (store, "sync-server-url", NULL, &error));

  none = lalan_measure_find_server (store, "", &error);
  g_assert_null (none);
  g_assert_error (error, LALAN_PROBE_ERROR, LALAN_PROBE_ERROR_NO_SERVER);
  g_clear_error (&error);

  /* The server records go to, at its root... */
  g_assert_true (lalan_store_set_value (store, "sync-server-url", "https://inventory.example.tw/v1/key/…/projects/1", &error));
  synced = lalan_measure_find_server (store, "", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (synced, ==, "https://inventory.example.tw");

  /* ...unless a test server is set. */
  preferred = lalan_measure_find_server (store, "http://10.0.0.2:8383/", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (preferred, ==, "http://10.0.0.2:8383");

  g_assert_true (lalan_store_set_value (store, "sync-server-url", NULL, &error));
}

static void
test_byte_caps (void)
{
  g_autoptr(LalanProbe) probe = lalan_probe_new ("http://127.0.0.1:1");

  g_assert_cmpint (lalan_probe_default_byte_cap (FALSE), ==, 25000000);
  g_assert_cmpint (lalan_probe_default_byte_cap (TRUE), ==, 5000000);

  g_assert_cmpint (lalan_probe_get_byte_cap (probe), ==, 0);
  lalan_probe_set_byte_cap (probe, 1000000);
  g_assert_cmpint (lalan_probe_get_byte_cap (probe), ==, 1000000);
  g_assert_cmpfloat (lalan_probe_get_duration (probe), ==, LALAN_PROBE_DEFAULT_SECONDS);
  g_assert_cmpuint (lalan_probe_get_streams (probe), ==, LALAN_PROBE_DEFAULT_STREAMS);
}

static void
test_invalid_server (void)
{
  g_autoptr(LalanProbe) probe = lalan_probe_new ("inventory.example.tw");
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanProbeResult) result = lalan_probe_run (probe, NULL, NULL, NULL, &error);

  g_assert_null (result);
  g_assert_error (error, LALAN_PROBE_ERROR, LALAN_PROBE_ERROR_INVALID_URL);
}

/* ---- into survey records ---------------------------------------------------- */

static LalanMeasurement *
stored_measurement (LalanStore *store)
{
  g_autoptr(LalanProbeResult) result = make_result ();
  g_autoptr(LalanMeasurement) measurement = lalan_probe_result_to_measurement (result);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = lalan_store_add_measurement (store, measurement, &error);

  g_assert_no_error (error);
  return lalan_store_get_measurement (store, id, &error);
}

static void
test_survey_values (void)
{
  g_autoptr(LalanProbeResult) result = make_result ();
  g_autoptr(LalanMeasurement) measurement = lalan_probe_result_to_measurement (result);
  g_autoptr(GPtrArray) values = lalan_measurement_survey_values (measurement, NULL);
  const char *expected[][2] = {
    { "/data/measurement/down_mbps", "23.50" },
    { "/data/measurement/up_mbps", "4.25" },
    { "/data/measurement/latency_ms", "48.5" },
    { "/data/measurement/jitter_ms", "3.8" },
    { "/data/measurement/measured_at", "2026-11-18T11:06:40.123+00:00" },
    { "/data/measurement/method", "app_test" },
  };

  g_assert_cmpuint (values->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < values->len; i++)
    {
      LalanInstanceValue *value = g_ptr_array_index (values, i);

      g_assert_cmpstr (value->path, ==, expected[i][0]);
      g_assert_cmpstr (value->value, ==, expected[i][1]);
    }

  /* A figure not measured is left out rather than written as "nan". */
  measurement->jitter_ms = NAN;
  g_clear_pointer (&values, g_ptr_array_unref);
  values = lalan_measurement_survey_values (measurement, "/data/other");
  g_assert_cmpuint (values->len, ==, G_N_ELEMENTS (expected) - 1);
  g_assert_cmpstr (((LalanInstanceValue *) values->pdata[0])->path, ==, "/data/other/down_mbps");
}

static LalanFormSession *
open_bundled (const char *form_id)
{
  g_autofree char *path = g_strdup_printf ("data/forms/%s.xml", form_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanForm) form = lalan_form_new_from_file (lalan_test_source_path (path), &error);
  LalanFormSessionOptions options = { .device_id = "lalan:test" };
  LalanFormSession *session;

  g_assert_no_error (error);
  session = lalan_form_session_new (form, &options, &error);
  g_assert_no_error (error);
  return session;
}

static void
test_fill_survey (void)
{
  const char *forms[] = { "lalan_household", "lalan_community" };
  g_autoptr(GError) error = NULL;
  LalanStore *store = lalan_store_get_default (&error);
  g_autoptr(LalanMeasurement) measurement = stored_measurement (store);

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(LalanFormSession) session = open_bundled (forms[i]);
      g_autoptr(GBytes) xml = NULL;
      g_autofree char *text = NULL;

      /* A volunteer's estimate from before is replaced, not mixed in. */
      g_assert_true (lalan_form_session_set_value (session, "/data/measurement/up_mbps", "1", &error));
      g_assert_true (lalan_form_session_set_value (session, "/data/measurement/method", "estimate", &error));
      measurement->upload_mbps = NAN;

      g_assert_true (lalan_measurement_fill_survey (measurement, session, NULL, &error));
      g_assert_no_error (error);

      /* The engine keeps decimals in their shortest form. */
      g_assert_cmpstr (lalan_form_session_get_value (session, "/data/measurement/down_mbps"), ==, "23.5");
      g_assert_cmpstr (lalan_form_session_get_value (session, "/data/measurement/up_mbps"), ==, "");
      g_assert_cmpstr (lalan_form_session_get_value (session, "/data/measurement/latency_ms"), ==, "48.5");
      g_assert_cmpstr (lalan_form_session_get_value (session, "/data/measurement/method"), ==, "app_test");

      xml = lalan_form_session_serialize (session, LALAN_FORM_SERIALIZE_DRAFT);
      text = g_strndup (g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));
      g_assert_nonnull (strstr (text, "<down_mbps>23.5</down_mbps>"));
      measurement->upload_mbps = 4.25;
    }
}

static void
test_save_report (void)
{
  g_autoptr(GError) error = NULL;
  LalanStore *store = lalan_store_get_default (&error);
  g_autoptr(LalanMeasurement) measurement = stored_measurement (store);
  g_autoptr(LalanMeasurement) linked = NULL;
  g_autoptr(LalanRecord) record = NULL;
  g_autoptr(LalanRecord) other = NULL;
  g_autoptr(LalanRecord) refused = NULL;
  g_autofree char *xml = NULL;

  /* 秀林鄉 (10015110), 秀林村, at the learning centre. */
  record = lalan_measure_save_report (store, measurement, "10015110", "10015110003",
                                      LALAN_MEASURE_PLACE_LEARNING_CENTRE, LALAN_MEASURE_METHOD_APP_TEST, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  g_assert_cmpint (lalan_record_get_state (record), ==, LALAN_RECORD_STATE_FINALIZED);
  g_assert_cmpstr (lalan_record_get_form_id (record), ==, "lalan_measurement");

  xml = g_strdup (lalan_record_get_instance_xml (record));
  g_test_message ("%s", xml);
  g_assert_nonnull (strstr (xml, "<town>10015110</town>"));
  g_assert_nonnull (strstr (xml, "<village>10015110003</village>"));
  g_assert_nonnull (strstr (xml, "<county>10015</county>"));
  g_assert_nonnull (strstr (xml, "<down_mbps>23.5</down_mbps>"));
  g_assert_nonnull (strstr (xml, "<up_mbps>4.25</up_mbps>"));
  g_assert_nonnull (strstr (xml, "<bytes_used>4987654</bytes_used>"));
  g_assert_nonnull (strstr (xml, "<network_type>mobile</network_type>"));
  g_assert_nonnull (strstr (xml, "<metered>yes</metered>"));
  g_assert_nonnull (strstr (xml, "<captive_portal>no</captive_portal>"));
  g_assert_nonnull (strstr (xml, "<method>app_test</method>"));
  g_assert_nonnull (strstr (xml, "<instanceID>uuid:"));

  /* The measurement knows its record. */
  linked = lalan_store_get_measurement (store, measurement->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (linked->record_instance_id, ==, lalan_record_get_instance_id (record));

  /* A village the list lacks goes in as "other" with its code. */
  other = lalan_measure_save_report (store, measurement, "10015110", "10015110099",
                                     LALAN_MEASURE_PLACE_HOME, LALAN_MEASURE_METHOD_SCHEDULED, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (lalan_record_get_instance_xml (other), "<village>other</village>"));
  g_assert_nonnull (strstr (lalan_record_get_instance_xml (other), "<village_code>10015110099</village_code>"));
  g_assert_nonnull (strstr (lalan_record_get_instance_xml (other), "<method>scheduled</method>"));

  /* No district, a village of another district, a failed test: refused. */
  refused = lalan_measure_save_report (store, measurement, "", "10015110003",
                                       LALAN_MEASURE_PLACE_HOME, LALAN_MEASURE_METHOD_APP_TEST, &error);
  g_assert_null (refused);
  g_assert_error (error, LALAN_PROBE_ERROR, LALAN_PROBE_ERROR_PLACE);
  g_clear_error (&error);
  refused = lalan_measure_save_report (store, measurement, "10015110", "10014010001",
                                       LALAN_MEASURE_PLACE_HOME, LALAN_MEASURE_METHOD_APP_TEST, &error);
  g_assert_null (refused);
  g_assert_error (error, LALAN_PROBE_ERROR, LALAN_PROBE_ERROR_PLACE);
  g_clear_error (&error);
  measurement->download_mbps = 12000;
  refused = lalan_measure_save_report (store, measurement, "10015110", "10015110003",
                                       LALAN_MEASURE_PLACE_HOME, LALAN_MEASURE_METHOD_APP_TEST, &error);
  g_assert_null (refused);
  g_assert_error (error, LALAN_PROBE_ERROR, LALAN_PROBE_ERROR_INCOMPLETE);
  g_clear_error (&error);
  measurement->download_mbps = NAN;
  refused = lalan_measure_save_report (store, measurement, "10015110", "10015110003",
                                       LALAN_MEASURE_PLACE_HOME, LALAN_MEASURE_METHOD_APP_TEST, &error);
  g_assert_null (refused);
  g_assert_error (error, LALAN_PROBE_ERROR, LALAN_PROBE_ERROR_INCOMPLETE);
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);

  g_test_add_func ("/measure/stats", test_stats);
  g_test_add_func ("/measure/timeline/steady", test_timeline_steady);
  g_test_add_func ("/measure/timeline/bursts", test_timeline_bursts);
  g_test_add_func ("/measure/timeline/spread-and-short", test_timeline_spread_and_short);
  g_test_add_func ("/measure/verdict/thresholds", test_verdict_thresholds);
  g_test_add_func ("/measure/verdict/examples", test_verdict_examples);
  g_test_add_func ("/measure/schedule/gaps", test_schedule_gaps);
  g_test_add_func ("/measure/schedule/store", test_schedule_store);
  g_test_add_func ("/measure/result/store-round-trip", test_result_store_round_trip);
  g_test_add_func ("/measure/result/json", test_result_json);
  g_test_add_func ("/measure/server/root-url", test_root_url);
  g_test_add_func ("/measure/server/find", test_find_server);
  g_test_add_func ("/measure/probe/byte-caps", test_byte_caps);
  g_test_add_func ("/measure/probe/invalid-server", test_invalid_server);
  g_test_add_func ("/measure/survey/values", test_survey_values);
  g_test_add_func ("/measure/survey/fill", test_fill_survey);
  g_test_add_func ("/measure/report/save", test_save_report);

  return g_test_run ();
}
