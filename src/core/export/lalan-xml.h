/* lalan-xml.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

/* Reading instances and forms that may come from outside (a server, a sync
 * file, another device): parsed without network, DTD or entities, and
 * walked by local names only. */

/* Instances and forms are shallow (root, group, repeat, group, field);
 * anything deeper than this is refused as hostile. */
#define LALAN_XML_MAX_DEPTH 48

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

xmlDoc     *lalan_xml_parse            (const char  *data,
                                        gsize        length,
                                        GError     **error);
const char *lalan_xml_name             (xmlNode     *node);
xmlNode    *lalan_xml_child            (xmlNode     *parent,
                                        const char  *local_name);
xmlNode    *lalan_xml_find             (xmlNode     *context,
                                        const char  *relative_path);
void        lalan_xml_find_all         (xmlNode     *context,
                                        const char  *relative_path,
                                        GPtrArray   *nodes);
char       *lalan_xml_text             (xmlNode     *node);
char       *lalan_xml_attribute        (xmlNode     *node,
                                        const char  *local_name);
const char *lalan_xml_path_tail        (const char  *absolute_path);
xmlNode    *lalan_xml_primary_instance (xmlNode     *root,
                                        xmlNode    **head);

G_END_DECLS
