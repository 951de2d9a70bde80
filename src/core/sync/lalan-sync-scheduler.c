/* lalan-sync-scheduler.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-sync-scheduler.h"

#include "lalan-forms-update.h"
#include "lalan-outcomes-report.h"
#include "lalan-openrosa-client.h"
#include "lalan-outbox.h"
#include "lalan-sync-error.h"
#include "lalan-sync-server.h"
#include "lalan-sync-timing.h"

#include <glib/gi18n-lib.h>

/* The app's outbox scheduler: when to send, on its own worker thread.
 *
 * Triggers: the app's start, GNetworkMonitor reporting full connectivity,
 * a timer while records wait (the earliest next attempt, or the queue's
 * own back-off while the server cannot be reached), a record finalized,
 * and "Send now" (which also tries the records waiting out their
 * back-off, and sends on a metered connection: the person asked).
 *
 * Automatic runs honour "do not send on metered connections", and wait
 * for a network. A run that needs a person (a sign-in page, refused
 * credentials, no server) pauses automatic runs: a new network, a change
 * of server or "Send now" tries again; a sign-in page is looked at again
 * every few minutes, since signing in happens in a browser.
 *
 * The worker does everything that blocks: the keyring, the store, the
 * network, the weekly learning report and, once a day, the forms. The
 * main thread only keeps state and timers. */

#define KEY_FORMS_CHECKED "sync-forms-checked"
#define FORMS_EVERY (G_USEC_PER_SEC * (gint64) 24 * 3600)
#define IDLE_CHECK_SECONDS (6 * 3600)
#define FINALIZED_DELAY_MS 3000

typedef enum
{
  REQUEST_SEND = 1 << 0,
  REQUEST_RETRY_NOW = 1 << 1,
  REQUEST_REPORT_NOW = 1 << 2,
  REQUEST_STOP = 1 << 3,
} RequestFlags;

typedef struct
{
  RequestFlags  flags;
  char         *centre;
  char         *town;
  char         *retry_id;
} Request;

typedef struct
{
  LalanSyncScheduler *scheduler;
  GError             *error;
  GError             *report_error;
  guint               n_reports;
  gboolean            sent;
  gboolean            report_asked;
  LalanOutboxSummary  summary;
  LalanRecordCounts   counts;
  gint64              next_attempt;
  gint64              last_contact;
} Result;

struct _LalanSyncScheduler
{
  GObject          parent_instance;

  /* owned */
  LalanStore      *store;
  GNetworkMonitor *monitor;
  GMainContext    *main_context;
  GThread         *thread;
  GAsyncQueue     *requests;
  GCancellable    *cancellable;
  char            *problem;
  char            *centre;
  char            *town;

  guint            timer_id;
  guint            counts_id;
  gulong           network_handler;
  gulong           records_handler;

  LalanSyncState   state;
  guint            n_waiting;
  guint            n_review;
  gint64           last_contact;
  gint64           next_run;
  guint            unreachable_runs;
  RequestFlags     pending;
  char            *pending_retry_id;
  gboolean         avoid_metered;
  gboolean         started;
  gboolean         running;
  gboolean         paused;
  gboolean         captive;
};

G_DEFINE_FINAL_TYPE (LalanSyncScheduler, lalan_sync_scheduler, G_TYPE_OBJECT)

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

