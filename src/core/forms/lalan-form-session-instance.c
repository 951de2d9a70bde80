/* lalan-form-session-instance.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-form-session-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The primary instance of a session: built from the form's own instance
 * (a new record) or from a saved one (a draft, or an edit), grown and
 * shrunk by repeats, and written out as OpenRosa instance XML. */

static xmlNsPtr
ensure_ns (LalanFormSession *self,
           const char       *uri,
           const char       *prefix)
{
  xmlNodePtr root = xmlDocGetRootElement (self->doc);
  xmlNsPtr ns = g_hash_table_lookup (self->namespaces, uri);

  if (ns != NULL)
    return ns;

  /* Keep the form's prefix unless the root already uses it for another URI. */
  if (prefix == NULL || xmlSearchNs (self->doc, root, (const xmlChar *) prefix) != NULL)
    {
      g_autofree char *fresh = NULL;

      for (guint i = 0;; i++)
        {
          g_free (fresh);
          fresh = g_strdup_printf ("ns%u", i);
          if (xmlSearchNs (self->doc, root, (const xmlChar *) fresh) == NULL)
            break;
        }
      ns = xmlNewNs (root, (const xmlChar *) uri, (const xmlChar *) fresh);
    }
  else
    ns = xmlNewNs (root, (const xmlChar *) uri, (const xmlChar *) prefix);
  g_hash_table_insert (self->namespaces, g_strdup (uri), ns);
  return ns;
}

static char *
qname_prefix (FormNode *def)
{
  const char *colon = strchr (def->qname, ':');

  return colon ? g_strndup (def->qname, colon - def->qname) : NULL;
}

static NodeState *
create_state (LalanFormSession *self,
              FormNode         *def)
{
  NodeState *state = g_new0 (NodeState, 1);
  xmlNsPtr ns = NULL;

  if (def->ns_uri != NULL)
    {
      g_autofree char *prefix = qname_prefix (def);

      ns = ensure_ns (self, def->ns_uri, prefix);
    }
  state->node = xmlNewDocNode (self->doc, ns, (const xmlChar *) def->name, NULL);
  state->node->_private = state;
  state->def = def;
  state->self_relevant = TRUE;
  state->relevant = TRUE;
  state->constraint_ok = TRUE;
  state->valid = TRUE;
  if (def->repeat == NULL && def->order < self->singletons->len)
    g_ptr_array_index (self->singletons, def->order) = state;
  return state;
}

static char *
element_text (xmlNodePtr element)
{
  xmlChar *value = xmlNodeGetContent (element);
  char *copy = g_strdup (value ? (const char *) value : "");

  xmlFree (value);
  return copy;
}

static void
copy_attributes (LalanFormSession *self,
                 NodeState        *state,
                 xmlNodePtr        source)
{
  for (xmlAttrPtr attr = source ? source->properties : NULL; attr != NULL; attr = attr->next)
    {
      g_autofree char *value = NULL;
      xmlNsPtr ns = NULL;

      if (attr->ns != NULL && xmlStrEqual (attr->ns->href, (const xmlChar *) LALAN_JR_NS) &&
          xmlStrEqual (attr->name, (const xmlChar *) "template"))
        continue;
      value = element_text ((xmlNodePtr) attr);
      if (attr->ns != NULL)
        ns = ensure_ns (self, (const char *) attr->ns->href, (const char *) attr->ns->prefix);
      xmlNewNsProp (state->node, ns, attr->name, (const xmlChar *) value);
    }
}

