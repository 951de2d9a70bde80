/* test-store-concurrency.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The app's worker and other processes (a CLI run by a timer while the app
 * is open) writing the same database at once: nothing is lost, and nobody
 * fails with "database is locked". */

#include "config.h"

#include "lalan-test.h"
#include "lalan-store.h"

#include <sys/wait.h>

#define N_PER_WRITER 400

typedef struct
{
  GPid      pid;
  int       out_fd;
  int       err_fd;
} Child;

static void
spawn_writer (const char *db_path,
              const char *prefix,
              Child      *child)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *helper = g_build_filename (g_getenv ("LALAN_BUILD_DIR"), "tests", "unit", "store-helper", NULL);
  g_autofree char *count = g_strdup_printf ("%u", N_PER_WRITER);
  char *argv[] = { helper, (char *) "write", (char *) db_path, (char *) prefix, count, NULL };

  g_spawn_async_with_pipes (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &child->pid, NULL, &child->out_fd, &child->err_fd, &error);
  g_assert_no_error (error);
}

static char *
read_all (int fd)
{
  g_autoptr(GIOChannel) channel = g_io_channel_unix_new (fd);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_io_channel_set_close_on_unref (channel, TRUE);
  g_io_channel_read_to_end (channel, &text, NULL, &error);
  g_assert_no_error (error);

  return text;
}

static void
wait_writer (Child *child)
{
  g_autofree char *out = read_all (child->out_fd);
  g_autofree char *err = read_all (child->err_fd);
  g_autofree char *expected = g_strdup_printf ("wrote %u\n", N_PER_WRITER);
  int status;

  g_assert_cmpint (waitpid (child->pid, &status, 0), ==, child->pid);
  g_spawn_close_pid (child->pid);

  /* A writer that hit "database is locked" (or anything) says so here. */
  g_assert_cmpstr (err, ==, "");
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_cmpstr (out, ==, expected);
}

static void
test_two_processes_and_the_worker (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lalan_test_make_tmp_dir ("concurrency");
  g_autofree char *db_path = g_build_filename (dir, "lalan.db", NULL);
  g_autoptr(LalanStore) store = NULL;
  g_auto(GStrv) problems = NULL;
  LalanRecordCounts counts;
  Child a, b;
  const char *prefixes[] = { "app", "cli-a", "cli-b" };

  store = lalan_store_open (db_path, &error);
  g_assert_no_error (error);

  spawn_writer (db_path, "cli-a", &a);
  spawn_writer (db_path, "cli-b", &b);

  /* Meanwhile the app's worker writes its own records and reads pages. */
  for (guint n = 0; n < N_PER_WRITER; n++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:app-%05u", n);
      g_autoptr(LalanRecord) draft = NULL;
      g_autoptr(LalanRecord) finalized = NULL;
      g_autoptr(GPtrArray) page = NULL;

      draft = lalan_store_save_draft (store, id, "lalan_household", "1", "<data/>", "app", NULL, &error);
      g_assert_no_error (error);
      finalized = lalan_store_finalize_record (store, id, NULL, NULL, &error);
      g_assert_no_error (error);
      page = lalan_store_list_records (store, 0, NULL, NULL, 0, 100, &error);
      g_assert_no_error (error);

      /* A sync running meanwhile: earlier records get acknowledged. */
      if (n >= 10 && n % 10 == 0)
        {
          g_autofree char *older = g_strdup_printf ("uuid:app-%05u", n - 10);

          g_assert_true (lalan_store_mark_sent (store, older, NULL, &error));
          g_assert_no_error (error);
        }
    }

  wait_writer (&a);
  wait_writer (&b);

  g_assert_true (lalan_store_count_records_by_state (store, &counts, &error));
  g_assert_cmpuint (counts.total, ==, 3 * N_PER_WRITER);
  g_assert_cmpuint (counts.draft, ==, 0);

  for (guint p = 0; p < G_N_ELEMENTS (prefixes); p++)
    for (guint n = 0; n < N_PER_WRITER; n++)
      {
        g_autofree char *id = g_strdup_printf ("uuid:%s-%05u", prefixes[p], n);
        g_autoptr(LalanRecord) record = lalan_store_get_record (store, id, &error);

        g_assert_no_error (error);
        g_assert_cmpint (lalan_record_get_state (record), !=, LALAN_RECORD_STATE_DRAFT);
      }

  g_assert_true (lalan_store_check (store, TRUE, &problems, NULL, &error));
  g_assert_cmpuint (g_strv_length (problems), ==, 0);

  g_clear_object (&store);
  lalan_test_remove_tree (dir);
}

static void
async_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  guint *pending = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanRecord) record = lalan_store_save_draft_finish (LALAN_STORE (object), result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  (*pending)--;
}

typedef struct
{
  LalanStore *store;
  guint       thread;
} ThreadData;

static gpointer
writer_thread (gpointer data)
{
  ThreadData *thread_data = data;

  for (guint n = 0; n < 50; n++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *id = g_strdup_printf ("uuid:thread-%u-%03u", thread_data->thread, n);
      g_autoptr(LalanRecord) record = lalan_store_save_draft (thread_data->store, id, "f", "1", "<data/>",
                                                              NULL, NULL, &error);

      g_assert_no_error (error);
    }

  return NULL;
}

static void
test_threads_and_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lalan_test_make_tmp_dir ("concurrency");
  g_autofree char *db_path = g_build_filename (dir, "lalan.db", NULL);
  g_autoptr(LalanStore) store = lalan_store_open (db_path, &error);
  ThreadData data[4];
  GThread *threads[4];
  guint pending = 0;

  g_assert_no_error (error);

  /* Several threads calling the synchronous API and the main thread
   * queueing async calls: all serialized on the one worker. */
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    {
      data[t].store = store;
      data[t].thread = t;
      threads[t] = g_thread_new ("writer", writer_thread, &data[t]);
    }
  for (guint n = 0; n < 100; n++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:async-%03u", n);

      pending++;
      lalan_store_save_draft_async (store, id, "f", "1", "<data/>", NULL, NULL, NULL, async_done_cb, &pending);
    }
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    g_thread_join (threads[t]);
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (lalan_store_count_records (store, 0, NULL, NULL, &error), ==, 4 * 50 + 100);

  g_clear_object (&store);
  lalan_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);

  g_test_add_func ("/store/concurrency/processes", test_two_processes_and_the_worker);
  g_test_add_func ("/store/concurrency/threads-and-async", test_threads_and_async);

  return g_test_run ();
}
