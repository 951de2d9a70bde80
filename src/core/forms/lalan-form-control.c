/* lalan-form-control.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-form-control-private.h"
#include "lalan-form-choice.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/**
 * LalanFormControl:
 *
 * One control of a session's body, as a renderer shows it: a group, a
 * repeat and its instances, or a question. Its properties follow the
 * session (each change is notified), so a page binds them to widgets and
 * updates only what changed. Repeats list their instances in
 * #LalanFormControl:children; selects list their #LalanFormChoice in
 * lalan_form_control_get_choices().
 */

G_DEFINE_FINAL_TYPE (LalanFormControl, lalan_form_control, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_DATA_TYPE,
  PROP_PATH,
  PROP_LABEL,
  PROP_HINT,
  PROP_APPEARANCE,
  PROP_VALUE,
  PROP_RELEVANT,
  PROP_REQUIRED,
  PROP_READ_ONLY,
  PROP_VALID,
  PROP_VIOLATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static LalanFormControlKind
kind_of (LalanFormControl *self)
{
  return self->kind;
}

static void
lalan_form_control_dispose (GObject *object)
{
  LalanFormControl *self = (LalanFormControl *)object;

  if (self->children != NULL)
    g_list_store_remove_all (self->children);
  g_clear_object (&self->children);
  g_clear_object (&self->choices);

  G_OBJECT_CLASS (lalan_form_control_parent_class)->dispose (object);
}

static void
lalan_form_control_finalize (GObject *object)
{
  LalanFormControl *self = (LalanFormControl *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->hint, g_free);
  g_clear_pointer (&self->value, g_free);
  g_clear_pointer (&self->violation, g_free);

  G_OBJECT_CLASS (lalan_form_control_parent_class)->finalize (object);
}

static void
lalan_form_control_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LalanFormControl *self = LALAN_FORM_CONTROL (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, kind_of (self));
      break;
    case PROP_DATA_TYPE:
      g_value_set_enum (value, lalan_form_control_get_data_type (self));
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_HINT:
      g_value_set_string (value, self->hint);
      break;
    case PROP_APPEARANCE:
      g_value_set_string (value, lalan_form_control_get_appearance (self));
      break;
    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;
    case PROP_RELEVANT:
      g_value_set_boolean (value, self->relevant);
      break;
    case PROP_REQUIRED:
      g_value_set_boolean (value, self->required);
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    case PROP_VIOLATION:
      g_value_set_string (value, self->violation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lalan_form_control_class_init (LalanFormControlClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = lalan_form_control_dispose;
  object_class->finalize = lalan_form_control_finalize;
  object_class->get_property = lalan_form_control_get_property;

  /** LalanFormControl:kind: what the control is. */
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, LALAN_TYPE_FORM_CONTROL_KIND,
                       LALAN_FORM_CONTROL_INPUT, flags);
  /** LalanFormControl:data-type: the type of the bound node. */
  properties[PROP_DATA_TYPE] =
    g_param_spec_enum ("data-type", NULL, NULL, LALAN_TYPE_FORM_DATA_TYPE,
                       LALAN_FORM_TYPE_STRING, flags);
  /** LalanFormControl:path: the instance path, such as `/data/person[2]/age`. */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, flags);
  /** LalanFormControl:label: the label, outputs filled in, current language. */
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, flags);
  /** LalanFormControl:hint: the hint, or %NULL. */
  properties[PROP_HINT] =
    g_param_spec_string ("hint", NULL, NULL, NULL, flags);
  /** LalanFormControl:appearance: the form's appearance attribute, or %NULL. */
  properties[PROP_APPEARANCE] =
    g_param_spec_string ("appearance", NULL, NULL, NULL, flags);
  /** LalanFormControl:value: the answer ("" when none). */
  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL, flags);
  /** LalanFormControl:relevant: whether to show it now. */
  properties[PROP_RELEVANT] =
    g_param_spec_boolean ("relevant", NULL, NULL, TRUE, flags);
  /** LalanFormControl:required: whether an answer is required now. */
  properties[PROP_REQUIRED] =
    g_param_spec_boolean ("required", NULL, NULL, FALSE, flags);
  /** LalanFormControl:read-only: whether the answer may be changed. */
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE, flags);
  /** LalanFormControl:valid: %FALSE while the answer breaks a rule. */
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, TRUE, flags);
  /** LalanFormControl:violation: the message of the rule broken, or %NULL. */
  properties[PROP_VIOLATION] =
    g_param_spec_string ("violation", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lalan_form_control_init (LalanFormControl *self)
{
  self->children = g_list_store_new (LALAN_TYPE_FORM_CONTROL);
  self->relevant = TRUE;
  self->valid = TRUE;
}

static gboolean
is_question (LalanFormControlKind kind)
{
  return kind >= LALAN_FORM_CONTROL_INPUT;
}

/**
 * lalan_form_control_is_bound:
 *
 * Returns: whether the control is bound to its node (rather than only
 *   sitting in it: groups without ref, repeats)
 */
gboolean
lalan_form_control_is_bound (LalanFormControl *self)
{
  LalanFormControlKind kind = kind_of (self);

  if (self->state == NULL)
    return FALSE;
  if (kind == LALAN_FORM_CONTROL_REPEAT_INSTANCE || is_question (kind))
    return TRUE;
  return kind == LALAN_FORM_CONTROL_GROUP && self->def->node != NULL && !self->def->repeat_label;
}

LalanFormControl *
lalan_form_control_new (LalanFormSession     *session,
                        FormControlDef       *def,
                        LalanFormControlKind  kind,
                        NodeState            *state,
                        LalanFormControl     *parent)
{
  LalanFormControl *self = g_object_new (LALAN_TYPE_FORM_CONTROL, NULL);

  self->kind = kind;
  self->session = session;
  self->def = def;
  self->state = state;
  self->parent = parent;
  if (kind == LALAN_FORM_CONTROL_SELECT_ONE || kind == LALAN_FORM_CONTROL_SELECT_MANY)
    self->choices = g_list_store_new (LALAN_TYPE_FORM_CHOICE);
  if (state->controls == NULL)
    state->controls = g_ptr_array_new ();
  g_ptr_array_add (state->controls, self);
  lalan_form_control_refresh_path (self);
  lalan_form_control_update (self);
  return self;
}

/**
 * lalan_form_control_detach:
 *
 * The node is gone (its repeat instance was removed, or the session
 * ended): the control stays a valid object but no longer does anything.
 */
void
lalan_form_control_detach (LalanFormControl *self)
{
  self->session = NULL;
  self->state = NULL;
}

static void
set_string (LalanFormControl  *self,
            char             **field,
            const char        *value,
            guint              prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_flag (LalanFormControl *self,
          gboolean          value,
          guint             prop)
{
  gboolean current;

  switch (prop)
    {
    case PROP_RELEVANT: current = self->relevant; self->relevant = value; break;
    case PROP_REQUIRED: current = self->required; self->required = value; break;
    case PROP_READ_ONLY: current = self->read_only; self->read_only = value; break;
    case PROP_VALID: current = self->valid; self->valid = value; break;
    default: g_assert_not_reached (); return;
    }
  if (!current != !value)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/**
 * lalan_form_control_update:
 *
 * Reads the node's state again and notifies what changed.
 */
void
lalan_form_control_update (LalanFormControl *self)
{
  LalanFormControlKind kind = kind_of (self);
  NodeState *state = self->state;

  if (state == NULL || self->session == NULL)
    return;

  if (kind == LALAN_FORM_CONTROL_BODY)
    return;

  set_flag (self, state->relevant, PROP_RELEVANT);
  set_flag (self, state->readonly || (self->def->node && self->def->node->comps[FORM_COMP_CALCULATE]),
            PROP_READ_ONLY);

  if (lalan_form_control_is_bound (self))
    {
      g_autofree char *message = NULL;

      set_flag (self, state->required, PROP_REQUIRED);
      if (state->violation != 0)
        message = lalan_form_session_violation_message (self->session, state);
      set_string (self, &self->violation, message, PROP_VIOLATION);
      set_flag (self, state->valid, PROP_VALID);
      if (is_question (kind))
        set_string (self, &self->value, state->value ? state->value : "", PROP_VALUE);
    }
}

void
lalan_form_control_refresh_path (LalanFormControl *self)
{
  LalanFormControlKind kind = kind_of (self);
  g_autofree char *path = NULL;

  if (self->state == NULL || self->session == NULL)
    return;

  if (kind == LALAN_FORM_CONTROL_BODY)
    path = g_strdup ("");
  else if (lalan_form_control_is_bound (self))
    path = lalan_form_session_state_path (self->session, self->state);
  else if (kind == LALAN_FORM_CONTROL_REPEAT || self->def->repeat_label)
    {
      g_autofree char *container = lalan_form_session_state_path (self->session, self->state);

      path = g_strdup_printf ("%s/%s%s", container, self->def->node->qname,
                              kind == LALAN_FORM_CONTROL_REPEAT ? "" : "#");
    }
  else
    path = g_strdup_printf ("%s#%u", self->parent ? self->parent->path : "", self->def->index);

  set_string (self, &self->path, path, PROP_PATH);
}

void
lalan_form_control_set_texts (LalanFormControl *self,
                              const char       *label,
                              const char       *hint)
{
  set_string (self, &self->label, label, PROP_LABEL);
  set_string (self, &self->hint, hint, PROP_HINT);
}

/**
 * lalan_form_control_set_choices:
 * @pairs: value, label, value, label...
 *
 * Returns: %TRUE when the list of values changed
 */
gboolean
lalan_form_control_set_choices (LalanFormControl *self,
                                GPtrArray        *pairs)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->choices));
  gboolean same = n * 2 == pairs->len;
  g_autoptr(GPtrArray) fresh = NULL;

  for (guint i = 0; same && i < n; i++)
    {
      g_autoptr(LalanFormChoice) choice = g_list_model_get_item (G_LIST_MODEL (self->choices), i);

      same = g_str_equal (lalan_form_choice_get_value (choice), g_ptr_array_index (pairs, 2 * i));
    }

  if (same)
    {
      /* Same values; labels may have a new language. */
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(LalanFormChoice) choice = g_list_model_get_item (G_LIST_MODEL (self->choices), i);

          lalan_form_choice_set_label (choice, g_ptr_array_index (pairs, 2 * i + 1));
        }
      return FALSE;
    }

  fresh = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i + 1 < pairs->len; i += 2)
    g_ptr_array_add (fresh, lalan_form_choice_new (g_ptr_array_index (pairs, i),
                                                   g_ptr_array_index (pairs, i + 1), NULL));
  g_list_store_splice (self->choices, 0, n, fresh->pdata, fresh->len);
  return TRUE;
}

