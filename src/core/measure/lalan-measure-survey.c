/* lalan-measure-survey.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-measure-survey.h"

#include <math.h>

G_DEFINE_BOXED_TYPE (LalanInstanceValue, lalan_instance_value, lalan_instance_value_copy, lalan_instance_value_free)

/**
 * lalan_instance_value_new:
 * @path: an instance path
 * @value: an answer
 *
 * Returns: (transfer full): the pair
 */
LalanInstanceValue *
lalan_instance_value_new (const char *path,
                          const char *value)
{
  LalanInstanceValue *pair = g_new0 (LalanInstanceValue, 1);

  pair->path = g_strdup (path);
  pair->value = g_strdup (value);
  return pair;
}

/**
 * lalan_instance_value_copy:
 * @value: a pair
 *
 * Returns: (transfer full): a copy
 */
LalanInstanceValue *
lalan_instance_value_copy (const LalanInstanceValue *value)
{
  return lalan_instance_value_new (value->path, value->value);
}

/**
 * lalan_instance_value_free:
 * @value: (nullable): a pair
 */
void
lalan_instance_value_free (LalanInstanceValue *value)
{
  if (value == NULL)
    return;

  g_free (value->path);
  g_free (value->value);
  g_free (value);
}

/**
 * lalan_measure_format_date_time:
 * @time: microseconds since the epoch
 *
 * Returns: (transfer full): the local time as an ODK dateTime,
 *   `2026-11-28T14:05:09.123+08:00`
 */
char *
lalan_measure_format_date_time (gint64 time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *main_part = NULL;
  g_autofree char *offset = NULL;

  g_return_val_if_fail (utc != NULL, NULL);

  local = g_date_time_to_local (utc);
  main_part = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S");
  offset = g_date_time_format (local, "%:z");

  return g_strdup_printf ("%s.%03d%s", main_part, (int) ((time % G_USEC_PER_SEC) / 1000), offset);
}

/**
 * lalan_measure_format_decimal:
 * @value: a figure
 * @digits: digits after the point
 *
 * Returns: (transfer full): @value with a point whatever the locale, or
 *   %NULL when it is not a number
 */
char *
lalan_measure_format_decimal (double value,
                              int    digits)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  if (!isfinite (value))
    return NULL;

  g_snprintf (format, sizeof format, "%%.%df", CLAMP (digits, 0, 6));
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, value));
}

static void
add_value (GPtrArray  *values,
           const char *group_path,
           const char *name,
           char       *value)
{
  g_autofree char *path = g_strconcat (group_path, "/", name, NULL);

  if (value != NULL)
    g_ptr_array_add (values, lalan_instance_value_new (path, value));
  g_free (value);
}

/**
 * lalan_measurement_survey_values:
 * @measurement: a measurement
 * @group_path: (nullable): the measurement group's path, by default
 *   %LALAN_MEASUREMENT_SURVEY_GROUP
 *
 * The answers a measurement gives to a survey's measurement group, in the
 * order to set them: the figures first (measured_at and method become
 * relevant once a figure is there), rates with two decimals and times
 * with one, `method` "app_test". Figures not measured are left out.
 *
 * Returns: (transfer full) (element-type LalanInstanceValue): the answers
 */
GPtrArray *
lalan_measurement_survey_values (const LalanMeasurement *measurement,
                                 const char             *group_path)
{
  GPtrArray *values = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_instance_value_free);

  g_return_val_if_fail (measurement != NULL, values);

  if (group_path == NULL)
    group_path = LALAN_MEASUREMENT_SURVEY_GROUP;

  add_value (values, group_path, "down_mbps", lalan_measure_format_decimal (measurement->download_mbps, 2));
  add_value (values, group_path, "up_mbps", lalan_measure_format_decimal (measurement->upload_mbps, 2));
  add_value (values, group_path, "latency_ms", lalan_measure_format_decimal (measurement->latency_ms, 1));
  add_value (values, group_path, "jitter_ms", lalan_measure_format_decimal (measurement->jitter_ms, 1));
  add_value (values, group_path, "measured_at", lalan_measure_format_date_time (measurement->taken_at));
  add_value (values, group_path, "method", g_strdup ("app_test"));

  return values;
}

/**
 * lalan_measurement_fill_survey:
 * @measurement: a measurement
 * @session: an open household or community record
 * @group_path: (nullable): the measurement group's path, by default
 *   %LALAN_MEASUREMENT_SURVEY_GROUP
 * @error: a location for a #GError
 *
 * Answers the record's measurement group with the measurement (see
 * lalan_measurement_survey_values()). Answers already there are replaced,
 * and a figure not measured is cleared, so the group never mixes two tests.
 *
 * Returns: whether every answer was taken
 */
gboolean
lalan_measurement_fill_survey (const LalanMeasurement  *measurement,
                               LalanFormSession        *session,
                               const char              *group_path,
                               GError                 **error)
{
  static const char *figures[] = { "down_mbps", "up_mbps", "latency_ms", "jitter_ms" };
  g_autoptr(GPtrArray) values = NULL;

  g_return_val_if_fail (measurement != NULL, FALSE);
  g_return_val_if_fail (LALAN_IS_FORM_SESSION (session), FALSE);

  if (group_path == NULL)
    group_path = LALAN_MEASUREMENT_SURVEY_GROUP;

  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_autofree char *path = g_strconcat (group_path, "/", figures[i], NULL);

      if (!lalan_form_session_set_value (session, path, "", error))
        return FALSE;
    }

  values = lalan_measurement_survey_values (measurement, group_path);
  for (guint i = 0; i < values->len; i++)
    {
      LalanInstanceValue *value = g_ptr_array_index (values, i);

      if (!lalan_form_session_set_value (session, value->path, value->value, error))
        return FALSE;
    }

  return TRUE;
}
