/* lalan-xpath-functions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-form-session-private.h"
#include "lalan-xpath-values-private.h"

#include <libxml/xpathInternals.h>
#include <math.h>
#include <string.h>

/* The ODK XForms function library (getodk.github.io/xforms-spec, "XPath
 * Functions"), plus the XPath 1.0 core functions with the spec's
 * extensions. Every function a form calls goes through this table: the
 * loader refuses a form that calls anything else, and the compiler emits
 * each call as lx:NAME() so that libxml2's own versions never run with
 * XPath 1.0 semantics where the spec says otherwise. */

typedef struct
{
  xmlXPathObjectPtr *v;
  int                n;
} Args;

static LalanFormSession *
session_of (xmlXPathParserContextPtr ctxt)
{
  return ctxt->context->funcLookupData;
}

static gboolean
pop_args (xmlXPathParserContextPtr  ctxt,
          int                       nargs,
          Args                     *args)
{
  args->n = nargs;
  args->v = g_new0 (xmlXPathObjectPtr, MAX (nargs, 1));
  for (int i = nargs - 1; i >= 0; i--)
    {
      args->v[i] = valuePop (ctxt);
      if (args->v[i] == NULL)
        {
          xmlXPathErr (ctxt, XPATH_STACK_ERROR);
          return FALSE;
        }
    }
  return TRUE;
}

static void
args_clear (Args *args)
{
  for (int i = 0; i < args->n; i++)
    if (args->v[i] != NULL)
      xmlXPathFreeObject (args->v[i]);
  g_clear_pointer (&args->v, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Args, args_clear)

#define POP_ARGS(ctxt, nargs, args) \
  g_auto(Args) args = { NULL, 0 }; \
  if (!pop_args ((ctxt), (nargs), &args)) \
    return

static gboolean
is_nodeset (xmlXPathObjectPtr object)
{
  return object->type == XPATH_NODESET || object->type == XPATH_XSLT_TREE;
}

static int
nodeset_length (xmlXPathObjectPtr object)
{
  return object->nodesetval ? object->nodesetval->nodeNr : 0;
}

static char *
node_string (xmlNodePtr node)
{
  xmlChar *content = xmlXPathCastNodeToString (node);
  char *copy = g_strdup ((const char *) content);

  xmlFree (content);
  return copy;
}

char *
lx_object_to_string (xmlXPathObjectPtr object)
{
  switch (object->type)
    {
    case XPATH_NODESET:
    case XPATH_XSLT_TREE:
      {
        xmlChar *content = xmlXPathCastNodeSetToString (object->nodesetval);
        char *copy = g_strdup ((const char *) content);

        xmlFree (content);
        return copy;
      }
    case XPATH_BOOLEAN:
      return g_strdup (object->boolval ? "true" : "false");
    case XPATH_NUMBER:
      return lx_format_number (object->floatval);
    case XPATH_STRING:
      return g_strdup ((const char *) object->stringval);
    default:
      return g_strdup ("");
    }
}

double
lx_object_to_number (xmlXPathObjectPtr object)
{
  switch (object->type)
    {
    case XPATH_NUMBER:
      return object->floatval;
    case XPATH_BOOLEAN:
      return object->boolval ? 1 : 0;
    default:
      {
        g_autofree char *text = lx_object_to_string (object);

        return lx_string_to_number (text);
      }
    }
}

gboolean
lx_object_to_boolean (xmlXPathObjectPtr object)
{
  switch (object->type)
    {
    case XPATH_NODESET:
    case XPATH_XSLT_TREE:
      return nodeset_length (object) > 0;
    case XPATH_BOOLEAN:
      return object->boolval;
    case XPATH_NUMBER:
      return !isnan (object->floatval) && object->floatval != 0;
    case XPATH_STRING:
      return object->stringval != NULL && object->stringval[0] != '\0';
    default:
      return FALSE;
    }
}

static void
push_string (xmlXPathParserContextPtr  ctxt,
             const char               *text)
{
  valuePush (ctxt, xmlXPathNewString ((const xmlChar *) (text ? text : "")));
}

static void
push_take_string (xmlXPathParserContextPtr  ctxt,
                  char                     *text)
{
  push_string (ctxt, text);
  g_free (text);
}

static void
push_number (xmlXPathParserContextPtr ctxt,
             double                   value)
{
  valuePush (ctxt, xmlXPathNewFloat (value));
}

static void
push_boolean (xmlXPathParserContextPtr ctxt,
              gboolean                 value)
{
  valuePush (ctxt, xmlXPathNewBoolean (value));
}

static char *
context_string (xmlXPathParserContextPtr ctxt)
{
  return ctxt->context->node ? node_string (ctxt->context->node) : g_strdup ("");
}

/* Every value of the arguments, node-sets spread into their nodes. */
static GPtrArray *
spread_strings (Args *args,
                int   first)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);

  for (int i = first; i < args->n; i++)
    {
      xmlXPathObjectPtr object = args->v[i];

      if (is_nodeset (object))
        {
          for (int j = 0; j < nodeset_length (object); j++)
            g_ptr_array_add (values, node_string (object->nodesetval->nodeTab[j]));
        }
      else
        g_ptr_array_add (values, lx_object_to_string (object));
    }
  return values;
}

/* Internal: the primary instance, current(), instance(), numbers, comparisons */

static void
fn_root (xmlXPathParserContextPtr ctxt,
         int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  valuePush (ctxt, xmlXPathNewNodeSet ((xmlNodePtr) session_of (ctxt)->doc));
}

static void
fn_current (xmlXPathParserContextPtr ctxt,
            int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  valuePush (ctxt, xmlXPathNewNodeSet (session_of (ctxt)->current));
}

static void
fn_instance (xmlXPathParserContextPtr ctxt,
             int                      nargs)
{
  LalanFormSession *session = session_of (ctxt);
  g_autofree char *id = NULL;
  xmlNodePtr element;
  POP_ARGS (ctxt, nargs, args);

  id = lx_object_to_string (args.v[0]);
  element = g_hash_table_lookup (session->form->secondary, id);
  valuePush (ctxt, xmlXPathNewNodeSet (element));
}

static void
fn_n (xmlXPathParserContextPtr ctxt,
      int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  push_number (ctxt, lx_object_to_number (args.v[0]));
}

typedef enum { CMP_LT, CMP_LE, CMP_GT, CMP_GE } CmpOp;

static gboolean
compare_numbers (double x,
                 double y,
                 CmpOp  op)
{
  switch (op)
    {
    case CMP_LT: return x < y;
    case CMP_LE: return x <= y;
    case CMP_GT: return x > y;
    case CMP_GE: return x >= y;
    default: return FALSE;
    }
}

static double
node_number (xmlNodePtr node)
{
  g_autofree char *text = node_string (node);

  return lx_string_to_number (text);
}

/* XPath 1.0 relational comparison (3.4), with date strings as numbers. */
static gboolean
compare_objects (xmlXPathObjectPtr a,
                 xmlXPathObjectPtr b,
                 CmpOp             op)
{
  if (is_nodeset (a) && is_nodeset (b))
    {
      for (int i = 0; i < nodeset_length (a); i++)
        {
          double x = node_number (a->nodesetval->nodeTab[i]);

          for (int j = 0; j < nodeset_length (b); j++)
            if (compare_numbers (x, node_number (b->nodesetval->nodeTab[j]), op))
              return TRUE;
        }
      return FALSE;
    }
  if (is_nodeset (a))
    {
      double y;

      if (b->type == XPATH_BOOLEAN)
        return compare_numbers (lx_object_to_boolean (a), b->boolval, op);
      y = lx_object_to_number (b);
      for (int i = 0; i < nodeset_length (a); i++)
        if (compare_numbers (node_number (a->nodesetval->nodeTab[i]), y, op))
          return TRUE;
      return FALSE;
    }
  if (is_nodeset (b))
    {
      double x;

      if (a->type == XPATH_BOOLEAN)
        return compare_numbers (a->boolval, lx_object_to_boolean (b), op);
      x = lx_object_to_number (a);
      for (int i = 0; i < nodeset_length (b); i++)
        if (compare_numbers (x, node_number (b->nodesetval->nodeTab[i]), op))
          return TRUE;
      return FALSE;
    }
  return compare_numbers (lx_object_to_number (a), lx_object_to_number (b), op);
}

