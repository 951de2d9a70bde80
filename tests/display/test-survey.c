/* test-survey.c — the Survey area as a volunteer uses it: a household
 * interview completed through the widgets, a draft resumed after the
 * window went away mid-way, Finish listing what needs attention, and the
 * autosave proven by killing a process that is filling a form.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-application.h"
#include "lalan-form-choice.h"
#include "lalan-form-control.h"
#include "survey/lalan-record-row.h"
#include "lalan-test.h"
#include "lalan-window.h"
#include "survey/lalan-survey-view.h"

#include <adwaita.h>
#include <archive.h>
#include <archive_entry.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

typedef struct
{
  LalanApplication *app;
  LalanWindow      *window;
  LalanSurveyView  *survey;
  LalanFormView    *form_view;
  gboolean          opened;
} Fixture;

static void
iterate_until (gboolean (*done) (gpointer),
               gpointer   data,
               guint      seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_true (done (data));
}

/* Whether the keyboard is in @widget (an entry's focus is on its text). */
static gboolean
has_keyboard (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
iterate_for (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static gboolean
store_ready (gpointer data)
{
  Fixture *f = data;

  return lalan_application_get_store (f->app) != NULL || lalan_application_get_store_error (f->app) != NULL;
}

static gboolean
record_opened (gpointer data)
{
  return ((Fixture *) data)->opened;
}

static void
on_record_opened_cb (Fixture *f)
{
  f->opened = TRUE;
}

/* One application for the whole program, as test-window does: it stays
 * exported on the session bus until the process ends. */
static LalanApplication *app;

static void
fixture_start (Fixture *f)
{
  memset (f, 0, sizeof *f);
  if (app == NULL)
    {
      g_autoptr(GError) error = NULL;

      app = lalan_application_new ();
      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }
  f->app = g_object_ref (app);
  iterate_until (store_ready, f, 20);
  g_assert_nonnull (lalan_application_get_store (f->app));

  f->window = lalan_window_new (f->app);
  gtk_window_present (GTK_WINDOW (f->window));
  lalan_window_show_area (f->window, "survey");
  f->survey = LALAN_SURVEY_VIEW (gtk_widget_get_template_child (GTK_WIDGET (f->window), LALAN_TYPE_WINDOW,
                                                                 "survey_view"));
  f->form_view = lalan_survey_view_get_form_view (f->survey);
  g_signal_connect_swapped (f->survey, "record-opened", G_CALLBACK (on_record_opened_cb), f);
  iterate_for (100);
}

static void
fixture_stop (Fixture *f)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = NULL;
  iterate_for (50);
  g_clear_object (&f->app);
}

static void
start_record (Fixture    *f,
              const char *form_id)
{
  f->opened = FALSE;
  lalan_survey_view_start_record (f->survey, form_id);
  iterate_until (record_opened, f, 20);
}

static void
open_record (Fixture    *f,
             const char *instance_id)
{
  f->opened = FALSE;
  lalan_survey_view_open_record (f->survey, instance_id);
  iterate_until (record_opened, f, 20);
}

static void
next_page (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form_view), "form.next-page", NULL));
  iterate_for (10);
}

/* Answers a question the way a person would: on its widget, going to the
 * next page until the question is there. */
