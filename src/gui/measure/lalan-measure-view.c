/* lalan-measure-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-measure-view-private.h"

#include "lalan-measure-report.h"
#include "lalan-measure-report-dialog.h"
#include "lalan-measure-server.h"
#include "lalan-places.h"
#include "lalan-window.h"

#include <glib/gi18n.h>
#include <math.h>

/* The Connectivity area. A test runs on the probe's own thread; every
 * store call goes through lalan_store_run_async(), so the window never
 * waits. The area follows the application's store (opened off the UI
 * thread): the history, reports and scheduled tests start once it is
 * there. */

#define HISTORY_LENGTH LALAN_MEASURE_CHART_MAX_TESTS

G_DEFINE_FINAL_TYPE (LalanMeasureView, lalan_measure_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PROBE_DURATION,
  PROP_TESTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_history (LalanMeasureView *self);

/* ---- small things --------------------------------------------------------- */

static void
toast (LalanMeasureView *self,
       const char       *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (LALAN_IS_WINDOW (root))
    lalan_window_add_toast (LALAN_WINDOW (root), text);
}

static void
on_open_preferences_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        LalanMeasureView *self)
{
  if (g_str_equal (response, "preferences") && self->application != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (self->application), "preferences", NULL);
}

/* A problem a person can fix in Preferences: say so, and offer to go. */
static void
explain_with_preferences (LalanMeasureView *self,
                          const char       *heading,
                          const char       *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "close", _("_Close"),
                                    "preferences", _("_Open Preferences"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "preferences", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "preferences");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_open_preferences_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_server_label (LalanMeasureView *self)
{
  g_autofree char *server = self->settings ? g_settings_get_string (self->settings, LALAN_MEASURE_SERVER_SETTING) : NULL;
  g_autofree char *text = NULL;

  if (server != NULL && *server != '\0')
    /* Translators: %s is a server's address */
    text = g_strdup_printf (_("Test server: %s"), server);
  else
    text = g_strdup (_("Tests run against the inventory server set in Preferences."));

  gtk_label_set_text (self->server_label, text);
}

static void
update_schedule_label (LalanMeasureView *self)
{
  g_autofree char *text = NULL;
  g_autofree char *error = NULL;
  gint64 next_at;

  if (self->scheduler == NULL || !lalan_measure_scheduler_get_enabled (self->scheduler))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->schedule_label), FALSE);
      gtk_widget_set_sensitive (self->start_button, TRUE);
      return;
    }

  next_at = lalan_measure_scheduler_get_next_at (self->scheduler);
  g_object_get (self->scheduler, "last-error", &error, NULL);

  if (lalan_measure_scheduler_get_running (self->scheduler))
    text = g_strdup (_("A scheduled test is running now."));
  else if (next_at > 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (next_at / G_USEC_PER_SEC);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);
      /* Translators: strftime format for the time of the next scheduled test */
      /* xgettext:no-c-format */
      g_autofree char *when = g_date_time_format (local, _("%H:%M on %m/%d"));

      /* Translators: %s is a time such as "15:40 on 11/28" */
      text = g_strdup_printf (_("Scheduled tests are on: the next one is due around %s."), when);
    }
  else
    text = g_strdup (_("Scheduled tests are on."));

  if (error != NULL)
    {
      g_autofree char *with_error = g_strconcat (text, " ", error, NULL);

      g_free (text);
      text = g_steal_pointer (&with_error);
    }

  gtk_label_set_text (self->schedule_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->schedule_label), TRUE);
  /* One test at a time on one link. */
  gtk_widget_set_sensitive (self->start_button, !lalan_measure_scheduler_get_running (self->scheduler));
}

static void
set_testing (LalanMeasureView *self,
             gboolean          testing)
{
  gtk_widget_set_visible (self->progress_box, testing);
  gtk_widget_set_visible (self->start_button, !testing);
  if (testing)
    {
      gtk_widget_set_visible (self->result_box, FALSE);
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_label_set_text (self->phase_label, _("Reaching the test server…"));
      gtk_label_set_text (self->live_label, "");
      gtk_widget_grab_focus (self->cancel_button);
    }
  else
    gtk_widget_grab_focus (self->start_button);

  if (self->scheduler != NULL)
    g_object_set (self->scheduler, "held", testing, NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TESTING]);
}

/* ---- a test ------------------------------------------------------------------ */

