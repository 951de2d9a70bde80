/* lalan-cli-sync.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-cli.h"

#include "lalan-forms-update.h"
#include "lalan-openrosa-client.h"
#include "lalan-outbox.h"
#include "lalan-store.h"
#include "lalan-sync-error.h"
#include "lalan-sync-file.h"
#include "lalan-sync-server.h"
#include "lalan-sync-timing.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>

/* `lalan-cli sync`: what the app's scheduler does, from a terminal or a
 * systemd timer. A line per record as it ends, a summary at the end.
 * Without --once it keeps going, as the app does, until nothing waits (or
 * only records the server refused), honouring each record's back-off;
 * Ctrl+C stops it cleanly. */

typedef struct
{
  LalanStore      *store;
  LalanSyncServer *server;
  gboolean         once;
  gboolean         retry_now;
  GCancellable    *cancellable;
  GMainLoop       *loop;
  GMutex           lock;
  GCond            wake;
  int              status;
  guint            n_sent;
  guint            n_refused;
  guint            n_retry;
} SyncJob;

static const char *
record_label (const char *summary,
              const char *instance_id)
{
  return summary != NULL && *summary != '\0' ? summary : instance_id;
}

static char *
format_time (gint64 time)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_local (time / G_USEC_PER_SEC);

  return g_date_time_format (date, "%H:%M:%S");
}

static void
report_cb (const LalanOutboxReport *report,
           gpointer                 user_data)
{
  SyncJob *job = user_data;
  const char *label = record_label (report->summary, report->instance_id);

  switch (report->verdict)
    {
    case LALAN_OPENROSA_SENT:
      job->n_sent++;
      g_print (_("Sent: %s (%s, %s)\n"), label, report->form_id, report->instance_id);
      break;

    case LALAN_OPENROSA_REFUSED:
      job->n_refused++;
      g_print (_("Needs review: %s (%s, %s). %s\n"), label, report->form_id, report->instance_id,
               report->message);
      break;

    case LALAN_OPENROSA_RETRY:
      {
        g_autofree char *when = format_time (report->next_attempt_at);

        job->n_retry++;
        g_print (_("Not sent yet: %s (%s, %s). %s Next try at %s.\n"), label, report->form_id,
                 report->instance_id, report->message, when);
      }
      break;

    case LALAN_OPENROSA_PAUSE:
    case LALAN_OPENROSA_CANCELLED:
    default:
      break;
    }
  fflush (stdout);
}

/* Sleeps until @until or cancellation. */
static void
wait_until (SyncJob *job,
            gint64   until)
{
  gint64 end = g_get_monotonic_time () + MAX (0, until - g_get_real_time ());

  g_mutex_lock (&job->lock);
  while (!g_cancellable_is_cancelled (job->cancellable) && g_get_monotonic_time () < end)
    g_cond_wait_until (&job->wake, &job->lock, end);
  g_mutex_unlock (&job->lock);
}

static void
update_forms (SyncJob *job)
{
  g_autoptr(LalanOpenRosaClient) client = lalan_openrosa_client_new (job->server, NULL);
  g_autoptr(GError) error = NULL;
  LalanFormsUpdate update;

  lalan_forms_update_init (&update);
  if (!lalan_forms_update_run (job->store, client, lalan_sync_server_get_public_url (job->server),
                               &update, job->cancellable, &error))
    {
      /* Sending already said what is wrong with the server. */
      g_debug ("Forms update: %s", error->message);
    }

  for (guint i = 0; i < update.new_forms->len; i++)
    g_print (_("New form: %s\n"), (const char *) g_ptr_array_index (update.new_forms, i));
  for (guint i = 0; i < update.problems->len; i++)
    g_print ("%s\n", (const char *) g_ptr_array_index (update.problems, i));

  lalan_forms_update_clear (&update);
}

