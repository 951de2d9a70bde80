/* lalan-sync-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-sync-dialog.h"

#include "lalan-record-list.h"
#include "lalan-sync-file.h"
#include "lalan-sync-server.h"

#include <glib/gi18n.h>

/* The Sync page: whether sending works and, if not, what to do; when the
 * server last answered; every record not sent yet, in plain words, with
 * when it is tried again, and buttons to try it now or open it; sync
 * files for computers without a network; the learning report on demand. */

struct _LalanSyncDialog
{
  AdwWindow           parent_instance;

  /* template children */
  AdwToastOverlay    *toast_overlay;
  AdwActionRow       *status_row;
  GtkImage           *status_icon;
  AdwActionRow       *contact_row;
  AdwActionRow       *server_row;
  GtkListBox         *records_list;

  /* owned */
  LalanSyncScheduler *scheduler;
  LalanRecordList    *records;
  GCancellable       *cancellable;
  GtkFileChooserNative *chooser;
  gulong              notify_handler;
  gulong              report_handler;
};

G_DEFINE_FINAL_TYPE (LalanSyncDialog, lalan_sync_dialog, ADW_TYPE_WINDOW)

static char *
format_when (gint64 time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (time / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    /* Translators: a time today, as strftime writes it */
    return g_date_time_format (when, _("%H:%M"));

  /* Translators: a date and time, as strftime writes it */
  return g_date_time_format (when, _("%Y-%m-%d %H:%M"));
}

/**
 * lalan_sync_describe_record:
 * @record: a record not sent yet
 *
 * Returns: (transfer full): its state in plain words, with when it is
 *   tried again and why it failed
 */
char *
lalan_sync_describe_record (LalanRecord *record)
{
  const char *reason = lalan_record_get_last_error_message (record);

  switch (lalan_record_get_state (record))
    {
    case LALAN_RECORD_STATE_NEEDS_REVIEW:
      if (reason != NULL)
        /* Translators: %s is the server's reason, a sentence */
        return g_strdup_printf (_("Needs review. %s"), reason);
      return g_strdup (_("Needs review: the server refused it."));

    case LALAN_RECORD_STATE_FINALIZED:
      if (lalan_record_get_attempts (record) > 0 && lalan_record_get_next_attempt_at (record) > g_get_real_time ())
        {
          g_autofree char *when = format_when (lalan_record_get_next_attempt_at (record));

          /* Translators: %s is why the last try failed, %s a time */
          return g_strdup_printf (_("Not sent yet. %s It will be tried again at %s."),
                                  reason != NULL ? reason : "", when);
        }
      return g_strdup (_("Waiting to be sent."));

    case LALAN_RECORD_STATE_SENT:
      return g_strdup (_("Sent."));

    case LALAN_RECORD_STATE_DRAFT:
    default:
      return g_strdup (_("A draft, not finalized yet."));
    }
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  LalanRecord *record = item;
  const char *summary = lalan_record_get_summary (record);
  const char *instance_id = lalan_record_get_instance_id (record);
  g_autofree char *subtitle = lalan_sync_describe_record (record);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *retry = gtk_button_new_from_icon_name ("view-refresh-symbolic");
  GtkWidget *open = gtk_button_new_from_icon_name ("document-edit-symbolic");

  /* Summaries and the server's words are text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 summary != NULL && *summary != '\0' ? summary : lalan_record_get_form_id (record));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  if (lalan_record_get_state (record) == LALAN_RECORD_STATE_NEEDS_REVIEW)
    {
      GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE,
                                      "icon-name", "dialog-warning-symbolic",
                                      "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                      NULL);

      gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }

  gtk_widget_set_valign (retry, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (retry, "flat");
  gtk_widget_set_tooltip_text (retry, _("Try Again Now"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (retry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Try Again Now"), -1);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (retry), "s", instance_id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (retry), "sync.retry");

  gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (open, "flat");
  gtk_widget_set_tooltip_text (open, _("Open the Record"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (open), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Open the Record"), -1);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (open), "s", instance_id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "sync.open");

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), retry);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);

  return row;
}

static void
update_status (LalanSyncDialog *self)
{
  LalanSyncState state = lalan_sync_scheduler_get_state (self->scheduler);
  const char *problem = lalan_sync_scheduler_get_problem (self->scheduler);
  guint n_waiting = lalan_sync_scheduler_get_n_waiting (self->scheduler);
  gint64 last_contact = lalan_sync_scheduler_get_last_contact (self->scheduler);
  g_autofree char *title = NULL;
  const char *icon = "mail-send-symbolic";

  switch (state)
    {
    case LALAN_SYNC_STATE_SENDING:
      title = g_strdup (_("Sending now…"));
      icon = "emblem-synchronizing-symbolic";
      break;
    case LALAN_SYNC_STATE_PAUSED:
      title = g_strdup (_("Sending is paused"));
      icon = "dialog-warning-symbolic";
      break;
    case LALAN_SYNC_STATE_WAITING:
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record waits to be sent",
                                            "%u records wait to be sent", n_waiting), n_waiting);
      break;
    case LALAN_SYNC_STATE_IDLE:
    default:
      title = g_strdup (_("Everything finalized has been sent"));
      icon = "emblem-ok-symbolic";
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->status_row), problem != NULL ? problem : "");
  gtk_image_set_from_icon_name (self->status_icon, icon);
  if (state == LALAN_SYNC_STATE_PAUSED)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "warning");

  if (last_contact > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (last_contact / G_USEC_PER_SEC);
      /* Translators: a date and time, as strftime writes it */
      g_autofree char *text = g_date_time_format (when, _("%Y-%m-%d %H:%M"));

      adw_action_row_set_subtitle (self->contact_row, text);
    }
  else
    /* Translators: the server has never answered this computer */
    adw_action_row_set_subtitle (self->contact_row, C_("last contact", "Never"));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.send-now", state != LALAN_SYNC_STATE_SENDING);
}

