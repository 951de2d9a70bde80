/* lalan-inventory-test.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-test.h"

#include "lalan-inventory-db.h"
#include "lalan-test.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <stdio.h>
#include <string.h>

/* Servers tests start: the real executable, spawned on 127.0.0.1 with
 * --listen 127.0.0.1:0, its port read from the line it logs when it
 * listens. Requests go through libcurl, a real HTTP client. */

static const char *
get_executable (void)
{
  const char *path = g_getenv ("LALAN_INVENTORY");

  g_assert_nonnull (path);
  return path;
}

const char *
lalan_inventory_test_data_path (const char *name)
{
  g_autofree char *relative = g_build_filename ("tests", "server", "data", name, NULL);

  return lalan_test_source_path (relative);
}

GBytes *
lalan_inventory_test_load (const char *name)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (lalan_inventory_test_data_path (name), &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

/**
 * lalan_inventory_test_cli:
 * @data_dir: the server's data folder
 * @out: (out) (optional): standard output
 * @err: (out) (optional): standard error
 * @first_arg: the command, such as "token"
 *
 * Runs `lalan-inventory --data-dir DATA_DIR ARGS...`.
 *
 * Returns: the exit status
 */
int
lalan_inventory_test_cli (const char  *data_dir,
                          char       **out,
                          char       **err,
                          const char  *first_arg,
                          ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_buf = NULL;
  g_autofree char *stderr_buf = NULL;
  int wait_status;
  va_list ap;

  g_ptr_array_add (args, (char *) get_executable ());
  g_ptr_array_add (args, (char *) "--data-dir");
  g_ptr_array_add (args, (char *) data_dir);
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &stdout_buf, &stderr_buf, &wait_status, &error);
  g_assert_no_error (error);

  if (out != NULL)
    *out = g_steal_pointer (&stdout_buf);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_buf);

  return WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

static char *
last_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);

  while (n > 0 && lines[n - 1][0] == '\0')
    n--;
  g_assert_cmpuint (n, >, 0);

  return g_strdup (lines[n - 1]);
}

/**
 * lalan_inventory_test_server_new:
 *
 * Makes a data folder with the test forms published and two tokens; the
 * server is started with lalan_inventory_test_server_start().
 *
 * Returns: (transfer full): the server, not running yet
 */
LalanInventoryTestServer *
lalan_inventory_test_server_new (void)
{
  LalanInventoryTestServer *server = g_new0 (LalanInventoryTestServer, 1);
  static const char * const forms[] = {
    "data/forms/lalan_household.xml", "data/forms/lalan_community.xml",
    "data/forms/lalan_measurement.xml", "data/forms/lalan_learning_report.xml",
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  server->data_dir = lalan_test_make_tmp_dir ("inventory");
  server->log_path = g_build_filename (server->data_dir, "server.log", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *form_out = NULL;

      g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, &form_out, NULL, "form", "publish",
                                                 lalan_test_source_path (forms[i]), NULL), ==, 0);
    }

  g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, &out, &err, "token", "create", "phone-01", NULL), ==, 0);
  server->token = last_line (out);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (lalan_inventory_test_cli (server->data_dir, &out, &err, "token", "create", "cip-staff",
                                             "--admin", NULL), ==, 0);
  server->admin_token = last_line (out);
  g_assert_cmpuint (strlen (server->token), ==, 48);
  g_assert_cmpuint (strlen (server->admin_token), ==, 48);

  return server;
}

