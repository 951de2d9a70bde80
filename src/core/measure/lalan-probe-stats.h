/* lalan-probe-stats.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The arithmetic of the connectivity test, apart from the network so the
 * unit tests can check it on made-up samples. Times are microseconds
 * relative to the start of a phase. */

double  lalan_stats_median      (const double *values,
                                 guint         n);
double  lalan_stats_percentile  (const double *values,
                                 guint         n,
                                 double        percentile);
double  lalan_stats_minimum     (const double *values,
                                 guint         n);
double  lalan_stats_jitter      (const double *values,
                                 guint         n);

/* Bytes as they arrived over time, in 10 ms buckets. */
typedef struct _LalanRateTimeline LalanRateTimeline;

#define LALAN_RATE_TIMELINE_BUCKET_US 10000

LalanRateTimeline *lalan_rate_timeline_new         (void);
void               lalan_rate_timeline_free        (LalanRateTimeline *timeline);
void               lalan_rate_timeline_add         (LalanRateTimeline *timeline,
                                                    gint64             at_us,
                                                    double             bytes);
void               lalan_rate_timeline_add_spread  (LalanRateTimeline *timeline,
                                                    gint64             from_us,
                                                    gint64             to_us,
                                                    double             bytes);
double             lalan_rate_timeline_total       (LalanRateTimeline *timeline);
double             lalan_rate_timeline_recent_mbps (LalanRateTimeline *timeline,
                                                    gint64             now_us,
                                                    gint64             span_us);
double             lalan_rate_timeline_mean_mbps   (LalanRateTimeline *timeline,
                                                    gint64             from_us,
                                                    gint64             to_us);
GArray            *lalan_rate_timeline_samples     (LalanRateTimeline *timeline,
                                                    gint64             from_us,
                                                    gint64             to_us);

gint64             lalan_probe_warmup_us           (double             phase_seconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanRateTimeline, lalan_rate_timeline_free)

G_END_DECLS
