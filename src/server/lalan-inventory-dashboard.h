/* lalan-inventory-dashboard.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "lalan-inventory-i18n.h"
#include "lalan-inventory-report.h"

G_BEGIN_DECLS

char *lalan_inventory_dashboard_render (LalanInventoryReport   *report,
                                        LalanInventoryLanguage  language);

G_END_DECLS