#define DEFINE_COMPARE(fname, op) \
  static void \
  fname (xmlXPathParserContextPtr ctxt, \
         int                      nargs) \
  { \
    POP_ARGS (ctxt, nargs, args); \
    push_boolean (ctxt, compare_objects (args.v[0], args.v[1], op)); \
  }

DEFINE_COMPARE (fn_lt, CMP_LT)
DEFINE_COMPARE (fn_le, CMP_LE)
DEFINE_COMPARE (fn_gt, CMP_GT)
DEFINE_COMPARE (fn_ge, CMP_GE)

/* XPath 1.0 core, as the spec extends it */

static void
fn_position (xmlXPathParserContextPtr ctxt,
             int                      nargs)
{
  xmlNodePtr node;
  int position = 1;
  POP_ARGS (ctxt, nargs, args);

  if (nargs == 0)
    {
      /* Inside a predicate: the proximity position. At the top (where
       * libxml2 leaves it unset) the context node's position among its
       * namesakes, which is what position() means in a repeat. */
      if (ctxt->context->proximityPosition > 0)
        {
          push_number (ctxt, ctxt->context->proximityPosition);
          return;
        }
      node = ctxt->context->node;
    }
  else
    {
      if (!is_nodeset (args.v[0]))
        {
          xmlXPathSetTypeError (ctxt);
          return;
        }
      if (nodeset_length (args.v[0]) == 0)
        {
          push_number (ctxt, NAN);
          return;
        }
      node = args.v[0]->nodesetval->nodeTab[0];
    }

  if (node == NULL || node->type != XML_ELEMENT_NODE)
    {
      push_number (ctxt, 1);
      return;
    }
  /* A repeat instance of the session knows its position: no walk past
   * the instances before it. */
  if (node->doc == session_of (ctxt)->doc && node->_private != NULL &&
      ((NodeState *) node->_private)->def->is_repeat)
    {
      push_number (ctxt, ((NodeState *) node->_private)->index);
      return;
    }
  for (xmlNodePtr sibling = node->prev; sibling != NULL; sibling = sibling->prev)
    if (sibling->type == XML_ELEMENT_NODE && xmlStrEqual (sibling->name, node->name) &&
        sibling->ns == node->ns)
      position++;
  push_number (ctxt, position);
}

static void
fn_name (xmlXPathParserContextPtr ctxt,
         int                      nargs)
{
  xmlNodePtr node = NULL;
  POP_ARGS (ctxt, nargs, args);

  if (nargs == 0)
    node = ctxt->context->node;
  else if (!is_nodeset (args.v[0]))
    {
      xmlXPathSetTypeError (ctxt);
      return;
    }
  else if (nodeset_length (args.v[0]) > 0)
    node = args.v[0]->nodesetval->nodeTab[0];

  if (node == NULL || (node->type != XML_ELEMENT_NODE && node->type != XML_ATTRIBUTE_NODE))
    push_string (ctxt, "");
  else if (node->ns != NULL && node->ns->prefix != NULL)
    push_take_string (ctxt, g_strdup_printf ("%s:%s", node->ns->prefix, node->name));
  else
    push_string (ctxt, (const char *) node->name);
}

static void
fn_string (xmlXPathParserContextPtr ctxt,
           int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  push_take_string (ctxt, nargs == 0 ? context_string (ctxt) : lx_object_to_string (args.v[0]));
}

static void
fn_concat (xmlXPathParserContextPtr ctxt,
           int                      nargs)
{
  g_autoptr(GPtrArray) values = NULL;
  GString *out = g_string_new (NULL);
  POP_ARGS (ctxt, nargs, args);

  values = spread_strings (&args, 0);
  for (guint i = 0; i < values->len; i++)
    g_string_append (out, g_ptr_array_index (values, i));
  push_take_string (ctxt, g_string_free (out, FALSE));
}

static void
fn_join (xmlXPathParserContextPtr ctxt,
         int                      nargs)
{
  g_autoptr(GPtrArray) values = NULL;
  g_autofree char *separator = NULL;
  POP_ARGS (ctxt, nargs, args);

  separator = lx_object_to_string (args.v[0]);
  values = spread_strings (&args, 1);
  g_ptr_array_add (values, NULL);
  push_take_string (ctxt, g_strjoinv (separator, (char **) values->pdata));
}

static void
fn_starts_with (xmlXPathParserContextPtr ctxt,
                int                      nargs)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  POP_ARGS (ctxt, nargs, args);

  a = lx_object_to_string (args.v[0]);
  b = lx_object_to_string (args.v[1]);
  push_boolean (ctxt, g_str_has_prefix (a, b));
}

static void
fn_ends_with (xmlXPathParserContextPtr ctxt,
              int                      nargs)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  POP_ARGS (ctxt, nargs, args);

  a = lx_object_to_string (args.v[0]);
  b = lx_object_to_string (args.v[1]);
  push_boolean (ctxt, g_str_has_suffix (a, b));
}

static void
fn_contains (xmlXPathParserContextPtr ctxt,
             int                      nargs)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  POP_ARGS (ctxt, nargs, args);

  a = lx_object_to_string (args.v[0]);
  b = lx_object_to_string (args.v[1]);
  push_boolean (ctxt, strstr (a, b) != NULL);
}

static void
fn_substring_before (xmlXPathParserContextPtr ctxt,
                     int                      nargs)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  const char *found;
  POP_ARGS (ctxt, nargs, args);

  a = lx_object_to_string (args.v[0]);
  b = lx_object_to_string (args.v[1]);
  found = strstr (a, b);
  push_take_string (ctxt, found ? g_strndup (a, found - a) : g_strdup (""));
}

static void
fn_substring_after (xmlXPathParserContextPtr ctxt,
                    int                      nargs)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  const char *found;
  POP_ARGS (ctxt, nargs, args);

  a = lx_object_to_string (args.v[0]);
  b = lx_object_to_string (args.v[1]);
  found = strstr (a, b);
  push_string (ctxt, found ? found + strlen (b) : "");
}

static double
xpath_round (double value)
{
  if (isnan (value) || isinf (value))
    return value;
  if (value < 0 && value >= -0.5)
    return -0.0;
  return floor (value + 0.5);
}

/* XPath 1.0 substring(): 1-based, rounded, counted in characters. */
static void
fn_substring (xmlXPathParserContextPtr ctxt,
              int                      nargs)
{
  g_autofree char *text = NULL;
  double start, end;
  GString *out = g_string_new (NULL);
  double position = 1;
  POP_ARGS (ctxt, nargs, args);

  text = lx_object_to_string (args.v[0]);
  start = xpath_round (lx_object_to_number (args.v[1]));
  end = nargs == 3 ? start + xpath_round (lx_object_to_number (args.v[2])) : INFINITY;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), position++)
    if (position >= start && position < end)
      g_string_append_len (out, p, g_utf8_next_char (p) - p);

  push_take_string (ctxt, g_string_free (out, FALSE));
}

static glong
to_index (double value)
{
  if (isnan (value))
    return 0;
  if (value > G_MAXINT)
    return G_MAXINT;
  if (value < G_MININT)
    return G_MININT;
  return (glong) value;
}

