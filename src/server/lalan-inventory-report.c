/* lalan-inventory-report.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-report.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

/* The indicators of SURVEY.md, per district and for the mountain and
 * plain groups, computed from the facts kept with each current record.
 * Household indicators count only households that consented; a cell
 * resting on fewer than LALAN_INVENTORY_MIN_CELL households (or
 * measurements) is suppressed. */
static const LalanInventoryIndicator indicators[] = {
  { "household_connection", N_("Households with internet at home"), "share",
    LALAN_INVENTORY_INDICATOR_SHARE, "lalan_household", "internet_home", NULL, TRUE },
  { "fixed_broadband", N_("Households with fixed broadband"), "share",
    LALAN_INVENTORY_INDICATOR_SHARE, "lalan_household", "fixed_broadband", "internet_home", TRUE },
  { "internet_use_ever", N_("People aged 12+ who have used the internet"), "share",
    LALAN_INVENTORY_INDICATOR_RATIO, "lalan_household", "persons_ever_used", "persons", TRUE },
  { "internet_use_3m", N_("People aged 12+ online in the last 3 months"), "share",
    LALAN_INVENTORY_INDICATOR_RATIO, "lalan_household", "persons_used_3m", "persons", TRUE },
  { "mobile_internet_use", N_("People aged 12+ using mobile internet"), "share",
    LALAN_INVENTORY_INDICATOR_RATIO, "lalan_household", "persons_mobile_internet", "persons", TRUE },
  { "smartphone_households", N_("Households with a smartphone"), "share",
    LALAN_INVENTORY_INDICATOR_SHARE, "lalan_household", "smartphones", NULL, TRUE },
  { "devices_per_person", N_("Devices per person"), "devices",
    LALAN_INVENTORY_INDICATOR_RATIO, "lalan_household", "devices_total", "household_size", TRUE },
  { "skills_mean", N_("Digital skills (mean count)"), "skills",
    LALAN_INVENTORY_INDICATOR_MEAN, "lalan_household", "skills", NULL, TRUE },
  { "top_barriers", N_("Top barriers"), "share",
    LALAN_INVENTORY_INDICATOR_TOP, "lalan_household", "barriers", NULL, TRUE },
  { "training_demand", N_("Households wanting digital training"), "share",
    LALAN_INVENTORY_INDICATOR_SHARE, "lalan_household", "training_interest", NULL, TRUE },
  { "download_mbps", N_("Measured download speed (median)"), "Mbps",
    LALAN_INVENTORY_INDICATOR_MEDIAN, "lalan_household lalan_community lalan_measurement",
    "download_mbps", NULL, TRUE },
  { "upload_mbps", N_("Measured upload speed (median)"), "Mbps",
    LALAN_INVENTORY_INDICATOR_MEDIAN, "lalan_household lalan_community lalan_measurement",
    "upload_mbps", NULL, TRUE },
  { "latency_ms", N_("Measured latency (median)"), "ms",
    LALAN_INVENTORY_INDICATOR_MEDIAN, "lalan_household lalan_community lalan_measurement",
    "latency_ms", NULL, TRUE },
  { "access_points_per_village", N_("Public access points per village visited"), "points",
    LALAN_INVENTORY_INDICATOR_PER_VILLAGE, "lalan_community", "access_points", NULL, FALSE },
};

static const char * const form_ids[LALAN_INVENTORY_N_FORMS] = {
  "lalan_household",
  "lalan_community",
  "lalan_measurement",
  "lalan_learning_report",
};

/* Codes that say nothing about a barrier. */
static const char * const non_answers[] = { "none", "refused", "dont_know", "not_applicable", NULL };

const LalanInventoryIndicator *
lalan_inventory_report_get_indicators (guint *n_indicators)
{
  *n_indicators = G_N_ELEMENTS (indicators);
  return indicators;
}

const char *
lalan_inventory_report_get_form_id (LalanInventoryReportForm form)
{
  g_return_val_if_fail (form < LALAN_INVENTORY_N_FORMS, NULL);
  return form_ids[form];
}

