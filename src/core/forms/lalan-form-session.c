/* lalan-form-session.c
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

/**
 * LalanFormSession:
 *
 * One filling of a #LalanForm: the answers, the repeat instances, what is
 * relevant, required, read-only and valid now, the choices of each select,
 * and the record as OpenRosa instance XML. GTK-free; a renderer walks
 * lalan_form_session_get_body() and listens to #LalanFormSession::changed
 * (or to the controls' notify signals).
 */

G_DEFINE_FINAL_TYPE (LalanFormSession, lalan_form_session, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
record_xpath_error (void        *data,
                    xmlErrorPtr  error)
{
  LalanFormSession *self = data;

  if (error != NULL && error->message != NULL)
    {
      g_string_truncate (self->last_error, 0);
      g_string_append (self->last_error, error->message);
      while (self->last_error->len > 0 &&
             g_ascii_isspace (self->last_error->str[self->last_error->len - 1]))
        g_string_truncate (self->last_error, self->last_error->len - 1);
    }
}

static void
detach_tree (LalanFormControl *control)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (control->children));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LalanFormControl) child = g_list_model_get_item (G_LIST_MODEL (control->children), i);

      detach_tree (child);
    }
  lalan_form_control_detach (control);
}

static void
lalan_form_session_dispose (GObject *object)
{
  LalanFormSession *self = (LalanFormSession *)object;

  if (self->body != NULL)
    {
      detach_tree (self->body);
      g_clear_object (&self->body);
    }

  G_OBJECT_CLASS (lalan_form_session_parent_class)->dispose (object);
}

static void
session_object_finalize (GObject *object)
{
  LalanFormSession *self = (LalanFormSession *)object;

  if (self->doc != NULL)
    lalan_form_session_free_states (xmlDocGetRootElement (self->doc));
  g_clear_pointer (&self->xpath, xmlXPathFreeContext);
  g_clear_pointer (&self->doc, xmlFreeDoc);
  g_clear_pointer (&self->device_id, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->phone_number, g_free);
  g_clear_pointer (&self->fixed_now, g_date_time_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->regexes, g_hash_table_unref);
  g_clear_pointer (&self->errors, g_ptr_array_unref);
  if (self->last_error != NULL)
    g_string_free (g_steal_pointer (&self->last_error), TRUE);
  g_clear_pointer (&self->queue, g_array_unref);
  g_clear_pointer (&self->queued, g_hash_table_unref);
  g_clear_pointer (&self->changes, g_hash_table_unref);
  g_clear_pointer (&self->control_changes, g_hash_table_unref);
  g_clear_pointer (&self->violating, g_hash_table_unref);
  g_clear_pointer (&self->singletons, g_ptr_array_unref);
  g_clear_pointer (&self->namespaces, g_hash_table_unref);
  g_clear_object (&self->form);

  G_OBJECT_CLASS (lalan_form_session_parent_class)->finalize (object);
}

static void
lalan_form_session_class_init (LalanFormSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lalan_form_session_dispose;
  object_class->finalize = session_object_finalize;

  /**
   * LalanFormSession::changed:
   * @self: the session
   * @changes: (element-type LalanFormChange): what changed, by path
   *
   * Emitted after an answer, a repeat change or a language switch, once
   * everything that depends on it has been evaluated.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
}

static void
free_regex (gpointer data)
{
  if (data != NULL)
    g_regex_unref (data);
}

static void
lalan_form_session_init (LalanFormSession *self)
{
  self->regexes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_regex);
  self->errors = g_ptr_array_new_with_free_func (g_free);
  self->last_error = g_string_new (NULL);
  self->queue = g_array_new (FALSE, FALSE, sizeof (QueueEntry));
  self->queued = lalan_form_session_new_pair_table ();
  self->changes = g_hash_table_new (NULL, NULL);
  self->control_changes = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->violating = g_hash_table_new (NULL, NULL);
  self->singletons = g_ptr_array_new ();
  self->namespaces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Change tracking */

void
lalan_form_session_note_change (LalanFormSession     *self,
                                NodeState            *state,
                                LalanFormChangeFlags  flags)
{
  guint have = GPOINTER_TO_UINT (g_hash_table_lookup (self->changes, state));

  g_hash_table_insert (self->changes, state, GUINT_TO_POINTER (have | flags));
}

void
lalan_form_session_note_control (LalanFormSession     *self,
                                 LalanFormControl     *control,
                                 LalanFormChangeFlags  flags)
{
  guint have = GPOINTER_TO_UINT (g_hash_table_lookup (self->control_changes, control));

  if (have == 0)
    g_object_ref (control);
  g_hash_table_replace (self->control_changes, control, GUINT_TO_POINTER (have | flags));
}

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const LalanFormChange *x = *(LalanFormChange **) a;
  const LalanFormChange *y = *(LalanFormChange **) b;

  return g_strcmp0 (x->path, y->path);
}