/* substr(): 0-based start, exclusive end, negative from the end. */
static void
fn_substr (xmlXPathParserContextPtr ctxt,
           int                      nargs)
{
  g_autofree char *text = NULL;
  glong length, start, end;
  POP_ARGS (ctxt, nargs, args);

  text = lx_object_to_string (args.v[0]);
  length = g_utf8_strlen (text, -1);
  start = to_index (lx_object_to_number (args.v[1]));
  end = nargs == 3 ? to_index (lx_object_to_number (args.v[2])) : length;
  if (start < 0)
    start += length;
  if (end < 0)
    end += length;
  start = CLAMP (start, 0, length);
  end = CLAMP (end, 0, length);
  if (start >= end)
    {
      push_string (ctxt, "");
      return;
    }
  push_take_string (ctxt, g_utf8_substring (text, start, end));
}

static void
fn_string_length (xmlXPathParserContextPtr ctxt,
                  int                      nargs)
{
  g_autofree char *text = NULL;
  POP_ARGS (ctxt, nargs, args);

  text = nargs == 0 ? context_string (ctxt) : lx_object_to_string (args.v[0]);
  push_number (ctxt, g_utf8_strlen (text, -1));
}

static gboolean
is_xml_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void
fn_normalize_space (xmlXPathParserContextPtr ctxt,
                    int                      nargs)
{
  g_autofree char *text = NULL;
  GString *out = g_string_new (NULL);
  gboolean pending = FALSE;
  POP_ARGS (ctxt, nargs, args);

  text = nargs == 0 ? context_string (ctxt) : lx_object_to_string (args.v[0]);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (is_xml_blank (*p))
        pending = out->len > 0;
      else
        {
          if (pending)
            g_string_append_c (out, ' ');
          pending = FALSE;
          g_string_append_c (out, *p);
        }
    }
  push_take_string (ctxt, g_string_free (out, FALSE));
}

static void
fn_translate (xmlXPathParserContextPtr ctxt,
              int                      nargs)
{
  g_autofree char *text = NULL;
  g_autofree gunichar *from = NULL;
  g_autofree gunichar *to = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  glong n_from = 0, n_to = 0;
  GString *out = g_string_new (NULL);
  POP_ARGS (ctxt, nargs, args);

  text = lx_object_to_string (args.v[0]);
  from_text = lx_object_to_string (args.v[1]);
  to_text = lx_object_to_string (args.v[2]);
  from = g_utf8_to_ucs4_fast (from_text, -1, &n_from);
  to = g_utf8_to_ucs4_fast (to_text, -1, &n_to);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      glong i;

      for (i = 0; i < n_from && from[i] != c; i++)
        ;
      if (i == n_from)
        g_string_append_unichar (out, c);
      else if (i < n_to)
        g_string_append_unichar (out, to[i]);
    }
  push_take_string (ctxt, g_string_free (out, FALSE));
}

static void
fn_boolean (xmlXPathParserContextPtr ctxt,
            int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  push_boolean (ctxt, lx_object_to_boolean (args.v[0]));
}

static void
fn_not (xmlXPathParserContextPtr ctxt,
        int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  push_boolean (ctxt, !lx_object_to_boolean (args.v[0]));
}

static void
fn_true (xmlXPathParserContextPtr ctxt,
         int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  push_boolean (ctxt, TRUE);
}

static void
fn_false (xmlXPathParserContextPtr ctxt,
          int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  push_boolean (ctxt, FALSE);
}

static void
fn_number (xmlXPathParserContextPtr ctxt,
           int                      nargs)
{
  g_autofree char *text = NULL;
  POP_ARGS (ctxt, nargs, args);

  if (nargs == 1)
    {
      push_number (ctxt, lx_object_to_number (args.v[0]));
      return;
    }
  text = context_string (ctxt);
  push_number (ctxt, lx_string_to_number (text));
}

static void
fn_sum (xmlXPathParserContextPtr ctxt,
        int                      nargs)
{
  double total = 0;
  POP_ARGS (ctxt, nargs, args);

  if (!is_nodeset (args.v[0]))
    {
      xmlXPathSetTypeError (ctxt);
      return;
    }
  for (int i = 0; i < nodeset_length (args.v[0]); i++)
    total += node_number (args.v[0]->nodesetval->nodeTab[i]);
  push_number (ctxt, total);
}

static void
fn_floor (xmlXPathParserContextPtr ctxt,
          int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  push_number (ctxt, floor (lx_object_to_number (args.v[0])));
}

static void
fn_ceiling (xmlXPathParserContextPtr ctxt,
            int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  push_number (ctxt, ceil (lx_object_to_number (args.v[0])));
}

/* Rounds the decimal written form of @value, so that round(1.005, 2) is
 * 1.01 as a person expects, not 1.0 as the binary double would give.
 * Halves go towards positive infinity, as XPath round() does. */
static double
round_decimal (double value,
               int    places)
{
  g_autofree char *text = lx_format_number (fabs (value));
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *point = strchr (text, '.');
  gsize int_len = point ? (gsize) (point - text) : strlen (text);
  gsize keep;
  gboolean round_up = FALSE;
  gboolean tie = TRUE;
  double magnitude;

  g_string_append_len (digits, text, int_len);
  if (point)
    g_string_append (digits, point + 1);
  keep = int_len + places;
  if (keep < digits->len)
    {
      char next = digits->str[keep];

      for (gsize i = keep + 1; i < digits->len; i++)
        if (digits->str[i] != '0')
          tie = FALSE;
      if (next > '5' || (next == '5' && (!tie || value > 0)))
        round_up = TRUE;
      g_string_truncate (digits, keep);
    }
  while (digits->len < keep)
    g_string_append_c (digits, '0');

  magnitude = g_ascii_strtod (digits->len ? digits->str : "0", NULL);
  if (round_up)
    magnitude += 1;
  magnitude /= pow (10, places);
  return value < 0 ? -magnitude : magnitude;
}

static void
fn_round (xmlXPathParserContextPtr ctxt,
          int                      nargs)
{
  double value;
  double places = 0;
  POP_ARGS (ctxt, nargs, args);

  value = lx_object_to_number (args.v[0]);
  if (nargs == 2)
    places = lx_object_to_number (args.v[1]);

  if (isnan (value) || isinf (value) || isnan (places))
    push_number (ctxt, isnan (places) ? NAN : value);
  else if (fabs (places) > 30)
    push_number (ctxt, NAN);
  else if (places == 0 || trunc (places) == 0)
    push_number (ctxt, xpath_round (value));
  else if (places > 0)
    push_number (ctxt, round_decimal (value, (int) trunc (places)));
  else
    {
      double scale = pow (10, -trunc (places));

      push_number (ctxt, floor (value / scale + 0.5) * scale);
    }
}

static void
fn_int (xmlXPathParserContextPtr ctxt,
        int                      nargs)
{
  double value;
  POP_ARGS (ctxt, nargs, args);

  value = lx_object_to_number (args.v[0]);
  push_number (ctxt, isfinite (value) ? trunc (value) : value);
}

#define DEFINE_MATH1(fname, expr) \
  static void \
  fname (xmlXPathParserContextPtr ctxt, \
         int                      nargs) \
  { \
    double x; \
    POP_ARGS (ctxt, nargs, args); \
    x = lx_object_to_number (args.v[0]); \
    push_number (ctxt, (expr)); \
  }

DEFINE_MATH1 (fn_abs, fabs (x))
DEFINE_MATH1 (fn_log, log (x))
DEFINE_MATH1 (fn_log10, log10 (x))
DEFINE_MATH1 (fn_sin, sin (x))
DEFINE_MATH1 (fn_cos, cos (x))
DEFINE_MATH1 (fn_tan, tan (x))
DEFINE_MATH1 (fn_asin, asin (x))
DEFINE_MATH1 (fn_acos, acos (x))
DEFINE_MATH1 (fn_atan, atan (x))
DEFINE_MATH1 (fn_sqrt, sqrt (x))
DEFINE_MATH1 (fn_exp, exp (x))
DEFINE_MATH1 (fn_exp10, pow (10, x))

