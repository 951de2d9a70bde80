/* lalan-measure-report.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-measure-report.h"

#include "lalan-bundled-forms.h"
#include "lalan-form-session.h"
#include "lalan-measure-survey.h"
#include "lalan-places.h"
#include "lalan-probe.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* "Save as report": a connectivity test as a finalized record of the
 * bundled lalan_measurement form, filled and checked by the forms engine
 * like any record a person fills, so it is queued and sent by sync as any
 * other. The store keeps the link from the measurement to its record. */

/* The ranges of the form's constraints on rates and delays. */
#define MAX_MBPS 10000.0
#define MAX_MS 5000.0

static gboolean
village_is_listed (const char *village_code)
{
  const LalanVillage *villages;
  guint n;

  villages = lalan_places_get_villages (&n);
  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (villages[i].village_code, village_code))
        return TRUE;
    }

  return FALSE;
}

static gboolean
check_place (const char  *town_code,
             const char  *village_code,
             GError     **error)
{
  if (town_code == NULL || lalan_places_find_district (town_code) == NULL)
    {
      g_set_error_literal (error, LALAN_PROBE_ERROR, LALAN_PROBE_ERROR_PLACE,
                           _("Choose this computer’s district in Preferences before saving a report."));
      return FALSE;
    }

  if (village_code == NULL || strlen (village_code) != 11 ||
      !g_str_has_prefix (village_code, town_code))
    {
      g_set_error_literal (error, LALAN_PROBE_ERROR, LALAN_PROBE_ERROR_PLACE,
                           _("Choose the village where the test was made."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
set_answer (LalanFormSession  *session,
            const char        *path,
            const char        *value,
            GError           **error)
{
  if (value == NULL)
    return TRUE;

  return lalan_form_session_set_value (session, path, value, error);
}

static gboolean
set_owned_answer (LalanFormSession  *session,
                  const char        *path,
                  char              *value,
                  GError           **error)
{
  gboolean ok = set_answer (session, path, value, error);

  g_free (value);
  return ok;
}

static gboolean
fill_session (LalanFormSession        *session,
              const LalanMeasurement  *measurement,
              const char              *town_code,
              const char              *village_code,
              const char              *place_type,
              const char              *method,
              GError                 **error)
{
  g_autoptr(LalanProbeResult) result = lalan_probe_result_from_measurement (measurement);
  g_autofree char *county = g_strndup (town_code, 5);
  gboolean listed = village_is_listed (village_code);

  return set_answer (session, "/data/place/county", county, error) &&
         set_answer (session, "/data/place/town", town_code, error) &&
         set_answer (session, "/data/place/village", listed ? village_code : "other", error) &&
         set_answer (session, "/data/place/village_other", listed ? NULL : village_code, error) &&
         set_answer (session, "/data/place/place_type", place_type, error) &&
         set_owned_answer (session, "/data/result/measured_at", lalan_measure_format_date_time (measurement->taken_at), error) &&
         set_answer (session, "/data/result/method", method, error) &&
         set_owned_answer (session, "/data/result/down_mbps", lalan_measure_format_decimal (measurement->download_mbps, 2), error) &&
         set_owned_answer (session, "/data/result/up_mbps", lalan_measure_format_decimal (measurement->upload_mbps, 2), error) &&
         set_owned_answer (session, "/data/result/latency_ms", lalan_measure_format_decimal (measurement->latency_ms, 1), error) &&
         set_owned_answer (session, "/data/result/jitter_ms", lalan_measure_format_decimal (measurement->jitter_ms, 1), error) &&
         set_owned_answer (session, "/data/result/dns_ms", lalan_measure_format_decimal (measurement->dns_ms, 1), error) &&
         set_answer (session, "/data/result/captive_portal", measurement->captive_portal ? "yes" : "no", error) &&
         set_owned_answer (session, "/data/result/bytes_used", g_strdup_printf ("%" G_GINT64_FORMAT, measurement->bytes_used), error) &&
         set_answer (session, "/data/result/network_type", result->network_type, error) &&
         set_answer (session, "/data/result/metered", result->metered ? "yes" : "no", error);
}

/**
 * lalan_measure_load_report_form:
 * @store: the store
 * @error: a location for a #GError
 *
 * Loads the bundled lalan_measurement form, the bundled forms being
 * registered in the store first (once per version), so the records made
 * from it can always be read.
 *
 * Returns: (transfer full): the form, or %NULL with @error set
 */
LalanForm *
lalan_measure_load_report_form (LalanStore  *store,
                                GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (LALAN_IS_STORE (store), NULL);

  /* Cheap when done already: the store keeps the bundle's fingerprint. */
  if (!lalan_bundled_forms_register (store, NULL, error))
    return NULL;

  bytes = lalan_bundled_forms_load (LALAN_MEASURE_REPORT_FORM_ID, error);
  if (bytes == NULL)
    return NULL;

  return lalan_form_new_from_bytes (bytes, error);
}

/**
 * lalan_measure_save_report:
 * @store: the store
 * @measurement: a complete test, already in the store (it has an id)
 * @town_code: the 8-digit code of one of the 55 districts
 * @village_code: the 11-digit code of a village in it
 * @place_type: where the test was made (%LALAN_MEASURE_PLACE_HOME...)
 * @method: %LALAN_MEASURE_METHOD_APP_TEST, or
 *   %LALAN_MEASURE_METHOD_SCHEDULED for a scheduled test
 * @error: a location for a #GError
 *
 * Saves the test as a finalized lalan_measurement record, ready to be
 * sent, and links the measurement to it. Blocking: call it on the store's
 * worker (lalan_store_run_async()) from the GUI.
 *
 * Returns: (transfer full): the record, or %NULL with @error set
 */
LalanRecord *
lalan_measure_save_report (LalanStore              *store,
                           const LalanMeasurement  *measurement,
                           const char              *town_code,
                           const char              *village_code,
                           const char              *place_type,
                           const char              *method,
                           GError                 **error)
{
  g_autoptr(LalanForm) form = NULL;
  g_autoptr(LalanFormSession) session = NULL;
  g_autoptr(LalanRecord) draft = NULL;
  g_autoptr(GBytes) draft_xml = NULL;
  g_autoptr(GBytes) final_xml = NULL;
  g_autofree char *device_id = NULL;
  g_autofree char *draft_text = NULL;
  g_autofree char *final_text = NULL;
  LalanFormSessionOptions options = { 0 };
  LalanRecord *record;
  const char *instance_id;
  const char *summary;

  g_return_val_if_fail (LALAN_IS_STORE (store), NULL);
  g_return_val_if_fail (measurement != NULL, NULL);
  g_return_val_if_fail (place_type != NULL, NULL);
  g_return_val_if_fail (method != NULL, NULL);

  if (!isfinite (measurement->download_mbps) || !isfinite (measurement->upload_mbps) ||
      !isfinite (measurement->latency_ms))
    {
      g_set_error_literal (error, LALAN_PROBE_ERROR, LALAN_PROBE_ERROR_INCOMPLETE,
                           _("Only a complete test can be saved as a report: this one has no download, upload or delay figure."));
      return NULL;
    }

  /* The form's own limits, checked here so the sentence says which. */
  if (measurement->download_mbps > MAX_MBPS || measurement->upload_mbps > MAX_MBPS ||
      measurement->latency_ms > MAX_MS || (isfinite (measurement->jitter_ms) && measurement->jitter_ms > MAX_MS))
    {
      g_set_error_literal (error, LALAN_PROBE_ERROR, LALAN_PROBE_ERROR_INCOMPLETE,
                           _("This test’s figures are beyond what a report can hold (up to 10 000 Mbit/s and 5 000 ms), so it cannot be saved as a report."));
      return NULL;
    }

  if (!check_place (town_code, village_code, error))
    return NULL;

  form = lalan_measure_load_report_form (store, error);
  if (form == NULL)
    return NULL;

  /* deviceID: the spec wants it prefixed by the client. */
  device_id = g_strconcat ("lalan:", lalan_store_get_device_id (store), NULL);
  options.device_id = device_id;
  session = lalan_form_session_new (form, &options, error);
  if (session == NULL ||
      !fill_session (session, measurement, town_code, village_code, place_type, method, error))
    return NULL;

  instance_id = lalan_form_session_get_instance_id (session);
  summary = lalan_form_session_get_instance_name (session);
  draft_xml = lalan_form_session_serialize (session, LALAN_FORM_SERIALIZE_DRAFT);
  draft_text = g_strndup (g_bytes_get_data (draft_xml, NULL), g_bytes_get_size (draft_xml));
  draft = lalan_store_save_draft (store, instance_id, lalan_form_get_id (form), lalan_form_get_version (form),
                                  draft_text, summary, NULL, error);
  if (draft == NULL)
    return NULL;

  /* Checks every rule of the form; a refusal leaves the draft for a person
   * to look at, as any record would. */
  if (!lalan_form_session_finalize (session, error))
    return NULL;

  final_xml = lalan_form_session_serialize (session, LALAN_FORM_SERIALIZE_SUBMISSION);
  final_text = g_strndup (g_bytes_get_data (final_xml, NULL), g_bytes_get_size (final_xml));
  record = lalan_store_finalize_record (store, instance_id, final_text,
                                        lalan_form_session_get_instance_name (session), error);
  if (record == NULL)
    return NULL;

  if (measurement->id != NULL &&
      !lalan_store_link_measurement (store, measurement->id, instance_id, error))
    {
      g_object_unref (record);
      return NULL;
    }

  return record;
}
