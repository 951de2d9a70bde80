/* test-preferences.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-application.h"
#include "lalan-preferences-window.h"
#include "lalan-test.h"

#include <adwaita.h>
#include <string.h>

static LalanApplication *app;

static void
iterate_until_idle (void)
{
  for (guint i = 0; i < 30; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
}

static gpointer
get_row (LalanPreferencesWindow *window,
         const char             *name)
{
  GObject *row = gtk_widget_get_template_child (GTK_WIDGET (window),
                                                LALAN_TYPE_PREFERENCES_WINDOW,
                                                name);
  g_assert_nonnull (row);
  return row;
}

static guint
find_string (GListModel *model,
             const char *needle)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (strstr (gtk_string_object_get_string (item), needle) != NULL)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static LalanPreferencesWindow *
open_preferences (void)
{
  LalanPreferencesWindow *window = lalan_preferences_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  iterate_until_idle ();
  return window;
}

static void
test_persist (void)
{
  GSettings *settings = lalan_application_get_settings (app);
  LalanPreferencesWindow *window = open_preferences ();
  AdwComboRow *text_size = get_row (window, "text_size_row");
  AdwComboRow *district = get_row (window, "district_row");
  AdwEntryRow *centre = get_row (window, "centre_row");
  guint xiulin;

  g_assert_cmpuint (adw_combo_row_get_selected (text_size), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (district)), ==, 56);
  g_assert_cmpuint (adw_combo_row_get_selected (district), ==, 0);

  adw_combo_row_set_selected (text_size, 3);
  xiulin = find_string (adw_combo_row_get_model (district), "秀林鄉");
  g_assert_cmpuint (xiulin, !=, GTK_INVALID_LIST_POSITION);
  adw_combo_row_set_selected (district, xiulin);
  gtk_editable_set_text (GTK_EDITABLE (centre), "秀林鄉部落圖書資訊站");
  iterate_until_idle ();

  g_assert_cmpint (g_settings_get_int (settings, "text-size"), ==, 3);
  g_assert_cmpstr (g_settings_get_string (settings, "district"), ==, "10015110");
  g_assert_cmpstr (g_settings_get_string (settings, "centre-name"), ==, "秀林鄉部落圖書資訊站");

  gtk_window_destroy (GTK_WINDOW (window));

  /* A new window shows what was chosen. */
  window = open_preferences ();
  g_assert_cmpuint (adw_combo_row_get_selected (get_row (window, "text_size_row")), ==, 3);
  g_assert_cmpuint (adw_combo_row_get_selected (get_row (window, "district_row")), ==, xiulin);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_row (window, "centre_row"))), ==,
                   "秀林鄉部落圖書資訊站");
  gtk_window_destroy (GTK_WINDOW (window));

  g_settings_reset (settings, "text-size");
  g_settings_reset (settings, "district");
  g_settings_reset (settings, "centre-name");
}

static gboolean
has_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return TRUE;
    }

  return FALSE;
}

static void
test_language (void)
{
  GSettings *settings = lalan_application_get_settings (app);
  LalanPreferencesWindow *window = open_preferences ();
  AdwComboRow *language = get_row (window, "language_row");
  GListModel *model = adw_combo_row_get_model (language);
  guint english, chinese;

  /* Each language by its own name. */
  english = find_string (model, "English");
  chinese = find_string (model, "繁體中文");
  g_assert_cmpuint (english, !=, GTK_INVALID_LIST_POSITION);
  g_assert_cmpuint (chinese, !=, GTK_INVALID_LIST_POSITION);
  g_assert_cmpuint (adw_combo_row_get_selected (language), ==, 0);
  g_assert_false (has_message_dialog ());

  adw_combo_row_set_selected (language, english);
  iterate_until_idle ();

  /* Saved at once, applied after a restart the person is asked about. */
  g_assert_cmpstr (g_settings_get_string (settings, "language"), ==, "en");
  g_assert_true (has_message_dialog ());
  g_assert_false (lalan_application_get_restart_requested (app));

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_until_idle ();

  window = open_preferences ();
  g_assert_cmpuint (adw_combo_row_get_selected (get_row (window, "language_row")), ==, english);
  gtk_window_destroy (GTK_WINDOW (window));

  g_settings_reset (settings, "language");
}

static void
test_connectivity (void)
{
  GSettings *settings = lalan_application_get_settings (app);
  LalanPreferencesWindow *window = open_preferences ();
  AdwComboRow *village = get_row (window, "village_row");
  AdwComboRow *place = get_row (window, "place_type_row");
  AdwEntryRow *server = get_row (window, "measure_server_row");
  GtkSwitch *schedule = get_row (window, "schedule_switch");
  guint xiulin_village;

  /* No district yet: no villages to choose from. */
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (village)), ==, 1);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (village)));
  g_assert_cmpuint (adw_combo_row_get_selected (place), ==, 3);

  /* The villages follow the district, even while the window is open. */
  g_settings_set_string (settings, "district", "10015110");
  iterate_until_idle ();
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (village)));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (village)), ==, 10);
  xiulin_village = find_string (adw_combo_row_get_model (village), "秀林村");
  g_assert_cmpuint (xiulin_village, !=, GTK_INVALID_LIST_POSITION);
  adw_combo_row_set_selected (village, xiulin_village);
  adw_combo_row_set_selected (place, 0);
  gtk_switch_set_active (schedule, TRUE);

  /* A wrong address is marked while typed; a right one is not. */
  gtk_editable_set_text (GTK_EDITABLE (server), "inventory.example.tw");
  iterate_until_idle ();
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (server), "error"));
  gtk_editable_set_text (GTK_EDITABLE (server), "http://10.0.0.2:8383");
  iterate_until_idle ();
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (server), "error"));

  g_assert_cmpstr (g_settings_get_string (settings, "measure-village"), ==, "10015110003");
  g_assert_cmpstr (g_settings_get_string (settings, "measure-place-type"), ==, "home");
  g_assert_true (g_settings_get_boolean (settings, "measure-schedule"));
  g_assert_cmpstr (g_settings_get_string (settings, "measure-server"), ==, "http://10.0.0.2:8383");
  gtk_window_destroy (GTK_WINDOW (window));

  window = open_preferences ();
  g_assert_cmpuint (adw_combo_row_get_selected (get_row (window, "village_row")), ==, xiulin_village);
  g_assert_cmpuint (adw_combo_row_get_selected (get_row (window, "place_type_row")), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));

  g_settings_reset (settings, "district");
  g_settings_reset (settings, "measure-village");
  g_settings_reset (settings, "measure-place-type");
  g_settings_reset (settings, "measure-schedule");
  g_settings_reset (settings, "measure-server");
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

  g_test_add_func ("/preferences/persist", test_persist);
  g_test_add_func ("/preferences/language", test_language);
  g_test_add_func ("/preferences/connectivity", test_connectivity);

  status = g_test_run ();

  g_clear_object (&app);
  return status;
}
