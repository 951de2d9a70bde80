/* lalan-xml.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-xml.h"

#include "lalan-export.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <string.h>

/* Whatever arrives over the network is hostile until checked. A document
 * type declaration is never needed by an XForm or an instance, and it is
 * where entity bombs and external entities live, so the parser is stopped
 * as soon as one starts: nothing in it is ever expanded or fetched. */
static void
refuse_internal_subset_cb (void          *user_data,
                           const xmlChar *name,
                           const xmlChar *external_id,
                           const xmlChar *system_id)
{
  xmlParserCtxt *ctxt = user_data;

  ctxt->_private = GINT_TO_POINTER (1);
  xmlStopParser (ctxt);
}

static guint
measure_depth (xmlNode *node,
               guint    depth,
               guint    limit)
{
  guint deepest = depth;

  if (depth > limit)
    return depth;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_ELEMENT_NODE)
        {
          guint d = measure_depth (child, depth + 1, limit);

          deepest = MAX (deepest, d);
          if (deepest > limit)
            break;
        }
    }

  return deepest;
}

/**
 * lalan_xml_parse:
 * @data: the document
 * @length: its length; the caller has checked it against its limit
 * @error: a location for a #GError
 *
 * Parses a document from outside: no network, no DTD, no entity expansion,
 * and at most %LALAN_XML_MAX_DEPTH levels of elements.
 *
 * Returns: (transfer full) (nullable): the document
 */
xmlDoc *
lalan_xml_parse (const char  *data,
                           gsize        length,
                           GError     **error)
{
  xmlParserCtxt *ctxt;
  xmlDoc *doc;
  gboolean had_dtd;
  gboolean well_formed;

  if (length == 0 || length > G_MAXINT)
    {
      g_set_error_literal (error, LALAN_EXPORT_ERROR, LALAN_EXPORT_ERROR_INVALID,
                           _("The XML document is empty."));
      return NULL;
    }

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error_literal (error, LALAN_EXPORT_ERROR, LALAN_EXPORT_ERROR_FAILED,
                           _("There was not enough memory to read the XML document."));
      return NULL;
    }
  ctxt->sax->internalSubset = refuse_internal_subset_cb;
  ctxt->_private = NULL;

  /* Without XML_PARSE_NOENT entities are never substituted, without
   * XML_PARSE_DTDLOAD no external subset is read, XML_PARSE_NONET forbids
   * any fetch, and without XML_PARSE_HUGE libxml2 keeps its own limits on
   * depth and text size. */
  doc = xmlCtxtReadMemory (ctxt, data, (int) length, NULL, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR |
                           XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
  had_dtd = ctxt->_private != NULL;
  well_formed = ctxt->wellFormed;
  xmlFreeParserCtxt (ctxt);

  if (had_dtd)
    {
      g_clear_pointer (&doc, xmlFreeDoc);
      g_set_error_literal (error, LALAN_EXPORT_ERROR, LALAN_EXPORT_ERROR_INVALID,
                           _("The XML document declares a document type (DTD), which is not allowed."));
      return NULL;
    }

  if (doc == NULL || !well_formed || xmlDocGetRootElement (doc) == NULL)
    {
      g_clear_pointer (&doc, xmlFreeDoc);
      g_set_error_literal (error, LALAN_EXPORT_ERROR, LALAN_EXPORT_ERROR_INVALID,
                           _("The XML document is not well formed."));
      return NULL;
    }

  if (measure_depth (xmlDocGetRootElement (doc), 1, LALAN_XML_MAX_DEPTH) >
      LALAN_XML_MAX_DEPTH)
    {
      xmlFreeDoc (doc);
      g_set_error (error, LALAN_EXPORT_ERROR, LALAN_EXPORT_ERROR_INVALID,
                   _("The XML document is nested more than %d levels deep."),
                   LALAN_XML_MAX_DEPTH);
      return NULL;
    }

  return doc;
}

/**
 * lalan_xml_name:
 * @node: an element
 *
 * Returns: its local name; instances may put `meta` in the OpenRosa
 *   namespace or not, so paths match local names only
 */
const char *
lalan_xml_name (xmlNode *node)
{
  return (const char *) node->name;
}

/**
 * lalan_xml_child:
 * @parent: an element
 * @local_name: the name of the child
 *
 * Returns: (transfer none) (nullable): the first child element with that
 *   local name
 */
xmlNode *
lalan_xml_child (xmlNode    *parent,
                           const char *local_name)
{
  if (parent == NULL)
    return NULL;

  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    {
      if (child->type == XML_ELEMENT_NODE &&
          g_strcmp0 ((const char *) child->name, local_name) == 0)
        return child;
    }

  return NULL;
}

