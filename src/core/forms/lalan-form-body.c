/* lalan-form-body.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-form-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The body: groups, repeats and questions, their labels and hints (inline
 * or translated, with <output>s), choices and nested actions. */

static gboolean
is_xforms (xmlNodePtr  node,
           const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         xmlStrEqual (node->ns->href, (const xmlChar *) LALAN_XFORMS_NS) &&
         (name == NULL || xmlStrEqual (node->name, (const xmlChar *) name));
}

static char *
get_attr (xmlNodePtr  element,
          const char *name)
{
  xmlChar *value = xmlGetNoNsProp (element, (const xmlChar *) name);
  char *copy = g_strdup ((const char *) value);

  xmlFree (value);
  return copy;
}

static char *
get_jr_attr (xmlNodePtr  element,
             const char *name)
{
  xmlChar *value = xmlGetNsProp (element, (const xmlChar *) name, (const xmlChar *) LALAN_JR_NS);
  char *copy = g_strdup ((const char *) value);

  xmlFree (value);
  return copy;
}

static char *
get_ref (xmlNodePtr element)
{
  char *ref = get_attr (element, "ref");

  if (ref == NULL)
    ref = get_attr (element, "nodeset");
  return ref;
}

/* Pass one: which instance nodes repeat. */

static void
mark_repeats (LalanForm  *self,
              xmlNodePtr  element,
              FormNode   *context)
{
  for (xmlNodePtr c = xmlFirstElementChild (element); c; c = xmlNextElementSibling (c))
    {
      g_autofree char *ref = NULL;
      FormNode *node = NULL;

      if (!is_xforms (c, "group") && !is_xforms (c, "repeat"))
        continue;
      ref = get_ref (c);
      if (ref != NULL)
        node = lalan_form_resolve_path (self, c, ref, context, NULL);
      if (is_xforms (c, "repeat") && node != NULL && node->parent != NULL)
        node->is_repeat = TRUE;
      mark_repeats (self, c, node ? node : context);
    }
}

void
lalan_form_mark_repeats (LalanForm  *self,
                         xmlNodePtr  body)
{
  mark_repeats (self, body, self->root);
}

/* Texts */

static void
segment_free (FormSegment *segment)
{
  g_free (segment->text);
  g_free (segment);
}

static FormTemplate *
parse_template (LalanForm  *self,
                xmlNodePtr  element,
                FormNode   *context,
                GArray     *deps)
{
  FormTemplate *template = g_new0 (FormTemplate, 1);

  template->segments = g_ptr_array_new_with_free_func ((GDestroyNotify) segment_free);

  for (xmlNodePtr c = element->children; c != NULL; c = c->next)
    {
      FormSegment *segment;

      if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
        {
          segment = g_new0 (FormSegment, 1);
          segment->text = g_strdup ((const char *) c->content);
          g_ptr_array_add (template->segments, segment);
        }
      else if (is_xforms (c, "output"))
        {
          g_autofree char *value = get_attr (c, "value");
          g_autoptr(GError) error = NULL;
          FormExpr *expr;

          if (value == NULL)
            value = get_attr (c, "ref");
          if (value == NULL)
            {
              lalan_form_add_problem (self, c, LALAN_FORM_ERROR_INVALID,
                                      _("An output has no value."));
              continue;
            }
          expr = lalan_form_compile (self, value, c, context, 0, &error);
          if (expr == NULL)
            {
              lalan_form_add_problem (self, c, error->code,
                                      _("An output cannot be used: %s."), error->message);
              continue;
            }
          segment = g_new0 (FormSegment, 1);
          segment->expr = expr;
          g_ptr_array_add (template->segments, segment);
          template->dynamic = TRUE;
          form_deps_add (deps, expr->deps);
        }
      else if (c->type == XML_ELEMENT_NODE)
        lalan_form_add_problem (self, c, LALAN_FORM_ERROR_UNSUPPORTED,
                                _("A text holds the element “%s”, which Lalan does not support there."),
                                (const char *) c->name);
    }
  return template;
}

