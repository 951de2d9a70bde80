/* lalan-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-window.h"
#include "learn/lalan-learn-view.h"
#include "measure/lalan-measure-view.h"
#include "survey/lalan-survey-view.h"
#include "sync/lalan-sync-dialog.h"
#include "sync/lalan-sync-indicator.h"

#include <glib/gi18n.h>

struct _LalanWindow
{
  AdwApplicationWindow  parent_instance;

  /* template children */
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *stack;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  GtkRevealer          *store_banner;
  GtkLabel             *store_banner_label;
  LalanSyncIndicator   *sync_indicator;
  LalanSurveyView      *survey_view;

  /* owned */
  GSettings            *settings;

  gulong                after_paint_handler;
};

G_DEFINE_FINAL_TYPE (LalanWindow, lalan_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_VISIBLE_AREA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_area_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LalanWindow *self = LALAN_WINDOW (widget);

  lalan_window_show_area (self, g_variant_get_string (parameter, NULL));
}

/* "Use in survey" from the Connectivity area, with the test's id ("" for
 * the latest): the record being filled takes it. A GAction on the window
 * (not a class action) so that the Connectivity area's button follows
 * its enabled state, as lalan-measure-view.h describes. */
static void
on_use_measurement_activate_cb (GSimpleAction *action,
                                GVariant      *parameter,
                                LalanWindow   *self)
{
  const char *id = g_variant_get_string (parameter, NULL);

  lalan_window_show_area (self, "survey");
  lalan_survey_view_use_measurement (self->survey_view, *id != '\0' ? id : NULL);
}

/* It works while a record that can take a test is open. */
static void
on_accepts_measurement_cb (LalanWindow *self)
{
  LalanFormView *form_view = lalan_survey_view_get_form_view (self->survey_view);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "use-measurement-in-survey");

  if (G_IS_SIMPLE_ACTION (action))
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), lalan_form_view_get_accepts_measurement (form_view));
}

static void
on_visible_child_changed_cb (LalanWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_AREA]);
}

static void
on_recovery_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         LalanApplication *application)
{
  lalan_application_dismiss_recovery_notice (application);
}

static void
show_recovery_notice (LalanWindow      *self,
                      LalanApplication *application)
{
  const char *notice = lalan_application_get_recovery_notice (application);
  GtkWidget *dialog;

  if (notice == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Lalan Found Its Data Damaged"),
                                   notice);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "ok", _("_I Understand"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (on_recovery_response_cb),
                           application, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_store_changed_cb (LalanWindow      *self,
                     GParamSpec       *pspec,
                     LalanApplication *application)
{
  const GError *error = lalan_application_get_store_error (application);

  if (error != NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is a sentence saying why, such as "The disk is full." */
      text = g_strdup_printf (_("Lalan cannot open its data, so nothing can be saved now. %s"),
                              error->message);
      gtk_label_set_text (self->store_banner_label, text);
    }
  gtk_revealer_set_reveal_child (self->store_banner, error != NULL);

  lalan_sync_indicator_set_scheduler (self->sync_indicator, lalan_application_get_sync_scheduler (application));

  if (lalan_application_get_store (application) != NULL)
    show_recovery_notice (self, application);
}

static void
show_sync_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LalanWindow *self = LALAN_WINDOW (widget);
  LalanSyncScheduler *scheduler = lalan_sync_indicator_get_scheduler (self->sync_indicator);

  if (scheduler == NULL)
    return;

  gtk_window_present (GTK_WINDOW (lalan_sync_dialog_new (GTK_WINDOW (self), scheduler)));
}

/* A record named elsewhere (the sync dialog's list): the Survey area
 * opens it, a draft to go on with, anything else to read. */
static void
open_record_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LalanWindow *self = LALAN_WINDOW (widget);

  lalan_window_show_area (self, "survey");
  lalan_survey_view_open_record (self->survey_view, g_variant_get_string (parameter, NULL));
}

static void
on_store_retry_clicked_cb (LalanWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  gtk_revealer_set_reveal_child (self->store_banner, FALSE);
  lalan_application_open_store (LALAN_APPLICATION (application));
}

/* GtkWindow:application is set after construction, so the window follows
 * the store from the moment it gets its application. */
