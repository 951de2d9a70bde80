/* test-sync-faults.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exactly once over a bad link: 1,000 records sent through the fault
 * proxy's random faults (cuts at any point, 500, 502, a sign-in page, a
 * server that never answers, slow starts) arrive on lalan-inventory once
 * each, none lost, none left queued once the faults stop.
 */

#include "config.h"

#include "lalan-inventory-test.h"
#include "lalan-outbox.h"
#include "lalan-sync-error.h"
#include "lalan-sync-test.h"
#include "lalan-test.h"

#include <signal.h>
#include <string.h>

#define N_RECORDS 1000

typedef struct
{
  guint n_sent;
  guint n_retry;
  guint n_refused;
} Counts;

static void
count_cb (const LalanOutboxReport *report,
          gpointer                 user_data)
{
  Counts *counts = user_data;

  switch (report->verdict)
    {
    case LALAN_OPENROSA_SENT:
      counts->n_sent++;
      break;
    case LALAN_OPENROSA_RETRY:
      counts->n_retry++;
      break;
    case LALAN_OPENROSA_REFUSED:
      counts->n_refused++;
      break;
    default:
      break;
    }
}

/* Runs the outbox as the scheduler does, honouring back-off, until
 * nothing is queued or @seconds have passed. Returns how many runs were
 * stopped early (sign-in page, link down). */
static guint
run_until_empty (LalanStore      *store,
                 LalanSyncServer *server,
                 double           seconds,
                 Counts          *counts,
                 guint           *n_runs)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  guint n_stopped = 0;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GError) error = NULL;
      gint64 next;

      if (!lalan_outbox_send (store, server, NULL, LALAN_OUTBOX_DEFAULT, count_cb, counts, NULL, NULL, &error))
        {
          /* Only what a bad link does: never a refusal of a record. */
          g_assert_true (lalan_sync_error_is_transient (error) ||
                         g_error_matches (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_CAPTIVE_PORTAL));
          n_stopped++;
        }
      (*n_runs)++;

      g_clear_error (&error);
      next = lalan_outbox_get_next_attempt (store, &error);
      g_assert_no_error (error);
      if (next == 0)
        break;
      if (next > g_get_real_time ())
        g_usleep (MIN (next - g_get_real_time (), G_USEC_PER_SEC / 2));
    }

  return n_stopped;
}

static void
test_thousand_records_through_faults (void)
{
  g_autoptr(LalanInventoryTestServer) server = lalan_inventory_test_server_new ();
  g_autoptr(LalanSyncTestProxy) proxy = NULL;
  g_autoptr(LalanSyncServer) through = NULL;
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(GHashTable) ours = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) theirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *data_dir = lalan_test_make_tmp_dir ("sync-faults");
  Counts counts = { 0, };
  guint n_runs = 0;
  guint n_stopped;
  gint64 start;
  GHashTableIter iter;
  gpointer key;

  lalan_inventory_test_server_start (server, NULL);
  proxy = lalan_sync_test_proxy_start (server->base_url,
                                       "--fault", "random", "--fault-rate", "0.5", "--seed", "7",
                                       "--slow-start-ms", "1000", NULL);
  through = lalan_sync_test_server_for (proxy->url, server->token);
  store = lalan_sync_test_open_store (data_dir);

  for (guint i = 0; i < N_RECORDS; i++)
    g_hash_table_add (ours, lalan_sync_test_add_household (store, i, NULL));

  /* With faults: a minute at most, usually much less. */
  start = g_get_monotonic_time ();
  n_stopped = run_until_empty (store, through, 60.0, &counts, &n_runs);
  g_test_message ("with faults: %u runs (%u stopped early), %u sent, %u failures retried, %.1f s",
                  n_runs, n_stopped, counts.n_sent, counts.n_retry,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  /* The faults must have bitten, or this test proves nothing. */
  g_assert_cmpuint (counts.n_retry + n_stopped, >, 10);

  /* The link heals: everything still queued goes. */
  lalan_sync_test_proxy_signal (proxy, SIGUSR1);
  run_until_empty (store, through, 60.0, &counts, &n_runs);

  g_assert_cmpuint (counts.n_refused, ==, 0);
  g_assert_cmpuint (lalan_sync_test_count_state (store, LALAN_RECORD_STATE_SENT), ==, N_RECORDS);
  g_assert_cmpuint (lalan_sync_test_count_state (store, LALAN_RECORD_STATE_FINALIZED), ==, 0);
  g_assert_cmpuint (lalan_sync_test_count_state (store, LALAN_RECORD_STATE_NEEDS_REVIEW), ==, 0);

  /* Exactly the records sent, each once. */
  g_assert_cmpuint (lalan_inventory_test_count_records (server->data_dir, "lalan_household", theirs), ==, N_RECORDS);
  g_assert_cmpuint (g_hash_table_size (theirs), ==, N_RECORDS);
  g_hash_table_iter_init (&iter, ours);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_true (g_hash_table_contains (theirs, key));

  lalan_store_close (store);
  lalan_test_remove_tree (data_dir);
}

int
main (int   argc,
      char *argv[])
{
  lalan_sync_test_init (&argc, &argv);

  g_test_add_func ("/sync/faults/thousand-records", test_thousand_records_through_faults);

  return g_test_run ();
}