static FormText *
new_text (LalanForm *self)
{
  FormText *text = g_new0 (FormText, 1);

  text->deps = g_array_new (FALSE, FALSE, sizeof (FormDep));
  g_ptr_array_add (self->all_texts, text);
  return text;
}

/* jr:itext('id') with a quoted id: the id, or NULL */
static char *
itext_literal (const char *ref)
{
  g_autoptr(LxExpr) ast = lx_parse (ref, NULL);
  LxExpr *arg;

  if (ast == NULL || ast->kind != LX_EXPR_FUNCTION || g_strcmp0 (ast->prefix, "jr") != 0 ||
      !g_str_equal (ast->text, "itext") || ast->args->len != 1)
    return NULL;
  arg = g_ptr_array_index (ast->args, 0);
  if (arg->kind != LX_EXPR_STRING)
    return NULL;
  return g_strdup (arg->text);
}

static void
attach_itext (LalanForm  *self,
              FormText   *text,
              xmlNodePtr  where,
              FormNode   *context)
{
  guint n = self->languages->len;
  gboolean found = FALSE;

  text->n_itext = n * FORM_TEXT_N_FORMS;
  text->itext = g_new0 (FormTemplate *, MAX (text->n_itext, 1));
  for (guint lang = 0; lang < n; lang++)
    {
      FormItextEntry *entry = lalan_form_lookup_itext (self, lang, text->itext_id);

      if (entry == NULL)
        continue;
      found = TRUE;
      for (guint f = 0; f < FORM_TEXT_N_FORMS; f++)
        if (entry->values[f] != NULL)
          text->itext[lang * FORM_TEXT_N_FORMS + f] =
            parse_template (self, entry->values[f], context, text->deps);
    }
  if (!found)
    lalan_form_add_problem (self, where, LALAN_FORM_ERROR_INVALID,
                            _("A text refers to the translation “%s”, which is not in the form."),
                            text->itext_id);
}

/**
 * lalan_form_parse_text:
 * @element: a <label> or <hint>
 * @context: the node its outputs are evaluated for
 *
 * Returns: (transfer none): the text, owned by the form
 */
FormText *
lalan_form_parse_text (LalanForm  *self,
                       xmlNodePtr  element,
                       FormNode   *context)
{
  FormText *text = new_text (self);
  g_autofree char *ref = get_attr (element, "ref");

  text->inline_text = parse_template (self, element, context, text->deps);
  if (ref != NULL)
    {
      text->itext_id = itext_literal (ref);
      if (text->itext_id == NULL)
        {
          lalan_form_add_problem (self, element, LALAN_FORM_ERROR_UNSUPPORTED,
                                  _("A label or hint refers to “%s”; Lalan supports only jr:itext('id') there."),
                                  ref);
          return text;
        }
      attach_itext (self, text, element, context);
    }
  return text;
}

/**
 * lalan_form_parse_message:
 * @bind: the bind the message is on
 * @value: `jr:constraintMsg` or `jr:requiredMsg`: text, or jr:itext('id')
 *
 * Returns: (transfer none): the message, owned by the form
 */
FormText *
lalan_form_parse_message (LalanForm  *self,
                          xmlNodePtr  bind,
                          const char *value,
                          FormNode   *context)
{
  FormText *text = new_text (self);
  FormSegment *segment = g_new0 (FormSegment, 1);

  text->itext_id = itext_literal (value);
  text->inline_text = g_new0 (FormTemplate, 1);
  text->inline_text->segments = g_ptr_array_new_with_free_func ((GDestroyNotify) segment_free);
  segment->text = g_strdup (text->itext_id ? "" : value);
  g_ptr_array_add (text->inline_text->segments, segment);
  if (text->itext_id != NULL)
    attach_itext (self, text, bind, context);
  return text;
}

/* Controls */

static FormControlDef *
new_control (LalanForm            *self,
             FormControlDef       *parent,
             LalanFormControlKind  kind,
             xmlNodePtr            element)
{
  FormControlDef *def = g_new0 (FormControlDef, 1);

  def->kind = kind;
  def->parent = parent;
  def->children = g_ptr_array_new ();
  def->line = element ? xmlGetLineNo (element) : 0;
  def->context = parent ? parent->context : self->root;
  if (parent != NULL)
    {
      def->index = parent->children->len;
      g_ptr_array_add (parent->children, def);
    }
  g_ptr_array_add (self->controls, def);
  return def;
}

