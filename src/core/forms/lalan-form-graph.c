/* lalan-form-graph.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-form-private.h"

#include <glib/gi18n-lib.h>

/* The dependency graph. Each calculation, condition, itemset, jr:count and
 * label with outputs is a computation; it reads the nodes its expressions
 * name and may write nodes (a calculate its node, a relevance its node and
 * everything below, a jr:count the instances of its repeat). Sorting the
 * computations so that writers come before readers gives the order to
 * re-evaluate in; a computation that ends up reading what it writes,
 * directly or not, is a cycle and the form is refused. */

static const char *
kind_name (FormCompKind kind)
{
  switch (kind)
    {
    case FORM_COMP_CALCULATE: return "calculate";
    case FORM_COMP_RELEVANT: return "relevant";
    case FORM_COMP_REQUIRED: return "required";
    case FORM_COMP_READONLY: return "readonly";
    case FORM_COMP_CONSTRAINT: return "constraint";
    case FORM_COMP_COUNT: return "jr:count";
    case FORM_COMP_ITEMSET: return "itemset";
    case FORM_COMP_TEXT: return "label";
    default: return "?";
    }
}

static FormComputation *
add_computation (LalanForm      *self,
                 FormCompKind    kind,
                 FormNode       *target,
                 FormControlDef *control,
                 FormExpr       *expr,
                 guint           line)
{
  FormComputation *comp = g_new0 (FormComputation, 1);

  comp->kind = kind;
  comp->target = target;
  comp->control = control;
  comp->expr = expr;
  comp->line = line;
  comp->deps = g_array_new (FALSE, FALSE, sizeof (FormDep));
  if (expr != NULL)
    form_deps_add (comp->deps, expr->deps);
  g_ptr_array_add (self->computations, comp);
  return comp;
}

static gboolean
text_is_dynamic (FormText *text)
{
  if (text == NULL)
    return FALSE;
  if (text->inline_text && text->inline_text->dynamic)
    return TRUE;
  for (guint i = 0; i < text->n_itext; i++)
    if (text->itext[i] && text->itext[i]->dynamic)
      return TRUE;
  return FALSE;
}

static void
create_computations (LalanForm *self)
{
  for (guint i = 0; i < self->nodes->len; i++)
    {
      FormNode *node = g_ptr_array_index (self->nodes, i);

      if (node->bind == NULL)
        continue;
      for (guint k = 0; k < FORM_N_BIND_COMPS; k++)
        {
          FormExpr *expr = node->bind->exprs[k];

          if (expr == NULL)
            continue;
          node->comps[k] = add_computation (self, k, node, NULL, expr, node->bind->line);
          if (k == FORM_COMP_CONSTRAINT)
            {
              /* A constraint is checked whenever its own answer changes. */
              FormDep self_dep = { node, node->repeat, TRUE };
              g_autoptr(GArray) deps = g_array_new (FALSE, FALSE, sizeof (FormDep));

              g_array_append_val (deps, self_dep);
              form_deps_add (node->comps[k]->deps, deps);
            }
        }
    }

  for (guint i = 0; i < self->controls->len; i++)
    {
      FormControlDef *def = g_ptr_array_index (self->controls, i);

      if (def->itemset != NULL && def->itemset->nodeset != NULL)
        {
          FormItemset *itemset = def->itemset;

          def->itemset_comp = add_computation (self, FORM_COMP_ITEMSET, def->node, def,
                                               itemset->nodeset, def->line);
          if (itemset->value_expr)
            form_deps_add (def->itemset_comp->deps, itemset->value_expr->deps);
          if (itemset->label_expr)
            form_deps_add (def->itemset_comp->deps, itemset->label_expr->deps);
          if (itemset->nodeset->filter)
            for (guint t = 0; t < itemset->nodeset->filter->terms->len; t++)
              form_deps_add (def->itemset_comp->deps,
                             g_array_index (itemset->nodeset->filter->terms, FormFilterTerm, t).value->deps);
        }
      else if (def->items != NULL)
        {
          gboolean dynamic = FALSE;

          for (guint j = 0; j < def->items->len; j++)
            dynamic |= text_is_dynamic (((FormChoiceDef *) g_ptr_array_index (def->items, j))->label);
          if (dynamic)
            {
              def->itemset_comp = add_computation (self, FORM_COMP_ITEMSET, def->node, def, NULL, def->line);
              for (guint j = 0; j < def->items->len; j++)
                {
                  FormText *label = ((FormChoiceDef *) g_ptr_array_index (def->items, j))->label;

                  if (label != NULL)
                    form_deps_add (def->itemset_comp->deps, label->deps);
                }
            }
        }

      if (text_is_dynamic (def->label) || text_is_dynamic (def->hint))
        {
          FormNode *target = def->context;

          /* Repeats and the groups carrying their label sit in the
           * node holding the instances. */
          if (def->kind == LALAN_FORM_CONTROL_REPEAT || def->repeat_label)
            target = def->node->parent;
          def->text_comp = add_computation (self, FORM_COMP_TEXT, target, def, NULL, def->line);
          if (def->label)
            form_deps_add (def->text_comp->deps, def->label->deps);
          if (def->hint)
            form_deps_add (def->text_comp->deps, def->hint->deps);
        }

      if (def->kind == LALAN_FORM_CONTROL_REPEAT && def->count != NULL)
        def->count_comp = add_computation (self, FORM_COMP_COUNT, def->node->parent, def,
                                           def->count, def->line);
    }
}

