/* lalan-form-expr.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-form-private.h"

#include <glib/gi18n-lib.h>
#include <libxml/xpathInternals.h>
#include <string.h>

/* Compiling an expression of the form: one pass over the syntax tree that
 *  - resolves every function against the library and every name against
 *    the primary instance, so a form with a typo is refused on load;
 *  - collects what the expression reads (the dependency graph's edges),
 *    with the repeat it shares with its context so that an answer in one
 *    repeat instance re-evaluates only that instance;
 *  - writes the text libxml2 compiles: absolute paths through the
 *    context's repeat become relative to current() (XForms evaluates
 *    /data/person/age inside person[3] as person[3]/age), other absolute
 *    paths start at lx:root() (the primary instance, whatever document
 *    a predicate is looking at), comparisons and arithmetic go through the
 *    library so that dates compare and subtract as the spec says. */

typedef enum
{
  CLASS_VALUE,      /* a string, number or boolean */
  CLASS_NONE,       /* a node-set with nothing we track (attributes, comments) */
  CLASS_ROOT,       /* the primary instance's document node */
  CLASS_PRIMARY,    /* nodes of the primary instance */
  CLASS_SECONDARY,  /* nodes of a secondary instance */
} ClassKind;

typedef struct
{
  ClassKind  kind;
  GPtrArray *nodes;    /* FormNode*, CLASS_PRIMARY */
  FormNode  *pivot;    /* highest node reached from the context; NULL: the document */
} NodeClass;

typedef struct
{
  LalanForm  *form;
  xmlNodePtr  element;
  FormNode   *current;
  gboolean    no_contextualize;
  gboolean    identity_only;   /* the nodes matter, not their values: count(), position()... */
  GArray     *deps;
  guint       flags;
  GString    *out;
  GError     *error;
  const char *source;
} Compiler;

static void
class_clear (NodeClass *cls)
{
  g_clear_pointer (&cls->nodes, g_ptr_array_unref);
}

static NodeClass
class_value (void)
{
  NodeClass cls = { CLASS_VALUE, NULL, NULL };

  return cls;
}

static NodeClass
class_primary (FormNode *node,
               FormNode *pivot)
{
  NodeClass cls = { CLASS_PRIMARY, g_ptr_array_new (), pivot };

  g_ptr_array_add (cls.nodes, node);
  return cls;
}

static NodeClass
class_copy (const NodeClass *other)
{
  NodeClass cls = *other;

  if (other->nodes != NULL)
    cls.nodes = g_ptr_array_copy (other->nodes, NULL, NULL);
  return cls;
}

static FormNode *
common_ancestor (FormNode *a,
                 FormNode *b)
{
  if (a == NULL || b == NULL)
    return NULL;
  while (a->depth > b->depth)
    a = a->parent;
  while (b->depth > a->depth)
    b = b->parent;
  while (a != b)
    {
      a = a->parent;
      b = b->parent;
    }
  return a;
}

static gboolean
is_ancestor_or_self (FormNode *ancestor,
                     FormNode *node)
{
  for (; node != NULL; node = node->parent)
    if (node == ancestor)
      return TRUE;
  return FALSE;
}

static gboolean
failed (Compiler *c)
{
  return c->error != NULL;
}

static void
add_dep (Compiler *c,
         FormNode *node,
         FormNode *pivot,
         gboolean  subtree)
{
  FormDep dep = { node, pivot ? pivot->repeat : NULL, subtree };

  for (guint i = 0; i < c->deps->len; i++)
    {
      FormDep *have = &g_array_index (c->deps, FormDep, i);

      if (have->node == node && have->narrow == dep.narrow)
        {
          have->subtree |= subtree;
          return;
        }
    }
  g_array_append_val (c->deps, dep);
}

/**
 * form_deps_add:
 * @deps: an array of #FormDep
 * @more: (nullable): more of them
 *
 * Adds @more to @deps, once each.
 */