static void
answer (Fixture    *f,
        const char *path,
        const char *value)
{
  LalanQuestionWidget *question = NULL;
  GtkWidget *input;
  LalanFormControl *control;

  for (guint tries = 0; tries < 40; tries++)
    {
      question = lalan_form_view_find_question (f->form_view, path);
      if (question != NULL && gtk_widget_get_visible (GTK_WIDGET (question)))
        break;
      next_page (f);
    }
  if (question == NULL)
    g_error ("%s is on no page after %s", path, lalan_form_view_get_position (f->form_view));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (question)));

  input = lalan_question_widget_get_input (question);
  control = lalan_question_widget_get_control (question);
  g_assert_nonnull (input);

  if (GTK_IS_DROP_DOWN (input))
    {
      GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (input));
      guint found = GTK_INVALID_LIST_POSITION;

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(LalanFormChoice) choice = g_list_model_get_item (model, i);

          if (g_str_equal (lalan_form_choice_get_value (choice), value))
            found = i;
        }
      g_assert_cmpuint (found, !=, GTK_INVALID_LIST_POSITION);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (input), found);
    }
  else if (GTK_IS_BOX (input))
    {
      g_auto(GStrv) wanted = g_strsplit (value, " ", -1);

      /* A radio or check list: the buttons carry their values. */
      for (GtkWidget *child = gtk_widget_get_first_child (input); child; child = gtk_widget_get_next_sibling (child))
        {
          const char *v = g_object_get_data (G_OBJECT (child), "lalan-value");

          if (GTK_IS_CHECK_BUTTON (child) && v != NULL)
            gtk_check_button_set_active (GTK_CHECK_BUTTON (child), g_strv_contains ((const char * const *) wanted, v));
        }
    }
  else if (GTK_IS_EDITABLE (input))
    {
      gtk_widget_grab_focus (input);
      gtk_editable_set_text (GTK_EDITABLE (input), value);
    }
  else if (GTK_IS_TEXT_VIEW (input))
    {
      gtk_widget_grab_focus (input);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (input)), value, -1);
    }
  else
    g_error ("%s has an input I cannot fill", path);

  iterate_for (5);
  /* A date and time is typed as people write it and kept as ISO 8601. */
  if (lalan_form_control_get_data_type (control) == LALAN_FORM_TYPE_DATE_TIME)
    return;
  if (g_strcmp0 (lalan_form_control_get_value (control), value) != 0)
    g_test_message ("%s: message %s", path, lalan_question_widget_get_message (question));
  g_assert_cmpstr (lalan_form_control_get_value (control), ==, value);
}

static const char * const household[][2] = {
  { "/data/consent/consent_survey", "yes" },
  { "/data/consent/respondent_age", "45_64" },
  { "/data/consent/recontact_consent", "no" },
  { "/data/interview/interviewer", "V017" },
  { "/data/interview/mode", "face_to_face" },
  { "/data/interview/interview_lang", "tay" },
  { "/data/place/county", "10004" },
  { "/data/place/town", "10004120" },
  { "/data/place/village", "10004120006" },
  { "/data/place/gps_consent", "no" },
  { "/data/household/size", "3" },
  { "/data/household/age_0_5", "0" },
  { "/data/household/age_6_11", "1" },
  { "/data/household/age_12_17", "0" },
  { "/data/household/age_18_64", "2" },
  { "/data/household/age_65", "0" },
  { "/data/household/indigenous_members", "3" },
  { "/data/household/respondent_people", "atayal" },
  { "/data/household/home_languages", "zh-Hant tay" },
  { "/data/home/internet_home", "yes" },
  { "/data/home/access_types", "fwa_4g5g" },
  { "/data/home/download_tier", "100" },
  { "/data/home/monthly_cost", "799" },
  { "/data/home/dev_smartphone", "2" },
  { "/data/mobile/carriers", "cht" },
  { "/data/mobile/signal_indoor", "4g" },
  { "/data/mobile/signal_outdoor", "5g" },
  { "/data/measurement/down_mbps", "85.2" },
  { "/data/measurement/measured_at", "2026-11-20 09:30" },
  { "/data/measurement/method", "other_app" },
  { "/data/people/person[1]/age_band", "30_44" },
  { "/data/people/person[1]/sex", "female" },
  { "/data/people/person[1]/ever_used", "yes" },
  { "/data/people/person[1]/used_3m", "yes" },
  { "/data/people/person[1]/frequency", "daily" },
  { "/data/people/person[1]/devices", "smartphone" },
  { "/data/people/person[1]/places", "home" },
  { "/data/people/person[1]/activities", "messaging culture_consume" },
  { "/data/skills/skills_done", "copy_paste video_call" },
  { "/data/skills/confidence", "4" },
  { "/data/skills/security_incidents", "scam_contact" },
  { "/data/needs/barrier_1", "cost" },
  { "/data/needs/training_interest", "maybe" },
  { "/data/needs/topics", "anti_fraud" },
  { "/data/needs/device_needs", "none" },
  { "/data/needs/connectivity_needs", "cheaper_plans" },
  { "/data/students/has_students", "yes" },
  { "/data/students/student_device", "own" },
  { "/data/students/online_class_ok", "yes" },
  { "/data/participation/egov_use", "yes" },
  { "/data/participation/online_participation", "no" },
  { "/data/participation/culture_online", "yes" },
  { "/data/participation/household_business_online", "no" },
  { "/data/close/notes", "完成" },
};

