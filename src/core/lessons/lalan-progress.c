/* lalan-progress.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-progress.h"

#include "lalan-digcomp.h"

#include <string.h>

/* Every figure is computed from the event log, never stored: merging two
 * devices is a union of events on their UUIDs, and since each figure only
 * depends on the set of events (ordered by lalan_learning_log_compare())
 * the result is the same whichever log arrived first. Figures are taken
 * against the lesson as it is now, so after a pack update the steps and
 * items that still exist keep their progress and removed ones drop out. */

struct _LalanProgress
{
  gatomicrefcount  ref_count;

  GPtrArray       *events;     /* owned copies */
  GHashTable      *uuids;      /* borrowed from events */
  GHashTable      *records;    /* "learner\x1fpack\x1flesson" → Record */
};

typedef struct
{
  const LalanLearningEvent *first;
  const LalanLearningEvent *last;
} Attempts;

typedef struct
{
  const char               *learner_id;
  const char               *pack_id;
  const char               *lesson_id;
  GHashTable               *steps;     /* step id → latest event on it */
  GHashTable               *items;     /* "step\x1fitem" → Attempts */
  GHashTable               *tasks;     /* "step\x1ftask" → event */
  const LalanLearningEvent *latest;
} Record;

G_DEFINE_BOXED_TYPE (LalanProgress, lalan_progress, lalan_progress_ref, lalan_progress_unref)

static void
record_free (Record *record)
{
  g_hash_table_unref (record->steps);
  g_hash_table_unref (record->items);
  g_hash_table_unref (record->tasks);
  g_free (record);
}

static char *
make_key (const char *a,
          const char *b,
          const char *c)
{
  return c ? g_strjoin ("\x1f", a, b, c, NULL) : g_strjoin ("\x1f", a, b, NULL);
}

/**
 * lalan_progress_new:
 *
 * Returns: (transfer full): an empty progress index; add events to it
 */
LalanProgress *
lalan_progress_new (void)
{
  LalanProgress *self = g_new0 (LalanProgress, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_learning_event_free);
  self->uuids = g_hash_table_new (g_str_hash, g_str_equal);
  self->records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) record_free);

  return self;
}

/**
 * lalan_progress_new_from_store:
 * @store: the store
 * @learner_id: (nullable): one learner, or %NULL for everyone (the
 *   teacher's view)
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the progress of the stored events
 */
LalanProgress *
lalan_progress_new_from_store (LalanStore  *store,
                               const char  *learner_id,
                               GError     **error)
{
  g_autoptr(GPtrArray) events = NULL;
  LalanProgress *self;

  events = lalan_store_list_learning_events (store, learner_id, NULL, NULL, 0, 0, error);
  if (events == NULL)
    return NULL;

  self = lalan_progress_new ();
  lalan_progress_add_all (self, events);
  return self;
}

