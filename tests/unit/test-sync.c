/* test-sync.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parts of sync that need no server: addresses, secrets, timing and
 * back-off, how each answer is read, OpenRosa XML from outside, sync
 * files, and the outbox's next attempt.
 */

#include "config.h"

#include "lalan-openrosa-client.h"
#include "lalan-openrosa.h"
#include "lalan-outbox.h"
#include "lalan-paths.h"
#include "lalan-store.h"
#include "lalan-sync-error.h"
#include "lalan-sync-file.h"
#include "lalan-sync-secret.h"
#include "lalan-sync-server.h"
#include "lalan-sync-timing.h"
#include "lalan-test.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#define TOKEN "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb3dEf6hIj9kLm2n"

static LalanStore *
open_store_in (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "lalan.db", NULL);
  LalanStore *store = lalan_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static char *
instance_xml (const char *instance_id,
              const char *answer)
{
  return g_strdup_printf ("<?xml version='1.0' ?><data xmlns:orx=\"http://openrosa.org/xforms\" "
                          "id=\"lalan_household\" version=\"2026112801\"><note>%s</note>"
                          "<orx:meta><orx:instanceID>%s</orx:instanceID></orx:meta></data>",
                          answer, instance_id);
}

static void
add_record (LalanStore *store,
            const char *instance_id,
            const char *answer)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = instance_xml (instance_id, answer);
  g_autoptr(LalanRecord) draft = NULL;
  g_autoptr(LalanRecord) finalized = NULL;

  draft = lalan_store_save_draft (store, instance_id, "lalan_household", "2026112801", xml, answer, NULL, &error);
  g_assert_no_error (error);
  finalized = lalan_store_finalize_record (store, instance_id, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Addresses ------------------------------------------------------------- */

static void
test_server_token_url (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanSyncServer) server = NULL;
  g_autofree char *form_list = NULL;

  server = lalan_sync_server_new ("  https://central.example.org/v1/key/" TOKEN "/projects/7/  ", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lalan_sync_server_get_kind (server), ==, LALAN_SYNC_SERVER_TOKEN);
  g_assert_cmpstr (lalan_sync_server_get_base_url (server), ==,
                   "https://central.example.org/v1/key/" TOKEN "/projects/7");
  g_assert_cmpstr (lalan_sync_server_get_public_url (server), ==, "https://central.example.org/v1/key/…/projects/7");
  g_assert_cmpstr (lalan_sync_server_get_password (server), ==, TOKEN);
  g_assert_null (lalan_sync_server_get_username (server));
  form_list = lalan_sync_server_build_url (server, "formList");
  g_assert_cmpstr (form_list, ==, "https://central.example.org/v1/key/" TOKEN "/projects/7/formList");
  g_clear_pointer (&server, lalan_sync_server_unref);

  /* The address of the form list, pasted whole, and a port. */
  server = lalan_sync_server_new ("https://inventory.example.tw:8443/v1/key/" TOKEN "/projects/1/formList",
                                  NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lalan_sync_server_get_public_url (server), ==, "https://inventory.example.tw:8443/v1/key/…/projects/1");
}

static void
test_server_password_url (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanSyncServer) server = NULL;

  server = lalan_sync_server_new ("https://kc.kobotoolbox.org/cip_survey", "volunteer", "pass word", &error);
  g_assert_no_error (error);
  g_assert_cmpint (lalan_sync_server_get_kind (server), ==, LALAN_SYNC_SERVER_PASSWORD);
  g_assert_cmpstr (lalan_sync_server_get_base_url (server), ==, "https://kc.kobotoolbox.org/cip_survey");
  g_assert_cmpstr (lalan_sync_server_get_public_url (server), ==, "https://kc.kobotoolbox.org/cip_survey");
  g_assert_cmpstr (lalan_sync_server_get_username (server), ==, "volunteer");
  g_assert_cmpstr (lalan_sync_server_get_password (server), ==, "pass word");
  g_clear_pointer (&server, lalan_sync_server_unref);

  /* No credentials at all: a server that asks for none. */
  server = lalan_sync_server_new ("https://open.example.org/", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (lalan_sync_server_has_secret (server));
}

