/* lalan-form-loader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-form-private.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <string.h>

/* Reading a form: the document itself (treated as hostile), then the
 * model: primary and secondary instances, binds, translations and model
 * actions. The body is in lalan-form-body.c, the graph in
 * lalan-form-graph.c. */

/* Helpers */

static xmlNodePtr
first_child (xmlNodePtr  parent,
             const char *ns,
             const char *name)
{
  for (xmlNodePtr c = xmlFirstElementChild (parent); c; c = xmlNextElementSibling (c))
    if (form_is_element (c, ns, name))
      return c;
  return NULL;
}

/**
 * lalan_form_element_ns:
 *
 * Instance elements in the default namespace (XForms, in a form) count as
 * having none, so `/data/age` matches them as XPath requires.
 *
 * Returns: (nullable): the namespace an instance element has in XPath
 */
const char *
lalan_form_element_ns (xmlNodePtr element)
{
  if (element->ns == NULL || element->ns->prefix == NULL)
    return NULL;
  return (const char *) element->ns->href;
}

gboolean
lalan_form_element_matches (xmlNodePtr  element,
                            FormNode   *node)
{
  return element->type == XML_ELEMENT_NODE &&
         g_strcmp0 ((const char *) element->name, node->name) == 0 &&
         g_strcmp0 (lalan_form_element_ns (element), node->ns_uri) == 0;
}

gboolean
lalan_form_is_template (xmlNodePtr element)
{
  return xmlHasNsProp (element, (const xmlChar *) "template", (const xmlChar *) LALAN_JR_NS) != NULL;
}

/* Instances */

static FormNode *
new_node (LalanForm  *self,
          FormNode   *parent,
          const char *name,
          const char *ns_uri,
          const char *prefix,
          xmlNodePtr  template_node)
{
  FormNode *node = g_new0 (FormNode, 1);

  node->parent = parent;
  node->children = g_ptr_array_new ();
  node->dependents = g_ptr_array_new_with_free_func (g_free);
  node->controls = g_ptr_array_new ();
  node->name = g_strdup (name);
  node->ns_uri = g_strdup (ns_uri);
  node->qname = prefix && ns_uri ? g_strdup_printf ("%s:%s", prefix, name) : g_strdup (name);
  node->path = g_strdup_printf ("%s/%s", parent ? parent->path : "", node->qname);
  node->depth = parent ? parent->depth + 1 : 1;
  node->template_node = template_node;
  node->line = template_node ? xmlGetLineNo (template_node) : 0;
  node->order = self->nodes->len;
  node->leaf = TRUE;
  g_ptr_array_add (self->nodes, node);
  g_hash_table_insert (self->nodes_by_path, node->path, node);
  if (parent != NULL)
    {
      g_ptr_array_add (parent->children, node);
      parent->leaf = FALSE;
    }
  return node;
}

typedef struct
{
  xmlNodePtr first;
  xmlNodePtr template_node;
  guint      count;
} Group;

static void
build_children (LalanForm *self,
                FormNode  *node)
{
  g_autoptr(GArray) groups = g_array_new (FALSE, TRUE, sizeof (Group));

  for (xmlNodePtr c = xmlFirstElementChild (node->template_node); c; c = xmlNextElementSibling (c))
    {
      Group *group = NULL;

      for (guint i = 0; i < groups->len && group == NULL; i++)
        {
          Group *g = &g_array_index (groups, Group, i);

          if (xmlStrEqual (g->first->name, c->name) &&
              g_strcmp0 (lalan_form_element_ns (g->first), lalan_form_element_ns (c)) == 0)
            group = g;
        }
      if (group == NULL)
        {
          Group g = { c, NULL, 0 };

          g_array_append_val (groups, g);
          group = &g_array_index (groups, Group, groups->len - 1);
        }
      group->count++;
      if (lalan_form_is_template (c) && group->template_node == NULL)
        group->template_node = c;
    }

  for (guint i = 0; i < groups->len; i++)
    {
      Group *g = &g_array_index (groups, Group, i);
      xmlNodePtr template_node = g->template_node ? g->template_node : g->first;
      FormNode *child;

      child = new_node (self, node, (const char *) template_node->name,
                        lalan_form_element_ns (template_node),
                        template_node->ns ? (const char *) template_node->ns->prefix : NULL,
                        template_node);
      child->repeated = g->count > 1 || g->template_node != NULL;
      build_children (self, child);
    }
}