static void
add_change (GHashTable           *by_path,
            char                 *path,
            LalanFormChangeFlags  flags)
{
  LalanFormChange *change = g_hash_table_lookup (by_path, path);

  if (change == NULL)
    {
      change = g_new0 (LalanFormChange, 1);
      change->path = path;
      g_hash_table_insert (by_path, change->path, change);
    }
  else
    g_free (path);
  change->flags |= flags;
}

void
lalan_form_session_emit_changes (LalanFormSession *self)
{
  const guint public_flags = 0xff;
  g_autoptr(GHashTable) by_path = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) changes = NULL;
  GHashTableIter iter;
  gpointer key, value;

  /* Nobody listening: no paths to build. */
  if (self->body == NULL || !g_signal_has_handler_pending (self, signals[CHANGED], 0, TRUE))
    {
      g_hash_table_remove_all (self->changes);
      g_hash_table_remove_all (self->control_changes);
      return;
    }

  g_hash_table_iter_init (&iter, self->changes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (value) & public_flags)
      add_change (by_path, lalan_form_session_state_path (self, key),
                  GPOINTER_TO_UINT (value) & public_flags);

  g_hash_table_iter_init (&iter, self->control_changes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      LalanFormControl *control = key;

      if (control->session != NULL)
        add_change (by_path, g_strdup (control->path), GPOINTER_TO_UINT (value));
    }

  g_hash_table_remove_all (self->changes);
  g_hash_table_remove_all (self->control_changes);

  if (g_hash_table_size (by_path) == 0 || self->body == NULL)
    {
      GHashTableIter free_iter;

      g_hash_table_iter_init (&free_iter, by_path);
      while (g_hash_table_iter_next (&free_iter, NULL, &value))
        lalan_form_change_free (value);
      return;
    }

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_form_change_free);
  g_hash_table_iter_init (&iter, by_path);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (changes, value);
  g_ptr_array_sort (changes, compare_changes);

  g_signal_emit (self, signals[CHANGED], 0, changes);
}

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