static void
fn_pow (xmlXPathParserContextPtr ctxt,
        int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  push_number (ctxt, pow (lx_object_to_number (args.v[0]), lx_object_to_number (args.v[1])));
}

static void
fn_atan2 (xmlXPathParserContextPtr ctxt,
          int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  push_number (ctxt, atan2 (lx_object_to_number (args.v[0]), lx_object_to_number (args.v[1])));
}

static void
fn_pi (xmlXPathParserContextPtr ctxt,
       int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  push_number (ctxt, G_PI);
}

static void
fn_random (xmlXPathParserContextPtr ctxt,
           int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  push_number (ctxt, g_rand_double (session_of (ctxt)->rand));
}

/* min() and max() as XPath 3.0: NaN when any value is not a number, or
 * when there is no value at all. */
static void
min_max (xmlXPathParserContextPtr ctxt,
         int                      nargs,
         gboolean                 want_max)
{
  g_autoptr(GPtrArray) values = NULL;
  double result = NAN;
  POP_ARGS (ctxt, nargs, args);

  values = spread_strings (&args, 0);
  for (guint i = 0; i < values->len; i++)
    {
      double value = lx_string_to_number (g_ptr_array_index (values, i));

      if (isnan (value))
        {
          result = NAN;
          break;
        }
      if (i == 0 || (want_max ? value > result : value < result))
        result = value;
    }
  push_number (ctxt, result);
}

static void
fn_min (xmlXPathParserContextPtr ctxt,
        int                      nargs)
{
  min_max (ctxt, nargs, FALSE);
}

static void
fn_max (xmlXPathParserContextPtr ctxt,
        int                      nargs)
{
  min_max (ctxt, nargs, TRUE);
}

static void
fn_count_non_empty (xmlXPathParserContextPtr ctxt,
                    int                      nargs)
{
  int count = 0;
  POP_ARGS (ctxt, nargs, args);

  if (!is_nodeset (args.v[0]))
    {
      xmlXPathSetTypeError (ctxt);
      return;
    }
  for (int i = 0; i < nodeset_length (args.v[0]); i++)
    {
      g_autofree char *text = node_string (args.v[0]->nodesetval->nodeTab[i]);

      if (text[0] != '\0')
        count++;
    }
  push_number (ctxt, count);
}

/* Park-Miller, the generator the spec names for seeded randomize(). */
typedef struct
{
  double seed;
} ParkMiller;

static void
park_miller_init (ParkMiller *pm,
                  gint64      seed)
{
  pm->seed = fmod ((double) seed, 2147483647.0);
  if (pm->seed <= 0)
    pm->seed += 2147483646.0;
}

static double
park_miller_next (ParkMiller *pm)
{
  pm->seed = fmod (pm->seed * 16807.0, 2147483647.0);
  return (pm->seed - 1) / 2147483646.0;
}

static gint64
seed_from_object (xmlXPathObjectPtr object)
{
  double value = lx_object_to_number (object);

  if (isnan (value))
    {
      /* A text seed: the first 8 bytes of its SHA-256, as ODK Collect does. */
      g_autofree char *text = lx_object_to_string (object);
      g_autoptr(GChecksum) checksum = NULL;
      guint8 digest[32];
      gsize length = sizeof digest;
      guint64 hash = 0;

      if (text[0] == '\0')
        return 0;
      checksum = g_checksum_new (G_CHECKSUM_SHA256);
      g_checksum_update (checksum, (const guchar *) text, -1);
      g_checksum_get_digest (checksum, digest, &length);
      for (int i = 0; i < 8; i++)
        hash = (hash << 8) | digest[i];
      return (gint64) hash;
    }
  if (value >= 9.2e18 || value <= -9.2e18)
    return value > 0 ? G_MAXINT64 : G_MININT64;
  return (gint64) value;
}

static void
fn_randomize (xmlXPathParserContextPtr ctxt,
              int                      nargs)
{
  LalanFormSession *session = session_of (ctxt);
  xmlNodeSetPtr input, output;
  g_autofree xmlNodePtr *shuffled = NULL;
  ParkMiller pm = { 0 };
  int n;
  POP_ARGS (ctxt, nargs, args);

  if (!is_nodeset (args.v[0]))
    {
      xmlXPathSetTypeError (ctxt);
      return;
    }
  input = args.v[0]->nodesetval;
  n = input ? input->nodeNr : 0;
  if (input)
    xmlXPathNodeSetSort (input);
  if (nargs == 2)
    park_miller_init (&pm, seed_from_object (args.v[1]));

  /* Fisher-Yates, the "inside-out" variant the spec names. */
  shuffled = g_new0 (xmlNodePtr, MAX (n, 1));
  for (int i = 0; i < n; i++)
    {
      double r = nargs == 2 ? park_miller_next (&pm) : g_rand_double (session->rand);
      int j = (int) (r * (i + 1));

      if (j != i)
        shuffled[i] = shuffled[j];
      shuffled[j] = input->nodeTab[i];
    }

  output = xmlXPathNodeSetCreate (NULL);
  for (int i = 0; i < n; i++)
    xmlXPathNodeSetAddUnique (output, shuffled[i]);

  /* libxml2 sorts every node-set that is a function argument or a result
   * into document order; a "result tree" it leaves alone, which keeps
   * the shuffle. Our functions read both kinds alike. */
  {
    xmlXPathObjectPtr result = xmlXPathWrapNodeSet (output);

    result->type = XPATH_XSLT_TREE;
    result->boolval = 0;
    valuePush (ctxt, result);
  }
}

static void
fn_count (xmlXPathParserContextPtr ctxt,
          int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);

  if (!is_nodeset (args.v[0]))
    {
      xmlXPathSetTypeError (ctxt);
      return;
    }
  push_number (ctxt, nodeset_length (args.v[0]));
}

/* Dates and times */

static GDateTime *
object_to_local (xmlXPathObjectPtr object)
{
  g_autofree char *text = NULL;
  LxDateTime dt;
  double days;

  if (object->type == XPATH_NUMBER)
    return lx_days_to_local (object->floatval);

  text = lx_object_to_string (object);
  if (lx_parse_date (text, &dt) || lx_parse_date_time (text, &dt))
    return lx_date_time_to_local (&dt);
  days = lx_xpath_number (text);
  if (!isnan (days))
    return lx_days_to_local (days);
  return NULL;
}

static void
fn_today (xmlXPathParserContextPtr ctxt,
          int                      nargs)
{
  g_autoptr(GDateTime) now = NULL;
  POP_ARGS (ctxt, nargs, args);

  now = lalan_form_session_now (session_of (ctxt));
  push_take_string (ctxt, lx_format_date (now));
}

static void
fn_now (xmlXPathParserContextPtr ctxt,
        int                      nargs)
{
  g_autoptr(GDateTime) now = NULL;
  POP_ARGS (ctxt, nargs, args);

  now = lalan_form_session_now (session_of (ctxt));
  push_take_string (ctxt, lx_format_date_time (now));
}

static void
format_date_common (xmlXPathParserContextPtr ctxt,
                    int                      nargs,
                    gboolean                 with_time)
{
  g_autoptr(GDateTime) value = NULL;
  g_autofree char *pattern = NULL;
  POP_ARGS (ctxt, nargs, args);

  value = object_to_local (args.v[0]);
  pattern = lx_object_to_string (args.v[1]);
  push_take_string (ctxt, value ? lx_format_pattern (value, pattern, with_time) : g_strdup (""));
}