void
form_deps_add (GArray       *deps,
               const GArray *more)
{
  for (guint i = 0; more != NULL && i < more->len; i++)
    {
      const FormDep *dep = &g_array_index (more, FormDep, i);
      gboolean found = FALSE;

      for (guint j = 0; j < deps->len && !found; j++)
        {
          FormDep *have = &g_array_index (deps, FormDep, j);

          if (have->node == dep->node && have->narrow == dep->narrow)
            {
              have->subtree |= dep->subtree;
              found = TRUE;
            }
        }
      if (!found)
        g_array_append_val (deps, *dep);
    }
}

static const char *
resolve_prefix (Compiler   *c,
                const char *prefix)
{
  xmlNsPtr ns;

  if (prefix == NULL)
    return NULL;
  ns = xmlSearchNs (c->form->doc, c->element, (const xmlChar *) prefix);
  if (ns == NULL || ns->href == NULL)
    {
      if (c->error == NULL)
        g_set_error (&c->error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_EXPRESSION,
                     _("the expression “%s” uses the prefix “%s”, which is not declared"),
                     c->source, prefix);
      return NULL;
    }
  return (const char *) ns->href;
}

/* The prefix our emitted text uses for @uri; registered on every context. */
static const char *
canonical_prefix (LalanForm  *form,
                  const char *uri)
{
  const char *prefix = g_hash_table_lookup (form->prefix_by_uri, uri);

  if (prefix == NULL)
    {
      char *name = g_strdup_printf ("n%u", form->prefixes->len / 2);

      g_ptr_array_add (form->prefixes, name);
      g_ptr_array_add (form->prefixes, g_strdup (uri));
      g_hash_table_insert (form->prefix_by_uri, g_strdup (uri), name);
      prefix = name;
    }
  return prefix;
}