G_DEFINE_ENUM_TYPE (LalanSyncState, lalan_sync_state,
                    G_DEFINE_ENUM_VALUE (LALAN_SYNC_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (LALAN_SYNC_STATE_WAITING, "waiting"),
                    G_DEFINE_ENUM_VALUE (LALAN_SYNC_STATE_SENDING, "sending"),
                    G_DEFINE_ENUM_VALUE (LALAN_SYNC_STATE_PAUSED, "paused"))

enum {
  PROP_0,
  PROP_STORE,
  PROP_STATE,
  PROP_PROBLEM,
  PROP_N_WAITING,
  PROP_N_REVIEW,
  PROP_LAST_CONTACT,
  PROP_NEXT_RUN,
  PROP_AVOID_METERED,
  PROP_CENTRE,
  PROP_TOWN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SYNC_FINISHED,
  LEARNING_REPORT_QUEUED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void request_run (LalanSyncScheduler *self,
                         RequestFlags        flags,
                         gboolean            automatic,
                         const char         *retry_id);

static void
request_free (Request *request)
{
  g_free (request->centre);
  g_free (request->town);
  g_free (request->retry_id);
  g_free (request);
}

static void
result_free (Result *result)
{
  g_clear_object (&result->scheduler);
  g_clear_error (&result->error);
  g_clear_error (&result->report_error);
  g_free (result);
}

/* Worker ------------------------------------------------------------------ */

typedef struct
{
  LalanStore   *store;
  GCancellable *cancellable;
  GAsyncQueue  *requests;
  LalanLibrary *library;
  LalanSyncScheduler *scheduler;   /* weak use: only to post results */
} Worker;

static void
queue_reports (Worker  *worker,
               Request *request,
               Result  *result)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;

  if (worker->library == NULL)
    worker->library = lalan_library_new ();

  if ((request->flags & REQUEST_REPORT_NOW) != 0)
    {
      g_autoptr(LalanRecord) record = NULL;
      GDate first_day, last_day;

      /* On demand: the last seven days, today included. */
      g_date_clear (&last_day, 1);
      g_date_set_dmy (&last_day, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
      first_day = last_day;
      g_date_subtract_days (&first_day, 6);

      result->report_asked = TRUE;
      record = lalan_outcomes_report_queue (worker->store, worker->library, request->centre, request->town,
                                            &first_day, &last_day, &result->report_error);
      if (record != NULL)
        result->n_reports = 1;
      return;
    }

  result->n_reports = lalan_outcomes_report_queue_due (worker->store, worker->library, request->centre,
                                                       request->town, now, &error);
  if (error != NULL)
    g_message ("The weekly learning report was not made: %s", error->message);
}

static void
update_forms (Worker          *worker,
              LalanSyncServer *server,
              gboolean         now)
{
  g_autoptr(LalanOpenRosaClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *checked = lalan_store_get_value (worker->store, KEY_FORMS_CHECKED, NULL);
  g_autofree char *stamp = NULL;
  gint64 last = 0;
  LalanFormsUpdate update;

  if (checked != NULL)
    g_ascii_string_to_signed (checked, 10, 0, G_MAXINT64, &last, NULL);
  if (!now && g_get_real_time () - last < FORMS_EVERY)
    return;

  client = lalan_openrosa_client_new (server, NULL);
  lalan_forms_update_init (&update);
  if (lalan_forms_update_run (worker->store, client, lalan_sync_server_get_public_url (server), &update,
                              worker->cancellable, &error))
    {
      stamp = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time ());
      lalan_store_set_value (worker->store, KEY_FORMS_CHECKED, stamp, NULL);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Forms were not updated: %s", error->message);

  for (guint i = 0; i < update.problems->len; i++)
    g_message ("%s", (const char *) g_ptr_array_index (update.problems, i));
  lalan_forms_update_clear (&update);
}

static void
run_request (Worker  *worker,
             Request *request,
             Result  *result)
{
  g_autoptr(LalanSyncServer) server = NULL;
  g_autoptr(GError) error = NULL;

  if (request->retry_id != NULL &&
      !lalan_store_requeue_record (worker->store, request->retry_id, &error))
    {
      g_message ("Could not queue %s again: %s", request->retry_id, error->message);
      g_clear_error (&error);
    }

  if (request->centre != NULL && *request->centre != '\0' && request->town != NULL && *request->town != '\0')
    queue_reports (worker, request, result);
  else if ((request->flags & REQUEST_REPORT_NOW) != 0)
    {
      result->report_asked = TRUE;
      g_set_error_literal (&result->report_error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_FAILED,
                           _("Set the learning centre and its district in Preferences first: "
                             "the learning report says where it comes from."));
    }

  if ((request->flags & REQUEST_SEND) != 0)
    {
      result->sent = TRUE;
      server = lalan_sync_server_load (worker->store, NULL, &result->error);
      if (server != NULL &&
          lalan_outbox_send (worker->store, server, NULL,
                             (request->flags & REQUEST_RETRY_NOW) != 0 ? LALAN_OUTBOX_RETRY_NOW : LALAN_OUTBOX_DEFAULT,
                             NULL, NULL, &result->summary, worker->cancellable, &result->error))
        update_forms (worker, server, (request->flags & REQUEST_RETRY_NOW) != 0);
    }

  lalan_store_count_records_by_state (worker->store, &result->counts, NULL);
  result->next_attempt = lalan_outbox_get_next_attempt (worker->store, NULL);
  result->last_contact = lalan_outbox_get_last_contact (worker->store);
}

static gboolean result_cb (gpointer data);

static gpointer
worker_thread (gpointer data)
{
  Worker *worker = data;

  for (;;)
    {
      Request *request = g_async_queue_pop (worker->requests);
      Request *more;
      Result *result;
      gboolean stop = (request->flags & REQUEST_STOP) != 0;

      /* Requests that came meanwhile are one run. */
      while (!stop && (more = g_async_queue_try_pop (worker->requests)) != NULL)
        {
          stop = (more->flags & REQUEST_STOP) != 0;
          request->flags |= more->flags;
          if (more->retry_id != NULL && request->retry_id == NULL)
            request->retry_id = g_steal_pointer (&more->retry_id);
          request_free (more);
        }

      if (stop)
        {
          request_free (request);
          break;
        }

      result = g_new0 (Result, 1);
      result->scheduler = g_object_ref (worker->scheduler);
      run_request (worker, request, result);
      request_free (request);

      g_main_context_invoke_full (result->scheduler->main_context, G_PRIORITY_DEFAULT, result_cb, result,
                                  (GDestroyNotify) result_free);
    }

  g_clear_object (&worker->library);
  g_object_unref (worker->store);
  g_object_unref (worker->cancellable);
  g_async_queue_unref (worker->requests);
  g_free (worker);

  return NULL;
}

/* Main thread -------------------------------------------------------------- */

static void
set_state (LalanSyncScheduler *self,
           LalanSyncState      state,
           const char         *problem)
{
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }

  if (g_strcmp0 (self->problem, problem) != 0)
    {
      g_free (self->problem);
      self->problem = g_strdup (problem);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
    }
}

static void
set_counts (LalanSyncScheduler *self,
            guint               n_waiting,
            guint               n_review)
{
  if (self->n_waiting != n_waiting)
    {
      self->n_waiting = n_waiting;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WAITING]);
    }
  if (self->n_review != n_review)
    {
      self->n_review = n_review;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_REVIEW]);
    }
}