char *
lalan_inventory_test_server_log (LalanInventoryTestServer *server)
{
  char *contents = NULL;

  if (!g_file_get_contents (server->log_path, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

/* A test that fails stops at once (g_error, an assertion): the server it
 * started must not outlive it, so the kernel kills it with its parent. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/**
 * lalan_inventory_test_server_start:
 * @server: a server
 * @first_arg: extra options, such as "--lessons-dir", ending with %NULL
 *
 * Starts the server and waits until it listens (10 s at most).
 */
void
lalan_inventory_test_server_start (LalanInventoryTestServer *server,
                                   const char               *first_arg,
                                   ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  va_list ap;

  g_assert_null (server->process);
  g_clear_pointer (&server->base_url, g_free);

  g_ptr_array_add (args, (char *) get_executable ());
  g_ptr_array_add (args, (char *) "--data-dir");
  g_ptr_array_add (args, server->data_dir);
  g_ptr_array_add (args, (char *) "--listen");
  g_ptr_array_add (args, (char *) "127.0.0.1:0");
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  /* The log is appended to, so a restarted server's lines follow the
   * first one's; only a "listening" line after this offset counts. */
  {
    g_autofree char *before = lalan_inventory_test_server_log (server);
    gsize offset = strlen (before);
    int fd = g_open (server->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);

    g_assert_cmpint (fd, >=, 0);
    g_subprocess_launcher_take_stdout_fd (launcher, fd);
    g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDERR_MERGE);
    g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
    server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
    g_assert_no_error (error);

    while (server->base_url == NULL)
      {
        g_autofree char *log = lalan_inventory_test_server_log (server);
        const char *found = strlen (log) > offset ? strstr (log + offset, "://127.0.0.1:") : NULL;

        if (found != NULL)
          {
            guint64 port = g_ascii_strtoull (found + strlen ("://127.0.0.1:"), NULL, 10);
            gboolean https = found - log >= 5 && strncmp (found - 5, "https", 5) == 0;

            g_assert_cmpuint (port, >, 0);
            server->base_url = g_strdup_printf ("%s://127.0.0.1:%" G_GUINT64_FORMAT, https ? "https" : "http", port);
            break;
          }
        if (g_subprocess_get_identifier (server->process) == NULL)
          g_error ("lalan-inventory exited at start:\n%s", log);
        if (g_get_monotonic_time () > deadline)
          g_error ("lalan-inventory did not start listening:\n%s", log);
        g_usleep (20000);
      }
  }
}

gboolean
lalan_inventory_test_server_running (LalanInventoryTestServer *server)
{
  return server->process != NULL && g_subprocess_get_identifier (server->process) != NULL;
}

/**
 * lalan_inventory_test_server_peak_rss:
 * @server: a running server
 *
 * Returns: the most memory the process has held (VmHWM), in kB
 */
guint64
lalan_inventory_test_server_peak_rss (LalanInventoryTestServer *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (server->process));
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);

  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);
}

static void
wait_for_exit (LalanInventoryTestServer *server)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&server->process);
}

/* Stops the server as systemd would (SIGTERM) and checks it stopped cleanly. */
void
lalan_inventory_test_server_stop (LalanInventoryTestServer *server)
{
  if (server->process == NULL)
    return;

  g_subprocess_send_signal (server->process, SIGTERM);
  {
    gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

    while (g_subprocess_get_identifier (server->process) != NULL && g_get_monotonic_time () < deadline)
      g_usleep (10000);
    if (g_subprocess_get_identifier (server->process) != NULL)
      {
        g_subprocess_force_exit (server->process);
        g_error ("lalan-inventory did not stop within 15 s of SIGTERM");
      }
  }
  {
    GSubprocess *process = g_object_ref (server->process);

    wait_for_exit (server);
    g_assert_true (g_subprocess_get_if_exited (process));
    g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
    g_object_unref (process);
  }
}

/* Kills the server with SIGKILL, as a power cut or the OOM killer would. */
void
lalan_inventory_test_server_kill (LalanInventoryTestServer *server)
{
  if (server->process == NULL)
    return;

  g_subprocess_force_exit (server->process);
  wait_for_exit (server);
}

char *
lalan_inventory_test_url (LalanInventoryTestServer *server,
                          const char               *tail)
{
  return g_strdup_printf ("%s/v1/key/%s/projects/1/%s", server->base_url, server->token, tail);
}

void
lalan_inventory_test_server_free (LalanInventoryTestServer *server)
{
  if (server == NULL)
    return;

  lalan_inventory_test_server_stop (server);
  if (g_getenv ("LALAN_TEST_KEEP") == NULL)
    lalan_test_remove_tree (server->data_dir);
  g_free (server->data_dir);
  g_free (server->log_path);
  g_free (server->base_url);
  g_free (server->token);
  g_free (server->admin_token);
  g_free (server);
}