static LalanRecord *
get_record (Fixture    *f,
            const char *instance_id)
{
  g_autoptr(GError) error = NULL;
  LalanRecord *record;

  /* Synchronous, so queued after every write the UI asked for. */
  record = lalan_store_get_record (lalan_application_get_store (f->app), instance_id, &error);
  g_assert_no_error (error);
  return record;
}

static void
test_household_through_widgets (void)
{
  Fixture f;
  g_autofree char *id = NULL;
  g_autoptr(LalanRecord) record = NULL;
  const char *xml;

  fixture_start (&f);
  start_record (&f, "lalan_household");
  g_assert_cmpstr (lalan_form_view_get_position (f.form_view), ==, "/data/consent");
  id = g_strdup (lalan_form_session_get_instance_id (lalan_form_view_get_session (f.form_view)));

  for (guint i = 0; i < G_N_ELEMENTS (household); i++)
    answer (&f, household[i][0], household[i][1]);

  /* Through the rest of the pages to Finish. */
  for (guint i = 0; i < 10 && gtk_widget_activate_action (GTK_WIDGET (f.form_view), "form.next-page", NULL); i++)
    iterate_for (5);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.form_view), "form.finish", NULL));
  if (lalan_form_view_get_n_problems (f.form_view) > 0)
    g_error ("%u problems left", lalan_form_view_get_n_problems (f.form_view));
  iterate_for (300);

  record = get_record (&f, id);
  g_assert_cmpint (lalan_record_get_state (record), ==, LALAN_RECORD_STATE_FINALIZED);
  xml = lalan_record_get_instance_xml (record);
  g_assert_nonnull (strstr (xml, "<village_code>10004120006</village_code>"));
  g_assert_nonnull (strstr (xml, "<home_languages>zh-Hant tay</home_languages>"));
  g_assert_nonnull (strstr (xml, "<down_mbps>85.2</down_mbps>"));
  g_assert_nonnull (strstr (xml, "<measured_at>2026-11-20T09:30:00.000+00:00</measured_at>"));
  g_assert_nonnull (strstr (xml, "<notes>完成</notes>"));
  g_assert_nonnull (strstr (xml, "<person>"));
  /* Back on the list, the record is there, ready to send. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_first_child (GTK_WIDGET (f.survey)))),
                   ==, "home");

  /* A finished record opens read-only; reopening makes it a draft. */
  open_record (&f, id);
  g_assert_true (lalan_form_view_get_read_only (f.form_view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.form_view), "form.reopen", NULL));
  iterate_for (300);
  g_assert_false (lalan_form_view_get_read_only (f.form_view));
  g_clear_object (&record);
  record = get_record (&f, id);
  g_assert_cmpint (lalan_record_get_state (record), ==, LALAN_RECORD_STATE_DRAFT);

  fixture_stop (&f);
}

