/* lalan-form-session-paths.c
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

/* Instance paths (/data/person[2]/age) both ways, the clock, new UUIDs,
 * and texts (labels, hints, messages) in the current language. */

/* Paths */

static guint
instance_index (NodeState *state)
{
  return state->index;
}

/**
 * lalan_form_session_state_path:
 *
 * Returns: (transfer full): `/data/person[2]/age`: qualified names as in
 *   the form, an index on every repeat
 */
char *
lalan_form_session_state_path (LalanFormSession *self,
                               NodeState        *state)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  for (NodeState *s = state; s != NULL;
       s = s->node->parent && s->node->parent->type == XML_ELEMENT_NODE ? s->node->parent->_private : NULL)
    {
      if (s->def->is_repeat)
        g_ptr_array_insert (parts, 0, g_strdup_printf ("%s[%u]", s->def->qname, instance_index (s)));
      else
        g_ptr_array_insert (parts, 0, g_strdup (s->def->qname));
    }
  for (guint i = 0; i < parts->len; i++)
    g_string_append_printf (out, "/%s", (char *) g_ptr_array_index (parts, i));
  return g_string_free (out, FALSE);
}

gboolean
lalan_form_session_parse_step (const char  *step,
            char       **name,
            guint       *index,
            gboolean    *indexed)
{
  const char *bracket = strchr (step, '[');
  char *end = NULL;
  guint64 n;

  *indexed = bracket != NULL;
  if (bracket == NULL)
    {
      *name = g_strdup (step);
      *index = 1;
      return step[0] != '\0';
    }
  n = g_ascii_strtoull (bracket + 1, &end, 10);
  if (end == NULL || end[0] != ']' || end[1] != '\0' || n < 1 || n > G_MAXUINT)
    return FALSE;
  *name = g_strndup (step, bracket - step);
  *index = (guint) n;
  return bracket > step;
}

FormNode *
lalan_form_session_child_def (FormNode   *parent,
           const char *name)
{
  FormNode *by_local = NULL;
  guint n_local = 0;

  for (guint i = 0; i < parent->children->len; i++)
    {
      FormNode *child = g_ptr_array_index (parent->children, i);

      if (g_str_equal (child->qname, name))
        return child;
      if (g_str_equal (child->name, name))
        {
          by_local = child;
          n_local++;
        }
    }
  return n_local == 1 ? by_local : NULL;
}

/**
 * lalan_form_session_lookup_state:
 * @path: `/data/person[2]/age`; a repeat without an index is its first
 *   instance
 *
 * Returns: (nullable): the node's state
 */
NodeState *
lalan_form_session_lookup_state (LalanFormSession  *self,
                                 const char        *path,
                                 GError           **error)
{
  g_auto(GStrv) steps = NULL;
  NodeState *state = NULL;

  if (path == NULL || path[0] != '/')
    goto not_found;

  steps = g_strsplit (path + 1, "/", -1);
  for (guint i = 0; steps[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      guint index;
      gboolean indexed;
      FormNode *def;
      NodeState *found = NULL;

      if (!lalan_form_session_parse_step (steps[i], &name, &index, &indexed))
        goto not_found;

      if (i == 0)
        {
          if ((!g_str_equal (name, self->root->def->qname) && !g_str_equal (name, self->root->def->name)) ||
              index != 1)
            goto not_found;
          state = self->root;
          continue;
        }

      def = lalan_form_session_child_def (state->def, name);
      if (def == NULL || (!def->is_repeat && index != 1))
        goto not_found;
      /* Instances know their index; later ones are found from the end. */
      for (xmlNodePtr c = state->node->last; c != NULL && found == NULL && def->is_repeat; c = c->prev)
        {
          NodeState *child = c->type == XML_ELEMENT_NODE ? c->_private : NULL;

          if (child == NULL || child->def != def)
            continue;
          if (child->index < index)
            break;
          if (child->index == index)
            found = child;
        }
      for (xmlNodePtr c = state->node->children; c != NULL && found == NULL && !def->is_repeat; c = c->next)
        {
          NodeState *child = c->type == XML_ELEMENT_NODE ? c->_private : NULL;

          if (child != NULL && child->def == def)
            found = child;
        }
      if (found == NULL)
        goto not_found;
      state = found;
    }

  if (state != NULL)
    return state;

not_found:
  g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_NOT_FOUND,
               _("The form has no node at %s."), path ? path : "");
  return NULL;
}