static void
strip_default_namespace (xmlNodePtr element)
{
  /* Secondary instances are read by XPath like the primary one: elements
   * in the default namespace have none, so instance('x')/root/item works. */
  for (xmlNodePtr c = element; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (c->ns != NULL && c->ns->prefix == NULL)
        c->ns = NULL;
      strip_default_namespace (c->children);
    }
}

static gboolean
read_instances (LalanForm  *self,
                xmlNodePtr  model)
{
  xmlNodePtr primary = NULL;

  for (xmlNodePtr c = xmlFirstElementChild (model); c; c = xmlNextElementSibling (c))
    {
      g_autofree char *id = NULL;
      g_autofree char *src = NULL;

      if (!form_is_element (c, LALAN_XFORMS_NS, "instance"))
        continue;
      if (primary == NULL)
        {
          primary = c;
          continue;
        }

      id = form_get_attr (c, "id");
      src = form_get_attr (c, "src");
      if (src != NULL)
        {
          lalan_form_add_problem (self, c, LALAN_FORM_ERROR_UNSUPPORTED,
                                  _("The form uses an external secondary instance (%s), which Lalan does not support."),
                                  src);
          continue;
        }
      if (id == NULL || id[0] == '\0')
        {
          lalan_form_add_problem (self, c, LALAN_FORM_ERROR_INVALID,
                                  _("A secondary instance has no id."));
          continue;
        }
      if (g_hash_table_contains (self->secondary, id))
        {
          lalan_form_add_problem (self, c, LALAN_FORM_ERROR_INVALID,
                                  _("Two secondary instances have the id “%s”."), id);
          continue;
        }
      strip_default_namespace (c->children);
      g_hash_table_insert (self->secondary, g_steal_pointer (&id), c);
    }

  if (primary == NULL || xmlFirstElementChild (primary) == NULL)
    {
      lalan_form_add_problem (self, model, LALAN_FORM_ERROR_INVALID,
                              _("The form has no primary instance."));
      return FALSE;
    }

  self->root_element = xmlFirstElementChild (primary);
  if (xmlNextElementSibling (self->root_element) != NULL)
    {
      lalan_form_add_problem (self, primary, LALAN_FORM_ERROR_INVALID,
                              _("The primary instance has more than one root element."));
      return FALSE;
    }

  self->id = form_get_attr (self->root_element, "id");
  if (self->id == NULL || self->id[0] == '\0')
    {
      lalan_form_add_problem (self, self->root_element, LALAN_FORM_ERROR_INVALID,
                              _("The primary instance has no id attribute: a form must have an id."));
      return FALSE;
    }
  self->version = form_get_ns_attr (self->root_element, LALAN_ORX_NS, "version");
  if (self->version == NULL)
    self->version = form_get_attr (self->root_element, "version");
  if (self->version == NULL)
    self->version = g_strdup ("");

  self->root = new_node (self, NULL, (const char *) self->root_element->name,
                         lalan_form_element_ns (self->root_element),
                         self->root_element->ns ? (const char *) self->root_element->ns->prefix : NULL,
                         self->root_element);
  build_children (self, self->root);

  /* XPath on the secondary instances is sped up by stamping document order. */
  xmlXPathOrderDocElems (self->doc);
  return TRUE;
}

static FormNode *
find_child (FormNode   *node,
            const char *name)
{
  for (guint i = 0; i < node->children->len; i++)
    {
      FormNode *child = g_ptr_array_index (node->children, i);

      if (g_str_equal (child->name, name))
        return child;
    }
  return NULL;
}

static FormNode *
add_synthetic (LalanForm  *self,
               FormNode   *parent,
               const char *name,
               const char *ns_uri,
               const char *prefix)
{
  FormNode *node = new_node (self, parent, name, ns_uri, prefix, NULL);

  node->synthetic = TRUE;
  return node;
}

/* Every record carries meta/instanceID; a form that forgot it gets one,
 * and deprecatedID is there for edits of sent records. */