static gboolean
timer_cb (gpointer data)
{
  LalanSyncScheduler *self = data;

  self->timer_id = 0;
  self->next_run = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_RUN]);

  /* A sign-in page is looked at again; other pauses wait for a person. */
  if (self->paused && !self->captive)
    return G_SOURCE_REMOVE;

  request_run (self, REQUEST_SEND, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

static void
arm_timer (LalanSyncScheduler *self,
           gint64              when)
{
  gint64 delay_ms = MAX (0, (when - g_get_real_time ()) / 1000);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->timer_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) MIN (delay_ms, G_MAXUINT32 / 2),
                                       timer_cb, self, NULL);
  self->next_run = when;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_RUN]);
}

static void
clear_timer (LalanSyncScheduler *self)
{
  if (self->timer_id == 0)
    return;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->next_run = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_RUN]);
}

/* Why an automatic run cannot happen now, or NULL. */
static const char *
network_problem (LalanSyncScheduler *self)
{
  if (!g_network_monitor_get_network_available (self->monitor))
    return _("There is no network connection. Records wait here and are sent when a network appears.");

  if (self->avoid_metered && g_network_monitor_get_network_metered (self->monitor))
    return _("This connection is metered, so records wait for another one, as the preferences ask. "
             "Choose “Send Now” to send them anyway.");

  return NULL;
}