static void
test_server_refused_urls (void)
{
  static const struct
  {
    const char *url;
    const char *user;
    const char *password;
  } refused[] = {
    { "", NULL, NULL },
    { "not an address", NULL, NULL },
    { "http://central.example.org/v1/key/" TOKEN "/projects/1", NULL, NULL },
    { "ftp://central.example.org/v1/key/" TOKEN "/projects/1", NULL, NULL },
    { "https://me:secret@central.example.org/v1/projects/1", NULL, NULL },
    { "https://central.example.org/v1/projects/1?x=1", NULL, NULL },
    { "https://central.example.org/v1/projects/1", "me", NULL },
    { "https://central.example.org/v1/projects/1", NULL, "secret" },
    { "https://central.example.org/v1/key/" TOKEN "/projects/1", "me", "secret" },
    { "https://central.example.org/v1/key/bad<token>/projects/1", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LalanSyncServer) server = lalan_sync_server_new (refused[i].url, refused[i].user,
                                                                 refused[i].password, &error);

      g_assert_null (server);
      g_assert_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_INVALID_URL);
      /* A sentence, never the token. */
      g_assert_null (strstr (error->message, TOKEN));
      g_assert_cmpuint (strlen (error->message), >, 20);
    }

  /* Plain http only for this computer. */
  for (guint i = 0; i < 3; i++)
    {
      static const char * const loopback[] = {
        "http://127.0.0.1:8383/v1/key/" TOKEN "/projects/1",
        "http://localhost:8383/v1/key/" TOKEN "/projects/1",
        "http://[::1]:8383/v1/key/" TOKEN "/projects/1",
      };
      g_autoptr(GError) error = NULL;
      g_autoptr(LalanSyncServer) server = lalan_sync_server_new (loopback[i], NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (server);
    }
}

/* Secrets: in the private file without a keyring, never in the database. */
static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;

  for (gsize i = 0; i + strlen (needle) <= length; i++)
    if (memcmp (contents + i, needle, strlen (needle)) == 0)
      return TRUE;

  return FALSE;
}

static void
test_server_saved_without_keyring (void)
{
  g_autofree char *dir = lalan_test_make_tmp_dir ("sync-secret");
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(LalanSyncServer) server = NULL;
  g_autoptr(LalanSyncServer) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret_path = NULL;
  g_autofree char *db_path = g_build_filename (dir, "lalan.db", NULL);
  g_autofree char *wal_path = g_build_filename (dir, "lalan.db-wal", NULL);
  g_autofree char *url = NULL;
  LalanSecretPlace place;
  GStatBuf buf;

  /* The data folder of this test, and no keyring even if the machine
   * running the test has one. */
  g_setenv ("LALAN_SECRET_STORE", "file", TRUE);
  lalan_paths_set_data_dir_override (dir);
  g_assert_false (lalan_sync_secret_keyring_available ());

  store = open_store_in (dir);
  server = lalan_sync_server_new ("https://central.example.org/v1/key/" TOKEN "/projects/3", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (lalan_sync_server_save (server, store, &place, &error));
  g_assert_no_error (error);
  g_assert_cmpint (place, ==, LALAN_SECRET_PLACE_FILE);

  secret_path = lalan_sync_secret_get_file_path ();
  g_assert_true (g_str_has_prefix (secret_path, dir));
  g_assert_cmpint (g_stat (secret_path, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0600);
  g_assert_true (file_contains (secret_path, TOKEN));

  /* The database holds the address without the token. */
  url = lalan_sync_server_load_public_url (store, NULL, &error);
  g_assert_cmpstr (url, ==, "https://central.example.org/v1/key/…/projects/3");
  lalan_store_close (store);
  g_assert_false (file_contains (db_path, TOKEN));
  g_assert_false (file_contains (wal_path, TOKEN));
  g_clear_object (&store);

  store = open_store_in (dir);
  loaded = lalan_sync_server_load (store, &place, &error);
  g_assert_no_error (error);
  g_assert_cmpint (place, ==, LALAN_SECRET_PLACE_FILE);
  g_assert_cmpstr (lalan_sync_server_get_base_url (loaded), ==, lalan_sync_server_get_base_url (server));
  g_clear_pointer (&loaded, lalan_sync_server_unref);

  /* A secret file others can read is not used. */
  g_chmod (secret_path, 0644);
  loaded = lalan_sync_server_load (store, NULL, &error);
  g_assert_null (loaded);
  g_assert_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_NO_KEYRING);
  g_clear_error (&error);
  g_chmod (secret_path, 0600);

  /* Forgotten: no address, no file. */
  g_assert_true (lalan_sync_server_forget (store, &error));
  g_assert_false (g_file_test (secret_path, G_FILE_TEST_EXISTS));
  loaded = lalan_sync_server_load (store, NULL, &error);
  g_assert_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_NOT_CONFIGURED);

  lalan_store_close (store);
  lalan_paths_set_data_dir_override (lalan_test_get_data_dir ());
  lalan_test_remove_tree (dir);
}

/* A session without a bus: straight to the file, no waiting. */
static void
test_no_session_bus (void)
{
  g_autofree char *saved_address = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  g_autofree char *saved_runtime = g_strdup (g_getenv ("XDG_RUNTIME_DIR"));
  g_autofree char *empty = lalan_test_make_tmp_dir ("sync-runtime");
  gint64 start;

  g_unsetenv ("LALAN_SECRET_STORE");
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_setenv ("XDG_RUNTIME_DIR", empty, TRUE);

  start = g_get_monotonic_time ();
  g_assert_false (lalan_sync_secret_keyring_available ());
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  g_setenv ("LALAN_SECRET_STORE", "file", TRUE);
  if (saved_address != NULL)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", saved_address, TRUE);
  if (saved_runtime != NULL)
    g_setenv ("XDG_RUNTIME_DIR", saved_runtime, TRUE);
  else
    g_unsetenv ("XDG_RUNTIME_DIR");
  lalan_test_remove_tree (empty);
}

