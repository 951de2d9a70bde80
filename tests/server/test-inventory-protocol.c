/* test-inventory-protocol.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every status of the OpenRosa side, as ODK Central answers it, through
 * libcurl against a lalan-inventory this test starts on 127.0.0.1.
 */

#include "config.h"

#include "lalan-inventory-db.h"
#include "lalan-inventory-test.h"
#include "lalan-test.h"

#include <string.h>

static const char * const openrosa_headers[] = { "X-OpenRosa-Version: 1.0", "Accept-Language: en", NULL };

typedef struct
{
  LalanInventoryTestServer *server;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = lalan_inventory_test_server_new ();
  lalan_inventory_test_server_start (fixture->server, "--max-submission-size", "300000", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *log = lalan_inventory_test_server_log (fixture->server);

  /* The log has one line per request and never a token. */
  g_assert_null (strstr (log, fixture->server->token));
  g_assert_null (strstr (log, fixture->server->admin_token));
  g_clear_pointer (&fixture->server, lalan_inventory_test_server_free);
}

static LalanInventoryTestResponse *
get (Fixture            *fixture,
     const char         *tail,
     const char * const *headers)
{
  g_autofree char *url = lalan_inventory_test_url (fixture->server, tail);

  return lalan_inventory_test_request ("GET", url, headers, NULL);
}

static void
assert_message (LalanInventoryTestResponse *response,
                const char                 *nature,
                const char                 *fragment)
{
  g_autofree char *text = lalan_inventory_test_response_text (response);
  g_autofree char *expected_nature = g_strdup_printf ("nature=\"%s\"", nature);

  g_assert_true (g_str_has_prefix (lalan_inventory_test_response_header (response, "Content-Type"), "text/xml"));
  g_assert_nonnull (strstr (text, "<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\""));
  g_assert_nonnull (strstr (text, expected_nature));
  if (strstr (text, fragment) == NULL)
    g_error ("“%s” is not in the message:\n%s", fragment, text);
}

static GBytes *
household (const char *instance_id,
           const char *deprecated_id,
           const char *notes)
{
  g_autoptr(GBytes) fixture = lalan_inventory_test_load ("household-1.xml");
  g_autofree char *text = g_strndup (g_bytes_get_data (fixture, NULL), g_bytes_get_size (fixture));
  g_autoptr(GString) xml = g_string_new (text);
  g_autofree char *meta = NULL;

  g_string_replace (xml, "uuid:6f1c2b8e-4d0a-4e55-9c1e-8a3b5f7d2c10", instance_id, 1);
  if (deprecated_id != NULL)
    {
      meta = g_strdup_printf ("<meta>\n    <deprecatedID>%s</deprecatedID>", deprecated_id);
      g_string_replace (xml, "<meta>", meta, 1);
    }
  if (notes != NULL)
    g_string_replace (xml, "Signal drops in the back room.", notes, 1);

  return g_string_free_to_bytes (g_steal_pointer (&xml));
}

static void
test_form_list (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(LalanInventoryTestResponse) list = get (fixture, "formList", openrosa_headers);
  g_autoptr(LalanInventoryTestResponse) form = NULL;
  g_autoptr(GBytes) published = NULL;
  g_autofree char *text = lalan_inventory_test_response_text (list);
  g_autofree char *url = g_strdup_printf ("<downloadUrl>%s</downloadUrl>",
                                          lalan_inventory_test_url (fixture->server, "forms/lalan_household.xml"));
  g_autoptr(LalanInventoryTestResponse) filtered = get (fixture, "formList?formID=lalan_measurement", openrosa_headers);
  g_autofree char *filtered_text = lalan_inventory_test_response_text (filtered);
  g_autofree char *md5 = NULL;
  g_autofree char *hash = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (lalan_test_source_path ("data/forms/lalan_household.xml"),
                                      &contents, &length, NULL));
  published = g_bytes_new_take (contents, length);
  md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, published);
  hash = g_strdup_printf ("<hash>md5:%s</hash>", md5);

  g_assert_cmpint (list->status, ==, 200);
  g_assert_nonnull (strstr (text, "<xforms xmlns=\"http://openrosa.org/xforms/xformsList\">"));
  g_assert_nonnull (strstr (text, "<formID>lalan_household</formID>"));
  g_assert_nonnull (strstr (text, "<formID>lalan_community</formID>"));
  g_assert_nonnull (strstr (text, "<formID>lalan_measurement</formID>"));
  g_assert_nonnull (strstr (text, "<version>2026112901</version>"));
  g_assert_nonnull (strstr (text, "<formID>lalan_learning_report</formID>"));
  g_assert_nonnull (strstr (text, hash));
  g_assert_nonnull (strstr (text, url));

  g_assert_nonnull (strstr (filtered_text, "lalan_measurement"));
  g_assert_null (strstr (filtered_text, "lalan_household"));

  /* The download URL gives the form as published, byte for byte. */
  form = get (fixture, "forms/lalan_household.xml", openrosa_headers);
  g_assert_cmpint (form->status, ==, 200);
  g_assert_true (g_bytes_equal (form->body, published));
}

