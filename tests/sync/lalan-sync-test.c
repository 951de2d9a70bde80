/* lalan-sync-test.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-sync-test.h"

#include "lalan-inventory-test.h"
#include "lalan-openrosa.h"
#include "lalan-test.h"

#include <curl/curl.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>

/**
 * lalan_sync_test_init:
 *
 * lalan_test_init(), plus curl, the short test timing, secrets kept in
 * files (tests never touch a keyring), and English.
 */
void
lalan_sync_test_init (int    *argc,
                      char ***argv)
{
  g_setenv ("LALAN_SYNC_TEST_TIMING", LALAN_SYNC_TEST_TIMING, TRUE);
  g_setenv ("LALAN_SECRET_STORE", "file", TRUE);
  /* The CLI's sentences are checked in English (it falls back to zh_TW). */
  g_setenv ("LANGUAGE", "en", TRUE);
  lalan_test_init (argc, argv);
  curl_global_init (CURL_GLOBAL_DEFAULT);
}

/**
 * lalan_sync_test_open_store:
 * @data_dir: (nullable): a data folder, or %NULL for the test's own
 *
 * Returns: (transfer full): the store of that folder
 */
LalanStore *
lalan_sync_test_open_store (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (data_dir != NULL ? data_dir : lalan_test_get_data_dir (),
                                            "lalan.db", NULL);
  LalanStore *store = lalan_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

/**
 * lalan_sync_test_add_record:
 *
 * Makes a finalized record as the forms engine does: a draft, then
 * finalized.
 */
void
lalan_sync_test_add_record (LalanStore *store,
                            const char *instance_id,
                            const char *form_id,
                            const char *version,
                            const char *xml)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanRecord) draft = NULL;
  g_autoptr(LalanRecord) finalized = NULL;
  g_autofree char *summary = g_strdup_printf ("%s %s", form_id, instance_id + strlen ("uuid:"));

  draft = lalan_store_save_draft (store, instance_id, form_id, version, xml, summary, NULL, &error);
  g_assert_no_error (error);
  finalized = lalan_store_finalize_record (store, instance_id, NULL, NULL, &error);
  g_assert_no_error (error);
}

/**
 * lalan_sync_test_add_household:
 * @store: a store
 * @seed: varies the answers
 * @instance_id: (nullable): the id, or %NULL for a new one
 *
 * Returns: (transfer full): the instance id of a new finalized household
 *   record, the size of a real one
 */
char *
lalan_sync_test_add_household (LalanStore *store,
                               guint       seed,
                               const char *instance_id)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *id = instance_id != NULL ? g_strdup (instance_id) : g_strconcat ("uuid:", uuid, NULL);
  g_autofree char *xml = lalan_inventory_test_household_xml (id, "10015110", seed);
  g_autofree char *version = NULL;

  /* The version the server's fixture writes, whatever it is now. */
  g_assert_true (lalan_openrosa_read_instance_meta (xml, NULL, &version, NULL, NULL));
  lalan_sync_test_add_record (store, id, "lalan_household", version, xml);
  return g_steal_pointer (&id);
}

/**
 * lalan_sync_test_household_version:
 *
 * Returns: (transfer none): the version of the bundled household form, as
 *   published on the test servers
 */
const char *
lalan_sync_test_household_version (void)
{
  static char *version;

  if (version == NULL)
    {
      g_autofree char *xml = NULL;
      g_autoptr(GRegex) regex = g_regex_new ("id=\"lalan_household\" version=\"([0-9]+)\"", 0, 0, NULL);
      g_autoptr(GMatchInfo) match = NULL;

      g_assert_true (g_file_get_contents (lalan_test_source_path ("data/forms/lalan_household.xml"), &xml, NULL, NULL));
      g_assert_true (g_regex_match (regex, xml, 0, &match));
      version = g_match_info_fetch (match, 1);
    }

  return version;
}

/**
 * lalan_sync_test_minimal_xml:
 *
 * Returns: (transfer full): a small instance of any form, with its meta
 */
