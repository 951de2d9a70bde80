/* lalan-inventory-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-error.h"

G_DEFINE_QUARK (lalan-inventory-error-quark, lalan_inventory_error)