static void
test_openrosa_header_required (Fixture       *fixture,
                               gconstpointer  data)
{
  static const char * const wrong[] = { "X-OpenRosa-Version: 0.9", "Accept-Language: en", NULL };
  static const char * const none[] = { "Accept-Language: en", NULL };
  g_autoptr(LalanInventoryTestResponse) missing = get (fixture, "formList", none);
  g_autoptr(LalanInventoryTestResponse) bad = get (fixture, "forms/lalan_household.xml", wrong);
  g_autofree char *url = lalan_inventory_test_url (fixture->server, "submission");
  g_autoptr(GBytes) xml = household ("uuid:header-test", NULL, NULL);
  g_autoptr(LalanInventoryTestResponse) post = lalan_inventory_test_request ("POST", url, none, xml);

  g_assert_cmpint (missing->status, ==, 400);
  assert_message (missing, "error", "X-OpenRosa-Version: 1.0");
  g_assert_cmpint (bad->status, ==, 400);
  g_assert_cmpint (post->status, ==, 400);
  g_assert_cmpuint (lalan_inventory_test_count_records (fixture->server->data_dir, "lalan_household", NULL), ==, 0);
}

static void
test_tokens_and_projects (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *unknown_url = g_strdup_printf ("%s/v1/key/%s/projects/1/formList", fixture->server->base_url,
                                                  "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  g_autofree char *project_url = g_strdup_printf ("%s/v1/key/%s/projects/7/formList", fixture->server->base_url,
                                                  fixture->server->token);
  g_autoptr(LalanInventoryTestResponse) unknown = lalan_inventory_test_request ("GET", unknown_url, openrosa_headers, NULL);
  g_autoptr(LalanInventoryTestResponse) project = lalan_inventory_test_request ("GET", project_url, openrosa_headers, NULL);
  g_autoptr(LalanInventoryTestResponse) before = get (fixture, "formList", openrosa_headers);
  g_autoptr(LalanInventoryTestResponse) after = NULL;
  g_autoptr(LalanInventoryTestResponse) refused = NULL;
  g_autoptr(GBytes) xml = household ("uuid:revoked-test", NULL, NULL);

  g_assert_cmpint (unknown->status, ==, 401);
  assert_message (unknown, "error", "token");
  g_assert_cmpint (project->status, ==, 404);
  assert_message (project, "error", "project 7");
  g_assert_cmpint (before->status, ==, 200);

  /* Revoked while the server runs: refused from the next request on. */
  g_assert_cmpint (lalan_inventory_test_cli (fixture->server->data_dir, NULL, NULL, "token", "revoke", "phone-01", NULL), ==, 0);
  after = get (fixture, "formList", openrosa_headers);
  g_assert_cmpint (after->status, ==, 401);
  refused = lalan_inventory_test_submit (fixture->server, xml, NULL);
  g_assert_cmpint (refused->status, ==, 401);
  g_assert_cmpuint (lalan_inventory_test_count_records (fixture->server->data_dir, "lalan_household", NULL), ==, 0);
}

static void
test_form_not_found (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(LalanInventoryTestResponse) form = get (fixture, "forms/no_such_form.xml", openrosa_headers);

  g_assert_cmpint (form->status, ==, 404);
  assert_message (form, "error", "no_such_form");
}

static void
test_head_submission (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *url = lalan_inventory_test_url (fixture->server, "submission");
  g_autoptr(LalanInventoryTestResponse) head = lalan_inventory_test_request ("HEAD", url, openrosa_headers, NULL);
  g_autoptr(LalanInventoryTestResponse) probe = lalan_inventory_test_request ("GET", url, openrosa_headers, NULL);

  g_assert_cmpint (head->status, ==, 204);
  g_assert_cmpstr (lalan_inventory_test_response_header (head, "X-OpenRosa-Accept-Content-Length"), ==, "300000");
  g_assert_cmpint (probe->status, ==, 204);
}

