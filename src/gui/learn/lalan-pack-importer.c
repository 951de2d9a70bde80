/* lalan-pack-importer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-pack-importer.h"

#include "lalan-pack-install.h"
#include "lalan-text.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

/* Importing a lesson pack from a USB stick: the person chooses a
 * `.lalanpack` file or a pack folder; the core unpacks and checks it in a
 * staging folder (a worker thread); the person sees what it adds, changes
 * or removes and decides; then it is swapped into place and recorded.
 * A pack that is refused leaves nothing behind, and the reason is the
 * core's sentence naming the file at fault. */

struct _LalanPackImporter
{
  GObject            parent_instance;

  /* owned */
  LalanLearnContext *context;
  LalanPackInstall  *install;
  GHashTable        *titles;        /* lesson id → title, of the new and old versions */
  GtkNativeDialog   *chooser;
  GCancellable      *cancellable;

  /* borrowed, weak */
  GtkWindow         *parent;
};

G_DEFINE_FINAL_TYPE (LalanPackImporter, lalan_pack_importer, G_TYPE_OBJECT)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char             *source;
  gboolean          remove_source;  /* a download, not the person's file */
  GHashTable       *pack_dirs;     /* pack id → folder, of the library now */
  char             *language;
  LalanPackInstall *install;
  GHashTable       *titles;
} PrepareData;

static void
prepare_data_free (PrepareData *data)
{
  g_free (data->source);
  g_clear_pointer (&data->pack_dirs, g_hash_table_unref);
  g_free (data->language);
  g_clear_object (&data->install);
  g_clear_pointer (&data->titles, g_hash_table_unref);
  g_free (data);
}

static void
finish (LalanPackImporter *self,
        gboolean           installed,
        const char        *message)
{
  g_signal_emit (self, signals[FINISHED], 0, installed, message);
}

static void
show_error (LalanPackImporter *self,
            const char        *heading,
            const char        *message)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (self->parent, heading, message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));

  finish (self, FALSE, message);
}

