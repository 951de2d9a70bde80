/* lalan-sync-secret.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * LalanSecretPlace:
 * @LALAN_SECRET_PLACE_NONE: nowhere (nothing kept)
 * @LALAN_SECRET_PLACE_KEYRING: the desktop's keyring, through libsecret
 * @LALAN_SECRET_PLACE_FILE: a file in the data folder only this user can
 *   read, on computers without a keyring service
 *
 * Where a server token or password is kept.
 */
typedef enum
{
  LALAN_SECRET_PLACE_NONE,
  LALAN_SECRET_PLACE_KEYRING,
  LALAN_SECRET_PLACE_FILE,
} LalanSecretPlace;

gboolean  lalan_sync_secret_keyring_available (void);
char     *lalan_sync_secret_get_file_path     (void);
gboolean  lalan_sync_secret_store             (const char        *server_key,
                                               const char        *secret,
                                               LalanSecretPlace  *place,
                                               GError           **error);
char     *lalan_sync_secret_lookup            (const char        *server_key,
                                               LalanSecretPlace  *place,
                                               GError           **error);
void      lalan_sync_secret_clear             (void);

G_END_DECLS
