/* lalan-measure-view-result.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-measure-view-private.h"

#include "lalan-probe-result.h"

#include <glib/gi18n.h>
#include <math.h>

/* The result part of the Connectivity area: the verdict in one sentence,
 * the figures as cards, the details in a line, and a row per activity
 * saying whether it works. Built once; filled for each test shown. */

static const char *figure_captions[N_FIGURES] = {
  N_("Download"),
  N_("Upload"),
  N_("Delay"),
  N_("Delay while busy"),
  N_("Jitter"),
  N_("Data used"),
};

static GtkWidget *
make_figure_card (LalanMeasureView *self,
                  Figure            figure)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *value = gtk_label_new ("—");
  GtkWidget *caption = gtk_label_new (_(figure_captions[figure]));

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "lalan-figure");
  gtk_widget_add_css_class (value, "title-2");
  gtk_widget_add_css_class (value, "numeric");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
  gtk_label_set_justify (GTK_LABEL (caption), GTK_JUSTIFY_CENTER);
  gtk_box_append (GTK_BOX (card), value);
  gtk_box_append (GTK_BOX (card), caption);

  /* Read as one: "Download, 12.3 Mbit/s". */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, caption, NULL,
                                  -1);
  self->figure_values[figure] = GTK_LABEL (value);

  return card;
}

/**
 * lalan_measure_view_build_result:
 * @self: the view
 *
 * Adds the figure cards and the activity rows to the template's boxes.
 */
void
lalan_measure_view_build_result (LalanMeasureView *self)
{
  for (Figure figure = 0; figure < N_FIGURES; figure++)
    {
      GtkWidget *card = make_figure_card (self, figure);

      gtk_flow_box_append (self->figures_box, card);
      /* Figures to read, not to pick: no stop for the Tab key. */
      gtk_widget_set_focusable (gtk_widget_get_parent (card), FALSE);
    }

  for (LalanActivity activity = 0; activity < LALAN_N_ACTIVITIES; activity++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *level = gtk_label_new (NULL);
      GtkWidget *icon = gtk_image_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), lalan_activity_get_name (activity));
      gtk_widget_add_css_class (level, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), level);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (self->activities_group, row);

      self->activity_levels[activity] = GTK_LABEL (level);
      self->activity_icons[activity] = GTK_IMAGE (icon);
    }
}

/**
 * lalan_measure_format_rate:
 * @mbps: a rate, or NAN
 *
 * Returns: (transfer full): "12 Mbit/s", "3.4 Mbit/s", "0.45 Mbit/s", or a
 *   dash when not measured
 */
char *
lalan_measure_format_rate (double mbps)
{
  if (!isfinite (mbps))
    return g_strdup ("—");

  /* Translators: a rate; keep the number's format */
  if (mbps < 1)
    return g_strdup_printf (_("%.2f Mbit/s"), mbps);
  if (mbps < 10)
    return g_strdup_printf (_("%.1f Mbit/s"), mbps);
  return g_strdup_printf (_("%.0f Mbit/s"), mbps);
}

/**
 * lalan_measure_format_delay:
 * @ms: a delay, or NAN
 *
 * Returns: (transfer full): "45 ms", or a dash when not measured
 */
char *
lalan_measure_format_delay (double ms)
{
  if (!isfinite (ms))
    return g_strdup ("—");
  if (ms < 1)
    return g_strdup (_("under 1 ms"));

  /* Translators: milliseconds; keep the number's format */
  return g_strdup_printf (_("%.0f ms"), ms);
}

