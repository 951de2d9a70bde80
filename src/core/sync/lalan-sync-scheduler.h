/* lalan-sync-scheduler.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lalan-store.h"

G_BEGIN_DECLS

/**
 * LalanSyncState:
 * @LALAN_SYNC_STATE_IDLE: nothing waits to be sent
 * @LALAN_SYNC_STATE_WAITING: records wait for their next attempt, a
 *   network, a connection that is not metered, or a server
 * @LALAN_SYNC_STATE_SENDING: a run is under way
 * @LALAN_SYNC_STATE_PAUSED: sending waits for a person (network sign-in,
 *   credentials, the server's address); the problem says what to do
 *
 * What the outbox is doing, for the indicator in the header.
 */
typedef enum
{
  LALAN_SYNC_STATE_IDLE,
  LALAN_SYNC_STATE_WAITING,
  LALAN_SYNC_STATE_SENDING,
  LALAN_SYNC_STATE_PAUSED,
} LalanSyncState;

GType lalan_sync_state_get_type (void) G_GNUC_CONST;
#define LALAN_TYPE_SYNC_STATE (lalan_sync_state_get_type ())

#define LALAN_TYPE_SYNC_SCHEDULER (lalan_sync_scheduler_get_type ())

G_DECLARE_FINAL_TYPE (LalanSyncScheduler, lalan_sync_scheduler, LALAN, SYNC_SCHEDULER, GObject)

LalanSyncScheduler *lalan_sync_scheduler_new                 (LalanStore          *store,
                                                              GNetworkMonitor     *monitor);
void                lalan_sync_scheduler_start               (LalanSyncScheduler  *self);
void                lalan_sync_scheduler_stop                (LalanSyncScheduler  *self);
void                lalan_sync_scheduler_send_now            (LalanSyncScheduler  *self);
void                lalan_sync_scheduler_retry_record        (LalanSyncScheduler  *self,
                                                              const char          *instance_id);
void                lalan_sync_scheduler_server_changed      (LalanSyncScheduler  *self);
void                lalan_sync_scheduler_queue_learning_report (LalanSyncScheduler  *self);

LalanStore         *lalan_sync_scheduler_get_store           (LalanSyncScheduler  *self);
LalanSyncState      lalan_sync_scheduler_get_state           (LalanSyncScheduler  *self);
const char         *lalan_sync_scheduler_get_problem         (LalanSyncScheduler  *self);
guint               lalan_sync_scheduler_get_n_waiting       (LalanSyncScheduler  *self);
guint               lalan_sync_scheduler_get_n_review        (LalanSyncScheduler  *self);
gint64              lalan_sync_scheduler_get_last_contact    (LalanSyncScheduler  *self);
gint64              lalan_sync_scheduler_get_next_run        (LalanSyncScheduler  *self);
gboolean            lalan_sync_scheduler_get_avoid_metered   (LalanSyncScheduler  *self);
void                lalan_sync_scheduler_set_avoid_metered   (LalanSyncScheduler  *self,
                                                              gboolean             avoid_metered);
const char         *lalan_sync_scheduler_get_centre          (LalanSyncScheduler  *self);
void                lalan_sync_scheduler_set_centre          (LalanSyncScheduler  *self,
                                                              const char          *centre);
const char         *lalan_sync_scheduler_get_town            (LalanSyncScheduler  *self);
void                lalan_sync_scheduler_set_town            (LalanSyncScheduler  *self,
                                                              const char          *town);

G_END_DECLS
