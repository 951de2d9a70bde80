/* test-measure-view.c — the Connectivity area in a window: a test against
 * lalan-inventory on loopback, its result shown, the handoff to the
 * survey, a report saved, a test stopped, and no server set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "measure-fixture.h"

#include "lalan-application.h"
#include "measure/lalan-measure-chart.h"
#include "measure/lalan-measure-report-dialog.h"
#include "measure/lalan-measure-view.h"
#include "lalan-probe-result.h"
#include "lalan-store.h"
#include "lalan-test.h"
#include "lalan-window.h"

#include <adwaita.h>
#include <curl/curl.h>
#include <math.h>
#include <string.h>

static LalanApplication *app;
static MeasureServer *server;
/* A link of realistic speed: loopback alone runs faster than the 10 Gbit/s
 * a report may hold. */
static MeasureProxy *server_link;

static void
iterate_until_idle (void)
{
  for (guint i = 0; i < 30; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
}

/* Runs the main loop until @done says so, or fails after @seconds. */
static void
iterate_until (gboolean (*done) (gpointer),
               gpointer   data,
               double     seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!done (data) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_true (done (data));
}

static gboolean
store_open (gpointer data)
{
  return lalan_application_get_store (app) != NULL;
}

static gpointer
child (LalanMeasureView *view,
       const char       *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (view), LALAN_TYPE_MEASURE_VIEW, name);

  g_assert_nonnull (object);
  return object;
}

static GtkWidget *
find_child_of_type (GtkWidget *root,
                    GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *widget = gtk_widget_get_first_child (root); widget != NULL;
       widget = gtk_widget_get_next_sibling (widget))
    {
      GtkWidget *found = find_child_of_type (widget, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWindow *
find_toplevel_of_type (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static LalanMeasureView *
open_area (LalanWindow **window_out)
{
  LalanWindow *window = lalan_window_new (app);
  LalanMeasureView *view;

  gtk_window_present (GTK_WINDOW (window));
  iterate_until (store_open, NULL, 10);
  lalan_window_show_area (window, "measure");
  iterate_until_idle ();

  view = LALAN_MEASURE_VIEW (find_child_of_type (GTK_WIDGET (window), LALAN_TYPE_MEASURE_VIEW));
  g_assert_nonnull (view);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (view)));
  /* Short phases: the accuracy is test-probe's business. */
  g_object_set (view, "probe-duration", 1.0, NULL);

  *window_out = window;
  return view;
}

static gboolean
test_finished (gpointer data)
{
  return !lalan_measure_view_get_testing (data) && lalan_measure_view_get_measurement (data) != NULL;
}

static gboolean
chart_filled (gpointer data)
{
  return lalan_measure_chart_get_n_tests (child (data, "chart")) >= 1;
}

static void
set_server (const char *url)
{
  g_settings_set_string (lalan_application_get_settings (app), "measure-server", url);
}

/* ---- a test from start to result ---------------------------------------- */

static void
test_run (void)
{
  LalanWindow *window;
  LalanMeasureView *view = open_area (&window);
  GtkWidget *start = child (view, "start_button");
  const LalanMeasurement *shown;
  g_autoptr(LalanProbeResult) result = NULL;
  const char *download;

  set_server (server_link->url);
  iterate_until_idle ();
  g_assert_nonnull (strstr (gtk_label_get_text (child (view, "server_label")), server_link->url));

  /* The big button starts it; progress replaces the button. */
  g_assert_true (gtk_widget_get_visible (start));
  g_assert_true (gtk_widget_get_sensitive (start));
  g_signal_emit_by_name (start, "clicked");
  g_assert_true (lalan_measure_view_get_testing (view));
  g_assert_true (gtk_widget_get_visible (child (view, "progress_box")));
  g_assert_false (gtk_widget_get_visible (start));

  iterate_until (test_finished, view, 30);

  /* The result, in words and figures. */
  shown = lalan_measure_view_get_measurement (view);
  result = lalan_probe_result_from_measurement (shown);
  g_assert_cmpint (result->outcome, ==, LALAN_PROBE_OUTCOME_COMPLETE);
  g_assert_cmpfloat (shown->download_mbps, >, 0);
  g_assert_nonnull (shown->id);

  g_assert_true (gtk_widget_get_visible (start));
  g_assert_false (gtk_widget_get_visible (child (view, "progress_box")));
  g_assert_true (gtk_widget_get_visible (child (view, "result_box")));
  g_assert_cmpuint (strlen (gtk_label_get_text (child (view, "verdict_label"))), >, 10);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (child (view, "tested_at_label")), "Tested today"));
  g_assert_true (gtk_widget_get_visible (child (view, "activities_group")));
  {
    GtkFlowBoxChild *first = gtk_flow_box_get_child_at_index (child (view, "figures_box"), 0);
    GtkWidget *card = gtk_flow_box_child_get_child (first);

    download = gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (card)));
    g_assert_nonnull (strstr (download, "Mbit/s"));
  }

  /* Kept: in the chart and in the store. */
  iterate_until (chart_filled, view, 5);
  g_assert_true (gtk_widget_get_visible (child (view, "chart")));
  g_assert_false (gtk_widget_get_visible (child (view, "history_empty_label")));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LalanMeasurement) stored = lalan_store_get_measurement (lalan_application_get_store (app), shown->id, &error);

    g_assert_no_error (error);
    g_assert_cmpfloat (stored->download_mbps, ==, shown->download_mbps);
  }

  /* A report can be saved; the survey's action is not there yet. */
  g_assert_true (gtk_widget_get_sensitive (child (view, "report_button")));
  g_assert_false (gtk_widget_get_sensitive (child (view, "survey_button")));

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_until_idle ();
}

