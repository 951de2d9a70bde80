/* lalan-xpath-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-xpath-private.h"

#include "lalan-form.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

/* The lexical rules are those of XPath 1.0 section 3.7, including the
 * disambiguation of '*' and of operator names by the preceding token. */

typedef enum
{
  TOK_EOF,
  TOK_LPAREN,
  TOK_RPAREN,
  TOK_LBRACKET,
  TOK_RBRACKET,
  TOK_DOT,
  TOK_DOTDOT,
  TOK_AT,
  TOK_COMMA,
  TOK_COLONCOLON,
  TOK_SLASH,
  TOK_DSLASH,
  TOK_PIPE,
  TOK_PLUS,
  TOK_MINUS,
  TOK_EQ,
  TOK_NE,
  TOK_LT,
  TOK_LE,
  TOK_GT,
  TOK_GE,
  TOK_MUL,
  TOK_AND,
  TOK_OR,
  TOK_MOD,
  TOK_DIV,
  TOK_NAMETEST,     /* prefix (nullable) + name, or name "*" */
  TOK_NODETYPE,
  TOK_FUNCNAME,
  TOK_AXISNAME,
  TOK_LITERAL,
  TOK_NUMBER,
  TOK_VARIABLE,
} TokType;

typedef struct
{
  TokType  type;
  char    *prefix;
  char    *name;
  guint    offset;
} Token;

typedef struct
{
  const char *source;
  GArray     *tokens;
  guint       pos;
  guint       depth;
  GError     *error;
} Parser;

static void
clear_token (gpointer data)
{
  Token *token = data;

  g_free (token->prefix);
  g_free (token->name);
}

static gboolean
is_name_start (guchar c)
{
  return g_ascii_isalpha (c) || c == '_' || c >= 0x80;
}

static gboolean
is_name_char (guchar c)
{
  return is_name_start (c) || g_ascii_isdigit (c) || c == '.' || c == '-';
}

static gboolean
is_operator_token (TokType type)
{
  switch (type)
    {
    case TOK_AND: case TOK_OR: case TOK_MOD: case TOK_DIV: case TOK_MUL:
    case TOK_SLASH: case TOK_DSLASH: case TOK_PIPE: case TOK_PLUS:
    case TOK_MINUS: case TOK_EQ: case TOK_NE: case TOK_LT: case TOK_LE:
    case TOK_GT: case TOK_GE:
      return TRUE;
    default:
      return FALSE;
    }
}

/* XPath 1.0 3.7: '*' is a multiplication and an NCName an operator name
 * when a token precedes that is not @, ::, (, [, "," or an operator. */
static gboolean
preceding_makes_operator (GArray *tokens)
{
  Token *last;

  if (tokens->len == 0)
    return FALSE;

  last = &g_array_index (tokens, Token, tokens->len - 1);
  switch (last->type)
    {
    case TOK_AT: case TOK_COLONCOLON: case TOK_LPAREN: case TOK_LBRACKET:
    case TOK_COMMA:
      return FALSE;
    default:
      return !is_operator_token (last->type);
    }
}

static const char *
skip_blanks (const char *p)
{
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  return p;
}

static void
set_syntax_error (GError     **error,
                  const char  *source,
                  guint        offset)
{
  const char *at = source + MIN (offset, strlen (source));

  if (*at == '\0')
    g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_EXPRESSION,
                 _("the expression “%s” ends too early"), source);
  else
    {
      g_autofree char *near = g_utf8_make_valid (at, MIN (strlen (at), 12));

      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_EXPRESSION,
                   _("the expression “%s” cannot be read near “%s”"), source, near);
    }
}

