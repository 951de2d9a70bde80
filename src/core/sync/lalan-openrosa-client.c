/* lalan-openrosa-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-openrosa-client.h"

#include "lalan-sync-error.h"

#include <curl/curl.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

/* The OpenRosa client, on libcurl. Every method blocks: it is used from
 * one worker thread at a time (the outbox's, the CLI's), never the UI
 * thread.
 *
 * One easy handle per request, all on one multi handle: the multi's
 * connection cache keeps connections alive across a batch, and several
 * records travel at once over parallel connections, which is what fills a
 * long, thin link (one request at a time leaves a 300 ms link idle while
 * each answer comes back).
 *
 * Always: TLS verification with the system's CA bundle (libcurl's
 * default, never turned off), connect and overall timeouts, a low-speed
 * limit that gives up a stalled transfer, no redirects (a redirect on an
 * OpenRosa request is a sign-in page), X-OpenRosa-Version: 1.0,
 * CURLOPT_NOSIGNAL, and a progress callback that aborts on cancellation. */

#define OPENROSA_HEADER "X-OpenRosa-Version"
#define ACCEPT_LENGTH_HEADER "X-OpenRosa-Accept-Content-Length"

struct _LalanOpenRosaClient
{
  GObject          parent_instance;

  /* owned */
  LalanSyncServer *server;
  CURLM           *multi;
  struct curl_slist *headers;
  struct curl_slist *headers_expect;
  char            *user_agent;
  LalanSyncTiming  timing;
  long             auth_methods;
  gboolean         auth_known;
  gint64           max_submission_bytes;

  guint64          bytes_sent;
  guint64          bytes_received;
  guint            n_connections;
};

G_DEFINE_FINAL_TYPE (LalanOpenRosaClient, lalan_openrosa_client, G_TYPE_OBJECT)

typedef enum
{
  METHOD_GET,
  METHOD_HEAD,
  METHOD_POST,
} Method;

/* Where a download to a file goes, hashed on the way. */
typedef struct
{
  int        fd;
  GChecksum *checksum;
  guint64    bytes;
  guint64    max_bytes;
  int        write_errno;
} Sink;

typedef struct
{
  LalanOpenRosaClient     *client;
  CURL                    *easy;
  Sink                    *sink;
  curl_mime               *mime;
  GCancellable            *cancellable;
  GByteArray              *body;
  gsize                    max_body;
  gboolean                 overflow;
  gboolean                 openrosa_header;
  gboolean                 headers_complete;
  gint64                   accept_length;
  char                     error_buffer[CURL_ERROR_SIZE];
  CURLcode                 result;
  long                     status;
  LalanOpenRosaSubmission *submission;
  guint64                  body_bytes;
} Transfer;