/* ---- the handoff to the survey ------------------------------------------ */

static void
on_use_in_survey_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     char         **received)
{
  g_free (*received);
  *received = g_variant_dup_string (parameter, NULL);
}

static void
test_use_in_survey (void)
{
  LalanWindow *window;
  LalanMeasureView *view = open_area (&window);
  g_autoptr(GSimpleAction) action = g_simple_action_new ("use-measurement-in-survey", G_VARIANT_TYPE_STRING);
  g_autofree char *received = NULL;
  GtkWidget *button = child (view, "survey_button");

  /* The area opens on the last test. */
  iterate_until (test_finished, view, 10);

  /* What the Survey area will do: install the action while a record is open. */
  g_signal_connect (action, "activate", G_CALLBACK (on_use_in_survey_cb), &received);
  g_action_map_add_action (G_ACTION_MAP (window), G_ACTION (action));
  iterate_until_idle ();
  g_assert_true (gtk_widget_get_sensitive (button));

  g_signal_emit_by_name (button, "clicked");
  iterate_until_idle ();
  g_assert_cmpstr (received, ==, lalan_measure_view_get_measurement (view)->id);

  /* No record open: the action is disabled, and so is the button. */
  g_simple_action_set_enabled (action, FALSE);
  iterate_until_idle ();
  g_assert_false (gtk_widget_get_sensitive (button));

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_until_idle ();
}

/* ---- a report ------------------------------------------------------------- */

static gboolean
report_saved (gpointer data)
{
  return lalan_store_count_records (lalan_application_get_store (app), 0, "lalan_measurement", NULL, NULL) > 0;
}

static void
test_save_report (void)
{
  GSettings *settings = lalan_application_get_settings (app);
  LalanWindow *window;
  LalanMeasureView *view = open_area (&window);
  LalanMeasureReportDialog *dialog;
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanMeasurement) linked = NULL;

  iterate_until (test_finished, view, 10);

  /* 秀林鄉, 秀林村: the village is proposed from last time. */
  g_settings_set_string (settings, "district", "10015110");
  g_settings_set_string (settings, "measure-village", "10015110003");

  g_signal_emit_by_name (child (view, "report_button"), "clicked");
  iterate_until_idle ();
  dialog = LALAN_MEASURE_REPORT_DIALOG (find_toplevel_of_type (LALAN_TYPE_MEASURE_REPORT_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (lalan_measure_report_dialog_get_village_code (dialog), ==, "10015110003");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));

  /* No village, nothing to save. */
  lalan_measure_report_dialog_select_village (dialog, NULL);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  lalan_measure_report_dialog_select_village (dialog, "10015110003");

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  iterate_until (report_saved, NULL, 10);

  linked = lalan_store_get_measurement (lalan_application_get_store (app),
                                        lalan_measure_view_get_measurement (view)->id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (linked->record_instance_id);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_until_idle ();
}

/* ---- stopping and no server ------------------------------------------------ */

static gboolean
downloading (gpointer data)
{
  LalanMeasureView *view = data;

  return g_str_has_prefix (gtk_label_get_text (child (view, "phase_label")), "Measuring download");
}

static gboolean
stopped (gpointer data)
{
  return !lalan_measure_view_get_testing (data);
}

static void
test_stop (void)
{
  g_autoptr(MeasureProxy) proxy = measure_proxy_start (server->port, "--rate-kbit=1000", "--shared-link", NULL);
  LalanWindow *window;
  LalanMeasureView *view = open_area (&window);
  gint64 clicked;

  set_server (proxy->url);
  g_object_set (view, "probe-duration", 30.0, NULL);
  g_signal_emit_by_name (child (view, "start_button"), "clicked");
  iterate_until (downloading, view, 15);

  clicked = g_get_monotonic_time ();
  g_signal_emit_by_name (child (view, "cancel_button"), "clicked");
  iterate_until (stopped, view, 1.0);
  g_test_message ("stopped %.3f s after the click", (g_get_monotonic_time () - clicked) / 1e6);

  g_assert_true (gtk_widget_get_visible (child (view, "start_button")));
  g_assert_false (gtk_widget_get_visible (child (view, "progress_box")));

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_until_idle ();
}

static void
test_no_server (void)
{
  LalanWindow *window;
  LalanMeasureView *view = open_area (&window);
  GtkWindow *dialog;

  set_server ("");
  g_signal_emit_by_name (child (view, "start_button"), "clicked");
  iterate_until (stopped, view, 5);
  iterate_until_idle ();

  /* Says what is missing, and offers Preferences. */
  dialog = find_toplevel_of_type (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "No Test Server");
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "preferences"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");
  iterate_until_idle ();

  g_assert_true (gtk_widget_get_visible (child (view, "start_button")));

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_until_idle ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  lalan_test_init (&argc, &argv);
  g_setenv ("LANGUAGE", "en", TRUE);
  gtk_init ();
  adw_init ();
  curl_global_init (CURL_GLOBAL_DEFAULT);

  server = measure_server_start ();
  server_link = measure_proxy_start (server->port, "--rate-kbit=20000", "--shared-link", NULL);

  app = lalan_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/measure-view/run", test_run);
  g_test_add_func ("/measure-view/use-in-survey", test_use_in_survey);
  g_test_add_func ("/measure-view/save-report", test_save_report);
  g_test_add_func ("/measure-view/stop", test_stop);
  g_test_add_func ("/measure-view/no-server", test_no_server);

  status = g_test_run ();

  g_clear_object (&app);
  g_clear_pointer (&server_link, measure_proxy_free);
  g_clear_pointer (&server, measure_server_free);
  curl_global_cleanup ();

  return status;
}
