/* lalan-sync-indicator.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lalan-sync-scheduler.h"

G_BEGIN_DECLS

#define LALAN_TYPE_SYNC_INDICATOR (lalan_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (LalanSyncIndicator, lalan_sync_indicator, LALAN, SYNC_INDICATOR, GtkButton)

LalanSyncScheduler *lalan_sync_indicator_get_scheduler (LalanSyncIndicator *self);
void                lalan_sync_indicator_set_scheduler (LalanSyncIndicator *self,
                                                        LalanSyncScheduler *scheduler);
const char         *lalan_sync_indicator_get_text      (LalanSyncIndicator *self);

G_END_DECLS
