/* lalan-outcomes-report.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-outcomes-report.h"

#include "lalan-form-session.h"
#include "lalan-form.h"
#include "lalan-progress.h"
#include "lalan-sync-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The learning report: once a week (and on demand), what the learners of
 * a centre did, as a lalan_learning_report record queued like any other.
 * Only counts leave the computer: how many learners were active, and per
 * lesson and per competence how many started, completed and mastered it.
 * No name, no PIN, no answer, no free text: learner ids are used to count
 * and never written.
 *
 * "Completed" and "mastered" are read from every event up to the period's
 * end (progress builds up over weeks), among the learners who worked on
 * the lesson or competence in the period. */

/* The generated resource of liblalan-core (data/forms among it). */
GResource *lalan_core_get_resource (void);

#define BUNDLED_FORM "/tw/lalan/Lalan/data/forms/lalan_learning_report.xml"
#define KEY_LAST_WEEK "learning-report-last-day"
#define MAX_WEEKS_CAUGHT_UP 8

typedef struct
{
  char       *pack_id;
  char       *lesson_id;
  GHashTable *learners;   /* learner id set, active in the period */
} LessonTally;

static void
lesson_tally_free (LessonTally *tally)
{
  g_free (tally->pack_id);
  g_free (tally->lesson_id);
  g_hash_table_unref (tally->learners);
  g_free (tally);
}

static void
row_free (LalanOutcomesReportRow *row)
{
  g_free (row->id);
  g_free (row);
}

/**
 * lalan_outcomes_report_free:
 * @report: (nullable): a report
 */
void
lalan_outcomes_report_free (LalanOutcomesReport *report)
{
  if (report == NULL)
    return;

  g_clear_pointer (&report->lessons, g_ptr_array_unref);
  g_clear_pointer (&report->competences, g_ptr_array_unref);
  g_free (report);
}

static gint64
day_start (const GDate *day)
{
  g_autoptr(GDateTime) start = g_date_time_new_local (g_date_get_year (day), g_date_get_month (day),
                                                      g_date_get_day (day), 0, 0, 0);

  return g_date_time_to_unix (start) * G_USEC_PER_SEC;
}

static LalanOutcomesReportRow *
row_new (const char *id)
{
  LalanOutcomesReportRow *row = g_new0 (LalanOutcomesReportRow, 1);

  row->id = g_strdup (id);
  return row;
}

static int
compare_rows_cb (gconstpointer a,
                 gconstpointer b)
{
  const LalanOutcomesReportRow *row_a = *(LalanOutcomesReportRow **) a;
  const LalanOutcomesReportRow *row_b = *(LalanOutcomesReportRow **) b;

  return g_strcmp0 (row_a->id, row_b->id);
}

/* The item's competence, for an answered event. */
static const char *
find_competence (LalanLesson *lesson,
                 const char  *step_id,
                 const char  *item_id)
{
  for (guint s = 0; lesson != NULL && s < lalan_lesson_get_n_steps (lesson); s++)
    {
      const LalanLessonStep *step = lalan_lesson_get_step (lesson, s);

      if (g_strcmp0 (step->id, step_id) != 0 || step->items == NULL)
        continue;

      for (guint i = 0; i < step->items->len; i++)
        {
          const LalanLessonItem *item = g_ptr_array_index (step->items, i);

          if (g_strcmp0 (item->id, item_id) == 0)
            return item->competence;
        }
    }

  return NULL;
}

