/* lalan-measure-scheduler.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lalan-probe.h"
#include "lalan-store.h"

G_BEGIN_DECLS

#define LALAN_TYPE_MEASURE_SCHEDULER (lalan_measure_scheduler_get_type ())

G_DECLARE_FINAL_TYPE (LalanMeasureScheduler, lalan_measure_scheduler, LALAN, MEASURE_SCHEDULER, GObject)

LalanMeasureScheduler *lalan_measure_scheduler_new          (LalanStore            *store);
LalanStore            *lalan_measure_scheduler_get_store    (LalanMeasureScheduler *self);
gboolean               lalan_measure_scheduler_get_enabled  (LalanMeasureScheduler *self);
void                   lalan_measure_scheduler_set_enabled  (LalanMeasureScheduler *self,
                                                             gboolean               enabled);
gint64                 lalan_measure_scheduler_get_next_at  (LalanMeasureScheduler *self);
gboolean               lalan_measure_scheduler_get_running  (LalanMeasureScheduler *self);

gboolean               lalan_measure_schedule_may_run       (gboolean               metered);

G_END_DECLS
