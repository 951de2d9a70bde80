/* lalan-sync-test.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lalan-store.h"
#include "lalan-sync-server.h"

G_BEGIN_DECLS

/* Helpers of the sync tests: records made straight in a store, the fault
 * proxy started on 127.0.0.1 in front of a server, and the timing that
 * runs back-off in seconds instead of minutes. */

/* Short times for tests (LALAN_SYNC_TEST_TIMING): set before anything of
 * sync runs. The production times are tested on their own. */
#define LALAN_SYNC_TEST_TIMING "connect=3000,stall=3000,total=20000,backoff=150,cap=1500,parallel=4"

typedef struct
{
  GSubprocess *process;
  guint        port;
  char        *url;       /* http://127.0.0.1:PORT */
} LalanSyncTestProxy;

void                lalan_sync_test_init          (int                 *argc,
                                                   char              ***argv);
LalanStore         *lalan_sync_test_open_store    (const char          *data_dir);
char               *lalan_sync_test_add_household (LalanStore          *store,
                                                   guint                seed,
                                                   const char          *instance_id);
void                lalan_sync_test_add_record    (LalanStore          *store,
                                                   const char          *instance_id,
                                                   const char          *form_id,
                                                   const char          *version,
                                                   const char          *xml);
const char         *lalan_sync_test_household_version (void);
char               *lalan_sync_test_minimal_xml   (const char          *form_id,
                                                   const char          *version,
                                                   const char          *instance_id,
                                                   const char          *deprecated_id,
                                                   const char          *answer);
LalanSyncServer    *lalan_sync_test_server_for    (const char          *base_url,
                                                   const char          *token);
char               *lalan_sync_test_token_url     (const char          *base_url,
                                                   const char          *token);
LalanSyncTestProxy *lalan_sync_test_proxy_start   (const char          *upstream_url,
                                                   const char          *first_arg,
                                                   ...) G_GNUC_NULL_TERMINATED;
void                lalan_sync_test_proxy_signal  (LalanSyncTestProxy  *proxy,
                                                   int                  signal_number);
void                lalan_sync_test_proxy_free    (LalanSyncTestProxy  *proxy);
guint               lalan_sync_test_count_state   (LalanStore          *store,
                                                   LalanRecordState     state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanSyncTestProxy, lalan_sync_test_proxy_free)

G_END_DECLS
