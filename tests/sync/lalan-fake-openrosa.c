/* lalan-fake-openrosa.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-fake-openrosa.h"

#include <gio/gio.h>
#include <string.h>

typedef struct
{
  guint     status;
  gboolean  openrosa_header;
  char     *extra_headers;
  char     *body;
} Answer;

struct _LalanFakeOpenRosa
{
  GMutex          lock;
  GSocketService *service;
  GThread        *thread;
  GMainLoop      *loop;
  GMainContext   *context;
  char           *url;
  GHashTable     *answers;   /* method → Answer */
  GHashTable     *counts;    /* method → count */
  char           *last_request;
  char           *basic;     /* "Basic base64" expected, or NULL */
};

static void
answer_free (Answer *answer)
{
  g_free (answer->extra_headers);
  g_free (answer->body);
  g_free (answer);
}

static const char *
reason_for (guint status)
{
  switch (status)
    {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 302: return "Found";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

/* Reads one request (headers, then a Content-Length body). FALSE at the
 * end of the connection. */
static gboolean
read_request (GDataInputStream  *in,
              char             **method,
              char             **headers)
{
  GString *all = g_string_new (NULL);
  guint64 content_length = 0;
  g_autofree char *first = NULL;

  first = g_data_input_stream_read_line (in, NULL, NULL, NULL);
  if (first == NULL || *first == '\0')
    {
      g_string_free (all, TRUE);
      return FALSE;
    }
  g_strchomp (first);
  *method = g_strndup (first, strcspn (first, " "));
  g_string_append_printf (all, "%s\n", first);

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, NULL);

      if (line == NULL)
        {
          g_string_free (all, TRUE);
          g_clear_pointer (method, g_free);
          return FALSE;
        }
      g_strchomp (line);
      if (*line == '\0')
        break;
      g_string_append_printf (all, "%s\n", line);
      if (g_ascii_strncasecmp (line, "Content-Length:", 15) == 0)
        content_length = g_ascii_strtoull (line + 15, NULL, 10);
    }

  if (content_length > 0)
    {
      g_autofree char *body = g_malloc (content_length);
      gsize n = 0;

      g_input_stream_read_all (G_INPUT_STREAM (in), body, content_length, &n, NULL, NULL);
      g_string_append_len (all, body, n);
    }

  *headers = g_string_free (all, FALSE);
  return TRUE;
}

static gboolean
on_run_cb (GThreadedSocketService *service,
           GSocketConnection      *connection,
           GObject                *source,
           LalanFakeOpenRosa      *fake)
{
  GInputStream *raw = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (raw);

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (in), FALSE);
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);

  for (;;)
    {
      g_autofree char *method = NULL;
      g_autofree char *request = NULL;
      g_autoptr(GString) response = g_string_new (NULL);
      Answer *answer;
      guint status;
      gboolean has_body;
      guint count;

      if (!read_request (in, &method, &request))
        break;

      g_mutex_lock (&fake->lock);
      count = GPOINTER_TO_UINT (g_hash_table_lookup (fake->counts, method));
      g_hash_table_insert (fake->counts, g_strdup (method), GUINT_TO_POINTER (count + 1));
      g_free (fake->last_request);
      fake->last_request = g_strdup (request);
      answer = g_hash_table_lookup (fake->answers, method);

      if (fake->basic != NULL && strstr (request, fake->basic) == NULL)
        g_string_append (response, "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"fake\"\r\n"
                                   "X-OpenRosa-Version: 1.0\r\nContent-Length: 0\r\n\r\n");
      else
        {
          status = answer != NULL ? answer->status : 404;
          has_body = answer != NULL && answer->body != NULL && !g_str_equal (method, "HEAD");
          g_string_append_printf (response, "HTTP/1.1 %u %s\r\n", status, reason_for (status));
          if (answer == NULL || answer->openrosa_header)
            g_string_append (response, "X-OpenRosa-Version: 1.0\r\n");
          if (answer != NULL && answer->extra_headers != NULL)
            g_string_append (response, answer->extra_headers);
          g_string_append_printf (response, "Content-Type: text/xml\r\nContent-Length: %zu\r\n\r\n",
                                  has_body ? strlen (answer->body) : 0);
          if (has_body)
            g_string_append (response, answer->body);
        }
      g_mutex_unlock (&fake->lock);

      if (!g_output_stream_write_all (out, response->str, response->len, NULL, NULL, NULL))
        break;
    }

  return TRUE;
}