static const char *
describe_phase (LalanProbePhase phase)
{
  switch (phase)
    {
    case LALAN_PROBE_PHASE_CONTACT:
      return _("Reaching the test server…");
    case LALAN_PROBE_PHASE_LATENCY:
      return _("Measuring how long an answer takes…");
    case LALAN_PROBE_PHASE_DOWNLOAD:
      return _("Measuring download…");
    case LALAN_PROBE_PHASE_UPLOAD:
      return _("Measuring upload…");
    case LALAN_PROBE_PHASE_DONE:
      return _("Finishing…");
    case LALAN_PROBE_PHASE_IDLE:
    default:
      return "";
    }
}

static void
on_progressed_cb (LalanMeasureView         *self,
                  const LalanProbeProgress *progress,
                  LalanProbe               *probe)
{
  g_autofree char *live = NULL;

  gtk_label_set_text (self->phase_label, describe_phase (progress->phase));
  gtk_progress_bar_set_fraction (self->progress_bar, progress->fraction);

  if (isfinite (progress->mbps))
    live = lalan_measure_format_rate (progress->mbps);
  else if (progress->phase == LALAN_PROBE_PHASE_LATENCY && isfinite (progress->latency_ms))
    live = lalan_measure_format_delay (progress->latency_ms);

  gtk_label_set_text (self->live_label, live != NULL ? live : "");
}

static gpointer
add_measurement_in_worker (LalanStore    *store,
                           gpointer       data,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(LalanMeasurement) measurement = lalan_probe_result_to_measurement (data);
  g_autofree char *id = lalan_store_add_measurement (store, measurement, error);

  if (id == NULL)
    return NULL;

  return lalan_store_get_measurement (store, id, error);
}

static void
measurement_added_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(LalanMeasureView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanMeasurement) measurement = lalan_store_run_finish (LALAN_STORE (source), result, &error);

  if (measurement == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      if (measurement == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  lalan_measure_view_show_result (self, measurement);
  load_history (self);
}

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LalanMeasureView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanProbeResult) probe_result = lalan_probe_run_finish (LALAN_PROBE (source), result, &error);

  g_clear_object (&self->probe);
  g_clear_object (&self->test_cancellable);

  /* The view went away meanwhile. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  set_testing (self, FALSE);

  if (probe_result == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, _("The test was stopped."));
      else
        toast (self, error->message);
      lalan_measure_view_show_result (self, self->measurement);
      return;
    }

  if (self->store == NULL)
    {
      /* Shown, but not kept: the database is not open. */
      g_autoptr(LalanMeasurement) measurement = lalan_probe_result_to_measurement (probe_result);

      lalan_measure_view_show_result (self, measurement);
      return;
    }

  lalan_store_run_async (self->store, add_measurement_in_worker,
                         lalan_probe_result_copy (probe_result), (GDestroyNotify) lalan_probe_result_free,
                         (GDestroyNotify) lalan_measurement_free,
                         self->cancellable, measurement_added_cb, g_object_ref (self));
}

static void
run_probe (LalanMeasureView *self,
           const char       *url)
{
  self->probe = lalan_probe_new (url);
  lalan_probe_set_duration (self->probe, self->probe_duration);
  g_signal_connect_object (self->probe, "progressed", G_CALLBACK (on_progressed_cb), self, G_CONNECT_SWAPPED);
  lalan_probe_run_async (self->probe, self->test_cancellable, probe_done_cb, g_object_ref (self));
}

static gpointer
find_server_in_worker (LalanStore    *store,
                       gpointer       data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  return lalan_measure_find_server (store, data, error);
}

static void
no_server (LalanMeasureView *self,
           const GError     *error)
{
  set_testing (self, FALSE);
  g_clear_object (&self->test_cancellable);
  lalan_measure_view_show_result (self, self->measurement);

  if (g_error_matches (error, LALAN_PROBE_ERROR, LALAN_PROBE_ERROR_NO_SERVER) ||
      g_error_matches (error, LALAN_PROBE_ERROR, LALAN_PROBE_ERROR_INVALID_URL))
    explain_with_preferences (self, _("No Test Server"), error->message);
  else
    toast (self, error->message);
}

static void
server_found_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LalanMeasureView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = lalan_store_run_finish (LALAN_STORE (source), result, &error);

  if (url == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        no_server (self, error);
      return;
    }

  run_probe (self, url);
}

/**
 * lalan_measure_view_start_test:
 * @self: the view
 *
 * What "Test My Connection" does: finds the test server (the one set in
 * Preferences, else the inventory server) and runs a test, showing its
 * progress; the result is kept in the history.
 */
