/* lalan-inventory-xml.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "lalan-xml.h"

G_BEGIN_DECLS

/* Instances and forms are shallow (root, group, repeat, group, field);
 * anything deeper than this is refused as hostile. */
#define LALAN_INVENTORY_XML_MAX_DEPTH LALAN_XML_MAX_DEPTH

xmlDoc     *lalan_inventory_xml_parse      (const char  *data,
                                            gsize        length,
                                            GError     **error);
const char *lalan_inventory_xml_name       (xmlNode     *node);
xmlNode    *lalan_inventory_xml_child      (xmlNode     *parent,
                                            const char  *local_name);
xmlNode    *lalan_inventory_xml_find       (xmlNode     *context,
                                            const char  *relative_path);
void        lalan_inventory_xml_find_all   (xmlNode     *context,
                                            const char  *relative_path,
                                            GPtrArray   *nodes);
char       *lalan_inventory_xml_text       (xmlNode     *node);
char       *lalan_inventory_xml_attribute  (xmlNode     *node,
                                            const char  *local_name);
const char *lalan_inventory_xml_path_tail  (const char  *absolute_path);

G_END_DECLS
