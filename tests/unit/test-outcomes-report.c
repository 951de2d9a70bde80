/* test-outcomes-report.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The learning report: counted from the event log of a period, with the
 * bundled lessons; a lalan_learning_report record the forms engine
 * accepts, holding figures only; queued once a week.
 */

#include "config.h"

#include "lalan-learning-log.h"
#include "lalan-outcomes-report.h"
#include "lalan-library.h"
#include "lalan-test.h"

#include <string.h>

#define PACK "tw.lalan.first-steps"
#define LESSON "smartphone"

static LalanStore *
open_store (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "lalan.db", NULL);
  LalanStore *store = lalan_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static gint64
at (int year,
    int month,
    int day,
    int hour)
{
  g_autoptr(GDateTime) time = g_date_time_new_local (year, month, day, hour, 0, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static void
add_event (GPtrArray                 *log,
           const char                *kind,
           const char                *learner,
           const char                *step,
           LalanLearningEventCorrect  correct,
           gint64                     time)
{
  LalanLearningEvent *event = lalan_learning_log_new_event (kind, learner, PACK, LESSON, step,
                                                            correct == LALAN_LEARNING_EVENT_NOT_SCORED ? NULL : step,
                                                            correct == LALAN_LEARNING_EVENT_NOT_SCORED ? NULL : "a",
                                                            correct);

  event->time = time;
  g_ptr_array_add (log, event);
}

/* Learner A does the whole lesson right in the week; B only starts it;
 * C worked the week before and is not counted. */
static void
fill_events (LalanStore   *store,
             LalanLibrary *library,
             char        **names)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_learning_event_free);
  g_autoptr(LalanLesson) lesson = NULL;
  g_autoptr(LalanLearner) a = lalan_store_create_learner (store, "Amoy Wu", "bear", "pinhash", "salt", FALSE, &error);
  g_autoptr(LalanLearner) b = lalan_store_create_learner (store, "Kolas Mayaw", "deer", NULL, NULL, FALSE, &error);
  g_autoptr(LalanLearner) c = lalan_store_create_learner (store, "Panay", "sun", NULL, NULL, FALSE, &error);
  LalanPack *pack = lalan_library_lookup (library, PACK);

  g_assert_no_error (error);
  g_assert_nonnull (pack);
  lesson = lalan_pack_load_lesson (pack, LESSON, &error);
  g_assert_no_error (error);

  for (guint s = 0; s < lalan_lesson_get_n_steps (lesson); s++)
    {
      const LalanLessonStep *step = lalan_lesson_get_step (lesson, s);

      add_event (log, LALAN_EVENT_STEP_SEEN, a->id, step->id, LALAN_LEARNING_EVENT_NOT_SCORED, at (2026, 11, 17, 10));
      for (guint i = 0; step->items != NULL && i < step->items->len; i++)
        add_event (log, LALAN_EVENT_ANSWERED, a->id, step->id, LALAN_LEARNING_EVENT_RIGHT, at (2026, 11, 17, 11));
      add_event (log, LALAN_EVENT_STEP_SEEN, c->id, step->id, LALAN_LEARNING_EVENT_NOT_SCORED, at (2026, 11, 10, 10));
    }
  add_event (log, LALAN_EVENT_STEP_SEEN, b->id, lalan_lesson_get_step (lesson, 0)->id,
             LALAN_LEARNING_EVENT_NOT_SCORED, at (2026, 11, 20, 9));

  g_assert_true (lalan_store_append_learning_events (store, log, NULL, &error));
  g_assert_no_error (error);

  names[0] = g_strdup (a->display_name);
  names[1] = g_strdup (b->display_name);
  names[2] = g_strdup (a->id);
}

