/* lalan-measure-chart.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-measure-chart.h"

#include "lalan-store-types.h"

#include <glib/gi18n.h>
#include <math.h>

/* The history of tests as a bar chart drawn with cairo: per test, download
 * and upload side by side, the newest on the right; a test that could not
 * measure (no network, a sign-in page) is a small cross on the baseline,
 * since "no connection at 3 a.m." is part of the story. The scale starts
 * at zero and ends at a round number, so bars compare honestly. Text is
 * drawn with Pango in the widget's font, so it follows the text size. */

#define MARGIN_TOP 10
#define MARGIN_RIGHT 8
#define GAP 6
#define BAR_MAX_WIDTH 14

struct _LalanMeasureChart
{
  GtkDrawingArea  parent_instance;

  /* owned: chronological, oldest first */
  GPtrArray      *tests;
  double          scale_max;
};

G_DEFINE_FINAL_TYPE (LalanMeasureChart, lalan_measure_chart, GTK_TYPE_DRAWING_AREA)

/* 1, 2, 5, 10, 20, 50...: the smallest at least @value. */
static double
round_up (double value)
{
  double magnitude;

  if (!(value > 0))
    return 1;

  magnitude = pow (10, floor (log10 (value)));
  if (value <= magnitude)
    return magnitude;
  if (value <= 2 * magnitude)
    return 2 * magnitude;
  if (value <= 5 * magnitude)
    return 5 * magnitude;
  return 10 * magnitude;
}

static void
lookup_color (GtkWidget  *widget,
              const char *name,
              GdkRGBA    *color,
              const char *fallback)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
}

static PangoLayout *
make_label (GtkWidget  *widget,
            const char *text,
            int        *width,
            int        *height)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attributes = pango_attr_list_new ();

  pango_attr_list_insert (attributes, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attributes);
  pango_attr_list_unref (attributes);
  pango_layout_get_pixel_size (layout, width, height);

  return layout;
}

static GDateTime *
local_time (gint64 time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);

  return utc != NULL ? g_date_time_to_local (utc) : g_date_time_new_now_local ();
}

/* The ends of the time axis: dates, or times when all tests are from one
 * day. */
static void
format_axis_ends (gint64   first,
                  gint64   last,
                  char   **first_text,
                  char   **last_text)
{
  g_autoptr(GDateTime) from = local_time (first);
  g_autoptr(GDateTime) to = local_time (last);
  const char *format;

  if (g_date_time_get_year (from) == g_date_time_get_year (to) &&
      g_date_time_get_day_of_year (from) == g_date_time_get_day_of_year (to))
    /* Translators: a time under the chart of past tests, strftime format */
    /* xgettext:no-c-format */
    format = _("%H:%M");
  else
    /* Translators: a short date under the chart of past tests, in strftime
     * format; "%m/%d" gives 11/28. */
    /* xgettext:no-c-format */
    format = _("%m/%d");

  *first_text = g_date_time_format (from, format);
  *last_text = g_date_time_format (to, format);
}