static gboolean
fill_state (LalanFormSession *self,
            NodeState        *state,
            xmlNodePtr        source,
            gboolean          strict,
            GError          **error)
{
  FormNode *def = state->def;

  copy_attributes (self, state, source);

  if (def->leaf)
    {
      if (strict && source != NULL && xmlFirstElementChild (source) != NULL)
        {
          g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_INSTANCE,
                       _("The record has elements inside %s, which holds an answer in this form."),
                       def->path);
          return FALSE;
        }
      state->value = source ? element_text (source) : g_strdup ("");
      if (state->relevant && state->value[0] != '\0')
        xmlAddChild (state->node, xmlNewDocText (self->doc, (const xmlChar *) state->value));
      return TRUE;
    }

  if (strict && source != NULL)
    {
      for (xmlNodePtr c = xmlFirstElementChild (source); c; c = xmlNextElementSibling (c))
        {
          gboolean known = FALSE;

          for (guint i = 0; i < def->children->len && !known; i++)
            known = lalan_form_element_matches (c, g_ptr_array_index (def->children, i));
          if (!known)
            {
              g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_INSTANCE,
                           _("The record has an element “%s” in %s that this form does not have."),
                           (const char *) c->name, def->path);
              return FALSE;
            }
        }
    }

  for (guint i = 0; i < def->children->len; i++)
    {
      FormNode *child = g_ptr_array_index (def->children, i);
      xmlNodePtr match = NULL;
      guint seen = 0;

      for (xmlNodePtr c = source ? xmlFirstElementChild (source) : NULL; c; c = xmlNextElementSibling (c))
        {
          NodeState *child_state;

          if (!lalan_form_element_matches (c, child) || lalan_form_is_template (c))
            continue;
          seen++;
          if (child->is_repeat)
            {
              if (seen > LALAN_FORM_MAX_INSTANCES)
                {
                  g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_TOO_LARGE,
                               _("The record has too many instances of %s."), child->path);
                  return FALSE;
                }
              child_state = create_state (self, child);
              child_state->relevant = state->relevant;
              child_state->index = seen;
              xmlAddChild (state->node, child_state->node);
              if (!fill_state (self, child_state, c, strict, error))
                return FALSE;
            }
          else if (match == NULL)
            match = c;
          else if (strict)
            {
              g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_INSTANCE,
                           _("The record has %s more than once."), child->path);
              return FALSE;
            }
        }

      if (!child->is_repeat)
        {
          NodeState *child_state = create_state (self, child);

          child_state->relevant = state->relevant;
          xmlAddChild (state->node, child_state->node);
          if (!fill_state (self, child_state, match ? match : child->template_node,
                           strict && match != NULL, error))
            return FALSE;
        }
    }
  return TRUE;
}

/**
 * lalan_form_session_build_root:
 * @source: the instance's root element to take values from
 * @strict: refuse elements the form does not have (saved records)
 *
 * Returns: (nullable): the root's state
 */
NodeState *
lalan_form_session_build_root (LalanFormSession *self,
                               xmlNodePtr        source,
                               gboolean          strict,
                               GError          **error)
{
  FormNode *def = self->form->root;
  NodeState *root = g_new0 (NodeState, 1);

  root->node = xmlNewDocNode (self->doc, NULL, (const xmlChar *) def->name, NULL);
  xmlDocSetRootElement (self->doc, root->node);
  root->node->_private = root;
  root->def = def;
  root->self_relevant = TRUE;
  root->relevant = TRUE;
  root->constraint_ok = TRUE;
  root->valid = TRUE;
  if (def->ns_uri != NULL)
    {
      g_autofree char *prefix = qname_prefix (def);

      root->node->ns = ensure_ns (self, def->ns_uri, prefix);
    }
  g_ptr_array_index (self->singletons, def->order) = root;

  if (!fill_state (self, root, source, strict, error))
    return NULL;
  return root;
}

/**
 * lalan_form_session_free_states:
 * @node: an element of a session's instance
 *
 * Frees the states hung on @node and everything below it.
 */
void
lalan_form_session_free_states (xmlNodePtr node)
{
  NodeState *state;

  if (node == NULL || node->type != XML_ELEMENT_NODE)
    return;
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    lalan_form_session_free_states (c);

  state = node->_private;
  if (state == NULL)
    return;
  g_free (state->value);
  g_clear_pointer (&state->controls, g_ptr_array_unref);
  g_free (state);
  node->_private = NULL;
}

