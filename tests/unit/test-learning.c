/* test-learning.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-test.h"
#include "lessons-fixture.h"

#include "lalan-digcomp.h"
#include "lalan-learners.h"
#include "lalan-lesson-error.h"
#include "lalan-pack.h"
#include "lalan-pin.h"
#include "lalan-progress.h"
#include "lalan-text.h"

#include <gio/gio.h>
#include <string.h>

static char *fixture_root;
static LalanLesson *fixture;

/* An event with a fixed UUID and time, so fixtures are exact. */
static LalanLearningEvent *
ev (const char                *uuid,
    const char                *device,
    const char                *learner,
    const char                *kind,
    const char                *step,
    const char                *item,
    LalanLearningEventCorrect  correct,
    gint64                     time)
{
  LalanLearningEvent *event = lalan_learning_log_new_event (kind, learner, "test.learning", "hello",
                                                            step, item, NULL, correct);

  g_free (event->uuid);
  event->uuid = g_strdup (uuid);
  event->device_id = g_strdup (device);
  event->time = time;
  return event;
}

static void
seen_all (GPtrArray  *events,
          const char *prefix,
          const char *device,
          const char *learner,
          gint64      time)
{
  const char *steps[] = { "intro", "q1", "sms", "form", "do" };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *uuid = g_strdup_printf ("%s-seen-%u", prefix, i);

      g_ptr_array_add (events, ev (uuid, device, learner, LALAN_EVENT_STEP_SEEN, steps[i], NULL,
                                   LALAN_LEARNING_EVENT_NOT_SCORED, time + i));
    }
}

static GPtrArray *
new_log (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_learning_event_free);
}

