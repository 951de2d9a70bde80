/* lalan-measure-report.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lalan-form.h"
#include "lalan-store.h"

G_BEGIN_DECLS

#define LALAN_MEASURE_REPORT_FORM_ID "lalan_measurement"

/* Values of the lalan_measurement form's place_type and method. */
#define LALAN_MEASURE_PLACE_HOME            "home"
#define LALAN_MEASURE_PLACE_MEETING_PLACE   "meeting_place"
#define LALAN_MEASURE_PLACE_SCHOOL          "school"
#define LALAN_MEASURE_PLACE_LEARNING_CENTRE "learning_centre"
#define LALAN_MEASURE_PLACE_OUTDOORS        "outdoors"
#define LALAN_MEASURE_METHOD_APP_TEST       "app_test"
#define LALAN_MEASURE_METHOD_SCHEDULED      "scheduled"

LalanForm   *lalan_measure_load_report_form (LalanStore              *store,
                                             GError                 **error);
LalanRecord *lalan_measure_save_report      (LalanStore              *store,
                                             const LalanMeasurement  *measurement,
                                             const char              *town_code,
                                             const char              *village_code,
                                             const char              *place_type,
                                             const char              *method,
                                             GError                 **error);

G_END_DECLS
