/* lalan-inventory-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-server.h"
#include "lalan-inventory-server-private.h"

#include "lalan-inventory-error.h"
#include "lalan-inventory-facts.h"
#include "lalan-inventory-instance.h"
#include "lalan-inventory-xml.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

/* The request flow: libsoup reads the headers and calls early_handler_cb,
 * which routes the request, checks its size, headers and token, and tells
 * libsoup not to keep the body (accumulate = FALSE): got_chunk_cb spools
 * it for the routes that want one and counts it against the route's
 * limit. A declared or counted body over the limit is answered 413 at
 * once on a connection taken from libsoup, so a client announcing 1 GB
 * never makes the server read it. When the body is complete,
 * handler_cb dispatches to the handler of the route. */

G_DEFINE_FINAL_TYPE (LalanInventoryServer, lalan_inventory_server, G_TYPE_OBJECT)

#define REQUEST_KEY "lalan-inventory-request"
#define SPOOL_MEMORY_LIMIT (256 * 1024)
/* Past this many bodies being received at once, new ones go straight to
 * disk: memory stays under MAX_MEMORY_SPOOLS × SPOOL_MEMORY_LIMIT however
 * many phones connect. */
#define MAX_MEMORY_SPOOLS 128

/* Only the main thread touches it; a process-wide count, so a request
 * that outlives its server (a report finishing at exit) has nothing to
 * reach into. */
static guint memory_spools;
#define SMALL_BODY_LIMIT (64 * 1024)
#define UPLOAD_BODY_LIMIT ((gsize) 1 << 30)

static void
request_free (LalanInventoryRequest *req)
{
  if (req->spool_counted)
    memory_spools--;
  g_free (req->name);
  if (req->token != NULL)
    memset (req->token, 0, strlen (req->token));
  g_free (req->token);
  g_clear_pointer (&req->spool, lalan_inventory_spool_free);
  g_clear_error (&req->spool_error);
  g_free (req);
}

LalanInventoryRequest *
lalan_inventory_request_get (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), REQUEST_KEY);
}

/* Logging ----------------------------------------------------------------- */

/* The path as logged: the token replaced, no query string, anything not
 * plain ASCII escaped so a request cannot forge log lines. */
static char *
loggable_path (SoupServerMessage *msg)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  g_autoptr(GString) out = g_string_new (NULL);

  if (g_str_has_prefix (path, "/v1/key/"))
    {
      const char *rest = strchr (path + strlen ("/v1/key/"), '/');

      g_string_append (out, "/v1/key/-");
      path = rest != NULL ? rest : "";
    }
  g_string_append_uri_escaped (out, path, "/:@-._~!$&'()*+,;=", FALSE);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
lalan_inventory_request_log (LalanInventoryRequest *req,
                             SoupServerMessage     *msg,
                             guint                  status,
                             gint64                 sent)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *path = loggable_path (msg);
  double ms = (g_get_monotonic_time () - req->start_us) / 1000.0;

  if (req->logged)
    return;
  req->logged = TRUE;

  /* One line per request for the journal: no address, no token, no body,
   * nothing a person typed. */
  printf ("%s %s %s %u in=%" G_GUINT64_FORMAT " out=%" G_GINT64_FORMAT " %.1fms\n",
          when, soup_server_message_get_method (msg), path, status,
          req->received, sent, ms);
  fflush (stdout);
}

static void
request_finished_cb (SoupServer        *soup,
                     SoupServerMessage *msg,
                     gpointer           user_data)
{
  LalanInventoryRequest *req = lalan_inventory_request_get (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (req != NULL)
    lalan_inventory_request_log (req, msg, soup_server_message_get_status (msg),
                 soup_message_headers_get_content_length (headers));
}

/* Routing ----------------------------------------------------------------- */

static gboolean
parse_project_id (const char *text,
                  gint64     *id)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT32, &value, NULL))
    return FALSE;

  *id = (gint64) value;
  return TRUE;
}

