/* lalan-probe-worker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-probe-worker-private.h"

#include <glib/gi18n-lib.h>
#ifdef __linux__
#include <netinet/in.h>
#include <linux/tcp.h>
#include <sys/socket.h>
#endif
#include <math.h>
#include <string.h>

/* One connectivity test, run on the calling (worker) thread with libcurl's
 * multi interface against a lalan-inventory server's /v1/speedtest/:
 *
 *   contact    GET ping once: DNS, TCP and TLS times, and whether the
 *              answer is the expected 204 or a captive portal's page or
 *              redirect
 *   latency    GET ping ten more times: the round trip
 *   download   GET download on a few connections at once, counting bytes
 *              as they arrive
 *   upload     POST upload on a few connections at once, counting the
 *              bytes TCP says the other end acknowledged, so the bytes
 *              waiting in this computer's buffers are never counted as sent
 *
 * While download and upload run, a ping every 200 ms on its own connection
 * measures the latency under load. The multi handle is polled at most 50 ms
 * at a time (and woken at once on cancellation), so cancelling stops the
 * test within a fraction of a second. */

/* ---- phases --------------------------------------------------------------- */

static gboolean
run_contact (LalanProbeRun       *run,
             LalanProbeTransfer  *ping,
             GError   **error)
{
  LalanProbeResult *result = run->result;
  curl_off_t lookup = 0, connected = 0, tls = 0;
  gboolean ok;

  lalan_probe_run_begin_phase (run, LALAN_PROBE_PHASE_CONTACT, 0, WEIGHT_CONTACT);
  /* The server closes this connection after its 204: not one to keep. */
  curl_easy_setopt (ping->easy, CURLOPT_FORBID_REUSE, 1L);
  lalan_probe_transfer_start (ping, CONTACT_PATH);
  ok = lalan_probe_run_wait_for (run, ping, error);
  curl_easy_setopt (ping->easy, CURLOPT_FORBID_REUSE, 0L);
  if (!ok)
    return FALSE;

  curl_easy_getinfo (ping->easy, CURLINFO_NAMELOOKUP_TIME_T, &lookup);
  curl_easy_getinfo (ping->easy, CURLINFO_CONNECT_TIME_T, &connected);
  curl_easy_getinfo (ping->easy, CURLINFO_APPCONNECT_TIME_T, &tls);
  if (connected > 0)
    {
      result->dns_ms = lookup / 1000.0;
      result->connect_ms = (connected - lookup) / 1000.0;
      if (tls > 0)
        result->tls_ms = (tls - connected) / 1000.0;
    }

  if (!lalan_probe_transfer_is_empty_answer (ping, 204))
    lalan_probe_run_explain_failure (run, ping);

  run->phase_done = 1;
  return TRUE;
}

static gboolean
run_latency (LalanProbeRun       *run,
             LalanProbeTransfer  *ping,
             GError   **error)
{
  LalanProbeResult *result = run->result;
  g_autoptr(GArray) rtts = g_array_new (FALSE, FALSE, sizeof (double));
  LalanProbeTransfer *failed = NULL;

  lalan_probe_run_begin_phase (run, LALAN_PROBE_PHASE_LATENCY, WEIGHT_CONTACT, WEIGHT_LATENCY);

  for (guint i = 0; i < run->config->pings; i++)
    {
      lalan_probe_transfer_start (ping, ROUND_TRIP_PATH);
      if (!lalan_probe_run_wait_for (run, ping, error))
        return FALSE;

      if (lalan_probe_transfer_lost_reused_connection (ping))
        {
          lalan_probe_transfer_start (ping, ROUND_TRIP_PATH);
          if (!lalan_probe_run_wait_for (run, ping, error))
            return FALSE;
        }

      if (lalan_probe_transfer_is_empty_answer (ping, 200))
        {
          double rtt = lalan_probe_transfer_round_trip_ms (ping);

          g_array_append_val (rtts, rtt);
          run->last_latency_ms = rtt;
        }
      else
        {
          failed = ping;
          break;
        }
      run->phase_done = (i + 1) / (double) run->config->pings;
    }

  result->latency_samples = rtts->len;
  result->latency_ms = lalan_stats_median ((double *) rtts->data, rtts->len);
  result->latency_min_ms = lalan_stats_minimum ((double *) rtts->data, rtts->len);
  result->jitter_ms = lalan_stats_jitter ((double *) rtts->data, rtts->len);

  if (failed != NULL)
    lalan_probe_run_explain_failure (run, failed);

  return TRUE;
}

