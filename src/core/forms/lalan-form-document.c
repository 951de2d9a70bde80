/* lalan-form-document.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-form-private.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <string.h>

/* Reading a file from outside (a form, a saved record) as hostile: no
 * network, no DTD, no entities, no DOCTYPE at all, limits on size and depth. */

#define DOCTYPE_SEEN GINT_TO_POINTER (1)

static void
refuse_doctype_cb (void          *ctx,
                   const xmlChar *name,
                   const xmlChar *external_id,
                   const xmlChar *system_id)
{
  xmlParserCtxtPtr ctxt = ctx;

  /* A DOCTYPE is how entity bombs and external entities get in; forms
   * never need one. Stop before the internal subset is even read. */
  ctxt->_private = DOCTYPE_SEEN;
  xmlStopParser (ctxt);
}

static void
ignore_error_cb (void        *data,
                 xmlErrorPtr  error)
{
}

static gboolean
check_tree (xmlNodePtr   root,
            GError     **error)
{
  xmlNodePtr node = root;
  guint depth = 1;
  guint count = 0;

  /* Iterative, so a deep document cannot exhaust our stack either. */
  while (node != NULL)
    {
      if (node->type == XML_ELEMENT_NODE)
        {
          if (++count > LALAN_FORM_MAX_ELEMENTS)
            {
              g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_TOO_LARGE,
                           _("The file has more than %d elements."), LALAN_FORM_MAX_ELEMENTS);
              return FALSE;
            }
          if (depth > LALAN_FORM_MAX_DEPTH)
            {
              g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_TOO_LARGE,
                           _("Line %ld: elements are nested more than %d deep."),
                           xmlGetLineNo (node), LALAN_FORM_MAX_DEPTH);
              return FALSE;
            }
        }
      if (node->type == XML_ENTITY_REF_NODE || node->type == XML_ENTITY_NODE)
        {
          g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_UNSAFE,
                       _("Line %ld: the file uses an entity; forms may not."), xmlGetLineNo (node));
          return FALSE;
        }

      if (node->type == XML_ELEMENT_NODE && node->children != NULL)
        {
          node = node->children;
          depth++;
          continue;
        }
      while (node != NULL && node->next == NULL)
        {
          node = node->parent;
          depth--;
          if (node == root || node == NULL || node->type == XML_DOCUMENT_NODE)
            return TRUE;
        }
      if (node != NULL)
        node = node->next;
    }
  return TRUE;
}

/**
 * lalan_form_parse_document:
 * @xml: bytes from outside: a form or a saved instance
 * @out_doc: (out): the document
 * @error: why it is refused
 *
 * Parses without network access, DTD loading or entity substitution, and
 * refuses any DOCTYPE outright, too large files and too deep nesting.
 */
gboolean
lalan_form_parse_document (GBytes     *xml,
                           xmlDocPtr  *out_doc,
                           GError    **error)
{
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;
  gsize size = 0;
  const char *data = g_bytes_get_data (xml, &size);
  const int options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES |
                      XML_PARSE_COMPACT | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;

  *out_doc = NULL;

  if (size > LALAN_FORM_MAX_BYTES)
    {
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_TOO_LARGE,
                   _("The file is larger than %d MB."), LALAN_FORM_MAX_BYTES / (1024 * 1024));
      return FALSE;
    }
  if (size == 0)
    {
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_INVALID, _("The file is empty."));
      return FALSE;
    }

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_INVALID, _("The file cannot be read."));
      return FALSE;
    }
  ctxt->sax->internalSubset = refuse_doctype_cb;
  ctxt->sax->externalSubset = refuse_doctype_cb;
  ctxt->sax->serror = ignore_error_cb;

  doc = xmlCtxtReadMemory (ctxt, data, (int) size, NULL, NULL, options);

  if (ctxt->_private == DOCTYPE_SEEN)
    {
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_UNSAFE,
                   _("The file declares a document type (DOCTYPE). Forms may not, because a document type can make the program read other files or expand text without end."));
      g_clear_pointer (&doc, xmlFreeDoc);
      xmlFreeParserCtxt (ctxt);
      return FALSE;
    }

  if (doc == NULL || !ctxt->wellFormed)
    {
      xmlErrorPtr last = xmlCtxtGetLastError (ctxt);
      g_autofree char *reason = NULL;

      if (last != NULL && last->message != NULL)
        reason = g_strstrip (g_utf8_make_valid (last->message, -1));
      if (last != NULL && last->line > 0)
        g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_INVALID,
                     _("Line %d: the file is not well-formed XML (%s)."), last->line,
                     reason ? reason : "");
      else
        g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_INVALID,
                     _("The file is not well-formed XML (%s)."), reason ? reason : "");
      g_clear_pointer (&doc, xmlFreeDoc);
      xmlFreeParserCtxt (ctxt);
      return FALSE;
    }
  xmlFreeParserCtxt (ctxt);

  if (doc->intSubset != NULL || doc->extSubset != NULL)
    {
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_UNSAFE,
                   _("The file declares a document type (DOCTYPE). Forms may not, because a document type can make the program read other files or expand text without end."));
      xmlFreeDoc (doc);
      return FALSE;
    }

  if (xmlDocGetRootElement (doc) == NULL || !check_tree (xmlDocGetRootElement (doc), error))
    {
      if (xmlDocGetRootElement (doc) == NULL)
        g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_INVALID, _("The file has no content."));
      xmlFreeDoc (doc);
      return FALSE;
    }

  *out_doc = doc;
  return TRUE;
}