static void
find_meta (LalanForm *self)
{
  FormNode *meta = find_child (self->root, "meta");
  const char *colon;
  g_autofree char *prefix = NULL;

  if (meta == NULL)
    {
      meta = add_synthetic (self, self->root, "meta", LALAN_ORX_NS, "orx");
      meta->synthetic = FALSE;
    }
  colon = strchr (meta->qname, ':');
  if (colon != NULL)
    prefix = g_strndup (meta->qname, colon - meta->qname);

  self->instance_id = find_child (meta, "instanceID");
  if (self->instance_id == NULL)
    {
      self->instance_id = add_synthetic (self, meta, "instanceID", meta->ns_uri, prefix);
      self->instance_id->synthetic = FALSE;
    }
  self->deprecated_id = find_child (meta, "deprecatedID");
  if (self->deprecated_id == NULL)
    self->deprecated_id = add_synthetic (self, meta, "deprecatedID", meta->ns_uri, prefix);
  self->instance_name = find_child (meta, "instanceName");
}

/* A path to a node of the primary instance, as binds and controls write
 * them: child, parent and self steps, from the root or from @context. */
FormNode *
lalan_form_resolve_path (LalanForm   *self,
              xmlNodePtr   element,
              const char  *text,
              FormNode    *context,
              GError     **error)
{
  g_autoptr(LxExpr) ast = lx_parse (text, error);
  FormNode *node;

  if (ast == NULL)
    return NULL;
  if (ast->kind != LX_EXPR_PATH || ast->filter != NULL)
    goto unsupported;

  node = ast->absolute ? NULL : context;
  if (!ast->absolute && context == NULL)
    goto unsupported;

  for (guint i = 0; i < ast->steps->len; i++)
    {
      LxStep *step = g_ptr_array_index (ast->steps, i);
      const char *uri = NULL;
      FormNode *next = NULL;

      if (step->predicates != NULL)
        goto unsupported;
      if (step->axis == LX_AXIS_SELF && step->test == LX_TEST_NODE)
        continue;
      if (step->axis == LX_AXIS_PARENT && step->test == LX_TEST_NODE)
        {
          if (node == NULL || node->parent == NULL)
            goto not_found;
          node = node->parent;
          continue;
        }
      if (step->axis != LX_AXIS_CHILD || step->test != LX_TEST_NAME)
        goto unsupported;

      if (step->prefix != NULL)
        {
          xmlNsPtr ns = xmlSearchNs (self->doc, element, (const xmlChar *) step->prefix);

          if (ns == NULL)
            goto not_found;
          uri = (const char *) ns->href;
        }

      if (node == NULL)
        {
          if (g_str_equal (self->root->name, step->name) && g_strcmp0 (self->root->ns_uri, uri) == 0)
            next = self->root;
        }
      else
        {
          for (guint j = 0; j < node->children->len && next == NULL; j++)
            {
              FormNode *child = g_ptr_array_index (node->children, j);

              if (g_str_equal (child->name, step->name) && g_strcmp0 (child->ns_uri, uri) == 0)
                next = child;
            }
        }
      if (next == NULL)
        goto not_found;
      node = next;
    }

  if (node == NULL)
    goto unsupported;
  return node;

unsupported:
  g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_UNSUPPORTED,
               _("“%s” is not a plain path to a node of the primary instance, which is all Lalan supports there."),
               text);
  return NULL;

not_found:
  g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_EXPRESSION,
               _("“%s” refers to a node that is not in the primary instance."), text);
  return NULL;
}

/**
 * lalan_form_resolve_ref:
 *
 * Resolves a control's or an action's `ref`, `nodeset` or `bind`.
 *
 * Returns: (nullable): the node, or %NULL with a problem recorded
 */
FormNode *
lalan_form_resolve_ref (LalanForm  *self,
                        xmlNodePtr  element,
                        const char *ref,
                        const char *bind,
                        FormNode   *context)
{
  g_autoptr(GError) error = NULL;
  FormNode *node;

  if (ref == NULL && bind != NULL)
    {
      node = g_hash_table_lookup (self->binds_by_id, bind);
      if (node == NULL)
        lalan_form_add_problem (self, element, LALAN_FORM_ERROR_INVALID,
                                _("There is no bind with the id “%s”."), bind);
      return node;
    }
  if (ref == NULL)
    return NULL;

  node = lalan_form_resolve_path (self, element, ref, context, &error);
  if (node == NULL)
    lalan_form_add_error_problem (self, element, error);
  return node;
}

