/* lalan-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-application.h"
#include "lalan-about.h"
#include "lalan-bundled-forms.h"
#include "lalan-preferences-window.h"
#include "lalan-sync-scheduler.h"
#include "lalan-window.h"

#include <glib/gi18n.h>

struct _LalanApplication
{
  AdwApplication  parent_instance;

  /* owned */
  GSettings      *settings;
  LalanStore     *store;
  LalanSyncScheduler *sync_scheduler;
  GError         *store_error;
  char           *recovery_notice;
  GCancellable   *cancellable;

  /* The font resolution GTK had before we scaled it, so the text-size
   * setting multiplies the desktop's own scaling instead of replacing it. */
  int             base_xft_dpi;
  gboolean        restart_requested;
};

G_DEFINE_FINAL_TYPE (LalanApplication, lalan_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  LalanStore *store;
  char       *recovery_notice;
} OpenedStore;

static void
opened_store_free (gpointer data)
{
  OpenedStore *opened = data;

  g_clear_object (&opened->store);
  g_free (opened->recovery_notice);
  g_free (opened);
}

/* Text sizes as steps: elders reading slowly need the large ones, and the
 * steps must be far enough apart to be seen. */
static const double text_scales[] = { 0.85, 1.0, 1.25, 1.5, 1.8 };

static void
apply_text_size (LalanApplication *self)
{
  GtkSettings *gtk_settings = gtk_settings_get_default ();
  double scale = lalan_application_get_text_scale (self);

  if (gtk_settings == NULL)
    return;

  g_object_set (gtk_settings,
                "gtk-xft-dpi", (int) (self->base_xft_dpi * scale),
                NULL);
}

static void
on_text_size_changed_cb (LalanApplication *self,
                         const char       *key,
                         GSettings        *settings)
{
  apply_text_size (self);
}

/* Opening checks the database (quick_check) and may upgrade its schema:
 * never on the UI thread, so the window appears at once even with a large
 * database on a slow disk. */
static void
open_store_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  OpenedStore *opened;
  LalanStore *store;

  store = lalan_store_open (NULL, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The Survey area lists the forms from the store: the bundled ones
   * must be there (in this build's version) before it asks. A failure
   * here leaves the forms registered before, which are still usable. */
  if (!lalan_bundled_forms_register (store, NULL, &error))
    {
      g_message ("The bundled survey forms could not be registered: %s", error->message);
      g_clear_error (&error);
    }

  opened = g_new0 (OpenedStore, 1);
  opened->store = store;
  opened->recovery_notice = lalan_store_dup_recovery_notice (store);

  g_task_return_pointer (task, opened, opened_store_free);
}

static void
backup_daily_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = lalan_store_run_finish (LALAN_STORE (object), result, &error);

  /* A missed backup is not the person's problem to solve now; tomorrow's
   * start tries again. */
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Today's backup was not made: %s", error->message);
}

/* Sending starts with the app (its first trigger), follows the
 * preferences, and stops before the store closes. */
static void
start_sync (LalanApplication *self)
{
  if (self->sync_scheduler != NULL)
    {
      lalan_sync_scheduler_stop (self->sync_scheduler);
      g_clear_object (&self->sync_scheduler);
    }

  self->sync_scheduler = lalan_sync_scheduler_new (self->store, NULL);
  g_settings_bind (self->settings, "avoid-metered", self->sync_scheduler, "avoid-metered", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "centre-name", self->sync_scheduler, "centre", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "district", self->sync_scheduler, "town", G_SETTINGS_BIND_GET);
  lalan_sync_scheduler_start (self->sync_scheduler);
}

static void
open_store_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  LalanApplication *self = LALAN_APPLICATION (object);
  g_autoptr(GError) error = NULL;
  OpenedStore *opened;

  opened = g_task_propagate_pointer (G_TASK (result), &error);

  g_clear_error (&self->store_error);
  if (opened == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->store_error = g_steal_pointer (&error);
    }
  else
    {
      g_set_object (&self->store, opened->store);
      lalan_store_set_default (self->store);
      start_sync (self);
      lalan_store_backup_daily_async (self->store, self->cancellable, backup_daily_cb, NULL);
      g_free (self->recovery_notice);
      self->recovery_notice = g_steal_pointer (&opened->recovery_notice);
      opened_store_free (opened);
    }

  g_application_release (G_APPLICATION (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

static void
lalan_application_preferences_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  LalanApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  LalanPreferencesWindow *preferences;

  preferences = lalan_preferences_window_new (self);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), window);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
