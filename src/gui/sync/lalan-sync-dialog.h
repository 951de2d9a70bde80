/* lalan-sync-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lalan-sync-scheduler.h"

G_BEGIN_DECLS

#define LALAN_TYPE_SYNC_DIALOG (lalan_sync_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LalanSyncDialog, lalan_sync_dialog, LALAN, SYNC_DIALOG, AdwWindow)

LalanSyncDialog *lalan_sync_dialog_new       (GtkWindow          *parent,
                                              LalanSyncScheduler *scheduler);
char            *lalan_sync_describe_record  (LalanRecord        *record);

G_END_DECLS
