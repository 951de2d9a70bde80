/* lalan-form-session-choices.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-form-session-private.h"

#include <glib/gi18n-lib.h>
#include <libxml/xpathInternals.h>
#include <string.h>

/* The choices of a select now: static items, or an itemset evaluated
 * (through the secondary instance's index for cascading filters). */

/* Choices */

static char *
child_text (xmlNodePtr  item,
            const char *name)
{
  for (xmlNodePtr c = xmlFirstElementChild (item); c; c = xmlNextElementSibling (c))
    if (c->ns == NULL && xmlStrEqual (c->name, (const xmlChar *) name))
      {
        xmlChar *text = xmlNodeGetContent (c);
        char *copy = g_strdup ((const char *) text);

        xmlFree (text);
        return copy;
      }
  return g_strdup ("");
}

static char *
itext_plain (LalanFormSession *self,
             const char       *id)
{
  FormItextEntry *entry = lalan_form_lookup_itext (self->form, self->language, id);
  GString *out = g_string_new (NULL);

  if (entry == NULL || entry->values[FORM_TEXT_DEFAULT] == NULL)
    entry = lalan_form_lookup_itext (self->form, self->form->default_language, id);
  if (entry != NULL && entry->values[FORM_TEXT_DEFAULT] != NULL)
    for (xmlNodePtr c = entry->values[FORM_TEXT_DEFAULT]->children; c; c = c->next)
      if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
        g_string_append (out, (const char *) c->content);
  return g_strstrip (g_string_free (out, FALSE));
}

/* The values of a filter term: NULL when it is not a string or node-set
 * (XPath would then compare numbers, so the index cannot answer). */
static GPtrArray *
term_values (LalanFormSession *self,
             FormFilterTerm   *term,
             NodeState        *context)
{
  xmlXPathObjectPtr result = lalan_form_session_eval (self, term->value, context->node, context->node);
  GPtrArray *values = NULL;

  if (result == NULL)
    return NULL;
  if (result->type == XPATH_STRING)
    {
      values = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (values, g_strdup ((const char *) result->stringval));
    }
  else if (result->type == XPATH_NODESET)
    {
      values = g_ptr_array_new_with_free_func (g_free);
      for (int i = 0; result->nodesetval && i < result->nodesetval->nodeNr; i++)
        {
          xmlChar *text = xmlXPathCastNodeToString (result->nodesetval->nodeTab[i]);

          g_ptr_array_add (values, g_strdup ((const char *) text));
          xmlFree (text);
        }
    }
  xmlXPathFreeObject (result);
  return values;
}

static GPtrArray *
filter_items (LalanFormSession *self,
              FormFilter       *filter,
              NodeState        *context,
              gboolean         *used)
{
  g_autoptr(GPtrArray) first = NULL;
  GPtrArray *items;
  GPtrArray *found;

  *used = FALSE;
  first = term_values (self, &g_array_index (filter->terms, FormFilterTerm, 0), context);
  if (first == NULL || first->len > 1)
    return NULL;

  items = g_ptr_array_new ();
  *used = TRUE;
  if (first->len == 0)
    return items;

  found = lalan_form_lookup_index (self->form, filter, g_ptr_array_index (first, 0));
  if (found == NULL)
    return items;

  if (filter->terms->len == 1)
    {
      g_ptr_array_extend (items, found, NULL, NULL);
      return items;
    }

  {
    g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

    for (guint t = 1; t < filter->terms->len; t++)
      {
        GPtrArray *values = term_values (self, &g_array_index (filter->terms, FormFilterTerm, t), context);

        if (values == NULL)
          {
            *used = FALSE;
            g_ptr_array_unref (items);
            return NULL;
          }
        g_ptr_array_add (others, values);
      }

    for (guint i = 0; i < found->len; i++)
      {
        xmlNodePtr item = g_ptr_array_index (found, i);
        gboolean keep = TRUE;

        for (guint t = 1; t < filter->terms->len && keep; t++)
          {
            const char *child = g_array_index (filter->terms, FormFilterTerm, t).child;
            GPtrArray *values = g_ptr_array_index (others, t - 1);
            gboolean match = FALSE;

            for (xmlNodePtr c = xmlFirstElementChild (item); c && !match; c = xmlNextElementSibling (c))
              {
                xmlChar *text;

                if (c->ns != NULL || !xmlStrEqual (c->name, (const xmlChar *) child))
                  continue;
                text = xmlNodeGetContent (c);
                for (guint v = 0; v < values->len && !match; v++)
                  match = g_strcmp0 ((const char *) text, g_ptr_array_index (values, v)) == 0;
                xmlFree (text);
              }
            keep = match;
          }
        if (keep)
          g_ptr_array_add (items, item);
      }
  }
  return items;
}

