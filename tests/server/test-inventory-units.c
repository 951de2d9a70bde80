/* test-inventory-units.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server's parsers and extractors, without a server: multipart bodies
 * (every truncation of a valid one), hostile XML, attachment names,
 * instance metadata, report facts, form schemas.
 */

#include "config.h"

#include "lalan-inventory-error.h"
#include "lalan-inventory-facts.h"
#include "lalan-inventory-form.h"
#include "lalan-inventory-instance.h"
#include "lalan-inventory-multipart.h"
#include "lalan-inventory-spool.h"
#include "lalan-inventory-test.h"
#include "lalan-inventory-xml.h"
#include "lalan-test.h"

#include <json-glib/json-glib.h>
#include <string.h>

static GBytes *
make_body (void)
{
  GByteArray *body = lalan_inventory_test_multipart_new ();
  g_autoptr(GBytes) xml = lalan_inventory_test_load ("household-1.xml");

  lalan_inventory_test_multipart_add (body, "xml_submission_file", "submission.xml", "text/xml",
                                      g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));
  lalan_inventory_test_multipart_add (body, "photo.jpg", "photo.jpg", "image/jpeg", "\xff\xd8\xff\xe0JFIF", 8);
  lalan_inventory_test_multipart_add (body, "*isIncomplete*", NULL, NULL, "yes", 3);

  return lalan_inventory_test_multipart_end (body);
}

static void
test_multipart_parses (void)
{
  g_autoptr(GBytes) body = make_body ();
  g_autoptr(GBytes) xml = lalan_inventory_test_load ("household-1.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) parts = lalan_inventory_multipart_parse (body, LALAN_INVENTORY_TEST_BOUNDARY, 16, &error);
  LalanInventoryPart *part;

  g_assert_no_error (error);
  g_assert_cmpuint (parts->len, ==, 3);

  part = g_ptr_array_index (parts, 0);
  g_assert_cmpstr (part->field_name, ==, "xml_submission_file");
  g_assert_cmpstr (part->filename, ==, "submission.xml");
  g_assert_cmpstr (part->content_type, ==, "text/xml");
  g_assert_true (g_bytes_equal (part->body, xml));

  part = g_ptr_array_index (parts, 1);
  g_assert_cmpstr (part->filename, ==, "photo.jpg");
  g_assert_cmpmem (g_bytes_get_data (part->body, NULL), g_bytes_get_size (part->body), "\xff\xd8\xff\xe0JFIF", 8);

  part = g_ptr_array_index (parts, 2);
  g_assert_cmpstr (part->field_name, ==, "*isIncomplete*");
  g_assert_null (part->filename);

  /* Too many parts is refused, not truncated. */
  g_clear_pointer (&parts, g_ptr_array_unref);
  parts = lalan_inventory_multipart_parse (body, LALAN_INVENTORY_TEST_BOUNDARY, 2, &error);
  g_assert_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID);
  g_assert_null (parts);
}

/* Every prefix of a valid body is refused, never read past its end. */
static void
test_multipart_truncated (void)
{
  g_autoptr(GBytes) body = make_body ();
  gsize size = g_bytes_get_size (body);
  /* The closing delimiter's last "\r\n" is optional (RFC 2046 epilogue),
   * so the two shortest cuts still hold a complete body. */
  gsize complete_from = size - 2;

  for (gsize length = 0; length < complete_from; length++)
    {
      g_autoptr(GError) error = NULL;
      /* A copy of exactly the prefix, so a read past it is caught by ASan/valgrind. */
      g_autoptr(GBytes) prefix = g_bytes_new (g_bytes_get_data (body, NULL), length);
      g_autoptr(GPtrArray) parts = lalan_inventory_multipart_parse (prefix, LALAN_INVENTORY_TEST_BOUNDARY, 16, &error);

      if (parts != NULL)
        g_error ("a body cut at %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes was accepted", length, size);
      g_assert_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID);
    }
}

static GPtrArray *
parse_text (const char  *text,
            GError     **error)
{
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));

  return lalan_inventory_multipart_parse (body, "b", 16, error);
}

