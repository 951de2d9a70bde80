/* measure-fixture.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "measure-fixture.h"

#include "lalan-test.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

/* lalan-inventory has no lifetime of its own: it is told to stop when the
 * test process goes, however it goes. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static char *
read_line_with_deadline (GDataInputStream *stream)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line (stream, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  return line;
}

/**
 * measure_server_start_with:
 * @first_arg: more options for lalan-inventory (such as --tls-cert), ending
 *   with %NULL
 *
 * Starts lalan-inventory (LALAN_INVENTORY) with an empty data folder.
 *
 * Returns: (transfer full): the running server
 */
MeasureServer *
measure_server_start_with (const char *first_arg,
                           ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  MeasureServer *server = g_new0 (MeasureServer, 1);
  const char *executable = g_getenv ("LALAN_INVENTORY");
  va_list ap;

  g_assert_nonnull (executable);
  server->data_dir = lalan_test_make_tmp_dir ("measure-inventory");

  g_ptr_array_add (args, (char *) executable);
  g_ptr_array_add (args, (char *) "--data-dir");
  g_ptr_array_add (args, server->data_dir);
  g_ptr_array_add (args, (char *) "--listen");
  g_ptr_array_add (args, (char *) "127.0.0.1:0");
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);

  /* The first line says where it listens (in any language: find the URL). */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  while (server->port == 0)
    {
      g_autofree char *line = read_line_with_deadline (out);
      const char *found = strstr (line, "://127.0.0.1:");

      if (found != NULL)
        {
          const char *scheme = found;

          while (scheme > line && g_ascii_isalpha (scheme[-1]))
            scheme--;
          server->port = (guint16) g_ascii_strtoull (found + strlen ("://127.0.0.1:"), NULL, 10);
          server->url = g_strdup_printf ("%.*s://127.0.0.1:%u", (int) (found - scheme), scheme, server->port);
        }
    }

  return server;
}

/**
 * measure_server_start:
 *
 * Returns: (transfer full): a running server over plain HTTP
 */
MeasureServer *
measure_server_start (void)
{
  return measure_server_start_with (NULL, NULL);
}

/**
 * measure_server_free:
 * @server: (nullable): a server
 *
 * Stops the server and removes its data.
 */
void
measure_server_free (MeasureServer *server)
{
  if (server == NULL)
    return;

  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_object_unref (server->process);
  lalan_test_remove_tree (server->data_dir);
  g_free (server->data_dir);
  g_free (server->url);
  g_free (server);
}

/**
 * measure_proxy_start:
 * @upstream_port: the server's port on 127.0.0.1
 * @first_arg: options for lalan-fault-proxy, ending with %NULL
 *
 * Returns: (transfer full): the running proxy
 */
MeasureProxy *
measure_proxy_start (guint16     upstream_port,
                     const char *first_arg,
                     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  MeasureProxy *proxy = g_new0 (MeasureProxy, 1);
  const char *executable = g_getenv ("LALAN_FAULT_PROXY");
  va_list ap;

  g_assert_nonnull (executable);
  g_ptr_array_add (args, g_strdup (executable));
  g_ptr_array_add (args, g_strdup_printf ("--upstream=127.0.0.1:%u", upstream_port));
  g_ptr_array_add (args, g_strdup ("--lifetime=300"));
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (args, NULL);

  proxy->process = g_subprocess_newv ((const char * const *) args->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proxy->process));
  line = read_line_with_deadline (out);
  g_assert_true (g_str_has_prefix (line, "PORT "));
  proxy->port = (guint16) atoi (line + 5);
  proxy->url = g_strdup_printf ("http://127.0.0.1:%u", proxy->port);

  return proxy;
}

/**
 * measure_proxy_free:
 * @proxy: (nullable): a proxy
 */
void
measure_proxy_free (MeasureProxy *proxy)
{
  if (proxy == NULL)
    return;

  g_subprocess_force_exit (proxy->process);
  g_subprocess_wait (proxy->process, NULL, NULL);
  g_object_unref (proxy->process);
  g_free (proxy->url);
  g_free (proxy);
}

/* ---- a responder with one answer --------------------------------------- */

struct _MeasureResponder
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  char         *answer;
  char         *url;
};

static gboolean
on_incoming_cb (GSocketService    *service,
                GSocketConnection *connection,
                GObject           *source,
                gpointer           user_data)
{
  MeasureResponder *responder = user_data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  char buffer[4096];
  gsize got = 0;

  /* Reads the request's head, answers, closes. */
  while (got < sizeof buffer - 1)
    {
      gssize n = g_input_stream_read (in, buffer + got, sizeof buffer - 1 - got, NULL, NULL);

      if (n <= 0)
        break;
      got += n;
      buffer[got] = '\0';
      if (strstr (buffer, "\r\n\r\n") != NULL)
        break;
    }

  g_output_stream_write_all (out, responder->answer, strlen (responder->answer), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

typedef struct
{
  MeasureResponder *responder;
  GAsyncQueue      *ready;
} ResponderStart;

static gpointer
responder_thread (gpointer user_data)
{
  ResponderStart *start = user_data;
  MeasureResponder *responder = start->responder;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GSocketService) service = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (responder->context);
  service = g_threaded_socket_service_new (8);
  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (on_incoming_cb), responder);
  g_socket_service_start (service);

  responder->url = g_strdup_printf ("http://127.0.0.1:%u",
                                    g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  g_async_queue_push (start->ready, GUINT_TO_POINTER (1));

  g_main_loop_run (responder->loop);
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_main_context_pop_thread_default (responder->context);
  return NULL;
}

/**
 * measure_responder_start:
 * @answer: the whole HTTP answer, head and body
 *
 * Returns: (transfer full): a responder on 127.0.0.1
 */
MeasureResponder *
measure_responder_start (const char *answer)
{
  MeasureResponder *responder = g_new0 (MeasureResponder, 1);
  ResponderStart start = { responder, g_async_queue_new () };

  responder->answer = g_strdup (answer);
  responder->context = g_main_context_new ();
  responder->loop = g_main_loop_new (responder->context, FALSE);
  responder->thread = g_thread_new ("responder", responder_thread, &start);
  g_async_queue_pop (start.ready);
  g_async_queue_unref (start.ready);

  return responder;
}

/**
 * measure_responder_url:
 * @responder: a responder
 *
 * Returns: its root URL
 */
const char *
measure_responder_url (MeasureResponder *responder)
{
  return responder->url;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/**
 * measure_responder_free:
 * @responder: (nullable): a responder
 */
void
measure_responder_free (MeasureResponder *responder)
{
  if (responder == NULL)
    return;

  g_main_context_invoke (responder->context, quit_cb, responder->loop);
  g_thread_join (responder->thread);
  g_main_loop_unref (responder->loop);
  g_main_context_unref (responder->context);
  g_free (responder->answer);
  g_free (responder->url);
  g_free (responder);
}

/**
 * measure_closed_port:
 *
 * Returns: a port on 127.0.0.1 where nothing listens (it was free a moment
 *   ago, and nothing in the tests takes fixed ports)
 */
guint16
measure_closed_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}