void
lalan_measure_view_start_test (LalanMeasureView *self)
{
  g_autofree char *preferred = NULL;

  g_return_if_fail (LALAN_IS_MEASURE_VIEW (self));

  if (self->test_cancellable != NULL)
    return;

  preferred = self->settings != NULL ? g_settings_get_string (self->settings, LALAN_MEASURE_SERVER_SETTING) : g_strdup ("");
  self->test_cancellable = g_cancellable_new ();
  set_testing (self, TRUE);

  if (self->store != NULL)
    lalan_store_run_async (self->store, find_server_in_worker, g_steal_pointer (&preferred), g_free, g_free,
                           self->test_cancellable, server_found_cb, g_object_ref (self));
  else
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = lalan_measure_find_server (NULL, preferred, &error);

      if (url == NULL)
        no_server (self, error);
      else
        run_probe (self, url);
    }
}

/**
 * lalan_measure_view_stop_test:
 * @self: the view
 *
 * Stops a running test; the probe gives up within a second.
 */
void
lalan_measure_view_stop_test (LalanMeasureView *self)
{
  g_return_if_fail (LALAN_IS_MEASURE_VIEW (self));

  if (self->test_cancellable == NULL)
    return;

  g_cancellable_cancel (self->test_cancellable);

  /* Still looking for the server: nothing else will end the wait. */
  if (self->probe == NULL)
    {
      g_clear_object (&self->test_cancellable);
      set_testing (self, FALSE);
      lalan_measure_view_show_result (self, self->measurement);
    }
}

static void
on_start_clicked_cb (LalanMeasureView *self)
{
  lalan_measure_view_start_test (self);
}

static void
on_cancel_clicked_cb (LalanMeasureView *self)
{
  lalan_measure_view_stop_test (self);
}

/* ---- a report ------------------------------------------------------------------- */

typedef struct
{
  LalanMeasurement *measurement;
  char             *town_code;
  char             *village_code;
  char             *place_type;
} ReportJob;

static void
report_job_free (gpointer data)
{
  ReportJob *job = data;

  lalan_measurement_free (job->measurement);
  g_free (job->town_code);
  g_free (job->village_code);
  g_free (job->place_type);
  g_free (job);
}

static gpointer
save_report_in_worker (LalanStore    *store,
                       gpointer       data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  ReportJob *job = data;

  return lalan_measure_save_report (store, job->measurement, job->town_code, job->village_code,
                                    job->place_type, LALAN_MEASURE_METHOD_APP_TEST, error);
}

static void
report_saved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LalanMeasureView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanRecord) record = lalan_store_run_finish (LALAN_STORE (source), result, &error);

  if (record == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  if (self->measurement != NULL)
    {
      g_free (self->measurement->record_instance_id);
      self->measurement->record_instance_id = g_strdup (lalan_record_get_instance_id (record));
    }
  toast (self, _("Saved as a report. It will be sent with the other records."));
}

static void
on_report_response_cb (LalanMeasureReportDialog *dialog,
                       const char               *response,
                       LalanMeasureView         *self)
{
  ReportJob *job;

  if (!g_str_equal (response, "save") || self->measurement == NULL || self->store == NULL ||
      lalan_measure_report_dialog_get_village_code (dialog) == NULL)
    return;

  /* Remembered for the next report and for scheduled tests. */
  g_settings_set_string (self->settings, "measure-village", lalan_measure_report_dialog_get_village_code (dialog));
  g_settings_set_string (self->settings, "measure-place-type", lalan_measure_report_dialog_get_place_type (dialog));

  job = g_new0 (ReportJob, 1);
  job->measurement = lalan_measurement_copy (self->measurement);
  job->town_code = g_settings_get_string (self->settings, "district");
  job->village_code = g_strdup (lalan_measure_report_dialog_get_village_code (dialog));
  job->place_type = g_strdup (lalan_measure_report_dialog_get_place_type (dialog));
  lalan_store_run_async (self->store, save_report_in_worker, job, report_job_free, g_object_unref,
                         self->cancellable, report_saved_cb, g_object_ref (self));
}

static void
on_report_clicked_cb (LalanMeasureView *self)
{
  g_autofree char *town = NULL;
  g_autofree char *village = NULL;
  g_autofree char *place = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (self->measurement == NULL || self->settings == NULL)
    return;

  town = g_settings_get_string (self->settings, "district");
  if (lalan_places_find_district (town) == NULL)
    {
      explain_with_preferences (self, _("Choose the District First"),
                                _("A report says where the test was made. Choose this computer’s district in Preferences, then save the report again."));
      return;
    }

  if (self->measurement->record_instance_id != NULL)
    {
      toast (self, _("This test is already saved as a report."));
      return;
    }

  village = g_settings_get_string (self->settings, "measure-village");
  place = g_settings_get_string (self->settings, "measure-place-type");
  dialog = lalan_measure_report_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, town, village, place);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_report_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- history and schedule --------------------------------------------------------- */