static gpointer
sync_thread (gpointer data)
{
  SyncJob *job = data;
  const LalanSyncTiming *timing = lalan_sync_timing_get_default ();
  LalanOutboxFlags flags = job->retry_now ? LALAN_OUTBOX_RETRY_NOW : LALAN_OUTBOX_DEFAULT;
  guint unreachable_runs = 0;

  job->status = LALAN_CLI_OK;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      LalanOutboxSummary summary;
      gint64 next;
      gboolean ok;

      ok = lalan_outbox_send (job->store, job->server, timing, flags, report_cb, job, &summary,
                              job->cancellable, &error);
      flags = LALAN_OUTBOX_DEFAULT;

      if (!ok)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_print ("%s\n", _("Stopped. Nothing was lost; unsent records wait for the next time."));
              job->status = LALAN_CLI_FAILED;
              break;
            }

          g_print ("%s\n", error->message);
          if (job->once || !lalan_sync_error_is_transient (error))
            {
              job->status = LALAN_CLI_FAILED;
              break;
            }
          unreachable_runs++;
        }
      else
        unreachable_runs = 0;

      next = lalan_outbox_get_next_attempt (job->store, &error);
      if (error != NULL)
        {
          lalan_cli_print_error (error);
          job->status = LALAN_CLI_FAILED;
          break;
        }

      if (next == 0)
        break;

      if (job->once)
        {
          job->status = LALAN_CLI_FAILED;
          break;
        }

      /* The server cannot be reached: the whole queue waits, longer each
       * time, as a record's back-off does. */
      if (unreachable_runs > 0)
        next = MAX (next, g_get_real_time () + lalan_sync_timing_get_backoff (timing, unreachable_runs,
                                                                               g_random_double ()));
      /* Nothing moved and the next record is already due: it could not be
       * sent for a reason a wait will not fix (the store failed). */
      else if (next <= g_get_real_time () && summary.n_sent == 0 && summary.n_refused == 0 && summary.n_retry == 0)
        {
          job->status = LALAN_CLI_FAILED;
          break;
        }

      if (next > g_get_real_time ())
        {
          g_autofree char *when = format_time (next);

          g_print (_("Waiting until %s to try again (Ctrl+C stops).\n"), when);
          fflush (stdout);
          wait_until (job, next);
        }

      if (g_cancellable_is_cancelled (job->cancellable))
        {
          g_print ("%s\n", _("Stopped. Nothing was lost; unsent records wait for the next time."));
          job->status = LALAN_CLI_FAILED;
          break;
        }
    }

  if (!g_cancellable_is_cancelled (job->cancellable))
    update_forms (job);

  g_main_loop_quit (job->loop);
  return NULL;
}

static gboolean
interrupt_cb (gpointer data)
{
  SyncJob *job = data;

  g_cancellable_cancel (job->cancellable);
  g_mutex_lock (&job->lock);
  g_cond_broadcast (&job->wake);
  g_mutex_unlock (&job->lock);

  return G_SOURCE_CONTINUE;
}

