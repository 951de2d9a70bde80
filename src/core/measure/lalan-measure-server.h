/* lalan-measure-server.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lalan-store.h"

G_BEGIN_DECLS

/* The GSettings key of the test server set in Preferences (empty: the
 * server records are sent to). */
#define LALAN_MEASURE_SERVER_SETTING "measure-server"

char *lalan_measure_find_server (LalanStore  *store,
                                 const char  *preferred,
                                 GError     **error);

G_END_DECLS