/* Timing ------------------------------------------------------------------ */

static void
test_production_timing (void)
{
  LalanSyncTiming timing;

  lalan_sync_timing_get_production (&timing);

  /* From 60 s, doubling, capped at 30 minutes, jitter on top. */
  g_assert_cmpint (lalan_sync_timing_get_backoff (&timing, 1, 0.0), ==, 60 * G_USEC_PER_SEC);
  g_assert_cmpint (lalan_sync_timing_get_backoff (&timing, 2, 0.0), ==, 120 * G_USEC_PER_SEC);
  g_assert_cmpint (lalan_sync_timing_get_backoff (&timing, 3, 0.0), ==, 240 * G_USEC_PER_SEC);
  g_assert_cmpint (lalan_sync_timing_get_backoff (&timing, 5, 0.0), ==, 960 * G_USEC_PER_SEC);
  g_assert_cmpint (lalan_sync_timing_get_backoff (&timing, 6, 0.0), ==, 1800 * G_USEC_PER_SEC);
  g_assert_cmpint (lalan_sync_timing_get_backoff (&timing, 1000, 0.0), ==, 1800 * G_USEC_PER_SEC);
  g_assert_cmpint (lalan_sync_timing_get_backoff (&timing, 1000, 0.99), ==, 1800 * G_USEC_PER_SEC);
  g_assert_cmpint (lalan_sync_timing_get_backoff (&timing, 1, 0.5), ==, 67500 * 1000);
  g_assert_cmpint (lalan_sync_timing_get_backoff (&timing, 1, 0.999), <=, 75 * G_USEC_PER_SEC);

  /* Jitter spreads records that failed together. */
  {
    g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
    gint64 values[50];

    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      {
        values[i] = lalan_sync_timing_get_backoff (&timing, 2, g_random_double ());
        g_assert_cmpint (values[i], >=, 120 * G_USEC_PER_SEC);
        g_assert_cmpint (values[i], <=, 150 * G_USEC_PER_SEC);
        g_hash_table_add (seen, &values[i]);
      }
    g_assert_cmpuint (g_hash_table_size (seen), >, 40);
  }

  /* Connect and stall limits always set; a large record gets longer. */
  g_assert_cmpint (timing.connect_timeout_ms, ==, 30000);
  g_assert_cmpint (timing.stall_time_ms, ==, 60000);
  g_assert_cmpuint (timing.stall_bytes_per_second, >, 0);
  g_assert_cmpint (lalan_sync_timing_get_request_timeout (&timing, 0), ==, 120000);
  g_assert_cmpint (lalan_sync_timing_get_request_timeout (&timing, 10 * 1024 * 1024), >, 10000 * 1000);
}

static void
test_timing_spec (void)
{
  g_autoptr(GError) error = NULL;
  LalanSyncTiming timing;

  lalan_sync_timing_get_production (&timing);
  g_assert_true (lalan_sync_timing_parse ("connect=2000, backoff=100,cap=900,parallel=2", &timing, &error));
  g_assert_no_error (error);
  g_assert_cmpint (timing.connect_timeout_ms, ==, 2000);
  g_assert_cmpint (timing.backoff_base_ms, ==, 100);
  g_assert_cmpint (timing.backoff_cap_ms, ==, 900);
  g_assert_cmpuint (timing.parallel, ==, 2);
  g_assert_cmpint (timing.stall_time_ms, ==, 60000);

  g_assert_false (lalan_sync_timing_parse ("connect=soon", &timing, &error));
  g_assert_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (lalan_sync_timing_parse ("warp=9", &timing, &error));
  g_clear_error (&error);
  g_assert_false (lalan_sync_timing_parse ("parallel=0", &timing, &error));
}

/* Reading answers ------------------------------------------------------- */

#define OK_BODY "<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\" items=\"0\">" \
                "<message nature=\"\">full submission upload was successful!</message></OpenRosaResponse>"
#define CONFLICT_BODY "<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\">" \
                      "<message nature=\"error\">A submission already exists with this ID.</message></OpenRosaResponse>"
#define PORTAL_BODY "<!DOCTYPE html><html><body><form action=\"/login\"><input name=\"phone\"></form></body></html>"