static void
test_multipart_malformed (void)
{
  static const char * const bad[] = {
    "",
    "no boundary at all",
    "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nvalue",             /* no closing */
    "--b\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n--b--",                /* no name */
    "--b\r\nContent-Disposition: attachment; name=\"x\"\r\n\r\nv\r\n--b--",       /* not form data */
    "--b\r\nContent-Disposition: form-data; name=\"x\r\n\r\nv\r\n--b--",          /* open quote */
    "--b\r\nContent-Disposition: form-data; name=\"\xff\xfe\"\r\n\r\nv\r\n--b--", /* not UTF-8 */
    "--b\r\nContent-Disposition: form-data; name=\"x\"; filename=\"\xc3\x28.jpg\"\r\n\r\nv\r\n--b--",
    "--b\r\nContent-Disposition form-data\r\n\r\nv\r\n--b--",                    /* no colon */
    "--bX\r\n",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) parts = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GPtrArray) refused = parse_text (bad[i], &local_error);

      if (refused != NULL)
        g_error ("malformed body %u was accepted", i);
      g_assert_error (local_error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID);
    }

  /* A preamble before the first delimiter is allowed (RFC 2046). */
  parts = parse_text ("preamble\r\n--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\r\n--b--\r\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parts->len, ==, 1);
}

static void
test_attachment_names (void)
{
  static const char * const good[] = { "photo.jpg", "1700000000123.jpg", "相片 一.png", "a-b_c (1).m4a" };
  static const char * const bad[] = {
    "", ".", "..", "../passwd", "../../etc/passwd", "a/b.jpg", "/etc/passwd", "..\\evil.exe",
    "C:\\x.jpg", ".hidden", "trailing.", "bell\x07.jpg", "new\nline.jpg", "\xff\xfe.jpg",
    "a\xe2\x80\xaegpj.exe",  /* right-to-left override */
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (lalan_inventory_attachment_name_ok (good[i]));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    if (lalan_inventory_attachment_name_ok (bad[i]))
      g_error ("the attachment name %u was allowed", i);
}

static void
assert_xml_refused (const char *xml)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = lalan_inventory_xml_parse (xml, strlen (xml), &error);

  g_assert_null (doc);
  g_assert_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID);
}

static void
test_xml_hostile (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) just_too_deep = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  gint64 start = g_get_monotonic_time ();

  /* Billion laughs: refused at the DTD, nothing expanded, at once. */
  assert_xml_refused ("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
                      " <!ENTITY lol \"lol\">\n"
                      " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
                      " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
                      " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
                      " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
                      " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
                      " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
                      " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
                      " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
                      " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
                      "]>\n<data id=\"lalan_household\"><a>&lol9;</a></data>\n");
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  /* External entities: never fetched, refused. */
  assert_xml_refused ("<?xml version=\"1.0\"?>\n<!DOCTYPE data [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                      "<data id=\"x\"><a>&xxe;</a></data>");
  assert_xml_refused ("<!DOCTYPE data SYSTEM \"http://127.0.0.1:9/evil.dtd\"><data id=\"x\"/>");
  /* An undeclared entity, malformed, empty, two roots. */
  assert_xml_refused ("<data id=\"x\"><a>&nope;</a></data>");
  assert_xml_refused ("<data id=\"x\"><a></data>");
  assert_xml_refused (" ");
  assert_xml_refused ("<a/><b/>");

  /* 100 000 levels, and one level past the limit. */
  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "<a>");
  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "</a>");
  assert_xml_refused (deep->str);

  for (guint i = 0; i <= LALAN_INVENTORY_XML_MAX_DEPTH; i++)
    g_string_append (just_too_deep, "<a>");
  for (guint i = 0; i <= LALAN_INVENTORY_XML_MAX_DEPTH; i++)
    g_string_append (just_too_deep, "</a>");
  assert_xml_refused (just_too_deep->str);
  g_string_truncate (just_too_deep, 0);
  for (guint i = 0; i < LALAN_INVENTORY_XML_MAX_DEPTH; i++)
    g_string_append (just_too_deep, "<a>");
  for (guint i = 0; i < LALAN_INVENTORY_XML_MAX_DEPTH; i++)
    g_string_append (just_too_deep, "</a>");
  doc = lalan_inventory_xml_parse (just_too_deep->str, just_too_deep->len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
}