static void
test_resume_after_destroy (void)
{
  Fixture f;
  g_autofree char *id = NULL;
  g_autoptr(LalanRecord) record = NULL;
  LalanQuestionWidget *town;

  fixture_start (&f);
  start_record (&f, "lalan_household");
  id = g_strdup (lalan_form_session_get_instance_id (lalan_form_view_get_session (f.form_view)));
  for (guint i = 0; i < 8; i++)
    answer (&f, household[i][0], household[i][1]);
  g_assert_cmpstr (lalan_form_view_get_position (f.form_view), ==, "/data/place");

  /* The window goes away at once, less than the autosave delay after the
   * last answer: closing writes it. */
  gtk_window_destroy (GTK_WINDOW (f.window));
  f.window = NULL;
  record = get_record (&f, id);
  g_assert_cmpint (lalan_record_get_state (record), ==, LALAN_RECORD_STATE_DRAFT);
  g_assert_cmpstr (lalan_record_get_resume_position (record), ==, "/data/place");
  g_assert_nonnull (strstr (lalan_record_get_instance_xml (record), "<town>10004120</town>"));

  /* A new window resumes on that page, with the answers. */
  f.window = lalan_window_new (f.app);
  gtk_window_present (GTK_WINDOW (f.window));
  lalan_window_show_area (f.window, "survey");
  f.survey = LALAN_SURVEY_VIEW (gtk_widget_get_template_child (GTK_WIDGET (f.window), LALAN_TYPE_WINDOW, "survey_view"));
  f.form_view = lalan_survey_view_get_form_view (f.survey);
  g_signal_connect_swapped (f.survey, "record-opened", G_CALLBACK (on_record_opened_cb), &f);
  iterate_for (100);
  open_record (&f, id);
  g_assert_cmpstr (lalan_form_view_get_position (f.form_view), ==, "/data/place");
  town = lalan_form_view_find_question (f.form_view, "/data/place/town");
  g_assert_nonnull (town);
  g_assert_cmpstr (lalan_form_control_get_value (lalan_question_widget_get_control (town)), ==, "10004120");
  g_assert_false (lalan_form_view_get_read_only (f.form_view));

  fixture_stop (&f);
}

static void
test_finish_lists_problems (void)
{
  Fixture f;
  LalanQuestionWidget *question;
  guint n;

  fixture_start (&f);
  start_record (&f, "lalan_household");
  answer (&f, "/data/consent/consent_survey", "yes");
  answer (&f, "/data/consent/respondent_age", "18_29");
  answer (&f, "/data/consent/recontact_consent", "no");
  /* A rule broken: shown as soon as the question is left. */
  answer (&f, "/data/interview/interviewer", "V 017!");
  question = lalan_form_view_find_question (f.form_view, "/data/interview/interviewer");
  g_assert_true (lalan_question_widget_grab_input_focus (lalan_form_view_find_question (f.form_view, "/data/interview/mode")));
  iterate_for (20);
  g_assert_cmpstr (lalan_question_widget_get_message (question), ==,
                   "訪員代碼只能有英文字母、數字與「-」，2 到 20 個字。");
  /* A missing answer is not pointed at before Finish. */
  g_assert_null (lalan_question_widget_get_message (lalan_form_view_find_question (f.form_view, "/data/interview/mode")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.form_view), "form.finish", NULL));
  iterate_for (20);
  n = lalan_form_view_get_n_problems (f.form_view);
  g_assert_cmpuint (n, >, 10);

  /* Each problem leads to its question, with its message beside it. */
  g_assert_true (lalan_form_view_activate_problem (f.form_view, 0));
  g_assert_cmpstr (lalan_form_view_get_position (f.form_view), ==, "/data/interview");
  question = lalan_form_view_find_question (f.form_view, "/data/interview/interviewer");
  g_assert_nonnull (lalan_question_widget_get_message (question));
  g_assert_true (has_keyboard (lalan_question_widget_get_input (question)));

  /* The last one, pages away: a question left unanswered. */
  g_assert_true (lalan_form_view_activate_problem (f.form_view, n - 1));
  g_assert_cmpstr (lalan_form_view_get_position (f.form_view), ==, "/data/participation");
  question = lalan_form_view_find_question (f.form_view, "/data/participation/household_business_online");
  g_assert_nonnull (question);
  g_assert_true (has_keyboard (lalan_question_widget_get_input (question)));
  g_assert_cmpstr (lalan_question_widget_get_message (question), ==, "這一題必須回答。");

  fixture_stop (&f);
}

/* Every page of every bundled form can be shown (under fatal warnings),
 * and read-only too. */
