/* lalan-measure-report-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LALAN_TYPE_MEASURE_REPORT_DIALOG (lalan_measure_report_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LalanMeasureReportDialog, lalan_measure_report_dialog, LALAN, MEASURE_REPORT_DIALOG, AdwMessageDialog)

GtkWidget  *lalan_measure_report_dialog_new              (GtkWindow                *parent,
                                                          const char               *town_code,
                                                          const char               *village_code,
                                                          const char               *place_type);
const char *lalan_measure_report_dialog_get_village_code (LalanMeasureReportDialog *self);
const char *lalan_measure_report_dialog_get_place_type   (LalanMeasureReportDialog *self);
void        lalan_measure_report_dialog_select_village   (LalanMeasureReportDialog *self,
                                                          const char               *village_code);

G_END_DECLS
