/* lalan-server-lessons-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-server-lessons-dialog.h"

#include "lalan-lesson-catalog.h"
#include "lalan-pack-manifest.h"
#include "lalan-sync-server.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

/* "Get lessons from the server": the configured server's catalogue, each
 * pack with what installing it would do here (new, an update, already
 * installed). Choosing one downloads it on a worker thread, checked
 * against the catalogue's size and SHA-256; the checked file is handed on
 * with ::downloaded, and installing it is the same path as a USB stick's
 * (LalanPackImporter), with its confirmation. Closing the window stops
 * any transfer. Titles come from the server and are shown as plain text. */

struct _LalanServerLessonsDialog
{
  AdwWindow        parent_instance;

  /* owned */
  LalanStore      *store;
  LalanLibrary    *library;
  LalanSyncServer *server;
  GPtrArray       *entries;        /* LalanCatalogEntry */
  GCancellable    *cancellable;

  /* template-less children */
  AdwToastOverlay *toasts;
  GtkStack        *stack;
  AdwStatusPage   *error_page;
  GtkListBox      *list;
  AdwStatusPage   *empty_page;
};

G_DEFINE_FINAL_TYPE (LalanServerLessonsDialog, lalan_server_lessons_dialog, ADW_TYPE_WINDOW)

enum {
  DOWNLOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  LalanStore      *store;
  LalanSyncServer *server;
  GPtrArray       *entries;
  guint            refused;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_clear_object (&data->store);
  g_clear_pointer (&data->server, lalan_sync_server_unref);
  g_clear_pointer (&data->entries, g_ptr_array_unref);
  g_free (data);
}

typedef struct
{
  LalanSyncServer   *server;
  LalanCatalogEntry *entry;        /* borrowed from the dialog's entries */
  char              *path;
} DownloadData;

static void
download_data_free (DownloadData *data)
{
  g_clear_pointer (&data->server, lalan_sync_server_unref);
  if (data->path != NULL)
    g_unlink (data->path);
  g_free (data->path);
  g_free (data);
}

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FetchData *data = task_data;
  g_autoptr(GError) error = NULL;

  data->server = lalan_sync_server_load (data->store, NULL, &error);
  if (data->server == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->entries = lalan_lesson_catalog_fetch (data->server, &data->refused, cancellable, &error);
  if (data->entries == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
set_buttons_sensitive (LalanServerLessonsDialog *self,
                       gboolean                  sensitive)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *button = g_object_get_data (G_OBJECT (row), "button");

      if (button != NULL && g_object_get_data (G_OBJECT (button), "installable") != NULL)
        gtk_widget_set_sensitive (button, sensitive);
    }
}

static void
download_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  LalanServerLessonsDialog *self = LALAN_SERVER_LESSONS_DIALOG (object);
  DownloadData *data = g_task_get_task_data (G_TASK (result));
  GtkWidget *spinner = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_widget_set_visible (spinner, FALSE);
      set_buttons_sensitive (self, TRUE);
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }

  /* The receiver installs it; the file is removed once it is read. */
  path = g_steal_pointer (&data->path);
  g_signal_emit (self, signals[DOWNLOADED], 0, path);
  gtk_window_close (GTK_WINDOW (self));
}

