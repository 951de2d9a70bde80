/* lalan-inventory-cli.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses, as lalan-cli uses them. */
enum
{
  LALAN_INVENTORY_EXIT_OK = 0,
  LALAN_INVENTORY_EXIT_FAILED = 1,
  LALAN_INVENTORY_EXIT_INVALID = 2,
  LALAN_INVENTORY_EXIT_USAGE = 64,
};

int lalan_inventory_cli_token  (const char  *data_dir,
                                int          argc,
                                char       **argv);
int lalan_inventory_cli_form   (const char  *data_dir,
                                int          argc,
                                char       **argv);
int lalan_inventory_cli_export (const char  *data_dir,
                                int          argc,
                                char       **argv);

G_END_DECLS
