/* lalan-inventory-dashboard.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-dashboard.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* The page CIP staff open in a browser: one HTML document with its style
 * and charts inline (SVG), no script and nothing fetched from elsewhere,
 * so it works on an office intranet and prints well. Every chart has a
 * table with the same figures for screen readers. Text is in the
 * language the calling thread has switched to. */

#define BAR_WIDTH 420
#define ROW_HEIGHT 16
#define LABEL_WIDTH 210

static const char style[] =
  "body{font-family:'Noto Sans CJK TC','Noto Sans TC',sans-serif;margin:0 auto;max-width:1100px;"
  "padding:1em 1.5em;color:#1d1d1d;background:#fafafa;line-height:1.5}"
  "h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.25em;margin-top:1.6em}"
  ".meta{color:#555}.cards{display:flex;flex-wrap:wrap;gap:.8em;margin:1em 0}"
  ".card{background:#fff;border:1px solid #ddd;border-radius:8px;padding:.6em 1em;min-width:9em}"
  ".card b{display:block;font-size:1.6em}"
  "table{border-collapse:collapse;width:100%;background:#fff;font-size:.9em}"
  "th,td{border-bottom:1px solid #e4e4e4;padding:.3em .5em;text-align:right}"
  "th:nth-child(-n+3),td:nth-child(-n+3){text-align:left}"
  "thead th{background:#eef2f6;position:sticky;top:0}"
  "svg{background:#fff;border:1px solid #ddd;border-radius:8px;max-width:100%;height:auto}"
  "svg text{font-size:11px;fill:#1d1d1d}.legend span{display:inline-block;width:.9em;height:.9em;"
  "margin:0 .3em 0 1em;vertical-align:middle}"
  ".s{color:#888}footer{margin-top:2em;color:#555;font-size:.9em}"
  "a{color:#0b57a4}@media print{.lang{display:none}}";

static const char *colours[] = { "#2e7d32", "#1565c0", "#ef6c00", "#6a1b9a" };

static char *
district_name (const LalanDistrict    *district,
               LalanInventoryLanguage  language)
{
  if (language == LALAN_INVENTORY_LANGUAGE_EN)
    return g_markup_escape_text (district->town_name_en, -1);

  return g_markup_printf_escaped ("%s%s", district->county_name, district->town_name);
}

static const char *
group_name (const char *group)
{
  if (g_str_equal (group, "mountain"))
    return _("Mountain indigenous districts");
  if (g_str_equal (group, "plain"))
    return _("Plain indigenous districts");
  return _("All 55 districts");
}

static const LalanInventoryIndicator *
find_indicator (const char *key,
                guint      *index)
{
  guint n;
  const LalanInventoryIndicator *all = lalan_inventory_report_get_indicators (&n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (all[i].key, key))
      {
        *index = i;
        return &all[i];
      }

  g_assert_not_reached ();
  return NULL;
}

/* A cell as shown: a percentage for shares, a number with its unit
 * otherwise, "—" when suppressed or absent. */
static char *
show_cell (const LalanInventoryIndicator *indicator,
           const LalanInventoryCell      *cell)
{
  if (cell->suppressed)
    return g_strdup_printf ("<span class=\"s\" title=\"%s\">—</span>",
                            _("Fewer than 5 households: not shown"));
  if (!cell->has_value)
    return g_strdup ("<span class=\"s\">·</span>");
  if (g_str_equal (indicator->unit, "share"))
    return g_strdup_printf ("%.0f%%", cell->value * 100);
  if (g_str_equal (indicator->unit, "Mbps"))
    return g_strdup_printf ("%.1f Mbps", cell->value);
  if (g_str_equal (indicator->unit, "ms"))
    return g_strdup_printf ("%.0f ms", cell->value);
  return g_strdup_printf ("%.1f", cell->value);
}

static void
render_cards (GString              *html,
              LalanInventoryReport *report)
{
  LalanInventoryRow *all = g_ptr_array_index (report->groups, 2);
  guint with_records = 0;

  for (guint i = 0; i < report->districts->len; i++)
    {
      LalanInventoryRow *row = g_ptr_array_index (report->districts, i);

      for (int f = 0; f < LALAN_INVENTORY_N_FORMS; f++)
        if (row->records[f] > 0)
          {
            with_records++;
            break;
          }
    }

  g_string_append (html, "<section class=\"cards\">\n");
  g_string_append_printf (html, "<div class=\"card\"><b>%u</b>%s</div>\n",
                          all->records[LALAN_INVENTORY_FORM_HOUSEHOLD], _("Household interviews"));
  g_string_append_printf (html, "<div class=\"card\"><b>%u</b>%s</div>\n",
                          all->records[LALAN_INVENTORY_FORM_COMMUNITY], _("Community visits"));
  g_string_append_printf (html, "<div class=\"card\"><b>%u</b>%s</div>\n",
                          all->records[LALAN_INVENTORY_FORM_MEASUREMENT], _("Connection measurements"));
  g_string_append_printf (html, "<div class=\"card\"><b>%u</b>%s</div>\n",
                          all->records[LALAN_INVENTORY_FORM_LEARNING_REPORT], _("Learning reports"));
  g_string_append_printf (html, "<div class=\"card\"><b>%u / %u</b>%s</div>\n",
                          with_records, report->districts->len, _("Districts with records"));
  g_string_append (html, "</section>\n");
}

