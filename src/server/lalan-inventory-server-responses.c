/* lalan-inventory-server-responses.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-server-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* How the server answers: OpenRosa XML, JSON or HTML after the route, in
 * the request's language; and the 413 that is written on a connection
 * taken from libsoup, so a huge body is never read. */

#define DRAIN_LIMIT (8 * 1024 * 1024)
#define DRAIN_SECONDS 5

/**
 * lalan_inventory_respond_openrosa:
 * @msg: a message
 * @status: the HTTP status
 * @error: whether the message reports an error (nature="error")
 * @message: the sentence for the person using the phone or app
 *
 * Answers with an OpenRosaResponse, as Central does for every OpenRosa
 * request, success or not.
 */
void
lalan_inventory_respond_openrosa (SoupServerMessage *msg,
                                  guint              status,
                                  gboolean           error,
                                  const char        *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  char *body = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                "<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\" items=\"0\">\n"
                                "  <message nature=\"%s\">%s</message>\n"
                                "</OpenRosaResponse>\n",
                                error ? "error" : "", escaped);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/xml; charset=utf-8", SOUP_MEMORY_TAKE,
                                    body, strlen (body));
}

gboolean
lalan_inventory_route_is_openrosa (LalanInventoryRoute route)
{
  return route == LALAN_INVENTORY_ROUTE_FORM_LIST ||
         route == LALAN_INVENTORY_ROUTE_FORM_XML ||
         route == LALAN_INVENTORY_ROUTE_SUBMISSION;
}

static char *
format_error_body (LalanInventoryRequest  *req,
                   const char             *message,
                   const char            **content_type)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  if (lalan_inventory_route_is_openrosa (req->route))
    {
      *content_type = "text/xml; charset=utf-8";
      return g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                              "<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\" items=\"0\">\n"
                              "  <message nature=\"error\">%s</message>\n"
                              "</OpenRosaResponse>\n", escaped);
    }

  if (req->route == LALAN_INVENTORY_ROUTE_DASHBOARD)
    {
      *content_type = "text/html; charset=utf-8";
      return g_strdup_printf ("<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"/>"
                              "<title>lalan-inventory</title></head><body><p>%s</p></body></html>\n",
                              lalan_inventory_i18n_get_tag (req->language), escaped);
    }

  if (req->route != LALAN_INVENTORY_ROUTE_NONE)
    {
      g_autoptr(GString) json = g_string_new ("{\"error\": \"");

      for (const char *p = message; *p != '\0'; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (json, '\\');
          if ((guchar) *p < 0x20)
            g_string_append_printf (json, "\\u%04x", (guchar) *p);
          else
            g_string_append_c (json, *p);
        }
      g_string_append (json, "\"}\n");
      *content_type = "application/json; charset=utf-8";
      return g_string_free (g_steal_pointer (&json), FALSE);
    }

  *content_type = "text/plain; charset=utf-8";
  return g_strconcat (message, "\n", NULL);
}

/**
 * lalan_inventory_respond_error:
 * @req: the request
 * @msg: its message
 * @status: the HTTP status
 * @message: a translated sentence saying what is wrong
 *
 * Answers in the format the route speaks: OpenRosa XML, JSON or HTML.
 */
void
lalan_inventory_respond_error (LalanInventoryRequest *req,
                               SoupServerMessage     *msg,
                               guint                  status,
                               const char            *message)
{
  const char *content_type;
  char *body = format_error_body (req, message, &content_type);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, strlen (body));
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Content-Language", lalan_inventory_i18n_get_tag (req->language));
}

typedef struct
{
  GIOStream   *stream;
  char        *response;
  gsize        length;
  guint64      drained;
  gint64       deadline;
  guint8       buffer[16384];
} Refusal;

static void
refusal_free (Refusal *refusal)
{
  g_clear_object (&refusal->stream);
  g_free (refusal->response);
  g_free (refusal);
}

static void
refusal_closed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  refusal_free (user_data);
}

static void
refusal_drained_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Refusal *refusal = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  /* Reading what the client still sends for a moment lets it read the
   * answer: closing with unread data would reset the connection and could
   * destroy the 413 before the client sees it. */
  if (n > 0 && refusal->drained + n < DRAIN_LIMIT && g_get_monotonic_time () < refusal->deadline)
    {
      refusal->drained += n;
      g_input_stream_read_async (g_io_stream_get_input_stream (refusal->stream),
                                 refusal->buffer, sizeof refusal->buffer,
                                 G_PRIORITY_DEFAULT, NULL, refusal_drained_cb, refusal);
      return;
    }

  g_io_stream_close_async (refusal->stream, G_PRIORITY_DEFAULT, NULL, refusal_closed_cb, refusal);
}

