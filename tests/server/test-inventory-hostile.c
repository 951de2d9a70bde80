/* test-inventory-hostile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What an attacker or a broken client sends: truncated bodies, entity
 * bombs, deep nesting, a 1 GB declared body, names that are not UTF-8 or
 * climb out of a folder. Each is refused with a 4xx, nothing is stored,
 * and the server keeps serving.
 */

#include "config.h"

#include "lalan-inventory-test.h"
#include "lalan-test.h"

#include <curl/curl.h>
#include <string.h>

static const char * const multipart_headers[] = {
  "X-OpenRosa-Version: 1.0",
  "Accept-Language: en",
  "Content-Type: multipart/form-data; boundary=" LALAN_INVENTORY_TEST_BOUNDARY,
  NULL
};

typedef struct
{
  LalanInventoryTestServer *server;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = lalan_inventory_test_server_new ();
  lalan_inventory_test_server_start (fixture->server, "--max-submission-size", "2000000", NULL);
}

/* Whatever a test sent, the server still answers, stores a good record,
 * and stored nothing else. */
static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *ping_url = g_strdup_printf ("%s/v1/speedtest/ping", fixture->server->base_url);
  g_autoptr(LalanInventoryTestResponse) ping = NULL;
  g_autoptr(LalanInventoryTestResponse) good = NULL;
  g_autoptr(GBytes) xml = lalan_inventory_test_load ("household-1.xml");

  g_assert_cmpuint (lalan_inventory_test_count_records (fixture->server->data_dir, "lalan_household", NULL), ==, 0);
  g_assert_true (lalan_inventory_test_server_running (fixture->server));

  ping = lalan_inventory_test_request ("GET", ping_url, NULL, NULL);
  g_assert_cmpint (ping->status, ==, 204);
  good = lalan_inventory_test_submit (fixture->server, xml, NULL);
  g_assert_cmpint (good->status, ==, 201);
  g_assert_cmpuint (lalan_inventory_test_count_records (fixture->server->data_dir, "lalan_household", NULL), ==, 1);

  g_clear_pointer (&fixture->server, lalan_inventory_test_server_free);
}

static LalanInventoryTestResponse *
post_body (Fixture *fixture,
           GBytes  *body)
{
  g_autofree char *url = lalan_inventory_test_url (fixture->server, "submission");

  return lalan_inventory_test_request ("POST", url, multipart_headers, body);
}

static LalanInventoryTestResponse *
post_instance (Fixture    *fixture,
               const char *xml)
{
  g_autoptr(GBytes) bytes = g_bytes_new (xml, strlen (xml));

  return lalan_inventory_test_submit (fixture->server, bytes, NULL);
}

static void
test_truncated_multipart (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GBytes) xml = lalan_inventory_test_load ("household-1.xml");
  GByteArray *body = lalan_inventory_test_multipart_new ();
  g_autoptr(GBytes) whole = NULL;
  gsize size;
  /* Cut inside the XML, inside a part's headers, inside the final boundary. */
  gsize cuts[3];

  lalan_inventory_test_multipart_add (body, "xml_submission_file", "submission.xml", "text/xml",
                                      g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));
  lalan_inventory_test_multipart_add (body, "house.jpg", "house.jpg", "image/jpeg", "\xff\xd8\xff\xe0", 4);
  whole = lalan_inventory_test_multipart_end (body);
  size = g_bytes_get_size (whole);
  cuts[0] = g_bytes_get_size (xml) / 2;
  cuts[1] = g_bytes_get_size (xml) + 160;
  cuts[2] = size - 6;

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autoptr(GBytes) cut = g_bytes_new_from_bytes (whole, 0, cuts[i]);
      g_autoptr(LalanInventoryTestResponse) response = post_body (fixture, cut);

      g_assert_cmpint (response->status, ==, 400);
    }
}

/* A client that announces a body and hangs up halfway: nothing is kept. */
static void
test_connection_cut (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (fixture->server->base_url, G_URI_FLAGS_NONE, &error);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GBytes) xml = lalan_inventory_test_load ("household-1.xml");
  GByteArray *body = lalan_inventory_test_multipart_new ();
  g_autoptr(GBytes) whole = NULL;
  g_autofree char *head = NULL;
  GOutputStream *out;

  lalan_inventory_test_multipart_add (body, "xml_submission_file", "submission.xml", "text/xml",
                                      g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));
  whole = lalan_inventory_test_multipart_end (body);

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  head = g_strdup_printf ("POST /v1/key/%s/projects/1/submission HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "X-OpenRosa-Version: 1.0\r\n"
                          "Content-Type: multipart/form-data; boundary=" LALAN_INVENTORY_TEST_BOUNDARY "\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                          fixture->server->token, g_bytes_get_size (whole));
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (out, g_bytes_get_data (whole, NULL), g_bytes_get_size (whole) - 100, NULL, NULL, &error);
  g_assert_no_error (error);
  g_io_stream_close (G_IO_STREAM (connection), NULL, &error);
  g_assert_no_error (error);

  /* Give the server the time to see the end of the connection. */
  g_usleep (200000);
}

