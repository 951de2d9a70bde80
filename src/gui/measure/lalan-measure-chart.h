/* lalan-measure-chart.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LALAN_TYPE_MEASURE_CHART (lalan_measure_chart_get_type ())

G_DECLARE_FINAL_TYPE (LalanMeasureChart, lalan_measure_chart, LALAN, MEASURE_CHART, GtkDrawingArea)

#define LALAN_MEASURE_CHART_MAX_TESTS 30

GtkWidget *lalan_measure_chart_new              (void);
void       lalan_measure_chart_set_measurements (LalanMeasureChart *self,
                                                 GPtrArray         *measurements);
guint      lalan_measure_chart_get_n_tests      (LalanMeasureChart *self);
double     lalan_measure_chart_get_scale_max    (LalanMeasureChart *self);

G_END_DECLS
