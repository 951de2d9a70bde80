/* lalan-inventory-submission.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *name;
  char   *content_type;
  GBytes *data;
  char   *sha256;
} LalanInventoryAttachment;

/* One OpenRosa submission, checked and ready to be stored. Made on the
 * main thread from the request, handed whole to the writer thread. */
typedef struct
{
  gint64     project_id;
  char      *xml_form_id;
  char      *version;
  char      *instance_id;
  char      *deprecated_id;
  GBytes    *xml;
  char      *xml_sha256;
  GPtrArray *attachments;   /* LalanInventoryAttachment */
  char      *facts;         /* JSON, or NULL for forms without indicators */
  gint64     token_id;
} LalanInventorySubmission;

/* What storing a submission did, in Central's terms. */
typedef enum
{
  LALAN_INVENTORY_OUTCOME_CREATED,
  LALAN_INVENTORY_OUTCOME_DUPLICATE,
  LALAN_INVENTORY_OUTCOME_EDITED,
  LALAN_INVENTORY_OUTCOME_FORM_NOT_FOUND,
  LALAN_INVENTORY_OUTCOME_VERSION_NOT_FOUND,
  LALAN_INVENTORY_OUTCOME_DEPRECATED_NOT_FOUND,
  LALAN_INVENTORY_OUTCOME_DEPRECATED_NOT_CURRENT,
  LALAN_INVENTORY_OUTCOME_INSTANCE_NOT_CURRENT,
  LALAN_INVENTORY_OUTCOME_XML_CONFLICT,
  LALAN_INVENTORY_OUTCOME_ATTACHMENT_CONFLICT,
  LALAN_INVENTORY_OUTCOME_FAILED,
} LalanInventoryOutcome;

LalanInventoryAttachment *lalan_inventory_attachment_new   (const char               *name,
                                                            const char               *content_type,
                                                            GBytes                   *data);
void                      lalan_inventory_attachment_free  (LalanInventoryAttachment *attachment);
LalanInventorySubmission *lalan_inventory_submission_new   (void);
void                      lalan_inventory_submission_free  (LalanInventorySubmission *submission);
gboolean                  lalan_inventory_outcome_is_stored (LalanInventoryOutcome    outcome);
guint                     lalan_inventory_outcome_get_status (LalanInventoryOutcome   outcome);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanInventorySubmission, lalan_inventory_submission_free)

G_END_DECLS
