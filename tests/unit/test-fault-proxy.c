/* test-fault-proxy.c — the fault proxy injects the faults it promises, so
 * the sync and measurement tests that rely on it measure what they claim.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-test.h"

#include <gio/gio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* ---- an upstream on loopback: "SEND n\n" answers n bytes, "PING\n" answers
 * "PONG\n", each on its own connection ---------------------------------- */

static gboolean
on_incoming_cb (GSocketService    *service,
                GSocketConnection *connection,
                GObject           *source,
                gpointer           data)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (in);
  g_autofree char *line = NULL;

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  line = g_data_input_stream_read_line (lines, NULL, NULL, NULL);
  if (line == NULL)
    return TRUE;

  if (g_str_has_prefix (line, "SEND "))
    {
      gsize n = g_ascii_strtoull (line + 5, NULL, 10);
      g_autofree guint8 *buf = g_malloc (65536);

      memset (buf, 'x', 65536);
      while (n > 0)
        {
          gsize chunk = MIN (n, 65536);

          if (!g_output_stream_write_all (out, buf, chunk, NULL, NULL, NULL))
            break;
          n -= chunk;
        }
    }
  else if (g_str_equal (line, "PING"))
    g_output_stream_write_all (out, "PONG\n", 5, NULL, NULL, NULL);

  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

/* The upstream accepts from its own thread and main context, so the test's
 * blocking client calls never starve it. */
static gpointer
upstream_thread (gpointer data)
{
  GAsyncQueue *ready = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;
  GSocketService *service;

  g_main_context_push_thread_default (context);
  service = g_threaded_socket_service_new (20);
  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (on_incoming_cb), NULL);
  g_socket_service_start (service);

  g_async_queue_push (ready, GUINT_TO_POINTER (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective))));
  g_main_loop_run (loop);
  return NULL;
}

static guint16
start_upstream (void)
{
  GAsyncQueue *ready = g_async_queue_new ();
  guint16 port;

  g_thread_unref (g_thread_new ("upstream", upstream_thread, ready));
  port = GPOINTER_TO_UINT (g_async_queue_pop (ready));
  g_async_queue_unref (ready);
  return port;
}

static guint16 upstream_port;

/* ---- the proxy under test -------------------------------------------- */

typedef struct
{
  GSubprocess *process;
  guint16      port;
} Proxy;

static Proxy *
proxy_start (const char *first_arg,
             ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  Proxy *proxy = g_new0 (Proxy, 1);
  va_list ap;

  g_ptr_array_add (args, g_strdup (g_getenv ("LALAN_FAULT_PROXY")));
  g_ptr_array_add (args, g_strdup_printf ("--upstream=127.0.0.1:%u", upstream_port));
  g_ptr_array_add (args, g_strdup ("--lifetime=120"));
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (args, NULL);

  proxy->process = g_subprocess_newv ((const char * const *) args->pdata,
                                      G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proxy->process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "PORT "));
  proxy->port = atoi (line + 5);

  return proxy;
}

static void
proxy_stop (Proxy *proxy)
{
  g_subprocess_force_exit (proxy->process);
  g_subprocess_wait (proxy->process, NULL, NULL);
  g_object_unref (proxy->process);
  g_free (proxy);
}

/* Sends a request line through the proxy and reads the answer to the end,
 * or until timeout_ms passes. */
static GBytes *
exchange (Proxy      *proxy,
          const char *request,
          int         timeout_ms,
          double     *seconds)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GByteArray) received = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  GSocket *socket;
  gint64 start, deadline;
  guint8 buf[65536];

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", proxy->port, NULL, &error);
  g_assert_no_error (error);
  socket = g_socket_connection_get_socket (connection);

  start = g_get_monotonic_time ();
  deadline = start + (gint64) timeout_ms * 1000;
  g_socket_send (socket, request, strlen (request), NULL, &error);
  g_assert_no_error (error);

  for (;;)
    {
      gssize n;
      gint64 left = deadline - g_get_monotonic_time ();

      if (left <= 0)
        break;
      g_socket_set_timeout (socket, MAX (1, (guint) (left / 1000000) + 1));
      if (!g_socket_condition_timed_wait (socket, G_IO_IN, left, NULL, NULL))
        break;
      n = g_socket_receive (socket, (char *) buf, sizeof buf, NULL, NULL);
      if (n <= 0)
        break;
      g_byte_array_append (received, buf, n);
    }

  if (seconds != NULL)
    *seconds = (g_get_monotonic_time () - start) / 1e6;

  return g_byte_array_free_to_bytes (g_steal_pointer (&received));
}

static void
test_clean (void)
{
  Proxy *proxy = proxy_start (NULL);
  g_autoptr(GBytes) answer = exchange (proxy, "SEND 1000000\n", 10000, NULL);

  g_assert_cmpuint (g_bytes_get_size (answer), ==, 1000000);
  proxy_stop (proxy);
}

static void
test_rate (void)
{
  /* 8 Mbit/s is 1 MB/s: 2 MB take 2 s, within 15 %. */
  Proxy *proxy = proxy_start ("--rate-kbit=8000", NULL);
  double seconds;
  g_autoptr(GBytes) answer = exchange (proxy, "SEND 2000000\n", 10000, &seconds);

  g_test_message ("2 MB at 8 Mbit/s took %.2f s", seconds);
  g_assert_cmpuint (g_bytes_get_size (answer), ==, 2000000);
  g_assert_cmpfloat (seconds, >, 2.0 * 0.85);
  g_assert_cmpfloat (seconds, <, 2.0 * 1.15);
  proxy_stop (proxy);
}