/* Public API */

/**
 * lalan_form_control_get_kind:
 *
 * Returns: what the control is
 */
LalanFormControlKind
lalan_form_control_get_kind (LalanFormControl *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), LALAN_FORM_CONTROL_INPUT);
  return kind_of (self);
}

/**
 * lalan_form_control_get_data_type:
 *
 * Returns: the type of the bound node (string for groups)
 */
LalanFormDataType
lalan_form_control_get_data_type (LalanFormControl *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), LALAN_FORM_TYPE_STRING);
  if (!is_question (kind_of (self)) || self->def->node == NULL)
    return LALAN_FORM_TYPE_STRING;
  return self->def->node->type;
}

/**
 * lalan_form_control_get_path:
 *
 * Returns: the instance path, such as `/data/person[2]/age`; a group
 *   without ref has its parent's path and `#` its index
 */
const char *
lalan_form_control_get_path (LalanFormControl *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), NULL);
  return self->path;
}

/**
 * lalan_form_control_is_page:
 *
 * Returns: whether the control is shown as a page of its own: a question
 *   outside field-list groups, a field-list group, an instance of a
 *   field-list repeat
 */
gboolean
lalan_form_control_is_page (LalanFormControl *self)
{
  LalanFormControlKind kind;

  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), FALSE);
  kind = kind_of (self);
  if (kind == LALAN_FORM_CONTROL_REPEAT_INSTANCE)
    return self->def->page;
  if (kind == LALAN_FORM_CONTROL_REPEAT || kind == LALAN_FORM_CONTROL_BODY)
    return FALSE;
  return self->def->page;
}

