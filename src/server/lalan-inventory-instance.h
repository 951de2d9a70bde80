/* lalan-inventory-instance.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

/* What an OpenRosa instance says about itself. */
typedef struct
{
  char *xml_form_id;
  char *version;
  char *instance_id;
  char *deprecated_id;
} LalanInventoryInstanceMeta;

/* Instances bigger than this are refused whatever the request limit:
 * a household interview is about 10 kB. */
#define LALAN_INVENTORY_MAX_INSTANCE_SIZE (10 * 1024 * 1024)

gboolean lalan_inventory_instance_read_meta  (xmlDoc                      *doc,
                                              LalanInventoryInstanceMeta  *meta,
                                              GError                     **error);
void     lalan_inventory_instance_meta_clear (LalanInventoryInstanceMeta  *meta);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LalanInventoryInstanceMeta, lalan_inventory_instance_meta_clear)

G_END_DECLS
