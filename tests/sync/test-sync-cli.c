/* test-sync-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lalan-cli server` and `lalan-cli sync` as an administrator uses them,
 * against lalan-inventory on 127.0.0.1.
 */

#include "config.h"

#include "lalan-inventory-test.h"
#include "lalan-sync-test.h"
#include "lalan-test.h"

#include <string.h>

typedef struct
{
  LalanInventoryTestServer *server;
  char                     *data_dir;
  char                     *url;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = lalan_inventory_test_server_new ();
  lalan_inventory_test_server_start (fixture->server, NULL);
  fixture->data_dir = lalan_test_make_tmp_dir ("sync-cli");
  fixture->url = lalan_sync_test_token_url (fixture->server->base_url, fixture->server->token);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->server, lalan_inventory_test_server_free);
  lalan_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
  g_free (fixture->url);
}

static void
add_households (const char *data_dir,
                guint       n)
{
  g_autoptr(LalanStore) store = lalan_sync_test_open_store (data_dir);

  for (guint i = 0; i < n; i++)
    g_free (lalan_sync_test_add_household (store, i, NULL));

  lalan_store_close (store);
}

static void
assert_contains (const char *text,
                 const char *fragment)
{
  if (strstr (text, fragment) == NULL)
    g_error ("“%s” is not in:\n%s", fragment, text);
}

static guint
count_lines_starting (const char *text,
                      const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      n++;

  return n;
}

