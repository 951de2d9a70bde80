/* bench-learn.c — the Learn area's screens: the lesson library with 50
 * packs / 500 lessons opening (goal < 150 ms), and a lesson page
 * rendering (goal < 30 ms), each against a same-run baseline: the same
 * text in plain GTK widgets built with no file read at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-test.h"
#include "lessons-fixture.h"

#include "lalan-markdown.h"
#include "learn/lalan-learn-context.h"
#include "learn/lalan-library-view.h"
#include "learn/lalan-markdown-view.h"

#include <adwaita.h>
#include <stdio.h>

#define N_PACKS 50
#define LESSONS_PER_PACK 10
#define ROUNDS 9

static gboolean painted;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), (int (*) (const void *, const void *)) compare_doubles);
  return values[n / 2];
}

static void
print_figure (const char *metric,
              double      value,
              double      baseline,
              const char *goal)
{
  printf ("{\"bench\": \"learn\", \"metric\": \"%s\", \"value\": %.2f, \"unit\": \"ms\", "
          "\"baseline\": %.2f, \"ratio\": %.3f, \"goal\": \"%s\"}\n",
          metric, value, baseline, baseline > 0 ? value / baseline : 0.0, goal);
  fflush (stdout);
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       user_data)
{
  painted = TRUE;
}

/* Shows @child in a fresh window and waits until @ready says the content
 * is there and a frame with it has been painted. */
static double
time_until_painted (GtkWidget *(*make) (gpointer),
                    gboolean   (*ready) (GtkWidget *, gpointer),
                    gpointer    data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *child;
  gint64 start, deadline;
  gulong handler;
  GdkFrameClock *clock;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  clock = gtk_widget_get_frame_clock (window);

  start = g_get_monotonic_time ();
  child = make (data);
  gtk_window_set_child (GTK_WINDOW (window), child);

  deadline = start + 10 * G_USEC_PER_SEC;
  while (!ready (child, data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (ready (child, data));

  painted = FALSE;
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), NULL);
  gtk_widget_queue_draw (child);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);

  {
    double ms = (g_get_monotonic_time () - start) / 1000.0;

    gtk_window_destroy (GTK_WINDOW (window));
    for (guint i = 0; i < 20; i++)
      g_main_context_iteration (NULL, FALSE);
    return ms;
  }
}

/* The library */

static GtkWidget *
make_library (gpointer data)
{
  LalanLearnContext **context = data;
  GtkWidget *view = g_object_new (LALAN_TYPE_LIBRARY_VIEW, NULL);

  g_clear_object (context);
  *context = lalan_learn_context_new ();
  lalan_library_view_set_context (LALAN_LIBRARY_VIEW (view), *context);
  lalan_learn_context_reload_library (*context);
  return view;
}

static guint
count_rows (GtkWidget *widget)
{
  guint n = GTK_IS_LIST_BOX_ROW (widget) && gtk_widget_get_mapped (widget) ? 1 : 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += count_rows (c);
  return n;
}

static gboolean
library_ready (GtkWidget *view,
               gpointer   data)
{
  return count_rows (view) >= N_PACKS;
}

static GtkWidget *
make_baseline_list (gpointer data)
{
  GPtrArray *titles = data;
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_box_new ();

  for (guint i = 0; i < titles->len; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

      gtk_box_append (GTK_BOX (box), gtk_label_new (g_ptr_array_index (titles, i)));
      gtk_box_append (GTK_BOX (box), gtk_label_new ("10 lessons"));
      gtk_list_box_append (GTK_LIST_BOX (list), box);
    }
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  return scrolled;
}

static void
write_packs (const char *root)
{
  g_autofree char *bundled = g_build_filename (root, "packs", NULL);

  for (guint p = 0; p < N_PACKS; p++)
    {
      g_autofree char *id = g_strdup_printf ("bench.pack-%02u", p);
      g_autoptr(GPtrArray) lessons = g_ptr_array_new_with_free_func (g_free);

      for (guint l = 0; l < LESSONS_PER_PACK; l++)
        g_ptr_array_add (lessons, g_strdup_printf ("lesson-%02u", l));
      g_ptr_array_add (lessons, NULL);
      g_free (fixture_write_pack (bundled, id, "1.0", (const char * const *) lessons->pdata));
    }
  g_setenv ("LALAN_LESSONS_DIR", bundled, TRUE);
}

