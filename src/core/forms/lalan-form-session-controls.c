/* lalan-form-session-controls.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-form-control-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The session's tree of #LalanFormControl: built once, grown and shrunk
 * with repeat instances, and kept in step with the node states after each
 * change. */

static void build_children (LalanFormSession *self,
                            LalanFormControl *control);

static NodeState *
state_for (LalanFormSession *self,
           FormNode         *def,
           NodeState        *near)
{
  return lalan_form_session_nearest_instance (self, def, near);
}

static void
fill_texts (LalanFormSession *self,
            LalanFormControl *control)
{
  g_autofree char *label = NULL;
  g_autofree char *hint = NULL;

  if (control->def->label != NULL)
    label = lalan_form_session_render_text (self, control->def->label, FORM_TEXT_DEFAULT, control->state);
  if (control->def->hint != NULL)
    hint = lalan_form_session_render_text (self, control->def->hint, FORM_TEXT_DEFAULT, control->state);
  lalan_form_control_set_texts (control, label, hint);
}

static void
fill_choices (LalanFormSession *self,
              LalanFormControl *control)
{
  g_autoptr(GPtrArray) pairs = NULL;

  if (control->choices == NULL)
    return;
  pairs = lalan_form_session_evaluate_itemset (self, control->def, control->state);
  lalan_form_control_set_choices (control, pairs);
}

static LalanFormControl *
add_control (LalanFormSession     *self,
             LalanFormControl     *parent,
             FormControlDef       *def,
             LalanFormControlKind  kind,
             NodeState            *state,
             guint                 position)
{
  LalanFormControl *control = lalan_form_control_new (self, def, kind, state, parent);

  fill_texts (self, control);
  fill_choices (self, control);
  if (parent != NULL)
    {
      if (position >= g_list_model_get_n_items (G_LIST_MODEL (parent->children)))
        g_list_store_append (parent->children, control);
      else
        g_list_store_insert (parent->children, position, control);
    }
  return control;
}

/**
 * lalan_form_session_instance_controls:
 * @repeat: a repeat's control
 * @instance: a new instance of it
 * @position: where among the instances, %G_MAXUINT at the end
 */
void
lalan_form_session_instance_controls (LalanFormSession *self,
                                      LalanFormControl *repeat,
                                      NodeState        *instance,
                                      guint             position)
{
  LalanFormControl *control = add_control (self, repeat, repeat->def,
                                           LALAN_FORM_CONTROL_REPEAT_INSTANCE, instance, position);

  build_children (self, control);
  g_object_unref (control);
}

static void
build_children (LalanFormSession *self,
                LalanFormControl *control)
{
  for (guint i = 0; i < control->def->children->len; i++)
    {
      FormControlDef *def = g_ptr_array_index (control->def->children, i);
      LalanFormControl *child = NULL;
      NodeState *state;

      switch (def->kind)
        {
        case LALAN_FORM_CONTROL_REPEAT:
          state = state_for (self, def->node->parent, control->state);
          if (state == NULL)
            continue;
          child = add_control (self, control, def, def->kind, state, G_MAXUINT);
          for (xmlNodePtr c = state->node->children; c != NULL; c = c->next)
            {
              NodeState *instance = c->type == XML_ELEMENT_NODE ? c->_private : NULL;

              if (instance != NULL && instance->def == def->node)
                lalan_form_session_instance_controls (self, child, instance, G_MAXUINT);
            }
          break;

        case LALAN_FORM_CONTROL_GROUP:
          if (def->node == NULL)
            state = control->state;
          else if (def->repeat_label)
            state = state_for (self, def->node->parent, control->state);
          else
            state = state_for (self, def->node, control->state);
          if (state == NULL)
            continue;
          child = add_control (self, control, def, def->kind, state, G_MAXUINT);
          build_children (self, child);
          break;

        default:
          state = state_for (self, def->node, control->state);
          if (state == NULL)
            continue;
          child = add_control (self, control, def, def->kind, state, G_MAXUINT);
          break;
        }
      g_clear_object (&child);
    }
}

/**
 * lalan_form_session_build_controls:
 *
 * Returns: (transfer full): the body's control
 */
LalanFormControl *
lalan_form_session_build_controls (LalanFormSession *self)
{
  LalanFormControl *body = lalan_form_control_new (self, self->form->body, LALAN_FORM_CONTROL_BODY,
                                                   self->root, NULL);

  build_children (self, body);
  return body;
}

