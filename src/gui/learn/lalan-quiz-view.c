/* lalan-quiz-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-quiz-view.h"

#include "lalan-learning-log.h"
#include "lalan-lesson-picture.h"
#include "lalan-text.h"

#include "lalan-focus.h"

#include <glib/gi18n.h>

/* One question. With one right answer, pressing a choice answers at once;
 * with several, the learner picks and presses Check. Feedback comes at
 * once, for each choice picked, since knowing *why* is what teaches. The
 * choices then rest until Try Again, so each attempt is a deliberate one
 * (mastery counts the last attempt of each question). */

struct _LalanQuizView
{
  GtkWidget              parent_instance;

  /* borrowed; the lesson owns the step and is kept alive by the ref */
  const LalanLessonStep *step;

  /* owned */
  LalanLearnContext     *context;
  LalanLesson           *lesson;
  GPtrArray             *choice_buttons;   /* GtkButton or GtkToggleButton, as choices */
  GCancellable          *cancellable;

  /* children */
  GtkWidget             *box;
  GtkWidget             *check_button;
  GtkWidget             *feedback_box;
  GtkWidget             *retry_button;

  gboolean               answered;
};

G_DEFINE_FINAL_TYPE (LalanQuizView, lalan_quiz_view, GTK_TYPE_WIDGET)

enum {
  ANSWERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
localized (LalanQuizView *self,
           GHashTable    *texts)
{
  return lalan_text_lookup_localized (texts, lalan_learn_context_get_language (self->context), NULL);
}

static GtkWidget *
make_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
add_feedback_line (LalanQuizView *self,
                   gboolean       right,
                   const char    *choice_text,
                   const char    *feedback)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (right ? "emblem-ok-symbolic" : "window-close-symbolic");
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  g_autofree char *quoted = NULL;

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, right ? "success" : "error");
  gtk_image_set_icon_size (GTK_IMAGE (icon), GTK_ICON_SIZE_LARGE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  right ? _("Right") : _("Not right"),
                                  -1);

  /* Translators: the choice a feedback sentence is about, in quotes */
  quoted = g_strdup_printf (_("“%s”"), choice_text);
  gtk_box_append (GTK_BOX (texts), make_label (quoted, "lalan-feedback-choice"));
  if (feedback != NULL)
    gtk_box_append (GTK_BOX (texts), make_label (feedback, "lalan-page-text"));

  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), texts);
  gtk_box_append (GTK_BOX (self->feedback_box), row);
}

static void
clear_feedback (LalanQuizView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->feedback_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->feedback_box), child);
  gtk_widget_remove_css_class (self->feedback_box, "success");
  gtk_widget_remove_css_class (self->feedback_box, "error");
  gtk_widget_set_visible (self->feedback_box, FALSE);
}

static void
grade (LalanQuizView *self,
       GPtrArray     *chosen)
{
  const LalanLessonItem *item = g_ptr_array_index (self->step->items, 0);
  g_autofree char *answer = NULL;
  g_autofree char *summary = NULL;
  GString *spoken = g_string_new (NULL);
  GtkWidget *title;
  gboolean right;
  const char *why;

  g_ptr_array_add (chosen, NULL);
  right = lalan_lesson_grade_quiz (self->step, (const char * const *) chosen->pdata);
  answer = lalan_lesson_quiz_answer ((const char * const *) chosen->pdata);
  g_ptr_array_remove_index (chosen, chosen->len - 1);

  lalan_learn_context_record (self->context, self->lesson, LALAN_EVENT_ANSWERED,
                              self->step->id, item->id, answer,
                              right ? LALAN_LEARNING_EVENT_RIGHT : LALAN_LEARNING_EVENT_WRONG);

  clear_feedback (self);
  title = make_label (right ? _("Right!") : _("Not quite."), "lalan-feedback-title");
  gtk_box_append (GTK_BOX (self->feedback_box), title);
  g_string_append (spoken, gtk_label_get_text (GTK_LABEL (title)));
  gtk_widget_add_css_class (self->feedback_box, right ? "success" : "error");

  for (guint i = 0; i < self->step->choices->len; i++)
    {
      const LalanQuizChoice *choice = g_ptr_array_index (self->step->choices, i);
      GtkWidget *button = g_ptr_array_index (self->choice_buttons, i);
      gboolean picked = FALSE;

      for (guint c = 0; c < chosen->len && !picked; c++)
        picked = g_str_equal (g_ptr_array_index (chosen, c), choice->id);

      gtk_widget_set_sensitive (button, FALSE);

      if (picked)
        {
          const char *feedback = localized (self, choice->feedback);

          gtk_widget_add_css_class (button, choice->correct ? "lalan-choice-right" : "lalan-choice-wrong");
          add_feedback_line (self, choice->correct, localized (self, choice->text), feedback);
          if (feedback != NULL)
            g_string_append_printf (spoken, " %s", feedback);
        }
      else if (choice->correct && self->step->multiple)
        {
          g_autofree char *missed = NULL;

          gtk_widget_add_css_class (button, "lalan-choice-missed");
          /* Translators: said of a right choice the learner did not pick */
          missed = g_strdup_printf (_("This one is right too: “%s”"), localized (self, choice->text));
          gtk_box_append (GTK_BOX (self->feedback_box), make_label (missed, "lalan-page-text"));
          g_string_append_printf (spoken, " %s", missed);
        }
    }

  why = localized (self, item->why);
  if (why != NULL)
    {
      gtk_box_append (GTK_BOX (self->feedback_box), make_label (why, "lalan-page-text"));
      g_string_append_printf (spoken, " %s", why);
    }

  gtk_widget_set_visible (self->feedback_box, TRUE);
  gtk_widget_set_visible (self->retry_button, TRUE);
  if (self->check_button != NULL)
    gtk_widget_set_sensitive (self->check_button, FALSE);

  /* The feedback is the description of the button that now has the
   * focus, so a screen reader says it as soon as the answer is given. */
  summary = g_string_free (spoken, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->retry_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary,
                                  -1);
  gtk_widget_grab_focus (self->retry_button);

  self->answered = TRUE;
  g_object_set_data (G_OBJECT (self), "feedback", self->feedback_box);
  g_signal_emit (self, signals[ANSWERED], 0, right);
}

