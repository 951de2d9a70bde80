/* lalan-teacher-pin-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-teacher-pin-dialog.h"

#include "lalan-focus.h"
#include "lalan-pin.h"
#include "lalan-teacher-pin.h"

#include <glib/gi18n.h>
#include <string.h>

/* Sets or changes the teacher PIN from Preferences. Changing it asks for
 * the current one: Preferences are open to anyone at the computer, and
 * the PIN is what keeps every learner's progress for the teacher. */

struct _LalanTeacherPinDialog
{
  AdwMessageDialog  parent_instance;

  /* children */
  GtkWidget        *current_row;
  GtkWidget        *pin_row;
  GtkWidget        *again_row;

};

G_DEFINE_FINAL_TYPE (LalanTeacherPinDialog, lalan_teacher_pin_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
text_of (GtkWidget *row)
{
  return row != NULL ? gtk_editable_get_text (GTK_EDITABLE (row)) : "";
}

static void
on_changed_cb (LalanTeacherPinDialog *self)
{
  const char *pin = text_of (self->pin_row);
  gboolean valid = lalan_pin_is_valid (pin) &&
                   g_str_equal (pin, text_of (self->again_row)) &&
                   (self->current_row == NULL || lalan_pin_is_valid (text_of (self->current_row)));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "set", valid);
}

static void
lalan_teacher_pin_dialog_response (AdwMessageDialog *dialog,
                                   const char       *response)
{
  LalanTeacherPinDialog *self = LALAN_TEACHER_PIN_DIALOG (dialog);

  if (g_str_equal (response, "set"))
    g_signal_emit (self, signals[CHOSEN], 0,
                   self->current_row != NULL ? text_of (self->current_row) : NULL,
                   text_of (self->pin_row));

  /* Every way out (buttons, Escape, the window's close) is a response. */
  lalan_focus_release (GTK_WIDGET (self));

  if (ADW_MESSAGE_DIALOG_CLASS (lalan_teacher_pin_dialog_parent_class)->response != NULL)
    ADW_MESSAGE_DIALOG_CLASS (lalan_teacher_pin_dialog_parent_class)->response (dialog, response);
}

static GtkWidget *
add_entry (GtkWidget  *box,
           const char *label_text)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (label_text);
  GtkWidget *entry = gtk_password_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_label_get_text (GTK_LABEL (label)),
                                  -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);
  return entry;
}

static void
lalan_teacher_pin_dialog_class_init (LalanTeacherPinDialogClass *klass)
{
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  dialog_class->response = lalan_teacher_pin_dialog_response;

  /**
   * LalanTeacherPinDialog::chosen:
   * @current: (nullable): the current PIN as typed, when one is set
   * @pin: the new PIN
   *
   * The person pressed Set PIN; save it with lalan_teacher_pin_set_async().
   */
  signals[CHOSEN] =
    g_signal_new ("chosen",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
lalan_teacher_pin_dialog_init (LalanTeacherPinDialog *self)
{
}

/**
 * lalan_teacher_pin_dialog_new:
 * @parent: the Preferences window
 * @is_set: whether a PIN is set now (then the current one is asked)
 *
 * Returns: (transfer full): the dialog; present it
 */
LalanTeacherPinDialog *
lalan_teacher_pin_dialog_new (GtkWindow *parent,
                              gboolean   is_set)
{
  LalanTeacherPinDialog *self;
  GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self = g_object_new (LALAN_TYPE_TEACHER_PIN_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", is_set ? _("Change the Teacher PIN") : _("Set a Teacher PIN"),
                       "body", _("Four digits that only teachers know. They open the teacher’s view, with every learner’s progress."),
                       NULL);

  if (is_set)
    self->current_row = add_entry (list, _("_Current PIN"));
  self->pin_row = add_entry (list, _("_New PIN"));
  self->again_row = add_entry (list, _("The new PIN _again"));
  g_signal_connect_swapped (self->pin_row, "changed", G_CALLBACK (on_changed_cb), self);
  g_signal_connect_swapped (self->again_row, "changed", G_CALLBACK (on_changed_cb), self);
  if (self->current_row != NULL)
    g_signal_connect_swapped (self->current_row, "changed", G_CALLBACK (on_changed_cb), self);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), list);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "set", _("_Set PIN"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "set", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "set", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "set");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");

  return self;
}

/**
 * lalan_teacher_pin_dialog_fill:
 * @current: (nullable): the current PIN
 * @pin: the new PIN, typed in both fields
 *
 * Fills in the fields, as if typed.
 */
void
lalan_teacher_pin_dialog_fill (LalanTeacherPinDialog *self,
                               const char            *current,
                               const char            *pin)
{
  g_return_if_fail (LALAN_IS_TEACHER_PIN_DIALOG (self));

  if (self->current_row != NULL && current != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->current_row), current);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), pin);
  gtk_editable_set_text (GTK_EDITABLE (self->again_row), pin);
}

typedef struct
{
  LalanStore *store;
  char       *current;
  char       *pin;
} SetData;

static void
set_data_free (SetData *data)
{
  g_clear_object (&data->store);
  if (data->current != NULL)
    memset (data->current, 0, strlen (data->current));
  if (data->pin != NULL)
    memset (data->pin, 0, strlen (data->pin));
  g_free (data->current);
  g_free (data->pin);
  g_free (data);
}

static void
set_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  SetData *data = task_data;
  g_autoptr(GError) error = NULL;

  if ((data->current != NULL && !lalan_teacher_pin_check (data->store, data->current, &error)) ||
      !lalan_teacher_pin_set (data->store, data->pin, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * lalan_teacher_pin_set_async:
 * @store: where the PIN is kept
 * @current: (nullable): the current PIN, checked first when given
 * @pin: the new PIN
 *
 * Checks the current PIN and saves the new one, on a worker thread
 * (hashing is slow on purpose).
 */
void
lalan_teacher_pin_set_async (LalanStore          *store,
                             const char          *current,
                             const char          *pin,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SetData *data;

  g_return_if_fail (LALAN_IS_STORE (store));
  g_return_if_fail (pin != NULL);

  data = g_new0 (SetData, 1);
  data->store = g_object_ref (store);
  data->current = g_strdup (current);
  data->pin = g_strdup (pin);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lalan_teacher_pin_set_async);
  g_task_set_task_data (task, data, (GDestroyNotify) set_data_free);
  g_task_run_in_thread (task, set_thread);
}

gboolean
lalan_teacher_pin_set_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