static void
transfer_free (Transfer *transfer)
{
  if (transfer == NULL)
    return;

  if (transfer->easy != NULL)
    {
      curl_off_t up = 0, down = 0;
      long request_size = 0, header_size = 0, connects = 0;

      curl_easy_getinfo (transfer->easy, CURLINFO_SIZE_UPLOAD_T, &up);
      curl_easy_getinfo (transfer->easy, CURLINFO_SIZE_DOWNLOAD_T, &down);
      curl_easy_getinfo (transfer->easy, CURLINFO_REQUEST_SIZE, &request_size);
      curl_easy_getinfo (transfer->easy, CURLINFO_HEADER_SIZE, &header_size);
      curl_easy_getinfo (transfer->easy, CURLINFO_NUM_CONNECTS, &connects);
      transfer->client->bytes_sent += (guint64) up + (guint64) request_size;
      transfer->client->bytes_received += (guint64) down + (guint64) header_size;
      transfer->client->n_connections += (guint) connects;
      curl_easy_cleanup (transfer->easy);
    }
  if (transfer->mime != NULL)
    curl_mime_free (transfer->mime);
  g_clear_pointer (&transfer->body, g_byte_array_unref);
  g_clear_pointer (&transfer->submission, lalan_openrosa_submission_free);
  g_clear_object (&transfer->cancellable);
  g_free (transfer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Transfer, transfer_free)

static size_t
write_cb (char   *data,
          size_t  size,
          size_t  n,
          void   *user_data)
{
  Transfer *transfer = user_data;
  gsize length = size * n;

  long status = 0;

  /* Only a good answer's body goes to the file; an error page is read
   * into memory like any other answer. */
  if (transfer->sink != NULL)
    curl_easy_getinfo (transfer->easy, CURLINFO_RESPONSE_CODE, &status);

  if (transfer->sink != NULL && status >= 200 && status < 300)
    {
      Sink *sink = transfer->sink;
      const char *p = data;
      gsize left = length;

      /* More than announced is not the file that was announced: stop. */
      if (sink->bytes + length > sink->max_bytes)
        {
          transfer->overflow = TRUE;
          return 0;
        }

      while (left > 0)
        {
          gssize written = write (sink->fd, p, left);

          if (written < 0 && errno == EINTR)
            continue;
          if (written <= 0)
            {
              sink->write_errno = written < 0 ? errno : ENOSPC;
              return 0;
            }
          p += written;
          left -= written;
        }

      g_checksum_update (sink->checksum, (const guchar *) data, length);
      sink->bytes += length;
      return length;
    }

  /* Keep what fits; a body larger than any real answer is not an
   * OpenRosa answer, but the transfer itself is allowed to end. */
  if (transfer->body->len + length > transfer->max_body)
    {
      transfer->overflow = TRUE;
      return length;
    }

  g_byte_array_append (transfer->body, (const guint8 *) data, length);
  return length;
}

static gboolean
header_is (const char *line,
           gsize       length,
           const char *name)
{
  gsize name_length = strlen (name);

  return length > name_length && line[name_length] == ':' &&
         g_ascii_strncasecmp (line, name, name_length) == 0;
}

static size_t
header_cb (char   *line,
           size_t  size,
           size_t  n,
           void   *user_data)
{
  Transfer *transfer = user_data;
  gsize length = size * n;

  /* A status line starts a new answer (after a 401 challenge, a 100
   * Continue): only the last answer's headers count. */
  if (length > 5 && strncmp (line, "HTTP/", 5) == 0)
    {
      transfer->openrosa_header = FALSE;
      transfer->headers_complete = FALSE;
      transfer->accept_length = 0;
      g_byte_array_set_size (transfer->body, 0);
      transfer->overflow = FALSE;
    }
  else if ((length == 2 && line[0] == '\r' && line[1] == '\n') || (length == 1 && line[0] == '\n'))
    transfer->headers_complete = TRUE;
  else if (header_is (line, length, OPENROSA_HEADER))
    transfer->openrosa_header = TRUE;
  else if (header_is (line, length, ACCEPT_LENGTH_HEADER))
    {
      g_autofree char *value = g_strndup (line + strlen (ACCEPT_LENGTH_HEADER) + 1,
                                          length - strlen (ACCEPT_LENGTH_HEADER) - 1);
      guint64 parsed;

      if (g_ascii_string_to_unsigned (g_strstrip (value), 10, 1, G_MAXINT64, &parsed, NULL))
        transfer->accept_length = (gint64) parsed;
    }

  return length;
}

static int
xferinfo_cb (void       *user_data,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  Transfer *transfer = user_data;

  return g_cancellable_is_cancelled (transfer->cancellable) ? 1 : 0;
}

static Transfer *
transfer_new (LalanOpenRosaClient *self,
              Method               method,
              const char          *url,
              gsize                max_body,
              guint64              body_bytes,
              GCancellable        *cancellable)
{
  Transfer *transfer = g_new0 (Transfer, 1);
  CURL *easy = curl_easy_init ();
  gint64 timeout_ms;

  transfer->client = self;
  transfer->easy = easy;
  transfer->body = g_byte_array_new ();
  transfer->max_body = max_body;
  transfer->body_bytes = body_bytes;
  transfer->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();

  timeout_ms = lalan_sync_timing_get_request_timeout (&self->timing, body_bytes);
  if (method == METHOD_GET && max_body > LALAN_OPENROSA_MAX_ANSWER_BYTES)
    timeout_ms = lalan_sync_timing_get_request_timeout (&self->timing, max_body / 16);

  curl_easy_setopt (easy, CURLOPT_URL, url);
  curl_easy_setopt (easy, CURLOPT_PRIVATE, transfer);
  curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (easy, CURLOPT_PROTOCOLS_STR, "http,https");
  /* A proxy from the environment serves the Internet, never this computer. */
  curl_easy_setopt (easy, CURLOPT_NOPROXY, "127.0.0.1,localhost,::1");
  curl_easy_setopt (easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (easy, CURLOPT_CONNECTTIMEOUT_MS, (long) self->timing.connect_timeout_ms);
  curl_easy_setopt (easy, CURLOPT_TIMEOUT_MS, (long) MIN (timeout_ms, G_MAXLONG));
  curl_easy_setopt (easy, CURLOPT_LOW_SPEED_LIMIT, (long) self->timing.stall_bytes_per_second);
  curl_easy_setopt (easy, CURLOPT_LOW_SPEED_TIME, (long) MAX (1, self->timing.stall_time_ms / 1000));
  curl_easy_setopt (easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt (easy, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt (easy, CURLOPT_USERAGENT, self->user_agent);
  curl_easy_setopt (easy, CURLOPT_ERRORBUFFER, transfer->error_buffer);
  curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, transfer);
  curl_easy_setopt (easy, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (easy, CURLOPT_HEADERDATA, transfer);
  curl_easy_setopt (easy, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (easy, CURLOPT_XFERINFOFUNCTION, xferinfo_cb);
  curl_easy_setopt (easy, CURLOPT_XFERINFODATA, transfer);

  /* Digest answers a first request with a challenge: let the server say
   * so before a large body goes out (100-continue). Basic, once known, is
   * sent with the first request. */
  curl_easy_setopt (easy, CURLOPT_HTTPHEADER,
                    (self->auth_methods & CURLAUTH_DIGEST) != 0 && lalan_sync_server_get_username (self->server) != NULL
                    ? self->headers_expect : self->headers);

  if (lalan_sync_server_get_username (self->server) != NULL)
    {
      curl_easy_setopt (easy, CURLOPT_HTTPAUTH, self->auth_methods);
      curl_easy_setopt (easy, CURLOPT_USERNAME, lalan_sync_server_get_username (self->server));
      curl_easy_setopt (easy, CURLOPT_PASSWORD, lalan_sync_server_get_password (self->server));
    }

  if (method == METHOD_HEAD)
    curl_easy_setopt (easy, CURLOPT_NOBODY, 1L);

  return transfer;
}

static void
cancelled_cb (GCancellable *cancellable,
              CURLM        *multi)
{
  curl_multi_wakeup (multi);
}

/* Drives the transfers under way until none is left. @refill starts new
 * ones as slots free up; @finished gets each transfer that ends (and
 * takes it). */
typedef Transfer *(*RefillFunc) (LalanOpenRosaClient *self, gpointer data);
typedef void (*FinishedFunc) (LalanOpenRosaClient *self, Transfer *transfer, gpointer data);

static void
run_transfers (LalanOpenRosaClient *self,
               Transfer            *first,
               RefillFunc           refill,
               FinishedFunc         finished,
               gpointer             data,
               GCancellable        *cancellable)
{
  gulong cancelled_id = 0;
  guint n_active = 0;
  gboolean want_more = refill != NULL;
  int running = 0;

  if (cancellable != NULL)
    cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self->multi, NULL);

  if (first != NULL)
    {
      curl_multi_add_handle (self->multi, first->easy);
      n_active++;
    }

  for (;;)
    {
      CURLMsg *msg;
      int n_messages;

      /* Asked again each time a transfer ends, even after the source had
       * nothing: an ended transfer may make more due (an edit becomes
       * due once its original is sent). */
      while (want_more && n_active < self->timing.parallel && !g_cancellable_is_cancelled (cancellable))
        {
          Transfer *next = refill (self, data);

          if (next == NULL)
            break;
          curl_multi_add_handle (self->multi, next->easy);
          n_active++;
        }
      want_more = FALSE;

      if (n_active == 0)
        break;

      curl_multi_perform (self->multi, &running);

      while ((msg = curl_multi_info_read (self->multi, &n_messages)) != NULL)
        {
          Transfer *transfer = NULL;

          if (msg->msg != CURLMSG_DONE)
            continue;

          curl_easy_getinfo (msg->easy_handle, CURLINFO_PRIVATE, (char **) &transfer);
          transfer->result = msg->data.result;
          /* An answer cut in its headers may still end "OK" for libcurl
           * (a HEAD, a close where a body could end): without the blank
           * line that ends the headers, nothing was said. */
          if (transfer->result == CURLE_OK && !transfer->headers_complete)
            transfer->result = CURLE_RECV_ERROR;
          curl_easy_getinfo (transfer->easy, CURLINFO_RESPONSE_CODE, &transfer->status);
          curl_multi_remove_handle (self->multi, transfer->easy);
          n_active--;
          want_more = refill != NULL;

          finished (self, transfer, data);
        }

      if (n_active > 0 && running > 0)
        curl_multi_poll (self->multi, NULL, 0, 1000, NULL);
    }

  if (cancelled_id != 0)
    g_cancellable_disconnect (cancellable, cancelled_id);
}

static void
keep_transfer_cb (LalanOpenRosaClient *self,
                  Transfer            *transfer,
                  gpointer             data)
{
  Transfer **out = data;

  *out = transfer;
}

/* Runs one request to its end. */
static Transfer *
run_one (LalanOpenRosaClient *self,
         Transfer            *transfer,
         GCancellable        *cancellable)
{
  Transfer *done = NULL;

  run_transfers (self, transfer, NULL, keep_transfer_cb, &done, cancellable);
  g_assert (done == transfer);

  return done;
}

static void
set_transport_error (Transfer  *transfer,
                     GError   **error)
{
  switch (transfer->result)
    {
    case CURLE_ABORTED_BY_CALLBACK:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sending was stopped."));
      break;

    case CURLE_OPERATION_TIMEDOUT:
      g_set_error_literal (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_TIMED_OUT,
                           _("The server stopped answering, or the connection was too slow. "
                             "It will be tried again."));
      break;

    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      g_set_error_literal (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_TLS,
                           _("The server’s identity could not be checked, so nothing was sent. "
                             "If this network needs you to sign in (as in a hotel or a library), "
                             "sign in with a web browser first; otherwise check the server’s address."));
      break;

    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      g_set_error_literal (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_INVALID_URL,
                           _("The server’s address cannot be used. Check it in Preferences → Server."));
      break;

    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      g_set_error_literal (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_UNREACHABLE,
                           _("The server’s name cannot be found. There may be no Internet connection, "
                             "or the address may be mistyped."));
      break;

    case CURLE_COULDNT_CONNECT:
      g_set_error_literal (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_UNREACHABLE,
                           _("The server does not answer. There may be no Internet connection, "
                             "or the server may be down."));
      break;

    default:
      g_set_error_literal (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_UNREACHABLE,
                           _("The connection to the server broke off. It will be tried again."));
      break;
    }

  if (transfer->result != CURLE_ABORTED_BY_CALLBACK)
    g_debug ("Request failed: %s (%s)", curl_easy_strerror (transfer->result), transfer->error_buffer);
}

static void
set_captive_error (GError **error)
{
  g_set_error_literal (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_CAPTIVE_PORTAL,
                       _("This network needs you to sign in before anything can be sent. "
                         "Open a web page to sign in, then send again."));
}

static void
set_auth_error (GError **error)
{
  g_set_error_literal (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_AUTH,
                       _("The server refused the token or the user name and password. "
                         "Check them in Preferences → Server."));
}

static void
set_server_error (GError **error)
{
  g_set_error_literal (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_SERVER,
                       _("The server had a problem and could not answer. It will be tried again later."));
}

static void
set_not_openrosa_error (GError **error)
{
  g_set_error_literal (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_NOT_OPENROSA,
                       _("There is no OpenRosa project at this address. "
                         "Check the address and the project number."));
}

/* What an answer to a GET or HEAD says about the server as a whole.
 * Returns FALSE with @error set when it is not a good answer. */
static gboolean
check_answer (Transfer  *transfer,
              GError   **error)
{
  long status = transfer->status;

  if (transfer->result != CURLE_OK)
    {
      set_transport_error (transfer, error);
      return FALSE;
    }

  if (status >= 200 && status < 300)
    {
      /* Every OpenRosa answer carries the header; a page without it,
       * served with 200, is a network's sign-in page. */
      if (!transfer->openrosa_header)
        {
          set_captive_error (error);
          return FALSE;
        }
      return TRUE;
    }

  if (status >= 300 && status < 400)
    set_captive_error (error);
  else if (status == 401 || status == 403)
    set_auth_error (error);
  else if (status == 408 || status == 429 || status >= 500)
    set_server_error (error);
  else
    set_not_openrosa_error (error);

  return FALSE;
}

/* The server's choice of Basic or Digest, once it has made it: later
 * requests use only that, so Basic goes with the first request. */
static void
learn_auth (LalanOpenRosaClient *self,
            Transfer            *transfer)
{
  long available = 0;

  if (self->auth_known || lalan_sync_server_get_username (self->server) == NULL)
    return;

  curl_easy_getinfo (transfer->easy, CURLINFO_HTTPAUTH_AVAIL, &available);
  if ((available & CURLAUTH_DIGEST) != 0)
    self->auth_methods = CURLAUTH_DIGEST;
  else if ((available & CURLAUTH_BASIC) != 0)
    self->auth_methods = CURLAUTH_BASIC;
  else
    return;

  self->auth_known = TRUE;
}

/**
 * lalan_openrosa_client_get_form_list:
 * @self: a client
 * @cancellable: (nullable): a #GCancellable
 * @error: a location for a #GError
 *
 * Fetches the server's form list (GET formList).
 *
 * Returns: (transfer full) (element-type LalanOpenRosaForm): the forms,
 *   or %NULL with @error set
 */
GPtrArray *
lalan_openrosa_client_get_form_list (LalanOpenRosaClient  *self,
                                     GCancellable         *cancellable,
                                     GError              **error)
{
  g_autofree char *url = NULL;
  g_autoptr(Transfer) transfer = NULL;

  g_return_val_if_fail (LALAN_IS_OPENROSA_CLIENT (self), NULL);

  url = lalan_sync_server_build_url (self->server, "formList");
  transfer = run_one (self, transfer_new (self, METHOD_GET, url, LALAN_OPENROSA_MAX_ANSWER_BYTES, 0, cancellable),
                      cancellable);

  if (!check_answer (transfer, error))
    return NULL;
  learn_auth (self, transfer);

  if (transfer->overflow)
    {
      g_set_error_literal (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_NOT_OPENROSA,
                           _("The server’s list of forms is far larger than any real one; it was not read."));
      return NULL;
    }

  return lalan_openrosa_parse_form_list ((const char *) transfer->body->data, transfer->body->len, error);
}

/* The credentials go only to the server they belong to. */
static gboolean
is_same_server (LalanOpenRosaClient *self,
                const char          *url)
{
  g_autoptr(GUri) base = g_uri_parse (lalan_sync_server_get_base_url (self->server), G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GUri) target = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);

  return base != NULL && target != NULL &&
         g_ascii_strcasecmp (g_uri_get_scheme (base), g_uri_get_scheme (target)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (base), g_uri_get_host (target)) == 0 &&
         g_uri_get_port (base) == g_uri_get_port (target);
}

/**
 * lalan_openrosa_client_download:
 * @self: a client
 * @url: a form's download address from the form list
 * @cancellable: (nullable): a #GCancellable
 * @error: a location for a #GError
 *
 * Downloads a form (at most %LALAN_OPENROSA_MAX_FORM_BYTES). The address
 * must be on the same server: a form list pointing elsewhere is not
 * followed.
 *
 * Returns: (transfer full): the form's bytes, or %NULL with @error set
 */
GBytes *
lalan_openrosa_client_download (LalanOpenRosaClient  *self,
                                const char           *url,
                                GCancellable         *cancellable,
                                GError              **error)
{
  g_autoptr(Transfer) transfer = NULL;

  g_return_val_if_fail (LALAN_IS_OPENROSA_CLIENT (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  if (!is_same_server (self, url))
    {
      g_set_error_literal (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_BAD_FORM,
                           _("The server lists a form kept on another server; it was not downloaded."));
      return NULL;
    }

  transfer = run_one (self, transfer_new (self, METHOD_GET, url, LALAN_OPENROSA_MAX_FORM_BYTES, 0, cancellable),
                      cancellable);

  if (transfer->result == CURLE_OK && transfer->status == 404)
    {
      g_set_error_literal (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_BAD_FORM,
                           _("The server lists a form it cannot give."));
      return NULL;
    }
  if (!check_answer (transfer, error))
    return NULL;

  if (transfer->overflow)
    {
      g_set_error_literal (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_BAD_FORM,
                           _("The server sent a form larger than 16 MB; it was not kept."));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&transfer->body));
}

/**
 * lalan_openrosa_client_download_to_fd:
 * @self: a client
 * @url: an address on the client's server
 * @fd: an open file to write the body to
 * @max_bytes: the most bytes accepted; more stops the download
 * @sha256: (out) (optional): the SHA-256 of what was written, in hex
 * @n_bytes: (out) (optional): how many bytes were written
 * @cancellable: (nullable): a #GCancellable
 * @error: a location for a #GError
 *
 * Downloads a file of the server (a lesson pack, its catalogue) into @fd,
 * hashing it on the way, with the same safety as every other request: TLS
 * verified, no redirect, timeouts, a stall limit. The caller checks the
 * hash and removes the file on failure.
 *
 * Returns: %TRUE when the whole body was written
 */
gboolean
lalan_openrosa_client_download_to_fd (LalanOpenRosaClient  *self,
                                      const char           *url,
                                      int                   fd,
                                      guint64               max_bytes,
                                      char                **sha256,
                                      guint64              *n_bytes,
                                      GCancellable         *cancellable,
                                      GError              **error)
{
  g_autoptr(Transfer) transfer = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  Sink sink = { fd, checksum, 0, max_bytes, 0 };

  g_return_val_if_fail (LALAN_IS_OPENROSA_CLIENT (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (fd >= 0, FALSE);

  if (!is_same_server (self, url))
    {
      g_set_error_literal (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_INVALID_URL,
                           _("The server points to a file kept on another server; it was not downloaded."));
      return FALSE;
    }

  /* The overall timeout grows with the size, as for a large submission. */
  transfer = transfer_new (self, METHOD_GET, url, LALAN_OPENROSA_MAX_ANSWER_BYTES, max_bytes, cancellable);
  transfer->sink = &sink;
  transfer = run_one (self, g_steal_pointer (&transfer), cancellable);
  transfer->sink = NULL;

  if (sink.write_errno != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (sink.write_errno),
                   _("The download could not be saved: %s"), g_strerror (sink.write_errno));
      return FALSE;
    }
  if (transfer->overflow)
    {
      g_set_error_literal (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_SERVER,
                           _("The server sent more than it announced; the download was stopped and not kept."));
      return FALSE;
    }
  if (transfer->result == CURLE_OK && transfer->status == 404)
    {
      g_set_error_literal (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_NOT_FOUND,
                           _("The server does not have this file."));
      return FALSE;
    }
  if (!check_answer (transfer, error))
    return FALSE;

  if (sha256 != NULL)
    *sha256 = g_strdup (g_checksum_get_string (checksum));
  if (n_bytes != NULL)
    *n_bytes = sink.bytes;

  return TRUE;
}

/**
 * lalan_openrosa_client_probe:
 * @self: a client
 * @probe: (out caller-allocates): what the server said
 * @cancellable: (nullable): a #GCancellable
 * @error: a location for a #GError
 *
 * HEAD submission: whether the server is there and takes records from
 * these credentials, and the largest submission it accepts. Also learns
 * whether the server wants Basic or Digest.
 *
 * Returns: %TRUE when records can be sent
 */
gboolean
lalan_openrosa_client_probe (LalanOpenRosaClient  *self,
                             LalanOpenRosaProbe   *probe,
                             GCancellable         *cancellable,
                             GError              **error)
{
  g_autofree char *url = NULL;
  g_autoptr(Transfer) transfer = NULL;

  g_return_val_if_fail (LALAN_IS_OPENROSA_CLIENT (self), FALSE);
  g_return_val_if_fail (probe != NULL, FALSE);

  probe->max_submission_bytes = 0;

  url = lalan_sync_server_build_url (self->server, "submission");
  transfer = run_one (self, transfer_new (self, METHOD_HEAD, url, LALAN_OPENROSA_MAX_ANSWER_BYTES, 0, cancellable),
                      cancellable);

  /* A server that does not do HEAD still takes submissions. */
  if (transfer->result == CURLE_OK && (transfer->status == 405 || transfer->status == 501))
    return TRUE;

  if (!check_answer (transfer, error))
    return FALSE;

  learn_auth (self, transfer);
  probe->max_submission_bytes = transfer->accept_length;
  self->max_submission_bytes = transfer->accept_length;

  return TRUE;
}

/**
 * lalan_openrosa_describe_too_large:
 * @record_bytes: the record's size with its files
 * @max_bytes: the server's limit, or 0 when unknown
 *
 * Returns: (transfer full): the sentence saying a record is too large
 */
char *
lalan_openrosa_describe_too_large (guint64 record_bytes,
                                   gint64  max_bytes)
{
  g_autofree char *size = g_format_size (record_bytes);
  g_autofree char *limit = NULL;

  if (max_bytes <= 0)
    return g_strdup_printf (_("This record with its files (%s) is larger than the server accepts. "
                              "Remove or shrink a photo, then send it again."), size);

  limit = g_format_size ((guint64) max_bytes);
  return g_strdup_printf (_("This record with its files (%s) is larger than the server accepts (%s). "
                            "Remove or shrink a photo, then send it again."), size, limit);
}

/**
 * lalan_openrosa_classify_submission:
 * @status: the HTTP status of the answer
 * @openrosa_header: whether the answer carried X-OpenRosa-Version
 * @body: (nullable): the answer's body
 * @body_length: its length
 * @max_bytes: the server's size limit, or 0 when unknown
 * @record_bytes: the size of the record sent
 * @result: (out caller-allocates): the verdict
 *
 * Reads a server's answer to one submission, as the sync rules say:
 * 201 or 202 with an OpenRosa answer is sent; any other 2xx or a redirect
 * is a sign-in page (pause); 401/403 pause for the credentials; 409, 404,
 * 413 and other explained refusals need review; 5xx and the rest are tried
 * again later.
 */
void
lalan_openrosa_classify_submission (long                 status,
                                    gboolean             openrosa_header,
                                    const char          *body,
                                    gsize                body_length,
                                    gint64               max_bytes,
                                    guint64              record_bytes,
                                    LalanOpenRosaResult *result)
{
  g_autofree char *server_message = NULL;
  gboolean is_answer;

  memset (result, 0, sizeof *result);
  is_answer = lalan_openrosa_parse_answer (body, body_length, &server_message);
  result->server_message = g_steal_pointer (&server_message);

  if ((status == 201 || status == 202) && is_answer)
    {
      result->verdict = LALAN_OPENROSA_SENT;
      result->code = "sent";
      return;
    }

  if ((status >= 200 && status < 400))
    {
      result->verdict = LALAN_OPENROSA_PAUSE;
      result->code = "captive";
      set_captive_error (&result->error);
      result->message = g_strdup (result->error->message);
      g_clear_pointer (&result->server_message, g_free);
      return;
    }

  switch (status)
    {
    case 401:
    case 403:
      result->verdict = LALAN_OPENROSA_PAUSE;
      result->code = "auth";
      set_auth_error (&result->error);
      result->message = g_strdup (result->error->message);
      return;

    case 409:
      result->verdict = LALAN_OPENROSA_REFUSED;
      result->code = "http-409";
      if (result->server_message != NULL)
        result->message = g_strdup_printf (_("The server refused this record because it conflicts with one it "
                                             "already has. The server said: “%s”"),
                                           result->server_message);
      else
        result->message = g_strdup (_("The server refused this record because it conflicts with one it "
                                      "already has."));
      return;

    case 404:
      result->verdict = LALAN_OPENROSA_REFUSED;
      result->code = "http-404";
      result->message = g_strdup (_("This form or this version of it is not on the server. "
                                    "Ask the server’s administrator to publish it, then send the record again."));
      return;

    case 413:
      result->verdict = LALAN_OPENROSA_REFUSED;
      result->code = "too-large";
      result->message = lalan_openrosa_describe_too_large (record_bytes, max_bytes);
      return;

    case 408:
    case 429:
      break;

    default:
      /* The server explained a refusal in its own words: a person must
       * look at the record. Without an explanation, the answer may come
       * from something in between; trying again is safe. */
      if (status >= 400 && status < 500 && is_answer)
        {
          result->verdict = LALAN_OPENROSA_REFUSED;
          result->code = "refused";
          if (result->server_message != NULL)
            result->message = g_strdup_printf (_("The server refused this record. The server said: “%s”"),
                                               result->server_message);
          else
            result->message = g_strdup (_("The server refused this record without saying why."));
          return;
        }
      break;
    }

  result->verdict = LALAN_OPENROSA_RETRY;
  result->code = status >= 500 ? "server-error" : "bad-answer";
  if (status >= 500 || status == 408 || status == 429)
    set_server_error (&result->error);
  else
    g_set_error_literal (&result->error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_SERVER,
                         _("The server answered in a way Lalan does not understand. It will be tried again later."));
  result->message = g_strdup (result->error->message);
}

static void
classify_transfer (Transfer            *transfer,
                   gint64               max_bytes,
                   LalanOpenRosaResult *result)
{
  if (transfer->result != CURLE_OK)
    {
      memset (result, 0, sizeof *result);
      set_transport_error (transfer, &result->error);
      if (g_error_matches (result->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          result->verdict = LALAN_OPENROSA_CANCELLED;
          result->code = "cancelled";
        }
      else if (lalan_sync_error_pauses_queue (result->error))
        {
          result->verdict = LALAN_OPENROSA_PAUSE;
          result->code = result->error->code == LALAN_SYNC_ERROR_TLS ? "tls" : "address";
        }
      else
        {
          result->verdict = LALAN_OPENROSA_RETRY;
          result->code = result->error->code == LALAN_SYNC_ERROR_TIMED_OUT ? "timeout" : "network";
          result->transport_failure = TRUE;
        }
      result->message = g_strdup (result->error->message);
      return;
    }

  lalan_openrosa_classify_submission (transfer->status,
                                      transfer->openrosa_header,
                                      transfer->overflow ? NULL : (const char *) transfer->body->data,
                                      transfer->overflow ? 0 : transfer->body->len,
                                      max_bytes,
                                      transfer->body_bytes,
                                      result);
}

static Transfer *
make_submission_transfer (LalanOpenRosaClient     *self,
                          LalanOpenRosaSubmission *submission,
                          GCancellable            *cancellable)
{
  g_autofree char *url = lalan_sync_server_build_url (self->server, "submission");
  guint64 size = g_bytes_get_size (submission->xml);
  Transfer *transfer;
  curl_mimepart *part;
  gsize xml_length;
  const char *xml = g_bytes_get_data (submission->xml, &xml_length);

  for (guint i = 0; submission->attachments != NULL && i < submission->attachments->len; i++)
    {
      LalanAttachment *attachment = g_ptr_array_index (submission->attachments, i);

      size += attachment->data != NULL ? g_bytes_get_size (attachment->data) : 0;
    }

  transfer = transfer_new (self, METHOD_POST, url, LALAN_OPENROSA_MAX_ANSWER_BYTES, size, cancellable);
  transfer->submission = submission;
  transfer->mime = curl_mime_init (transfer->easy);

  part = curl_mime_addpart (transfer->mime);
  curl_mime_name (part, "xml_submission_file");
  curl_mime_filename (part, "submission.xml");
  curl_mime_type (part, "text/xml");
  curl_mime_data (part, xml, xml_length);

  for (guint i = 0; submission->attachments != NULL && i < submission->attachments->len; i++)
    {
      LalanAttachment *attachment = g_ptr_array_index (submission->attachments, i);
      gsize length = 0;
      const char *data = attachment->data != NULL ? g_bytes_get_data (attachment->data, &length) : "";

      part = curl_mime_addpart (transfer->mime);
      curl_mime_name (part, attachment->name);
      curl_mime_filename (part, attachment->name);
      curl_mime_type (part, attachment->media_type != NULL ? attachment->media_type : "application/octet-stream");
      curl_mime_data (part, data, length);
    }

  curl_easy_setopt (transfer->easy, CURLOPT_MIMEPOST, transfer->mime);

  return transfer;
}

typedef struct
{
  LalanOpenRosaSourceFunc  source;
  LalanOpenRosaDoneFunc    done;
  gpointer                 user_data;
  GCancellable            *cancellable;
  gboolean                 stopped;
} SubmitRun;

static Transfer *
refill_submission (LalanOpenRosaClient *self,
                   gpointer             data)
{
  SubmitRun *run = data;
  LalanOpenRosaSubmission *submission;

  if (run->stopped)
    return NULL;

  submission = run->source (run->user_data);
  if (submission == NULL)
    return NULL;

  return make_submission_transfer (self, submission, run->cancellable);
}

static void
submission_finished (LalanOpenRosaClient *self,
                     Transfer            *transfer,
                     gpointer             data)
{
  SubmitRun *run = data;
  LalanOpenRosaResult result;

  classify_transfer (transfer, self->max_submission_bytes, &result);
  if (result.verdict == LALAN_OPENROSA_SENT || result.verdict == LALAN_OPENROSA_REFUSED)
    learn_auth (self, transfer);

  if (!run->done (transfer->submission, &result, run->user_data))
    run->stopped = TRUE;

  lalan_openrosa_result_clear (&result);
  transfer_free (transfer);
}

/**
 * lalan_openrosa_client_submit:
 * @self: a client
 * @source: gives the next record each time a connection is free
 * @done: told of each record's outcome, in the order they end
 * @user_data: for @source and @done
 * @cancellable: (nullable): a #GCancellable; transfers under way are
 *   aborted and reported as %LALAN_OPENROSA_CANCELLED
 *
 * Sends records (POST submission, multipart with xml_submission_file and
 * the attachments), several at once over kept-alive connections, until
 * @source has no more or @done says stop. Both are called on this thread.
 */
void
lalan_openrosa_client_submit (LalanOpenRosaClient     *self,
                              LalanOpenRosaSourceFunc  source,
                              LalanOpenRosaDoneFunc    done,
                              gpointer                 user_data,
                              GCancellable            *cancellable)
{
  SubmitRun run = {
    .source = source,
    .done = done,
    .user_data = user_data,
    .cancellable = cancellable,
  };

  g_return_if_fail (LALAN_IS_OPENROSA_CLIENT (self));
  g_return_if_fail (source != NULL);
  g_return_if_fail (done != NULL);

  run_transfers (self, NULL, refill_submission, submission_finished, &run, cancellable);
}

/**
 * lalan_openrosa_client_get_traffic:
 * @self: a client
 * @bytes_sent: (out) (optional): bytes of HTTP sent (headers and bodies)
 * @bytes_received: (out) (optional): bytes of HTTP received
 * @n_connections: (out) (optional): connections opened
 *
 * What the client has moved so far, for benchmarks and logs.
 */
void
lalan_openrosa_client_get_traffic (LalanOpenRosaClient *self,
                                   guint64             *bytes_sent,
                                   guint64             *bytes_received,
                                   guint               *n_connections)
{
  g_return_if_fail (LALAN_IS_OPENROSA_CLIENT (self));

  if (bytes_sent != NULL)
    *bytes_sent = self->bytes_sent;
  if (bytes_received != NULL)
    *bytes_received = self->bytes_received;
  if (n_connections != NULL)
    *n_connections = self->n_connections;
}

/**
 * lalan_openrosa_submission_free:
 * @submission: (nullable): a submission
 */
void
lalan_openrosa_submission_free (LalanOpenRosaSubmission *submission)
{
  if (submission == NULL)
    return;

  g_free (submission->instance_id);
  g_clear_pointer (&submission->xml, g_bytes_unref);
  g_clear_pointer (&submission->attachments, g_ptr_array_unref);
  g_free (submission);
}

/**
 * lalan_openrosa_result_clear:
 * @result: a result
 *
 * Frees what @result holds.
 */
void
lalan_openrosa_result_clear (LalanOpenRosaResult *result)
{
  g_clear_pointer (&result->message, g_free);
  g_clear_pointer (&result->server_message, g_free);
  g_clear_error (&result->error);
}

static void
lalan_openrosa_client_finalize (GObject *object)
{
  LalanOpenRosaClient *self = LALAN_OPENROSA_CLIENT (object);

  g_clear_pointer (&self->multi, curl_multi_cleanup);
  g_clear_pointer (&self->headers, curl_slist_free_all);
  g_clear_pointer (&self->headers_expect, curl_slist_free_all);
  g_clear_pointer (&self->server, lalan_sync_server_unref);
  g_free (self->user_agent);

  G_OBJECT_CLASS (lalan_openrosa_client_parent_class)->finalize (object);
}

static void
lalan_openrosa_client_class_init (LalanOpenRosaClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lalan_openrosa_client_finalize;
}

static void
lalan_openrosa_client_init (LalanOpenRosaClient *self)
{
}

/* The server answers in the person's language when it can (Central and
 * lalan-inventory do): its messages are shown in refusals. */
static char *
make_accept_language (void)
{
  const char * const *names = g_get_language_names ();
  GString *header = g_string_new ("Accept-Language: ");
  guint n = 0;

  for (guint i = 0; names[i] != NULL && n < 4; i++)
    {
      g_autofree char *tag = NULL;
      const char *name = names[i];

      if (g_str_equal (name, "C") || g_str_equal (name, "POSIX") || strchr (name, '.') != NULL ||
          strchr (name, '@') != NULL)
        continue;

      tag = g_strdelimit (g_strdup (name), "_", '-');
      if (n > 0)
        g_string_append_printf (header, ", %s;q=0.%d", tag, 9 - n);
      else
        g_string_append (header, tag);
      n++;
    }

  if (n == 0)
    g_string_append (header, "en");

  return g_string_free (header, FALSE);
}

/**
 * lalan_openrosa_client_new:
 * @server: the server to talk to
 * @timing: (nullable): the times to use, or %NULL for
 *   lalan_sync_timing_get_default()
 *
 * Returns: (transfer full): a client
 */
LalanOpenRosaClient *
lalan_openrosa_client_new (LalanSyncServer       *server,
                           const LalanSyncTiming *timing)
{
  LalanOpenRosaClient *self;
  g_autofree char *accept_language = make_accept_language ();

  g_return_val_if_fail (server != NULL, NULL);

  self = g_object_new (LALAN_TYPE_OPENROSA_CLIENT, NULL);
  self->server = lalan_sync_server_ref (server);
  self->timing = timing != NULL ? *timing : *lalan_sync_timing_get_default ();
  self->timing.parallel = CLAMP (self->timing.parallel, 1, 16);
  self->user_agent = g_strdup_printf ("Lalan/%s", PACKAGE_VERSION);
  self->auth_methods = CURLAUTH_BASIC | CURLAUTH_DIGEST;

  self->headers = curl_slist_append (NULL, OPENROSA_HEADER ": 1.0");
  self->headers = curl_slist_append (self->headers, accept_language);
  self->headers_expect = curl_slist_append (NULL, OPENROSA_HEADER ": 1.0");
  self->headers_expect = curl_slist_append (self->headers_expect, accept_language);
  /* No "Expect: 100-continue" round trip per record: on a 300 ms link it
   * costs as much as the record itself. */
  self->headers = curl_slist_append (self->headers, "Expect:");

  self->multi = curl_multi_init ();
  curl_multi_setopt (self->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long) self->timing.parallel);
  curl_multi_setopt (self->multi, CURLMOPT_MAXCONNECTS, (long) self->timing.parallel * 2);

  return self;
}