/* Binds */

static const struct
{
  const char        *name;
  LalanFormDataType  type;
} types[] = {
  { "string", LALAN_FORM_TYPE_STRING },
  { "int", LALAN_FORM_TYPE_INT },
  { "integer", LALAN_FORM_TYPE_INT },
  { "decimal", LALAN_FORM_TYPE_DECIMAL },
  { "boolean", LALAN_FORM_TYPE_BOOLEAN },
  { "date", LALAN_FORM_TYPE_DATE },
  { "time", LALAN_FORM_TYPE_TIME },
  { "dateTime", LALAN_FORM_TYPE_DATE_TIME },
  { "select1", LALAN_FORM_TYPE_SELECT_ONE },
  { "select", LALAN_FORM_TYPE_SELECT_MANY },
  { "geopoint", LALAN_FORM_TYPE_GEOPOINT },
  { "geotrace", LALAN_FORM_TYPE_GEOTRACE },
  { "geoshape", LALAN_FORM_TYPE_GEOSHAPE },
  { "barcode", LALAN_FORM_TYPE_BARCODE },
  { "binary", LALAN_FORM_TYPE_BINARY },
};

static LalanFormDataType
parse_type (const char *text)
{
  const char *colon = strchr (text, ':');
  const char *name = colon ? colon + 1 : text;

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_str_equal (types[i].name, name))
      return types[i].type;
  /* The spec: an unknown type is a string. */
  return LALAN_FORM_TYPE_STRING;
}

static const char *const bind_expressions[FORM_N_BIND_COMPS] = {
  "calculate", "relevant", "required", "readonly", "constraint",
};

static const char *const preload_names[] = {
  "uid", "timestamp", "date", "property",
};

static gboolean
check_preload (LalanForm  *self,
               xmlNodePtr  bind,
               const char *preload,
               const char *params)
{
  gboolean known = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (preload_names); i++)
    if (g_str_equal (preload, preload_names[i]))
      known = TRUE;

  if (known && g_str_equal (preload, "timestamp"))
    known = params && (g_str_equal (params, "start") || g_str_equal (params, "end"));
  else if (known && g_str_equal (preload, "date"))
    known = params && g_str_equal (params, "today");
  else if (known && g_str_equal (preload, "property"))
    known = params && (g_str_equal (params, "deviceid") || g_str_equal (params, "username") ||
                       g_str_equal (params, "email") || g_str_equal (params, "phonenumber") ||
                       g_str_equal (params, "uri:username") || g_str_equal (params, "uri:email") ||
                       g_str_equal (params, "uri:phonenumber") || g_str_equal (params, "uri:deviceid"));

  if (!known)
    lalan_form_add_problem (self, bind, LALAN_FORM_ERROR_UNSUPPORTED,
                            _("The form uses the preload “%s” with “%s”, which Lalan does not support."),
                            preload, params ? params : "");
  return known;
}

