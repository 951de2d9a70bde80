/* lalan-probe.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-probe.h"

#include "lalan-probe-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>

/* LalanProbe: the connectivity test, as an object the GUI can hold while
 * it runs. The test itself runs on a dedicated thread (a test lasts tens
 * of seconds, too long to borrow the shared GTask pool), and its progress
 * comes back to the caller's main context as the ::progressed signal. */

struct _LalanProbe
{
  GObject       parent_instance;

  char         *server_url;
  double        duration;
  guint         streams;
  gint64        byte_cap;
  guint         timeout;
  guint         pings;

  gboolean      running;
};

G_DEFINE_FINAL_TYPE (LalanProbe, lalan_probe, G_TYPE_OBJECT)
G_DEFINE_QUARK (lalan-probe-error-quark, lalan_probe_error)
G_DEFINE_BOXED_TYPE (LalanProbeProgress, lalan_probe_progress, lalan_probe_progress_copy, lalan_probe_progress_free)

enum {
  PROP_0,
  PROP_SERVER_URL,
  PROP_DURATION,
  PROP_STREAMS,
  PROP_BYTE_CAP,
  PROP_TIMEOUT,
  PROP_RUNNING,
  N_PROPS
};

enum {
  PROGRESSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* What travels from the caller's thread to the worker and back. */
typedef struct
{
  LalanProbeConfig  config;
  GMainContext     *context;
  GWeakRef          probe;
} RunData;

typedef struct
{
  GWeakRef           probe;
  LalanProbeProgress progress;
} ProgressData;

static void
run_data_free (gpointer data)
{
  RunData *run = data;

  lalan_probe_config_clear (&run->config);
  g_main_context_unref (run->context);
  g_weak_ref_clear (&run->probe);
  g_free (run);
}

static void
progress_data_free (gpointer data)
{
  ProgressData *progress = data;

  g_weak_ref_clear (&progress->probe);
  g_free (progress);
}

static void
set_running (LalanProbe *self,
             gboolean    running)
{
  if (self->running == running)
    return;

  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* Copies everything the worker needs, and asks the system about the
 * network here, on the caller's thread, where GNetworkMonitor lives. */
static gboolean
make_config (LalanProbe        *self,
             LalanProbeConfig  *config,
             GError           **error)
{
  GNetworkMonitor *monitor = g_network_monitor_get_default ();

  config->root = lalan_probe_root_from_url (self->server_url, error);
  if (config->root == NULL)
    return FALSE;

  config->duration = self->duration;
  config->streams = self->streams;
  config->timeout_ms = self->timeout * 1000;
  config->pings = self->pings;
  config->network_available = g_network_monitor_get_network_available (monitor);
  config->connectivity = g_network_monitor_get_connectivity (monitor);
  config->metered = g_network_monitor_get_network_metered (monitor);
  config->byte_cap = self->byte_cap > 0 ? self->byte_cap : lalan_probe_default_byte_cap (config->metered);

  return TRUE;
}

static gboolean
emit_progress_cb (gpointer user_data)
{
  ProgressData *data = user_data;
  g_autoptr(LalanProbe) self = g_weak_ref_get (&data->probe);

  if (self != NULL && self->running)
    g_signal_emit (self, signals[PROGRESSED], 0, &data->progress);

  return G_SOURCE_REMOVE;
}

static void
forward_progress (const LalanProbeProgress *progress,
                  gpointer                  user_data)
{
  RunData *run = user_data;
  ProgressData *data = g_new0 (ProgressData, 1);
  g_autoptr(GObject) probe = g_weak_ref_get (&run->probe);

  g_weak_ref_init (&data->probe, probe);
  data->progress = *progress;
  g_main_context_invoke_full (run->context, G_PRIORITY_DEFAULT, emit_progress_cb, data, progress_data_free);
}

static gpointer
run_thread (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *run = g_task_get_task_data (task);
  GError *error = NULL;
  LalanProbeResult *result;

  result = lalan_probe_worker_run (&run->config, g_task_get_cancellable (task),
                                   forward_progress, run, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) lalan_probe_result_free);

  return NULL;
}

static void
lalan_probe_finalize (GObject *object)
{
  LalanProbe *self = LALAN_PROBE (object);

  g_clear_pointer (&self->server_url, g_free);

  G_OBJECT_CLASS (lalan_probe_parent_class)->finalize (object);
}

static void
lalan_probe_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LalanProbe *self = LALAN_PROBE (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;

    case PROP_DURATION:
      g_value_set_double (value, self->duration);
      break;

    case PROP_STREAMS:
      g_value_set_uint (value, self->streams);
      break;

    case PROP_BYTE_CAP:
      g_value_set_int64 (value, self->byte_cap);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lalan_probe_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  LalanProbe *self = LALAN_PROBE (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_free (self->server_url);
      self->server_url = g_value_dup_string (value);
      break;

    case PROP_DURATION:
      lalan_probe_set_duration (self, g_value_get_double (value));
      break;

    case PROP_STREAMS:
      lalan_probe_set_streams (self, g_value_get_uint (value));
      break;

    case PROP_BYTE_CAP:
      lalan_probe_set_byte_cap (self, g_value_get_int64 (value));
      break;

    case PROP_TIMEOUT:
      lalan_probe_set_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lalan_probe_class_init (LalanProbeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lalan_probe_finalize;
  object_class->get_property = lalan_probe_get_property;
  object_class->set_property = lalan_probe_set_property;

  /**
   * LalanProbe:server-url:
   *
   * The test server: its root (`http://127.0.0.1:8383`) or any address
   * on it (a sync address such as `https://host/v1/key/…/projects/1`).
   */
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * LalanProbe:duration:
   *
   * How long download and upload each run, in seconds, unless the byte cap
   * stops them first.
   */
  properties[PROP_DURATION] =
    g_param_spec_double ("duration", NULL, NULL,
                         0.5, 60.0, LALAN_PROBE_DEFAULT_SECONDS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LalanProbe:streams:
   *
   * Parallel connections for download and upload.
   */
  properties[PROP_STREAMS] =
    g_param_spec_uint ("streams", NULL, NULL,
                       1, 16, LALAN_PROBE_DEFAULT_STREAMS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LalanProbe:byte-cap:
   *
   * The most bytes one test may use, or 0 for the default: 25 MB, or 5 MB
   * when the system says the connection is metered.
   */
  properties[PROP_BYTE_CAP] =
    g_param_spec_int64 ("byte-cap", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LalanProbe:timeout:
   *
   * Seconds without an answer after which the server counts as not
   * answering.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       1, 300, LALAN_PROBE_DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LalanProbe:running:
   *
   * Whether a test is running.
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LalanProbe::progressed:
   * @self: the probe
   * @progress: (type LalanProbeProgress): where the test is
   *
   * Emitted about ten times a second while lalan_probe_run_async() runs,
   * in the main context it was called from.
   */
  signals[PROGRESSED] =
    g_signal_new ("progressed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  LALAN_TYPE_PROBE_PROGRESS | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
lalan_probe_init (LalanProbe *self)
{
  self->duration = LALAN_PROBE_DEFAULT_SECONDS;
  self->streams = LALAN_PROBE_DEFAULT_STREAMS;
  self->timeout = LALAN_PROBE_DEFAULT_TIMEOUT;
  self->pings = LALAN_PROBE_DEFAULT_PINGS;
}

void
lalan_probe_config_clear (LalanProbeConfig *config)
{
  g_clear_pointer (&config->root, g_free);
}

/**
 * lalan_probe_progress_copy:
 * @progress: a progress snapshot
 *
 * Returns: (transfer full): a copy
 */
LalanProbeProgress *
lalan_probe_progress_copy (const LalanProbeProgress *progress)
{
  return g_memdup2 (progress, sizeof *progress);
}

/**
 * lalan_probe_progress_free:
 * @progress: (nullable): a progress snapshot
 */
void
lalan_probe_progress_free (LalanProbeProgress *progress)
{
  g_free (progress);
}

/**
 * lalan_probe_new:
 * @server_url: the test server (see #LalanProbe:server-url)
 *
 * Returns: (transfer full): a probe with the default duration, streams,
 *   cap and timeout
 */
LalanProbe *
lalan_probe_new (const char *server_url)
{
  return g_object_new (LALAN_TYPE_PROBE, "server-url", server_url, NULL);
}

/**
 * lalan_probe_get_server_url:
 * @self: a probe
 *
 * Returns: the test server's address, as given
 */
const char *
lalan_probe_get_server_url (LalanProbe *self)
{
  g_return_val_if_fail (LALAN_IS_PROBE (self), NULL);

  return self->server_url;
}

/**
 * lalan_probe_get_duration:
 * @self: a probe
 *
 * Returns: seconds per download or upload phase
 */
double
lalan_probe_get_duration (LalanProbe *self)
{
  g_return_val_if_fail (LALAN_IS_PROBE (self), 0);

  return self->duration;
}

/**
 * lalan_probe_set_duration:
 * @self: a probe
 * @seconds: seconds per download or upload phase (tests use shorter ones)
 */
void
lalan_probe_set_duration (LalanProbe *self,
                          double      seconds)
{
  g_return_if_fail (LALAN_IS_PROBE (self));

  seconds = CLAMP (seconds, 0.5, 60.0);
  if (self->duration == seconds)
    return;

  self->duration = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

/**
 * lalan_probe_get_streams:
 * @self: a probe
 *
 * Returns: parallel connections for download and upload
 */
guint
lalan_probe_get_streams (LalanProbe *self)
{
  g_return_val_if_fail (LALAN_IS_PROBE (self), 0);

  return self->streams;
}

/**
 * lalan_probe_set_streams:
 * @self: a probe
 * @streams: parallel connections, 1 to 16
 */
void
lalan_probe_set_streams (LalanProbe *self,
                         guint       streams)
{
  g_return_if_fail (LALAN_IS_PROBE (self));

  streams = CLAMP (streams, 1, 16);
  if (self->streams == streams)
    return;

  self->streams = streams;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STREAMS]);
}

/**
 * lalan_probe_get_byte_cap:
 * @self: a probe
 *
 * Returns: the cap set, or 0 for the default
 */
gint64
lalan_probe_get_byte_cap (LalanProbe *self)
{
  g_return_val_if_fail (LALAN_IS_PROBE (self), 0);

  return self->byte_cap;
}

/**
 * lalan_probe_set_byte_cap:
 * @self: a probe
 * @bytes: the most one test may use, or 0 for the default
 */
void
lalan_probe_set_byte_cap (LalanProbe *self,
                          gint64      bytes)
{
  g_return_if_fail (LALAN_IS_PROBE (self));

  bytes = MAX (bytes, 0);
  if (self->byte_cap == bytes)
    return;

  self->byte_cap = bytes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTE_CAP]);
}

/**
 * lalan_probe_get_timeout:
 * @self: a probe
 *
 * Returns: seconds without an answer before giving up
 */
guint
lalan_probe_get_timeout (LalanProbe *self)
{
  g_return_val_if_fail (LALAN_IS_PROBE (self), 0);

  return self->timeout;
}

/**
 * lalan_probe_set_timeout:
 * @self: a probe
 * @seconds: seconds without an answer before giving up
 */
void
lalan_probe_set_timeout (LalanProbe *self,
                         guint       seconds)
{
  g_return_if_fail (LALAN_IS_PROBE (self));

  seconds = CLAMP (seconds, 1, 300);
  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/**
 * lalan_probe_get_running:
 * @self: a probe
 *
 * Returns: whether lalan_probe_run_async() is running
 */
gboolean
lalan_probe_get_running (LalanProbe *self)
{
  g_return_val_if_fail (LALAN_IS_PROBE (self), FALSE);

  return self->running;
}

/**
 * lalan_probe_run:
 * @self: a probe
 * @cancellable: (nullable): stops the test, from any thread
 * @progress: (nullable) (scope call): called on this thread as it runs
 * @user_data: for @progress
 * @error: a location for a #GError
 *
 * Runs a test and blocks until it is done: for the CLI and tests, never
 * on a UI thread.
 *
 * Returns: (transfer full): the result (see its outcome), or %NULL with
 *   @error set when the test could not start or was cancelled
 */
LalanProbeResult *
lalan_probe_run (LalanProbe              *self,
                 GCancellable            *cancellable,
                 LalanProbeProgressFunc   progress,
                 gpointer                 user_data,
                 GError                 **error)
{
  LalanProbeConfig config = { 0 };
  LalanProbeResult *result;

  g_return_val_if_fail (LALAN_IS_PROBE (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!make_config (self, &config, error))
    return NULL;

  result = lalan_probe_worker_run (&config, cancellable, progress, user_data, error);
  lalan_probe_config_clear (&config);

  return result;
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  LalanProbe *self = g_task_get_source_object (outer);
  GError *error = NULL;
  LalanProbeResult *probe_result;

  set_running (self, FALSE);
  probe_result = g_task_propagate_pointer (G_TASK (result), &error);
  if (probe_result == NULL)
    g_task_return_error (outer, error);
  else
    g_task_return_pointer (outer, probe_result, (GDestroyNotify) lalan_probe_result_free);
}

/**
 * lalan_probe_run_async:
 * @self: a probe
 * @cancellable: (nullable): stops the test; the callback then comes within
 *   a second with %G_IO_ERROR_CANCELLED
 * @callback: called in this thread's main context when done
 * @user_data: for @callback
 *
 * Runs a test on a thread of its own, emitting #LalanProbe::progressed
 * while it runs. One test at a time per probe.
 */
void
lalan_probe_run_async (LalanProbe          *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  g_autoptr(GError) error = NULL;
  RunData *run;

  g_return_if_fail (LALAN_IS_PROBE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, lalan_probe_run_async);

  if (self->running)
    {
      g_task_return_new_error (outer, LALAN_PROBE_ERROR, LALAN_PROBE_ERROR_BUSY,
                               "%s", _("A connectivity test is already running."));
      return;
    }

  run = g_new0 (RunData, 1);
  run->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&run->probe, self);
  if (!make_config (self, &run->config, &error))
    {
      run_data_free (run);
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }

  /* The inner task carries the worker's result back to this context; the
   * outer one is the caller's, completed after "running" is cleared. */
  inner = g_task_new (NULL, cancellable, run_done_cb, g_steal_pointer (&outer));
  g_task_set_task_data (inner, run, run_data_free);

  set_running (self, TRUE);
  g_thread_unref (g_thread_new ("lalan-probe", run_thread, g_steal_pointer (&inner)));
}

/**
 * lalan_probe_run_finish:
 * @self: a probe
 * @result: the result given to the callback
 * @error: a location for a #GError
 *
 * Returns: (transfer full): the test's result, or %NULL with @error set
 */
LalanProbeResult *
lalan_probe_run_finish (LalanProbe    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (LALAN_IS_PROBE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * lalan_probe_default_byte_cap:
 * @metered: whether the connection is metered
 *
 * Returns: the most one test uses by default: 25 MB, or 5 MB on a
 *   metered connection, where every megabyte costs someone money
 */
gint64
lalan_probe_default_byte_cap (gboolean metered)
{
  return metered ? LALAN_PROBE_CAP_METERED : LALAN_PROBE_CAP_UNMETERED;
}

/**
 * lalan_probe_root_from_url:
 * @url: a server address: its root, or any address on it
 * @error: a location for a #GError
 *
 * The speed test lives at the root of a lalan-inventory server, whatever
 * path its records are sent to.
 *
 * Returns: (transfer full): `scheme://host[:port]`, or %NULL with @error
 *   set when @url is not an http(s) address
 */
char *
lalan_probe_root_from_url (const char  *url,
                           GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *lower = NULL;
  const char *scheme;

  if (url != NULL)
    uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL || scheme == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_set_error_literal (error, LALAN_PROBE_ERROR, LALAN_PROBE_ERROR_INVALID_URL,
                           _("The test server’s address must start with http:// or https://, such as https://inventory.example.tw."));
      return NULL;
    }

  lower = g_ascii_strdown (scheme, -1);
  return g_uri_join (G_URI_FLAGS_NONE, lower, NULL, g_uri_get_host (uri), g_uri_get_port (uri), "", NULL, NULL);
}
