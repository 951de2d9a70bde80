/* lalan-inventory-spool.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LalanInventorySpool LalanInventorySpool;

LalanInventorySpool *lalan_inventory_spool_new      (const char           *tmp_dir,
                                                     gsize                 memory_limit);
void                 lalan_inventory_spool_free     (LalanInventorySpool  *spool);
gboolean             lalan_inventory_spool_append   (LalanInventorySpool  *spool,
                                                     const void           *data,
                                                     gsize                 length,
                                                     GError              **error);
gsize                lalan_inventory_spool_get_size (LalanInventorySpool  *spool);
GBytes              *lalan_inventory_spool_finish   (LalanInventorySpool  *spool,
                                                     GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanInventorySpool, lalan_inventory_spool_free)

G_END_DECLS