static void
read_bind (LalanForm  *self,
           xmlNodePtr  element)
{
  g_autofree char *nodeset = form_get_attr (element, "nodeset");
  g_autoptr(GError) error = NULL;
  FormNode *node;
  FormBind *bind;

  if (nodeset == NULL)
    nodeset = form_get_attr (element, "ref");
  if (nodeset == NULL)
    {
      lalan_form_add_problem (self, element, LALAN_FORM_ERROR_INVALID,
                              _("A bind has no nodeset."));
      return;
    }
  node = lalan_form_resolve_path (self, element, nodeset, NULL, &error);
  if (node == NULL)
    {
      lalan_form_add_error_problem (self, element, error);
      return;
    }

  if (node->bind == NULL)
    {
      node->bind = g_new0 (FormBind, 1);
      node->bind->line = xmlGetLineNo (element);
    }
  bind = node->bind;
  bind->element = element;

  for (xmlAttrPtr attr = element->properties; attr != NULL; attr = attr->next)
    {
      const char *name = (const char *) attr->name;
      const char *ns = attr->ns ? (const char *) attr->ns->href : NULL;
      g_autofree char *value = (char *) xmlNodeGetContent ((xmlNodePtr) attr);
      gboolean handled = FALSE;

      if (ns == NULL || g_str_equal (ns, LALAN_XFORMS_NS))
        {
          if (g_str_equal (name, "nodeset") || g_str_equal (name, "ref") ||
              g_str_equal (name, "saveIncomplete"))
            handled = TRUE;
          else if (g_str_equal (name, "id"))
            {
              g_hash_table_insert (self->binds_by_id, g_strdup (value), node);
              handled = TRUE;
            }
          else if (g_str_equal (name, "type"))
            {
              bind->type = parse_type (value);
              node->type = bind->type;
              handled = TRUE;
            }
          else
            {
              for (guint i = 0; i < FORM_N_BIND_COMPS; i++)
                if (g_str_equal (name, bind_expressions[i]))
                  {
                    g_free (bind->sources[i]);
                    bind->sources[i] = g_strdup (value);
                    handled = TRUE;
                  }
            }
        }
      else if (g_str_equal (ns, LALAN_JR_NS))
        {
          if (g_str_equal (name, "preload"))
            {
              g_free (bind->preload);
              bind->preload = g_strdup (value);
              handled = TRUE;
            }
          else if (g_str_equal (name, "preloadParams"))
            {
              g_free (bind->preload_params);
              bind->preload_params = g_strdup (value);
              handled = TRUE;
            }
          else if (g_str_equal (name, "requiredMsg"))
            {
              bind->required_msg = lalan_form_parse_message (self, element, value, node);
              handled = TRUE;
            }
          else if (g_str_equal (name, "constraintMsg"))
            {
              bind->constraint_msg = lalan_form_parse_message (self, element, value, node);
              handled = TRUE;
            }
          else if (g_str_equal (name, "noAppErrorString"))
            handled = TRUE;
        }
      else if (g_str_equal (ns, LALAN_ORX_NS) && g_str_equal (name, "max-pixels"))
        handled = TRUE;

      if (!handled)
        {
          g_autofree char *qname = attr->ns && attr->ns->prefix
                                   ? g_strdup_printf ("%s:%s", attr->ns->prefix, name)
                                   : g_strdup (name);

          lalan_form_add_problem (self, element, LALAN_FORM_ERROR_UNSUPPORTED,
                                  _("A bind has the attribute “%s”, which Lalan does not support."),
                                  qname);
        }
    }
}

static void
compile_bind (LalanForm *self,
              FormNode  *node)
{
  FormBind *bind = node->bind;

  if (!node->leaf && (bind->sources[FORM_COMP_CALCULATE] != NULL || bind->preload != NULL))
    lalan_form_add_problem (self, bind->element, LALAN_FORM_ERROR_INVALID,
                            _("A calculation or preload is on %s, which holds other elements, not an answer."),
                            node->path);
  if (bind->preload != NULL)
    check_preload (self, bind->element, bind->preload, bind->preload_params);

  for (guint i = 0; i < FORM_N_BIND_COMPS; i++)
    {
      g_autoptr(GError) error = NULL;

      if (bind->sources[i] == NULL)
        continue;
      bind->exprs[i] = lalan_form_compile (self, bind->sources[i], bind->element, node, 0, &error);
      if (bind->exprs[i] == NULL)
        lalan_form_add_problem (self, bind->element, error->code,
                                _("The %s of %s cannot be used: %s."),
                                bind_expressions[i], node->path, error->message);
    }
}

static void
read_submission (LalanForm  *self,
                 xmlNodePtr  element)
{
  if (xmlHasProp (element, (const xmlChar *) "base64RsaPublicKey"))
    lalan_form_add_problem (self, element, LALAN_FORM_ERROR_UNSUPPORTED,
                            _("The form asks for encrypted submissions, which Lalan does not support."));
}

