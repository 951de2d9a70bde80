/* lalan-xpath-functions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-xpath-functions-private.h"

/* The ODK XForms function library (getodk.github.io/xforms-spec, "XPath
 * Functions"), plus the XPath 1.0 core functions with the spec's
 * extensions. Every function a form calls goes through this table: the
 * loader refuses a form that calls anything else, and the compiler emits
 * each call as lx:NAME() so that libxml2's own versions never run with
 * XPath 1.0 semantics where the spec says otherwise. */

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

/* Internal: the primary instance, current(), instance(), numbers, comparisons */

void
fn_root (xmlXPathParserContextPtr ctxt,
         int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  valuePush (ctxt, xmlXPathNewNodeSet ((xmlNodePtr) session_of (ctxt)->doc));
}

void
fn_current (xmlXPathParserContextPtr ctxt,
            int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  valuePush (ctxt, xmlXPathNewNodeSet (session_of (ctxt)->current));
}

void
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

void
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
  void \
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
