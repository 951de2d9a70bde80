/* lalan-sync-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LALAN_SYNC_ERROR (lalan_sync_error_quark ())

/**
 * LalanSyncError:
 * @LALAN_SYNC_ERROR_FAILED: anything not listed below
 * @LALAN_SYNC_ERROR_NOT_CONFIGURED: no server is set up on this computer
 * @LALAN_SYNC_ERROR_INVALID_URL: the server address cannot be used (not a
 *   URL, plain http to another computer, a user name inside it...)
 * @LALAN_SYNC_ERROR_UNREACHABLE: the server's name cannot be found or it
 *   does not answer (no network, wrong address, server down)
 * @LALAN_SYNC_ERROR_TIMED_OUT: the server stopped answering in the middle
 * @LALAN_SYNC_ERROR_TLS: the server's identity cannot be checked
 * @LALAN_SYNC_ERROR_CAPTIVE_PORTAL: the network answered with a page of its
 *   own (a sign-in page) instead of the server's answer
 * @LALAN_SYNC_ERROR_AUTH: the token or the user name and password were refused
 * @LALAN_SYNC_ERROR_NOT_OPENROSA: what answered is not an OpenRosa server,
 *   or not the project the address names
 * @LALAN_SYNC_ERROR_SERVER: the server failed (5xx) or answered something
 *   it should not have
 * @LALAN_SYNC_ERROR_REFUSED: the server refused one record for good (its
 *   reason is in the message)
 * @LALAN_SYNC_ERROR_TOO_LARGE: a record is larger than the server accepts
 * @LALAN_SYNC_ERROR_NO_KEYRING: the secret could not be kept or read
 * @LALAN_SYNC_ERROR_BAD_FILE: a sync file is damaged, changed, or not a
 *   sync file
 * @LALAN_SYNC_ERROR_BAD_FORM: a form from the server cannot be used
 * @LALAN_SYNC_ERROR_NOT_FOUND: the server does not have a file it was asked for
 *
 * Why sending, receiving forms or a sync file failed. Messages are
 * translated sentences for a person: never a curl code, an HTTP status or
 * a body.
 */
typedef enum
{
  LALAN_SYNC_ERROR_FAILED,
  LALAN_SYNC_ERROR_NOT_CONFIGURED,
  LALAN_SYNC_ERROR_INVALID_URL,
  LALAN_SYNC_ERROR_UNREACHABLE,
  LALAN_SYNC_ERROR_TIMED_OUT,
  LALAN_SYNC_ERROR_TLS,
  LALAN_SYNC_ERROR_CAPTIVE_PORTAL,
  LALAN_SYNC_ERROR_AUTH,
  LALAN_SYNC_ERROR_NOT_OPENROSA,
  LALAN_SYNC_ERROR_SERVER,
  LALAN_SYNC_ERROR_REFUSED,
  LALAN_SYNC_ERROR_TOO_LARGE,
  LALAN_SYNC_ERROR_NO_KEYRING,
  LALAN_SYNC_ERROR_BAD_FILE,
  LALAN_SYNC_ERROR_BAD_FORM,
  LALAN_SYNC_ERROR_NOT_FOUND,
} LalanSyncError;

GQuark   lalan_sync_error_quark        (void);

gboolean lalan_sync_error_pauses_queue (const GError *error);
gboolean lalan_sync_error_is_transient (const GError *error);

G_END_DECLS