/* Accumulation ---------------------------------------------------------- */

typedef struct
{
  double      num;
  double      den;
  guint       n;
  GArray     *values;     /* MEDIAN */
  GHashTable *codes;      /* TOP: code → count */
  GHashTable *villages;   /* PER_VILLAGE: village → count */
} Accumulator;

typedef struct
{
  LalanInventoryRow *row;
  Accumulator       *acc;
} Unit;

typedef struct
{
  LalanInventoryReport *report;
  Unit                 *units;       /* 55 districts, then mountain, plain, all */
  guint                 n_units;
} Builder;

static gboolean
get_number (JsonObject *facts,
            const char *name,
            double     *value)
{
  JsonNode *node;

  if (name == NULL || (node = json_object_get_member (facts, name)) == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    *value = json_node_get_boolean (node) ? 1 : 0;
  else if (JSON_NODE_HOLDS_VALUE (node) &&
           (json_node_get_value_type (node) == G_TYPE_DOUBLE ||
            json_node_get_value_type (node) == G_TYPE_INT64))
    *value = json_node_get_double (node);
  else
    return FALSE;

  return isfinite (*value);
}

static gboolean
form_counts (const LalanInventoryIndicator *indicator,
             const char                    *xml_form_id)
{
  g_auto(GStrv) forms = g_strsplit (indicator->forms, " ", -1);

  return g_strv_contains ((const char * const *) forms, xml_form_id);
}

static void
accumulate (Accumulator                   *acc,
            const LalanInventoryIndicator *indicator,
            JsonObject                    *facts)
{
  double value = 0, other = 0;

  switch (indicator->kind)
    {
    case LALAN_INVENTORY_INDICATOR_SHARE:
      if (indicator->other != NULL)
        {
          /* A gated share: of all households that answered the gate, those
           * for which both are true (fixed broadband among all households). */
          if (!get_number (facts, indicator->other, &other))
            return;
          if (other > 0 && !get_number (facts, indicator->fact, &value))
            return;
          acc->num += (other > 0 && value > 0) ? 1 : 0;
        }
      else
        {
          if (!get_number (facts, indicator->fact, &value))
            return;
          acc->num += value > 0 ? 1 : 0;
        }
      acc->den += 1;
      acc->n++;
      break;

    case LALAN_INVENTORY_INDICATOR_RATIO:
      if (!get_number (facts, indicator->fact, &value) ||
          !get_number (facts, indicator->other, &other) || other <= 0 || value < 0)
        return;
      acc->num += value;
      acc->den += other;
      acc->n++;
      break;

    case LALAN_INVENTORY_INDICATOR_MEAN:
      if (!get_number (facts, indicator->fact, &value))
        return;
      acc->num += value;
      acc->den += 1;
      acc->n++;
      break;

    case LALAN_INVENTORY_INDICATOR_MEDIAN:
      if (!get_number (facts, indicator->fact, &value) || value < 0)
        return;
      g_array_append_val (acc->values, value);
      acc->n++;
      break;

    case LALAN_INVENTORY_INDICATOR_TOP:
      {
        JsonNode *node = json_object_get_member (facts, indicator->fact);
        JsonArray *array;
        guint counted = 0;

        if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
          return;
        array = json_node_get_array (node);
        acc->n++;
        /* Barriers are ranked: the first three are a household's top three. */
        for (guint i = 0; i < json_array_get_length (array) && counted < 3; i++)
          {
            const char *code = json_array_get_string_element (array, i);

            if (code == NULL || g_strv_contains (non_answers, code))
              continue;
            g_hash_table_replace (acc->codes, g_strdup (code),
                                  GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (acc->codes, code)) + 1));
            counted++;
          }
      }
      break;

    case LALAN_INVENTORY_INDICATOR_PER_VILLAGE:
      {
        const char *village = json_object_get_string_member_with_default (facts, "village", NULL);

        if (village == NULL || !get_number (facts, indicator->fact, &value))
          return;
        /* The latest visit of a village says how many points it has now. */
        g_hash_table_replace (acc->villages, g_strdup (village), GUINT_TO_POINTER ((guint) value));
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

typedef struct
{
  const char *code;
  guint       count;
} CodeCount;

static int
compare_counts (gconstpointer a,
                gconstpointer b)
{
  const CodeCount *x = a, *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return g_strcmp0 (x->code, y->code);
}

static void
top_entry_free (LalanInventoryTopEntry *entry)
{
  g_free (entry->code);
  g_free (entry);
}

static void
finish_cell (LalanInventoryCell            *cell,
             const LalanInventoryIndicator *indicator,
             Accumulator                   *acc)
{
  cell->n = acc->n;

  switch (indicator->kind)
    {
    case LALAN_INVENTORY_INDICATOR_SHARE:
    case LALAN_INVENTORY_INDICATOR_RATIO:
    case LALAN_INVENTORY_INDICATOR_MEAN:
      if (acc->den > 0)
        {
          cell->value = acc->num / acc->den;
          cell->has_value = TRUE;
        }
      break;

    case LALAN_INVENTORY_INDICATOR_MEDIAN:
      if (acc->values->len > 0)
        {
          double *v = (double *) (gpointer) acc->values->data;
          guint len = acc->values->len;

          g_array_sort (acc->values, compare_doubles);
          cell->value = len % 2 ? v[len / 2] : (v[len / 2 - 1] + v[len / 2]) / 2;
          cell->has_value = TRUE;
        }
      break;

    case LALAN_INVENTORY_INDICATOR_TOP:
      if (acc->n > 0)
        {
          g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (CodeCount));
          GHashTableIter iter;
          gpointer key, value;

          g_hash_table_iter_init (&iter, acc->codes);
          while (g_hash_table_iter_next (&iter, &key, &value))
            {
              CodeCount c = { key, GPOINTER_TO_UINT (value) };

              g_array_append_val (counts, c);
            }
          g_array_sort (counts, compare_counts);

          cell->top = g_ptr_array_new_with_free_func ((GDestroyNotify) top_entry_free);
          for (guint i = 0; i < counts->len && i < 3; i++)
            {
              LalanInventoryTopEntry *entry = g_new0 (LalanInventoryTopEntry, 1);
              CodeCount *c = &g_array_index (counts, CodeCount, i);

              entry->code = g_strdup (c->code);
              entry->share = (double) c->count / acc->n;
              g_ptr_array_add (cell->top, entry);
            }
          cell->has_value = TRUE;
        }
      break;

    case LALAN_INVENTORY_INDICATOR_PER_VILLAGE:
      {
        GHashTableIter iter;
        gpointer value;
        double total = 0;

        cell->n = g_hash_table_size (acc->villages);
        g_hash_table_iter_init (&iter, acc->villages);
        while (g_hash_table_iter_next (&iter, NULL, &value))
          total += GPOINTER_TO_UINT (value);
        if (cell->n > 0)
          {
            cell->value = total / cell->n;
            cell->has_value = TRUE;
          }
      }
      break;

    default:
      g_assert_not_reached ();
    }

  if (indicator->suppress && cell->n > 0 && cell->n < LALAN_INVENTORY_MIN_CELL)
    {
      cell->suppressed = TRUE;
      cell->has_value = FALSE;
      cell->value = 0;
      g_clear_pointer (&cell->top, g_ptr_array_unref);
    }
}

static LalanInventoryRow *
row_new (const LalanDistrict *district,
         const char          *group)
{
  LalanInventoryRow *row = g_new0 (LalanInventoryRow, 1);

  row->district = district;
  row->group = group;
  row->cells = g_new0 (LalanInventoryCell, G_N_ELEMENTS (indicators));

  return row;
}

static void
row_free (LalanInventoryRow *row)
{
  for (guint i = 0; i < G_N_ELEMENTS (indicators); i++)
    g_clear_pointer (&row->cells[i].top, g_ptr_array_unref);
  g_free (row->cells);
  g_free (row);
}

static Accumulator *
accumulators_new (void)
{
  Accumulator *acc = g_new0 (Accumulator, G_N_ELEMENTS (indicators));

  for (guint i = 0; i < G_N_ELEMENTS (indicators); i++)
    {
      acc[i].values = g_array_new (FALSE, FALSE, sizeof (double));
      acc[i].codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      acc[i].villages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }

  return acc;
}

static void
accumulators_free (Accumulator *acc)
{
  for (guint i = 0; i < G_N_ELEMENTS (indicators); i++)
    {
      g_array_unref (acc[i].values);
      g_hash_table_unref (acc[i].codes);
      g_hash_table_unref (acc[i].villages);
    }
  g_free (acc);
}

static void
add_to_unit (Unit       *unit,
             int         form,
             const char *xml_form_id,
             JsonObject *facts)
{
  unit->row->records[form]++;

  if (form == LALAN_INVENTORY_FORM_HOUSEHOLD)
    {
      /* Without consent the record keeps only its place and date. */
      if (!json_object_get_boolean_member_with_default (facts, "consent", FALSE))
        return;
      unit->row->households++;
    }

  for (guint i = 0; i < G_N_ELEMENTS (indicators); i++)
    if (form_counts (&indicators[i], xml_form_id))
      accumulate (&unit->acc[i], &indicators[i], facts);
}

static gboolean
add_record_cb (const LalanInventoryStoredSubmission  *stored,
               gpointer                               user_data,
               GError                               **error)
{
  Builder *builder = user_data;
  g_autoptr(JsonParser) parser = NULL;
  const LalanDistrict *district;
  const LalanDistrict *districts;
  JsonObject *facts;
  const char *town;
  guint n_districts;
  int form = -1;

  for (int f = 0; f < LALAN_INVENTORY_N_FORMS; f++)
    if (g_str_equal (stored->xml_form_id, form_ids[f]))
      form = f;

  if (form < 0 || stored->facts == NULL)
    return TRUE;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, stored->facts, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return TRUE;
  facts = json_node_get_object (json_parser_get_root (parser));

  town = json_object_get_string_member_with_default (facts, "town", NULL);
  district = town != NULL ? lalan_places_find_district (town) : NULL;
  if (district == NULL)
    {
      builder->report->unplaced++;
      return TRUE;
    }

  districts = lalan_places_get_districts (&n_districts);
  add_to_unit (&builder->units[district - districts], form, stored->xml_form_id, facts);
  add_to_unit (&builder->units[n_districts + (district->mountain ? 0 : 1)], form, stored->xml_form_id, facts);
  add_to_unit (&builder->units[n_districts + 2], form, stored->xml_form_id, facts);

  return TRUE;
}

/**
 * lalan_inventory_report_build:
 * @db: a database connection of the calling thread
 * @project_id: the project
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the report
 */
LalanInventoryReport *
lalan_inventory_report_build (LalanInventoryDb  *db,
                              gint64             project_id,
                              GError           **error)
{
  g_autoptr(LalanInventoryReport) report = g_new0 (LalanInventoryReport, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const LalanDistrict *districts;
  guint n_districts;
  Builder builder = { report, NULL, 0 };
  gboolean ok;

  report->generated_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  report->project_id = project_id;
  report->districts = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  report->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);

  districts = lalan_places_get_districts (&n_districts);
  builder.n_units = n_districts + 3;
  builder.units = g_new0 (Unit, builder.n_units);
  for (guint i = 0; i < n_districts; i++)
    {
      builder.units[i].row = row_new (&districts[i], NULL);
      g_ptr_array_add (report->districts, builder.units[i].row);
    }
  for (guint i = 0; i < 3; i++)
    {
      static const char * const groups[] = { "mountain", "plain", "all" };

      builder.units[n_districts + i].row = row_new (NULL, groups[i]);
      g_ptr_array_add (report->groups, builder.units[n_districts + i].row);
    }
  for (guint i = 0; i < builder.n_units; i++)
    builder.units[i].acc = accumulators_new ();

  ok = lalan_inventory_db_foreach_submission (db, project_id, NULL, FALSE, add_record_cb, &builder, error);

  for (guint u = 0; u < builder.n_units; u++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (indicators); i++)
        finish_cell (&builder.units[u].row->cells[i], &indicators[i], &builder.units[u].acc[i]);
      accumulators_free (builder.units[u].acc);
    }
  g_free (builder.units);

  return ok ? g_steal_pointer (&report) : NULL;
}

