/* lalan-inventory-submission.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-submission.h"

LalanInventoryAttachment *
lalan_inventory_attachment_new (const char *name,
                                const char *content_type,
                                GBytes     *data)
{
  LalanInventoryAttachment *attachment = g_new0 (LalanInventoryAttachment, 1);

  attachment->name = g_strdup (name);
  attachment->content_type = g_strdup (content_type);
  attachment->data = g_bytes_ref (data);
  attachment->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);

  return attachment;
}

void
lalan_inventory_attachment_free (LalanInventoryAttachment *attachment)
{
  if (attachment == NULL)
    return;

  g_free (attachment->name);
  g_free (attachment->content_type);
  g_clear_pointer (&attachment->data, g_bytes_unref);
  g_free (attachment->sha256);
  g_free (attachment);
}

LalanInventorySubmission *
lalan_inventory_submission_new (void)
{
  LalanInventorySubmission *submission = g_new0 (LalanInventorySubmission, 1);

  submission->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_inventory_attachment_free);

  return submission;
}

void
lalan_inventory_submission_free (LalanInventorySubmission *submission)
{
  if (submission == NULL)
    return;

  g_free (submission->xml_form_id);
  g_free (submission->version);
  g_free (submission->instance_id);
  g_free (submission->deprecated_id);
  g_clear_pointer (&submission->xml, g_bytes_unref);
  g_free (submission->xml_sha256);
  g_clear_pointer (&submission->attachments, g_ptr_array_unref);
  g_free (submission->facts);
  g_free (submission);
}

/**
 * lalan_inventory_outcome_is_stored:
 * @outcome: what storing did
 *
 * Returns: %TRUE when the submission is now on the server (new, edited, or
 *   already there identical), which OpenRosa answers with 201
 */
gboolean
lalan_inventory_outcome_is_stored (LalanInventoryOutcome outcome)
{
  return outcome == LALAN_INVENTORY_OUTCOME_CREATED ||
         outcome == LALAN_INVENTORY_OUTCOME_DUPLICATE ||
         outcome == LALAN_INVENTORY_OUTCOME_EDITED;
}

/**
 * lalan_inventory_outcome_get_status:
 * @outcome: what storing did
 *
 * Returns: the HTTP status ODK Central answers in the same case
 */
guint
lalan_inventory_outcome_get_status (LalanInventoryOutcome outcome)
{
  switch (outcome)
    {
    case LALAN_INVENTORY_OUTCOME_CREATED:
    case LALAN_INVENTORY_OUTCOME_DUPLICATE:
    case LALAN_INVENTORY_OUTCOME_EDITED:
      return 201;
    case LALAN_INVENTORY_OUTCOME_FORM_NOT_FOUND:
    case LALAN_INVENTORY_OUTCOME_VERSION_NOT_FOUND:
    case LALAN_INVENTORY_OUTCOME_DEPRECATED_NOT_FOUND:
      return 404;
    case LALAN_INVENTORY_OUTCOME_DEPRECATED_NOT_CURRENT:
    case LALAN_INVENTORY_OUTCOME_INSTANCE_NOT_CURRENT:
    case LALAN_INVENTORY_OUTCOME_XML_CONFLICT:
    case LALAN_INVENTORY_OUTCOME_ATTACHMENT_CONFLICT:
      return 409;
    case LALAN_INVENTORY_OUTCOME_FAILED:
    default:
      return 500;
    }
}