static void
test_classify (void)
{
  static const struct
  {
    long                  status;
    gboolean              header;
    const char           *body;
    LalanOpenRosaVerdict  verdict;
    const char           *code;
  } cases[] = {
    { 201, TRUE, OK_BODY, LALAN_OPENROSA_SENT, "sent" },
    { 202, TRUE, OK_BODY, LALAN_OPENROSA_SENT, "sent" },
    { 202, FALSE, OK_BODY, LALAN_OPENROSA_SENT, "sent" },
    { 200, FALSE, PORTAL_BODY, LALAN_OPENROSA_PAUSE, "captive" },
    { 200, TRUE, OK_BODY, LALAN_OPENROSA_PAUSE, "captive" },
    { 201, TRUE, NULL, LALAN_OPENROSA_PAUSE, "captive" },
    { 204, TRUE, NULL, LALAN_OPENROSA_PAUSE, "captive" },
    { 302, FALSE, NULL, LALAN_OPENROSA_PAUSE, "captive" },
    { 401, TRUE, NULL, LALAN_OPENROSA_PAUSE, "auth" },
    { 403, TRUE, NULL, LALAN_OPENROSA_PAUSE, "auth" },
    { 409, TRUE, CONFLICT_BODY, LALAN_OPENROSA_REFUSED, "http-409" },
    { 409, FALSE, NULL, LALAN_OPENROSA_REFUSED, "http-409" },
    { 404, TRUE, NULL, LALAN_OPENROSA_REFUSED, "http-404" },
    { 413, TRUE, NULL, LALAN_OPENROSA_REFUSED, "too-large" },
    { 400, TRUE, CONFLICT_BODY, LALAN_OPENROSA_REFUSED, "refused" },
    { 400, FALSE, PORTAL_BODY, LALAN_OPENROSA_RETRY, "bad-answer" },
    { 408, TRUE, NULL, LALAN_OPENROSA_RETRY, "bad-answer" },
    { 429, TRUE, NULL, LALAN_OPENROSA_RETRY, "bad-answer" },
    { 500, TRUE, NULL, LALAN_OPENROSA_RETRY, "server-error" },
    { 502, FALSE, PORTAL_BODY, LALAN_OPENROSA_RETRY, "server-error" },
    { 503, TRUE, CONFLICT_BODY, LALAN_OPENROSA_RETRY, "server-error" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LalanOpenRosaResult result;

      lalan_openrosa_classify_submission (cases[i].status, cases[i].header, cases[i].body,
                                          cases[i].body != NULL ? strlen (cases[i].body) : 0,
                                          1000000, 5000, &result);
      if (result.verdict != cases[i].verdict || g_strcmp0 (result.code, cases[i].code) != 0)
        g_error ("status %ld: verdict %d code %s, expected %d %s", cases[i].status, result.verdict, result.code,
                 cases[i].verdict, cases[i].code);

      /* Every outcome but success says something, in a sentence: no
       * status number, no page. */
      if (result.verdict != LALAN_OPENROSA_SENT)
        {
          g_autofree char *status = g_strdup_printf ("%ld", cases[i].status);

          g_assert_nonnull (result.message);
          g_assert_null (strstr (result.message, status));
          g_assert_null (strstr (result.message, "<"));
          g_assert_null (strstr (result.message, "Welcome"));
        }
      if (result.verdict == LALAN_OPENROSA_PAUSE || result.verdict == LALAN_OPENROSA_RETRY)
        g_assert_true (result.error != NULL && result.error->domain == LALAN_SYNC_ERROR);
      if (cases[i].status == 409 && cases[i].body != NULL)
        g_assert_nonnull (strstr (result.message, "A submission already exists with this ID."));
      if (cases[i].verdict == LALAN_OPENROSA_SENT)
        g_assert_cmpstr (result.server_message, ==, "full submission upload was successful!");

      lalan_openrosa_result_clear (&result);
    }
}

/* OpenRosa XML from outside ------------------------------------------------ */

static void
test_form_list (void)
{
  static const char list[] =
    "<?xml version='1.0' encoding='UTF-8'?>"
    "<xforms xmlns=\"http://openrosa.org/xforms/xformsList\">"
    "<xform><formID>lalan_household</formID><name>家戶</name><version>2026112801</version>"
    "<hash>md5:0123456789abcdef0123456789abcdef</hash>"
    "<downloadUrl>https://s.example/v1/projects/1/forms/lalan_household.xml</downloadUrl></xform>"
    "<xform><formID>broken</formID></xform>"
    "<xform><formID>lalan_community</formID><downloadUrl>https://s.example/c.xml</downloadUrl></xform>"
    "</xforms>";
  static const char bomb[] =
    "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>"
    "<xforms xmlns=\"http://openrosa.org/xforms/xformsList\"><xform><formID>&lol2;</formID>"
    "<downloadUrl>https://s.example/x.xml</downloadUrl></xform></xforms>";
  static const char external[] =
    "<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"http://evil.example/x.dtd\"><xforms/>";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) forms = lalan_openrosa_parse_form_list (list, strlen (list), &error);
  LalanOpenRosaForm *form;

  g_assert_no_error (error);
  g_assert_cmpuint (forms->len, ==, 2);
  form = g_ptr_array_index (forms, 0);
  g_assert_cmpstr (form->form_id, ==, "lalan_household");
  g_assert_cmpstr (form->name, ==, "家戶");
  g_assert_cmpstr (form->version, ==, "2026112801");
  g_assert_cmpstr (form->hash, ==, "md5:0123456789abcdef0123456789abcdef");
  form = g_ptr_array_index (forms, 1);
  g_assert_null (form->version);
  g_clear_pointer (&forms, g_ptr_array_unref);

  /* Entities, DTDs, a page, nothing: not a form list. */
  forms = lalan_openrosa_parse_form_list (bomb, strlen (bomb), &error);
  g_assert_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_NOT_OPENROSA);
  g_clear_error (&error);
  forms = lalan_openrosa_parse_form_list (external, strlen (external), &error);
  g_assert_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_NOT_OPENROSA);
  g_clear_error (&error);
  forms = lalan_openrosa_parse_form_list (PORTAL_BODY, strlen (PORTAL_BODY), &error);
  g_assert_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_NOT_OPENROSA);
  g_clear_error (&error);
  forms = lalan_openrosa_parse_form_list ("", 0, &error);
  g_assert_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_NOT_OPENROSA);
}

