/* lalan-form.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-form.h"
#include "lalan-form-private.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>

/**
 * LalanForm:
 *
 * An ODK XForm, parsed and checked: its instance, binds, body, translations
 * and the dependency graph of its calculations and conditions. It never
 * changes once loaded; #LalanFormSession fills it in.
 */

G_DEFINE_FINAL_TYPE (LalanForm, lalan_form, G_TYPE_OBJECT)

G_DEFINE_QUARK (lalan-form-error-quark, lalan_form_error)

G_DEFINE_BOXED_TYPE (LalanFormProblem, lalan_form_problem,
                     lalan_form_problem_copy, lalan_form_problem_free)
G_DEFINE_BOXED_TYPE (LalanFormChange, lalan_form_change,
                     lalan_form_change_copy, lalan_form_change_free)
G_DEFINE_BOXED_TYPE (LalanFormViolation, lalan_form_violation,
                     lalan_form_violation_copy, lalan_form_violation_free)

LalanFormProblem *
lalan_form_problem_copy (const LalanFormProblem *problem)
{
  LalanFormProblem *copy = g_new0 (LalanFormProblem, 1);

  copy->line = problem->line;
  copy->message = g_strdup (problem->message);
  return copy;
}

void
lalan_form_problem_free (LalanFormProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->message);
  g_free (problem);
}

LalanFormChange *
lalan_form_change_copy (const LalanFormChange *change)
{
  LalanFormChange *copy = g_new0 (LalanFormChange, 1);

  copy->path = g_strdup (change->path);
  copy->flags = change->flags;
  return copy;
}

void
lalan_form_change_free (LalanFormChange *change)
{
  if (change == NULL)
    return;
  g_free (change->path);
  g_free (change);
}

LalanFormViolation *
lalan_form_violation_copy (const LalanFormViolation *violation)
{
  LalanFormViolation *copy = g_new0 (LalanFormViolation, 1);

  copy->kind = violation->kind;
  copy->path = g_strdup (violation->path);
  copy->message = g_strdup (violation->message);
  copy->position = g_strdup (violation->position);
  return copy;
}

void
lalan_form_violation_free (LalanFormViolation *violation)
{
  if (violation == NULL)
    return;
  g_free (violation->path);
  g_free (violation->message);
  g_free (violation->position);
  g_free (violation);
}

static void
template_free (FormTemplate *template)
{
  if (template == NULL)
    return;
  g_ptr_array_unref (template->segments);
  g_free (template);
}

static void
form_text_free (FormText *text)
{
  g_free (text->itext_id);
  template_free (text->inline_text);
  for (guint i = 0; i < text->n_itext; i++)
    template_free (text->itext[i]);
  g_free (text->itext);
  g_clear_pointer (&text->deps, g_array_unref);
  g_free (text);
}

static void
free_control (FormControlDef *def)
{
  if (def == NULL)
    return;
  g_clear_pointer (&def->children, g_ptr_array_unref);
  g_free (def->ref);
  g_free (def->appearance);
  g_free (def->mediatype);
  g_clear_pointer (&def->items, g_ptr_array_unref);
  if (def->itemset)
    {
      g_free (def->itemset->value_child);
      g_free (def->itemset->label_child);
      g_free (def->itemset->label_itext_child);
      g_free (def->itemset);
    }
  g_clear_pointer (&def->actions, g_ptr_array_unref);
  g_free (def);
}

static void
free_node (FormNode *node)
{
  g_ptr_array_unref (node->children);
  g_free (node->name);
  g_free (node->ns_uri);
  g_free (node->qname);
  g_free (node->path);
  if (node->bind)
    {
      for (guint i = 0; i < FORM_N_BIND_COMPS; i++)
        g_free (node->bind->sources[i]);
      g_free (node->bind->preload);
      g_free (node->bind->preload_params);
      g_free (node->bind);
    }
  g_ptr_array_unref (node->dependents);
  g_ptr_array_unref (node->controls);
  g_free (node);
}

static void
free_computation (FormComputation *comp)
{
  g_clear_pointer (&comp->deps, g_array_unref);
  g_free (comp);
}

static void
free_action (FormAction *action)
{
  g_free (action->literal);
  g_free (action);
}

