/* lalan-inventory-test.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A lalan-inventory process started by a test on 127.0.0.1, on a port the
 * system picks, with its own data folder, the test forms published and
 * two tokens made. */
typedef struct
{
  GSubprocess *process;
  char        *data_dir;
  char        *log_path;
  char        *base_url;      /* http://127.0.0.1:PORT */
  char        *token;         /* sends records */
  char        *admin_token;
  GPtrArray   *extra_args;
} LalanInventoryTestServer;

typedef struct
{
  long        status;
  GHashTable *headers;        /* lower-case name → value */
  GBytes     *body;
  double      seconds;
  guint64     uploaded;
} LalanInventoryTestResponse;

LalanInventoryTestServer   *lalan_inventory_test_server_new      (void);
void                        lalan_inventory_test_server_start    (LalanInventoryTestServer  *server,
                                                                  const char                *first_arg,
                                                                  ...);
void                        lalan_inventory_test_server_stop     (LalanInventoryTestServer  *server);
void                        lalan_inventory_test_server_kill     (LalanInventoryTestServer  *server);
guint64                     lalan_inventory_test_server_peak_rss (LalanInventoryTestServer  *server);
gboolean                    lalan_inventory_test_server_running  (LalanInventoryTestServer  *server);
char                       *lalan_inventory_test_server_log      (LalanInventoryTestServer  *server);
char                       *lalan_inventory_test_url             (LalanInventoryTestServer  *server,
                                                                  const char                *tail);
void                        lalan_inventory_test_server_free     (LalanInventoryTestServer  *server);
int                         lalan_inventory_test_cli             (const char                *data_dir,
                                                                  char                     **out,
                                                                  char                     **err,
                                                                  const char                *first_arg,
                                                                  ...) G_GNUC_NULL_TERMINATED;
const char                 *lalan_inventory_test_data_path       (const char                *name);
GBytes                     *lalan_inventory_test_load            (const char                *name);

void                        lalan_inventory_test_global_init     (void);
LalanInventoryTestResponse *lalan_inventory_test_request         (const char                *method,
                                                                  const char                *url,
                                                                  const char * const        *headers,
                                                                  GBytes                    *body);
void                        lalan_inventory_test_response_free   (LalanInventoryTestResponse *response);
const char                 *lalan_inventory_test_response_header (LalanInventoryTestResponse *response,
                                                                  const char                *name);
char                       *lalan_inventory_test_response_text   (LalanInventoryTestResponse *response);

/* multipart/form-data bodies, built by hand so tests can also break them */
#define LALAN_INVENTORY_TEST_BOUNDARY "lalan-test-boundary-7d9f"
GByteArray                 *lalan_inventory_test_multipart_new   (void);
void                        lalan_inventory_test_multipart_add   (GByteArray                *body,
                                                                  const char                *field,
                                                                  const char                *filename,
                                                                  const char                *content_type,
                                                                  const void                *data,
                                                                  gsize                      length);
GBytes                     *lalan_inventory_test_multipart_end   (GByteArray                *body);
LalanInventoryTestResponse *lalan_inventory_test_submit          (LalanInventoryTestServer  *server,
                                                                  GBytes                    *xml,
                                                                  const char                *first_attachment_name,
                                                                  ...);

char                       *lalan_inventory_test_household_xml   (const char                *instance_id,
                                                                  const char                *town_code,
                                                                  guint                      seed);
guint                       lalan_inventory_test_count_records   (const char                *data_dir,
                                                                  const char                *xml_form_id,
                                                                  GHashTable                *instance_ids);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanInventoryTestServer, lalan_inventory_test_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanInventoryTestResponse, lalan_inventory_test_response_free)

G_END_DECLS
