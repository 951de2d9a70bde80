/* lalan-xpath-functions-core.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-xpath-functions-private.h"

/* The XPath 1.0 core functions, as the ODK spec extends them, and the
 * number functions of XPath 3.0 it adds. */

/* XPath 1.0 core, as the spec extends it */

void
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

void
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

void
fn_string (xmlXPathParserContextPtr ctxt,
           int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  push_take_string (ctxt, nargs == 0 ? context_string (ctxt) : lx_object_to_string (args.v[0]));
}

void
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

void
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

void
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

void
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

void
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

void
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

void
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
void
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
void
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

void
fn_string_length (xmlXPathParserContextPtr ctxt,
                  int                      nargs)
{
  g_autofree char *text = NULL;
  POP_ARGS (ctxt, nargs, args);

  text = nargs == 0 ? context_string (ctxt) : lx_object_to_string (args.v[0]);
  push_number (ctxt, g_utf8_strlen (text, -1));
}

void
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

void
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

void
fn_boolean (xmlXPathParserContextPtr ctxt,
            int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  push_boolean (ctxt, lx_object_to_boolean (args.v[0]));
}

void
fn_not (xmlXPathParserContextPtr ctxt,
        int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  push_boolean (ctxt, !lx_object_to_boolean (args.v[0]));
}

void
fn_true (xmlXPathParserContextPtr ctxt,
         int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  push_boolean (ctxt, TRUE);
}

void
fn_false (xmlXPathParserContextPtr ctxt,
          int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  push_boolean (ctxt, FALSE);
}

void
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

void
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

void
fn_floor (xmlXPathParserContextPtr ctxt,
          int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  push_number (ctxt, floor (lx_object_to_number (args.v[0])));
}

void
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

void
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

void
fn_int (xmlXPathParserContextPtr ctxt,
        int                      nargs)
{
  double value;
  POP_ARGS (ctxt, nargs, args);

  value = lx_object_to_number (args.v[0]);
  push_number (ctxt, isfinite (value) ? trunc (value) : value);
}

#define DEFINE_MATH1(fname, expr) \
  void \
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

void
fn_pow (xmlXPathParserContextPtr ctxt,
        int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  push_number (ctxt, pow (lx_object_to_number (args.v[0]), lx_object_to_number (args.v[1])));
}

void
fn_atan2 (xmlXPathParserContextPtr ctxt,
          int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  push_number (ctxt, atan2 (lx_object_to_number (args.v[0]), lx_object_to_number (args.v[1])));
}

void
fn_pi (xmlXPathParserContextPtr ctxt,
       int                      nargs)
{
  POP_ARGS (ctxt, nargs, args);
  push_number (ctxt, G_PI);
}

void
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

void
fn_min (xmlXPathParserContextPtr ctxt,
        int                      nargs)
{
  min_max (ctxt, nargs, FALSE);
}

void
fn_max (xmlXPathParserContextPtr ctxt,
        int                      nargs)
{
  min_max (ctxt, nargs, TRUE);
}

void
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

void
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

void
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