LalanFormControl *
lalan_form_session_find_repeat_control (LalanFormSession *self,
                                        NodeState        *container,
                                        FormNode         *repeat)
{
  for (guint i = 0; container->controls != NULL && i < container->controls->len; i++)
    {
      LalanFormControl *control = g_ptr_array_index (container->controls, i);

      if (control->kind == LALAN_FORM_CONTROL_REPEAT && control->def->node == repeat)
        return control;
    }
  return NULL;
}

static void
refresh_paths (LalanFormControl *control)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (control->children));

  lalan_form_control_refresh_path (control);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LalanFormControl) child = g_list_model_get_item (G_LIST_MODEL (control->children), i);

      refresh_paths (child);
    }
}

/**
 * lalan_form_session_detach_controls:
 * @states: the node states about to be freed
 *
 * Their controls leave the tree and stop following the session.
 */
void
lalan_form_session_detach_controls (LalanFormSession *self,
                                    GHashTable       *states)
{
  GHashTableIter iter;
  gpointer key;
  g_autoptr(GPtrArray) repeats = g_ptr_array_new_with_free_func (g_object_unref);

  g_hash_table_iter_init (&iter, states);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      NodeState *state = key;

      for (guint i = 0; state->controls != NULL && i < state->controls->len; i++)
        {
          LalanFormControl *control = g_ptr_array_index (state->controls, i);

          if (control->kind == LALAN_FORM_CONTROL_REPEAT_INSTANCE && control->state == state &&
              control->parent != NULL)
            {
              guint position;

              if (g_list_store_find (control->parent->children, control, &position))
                {
                  g_ptr_array_add (repeats, g_object_ref (control->parent));
                  lalan_form_control_detach (control);
                  g_list_store_remove (control->parent->children, position);
                  continue;
                }
            }
          lalan_form_control_detach (control);
        }
    }

  /* The instances after the removed one have moved up. */
  for (guint i = 0; i < repeats->len; i++)
    refresh_paths (g_ptr_array_index (repeats, i));
}

/**
 * lalan_form_session_sync_controls:
 *
 * After a change: every control of a changed node reads its state again.
 */
void
lalan_form_session_sync_controls (LalanFormSession *self)
{
  GHashTableIter iter;
  gpointer key;

  if (self->body == NULL)
    return;

  g_hash_table_iter_init (&iter, self->changes);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      NodeState *state = key;

      for (guint i = 0; state->controls != NULL && i < state->controls->len; i++)
        lalan_form_control_update (g_ptr_array_index (state->controls, i));
    }
}

void
lalan_form_session_update_texts (LalanFormSession *self,
                                 FormControlDef   *def,
                                 NodeState        *state)
{
  for (guint i = 0; state->controls != NULL && i < state->controls->len; i++)
    {
      LalanFormControl *control = g_ptr_array_index (state->controls, i);
      g_autofree char *before = NULL;
      g_autofree char *hint_before = NULL;

      if (control->def != def || control->kind == LALAN_FORM_CONTROL_REPEAT_INSTANCE)
        continue;
      before = g_strdup (control->label);
      hint_before = g_strdup (control->hint);
      fill_texts (self, control);
      if (g_strcmp0 (before, control->label) != 0 || g_strcmp0 (hint_before, control->hint) != 0)
        lalan_form_session_note_control (self, control, LALAN_FORM_CHANGE_TEXT);
    }
}

static gboolean
in_pairs (GPtrArray  *pairs,
          const char *value)
{
  for (guint i = 0; i < pairs->len; i += 2)
    if (g_str_equal (g_ptr_array_index (pairs, i), value))
      return TRUE;
  return FALSE;
}

/**
 * lalan_form_session_update_choices:
 *
 * The choices of a select changed (its filter's inputs did): the controls
 * show the new list, and selections no longer offered are dropped, so a
 * town never stays chosen under another county.
 */
void
lalan_form_session_update_choices (LalanFormSession *self,
                                   FormControlDef   *def,
                                   NodeState        *state)
{
  g_autoptr(GPtrArray) pairs = lalan_form_session_evaluate_itemset (self, def, state);

  for (guint i = 0; state->controls != NULL && i < state->controls->len; i++)
    {
      LalanFormControl *control = g_ptr_array_index (state->controls, i);

      if (control->def == def && control->choices != NULL &&
          lalan_form_control_set_choices (control, pairs))
        lalan_form_session_note_control (self, control, LALAN_FORM_CHANGE_CHOICES);
    }

  if (state->value != NULL && state->value[0] != '\0' && def->itemset != NULL)
    {
      g_auto(GStrv) selected = g_strsplit_set (state->value, " \t\n", -1);
      GString *kept = g_string_new (NULL);
      g_autofree char *value = NULL;

      for (guint i = 0; selected[i] != NULL; i++)
        {
          if (selected[i][0] == '\0' || !in_pairs (pairs, selected[i]))
            continue;
          if (kept->len > 0)
            g_string_append_c (kept, ' ');
          g_string_append (kept, selected[i]);
        }
      value = g_string_free (kept, FALSE);
      if (!g_str_equal (value, state->value) &&
          lalan_form_session_store_value (self, state, value) && state->relevant)
        lalan_form_session_value_changed (self, state);
    }
}