/* HTTP ------------------------------------------------------------------------ */

void
lalan_inventory_test_global_init (void)
{
  curl_global_init (CURL_GLOBAL_DEFAULT);
}

static size_t
collect_body_cb (char   *data,
                 size_t  size,
                 size_t  n,
                 void   *user_data)
{
  g_byte_array_append (user_data, (const guint8 *) data, size * n);
  return size * n;
}

static size_t
collect_header_cb (char   *data,
                   size_t  size,
                   size_t  n,
                   void   *user_data)
{
  GHashTable *headers = user_data;
  g_autofree char *line = g_strndup (data, size * n);
  char *colon = strchr (line, ':');

  /* A new status line (after 100 Continue) starts a new set. */
  if (g_str_has_prefix (line, "HTTP/"))
    g_hash_table_remove_all (headers);
  else if (colon != NULL)
    {
      *colon = '\0';
      g_hash_table_replace (headers, g_ascii_strdown (g_strstrip (line), -1), g_strdup (g_strstrip (colon + 1)));
    }

  return size * n;
}

/**
 * lalan_inventory_test_request:
 * @method: "GET", "HEAD", "POST"...
 * @url: the URL, on 127.0.0.1
 * @headers: (nullable): extra header lines, %NULL-terminated
 * @body: (nullable): the request body
 *
 * Returns: (transfer full): the response; status 0 when there was none
 */
LalanInventoryTestResponse *
lalan_inventory_test_request (const char         *method,
                              const char         *url,
                              const char * const *headers,
                              GBytes             *body)
{
  LalanInventoryTestResponse *response = g_new0 (LalanInventoryTestResponse, 1);
  g_autoptr(GByteArray) received = g_byte_array_new ();
  struct curl_slist *list = NULL;
  CURL *curl = curl_easy_init ();
  curl_off_t uploaded = 0;

  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:") || g_str_has_prefix (url, "https://127.0.0.1:"));
  response->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; headers != NULL && headers[i] != NULL; i++)
    list = curl_slist_append (list, headers[i]);

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, collect_body_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, received);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, collect_header_cb);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, response->headers);
  curl_easy_setopt (curl, CURLOPT_PROXY, "");
  /* The tests' own certificate authority: verification stays on. */
  curl_easy_setopt (curl, CURLOPT_CAINFO, lalan_inventory_test_data_path ("test-cert.pem"));
  if (g_str_equal (method, "HEAD"))
    curl_easy_setopt (curl, CURLOPT_NOBODY, 1L);
  else if (g_str_equal (method, "POST"))
    {
      gsize size = 0;
      const void *data = body != NULL ? g_bytes_get_data (body, &size) : "";

      curl_easy_setopt (curl, CURLOPT_POST, 1L);
      curl_easy_setopt (curl, CURLOPT_POSTFIELDS, data);
      curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) size);
    }
  else if (!g_str_equal (method, "GET"))
    curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, method);

  if (curl_easy_perform (curl) == CURLE_OK)
    {
      curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &response->status);
      curl_easy_getinfo (curl, CURLINFO_TOTAL_TIME, &response->seconds);
    }
  curl_easy_getinfo (curl, CURLINFO_SIZE_UPLOAD_T, &uploaded);
  response->uploaded = uploaded;
  response->body = g_byte_array_free_to_bytes (g_steal_pointer (&received));

  curl_slist_free_all (list);
  curl_easy_cleanup (curl);

  /* Every answer of the server carries the OpenRosa version, as Central's do. */
  if (response->status != 0)
    g_assert_cmpstr (lalan_inventory_test_response_header (response, "X-OpenRosa-Version"), ==, "1.0");

  return response;
}

void
lalan_inventory_test_response_free (LalanInventoryTestResponse *response)
{
  if (response == NULL)
    return;

  g_clear_pointer (&response->headers, g_hash_table_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response);
}

const char *
lalan_inventory_test_response_header (LalanInventoryTestResponse *response,
                                      const char                 *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_hash_table_lookup (response->headers, lower);
}