static void
test_instance_meta (void)
{
  g_autoptr(GBytes) xml = lalan_inventory_test_load ("household-1.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = lalan_inventory_xml_parse (g_bytes_get_data (xml, NULL), g_bytes_get_size (xml), &error);
  g_auto(LalanInventoryInstanceMeta) meta = { 0, };
  static const char * const refused[] = {
    "<data version=\"1\"><meta><instanceID>uuid:1</instanceID></meta></data>",
    "<data id=\"f\" version=\"1\"><meta><instanceID>  </instanceID></meta></data>",
    "<data id=\"f\" version=\"1\"><meta/></data>",
    "<data id=\"f\"><meta><instanceID>uuid:1</instanceID><deprecatedID>uuid:1</deprecatedID></meta></data>",
  };
  const char *orx = "<data xmlns:orx=\"http://openrosa.org/xforms\" id=\"f\"><orx:meta>"
                    "<orx:instanceID>uuid:2</orx:instanceID><orx:deprecatedID>uuid:1</orx:deprecatedID>"
                    "</orx:meta></data>";

  g_assert_no_error (error);
  g_assert_true (lalan_inventory_instance_read_meta (doc, &meta, &error));
  g_assert_cmpstr (meta.xml_form_id, ==, "lalan_household");
  g_assert_cmpstr (meta.version, ==, "2026112901");
  g_assert_cmpstr (meta.instance_id, ==, "uuid:6f1c2b8e-4d0a-4e55-9c1e-8a3b5f7d2c10");
  g_assert_null (meta.deprecated_id);
  lalan_inventory_instance_meta_clear (&meta);
  g_clear_pointer (&doc, xmlFreeDoc);

  doc = lalan_inventory_xml_parse (orx, strlen (orx), &error);
  g_assert_true (lalan_inventory_instance_read_meta (doc, &meta, &error));
  g_assert_cmpstr (meta.version, ==, "");
  g_assert_cmpstr (meta.instance_id, ==, "uuid:2");
  g_assert_cmpstr (meta.deprecated_id, ==, "uuid:1");
  lalan_inventory_instance_meta_clear (&meta);
  g_clear_pointer (&doc, xmlFreeDoc);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(xmlDoc) bad = lalan_inventory_xml_parse (refused[i], strlen (refused[i]), &local_error);

      g_assert_no_error (local_error);
      g_assert_false (lalan_inventory_instance_read_meta (bad, &meta, &local_error));
      g_assert_error (local_error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID);
    }
}

