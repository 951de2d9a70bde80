/* lalan-openrosa-client.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lalan-openrosa.h"
#include "lalan-store-types.h"
#include "lalan-sync-server.h"
#include "lalan-sync-timing.h"

G_BEGIN_DECLS

/**
 * LalanOpenRosaVerdict:
 * @LALAN_OPENROSA_SENT: the server has the record (201 or 202 with an
 *   OpenRosa answer)
 * @LALAN_OPENROSA_REFUSED: the server refused this record for good; a
 *   person must look at it (409, 404, 413, another 4xx it explained)
 * @LALAN_OPENROSA_RETRY: try this record again later (network, timeout,
 *   5xx, an answer that proves nothing)
 * @LALAN_OPENROSA_PAUSE: the whole queue must wait for a person (a
 *   network sign-in page, refused credentials)
 * @LALAN_OPENROSA_CANCELLED: the transfer was cancelled; nothing is known
 *
 * What became of one submission.
 */
typedef enum
{
  LALAN_OPENROSA_SENT,
  LALAN_OPENROSA_REFUSED,
  LALAN_OPENROSA_RETRY,
  LALAN_OPENROSA_PAUSE,
  LALAN_OPENROSA_CANCELLED,
} LalanOpenRosaVerdict;

/**
 * LalanOpenRosaSubmission:
 * @instance_id: the record's instance id
 * @xml: the instance XML to send
 * @attachments: (element-type LalanAttachment) (nullable): its files, with
 *   their data
 * @user_data: the caller's
 *
 * One record to send.
 */
typedef struct
{
  char      *instance_id;
  GBytes    *xml;
  GPtrArray *attachments;
  gpointer   user_data;
} LalanOpenRosaSubmission;

/**
 * LalanOpenRosaResult:
 * @verdict: what became of it
 * @code: a short code for programs and logs ("sent", "http-409", "network",
 *   "captive"...)
 * @message: (nullable): a translated sentence for a person
 * @server_message: (nullable): the server's own message, cleaned
 * @error: (nullable): for %LALAN_OPENROSA_RETRY and %LALAN_OPENROSA_PAUSE,
 *   the reason as a %LALAN_SYNC_ERROR
 * @transport_failure: the link failed (no answer at all), as opposed to
 *   the server answering
 *
 * The outcome of one submission.
 */
typedef struct
{
  LalanOpenRosaVerdict  verdict;
  const char           *code;
  char                 *message;
  char                 *server_message;
  GError               *error;
  gboolean              transport_failure;
} LalanOpenRosaResult;

/**
 * LalanOpenRosaProbe:
 * @max_submission_bytes: the largest submission the server accepts, or 0
 *   when it does not say
 *
 * What HEAD submission told.
 */
typedef struct
{
  gint64 max_submission_bytes;
} LalanOpenRosaProbe;

/**
 * LalanOpenRosaSourceFunc:
 * @user_data: the caller's
 *
 * Gives the next record to send, when a connection is free.
 *
 * Returns: (transfer full) (nullable): the next submission, or %NULL when
 *   there is none
 */
typedef LalanOpenRosaSubmission *(*LalanOpenRosaSourceFunc) (gpointer user_data);

/**
 * LalanOpenRosaDoneFunc:
 * @submission: the record sent
 * @result: what became of it
 * @user_data: the caller's
 *
 * Called on the client's thread as each submission ends.
 *
 * Returns: %FALSE to start no further submission (those under way end)
 */
typedef gboolean (*LalanOpenRosaDoneFunc) (LalanOpenRosaSubmission   *submission,
                                           const LalanOpenRosaResult *result,
                                           gpointer                   user_data);

#define LALAN_TYPE_OPENROSA_CLIENT (lalan_openrosa_client_get_type ())

G_DECLARE_FINAL_TYPE (LalanOpenRosaClient, lalan_openrosa_client, LALAN, OPENROSA_CLIENT, GObject)

LalanOpenRosaClient *lalan_openrosa_client_new            (LalanSyncServer         *server,
                                                           const LalanSyncTiming   *timing);
GPtrArray           *lalan_openrosa_client_get_form_list  (LalanOpenRosaClient     *self,
                                                           GCancellable            *cancellable,
                                                           GError                 **error);
GBytes              *lalan_openrosa_client_download       (LalanOpenRosaClient     *self,
                                                           const char              *url,
                                                           GCancellable            *cancellable,
                                                           GError                 **error);
gboolean             lalan_openrosa_client_download_to_fd (LalanOpenRosaClient     *self,
                                                           const char              *url,
                                                           int                      fd,
                                                           guint64                  max_bytes,
                                                           char                   **sha256,
                                                           guint64                 *n_bytes,
                                                           GCancellable            *cancellable,
                                                           GError                 **error);
gboolean             lalan_openrosa_client_probe          (LalanOpenRosaClient     *self,
                                                           LalanOpenRosaProbe      *probe,
                                                           GCancellable            *cancellable,
                                                           GError                 **error);
void                 lalan_openrosa_client_submit         (LalanOpenRosaClient     *self,
                                                           LalanOpenRosaSourceFunc  source,
                                                           LalanOpenRosaDoneFunc    done,
                                                           gpointer                 user_data,
                                                           GCancellable            *cancellable);
void                 lalan_openrosa_client_get_traffic    (LalanOpenRosaClient     *self,
                                                           guint64                 *bytes_sent,
                                                           guint64                 *bytes_received,
                                                           guint                   *n_connections);

void                 lalan_openrosa_submission_free       (LalanOpenRosaSubmission *submission);
void                 lalan_openrosa_result_clear          (LalanOpenRosaResult     *result);
void                 lalan_openrosa_classify_submission   (long                     status,
                                                           gboolean                 openrosa_header,
                                                           const char              *body,
                                                           gsize                    body_length,
                                                           gint64                   max_bytes,
                                                           guint64                  record_bytes,
                                                           LalanOpenRosaResult     *result);
char                *lalan_openrosa_describe_too_large    (guint64                  record_bytes,
                                                           gint64                   max_bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanOpenRosaSubmission, lalan_openrosa_submission_free)

G_END_DECLS