char *
lalan_inventory_test_response_text (LalanInventoryTestResponse *response)
{
  gsize size;
  const char *data = g_bytes_get_data (response->body, &size);

  return g_strndup (data, size);
}

/* multipart ------------------------------------------------------------------ */

GByteArray *
lalan_inventory_test_multipart_new (void)
{
  return g_byte_array_new ();
}

void
lalan_inventory_test_multipart_add (GByteArray *body,
                                    const char *field,
                                    const char *filename,
                                    const char *content_type,
                                    const void *data,
                                    gsize       length)
{
  g_autoptr(GString) head = g_string_new ("--" LALAN_INVENTORY_TEST_BOUNDARY "\r\n");

  g_string_append_printf (head, "Content-Disposition: form-data; name=\"%s\"", field);
  if (filename != NULL)
    g_string_append_printf (head, "; filename=\"%s\"", filename);
  g_string_append (head, "\r\n");
  if (content_type != NULL)
    g_string_append_printf (head, "Content-Type: %s\r\n", content_type);
  g_string_append (head, "\r\n");

  g_byte_array_append (body, (const guint8 *) head->str, head->len);
  g_byte_array_append (body, data, length);
  g_byte_array_append (body, (const guint8 *) "\r\n", 2);
}

GBytes *
lalan_inventory_test_multipart_end (GByteArray *body)
{
  static const char end[] = "--" LALAN_INVENTORY_TEST_BOUNDARY "--\r\n";

  g_byte_array_append (body, (const guint8 *) end, strlen (end));
  return g_byte_array_free_to_bytes (body);
}

/**
 * lalan_inventory_test_submit:
 * @server: a running server
 * @xml: the instance
 * @first_attachment_name: attachments as (name, GBytes *) pairs, %NULL-ended
 *
 * Sends a record as ODK Collect does.
 *
 * Returns: (transfer full): the response
 */
LalanInventoryTestResponse *
lalan_inventory_test_submit (LalanInventoryTestServer *server,
                             GBytes                   *xml,
                             const char               *first_attachment_name,
                             ...)
{
  static const char * const headers[] = {
    "X-OpenRosa-Version: 1.0",
    "Content-Type: multipart/form-data; boundary=" LALAN_INVENTORY_TEST_BOUNDARY,
    "Accept-Language: en",
    NULL
  };
  GByteArray *body = lalan_inventory_test_multipart_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *url = lalan_inventory_test_url (server, "submission");
  va_list ap;

  lalan_inventory_test_multipart_add (body, "xml_submission_file", "submission.xml", "text/xml",
                                      g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));
  va_start (ap, first_attachment_name);
  for (const char *name = first_attachment_name; name != NULL; name = va_arg (ap, const char *))
    {
      GBytes *data = va_arg (ap, GBytes *);

      lalan_inventory_test_multipart_add (body, name, name, "image/jpeg",
                                          g_bytes_get_data (data, NULL), g_bytes_get_size (data));
    }
  va_end (ap);
  bytes = lalan_inventory_test_multipart_end (body);

  return lalan_inventory_test_request ("POST", url, headers, bytes);
}

/* Records ---------------------------------------------------------------------- */

/**
 * lalan_inventory_test_household_xml:
 * @instance_id: the record's instanceID
 * @town_code: its district
 * @seed: varies the answers, the same seed giving the same record
 *
 * Returns: (transfer full): a household interview as Collect or Lalan
 *   would send it, the size of a real one (4–6 kB)
 */
