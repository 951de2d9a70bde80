/* lalan-measure-schedule.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-measure-schedule.h"

#include <math.h>

/**
 * lalan_measure_schedule_draw_gap:
 * @rng: (nullable): a random number generator; the global one when %NULL
 *
 * Returns: seconds until the next scheduled test
 */
double
lalan_measure_schedule_draw_gap (GRand *rng)
{
  double u;

  /* Inverse transform: -mean·ln(U) is exponential for U uniform in (0, 1]. */
  u = rng != NULL ? g_rand_double (rng) : g_random_double ();
  u = 1.0 - u;

  return CLAMP (-LALAN_SCHEDULE_MEAN_SECONDS * log (u),
                LALAN_SCHEDULE_MIN_SECONDS,
                LALAN_SCHEDULE_MAX_SECONDS);
}

/**
 * lalan_measure_schedule_get_next:
 * @store: the store
 * @error: a location for a #GError
 *
 * Returns: when the next scheduled test is due (µs since the epoch), 0 when
 *   none is planned, or -1 with @error set
 */
gint64
lalan_measure_schedule_get_next (LalanStore  *store,
                                 GError     **error)
{
  g_autofree char *value = NULL;
  GError *local_error = NULL;
  gint64 next;

  value = lalan_store_get_value (store, LALAN_SCHEDULE_NEXT_KEY, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return -1;
    }

  if (value == NULL || !g_ascii_string_to_signed (value, 10, 0, G_MAXINT64, &next, NULL))
    return 0;

  return next;
}

/**
 * lalan_measure_schedule_plan_next:
 * @store: the store
 * @now: now (µs since the epoch)
 * @rng: (nullable): a random number generator
 * @error: a location for a #GError
 *
 * Draws the gap to the next test and remembers when it is due.
 *
 * Returns: when it is due, or -1 with @error set
 */
gint64
lalan_measure_schedule_plan_next (LalanStore  *store,
                                  gint64       now,
                                  GRand       *rng,
                                  GError     **error)
{
  gint64 next = now + (gint64) (lalan_measure_schedule_draw_gap (rng) * G_USEC_PER_SEC);
  g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, next);

  if (!lalan_store_set_value (store, LALAN_SCHEDULE_NEXT_KEY, value, error))
    return -1;

  return next;
}

/**
 * lalan_measure_schedule_clear:
 * @store: the store
 * @error: a location for a #GError
 *
 * Forgets the planned test (the schedule was turned off).
 *
 * Returns: whether it worked
 */
gboolean
lalan_measure_schedule_clear (LalanStore  *store,
                              GError     **error)
{
  return lalan_store_set_value (store, LALAN_SCHEDULE_NEXT_KEY, NULL, error);
}
