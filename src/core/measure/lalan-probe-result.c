/* lalan-probe-result.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-probe-result.h"

#include <json-glib/json-glib.h>
#include <math.h>

/* The figures that have no column of their own in the store's
 * measurements table travel in its details_json, under these names; the
 * CLI's --json uses the same names for everything. */
typedef struct
{
  const char *name;
  gsize       offset;
} DoubleField;

#define DOUBLE_FIELD(name) { #name, G_STRUCT_OFFSET (LalanProbeResult, name) }

/* Fields kept in details_json (the others are measurement columns). */
static const DoubleField detail_doubles[] = {
  DOUBLE_FIELD (duration_s),
  DOUBLE_FIELD (connect_ms),
  DOUBLE_FIELD (tls_ms),
  DOUBLE_FIELD (latency_min_ms),
  DOUBLE_FIELD (download_p90_mbps),
  DOUBLE_FIELD (upload_p90_mbps),
  DOUBLE_FIELD (download_loaded_latency_ms),
  DOUBLE_FIELD (upload_loaded_latency_ms),
};

static const char *outcome_names[] = {
  "complete", "captive_portal", "timeout", "unreachable", "failed",
};

static const char *connectivity_names[] = {
  NULL, "local", "limited", "portal", "full",
};

G_DEFINE_BOXED_TYPE (LalanProbeResult, lalan_probe_result, lalan_probe_result_copy, lalan_probe_result_free)

static double *
double_at (const LalanProbeResult *result,
           gsize                   offset)
{
  return (double *) G_STRUCT_MEMBER_P ((gpointer) result, offset);
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static double
read_double (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return NAN;

  return json_node_get_double (node);
}

static const char *
read_string (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gint64
read_int (JsonObject *object,
          const char *name,
          gint64      fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return fallback;

  return json_node_get_int (node);
}

static gboolean
read_bool (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_TYPE (node) == JSON_NODE_VALUE &&
         json_node_get_boolean (node);
}

static const char *
connectivity_to_string (int connectivity)
{
  if (connectivity >= 1 && connectivity < (int) G_N_ELEMENTS (connectivity_names))
    return connectivity_names[connectivity];

  return "unknown";
}

static int
connectivity_from_string (const char *text)
{
  for (guint i = 1; text != NULL && i < G_N_ELEMENTS (connectivity_names); i++)
    {
      if (g_str_equal (text, connectivity_names[i]))
        return (int) i;
    }

  return 0;
}

/* The figures both the details and the full JSON carry. */
static void
add_details (JsonBuilder            *builder,
             const LalanProbeResult *result)
{
  json_builder_set_member_name (builder, "outcome");
  json_builder_add_string_value (builder, lalan_probe_outcome_to_string (result->outcome));
  if (result->message != NULL)
    {
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, result->message);
    }

  for (guint i = 0; i < G_N_ELEMENTS (detail_doubles); i++)
    add_double (builder, detail_doubles[i].name, *double_at (result, detail_doubles[i].offset));

  json_builder_set_member_name (builder, "latency_samples");
  json_builder_add_int_value (builder, result->latency_samples);
  json_builder_set_member_name (builder, "network_available");
  json_builder_add_boolean_value (builder, result->network_available);
  json_builder_set_member_name (builder, "connectivity");
  json_builder_add_string_value (builder, connectivity_to_string (result->connectivity));
  json_builder_set_member_name (builder, "metered");
  json_builder_add_boolean_value (builder, result->metered);
  json_builder_set_member_name (builder, "network_type");
  json_builder_add_string_value (builder, result->network_type ? result->network_type : "unknown");
  if (result->captive_portal_host != NULL)
    {
      json_builder_set_member_name (builder, "captive_portal_host");
      json_builder_add_string_value (builder, result->captive_portal_host);
    }
  json_builder_set_member_name (builder, "byte_cap");
  json_builder_add_int_value (builder, result->byte_cap);
  json_builder_set_member_name (builder, "streams");
  json_builder_add_int_value (builder, result->streams);
}

static char *
builder_to_string (JsonBuilder *builder,
                   gboolean     pretty)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, pretty);

  return json_generator_to_data (generator, NULL);
}