static void
lalan_form_finalize (GObject *object)
{
  LalanForm *self = (LalanForm *)object;

  g_clear_pointer (&self->xml, g_bytes_unref);
  g_clear_pointer (&self->hash, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->nodes_by_path, g_hash_table_unref);
  g_clear_pointer (&self->secondary, g_hash_table_unref);
  g_clear_pointer (&self->binds_by_id, g_hash_table_unref);
  g_clear_pointer (&self->prefixes, g_ptr_array_unref);
  g_clear_pointer (&self->prefix_by_uri, g_hash_table_unref);
  g_clear_pointer (&self->languages, g_ptr_array_unref);
  g_clear_pointer (&self->language_strv, g_free);
  g_clear_pointer (&self->itext, g_ptr_array_unref);
  g_clear_pointer (&self->controls, g_ptr_array_unref);
  g_clear_pointer (&self->computations, g_ptr_array_unref);
  g_clear_pointer (&self->actions, g_ptr_array_unref);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->indexes, g_hash_table_unref);
  g_clear_pointer (&self->compile_context, xmlXPathFreeContext);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->problem_codes, g_array_unref);
  g_clear_pointer (&self->all_exprs, g_ptr_array_unref);
  g_clear_pointer (&self->all_texts, g_ptr_array_unref);
  g_clear_pointer (&self->doc, xmlFreeDoc);
  g_mutex_clear (&self->index_lock);

  G_OBJECT_CLASS (lalan_form_parent_class)->finalize (object);
}

static void
lalan_form_class_init (LalanFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lalan_form_finalize;
}

static void
free_index (gpointer data)
{
  g_hash_table_unref (data);
}

static void
lalan_form_init (LalanForm *self)
{
  self->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) free_node);
  self->nodes_by_path = g_hash_table_new (g_str_hash, g_str_equal);
  self->secondary = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->binds_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->prefixes = g_ptr_array_new_with_free_func (g_free);
  self->prefix_by_uri = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->languages = g_ptr_array_new_with_free_func (g_free);
  self->itext = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  self->controls = g_ptr_array_new_with_free_func ((GDestroyNotify) free_control);
  self->computations = g_ptr_array_new_with_free_func ((GDestroyNotify) free_computation);
  self->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) free_action);
  self->indexes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_index);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_form_problem_free);
  self->problem_codes = g_array_new (FALSE, FALSE, sizeof (int));
  self->all_exprs = g_ptr_array_new_with_free_func ((GDestroyNotify) form_expr_free);
  self->all_texts = g_ptr_array_new_with_free_func ((GDestroyNotify) form_text_free);
  g_mutex_init (&self->index_lock);

  /* Our functions live in their own namespace; the compiler emits lx:NAME(). */
  g_ptr_array_add (self->prefixes, g_strdup ("lx"));
  g_ptr_array_add (self->prefixes, g_strdup (LALAN_LX_NS));
  g_hash_table_insert (self->prefix_by_uri, g_strdup (LALAN_LX_NS),
                       g_ptr_array_index (self->prefixes, 0));
}

/**
 * lalan_form_add_problem:
 * @self: the form being loaded
 * @where: (nullable): the element the problem is on, for its line
 * @code: the #LalanFormError it amounts to
 * @format: a translated sentence
 *
 * Records a reason the form cannot be used; loading goes on to find the
 * others, so `lalan-cli form check` lists them all at once.
 */
void
lalan_form_add_problem (LalanForm  *self,
                        xmlNodePtr  where,
                        int         code,
                        const char *format,
                        ...)
{
  LalanFormProblem *problem = g_new0 (LalanFormProblem, 1);
  va_list args;

  g_array_append_val (self->problem_codes, code);

  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  problem->line = where ? (guint) MAX (xmlGetLineNo (where), 0) : 0;
  g_ptr_array_add (self->problems, problem);
}

void
lalan_form_add_error_problem (LalanForm    *self,
                              xmlNodePtr    where,
                              const GError *error)
{
  lalan_form_add_problem (self, where, error->code, "%s", error->message);
}

FormNode *
lalan_form_lookup_node (LalanForm  *self,
                        const char *path)
{
  return g_hash_table_lookup (self->nodes_by_path, path);
}

guint
lalan_form_get_n_languages (LalanForm *self)
{
  return self->languages->len;
}

int
lalan_form_find_language (LalanForm  *self,
                          const char *name)
{
  for (guint i = 0; i < self->languages->len; i++)
    if (g_str_equal (g_ptr_array_index (self->languages, i), name))
      return i;
  return -1;
}

FormItextEntry *
lalan_form_lookup_itext (LalanForm  *self,
                         guint       language,
                         const char *id)
{
  if (language >= self->itext->len || id == NULL)
    return NULL;
  return g_hash_table_lookup (g_ptr_array_index (self->itext, language), id);
}

/* The index of a secondary instance for a cascading filter: item nodes by
 * the text of their @child, built on first use and shared by sessions. */