static gpointer
list_history_in_worker (LalanStore    *store,
                        gpointer       data,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return lalan_store_list_measurements (store, 0, HISTORY_LENGTH, error);
}

static void
history_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(LalanMeasureView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = lalan_store_run_finish (LALAN_STORE (source), result, &error);

  if (history == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  lalan_measure_chart_set_measurements (self->chart, history);
  gtk_widget_set_visible (GTK_WIDGET (self->chart), history->len > 0);
  gtk_widget_set_visible (self->history_empty_label, history->len == 0);

  /* When the area opens, the last test is shown. */
  if (self->measurement == NULL && self->test_cancellable == NULL && history->len > 0)
    lalan_measure_view_show_result (self, g_ptr_array_index (history, 0));
}

static void
load_history (LalanMeasureView *self)
{
  if (self->store == NULL)
    return;

  lalan_store_run_async (self->store, list_history_in_worker, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                         self->cancellable, history_loaded_cb, g_object_ref (self));
}

static void
on_scheduled_test_cb (LalanMeasureView       *self,
                      const LalanMeasurement *measurement)
{
  if (self->test_cancellable == NULL)
    lalan_measure_view_show_result (self, measurement);
  load_history (self);
}

static void
start_scheduler (LalanMeasureView *self)
{
  self->scheduler = lalan_measure_scheduler_new (self->store);
  g_object_set (self->scheduler, "duration", self->probe_duration, NULL);

  g_settings_bind (self->settings, LALAN_MEASURE_SERVER_SETTING, self->scheduler, "server-url", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "district", self->scheduler, "town-code", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "measure-village", self->scheduler, "village-code", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "measure-place-type", self->scheduler, "place-type", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "measure-schedule", self->scheduler, "enabled", G_SETTINGS_BIND_GET);

  g_signal_connect_object (self->scheduler, "test-finished", G_CALLBACK (on_scheduled_test_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scheduler, "notify::enabled", G_CALLBACK (update_schedule_label), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scheduler, "notify::next-at", G_CALLBACK (update_schedule_label), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scheduler, "notify::running", G_CALLBACK (update_schedule_label), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scheduler, "notify::last-error", G_CALLBACK (update_schedule_label), self, G_CONNECT_SWAPPED);
  update_schedule_label (self);
}

static void
on_store_changed_cb (LalanMeasureView *self)
{
  LalanStore *store = lalan_application_get_store (self->application);

  if (store == self->store)
    return;

  self->store = store;
  if (self->scheduler != NULL)
    {
      g_object_run_dispose (G_OBJECT (self->scheduler));
      g_clear_object (&self->scheduler);
    }

  if (store != NULL)
    {
      start_scheduler (self);
      load_history (self);
    }
  lalan_measure_view_show_result (self, self->measurement);
}

/* ---- GObject ---------------------------------------------------------------------- */

static void
lalan_measure_view_dispose (GObject *object)
{
  LalanMeasureView *self = LALAN_MEASURE_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->test_cancellable != NULL)
    g_cancellable_cancel (self->test_cancellable);
  if (self->scheduler != NULL)
    g_object_run_dispose (G_OBJECT (self->scheduler));
  g_clear_object (&self->scheduler);

  gtk_widget_dispose_template (GTK_WIDGET (object), LALAN_TYPE_MEASURE_VIEW);

  G_OBJECT_CLASS (lalan_measure_view_parent_class)->dispose (object);
}

static void
lalan_measure_view_finalize (GObject *object)
{
  LalanMeasureView *self = LALAN_MEASURE_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->test_cancellable);
  g_clear_object (&self->probe);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->measurement, lalan_measurement_free);

  G_OBJECT_CLASS (lalan_measure_view_parent_class)->finalize (object);
}

