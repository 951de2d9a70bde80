/* lalan-learner-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-learner-dialog.h"

#include "lalan-focus.h"
#include "lalan-learners.h"
#include "lalan-lesson-picture.h"
#include "lalan-pin.h"

#include <glib/gi18n.h>
#include <string.h>

/* Adds a learner, or turns a guest into one (keeping the guest's id, so
 * the progress made as a guest becomes theirs): a name or nickname, a
 * picture, and a PIN if they want one. The PIN is hashed (slow on
 * purpose) and saved on a worker thread. */

struct _LalanLearnerDialog
{
  AdwWindow     parent_instance;

  /* template children */
  GtkWidget    *save_button;
  GtkLabel     *intro_label;
  AdwEntryRow  *name_row;
  GtkFlowBox   *avatar_box;
  AdwEntryRow  *pin_row;
  AdwEntryRow  *pin_again_row;
  GtkLabel     *error_label;

  /* owned */
  LalanStore   *store;
  LalanLearner *guest;
  GCancellable *cancellable;

  gboolean      saving;
};

G_DEFINE_FINAL_TYPE (LalanLearnerDialog, lalan_learner_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  LalanStore *store;
  char       *guest_id;
  char       *name;
  char       *avatar;
  char       *pin;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->store);
  g_free (data->guest_id);
  g_free (data->name);
  g_free (data->avatar);
  if (data->pin != NULL)
    memset (data->pin, 0, strlen (data->pin));
  g_free (data->pin);
  g_free (data);
}

static const char *
selected_avatar (LalanLearnerDialog *self)
{
  g_autoptr(GList) selected = gtk_flow_box_get_selected_children (self->avatar_box);

  if (selected == NULL)
    return NULL;
  return g_object_get_data (G_OBJECT (selected->data), "avatar");
}

/* Returns a sentence saying what is missing, or NULL when all is well. */
static const char *
check_form (LalanLearnerDialog *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_row));
  const char *again = gtk_editable_get_text (GTK_EDITABLE (self->pin_again_row));
  g_autofree char *clean = lalan_learner_clean_name (name, NULL);

  if (clean == NULL)
    return _("Type a name or nickname.");
  if (selected_avatar (self) == NULL)
    return _("Choose a picture.");
  if (*pin != '\0' && !lalan_pin_is_valid (pin))
    return _("A PIN is four digits, such as 2580.");
  if (*pin != '\0' && !g_str_equal (pin, again))
    return _("The two PINs are not the same.");
  return NULL;
}

static void
on_changed_cb (LalanLearnerDialog *self)
{
  gtk_widget_set_sensitive (self->save_button, !self->saving && check_form (self) == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autoptr(GError) error = NULL;
  LalanLearner *learner;

  if (data->guest_id != NULL)
    learner = lalan_learners_convert_guest (data->store, data->guest_id, data->name,
                                            data->avatar, data->pin, &error);
  else
    learner = lalan_learners_create (data->store, data->name, data->avatar, data->pin, &error);

  if (learner == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, learner, (GDestroyNotify) lalan_learner_free);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  LalanLearnerDialog *self = LALAN_LEARNER_DIALOG (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanLearner) learner = NULL;

  learner = g_task_propagate_pointer (G_TASK (result), &error);
  self->saving = FALSE;

  if (learner == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      on_changed_cb (self);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, learner);
  lalan_focus_release (GTK_WIDGET (self));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_save_clicked_cb (LalanLearnerDialog *self)
{
  g_autoptr(GTask) task = NULL;
  const char *problem = check_form (self);
  const char *pin;
  SaveData *data;

  if (self->saving)
    return;

  if (problem != NULL)
    {
      gtk_label_set_text (self->error_label, problem);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_row));
  data = g_new0 (SaveData, 1);
  data->store = g_object_ref (self->store);
  data->guest_id = self->guest != NULL ? g_strdup (self->guest->id) : NULL;
  data->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  data->avatar = g_strdup (selected_avatar (self));
  data->pin = *pin != '\0' ? g_strdup (pin) : NULL;

  self->saving = TRUE;
  gtk_widget_set_sensitive (self->save_button, FALSE);

  task = g_task_new (self, self->cancellable, save_cb, NULL);
  g_task_set_source_tag (task, on_save_clicked_cb);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

static void
populate_avatars (LalanLearnerDialog *self)
{
  const char * const *avatars = lalan_avatars_list ();

  for (guint i = 0; avatars[i] != NULL; i++)
    {
      GtkWidget *child = gtk_flow_box_child_new ();

      gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), lalan_avatar_picture_new (avatars[i], 64));
      gtk_widget_add_css_class (child, "lalan-avatar-choice");
      g_object_set_data (G_OBJECT (child), "avatar", (gpointer) avatars[i]);
      gtk_widget_set_tooltip_text (child, lalan_avatar_get_name (avatars[i]));
      gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, lalan_avatar_get_name (avatars[i]),
                                      -1);
      gtk_flow_box_append (self->avatar_box, child);
    }

  gtk_flow_box_select_child (self->avatar_box, gtk_flow_box_get_child_at_index (self->avatar_box, 0));
}

