/* lalan-inventory-db-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "lalan-inventory-db.h"

G_BEGIN_DECLS

struct _LalanInventoryDb
{
  sqlite3    *handle;
  GHashTable *statements;   /* const char *sql (static) → sqlite3_stmt */
};

void          lalan_inventory_db_set_error       (LalanInventoryDb  *db,
                                                  int                rc,
                                                  GError           **error);
sqlite3_stmt *lalan_inventory_db_get_statement   (LalanInventoryDb  *db,
                                                  const char        *sql,
                                                  GError           **error);
void          lalan_inventory_db_bind_text       (sqlite3_stmt      *stmt,
                                                  int                index,
                                                  const char        *text);
void          lalan_inventory_db_bind_bytes      (sqlite3_stmt      *stmt,
                                                  int                index,
                                                  GBytes            *bytes);
char         *lalan_inventory_db_dup_column      (sqlite3_stmt      *stmt,
                                                  int                column);
GBytes       *lalan_inventory_db_column_bytes    (sqlite3_stmt      *stmt,
                                                  int                column);
char         *lalan_inventory_db_now             (void);

G_END_DECLS