static void
bench_library (void)
{
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  LalanLearnContext *context = NULL;
  double lalan_ms[ROUNDS], base_ms[ROUNDS];

  for (guint p = 0; p < N_PACKS; p++)
    g_ptr_array_add (titles, g_strdup ("Test"));

  /* One of each first, for the page cache and GTK's own first-use costs. */
  time_until_painted (make_library, library_ready, &context);
  time_until_painted (make_baseline_list, library_ready, titles);
  for (guint r = 0; r < ROUNDS; r++)
    {
      lalan_ms[r] = time_until_painted (make_library, library_ready, &context);
      base_ms[r] = time_until_painted (make_baseline_list, library_ready, titles);
    }
  g_clear_object (&context);

  print_figure ("library of 50 packs / 500 lessons: open to first frame with every pack (median)",
                median (lalan_ms, ROUNDS), median (base_ms, ROUNDS), "< 150 ms");
}

/* A page */

typedef struct
{
  GPtrArray *blocks;
  char      *text;
} Page;

static GtkWidget *
make_page (gpointer data)
{
  Page *page = data;
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = lalan_markdown_view_new ();

  lalan_markdown_view_set_blocks (LALAN_MARKDOWN_VIEW (view), page->blocks);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  return scrolled;
}

static GtkWidget *
make_baseline_label (gpointer data)
{
  Page *page = data;
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *label = gtk_label_new (page->text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
  return scrolled;
}

/* What a step change costs Lalan itself: build the widgets, measure and
 * lay them out at the window's size and draw them into render nodes —
 * without the wait for the next frame or the X server's painting, which
 * on a loaded machine under Xvfb dwarf it and are the same for any
 * widget. */
static double
time_to_render (GtkWidget  *window,
                GtkWidget *(*make) (gpointer),
                gpointer    data)
{
  gint64 start = g_get_monotonic_time ();
  GtkWidget *child = make (data);
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  int min, nat;
  double ms;

  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, 1000, &min, &nat, NULL, NULL);
  gtk_widget_allocate (child, 1000, 700, -1, NULL);
  snapshot = gtk_snapshot_new ();
  gtk_widget_snapshot_child (window, child, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  ms = (g_get_monotonic_time () - start) / 1000.0;

  g_clear_pointer (&node, gsk_render_node_unref);
  gtk_window_set_child (GTK_WINDOW (window), NULL);
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  return ms;
}

static gboolean
page_ready (GtkWidget *widget,
            gpointer   data)
{
  return TRUE;
}

static void
bench_page (void)
{
  const char *relative = "data/lessons/02-staying-safe/scams/signs.en.md";
  g_autofree char *path = g_build_filename (g_getenv ("LALAN_SOURCE_DIR"), relative, NULL);
  g_autofree char *markdown = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  double lalan_ms[ROUNDS], base_ms[ROUNDS];
  gsize length;
  Page page = { 0 };

  if (!g_file_get_contents (path, &markdown, &length, NULL))
    g_error ("cannot read %s", path);

  /* The page is parsed when the lesson opens (on a worker thread); what
   * is timed is what a step change costs: widgets, layout, a frame. */
  page.blocks = lalan_markdown_parse (markdown, length, NULL, NULL);
  for (guint i = 0; i < page.blocks->len; i++)
    {
      g_autofree char *block = lalan_markdown_block_get_text (g_ptr_array_index (page.blocks, i));

      g_string_append_printf (text, "%s\n\n", block);
    }
  page.text = text->str;

  {
    GtkWidget *window = gtk_window_new ();

    gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
    gtk_window_present (GTK_WINDOW (window));
    while (!gtk_widget_get_mapped (window))
      g_main_context_iteration (NULL, TRUE);

    time_to_render (window, make_page, &page);
    time_to_render (window, make_baseline_label, &page);
    for (guint r = 0; r < ROUNDS; r++)
      {
        lalan_ms[r] = time_to_render (window, make_page, &page);
        base_ms[r] = time_to_render (window, make_baseline_label, &page);
      }
    gtk_window_destroy (GTK_WINDOW (window));
  }
  print_figure ("lesson page (heading, list, emphasis): build, lay out, draw (median)",
                median (lalan_ms, ROUNDS), median (base_ms, ROUNDS), "< 30 ms");

  time_until_painted (make_page, page_ready, &page);
  time_until_painted (make_baseline_label, page_ready, &page);
  for (guint r = 0; r < ROUNDS; r++)
    {
      lalan_ms[r] = time_until_painted (make_page, page_ready, &page);
      base_ms[r] = time_until_painted (make_baseline_label, page_ready, &page);
    }
  print_figure ("lesson page: shown to first frame painted on screen (median)",
                median (lalan_ms, ROUNDS), median (base_ms, ROUNDS), "informative");
  g_ptr_array_unref (page.blocks);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *root = NULL;

  lalan_test_init (&argc, &argv);

  /* The packs are written, and LALAN_LESSONS_DIR set, before GTK starts
   * its threads: setenv() is not thread-safe. */
  root = lalan_test_make_tmp_dir ("bench-learn");
  write_packs (root);

  gtk_init ();
  adw_init ();

  bench_library ();
  bench_page ();
  lalan_test_remove_tree (root);

  return 0;
}
