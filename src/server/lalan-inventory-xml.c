/* lalan-inventory-xml.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-xml.h"

#include "lalan-inventory-error.h"
#include "lalan-export.h"
#include "lalan-xml.h"

/* Whatever arrives over the network is hostile until checked: the parsing
 * and walking rules live in the core (lalan-xml.h), shared with the app's
 * export; here the server speaks its own error domain, so a broken
 * submission is a 400. */

/**
 * lalan_inventory_xml_parse:
 * @data: the document
 * @length: its length; the caller has checked it against its limit
 * @error: a location for a #GError
 *
 * Parses a document from outside: no network, no DTD, no entity expansion,
 * and at most %LALAN_INVENTORY_XML_MAX_DEPTH levels of elements.
 *
 * Returns: (transfer full) (nullable): the document
 */
xmlDoc *
lalan_inventory_xml_parse (const char  *data,
                           gsize        length,
                           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  xmlDoc *doc = lalan_xml_parse (data, length, &local_error);

  if (doc == NULL)
    g_set_error_literal (error, LALAN_INVENTORY_ERROR,
                         g_error_matches (local_error, LALAN_EXPORT_ERROR, LALAN_EXPORT_ERROR_FAILED)
                           ? LALAN_INVENTORY_ERROR_FAILED : LALAN_INVENTORY_ERROR_INVALID,
                         local_error->message);
  return doc;
}

const char *
lalan_inventory_xml_name (xmlNode *node)
{
  return lalan_xml_name (node);
}

xmlNode *
lalan_inventory_xml_child (xmlNode    *parent,
                           const char *local_name)
{
  return lalan_xml_child (parent, local_name);
}

xmlNode *
lalan_inventory_xml_find (xmlNode    *context,
                          const char *relative_path)
{
  return lalan_xml_find (context, relative_path);
}

void
lalan_inventory_xml_find_all (xmlNode    *context,
                              const char *relative_path,
                              GPtrArray  *nodes)
{
  lalan_xml_find_all (context, relative_path, nodes);
}

char *
lalan_inventory_xml_text (xmlNode *node)
{
  return lalan_xml_text (node);
}

char *
lalan_inventory_xml_attribute (xmlNode    *node,
                               const char *local_name)
{
  return lalan_xml_attribute (node, local_name);
}

const char *
lalan_inventory_xml_path_tail (const char *absolute_path)
{
  return lalan_xml_path_tail (absolute_path);
}