static void
test_lesson_mastery (void)
{
  g_autoptr(GPtrArray) events = new_log ();
  g_autoptr(LalanProgress) progress = lalan_progress_new ();
  LalanLessonProgress p;

  /* Ana: q1 wrong then right, link found, time left alone, password
   * left empty: all four right on the last attempt. */
  seen_all (events, "ana", "d1", "ana", 100);
  g_ptr_array_add (events, ev ("a1", "d1", "ana", LALAN_EVENT_ANSWERED, "q1", "q1", LALAN_LEARNING_EVENT_WRONG, 200));
  g_ptr_array_add (events, ev ("a2", "d1", "ana", LALAN_EVENT_ANSWERED, "q1", "q1", LALAN_LEARNING_EVENT_RIGHT, 201));
  g_ptr_array_add (events, ev ("a3", "d1", "ana", LALAN_EVENT_ANSWERED, "sms", "link", LALAN_LEARNING_EVENT_RIGHT, 202));
  g_ptr_array_add (events, ev ("a4", "d1", "ana", LALAN_EVENT_ANSWERED, "sms", "time", LALAN_LEARNING_EVENT_RIGHT, 203));
  g_ptr_array_add (events, ev ("a5", "d1", "ana", LALAN_EVENT_ANSWERED, "form", "password", LALAN_LEARNING_EVENT_RIGHT, 204));
  g_ptr_array_add (events, ev ("a6", "d1", "ana", LALAN_EVENT_TASK_DONE, "do", "t1", LALAN_LEARNING_EVENT_NOT_SCORED, 205));

  /* Buya: everything seen, three of four right (75% < 85%), and the
   * first answer right then changed to wrong: the last attempt counts. */
  seen_all (events, "buya", "d1", "buya", 100);
  g_ptr_array_add (events, ev ("b1", "d1", "buya", LALAN_EVENT_ANSWERED, "q1", "q1", LALAN_LEARNING_EVENT_RIGHT, 300));
  g_ptr_array_add (events, ev ("b2", "d1", "buya", LALAN_EVENT_ANSWERED, "sms", "link", LALAN_LEARNING_EVENT_RIGHT, 301));
  g_ptr_array_add (events, ev ("b3", "d1", "buya", LALAN_EVENT_ANSWERED, "sms", "time", LALAN_LEARNING_EVENT_RIGHT, 302));
  g_ptr_array_add (events, ev ("b4", "d1", "buya", LALAN_EVENT_ANSWERED, "form", "password", LALAN_LEARNING_EVENT_RIGHT, 303));
  g_ptr_array_add (events, ev ("b5", "d1", "buya", LALAN_EVENT_ANSWERED, "form", "password", LALAN_LEARNING_EVENT_WRONG, 304));

  /* Cilo: only the first two steps, answers all right. */
  g_ptr_array_add (events, ev ("c0", "d1", "cilo", LALAN_EVENT_STEP_SEEN, "intro", NULL, LALAN_LEARNING_EVENT_NOT_SCORED, 400));
  g_ptr_array_add (events, ev ("c1", "d1", "cilo", LALAN_EVENT_ANSWERED, "q1", "q1", LALAN_LEARNING_EVENT_RIGHT, 401));

  lalan_progress_add_all (progress, events);

  lalan_progress_get_lesson (progress, "ana", fixture, LALAN_MASTERY_DEFAULT_THRESHOLD, &p);
  g_assert_cmpuint (p.n_steps, ==, 5);
  g_assert_cmpuint (p.n_steps_seen, ==, 5);
  g_assert_cmpuint (p.n_items, ==, 4);
  g_assert_cmpuint (p.n_items_right, ==, 4);
  g_assert_cmpuint (p.n_tasks_done, ==, 1);
  g_assert_true (p.completed);
  g_assert_true (p.mastered);
  g_assert_cmpint (p.resume_step, ==, 4);

  lalan_progress_get_lesson (progress, "buya", fixture, LALAN_MASTERY_DEFAULT_THRESHOLD, &p);
  g_assert_cmpuint (p.n_items_answered, ==, 4);
  g_assert_cmpuint (p.n_items_right, ==, 3);
  g_assert_cmpfloat_with_epsilon (p.score, 0.75, 1e-9);
  g_assert_true (p.completed);
  g_assert_false (p.mastered);
  /* With a lower threshold the same events master the lesson. */
  lalan_progress_get_lesson (progress, "buya", fixture, 0.75, &p);
  g_assert_true (p.mastered);

  lalan_progress_get_lesson (progress, "cilo", fixture, LALAN_MASTERY_DEFAULT_THRESHOLD, &p);
  g_assert_true (p.started);
  g_assert_cmpuint (p.n_steps_seen, ==, 2);
  g_assert_false (p.completed);
  g_assert_false (p.mastered);
  g_assert_cmpint (p.resume_step, ==, 1);

  lalan_progress_get_lesson (progress, "nobody", fixture, LALAN_MASTERY_DEFAULT_THRESHOLD, &p);
  g_assert_false (p.started);
  g_assert_cmpint (p.resume_step, ==, -1);
}

