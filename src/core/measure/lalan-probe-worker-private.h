/* lalan-probe-worker-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lalan-probe-private.h"
#include "lalan-probe-stats.h"

#include <curl/curl.h>

G_BEGIN_DECLS

/* One test run and its transfers, shared by lalan-probe-transfer.c (curl,
 * the loop, what went wrong) and lalan-probe-worker.c (the phases). */

#define POLL_MS 50
#define PROGRESS_EVERY_US (100 * 1000)
#define BODY_KEEP 4096
#define LOADED_PING_GAP_US (200 * 1000)
#define MIN_STREAM_BYTES (16 * 1024)
#define UPLOAD_BLOCK_SIZE (64 * 1024)

/* The contact request: 204 and nothing else from a lalan-inventory. */
#define CONTACT_PATH "/v1/speedtest/ping"
/* Round trips are timed on a kept-alive connection, so no connection is
 * opened (and no server or proxy sets one up) while the clock runs.
 * libsoup closes the connection after every 204, so the round trip asks
 * for an empty download instead: 200 with a length of 0. */
#define ROUND_TRIP_PATH "/v1/speedtest/download?bytes=0"

/* Shares of the progress bar. */
#define WEIGHT_CONTACT 0.03
#define WEIGHT_LATENCY 0.07
#define WEIGHT_TRANSFER 0.45

typedef enum
{
  LALAN_PROBE_TRANSFER_PING,
  LALAN_PROBE_TRANSFER_DOWNLOAD,
  LALAN_PROBE_TRANSFER_UPLOAD,
} LalanProbeTransferKind;

typedef struct _LalanProbeRun LalanProbeRun;

typedef struct
{
  LalanProbeRun          *run;
  CURL                   *easy;
  LalanProbeTransferKind  kind;
  gboolean                active;
  gboolean                done;
  gboolean                finished;        /* a stream with nothing more to do */
  CURLcode                code;
  long                    status;
  GByteArray             *body;            /* the first BODY_KEEP bytes of the answer */
  gint64                  post_size;
  gint64                  sent;            /* of this POST's body */
  gint64                  ended_us;        /* phase-relative */
  curl_socket_t           socket;          /* an upload's connection */
  guint64                 acked;           /* TCP's count of bytes acknowledged */
  gboolean                acked_known;
  char                    errbuf[CURL_ERROR_SIZE];
} LalanProbeTransfer;

struct _LalanProbeRun
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

static inline gint64
lalan_probe_run_phase_now (LalanProbeRun *run)
{
  return g_get_monotonic_time () - run->phase_start_us;
}

LalanProbeTransfer *lalan_probe_transfer_new              (LalanProbeRun          *run,
                                                          LalanProbeTransferKind  kind);
void                lalan_probe_transfer_free             (LalanProbeTransfer     *transfer);
void                lalan_probe_transfer_start            (LalanProbeTransfer     *transfer,
                                                          const char             *path);
void                lalan_probe_transfer_stop             (LalanProbeTransfer     *transfer);
double              lalan_probe_transfer_round_trip_ms    (LalanProbeTransfer     *transfer);
gboolean            lalan_probe_transfer_is_empty_answer  (LalanProbeTransfer     *transfer,
                                                          long                    status);
gboolean            lalan_probe_transfer_lost_reused_connection (LalanProbeTransfer *transfer);

void                lalan_probe_run_report_progress       (LalanProbeRun          *run,
                                                          gboolean                force);
void                lalan_probe_run_begin_phase           (LalanProbeRun          *run,
                                                          LalanProbePhase         phase,
                                                          double                  base,
                                                          double                  weight);
gboolean            lalan_probe_run_pump                  (LalanProbeRun          *run,
                                                          GError                **error);
gboolean            lalan_probe_run_wait_for              (LalanProbeRun          *run,
                                                          LalanProbeTransfer     *transfer,
                                                          GError                **error);
void                lalan_probe_run_explain_failure       (LalanProbeRun          *run,
                                                          LalanProbeTransfer     *transfer);
void                lalan_probe_run_cancelled_cb          (GCancellable           *cancellable,
                                                          gpointer                user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanProbeTransfer, lalan_probe_transfer_free)

G_END_DECLS
