/* lalan-learning-report.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "lalan-lesson.h"
#include "lalan-progress.h"

G_BEGIN_DECLS

/**
 * LalanLessonStatus:
 * @LALAN_LESSON_STATUS_NOT_STARTED: no event yet
 * @LALAN_LESSON_STATUS_STARTED: some steps seen
 * @LALAN_LESSON_STATUS_COMPLETED: every step seen
 * @LALAN_LESSON_STATUS_MASTERED: completed, with enough items right
 *
 * Where a learner is with a lesson, as one word for lists and reports.
 */
typedef enum
{
  LALAN_LESSON_STATUS_NOT_STARTED,
  LALAN_LESSON_STATUS_STARTED,
  LALAN_LESSON_STATUS_COMPLETED,
  LALAN_LESSON_STATUS_MASTERED,
} LalanLessonStatus;

LalanLessonStatus  lalan_lesson_progress_get_status  (const LalanLessonProgress *progress);
const char        *lalan_lesson_status_to_string     (LalanLessonStatus          status);
char              *lalan_lesson_describe_item        (LalanLesson               *lesson,
                                                      const char                *step_id,
                                                      const char                *item_id,
                                                      const char                *language);
GBytes            *lalan_learning_report_to_csv      (LalanProgress             *progress,
                                                      GPtrArray                 *learners,
                                                      GPtrArray                 *lessons,
                                                      GHashTable                *pack_titles,
                                                      const char                *language,
                                                      double                     threshold);

G_END_DECLS