static gboolean
lalan_learner_dialog_close_request (GtkWindow *window)
{
  lalan_focus_release (GTK_WIDGET (window));

  return GTK_WINDOW_CLASS (lalan_learner_dialog_parent_class)->close_request (window);
}

static void
lalan_learner_dialog_dispose (GObject *object)
{
  LalanLearnerDialog *self = (LalanLearnerDialog *) object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), LALAN_TYPE_LEARNER_DIALOG);

  G_OBJECT_CLASS (lalan_learner_dialog_parent_class)->dispose (object);
}

static void
lalan_learner_dialog_finalize (GObject *object)
{
  LalanLearnerDialog *self = (LalanLearnerDialog *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->guest, lalan_learner_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lalan_learner_dialog_parent_class)->finalize (object);
}

static void
lalan_learner_dialog_class_init (LalanLearnerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = lalan_learner_dialog_dispose;
  window_class->close_request = lalan_learner_dialog_close_request;
  object_class->finalize = lalan_learner_dialog_finalize;

  /**
   * LalanLearnerDialog::saved:
   * @learner: the learner as saved
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, LALAN_TYPE_LEARNER);

  gtk_widget_class_set_template_from_resource (widget_class, "/tw/lalan/Lalan/ui/lalan-learner-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LalanLearnerDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, LalanLearnerDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, LalanLearnerDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, LalanLearnerDialog, avatar_box);
  gtk_widget_class_bind_template_child (widget_class, LalanLearnerDialog, pin_row);
  gtk_widget_class_bind_template_child (widget_class, LalanLearnerDialog, pin_again_row);
  gtk_widget_class_bind_template_child (widget_class, LalanLearnerDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lalan_learner_dialog_init (LalanLearnerDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  populate_avatars (self);

  /* The name is what is asked first: the keyboard starts there. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->name_row));
}

/**
 * lalan_learner_dialog_new:
 * @store: where the learner is saved
 * @guest: (nullable): a guest to turn into a learner, keeping their progress
 *
 * Returns: (transfer full): the dialog; present it
 */
LalanLearnerDialog *
lalan_learner_dialog_new (LalanStore         *store,
                          const LalanLearner *guest)
{
  LalanLearnerDialog *self;

  g_return_val_if_fail (LALAN_IS_STORE (store), NULL);

  self = g_object_new (LALAN_TYPE_LEARNER_DIALOG, NULL);
  self->store = g_object_ref (store);
  if (guest != NULL)
    {
      self->guest = lalan_learner_copy (guest);
      gtk_window_set_title (GTK_WINDOW (self), _("Keep My Progress"));
      gtk_label_set_text (self->intro_label,
                          _("Give yourself a name and a picture. What you did as a guest stays yours."));
      gtk_widget_set_visible (GTK_WIDGET (self->intro_label), TRUE);
    }

  return self;
}

/**
 * lalan_learner_dialog_set_name:
 *
 * Fills in the name, as if typed.
 */
void
lalan_learner_dialog_set_name (LalanLearnerDialog *self,
                               const char         *name)
{
  g_return_if_fail (LALAN_IS_LEARNER_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
}

/**
 * lalan_learner_dialog_set_pin:
 *
 * Fills in both PIN fields, as if typed.
 */
void
lalan_learner_dialog_set_pin (LalanLearnerDialog *self,
                              const char         *pin)
{
  g_return_if_fail (LALAN_IS_LEARNER_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), pin);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_again_row), pin);
}

/**
 * lalan_learner_dialog_save:
 *
 * Does what pressing Save does.
 */
void
lalan_learner_dialog_save (LalanLearnerDialog *self)
{
  g_return_if_fail (LALAN_IS_LEARNER_DIALOG (self));

  on_save_clicked_cb (self);
}