static void
bind_control (FormControlDef *def,
              FormNode       *node)
{
  def->node = node;
  def->context = node;
  g_ptr_array_add (node->controls, def);
}

static gboolean
has_token (const char *list,
           const char *token)
{
  g_auto(GStrv) tokens = NULL;

  if (list == NULL)
    return FALSE;
  tokens = g_strsplit_set (list, " \t\n", -1);
  return g_strv_contains ((const char * const *) tokens, token);
}

static void parse_children (LalanForm      *self,
                            FormControlDef *parent,
                            xmlNodePtr      element);

static void
choice_free (FormChoiceDef *choice)
{
  g_free (choice->value);
  g_free (choice);
}

static void
parse_item (LalanForm      *self,
            FormControlDef *def,
            xmlNodePtr      item)
{
  FormChoiceDef *choice = g_new0 (FormChoiceDef, 1);

  for (xmlNodePtr c = xmlFirstElementChild (item); c; c = xmlNextElementSibling (c))
    {
      if (is_xforms (c, "label"))
        choice->label = lalan_form_parse_text (self, c, def->node);
      else if (is_xforms (c, "value"))
        {
          xmlChar *value = xmlNodeGetContent (c);

          g_free (choice->value);
          choice->value = g_strstrip (g_strdup ((const char *) value));
          xmlFree (value);
        }
    }

  if (choice->value == NULL || choice->value[0] == '\0' || strpbrk (choice->value, " \t\n") != NULL)
    {
      if (def->kind == LALAN_FORM_CONTROL_SELECT_MANY || choice->value == NULL || choice->value[0] == '\0')
        lalan_form_add_problem (self, item, LALAN_FORM_ERROR_INVALID,
                                _("A choice has no value, or a value with spaces in a multiple choice."));
    }
  if (def->items == NULL)
    def->items = g_ptr_array_new_with_free_func ((GDestroyNotify) choice_free);
  g_ptr_array_add (def->items, choice);
}

/* A child of the item: "name", or NULL for anything more complex. */
static char *
simple_child_name (const char *ref)
{
  g_autoptr(LxExpr) ast = lx_parse (ref, NULL);
  LxStep *step;

  if (ast == NULL || ast->kind != LX_EXPR_PATH || ast->absolute || ast->filter != NULL ||
      ast->steps->len != 1)
    return NULL;
  step = g_ptr_array_index (ast->steps, 0);
  if (step->axis != LX_AXIS_CHILD || step->test != LX_TEST_NAME || step->prefix != NULL ||
      step->predicates != NULL)
    return NULL;
  return g_strdup (step->name);
}

