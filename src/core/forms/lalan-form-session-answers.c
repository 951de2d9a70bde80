/* lalan-form-session-answers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-form-control-private.h"
#include "lalan-xpath-values-private.h"

#include <glib/gi18n-lib.h>
#include <libxml/xpathInternals.h>
#include <math.h>
#include <string.h>

/* Answers as a person gives them: checked against the node's type and
 * choices, stored, and their xforms-value-changed actions run; repeat
 * instances added and removed by hand. */

static FormControlDef *
question_of (FormNode *def)
{
  for (guint i = 0; i < def->controls->len; i++)
    {
      FormControlDef *control = g_ptr_array_index (def->controls, i);

      if (control->kind >= LALAN_FORM_CONTROL_INPUT)
        return control;
    }
  return NULL;
}

static gboolean
valid_xml_text (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF)
        return FALSE;
    }
  return TRUE;
}

static gboolean
valid_geopoint (const char *text,
                GString    *normalized)
{
  g_auto(GStrv) parts = g_strsplit_set (text, " \t\n", -1);
  guint n = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      double value;

      if (parts[i][0] == '\0')
        continue;
      value = lx_xpath_number (parts[i]);
      if (!isfinite (value) || (n == 0 && fabs (value) > 90) || (n == 1 && fabs (value) > 180) ||
          (n == 3 && value < 0) || n >= 4)
        return FALSE;
      if (n > 0)
        g_string_append_c (normalized, ' ');
      g_string_append (normalized, parts[i]);
      n++;
    }
  return n >= 2;
}

