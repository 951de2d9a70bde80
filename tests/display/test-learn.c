/* test-learn.c — the Learn area through its widgets: a learner added, a
 * lesson completed step by step, quiz and scenario feedback, progress
 * resumed after the window is destroyed and made again, PINs, guests,
 * "Is this still you?", and importing a pack.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-application.h"
#include "lalan-learners.h"
#include "lalan-learning-log.h"
#include "lalan-test.h"
#include "lalan-window.h"
#include "lessons-fixture.h"

#include "learn/lalan-learn-view.h"
#include "learn/lalan-learner-dialog.h"
#include "learn/lalan-learner-picker.h"
#include "learn/lalan-lesson-player.h"
#include "learn/lalan-library-view.h"
#include "learn/lalan-pin-page.h"
#include "learn/lalan-quiz-view.h"
#include "learn/lalan-scenario-view.h"
#include "learn/lalan-practice-view.h"

#include <adwaita.h>
#include <string.h>

#define PACK_ID "test.pack"

static LalanApplication *app;

/* Helpers */

static void
iterate (void)
{
  for (guint i = 0; i < 20; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
}

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
find_first (GtkWidget *root,
            GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  find_all (root, type, found);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  find_all (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if (gtk_widget_is_drawable (label) && strstr (gtk_label_get_text (GTK_LABEL (label)), text) != NULL)
        return label;
    }
  return NULL;
}

/* A button on screen whose visible label is (or contains) @text. */
static GtkWidget *
find_button (GtkWidget  *root,
             GType       type,
             const char *text)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  find_all (root, type, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);

      if (gtk_widget_is_drawable (button) && find_label (button, text) != NULL)
        return button;
    }
  return NULL;
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

static LalanLearnView *
learn_view_of (LalanWindow *window)
{
  return LALAN_LEARN_VIEW (find_first (GTK_WIDGET (window), LALAN_TYPE_LEARN_VIEW));
}

static gboolean
picker_ready (LalanLearnView *view)
{
  GtkWidget *spinner = child (child (GTK_WIDGET (view), LALAN_TYPE_LEARN_VIEW, "picker"),
                              LALAN_TYPE_LEARNER_PICKER, "spinner");

  return lalan_learn_context_get_store (lalan_learn_view_get_context (view)) != NULL &&
         !gtk_widget_get_visible (spinner);
}

static LalanWindow *
open_window (void)
{
  LalanWindow *window = lalan_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  lalan_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (window)));
  lalan_test_wait_until (picker_ready (learn_view_of (window)));
  iterate ();

  return window;
}

static void
close_window (LalanWindow *window)
{
  LalanLearnContext *context = lalan_learn_view_get_context (learn_view_of (window));

  /* What was recorded reaches the database before the window goes. */
  lalan_test_wait_until (lalan_learn_context_get_n_pending_writes (context) == 0);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static LalanLearnerDialog *
find_learner_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (LALAN_IS_LEARNER_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return LALAN_LEARNER_DIALOG (window);
    }
  return NULL;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
add_learner (LalanLearnView *view,
             const char     *name,
             const char     *pin)
{
  LalanLearnerDialog *dialog;

  lalan_learn_view_add_learner (view);
  lalan_test_wait_until ((dialog = find_learner_dialog ()) != NULL);
  lalan_learner_dialog_set_name (dialog, name);
  if (pin != NULL)
    lalan_learner_dialog_set_pin (dialog, pin);
  lalan_learner_dialog_save (dialog);
  lalan_test_wait_until (find_learner_dialog () == NULL);
  lalan_test_wait_until (g_strcmp0 (lalan_learn_view_get_page (view), "library") == 0);
}

static void
choose_learner (LalanLearnView *view,
                const char     *name)
{
  GtkWidget *picker = child (GTK_WIDGET (view), LALAN_TYPE_LEARN_VIEW, "picker");
  GtkWidget *button;

  lalan_test_wait_until (picker_ready (view));
  iterate ();
  button = find_button (picker, GTK_TYPE_BUTTON, name);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  iterate ();
}

static void
activate_row_with_label (GtkWidget  *list,
                         const char *text)
{
  GtkWidget *label;
  GtkWidget *row;

  lalan_test_wait_until ((label = find_label (list, text)) != NULL);
  row = gtk_widget_get_ancestor (label, GTK_TYPE_LIST_BOX_ROW);
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activate");
  iterate ();
}

static LalanLessonPlayer *
open_lesson (LalanLearnView *view)
{
  GtkWidget *library = child (GTK_WIDGET (view), LALAN_TYPE_LEARN_VIEW, "library_view");
  LalanLessonPlayer *player = LALAN_LESSON_PLAYER (child (GTK_WIDGET (view), LALAN_TYPE_LEARN_VIEW, "player"));

  activate_row_with_label (child (library, LALAN_TYPE_LIBRARY_VIEW, "pack_list"), "Test");
  lalan_test_wait_until (g_strcmp0 (lalan_library_view_get_pack_id (LALAN_LIBRARY_VIEW (library)), PACK_ID) == 0);
  activate_row_with_label (child (library, LALAN_TYPE_LIBRARY_VIEW, "lesson_list"), "Greeting");
  lalan_test_wait_until (g_strcmp0 (lalan_learn_view_get_page (view), "player") == 0);
  lalan_test_wait_until (lalan_lesson_player_get_step_index (player) >= 0);

  return player;
}

static void
press_next (LalanLessonPlayer *player)
{
  int before = lalan_lesson_player_get_step_index (player);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (player), "player.next", NULL));
  iterate ();
  g_assert_true (lalan_lesson_player_get_step_index (player) == before + 1 ||
                 lalan_lesson_player_is_finished (player));
}