static void
lalan_measure_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LalanMeasureView *self = LALAN_MEASURE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PROBE_DURATION:
      g_value_set_double (value, self->probe_duration);
      break;
    case PROP_TESTING:
      g_value_set_boolean (value, lalan_measure_view_get_testing (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lalan_measure_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LalanMeasureView *self = LALAN_MEASURE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PROBE_DURATION:
      if (self->probe_duration != g_value_get_double (value))
        {
          self->probe_duration = g_value_get_double (value);
          if (self->scheduler != NULL)
            g_object_set (self->scheduler, "duration", self->probe_duration, NULL);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lalan_measure_view_class_init (LalanMeasureViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lalan_measure_view_dispose;
  object_class->finalize = lalan_measure_view_finalize;
  object_class->get_property = lalan_measure_view_get_property;
  object_class->set_property = lalan_measure_view_set_property;

  /**
   * LalanMeasureView:probe-duration:
   *
   * Seconds per download and upload phase of a test (tests shorten it).
   */
  properties[PROP_PROBE_DURATION] =
    g_param_spec_double ("probe-duration", NULL, NULL, 0.5, 60, LALAN_PROBE_DEFAULT_SECONDS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * LalanMeasureView:testing:
   *
   * Whether a test started here is running.
   */
  properties[PROP_TESTING] =
    g_param_spec_boolean ("testing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LALAN_TYPE_MEASURE_CHART);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/tw/lalan/Lalan/ui/lalan-measure-view.ui");
  /* Bound so gtk_widget_dispose_template() unparents it. */
  gtk_widget_class_bind_template_child (widget_class, LalanMeasureView, scroller);
  gtk_widget_class_bind_template_child (widget_class, LalanMeasureView, start_button);
  gtk_widget_class_bind_template_child (widget_class, LalanMeasureView, server_label);
  gtk_widget_class_bind_template_child (widget_class, LalanMeasureView, schedule_label);
  gtk_widget_class_bind_template_child (widget_class, LalanMeasureView, progress_box);
  gtk_widget_class_bind_template_child (widget_class, LalanMeasureView, phase_label);
  gtk_widget_class_bind_template_child (widget_class, LalanMeasureView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LalanMeasureView, live_label);
  gtk_widget_class_bind_template_child (widget_class, LalanMeasureView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LalanMeasureView, result_box);
  gtk_widget_class_bind_template_child (widget_class, LalanMeasureView, tested_at_label);
  gtk_widget_class_bind_template_child (widget_class, LalanMeasureView, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, LalanMeasureView, figures_box);
  gtk_widget_class_bind_template_child (widget_class, LalanMeasureView, details_label);
  gtk_widget_class_bind_template_child (widget_class, LalanMeasureView, activities_group);
  gtk_widget_class_bind_template_child (widget_class, LalanMeasureView, actions_box);
  gtk_widget_class_bind_template_child (widget_class, LalanMeasureView, survey_button);
  gtk_widget_class_bind_template_child (widget_class, LalanMeasureView, report_button);
  gtk_widget_class_bind_template_child (widget_class, LalanMeasureView, chart);
  gtk_widget_class_bind_template_child (widget_class, LalanMeasureView, history_empty_label);
  gtk_widget_class_bind_template_callback (widget_class, on_start_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_report_clicked_cb);
}

static void
lalan_measure_view_init (LalanMeasureView *self)
{
  GApplication *application = g_application_get_default ();

  self->cancellable = g_cancellable_new ();
  self->probe_duration = LALAN_PROBE_DEFAULT_SECONDS;

  gtk_widget_init_template (GTK_WIDGET (self));
  lalan_measure_view_build_result (self);
  gtk_widget_set_visible (GTK_WIDGET (self->chart), FALSE);
  gtk_widget_set_sensitive (self->report_button, FALSE);

  /* The area lives in the application's window; a view made on its own
   * (a widget test) simply has no settings or store. */
  if (LALAN_IS_APPLICATION (application))
    {
      self->application = LALAN_APPLICATION (application);
      self->settings = g_object_ref (lalan_application_get_settings (self->application));
      g_signal_connect_object (self->settings, "changed::" LALAN_MEASURE_SERVER_SETTING,
                               G_CALLBACK (update_server_label), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->application, "notify::store",
                               G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
      on_store_changed_cb (self);
    }

  update_server_label (self);
}

/**
 * lalan_measure_view_get_testing:
 * @self: the view
 *
 * Returns: whether a test started here is running
 */
gboolean
lalan_measure_view_get_testing (LalanMeasureView *self)
{
  g_return_val_if_fail (LALAN_IS_MEASURE_VIEW (self), FALSE);

  return self->test_cancellable != NULL;
}

/**
 * lalan_measure_view_get_measurement:
 * @self: the view
 *
 * Returns: (nullable) (transfer none): the test shown
 */
const LalanMeasurement *
lalan_measure_view_get_measurement (LalanMeasureView *self)
{
  g_return_val_if_fail (LALAN_IS_MEASURE_VIEW (self), NULL);

  return self->measurement;
}
