/* lalan-xpath-functions-more.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-xpath-functions-private.h"

/* Selects, repeats, geography and the ODK functions without XPath
 * ancestry (if, coalesce, once, regex, checklist, uuid, digest...). */

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

void
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

void
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

void
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

void
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

void
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

void
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

void
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

void
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

void
fn_if (xmlXPathParserContextPtr ctxt,
       int                      nargs)
{
  gboolean condition;
  POP_ARGS (ctxt, nargs, args);

  condition = lx_object_to_boolean (args.v[0]);
  valuePush (ctxt, g_steal_pointer (&args.v[condition ? 1 : 2]));
}

void
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

void
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

void
fn_boolean_from_string (xmlXPathParserContextPtr ctxt,
                        int                      nargs)
{
  g_autofree char *text = NULL;
  POP_ARGS (ctxt, nargs, args);

  text = lx_object_to_string (args.v[0]);
  push_boolean (ctxt, g_ascii_strcasecmp (text, "true") == 0 || g_str_equal (text, "1"));
}

void
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

void
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

void
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

void
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

void
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

void
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

void
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

void
fn_version (xmlXPathParserContextPtr ctxt,
            int                      nargs)
{
  LalanFormSession *session = session_of (ctxt);
  POP_ARGS (ctxt, nargs, args);

  push_string (ctxt, session->form->version);
}
