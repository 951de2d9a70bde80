/* test-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-about.h"
#include "lalan-application.h"
#include "lalan-test.h"
#include "lalan-window.h"
#include "learn/lalan-learn-view.h"
#include "measure/lalan-measure-view.h"
#include "survey/lalan-survey-view.h"

#include <adwaita.h>
#include <string.h>

static LalanApplication *app;

static void
iterate_until_idle (void)
{
  /* Let layout, style and settings changes reach the widgets. */
  for (guint i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
}

static LalanWindow *
open_window (void)
{
  LalanWindow *window = lalan_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  iterate_until_idle ();

  return window;
}

static void
find_widgets_of_type (GtkWidget *root,
                      GType      type,
                      GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_widgets_of_type (child, type, found);
}

static void
test_areas_by_action (void)
{
  LalanWindow *window = open_window ();
  const char *areas[] = { "survey", "measure", "learn" };

  g_assert_cmpstr (lalan_window_get_visible_area (window), ==, "learn");

  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-area", "s", areas[i]);
      g_assert_cmpstr (lalan_window_get_visible_area (window), ==, areas[i]);
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_areas_by_switcher (void)
{
  LalanWindow *window = open_window ();
  g_autoptr(GPtrArray) switchers = g_ptr_array_new ();
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  const char *expected[] = { "learn", "survey", "measure" };

  find_widgets_of_type (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER, switchers);
  g_assert_cmpuint (switchers->len, >=, 1);

  /* The header's switcher: one toggle button per area, in order. */
  find_widgets_of_type (g_ptr_array_index (switchers, 0), GTK_TYPE_TOGGLE_BUTTON, buttons);
  g_assert_cmpuint (buttons->len, ==, 3);

  for (int i = 2; i >= 0; i--)
    {
      gtk_toggle_button_set_active (g_ptr_array_index (buttons, i), TRUE);
      iterate_until_idle ();
      g_assert_cmpstr (lalan_window_get_visible_area (window), ==, expected[i]);
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_area_accels (void)
{
  struct {
    const char *accel;
    const char *action;
  } cases[] = {
    { "<Alt>1", "win.show-area::learn" },
    { "<Alt>2", "win.show-area::survey" },
    { "<Alt>3", "win.show-area::measure" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                    cases[i].action);

      g_assert_cmpuint (g_strv_length (accels), ==, 1);
      g_assert_cmpstr (accels[0], ==, cases[i].accel);
    }
}

static void
test_empty_states (void)
{
  LalanWindow *window = open_window ();
  /* The Connectivity area opens on its "Test My Connection" button rather
   * than a status page (tests/measure/test-measure-view.c). */
  GType areas[] = { LALAN_TYPE_SURVEY_VIEW, LALAN_TYPE_LEARN_VIEW };
  gboolean library_empty_state = FALSE;

  /* Each area says what will appear and what to do: a title and a
   * sentence. The Learn area's is its library's, shown when no lesson
   * pack is installed. */
  for (guint a = 0; a < G_N_ELEMENTS (areas); a++)
    {
      g_autoptr(GPtrArray) views = g_ptr_array_new ();
      g_autoptr(GPtrArray) pages = g_ptr_array_new ();

      find_widgets_of_type (GTK_WIDGET (window), areas[a], views);
      g_assert_cmpuint (views->len, ==, 1);
      find_widgets_of_type (g_ptr_array_index (views, 0), ADW_TYPE_STATUS_PAGE, pages);
      g_assert_cmpuint (pages->len, >=, 1);

      for (guint i = 0; i < pages->len; i++)
        {
          AdwStatusPage *page = g_ptr_array_index (pages, i);
          const char *title = adw_status_page_get_title (page);
          const char *description = adw_status_page_get_description (page);

          if (areas[a] == LALAN_TYPE_LEARN_VIEW)
            {
              if (g_strcmp0 (title, "No Lessons Yet") != 0)
                continue;
              library_empty_state = TRUE;
            }

          g_assert_cmpuint (strlen (title), >, 0);
          g_assert_cmpuint (strlen (description), >, 40);
        }
    }
  g_assert_true (library_empty_state);

  gtk_window_destroy (GTK_WINDOW (window));
}

static int
measure_height (GtkWidget *widget)
{
  int natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

static void
test_text_size_reaches_widgets (void)
{
  GSettings *settings = lalan_application_get_settings (app);
  LalanWindow *window;
  GtkWidget *label;
  int normal, largest, small;

  g_settings_set_int (settings, "text-size", 1);
  window = open_window ();

  label = gtk_label_new ("學習 Learn");
  adw_status_page_set_child (ADW_STATUS_PAGE (g_object_get_data (G_OBJECT (window), "test-page")), label);
  iterate_until_idle ();
  normal = measure_height (label);

  g_settings_set_int (settings, "text-size", 4);
  iterate_until_idle ();
  largest = measure_height (label);

  g_settings_set_int (settings, "text-size", 0);
  iterate_until_idle ();
  small = measure_height (label);

  g_settings_set_int (settings, "text-size", 1);
  iterate_until_idle ();

  g_test_message ("label height: small %d, normal %d, largest %d", small, normal, largest);
  g_assert_cmpint (largest, >=, normal * 1.5);
  g_assert_cmpint (small, <, normal);
  g_assert_cmpint (measure_height (label), ==, normal);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_size_remembered (void)
{
  GSettings *settings = lalan_application_get_settings (app);
  LalanWindow *window = open_window ();

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  iterate_until_idle ();
  gtk_window_close (GTK_WINDOW (window));
  iterate_until_idle ();

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);

  window = open_window ();
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 900);
    g_assert_cmpint (height, ==, 640);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
on_window_added_cb (GtkApplication *application,
                    GtkWindow      *window)
{
  g_autoptr(GPtrArray) views = g_ptr_array_new ();
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();

  /* The text-size test puts its label in the Survey area's status page. */
  find_widgets_of_type (GTK_WIDGET (window), LALAN_TYPE_SURVEY_VIEW, views);
  if (views->len > 0)
    find_widgets_of_type (g_ptr_array_index (views, 0), ADW_TYPE_STATUS_PAGE, pages);
  if (pages->len > 0)
    g_object_set_data (G_OBJECT (window), "test-page", g_ptr_array_index (pages, 0));
}

/* The About window comes from the metainfo, release notes and all. */
static void
test_about_from_metainfo (void)
{
  GtkWidget *about = lalan_about_window_new_from_metainfo (RESOURCE_BASE "/" APPLICATION_ID ".metainfo.xml");
  const char *notes;

  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Lalan");
  g_assert_cmpstr (adw_about_window_get_release_notes_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  notes = adw_about_window_get_release_notes (ADW_ABOUT_WINDOW (about));
  g_assert_true (g_str_has_prefix (notes, "<p>"));
  /* The list of what the release holds (four items), in one language
   * only: the merged metainfo has each item in English and in zh_TW. */
  g_assert_nonnull (strstr (notes, "<ul><li>"));
  g_assert_nonnull (strstr (notes, "lalan-inventory"));
  {
    guint n_items = 0;

    for (const char *p = strstr (notes, "<li>"); p != NULL; p = strstr (p + 1, "<li>"))
      n_items++;
    g_assert_cmpuint (n_items, ==, 4);
  }

  gtk_window_destroy (GTK_WINDOW (about));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  lalan_test_init (&argc, &argv);
  gtk_init ();
  adw_init ();

  app = lalan_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added_cb), NULL);

  g_test_add_func ("/window/areas/action", test_areas_by_action);
  g_test_add_func ("/window/areas/switcher", test_areas_by_switcher);
  g_test_add_func ("/window/areas/accels", test_area_accels);
  g_test_add_func ("/window/empty-states", test_empty_states);
  g_test_add_func ("/window/text-size", test_text_size_reaches_widgets);
  g_test_add_func ("/window/size-remembered", test_window_size_remembered);
  g_test_add_func ("/window/about", test_about_from_metainfo);

  status = g_test_run ();

  g_clear_object (&app);
  return status;
}
