/* lalan-inventory-export.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "lalan-inventory-db.h"

G_BEGIN_DECLS

gboolean lalan_inventory_export_form (LalanInventoryDb  *db,
                                      gint64             project_id,
                                      const char        *xml_form_id,
                                      const char        *zip_path,
                                      GError           **error);

G_END_DECLS