/* The loaded-latency ping: one request at a time, 200 ms apart. */
static void
tend_loaded_ping (LalanProbeRun      *run,
                  LalanProbeTransfer *ping,
                  gint64   *next_at)
{
  gint64 now = lalan_probe_run_phase_now (run);

  if (ping->done)
    {
      if (lalan_probe_transfer_is_empty_answer (ping, 200))
        {
          double rtt = lalan_probe_transfer_round_trip_ms (ping);

          g_array_append_val (run->loaded_rtts, rtt);
          run->last_latency_ms = rtt;
        }
      ping->done = FALSE;
      *next_at = now + LOADED_PING_GAP_US;
    }

  if (!ping->active && now >= *next_at)
    lalan_probe_transfer_start (ping, ROUND_TRIP_PATH);
}

static void
reset_phase_data (LalanProbeRun *run)
{
  g_clear_pointer (&run->timeline, lalan_rate_timeline_free);
  g_clear_pointer (&run->live, lalan_rate_timeline_free);
  run->timeline = lalan_rate_timeline_new ();
  run->live = lalan_rate_timeline_new ();
  g_array_set_size (run->loaded_rtts, 0);
}

/* Median and 90th percentile of the rates over [window start, end]; the
 * warm-up is left out, and a phase cut short by the byte cap keeps its
 * last three quarters. */
static void
summarize_rates (LalanProbeRun    *run,
                 gint64  end_us,
                 double *median,
                 double *p90)
{
  gint64 start = MIN (lalan_probe_warmup_us (run->config->duration), end_us / 4);
  g_autoptr(GArray) samples = lalan_rate_timeline_samples (run->timeline, start, end_us);

  if (samples->len == 0)
    {
      /* Too short to cut into intervals (a fast link and a small cap):
       * the one average there is, over the same window. */
      double mbps = lalan_rate_timeline_mean_mbps (run->timeline, start, end_us);

      /* Shorter than a 10 ms bucket (a loopback or LAN server): all of it. */
      if (!isfinite (mbps) && lalan_rate_timeline_total (run->timeline) > 0)
        mbps = lalan_rate_timeline_total (run->timeline) * 8 / (double) MAX (end_us, 1000);

      if (isfinite (mbps))
        g_array_append_val (samples, mbps);
    }

  {
    g_autoptr(GString) text = g_string_new (NULL);

    for (guint i = 0; i < samples->len; i++)
      g_string_append_printf (text, " %.2f", g_array_index (samples, double, i));
    g_debug ("connectivity test: phase %d, window %.2f–%.2f s, Mbit/s:%s",
             run->phase, start / 1e6, end_us / 1e6, text->str);
  }

  *median = lalan_stats_median ((double *) samples->data, samples->len);
  *p90 = lalan_stats_percentile ((double *) samples->data, samples->len, 90);
}