/**
 * lalan_outcomes_report_count:
 * @store: the store
 * @library: the lesson library (to know each lesson's steps and items)
 * @first_day: the period's first day
 * @last_day: its last day, included
 * @error: a location for a #GError
 *
 * Counts a period's learning from the event log.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
LalanOutcomesReport *
lalan_outcomes_report_count (LalanStore    *store,
                             LalanLibrary  *library,
                             const GDate   *first_day,
                             const GDate   *last_day,
                             GError       **error)
{
  g_autoptr(LalanOutcomesReport) report = g_new0 (LalanOutcomesReport, 1);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(LalanProgress) progress = lalan_progress_new ();
  g_autoptr(GHashTable) active = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) tallies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) lesson_tally_free);
  g_autoptr(GHashTable) lessons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) lalan_lesson_unref);
  /* competence code → learner id set, active on it in the period */
  g_autoptr(GHashTable) competence_learners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                                     (GDestroyNotify) g_hash_table_unref);
  g_autoptr(GPtrArray) loaded = g_ptr_array_new ();
  GDate after_last = *last_day;
  gint64 since, until;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (LALAN_IS_STORE (store), NULL);
  g_return_val_if_fail (LALAN_IS_LIBRARY (library), NULL);

  report->first_day = *first_day;
  report->last_day = *last_day;
  report->lessons = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  report->competences = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);

  g_date_add_days (&after_last, 1);
  since = day_start (first_day);
  until = day_start (&after_last);

  /* Every event up to the end: progress builds up over many weeks. */
  events = lalan_store_list_learning_events (store, NULL, NULL, NULL, 0, until, error);
  if (events == NULL)
    return NULL;
  lalan_progress_add_all (progress, events);

  /* Who worked on what in the period. */
  for (guint i = 0; i < events->len; i++)
    {
      LalanLearningEvent *event = g_ptr_array_index (events, i);
      g_autofree char *lesson_key = NULL;
      LessonTally *tally;

      if (event->time < since || event->learner_id == NULL || event->pack_id == NULL || event->lesson_id == NULL)
        continue;

      g_hash_table_add (active, event->learner_id);

      lesson_key = g_strconcat (event->pack_id, "/", event->lesson_id, NULL);
      tally = g_hash_table_lookup (tallies, lesson_key);
      if (tally == NULL)
        {
          LalanPack *pack = lalan_library_lookup (library, event->pack_id);

          tally = g_new0 (LessonTally, 1);
          tally->pack_id = g_strdup (event->pack_id);
          tally->lesson_id = g_strdup (event->lesson_id);
          tally->learners = g_hash_table_new (g_str_hash, g_str_equal);
          g_hash_table_insert (tallies, g_strdup (lesson_key), tally);

          /* A lesson whose pack was removed still counts as started; its
           * completion can no longer be told. */
          if (pack != NULL)
            {
              LalanLesson *lesson = lalan_pack_load_lesson (pack, event->lesson_id, NULL);

              if (lesson != NULL)
                {
                  g_hash_table_insert (lessons, g_strdup (lesson_key), lesson);
                  g_ptr_array_add (loaded, lesson);
                }
            }
        }
      g_hash_table_add (tally->learners, event->learner_id);

      if (g_strcmp0 (event->kind, LALAN_EVENT_ANSWERED) == 0)
        {
          const char *code = find_competence (g_hash_table_lookup (lessons, lesson_key),
                                              event->step_id, event->item_id);
          GHashTable *learners;

          if (code == NULL)
            continue;
          learners = g_hash_table_lookup (competence_learners, code);
          if (learners == NULL)
            {
              learners = g_hash_table_new (g_str_hash, g_str_equal);
              g_hash_table_insert (competence_learners, g_strdup (code), learners);
            }
          g_hash_table_add (learners, event->learner_id);
        }
    }

  report->active_learners = g_hash_table_size (active);

  g_hash_table_iter_init (&iter, tallies);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      LessonTally *tally = value;
      LalanLesson *lesson = g_hash_table_lookup (lessons, key);
      LalanOutcomesReportRow *row = row_new (key);
      GHashTableIter learners;
      gpointer learner;

      row->started = g_hash_table_size (tally->learners);
      g_hash_table_iter_init (&learners, tally->learners);
      while (lesson != NULL && g_hash_table_iter_next (&learners, &learner, NULL))
        {
          LalanLessonProgress lesson_progress;

          lalan_progress_get_lesson (progress, learner, lesson, LALAN_MASTERY_DEFAULT_THRESHOLD, &lesson_progress);
          row->completed += lesson_progress.completed ? 1 : 0;
          row->mastered += lesson_progress.mastered ? 1 : 0;
        }
      g_ptr_array_add (report->lessons, row);
    }

  g_hash_table_iter_init (&iter, competence_learners);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      LalanOutcomesReportRow *row = row_new (key);
      GHashTableIter learners;
      gpointer learner;

      row->started = g_hash_table_size (value);
      g_hash_table_iter_init (&learners, value);
      while (g_hash_table_iter_next (&learners, &learner, NULL))
        {
          g_autoptr(GPtrArray) competences = lalan_progress_get_competences (progress, learner, loaded,
                                                                             LALAN_MASTERY_DEFAULT_THRESHOLD);

          for (guint i = 0; i < competences->len; i++)
            {
              LalanCompetenceProgress *competence = g_ptr_array_index (competences, i);

              if (!g_str_equal (competence->code, key))
                continue;
              row->completed += competence->n_answered == competence->n_items ? 1 : 0;
              row->mastered += competence->mastered ? 1 : 0;
            }
        }
      g_ptr_array_add (report->competences, row);
    }

  g_ptr_array_sort (report->lessons, compare_rows_cb);
  g_ptr_array_sort (report->competences, compare_rows_cb);

  return g_steal_pointer (&report);
}

/* The form version records are made with: the one registered in the
 * store (from the server or the bundle), else the bundled one, registered
 * now. */
