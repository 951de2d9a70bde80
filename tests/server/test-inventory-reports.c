/* test-inventory-reports.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reports CIP staff read: districts.json and .csv with the indicators
 * of SURVEY.md and small cells suppressed, the dashboard in both
 * languages, the CSV zip export over HTTP and from the command line, and
 * the re-reading of stored records when the table of paths changes.
 */

#include "config.h"

#include "lalan-inventory-db.h"
#include "lalan-inventory-test.h"
#include "lalan-test.h"

#include <archive.h>
#include <archive_entry.h>
#include <json-glib/json-glib.h>
#include <string.h>

#define TOWN_A "10004120"   /* 尖石鄉, mountain: 6 consenting households, 1 declining */
#define TOWN_B "10015010"   /* 花蓮市, plain: 3 households, below the threshold */
#define TOWN_C "10014010"   /* 臺東市, plain: 5 households, exactly the threshold */

static LalanInventoryTestServer *server;

static GBytes *
make_household (const char *instance_id,
                const char *town,
                gboolean    internet,
                gboolean    fibre,
                gboolean    consented)
{
  g_autoptr(GBytes) fixture = lalan_inventory_test_load ("household-1.xml");
  g_autofree char *text = g_strndup (g_bytes_get_data (fixture, NULL), g_bytes_get_size (fixture));
  g_autoptr(GString) xml = g_string_new (text);
  g_autofree char *village = g_strdup_printf ("%s001", town);

  g_string_replace (xml, "uuid:6f1c2b8e-4d0a-4e55-9c1e-8a3b5f7d2c10", instance_id, 0);
  g_string_replace (xml, "<town>10004120</town>", "", 0);
  g_string_replace (xml, "<place><county>10004</county>", "<place><county>10004</county><town>TOWN</town>", 0);
  g_string_replace (xml, "TOWN", town, 0);
  g_string_replace (xml, "10004120006", village, 0);
  if (!internet)
    {
      g_string_replace (xml, "<internet_home>yes</internet_home>", "<internet_home>no</internet_home>", 0);
      g_string_replace (xml, "<access_types>fwa_4g5g hotspot_only</access_types>", "<access_types/>", 0);
    }
  else if (fibre)
    g_string_replace (xml, "<access_types>fwa_4g5g hotspot_only</access_types>", "<access_types>fibre</access_types>", 0);
  if (!consented)
    g_string_replace (xml, "<consented>yes</consented>", "<consented>no</consented>", 0);

  return g_string_free_to_bytes (g_steal_pointer (&xml));
}

static void
submit_household (const char *instance_id,
                  const char *town,
                  gboolean    internet,
                  gboolean    fibre,
                  gboolean    consented)
{
  g_autoptr(GBytes) xml = make_household (instance_id, town, internet, fibre, consented);
  g_autoptr(LalanInventoryTestResponse) response = lalan_inventory_test_submit (server, xml, NULL);

  g_assert_cmpint (response->status, ==, 201);
}

static void
submit_fixture (const char *name)
{
  g_autoptr(GBytes) xml = lalan_inventory_test_load (name);
  g_autoptr(LalanInventoryTestResponse) response = lalan_inventory_test_submit (server, xml, NULL);

  g_assert_cmpint (response->status, ==, 201);
}

static void
seed (void)
{
  char id[64];

  for (guint i = 0; i < 6; i++)
    {
      g_snprintf (id, sizeof id, "uuid:a-%u", i);
      submit_household (id, TOWN_A, i != 0, i == 1 || i == 2, TRUE);
    }
  submit_household ("uuid:a-declined", TOWN_A, TRUE, TRUE, FALSE);
  for (guint i = 0; i < 3; i++)
    {
      g_snprintf (id, sizeof id, "uuid:b-%u", i);
      submit_household (id, TOWN_B, i != 0, FALSE, TRUE);
    }
  for (guint i = 0; i < 5; i++)
    {
      g_snprintf (id, sizeof id, "uuid:c-%u", i);
      submit_household (id, TOWN_C, TRUE, TRUE, TRUE);
    }
  submit_household ("uuid:nowhere", "99999999", TRUE, FALSE, TRUE);
  submit_fixture ("community-1.xml");
  submit_fixture ("measurement-1.xml");
}