static void
on_choice_clicked_cb (GtkButton     *button,
                      LalanQuizView *self)
{
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  guint index;

  if (!g_ptr_array_find (self->choice_buttons, button, &index))
    return;

  g_ptr_array_add (chosen, ((LalanQuizChoice *) g_ptr_array_index (self->step->choices, index))->id);
  grade (self, chosen);
}

static void
on_check_clicked_cb (LalanQuizView *self)
{
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();

  for (guint i = 0; i < self->choice_buttons->len; i++)
    {
      if (gtk_toggle_button_get_active (g_ptr_array_index (self->choice_buttons, i)))
        g_ptr_array_add (chosen, ((LalanQuizChoice *) g_ptr_array_index (self->step->choices, i))->id);
    }

  grade (self, chosen);
}

static void
on_retry_clicked_cb (LalanQuizView *self)
{
  clear_feedback (self);
  gtk_widget_set_visible (self->retry_button, FALSE);

  for (guint i = 0; i < self->choice_buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->choice_buttons, i);

      gtk_widget_set_sensitive (button, TRUE);
      gtk_widget_remove_css_class (button, "lalan-choice-right");
      gtk_widget_remove_css_class (button, "lalan-choice-wrong");
      gtk_widget_remove_css_class (button, "lalan-choice-missed");
      if (GTK_IS_TOGGLE_BUTTON (button))
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), FALSE);
    }
  if (self->check_button != NULL)
    gtk_widget_set_sensitive (self->check_button, TRUE);

  gtk_widget_grab_focus (g_ptr_array_index (self->choice_buttons, 0));
}

static GtkWidget *
make_choice_button (LalanQuizView         *self,
                    const LalanQuizChoice *choice,
                    guint                  index)
{
  GtkWidget *button;
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  const char *text = localized (self, choice->text);
  g_autofree char *letter = g_strdup_printf ("%c", 'A' + (int) MIN (index, 25));
  GtkWidget *badge = gtk_label_new (letter);
  GtkWidget *label = make_label (text, "lalan-choice-text");

  gtk_widget_add_css_class (badge, "lalan-choice-letter");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (content), badge);
  gtk_box_append (GTK_BOX (content), label);

  if (choice->picture != NULL)
    {
      GtkWidget *picture = lalan_lesson_picture_new (choice->picture, NULL, 160, self->cancellable);

      gtk_widget_set_size_request (picture, 120, -1);
      gtk_box_append (GTK_BOX (content), picture);
    }

  if (self->step->multiple)
    {
      button = gtk_toggle_button_new ();
    }
  else
    {
      button = gtk_button_new ();
      g_signal_connect (button, "clicked", G_CALLBACK (on_choice_clicked_cb), self);
    }

  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_add_css_class (button, "lalan-choice");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
  return button;
}

