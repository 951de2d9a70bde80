/* lalan-learn-context.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-learn-context.h"

#include "lalan-learning-log.h"
#include "lalan-text.h"

#include <glib/gi18n.h>

/* What the Learn area's pages share: the store, the library of packs, the
 * lessons read so far, the learner at the computer and their progress.
 *
 * Nothing here reads a file or the database on the UI thread: the library
 * and lessons are read by GTasks (each with its own LalanLesson objects,
 * never the LalanPack's cache, which is not thread-safe), progress through
 * the store's worker. Reading a library of 50 packs reads 50 manifests;
 * lessons are read a pack at a time, when a pack is opened, and then the
 * rest in the background for the progress figures. */

struct _LalanLearnContext
{
  GObject        parent_instance;

  /* owned */
  LalanStore    *store;
  LalanLibrary  *library;
  GHashTable    *lessons;          /* pack id → GPtrArray of LalanLesson */
  GHashTable    *problems;         /* pack id → GPtrArray of sentences */
  GHashTable    *loading;          /* pack ids being read */
  LalanLearner  *learner;
  LalanProgress *progress;
  GPtrArray     *pending;          /* events recorded before progress was read */
  GCancellable  *cancellable;
  char          *language;

  guint          library_generation;
  guint          learner_generation;
  guint          n_pending_writes;
};

G_DEFINE_FINAL_TYPE (LalanLearnContext, lalan_learn_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_LIBRARY,
  PROP_LEARNER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  LESSONS_LOADED,
  PROGRESS_CHANGED,
  PROBLEM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Reading the library */

typedef struct
{
  LalanLearnContext *self;
  guint              generation;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_object_unref (data->self);
  g_free (data);
}

static LoadData *
load_data_new (LalanLearnContext *self,
               guint              generation)
{
  LoadData *data = g_new0 (LoadData, 1);

  data->self = g_object_ref (self);
  data->generation = generation;
  return data;
}

static void
read_library_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  g_task_return_pointer (task, lalan_library_new (), g_object_unref);
}

static void
read_library_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LoadData *data = user_data;
  LalanLearnContext *self = data->self;
  g_autoptr(LalanLibrary) library = g_task_propagate_pointer (G_TASK (result), NULL);

  if (library != NULL && data->generation == self->library_generation)
    {
      g_set_object (&self->library, library);
      g_hash_table_remove_all (self->lessons);
      g_hash_table_remove_all (self->problems);
      g_hash_table_remove_all (self->loading);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIBRARY]);
    }

  load_data_free (data);
}

/* Reading lessons */

typedef struct
{
  char  *pack_id;
  char  *dir;
  char **lesson_ids;
  char **languages;
} PackToRead;

typedef struct
{
  char      *pack_id;
  GPtrArray *lessons;     /* LalanLesson */
  GPtrArray *problems;    /* sentences */
} PackRead;

static void
pack_to_read_free (PackToRead *pack)
{
  g_free (pack->pack_id);
  g_free (pack->dir);
  g_strfreev (pack->lesson_ids);
  g_strfreev (pack->languages);
  g_free (pack);
}

static void
pack_read_free (PackRead *pack)
{
  g_free (pack->pack_id);
  g_clear_pointer (&pack->lessons, g_ptr_array_unref);
  g_clear_pointer (&pack->problems, g_ptr_array_unref);
  g_free (pack);
}

static void
read_lessons_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GPtrArray *to_read = task_data;
  GPtrArray *read = g_ptr_array_new_with_free_func ((GDestroyNotify) pack_read_free);

  for (guint p = 0; p < to_read->len; p++)
    {
      PackToRead *pack = g_ptr_array_index (to_read, p);
      PackRead *out = g_new0 (PackRead, 1);

      out->pack_id = g_strdup (pack->pack_id);
      out->lessons = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_lesson_unref);
      out->problems = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; pack->lesson_ids[i] != NULL; i++)
        {
          g_autoptr(GError) error = NULL;
          LalanLesson *lesson;

          if (g_cancellable_is_cancelled (cancellable))
            break;

          lesson = lalan_lesson_new_from_dir (pack->dir, pack->pack_id, pack->lesson_ids[i],
                                              (const char * const *) pack->languages, &error);
          if (lesson != NULL)
            g_ptr_array_add (out->lessons, lesson);
          else
            g_ptr_array_add (out->problems, g_strdup (error->message));
        }

      g_ptr_array_add (read, out);
    }

  g_task_return_pointer (task, read, (GDestroyNotify) g_ptr_array_unref);
}