static void
collect_subtree (FormNode  *node,
                 GPtrArray *into)
{
  g_ptr_array_add (into, node);
  for (guint i = 0; i < node->children->len; i++)
    collect_subtree (g_ptr_array_index (node->children, i), into);
}

/* The nodes a computation writes. */
static GPtrArray *
written_nodes (FormComputation *comp)
{
  GPtrArray *nodes = g_ptr_array_new ();

  switch (comp->kind)
    {
    case FORM_COMP_CALCULATE:
    case FORM_COMP_ITEMSET:
      g_ptr_array_add (nodes, comp->target);
      break;
    case FORM_COMP_RELEVANT:
      collect_subtree (comp->target, nodes);
      break;
    case FORM_COMP_COUNT:
      collect_subtree (comp->control->node, nodes);
      break;
    default:
      break;
    }
  return nodes;
}

static gboolean
is_inside (FormNode *node,
           FormNode *ancestor)
{
  for (; node != NULL; node = node->parent)
    if (node == ancestor)
      return TRUE;
  return FALSE;
}

static char *
describe (FormComputation *comp)
{
  FormNode *node = comp->kind == FORM_COMP_COUNT ? comp->control->node : comp->target;

  return g_strdup_printf ("%s %s (line %u)", kind_name (comp->kind), node ? node->path : "/",
                          comp->line);
}

static void
report_cycle (LalanForm  *self,
              GPtrArray  *remaining,
              GHashTable *successors)
{
  /* Walk successors among the unsorted computations until one repeats. */
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) path = g_ptr_array_new ();
  g_autoptr(GHashTable) left = g_hash_table_new (NULL, NULL);
  FormComputation *comp = g_ptr_array_index (remaining, 0);
  GString *chain = g_string_new (NULL);
  guint start = 0;

  for (guint i = 0; i < remaining->len; i++)
    g_hash_table_add (left, g_ptr_array_index (remaining, i));

  while (!g_hash_table_contains (seen, comp))
    {
      GPtrArray *next = g_hash_table_lookup (successors, comp);
      FormComputation *following = NULL;

      g_hash_table_add (seen, comp);
      g_ptr_array_add (path, comp);
      for (guint i = 0; next != NULL && i < next->len && following == NULL; i++)
        if (g_hash_table_contains (left, g_ptr_array_index (next, i)))
          following = g_ptr_array_index (next, i);
      if (following == NULL)
        break;
      comp = following;
    }

  for (guint i = 0; i < path->len; i++)
    if (g_ptr_array_index (path, i) == comp)
      start = i;
  for (guint i = start; i < path->len; i++)
    {
      g_autofree char *text = describe (g_ptr_array_index (path, i));

      g_string_append_printf (chain, "%s → ", text);
    }
  {
    g_autofree char *text = describe (comp);

    g_string_append (chain, text);
  }

  lalan_form_add_problem (self, comp->target ? comp->target->template_node : NULL,
                          LALAN_FORM_ERROR_CYCLE,
                          _("The form’s calculations and conditions depend on themselves: %s."),
                          chain->str);
  g_string_free (chain, TRUE);
}

static void
add_edge (GHashTable      *successors,
          GHashTable      *pairs,
          FormComputation *from,
          FormComputation *to,
          GHashTable      *in_degree)
{
  g_autofree char *key = g_strdup_printf ("%p>%p", from, to);

  if (g_hash_table_contains (pairs, key))
    return;
  g_hash_table_add (pairs, g_steal_pointer (&key));
  {
    GPtrArray *list = g_hash_table_lookup (successors, from);

    if (list == NULL)
      {
        list = g_ptr_array_new ();
        g_hash_table_insert (successors, from, list);
      }
    g_ptr_array_add (list, to);
  }
  g_hash_table_insert (in_degree, to,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (in_degree, to)) + 1));
}

