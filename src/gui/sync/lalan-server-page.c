/* lalan-server-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-server-page.h"

#include "lalan-openrosa-client.h"
#include "lalan-outbox.h"
#include "lalan-sync-secret.h"
#include "lalan-sync-server.h"

#include <glib/gi18n.h>

/* Preferences → Server: the address records go to, the user name and
 * password when the server asks for them, "Test connection" that says in
 * a sentence what it found or what is wrong, and the metered setting.
 *
 * The token never shows: the address is shown with "…" in its place, and
 * saving it again without a change keeps the secret as it is. Everything
 * that touches the keyring, the store or the network runs on a thread. */

struct _LalanServerPage
{
  AdwPreferencesPage  parent_instance;

  /* template children */
  AdwEntryRow        *url_row;
  AdwEntryRow        *user_row;
  AdwPasswordEntryRow *password_row;
  GtkSpinner         *spinner;
  GtkButton          *test_button;
  GtkButton          *save_button;
  GtkLabel           *message_label;
  GtkLabel           *secret_label;
  GtkSwitch          *metered_switch;

  /* owned */
  LalanStore         *store;
  LalanSyncScheduler *scheduler;
  GCancellable       *cancellable;
  char               *saved_url;
  char               *saved_user;
  gboolean            busy;
};

G_DEFINE_FINAL_TYPE (LalanServerPage, lalan_server_page, ADW_TYPE_PREFERENCES_PAGE)

typedef enum
{
  JOB_LOAD,
  JOB_TEST,
  JOB_SAVE,
} JobKind;

typedef struct
{
  JobKind           kind;
  LalanStore       *store;
  char             *url;
  char             *user;
  char             *password;
  gboolean          use_saved;

  /* results */
  char             *saved_url;
  char             *saved_user;
  char             *message;
  LalanSecretPlace  place;
  gboolean          ok;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->store);
  g_free (job->url);
  g_free (job->user);
  g_free (job->password);
  g_free (job->saved_url);
  g_free (job->saved_user);
  g_free (job->message);
  g_free (job);
}

static char *
describe_place (LalanSecretPlace place)
{
  g_autofree char *path = NULL;

  switch (place)
    {
    case LALAN_SECRET_PLACE_KEYRING:
      return g_strdup (_("The token or password is kept in this computer’s keyring."));
    case LALAN_SECRET_PLACE_FILE:
      path = lalan_sync_secret_get_file_path ();
      return g_strdup_printf (_("This computer has no keyring service, so the token or password is kept in %s, "
                                "a file only you can read."), path);
    case LALAN_SECRET_PLACE_NONE:
    default:
      return NULL;
    }
}

static LalanSyncServer *
job_server (Job     *job,
            GError **error)
{
  if (job->use_saved)
    return lalan_sync_server_load (job->store, &job->place, error);

  return lalan_sync_server_new (job->url, job->user, job->password, error);
}

static void
test_connection (Job          *job,
                 GCancellable *cancellable)
{
  g_autoptr(LalanSyncServer) server = NULL;
  g_autoptr(LalanOpenRosaClient) client = NULL;
  g_autoptr(GPtrArray) forms = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GString) message = g_string_new (NULL);
  LalanOpenRosaProbe probe;

  server = job_server (job, &error);
  if (server != NULL)
    {
      client = lalan_openrosa_client_new (server, NULL);
      forms = lalan_openrosa_client_get_form_list (client, cancellable, &error);
    }
  if (forms == NULL || !lalan_openrosa_client_probe (client, &probe, cancellable, &error))
    {
      job->message = g_strdup (error->message);
      return;
    }

  if (job->use_saved)
    lalan_outbox_set_last_contact (job->store, g_get_real_time (), NULL);

  for (guint i = 0; i < forms->len; i++)
    {
      LalanOpenRosaForm *form = g_ptr_array_index (forms, i);

      if (i > 0)
        g_string_append (names, _(", "));
      g_string_append (names, form->name != NULL ? form->name : form->form_id);
    }

  if (forms->len == 0)
    g_string_append (message, _("The server answers and takes these credentials, but offers no forms yet."));
  else
    g_string_append_printf (message,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "The server answers and takes these credentials. It offers %u form: %s.",
                                         "The server answers and takes these credentials. It offers %u forms: %s.",
                                         forms->len),
                            forms->len, names->str);

  if (!job->use_saved)
    {
      g_string_append_c (message, ' ');
      g_string_append (message, _("Choose Save to send records there."));
    }

  job->message = g_string_free (g_steal_pointer (&message), FALSE);
  job->ok = TRUE;
}

