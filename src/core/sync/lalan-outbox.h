/* lalan-outbox.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lalan-openrosa-client.h"
#include "lalan-store.h"
#include "lalan-sync-server.h"
#include "lalan-sync-timing.h"

G_BEGIN_DECLS

/**
 * LalanOutboxFlags:
 * @LALAN_OUTBOX_DEFAULT: send the records that are due
 * @LALAN_OUTBOX_RETRY_NOW: send every unsent record, whatever its back-off
 *
 * How to run the outbox.
 */
typedef enum
{
  LALAN_OUTBOX_DEFAULT = 0,
  LALAN_OUTBOX_RETRY_NOW = 1 << 0,
} LalanOutboxFlags;

/**
 * LalanOutboxReport:
 * @instance_id: the record
 * @form_id: its form
 * @summary: (nullable): its summary, for lists
 * @verdict: %LALAN_OPENROSA_SENT, %LALAN_OPENROSA_REFUSED (now needs
 *   review) or %LALAN_OPENROSA_RETRY (will be tried again)
 * @message: (nullable): for a refusal or a retry, the sentence why
 * @next_attempt_at: for a retry, when (microseconds since the epoch)
 *
 * What became of one record in a run.
 */
typedef struct
{
  const char           *instance_id;
  const char           *form_id;
  const char           *summary;
  LalanOpenRosaVerdict  verdict;
  const char           *message;
  gint64                next_attempt_at;
} LalanOutboxReport;

/**
 * LalanOutboxSummary:
 * @n_sent: records the server acknowledged
 * @n_refused: records that now need review
 * @n_retry: records that failed and wait for their next attempt
 * @max_submission_bytes: the server's limit, 0 when unknown
 * @bytes_sent: bytes of HTTP sent
 * @bytes_received: bytes of HTTP received
 * @n_connections: connections opened
 *
 * What a run did.
 */
typedef struct
{
  guint   n_sent;
  guint   n_refused;
  guint   n_retry;
  gint64  max_submission_bytes;
  guint64 bytes_sent;
  guint64 bytes_received;
  guint   n_connections;
} LalanOutboxSummary;

/**
 * LalanOutboxReportFunc:
 * @report: what became of a record
 * @user_data: the caller's
 *
 * Called on the outbox's thread after each record's new state is stored.
 */
typedef void (*LalanOutboxReportFunc) (const LalanOutboxReport *report,
                                       gpointer                 user_data);

#define LALAN_OUTBOX_LAST_CONTACT_KEY "sync-last-contact"

gboolean lalan_outbox_send              (LalanStore             *store,
                                         LalanSyncServer        *server,
                                         const LalanSyncTiming  *timing,
                                         LalanOutboxFlags        flags,
                                         LalanOutboxReportFunc   report,
                                         gpointer                user_data,
                                         LalanOutboxSummary     *summary,
                                         GCancellable           *cancellable,
                                         GError                **error);
gint64   lalan_outbox_get_next_attempt  (LalanStore             *store,
                                         GError                **error);
gint64   lalan_outbox_get_last_contact  (LalanStore             *store);
gboolean lalan_outbox_set_last_contact  (LalanStore             *store,
                                         gint64                  time,
                                         GError                **error);

G_END_DECLS