static void
test_server_commands (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *wrong = lalan_sync_test_token_url (fixture->server->base_url,
                                                      "000000000000000000000000000000000000000000000000");

  g_assert_cmpint (lalan_test_run_cli (&out, &err, "server", "show", "--data-dir", fixture->data_dir, NULL), ==, 0);
  assert_contains (out, "No server is set");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (lalan_test_run_cli (&out, &err, "server", "set", "--data-dir", fixture->data_dir,
                                       fixture->url, NULL), ==, 0);
  assert_contains (out, "/v1/key/…/projects/1");
  assert_contains (out, "no keyring service");
  g_assert_null (strstr (out, fixture->server->token));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (lalan_test_run_cli (&out, &err, "server", "show", "--data-dir", fixture->data_dir, NULL), ==, 0);
  assert_contains (out, "/v1/key/…/projects/1");
  assert_contains (out, "server-secret, a file only you can read");
  assert_contains (out, "never");
  g_assert_null (strstr (out, fixture->server->token));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (lalan_test_run_cli (&out, &err, "server", "test", "--data-dir", fixture->data_dir, NULL), ==, 0);
  assert_contains (out, "answers and takes these credentials. It offers 4 forms");
  assert_contains (out, "lalan_household");
  g_clear_pointer (&out, g_free);

  /* A wrong token, an unreachable server, plain http elsewhere: a sentence each. */
  g_assert_cmpint (lalan_test_run_cli (&out, &err, "server", "set", "--data-dir", fixture->data_dir, wrong, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (lalan_test_run_cli (&out, &err, "server", "test", "--data-dir", fixture->data_dir, NULL), ==, 1);
  assert_contains (err, "refused the token");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (lalan_test_run_cli (&out, &err, "server", "set", "--data-dir", fixture->data_dir,
                                       "http://127.0.0.1:1/v1/key/abc/projects/1", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (lalan_test_run_cli (&out, &err, "server", "test", "--data-dir", fixture->data_dir, NULL), ==, 1);
  assert_contains (err, "does not answer");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (lalan_test_run_cli (&out, &err, "server", "set", "--data-dir", fixture->data_dir,
                                       "http://inventory.example.tw/v1/key/abc/projects/1", NULL), ==, 2);
  assert_contains (err, "https://");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (lalan_test_run_cli (&out, &err, "server", "forget", "--data-dir", fixture->data_dir, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (lalan_test_run_cli (&out, &err, "sync", "--data-dir", fixture->data_dir, "--once", NULL), ==, 2);
  assert_contains (err, "No server is set up");
}

/* --password-stdin: the password comes on standard input, never argv. */
static void
test_password_stdin (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *secret_file = g_build_filename (fixture->data_dir, "server-secret", NULL);
  g_autofree char *secret = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              lalan_test_get_cli (), "server", "set", "--data-dir", fixture->data_dir,
                              "https://kobo.example.org/cip", "--user", "volunteer", "--password-stdin", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, "correct horse\n", NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  assert_contains (out, "https://kobo.example.org/cip");

  g_assert_true (g_file_get_contents (secret_file, &secret, NULL, NULL));
  assert_contains (secret, "secret=correct horse\n");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (lalan_test_run_cli (&out, &err, "server", "show", "--data-dir", fixture->data_dir, NULL), ==, 0);
  assert_contains (out, "volunteer");
  g_assert_null (strstr (out, "correct horse"));
}

/* A new version of a form, published on the server only. */
static void
publish_new_version (Fixture    *fixture,
                     const char *version)
{
  g_autoptr(GRegex) regex = g_regex_new ("id=\"lalan_measurement\" version=\"[0-9]+\"", 0, 0, NULL);
  g_autofree char *xml = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *replacement = g_strdup_printf ("id=\"lalan_measurement\" version=\"%s\"", version);
  g_autofree char *path = g_build_filename (fixture->data_dir, "measurement-new.xml", NULL);
  g_autofree char *out = NULL;

  g_assert_true (g_file_get_contents (lalan_test_source_path ("data/forms/lalan_measurement.xml"), &xml, NULL, NULL));
  changed = g_regex_replace_literal (regex, xml, -1, 0, replacement, 0, NULL);
  g_assert_cmpstr (changed, !=, xml);
  g_assert_true (g_file_set_contents (path, changed, -1, NULL));
  g_assert_cmpint (lalan_inventory_test_cli (fixture->server->data_dir, &out, NULL, "form", "publish", path, NULL), ==, 0);
}

static void
test_sync_once (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  add_households (fixture->data_dir, 3);
  publish_new_version (fixture, "2099010101");
  g_assert_cmpint (lalan_test_run_cli (&out, &err, "server", "set", "--data-dir", fixture->data_dir,
                                       fixture->url, NULL), ==, 0);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (lalan_test_run_cli (&out, &err, "sync", "--data-dir", fixture->data_dir, "--once", NULL), ==, 0);
  /* A line per record and a summary; the new form version came too. */
  g_assert_cmpuint (count_lines_starting (out, "Sent: lalan_household "), ==, 3);
  assert_contains (out, "Sent: 3. Need review: 0. Failed, to try again: 0. Still waiting to be sent: 0.");
  assert_contains (out, "New form: lalan_measurement 2099010101");
  g_assert_cmpuint (lalan_inventory_test_count_records (fixture->server->data_dir, "lalan_household", NULL), ==, 3);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (lalan_test_run_cli (&out, &err, "server", "show", "--data-dir", fixture->data_dir, NULL), ==, 0);
  g_assert_null (strstr (out, "never"));
  g_clear_pointer (&out, g_free);

  /* Nothing left: a second run sends nothing and fetches no form. */
  g_assert_cmpint (lalan_test_run_cli (&out, &err, "sync", "--data-dir", fixture->data_dir, NULL), ==, 0);
  assert_contains (out, "Sent: 0.");
  g_assert_null (strstr (out, "New form"));
}

/* A server that cannot be reached: --once says so and fails, records
 * wait. */
static void
test_sync_unreachable (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  add_households (fixture->data_dir, 2);
  g_assert_cmpint (lalan_test_run_cli (&out, &err, "server", "set", "--data-dir", fixture->data_dir,
                                       "http://127.0.0.1:1/v1/key/abc/projects/1", NULL), ==, 0);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (lalan_test_run_cli (&out, &err, "sync", "--data-dir", fixture->data_dir, "--once", NULL), ==, 1);
  assert_contains (out, "does not answer");
  assert_contains (out, "Still waiting to be sent: 2.");
}

/* A sync file carried from one computer to another by the CLI, then
 * sent from there. */
static void
test_sync_file_cli (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *other = lalan_test_make_tmp_dir ("sync-cli-other");
  g_autofree char *file = g_build_filename (other, "from-village.lalansync", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  add_households (fixture->data_dir, 4);
  g_assert_cmpint (lalan_test_run_cli (&out, &err, "sync", "export", "--data-dir", fixture->data_dir,
                                       "--to", file, NULL), ==, 0);
  assert_contains (out, "Wrote 4 records");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (lalan_test_run_cli (&out, &err, "sync", "import", "--data-dir", other, file, NULL), ==, 0);
  assert_contains (out, "Records added to the outbox: 4. Skipped, already on this computer: 0.");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (lalan_test_run_cli (&out, &err, "sync", "import", "--data-dir", other, file, NULL), ==, 0);
  assert_contains (out, "Records added to the outbox: 0. Skipped, already on this computer: 4.");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (lalan_test_run_cli (&out, &err, "server", "set", "--data-dir", other, fixture->url, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (lalan_test_run_cli (&out, &err, "sync", "--data-dir", other, "--once", NULL), ==, 0);
  assert_contains (out, "Sent: 4.");
  g_clear_pointer (&out, g_free);

  /* The village computer sends the same records later: the server keeps
   * one copy of each. */
  g_assert_cmpint (lalan_test_run_cli (&out, &err, "server", "set", "--data-dir", fixture->data_dir,
                                       fixture->url, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (lalan_test_run_cli (&out, &err, "sync", "--data-dir", fixture->data_dir, "--once", NULL), ==, 0);
  assert_contains (out, "Sent: 4.");
  g_assert_cmpuint (lalan_inventory_test_count_records (fixture->server->data_dir, "lalan_household", NULL), ==, 4);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Damaged on the way: refused with a sentence. */
  g_file_set_contents (file, "PK\x03\x04 not really", 16, NULL);
  g_assert_cmpint (lalan_test_run_cli (&out, &err, "sync", "import", "--data-dir", other, file, NULL), ==, 2);
  assert_contains (err, "nothing from it was added");

  lalan_test_remove_tree (other);
}

int
main (int   argc,
      char *argv[])
{
  lalan_sync_test_init (&argc, &argv);

  g_test_add ("/sync/cli/server-commands", Fixture, NULL, fixture_set_up, test_server_commands, fixture_tear_down);
  g_test_add ("/sync/cli/password-stdin", Fixture, NULL, fixture_set_up, test_password_stdin, fixture_tear_down);
  g_test_add ("/sync/cli/sync-once", Fixture, NULL, fixture_set_up, test_sync_once, fixture_tear_down);
  g_test_add ("/sync/cli/sync-unreachable", Fixture, NULL, fixture_set_up, test_sync_unreachable, fixture_tear_down);
  g_test_add ("/sync/cli/sync-file", Fixture, NULL, fixture_set_up, test_sync_file_cli, fixture_tear_down);

  return g_test_run ();
}