static gboolean
result_cb (gpointer data)
{
  Result *result = data;
  LalanSyncScheduler *self = result->scheduler;
  const LalanSyncTiming *timing = lalan_sync_timing_get_default ();
  gint64 now = g_get_real_time ();
  RequestFlags pending;
  g_autofree char *pending_retry_id = NULL;

  self->running = FALSE;
  set_counts (self, result->counts.finalized, result->counts.needs_review);
  if (self->last_contact != result->last_contact)
    {
      self->last_contact = result->last_contact;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_CONTACT]);
    }

  if (result->report_asked)
    g_signal_emit (self, signals[LEARNING_REPORT_QUEUED], 0,
                   result->report_error != NULL ? result->report_error->message : NULL);

  if (!self->started)
    return G_SOURCE_REMOVE;

  if (g_error_matches (result->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_state (self, self->n_waiting > 0 ? LALAN_SYNC_STATE_WAITING : LALAN_SYNC_STATE_IDLE, NULL);
      return G_SOURCE_REMOVE;
    }

  if (g_error_matches (result->error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_NOT_CONFIGURED) && self->n_waiting == 0)
    {
      /* Nothing to send and no server: nothing to say either. */
      self->paused = FALSE;
      set_state (self, LALAN_SYNC_STATE_IDLE, NULL);
      clear_timer (self);
    }
  else if (result->error != NULL && lalan_sync_error_pauses_queue (result->error))
    {
      self->paused = TRUE;
      self->captive = g_error_matches (result->error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_CAPTIVE_PORTAL);
      set_state (self, LALAN_SYNC_STATE_PAUSED, result->error->message);
      clear_timer (self);
      if (self->captive)
        arm_timer (self, now + 5 * timing->backoff_base_ms * 1000);
    }
  else if (result->error != NULL)
    {
      /* The server cannot be reached now: the whole queue backs off, as a
       * record does, and nobody is asked to do anything. */
      g_autofree char *problem = g_strdup_printf (_("Records wait here and will be sent later. %s"),
                                                  result->error->message);

      self->paused = FALSE;
      self->unreachable_runs++;
      set_state (self, LALAN_SYNC_STATE_WAITING, problem);
      arm_timer (self, now + lalan_sync_timing_get_backoff (timing, self->unreachable_runs, g_random_double ()));
    }
  else
    {
      if (result->sent)
        {
          self->paused = FALSE;
          self->unreachable_runs = 0;
        }

      if (self->paused)
        {
          /* A run that only counted (a record changed) took the clock of
           * the next look at the sign-in page: set it again, or sending
           * would wait for a person after the sign-in. */
          if (self->captive && self->timer_id == 0)
            arm_timer (self, now + 5 * timing->backoff_base_ms * 1000);
        }
      else if (self->n_waiting > 0)
        {
          const char *problem = network_problem (self);

          set_state (self, LALAN_SYNC_STATE_WAITING, problem);
          if (result->next_attempt > 0)
            arm_timer (self, MAX (result->next_attempt, now + G_USEC_PER_SEC));
          else
            arm_timer (self, now + timing->backoff_base_ms * 1000);
        }
      else
        {
          set_state (self, LALAN_SYNC_STATE_IDLE, NULL);
          /* The weekly report and the day's forms are looked at now and
           * then, on a computer that stays on for days. */
          arm_timer (self, now + (gint64) IDLE_CHECK_SECONDS * G_USEC_PER_SEC);
        }
    }

  if (result->sent)
    g_signal_emit (self, signals[SYNC_FINISHED], 0, result->summary.n_sent, result->summary.n_refused);

  /* What was asked while the worker was busy. */
  pending = self->pending;
  pending_retry_id = g_steal_pointer (&self->pending_retry_id);
  self->pending = 0;
  if (pending != 0)
    request_run (self, pending, FALSE, pending_retry_id);

  return G_SOURCE_REMOVE;
}

static void
push_request (LalanSyncScheduler *self,
              RequestFlags        flags,
              const char         *retry_id)
{
  Request *request = g_new0 (Request, 1);

  request->flags = flags;
  request->centre = g_strdup (self->centre);
  request->town = g_strdup (self->town);
  request->retry_id = g_strdup (retry_id);
  g_async_queue_push (self->requests, request);
}