static void
fn_format_date (xmlXPathParserContextPtr ctxt,
                int                      nargs)
{
  format_date_common (ctxt, nargs, TRUE);
}

static void
fn_format_date_time (xmlXPathParserContextPtr ctxt,
                     int                      nargs)
{
  format_date_common (ctxt, nargs, TRUE);
}

static void
fn_date (xmlXPathParserContextPtr ctxt,
         int                      nargs)
{
  g_autofree char *text = NULL;
  LxDateTime dt;
  double days;
  POP_ARGS (ctxt, nargs, args);

  if (args.v[0]->type == XPATH_NUMBER)
    days = args.v[0]->floatval;
  else
    {
      text = lx_object_to_string (args.v[0]);
      if (lx_parse_date (text, &dt))
        {
          push_take_string (ctxt, g_strdup_printf ("%04d-%02d-%02d", dt.year, dt.month, dt.day));
          return;
        }
      if (lx_parse_date_time (text, &dt))
        {
          g_autoptr(GDateTime) local = lx_date_time_to_local (&dt);

          push_take_string (ctxt, local ? lx_format_date (local) : g_strdup (""));
          return;
        }
      days = lx_xpath_number (text);
    }

  if (!isfinite (days) || fabs (days) > 2932896)
    push_string (ctxt, "");
  else
    {
      int y, m, d;

      lx_civil_from_days ((gint64) floor (days), &y, &m, &d);
      push_take_string (ctxt, g_strdup_printf ("%04d-%02d-%02d", y, m, d));
    }
}

static void
fn_date_time (xmlXPathParserContextPtr ctxt,
              int                      nargs)
{
  g_autoptr(GDateTime) value = NULL;
  POP_ARGS (ctxt, nargs, args);

  value = object_to_local (args.v[0]);
  push_take_string (ctxt, value ? lx_format_date_time (value) : g_strdup (""));
}

static void
fn_decimal_date_time (xmlXPathParserContextPtr ctxt,
                      int                      nargs)
{
  g_autofree char *text = NULL;
  LxDateTime dt;
  POP_ARGS (ctxt, nargs, args);

  if (args.v[0]->type == XPATH_NUMBER)
    {
      push_number (ctxt, args.v[0]->floatval);
      return;
    }
  text = lx_object_to_string (args.v[0]);
  if (lx_parse_date (text, &dt) || lx_parse_date_time (text, &dt))
    push_number (ctxt, lx_date_time_to_days (&dt));
  else
    push_number (ctxt, lx_xpath_number (text));
}

static void
fn_decimal_time (xmlXPathParserContextPtr ctxt,
                 int                      nargs)
{
  g_autofree char *text = NULL;
  LxDateTime dt;
  POP_ARGS (ctxt, nargs, args);

  text = lx_object_to_string (args.v[0]);
  if (lx_parse_time (text, &dt))
    {
      double seconds = dt.hour * 3600.0 + dt.minute * 60.0 + dt.second;

      if (dt.has_offset)
        {
          /* That moment on today's date, seen from the local time zone. */
          g_autoptr(GDateTime) now = lalan_form_session_now (session_of (ctxt));
          gint64 day = lx_days_from_civil (g_date_time_get_year (now),
                                           g_date_time_get_month (now),
                                           g_date_time_get_day_of_month (now));
          double utc = (double) day * 86400.0 + seconds - dt.offset_minutes * 60.0;
          g_autoptr(GDateTime) local = lx_days_to_local (utc / 86400.0);

          seconds = g_date_time_get_hour (local) * 3600.0 + g_date_time_get_minute (local) * 60.0 +
                    g_date_time_get_seconds (local);
        }
      push_number (ctxt, seconds / 86400.0);
    }
  else if (lx_parse_date_time (text, &dt))
    {
      g_autoptr(GDateTime) local = lx_date_time_to_local (&dt);

      push_number (ctxt, local ? (g_date_time_get_hour (local) * 3600.0 +
                                  g_date_time_get_minute (local) * 60.0 +
                                  g_date_time_get_seconds (local)) / 86400.0 : NAN);
    }
  else
    push_number (ctxt, NAN);
}

/* Selects */

static char **
split_list (const char *text)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;

  while (*p != '\0')
    {
      const char *start;

      while (is_xml_blank (*p))
        p++;
      start = p;
      while (*p != '\0' && !is_xml_blank (*p))
        p++;
      if (p > start)
        g_ptr_array_add (items, g_strndup (start, p - start));
    }
  g_ptr_array_add (items, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&items), FALSE);
}

static void
fn_selected (xmlXPathParserContextPtr ctxt,
             int                      nargs)
{
  g_autofree char *list = NULL;
  g_autofree char *value = NULL;
  g_auto(GStrv) items = NULL;
  POP_ARGS (ctxt, nargs, args);

  list = lx_object_to_string (args.v[0]);
  value = g_strstrip (lx_object_to_string (args.v[1]));
  items = split_list (list);
  push_boolean (ctxt, value[0] != '\0' && g_strv_contains ((const char * const *) items, value));
}

static void
fn_selected_at (xmlXPathParserContextPtr ctxt,
                int                      nargs)
{
  g_autofree char *list = NULL;
  g_auto(GStrv) items = NULL;
  double index;
  POP_ARGS (ctxt, nargs, args);

  list = lx_object_to_string (args.v[0]);
  index = lx_object_to_number (args.v[1]);
  items = split_list (list);
  if (isnan (index) || index < 0 || index >= g_strv_length (items))
    push_string (ctxt, "");
  else
    push_string (ctxt, items[(guint) index]);
}

static void
fn_count_selected (xmlXPathParserContextPtr ctxt,
                   int                      nargs)
{
  g_autofree char *list = NULL;
  g_auto(GStrv) items = NULL;
  POP_ARGS (ctxt, nargs, args);

  list = lx_object_to_string (args.v[0]);
  items = split_list (list);
  push_number (ctxt, g_strv_length (items));
}

static void
fn_choice_name (xmlXPathParserContextPtr ctxt,
                int                      nargs)
{
  LalanFormSession *session = session_of (ctxt);
  g_autofree char *value = NULL;
  g_autofree char *path = NULL;
  FormNode *node;
  NodeState *state;
  g_autoptr(GPtrArray) choices = NULL;
  FormControlDef *control = NULL;
  POP_ARGS (ctxt, nargs, args);

  value = g_strstrip (lx_object_to_string (args.v[0]));
  path = g_strstrip (lx_object_to_string (args.v[1]));
  node = lalan_form_lookup_node (session->form, path);

  for (guint i = 0; node != NULL && i < node->controls->len && control == NULL; i++)
    {
      FormControlDef *candidate = g_ptr_array_index (node->controls, i);

      if (candidate->kind == LALAN_FORM_CONTROL_SELECT_ONE ||
          candidate->kind == LALAN_FORM_CONTROL_SELECT_MANY)
        control = candidate;
    }
  if (control == NULL)
    {
      push_string (ctxt, "");
      return;
    }

  state = session->current ? session->current->_private : NULL;
  state = lalan_form_session_nearest_instance (session, node, state);
  choices = lalan_form_session_evaluate_itemset (session, control, state);
  for (guint i = 0; choices != NULL && i < choices->len; i += 2)
    {
      if (g_str_equal (g_ptr_array_index (choices, i), value))
        {
          push_string (ctxt, g_ptr_array_index (choices, i + 1));
          return;
        }
    }
  push_string (ctxt, "");
}

