/* test-lesson-catalog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lesson packs from the server: `lalan-cli pack catalog` and `pack install
 * --from-server` against lalan-inventory --lessons-dir on 127.0.0.1, and
 * catalogues and packs that lie.
 */

#include "config.h"

#include "lalan-inventory-test.h"
#include "lalan-lesson-catalog.h"
#include "lalan-lesson-error.h"
#include "lalan-sync-test.h"
#include "lalan-test.h"
#include "lessons-fixture.h"

#include <glib/gstdio.h>
#include <string.h>

typedef struct
{
  LalanInventoryTestServer *server;
  char                     *tmp;
  char                     *served;
  char                     *data_dir;
  char                     *pack_file;
  char                     *pack_sha256;
  gsize                     pack_size;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *lessons[] = { "hello", NULL };
  g_autofree char *source = NULL;
  g_autofree char *contents = NULL;

  fixture->tmp = lalan_test_make_tmp_dir ("catalog");
  fixture->served = g_build_filename (fixture->tmp, "served", NULL);
  fixture->data_dir = g_build_filename (fixture->tmp, "data", NULL);
  g_assert_cmpint (g_mkdir (fixture->served, 0700), ==, 0);

  source = fixture_write_pack (fixture->tmp, "test.server", "1.2", lessons);
  fixture->pack_file = g_build_filename (fixture->served, "test-server.lalanpack", NULL);
  g_assert_cmpint (lalan_test_run_cli (NULL, NULL, "pack", "build", source, "--to", fixture->pack_file, NULL), ==, 0);
  g_assert_true (g_file_get_contents (fixture->pack_file, &contents, &fixture->pack_size, NULL));
  fixture->pack_sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, fixture->pack_size);

  fixture->server = lalan_inventory_test_server_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->server, lalan_inventory_test_server_free);
  lalan_test_remove_tree (fixture->tmp);
  g_free (fixture->tmp);
  g_free (fixture->served);
  g_free (fixture->data_dir);
  g_free (fixture->pack_file);
  g_free (fixture->pack_sha256);
}

static void
assert_contains (const char *text,
                 const char *fragment)
{
  if (text == NULL || strstr (text, fragment) == NULL)
    g_error ("“%s” is not in:\n%s", fragment, text);
}

static void
connect_cli (Fixture *fixture)
{
  g_autofree char *url = lalan_sync_test_token_url (fixture->server->base_url, fixture->server->token);

  g_assert_cmpint (lalan_test_run_cli (NULL, NULL, "server", "set", "--data-dir", fixture->data_dir, url, NULL), ==, 0);
}

/* Nothing of a download is left behind, finished or refused. */
static void
assert_no_downloads (Fixture *fixture)
{
  g_autofree char *dir = g_build_filename (fixture->data_dir, "downloads", NULL);
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);

  if (handle != NULL)
    g_assert_null (g_dir_read_name (handle));
}

static gboolean
pack_installed (Fixture *fixture)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (lalan_test_run_cli (&out, NULL, "--data-dir", fixture->data_dir, "pack", "list", "--json", NULL), ==, 0);
  return strstr (out, "\"id\":\"test.server\"") != NULL;
}

static void
write_catalog (Fixture    *fixture,
               const char *packs_json)
{
  g_autofree char *path = g_build_filename (fixture->served, "catalog.json", NULL);
  g_autofree char *json = g_strdup_printf ("{ \"format\": 1, \"packs\": [ %s ] }", packs_json);

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
}