/**
 * lalan_form_control_get_page:
 *
 * Returns: (transfer none) (nullable): the page the control is on
 */
LalanFormControl *
lalan_form_control_get_page (LalanFormControl *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), NULL);

  for (LalanFormControl *c = self; c != NULL; c = c->parent)
    if (lalan_form_control_is_page (c))
      return c;
  return NULL;
}

/**
 * lalan_form_control_get_position:
 *
 * Returns: (nullable): the position of the control's page, to resume a
 *   draft there with lalan_form_session_find_page()
 */
const char *
lalan_form_control_get_position (LalanFormControl *self)
{
  LalanFormControl *page;

  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), NULL);
  page = lalan_form_control_get_page (self);
  return page ? page->path : NULL;
}

/**
 * lalan_form_control_get_parent:
 *
 * Returns: (transfer none) (nullable): the enclosing control
 */
LalanFormControl *
lalan_form_control_get_parent (LalanFormControl *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), NULL);
  return self->parent;
}

/**
 * lalan_form_control_get_children:
 *
 * Returns: (transfer none): the controls inside: a group's, or a repeat's
 *   instances (items added and removed as instances are)
 */
GListModel *
lalan_form_control_get_children (LalanFormControl *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), NULL);
  return G_LIST_MODEL (self->children);
}

const char *
lalan_form_control_get_label (LalanFormControl *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), NULL);
  return self->label;
}

const char *
lalan_form_control_get_hint (LalanFormControl *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), NULL);
  return self->hint;
}

/**
 * lalan_form_control_dup_text_form:
 * @form: "short", "long", "guidance", "image", "big-image", "audio" or
 *   "video"
 *
 * Returns: (transfer full) (nullable): that form of the label (guidance:
 *   of the hint) in the current language, or %NULL
 */