static void
read_lessons_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LoadData *data = user_data;
  LalanLearnContext *self = data->self;
  g_autoptr(GPtrArray) read = g_task_propagate_pointer (G_TASK (result), NULL);

  if (read != NULL && data->generation == self->library_generation)
    {
      for (guint i = 0; i < read->len; i++)
        {
          PackRead *pack = g_ptr_array_index (read, i);

          g_hash_table_remove (self->loading, pack->pack_id);
          g_hash_table_replace (self->lessons, g_strdup (pack->pack_id),
                                g_steal_pointer (&pack->lessons));
          g_hash_table_replace (self->problems, g_strdup (pack->pack_id),
                                g_steal_pointer (&pack->problems));
          g_signal_emit (self, signals[LESSONS_LOADED], 0, pack->pack_id);
        }
    }

  load_data_free (data);
}

/* Progress */

static gpointer
read_progress_job (LalanStore    *store,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return lalan_progress_new_from_store (store, data, error);
}

static void
read_progress_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  LoadData *data = user_data;
  LalanLearnContext *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanProgress) progress = NULL;

  progress = lalan_store_run_finish (LALAN_STORE (object), result, &error);

  if (data->generation == self->learner_generation)
    {
      if (progress == NULL)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_signal_emit (self, signals[PROBLEM], 0, error->message);
          progress = lalan_progress_new ();
        }

      /* Events recorded while the log was being read were written after
       * the read: add them now, or they would seem lost until a restart. */
      lalan_progress_add_all (progress, self->pending);
      g_ptr_array_set_size (self->pending, 0);

      g_clear_pointer (&self->progress, lalan_progress_unref);
      self->progress = g_steal_pointer (&progress);
      g_signal_emit (self, signals[PROGRESS_CHANGED], 0);
    }

  load_data_free (data);
}

static void
append_events_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LalanLearnContext) self = user_data;
  g_autoptr(GError) error = NULL;

  self->n_pending_writes--;
  if (!lalan_store_append_learning_events_finish (LALAN_STORE (object), result, NULL, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s says why, such as "The disk is full." */
      message = g_strdup_printf (_("Your progress could not be saved. %s"), error->message);
      g_signal_emit (self, signals[PROBLEM], 0, message);
    }
}

static void
lalan_learn_context_dispose (GObject *object)
{
  LalanLearnContext *self = (LalanLearnContext *) object;

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (lalan_learn_context_parent_class)->dispose (object);
}

static void
lalan_learn_context_finalize (GObject *object)
{
  LalanLearnContext *self = (LalanLearnContext *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->library);
  g_clear_pointer (&self->lessons, g_hash_table_unref);
  g_clear_pointer (&self->problems, g_hash_table_unref);
  g_clear_pointer (&self->loading, g_hash_table_unref);
  g_clear_pointer (&self->learner, lalan_learner_free);
  g_clear_pointer (&self->progress, lalan_progress_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->language, g_free);

  G_OBJECT_CLASS (lalan_learn_context_parent_class)->finalize (object);
}

