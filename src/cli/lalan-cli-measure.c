/* lalan-cli-measure.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-cli.h"

#include "lalan-measure-server.h"
#include "lalan-probe.h"
#include "lalan-store.h"
#include "lalan-verdict.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <signal.h>
#include <unistd.h>

typedef struct
{
  GMainLoop        *loop;
  GCancellable     *cancellable;
  LalanProbeResult *result;
  GError           *error;
  gboolean          show_progress;
} MeasureRun;

static const char *
describe_phase (LalanProbePhase phase)
{
  switch (phase)
    {
    case LALAN_PROBE_PHASE_CONTACT:
      return _("Reaching the server");
    case LALAN_PROBE_PHASE_LATENCY:
      return _("Measuring the delay");
    case LALAN_PROBE_PHASE_DOWNLOAD:
      return _("Measuring download");
    case LALAN_PROBE_PHASE_UPLOAD:
      return _("Measuring upload");
    case LALAN_PROBE_PHASE_IDLE:
    case LALAN_PROBE_PHASE_DONE:
    default:
      return "";
    }
}

static void
on_progressed_cb (LalanProbe               *probe,
                  const LalanProbeProgress *progress,
                  MeasureRun               *run)
{
  g_autofree char *line = NULL;

  if (!run->show_progress)
    return;

  if (progress->phase == LALAN_PROBE_PHASE_DONE)
    return;

  if (isfinite (progress->mbps))
    /* Translators: progress while testing, e.g. "Measuring download… 45 %  12.3 Mbit/s" */
    line = g_strdup_printf (_("%s… %3.0f %%  %.1f Mbit/s"), describe_phase (progress->phase),
                            progress->fraction * 100, progress->mbps);
  else
    line = g_strdup_printf (_("%s… %3.0f %%"), describe_phase (progress->phase),
                            progress->fraction * 100);

  /* Over the line before, on a terminal. */
  g_printerr ("\r%-60s", line);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  MeasureRun *run = user_data;

  run->result = lalan_probe_run_finish (LALAN_PROBE (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
interrupted_cb (gpointer user_data)
{
  MeasureRun *run = user_data;

  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
print_figure (const char *label,
              char       *text)
{
  g_print ("  %-30s %s\n", label, text != NULL ? text : _("not measured"));
  g_free (text);
}

static char *
format_mbps (double value)
{
  /* Translators: a rate; keep the %.1f */
  return isfinite (value) ? g_strdup_printf (_("%.1f Mbit/s"), value) : NULL;
}

static char *
format_ms (double value,
           gboolean precise)
{
  if (!isfinite (value))
    return NULL;

  /* Translators: milliseconds; keep the %.1f / %.0f */
  return precise ? g_strdup_printf (_("%.1f ms"), value) : g_strdup_printf (_("%.0f ms"), value);
}

static void
print_human (const LalanProbeResult *result)
{
  g_print (_("Connectivity test against %s\n"), result->server_url);
  if (result->message != NULL)
    g_print ("\n%s\n", result->message);
  g_print ("\n");

  print_figure (_("Download"), format_mbps (result->download_mbps));
  print_figure (_("Upload"), format_mbps (result->upload_mbps));
  print_figure (_("Delay (round trip)"), format_ms (result->latency_ms, FALSE));
  print_figure (_("Jitter"), format_ms (result->jitter_ms, FALSE));
  print_figure (_("Delay while downloading"), format_ms (result->download_loaded_latency_ms, FALSE));
  print_figure (_("Delay while uploading"), format_ms (result->upload_loaded_latency_ms, FALSE));
  print_figure (_("Name lookup (DNS)"), format_ms (result->dns_ms, TRUE));
  print_figure (_("Sign-in page (captive portal)"), g_strdup (result->captive_portal ? _("yes") : _("no")));
  print_figure (_("Data used"), g_format_size (result->bytes_used));

  if (result->outcome == LALAN_PROBE_OUTCOME_COMPLETE)
    {
      int best = lalan_verdict_best_activity (result->download_mbps, result->upload_mbps,
                                              result->latency_ms, result->jitter_ms);

      g_print ("\n%s\n", lalan_verdict_headline (best));
    }
}

static char *
result_json_with_verdict (const LalanProbeResult *result,
                          const char             *measurement_id)
{
  g_autofree char *json = lalan_probe_result_to_json (result, TRUE);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonObject *object;
  int best;

  /* The verdict is the app's reading of the figures, not a figure: added
   * here for scripts rather than stored. */
  if (!json_parser_load_from_data (parser, json, -1, NULL))
    return g_steal_pointer (&json);

  object = json_node_get_object (json_parser_get_root (parser));
  best = lalan_verdict_best_activity (result->download_mbps, result->upload_mbps,
                                      result->latency_ms, result->jitter_ms);
  if (result->outcome == LALAN_PROBE_OUTCOME_COMPLETE && best >= 0)
    json_object_set_string_member (object, "enough_for", lalan_activity_get_id (best));
  else
    json_object_set_null_member (object, "enough_for");
  if (measurement_id != NULL)
    json_object_set_string_member (object, "measurement_id", measurement_id);

  json_generator_set_root (generator, json_parser_get_root (parser));
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

/**
 * lalan_cli_measure:
 *
 * `lalan-cli measure [--server ROOT_URL] [--json]`: the connectivity test
 * from a terminal. The result joins the test history in the database.
 */
int
lalan_cli_measure (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(LalanProbe) probe = NULL;
  LalanStore *store = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanMeasurement) measurement = NULL;
  g_autofree char *server = NULL;
  g_autofree char *measurement_id = NULL;
  MeasureRun run = { 0 };
  gboolean json = FALSE;
  gboolean no_save = FALSE;
  double duration = LALAN_PROBE_DEFAULT_SECONDS;
  int streams = LALAN_PROBE_DEFAULT_STREAMS;
  int timeout = LALAN_PROBE_DEFAULT_TIMEOUT;
  gint64 cap = 0;
  guint interrupt_id, terminate_id;
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server,
      N_("The test server’s root, such as http://127.0.0.1:8383 (default: the one set in Lalan)"), N_("ROOT_URL") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as one JSON object"), NULL },
    { "duration", 0, 0, G_OPTION_ARG_DOUBLE, &duration, N_("Seconds for download and for upload (default 8)"), N_("SECONDS") },
    { "streams", 0, 0, G_OPTION_ARG_INT, &streams, N_("Parallel connections (default 4)"), N_("N") },
    { "cap", 0, 0, G_OPTION_ARG_INT64, &cap, N_("The most bytes the test may use (default 25 MB, 5 MB on a metered connection)"), N_("BYTES") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, N_("Seconds to wait for an answer (default 10)"), N_("SECONDS") },
    { "no-save", 0, 0, G_OPTION_ARG_NONE, &no_save, N_("Do not keep the result in the test history"), NULL },
    { NULL }
  };

  context = lalan_cli_option_context_new (NULL,
                                          _("Measure the connection: delay, download and upload speed, against a Lalan inventory server."),
                                          entries);
  if (!lalan_cli_parse (context, &argc, &argv))
    return LALAN_CLI_USAGE;

  if (argc > 1)
    {
      g_printerr (_("Unexpected argument “%s”.\n"), argv[1]);
      return LALAN_CLI_USAGE;
    }

  if (!no_save || server == NULL)
    {
      store = lalan_store_get_default (&error);
      if (store == NULL)
        {
          lalan_cli_print_error (error);
          return LALAN_CLI_FAILED;
        }
    }

  if (server == NULL)
    {
      server = lalan_measure_find_server (store, NULL, &error);
      if (server == NULL)
        {
          lalan_cli_print_error (error);
          return LALAN_CLI_USAGE;
        }
    }

  probe = lalan_probe_new (server);
  lalan_probe_set_duration (probe, duration);
  lalan_probe_set_streams (probe, (guint) CLAMP (streams, 1, 16));
  lalan_probe_set_timeout (probe, (guint) CLAMP (timeout, 1, 300));
  lalan_probe_set_byte_cap (probe, cap);

  run.loop = loop;
  run.cancellable = cancellable;
  run.show_progress = !json && isatty (STDERR_FILENO);
  g_signal_connect (probe, "progressed", G_CALLBACK (on_progressed_cb), &run);

  /* Ctrl+C stops the test cleanly, within a second. */
  interrupt_id = g_unix_signal_add (SIGINT, interrupted_cb, &run);
  terminate_id = g_unix_signal_add (SIGTERM, interrupted_cb, &run);
  lalan_probe_run_async (probe, cancellable, run_done_cb, &run);
  g_main_loop_run (loop);
  g_source_remove (interrupt_id);
  g_source_remove (terminate_id);

  if (run.show_progress)
    g_printerr ("\r%60s\r", "");

  if (run.result == NULL)
    {
      if (g_error_matches (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_printerr ("%s\n", _("The test was stopped."));
      else
        lalan_cli_print_error (run.error);
      g_clear_error (&run.error);
      return LALAN_CLI_FAILED;
    }

  if (!no_save)
    {
      measurement = lalan_probe_result_to_measurement (run.result);
      measurement_id = lalan_store_add_measurement (store, measurement, &error);
      if (measurement_id == NULL)
        {
          lalan_cli_print_error (error);
          g_clear_error (&error);
        }
    }

  if (json)
    {
      g_autofree char *text = result_json_with_verdict (run.result, measurement_id);

      g_print ("%s\n", text);
    }
  else
    print_human (run.result);

  {
    gboolean complete = run.result->outcome == LALAN_PROBE_OUTCOME_COMPLETE;

    lalan_probe_result_free (run.result);
    return complete ? LALAN_CLI_OK : LALAN_CLI_FAILED;
  }
}
