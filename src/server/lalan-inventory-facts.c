/* lalan-inventory-facts.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-facts.h"

#include "lalan-inventory-xml.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

/* The reports never read instance XML themselves: when a submission
 * arrives, the facts they need are read from it once, by this table, and
 * kept beside it as JSON. The forms are written by another hand, so the
 * paths are data, not code: when a form names a field differently, change
 * its row here (and in docs/inventory.md) and the server re-reads every
 * stored record at its next start (see lalan_inventory_facts_get_table_version()).
 *
 * Paths start at the instance's root element, whatever its name. */
static const LalanInventoryFactPath fact_paths[] = {
  /* lalan_household: one per household interview (SURVEY.md §1).
   * "consented" is the form's own calculation: consent, an age, and a
   * guardian's consent for 12–17; without it the record keeps only the
   * town and the date. */
  { "lalan_household", "consent", LALAN_INVENTORY_FACT_YES_NO, "/data/consent/consented" },
  { "lalan_household", "town", LALAN_INVENTORY_FACT_TEXT, "/data/place/town" },
  { "lalan_household", "village", LALAN_INVENTORY_FACT_TEXT, "/data/place/village_code" },
  { "lalan_household", "household_size", LALAN_INVENTORY_FACT_NUMBER, "/data/household/size" },
  { "lalan_household", "internet_home", LALAN_INVENTORY_FACT_YES_NO, "/data/home/internet_home" },
  { "lalan_household", "fixed_broadband", LALAN_INVENTORY_FACT_SELECTED_ANY, "/data/home/access_types",
    NULL, "fibre cable xdsl" },
  { "lalan_household", "devices_total", LALAN_INVENTORY_FACT_SUM, "/data/home",
    NULL, "dev_smartphone dev_feature_phone dev_tablet dev_laptop dev_desktop dev_smart_tv" },
  { "lalan_household", "smartphones", LALAN_INVENTORY_FACT_NUMBER, "/data/home/dev_smartphone" },
  { "lalan_household", "persons", LALAN_INVENTORY_FACT_COUNT, "/data/people/person" },
  { "lalan_household", "persons_ever_used", LALAN_INVENTORY_FACT_COUNT_YES, "/data/people/person",
    "ever_used" },
  { "lalan_household", "persons_used_3m", LALAN_INVENTORY_FACT_COUNT_YES, "/data/people/person",
    "used_3m" },
  { "lalan_household", "persons_mobile_internet", LALAN_INVENTORY_FACT_COUNT_ANY, "/data/people/person",
    "devices", "smartphone" },
  { "lalan_household", "skills", LALAN_INVENTORY_FACT_SELECTED_COUNT, "/data/skills/skills_done" },
  { "lalan_household", "training_interest", LALAN_INVENTORY_FACT_IS, "/data/needs/training_interest",
    NULL, "yes" },
  { "lalan_household", "barriers", LALAN_INVENTORY_FACT_LIST, "/data/needs",
    NULL, "barrier_1 barrier_2 barrier_3" },
  { "lalan_household", "download_mbps", LALAN_INVENTORY_FACT_NUMBER, "/data/measurement/down_mbps" },
  { "lalan_household", "upload_mbps", LALAN_INVENTORY_FACT_NUMBER, "/data/measurement/up_mbps" },
  { "lalan_household", "latency_ms", LALAN_INVENTORY_FACT_NUMBER, "/data/measurement/latency_ms" },

  /* lalan_community: one per village or 部落 visit (SURVEY.md §2). */
  { "lalan_community", "town", LALAN_INVENTORY_FACT_TEXT, "/data/visit/town" },
  { "lalan_community", "village", LALAN_INVENTORY_FACT_TEXT, "/data/visit/village_code" },
  { "lalan_community", "access_points", LALAN_INVENTORY_FACT_COUNT, "/data/access_points/access_point" },
  { "lalan_community", "download_mbps", LALAN_INVENTORY_FACT_NUMBER, "/data/measurement/down_mbps" },
  { "lalan_community", "upload_mbps", LALAN_INVENTORY_FACT_NUMBER, "/data/measurement/up_mbps" },
  { "lalan_community", "latency_ms", LALAN_INVENTORY_FACT_NUMBER, "/data/measurement/latency_ms" },

  /* lalan_measurement: one per connectivity test (SURVEY.md §3). */
  { "lalan_measurement", "town", LALAN_INVENTORY_FACT_TEXT, "/data/place/town" },
  { "lalan_measurement", "village", LALAN_INVENTORY_FACT_TEXT, "/data/place/village_code" },
  { "lalan_measurement", "download_mbps", LALAN_INVENTORY_FACT_NUMBER, "/data/result/down_mbps" },
  { "lalan_measurement", "upload_mbps", LALAN_INVENTORY_FACT_NUMBER, "/data/result/up_mbps" },
  { "lalan_measurement", "latency_ms", LALAN_INVENTORY_FACT_NUMBER, "/data/result/latency_ms" },

  /* lalan_learning_report: aggregate learning outcomes (SURVEY.md §4). */
  { "lalan_learning_report", "town", LALAN_INVENTORY_FACT_TEXT, "/data/report/town" },
  { "lalan_learning_report", "active_learners", LALAN_INVENTORY_FACT_NUMBER, "/data/report/active_learners" },
};

