/* lalan-survey-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lalan-store.h"
#include "survey/lalan-form-view.h"

G_BEGIN_DECLS

#define LALAN_TYPE_SURVEY_VIEW (lalan_survey_view_get_type ())

G_DECLARE_FINAL_TYPE (LalanSurveyView, lalan_survey_view, LALAN, SURVEY_VIEW, GtkWidget)

void           lalan_survey_view_set_store     (LalanSurveyView    *self,
                                                LalanStore         *store);
LalanFormView *lalan_survey_view_get_form_view (LalanSurveyView    *self);
GListModel    *lalan_survey_view_get_records   (LalanSurveyView    *self);
void           lalan_survey_view_start_record  (LalanSurveyView    *self,
                                                const char         *form_id);
void           lalan_survey_view_open_record   (LalanSurveyView    *self,
                                                const char         *instance_id);
gboolean       lalan_survey_view_use_measurement (LalanSurveyView  *self,
                                                  const char       *measurement_id);
void           lalan_survey_view_export        (LalanSurveyView    *self,
                                                const char * const *instance_ids,
                                                const char         *path);

G_END_DECLS