static void
refusal_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Refusal *refusal = user_data;
  GSocket *socket = g_object_get_data (G_OBJECT (refusal->stream), "GSocket");

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      g_io_stream_close_async (refusal->stream, G_PRIORITY_DEFAULT, NULL, refusal_closed_cb, refusal);
      return;
    }

  if (socket == NULL && G_IS_SOCKET_CONNECTION (refusal->stream))
    socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (refusal->stream));
  if (socket != NULL)
    g_socket_shutdown (socket, FALSE, TRUE, NULL);

  refusal->deadline = g_get_monotonic_time () + DRAIN_SECONDS * G_USEC_PER_SEC;
  g_input_stream_read_async (g_io_stream_get_input_stream (refusal->stream),
                             refusal->buffer, sizeof refusal->buffer,
                             G_PRIORITY_DEFAULT, NULL, refusal_drained_cb, refusal);
}

/**
 * lalan_inventory_refuse_too_large:
 * @req: the request
 * @msg: its message
 *
 * Answers 413 and closes the connection without reading the rest of the
 * body. libsoup would read a body to its end before answering, so the
 * connection is taken from it and the answer written directly.
 */
void
lalan_inventory_refuse_too_large (LalanInventoryRequest *req,
                                  SoupServerMessage     *msg)
{
  g_autofree char *message = NULL;
  g_autofree char *limit = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = soup_date_time_to_string (now, SOUP_DATE_HTTP);
  const char *content_type;
  Refusal *refusal;
  locale_t previous;

  limit = g_strdup_printf ("%" G_GSIZE_FORMAT, req->body_limit);
  previous = lalan_inventory_i18n_push (req->language);
  if (lalan_inventory_route_is_openrosa (req->route))
    message = g_strdup_printf (_("The record is larger than the %s bytes this server accepts."), limit);
  else
    message = g_strdup_printf (_("The request is larger than the %s bytes this server accepts here."), limit);
  lalan_inventory_i18n_pop (previous);

  body = format_error_body (req, message, &content_type);
  lalan_inventory_request_log (req, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, strlen (body));

  refusal = g_new0 (Refusal, 1);
  refusal->response = g_strdup_printf ("HTTP/1.1 413 Request Entity Too Large\r\n"
                                       "Date: %s\r\n"
                                       "Connection: close\r\n"
                                       "X-OpenRosa-Version: " LALAN_INVENTORY_OPENROSA_VERSION "\r\n"
                                       "Content-Type: %s\r\n"
                                       "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                       "\r\n%s",
                                       date, content_type, strlen (body), body);
  refusal->length = strlen (refusal->response);
  refusal->stream = soup_server_message_steal_connection (msg);

  if (refusal->stream == NULL)
    {
      refusal_free (refusal);
      return;
    }

  g_output_stream_write_all_async (g_io_stream_get_output_stream (refusal->stream),
                                   refusal->response, refusal->length,
                                   G_PRIORITY_DEFAULT, NULL, refusal_written_cb, refusal);
}

/**
 * lalan_inventory_request_base_url:
 * @req: a request under /v1/key/TOKEN/projects/ID
 * @msg: its message
 *
 * Returns: (transfer full): the URL of the project as the client reached
 *   it, for links such as a form's downloadUrl
 */
char *
lalan_inventory_request_base_url (LalanInventoryRequest *req,
                                  SoupServerMessage     *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *escaped_token = g_uri_escape_string (req->token, NULL, FALSE);
  const char *host = g_uri_get_host (uri);
  g_autofree char *authority = NULL;
  int port = g_uri_get_port (uri);

  if (strchr (host, ':') != NULL)
    authority = port > 0 ? g_strdup_printf ("[%s]:%d", host, port) : g_strdup_printf ("[%s]", host);
  else
    authority = port > 0 ? g_strdup_printf ("%s:%d", host, port) : g_strdup (host);

  return g_strdup_printf ("%s://%s/v1/key/%s/projects/%" G_GINT64_FORMAT,
                          g_uri_get_scheme (uri), authority, escaped_token, req->project_id);
}

