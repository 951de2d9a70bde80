/* lalan-measure-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-measure-view.h"

struct _LalanMeasureView
{
  GtkWidget  parent_instance;

  /* template children */
  GtkWidget *status_page;
};

G_DEFINE_FINAL_TYPE (LalanMeasureView, lalan_measure_view, GTK_TYPE_WIDGET)

static void
lalan_measure_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LALAN_TYPE_MEASURE_VIEW);

  G_OBJECT_CLASS (lalan_measure_view_parent_class)->dispose (object);
}

static void
lalan_measure_view_class_init (LalanMeasureViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lalan_measure_view_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/tw/lalan/Lalan/ui/lalan-measure-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LalanMeasureView, status_page);
}

static void
lalan_measure_view_init (LalanMeasureView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