static void
test_submission_rules (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GBytes) original = household ("uuid:rules-1", NULL, NULL);
  g_autoptr(GBytes) different = household ("uuid:rules-1", NULL, "Someone else's notes.");
  g_autoptr(GBytes) edit = household ("uuid:rules-2", "uuid:rules-1", "Corrected after a call back.");
  g_autoptr(GBytes) stale_edit = household ("uuid:rules-3", "uuid:rules-1", "An edit of an old copy.");
  g_autoptr(GBytes) orphan_edit = household ("uuid:rules-4", "uuid:never-sent", NULL);
  g_autoptr(LalanInventoryTestResponse) created = NULL;
  g_autoptr(LalanInventoryTestResponse) again = NULL;
  g_autoptr(LalanInventoryTestResponse) conflict = NULL;
  g_autoptr(LalanInventoryTestResponse) edited = NULL;
  g_autoptr(LalanInventoryTestResponse) edited_again = NULL;
  g_autoptr(LalanInventoryTestResponse) stale = NULL;
  g_autoptr(LalanInventoryTestResponse) orphan = NULL;
  g_autoptr(LalanInventoryTestResponse) old_again = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  created = lalan_inventory_test_submit (fixture->server, original, NULL);
  g_assert_cmpint (created->status, ==, 201);
  assert_message (created, "", "received");

  /* The same record again: 201, and one copy. */
  again = lalan_inventory_test_submit (fixture->server, original, NULL);
  g_assert_cmpint (again->status, ==, 201);
  g_assert_cmpuint (lalan_inventory_test_count_records (fixture->server->data_dir, "lalan_household", NULL), ==, 1);

  /* Another record under the same instanceID: 409. */
  conflict = lalan_inventory_test_submit (fixture->server, different, NULL);
  g_assert_cmpint (conflict->status, ==, 409);
  assert_message (conflict, "error", "uuid:rules-1");

  /* An edit replaces the current version. */
  edited = lalan_inventory_test_submit (fixture->server, edit, NULL);
  g_assert_cmpint (edited->status, ==, 201);
  g_assert_cmpuint (lalan_inventory_test_count_records (fixture->server->data_dir, "lalan_household", ids), ==, 1);
  g_assert_true (g_hash_table_contains (ids, "uuid:rules-2"));

  /* The same edit re-sent is a resend; an edit of the replaced version is a conflict. */
  edited_again = lalan_inventory_test_submit (fixture->server, edit, NULL);
  g_assert_cmpint (edited_again->status, ==, 201);
  stale = lalan_inventory_test_submit (fixture->server, stale_edit, NULL);
  g_assert_cmpint (stale->status, ==, 409);
  assert_message (stale, "error", "uuid:rules-1");
  /* The replaced version itself cannot come back. */
  old_again = lalan_inventory_test_submit (fixture->server, original, NULL);
  g_assert_cmpint (old_again->status, ==, 409);
  /* An edit of something the server never had. */
  orphan = lalan_inventory_test_submit (fixture->server, orphan_edit, NULL);
  g_assert_cmpint (orphan->status, ==, 404);
  assert_message (orphan, "error", "uuid:never-sent");

  g_assert_cmpuint (lalan_inventory_test_count_records (fixture->server->data_dir, "lalan_household", NULL), ==, 1);
}

static void
test_unknown_form_and_version (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GBytes) fixture_xml = lalan_inventory_test_load ("household-1.xml");
  g_autofree char *text = g_strndup (g_bytes_get_data (fixture_xml, NULL), g_bytes_get_size (fixture_xml));
  g_autoptr(GString) other_form = g_string_new (text);
  g_autoptr(GString) other_version = g_string_new (text);
  g_autoptr(GBytes) form_bytes = NULL;
  g_autoptr(GBytes) version_bytes = NULL;
  g_autoptr(LalanInventoryTestResponse) form = NULL;
  g_autoptr(LalanInventoryTestResponse) version = NULL;

  g_string_replace (other_form, "id=\"lalan_household\"", "id=\"lalan_unknown\"", 1);
  g_string_replace (other_version, "version=\"2026112901\"", "version=\"1999010101\"", 1);
  form_bytes = g_string_free_to_bytes (g_steal_pointer (&other_form));
  version_bytes = g_string_free_to_bytes (g_steal_pointer (&other_version));

  form = lalan_inventory_test_submit (fixture->server, form_bytes, NULL);
  g_assert_cmpint (form->status, ==, 404);
  assert_message (form, "error", "lalan_unknown");

  version = lalan_inventory_test_submit (fixture->server, version_bytes, NULL);
  g_assert_cmpint (version->status, ==, 404);
  assert_message (version, "error", "1999010101");
}

