/* lalan-fake-monitor.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A GNetworkMonitor the test controls: available, metered, connectivity,
 * and "network-changed" when told. */

#define LALAN_TYPE_FAKE_MONITOR (lalan_fake_monitor_get_type ())

G_DECLARE_FINAL_TYPE (LalanFakeMonitor, lalan_fake_monitor, LALAN, FAKE_MONITOR, GObject)

LalanFakeMonitor *lalan_fake_monitor_new (void);
void              lalan_fake_monitor_set (LalanFakeMonitor     *self,
                                          gboolean              available,
                                          gboolean              metered,
                                          GNetworkConnectivity  connectivity);

G_END_DECLS