/**
 * lalan_probe_result_new:
 *
 * Returns: (transfer full): a result with nothing measured yet
 */
LalanProbeResult *
lalan_probe_result_new (void)
{
  LalanProbeResult *result = g_new0 (LalanProbeResult, 1);

  result->network_type = g_strdup ("unknown");
  result->duration_s = NAN;
  result->dns_ms = NAN;
  result->connect_ms = NAN;
  result->tls_ms = NAN;
  result->latency_ms = NAN;
  result->latency_min_ms = NAN;
  result->jitter_ms = NAN;
  result->download_mbps = NAN;
  result->download_p90_mbps = NAN;
  result->upload_mbps = NAN;
  result->upload_p90_mbps = NAN;
  result->download_loaded_latency_ms = NAN;
  result->upload_loaded_latency_ms = NAN;

  return result;
}

/**
 * lalan_probe_result_copy:
 * @result: a result
 *
 * Returns: (transfer full): a copy
 */
LalanProbeResult *
lalan_probe_result_copy (const LalanProbeResult *result)
{
  LalanProbeResult *copy = g_memdup2 (result, sizeof *result);

  copy->message = g_strdup (result->message);
  copy->server_url = g_strdup (result->server_url);
  copy->network_type = g_strdup (result->network_type);
  copy->captive_portal_host = g_strdup (result->captive_portal_host);

  return copy;
}

/**
 * lalan_probe_result_free:
 * @result: (nullable): a result
 */
void
lalan_probe_result_free (LalanProbeResult *result)
{
  if (result == NULL)
    return;

  g_free (result->message);
  g_free (result->server_url);
  g_free (result->network_type);
  g_free (result->captive_portal_host);
  g_free (result);
}

/**
 * lalan_probe_outcome_to_string:
 * @outcome: an outcome
 *
 * Returns: its stable name ("complete", "timeout"...), as stored and as the
 *   CLI prints it
 */
const char *
lalan_probe_outcome_to_string (LalanProbeOutcome outcome)
{
  if ((guint) outcome < G_N_ELEMENTS (outcome_names))
    return outcome_names[outcome];

  return "failed";
}

/**
 * lalan_probe_outcome_from_string:
 * @text: a name from lalan_probe_outcome_to_string()
 * @outcome: (out): the outcome
 *
 * Returns: whether @text names an outcome
 */