static void
test_answer_and_messages (void)
{
  static const char noisy[] =
    "<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\"><message>  Line one\n\n\tline\r two "
    "&lt;b&gt;bold&lt;/b&gt;  </message></OpenRosaResponse>";
  g_autofree char *message = NULL;
  g_autofree char *long_message = NULL;
  g_autofree char *cleaned = NULL;
  GString *huge = g_string_new (NULL);

  g_assert_true (lalan_openrosa_parse_answer (OK_BODY, strlen (OK_BODY), &message));
  g_assert_cmpstr (message, ==, "full submission upload was successful!");
  g_clear_pointer (&message, g_free);

  g_assert_true (lalan_openrosa_parse_answer (noisy, strlen (noisy), &message));
  g_assert_cmpstr (message, ==, "Line one line two bbold/b");
  g_clear_pointer (&message, g_free);

  g_assert_false (lalan_openrosa_parse_answer (PORTAL_BODY, strlen (PORTAL_BODY), &message));
  g_assert_null (message);
  g_assert_false (lalan_openrosa_parse_answer (NULL, 0, &message));

  for (guint i = 0; i < 2000; i++)
    g_string_append (huge, "言");
  long_message = g_string_free (huge, FALSE);
  cleaned = lalan_openrosa_clean_message (long_message);
  g_assert_cmpuint (g_utf8_strlen (cleaned, -1), ==, 401);
  g_assert_true (g_str_has_suffix (cleaned, "…"));
  g_assert_null (lalan_openrosa_clean_message ("  \n\t "));
}

static void
test_instance_meta (void)
{
  g_autofree char *xml = instance_xml ("uuid:edit-1", "changed");
  g_autofree char *with = NULL;
  g_autofree char *again = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *form_id = NULL;
  g_autofree char *version = NULL;
  g_autofree char *instance_id = NULL;
  g_autofree char *deprecated_id = NULL;

  g_assert_true (lalan_openrosa_read_instance_meta (xml, &form_id, &version, &instance_id, &deprecated_id));
  g_assert_cmpstr (form_id, ==, "lalan_household");
  g_assert_cmpstr (version, ==, "2026112801");
  g_assert_cmpstr (instance_id, ==, "uuid:edit-1");
  g_assert_null (deprecated_id);

  with = lalan_openrosa_ensure_deprecated_id (xml, "uuid:original-1");
  g_assert_nonnull (with);
  g_clear_pointer (&instance_id, g_free);
  g_assert_true (lalan_openrosa_read_instance_meta (with, NULL, NULL, &instance_id, &deprecated_id));
  g_assert_cmpstr (instance_id, ==, "uuid:edit-1");
  g_assert_cmpstr (deprecated_id, ==, "uuid:original-1");
  /* In the meta's namespace, like the forms engine writes it. */
  g_assert_nonnull (strstr (with, "<orx:deprecatedID>uuid:original-1</orx:deprecatedID>"));

  /* Already there: nothing changes, so a resend has the same bytes. */
  again = lalan_openrosa_ensure_deprecated_id (with, "uuid:original-1");
  g_assert_null (again);
  replaced = lalan_openrosa_ensure_deprecated_id (with, "uuid:original-2");
  g_assert_nonnull (strstr (replaced, "uuid:original-2"));
  g_assert_null (strstr (replaced, "uuid:original-1"));
}

/* The outbox's clock -------------------------------------------------------- */

