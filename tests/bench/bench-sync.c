/* bench-sync.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sync's figures for the closing note:
 *
 * - 1,000 household records sent by the outbox to lalan-inventory over
 *   loopback (goal: under 10 s). Baseline: the same records posted by a
 *   bare libcurl loop on one kept-alive connection, with nothing stored
 *   on the client — what the server and HTTP cost alone.
 * - Through the fault proxy at 256 kbit/s with 300 ms of delay: the share
 *   of the link the outbox fills (goal: at least 80 %). Baseline: one
 *   upload of the same number of bytes in a single request, the most one
 *   transfer can get from that link.
 * - Bytes on the wire per record (HTTP headers and bodies, both ways)
 *   against the size of its instance XML.
 */

#include "config.h"

#include "lalan-inventory-test.h"
#include "lalan-outbox.h"
#include "lalan-sync-test.h"
#include "lalan-test.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#define N_LOOPBACK 1000
#define N_SLOW 60
#define LINK_KBIT 256
#define LINK_DELAY_MS 300

static size_t
discard_cb (char   *data,
            size_t  size,
            size_t  n,
            void   *user_data)
{
  return size * n;
}

static void
print_figure (const char *bench,
              const char *metric,
              double      value,
              const char *unit,
              double      baseline,
              const char *goal)
{
  if (baseline > 0)
    printf ("{\"bench\": \"%s\", \"metric\": \"%s\", \"value\": %.3f, \"unit\": \"%s\", "
            "\"baseline\": %.3f, \"ratio\": %.3f, \"goal\": \"%s\"}\n",
            bench, metric, value, unit, baseline, value / baseline, goal);
  else
    printf ("{\"bench\": \"%s\", \"metric\": \"%s\", \"value\": %.3f, \"unit\": \"%s\", \"goal\": \"%s\"}\n",
            bench, metric, value, unit, goal);
  fflush (stdout);
}

/* A bare loop of POSTs, one connection, nothing stored: the baseline. */
static double
post_with_curl (const char *url,
                GPtrArray  *xmls)
{
  struct curl_slist *headers = curl_slist_append (NULL, "X-OpenRosa-Version: 1.0");
  CURL *curl = curl_easy_init ();
  gint64 start;

  headers = curl_slist_append (headers, "Expect:");
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_NOPROXY, "*");
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, discard_cb);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < xmls->len; i++)
    {
      const char *xml = g_ptr_array_index (xmls, i);
      curl_mime *mime = curl_mime_init (curl);
      curl_mimepart *part = curl_mime_addpart (mime);
      long status = 0;

      curl_mime_name (part, "xml_submission_file");
      curl_mime_filename (part, "submission.xml");
      curl_mime_type (part, "text/xml");
      curl_mime_data (part, xml, strlen (xml));
      curl_easy_setopt (curl, CURLOPT_MIMEPOST, mime);
      if (curl_easy_perform (curl) != CURLE_OK ||
          curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK || status != 201)
        g_error ("The baseline POST failed (%ld)", status);
      curl_easy_setopt (curl, CURLOPT_MIMEPOST, NULL);
      curl_mime_free (mime);
    }

  curl_easy_cleanup (curl);
  curl_slist_free_all (headers);

  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
bench_loopback (void)
{
  g_autoptr(LalanInventoryTestServer) server = lalan_inventory_test_server_new ();
  g_autoptr(LalanSyncServer) sync_server = NULL;
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(GPtrArray) baseline_xmls = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = lalan_test_make_tmp_dir ("bench-sync");
  g_autofree char *submission_url = NULL;
  LalanOutboxSummary summary;
  guint64 xml_bytes = 0;
  gint64 start;
  double lalan_ms, curl_ms;

  lalan_inventory_test_server_start (server, NULL);
  sync_server = lalan_sync_test_server_for (server->base_url, server->token);
  store = lalan_sync_test_open_store (data_dir);

  for (guint i = 0; i < N_LOOPBACK; i++)
    {
      g_autofree char *id = lalan_sync_test_add_household (store, i, NULL);
      g_autoptr(LalanRecord) record = lalan_store_get_record (store, id, &error);
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *other_id = g_strconcat ("uuid:", uuid, NULL);

      g_assert_no_error (error);
      xml_bytes += strlen (lalan_record_get_instance_xml (record));
      g_ptr_array_add (baseline_xmls, lalan_inventory_test_household_xml (other_id, "10015110", i));
    }

  start = g_get_monotonic_time ();
  if (!lalan_outbox_send (store, sync_server, NULL, LALAN_OUTBOX_DEFAULT, NULL, NULL, &summary, NULL, &error))
    g_error ("Sending failed: %s", error->message);
  lalan_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_cmpuint (summary.n_sent, ==, N_LOOPBACK);

  submission_url = g_strdup_printf ("%s/v1/key/%s/projects/1/submission", server->base_url, server->token);
  curl_ms = post_with_curl (submission_url, baseline_xmls);
  g_assert_cmpuint (lalan_inventory_test_count_records (server->data_dir, "lalan_household", NULL), ==, 2 * N_LOOPBACK);

  print_figure ("sync", "1000 records over loopback", lalan_ms, "ms", curl_ms, "< 10000 ms");
  print_figure ("sync", "wire bytes per record (sent + received)",
                (double) (summary.bytes_sent + summary.bytes_received) / N_LOOPBACK, "bytes",
                (double) xml_bytes / N_LOOPBACK, "instance XML size is the baseline");
  print_figure ("sync", "wire bytes per record (sent)", (double) summary.bytes_sent / N_LOOPBACK, "bytes",
                (double) xml_bytes / N_LOOPBACK, "instance XML size is the baseline");
  printf ("connections opened: %u\n", summary.n_connections);

  lalan_store_close (store);
  lalan_test_remove_tree (data_dir);
}

