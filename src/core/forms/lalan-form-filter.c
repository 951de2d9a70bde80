/* lalan-form-filter.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-form-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Recognising cascading-select filters that an index can answer. */

/* Itemset fast path */

static gboolean
is_outer (const LxExpr *expr)
{
  switch (expr->kind)
    {
    case LX_EXPR_NUMBER:
    case LX_EXPR_STRING:
      return TRUE;
    case LX_EXPR_VARIABLE:
      return FALSE;
    case LX_EXPR_FUNCTION:
      if (g_str_equal (expr->text, "position") || g_str_equal (expr->text, "last"))
        return FALSE;
      for (guint i = 0; i < expr->args->len; i++)
        if (!is_outer (g_ptr_array_index (expr->args, i)))
          return FALSE;
      return TRUE;
    case LX_EXPR_PATH:
      if (expr->absolute)
        return TRUE;
      if (expr->filter == NULL)
        return FALSE;
      if (expr->filter_predicates != NULL)
        return FALSE;
      return is_outer (expr->filter);
    case LX_EXPR_NEG:
      return is_outer (expr->a);
    default:
      return is_outer (expr->a) && is_outer (expr->b);
    }
}

static const char *
simple_child (const LxExpr *expr)
{
  LxStep *step;

  if (expr->kind != LX_EXPR_PATH || expr->absolute || expr->filter != NULL ||
      expr->steps->len != 1)
    return NULL;
  step = g_ptr_array_index (expr->steps, 0);
  if (step->axis != LX_AXIS_CHILD || step->test != LX_TEST_NAME || step->prefix != NULL ||
      step->predicates != NULL)
    return NULL;
  return step->name;
}

static gboolean
collect_terms (const LxExpr *expr,
               GPtrArray    *terms)
{
  if (expr->kind == LX_EXPR_AND)
    return collect_terms (expr->a, terms) && collect_terms (expr->b, terms);
  if (expr->kind != LX_EXPR_EQ)
    return FALSE;
  if ((simple_child (expr->a) != NULL && is_outer (expr->b)) ||
      (simple_child (expr->b) != NULL && is_outer (expr->a)))
    {
      g_ptr_array_add (terms, (gpointer) expr);
      return TRUE;
    }
  return FALSE;
}

/**
 * lalan_form_detect_filter:
 *
 * Recognises the itemsets that cascading selects produce,
 * `instance('x')/root/item[parent = /data/parent]`, which can be answered
 * from an index of the secondary instance.
 *
 * Returns: (transfer full) (nullable): the filter, or %NULL to evaluate
 *   the nodeset as it is
 */
FormFilter *
lalan_form_detect_filter (LalanForm  *self,
                          const char *source,
                          xmlNodePtr  element,
                          FormNode   *context)
{
  g_autoptr(LxExpr) ast = lx_parse (source, NULL);
  g_autoptr(GPtrArray) terms = g_ptr_array_new ();
  FormFilter *filter;
  LxExpr *head;
  LxStep *last;

  if (ast == NULL || ast->kind != LX_EXPR_PATH || ast->filter == NULL ||
      ast->filter_predicates != NULL || ast->steps->len == 0)
    return NULL;

  head = ast->filter;
  if (head->kind != LX_EXPR_FUNCTION || head->prefix != NULL ||
      !g_str_equal (head->text, "instance") || head->args->len != 1 ||
      ((LxExpr *) g_ptr_array_index (head->args, 0))->kind != LX_EXPR_STRING)
    return NULL;

  for (guint i = 0; i < ast->steps->len; i++)
    {
      LxStep *step = g_ptr_array_index (ast->steps, i);

      if (step->axis != LX_AXIS_CHILD || step->test != LX_TEST_NAME || step->prefix != NULL)
        return NULL;
      if (i + 1 < ast->steps->len && step->predicates != NULL)
        return NULL;
    }

  last = g_ptr_array_index (ast->steps, ast->steps->len - 1);
  if (last->predicates == NULL)
    return NULL;
  for (guint i = 0; i < last->predicates->len; i++)
    if (!collect_terms (g_ptr_array_index (last->predicates, i), terms))
      return NULL;

  filter = g_new0 (FormFilter, 1);
  filter->instance_id = g_strdup (((LxExpr *) g_ptr_array_index (head->args, 0))->text);
  filter->steps = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < ast->steps->len; i++)
    g_ptr_array_add (filter->steps, g_strdup (((LxStep *) g_ptr_array_index (ast->steps, i))->name));
  filter->terms = g_array_new (FALSE, TRUE, sizeof (FormFilterTerm));

  for (guint i = 0; i < terms->len; i++)
    {
      LxExpr *term = g_ptr_array_index (terms, i);
      gboolean child_left = simple_child (term->a) != NULL && is_outer (term->b);
      LxExpr *outer = child_left ? term->b : term->a;
      g_autofree char *text = lx_expr_to_string (outer);
      FormFilterTerm t = { 0 };

      t.child = g_strdup (simple_child (child_left ? term->a : term->b));
      t.value = lalan_form_compile_ast (self, text, outer, element, context, 0, NULL);
      g_array_append_val (filter->terms, t);
      if (t.value == NULL)
        {
          g_free (filter->instance_id);
          g_ptr_array_unref (filter->steps);
          for (guint j = 0; j < filter->terms->len; j++)
            g_free (g_array_index (filter->terms, FormFilterTerm, j).child);
          g_array_unref (filter->terms);
          g_free (filter);
          return NULL;
        }
    }

  return filter;
}
