/* lalan-survey-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-survey-view.h"

struct _LalanSurveyView
{
  GtkWidget  parent_instance;

  /* template children */
  GtkWidget *status_page;
};

G_DEFINE_FINAL_TYPE (LalanSurveyView, lalan_survey_view, GTK_TYPE_WIDGET)

static void
lalan_survey_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LALAN_TYPE_SURVEY_VIEW);

  G_OBJECT_CLASS (lalan_survey_view_parent_class)->dispose (object);
}

static void
lalan_survey_view_class_init (LalanSurveyViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lalan_survey_view_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/tw/lalan/Lalan/ui/lalan-survey-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LalanSurveyView, status_page);
}

static void
lalan_survey_view_init (LalanSurveyView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