/* Returns FALSE with the status to answer when the path is not ours. */
static gboolean
route_request (LalanInventoryRequest *req,
               const char            *path,
               guint                 *status)
{
  g_auto(GStrv) segments = NULL;
  guint n;

  *status = SOUP_STATUS_NOT_FOUND;

  if (g_str_equal (path, "/"))
    {
      req->route = LALAN_INVENTORY_ROUTE_DASHBOARD;
      return TRUE;
    }

  segments = g_strsplit (path + 1, "/", 16);
  n = g_strv_length (segments);

  if (n < 2 || !g_str_equal (segments[0], "v1"))
    return FALSE;

  if (n == 3 && g_str_equal (segments[1], "speedtest"))
    {
      if (g_str_equal (segments[2], "ping"))
        req->route = LALAN_INVENTORY_ROUTE_SPEED_PING;
      else if (g_str_equal (segments[2], "download"))
        req->route = LALAN_INVENTORY_ROUTE_SPEED_DOWNLOAD;
      else if (g_str_equal (segments[2], "upload"))
        req->route = LALAN_INVENTORY_ROUTE_SPEED_UPLOAD;
      return req->route != LALAN_INVENTORY_ROUTE_NONE;
    }

  if (n == 3 && g_str_equal (segments[1], "reports"))
    {
      if (g_str_equal (segments[2], "districts.json"))
        req->route = LALAN_INVENTORY_ROUTE_REPORT_JSON;
      else if (g_str_equal (segments[2], "districts.csv"))
        req->route = LALAN_INVENTORY_ROUTE_REPORT_CSV;
      return req->route != LALAN_INVENTORY_ROUTE_NONE;
    }

  if (n == 3 && g_str_equal (segments[1], "export") &&
      g_str_has_suffix (segments[2], ".zip") && strlen (segments[2]) > 4)
    {
      req->route = LALAN_INVENTORY_ROUTE_EXPORT;
      req->name = g_strndup (segments[2], strlen (segments[2]) - 4);
      req->project_id = 1;
      return TRUE;
    }

  /* /v1/key/TOKEN/projects/ID/... as ODK Central spells it. */
  if (n < 6 || !g_str_equal (segments[1], "key") || !g_str_equal (segments[3], "projects") ||
      !parse_project_id (segments[4], &req->project_id))
    return FALSE;

  req->token = g_strdup (segments[2]);

  if (n == 6 && g_str_equal (segments[5], "formList"))
    req->route = LALAN_INVENTORY_ROUTE_FORM_LIST;
  else if (n == 6 && g_str_equal (segments[5], "submission"))
    req->route = LALAN_INVENTORY_ROUTE_SUBMISSION;
  else if (n == 7 && g_str_equal (segments[5], "forms") &&
           g_str_has_suffix (segments[6], ".xml") && strlen (segments[6]) > 4)
    {
      req->route = LALAN_INVENTORY_ROUTE_FORM_XML;
      req->name = g_strndup (segments[6], strlen (segments[6]) - 4);
    }
  else if (n == 7 && g_str_equal (segments[5], "lessons"))
    {
      req->route = LALAN_INVENTORY_ROUTE_LESSONS;
      req->name = g_strdup (segments[6]);
    }

  return req->route != LALAN_INVENTORY_ROUTE_NONE;
}

static gboolean
method_allowed (LalanInventoryRoute  route,
                const char          *method,
                const char         **allow)
{
  gboolean is_get = method == SOUP_METHOD_GET || method == SOUP_METHOD_HEAD;

  switch (route)
    {
    case LALAN_INVENTORY_ROUTE_SUBMISSION:
      *allow = "GET, HEAD, POST";
      return is_get || method == SOUP_METHOD_POST;
    case LALAN_INVENTORY_ROUTE_SPEED_UPLOAD:
      *allow = "POST";
      return method == SOUP_METHOD_POST;
    case LALAN_INVENTORY_ROUTE_NONE:
      *allow = NULL;
      return TRUE;
    default:
      *allow = "GET, HEAD";
      return is_get;
    }
}

