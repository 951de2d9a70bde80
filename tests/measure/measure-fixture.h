/* measure-fixture.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the connectivity tests run against, all on 127.0.0.1 with ports the
 * system picks, and all stopping by themselves if the test dies: a
 * lalan-inventory server, the fault proxy in front of it, and a responder
 * that answers every request with one fixed HTTP answer. */

typedef struct
{
  GSubprocess *process;
  char        *data_dir;
  guint16      port;
  char        *url;
} MeasureServer;

typedef struct
{
  GSubprocess *process;
  guint16      port;
  char        *url;
} MeasureProxy;

typedef struct _MeasureResponder MeasureResponder;

MeasureServer    *measure_server_start     (void);
MeasureServer    *measure_server_start_with (const char      *first_arg,
                                            ...) G_GNUC_NULL_TERMINATED;
void              measure_server_free      (MeasureServer    *server);

MeasureProxy     *measure_proxy_start      (guint16           upstream_port,
                                            const char       *first_arg,
                                            ...) G_GNUC_NULL_TERMINATED;
void              measure_proxy_free       (MeasureProxy     *proxy);

MeasureResponder *measure_responder_start  (const char       *answer);
const char       *measure_responder_url    (MeasureResponder *responder);
void              measure_responder_free   (MeasureResponder *responder);

guint16           measure_closed_port      (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MeasureServer, measure_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MeasureProxy, measure_proxy_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MeasureResponder, measure_responder_free)

G_END_DECLS
