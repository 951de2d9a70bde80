/* lalan-practice-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-practice-view.h"

#include "lalan-learning-log.h"
#include "lalan-text.h"

#include <glib/gi18n.h>

/* Things to do on a real phone, ticked by the learner or the teacher
 * beside them. A tick is an event; the log is append-only, so a ticked
 * task stays ticked (shown done, no longer a control). */

struct _LalanPracticeView
{
  GtkWidget              parent_instance;

  /* borrowed; owned by the lesson */
  const LalanLessonStep *step;

  /* owned */
  LalanLearnContext     *context;
  LalanLesson           *lesson;

  /* children */
  GtkWidget             *box;
};

G_DEFINE_FINAL_TYPE (LalanPracticeView, lalan_practice_view, GTK_TYPE_WIDGET)

static const char *
localized (LalanPracticeView *self,
           GHashTable        *texts)
{
  return lalan_text_lookup_localized (texts, lalan_learn_context_get_language (self->context), NULL);
}

static void
on_task_toggled_cb (GtkCheckButton    *check,
                    LalanPracticeView *self)
{
  const char *task = g_object_get_data (G_OBJECT (check), "task");

  if (!gtk_check_button_get_active (check) || g_object_get_data (G_OBJECT (check), "done"))
    return;

  g_object_set_data (G_OBJECT (check), "done", GINT_TO_POINTER (TRUE));
  lalan_learn_context_record (self->context, self->lesson, LALAN_EVENT_TASK_DONE,
                              self->step->id, task, "done", LALAN_LEARNING_EVENT_NOT_SCORED);
}

static gboolean
task_is_done (LalanPracticeView *self,
              const char        *task_id)
{
  LalanProgress *progress = lalan_learn_context_get_progress (self->context);
  const LalanLearner *learner = lalan_learn_context_get_learner (self->context);

  return progress != NULL && learner != NULL &&
         lalan_progress_task_is_done (progress, learner->id, self->lesson, self->step->id, task_id);
}

static void
build (LalanPracticeView *self)
{
  const char *prompt = localized (self, self->step->prompt);
  GtkWidget *list = gtk_list_box_new ();

  if (prompt != NULL)
    {
      GtkWidget *label = gtk_label_new (prompt);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_widget_add_css_class (label, "lalan-question");
      gtk_box_append (GTK_BOX (self->box), label);
    }

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Things to do"),
                                  -1);

  for (guint i = 0; i < self->step->tasks->len; i++)
    {
      const LalanPracticeTask *task = g_ptr_array_index (self->step->tasks, i);
      const char *text = localized (self, task->text);
      GtkWidget *check = gtk_check_button_new ();
      GtkWidget *label = gtk_label_new (text);
      gboolean done = task_is_done (self, task->id);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_add_css_class (label, "lalan-page-text");
      gtk_check_button_set_child (GTK_CHECK_BUTTON (check), label);
      gtk_widget_add_css_class (check, "lalan-task");
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                      -1);
      g_object_set_data_full (G_OBJECT (check), "task", g_strdup (task->id), g_free);

      if (done)
        {
          g_object_set_data (G_OBJECT (check), "done", GINT_TO_POINTER (TRUE));
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
        }
      g_signal_connect (check, "toggled", G_CALLBACK (on_task_toggled_cb), self);

      gtk_list_box_append (GTK_LIST_BOX (list), check);
      gtk_list_box_row_set_activatable (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i), FALSE);
      gtk_widget_set_focusable (GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i)), FALSE);
    }

  gtk_box_append (GTK_BOX (self->box), list);
}

static void
lalan_practice_view_dispose (GObject *object)
{
  LalanPracticeView *self = (LalanPracticeView *) object;

  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (lalan_practice_view_parent_class)->dispose (object);
}

static void
lalan_practice_view_finalize (GObject *object)
{
  LalanPracticeView *self = (LalanPracticeView *) object;

  g_clear_object (&self->context);
  g_clear_pointer (&self->lesson, lalan_lesson_unref);

  G_OBJECT_CLASS (lalan_practice_view_parent_class)->finalize (object);
}

static void
lalan_practice_view_class_init (LalanPracticeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lalan_practice_view_dispose;
  object_class->finalize = lalan_practice_view_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "lalan-practice");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
lalan_practice_view_init (LalanPracticeView *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}

/**
 * lalan_practice_view_new:
 * @context: the learner's context, where ticks are recorded
 * @lesson: the lesson
 * @step: a practice step of @lesson
 *
 * Returns: (transfer floating): the checklist
 */
GtkWidget *
lalan_practice_view_new (LalanLearnContext     *context,
                         LalanLesson           *lesson,
                         const LalanLessonStep *step)
{
  LalanPracticeView *self;

  g_return_val_if_fail (LALAN_IS_LEARN_CONTEXT (context), NULL);
  g_return_val_if_fail (step != NULL && step->type == LALAN_STEP_PRACTICE, NULL);

  self = g_object_new (LALAN_TYPE_PRACTICE_VIEW, NULL);
  self->context = g_object_ref (context);
  self->lesson = lalan_lesson_ref (lesson);
  self->step = step;
  build (self);

  return GTK_WIDGET (self);
}