static void
parse_itemset (LalanForm      *self,
               FormControlDef *def,
               xmlNodePtr      element)
{
  g_autofree char *nodeset = get_attr (element, "nodeset");
  g_autoptr(GError) error = NULL;
  FormItemset *itemset;

  if (nodeset == NULL)
    {
      lalan_form_add_problem (self, element, LALAN_FORM_ERROR_INVALID, _("An itemset has no nodeset."));
      return;
    }
  if (def->itemset != NULL || def->items != NULL)
    {
      lalan_form_add_problem (self, element, LALAN_FORM_ERROR_UNSUPPORTED,
                              _("A question has an itemset and other choices; Lalan supports one or the other."));
      return;
    }

  itemset = g_new0 (FormItemset, 1);
  def->itemset = itemset;
  itemset->nodeset = lalan_form_compile (self, nodeset, element, def->node, 0, &error);
  if (itemset->nodeset == NULL)
    {
      lalan_form_add_problem (self, element, error->code,
                              _("The itemset cannot be used: %s."), error->message);
      return;
    }
  itemset->nodeset->filter = lalan_form_detect_filter (self, nodeset, element, def->node);

  for (xmlNodePtr c = xmlFirstElementChild (element); c; c = xmlNextElementSibling (c))
    {
      g_autofree char *ref = get_attr (c, "ref");
      g_clear_error (&error);

      if (!is_xforms (c, "value") && !is_xforms (c, "label"))
        {
          lalan_form_add_problem (self, c, LALAN_FORM_ERROR_UNSUPPORTED,
                                  _("An itemset holds the element “%s”, which Lalan does not support there."),
                                  (const char *) c->name);
          continue;
        }
      if (ref == NULL)
        {
          lalan_form_add_problem (self, c, LALAN_FORM_ERROR_INVALID,
                                  _("The value or label of an itemset has no ref."));
          continue;
        }

      if ((is_xforms (c, "value") && (itemset->value_child || itemset->value_expr)) ||
          (is_xforms (c, "label") && (itemset->label_child || itemset->label_itext_child || itemset->label_expr)))
        {
          lalan_form_add_problem (self, c, LALAN_FORM_ERROR_INVALID,
                                  _("An itemset has more than one value or label."));
          continue;
        }

      if (is_xforms (c, "value"))
        {
          itemset->value_child = simple_child_name (ref);
          if (itemset->value_child == NULL)
            itemset->value_expr = lalan_form_compile (self, ref, c, def->node, FORM_COMPILE_ITEM_CONTEXT, &error);
        }
      else
        {
          g_autoptr(LxExpr) ast = lx_parse (ref, NULL);

          itemset->label_child = simple_child_name (ref);
          if (itemset->label_child == NULL && ast != NULL && ast->kind == LX_EXPR_FUNCTION &&
              g_strcmp0 (ast->prefix, "jr") == 0 && g_str_equal (ast->text, "itext") &&
              ast->args->len == 1)
            {
              g_autofree char *inner = lx_expr_to_string (g_ptr_array_index (ast->args, 0));

              itemset->label_itext_child = simple_child_name (inner);
            }
          if (itemset->label_child == NULL && itemset->label_itext_child == NULL)
            itemset->label_expr = lalan_form_compile (self, ref, c, def->node, FORM_COMPILE_ITEM_CONTEXT, &error);
        }
      if (error != NULL)
        lalan_form_add_problem (self, c, error->code,
                                _("The itemset cannot be used: %s."), error->message);
    }

  if ((itemset->value_child == NULL && itemset->value_expr == NULL) ||
      (itemset->label_child == NULL && itemset->label_itext_child == NULL && itemset->label_expr == NULL))
    lalan_form_add_problem (self, element, LALAN_FORM_ERROR_INVALID,
                            _("An itemset needs both a value and a label."));
}

static void
parse_question (LalanForm      *self,
                FormControlDef *def,
                xmlNodePtr      element)
{
  for (xmlNodePtr c = xmlFirstElementChild (element); c; c = xmlNextElementSibling (c))
    {
      if (is_xforms (c, "label"))
        def->label = lalan_form_parse_text (self, c, def->node);
      else if (is_xforms (c, "hint"))
        def->hint = lalan_form_parse_text (self, c, def->node);
      else if (is_xforms (c, "setvalue"))
        {
          FormAction *action = lalan_form_read_action (self, c, def);

          if (action != NULL)
            {
              if (def->actions == NULL)
                def->actions = g_ptr_array_new ();
              g_ptr_array_add (def->actions, action);
            }
        }
      else if ((def->kind == LALAN_FORM_CONTROL_SELECT_ONE || def->kind == LALAN_FORM_CONTROL_SELECT_MANY) &&
               is_xforms (c, "item"))
        {
          if (def->itemset != NULL)
            lalan_form_add_problem (self, c, LALAN_FORM_ERROR_UNSUPPORTED,
                                    _("A question has an itemset and other choices; Lalan supports one or the other."));
          else
            parse_item (self, def, c);
        }
      else if ((def->kind == LALAN_FORM_CONTROL_SELECT_ONE || def->kind == LALAN_FORM_CONTROL_SELECT_MANY) &&
               is_xforms (c, "itemset"))
        parse_itemset (self, def, c);
      else
        lalan_form_add_problem (self, c, LALAN_FORM_ERROR_UNSUPPORTED,
                                _("A question holds the element “%s”, which Lalan does not support there."),
                                (const char *) c->name);
    }

  if ((def->kind == LALAN_FORM_CONTROL_SELECT_ONE || def->kind == LALAN_FORM_CONTROL_SELECT_MANY) &&
      def->items == NULL && def->itemset == NULL)
    lalan_form_add_problem (self, element, LALAN_FORM_ERROR_INVALID,
                            _("A choice question has no choices."));
}

