/* test-teacher.c — the teacher's view: locked without a PIN, the PIN set
 * in Preferences, figures that match the events fed to the store, the
 * CSV export and the certificate PDF.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-application.h"
#include "lalan-learners.h"
#include "lalan-learning-log.h"
#include "lalan-preferences-window.h"
#include "lalan-teacher-pin.h"
#include "lalan-test.h"
#include "lalan-window.h"
#include "lessons-fixture.h"

#include "learn/lalan-learn-view.h"
#include "learn/lalan-pin-page.h"
#include "teacher/lalan-certificate.h"
#include "teacher/lalan-teacher-pin-dialog.h"
#include "teacher/lalan-teacher-window.h"

#include <adwaita.h>
#include <string.h>

#define PACK_ID "test.pack"
#define LESSON_ID "greeting"
#define TEACHER_PIN "4826"

static LalanApplication *app;
static LalanWindow *main_window;
static char *tmp_dir;

static void
find_all (GtkWidget *root,
          GType      type,
          GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_all (child, type, found);
}

static GtkWidget *
child (GtkWidget  *widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (widget, type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static LalanLearnContext *
context (void)
{
  g_autoptr(GPtrArray) views = g_ptr_array_new ();

  find_all (GTK_WIDGET (main_window), LALAN_TYPE_LEARN_VIEW, views);
  return lalan_learn_view_get_context (g_ptr_array_index (views, 0));
}

static LalanStore *
store (void)
{
  return lalan_application_get_store (app);
}

static const char *
text_of (GtkWidget  *row,
         const char *key)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (row), key);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

static GtkWidget *
row_with (GtkWidget  *list,
          const char *key,
          const char *value)
{
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), key), value) == 0)
        return row;
    }
  g_error ("no row with %s = %s", key, value);
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}

static gint64 event_time = 1700000000000000;

static void
feed (const char                *learner_id,
      const char                *kind,
      const char                *step,
      const char                *item,
      LalanLearningEventCorrect  correct)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_learning_event_free);
  g_autoptr(GError) error = NULL;
  LalanLearningEvent *event;

  event = lalan_learning_log_new_event (kind, learner_id, PACK_ID, LESSON_ID, step, item,
                                        item ? "x" : NULL, correct);
  event->time = (event_time += G_USEC_PER_SEC);
  g_ptr_array_add (events, event);
  lalan_store_append_learning_events (store (), events, NULL, &error);
  g_assert_no_error (error);
}

static LalanTeacherWindow *
open_teacher_window (void)
{
  LalanTeacherWindow *window = LALAN_TEACHER_WINDOW (lalan_teacher_window_new (GTK_WINDOW (main_window), context ()));

  gtk_window_present (GTK_WINDOW (window));
  lalan_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (window)));
  return window;
}

static const char *
visible_page (LalanTeacherWindow *window)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (GTK_WIDGET (window), LALAN_TYPE_TEACHER_WINDOW, "stack")));
}

static void
type_pin (LalanTeacherWindow *window,
          const char         *pin)
{
  GtkWidget *pin_page = child (GTK_WIDGET (window), LALAN_TYPE_TEACHER_WINDOW, "pin_page");
  GtkWidget *entry = child (pin_page, LALAN_TYPE_PIN_PAGE, "entry");

  gtk_editable_set_text (GTK_EDITABLE (entry), pin);
  g_signal_emit_by_name (entry, "activate");
}

/* Tests */

