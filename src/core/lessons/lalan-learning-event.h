/* lalan-learning-event.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * LalanEventKind:
 * @LALAN_EVENT_STEP_SEEN: a step was shown to the learner
 * @LALAN_EVENT_ANSWERED: an item was answered (@correct says how)
 * @LALAN_EVENT_TASK_DONE: a practice task was ticked (@item is the task)
 */
typedef enum
{
  LALAN_EVENT_STEP_SEEN,
  LALAN_EVENT_ANSWERED,
  LALAN_EVENT_TASK_DONE,
} LalanEventKind;

/**
 * LalanEventResult:
 * @LALAN_RESULT_NONE: not graded
 * @LALAN_RESULT_WRONG: answered wrongly
 * @LALAN_RESULT_RIGHT: answered rightly
 */
typedef enum
{
  LALAN_RESULT_NONE = -1,
  LALAN_RESULT_WRONG = 0,
  LALAN_RESULT_RIGHT = 1,
} LalanEventResult;

/**
 * LalanLearningEvent:
 * @uuid: unique everywhere; merging two devices' logs is a union on it
 * @device_id: the device that recorded it
 * @learner_id: the learner
 * @pack_id: the pack
 * @lesson_id: the lesson
 * @step_id: the step
 * @item_id: (nullable): the item or practice task
 * @kind: what happened
 * @answer: (nullable): the answer as recorded (see lalan_lesson_quiz_answer())
 * @correct: whether the answer was right
 * @time: when, in microseconds since 1970 UTC
 *
 * One line of the append-only learning log.
 */
typedef struct
{
  char             *uuid;
  char             *device_id;
  char             *learner_id;
  char             *pack_id;
  char             *lesson_id;
  char             *step_id;
  char             *item_id;
  LalanEventKind    kind;
  char             *answer;
  LalanEventResult  correct;
  gint64            time;
} LalanLearningEvent;

#define LALAN_TYPE_LEARNING_EVENT (lalan_learning_event_get_type ())

GType               lalan_learning_event_get_type    (void) G_GNUC_CONST;
LalanLearningEvent *lalan_learning_event_new         (LalanEventKind            kind,
                                                      const char               *device_id,
                                                      const char               *learner_id,
                                                      const char               *pack_id,
                                                      const char               *lesson_id,
                                                      const char               *step_id,
                                                      const char               *item_id,
                                                      const char               *answer,
                                                      LalanEventResult          correct);
LalanLearningEvent *lalan_learning_event_copy        (const LalanLearningEvent *event);
void                lalan_learning_event_free        (LalanLearningEvent       *event);
int                 lalan_learning_event_compare     (const LalanLearningEvent *a,
                                                      const LalanLearningEvent *b);
const char         *lalan_event_kind_to_string       (LalanEventKind            kind);
gboolean            lalan_event_kind_from_string     (const char               *text,
                                                      LalanEventKind           *kind);
GPtrArray          *lalan_learning_events_merge      (GPtrArray                *a,
                                                      GPtrArray                *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanLearningEvent, lalan_learning_event_free)

G_END_DECLS