static void
test_install_from_server (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;

  lalan_inventory_test_server_start (fixture->server, "--lessons-dir", fixture->served, NULL);
  connect_cli (fixture);

  /* A download left two days ago by a killed app is cleared away. */
  {
    g_autofree char *downloads = g_build_filename (fixture->data_dir, "downloads", NULL);
    g_autofree char *stale = g_build_filename (downloads, "old-ABCDEF.lalanpack", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (stale);

    g_assert_cmpint (g_mkdir_with_parents (downloads, 0700), ==, 0);
    g_assert_true (g_file_set_contents (stale, "half a pack", -1, NULL));
    g_assert_true (g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                                g_get_real_time () / G_USEC_PER_SEC - 2 * 24 * 60 * 60,
                                                G_FILE_QUERY_INFO_NONE, NULL, NULL));
  }

  g_assert_cmpint (lalan_test_run_cli (&out, &err, "--data-dir", fixture->data_dir, "pack", "catalog", NULL), ==, 0);
  assert_contains (out, "test.server");
  assert_contains (out, "1.2");
  assert_no_downloads (fixture);
  assert_contains (out, "not installed");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (lalan_test_run_cli (&out, &err, "--data-dir", fixture->data_dir,
                                       "pack", "install", "--from-server", "test.server", NULL), ==, 0);
  assert_contains (out, "New pack test.server, version 1.2");
  assert_contains (out, "hello");
  g_assert_true (pack_installed (fixture));
  assert_no_downloads (fixture);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (lalan_test_run_cli (&out, &err, "--data-dir", fixture->data_dir,
                                       "pack", "catalog", "--json", NULL), ==, 0);
  assert_contains (out, "\"installed_version\":\"1.2\"");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The same version again is refused as not newer, and nothing breaks. */
  g_assert_cmpint (lalan_test_run_cli (&out, &err, "--data-dir", fixture->data_dir,
                                       "pack", "install", "--from-server", "test.server", NULL), ==, 2);
  assert_contains (err, "refused");
  g_assert_true (pack_installed (fixture));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (lalan_test_run_cli (&out, &err, "--data-dir", fixture->data_dir,
                                       "pack", "install", "--from-server", "no.such.pack", NULL), ==, 2);
  assert_contains (err, "offers no pack named “no.such.pack”");
}

/* A catalogue whose checksum or size does not match the file: nothing is
 * installed and no file is left; entries that point elsewhere are left
 * out and said so. */
static void
test_lying_catalog (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *packs = NULL;
  g_autofree char *out = NULL, *err = NULL;
  char wrong_sha[65];

  g_strlcpy (wrong_sha, fixture->pack_sha256, sizeof wrong_sha);
  wrong_sha[0] = wrong_sha[0] == '0' ? '1' : '0';

  packs = g_strdup_printf ("{ \"id\": \"test.server\", \"version\": \"1.2\", \"title\": {\"en\": \"Served\"},"
                           "  \"url\": \"test-server.lalanpack\", \"size\": %" G_GSIZE_FORMAT ", \"sha256\": \"%s\" },"
                           "{ \"id\": \"climb\", \"version\": \"1\", \"url\": \"../../etc/passwd.lalanpack\","
                           "  \"size\": 10, \"sha256\": \"%s\" },"
                           "{ \"id\": \"elsewhere\", \"version\": \"1\", \"url\": \"https://example.org/x.lalanpack\","
                           "  \"size\": 10, \"sha256\": \"%s\" },"
                           "{ \"id\": \"short\", \"version\": \"1\", \"url\": \"test-server.lalanpack\","
                           "  \"size\": 100, \"sha256\": \"%s\" },"
                           "\"not an object\"",
                           fixture->pack_size, wrong_sha, wrong_sha, wrong_sha, fixture->pack_sha256);
  write_catalog (fixture, packs);
  lalan_inventory_test_server_start (fixture->server, "--lessons-dir", fixture->served, NULL);
  connect_cli (fixture);

  g_assert_cmpint (lalan_test_run_cli (&out, &err, "--data-dir", fixture->data_dir, "pack", "catalog", NULL), ==, 0);
  assert_contains (out, "test.server");
  assert_contains (out, "short");
  g_assert_null (strstr (out, "climb"));
  g_assert_null (strstr (out, "elsewhere"));
  assert_contains (err, "names 3 packs wrongly");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (lalan_test_run_cli (&out, &err, "--data-dir", fixture->data_dir,
                                       "pack", "install", "--from-server", "test.server", NULL), ==, 1);
  assert_contains (err, "arrived different from what the server announced");
  g_assert_false (pack_installed (fixture));
  assert_no_downloads (fixture);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* More bytes than announced: the download stops, nothing is kept. */
  g_assert_cmpint (lalan_test_run_cli (&out, &err, "--data-dir", fixture->data_dir,
                                       "pack", "install", "--from-server", "short", NULL), ==, 1);
  assert_contains (err, "more than it announced");
  g_assert_false (pack_installed (fixture));
  assert_no_downloads (fixture);
}