static gboolean
parse_step (const char  *step,
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

static FormNode *
child_def (FormNode   *parent,
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

      if (!parse_step (steps[i], &name, &index, &indexed))
        goto not_found;

      if (i == 0)
        {
          if ((!g_str_equal (name, self->root->def->qname) && !g_str_equal (name, self->root->def->name)) ||
              index != 1)
            goto not_found;
          state = self->root;
          continue;
        }

      def = child_def (state->def, name);
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

/* Construction */

static NodeState *
singleton (LalanFormSession *self,
           FormNode         *def)
{
  if (def == NULL || def->order >= self->singletons->len)
    return NULL;
  return g_ptr_array_index (self->singletons, def->order);
}

static void
store_and_propagate (LalanFormSession *self,
                     NodeState        *state,
                     const char       *value)
{
  if (lalan_form_session_store_value (self, state, value) && state->relevant)
    lalan_form_session_value_changed (self, state);
}

static void
ensure_instance_id (LalanFormSession *self)
{
  NodeState *state = singleton (self, self->form->instance_id);

  if (state != NULL && (state->value == NULL || state->value[0] == '\0'))
    {
      g_autofree char *uuid = lalan_form_session_new_uuid (self);
      g_autofree char *value = g_strconcat ("uuid:", uuid, NULL);

      store_and_propagate (self, state, value);
    }
}

typedef enum
{
  PRELOAD_FIRST_LOAD,
  PRELOAD_END,
} PreloadEvent;

static void
apply_preloads (LalanFormSession *self,
                PreloadEvent      event)
{
  for (guint i = 0; i < self->form->nodes->len; i++)
    {
      FormNode *def = g_ptr_array_index (self->form->nodes, i);
      const char *preload, *params;
      g_autofree char *value = NULL;
      g_autoptr(GPtrArray) states = NULL;

      if (def->bind == NULL || def->bind->preload == NULL)
        continue;
      preload = def->bind->preload;
      params = def->bind->preload_params ? def->bind->preload_params : "";
      if (g_str_has_prefix (params, "uri:"))
        params += 4;

      if (g_str_equal (preload, "timestamp") && g_str_equal (params, "end"))
        {
          if (event == PRELOAD_END)
            {
              g_autoptr(GDateTime) now = lalan_form_session_now (self);

              value = lx_format_date_time (now);
            }
        }
      else if (event != PRELOAD_FIRST_LOAD)
        continue;
      else if (g_str_equal (preload, "uid"))
        {
          g_autofree char *uuid = lalan_form_session_new_uuid (self);

          value = g_strconcat ("uuid:", uuid, NULL);
        }
      else if (g_str_equal (preload, "timestamp"))
        {
          g_autoptr(GDateTime) now = lalan_form_session_now (self);

          value = lx_format_date_time (now);
        }
      else if (g_str_equal (preload, "date"))
        {
          g_autoptr(GDateTime) now = lalan_form_session_now (self);

          value = lx_format_date (now);
        }
      else if (g_str_equal (params, "deviceid"))
        value = g_strdup (self->device_id ? self->device_id : "lalan:unknown-device");
      else if (g_str_equal (params, "username"))
        value = g_strdup (self->username ? self->username : "");
      else if (g_str_equal (params, "email"))
        value = g_strdup (self->email ? self->email : "");
      else if (g_str_equal (params, "phonenumber"))
        value = g_strdup (self->phone_number ? self->phone_number : "");

      if (value == NULL)
        continue;
      states = lalan_form_session_collect_instances (self, def, NULL);
      for (guint s = 0; s < states->len; s++)
        store_and_propagate (self, g_ptr_array_index (states, s), value);
    }
}

static LalanFormSession *
session_new (LalanForm                     *form,
             const LalanFormSessionOptions *options,
             GError                       **error)
{
  g_autoptr(LalanFormSession) self = g_object_new (LALAN_TYPE_FORM_SESSION, NULL);
  LalanFormSessionOptions defaults = { 0 };

  if (options == NULL)
    options = &defaults;

  self->form = g_object_ref (form);
  self->device_id = g_strdup (options->device_id);
  self->username = g_strdup (options->username);
  self->email = g_strdup (options->email);
  self->phone_number = g_strdup (options->phone_number);
  if (options->now != NULL)
    self->fixed_now = g_date_time_ref (options->now);
  self->rand = options->seed != 0 ? g_rand_new_with_seed (options->seed) : g_rand_new ();

  self->language = form->default_language;
  if (options->language != NULL)
    {
      int language = lalan_form_find_language (form, options->language);

      if (language < 0)
        {
          g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_NOT_FOUND,
                       _("The form has no language “%s”."), options->language);
          return NULL;
        }
      self->language = language;
    }

  self->doc = xmlNewDoc ((const xmlChar *) "1.0");
  g_ptr_array_set_size (self->singletons, form->nodes->len);

  self->xpath = xmlXPathNewContext (self->doc);
  xmlXPathRegisterFuncLookup (self->xpath, lx_function_lookup_impl, self);
  for (guint i = 0; i + 1 < form->prefixes->len; i += 2)
    xmlXPathRegisterNs (self->xpath, g_ptr_array_index (form->prefixes, i),
                        g_ptr_array_index (form->prefixes, i + 1));
  self->xpath->error = record_xpath_error;
  self->xpath->userData = self;

  return g_steal_pointer (&self);
}

static void
finish_construction (LalanFormSession *self)
{
  /* Construction is not a change anyone listens to. */
  g_hash_table_remove_all (self->changes);
  g_hash_table_remove_all (self->control_changes);
  self->body = lalan_form_session_build_controls (self);
}

/**
 * lalan_form_session_new:
 * @form: the form
 * @options: (nullable): device id, clock, language...
 * @error: why the session cannot start
 *
 * Starts a new record: the form's default answers, the preloads (uid,
 * start, today, deviceid...), odk-instance-first-load actions, jr:count
 * repeats, and every calculation and condition evaluated once.
 *
 * Returns: (transfer full) (nullable): the session
 */
LalanFormSession *
lalan_form_session_new (LalanForm                     *form,
                        const LalanFormSessionOptions *options,
                        GError                       **error)
{
  g_autoptr(LalanFormSession) self = NULL;

  g_return_val_if_fail (LALAN_IS_FORM (form), NULL);

  self = session_new (form, options, error);
  if (self == NULL)
    return NULL;

  self->root = lalan_form_session_build_root (self, form->root_element, FALSE, error);
  if (self->root == NULL)
    return NULL;

  lalan_form_session_begin (self);
  apply_preloads (self, PRELOAD_FIRST_LOAD);
  ensure_instance_id (self);
  lalan_form_session_run_actions (self, form->actions, FORM_EVENT_FIRST_LOAD, self->root);
  lalan_form_session_enqueue_all (self, self->root);
  lalan_form_session_end (self);

  finish_construction (self);
  return g_steal_pointer (&self);
}

static char *
root_version (xmlNodePtr root)
{
  xmlChar *value = xmlGetNsProp (root, (const xmlChar *) "version", (const xmlChar *) LALAN_ORX_NS);
  char *copy;

  if (value == NULL)
    value = xmlGetNoNsProp (root, (const xmlChar *) "version");
  copy = g_strdup (value ? (const char *) value : "");
  xmlFree (value);
  return copy;
}

/**
 * lalan_form_session_new_from_instance:
 * @form: the form the record was started with (same id and version)
 * @instance_xml: the saved instance
 * @mode: continue a draft, or edit a sent record
 * @options: (nullable): device id, clock, language...
 * @error: why the record cannot be opened
 *
 * Reopens a saved record. odk-instance-first-load does not happen again;
 * calculations are evaluated again. In %LALAN_FORM_RESTORE_EDIT mode the
 * record gets a new instanceID and keeps the old one in deprecatedID.
 *
 * Returns: (transfer full) (nullable): the session
 */
LalanFormSession *
lalan_form_session_new_from_instance (LalanForm                     *form,
                                      GBytes                        *instance_xml,
                                      LalanFormRestoreMode           mode,
                                      const LalanFormSessionOptions *options,
                                      GError                       **error)
{
  g_autoptr(LalanFormSession) self = NULL;
  xmlDocPtr doc = NULL;
  xmlNodePtr root;
  g_autofree char *id = NULL;
  g_autofree char *version = NULL;

  g_return_val_if_fail (LALAN_IS_FORM (form), NULL);
  g_return_val_if_fail (instance_xml != NULL, NULL);

  if (!lalan_form_parse_document (instance_xml, &doc, error))
    return NULL;

  root = xmlDocGetRootElement (doc);
  id = (char *) xmlGetNoNsProp (root, (const xmlChar *) "id");
  version = root_version (root);
  if (!lalan_form_element_matches (root, form->root) || g_strcmp0 (id, form->id) != 0)
    {
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_INSTANCE,
                   _("This record belongs to the form “%s”, not “%s”."),
                   id ? id : (const char *) root->name, form->id);
      xmlFreeDoc (doc);
      return NULL;
    }
  if (g_strcmp0 (version, form->version) != 0)
    {
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_INSTANCE,
                   _("This record was started with version “%s” of the form, not “%s”."),
                   version, form->version);
      xmlFreeDoc (doc);
      return NULL;
    }

  self = session_new (form, options, error);
  if (self != NULL)
    self->root = lalan_form_session_build_root (self, root, TRUE, error);
  xmlFreeDoc (doc);
  if (self == NULL || self->root == NULL)
    return NULL;

  lalan_form_session_begin (self);
  if (mode == LALAN_FORM_RESTORE_EDIT)
    {
      NodeState *instance_id = singleton (self, form->instance_id);
      NodeState *deprecated_id = singleton (self, form->deprecated_id);
      g_autofree char *old = g_strdup (instance_id ? instance_id->value : NULL);

      if (deprecated_id != NULL && old != NULL && old[0] != '\0')
        store_and_propagate (self, deprecated_id, old);
      if (instance_id != NULL)
        store_and_propagate (self, instance_id, "");
    }
  ensure_instance_id (self);
  lalan_form_session_enqueue_all (self, self->root);
  lalan_form_session_end (self);

  finish_construction (self);
  return g_steal_pointer (&self);
}

