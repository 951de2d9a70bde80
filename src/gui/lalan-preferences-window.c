/* lalan-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-preferences-window.h"

#include "lalan-i18n.h"
#include "lalan-measure-report.h"
#include "lalan-measure-server.h"
#include "lalan-places.h"
#include "lalan-teacher-pin.h"
#include "teacher/lalan-teacher-pin-dialog.h"
#include "lalan-probe.h"
#include "sync/lalan-server-page.h"

#include <glib/gi18n.h>

struct _LalanPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template children */
  AdwComboRow          *language_row;
  AdwComboRow          *text_size_row;
  AdwEntryRow          *centre_row;
  AdwComboRow          *district_row;
  AdwComboRow          *idle_row;
  AdwActionRow         *teacher_pin_row;
  GtkWidget            *teacher_pin_button;
  AdwEntryRow          *measure_server_row;
  AdwComboRow          *village_row;
  AdwComboRow          *place_type_row;
  GtkSwitch            *schedule_switch;
  LalanServerPage      *server_page;

  /* owned */
  GSettings            *settings;
  GStrv                 language_codes;
  GCancellable         *cancellable;

  gboolean              teacher_pin_is_set;
  GPtrArray            *village_codes;

  /* borrowed */
  LalanApplication     *application;
};

G_DEFINE_FINAL_TYPE (LalanPreferencesWindow, lalan_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_APPLICATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The choices of "Ask Is This Still You?", in minutes; 0 is never. */
static const int idle_choices[] = { 0, 5, 10, 15, 30, 60 };

/* Position 0 of the language list is "the system's language"; the codes
 * follow from position 1. */
static guint
find_language_position (LalanPreferencesWindow *self,
                        const char             *code)
{
  if (code == NULL || *code == '\0')
    return 0;

  for (guint i = 0; self->language_codes[i] != NULL; i++)
    {
      if (g_str_equal (self->language_codes[i], code))
        return i + 1;
    }

  return 0;
}

static void
on_restart_response_cb (AdwMessageDialog       *dialog,
                        const char             *response,
                        LalanPreferencesWindow *self)
{
  if (g_str_equal (response, "restart") && self->application != NULL)
    lalan_application_request_restart (self->application);
}

static void
ask_to_restart (LalanPreferencesWindow *self)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Restart Lalan?"),
                                   _("The new language is used the next time Lalan starts. Your work is saved before it closes."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "later", _("_Later"),
                                    "restart", _("_Restart Now"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                              "restart",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "restart");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (on_restart_response_cb),
                           self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_language_selected_cb (LalanPreferencesWindow *self)
{
  guint position = adw_combo_row_get_selected (self->language_row);
  const char *code = position == 0 ? "" : self->language_codes[position - 1];
  g_autofree char *current = g_settings_get_string (self->settings, "language");

  if (g_str_equal (code, current))
    return;

  g_settings_set_string (self->settings, "language", code);
  ask_to_restart (self);
}

static void
on_text_size_selected_cb (LalanPreferencesWindow *self)
{
  int size = (int) adw_combo_row_get_selected (self->text_size_row);

  if (g_settings_get_int (self->settings, "text-size") != size)
    g_settings_set_int (self->settings, "text-size", size);
}

static void
on_district_selected_cb (LalanPreferencesWindow *self)
{
  guint position = adw_combo_row_get_selected (self->district_row);
  const LalanDistrict *districts;
  const char *code = "";
  guint n;

  districts = lalan_places_get_districts (&n);
  if (position > 0 && position <= n)
    code = districts[position - 1].town_code;

  g_settings_set_string (self->settings, "district", code);
}

static void
on_idle_selected_cb (LalanPreferencesWindow *self)
{
  guint position = adw_combo_row_get_selected (self->idle_row);

  if (position < G_N_ELEMENTS (idle_choices) &&
      g_settings_get_int (self->settings, "idle-minutes") != idle_choices[position])
    g_settings_set_int (self->settings, "idle-minutes", idle_choices[position]);
}

static void
populate_idle (LalanPreferencesWindow *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  int current = g_settings_get_int (self->settings, "idle-minutes");
  guint selected = 0;
  int best = G_MAXINT;

  for (guint i = 0; i < G_N_ELEMENTS (idle_choices); i++)
    {
      g_autofree char *label = NULL;

      if (idle_choices[i] == 0)
        label = g_strdup (_("Never"));
      else
        /* Translators: when to ask whether the same learner is still there */
        label = g_strdup_printf (ngettext ("After %d minute", "After %d minutes", idle_choices[i]),
                                 idle_choices[i]);
      gtk_string_list_append (model, label);

      /* A value set elsewhere (gsettings) shows as the nearest choice. */
      if (ABS (idle_choices[i] - current) < best)
        {
          best = ABS (idle_choices[i] - current);
          selected = i;
        }
    }

  adw_combo_row_set_model (self->idle_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->idle_row, selected);
}

static void
show_teacher_pin_state (LalanPreferencesWindow *self,
                        gboolean                known,
                        gboolean                is_set)
{
  self->teacher_pin_is_set = is_set;
  adw_action_row_set_subtitle (self->teacher_pin_row,
                               !known ? _("Waiting for Lalan’s data…") :
                               is_set ? _("Set: the teacher’s view asks for it")
                                      : _("Not set yet: set one before using the teacher’s view"));
  gtk_button_set_label (GTK_BUTTON (self->teacher_pin_button), is_set ? _("_Change…") : _("_Set…"));
  gtk_button_set_use_underline (GTK_BUTTON (self->teacher_pin_button), TRUE);
  gtk_widget_set_sensitive (self->teacher_pin_button, known);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->teacher_pin_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  is_set ? _("Change the teacher PIN") : _("Set a teacher PIN"),
                                  -1);
}

static void
teacher_pin_is_set_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(LalanPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean is_set = FALSE;

  if (!lalan_teacher_pin_is_set_finish (result, &is_set, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_action_row_set_subtitle (self->teacher_pin_row, error->message);
      return;
    }

  show_teacher_pin_state (self, TRUE, is_set);
}

static void
refresh_teacher_pin (LalanPreferencesWindow *self)
{
  LalanStore *store = self->application ? lalan_application_get_store (self->application) : NULL;

  show_teacher_pin_state (self, FALSE, FALSE);
  if (store == NULL)
    return;

  lalan_teacher_pin_is_set_async (store, self->cancellable, teacher_pin_is_set_cb, g_object_ref (self));
}

static void
teacher_pin_set_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  LalanPreferencesWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!lalan_teacher_pin_set_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
    }
  else
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("The teacher PIN is set.")));
    }

  refresh_teacher_pin (self);
}

