/* bench-survey.c — the Survey area's figures for issue 5:
 *
 *  - opening the household form to its first question, painted: the first
 *    time (the form read and checked) and again (the form kept), against
 *    a bare window with a label and a check button brought to its first
 *    paint (and, for scale, libxml2 reading the same file);
 *  - a page change of the household form, painted, against replacing a
 *    page of as many plain labels and entries;
 *  - the records list with 10,000 records, to its first paint, against a
 *    GtkListView of 10,000 strings shown the same way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-bundled-forms.h"
#include "lalan-store-private.h"
#include "lalan-test-records.h"
#include "lalan-test.h"
#include "survey/lalan-survey-view.h"

#include <adwaita.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>

#define N_RUNS 9
#define N_RECORDS 10000

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static void
print_figure (const char *metric,
              double      value,
              double      baseline,
              const char *goal)
{
  char v[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], r[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (v, sizeof v, "%.1f", value);
  if (baseline > 0)
    printf ("{\"bench\": \"survey\", \"metric\": \"%s\", \"value\": %s, \"unit\": \"ms\", "
            "\"baseline\": %s, \"ratio\": %s, \"goal\": \"%s\"}\n",
            metric, v, g_ascii_formatd (b, sizeof b, "%.1f", baseline),
            g_ascii_formatd (r, sizeof r, "%.2f", value / baseline), goal);
  else if (goal != NULL)
    printf ("{\"bench\": \"survey\", \"metric\": \"%s\", \"value\": %s, \"unit\": \"ms\", \"goal\": \"%s\"}\n",
            metric, v, goal);
  else
    printf ("{\"bench\": \"survey\", \"metric\": \"%s\", \"value\": %s, \"unit\": \"ms\"}\n",
            metric, v);
  fflush (stdout);
}

static void
iterate_until (gboolean *flag)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!*flag && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!*flag)
    g_error ("timed out");
}

static void
iterate_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gboolean      *painted)
{
  *painted = TRUE;
}

/* Until the window has painted what was just put in it. */
static void
wait_paint (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gboolean painted = FALSE;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &painted);

  gtk_widget_queue_draw (window);
  iterate_until (&painted);
  g_signal_handler_disconnect (clock, id);
}

static GtkWidget *
new_window (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();
  gboolean painted = FALSE;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_frame_clock (window) == NULL)
    g_main_context_iteration (NULL, TRUE);
  {
    gulong id = g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                                  G_CALLBACK (on_after_paint_cb), &painted);

    iterate_until (&painted);
    g_signal_handler_disconnect (gtk_widget_get_frame_clock (window), id);
  }
  return window;
}

static void
on_opened_cb (LalanSurveyView *view,
              gboolean        *opened)
{
  *opened = TRUE;
}

static double
open_household (GtkWidget       *window,
                LalanSurveyView *survey)
{
  gboolean opened = FALSE;
  gulong id = g_signal_connect (survey, "record-opened", G_CALLBACK (on_opened_cb), &opened);
  gint64 start = g_get_monotonic_time ();
  double ms;

  lalan_survey_view_start_record (survey, "lalan_household");
  iterate_until (&opened);
  wait_paint (window);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_signal_handler_disconnect (survey, id);
  return ms;
}

static void
close_record (GtkWidget       *window,
              LalanSurveyView *survey)
{
  gtk_widget_activate_action (GTK_WIDGET (lalan_survey_view_get_form_view (survey)), "form.close", NULL);
  wait_paint (window);
}

