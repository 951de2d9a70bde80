/* test-inventory-services.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lessons catalogue and the connectivity-test endpoints.
 */

#include "config.h"

#include "lalan-inventory-test.h"
#include "lalan-test.h"

#include <archive.h>
#include <archive_entry.h>
#include <curl/curl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

static LalanInventoryTestServer *server;
static char *lessons_dir;

static void
write_pack (const char *path,
            const char *manifest)
{
  struct archive *archive = archive_write_new ();
  struct archive_entry *entry = archive_entry_new ();
  static const char page[] = "# 辨識詐騙\n\n接到陌生簡訊，先不要點連結。\n";

  archive_write_set_format_zip (archive);
  g_assert_cmpint (archive_write_open_filename (archive, path), ==, ARCHIVE_OK);

  archive_entry_set_pathname (entry, "scams/pack.json");
  archive_entry_set_size (entry, strlen (manifest));
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_write_header (archive, entry);
  archive_write_data (archive, manifest, strlen (manifest));

  archive_entry_clear (entry);
  archive_entry_set_pathname (entry, "scams/lessons/1/page.zh_TW.md");
  archive_entry_set_size (entry, strlen (page));
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_write_header (archive, entry);
  archive_write_data (archive, page, strlen (page));

  archive_entry_free (entry);
  archive_write_close (archive);
  archive_write_free (archive);
}

static LalanInventoryTestResponse *
get_lessons (const char *file,
             const char *token)
{
  g_autofree char *url = g_strdup_printf ("%s/v1/key/%s/projects/1/lessons/%s", server->base_url,
                                          token ? token : server->token, file);

  return lalan_inventory_test_request ("GET", url, NULL, NULL);
}

static void
test_catalog (void)
{
  g_autoptr(LalanInventoryTestResponse) catalog = get_lessons ("catalog.json", NULL);
  g_autoptr(LalanInventoryTestResponse) pack = get_lessons ("scams.lalanpack", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *pack_path = g_build_filename (lessons_dir, "scams.lalanpack", NULL);
  g_autofree char *pack_bytes = NULL;
  g_autofree char *sha256 = NULL;
  gsize pack_size = 0;
  JsonObject *entry;
  JsonArray *packs;

  g_assert_cmpint (catalog->status, ==, 200);
  g_assert_true (g_str_has_prefix (lalan_inventory_test_response_header (catalog, "Content-Type"), "application/json"));
  json_parser_load_from_data (parser, g_bytes_get_data (catalog->body, NULL), g_bytes_get_size (catalog->body), &error);
  g_assert_no_error (error);
  packs = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "packs");
  /* The pack without a manifest is listed too, with what the file says. */
  g_assert_cmpuint (json_array_get_length (packs), ==, 2);
  entry = json_array_get_object_element (packs, 0);

  g_assert_true (g_file_get_contents (pack_path, &pack_bytes, &pack_size, NULL));
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) pack_bytes, pack_size);
  g_assert_cmpstr (json_object_get_string_member (entry, "file"), ==, "scams.lalanpack");
  g_assert_cmpstr (json_object_get_string_member (entry, "url"), ==, "scams.lalanpack");
  g_assert_cmpstr (json_object_get_string_member (entry, "id"), ==, "scams");
  g_assert_cmpstr (json_object_get_string_member (entry, "version"), ==, "3");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry, "title"), "zh_TW"), ==, "辨識詐騙");
  g_assert_cmpint (json_object_get_int_member (entry, "size"), ==, pack_size);
  g_assert_cmpstr (json_object_get_string_member (entry, "sha256"), ==, sha256);

  /* The pack itself, byte for byte. */
  g_assert_cmpint (pack->status, ==, 200);
  g_assert_cmpstr (lalan_inventory_test_response_header (pack, "Content-Type"), ==, "application/zip");
  g_assert_cmpmem (g_bytes_get_data (pack->body, NULL), g_bytes_get_size (pack->body), pack_bytes, pack_size);
}

static void
test_lesson_files_refused (void)
{
  static const char * const names[] = { "nothing.lalanpack", ".hidden", "link.lalanpack", "..", "%2e%2e%2finventory.db" };
  g_autoptr(LalanInventoryTestResponse) unknown_token = get_lessons ("catalog.json", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(LalanInventoryTestResponse) response = get_lessons (names[i], NULL);

      if (response->status < 400 || response->status >= 500)
        g_error ("the lesson file %s got %ld", names[i], response->status);
    }
  g_assert_cmpint (unknown_token->status, ==, 401);
}