static gboolean
tokenize (const char  *source,
          GArray      *tokens,
          GError     **error)
{
  const char *p = source;

  for (;;)
    {
      Token token = { 0 };

      p = skip_blanks (p);
      token.offset = p - source;

      if (*p == '\0')
        {
          token.type = TOK_EOF;
          g_array_append_val (tokens, token);
          return TRUE;
        }

      switch (*p)
        {
        case '(': token.type = TOK_LPAREN; p++; break;
        case ')': token.type = TOK_RPAREN; p++; break;
        case '[': token.type = TOK_LBRACKET; p++; break;
        case ']': token.type = TOK_RBRACKET; p++; break;
        case '@': token.type = TOK_AT; p++; break;
        case ',': token.type = TOK_COMMA; p++; break;
        case '|': token.type = TOK_PIPE; p++; break;
        case '+': token.type = TOK_PLUS; p++; break;
        case '-': token.type = TOK_MINUS; p++; break;
        case '=': token.type = TOK_EQ; p++; break;
        case '/':
          if (p[1] == '/')
            {
              token.type = TOK_DSLASH;
              p += 2;
            }
          else
            {
              token.type = TOK_SLASH;
              p++;
            }
          break;
        case '!':
          if (p[1] != '=')
            goto bad;
          token.type = TOK_NE;
          p += 2;
          break;
        case '<':
          token.type = p[1] == '=' ? TOK_LE : TOK_LT;
          p += p[1] == '=' ? 2 : 1;
          break;
        case '>':
          token.type = p[1] == '=' ? TOK_GE : TOK_GT;
          p += p[1] == '=' ? 2 : 1;
          break;
        case ':':
          if (p[1] != ':')
            goto bad;
          token.type = TOK_COLONCOLON;
          p += 2;
          break;
        case '*':
          if (preceding_makes_operator (tokens))
            token.type = TOK_MUL;
          else
            {
              token.type = TOK_NAMETEST;
              token.name = g_strdup ("*");
            }
          p++;
          break;
        case '"':
        case '\'':
          {
            const char *end = strchr (p + 1, *p);

            if (end == NULL)
              goto bad;
            token.type = TOK_LITERAL;
            token.name = g_strndup (p + 1, end - p - 1);
            p = end + 1;
          }
          break;
        case '$':
          {
            const char *start = ++p;

            if (!is_name_start (*p))
              goto bad;
            while (is_name_char (*p) || (*p == ':' && is_name_start (p[1])))
              p++;
            token.type = TOK_VARIABLE;
            token.name = g_strndup (start, p - start);
          }
          break;
        case '.':
          if (g_ascii_isdigit (p[1]))
            goto number;
          if (p[1] == '.')
            {
              token.type = TOK_DOTDOT;
              p += 2;
            }
          else
            {
              token.type = TOK_DOT;
              p++;
            }
          break;
        default:
          if (g_ascii_isdigit (*p))
            {
              const char *start;
            number:
              start = p;
              while (g_ascii_isdigit (*p))
                p++;
              if (*p == '.')
                {
                  p++;
                  while (g_ascii_isdigit (*p))
                    p++;
                }
              token.type = TOK_NUMBER;
              token.name = g_strndup (start, p - start);
            }
          else if (is_name_start (*p))
            {
              const char *start = p;
              const char *after;
              char *first;

              while (is_name_char (*p))
                p++;
              first = g_strndup (start, p - start);

              if (preceding_makes_operator (tokens))
                {
                  if (g_str_equal (first, "and"))
                    token.type = TOK_AND;
                  else if (g_str_equal (first, "or"))
                    token.type = TOK_OR;
                  else if (g_str_equal (first, "mod"))
                    token.type = TOK_MOD;
                  else if (g_str_equal (first, "div"))
                    token.type = TOK_DIV;
                  else
                    {
                      g_free (first);
                      token.offset = start - source;
                      goto bad;
                    }
                  g_free (first);
                  break;
                }

              /* QName: prefix ':' (NCName | '*'), with no blanks. */
              if (*p == ':' && p[1] != ':')
                {
                  if (p[1] == '*')
                    {
                      token.type = TOK_NAMETEST;
                      token.prefix = first;
                      token.name = g_strdup ("*");
                      p += 2;
                      break;
                    }
                  else if (is_name_start (p[1]))
                    {
                      const char *local = ++p;

                      while (is_name_char (*p))
                        p++;
                      token.prefix = first;
                      first = g_strndup (local, p - local);
                    }
                  else
                    {
                      g_free (first);
                      goto bad;
                    }
                }
              token.name = first;

              after = skip_blanks (p);
              if (*after == '(')
                {
                  if (token.prefix == NULL &&
                      (g_str_equal (first, "node") || g_str_equal (first, "text") ||
                       g_str_equal (first, "comment") ||
                       g_str_equal (first, "processing-instruction")))
                    token.type = TOK_NODETYPE;
                  else
                    token.type = TOK_FUNCNAME;
                }
              else if (after[0] == ':' && after[1] == ':' && token.prefix == NULL)
                token.type = TOK_AXISNAME;
              else
                token.type = TOK_NAMETEST;
            }
          else
            goto bad;
        }

      g_array_append_val (tokens, token);
      continue;

    bad:
      set_syntax_error (error, source, token.offset);
      return FALSE;
    }
}

