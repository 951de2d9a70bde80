/* lalan-inventory-lessons.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LalanInventoryLessons LalanInventoryLessons;

LalanInventoryLessons *lalan_inventory_lessons_new         (const char             *dir);
void                   lalan_inventory_lessons_free        (LalanInventoryLessons  *lessons);
GBytes                *lalan_inventory_lessons_get_catalog (LalanInventoryLessons  *lessons,
                                                            GError                **error);
GBytes                *lalan_inventory_lessons_get_file    (LalanInventoryLessons  *lessons,
                                                            const char             *name,
                                                            GError                **error);

G_END_DECLS
