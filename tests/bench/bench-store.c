/* bench-store.c — the store's figures for issue 3:
 *
 *  - finalizing one record, a durable commit: median and p99, against a raw
 *    sqlite3 INSERT of a row of the same size with the same pragmas, in its
 *    own transaction, measured interleaved in the same run;
 *  - the first page of the records list with 100,000 records (and the
 *    count the list model needs, and a rare state, and a search), against
 *    the same SELECT on a raw connection;
 *  - the database size per household record, against the size of its
 *    instance XML.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-test.h"
#include "lalan-test-records.h"
#include "lalan-store-private.h"
#include "lalan-record-list.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#define N_FINALIZE 400
#define N_RECORDS 100000
#define N_PAGE_RUNS 25

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (double *values,
            guint   n,
            double  p)
{
  guint index;

  qsort (values, n, sizeof (double), compare_doubles);
  index = (guint) (p * (n - 1) + 0.5);
  return values[MIN (index, n - 1)];
}

static void
print_figure (const char *metric,
              double      value,
              const char *unit,
              double      baseline,
              const char *goal)
{
  g_autoptr(GString) line = g_string_new (NULL);
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (line, "{\"bench\": \"store\", \"metric\": \"%s\", \"value\": %s",
                          metric, g_ascii_formatd (number, sizeof number, "%.4g", value));
  g_string_append_printf (line, ", \"unit\": \"%s\"", unit);
  if (baseline > 0)
    {
      g_string_append_printf (line, ", \"baseline\": %s", g_ascii_formatd (number, sizeof number, "%.4g", baseline));
      g_string_append_printf (line, ", \"ratio\": %s", g_ascii_formatd (number, sizeof number, "%.3g", value / baseline));
    }
  if (goal != NULL)
    g_string_append_printf (line, ", \"goal\": \"%s\"", goal);
  g_string_append (line, "}");

  printf ("%s\n", line->str);
  fflush (stdout);
}

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The baseline: a bare connection with the store's pragmas and the same
 * records table, inserting one row per transaction. */
static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "PRAGMA page_size = " G_STRINGIFY (LALAN_STORE_PAGE_SIZE) ";"
                                 "PRAGMA journal_mode = WAL;"
                                 "PRAGMA synchronous = FULL;"
                                 "PRAGMA foreign_keys = ON;"
                                 "CREATE TABLE records ("
                                 "  id INTEGER PRIMARY KEY, instance_id TEXT NOT NULL UNIQUE,"
                                 "  form_id TEXT NOT NULL, form_version TEXT NOT NULL, state TEXT NOT NULL,"
                                 "  summary TEXT NOT NULL DEFAULT '', resume_position TEXT, deprecated_id TEXT,"
                                 "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
                                 "  finalized_at INTEGER, sent_at INTEGER, attempts INTEGER NOT NULL DEFAULT 0,"
                                 "  next_attempt_at INTEGER, last_error_code TEXT, last_error_message TEXT,"
                                 "  server_response TEXT, instance_xml TEXT NOT NULL);"
                                 "CREATE INDEX records_by_updated ON records (updated_at);"
                                 "CREATE INDEX records_by_state ON records (state, updated_at);"
                                 "CREATE INDEX records_by_form ON records (form_id, updated_at);"
                                 "CREATE INDEX records_due ON records (next_attempt_at) WHERE state = 'finalized';",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  return db;
}