GPtrArray *
lalan_form_lookup_index (LalanForm  *self,
                         FormFilter *filter,
                         const char *value)
{
  g_autofree char *key = NULL;
  const char *child = g_array_index (filter->terms, FormFilterTerm, 0).child;
  GHashTable *index;
  GPtrArray *found;

  {
    g_autofree char *steps = NULL;

    g_ptr_array_add (filter->steps, NULL);
    steps = g_strjoinv ("/", (char **) filter->steps->pdata);
    g_ptr_array_remove_index (filter->steps, filter->steps->len - 1);
    key = g_strdup_printf ("%s\n%s\n%s", filter->instance_id, steps, child);
  }

  g_mutex_lock (&self->index_lock);
  index = g_hash_table_lookup (self->indexes, key);
  if (index == NULL)
    {
      g_autoptr(GPtrArray) level = g_ptr_array_new ();
      xmlNodePtr instance = g_hash_table_lookup (self->secondary, filter->instance_id);

      index = g_hash_table_new_full (g_str_hash, g_str_equal, xmlFree,
                                     (GDestroyNotify) g_ptr_array_unref);
      if (instance != NULL)
        g_ptr_array_add (level, instance);

      /* Walk down the steps; the last level is the items. */
      for (guint i = 0; i < filter->steps->len; i++)
        {
          g_autoptr(GPtrArray) next = g_ptr_array_new ();
          const char *name = g_ptr_array_index (filter->steps, i);

          for (guint j = 0; j < level->len; j++)
            for (xmlNodePtr c = xmlFirstElementChild (g_ptr_array_index (level, j)); c;
                 c = xmlNextElementSibling (c))
              if (c->ns == NULL && xmlStrEqual (c->name, (const xmlChar *) name))
                g_ptr_array_add (next, c);
          g_ptr_array_unref (level);
          level = g_steal_pointer (&next);
        }

      for (guint j = 0; j < level->len; j++)
        {
          xmlNodePtr item = g_ptr_array_index (level, j);

          for (xmlNodePtr c = xmlFirstElementChild (item); c; c = xmlNextElementSibling (c))
            {
              xmlChar *text;
              GPtrArray *items;

              if (c->ns != NULL || !xmlStrEqual (c->name, (const xmlChar *) child))
                continue;
              text = xmlNodeGetContent (c);
              items = g_hash_table_lookup (index, text);
              if (items == NULL)
                {
                  items = g_ptr_array_new ();
                  g_hash_table_insert (index, text, items);
                }
              else
                xmlFree (text);
              /* An item with two equal children is listed once. */
              if (items->len == 0 || g_ptr_array_index (items, items->len - 1) != item)
                g_ptr_array_add (items, item);
            }
        }
      g_hash_table_insert (self->indexes, g_strdup (key), index);
    }
  found = g_hash_table_lookup (index, value);
  g_mutex_unlock (&self->index_lock);

  return found;
}

/* In the order of the file, as a person reads them. */
static void
sort_problems (LalanForm *self)
{
  guint n = self->problems->len;

  /* Insertion sort keeps problems of one line in the order found. */
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0; j--)
      {
        LalanFormProblem *a = g_ptr_array_index (self->problems, j - 1);
        LalanFormProblem *b = g_ptr_array_index (self->problems, j);
        int code;

        if (a->line <= b->line)
          break;
        self->problems->pdata[j - 1] = b;
        self->problems->pdata[j] = a;
        code = g_array_index (self->problem_codes, int, j - 1);
        g_array_index (self->problem_codes, int, j - 1) = g_array_index (self->problem_codes, int, j);
        g_array_index (self->problem_codes, int, j) = code;
      }
}

static LalanForm *
load (GBytes     *xml,
      GPtrArray **problems,
      GError    **error)
{
  g_autoptr(LalanForm) self = g_object_new (LALAN_TYPE_FORM, NULL);
  g_autoptr(GError) local_error = NULL;

  self->xml = g_bytes_ref (xml);
  self->hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, xml);

  if (!lalan_form_parse_document (xml, &self->doc, &local_error))
    lalan_form_add_error_problem (self, NULL, local_error);
  else
    lalan_form_build (self);

  if (self->problems->len > 0)
    {
      LalanFormProblem *first;
      int code;

      sort_problems (self);
      first = g_ptr_array_index (self->problems, 0);
      code = g_array_index (self->problem_codes, int, 0);

      if (first->line > 0)
        g_set_error (error, LALAN_FORM_ERROR, code,
                     _("Line %u: %s"), first->line, first->message);
      else
        g_set_error_literal (error, LALAN_FORM_ERROR, code, first->message);

      if (problems != NULL)
        *problems = g_steal_pointer (&self->problems);
      return NULL;
    }

  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->compile_context, xmlXPathFreeContext);
  if (problems != NULL)
    *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_form_problem_free);
  return g_steal_pointer (&self);
}