static void
test_every_form_renders (void)
{
  static const char * const forms[] = { "lalan_household", "lalan_community", "lalan_measurement", "lalan_learning_report" };
  Fixture f;

  fixture_start (&f);
  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      LalanFormSession *session;
      guint pages = 1;

      start_record (&f, forms[i]);
      session = lalan_form_view_get_session (f.form_view);
      /* Consent given, so the pages behind it are there too. */
      lalan_form_session_set_value (session, "/data/consent/consent_survey", "yes", NULL);
      lalan_form_session_set_value (session, "/data/consent/respondent_age", "18_29", NULL);
      lalan_form_session_set_value (session, "/data/household/age_18_64", "1", NULL);
      lalan_form_session_set_value (session, "/data/consent/consent_decision", "agreed", NULL);
      iterate_for (20);
      /* In the form's other language, as the language list switches it. */
      gtk_drop_down_set_selected (GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (f.form_view),
                                                                                LALAN_TYPE_FORM_VIEW,
                                                                                "language_drop_down")), 1);
      iterate_for (20);
      for (;;)
        {
          g_autofree char *before = g_strdup (lalan_form_view_get_position (f.form_view));

          gtk_widget_activate_action (GTK_WIDGET (f.form_view), "form.next-page", NULL);
          iterate_for (5);
          if (g_strcmp0 (before, lalan_form_view_get_position (f.form_view)) == 0)
            break;
          pages++;
          g_assert_cmpuint (pages, <, 60);
        }
      g_test_message ("%s: %u pages", forms[i], pages);
      g_assert_cmpuint (pages, >, 1);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.form_view), "form.toggle-sections", NULL));
      iterate_for (5);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.form_view), "form.close", NULL));
      iterate_for (20);
    }
  fixture_stop (&f);
}

/* Autosave, proven by killing ------------------------------------------- */

/* The child: fills a household through the widgets, one answer every
 * 150 ms, and says each one on stdout with the time it was given. */
static void
child_fill (void)
{
  Fixture f;

  fixture_start (&f);
  start_record (&f, "lalan_household");
  printf ("RECORD %s\n", lalan_form_session_get_instance_id (lalan_form_view_get_session (f.form_view)));
  fflush (stdout);
  for (guint round = 0; ; round++)
    for (guint i = 0; i < G_N_ELEMENTS (household); i++)
      {
        /* Once through the form, go on changing the notes. */
        if (round > 0 && !g_str_equal (household[i][0], "/data/close/notes"))
          continue;
        if (round > 0)
          {
            g_autofree char *notes = g_strdup_printf ("第 %u 次", round);

            answer (&f, household[i][0], notes);
            printf ("ANSWER %" G_GINT64_FORMAT " %s %s\n", g_get_real_time (), household[i][0], notes);
          }
        else
          {
            answer (&f, household[i][0], household[i][1]);
            printf ("ANSWER %" G_GINT64_FORMAT " %s %s\n", g_get_real_time (), household[i][0], household[i][1]);
          }
        fflush (stdout);
        iterate_for (150);
      }
}