static int
sync_send (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(LalanSyncServer) server = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GThread) thread = NULL;
  LalanRecordCounts counts = { 0, };
  gboolean once = FALSE;
  gboolean retry_now = FALSE;
  guint sigint_id, sigterm_id;
  SyncJob job = { 0, };
  const GOptionEntry entries[] = {
    { "once", 0, 0, G_OPTION_ARG_NONE, &once, N_("Try each due record once, then stop (for a timer)"), NULL },
    { "retry-now", 0, 0, G_OPTION_ARG_NONE, &retry_now,
      N_("Try every unsent record now, even those waiting to be tried again later"), NULL },
    { NULL }
  };

  context = lalan_cli_option_context_new (_("[export|import …]"),
                                          _("Send the finalized records to the server, then fetch new forms. "
                                            "“sync export” and “sync import” move records by file, without a network."),
                                          entries);
  if (!lalan_cli_parse (context, &argc, &argv))
    return LALAN_CLI_USAGE;
  if (argc != 1)
    {
      g_printerr (_("Unknown command “%s”\n"), argv[1]);
      return LALAN_CLI_USAGE;
    }

  store = lalan_store_open (NULL, &error);
  if (store == NULL)
    {
      lalan_cli_print_error (error);
      return LALAN_CLI_FAILED;
    }

  server = lalan_sync_server_load (store, NULL, &error);
  if (server == NULL)
    {
      lalan_cli_print_error (error);
      return LALAN_CLI_INVALID;
    }

  job.store = store;
  job.server = server;
  job.once = once;
  job.retry_now = retry_now;
  job.cancellable = cancellable;
  job.loop = loop;
  g_mutex_init (&job.lock);
  g_cond_init (&job.wake);

  /* The work runs on its own thread so Ctrl+C (and a service manager's
   * SIGTERM) stop it between two records, never in the middle of a
   * store change. */
  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, &job);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, &job);
  thread = g_thread_new ("lalan-sync", sync_thread, &job);
  g_main_loop_run (loop);
  g_thread_join (g_steal_pointer (&thread));
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  g_mutex_clear (&job.lock);
  g_cond_clear (&job.wake);

  lalan_store_count_records_by_state (store, &counts, NULL);
  g_print (_("Sent: %u. Need review: %u. Failed, to try again: %u. Still waiting to be sent: %u.\n"),
           job.n_sent, counts.needs_review, job.n_retry, counts.finalized);

  return job.status;
}

static int
sync_export (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *to = NULL;
  guint n_records = 0;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("Write the sync file to FILE"), N_("FILE.lalansync") },
    { NULL }
  };

  context = lalan_cli_option_context_new (NULL,
                                          _("Write every finalized, unsent record with its files into one sync file, "
                                            "to carry to a computer with a network. Nothing is marked as sent."),
                                          entries);
  if (!lalan_cli_parse (context, &argc, &argv))
    return LALAN_CLI_USAGE;
  if (to == NULL || argc != 1)
    {
      g_printerr ("%s\n", _("Name the file to write with --to FILE.lalansync."));
      return LALAN_CLI_USAGE;
    }

  store = lalan_store_open (NULL, &error);
  if (store == NULL)
    {
      lalan_cli_print_error (error);
      return LALAN_CLI_FAILED;
    }

  if (!lalan_sync_file_export (store, to, &n_records, NULL, &error))
    {
      lalan_cli_print_error (error);
      return LALAN_CLI_FAILED;
    }

  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "Wrote %u record to %s. It stays waiting here until a server acknowledges it.\n",
                        "Wrote %u records to %s. They stay waiting here until a server acknowledges them.\n",
                        n_records),
           n_records, to);
  return LALAN_CLI_OK;
}

static int
sync_import (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  LalanSyncFileImport result = { 0, };

  context = lalan_cli_option_context_new (_("FILE"),
                                          _("Add the records of a sync file to this computer’s outbox. "
                                            "Records it already has are skipped; a damaged or changed file is refused whole."),
                                          NULL);
  if (!lalan_cli_parse (context, &argc, &argv))
    return LALAN_CLI_USAGE;
  if (argc != 2)
    {
      g_printerr ("%s\n", _("Name one sync file."));
      return LALAN_CLI_USAGE;
    }

  store = lalan_store_open (NULL, &error);
  if (store == NULL)
    {
      lalan_cli_print_error (error);
      return LALAN_CLI_FAILED;
    }

  if (!lalan_sync_file_import (store, argv[1], &result, NULL, &error))
    {
      g_printerr (_("%s: refused. %s\n"), argv[1], error->message);
      return LALAN_CLI_INVALID;
    }

  g_print (_("Records added to the outbox: %u. Skipped, already on this computer: %u.\n"),
           result.n_imported, result.n_skipped);
  return LALAN_CLI_OK;
}

/**
 * lalan_cli_sync:
 *
 * `lalan-cli sync [--once] [--retry-now]`, `sync export`, `sync import`.
 */
int
lalan_cli_sync (int    argc,
                char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "export"))
    return sync_export (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "import"))
    return sync_import (argc - 1, argv + 1);

  return sync_send (argc, argv);
}