static char *
format_tested_at (gint64 taken_at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (taken_at / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (utc == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (utc);
  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    /* Translators: strftime format, when the test shown was made today */
    /* xgettext:no-c-format */
    return g_date_time_format (local, _("Tested today at %H:%M"));

  /* Translators: strftime format, when the test shown was made another day */
  /* xgettext:no-c-format */
  return g_date_time_format (local, _("Tested on %Y-%m-%d at %H:%M"));
}

static const char *
describe_network_type (const char *type)
{
  if (g_strcmp0 (type, "wired") == 0)
    return _("Wired network");
  if (g_strcmp0 (type, "wifi") == 0)
    return _("Wi-Fi");
  if (g_strcmp0 (type, "mobile") == 0)
    return _("Mobile network");
  return _("Network of unknown kind");
}

static char *
describe_details (const LalanProbeResult *result)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dns = lalan_measure_format_delay (result->dns_ms);

  g_ptr_array_add (parts, g_strdup (describe_network_type (result->network_type)));
  g_ptr_array_add (parts, g_strdup (result->metered ? _("metered") : _("not metered")));
  if (isfinite (result->dns_ms))
    /* Translators: %s is a delay such as "12 ms" */
    g_ptr_array_add (parts, g_strdup_printf (_("name lookup %s"), dns));
  if (result->captive_portal)
    g_ptr_array_add (parts, g_strdup (_("a sign-in page was in the way")));
  if (result->server_url != NULL)
    /* Translators: %s is the test server's address */
    g_ptr_array_add (parts, g_strdup_printf (_("server %s"), result->server_url));
  g_ptr_array_add (parts, NULL);

  /* Translators: the separator between details, such as "Wi-Fi · not metered" */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

static void
show_activities (LalanMeasureView       *self,
                 const LalanProbeResult *result)
{
  for (LalanActivity activity = 0; activity < LALAN_N_ACTIVITIES; activity++)
    {
      LalanVerdictLevel level = lalan_verdict_for_activity (activity, result->download_mbps, result->upload_mbps,
                                                            result->latency_ms, result->jitter_ms);
      const char *icon = "dialog-question-symbolic";

      switch (level)
        {
        case LALAN_VERDICT_ENOUGH:
          icon = "emblem-ok-symbolic";
          break;
        case LALAN_VERDICT_STRUGGLES:
          icon = "dialog-warning-symbolic";
          break;
        case LALAN_VERDICT_NOT_ENOUGH:
          icon = "window-close-symbolic";
          break;
        case LALAN_VERDICT_UNKNOWN:
        default:
          break;
        }

      gtk_label_set_text (self->activity_levels[activity], lalan_verdict_level_describe (level));
      gtk_image_set_from_icon_name (self->activity_icons[activity], icon);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->activity_icons[activity]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, lalan_verdict_level_describe (level),
                                      -1);
    }
}

/**
 * lalan_measure_view_show_result:
 * @self: the view
 * @measurement: (nullable): a test from the store, or %NULL to show none
 *
 * Shows a test: the one just made, or the last one when the area opens.
 */
void
lalan_measure_view_show_result (LalanMeasureView       *self,
                                const LalanMeasurement *measurement)
{
  g_autoptr(LalanProbeResult) result = NULL;
  g_autofree char *tested_at = NULL;
  g_autofree char *details = NULL;
  g_autofree char *data = NULL;
  gboolean complete;

  if (measurement != self->measurement)
    {
      g_clear_pointer (&self->measurement, lalan_measurement_free);
      if (measurement != NULL)
        self->measurement = lalan_measurement_copy (measurement);
    }

  gtk_widget_set_visible (self->result_box, measurement != NULL);
  if (measurement == NULL)
    return;

  result = lalan_probe_result_from_measurement (measurement);
  complete = result->outcome == LALAN_PROBE_OUTCOME_COMPLETE;

  tested_at = format_tested_at (measurement->taken_at);
  gtk_label_set_text (self->tested_at_label, tested_at);

  if (complete)
    {
      int best = lalan_verdict_best_activity (result->download_mbps, result->upload_mbps,
                                              result->latency_ms, result->jitter_ms);

      gtk_label_set_text (self->verdict_label, lalan_verdict_headline (best));
      gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), "error");
    }
  else
    {
      gtk_label_set_text (self->verdict_label,
                          result->message != NULL ? result->message : _("This test could not measure the connection."));
      gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), "error");
    }

  {
    g_autofree char *download = lalan_measure_format_rate (result->download_mbps);
    g_autofree char *upload = lalan_measure_format_rate (result->upload_mbps);
    g_autofree char *latency = lalan_measure_format_delay (result->latency_ms);
    g_autofree char *loaded = lalan_measure_format_delay (fmax (result->download_loaded_latency_ms,
                                                                 result->upload_loaded_latency_ms));
    g_autofree char *jitter = lalan_measure_format_delay (result->jitter_ms);

    data = g_format_size (result->bytes_used);
    gtk_label_set_text (self->figure_values[FIGURE_DOWNLOAD], download);
    gtk_label_set_text (self->figure_values[FIGURE_UPLOAD], upload);
    gtk_label_set_text (self->figure_values[FIGURE_LATENCY], latency);
    gtk_label_set_text (self->figure_values[FIGURE_LOADED_LATENCY], loaded);
    gtk_label_set_text (self->figure_values[FIGURE_JITTER], jitter);
    gtk_label_set_text (self->figure_values[FIGURE_DATA], data);
  }

  details = describe_details (result);
  gtk_label_set_text (self->details_label, details);

  gtk_widget_set_visible (GTK_WIDGET (self->activities_group), complete);
  show_activities (self, result);

  /* Only a complete test goes into a survey or a report. The survey
   * button's sensitivity is its action's: enabled while the Survey area
   * has a record open. */
  gtk_widget_set_visible (self->actions_box, complete && measurement->id != NULL);
  gtk_widget_set_sensitive (self->report_button, complete && self->store != NULL);
  if (complete && measurement->id != NULL)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (self->survey_button), "s", measurement->id);
}
