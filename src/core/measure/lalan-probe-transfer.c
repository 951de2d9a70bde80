/* lalan-probe-transfer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-probe-worker-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* The curl side of a connectivity test: one easy handle per transfer with
 * its callbacks (counting every byte both ways), the loop that drives the
 * multi handle and notices cancellation, and the sentence for whatever
 * went wrong. */


/* ---- curl callbacks (on this thread, inside curl_multi_perform) ------- */

static size_t
write_cb (char   *data,
          size_t  size,
          size_t  nmemb,
          void   *user_data)
{
  LalanProbeTransfer *transfer = user_data;
  LalanProbeRun *run = transfer->run;
  size_t n = size * nmemb;

  run->bytes_used += n;
  if (transfer->body->len < BODY_KEEP)
    g_byte_array_append (transfer->body, (const guint8 *) data, MIN (n, BODY_KEEP - transfer->body->len));

  if (transfer->kind == LALAN_PROBE_TRANSFER_DOWNLOAD)
    {
      gint64 now = lalan_probe_run_phase_now (run);

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
  LalanProbeTransfer *transfer = user_data;

  transfer->run->bytes_used += size * nitems;
  return size * nitems;
}

static size_t
read_cb (char   *buffer,
         size_t  size,
         size_t  nitems,
         void   *user_data)
{
  LalanProbeTransfer *transfer = user_data;
  LalanProbeRun *run = transfer->run;
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
  lalan_rate_timeline_add (run->live, lalan_probe_run_phase_now (run), done);

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
  LalanProbeTransfer *transfer = user_data;

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
  LalanProbeTransfer *transfer = user_data;

  return g_cancellable_is_cancelled (transfer->run->cancellable) ? 1 : 0;
}

/* Upload streams keep their socket to ask TCP what was acknowledged
 * (CURLINFO_ACTIVESOCKET only knows it once the transfer is over). */
static int
sockopt_cb (void          *user_data,
            curl_socket_t  fd,
            curlsocktype   purpose)
{
  LalanProbeTransfer *transfer = user_data;

  if (purpose == CURLSOCKTYPE_IPCXN)
    transfer->socket = fd;

  return CURL_SOCKOPT_OK;
}

void
lalan_probe_run_cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  LalanProbeRun *run = user_data;

  curl_multi_wakeup (run->multi);
}

/* ---- transfers ---------------------------------------------------------- */

