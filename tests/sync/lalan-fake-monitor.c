/* lalan-fake-monitor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-fake-monitor.h"

struct _LalanFakeMonitor
{
  GObject              parent_instance;
  gboolean             available;
  gboolean             metered;
  GNetworkConnectivity connectivity;
};

static void lalan_fake_monitor_iface_init (GNetworkMonitorInterface *iface);
static void lalan_fake_monitor_initable_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LalanFakeMonitor, lalan_fake_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, lalan_fake_monitor_initable_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, lalan_fake_monitor_iface_init))

enum {
  PROP_0,
  PROP_NETWORK_AVAILABLE,
  PROP_NETWORK_METERED,
  PROP_CONNECTIVITY,
};

static gboolean
can_reach (GNetworkMonitor     *monitor,
           GSocketConnectable  *connectable,
           GCancellable        *cancellable,
           GError             **error)
{
  return LALAN_FAKE_MONITOR (monitor)->available;
}

static gboolean
initable_init (GInitable     *initable,
               GCancellable  *cancellable,
               GError       **error)
{
  return TRUE;
}

static void
lalan_fake_monitor_initable_init (GInitableIface *iface)
{
  iface->init = initable_init;
}

static void
lalan_fake_monitor_iface_init (GNetworkMonitorInterface *iface)
{
  iface->can_reach = can_reach;
}

static void
lalan_fake_monitor_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LalanFakeMonitor *self = LALAN_FAKE_MONITOR (object);

  switch (prop_id)
    {
    case PROP_NETWORK_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case PROP_NETWORK_METERED:
      g_value_set_boolean (value, self->metered);
      break;
    case PROP_CONNECTIVITY:
      g_value_set_enum (value, self->connectivity);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lalan_fake_monitor_class_init (LalanFakeMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = lalan_fake_monitor_get_property;

  g_object_class_override_property (object_class, PROP_NETWORK_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, PROP_NETWORK_METERED, "network-metered");
  g_object_class_override_property (object_class, PROP_CONNECTIVITY, "connectivity");
}

static void
lalan_fake_monitor_init (LalanFakeMonitor *self)
{
  self->available = TRUE;
  self->connectivity = G_NETWORK_CONNECTIVITY_FULL;
}

LalanFakeMonitor *
lalan_fake_monitor_new (void)
{
  return g_object_new (LALAN_TYPE_FAKE_MONITOR, NULL);
}

/**
 * lalan_fake_monitor_set:
 *
 * Changes the network and says so, as a real monitor would.
 */
void
lalan_fake_monitor_set (LalanFakeMonitor     *self,
                        gboolean              available,
                        gboolean              metered,
                        GNetworkConnectivity  connectivity)
{
  self->available = available;
  self->metered = metered;
  self->connectivity = connectivity;
  g_object_notify (G_OBJECT (self), "network-available");
  g_object_notify (G_OBJECT (self), "network-metered");
  g_object_notify (G_OBJECT (self), "connectivity");
  g_signal_emit_by_name (self, "network-changed", available);
}