static void
parse_control (LalanForm      *self,
               FormControlDef *parent,
               xmlNodePtr      element)
{
  static const struct
  {
    const char           *name;
    LalanFormControlKind  kind;
  } questions[] = {
    { "input", LALAN_FORM_CONTROL_INPUT },
    { "select1", LALAN_FORM_CONTROL_SELECT_ONE },
    { "select", LALAN_FORM_CONTROL_SELECT_MANY },
    { "trigger", LALAN_FORM_CONTROL_TRIGGER },
    { "upload", LALAN_FORM_CONTROL_UPLOAD },
  };
  g_autofree char *ref = get_ref (element);
  g_autofree char *bind = get_attr (element, "bind");
  FormControlDef *def;
  FormNode *node = NULL;

  if (is_xforms (element, "group"))
    {
      def = new_control (self, parent, LALAN_FORM_CONTROL_GROUP, element);
      self->n_groups++;
      def->ref = g_strdup (ref);
      def->appearance = get_attr (element, "appearance");
      def->field_list = has_token (def->appearance, "field-list");
      if (ref != NULL || bind != NULL)
        {
          node = lalan_form_resolve_ref (self, element, ref, bind, parent->context);
          if (node != NULL)
            {
              if (node->is_repeat)
                {
                  /* The usual <group ref="/x/r"><label/><repeat nodeset="/x/r">:
                   * the group carries the repeat's label. */
                  def->repeat_label = TRUE;
                  def->node = node;
                  def->context = node;
                }
              else
                bind_control (def, node);
            }
        }
      for (xmlNodePtr c = xmlFirstElementChild (element); c; c = xmlNextElementSibling (c))
        {
          if (is_xforms (c, "label"))
            def->label = lalan_form_parse_text (self, c, def->repeat_label ? node->parent : def->context);
          else if (is_xforms (c, "hint"))
            def->hint = lalan_form_parse_text (self, c, def->repeat_label ? node->parent : def->context);
        }
      parse_children (self, def, element);
      return;
    }

  if (is_xforms (element, "repeat"))
    {
      g_autofree char *count = get_jr_attr (element, "count");
      g_autofree char *no_add_remove = get_jr_attr (element, "noAddRemove");

      def = new_control (self, parent, LALAN_FORM_CONTROL_REPEAT, element);
      self->n_repeats++;
      def->ref = g_strdup (ref);
      def->appearance = get_attr (element, "appearance");
      def->field_list = has_token (def->appearance, "field-list");
      node = lalan_form_resolve_ref (self, element, ref, bind, parent->context);
      if (node == NULL)
        {
          if (ref == NULL && bind == NULL)
            lalan_form_add_problem (self, element, LALAN_FORM_ERROR_INVALID, _("A repeat has no nodeset."));
          return;
        }
      if (node->parent == NULL)
        {
          lalan_form_add_problem (self, element, LALAN_FORM_ERROR_INVALID,
                                  _("The root of the instance cannot repeat."));
          return;
        }
      if (node->repeat_control != NULL)
        {
          lalan_form_add_problem (self, element, LALAN_FORM_ERROR_UNSUPPORTED,
                                  _("Two repeats use %s; Lalan supports one."), node->path);
          return;
        }
      def->node = node;
      def->context = node;
      node->repeat_control = def;
      if (parent->kind == LALAN_FORM_CONTROL_GROUP && parent->node == node)
        parent->repeat_label = TRUE;

      if (count != NULL)
        {
          g_autoptr(GError) error = NULL;

          def->count = lalan_form_compile (self, count, element, node->parent, 0, &error);
          if (def->count == NULL)
            lalan_form_add_problem (self, element, error->code,
                                    _("The jr:count of a repeat cannot be used: %s."), error->message);
        }
      if (no_add_remove != NULL)
        {
          g_strstrip (no_add_remove);
          if (g_str_equal (no_add_remove, "true()") || g_str_equal (no_add_remove, "true"))
            def->no_add_remove = TRUE;
          else if (!g_str_equal (no_add_remove, "false()") && !g_str_equal (no_add_remove, "false"))
            lalan_form_add_problem (self, element, LALAN_FORM_ERROR_UNSUPPORTED,
                                    _("The jr:noAddRemove of a repeat is an expression; Lalan supports only true() or false()."));
        }

      for (xmlNodePtr c = xmlFirstElementChild (element); c; c = xmlNextElementSibling (c))
        {
          if (is_xforms (c, "label"))
            def->label = lalan_form_parse_text (self, c, node->parent);
          else if (is_xforms (c, "setvalue"))
            {
              FormAction *action = lalan_form_read_action (self, c, def);

              if (action != NULL)
                {
                  if (def->actions == NULL)
                    def->actions = g_ptr_array_new ();
                  g_ptr_array_add (def->actions, action);
                }
            }
        }
      parse_children (self, def, element);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (questions); i++)
    {
      if (!is_xforms (element, questions[i].name))
        continue;

      def = new_control (self, parent, questions[i].kind, element);
      self->n_questions++;
      def->ref = g_strdup (ref);
      def->appearance = get_attr (element, "appearance");
      def->mediatype = get_attr (element, "mediatype");
      if (xmlHasProp (element, (const xmlChar *) "intent"))
        lalan_form_add_problem (self, element, LALAN_FORM_ERROR_UNSUPPORTED,
                                _("A question opens an external app (intent), which Lalan does not support."));
      if (xmlHasProp (element, (const xmlChar *) "query"))
        lalan_form_add_problem (self, element, LALAN_FORM_ERROR_UNSUPPORTED,
                                _("A question uses an external query, which Lalan does not support."));

      node = lalan_form_resolve_ref (self, element, ref, bind, parent->context);
      if (node == NULL)
        {
          if (ref == NULL && bind == NULL)
            lalan_form_add_problem (self, element, LALAN_FORM_ERROR_INVALID,
                                    _("A question has no ref."));
          return;
        }
      if (!node->leaf)
        {
          lalan_form_add_problem (self, element, LALAN_FORM_ERROR_INVALID,
                                  _("A question is bound to %s, which holds other elements."), node->path);
          return;
        }
      bind_control (def, node);
      parse_question (self, def, element);
      return;
    }

  if (is_xforms (element, "setvalue"))
    {
      FormAction *action = lalan_form_read_action (self, element, parent->kind == LALAN_FORM_CONTROL_BODY ? NULL : parent);

      if (action != NULL && parent->kind != LALAN_FORM_CONTROL_BODY)
        {
          if (parent->actions == NULL)
            parent->actions = g_ptr_array_new ();
          g_ptr_array_add (parent->actions, action);
        }
      return;
    }

  if (is_xforms (element, "label") || is_xforms (element, "hint"))
    {
      if (parent->kind == LALAN_FORM_CONTROL_GROUP || parent->kind == LALAN_FORM_CONTROL_REPEAT)
        return;
    }

  lalan_form_add_problem (self, element, LALAN_FORM_ERROR_UNSUPPORTED,
                          _("The form uses the element <%s%s%s>, which Lalan does not support."),
                          element->ns && element->ns->prefix ? (const char *) element->ns->prefix : "",
                          element->ns && element->ns->prefix ? ":" : "",
                          (const char *) element->name);
}