static LalanInventoryTestResponse *
admin_get (const char *path,
           const char *accept_language)
{
  g_autofree char *url = g_strdup_printf ("%s%s", server->base_url, path);
  g_autofree char *authorization = g_strdup_printf ("Authorization: Bearer %s", server->admin_token);
  g_autofree char *language = g_strdup_printf ("Accept-Language: %s", accept_language ? accept_language : "en");
  const char *headers[] = { authorization, language, NULL };

  return lalan_inventory_test_request ("GET", url, headers, NULL);
}

static JsonObject *
find_row (JsonArray  *rows,
          const char *member,
          const char *value)
{
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (row, member, NULL), value) == 0)
        return row;
    }

  g_error ("no row with %s = %s", member, value);
  return NULL;
}

static JsonObject *
cell (JsonObject *row,
      const char *key)
{
  return json_object_get_object_member (json_object_get_object_member (row, "indicators"), key);
}

static void
assert_share (JsonObject *row,
              const char *key,
              double      expected,
              gint64      n)
{
  JsonObject *c = cell (row, key);

  g_assert_false (json_object_get_boolean_member (c, "suppressed"));
  g_assert_cmpint (json_object_get_int_member (c, "n"), ==, n);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (c, "value"), expected, 0.0001);
}

static void
assert_suppressed (JsonObject *row,
                   const char *key)
{
  JsonObject *c = cell (row, key);

  g_assert_true (json_object_get_boolean_member (c, "suppressed"));
  g_assert_true (json_object_get_null_member (c, "value"));
}

static void
test_districts_json (void)
{
  g_autoptr(LalanInventoryTestResponse) response = admin_get ("/v1/reports/districts.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *districts;
  JsonArray *groups;
  JsonObject *a, *b, *c, *mountain, *plain, *all, *taoyuan;
  JsonArray *top;

  g_assert_cmpint (response->status, ==, 200);
  g_assert_true (g_str_has_prefix (lalan_inventory_test_response_header (response, "Content-Type"), "application/json"));
  json_parser_load_from_data (parser, g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body), &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));

  g_assert_cmpint (json_object_get_int_member (root, "min_cell_households"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (root, "unplaced_records"), ==, 1);
  districts = json_object_get_array_member (root, "districts");
  groups = json_object_get_array_member (root, "groups");
  g_assert_cmpuint (json_array_get_length (districts), ==, 55);
  g_assert_cmpuint (json_array_get_length (groups), ==, 3);

  a = find_row (districts, "town_code", TOWN_A);
  g_assert_cmpstr (json_object_get_string_member (a, "name"), ==, "尖石鄉");
  g_assert_cmpstr (json_object_get_string_member (a, "class"), ==, "mountain");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (a, "records"), "lalan_household"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (a, "records"), "lalan_community"), ==, 1);
  /* The household that declined is a record, not a household of the figures. */
  g_assert_cmpint (json_object_get_int_member (a, "households"), ==, 6);
  assert_share (a, "household_connection", 5.0 / 6, 6);
  assert_share (a, "fixed_broadband", 2.0 / 6, 6);
  assert_share (a, "internet_use_ever", 0.75, 6);
  assert_share (a, "mobile_internet_use", 0.5, 6);
  assert_share (a, "devices_per_person", 6.0 / 5, 6);
  assert_share (a, "skills_mean", 5, 6);
  assert_share (a, "training_demand", 1, 6);
  /* Six households and the community visit measured. */
  assert_share (a, "download_mbps", 12.4, 7);
  assert_share (a, "access_points_per_village", 2, 1);
  top = json_object_get_array_member (cell (a, "top_barriers"), "value");
  g_assert_cmpuint (json_array_get_length (top), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (top, 0), "code"), ==, "cost");
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (top, 0), "share"), ==, 1.0);

  /* Three households: every household figure is suppressed. */
  b = find_row (districts, "town_code", TOWN_B);
  g_assert_cmpint (json_object_get_int_member (b, "households"), ==, 3);
  assert_suppressed (b, "household_connection");
  assert_suppressed (b, "internet_use_3m");
  assert_suppressed (b, "top_barriers");
  assert_suppressed (b, "download_mbps");

  /* Five households are published. */
  c = find_row (districts, "town_code", TOWN_C);
  assert_share (c, "household_connection", 1, 5);
  assert_share (c, "fixed_broadband", 1, 5);

  /* One measurement is not a median anyone may see. */
  taoyuan = find_row (districts, "town_code", "64000370");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (taoyuan, "records"), "lalan_measurement"), ==, 1);
  assert_suppressed (taoyuan, "download_mbps");

  mountain = find_row (groups, "group", "mountain");
  plain = find_row (groups, "group", "plain");
  all = find_row (groups, "group", "all");
  assert_share (mountain, "household_connection", 5.0 / 6, 6);
  assert_share (plain, "household_connection", 7.0 / 8, 8);
  assert_share (all, "household_connection", 12.0 / 14, 14);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (all, "records"), "lalan_household"), ==, 15);
  /* The measured speeds of all: 14 households, 1 visit and 1 measurement record. */
  g_assert_cmpint (json_object_get_int_member (cell (all, "download_mbps"), "n"), ==, 16);
}

