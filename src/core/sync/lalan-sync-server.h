/* lalan-sync-server.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "lalan-store.h"
#include "lalan-sync-secret.h"

G_BEGIN_DECLS

/**
 * LalanSyncServerKind:
 * @LALAN_SYNC_SERVER_TOKEN: an address of ODK Central's shape,
 *   `https://HOST/v1/key/TOKEN/projects/ID`, whose token is the secret
 * @LALAN_SYNC_SERVER_PASSWORD: a plain OpenRosa base address, with a user
 *   name and password when the server asks for them (Basic or Digest)
 *
 * How a server is addressed and signed in to.
 */
typedef enum
{
  LALAN_SYNC_SERVER_TOKEN,
  LALAN_SYNC_SERVER_PASSWORD,
} LalanSyncServerKind;

#define LALAN_TYPE_SYNC_SERVER (lalan_sync_server_get_type ())

typedef struct _LalanSyncServer LalanSyncServer;

GType                lalan_sync_server_get_type        (void) G_GNUC_CONST;
LalanSyncServer     *lalan_sync_server_new             (const char       *url,
                                                        const char       *username,
                                                        const char       *password,
                                                        GError          **error);
LalanSyncServer     *lalan_sync_server_ref             (LalanSyncServer  *self);
void                 lalan_sync_server_unref           (LalanSyncServer  *self);

LalanSyncServerKind  lalan_sync_server_get_kind        (LalanSyncServer  *self);
const char          *lalan_sync_server_get_public_url  (LalanSyncServer  *self);
const char          *lalan_sync_server_get_base_url    (LalanSyncServer  *self);
const char          *lalan_sync_server_get_username    (LalanSyncServer  *self);
const char          *lalan_sync_server_get_password    (LalanSyncServer  *self);
gboolean             lalan_sync_server_has_secret      (LalanSyncServer  *self);
char                *lalan_sync_server_build_url       (LalanSyncServer  *self,
                                                        const char       *tail);

gboolean             lalan_sync_server_save            (LalanSyncServer  *self,
                                                        LalanStore       *store,
                                                        LalanSecretPlace *place,
                                                        GError          **error);
LalanSyncServer     *lalan_sync_server_load            (LalanStore       *store,
                                                        LalanSecretPlace *place,
                                                        GError          **error);
char                *lalan_sync_server_load_public_url (LalanStore       *store,
                                                        char            **username,
                                                        GError          **error);
gboolean             lalan_sync_server_forget          (LalanStore       *store,
                                                        GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanSyncServer, lalan_sync_server_unref)

G_END_DECLS