static GPtrArray *
stored_events (const char *learner_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *events;

  events = lalan_store_list_learning_events (lalan_application_get_store (app), learner_id,
                                             NULL, NULL, 0, 0, &error);
  g_assert_no_error (error);
  return events;
}

static guint
count_events (GPtrArray  *events,
              const char *kind,
              const char *step_id,
              int         correct)
{
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    {
      const LalanLearningEvent *event = g_ptr_array_index (events, i);

      if (g_str_equal (event->kind, kind) &&
          (step_id == NULL || g_strcmp0 (event->step_id, step_id) == 0) &&
          (correct == -2 || (int) event->correct == correct))
        n++;
    }
  return n;
}

/* Tests */

static void
test_learner_created (void)
{
  LalanWindow *window = open_window ();
  LalanLearnView *view = learn_view_of (window);
  const LalanLearner *learner;
  g_autoptr(GPtrArray) learners = NULL;
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;

  g_assert_cmpstr (lalan_learn_view_get_page (view), ==, "who");
  add_learner (view, "  伊拜 Ipay  ", "2580");

  learner = lalan_learn_context_get_learner (lalan_learn_view_get_context (view));
  g_assert_nonnull (learner);
  g_assert_cmpstr (learner->display_name, ==, "伊拜 Ipay");
  g_assert_nonnull (find_label (child (GTK_WIDGET (view), LALAN_TYPE_LEARN_VIEW, "learner_bar"), "伊拜 Ipay"));

  learners = lalan_store_list_learners (lalan_application_get_store (app), FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < learners->len; i++)
    {
      LalanLearner *stored = g_ptr_array_index (learners, i);

      if (g_str_equal (stored->id, learner->id))
        {
          found = TRUE;
          g_assert_nonnull (stored->pin_hash);
          /* The PIN itself is never stored. */
          g_assert_null (strstr (stored->pin_hash, "2580"));
          g_assert_true (lalan_learner_check_pin (stored, "2580"));
        }
    }
  g_assert_true (found);

  /* Back on "Who is learning?", the new learner has a button. */
  lalan_learn_view_switch_learner (view);
  lalan_test_wait_until (picker_ready (view));
  g_assert_nonnull (find_button (child (GTK_WIDGET (view), LALAN_TYPE_LEARN_VIEW, "picker"),
                                 GTK_TYPE_BUTTON, "伊拜 Ipay"));

  close_window (window);
}