/**
 * lalan_inventory_facts_get_paths:
 * @n_paths: (out): the number of rows
 *
 * Returns: (transfer none) (array length=n_paths): the table of instance
 *   paths the reports read
 */
const LalanInventoryFactPath *
lalan_inventory_facts_get_paths (guint *n_paths)
{
  *n_paths = G_N_ELEMENTS (fact_paths);
  return fact_paths;
}

/**
 * lalan_inventory_facts_applies_to:
 * @xml_form_id: a form id
 *
 * Returns: whether the reports read records of this form
 */
gboolean
lalan_inventory_facts_applies_to (const char *xml_form_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (fact_paths); i++)
    if (g_str_equal (fact_paths[i].xml_form_id, xml_form_id))
      return TRUE;

  return FALSE;
}

/**
 * lalan_inventory_facts_get_table_version:
 *
 * Returns: (transfer full): a digest of the table; when it changes, the
 *   facts kept with stored records must be read again
 */
char *
lalan_inventory_facts_get_table_version (void)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; i < G_N_ELEMENTS (fact_paths); i++)
    {
      const LalanInventoryFactPath *p = &fact_paths[i];
      g_autofree char *row = g_strdup_printf ("%s|%s|%d|%s|%s|%s\n", p->xml_form_id, p->fact, p->kind,
                                              p->path, p->child ? p->child : "",
                                              p->codes ? p->codes : "");

      g_checksum_update (checksum, (const guchar *) row, -1);
    }

  return g_strdup (g_checksum_get_string (checksum));
}

/* Answers -------------------------------------------------------------------- */

/* Codes that answer nothing: a fact is absent rather than false. */
static const char * const non_answers[] = { "dont_know", "refused", "not_applicable", NULL };

static gboolean
parse_number (const char *text,
              double     *value)
{
  char *end = NULL;
  double v;

  if (text == NULL)
    return FALSE;

  v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (v) || v < -1e9 || v > 1e9)
    return FALSE;

  *value = v;
  return TRUE;
}

/* Returns 1 for yes, 0 for no, -1 for anything else (refused, empty...). */
static int
parse_yes_no (const char *text)
{
  if (text == NULL)
    return -1;
  if (g_ascii_strcasecmp (text, "yes") == 0 || g_str_equal (text, "1") ||
      g_ascii_strcasecmp (text, "true") == 0)
    return 1;
  if (g_ascii_strcasecmp (text, "no") == 0 || g_str_equal (text, "0") ||
      g_ascii_strcasecmp (text, "false") == 0)
    return 0;
  return -1;
}

static char **
split_selected (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) tokens = NULL;

  if (text == NULL)
    return NULL;

  tokens = g_strsplit_set (text, " \t\n\r", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    if (tokens[i][0] != '\0')
      g_strv_builder_add (builder, tokens[i]);

  return g_strv_builder_end (builder);
}

static gboolean
selected_any (const char *text,
              const char *codes)
{
  g_auto(GStrv) selected = split_selected (text);
  g_auto(GStrv) wanted = g_strsplit (codes, " ", -1);

  if (selected == NULL)
    return FALSE;

  for (guint i = 0; selected[i] != NULL; i++)
    if (g_strv_contains ((const char * const *) wanted, selected[i]))
      return TRUE;

  return FALSE;
}