static void
test_districts_csv (void)
{
  g_autoptr(LalanInventoryTestResponse) response = admin_get ("/v1/reports/districts.csv", NULL);
  g_autofree char *text = lalan_inventory_test_response_text (response);
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  int connection = -1, connection_n = -1;

  g_assert_cmpint (response->status, ==, 200);
  g_assert_true (g_str_has_prefix (lalan_inventory_test_response_header (response, "Content-Type"), "text/csv"));
  g_assert_nonnull (strstr (lalan_inventory_test_response_header (response, "Content-Disposition"), "districts.csv"));
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF" "level,town_code,county,district,district_en,class,households,"));

  lines = g_strsplit (text + 3, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 55 + 3 + 1);
  header = g_strsplit (lines[0], ",", -1);
  for (int i = 0; header[i] != NULL; i++)
    {
      if (g_str_equal (header[i], "household_connection"))
        connection = i;
      if (g_str_equal (header[i], "household_connection_n"))
        connection_n = i;
    }
  g_assert_cmpint (connection, >, 0);
  g_assert_cmpint (connection_n, ==, connection + 1);

  for (guint l = 1; lines[l] != NULL && lines[l][0] != '\0'; l++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[l], ",", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, g_strv_length (header));
      if (g_str_equal (fields[1], TOWN_A))
        {
          g_assert_cmpstr (fields[3], ==, "尖石鄉");
          g_assert_cmpstr (fields[connection], ==, "0.8333");
          g_assert_cmpstr (fields[connection_n], ==, "6");
        }
      if (g_str_equal (fields[1], TOWN_B))
        {
          g_assert_cmpstr (fields[connection], ==, "");
          g_assert_cmpstr (fields[connection_n], ==, "3");
        }
    }
}