static void
read_titles (GHashTable         *titles,
             const char         *dir,
             LalanPackManifest  *manifest,
             const char * const *lesson_ids,
             const char         *language)
{
  for (guint i = 0; lesson_ids != NULL && lesson_ids[i] != NULL; i++)
    {
      g_autoptr(LalanLesson) lesson = NULL;

      if (g_hash_table_contains (titles, lesson_ids[i]))
        continue;
      lesson = lalan_lesson_new_from_dir (dir, lalan_pack_manifest_get_id (manifest), lesson_ids[i],
                                          lalan_pack_manifest_get_languages (manifest), NULL);
      if (lesson != NULL)
        g_hash_table_insert (titles, g_strdup (lesson_ids[i]),
                             g_strdup (lalan_lesson_get_title (lesson, language)));
    }
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PrepareData *data = task_data;
  g_autoptr(GError) error = NULL;
  LalanPackManifest *manifest;
  const char *old_dir;

  data->install = lalan_pack_install_prepare (data->source, NULL, NULL, LALAN_PACK_INSTALL_DEFAULT,
                                              cancellable, &error);
  /* The staging folder holds everything now; a download is not kept. */
  if (data->remove_source)
    g_unlink (data->source);
  if (data->install == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Lesson titles for the summary: new and changed ones from the pack
   * being installed, removed ones from the version installed now. */
  manifest = lalan_pack_install_get_manifest (data->install);
  data->titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  read_titles (data->titles, lalan_pack_install_get_staging_dir (data->install), manifest,
               lalan_pack_install_get_added (data->install), data->language);
  read_titles (data->titles, lalan_pack_install_get_staging_dir (data->install), manifest,
               lalan_pack_install_get_changed (data->install), data->language);
  old_dir = g_hash_table_lookup (data->pack_dirs, lalan_pack_manifest_get_id (manifest));
  if (old_dir != NULL)
    {
      g_autofree char *path = g_build_filename (old_dir, LALAN_PACK_MANIFEST_NAME, NULL);
      g_autoptr(LalanPackManifest) old = lalan_pack_manifest_new_from_file (path, path, NULL);

      if (old != NULL)
        read_titles (data->titles, old_dir, old,
                     lalan_pack_install_get_removed (data->install), data->language);
    }

  g_task_return_boolean (task, TRUE);
}

static void
append_lessons (LalanPackImporter  *self,
                GString            *text,
                const char         *heading,
                const char * const *lesson_ids)
{
  if (lesson_ids == NULL || lesson_ids[0] == NULL)
    return;

  g_string_append_printf (text, "\n\n%s", heading);
  for (guint i = 0; lesson_ids[i] != NULL; i++)
    {
      const char *title = g_hash_table_lookup (self->titles, lesson_ids[i]);

      g_string_append_printf (text, "\n• %s", title != NULL ? title : lesson_ids[i]);
    }
}

static void
commit_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  LalanPackInstall *install = task_data;
  LalanStore *store = g_object_get_data (G_OBJECT (task), "store");
  g_autoptr(GError) error = NULL;

  if (!lalan_pack_install_commit (install, &error) ||
      (store != NULL && !lalan_pack_install_save_to_store (install, store, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
commit_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  LalanPackImporter *self = LALAN_PACK_IMPORTER (object);
  LalanPackManifest *manifest = lalan_pack_install_get_manifest (self->install);
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_clear_object (&self->install);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("The Lessons Could Not Be Installed"), error->message);
      return;
    }

  /* Translators: %s is the title of a lesson pack */
  message = g_strdup_printf (_("“%s” is installed."),
                             lalan_pack_manifest_get_title (manifest, lalan_learn_context_get_language (self->context)));
  g_clear_object (&self->install);
  lalan_learn_context_reload_library (self->context);
  finish (self, TRUE, message);
}

static void
on_confirm_response_cb (AdwMessageDialog  *dialog,
                        const char        *response,
                        LalanPackImporter *self)
{
  lalan_pack_importer_respond (self, g_str_equal (response, "install"));
}

static void
confirm (LalanPackImporter *self)
{
  LalanPackManifest *manifest = lalan_pack_install_get_manifest (self->install);
  const char *title = lalan_pack_manifest_get_title (manifest, lalan_learn_context_get_language (self->context));
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *heading = NULL;
  GPtrArray *warnings = lalan_pack_install_get_warnings (self->install);
  GtkWidget *dialog;
  gboolean update = lalan_pack_install_is_update (self->install);

  if (update)
    {
      /* Translators: %s is a lesson pack's title */
      heading = g_strdup_printf (_("Update “%s”?"), title);
      /* Translators: the versions of a lesson pack, installed and new */
      g_string_append_printf (body, _("Version %s is installed. Version %s will replace it."),
                              lalan_pack_install_get_old_version (self->install),
                              lalan_pack_install_get_version (self->install));
      append_lessons (self, body, _("New lessons:"), lalan_pack_install_get_added (self->install));
      append_lessons (self, body, _("Changed lessons:"), lalan_pack_install_get_changed (self->install));
      append_lessons (self, body, _("Lessons that will be removed:"), lalan_pack_install_get_removed (self->install));
      g_string_append_printf (body, "\n\n%s",
                              _("Learners keep their progress on every lesson that stays."));
    }
  else
    {
      guint n = g_strv_length ((char **) lalan_pack_install_get_added (self->install));

      heading = g_strdup_printf (_("Install “%s”?"), title);
      g_string_append_printf (body, ngettext ("This pack has %u lesson:", "This pack has %u lessons:", n), n);
      append_lessons (self, body, "", lalan_pack_install_get_added (self->install));
    }

  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    g_string_append_printf (body, "\n\n%s", (const char *) g_ptr_array_index (warnings, i));

  dialog = adw_message_dialog_new (self->parent, heading, body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "install", update ? _("_Update") : _("_Install"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "install", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "install");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response_cb), self, 0);
  g_object_set_data (G_OBJECT (self), "confirm-dialog", dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
prepare_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  LalanPackImporter *self = LALAN_PACK_IMPORTER (object);
  PrepareData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("These Lessons Cannot Be Installed"), error->message);
      return;
    }

  g_set_object (&self->install, data->install);
  g_clear_pointer (&self->titles, g_hash_table_unref);
  self->titles = g_steal_pointer (&data->titles);
  confirm (self);
}

static void
on_chooser_response_cb (GtkNativeDialog   *chooser,
                        int                response,
                        LalanPackImporter *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);

  if (file != NULL && g_file_peek_path (file) != NULL)
    lalan_pack_importer_import (self, g_file_peek_path (file));
  else
    finish (self, FALSE, NULL);
}

static void
lalan_pack_importer_dispose (GObject *object)
{
  LalanPackImporter *self = (LalanPackImporter *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  g_clear_weak_pointer (&self->parent);

  G_OBJECT_CLASS (lalan_pack_importer_parent_class)->dispose (object);
}

static void
lalan_pack_importer_finalize (GObject *object)
{
  LalanPackImporter *self = (LalanPackImporter *) object;

  g_clear_object (&self->context);
  g_clear_object (&self->install);
  g_clear_pointer (&self->titles, g_hash_table_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lalan_pack_importer_parent_class)->finalize (object);
}

static void
lalan_pack_importer_class_init (LalanPackImporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lalan_pack_importer_dispose;
  object_class->finalize = lalan_pack_importer_finalize;

  /**
   * LalanPackImporter::finished:
   * @installed: whether a pack was installed
   * @message: (nullable): what happened, as a sentence; %NULL when the
   *   person cancelled
   */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_STRING);
}