static gsize
body_limit_for (LalanInventoryServer *self,
                LalanInventoryRequest *req,
                const char           *method)
{
  if (req->route == LALAN_INVENTORY_ROUTE_SUBMISSION && method == SOUP_METHOD_POST)
    return self->max_submission_bytes;
  if (req->route == LALAN_INVENTORY_ROUTE_SPEED_UPLOAD)
    return UPLOAD_BODY_LIMIT;
  return SMALL_BODY_LIMIT;
}

/* Admin routes take the token from an Authorization header: Bearer for
 * scripts, Basic (any user name, the token as password) so a browser
 * asks for it. Returns the token, or NULL. */
static char *
admin_token_from_headers (SoupMessageHeaders *headers)
{
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");

  if (authorization == NULL)
    return NULL;

  if (g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    return g_strstrip (g_strdup (authorization + 7));

  if (g_ascii_strncasecmp (authorization, "Basic ", 6) == 0)
    {
      gsize len = 0;
      g_autofree char *decoded = (char *) g_base64_decode (authorization + 6, &len);
      g_autofree char *text = decoded != NULL ? g_strndup (decoded, len) : NULL;
      char *colon = text != NULL ? strchr (text, ':') : NULL;

      if (colon != NULL)
        return g_strdup (colon + 1);
    }

  return NULL;
}

static gboolean
check_access (LalanInventoryServer  *self,
              LalanInventoryRequest *req,
              SoupServerMessage     *msg)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  const char *version;
  gboolean admin = FALSE;

  switch (req->route)
    {
    case LALAN_INVENTORY_ROUTE_FORM_LIST:
    case LALAN_INVENTORY_ROUTE_FORM_XML:
    case LALAN_INVENTORY_ROUTE_SUBMISSION:
      /* Central refuses OpenRosa requests without the header, and so do we:
       * a client that omits it does not speak the protocol we answer in. */
      version = soup_message_headers_get_one (request_headers, "X-OpenRosa-Version");
      if (g_strcmp0 (version, LALAN_INVENTORY_OPENROSA_VERSION) != 0)
        {
          lalan_inventory_respond_error (req, msg, SOUP_STATUS_BAD_REQUEST,
                                         _("This is an OpenRosa server: send the header X-OpenRosa-Version: 1.0."));
          return FALSE;
        }
      G_GNUC_FALLTHROUGH;

    case LALAN_INVENTORY_ROUTE_LESSONS:
      if (!lalan_inventory_db_lookup_token (self->db, req->token, &req->token_id, NULL))
        {
          lalan_inventory_respond_error (req, msg, SOUP_STATUS_UNAUTHORIZED,
                                         _("The token in this address is unknown or has been revoked. "
                                           "Ask the inventory's administrator for a new one."));
          return FALSE;
        }
      if (!lalan_inventory_db_project_exists (self->db, req->project_id))
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, req->project_id);
          g_autofree char *message = g_strdup_printf (_("There is no project %s on this server."), number);

          lalan_inventory_respond_error (req, msg, SOUP_STATUS_NOT_FOUND, message);
          return FALSE;
        }
      return TRUE;

    case LALAN_INVENTORY_ROUTE_DASHBOARD:
    case LALAN_INVENTORY_ROUTE_REPORT_JSON:
    case LALAN_INVENTORY_ROUTE_REPORT_CSV:
    case LALAN_INVENTORY_ROUTE_EXPORT:
      {
        g_autofree char *token = admin_token_from_headers (request_headers);

        if (token == NULL || !lalan_inventory_db_lookup_token (self->db, token, &req->token_id, &admin))
          {
            lalan_inventory_respond_error (req, msg, SOUP_STATUS_UNAUTHORIZED,
                                           _("The reports need an administrator's token."));
            soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                          "WWW-Authenticate",
                                          "Basic realm=\"lalan-inventory\", charset=\"UTF-8\"");
            return FALSE;
          }
        if (!admin)
          {
            lalan_inventory_respond_error (req, msg, SOUP_STATUS_FORBIDDEN,
                                           _("This token may send records but not read reports; "
                                             "the reports need an administrator's token."));
            return FALSE;
          }
      }
      return TRUE;

    case LALAN_INVENTORY_ROUTE_SPEED_PING:
    case LALAN_INVENTORY_ROUTE_SPEED_DOWNLOAD:
    case LALAN_INVENTORY_ROUTE_SPEED_UPLOAD:
    case LALAN_INVENTORY_ROUTE_NONE:
    default:
      return TRUE;
    }
}

