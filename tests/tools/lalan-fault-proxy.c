/* lalan-fault-proxy.c — a TCP proxy that makes links bad on purpose.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sits between a client and a server on 127.0.0.1 and gives each connection
 * the faults a volunteer's link has: delay, a bandwidth limit, a connection
 * cut after N bytes, 500/502 answers, a captive portal's login page, or a
 * server that accepts and never answers. Used by the sync and measurement
 * tests and benchmarks; listens on loopback only and stops by itself.
 *
 *   lalan-fault-proxy --upstream 127.0.0.1:PORT [options]
 *
 * It prints "PORT <n>" on its first line once listening. SIGUSR1 turns the
 * faults off (a clean link from then on), SIGUSR2 turns them back on.
 * Shaping: each direction is serialized at --rate-kbit and delivered
 * --delay-ms/2 later, through a queue the size of the bandwidth-delay
 * product, so TCP sees a real bottleneck rather than a sleeping socket.
 * By default every connection has a link of its own; with --shared-link all
 * connections share one link per direction, as the streams of a speed test
 * share the one line of a house.
 */

#include <errno.h>
#include <glib.h>
#include <glib-unix.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <unistd.h>

typedef enum
{
  FAULT_NONE,
  FAULT_CUT,
  FAULT_HTTP_500,
  FAULT_HTTP_502,
  FAULT_CAPTIVE,
  FAULT_BLACKHOLE,
  FAULT_SLOW_START,
  N_FAULTS
} Fault;

static const char *fault_names[] = {
  "none", "cut", "500", "502", "captive", "blackhole", "slow-start",
};

/* Options */
static char *upstream_option;
static int listen_port_option;
static int delay_ms_option;
static int rate_kbit_option;
static gint64 cut_after_option = -1;
static char *fault_option;
static double fault_rate_option = 0.0;
static int seed_option = 1;
static int lifetime_option = 900;
static int slow_start_ms_option = 3000;
static gboolean shared_link_option;

static volatile gint faults_enabled = 1;
static struct sockaddr_in upstream_addr;
static GMutex rng_lock;
static GRand *rng;
static gint connection_counter;

/* With --shared-link: when each direction's one link is next free. */
static GMutex link_lock;
static gint64 link_next_departure[2];

typedef struct
{
  gint64  deliver_at;
  gsize   len;
  guint8  data[];
} Chunk;

/* One direction of one connection. */
typedef struct
{
  int      from;
  int      to;
  int      direction;    /* 0 towards the server, 1 towards the client */
  GMutex   lock;
  GCond    cond;
  GQueue   queue;
  gsize    queued_bytes;
  gsize    queue_limit;
  gint64   next_departure;
  gboolean eof;
  gboolean failed;
  gint64   cut_after;    /* bytes still allowed before the cut, or -1 */
  int     *both_fds;
} Pipe;

static gint64
now_us (void)
{
  return g_get_monotonic_time ();
}

static void
sleep_until (gint64 when)
{
  gint64 delta = when - now_us ();

  if (delta > 0)
    g_usleep (delta);
}

/* With --shared-link the proxy stands for a real link, so its sockets
 * must not add buffers of their own: on loopback the kernel would accept
 * megabytes ahead of the link (and acknowledge them, so a sender would
 * count them as delivered), and its 64 KiB segments would open the window
 * in jumps no real link makes. Ethernet-sized segments and a small receive
 * buffer leave the link's queue as the only one. Set on the listener
 * before listen() and on the upstream socket before connect(). */
static void
make_link_like (int fd)
{
  int segment = 1448;
  int buffer = 4096;

  if (!shared_link_option)
    return;

  setsockopt (fd, IPPROTO_TCP, TCP_MAXSEG, &segment, sizeof segment);
  setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
}

static void
shutdown_both (int *fds)
{
  shutdown (fds[0], SHUT_RDWR);
  shutdown (fds[1], SHUT_RDWR);
}

