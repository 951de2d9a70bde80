/* lalan-probe.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lalan-probe-result.h"

G_BEGIN_DECLS

#define LALAN_PROBE_ERROR (lalan_probe_error_quark ())

/**
 * LalanProbeError:
 * @LALAN_PROBE_ERROR_INVALID_URL: the test server's address is not an
 *   http:// or https:// address
 * @LALAN_PROBE_ERROR_BUSY: this probe is already running a test
 * @LALAN_PROBE_ERROR_FAILED: the test could not start at all
 * @LALAN_PROBE_ERROR_NO_SERVER: no test server is set
 * @LALAN_PROBE_ERROR_INCOMPLETE: a report needs figures the test lacks
 * @LALAN_PROBE_ERROR_PLACE: a report needs a district and village
 *
 * Why a test could not run. A test that ran but met a bad network (a
 * timeout, a captive portal) is not an error: its #LalanProbeResult says
 * so. Cancelling gives %G_IO_ERROR_CANCELLED.
 */
typedef enum
{
  LALAN_PROBE_ERROR_INVALID_URL,
  LALAN_PROBE_ERROR_BUSY,
  LALAN_PROBE_ERROR_FAILED,
  LALAN_PROBE_ERROR_NO_SERVER,
  LALAN_PROBE_ERROR_INCOMPLETE,
  LALAN_PROBE_ERROR_PLACE,
} LalanProbeError;

GQuark lalan_probe_error_quark (void);

/**
 * LalanProbePhase:
 * @LALAN_PROBE_PHASE_IDLE: not running
 * @LALAN_PROBE_PHASE_CONTACT: reaching the server (name, connection,
 *   TLS, captive portal)
 * @LALAN_PROBE_PHASE_LATENCY: measuring the round trip
 * @LALAN_PROBE_PHASE_DOWNLOAD: measuring download
 * @LALAN_PROBE_PHASE_UPLOAD: measuring upload
 * @LALAN_PROBE_PHASE_DONE: finished
 */
typedef enum
{
  LALAN_PROBE_PHASE_IDLE,
  LALAN_PROBE_PHASE_CONTACT,
  LALAN_PROBE_PHASE_LATENCY,
  LALAN_PROBE_PHASE_DOWNLOAD,
  LALAN_PROBE_PHASE_UPLOAD,
  LALAN_PROBE_PHASE_DONE,
} LalanProbePhase;

/**
 * LalanProbeProgress:
 * @phase: what the test is doing
 * @fraction: how much of the whole test is done, 0 to 1
 * @mbps: the current rate while downloading or uploading, else NAN
 * @latency_ms: the last round trip measured, or NAN
 * @bytes_used: bytes used so far
 *
 * A snapshot of a running test, for a progress display.
 */
typedef struct
{
  LalanProbePhase phase;
  double          fraction;
  double          mbps;
  double          latency_ms;
  gint64          bytes_used;
} LalanProbeProgress;

/**
 * LalanProbeProgressFunc:
 * @progress: where the test is
 * @user_data: the data given with the function
 *
 * Called about ten times a second while a test runs.
 */
typedef void (*LalanProbeProgressFunc) (const LalanProbeProgress *progress,
                                        gpointer                  user_data);

#define LALAN_PROBE_DEFAULT_SECONDS    8.0
#define LALAN_PROBE_DEFAULT_STREAMS    4
#define LALAN_PROBE_DEFAULT_TIMEOUT    10
#define LALAN_PROBE_DEFAULT_PINGS      10
#define LALAN_PROBE_CAP_UNMETERED      ((gint64) 25 * 1000 * 1000)
#define LALAN_PROBE_CAP_METERED        ((gint64) 5 * 1000 * 1000)

#define LALAN_TYPE_PROBE_PROGRESS (lalan_probe_progress_get_type ())
GType               lalan_probe_progress_get_type (void) G_GNUC_CONST;
LalanProbeProgress *lalan_probe_progress_copy     (const LalanProbeProgress *progress);
void                lalan_probe_progress_free     (LalanProbeProgress       *progress);

#define LALAN_TYPE_PROBE (lalan_probe_get_type ())

G_DECLARE_FINAL_TYPE (LalanProbe, lalan_probe, LALAN, PROBE, GObject)

LalanProbe       *lalan_probe_new                (const char              *server_url);
const char       *lalan_probe_get_server_url     (LalanProbe              *self);
double            lalan_probe_get_duration       (LalanProbe              *self);
void              lalan_probe_set_duration       (LalanProbe              *self,
                                                  double                   seconds);
guint             lalan_probe_get_streams        (LalanProbe              *self);
void              lalan_probe_set_streams        (LalanProbe              *self,
                                                  guint                    streams);
gint64            lalan_probe_get_byte_cap       (LalanProbe              *self);
void              lalan_probe_set_byte_cap       (LalanProbe              *self,
                                                  gint64                   bytes);
guint             lalan_probe_get_timeout        (LalanProbe              *self);
void              lalan_probe_set_timeout        (LalanProbe              *self,
                                                  guint                    seconds);
gboolean          lalan_probe_get_running        (LalanProbe              *self);

LalanProbeResult *lalan_probe_run                (LalanProbe              *self,
                                                  GCancellable            *cancellable,
                                                  LalanProbeProgressFunc   progress,
                                                  gpointer                 user_data,
                                                  GError                 **error);
void              lalan_probe_run_async          (LalanProbe              *self,
                                                  GCancellable            *cancellable,
                                                  GAsyncReadyCallback      callback,
                                                  gpointer                 user_data);
LalanProbeResult *lalan_probe_run_finish         (LalanProbe              *self,
                                                  GAsyncResult            *result,
                                                  GError                 **error);

gint64            lalan_probe_default_byte_cap   (gboolean                 metered);
char             *lalan_probe_root_from_url      (const char              *url,
                                                  GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanProbeProgress, lalan_probe_progress_free)

G_END_DECLS