static void
test_admin_only (void)
{
  g_autofree char *url = g_strdup_printf ("%s/v1/reports/districts.json", server->base_url);
  g_autofree char *collector = g_strdup_printf ("Authorization: Bearer %s", server->token);
  g_autofree char *basic_value = g_strdup_printf ("cip:%s", server->admin_token);
  g_autofree char *basic_encoded = g_base64_encode ((const guchar *) basic_value, strlen (basic_value));
  g_autofree char *basic = g_strdup_printf ("Authorization: Basic %s", basic_encoded);
  const char *collector_headers[] = { collector, NULL };
  const char *basic_headers[] = { basic, NULL };
  static const char * const wrong[] = { "Authorization: Bearer not-a-token", NULL };
  g_autoptr(LalanInventoryTestResponse) none = lalan_inventory_test_request ("GET", url, NULL, NULL);
  g_autoptr(LalanInventoryTestResponse) bad = lalan_inventory_test_request ("GET", url, wrong, NULL);
  g_autoptr(LalanInventoryTestResponse) plain = lalan_inventory_test_request ("GET", url, collector_headers, NULL);
  g_autoptr(LalanInventoryTestResponse) browser = lalan_inventory_test_request ("GET", url, basic_headers, NULL);
  g_autofree char *dashboard_url = g_strdup_printf ("%s/", server->base_url);
  g_autoptr(LalanInventoryTestResponse) dashboard = lalan_inventory_test_request ("GET", dashboard_url, NULL, NULL);

  g_assert_cmpint (none->status, ==, 401);
  g_assert_nonnull (strstr (lalan_inventory_test_response_header (none, "WWW-Authenticate"), "Basic"));
  g_assert_cmpint (bad->status, ==, 401);
  g_assert_cmpint (plain->status, ==, 403);
  g_assert_cmpint (browser->status, ==, 200);
  g_assert_cmpint (dashboard->status, ==, 401);
}

static void
assert_self_contained (const char *html)
{
  /* No script, no style sheet, image or font from elsewhere. */
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "src="));
  g_assert_null (strstr (html, "<link"));
  g_assert_null (strstr (html, "url("));
  g_assert_null (strstr (html, "@import"));
}

static void
test_dashboard (void)
{
  g_autoptr(LalanInventoryTestResponse) chinese = admin_get ("/", "zh-TW,zh;q=0.9,en;q=0.8");
  g_autoptr(LalanInventoryTestResponse) english = admin_get ("/", "en-GB,en;q=0.9");
  g_autoptr(LalanInventoryTestResponse) forced = admin_get ("/?lang=en", "zh-TW");
  g_autofree char *zh = lalan_inventory_test_response_text (chinese);
  g_autofree char *en = lalan_inventory_test_response_text (english);
  g_autofree char *en_forced = lalan_inventory_test_response_text (forced);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (chinese->status, ==, 200);
  g_assert_true (g_str_has_prefix (lalan_inventory_test_response_header (chinese, "Content-Type"), "text/html"));
  g_assert_nonnull (strstr (zh, "<html lang=\"zh-Hant-TW\">"));
  g_assert_nonnull (strstr (zh, "55 個原住民族地區數位需求盤點"));
  g_assert_nonnull (strstr (zh, "新竹縣尖石鄉"));
  g_assert_nonnull (strstr (zh, "家中可上網的家戶"));
  g_assert_nonnull (strstr (zh, "<svg"));
  g_assert_nonnull (strstr (zh, "83%"));
  assert_self_contained (zh);

  g_assert_nonnull (strstr (en, "<html lang=\"en\">"));
  g_assert_nonnull (strstr (en, "Digital needs inventory of the 55 indigenous districts"));
  g_assert_nonnull (strstr (en, "Jianshi Township"));
  g_assert_null (strstr (en, "家中可上網的家戶"));
  assert_self_contained (en);

  g_assert_nonnull (strstr (en_forced, "<html lang=\"en\">"));

  /* Both pages are well-formed markup: every tag closed, attributes quoted. */
  {
    g_autoptr(GMarkupParseContext) context = NULL;
    GMarkupParser parser = { NULL, };
    const char *body = strstr (zh, "<html");

    context = g_markup_parse_context_new (&parser, 0, NULL, NULL);
    g_markup_parse_context_parse (context, body, -1, &error);
    g_assert_no_error (error);
    g_markup_parse_context_end_parse (context, &error);
    g_assert_no_error (error);
  }
}

typedef struct
{
  char *name;
  char *text;
} ZipEntry;

