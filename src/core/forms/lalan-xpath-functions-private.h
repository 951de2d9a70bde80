/* lalan-xpath-functions-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lalan-form-session-private.h"
#include "lalan-xpath-values-private.h"

#include <libxml/xpathInternals.h>
#include <math.h>
#include <string.h>

G_BEGIN_DECLS

/* What the function library's files share: popping arguments, pushing
 * results, and every function, for the table in lalan-xpath-functions.c. */
typedef struct
{
  xmlXPathObjectPtr *v;
  int                n;
} Args;

static inline LalanFormSession *
session_of (xmlXPathParserContextPtr ctxt)
{
  return ctxt->context->funcLookupData;
}

static inline gboolean
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

static inline void
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

static inline gboolean
is_nodeset (xmlXPathObjectPtr object)
{
  return object->type == XPATH_NODESET || object->type == XPATH_XSLT_TREE;
}

static inline int
nodeset_length (xmlXPathObjectPtr object)
{
  return object->nodesetval ? object->nodesetval->nodeNr : 0;
}

static inline char *
node_string (xmlNodePtr node)
{
  xmlChar *content = xmlXPathCastNodeToString (node);
  char *copy = g_strdup ((const char *) content);

  xmlFree (content);
  return copy;
}

static inline void
push_string (xmlXPathParserContextPtr  ctxt,
             const char               *text)
{
  valuePush (ctxt, xmlXPathNewString ((const xmlChar *) (text ? text : "")));
}

static inline void
push_take_string (xmlXPathParserContextPtr  ctxt,
                  char                     *text)
{
  push_string (ctxt, text);
  g_free (text);
}

static inline void
push_number (xmlXPathParserContextPtr ctxt,
             double                   value)
{
  valuePush (ctxt, xmlXPathNewFloat (value));
}

static inline void
push_boolean (xmlXPathParserContextPtr ctxt,
              gboolean                 value)
{
  valuePush (ctxt, xmlXPathNewBoolean (value));
}

static inline char *
context_string (xmlXPathParserContextPtr ctxt)
{
  return ctxt->context->node ? node_string (ctxt->context->node) : g_strdup ("");
}

/* Every value of the arguments, node-sets spread into their nodes. */
static inline GPtrArray *
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

static inline gboolean
is_xml_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}


static inline double
node_number (xmlNodePtr node)
{
  g_autofree char *text = node_string (node);

  return lx_string_to_number (text);
}