static JsonObject *
parse_facts (const char *json,
             JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (json);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_facts_household (void)
{
  g_autoptr(GBytes) xml = lalan_inventory_test_load ("household-1.xml");
  g_autoptr(xmlDoc) doc = lalan_inventory_xml_parse (g_bytes_get_data (xml, NULL), g_bytes_get_size (xml), NULL);
  g_autofree char *json = lalan_inventory_facts_extract ("lalan_household", doc);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *facts = parse_facts (json, parser);
  JsonArray *barriers;

  g_assert_true (json_object_get_boolean_member (facts, "consent"));
  g_assert_cmpstr (json_object_get_string_member (facts, "town"), ==, "10004120");
  g_assert_cmpstr (json_object_get_string_member (facts, "village"), ==, "10004120006");
  g_assert_cmpfloat (json_object_get_double_member (facts, "household_size"), ==, 5);
  g_assert_true (json_object_get_boolean_member (facts, "internet_home"));
  /* A 4G/5G router and a hotspot are not fixed broadband. */
  g_assert_false (json_object_get_boolean_member (facts, "fixed_broadband"));
  g_assert_cmpfloat (json_object_get_double_member (facts, "devices_total"), ==, 6);
  g_assert_cmpfloat (json_object_get_double_member (facts, "smartphones"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (facts, "persons"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (facts, "persons_ever_used"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (facts, "persons_used_3m"), ==, 3);
  /* A tablet on Wi-Fi at home is not mobile internet. */
  g_assert_cmpint (json_object_get_int_member (facts, "persons_mobile_internet"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (facts, "skills"), ==, 5);
  g_assert_true (json_object_get_boolean_member (facts, "training_interest"));
  g_assert_cmpfloat (json_object_get_double_member (facts, "download_mbps"), ==, 12.4);
  g_assert_cmpfloat (json_object_get_double_member (facts, "latency_ms"), ==, 68);
  barriers = json_object_get_array_member (facts, "barriers");
  g_assert_cmpuint (json_array_get_length (barriers), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (barriers, 0), ==, "coverage");
  g_assert_cmpstr (json_array_get_string_element (barriers, 2), ==, "skills");

  /* Forms the reports do not read have no facts. */
  g_assert_null (lalan_inventory_facts_extract ("some_other_form", doc));
}

static xmlNode *
primary_instance (xmlDoc *doc)
{
  xmlNode *model = lalan_inventory_xml_find (xmlDocGetRootElement (doc), "head/model");

  for (xmlNode *child = model->children; child != NULL; child = child->next)
    {
      g_autofree char *id = NULL;

      if (child->type != XML_ELEMENT_NODE || !g_str_equal ((const char *) child->name, "instance"))
        continue;
      if ((id = lalan_inventory_xml_attribute (child, "id")) != NULL)
        continue;
      for (xmlNode *data = child->children; data != NULL; data = data->next)
        if (data->type == XML_ELEMENT_NODE)
          return data;
    }

  return NULL;
}

static void
assert_path_in_form (const char *xml_form_id,
                     const char *path,
                     xmlNode    *data)
{
  if (lalan_inventory_xml_find (data, lalan_inventory_xml_path_tail (path)) == NULL)
    g_error ("The reports read %s, which data/forms/%s.xml does not have", path, xml_form_id);
}

/* The table of paths the reports read matches the forms as they are in
 * data/forms/: when a field is renamed there, this fails, and the row to
 * change is in src/server/lalan-inventory-facts.c. docs/inventory.md, which
 * the author of the forms works from, lists the same paths. */
static void
test_facts_table (void)
{
  guint n;
  const LalanInventoryFactPath *paths = lalan_inventory_facts_get_paths (&n);
  g_autofree char *version = lalan_inventory_facts_get_table_version ();
  g_autofree char *doc = NULL;

  g_assert_cmpuint (strlen (version), ==, 64);
  g_assert_true (g_file_get_contents (lalan_test_source_path ("docs/inventory.md"), &doc, NULL, NULL));

  for (guint i = 0; i < n; i++)
    {
      const LalanInventoryFactPath *p = &paths[i];
      g_autofree char *form_path = g_strdup_printf ("data/forms/%s.xml", p->xml_form_id);
      g_autoptr(GBytes) form = NULL;
      g_autoptr(xmlDoc) xform = NULL;
      xmlNode *data;
      char *contents = NULL;
      gsize length = 0;

      if (strstr (doc, p->path) == NULL)
        g_error ("docs/inventory.md does not list %s", p->path);

      g_assert_true (g_file_get_contents (lalan_test_source_path (form_path), &contents, &length, NULL));
      form = g_bytes_new_take (contents, length);
      xform = lalan_inventory_xml_parse (contents, length, NULL);
      g_assert_nonnull (xform);
      data = primary_instance (xform);
      g_assert_nonnull (data);

      assert_path_in_form (p->xml_form_id, p->path, data);
      if (p->kind == LALAN_INVENTORY_FACT_SUM || p->kind == LALAN_INVENTORY_FACT_LIST)
        {
          g_auto(GStrv) children = g_strsplit (p->codes, " ", -1);

          for (guint c = 0; children[c] != NULL; c++)
            {
              g_autofree char *child = g_strconcat (p->path, "/", children[c], NULL);

              assert_path_in_form (p->xml_form_id, child, data);
              if (strstr (doc, children[c]) == NULL)
                g_error ("docs/inventory.md does not name %s", child);
            }
        }
      if (p->child != NULL)
        {
          g_autofree char *child = g_strconcat (p->path, "/", p->child, NULL);

          assert_path_in_form (p->xml_form_id, child, data);
          if (strstr (doc, child) == NULL)
            g_error ("docs/inventory.md does not list %s", child);
        }
    }
}

static void
test_form_schema (void)
{
  g_autoptr(GBytes) form = NULL;
  g_autoptr(GPtrArray) versions = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(LalanInventoryFormInfo) info = { 0, };
  g_autoptr(LalanInventoryTable) root = NULL;
  LalanInventoryTable *people;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (lalan_test_source_path ("data/forms/lalan_household.xml"),
                                      &contents, &length, NULL));
  form = g_bytes_new_take (contents, length);
  g_assert_true (lalan_inventory_form_read_info (form, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (info.xml_form_id, ==, "lalan_household");
  g_assert_cmpstr (info.version, ==, "2026112901");
  g_assert_nonnull (info.title);

  g_ptr_array_add (versions, form);
  root = lalan_inventory_form_build_schema ("lalan_household", versions, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (root->name, ==, "lalan_household");
  g_assert_cmpstr (root->path, ==, "/data");
  g_assert_cmpstr (g_ptr_array_index (root->columns, 0), ==, "start");
  g_assert_true (g_ptr_array_find_with_equal_func (root->columns, "home/dev_smartphone", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (root->columns, "place/village_code", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (root->columns, "meta/instanceID", g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (root->columns, "people/person/sex", g_str_equal, NULL));
  g_assert_cmpuint (root->children->len, ==, 1);

  people = g_ptr_array_index (root->children, 0);
  g_assert_cmpstr (people->name, ==, "lalan_household-person");
  g_assert_cmpstr (people->relative_path, ==, "people/person");
  g_assert_cmpuint (people->columns->len, ==, 9);
  g_assert_cmpstr (g_ptr_array_index (people->columns, 0), ==, "age_band");
}

static void
test_form_refused (void)
{
  static const char * const bad[] = {
    "<h:html xmlns:h=\"http://www.w3.org/1999/xhtml\"><h:head><h:title>t</h:title></h:head></h:html>",
    "<h:html xmlns:h=\"http://www.w3.org/1999/xhtml\" xmlns=\"http://www.w3.org/2002/xforms\"><h:head>"
    "<model><instance><data version=\"1\"/></instance></model></h:head></h:html>",
    "<h:html xmlns:h=\"http://www.w3.org/1999/xhtml\" xmlns=\"http://www.w3.org/2002/xforms\"><h:head>"
    "<model><instance><data id=\"../x\"/></instance></model></h:head></h:html>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (bad[i], strlen (bad[i]));
      g_autoptr(GError) error = NULL;
      g_auto(LalanInventoryFormInfo) info = { 0, };

      g_assert_false (lalan_inventory_form_read_info (bytes, &info, &error));
      g_assert_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID);
    }
}

/* Bodies past the memory limit go to an unlinked file and come back
 * whole, in memory or mapped. */
static void
test_spool (void)
{
  g_autofree char *dir = lalan_test_make_tmp_dir ("spool");
  static const gsize limits[] = { 0, 16, 1 << 20 };

  for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
    {
      g_autoptr(LalanInventorySpool) spool = lalan_inventory_spool_new (dir, limits[l]);
      g_autoptr(GByteArray) expected = g_byte_array_new ();
      g_autoptr(GBytes) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GDir) listing = NULL;

      for (guint i = 0; i < 200; i++)
        {
          guint8 chunk[97];

          for (guint b = 0; b < sizeof chunk; b++)
            chunk[b] = (guint8) (i * 31 + b);
          g_assert_true (lalan_inventory_spool_append (spool, chunk, sizeof chunk, &error));
          g_assert_no_error (error);
          g_byte_array_append (expected, chunk, sizeof chunk);
        }
      g_assert_cmpuint (lalan_inventory_spool_get_size (spool), ==, expected->len);

      /* No name is left in the folder, whatever happens to the process. */
      listing = g_dir_open (dir, 0, NULL);
      g_assert_null (g_dir_read_name (listing));

      result = lalan_inventory_spool_finish (spool, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (result, NULL), g_bytes_get_size (result), expected->data, expected->len);
    }

  lalan_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);

  g_test_add_func ("/inventory/multipart/parses", test_multipart_parses);
  g_test_add_func ("/inventory/multipart/truncated", test_multipart_truncated);
  g_test_add_func ("/inventory/multipart/malformed", test_multipart_malformed);
  g_test_add_func ("/inventory/attachment-names", test_attachment_names);
  g_test_add_func ("/inventory/spool", test_spool);
  g_test_add_func ("/inventory/xml/hostile", test_xml_hostile);
  g_test_add_func ("/inventory/instance/meta", test_instance_meta);
  g_test_add_func ("/inventory/facts/household", test_facts_household);
  g_test_add_func ("/inventory/facts/table", test_facts_table);
  g_test_add_func ("/inventory/form/schema", test_form_schema);
  g_test_add_func ("/inventory/form/refused", test_form_refused);

  return g_test_run ();
}
