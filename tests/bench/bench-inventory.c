/* bench-inventory.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * lalan-inventory under load over loopback: household interviews per
 * second from 8 (and 50) concurrent clients, their latency, and the
 * server's peak memory. The baseline is the same server and clients
 * posting the same bodies to /v1/speedtest/upload, which reads and drops
 * them: what HTTP alone costs on this machine.
 */

#include "config.h"

#include "lalan-inventory-test.h"
#include "lalan-places.h"
#include "lalan-test.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#define PER_CLIENT 400

typedef struct
{
  const char *url;
  GPtrArray  *bodies;     /* GBytes, this client's */
  GArray     *latencies;  /* double, ms */
  guint       failures;
} Client;

static size_t
discard_cb (char   *data,
            size_t  size,
            size_t  n,
            void   *user_data)
{
  return size * n;
}

static gpointer
client_thread (gpointer data)
{
  Client *client = data;
  struct curl_slist *headers = NULL;
  CURL *curl = curl_easy_init ();

  headers = curl_slist_append (headers, "X-OpenRosa-Version: 1.0");
  headers = curl_slist_append (headers, "Content-Type: multipart/form-data; boundary=" LALAN_INVENTORY_TEST_BOUNDARY);
  headers = curl_slist_append (headers, "Expect:");
  curl_easy_setopt (curl, CURLOPT_URL, client->url);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_PROXY, "");
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt (curl, CURLOPT_POST, 1L);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, discard_cb);

  for (guint i = 0; i < client->bodies->len; i++)
    {
      GBytes *body = g_ptr_array_index (client->bodies, i);
      gint64 start = g_get_monotonic_time ();
      long status = 0;
      double ms;

      curl_easy_setopt (curl, CURLOPT_POSTFIELDS, g_bytes_get_data (body, NULL));
      curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) g_bytes_get_size (body));
      if (curl_easy_perform (curl) == CURLE_OK)
        curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
      if (status != 201 && status != 200)
        client->failures++;
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (client->latencies, ms);
    }

  curl_slist_free_all (headers);
  curl_easy_cleanup (curl);
  return NULL;
}