static void reload_server (LalanSyncDialog *self);

static void
on_scheduler_notify_cb (LalanSyncDialog *self,
                        GParamSpec      *pspec)
{
  update_status (self);

  /* A run ended: the server may have been changed meanwhile. */
  if (pspec != NULL && g_str_equal (g_param_spec_get_name (pspec), "state") &&
      lalan_sync_scheduler_get_state (self->scheduler) != LALAN_SYNC_STATE_SENDING)
    reload_server (self);
}

static gpointer
load_server_url (LalanStore    *store,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *user = NULL;
  char *url = lalan_sync_server_load_public_url (store, &user, error);

  if (url != NULL && user != NULL)
    {
      /* Translators: a server address and the user name used there */
      char *both = g_strdup_printf (_("%s (as %s)"), url, user);

      g_free (url);
      return both;
    }

  return url != NULL ? url : g_strdup ("");
}

static void
server_url_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(LalanSyncDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = lalan_store_run_finish (LALAN_STORE (object), result, &error);

  if (error != NULL)
    return;

  adw_action_row_set_subtitle (self->server_row,
                               url != NULL && *url != '\0' ? url : _("Not set up yet. Records wait here until it is."));
}

static void
reload_server (LalanSyncDialog *self)
{
  lalan_store_run_async (lalan_sync_scheduler_get_store (self->scheduler), load_server_url, NULL, NULL, g_free,
                         self->cancellable, server_url_loaded_cb, g_object_ref (self));
}

static void
toast (LalanSyncDialog *self,
       const char      *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_problem (LalanSyncDialog *self,
              const char      *heading,
              const char      *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_report_queued_cb (LalanSyncDialog *self,
                     const char      *problem)
{
  if (problem != NULL)
    show_problem (self, _("No Learning Report Was Made"), problem);
  else
    toast (self, _("The learning report is queued and will be sent with the other records."));
}

/* Sync files, on a thread: they read or write the whole outbox. */

typedef struct
{
  LalanStore *store;
  char       *path;
  gboolean    export;
  guint       n_records;
  LalanSyncFileImport imported;
} FileJob;

static void
file_job_free (FileJob *job)
{
  g_clear_object (&job->store);
  g_free (job->path);
  g_free (job);
}

static void
file_job_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  FileJob *job = task_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (job->export)
    ok = lalan_sync_file_export (job->store, job->path, &job->n_records, cancellable, &error);
  else
    ok = lalan_sync_file_import (job->store, job->path, &job->imported, cancellable, &error);

  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
file_job_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  LalanSyncDialog *self = LALAN_SYNC_DIALOG (object);
  FileJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (job->path);
  g_autofree char *text = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_problem (self, job->export ? _("The Sync File Was Not Saved") : _("Nothing Was Added"), error->message);
      return;
    }

  if (job->export)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Saved %u record to %s. It stays here until the server confirms it has it.",
                                         "Saved %u records to %s. They stay here until the server confirms it has them.",
                                         job->n_records),
                            job->n_records, name);
  else
    text = g_strdup_printf (_("Records added from %s: %u. Already on this computer: %u."),
                            name, job->imported.n_imported, job->imported.n_skipped);
  toast (self, text);

  if (!job->export && job->imported.n_imported > 0)
    lalan_sync_scheduler_send_now (self->scheduler);
}

static void
run_file_job (LalanSyncDialog *self,
              const char      *path,
              gboolean         export)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, file_job_done_cb, NULL);
  FileJob *job = g_new0 (FileJob, 1);

  job->store = g_object_ref (lalan_sync_scheduler_get_store (self->scheduler));
  job->path = g_strdup (path);
  job->export = export;
  g_task_set_task_data (task, job, (GDestroyNotify) file_job_free);
  g_task_run_in_thread (task, file_job_thread);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        LalanSyncDialog *self)
{
  gboolean export = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (export && !g_str_has_suffix (path, LALAN_SYNC_FILE_SUFFIX))
        {
          g_autofree char *with_suffix = g_strconcat (path, LALAN_SYNC_FILE_SUFFIX, NULL);

          run_file_job (self, with_suffix, TRUE);
        }
      else
        run_file_job (self, path, export);
    }

  g_clear_object (&self->chooser);
}