void
lalan_inventory_report_free (LalanInventoryReport *report)
{
  if (report == NULL)
    return;

  g_free (report->generated_at);
  g_clear_pointer (&report->districts, g_ptr_array_unref);
  g_clear_pointer (&report->groups, g_ptr_array_unref);
  g_free (report);
}

/* Output ------------------------------------------------------------------ */

static void
add_row_json (JsonBuilder       *builder,
              LalanInventoryRow *row)
{
  json_builder_begin_object (builder);

  if (row->district != NULL)
    {
      json_builder_set_member_name (builder, "town_code");
      json_builder_add_string_value (builder, row->district->town_code);
      json_builder_set_member_name (builder, "county_code");
      json_builder_add_string_value (builder, row->district->county_code);
      json_builder_set_member_name (builder, "county");
      json_builder_add_string_value (builder, row->district->county_name);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, row->district->town_name);
      json_builder_set_member_name (builder, "name_en");
      json_builder_add_string_value (builder, row->district->town_name_en);
      json_builder_set_member_name (builder, "class");
      json_builder_add_string_value (builder, row->district->mountain ? "mountain" : "plain");
    }
  else
    {
      json_builder_set_member_name (builder, "group");
      json_builder_add_string_value (builder, row->group);
    }

  json_builder_set_member_name (builder, "records");
  json_builder_begin_object (builder);
  for (int f = 0; f < LALAN_INVENTORY_N_FORMS; f++)
    {
      json_builder_set_member_name (builder, form_ids[f]);
      json_builder_add_int_value (builder, row->records[f]);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "households");
  json_builder_add_int_value (builder, row->households);

  json_builder_set_member_name (builder, "indicators");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (indicators); i++)
    {
      LalanInventoryCell *cell = &row->cells[i];

      json_builder_set_member_name (builder, indicators[i].key);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "value");
      if (!cell->has_value)
        json_builder_add_null_value (builder);
      else if (cell->top != NULL)
        {
          json_builder_begin_array (builder);
          for (guint t = 0; t < cell->top->len; t++)
            {
              LalanInventoryTopEntry *entry = g_ptr_array_index (cell->top, t);

              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "code");
              json_builder_add_string_value (builder, entry->code);
              json_builder_set_member_name (builder, "share");
              json_builder_add_double_value (builder, round (entry->share * 10000) / 10000);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
        }
      else
        json_builder_add_double_value (builder, round (cell->value * 10000) / 10000);
      json_builder_set_member_name (builder, "n");
      json_builder_add_int_value (builder, cell->n);
      json_builder_set_member_name (builder, "suppressed");
      json_builder_add_boolean_value (builder, cell->suppressed);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  json_builder_end_object (builder);
}