static gboolean
check_submission_type (LalanInventoryRequest *req,
                       SoupServerMessage     *msg)
{
  const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);

  if (type == NULL || g_ascii_strcasecmp (type, "multipart/form-data") != 0)
    {
      lalan_inventory_respond_error (req, msg, SOUP_STATUS_BAD_REQUEST,
                                     _("A record must be sent as multipart/form-data with an xml_submission_file part."));
      return FALSE;
    }

  return TRUE;
}

static void
early_handler_cb (SoupServer        *soup,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  LalanInventoryServer *self = user_data;
  LalanInventoryRequest *req = lalan_inventory_request_get (msg);
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *allow = NULL;
  guint status;
  locale_t previous;

  g_assert (req != NULL);
  req->body_start_us = g_get_monotonic_time ();

  /* Bodies are never kept by libsoup: spooled by got_chunk_cb or dropped. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  soup_message_headers_replace (response_headers, "X-OpenRosa-Version", LALAN_INVENTORY_OPENROSA_VERSION);

  req->language = lalan_inventory_i18n_choose (query ? g_hash_table_lookup (query, "lang") : NULL,
                                               soup_message_headers_get_one (request_headers, "Accept-Language"));
  previous = lalan_inventory_i18n_push (req->language);

  if (!route_request (req, path, &status))
    {
      lalan_inventory_respond_error (req, msg, status, _("There is nothing at this address."));
      req->body_limit = SMALL_BODY_LIMIT;
    }
  else if (!method_allowed (req->route, method, &allow))
    {
      lalan_inventory_respond_error (req, msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                     _("This address does not take that kind of request."));
      soup_message_headers_replace (response_headers, "Allow", allow);
      req->body_limit = SMALL_BODY_LIMIT;
    }
  else
    req->body_limit = body_limit_for (self, req, method);

  if (soup_message_headers_get_encoding (request_headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) soup_message_headers_get_content_length (request_headers) > req->body_limit)
    {
      lalan_inventory_i18n_pop (previous);
      lalan_inventory_refuse_too_large (req, msg);
      return;
    }

  if (soup_server_message_get_status (msg) == 0 && check_access (self, req, msg))
    {
      if (req->route == LALAN_INVENTORY_ROUTE_SUBMISSION && method == SOUP_METHOD_POST &&
          check_submission_type (req, msg))
        {
          gboolean in_memory = memory_spools < MAX_MEMORY_SPOOLS;

          req->spool = lalan_inventory_spool_new (self->tmp_dir, in_memory ? SPOOL_MEMORY_LIMIT : 0);
          req->spool_counted = in_memory;
          if (in_memory)
            memory_spools++;
        }
      else if (req->route == LALAN_INVENTORY_ROUTE_SPEED_UPLOAD)
        req->counting = TRUE;
    }

  lalan_inventory_i18n_pop (previous);
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  LalanInventoryRequest *req = user_data;
  gsize size = g_bytes_get_size (chunk);

  req->received += size;

  if (req->received > req->body_limit)
    {
      lalan_inventory_refuse_too_large (req, msg);
      return;
    }

  if (req->spool != NULL && req->spool_error == NULL)
    lalan_inventory_spool_append (req->spool, g_bytes_get_data (chunk, NULL), size, &req->spool_error);
}

static void
got_body_cb (SoupServerMessage *msg,
             gpointer           user_data)
{
  LalanInventoryRequest *req = user_data;

  req->body_end_us = g_get_monotonic_time ();
}

/* Runs after libsoup's own checks of the headers, which may have answered
 * already (a path with "/../" in it): such answers carry the header too. */
static void
got_headers_cb (SoupServerMessage *msg,
                gpointer           user_data)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-OpenRosa-Version", LALAN_INVENTORY_OPENROSA_VERSION);
}

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  LalanInventoryRequest *req = g_new0 (LalanInventoryRequest, 1);

  req->server = user_data;
  req->start_us = g_get_monotonic_time ();
  req->body_limit = SMALL_BODY_LIMIT;
  g_object_set_data_full (G_OBJECT (msg), REQUEST_KEY, req, (GDestroyNotify) request_free);
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers_cb), req);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), req);
  g_signal_connect (msg, "got-body", G_CALLBACK (got_body_cb), req);
}

