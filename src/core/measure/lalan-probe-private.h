/* lalan-probe-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lalan-probe.h"

G_BEGIN_DECLS

/* Everything one test run needs, copied on the caller's thread: the
 * worker reads only this. */
typedef struct
{
  char     *root;               /* scheme://host[:port], no trailing slash */
  double    duration;           /* seconds per transfer phase */
  guint     streams;
  gint64    byte_cap;
  guint     timeout_ms;
  guint     pings;

  gboolean  network_available;
  int       connectivity;       /* GNetworkConnectivity */
  gboolean  metered;
} LalanProbeConfig;

void              lalan_probe_config_clear      (LalanProbeConfig        *config);

LalanProbeResult *lalan_probe_worker_run        (const LalanProbeConfig  *config,
                                                 GCancellable            *cancellable,
                                                 LalanProbeProgressFunc   progress,
                                                 gpointer                 user_data,
                                                 GError                 **error);

char             *lalan_probe_detect_network_type (void);

G_END_DECLS