LalanProbeTransfer *
lalan_probe_transfer_new (LalanProbeRun          *run,
              LalanProbeTransferKind  kind)
{
  LalanProbeTransfer *transfer = g_new0 (LalanProbeTransfer, 1);
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
    case LALAN_PROBE_TRANSFER_PING:
      curl_easy_setopt (easy, CURLOPT_HTTPHEADER, run->headers);
      curl_easy_setopt (easy, CURLOPT_TIMEOUT_MS, (long) run->config->timeout_ms);
      break;

    case LALAN_PROBE_TRANSFER_DOWNLOAD:
      curl_easy_setopt (easy, CURLOPT_HTTPHEADER, run->headers);
      break;

    case LALAN_PROBE_TRANSFER_UPLOAD:
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

void
lalan_probe_transfer_stop (LalanProbeTransfer *transfer)
{
  if (transfer->active)
    {
      curl_multi_remove_handle (transfer->run->multi, transfer->easy);
      transfer->active = FALSE;
    }
}

void
lalan_probe_transfer_free (LalanProbeTransfer *transfer)
{
  if (transfer == NULL)
    return;

  lalan_probe_transfer_stop (transfer);
  curl_easy_cleanup (transfer->easy);
  g_byte_array_unref (transfer->body);
  g_free (transfer);
}

void
lalan_probe_transfer_start (LalanProbeTransfer   *transfer,
                const char *path)
{
  LalanProbeRun *run = transfer->run;
  g_autofree char *url = g_strconcat (run->config->root, path, NULL);

  curl_easy_setopt (transfer->easy, CURLOPT_URL, url);
  if (transfer->kind == LALAN_PROBE_TRANSFER_UPLOAD)
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

double
lalan_probe_transfer_round_trip_ms (LalanProbeTransfer *transfer)
{
  curl_off_t pretransfer = 0, starttransfer = 0;

  /* From the request sent to the first byte of the answer: one round trip
   * plus the server's (tiny) work. */
  curl_easy_getinfo (transfer->easy, CURLINFO_PRETRANSFER_TIME_T, &pretransfer);
  curl_easy_getinfo (transfer->easy, CURLINFO_STARTTRANSFER_TIME_T, &starttransfer);

  return MAX (0, starttransfer - pretransfer) / 1000.0;
}

/**
 * lalan_probe_transfer_is_empty_answer:
 * @transfer: a finished transfer
 * @status: the HTTP status expected
 *
 * Returns: whether the answer was @status with nothing in it, as the test
 *   server's small answers are (anything else is someone else answering)
 */
gboolean
lalan_probe_transfer_is_empty_answer (LalanProbeTransfer *transfer,
                                      long                status)
{
  return transfer->code == CURLE_OK && transfer->status == status && transfer->body->len == 0;
}

/**
 * lalan_probe_transfer_lost_reused_connection:
 * @transfer: a finished transfer
 *
 * A server may close a kept-alive connection just as the next request
 * goes out on it: worth one retry on a new connection, not a failure.
 *
 * Returns: whether that is what happened
 */
gboolean
lalan_probe_transfer_lost_reused_connection (LalanProbeTransfer *transfer)
{
  long connects = 0;

  curl_easy_getinfo (transfer->easy, CURLINFO_NUM_CONNECTS, &connects);

  return connects == 0 &&
         (transfer->code == CURLE_RECV_ERROR ||
          transfer->code == CURLE_SEND_ERROR ||
          transfer->code == CURLE_GOT_NOTHING);
}

/* ---- the loop ----------------------------------------------------------- */

void
lalan_probe_run_report_progress (LalanProbeRun      *run,
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
    progress.mbps = lalan_rate_timeline_recent_mbps (run->live, lalan_probe_run_phase_now (run), G_USEC_PER_SEC);

  run->progress (&progress, run->progress_data);
}

void
lalan_probe_run_begin_phase (LalanProbeRun             *run,
             LalanProbePhase  phase,
             double           base,
             double           weight)
{
  run->phase = phase;
  run->phase_base = base;
  run->phase_weight = weight;
  run->phase_done = 0;
  run->phase_start_us = g_get_monotonic_time ();
  lalan_probe_run_report_progress (run, TRUE);
}

/* Waits for curl for at most POLL_MS, lets it work, and marks finished
 * transfers done. FALSE when the test was cancelled. */
gboolean
lalan_probe_run_pump (LalanProbeRun     *run,
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
      LalanProbeTransfer *transfer = NULL;

      if (message->msg != CURLMSG_DONE)
        continue;

      curl_easy_getinfo (message->easy_handle, CURLINFO_PRIVATE, (char **) &transfer);
      g_assert (transfer != NULL);
      transfer->code = message->data.result;
      curl_easy_getinfo (transfer->easy, CURLINFO_RESPONSE_CODE, &transfer->status);
      transfer->ended_us = lalan_probe_run_phase_now (run);
      transfer->done = TRUE;
      lalan_probe_transfer_stop (transfer);
    }

  if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
    return FALSE;

  lalan_probe_run_report_progress (run, FALSE);
  return TRUE;
}

gboolean
lalan_probe_run_wait_for (LalanProbeRun       *run,
          LalanProbeTransfer  *transfer,
          GError   **error)
{
  while (!transfer->done)
    {
      if (!lalan_probe_run_pump (run, error))
        return FALSE;
    }

  return TRUE;
}

/* ---- what went wrong, in words ------------------------------------------ */

static void
set_outcome (LalanProbeRun               *run,
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
set_captive_portal (LalanProbeRun      *run,
                    LalanProbeTransfer *transfer)
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
void
lalan_probe_run_explain_failure (LalanProbeRun      *run,
                 LalanProbeTransfer *transfer)
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