char *
lalan_form_control_dup_text_form (LalanFormControl *self,
                                  const char       *form)
{
  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), NULL);
  if (self->session == NULL)
    return NULL;
  return lalan_form_session_control_text (self->session, self->def, self->state, form);
}

const char *
lalan_form_control_get_appearance (LalanFormControl *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), NULL);
  return self->def->appearance;
}

/**
 * lalan_form_control_has_appearance:
 * @appearance: one appearance, such as "minimal" or "field-list"
 *
 * Returns: whether the space-separated appearance list holds it
 */
gboolean
lalan_form_control_has_appearance (LalanFormControl *self,
                                   const char       *appearance)
{
  g_auto(GStrv) tokens = NULL;

  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), FALSE);
  if (self->def->appearance == NULL)
    return FALSE;
  tokens = g_strsplit_set (self->def->appearance, " \t\n", -1);
  return g_strv_contains ((const char * const *) tokens, appearance);
}

const char *
lalan_form_control_get_mediatype (LalanFormControl *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), NULL);
  return self->def->mediatype;
}

const char *
lalan_form_control_get_value (LalanFormControl *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), NULL);
  return self->value;
}

/**
 * lalan_form_control_set_value:
 * @value: the answer as text ("" clears it)
 * @error: why it was refused
 *
 * Same as lalan_form_session_set_value() on the control's path.
 */
gboolean
lalan_form_control_set_value (LalanFormControl  *self,
                              const char        *value,
                              GError           **error)
{
  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), FALSE);

  if (self->session == NULL || !is_question (kind_of (self)))
    {
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_NOT_FOUND,
                   _("This question is no longer part of the form."));
      return FALSE;
    }
  return lalan_form_session_set_value (self->session, self->path, value, error);
}

gboolean
lalan_form_control_get_relevant (LalanFormControl *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), FALSE);
  return self->relevant;
}

gboolean
lalan_form_control_get_required (LalanFormControl *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), FALSE);
  return self->required;
}

gboolean
lalan_form_control_get_read_only (LalanFormControl *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), FALSE);
  return self->read_only;
}

gboolean
lalan_form_control_get_valid (LalanFormControl *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), TRUE);
  return self->valid;
}

const char *
lalan_form_control_get_violation (LalanFormControl *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), NULL);
  return self->violation;
}

/**
 * lalan_form_control_is_note:
 *
 * Returns: whether the control is a note: a read-only input, shown as text
 */
gboolean
lalan_form_control_is_note (LalanFormControl *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), FALSE);
  return kind_of (self) == LALAN_FORM_CONTROL_INPUT && self->read_only;
}

/**
 * lalan_form_control_get_choices:
 *
 * Returns: (transfer none) (nullable): the choices of a select, as
 *   #LalanFormChoice, filtered by the itemset's expression now
 */
GListModel *
lalan_form_control_get_choices (LalanFormControl *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), NULL);
  return self->choices ? G_LIST_MODEL (self->choices) : NULL;
}

/**
 * lalan_form_control_can_add:
 *
 * Returns: whether the person may add an instance to this repeat: not
 *   when jr:count or jr:noAddRemove decides
 */
gboolean
lalan_form_control_can_add (LalanFormControl *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), FALSE);
  return kind_of (self) == LALAN_FORM_CONTROL_REPEAT && self->session != NULL &&
         self->def->count == NULL && !self->def->no_add_remove && self->relevant && !self->read_only;
}

/**
 * lalan_form_control_can_remove:
 *
 * Returns: whether this repeat instance may be removed
 */
gboolean
lalan_form_control_can_remove (LalanFormControl *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), FALSE);
  return kind_of (self) == LALAN_FORM_CONTROL_REPEAT_INSTANCE && self->session != NULL &&
         self->def->count == NULL && !self->def->no_add_remove && !self->read_only;
}

/**
 * lalan_form_control_add_instance:
 *
 * Returns: (transfer none) (nullable): the new instance's control
 */
LalanFormControl *
lalan_form_control_add_instance (LalanFormControl  *self,
                                 GError           **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), NULL);

  if (self->session == NULL)
    {
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_NOT_FOUND,
                   _("This question is no longer part of the form."));
      return NULL;
    }
  path = lalan_form_session_add_repeat (self->session, self->path, error);
  if (path == NULL)
    return NULL;
  return lalan_form_session_lookup_control (self->session, path);
}

/**
 * lalan_form_control_remove:
 *
 * Removes this repeat instance.
 */
gboolean
lalan_form_control_remove (LalanFormControl  *self,
                           GError           **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (self), FALSE);

  if (self->session == NULL)
    {
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_NOT_FOUND,
                   _("This question is no longer part of the form."));
      return FALSE;
    }
  path = g_strdup (self->path);
  return lalan_form_session_remove_repeat (self->session, path, error);
}