/* Public API */

LalanForm *
lalan_form_session_get_form (LalanFormSession *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), NULL);
  return self->form;
}

static const char *
singleton_value (LalanFormSession *self,
                 FormNode         *def)
{
  NodeState *state = singleton (self, def);

  return state && state->value && state->value[0] != '\0' ? state->value : NULL;
}

/**
 * lalan_form_session_get_instance_id:
 *
 * Returns: the record's `meta/instanceID` (`uuid:` and a UUID v4)
 */
const char *
lalan_form_session_get_instance_id (LalanFormSession *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), NULL);
  return singleton_value (self, self->form->instance_id);
}

/**
 * lalan_form_session_get_deprecated_id:
 *
 * Returns: (nullable): the instanceID this record replaces, when it is an
 *   edit of a record already sent
 */
const char *
lalan_form_session_get_deprecated_id (LalanFormSession *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), NULL);
  return singleton_value (self, self->form->deprecated_id);
}

/**
 * lalan_form_session_get_instance_name:
 *
 * Returns: (nullable): `meta/instanceName`, a name for the record in lists
 */
const char *
lalan_form_session_get_instance_name (LalanFormSession *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), NULL);
  return self->form->instance_name ? singleton_value (self, self->form->instance_name) : NULL;
}

/**
 * lalan_form_session_get_language:
 *
 * Returns: (nullable): the itext language labels are in, %NULL when the
 *   form has no translations
 */