static void
test_no_pin (void)
{
  LalanTeacherWindow *window = open_teacher_window ();

  lalan_test_wait_until (g_strcmp0 (visible_page (window), "no-pin") == 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
pin_is_set (void)
{
  gboolean is_set = FALSE;

  g_assert_true (lalan_teacher_pin_is_set (store (), &is_set, NULL));
  return is_set;
}

static void
test_pin_set_in_preferences (void)
{
  LalanPreferencesWindow *preferences = lalan_preferences_window_new (app);
  GtkWidget *button = child (GTK_WIDGET (preferences), LALAN_TYPE_PREFERENCES_WINDOW, "teacher_pin_button");
  GListModel *toplevels = gtk_window_get_toplevels ();
  LalanTeacherPinDialog *dialog = NULL;
  g_autoptr(GError) error = NULL;

  gtk_window_present (GTK_WINDOW (preferences));
  lalan_test_wait_until (gtk_widget_get_sensitive (button));

  g_signal_emit_by_name (button, "clicked");
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (LALAN_IS_TEACHER_PIN_DIALOG (window))
        dialog = LALAN_TEACHER_PIN_DIALOG (window);
    }
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "set"));

  lalan_teacher_pin_dialog_fill (dialog, NULL, TEACHER_PIN);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "set"));
  /* What the Set PIN button does: respond, then close. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "set");
  gtk_window_close (GTK_WINDOW (dialog));
  lalan_test_wait_until (pin_is_set ());
  lalan_test_wait_until (g_str_has_prefix (gtk_button_get_label (GTK_BUTTON (button)), "_Change"));

  g_assert_true (lalan_teacher_pin_check (store (), TEACHER_PIN, &error));
  g_assert_no_error (error);
  g_assert_false (lalan_teacher_pin_check (store (), "0000", NULL));

  gtk_window_destroy (GTK_WINDOW (preferences));
}

typedef struct
{
  char *a;    /* mastered everything */
  char *b;    /* started, mixed answers */
} Learners;

static Learners learners;

static void
feed_events (void)
{
  g_autoptr(GError) error = NULL;
  LalanLearner *a, *b;

  a = lalan_learners_create (store (), "伊拜 Ipay", "bear", NULL, &error);
  g_assert_no_error (error);
  b = lalan_learners_create (store (), "Mayaw, 馬耀", "turtle", NULL, &error);
  g_assert_no_error (error);
  learners.a = g_strdup (a->id);
  learners.b = g_strdup (b->id);
  lalan_learner_free (a);
  lalan_learner_free (b);

  /* A: every step, every item right at once. */
  feed (learners.a, LALAN_EVENT_STEP_SEEN, "intro", NULL, LALAN_LEARNING_EVENT_NOT_SCORED);
  feed (learners.a, LALAN_EVENT_STEP_SEEN, "q1", NULL, LALAN_LEARNING_EVENT_NOT_SCORED);
  feed (learners.a, LALAN_EVENT_ANSWERED, "q1", "q1", LALAN_LEARNING_EVENT_RIGHT);
  feed (learners.a, LALAN_EVENT_STEP_SEEN, "sms", NULL, LALAN_LEARNING_EVENT_NOT_SCORED);
  feed (learners.a, LALAN_EVENT_ANSWERED, "sms", "link", LALAN_LEARNING_EVENT_RIGHT);
  feed (learners.a, LALAN_EVENT_ANSWERED, "sms", "time", LALAN_LEARNING_EVENT_RIGHT);
  feed (learners.a, LALAN_EVENT_STEP_SEEN, "form", NULL, LALAN_LEARNING_EVENT_NOT_SCORED);
  feed (learners.a, LALAN_EVENT_ANSWERED, "form", "password", LALAN_LEARNING_EVENT_RIGHT);
  feed (learners.a, LALAN_EVENT_STEP_SEEN, "do", NULL, LALAN_LEARNING_EVENT_NOT_SCORED);

  /* B: three steps; the quiz wrong then right, the link missed. */
  feed (learners.b, LALAN_EVENT_STEP_SEEN, "intro", NULL, LALAN_LEARNING_EVENT_NOT_SCORED);
  feed (learners.b, LALAN_EVENT_STEP_SEEN, "q1", NULL, LALAN_LEARNING_EVENT_NOT_SCORED);
  feed (learners.b, LALAN_EVENT_ANSWERED, "q1", "q1", LALAN_LEARNING_EVENT_WRONG);
  feed (learners.b, LALAN_EVENT_ANSWERED, "q1", "q1", LALAN_LEARNING_EVENT_RIGHT);
  feed (learners.b, LALAN_EVENT_STEP_SEEN, "sms", NULL, LALAN_LEARNING_EVENT_NOT_SCORED);
  feed (learners.b, LALAN_EVENT_ANSWERED, "sms", "link", LALAN_LEARNING_EVENT_WRONG);
  feed (learners.b, LALAN_EVENT_ANSWERED, "sms", "time", LALAN_LEARNING_EVENT_RIGHT);
}