static void
fn_itext (xmlXPathParserContextPtr ctxt,
          int                      nargs)
{
  LalanFormSession *session = session_of (ctxt);
  g_autofree char *id = NULL;
  FormItextEntry *entry;
  GString *out = g_string_new (NULL);
  POP_ARGS (ctxt, nargs, args);

  id = lx_object_to_string (args.v[0]);
  entry = lalan_form_lookup_itext (session->form, session->language, id);
  if (entry == NULL)
    entry = lalan_form_lookup_itext (session->form, session->form->default_language, id);
  if (entry != NULL && entry->values[FORM_TEXT_DEFAULT] != NULL)
    {
      /* The text of the value, outputs left out: there is no question to
       * evaluate them for here. */
      for (xmlNodePtr child = entry->values[FORM_TEXT_DEFAULT]->children; child; child = child->next)
        if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE)
          g_string_append (out, (const char *) child->content);
    }
  push_take_string (ctxt, g_string_free (out, FALSE));
}

/* Repeats */

static gboolean
is_descendant (xmlNodePtr node,
               xmlNodePtr ancestor)
{
  for (; node != NULL; node = node->parent)
    if (node == ancestor)
      return TRUE;
  return FALSE;
}

static void
fn_indexed_repeat (xmlXPathParserContextPtr ctxt,
                   int                      nargs)
{
  xmlNodePtr scope = NULL;
  xmlXPathObjectPtr target;
  POP_ARGS (ctxt, nargs, args);

  for (int i = 0; i < nargs; i += (i == 0 ? 1 : 2))
    if (!is_nodeset (args.v[i]))
      {
        xmlXPathSetTypeError (ctxt);
        return;
      }

  for (int i = 1; i + 1 < nargs; i += 2)
    {
      xmlXPathObjectPtr repeat = args.v[i];
      double index = lx_object_to_number (args.v[i + 1]);
      int wanted = isnan (index) || index < 1 ? 1 : (int) MIN (index, G_MAXINT);
      int seen = 0;
      xmlNodePtr found = NULL;

      xmlXPathNodeSetSort (repeat->nodesetval);
      for (int j = 0; j < nodeset_length (repeat) && found == NULL; j++)
        {
          xmlNodePtr node = repeat->nodesetval->nodeTab[j];

          if (scope == NULL || is_descendant (node, scope))
            if (++seen == wanted)
              found = node;
        }
      if (found == NULL)
        {
          push_string (ctxt, "");
          return;
        }
      scope = found;
    }

  target = args.v[0];
  xmlXPathNodeSetSort (target->nodesetval);
  for (int j = 0; j < nodeset_length (target); j++)
    {
      xmlNodePtr node = target->nodesetval->nodeTab[j];

      if (scope == NULL || is_descendant (node, scope))
        {
          push_take_string (ctxt, node_string (node));
          return;
        }
    }
  push_string (ctxt, "");
}

/* Geography: the sphere with the equatorial radius, as the spec says. */

#define EARTH_RADIUS 6378100.0

typedef struct
{
  double lat;
  double lon;
} GeoPoint;

static gboolean
parse_geopoint (const char *text,
                GeoPoint   *point)
{
  g_auto(GStrv) parts = split_list (text);

  if (g_strv_length (parts) < 2)
    return FALSE;
  point->lat = lx_xpath_number (parts[0]);
  point->lon = lx_xpath_number (parts[1]);
  return !isnan (point->lat) && !isnan (point->lon) &&
         fabs (point->lat) <= 90 && fabs (point->lon) <= 180;
}

/* The points of the arguments: geopoint nodes, or one geotrace or
 * geoshape value ("lat lon alt acc; lat lon..."). */
static GArray *
collect_points (Args *args)
{
  g_autoptr(GPtrArray) values = spread_strings (args, 0);
  GArray *points = g_array_new (FALSE, FALSE, sizeof (GeoPoint));

  for (guint i = 0; i < values->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (values, i), ";", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          GeoPoint point;

          if (g_strstrip (parts[j])[0] == '\0')
            continue;
          if (!parse_geopoint (parts[j], &point))
            {
              g_array_unref (points);
              return NULL;
            }
          g_array_append_val (points, point);
        }
    }
  return points;
}

static double
radians (double degrees)
{
  return degrees * G_PI / 180.0;
}

static void
fn_distance (xmlXPathParserContextPtr ctxt,
             int                      nargs)
{
  g_autoptr(GArray) points = NULL;
  double total = 0;
  POP_ARGS (ctxt, nargs, args);

  points = collect_points (&args);
  if (points == NULL)
    {
      push_number (ctxt, NAN);
      return;
    }
  for (guint i = 1; i < points->len; i++)
    {
      GeoPoint *a = &g_array_index (points, GeoPoint, i - 1);
      GeoPoint *b = &g_array_index (points, GeoPoint, i);
      double dlat = radians (b->lat - a->lat);
      double dlon = radians (b->lon - a->lon);
      double h = sin (dlat / 2) * sin (dlat / 2) +
                 cos (radians (a->lat)) * cos (radians (b->lat)) * sin (dlon / 2) * sin (dlon / 2);

      total += 2 * EARTH_RADIUS * asin (MIN (1.0, sqrt (h)));
    }
  push_number (ctxt, total);
}

static void
fn_area (xmlXPathParserContextPtr ctxt,
         int                      nargs)
{
  g_autoptr(GArray) points = NULL;
  double total = 0;
  GeoPoint *prev;
  POP_ARGS (ctxt, nargs, args);

  points = collect_points (&args);
  if (points == NULL)
    {
      push_number (ctxt, NAN);
      return;
    }
  if (points->len < 3)
    {
      push_number (ctxt, 0);
      return;
    }

  /* The spherical polygon's signed area, summed over polar triangles. */
  prev = &g_array_index (points, GeoPoint, points->len - 1);
  for (guint i = 0; i < points->len; i++)
    {
      GeoPoint *point = &g_array_index (points, GeoPoint, i);
      double tan1 = tan ((G_PI / 2 - radians (point->lat)) / 2);
      double tan2 = tan ((G_PI / 2 - radians (prev->lat)) / 2);
      double dlon = radians (point->lon - prev->lon);
      double t = tan1 * tan2;

      total += 2 * atan2 (t * sin (dlon), 1 + t * cos (dlon));
      prev = point;
    }
  push_number (ctxt, fabs (total * EARTH_RADIUS * EARTH_RADIUS));
}

/* Booleans and the rest */

static void
fn_if (xmlXPathParserContextPtr ctxt,
       int                      nargs)
{
  gboolean condition;
  POP_ARGS (ctxt, nargs, args);

  condition = lx_object_to_boolean (args.v[0]);
  valuePush (ctxt, g_steal_pointer (&args.v[condition ? 1 : 2]));
}

static void
fn_coalesce (xmlXPathParserContextPtr ctxt,
             int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);

  for (int i = 0; i < nargs; i++)
    {
      g_autofree char *text = lx_object_to_string (args.v[i]);

      if (text[0] != '\0')
        {
          push_string (ctxt, text);
          return;
        }
    }
  push_string (ctxt, "");
}

static void
fn_once (xmlXPathParserContextPtr ctxt,
         int                      nargs)
{
  LalanFormSession *session = session_of (ctxt);
  NodeState *state = session->current ? session->current->_private : NULL;
  POP_ARGS (ctxt, nargs, args);

  if (state != NULL && state->value != NULL && state->value[0] != '\0')
    push_string (ctxt, state->value);
  else
    valuePush (ctxt, g_steal_pointer (&args.v[0]));
}

static void
fn_boolean_from_string (xmlXPathParserContextPtr ctxt,
                        int                      nargs)
{
  g_autofree char *text = NULL;
  POP_ARGS (ctxt, nargs, args);

  text = lx_object_to_string (args.v[0]);
  push_boolean (ctxt, g_ascii_strcasecmp (text, "true") == 0 || g_str_equal (text, "1"));
}

