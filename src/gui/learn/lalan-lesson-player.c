/* lalan-lesson-player.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-lesson-player.h"

#include "lalan-learning-log.h"
#include "lalan-markdown.h"
#include "lalan-markdown-view.h"
#include "lalan-practice-view.h"
#include "lalan-quiz-view.h"
#include "lalan-scenario-view.h"
#include "lalan-text.h"

#include <glib/gi18n.h>

/* Plays a lesson step by step: pages, questions, simulations, practice.
 * Every step shown is a "step-seen" event; the step views record answers
 * and ticks themselves. A lesson opens where the learner left it, and
 * from the start once completed.
 *
 * The page files are read and parsed on a worker thread when the lesson
 * opens, so moving between steps only builds widgets. */

struct _LalanLessonPlayer
{
  GtkWidget          parent_instance;

  /* template children */
  GtkWidget         *main_box;
  GtkLabel          *lesson_title_label;
  GtkLabel          *step_label;
  GtkToggleButton   *narration_button;
  GtkProgressBar    *progress_bar;
  GtkStack          *content_stack;
  GtkScrolledWindow *scroller;
  GtkBox            *step_box;
  GtkLabel          *step_title_label;
  AdwStatusPage     *finished_page;
  GtkWidget         *finished_back_button;
  GtkWidget         *bottom_bar;
  GtkWidget         *previous_button;
  GtkWidget         *next_button;
  GtkLabel          *next_label;

  /* owned */
  LalanLearnContext *context;
  LalanLesson       *lesson;
  GHashTable        *pages;          /* step id → GPtrArray of LalanMdBlock */
  GHashTable        *page_errors;    /* step id → sentence */
  GtkMediaStream    *narration;
  GCancellable      *cancellable;

  /* borrowed: a child of step_box */
  GtkWidget         *step_widget;

  int                step_index;
  int                start_step;
};

G_DEFINE_FINAL_TYPE (LalanLessonPlayer, lalan_lesson_player, GTK_TYPE_WIDGET)

enum {
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
localized (LalanLessonPlayer *self,
           GHashTable        *texts)
{
  return lalan_text_lookup_localized (texts, lalan_learn_context_get_language (self->context), NULL);
}

static void
stop_narration (LalanLessonPlayer *self)
{
  if (self->narration != NULL)
    gtk_media_stream_pause (self->narration);
  g_clear_object (&self->narration);
  gtk_toggle_button_set_active (self->narration_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->narration_button), FALSE);
}

static void
on_narration_ended_cb (LalanLessonPlayer *self)
{
  if (self->narration != NULL && gtk_media_stream_get_ended (self->narration))
    gtk_toggle_button_set_active (self->narration_button, FALSE);
}

static void
on_narration_error_cb (LalanLessonPlayer *self)
{
  const GError *error;

  if (self->narration == NULL || (error = gtk_media_stream_get_error (self->narration)) == NULL)
    return;

  /* No media backend, or a recording it cannot play: the page is there
   * to read; the button goes away rather than fail each time. */
  g_debug ("Narration cannot be played: %s", error->message);
  stop_narration (self);
}

static void
on_narration_toggled_cb (LalanLessonPlayer *self)
{
  if (self->narration == NULL)
    return;

  if (gtk_toggle_button_get_active (self->narration_button))
    {
      if (gtk_media_stream_get_ended (self->narration))
        gtk_media_stream_seek (self->narration, 0);
      gtk_media_stream_play (self->narration);
    }
  else
    {
      gtk_media_stream_pause (self->narration);
    }
}

static void
setup_narration (LalanLessonPlayer     *self,
                 const LalanLessonStep *step)
{
  const char *path = lalan_lesson_get_narration (self->lesson, step,
                                                 lalan_learn_context_get_language (self->context));

  stop_narration (self);
  if (path == NULL)
    return;

  self->narration = gtk_media_file_new_for_filename (path);
  if (gtk_media_stream_get_error (self->narration) != NULL)
    {
      g_debug ("Narration cannot be played: %s", gtk_media_stream_get_error (self->narration)->message);
      g_clear_object (&self->narration);
      return;
    }

  g_signal_connect_object (self->narration, "notify::ended",
                           G_CALLBACK (on_narration_ended_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->narration, "notify::error",
                           G_CALLBACK (on_narration_error_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self->narration_button), TRUE);
}

static const char *
default_step_title (const LalanLessonStep *step)
{
  switch (step->type)
    {
    case LALAN_STEP_PAGE:
      return NULL;
    case LALAN_STEP_QUIZ:
      return _("Question");
    case LALAN_STEP_SCENARIO:
      return _("Try It Safely");
    case LALAN_STEP_PRACTICE:
      return _("Practise on Your Phone");
    default:
      g_return_val_if_reached (NULL);
    }
}

static GtkWidget *
make_page (LalanLessonPlayer     *self,
           const LalanLessonStep *step)
{
  GPtrArray *blocks = g_hash_table_lookup (self->pages, step->id);
  GtkWidget *page;

  if (blocks == NULL)
    {
      const char *problem = g_hash_table_lookup (self->page_errors, step->id);
      GtkWidget *label = gtk_label_new (problem != NULL ? problem : _("This page could not be read."));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "error");
      return label;
    }

  page = lalan_markdown_view_new ();
  lalan_markdown_view_set_blocks (LALAN_MARKDOWN_VIEW (page), blocks);
  return page;
}