const char *
lalan_form_session_get_language (LalanFormSession *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), NULL);
  return lalan_form_session_get_language_name (self);
}

static void
refresh_control_texts (LalanFormSession *self,
                       LalanFormControl *control)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (control->children));
  g_autofree char *label = g_strdup (control->label);
  g_autofree char *hint = g_strdup (control->hint);

  if (control->kind != LALAN_FORM_CONTROL_REPEAT_INSTANCE && control->state != NULL)
    {
      g_autofree char *new_label = control->def->label
        ? lalan_form_session_render_text (self, control->def->label, FORM_TEXT_DEFAULT, control->state) : NULL;
      g_autofree char *new_hint = control->def->hint
        ? lalan_form_session_render_text (self, control->def->hint, FORM_TEXT_DEFAULT, control->state) : NULL;

      lalan_form_control_set_texts (control, new_label, new_hint);
      if (g_strcmp0 (label, control->label) != 0 || g_strcmp0 (hint, control->hint) != 0)
        lalan_form_session_note_control (self, control, LALAN_FORM_CHANGE_TEXT);
      if (control->choices != NULL)
        {
          g_autoptr(GPtrArray) pairs = lalan_form_session_evaluate_itemset (self, control->def, control->state);

          lalan_form_control_set_choices (control, pairs);
          lalan_form_session_note_control (self, control, LALAN_FORM_CHANGE_CHOICES);
        }
      if (control->state->violation != 0)
        lalan_form_session_note_change (self, control->state, LALAN_FORM_CHANGE_VALIDITY);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LalanFormControl) child = g_list_model_get_item (G_LIST_MODEL (control->children), i);

      refresh_control_texts (self, child);
    }
}

/**
 * lalan_form_session_set_language:
 * @language: one of lalan_form_get_languages()
 *
 * Switches labels, hints, choices and messages to @language.
 */
gboolean
lalan_form_session_set_language (LalanFormSession  *self,
                                 const char        *language,
                                 GError           **error)
{
  int index;

  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), FALSE);
  g_return_val_if_fail (language != NULL, FALSE);

  index = lalan_form_find_language (self->form, language);
  if (index < 0)
    {
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_NOT_FOUND,
                   _("The form has no language “%s”."), language);
      return FALSE;
    }
  if ((guint) index == self->language)
    return TRUE;

  self->language = index;
  lalan_form_session_begin (self);
  for (guint i = 0; i < self->form->computations->len; i++)
    {
      FormComputation *comp = g_ptr_array_index (self->form->computations, i);
      g_autoptr(GPtrArray) targets = NULL;

      if (comp->expr == NULL || !(comp->expr->flags & FORM_EXPR_USES_LANGUAGE) || comp->target == NULL)
        continue;
      targets = lalan_form_session_collect_instances (self, comp->target, NULL);
      for (guint t = 0; t < targets->len; t++)
        lalan_form_session_enqueue (self, comp, g_ptr_array_index (targets, t));
    }
  if (self->body != NULL)
    refresh_control_texts (self, self->body);
  lalan_form_session_end (self);
  return TRUE;
}

/**
 * lalan_form_session_get_value:
 * @path: an instance path
 *
 * Returns: (nullable): the answer there ("" when none, also when not
 *   relevant it is kept), or %NULL when there is no such node
 */
