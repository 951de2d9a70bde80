/* lalan-inventory-db.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "lalan-inventory-submission.h"

G_BEGIN_DECLS

/* The inventory server's own SQLite database, `inventory.db` in its data
 * folder. A separate program from the app, so the one place besides
 * src/core/store/ that holds SQL. A LalanInventoryDb is one connection,
 * used by one thread at a time. */
typedef struct _LalanInventoryDb LalanInventoryDb;

typedef struct
{
  gint64    id;
  char     *name;
  gboolean  admin;
  char     *created_at;
  char     *revoked_at;
} LalanInventoryToken;

typedef struct
{
  gint64  id;
  gint64  project_id;
  char   *xml_form_id;
  char   *version;
  char   *title;
  char   *md5;
  char   *published_at;
} LalanInventoryFormRow;

typedef enum
{
  LALAN_INVENTORY_PUBLISH_NEW,
  LALAN_INVENTORY_PUBLISH_UNCHANGED,
} LalanInventoryPublishResult;

/* A stored submission as iteration sees it; borrowed for the call. */
typedef struct
{
  gint64      id;
  const char *xml_form_id;
  const char *instance_id;
  const char *version;
  const char *received_at;
  const char *facts;
  GBytes     *xml;
  guint       n_attachments;
  guint       n_versions;
} LalanInventoryStoredSubmission;

typedef gboolean (*LalanInventorySubmissionFunc) (const LalanInventoryStoredSubmission  *submission,
                                                  gpointer                               user_data,
                                                  GError                               **error);

char                  *lalan_inventory_db_get_default_path (const char        *data_dir);
LalanInventoryDb      *lalan_inventory_db_open             (const char        *path,
                                                            GError           **error);
void                   lalan_inventory_db_free             (LalanInventoryDb  *db);

gboolean               lalan_inventory_db_exec             (LalanInventoryDb  *db,
                                                            const char        *sql,
                                                            GError           **error);
char                  *lalan_inventory_db_get_meta         (LalanInventoryDb  *db,
                                                            const char        *key);
gboolean               lalan_inventory_db_set_meta         (LalanInventoryDb  *db,
                                                            const char        *key,
                                                            const char        *value,
                                                            GError           **error);

char                  *lalan_inventory_db_create_token     (LalanInventoryDb  *db,
                                                            const char        *name,
                                                            gboolean           admin,
                                                            GError           **error);
gboolean               lalan_inventory_db_lookup_token     (LalanInventoryDb  *db,
                                                            const char        *secret,
                                                            gint64            *token_id,
                                                            gboolean          *admin);
GPtrArray             *lalan_inventory_db_list_tokens      (LalanInventoryDb  *db,
                                                            GError           **error);
gboolean               lalan_inventory_db_revoke_token     (LalanInventoryDb  *db,
                                                            const char        *name,
                                                            GError           **error);
void                   lalan_inventory_token_free          (LalanInventoryToken *token);

gboolean               lalan_inventory_db_project_exists   (LalanInventoryDb  *db,
                                                            gint64             project_id);

gboolean               lalan_inventory_db_publish_form     (LalanInventoryDb  *db,
                                                            gint64             project_id,
                                                            const char        *xml_form_id,
                                                            const char        *version,
                                                            const char        *title,
                                                            GBytes            *xml,
                                                            LalanInventoryPublishResult *result,
                                                            GError           **error);
GPtrArray             *lalan_inventory_db_list_forms       (LalanInventoryDb  *db,
                                                            gint64             project_id,
                                                            GError           **error);
GBytes                *lalan_inventory_db_get_form_xml     (LalanInventoryDb  *db,
                                                            gint64             project_id,
                                                            const char        *xml_form_id,
                                                            GError           **error);
GPtrArray             *lalan_inventory_db_get_form_versions (LalanInventoryDb *db,
                                                            gint64             project_id,
                                                            const char        *xml_form_id,
                                                            GError           **error);
void                   lalan_inventory_form_row_free       (LalanInventoryFormRow *row);

LalanInventoryOutcome  lalan_inventory_db_store_submission (LalanInventoryDb  *db,
                                                            const LalanInventorySubmission *submission,
                                                            char             **detail,
                                                            GError           **error);
gboolean               lalan_inventory_db_foreach_submission (LalanInventoryDb *db,
                                                            gint64             project_id,
                                                            const char        *xml_form_id,
                                                            gboolean           with_xml,
                                                            LalanInventorySubmissionFunc func,
                                                            gpointer           user_data,
                                                            GError           **error);
gboolean               lalan_inventory_db_set_facts        (LalanInventoryDb  *db,
                                                            gint64             submission_id,
                                                            const char        *facts,
                                                            GError           **error);
GBytes                *lalan_inventory_db_get_attachment   (LalanInventoryDb  *db,
                                                            gint64             project_id,
                                                            const char        *xml_form_id,
                                                            const char        *instance_id,
                                                            const char        *name,
                                                            GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanInventoryDb, lalan_inventory_db_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanInventoryToken, lalan_inventory_token_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanInventoryFormRow, lalan_inventory_form_row_free)

G_END_DECLS