static void
fn_regex (xmlXPathParserContextPtr ctxt,
          int                      nargs)
{
  LalanFormSession *session = session_of (ctxt);
  g_autofree char *text = NULL;
  g_autofree char *pattern = NULL;
  GRegex *regex;
  POP_ARGS (ctxt, nargs, args);

  text = lx_object_to_string (args.v[0]);
  pattern = lx_object_to_string (args.v[1]);

  if (!g_hash_table_lookup_extended (session->regexes, pattern, NULL, (gpointer *) &regex))
    {
      g_autoptr(GError) error = NULL;

      regex = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, &error);
      if (regex == NULL)
        lalan_form_session_record_error (session, NULL, error->message);
      g_hash_table_insert (session->regexes, g_strdup (pattern), regex);
    }
  push_boolean (ctxt, regex != NULL && g_regex_match (regex, text, 0, NULL));
}

static gboolean
value_is_true (const char *text)
{
  return text[0] != '\0';
}

static void
fn_checklist (xmlXPathParserContextPtr ctxt,
              int                      nargs)
{
  double min, max;
  int count = 0;
  POP_ARGS (ctxt, nargs, args);

  min = lx_object_to_number (args.v[0]);
  max = lx_object_to_number (args.v[1]);
  for (int i = 2; i < nargs; i++)
    {
      if (is_nodeset (args.v[i]))
        {
          for (int j = 0; j < nodeset_length (args.v[i]); j++)
            {
              g_autofree char *text = node_string (args.v[i]->nodesetval->nodeTab[j]);

              count += value_is_true (text);
            }
        }
      else
        count += lx_object_to_boolean (args.v[i]);
    }
  push_boolean (ctxt, (min < 0 || count >= min) && (max < 0 || count <= max));
}

static void
fn_weighted_checklist (xmlXPathParserContextPtr ctxt,
                       int                      nargs)
{
  double min, max, total = 0;
  POP_ARGS (ctxt, nargs, args);

  min = lx_object_to_number (args.v[0]);
  max = lx_object_to_number (args.v[1]);
  for (int i = 2; i + 1 < nargs; i += 2)
    {
      gboolean flag;

      if (is_nodeset (args.v[i]))
        {
          g_autofree char *text = lx_object_to_string (args.v[i]);

          flag = value_is_true (text);
        }
      else
        flag = lx_object_to_boolean (args.v[i]);
      if (flag)
        total += lx_object_to_number (args.v[i + 1]);
    }
  push_boolean (ctxt, (min < 0 || total >= min) && (max < 0 || total <= max));
}

static void
fn_uuid (xmlXPathParserContextPtr ctxt,
         int                      nargs)
{
  LalanFormSession *session = session_of (ctxt);
  static const char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  double length;
  GString *out;
  POP_ARGS (ctxt, nargs, args);

  if (nargs == 0)
    {
      push_take_string (ctxt, lalan_form_session_new_uuid (session));
      return;
    }
  length = lx_object_to_number (args.v[0]);
  out = g_string_new (NULL);
  for (int i = 0; !isnan (length) && i < MIN (length, 1024); i++)
    g_string_append_c (out, alphabet[g_rand_int_range (session->rand, 0, sizeof alphabet - 1)]);
  push_take_string (ctxt, g_string_free (out, FALSE));
}

static void
fn_digest (xmlXPathParserContextPtr ctxt,
           int                      nargs)
{
  static const struct
  {
    const char    *name;
    GChecksumType  type;
  } algorithms[] = {
    { "MD5", G_CHECKSUM_MD5 },
    { "SHA-1", G_CHECKSUM_SHA1 },
    { "SHA-256", G_CHECKSUM_SHA256 },
    { "SHA-384", G_CHECKSUM_SHA384 },
    { "SHA-512", G_CHECKSUM_SHA512 },
  };
  g_autofree char *text = NULL;
  g_autofree char *algorithm = NULL;
  g_autofree char *encoding = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  guint8 digest[64];
  gsize length = sizeof digest;
  POP_ARGS (ctxt, nargs, args);

  text = lx_object_to_string (args.v[0]);
  algorithm = lx_object_to_string (args.v[1]);
  encoding = nargs == 3 ? lx_object_to_string (args.v[2]) : g_strdup ("base64");

  for (guint i = 0; i < G_N_ELEMENTS (algorithms) && checksum == NULL; i++)
    if (g_ascii_strcasecmp (algorithms[i].name, algorithm) == 0)
      checksum = g_checksum_new (algorithms[i].type);
  if (checksum == NULL ||
      (g_ascii_strcasecmp (encoding, "base64") != 0 && g_ascii_strcasecmp (encoding, "hex") != 0))
    {
      xmlXPathErr (ctxt, XPATH_INVALID_ARITY);
      return;
    }

  g_checksum_update (checksum, (const guchar *) text, -1);
  if (g_ascii_strcasecmp (encoding, "hex") == 0)
    push_string (ctxt, g_checksum_get_string (checksum));
  else
    {
      g_checksum_get_digest (checksum, digest, &length);
      push_take_string (ctxt, g_base64_encode (digest, length));
    }
}

static void
fn_base64_decode (xmlXPathParserContextPtr ctxt,
                  int                      nargs)
{
  g_autofree char *text = NULL;
  g_autofree guchar *bytes = NULL;
  gsize length = 0;
  POP_ARGS (ctxt, nargs, args);

  text = lx_object_to_string (args.v[0]);
  bytes = g_base64_decode (text, &length);
  push_take_string (ctxt, g_utf8_make_valid ((const char *) bytes, length));
}

static void
fn_pulldata (xmlXPathParserContextPtr ctxt,
             int                      nargs)
{
  LalanFormSession *session = session_of (ctxt);
  g_autofree char *id = NULL;
  g_autofree char *wanted = NULL;
  g_autofree char *key = NULL;
  g_autofree char *query = NULL;
  xmlNodePtr instance, root;
  POP_ARGS (ctxt, nargs, args);

  id = lx_object_to_string (args.v[0]);
  wanted = lx_object_to_string (args.v[1]);
  key = lx_object_to_string (args.v[2]);
  query = lx_object_to_string (args.v[3]);
  instance = g_hash_table_lookup (session->form->secondary, id);
  root = instance ? xmlFirstElementChild (instance) : NULL;

  for (xmlNodePtr item = root ? xmlFirstElementChild (root) : NULL; item; item = xmlNextElementSibling (item))
    {
      xmlNodePtr match = NULL, result = NULL;

      for (xmlNodePtr child = xmlFirstElementChild (item); child; child = xmlNextElementSibling (child))
        {
          if (xmlStrEqual (child->name, (const xmlChar *) key))
            {
              g_autofree char *text = node_string (child);

              if (g_str_equal (text, query))
                match = child;
            }
          if (xmlStrEqual (child->name, (const xmlChar *) wanted) && result == NULL)
            result = child;
        }
      if (match != NULL)
        {
          push_take_string (ctxt, result ? node_string (result) : g_strdup (""));
          return;
        }
    }
  push_string (ctxt, "");
}

static void
fn_version (xmlXPathParserContextPtr ctxt,
            int                      nargs)
{
  LalanFormSession *session = session_of (ctxt);
  POP_ARGS (ctxt, nargs, args);

  push_string (ctxt, session->form->version);
}

