/* lalan-practice-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lalan-learn-context.h"
#include "lalan-lesson.h"

G_BEGIN_DECLS

#define LALAN_TYPE_PRACTICE_VIEW (lalan_practice_view_get_type ())

G_DECLARE_FINAL_TYPE (LalanPracticeView, lalan_practice_view, LALAN, PRACTICE_VIEW, GtkWidget)

GtkWidget *lalan_practice_view_new (LalanLearnContext     *context,
                                    LalanLesson           *lesson,
                                    const LalanLessonStep *step);

G_END_DECLS