static void
test_competences_and_hardest (void)
{
  g_autoptr(GPtrArray) events = new_log ();
  g_autoptr(LalanProgress) progress = lalan_progress_new ();
  g_autoptr(GPtrArray) lessons = g_ptr_array_new ();
  g_autoptr(GPtrArray) competences = NULL;
  g_autoptr(GPtrArray) hardest = NULL;
  LalanCompetenceProgress *c;
  LalanItemStats *s;

  g_ptr_array_add (lessons, fixture);

  /* link: wrong first for all three learners; q1: wrong first for one. */
  g_ptr_array_add (events, ev ("1", "d", "ana", LALAN_EVENT_ANSWERED, "sms", "link", LALAN_LEARNING_EVENT_WRONG, 1));
  g_ptr_array_add (events, ev ("2", "d", "ana", LALAN_EVENT_ANSWERED, "sms", "link", LALAN_LEARNING_EVENT_RIGHT, 2));
  g_ptr_array_add (events, ev ("3", "d", "buya", LALAN_EVENT_ANSWERED, "sms", "link", LALAN_LEARNING_EVENT_WRONG, 3));
  g_ptr_array_add (events, ev ("4", "d", "cilo", LALAN_EVENT_ANSWERED, "sms", "link", LALAN_LEARNING_EVENT_WRONG, 4));
  g_ptr_array_add (events, ev ("5", "d", "ana", LALAN_EVENT_ANSWERED, "q1", "q1", LALAN_LEARNING_EVENT_RIGHT, 5));
  g_ptr_array_add (events, ev ("6", "d", "buya", LALAN_EVENT_ANSWERED, "q1", "q1", LALAN_LEARNING_EVENT_WRONG, 6));
  g_ptr_array_add (events, ev ("7", "d", "ana", LALAN_EVENT_ANSWERED, "sms", "time", LALAN_LEARNING_EVENT_RIGHT, 7));
  g_ptr_array_add (events, ev ("8", "d", "ana", LALAN_EVENT_ANSWERED, "form", "password", LALAN_LEARNING_EVENT_RIGHT, 8));
  lalan_progress_add_all (progress, events);

  competences = lalan_progress_get_competences (progress, "ana", lessons, LALAN_MASTERY_DEFAULT_THRESHOLD);
  g_assert_cmpuint (competences->len, ==, 2);
  c = g_ptr_array_index (competences, 0);
  g_assert_cmpstr (c->code, ==, "0.1");
  g_assert_cmpuint (c->n_items, ==, 1);
  g_assert_true (c->mastered);
  g_assert_cmpint (c->max_level, ==, 1);
  c = g_ptr_array_index (competences, 1);
  g_assert_cmpstr (c->code, ==, "4.2");
  g_assert_cmpuint (c->n_items, ==, 3);
  g_assert_cmpuint (c->n_right, ==, 3);
  g_assert_true (c->mastered);
  g_assert_cmpint (c->max_level, ==, 2);
  g_clear_pointer (&competences, g_ptr_array_unref);

  competences = lalan_progress_get_competences (progress, "buya", lessons, LALAN_MASTERY_DEFAULT_THRESHOLD);
  c = g_ptr_array_index (competences, 1);
  g_assert_cmpuint (c->n_answered, ==, 1);
  g_assert_cmpuint (c->n_right, ==, 0);
  g_assert_false (c->mastered);

  hardest = lalan_progress_get_hardest_items (progress, lessons, 1, 10);
  g_assert_cmpuint (hardest->len, ==, 2);
  s = g_ptr_array_index (hardest, 0);
  g_assert_cmpstr (s->item_id, ==, "link");
  g_assert_cmpuint (s->n_learners, ==, 3);
  g_assert_cmpuint (s->n_wrong_first, ==, 3);
  g_assert_cmpuint (s->n_wrong_last, ==, 2);
  s = g_ptr_array_index (hardest, 1);
  g_assert_cmpstr (s->item_id, ==, "q1");
  g_assert_cmpfloat_with_epsilon (s->wrong_ratio, 0.5, 1e-9);
}

/* Everything a teacher could be shown, as one string. */
static char *
report (GPtrArray *log)
{
  g_autoptr(LalanProgress) progress = lalan_progress_new ();
  g_autoptr(GPtrArray) lessons = g_ptr_array_new ();
  g_autoptr(GPtrArray) hardest = NULL;
  g_auto(GStrv) learners = NULL;
  GString *out = g_string_new (NULL);

  g_ptr_array_add (lessons, fixture);
  lalan_progress_add_all (progress, log);
  learners = lalan_progress_list_learners (progress);

  for (guint i = 0; learners[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) competences = lalan_progress_get_competences (progress, learners[i], lessons, 0.85);
      LalanLessonProgress p;

      lalan_progress_get_lesson (progress, learners[i], fixture, 0.85, &p);
      g_string_append_printf (out, "%s: seen %u right %u/%u done %u completed %d mastered %d resume %d\n",
                              learners[i], p.n_steps_seen, p.n_items_right, p.n_items, p.n_tasks_done,
                              p.completed, p.mastered, p.resume_step);
      for (guint c = 0; c < competences->len; c++)
        {
          LalanCompetenceProgress *cp = g_ptr_array_index (competences, c);

          g_string_append_printf (out, "  %s %u/%u %d\n", cp->code, cp->n_right, cp->n_items, cp->mastered);
        }
    }

  hardest = lalan_progress_get_hardest_items (progress, lessons, 1, 0);
  for (guint i = 0; i < hardest->len; i++)
    {
      LalanItemStats *s = g_ptr_array_index (hardest, i);

      g_string_append_printf (out, "hard %s/%s %u/%u %u\n", s->step_id, s->item_id,
                              s->n_wrong_first, s->n_learners, s->n_wrong_last);
    }

  return g_string_free (out, FALSE);
}