static void
read_model (LalanForm  *self,
            xmlNodePtr  model)
{
  xmlNodePtr itext = NULL;

  for (xmlNodePtr c = xmlFirstElementChild (model); c; c = xmlNextElementSibling (c))
    {
      if (form_is_element (c, LALAN_XFORMS_NS, "itext"))
        {
          if (itext == NULL)
            lalan_form_read_itext (self, c);
          itext = c;
        }
    }

  for (xmlNodePtr c = xmlFirstElementChild (model); c; c = xmlNextElementSibling (c))
    {
      if (form_is_element (c, LALAN_XFORMS_NS, "bind"))
        read_bind (self, c);
      else if (form_is_element (c, LALAN_XFORMS_NS, "instance") ||
               form_is_element (c, LALAN_XFORMS_NS, "itext") ||
               form_is_element (c, LALAN_XFORMS_NS, "setvalue"))
        continue;
      else if (form_is_element (c, LALAN_XFORMS_NS, "submission"))
        read_submission (self, c);
      else
        {
          g_autofree char *qname = c->ns && c->ns->prefix
                                   ? g_strdup_printf ("%s:%s", c->ns->prefix, c->name)
                                   : g_strdup ((const char *) c->name);

          lalan_form_add_problem (self, c, LALAN_FORM_ERROR_UNSUPPORTED,
                                  _("The model holds the element <%s>, which Lalan does not support."),
                                  qname);
        }
    }
}

static void
read_model_actions (LalanForm  *self,
                    xmlNodePtr  model)
{
  for (xmlNodePtr c = xmlFirstElementChild (model); c; c = xmlNextElementSibling (c))
    if (form_is_element (c, LALAN_XFORMS_NS, "setvalue"))
      lalan_form_read_action (self, c, NULL);
}

static void
check_repeats (LalanForm *self)
{
  for (guint i = 0; i < self->nodes->len; i++)
    {
      FormNode *node = g_ptr_array_index (self->nodes, i);

      if (node->repeated && !node->is_repeat)
        lalan_form_add_problem (self, node->template_node, LALAN_FORM_ERROR_UNSUPPORTED,
                                _("The element %s appears more than once, or as a template, but no repeat uses it."),
                                node->path);
    }

  /* The nearest repeat above each node, itself included. */
  for (guint i = 0; i < self->nodes->len; i++)
    {
      FormNode *node = g_ptr_array_index (self->nodes, i);

      node->repeat = node->is_repeat ? node : (node->parent ? node->parent->repeat : NULL);
    }
}

/**
 * lalan_form_build:
 * @self: a form whose document is parsed
 *
 * Reads the whole definition, recording every problem.
 *
 * Returns: %TRUE when there is none
 */
gboolean
lalan_form_build (LalanForm *self)
{
  xmlNodePtr html = xmlDocGetRootElement (self->doc);
  xmlNodePtr head, body, model, title;

  if (!form_is_element (html, LALAN_XHTML_NS, "html") ||
      (head = first_child (html, LALAN_XHTML_NS, "head")) == NULL ||
      (model = first_child (head, LALAN_XFORMS_NS, "model")) == NULL)
    {
      lalan_form_add_problem (self, html, LALAN_FORM_ERROR_INVALID,
                              _("This is not an XForm: an h:html with an h:head holding a model is expected."));
      return FALSE;
    }
  body = first_child (html, LALAN_XHTML_NS, "body");
  if (body == NULL)
    {
      lalan_form_add_problem (self, html, LALAN_FORM_ERROR_INVALID, _("The form has no body."));
      return FALSE;
    }

  title = first_child (head, LALAN_XHTML_NS, "title");
  self->title = title ? g_strstrip (form_element_text (title)) : g_strdup ("");

  if (!read_instances (self, model))
    return FALSE;
  find_meta (self);
  if (!self->instance_id->leaf)
    lalan_form_add_problem (self, self->instance_id->template_node, LALAN_FORM_ERROR_INVALID,
                            _("meta/instanceID holds other elements; it must hold the record’s id."));

  /* Which nodes repeat must be known before any expression is compiled:
   * it decides how absolute paths inside repeats are read. */
  lalan_form_mark_repeats (self, body);
  check_repeats (self);

  read_model (self, model);
  lalan_form_build_body (self, body);

  for (guint i = 0; i < self->nodes->len; i++)
    {
      FormNode *node = g_ptr_array_index (self->nodes, i);

      if (node->bind != NULL)
        compile_bind (self, node);
    }
  read_model_actions (self, model);

  if (self->problems->len > 0)
    return FALSE;

  self->language_strv = g_new0 (char *, self->languages->len + 1);
  for (guint i = 0; i < self->languages->len; i++)
    self->language_strv[i] = g_ptr_array_index (self->languages, i);

  return lalan_form_build_graph (self);
}