lalan_application_preferences_server_action (GSimpleAction *action,
                                             GVariant      *parameter,
                                             gpointer       user_data)
{
  LalanApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  LalanPreferencesWindow *preferences;

  preferences = lalan_preferences_window_new (self);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "server");
  gtk_window_set_transient_for (GTK_WINDOW (preferences), window);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
lalan_application_about_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  LalanApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;
  static const char *developers[] = { "The Lalan developers", NULL };

  about = lalan_about_window_new_from_metainfo (RESOURCE_BASE "/" APPLICATION_ID ".metainfo.xml");
  adw_about_window_set_developers (ADW_ABOUT_WINDOW (about), developers);
  /* Translators: put your names here, one per line. */
  adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about), _("translator-credits"));
  adw_about_window_set_copyright (ADW_ABOUT_WINDOW (about), "© 2026 The Lalan developers");
  gtk_window_set_transient_for (GTK_WINDOW (about), window);
  gtk_window_present (GTK_WINDOW (about));
}

static void
lalan_application_quit_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  LalanApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing each window lets it save what it holds before the app quits. */
  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
}

static const GActionEntry app_actions[] = {
  { "preferences", lalan_application_preferences_action },
  { "preferences-server", lalan_application_preferences_server_action },
  { "about", lalan_application_about_action },
  { "quit", lalan_application_quit_action },
};

static void
lalan_application_startup (GApplication *application)
{
  LalanApplication *self = LALAN_APPLICATION (application);
  GtkApplication *gtk_app = GTK_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *sync_accels[] = { "<Control><Shift>s", NULL };
  static const char *area_accels[][2] = {
    { "<Alt>1", NULL },
    { "<Alt>2", NULL },
    { "<Alt>3", NULL },
  };

  G_APPLICATION_CLASS (lalan_application_parent_class)->startup (application);

  gtk_window_set_default_icon_name (APPLICATION_ID);

  g_object_get (gtk_settings_get_default (), "gtk-xft-dpi", &self->base_xft_dpi, NULL);
  if (self->base_xft_dpi <= 0)
    self->base_xft_dpi = 96 * 1024;
  apply_text_size (self);
  g_signal_connect_object (self->settings,
                           "changed::text-size",
                           G_CALLBACK (on_text_size_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions,
                                   G_N_ELEMENTS (app_actions),
                                   self);

  gtk_application_set_accels_for_action (gtk_app, "app.quit", quit_accels);
  gtk_application_set_accels_for_action (gtk_app, "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (gtk_app, "win.show-sync", sync_accels);
  gtk_application_set_accels_for_action (gtk_app, "win.show-area::learn", area_accels[0]);
  gtk_application_set_accels_for_action (gtk_app, "win.show-area::survey", area_accels[1]);
  gtk_application_set_accels_for_action (gtk_app, "win.show-area::measure", area_accels[2]);

  lalan_application_open_store (self);
}

static void
lalan_application_shutdown (GApplication *application)
{
  LalanApplication *self = LALAN_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);

  /* Sending stops first: what it was doing stays as it was in the store. */
  if (self->sync_scheduler != NULL)
    lalan_sync_scheduler_stop (self->sync_scheduler);

  /* Everything queued is written before the worker stops. */
  if (self->store != NULL)
    {
      lalan_store_set_default (NULL);
      lalan_store_close (self->store);
    }

  G_APPLICATION_CLASS (lalan_application_parent_class)->shutdown (application);
}

static void
lalan_application_activate (GApplication *application)
{
  LalanApplication *self = LALAN_APPLICATION (application);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (lalan_window_new (self));

  gtk_window_present (window);
}

static void
lalan_application_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LalanApplication *self = LALAN_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lalan_application_finalize (GObject *object)
{
  LalanApplication *self = LALAN_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->sync_scheduler);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->store_error);
  g_clear_pointer (&self->recovery_notice, g_free);

  G_OBJECT_CLASS (lalan_application_parent_class)->finalize (object);
}

