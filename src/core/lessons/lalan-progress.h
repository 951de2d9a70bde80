/* lalan-progress.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "lalan-learning-log.h"
#include "lalan-store.h"
#include "lalan-lesson.h"

G_BEGIN_DECLS

/* Northstar's rule: 85% of the items right, each on its last attempt. */
#define LALAN_MASTERY_DEFAULT_THRESHOLD 0.85

/**
 * LalanLessonProgress:
 * @n_steps: steps in the lesson as it is now
 * @n_steps_seen: of them, steps the learner has seen
 * @n_items: graded items in the lesson
 * @n_items_answered: of them, items answered at least once
 * @n_items_right: of them, items whose last answer is right
 * @n_tasks: practice tasks in the lesson
 * @n_tasks_done: of them, tasks ticked
 * @score: @n_items_right / @n_items (1 when the lesson has no items)
 * @started: whether any event exists
 * @completed: every step seen
 * @mastered: completed, and @score at least the threshold
 * @resume_step: index of the step seen last, -1 when none
 * @last_time: time of the last event, 0 when none
 */
typedef struct
{
  guint    n_steps;
  guint    n_steps_seen;
  guint    n_items;
  guint    n_items_answered;
  guint    n_items_right;
  guint    n_tasks;
  guint    n_tasks_done;
  double   score;
  gboolean started;
  gboolean completed;
  gboolean mastered;
  int      resume_step;
  gint64   last_time;
} LalanLessonProgress;

/**
 * LalanCompetenceProgress:
 * @code: the DigComp code
 * @n_items: items carrying it in the lessons given
 * @n_answered: of them, answered
 * @n_right: of them, right on the last attempt
 * @score: @n_right / @n_items
 * @mastered: @score at least the threshold
 * @max_level: the highest level among the items answered right, 0 if none
 */
typedef struct
{
  char     *code;
  guint     n_items;
  guint     n_answered;
  guint     n_right;
  double    score;
  gboolean  mastered;
  int       max_level;
} LalanCompetenceProgress;

/**
 * LalanItemStats:
 * @pack_id: the pack
 * @lesson_id: the lesson
 * @step_id: the step
 * @item_id: the item
 * @competence: its code
 * @n_learners: learners who answered it
 * @n_wrong_first: of them, learners wrong at their first attempt
 * @n_wrong_last: of them, learners still wrong at their last attempt
 * @wrong_ratio: @n_wrong_first / @n_learners
 */
typedef struct
{
  char   *pack_id;
  char   *lesson_id;
  char   *step_id;
  char   *item_id;
  char   *competence;
  guint   n_learners;
  guint   n_wrong_first;
  guint   n_wrong_last;
  double  wrong_ratio;
} LalanItemStats;

#define LALAN_TYPE_PROGRESS (lalan_progress_get_type ())

typedef struct _LalanProgress LalanProgress;

GType          lalan_progress_get_type          (void) G_GNUC_CONST;
LalanProgress *lalan_progress_new               (void);
LalanProgress *lalan_progress_new_from_store    (LalanStore                *store,
                                                 const char                *learner_id,
                                                 GError                   **error);
LalanProgress *lalan_progress_ref               (LalanProgress             *self);
void           lalan_progress_unref             (LalanProgress             *self);
gboolean       lalan_progress_add               (LalanProgress             *self,
                                                 const LalanLearningEvent  *event);
void           lalan_progress_add_all           (LalanProgress             *self,
                                                 GPtrArray                 *events);
guint          lalan_progress_get_n_events      (LalanProgress             *self);
char         **lalan_progress_list_learners     (LalanProgress             *self);
void           lalan_progress_get_lesson        (LalanProgress             *self,
                                                 const char                *learner_id,
                                                 LalanLesson               *lesson,
                                                 double                     threshold,
                                                 LalanLessonProgress       *out);
GPtrArray     *lalan_progress_get_competences   (LalanProgress             *self,
                                                 const char                *learner_id,
                                                 GPtrArray                 *lessons,
                                                 double                     threshold);
GPtrArray     *lalan_progress_get_hardest_items (LalanProgress             *self,
                                                 GPtrArray                 *lessons,
                                                 guint                      min_learners,
                                                 guint                      limit);
gboolean       lalan_progress_item_is_done      (LalanProgress             *self,
                                                 const char                *learner_id,
                                                 LalanLesson               *lesson,
                                                 const char                *step_id,
                                                 const char                *item_id,
                                                 LalanLearningEventCorrect          *last_result);
gboolean       lalan_progress_task_is_done      (LalanProgress             *self,
                                                 const char                *learner_id,
                                                 LalanLesson               *lesson,
                                                 const char                *step_id,
                                                 const char                *task_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanProgress, lalan_progress_unref)

G_END_DECLS
