/* lalan-inventory-speedtest.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-server-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/random.h>

/* The connectivity test's counterpart (the measure issue's client): a
 * download of N random bytes, written a chunk at a time as the previous
 * one leaves, so a 100 MB test costs 64 kB of memory; and an upload that
 * is counted and dropped as it arrives. */

#define DOWNLOAD_DEFAULT (10 * 1024 * 1024)
#define DOWNLOAD_MAX ((guint64) 200 * 1024 * 1024)
#define CHUNK_SIZE (64 * 1024)

/* xoshiro256**: fast, and its output does not compress, so no proxy or
 * link layer can make the link look faster than it is. */
static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

static guint64
next_random (guint64 s[4])
{
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);

  return result;
}

static GBytes *
make_chunk (LalanInventoryRequest *req)
{
  gsize size = MIN (req->remaining, (guint64) CHUNK_SIZE);
  guint64 *words = g_malloc ((size + 7) & ~(gsize) 7);

  for (gsize i = 0; i < (size + 7) / 8; i++)
    words[i] = next_random (req->rng);

  req->remaining -= size;
  return g_bytes_new_take (words, size);
}

static void
wrote_chunk_cb (SoupServerMessage *msg,
                gpointer           user_data)
{
  LalanInventoryRequest *req = lalan_inventory_request_get (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  if (req == NULL)
    return;

  if (req->remaining > 0)
    {
      g_autoptr(GBytes) chunk = make_chunk (req);

      soup_message_body_append_bytes (body, chunk);
    }
  else
    soup_message_body_complete (body);
}

void
lalan_inventory_handle_speed_download (LalanInventoryRequest *req,
                                       SoupServerMessage     *msg,
                                       GHashTable            *query)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  const char *requested = query != NULL ? g_hash_table_lookup (query, "bytes") : NULL;
  guint64 bytes = DOWNLOAD_DEFAULT;

  if (requested != NULL && !g_ascii_string_to_unsigned (requested, 10, 0, G_MAXUINT64, &bytes, NULL))
    {
      lalan_inventory_respond_error (req, msg, SOUP_STATUS_BAD_REQUEST,
                                     _("The number of bytes to download must be a whole number."));
      return;
    }

  req->remaining = MIN (bytes, DOWNLOAD_MAX);
  if (getrandom (req->rng, sizeof req->rng, 0) != sizeof req->rng)
    {
      req->rng[0] = g_get_real_time ();
      req->rng[1] = (guint64) g_random_int () << 32 | g_random_int ();
      req->rng[2] = 0x9e3779b97f4a7c15u;
      req->rng[3] = (guint64) (gsize) req;
    }

  soup_message_headers_replace (headers, "Cache-Control", "no-store, no-cache, no-transform, max-age=0");
  soup_message_headers_replace (headers, "Pragma", "no-cache");
  soup_message_headers_set_content_type (headers, "application/octet-stream", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CONTENT_LENGTH);
  soup_message_headers_set_content_length (headers, req->remaining);
  soup_message_body_set_accumulate (body, FALSE);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);

  if (soup_server_message_get_method (msg) == SOUP_METHOD_HEAD || req->remaining == 0)
    {
      soup_message_body_complete (body);
      return;
    }

  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (wrote_chunk_cb), NULL);
  wrote_chunk_cb (msg, NULL);
}

void
lalan_inventory_handle_speed_upload (LalanInventoryRequest *req,
                                     SoupServerMessage     *msg)
{
  g_autofree char *json = NULL;
  char seconds[G_ASCII_DTOSTR_BUF_SIZE];
  gint64 end = req->body_end_us > 0 ? req->body_end_us : g_get_monotonic_time ();
  gsize length;

  /* From the end of the headers to the end of the body, as the server saw
   * it: what the client's own clock cannot tell. */
  g_ascii_formatd (seconds, sizeof seconds, "%.6f", (end - req->body_start_us) / (double) G_USEC_PER_SEC);
  json = g_strdup_printf ("{\"bytes\": %" G_GUINT64_FORMAT ", \"seconds\": %s}\n", req->received, seconds);
  length = strlen (json);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&json), length);
}