static void
render_records_chart (GString                *html,
                      LalanInventoryReport   *report,
                      LalanInventoryLanguage  language)
{
  guint max = 1;
  guint height = report->districts->len * ROW_HEIGHT + 20;
  static const LalanInventoryReportForm shown[] = {
    LALAN_INVENTORY_FORM_HOUSEHOLD, LALAN_INVENTORY_FORM_COMMUNITY, LALAN_INVENTORY_FORM_MEASUREMENT,
  };
  const char *names[] = { _("Household interviews"), _("Community visits"), _("Connection measurements") };

  for (guint i = 0; i < report->districts->len; i++)
    {
      LalanInventoryRow *row = g_ptr_array_index (report->districts, i);
      guint total = 0;

      for (guint f = 0; f < G_N_ELEMENTS (shown); f++)
        total += row->records[shown[f]];
      max = MAX (max, total);
    }

  g_string_append_printf (html, "<h2 id=\"records\">%s</h2>\n<p class=\"legend\">", _("Records received per district"));
  for (guint f = 0; f < G_N_ELEMENTS (shown); f++)
    g_string_append_printf (html, "<span style=\"background:%s\"></span>%s", colours[f], names[f]);
  g_string_append (html, "</p>\n");

  g_string_append_printf (html,
                          "<svg role=\"img\" aria-labelledby=\"records-title\" viewBox=\"0 0 %d %u\" width=\"%d\" height=\"%u\">\n"
                          "<title id=\"records-title\">%s</title>\n",
                          LABEL_WIDTH + BAR_WIDTH + 60, height, LABEL_WIDTH + BAR_WIDTH + 60, height,
                          _("Records received per district"));

  for (guint i = 0; i < report->districts->len; i++)
    {
      LalanInventoryRow *row = g_ptr_array_index (report->districts, i);
      g_autofree char *name = district_name (row->district, language);
      double x = LABEL_WIDTH;
      guint y = 10 + i * ROW_HEIGHT;
      guint total = 0;

      g_string_append_printf (html, "<text x=\"%d\" y=\"%u\" text-anchor=\"end\">%s</text>\n",
                              LABEL_WIDTH - 6, y + 11, name);
      for (guint f = 0; f < G_N_ELEMENTS (shown); f++)
        {
          double w = (double) row->records[shown[f]] / max * BAR_WIDTH;

          total += row->records[shown[f]];
          if (w > 0)
            g_string_append_printf (html, "<rect x=\"%.1f\" y=\"%u\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n",
                                    x, y + 2, w, ROW_HEIGHT - 4, colours[f]);
          x += w;
        }
      g_string_append_printf (html, "<text x=\"%.1f\" y=\"%u\">%u</text>\n", x + 4, y + 11, total);
    }
  g_string_append (html, "</svg>\n");
}

/* Faint lines at 0, 25, 50, 75 and 100 % behind the bars of a share chart. */
static void
render_grid (GString *html,
             int      x,
             int      width,
             guint    top,
             guint    bottom)
{
  for (int tick = 0; tick <= 4; tick++)
    {
      double gx = x + width * tick / 4.0;

      g_string_append_printf (html, "<line x1=\"%.1f\" y1=\"%u\" x2=\"%.1f\" y2=\"%u\" stroke=\"#e0e0e0\"/>"
                              "<text x=\"%.1f\" y=\"%u\" text-anchor=\"middle\" fill=\"#777\">%d%%</text>\n",
                              gx, top, gx, bottom, gx, bottom + 12, tick * 25);
    }
}