/**
 * lalan_inventory_report_to_json:
 * @report: a report
 *
 * Labels are in the language of the calling thread.
 *
 * Returns: (transfer full): districts.json
 */
char *
lalan_inventory_report_to_json (LalanInventoryReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "generated_at");
  json_builder_add_string_value (builder, report->generated_at);
  json_builder_set_member_name (builder, "project");
  json_builder_add_int_value (builder, report->project_id);
  json_builder_set_member_name (builder, "min_cell_households");
  json_builder_add_int_value (builder, LALAN_INVENTORY_MIN_CELL);

  json_builder_set_member_name (builder, "indicators");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (indicators); i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, indicators[i].key);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, _(indicators[i].label));
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder, indicators[i].unit);
      json_builder_set_member_name (builder, "suppressible");
      json_builder_add_boolean_value (builder, indicators[i].suppress);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "districts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->districts->len; i++)
    add_row_json (builder, g_ptr_array_index (report->districts, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "groups");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->groups->len; i++)
    add_row_json (builder, g_ptr_array_index (report->groups, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "unplaced_records");
  json_builder_add_int_value (builder, report->unplaced);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, NULL);
}

/**
 * lalan_inventory_report_format_cell:
 * @indicator: an indicator
 * @cell: one of its cells
 *
 * Returns: (transfer full): the value as a CSV cell: empty when there is
 *   none or it is suppressed; shares with four decimals; the top barriers
 *   as "code:share;code:share"
 */