static void
request_run (LalanSyncScheduler *self,
             RequestFlags        flags,
             gboolean            automatic,
             const char         *retry_id)
{
  if (!self->started)
    return;

  if (self->running)
    {
      self->pending |= flags;
      if (retry_id != NULL && self->pending_retry_id == NULL)
        self->pending_retry_id = g_strdup (retry_id);
      return;
    }

  if (automatic && (flags & REQUEST_SEND) != 0)
    {
      const char *problem = network_problem (self);

      if (problem != NULL)
        {
          /* Counted anyway, and the weekly report made: neither needs a
           * network. */
          flags &= ~REQUEST_SEND;
          if (!self->paused)
            set_state (self, self->n_waiting > 0 ? LALAN_SYNC_STATE_WAITING : LALAN_SYNC_STATE_IDLE,
                       self->n_waiting > 0 ? problem : NULL);
        }
    }

  clear_timer (self);
  self->running = TRUE;
  if ((flags & REQUEST_SEND) != 0)
    set_state (self, LALAN_SYNC_STATE_SENDING, NULL);
  push_request (self, flags, retry_id);
}

static void
on_network_changed_cb (GNetworkMonitor    *monitor,
                       gboolean            available,
                       LalanSyncScheduler *self)
{
  /* Full connectivity: a new network, or a sign-in done. Anything less
   * (a captive portal, no route out) is not worth a try. */
  if (available && g_network_monitor_get_connectivity (monitor) == G_NETWORK_CONNECTIVITY_FULL &&
      (self->n_waiting > 0 || self->paused))
    {
      self->unreachable_runs = 0;
      request_run (self, REQUEST_SEND, TRUE, NULL);
    }
  else if (self->state == LALAN_SYNC_STATE_WAITING)
    set_state (self, LALAN_SYNC_STATE_WAITING, network_problem (self));
}

static void
counted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LalanSyncScheduler) self = user_data;
  g_autoptr(GError) error = NULL;
  LalanRecordCounts counts;
  gboolean more;

  if (!lalan_store_count_records_by_state_finish (LALAN_STORE (object), result, &counts, &error) ||
      !self->started)
    return;

  /* A record was finalized: it is sent soon, whatever the timer said. */
  more = counts.finalized > self->n_waiting;
  set_counts (self, counts.finalized, counts.needs_review);
  if (more && !self->running && !self->paused)
    request_run (self, REQUEST_SEND, TRUE, NULL);
}