LalanProgress *
lalan_progress_ref (LalanProgress *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
lalan_progress_unref (LalanProgress *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_hash_table_unref (self->records);
  g_hash_table_unref (self->uuids);
  g_ptr_array_unref (self->events);
  g_free (self);
}

static gboolean
is_later (const LalanLearningEvent *event,
          const LalanLearningEvent *than)
{
  return than == NULL || lalan_learning_log_compare (event, than) > 0;
}

static Record *
ensure_record (LalanProgress            *self,
               const LalanLearningEvent *event)
{
  g_autofree char *key = make_key (event->learner_id, event->pack_id, event->lesson_id);
  Record *record = g_hash_table_lookup (self->records, key);

  if (record != NULL)
    return record;

  record = g_new0 (Record, 1);
  record->learner_id = event->learner_id;
  record->pack_id = event->pack_id;
  record->lesson_id = event->lesson_id;
  record->steps = g_hash_table_new (g_str_hash, g_str_equal);
  record->items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  record->tasks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_insert (self->records, g_steal_pointer (&key), record);

  return record;
}

/**
 * lalan_progress_add:
 * @self: a progress index
 * @event: an event
 *
 * Adds a copy of @event, unless an event with its UUID is already there.
 *
 * Returns: %TRUE when the event was new
 */
gboolean
lalan_progress_add (LalanProgress            *self,
                    const LalanLearningEvent *event)
{
  LalanLearningEvent *copy;
  const LalanLearningEvent *seen;
  Record *record;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (event != NULL && event->uuid != NULL, FALSE);
  g_return_val_if_fail (event->learner_id && event->pack_id && event->lesson_id && event->step_id, FALSE);

  if (g_hash_table_contains (self->uuids, event->uuid))
    return FALSE;

  copy = lalan_learning_event_copy (event);
  g_ptr_array_add (self->events, copy);
  g_hash_table_add (self->uuids, copy->uuid);

  record = ensure_record (self, copy);
  if (is_later (copy, record->latest))
    record->latest = copy;

  /* Any event on a step means the step was shown. */
  seen = g_hash_table_lookup (record->steps, copy->step_id);
  if (is_later (copy, seen))
    g_hash_table_insert (record->steps, copy->step_id, copy);

  if (g_strcmp0 (copy->kind, LALAN_EVENT_ANSWERED) == 0 && copy->item_id != NULL && copy->correct != LALAN_LEARNING_EVENT_NOT_SCORED)
    {
      char *key = make_key (copy->step_id, copy->item_id, NULL);
      Attempts *attempts = g_hash_table_lookup (record->items, key);

      if (attempts == NULL)
        {
          attempts = g_new0 (Attempts, 1);
          g_hash_table_insert (record->items, key, attempts);
        }
      else
        g_free (key);

      if (attempts->first == NULL || lalan_learning_log_compare (copy, attempts->first) < 0)
        attempts->first = copy;
      if (is_later (copy, attempts->last))
        attempts->last = copy;
    }
  else if (g_strcmp0 (copy->kind, LALAN_EVENT_TASK_DONE) == 0 && copy->item_id != NULL)
    {
      g_hash_table_replace (record->tasks, make_key (copy->step_id, copy->item_id, NULL), copy);
    }

  return TRUE;
}

/**
 * lalan_progress_add_all:
 * @events: (element-type LalanLearningEvent): events, in any order
 */
void
lalan_progress_add_all (LalanProgress *self,
                        GPtrArray     *events)
{
  for (guint i = 0; events != NULL && i < events->len; i++)
    lalan_progress_add (self, g_ptr_array_index (events, i));
}

guint
lalan_progress_get_n_events (LalanProgress *self)
{
  return self->events->len;
}

static int
compare_strings_cb (gconstpointer a,
                    gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/**
 * lalan_progress_list_learners:
 *
 * Returns: (transfer full): the ids of learners with events, sorted
 */
char **
lalan_progress_list_learners (LalanProgress *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *ids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->records);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Record *record = value;

      if (g_hash_table_add (seen, (gpointer) record->learner_id))
        g_ptr_array_add (ids, g_strdup (record->learner_id));
    }

  g_ptr_array_sort (ids, compare_strings_cb);
  g_ptr_array_add (ids, NULL);

  return (char **) g_ptr_array_free (ids, FALSE);
}

static Record *
lookup_record (LalanProgress *self,
               const char    *learner_id,
               LalanLesson   *lesson)
{
  g_autofree char *key = make_key (learner_id, lalan_lesson_get_pack_id (lesson),
                                   lalan_lesson_get_id (lesson));

  return g_hash_table_lookup (self->records, key);
}

static const Attempts *
lookup_attempts (Record     *record,
                 const char *step_id,
                 const char *item_id)
{
  g_autofree char *key = NULL;

  if (record == NULL)
    return NULL;
  key = make_key (step_id, item_id, NULL);
  return g_hash_table_lookup (record->items, key);
}