/* Pages */

static void
collect_pages (LalanFormControl *control,
               gboolean          relevant_only,
               GPtrArray        *pages)
{
  guint n;

  if (relevant_only && !control->relevant)
    return;
  if (lalan_form_control_is_page (control))
    {
      g_ptr_array_add (pages, g_object_ref (control));
      return;
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (control->children));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LalanFormControl) child = g_list_model_get_item (G_LIST_MODEL (control->children), i);

      collect_pages (child, relevant_only, pages);
    }
}

/**
 * lalan_form_session_list_pages:
 * @relevant_only: leave out pages that are not relevant now
 *
 * Returns: (transfer container) (element-type LalanFormControl): the pages
 *   in order; each page is the control to show (a question, a field-list
 *   group, an instance of a field-list repeat)
 */
GPtrArray *
lalan_form_session_list_pages (LalanFormSession *self,
                               gboolean          relevant_only)
{
  GPtrArray *pages = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), NULL);
  collect_pages (self->body, relevant_only, pages);
  return pages;
}

/* Questions that apply now and that the person answers (not notes, not
 * read-only or calculated ones), and how many of them have an answer. */
static void
count_answers (LalanFormControl *control,
               guint            *asked,
               guint            *answered)
{
  GListModel *children;

  if (!lalan_form_control_get_relevant (control))
    return;

  switch (lalan_form_control_get_kind (control))
    {
    case LALAN_FORM_CONTROL_INPUT:
    case LALAN_FORM_CONTROL_SELECT_ONE:
    case LALAN_FORM_CONTROL_SELECT_MANY:
    case LALAN_FORM_CONTROL_TRIGGER:
    case LALAN_FORM_CONTROL_UPLOAD:
      if (!lalan_form_control_is_note (control) && !lalan_form_control_get_read_only (control))
        {
          const char *value = lalan_form_control_get_value (control);

          (*asked)++;
          if (value != NULL && value[0] != '\0')
            (*answered)++;
        }
      return;

    case LALAN_FORM_CONTROL_BODY:
    case LALAN_FORM_CONTROL_GROUP:
    case LALAN_FORM_CONTROL_REPEAT:
    case LALAN_FORM_CONTROL_REPEAT_INSTANCE:
    default:
      break;
    }

  children = lalan_form_control_get_children (control);
  for (guint i = 0; children != NULL && i < g_list_model_get_n_items (children); i++)
    {
      g_autoptr(LalanFormControl) child = g_list_model_get_item (children, i);

      count_answers (child, asked, answered);
    }
}

/**
 * lalan_form_session_get_progress:
 * @self: a session
 *
 * How much of the record is filled: the share of the questions that apply
 * now (relevant, not notes, not read-only) that have an answer. Questions
 * that a later answer brings in lower it again, as they would on paper.
 *
 * Returns: 0 to 100, or -1 when no question applies
 */
int
lalan_form_session_get_progress (LalanFormSession *self)
{
  guint asked = 0, answered = 0;

  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), -1);

  count_answers (self->body, &asked, &answered);
  if (asked == 0)
    return -1;
  return (int) (answered * 100 / asked);
}

/**
 * lalan_form_session_find_page:
 * @position: a position from lalan_form_control_get_position()
 *
 * Returns: (transfer none) (nullable): that page, or %NULL when it is no
 *   longer there
 */
LalanFormControl *
lalan_form_session_find_page (LalanFormSession *self,
                              const char       *position)
{
  g_autoptr(GPtrArray) pages = NULL;

  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), NULL);
  if (position == NULL)
    return NULL;
  pages = lalan_form_session_list_pages (self, FALSE);
  for (guint i = 0; i < pages->len; i++)
    {
      LalanFormControl *page = g_ptr_array_index (pages, i);

      if (g_str_equal (page->path, position))
        return page;
    }
  return NULL;
}