/* Parser */

static LxExpr *parse_expr (Parser *parser);

static Token *
peek (Parser *parser)
{
  return &g_array_index (parser->tokens, Token, parser->pos);
}

static Token *
next (Parser *parser)
{
  Token *token = peek (parser);

  if (token->type != TOK_EOF)
    parser->pos++;
  return token;
}

static gboolean
fail (Parser *parser)
{
  if (parser->error == NULL)
    set_syntax_error (&parser->error, parser->source, peek (parser)->offset);
  return FALSE;
}

static gboolean
expect (Parser  *parser,
        TokType  type)
{
  if (peek (parser)->type != type)
    return fail (parser);
  next (parser);
  return TRUE;
}

static LxExpr *
new_expr (LxExprKind kind,
          guint      offset)
{
  LxExpr *expr = g_new0 (LxExpr, 1);

  expr->kind = kind;
  expr->offset = offset;
  return expr;
}

static void
step_free (gpointer data)
{
  LxStep *step = data;

  g_free (step->prefix);
  g_free (step->name);
  g_clear_pointer (&step->predicates, g_ptr_array_unref);
  g_free (step);
}

void
lx_expr_free (LxExpr *expr)
{
  if (expr == NULL)
    return;

  g_clear_pointer (&expr->a, lx_expr_free);
  g_clear_pointer (&expr->b, lx_expr_free);
  g_free (expr->text);
  g_free (expr->prefix);
  g_clear_pointer (&expr->args, g_ptr_array_unref);
  g_clear_pointer (&expr->filter, lx_expr_free);
  g_clear_pointer (&expr->filter_predicates, g_ptr_array_unref);
  g_clear_pointer (&expr->steps, g_ptr_array_unref);
  g_free (expr);
}

static gboolean
enter (Parser *parser)
{
  if (++parser->depth > LX_MAX_DEPTH)
    {
      if (parser->error == NULL)
        g_set_error (&parser->error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_EXPRESSION,
                     _("the expression “%s” is nested too deeply"), parser->source);
      return FALSE;
    }
  return TRUE;
}

static void
leave (Parser *parser)
{
  parser->depth--;
}

static GPtrArray *
parse_predicates (Parser *parser)
{
  GPtrArray *predicates = NULL;

  while (peek (parser)->type == TOK_LBRACKET)
    {
      LxExpr *predicate;

      next (parser);
      if (!enter (parser))
        goto error;
      predicate = parse_expr (parser);
      leave (parser);
      if (predicate == NULL)
        goto error;
      if (predicates == NULL)
        predicates = g_ptr_array_new_with_free_func ((GDestroyNotify) lx_expr_free);
      g_ptr_array_add (predicates, predicate);
      if (!expect (parser, TOK_RBRACKET))
        goto error;
    }

  return predicates;

error:
  g_clear_pointer (&predicates, g_ptr_array_unref);
  return NULL;
}

static const struct
{
  const char *name;
  LxAxis      axis;
} axes[] = {
  { "child", LX_AXIS_CHILD },
  { "parent", LX_AXIS_PARENT },
  { "self", LX_AXIS_SELF },
  { "descendant", LX_AXIS_DESCENDANT },
  { "descendant-or-self", LX_AXIS_DESCENDANT_OR_SELF },
  { "attribute", LX_AXIS_ATTRIBUTE },
  { "ancestor", LX_AXIS_ANCESTOR },
  { "ancestor-or-self", LX_AXIS_ANCESTOR_OR_SELF },
  { "following", LX_AXIS_FOLLOWING },
  { "following-sibling", LX_AXIS_FOLLOWING_SIBLING },
  { "preceding", LX_AXIS_PRECEDING },
  { "preceding-sibling", LX_AXIS_PRECEDING_SIBLING },
  { "namespace", LX_AXIS_NAMESPACE },
};

const char *
lx_axis_to_string (LxAxis axis)
{
  for (guint i = 0; i < G_N_ELEMENTS (axes); i++)
    if (axes[i].axis == axis)
      return axes[i].name;
  g_assert_not_reached ();
  return NULL;
}

static gboolean
starts_step (TokType type)
{
  return type == TOK_NAMETEST || type == TOK_NODETYPE || type == TOK_AXISNAME ||
         type == TOK_DOT || type == TOK_DOTDOT || type == TOK_AT;
}