static void
test_merge_order_independent (void)
{
  g_autoptr(GPtrArray) device1 = new_log ();
  g_autoptr(GPtrArray) device2 = new_log ();
  g_autoptr(GPtrArray) ab = NULL;
  g_autoptr(GPtrArray) ba = NULL;
  g_autoptr(GPtrArray) shuffled = new_log ();
  g_autofree char *report_ab = NULL, *report_ba = NULL, *report_shuffled = NULL;
  g_autofree char *report_1 = NULL;
  GRand *rand = g_rand_new_with_seed (8);

  /* The same learner on two computers; answers to the same item at the
   * same microsecond on both (the UUID decides which is last), and events
   * copied to both devices by an earlier sync (the same UUIDs). */
  seen_all (device1, "x", "d1", "ana", 10);
  g_ptr_array_add (device1, ev ("e-1", "d1", "ana", LALAN_EVENT_ANSWERED, "q1", "q1", LALAN_LEARNING_EVENT_WRONG, 50));
  g_ptr_array_add (device1, ev ("e-9", "d1", "ana", LALAN_EVENT_ANSWERED, "sms", "link", LALAN_LEARNING_EVENT_RIGHT, 60));
  g_ptr_array_add (device1, ev ("e-3", "d1", "buya", LALAN_EVENT_ANSWERED, "sms", "link", LALAN_LEARNING_EVENT_WRONG, 61));
  g_ptr_array_add (device2, ev ("e-1", "d1", "ana", LALAN_EVENT_ANSWERED, "q1", "q1", LALAN_LEARNING_EVENT_WRONG, 50));
  g_ptr_array_add (device2, ev ("e-5", "d2", "ana", LALAN_EVENT_ANSWERED, "sms", "link", LALAN_LEARNING_EVENT_WRONG, 60));
  g_ptr_array_add (device2, ev ("e-6", "d2", "ana", LALAN_EVENT_ANSWERED, "q1", "q1", LALAN_LEARNING_EVENT_RIGHT, 70));
  g_ptr_array_add (device2, ev ("e-7", "d2", "ana", LALAN_EVENT_ANSWERED, "sms", "time", LALAN_LEARNING_EVENT_RIGHT, 71));
  g_ptr_array_add (device2, ev ("e-8", "d2", "ana", LALAN_EVENT_ANSWERED, "form", "password", LALAN_LEARNING_EVENT_RIGHT, 72));
  g_ptr_array_add (device2, ev ("e-2", "d2", "buya", LALAN_EVENT_STEP_SEEN, "intro", NULL, LALAN_LEARNING_EVENT_NOT_SCORED, 5));

  ab = lalan_learning_log_merge (device1, device2);
  ba = lalan_learning_log_merge (device2, device1);
  g_assert_cmpuint (ab->len, ==, device1->len + device2->len - 1);
  g_assert_cmpuint (ab->len, ==, ba->len);
  for (guint i = 0; i < ab->len; i++)
    g_assert_cmpstr (((LalanLearningEvent *) ab->pdata[i])->uuid, ==, ((LalanLearningEvent *) ba->pdata[i])->uuid);

  /* Every event added in a random order, some twice. */
  for (guint i = 0; i < ab->len * 2; i++)
    g_ptr_array_add (shuffled, lalan_learning_event_copy (g_ptr_array_index (ab, g_rand_int_range (rand, 0, ab->len))));
  for (guint i = 0; i < ab->len; i++)
    g_ptr_array_add (shuffled, lalan_learning_event_copy (g_ptr_array_index (ab, ab->len - 1 - i)));

  report_ab = report (ab);
  report_ba = report (ba);
  report_shuffled = report (shuffled);
  report_1 = report (device1);
  g_test_message ("%s", report_ab);
  g_assert_cmpstr (report_ab, ==, report_ba);
  g_assert_cmpstr (report_ab, ==, report_shuffled);
  g_assert_cmpstr (report_ab, !=, report_1);
  /* "e-9" sorts after "e-5" at the same time: link right is the last. */
  g_assert_nonnull (strstr (report_ab, "ana: seen 5 right 4/4 done 0 completed 1 mastered 1"));

  g_rand_free (rand);
}