static void
test_autosave_kill (void)
{
  g_autofree char *dir = lalan_test_make_tmp_dir ("kill");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *record_id = NULL;
  g_autofree char *db = g_build_filename (dir, "lalan.db", NULL);
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(LalanRecord) record = NULL;
  gint64 killed_at = 0;
  gint64 started = g_get_monotonic_time ();
  guint checked = 0;
  const char *xml;
  char *line;

  g_subprocess_launcher_setenv (launcher, "LALAN_DATA_DIR", dir, TRUE);
  child = g_subprocess_launcher_spawn (launcher, &error, g_test_get_filename (G_TEST_BUILT, "test-survey", NULL),
                                       "--child-fill", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));

  /* Kill it in the middle of filling: after about 30 answers. */
  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL)
    {
      if (g_str_has_prefix (line, "RECORD "))
        record_id = g_strdup (line + 7);
      else if (g_str_has_prefix (line, "ANSWER "))
        g_ptr_array_add (answers, g_strdup (line + 7));
      g_free (line);
      if (answers->len >= 30)
        {
          kill (atoi (g_subprocess_get_identifier (child)), SIGKILL);
          killed_at = g_get_real_time ();
          break;
        }
      g_assert_cmpint (g_get_monotonic_time () - started, <, 120 * G_USEC_PER_SEC);
    }
  g_assert_no_error (error);
  g_subprocess_wait (child, NULL, NULL);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_nonnull (record_id);

  store = lalan_store_open (db, &error);
  g_assert_no_error (error);
  record = lalan_store_get_record (store, record_id, &error);
  g_assert_no_error (error);
  xml = lalan_record_get_instance_xml (record);

  /* Every answer given more than a second before the kill is there (the
   * last value of each question, as answers given later replace it). */
  for (guint i = 0; i < answers->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (answers, i), " ", 3);
      gint64 at = g_ascii_strtoll (parts[0], NULL, 10);
      const char *name = strrchr (parts[1], '/') + 1;
      g_autofree char *element = g_strdup_printf ("<%s>%s</%s>", name, parts[2], name);
      gboolean replaced = FALSE;

      if (killed_at - at <= G_USEC_PER_SEC)
        continue;
      for (guint j = i + 1; j < answers->len; j++)
        {
          g_auto(GStrv) later = g_strsplit (g_ptr_array_index (answers, j), " ", 3);

          replaced |= g_str_equal (later[1], parts[1]) && killed_at - g_ascii_strtoll (later[0], NULL, 10) > G_USEC_PER_SEC;
        }
      if (replaced)
        continue;
      if (strstr (xml, element) == NULL)
        g_error ("%s, given %.1f s before the kill, is not in the draft:\n%s",
                 element, (killed_at - at) / 1e6, xml);
      checked++;
    }
  g_test_message ("%u answers checked", checked);
  g_assert_cmpuint (checked, >=, 15);

  lalan_store_close (store);
  lalan_test_remove_tree (dir);
}

/* Repeats, deleting, exporting -------------------------------------------- */

static GtkWidget *
find_widget_with_data (GtkWidget  *widget,
                       const char *key)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget) && g_object_get_data (G_OBJECT (widget), key) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_with_data (child, key);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The confirmation in front of @window, if there is one. */
static AdwMessageDialog *
find_dialog (GtkWindow *window)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data) &&
        gtk_window_get_transient_for (l->data) == window)
      return l->data;
  return NULL;
}

/* Answers as a person would in the dialog: the response, and it goes. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate_for (20);
}

static guint
count_entries (Fixture    *f,
               const char *repeat_path)
{
  LalanFormSession *session = lalan_form_view_get_session (f->form_view);
  guint n = 0;

  /* An entry's first question answers to its number. */
  for (guint i = 1; i < 30; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u]/age_band", repeat_path, i);

      if (lalan_form_session_lookup_control (session, path) != NULL)
        n = i;
    }
  return n;
}

