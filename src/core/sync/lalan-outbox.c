/* lalan-outbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-outbox.h"

#include "lalan-sync-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* One run of the outbox: every due record, oldest first, each to its new
 * state in the store before the next outcome is read.
 *
 * Exactly once rests on two things: a record becomes `sent` only when the
 * server's OpenRosa answer says so (mark_sent is one durable transaction),
 * and the bytes sent for a record never change, so when an answer is lost
 * (a cut, a crash, a kill) the resend is recognised by the server as the
 * same record and acknowledged without a second copy, as Central and
 * lalan-inventory do.
 *
 * One record's failure never holds back the others: a failed record gets
 * its own back-off and the run goes on. The run stops early only for what
 * concerns every record: a sign-in page, refused credentials, or the link
 * failing several times in a row. */

/* Failures in a row (no answer at all, or 5xx) after which the link or
 * the server is taken to be down, and the rest waits for the next run
 * without being charged an attempt. */
#define MAX_FAILURES_IN_A_ROW 4
#define PAGE_SIZE 64

typedef struct
{
  LalanStore            *store;
  const LalanSyncTiming *timing;
  LalanOutboxReportFunc  report;
  gpointer               user_data;
  LalanOutboxSummary    *summary;
  GCancellable          *cancellable;

  gint64                 start;
  gint64                 max_bytes;
  GHashTable            *seen;
  GPtrArray             *page;
  guint                  page_index;
  guint                  in_flight;
  guint                  failures_in_a_row;
  gboolean               stopped;
  GError                *stop_error;
} Run;

static void
report_record (Run                  *run,
               LalanRecord          *record,
               LalanOpenRosaVerdict  verdict,
               const char           *message,
               gint64                next_attempt_at)
{
  LalanOutboxReport report = {
    .instance_id = lalan_record_get_instance_id (record),
    .form_id = lalan_record_get_form_id (record),
    .summary = lalan_record_get_summary (record),
    .verdict = verdict,
    .message = message,
    .next_attempt_at = next_attempt_at,
  };

  if (run->report != NULL)
    run->report (&report, run->user_data);
}

static void
stop_run (Run    *run,
          GError *error)
{
  run->stopped = TRUE;
  if (run->stop_error == NULL)
    run->stop_error = error;
  else
    g_error_free (error);
}

static gboolean
refill_page (Run *run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;

  page = lalan_store_list_due_records (run->store, run->start, PAGE_SIZE + run->in_flight, &error);
  if (page == NULL)
    {
      stop_run (run, g_steal_pointer (&error));
      return FALSE;
    }

  g_clear_pointer (&run->page, g_ptr_array_unref);
  run->page = g_steal_pointer (&page);
  run->page_index = 0;

  return TRUE;
}

static LalanRecord *
next_record (Run *run)
{
  for (guint pass = 0; pass < 2; pass++)
    {
      if (run->page == NULL || run->page_index >= run->page->len)
        {
          if (!refill_page (run))
            return NULL;
        }

      while (run->page_index < run->page->len)
        {
          LalanRecord *record = g_ptr_array_index (run->page, run->page_index++);

          /* Each record once per run: the ones under way are still due,
           * and a record whose new state could not be stored must not
           * go round again. */
          if (g_hash_table_contains (run->seen, lalan_record_get_instance_id (record)))
            continue;

          g_hash_table_add (run->seen, g_strdup (lalan_record_get_instance_id (record)));
          return g_object_ref (record);
        }

      /* A page of records already seen: one more look from the top, then
       * there is nothing new. */
      g_clear_pointer (&run->page, g_ptr_array_unref);
    }

  return NULL;
}

static GPtrArray *
load_attachments (Run          *run,
                  LalanRecord  *record,
                  GError      **error)
{
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_attachment_free);

  if (lalan_record_get_n_attachments (record) == 0)
    return g_steal_pointer (&attachments);

  listed = lalan_store_list_attachments (run->store, lalan_record_get_instance_id (record), error);
  if (listed == NULL)
    return NULL;

  for (guint i = 0; i < listed->len; i++)
    {
      LalanAttachment *info = g_ptr_array_index (listed, i);
      LalanAttachment *attachment = lalan_store_get_attachment (run->store, info->instance_id, info->name, error);

      if (attachment == NULL)
        return NULL;
      g_ptr_array_add (attachments, attachment);
    }

  return g_steal_pointer (&attachments);
}

static guint64
submission_size (LalanOpenRosaSubmission *submission)
{
  guint64 size = g_bytes_get_size (submission->xml);

  for (guint i = 0; i < submission->attachments->len; i++)
    {
      LalanAttachment *attachment = g_ptr_array_index (submission->attachments, i);

      size += attachment->data != NULL ? g_bytes_get_size (attachment->data) : 0;
    }

  return size;
}