static void
test_pin_asked (void)
{
  LalanWindow *window = open_window ();
  LalanLearnView *view = learn_view_of (window);
  GtkWidget *pin_page = child (GTK_WIDGET (view), LALAN_TYPE_LEARN_VIEW, "pin_page");
  GtkWidget *entry = child (pin_page, LALAN_TYPE_PIN_PAGE, "entry");
  GtkWidget *error_label = child (pin_page, LALAN_TYPE_PIN_PAGE, "error_label");

  add_learner (view, "Pin Owner", "1357");
  lalan_learn_view_switch_learner (view);

  choose_learner (view, "Pin Owner");
  g_assert_cmpstr (lalan_learn_view_get_page (view), ==, "pin");

  gtk_editable_set_text (GTK_EDITABLE (entry), "0000");
  g_signal_emit_by_name (entry, "activate");
  lalan_test_wait_until (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (lalan_learn_view_get_page (view), ==, "pin");
  g_assert_null (lalan_learn_context_get_learner (lalan_learn_view_get_context (view)));

  gtk_editable_set_text (GTK_EDITABLE (entry), "1357");
  g_signal_emit_by_name (entry, "activate");
  lalan_test_wait_until (g_strcmp0 (lalan_learn_view_get_page (view), "library") == 0);
  g_assert_cmpstr (lalan_learn_context_get_learner (lalan_learn_view_get_context (view))->display_name, ==, "Pin Owner");

  /* After a while, "Is this still you?" — and the PIN again. */
  lalan_learn_view_ask_still_here (view);
  g_assert_cmpstr (lalan_learn_view_get_page (view), ==, "still");
  g_assert_nonnull (find_label (GTK_WIDGET (view), "Is This Still You, Pin Owner?"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "learn.still-yes", NULL));
  g_assert_cmpstr (lalan_learn_view_get_page (view), ==, "pin");
  gtk_editable_set_text (GTK_EDITABLE (entry), "1357");
  g_signal_emit_by_name (entry, "activate");
  lalan_test_wait_until (g_strcmp0 (lalan_learn_view_get_page (view), "library") == 0);

  /* Someone else: back to the pictures, nobody's lessons open. */
  lalan_learn_view_ask_still_here (view);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "learn.switch-learner", NULL));
  g_assert_cmpstr (lalan_learn_view_get_page (view), ==, "who");
  g_assert_null (lalan_learn_context_get_learner (lalan_learn_view_get_context (view)));

  close_window (window);
}

static void
test_idle_setting (void)
{
  GSettings *settings = lalan_application_get_settings (app);
  LalanWindow *window = open_window ();
  LalanLearnView *view = learn_view_of (window);

  add_learner (view, "Idle Learner", NULL);
  g_assert_cmpint (g_settings_get_int (settings, "idle-minutes"), ==, 10);

  /* No PIN: "Yes" goes straight back where the learner was. */
  lalan_learn_view_ask_still_here (view);
  g_assert_cmpstr (lalan_learn_view_get_page (view), ==, "still");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "learn.still-yes", NULL));
  g_assert_cmpstr (lalan_learn_view_get_page (view), ==, "library");

  close_window (window);
}

