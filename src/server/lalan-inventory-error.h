/* lalan-inventory-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LALAN_INVENTORY_ERROR (lalan_inventory_error_quark ())

/**
 * LalanInventoryError:
 * @LALAN_INVENTORY_ERROR_FAILED: something went wrong that the person cannot fix
 * @LALAN_INVENTORY_ERROR_INVALID: the input is malformed (HTTP 400)
 * @LALAN_INVENTORY_ERROR_NOT_FOUND: a form, version, token or file is unknown (404)
 * @LALAN_INVENTORY_ERROR_CONFLICT: the input contradicts what is stored (409)
 * @LALAN_INVENTORY_ERROR_TOO_LARGE: the input is over a limit (413)
 * @LALAN_INVENTORY_ERROR_DATABASE: the database could not be read or written
 *
 * Errors of the inventory server; the message is a translated sentence.
 */
typedef enum
{
  LALAN_INVENTORY_ERROR_FAILED,
  LALAN_INVENTORY_ERROR_INVALID,
  LALAN_INVENTORY_ERROR_NOT_FOUND,
  LALAN_INVENTORY_ERROR_CONFLICT,
  LALAN_INVENTORY_ERROR_TOO_LARGE,
  LALAN_INVENTORY_ERROR_DATABASE,
} LalanInventoryError;

GQuark lalan_inventory_error_quark (void);

G_END_DECLS
