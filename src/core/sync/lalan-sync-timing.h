/* lalan-sync-timing.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * LalanSyncTiming:
 * @connect_timeout_ms: how long to wait for a connection (and TLS)
 * @stall_time_ms: a transfer slower than @stall_bytes_per_second for this
 *   long is stalled and given up
 * @stall_bytes_per_second: see @stall_time_ms
 * @total_timeout_ms: the longest any request may take, plus the time its
 *   body needs at @min_bytes_per_second
 * @min_bytes_per_second: the slowest link a large record must still get
 *   through
 * @backoff_base_ms: the wait after a record's first failed attempt; it
 *   doubles with each further failure
 * @backoff_cap_ms: the longest wait between two attempts
 * @parallel: how many records travel at once over their own connections
 *
 * The times sync runs on. Production values come from
 * lalan_sync_timing_get_production(); tests shorten them with the
 * environment variable LALAN_SYNC_TEST_TIMING (see
 * lalan_sync_timing_get_default()).
 */
typedef struct
{
  gint64 connect_timeout_ms;
  gint64 stall_time_ms;
  guint  stall_bytes_per_second;
  gint64 total_timeout_ms;
  guint  min_bytes_per_second;
  gint64 backoff_base_ms;
  gint64 backoff_cap_ms;
  guint  parallel;
} LalanSyncTiming;

void                   lalan_sync_timing_get_production (LalanSyncTiming       *timing);
const LalanSyncTiming *lalan_sync_timing_get_default    (void);
gboolean               lalan_sync_timing_parse          (const char            *spec,
                                                         LalanSyncTiming       *timing,
                                                         GError               **error);
gint64                 lalan_sync_timing_get_backoff    (const LalanSyncTiming *timing,
                                                         guint                  failures,
                                                         double                 random);
gint64                 lalan_sync_timing_get_request_timeout (const LalanSyncTiming *timing,
                                                              guint64                body_bytes);

G_END_DECLS