static void
mark_needs_review (Run         *run,
                   LalanRecord *record,
                   const char  *code,
                   const char  *message)
{
  g_autoptr(GError) error = NULL;

  if (!lalan_store_mark_needs_review (run->store, lalan_record_get_instance_id (record), code, message, &error))
    {
      g_message ("Could not mark %s as needing review: %s", lalan_record_get_instance_id (record), error->message);
      return;
    }

  run->summary->n_refused++;
  report_record (run, record, LALAN_OPENROSA_REFUSED, message, 0);
}

static LalanOpenRosaSubmission *
source_cb (gpointer data)
{
  Run *run = data;

  while (!run->stopped && !g_cancellable_is_cancelled (run->cancellable))
    {
      g_autoptr(LalanRecord) record = next_record (run);
      g_autoptr(LalanOpenRosaSubmission) submission = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *with_deprecated = NULL;
      const char *xml;
      guint64 size;

      if (record == NULL)
        return NULL;

      xml = lalan_record_get_instance_xml (record);
      if (lalan_record_get_deprecated_id (record) != NULL)
        with_deprecated = lalan_openrosa_ensure_deprecated_id (xml, lalan_record_get_deprecated_id (record));

      submission = g_new0 (LalanOpenRosaSubmission, 1);
      submission->instance_id = g_strdup (lalan_record_get_instance_id (record));
      if (with_deprecated != NULL)
        {
          gsize length = strlen (with_deprecated);

          submission->xml = g_bytes_new_take (g_steal_pointer (&with_deprecated), length);
        }
      else
        submission->xml = g_bytes_new (xml, strlen (xml));
      submission->attachments = load_attachments (run, record, &error);
      if (submission->attachments == NULL)
        {
          /* The store failed: nothing can be sent from it now. */
          stop_run (run, g_steal_pointer (&error));
          return NULL;
        }

      /* Refused before it is sent: no point sending megabytes the server
       * will drop at the end. */
      size = submission_size (submission);
      if (run->max_bytes > 0 && size > (guint64) run->max_bytes)
        {
          g_autofree char *message = lalan_openrosa_describe_too_large (size, run->max_bytes);

          mark_needs_review (run, record, "too-large", message);
          continue;
        }

      submission->user_data = g_steal_pointer (&record);
      run->in_flight++;
      return g_steal_pointer (&submission);
    }

  return NULL;
}

static gboolean
done_cb (LalanOpenRosaSubmission   *submission,
         const LalanOpenRosaResult *result,
         gpointer                   data)
{
  Run *run = data;
  g_autoptr(LalanRecord) record = submission->user_data;
  g_autoptr(GError) error = NULL;
  const char *instance_id = lalan_record_get_instance_id (record);

  submission->user_data = NULL;
  run->in_flight--;

  switch (result->verdict)
    {
    case LALAN_OPENROSA_SENT:
      run->failures_in_a_row = 0;
      if (!lalan_store_mark_sent (run->store, instance_id, result->server_message, &error))
        {
          /* The server has it; the next run sends it again and the server
           * recognises it. */
          g_message ("Could not mark %s as sent: %s", instance_id, error->message);
          break;
        }
      run->summary->n_sent++;
      report_record (run, record, LALAN_OPENROSA_SENT, NULL, 0);
      break;

    case LALAN_OPENROSA_REFUSED:
      run->failures_in_a_row = 0;
      mark_needs_review (run, record, result->code, result->message);
      break;

    case LALAN_OPENROSA_RETRY:
      {
        gint64 next = g_get_real_time () +
                      lalan_sync_timing_get_backoff (run->timing, lalan_record_get_attempts (record) + 1,
                                                     g_random_double ());

        if (!lalan_store_record_send_failure (run->store, instance_id, result->code, result->message, next, &error))
          g_message ("Could not reschedule %s: %s", instance_id, error->message);
        else
          {
            run->summary->n_retry++;
            report_record (run, record, LALAN_OPENROSA_RETRY, result->message, next);
          }

        if (++run->failures_in_a_row >= MAX_FAILURES_IN_A_ROW)
          stop_run (run, g_error_copy (result->error));
      }
      break;

    case LALAN_OPENROSA_PAUSE:
      stop_run (run, g_error_copy (result->error));
      break;

    case LALAN_OPENROSA_CANCELLED:
    default:
      run->stopped = TRUE;
      break;
    }

  return !run->stopped;
}

/* Every unsent record due now, whatever its back-off. */
static gboolean
requeue_all (LalanStore  *store,
             GError     **error)
{
  g_autoptr(GPtrArray) records = lalan_store_list_records (store, LALAN_RECORD_STATE_FINALIZED, NULL, NULL, 0, 0, error);
  gint64 now = g_get_real_time ();

  if (records == NULL)
    return FALSE;

  for (guint i = 0; i < records->len; i++)
    {
      LalanRecord *record = g_ptr_array_index (records, i);

      if (lalan_record_get_next_attempt_at (record) > now &&
          !lalan_store_requeue_record (store, lalan_record_get_instance_id (record), error))
        return FALSE;
    }

  return TRUE;
}

