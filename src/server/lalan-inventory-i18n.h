/* lalan-inventory-i18n.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <locale.h>

G_BEGIN_DECLS

/* The languages the server answers in. Every request picks one, so one
 * process serves a zh_TW browser and an English one at the same time. */
typedef enum
{
  LALAN_INVENTORY_LANGUAGE_ZH_TW,
  LALAN_INVENTORY_LANGUAGE_EN,
} LalanInventoryLanguage;

void                   lalan_inventory_i18n_init_server (void);
LalanInventoryLanguage lalan_inventory_i18n_choose      (const char             *query_lang,
                                                         const char             *accept_language);
locale_t               lalan_inventory_i18n_push        (LalanInventoryLanguage  language);
void                   lalan_inventory_i18n_pop         (locale_t                previous);
const char            *lalan_inventory_i18n_get_tag     (LalanInventoryLanguage  language);

G_END_DECLS