static gboolean
meets (guint  right,
       guint  total,
       double threshold)
{
  /* Compared in integers scaled by 10^6 so 85% of 20 items is 17, exactly. */
  return total > 0 && (guint64) right * 1000000 >= (guint64) (threshold * 1000000 + 0.5) * total;
}

/**
 * lalan_progress_get_lesson:
 * @self: a progress index
 * @learner_id: a learner
 * @lesson: a lesson as it is now
 * @threshold: the share of items to get right, such as
 *   %LALAN_MASTERY_DEFAULT_THRESHOLD
 * @out: (out caller-allocates): the figures
 *
 * Completion, mastery and where to resume, for one learner and lesson.
 */
void
lalan_progress_get_lesson (LalanProgress       *self,
                           const char          *learner_id,
                           LalanLesson         *lesson,
                           double               threshold,
                           LalanLessonProgress *out)
{
  Record *record = lookup_record (self, learner_id, lesson);
  const LalanLearningEvent *latest = NULL;

  memset (out, 0, sizeof *out);
  out->resume_step = -1;
  out->n_steps = lalan_lesson_get_n_steps (lesson);

  for (guint s = 0; s < out->n_steps; s++)
    {
      const LalanLessonStep *step = lalan_lesson_get_step (lesson, s);
      const LalanLearningEvent *seen = record ? g_hash_table_lookup (record->steps, step->id) : NULL;

      if (seen != NULL)
        {
          out->n_steps_seen++;
          if (is_later (seen, latest))
            {
              latest = seen;
              out->resume_step = (int) s;
            }
        }

      for (guint i = 0; i < step->items->len; i++)
        {
          const LalanLessonItem *item = g_ptr_array_index (step->items, i);
          const Attempts *attempts = lookup_attempts (record, step->id, item->id);

          out->n_items++;
          if (attempts != NULL)
            {
              out->n_items_answered++;
              if (attempts->last->correct == LALAN_LEARNING_EVENT_RIGHT)
                out->n_items_right++;
            }
        }

      if (step->type == LALAN_STEP_PRACTICE)
        {
          for (guint t = 0; t < step->tasks->len; t++)
            {
              const LalanPracticeTask *task = g_ptr_array_index (step->tasks, t);
              g_autofree char *key = make_key (step->id, task->id, NULL);

              out->n_tasks++;
              if (record != NULL && g_hash_table_contains (record->tasks, key))
                out->n_tasks_done++;
            }
        }
    }

  out->started = latest != NULL;
  out->last_time = latest ? latest->time : 0;
  out->completed = out->n_steps > 0 && out->n_steps_seen == out->n_steps;
  out->score = out->n_items > 0 ? (double) out->n_items_right / out->n_items : 1.0;
  out->mastered = out->completed &&
                  (out->n_items == 0 || meets (out->n_items_right, out->n_items, threshold));
}

/**
 * lalan_progress_item_is_done:
 * @last_result: (out) (optional): the grade of the last attempt
 *
 * Returns: %TRUE when the learner has answered the item
 */
gboolean
lalan_progress_item_is_done (LalanProgress    *self,
                             const char       *learner_id,
                             LalanLesson      *lesson,
                             const char       *step_id,
                             const char       *item_id,
                             LalanLearningEventCorrect *last_result)
{
  const Attempts *attempts = lookup_attempts (lookup_record (self, learner_id, lesson), step_id, item_id);

  if (last_result != NULL)
    *last_result = attempts ? attempts->last->correct : LALAN_LEARNING_EVENT_NOT_SCORED;
  return attempts != NULL;
}

/**
 * lalan_progress_task_is_done:
 * @self: a progress index
 * @learner_id: a learner
 * @lesson: the lesson
 * @step_id: a practice step
 * @task_id: one of its tasks
 *
 * Returns: %TRUE when the learner (or the teacher beside them) ticked it
 */