static void
test_next_attempt (void)
{
  g_autofree char *dir = lalan_test_make_tmp_dir ("sync-next");
  g_autoptr(LalanStore) store = open_store_in (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *edit_xml = instance_xml ("uuid:n-edit", "e");
  gint64 later = g_get_real_time () + (gint64) 3600 * G_USEC_PER_SEC;
  gint64 next;
  gboolean imported;

  g_assert_true (lalan_store_get_next_attempt_time (store, &next, &error));
  g_assert_cmpint (next, ==, 0);

  add_record (store, "uuid:n-1", "one");
  g_assert_true (lalan_store_get_next_attempt_time (store, &next, &error));
  g_assert_cmpint (next, >, 0);
  g_assert_cmpint (next, <=, g_get_real_time ());

  g_assert_true (lalan_store_record_send_failure (store, "uuid:n-1", "network", "The network failed.", later, &error));
  g_assert_true (lalan_store_get_next_attempt_time (store, &next, &error));
  g_assert_cmpint (next, ==, later);

  /* An edit of an unsent record waits for it, and does not wake anyone. */
  g_assert_true (lalan_store_import_record (store, "uuid:n-edit", "lalan_household", "2026112801", edit_xml,
                                            NULL, "uuid:n-1", 0, NULL, &imported, &error));
  g_assert_true (lalan_store_get_next_attempt_time (store, &next, &error));
  g_assert_cmpint (next, ==, later);
  g_assert_cmpint (lalan_outbox_get_next_attempt (store, &error), ==, later);

  g_assert_true (lalan_store_mark_sent (store, "uuid:n-1", "ok", &error));
  g_assert_true (lalan_store_get_next_attempt_time (store, &next, &error));
  g_assert_cmpint (next, <=, g_get_real_time ());

  g_assert_cmpint (lalan_outbox_get_last_contact (store), ==, 0);
  g_assert_true (lalan_outbox_set_last_contact (store, 1234567, &error));
  g_assert_cmpint (lalan_outbox_get_last_contact (store), ==, 1234567);

  lalan_store_close (store);
  lalan_test_remove_tree (dir);
}

/* Sync files ------------------------------------------------------------ */

static void
fill_export_store (LalanStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) photo = g_bytes_new_static ("\x89PNG fake photo bytes", 21);
  g_autofree char *form_xml = NULL;

  add_record (store, "uuid:f-1", "first");
  {
    g_autofree char *xml = instance_xml ("uuid:f-2", "second");
    g_autoptr(LalanRecord) draft = lalan_store_save_draft (store, "uuid:f-2", "lalan_household", "2026112801",
                                                           xml, "second", NULL, &error);
    g_autoptr(LalanRecord) finalized = NULL;

    g_assert_no_error (error);
    g_assert_true (lalan_store_add_attachment (store, "uuid:f-2", "photo.png", "image/png", photo, &error));
    g_assert_no_error (error);
    finalized = lalan_store_finalize_record (store, "uuid:f-2", NULL, NULL, &error);
    g_assert_no_error (error);
  }
  add_record (store, "uuid:f-3", "third");

  /* A sent record and a draft do not travel. */
  add_record (store, "uuid:f-sent", "sent");
  g_assert_true (lalan_store_mark_sent (store, "uuid:f-sent", "ok", &error));
  {
    g_autofree char *xml = instance_xml ("uuid:f-draft", "draft");
    g_autoptr(LalanRecord) draft = lalan_store_save_draft (store, "uuid:f-draft", "lalan_household", "2026112801",
                                                           xml, NULL, NULL, &error);
    g_assert_no_error (error);
  }

  g_file_get_contents (lalan_test_source_path ("data/forms/lalan_household.xml"), &form_xml, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (lalan_store_register_form (store, "lalan_household", "2026112801", "md5:x", form_xml, "bundled",
                                            &error));
  g_assert_no_error (error);
}

static void
test_sync_file_round_trip (void)
{
  g_autofree char *dir_a = lalan_test_make_tmp_dir ("sync-a");
  g_autofree char *dir_b = lalan_test_make_tmp_dir ("sync-b");
  g_autofree char *file = g_build_filename (dir_a, "village.lalansync", NULL);
  g_autoptr(LalanStore) a = open_store_in (dir_a);
  g_autoptr(LalanStore) b = open_store_in (dir_b);
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanRecord) copy = NULL;
  g_autoptr(LalanRecord) original = NULL;
  g_autoptr(LalanAttachment) photo = NULL;
  g_autoptr(GPtrArray) forms = NULL;
  LalanSyncFileImport result;
  guint n_records = 0;

  fill_export_store (a);

  g_assert_true (lalan_sync_file_export (a, file, &n_records, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_records, ==, 3);

  /* The exporting computer marks nothing as sent. */
  g_assert_cmpuint (lalan_store_count_records (a, LALAN_RECORD_STATE_FINALIZED, NULL, NULL, &error), ==, 3);

  g_assert_true (lalan_sync_file_import (b, file, &result, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.n_records, ==, 3);
  g_assert_cmpuint (result.n_imported, ==, 3);
  g_assert_cmpuint (result.n_skipped, ==, 0);
  g_assert_cmpuint (result.n_forms, ==, 1);

  original = lalan_store_get_record (a, "uuid:f-2", &error);
  copy = lalan_store_get_record (b, "uuid:f-2", &error);
  g_assert_no_error (error);
  g_assert_cmpint (lalan_record_get_state (copy), ==, LALAN_RECORD_STATE_FINALIZED);
  g_assert_cmpstr (lalan_record_get_instance_xml (copy), ==, lalan_record_get_instance_xml (original));
  g_assert_cmpstr (lalan_record_get_summary (copy), ==, "second");
  g_assert_cmpint (lalan_record_get_finalized_at (copy), ==, lalan_record_get_finalized_at (original));
  photo = lalan_store_get_attachment (b, "uuid:f-2", "photo.png", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (photo->media_type, ==, "image/png");
  g_assert_cmpmem (g_bytes_get_data (photo->data, NULL), g_bytes_get_size (photo->data), "\x89PNG fake photo bytes", 21);
  forms = lalan_store_list_forms (b, FALSE, &error);
  g_assert_cmpuint (forms->len, ==, 1);
  g_assert_null (lalan_store_get_record (b, "uuid:f-sent", NULL));
  g_assert_null (lalan_store_get_record (b, "uuid:f-draft", NULL));

  /* Again: every instance id is known, nothing is added. */
  g_assert_true (lalan_sync_file_import (b, file, &result, NULL, &error));
  g_assert_cmpuint (result.n_imported, ==, 0);
  g_assert_cmpuint (result.n_skipped, ==, 3);
  g_assert_cmpuint (lalan_store_count_records (b, 0, NULL, NULL, &error), ==, 3);

  lalan_store_close (a);
  lalan_store_close (b);
  lalan_test_remove_tree (dir_a);
  lalan_test_remove_tree (dir_b);
}

/* Rewrites a zip, letting @change alter an entry's bytes, drop it, or add
 * one. */
typedef GBytes *(*ChangeFunc) (const char *name, GBytes *data);

static void
rewrite_zip (const char *from,
             const char *to,
             ChangeFunc  change,
             const char *extra_name)
{
  struct archive *in = archive_read_new ();
  struct archive *out = archive_write_new ();
  struct archive_entry *entry;

  archive_read_support_format_zip (in);
  g_assert_cmpint (archive_read_open_filename (in, from, 16384), ==, ARCHIVE_OK);
  archive_write_set_format_zip (out);
  g_assert_cmpint (archive_write_open_filename (out, to), ==, ARCHIVE_OK);

  while (archive_read_next_header (in, &entry) == ARCHIVE_OK)
    {
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      g_autoptr(GBytes) data = NULL;
      g_autoptr(GBytes) changed = NULL;
      g_autofree char *name = g_strdup (archive_entry_pathname (entry));
      char buffer[8192];
      la_ssize_t n;
      struct archive_entry *copy;

      while ((n = archive_read_data (in, buffer, sizeof buffer)) > 0)
        g_byte_array_append (bytes, (guint8 *) buffer, n);
      data = g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
      changed = change != NULL ? change (name, data) : g_bytes_ref (data);
      if (changed == NULL)
        continue;

      copy = archive_entry_new ();
      archive_entry_set_pathname (copy, name);
      archive_entry_set_filetype (copy, AE_IFREG);
      archive_entry_set_perm (copy, 0644);
      archive_entry_set_size (copy, g_bytes_get_size (changed));
      archive_write_header (out, copy);
      archive_write_data (out, g_bytes_get_data (changed, NULL), g_bytes_get_size (changed));
      archive_entry_free (copy);
    }

  if (extra_name != NULL)
    {
      struct archive_entry *extra = archive_entry_new ();

      archive_entry_set_pathname (extra, extra_name);
      archive_entry_set_filetype (extra, AE_IFREG);
      archive_entry_set_perm (extra, 0644);
      archive_entry_set_size (extra, 4);
      archive_write_header (out, extra);
      archive_write_data (out, "evil", 4);
      archive_entry_free (extra);
    }

  archive_write_close (out);
  archive_write_free (out);
  archive_read_free (in);
}

static GBytes *
change_answer_cb (const char *name,
                  GBytes     *data)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  g_autoptr(GString) changed = g_string_new (text);

  if (!g_str_has_suffix (name, "instance.xml"))
    return g_bytes_ref (data);

  g_string_replace (changed, "second", "SECOND", 0);
  g_string_replace (changed, "first", "FIRST", 0);
  return g_bytes_new (changed->str, changed->len);
}

static GBytes *
drop_photo_cb (const char *name,
               GBytes     *data)
{
  return strstr (name, "/files/") != NULL ? NULL : g_bytes_ref (data);
}

static GBytes *
swap_instance_cb (const char *name,
                  GBytes     *data)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  g_autoptr(GString) changed = g_string_new (text);

  if (g_str_equal (name, "manifest.json"))
    return g_bytes_ref (data);
  g_string_replace (changed, "uuid:f-1", "uuid:f-9", 0);
  return g_bytes_new (changed->str, changed->len);
}

/* The manifest rewritten with the hashes and sizes of the changed files,
 * as someone changing a file on purpose would do. */
static GHashTable *new_hashes;

static GBytes *
collect_hashes_cb (const char *name,
                   GBytes     *data)
{
  g_hash_table_insert (new_hashes, g_strdup (name),
                       g_strdup_printf ("%s %" G_GSIZE_FORMAT,
                                        g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data),
                                        g_bytes_get_size (data)));
  return g_bytes_ref (data);
}