static void
update_controls (LalanLessonPlayer *self)
{
  guint n = lalan_lesson_get_n_steps (self->lesson);
  gboolean last = self->step_index == (int) n - 1;
  g_autofree char *counter = NULL;

  /* Translators: where the learner is in a lesson, e.g. "Step 3 of 8" */
  counter = g_strdup_printf (_("Step %d of %u"), self->step_index + 1, n);
  gtk_label_set_text (self->step_label, counter);
  gtk_progress_bar_set_fraction (self->progress_bar, (double) (self->step_index + 1) / n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, counter,
                                  -1);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "player.previous", self->step_index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "player.next", TRUE);

  /* The label is the button's mnemonic label: its accessible name too. */
  gtk_label_set_text_with_mnemonic (self->next_label, last ? _("_Finish") : _("_Next"));
}

/* Scrolls so that the feedback just shown, and the focused button under
 * it, are in sight; after the next layout, when they have a place. */
static gboolean
scroll_to_focus_cb (GtkWidget     *widget,
                    GdkFrameClock *frame_clock,
                    gpointer       user_data)
{
  LalanLessonPlayer *self = LALAN_LESSON_PLAYER (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  GtkWidget *content = gtk_scrolled_window_get_child (self->scroller);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GtkWidget *feedback = self->step_widget ? g_object_get_data (G_OBJECT (self->step_widget), "feedback") : NULL;
  graphene_rect_t focus_bounds, feedback_bounds;
  double page, value, top, bottom;

  /* The first tick comes before the layout that places the feedback. */
  if (g_object_get_data (G_OBJECT (self), "scroll-waited") == NULL)
    {
      g_object_set_data (G_OBJECT (self), "scroll-waited", GINT_TO_POINTER (TRUE));
      return G_SOURCE_CONTINUE;
    }
  g_object_set_data (G_OBJECT (self), "scroll-waited", NULL);

  if (focus == NULL || content == NULL || !gtk_widget_is_ancestor (focus, content) ||
      !gtk_widget_compute_bounds (focus, content, &focus_bounds))
    return G_SOURCE_REMOVE;

  top = focus_bounds.origin.y;
  bottom = focus_bounds.origin.y + focus_bounds.size.height;
  if (feedback != NULL && gtk_widget_get_visible (feedback) &&
      gtk_widget_compute_bounds (feedback, content, &feedback_bounds))
    top = MIN (top, feedback_bounds.origin.y);

  page = gtk_adjustment_get_page_size (adjustment);
  value = gtk_adjustment_get_value (adjustment);
  /* Show from the top of the feedback to the button; if both do not fit,
   * the top of the feedback first: it is what is read. */
  if (bottom - top + 24 <= page)
    value = CLAMP (value, bottom + 24 - page, top - 12);
  else
    value = top - 12;
  gtk_adjustment_set_value (adjustment, value);

  return G_SOURCE_REMOVE;
}

static void
on_step_answered_cb (LalanLessonPlayer *self)
{
  gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_focus_cb, NULL, NULL);
}

