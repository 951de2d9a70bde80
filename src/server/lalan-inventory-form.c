/* lalan-inventory-form.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-form.h"

#include "lalan-inventory-error.h"
#include "lalan-inventory-xml.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* What the server needs from an XForm: its id, version and title for the
 * form list, and the shape of its primary instance for exports. The forms
 * engine in src/core/forms evaluates forms; the server never does. */

void
lalan_inventory_form_info_clear (LalanInventoryFormInfo *info)
{
  g_clear_pointer (&info->xml_form_id, g_free);
  g_clear_pointer (&info->version, g_free);
  g_clear_pointer (&info->title, g_free);
}

/**
 * lalan_inventory_form_read_info:
 * @xml: an XForm
 * @info: (out caller-allocates): its id, version and title
 * @error: a location for a #GError
 *
 * Returns: %TRUE when @xml is an XForm with an id
 */
gboolean
lalan_inventory_form_read_info (GBytes                  *xml,
                                LalanInventoryFormInfo  *info,
                                GError                 **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *head;
  xmlNode *data;
  gsize size;
  const char *bytes = g_bytes_get_data (xml, &size);

  memset (info, 0, sizeof *info);

  if (size > LALAN_INVENTORY_MAX_FORM_SIZE)
    {
      g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_TOO_LARGE,
                   _("The form is larger than %d MB."), LALAN_INVENTORY_MAX_FORM_SIZE / (1024 * 1024));
      return FALSE;
    }

  if ((doc = lalan_inventory_xml_parse (bytes, size, error)) == NULL)
    return FALSE;

  data = lalan_xml_primary_instance (xmlDocGetRootElement (doc), &head);
  if (data == NULL)
    {
      g_set_error_literal (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID,
                           _("This is not an XForm: it has no primary instance in its model."));
      return FALSE;
    }

  info->xml_form_id = lalan_inventory_xml_attribute (data, "id");
  if (info->xml_form_id == NULL || *info->xml_form_id == '\0' ||
      strlen (info->xml_form_id) > 200 || strpbrk (info->xml_form_id, "/\\") != NULL)
    {
      lalan_inventory_form_info_clear (info);
      g_set_error_literal (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID,
                           _("The form's primary instance has no usable id attribute."));
      return FALSE;
    }

  info->version = lalan_inventory_xml_attribute (data, "version");
  if (info->version == NULL)
    info->version = g_strdup ("");

  info->title = lalan_inventory_xml_text (lalan_inventory_xml_child (head, "title"));
  if (info->title == NULL)
    info->title = g_strdup (info->xml_form_id);

  return TRUE;
}

/* Schema ------------------------------------------------------------------ */

/* The tables of an export are the core's (lalan-export.h), so the app's
 * export and the server's have the same shape. */

void
lalan_inventory_table_free (LalanInventoryTable *table)
{
  lalan_export_table_free (table);
}

/**
 * lalan_inventory_form_build_schema:
 * @xml_form_id: the form id
 * @versions: (element-type GBytes): the XForm of every version, latest first
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the root table
 */
LalanInventoryTable *
lalan_inventory_form_build_schema (const char  *xml_form_id,
                                   GPtrArray   *versions,
                                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  LalanInventoryTable *root;

  if (versions->len == 0)
    {
      g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_NOT_FOUND,
                   _("The form “%s” is not on this server."), xml_form_id);
      return NULL;
    }
  root = lalan_export_table_build (xml_form_id, versions, &local_error);
  if (root == NULL)
    g_set_error_literal (error, LALAN_INVENTORY_ERROR,
                         g_error_matches (local_error, LALAN_EXPORT_ERROR, LALAN_EXPORT_ERROR_NOT_FOUND)
                           ? LALAN_INVENTORY_ERROR_NOT_FOUND : LALAN_INVENTORY_ERROR_INVALID,
                         local_error->message);
  return root;
}

/**
 * lalan_inventory_table_column_title:
 * @column: a column path such as "place/town"
 *
 * Returns: (transfer full): its heading as Central writes it, "place-town"
 */
char *
lalan_inventory_table_column_title (const char *column)
{
  return lalan_export_column_title (column);
}
