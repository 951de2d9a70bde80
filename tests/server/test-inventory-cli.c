/* test-inventory-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The administrator's commands: tokens and forms, while the server runs.
 */

#include "config.h"

#include "lalan-inventory-test.h"
#include "lalan-test.h"

#include <string.h>

static const char * const openrosa_headers[] = { "X-OpenRosa-Version: 1.0", "Accept-Language: en", NULL };

static char *
last_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);

  while (n > 0 && lines[n - 1][0] == '\0')
    n--;
  return g_strdup (n > 0 ? lines[n - 1] : "");
}

static void
test_tokens (void)
{
  g_autoptr(LalanInventoryTestServer) server = lalan_inventory_test_server_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *token = NULL;
  g_autofree char *list = NULL;
  g_autofree char *db_path = g_build_filename (server->data_dir, "inventory.db", NULL);
  g_autofree char *db = NULL;
  gsize db_size = 0;

  g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, &out, &err, "token", "create", "tablet-07", NULL), ==, 0);
  token = last_line (out);
  g_assert_cmpuint (strlen (token), ==, 48);
  for (const char *p = token; *p != '\0'; p++)
    g_assert_true (g_ascii_isalnum (*p));

  /* Only a hash is kept. */
  g_assert_true (g_file_get_contents (db_path, &db, &db_size, NULL));
  for (gsize i = 0; i + strlen (token) <= db_size; i++)
    g_assert_false (memcmp (db + i, token, strlen (token)) == 0);

  /* The same name twice is refused; an unknown one cannot be revoked. */
  g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, NULL, NULL, "token", "create", "tablet-07", NULL), ==, 2);
  g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, NULL, NULL, "token", "revoke", "nobody", NULL), ==, 2);
  g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, NULL, NULL, "token", "create", NULL), ==, 64);
  g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, NULL, NULL, "token", "frobnicate", NULL), ==, 64);

  g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, NULL, NULL, "token", "revoke", "tablet-07", NULL), ==, 0);
  g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, &list, NULL, "token", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (list, "phone-01"));
  g_assert_nonnull (strstr (list, "cip-staff"));
  g_assert_nonnull (strstr (list, "tablet-07"));
  g_assert_null (strstr (list, token));

  /* A revoked name can be given to a new token. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, &out, NULL, "token", "create", "tablet-07", NULL), ==, 0);
  {
    g_autofree char *second = last_line (out);

    g_assert_cmpstr (second, !=, token);
  }
}

static char *
form_with_version (const char *version,
                   const char *title)
{
  g_autofree char *original = NULL;
  g_autoptr(GString) xml = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (lalan_test_source_path ("data/forms/lalan_measurement.xml"),
                                      &original, &length, NULL));
  xml = g_string_new (original);
  g_string_replace (xml, "version=\"2026112901\"", version, 1);
  if (title != NULL)
    g_string_replace (xml, "網路連線測量 Connectivity measurement", title, 1);

  return g_string_free (g_steal_pointer (&xml), FALSE);
}

static char *
write_form (LalanInventoryTestServer *server,
            const char               *name,
            const char               *contents)
{
  char *path = g_build_filename (server->data_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
test_forms (void)
{
  g_autoptr(LalanInventoryTestServer) server = lalan_inventory_test_server_new ();
  g_autofree char *changed = form_with_version ("version=\"2026112901\"", "Speed test, renamed");
  g_autofree char *newer = form_with_version ("version=\"2026120101\"", NULL);
  g_autofree char *changed_path = write_form (server, "changed.xml", changed);
  g_autofree char *newer_path = write_form (server, "newer.xml", newer);
  g_autofree char *dtd_path = write_form (server, "dtd.xml",
                                          "<!DOCTYPE h:html [<!ENTITY x \"y\">]><h:html xmlns:h=\"http://www.w3.org/1999/xhtml\"/>");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *list = NULL;
  g_autofree char *url = NULL;
  g_autoptr(LalanInventoryTestResponse) form_list = NULL;
  g_autoptr(LalanInventoryTestResponse) old_version = NULL;
  g_autoptr(GBytes) measurement = lalan_inventory_test_load ("measurement-1.xml");
  g_autofree char *form_list_text = NULL;

  lalan_inventory_test_server_start (server, NULL);

  /* The same version again, identical: nothing to do. */
  g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, &out, NULL, "form", "publish",
                                             lalan_test_source_path ("data/forms/lalan_measurement.xml"), NULL), ==, 0);
  /* The same version, changed: refused, with a sentence. */
  g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, NULL, &err, "form", "publish", changed_path, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "2026112901"));
  /* Not a form, or a hostile one. */
  g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, NULL, NULL, "form", "publish", dtd_path, NULL), ==, 2);
  g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, NULL, NULL, "form", "publish",
                                             lalan_inventory_test_data_path ("household-1.xml"), NULL), ==, 2);
  g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, NULL, NULL, "form", "publish", "/nonexistent.xml", NULL), !=, 0);

  /* A new version is published while the server runs; the list shows it,
   * and records of the older version are still taken. */
  g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, NULL, NULL, "form", "publish", newer_path, NULL), ==, 0);
  g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, &list, NULL, "form", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (list, "2026120101"));

  url = lalan_inventory_test_url (server, "formList");
  form_list = lalan_inventory_test_request ("GET", url, openrosa_headers, NULL);
  form_list_text = lalan_inventory_test_response_text (form_list);
  {
    /* One entry for the form, with its latest version. */
    const char *entry = strstr (form_list_text, "<formID>lalan_measurement</formID>");
    const char *end = entry != NULL ? strstr (entry, "</xform>") : NULL;
    g_autofree char *xform = entry != NULL && end != NULL ? g_strndup (entry, end - entry) : NULL;

    g_assert_nonnull (xform);
    g_assert_nonnull (strstr (xform, "<version>2026120101</version>"));
    g_assert_null (strstr (end, "<formID>lalan_measurement</formID>"));
  }

  old_version = lalan_inventory_test_submit (server, measurement, NULL);
  g_assert_cmpint (old_version->status, ==, 201);
}

static void
test_help_and_usage (void)
{
  g_autoptr(LalanInventoryTestServer) server = lalan_inventory_test_server_new ();
  g_autofree char *out = NULL;

  g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, &out, NULL, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "--listen"));
  g_assert_nonnull (strstr (out, "token create"));
  g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, NULL, NULL, "frobnicate", NULL), ==, 64);
  g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, NULL, NULL, "--listen", "nowhere", NULL), ==, 1);
  g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, NULL, NULL, "--tls-cert", "/nonexistent.pem", NULL), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);
  lalan_inventory_test_global_init ();

  g_test_add_func ("/inventory/cli/tokens", test_tokens);
  g_test_add_func ("/inventory/cli/forms", test_forms);
  g_test_add_func ("/inventory/cli/help-and-usage", test_help_and_usage);

  return g_test_run ();
}
