/* lalan-probe-stats.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-probe-stats.h"

#include <math.h>
#include <string.h>

/* Sample intervals: one second, or a third of a short window (a test cut
 * short by its byte cap), never under 250 ms. */
#define SAMPLE_US_LONGEST 1000000
#define SAMPLE_US_SHORTEST 250000
#define SAMPLES_WINDOWS 3

struct _LalanRateTimeline
{
  GArray *buckets;   /* double: bytes per 10 ms */
  double  total;
};

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double *
sorted_copy (const double *values,
             guint         n)
{
  double *copy = g_memdup2 (values, n * sizeof (double));

  qsort (copy, n, sizeof (double), compare_doubles);
  return copy;
}

/**
 * lalan_stats_percentile:
 * @values: samples, in any order
 * @n: how many
 * @percentile: 0 to 100
 *
 * Linear interpolation between the closest ranks (as most statistics
 * packages do by default).
 *
 * Returns: the percentile, or NAN without samples
 */
double
lalan_stats_percentile (const double *values,
                        guint         n,
                        double        percentile)
{
  g_autofree double *sorted = NULL;
  double rank, fraction;
  guint below;

  if (n == 0)
    return NAN;

  sorted = sorted_copy (values, n);
  rank = CLAMP (percentile, 0.0, 100.0) / 100.0 * (n - 1);
  below = (guint) floor (rank);
  fraction = rank - below;

  if (below + 1 >= n)
    return sorted[n - 1];

  return sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
}

/**
 * lalan_stats_median:
 * @values: samples, in any order
 * @n: how many
 *
 * Returns: the median, or NAN without samples
 */
double
lalan_stats_median (const double *values,
                    guint         n)
{
  return lalan_stats_percentile (values, n, 50.0);
}

/**
 * lalan_stats_minimum:
 * @values: samples
 * @n: how many
 *
 * Returns: the smallest, or NAN without samples
 */
double
lalan_stats_minimum (const double *values,
                     guint         n)
{
  double minimum = NAN;

  for (guint i = 0; i < n; i++)
    {
      if (isnan (minimum) || values[i] < minimum)
        minimum = values[i];
    }

  return minimum;
}

/**
 * lalan_stats_jitter:
 * @values: round trips in the order they were measured
 * @n: how many
 *
 * Jitter as speed tests and RFC 3550 think of it: how much one round trip
 * differs from the one before, on average.
 *
 * Returns: the mean absolute difference of consecutive samples, or NAN
 *   with fewer than two
 */
double
lalan_stats_jitter (const double *values,
                    guint         n)
{
  double sum = 0;

  if (n < 2)
    return NAN;

  for (guint i = 1; i < n; i++)
    sum += fabs (values[i] - values[i - 1]);

  return sum / (n - 1);
}

/**
 * lalan_probe_warmup_us:
 * @phase_seconds: how long a download or upload phase lasts
 *
 * TCP needs a moment to reach the link's speed (slow start), and what it
 * sends meanwhile fills the buffers along the path; samples from that
 * moment say nothing about the link. A quarter of the phase, between a
 * quarter of a second and two seconds, is left out.
 *
 * Returns: the warm-up, in microseconds
 */
gint64
lalan_probe_warmup_us (double phase_seconds)
{
  return (gint64) (CLAMP (phase_seconds * 0.25, 0.25, 2.0) * G_USEC_PER_SEC);
}

/**
 * lalan_rate_timeline_new:
 *
 * Returns: (transfer full): an empty timeline
 */
LalanRateTimeline *
lalan_rate_timeline_new (void)
{
  LalanRateTimeline *timeline = g_new0 (LalanRateTimeline, 1);

  timeline->buckets = g_array_new (FALSE, TRUE, sizeof (double));
  return timeline;
}

/**
 * lalan_rate_timeline_free:
 * @timeline: (nullable): a timeline
 */
void
lalan_rate_timeline_free (LalanRateTimeline *timeline)
{
  if (timeline == NULL)
    return;

  g_array_unref (timeline->buckets);
  g_free (timeline);
}

static double *
bucket_at (LalanRateTimeline *timeline,
           guint              index)
{
  if (index >= timeline->buckets->len)
    g_array_set_size (timeline->buckets, index + 1);

  return &g_array_index (timeline->buckets, double, index);
}

/**
 * lalan_rate_timeline_add:
 * @timeline: a timeline
 * @at_us: when the bytes arrived
 * @bytes: how many
 */
void
lalan_rate_timeline_add (LalanRateTimeline *timeline,
                         gint64             at_us,
                         double             bytes)
{
  at_us = MAX (at_us, 0);
  *bucket_at (timeline, (guint) (at_us / LALAN_RATE_TIMELINE_BUCKET_US)) += bytes;
  timeline->total += bytes;
}