static void
show_step (LalanLessonPlayer *self,
           int                index)
{
  const LalanLessonStep *step;
  const char *title;
  GtkWidget *widget = NULL;

  g_assert (index >= 0 && index < (int) lalan_lesson_get_n_steps (self->lesson));

  step = lalan_lesson_get_step (self->lesson, index);
  self->step_index = index;

  if (self->step_widget != NULL)
    gtk_box_remove (self->step_box, self->step_widget);
  self->step_widget = NULL;

  title = localized (self, step->title);
  if (title == NULL)
    title = default_step_title (step);
  gtk_label_set_text (self->step_title_label, title != NULL ? title : "");
  gtk_widget_set_visible (GTK_WIDGET (self->step_title_label), title != NULL);

  switch (step->type)
    {
    case LALAN_STEP_PAGE:
      widget = make_page (self, step);
      break;
    case LALAN_STEP_QUIZ:
      widget = lalan_quiz_view_new (self->context, self->lesson, step);
      break;
    case LALAN_STEP_SCENARIO:
      widget = lalan_scenario_view_new (self->context, self->lesson, step);
      break;
    case LALAN_STEP_PRACTICE:
      widget = lalan_practice_view_new (self->context, self->lesson, step);
      break;
    default:
      g_assert_not_reached ();
    }

  self->step_widget = widget;
  gtk_box_append (self->step_box, widget);
  if (step->type == LALAN_STEP_QUIZ || step->type == LALAN_STEP_SCENARIO)
    g_signal_connect_object (widget, "answered", G_CALLBACK (on_step_answered_cb), self, G_CONNECT_SWAPPED);
  setup_narration (self, step);
  update_controls (self);

  gtk_stack_set_visible_child_name (self->content_stack, "step");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);

  lalan_learn_context_record (self->context, self->lesson, LALAN_EVENT_STEP_SEEN,
                              step->id, NULL, NULL, LALAN_LEARNING_EVENT_NOT_SCORED);

  /* A page is read, then Next; elsewhere the learner starts with the
   * first control of the step. */
  if (step->type == LALAN_STEP_PAGE || !gtk_widget_child_focus (widget, GTK_DIR_TAB_FORWARD))
    gtk_widget_grab_focus (self->next_button);
}

static void
show_finished (LalanLessonPlayer *self)
{
  LalanLessonProgress progress;
  g_autofree char *description = NULL;

  stop_narration (self);
  lalan_learn_context_get_lesson_progress (self->context, self->lesson, &progress);

  if (progress.n_items == 0)
    description = g_strdup (progress.completed ? _("You have seen every step of this lesson.")
                                               : _("Some steps were skipped. Go through them to complete the lesson."));
  else if (progress.mastered)
    description = g_strdup_printf (ngettext ("You answered %u of %u question right. You have mastered this lesson!",
                                             "You answered %u of %u questions right. You have mastered this lesson!",
                                             progress.n_items),
                                   progress.n_items_right, progress.n_items);
  else if (progress.completed)
    description = g_strdup_printf (ngettext ("You answered %u of %u question right. Answer %d%% right to master the lesson: try the questions again when you are ready.",
                                             "You answered %u of %u questions right. Answer %d%% right to master the lesson: try the questions again when you are ready.",
                                             progress.n_items),
                                   progress.n_items_right, progress.n_items,
                                   (int) (LALAN_MASTERY_DEFAULT_THRESHOLD * 100 + 0.5));
  else
    description = g_strdup (_("Some steps were skipped. Go through them to complete the lesson."));

  adw_status_page_set_title (self->finished_page,
                             progress.mastered ? _("Lesson Mastered") :
                             progress.completed ? _("Lesson Completed") : _("End of the Lesson"));
  adw_status_page_set_icon_name (self->finished_page,
                                 progress.mastered ? "starred-symbolic" : "emblem-ok-symbolic");
  adw_status_page_set_description (self->finished_page, description);

  gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
  gtk_label_set_text (self->step_label, adw_status_page_get_title (self->finished_page));
  gtk_widget_set_visible (self->bottom_bar, FALSE);
  gtk_stack_set_visible_child_name (self->content_stack, "finished");
  gtk_widget_grab_focus (self->finished_back_button);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LalanLessonPlayer *self = LALAN_LESSON_PLAYER (widget);

  if (self->lesson != NULL && self->step_index > 0)
    show_step (self, self->step_index - 1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LalanLessonPlayer *self = LALAN_LESSON_PLAYER (widget);

  if (self->lesson == NULL)
    return;

  if (self->step_index + 1 < (int) lalan_lesson_get_n_steps (self->lesson))
    show_step (self, self->step_index + 1);
  else
    show_finished (self);
}

static void
restart_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LalanLessonPlayer *self = LALAN_LESSON_PLAYER (widget);

  if (self->lesson == NULL)
    return;

  gtk_widget_set_visible (self->bottom_bar, TRUE);
  show_step (self, 0);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LalanLessonPlayer *self = LALAN_LESSON_PLAYER (widget);

  stop_narration (self);
  g_signal_emit (self, signals[CLOSED], 0);
}

/* Reading the pages */