/* The last instance's index, found from the end. */
guint
lalan_form_session_count_instances (NodeState *container,
                                    FormNode  *repeat)
{
  for (xmlNodePtr c = container->node->last; c != NULL; c = c->prev)
    if (c->type == XML_ELEMENT_NODE && c->_private != NULL &&
        ((NodeState *) c->_private)->def == repeat)
      return ((NodeState *) c->_private)->index;
  return 0;
}

/**
 * lalan_form_session_add_instance:
 * @container: the node the repeat's instances are children of
 * @repeat: the repeat
 *
 * Appends an instance built from the repeat's template, dispatches
 * odk-new-repeat and queues what the new nodes and the new count touch.
 *
 * Returns: (transfer none): the new instance
 */
NodeState *
lalan_form_session_add_instance (LalanFormSession *self,
                                 NodeState        *container,
                                 FormNode         *repeat)
{
  xmlNodePtr last = NULL;
  xmlNodePtr following = NULL;
  NodeState *state;
  guint repeat_index = 0;

  for (guint i = 0; i < container->def->children->len; i++)
    if (g_ptr_array_index (container->def->children, i) == repeat)
      repeat_index = i;

  /* From the end: the last instance is found without walking past all
   * the others, so adding the 500th costs what adding the 1st did. */
  for (xmlNodePtr c = container->node->last; c != NULL && last == NULL; c = c->prev)
    {
      NodeState *child = c->type == XML_ELEMENT_NODE ? c->_private : NULL;

      if (child == NULL)
        continue;
      if (child->def == repeat)
        last = c;
      else
        {
          for (guint i = repeat_index + 1; i < container->def->children->len; i++)
            if (g_ptr_array_index (container->def->children, i) == child->def)
              following = c;
        }
    }

  state = create_state (self, repeat);
  state->relevant = container->relevant;
  state->index = last ? ((NodeState *) last->_private)->index + 1 : 1;
  if (last != NULL)
    xmlAddNextSibling (last, state->node);
  else if (following != NULL)
    xmlAddPrevSibling (following, state->node);
  else
    xmlAddChild (container->node, state->node);
  fill_state (self, state, repeat->template_node, FALSE, NULL);

  lalan_form_session_begin (self);
  lalan_form_session_refresh_relevance (self, state);
  lalan_form_session_refresh_readonly (self, state);
  if (repeat->repeat_control != NULL)
    lalan_form_session_run_actions (self, repeat->repeat_control->actions,
                                    FORM_EVENT_NEW_REPEAT, state);
  lalan_form_session_enqueue_all (self, state);
  lalan_form_session_structure_changed (self, container, repeat);
  if (self->body != NULL)
    {
      LalanFormControl *control = lalan_form_session_find_repeat_control (self, container, repeat);

      if (control != NULL)
        lalan_form_session_instance_controls (self, control, state, G_MAXUINT);
    }
  lalan_form_session_end (self);

  return state;
}

static void
collect_states (xmlNodePtr  node,
                GHashTable *into)
{
  if (node->type != XML_ELEMENT_NODE || node->_private == NULL)
    return;
  g_hash_table_add (into, node->_private);
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    collect_states (c, into);
}

/**
 * lalan_form_session_remove_instance:
 * @instance: an instance of a repeat
 *
 * Removes it; the instances after it move up, so their computations run
 * again (position() and indexed-repeat() see new positions).
 */
void
lalan_form_session_remove_instance (LalanFormSession *self,
                                    NodeState        *instance)
{
  xmlNodePtr node = instance->node;
  NodeState *container = node->parent->_private;
  FormNode *repeat = instance->def;
  xmlNodePtr following;
  g_autoptr(GHashTable) states = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key;

  lalan_form_session_begin (self);

  collect_states (node, states);
  lalan_form_session_forget_states (self, states);
  g_hash_table_iter_init (&iter, states);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_hash_table_remove (self->violating, key);
      g_hash_table_remove (self->changes, key);
    }
  /* Unlinked first, so the instances after it already have their new
   * positions when the controls refresh their paths. */
  for (xmlNodePtr c = node->next; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && c->_private != NULL && ((NodeState *) c->_private)->def == repeat)
      ((NodeState *) c->_private)->index--;
  following = node->next;
  xmlUnlinkNode (node);
  lalan_form_session_detach_controls (self, states);
  lalan_form_session_free_states (node);
  xmlFreeNode (node);

  /* Only the instances after it moved (position(), indexed-repeat()):
   * removing the last one, as jr:count does, touches no other. */
  lalan_form_session_structure_changed (self, container, repeat);
  for (xmlNodePtr c = following; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && c->_private != NULL &&
        ((NodeState *) c->_private)->def == repeat)
      lalan_form_session_enqueue_all (self, c->_private);
  self->finalized = FALSE;

  lalan_form_session_end (self);
}

