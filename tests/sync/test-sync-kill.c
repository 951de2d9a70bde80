/* test-sync-kill.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lalan-cli sync` killed with SIGKILL at random moments, then run again:
 * every record ends sent, and the server holds each exactly once. A kill
 * can fall between the server's answer and the store's change; the next
 * run sends that record again and the server recognises it.
 */

#include "config.h"

#include "lalan-inventory-test.h"
#include "lalan-sync-test.h"
#include "lalan-test.h"

#include <signal.h>
#include <string.h>

#define N_RECORDS 400
#define MAX_KILLS 40
#define N_INTERRUPTED 6

static void
test_killed_during_sync (void)
{
  g_autoptr(LalanInventoryTestServer) server = lalan_inventory_test_server_new ();
  g_autoptr(LalanSyncTestProxy) proxy = NULL;
  g_autoptr(GHashTable) ours = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) theirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autofree char *data_dir = lalan_test_make_tmp_dir ("sync-kill");
  g_autofree char *url = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  guint sent_before = 0;
  guint sent = 0;
  guint n_interrupted = 0;
  GHashTableIter iter;
  gpointer key;

  lalan_inventory_test_server_start (server, NULL);
  /* A little delay so a run lasts long enough to be killed in. */
  proxy = lalan_sync_test_proxy_start (server->base_url, "--delay-ms", "30", NULL);
  url = lalan_sync_test_token_url (proxy->url, server->token);

  {
    g_autoptr(LalanStore) store = lalan_sync_test_open_store (data_dir);

    for (guint i = 0; i < N_RECORDS; i++)
      g_hash_table_add (ours, lalan_sync_test_add_household (store, i, NULL));
    lalan_store_close (store);
  }

  g_assert_cmpint (lalan_test_run_cli (&out, &err, "server", "set", "--data-dir", data_dir, url, NULL), ==, 0);

  /* Kill runs at random moments until the records are sent, or enough
   * kills have fallen in the middle of the work. */
  for (guint k = 0; k < MAX_KILLS && n_interrupted < N_INTERRUPTED; k++)
    {
      g_autoptr(GSubprocess) cli = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(LalanStore) store = NULL;
      guint wait_ms = g_rand_int_range (rand, 100, 800);

      cli = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              lalan_test_get_cli (), "sync", "--data-dir", data_dir, NULL);
      g_assert_no_error (error);
      g_usleep (wait_ms * 1000);
      g_subprocess_send_signal (cli, SIGKILL);
      g_subprocess_wait (cli, NULL, &error);
      g_assert_no_error (error);

      store = lalan_sync_test_open_store (data_dir);
      sent = lalan_sync_test_count_state (store, LALAN_RECORD_STATE_SENT);
      lalan_store_close (store);

      if (sent > sent_before && sent < N_RECORDS)
        n_interrupted++;
      sent_before = sent;
      if (sent == N_RECORDS)
        break;
    }

  g_test_message ("%u kills fell in the middle of the work; %u of %u records were sent before the last run",
                  n_interrupted, sent, N_RECORDS);
  /* The kills fell in the middle of the work, not before or after it. */
  g_assert_cmpuint (n_interrupted, >=, 3);

  /* Run again, to its end. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (lalan_test_run_cli (&out, &err, "sync", "--data-dir", data_dir, "--retry-now", NULL), ==, 0);

  {
    g_autoptr(LalanStore) store = lalan_sync_test_open_store (data_dir);
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) problems = NULL;

    g_assert_cmpuint (lalan_sync_test_count_state (store, LALAN_RECORD_STATE_SENT), ==, N_RECORDS);
    g_assert_cmpuint (lalan_sync_test_count_state (store, LALAN_RECORD_STATE_FINALIZED), ==, 0);
    g_assert_true (lalan_store_check (store, TRUE, &problems, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (problems == NULL || problems[0] == NULL);
    lalan_store_close (store);
  }

  g_assert_cmpuint (lalan_inventory_test_count_records (server->data_dir, "lalan_household", theirs), ==, N_RECORDS);
  g_hash_table_iter_init (&iter, ours);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_true (g_hash_table_contains (theirs, key));

  lalan_test_remove_tree (data_dir);
}

int
main (int   argc,
      char *argv[])
{
  lalan_sync_test_init (&argc, &argv);

  g_test_add_func ("/sync/kill/killed-during-sync", test_killed_during_sync);

  return g_test_run ();
}