static char *
normalize_answer (LalanFormSession  *self,
                  NodeState         *state,
                  const char        *value,
                  GError           **error)
{
  FormNode *def = state->def;
  FormControlDef *question = question_of (def);
  g_autofree char *text = g_strstrip (g_strdup (value));
  LxDateTime dt;

  if (!g_utf8_validate (value, -1, NULL) || !valid_xml_text (value))
    {
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_VALUE,
                   _("The answer holds characters that cannot be stored."));
      return NULL;
    }
  if (text[0] == '\0')
    return g_strdup ("");

  if (question != NULL && question->kind == LALAN_FORM_CONTROL_TRIGGER)
    return g_strdup ("OK");

  switch (def->type)
    {
    case LALAN_FORM_TYPE_INT:
      {
        gint64 number;

        if (!lx_is_integer_text (text) ||
            !g_ascii_string_to_signed (text[0] == '+' ? text + 1 : text, 10, G_MININT32, G_MAXINT32, &number, NULL))
          {
            g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_VALUE,
                         _("“%s” is not a whole number."), text);
            return NULL;
          }
        return g_strdup_printf ("%" G_GINT64_FORMAT, number);
      }

    case LALAN_FORM_TYPE_DECIMAL:
      if (!lx_is_decimal_text (text))
        {
          g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_VALUE,
                       _("“%s” is not a number."), text);
          return NULL;
        }
      return lx_format_number (g_ascii_strtod (text[0] == '+' ? text + 1 : text, NULL) + 0.0);

    case LALAN_FORM_TYPE_BOOLEAN:
      if (g_str_equal (text, "true") || g_str_equal (text, "1"))
        return g_strdup ("true");
      if (g_str_equal (text, "false") || g_str_equal (text, "0"))
        return g_strdup ("false");
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_VALUE,
                   _("“%s” is neither true nor false."), text);
      return NULL;

    case LALAN_FORM_TYPE_DATE:
      if (!lx_parse_date (text, &dt))
        {
          g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_VALUE,
                       _("“%s” is not a date (YYYY-MM-DD)."), text);
          return NULL;
        }
      return g_strdup_printf ("%04d-%02d-%02d", dt.year, dt.month, dt.day);

    case LALAN_FORM_TYPE_TIME:
      if (!lx_parse_time (text, &dt))
        {
          g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_VALUE,
                       _("“%s” is not a time (HH:MM or HH:MM:SS)."), text);
          return NULL;
        }
      return g_steal_pointer (&text);

    case LALAN_FORM_TYPE_DATE_TIME:
      if (!lx_parse_date_time (text, &dt))
        {
          g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_VALUE,
                       _("“%s” is not a date and time (YYYY-MM-DDTHH:MM:SS+08:00)."), text);
          return NULL;
        }
      return g_steal_pointer (&text);

    case LALAN_FORM_TYPE_GEOPOINT:
      {
        GString *normalized = g_string_new (NULL);

        if (!valid_geopoint (text, normalized))
          {
            g_string_free (normalized, TRUE);
            g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_VALUE,
                         _("“%s” is not a location (latitude longitude [altitude accuracy])."), text);
            return NULL;
          }
        return g_string_free (normalized, FALSE);
      }

    case LALAN_FORM_TYPE_GEOTRACE:
    case LALAN_FORM_TYPE_GEOSHAPE:
      {
        g_auto(GStrv) points = g_strsplit (text, ";", -1);
        GString *normalized = g_string_new (NULL);
        guint n = 0;

        for (guint i = 0; points[i] != NULL; i++)
          {
            g_strstrip (points[i]);
            if (points[i][0] == '\0')
              continue;
            if (n++ > 0)
              g_string_append (normalized, ";");
            if (!valid_geopoint (points[i], normalized))
              n = 0;
            if (n == 0)
              break;
          }
        if (n < (def->type == LALAN_FORM_TYPE_GEOTRACE ? 2u : 3u))
          {
            g_string_free (normalized, TRUE);
            g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_VALUE,
                         _("“%s” is not a line or shape of locations."), text);
            return NULL;
          }
        return g_string_free (normalized, FALSE);
      }

    case LALAN_FORM_TYPE_BINARY:
      if (strpbrk (text, "/\\") != NULL || g_str_equal (text, ".") || g_str_equal (text, ".."))
        {
          g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_VALUE,
                       _("An attachment is named by its file name only, not “%s”."), text);
          return NULL;
        }
      return g_steal_pointer (&text);

    case LALAN_FORM_TYPE_SELECT_ONE:
    case LALAN_FORM_TYPE_SELECT_MANY:
      if (question != NULL &&
          (question->kind == LALAN_FORM_CONTROL_SELECT_ONE || question->kind == LALAN_FORM_CONTROL_SELECT_MANY))
        {
          g_autoptr(GPtrArray) pairs = lalan_form_session_evaluate_itemset (self, question, state);
          g_auto(GStrv) selected = g_strsplit_set (text, " \t\n", -1);
          g_autoptr(GPtrArray) kept = g_ptr_array_new ();

          for (guint i = 0; selected[i] != NULL; i++)
            {
              gboolean found = FALSE;

              if (selected[i][0] == '\0')
                continue;
              for (guint p = 0; p < pairs->len && !found; p += 2)
                found = g_str_equal (g_ptr_array_index (pairs, p), selected[i]);
              if (!found)
                {
                  g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_VALUE,
                               _("“%s” is not one of the choices."), selected[i]);
                  return NULL;
                }
              if (!g_ptr_array_find_with_equal_func (kept, selected[i], g_str_equal, NULL))
                g_ptr_array_add (kept, selected[i]);
            }
          if (def->type == LALAN_FORM_TYPE_SELECT_ONE && kept->len > 1)
            {
              g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_VALUE,
                           _("Only one choice can be selected."));
              return NULL;
            }
          g_ptr_array_add (kept, NULL);
          return g_strjoinv (" ", (char **) kept->pdata);
        }
      return g_steal_pointer (&text);

    default:
      /* Strings keep their spaces. */
      return g_strdup (value);
    }
}

/**
 * lalan_form_session_set_value:
 * @path: an instance path, such as `/data/person[2]/age`
 * @value: the answer as text; "" clears it
 * @error: why it was refused
 *
 * Checks the answer against its type (and choices), stores it, fires
 * xforms-value-changed actions and re-evaluates what depends on it. A
 * constraint that fails does not refuse the answer: it becomes a
 * violation.
 */
gboolean
lalan_form_session_set_value (LalanFormSession  *self,
                              const char        *path,
                              const char        *value,
                              GError           **error)
{
  NodeState *state;
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  state = lalan_form_session_lookup_state (self, path, error);
  if (state == NULL)
    return FALSE;
  if (!state->def->leaf)
    {
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_VALUE,
                   _("%s is a group; it holds no answer of its own."), path);
      return FALSE;
    }
  if (state->readonly || state->def->comps[FORM_COMP_CALCULATE] != NULL)
    {
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_READ_ONLY,
                   _("The answer at %s cannot be changed."), path);
      return FALSE;
    }
  normalized = normalize_answer (self, state, value, error);
  if (normalized == NULL)
    return FALSE;

  lalan_form_session_begin (self);
  if (lalan_form_session_store_value (self, state, normalized))
    {
      if (state->relevant)
        lalan_form_session_value_changed (self, state);
      for (guint i = 0; i < state->def->controls->len; i++)
        {
          FormControlDef *control = g_ptr_array_index (state->def->controls, i);

          lalan_form_session_run_actions (self, control->actions, FORM_EVENT_VALUE_CHANGED, state);
        }
    }
  lalan_form_session_end (self);
  return TRUE;
}