static void
handle_ping (SoupServerMessage *msg)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static void
handle_submission_probe (LalanInventoryServer *self,
                         SoupServerMessage    *msg)
{
  g_autofree char *limit = g_strdup_printf ("%" G_GINT64_FORMAT, self->max_submission_bytes);

  /* HEAD (and GET, as Central answers it) says how large a record may be. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-OpenRosa-Accept-Content-Length", limit);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static void
handler_cb (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  LalanInventoryServer *self = user_data;
  LalanInventoryRequest *req = lalan_inventory_request_get (msg);
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *response_headers;
  locale_t previous;

  g_assert (req != NULL);

  /* After "100 Continue" libsoup starts the final response's headers
   * afresh, so what the early handler set is set again here. */
  response_headers = soup_server_message_get_response_headers (msg);
  soup_message_headers_replace (response_headers, "X-OpenRosa-Version", LALAN_INVENTORY_OPENROSA_VERSION);
  if (soup_message_headers_get_one (response_headers, "Date") == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *date = soup_date_time_to_string (now, SOUP_DATE_HTTP);

      soup_message_headers_replace (response_headers, "Date", date);
    }
  soup_message_headers_replace (response_headers, "Content-Language", lalan_inventory_i18n_get_tag (req->language));
  previous = lalan_inventory_i18n_push (req->language);

  switch (req->route)
    {
    case LALAN_INVENTORY_ROUTE_DASHBOARD:
    case LALAN_INVENTORY_ROUTE_REPORT_JSON:
    case LALAN_INVENTORY_ROUTE_REPORT_CSV:
    case LALAN_INVENTORY_ROUTE_EXPORT:
      lalan_inventory_handle_report (req, msg, query);
      break;
    case LALAN_INVENTORY_ROUTE_FORM_LIST:
      lalan_inventory_handle_form_list (req, msg, query);
      break;
    case LALAN_INVENTORY_ROUTE_FORM_XML:
      lalan_inventory_handle_form_xml (req, msg);
      break;
    case LALAN_INVENTORY_ROUTE_SUBMISSION:
      if (method == SOUP_METHOD_POST)
        lalan_inventory_handle_submission (req, msg);
      else
        handle_submission_probe (self, msg);
      break;
    case LALAN_INVENTORY_ROUTE_LESSONS:
      lalan_inventory_handle_lessons (req, msg);
      break;
    case LALAN_INVENTORY_ROUTE_SPEED_PING:
      handle_ping (msg);
      break;
    case LALAN_INVENTORY_ROUTE_SPEED_DOWNLOAD:
      lalan_inventory_handle_speed_download (req, msg, query);
      break;
    case LALAN_INVENTORY_ROUTE_SPEED_UPLOAD:
      lalan_inventory_handle_speed_upload (req, msg);
      break;
    case LALAN_INVENTORY_ROUTE_NONE:
    default:
      lalan_inventory_respond_error (req, msg, SOUP_STATUS_NOT_FOUND, _("There is nothing at this address."));
      break;
    }

  lalan_inventory_i18n_pop (previous);
}