static void
test_count_and_queue (void)
{
  g_autofree char *dir = lalan_test_make_tmp_dir ("report");
  g_autoptr(LalanStore) store = open_store (dir);
  g_autoptr(LalanLibrary) library = lalan_library_new ();
  g_autoptr(LalanOutcomesReport) report = NULL;
  g_autoptr(LalanRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = g_new0 (char *, 4);
  LalanOutcomesReportRow *row;
  GDate monday, sunday;
  const char *xml;

  fill_events (store, library, names);

  g_date_clear (&monday, 1);
  g_date_set_dmy (&monday, 16, G_DATE_NOVEMBER, 2026);
  sunday = monday;
  g_date_add_days (&sunday, 6);

  report = lalan_outcomes_report_count (store, library, &monday, &sunday, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->active_learners, ==, 2);
  g_assert_cmpuint (report->lessons->len, ==, 1);
  row = g_ptr_array_index (report->lessons, 0);
  g_assert_cmpstr (row->id, ==, PACK "/" LESSON);
  g_assert_cmpuint (row->started, ==, 2);
  g_assert_cmpuint (row->completed, ==, 1);
  g_assert_cmpuint (row->mastered, ==, 1);
  g_assert_cmpuint (report->competences->len, >, 0);
  for (guint i = 0; i < report->competences->len; i++)
    {
      row = g_ptr_array_index (report->competences, i);
      /* Only A answered; A answered every item, all right. */
      g_assert_cmpuint (row->started, ==, 1);
      g_assert_cmpuint (row->completed, ==, 1);
      g_assert_cmpuint (row->mastered, ==, 1);
    }

  /* Without a centre: a sentence. */
  g_assert_null (lalan_outcomes_report_queue (store, library, "", "10015110", &monday, &sunday, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  record = lalan_outcomes_report_queue (store, library, "秀林部落學習中心", "10015110", &monday, &sunday, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lalan_record_get_state (record), ==, LALAN_RECORD_STATE_FINALIZED);
  g_assert_cmpstr (lalan_record_get_form_id (record), ==, "lalan_learning_report");
  xml = lalan_record_get_instance_xml (record);
  g_assert_nonnull (strstr (xml, "<active_learners>2</active_learners>"));
  g_assert_nonnull (strstr (xml, "<period_start>2026-11-16</period_start>"));
  g_assert_nonnull (strstr (xml, "<period_end>2026-11-22</period_end>"));
  g_assert_nonnull (strstr (xml, "<lesson_id>" PACK "/" LESSON "</lesson_id>"));
  g_assert_nonnull (strstr (xml, "<lesson_started>2</lesson_started>"));
  g_assert_nonnull (strstr (xml, "<town>10015110</town>"));

  /* Figures only: no learner's name, id or PIN in it. */
  g_assert_null (strstr (xml, names[0]));
  g_assert_null (strstr (xml, names[1]));
  g_assert_null (strstr (xml, names[2]));
  g_assert_null (strstr (xml, "pinhash"));

  lalan_store_close (store);
  lalan_test_remove_tree (dir);
}

static void
test_weekly (void)
{
  g_autofree char *dir = lalan_test_make_tmp_dir ("report-weekly");
  g_autoptr(LalanStore) store = open_store (dir);
  g_autoptr(LalanLibrary) library = lalan_library_new ();
  g_autoptr(GDateTime) wednesday = g_date_time_new_local (2026, 11, 25, 12, 0, 0);
  g_autoptr(GDateTime) sunday = g_date_time_new_local (2026, 11, 29, 23, 0, 0);
  g_autoptr(GDateTime) next_monday = g_date_time_new_local (2026, 11, 30, 8, 0, 0);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = g_new0 (char *, 4);
  g_autofree char *last = NULL;

  fill_events (store, library, names);

  /* Nothing before the centre is set. */
  g_assert_cmpuint (lalan_outcomes_report_queue_due (store, library, NULL, NULL, wednesday, &error), ==, 0);
  g_assert_no_error (error);

  /* The week that ended on Sunday the 22nd had learning: one report. */
  g_assert_cmpuint (lalan_outcomes_report_queue_due (store, library, "中心", "10015110", wednesday, &error), ==, 1);
  g_assert_no_error (error);
  last = lalan_store_get_value (store, "learning-report-last-day", &error);
  g_assert_cmpstr (last, ==, "2026-11-22");

  /* Again the same week, and on its last day: nothing new. */
  g_assert_cmpuint (lalan_outcomes_report_queue_due (store, library, "中心", "10015110", wednesday, &error), ==, 0);
  g_assert_cmpuint (lalan_outcomes_report_queue_due (store, library, "中心", "10015110", sunday, &error), ==, 0);

  /* The next week ended without learning: remembered, nothing queued. */
  g_assert_cmpuint (lalan_outcomes_report_queue_due (store, library, "中心", "10015110", next_monday, &error), ==, 0);
  g_free (last);
  last = lalan_store_get_value (store, "learning-report-last-day", &error);
  g_assert_cmpstr (last, ==, "2026-11-29");

  g_assert_cmpuint (lalan_store_count_records (store, LALAN_RECORD_STATE_FINALIZED, "lalan_learning_report",
                                               NULL, &error), ==, 1);

  lalan_store_close (store);
  lalan_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);

  g_test_add_func ("/sync/outcomes-report/count-and-queue", test_count_and_queue);
  g_test_add_func ("/sync/outcomes-report/weekly", test_weekly);

  return g_test_run ();
}
