/* lalan-pin-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-pin-page.h"

#include "lalan-focus.h"
#include "lalan-learners.h"
#include "lalan-pin.h"

#include <glib/gi18n.h>

/* Asks for a four-digit PIN, a learner's or the teacher's. It only
 * collects it: the owner checks it (off the UI thread; checking is slow
 * on purpose) and calls show_error() or moves on. */

struct _LalanPinPage
{
  GtkWidget      parent_instance;

  /* template children */
  AdwStatusPage *status_page;
  GtkEditable   *entry;
  GtkLabel      *error_label;
  GtkWidget     *continue_button;
  GtkWidget     *cancel_button;
  GtkSpinner    *spinner;

  gboolean       busy;
};

G_DEFINE_FINAL_TYPE (LalanPinPage, lalan_pin_page, GTK_TYPE_WIDGET)

enum {
  SUBMITTED,
  CANCELLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_entry_changed_cb (LalanPinPage *self)
{
  gtk_widget_set_sensitive (self->continue_button,
                            !self->busy && lalan_pin_is_valid (gtk_editable_get_text (self->entry)));
}

static void
on_entry_activate_cb (LalanPinPage *self)
{
  const char *pin = gtk_editable_get_text (self->entry);

  if (self->busy)
    return;

  if (!lalan_pin_is_valid (pin))
    {
      lalan_pin_page_show_error (self, _("A PIN is four digits, such as 2580."));
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_signal_emit (self, signals[SUBMITTED], 0, pin);
}

static void
on_cancel_clicked_cb (LalanPinPage *self)
{
  g_signal_emit (self, signals[CANCELLED], 0);
}

static void
lalan_pin_page_unroot (GtkWidget *widget)
{
  lalan_focus_release (widget);

  GTK_WIDGET_CLASS (lalan_pin_page_parent_class)->unroot (widget);
}

static void
lalan_pin_page_dispose (GObject *object)
{
  lalan_focus_release (GTK_WIDGET (object));
  gtk_widget_dispose_template (GTK_WIDGET (object), LALAN_TYPE_PIN_PAGE);

  G_OBJECT_CLASS (lalan_pin_page_parent_class)->dispose (object);
}

static void
lalan_pin_page_class_init (LalanPinPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lalan_pin_page_dispose;
  widget_class->unroot = lalan_pin_page_unroot;

  /**
   * LalanPinPage::submitted:
   * @pin: the four digits typed
   */
  signals[SUBMITTED] =
    g_signal_new ("submitted",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * LalanPinPage::cancelled:
   *
   * The person pressed Back.
   */
  signals[CANCELLED] =
    g_signal_new ("cancelled",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/tw/lalan/Lalan/ui/lalan-pin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LalanPinPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, LalanPinPage, entry);
  gtk_widget_class_bind_template_child (widget_class, LalanPinPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, LalanPinPage, continue_button);
  gtk_widget_class_bind_template_child (widget_class, LalanPinPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LalanPinPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
}

static void
lalan_pin_page_init (LalanPinPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * lalan_pin_page_new:
 *
 * Returns: (transfer floating): a PIN page
 */
GtkWidget *
lalan_pin_page_new (void)
{
  return g_object_new (LALAN_TYPE_PIN_PAGE, NULL);
}

/**
 * lalan_pin_page_reset:
 * @title: what is asked, such as "Enter Your PIN, Ipay"
 * @description: (nullable): a sentence under it
 * @avatar: (nullable): the avatar to show, or %NULL for a lock
 *
 * Empties the entry and puts the keyboard in it.
 */
void
lalan_pin_page_reset (LalanPinPage *self,
                      const char   *title,
                      const char   *description,
                      const char   *avatar)
{
  g_return_if_fail (LALAN_IS_PIN_PAGE (self));

  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  if (avatar != NULL)
    {
      g_autofree char *resource = lalan_avatar_get_resource (avatar);
      g_autoptr(GdkTexture) texture = gdk_texture_new_from_resource (resource);

      adw_status_page_set_paintable (self->status_page, GDK_PAINTABLE (texture));
    }
  else
    {
      adw_status_page_set_paintable (self->status_page, NULL);
      adw_status_page_set_icon_name (self->status_page, "system-lock-screen-symbolic");
    }

  gtk_editable_set_text (self->entry, "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  lalan_pin_page_set_busy (self, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, title,
                                  -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

/**
 * lalan_pin_page_set_busy:
 * @busy: whether the PIN is being checked
 */
void
lalan_pin_page_set_busy (LalanPinPage *self,
                         gboolean      busy)
{
  g_return_if_fail (LALAN_IS_PIN_PAGE (self));

  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_editable_set_editable (self->entry, !busy);
  on_entry_changed_cb (self);
}

/**
 * lalan_pin_page_show_error:
 * @message: a translated sentence
 *
 * Says what went wrong and lets the person type again.
 */
void
lalan_pin_page_show_error (LalanPinPage *self,
                           const char   *message)
{
  g_return_if_fail (LALAN_IS_PIN_PAGE (self));

  lalan_pin_page_set_busy (self, FALSE);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  gtk_editable_set_text (self->entry, "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                  -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}