static void
test_own_catalog (void)
{
  g_autofree char *path = g_build_filename (lessons_dir, "catalog.json", NULL);
  static const char own[] = "{\"format\": 1, \"packs\": [], \"curated_by\": \"CIP\"}\n";
  g_autoptr(LalanInventoryTestResponse) catalog = NULL;

  g_assert_true (g_file_set_contents (path, own, -1, NULL));
  catalog = get_lessons ("catalog.json", NULL);
  g_assert_cmpint (catalog->status, ==, 200);
  g_assert_cmpmem (g_bytes_get_data (catalog->body, NULL), g_bytes_get_size (catalog->body), own, strlen (own));
  g_unlink (path);
}

static void
test_ping (void)
{
  g_autofree char *url = g_strdup_printf ("%s/v1/speedtest/ping", server->base_url);
  g_autoptr(LalanInventoryTestResponse) ping = lalan_inventory_test_request ("GET", url, NULL, NULL);

  g_assert_cmpint (ping->status, ==, 204);
  g_assert_cmpuint (g_bytes_get_size (ping->body), ==, 0);
}

static gsize
deflated_size (GBytes *bytes)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW, 9);
  gsize size = g_bytes_get_size (bytes);
  g_autofree guint8 *out = g_malloc (size + size / 100 + 1024);
  gsize read = 0, written = 0;
  g_autoptr(GError) error = NULL;

  g_converter_convert (G_CONVERTER (compressor), g_bytes_get_data (bytes, NULL), size, out,
                       size + size / 100 + 1024, G_CONVERTER_INPUT_AT_END, &read, &written, &error);
  g_assert_no_error (error);
  return written;
}

static void
test_download (void)
{
  g_autofree char *url = g_strdup_printf ("%s/v1/speedtest/download?bytes=3000000", server->base_url);
  g_autofree char *huge = g_strdup_printf ("%s/v1/speedtest/download?bytes=1000000000000", server->base_url);
  g_autofree char *bad = g_strdup_printf ("%s/v1/speedtest/download?bytes=lots", server->base_url);
  g_autoptr(LalanInventoryTestResponse) first = lalan_inventory_test_request ("GET", url, NULL, NULL);
  g_autoptr(LalanInventoryTestResponse) second = lalan_inventory_test_request ("GET", url, NULL, NULL);
  g_autoptr(LalanInventoryTestResponse) capped = lalan_inventory_test_request ("HEAD", huge, NULL, NULL);
  g_autoptr(LalanInventoryTestResponse) refused = lalan_inventory_test_request ("GET", bad, NULL, NULL);

  g_assert_cmpint (first->status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (first->body), ==, 3000000);
  g_assert_nonnull (strstr (lalan_inventory_test_response_header (first, "Cache-Control"), "no-store"));
  g_assert_nonnull (strstr (lalan_inventory_test_response_header (first, "Cache-Control"), "no-transform"));
  g_assert_cmpstr (lalan_inventory_test_response_header (first, "Content-Type"), ==, "application/octet-stream");
  /* Incompressible, and not the same bytes twice. */
  g_assert_cmpuint (deflated_size (first->body), >, 2990000);
  g_assert_false (g_bytes_equal (first->body, second->body));

  g_assert_cmpint (capped->status, ==, 200);
  g_assert_cmpstr (lalan_inventory_test_response_header (capped, "Content-Length"), ==, "209715200");
  g_assert_cmpint (refused->status, ==, 400);
}

typedef struct
{
  guint64 sent;
  guint64 limit;
} Source;

static size_t
read_cb (char   *buffer,
         size_t  size,
         size_t  n,
         void   *user_data)
{
  Source *source = user_data;
  size_t len = MIN ((guint64) size * n, source->limit - source->sent);

  memset (buffer, 'x', len);
  source->sent += len;
  return len;
}

static size_t
collect_cb (char   *data,
            size_t  size,
            size_t  n,
            void   *user_data)
{
  g_string_append_len (user_data, data, size * n);
  return size * n;
}

