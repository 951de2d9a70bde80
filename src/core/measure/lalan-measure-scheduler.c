/* lalan-measure-scheduler.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-measure-scheduler.h"

#include "lalan-measure-report.h"
#include "lalan-measure-schedule.h"
#include "lalan-measure-server.h"

/* Scheduled tests for a learning centre: while enabled, a test runs when
 * the time drawn by lalan_measure_schedule_plan_next() comes, on an
 * unmetered connection only, and is kept in the history and saved as a
 * lalan_measurement report with method "scheduled" (when the computer's
 * district and village are known). Its settings are properties the GUI
 * binds to GSettings, so this object never reads the app's settings
 * itself. Store work runs on the store's worker; the test on the probe's
 * thread. */

/* The timer is re-armed at least every ten minutes, so a suspended laptop
 * or a changed clock is noticed soon after. */
#define RECHECK_SECONDS 600
/* A due test waits this long while a person's own test runs. */
#define HELD_RETRY_SECONDS 300

struct _LalanMeasureScheduler
{
  GObject        parent_instance;

  /* owned */
  LalanStore    *store;
  GCancellable  *cancellable;
  LalanProbe    *probe;
  char          *server_url;
  char          *town_code;
  char          *village_code;
  char          *place_type;
  char          *last_error;

  gboolean       enabled;
  gboolean       held;
  gboolean       running;
  double         duration;
  gint64         next_at;
  guint          timer_id;
  guint          generation;
};

G_DEFINE_FINAL_TYPE (LalanMeasureScheduler, lalan_measure_scheduler, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_ENABLED,
  PROP_HELD,
  PROP_SERVER_URL,
  PROP_TOWN_CODE,
  PROP_VILLAGE_CODE,
  PROP_PLACE_TYPE,
  PROP_DURATION,
  PROP_NEXT_AT,
  PROP_RUNNING,
  PROP_LAST_ERROR,
  N_PROPS
};

enum {
  TEST_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void arm_timer (LalanMeasureScheduler *self);
static void plan (LalanMeasureScheduler *self,
                  gboolean               draw_new);

/* ---- what the store's worker does ----------------------------------------- */

typedef struct
{
  gboolean draw_new;
  gint64   now;
} PlanJob;

static gpointer
plan_in_worker (LalanStore    *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  PlanJob *job = data;
  gint64 next = 0;

  if (!job->draw_new)
    {
      next = lalan_measure_schedule_get_next (store, error);
      if (next < 0)
        return NULL;
    }

  if (next == 0)
    next = lalan_measure_schedule_plan_next (store, job->now, NULL, error);
  if (next < 0)
    return NULL;

  return g_memdup2 (&next, sizeof next);
}

typedef struct
{
  LalanProbeResult *result;
  char             *town_code;
  char             *village_code;
  char             *place_type;
} SaveJob;

typedef struct
{
  LalanMeasurement *measurement;
  char             *report_error;
  gint64            next_at;
} SaveOutcome;

static void
save_job_free (gpointer data)
{
  SaveJob *job = data;

  lalan_probe_result_free (job->result);
  g_free (job->town_code);
  g_free (job->village_code);
  g_free (job->place_type);
  g_free (job);
}

static void
save_outcome_free (gpointer data)
{
  SaveOutcome *outcome = data;

  lalan_measurement_free (outcome->measurement);
  g_free (outcome->report_error);
  g_free (outcome);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveOutcome, save_outcome_free)

static gpointer
save_in_worker (LalanStore    *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  SaveJob *job = data;
  g_autoptr(SaveOutcome) outcome = g_new0 (SaveOutcome, 1);
  g_autoptr(LalanMeasurement) measurement = lalan_probe_result_to_measurement (job->result);
  g_autofree char *id = NULL;
  g_autoptr(GError) report_error = NULL;

  id = lalan_store_add_measurement (store, measurement, error);
  if (id == NULL)
    return NULL;

  outcome->measurement = lalan_store_get_measurement (store, id, error);
  if (outcome->measurement == NULL)
    return NULL;

  /* Only a complete test is a report; a failed one stays in the history,
   * where it says when the connection was down. */
  if (job->result->outcome == LALAN_PROBE_OUTCOME_COMPLETE)
    {
      g_autoptr(LalanRecord) record = NULL;

      record = lalan_measure_save_report (store, outcome->measurement, job->town_code, job->village_code,
                                          job->place_type, LALAN_MEASURE_METHOD_SCHEDULED, &report_error);
      if (record != NULL)
        {
          g_free (outcome->measurement->record_instance_id);
          outcome->measurement->record_instance_id = g_strdup (lalan_record_get_instance_id (record));
        }
      else
        outcome->report_error = g_strdup (report_error->message);
    }

  outcome->next_at = lalan_measure_schedule_plan_next (store, g_get_real_time (), NULL, error);
  if (outcome->next_at < 0)
    return NULL;

  return g_steal_pointer (&outcome);
}

/* ---- the cycle -------------------------------------------------------------- */

static void
set_running (LalanMeasureScheduler *self,
             gboolean               running)
{
  if (self->running == running)
    return;

  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
set_next_at (LalanMeasureScheduler *self,
             gint64                 next_at)
{
  if (self->next_at == next_at)
    return;

  self->next_at = next_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_AT]);
}