char *
lalan_sync_test_minimal_xml (const char *form_id,
                             const char *version,
                             const char *instance_id,
                             const char *deprecated_id,
                             const char *answer)
{
  g_autofree char *deprecated = deprecated_id != NULL
                                ? g_strdup_printf ("<orx:deprecatedID>%s</orx:deprecatedID>", deprecated_id)
                                : g_strdup ("");

  return g_strdup_printf ("<?xml version='1.0' ?><data xmlns:orx=\"http://openrosa.org/xforms\" "
                          "id=\"%s\" version=\"%s\"><note>%s</note>"
                          "<orx:meta><orx:instanceID>%s</orx:instanceID>%s</orx:meta></data>",
                          form_id, version, answer != NULL ? answer : "", instance_id, deprecated);
}

char *
lalan_sync_test_token_url (const char *base_url,
                           const char *token)
{
  return g_strdup_printf ("%s/v1/key/%s/projects/1", base_url, token);
}

/**
 * lalan_sync_test_server_for:
 *
 * Returns: (transfer full): a sync server for lalan-inventory at
 *   @base_url with @token
 */
LalanSyncServer *
lalan_sync_test_server_for (const char *base_url,
                            const char *token)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = lalan_sync_test_token_url (base_url, token);
  LalanSyncServer *server = lalan_sync_server_new (url, NULL, NULL, &error);

  g_assert_no_error (error);
  return server;
}

/**
 * lalan_sync_test_proxy_start:
 * @upstream_url: "http://127.0.0.1:PORT" of the server
 * @first_arg: options of lalan-fault-proxy, ending with %NULL
 *
 * Returns: (transfer full): the proxy, listening
 */
LalanSyncTestProxy *
lalan_sync_test_proxy_start (const char *upstream_url,
                             const char *first_arg,
                             ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  LalanSyncTestProxy *proxy = g_new0 (LalanSyncTestProxy, 1);
  const char *upstream = strstr (upstream_url, "://");
  const char *binary = g_getenv ("LALAN_FAULT_PROXY");
  va_list ap;

  g_assert_nonnull (binary);
  g_assert_nonnull (upstream);

  g_ptr_array_add (args, g_strdup (binary));
  g_ptr_array_add (args, g_strdup ("--upstream"));
  g_ptr_array_add (args, g_strdup (upstream + 3));
  g_ptr_array_add (args, g_strdup ("--port"));
  g_ptr_array_add (args, g_strdup ("0"));
  g_ptr_array_add (args, g_strdup ("--lifetime"));
  g_ptr_array_add (args, g_strdup ("600"));
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (args, NULL);

  proxy->process = g_subprocess_newv ((const char * const *) args->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proxy->process));
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      if (g_str_has_prefix (line, "PORT "))
        {
          proxy->port = (guint) g_ascii_strtoull (line + 5, NULL, 10);
          break;
        }
    }

  g_assert_cmpuint (proxy->port, >, 0);
  proxy->url = g_strdup_printf ("http://127.0.0.1:%u", proxy->port);

  return proxy;
}

void
lalan_sync_test_proxy_signal (LalanSyncTestProxy *proxy,
                              int                 signal_number)
{
  g_subprocess_send_signal (proxy->process, signal_number);
  /* The proxy turns its faults off from its main loop: give it a moment. */
  g_usleep (100 * 1000);
}

void
lalan_sync_test_proxy_free (LalanSyncTestProxy *proxy)
{
  if (proxy == NULL)
    return;

  g_subprocess_force_exit (proxy->process);
  g_subprocess_wait (proxy->process, NULL, NULL);
  g_object_unref (proxy->process);
  g_free (proxy->url);
  g_free (proxy);
}

guint
lalan_sync_test_count_state (LalanStore       *store,
                             LalanRecordState  state)
{
  g_autoptr(GError) error = NULL;
  guint n = lalan_store_count_records (store, state, NULL, NULL, &error);

  g_assert_no_error (error);
  return n;
}