const char *
lalan_form_session_get_value (LalanFormSession *self,
                              const char       *path)
{
  NodeState *state;

  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), NULL);
  state = lalan_form_session_lookup_state (self, path, NULL);
  if (state == NULL)
    return NULL;
  return state->value ? state->value : "";
}

/**
 * lalan_form_session_is_relevant:
 *
 * Returns: whether the node at @path exists and is relevant now
 */
gboolean
lalan_form_session_is_relevant (LalanFormSession *self,
                                const char       *path)
{
  NodeState *state;

  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), FALSE);
  state = lalan_form_session_lookup_state (self, path, NULL);
  return state != NULL && state->relevant;
}

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
  if (!parse_step (slash + 1, &name, &index, &indexed))
    goto not_found;
  *container = lalan_form_session_lookup_state (self, parent, NULL);
  if (*container == NULL)
    goto not_found;
  *repeat = child_def ((*container)->def, name);
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
  if (lalan_form_session_count_instances (container, repeat) >= 10000)
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

/**
 * lalan_form_session_finalize:
 * @error: %LALAN_FORM_ERROR_VIOLATIONS when answers need attention
 *
 * Completes the record: end timestamps, a checked instanceID, and every
 * rule checked. On violations, lalan_form_session_get_violations() lists
 * them.
 */
gboolean
lalan_form_session_finalize (LalanFormSession  *self,
                             GError           **error)
{
  g_autoptr(GPtrArray) violations = NULL;

  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), FALSE);

  lalan_form_session_begin (self);
  apply_preloads (self, PRELOAD_END);
  ensure_instance_id (self);
  lalan_form_session_end (self);

  violations = lalan_form_session_get_violations (self);
  if (violations->len > 0)
    {
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_VIOLATIONS,
                   g_dngettext (GETTEXT_PACKAGE, "%u answer needs attention.",
                                "%u answers need attention.", violations->len),
                   violations->len);
      return FALSE;
    }
  self->finalized = TRUE;
  return TRUE;
}

/**
 * lalan_form_session_is_finalized:
 *
 * Returns: whether lalan_form_session_finalize() succeeded and nothing
 *   changed since
 */
gboolean
lalan_form_session_is_finalized (LalanFormSession *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), FALSE);
  return self->finalized;
}

/**
 * lalan_form_session_serialize:
 * @mode: a submission (non-relevant nodes left out) or a draft (all)
 *
 * Returns: (transfer full): the instance XML
 */
GBytes *
lalan_form_session_serialize (LalanFormSession       *self,
                              LalanFormSerializeMode  mode)
{
  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), NULL);
  return lalan_form_session_write_xml (self, mode);
}

/**
 * lalan_form_session_evaluate:
 * @expression: an XPath expression, as a form would write it
 * @context_path: (nullable): the node it is evaluated for, the root by default
 * @error: why it cannot be evaluated
 *
 * For tests and for looking into a record: evaluates @expression with the
 * form's function library.
 *
 * Returns: (transfer full) (nullable): the result as a string
 */
char *
lalan_form_session_evaluate (LalanFormSession  *self,
                             const char        *expression,
                             const char        *context_path,
                             GError           **error)
{
  NodeState *context;
  FormExpr *expr;
  xmlXPathObjectPtr result;
  char *text;

  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), NULL);
  g_return_val_if_fail (expression != NULL, NULL);

  context = context_path ? lalan_form_session_lookup_state (self, context_path, error) : self->root;
  if (context == NULL)
    return NULL;
  expr = lalan_form_compile (self->form, expression, self->form->root_element, context->def, 0, error);
  if (expr == NULL)
    return NULL;
  for (guint i = 0; i + 1 < self->form->prefixes->len; i += 2)
    xmlXPathRegisterNs (self->xpath, g_ptr_array_index (self->form->prefixes, i),
                        g_ptr_array_index (self->form->prefixes, i + 1));

  result = lalan_form_session_eval (self, expr, context->node, context->node);
  if (result == NULL)
    {
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_EXPRESSION,
                   _("“%s” could not be evaluated: %s"), expression, self->last_error->str);
      return NULL;
    }
  text = lx_object_to_string (result);
  xmlXPathFreeObject (result);
  return text;
}

/**
 * lalan_form_session_get_errors:
 *
 * Returns: (transfer none) (element-type utf8): expressions that could not
 *   be evaluated so far (their result counted as empty), for a log
 */
const GPtrArray *
lalan_form_session_get_errors (LalanFormSession *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_SESSION (self), NULL);
  return self->errors;
}