static void
on_teacher_pin_chosen_cb (LalanPreferencesWindow *self,
                          const char             *current,
                          const char             *pin)
{
  LalanStore *store = self->application ? lalan_application_get_store (self->application) : NULL;

  if (store != NULL)
    lalan_teacher_pin_set_async (store, current, pin, self->cancellable, teacher_pin_set_cb, self);
}

static void
on_teacher_pin_clicked_cb (LalanPreferencesWindow *self)
{
  LalanStore *store = self->application ? lalan_application_get_store (self->application) : NULL;
  LalanTeacherPinDialog *dialog;

  if (store == NULL)
    return;

  dialog = lalan_teacher_pin_dialog_new (GTK_WINDOW (self), self->teacher_pin_is_set);
  g_signal_connect_object (dialog, "chosen", G_CALLBACK (on_teacher_pin_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
populate_languages (LalanPreferencesWindow *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  g_autofree char *current = g_settings_get_string (self->settings, "language");

  self->language_codes = lalan_i18n_list_languages ();

  gtk_string_list_append (model, _("The system’s language"));
  for (guint i = 0; self->language_codes[i] != NULL; i++)
    {
      g_autofree char *name = lalan_i18n_get_language_name (self->language_codes[i]);

      gtk_string_list_append (model, name);
    }

  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->language_row, find_language_position (self, current));
}

static void
populate_districts (LalanPreferencesWindow *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  g_autofree char *current = g_settings_get_string (self->settings, "district");
  const LalanDistrict *districts;
  guint selected = 0;
  guint n;

  districts = lalan_places_get_districts (&n);

  gtk_string_list_append (model, _("Not set"));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = NULL;

      /* Place names are proper names: shown in Chinese as officially
       * written, with the English name for those who read only English. */
      /* Translators: a district in a list, e.g. "花蓮縣 秀林鄉 (Xiulin Township)" */
      label = g_strdup_printf (_("%s %s (%s)"),
                               districts[i].county_name,
                               districts[i].town_name,
                               districts[i].town_name_en);
      gtk_string_list_append (model, label);

      if (g_str_equal (districts[i].town_code, current))
        selected = i + 1;
    }

  adw_combo_row_set_model (self->district_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->district_row, selected);
}

/* The order of place_type_row's items. */
static const char *place_types[] = {
  LALAN_MEASURE_PLACE_HOME,
  LALAN_MEASURE_PLACE_MEETING_PLACE,
  LALAN_MEASURE_PLACE_SCHOOL,
  LALAN_MEASURE_PLACE_LEARNING_CENTRE,
  LALAN_MEASURE_PLACE_OUTDOORS,
};

/* The villages follow the district chosen on the General page. */
static void
populate_villages (LalanPreferencesWindow *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  g_autofree char *town = g_settings_get_string (self->settings, "district");
  g_autofree char *current = g_settings_get_string (self->settings, "measure-village");
  const LalanVillage *villages;
  guint selected = 0;
  guint n;

  g_ptr_array_set_size (self->village_codes, 0);
  gtk_string_list_append (model, lalan_places_find_district (town) != NULL
                                   ? _("Ask each time")
                                   : _("Choose the district first"));

  villages = lalan_places_get_villages (&n);
  for (guint i = 0; i < n; i++)
    {
      if (!g_str_equal (villages[i].town_code, town))
        continue;

      gtk_string_list_append (model, villages[i].village_name);
      g_ptr_array_add (self->village_codes, (gpointer) villages[i].village_code);
      if (g_str_equal (villages[i].village_code, current))
        selected = self->village_codes->len;
    }

  adw_combo_row_set_model (self->village_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->village_row, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (self->village_row), self->village_codes->len > 0);
}

static void
on_village_selected_cb (LalanPreferencesWindow *self)
{
  guint position = adw_combo_row_get_selected (self->village_row);
  const char *code = "";
  g_autofree char *current = g_settings_get_string (self->settings, "measure-village");

  if (position > 0 && position <= self->village_codes->len)
    code = g_ptr_array_index (self->village_codes, position - 1);

  if (!g_str_equal (code, current))
    g_settings_set_string (self->settings, "measure-village", code);
}

static void
on_place_type_selected_cb (LalanPreferencesWindow *self)
{
  guint position = adw_combo_row_get_selected (self->place_type_row);

  if (position < G_N_ELEMENTS (place_types))
    g_settings_set_string (self->settings, "measure-place-type", place_types[position]);
}

static void
select_place_type (LalanPreferencesWindow *self)
{
  g_autofree char *current = g_settings_get_string (self->settings, "measure-place-type");

  for (guint i = 0; i < G_N_ELEMENTS (place_types); i++)
    {
      if (g_str_equal (place_types[i], current))
        adw_combo_row_set_selected (self->place_type_row, i);
    }
}

/* An address that cannot be a test server is shown as wrong while typed,
 * and kept anyway: the person may be half-way through it. */
static void
on_measure_server_changed_cb (LalanPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->measure_server_row));
  g_autofree char *root = NULL;

  root = *text != '\0' ? lalan_probe_root_from_url (text, NULL) : NULL;
  if (*text != '\0' && root == NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->measure_server_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->measure_server_row), "error");
}