static void
render_share_chart (GString                *html,
                    LalanInventoryReport   *report,
                    LalanInventoryLanguage  language,
                    const char             *key)
{
  guint index;
  const LalanInventoryIndicator *indicator = find_indicator (key, &index);
  guint height = report->districts->len * ROW_HEIGHT + 20;
  g_autofree char *id = g_strdup_printf ("chart-%s", key);

  g_string_append_printf (html, "<h2>%s</h2>\n", _(indicator->label));
  g_string_append_printf (html, "<p class=\"legend\"><span style=\"background:%s\"></span>%s"
                          "<span style=\"background:%s\"></span>%s<span></span>— %s</p>\n",
                          colours[0], _("Mountain"), colours[1], _("Plain"),
                          _("Fewer than 5 households: not shown"));
  g_string_append_printf (html,
                          "<svg role=\"img\" aria-labelledby=\"%s\" viewBox=\"0 0 %d %u\" width=\"%d\" height=\"%u\">\n"
                          "<title id=\"%s\">%s</title>\n",
                          id, LABEL_WIDTH + BAR_WIDTH + 60, height + 16, LABEL_WIDTH + BAR_WIDTH + 60, height + 16,
                          id, _(indicator->label));
  render_grid (html, LABEL_WIDTH, BAR_WIDTH, 6, height);

  for (guint i = 0; i < report->districts->len; i++)
    {
      LalanInventoryRow *row = g_ptr_array_index (report->districts, i);
      LalanInventoryCell *cell = &row->cells[index];
      g_autofree char *name = district_name (row->district, language);
      guint y = 10 + i * ROW_HEIGHT;

      g_string_append_printf (html, "<text x=\"%d\" y=\"%u\" text-anchor=\"end\">%s</text>\n",
                              LABEL_WIDTH - 6, y + 11, name);
      if (cell->has_value)
        {
          double w = CLAMP (cell->value, 0, 1) * BAR_WIDTH;

          g_string_append_printf (html,
                                  "<rect x=\"%d\" y=\"%u\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
                                  "<text x=\"%.1f\" y=\"%u\">%.0f%%</text>\n",
                                  LABEL_WIDTH, y + 2, w, ROW_HEIGHT - 4,
                                  row->district->mountain ? colours[0] : colours[1],
                                  LABEL_WIDTH + w + 4, y + 11, cell->value * 100);
        }
      else if (cell->suppressed)
        g_string_append_printf (html, "<text x=\"%d\" y=\"%u\" fill=\"#888\">—</text>\n",
                                LABEL_WIDTH + 4, y + 11);
    }
  g_string_append (html, "</svg>\n");
}

static void
render_groups_chart (GString              *html,
                     LalanInventoryReport *report)
{
  static const char * const keys[] = {
    "household_connection", "fixed_broadband", "internet_use_ever", "internet_use_3m",
    "mobile_internet_use", "smartphone_households", "training_demand",
  };
  const int left = 12, width = LABEL_WIDTH + BAR_WIDTH - 40;
  guint group_height = 16 + 3 * 12 + 10;
  guint height = G_N_ELEMENTS (keys) * group_height + 30;

  g_string_append_printf (html, "<h2 id=\"groups\">%s</h2>\n<p class=\"legend\">",
                          _("Mountain and plain districts"));
  for (guint g = 0; g < 3; g++)
    {
      LalanInventoryRow *row = g_ptr_array_index (report->groups, g);

      g_string_append_printf (html, "<span style=\"background:%s\"></span>%s", colours[g], group_name (row->group));
    }
  g_string_append (html, "</p>\n");

  g_string_append_printf (html,
                          "<svg role=\"img\" aria-labelledby=\"groups-title\" viewBox=\"0 0 %d %u\" width=\"%d\" height=\"%u\">\n"
                          "<title id=\"groups-title\">%s</title>\n",
                          LABEL_WIDTH + BAR_WIDTH + 60, height, LABEL_WIDTH + BAR_WIDTH + 60, height,
                          _("Mountain and plain districts"));
  render_grid (html, left, width, 6, height - 20);

  /* Each indicator's name on a line of its own, its three bars below. */
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      guint index;
      const LalanInventoryIndicator *indicator = find_indicator (keys[k], &index);
      guint y = 6 + k * group_height;

      g_string_append_printf (html, "<text x=\"%d\" y=\"%u\" font-weight=\"bold\">%s</text>\n",
                              left, y + 12, _(indicator->label));
      for (guint g = 0; g < 3; g++)
        {
          LalanInventoryRow *row = g_ptr_array_index (report->groups, g);
          LalanInventoryCell *cell = &row->cells[index];
          guint by = y + 16 + g * 12;

          if (cell->has_value)
            {
              double w = CLAMP (cell->value, 0, 1) * width;

              g_string_append_printf (html,
                                      "<rect x=\"%d\" y=\"%u\" width=\"%.1f\" height=\"10\" fill=\"%s\"/>"
                                      "<text x=\"%.1f\" y=\"%u\">%.0f%%</text>\n",
                                      left, by, w, colours[g], left + w + 4, by + 9, cell->value * 100);
            }
          else
            g_string_append_printf (html, "<text x=\"%d\" y=\"%u\" fill=\"#888\">—</text>\n",
                                    left + 4, by + 9);
        }
    }
  g_string_append (html, "</svg>\n");
}