static void
register_dependents (LalanForm *self)
{
  for (guint i = 0; i < self->computations->len; i++)
    {
      FormComputation *comp = g_ptr_array_index (self->computations, i);

      for (guint d = 0; d < comp->deps->len; d++)
        {
          FormDep *dep = &g_array_index (comp->deps, FormDep, d);
          g_autoptr(GPtrArray) nodes = g_ptr_array_new ();

          if (dep->subtree)
            collect_subtree (dep->node, nodes);
          else
            g_ptr_array_add (nodes, dep->node);

          for (guint n = 0; n < nodes->len; n++)
            {
              FormNode *node = g_ptr_array_index (nodes, n);
              gboolean found = FALSE;

              for (guint e = 0; e < node->dependents->len && !found; e++)
                {
                  FormEdge *edge = g_ptr_array_index (node->dependents, e);

                  if (edge->comp == comp)
                    {
                      /* Two routes to the same node: the wider one wins. */
                      if (edge->narrow != dep->narrow)
                        edge->narrow = NULL;
                      found = TRUE;
                    }
                }
              if (!found)
                {
                  FormEdge *edge = g_new0 (FormEdge, 1);

                  edge->comp = comp;
                  edge->narrow = dep->narrow;
                  g_ptr_array_add (node->dependents, edge);
                }
            }
        }
    }
}

static int
compare_rank (gconstpointer a,
              gconstpointer b)
{
  const FormComputation *ca = *(FormComputation **) a;
  const FormComputation *cb = *(FormComputation **) b;

  return (int) ca->rank - (int) cb->rank;
}

/**
 * lalan_form_build_graph:
 *
 * Creates the computations, orders them and refuses cycles.
 *
 * Returns: %TRUE when the graph has no cycle
 */
gboolean
lalan_form_build_graph (LalanForm *self)
{
  g_autoptr(GHashTable) writers = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) successors = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) in_degree = g_hash_table_new (NULL, NULL);
  g_autoptr(GQueue) ready = g_queue_new ();
  g_autoptr(GPtrArray) remaining = g_ptr_array_new ();
  guint rank = 0;

  create_computations (self);

  for (guint i = 0; i < self->computations->len; i++)
    {
      FormComputation *comp = g_ptr_array_index (self->computations, i);
      g_autoptr(GPtrArray) nodes = written_nodes (comp);

      for (guint n = 0; n < nodes->len; n++)
        {
          GPtrArray *list = g_hash_table_lookup (writers, g_ptr_array_index (nodes, n));

          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (writers, g_ptr_array_index (nodes, n), list);
            }
          g_ptr_array_add (list, comp);
        }
    }

  for (guint i = 0; i < self->computations->len; i++)
    {
      FormComputation *comp = g_ptr_array_index (self->computations, i);

      for (guint d = 0; d < comp->deps->len; d++)
        {
          FormDep *dep = &g_array_index (comp->deps, FormDep, d);
          g_autoptr(GPtrArray) nodes = g_ptr_array_new ();

          if (dep->subtree)
            collect_subtree (dep->node, nodes);
          else
            g_ptr_array_add (nodes, dep->node);

          for (guint n = 0; n < nodes->len; n++)
            {
              GPtrArray *list = g_hash_table_lookup (writers, g_ptr_array_index (nodes, n));

              for (guint w = 0; list != NULL && w < list->len; w++)
                add_edge (successors, pairs, g_ptr_array_index (list, w), comp, in_degree);
            }
        }

      /* Whatever is computed inside a repeat waits for its instances. */
      for (guint j = 0; j < self->computations->len; j++)
        {
          FormComputation *count = g_ptr_array_index (self->computations, j);

          if (count->kind == FORM_COMP_COUNT && count != comp && comp->target != NULL &&
              is_inside (comp->target, count->control->node))
            add_edge (successors, pairs, count, comp, in_degree);
        }
    }

  /* Kahn's algorithm, keeping the form's order among equals. */
  for (guint i = 0; i < self->computations->len; i++)
    {
      FormComputation *comp = g_ptr_array_index (self->computations, i);

      if (!g_hash_table_contains (in_degree, comp))
        g_queue_push_tail (ready, comp);
    }
  while (!g_queue_is_empty (ready))
    {
      FormComputation *comp = g_queue_pop_head (ready);
      GPtrArray *next = g_hash_table_lookup (successors, comp);

      comp->rank = ++rank;
      for (guint i = 0; next != NULL && i < next->len; i++)
        {
          FormComputation *to = g_ptr_array_index (next, i);
          guint degree = GPOINTER_TO_UINT (g_hash_table_lookup (in_degree, to)) - 1;

          g_hash_table_insert (in_degree, to, GUINT_TO_POINTER (degree));
          if (degree == 0)
            g_queue_push_tail (ready, to);
        }
    }

  for (guint i = 0; i < self->computations->len; i++)
    {
      FormComputation *comp = g_ptr_array_index (self->computations, i);

      if (comp->rank == 0)
        g_ptr_array_add (remaining, comp);
    }
  if (remaining->len > 0)
    {
      report_cycle (self, remaining, successors);
      return FALSE;
    }

  g_ptr_array_sort (self->computations, compare_rank);
  register_dependents (self);
  return TRUE;
}
