/* lalan-xpath-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An XPath 1.0 syntax tree. libxml2 evaluates the expressions; this tree
 * exists so that the loader can check every function and axis before a
 * form is accepted, find what each expression depends on, and rewrite
 * paths the way XForms requires (absolute paths inside a repeat refer to
 * the current repeat instance) before handing the text to libxml2. */

typedef enum
{
  LX_EXPR_OR,
  LX_EXPR_AND,
  LX_EXPR_EQ,
  LX_EXPR_NE,
  LX_EXPR_LT,
  LX_EXPR_LE,
  LX_EXPR_GT,
  LX_EXPR_GE,
  LX_EXPR_ADD,
  LX_EXPR_SUB,
  LX_EXPR_MUL,
  LX_EXPR_DIV,
  LX_EXPR_MOD,
  LX_EXPR_NEG,
  LX_EXPR_UNION,
  LX_EXPR_NUMBER,
  LX_EXPR_STRING,
  LX_EXPR_VARIABLE,
  LX_EXPR_FUNCTION,
  LX_EXPR_PATH,
} LxExprKind;

typedef enum
{
  LX_AXIS_CHILD,
  LX_AXIS_PARENT,
  LX_AXIS_SELF,
  LX_AXIS_DESCENDANT,
  LX_AXIS_DESCENDANT_OR_SELF,
  LX_AXIS_ATTRIBUTE,
  LX_AXIS_ANCESTOR,
  LX_AXIS_ANCESTOR_OR_SELF,
  LX_AXIS_FOLLOWING,
  LX_AXIS_FOLLOWING_SIBLING,
  LX_AXIS_PRECEDING,
  LX_AXIS_PRECEDING_SIBLING,
  LX_AXIS_NAMESPACE,
} LxAxis;

typedef enum
{
  LX_TEST_NAME,         /* prefix:name or name */
  LX_TEST_ANY,          /* * */
  LX_TEST_PREFIX_ANY,   /* prefix:* */
  LX_TEST_NODE,         /* node() */
  LX_TEST_TEXT,         /* text() */
  LX_TEST_COMMENT,      /* comment() */
  LX_TEST_PI,           /* processing-instruction() */
} LxTestKind;

typedef struct _LxExpr LxExpr;

typedef struct
{
  LxAxis      axis;
  LxTestKind  test;
  char       *prefix;      /* NULL when unprefixed */
  char       *name;        /* local name, or the PI target */
  GPtrArray  *predicates;  /* LxExpr*, may be NULL */
} LxStep;

struct _LxExpr
{
  LxExprKind  kind;
  guint       offset;       /* character offset in the source, for messages */

  LxExpr     *a;            /* operands of binary and unary operators */
  LxExpr     *b;

  char       *text;         /* literal, number lexeme, variable or function name */
  char       *prefix;       /* function prefix */
  double      number;
  GPtrArray  *args;         /* LxExpr*: function arguments */

  /* LX_EXPR_PATH: [filter predicates*] ('/' | '//')? steps */
  gboolean    absolute;
  LxExpr     *filter;       /* a primary expression heading the path, or NULL */
  GPtrArray  *filter_predicates;
  GPtrArray  *steps;        /* LxStep* */

  gpointer    function;     /* set by the analyser: the resolved LxFunction */
};

LxExpr     *lx_parse              (const char  *text,
                                   GError     **error);
void        lx_expr_free          (LxExpr      *expr);
const char *lx_axis_to_string     (LxAxis       axis);
char       *lx_expr_to_string     (const LxExpr *expr);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LxExpr, lx_expr_free)

/* Maximum nesting of parentheses, predicates and calls: a hostile form
 * must not exhaust the stack of the recursive-descent parser. */
#define LX_MAX_DEPTH 64
#define LX_MAX_LENGTH (64 * 1024)

G_END_DECLS