static void
set_last_error (LalanMeasureScheduler *self,
                const char            *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(LalanMeasureScheduler) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SaveOutcome) outcome = NULL;

  outcome = lalan_store_run_finish (LALAN_STORE (source), result, &error);
  set_running (self, FALSE);

  if (outcome == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_last_error (self, error->message);
          plan (self, TRUE);
        }
      return;
    }

  set_last_error (self, outcome->report_error);
  set_next_at (self, outcome->next_at);
  g_signal_emit (self, signals[TEST_FINISHED], 0, outcome->measurement);
  arm_timer (self);
}

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LalanMeasureScheduler) self = user_data;
  g_autoptr(GError) error = NULL;
  LalanProbeResult *probe_result;
  SaveJob *job;

  probe_result = lalan_probe_run_finish (LALAN_PROBE (source), result, &error);
  g_clear_object (&self->probe);

  if (probe_result == NULL)
    {
      set_running (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_last_error (self, error->message);
          plan (self, TRUE);
        }
      return;
    }

  job = g_new0 (SaveJob, 1);
  job->result = probe_result;
  job->town_code = g_strdup (self->town_code);
  job->village_code = g_strdup (self->village_code);
  job->place_type = g_strdup (self->place_type);
  lalan_store_run_async (self->store, save_in_worker, job, save_job_free, save_outcome_free,
                         self->cancellable, saved_cb, g_object_ref (self));
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
server_found_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LalanMeasureScheduler) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = lalan_store_run_finish (LALAN_STORE (source), result, &error);

  if (url == NULL)
    {
      set_running (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_last_error (self, error->message);
          plan (self, TRUE);
        }
      return;
    }

  self->probe = lalan_probe_new (url);
  lalan_probe_set_duration (self->probe, self->duration);
  lalan_probe_run_async (self->probe, self->cancellable, probe_done_cb, g_object_ref (self));
}

static void
start_test (LalanMeasureScheduler *self)
{
  GNetworkMonitor *monitor = g_network_monitor_get_default ();

  if (!lalan_measure_schedule_may_run (g_network_monitor_get_network_metered (monitor)))
    {
      /* Skipped, not postponed: the next time is drawn afresh. */
      g_debug ("scheduled connectivity test skipped: the connection is metered");
      plan (self, TRUE);
      return;
    }

  set_running (self, TRUE);
  lalan_store_run_async (self->store, find_server_in_worker, g_strdup (self->server_url), g_free, g_free,
                         self->cancellable, server_found_cb, g_object_ref (self));
}

static gboolean
timer_cb (gpointer user_data)
{
  LalanMeasureScheduler *self = user_data;

  self->timer_id = 0;

  if (!self->enabled || self->running)
    return G_SOURCE_REMOVE;

  if (g_get_real_time () < self->next_at)
    arm_timer (self);
  else if (self->held)
    self->timer_id = g_timeout_add_seconds (HELD_RETRY_SECONDS, timer_cb, self);
  else
    start_test (self);

  return G_SOURCE_REMOVE;
}

static void
arm_timer (LalanMeasureScheduler *self)
{
  gint64 wait_us;
  guint seconds;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (!self->enabled || self->next_at <= 0)
    return;

  wait_us = MAX (0, self->next_at - g_get_real_time ());
  seconds = (guint) MIN (wait_us / G_USEC_PER_SEC, RECHECK_SECONDS);
  if (seconds == 0)
    self->timer_id = g_idle_add (timer_cb, self);
  else
    self->timer_id = g_timeout_add_seconds (seconds, timer_cb, self);
}

typedef struct
{
  LalanMeasureScheduler *self;
  guint                  generation;
} PlanCall;

static void
planned_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  PlanCall *call = user_data;
  g_autoptr(LalanMeasureScheduler) self = call->self;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *next = lalan_store_run_finish (LALAN_STORE (source), result, &error);

  /* Turned off (or on again) meanwhile: that call decides. */
  if (call->generation != self->generation)
    {
      g_free (call);
      return;
    }
  g_free (call);

  if (next == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_last_error (self, error->message);
      return;
    }

  set_next_at (self, *next);
  arm_timer (self);
}

