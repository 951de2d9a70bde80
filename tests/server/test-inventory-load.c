/* test-inventory-load.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Load: 50 clients sending 100 household interviews each at once, every
 * record stored exactly once, memory bounded. Restart: the server killed
 * with SIGKILL in the middle of such a run; after a restart, every record
 * it had answered 201 is there.
 */

#include "config.h"

#include "lalan-inventory-test.h"
#include "lalan-places.h"
#include "lalan-test.h"

#include <curl/curl.h>
#include <string.h>

#define LOAD_CLIENTS 50
#define LOAD_RECORDS 100
#define MAX_PEAK_RSS_KB (64 * 1024)

typedef struct
{
  LalanInventoryTestServer *server;
  guint                     client;
  guint                     records;      /* 0: until stopped */
  gboolean                  resend;       /* send every tenth record twice */
  volatile gint            *stop;
  GMutex                   *mutex;
  GPtrArray                *acknowledged; /* instanceIDs answered 201 */
  guint                     failures;
  guint                     sent;
} Client;

static size_t
collect_cb (char   *data,
            size_t  size,
            size_t  n,
            void   *user_data)
{
  g_string_append_len (user_data, data, size * n);
  return size * n;
}

static long
post (CURL       *curl,
      const char *url,
      GBytes     *body,
      GString    *answer)
{
  long status = 0;

  g_string_truncate (answer, 0);
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDS, g_bytes_get_data (body, NULL));
  curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) g_bytes_get_size (body));
  if (curl_easy_perform (curl) != CURLE_OK)
    return 0;
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);

  return status;
}

static GBytes *
make_body (const char *xml)
{
  GByteArray *body = lalan_inventory_test_multipart_new ();

  lalan_inventory_test_multipart_add (body, "xml_submission_file", "submission.xml", "text/xml", xml, strlen (xml));
  return lalan_inventory_test_multipart_end (body);
}

static gpointer
client_thread (gpointer data)
{
  Client *client = data;
  const LalanDistrict *districts;
  guint n_districts;
  g_autofree char *url = lalan_inventory_test_url (client->server, "submission");
  g_autoptr(GString) answer = g_string_new (NULL);
  struct curl_slist *headers = NULL;
  CURL *curl = curl_easy_init ();

  districts = lalan_places_get_districts (&n_districts);
  headers = curl_slist_append (headers, "X-OpenRosa-Version: 1.0");
  headers = curl_slist_append (headers, "Content-Type: multipart/form-data; boundary=" LALAN_INVENTORY_TEST_BOUNDARY);
  headers = curl_slist_append (headers, "Expect:");
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_PROXY, "");
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt (curl, CURLOPT_POST, 1L);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, collect_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, answer);

  for (guint i = 0; (client->records == 0 || i < client->records) && !g_atomic_int_get (client->stop); i++)
    {
      guint seed = client->client * 100000 + i;
      g_autofree char *id = g_strdup_printf ("uuid:load-%u-%u-%08x", client->client, i, g_random_int ());
      g_autofree char *xml = lalan_inventory_test_household_xml (id, districts[seed % n_districts].town_code, seed);
      g_autoptr(GBytes) body = make_body (xml);
      guint times = client->resend && i % 10 == 0 ? 2 : 1;

      for (guint t = 0; t < times; t++)
        {
          long status = post (curl, url, body, answer);

          client->sent++;
          if (status == 201)
            {
              g_mutex_lock (client->mutex);
              g_ptr_array_add (client->acknowledged, g_strdup (id));
              g_mutex_unlock (client->mutex);
            }
          else
            {
              client->failures++;
              if (client->records == 0)
                goto out;   /* the server is gone: stop, as a killed one would leave us */
            }
        }
    }

out:
  curl_slist_free_all (headers);
  curl_easy_cleanup (curl);
  return NULL;
}

static void
run_clients (Client *clients,
             guint   n)
{
  GThread *threads[LOAD_CLIENTS];

  g_assert_cmpuint (n, <=, LOAD_CLIENTS);
  for (guint i = 0; i < n; i++)
    threads[i] = g_thread_new ("client", client_thread, &clients[i]);
  for (guint i = 0; i < n; i++)
    g_thread_join (threads[i]);
}