static char *
format_scale (double mbps)
{
  /* Translators: a rate on the chart's scale, such as "20 Mbit/s" */
  return g_strdup_printf (_("%g Mbit/s"), mbps);
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  LalanMeasureChart *self = LALAN_MEASURE_CHART (area);
  GtkWidget *widget = GTK_WIDGET (area);
  GdkRGBA foreground, download, upload, failed;
  g_autoptr(PangoLayout) top_label = NULL;
  g_autoptr(PangoLayout) zero_label = NULL;
  g_autoptr(PangoLayout) middle_label = NULL;
  g_autofree char *middle_text = NULL;
  g_autoptr(PangoLayout) first_date = NULL;
  g_autoptr(PangoLayout) last_date = NULL;
  g_autofree char *top_text = NULL;
  double left, bottom, plot_width, plot_height, slot, bar;
  int label_width, label_height, zero_width, middle_width, date_width, date_height;

  if (self->tests->len == 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &foreground);
  lookup_color (widget, "accent_color", &download, "#1c71d8");
  lookup_color (widget, "success_color", &upload, "#26a269");
  lookup_color (widget, "error_color", &failed, "#c01c28");

  top_text = format_scale (self->scale_max);
  top_label = make_label (widget, top_text, &label_width, &label_height);
  zero_label = make_label (widget, "0", &zero_width, NULL);
  middle_text = format_scale (self->scale_max / 2);
  middle_label = make_label (widget, middle_text, &middle_width, NULL);

  {
    LalanMeasurement *first = g_ptr_array_index (self->tests, 0);
    LalanMeasurement *last = g_ptr_array_index (self->tests, self->tests->len - 1);
    g_autofree char *first_text = NULL;
    g_autofree char *last_text = NULL;

    format_axis_ends (first->taken_at, last->taken_at, &first_text, &last_text);

    first_date = make_label (widget, first_text, &date_width, &date_height);
    last_date = make_label (widget, last_text, &date_width, NULL);
  }

  left = label_width + GAP;
  bottom = height - date_height - GAP;
  plot_width = width - left - MARGIN_RIGHT;
  plot_height = bottom - MARGIN_TOP;
  if (plot_width < 20 || plot_height < 20)
    return;

  /* Scale labels and grid lines at 0, half and the top. */
  cairo_set_source_rgba (cr, foreground.red, foreground.green, foreground.blue, 0.7);
  cairo_move_to (cr, 0, MARGIN_TOP - label_height / 2.0);
  pango_cairo_show_layout (cr, top_label);
  cairo_move_to (cr, left - GAP - middle_width, MARGIN_TOP + plot_height / 2 - label_height / 2.0);
  pango_cairo_show_layout (cr, middle_label);
  cairo_move_to (cr, left - GAP - zero_width, bottom - label_height / 2.0);
  pango_cairo_show_layout (cr, zero_label);

  cairo_set_line_width (cr, 1);
  for (int i = 0; i <= 2; i++)
    {
      double y = floor (MARGIN_TOP + plot_height * i / 2.0) + 0.5;

      cairo_set_source_rgba (cr, foreground.red, foreground.green, foreground.blue, i == 2 ? 0.5 : 0.15);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, left + plot_width, y);
      cairo_stroke (cr);
    }

  /* One slot per test, newest on the right. */
  slot = MIN (plot_width / self->tests->len, 3.0 * BAR_MAX_WIDTH);
  bar = MIN (BAR_MAX_WIDTH, slot * 0.4);

  for (guint i = 0; i < self->tests->len; i++)
    {
      LalanMeasurement *test = g_ptr_array_index (self->tests, i);
      double x = left + plot_width - (self->tests->len - i) * slot + (slot - 2 * bar) / 2;

      if (!isfinite (test->download_mbps))
        {
          double cx = x + bar, cy = bottom - 5;

          gdk_cairo_set_source_rgba (cr, &failed);
          cairo_set_line_width (cr, 2);
          cairo_move_to (cr, cx - 4, cy - 4);
          cairo_line_to (cr, cx + 4, cy + 4);
          cairo_move_to (cr, cx + 4, cy - 4);
          cairo_line_to (cr, cx - 4, cy + 4);
          cairo_stroke (cr);
          continue;
        }

      gdk_cairo_set_source_rgba (cr, &download);
      cairo_rectangle (cr, x, bottom, bar,
                       -MAX (1, plot_height * MIN (test->download_mbps, self->scale_max) / self->scale_max));
      cairo_fill (cr);

      if (isfinite (test->upload_mbps))
        {
          gdk_cairo_set_source_rgba (cr, &upload);
          cairo_rectangle (cr, x + bar, bottom, bar,
                           -MAX (1, plot_height * MIN (test->upload_mbps, self->scale_max) / self->scale_max));
          cairo_fill (cr);
        }
    }

  /* The first and last dates under their bars. */
  cairo_set_source_rgba (cr, foreground.red, foreground.green, foreground.blue, 0.7);
  cairo_move_to (cr, MAX (left, left + plot_width - self->tests->len * slot), bottom + GAP / 2.0);
  pango_cairo_show_layout (cr, first_date);
  if (self->tests->len > 1)
    {
      cairo_move_to (cr, left + plot_width - date_width, bottom + GAP / 2.0);
      pango_cairo_show_layout (cr, last_date);
    }
}

