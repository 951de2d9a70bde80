/* lalan-learner-picker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-learner-picker.h"

#include "lalan-learners.h"
#include "lalan-lesson-picture.h"

#include <glib/gi18n.h>

/* "Who is learning?": one big button per learner, with their picture
 * and name, for people who may not read their name easily but know their
 * flying fish or their bear. */

struct _LalanLearnerPicker
{
  GtkWidget   parent_instance;

  /* template children */
  GtkFlowBox *learners_box;
  GtkSpinner *spinner;
  GtkWidget  *add_button;

  /* owned */
  GPtrArray  *learners;      /* LalanLearner */
};

G_DEFINE_FINAL_TYPE (LalanLearnerPicker, lalan_learner_picker, GTK_TYPE_WIDGET)

enum {
  LEARNER_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_learner_clicked_cb (GtkButton          *button,
                       LalanLearnerPicker *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  if (self->learners != NULL && index < self->learners->len)
    g_signal_emit (self, signals[LEARNER_CHOSEN], 0, g_ptr_array_index (self->learners, index));
}

static GtkWidget *
make_learner_button (LalanLearnerPicker *self,
                     const LalanLearner *learner,
                     guint               index)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *name = gtk_label_new (lalan_learner_get_display_name (learner));
  GtkWidget *overlay = gtk_overlay_new ();
  g_autofree char *accessible = NULL;

  gtk_overlay_set_child (GTK_OVERLAY (overlay), lalan_avatar_picture_new (learner->avatar_id, 96));
  if (learner->pin_hash != NULL)
    {
      GtkWidget *lock = gtk_image_new_from_icon_name ("system-lock-screen-symbolic");

      gtk_widget_set_halign (lock, GTK_ALIGN_END);
      gtk_widget_set_valign (lock, GTK_ALIGN_END);
      gtk_widget_add_css_class (lock, "lalan-avatar-lock");
      gtk_accessible_update_property (GTK_ACCESSIBLE (lock), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
      gtk_overlay_add_overlay (GTK_OVERLAY (overlay), lock);
    }
  gtk_widget_set_halign (overlay, GTK_ALIGN_CENTER);

  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_justify (GTK_LABEL (name), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 12);
  gtk_widget_add_css_class (name, "lalan-learner-name");

  gtk_box_append (GTK_BOX (box), overlay);
  gtk_box_append (GTK_BOX (box), name);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "lalan-learner-button");
  gtk_widget_add_css_class (button, "flat");

  if (learner->pin_hash != NULL)
    /* Translators: a learner's button, for screen readers; %s is the name */
    accessible = g_strdup_printf (_("%s, with a PIN"), lalan_learner_get_display_name (learner));
  else
    accessible = g_strdup (lalan_learner_get_display_name (learner));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (index));
  g_signal_connect (button, "clicked", G_CALLBACK (on_learner_clicked_cb), self);

  return button;
}

static void
lalan_learner_picker_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), LALAN_TYPE_LEARNER_PICKER);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (lalan_learner_picker_parent_class)->dispose (object);
}

static void
lalan_learner_picker_finalize (GObject *object)
{
  LalanLearnerPicker *self = (LalanLearnerPicker *) object;

  g_clear_pointer (&self->learners, g_ptr_array_unref);

  G_OBJECT_CLASS (lalan_learner_picker_parent_class)->finalize (object);
}

static void
lalan_learner_picker_class_init (LalanLearnerPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lalan_learner_picker_dispose;
  object_class->finalize = lalan_learner_picker_finalize;

  /**
   * LalanLearnerPicker::learner-chosen:
   * @learner: the learner who pressed their picture
   */
  signals[LEARNER_CHOSEN] =
    g_signal_new ("learner-chosen",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, LALAN_TYPE_LEARNER);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/tw/lalan/Lalan/ui/lalan-learner-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, LalanLearnerPicker, learners_box);
  gtk_widget_class_bind_template_child (widget_class, LalanLearnerPicker, spinner);
  gtk_widget_class_bind_template_child (widget_class, LalanLearnerPicker, add_button);
}

static void
lalan_learner_picker_init (LalanLearnerPicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * lalan_learner_picker_set_learners:
 * @learners: (element-type LalanLearner): the learners, in the order to show
 */
void
lalan_learner_picker_set_learners (LalanLearnerPicker *self,
                                   GPtrArray          *learners)
{
  GtkWidget *child;

  g_return_if_fail (LALAN_IS_LEARNER_PICKER (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->learners_box))) != NULL)
    gtk_flow_box_remove (self->learners_box, child);

  g_clear_pointer (&self->learners, g_ptr_array_unref);
  self->learners = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_learner_free);

  for (guint i = 0; learners != NULL && i < learners->len; i++)
    {
      const LalanLearner *learner = g_ptr_array_index (learners, i);
      GtkWidget *flow_child;

      g_ptr_array_add (self->learners, lalan_learner_copy (learner));
      gtk_flow_box_append (self->learners_box, make_learner_button (self, learner, i));

      /* The button inside takes the focus; the flow box child would be a
       * second, silent stop for every learner. */
      flow_child = GTK_WIDGET (gtk_flow_box_get_child_at_index (self->learners_box, (int) i));
      gtk_widget_set_focusable (flow_child, FALSE);
    }

  /* As many columns as learners (up to six), so a few learners sit in
   * the middle rather than at the left of a wide, empty grid. */
  gtk_flow_box_set_max_children_per_line (self->learners_box, CLAMP (self->learners->len, 1, 6));
  gtk_flow_box_set_min_children_per_line (self->learners_box, MIN (self->learners->len, 2));
  gtk_widget_set_visible (GTK_WIDGET (self->learners_box), self->learners->len > 0);
  lalan_learner_picker_set_loading (self, FALSE);
}

/**
 * lalan_learner_picker_set_loading:
 * @loading: whether the learners are being read
 */
void
lalan_learner_picker_set_loading (LalanLearnerPicker *self,
                                  gboolean            loading)
{
  g_return_if_fail (LALAN_IS_LEARNER_PICKER (self));

  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
}

/**
 * lalan_learner_picker_focus:
 *
 * Puts the keyboard on the first learner, or on Add a Learner.
 */
void
lalan_learner_picker_focus (LalanLearnerPicker *self)
{
  GtkFlowBoxChild *first;

  g_return_if_fail (LALAN_IS_LEARNER_PICKER (self));

  first = gtk_flow_box_get_child_at_index (self->learners_box, 0);
  if (first != NULL)
    gtk_widget_grab_focus (gtk_flow_box_child_get_child (first));
  else
    gtk_widget_grab_focus (self->add_button);
}