static void
render_table (GString                *html,
              LalanInventoryReport   *report,
              LalanInventoryLanguage  language)
{
  static const char * const keys[] = {
    "household_connection", "fixed_broadband", "internet_use_3m", "mobile_internet_use",
    "devices_per_person", "skills_mean", "training_demand", "download_mbps", "latency_ms",
    "access_points_per_village",
  };

  g_string_append_printf (html, "<h2 id=\"table\">%s</h2>\n<table>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                          "<th>%s</th><th>%s</th><th>%s</th>",
                          _("The 55 districts"), _("County"), _("District"), _("Kind"),
                          _("Household interviews"), _("Community visits"), _("Connection measurements"));
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      guint index;
      const LalanInventoryIndicator *indicator = find_indicator (keys[k], &index);

      g_string_append_printf (html, "<th>%s</th>", _(indicator->label));
    }
  g_string_append (html, "</tr></thead>\n<tbody>\n");

  for (guint i = 0; i < report->districts->len + report->groups->len; i++)
    {
      gboolean is_group = i >= report->districts->len;
      LalanInventoryRow *row = is_group ? g_ptr_array_index (report->groups, i - report->districts->len)
                                        : g_ptr_array_index (report->districts, i);

      if (is_group)
        g_string_append_printf (html, "<tr><th colspan=\"3\">%s</th>", group_name (row->group));
      else
        {
          g_autofree char *county = g_markup_escape_text (row->district->county_name, -1);
          g_autofree char *name = language == LALAN_INVENTORY_LANGUAGE_EN ?
            g_markup_escape_text (row->district->town_name_en, -1) :
            g_markup_escape_text (row->district->town_name, -1);

          g_string_append_printf (html, "<tr><td>%s</td><td>%s</td><td>%s</td>", county, name,
                                  row->district->mountain ? _("Mountain") : _("Plain"));
        }
      g_string_append_printf (html, "<td>%u</td><td>%u</td><td>%u</td>",
                              row->records[LALAN_INVENTORY_FORM_HOUSEHOLD],
                              row->records[LALAN_INVENTORY_FORM_COMMUNITY],
                              row->records[LALAN_INVENTORY_FORM_MEASUREMENT]);
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          guint index;
          const LalanInventoryIndicator *indicator = find_indicator (keys[k], &index);
          g_autofree char *shown = show_cell (indicator, &row->cells[index]);

          g_string_append_printf (html, "<td>%s</td>", shown);
        }
      g_string_append (html, "</tr>\n");
    }
  g_string_append (html, "</tbody>\n</table>\n");
}

/**
 * lalan_inventory_dashboard_render:
 * @report: the report to show
 * @language: the page's language; the caller has switched the thread to it
 *
 * Returns: (transfer full): the page
 */
char *
lalan_inventory_dashboard_render (LalanInventoryReport   *report,
                                  LalanInventoryLanguage  language)
{
  GString *html = g_string_new (NULL);

  g_string_append_printf (html,
                          "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                          "<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n",
                          lalan_inventory_i18n_get_tag (language),
                          _("Digital needs inventory of the 55 indigenous districts"), style);

  g_string_append_printf (html, "<header>\n<h1>%s</h1>\n<p class=\"meta\">",
                          _("Digital needs inventory of the 55 indigenous districts"));
  /* Translators: %s is a date and time in UTC, such as 2026-11-29T08:00:00Z */
  g_string_append_printf (html, _("Figures as of %s."), report->generated_at);
  g_string_append_printf (html, " <span class=\"lang\"><a href=\"?lang=zh_TW\" hreflang=\"zh-Hant-TW\" lang=\"zh-Hant-TW\">繁體中文</a>"
                          " · <a href=\"?lang=en\" hreflang=\"en\" lang=\"en\">English</a></span></p>\n</header>\n<main>\n");

  render_cards (html, report);
  render_groups_chart (html, report);
  render_records_chart (html, report, language);
  render_share_chart (html, report, language, "household_connection");
  render_table (html, report, language);

  g_string_append (html, "</main>\n<footer>\n<p>");
  g_string_append_printf (html,
                          _("Figures resting on fewer than %d households are not shown (—), so that no household "
                            "can be recognised. Household figures count only households that consented to the survey."),
                          LALAN_INVENTORY_MIN_CELL);
  g_string_append (html, "</p>\n<p>");
  g_string_append (html, _("The same figures are available as districts.json and districts.csv under /v1/reports/."));
  g_string_append (html, "</p>\n</footer>\n</body>\n</html>\n");

  return g_string_free (html, FALSE);
}