static void
parse_children (LalanForm      *self,
                FormControlDef *parent,
                xmlNodePtr      element)
{
  for (xmlNodePtr c = xmlFirstElementChild (element); c; c = xmlNextElementSibling (c))
    parse_control (self, parent, c);
}

static void
mark_pages (FormControlDef *def,
            gboolean        inside_page)
{
  for (guint i = 0; i < def->children->len; i++)
    {
      FormControlDef *child = g_ptr_array_index (def->children, i);

      if (inside_page)
        {
          child->page = FALSE;
          mark_pages (child, TRUE);
          continue;
        }

      switch (child->kind)
        {
        case LALAN_FORM_CONTROL_GROUP:
          child->page = child->field_list && !child->repeat_label;
          mark_pages (child, child->page);
          break;

        case LALAN_FORM_CONTROL_REPEAT:
          /* page here means: each instance is one page. */
          child->page = child->field_list ||
                        (def->kind == LALAN_FORM_CONTROL_GROUP && def->repeat_label && def->field_list);
          mark_pages (child, child->page);
          break;

        default:
          child->page = TRUE;
          mark_pages (child, TRUE);
          break;
        }
    }
}

/* Choice labels of itemsets cannot evaluate outputs (an item has no
 * question of its own): refuse rather than show half a label. */