static void
test_lesson_completed (void)
{
  LalanWindow *window = open_window ();
  LalanLearnView *view = learn_view_of (window);
  LalanLessonPlayer *player;
  GtkWidget *step;
  GtkWidget *button;
  g_autoptr(GPtrArray) events = NULL;
  const LalanLearner *learner;
  g_autofree char *learner_id = NULL;

  add_learner (view, "Completer", NULL);
  learner_id = g_strdup (lalan_learn_context_get_learner (lalan_learn_view_get_context (view))->id);

  player = open_lesson (view);
  g_assert_cmpint (lalan_lesson_player_get_step_index (player), ==, 0);

  /* 1. A page from Markdown: heading, emphasis, list, picture. */
  step = lalan_lesson_player_get_step_widget (player);
  g_assert_nonnull (find_label (step, "Hello"));
  g_assert_nonnull (find_label (step, "strong"));
  g_assert_nonnull (find_label (step, "two"));
  press_next (player);

  /* 2. The quiz: a wrong answer, its feedback, then the right one. */
  step = lalan_lesson_player_get_step_widget (player);
  g_assert_true (LALAN_IS_QUIZ_VIEW (step));
  g_assert_false (lalan_quiz_view_get_answered (LALAN_QUIZ_VIEW (step)));
  button = find_button (step, GTK_TYPE_BUTTON, "B");
  g_signal_emit_by_name (button, "clicked");
  iterate ();
  g_assert_true (lalan_quiz_view_get_answered (LALAN_QUIZ_VIEW (step)));
  g_assert_nonnull (find_label (step, "Not quite."));
  g_assert_nonnull (find_label (step, "No."));
  g_assert_true (gtk_widget_has_css_class (button, "lalan-choice-wrong"));

  g_signal_emit_by_name (find_button (step, GTK_TYPE_BUTTON, "Try Again"), "clicked");
  iterate ();
  g_assert_null (find_label (step, "Not quite."));
  button = find_button (step, GTK_TYPE_BUTTON, "A");
  g_signal_emit_by_name (button, "clicked");
  iterate ();
  g_assert_nonnull (find_label (step, "Right!"));
  g_assert_nonnull (find_label (step, "Yes."));
  g_assert_true (gtk_widget_has_css_class (button, "lalan-choice-right"));
  press_next (player);

  /* 3. The SMS: mark the link, leave the time alone, press Done. */
  step = lalan_lesson_player_get_step_widget (player);
  g_assert_true (LALAN_IS_SCENARIO_VIEW (step));
  button = find_button (step, GTK_TYPE_TOGGLE_BUTTON, "bit.ly/x");
  g_assert_nonnull (button);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  g_signal_emit_by_name (find_button (step, GTK_TYPE_BUTTON, "Done"), "clicked");
  iterate ();
  g_assert_nonnull (find_label (step, "You got 2 of 2 right."));
  g_assert_nonnull (find_label (step, "Short links hide where they go."));
  g_assert_nonnull (find_label (step, "The time is normal."));
  press_next (player);

  /* 4. The form: the bank password is wisely left empty. */
  step = lalan_lesson_player_get_step_widget (player);
  g_assert_true (LALAN_IS_SCENARIO_VIEW (step));
  g_assert_nonnull (find_first (step, GTK_TYPE_ENTRY));
  g_signal_emit_by_name (find_button (step, GTK_TYPE_BUTTON, "Done"), "clicked");
  iterate ();
  g_assert_nonnull (find_label (step, "You got 1 of 1 right."));
  g_assert_nonnull (find_label (step, "Never give a bank password."));
  press_next (player);

  /* 5. Practice: tick the task. */
  step = lalan_lesson_player_get_step_widget (player);
  g_assert_true (LALAN_IS_PRACTICE_VIEW (step));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_first (step, GTK_TYPE_CHECK_BUTTON)), TRUE);
  iterate ();
  press_next (player);

  /* The end: completed, every item right, so mastered. */
  g_assert_true (lalan_lesson_player_is_finished (player));
  g_assert_nonnull (find_label (GTK_WIDGET (player), "Lesson Mastered"));
  g_assert_nonnull (find_label (GTK_WIDGET (player), "You answered 4 of 4 questions right."));

  /* The library says so too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (player), "player.close", NULL));
  iterate ();
  g_assert_cmpstr (lalan_learn_view_get_page (view), ==, "library");
  g_assert_nonnull (find_label (child (child (GTK_WIDGET (view), LALAN_TYPE_LEARN_VIEW, "library_view"),
                                       LALAN_TYPE_LIBRARY_VIEW, "lesson_list"),
                                "Mastered"));

  /* And the log has every action, as events. */
  learner = lalan_learn_context_get_learner (lalan_learn_view_get_context (view));
  g_assert_cmpstr (learner->id, ==, learner_id);
  lalan_test_wait_until (lalan_learn_context_get_n_pending_writes (lalan_learn_view_get_context (view)) == 0);
  events = stored_events (learner_id);
  g_assert_cmpuint (count_events (events, LALAN_EVENT_STEP_SEEN, NULL, -2), ==, 5);
  g_assert_cmpuint (count_events (events, LALAN_EVENT_ANSWERED, "q1", LALAN_LEARNING_EVENT_WRONG), ==, 1);
  g_assert_cmpuint (count_events (events, LALAN_EVENT_ANSWERED, "q1", LALAN_LEARNING_EVENT_RIGHT), ==, 1);
  g_assert_cmpuint (count_events (events, LALAN_EVENT_ANSWERED, "sms", LALAN_LEARNING_EVENT_RIGHT), ==, 2);
  g_assert_cmpuint (count_events (events, LALAN_EVENT_ANSWERED, "form", LALAN_LEARNING_EVENT_RIGHT), ==, 1);
  g_assert_cmpuint (count_events (events, LALAN_EVENT_TASK_DONE, "do", -2), ==, 1);

  close_window (window);
}

static void
test_progress_resumed (void)
{
  LalanWindow *window = open_window ();
  LalanLearnView *view = learn_view_of (window);
  LalanLessonPlayer *player;

  add_learner (view, "Resumer", NULL);
  player = open_lesson (view);
  press_next (player);
  press_next (player);
  g_assert_cmpint (lalan_lesson_player_get_step_index (player), ==, 2);

  /* The window goes (Lalan closed); a new one comes. */
  close_window (window);
  window = open_window ();
  view = learn_view_of (window);
  choose_learner (view, "Resumer");
  lalan_test_wait_until (g_strcmp0 (lalan_learn_view_get_page (view), "library") == 0);
  lalan_test_wait_until (lalan_learn_context_get_progress (lalan_learn_view_get_context (view)) != NULL);

  /* The library tells where the learner is, and the lesson opens there. */
  g_assert_nonnull (find_label (child (child (GTK_WIDGET (view), LALAN_TYPE_LEARN_VIEW, "library_view"),
                                       LALAN_TYPE_LIBRARY_VIEW, "continue_list"),
                                "Started: step 3 of 5"));
  player = open_lesson (view);
  g_assert_cmpint (lalan_lesson_player_get_step_index (player), ==, 2);
  g_assert_true (LALAN_IS_SCENARIO_VIEW (lalan_lesson_player_get_step_widget (player)));

  close_window (window);
}