static gboolean
refresh_counts_cb (gpointer data)
{
  LalanSyncScheduler *self = data;

  self->counts_id = 0;
  lalan_store_count_records_by_state_async (self->store, self->cancellable, counted_cb, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static void
on_records_changed_cb (LalanStore         *store,
                       const char         *instance_id,
                       LalanSyncScheduler *self)
{
  /* A draft saved at every answer, or the outbox's own changes while it
   * runs: counted once things settle, never a run each. */
  if (!self->started || self->running || self->counts_id != 0)
    return;

  self->counts_id = g_timeout_add (FINALIZED_DELAY_MS, refresh_counts_cb, self);
}

static void
lalan_sync_scheduler_dispose (GObject *object)
{
  LalanSyncScheduler *self = LALAN_SYNC_SCHEDULER (object);

  lalan_sync_scheduler_stop (self);

  G_OBJECT_CLASS (lalan_sync_scheduler_parent_class)->dispose (object);
}

static void
lalan_sync_scheduler_finalize (GObject *object)
{
  LalanSyncScheduler *self = LALAN_SYNC_SCHEDULER (object);

  g_clear_object (&self->store);
  g_clear_object (&self->monitor);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->requests, g_async_queue_unref);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_free (self->problem);
  g_free (self->centre);
  g_free (self->town);
  g_free (self->pending_retry_id);

  G_OBJECT_CLASS (lalan_sync_scheduler_parent_class)->finalize (object);
}

static void
lalan_sync_scheduler_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  LalanSyncScheduler *self = LALAN_SYNC_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    case PROP_N_WAITING:
      g_value_set_uint (value, self->n_waiting);
      break;
    case PROP_N_REVIEW:
      g_value_set_uint (value, self->n_review);
      break;
    case PROP_LAST_CONTACT:
      g_value_set_int64 (value, self->last_contact);
      break;
    case PROP_NEXT_RUN:
      g_value_set_int64 (value, self->next_run);
      break;
    case PROP_AVOID_METERED:
      g_value_set_boolean (value, self->avoid_metered);
      break;
    case PROP_CENTRE:
      g_value_set_string (value, self->centre);
      break;
    case PROP_TOWN:
      g_value_set_string (value, self->town);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lalan_sync_scheduler_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  LalanSyncScheduler *self = LALAN_SYNC_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_AVOID_METERED:
      lalan_sync_scheduler_set_avoid_metered (self, g_value_get_boolean (value));
      break;
    case PROP_CENTRE:
      lalan_sync_scheduler_set_centre (self, g_value_get_string (value));
      break;
    case PROP_TOWN:
      lalan_sync_scheduler_set_town (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lalan_sync_scheduler_class_init (LalanSyncSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lalan_sync_scheduler_dispose;
  object_class->finalize = lalan_sync_scheduler_finalize;
  object_class->get_property = lalan_sync_scheduler_get_property;
  object_class->set_property = lalan_sync_scheduler_set_property;

  /**
   * LalanSyncScheduler:store:
   *
   * The store whose outbox is sent.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, LALAN_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * LalanSyncScheduler:state:
   *
   * What the outbox is doing.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, LALAN_TYPE_SYNC_STATE, LALAN_SYNC_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LalanSyncScheduler:problem:
   *
   * A translated sentence saying why records wait or what a person must
   * do, or %NULL.
   */
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LalanSyncScheduler:n-waiting:
   *
   * Finalized records not yet sent.
   */
  properties[PROP_N_WAITING] =
    g_param_spec_uint ("n-waiting", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LalanSyncScheduler:n-review:
   *
   * Records the server refused, waiting for a person.
   */
  properties[PROP_N_REVIEW] =
    g_param_spec_uint ("n-review", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LalanSyncScheduler:last-contact:
   *
   * When the server last answered (microseconds since the epoch), or 0.
   */
  properties[PROP_LAST_CONTACT] =
    g_param_spec_int64 ("last-contact", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LalanSyncScheduler:next-run:
   *
   * When the next automatic run is due, or 0.
   */
  properties[PROP_NEXT_RUN] =
    g_param_spec_int64 ("next-run", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LalanSyncScheduler:avoid-metered:
   *
   * Whether automatic runs wait for a connection that is not metered.
   */
  properties[PROP_AVOID_METERED] =
    g_param_spec_boolean ("avoid-metered", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LalanSyncScheduler:centre:
   *
   * The learning centre, for the learning report.
   */
  properties[PROP_CENTRE] =
    g_param_spec_string ("centre", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LalanSyncScheduler:town:
   *
   * The centre's district (8-digit town code), for the learning report.
   */
  properties[PROP_TOWN] =
    g_param_spec_string ("town", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LalanSyncScheduler::sync-finished:
   * @self: the scheduler
   * @n_sent: records the server acknowledged in the run
   * @n_refused: records that now need review
   *
   * Emitted after each run that tried to send.
   */
  signals[SYNC_FINISHED] =
    g_signal_new ("sync-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  /**
   * LalanSyncScheduler::learning-report-queued:
   * @self: the scheduler
   * @problem: (nullable): why no report was made, or %NULL when it was
   *
   * Emitted after lalan_sync_scheduler_queue_learning_report().
   */
  signals[LEARNING_REPORT_QUEUED] =
    g_signal_new ("learning-report-queued", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
lalan_sync_scheduler_init (LalanSyncScheduler *self)
{
  self->avoid_metered = TRUE;
  self->cancellable = g_cancellable_new ();
  self->requests = g_async_queue_new_full ((GDestroyNotify) request_free);
  self->main_context = g_main_context_ref_thread_default ();
}

/**
 * lalan_sync_scheduler_new:
 * @store: the store
 * @monitor: (nullable): the network monitor, or %NULL for the default one
 *
 * Returns: (transfer full): a scheduler; nothing runs before
 *   lalan_sync_scheduler_start()
 */
LalanSyncScheduler *
lalan_sync_scheduler_new (LalanStore      *store,
                          GNetworkMonitor *monitor)
{
  LalanSyncScheduler *self;

  g_return_val_if_fail (LALAN_IS_STORE (store), NULL);

  self = g_object_new (LALAN_TYPE_SYNC_SCHEDULER, "store", store, NULL);
  self->monitor = g_object_ref (monitor != NULL ? monitor : g_network_monitor_get_default ());

  return self;
}

/**
 * lalan_sync_scheduler_start:
 * @self: a scheduler
 *
 * The app's start: starts the worker, follows the network and the store,
 * and runs once.
 */
void
lalan_sync_scheduler_start (LalanSyncScheduler *self)
{
  Worker *worker;

  g_return_if_fail (LALAN_IS_SYNC_SCHEDULER (self));

  if (self->started)
    return;

  worker = g_new0 (Worker, 1);
  worker->store = g_object_ref (self->store);
  worker->cancellable = g_object_ref (self->cancellable);
  worker->requests = g_async_queue_ref (self->requests);
  worker->scheduler = self;
  self->thread = g_thread_new ("lalan-sync", worker_thread, worker);
  self->started = TRUE;

  self->network_handler = g_signal_connect (self->monitor, "network-changed",
                                            G_CALLBACK (on_network_changed_cb), self);
  self->records_handler = g_signal_connect (self->store, "records-changed",
                                            G_CALLBACK (on_records_changed_cb), self);

  request_run (self, REQUEST_SEND, TRUE, NULL);
}

/**
 * lalan_sync_scheduler_stop:
 * @self: a scheduler
 *
 * Cancels what is under way (the store keeps every record as it was) and
 * waits for the worker to end. Called by dispose; may be called twice.
 */
void
lalan_sync_scheduler_stop (LalanSyncScheduler *self)
{
  g_return_if_fail (LALAN_IS_SYNC_SCHEDULER (self));

  if (!self->started)
    return;

  self->started = FALSE;
  g_cancellable_cancel (self->cancellable);
  push_request (self, REQUEST_STOP, NULL);
  g_thread_join (g_steal_pointer (&self->thread));

  g_clear_signal_handler (&self->network_handler, self->monitor);
  g_clear_signal_handler (&self->records_handler, self->store);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->counts_id, g_source_remove);
}

/**
 * lalan_sync_scheduler_send_now:
 * @self: a scheduler
 *
 * "Send now": every unsent record, whatever its back-off, also on a
 * metered connection, and out of any pause.
 */
void
lalan_sync_scheduler_send_now (LalanSyncScheduler *self)
{
  g_return_if_fail (LALAN_IS_SYNC_SCHEDULER (self));

  self->paused = FALSE;
  self->unreachable_runs = 0;
  request_run (self, REQUEST_SEND | REQUEST_RETRY_NOW, FALSE, NULL);
}

/**
 * lalan_sync_scheduler_retry_record:
 * @self: a scheduler
 * @instance_id: a record waiting or needing review
 *
 * Queues the record again (a record that needed review goes back to the
 * queue as it is) and sends now.
 */
void
lalan_sync_scheduler_retry_record (LalanSyncScheduler *self,
                                   const char         *instance_id)
{
  g_return_if_fail (LALAN_IS_SYNC_SCHEDULER (self));
  g_return_if_fail (instance_id != NULL);

  self->paused = FALSE;
  request_run (self, REQUEST_SEND, FALSE, instance_id);
}

/**
 * lalan_sync_scheduler_server_changed:
 * @self: a scheduler
 *
 * The server's settings changed: any pause ends and records are sent.
 */
void
lalan_sync_scheduler_server_changed (LalanSyncScheduler *self)
{
  g_return_if_fail (LALAN_IS_SYNC_SCHEDULER (self));

  self->paused = FALSE;
  self->unreachable_runs = 0;
  request_run (self, REQUEST_SEND, FALSE, NULL);
}

/**
 * lalan_sync_scheduler_queue_learning_report:
 * @self: a scheduler
 *
 * Makes a learning report of the last seven days now and sends it with
 * the rest; #LalanSyncScheduler::learning-report-queued tells the outcome.
 */
void
lalan_sync_scheduler_queue_learning_report (LalanSyncScheduler *self)
{
  g_return_if_fail (LALAN_IS_SYNC_SCHEDULER (self));

  request_run (self, REQUEST_SEND | REQUEST_REPORT_NOW, TRUE, NULL);
}

LalanStore *
lalan_sync_scheduler_get_store (LalanSyncScheduler *self)
{
  g_return_val_if_fail (LALAN_IS_SYNC_SCHEDULER (self), NULL);
  return self->store;
}

LalanSyncState
lalan_sync_scheduler_get_state (LalanSyncScheduler *self)
{
  g_return_val_if_fail (LALAN_IS_SYNC_SCHEDULER (self), LALAN_SYNC_STATE_IDLE);
  return self->state;
}

const char *
lalan_sync_scheduler_get_problem (LalanSyncScheduler *self)
{
  g_return_val_if_fail (LALAN_IS_SYNC_SCHEDULER (self), NULL);
  return self->problem;
}

guint
lalan_sync_scheduler_get_n_waiting (LalanSyncScheduler *self)
{
  g_return_val_if_fail (LALAN_IS_SYNC_SCHEDULER (self), 0);
  return self->n_waiting;
}

guint
lalan_sync_scheduler_get_n_review (LalanSyncScheduler *self)
{
  g_return_val_if_fail (LALAN_IS_SYNC_SCHEDULER (self), 0);
  return self->n_review;
}

gint64
lalan_sync_scheduler_get_last_contact (LalanSyncScheduler *self)
{
  g_return_val_if_fail (LALAN_IS_SYNC_SCHEDULER (self), 0);
  return self->last_contact;
}

gint64
lalan_sync_scheduler_get_next_run (LalanSyncScheduler *self)
{
  g_return_val_if_fail (LALAN_IS_SYNC_SCHEDULER (self), 0);
  return self->next_run;
}

gboolean
lalan_sync_scheduler_get_avoid_metered (LalanSyncScheduler *self)
{
  g_return_val_if_fail (LALAN_IS_SYNC_SCHEDULER (self), TRUE);
  return self->avoid_metered;
}

void
lalan_sync_scheduler_set_avoid_metered (LalanSyncScheduler *self,
                                        gboolean            avoid_metered)
{
  g_return_if_fail (LALAN_IS_SYNC_SCHEDULER (self));

  avoid_metered = !!avoid_metered;
  if (self->avoid_metered == avoid_metered)
    return;

  self->avoid_metered = avoid_metered;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVOID_METERED]);

  /* Allowed now: what waited for another connection goes. */
  if (!avoid_metered && self->started && self->n_waiting > 0)
    request_run (self, REQUEST_SEND, TRUE, NULL);
}

const char *
lalan_sync_scheduler_get_centre (LalanSyncScheduler *self)
{
  g_return_val_if_fail (LALAN_IS_SYNC_SCHEDULER (self), NULL);
  return self->centre;
}

void
lalan_sync_scheduler_set_centre (LalanSyncScheduler *self,
                                 const char         *centre)
{
  g_return_if_fail (LALAN_IS_SYNC_SCHEDULER (self));

  if (replace_string (&self->centre, centre))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CENTRE]);
}

const char *
lalan_sync_scheduler_get_town (LalanSyncScheduler *self)
{
  g_return_val_if_fail (LALAN_IS_SYNC_SCHEDULER (self), NULL);
  return self->town;
}

void
lalan_sync_scheduler_set_town (LalanSyncScheduler *self,
                               const char         *town)
{
  g_return_if_fail (LALAN_IS_SYNC_SCHEDULER (self));

  if (replace_string (&self->town, town))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOWN]);
}