static void
download_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  DownloadData *data = task_data;
  g_autoptr(GError) error = NULL;

  data->path = lalan_lesson_catalog_download (data->server, data->entry, cancellable, &error);
  if (data->path == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_install_clicked_cb (GtkButton                *button,
                       LalanServerLessonsDialog *self)
{
  g_autoptr(GTask) task = NULL;
  DownloadData *data;
  GtkWidget *spinner = g_object_get_data (G_OBJECT (button), "spinner");

  data = g_new0 (DownloadData, 1);
  data->server = lalan_sync_server_ref (self->server);
  data->entry = g_object_get_data (G_OBJECT (button), "entry");

  set_buttons_sensitive (self, FALSE);
  gtk_widget_set_visible (spinner, TRUE);

  task = g_task_new (self, self->cancellable, download_cb, spinner);
  g_task_set_source_tag (task, on_install_clicked_cb);
  g_task_set_task_data (task, data, (GDestroyNotify) download_data_free);
  g_task_run_in_thread (task, download_thread);
}

static GtkWidget *
make_row (LalanServerLessonsDialog *self,
          LalanCatalogEntry        *entry)
{
  LalanPack *installed = self->library != NULL ? lalan_library_lookup (self->library, entry->id) : NULL;
  const char *have = installed != NULL ? lalan_pack_get_version (installed) : NULL;
  g_autofree char *size = g_format_size (entry->size);
  g_autofree char *state = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;
  const char *label;
  gboolean installable = TRUE;
  GtkWidget *row, *button, *spinner;

  if (have == NULL)
    {
      state = g_strdup (_("Not installed"));
      label = _("_Install");
    }
  else if (lalan_pack_version_compare (entry->version, have) > 0)
    {
      /* Translators: %s is the version installed now */
      state = g_strdup_printf (_("Update from version %s"), have);
      label = _("_Update");
    }
  else
    {
      state = g_strdup (_("Installed"));
      label = _("Installed");
      installable = FALSE;
    }

  /* Translators: a lesson pack on the server: its version, its size and
   * whether it is installed here, e.g. "Version 1.2 · 3.4 MB · Not installed" */
  subtitle = g_strdup_printf (_("Version %s · %s · %s"), entry->version, size, state);

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_visible (spinner, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Downloading"),
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spinner);

  button = gtk_button_new_with_mnemonic (label);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (button, installable);
  if (installable)
    {
      gtk_widget_add_css_class (button, "suggested-action");
      g_object_set_data (G_OBJECT (button), "installable", GINT_TO_POINTER (TRUE));
    }
  /* Translators: the accessible name of a row's button; %s is a pack's title */
  accessible = g_strdup_printf (installable ? _("Install “%s”") : _("“%s” is installed"), entry->title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  g_object_set_data (G_OBJECT (button), "entry", entry);
  g_object_set_data (G_OBJECT (button), "spinner", spinner);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_install_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  g_object_set_data (G_OBJECT (row), "button", button);

  return row;
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  LalanServerLessonsDialog *self = LALAN_SERVER_LESSONS_DIALOG (object);
  FetchData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  g_clear_pointer (&self->server, lalan_sync_server_unref);
  self->server = g_steal_pointer (&data->server);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  self->entries = g_steal_pointer (&data->entries);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < self->entries->len; i++)
    gtk_list_box_append (self->list, make_row (self, g_ptr_array_index (self->entries, i)));

  if (data->refused > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "The server’s list names %u pack wrongly; it is left out.",
                                                            "The server’s list names %u packs wrongly; they are left out.",
                                                            data->refused),
                                               data->refused);

      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
    }

  gtk_stack_set_visible_child_name (self->stack, self->entries->len > 0 ? "list" : "empty");
}

/**
 * lalan_server_lessons_dialog_refresh:
 * @self: the dialog
 *
 * Asks the server for its catalogue again.
 */
void
lalan_server_lessons_dialog_refresh (LalanServerLessonsDialog *self)
{
  g_autoptr(GTask) task = NULL;
  FetchData *data;

  g_return_if_fail (LALAN_IS_SERVER_LESSONS_DIALOG (self));

  gtk_stack_set_visible_child_name (self->stack, "loading");

  if (self->store == NULL)
    {
      adw_status_page_set_description (self->error_page,
                                       _("The data of this computer is not open yet. Try again in a moment."));
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  data = g_new0 (FetchData, 1);
  data->store = g_object_ref (self->store);

  task = g_task_new (self, self->cancellable, fetch_cb, NULL);
  g_task_set_source_tag (task, lalan_server_lessons_dialog_refresh);
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);
  g_task_run_in_thread (task, fetch_thread);
}

static void
on_try_again_clicked_cb (LalanServerLessonsDialog *self)
{
  lalan_server_lessons_dialog_refresh (self);
}

static gboolean
lalan_server_lessons_dialog_close_request (GtkWindow *window)
{
  LalanServerLessonsDialog *self = LALAN_SERVER_LESSONS_DIALOG (window);

  /* A transfer in flight stops; its half-written file is removed. */
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (lalan_server_lessons_dialog_parent_class)->close_request (window);
}

static void
lalan_server_lessons_dialog_dispose (GObject *object)
{
  LalanServerLessonsDialog *self = LALAN_SERVER_LESSONS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (lalan_server_lessons_dialog_parent_class)->dispose (object);
}