static void
lalan_preferences_window_constructed (GObject *object)
{
  LalanPreferencesWindow *self = LALAN_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (lalan_preferences_window_parent_class)->constructed (object);

  self->settings = g_object_ref (lalan_application_get_settings (self->application));

  populate_languages (self);
  adw_combo_row_set_selected (self->text_size_row,
                              (guint) g_settings_get_int (self->settings, "text-size"));
  populate_districts (self);
  populate_idle (self);
  refresh_teacher_pin (self);
  if (self->application != NULL)
    g_signal_connect_object (self->application, "notify::store",
                             G_CALLBACK (refresh_teacher_pin), self, G_CONNECT_SWAPPED);
  g_settings_bind (self->settings, "centre-name",
                   self->centre_row, "text",
                   G_SETTINGS_BIND_DEFAULT);

  lalan_server_page_setup (self->server_page,
                           lalan_application_get_store (self->application),
                           lalan_application_get_sync_scheduler (self->application),
                           self->settings);

  g_signal_connect_object (self->language_row, "notify::selected",
                           G_CALLBACK (on_language_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->text_size_row, "notify::selected",
                           G_CALLBACK (on_text_size_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->district_row, "notify::selected",
                           G_CALLBACK (on_district_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->idle_row, "notify::selected",
                           G_CALLBACK (on_idle_selected_cb), self,
                           G_CONNECT_SWAPPED);

  /* Connectivity */
  g_settings_bind (self->settings, LALAN_MEASURE_SERVER_SETTING,
                   self->measure_server_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "measure-schedule",
                   self->schedule_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  populate_villages (self);
  select_place_type (self);
  on_measure_server_changed_cb (self);
  g_signal_connect_object (self->measure_server_row, "changed",
                           G_CALLBACK (on_measure_server_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::district",
                           G_CALLBACK (populate_villages), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->village_row, "notify::selected",
                           G_CALLBACK (on_village_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->place_type_row, "notify::selected",
                           G_CALLBACK (on_place_type_selected_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
lalan_preferences_window_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  LalanPreferencesWindow *self = LALAN_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      self->application = g_value_get_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lalan_preferences_window_dispose (GObject *object)
{
  LalanPreferencesWindow *self = LALAN_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->language_codes, g_strfreev);
  g_clear_pointer (&self->village_codes, g_ptr_array_unref);

  G_OBJECT_CLASS (lalan_preferences_window_parent_class)->dispose (object);
}

static void
lalan_preferences_window_class_init (LalanPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lalan_preferences_window_constructed;
  object_class->set_property = lalan_preferences_window_set_property;
  object_class->dispose = lalan_preferences_window_dispose;

  properties[PROP_APPLICATION] =
    g_param_spec_object ("lalan-application", NULL, NULL,
                         LALAN_TYPE_APPLICATION,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/tw/lalan/Lalan/ui/lalan-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LalanPreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, LalanPreferencesWindow, text_size_row);
  gtk_widget_class_bind_template_child (widget_class, LalanPreferencesWindow, centre_row);
  gtk_widget_class_bind_template_child (widget_class, LalanPreferencesWindow, district_row);
  gtk_widget_class_bind_template_child (widget_class, LalanPreferencesWindow, idle_row);
  gtk_widget_class_bind_template_child (widget_class, LalanPreferencesWindow, teacher_pin_row);
  gtk_widget_class_bind_template_child (widget_class, LalanPreferencesWindow, teacher_pin_button);
  gtk_widget_class_bind_template_callback (widget_class, on_teacher_pin_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, LalanPreferencesWindow, measure_server_row);
  gtk_widget_class_bind_template_child (widget_class, LalanPreferencesWindow, village_row);
  gtk_widget_class_bind_template_child (widget_class, LalanPreferencesWindow, place_type_row);
  gtk_widget_class_bind_template_child (widget_class, LalanPreferencesWindow, schedule_switch);
  gtk_widget_class_bind_template_child (widget_class, LalanPreferencesWindow, server_page);

  g_type_ensure (LALAN_TYPE_SERVER_PAGE);
}

static void
lalan_preferences_window_init (LalanPreferencesWindow *self)
{
  self->village_codes = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * lalan_preferences_window_new:
 * @application: the application whose settings are shown
 *
 * Returns: (transfer full): a new preferences window
 */
LalanPreferencesWindow *
lalan_preferences_window_new (LalanApplication *application)
{
  g_return_val_if_fail (LALAN_IS_APPLICATION (application), NULL);

  return g_object_new (LALAN_TYPE_PREFERENCES_WINDOW,
                       "lalan-application", application,
                       NULL);
}