static void
lalan_learn_context_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LalanLearnContext *self = LALAN_LEARN_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;

    case PROP_LEARNER:
      g_value_set_boxed (value, self->learner);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lalan_learn_context_class_init (LalanLearnContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lalan_learn_context_dispose;
  object_class->finalize = lalan_learn_context_finalize;
  object_class->get_property = lalan_learn_context_get_property;

  /**
   * LalanLearnContext:store:
   *
   * The database, or %NULL until it is open.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         LALAN_TYPE_STORE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LalanLearnContext:library:
   *
   * The packs' manifests, or %NULL until they are read.
   */
  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL,
                         LALAN_TYPE_LIBRARY,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LalanLearnContext:learner:
   *
   * The learner at the computer, or %NULL.
   */
  properties[PROP_LEARNER] =
    g_param_spec_boxed ("learner", NULL, NULL,
                        LALAN_TYPE_LEARNER,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LalanLearnContext::lessons-loaded:
   * @pack_id: the pack whose lessons were read
   */
  signals[LESSONS_LOADED] =
    g_signal_new ("lessons-loaded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * LalanLearnContext::progress-changed:
   *
   * The learner's progress was read, or an event was recorded.
   */
  signals[PROGRESS_CHANGED] =
    g_signal_new ("progress-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * LalanLearnContext::problem:
   * @message: a translated sentence to show
   *
   * Something failed that the person should know about.
   */
  signals[PROBLEM] =
    g_signal_new ("problem",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
lalan_learn_context_init (LalanLearnContext *self)
{
  self->lessons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  self->problems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
  self->loading = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_learning_event_free);
  self->cancellable = g_cancellable_new ();
  self->language = g_strdup (lalan_text_get_user_language ());
}

/**
 * lalan_learn_context_new:
 *
 * Returns: (transfer full): a context with no store, library or learner
 */
LalanLearnContext *
lalan_learn_context_new (void)
{
  return g_object_new (LALAN_TYPE_LEARN_CONTEXT, NULL);
}

/**
 * lalan_learn_context_get_store:
 *
 * Returns: (transfer none) (nullable): the store
 */
LalanStore *
lalan_learn_context_get_store (LalanLearnContext *self)
{
  g_return_val_if_fail (LALAN_IS_LEARN_CONTEXT (self), NULL);

  return self->store;
}

/**
 * lalan_learn_context_set_store:
 * @store: (nullable): the store
 */
void
lalan_learn_context_set_store (LalanLearnContext *self,
                               LalanStore        *store)
{
  g_return_if_fail (LALAN_IS_LEARN_CONTEXT (self));
  g_return_if_fail (store == NULL || LALAN_IS_STORE (store));

  if (g_set_object (&self->store, store))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * lalan_learn_context_get_language:
 *
 * Returns: (transfer none): the language lessons are shown in
 */
const char *
lalan_learn_context_get_language (LalanLearnContext *self)
{
  g_return_val_if_fail (LALAN_IS_LEARN_CONTEXT (self), NULL);

  return self->language;
}

/**
 * lalan_learn_context_reload_library:
 *
 * Reads the packs' manifests again, in the background (at start and after
 * an import). #LalanLearnContext:library is notified when done.
 */
void
lalan_learn_context_reload_library (LalanLearnContext *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LALAN_IS_LEARN_CONTEXT (self));

  self->library_generation++;
  task = g_task_new (NULL, self->cancellable, read_library_cb,
                     load_data_new (self, self->library_generation));
  g_task_set_source_tag (task, lalan_learn_context_reload_library);
  g_task_run_in_thread (task, read_library_thread);
}

/**
 * lalan_learn_context_get_library:
 *
 * Returns: (transfer none) (nullable): the library, once read
 */
LalanLibrary *
lalan_learn_context_get_library (LalanLearnContext *self)
{
  g_return_val_if_fail (LALAN_IS_LEARN_CONTEXT (self), NULL);

  return self->library;
}

/**
 * lalan_learn_context_load_lessons:
 * @pack_id: (nullable): a pack, or %NULL for every pack not read yet
 *
 * Reads lessons in the background; #LalanLearnContext::lessons-loaded is
 * emitted for each pack. Does nothing for packs already read or being read.
 */
void
lalan_learn_context_load_lessons (LalanLearnContext *self,
                                  const char        *pack_id)
{
  g_autoptr(GPtrArray) to_read = NULL;
  g_autoptr(GTask) task = NULL;
  guint n;

  g_return_if_fail (LALAN_IS_LEARN_CONTEXT (self));

  if (self->library == NULL)
    return;

  to_read = g_ptr_array_new_with_free_func ((GDestroyNotify) pack_to_read_free);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->library));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LalanPack) pack = g_list_model_get_item (G_LIST_MODEL (self->library), i);
      LalanPackManifest *manifest = lalan_pack_get_manifest (pack);
      const char *id = lalan_pack_get_id (pack);
      PackToRead *item;

      if (pack_id != NULL && !g_str_equal (pack_id, id))
        continue;
      if (g_hash_table_contains (self->lessons, id) || g_hash_table_contains (self->loading, id))
        continue;

      item = g_new0 (PackToRead, 1);
      item->pack_id = g_strdup (id);
      item->dir = g_strdup (lalan_pack_get_dir (pack));
      item->lesson_ids = g_strdupv ((char **) lalan_pack_manifest_get_lessons (manifest));
      item->languages = g_strdupv ((char **) lalan_pack_manifest_get_languages (manifest));
      g_ptr_array_add (to_read, item);
      g_hash_table_add (self->loading, g_strdup (id));
    }

  if (to_read->len == 0)
    return;

  task = g_task_new (NULL, self->cancellable, read_lessons_cb,
                     load_data_new (self, self->library_generation));
  g_task_set_source_tag (task, lalan_learn_context_load_lessons);
  g_task_set_task_data (task, g_steal_pointer (&to_read), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, read_lessons_thread);
}

