/* lalan-inventory-server.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What the server is started with; see `lalan-inventory --help`. */
typedef struct
{
  const char *data_dir;
  const char *lessons_dir;
  const char *tls_cert;
  const char *tls_key;
  gint64      max_submission_bytes;
} LalanInventoryServerOptions;

/* The request body limit ODK Central announces, 100 MB. */
#define LALAN_INVENTORY_DEFAULT_MAX_SUBMISSION (100 * 1000 * 1000)

#define LALAN_TYPE_INVENTORY_SERVER (lalan_inventory_server_get_type ())

G_DECLARE_FINAL_TYPE (LalanInventoryServer, lalan_inventory_server, LALAN, INVENTORY_SERVER, GObject)

LalanInventoryServer *lalan_inventory_server_new     (const LalanInventoryServerOptions  *options,
                                                      GError                            **error);
gboolean              lalan_inventory_server_listen  (LalanInventoryServer               *self,
                                                      const char                         *address,
                                                      GError                            **error);
char                 *lalan_inventory_server_get_url (LalanInventoryServer               *self);
void                  lalan_inventory_server_stop    (LalanInventoryServer               *self);
gboolean              lalan_inventory_refresh_facts  (const char                         *db_path,
                                                      GError                            **error);

G_END_DECLS