static void
save_server (Job *job)
{
  g_autoptr(LalanSyncServer) server = NULL;
  g_autoptr(GError) error = NULL;

  server = lalan_sync_server_new (job->url, job->user, job->password, &error);
  if (server == NULL || !lalan_sync_server_save (server, job->store, &job->place, &error))
    {
      job->message = g_strdup (error->message);
      return;
    }

  job->saved_url = g_strdup (lalan_sync_server_get_public_url (server));
  job->saved_user = g_strdup (lalan_sync_server_get_username (server));
  job->message = g_strdup_printf (_("Saved. Records will be sent to %s."), job->saved_url);
  job->ok = TRUE;
}

static void
load_server (Job *job)
{
  g_autoptr(LalanSyncServer) server = NULL;
  g_autoptr(GError) error = NULL;

  job->saved_url = lalan_sync_server_load_public_url (job->store, &job->saved_user, NULL);
  if (job->saved_url == NULL)
    return;

  server = lalan_sync_server_load (job->store, &job->place, &error);
  if (server == NULL)
    job->message = g_strdup (error->message);
  job->ok = TRUE;
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;

  switch (job->kind)
    {
    case JOB_LOAD:
      load_server (job);
      break;
    case JOB_TEST:
      test_connection (job, cancellable);
      break;
    case JOB_SAVE:
      save_server (job);
      break;
    default:
      g_assert_not_reached ();
    }

  g_task_return_boolean (task, TRUE);
}

static void
set_busy (LalanServerPage *self,
          gboolean         busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), !busy && self->store != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), !busy && self->store != NULL);
}

static void
show_message (LalanServerPage *self,
              const char      *message,
              gboolean         ok)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  if (ok)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "success");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
    }
}