static gboolean
run_download (LalanProbeRun       *run,
              LalanProbeTransfer  *pinger,
              GError   **error)
{
  LalanProbeResult *result = run->result;
  const LalanProbeConfig *config = run->config;
  g_autoptr(GPtrArray) streams = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_probe_transfer_free);
  gint64 budget = MAX (0, config->byte_cap / 2 - run->bytes_used);
  gint64 per_stream = budget / config->streams;
  gint64 deadline = (gint64) (config->duration * G_USEC_PER_SEC);
  gint64 first_end = G_MAXINT64;
  gint64 next_ping = 0;
  gint64 end;
  g_autofree char *path = NULL;
  LalanProbeTransfer *failed = NULL;

  if (per_stream < MIN_STREAM_BYTES)
    return TRUE;

  reset_phase_data (run);
  lalan_probe_run_begin_phase (run, LALAN_PROBE_PHASE_DOWNLOAD, WEIGHT_CONTACT + WEIGHT_LATENCY, WEIGHT_TRANSFER);

  path = g_strdup_printf ("/v1/speedtest/download?bytes=%" G_GINT64_FORMAT, per_stream);
  for (guint i = 0; i < config->streams; i++)
    {
      LalanProbeTransfer *stream = lalan_probe_transfer_new (run, LALAN_PROBE_TRANSFER_DOWNLOAD);

      g_ptr_array_add (streams, stream);
      lalan_probe_transfer_start (stream, path);
    }

  for (;;)
    {
      guint finished = 0;
      gint64 now;

      if (!lalan_probe_run_pump (run, error))
        return FALSE;

      now = lalan_probe_run_phase_now (run);
      tend_loaded_ping (run, pinger, &next_ping);

      for (guint i = 0; i < streams->len; i++)
        {
          LalanProbeTransfer *stream = g_ptr_array_index (streams, i);

          if (stream->done && !stream->finished)
            {
              stream->finished = TRUE;
              first_end = MIN (first_end, stream->ended_us);
              if (stream->code != CURLE_OK || stream->status != 200)
                failed = stream;
            }
          finished += stream->finished;
        }

      run->phase_done = now / (double) deadline;
      if (finished == streams->len || now >= deadline || failed != NULL)
        break;

      /* Nothing at all for the whole timeout: the server stopped answering. */
      if (now >= (gint64) config->timeout_ms * 1000 && lalan_rate_timeline_total (run->timeline) == 0)
        {
          g_autoptr(LalanProbeTransfer) stalled = lalan_probe_transfer_new (run, LALAN_PROBE_TRANSFER_DOWNLOAD);

          stalled->code = CURLE_OPERATION_TIMEDOUT;
          lalan_probe_run_explain_failure (run, stalled);
          return TRUE;
        }
    }

  end = MIN (lalan_probe_run_phase_now (run), first_end);
  g_ptr_array_set_size (streams, 0);
  lalan_probe_transfer_stop (pinger);
  pinger->done = FALSE;

  /* A stream cut or refused half-way: what was measured before it stands,
   * and the outcome says the connection broke off. */
  if (failed != NULL)
    end = MIN (end, failed->ended_us);

  if (lalan_rate_timeline_total (run->timeline) > 0)
    {
      summarize_rates (run, end, &result->download_mbps, &result->download_p90_mbps);
      result->download_loaded_latency_ms = lalan_stats_median ((double *) run->loaded_rtts->data, run->loaded_rtts->len);
    }

  if (failed != NULL)
    lalan_probe_run_explain_failure (run, failed);

  return TRUE;
}

/* How many of the bytes sent the other end has acknowledged: what reached
 * it, leaving out what still waits in this computer's buffers. */
static gboolean
read_bytes_acked (LalanProbeTransfer *transfer,
                  guint64  *acked)
{
#ifdef __linux__
  struct tcp_info info;
  socklen_t length = sizeof info;

  if (transfer->socket == CURL_SOCKET_BAD)
    return FALSE;

  memset (&info, 0, sizeof info);
  if (getsockopt (transfer->socket, IPPROTO_TCP, TCP_INFO, &info, &length) != 0 ||
      length < G_STRUCT_OFFSET (struct tcp_info, tcpi_bytes_acked) + sizeof info.tcpi_bytes_acked)
    return FALSE;

  *acked = info.tcpi_bytes_acked;
  return TRUE;
#else
  return FALSE;
#endif
}

/* Upload is counted by what the server's side acknowledged, sampled as
 * the test runs: counting what was handed to the socket would count the
 * hundreds of kilobytes the system buffers at once as if they had left. */
static void
sample_upload (LalanProbeRun      *run,
               LalanProbeTransfer *stream,
               gint64    now)
{
  guint64 acked;

  if (!run->acked_available)
    return;

  if (!read_bytes_acked (stream, &acked))
    return;

  if (stream->acked_known && acked > stream->acked)
    lalan_rate_timeline_add (run->timeline, now, (double) (acked - stream->acked));

  stream->acked = acked;
  stream->acked_known = TRUE;
}

