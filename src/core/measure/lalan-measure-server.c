/* lalan-measure-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-measure-server.h"

#include "lalan-probe.h"
#include "lalan-sync-server.h"

#include <glib/gi18n-lib.h>

static char *
read_setting (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  /* The CLI may run where the app's schema is not installed. */
  if (source == NULL ||
      (schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE)) == NULL ||
      !g_settings_schema_has_key (schema, LALAN_MEASURE_SERVER_SETTING))
    return NULL;

  settings = g_settings_new (APPLICATION_ID);
  return g_settings_get_string (settings, LALAN_MEASURE_SERVER_SETTING);
}

/**
 * lalan_measure_find_server:
 * @store: (nullable): the store, to find the server records are sent to
 * @preferred: (nullable): the test server set in Preferences, if the
 *   caller has read it already; %NULL to read it here
 * @error: a location for a #GError
 *
 * The server a connectivity test runs against: the test server set in
 * Preferences, else the inventory server records are sent to.
 *
 * Returns: (transfer full): the server's root URL, or %NULL with @error set
 *   (%LALAN_PROBE_ERROR_NO_SERVER when none is set)
 */
char *
lalan_measure_find_server (LalanStore  *store,
                           const char  *preferred,
                           GError     **error)
{
  g_autofree char *setting = NULL;
  g_autofree char *sync_url = NULL;

  if (preferred == NULL)
    preferred = setting = read_setting ();

  if (preferred != NULL && *preferred != '\0')
    return lalan_probe_root_from_url (preferred, error);

  /* The address records are sent to, as a person sees it (token hidden):
   * only its root counts here, and the keyring is not touched. */
  if (store != NULL)
    sync_url = lalan_sync_server_load_public_url (store, NULL, NULL);

  if (sync_url != NULL && *sync_url != '\0')
    return lalan_probe_root_from_url (sync_url, error);

  g_set_error_literal (error, LALAN_PROBE_ERROR, LALAN_PROBE_ERROR_NO_SERVER,
                       _("No test server is set yet. Set the inventory server, or a test server, in Preferences."));
  return NULL;
}
