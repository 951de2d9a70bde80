/* lalan-measure-schedule.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "lalan-store.h"

G_BEGIN_DECLS

/* Scheduled tests for learning centres, as M-Lab asks of clients that test
 * on their own (the ndt7 specification, "Requirements for non-interactive
 * clients"): the gap to the next test is drawn from an exponential
 * distribution with a mean of six hours, clamped to between 36 minutes and
 * 15 hours, so tests from many centres never fall on the same minute and
 * together sample every hour of the day. */

#define LALAN_SCHEDULE_MEAN_SECONDS 21600.0
#define LALAN_SCHEDULE_MIN_SECONDS  2160.0
#define LALAN_SCHEDULE_MAX_SECONDS  54000.0

/* The store key holding when the next scheduled test is due (µs since the
 * epoch, as text), so a restart neither skips nor repeats one. */
#define LALAN_SCHEDULE_NEXT_KEY "measure.schedule.next-at"

double   lalan_measure_schedule_draw_gap  (GRand       *rng);
gint64   lalan_measure_schedule_get_next  (LalanStore  *store,
                                           GError     **error);
gint64   lalan_measure_schedule_plan_next (LalanStore  *store,
                                           gint64       now,
                                           GRand       *rng,
                                           GError     **error);
gboolean lalan_measure_schedule_clear     (LalanStore  *store,
                                           GError     **error);

G_END_DECLS