static void
test_items_follow_updates (void)
{
  g_autoptr(GPtrArray) events = new_log ();
  g_autoptr(LalanProgress) progress = lalan_progress_new ();
  LalanLessonProgress p;

  /* Events for a step and an item the lesson no longer has are ignored. */
  seen_all (events, "x", "d", "ana", 1);
  g_ptr_array_add (events, ev ("gone-1", "d", "ana", LALAN_EVENT_STEP_SEEN, "removed-step", NULL, LALAN_LEARNING_EVENT_NOT_SCORED, 50));
  g_ptr_array_add (events, ev ("gone-2", "d", "ana", LALAN_EVENT_ANSWERED, "q1", "old-item", LALAN_LEARNING_EVENT_RIGHT, 51));
  lalan_progress_add_all (progress, events);
  lalan_progress_get_lesson (progress, "ana", fixture, 0.85, &p);
  g_assert_cmpuint (p.n_steps_seen, ==, 5);
  g_assert_cmpuint (p.n_items_answered, ==, 0);
  /* The answer to the old item still shows the quiz step was seen last. */
  g_assert_cmpint (p.resume_step, ==, 1);
}

static void
test_grading (void)
{
  const LalanLessonStep *quiz = lalan_lesson_find_step (fixture, "q1", NULL);
  const LalanLessonStep *sms = lalan_lesson_find_step (fixture, "sms", NULL);
  const LalanLessonStep *form = lalan_lesson_find_step (fixture, "form", NULL);
  const char *right[] = { "a", NULL };
  const char *wrong[] = { "b", NULL };
  const char *both[] = { "b", "a", NULL };
  const char *unknown[] = { "a", "zz", NULL };
  g_autofree char *answer = lalan_lesson_quiz_answer (both);
  g_autofree char *typed = NULL;

  g_assert_true (lalan_lesson_grade_quiz (quiz, right));
  g_assert_false (lalan_lesson_grade_quiz (quiz, wrong));
  g_assert_false (lalan_lesson_grade_quiz (quiz, both));
  g_assert_false (lalan_lesson_grade_quiz (quiz, unknown));
  g_assert_false (lalan_lesson_grade_quiz (quiz, NULL));
  g_assert_cmpstr (answer, ==, "a,b");

  g_assert_true (lalan_lesson_grade_spot (lalan_lesson_step_find_item (sms, "link"), TRUE));
  g_assert_false (lalan_lesson_grade_spot (lalan_lesson_step_find_item (sms, "link"), FALSE));
  g_assert_true (lalan_lesson_grade_spot (lalan_lesson_step_find_item (sms, "time"), FALSE));

  g_assert_true (lalan_lesson_grade_field (lalan_lesson_step_find_item (form, "password"), "  "));
  g_assert_false (lalan_lesson_grade_field (lalan_lesson_step_find_item (form, "password"), "1234"));
  /* What was typed into a field that should stay empty is never kept. */
  typed = lalan_lesson_field_answer (lalan_lesson_step_find_item (form, "password"), "my-secret");
  g_assert_cmpstr (typed, ==, "filled");
}