static void
plan (LalanMeasureScheduler *self,
      gboolean               draw_new)
{
  PlanJob *job = g_new0 (PlanJob, 1);
  PlanCall *call = g_new0 (PlanCall, 1);

  job->draw_new = draw_new;
  job->now = g_get_real_time ();
  call->self = g_object_ref (self);
  call->generation = self->generation;
  lalan_store_run_async (self->store, plan_in_worker, job, g_free, g_free,
                         self->cancellable, planned_cb, call);
}

static gpointer
clear_in_worker (LalanStore    *store,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  if (!lalan_measure_schedule_clear (store, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (lalan_store_run_finish (LALAN_STORE (source), result, &error) == NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not forget the scheduled connectivity test: %s", error->message);
}

/* ---- GObject -------------------------------------------------------------- */

static void
lalan_measure_scheduler_dispose (GObject *object)
{
  LalanMeasureScheduler *self = LALAN_MEASURE_SCHEDULER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_object (&self->probe);

  G_OBJECT_CLASS (lalan_measure_scheduler_parent_class)->dispose (object);
}

static void
lalan_measure_scheduler_finalize (GObject *object)
{
  LalanMeasureScheduler *self = LALAN_MEASURE_SCHEDULER (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_free (self->server_url);
  g_free (self->town_code);
  g_free (self->village_code);
  g_free (self->place_type);
  g_free (self->last_error);

  G_OBJECT_CLASS (lalan_measure_scheduler_parent_class)->finalize (object);
}

static void
set_string (LalanMeasureScheduler  *self,
            char                  **field,
            const GValue           *value,
            GParamSpec             *pspec)
{
  const char *text = g_value_get_string (value);

  if (g_strcmp0 (*field, text) == 0)
    return;

  g_free (*field);
  *field = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
lalan_measure_scheduler_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  LalanMeasureScheduler *self = LALAN_MEASURE_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_HELD:
      g_value_set_boolean (value, self->held);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_TOWN_CODE:
      g_value_set_string (value, self->town_code);
      break;
    case PROP_VILLAGE_CODE:
      g_value_set_string (value, self->village_code);
      break;
    case PROP_PLACE_TYPE:
      g_value_set_string (value, self->place_type);
      break;
    case PROP_DURATION:
      g_value_set_double (value, self->duration);
      break;
    case PROP_NEXT_AT:
      g_value_set_int64 (value, self->next_at);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lalan_measure_scheduler_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  LalanMeasureScheduler *self = LALAN_MEASURE_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_ENABLED:
      lalan_measure_scheduler_set_enabled (self, g_value_get_boolean (value));
      break;
    case PROP_HELD:
      if (self->held != g_value_get_boolean (value))
        {
          self->held = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SERVER_URL:
      set_string (self, &self->server_url, value, pspec);
      break;
    case PROP_TOWN_CODE:
      set_string (self, &self->town_code, value, pspec);
      break;
    case PROP_VILLAGE_CODE:
      set_string (self, &self->village_code, value, pspec);
      break;
    case PROP_PLACE_TYPE:
      set_string (self, &self->place_type, value, pspec);
      break;
    case PROP_DURATION:
      if (self->duration != g_value_get_double (value))
        {
          self->duration = g_value_get_double (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lalan_measure_scheduler_class_init (LalanMeasureSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lalan_measure_scheduler_dispose;
  object_class->finalize = lalan_measure_scheduler_finalize;
  object_class->get_property = lalan_measure_scheduler_get_property;
  object_class->set_property = lalan_measure_scheduler_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, LALAN_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * LalanMeasureScheduler:enabled:
   *
   * Whether scheduled tests run (bound to the `measure-schedule` setting).
   */
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * LalanMeasureScheduler:held:
   *
   * While %TRUE (a person's own test is running) a due test waits.
   */
  properties[PROP_HELD] =
    g_param_spec_boolean ("held", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * LalanMeasureScheduler:server-url:
   *
   * The test server set in Preferences, or empty for the inventory server.
   */
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOWN_CODE] =
    g_param_spec_string ("town-code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VILLAGE_CODE] =
    g_param_spec_string ("village-code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLACE_TYPE] =
    g_param_spec_string ("place-type", NULL, NULL, LALAN_MEASURE_PLACE_LEARNING_CENTRE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * LalanMeasureScheduler:duration:
   *
   * Seconds per download and upload phase (tests make it short).
   */
  properties[PROP_DURATION] =
    g_param_spec_double ("duration", NULL, NULL, 0.5, 60, LALAN_PROBE_DEFAULT_SECONDS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * LalanMeasureScheduler:next-at:
   *
   * When the next test is due (µs since the epoch), or 0.
   */
  properties[PROP_NEXT_AT] =
    g_param_spec_int64 ("next-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * LalanMeasureScheduler:last-error:
   *
   * Why the last scheduled test could not run or be saved as a report (a
   * translated sentence), or %NULL.
   */
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LalanMeasureScheduler::test-finished:
   * @self: the scheduler
   * @measurement: (type LalanMeasurement): the test as stored, with its
   *   report's instance id when one was saved
   *
   * A scheduled test ran and was kept.
   */
  signals[TEST_FINISHED] =
    g_signal_new ("test-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  LALAN_TYPE_MEASUREMENT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
lalan_measure_scheduler_init (LalanMeasureScheduler *self)
{
  self->cancellable = g_cancellable_new ();
  self->duration = LALAN_PROBE_DEFAULT_SECONDS;
  self->place_type = g_strdup (LALAN_MEASURE_PLACE_LEARNING_CENTRE);
}

/**
 * lalan_measure_scheduler_new:
 * @store: the store
 *
 * Returns: (transfer full): a scheduler, off until enabled
 */
LalanMeasureScheduler *
lalan_measure_scheduler_new (LalanStore *store)
{
  g_return_val_if_fail (LALAN_IS_STORE (store), NULL);

  return g_object_new (LALAN_TYPE_MEASURE_SCHEDULER, "store", store, NULL);
}

/**
 * lalan_measure_scheduler_get_store:
 * @self: a scheduler
 *
 * Returns: (transfer none): its store
 */
LalanStore *
lalan_measure_scheduler_get_store (LalanMeasureScheduler *self)
{
  g_return_val_if_fail (LALAN_IS_MEASURE_SCHEDULER (self), NULL);

  return self->store;
}

/**
 * lalan_measure_scheduler_get_enabled:
 * @self: a scheduler
 *
 * Returns: whether scheduled tests run
 */
gboolean
lalan_measure_scheduler_get_enabled (LalanMeasureScheduler *self)
{
  g_return_val_if_fail (LALAN_IS_MEASURE_SCHEDULER (self), FALSE);

  return self->enabled;
}

/**
 * lalan_measure_scheduler_set_enabled:
 * @self: a scheduler
 * @enabled: whether scheduled tests run
 *
 * Turning it on picks up the time remembered in the store (a test overdue
 * from while Lalan was closed runs at once) or draws one; turning it off
 * stops a running test and forgets the time.
 */
void
lalan_measure_scheduler_set_enabled (LalanMeasureScheduler *self,
                                     gboolean               enabled)
{
  g_return_if_fail (LALAN_IS_MEASURE_SCHEDULER (self));

  if (self->enabled == enabled)
    return;

  self->enabled = enabled;
  self->generation++;
  g_clear_handle_id (&self->timer_id, g_source_remove);

  if (enabled)
    {
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      plan (self, FALSE);
    }
  else
    {
      g_cancellable_cancel (self->cancellable);
      set_running (self, FALSE);
      set_next_at (self, 0);
      lalan_store_run_async (self->store, clear_in_worker, NULL, NULL, NULL, NULL, cleared_cb, NULL);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

/**
 * lalan_measure_scheduler_get_next_at:
 * @self: a scheduler
 *
 * Returns: when the next test is due (µs since the epoch), or 0
 */
gint64
lalan_measure_scheduler_get_next_at (LalanMeasureScheduler *self)
{
  g_return_val_if_fail (LALAN_IS_MEASURE_SCHEDULER (self), 0);

  return self->next_at;
}

/**
 * lalan_measure_scheduler_get_running:
 * @self: a scheduler
 *
 * Returns: whether a scheduled test is running
 */
gboolean
lalan_measure_scheduler_get_running (LalanMeasureScheduler *self)
{
  g_return_val_if_fail (LALAN_IS_MEASURE_SCHEDULER (self), FALSE);

  return self->running;
}

/**
 * lalan_measure_schedule_may_run:
 * @metered: whether the system says the connection is metered
 *
 * Scheduled tests use data nobody asked for at that moment, so they run
 * only where data costs nothing extra: never on a metered connection (a
 * phone's hotspot, a mobile router on a prepaid plan). Without any
 * network they do run: "no connection at 3 a.m." is a finding, and an
 * inventory server on the centre's own network needs no default route.
 *
 * Returns: whether a scheduled test may run now
 */
gboolean
lalan_measure_schedule_may_run (gboolean metered)
{
  return !metered;
}