gboolean
lalan_progress_task_is_done (LalanProgress *self,
                             const char    *learner_id,
                             LalanLesson   *lesson,
                             const char    *step_id,
                             const char    *task_id)
{
  Record *record = lookup_record (self, learner_id, lesson);
  g_autofree char *key = NULL;

  if (record == NULL)
    return FALSE;
  key = make_key (step_id, task_id, NULL);
  return g_hash_table_contains (record->tasks, key);
}

static void
competence_free (LalanCompetenceProgress *competence)
{
  g_free (competence->code);
  g_free (competence);
}

static int
compare_competences_cb (gconstpointer a,
                        gconstpointer b)
{
  return lalan_digcomp_compare_codes ((*(LalanCompetenceProgress **) a)->code,
                                      (*(LalanCompetenceProgress **) b)->code);
}

/**
 * lalan_progress_get_competences:
 * @self: a progress index
 * @learner_id: a learner
 * @lessons: (element-type LalanLesson): the lessons to count items in
 * @threshold: the share of items to get right
 *
 * Per-competence mastery over every item carrying each code.
 *
 * Returns: (transfer full) (element-type LalanCompetenceProgress): one
 *   entry per code, in DigComp order
 */
GPtrArray *
lalan_progress_get_competences (LalanProgress *self,
                                const char    *learner_id,
                                GPtrArray     *lessons,
                                double         threshold)
{
  g_autoptr(GHashTable) by_code = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) competence_free);

  for (guint l = 0; l < lessons->len; l++)
    {
      LalanLesson *lesson = g_ptr_array_index (lessons, l);
      Record *record = lookup_record (self, learner_id, lesson);

      for (guint s = 0; s < lalan_lesson_get_n_steps (lesson); s++)
        {
          const LalanLessonStep *step = lalan_lesson_get_step (lesson, s);

          for (guint i = 0; i < step->items->len; i++)
            {
              const LalanLessonItem *item = g_ptr_array_index (step->items, i);
              const Attempts *attempts = lookup_attempts (record, step->id, item->id);
              LalanCompetenceProgress *competence = g_hash_table_lookup (by_code, item->competence);

              if (competence == NULL)
                {
                  competence = g_new0 (LalanCompetenceProgress, 1);
                  competence->code = g_strdup (item->competence);
                  g_hash_table_insert (by_code, competence->code, competence);
                  g_ptr_array_add (result, competence);
                }

              competence->n_items++;
              if (attempts != NULL)
                {
                  competence->n_answered++;
                  if (attempts->last->correct == LALAN_LEARNING_EVENT_RIGHT)
                    {
                      competence->n_right++;
                      competence->max_level = MAX (competence->max_level, item->level);
                    }
                }
            }
        }
    }

  for (guint i = 0; i < result->len; i++)
    {
      LalanCompetenceProgress *competence = g_ptr_array_index (result, i);

      competence->score = (double) competence->n_right / competence->n_items;
      competence->mastered = meets (competence->n_right, competence->n_items, threshold);
    }

  g_ptr_array_sort (result, compare_competences_cb);
  return result;
}

static void
item_stats_free (LalanItemStats *stats)
{
  g_free (stats->pack_id);
  g_free (stats->lesson_id);
  g_free (stats->step_id);
  g_free (stats->item_id);
  g_free (stats->competence);
  g_free (stats);
}

static int
compare_stats_cb (gconstpointer a,
                  gconstpointer b)
{
  const LalanItemStats *sa = *(const LalanItemStats **) a;
  const LalanItemStats *sb = *(const LalanItemStats **) b;
  int order;

  /* wrong_ratio compared as a cross product: exact, no rounding. */
  guint64 left = (guint64) sa->n_wrong_first * sb->n_learners;
  guint64 right = (guint64) sb->n_wrong_first * sa->n_learners;

  if (left != right)
    return left > right ? -1 : 1;
  if (sa->n_wrong_first != sb->n_wrong_first)
    return sa->n_wrong_first > sb->n_wrong_first ? -1 : 1;
  if ((order = strcmp (sa->pack_id, sb->pack_id)) != 0 ||
      (order = strcmp (sa->lesson_id, sb->lesson_id)) != 0 ||
      (order = strcmp (sa->step_id, sb->step_id)) != 0)
    return order;
  return strcmp (sa->item_id, sb->item_id);
}