static void
check_itemset_outputs (LalanForm *self)
{
  g_autoptr(GHashTable) dynamic = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer value;

  for (guint lang = 0; lang < self->itext->len; lang++)
    {
      g_hash_table_iter_init (&iter, g_ptr_array_index (self->itext, lang));
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          FormItextEntry *entry = value;

          for (guint f = 0; f < FORM_TEXT_N_FORMS; f++)
            for (xmlNodePtr c = entry->values[f] ? entry->values[f]->children : NULL; c; c = c->next)
              if (is_xforms (c, "output"))
                g_hash_table_add (dynamic, entry->id);
        }
    }
  if (g_hash_table_size (dynamic) == 0)
    return;

  for (guint i = 0; i < self->controls->len; i++)
    {
      FormControlDef *def = g_ptr_array_index (self->controls, i);
      const char *child = def->itemset ? def->itemset->label_itext_child : NULL;

      if (child == NULL)
        continue;
      g_hash_table_iter_init (&iter, self->secondary);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          xmlNodePtr node = value;

          while (node != NULL)
            {
              if (node->type == XML_ELEMENT_NODE && xmlStrEqual (node->name, (const xmlChar *) child))
                {
                  xmlChar *id = xmlNodeGetContent (node);
                  gboolean bad = g_hash_table_contains (dynamic, id);

                  xmlFree (id);
                  if (bad)
                    {
                      lalan_form_add_problem (self, node, LALAN_FORM_ERROR_UNSUPPORTED,
                                              _("A choice label from an itemset holds an output, which Lalan does not support."));
                      return;
                    }
                }
              if (node->children && node->type == XML_ELEMENT_NODE)
                node = node->children;
              else
                {
                  while (node != NULL && node->next == NULL && node != value)
                    node = node->parent;
                  node = (node == NULL || node == value) ? NULL : node->next;
                }
            }
        }
    }
}

/**
 * lalan_form_build_body:
 *
 * Reads the controls of the body into the form's control tree.
 */
gboolean
lalan_form_build_body (LalanForm  *self,
                       xmlNodePtr  body)
{
  self->body = new_control (self, NULL, LALAN_FORM_CONTROL_BODY, body);
  self->body->context = self->root;
  parse_children (self, self->body, body);
  mark_pages (self->body, FALSE);
  check_itemset_outputs (self);

  for (guint i = 0; i < self->nodes->len; i++)
    {
      FormNode *node = g_ptr_array_index (self->nodes, i);

      /* Without a type, a select question's node is a select. */
      for (guint j = 0; j < node->controls->len && node->type == LALAN_FORM_TYPE_STRING; j++)
        {
          FormControlDef *def = g_ptr_array_index (node->controls, j);

          if (def->kind == LALAN_FORM_CONTROL_SELECT_ONE)
            node->type = LALAN_FORM_TYPE_SELECT_ONE;
          else if (def->kind == LALAN_FORM_CONTROL_SELECT_MANY)
            node->type = LALAN_FORM_TYPE_SELECT_MANY;
          else if (def->kind == LALAN_FORM_CONTROL_UPLOAD)
            node->type = LALAN_FORM_TYPE_BINARY;
        }
    }
  return TRUE;
}