static void
bench_finalize (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *store_path = g_build_filename (dir, "finalize.db", NULL);
  g_autofree char *raw_path = g_build_filename (dir, "raw.db", NULL);
  g_autoptr(LalanStore) store = lalan_store_open (store_path, &error);
  sqlite3 *raw = open_raw (raw_path);
  sqlite3_stmt *begin, *insert, *commit;
  double finalize_ms[N_FINALIZE], raw_ms[N_FINALIZE];
  double finalize_median, raw_median;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (raw, "BEGIN IMMEDIATE", -1, &begin, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (raw, "COMMIT", -1, &commit, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (raw,
                                       "INSERT INTO records (instance_id, form_id, form_version, state, summary,"
                                       " created_at, updated_at, finalized_at, next_attempt_at, instance_xml)"
                                       " VALUES (?1, 'lalan_household', '2026010101', 'finalized', ?2, ?3, ?3, ?3, ?3, ?4)",
                                       -1, &insert, NULL), ==, SQLITE_OK);

  for (guint i = 0; i < N_FINALIZE; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:finalize-%05u", i);
      g_autofree char *xml = lalan_test_make_household_xml (id, i);
      g_autoptr(LalanRecord) draft = lalan_store_save_draft (store, id, "lalan_household", "2026010101", xml,
                                                             "Household", "members", &error);

      g_assert_no_error (error);
    }

  /* The drafts were saved earlier: reopening checkpoints their WAL, so
   * both databases start the measured run with an empty log. */
  g_clear_object (&store);
  store = lalan_store_open (store_path, &error);
  g_assert_no_error (error);

  /* Interleaved, so both see the same disk and the same load, and in
   * alternating order, so neither always follows the other's fsync. */
  for (guint i = 0; i < N_FINALIZE; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:finalize-%05u", i);
      g_autofree char *raw_id = g_strdup_printf ("uuid:raw-%05u", i);
      g_autofree char *xml = lalan_test_make_household_xml (id, i);

      for (guint turn = 0; turn < 2; turn++)
        {
          gint64 start = g_get_monotonic_time ();

          if ((turn + i) % 2 == 0)
            {
              g_autoptr(LalanRecord) finalized = lalan_store_finalize_record (store, id, xml, "Household", &error);

              finalize_ms[i] = elapsed_ms (start);
              g_assert_no_error (error);
              g_assert_nonnull (finalized);
            }
          else
            {
              g_assert_cmpint (sqlite3_step (begin), ==, SQLITE_DONE);
              sqlite3_reset (begin);
              sqlite3_bind_text (insert, 1, raw_id, -1, SQLITE_STATIC);
              sqlite3_bind_text (insert, 2, "Household", -1, SQLITE_STATIC);
              sqlite3_bind_int64 (insert, 3, g_get_real_time ());
              sqlite3_bind_text (insert, 4, xml, -1, SQLITE_STATIC);
              g_assert_cmpint (sqlite3_step (insert), ==, SQLITE_DONE);
              sqlite3_reset (insert);
              g_assert_cmpint (sqlite3_step (commit), ==, SQLITE_DONE);
              sqlite3_reset (commit);
              raw_ms[i] = elapsed_ms (start);
            }
        }
    }

  finalize_median = percentile (finalize_ms, N_FINALIZE, 0.5);
  raw_median = percentile (raw_ms, N_FINALIZE, 0.5);
  print_figure ("finalize one record, median", finalize_median, "ms", raw_median, "<= 1.2x");
  print_figure ("finalize one record, p99", percentile (finalize_ms, N_FINALIZE, 0.99), "ms",
                percentile (raw_ms, N_FINALIZE, 0.99), NULL);

  sqlite3_finalize (begin);
  sqlite3_finalize (insert);
  sqlite3_finalize (commit);
  sqlite3_close (raw);
}

typedef struct
{
  guint  n;
  gsize  xml_bytes;
} FillArgs;

/* 100,000 records in one transaction, through the store's own functions
 * (each nests as a savepoint): 70 % sent, 20 % waiting, 8 % drafts, 2 %
 * needing review, as a busy district's database would hold. */
static gpointer
fill_in_worker (LalanStore    *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  FillArgs *args = data;

  if (!lalan_store_begin (store, error))
    return NULL;

  for (guint i = 0; i < args->n; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:bulk-%06u", i);
      g_autofree char *xml = lalan_test_make_household_xml (id, i);
      g_autofree char *summary = g_strdup_printf ("部落 %u · 戶 %u", i % 55, i);
      guint kind = i % 50;

      args->xml_bytes += strlen (xml);

      if (kind < 4)
        {
          g_autoptr(LalanRecord) draft = lalan_store_save_draft (store, id, "lalan_household", "2026010101",
                                                                 xml, summary, "members", error);
          if (draft == NULL)
            goto failed;
          continue;
        }

      if (!lalan_store_import_record (store, id, "lalan_household", "2026010101", xml, summary,
                                      NULL, 0, NULL, NULL, error))
        goto failed;

      if (kind == 4 && !lalan_store_mark_needs_review (store, id, "http-409", "Refused.", error))
        goto failed;
      if (kind >= 15 && !lalan_store_mark_sent (store, id, "<OpenRosaResponse/>", error))
        goto failed;
    }

  if (!lalan_store_commit (store, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);

failed:
  lalan_store_rollback (store);
  return NULL;
}

static double
time_first_page (LalanStore *store,
                 guint       states,
                 const char *search,
                 double     *worst)
{
  double runs[N_PAGE_RUNS];

  for (guint r = 0; r < N_PAGE_RUNS; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) page = NULL;
      gint64 start = g_get_monotonic_time ();

      page = lalan_store_list_records (store, states, NULL, search, 0, LALAN_RECORD_LIST_PAGE_SIZE, &error);
      runs[r] = elapsed_ms (start);
      g_assert_no_error (error);
      g_assert_cmpuint (page->len, >, 0);
    }

  if (worst != NULL)
    *worst = percentile (runs, N_PAGE_RUNS, 1.0);
  return percentile (runs, N_PAGE_RUNS, 0.5);
}

static double
time_raw_first_page (const char *path)
{
  double runs[N_PAGE_RUNS];
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT instance_id, form_id, form_version, state, summary, resume_position,"
                                       " deprecated_id, created_at, updated_at, finalized_at, sent_at, attempts,"
                                       " next_attempt_at, last_error_code, last_error_message, server_response"
                                       " FROM records ORDER BY updated_at DESC, id DESC LIMIT 100",
                                       -1, &stmt, NULL), ==, SQLITE_OK);

  for (guint r = 0; r < N_PAGE_RUNS; r++)
    {
      gint64 start = g_get_monotonic_time ();
      guint n = 0;

      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          /* Read the columns as the store does. */
          for (int c = 0; c < 16; c++)
            (void) sqlite3_column_text (stmt, c);
          n++;
        }
      sqlite3_reset (stmt);
      runs[r] = elapsed_ms (start);
      g_assert_cmpuint (n, ==, 100);
    }

  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return percentile (runs, N_PAGE_RUNS, 0.5);
}