static LxStep *
new_node_step (LxAxis axis)
{
  LxStep *step = g_new0 (LxStep, 1);

  step->axis = axis;
  step->test = LX_TEST_NODE;
  return step;
}

static LxStep *
parse_step (Parser *parser)
{
  g_autoptr(GPtrArray) predicates = NULL;
  Token *token = peek (parser);
  LxStep *step;

  if (token->type == TOK_DOT)
    {
      next (parser);
      return new_node_step (LX_AXIS_SELF);
    }
  if (token->type == TOK_DOTDOT)
    {
      next (parser);
      return new_node_step (LX_AXIS_PARENT);
    }

  step = g_new0 (LxStep, 1);
  step->axis = LX_AXIS_CHILD;

  if (token->type == TOK_AT)
    {
      next (parser);
      step->axis = LX_AXIS_ATTRIBUTE;
    }
  else if (token->type == TOK_AXISNAME)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (axes); i++)
        {
          if (g_str_equal (axes[i].name, token->name))
            {
              step->axis = axes[i].axis;
              found = TRUE;
            }
        }
      if (!found)
        {
          fail (parser);
          goto error;
        }
      next (parser);
      if (!expect (parser, TOK_COLONCOLON))
        goto error;
    }

  token = peek (parser);
  if (token->type == TOK_NAMETEST)
    {
      if (g_str_equal (token->name, "*"))
        step->test = token->prefix ? LX_TEST_PREFIX_ANY : LX_TEST_ANY;
      else
        {
          step->test = LX_TEST_NAME;
          step->name = g_strdup (token->name);
        }
      step->prefix = g_strdup (token->prefix);
      next (parser);
    }
  else if (token->type == TOK_NODETYPE)
    {
      const char *type = token->name;

      if (g_str_equal (type, "node"))
        step->test = LX_TEST_NODE;
      else if (g_str_equal (type, "text"))
        step->test = LX_TEST_TEXT;
      else if (g_str_equal (type, "comment"))
        step->test = LX_TEST_COMMENT;
      else
        step->test = LX_TEST_PI;
      next (parser);
      if (!expect (parser, TOK_LPAREN))
        goto error;
      if (step->test == LX_TEST_PI && peek (parser)->type == TOK_LITERAL)
        step->name = g_strdup (next (parser)->name);
      if (!expect (parser, TOK_RPAREN))
        goto error;
    }
  else
    {
      fail (parser);
      goto error;
    }

  predicates = parse_predicates (parser);
  if (parser->error != NULL)
    goto error;
  step->predicates = g_steal_pointer (&predicates);
  return step;

error:
  step_free (step);
  return NULL;
}

/* RelativeLocationPath, appended to @steps; '//' is descendant-or-self::node(). */
static gboolean
parse_relative_path (Parser    *parser,
                     GPtrArray *steps)
{
  for (;;)
    {
      LxStep *step = parse_step (parser);

      if (step == NULL)
        return FALSE;
      g_ptr_array_add (steps, step);

      if (peek (parser)->type == TOK_SLASH)
        next (parser);
      else if (peek (parser)->type == TOK_DSLASH)
        {
          next (parser);
          g_ptr_array_add (steps, new_node_step (LX_AXIS_DESCENDANT_OR_SELF));
        }
      else
        return TRUE;
    }
}

static GPtrArray *
new_steps (void)
{
  return g_ptr_array_new_with_free_func (step_free);
}