/**
 * lalan_form_load:
 * @xml: the form's XML
 * @problems: (out) (optional) (element-type LalanFormProblem) (transfer container):
 *   every problem found, one per reason, in the order of the file
 * @error: the first problem
 *
 * Loads a form, refusing it whole when anything is wrong or unsupported.
 *
 * Returns: (transfer full) (nullable): the form
 */
LalanForm *
lalan_form_load (GBytes     *xml,
                 GPtrArray **problems,
                 GError    **error)
{
  g_return_val_if_fail (xml != NULL, NULL);

  return load (xml, problems, error);
}

/**
 * lalan_form_new_from_bytes:
 * @xml: the form's XML
 * @error: the first reason the form cannot be used
 *
 * Returns: (transfer full) (nullable): the form
 */
LalanForm *
lalan_form_new_from_bytes (GBytes  *xml,
                           GError **error)
{
  g_return_val_if_fail (xml != NULL, NULL);

  return load (xml, NULL, error);
}

/**
 * lalan_form_new_from_file:
 * @path: a form file
 * @error: why it cannot be read or used
 *
 * Returns: (transfer full) (nullable): the form
 */
LalanForm *
lalan_form_new_from_file (const char  *path,
                          GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_size (info) > LALAN_FORM_MAX_BYTES)
    {
      g_set_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_TOO_LARGE,
                   _("The form is larger than %d MB."), LALAN_FORM_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  bytes = g_file_load_bytes (file, NULL, NULL, error);
  if (bytes == NULL)
    return NULL;
  return load (bytes, NULL, error);
}

/**
 * lalan_form_get_id:
 *
 * Returns: the form's id (the primary instance's `id` attribute)
 */
const char *
lalan_form_get_id (LalanForm *self)
{
  g_return_val_if_fail (LALAN_IS_FORM (self), NULL);
  return self->id;
}

/**
 * lalan_form_get_version:
 *
 * Returns: the form's version (`orx:version` or `version`), "" when none
 */
const char *
lalan_form_get_version (LalanForm *self)
{
  g_return_val_if_fail (LALAN_IS_FORM (self), NULL);
  return self->version;
}

/**
 * lalan_form_get_title:
 *
 * Returns: the form's `h:title`
 */
const char *
lalan_form_get_title (LalanForm *self)
{
  g_return_val_if_fail (LALAN_IS_FORM (self), NULL);
  return self->title;
}

/**
 * lalan_form_get_hash:
 *
 * Returns: the SHA-256 of the form's XML, in hexadecimal
 */
const char *
lalan_form_get_hash (LalanForm *self)
{
  g_return_val_if_fail (LALAN_IS_FORM (self), NULL);
  return self->hash;
}

/**
 * lalan_form_get_xml:
 *
 * Returns: (transfer none): the XML the form was loaded from
 */
GBytes *
lalan_form_get_xml (LalanForm *self)
{
  g_return_val_if_fail (LALAN_IS_FORM (self), NULL);
  return self->xml;
}

/**
 * lalan_form_get_languages:
 *
 * Returns: (transfer none): the itext languages, in the order of the form;
 *   empty when the form has no translations
 */
const char * const *
lalan_form_get_languages (LalanForm *self)
{
  g_return_val_if_fail (LALAN_IS_FORM (self), NULL);
  return (const char * const *) self->language_strv;
}

/**
 * lalan_form_get_default_language:
 *
 * Returns: (nullable): the default language, %NULL without translations
 */
const char *
lalan_form_get_default_language (LalanForm *self)
{
  g_return_val_if_fail (LALAN_IS_FORM (self), NULL);
  if (self->languages->len == 0)
    return NULL;
  return g_ptr_array_index (self->languages, self->default_language);
}

guint
lalan_form_get_n_questions (LalanForm *self)
{
  g_return_val_if_fail (LALAN_IS_FORM (self), 0);
  return self->n_questions;
}

guint
lalan_form_get_n_groups (LalanForm *self)
{
  g_return_val_if_fail (LALAN_IS_FORM (self), 0);
  return self->n_groups;
}

guint
lalan_form_get_n_repeats (LalanForm *self)
{
  g_return_val_if_fail (LALAN_IS_FORM (self), 0);
  return self->n_repeats;
}
