/* test-learning-report.c — what the teacher's view exports and computes:
 * the CSV (BOM, quoting, Chinese, no formulas), lesson status words,
 * item descriptions, the teacher PIN, and practice ticks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-test.h"
#include "lessons-fixture.h"

#include "lalan-learners.h"
#include "lalan-learning-log.h"
#include "lalan-learning-report.h"
#include "lalan-lesson-error.h"
#include "lalan-progress.h"
#include "lalan-teacher-pin.h"

#include <string.h>

#define PACK "test.report"

static LalanLesson *lesson;

static LalanLearningEvent *
ev (const char                *learner,
    const char                *kind,
    const char                *step,
    const char                *item,
    LalanLearningEventCorrect  correct,
    gint64                     time)
{
  LalanLearningEvent *event = lalan_learning_log_new_event (kind, learner, PACK, "hello",
                                                            step, item, NULL, correct);

  event->time = time;
  return event;
}

static LalanLearner *
learner (const char *id,
         const char *name,
         gboolean    guest)
{
  LalanLearner *l = lalan_learner_new ();

  l->id = g_strdup (id);
  l->display_name = g_strdup (name);
  l->is_guest = guest;
  return l;
}

static GBytes *
report (LalanProgress *progress,
        GPtrArray     *learners)
{
  g_autoptr(GPtrArray) lessons = g_ptr_array_new ();
  g_autoptr(GHashTable) titles = g_hash_table_new (g_str_hash, g_str_equal);

  g_ptr_array_add (lessons, lesson);
  g_hash_table_insert (titles, (gpointer) PACK, (gpointer) "測試包");
  return lalan_learning_report_to_csv (progress, learners, lessons, titles, "en",
                                       LALAN_MASTERY_DEFAULT_THRESHOLD);
}

static void
test_csv (void)
{
  g_autoptr(LalanProgress) progress = lalan_progress_new ();
  g_autoptr(GPtrArray) learners = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_learner_free);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_learning_event_free);
  g_autoptr(GBytes) csv = NULL;
  g_auto(GStrv) lines = NULL;
  const char *data;
  gsize size;

  g_ptr_array_add (learners, learner ("l1", "阿美 Ipay", FALSE));
  g_ptr_array_add (learners, learner ("l2", "=HYPERLINK(\"x\")", FALSE));
  g_ptr_array_add (learners, learner ("l3", "Lin, \"Sayun\"\nsecond line", FALSE));
  g_ptr_array_add (learners, learner ("l4", NULL, TRUE));

  g_ptr_array_add (events, ev ("l1", LALAN_EVENT_STEP_SEEN, "intro", NULL, LALAN_LEARNING_EVENT_NOT_SCORED, 1700000000000000));
  g_ptr_array_add (events, ev ("l1", LALAN_EVENT_ANSWERED, "q1", "q1", LALAN_LEARNING_EVENT_RIGHT, 1700000001000000));
  lalan_progress_add_all (progress, events);

  csv = report (progress, learners);
  data = g_bytes_get_data (csv, &size);

  g_assert_true (g_utf8_validate (data, size, NULL));
  g_assert_cmpmem (data, 3, "\xEF\xBB\xBF", 3);
  g_assert_nonnull (strstr (data, "\r\n"));

  lines = g_strsplit (data + 3, "\r\n", -1);
  g_test_message ("%s", data + 3);
  /* Header; per learner 1 lesson and 2 competences (0.1, 4.2); the
   * embedded newline is inside a quoted field, not a row end. */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 4 * 3 + 1);
  g_assert_cmpstr (lines[0], ==,
                   "Learner,Kind,Pack,Lesson or competence,Code,Status,Steps seen,Steps,Right,Questions,Score (%),Last activity");

  /* Chinese intact, figures from the events. */
  g_assert_true (g_str_has_prefix (lines[1], "阿美 Ipay,Lesson,測試包,Greeting,hello,Started,2,5,1,4,25,"));
  g_assert_true (g_str_has_suffix (lines[1], "2023-11-14 22:13"));
  g_assert_cmpstr (lines[2], ==, "阿美 Ipay,Competence,,Physical operations of digital devices,0.1,Mastered,,,1,1,100,");

  /* A name a spreadsheet would run as a formula is made text. */
  g_assert_true (g_str_has_prefix (lines[4], "\"'=HYPERLINK(\"\"x\"\")\",Lesson,"));
  /* Commas, quotes and line ends are quoted as RFC 4180 says. */
  g_assert_nonnull (strstr (data, "\"Lin, \"\"Sayun\"\"\nsecond line\",Lesson,"));
  /* A guest is named as one. */
  g_assert_nonnull (strstr (data, "\r\nGuest,Lesson,測試包,Greeting,hello,Not started,0,5,0,4,0,\r\n"));
}

