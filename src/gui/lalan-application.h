/* lalan-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lalan-store.h"
#include "lalan-sync-scheduler.h"

G_BEGIN_DECLS

#define LALAN_TYPE_APPLICATION (lalan_application_get_type ())

G_DECLARE_FINAL_TYPE (LalanApplication, lalan_application, LALAN, APPLICATION, AdwApplication)

LalanApplication *lalan_application_new                (void);
GSettings        *lalan_application_get_settings       (LalanApplication *self);
void              lalan_application_request_restart    (LalanApplication *self);
gboolean          lalan_application_get_restart_requested (LalanApplication *self);
double            lalan_application_get_text_scale     (LalanApplication *self);

double            lalan_text_size_to_scale             (int text_size);

LalanStore       *lalan_application_get_store          (LalanApplication *self);
const GError     *lalan_application_get_store_error    (LalanApplication *self);
const char       *lalan_application_get_recovery_notice (LalanApplication *self);
void              lalan_application_dismiss_recovery_notice (LalanApplication *self);
void              lalan_application_open_store         (LalanApplication *self);
LalanSyncScheduler *lalan_application_get_sync_scheduler (LalanApplication *self);

G_END_DECLS