static void
test_billion_laughs (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\"?>\n<!DOCTYPE data [\n <!ENTITY lol \"lol\">\n");
  g_autoptr(LalanInventoryTestResponse) response = NULL;
  g_autoptr(LalanInventoryTestResponse) xxe = NULL;
  g_autofree char *text = NULL;

  for (guint level = 1; level <= 9; level++)
    {
      g_string_append_printf (xml, " <!ENTITY lol%u \"", level);
      for (guint i = 0; i < 10; i++)
        g_string_append_printf (xml, level == 1 ? "&lol;" : "&lol%u;", level - 1);
      g_string_append (xml, "\">\n");
    }
  g_string_append (xml, "]>\n<data id=\"lalan_household\" version=\"2026112901\"><consent><consented>&lol9;</consented>"
                        "</consent><meta><instanceID>uuid:laughs</instanceID></meta></data>\n");

  response = post_instance (fixture, xml->str);
  g_assert_cmpint (response->status, ==, 400);
  g_assert_cmpfloat (response->seconds, <, 2.0);
  text = lalan_inventory_test_response_text (response);
  g_assert_nonnull (strstr (text, "DTD"));

  xxe = post_instance (fixture, "<?xml version=\"1.0\"?>\n<!DOCTYPE data [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                                "<data id=\"lalan_household\" version=\"2026112901\"><close><notes>&xxe;</notes></close>"
                                "<meta><instanceID>uuid:xxe</instanceID></meta></data>");
  g_assert_cmpint (xxe->status, ==, 400);
}

static void
test_deep_nesting (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GString) xml = g_string_new ("<data id=\"lalan_household\" version=\"2026112901\">"
                                         "<meta><instanceID>uuid:deep</instanceID></meta>");
  g_autoptr(LalanInventoryTestResponse) response = NULL;

  for (guint i = 0; i < 200000; i++)
    g_string_append (xml, "<g>");
  for (guint i = 0; i < 200000; i++)
    g_string_append (xml, "</g>");
  g_string_append (xml, "</data>");

  response = post_instance (fixture, xml->str);
  g_assert_cmpint (response->status, ==, 400);
}

typedef struct
{
  guint64 sent;
  guint64 limit;
} Zeros;

static size_t
read_zeros_cb (char   *buffer,
               size_t  size,
               size_t  n,
               void   *user_data)
{
  Zeros *zeros = user_data;
  size_t len = MIN ((guint64) size * n, zeros->limit - zeros->sent);

  memset (buffer, 0, len);
  zeros->sent += len;
  return len;
}

static size_t
discard_cb (char   *data,
            size_t  size,
            size_t  n,
            void   *user_data)
{
  return size * n;
}

static long
post_gigabyte_with_curl (Fixture  *fixture,
                         gboolean  expect_continue,
                         gboolean  chunked,
                         Zeros    *zeros)
{
  g_autofree char *url = lalan_inventory_test_url (fixture->server, "submission");
  struct curl_slist *headers = NULL;
  CURL *curl = curl_easy_init ();
  long status = 0;

  headers = curl_slist_append (headers, "X-OpenRosa-Version: 1.0");
  headers = curl_slist_append (headers, "Content-Type: multipart/form-data; boundary=" LALAN_INVENTORY_TEST_BOUNDARY);
  headers = curl_slist_append (headers, expect_continue ? "Expect: 100-continue" : "Expect:");
  if (chunked)
    headers = curl_slist_append (headers, "Transfer-Encoding: chunked");

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_PROXY, "");
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt (curl, CURLOPT_POST, 1L);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_zeros_cb);
  curl_easy_setopt (curl, CURLOPT_READDATA, zeros);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, discard_cb);
  if (!chunked)
    curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) zeros->limit);

  curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);

  curl_slist_free_all (headers);
  curl_easy_cleanup (curl);

  return status;
}

static void
test_gigabyte_declared (Fixture       *fixture,
                        gconstpointer  data)
{
  Zeros with_expect = { 0, (guint64) 1 << 30 };
  Zeros without_expect = { 0, (guint64) 1 << 30 };
  Zeros chunked = { 0, (guint64) 1 << 30 };
  guint64 rss_before = lalan_inventory_test_server_peak_rss (fixture->server);
  gint64 start = g_get_monotonic_time ();

  /* As curl sends large bodies: the server answers before any of it. */
  g_assert_cmpint (post_gigabyte_with_curl (fixture, TRUE, FALSE, &with_expect), ==, 413);
  g_assert_cmpuint (with_expect.sent, <, 1 << 20);

  /* Straight in, no Expect: answered at the headers, connection closed. */
  g_assert_cmpint (post_gigabyte_with_curl (fixture, FALSE, FALSE, &without_expect), ==, 413);
  g_assert_cmpuint (without_expect.sent, <, 64 << 20);

  /* No declared length: counted as it comes, stopped past the limit. */
  g_assert_cmpint (post_gigabyte_with_curl (fixture, FALSE, TRUE, &chunked), ==, 413);
  g_assert_cmpuint (chunked.sent, <, 64 << 20);

  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  /* Nothing of the gigabyte was held. */
  g_assert_cmpuint (lalan_inventory_test_server_peak_rss (fixture->server), <, rss_before + 32 * 1024);
}

