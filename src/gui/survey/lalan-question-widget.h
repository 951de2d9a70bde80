/* lalan-question-widget.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lalan-form-control.h"

G_BEGIN_DECLS

#define LALAN_TYPE_QUESTION_WIDGET (lalan_question_widget_get_type ())

G_DECLARE_FINAL_TYPE (LalanQuestionWidget, lalan_question_widget, LALAN, QUESTION_WIDGET, GtkWidget)

GtkWidget        *lalan_question_widget_new               (LalanFormControl    *control,
                                                           gboolean             read_only);
LalanFormControl *lalan_question_widget_get_control       (LalanQuestionWidget *self);
GtkWidget        *lalan_question_widget_get_input         (LalanQuestionWidget *self);
gboolean          lalan_question_widget_grab_input_focus  (LalanQuestionWidget *self);
gboolean          lalan_question_widget_takes_input       (LalanQuestionWidget *self);
void              lalan_question_widget_set_show_problems (LalanQuestionWidget *self,
                                                           gboolean             show);
const char       *lalan_question_widget_get_message       (LalanQuestionWidget *self);

G_END_DECLS
