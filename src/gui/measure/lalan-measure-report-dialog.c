/* lalan-measure-report-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-measure-report-dialog.h"

#include "lalan-measure-report.h"
#include "lalan-places.h"

#include <glib/gi18n.h>

/* Asks where a test was made before it is saved as a report: the village
 * (among those of the computer's district) and the kind of place. Both
 * start from what was chosen last time, so a centre that tests every day
 * only presses Save. */

struct _LalanMeasureReportDialog
{
  AdwMessageDialog  parent_instance;

  /* template children */
  AdwComboRow      *village_row;
  AdwComboRow      *place_row;

  /* owned: village codes in the order of village_row, after "Choose" */
  GPtrArray        *village_codes;
};

G_DEFINE_FINAL_TYPE (LalanMeasureReportDialog, lalan_measure_report_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* The order of place_row's items. */
static const char *place_types[] = {
  LALAN_MEASURE_PLACE_HOME,
  LALAN_MEASURE_PLACE_MEETING_PLACE,
  LALAN_MEASURE_PLACE_SCHOOL,
  LALAN_MEASURE_PLACE_LEARNING_CENTRE,
  LALAN_MEASURE_PLACE_OUTDOORS,
};

static void
on_village_selected_cb (LalanMeasureReportDialog *self)
{
  /* Position 0 is "Choose the village": nothing to save yet. */
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save",
                                           adw_combo_row_get_selected (self->village_row) > 0);
}

static void
populate_villages (LalanMeasureReportDialog *self,
                   const char               *town_code)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  const LalanVillage *villages;
  guint n;

  gtk_string_list_append (model, _("Choose the village"));
  villages = lalan_places_get_villages (&n);
  for (guint i = 0; i < n; i++)
    {
      if (g_strcmp0 (villages[i].town_code, town_code) != 0)
        continue;

      gtk_string_list_append (model, villages[i].village_name);
      g_ptr_array_add (self->village_codes, (gpointer) villages[i].village_code);
    }

  adw_combo_row_set_model (self->village_row, G_LIST_MODEL (model));
}

static void
lalan_measure_report_dialog_finalize (GObject *object)
{
  LalanMeasureReportDialog *self = LALAN_MEASURE_REPORT_DIALOG (object);

  g_clear_pointer (&self->village_codes, g_ptr_array_unref);

  G_OBJECT_CLASS (lalan_measure_report_dialog_parent_class)->finalize (object);
}

static void
lalan_measure_report_dialog_class_init (LalanMeasureReportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lalan_measure_report_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/tw/lalan/Lalan/ui/lalan-measure-report-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LalanMeasureReportDialog, village_row);
  gtk_widget_class_bind_template_child (widget_class, LalanMeasureReportDialog, place_row);
  gtk_widget_class_bind_template_callback (widget_class, on_village_selected_cb);
}

static void
lalan_measure_report_dialog_init (LalanMeasureReportDialog *self)
{
  self->village_codes = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * lalan_measure_report_dialog_new:
 * @parent: the window it belongs to
 * @town_code: the computer's district (8 digits)
 * @village_code: (nullable): the village chosen last time
 * @place_type: (nullable): the kind of place chosen last time
 *
 * Returns: (transfer full): the dialog, answering "save" or "cancel"
 */
GtkWidget *
lalan_measure_report_dialog_new (GtkWindow  *parent,
                                 const char *town_code,
                                 const char *village_code,
                                 const char *place_type)
{
  LalanMeasureReportDialog *self;

  self = g_object_new (LALAN_TYPE_MEASURE_REPORT_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);

  populate_villages (self, town_code);
  lalan_measure_report_dialog_select_village (self, village_code);

  adw_combo_row_set_selected (self->place_row, 3);
  for (guint i = 0; place_type != NULL && i < G_N_ELEMENTS (place_types); i++)
    {
      if (g_str_equal (place_types[i], place_type))
        adw_combo_row_set_selected (self->place_row, i);
    }

  return GTK_WIDGET (self);
}

/**
 * lalan_measure_report_dialog_select_village:
 * @self: a dialog
 * @village_code: (nullable): a village of the district, or %NULL for none
 */
void
lalan_measure_report_dialog_select_village (LalanMeasureReportDialog *self,
                                            const char               *village_code)
{
  guint selected = 0;

  g_return_if_fail (LALAN_IS_MEASURE_REPORT_DIALOG (self));

  for (guint i = 0; village_code != NULL && i < self->village_codes->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (self->village_codes, i), village_code))
        selected = i + 1;
    }

  adw_combo_row_set_selected (self->village_row, selected);
  on_village_selected_cb (self);
}

/**
 * lalan_measure_report_dialog_get_village_code:
 * @self: a dialog
 *
 * Returns: (nullable): the village chosen, or %NULL
 */
const char *
lalan_measure_report_dialog_get_village_code (LalanMeasureReportDialog *self)
{
  guint selected;

  g_return_val_if_fail (LALAN_IS_MEASURE_REPORT_DIALOG (self), NULL);

  selected = adw_combo_row_get_selected (self->village_row);
  if (selected == 0 || selected > self->village_codes->len)
    return NULL;

  return g_ptr_array_index (self->village_codes, selected - 1);
}

/**
 * lalan_measure_report_dialog_get_place_type:
 * @self: a dialog
 *
 * Returns: the kind of place chosen (a value of the form's place_type)
 */
const char *
lalan_measure_report_dialog_get_place_type (LalanMeasureReportDialog *self)
{
  guint selected;

  g_return_val_if_fail (LALAN_IS_MEASURE_REPORT_DIALOG (self), NULL);

  selected = adw_combo_row_get_selected (self->place_row);
  return place_types[MIN (selected, G_N_ELEMENTS (place_types) - 1)];
}