static LxExpr *
parse_primary (Parser *parser)
{
  Token *token = peek (parser);
  LxExpr *expr;

  switch (token->type)
    {
    case TOK_LITERAL:
      expr = new_expr (LX_EXPR_STRING, token->offset);
      expr->text = g_strdup (token->name);
      next (parser);
      return expr;

    case TOK_NUMBER:
      expr = new_expr (LX_EXPR_NUMBER, token->offset);
      expr->text = g_strdup (token->name);
      expr->number = g_ascii_strtod (token->name, NULL);
      next (parser);
      return expr;

    case TOK_VARIABLE:
      expr = new_expr (LX_EXPR_VARIABLE, token->offset);
      expr->text = g_strdup (token->name);
      next (parser);
      return expr;

    case TOK_LPAREN:
      next (parser);
      if (!enter (parser))
        return NULL;
      expr = parse_expr (parser);
      leave (parser);
      if (expr == NULL)
        return NULL;
      if (!expect (parser, TOK_RPAREN))
        {
          lx_expr_free (expr);
          return NULL;
        }
      return expr;

    case TOK_FUNCNAME:
      expr = new_expr (LX_EXPR_FUNCTION, token->offset);
      expr->text = g_strdup (token->name);
      expr->prefix = g_strdup (token->prefix);
      expr->args = g_ptr_array_new_with_free_func ((GDestroyNotify) lx_expr_free);
      next (parser);
      if (!expect (parser, TOK_LPAREN) || !enter (parser))
        {
          lx_expr_free (expr);
          return NULL;
        }
      if (peek (parser)->type != TOK_RPAREN)
        {
          for (;;)
            {
              LxExpr *arg = parse_expr (parser);

              if (arg == NULL)
                {
                  leave (parser);
                  lx_expr_free (expr);
                  return NULL;
                }
              g_ptr_array_add (expr->args, arg);
              if (peek (parser)->type != TOK_COMMA)
                break;
              next (parser);
            }
        }
      leave (parser);
      if (!expect (parser, TOK_RPAREN))
        {
          lx_expr_free (expr);
          return NULL;
        }
      return expr;

    default:
      fail (parser);
      return NULL;
    }
}

static LxExpr *
parse_path (Parser *parser)
{
  Token *token = peek (parser);
  LxExpr *path;

  if (token->type == TOK_SLASH || token->type == TOK_DSLASH)
    {
      path = new_expr (LX_EXPR_PATH, token->offset);
      path->absolute = TRUE;
      path->steps = new_steps ();
      next (parser);
      if (token->type == TOK_DSLASH)
        {
          g_ptr_array_add (path->steps, new_node_step (LX_AXIS_DESCENDANT_OR_SELF));
          if (!parse_relative_path (parser, path->steps))
            goto error;
        }
      else if (starts_step (peek (parser)->type))
        {
          if (!parse_relative_path (parser, path->steps))
            goto error;
        }
      return path;
    }

  if (starts_step (token->type))
    {
      path = new_expr (LX_EXPR_PATH, token->offset);
      path->steps = new_steps ();
      if (!parse_relative_path (parser, path->steps))
        goto error;
      return path;
    }

  /* FilterExpr, possibly followed by a relative path. */
  {
    g_autoptr(LxExpr) primary = parse_primary (parser);
    g_autoptr(GPtrArray) predicates = NULL;
    TokType after;

    if (primary == NULL)
      return NULL;
    predicates = parse_predicates (parser);
    if (parser->error != NULL)
      return NULL;

    after = peek (parser)->type;
    if (predicates == NULL && after != TOK_SLASH && after != TOK_DSLASH)
      return g_steal_pointer (&primary);

    path = new_expr (LX_EXPR_PATH, primary->offset);
    path->filter = g_steal_pointer (&primary);
    path->filter_predicates = g_steal_pointer (&predicates);
    path->steps = new_steps ();
    if (after == TOK_SLASH || after == TOK_DSLASH)
      {
        next (parser);
        if (after == TOK_DSLASH)
          g_ptr_array_add (path->steps, new_node_step (LX_AXIS_DESCENDANT_OR_SELF));
        if (!parse_relative_path (parser, path->steps))
          goto error;
      }
    return path;
  }

error:
  lx_expr_free (path);
  return NULL;
}

static LxExpr *
parse_union (Parser *parser)
{
  LxExpr *left = parse_path (parser);

  while (left != NULL && peek (parser)->type == TOK_PIPE)
    {
      LxExpr *expr = new_expr (LX_EXPR_UNION, next (parser)->offset);

      expr->a = left;
      expr->b = parse_path (parser);
      left = expr;
      if (expr->b == NULL)
        {
          lx_expr_free (left);
          return NULL;
        }
    }
  return left;
}

static LxExpr *
parse_unary (Parser *parser)
{
  if (peek (parser)->type == TOK_MINUS)
    {
      LxExpr *expr = new_expr (LX_EXPR_NEG, next (parser)->offset);

      if (!enter (parser))
        {
          lx_expr_free (expr);
          return NULL;
        }
      expr->a = parse_unary (parser);
      leave (parser);
      if (expr->a == NULL)
        {
          lx_expr_free (expr);
          return NULL;
        }
      return expr;
    }
  return parse_union (parser);
}