static gboolean
split_repeat_path (LalanFormSession  *self,
                   const char        *path,
                   NodeState        **container,
                   FormNode         **repeat,
                   GError           **error)
{
  const char *slash = path ? strrchr (path, '/') : NULL;
  g_autofree char *parent = NULL;
  g_autofree char *name = NULL;
  guint index;
  gboolean indexed;

  if (slash == NULL || slash == path)
    goto not_found;
  parent = g_strndup (path, slash - path);
  if (!lalan_form_session_parse_step (slash + 1, &name, &index, &indexed))
    goto not_found;
  *container = lalan_form_session_lookup_state (self, parent, NULL);
  if (*container == NULL)
    goto not_found;
  *repeat = lalan_form_session_child_def ((*container)->def, name);
  if (*repeat == NULL || !(*repeat)->is_repeat)
    goto not_found;
  return TRUE;

not_found:
  g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_NOT_FOUND,
               _("The form has no repeat at %s."), path ? path : "");
  return FALSE;
}

static gboolean
check_can_change (FormNode   *repeat,
                  NodeState  *container,
                  const char *path,
                  GError    **error)
{
  FormControlDef *def = repeat->repeat_control;

  if (def == NULL || def->count != NULL || def->no_add_remove)
    {
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_REPEAT,
                   _("The number of %s is set by the form; it cannot be changed by hand."), path);
      return FALSE;
    }
  if (!container->relevant || container->readonly)
    {
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_REPEAT,
                   _("%s cannot be changed now."), path);
      return FALSE;
    }
  return TRUE;
}

/**
 * lalan_form_session_add_repeat:
 * @path: the repeat, such as `/data/person` or `/data/hh[2]/member`
 * @error: why no instance can be added
 *
 * Returns: (transfer full) (nullable): the path of the new instance
 */
char *
lalan_form_session_add_repeat (LalanFormSession  *self,
                               const char        *path,
                               GError           **error)
{
  NodeState *container;
  FormNode *repeat;
  NodeState *instance;

  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), NULL);

  if (!split_repeat_path (self, path, &container, &repeat, error) ||
      !check_can_change (repeat, container, path, error))
    return NULL;
  if (lalan_form_session_count_instances (container, repeat) >= LALAN_FORM_MAX_INSTANCES)
    {
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_REPEAT,
                   _("%s has as many instances as a record may hold."), path);
      return NULL;
    }

  instance = lalan_form_session_add_instance (self, container, repeat);
  return lalan_form_session_state_path (self, instance);
}

/**
 * lalan_form_session_remove_repeat:
 * @path: an instance, such as `/data/person[2]`
 * @error: why it cannot be removed
 */
gboolean
lalan_form_session_remove_repeat (LalanFormSession  *self,
                                  const char        *path,
                                  GError           **error)
{
  NodeState *state;
  NodeState *container;

  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), FALSE);

  state = lalan_form_session_lookup_state (self, path, error);
  if (state == NULL)
    return FALSE;
  if (!state->def->is_repeat)
    {
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_NOT_FOUND,
                   _("The form has no repeat at %s."), path);
      return FALSE;
    }
  container = state->node->parent->_private;
  if (!check_can_change (state->def, container, path, error))
    return FALSE;

  lalan_form_session_remove_instance (self, state);
  return TRUE;
}

/**
 * lalan_form_session_get_repeat_count:
 * @path: a repeat, such as `/data/person`
 *
 * Returns: how many instances it has
 */
guint
lalan_form_session_get_repeat_count (LalanFormSession *self,
                                     const char       *path)
{
  NodeState *container;
  FormNode *repeat;

  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), 0);
  if (!split_repeat_path (self, path, &container, &repeat, NULL))
    return 0;
  return lalan_form_session_count_instances (container, repeat);
}