static GPtrArray *
make_bodies (guint  client,
             guint  n,
             gsize *total_xml)
{
  GPtrArray *bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  const LalanDistrict *districts;
  guint n_districts;

  districts = lalan_places_get_districts (&n_districts);
  for (guint i = 0; i < n; i++)
    {
      guint seed = client * 100000 + i + g_random_int_range (0, 1000) * 1000000;
      g_autofree char *id = g_strdup_printf ("uuid:bench-%08x-%08x-%u", g_random_int (), g_random_int (), i);
      g_autofree char *xml = lalan_inventory_test_household_xml (id, districts[seed % n_districts].town_code, seed);
      GByteArray *body = lalan_inventory_test_multipart_new ();

      *total_xml += strlen (xml);
      lalan_inventory_test_multipart_add (body, "xml_submission_file", "submission.xml", "text/xml",
                                          xml, strlen (xml));
      g_ptr_array_add (bodies, lalan_inventory_test_multipart_end (body));
    }

  return bodies;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Sends every body of every client at once; returns requests per second
 * and the 95th percentile latency. */
static double
run (const char *url,
     guint       n_clients,
     guint       per_client,
     double     *p95_ms,
     guint      *failures)
{
  g_autofree Client *clients = g_new0 (Client, n_clients);
  g_autofree GThread **threads = g_new0 (GThread *, n_clients);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  gsize xml_bytes = 0;
  gint64 start;
  double seconds;

  for (guint i = 0; i < n_clients; i++)
    {
      clients[i].url = url;
      clients[i].bodies = make_bodies (i, per_client, &xml_bytes);
      clients[i].latencies = g_array_new (FALSE, FALSE, sizeof (double));
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n_clients; i++)
    threads[i] = g_thread_new ("client", client_thread, &clients[i]);
  for (guint i = 0; i < n_clients; i++)
    g_thread_join (threads[i]);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  *failures = 0;
  for (guint i = 0; i < n_clients; i++)
    {
      g_array_append_vals (all, clients[i].latencies->data, clients[i].latencies->len);
      *failures += clients[i].failures;
      g_ptr_array_unref (clients[i].bodies);
      g_array_unref (clients[i].latencies);
    }
  g_array_sort (all, compare_doubles);
  *p95_ms = g_array_index (all, double, (guint) (all->len * 0.95));

  printf ("   %u clients x %u requests of %.1f kB (instance XML) to %s: %.2f s\n",
          n_clients, per_client, xml_bytes / 1024.0 / (n_clients * per_client),
          strstr (url, "speedtest") ? "/v1/speedtest/upload" : "…/submission", seconds);

  return n_clients * per_client / seconds;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LalanInventoryTestServer) server = NULL;
  g_autofree char *submission_url = NULL;
  g_autofree char *upload_url = NULL;
  guint64 idle_rss, peak_rss;
  double rate_8, baseline_8, rate_50, p95_8, p95_50, baseline_p95;
  guint failures = 0, f;

  lalan_test_init (&argc, &argv);
  lalan_inventory_test_global_init ();

  server = lalan_inventory_test_server_new ();
  lalan_inventory_test_server_start (server, NULL);
  submission_url = lalan_inventory_test_url (server, "submission");
  upload_url = g_strdup_printf ("%s/v1/speedtest/upload", server->base_url);
  idle_rss = lalan_inventory_test_server_peak_rss (server);

  baseline_8 = run (upload_url, 8, PER_CLIENT, &baseline_p95, &f);
  failures += f;
  rate_8 = run (submission_url, 8, PER_CLIENT, &p95_8, &f);
  failures += f;
  rate_50 = run (submission_url, 50, 100, &p95_50, &f);
  failures += f;
  peak_rss = lalan_inventory_test_server_peak_rss (server);

  if (failures > 0)
    {
      fprintf (stderr, "%u requests failed\n", failures);
      return 1;
    }

  printf ("{\"bench\": \"bench-inventory\", \"metric\": \"household submissions/s, 8 clients\", "
          "\"value\": %.0f, \"unit\": \"/s\", \"baseline\": %.0f, \"ratio\": %.2f, "
          "\"goal\": \">= 300/s (ODK Central ~41/s)\"}\n", rate_8, baseline_8, rate_8 / baseline_8);
  printf ("{\"bench\": \"bench-inventory\", \"metric\": \"p95 latency, 8 clients\", "
          "\"value\": %.1f, \"unit\": \"ms\", \"baseline\": %.1f, \"ratio\": %.2f, \"goal\": \"\"}\n",
          p95_8, baseline_p95, p95_8 / baseline_p95);
  printf ("{\"bench\": \"bench-inventory\", \"metric\": \"household submissions/s, 50 clients\", "
          "\"value\": %.0f, \"unit\": \"/s\", \"baseline\": %.0f, \"ratio\": %.2f, \"goal\": \">= 300/s\"}\n",
          rate_50, baseline_8, rate_50 / baseline_8);
  printf ("{\"bench\": \"bench-inventory\", \"metric\": \"p95 latency, 50 clients\", "
          "\"value\": %.1f, \"unit\": \"ms\", \"goal\": \"\"}\n", p95_50);
  printf ("{\"bench\": \"bench-inventory\", \"metric\": \"server peak memory under load\", "
          "\"value\": %.1f, \"unit\": \"MB\", \"baseline\": %.1f, \"ratio\": %.2f, \"goal\": \"< 64 MB\"}\n",
          peak_rss / 1024.0, idle_rss / 1024.0, (double) peak_rss / idle_rss);

  lalan_inventory_test_server_stop (server);
  return 0;
}