/* One upload of @bytes through the slow link: the most one transfer gets. */
static double
upload_once (const char *url,
             gsize       bytes)
{
  struct curl_slist *headers = curl_slist_append (NULL, "Expect:");
  g_autofree char *body = g_malloc (bytes);
  CURL *curl = curl_easy_init ();
  gint64 start;
  CURLcode rc;

  /* Incompressible, as real traffic is to the link. */
  for (gsize i = 0; i < bytes; i++)
    body[i] = (char) g_random_int ();

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_NOPROXY, "*");
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) bytes);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, discard_cb);

  start = g_get_monotonic_time ();
  rc = curl_easy_perform (curl);
  if (rc != CURLE_OK)
    g_error ("The baseline upload failed: %s", curl_easy_strerror (rc));

  curl_easy_cleanup (curl);
  curl_slist_free_all (headers);

  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static void
bench_slow_link (void)
{
  g_autoptr(LalanInventoryTestServer) server = lalan_inventory_test_server_new ();
  g_autoptr(LalanSyncTestProxy) proxy = NULL;
  g_autoptr(LalanSyncServer) through = NULL;
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = lalan_test_make_tmp_dir ("bench-sync-slow");
  g_autofree char *rate = g_strdup_printf ("%d", LINK_KBIT);
  g_autofree char *delay = g_strdup_printf ("%d", LINK_DELAY_MS);
  g_autofree char *upload_url = NULL;
  LalanOutboxSummary summary;
  double link_bytes_per_second = LINK_KBIT * 1000.0 / 8.0;
  double seconds, share, baseline_seconds, baseline_share;
  gint64 start;

  lalan_inventory_test_server_start (server, NULL);
  proxy = lalan_sync_test_proxy_start (server->base_url, "--rate-kbit", rate, "--delay-ms", delay, NULL);
  through = lalan_sync_test_server_for (proxy->url, server->token);
  store = lalan_sync_test_open_store (data_dir);

  for (guint i = 0; i < N_SLOW; i++)
    g_free (lalan_sync_test_add_household (store, 5000 + i, NULL));

  start = g_get_monotonic_time ();
  if (!lalan_outbox_send (store, through, NULL, LALAN_OUTBOX_DEFAULT, NULL, NULL, &summary, NULL, &error))
    g_error ("Sending failed: %s", error->message);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_cmpuint (summary.n_sent, ==, N_SLOW);

  /* The upload direction is the bottleneck: what the outbox pushed
   * through it, over the whole run (probe and connection set-up included). */
  share = summary.bytes_sent / seconds / link_bytes_per_second;

  upload_url = g_strdup_printf ("%s/v1/speedtest/upload", proxy->url);
  baseline_seconds = upload_once (upload_url, summary.bytes_sent);
  baseline_share = summary.bytes_sent / baseline_seconds / link_bytes_per_second;

  print_figure ("sync", "share of a 256 kbit/s, 300 ms link", share * 100.0, "%", baseline_share * 100.0, ">= 80 %");
  printf ("%u records, %" G_GUINT64_FORMAT " bytes up in %.1f s (one upload of the same bytes: %.1f s)\n",
          N_SLOW, summary.bytes_sent, seconds, baseline_seconds);

  lalan_store_close (store);
  lalan_test_remove_tree (data_dir);
}

int
main (int   argc,
      char *argv[])
{
  lalan_sync_test_init (&argc, &argv);
  /* The production times: the figures are the app's. */
  g_unsetenv ("LALAN_SYNC_TEST_TIMING");

  bench_loopback ();
  bench_slow_link ();

  return 0;
}