gboolean
lalan_probe_outcome_from_string (const char        *text,
                                 LalanProbeOutcome *outcome)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (outcome_names); i++)
    {
      if (g_str_equal (text, outcome_names[i]))
        {
          *outcome = (LalanProbeOutcome) i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * lalan_probe_result_to_measurement:
 * @result: a result
 *
 * The result as the store keeps it (lalan_store_add_measurement()): the
 * main figures as columns, the others in details_json.
 *
 * Returns: (transfer full): a measurement without an id
 */
LalanMeasurement *
lalan_probe_result_to_measurement (const LalanProbeResult *result)
{
  LalanMeasurement *measurement = lalan_measurement_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (result != NULL, NULL);

  measurement->taken_at = result->started_at;
  measurement->server_url = g_strdup (result->server_url);
  measurement->download_mbps = result->download_mbps;
  measurement->upload_mbps = result->upload_mbps;
  measurement->latency_ms = result->latency_ms;
  measurement->jitter_ms = result->jitter_ms;
  measurement->dns_ms = result->dns_ms;
  measurement->captive_portal = result->captive_portal;
  measurement->bytes_used = result->bytes_used;

  json_builder_begin_object (builder);
  add_details (builder, result);
  json_builder_end_object (builder);
  measurement->details_json = builder_to_string (builder, FALSE);

  return measurement;
}

/**
 * lalan_probe_result_from_measurement:
 * @measurement: a measurement from the store
 *
 * The inverse of lalan_probe_result_to_measurement(). Details that are
 * missing or unreadable (a measurement typed in by hand, an older version)
 * stay NAN or unknown.
 *
 * Returns: (transfer full): the result
 */
LalanProbeResult *
lalan_probe_result_from_measurement (const LalanMeasurement *measurement)
{
  LalanProbeResult *result = lalan_probe_result_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *details = NULL;

  g_return_val_if_fail (measurement != NULL, NULL);

  result->started_at = measurement->taken_at;
  result->server_url = g_strdup (measurement->server_url);
  result->download_mbps = measurement->download_mbps;
  result->upload_mbps = measurement->upload_mbps;
  result->latency_ms = measurement->latency_ms;
  result->jitter_ms = measurement->jitter_ms;
  result->dns_ms = measurement->dns_ms;
  result->captive_portal = measurement->captive_portal;
  result->bytes_used = measurement->bytes_used;

  if (measurement->details_json != NULL &&
      json_parser_load_from_data (parser, measurement->details_json, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    details = json_node_get_object (json_parser_get_root (parser));

  if (details == NULL)
    return result;

  if (!lalan_probe_outcome_from_string (read_string (details, "outcome"), &result->outcome))
    result->outcome = LALAN_PROBE_OUTCOME_COMPLETE;
  result->message = g_strdup (read_string (details, "message"));

  for (guint i = 0; i < G_N_ELEMENTS (detail_doubles); i++)
    *double_at (result, detail_doubles[i].offset) = read_double (details, detail_doubles[i].name);

  result->latency_samples = (guint) CLAMP (read_int (details, "latency_samples", 0), 0, G_MAXUINT);
  result->network_available = read_bool (details, "network_available");
  result->connectivity = connectivity_from_string (read_string (details, "connectivity"));
  result->metered = read_bool (details, "metered");
  if (read_string (details, "network_type") != NULL)
    {
      g_free (result->network_type);
      result->network_type = g_strdup (read_string (details, "network_type"));
    }
  result->captive_portal_host = g_strdup (read_string (details, "captive_portal_host"));
  result->byte_cap = read_int (details, "byte_cap", 0);
  result->streams = (guint) CLAMP (read_int (details, "streams", 0), 0, G_MAXUINT);

  return result;
}

/**
 * lalan_probe_result_to_json:
 * @result: a result
 * @pretty: whether to indent
 *
 * Every figure as one JSON object: `download_mbps`, `upload_mbps`,
 * `latency_ms`, `jitter_ms`, `dns_ms`, `captive_portal`, `bytes_used` and
 * the details (names as in #LalanProbeResult). Figures not measured are
 * `null`; `started_at` is ISO 8601 in UTC.
 *
 * Returns: (transfer full): the JSON text
 */
char *
lalan_probe_result_to_json (const LalanProbeResult *result,
                            gboolean                pretty)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) started = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  json_builder_begin_object (builder);
  add_double (builder, "download_mbps", result->download_mbps);
  add_double (builder, "upload_mbps", result->upload_mbps);
  add_double (builder, "latency_ms", result->latency_ms);
  add_double (builder, "jitter_ms", result->jitter_ms);
  add_double (builder, "dns_ms", result->dns_ms);
  json_builder_set_member_name (builder, "captive_portal");
  json_builder_add_boolean_value (builder, result->captive_portal);
  json_builder_set_member_name (builder, "bytes_used");
  json_builder_add_int_value (builder, result->bytes_used);
  json_builder_set_member_name (builder, "server_url");
  json_builder_add_string_value (builder, result->server_url);

  started = g_date_time_new_from_unix_utc (result->started_at / G_USEC_PER_SEC);
  if (started != NULL)
    {
      g_autofree char *text = g_date_time_format_iso8601 (started);

      json_builder_set_member_name (builder, "started_at");
      json_builder_add_string_value (builder, text);
    }

  add_details (builder, result);
  json_builder_end_object (builder);

  return builder_to_string (builder, pretty);
}
