/* test-store-crash.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Crash safety: a child process saves and finalizes records in a loop and
 * prints each instance id once its commit returned; it is killed with
 * SIGKILL at random moments, again and again, on the same database.
 * Afterwards the database passes integrity_check and every printed id is
 * there, finalized. */

#include "config.h"

#include "lalan-test.h"
#include "lalan-store.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#define N_KILLS 60

static char *
helper_path (void)
{
  return g_build_filename (g_getenv ("LALAN_BUILD_DIR"), "tests", "unit", "store-helper", NULL);
}

/* Reads everything the child wrote; only whole lines count (a line cut by
 * the kill was never reported). */
static void
collect_ids (int         fd,
             GHashTable *printed)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  char buffer[4096];
  gssize n;
  guint n_lines;

  while ((n = read (fd, buffer, sizeof buffer)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      g_string_append_len (out, buffer, n);
    }

  lines = g_strsplit (out->str, "\n", -1);
  n_lines = g_strv_length (lines);
  /* The last piece follows the last newline: complete only if empty. */
  for (guint i = 0; i + 1 < n_lines; i++)
    {
      g_assert_true (g_str_has_prefix (lines[i], "uuid:"));
      g_hash_table_add (printed, g_strdup (lines[i]));
    }
}

static void
test_sigkill (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lalan_test_make_tmp_dir ("crash");
  g_autofree char *db_path = g_build_filename (dir, "lalan.db", NULL);
  g_autofree char *helper = helper_path ();
  g_autoptr(GHashTable) printed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(LalanStore) store = NULL;
  g_auto(GStrv) problems = NULL;
  GHashTableIter iter;
  gpointer id;
  guint n_with_output = 0;
  guint max_delay_us = 150000;
  guint run;

  /* At least N_KILLS kills, and enough of them after the child committed
   * something for the test to mean anything. On a loaded machine the child
   * starts slowly, so a run that got nowhere widens the window of the next
   * kills instead of failing the test. */
  for (run = 0; run < N_KILLS || (n_with_output < N_KILLS / 3 && run < 4 * N_KILLS); run++)
    {
      char *argv[] = { helper, (char *) "crash-loop", db_path, NULL };
      GPid pid;
      int out_fd;
      int status;
      guint before = g_hash_table_size (printed);

      g_spawn_async_with_pipes (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &pid, NULL, &out_fd, NULL, &error);
      g_assert_no_error (error);

      /* Anywhere: while it opens and checks the database, between a save
       * and a finalize, in the middle of a commit. */
      g_usleep (g_test_rand_int_range (2000, max_delay_us));
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
      g_spawn_close_pid (pid);

      collect_ids (out_fd, printed);
      close (out_fd);

      if (g_hash_table_size (printed) > before)
        n_with_output++;
      else
        max_delay_us = MIN (max_delay_us * 3 / 2, 2 * G_USEC_PER_SEC);
    }

  g_test_message ("%u kills, %u records reported committed, %u runs got that far",
                  run, g_hash_table_size (printed), n_with_output);
  /* Enough runs must have got to commit something for the test to mean
   * anything. */
  g_assert_cmpuint (n_with_output, >=, N_KILLS / 3);

  store = lalan_store_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_null (lalan_store_dup_recovery_notice (store));

  g_assert_true (lalan_store_check (store, TRUE, &problems, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (problems), ==, 0);

  g_hash_table_iter_init (&iter, printed);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      g_autoptr(LalanRecord) record = lalan_store_get_record (store, id, &error);

      g_assert_no_error (error);
      g_assert_cmpint (lalan_record_get_state (record), ==, LALAN_RECORD_STATE_FINALIZED);
      g_assert_nonnull (lalan_record_get_instance_xml (record));
    }

  g_clear_object (&store);
  lalan_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);

  g_test_add_func ("/store/crash/sigkill", test_sigkill);

  return g_test_run ();
}