static void
on_application_changed_cb (LalanWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (!LALAN_IS_APPLICATION (application))
    return;

  g_signal_connect_object (application, "notify::store",
                           G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  on_store_changed_cb (self, NULL, LALAN_APPLICATION (application));
}

static gboolean
quit_after_first_frame_cb (gpointer user_data)
{
  GApplication *application = user_data;

  g_application_quit (application);
  return G_SOURCE_REMOVE;
}

static void
on_after_paint_cb (GdkFrameClock *frame_clock,
                   LalanWindow   *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  g_clear_signal_handler (&self->after_paint_handler, frame_clock);

  /* Quit from an idle so the frame finishes being presented first. */
  if (application != NULL)
    g_idle_add_full (G_PRIORITY_LOW,
                     quit_after_first_frame_cb,
                     g_object_ref (application),
                     g_object_unref);
}

static void
save_window_state (LalanWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

static gboolean
lalan_window_close_request (GtkWindow *window)
{
  save_window_state (LALAN_WINDOW (window));

  return GTK_WINDOW_CLASS (lalan_window_parent_class)->close_request (window);
}

static void
lalan_window_realize (GtkWidget *widget)
{
  LalanWindow *self = LALAN_WINDOW (widget);

  GTK_WIDGET_CLASS (lalan_window_parent_class)->realize (widget);

  /* For benchmarks and scripted checks: measure start-up to the first frame. */
  if (g_strcmp0 (g_getenv ("LALAN_EXIT_AFTER_FIRST_FRAME"), "1") == 0)
    {
      GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (widget);

      self->after_paint_handler = g_signal_connect (frame_clock, "after-paint",
                                                    G_CALLBACK (on_after_paint_cb),
                                                    self);
    }
}

static void
lalan_window_unrealize (GtkWidget *widget)
{
  LalanWindow *self = LALAN_WINDOW (widget);

  if (self->after_paint_handler != 0)
    g_clear_signal_handler (&self->after_paint_handler,
                            gtk_widget_get_frame_clock (widget));

  GTK_WIDGET_CLASS (lalan_window_parent_class)->unrealize (widget);
}

static void
lalan_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LalanWindow *self = LALAN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VISIBLE_AREA:
      g_value_set_string (value, lalan_window_get_visible_area (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lalan_window_dispose (GObject *object)
{
  LalanWindow *self = LALAN_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lalan_window_parent_class)->dispose (object);
}

static void
lalan_window_class_init (LalanWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = lalan_window_dispose;
  object_class->get_property = lalan_window_get_property;

  widget_class->realize = lalan_window_realize;
  widget_class->unrealize = lalan_window_unrealize;

  window_class->close_request = lalan_window_close_request;

  /**
   * LalanWindow:visible-area:
   *
   * The name of the area shown: "learn", "survey" or "measure".
   */
  properties[PROP_VISIBLE_AREA] =
    g_param_spec_string ("visible-area", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LALAN_TYPE_LEARN_VIEW);
  g_type_ensure (LALAN_TYPE_SURVEY_VIEW);
  g_type_ensure (LALAN_TYPE_MEASURE_VIEW);
  g_type_ensure (LALAN_TYPE_SYNC_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/tw/lalan/Lalan/ui/lalan-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LalanWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LalanWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LalanWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, LalanWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, LalanWindow, store_banner);
  gtk_widget_class_bind_template_child (widget_class, LalanWindow, store_banner_label);
  gtk_widget_class_bind_template_child (widget_class, LalanWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, LalanWindow, survey_view);
  gtk_widget_class_bind_template_callback (widget_class, on_store_retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_child_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.show-area", "s", show_area_action);
  gtk_widget_class_install_action (widget_class, "win.show-sync", NULL, show_sync_action);
  gtk_widget_class_install_action (widget_class, "win.open-record", "s", open_record_action);
}

static void
lalan_window_init (LalanWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  {
    g_autoptr(GSimpleAction) action = g_simple_action_new ("use-measurement-in-survey", G_VARIANT_TYPE_STRING);

    g_signal_connect_object (action, "activate", G_CALLBACK (on_use_measurement_activate_cb), self, 0);
    g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
  }
  g_signal_connect_object (lalan_survey_view_get_form_view (self->survey_view), "notify::accepts-measurement",
                           G_CALLBACK (on_accepts_measurement_cb), self, G_CONNECT_SWAPPED);
  on_accepts_measurement_cb (self);

  g_signal_connect (self, "notify::application",
                    G_CALLBACK (on_application_changed_cb), NULL);

  self->settings = g_settings_new (APPLICATION_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

#ifdef DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

/**
 * lalan_window_new:
 * @application: the application
 *
 * Returns: (transfer full): a new main window
 */
LalanWindow *
lalan_window_new (LalanApplication *application)
{
  return g_object_new (LALAN_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * lalan_window_get_visible_area:
 * @self: a #LalanWindow
 *
 * Returns: (nullable): the name of the area shown
 */
const char *
lalan_window_get_visible_area (LalanWindow *self)
{
  g_return_val_if_fail (LALAN_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

/**
 * lalan_window_show_area:
 * @self: a #LalanWindow
 * @area: "learn", "survey" or "measure"
 *
 * Shows one of the three areas.
 */
void
lalan_window_show_area (LalanWindow *self,
                        const char  *area)
{
  g_return_if_fail (LALAN_IS_WINDOW (self));
  g_return_if_fail (area != NULL);

  if (adw_view_stack_get_child_by_name (self->stack, area) == NULL)
    {
      g_warning ("No area called %s", area);
      return;
    }

  adw_view_stack_set_visible_child_name (self->stack, area);
}

/**
 * lalan_window_add_toast:
 * @self: a #LalanWindow
 * @title: a translated sentence
 *
 * Tells the person something briefly at the bottom of the window.
 */
void
lalan_window_add_toast (LalanWindow *self,
                        const char  *title)
{
  g_return_if_fail (LALAN_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}