typedef LxExpr *(*ParseFunc) (Parser *parser);

static LxExpr *
parse_binary (Parser         *parser,
              ParseFunc       operand,
              const TokType  *ops,
              const LxExprKind *kinds,
              guint           n_ops)
{
  LxExpr *left = operand (parser);

  while (left != NULL)
    {
      TokType type = peek (parser)->type;
      LxExpr *expr = NULL;

      for (guint i = 0; i < n_ops; i++)
        if (ops[i] == type)
          expr = new_expr (kinds[i], peek (parser)->offset);
      if (expr == NULL)
        break;

      next (parser);
      expr->a = left;
      expr->b = operand (parser);
      left = expr;
      if (expr->b == NULL)
        {
          lx_expr_free (left);
          return NULL;
        }
    }
  return left;
}

static LxExpr *
parse_multiplicative (Parser *parser)
{
  static const TokType ops[] = { TOK_MUL, TOK_DIV, TOK_MOD };
  static const LxExprKind kinds[] = { LX_EXPR_MUL, LX_EXPR_DIV, LX_EXPR_MOD };

  return parse_binary (parser, parse_unary, ops, kinds, G_N_ELEMENTS (ops));
}

static LxExpr *
parse_additive (Parser *parser)
{
  static const TokType ops[] = { TOK_PLUS, TOK_MINUS };
  static const LxExprKind kinds[] = { LX_EXPR_ADD, LX_EXPR_SUB };

  return parse_binary (parser, parse_multiplicative, ops, kinds, G_N_ELEMENTS (ops));
}

static LxExpr *
parse_relational (Parser *parser)
{
  static const TokType ops[] = { TOK_LT, TOK_LE, TOK_GT, TOK_GE };
  static const LxExprKind kinds[] = { LX_EXPR_LT, LX_EXPR_LE, LX_EXPR_GT, LX_EXPR_GE };

  return parse_binary (parser, parse_additive, ops, kinds, G_N_ELEMENTS (ops));
}

static LxExpr *
parse_equality (Parser *parser)
{
  static const TokType ops[] = { TOK_EQ, TOK_NE };
  static const LxExprKind kinds[] = { LX_EXPR_EQ, LX_EXPR_NE };

  return parse_binary (parser, parse_relational, ops, kinds, G_N_ELEMENTS (ops));
}

static LxExpr *
parse_and (Parser *parser)
{
  static const TokType ops[] = { TOK_AND };
  static const LxExprKind kinds[] = { LX_EXPR_AND };

  return parse_binary (parser, parse_equality, ops, kinds, G_N_ELEMENTS (ops));
}

static LxExpr *
parse_expr (Parser *parser)
{
  static const TokType ops[] = { TOK_OR };
  static const LxExprKind kinds[] = { LX_EXPR_OR };
  LxExpr *expr;

  if (!enter (parser))
    return NULL;
  expr = parse_binary (parser, parse_and, ops, kinds, G_N_ELEMENTS (ops));
  leave (parser);
  return expr;
}

/**
 * lx_parse:
 * @text: an XPath 1.0 expression
 * @error: where a syntax error is reported
 *
 * Returns: (transfer full): the syntax tree, or %NULL with @error set
 */
LxExpr *
lx_parse (const char  *text,
          GError     **error)
{
  g_autoptr(GArray) tokens = NULL;
  Parser parser = { 0 };
  LxExpr *expr;

  g_return_val_if_fail (text != NULL, NULL);

  if (strlen (text) > LX_MAX_LENGTH)
    {
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_EXPRESSION,
                   _("an expression is longer than %u characters"), LX_MAX_LENGTH);
      return NULL;
    }
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_EXPRESSION,
                   _("an expression is not valid UTF-8 text"));
      return NULL;
    }

  tokens = g_array_new (FALSE, TRUE, sizeof (Token));
  g_array_set_clear_func (tokens, clear_token);
  if (!tokenize (text, tokens, error))
    return NULL;

  parser.source = text;
  parser.tokens = tokens;
  expr = parse_expr (&parser);
  if (expr != NULL && peek (&parser)->type != TOK_EOF)
    {
      fail (&parser);
      g_clear_pointer (&expr, lx_expr_free);
    }
  if (expr == NULL)
    {
      if (parser.error == NULL)
        fail (&parser);
      g_propagate_error (error, parser.error);
      return NULL;
    }
  return expr;
}