/* The table. name NULL: internal, emitted by the compiler only. */
static const LxFunction functions[] = {
  { NULL, NULL, "root", 0, 0, 0, fn_root },
  { NULL, NULL, "n", 1, 1, 0, fn_n },
  { NULL, NULL, "lt", 2, 2, 0, fn_lt },
  { NULL, NULL, "le", 2, 2, 0, fn_le },
  { NULL, NULL, "gt", 2, 2, 0, fn_gt },
  { NULL, NULL, "ge", 2, 2, 0, fn_ge },

  /* XPath 1.0 */
  { "last", NULL, "last", 0, 0, 0, xmlXPathLastFunction },
  { "position", NULL, "position", 0, 1, 0, fn_position },
  { "count", NULL, "count", 1, 1, 0, fn_count },
  { "local-name", NULL, "local-name", 0, 1, 0, xmlXPathLocalNameFunction },
  { "name", NULL, "name", 0, 1, 0, fn_name },
  { "namespace-uri", NULL, "namespace-uri", 0, 1, 0, xmlXPathNamespaceURIFunction },
  { "string", NULL, "string", 0, 1, 0, fn_string },
  { "concat", NULL, "concat", 1, -1, 0, fn_concat },
  { "starts-with", NULL, "starts-with", 2, 2, 0, fn_starts_with },
  { "ends-with", NULL, "ends-with", 2, 2, 0, fn_ends_with },
  { "contains", NULL, "contains", 2, 2, 0, fn_contains },
  { "substring-before", NULL, "substring-before", 2, 2, 0, fn_substring_before },
  { "substring-after", NULL, "substring-after", 2, 2, 0, fn_substring_after },
  { "substring", NULL, "substring", 2, 3, 0, fn_substring },
  { "string-length", NULL, "string-length", 0, 1, 0, fn_string_length },
  { "normalize-space", NULL, "normalize-space", 0, 1, 0, fn_normalize_space },
  { "translate", NULL, "translate", 3, 3, 0, fn_translate },
  { "boolean", NULL, "boolean", 1, 1, 0, fn_boolean },
  { "not", NULL, "not", 1, 1, 0, fn_not },
  { "true", NULL, "true", 0, 0, 0, fn_true },
  { "false", NULL, "false", 0, 0, 0, fn_false },
  { "lang", NULL, "lang", 1, 1, 0, xmlXPathLangFunction },
  { "number", NULL, "number", 0, 1, 0, fn_number },
  { "sum", NULL, "sum", 1, 1, 0, fn_sum },
  { "floor", NULL, "floor", 1, 1, 0, fn_floor },
  { "ceiling", NULL, "ceiling", 1, 1, 0, fn_ceiling },
  { "round", NULL, "round", 1, 2, 0, fn_round },

  /* ODK XForms */
  { "join", NULL, "join", 1, -1, 0, fn_join },
  { "substr", NULL, "substr", 2, 3, 0, fn_substr },
  { "uuid", NULL, "uuid", 0, 1, FORM_EXPR_VOLATILE, fn_uuid },
  { "digest", NULL, "digest", 2, 3, 0, fn_digest },
  { "pulldata", NULL, "pulldata", 4, 4, 0, fn_pulldata },
  { "if", NULL, "if", 3, 3, 0, fn_if },
  { "coalesce", NULL, "coalesce", 2, -1, 0, fn_coalesce },
  { "once", NULL, "once", 1, 1, 0, fn_once },
  { "boolean-from-string", NULL, "boolean-from-string", 1, 1, 0, fn_boolean_from_string },
  { "regex", NULL, "regex", 2, 2, 0, fn_regex },
  { "checklist", NULL, "checklist", 2, -1, 0, fn_checklist },
  { "weighted-checklist", NULL, "weighted-checklist", 2, -1, 0, fn_weighted_checklist },
  { "random", NULL, "random", 0, 0, FORM_EXPR_VOLATILE, fn_random },
  { "int", NULL, "int", 1, 1, 0, fn_int },
  { "max", NULL, "max", 1, -1, 0, fn_max },
  { "min", NULL, "min", 1, -1, 0, fn_min },
  { "pow", NULL, "pow", 2, 2, 0, fn_pow },
  { "log", NULL, "log", 1, 1, 0, fn_log },
  { "log10", NULL, "log10", 1, 1, 0, fn_log10 },
  { "abs", NULL, "abs", 1, 1, 0, fn_abs },
  { "sin", NULL, "sin", 1, 1, 0, fn_sin },
  { "cos", NULL, "cos", 1, 1, 0, fn_cos },
  { "tan", NULL, "tan", 1, 1, 0, fn_tan },
  { "asin", NULL, "asin", 1, 1, 0, fn_asin },
  { "acos", NULL, "acos", 1, 1, 0, fn_acos },
  { "atan", NULL, "atan", 1, 1, 0, fn_atan },
  { "atan2", NULL, "atan2", 2, 2, 0, fn_atan2 },
  { "sqrt", NULL, "sqrt", 1, 1, 0, fn_sqrt },
  { "exp", NULL, "exp", 1, 1, 0, fn_exp },
  { "exp10", NULL, "exp10", 1, 1, 0, fn_exp10 },
  { "pi", NULL, "pi", 0, 0, 0, fn_pi },
  { "count-non-empty", NULL, "count-non-empty", 1, 1, 0, fn_count_non_empty },
  { "instance", NULL, "instance", 1, 1, 0, fn_instance },
  { "current", NULL, "current", 0, 0, 0, fn_current },
  { "randomize", NULL, "randomize", 1, 2, FORM_EXPR_VOLATILE, fn_randomize },
  { "today", NULL, "today", 0, 0, FORM_EXPR_VOLATILE, fn_today },
  { "now", NULL, "now", 0, 0, FORM_EXPR_VOLATILE, fn_now },
  { "format-date", NULL, "format-date", 2, 2, 0, fn_format_date },
  { "format-date-time", NULL, "format-date-time", 2, 2, 0, fn_format_date_time },
  { "date", NULL, "date", 1, 1, 0, fn_date },
  { "date-time", NULL, "date-time", 1, 1, 0, fn_date_time },
  { "decimal-date-time", NULL, "decimal-date-time", 1, 1, 0, fn_decimal_date_time },
  { "decimal-time", NULL, "decimal-time", 1, 1, 0, fn_decimal_time },
  { "selected", NULL, "selected", 2, 2, 0, fn_selected },
  { "is-selected", NULL, "selected", 2, 2, 0, fn_selected },
  { "selected-at", NULL, "selected-at", 2, 2, 0, fn_selected_at },
  { "count-selected", NULL, "count-selected", 1, 1, 0, fn_count_selected },
  { "choice-name", LALAN_JR_NS, "choice-name", 2, 2, FORM_EXPR_USES_LANGUAGE, fn_choice_name },
  { "itext", LALAN_JR_NS, "itext", 1, 1, FORM_EXPR_USES_LANGUAGE, fn_itext },
  { "indexed-repeat", NULL, "indexed-repeat", 3, 7, 0, fn_indexed_repeat },
  { "area", NULL, "area", 1, 1, 0, fn_area },
  { "distance", NULL, "distance", 1, -1, 0, fn_distance },
  { "base64-decode", NULL, "base64-decode", 1, 1, 0, fn_base64_decode },
  { "version", NULL, "version", 0, 0, 0, fn_version },
};

/**
 * lx_function_lookup:
 * @ns: (nullable): the namespace of the name as written, %NULL unprefixed
 * @name: the local name
 *
 * Returns: (nullable): the library's entry for a function a form may call
 */
const LxFunction *
lx_function_lookup (const char *ns,
                    const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    {
      if (functions[i].name == NULL || !g_str_equal (functions[i].name, name))
        continue;
      if (g_strcmp0 (functions[i].ns, ns) == 0)
        return &functions[i];
    }
  return NULL;
}

/**
 * lx_function_lookup_impl:
 *
 * The lookup libxml2 calls (xmlXPathRegisterFuncLookup): only our own
 * namespace, so nothing a form writes reaches libxml2's built-ins.
 */
xmlXPathFunction
lx_function_lookup_impl (void          *data,
                         const xmlChar *name,
                         const xmlChar *ns_uri)
{
  if (ns_uri == NULL || !xmlStrEqual (ns_uri, (const xmlChar *) LALAN_LX_NS))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    if (xmlStrEqual ((const xmlChar *) functions[i].emit, name))
      return functions[i].impl;
  return NULL;
}
