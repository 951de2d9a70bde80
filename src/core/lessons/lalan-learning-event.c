/* lalan-learning-event.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-learning-event.h"

#include <string.h>

G_DEFINE_BOXED_TYPE (LalanLearningEvent, lalan_learning_event,
                     lalan_learning_event_copy, lalan_learning_event_free)

static const char *kind_names[] = { "step-seen", "answered", "task-done" };

/**
 * lalan_learning_event_new:
 * @kind: what happened
 * @device_id: this device's id
 * @learner_id: the learner
 * @pack_id: the pack
 * @lesson_id: the lesson
 * @step_id: the step
 * @item_id: (nullable): the item or task
 * @answer: (nullable): the answer
 * @correct: the grade
 *
 * Returns: (transfer full): a new event with a random UUID, timed now
 */
LalanLearningEvent *
lalan_learning_event_new (LalanEventKind    kind,
                          const char       *device_id,
                          const char       *learner_id,
                          const char       *pack_id,
                          const char       *lesson_id,
                          const char       *step_id,
                          const char       *item_id,
                          const char       *answer,
                          LalanEventResult  correct)
{
  LalanLearningEvent *event = g_new0 (LalanLearningEvent, 1);

  event->uuid = g_uuid_string_random ();
  event->device_id = g_strdup (device_id);
  event->learner_id = g_strdup (learner_id);
  event->pack_id = g_strdup (pack_id);
  event->lesson_id = g_strdup (lesson_id);
  event->step_id = g_strdup (step_id);
  event->item_id = g_strdup (item_id);
  event->kind = kind;
  event->answer = g_strdup (answer);
  event->correct = correct;
  event->time = g_get_real_time ();

  return event;
}

LalanLearningEvent *
lalan_learning_event_copy (const LalanLearningEvent *event)
{
  LalanLearningEvent *copy = g_memdup2 (event, sizeof *event);

  copy->uuid = g_strdup (event->uuid);
  copy->device_id = g_strdup (event->device_id);
  copy->learner_id = g_strdup (event->learner_id);
  copy->pack_id = g_strdup (event->pack_id);
  copy->lesson_id = g_strdup (event->lesson_id);
  copy->step_id = g_strdup (event->step_id);
  copy->item_id = g_strdup (event->item_id);
  copy->answer = g_strdup (event->answer);

  return copy;
}

void
lalan_learning_event_free (LalanLearningEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->uuid);
  g_free (event->device_id);
  g_free (event->learner_id);
  g_free (event->pack_id);
  g_free (event->lesson_id);
  g_free (event->step_id);
  g_free (event->item_id);
  g_free (event->answer);
  g_free (event);
}

/**
 * lalan_learning_event_compare:
 *
 * The one order of events every computation uses: by time, then by UUID,
 * so two events at the same microsecond on two devices still have a fixed
 * order, whichever log arrived first.
 *
 * Returns: <0, 0 or >0
 */
int
lalan_learning_event_compare (const LalanLearningEvent *a,
                              const LalanLearningEvent *b)
{
  if (a->time != b->time)
    return a->time < b->time ? -1 : 1;
  return strcmp (a->uuid, b->uuid);
}

const char *
lalan_event_kind_to_string (LalanEventKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
lalan_event_kind_from_string (const char     *text,
                              LalanEventKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_strcmp0 (text, kind_names[i]) == 0)
        {
          *kind = i;
          return TRUE;
        }
    }
  return FALSE;
}

static int
compare_events_cb (gconstpointer a,
                   gconstpointer b)
{
  return lalan_learning_event_compare (*(const LalanLearningEvent **) a,
                                       *(const LalanLearningEvent **) b);
}

/**
 * lalan_learning_events_merge:
 * @a: (element-type LalanLearningEvent): a log
 * @b: (element-type LalanLearningEvent): another log
 *
 * The union of two logs on UUID, in lalan_learning_event_compare() order.
 *
 * Returns: (transfer full) (element-type LalanLearningEvent): a new log of
 *   copies
 */
GPtrArray *
lalan_learning_events_merge (GPtrArray *a,
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

          if (g_hash_table_add (seen, event->uuid))
            g_ptr_array_add (merged, lalan_learning_event_copy (event));
        }
    }

  g_ptr_array_sort (merged, compare_events_cb);
  return merged;
}