static gboolean
run_upload (LalanProbeRun       *run,
            LalanProbeTransfer  *pinger,
            GError   **error)
{
  LalanProbeResult *result = run->result;
  const LalanProbeConfig *config = run->config;
  g_autoptr(GPtrArray) streams = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_probe_transfer_free);
  /* What is left of the cap, less room for the answers and latency pings. */
  gint64 budget = MAX (0, config->byte_cap - run->bytes_used - 64 * 1024);
  gint64 per_stream = budget / config->streams;
  gint64 deadline = (gint64) (config->duration * G_USEC_PER_SEC);
  gint64 first_end = G_MAXINT64;
  gint64 next_ping = 0;
  gint64 end;
  LalanProbeTransfer *failed = NULL;

  if (per_stream < MIN_STREAM_BYTES)
    return TRUE;

  reset_phase_data (run);
  lalan_probe_run_begin_phase (run, LALAN_PROBE_PHASE_UPLOAD, WEIGHT_CONTACT + WEIGHT_LATENCY + WEIGHT_TRANSFER, WEIGHT_TRANSFER);

  for (guint i = 0; i < config->streams; i++)
    {
      LalanProbeTransfer *stream = lalan_probe_transfer_new (run, LALAN_PROBE_TRANSFER_UPLOAD);

      g_ptr_array_add (streams, stream);
      stream->post_size = per_stream;
      lalan_probe_transfer_start (stream, "/v1/speedtest/upload");
    }

  for (;;)
    {
      guint finished = 0;
      gint64 now;

      if (!lalan_probe_run_pump (run, error))
        return FALSE;

      now = lalan_probe_run_phase_now (run);
      tend_loaded_ping (run, pinger, &next_ping);

      for (guint i = 0; i < streams->len; i++)
        {
          LalanProbeTransfer *stream = g_ptr_array_index (streams, i);

          if (stream->active)
            sample_upload (run, stream, now);

          if (stream->done && !stream->finished)
            {
              stream->finished = TRUE;
              first_end = MIN (first_end, stream->ended_us);
              if (stream->code != CURLE_OK || stream->status != 200)
                failed = stream;
            }
          finished += stream->finished;
        }

      run->phase_done = now / (double) deadline;
      if (finished == streams->len || now >= deadline || failed != NULL)
        break;

      if (now >= (gint64) config->timeout_ms * 1000 && lalan_rate_timeline_total (run->live) == 0)
        {
          g_autoptr(LalanProbeTransfer) stalled = lalan_probe_transfer_new (run, LALAN_PROBE_TRANSFER_UPLOAD);

          stalled->code = CURLE_OPERATION_TIMEDOUT;
          lalan_probe_run_explain_failure (run, stalled);
          return TRUE;
        }
    }

  end = MIN (lalan_probe_run_phase_now (run), first_end);
  g_ptr_array_set_size (streams, 0);
  lalan_probe_transfer_stop (pinger);
  pinger->done = FALSE;

  if (failed != NULL)
    end = MIN (end, failed->ended_us);

  /* Without TCP's own count, what left this program is the best there is. */
  if (!run->acked_available)
    {
      lalan_rate_timeline_free (run->timeline);
      run->timeline = g_steal_pointer (&run->live);
      run->live = lalan_rate_timeline_new ();
    }

  if (lalan_rate_timeline_total (run->timeline) > 0)
    {
      summarize_rates (run, end, &result->upload_mbps, &result->upload_p90_mbps);
      result->upload_loaded_latency_ms = lalan_stats_median ((double *) run->loaded_rtts->data, run->loaded_rtts->len);
    }

  if (failed != NULL)
    lalan_probe_run_explain_failure (run, failed);

  return TRUE;
}

/* ---- the test ------------------------------------------------------------- */

static void
run_clear (LalanProbeRun *run)
{
  g_clear_pointer (&run->multi, curl_multi_cleanup);
  g_clear_pointer (&run->headers, curl_slist_free_all);
  g_clear_pointer (&run->upload_headers, curl_slist_free_all);
  g_clear_pointer (&run->timeline, lalan_rate_timeline_free);
  g_clear_pointer (&run->live, lalan_rate_timeline_free);
  g_clear_pointer (&run->loaded_rtts, g_array_unref);
  g_clear_pointer (&run->upload_block, g_free);
  g_clear_pointer (&run->result, lalan_probe_result_free);
}