char *
lalan_inventory_report_format_cell (const LalanInventoryIndicator *indicator,
                                    const LalanInventoryCell      *cell)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!cell->has_value)
    return g_strdup ("");

  if (cell->top != NULL)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint t = 0; t < cell->top->len; t++)
        {
          LalanInventoryTopEntry *entry = g_ptr_array_index (cell->top, t);

          g_string_append_printf (text, "%s%s:%s", t ? ";" : "", entry->code,
                                  g_ascii_formatd (buffer, sizeof buffer, "%.4f", entry->share));
        }
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer,
                                    g_str_equal (indicator->unit, "share") ? "%.4f" : "%.2f",
                                    cell->value));
}

static void
append_csv_field (GString    *csv,
                  const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (csv, text);
      return;
    }

  g_string_append_c (csv, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

static void
append_row_csv (GString           *csv,
                LalanInventoryRow *row)
{
  if (row->district != NULL)
    {
      append_csv_field (csv, "district");
      g_string_append_c (csv, ',');
      append_csv_field (csv, row->district->town_code);
      g_string_append_c (csv, ',');
      append_csv_field (csv, row->district->county_name);
      g_string_append_c (csv, ',');
      append_csv_field (csv, row->district->town_name);
      g_string_append_c (csv, ',');
      append_csv_field (csv, row->district->town_name_en);
      g_string_append_c (csv, ',');
      append_csv_field (csv, row->district->mountain ? "mountain" : "plain");
    }
  else
    {
      g_string_append (csv, "group,,,");
      append_csv_field (csv, row->group);
      g_string_append (csv, ",,");
      append_csv_field (csv, g_str_equal (row->group, "all") ? "" : row->group);
    }

  g_string_append_printf (csv, ",%u", row->households);
  for (int f = 0; f < LALAN_INVENTORY_N_FORMS; f++)
    g_string_append_printf (csv, ",%u", row->records[f]);

  for (guint i = 0; i < G_N_ELEMENTS (indicators); i++)
    {
      g_autofree char *value = lalan_inventory_report_format_cell (&indicators[i], &row->cells[i]);

      g_string_append_c (csv, ',');
      append_csv_field (csv, value);
      g_string_append_printf (csv, ",%u", row->cells[i].n);
    }
  g_string_append (csv, "\r\n");
}

/**
 * lalan_inventory_report_to_csv:
 * @report: a report
 *
 * Returns: (transfer full): districts.csv, UTF-8 with a byte order mark so
 *   spreadsheet programs read the Chinese names right
 */
char *
lalan_inventory_report_to_csv (LalanInventoryReport *report)
{
  GString *csv = g_string_new ("\xEF\xBB\xBF");

  g_string_append (csv, "level,town_code,county,district,district_en,class,households");
  for (int f = 0; f < LALAN_INVENTORY_N_FORMS; f++)
    g_string_append_printf (csv, ",records_%s", form_ids[f]);
  for (guint i = 0; i < G_N_ELEMENTS (indicators); i++)
    g_string_append_printf (csv, ",%s,%s_n", indicators[i].key, indicators[i].key);
  g_string_append (csv, "\r\n");

  for (guint i = 0; i < report->districts->len; i++)
    append_row_csv (csv, g_ptr_array_index (report->districts, i));
  for (guint i = 0; i < report->groups->len; i++)
    append_row_csv (csv, g_ptr_array_index (report->groups, i));

  return g_string_free (csv, FALSE);
}
