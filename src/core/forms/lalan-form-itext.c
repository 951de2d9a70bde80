/* lalan-form-itext.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-form-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Translations (itext) and the actions (setvalue) of the model and the
 * controls. */

/* Translations */

static void
itext_entry_free (FormItextEntry *entry)
{
  g_free (entry->id);
  g_free (entry);
}

static const char *const text_forms[FORM_TEXT_N_FORMS] = {
  NULL, "short", "long", "guidance", "image", "big-image", "audio", "video",
};

void
lalan_form_read_itext (LalanForm  *self,
            xmlNodePtr  itext)
{
  int default_language = -1;

  for (xmlNodePtr translation = xmlFirstElementChild (itext); translation;
       translation = xmlNextElementSibling (translation))
    {
      g_autofree char *lang = NULL;
      GHashTable *table;

      if (!form_is_element (translation, LALAN_XFORMS_NS, "translation"))
        {
          lalan_form_add_problem (self, translation, LALAN_FORM_ERROR_INVALID,
                                  _("The translations hold an element “%s” that is not a translation."),
                                  (const char *) translation->name);
          continue;
        }
      lang = form_get_attr (translation, "lang");
      if (lang == NULL || lang[0] == '\0' || lalan_form_find_language (self, lang) >= 0)
        {
          lalan_form_add_problem (self, translation, LALAN_FORM_ERROR_INVALID,
                                  _("A translation has no language, or the same language as another."));
          continue;
        }
      if (xmlHasProp (translation, (const xmlChar *) "default") && default_language < 0)
        default_language = self->languages->len;

      table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) itext_entry_free);
      for (xmlNodePtr text = xmlFirstElementChild (translation); text; text = xmlNextElementSibling (text))
        {
          FormItextEntry *entry;
          g_autofree char *id = form_get_attr (text, "id");

          if (!form_is_element (text, LALAN_XFORMS_NS, "text") || id == NULL)
            {
              lalan_form_add_problem (self, text, LALAN_FORM_ERROR_INVALID,
                                      _("A translation holds something that is not a text with an id."));
              continue;
            }
          entry = g_hash_table_lookup (table, id);
          if (entry == NULL)
            {
              entry = g_new0 (FormItextEntry, 1);
              entry->id = g_steal_pointer (&id);
              g_hash_table_insert (table, entry->id, entry);
            }
          for (xmlNodePtr value = xmlFirstElementChild (text); value; value = xmlNextElementSibling (value))
            {
              g_autofree char *form = form_get_attr (value, "form");
              int index = -1;

              if (!form_is_element (value, LALAN_XFORMS_NS, "value"))
                continue;
              for (guint f = 0; f < FORM_TEXT_N_FORMS; f++)
                if (g_strcmp0 (text_forms[f], form) == 0)
                  index = f;
              if (index < 0)
                {
                  lalan_form_add_problem (self, value, LALAN_FORM_ERROR_UNSUPPORTED,
                                          _("A translation uses the form “%s”, which Lalan does not support."),
                                          form);
                  continue;
                }
              entry->values[index] = value;
            }
        }
      g_ptr_array_add (self->languages, g_steal_pointer (&lang));
      g_ptr_array_add (self->itext, table);
    }

  self->default_language = default_language < 0 ? 0 : default_language;
}

/* Model actions */

static guint
parse_events (LalanForm  *self,
              xmlNodePtr  element,
              gboolean    nested)
{
  g_autofree char *text = form_get_attr (element, "event");
  g_auto(GStrv) names = g_strsplit_set (text ? text : "", " \t\n", -1);
  guint events = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (names[i][0] == '\0')
        continue;
      if (g_str_equal (names[i], "odk-instance-first-load") || g_str_equal (names[i], "xforms-ready"))
        events |= FORM_EVENT_FIRST_LOAD;
      else if (nested && g_str_equal (names[i], "xforms-value-changed"))
        events |= FORM_EVENT_VALUE_CHANGED;
      else if (nested && g_str_equal (names[i], "odk-new-repeat"))
        events |= FORM_EVENT_NEW_REPEAT;
      else
        {
          lalan_form_add_problem (self, element, LALAN_FORM_ERROR_UNSUPPORTED,
                                  _("An action listens to the event “%s”, which Lalan does not support there."),
                                  names[i]);
          return 0;
        }
    }
  if (events == 0)
    lalan_form_add_problem (self, element, LALAN_FORM_ERROR_INVALID,
                            _("An action has no event."));
  return events;
}

/**
 * lalan_form_read_action:
 * @control: (nullable): the control the action is nested in
 *
 * Reads a `<setvalue>`, in the model or nested in a control.
 */
FormAction *
lalan_form_read_action (LalanForm      *self,
                        xmlNodePtr      element,
                        FormControlDef *control)
{
  g_autofree char *ref = form_get_attr (element, "ref");
  g_autofree char *bind = form_get_attr (element, "bind");
  g_autofree char *value = form_get_attr (element, "value");
  g_autoptr(GError) error = NULL;
  FormAction *action;
  FormNode *target;
  guint events;

  events = parse_events (self, element, control != NULL);
  if (events == 0)
    return NULL;
  target = lalan_form_resolve_ref (self, element, ref, bind,
                                   control ? control->context : NULL);
  if (target == NULL)
    {
      if (ref == NULL && bind == NULL)
        lalan_form_add_problem (self, element, LALAN_FORM_ERROR_INVALID,
                                _("A setvalue has no ref."));
      return NULL;
    }

  if (!target->leaf)
    {
      lalan_form_add_problem (self, element, LALAN_FORM_ERROR_INVALID,
                              _("A setvalue sets %s, which holds other elements, not an answer."),
                              target->path);
      return NULL;
    }

  action = g_new0 (FormAction, 1);
  action->events = events;
  action->target = target;
  action->control = control;
  action->line = xmlGetLineNo (element);
  if (value != NULL)
    {
      action->value = lalan_form_compile (self, value, element, target, 0, &error);
      if (action->value == NULL)
        {
          lalan_form_add_problem (self, element, error->code,
                                  _("The value of a setvalue cannot be used: %s."), error->message);
          g_free (action);
          return NULL;
        }
    }
  else
    action->literal = form_element_text (element);

  g_ptr_array_add (self->actions, action);
  return action;
}