/* Clock, identifiers, texts */

GDateTime *
lalan_form_session_now (LalanFormSession *self)
{
  if (self->fixed_now != NULL)
    return g_date_time_to_local (self->fixed_now);
  return g_date_time_new_now_local ();
}

/**
 * lalan_form_session_new_uuid:
 *
 * Returns: (transfer full): a random RFC 4122 version 4 UUID
 */
char *
lalan_form_session_new_uuid (LalanFormSession *self)
{
  guint8 bytes[16];

  for (guint i = 0; i < 16; i += 4)
    {
      guint32 r = g_rand_int (self->rand);

      memcpy (bytes + i, &r, 4);
    }
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5],
                          bytes[6], bytes[7], bytes[8], bytes[9], bytes[10], bytes[11],
                          bytes[12], bytes[13], bytes[14], bytes[15]);
}

static FormTemplate *
pick_template (LalanFormSession *self,
               FormText         *text,
               FormTextForm      form)
{
  guint n = FORM_TEXT_N_FORMS;

  if (text->itext_id != NULL && text->itext != NULL)
    {
      if (self->language * n + form < text->n_itext && text->itext[self->language * n + form])
        return text->itext[self->language * n + form];
      if (self->form->default_language * n + form < text->n_itext &&
          text->itext[self->form->default_language * n + form])
        return text->itext[self->form->default_language * n + form];
    }
  if (form == FORM_TEXT_DEFAULT)
    return text->inline_text;
  return NULL;
}

/**
 * lalan_form_session_render_text:
 * @text: a label, hint or message
 * @form: which form of it
 * @context: the node its outputs are evaluated for
 *
 * Returns: (transfer full) (nullable): the text in the current language,
 *   outputs filled in
 */
char *
lalan_form_session_render_text (LalanFormSession *self,
                                FormText         *text,
                                FormTextForm      form,
                                NodeState        *context)
{
  FormTemplate *template;
  GString *out;

  if (text == NULL || (template = pick_template (self, text, form)) == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (guint i = 0; i < template->segments->len; i++)
    {
      FormSegment *segment = g_ptr_array_index (template->segments, i);

      if (segment->text != NULL)
        g_string_append (out, segment->text);
      else if (context != NULL)
        {
          g_autofree char *value = lalan_form_session_eval_string (self, segment->expr, context->node);

          g_string_append (out, value);
        }
    }
  return g_strstrip (g_string_free (out, FALSE));
}

char *
lalan_form_session_violation_message (LalanFormSession *self,
                                      NodeState        *state)
{
  FormBind *bind = state->def->bind;
  g_autofree char *message = NULL;

  if (state->violation == 1 + LALAN_FORM_VIOLATION_REQUIRED)
    {
      if (bind != NULL && bind->required_msg != NULL)
        message = lalan_form_session_render_text (self, bind->required_msg, FORM_TEXT_DEFAULT, state);
      if (message == NULL || message[0] == '\0')
        return g_strdup (_("This answer is required."));
    }
  else
    {
      if (bind != NULL && bind->constraint_msg != NULL)
        message = lalan_form_session_render_text (self, bind->constraint_msg, FORM_TEXT_DEFAULT, state);
      if (message == NULL || message[0] == '\0')
        return g_strdup (_("This answer is not valid."));
    }
  return g_steal_pointer (&message);
}

char *
lalan_form_session_control_text (LalanFormSession *self,
                                 FormControlDef   *def,
                                 NodeState        *state,
                                 const char       *form)
{
  static const struct
  {
    const char   *name;
    FormTextForm  form;
  } forms[] = {
    { "short", FORM_TEXT_SHORT },
    { "long", FORM_TEXT_LONG },
    { "guidance", FORM_TEXT_GUIDANCE },
    { "image", FORM_TEXT_IMAGE },
    { "big-image", FORM_TEXT_BIG_IMAGE },
    { "audio", FORM_TEXT_AUDIO },
    { "video", FORM_TEXT_VIDEO },
  };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    if (g_strcmp0 (forms[i].name, form) == 0)
      return lalan_form_session_render_text (self,
                                             forms[i].form == FORM_TEXT_GUIDANCE ? def->hint : def->label,
                                             forms[i].form, state);
  return NULL;
}

const char *
lalan_form_session_get_language_name (LalanFormSession *self)
{
  if (self->form->languages->len == 0)
    return NULL;
  return g_ptr_array_index (self->form->languages, self->language);
}
