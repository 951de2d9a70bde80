/* lalan-probe-worker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-probe-private.h"
#include "lalan-probe-stats.h"

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#ifdef __linux__
#include <netinet/in.h>
#include <linux/tcp.h>
#include <sys/socket.h>
#endif
#include <json-glib/json-glib.h>
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

#define POLL_MS 50
#define PROGRESS_EVERY_US (100 * 1000)
#define BODY_KEEP 4096
#define LOADED_PING_GAP_US (200 * 1000)
#define MIN_STREAM_BYTES (16 * 1024)
#define UPLOAD_BLOCK_SIZE (64 * 1024)

/* Shares of the progress bar. */
#define WEIGHT_CONTACT 0.03
#define WEIGHT_LATENCY 0.07
#define WEIGHT_TRANSFER 0.45

typedef enum
{
  TRANSFER_PING,
  TRANSFER_DOWNLOAD,
  TRANSFER_UPLOAD,
} TransferKind;

typedef struct _Run Run;

typedef struct
{
  Run          *run;
  CURL         *easy;
  TransferKind  kind;
  gboolean      active;
  gboolean      done;
  gboolean      finished;        /* a stream with nothing more to do */
  CURLcode      code;
  long          status;
  GByteArray   *body;            /* the first BODY_KEEP bytes of the answer */
  gint64        post_size;
  gint64        sent;            /* of this POST's body */
  gint64        ended_us;        /* phase-relative */
  curl_socket_t socket;          /* an upload's connection */
  guint64       acked;           /* TCP's count of bytes acknowledged */
  gboolean      acked_known;
  char          errbuf[CURL_ERROR_SIZE];
} Transfer;

struct _Run
{
  const LalanProbeConfig *config;
  GCancellable           *cancellable;
  LalanProbeProgressFunc  progress;
  gpointer                progress_data;
  CURLM                  *multi;
  struct curl_slist      *headers;
  struct curl_slist      *upload_headers;
  LalanProbeResult       *result;

  gint64                  start_us;
  gint64                  phase_start_us;
  LalanProbePhase         phase;
  double                  phase_base;
  double                  phase_weight;
  double                  phase_done;      /* 0..1 within the phase */
  gint64                  last_progress_us;
  double                  last_latency_ms;

  gint64                  bytes_used;
  LalanRateTimeline      *timeline;        /* what the phase measures */
  LalanRateTimeline      *live;            /* what the progress shows */
  GArray                 *loaded_rtts;
  guint8                 *upload_block;
  gboolean                acked_available;
};

static gint64
phase_now (Run *run)
{
  return g_get_monotonic_time () - run->phase_start_us;
}

/* ---- curl callbacks (on this thread, inside curl_multi_perform) ------- */

static size_t
write_cb (char   *data,
          size_t  size,
          size_t  nmemb,
          void   *user_data)
{
  Transfer *transfer = user_data;
  Run *run = transfer->run;
  size_t n = size * nmemb;

  run->bytes_used += n;
  if (transfer->body->len < BODY_KEEP)
    g_byte_array_append (transfer->body, (const guint8 *) data, MIN (n, BODY_KEEP - transfer->body->len));

  if (transfer->kind == TRANSFER_DOWNLOAD)
    {
      gint64 now = phase_now (run);

      lalan_rate_timeline_add (run->timeline, now, n);
      lalan_rate_timeline_add (run->live, now, n);
    }

  return n;
}

static size_t
header_cb (char   *data,
           size_t  size,
           size_t  nitems,
           void   *user_data)
{
  Transfer *transfer = user_data;

  transfer->run->bytes_used += size * nitems;
  return size * nitems;
}

static size_t
read_cb (char   *buffer,
         size_t  size,
         size_t  nitems,
         void   *user_data)
{
  Transfer *transfer = user_data;
  Run *run = transfer->run;
  size_t want = MIN ((gint64) (size * nitems), transfer->post_size - transfer->sent);
  size_t done = 0;

  /* The same 64 KiB of random bytes over and over: nothing on the way can
   * compress them, and nothing needs to be made per byte. */
  while (done < want)
    {
      size_t offset = (transfer->sent + done) % UPLOAD_BLOCK_SIZE;
      size_t piece = MIN (want - done, UPLOAD_BLOCK_SIZE - offset);

      memcpy (buffer + done, run->upload_block + offset, piece);
      done += piece;
    }

  transfer->sent += done;
  run->bytes_used += done;
  lalan_rate_timeline_add (run->live, phase_now (run), done);

  return done;
}

