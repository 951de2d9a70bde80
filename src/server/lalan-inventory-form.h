/* lalan-inventory-form.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "lalan-export.h"

G_BEGIN_DECLS

typedef struct
{
  char *xml_form_id;
  char *version;
  char *title;
} LalanInventoryFormInfo;

/* A table of an export: the form's root, or one repeat (the core's
 * #LalanExportTable). Columns are paths relative to the table's element
 * ("place/town"). */
typedef LalanExportTable LalanInventoryTable;

#define LALAN_INVENTORY_MAX_FORM_SIZE (8 * 1024 * 1024)

gboolean             lalan_inventory_form_read_info     (GBytes                  *xml,
                                                         LalanInventoryFormInfo  *info,
                                                         GError                 **error);
void                 lalan_inventory_form_info_clear    (LalanInventoryFormInfo  *info);
LalanInventoryTable *lalan_inventory_form_build_schema  (const char              *xml_form_id,
                                                         GPtrArray               *versions,
                                                         GError                 **error);
void                 lalan_inventory_table_free         (LalanInventoryTable     *table);
char                *lalan_inventory_table_column_title (const char              *column);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LalanInventoryFormInfo, lalan_inventory_form_info_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanInventoryTable, lalan_inventory_table_free)

G_END_DECLS