/**
 * lalan_outbox_send:
 * @store: the store
 * @server: the server to send to
 * @timing: (nullable): the times, or %NULL for lalan_sync_timing_get_default()
 * @flags: how to run
 * @report: (nullable) (scope call): told of each record's outcome
 * @user_data: for @report
 * @summary: (out caller-allocates) (optional): what the run did
 * @cancellable: (nullable): a #GCancellable
 * @error: a location for a #GError
 *
 * Sends the due records (all unsent ones with %LALAN_OUTBOX_RETRY_NOW):
 * HEAD submission first for the size limit, then each record, several at
 * once, its outcome stored before the next is read. Blocks: call it from
 * a worker thread or the CLI.
 *
 * Returns %FALSE when the run stopped for a reason that concerns every
 * record: the queue needs a person (lalan_sync_error_pauses_queue()), the
 * server cannot be reached now (lalan_sync_error_is_transient()), the run
 * was cancelled, or the store failed. Records that failed on their own are
 * in @summary, and the run still returns %TRUE.
 *
 * Returns: %TRUE when every due record was tried
 */
gboolean
lalan_outbox_send (LalanStore             *store,
                   LalanSyncServer        *server,
                   const LalanSyncTiming  *timing,
                   LalanOutboxFlags        flags,
                   LalanOutboxReportFunc   report,
                   gpointer                user_data,
                   LalanOutboxSummary     *summary,
                   GCancellable           *cancellable,
                   GError                **error)
{
  g_autoptr(LalanOpenRosaClient) client = NULL;
  g_autoptr(GHashTable) seen = NULL;
  LalanOutboxSummary local_summary = { 0, };
  LalanOpenRosaProbe probe = { 0, };
  Run run = { 0, };

  g_return_val_if_fail (LALAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (server != NULL, FALSE);

  if (summary == NULL)
    summary = &local_summary;
  memset (summary, 0, sizeof *summary);

  if (timing == NULL)
    timing = lalan_sync_timing_get_default ();

  if ((flags & LALAN_OUTBOX_RETRY_NOW) != 0 && !requeue_all (store, error))
    return FALSE;

  client = lalan_openrosa_client_new (server, timing);

  if (!lalan_openrosa_client_probe (client, &probe, cancellable, error))
    {
      lalan_openrosa_client_get_traffic (client, &summary->bytes_sent, &summary->bytes_received,
                                         &summary->n_connections);
      return FALSE;
    }
  lalan_outbox_set_last_contact (store, g_get_real_time (), NULL);
  summary->max_submission_bytes = probe.max_submission_bytes;

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run.store = store;
  run.timing = timing;
  run.report = report;
  run.user_data = user_data;
  run.summary = summary;
  run.cancellable = cancellable;
  run.start = g_get_real_time ();
  run.max_bytes = probe.max_submission_bytes;
  run.seen = seen;

  lalan_openrosa_client_submit (client, source_cb, done_cb, &run, cancellable);

  g_clear_pointer (&run.page, g_ptr_array_unref);
  lalan_openrosa_client_get_traffic (client, &summary->bytes_sent, &summary->bytes_received,
                                     &summary->n_connections);

  if (summary->n_sent > 0 || summary->n_refused > 0)
    lalan_outbox_set_last_contact (store, g_get_real_time (), NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_clear_error (&run.stop_error);
      return FALSE;
    }

  if (run.stop_error != NULL)
    {
      g_propagate_error (error, run.stop_error);
      return FALSE;
    }

  return TRUE;
}

/**
 * lalan_outbox_get_next_attempt:
 * @store: the store
 * @error: a location for a #GError
 *
 * Returns: when the outbox next has a record to send (possibly in the
 *   past), or 0 when it has none (or on failure, with @error set)
 */
gint64
lalan_outbox_get_next_attempt (LalanStore  *store,
                               GError     **error)
{
  gint64 next = 0;

  g_return_val_if_fail (LALAN_IS_STORE (store), 0);

  if (!lalan_store_get_next_attempt_time (store, &next, error))
    return 0;

  return next;
}

/**
 * lalan_outbox_get_last_contact:
 * @store: the store
 *
 * Returns: when the server last answered as an OpenRosa server
 *   (microseconds since the epoch), or 0 if never
 */
gint64
lalan_outbox_get_last_contact (LalanStore *store)
{
  g_autofree char *value = NULL;
  gint64 time;

  g_return_val_if_fail (LALAN_IS_STORE (store), 0);

  value = lalan_store_get_value (store, LALAN_OUTBOX_LAST_CONTACT_KEY, NULL);
  if (value == NULL || !g_ascii_string_to_signed (value, 10, 0, G_MAXINT64, &time, NULL))
    return 0;

  return time;
}

/**
 * lalan_outbox_set_last_contact:
 * @store: the store
 * @time: when the server answered
 * @error: a location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_outbox_set_last_contact (LalanStore  *store,
                               gint64       time,
                               GError     **error)
{
  g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, time);

  g_return_val_if_fail (LALAN_IS_STORE (store), FALSE);

  return lalan_store_set_value (store, LALAN_OUTBOX_LAST_CONTACT_KEY, value, error);
}
