/* lalan-learning-log.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "lalan-store-types.h"

G_BEGIN_DECLS

/* The vocabulary of LalanLearningEvent.kind that the lessons module writes
 * and reads. */
#define LALAN_EVENT_STEP_SEEN "step-seen"   /* a step was shown */
#define LALAN_EVENT_ANSWERED  "answered"    /* an item answered; correct says how */
#define LALAN_EVENT_TASK_DONE "task-done"   /* a practice task ticked; item is the task */

LalanLearningEvent *lalan_learning_log_new_event (const char                *kind,
                                                  const char                *learner_id,
                                                  const char                *pack_id,
                                                  const char                *lesson_id,
                                                  const char                *step_id,
                                                  const char                *item_id,
                                                  const char                *answer,
                                                  LalanLearningEventCorrect  correct);
int                 lalan_learning_log_compare   (const LalanLearningEvent  *a,
                                                  const LalanLearningEvent  *b);
GPtrArray          *lalan_learning_log_merge     (GPtrArray                 *a,
                                                  GPtrArray                 *b);

G_END_DECLS