static void
lalan_server_lessons_dialog_finalize (GObject *object)
{
  LalanServerLessonsDialog *self = LALAN_SERVER_LESSONS_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->library);
  g_clear_pointer (&self->server, lalan_sync_server_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lalan_server_lessons_dialog_parent_class)->finalize (object);
}

static void
lalan_server_lessons_dialog_class_init (LalanServerLessonsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lalan_server_lessons_dialog_dispose;
  object_class->finalize = lalan_server_lessons_dialog_finalize;
  window_class->close_request = lalan_server_lessons_dialog_close_request;

  /**
   * LalanServerLessonsDialog::downloaded:
   * @path: a checked `.lalanpack` file; the receiver removes it
   *
   * A pack was downloaded and matches the catalogue.
   */
  signals[DOWNLOADED] =
    g_signal_new ("downloaded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
make_scrolled (GtkWidget *child)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_widget_set_margin_top (child, 18);
  gtk_widget_set_margin_bottom (child, 18);
  gtk_widget_set_margin_start (child, 12);
  gtk_widget_set_margin_end (child, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), child);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);

  return scrolled;
}

static void
lalan_server_lessons_dialog_init (LalanServerLessonsDialog *self)
{
  GtkWidget *box, *header, *title, *loading, *spinner, *button, *list_box, *heading, *refresh;

  self->cancellable = g_cancellable_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("Lessons From the Server"));
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 560);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_hide_on_close (GTK_WINDOW (self), FALSE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  title = adw_window_title_new (_("Lessons From the Server"), NULL);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);

  refresh = gtk_button_new_from_icon_name ("view-refresh-symbolic");
  gtk_widget_set_tooltip_text (refresh, _("Ask the Server Again"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (refresh),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Ask the Server Again"),
                                  -1);
  g_signal_connect_object (refresh, "clicked", G_CALLBACK (on_try_again_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), refresh);
  gtk_box_append (GTK_BOX (box), header);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);

  loading = adw_status_page_new ();
  adw_status_page_set_title (ADW_STATUS_PAGE (loading), _("Asking the Server"));
  adw_status_page_set_description (ADW_STATUS_PAGE (loading), _("Looking for the lesson packs it offers…"));
  spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_size_request (spinner, 32, 32);
  adw_status_page_set_child (ADW_STATUS_PAGE (loading), spinner);
  gtk_stack_add_named (self->stack, loading, "loading");

  self->error_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->error_page, "network-offline-symbolic");
  adw_status_page_set_title (self->error_page, _("No Lessons From the Server"));
  button = gtk_button_new_with_mnemonic (_("_Try Again"));
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_try_again_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_status_page_set_child (self->error_page, button);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->error_page), "error");

  self->empty_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->empty_page, "folder-symbolic");
  adw_status_page_set_title (self->empty_page, _("No Lesson Packs"));
  adw_status_page_set_description (self->empty_page, _("The server does not offer any lesson packs yet."));
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->empty_page), "empty");

  list_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  heading = gtk_label_new (_("Downloaded packs are checked, then you see what they add before anything is installed."));
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "dim-label");
  gtk_box_append (GTK_BOX (list_box), heading);
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Lesson packs on the server"),
                                  -1);
  gtk_box_append (GTK_BOX (list_box), GTK_WIDGET (self->list));
  gtk_stack_add_named (self->stack, make_scrolled (list_box), "list");

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, GTK_WIDGET (self->stack));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->toasts));

  adw_window_set_content (ADW_WINDOW (self), box);
}

/**
 * lalan_server_lessons_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @store: (nullable): the open store, where the server settings are
 * @library: (nullable): the library, to say what is installed
 *
 * Returns: (transfer full): a dialog that starts asking the server at once
 */
LalanServerLessonsDialog *
lalan_server_lessons_dialog_new (GtkWindow    *parent,
                                 LalanStore   *store,
                                 LalanLibrary *library)
{
  LalanServerLessonsDialog *self = g_object_new (LALAN_TYPE_SERVER_LESSONS_DIALOG,
                                                 "transient-for", parent,
                                                 NULL);

  g_set_object (&self->store, store);
  g_set_object (&self->library, library);
  lalan_server_lessons_dialog_refresh (self);

  return self;
}