/* Life cycle -------------------------------------------------------------- */

static void
lalan_inventory_server_finalize (GObject *object)
{
  LalanInventoryServer *self = LALAN_INVENTORY_SERVER (object);

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->writer, lalan_inventory_writer_free);
  g_clear_pointer (&self->db, lalan_inventory_db_free);
  g_clear_pointer (&self->lessons, lalan_inventory_lessons_free);
  g_free (self->data_dir);
  g_free (self->db_path);
  g_free (self->tmp_dir);

  G_OBJECT_CLASS (lalan_inventory_server_parent_class)->finalize (object);
}

static void
lalan_inventory_server_class_init (LalanInventoryServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lalan_inventory_server_finalize;
}

static void
lalan_inventory_server_init (LalanInventoryServer *self)
{
}

static gboolean
refresh_one_cb (const LalanInventoryStoredSubmission  *stored,
                gpointer                               user_data,
                GError                               **error)
{
  LalanInventoryDb *db = user_data;
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *facts = NULL;
  gsize size;
  const char *xml = g_bytes_get_data (stored->xml, &size);

  if (!lalan_inventory_facts_applies_to (stored->xml_form_id))
    return TRUE;

  /* It was checked when it arrived; a failure now is not the record's fault. */
  if ((doc = lalan_inventory_xml_parse (xml, size, NULL)) == NULL)
    return TRUE;

  facts = lalan_inventory_facts_extract (stored->xml_form_id, doc);
  return lalan_inventory_db_set_facts (db, stored->id, facts, error);
}

/**
 * lalan_inventory_refresh_facts:
 * @db_path: the database file
 * @error: a location for a #GError
 *
 * Reads the report facts of every stored record again when the table of
 * instance paths has changed since they were read.
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_inventory_refresh_facts (const char  *db_path,
                               GError     **error)
{
  g_autoptr(LalanInventoryDb) db = lalan_inventory_db_open (db_path, error);
  g_autofree char *wanted = lalan_inventory_facts_get_table_version ();
  g_autofree char *stored = NULL;

  if (db == NULL)
    return FALSE;

  stored = lalan_inventory_db_get_meta (db, "facts-version");
  if (g_strcmp0 (stored, wanted) == 0)
    return TRUE;

  if (!lalan_inventory_db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (gint64 project = 1; lalan_inventory_db_project_exists (db, project); project++)
    if (!lalan_inventory_db_foreach_submission (db, project, NULL, TRUE, refresh_one_cb, db, error))
      {
        lalan_inventory_db_exec (db, "ROLLBACK", NULL);
        return FALSE;
      }
  if (!lalan_inventory_db_set_meta (db, "facts-version", wanted, error) ||
      !lalan_inventory_db_exec (db, "COMMIT", error))
    {
      lalan_inventory_db_exec (db, "ROLLBACK", NULL);
      return FALSE;
    }

  return TRUE;
}

/**
 * lalan_inventory_server_new:
 * @options: what to serve
 * @error: a location for a #GError
 *
 * Opens (or creates) the database in the data folder and prepares the
 * server; lalan_inventory_server_listen() starts it.
 *
 * Returns: (transfer full) (nullable): the server
 */