static void
wait_loaded (LalanRecordList *list)
{
  while (lalan_record_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
}

static void
bench_list (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "list.db", NULL);
  g_autoptr(LalanStore) store = lalan_store_open (path, &error);
  FillArgs args = { N_RECORDS, 0 };
  double worst, raw, value;
  gint64 start;
  GStatBuf buf;

  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  lalan_store_call (store, fill_in_worker, &args, NULL, NULL, &error);
  g_assert_no_error (error);
  printf ("filled %u records (%.1f MB of instance XML) in %.1f s\n",
          N_RECORDS, args.xml_bytes / 1e6, elapsed_ms (start) / 1000.0);

  /* Reopened, as the app would find it. */
  g_clear_object (&store);
  store = lalan_store_open (path, &error);
  g_assert_no_error (error);

  value = time_first_page (store, LALAN_RECORD_STATE_ALL, NULL, &worst);
  raw = time_raw_first_page (path);
  print_figure ("first page of 100,000 records, median", value, "ms", raw, "< 20 ms");
  print_figure ("first page of 100,000 records, worst of 25", worst, "ms", 0, "< 20 ms");

  value = time_first_page (store, LALAN_RECORD_STATE_NEEDS_REVIEW, NULL, NULL);
  print_figure ("first page, needs review only (2 %)", value, "ms", 0, "< 20 ms");
  value = time_first_page (store, LALAN_RECORD_STATE_DRAFT | LALAN_RECORD_STATE_FINALIZED, NULL, NULL);
  print_figure ("first page, drafts and waiting (28 %)", value, "ms", 0, "< 20 ms");
  value = time_first_page (store, LALAN_RECORD_STATE_ALL, "部落 7 ", NULL);
  print_figure ("first page, search in summaries", value, "ms", 0, NULL);

  start = g_get_monotonic_time ();
  g_assert_cmpuint (lalan_store_count_records (store, 0, NULL, NULL, &error), ==, N_RECORDS);
  print_figure ("count of 100,000 records", elapsed_ms (start), "ms", 0, NULL);

  /* What the survey list sees: the model's reload, count and first page. */
  {
    g_autoptr(LalanRecordList) list = NULL;
    g_autoptr(LalanRecord) first = NULL;

    start = g_get_monotonic_time ();
    list = lalan_record_list_new (store, LALAN_RECORD_STATE_ALL, NULL, NULL);
    wait_loaded (list);
    first = g_list_model_get_item (G_LIST_MODEL (list), 0);
    print_figure ("record list model ready (count + first page)", elapsed_ms (start), "ms", 0, "< 20 ms");
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_RECORDS);
  }

  g_clear_object (&store);
  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  print_figure ("database size per household record", (double) buf.st_size / N_RECORDS, "bytes",
                (double) args.xml_bytes / N_RECORDS, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;

  lalan_test_init (&argc, &argv);

  /* On the disk the data folder is on, not tmpfs: a durable commit has to
   * reach the disk for the figure to mean anything. */
  dir = lalan_test_make_tmp_dir ("bench-store");

  bench_finalize (dir);
  bench_list (dir);

  lalan_test_remove_tree (dir);

  return 0;
}