static void
test_text_folding (void)
{
  g_autofree char *nfd = g_strdup ("Pangcah e\xcc\x81");   /* e + combining acute */
  g_autofree char *key = NULL;

  g_assert_true (lalan_text_equal ("Pangcah \xc3\xa9", nfd));
  g_assert_true (lalan_text_equal ("ci'ayaw", "ci\xe2\x80\x99" "ayaw"));   /* ’ */
  g_assert_true (lalan_text_equal ("ci'ayaw", "ci\xca\xbc" "ayaw"));       /* ʼ */
  g_assert_true (lalan_text_equal ("ci'ayaw", "ci\xca\xbb" "ayaw"));       /* ʻ */
  g_assert_false (lalan_text_equal ("ciayaw", "ci'ayaw"));
  g_assert_true (lalan_text_answer_equal ("  Nga\xe2\x80\x99" "ay   ho ", "nga'ay ho"));
  key = lalan_text_answer_key ("  A  B ");
  g_assert_cmpstr (key, ==, "a b");
}

static void
test_digcomp (void)
{
  g_autofree const char **codes = lalan_digcomp_list_codes ();

  g_assert_true (lalan_digcomp_is_valid_code ("0.1"));
  g_assert_true (lalan_digcomp_is_valid_code ("4.2"));
  g_assert_true (lalan_digcomp_is_valid_code ("6.1"));
  g_assert_false (lalan_digcomp_is_valid_code ("4.5"));
  g_assert_false (lalan_digcomp_is_valid_code ("4"));
  g_assert_false (lalan_digcomp_is_valid_level (0));
  g_assert_true (lalan_digcomp_is_valid_level (8));
  g_assert_false (lalan_digcomp_is_valid_level (9));
  g_assert_cmpuint (g_strv_length ((char **) codes), ==, 25);
  g_assert_nonnull (lalan_digcomp_get_title ("2.1"));
  g_assert_cmpint (lalan_digcomp_compare_codes ("2.10", "2.9"), >, 0);
}

static void
test_pin (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = lalan_pin_hash ("2580", &error);
  g_autofree char *again = lalan_pin_hash ("2580", NULL);
  g_autofree char *tampered = NULL;
  g_autofree char *slow = NULL;
  char *last;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "pbkdf2-sha256$"));
  g_assert_null (strstr (hash, "2580"));
  /* A new salt each time. */
  g_assert_cmpstr (hash, !=, again);

  g_assert_true (lalan_pin_verify ("2580", hash));
  g_assert_true (lalan_pin_verify ("2580", again));
  g_assert_false (lalan_pin_verify ("2581", hash));
  g_assert_false (lalan_pin_verify ("", hash));
  g_assert_false (lalan_pin_verify (NULL, hash));
  g_assert_false (lalan_pin_verify ("2580", "plain"));

  tampered = g_strdup (hash);
  last = tampered + strlen (tampered) - 3;
  *last = *last == 'A' ? 'B' : 'A';
  g_assert_false (lalan_pin_verify ("2580", tampered));

  /* A hostile iteration count is refused, not run. */
  slow = g_strdup_printf ("pbkdf2-sha256$4000000000$%s", strchr (strchr (hash, '$') + 1, '$') + 1);
  g_assert_false (lalan_pin_verify ("2580", slow));

  g_assert_null (lalan_pin_hash ("12345", &error));
  g_assert_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_BAD_PIN);
  g_clear_error (&error);
  g_assert_null (lalan_pin_hash ("12a4", &error));
  g_assert_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_BAD_PIN);
}

