/* lalan-survey-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LALAN_TYPE_SURVEY_VIEW (lalan_survey_view_get_type ())

G_DECLARE_FINAL_TYPE (LalanSurveyView, lalan_survey_view, LALAN, SURVEY_VIEW, GtkWidget)

G_END_DECLS