static void
test_guest_kept (void)
{
  LalanWindow *window = open_window ();
  LalanLearnView *view = learn_view_of (window);
  LalanLearnContext *context = lalan_learn_view_get_context (view);
  LalanLearnerDialog *dialog;
  g_autofree char *guest_id = NULL;
  g_autoptr(GPtrArray) events = NULL;
  const LalanLearner *learner;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "learn.guest", NULL));
  lalan_test_wait_until (g_strcmp0 (lalan_learn_view_get_page (view), "library") == 0);
  learner = lalan_learn_context_get_learner (context);
  g_assert_true (learner->is_guest);
  guest_id = g_strdup (learner->id);
  g_assert_true (gtk_widget_get_visible (child (GTK_WIDGET (view), LALAN_TYPE_LEARN_VIEW, "save_guest_button")));

  open_lesson (view);
  lalan_test_wait_until (lalan_learn_context_get_n_pending_writes (context) == 0);

  /* The guest becomes a learner; what they did stays theirs. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "learn.save-guest", NULL));
  lalan_test_wait_until ((dialog = find_learner_dialog ()) != NULL);
  lalan_learner_dialog_set_name (dialog, "Former Guest");
  lalan_learner_dialog_save (dialog);
  lalan_test_wait_until (find_learner_dialog () == NULL);

  learner = lalan_learn_context_get_learner (context);
  g_assert_cmpstr (learner->id, ==, guest_id);
  g_assert_false (learner->is_guest);
  g_assert_cmpstr (learner->display_name, ==, "Former Guest");
  events = stored_events (guest_id);
  g_assert_cmpuint (count_events (events, LALAN_EVENT_STEP_SEEN, "intro", -2), >=, 1);

  close_window (window);
}

static void
test_import_pack (void)
{
  LalanWindow *window = open_window ();
  LalanLearnView *view = learn_view_of (window);
  LalanLearnContext *context = lalan_learn_view_get_context (view);
  LalanPackImporter *importer = lalan_learn_view_get_importer (view);
  g_autofree char *tmp = lalan_test_make_tmp_dir ("import");
  const char *lessons[] = { "first", "second", NULL };
  g_autofree char *good = fixture_write_pack (tmp, "imported.pack", "1.0", lessons);
  g_autofree char *bad_dir = g_build_filename (tmp, "broken", NULL);
  AdwMessageDialog *dialog;

  add_learner (view, "Importer", NULL);

  /* A broken pack: refused, with a sentence naming the file. */
  fixture_write_file (bad_dir, "pack.json", "{ \"id\": ");
  lalan_pack_importer_import (importer, bad_dir);
  lalan_test_wait_until ((dialog = find_message_dialog ()) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "These Lessons Cannot Be Installed");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "pack.json"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();

  /* A good one: what it adds is shown before anything is installed. */
  lalan_pack_importer_import (importer, good);
  lalan_test_wait_until ((dialog = find_message_dialog ()) != NULL);
  g_assert_nonnull (lalan_pack_importer_get_pending (importer));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "Install"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Greeting"));
  g_assert_null (lalan_library_lookup (lalan_learn_context_get_library (context), "imported.pack"));

  lalan_pack_importer_respond (importer, TRUE);
  lalan_test_wait_until (lalan_learn_context_get_library (context) != NULL &&
              lalan_library_lookup (lalan_learn_context_get_library (context), "imported.pack") != NULL);
  iterate ();

  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *lessons_dir = NULL;
  const char *lessons[] = { "greeting", NULL };
  int status;

  lalan_test_init (&argc, &argv);

  /* One small pack with every kind of step (lessons-fixture.c). */
  lessons_dir = lalan_test_make_tmp_dir ("learn-lessons");
  g_free (fixture_write_pack (lessons_dir, PACK_ID, "1.0", lessons));
  g_setenv ("LALAN_LESSONS_DIR", lessons_dir, TRUE);

  gtk_init ();
  adw_init ();

  app = lalan_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/learn/learner-created", test_learner_created);
  g_test_add_func ("/learn/pin-asked", test_pin_asked);
  g_test_add_func ("/learn/idle-setting", test_idle_setting);
  g_test_add_func ("/learn/lesson-completed", test_lesson_completed);
  g_test_add_func ("/learn/progress-resumed", test_progress_resumed);
  g_test_add_func ("/learn/guest-kept", test_guest_kept);
  g_test_add_func ("/learn/import-pack", test_import_pack);

  status = g_test_run ();

  g_clear_object (&app);
  return status;
}
