/* lalan-inventory-multipart.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A part of a multipart/form-data body. The body is a slice of the
 * request, not a copy. */
typedef struct
{
  char   *field_name;
  char   *filename;
  char   *content_type;
  GBytes *body;
} LalanInventoryPart;

void       lalan_inventory_part_free           (LalanInventoryPart *part);
GPtrArray *lalan_inventory_multipart_parse     (GBytes             *body,
                                                const char         *boundary,
                                                guint               max_parts,
                                                GError            **error);
gboolean   lalan_inventory_attachment_name_ok  (const char         *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanInventoryPart, lalan_inventory_part_free)

G_END_DECLS
