/* lalan-sync-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-sync-error.h"

#include <gio/gio.h>

G_DEFINE_QUARK (lalan-sync-error-quark, lalan_sync_error)

/**
 * lalan_sync_error_pauses_queue:
 * @error: an error from sync
 *
 * Whether the error concerns the whole queue and needs a person (sign in
 * to the network, fix the credentials or the address): sending stops
 * until then, and no record is charged with a failed attempt.
 *
 * Returns: %TRUE for such an error
 */
gboolean
lalan_sync_error_pauses_queue (const GError *error)
{
  if (error == NULL || error->domain != LALAN_SYNC_ERROR)
    return FALSE;

  switch ((LalanSyncError) error->code)
    {
    case LALAN_SYNC_ERROR_NOT_CONFIGURED:
    case LALAN_SYNC_ERROR_INVALID_URL:
    case LALAN_SYNC_ERROR_TLS:
    case LALAN_SYNC_ERROR_CAPTIVE_PORTAL:
    case LALAN_SYNC_ERROR_AUTH:
    case LALAN_SYNC_ERROR_NOT_OPENROSA:
    case LALAN_SYNC_ERROR_NO_KEYRING:
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * lalan_sync_error_is_transient:
 * @error: an error from sync
 *
 * Whether trying again later may succeed with nothing changed: the
 * network, a timeout, a server failure.
 *
 * Returns: %TRUE for such an error
 */
gboolean
lalan_sync_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != LALAN_SYNC_ERROR)
    return FALSE;

  switch ((LalanSyncError) error->code)
    {
    case LALAN_SYNC_ERROR_UNREACHABLE:
    case LALAN_SYNC_ERROR_TIMED_OUT:
    case LALAN_SYNC_ERROR_SERVER:
    case LALAN_SYNC_ERROR_FAILED:
      return TRUE;
    default:
      return FALSE;
    }
}