static void
show_place (LalanServerPage  *self,
            LalanSecretPlace  place)
{
  g_autofree char *text = describe_place (place);

  gtk_label_set_text (self->secret_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->secret_label), text != NULL);
}

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  LalanServerPage *self = LALAN_SERVER_PAGE (object);
  Job *job = g_task_get_task_data (G_TASK (result));

  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  set_busy (self, FALSE);

  switch (job->kind)
    {
    case JOB_LOAD:
      g_free (self->saved_url);
      g_free (self->saved_user);
      self->saved_url = g_steal_pointer (&job->saved_url);
      self->saved_user = g_steal_pointer (&job->saved_user);
      gtk_editable_set_text (GTK_EDITABLE (self->url_row), self->saved_url != NULL ? self->saved_url : "");
      gtk_editable_set_text (GTK_EDITABLE (self->user_row), self->saved_user != NULL ? self->saved_user : "");
      show_place (self, job->place);
      if (job->message != NULL)
        show_message (self, job->message, FALSE);
      break;

    case JOB_TEST:
      show_message (self, job->message, job->ok);
      break;

    case JOB_SAVE:
      show_message (self, job->message, job->ok);
      if (job->ok)
        {
          g_free (self->saved_url);
          g_free (self->saved_user);
          self->saved_url = g_steal_pointer (&job->saved_url);
          self->saved_user = g_steal_pointer (&job->saved_user);
          gtk_editable_set_text (GTK_EDITABLE (self->url_row), self->saved_url);
          gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
          show_place (self, job->place);
          if (self->scheduler != NULL)
            lalan_sync_scheduler_server_changed (self->scheduler);
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
run_job (LalanServerPage *self,
         JobKind          kind)
{
  g_autoptr(GTask) task = NULL;
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  Job *job;

  if (self->store == NULL || self->busy)
    return;

  job = g_new0 (Job, 1);
  job->kind = kind;
  job->store = g_object_ref (self->store);
  job->url = g_strstrip (g_strdup (url));
  job->user = *user != '\0' ? g_strdup (user) : NULL;
  job->password = *password != '\0' ? g_strdup (password) : NULL;
  /* The address as shown, untouched: the one saved, with its secret. */
  job->use_saved = self->saved_url != NULL && g_str_equal (job->url, self->saved_url) && job->password == NULL &&
                   g_strcmp0 (job->user, self->saved_user) == 0;

  if (kind == JOB_SAVE && job->use_saved)
    {
      show_message (self, _("Nothing was changed."), TRUE);
      job_free (job);
      return;
    }

  if (!job->use_saved && kind != JOB_LOAD && g_utf8_strchr (job->url, -1, g_utf8_get_char ("…")) != NULL)
    {
      show_message (self, _("Paste the whole address you were given, with its token: the one shown here hides it."),
                    FALSE);
      job_free (job);
      return;
    }

  if (kind == JOB_TEST)
    show_message (self, _("Testing the connection…"), TRUE);

  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, job_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

static void
on_test_clicked_cb (LalanServerPage *self)
{
  run_job (self, JOB_TEST);
}

static void
on_save_clicked_cb (LalanServerPage *self)
{
  run_job (self, JOB_SAVE);
}

static void
lalan_server_page_dispose (GObject *object)
{
  LalanServerPage *self = LALAN_SERVER_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->scheduler);
  g_clear_pointer (&self->saved_url, g_free);
  g_clear_pointer (&self->saved_user, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), LALAN_TYPE_SERVER_PAGE);

  G_OBJECT_CLASS (lalan_server_page_parent_class)->dispose (object);
}

static void
lalan_server_page_class_init (LalanServerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lalan_server_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/tw/lalan/Lalan/ui/lalan-server-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LalanServerPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, LalanServerPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, LalanServerPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, LalanServerPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, LalanServerPage, test_button);
  gtk_widget_class_bind_template_child (widget_class, LalanServerPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, LalanServerPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, LalanServerPage, secret_label);
  gtk_widget_class_bind_template_child (widget_class, LalanServerPage, metered_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
}

static void
lalan_server_page_init (LalanServerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  set_busy (self, FALSE);
}

/**
 * lalan_server_page_setup:
 * @self: the page
 * @store: (nullable): the store, or %NULL while it is not open
 * @scheduler: (nullable): the app's scheduler, told when the server changes
 * @settings: the app's settings
 *
 * Fills the page from the saved server and follows the settings.
 */
void
lalan_server_page_setup (LalanServerPage    *self,
                         LalanStore         *store,
                         LalanSyncScheduler *scheduler,
                         GSettings          *settings)
{
  g_return_if_fail (LALAN_IS_SERVER_PAGE (self));

  g_set_object (&self->store, store);
  g_set_object (&self->scheduler, scheduler);
  g_settings_bind (settings, "avoid-metered", self->metered_switch, "active", G_SETTINGS_BIND_DEFAULT);

  set_busy (self, FALSE);
  if (store != NULL)
    run_job (self, JOB_LOAD);
}

/**
 * lalan_server_page_get_message:
 * @self: the page
 *
 * Returns: the sentence shown after the last test or save, for tests
 */
const char *
lalan_server_page_get_message (LalanServerPage *self)
{
  g_return_val_if_fail (LALAN_IS_SERVER_PAGE (self), NULL);
  return gtk_label_get_text (self->message_label);
}

/**
 * lalan_server_page_get_busy:
 * @self: the page
 *
 * Returns: whether a test, save or load is under way
 */
gboolean
lalan_server_page_get_busy (LalanServerPage *self)
{
  g_return_val_if_fail (LALAN_IS_SERVER_PAGE (self), FALSE);
  return self->busy;
}