typedef struct
{
  GHashTable *pages;
  GHashTable *errors;
} ReadPages;

static void
read_pages_free (ReadPages *read)
{
  g_clear_pointer (&read->pages, g_hash_table_unref);
  g_clear_pointer (&read->errors, g_hash_table_unref);
  g_free (read);
}

static void
read_pages_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  LalanLesson *lesson = task_data;
  const char *language = g_object_get_data (G_OBJECT (task), "language");
  ReadPages *read = g_new0 (ReadPages, 1);

  read->pages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  read->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < lalan_lesson_get_n_steps (lesson); i++)
    {
      const LalanLessonStep *step = lalan_lesson_get_step (lesson, i);
      g_autoptr(GError) error = NULL;
      GPtrArray *blocks;

      if (step->type != LALAN_STEP_PAGE)
        continue;

      blocks = lalan_lesson_get_page_blocks (lesson, step, language, NULL, &error);
      if (blocks != NULL)
        g_hash_table_insert (read->pages, g_strdup (step->id), blocks);
      else
        g_hash_table_insert (read->errors, g_strdup (step->id), g_strdup (error->message));
    }

  g_task_return_pointer (task, read, (GDestroyNotify) read_pages_free);
}

static void
read_pages_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  LalanLessonPlayer *self = LALAN_LESSON_PLAYER (object);
  LalanLesson *lesson = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  ReadPages *read;

  read = g_task_propagate_pointer (G_TASK (result), &error);
  if (read == NULL || lesson != self->lesson)
    {
      g_clear_pointer (&read, read_pages_free);
      return;
    }

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->page_errors, g_hash_table_unref);
  self->pages = g_steal_pointer (&read->pages);
  self->page_errors = g_steal_pointer (&read->errors);
  read_pages_free (read);

  show_step (self, self->start_step);
}

static void
lalan_lesson_player_dispose (GObject *object)
{
  LalanLessonPlayer *self = (LalanLessonPlayer *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->narration != NULL)
    gtk_media_stream_pause (self->narration);
  g_clear_object (&self->narration);
  self->step_widget = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (object), LALAN_TYPE_LESSON_PLAYER);

  G_OBJECT_CLASS (lalan_lesson_player_parent_class)->dispose (object);
}

static void
lalan_lesson_player_finalize (GObject *object)
{
  LalanLessonPlayer *self = (LalanLessonPlayer *) object;

  g_clear_object (&self->context);
  g_clear_pointer (&self->lesson, lalan_lesson_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->page_errors, g_hash_table_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lalan_lesson_player_parent_class)->finalize (object);
}