/**
 * lalan_progress_get_hardest_items:
 * @self: a progress index
 * @lessons: (element-type LalanLesson): the lessons to look at
 * @min_learners: leave out items fewer learners have answered
 * @limit: the most items to return, 0 for all
 *
 * The questions most learners get wrong at their first attempt (what the
 * lesson did not teach well; the feedback then usually gets them right).
 *
 * Returns: (transfer full) (element-type LalanItemStats): items with at
 *   least one wrong first attempt, the most often wrong first
 */
GPtrArray *
lalan_progress_get_hardest_items (LalanProgress *self,
                                  GPtrArray     *lessons,
                                  guint          min_learners,
                                  guint          limit)
{
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) item_stats_free);
  g_autoptr(GHashTable) per_lesson = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            (GDestroyNotify) g_ptr_array_unref);
  GHashTableIter iter;
  gpointer value;

  /* Records grouped by lesson, so each item looks only at its learners. */
  g_hash_table_iter_init (&iter, self->records);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Record *record = value;
      g_autofree char *key = make_key (record->pack_id, record->lesson_id, NULL);
      GPtrArray *records = g_hash_table_lookup (per_lesson, key);

      if (records == NULL)
        {
          records = g_ptr_array_new ();
          g_hash_table_insert (per_lesson, g_steal_pointer (&key), records);
        }
      g_ptr_array_add (records, record);
    }

  for (guint l = 0; l < lessons->len; l++)
    {
      LalanLesson *lesson = g_ptr_array_index (lessons, l);
      g_autofree char *key = make_key (lalan_lesson_get_pack_id (lesson), lalan_lesson_get_id (lesson), NULL);
      GPtrArray *records = g_hash_table_lookup (per_lesson, key);

      if (records == NULL)
        continue;

      for (guint s = 0; s < lalan_lesson_get_n_steps (lesson); s++)
        {
          const LalanLessonStep *step = lalan_lesson_get_step (lesson, s);

          for (guint i = 0; i < step->items->len; i++)
            {
              const LalanLessonItem *item = g_ptr_array_index (step->items, i);
              LalanItemStats stats = { 0 };

              for (guint r = 0; r < records->len; r++)
                {
                  const Attempts *attempts = lookup_attempts (g_ptr_array_index (records, r), step->id, item->id);

                  if (attempts == NULL)
                    continue;
                  stats.n_learners++;
                  if (attempts->first->correct != LALAN_LEARNING_EVENT_RIGHT)
                    stats.n_wrong_first++;
                  if (attempts->last->correct != LALAN_LEARNING_EVENT_RIGHT)
                    stats.n_wrong_last++;
                }

              if (stats.n_learners == 0 || stats.n_learners < min_learners || stats.n_wrong_first == 0)
                continue;

              stats.pack_id = g_strdup (lalan_lesson_get_pack_id (lesson));
              stats.lesson_id = g_strdup (lalan_lesson_get_id (lesson));
              stats.step_id = g_strdup (step->id);
              stats.item_id = g_strdup (item->id);
              stats.competence = g_strdup (item->competence);
              stats.wrong_ratio = (double) stats.n_wrong_first / stats.n_learners;
              g_ptr_array_add (result, g_memdup2 (&stats, sizeof stats));
            }
        }
    }

  g_ptr_array_sort (result, compare_stats_cb);
  if (limit > 0 && result->len > limit)
    g_ptr_array_set_size (result, limit);

  return result;
}