static GBytes *
fix_manifest_cb (const char *name,
                 GBytes     *data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonArray *records;
  char *text;
  gsize length;

  if (!g_str_equal (name, "manifest.json"))
    return g_bytes_ref (data);

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (data, NULL), g_bytes_get_size (data), NULL));
  records = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "records");
  for (guint r = 0; r < json_array_get_length (records); r++)
    {
      JsonArray *files = json_object_get_array_member (json_array_get_object_element (records, r), "files");

      for (guint f = 0; f < json_array_get_length (files); f++)
        {
          JsonObject *file = json_array_get_object_element (files, f);
          const char *value = g_hash_table_lookup (new_hashes, json_object_get_string_member (file, "path"));
          g_auto(GStrv) parts = g_strsplit (value, " ", 2);

          json_object_set_string_member (file, "sha256", parts[0]);
          json_object_set_int_member (file, "size", g_ascii_strtoll (parts[1], NULL, 10));
        }
    }

  json_generator_set_root (generator, json_parser_get_root (parser));
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}

static void
assert_refused (LalanStore *store,
                const char *file)
{
  g_autoptr(GError) error = NULL;
  LalanSyncFileImport result;

  g_assert_false (lalan_sync_file_import (store, file, &result, NULL, &error));
  g_assert_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_BAD_FILE);
  g_assert_nonnull (strstr (error->message, "nothing from it was added"));
  g_assert_cmpuint (lalan_store_count_records (store, 0, NULL, NULL, NULL), ==, 0);
}