static void
bench_open_and_pages (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanStore) store = lalan_store_open (NULL, &error);
  g_autoptr(GBytes) xml = NULL;
  GtkWidget *survey;
  GtkWidget *window;
  LalanFormView *form_view;
  LalanFormSession *session;
  double cold, warm[N_RUNS], parse[N_RUNS], bare_open[N_RUNS], pages[64], plain[64];
  guint n_pages = 0;

  g_assert_no_error (error);
  g_assert_true (lalan_bundled_forms_register (store, NULL, &error));
  xml = lalan_bundled_forms_load ("lalan_household", &error);

  survey = g_object_new (LALAN_TYPE_SURVEY_VIEW, NULL);
  window = new_window (survey);
  lalan_survey_view_set_store (LALAN_SURVEY_VIEW (survey), store);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);
  iterate_idle ();
  form_view = lalan_survey_view_get_form_view (LALAN_SURVEY_VIEW (survey));

  cold = open_household (window, LALAN_SURVEY_VIEW (survey));
  close_record (window, LALAN_SURVEY_VIEW (survey));
  for (guint i = 0; i < N_RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      xmlDoc *doc = xmlReadMemory (g_bytes_get_data (xml, NULL), g_bytes_get_size (xml), NULL, NULL, XML_PARSE_NONET);

      xmlFreeDoc (doc);
      parse[i] = (g_get_monotonic_time () - start) / 1000.0;
      warm[i] = open_household (window, LALAN_SURVEY_VIEW (survey));
      close_record (window, LALAN_SURVEY_VIEW (survey));
    }
  /* The baseline: a bare window with a heading and a label, from nothing
   * to its first paint — what showing anything at all costs here. */
  for (guint i = 0; i < N_RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
      GtkWidget *bare;

      gtk_box_append (GTK_BOX (box), gtk_label_new ("個人資料告知與同意"));
      gtk_box_append (GTK_BOX (box), gtk_check_button_new_with_label ("是 Yes"));
      bare = new_window (box);
      bare_open[i] = (g_get_monotonic_time () - start) / 1000.0;
      gtk_window_destroy (GTK_WINDOW (bare));
      iterate_idle ();
    }
  print_figure ("open the household form to its first question, painted, first time (form read and checked)",
                cold, median (bare_open, N_RUNS), "< 150 ms");
  print_figure ("open the household form to its first question, painted, again (median)",
                median (warm, N_RUNS), median (bare_open, N_RUNS), "< 150 ms");
  print_figure ("of which reading the household form's XML with libxml2 (median)",
                median (parse, N_RUNS), 0, NULL);

  /* A consenting household: every section is there to turn to. */
  open_household (window, LALAN_SURVEY_VIEW (survey));
  session = lalan_form_view_get_session (form_view);
  lalan_form_session_set_value (session, "/data/consent/consent_survey", "yes", NULL);
  lalan_form_session_set_value (session, "/data/consent/respondent_age", "45_64", NULL);
  lalan_form_session_set_value (session, "/data/household/size", "3", NULL);
  lalan_form_session_set_value (session, "/data/household/age_0_5", "0", NULL);
  lalan_form_session_set_value (session, "/data/household/age_6_11", "1", NULL);
  lalan_form_session_set_value (session, "/data/household/age_12_17", "0", NULL);
  lalan_form_session_set_value (session, "/data/household/age_18_64", "2", NULL);
  lalan_form_session_set_value (session, "/data/household/age_65", "0", NULL);
  iterate_idle ();
  wait_paint (window);

  /* From Next to the new page painted; the page is built when Next is
   * activated, so the clock starts before. */
  while (n_pages < G_N_ELEMENTS (pages))
    {
      g_autofree char *was = g_strdup (lalan_form_view_get_position (form_view));
      gint64 start = g_get_monotonic_time ();

      if (!gtk_widget_activate_action (GTK_WIDGET (form_view), "form.next-page", NULL))
        break;
      wait_paint (window);
      if (g_strcmp0 (was, lalan_form_view_get_position (form_view)) == 0)
        break;
      pages[n_pages] = (g_get_monotonic_time () - start) / 1000.0;
      n_pages++;
      iterate_idle ();
    }
  g_assert_cmpuint (n_pages, >=, 5);
  close_record (window, LALAN_SURVEY_VIEW (survey));

  /* The same number of page changes, each a page of 6 plain questions. */
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
    GtkWidget *bare = new_window (box);

    for (guint p = 0; p < n_pages; p++)
      {
        gint64 start = g_get_monotonic_time ();
        GtkWidget *child;

        while ((child = gtk_widget_get_first_child (box)) != NULL)
          gtk_box_remove (GTK_BOX (box), child);
        for (guint q = 0; q < 6; q++)
          {
            gtk_box_append (GTK_BOX (box), gtk_label_new ("問題 Question"));
            gtk_box_append (GTK_BOX (box), gtk_entry_new ());
          }
        wait_paint (bare);
        plain[p] = (g_get_monotonic_time () - start) / 1000.0;
      }
    gtk_window_destroy (GTK_WINDOW (bare));
  }

  {
    char metric[128];
    double worst = 0;

    for (guint i = 0; i < n_pages; i++)
      worst = MAX (worst, pages[i]);
    g_snprintf (metric, sizeof metric, "household page change, painted (median of %u pages)", n_pages);
    print_figure (metric, median (pages, n_pages), median (plain, n_pages), "< 50 ms");
    print_figure ("household page change, painted (slowest page)", worst, 0, "< 50 ms");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_idle ();
  lalan_store_close (store);
}

