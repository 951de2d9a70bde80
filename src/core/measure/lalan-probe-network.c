/* lalan-probe-network.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-probe-private.h"

#include <gio/gio.h>
#include <string.h>

/* The kind of network the test ran over, as far as this computer knows:
 * NetworkManager's primary connection when it runs, else the interface of
 * the default route. GNetworkMonitor knows whether there is a network, not
 * what kind it is. */

#define NM_TIMEOUT_MS 500

static const char *
type_from_network_manager (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;
  const char *type;

  bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, NULL);
  if (bus == NULL)
    return NULL;

  reply = g_dbus_connection_call_sync (bus,
                                       "org.freedesktop.NetworkManager",
                                       "/org/freedesktop/NetworkManager",
                                       "org.freedesktop.DBus.Properties", "Get",
                                       g_variant_new ("(ss)", "org.freedesktop.NetworkManager", "PrimaryConnectionType"),
                                       G_VARIANT_TYPE ("(v)"),
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START,
                                       NM_TIMEOUT_MS, NULL, NULL);
  if (reply == NULL)
    return NULL;

  g_variant_get (reply, "(v)", &value);
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return NULL;

  type = g_variant_get_string (value, NULL);
  if (g_str_equal (type, "802-3-ethernet"))
    return "wired";
  if (g_str_equal (type, "802-11-wireless"))
    return "wifi";
  /* A phone shared over Bluetooth is a mobile connection too. */
  if (g_str_equal (type, "gsm") || g_str_equal (type, "cdma") || g_str_equal (type, "bluetooth"))
    return "mobile";

  return NULL;
}

static char *
default_route_interface (void)
{
  g_autofree char *routes = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/net/route", &routes, NULL, NULL))
    return NULL;

  lines = g_strsplit (routes, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (lines[i], " \t", -1);
      const char *name = NULL, *destination = NULL;

      for (guint f = 0; fields[f] != NULL; f++)
        {
          if (*fields[f] == '\0')
            continue;
          if (name == NULL)
            name = fields[f];
          else
            {
              destination = fields[f];
              break;
            }
        }

      if (name != NULL && g_strcmp0 (destination, "00000000") == 0)
        return g_strdup (name);
    }

  return NULL;
}

static const char *
type_from_interface (void)
{
  g_autofree char *name = default_route_interface ();
  g_autofree char *wireless = NULL;

  if (name == NULL || strchr (name, '/') != NULL)
    return NULL;

  wireless = g_build_filename ("/sys/class/net", name, "wireless", NULL);
  if (g_file_test (wireless, G_FILE_TEST_IS_DIR) || g_str_has_prefix (name, "wl"))
    return "wifi";
  if (g_str_has_prefix (name, "ww"))
    return "mobile";
  if (g_str_has_prefix (name, "en") || g_str_has_prefix (name, "eth"))
    return "wired";

  return NULL;
}

/**
 * lalan_probe_detect_network_type:
 *
 * Blocks for up to half a second (a D-Bus call): call it off the UI
 * thread.
 *
 * Returns: (transfer full): "wired", "wifi", "mobile" or "unknown", the
 *   values of the measurement form's network_type
 */
char *
lalan_probe_detect_network_type (void)
{
  const char *type = type_from_network_manager ();

  if (type == NULL)
    type = type_from_interface ();

  return g_strdup (type != NULL ? type : "unknown");
}