/* The shared link's buffer holds what leaves within (delay + 50 ms), like
 * the per-connection queue below: a reader waits while the link is booked
 * further ahead than that, so TCP meets one shared bottleneck. Returns
 * when the n bytes leave the link. */
static gint64
take_shared_link (int    direction,
                  gsize  n,
                  double bytes_per_us)
{
  gint64 max_backlog = (gint64) (delay_ms_option + 50) * 1000;
  gint64 depart;

  if (bytes_per_us > 0)
    max_backlog = MAX (max_backlog, (gint64) (32768 / bytes_per_us));

  for (;;)
    {
      gint64 backlog;

      g_mutex_lock (&link_lock);
      backlog = link_next_departure[direction] - now_us ();
      if (backlog <= max_backlog)
        {
          depart = MAX (now_us (), link_next_departure[direction]);
          if (bytes_per_us > 0)
            depart += (gint64) (n / bytes_per_us);
          link_next_departure[direction] = depart;
          g_mutex_unlock (&link_lock);
          return depart;
        }
      g_mutex_unlock (&link_lock);
      g_usleep (MIN (backlog - max_backlog, 20000) + 100);
    }
}

/* Reads from the source, stamps each chunk with when it leaves the
 * bottleneck and when it arrives, and queues it for the writer. */
static gpointer
pipe_reader (gpointer data)
{
  Pipe *pipe = data;
  guint8 buf[16384];
  double bytes_per_us = rate_kbit_option > 0 ? rate_kbit_option * 1000.0 / 8.0 / 1e6 : 0;
  gint64 half_delay = (gint64) delay_ms_option * 1000 / 2;

  for (;;)
    {
      gsize want = sizeof buf;
      ssize_t n;
      Chunk *chunk;
      gint64 depart;

      /* Small reads under a slow link keep the shaping smooth. */
      if (bytes_per_us > 0)
        want = MIN (want, MAX (512, (gsize) (bytes_per_us * 20000)));
      if (pipe->cut_after >= 0)
        want = MIN (want, (gsize) MAX (pipe->cut_after, 1));

      n = recv (pipe->from, buf, want, 0);
      if (n <= 0)
        break;

      if (pipe->cut_after >= 0)
        {
          if ((gint64) n > pipe->cut_after)
            n = pipe->cut_after;
          pipe->cut_after -= n;
        }

      chunk = g_malloc (sizeof (Chunk) + n);
      chunk->len = n;
      memcpy (chunk->data, buf, n);

      g_mutex_lock (&pipe->lock);
      while (pipe->queued_bytes > pipe->queue_limit && !pipe->failed)
        g_cond_wait (&pipe->cond, &pipe->lock);
      if (pipe->failed)
        {
          g_mutex_unlock (&pipe->lock);
          g_free (chunk);
          break;
        }
      if (shared_link_option)
        {
          /* Waiting for the shared link must not hold this pipe's lock:
           * the writer needs it to deliver what is already booked. Only
           * this thread adds to the queue, so the room found stays. */
          g_mutex_unlock (&pipe->lock);
          depart = take_shared_link (pipe->direction, n, bytes_per_us);
          g_mutex_lock (&pipe->lock);
        }
      else
        {
          depart = MAX (now_us (), pipe->next_departure);
          if (bytes_per_us > 0)
            depart += (gint64) (n / bytes_per_us);
          pipe->next_departure = depart;
        }
      chunk->deliver_at = depart + half_delay;
      g_queue_push_tail (&pipe->queue, chunk);
      pipe->queued_bytes += n;
      g_cond_broadcast (&pipe->cond);
      g_mutex_unlock (&pipe->lock);

      if (pipe->cut_after == 0)
        break;
    }

  g_mutex_lock (&pipe->lock);
  pipe->eof = TRUE;
  g_cond_broadcast (&pipe->cond);
  g_mutex_unlock (&pipe->lock);

  return NULL;
}