static void
lalan_application_class_init (LalanApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = lalan_application_finalize;
  object_class->get_property = lalan_application_get_property;

  app_class->startup = lalan_application_startup;
  app_class->shutdown = lalan_application_shutdown;
  app_class->activate = lalan_application_activate;

  /**
   * LalanApplication:store:
   *
   * The database, once opened; %NULL before, or when it could not be
   * opened (see lalan_application_get_store_error()).
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         LALAN_TYPE_STORE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lalan_application_init (LalanApplication *self)
{
  self->settings = g_settings_new (APPLICATION_ID);
  self->cancellable = g_cancellable_new ();
}

/**
 * lalan_application_new:
 *
 * Returns: (transfer full): the application
 */
LalanApplication *
lalan_application_new (void)
{
  return g_object_new (LALAN_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "resource-base-path", RESOURCE_BASE,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

/**
 * lalan_application_get_settings:
 * @self: a #LalanApplication
 *
 * Returns: (transfer none): the application's settings
 */
GSettings *
lalan_application_get_settings (LalanApplication *self)
{
  g_return_val_if_fail (LALAN_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * lalan_text_size_to_scale:
 * @text_size: the `text-size` setting, 0 to 4
 *
 * Returns: the factor applied to every font for that step
 */
double
lalan_text_size_to_scale (int text_size)
{
  return text_scales[CLAMP (text_size, 0, (int) G_N_ELEMENTS (text_scales) - 1)];
}

/**
 * lalan_application_get_text_scale:
 * @self: a #LalanApplication
 *
 * Returns: the factor the text-size setting applies to every font
 */
double
lalan_application_get_text_scale (LalanApplication *self)
{
  g_return_val_if_fail (LALAN_IS_APPLICATION (self), 1.0);

  return lalan_text_size_to_scale (g_settings_get_int (self->settings, "text-size"));
}

/**
 * lalan_application_request_restart:
 * @self: a #LalanApplication
 *
 * Quits, closing every window so each saves its work; main() then starts
 * Lalan again, so a new interface language takes effect.
 */
void
lalan_application_request_restart (LalanApplication *self)
{
  g_return_if_fail (LALAN_IS_APPLICATION (self));

  self->restart_requested = TRUE;
  g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);
}

/**
 * lalan_application_get_restart_requested:
 * @self: a #LalanApplication
 *
 * Returns: whether main() should start Lalan again after it quits
 */
gboolean
lalan_application_get_restart_requested (LalanApplication *self)
{
  g_return_val_if_fail (LALAN_IS_APPLICATION (self), FALSE);

  return self->restart_requested;
}

/**
 * lalan_application_open_store:
 * @self: a #LalanApplication
 *
 * Opens the database in the background (done at start-up; called again by
 * "Try Again" after a failure). #LalanApplication:store is notified when it
 * is ready or has failed.
 */
void
lalan_application_open_store (LalanApplication *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LALAN_IS_APPLICATION (self));

  if (self->store != NULL)
    return;

  g_clear_error (&self->store_error);

  /* Held until the store is open, so the app never quits half-way. */
  g_application_hold (G_APPLICATION (self));

  task = g_task_new (self, self->cancellable, open_store_cb, NULL);
  g_task_set_source_tag (task, lalan_application_open_store);
  g_task_run_in_thread (task, open_store_thread);
}

/**
 * lalan_application_get_store:
 * @self: a #LalanApplication
 *
 * Returns: (transfer none) (nullable): the database, or %NULL until it is open
 */
LalanStore *
lalan_application_get_store (LalanApplication *self)
{
  g_return_val_if_fail (LALAN_IS_APPLICATION (self), NULL);

  return self->store;
}

/**
 * lalan_application_get_store_error:
 * @self: a #LalanApplication
 *
 * Returns: (transfer none) (nullable): why the database could not be opened
 */
const GError *
lalan_application_get_store_error (LalanApplication *self)
{
  g_return_val_if_fail (LALAN_IS_APPLICATION (self), NULL);

  return self->store_error;
}

/**
 * lalan_application_get_recovery_notice:
 * @self: a #LalanApplication
 *
 * Returns: (nullable): a sentence saying that a damaged database was moved
 *   aside and where, until the person has read it
 */
const char *
lalan_application_get_recovery_notice (LalanApplication *self)
{
  g_return_val_if_fail (LALAN_IS_APPLICATION (self), NULL);

  return self->recovery_notice;
}

/**
 * lalan_application_dismiss_recovery_notice:
 * @self: a #LalanApplication
 *
 * Forgets the recovery notice once it has been read.
 */
void
lalan_application_dismiss_recovery_notice (LalanApplication *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (LALAN_IS_APPLICATION (self));

  g_clear_pointer (&self->recovery_notice, g_free);
  if (self->store != NULL && !lalan_store_dismiss_recovery_notice (self->store, &error))
    g_message ("The recovery notice could not be dismissed: %s", error->message);
}

/**
 * lalan_application_get_sync_scheduler:
 * @self: a #LalanApplication
 *
 * Returns: (transfer none) (nullable): the scheduler that sends records,
 *   once the store is open
 */
LalanSyncScheduler *
lalan_application_get_sync_scheduler (LalanApplication *self)
{
  g_return_val_if_fail (LALAN_IS_APPLICATION (self), NULL);

  return self->sync_scheduler;
}