/**
 * lalan_learn_context_get_lessons:
 *
 * Returns: (transfer none) (nullable) (element-type LalanLesson): the
 *   pack's lessons that could be read, in teaching order, or %NULL until
 *   they are read
 */
GPtrArray *
lalan_learn_context_get_lessons (LalanLearnContext *self,
                                 const char        *pack_id)
{
  g_return_val_if_fail (LALAN_IS_LEARN_CONTEXT (self), NULL);

  return g_hash_table_lookup (self->lessons, pack_id);
}

/**
 * lalan_learn_context_get_lesson_problems:
 *
 * Returns: (transfer none) (nullable) (element-type utf8): sentences about
 *   the pack's lessons that could not be read
 */
GPtrArray *
lalan_learn_context_get_lesson_problems (LalanLearnContext *self,
                                         const char        *pack_id)
{
  g_return_val_if_fail (LALAN_IS_LEARN_CONTEXT (self), NULL);

  return g_hash_table_lookup (self->problems, pack_id);
}

/**
 * lalan_learn_context_all_lessons_loaded:
 *
 * Returns: whether the library and every pack's lessons have been read
 */
gboolean
lalan_learn_context_all_lessons_loaded (LalanLearnContext *self)
{
  g_return_val_if_fail (LALAN_IS_LEARN_CONTEXT (self), FALSE);

  return self->library != NULL &&
         g_hash_table_size (self->lessons) == g_list_model_get_n_items (G_LIST_MODEL (self->library));
}

/**
 * lalan_learn_context_dup_all_lessons:
 *
 * Returns: (transfer container) (element-type LalanLesson): every lesson
 *   read so far, in library order
 */
GPtrArray *
lalan_learn_context_dup_all_lessons (LalanLearnContext *self)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_lesson_unref);
  guint n;

  g_return_val_if_fail (LALAN_IS_LEARN_CONTEXT (self), all);

  if (self->library == NULL)
    return all;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->library));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LalanPack) pack = g_list_model_get_item (G_LIST_MODEL (self->library), i);
      GPtrArray *lessons = g_hash_table_lookup (self->lessons, lalan_pack_get_id (pack));

      for (guint j = 0; lessons != NULL && j < lessons->len; j++)
        g_ptr_array_add (all, lalan_lesson_ref (g_ptr_array_index (lessons, j)));
    }

  return all;
}

/**
 * lalan_learn_context_find_lesson:
 *
 * Returns: (transfer none) (nullable): a lesson already read
 */
LalanLesson *
lalan_learn_context_find_lesson (LalanLearnContext *self,
                                 const char        *pack_id,
                                 const char        *lesson_id)
{
  GPtrArray *lessons;

  g_return_val_if_fail (LALAN_IS_LEARN_CONTEXT (self), NULL);

  lessons = g_hash_table_lookup (self->lessons, pack_id);
  for (guint i = 0; lessons != NULL && i < lessons->len; i++)
    {
      LalanLesson *lesson = g_ptr_array_index (lessons, i);

      if (g_str_equal (lalan_lesson_get_id (lesson), lesson_id))
        return lesson;
    }

  return NULL;
}

/**
 * lalan_learn_context_get_learner:
 *
 * Returns: (transfer none) (nullable): the learner at the computer
 */
const LalanLearner *
lalan_learn_context_get_learner (LalanLearnContext *self)
{
  g_return_val_if_fail (LALAN_IS_LEARN_CONTEXT (self), NULL);

  return self->learner;
}

/**
 * lalan_learn_context_set_learner:
 * @learner: (nullable): the learner now at the computer, or %NULL
 *
 * Reads the learner's progress in the background;
 * #LalanLearnContext::progress-changed is emitted when it is there.
 */