static LalanTeacherWindow *
open_unlocked (void)
{
  LalanTeacherWindow *window = open_teacher_window ();

  lalan_test_wait_until (g_strcmp0 (visible_page (window), "locked") == 0);

  type_pin (window, "1111");
  lalan_test_wait_until (gtk_widget_get_visible (child (child (GTK_WIDGET (window), LALAN_TYPE_TEACHER_WINDOW, "pin_page"),
                                             LALAN_TYPE_PIN_PAGE, "error_label")));
  g_assert_cmpstr (visible_page (window), ==, "locked");

  type_pin (window, TEACHER_PIN);
  lalan_test_wait_until (g_strcmp0 (visible_page (window), "report") == 0);
  return window;
}

static void
select_learner (LalanTeacherWindow *window,
                const char         *learner_id)
{
  GtkWidget *list = child (GTK_WIDGET (window), LALAN_TYPE_TEACHER_WINDOW, "learner_list");

  gtk_list_box_select_row (GTK_LIST_BOX (list), GTK_LIST_BOX_ROW (row_with (list, "learner-id", learner_id)));
}

static void
test_figures_match_events (void)
{
  LalanTeacherWindow *window;
  GtkWidget *detail, *lessons, *competences, *questions, *row;

  feed_events ();
  window = open_unlocked ();
  detail = child (GTK_WIDGET (window), LALAN_TYPE_TEACHER_WINDOW, "detail_box");

  g_assert_cmpuint (count_children (child (GTK_WIDGET (window), LALAN_TYPE_TEACHER_WINDOW, "learner_list")), ==, 2);

  /* A: mastered, every item right. */
  select_learner (window, learners.a);
  lessons = g_object_get_data (G_OBJECT (detail), "lessons-list");
  row = row_with (lessons, "lesson-id", LESSON_ID);
  g_assert_cmpstr (text_of (row, "status-label"), ==, "Mastered");
  g_assert_cmpstr (text_of (row, "score-label"), ==, "4 of 4 right (100%)");
  g_assert_true (gtk_widget_get_sensitive (g_object_get_data (G_OBJECT (row), "certificate-button")));
  competences = g_object_get_data (G_OBJECT (detail), "competences-list");
  g_assert_cmpstr (text_of (row_with (competences, "code", "0.1"), "score-label"), ==, "1 of 1 right (100%)");
  g_assert_cmpstr (text_of (row_with (competences, "code", "4.2"), "status-label"), ==, "Mastered");
  g_assert_cmpstr (text_of (row_with (competences, "code", "4.2"), "score-label"), ==, "3 of 3 right (100%)");
  g_assert_cmpstr (g_object_get_data (G_OBJECT (detail), "summary"), ==,
                   "Started 1 lessons, completed 1, mastered 1. Not started yet: 0.");

  /* B: started; the last answer counts (the quiz), the missed link does not. */
  select_learner (window, learners.b);
  lessons = g_object_get_data (G_OBJECT (detail), "lessons-list");
  row = row_with (lessons, "lesson-id", LESSON_ID);
  g_assert_cmpstr (text_of (row, "status-label"), ==, "Started");
  g_assert_cmpstr (text_of (row, "score-label"), ==, "2 of 4 right (50%)");
  g_assert_false (gtk_widget_get_sensitive (g_object_get_data (G_OBJECT (row), "certificate-button")));
  competences = g_object_get_data (G_OBJECT (detail), "competences-list");
  g_assert_cmpstr (text_of (row_with (competences, "code", "0.1"), "status-label"), ==, "Mastered");
  g_assert_cmpstr (text_of (row_with (competences, "code", "4.2"), "status-label"), ==, "Not yet");
  g_assert_cmpstr (text_of (row_with (competences, "code", "4.2"), "score-label"), ==, "1 of 3 right (33%)");

  /* The questions most learners get wrong at first: the quiz and the
   * link, each by one learner of two; the time, by nobody. */
  questions = child (GTK_WIDGET (window), LALAN_TYPE_TEACHER_WINDOW, "questions_list");
  g_assert_cmpuint (count_children (questions), ==, 2);
  g_assert_cmpstr (g_object_get_data (G_OBJECT (gtk_widget_get_first_child (questions)), "item-id"), ==, "q1");
  g_assert_cmpstr (text_of (row_with (questions, "item-id", "q1"), "figures-label"), ==,
                   "1 of 2 learners were wrong at the first try (50%)");
  g_assert_cmpstr (text_of (row_with (questions, "item-id", "link"), "figures-label"), ==,
                   "1 of 2 learners were wrong at the first try (50%)");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
on_async_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_csv_export (void)
{
  LalanTeacherWindow *window = open_unlocked ();
  g_autofree char *path = g_build_filename (tmp_dir, "progress.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gsize length;

  lalan_teacher_window_export_csv_async (window, file, on_async_done_cb, &result);
  lalan_test_wait_until (result != NULL);
  g_assert_true (lalan_teacher_window_export_csv_finish (window, result, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_utf8_validate (contents, length, NULL));
  /* The byte order mark, so Excel reads UTF-8. */
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF"));

  lines = g_strsplit (contents + 3, "\r\n", -1);
  /* Header, then per learner one lesson and two competences; a last
   * empty string after the final CRLF. */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 2 * 3 + 1);
  g_assert_true (g_str_has_prefix (lines[0], "Learner,Kind,Pack,"));
  g_assert_cmpstr (lines[7], ==, "");

  /* Chinese intact; a name with a comma quoted. */
  g_assert_nonnull (strstr (contents, "伊拜 Ipay,Lesson,Test,Greeting,greeting,Mastered,5,5,4,4,100,"));
  g_assert_nonnull (strstr (contents, "\"Mayaw, 馬耀\",Lesson,Test,Greeting,greeting,Started,3,5,2,4,50,"));
  g_assert_nonnull (strstr (contents, "\"Mayaw, 馬耀\",Competence,,Protecting personal data and privacy,4.2,Not yet,,,1,3,33,"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_certificate (void)
{
  LalanTeacherWindow *window = open_unlocked ();
  LalanLesson *lesson = lalan_learn_context_find_lesson (context (), PACK_ID, LESSON_ID);
  g_autofree char *path = g_build_filename (tmp_dir, "certificate.pdf", NULL);
  g_autofree char *text_path = g_build_filename (tmp_dir, "certificate.txt", NULL);
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  gsize length;
  int status;
  const char *argv[] = { pdftotext, "-enc", "UTF-8", path, text_path, NULL };

  g_assert_nonnull (lesson);
  g_settings_set_string (lalan_application_get_settings (app), "centre-name", "秀林部落圖書資訊站");

  lalan_teacher_window_write_certificate_async (window, learners.a, lesson, path, on_async_done_cb, &result);
  lalan_test_wait_until (result != NULL);
  g_assert_true (lalan_teacher_window_write_certificate_finish (window, result, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &pdf, &length, NULL));
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));

  /* poppler's pdftotext (build-aux/install-deps.sh installs it) reads
   * the text back: the names are there as text, not only as shapes. */
  g_assert_nonnull (pdftotext);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_get_contents (text_path, &text, NULL, NULL));
  g_test_message ("certificate text: %s", text);
  g_assert_nonnull (strstr (text, "伊拜 Ipay"));
  g_assert_nonnull (strstr (text, "Greeting"));
  g_assert_nonnull (strstr (text, "has mastered the lesson"));
  g_assert_nonnull (strstr (text, "秀林部落圖書資訊站"));
  g_assert_nonnull (strstr (text, "4.2"));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *lessons_dir = NULL;
  const char *lessons[] = { LESSON_ID, NULL };
  g_autoptr(GPtrArray) views = g_ptr_array_new ();
  int status;

  lalan_test_init (&argc, &argv);

  tmp_dir = lalan_test_make_tmp_dir ("teacher");
  lessons_dir = lalan_test_make_tmp_dir ("teacher-lessons");
  g_free (fixture_write_pack (lessons_dir, PACK_ID, "1.0", lessons));
  g_setenv ("LALAN_LESSONS_DIR", lessons_dir, TRUE);

  gtk_init ();
  adw_init ();

  app = lalan_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  /* The main window, whose Learn area holds the store and library. */
  main_window = lalan_window_new (app);
  gtk_window_present (GTK_WINDOW (main_window));
  lalan_test_wait_until (lalan_application_get_store (app) != NULL);
  lalan_test_wait_until (lalan_learn_context_get_library (context ()) != NULL);

  g_test_add_func ("/teacher/no-pin", test_no_pin);
  g_test_add_func ("/teacher/pin-set-in-preferences", test_pin_set_in_preferences);
  g_test_add_func ("/teacher/figures-match-events", test_figures_match_events);
  g_test_add_func ("/teacher/csv-export", test_csv_export);
  g_test_add_func ("/teacher/certificate", test_certificate);

  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (main_window));
  g_clear_object (&app);
  lalan_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