static void
build (LalanQuizView *self)
{
  GtkWidget *question;
  GtkWidget *choices;

  question = make_label (localized (self, self->step->question), "lalan-question");
  gtk_box_append (GTK_BOX (self->box), question);

  if (self->step->picture != NULL)
    gtk_box_append (GTK_BOX (self->box),
                    lalan_lesson_picture_new (self->step->picture, NULL, 480, self->cancellable));

  if (self->step->multiple)
    gtk_box_append (GTK_BOX (self->box),
                    make_label (_("More than one answer may be right. Choose every right one, then press Check."),
                                "dim-label"));

  choices = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (choices),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, localized (self, self->step->question),
                                  -1);
  for (guint i = 0; i < self->step->choices->len; i++)
    {
      GtkWidget *button = make_choice_button (self, g_ptr_array_index (self->step->choices, i), i);

      g_ptr_array_add (self->choice_buttons, button);
      gtk_box_append (GTK_BOX (choices), button);
    }
  gtk_box_append (GTK_BOX (self->box), choices);

  if (self->step->multiple)
    {
      self->check_button = lalan_button_new_with_mnemonic (_("_Check"));
      gtk_widget_set_halign (self->check_button, GTK_ALIGN_START);
      gtk_widget_add_css_class (self->check_button, "suggested-action");
      gtk_widget_add_css_class (self->check_button, "pill");
      g_signal_connect_swapped (self->check_button, "clicked", G_CALLBACK (on_check_clicked_cb), self);
      gtk_box_append (GTK_BOX (self->box), self->check_button);
    }

  self->feedback_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_add_css_class (self->feedback_box, "lalan-feedback");
  gtk_widget_set_visible (self->feedback_box, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->feedback_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Feedback"),
                                  -1);
  gtk_box_append (GTK_BOX (self->box), self->feedback_box);

  self->retry_button = lalan_button_new_with_mnemonic (_("_Try Again"));
  gtk_widget_set_halign (self->retry_button, GTK_ALIGN_START);
  gtk_widget_add_css_class (self->retry_button, "pill");
  gtk_widget_set_visible (self->retry_button, FALSE);
  g_signal_connect_swapped (self->retry_button, "clicked", G_CALLBACK (on_retry_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->box), self->retry_button);
}

static void
lalan_quiz_view_dispose (GObject *object)
{
  LalanQuizView *self = (LalanQuizView *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (lalan_quiz_view_parent_class)->dispose (object);
}

static void
lalan_quiz_view_finalize (GObject *object)
{
  LalanQuizView *self = (LalanQuizView *) object;

  g_clear_object (&self->context);
  g_clear_pointer (&self->lesson, lalan_lesson_unref);
  g_clear_pointer (&self->choice_buttons, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lalan_quiz_view_parent_class)->finalize (object);
}

static void
lalan_quiz_view_class_init (LalanQuizViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lalan_quiz_view_dispose;
  object_class->finalize = lalan_quiz_view_finalize;

  /**
   * LalanQuizView::answered:
   * @right: whether the answer was right
   *
   * The learner answered; feedback is shown.
   */
  signals[ANSWERED] =
    g_signal_new ("answered",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "lalan-quiz");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
lalan_quiz_view_init (LalanQuizView *self)
{
  self->choice_buttons = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}

/**
 * lalan_quiz_view_new:
 * @context: the learner's context, where answers are recorded
 * @lesson: the lesson
 * @step: a quiz step of @lesson
 *
 * Returns: (transfer floating): the question, ready to answer
 */
GtkWidget *
lalan_quiz_view_new (LalanLearnContext     *context,
                     LalanLesson           *lesson,
                     const LalanLessonStep *step)
{
  LalanQuizView *self;

  g_return_val_if_fail (LALAN_IS_LEARN_CONTEXT (context), NULL);
  g_return_val_if_fail (step != NULL && step->type == LALAN_STEP_QUIZ, NULL);
  g_return_val_if_fail (step->items->len == 1, NULL);

  self = g_object_new (LALAN_TYPE_QUIZ_VIEW, NULL);
  self->context = g_object_ref (context);
  self->lesson = lalan_lesson_ref (lesson);
  self->step = step;
  build (self);

  return GTK_WIDGET (self);
}

/**
 * lalan_quiz_view_get_answered:
 *
 * Returns: whether the learner has answered since the question was shown
 */
gboolean
lalan_quiz_view_get_answered (LalanQuizView *self)
{
  g_return_val_if_fail (LALAN_IS_QUIZ_VIEW (self), FALSE);

  return self->answered;
}