static LalanFormControl *
neighbour_page (LalanFormSession *self,
                const char       *position,
                int               step)
{
  g_autoptr(GPtrArray) all = lalan_form_session_list_pages (self, FALSE);
  int index = -1;

  for (guint i = 0; position != NULL && i < all->len; i++)
    if (g_str_equal (((LalanFormControl *) g_ptr_array_index (all, i))->path, position))
      index = i;

  if (index < 0)
    {
      /* No position (or a page that is gone): the first relevant page. */
      for (guint i = 0; i < all->len; i++)
        if (((LalanFormControl *) g_ptr_array_index (all, i))->relevant)
          return g_ptr_array_index (all, i);
      return NULL;
    }

  for (int i = index + step; i >= 0 && i < (int) all->len; i += step)
    {
      LalanFormControl *page = g_ptr_array_index (all, i);
      gboolean relevant = TRUE;

      for (LalanFormControl *c = page; c != NULL; c = c->parent)
        relevant &= c->relevant;
      if (relevant)
        return page;
    }
  return NULL;
}

/**
 * lalan_form_session_get_next_page:
 * @position: (nullable): the current page's position, %NULL for the start
 *
 * Returns: (transfer none) (nullable): the next relevant page, %NULL at
 *   the end
 */
LalanFormControl *
lalan_form_session_get_next_page (LalanFormSession *self,
                                  const char       *position)
{
  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), NULL);
  return neighbour_page (self, position, 1);
}

/**
 * lalan_form_session_get_previous_page:
 *
 * Returns: (transfer none) (nullable): the previous relevant page
 */
LalanFormControl *
lalan_form_session_get_previous_page (LalanFormSession *self,
                                      const char       *position)
{
  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), NULL);
  return neighbour_page (self, position, -1);
}

static LalanFormControl *
find_control (LalanFormControl *control,
              const char       *path)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (control->children));

  if (g_strcmp0 (control->path, path) == 0)
    return control;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LalanFormControl) child = g_list_model_get_item (G_LIST_MODEL (control->children), i);
      LalanFormControl *found = find_control (child, path);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * lalan_form_session_lookup_control:
 * @path: a control's path
 *
 * Returns: (transfer none) (nullable): the control
 */
LalanFormControl *
lalan_form_session_lookup_control (LalanFormSession *self,
                                   const char       *path)
{
  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  return find_control (self->body, path);
}

/**
 * lalan_form_session_get_body:
 *
 * Returns: (transfer none): the root of the control tree
 */
LalanFormControl *
lalan_form_session_get_body (LalanFormSession *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), NULL);
  return self->body;
}

static char *
page_position (NodeState *state)
{
  for (guint i = 0; state->controls != NULL && i < state->controls->len; i++)
    {
      LalanFormControl *control = g_ptr_array_index (state->controls, i);

      if (control->kind >= LALAN_FORM_CONTROL_INPUT && control->state == state)
        return g_strdup (lalan_form_control_get_position (control));
    }
  return NULL;
}

static void
collect_violations (LalanFormSession *self,
                    NodeState        *state,
                    const char       *position,
                    GPtrArray        *out)
{
  if (state->violation != 0)
    {
      g_autofree char *page = page_position (state);

      if (position == NULL || g_strcmp0 (page, position) == 0)
        {
          LalanFormViolation *violation = g_new0 (LalanFormViolation, 1);

          violation->kind = state->violation - 1;
          violation->path = lalan_form_session_state_path (self, state);
          violation->message = lalan_form_session_violation_message (self, state);
          violation->position = g_steal_pointer (&page);
          g_ptr_array_add (out, violation);
        }
    }
  for (xmlNodePtr c = state->node->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && c->_private != NULL)
      collect_violations (self, c->_private, position, out);
}

/**
 * lalan_form_session_get_violations:
 *
 * Returns: (transfer container) (element-type LalanFormViolation): every
 *   rule broken now, in the order of the form: required questions without
 *   an answer, answers failing their constraint; relevant ones only
 */
GPtrArray *
lalan_form_session_get_violations (LalanFormSession *self)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_form_violation_free);

  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), NULL);
  if (g_hash_table_size (self->violating) > 0)
    collect_violations (self, self->root, NULL, out);
  return out;
}

/**
 * lalan_form_session_get_page_violations:
 * @position: a page's position
 *
 * Returns: (transfer container) (element-type LalanFormViolation): the
 *   violations on that page, to check it before moving on
 */
GPtrArray *
lalan_form_session_get_page_violations (LalanFormSession *self,
                                        const char       *position)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_form_violation_free);

  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), NULL);
  g_return_val_if_fail (position != NULL, NULL);
  if (g_hash_table_size (self->violating) > 0)
    collect_violations (self, self->root, position, out);
  return out;
}