static void
test_sync_file_refused (void)
{
  g_autofree char *dir_a = lalan_test_make_tmp_dir ("sync-a");
  g_autofree char *dir_c = lalan_test_make_tmp_dir ("sync-c");
  g_autofree char *file = g_build_filename (dir_a, "village.lalansync", NULL);
  g_autofree char *tampered = g_build_filename (dir_a, "tampered.lalansync", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(LalanStore) a = open_store_in (dir_a);
  g_autoptr(LalanStore) c = open_store_in (dir_c);
  g_autoptr(GError) error = NULL;
  gsize length;

  fill_export_store (a);
  g_assert_true (lalan_sync_file_export (a, file, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Answers changed after the file was made. */
  rewrite_zip (file, tampered, change_answer_cb, NULL);
  assert_refused (c, tampered);

  /* A photo taken out. */
  rewrite_zip (file, tampered, drop_photo_cb, NULL);
  assert_refused (c, tampered);

  /* Something slipped in, and a path out of the file. */
  rewrite_zip (file, tampered, NULL, "records/0/extra.txt");
  assert_refused (c, tampered);
  rewrite_zip (file, tampered, NULL, "../../outside.txt");
  assert_refused (c, tampered);

  /* Cut short, as a USB stick pulled out too early. */
  g_file_get_contents (file, &contents, &length, &error);
  g_file_set_contents (tampered, contents, length * 2 / 3, &error);
  assert_refused (c, tampered);

  /* Not a sync file at all. */
  g_file_set_contents (tampered, "hello", 5, &error);
  assert_refused (c, tampered);

  /* A record's XML swapped for another record's, hashes made to agree. */
  {
    g_autofree char *swapped = g_build_filename (dir_a, "swapped.lalansync", NULL);
    g_autofree char *fixed = g_build_filename (dir_a, "fixed.lalansync", NULL);

    new_hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    rewrite_zip (file, swapped, swap_instance_cb, NULL);
    rewrite_zip (swapped, tampered, collect_hashes_cb, NULL);
    rewrite_zip (swapped, fixed, fix_manifest_cb, NULL);
    g_clear_pointer (&new_hashes, g_hash_table_unref);
    /* Every hash agrees with the changed files, but the record's own XML
     * no longer names the manifest's record. */
    assert_refused (c, fixed);
  }

  /* The untouched file still imports. */
  g_assert_true (lalan_sync_file_import (c, file, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lalan_store_count_records (c, 0, NULL, NULL, NULL), ==, 3);

  lalan_store_close (a);
  lalan_store_close (c);
  lalan_test_remove_tree (dir_a);
  lalan_test_remove_tree (dir_c);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LALAN_SECRET_STORE", "file", TRUE);
  lalan_test_init (&argc, &argv);

  g_test_add_func ("/sync/server/token-url", test_server_token_url);
  g_test_add_func ("/sync/server/password-url", test_server_password_url);
  g_test_add_func ("/sync/server/refused-urls", test_server_refused_urls);
  g_test_add_func ("/sync/secret/file-without-keyring", test_server_saved_without_keyring);
  g_test_add_func ("/sync/secret/no-session-bus", test_no_session_bus);
  g_test_add_func ("/sync/timing/production", test_production_timing);
  g_test_add_func ("/sync/timing/spec", test_timing_spec);
  g_test_add_func ("/sync/openrosa/classify", test_classify);
  g_test_add_func ("/sync/openrosa/form-list", test_form_list);
  g_test_add_func ("/sync/openrosa/answers", test_answer_and_messages);
  g_test_add_func ("/sync/openrosa/instance-meta", test_instance_meta);
  g_test_add_func ("/sync/outbox/next-attempt", test_next_attempt);
  g_test_add_func ("/sync/file/round-trip", test_sync_file_round_trip);
  g_test_add_func ("/sync/file/refused", test_sync_file_refused);

  return g_test_run ();
}