static void
open_chooser (LalanSyncDialog *self,
              gboolean         export)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (filter, _("Lalan sync files"));
  gtk_file_filter_add_pattern (filter, "*" LALAN_SYNC_FILE_SUFFIX);

  self->chooser = gtk_file_chooser_native_new (export ? _("Save Records to a Sync File") : _("Add Records from a Sync File"),
                                               GTK_WINDOW (self),
                                               export ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                               export ? _("_Save") : _("_Add"),
                                               _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  if (export)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
      g_autofree char *name = g_strdup_printf ("lalan-%s%s", date, LALAN_SYNC_FILE_SUFFIX);

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
    }

  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Actions */

static void
send_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LalanSyncDialog *self = LALAN_SYNC_DIALOG (widget);

  lalan_sync_scheduler_send_now (self->scheduler);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LalanSyncDialog *self = LALAN_SYNC_DIALOG (widget);

  lalan_sync_scheduler_retry_record (self->scheduler, g_variant_get_string (parameter, NULL));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LalanSyncDialog *self = LALAN_SYNC_DIALOG (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  /* The main window opens records (win.open-record), in the Survey area
   * behind this modal dialog, which therefore gives way. */
  if (parent != NULL &&
      gtk_widget_activate_action_variant (GTK_WIDGET (parent), "win.open-record", parameter))
    gtk_window_close (GTK_WINDOW (self));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_chooser (LALAN_SYNC_DIALOG (widget), TRUE);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_chooser (LALAN_SYNC_DIALOG (widget), FALSE);
}

static void
learning_report_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  LalanSyncDialog *self = LALAN_SYNC_DIALOG (widget);

  lalan_sync_scheduler_queue_learning_report (self->scheduler);
}

static void
lalan_sync_dialog_dispose (GObject *object)
{
  LalanSyncDialog *self = LALAN_SYNC_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->scheduler != NULL)
    {
      g_clear_signal_handler (&self->notify_handler, self->scheduler);
      g_clear_signal_handler (&self->report_handler, self->scheduler);
    }
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->records);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), LALAN_TYPE_SYNC_DIALOG);

  G_OBJECT_CLASS (lalan_sync_dialog_parent_class)->dispose (object);
}

static void
lalan_sync_dialog_class_init (LalanSyncDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lalan_sync_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/tw/lalan/Lalan/ui/lalan-sync-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LalanSyncDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LalanSyncDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, LalanSyncDialog, status_icon);
  gtk_widget_class_bind_template_child (widget_class, LalanSyncDialog, contact_row);
  gtk_widget_class_bind_template_child (widget_class, LalanSyncDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, LalanSyncDialog, records_list);

  gtk_widget_class_install_action (widget_class, "sync.send-now", NULL, send_now_action);
  gtk_widget_class_install_action (widget_class, "sync.retry", "s", retry_action);
  gtk_widget_class_install_action (widget_class, "sync.open", "s", open_action);
  gtk_widget_class_install_action (widget_class, "sync.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "sync.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "sync.learning-report", NULL, learning_report_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lalan_sync_dialog_init (LalanSyncDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * lalan_sync_dialog_new:
 * @parent: (nullable): the main window
 * @scheduler: the app's scheduler
 *
 * Returns: (transfer full): the Sync page
 */
LalanSyncDialog *
lalan_sync_dialog_new (GtkWindow          *parent,
                       LalanSyncScheduler *scheduler)
{
  LalanSyncDialog *self;
  GtkWidget *placeholder;

  g_return_val_if_fail (LALAN_IS_SYNC_SCHEDULER (scheduler), NULL);

  /* With the app, so its actions (Preferences → Server) work here too. */
  self = g_object_new (LALAN_TYPE_SYNC_DIALOG,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       NULL);
  /* No wider than a narrow main window (a small laptop, a tablet). */
  if (parent != NULL && gtk_widget_get_width (GTK_WIDGET (parent)) > 0 &&
      gtk_widget_get_width (GTK_WIDGET (parent)) < 600)
    gtk_window_set_default_size (GTK_WINDOW (self), gtk_widget_get_width (GTK_WIDGET (parent)), 640);

  self->scheduler = g_object_ref (scheduler);
  self->notify_handler = g_signal_connect_swapped (scheduler, "notify", G_CALLBACK (on_scheduler_notify_cb), self);
  self->report_handler = g_signal_connect_swapped (scheduler, "learning-report-queued",
                                                   G_CALLBACK (on_report_queued_cb), self);

  self->records = lalan_record_list_new (lalan_sync_scheduler_get_store (scheduler),
                                         LALAN_RECORD_STATE_FINALIZED | LALAN_RECORD_STATE_NEEDS_REVIEW, NULL, NULL);
  gtk_list_box_bind_model (self->records_list, G_LIST_MODEL (self->records), create_row_cb, self, NULL);

  placeholder = gtk_label_new (_("Nothing waits: every finalized record has reached the server."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_list_box_set_placeholder (self->records_list, placeholder);

  update_status (self);
  reload_server (self);

  return self;
}
