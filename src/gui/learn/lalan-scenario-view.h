/* lalan-scenario-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lalan-learn-context.h"
#include "lalan-lesson.h"

G_BEGIN_DECLS

#define LALAN_TYPE_SCENARIO_VIEW (lalan_scenario_view_get_type ())

G_DECLARE_FINAL_TYPE (LalanScenarioView, lalan_scenario_view, LALAN, SCENARIO_VIEW, GtkWidget)

GtkWidget *lalan_scenario_view_new          (LalanLearnContext     *context,
                                             LalanLesson           *lesson,
                                             const LalanLessonStep *step);
gboolean   lalan_scenario_view_get_answered (LalanScenarioView     *self);

G_END_DECLS