static LalanForm *
load_form (LalanStore  *store,
           GError     **error)
{
  g_autofree char *xml = lalan_store_get_form_xml (store, LALAN_OUTCOMES_REPORT_FORM_ID, NULL, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(LalanForm) form = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *text = NULL;

  if (xml != NULL)
    {
      gsize length = strlen (xml);

      bytes = g_bytes_new_take (g_steal_pointer (&xml), length);
      return lalan_form_new_from_bytes (bytes, error);
    }

  bytes = g_resource_lookup_data (lalan_core_get_resource (), BUNDLED_FORM, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  form = lalan_form_new_from_bytes (bytes, error);
  if (form == NULL)
    return NULL;

  hash = g_strconcat ("sha256:", lalan_form_get_hash (form), NULL);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (!lalan_store_register_form (store, lalan_form_get_id (form), lalan_form_get_version (form), hash, text,
                                  "bundled", error))
    return NULL;

  return g_steal_pointer (&form);
}

static char *
format_date (const GDate *date)
{
  char buffer[16];

  g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d", date);
  return g_strdup (buffer);
}

static gboolean
set_value (LalanFormSession  *session,
           const char        *path,
           const char        *value,
           GError           **error)
{
  return lalan_form_session_set_value (session, path, value, error);
}

static gboolean
set_number (LalanFormSession  *session,
            const char        *path,
            guint              value,
            GError           **error)
{
  g_autofree char *text = g_strdup_printf ("%u", value);

  return lalan_form_session_set_value (session, path, text, error);
}

/* Makes the repeat at @path hold exactly @n instances. */
static gboolean
size_repeat (LalanFormSession  *session,
             const char        *path,
             guint              n,
             GError           **error)
{
  while (lalan_form_session_get_repeat_count (session, path) > n)
    {
      g_autofree char *last = g_strdup_printf ("%s[%u]", path, lalan_form_session_get_repeat_count (session, path));

      if (!lalan_form_session_remove_repeat (session, last, error))
        return FALSE;
    }

  while (lalan_form_session_get_repeat_count (session, path) < n)
    {
      g_autofree char *added = lalan_form_session_add_repeat (session, path, error);

      if (added == NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
fill_rows (LalanFormSession  *session,
           const char        *path,
           const char        *id_field,
           const char        *prefix,
           GPtrArray         *rows,
           GError           **error)
{
  if (!size_repeat (session, path, rows->len, error))
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      LalanOutcomesReportRow *row = g_ptr_array_index (rows, i);
      g_autofree char *id_path = g_strdup_printf ("%s[%u]/%s", path, i + 1, id_field);
      g_autofree char *started = g_strdup_printf ("%s[%u]/%s_started", path, i + 1, prefix);
      g_autofree char *completed = g_strdup_printf ("%s[%u]/%s_completed", path, i + 1, prefix);
      g_autofree char *mastered = g_strdup_printf ("%s[%u]/%s_mastered", path, i + 1, prefix);

      if (!set_value (session, id_path, row->id, error) ||
          !set_number (session, started, row->started, error) ||
          !set_number (session, completed, row->completed, error) ||
          !set_number (session, mastered, row->mastered, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * lalan_outcomes_report_queue:
 * @store: the store
 * @library: the lesson library
 * @centre: the learning centre's name (Preferences)
 * @town: the 8-digit town code of its district (Preferences)
 * @first_day: the period's first day
 * @last_day: its last day, included
 * @error: a location for a #GError
 *
 * Counts the period and queues the report as a finalized
 * lalan_learning_report record, checked by the forms engine like any
 * record. Blocks: not on the UI thread.
 *
 * Returns: (transfer full): the queued record, or %NULL with @error set
 */
LalanRecord *
lalan_outcomes_report_queue (LalanStore    *store,
                             LalanLibrary  *library,
                             const char    *centre,
                             const char    *town,
                             const GDate   *first_day,
                             const GDate   *last_day,
                             GError       **error)
{
  g_autoptr(LalanOutcomesReport) report = NULL;
  g_autoptr(LalanForm) form = NULL;
  g_autoptr(LalanFormSession) session = NULL;
  g_autoptr(GBytes) draft = NULL;
  g_autoptr(GBytes) final = NULL;
  g_autoptr(LalanRecord) saved = NULL;
  g_autofree char *start = format_date (first_day);
  g_autofree char *end = format_date (last_day);
  g_autofree char *draft_xml = NULL;
  g_autofree char *final_xml = NULL;
  LalanFormSessionOptions options = { 0, };
  const char *instance_id;

  g_return_val_if_fail (LALAN_IS_STORE (store), NULL);
  g_return_val_if_fail (LALAN_IS_LIBRARY (library), NULL);

  if (centre == NULL || *centre == '\0' || town == NULL || *town == '\0')
    {
      g_set_error_literal (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_FAILED,
                           _("Set the learning centre and its district in Preferences first: "
                             "the learning report says where it comes from."));
      return NULL;
    }

  report = lalan_outcomes_report_count (store, library, first_day, last_day, error);
  if (report == NULL)
    return NULL;

  form = load_form (store, error);
  if (form == NULL)
    return NULL;

  options.device_id = lalan_store_get_device_id (store);
  session = lalan_form_session_new (form, &options, error);
  if (session == NULL)
    return NULL;

  if (!set_value (session, "/data/report/centre", centre, error) ||
      !set_value (session, "/data/report/town", town, error) ||
      !set_value (session, "/data/report/period_start", start, error) ||
      !set_value (session, "/data/report/period_end", end, error) ||
      !set_number (session, "/data/report/active_learners", report->active_learners, error) ||
      !fill_rows (session, "/data/lessons/lesson", "lesson_id", "lesson", report->lessons, error) ||
      !fill_rows (session, "/data/competences/competence", "code", "competence", report->competences, error))
    return NULL;

  if (!lalan_form_session_finalize (session, error))
    return NULL;

  instance_id = lalan_form_session_get_instance_id (session);
  draft = lalan_form_session_serialize (session, LALAN_FORM_SERIALIZE_DRAFT);
  final = lalan_form_session_serialize (session, LALAN_FORM_SERIALIZE_SUBMISSION);
  draft_xml = g_strndup (g_bytes_get_data (draft, NULL), g_bytes_get_size (draft));
  final_xml = g_strndup (g_bytes_get_data (final, NULL), g_bytes_get_size (final));

  saved = lalan_store_save_draft (store, instance_id, lalan_form_get_id (form), lalan_form_get_version (form),
                                  draft_xml, lalan_form_session_get_instance_name (session), NULL, error);
  if (saved == NULL)
    return NULL;

  return lalan_store_finalize_record (store, instance_id, final_xml, lalan_form_session_get_instance_name (session),
                                      error);
}

/**
 * lalan_outcomes_report_queue_due:
 * @store: the store
 * @library: the lesson library
 * @centre: the learning centre's name
 * @town: its district's town code
 * @now: the time now
 * @error: a location for a #GError
 *
 * The weekly report: queues one report for each week (Monday to Sunday)
 * that has ended since the last one reported, at most eight, and
 * remembers the last. Nothing is queued before the centre is set, or for
 * a week without any learning. Blocks.
 *
 * Returns: how many reports were queued (0 with @error set on failure)
 */
guint
lalan_outcomes_report_queue_due (LalanStore    *store,
                                 LalanLibrary  *library,
                                 const char    *centre,
                                 const char    *town,
                                 GDateTime     *now,
                                 GError       **error)
{
  g_autofree char *last_text = NULL;
  GDate today, last_sunday, first_day, last_day;
  guint n_queued = 0;

  g_return_val_if_fail (LALAN_IS_STORE (store), 0);
  g_return_val_if_fail (now != NULL, 0);

  if (centre == NULL || *centre == '\0' || town == NULL || *town == '\0')
    return 0;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  last_sunday = today;
  g_date_subtract_days (&last_sunday, g_date_get_weekday (&today) % 7);
  if (g_date_get_weekday (&today) == G_DATE_SUNDAY)
    g_date_subtract_days (&last_sunday, 7);

  last_text = lalan_store_get_value (store, KEY_LAST_WEEK, NULL);
  g_date_clear (&last_day, 1);
  if (last_text != NULL)
    g_date_set_parse (&last_day, last_text);

  if (!g_date_valid (&last_day) || g_date_days_between (&last_day, &last_sunday) > 7 * MAX_WEEKS_CAUGHT_UP)
    {
      last_day = last_sunday;
      g_date_subtract_days (&last_day, 7 * (last_text == NULL ? 1 : MAX_WEEKS_CAUGHT_UP));
    }

  while (g_date_compare (&last_day, &last_sunday) < 0)
    {
      g_autoptr(LalanOutcomesReport) counted = NULL;
      g_autofree char *remembered = NULL;

      first_day = last_day;
      g_date_add_days (&first_day, 1);
      last_day = first_day;
      g_date_add_days (&last_day, 6);

      counted = lalan_outcomes_report_count (store, library, &first_day, &last_day, error);
      if (counted == NULL)
        return 0;

      if (counted->active_learners > 0)
        {
          g_autoptr(LalanRecord) record = lalan_outcomes_report_queue (store, library, centre, town,
                                                                       &first_day, &last_day, error);

          if (record == NULL)
            return 0;
          n_queued++;
        }

      /* Remembered week by week: a failure later leaves the earlier ones
       * reported once. */
      remembered = format_date (&last_day);
      if (!lalan_store_set_value (store, KEY_LAST_WEEK, remembered, error))
        return 0;
    }

  return n_queued;
}