/* Writing */

static void
append_escaped (GString    *out,
                const char *text,
                gboolean    attribute)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '&': g_string_append (out, "&amp;"); break;
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        case '\r': g_string_append (out, "&#13;"); break;
        case '"':
          if (attribute)
            g_string_append (out, "&quot;");
          else
            g_string_append_c (out, '"');
          break;
        case '\n':
          if (attribute)
            g_string_append (out, "&#10;");
          else
            g_string_append_c (out, '\n');
          break;
        case '\t':
          if (attribute)
            g_string_append (out, "&#9;");
          else
            g_string_append_c (out, '\t');
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

static void
append_qname (GString    *out,
              xmlNsPtr    ns,
              const xmlChar *name)
{
  if (ns != NULL && ns->prefix != NULL)
    g_string_append_printf (out, "%s:", (const char *) ns->prefix);
  g_string_append (out, (const char *) name);
}

static void
write_element (GString                *out,
               NodeState              *state,
               LalanFormSerializeMode  mode,
               gboolean                is_root)
{
  xmlNodePtr node = state->node;
  gboolean empty = TRUE;

  if (mode == LALAN_FORM_SERIALIZE_SUBMISSION && !state->relevant && !is_root)
    return;
  if (state->def->synthetic && state->def->leaf && (state->value == NULL || state->value[0] == '\0'))
    return;

  g_string_append_c (out, '<');
  append_qname (out, node->ns, node->name);
  if (is_root)
    for (xmlNsPtr ns = node->nsDef; ns != NULL; ns = ns->next)
      {
        g_string_append_printf (out, " xmlns:%s=\"", (const char *) ns->prefix);
        append_escaped (out, (const char *) ns->href, TRUE);
        g_string_append_c (out, '"');
      }
  for (xmlAttrPtr attr = node->properties; attr != NULL; attr = attr->next)
    {
      xmlChar *value = xmlNodeGetContent ((xmlNodePtr) attr);

      g_string_append_c (out, ' ');
      append_qname (out, attr->ns, attr->name);
      g_string_append (out, "=\"");
      append_escaped (out, value ? (const char *) value : "", TRUE);
      g_string_append_c (out, '"');
      xmlFree (value);
    }
  g_string_append_c (out, '>');

  if (state->def->leaf)
    {
      if (state->value != NULL && state->value[0] != '\0')
        {
          append_escaped (out, state->value, FALSE);
          empty = FALSE;
        }
    }
  else
    {
      for (xmlNodePtr c = node->children; c != NULL; c = c->next)
        {
          gsize before = out->len;

          if (c->type == XML_ELEMENT_NODE && c->_private != NULL)
            write_element (out, c->_private, mode, FALSE);
          if (out->len != before)
            empty = FALSE;
        }
    }

  if (empty)
    {
      /* <name/> rather than <name></name>. */
      g_string_truncate (out, out->len - 1);
      g_string_append (out, "/>");
    }
  else
    {
      g_string_append (out, "</");
      append_qname (out, node->ns, node->name);
      g_string_append_c (out, '>');
    }
}

/**
 * lalan_form_session_write_xml:
 *
 * Returns: (transfer full): the instance as XML
 */
GBytes *
lalan_form_session_write_xml (LalanFormSession       *self,
                              LalanFormSerializeMode  mode)
{
  GString *out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

  write_element (out, self->root, mode, TRUE);
  g_string_append_c (out, '\n');
  return g_string_free_to_bytes (out);
}