static void
lalan_lesson_player_class_init (LalanLessonPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lalan_lesson_player_dispose;
  object_class->finalize = lalan_lesson_player_finalize;

  /**
   * LalanLessonPlayer::closed:
   *
   * The learner asked to go back to the list of lessons.
   */
  signals[CLOSED] =
    g_signal_new ("closed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/tw/lalan/Lalan/ui/lalan-lesson-player.ui");
  gtk_widget_class_bind_template_child (widget_class, LalanLessonPlayer, main_box);
  gtk_widget_class_bind_template_child (widget_class, LalanLessonPlayer, lesson_title_label);
  gtk_widget_class_bind_template_child (widget_class, LalanLessonPlayer, step_label);
  gtk_widget_class_bind_template_child (widget_class, LalanLessonPlayer, narration_button);
  gtk_widget_class_bind_template_child (widget_class, LalanLessonPlayer, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LalanLessonPlayer, content_stack);
  gtk_widget_class_bind_template_child (widget_class, LalanLessonPlayer, scroller);
  gtk_widget_class_bind_template_child (widget_class, LalanLessonPlayer, step_box);
  gtk_widget_class_bind_template_child (widget_class, LalanLessonPlayer, step_title_label);
  gtk_widget_class_bind_template_child (widget_class, LalanLessonPlayer, finished_page);
  gtk_widget_class_bind_template_child (widget_class, LalanLessonPlayer, finished_back_button);
  gtk_widget_class_bind_template_child (widget_class, LalanLessonPlayer, bottom_bar);
  gtk_widget_class_bind_template_child (widget_class, LalanLessonPlayer, previous_button);
  gtk_widget_class_bind_template_child (widget_class, LalanLessonPlayer, next_button);
  gtk_widget_class_bind_template_child (widget_class, LalanLessonPlayer, next_label);
  gtk_widget_class_bind_template_callback (widget_class, on_narration_toggled_cb);

  gtk_widget_class_install_action (widget_class, "player.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "player.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "player.restart", NULL, restart_action);
  gtk_widget_class_install_action (widget_class, "player.close", NULL, close_action);

  /* Page Down and Page Up scroll; Alt+arrows move between steps, as
   * Back and Forward do in a browser. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "player.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "player.previous", NULL);
}

static void
lalan_lesson_player_init (LalanLessonPlayer *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->step_index = -1;
}

/**
 * lalan_lesson_player_new:
 *
 * Returns: (transfer floating): a player with no lesson
 */
GtkWidget *
lalan_lesson_player_new (void)
{
  return g_object_new (LALAN_TYPE_LESSON_PLAYER, NULL);
}

/**
 * lalan_lesson_player_set_context:
 * @context: the learner's context
 */
void
lalan_lesson_player_set_context (LalanLessonPlayer *self,
                                 LalanLearnContext *context)
{
  g_return_if_fail (LALAN_IS_LESSON_PLAYER (self));

  g_set_object (&self->context, context);
}

/**
 * lalan_lesson_player_open:
 * @lesson: the lesson to play
 * @start_step: the step to start at, or -1 to resume where the learner
 *   left it (from the start once completed)
 *
 * Reads the lesson's pages in the background, then shows the step.
 */
void
lalan_lesson_player_open (LalanLessonPlayer *self,
                          LalanLesson       *lesson,
                          int                start_step)
{
  g_autoptr(GTask) task = NULL;
  LalanLessonProgress progress;

  g_return_if_fail (LALAN_IS_LESSON_PLAYER (self));
  g_return_if_fail (self->context != NULL);
  g_return_if_fail (lesson != NULL);

  stop_narration (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->lesson != lesson)
    {
      g_clear_pointer (&self->lesson, lalan_lesson_unref);
      self->lesson = lalan_lesson_ref (lesson);
    }
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->page_errors, g_hash_table_unref);
  if (self->step_widget != NULL)
    gtk_box_remove (self->step_box, self->step_widget);
  self->step_widget = NULL;
  self->step_index = -1;

  if (start_step < 0)
    {
      lalan_learn_context_get_lesson_progress (self->context, lesson, &progress);
      start_step = progress.started && !progress.completed ? MAX (progress.resume_step, 0) : 0;
    }
  self->start_step = MIN (start_step, (int) lalan_lesson_get_n_steps (lesson) - 1);

  gtk_label_set_text (self->lesson_title_label,
                      lalan_lesson_get_title (lesson, lalan_learn_context_get_language (self->context)));
  gtk_label_set_text (self->step_label, "");
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_widget_set_visible (self->bottom_bar, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "player.previous", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "player.next", FALSE);
  gtk_stack_set_visible_child_name (self->content_stack, "loading");

  task = g_task_new (self, self->cancellable, read_pages_cb, NULL);
  g_task_set_source_tag (task, lalan_lesson_player_open);
  g_task_set_task_data (task, lalan_lesson_ref (lesson), (GDestroyNotify) lalan_lesson_unref);
  g_object_set_data_full (G_OBJECT (task), "language",
                          g_strdup (lalan_learn_context_get_language (self->context)), g_free);
  g_task_run_in_thread (task, read_pages_thread);
}

/**
 * lalan_lesson_player_get_lesson:
 *
 * Returns: (transfer none) (nullable): the lesson being played
 */
LalanLesson *
lalan_lesson_player_get_lesson (LalanLessonPlayer *self)
{
  g_return_val_if_fail (LALAN_IS_LESSON_PLAYER (self), NULL);

  return self->lesson;
}

/**
 * lalan_lesson_player_get_step_index:
 *
 * Returns: the step shown, or -1 while the lesson opens
 */
int
lalan_lesson_player_get_step_index (LalanLessonPlayer *self)
{
  g_return_val_if_fail (LALAN_IS_LESSON_PLAYER (self), -1);

  return self->step_index;
}

/**
 * lalan_lesson_player_get_step_widget:
 *
 * Returns: (transfer none) (nullable): the widget of the step shown
 */
GtkWidget *
lalan_lesson_player_get_step_widget (LalanLessonPlayer *self)
{
  g_return_val_if_fail (LALAN_IS_LESSON_PLAYER (self), NULL);

  return self->step_widget;
}

/**
 * lalan_lesson_player_is_finished:
 *
 * Returns: whether the end-of-lesson summary is shown
 */
gboolean
lalan_lesson_player_is_finished (LalanLessonPlayer *self)
{
  g_return_val_if_fail (LALAN_IS_LESSON_PLAYER (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "finished") == 0;
}