static void
add_fact (JsonBuilder                  *builder,
          xmlNode                      *root,
          const LalanInventoryFactPath *p)
{
  const char *tail = lalan_inventory_xml_path_tail (p->path);
  g_autofree char *text = NULL;
  double number;
  int yes;

  switch (p->kind)
    {
    case LALAN_INVENTORY_FACT_TEXT:
      if ((text = lalan_inventory_xml_text (lalan_inventory_xml_find (root, tail))) != NULL &&
          g_utf8_validate (text, -1, NULL) && strlen (text) <= 64)
        {
          json_builder_set_member_name (builder, p->fact);
          json_builder_add_string_value (builder, text);
        }
      break;

    case LALAN_INVENTORY_FACT_NUMBER:
      text = lalan_inventory_xml_text (lalan_inventory_xml_find (root, tail));
      if (parse_number (text, &number))
        {
          json_builder_set_member_name (builder, p->fact);
          json_builder_add_double_value (builder, number);
        }
      break;

    case LALAN_INVENTORY_FACT_YES_NO:
      text = lalan_inventory_xml_text (lalan_inventory_xml_find (root, tail));
      if ((yes = parse_yes_no (text)) >= 0)
        {
          json_builder_set_member_name (builder, p->fact);
          json_builder_add_boolean_value (builder, yes == 1);
        }
      break;

    case LALAN_INVENTORY_FACT_IS:
      text = lalan_inventory_xml_text (lalan_inventory_xml_find (root, tail));
      if (text != NULL && !g_strv_contains (non_answers, text))
        {
          g_auto(GStrv) codes = g_strsplit (p->codes, " ", -1);

          json_builder_set_member_name (builder, p->fact);
          json_builder_add_boolean_value (builder, g_strv_contains ((const char * const *) codes, text));
        }
      break;

    case LALAN_INVENTORY_FACT_LIST:
      {
        xmlNode *group = lalan_inventory_xml_find (root, tail);
        g_auto(GStrv) names = g_strsplit (p->codes, " ", -1);
        g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func (g_free);

        for (guint i = 0; group != NULL && names[i] != NULL; i++)
          {
            char *value = lalan_inventory_xml_text (lalan_inventory_xml_child (group, names[i]));

            if (value != NULL && strlen (value) <= 64)
              g_ptr_array_add (answers, value);
            else
              g_free (value);
          }
        if (answers->len == 0)
          break;
        json_builder_set_member_name (builder, p->fact);
        json_builder_begin_array (builder);
        for (guint i = 0; i < answers->len; i++)
          json_builder_add_string_value (builder, g_ptr_array_index (answers, i));
        json_builder_end_array (builder);
      }
      break;

    case LALAN_INVENTORY_FACT_SELECTED:
      {
        g_auto(GStrv) selected = NULL;

        text = lalan_inventory_xml_text (lalan_inventory_xml_find (root, tail));
        if ((selected = split_selected (text)) == NULL)
          break;
        json_builder_set_member_name (builder, p->fact);
        json_builder_begin_array (builder);
        for (guint i = 0; selected[i] != NULL && i < 16; i++)
          if (strlen (selected[i]) <= 64)
            json_builder_add_string_value (builder, selected[i]);
        json_builder_end_array (builder);
      }
      break;

    case LALAN_INVENTORY_FACT_SELECTED_COUNT:
      {
        g_auto(GStrv) selected = NULL;
        guint count = 0;

        text = lalan_inventory_xml_text (lalan_inventory_xml_find (root, tail));
        if ((selected = split_selected (text)) == NULL)
          break;
        for (guint i = 0; selected[i] != NULL; i++)
          if (!g_str_equal (selected[i], "none"))
            count++;
        json_builder_set_member_name (builder, p->fact);
        json_builder_add_int_value (builder, count);
      }
      break;

    case LALAN_INVENTORY_FACT_SELECTED_ANY:
      text = lalan_inventory_xml_text (lalan_inventory_xml_find (root, tail));
      if (text != NULL)
        {
          json_builder_set_member_name (builder, p->fact);
          json_builder_add_boolean_value (builder, selected_any (text, p->codes));
        }
      break;

    case LALAN_INVENTORY_FACT_SUM:
      {
        xmlNode *group = lalan_inventory_xml_find (root, tail);
        g_auto(GStrv) names = g_strsplit (p->codes, " ", -1);
        gboolean any = FALSE;
        double sum = 0;

        for (guint i = 0; group != NULL && names[i] != NULL; i++)
          {
            g_autofree char *value = lalan_inventory_xml_text (lalan_inventory_xml_child (group, names[i]));

            if (parse_number (value, &number) && number >= 0)
              {
                sum += number;
                any = TRUE;
              }
          }
        if (any)
          {
            json_builder_set_member_name (builder, p->fact);
            json_builder_add_double_value (builder, sum);
          }
      }
      break;

    case LALAN_INVENTORY_FACT_COUNT:
    case LALAN_INVENTORY_FACT_COUNT_YES:
    case LALAN_INVENTORY_FACT_COUNT_ANY:
      {
        g_autoptr(GPtrArray) entries = g_ptr_array_new ();
        guint count = 0;

        lalan_inventory_xml_find_all (root, tail, entries);
        for (guint i = 0; i < entries->len; i++)
          {
            xmlNode *entry = g_ptr_array_index (entries, i);
            g_autofree char *value = NULL;

            if (p->kind == LALAN_INVENTORY_FACT_COUNT)
              count++;
            else if ((value = lalan_inventory_xml_text (lalan_inventory_xml_child (entry, p->child))) == NULL)
              continue;
            else if (p->kind == LALAN_INVENTORY_FACT_COUNT_YES && parse_yes_no (value) == 1)
              count++;
            else if (p->kind == LALAN_INVENTORY_FACT_COUNT_ANY && selected_any (value, p->codes))
              count++;
          }
        if (entries->len > 0)
          {
            json_builder_set_member_name (builder, p->fact);
            json_builder_add_int_value (builder, count);
          }
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * lalan_inventory_facts_extract:
 * @xml_form_id: the form of the instance
 * @doc: the instance
 *
 * Returns: (transfer full) (nullable): the facts as a JSON object, or
 *   %NULL when the reports do not read this form
 */
char *
lalan_inventory_facts_extract (const char *xml_form_id,
                               xmlDoc     *doc)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) node = NULL;
  xmlNode *root = xmlDocGetRootElement (doc);

  if (!lalan_inventory_facts_applies_to (xml_form_id))
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (fact_paths); i++)
    if (g_str_equal (fact_paths[i].xml_form_id, xml_form_id))
      add_fact (builder, root, &fact_paths[i]);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, node);

  return json_generator_to_data (generator, NULL);
}