static void
lalan_pack_importer_init (LalanPackImporter *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * lalan_pack_importer_new:
 * @parent: (nullable): the window dialogs belong to
 * @context: the Learn area's context; its library is reloaded after an install
 *
 * Returns: (transfer full): an importer
 */
LalanPackImporter *
lalan_pack_importer_new (GtkWindow         *parent,
                         LalanLearnContext *context)
{
  LalanPackImporter *self;

  g_return_val_if_fail (LALAN_IS_LEARN_CONTEXT (context), NULL);

  self = g_object_new (LALAN_TYPE_PACK_IMPORTER, NULL);
  self->context = g_object_ref (context);
  g_set_weak_pointer (&self->parent, parent);

  return self;
}

/**
 * lalan_pack_importer_choose:
 * @folder: %TRUE to choose a pack folder, %FALSE a `.lalanpack` file
 *
 * Asks which pack to import, then imports it.
 */
void
lalan_pack_importer_choose (LalanPackImporter *self,
                            gboolean           folder)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = NULL;

  g_return_if_fail (LALAN_IS_PACK_IMPORTER (self));

  /* GtkFileDialog is GTK 4.10; this is the 4.8 way, and a portal when
   * Lalan runs as a Flatpak. */
  chooser = gtk_file_chooser_native_new (folder ? _("Choose a Lesson Pack Folder") : _("Choose a Lesson Pack"),
                                         self->parent,
                                         folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (!folder)
    {
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _("Lesson packs"));
      gtk_file_filter_add_pattern (filter, "*.lalanpack");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }

  self->chooser = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (self->chooser);
}

static void import (LalanPackImporter *self,
                    const char        *path,
                    gboolean           remove_source);

/**
 * lalan_pack_importer_import:
 * @path: a `.lalanpack` file or a pack folder
 *
 * Checks the pack in the background, then asks the person to confirm
 * what it changes (or says why it cannot be installed).
 */
void
lalan_pack_importer_import (LalanPackImporter *self,
                            const char        *path)
{
  g_return_if_fail (LALAN_IS_PACK_IMPORTER (self));
  g_return_if_fail (path != NULL);

  import (self, path, FALSE);
}

/**
 * lalan_pack_importer_import_download:
 * @path: a downloaded `.lalanpack` file, already checked against its
 *   catalogue
 *
 * Like lalan_pack_importer_import(), and removes @path once it is read.
 */
void
lalan_pack_importer_import_download (LalanPackImporter *self,
                                     const char        *path)
{
  g_return_if_fail (LALAN_IS_PACK_IMPORTER (self));
  g_return_if_fail (path != NULL);

  import (self, path, TRUE);
}

static void
import (LalanPackImporter *self,
        const char        *path,
        gboolean           remove_source)
{
  g_autoptr(GTask) task = NULL;
  LalanLibrary *library;
  PrepareData *data;

  data = g_new0 (PrepareData, 1);
  data->source = g_strdup (path);
  data->remove_source = remove_source;
  data->language = g_strdup (lalan_learn_context_get_language (self->context));

  /* The folders of the packs there now, to name the lessons an update
   * removes; which pack it is is known only once the new one is read. */
  data->pack_dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  library = lalan_learn_context_get_library (self->context);
  if (library != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (library));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(LalanPack) pack = g_list_model_get_item (G_LIST_MODEL (library), i);

          g_hash_table_insert (data->pack_dirs, g_strdup (lalan_pack_get_id (pack)),
                               g_strdup (lalan_pack_get_dir (pack)));
        }
    }

  task = g_task_new (self, self->cancellable, prepare_cb, NULL);
  g_task_set_source_tag (task, lalan_pack_importer_import);
  g_task_set_task_data (task, data, (GDestroyNotify) prepare_data_free);
  g_task_run_in_thread (task, prepare_thread);
}

/**
 * lalan_pack_importer_respond:
 * @install: whether the person confirmed
 *
 * What the confirmation dialog's buttons do.
 */
void
lalan_pack_importer_respond (LalanPackImporter *self,
                             gboolean           install)
{
  g_autoptr(GTask) task = NULL;
  GtkWindow *dialog;

  g_return_if_fail (LALAN_IS_PACK_IMPORTER (self));

  dialog = g_object_get_data (G_OBJECT (self), "confirm-dialog");
  g_object_set_data (G_OBJECT (self), "confirm-dialog", NULL);
  if (dialog != NULL && gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_destroy (dialog);

  if (self->install == NULL)
    return;

  if (!install)
    {
      g_clear_object (&self->install);
      finish (self, FALSE, NULL);
      return;
    }

  task = g_task_new (self, NULL, commit_cb, NULL);
  g_task_set_source_tag (task, lalan_pack_importer_respond);
  g_task_set_task_data (task, g_object_ref (self->install), g_object_unref);
  if (lalan_learn_context_get_store (self->context) != NULL)
    g_object_set_data_full (G_OBJECT (task), "store",
                            g_object_ref (lalan_learn_context_get_store (self->context)),
                            g_object_unref);
  g_task_run_in_thread (task, commit_thread);
}

/**
 * lalan_pack_importer_get_pending:
 *
 * Returns: (transfer none) (nullable): the install waiting for the
 *   person's answer
 */
LalanPackInstall *
lalan_pack_importer_get_pending (LalanPackImporter *self)
{
  g_return_val_if_fail (LALAN_IS_PACK_IMPORTER (self), NULL);

  return self->install;
}