static gboolean
test_matches (Compiler     *c,
              const LxStep *step,
              const char   *step_uri,
              FormNode     *node)
{
  switch (step->test)
    {
    case LX_TEST_NAME:
      return g_strcmp0 (node->name, step->name) == 0 &&
             g_strcmp0 (node->ns_uri, step_uri) == 0;
    case LX_TEST_PREFIX_ANY:
      return g_strcmp0 (node->ns_uri, step_uri) == 0;
    case LX_TEST_ANY:
    case LX_TEST_NODE:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
append_literal (GString    *out,
                const char *text)
{
  if (strchr (text, '\'') != NULL)
    g_string_append_printf (out, "\"%s\"", text);
  else
    g_string_append_printf (out, "'%s'", text);
}

static void
append_step_test (Compiler     *c,
                  const LxStep *step,
                  const char   *uri)
{
  g_string_append_printf (c->out, "%s::", lx_axis_to_string (step->axis));
  switch (step->test)
    {
    case LX_TEST_NAME:
      if (uri != NULL)
        g_string_append_printf (c->out, "%s:", canonical_prefix (c->form, uri));
      g_string_append (c->out, step->name);
      break;
    case LX_TEST_PREFIX_ANY:
      g_string_append_printf (c->out, "%s:*", canonical_prefix (c->form, uri));
      break;
    case LX_TEST_ANY:
      g_string_append_c (c->out, '*');
      break;
    case LX_TEST_NODE:
      g_string_append (c->out, "node()");
      break;
    case LX_TEST_TEXT:
      g_string_append (c->out, "text()");
      break;
    case LX_TEST_COMMENT:
      g_string_append (c->out, "comment()");
      break;
    case LX_TEST_PI:
      g_string_append (c->out, "processing-instruction(");
      if (step->name)
        append_literal (c->out, step->name);
      g_string_append_c (c->out, ')');
      break;
    default:
      g_assert_not_reached ();
    }
}

static NodeClass compile_expr (Compiler        *c,
                               const LxExpr    *expr,
                               const NodeClass *context);

static void
compile_predicates (Compiler        *c,
                    const GPtrArray *predicates,
                    const NodeClass *context)
{
  gboolean saved_identity_only = c->identity_only;

  /* Inside a predicate, values count again: count(x[a = 'y']) reads a. */
  c->identity_only = FALSE;
  for (guint i = 0; predicates != NULL && i < predicates->len && !failed (c); i++)
    {
      NodeClass cls;

      g_string_append_c (c->out, '[');
      cls = compile_expr (c, g_ptr_array_index (predicates, i), context);
      class_clear (&cls);
      g_string_append_c (c->out, ']');
    }
  c->identity_only = saved_identity_only;
}

static void
add_descendants (FormNode  *node,
                 GPtrArray *into,
                 Compiler  *c,
                 const LxStep *step,
                 const char *uri,
                 FormNode  *pivot)
{
  for (guint i = 0; i < node->children->len; i++)
    {
      FormNode *child = g_ptr_array_index (node->children, i);

      if (child->is_repeat)
        add_dep (c, child, pivot, FALSE);
      if (test_matches (c, step, uri, child))
        g_ptr_array_add (into, child);
      add_descendants (child, into, c, step, uri, pivot);
    }
}

static NodeClass
apply_step (Compiler     *c,
            const LxStep *step,
            NodeClass    *input)
{
  NodeClass out = { CLASS_NONE, NULL, input->pivot };
  const char *uri = NULL;

  if (step->test == LX_TEST_NAME || step->test == LX_TEST_PREFIX_ANY)
    {
      uri = resolve_prefix (c, step->prefix);
      if (step->prefix != NULL && uri == NULL)
        return out;
    }

  if (input->kind == CLASS_VALUE)
    {
      g_set_error (&c->error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_EXPRESSION,
                   _("the expression “%s” takes a path from something that is not a node"),
                   c->source);
      return out;
    }

  if (input->kind == CLASS_SECONDARY || input->kind == CLASS_NONE)
    {
      /* Secondary instances are read-only: nothing to track, any axis. */
      out.kind = step->axis == LX_AXIS_ATTRIBUTE ? CLASS_NONE : input->kind;
      return out;
    }

  switch (step->axis)
    {
    case LX_AXIS_ATTRIBUTE:
      out.kind = CLASS_NONE;
      return out;

    case LX_AXIS_CHILD:
    case LX_AXIS_SELF:
    case LX_AXIS_PARENT:
    case LX_AXIS_DESCENDANT:
    case LX_AXIS_DESCENDANT_OR_SELF:
      break;

    default:
      g_set_error (&c->error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_UNSUPPORTED,
                   _("the expression “%s” uses the XPath axis “%s”, which forms may not use on their data"),
                   c->source, lx_axis_to_string (step->axis));
      return out;
    }

  if (step->test == LX_TEST_COMMENT || step->test == LX_TEST_PI)
    return out;

  out.kind = CLASS_PRIMARY;
  out.nodes = g_ptr_array_new ();

  if (step->test == LX_TEST_TEXT)
    {
      /* text() of an element reads its value. */
      if (step->axis == LX_AXIS_CHILD && input->kind == CLASS_PRIMARY)
        g_ptr_array_extend (out.nodes, input->nodes, NULL, NULL);
      else
        out.kind = CLASS_NONE;
      return out;
    }

  if (input->kind == CLASS_ROOT)
    {
      FormNode *root = c->form->root;

      switch (step->axis)
        {
        case LX_AXIS_CHILD:
          if (test_matches (c, step, uri, root))
            g_ptr_array_add (out.nodes, root);
          break;
        case LX_AXIS_SELF:
          out.kind = CLASS_ROOT;
          break;
        case LX_AXIS_PARENT:
          out.kind = CLASS_NONE;
          break;
        default:
          if (test_matches (c, step, uri, root))
            g_ptr_array_add (out.nodes, root);
          add_descendants (root, out.nodes, c, step, uri, NULL);
          if (step->axis == LX_AXIS_DESCENDANT_OR_SELF && step->test == LX_TEST_NODE)
            out.kind = CLASS_PRIMARY;
          break;
        }
      if (out.kind == CLASS_PRIMARY && out.nodes->len == 0 && step->test == LX_TEST_NAME)
        goto not_found;
      return out;
    }

  for (guint i = 0; i < input->nodes->len; i++)
    {
      FormNode *node = g_ptr_array_index (input->nodes, i);

      switch (step->axis)
        {
        case LX_AXIS_CHILD:
          for (guint j = 0; j < node->children->len; j++)
            {
              FormNode *child = g_ptr_array_index (node->children, j);

              if (test_matches (c, step, uri, child))
                {
                  g_ptr_array_add (out.nodes, child);
                  /* Going down into a repeat: the set of its instances matters. */
                  if (child->is_repeat)
                    add_dep (c, child, out.pivot, FALSE);
                }
            }
          break;

        case LX_AXIS_SELF:
          if (test_matches (c, step, uri, node))
            g_ptr_array_add (out.nodes, node);
          break;

        case LX_AXIS_PARENT:
          if (node->parent == NULL)
            {
              g_ptr_array_set_size (out.nodes, 0);
              out.kind = CLASS_ROOT;
              out.pivot = NULL;
              return out;
            }
          if (test_matches (c, step, uri, node->parent))
            {
              g_ptr_array_add (out.nodes, node->parent);
              out.pivot = common_ancestor (out.pivot, node->parent);
            }
          break;

        case LX_AXIS_DESCENDANT_OR_SELF:
          if (test_matches (c, step, uri, node))
            g_ptr_array_add (out.nodes, node);
          add_descendants (node, out.nodes, c, step, uri, out.pivot);
          break;

        case LX_AXIS_DESCENDANT:
          add_descendants (node, out.nodes, c, step, uri, out.pivot);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  if (out.nodes->len == 0 && step->test == LX_TEST_NAME && !failed (c))
    goto not_found;

  return out;

not_found:
  {
    g_autofree char *name = step->prefix ? g_strdup_printf ("%s:%s", step->prefix, step->name)
                                         : g_strdup (step->name);

    g_set_error (&c->error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_EXPRESSION,
                 _("the expression “%s” refers to “%s”, which is not in the form"),
                 c->source, name);
  }
  return out;
}

static void
record_value_deps (Compiler  *c,
                   NodeClass *cls)
{
  if (cls->kind == CLASS_PRIMARY)
    {
      for (guint i = 0; i < cls->nodes->len; i++)
        add_dep (c, g_ptr_array_index (cls->nodes, i), cls->pivot, !c->identity_only);
    }
  else if (cls->kind == CLASS_ROOT)
    add_dep (c, c->form->root, NULL, !c->identity_only);
}

/* The leading child steps of an absolute path as instance nodes, up to the
 * first step with a predicate (those are not contextualized). */
static FormNode *
deepest_shared_repeat (Compiler     *c,
                       const LxExpr *path,
                       guint        *n_steps)
{
  FormNode *node = NULL;
  FormNode *found = NULL;

  if (c->current == NULL || c->no_contextualize)
    return NULL;

  for (guint i = 0; i < path->steps->len; i++)
    {
      LxStep *step = g_ptr_array_index (path->steps, i);
      FormNode *next = NULL;
      const char *uri;

      if (step->axis != LX_AXIS_CHILD || step->test != LX_TEST_NAME ||
          (step->predicates != NULL && step->predicates->len > 0))
        break;

      uri = step->prefix ? resolve_prefix (c, step->prefix) : NULL;
      if (step->prefix != NULL && uri == NULL)
        return NULL;

      if (node == NULL)
        {
          if (test_matches (c, step, uri, c->form->root))
            next = c->form->root;
        }
      else
        {
          for (guint j = 0; j < node->children->len && next == NULL; j++)
            if (test_matches (c, step, uri, g_ptr_array_index (node->children, j)))
              next = g_ptr_array_index (node->children, j);
        }
      if (next == NULL)
        break;
      node = next;

      if (node->is_repeat && is_ancestor_or_self (node, c->current))
        {
          found = node;
          *n_steps = i + 1;
        }
    }

  return found;
}

static NodeClass
compile_path (Compiler        *c,
              const LxExpr    *path,
              const NodeClass *context)
{
  NodeClass cls;
  guint first_step = 0;

  if (path->filter != NULL)
    {
      if (path->filter->kind == LX_EXPR_FUNCTION && g_str_equal (path->filter->text, "randomize"))
        {
          /* Its shuffled order only survives as a whole node-set. */
          g_set_error (&c->error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_UNSUPPORTED,
                       _("the expression “%s” takes a path or a predicate from randomize(); Lalan supports randomize() only around a whole nodeset"),
                       c->source);
          return class_value ();
        }
      cls = compile_expr (c, path->filter, context);
      if (failed (c))
        return cls;
      if (path->filter_predicates != NULL)
        {
          if (cls.kind == CLASS_VALUE)
            {
              g_set_error (&c->error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_EXPRESSION,
                           _("the expression “%s” filters something that is not a node-set"),
                           c->source);
              return cls;
            }
          compile_predicates (c, path->filter_predicates, &cls);
        }
      if (path->steps->len > 0)
        g_string_append_c (c->out, '/');
    }
  else if (path->absolute)
    {
      FormNode *repeat = deepest_shared_repeat (c, path, &first_step);

      if (failed (c))
        return class_value ();

      if (repeat != NULL)
        {
          g_string_append (c->out, "lx:current()");
          for (guint up = c->current->depth; up > repeat->depth; up--)
            g_string_append (c->out, "/..");
          cls = class_primary (repeat, repeat);
        }
      else
        {
          NodeClass root = { CLASS_ROOT, NULL, NULL };

          g_string_append (c->out, "lx:root()");
          cls = root;
        }
      if (first_step < path->steps->len)
        g_string_append_c (c->out, '/');
    }
  else
    cls = class_copy (context);

  for (guint i = first_step; i < path->steps->len && !failed (c); i++)
    {
      LxStep *step = g_ptr_array_index (path->steps, i);
      NodeClass next;
      const char *uri = NULL;

      if (i > first_step)
        g_string_append_c (c->out, '/');

      next = apply_step (c, step, &cls);
      class_clear (&cls);
      cls = next;
      if (failed (c))
        break;

      if (step->test == LX_TEST_NAME || step->test == LX_TEST_PREFIX_ANY)
        uri = resolve_prefix (c, step->prefix);
      append_step_test (c, step, uri);
      compile_predicates (c, step->predicates, &cls);
    }

  record_value_deps (c, &cls);
  return cls;
}

static NodeClass
compile_function (Compiler        *c,
                  const LxExpr    *expr,
                  const NodeClass *context)
{
  const LxFunction *function;
  const char *uri = NULL;
  guint n_args = expr->args->len;
  NodeClass result = class_value ();
  gboolean saved_no_contextualize = c->no_contextualize;

  if (expr->prefix != NULL)
    {
      xmlNsPtr ns = xmlSearchNs (c->form->doc, c->element, (const xmlChar *) expr->prefix);

      /* jr: is so common that forms forget to declare it. */
      if (ns != NULL)
        uri = (const char *) ns->href;
      else if (g_str_equal (expr->prefix, "jr"))
        uri = LALAN_JR_NS;
      else
        uri = "";
    }

  function = lx_function_lookup (uri, expr->text);
  if (function == NULL)
    {
      g_autofree char *name = expr->prefix ? g_strdup_printf ("%s:%s", expr->prefix, expr->text)
                                           : g_strdup (expr->text);

      g_set_error (&c->error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_UNSUPPORTED,
                   _("the expression “%s” calls the function “%s()”, which Lalan does not support"),
                   c->source, name);
      return result;
    }

  if ((int) n_args < function->min_args ||
      (function->max_args >= 0 && (int) n_args > function->max_args) ||
      (g_str_equal (function->emit, "indexed-repeat") && n_args % 2 == 0) ||
      (g_str_equal (function->emit, "weighted-checklist") && n_args % 2 == 1))
    {
      g_set_error (&c->error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_EXPRESSION,
                   _("the expression “%s” calls “%s()” with the wrong number of arguments"),
                   c->source, function->name);
      return result;
    }

  c->flags |= function->flags;

  if (g_str_equal (function->emit, "instance"))
    {
      LxExpr *arg = g_ptr_array_index (expr->args, 0);

      if (arg->kind != LX_EXPR_STRING)
        {
          g_set_error (&c->error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_UNSUPPORTED,
                       _("the expression “%s” names an instance with an expression; only a quoted name is supported"),
                       c->source);
          return result;
        }
      if (!g_hash_table_contains (c->form->secondary, arg->text))
        {
          g_set_error (&c->error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_EXPRESSION,
                       _("the expression “%s” refers to the instance “%s”, which is not in the form"),
                       c->source, arg->text);
          return result;
        }
      g_string_append (c->out, "lx:instance(");
      append_literal (c->out, arg->text);
      g_string_append_c (c->out, ')');
      result.kind = CLASS_SECONDARY;
      return result;
    }

  if (g_str_equal (function->emit, "current"))
    {
      g_string_append (c->out, "lx:current()");
      return class_primary (c->current, c->current);
    }

  if (g_str_equal (function->emit, "choice-name") && n_args == 2)
    {
      LxExpr *arg = g_ptr_array_index (expr->args, 1);

      if (arg->kind == LX_EXPR_STRING)
        {
          g_autofree char *path = g_strstrip (g_strdup (arg->text));
          FormNode *node = lalan_form_lookup_node (c->form, path);

          if (node == NULL)
            {
              g_set_error (&c->error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_EXPRESSION,
                           _("the expression “%s” refers to “%s”, which is not in the form"),
                           c->source, path);
              return result;
            }
          add_dep (c, node, NULL, TRUE);
        }
    }

  if (g_str_equal (function->emit, "indexed-repeat"))
    c->no_contextualize = TRUE;

  g_string_append_printf (c->out, "lx:%s(", function->emit);
  for (guint i = 0; i < n_args && !failed (c); i++)
    {
      NodeClass arg;
      gboolean saved_identity_only = c->identity_only;
      const char *name = function->emit;

      if (i > 0)
        g_string_append (c->out, ", ");
      /* Functions that look at which nodes there are, not at their values:
       * position(..) in a repeat does not read the repeat's answers. */
      c->identity_only = g_str_equal (name, "count") || g_str_equal (name, "position") ||
                         g_str_equal (name, "name") || g_str_equal (name, "local-name") ||
                         g_str_equal (name, "namespace-uri") ||
                         (g_str_equal (name, "indexed-repeat") && i % 2 == 1);
      arg = compile_expr (c, g_ptr_array_index (expr->args, i), context);
      c->identity_only = saved_identity_only;
      if (i == 0 && g_str_equal (function->emit, "randomize"))
        result = arg;
      else
        class_clear (&arg);
    }
  g_string_append_c (c->out, ')');

  c->no_contextualize = saved_no_contextualize;
  return result;
}

static gboolean
yields_number (const LxExpr *expr)
{
  switch (expr->kind)
    {
    case LX_EXPR_NUMBER:
    case LX_EXPR_ADD:
    case LX_EXPR_SUB:
    case LX_EXPR_MUL:
    case LX_EXPR_DIV:
    case LX_EXPR_MOD:
    case LX_EXPR_NEG:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
compile_numeric_operand (Compiler        *c,
                         const LxExpr    *expr,
                         const NodeClass *context)
{
  NodeClass cls;

  if (yields_number (expr))
    cls = compile_expr (c, expr, context);
  else
    {
      g_string_append (c->out, "lx:n(");
      cls = compile_expr (c, expr, context);
      g_string_append_c (c->out, ')');
    }
  class_clear (&cls);
}

static NodeClass
compile_expr (Compiler        *c,
              const LxExpr    *expr,
              const NodeClass *context)
{
  NodeClass a, b;
  const char *op = NULL;
  const char *compare = NULL;

  if (failed (c))
    return class_value ();

  switch (expr->kind)
    {
    case LX_EXPR_OR: op = "or"; break;
    case LX_EXPR_AND: op = "and"; break;
    case LX_EXPR_EQ: op = "="; break;
    case LX_EXPR_NE: op = "!="; break;
    case LX_EXPR_LT: compare = "lt"; break;
    case LX_EXPR_LE: compare = "le"; break;
    case LX_EXPR_GT: compare = "gt"; break;
    case LX_EXPR_GE: compare = "ge"; break;
    case LX_EXPR_ADD: op = "+"; break;
    case LX_EXPR_SUB: op = "-"; break;
    case LX_EXPR_MUL: op = "*"; break;
    case LX_EXPR_DIV: op = "div"; break;
    case LX_EXPR_MOD: op = "mod"; break;
    default: break;
    }

  switch (expr->kind)
    {
    case LX_EXPR_OR:
    case LX_EXPR_AND:
    case LX_EXPR_EQ:
    case LX_EXPR_NE:
      g_string_append_c (c->out, '(');
      a = compile_expr (c, expr->a, context);
      g_string_append_printf (c->out, " %s ", op);
      b = compile_expr (c, expr->b, context);
      g_string_append_c (c->out, ')');
      class_clear (&a);
      class_clear (&b);
      return class_value ();

    case LX_EXPR_LT:
    case LX_EXPR_LE:
    case LX_EXPR_GT:
    case LX_EXPR_GE:
      g_string_append_printf (c->out, "lx:%s(", compare);
      a = compile_expr (c, expr->a, context);
      g_string_append (c->out, ", ");
      b = compile_expr (c, expr->b, context);
      g_string_append_c (c->out, ')');
      class_clear (&a);
      class_clear (&b);
      return class_value ();

    case LX_EXPR_ADD:
    case LX_EXPR_SUB:
    case LX_EXPR_MUL:
    case LX_EXPR_DIV:
    case LX_EXPR_MOD:
      g_string_append_c (c->out, '(');
      compile_numeric_operand (c, expr->a, context);
      g_string_append_printf (c->out, " %s ", op);
      compile_numeric_operand (c, expr->b, context);
      g_string_append_c (c->out, ')');
      return class_value ();

    case LX_EXPR_NEG:
      g_string_append (c->out, "(-");
      compile_numeric_operand (c, expr->a, context);
      g_string_append_c (c->out, ')');
      return class_value ();

    case LX_EXPR_UNION:
      g_string_append_c (c->out, '(');
      a = compile_expr (c, expr->a, context);
      g_string_append (c->out, " | ");
      b = compile_expr (c, expr->b, context);
      g_string_append_c (c->out, ')');
      if (a.kind == CLASS_PRIMARY && b.kind == CLASS_PRIMARY)
        {
          g_ptr_array_extend (a.nodes, b.nodes, NULL, NULL);
          a.pivot = common_ancestor (a.pivot, b.pivot);
          class_clear (&b);
          return a;
        }
      class_clear (&b);
      return a;

    case LX_EXPR_NUMBER:
      g_string_append (c->out, expr->text);
      return class_value ();

    case LX_EXPR_STRING:
      append_literal (c->out, expr->text);
      return class_value ();

    case LX_EXPR_VARIABLE:
      g_set_error (&c->error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_UNSUPPORTED,
                   _("the expression “%s” uses the variable “$%s”; XForms has no variables"),
                   c->source, expr->text);
      return class_value ();

    case LX_EXPR_FUNCTION:
      return compile_function (c, expr, context);

    case LX_EXPR_PATH:
      return compile_path (c, expr, context);

    default:
      g_assert_not_reached ();
      return class_value ();
    }
}

void
form_expr_free (FormExpr *expr)
{
  if (expr == NULL)
    return;

  g_free (expr->source);
  g_free (expr->emitted);
  g_clear_pointer (&expr->comp, xmlXPathFreeCompExpr);
  g_clear_pointer (&expr->deps, g_array_unref);
  if (expr->filter != NULL)
    {
      g_free (expr->filter->instance_id);
      g_ptr_array_unref (expr->filter->steps);
      for (guint i = 0; i < expr->filter->terms->len; i++)
        g_free (g_array_index (expr->filter->terms, FormFilterTerm, i).child);
      g_array_unref (expr->filter->terms);
      g_free (expr->filter);
    }
  g_free (expr);
}

static void
ignore_xpath_error (void        *data,
                    xmlErrorPtr  error)
{
}

/* One context for all of a form's compilations: making one registers
 * every XPath built-in, which costs more than compiling most expressions. */
static xmlXPathCompExprPtr
compile_text (LalanForm  *self,
              const char *text)
{
  if (self->compile_context == NULL)
    {
      self->compile_context = xmlXPathNewContext (NULL);
      self->compile_context->error = ignore_xpath_error;
    }
  return xmlXPathCtxtCompile (self->compile_context, (const xmlChar *) text);
}

FormExpr *
lalan_form_compile_ast (LalanForm    *self,
             const char   *source,
             const LxExpr *ast,
             xmlNodePtr    element,
             FormNode     *context,
             guint         flags,
             GError      **error)
{
  Compiler c = { 0 };
  NodeClass start;
  NodeClass result;
  FormExpr *expr;

  c.form = self;
  c.element = element;
  c.current = context;
  c.deps = g_array_new (FALSE, FALSE, sizeof (FormDep));
  c.out = g_string_new ("(");
  c.source = source;

  if (flags & FORM_COMPILE_ITEM_CONTEXT)
    {
      NodeClass item = { CLASS_SECONDARY, NULL, NULL };

      start = item;
    }
  else if (context != NULL)
    start = class_primary (context, context);
  else
    {
      NodeClass root = { CLASS_ROOT, NULL, NULL };

      start = root;
    }

  result = compile_expr (&c, ast, &start);
  class_clear (&result);
  class_clear (&start);
  g_string_append_c (c.out, ')');

  if (c.error != NULL)
    {
      g_propagate_error (error, c.error);
      g_array_unref (c.deps);
      g_string_free (c.out, TRUE);
      return NULL;
    }

  expr = g_new0 (FormExpr, 1);
  expr->source = g_strdup (source);
  expr->emitted = g_string_free (c.out, FALSE);
  expr->context = context;
  expr->deps = c.deps;
  expr->flags = c.flags;
  expr->line = element ? xmlGetLineNo (element) : 0;
  expr->comp = compile_text (self, expr->emitted);
  if (expr->comp == NULL)
    {
      /* Our own rewriting produced something libxml2 refuses: a bug, but
       * the form must still be refused rather than half-work. */
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_EXPRESSION,
                   _("the expression “%s” cannot be used"), source);
      form_expr_free (expr);
      return NULL;
    }

  g_ptr_array_add (self->all_exprs, expr);
  return expr;
}

/**
 * lalan_form_compile:
 * @self: the form being loaded
 * @source: the expression as written
 * @element: the element it is written on (prefixes, line)
 * @context: (nullable): the node it is evaluated for
 * @flags: #FormCompileFlags
 * @error: why it cannot be used
 *
 * Returns: (transfer none): the compiled expression, owned by the form
 */
FormExpr *
lalan_form_compile (LalanForm   *self,
                    const char  *source,
                    xmlNodePtr   element,
                    FormNode    *context,
                    guint        flags,
                    GError     **error)
{
  g_autoptr(LxExpr) ast = NULL;

  ast = lx_parse (source, error);
  if (ast == NULL)
    return NULL;

  return lalan_form_compile_ast (self, source, ast, element, context, flags, error);
}
