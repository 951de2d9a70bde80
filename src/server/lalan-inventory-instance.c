/* lalan-inventory-instance.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-instance.h"

#include "lalan-inventory-error.h"
#include "lalan-inventory-xml.h"

#include <glib/gi18n-lib.h>
#include <string.h>

void
lalan_inventory_instance_meta_clear (LalanInventoryInstanceMeta *meta)
{
  g_clear_pointer (&meta->xml_form_id, g_free);
  g_clear_pointer (&meta->version, g_free);
  g_clear_pointer (&meta->instance_id, g_free);
  g_clear_pointer (&meta->deprecated_id, g_free);
}

static gboolean
id_is_usable (const char *id)
{
  return id != NULL && strlen (id) <= 256;
}

/**
 * lalan_inventory_instance_read_meta:
 * @doc: a parsed instance
 * @meta: (out caller-allocates): what it says about itself
 * @error: a location for a #GError
 *
 * Reads what Central reads: the root's `id` and `version` attributes and
 * `meta/instanceID` and `meta/deprecatedID` (in the OpenRosa namespace or
 * none). Unlike Central, an instance without instanceID is refused: a
 * record without one could not be told from its own resend.
 *
 * Returns: %TRUE when the instance has a form id and an instanceID
 */
gboolean
lalan_inventory_instance_read_meta (xmlDoc                      *doc,
                                    LalanInventoryInstanceMeta  *meta,
                                    GError                     **error)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *meta_node = lalan_inventory_xml_child (root, "meta");

  memset (meta, 0, sizeof *meta);

  meta->xml_form_id = lalan_inventory_xml_attribute (root, "id");
  if (meta->xml_form_id == NULL || *meta->xml_form_id == '\0' || !id_is_usable (meta->xml_form_id))
    {
      lalan_inventory_instance_meta_clear (meta);
      g_set_error_literal (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID,
                           _("The record does not say which form it belongs to (no id attribute on its root element)."));
      return FALSE;
    }

  meta->version = lalan_inventory_xml_attribute (root, "version");
  if (meta->version == NULL)
    meta->version = g_strdup ("");

  meta->instance_id = lalan_inventory_xml_text (lalan_inventory_xml_child (meta_node, "instanceID"));
  if (meta->instance_id == NULL)
    meta->instance_id = lalan_inventory_xml_attribute (root, "instanceID");
  if (meta->instance_id == NULL || *meta->instance_id == '\0' || !id_is_usable (meta->instance_id))
    {
      lalan_inventory_instance_meta_clear (meta);
      g_set_error_literal (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID,
                           _("The record has no instanceID (meta/instanceID), so it cannot be stored."));
      return FALSE;
    }

  meta->deprecated_id = lalan_inventory_xml_text (lalan_inventory_xml_child (meta_node, "deprecatedID"));
  if (meta->deprecated_id != NULL && !id_is_usable (meta->deprecated_id))
    {
      lalan_inventory_instance_meta_clear (meta);
      g_set_error_literal (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID,
                           _("The record's deprecatedID is too long."));
      return FALSE;
    }

  if (meta->deprecated_id != NULL && g_str_equal (meta->deprecated_id, meta->instance_id))
    {
      lalan_inventory_instance_meta_clear (meta);
      g_set_error_literal (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID,
                           _("The record's deprecatedID is its own instanceID."));
      return FALSE;
    }

  return TRUE;
}
