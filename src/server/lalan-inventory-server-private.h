/* lalan-inventory-server-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "lalan-inventory-db.h"
#include "lalan-inventory-i18n.h"
#include "lalan-inventory-lessons.h"
#include "lalan-inventory-server.h"
#include "lalan-inventory-spool.h"
#include "lalan-inventory-writer.h"

G_BEGIN_DECLS

struct _LalanInventoryServer
{
  GObject                parent_instance;

  /* owned */
  SoupServer            *soup;
  LalanInventoryDb      *db;        /* main thread: tokens, forms */
  LalanInventoryWriter  *writer;    /* its own thread: submissions */
  LalanInventoryLessons *lessons;
  char                  *data_dir;
  char                  *db_path;
  char                  *tmp_dir;
  gint64                 max_submission_bytes;
};

typedef enum
{
  LALAN_INVENTORY_ROUTE_NONE,
  LALAN_INVENTORY_ROUTE_DASHBOARD,
  LALAN_INVENTORY_ROUTE_FORM_LIST,
  LALAN_INVENTORY_ROUTE_FORM_XML,
  LALAN_INVENTORY_ROUTE_SUBMISSION,
  LALAN_INVENTORY_ROUTE_LESSONS,
  LALAN_INVENTORY_ROUTE_SPEED_PING,
  LALAN_INVENTORY_ROUTE_SPEED_DOWNLOAD,
  LALAN_INVENTORY_ROUTE_SPEED_UPLOAD,
  LALAN_INVENTORY_ROUTE_REPORT_JSON,
  LALAN_INVENTORY_ROUTE_REPORT_CSV,
  LALAN_INVENTORY_ROUTE_EXPORT,
} LalanInventoryRoute;

/* What the server knows about one request, from its headers on. */
typedef struct
{
  LalanInventoryServer   *server;         /* borrowed */
  LalanInventoryRoute     route;
  LalanInventoryLanguage  language;
  gint64                  start_us;
  gint64                  project_id;
  char                   *name;           /* form id, lesson file */
  char                   *token;          /* from the URL; never logged */
  gint64                  token_id;
  gsize                   body_limit;
  guint64                 received;
  LalanInventorySpool    *spool;          /* submissions */
  gboolean                spool_counted;  /* counts against the memory budget */
  GError                 *spool_error;
  gboolean                counting;       /* speed test upload */
  gint64                  body_start_us;
  gint64                  body_end_us;
  guint64                 remaining;      /* speed test download */
  guint64                 rng[4];
  gboolean                logged;
} LalanInventoryRequest;

#define LALAN_INVENTORY_OPENROSA_VERSION "1.0"

LalanInventoryRequest *lalan_inventory_request_get   (SoupServerMessage      *msg);
void                   lalan_inventory_request_log   (LalanInventoryRequest  *req,
                                                      SoupServerMessage      *msg,
                                                      guint                   status,
                                                      gint64                  sent);
gboolean               lalan_inventory_route_is_openrosa (LalanInventoryRoute route);
void                   lalan_inventory_respond_error (LalanInventoryRequest  *req,
                                                      SoupServerMessage      *msg,
                                                      guint                   status,
                                                      const char             *message);
void                   lalan_inventory_respond_openrosa (SoupServerMessage   *msg,
                                                      guint                   status,
                                                      gboolean                error,
                                                      const char             *message);
void                   lalan_inventory_refuse_too_large (LalanInventoryRequest *req,
                                                      SoupServerMessage      *msg);
char                  *lalan_inventory_request_base_url (LalanInventoryRequest *req,
                                                      SoupServerMessage      *msg);

/* Handlers, one file per concern. */
void lalan_inventory_handle_form_list      (LalanInventoryRequest *req,
                                            SoupServerMessage     *msg,
                                            GHashTable            *query);
void lalan_inventory_handle_form_xml       (LalanInventoryRequest *req,
                                            SoupServerMessage     *msg);
void lalan_inventory_handle_submission     (LalanInventoryRequest *req,
                                            SoupServerMessage     *msg);
void lalan_inventory_handle_speed_download (LalanInventoryRequest *req,
                                            SoupServerMessage     *msg,
                                            GHashTable            *query);
void lalan_inventory_handle_speed_upload   (LalanInventoryRequest *req,
                                            SoupServerMessage     *msg);
void lalan_inventory_handle_report         (LalanInventoryRequest *req,
                                            SoupServerMessage     *msg,
                                            GHashTable            *query);
void lalan_inventory_handle_lessons        (LalanInventoryRequest *req,
                                            SoupServerMessage     *msg);

G_END_DECLS
