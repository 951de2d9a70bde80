/* lalan-xpath-print.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-xpath-private.h"

#include <string.h>

/* Syntax trees back to text. */

/* A canonical, fully parenthesised rendering, for tests and messages. */

static void append_expr (GString *out, const LxExpr *expr);

static void
append_predicates (GString         *out,
                   const GPtrArray *predicates)
{
  for (guint i = 0; predicates != NULL && i < predicates->len; i++)
    {
      g_string_append_c (out, '[');
      append_expr (out, g_ptr_array_index (predicates, i));
      g_string_append_c (out, ']');
    }
}

static void
append_step (GString      *out,
             const LxStep *step)
{
  g_string_append_printf (out, "%s::", lx_axis_to_string (step->axis));
  switch (step->test)
    {
    case LX_TEST_NAME:
      if (step->prefix)
        g_string_append_printf (out, "%s:", step->prefix);
      g_string_append (out, step->name);
      break;
    case LX_TEST_ANY:
      g_string_append_c (out, '*');
      break;
    case LX_TEST_PREFIX_ANY:
      g_string_append_printf (out, "%s:*", step->prefix);
      break;
    case LX_TEST_NODE:
      g_string_append (out, "node()");
      break;
    case LX_TEST_TEXT:
      g_string_append (out, "text()");
      break;
    case LX_TEST_COMMENT:
      g_string_append (out, "comment()");
      break;
    case LX_TEST_PI:
      g_string_append (out, "processing-instruction(");
      if (step->name)
        g_string_append_printf (out, "'%s'", step->name);
      g_string_append_c (out, ')');
      break;
    default:
      g_assert_not_reached ();
    }
  append_predicates (out, step->predicates);
}

static const char *
binary_operator (LxExprKind kind)
{
  switch (kind)
    {
    case LX_EXPR_OR: return "or";
    case LX_EXPR_AND: return "and";
    case LX_EXPR_EQ: return "=";
    case LX_EXPR_NE: return "!=";
    case LX_EXPR_LT: return "<";
    case LX_EXPR_LE: return "<=";
    case LX_EXPR_GT: return ">";
    case LX_EXPR_GE: return ">=";
    case LX_EXPR_ADD: return "+";
    case LX_EXPR_SUB: return "-";
    case LX_EXPR_MUL: return "*";
    case LX_EXPR_DIV: return "div";
    case LX_EXPR_MOD: return "mod";
    case LX_EXPR_UNION: return "|";
    default: return NULL;
    }
}

static void
append_expr (GString      *out,
             const LxExpr *expr)
{
  const char *op = binary_operator (expr->kind);

  if (op != NULL)
    {
      g_string_append_c (out, '(');
      append_expr (out, expr->a);
      g_string_append_printf (out, " %s ", op);
      append_expr (out, expr->b);
      g_string_append_c (out, ')');
      return;
    }

  switch (expr->kind)
    {
    case LX_EXPR_NEG:
      g_string_append (out, "(-");
      append_expr (out, expr->a);
      g_string_append_c (out, ')');
      break;
    case LX_EXPR_NUMBER:
      g_string_append (out, expr->text);
      break;
    case LX_EXPR_STRING:
      if (strchr (expr->text, '\'') != NULL)
        g_string_append_printf (out, "\"%s\"", expr->text);
      else
        g_string_append_printf (out, "'%s'", expr->text);
      break;
    case LX_EXPR_VARIABLE:
      g_string_append_printf (out, "$%s", expr->text);
      break;
    case LX_EXPR_FUNCTION:
      if (expr->prefix)
        g_string_append_printf (out, "%s:", expr->prefix);
      g_string_append_printf (out, "%s(", expr->text);
      for (guint i = 0; i < expr->args->len; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          append_expr (out, g_ptr_array_index (expr->args, i));
        }
      g_string_append_c (out, ')');
      break;
    case LX_EXPR_PATH:
      if (expr->filter)
        {
          append_expr (out, expr->filter);
          append_predicates (out, expr->filter_predicates);
        }
      if (expr->absolute || expr->filter)
        {
          if (expr->steps->len > 0 || expr->absolute)
            g_string_append_c (out, '/');
        }
      for (guint i = 0; i < expr->steps->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, '/');
          append_step (out, g_ptr_array_index (expr->steps, i));
        }
      break;
    default:
      g_assert_not_reached ();
    }
}

/**
 * lx_expr_to_string:
 * @expr: a syntax tree
 *
 * Returns: (transfer full): the tree as an explicit XPath expression
 */
char *
lx_expr_to_string (const LxExpr *expr)
{
  GString *out = g_string_new (NULL);

  append_expr (out, expr);
  return g_string_free (out, FALSE);
}
