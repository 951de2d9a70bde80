/* lalan-measure-survey.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lalan-form-session.h"
#include "lalan-store.h"

G_BEGIN_DECLS

/* A connectivity test in the survey's words.
 *
 * The household and community forms have a measurement group,
 * /data/measurement, with down_mbps, up_mbps, latency_ms, jitter_ms,
 * measured_at and method (SURVEY.md, section F). The survey's page calls
 * lalan_measurement_fill_survey() with the measurement the Connectivity
 * area hands it (see LalanMeasureView's `win.use-measurement-in-survey`
 * action, which carries the measurement's id). lalan_measurement_survey_values()
 * gives the same answers as plain (path, value) pairs for any other use. */

#define LALAN_MEASUREMENT_SURVEY_GROUP "/data/measurement"

/**
 * LalanInstanceValue:
 * @path: an absolute instance path, such as /data/measurement/down_mbps
 * @value: the answer, as the instance XML writes it
 *
 * One answer of a form.
 */
typedef struct
{
  char *path;
  char *value;
} LalanInstanceValue;

#define LALAN_TYPE_INSTANCE_VALUE (lalan_instance_value_get_type ())

GType               lalan_instance_value_get_type  (void) G_GNUC_CONST;
LalanInstanceValue *lalan_instance_value_new       (const char                *path,
                                                    const char                *value);
LalanInstanceValue *lalan_instance_value_copy      (const LalanInstanceValue  *value);
void                lalan_instance_value_free      (LalanInstanceValue        *value);

char               *lalan_measure_format_date_time (gint64                     time);
char               *lalan_measure_format_decimal   (double                     value,
                                                    int                        digits);

GPtrArray          *lalan_measurement_survey_values (const LalanMeasurement    *measurement,
                                                     const char                *group_path);
gboolean            lalan_measurement_fill_survey   (const LalanMeasurement    *measurement,
                                                     LalanFormSession          *session,
                                                     const char                *group_path,
                                                     GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanInstanceValue, lalan_instance_value_free)

G_END_DECLS
