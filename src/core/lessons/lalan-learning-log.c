/* lalan-learning-log.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-learning-log.h"

#include <string.h>

/**
 * lalan_learning_log_new_event:
 * @kind: %LALAN_EVENT_STEP_SEEN, %LALAN_EVENT_ANSWERED or %LALAN_EVENT_TASK_DONE
 * @learner_id: the learner
 * @pack_id: the pack
 * @lesson_id: the lesson
 * @step_id: the step
 * @item_id: (nullable): the item or task
 * @answer: (nullable): the answer, as lalan_lesson_quiz_answer() and
 *   lalan_lesson_field_answer() make it
 * @correct: the grade
 *
 * An event with its UUID and time set now, so it is the same event on
 * every device it is copied to. The store fills in this device's id.
 *
 * Returns: (transfer full): the event, for lalan_store_append_learning_events()
 */
LalanLearningEvent *
lalan_learning_log_new_event (const char                *kind,
                              const char                *learner_id,
                              const char                *pack_id,
                              const char                *lesson_id,
                              const char                *step_id,
                              const char                *item_id,
                              const char                *answer,
                              LalanLearningEventCorrect  correct)
{
  LalanLearningEvent *event = lalan_learning_event_new ();

  event->uuid = g_uuid_string_random ();
  event->kind = g_strdup (kind);
  event->learner_id = g_strdup (learner_id);
  event->pack_id = g_strdup (pack_id);
  event->lesson_id = g_strdup (lesson_id);
  event->step_id = g_strdup (step_id);
  event->item_id = g_strdup (item_id);
  event->answer = g_strdup (answer);
  event->correct = correct;
  event->time = g_get_real_time ();

  return event;
}

/**
 * lalan_learning_log_compare:
 *
 * The one order of events every computation uses, the store's: by time,
 * then by UUID, so two events at the same microsecond on two devices still
 * have a fixed order whichever log arrived first.
 *
 * Returns: <0, 0 or >0
 */
int
lalan_learning_log_compare (const LalanLearningEvent *a,
                            const LalanLearningEvent *b)
{
  if (a->time != b->time)
    return a->time < b->time ? -1 : 1;
  return g_strcmp0 (a->uuid, b->uuid);
}

static int
compare_events_cb (gconstpointer a,
                   gconstpointer b)
{
  return lalan_learning_log_compare (*(const LalanLearningEvent **) a,
                                     *(const LalanLearningEvent **) b);
}

/**
 * lalan_learning_log_merge:
 * @a: (element-type LalanLearningEvent): a log
 * @b: (element-type LalanLearningEvent): another log
 *
 * The union of two logs on UUID, in lalan_learning_log_compare() order;
 * what lalan_store_append_learning_events() does to the database.
 *
 * Returns: (transfer full) (element-type LalanLearningEvent): copies
 */
GPtrArray *
lalan_learning_log_merge (GPtrArray *a,
                          GPtrArray *b)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *merged = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_learning_event_free);
  GPtrArray *logs[] = { a, b };

  for (guint l = 0; l < G_N_ELEMENTS (logs); l++)
    {
      for (guint i = 0; logs[l] != NULL && i < logs[l]->len; i++)
        {
          LalanLearningEvent *event = g_ptr_array_index (logs[l], i);

          if (event->uuid != NULL && g_hash_table_add (seen, event->uuid))
            g_ptr_array_add (merged, lalan_learning_event_copy (event));
        }
    }

  g_ptr_array_sort (merged, compare_events_cb);
  return merged;
}