/* 10,000 records, as the store bench fills it. */
static gpointer
fill_in_worker (LalanStore    *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  if (!lalan_store_begin (store, error))
    return NULL;
  for (guint i = 0; i < N_RECORDS; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:bulk-%06u", i);
      g_autofree char *xml = lalan_test_make_household_xml (id, i);
      g_autofree char *summary = g_strdup_printf ("尖石鄉 玉峰村 2026-11-%02u · %u%%", 1 + i % 28, i % 100);

      if (i % 5 == 0)
        {
          g_autoptr(LalanRecord) draft = lalan_store_save_draft (store, id, "lalan_household", "2026112901",
                                                                 xml, summary, "/data/place", error);
          if (draft == NULL)
            goto failed;
          continue;
        }
      if (!lalan_store_import_record (store, id, "lalan_household", "2026112901", xml, summary,
                                      NULL, 0, NULL, NULL, error))
        goto failed;
      if (i % 50 == 1 && !lalan_store_mark_needs_review (store, id, "http-409", "The server refused it.", error))
        goto failed;
      if (i % 5 >= 2 && !lalan_store_mark_sent (store, id, "<OpenRosaResponse/>", error))
        goto failed;
    }
  if (!lalan_store_commit (store, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);

failed:
  lalan_store_rollback (store);
  return NULL;
}

static gboolean
list_shown (GtkWidget *survey)
{
  GListModel *records = lalan_survey_view_get_records (LALAN_SURVEY_VIEW (survey));

  return records != NULL && g_list_model_get_n_items (records) > 0;
}

static void
bench_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lalan_test_make_tmp_dir ("bench-survey-list");
  g_autofree char *path = g_build_filename (dir, "list.db", NULL);
  g_autoptr(LalanStore) store = lalan_store_open (path, &error);
  double list[N_RUNS], bare[N_RUNS];

  g_assert_no_error (error);
  g_assert_true (lalan_bundled_forms_register (store, NULL, &error));
  lalan_store_call (store, fill_in_worker, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  store = lalan_store_open (path, &error);
  g_assert_no_error (error);

  for (guint run = 0; run < N_RUNS; run++)
    {
      GtkWidget *survey = g_object_new (LALAN_TYPE_SURVEY_VIEW, NULL);
      GtkWidget *window = new_window (survey);
      g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
      GtkWidget *view;
      GtkWidget *scrolled;
      GtkWidget *bare_window;
      gint64 start;

      /* From the store handed over to the first painted rows. */
      start = g_get_monotonic_time ();
      lalan_survey_view_set_store (LALAN_SURVEY_VIEW (survey), store);
      while (!list_shown (survey))
        g_main_context_iteration (NULL, TRUE);
      wait_paint (window);
      list[run] = (g_get_monotonic_time () - start) / 1000.0;
      gtk_window_destroy (GTK_WINDOW (window));
      iterate_idle ();

      /* A list view of as many strings, from its model to its paint. */
      for (guint i = 0; i < N_RECORDS; i++)
        {
          char text[64];

          g_snprintf (text, sizeof text, "尖石鄉 玉峰村 2026-11-%02u", 1 + i % 28);
          gtk_string_list_append (strings, text);
        }
      scrolled = gtk_scrolled_window_new ();
      bare_window = new_window (scrolled);
      start = g_get_monotonic_time ();
      {
        static const char ui[] =
          "<interface><template class=\"GtkListItem\"><property name=\"child\">"
          "<object class=\"GtkLabel\"><binding name=\"label\"><lookup name=\"string\" type=\"GtkStringObject\">"
          "<lookup name=\"item\">GtkListItem</lookup></lookup></binding></object>"
          "</property></template></interface>";
        g_autoptr(GBytes) bytes = g_bytes_new_static (ui, sizeof ui - 1);
        GtkListItemFactory *factory = gtk_builder_list_item_factory_new_from_bytes (NULL, bytes);

        view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (strings)))),
                                  factory);
      }
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
      wait_paint (bare_window);
      bare[run] = (g_get_monotonic_time () - start) / 1000.0;
      gtk_window_destroy (GTK_WINDOW (bare_window));
      iterate_idle ();
    }

  print_figure ("records list of 10,000 records, to its first paint (median)", median (list, N_RUNS),
                median (bare, N_RUNS), "< 200 ms");

  lalan_store_close (store);
  lalan_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);
  gtk_init ();
  adw_init ();

  bench_open_and_pages ();
  bench_list ();
  return 0;
}
