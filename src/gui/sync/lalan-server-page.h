/* lalan-server-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lalan-store.h"
#include "lalan-sync-scheduler.h"

G_BEGIN_DECLS

#define LALAN_TYPE_SERVER_PAGE (lalan_server_page_get_type ())

G_DECLARE_FINAL_TYPE (LalanServerPage, lalan_server_page, LALAN, SERVER_PAGE, AdwPreferencesPage)

void        lalan_server_page_setup       (LalanServerPage    *self,
                                           LalanStore         *store,
                                           LalanSyncScheduler *scheduler,
                                           GSettings          *settings);
const char *lalan_server_page_get_message (LalanServerPage    *self);
gboolean    lalan_server_page_get_busy    (LalanServerPage    *self);

G_END_DECLS