static void
zip_entry_free (ZipEntry *entry)
{
  g_free (entry->name);
  g_free (entry->text);
  g_free (entry);
}

static GPtrArray *
read_zip (const void *data,
          gsize       size)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) zip_entry_free);
  struct archive *archive = archive_read_new ();
  struct archive_entry *entry;

  archive_read_support_format_zip (archive);
  g_assert_cmpint (archive_read_open_memory (archive, data, size), ==, ARCHIVE_OK);
  while (archive_read_next_header (archive, &entry) == ARCHIVE_OK)
    {
      ZipEntry *e = g_new0 (ZipEntry, 1);
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      char buffer[8192];
      la_ssize_t n;

      e->name = g_strdup (archive_entry_pathname (entry));
      while ((n = archive_read_data (archive, buffer, sizeof buffer)) > 0)
        g_byte_array_append (bytes, (const guint8 *) buffer, n);
      g_byte_array_append (bytes, (const guint8 *) "", 1);
      e->text = (char *) g_byte_array_free (g_steal_pointer (&bytes), FALSE);
      g_ptr_array_add (entries, e);
    }
  archive_read_free (archive);

  return entries;
}

static const char *
zip_text (GPtrArray  *entries,
          const char *name)
{
  for (guint i = 0; i < entries->len; i++)
    {
      ZipEntry *e = g_ptr_array_index (entries, i);

      if (g_str_equal (e->name, name))
        return e->text;
    }

  g_error ("%s is not in the export", name);
  return NULL;
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = strstr (text, "\r\n"); p != NULL; p = strstr (p + 2, "\r\n"))
    n++;
  return n;
}

static void
test_export (void)
{
  g_autoptr(GBytes) edit = NULL;
  g_autoptr(LalanInventoryTestResponse) edited = NULL;
  g_autoptr(LalanInventoryTestResponse) response = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) cli_entries = NULL;
  g_autofree char *zip_path = g_build_filename (server->data_dir, "export-cli.zip", NULL);
  g_autofree char *out = NULL;
  g_autofree char *zip = NULL;
  gsize zip_size = 0;
  const char *root;
  const char *people;
  g_auto(GStrv) header = NULL;

  /* An edit: the export shows its current version, counted as one edit. */
  {
    g_autoptr(GBytes) original = make_household ("uuid:c-0-edit", TOWN_C, TRUE, TRUE, TRUE);
    g_autofree char *text = g_strndup (g_bytes_get_data (original, NULL), g_bytes_get_size (original));
    g_autoptr(GString) xml = g_string_new (text);

    g_string_replace (xml, "<meta>", "<meta><deprecatedID>uuid:c-0</deprecatedID>", 1);
    g_string_replace (xml, "Signal drops in the back room.", "Corrected: the signal drops everywhere.", 1);
    edit = g_string_free_to_bytes (g_steal_pointer (&xml));
  }
  edited = lalan_inventory_test_submit (server, edit, NULL);
  g_assert_cmpint (edited->status, ==, 201);

  response = admin_get ("/v1/export/lalan_household.zip", NULL);
  g_assert_cmpint (response->status, ==, 200);
  g_assert_cmpstr (lalan_inventory_test_response_header (response, "Content-Type"), ==, "application/zip");
  entries = read_zip (g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body));
  g_assert_cmpuint (entries->len, ==, 2);

  root = zip_text (entries, "lalan_household.csv");
  people = zip_text (entries, "lalan_household-person.csv");
  g_assert_true (g_str_has_prefix (root, "\xEF\xBB\xBF" "SubmissionDate,start,end,today,deviceid,consent-notice,"));
  g_assert_nonnull (strstr (root, ",place-town,"));
  g_assert_nonnull (strstr (root, ",meta-instanceID,"));
  g_assert_nonnull (strstr (root, ",KEY,AttachmentsPresent,Edits,FormVersion\r\n"));
  /* 15 households and the one of nowhere, each once; the edit replaced c-0. */
  g_assert_cmpuint (count_lines (root), ==, 1 + 16);
  g_assert_null (strstr (root, ",uuid:c-0,"));
  g_assert_nonnull (strstr (root, "Corrected: the signal drops everywhere."));
  g_assert_nonnull (strstr (root, ",uuid:c-0-edit,0,1,2026112901\r\n"));

  g_assert_true (g_str_has_prefix (people, "\xEF\xBB\xBF" "age_band,sex,ever_used,used_3m,frequency,devices,places,"
                                           "activities,never_reasons,PARENT_KEY,KEY\r\n"));
  g_assert_cmpuint (count_lines (people), ==, 1 + 16 * 4);
  g_assert_nonnull (strstr (people, ",uuid:a-1,uuid:a-1/people/person[4]\r\n"));

  /* The same from a terminal. */
  g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, &out, NULL, "export", "lalan_household",
                                             "--to", zip_path, NULL), ==, 0);
  g_assert_true (g_file_get_contents (zip_path, &zip, &zip_size, NULL));
  cli_entries = read_zip (zip, zip_size);
  g_assert_cmpstr (zip_text (cli_entries, "lalan_household.csv"), ==, root);
  g_assert_cmpstr (zip_text (cli_entries, "lalan_household-person.csv"), ==, people);

  /* A form that is not there. */
  {
    g_autoptr(LalanInventoryTestResponse) missing = admin_get ("/v1/export/nothing.zip", NULL);

    g_assert_cmpint (missing->status, ==, 404);
    g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, NULL, NULL, "export", "nothing",
                                               "--to", zip_path, NULL), ==, 2);
  }

  (void) header;
}

