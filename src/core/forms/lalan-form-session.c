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

  /* The table owns one reference per key. g_hash_table_insert() frees the
   * key passed when the key is already there (g_hash_table_replace()
   * frees the old one), so a new reference each time keeps it balanced
   * however often a control is noted (a language switch notes its text
   * and its choices). */
  g_hash_table_insert (self->control_changes, g_object_ref (control), GUINT_TO_POINTER (have | flags));
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