/**
 * lalan_form_session_evaluate_itemset:
 * @control: a select
 * @context: (nullable): the instance of its node to evaluate for
 *
 * Returns: (transfer full) (nullable): value, label, value, label... in
 *   the current language
 */
GPtrArray *
lalan_form_session_evaluate_itemset (LalanFormSession *self,
                                     FormControlDef   *control,
                                     NodeState        *context)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  FormItemset *itemset = control->itemset;
  g_autoptr(GPtrArray) items = NULL;
  xmlXPathObjectPtr result = NULL;
  gboolean used = FALSE;

  if (context == NULL)
    context = lalan_form_session_nearest_instance (self, control->node, NULL);
  if (context == NULL)
    return out;

  if (control->items != NULL)
    {
      for (guint i = 0; i < control->items->len; i++)
        {
          FormChoiceDef *choice = g_ptr_array_index (control->items, i);

          g_ptr_array_add (out, g_strdup (choice->value));
          g_ptr_array_add (out, choice->label ? lalan_form_session_render_text (self, choice->label, FORM_TEXT_DEFAULT, context)
                                              : g_strdup (choice->value));
        }
      return out;
    }
  if (itemset == NULL || itemset->nodeset == NULL)
    return out;

  if (itemset->nodeset->filter != NULL)
    items = filter_items (self, itemset->nodeset->filter, context, &used);

  if (!used)
    {
      result = lalan_form_session_eval (self, itemset->nodeset, context->node, context->node);
      items = g_ptr_array_new ();
      if (result != NULL && (result->type == XPATH_NODESET || result->type == XPATH_XSLT_TREE) &&
          result->nodesetval != NULL)
        for (int i = 0; i < result->nodesetval->nodeNr; i++)
          g_ptr_array_add (items, result->nodesetval->nodeTab[i]);
    }

  for (guint i = 0; i < items->len; i++)
    {
      xmlNodePtr item = g_ptr_array_index (items, i);
      char *value, *label;

      if (itemset->value_child != NULL)
        value = child_text (item, itemset->value_child);
      else
        {
          xmlXPathObjectPtr v = lalan_form_session_eval (self, itemset->value_expr, item, context->node);

          value = v ? lx_object_to_string (v) : g_strdup ("");
          g_clear_pointer (&v, xmlXPathFreeObject);
        }
      g_strstrip (value);

      if (itemset->label_child != NULL)
        label = child_text (item, itemset->label_child);
      else if (itemset->label_itext_child != NULL)
        {
          g_autofree char *id = child_text (item, itemset->label_itext_child);

          label = itext_plain (self, id);
        }
      else
        {
          xmlXPathObjectPtr v = lalan_form_session_eval (self, itemset->label_expr, item, context->node);

          label = v ? lx_object_to_string (v) : g_strdup ("");
          g_clear_pointer (&v, xmlXPathFreeObject);
        }

      g_ptr_array_add (out, value);
      g_ptr_array_add (out, label);
    }

  g_clear_pointer (&result, xmlXPathFreeObject);
  return out;
}