/**
 * lalan_rate_timeline_add_spread:
 * @timeline: a timeline
 * @from_us: when the first of the bytes arrived
 * @to_us: when the last did
 * @bytes: how many
 *
 * Adds bytes known only as a total over a span (an upload the server
 * timed), as if they arrived evenly.
 */
void
lalan_rate_timeline_add_spread (LalanRateTimeline *timeline,
                                gint64             from_us,
                                gint64             to_us,
                                double             bytes)
{
  const gint64 width = LALAN_RATE_TIMELINE_BUCKET_US;

  from_us = MAX (from_us, 0);
  if (to_us <= from_us)
    {
      lalan_rate_timeline_add (timeline, from_us, bytes);
      return;
    }

  for (gint64 start = from_us - from_us % width; start < to_us; start += width)
    {
      gint64 overlap = MIN (to_us, start + width) - MAX (from_us, start);

      *bucket_at (timeline, (guint) (start / width)) += bytes * overlap / (double) (to_us - from_us);
    }

  timeline->total += bytes;
}

/**
 * lalan_rate_timeline_total:
 * @timeline: a timeline
 *
 * Returns: every byte added
 */
double
lalan_rate_timeline_total (LalanRateTimeline *timeline)
{
  return timeline->total;
}

/**
 * lalan_rate_timeline_recent_mbps:
 * @timeline: a timeline
 * @now_us: now
 * @span_us: how far back to look
 *
 * For the live display while a test runs.
 *
 * Returns: the rate over the last @span_us, in Mbit/s
 */
double
lalan_rate_timeline_recent_mbps (LalanRateTimeline *timeline,
                                 gint64             now_us,
                                 gint64             span_us)
{
  gint64 last = now_us / LALAN_RATE_TIMELINE_BUCKET_US;
  gint64 first = MAX (0, (now_us - span_us) / LALAN_RATE_TIMELINE_BUCKET_US);
  double bytes = 0;

  for (gint64 i = first; i < last && i < (gint64) timeline->buckets->len; i++)
    bytes += g_array_index (timeline->buckets, double, i);

  if (last <= first)
    return NAN;

  return bytes * 8 / ((last - first) * (double) LALAN_RATE_TIMELINE_BUCKET_US);
}

/**
 * lalan_rate_timeline_mean_mbps:
 * @timeline: a timeline
 * @from_us: start
 * @to_us: end
 *
 * Returns: the average rate over [@from_us, @to_us), whole buckets, in
 *   Mbit/s; NAN for an empty span
 */
double
lalan_rate_timeline_mean_mbps (LalanRateTimeline *timeline,
                               gint64             from_us,
                               gint64             to_us)
{
  const gint64 bucket = LALAN_RATE_TIMELINE_BUCKET_US;
  gint64 first = MAX (from_us, 0) / bucket;
  gint64 last = to_us / bucket;
  double bytes = 0;

  if (last <= first)
    return NAN;

  for (gint64 b = first; b < last && b < (gint64) timeline->buckets->len; b++)
    bytes += g_array_index (timeline->buckets, double, b);

  return bytes * 8 / (double) ((last - first) * bucket);
}

/**
 * lalan_rate_timeline_samples:
 * @timeline: a timeline
 * @from_us: where the measuring window starts (after the warm-up)
 * @to_us: where it ends
 *
 * The rate over intervals of one second (shorter in a short window, never
 * under 250 ms), one starting every quarter interval. Overlapping
 * intervals keep the samples steady where bytes come in bursts (Wi-Fi,
 * a busy computer): a burst moves bytes between neighbouring intervals,
 * and a short interval would count it as a change of speed.
 *
 * Returns: (transfer full) (element-type double): Mbit/s per interval;
 *   empty when the window is shorter than 250 ms
 */
GArray *
lalan_rate_timeline_samples (LalanRateTimeline *timeline,
                             gint64             from_us,
                             gint64             to_us)
{
  const gint64 bucket = LALAN_RATE_TIMELINE_BUCKET_US;
  GArray *samples = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 first, last, length, step;

  from_us = MAX (from_us, 0);
  first = (from_us + bucket - 1) / bucket;    /* whole buckets only */
  last = to_us / bucket;
  if (last - first < SAMPLE_US_SHORTEST / bucket)
    return samples;

  length = CLAMP ((last - first) / SAMPLES_WINDOWS, SAMPLE_US_SHORTEST / bucket, SAMPLE_US_LONGEST / bucket);
  step = MAX (1, length / 4);

  for (gint64 start = first; start + length <= last; start += step)
    {
      double bytes = 0;
      double mbps;

      for (gint64 b = start; b < start + length && b < (gint64) timeline->buckets->len; b++)
        bytes += g_array_index (timeline->buckets, double, b);

      mbps = bytes * 8 / (double) (length * bucket);
      g_array_append_val (samples, mbps);
    }

  return samples;
}
