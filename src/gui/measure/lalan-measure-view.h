/* lalan-measure-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lalan-store-types.h"

G_BEGIN_DECLS

/* The Connectivity area: "Test my connection", the result and what it is
 * enough for, the history of tests, scheduled tests.
 *
 * Handing a test to the survey: the "Use in Survey" button activates the
 * window action `win.use-measurement-in-survey` with the measurement's id
 * (a string, see lalan_store_get_measurement()). The Survey area installs
 * that action on the window, enabled while a household or community
 * record is open; its handler reads the measurement and calls
 * lalan_measurement_fill_survey() on the record's session, then shows the
 * record. Until the action exists, the button stays insensitive. */
#define LALAN_MEASURE_VIEW_SURVEY_ACTION "win.use-measurement-in-survey"

#define LALAN_TYPE_MEASURE_VIEW (lalan_measure_view_get_type ())

G_DECLARE_FINAL_TYPE (LalanMeasureView, lalan_measure_view, LALAN, MEASURE_VIEW, GtkWidget)

void                    lalan_measure_view_start_test      (LalanMeasureView *self);
void                    lalan_measure_view_stop_test       (LalanMeasureView *self);
gboolean                lalan_measure_view_get_testing     (LalanMeasureView *self);
const LalanMeasurement *lalan_measure_view_get_measurement (LalanMeasureView *self);

G_END_DECLS