static void
test_upload (void)
{
  g_autofree char *url = g_strdup_printf ("%s/v1/speedtest/upload", server->base_url);
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  struct curl_slist *headers = curl_slist_append (NULL, "Content-Type: application/octet-stream");
  Source source = { 0, 300 * 1024 * 1024 };
  guint64 rss_before = lalan_inventory_test_server_peak_rss (server);
  CURL *curl = curl_easy_init ();
  long status = 0;
  JsonObject *result;

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_PROXY, "");
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt (curl, CURLOPT_POST, 1L);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt (curl, CURLOPT_READDATA, &source);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) source.limit);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, collect_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, answer);
  g_assert_cmpint (curl_easy_perform (curl), ==, CURLE_OK);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all (headers);
  curl_easy_cleanup (curl);

  g_assert_cmpint (status, ==, 200);
  json_parser_load_from_data (parser, answer->str, answer->len, &error);
  g_assert_no_error (error);
  result = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (result, "bytes"), ==, source.limit);
  g_assert_cmpfloat (json_object_get_double_member (result, "seconds"), >, 0);

  /* 300 MB went through; the server held none of it. */
  g_assert_cmpuint (lalan_inventory_test_server_peak_rss (server), <, rss_before + 16 * 1024);
}

static void
test_without_lessons (void)
{
  g_autoptr(LalanInventoryTestServer) bare = lalan_inventory_test_server_new ();
  g_autofree char *url = NULL;
  g_autoptr(LalanInventoryTestResponse) catalog = NULL;

  lalan_inventory_test_server_start (bare, NULL);
  url = lalan_inventory_test_url (bare, "lessons/catalog.json");
  catalog = lalan_inventory_test_request ("GET", url, NULL, NULL);
  g_assert_cmpint (catalog->status, ==, 404);
}

/* With --tls-cert and --tls-key the same server speaks HTTPS; curl checks
 * its certificate against the test's own CA. */
static void
test_https (void)
{
  g_autoptr(LalanInventoryTestServer) secure = lalan_inventory_test_server_new ();
  static const char * const headers[] = { "X-OpenRosa-Version: 1.0", NULL };
  g_autofree char *url = NULL;
  g_autoptr(LalanInventoryTestResponse) form_list = NULL;
  g_autofree char *text = NULL;
  g_autofree char *download = NULL;

  lalan_inventory_test_server_start (secure, "--tls-cert", lalan_inventory_test_data_path ("test-cert.pem"),
                                     "--tls-key", lalan_inventory_test_data_path ("test-key.pem"), NULL);
  g_assert_true (g_str_has_prefix (secure->base_url, "https://127.0.0.1:"));

  url = lalan_inventory_test_url (secure, "formList");
  form_list = lalan_inventory_test_request ("GET", url, headers, NULL);
  g_assert_cmpint (form_list->status, ==, 200);
  text = lalan_inventory_test_response_text (form_list);
  download = g_strdup_printf ("<downloadUrl>%s/v1/key/", secure->base_url);
  /* Links point back over HTTPS. */
  g_assert_nonnull (strstr (text, download));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *link = NULL;
  g_autofree char *scams = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *hidden = NULL;
  int status;

  lalan_test_init (&argc, &argv);
  lalan_inventory_test_global_init ();

  lessons_dir = lalan_test_make_tmp_dir ("lessons");
  scams = g_build_filename (lessons_dir, "scams.lalanpack", NULL);
  write_pack (scams, "{\"id\": \"scams\", \"version\": \"3\", \"title\": {\"zh_TW\": \"辨識詐騙\", \"en\": \"Recognising scams\"},"
                     " \"languages\": [\"zh_TW\", \"en\"], \"licence\": \"CC-BY-4.0\", \"lessons\": [\"1\"]}");
  plain = g_build_filename (lessons_dir, "zz-no-manifest.lalanpack", NULL);
  g_assert_true (g_file_set_contents (plain, "PK\x05\x06", 4, NULL));
  hidden = g_build_filename (lessons_dir, ".hidden", NULL);
  g_assert_true (g_file_set_contents (hidden, "secret", -1, NULL));
  link = g_build_filename (lessons_dir, "link.lalanpack", NULL);
  g_assert_cmpint (symlink ("/etc/passwd", link), ==, 0);

  server = lalan_inventory_test_server_new ();
  lalan_inventory_test_server_start (server, "--lessons-dir", lessons_dir, NULL);

  g_test_add_func ("/inventory/lessons/catalog", test_catalog);
  g_test_add_func ("/inventory/lessons/refused", test_lesson_files_refused);
  g_test_add_func ("/inventory/lessons/own-catalog", test_own_catalog);
  g_test_add_func ("/inventory/lessons/without", test_without_lessons);
  g_test_add_func ("/inventory/https", test_https);
  g_test_add_func ("/inventory/speedtest/ping", test_ping);
  g_test_add_func ("/inventory/speedtest/download", test_download);
  g_test_add_func ("/inventory/speedtest/upload", test_upload);

  status = g_test_run ();
  lalan_inventory_test_server_free (server);
  lalan_test_remove_tree (lessons_dir);

  return status;
}
