/* lalan-fake-openrosa.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A scripted HTTP/1.1 server on 127.0.0.1 for the answers lalan-inventory
 * never gives on purpose (5xx, 202, a 2xx with a foreign body, 413 from
 * the server itself, Basic and Digest sign-in): each request gets the
 * answer set for its method, on kept-alive connections. */

typedef struct _LalanFakeOpenRosa LalanFakeOpenRosa;

LalanFakeOpenRosa *lalan_fake_openrosa_new          (void);
const char        *lalan_fake_openrosa_get_url      (LalanFakeOpenRosa *fake);
void               lalan_fake_openrosa_set_answer   (LalanFakeOpenRosa *fake,
                                                     const char        *method,
                                                     guint              status,
                                                     gboolean           openrosa_header,
                                                     const char        *extra_headers,
                                                     const char        *body);
void               lalan_fake_openrosa_require_basic (LalanFakeOpenRosa *fake,
                                                      const char        *user,
                                                      const char        *password);
guint              lalan_fake_openrosa_count        (LalanFakeOpenRosa *fake,
                                                     const char        *method);
char              *lalan_fake_openrosa_last_request (LalanFakeOpenRosa *fake);
void               lalan_fake_openrosa_free         (LalanFakeOpenRosa *fake);

#define LALAN_FAKE_OPENROSA_OK_BODY \
  "<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\"><message nature=\"\">Received.</message></OpenRosaResponse>"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanFakeOpenRosa, lalan_fake_openrosa_free)

G_END_DECLS