static void
test_learners (void)
{
  g_autofree char *db = g_build_filename (lalan_test_get_data_dir (), "learners.db", NULL);
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(LalanLearner) guest = NULL;
  g_autoptr(LalanLearner) learner = NULL;
  g_autoptr(LalanLearner) again = NULL;
  g_autoptr(LalanLearner) nobody = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_learning_event_free);
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(LalanProgress) progress = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *resource = NULL;
  LalanLessonProgress p;

  store = lalan_store_open (db, &error);
  g_assert_no_error (error);

  guest = lalan_learners_create_guest (store, &error);
  g_assert_no_error (error);
  g_assert_true (guest->is_guest);
  g_assert_true (lalan_learner_check_pin (guest, NULL));

  /* The guest learns a step, then becomes a learner with the same id. */
  g_ptr_array_add (log, lalan_learning_log_new_event (LALAN_EVENT_STEP_SEEN, guest->id, "test.learning",
                                                      "hello", "intro", NULL, NULL,
                                                      LALAN_LEARNING_EVENT_NOT_SCORED));
  g_assert_true (lalan_store_append_learning_events (store, log, NULL, &error));
  g_assert_no_error (error);

  learner = lalan_learners_convert_guest (store, guest->id, "  Ikay  ", "deer", "1357", &error);
  g_assert_no_error (error);
  g_assert_false (learner->is_guest);
  g_assert_cmpstr (learner->id, ==, guest->id);
  g_assert_cmpstr (learner->display_name, ==, "Ikay");
  g_assert_cmpstr (learner->avatar_id, ==, "deer");
  g_assert_null (strstr (learner->pin_hash, "1357"));
  g_assert_true (lalan_learner_check_pin (learner, "1357"));
  g_assert_false (lalan_learner_check_pin (learner, "7531"));

  progress = lalan_progress_new_from_store (store, learner->id, &error);
  g_assert_no_error (error);
  lalan_progress_get_lesson (progress, learner->id, fixture, 0.85, &p);
  g_assert_cmpuint (p.n_steps_seen, ==, 1);

  /* Appending the same events again adds nothing: a union. */
  g_assert_true (lalan_store_append_learning_events (store, log, NULL, &error));
  stored = lalan_store_list_learning_events (store, learner->id, NULL, NULL, 0, 0, &error);
  g_assert_cmpuint (stored->len, ==, 1);

  g_assert_true (lalan_learners_set_pin (store, learner, NULL, &error));
  again = lalan_store_get_learner (store, learner->id, &error);
  g_assert_no_error (error);
  g_assert_null (again->pin_hash);
  g_assert_true (lalan_learner_check_pin (again, "0000"));

  nobody = lalan_learners_create (store, "   ", "bear", NULL, &error);
  g_assert_null (nobody);
  g_assert_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID);
  g_clear_error (&error);
  nobody = lalan_learners_create (store, "Sayun", "bear", "12", &error);
  g_assert_null (nobody);
  g_assert_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_BAD_PIN);

  /* Every listed avatar is in the resources. */
  for (const char * const *a = lalan_avatars_list (); *a != NULL; a++)
    {
      g_autofree char *path = lalan_avatar_get_resource (*a);

      g_assert_true (g_resources_get_info (path, 0, NULL, NULL, NULL));
    }
  resource = lalan_avatar_get_resource (LALAN_GUEST_AVATAR);
  g_assert_true (g_resources_get_info (resource, 0, NULL, NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  const char *lessons[] = { "hello", NULL };
  g_autoptr(LalanPack) pack = NULL;
  g_autofree char *dir = NULL;
  int status;

  lalan_test_init (&argc, &argv);

  fixture_root = lalan_test_make_tmp_dir ("learning");
  dir = fixture_write_pack (fixture_root, "test.learning", "1.0", lessons);
  pack = lalan_pack_new_for_directory (dir, LALAN_PACK_BUNDLED, NULL);
  fixture = lalan_pack_load_lesson (pack, "hello", NULL);
  g_assert_nonnull (fixture);

  g_test_add_func ("/learning/lesson-mastery", test_lesson_mastery);
  g_test_add_func ("/learning/competences-and-hardest", test_competences_and_hardest);
  g_test_add_func ("/learning/merge-order-independent", test_merge_order_independent);
  g_test_add_func ("/learning/items-follow-updates", test_items_follow_updates);
  g_test_add_func ("/learning/grading", test_grading);
  g_test_add_func ("/learning/text-folding", test_text_folding);
  g_test_add_func ("/learning/digcomp", test_digcomp);
  g_test_add_func ("/learning/pin", test_pin);
  g_test_add_func ("/learning/learners", test_learners);

  status = g_test_run ();

  lalan_lesson_unref (fixture);
  lalan_test_remove_tree (fixture_root);
  g_free (fixture_root);

  return status;
}