void fn_abs (xmlXPathParserContextPtr ctxt, int nargs);
void fn_acos (xmlXPathParserContextPtr ctxt, int nargs);
void fn_area (xmlXPathParserContextPtr ctxt, int nargs);
void fn_asin (xmlXPathParserContextPtr ctxt, int nargs);
void fn_atan (xmlXPathParserContextPtr ctxt, int nargs);
void fn_atan2 (xmlXPathParserContextPtr ctxt, int nargs);
void fn_base64_decode (xmlXPathParserContextPtr ctxt, int nargs);
void fn_boolean (xmlXPathParserContextPtr ctxt, int nargs);
void fn_boolean_from_string (xmlXPathParserContextPtr ctxt, int nargs);
void fn_ceiling (xmlXPathParserContextPtr ctxt, int nargs);
void fn_checklist (xmlXPathParserContextPtr ctxt, int nargs);
void fn_choice_name (xmlXPathParserContextPtr ctxt, int nargs);
void fn_coalesce (xmlXPathParserContextPtr ctxt, int nargs);
void fn_concat (xmlXPathParserContextPtr ctxt, int nargs);
void fn_contains (xmlXPathParserContextPtr ctxt, int nargs);
void fn_cos (xmlXPathParserContextPtr ctxt, int nargs);
void fn_count (xmlXPathParserContextPtr ctxt, int nargs);
void fn_count_non_empty (xmlXPathParserContextPtr ctxt, int nargs);
void fn_count_selected (xmlXPathParserContextPtr ctxt, int nargs);
void fn_current (xmlXPathParserContextPtr ctxt, int nargs);
void fn_date (xmlXPathParserContextPtr ctxt, int nargs);
void fn_date_time (xmlXPathParserContextPtr ctxt, int nargs);
void fn_decimal_date_time (xmlXPathParserContextPtr ctxt, int nargs);
void fn_decimal_time (xmlXPathParserContextPtr ctxt, int nargs);
void fn_digest (xmlXPathParserContextPtr ctxt, int nargs);
void fn_distance (xmlXPathParserContextPtr ctxt, int nargs);
void fn_ends_with (xmlXPathParserContextPtr ctxt, int nargs);
void fn_exp (xmlXPathParserContextPtr ctxt, int nargs);
void fn_exp10 (xmlXPathParserContextPtr ctxt, int nargs);
void fn_false (xmlXPathParserContextPtr ctxt, int nargs);
void fn_floor (xmlXPathParserContextPtr ctxt, int nargs);
void fn_format_date (xmlXPathParserContextPtr ctxt, int nargs);
void fn_format_date_time (xmlXPathParserContextPtr ctxt, int nargs);
void fn_ge (xmlXPathParserContextPtr ctxt, int nargs);
void fn_gt (xmlXPathParserContextPtr ctxt, int nargs);
void fn_if (xmlXPathParserContextPtr ctxt, int nargs);
void fn_indexed_repeat (xmlXPathParserContextPtr ctxt, int nargs);
void fn_instance (xmlXPathParserContextPtr ctxt, int nargs);
void fn_int (xmlXPathParserContextPtr ctxt, int nargs);
void fn_itext (xmlXPathParserContextPtr ctxt, int nargs);
void fn_join (xmlXPathParserContextPtr ctxt, int nargs);
void fn_le (xmlXPathParserContextPtr ctxt, int nargs);
void fn_log (xmlXPathParserContextPtr ctxt, int nargs);
void fn_log10 (xmlXPathParserContextPtr ctxt, int nargs);
void fn_lt (xmlXPathParserContextPtr ctxt, int nargs);
void fn_max (xmlXPathParserContextPtr ctxt, int nargs);
void fn_min (xmlXPathParserContextPtr ctxt, int nargs);
void fn_n (xmlXPathParserContextPtr ctxt, int nargs);
void fn_name (xmlXPathParserContextPtr ctxt, int nargs);
void fn_normalize_space (xmlXPathParserContextPtr ctxt, int nargs);
void fn_not (xmlXPathParserContextPtr ctxt, int nargs);
void fn_now (xmlXPathParserContextPtr ctxt, int nargs);
void fn_number (xmlXPathParserContextPtr ctxt, int nargs);
void fn_once (xmlXPathParserContextPtr ctxt, int nargs);
void fn_pi (xmlXPathParserContextPtr ctxt, int nargs);
void fn_position (xmlXPathParserContextPtr ctxt, int nargs);
void fn_pow (xmlXPathParserContextPtr ctxt, int nargs);
void fn_pulldata (xmlXPathParserContextPtr ctxt, int nargs);
void fn_random (xmlXPathParserContextPtr ctxt, int nargs);
void fn_randomize (xmlXPathParserContextPtr ctxt, int nargs);
void fn_regex (xmlXPathParserContextPtr ctxt, int nargs);
void fn_root (xmlXPathParserContextPtr ctxt, int nargs);
void fn_round (xmlXPathParserContextPtr ctxt, int nargs);
void fn_selected (xmlXPathParserContextPtr ctxt, int nargs);
void fn_selected_at (xmlXPathParserContextPtr ctxt, int nargs);
void fn_sin (xmlXPathParserContextPtr ctxt, int nargs);
void fn_sqrt (xmlXPathParserContextPtr ctxt, int nargs);
void fn_starts_with (xmlXPathParserContextPtr ctxt, int nargs);
void fn_string (xmlXPathParserContextPtr ctxt, int nargs);
void fn_string_length (xmlXPathParserContextPtr ctxt, int nargs);
void fn_substr (xmlXPathParserContextPtr ctxt, int nargs);
void fn_substring (xmlXPathParserContextPtr ctxt, int nargs);
void fn_substring_after (xmlXPathParserContextPtr ctxt, int nargs);
void fn_substring_before (xmlXPathParserContextPtr ctxt, int nargs);
void fn_sum (xmlXPathParserContextPtr ctxt, int nargs);
void fn_tan (xmlXPathParserContextPtr ctxt, int nargs);
void fn_today (xmlXPathParserContextPtr ctxt, int nargs);
void fn_translate (xmlXPathParserContextPtr ctxt, int nargs);
void fn_true (xmlXPathParserContextPtr ctxt, int nargs);
void fn_uuid (xmlXPathParserContextPtr ctxt, int nargs);
void fn_version (xmlXPathParserContextPtr ctxt, int nargs);
void fn_weighted_checklist (xmlXPathParserContextPtr ctxt, int nargs);

G_END_DECLS