static void
test_server_without_lessons (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;

  lalan_inventory_test_server_start (fixture->server, NULL);
  connect_cli (fixture);

  g_assert_cmpint (lalan_test_run_cli (&out, &err, "--data-dir", fixture->data_dir, "pack", "catalog", NULL), ==, 1);
  assert_contains (err, "This server offers no lessons.");
}

/* Catalogues that are not catalogues, read directly. */
static void
test_parse_nonsense (void)
{
  const char *url = "https://inventory.example.tw/v1/key/abc/projects/1/lessons/catalog.json";
  const char *newer = "{ \"format\": 2, \"packs\": [] }";
  const char *sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  const char *nonsense[] = {
    "",
    "<html><body>Sign in to the network</body></html>",
    "[1, 2, 3]",
    "{ \"format\": 1 }",
    "{ \"format\": 1, \"packs\": {} }",
    "{ \"format\": \"one\", \"packs\": [] }",
    "{ \"format\": 1, \"packs\": [ \xff\xfe ] }",
  };
  g_autofree char *good = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  const LalanCatalogEntry *entry;
  guint refused = 99;

  for (guint i = 0; i < G_N_ELEMENTS (nonsense); i++)
    {
      g_autoptr(GPtrArray) none = lalan_lesson_catalog_parse (nonsense[i], strlen (nonsense[i]), url, "en", NULL, &error);

      g_assert_null (none);
      g_assert_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, "The server answered with something that is not a list of lessons.");
      g_clear_error (&error);
    }

  entries = lalan_lesson_catalog_parse (newer, strlen (newer), url, "en", NULL, &error);
  g_assert_null (entries);
  g_assert_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID);
  assert_contains (error->message, "newer format");
  g_clear_error (&error);

  /* Titles in the person's language, the id when there is none, and one
   * entry per id; a bad version or hash hides only its entry. */
  good = g_strdup_printf ("{ \"format\": 1, \"packs\": ["
                          " { \"id\": \"a\", \"version\": \"2.0\", \"title\": {\"zh_TW\": \"甲\", \"en\": \"A\"},"
                          "   \"url\": \"a.lalanpack\", \"size\": 5, \"sha256\": \"%s\" },"
                          " { \"id\": \"b\", \"version\": \"1\", \"url\": \"b.lalanpack\", \"size\": 5, \"sha256\": \"%s\" },"
                          " { \"id\": \"a\", \"version\": \"3.0\", \"url\": \"a3.lalanpack\", \"size\": 5, \"sha256\": \"%s\" },"
                          " { \"id\": \"c\", \"version\": \"one\", \"url\": \"c.lalanpack\", \"size\": 5, \"sha256\": \"%s\" },"
                          " { \"id\": \"d\", \"version\": \"1\", \"url\": \"d.lalanpack\", \"size\": 5, \"sha256\": \"ABC\" },"
                          " { \"id\": \"e\", \"version\": \"1\", \"url\": \"e.zip\", \"size\": 5, \"sha256\": \"%s\" },"
                          " { \"id\": \"F\", \"version\": \"1\", \"url\": \"f.lalanpack\", \"size\": -1, \"sha256\": \"%s\" } ] }",
                          sha, sha, sha, sha, sha, sha);
  entries = lalan_lesson_catalog_parse (good, strlen (good), url, "zh_TW", &refused, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpuint (refused, ==, 5);

  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (entry->id, ==, "a");
  g_assert_cmpstr (entry->title, ==, "甲");
  g_assert_cmpstr (entry->url, ==, "https://inventory.example.tw/v1/key/abc/projects/1/lessons/a.lalanpack");
  g_assert_cmpuint (entry->size, ==, 5);
  entry = g_ptr_array_index (entries, 1);
  g_assert_cmpstr (entry->title, ==, "b");
}

int
main (int    argc,
      char **argv)
{
  lalan_sync_test_init (&argc, &argv);

  g_test_add_func ("/catalog/parse-nonsense", test_parse_nonsense);
  g_test_add ("/catalog/install-from-server", Fixture, NULL, fixture_set_up, test_install_from_server, fixture_tear_down);
  g_test_add ("/catalog/lying-catalog", Fixture, NULL, fixture_set_up, test_lying_catalog, fixture_tear_down);
  g_test_add ("/catalog/server-without-lessons", Fixture, NULL, fixture_set_up, test_server_without_lessons, fixture_tear_down);

  return g_test_run ();
}