static gpointer
serve_thread (gpointer data)
{
  LalanFakeOpenRosa *fake = data;

  g_main_context_push_thread_default (fake->context);
  g_main_loop_run (fake->loop);
  g_main_context_pop_thread_default (fake->context);

  return NULL;
}

LalanFakeOpenRosa *
lalan_fake_openrosa_new (void)
{
  LalanFakeOpenRosa *fake = g_new0 (LalanFakeOpenRosa, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&fake->lock);
  fake->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) answer_free);
  fake->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fake->context = g_main_context_new ();
  fake->loop = g_main_loop_new (fake->context, FALSE);

  g_main_context_push_thread_default (fake->context);
  fake->service = g_threaded_socket_service_new (8);
  g_socket_listener_add_address (G_SOCKET_LISTENER (fake->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (fake->service, "run", G_CALLBACK (on_run_cb), fake);
  g_socket_service_start (fake->service);
  g_main_context_pop_thread_default (fake->context);

  fake->url = g_strdup_printf ("http://127.0.0.1:%u/project",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  fake->thread = g_thread_new ("fake-openrosa", serve_thread, fake);

  return fake;
}

const char *
lalan_fake_openrosa_get_url (LalanFakeOpenRosa *fake)
{
  return fake->url;
}

void
lalan_fake_openrosa_set_answer (LalanFakeOpenRosa *fake,
                                const char        *method,
                                guint              status,
                                gboolean           openrosa_header,
                                const char        *extra_headers,
                                const char        *body)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->status = status;
  answer->openrosa_header = openrosa_header;
  answer->extra_headers = g_strdup (extra_headers);
  answer->body = g_strdup (body);

  g_mutex_lock (&fake->lock);
  g_hash_table_insert (fake->answers, g_strdup (method), answer);
  g_mutex_unlock (&fake->lock);
}

void
lalan_fake_openrosa_require_basic (LalanFakeOpenRosa *fake,
                                   const char        *user,
                                   const char        *password)
{
  g_autofree char *pair = g_strdup_printf ("%s:%s", user, password);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));

  g_mutex_lock (&fake->lock);
  g_free (fake->basic);
  fake->basic = g_strdup_printf ("Authorization: Basic %s", encoded);
  g_mutex_unlock (&fake->lock);
}

guint
lalan_fake_openrosa_count (LalanFakeOpenRosa *fake,
                           const char        *method)
{
  guint count;

  g_mutex_lock (&fake->lock);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (fake->counts, method));
  g_mutex_unlock (&fake->lock);

  return count;
}

char *
lalan_fake_openrosa_last_request (LalanFakeOpenRosa *fake)
{
  char *request;

  g_mutex_lock (&fake->lock);
  request = g_strdup (fake->last_request);
  g_mutex_unlock (&fake->lock);

  return request;
}

void
lalan_fake_openrosa_free (LalanFakeOpenRosa *fake)
{
  if (fake == NULL)
    return;

  g_socket_service_stop (fake->service);
  g_socket_listener_close (G_SOCKET_LISTENER (fake->service));
  g_main_loop_quit (fake->loop);
  g_thread_join (fake->thread);
  g_object_unref (fake->service);
  g_main_loop_unref (fake->loop);
  g_main_context_unref (fake->context);
  g_hash_table_unref (fake->answers);
  g_hash_table_unref (fake->counts);
  g_free (fake->last_request);
  g_free (fake->basic);
  g_free (fake->url);
  g_mutex_clear (&fake->lock);
  g_free (fake);
}