static void
test_status (void)
{
  LalanLessonProgress p = { 0 };

  g_assert_cmpint (lalan_lesson_progress_get_status (&p), ==, LALAN_LESSON_STATUS_NOT_STARTED);
  p.started = TRUE;
  g_assert_cmpint (lalan_lesson_progress_get_status (&p), ==, LALAN_LESSON_STATUS_STARTED);
  p.completed = TRUE;
  g_assert_cmpint (lalan_lesson_progress_get_status (&p), ==, LALAN_LESSON_STATUS_COMPLETED);
  p.mastered = TRUE;
  g_assert_cmpint (lalan_lesson_progress_get_status (&p), ==, LALAN_LESSON_STATUS_MASTERED);
  g_assert_cmpstr (lalan_lesson_status_to_string (LALAN_LESSON_STATUS_MASTERED), ==, "Mastered");
}

static void
test_describe_item (void)
{
  g_autofree char *quiz = lalan_lesson_describe_item (lesson, "q1", "q1", "en");
  g_autofree char *spot = lalan_lesson_describe_item (lesson, "sms", "link", "en");
  g_autofree char *field = lalan_lesson_describe_item (lesson, "form", "password", "en");
  g_autofree char *zh = lalan_lesson_describe_item (lesson, "q1", "q1", "zh_TW");

  g_assert_cmpstr (quiz, ==, "Which one?");
  g_assert_cmpstr (zh, ==, "哪一個？");
  g_assert_cmpstr (spot, ==, "Tap what is suspicious.: “bit.ly/x”");
  g_assert_cmpstr (field, ==, "Fill in only what is safe.: “Bank password”");
}

static void
test_task_done (void)
{
  g_autoptr(LalanProgress) progress = lalan_progress_new ();
  g_autoptr(LalanLearningEvent) tick = ev ("l1", LALAN_EVENT_TASK_DONE, "do", "t1", LALAN_LEARNING_EVENT_NOT_SCORED, 10);

  g_assert_false (lalan_progress_task_is_done (progress, "l1", lesson, "do", "t1"));
  lalan_progress_add (progress, tick);
  g_assert_true (lalan_progress_task_is_done (progress, "l1", lesson, "do", "t1"));
  g_assert_false (lalan_progress_task_is_done (progress, "l2", lesson, "do", "t1"));
  g_assert_false (lalan_progress_task_is_done (progress, "l1", lesson, "do", "t2"));
}

static void
test_teacher_pin (void)
{
  g_autofree char *dir = lalan_test_make_tmp_dir ("report-store");
  g_autofree char *path = g_build_filename (dir, "lalan.db", NULL);
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  gboolean is_set = TRUE;

  store = lalan_store_open (path, &error);
  g_assert_no_error (error);

  g_assert_true (lalan_teacher_pin_is_set (store, &is_set, &error));
  g_assert_false (is_set);
  g_assert_false (lalan_teacher_pin_check (store, "1234", &error));
  g_assert_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_BAD_PIN);
  g_clear_error (&error);

  g_assert_false (lalan_teacher_pin_set (store, "12a4", &error));
  g_assert_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_BAD_PIN);
  g_clear_error (&error);

  g_assert_true (lalan_teacher_pin_set (store, "8642", &error));
  g_assert_no_error (error);
  g_assert_true (lalan_teacher_pin_is_set (store, &is_set, NULL));
  g_assert_true (is_set);
  g_assert_true (lalan_teacher_pin_check (store, "8642", NULL));
  g_assert_false (lalan_teacher_pin_check (store, "8641", &error));
  g_assert_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_BAD_PIN);
  g_clear_error (&error);

  /* Only a salted hash is kept. */
  stored = lalan_store_get_value (store, LALAN_TEACHER_PIN_KEY, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (stored, "8642"));

  g_assert_true (lalan_teacher_pin_set (store, NULL, &error));
  g_assert_true (lalan_teacher_pin_is_set (store, &is_set, NULL));
  g_assert_false (is_set);

  lalan_store_close (store);
  lalan_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *root = NULL;
  g_autofree char *pack_dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *languages[] = { "zh_TW", "en", NULL };
  int status;

  lalan_test_init (&argc, &argv);

  root = lalan_test_make_tmp_dir ("report");
  pack_dir = g_build_filename (root, PACK, NULL);
  fixture_write_lesson (pack_dir, "hello", "Greeting");
  lesson = lalan_lesson_new_from_dir (pack_dir, PACK, "hello", languages, &error);
  g_assert_no_error (error);

  g_test_add_func ("/report/csv", test_csv);
  g_test_add_func ("/report/status", test_status);
  g_test_add_func ("/report/describe-item", test_describe_item);
  g_test_add_func ("/report/task-done", test_task_done);
  g_test_add_func ("/report/teacher-pin", test_teacher_pin);

  status = g_test_run ();

  lalan_lesson_unref (lesson);
  lalan_test_remove_tree (root);
  return status;
}
