/* lalan-sync-timing.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-sync-timing.h"

#include "lalan-sync-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The production times. A mountain village's link may carry a few
 * kilobytes a second and drop for minutes: a connection gets 30 s, a
 * transfer is given up only when it has moved almost nothing for a full
 * minute, and the overall limit grows with the body so a photo on a slow
 * link still gets through. Failed records wait 60 s, then twice as long
 * each time, never more than 30 minutes, and never give up. */
static const LalanSyncTiming production = {
  .connect_timeout_ms = 30 * 1000,
  .stall_time_ms = 60 * 1000,
  .stall_bytes_per_second = 16,
  .total_timeout_ms = 120 * 1000,
  .min_bytes_per_second = 1024,
  .backoff_base_ms = 60 * 1000,
  .backoff_cap_ms = 30 * 60 * 1000,
  .parallel = 4,
};

/**
 * lalan_sync_timing_get_production:
 * @timing: (out caller-allocates): where to put the production times
 *
 * The times sync uses unless a test asks otherwise.
 */
void
lalan_sync_timing_get_production (LalanSyncTiming *timing)
{
  g_return_if_fail (timing != NULL);

  *timing = production;
}

/**
 * lalan_sync_timing_parse:
 * @spec: comma-separated `name=value` pairs: connect, stall, total,
 *   backoff and cap in milliseconds, stall-rate and min-rate in bytes per
 *   second, parallel as a count
 * @timing: (inout): the times to change
 * @error: a location for a #GError
 *
 * Changes the times named in @spec; the others stay.
 *
 * Returns: %TRUE when @spec was understood
 */
gboolean
lalan_sync_timing_parse (const char       *spec,
                         LalanSyncTiming  *timing,
                         GError          **error)
{
  g_auto(GStrv) pairs = NULL;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (timing != NULL, FALSE);

  pairs = g_strsplit (spec, ",", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *equals;
      g_autofree char *name = NULL;
      guint64 value;

      if (*g_strstrip (pairs[i]) == '\0')
        continue;
      equals = strchr (pairs[i], '=');
      if (equals == NULL ||
          !g_ascii_string_to_unsigned (equals + 1, 10, 1, G_MAXINT32, &value, NULL))
        goto invalid;

      name = g_strndup (pairs[i], equals - pairs[i]);
      if (g_str_equal (name, "connect"))
        timing->connect_timeout_ms = (gint64) value;
      else if (g_str_equal (name, "stall"))
        timing->stall_time_ms = (gint64) value;
      else if (g_str_equal (name, "stall-rate"))
        timing->stall_bytes_per_second = (guint) value;
      else if (g_str_equal (name, "total"))
        timing->total_timeout_ms = (gint64) value;
      else if (g_str_equal (name, "min-rate"))
        timing->min_bytes_per_second = (guint) value;
      else if (g_str_equal (name, "backoff"))
        timing->backoff_base_ms = (gint64) value;
      else if (g_str_equal (name, "cap"))
        timing->backoff_cap_ms = (gint64) value;
      else if (g_str_equal (name, "parallel") && value <= 16)
        timing->parallel = (guint) value;
      else
        goto invalid;
    }

  return TRUE;

invalid:
  g_set_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_FAILED,
               _("The sync timing “%s” is not understood."), spec);
  return FALSE;
}

/**
 * lalan_sync_timing_get_default:
 *
 * The times sync runs on: the production ones, changed by the variable
 * LALAN_SYNC_TEST_TIMING when it is set (tests use it to run hours of
 * back-off in seconds; see lalan_sync_timing_parse()).
 *
 * Returns: (transfer none): the times, valid for the life of the program
 */
const LalanSyncTiming *
lalan_sync_timing_get_default (void)
{
  static LalanSyncTiming timing;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      const char *spec = g_getenv ("LALAN_SYNC_TEST_TIMING");
      LalanSyncTiming parsed = production;

      timing = production;
      if (spec != NULL && lalan_sync_timing_parse (spec, &parsed, NULL))
        timing = parsed;

      g_once_init_leave (&initialized, 1);
    }

  return &timing;
}

/**
 * lalan_sync_timing_get_backoff:
 * @timing: the times
 * @failures: how many attempts at the record have failed, this one
 *   included (1 or more)
 * @random: a number in [0, 1) for the jitter
 *
 * How long a record waits before its next attempt: the base, doubled for
 * each failure after the first, plus up to a quarter more at random so
 * records that failed together do not all come back together, and never
 * more than the cap.
 *
 * Returns: the wait in microseconds
 */
gint64
lalan_sync_timing_get_backoff (const LalanSyncTiming *timing,
                               guint                  failures,
                               double                 random)
{
  gint64 wait_ms = timing->backoff_base_ms;

  g_return_val_if_fail (timing != NULL, 0);

  for (guint i = 1; i < failures && wait_ms < timing->backoff_cap_ms; i++)
    wait_ms *= 2;
  wait_ms = MIN (wait_ms, timing->backoff_cap_ms);
  wait_ms += (gint64) (wait_ms * 0.25 * CLAMP (random, 0.0, 1.0));
  wait_ms = MIN (wait_ms, timing->backoff_cap_ms);

  return wait_ms * 1000;
}

/**
 * lalan_sync_timing_get_request_timeout:
 * @timing: the times
 * @body_bytes: the size of what the request sends
 *
 * Returns: the longest the request may take, in milliseconds
 */
gint64
lalan_sync_timing_get_request_timeout (const LalanSyncTiming *timing,
                                       guint64                body_bytes)
{
  g_return_val_if_fail (timing != NULL, 0);

  return timing->total_timeout_ms +
         (gint64) (body_bytes * 1000 / MAX (timing->min_bytes_per_second, 1));
}