static void
test_malformed_submissions (Fixture       *fixture,
                            gconstpointer  data)
{
  static const char * const no_type[] = { "X-OpenRosa-Version: 1.0", "Content-Type: text/xml", NULL };
  static const char * const multipart[] = {
    "X-OpenRosa-Version: 1.0", "Accept-Language: en",
    "Content-Type: multipart/form-data; boundary=" LALAN_INVENTORY_TEST_BOUNDARY, NULL
  };
  g_autofree char *url = lalan_inventory_test_url (fixture->server, "submission");
  g_autoptr(GBytes) xml = household ("uuid:malformed", NULL, NULL);
  g_autoptr(LalanInventoryTestResponse) plain = lalan_inventory_test_request ("POST", url, no_type, xml);
  GByteArray *body = lalan_inventory_test_multipart_new ();
  g_autoptr(GBytes) only_photo = NULL;
  g_autoptr(LalanInventoryTestResponse) missing = NULL;
  static const char broken[] = "<data id=\"lalan_household\" version=\"2026112901\"><meta>";
  static const char no_id[] = "<data id=\"lalan_household\" version=\"2026112901\"><meta/></data>";
  g_autoptr(GBytes) broken_bytes = g_bytes_new_static (broken, strlen (broken));
  g_autoptr(GBytes) no_id_bytes = g_bytes_new_static (no_id, strlen (no_id));
  g_autoptr(LalanInventoryTestResponse) not_xml = lalan_inventory_test_submit (fixture->server, broken_bytes, NULL);
  g_autoptr(LalanInventoryTestResponse) no_instance = lalan_inventory_test_submit (fixture->server, no_id_bytes, NULL);

  g_assert_cmpint (plain->status, ==, 400);
  assert_message (plain, "error", "multipart");

  lalan_inventory_test_multipart_add (body, "photo.jpg", "photo.jpg", "image/jpeg", "\xff\xd8", 2);
  only_photo = lalan_inventory_test_multipart_end (body);
  missing = lalan_inventory_test_request ("POST", url, multipart, only_photo);
  g_assert_cmpint (missing->status, ==, 400);
  assert_message (missing, "error", "xml_submission_file");

  g_assert_cmpint (not_xml->status, ==, 400);
  assert_message (not_xml, "error", "not well formed");
  g_assert_cmpint (no_instance->status, ==, 400);
  assert_message (no_instance, "error", "instanceID");

  g_assert_cmpuint (lalan_inventory_test_count_records (fixture->server->data_dir, "lalan_household", NULL), ==, 0);
}

static void
test_too_large (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GBytes) xml = household ("uuid:too-large", NULL, NULL);
  g_autoptr(GBytes) photo = g_bytes_new_take (g_malloc0 (400000), 400000);
  g_autoptr(GBytes) small_photo = g_bytes_new_take (g_malloc0 (200000), 200000);
  g_autoptr(LalanInventoryTestResponse) large = lalan_inventory_test_submit (fixture->server, xml, "photo.jpg", photo, NULL);
  g_autoptr(LalanInventoryTestResponse) fits = lalan_inventory_test_submit (fixture->server, xml, "photo.jpg", small_photo, NULL);

  g_assert_cmpint (large->status, ==, 413);
  assert_message (large, "error", "300000");
  g_assert_cmpint (fits->status, ==, 201);
  g_assert_cmpuint (lalan_inventory_test_count_records (fixture->server->data_dir, "lalan_household", NULL), ==, 1);
}