static void
test_concurrent (void)
{
  g_autoptr(LalanInventoryTestServer) server = lalan_inventory_test_server_new ();
  g_autoptr(GPtrArray) acknowledged = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) unique = g_hash_table_new (g_str_hash, g_str_equal);
  Client clients[LOAD_CLIENTS];
  GMutex mutex;
  gint stop = 0;
  guint64 peak;
  gint64 start;
  double seconds;
  guint sent = 0;

  g_mutex_init (&mutex);
  lalan_inventory_test_server_start (server, NULL);

  for (guint i = 0; i < LOAD_CLIENTS; i++)
    clients[i] = (Client) { server, i, LOAD_RECORDS, TRUE, &stop, &mutex, acknowledged, 0, 0 };

  start = g_get_monotonic_time ();
  run_clients (clients, LOAD_CLIENTS);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  peak = lalan_inventory_test_server_peak_rss (server);

  for (guint i = 0; i < LOAD_CLIENTS; i++)
    {
      g_assert_cmpuint (clients[i].failures, ==, 0);
      sent += clients[i].sent;
    }

  /* Every record answered 201 (resends included), stored exactly once. */
  g_assert_cmpuint (sent, ==, LOAD_CLIENTS * (LOAD_RECORDS + LOAD_RECORDS / 10));
  g_assert_cmpuint (acknowledged->len, ==, sent);
  for (guint i = 0; i < acknowledged->len; i++)
    g_hash_table_add (unique, g_ptr_array_index (acknowledged, i));
  g_assert_cmpuint (g_hash_table_size (unique), ==, LOAD_CLIENTS * LOAD_RECORDS);
  g_assert_cmpuint (lalan_inventory_test_count_records (server->data_dir, "lalan_household", stored), ==,
                    LOAD_CLIENTS * LOAD_RECORDS);
  for (guint i = 0; i < acknowledged->len; i++)
    g_assert_true (g_hash_table_contains (stored, g_ptr_array_index (acknowledged, i)));

  g_test_message ("%u requests from %d clients in %.1f s (%.0f/s); peak RSS of the server %" G_GUINT64_FORMAT " kB",
                  sent, LOAD_CLIENTS, seconds, sent / seconds, peak);
  g_assert_cmpuint (peak, <, MAX_PEAK_RSS_KB);

  g_mutex_clear (&mutex);
}

typedef struct
{
  Client *clients;
  guint   target;
} Killer;

static gpointer
killer_thread (gpointer data)
{
  Killer *killer = data;
  guint acknowledged = 0;

  /* Kill once a good number of records have been answered, so that some
   * are surely between their arrival and their commit. */
  while (acknowledged < killer->target)
    {
      g_usleep (10000);
      g_mutex_lock (killer->clients[0].mutex);
      acknowledged = killer->clients[0].acknowledged->len;
      g_mutex_unlock (killer->clients[0].mutex);
    }

  lalan_inventory_test_server_kill (killer->clients[0].server);
  return NULL;
}

static void
test_restart (void)
{
  g_autoptr(LalanInventoryTestServer) server = lalan_inventory_test_server_new ();
  g_autoptr(GPtrArray) acknowledged = g_ptr_array_new_with_free_func (g_free);
  GMutex mutex;
  gint stop = 0;

  g_mutex_init (&mutex);

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GHashTable) stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      Client clients[16];
      GThread *killer;
      guint before = acknowledged->len;
      Killer kill = { clients, before + 300 + g_random_int_range (0, 300) };

      lalan_inventory_test_server_start (server, NULL);
      for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
        clients[i] = (Client) { server, round * 100 + i, 0, FALSE, &stop, &mutex, acknowledged, 0, 0 };

      killer = g_thread_new ("killer", killer_thread, &kill);
      run_clients (clients, G_N_ELEMENTS (clients));
      g_thread_join (killer);
      g_assert_false (lalan_inventory_test_server_running (server));
      g_assert_cmpuint (acknowledged->len, >=, before + 300);

      /* After the restart, everything answered 201 is there. */
      lalan_inventory_test_server_start (server, NULL);
      lalan_inventory_test_count_records (server->data_dir, "lalan_household", stored);
      for (guint i = 0; i < acknowledged->len; i++)
        if (!g_hash_table_contains (stored, g_ptr_array_index (acknowledged, i)))
          g_error ("%s was answered 201 before the kill and is missing after it",
                   (const char *) g_ptr_array_index (acknowledged, i));
      g_test_message ("round %u: %u records answered 201 before SIGKILL, %u stored, all found",
                      round, acknowledged->len - before, g_hash_table_size (stored));

      lalan_inventory_test_server_stop (server);
    }

  g_mutex_clear (&mutex);
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);
  lalan_inventory_test_global_init ();

  g_test_add_func ("/inventory/load/concurrent", test_concurrent);
  g_test_add_func ("/inventory/load/restart", test_restart);

  return g_test_run ();
}