LalanInventoryServer *
lalan_inventory_server_new (const LalanInventoryServerOptions  *options,
                            GError                            **error)
{
  g_autoptr(LalanInventoryServer) self = g_object_new (LALAN_TYPE_INVENTORY_SERVER, NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;

  g_return_val_if_fail (options != NULL && options->data_dir != NULL, NULL);

  self->data_dir = g_strdup (options->data_dir);
  self->db_path = lalan_inventory_db_get_default_path (self->data_dir);
  self->tmp_dir = g_build_filename (self->data_dir, "tmp", NULL);
  self->max_submission_bytes = options->max_submission_bytes > 0 ?
    options->max_submission_bytes : LALAN_INVENTORY_DEFAULT_MAX_SUBMISSION;

  if (g_mkdir_with_parents (self->tmp_dir, 0700) != 0)
    {
      g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_FAILED,
                   _("The server cannot create the folder %s."), self->tmp_dir);
      return NULL;
    }

  if (options->tls_cert != NULL || options->tls_key != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if (options->tls_cert == NULL || options->tls_key == NULL)
        {
          g_set_error_literal (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID,
                               _("HTTPS needs both --tls-cert and --tls-key."));
          return NULL;
        }
      certificate = g_tls_certificate_new_from_files (options->tls_cert, options->tls_key, &local_error);
      if (certificate == NULL)
        {
          g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID,
                       _("The TLS certificate or key cannot be used: %s"), local_error->message);
          return NULL;
        }
    }

  if (!lalan_inventory_refresh_facts (self->db_path, error))
    return NULL;
  if ((self->db = lalan_inventory_db_open (self->db_path, error)) == NULL)
    return NULL;
  if ((self->writer = lalan_inventory_writer_new (self->db_path, g_main_context_default (), error)) == NULL)
    return NULL;

  self->lessons = lalan_inventory_lessons_new (options->lessons_dir);
  self->soup = g_object_new (SOUP_TYPE_SERVER,
                             "server-header", "lalan-inventory/" PACKAGE_VERSION " ",
                             "tls-certificate", certificate,
                             NULL);

  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (request_finished_cb), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (request_finished_cb), self);
  soup_server_add_early_handler (self->soup, NULL, early_handler_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, handler_cb, self, NULL);

  return g_steal_pointer (&self);
}

/**
 * lalan_inventory_server_listen:
 * @self: a server
 * @address: "HOST:PORT" with a numeric address ("127.0.0.1:8383",
 *   "[::1]:8383") or "localhost"; port 0 picks a free port
 * @error: a location for a #GError
 *
 * Returns: %TRUE when the server listens
 */
gboolean
lalan_inventory_server_listen (LalanInventoryServer  *self,
                               const char            *address,
                               GError               **error)
{
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autofree char *host = NULL;
  const char *colon = strrchr (address, ':');
  guint64 port;
  SoupServerListenOptions listen_options = 0;

  g_return_val_if_fail (LALAN_IS_INVENTORY_SERVER (self), FALSE);

  if (colon == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID,
                   _("“%s” is not an address to listen on; write it as HOST:PORT, such as 127.0.0.1:8383."),
                   address);
      return FALSE;
    }

  host = g_strndup (address, colon - address);
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      g_autofree char *inner = g_strndup (host + 1, strlen (host) - 2);

      g_free (host);
      host = g_steal_pointer (&inner);
    }
  if (g_str_equal (host, "localhost"))
    {
      g_free (host);
      host = g_strdup ("127.0.0.1");
    }

  socket_address = g_inet_socket_address_new_from_string (host, (guint) port);
  if (socket_address == NULL)
    {
      g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID,
                   _("“%s” is not an IP address; give a numeric address such as 127.0.0.1 or 0.0.0.0."),
                   host);
      return FALSE;
    }

  if (soup_server_is_https (self->soup))
    listen_options |= SOUP_SERVER_LISTEN_HTTPS;

  return soup_server_listen (self->soup, socket_address, listen_options, error);
}

/**
 * lalan_inventory_server_get_url:
 * @self: a listening server
 *
 * Returns: (transfer full) (nullable): its base URL, such as
 *   "http://127.0.0.1:8383/"
 */
char *
lalan_inventory_server_get_url (LalanInventoryServer *self)
{
  GSList *uris = soup_server_get_uris (self->soup);
  char *url = NULL;

  if (uris != NULL)
    url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return url;
}

/**
 * lalan_inventory_server_stop:
 * @self: a server
 *
 * Stops listening and closes connections; what the writer has queued is
 * still stored.
 */
void
lalan_inventory_server_stop (LalanInventoryServer *self)
{
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_pointer (&self->writer, lalan_inventory_writer_free);
}
