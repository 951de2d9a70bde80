/* lalan-quiz-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lalan-learn-context.h"
#include "lalan-lesson.h"

G_BEGIN_DECLS

#define LALAN_TYPE_QUIZ_VIEW (lalan_quiz_view_get_type ())

G_DECLARE_FINAL_TYPE (LalanQuizView, lalan_quiz_view, LALAN, QUIZ_VIEW, GtkWidget)

GtkWidget *lalan_quiz_view_new          (LalanLearnContext     *context,
                                         LalanLesson           *lesson,
                                         const LalanLessonStep *step);
gboolean   lalan_quiz_view_get_answered (LalanQuizView         *self);

G_END_DECLS