typedef struct
{
  Proxy  *proxy;
  double  seconds;
  gsize   received;
} SharedExchange;

static gpointer
shared_exchange_thread (gpointer data)
{
  SharedExchange *exchange_data = data;
  g_autoptr(GBytes) answer = exchange (exchange_data->proxy, "SEND 1000000\n", 10000, &exchange_data->seconds);

  exchange_data->received = g_bytes_get_size (answer);
  return NULL;
}

static void
test_shared_link (void)
{
  /* Two connections at once through one 8 Mbit/s link: 2 MB in all take
   * 2 s, where two links of their own would take 1 s. */
  Proxy *proxy = proxy_start ("--rate-kbit=8000", "--shared-link", NULL);
  SharedExchange exchanges[2] = { { proxy }, { proxy } };
  GThread *threads[2];
  double longest = 0;

  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("shared", shared_exchange_thread, &exchanges[i]);
  for (guint i = 0; i < 2; i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpuint (exchanges[i].received, ==, 1000000);
      longest = MAX (longest, exchanges[i].seconds);
    }

  g_test_message ("2 × 1 MB at 8 Mbit/s shared took %.2f s", longest);
  g_assert_cmpfloat (longest, >, 2.0 * 0.85);
  g_assert_cmpfloat (longest, <, 2.0 * 1.15);
  proxy_stop (proxy);
}

static void
test_delay (void)
{
  Proxy *proxy = proxy_start ("--delay-ms=200", NULL);
  double seconds;
  g_autoptr(GBytes) answer = exchange (proxy, "PING\n", 5000, &seconds);

  /* One round trip through the proxy: 200 ms added, within 20 %. */
  g_test_message ("PING took %.3f s", seconds);
  g_assert_cmpmem (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), "PONG\n", 5);
  g_assert_cmpfloat (seconds, >, 0.2 * 0.8);
  g_assert_cmpfloat (seconds, <, 0.2 * 1.2);
  proxy_stop (proxy);
}

static void
test_cut (void)
{
  Proxy *proxy = proxy_start ("--cut-after=1000", NULL);
  g_autoptr(GBytes) answer = exchange (proxy, "SEND 100000\n", 5000, NULL);

  g_assert_cmpuint (g_bytes_get_size (answer), ==, 1000);
  proxy_stop (proxy);
}

static void
assert_answer_starts (const char *fault,
                      const char *prefix,
                      const char *contains)
{
  g_autofree char *option = g_strdup_printf ("--fault=%s", fault);
  Proxy *proxy = proxy_start (option, NULL);
  g_autoptr(GBytes) answer = exchange (proxy, "POST /submission HTTP/1.1\r\nHost: x\r\n\r\n", 5000, NULL);
  g_autofree char *text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));

  g_assert_true (g_str_has_prefix (text, prefix));
  g_assert_nonnull (strstr (text, contains));
  proxy_stop (proxy);
}

static void
test_http_faults (void)
{
  assert_answer_starts ("500", "HTTP/1.1 500", "internal error");
  assert_answer_starts ("502", "HTTP/1.1 502", "Bad Gateway");
  assert_answer_starts ("captive", "HTTP/1.1 200", "sign in");
}

static void
test_blackhole (void)
{
  Proxy *proxy = proxy_start ("--fault=blackhole", NULL);
  double seconds;
  g_autoptr(GBytes) answer = exchange (proxy, "PING\n", 1500, &seconds);

  /* Accepted, and nothing ever comes back. */
  g_assert_cmpuint (g_bytes_get_size (answer), ==, 0);
  g_assert_cmpfloat (seconds, >=, 1.4);
  proxy_stop (proxy);
}

static void
test_faults_off (void)
{
  Proxy *proxy = proxy_start ("--fault=random", "--fault-rate=1.0", "--seed=7", NULL);
  guint clean = 0;

  /* Every connection gets a fault... */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GBytes) answer = exchange (proxy, "PING\n", 400, NULL);

      if (g_bytes_get_size (answer) == 5 &&
          memcmp (g_bytes_get_data (answer, NULL), "PONG\n", 5) == 0)
        clean++;
    }
  g_assert_cmpuint (clean, <, 5);

  /* ...until SIGUSR1 turns them off. */
  g_subprocess_send_signal (proxy->process, SIGUSR1);
  g_usleep (200000);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GBytes) answer = exchange (proxy, "PING\n", 5000, NULL);

      g_assert_cmpmem (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), "PONG\n", 5);
    }
  proxy_stop (proxy);
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);

  upstream_port = start_upstream ();

  g_test_add_func ("/fault-proxy/clean", test_clean);
  g_test_add_func ("/fault-proxy/rate", test_rate);
  g_test_add_func ("/fault-proxy/shared-link", test_shared_link);
  g_test_add_func ("/fault-proxy/delay", test_delay);
  g_test_add_func ("/fault-proxy/cut", test_cut);
  g_test_add_func ("/fault-proxy/http-faults", test_http_faults);
  g_test_add_func ("/fault-proxy/blackhole", test_blackhole);
  g_test_add_func ("/fault-proxy/faults-off", test_faults_off);

  return g_test_run ();
}