static void
update_description (LalanMeasureChart *self)
{
  g_autofree char *text = NULL;
  LalanMeasurement *latest = NULL;

  if (self->tests->len > 0)
    latest = g_ptr_array_index (self->tests, self->tests->len - 1);

  if (latest == NULL)
    text = g_strdup (_("No tests yet"));
  else if (isfinite (latest->download_mbps) && isfinite (latest->upload_mbps))
    /* Translators: what a screen reader says about the chart of past tests */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Download and upload of the last %u test. The latest: %.1f Mbit/s download, %.1f Mbit/s upload.",
                                         "Download and upload of the last %u tests. The latest: %.1f Mbit/s download, %.1f Mbit/s upload.",
                                         self->tests->len),
                            self->tests->len, latest->download_mbps, latest->upload_mbps);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Download and upload of the last %u test. The latest could not measure the connection.",
                                         "Download and upload of the last %u tests. The latest could not measure the connection.",
                                         self->tests->len),
                            self->tests->len);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
lalan_measure_chart_finalize (GObject *object)
{
  LalanMeasureChart *self = LALAN_MEASURE_CHART (object);

  g_clear_pointer (&self->tests, g_ptr_array_unref);

  G_OBJECT_CLASS (lalan_measure_chart_parent_class)->finalize (object);
}

static void
lalan_measure_chart_class_init (LalanMeasureChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lalan_measure_chart_finalize;

  gtk_widget_class_set_css_name (widget_class, "lalan-measure-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lalan_measure_chart_init (LalanMeasureChart *self)
{
  self->tests = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_measurement_free);
  self->scale_max = 1;

  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), 180);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw_cb, NULL, NULL);
  update_description (self);
}

/**
 * lalan_measure_chart_new:
 *
 * Returns: (transfer full): an empty chart
 */
GtkWidget *
lalan_measure_chart_new (void)
{
  return g_object_new (LALAN_TYPE_MEASURE_CHART, NULL);
}

/**
 * lalan_measure_chart_set_measurements:
 * @self: a chart
 * @measurements: (element-type LalanMeasurement): tests, newest first (as
 *   lalan_store_list_measurements() gives them); the latest
 *   %LALAN_MEASURE_CHART_MAX_TESTS are shown
 */
void
lalan_measure_chart_set_measurements (LalanMeasureChart *self,
                                      GPtrArray         *measurements)
{
  double highest = 0;
  guint n;

  g_return_if_fail (LALAN_IS_MEASURE_CHART (self));

  g_ptr_array_set_size (self->tests, 0);
  n = measurements != NULL ? MIN (measurements->len, LALAN_MEASURE_CHART_MAX_TESTS) : 0;
  for (guint i = n; i > 0; i--)
    {
      LalanMeasurement *test = g_ptr_array_index (measurements, i - 1);

      g_ptr_array_add (self->tests, lalan_measurement_copy (test));
      if (isfinite (test->download_mbps))
        highest = MAX (highest, test->download_mbps);
      if (isfinite (test->upload_mbps))
        highest = MAX (highest, test->upload_mbps);
    }

  self->scale_max = round_up (highest);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * lalan_measure_chart_get_n_tests:
 * @self: a chart
 *
 * Returns: how many tests it shows
 */
guint
lalan_measure_chart_get_n_tests (LalanMeasureChart *self)
{
  g_return_val_if_fail (LALAN_IS_MEASURE_CHART (self), 0);

  return self->tests->len;
}

/**
 * lalan_measure_chart_get_scale_max:
 * @self: a chart
 *
 * Returns: the top of its scale, in Mbit/s
 */
double
lalan_measure_chart_get_scale_max (LalanMeasureChart *self)
{
  g_return_val_if_fail (LALAN_IS_MEASURE_CHART (self), 0);

  return self->scale_max;
}