static gboolean
clear_facts_cb (const LalanInventoryStoredSubmission  *stored,
                gpointer                               user_data,
                GError                               **error)
{
  return lalan_inventory_db_set_facts (user_data, stored->id, NULL, error);
}

/* When the table of paths changes, the server reads every record again at
 * its next start. A stale version and emptied facts stand for that here. */
static void
test_facts_refreshed (void)
{
  g_autofree char *path = lalan_inventory_db_get_default_path (server->data_dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(LalanInventoryTestResponse) response = NULL;
  JsonObject *a;

  lalan_inventory_test_server_stop (server);
  {
    g_autoptr(LalanInventoryDb) db = lalan_inventory_db_open (path, &error);

    g_assert_no_error (error);
    lalan_inventory_db_foreach_submission (db, 1, NULL, FALSE, clear_facts_cb, db, &error);
    g_assert_no_error (error);
    lalan_inventory_db_set_meta (db, "facts-version", "an older table", &error);
    g_assert_no_error (error);
  }
  lalan_inventory_test_server_start (server, NULL);

  response = admin_get ("/v1/reports/districts.json", NULL);
  json_parser_load_from_data (parser, g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body), &error);
  g_assert_no_error (error);
  a = find_row (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "districts"),
                "town_code", TOWN_A);
  assert_share (a, "household_connection", 5.0 / 6, 6);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  lalan_test_init (&argc, &argv);
  lalan_inventory_test_global_init ();

  /* One server and one set of records for the whole program: the tests
   * read it in the order below (the export adds an edit at the end). */
  server = lalan_inventory_test_server_new ();
  lalan_inventory_test_server_start (server, NULL);
  seed ();

  g_test_add_func ("/inventory/reports/admin-only", test_admin_only);
  g_test_add_func ("/inventory/reports/districts-json", test_districts_json);
  g_test_add_func ("/inventory/reports/districts-csv", test_districts_csv);
  g_test_add_func ("/inventory/reports/dashboard", test_dashboard);
  g_test_add_func ("/inventory/reports/facts-refreshed", test_facts_refreshed);
  g_test_add_func ("/inventory/reports/export", test_export);

  status = g_test_run ();
  lalan_inventory_test_server_free (server);

  return status;
}
