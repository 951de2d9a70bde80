/* lalan-form-choice.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-form-choice.h"

/**
 * LalanFormChoice:
 *
 * One choice of a select: its value and its label in the session's
 * current language. A control's choices are a #GListModel of these.
 */

struct _LalanFormChoice
{
  GObject  parent_instance;

  char    *value;
  char    *label;
  char    *image;
};

G_DEFINE_FINAL_TYPE (LalanFormChoice, lalan_form_choice, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VALUE,
  PROP_LABEL,
  PROP_IMAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lalan_form_choice_finalize (GObject *object)
{
  LalanFormChoice *self = (LalanFormChoice *)object;

  g_clear_pointer (&self->value, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->image, g_free);

  G_OBJECT_CLASS (lalan_form_choice_parent_class)->finalize (object);
}

static void
lalan_form_choice_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LalanFormChoice *self = LALAN_FORM_CHOICE (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_IMAGE:
      g_value_set_string (value, self->image);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lalan_form_choice_class_init (LalanFormChoiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lalan_form_choice_finalize;
  object_class->get_property = lalan_form_choice_get_property;

  /**
   * LalanFormChoice:value:
   *
   * The value stored when the choice is selected.
   */
  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LalanFormChoice:label:
   *
   * The label in the session's current language.
   */
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LalanFormChoice:image:
   *
   * A `jr://images/...` label image, or %NULL.
   */
  properties[PROP_IMAGE] =
    g_param_spec_string ("image", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lalan_form_choice_init (LalanFormChoice *self)
{
}

/**
 * lalan_form_choice_new:
 * @value: the value
 * @label: the label
 * @image: (nullable): an image URI
 *
 * Returns: (transfer full): a new choice
 */
LalanFormChoice *
lalan_form_choice_new (const char *value,
                       const char *label,
                       const char *image)
{
  LalanFormChoice *self = g_object_new (LALAN_TYPE_FORM_CHOICE, NULL);

  self->value = g_strdup (value);
  self->label = g_strdup (label);
  self->image = g_strdup (image);
  return self;
}

const char *
lalan_form_choice_get_value (LalanFormChoice *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_CHOICE (self), NULL);
  return self->value;
}

const char *
lalan_form_choice_get_label (LalanFormChoice *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_CHOICE (self), NULL);
  return self->label;
}

const char *
lalan_form_choice_get_image (LalanFormChoice *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_CHOICE (self), NULL);
  return self->image;
}

/**
 * lalan_form_choice_set_label:
 *
 * Used by the session when the language changes.
 */
void
lalan_form_choice_set_label (LalanFormChoice *self,
                             const char      *label)
{
  g_return_if_fail (LALAN_IS_FORM_CHOICE (self));

  if (g_strcmp0 (self->label, label) == 0)
    return;
  g_free (self->label);
  self->label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}