static void
test_attachments (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GBytes) xml = household ("uuid:attachments", NULL, NULL);
  g_autoptr(GBytes) photo = g_bytes_new_static ("\xff\xd8\xff\xe0 first photo", 17);
  g_autoptr(GBytes) other = g_bytes_new_static ("\xff\xd8\xff\xe0 another photo", 19);
  g_autoptr(GBytes) audio = g_bytes_new_static ("ID3 interview audio", 19);
  g_autoptr(LalanInventoryTestResponse) first = lalan_inventory_test_submit (fixture->server, xml, "house.jpg", photo, NULL);
  g_autoptr(LalanInventoryTestResponse) resent = lalan_inventory_test_submit (fixture->server, xml, "house.jpg", photo, NULL);
  g_autoptr(LalanInventoryTestResponse) added = lalan_inventory_test_submit (fixture->server, xml, "house.jpg", photo,
                                                                              "voice.m4a", audio, NULL);
  g_autoptr(LalanInventoryTestResponse) changed = lalan_inventory_test_submit (fixture->server, xml, "house.jpg", other,
                                                                                "late.jpg", other, NULL);
  g_autofree char *db_path = lalan_inventory_db_get_default_path (fixture->server->data_dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanInventoryDb) db = NULL;
  g_autoptr(GBytes) stored_photo = NULL;
  g_autoptr(GBytes) stored_audio = NULL;
  g_autoptr(GBytes) stored_late = NULL;

  g_assert_cmpint (first->status, ==, 201);
  g_assert_cmpint (resent->status, ==, 201);
  g_assert_cmpint (added->status, ==, 201);
  /* The same name with other bytes is a conflict, and nothing of that
   * request is kept (not even late.jpg). */
  g_assert_cmpint (changed->status, ==, 409);
  assert_message (changed, "error", "house.jpg");
  g_assert_cmpuint (lalan_inventory_test_count_records (fixture->server->data_dir, "lalan_household", NULL), ==, 1);

  db = lalan_inventory_db_open (db_path, &error);
  g_assert_no_error (error);
  stored_photo = lalan_inventory_db_get_attachment (db, 1, "lalan_household", "uuid:attachments", "house.jpg", &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (stored_photo, photo));
  stored_audio = lalan_inventory_db_get_attachment (db, 1, "lalan_household", "uuid:attachments", "voice.m4a", &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (stored_audio, audio));
  stored_late = lalan_inventory_db_get_attachment (db, 1, "lalan_household", "uuid:attachments", "late.jpg", &error);
  g_assert_null (stored_late);
  g_assert_nonnull (error);
}

static void
test_routes (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *nowhere = g_strdup_printf ("%s/v2/nothing", fixture->server->base_url);
  g_autofree char *wrong_method_url = lalan_inventory_test_url (fixture->server, "formList");
  g_autoptr(LalanInventoryTestResponse) missing = lalan_inventory_test_request ("GET", nowhere, NULL, NULL);
  g_autoptr(LalanInventoryTestResponse) method = lalan_inventory_test_request ("DELETE", wrong_method_url,
                                                                               openrosa_headers, NULL);

  g_assert_cmpint (missing->status, ==, 404);
  g_assert_cmpint (method->status, ==, 405);
  g_assert_cmpstr (lalan_inventory_test_response_header (method, "Allow"), ==, "GET, HEAD");
}

static void
test_language (Fixture       *fixture,
               gconstpointer  data)
{
  static const char * const zh[] = { "X-OpenRosa-Version: 1.0", "Accept-Language: zh-TW,zh;q=0.9,en;q=0.5", NULL };
  static const char * const en[] = { "X-OpenRosa-Version: 1.0", "Accept-Language: en-US,en;q=0.9", NULL };
  g_autoptr(LalanInventoryTestResponse) chinese = get (fixture, "forms/nothing.xml", zh);
  g_autoptr(LalanInventoryTestResponse) english = get (fixture, "forms/nothing.xml", en);
  g_autofree char *chinese_text = lalan_inventory_test_response_text (chinese);
  g_autofree char *english_text = lalan_inventory_test_response_text (english);

  g_assert_cmpint (chinese->status, ==, 404);
  g_assert_cmpstr (lalan_inventory_test_response_header (chinese, "Content-Language"), ==, "zh-Hant-TW");
  g_assert_nonnull (strstr (chinese_text, "表單"));
  g_assert_cmpstr (lalan_inventory_test_response_header (english, "Content-Language"), ==, "en");
  g_assert_nonnull (strstr (english_text, "is not on this server"));
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);
  lalan_inventory_test_global_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/inventory/openrosa/form-list", test_form_list);
  ADD ("/inventory/openrosa/header-required", test_openrosa_header_required);
  ADD ("/inventory/openrosa/tokens-and-projects", test_tokens_and_projects);
  ADD ("/inventory/openrosa/form-not-found", test_form_not_found);
  ADD ("/inventory/openrosa/head-submission", test_head_submission);
  ADD ("/inventory/openrosa/submission-rules", test_submission_rules);
  ADD ("/inventory/openrosa/unknown-form-and-version", test_unknown_form_and_version);
  ADD ("/inventory/openrosa/malformed", test_malformed_submissions);
  ADD ("/inventory/openrosa/too-large", test_too_large);
  ADD ("/inventory/openrosa/attachments", test_attachments);
  ADD ("/inventory/routes", test_routes);
  ADD ("/inventory/language", test_language);
#undef ADD

  return g_test_run ();
}