void
lalan_learn_context_set_learner (LalanLearnContext  *self,
                                 const LalanLearner *learner)
{
  g_return_if_fail (LALAN_IS_LEARN_CONTEXT (self));

  self->learner_generation++;
  g_clear_pointer (&self->learner, lalan_learner_free);
  g_clear_pointer (&self->progress, lalan_progress_unref);
  g_ptr_array_set_size (self->pending, 0);

  if (learner != NULL)
    {
      self->learner = lalan_learner_copy (learner);

      if (self->store != NULL)
        lalan_store_run_async (self->store, read_progress_job,
                               g_strdup (learner->id), g_free,
                               (GDestroyNotify) lalan_progress_unref,
                               self->cancellable, read_progress_cb,
                               load_data_new (self, self->learner_generation));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEARNER]);
  g_signal_emit (self, signals[PROGRESS_CHANGED], 0);
}

/**
 * lalan_learn_context_get_progress:
 *
 * Returns: (transfer none) (nullable): the learner's progress, once read
 */
LalanProgress *
lalan_learn_context_get_progress (LalanLearnContext *self)
{
  g_return_val_if_fail (LALAN_IS_LEARN_CONTEXT (self), NULL);

  return self->progress;
}

/**
 * lalan_learn_context_get_lesson_progress:
 * @out: (out caller-allocates): the learner's figures for @lesson
 */
void
lalan_learn_context_get_lesson_progress (LalanLearnContext   *self,
                                         LalanLesson         *lesson,
                                         LalanLessonProgress *out)
{
  g_autoptr(LalanProgress) empty = NULL;
  LalanProgress *progress;

  g_return_if_fail (LALAN_IS_LEARN_CONTEXT (self));
  g_return_if_fail (lesson != NULL && out != NULL);

  progress = self->progress;
  if (progress == NULL)
    progress = empty = lalan_progress_new ();

  lalan_progress_get_lesson (progress, self->learner ? self->learner->id : "",
                             lesson, LALAN_MASTERY_DEFAULT_THRESHOLD, out);
}

/**
 * lalan_learn_context_record:
 * @lesson: the lesson
 * @kind: %LALAN_EVENT_STEP_SEEN, %LALAN_EVENT_ANSWERED or %LALAN_EVENT_TASK_DONE
 * @step_id: the step
 * @item_id: (nullable): the item or task
 * @answer: (nullable): the answer as the core encodes it
 * @correct: the grade
 *
 * Appends what the learner did to the log (in the background, in order)
 * and to the progress shown.
 */
void
lalan_learn_context_record (LalanLearnContext         *self,
                            LalanLesson               *lesson,
                            const char                *kind,
                            const char                *step_id,
                            const char                *item_id,
                            const char                *answer,
                            LalanLearningEventCorrect  correct)
{
  g_autoptr(GPtrArray) events = NULL;
  LalanLearningEvent *event;

  g_return_if_fail (LALAN_IS_LEARN_CONTEXT (self));
  g_return_if_fail (lesson != NULL && kind != NULL && step_id != NULL);

  if (self->learner == NULL || self->store == NULL)
    return;

  event = lalan_learning_log_new_event (kind, self->learner->id,
                                        lalan_lesson_get_pack_id (lesson),
                                        lalan_lesson_get_id (lesson),
                                        step_id, item_id, answer, correct);
  events = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_learning_event_free);
  g_ptr_array_add (events, event);

  /* Not cancelled with the page: what a learner did is saved even when
   * the window closes right after. */
  self->n_pending_writes++;
  lalan_store_append_learning_events_async (self->store, events, NULL,
                                            append_events_cb, g_object_ref (self));

  if (self->progress != NULL)
    lalan_progress_add (self->progress, event);
  else
    g_ptr_array_add (self->pending, lalan_learning_event_copy (event));

  g_signal_emit (self, signals[PROGRESS_CHANGED], 0);
}

/**
 * lalan_learn_context_get_n_pending_writes:
 *
 * Returns: how many recorded events the store has not confirmed yet
 */
guint
lalan_learn_context_get_n_pending_writes (LalanLearnContext *self)
{
  g_return_val_if_fail (LALAN_IS_LEARN_CONTEXT (self), 0);

  return self->n_pending_writes;
}