/**
 * lalan_xml_find:
 * @context: an element
 * @relative_path: names separated by `/`, such as "place/town"
 *
 * Returns: (transfer none) (nullable): the first element at that path
 */
xmlNode *
lalan_xml_find (xmlNode    *context,
                          const char *relative_path)
{
  const char *p = relative_path;
  xmlNode *node = context;

  while (node != NULL && *p != '\0')
    {
      const char *slash = strchr (p, '/');
      gsize len = slash ? (gsize) (slash - p) : strlen (p);
      char name[128];

      if (len == 0 || len >= sizeof name)
        return NULL;
      memcpy (name, p, len);
      name[len] = '\0';

      node = lalan_xml_child (node, name);
      p += len;
      if (*p == '/')
        p++;
    }

  return node;
}

static void
find_all_from (xmlNode    *node,
               char      **segments,
               GPtrArray  *nodes)
{
  if (segments[0] == NULL)
    {
      g_ptr_array_add (nodes, node);
      return;
    }

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_ELEMENT_NODE &&
          g_strcmp0 ((const char *) child->name, segments[0]) == 0)
        find_all_from (child, segments + 1, nodes);
    }
}

/**
 * lalan_xml_find_all:
 * @context: an element
 * @relative_path: names separated by `/`
 * @nodes: (element-type xmlNode): receives every element at that path, in
 *   document order (each entry of a repeat)
 */
void
lalan_xml_find_all (xmlNode    *context,
                              const char *relative_path,
                              GPtrArray  *nodes)
{
  g_auto(GStrv) segments = g_strsplit (relative_path, "/", -1);

  if (context != NULL)
    find_all_from (context, segments, nodes);
}

/**
 * lalan_xml_text:
 * @node: (nullable): an element
 *
 * Returns: (transfer full) (nullable): its text with surrounding white
 *   space removed, or %NULL when it is absent or empty
 */
char *
lalan_xml_text (xmlNode *node)
{
  xmlChar *content;
  char *text;

  if (node == NULL)
    return NULL;

  content = xmlNodeGetContent (node);
  if (content == NULL)
    return NULL;

  text = g_strstrip (g_strdup ((const char *) content));
  xmlFree (content);

  if (*text == '\0')
    g_clear_pointer (&text, g_free);

  return text;
}

/**
 * lalan_xml_attribute:
 * @node: an element
 * @local_name: an attribute name, in no namespace or any
 *
 * Returns: (transfer full) (nullable): its value
 */
char *
lalan_xml_attribute (xmlNode    *node,
                               const char *local_name)
{
  for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
    {
      if (g_strcmp0 ((const char *) attr->name, local_name) == 0)
        {
          xmlChar *value = xmlNodeListGetString (node->doc, attr->children, 1);
          char *result = g_strdup (value != NULL ? (const char *) value : "");

          xmlFree (value);
          return result;
        }
    }

  return NULL;
}

/**
 * lalan_xml_path_tail:
 * @absolute_path: an instance path such as "/data/place/town"
 *
 * Instance paths are written from the root element, whose name XLSForm
 * chooses ("data" unless the form says otherwise); they are matched from
 * the root whatever its name.
 *
 * Returns: (transfer none): the path below the root, "place/town"
 */
const char *
lalan_xml_path_tail (const char *absolute_path)
{
  const char *p = absolute_path;

  if (*p == '/')
    p++;
  p = strchr (p, '/');

  return p != NULL ? p + 1 : "";
}

/**
 * lalan_xml_primary_instance:
 * @root: the root element of an XForm (`h:html`)
 * @head: (out) (optional) (transfer none): its `h:head`
 *
 * Returns: (transfer none) (nullable): the root element of the form's
 *   primary instance (the first `<instance>` without an id), such as
 *   `<data id="lalan_household" version="...">`
 */
xmlNode *
lalan_xml_primary_instance (xmlNode  *root,
                            xmlNode **head)
{
  xmlNode *head_node = lalan_xml_child (root, "head");
  xmlNode *model = lalan_xml_child (head_node, "model");

  if (head != NULL)
    *head = head_node;
  if (model == NULL)
    return NULL;

  for (xmlNode *child = model->children; child != NULL; child = child->next)
    {
      g_autofree char *id = NULL;

      if (child->type != XML_ELEMENT_NODE || !g_str_equal ((const char *) child->name, "instance"))
        continue;
      id = lalan_xml_attribute (child, "id");
      if (id != NULL)
        continue;

      for (xmlNode *data = child->children; data != NULL; data = data->next)
        if (data->type == XML_ELEMENT_NODE)
          return data;
      return NULL;
    }

  return NULL;
}