static void
test_raw_gigabyte (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (fixture->server->base_url, G_URI_FLAGS_NONE, &error);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autofree char *head = NULL;
  g_autofree guint8 *zeros = g_malloc0 (1 << 20);
  char answer[512] = { 0 };
  gsize got = 0;
  GSocket *socket;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  socket = g_socket_connection_get_socket (connection);
  g_socket_set_timeout (socket, 10);

  head = g_strdup_printf ("POST /v1/key/%s/projects/1/submission HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "X-OpenRosa-Version: 1.0\r\n"
                          "Content-Type: multipart/form-data; boundary=" LALAN_INVENTORY_TEST_BOUNDARY "\r\n"
                          "Content-Length: 1073741824\r\n\r\n", fixture->server->token);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             head, strlen (head), NULL, NULL, &error);
  g_assert_no_error (error);
  /* Some of the body, as a client that does not wait would send it; the
   * server may already have closed its side, so errors are expected. */
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             zeros, 1 << 20, NULL, NULL, NULL);

  g_input_stream_read_all (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                           answer, sizeof answer - 1, &got, NULL, NULL);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 413 "));
  g_assert_nonnull (strstr (answer, "Connection: close"));
  g_assert_nonnull (strstr (answer, "X-OpenRosa-Version: 1.0"));
}

static void
test_bad_names (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const filenames[] = {
    "../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd", "photos/house.jpg",
    ".htaccess", "..", "house\xff\xfe.jpg", "\xc3\x28.jpg",
  };
  g_autoptr(GBytes) xml = lalan_inventory_test_load ("household-1.xml");

  for (guint i = 0; i < G_N_ELEMENTS (filenames); i++)
    {
      GByteArray *body = lalan_inventory_test_multipart_new ();
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(LalanInventoryTestResponse) response = NULL;

      lalan_inventory_test_multipart_add (body, "xml_submission_file", "submission.xml", "text/xml",
                                          g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));
      lalan_inventory_test_multipart_add (body, "house.jpg", filenames[i], "image/jpeg", "\xff\xd8", 2);
      bytes = lalan_inventory_test_multipart_end (body);
      response = post_body (fixture, bytes);

      if (response->status != 400)
        g_error ("the attachment name %u got %ld", i, response->status);
    }

  /* A field name that is not UTF-8. */
  {
    GByteArray *body = lalan_inventory_test_multipart_new ();
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(LalanInventoryTestResponse) response = NULL;

    lalan_inventory_test_multipart_add (body, "xml_submission_file", "submission.xml", "text/xml",
                                        g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));
    lalan_inventory_test_multipart_add (body, "\xff\xfe\xfd", NULL, NULL, "x", 1);
    bytes = lalan_inventory_test_multipart_end (body);
    response = post_body (fixture, bytes);
    g_assert_cmpint (response->status, ==, 400);
  }
}

static void
test_bad_paths (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const tails[] = {
    "lessons/..%2F..%2Finventory.db",
    "lessons/%2e%2e/inventory.db",
    "forms/..%2F..%2Fformlist.xml",
  };
  static const char * const headers[] = { "X-OpenRosa-Version: 1.0", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (tails); i++)
    {
      g_autofree char *url = lalan_inventory_test_url (fixture->server, tails[i]);
      g_autoptr(LalanInventoryTestResponse) response = lalan_inventory_test_request ("GET", url, headers, NULL);

      g_assert_cmpint (response->status, >=, 400);
      g_assert_cmpint (response->status, <, 500);
    }
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);
  lalan_inventory_test_global_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/inventory/hostile/truncated-multipart", test_truncated_multipart);
  ADD ("/inventory/hostile/connection-cut", test_connection_cut);
  ADD ("/inventory/hostile/billion-laughs", test_billion_laughs);
  ADD ("/inventory/hostile/deep-nesting", test_deep_nesting);
  ADD ("/inventory/hostile/gigabyte-declared", test_gigabyte_declared);
  ADD ("/inventory/hostile/raw-gigabyte", test_raw_gigabyte);
  ADD ("/inventory/hostile/bad-names", test_bad_names);
  ADD ("/inventory/hostile/bad-paths", test_bad_paths);
#undef ADD

  return g_test_run ();
}