/* Counts the request headers, which no other callback sees. */
static int
debug_cb (CURL          *easy,
          curl_infotype  type,
          char          *data,
          size_t         size,
          void          *user_data)
{
  Transfer *transfer = user_data;

  if (type == CURLINFO_HEADER_OUT)
    transfer->run->bytes_used += size;

  return 0;
}

static int
xferinfo_cb (void       *user_data,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  Transfer *transfer = user_data;

  return g_cancellable_is_cancelled (transfer->run->cancellable) ? 1 : 0;
}

/* Upload streams keep their socket to ask TCP what was acknowledged
 * (CURLINFO_ACTIVESOCKET only knows it once the transfer is over). */
static int
sockopt_cb (void          *user_data,
            curl_socket_t  fd,
            curlsocktype   purpose)
{
  Transfer *transfer = user_data;

  if (purpose == CURLSOCKTYPE_IPCXN)
    transfer->socket = fd;

  return CURL_SOCKOPT_OK;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  Run *run = user_data;

  curl_multi_wakeup (run->multi);
}

/* ---- transfers ---------------------------------------------------------- */

static Transfer *
transfer_new (Run          *run,
              TransferKind  kind)
{
  Transfer *transfer = g_new0 (Transfer, 1);
  CURL *easy = curl_easy_init ();
  long timeout_s = MAX (1, (long) (run->config->timeout_ms / 1000));

  transfer->run = run;
  transfer->kind = kind;
  transfer->easy = easy;
  transfer->body = g_byte_array_new ();
  transfer->socket = CURL_SOCKET_BAD;

  curl_easy_setopt (easy, CURLOPT_PRIVATE, transfer);
  curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (easy, CURLOPT_USERAGENT, "Lalan/" PACKAGE_VERSION " (connectivity test)");
  curl_easy_setopt (easy, CURLOPT_HTTP_VERSION, (long) CURL_HTTP_VERSION_1_1);
  curl_easy_setopt (easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (easy, CURLOPT_NOPROXY, "localhost,127.0.0.1,::1");
  curl_easy_setopt (easy, CURLOPT_CONNECTTIMEOUT_MS, (long) run->config->timeout_ms);
  /* A transfer that stalls for the timeout is given up, whatever it is. */
  curl_easy_setopt (easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (easy, CURLOPT_LOW_SPEED_TIME, timeout_s);
  /* Never wait for a name lookup thread when the test is cancelled. */
  curl_easy_setopt (easy, CURLOPT_QUICK_EXIT, 1L);
  curl_easy_setopt (easy, CURLOPT_ERRORBUFFER, transfer->errbuf);
  curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, transfer);
  curl_easy_setopt (easy, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (easy, CURLOPT_HEADERDATA, transfer);
  curl_easy_setopt (easy, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt (easy, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt (easy, CURLOPT_DEBUGDATA, transfer);
  curl_easy_setopt (easy, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (easy, CURLOPT_XFERINFOFUNCTION, xferinfo_cb);
  curl_easy_setopt (easy, CURLOPT_XFERINFODATA, transfer);

  switch (kind)
    {
    case TRANSFER_PING:
      curl_easy_setopt (easy, CURLOPT_HTTPHEADER, run->headers);
      curl_easy_setopt (easy, CURLOPT_TIMEOUT_MS, (long) run->config->timeout_ms);
      /* Each round trip on a connection of its own: lalan-inventory
       * (libsoup) closes the connection after a 204 anyway, and a request
       * racing that close costs a retry that would count as delay. The
       * handshake is not timed (see transfer_round_trip_ms()). */
      curl_easy_setopt (easy, CURLOPT_FRESH_CONNECT, 1L);
      curl_easy_setopt (easy, CURLOPT_FORBID_REUSE, 1L);
      break;

    case TRANSFER_DOWNLOAD:
      curl_easy_setopt (easy, CURLOPT_HTTPHEADER, run->headers);
      break;

    case TRANSFER_UPLOAD:
    default:
      curl_easy_setopt (easy, CURLOPT_HTTPHEADER, run->upload_headers);
      curl_easy_setopt (easy, CURLOPT_POST, 1L);
      curl_easy_setopt (easy, CURLOPT_READFUNCTION, read_cb);
      curl_easy_setopt (easy, CURLOPT_READDATA, transfer);
      curl_easy_setopt (easy, CURLOPT_SOCKOPTFUNCTION, sockopt_cb);
      curl_easy_setopt (easy, CURLOPT_SOCKOPTDATA, transfer);
      /* A connection of its own, so sockopt_cb sees its socket. */
      curl_easy_setopt (easy, CURLOPT_FRESH_CONNECT, 1L);
      curl_easy_setopt (easy, CURLOPT_FORBID_REUSE, 1L);
      break;
    }

  return transfer;
}

static void
transfer_stop (Transfer *transfer)
{
  if (transfer->active)
    {
      curl_multi_remove_handle (transfer->run->multi, transfer->easy);
      transfer->active = FALSE;
    }
}

static void
transfer_free (Transfer *transfer)
{
  if (transfer == NULL)
    return;

  transfer_stop (transfer);
  curl_easy_cleanup (transfer->easy);
  g_byte_array_unref (transfer->body);
  g_free (transfer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Transfer, transfer_free)

static void
transfer_start (Transfer   *transfer,
                const char *path)
{
  Run *run = transfer->run;
  g_autofree char *url = g_strconcat (run->config->root, path, NULL);

  curl_easy_setopt (transfer->easy, CURLOPT_URL, url);
  if (transfer->kind == TRANSFER_UPLOAD)
    curl_easy_setopt (transfer->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) transfer->post_size);

  g_byte_array_set_size (transfer->body, 0);
  transfer->sent = 0;
  transfer->done = FALSE;
  transfer->code = CURLE_OK;
  transfer->status = 0;
  transfer->errbuf[0] = '\0';
  transfer->active = TRUE;
  curl_multi_add_handle (run->multi, transfer->easy);
}

static double
transfer_round_trip_ms (Transfer *transfer)
{
  curl_off_t pretransfer = 0, starttransfer = 0;

  /* From the request sent to the first byte of the answer: one round trip
   * plus the server's (tiny) work. */
  curl_easy_getinfo (transfer->easy, CURLINFO_PRETRANSFER_TIME_T, &pretransfer);
  curl_easy_getinfo (transfer->easy, CURLINFO_STARTTRANSFER_TIME_T, &starttransfer);

  return MAX (0, starttransfer - pretransfer) / 1000.0;
}

static gboolean
transfer_is_expected_ping (Transfer *transfer)
{
  return transfer->code == CURLE_OK && transfer->status == 204 && transfer->body->len == 0;
}

/* ---- the loop ----------------------------------------------------------- */

static void
report_progress (Run      *run,
                 gboolean  force)
{
  LalanProbeProgress progress = { 0 };
  gint64 now = g_get_monotonic_time ();

  if (run->progress == NULL || (!force && now - run->last_progress_us < PROGRESS_EVERY_US))
    return;

  run->last_progress_us = now;
  progress.phase = run->phase;
  progress.fraction = CLAMP (run->phase_base + run->phase_weight * CLAMP (run->phase_done, 0, 1), 0, 1);
  progress.latency_ms = run->last_latency_ms;
  progress.bytes_used = run->bytes_used;
  progress.mbps = NAN;
  if (run->phase == LALAN_PROBE_PHASE_DOWNLOAD || run->phase == LALAN_PROBE_PHASE_UPLOAD)
    progress.mbps = lalan_rate_timeline_recent_mbps (run->live, phase_now (run), G_USEC_PER_SEC);

  run->progress (&progress, run->progress_data);
}

static void
begin_phase (Run             *run,
             LalanProbePhase  phase,
             double           base,
             double           weight)
{
  run->phase = phase;
  run->phase_base = base;
  run->phase_weight = weight;
  run->phase_done = 0;
  run->phase_start_us = g_get_monotonic_time ();
  report_progress (run, TRUE);
}

/* Waits for curl for at most POLL_MS, lets it work, and marks finished
 * transfers done. FALSE when the test was cancelled. */
static gboolean
pump (Run     *run,
      GError **error)
{
  CURLMsg *message;
  int running = 0;
  int left = 0;

  if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
    return FALSE;

  curl_multi_poll (run->multi, NULL, 0, POLL_MS, NULL);
  curl_multi_perform (run->multi, &running);

  while ((message = curl_multi_info_read (run->multi, &left)) != NULL)
    {
      Transfer *transfer = NULL;

      if (message->msg != CURLMSG_DONE)
        continue;

      curl_easy_getinfo (message->easy_handle, CURLINFO_PRIVATE, (char **) &transfer);
      g_assert (transfer != NULL);
      transfer->code = message->data.result;
      curl_easy_getinfo (transfer->easy, CURLINFO_RESPONSE_CODE, &transfer->status);
      transfer->ended_us = phase_now (run);
      transfer->done = TRUE;
      transfer_stop (transfer);
    }

  if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
    return FALSE;

  report_progress (run, FALSE);
  return TRUE;
}

static gboolean
wait_for (Run       *run,
          Transfer  *transfer,
          GError   **error)
{
  while (!transfer->done)
    {
      if (!pump (run, error))
        return FALSE;
    }

  return TRUE;
}

/* ---- what went wrong, in words ------------------------------------------ */

static void
set_outcome (Run               *run,
             LalanProbeOutcome  outcome,
             const char        *message)
{
  LalanProbeResult *result = run->result;

  if (result->outcome != LALAN_PROBE_OUTCOME_COMPLETE)
    return;

  result->outcome = outcome;
  result->message = g_strdup (message);
  if (outcome == LALAN_PROBE_OUTCOME_CAPTIVE_PORTAL)
    result->captive_portal = TRUE;
}

static void
set_captive_portal (Run      *run,
                    Transfer *transfer)
{
  char *location = NULL;

  curl_easy_getinfo (transfer->easy, CURLINFO_REDIRECT_URL, &location);
  if (location != NULL && run->result->captive_portal_host == NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (location, G_URI_FLAGS_NONE, NULL);

      if (uri != NULL && g_uri_get_host (uri) != NULL)
        run->result->captive_portal_host = g_strdup (g_uri_get_host (uri));
    }

  set_outcome (run, LALAN_PROBE_OUTCOME_CAPTIVE_PORTAL,
               _("A sign-in page answered instead of the test server: this network wants you to log in first. "
                 "Open any web page in a browser, sign in, then test again."));
}

/* A transfer that failed at the network level, or was answered in a way
 * no lalan-inventory answers. */
static void
explain_failure (Run      *run,
                 Transfer *transfer)
{
  g_autofree char *timeout = NULL;

  g_debug ("connectivity test: transfer failed: %s (%d), HTTP %ld",
           transfer->errbuf[0] ? transfer->errbuf : curl_easy_strerror (transfer->code),
           transfer->code, transfer->status);

  if (transfer->code == CURLE_OK || transfer->code == CURLE_WRITE_ERROR)
    {
      long status = transfer->status;

      if ((status >= 200 && status < 400) || status == 511)
        set_captive_portal (run, transfer);
      else if (status == 404 || status == 405)
        set_outcome (run, LALAN_PROBE_OUTCOME_FAILED,
                     _("This server has no connectivity test. In Preferences, choose a Lalan inventory server as the test server."));
      else
        set_outcome (run, LALAN_PROBE_OUTCOME_FAILED,
                     _("The test server is not working properly right now. Try again later."));
      return;
    }

  switch (transfer->code)
    {
    case CURLE_OPERATION_TIMEDOUT:
      timeout = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The test server did not answer within %u second. The connection may be down or very slow.",
                                              "The test server did not answer within %u seconds. The connection may be down or very slow.",
                                              MAX (1, run->config->timeout_ms / 1000)),
                                 MAX (1, run->config->timeout_ms / 1000));
      set_outcome (run, LALAN_PROBE_OUTCOME_TIMEOUT, timeout);
      break;

    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      set_outcome (run, LALAN_PROBE_OUTCOME_UNREACHABLE,
                   _("The test server’s name could not be found. Check that this computer is connected to a network, and the server’s address in Preferences."));
      break;

    case CURLE_COULDNT_CONNECT:
      set_outcome (run, LALAN_PROBE_OUTCOME_UNREACHABLE,
                   _("Nothing answered at the test server’s address. The server may be switched off, or this network cannot reach it."));
      break;

    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
      set_outcome (run, LALAN_PROBE_OUTCOME_FAILED,
                   _("The test server’s identity could not be verified, so the test stopped. A sign-in page or a filter on this network may be in the way: open a web page in a browser, then test again."));
      break;

    default:
      set_outcome (run, LALAN_PROBE_OUTCOME_FAILED,
                   _("The connection to the test server broke off. Try again in a moment."));
      break;
    }
}

/* ---- phases --------------------------------------------------------------- */

static gboolean
run_contact (Run       *run,
             Transfer  *ping,
             GError   **error)
{
  LalanProbeResult *result = run->result;
  curl_off_t lookup = 0, connected = 0, tls = 0;

  begin_phase (run, LALAN_PROBE_PHASE_CONTACT, 0, WEIGHT_CONTACT);
  transfer_start (ping, "/v1/speedtest/ping");
  if (!wait_for (run, ping, error))
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

  if (!transfer_is_expected_ping (ping))
    explain_failure (run, ping);

  run->phase_done = 1;
  return TRUE;
}

static gboolean
run_latency (Run       *run,
             Transfer  *ping,
             GError   **error)
{
  LalanProbeResult *result = run->result;
  g_autoptr(GArray) rtts = g_array_new (FALSE, FALSE, sizeof (double));
  Transfer *failed = NULL;

  begin_phase (run, LALAN_PROBE_PHASE_LATENCY, WEIGHT_CONTACT, WEIGHT_LATENCY);

  for (guint i = 0; i < run->config->pings; i++)
    {
      transfer_start (ping, "/v1/speedtest/ping");
      if (!wait_for (run, ping, error))
        return FALSE;

      if (transfer_is_expected_ping (ping))
        {
          double rtt = transfer_round_trip_ms (ping);

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
    explain_failure (run, failed);

  return TRUE;
}

/* The loaded-latency ping: one request at a time, 200 ms apart. */
static void
tend_loaded_ping (Run      *run,
                  Transfer *ping,
                  gint64   *next_at)
{
  gint64 now = phase_now (run);

  if (ping->done)
    {
      if (transfer_is_expected_ping (ping))
        {
          double rtt = transfer_round_trip_ms (ping);

          g_array_append_val (run->loaded_rtts, rtt);
          run->last_latency_ms = rtt;
        }
      ping->done = FALSE;
      *next_at = now + LOADED_PING_GAP_US;
    }

  if (!ping->active && now >= *next_at)
    transfer_start (ping, "/v1/speedtest/ping");
}

static void
reset_phase_data (Run *run)
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
summarize_rates (Run    *run,
                 gint64  end_us,
                 double *median,
                 double *p90)
{
  gint64 start = MIN (lalan_probe_warmup_us (run->config->duration), end_us / 4);
  g_autoptr(GArray) samples = lalan_rate_timeline_samples (run->timeline, start, end_us);

  if (samples->len == 0 && end_us > 0)
    {
      /* Too short to cut into intervals: the one average there is. */
      double mbps = lalan_rate_timeline_total (run->timeline) * 8 / (double) end_us;

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
run_download (Run       *run,
              Transfer  *pinger,
              GError   **error)
{
  LalanProbeResult *result = run->result;
  const LalanProbeConfig *config = run->config;
  g_autoptr(GPtrArray) streams = g_ptr_array_new_with_free_func ((GDestroyNotify) transfer_free);
  gint64 budget = MAX (0, config->byte_cap / 2 - run->bytes_used);
  gint64 per_stream = budget / config->streams;
  gint64 deadline = (gint64) (config->duration * G_USEC_PER_SEC);
  gint64 first_end = G_MAXINT64;
  gint64 next_ping = 0;
  gint64 end;
  g_autofree char *path = NULL;
  Transfer *failed = NULL;

  if (per_stream < MIN_STREAM_BYTES)
    return TRUE;

  reset_phase_data (run);
  begin_phase (run, LALAN_PROBE_PHASE_DOWNLOAD, WEIGHT_CONTACT + WEIGHT_LATENCY, WEIGHT_TRANSFER);

  path = g_strdup_printf ("/v1/speedtest/download?bytes=%" G_GINT64_FORMAT, per_stream);
  for (guint i = 0; i < config->streams; i++)
    {
      Transfer *stream = transfer_new (run, TRANSFER_DOWNLOAD);

      g_ptr_array_add (streams, stream);
      transfer_start (stream, path);
    }

  for (;;)
    {
      guint finished = 0;
      gint64 now;

      if (!pump (run, error))
        return FALSE;

      now = phase_now (run);
      tend_loaded_ping (run, pinger, &next_ping);

      for (guint i = 0; i < streams->len; i++)
        {
          Transfer *stream = g_ptr_array_index (streams, i);

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
          g_autoptr(Transfer) stalled = transfer_new (run, TRANSFER_DOWNLOAD);

          stalled->code = CURLE_OPERATION_TIMEDOUT;
          explain_failure (run, stalled);
          return TRUE;
        }
    }

  end = MIN (phase_now (run), first_end);
  g_ptr_array_set_size (streams, 0);
  transfer_stop (pinger);
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
    explain_failure (run, failed);

  return TRUE;
}

/* How many of the bytes sent the other end has acknowledged: what reached
 * it, leaving out what still waits in this computer's buffers. */
static gboolean
read_bytes_acked (Transfer *transfer,
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
sample_upload (Run      *run,
               Transfer *stream,
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
run_upload (Run       *run,
            Transfer  *pinger,
            GError   **error)
{
  LalanProbeResult *result = run->result;
  const LalanProbeConfig *config = run->config;
  g_autoptr(GPtrArray) streams = g_ptr_array_new_with_free_func ((GDestroyNotify) transfer_free);
  /* What is left of the cap, less room for the answers and latency pings. */
  gint64 budget = MAX (0, config->byte_cap - run->bytes_used - 64 * 1024);
  gint64 per_stream = budget / config->streams;
  gint64 deadline = (gint64) (config->duration * G_USEC_PER_SEC);
  gint64 first_end = G_MAXINT64;
  gint64 next_ping = 0;
  gint64 end;
  Transfer *failed = NULL;

  if (per_stream < MIN_STREAM_BYTES)
    return TRUE;

  reset_phase_data (run);
  begin_phase (run, LALAN_PROBE_PHASE_UPLOAD, WEIGHT_CONTACT + WEIGHT_LATENCY + WEIGHT_TRANSFER, WEIGHT_TRANSFER);

  for (guint i = 0; i < config->streams; i++)
    {
      Transfer *stream = transfer_new (run, TRANSFER_UPLOAD);

      g_ptr_array_add (streams, stream);
      stream->post_size = per_stream;
      transfer_start (stream, "/v1/speedtest/upload");
    }

  for (;;)
    {
      guint finished = 0;
      gint64 now;

      if (!pump (run, error))
        return FALSE;

      now = phase_now (run);
      tend_loaded_ping (run, pinger, &next_ping);

      for (guint i = 0; i < streams->len; i++)
        {
          Transfer *stream = g_ptr_array_index (streams, i);

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
          g_autoptr(Transfer) stalled = transfer_new (run, TRANSFER_UPLOAD);

          stalled->code = CURLE_OPERATION_TIMEDOUT;
          explain_failure (run, stalled);
          return TRUE;
        }
    }

  end = MIN (phase_now (run), first_end);
  g_ptr_array_set_size (streams, 0);
  transfer_stop (pinger);
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
    explain_failure (run, failed);

  return TRUE;
}

/* ---- the test ------------------------------------------------------------- */

static void
run_clear (Run *run)
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
  Run run = { 0 };
  g_autoptr(Transfer) ping = NULL;
  g_autoptr(Transfer) pinger = NULL;
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

  cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), &run, NULL);

  ping = transfer_new (&run, TRANSFER_PING);
  pinger = transfer_new (&run, TRANSFER_PING);

  ok = run_contact (&run, ping, error);
  if (ok && run.result->outcome == LALAN_PROBE_OUTCOME_COMPLETE)
    ok = run_latency (&run, ping, error);
  if (ok && run.result->outcome == LALAN_PROBE_OUTCOME_COMPLETE)
    ok = run_download (&run, pinger, error);
  if (ok && run.result->outcome == LALAN_PROBE_OUTCOME_COMPLETE)
    ok = run_upload (&run, pinger, error);

  g_clear_pointer (&ping, transfer_free);
  g_clear_pointer (&pinger, transfer_free);
  g_cancellable_disconnect (cancellable, cancelled_id);

  if (!ok)
    {
      run_clear (&run);
      return NULL;
    }

  run.phase = LALAN_PROBE_PHASE_DONE;
  run.phase_base = 1;
  run.phase_weight = 0;
  report_progress (&run, TRUE);

  run.result->bytes_used = run.bytes_used;
  run.result->duration_s = (g_get_monotonic_time () - run.start_us) / (double) G_USEC_PER_SEC;
  result = g_steal_pointer (&run.result);
  run_clear (&run);

  return result;
}