/**
 * lalan_probe_worker_run:
 * @config: what to test
 * @cancellable: (nullable): stops the test
 * @progress: (nullable): called on this thread about ten times a second
 * @user_data: for @progress
 * @error: a location for a #GError: only cancellation
 *
 * Runs one connectivity test on the calling thread. Blocks until done.
 *
 * Returns: (transfer full): the result, or %NULL when cancelled
 */
LalanProbeResult *
lalan_probe_worker_run (const LalanProbeConfig  *config,
                        GCancellable            *cancellable,
                        LalanProbeProgressFunc   progress,
                        gpointer                 user_data,
                        GError                 **error)
{
  LalanProbeRun run = { 0 };
  g_autoptr(LalanProbeTransfer) ping = NULL;
  g_autoptr(LalanProbeTransfer) pinger = NULL;
  g_autoptr(GCancellable) own_cancellable = NULL;
  gulong cancelled_id = 0;
  LalanProbeResult *result;
  gboolean ok;

  if (cancellable == NULL)
    cancellable = own_cancellable = g_cancellable_new ();

  run.config = config;
  run.cancellable = cancellable;
  run.progress = progress;
  run.progress_data = user_data;
  run.last_latency_ms = NAN;
  run.multi = curl_multi_init ();
  run.loaded_rtts = g_array_new (FALSE, FALSE, sizeof (double));
  run.timeline = lalan_rate_timeline_new ();
  run.live = lalan_rate_timeline_new ();
  run.headers = curl_slist_append (NULL, "Cache-Control: no-cache, no-store");
  run.upload_headers = curl_slist_append (NULL, "Cache-Control: no-cache, no-store");
  run.upload_headers = curl_slist_append (run.upload_headers, "Content-Type: application/octet-stream");
  run.upload_headers = curl_slist_append (run.upload_headers, "Expect:");
#ifdef __linux__
  run.acked_available = TRUE;
#endif
  run.upload_block = g_malloc (UPLOAD_BLOCK_SIZE);
  for (guint i = 0; i < UPLOAD_BLOCK_SIZE / sizeof (guint32); i++)
    ((guint32 *) run.upload_block)[i] = g_random_int ();

  run.result = lalan_probe_result_new ();
  run.result->server_url = g_strdup (config->root);
  run.result->started_at = g_get_real_time ();
  run.result->network_available = config->network_available;
  run.result->connectivity = config->connectivity;
  run.result->metered = config->metered;
  run.result->byte_cap = config->byte_cap;
  run.result->streams = config->streams;
  g_free (run.result->network_type);
  run.result->network_type = lalan_probe_detect_network_type ();
  run.start_us = g_get_monotonic_time ();

  cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (lalan_probe_run_cancelled_cb), &run, NULL);

  ping = lalan_probe_transfer_new (&run, LALAN_PROBE_TRANSFER_PING);
  pinger = lalan_probe_transfer_new (&run, LALAN_PROBE_TRANSFER_PING);

  ok = run_contact (&run, ping, error);
  if (ok && run.result->outcome == LALAN_PROBE_OUTCOME_COMPLETE)
    ok = run_latency (&run, ping, error);
  if (ok && run.result->outcome == LALAN_PROBE_OUTCOME_COMPLETE)
    ok = run_download (&run, pinger, error);
  if (ok && run.result->outcome == LALAN_PROBE_OUTCOME_COMPLETE)
    ok = run_upload (&run, pinger, error);

  g_clear_pointer (&ping, lalan_probe_transfer_free);
  g_clear_pointer (&pinger, lalan_probe_transfer_free);
  g_cancellable_disconnect (cancellable, cancelled_id);

  if (!ok)
    {
      run_clear (&run);
      return NULL;
    }

  run.phase = LALAN_PROBE_PHASE_DONE;
  run.phase_base = 1;
  run.phase_weight = 0;
  lalan_probe_run_report_progress (&run, TRUE);

  run.result->bytes_used = run.bytes_used;
  run.result->duration_s = (g_get_monotonic_time () - run.start_us) / (double) G_USEC_PER_SEC;
  result = g_steal_pointer (&run.result);
  run_clear (&run);

  return result;
}
