/* lalan-probe-result.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lalan-store-types.h"

G_BEGIN_DECLS

/**
 * LalanProbeOutcome:
 * @LALAN_PROBE_OUTCOME_COMPLETE: every part of the test ran
 * @LALAN_PROBE_OUTCOME_CAPTIVE_PORTAL: a sign-in page answered instead of
 *   the test server (a hotel, library or shop Wi-Fi that wants a login)
 * @LALAN_PROBE_OUTCOME_TIMEOUT: the test server never answered
 * @LALAN_PROBE_OUTCOME_UNREACHABLE: the server's name could not be found,
 *   or nothing answered at its address
 * @LALAN_PROBE_OUTCOME_FAILED: the server answered, but not as a test
 *   server does (no connectivity test there, a certificate that cannot be
 *   verified, a connection cut half-way)
 *
 * How a connectivity test ended. Anything but %LALAN_PROBE_OUTCOME_COMPLETE
 * comes with a message a person can read, and the figures that were
 * measured before it stopped.
 */
typedef enum
{
  LALAN_PROBE_OUTCOME_COMPLETE,
  LALAN_PROBE_OUTCOME_CAPTIVE_PORTAL,
  LALAN_PROBE_OUTCOME_TIMEOUT,
  LALAN_PROBE_OUTCOME_UNREACHABLE,
  LALAN_PROBE_OUTCOME_FAILED,
} LalanProbeOutcome;

/**
 * LalanProbeResult:
 * @outcome: how the test ended
 * @message: (nullable): a translated sentence saying what went wrong, for
 *   any outcome but %LALAN_PROBE_OUTCOME_COMPLETE
 * @server_url: the root of the server measured against
 * @started_at: when the test started (microseconds since the epoch)
 * @duration_s: how long it ran, in seconds
 * @network_available: whether the system had a default route
 * @connectivity: the system's #GNetworkConnectivity
 * @metered: whether the system said the connection is metered
 * @network_type: "wired", "wifi", "mobile" or "unknown"
 * @dns_ms: time to look up the server's name
 * @connect_ms: time to open a TCP connection
 * @tls_ms: time for the TLS handshake, NAN over plain HTTP
 * @latency_ms: median of the unloaded round trips
 * @latency_min_ms: the shortest unloaded round trip
 * @jitter_ms: mean difference between consecutive round trips
 * @latency_samples: how many round trips were measured
 * @download_mbps: median of the per-interval download rates
 * @download_p90_mbps: their 90th percentile
 * @upload_mbps: median of the per-interval upload rates
 * @upload_p90_mbps: their 90th percentile
 * @download_loaded_latency_ms: median round trip while downloading
 * @upload_loaded_latency_ms: median round trip while uploading
 * @captive_portal: whether a captive portal was seen
 * @captive_portal_host: (nullable): the host a captive portal redirected to
 * @bytes_used: bytes sent and received by the test (HTTP level)
 * @byte_cap: the most the test was allowed to use
 * @streams: parallel connections used for download and upload
 *
 * Everything one connectivity test measured. Figures not measured are NAN.
 */
typedef struct
{
  LalanProbeOutcome  outcome;
  char              *message;
  char              *server_url;
  gint64             started_at;
  double             duration_s;

  gboolean           network_available;
  int                connectivity;
  gboolean           metered;
  char              *network_type;

  double             dns_ms;
  double             connect_ms;
  double             tls_ms;

  double             latency_ms;
  double             latency_min_ms;
  double             jitter_ms;
  guint              latency_samples;

  double             download_mbps;
  double             download_p90_mbps;
  double             upload_mbps;
  double             upload_p90_mbps;
  double             download_loaded_latency_ms;
  double             upload_loaded_latency_ms;

  gboolean           captive_portal;
  char              *captive_portal_host;

  gint64             bytes_used;
  gint64             byte_cap;
  guint              streams;
} LalanProbeResult;

#define LALAN_TYPE_PROBE_RESULT (lalan_probe_result_get_type ())

GType             lalan_probe_result_get_type         (void) G_GNUC_CONST;
LalanProbeResult *lalan_probe_result_new              (void);
LalanProbeResult *lalan_probe_result_copy             (const LalanProbeResult *result);
void              lalan_probe_result_free             (LalanProbeResult       *result);

const char       *lalan_probe_outcome_to_string       (LalanProbeOutcome       outcome);
gboolean          lalan_probe_outcome_from_string     (const char             *text,
                                                       LalanProbeOutcome      *outcome);

LalanMeasurement *lalan_probe_result_to_measurement   (const LalanProbeResult *result);
LalanProbeResult *lalan_probe_result_from_measurement (const LalanMeasurement *measurement);
char             *lalan_probe_result_to_json          (const LalanProbeResult *result,
                                                       gboolean                pretty);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanProbeResult, lalan_probe_result_free)

G_END_DECLS