static void
test_repeat_add_remove (void)
{
  Fixture f;
  GtkWidget *button = NULL;
  AdwMessageDialog *dialog;
  guint before;

  fixture_start (&f);
  start_record (&f, "lalan_household");
  answer (&f, "/data/consent/consent_survey", "yes");
  answer (&f, "/data/consent/respondent_age", "45_64");
  answer (&f, "/data/consent/recontact_consent", "no");
  /* Three adults: the roster is asked for. */
  answer (&f, "/data/household/size", "3");
  answer (&f, "/data/household/age_0_5", "0");
  answer (&f, "/data/household/age_6_11", "0");
  answer (&f, "/data/household/age_12_17", "0");
  answer (&f, "/data/household/age_18_64", "3");
  answer (&f, "/data/household/age_65", "0");

  /* On to the page after the people, where another is added. */
  for (guint tries = 0; tries < 30 && button == NULL; tries++)
    {
      next_page (&f);
      button = find_widget_with_data (GTK_WIDGET (f.form_view), "lalan-repeat");
    }
  g_assert_nonnull (button);
  before = count_entries (&f, "/data/people/person");

  g_signal_emit_by_name (button, "clicked");
  iterate_for (20);
  g_assert_cmpuint (count_entries (&f, "/data/people/person"), ==, before + 1);
  /* The new entry's page is shown, its first question there. */
  {
    g_autofree char *page = g_strdup_printf ("/data/people/person[%u]", before + 1);
    g_autofree char *question = g_strdup_printf ("%s/age_band", page);

    g_assert_cmpstr (lalan_form_view_get_position (f.form_view), ==, page);
    answer (&f, question, "30_44");
  }

  /* Removing asks first; keeping keeps. */
  button = find_widget_with_data (GTK_WIDGET (f.form_view), "lalan-instance");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  iterate_for (20);
  dialog = find_dialog (GTK_WINDOW (f.window));
  g_assert_nonnull (dialog);
  respond (dialog, "cancel");
  g_assert_cmpuint (count_entries (&f, "/data/people/person"), ==, before + 1);

  g_signal_emit_by_name (button, "clicked");
  iterate_for (20);
  dialog = find_dialog (GTK_WINDOW (f.window));
  g_assert_nonnull (dialog);
  respond (dialog, "remove");
  g_assert_cmpuint (count_entries (&f, "/data/people/person"), ==, before);

  fixture_stop (&f);
}

static void
test_delete_draft_confirms (void)
{
  Fixture f;
  g_autofree char *id = NULL;
  g_autoptr(LalanRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  fixture_start (&f);
  start_record (&f, "lalan_household");
  id = g_strdup (lalan_form_session_get_instance_id (lalan_form_view_get_session (f.form_view)));
  answer (&f, "/data/consent/consent_survey", "yes");
  iterate_for (1200);
  record = get_record (&f, id);
  g_assert_cmpint (lalan_record_get_state (record), ==, LALAN_RECORD_STATE_DRAFT);
  g_clear_object (&record);

  /* Kept when the person thinks again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.form_view), "form.delete", NULL));
  iterate_for (20);
  dialog = find_dialog (GTK_WINDOW (f.window));
  g_assert_nonnull (dialog);
  respond (dialog, "cancel");
  record = get_record (&f, id);
  g_assert_nonnull (record);
  g_clear_object (&record);
  g_assert_cmpstr (lalan_form_session_get_instance_id (lalan_form_view_get_session (f.form_view)), ==, id);

  /* Gone when confirmed, and the list is back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.form_view), "form.delete", NULL));
  iterate_for (20);
  dialog = find_dialog (GTK_WINDOW (f.window));
  g_assert_nonnull (dialog);
  respond (dialog, "delete");
  iterate_for (300);
  record = lalan_store_get_record (lalan_application_get_store (f.app), id, &error);
  g_assert_null (record);
  g_assert_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_first_child (GTK_WIDGET (f.survey)))),
                   ==, "home");

  fixture_stop (&f);
}

static void
on_export_finished_cb (LalanSurveyView *survey,
                       const GError    *error,
                       gboolean        *finished)
{
  g_assert_no_error (error);
  *finished = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
test_export (void)
{
  Fixture f;
  g_autofree char *dir = lalan_test_make_tmp_dir ("export");
  g_autofree char *path = g_build_filename (dir, "records.zip", NULL);
  g_autofree char *id = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;
  const char *ids[2] = { NULL, NULL };
  gboolean finished = FALSE;
  struct archive *archive;
  struct archive_entry *entry;

  fixture_start (&f);
  start_record (&f, "lalan_household");
  id = g_strdup (lalan_form_session_get_instance_id (lalan_form_view_get_session (f.form_view)));
  answer (&f, "/data/consent/consent_survey", "yes");
  answer (&f, "/data/consent/respondent_age", "45_64");
  answer (&f, "/data/consent/recontact_consent", "no");
  answer (&f, "/data/interview/interviewer", "V017");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.form_view), "form.close", NULL));
  iterate_for (300);

  g_signal_connect (f.survey, "export-finished", G_CALLBACK (on_export_finished_cb), &finished);
  ids[0] = id;
  lalan_survey_view_export (f.survey, ids, path);
  iterate_until (flag_set, &finished, 30);

  archive = archive_read_new ();
  archive_read_support_format_zip (archive);
  g_assert_cmpint (archive_read_open_filename (archive, path, 16384), ==, ARCHIVE_OK);
  while (archive_read_next_header (archive, &entry) == ARCHIVE_OK)
    if (g_str_equal (archive_entry_pathname_utf8 (entry), "lalan_household.csv"))
      {
        GString *text = g_string_new (NULL);
        char buffer[8192];
        la_ssize_t n;

        while ((n = archive_read_data (archive, buffer, sizeof buffer)) > 0)
          g_string_append_len (text, buffer, n);
        csv = g_string_free (text, FALSE);
      }
  archive_read_free (archive);

  /* A BOM for spreadsheets, a header and the one record. */
  g_assert_nonnull (csv);
  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF"));
  g_assert_nonnull (strstr (csv, id));
  g_assert_nonnull (strstr (csv, "V017"));

  fixture_stop (&f);
  lalan_test_remove_tree (dir);
}

/* The Connectivity area's "Use in Survey" works only while a draft that
 * has a connection measurement group is open. */
static gboolean
measurement_action_enabled (Fixture *f)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "use-measurement-in-survey");
}