static gboolean
send_all (int         fd,
          const void *data,
          gsize       len)
{
  const guint8 *p = data;

  while (len > 0)
    {
      ssize_t n = send (fd, p, len, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= n;
    }

  return TRUE;
}

static gpointer
pipe_writer (gpointer data)
{
  Pipe *pipe = data;

  for (;;)
    {
      Chunk *chunk;

      g_mutex_lock (&pipe->lock);
      while (g_queue_is_empty (&pipe->queue) && !pipe->eof)
        g_cond_wait (&pipe->cond, &pipe->lock);
      chunk = g_queue_pop_head (&pipe->queue);
      g_mutex_unlock (&pipe->lock);

      if (chunk == NULL)
        break;

      sleep_until (chunk->deliver_at);
      if (!send_all (pipe->to, chunk->data, chunk->len))
        {
          g_free (chunk);
          g_mutex_lock (&pipe->lock);
          pipe->failed = TRUE;
          g_cond_broadcast (&pipe->cond);
          g_mutex_unlock (&pipe->lock);
          break;
        }

      g_mutex_lock (&pipe->lock);
      pipe->queued_bytes -= chunk->len;
      g_cond_broadcast (&pipe->cond);
      g_mutex_unlock (&pipe->lock);
      g_free (chunk);
    }

  if (pipe->cut_after == 0 || pipe->failed)
    shutdown_both (pipe->both_fds);
  else
    shutdown (pipe->to, SHUT_WR);

  return NULL;
}

static void
pipe_init (Pipe *pipe,
           int   from,
           int   to,
           int   direction,
           int  *both_fds)
{
  double bytes_per_s = rate_kbit_option > 0 ? rate_kbit_option * 1000.0 / 8.0 : 64e6;

  memset (pipe, 0, sizeof *pipe);
  pipe->from = from;
  pipe->to = to;
  pipe->direction = direction;
  pipe->both_fds = both_fds;
  pipe->cut_after = -1;
  g_mutex_init (&pipe->lock);
  g_cond_init (&pipe->cond);
  g_queue_init (&pipe->queue);
  /* A bottleneck buffer of one bandwidth-delay product (at least 32 KiB). */
  pipe->queue_limit = MAX (32768, (gsize) (bytes_per_s * (delay_ms_option + 50) / 1000.0));
}

static void
pipe_clear (Pipe *pipe)
{
  g_queue_clear_full (&pipe->queue, g_free);
  g_mutex_clear (&pipe->lock);
  g_cond_clear (&pipe->cond);
}

static Fault
choose_fault (void)
{
  Fault fault = FAULT_NONE;

  if (!g_atomic_int_get (&faults_enabled))
    return FAULT_NONE;

  if (fault_option != NULL)
    {
      for (int i = 0; i < N_FAULTS; i++)
        if (g_str_equal (fault_option, fault_names[i]))
          fault = i;
      if (g_str_equal (fault_option, "random"))
        {
          g_mutex_lock (&rng_lock);
          if (g_rand_double (rng) < fault_rate_option)
            fault = g_rand_int_range (rng, FAULT_CUT, N_FAULTS);
          g_mutex_unlock (&rng_lock);
        }
    }

  return fault;
}

static void
drain_request (int fd)
{
  guint8 buf[4096];
  struct timeval tv = { 0, 200000 };

  /* Read what the client sent so the answer is not a reset. */
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  while (recv (fd, buf, sizeof buf, 0) > 0)
    ;
}

static void
answer_http (int         fd,
             int         status,
             const char *reason,
             const char *content_type,
             const char *body)
{
  g_autofree char *response = g_strdup_printf ("HTTP/1.1 %d %s\r\n"
                                               "Content-Type: %s\r\n"
                                               "Content-Length: %zu\r\n"
                                               "Connection: close\r\n"
                                               "\r\n%s",
                                               status, reason, content_type,
                                               strlen (body), body);
  drain_request (fd);
  send_all (fd, response, strlen (response));
}

static gpointer
handle_connection (gpointer data)
{
  int client = GPOINTER_TO_INT (data);
  int server = -1;
  int fds[2];
  Pipe up, down;
  GThread *threads[4];
  Fault fault = choose_fault ();
  int one = 1;

  g_atomic_int_inc (&connection_counter);
  setsockopt (client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  switch (fault)
    {
    case FAULT_HTTP_500:
      answer_http (client, 500, "Internal Server Error", "text/plain", "internal error\n");
      goto out;

    case FAULT_HTTP_502:
      answer_http (client, 502, "Bad Gateway", "text/html",
                   "<html><body><h1>502 Bad Gateway</h1></body></html>\n");
      goto out;

    case FAULT_CAPTIVE:
      answer_http (client, 200, "OK", "text/html; charset=utf-8",
                   "<!DOCTYPE html><html><head><title>Free Wi-Fi</title></head>"
                   "<body><h1>Welcome to Free Wi-Fi</h1><p>Please sign in to continue.</p>"
                   "<form method=\"post\" action=\"/login\"><input name=\"phone\">"
                   "<button>Sign in</button></form></body></html>\n");
      goto out;

    case FAULT_BLACKHOLE:
      {
        guint8 buf[4096];

        /* Accepts, reads, never answers, until the client gives up. */
        while (recv (client, buf, sizeof buf, 0) > 0)
          ;
        goto out;
      }

    case FAULT_SLOW_START:
      g_usleep ((gulong) slow_start_ms_option * 1000);
      break;

    case FAULT_NONE:
    case FAULT_CUT:
    case N_FAULTS:
    default:
      break;
    }

  server = socket (AF_INET, SOCK_STREAM, 0);
  if (server >= 0)
    make_link_like (server);
  if (server < 0 || connect (server, (struct sockaddr *) &upstream_addr, sizeof upstream_addr) != 0)
    goto out;
  setsockopt (server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  fds[0] = client;
  fds[1] = server;
  pipe_init (&up, client, server, 0, fds);
  pipe_init (&down, server, client, 1, fds);

  if (fault == FAULT_CUT)
    {
      /* Cut somewhere in the answer, or in the request for a large body. */
      g_mutex_lock (&rng_lock);
      down.cut_after = cut_after_option >= 0 ? cut_after_option : g_rand_int_range (rng, 0, 600);
      g_mutex_unlock (&rng_lock);
    }
  else if (cut_after_option >= 0 && fault_option == NULL && g_atomic_int_get (&faults_enabled))
    down.cut_after = cut_after_option;

  threads[0] = g_thread_new ("up-read", pipe_reader, &up);
  threads[1] = g_thread_new ("up-write", pipe_writer, &up);
  threads[2] = g_thread_new ("down-read", pipe_reader, &down);
  threads[3] = g_thread_new ("down-write", pipe_writer, &down);
  for (int i = 0; i < 4; i++)
    g_thread_join (threads[i]);

  pipe_clear (&up);
  pipe_clear (&down);

out:
  if (server >= 0)
    close (server);
  close (client);
  return NULL;
}

static gboolean
faults_off_cb (gpointer data)
{
  g_atomic_int_set (&faults_enabled, 0);
  return G_SOURCE_CONTINUE;
}

static gboolean
faults_on_cb (gpointer data)
{
  g_atomic_int_set (&faults_enabled, 1);
  return G_SOURCE_CONTINUE;
}

static gboolean
lifetime_cb (gpointer data)
{
  g_printerr ("lalan-fault-proxy: lifetime reached, stopping\n");
  exit (0);
  return G_SOURCE_REMOVE;
}

static gpointer
accept_loop (gpointer data)
{
  int listener = GPOINTER_TO_INT (data);

  for (;;)
    {
      int client = accept (listener, NULL, NULL);

      if (client < 0)
        {
          if (errno == EINTR || errno == ECONNABORTED)
            continue;
          break;
        }
      g_thread_unref (g_thread_new ("connection", handle_connection, GINT_TO_POINTER (client)));
    }

  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  GOptionEntry entries[] = {
    { "upstream", 'u', 0, G_OPTION_ARG_STRING, &upstream_option, "The server, 127.0.0.1:PORT", "ADDR" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &listen_port_option, "Port to listen on (0: any free one)", "PORT" },
    { "delay-ms", 0, 0, G_OPTION_ARG_INT, &delay_ms_option, "Round-trip delay added, half each way", "MS" },
    { "rate-kbit", 0, 0, G_OPTION_ARG_INT, &rate_kbit_option, "Bandwidth of each direction", "KBIT" },
    { "cut-after", 0, 0, G_OPTION_ARG_INT64, &cut_after_option, "Cut each connection after N bytes of answer", "N" },
    { "fault", 0, 0, G_OPTION_ARG_STRING, &fault_option, "none, cut, 500, 502, captive, blackhole, slow-start, or random", "FAULT" },
    { "fault-rate", 0, 0, G_OPTION_ARG_DOUBLE, &fault_rate_option, "With --fault random: share of connections that get a fault", "P" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed_option, "Random seed", "N" },
    { "slow-start-ms", 0, 0, G_OPTION_ARG_INT, &slow_start_ms_option, "How long slow-start holds a connection", "MS" },
    { "lifetime", 0, 0, G_OPTION_ARG_INT, &lifetime_option, "Stop after this many seconds", "S" },
    { "shared-link", 0, 0, G_OPTION_ARG_NONE, &shared_link_option, "All connections share one link per direction", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- a TCP proxy with faults, for tests");
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_auto(GStrv) parts = NULL;
  struct sockaddr_in addr = { 0 };
  socklen_t addr_len = sizeof addr;
  int listener, one = 1;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || upstream_option == NULL)
    {
      g_printerr ("%s\n", error ? error->message : "--upstream is required");
      return 2;
    }

  /* Test servers stop by themselves: with their parent, or after a while. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  signal (SIGPIPE, SIG_IGN);

  parts = g_strsplit (upstream_option, ":", 2);
  if (g_strv_length (parts) != 2 || !g_str_equal (parts[0], "127.0.0.1"))
    {
      g_printerr ("--upstream must be 127.0.0.1:PORT: this proxy talks to loopback only\n");
      return 2;
    }
  upstream_addr.sin_family = AF_INET;
  upstream_addr.sin_port = htons (atoi (parts[1]));
  inet_pton (AF_INET, "127.0.0.1", &upstream_addr.sin_addr);

  rng = g_rand_new_with_seed (seed_option);

  listener = socket (AF_INET, SOCK_STREAM, 0);
  setsockopt (listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  make_link_like (listener);
  addr.sin_family = AF_INET;
  addr.sin_port = htons (listen_port_option);
  inet_pton (AF_INET, "127.0.0.1", &addr.sin_addr);
  if (bind (listener, (struct sockaddr *) &addr, sizeof addr) != 0 || listen (listener, 128) != 0)
    {
      g_printerr ("cannot listen: %s\n", g_strerror (errno));
      return 1;
    }
  getsockname (listener, (struct sockaddr *) &addr, &addr_len);
  printf ("PORT %d\n", ntohs (addr.sin_port));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGUSR1, faults_off_cb, NULL);
  g_unix_signal_add (SIGUSR2, faults_on_cb, NULL);
  g_timeout_add_seconds (lifetime_option, lifetime_cb, NULL);
  g_thread_unref (g_thread_new ("accept", accept_loop, GINT_TO_POINTER (listener)));
  g_main_loop_run (loop);

  return 0;
}