char *
lalan_inventory_test_household_xml (const char *instance_id,
                                    const char *town_code,
                                    guint       seed)
{
  static const char * const ages[] = { "12_17", "18_29", "30_44", "45_64", "65_74", "75_plus" };
  static const char * const barriers[] = { "cost", "coverage", "devices", "skills", "language", "time" };
  GRand *rand = g_rand_new_with_seed (seed);
  GString *xml = g_string_new (NULL);
  gboolean internet = g_rand_int_range (rand, 0, 10) < 8;
  guint persons = g_rand_int_range (rand, 1, 6);
  guint b1 = g_rand_int_range (rand, 0, G_N_ELEMENTS (barriers));
  guint b2 = (b1 + 1 + g_rand_int_range (rand, 0, G_N_ELEMENTS (barriers) - 1)) % G_N_ELEMENTS (barriers);

  /* The shape lalan_household 2026112901 gives an instance, as Collect
   * and Lalan send it: every element of the primary instance, in order. */
  g_string_append_printf (xml,
    "<?xml version='1.0' ?><data xmlns:jr=\"http://openrosa.org/javarosa\" "
    "xmlns:odk=\"http://www.opendatakit.org/xforms\" xmlns:orx=\"http://openrosa.org/xforms\" "
    "id=\"lalan_household\" version=\"2026112901\">"
    "<start>2026-11-2%uT09:%02u:04.118+08:00</start><end>2026-11-2%uT10:%02u:51.902+08:00</end>"
    "<today>2026-11-2%u</today><deviceid>lalan:%08x</deviceid>"
    "<consent><notice/><consent_survey>yes</consent_survey><respondent_age>%s</respondent_age>"
    "<guardian_consent/><recontact_consent>no</recontact_consent><consented>yes</consented><declined_note/></consent>"
    "<interview><interviewer>V%03u</interviewer><mode>face_to_face</mode><interview_lang>ami</interview_lang></interview>"
    "<place><county>%.5s</county><town>%s</town><village>%s%03u</village><village_other/><village_other_warning/>"
    "<village_code>%s%03u</village_code><gps_consent>no</gps_consent><gps/></place>"
    "<household><size>%u</size><age_0_5>0</age_0_5><age_6_11>1</age_6_11><age_12_17>1</age_12_17>"
    "<age_18_64>%u</age_18_64><age_65>0</age_65><members_12plus>%u</members_12plus>"
    "<indigenous_members>%u</indigenous_members><respondent_people>amis</respondent_people><pingpu_specify/>"
    "<people_other/><home_languages>ami zh-Hant</home_languages><own_lang_ability>%u</own_lang_ability></household>",
    seed % 9, seed % 60, seed % 9, seed % 60, seed % 9, g_rand_int (rand), ages[1 + seed % 5],
    g_rand_int_range (rand, 1, 200), town_code, town_code, town_code, 1 + seed % 7, town_code, 1 + seed % 7,
    persons + 1, persons - 1, persons, persons + 1, g_rand_int_range (rand, 0, 5));

  g_string_append_printf (xml,
    "<home><internet_home>%s</internet_home><access_types>%s</access_types><fixed_isp>%s</fixed_isp>"
    "<download_tier>%s</download_tier><monthly_cost>%u</monthly_cost><monthly_cost_warning/>"
    "<no_internet_reasons>%s</no_internet_reasons><dev_smartphone>%u</dev_smartphone>"
    "<dev_feature_phone>%u</dev_feature_phone><dev_tablet>%u</dev_tablet><dev_laptop>%u</dev_laptop>"
    "<dev_desktop>0</dev_desktop><dev_smart_tv>1</dev_smart_tv><outages>monthly</outages></home>"
    "<mobile><carriers>cht fetnet</carriers><plan_type>prepaid</plan_type><signal_indoor>4g</signal_indoor>"
    "<signal_outdoor>4g</signal_outdoor></mobile>"
    "<measurement><measurement_note/><down_mbps>%u.%u</down_mbps><up_mbps>%u.%u</up_mbps>"
    "<latency_ms>%u</latency_ms><jitter_ms>%u</jitter_ms><measured_at>2026-11-21T10:11:12.000+08:00</measured_at>"
    "<method>app_test</method></measurement><people>",
    internet ? "yes" : "no",
    internet ? (g_rand_boolean (rand) ? "fibre" : "fwa_4g5g hotspot_only") : "",
    internet ? "cht" : "", internet ? "100" : "",
    internet ? 600 + g_rand_int_range (rand, 0, 900) : 0, internet ? "" : "too_expensive no_device",
    g_rand_int_range (rand, 0, 5), g_rand_int_range (rand, 0, 2), g_rand_int_range (rand, 0, 2),
    g_rand_int_range (rand, 0, 2),
    g_rand_int_range (rand, 1, 300), g_rand_int_range (rand, 0, 10), g_rand_int_range (rand, 1, 60),
    g_rand_int_range (rand, 0, 10), g_rand_int_range (rand, 15, 200), g_rand_int_range (rand, 1, 40));

  for (guint p = 0; p < persons; p++)
    {
      gboolean ever = g_rand_int_range (rand, 0, 10) < 8;

      g_string_append_printf (xml,
        "<person><age_band>%s</age_band><sex>%s</sex><ever_used>%s</ever_used><used_3m>%s</used_3m>"
        "<frequency>%s</frequency><devices>%s</devices><places>%s</places><activities>%s</activities>"
        "<never_reasons>%s</never_reasons></person>",
        ages[g_rand_int_range (rand, 0, G_N_ELEMENTS (ages))], g_rand_boolean (rand) ? "female" : "male",
        ever ? "yes" : "no", ever ? "yes" : "no", ever ? "daily" : "",
        ever ? (g_rand_boolean (rand) ? "smartphone" : "smartphone computer") : "",
        ever ? "home work" : "", ever ? "messaging social_media video culture_consume" : "",
        ever ? "" : "dont_know_how no_need");
    }

  g_string_append_printf (xml,
    "</people><skills><skills_done>copy_paste video_call%s</skills_done><confidence>%u</confidence>"
    "<security_incidents>none</security_incidents></skills>"
    "<needs><barrier_1>%s</barrier_1><barrier_2>%s</barrier_2><barrier_3/><training_interest>%s</training_interest>"
    "<topics>anti_fraud e_government selling_online</topics><training_place>tribal_library</training_place>"
    "<training_lang>ami</training_lang><training_time>weekend</training_time><device_needs>computer</device_needs>"
    "<connectivity_needs>home_broadband</connectivity_needs></needs>"
    "<students><has_students>yes</has_students><student_device>own</student_device>"
    "<online_class_ok>yes</online_class_ok></students>"
    "<participation><egov_use>yes</egov_use><online_participation>no</online_participation>"
    "<culture_online>yes</culture_online><household_business_online>no</household_business_online></participation>"
    "<close><recontact_contact/><notes>Interview %u, held at the family's kitchen table; the grandmother "
    "answered the questions about the children's school.</notes><notes_warning/></close>"
    "<meta><instanceID>%s</instanceID><instanceName>%s V%03u</instanceName></meta></data>",
    g_rand_boolean (rand) ? " install_app recognise_scam" : "", g_rand_int_range (rand, 1, 6),
    barriers[b1], barriers[b2], g_rand_boolean (rand) ? "yes" : (g_rand_boolean (rand) ? "maybe" : "no"),
    seed, instance_id, town_code, seed % 200);

  g_rand_free (rand);
  return g_string_free (xml, FALSE);
}

typedef struct
{
  guint       count;
  GHashTable *instance_ids;
} Count;

static gboolean
count_cb (const LalanInventoryStoredSubmission  *stored,
          gpointer                               user_data,
          GError                               **error)
{
  Count *count = user_data;

  count->count++;
  if (count->instance_ids != NULL)
    g_hash_table_add (count->instance_ids, g_strdup (stored->instance_id));

  return TRUE;
}

/**
 * lalan_inventory_test_count_records:
 * @data_dir: a server's data folder
 * @xml_form_id: a form
 * @instance_ids: (nullable): receives the instanceID of each current record
 *
 * Reads the server's database directly (it may be running).
 *
 * Returns: the number of current records of the form
 */
guint
lalan_inventory_test_count_records (const char *data_dir,
                                    const char *xml_form_id,
                                    GHashTable *instance_ids)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = lalan_inventory_db_get_default_path (data_dir);
  g_autoptr(LalanInventoryDb) db = lalan_inventory_db_open (path, &error);
  Count count = { 0, instance_ids };

  g_assert_no_error (error);
  lalan_inventory_db_foreach_submission (db, 1, xml_form_id, FALSE, count_cb, &count, &error);
  g_assert_no_error (error);

  return count.count;
}