static void
test_measurement_action (void)
{
  Fixture f;

  fixture_start (&f);
  g_assert_false (measurement_action_enabled (&f));
  start_record (&f, "lalan_household");
  g_assert_true (measurement_action_enabled (&f));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.form_view), "form.close", NULL));
  iterate_for (50);
  g_assert_false (measurement_action_enabled (&f));
  /* A learning report has no connection measurement. */
  start_record (&f, "lalan_learning_report");
  g_assert_false (measurement_action_enabled (&f));
  fixture_stop (&f);
}

/* A record named elsewhere (the sync dialog) opens in the Survey area,
 * from another area, on the page where it was left. */
static void
test_open_record_action (void)
{
  Fixture f;
  g_autofree char *id = NULL;

  fixture_start (&f);
  start_record (&f, "lalan_household");
  id = g_strdup (lalan_form_session_get_instance_id (lalan_form_view_get_session (f.form_view)));
  answer (&f, "/data/consent/consent_survey", "yes");
  answer (&f, "/data/consent/respondent_age", "45_64");
  answer (&f, "/data/consent/recontact_consent", "no");
  next_page (&f);
  g_assert_cmpstr (lalan_form_view_get_position (f.form_view), ==, "/data/interview");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.form_view), "form.close", NULL));
  iterate_for (100);
  lalan_window_show_area (f.window, "learn");

  f.opened = FALSE;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.open-record", "s", id));
  iterate_until (record_opened, &f, 20);
  g_assert_cmpstr (lalan_form_session_get_instance_id (lalan_form_view_get_session (f.form_view)), ==, id);
  g_assert_cmpstr (lalan_form_view_get_position (f.form_view), ==, "/data/interview");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f.form_view)));

  fixture_stop (&f);
}

int
main (int   argc,
      char *argv[])
{
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--child-fill"))
      {
        gtk_init ();
        adw_init ();
        g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
        child_fill ();
        return 0;
      }

  lalan_test_init (&argc, &argv);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/survey/household-through-widgets", test_household_through_widgets);
  g_test_add_func ("/survey/resume-after-destroy", test_resume_after_destroy);
  g_test_add_func ("/survey/finish-lists-problems", test_finish_lists_problems);
  g_test_add_func ("/survey/every-form-renders", test_every_form_renders);
  g_test_add_func ("/survey/autosave-kill", test_autosave_kill);
  g_test_add_func ("/survey/repeat-add-remove", test_repeat_add_remove);
  g_test_add_func ("/survey/delete-draft-confirms", test_delete_draft_confirms);
  g_test_add_func ("/survey/export", test_export);
  g_test_add_func ("/survey/measurement-action", test_measurement_action);
  g_test_add_func ("/survey/open-record-action", test_open_record_action);

  return g_test_run ();
}
