/* lalan-form-session-eval.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-form-session-private.h"
#include "lalan-xpath-values-private.h"

#include <glib/gi18n-lib.h>
#include <libxml/xpathInternals.h>
#include <math.h>
#include <string.h>

/* How a session re-evaluates. A change (an answer, a new repeat instance,
 * a language) puts the computations that read the changed node on a queue
 * ordered by their rank in the graph; each is evaluated for the instances
 * it concerns (only the same repeat instance when its expression stays
 * inside the repeat), and whatever it changes queues its own readers.
 * Every computation runs at most once per change. */

#define CHECK_VALIDITY (1u << 16)

typedef struct
{
  FormComputation *comp;
  NodeState       *target;
} PairKey;

static guint
pair_hash (gconstpointer data)
{
  const PairKey *key = data;

  return g_direct_hash (key->comp) * 31 + g_direct_hash (key->target);
}

static gboolean
pair_equal (gconstpointer a,
            gconstpointer b)
{
  const PairKey *x = a;
  const PairKey *y = b;

  return x->comp == y->comp && x->target == y->target;
}

GHashTable *
lalan_form_session_new_pair_table (void)
{
  return g_hash_table_new_full (pair_hash, pair_equal, g_free, NULL);
}

void
lalan_form_session_record_error (LalanFormSession *self,
                                 FormExpr         *expr,
                                 const char       *message)
{
  char *text;

  if (self->errors->len > 200)
    return;
  if (expr != NULL)
    text = g_strdup_printf (_("Line %u: “%s” could not be evaluated: %s"),
                            expr->line, expr->source, message ? message : "");
  else
    text = g_strdup (message);
  g_debug ("%s", text);
  g_ptr_array_add (self->errors, text);
}

/* Evaluation */

/**
 * lalan_form_session_eval:
 * @context: the context node
 * @current: what current() returns
 *
 * Evaluates @expr; re-entrant (jr:choice-name() evaluates an itemset from
 * inside another evaluation), so the context is saved and restored.
 *
 * Returns: (transfer full) (nullable): the result, %NULL on an error
 */
xmlXPathObjectPtr
lalan_form_session_eval (LalanFormSession *self,
                         FormExpr         *expr,
                         xmlNodePtr        context,
                         xmlNodePtr        current)
{
  xmlXPathContextPtr xpath = self->xpath;
  xmlNodePtr saved_node = xpath->node;
  xmlDocPtr saved_doc = xpath->doc;
  int saved_size = xpath->contextSize;
  int saved_position = xpath->proximityPosition;
  xmlNodePtr saved_current = self->current;
  xmlXPathObjectPtr result;

  xpath->node = context;
  xpath->doc = self->doc;
  /* Zero: position() at the top means the node's position in its repeat. */
  xpath->contextSize = 0;
  xpath->proximityPosition = 0;
  self->current = current;
  g_string_truncate (self->last_error, 0);

  result = xmlXPathCompiledEval (expr->comp, xpath);

  xpath->node = saved_node;
  xpath->doc = saved_doc;
  xpath->contextSize = saved_size;
  xpath->proximityPosition = saved_position;
  self->current = saved_current;

  if (result == NULL)
    lalan_form_session_record_error (self, expr, self->last_error->str);
  return result;
}

char *
lalan_form_session_eval_string (LalanFormSession *self,
                                FormExpr         *expr,
                                xmlNodePtr        context)
{
  xmlXPathObjectPtr result = lalan_form_session_eval (self, expr, context, context);
  char *text;

  if (result == NULL)
    return g_strdup ("");
  text = lx_object_to_string (result);
  xmlXPathFreeObject (result);
  return text;
}

gboolean
lalan_form_session_eval_boolean (LalanFormSession *self,
                                 FormExpr         *expr,
                                 xmlNodePtr        context,
                                 gboolean          fallback)
{
  xmlXPathObjectPtr result = lalan_form_session_eval (self, expr, context, context);
  gboolean value;

  if (result == NULL)
    return fallback;
  value = lx_object_to_boolean (result);
  xmlXPathFreeObject (result);
  return value;
}

/**
 * lalan_form_session_typed_result:
 *
 * How a calculated value is stored in a node of @type: numbers as the
 * type wants them (int truncates), days as dates, NaN and failures as
 * an empty answer.
 *
 * Returns: (transfer full): the text to store
 */
char *
lalan_form_session_typed_result (LalanFormSession  *self,
                                 xmlXPathObjectPtr  result,
                                 LalanFormDataType  type)
{
  g_autofree char *text = NULL;
  LxDateTime dt;
  double number;

  if (result == NULL)
    return g_strdup ("");

  switch (type)
    {
    case LALAN_FORM_TYPE_INT:
      number = lx_object_to_number (result);
      if (!isfinite (number) || fabs (number) > 9.0e15)
        return g_strdup ("");
      return lx_format_number (trunc (number) + 0.0);

    case LALAN_FORM_TYPE_DECIMAL:
      number = lx_object_to_number (result);
      if (!isfinite (number))
        return g_strdup ("");
      return lx_format_number (number);

    case LALAN_FORM_TYPE_BOOLEAN:
      if (result->type == XPATH_BOOLEAN || result->type == XPATH_NUMBER)
        return g_strdup (lx_object_to_boolean (result) ? "true" : "false");
      text = lx_object_to_string (result);
      if (g_str_equal (text, "true") || g_str_equal (text, "1"))
        return g_strdup ("true");
      if (g_str_equal (text, "false") || g_str_equal (text, "0"))
        return g_strdup ("false");
      return g_strdup ("");

    case LALAN_FORM_TYPE_DATE:
      if (result->type == XPATH_NUMBER)
        number = result->floatval;
      else
        {
          text = lx_object_to_string (result);
          if (lx_parse_date (text, &dt))
            return g_strdup_printf ("%04d-%02d-%02d", dt.year, dt.month, dt.day);
          if (lx_parse_date_time (text, &dt))
            {
              g_autoptr(GDateTime) local = lx_date_time_to_local (&dt);

              return local ? lx_format_date (local) : g_strdup ("");
            }
          number = lx_xpath_number (text);
        }
      if (!isfinite (number) || fabs (number) > 2932896)
        return g_strdup ("");
      {
        int y, m, d;

        lx_civil_from_days ((gint64) floor (number), &y, &m, &d);
        return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
      }

    case LALAN_FORM_TYPE_DATE_TIME:
      if (result->type == XPATH_NUMBER)
        {
          g_autoptr(GDateTime) local = lx_days_to_local (result->floatval);

          return local ? lx_format_date_time (local) : g_strdup ("");
        }
      text = lx_object_to_string (result);
      if (lx_parse_date_time (text, &dt))
        return g_strstrip (g_steal_pointer (&text));
      if (lx_parse_date (text, &dt))
        {
          g_autoptr(GDateTime) local = lx_date_time_to_local (&dt);

          return local ? lx_format_date_time (local) : g_strdup ("");
        }
      return g_strdup ("");

    case LALAN_FORM_TYPE_TIME:
      if (result->type == XPATH_NUMBER)
        {
          double fraction = result->floatval - floor (result->floatval);
          g_autoptr(GDateTime) now = NULL;
          g_autoptr(GDateTime) midnight = NULL;
          g_autoptr(GDateTime) at = NULL;

          if (!isfinite (result->floatval))
            return g_strdup ("");
          now = lalan_form_session_now (self);
          midnight = g_date_time_new (g_date_time_get_timezone (now), g_date_time_get_year (now),
                                      g_date_time_get_month (now), g_date_time_get_day_of_month (now),
                                      0, 0, 0);
          at = midnight ? g_date_time_add (midnight, (GTimeSpan) llround (fraction * 86400000.0) * 1000) : NULL;
          return at ? lx_format_time (at) : g_strdup ("");
        }
      text = lx_object_to_string (result);
      if (lx_parse_time (text, &dt))
        return g_strstrip (g_steal_pointer (&text));
      if (lx_parse_date_time (text, &dt))
        {
          g_autoptr(GDateTime) local = lx_date_time_to_local (&dt);

          return local ? lx_format_time (local) : g_strdup ("");
        }
      return g_strdup ("");

    default:
      if (result->type == XPATH_NUMBER && isnan (result->floatval))
        return g_strdup ("");
      return lx_object_to_string (result);
    }
}

/* The queue */

static gboolean
entry_before (const QueueEntry *a,
              const QueueEntry *b)
{
  if (a->rank != b->rank)
    return a->rank < b->rank;
  return a->serial < b->serial;
}

void
lalan_form_session_enqueue (LalanFormSession *self,
                            FormComputation  *comp,
                            NodeState        *target)
{
  PairKey lookup = { comp, target };
  QueueEntry entry = { comp->rank, self->serial++, comp, target };
  guint i;

  if (g_hash_table_contains (self->queued, &lookup))
    return;
  g_hash_table_add (self->queued, g_memdup2 (&lookup, sizeof lookup));

  g_array_append_val (self->queue, entry);
  i = self->queue->len - 1;
  while (i > 0)
    {
      guint parent = (i - 1) / 2;
      QueueEntry *p = &g_array_index (self->queue, QueueEntry, parent);
      QueueEntry *c = &g_array_index (self->queue, QueueEntry, i);
      QueueEntry tmp;

      if (!entry_before (c, p))
        break;
      tmp = *p;
      *p = *c;
      *c = tmp;
      i = parent;
    }
}

static gboolean
dequeue (LalanFormSession *self,
         QueueEntry       *out)
{
  guint i = 0;
  guint n;

  if (self->queue->len == 0)
    return FALSE;

  *out = g_array_index (self->queue, QueueEntry, 0);
  n = self->queue->len - 1;
  g_array_index (self->queue, QueueEntry, 0) = g_array_index (self->queue, QueueEntry, n);
  g_array_set_size (self->queue, n);

  for (;;)
    {
      guint left = 2 * i + 1, right = left + 1, best = i;
      QueueEntry tmp;

      if (left < n && entry_before (&g_array_index (self->queue, QueueEntry, left),
                                    &g_array_index (self->queue, QueueEntry, best)))
        best = left;
      if (right < n && entry_before (&g_array_index (self->queue, QueueEntry, right),
                                     &g_array_index (self->queue, QueueEntry, best)))
        best = right;
      if (best == i)
        break;
      tmp = g_array_index (self->queue, QueueEntry, i);
      g_array_index (self->queue, QueueEntry, i) = g_array_index (self->queue, QueueEntry, best);
      g_array_index (self->queue, QueueEntry, best) = tmp;
      i = best;
    }

  {
    PairKey lookup = { out->comp, out->target };

    g_hash_table_remove (self->queued, &lookup);
  }
  return TRUE;
}

/* Drops queued work for nodes about to be freed. */
void
lalan_form_session_forget_states (LalanFormSession *self,
                                  GHashTable       *states)
{
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (QueueEntry));
  QueueEntry entry;

  while (dequeue (self, &entry))
    if (!g_hash_table_contains (states, entry.target))
      g_array_append_val (kept, entry);
  for (guint i = 0; i < kept->len; i++)
    {
      QueueEntry *e = &g_array_index (kept, QueueEntry, i);

      lalan_form_session_enqueue (self, e->comp, e->target);
    }
}

/* Instances of nodes */

static NodeState *
state_of (xmlNodePtr node)
{
  return node ? node->_private : NULL;
}

static NodeState *
parent_state (NodeState *state)
{
  xmlNodePtr parent = state->node->parent;

  return parent && parent->type == XML_ELEMENT_NODE ? parent->_private : NULL;
}

static gboolean
def_inside (FormNode *node,
            FormNode *ancestor)
{
  for (; node != NULL; node = node->parent)
    if (node == ancestor)
      return TRUE;
  return FALSE;
}

static void
collect_down (NodeState  *state,
              GPtrArray  *chain,
              guint       level,
              GPtrArray  *out)
{
  FormNode *want;

  if (level == chain->len)
    {
      g_ptr_array_add (out, state);
      return;
    }
  want = g_ptr_array_index (chain, level);
  for (xmlNodePtr c = state->node->children; c != NULL; c = c->next)
    {
      NodeState *child = c->type == XML_ELEMENT_NODE ? c->_private : NULL;

      if (child != NULL && child->def == want)
        {
          collect_down (child, chain, level + 1, out);
          if (!want->is_repeat)
            break;
        }
    }
}

/**
 * lalan_form_session_collect_instances:
 * @def: a node of the form
 * @within: (nullable): a node state whose node is @def or above it
 *
 * Returns: (transfer container): the instances of @def under @within
 */
GPtrArray *
lalan_form_session_collect_instances (LalanFormSession *self,
                                      FormNode         *def,
                                      NodeState        *within)
{
  GPtrArray *out = g_ptr_array_new ();
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();

  if (def->repeat == NULL && def->order < self->singletons->len &&
      g_ptr_array_index (self->singletons, def->order) != NULL)
    {
      g_ptr_array_add (out, g_ptr_array_index (self->singletons, def->order));
      return out;
    }

  if (within == NULL || !def_inside (def, within->def))
    within = self->root;
  if (within->def == def)
    {
      g_ptr_array_add (out, within);
      return out;
    }

  for (FormNode *n = def; n != within->def && n != NULL; n = n->parent)
    g_ptr_array_insert (chain, 0, n);
  collect_down (within, chain, 0, out);
  return out;
}

/**
 * lalan_form_session_nearest_instance:
 *
 * Returns: (nullable): the instance of @def closest to @from: in the same
 *   repeat instances as far as they are shared
 */
NodeState *
lalan_form_session_nearest_instance (LalanFormSession *self,
                                     FormNode         *def,
                                     NodeState        *from)
{
  g_autoptr(GPtrArray) found = NULL;
  NodeState *within = from;

  while (within != NULL && !def_inside (def, within->def))
    within = parent_state (within);
  found = lalan_form_session_collect_instances (self, def, within);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

static NodeState *
ancestor_with_def (NodeState *state,
                   FormNode  *def)
{
  for (; state != NULL; state = parent_state (state))
    if (state->def == def)
      return state;
  return NULL;
}

static void
enqueue_edges (LalanFormSession *self,
               NodeState        *state,
               GPtrArray        *edges,
               FormNode         *changed_repeat)
{
  for (guint i = 0; i < edges->len; i++)
    {
      FormEdge *edge = g_ptr_array_index (edges, i);
      NodeState *within = edge->narrow ? ancestor_with_def (state, edge->narrow) : NULL;
      g_autoptr(GPtrArray) targets = NULL;

      if (edge->comp->target == NULL)
        continue;
      /* Instances added or removed change nothing for readers that stay
       * inside one instance (position(..), ../x): a new instance's own
       * computations are queued with it, and the instances after a
       * removed one are queued again whole. */
      if (changed_repeat != NULL && edge->narrow != NULL && def_inside (edge->narrow, changed_repeat))
        continue;
      targets = lalan_form_session_collect_instances (self, edge->comp->target, within);
      for (guint t = 0; t < targets->len; t++)
        lalan_form_session_enqueue (self, edge->comp, g_ptr_array_index (targets, t));
    }
}

/**
 * lalan_form_session_value_changed:
 *
 * What @state shows changed: queue what reads it.
 */
void
lalan_form_session_value_changed (LalanFormSession *self,
                                  NodeState        *state)
{
  enqueue_edges (self, state, state->def->dependents, NULL);
}

/**
 * lalan_form_session_structure_changed:
 * @container: the node holding the instances
 * @repeat: the repeat whose instances were added or removed
 */
void
lalan_form_session_structure_changed (LalanFormSession *self,
                                      NodeState        *container,
                                      FormNode         *repeat)
{
  enqueue_edges (self, container, repeat->dependents, repeat);
  lalan_form_session_note_change (self, container, LALAN_FORM_CHANGE_STRUCTURE);
}

/**
 * lalan_form_session_enqueue_all:
 * @subtree: a node state
 *
 * Queues every computation for every node under @subtree: a new session,
 * a new repeat instance.
 */
void
lalan_form_session_enqueue_all (LalanFormSession *self,
                                NodeState        *subtree)
{
  for (guint i = 0; i < self->form->computations->len; i++)
    {
      FormComputation *comp = g_ptr_array_index (self->form->computations, i);
      g_autoptr(GPtrArray) targets = NULL;

      if (comp->target == NULL || !def_inside (comp->target, subtree->def))
        continue;
      targets = lalan_form_session_collect_instances (self, comp->target, subtree);
      for (guint t = 0; t < targets->len; t++)
        lalan_form_session_enqueue (self, comp, g_ptr_array_index (targets, t));
    }
}

/* Values and conditions */

static void
show_value (NodeState *state)
{
  xmlNodePtr node = state->node;
  const char *text = state->relevant && state->value ? state->value : "";

  if (node->children != NULL)
    {
      xmlNodePtr children = node->children;

      node->children = node->last = NULL;
      xmlFreeNodeList (children);
    }
  if (text[0] != '\0')
    xmlAddChild (node, xmlNewDocText (node->doc, (const xmlChar *) text));
}

/**
 * lalan_form_session_store_value:
 *
 * Stores an answer (already checked) and shows it if the node is relevant.
 *
 * Returns: %TRUE when it changed
 */
gboolean
lalan_form_session_store_value (LalanFormSession *self,
                                NodeState        *state,
                                const char       *value)
{
  /* Only leaves hold answers; the loader refuses calculations and
   * actions on groups, this is the last guard. */
  if (!state->def->leaf)
    return FALSE;
  if (value == NULL)
    value = "";
  if (g_strcmp0 (state->value ? state->value : "", value) == 0)
    return FALSE;

  g_free (state->value);
  state->value = g_strdup (value);
  show_value (state);
  lalan_form_session_note_change (self, state, LALAN_FORM_CHANGE_VALUE | CHECK_VALIDITY);
  self->finalized = FALSE;
  return TRUE;
}

static void
apply_relevance (LalanFormSession *self,
                 NodeState        *state,
                 gboolean          parent_relevant,
                 gboolean          force)
{
  gboolean relevant = parent_relevant && state->self_relevant;

  if (relevant == state->relevant && !force)
    return;

  if (relevant != state->relevant)
    {
      state->relevant = relevant;
      lalan_form_session_note_change (self, state, LALAN_FORM_CHANGE_RELEVANT | CHECK_VALIDITY);
      if (state->def->leaf)
        {
          show_value (state);
          /* What expressions read changes only if there was something. */
          if (state->value != NULL && state->value[0] != '\0')
            {
              lalan_form_session_note_change (self, state, LALAN_FORM_CHANGE_VALUE);
              lalan_form_session_value_changed (self, state);
            }
        }
    }

  for (xmlNodePtr c = state->node->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && c->_private != NULL)
      apply_relevance (self, c->_private, relevant, FALSE);
}

void
lalan_form_session_refresh_relevance (LalanFormSession *self,
                                      NodeState        *state)
{
  NodeState *parent = parent_state (state);

  apply_relevance (self, state, parent ? parent->relevant : TRUE, TRUE);
}

static void
apply_readonly (LalanFormSession *self,
                NodeState        *state,
                gboolean          parent_readonly,
                gboolean          force)
{
  gboolean readonly = parent_readonly || state->self_readonly;

  if (readonly == state->readonly && !force)
    return;
  if (readonly != state->readonly)
    {
      state->readonly = readonly;
      lalan_form_session_note_change (self, state, LALAN_FORM_CHANGE_READ_ONLY);
    }
  for (xmlNodePtr c = state->node->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && c->_private != NULL)
      apply_readonly (self, c->_private, readonly, FALSE);
}

void
lalan_form_session_refresh_readonly (LalanFormSession *self,
                                     NodeState        *state)
{
  NodeState *parent = parent_state (state);

  apply_readonly (self, state, parent ? parent->readonly : FALSE, TRUE);
}

/* Repeat instances by jr:count. */
static void
apply_count (LalanFormSession *self,
             FormComputation  *comp,
             NodeState        *container)
{
  FormNode *repeat = comp->control->node;
  xmlXPathObjectPtr result = lalan_form_session_eval (self, comp->expr, container->node, container->node);
  double wanted = result ? lx_object_to_number (result) : 0;
  guint have = lalan_form_session_count_instances (container, repeat);
  guint n;

  g_clear_pointer (&result, xmlXPathFreeObject);
  if (isnan (wanted) || wanted < 0)
    wanted = 0;
  if (wanted > LALAN_FORM_MAX_INSTANCES)
    {
      lalan_form_session_record_error (self, comp->expr, _("too many repeat instances"));
      wanted = LALAN_FORM_MAX_INSTANCES;
    }
  n = (guint) wanted;

  for (; have < n; have++)
    lalan_form_session_add_instance (self, container, repeat);
  for (; have > n; have--)
    {
      NodeState *last = NULL;

      for (xmlNodePtr c = container->node->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE && state_of (c) && state_of (c)->def == repeat)
          last = state_of (c);
      if (last != NULL)
        lalan_form_session_remove_instance (self, last);
    }
}

static void
evaluate (LalanFormSession *self,
          FormComputation  *comp,
          NodeState        *target)
{
  switch (comp->kind)
    {
    case FORM_COMP_CALCULATE:
      {
        xmlXPathObjectPtr result = lalan_form_session_eval (self, comp->expr, target->node, target->node);
        g_autofree char *value = lalan_form_session_typed_result (self, result, target->def->type);

        g_clear_pointer (&result, xmlXPathFreeObject);
        if (lalan_form_session_store_value (self, target, value) && target->relevant)
          lalan_form_session_value_changed (self, target);
      }
      break;

    case FORM_COMP_RELEVANT:
      {
        gboolean value = lalan_form_session_eval_boolean (self, comp->expr, target->node, TRUE);

        if (value != target->self_relevant)
          {
            target->self_relevant = value;
            lalan_form_session_refresh_relevance (self, target);
          }
      }
      break;

    case FORM_COMP_REQUIRED:
      {
        gboolean value = lalan_form_session_eval_boolean (self, comp->expr, target->node, FALSE);

        if (value != target->required)
          {
            target->required = value;
            lalan_form_session_note_change (self, target, LALAN_FORM_CHANGE_REQUIRED | CHECK_VALIDITY);
          }
      }
      break;

    case FORM_COMP_READONLY:
      {
        gboolean value = lalan_form_session_eval_boolean (self, comp->expr, target->node, FALSE);

        if (value != target->self_readonly)
          {
            target->self_readonly = value;
            lalan_form_session_refresh_readonly (self, target);
          }
      }
      break;

    case FORM_COMP_CONSTRAINT:
      {
        gboolean ok = TRUE;

        /* The spec: evaluated only when the node is not empty. */
        if (target->relevant && target->value != NULL && target->value[0] != '\0')
          ok = lalan_form_session_eval_boolean (self, comp->expr, target->node, TRUE);
        if (ok != target->constraint_ok)
          {
            target->constraint_ok = ok;
            lalan_form_session_note_change (self, target, CHECK_VALIDITY);
          }
      }
      break;

    case FORM_COMP_COUNT:
      apply_count (self, comp, target);
      break;

    case FORM_COMP_ITEMSET:
      lalan_form_session_update_choices (self, comp->control, target);
      break;

    case FORM_COMP_TEXT:
      lalan_form_session_update_texts (self, comp->control, target);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
refresh_validity (LalanFormSession *self,
                  NodeState        *state)
{
  guint violation = 0;
  gboolean empty = state->value == NULL || state->value[0] == '\0';

  if (state->relevant && state->def->leaf)
    {
      if (state->required && empty)
        violation = 1 + LALAN_FORM_VIOLATION_REQUIRED;
      else if (!empty && !state->constraint_ok)
        violation = 1 + LALAN_FORM_VIOLATION_CONSTRAINT;
    }
  if (violation == state->violation)
    return;

  state->violation = violation;
  state->valid = violation == 0;
  if (violation != 0)
    g_hash_table_add (self->violating, state);
  else
    g_hash_table_remove (self->violating, state);
  lalan_form_session_note_change (self, state, LALAN_FORM_CHANGE_VALIDITY);
}

void
lalan_form_session_begin (LalanFormSession *self)
{
  self->batch_depth++;
}

/**
 * lalan_form_session_end:
 *
 * Ends a change: runs the queue, settles validity, updates the controls
 * and tells listeners what changed.
 */
void
lalan_form_session_end (LalanFormSession *self)
{
  QueueEntry entry;

  g_assert (self->batch_depth > 0);
  if (--self->batch_depth > 0)
    return;

  self->batch_depth++;
  while (dequeue (self, &entry))
    evaluate (self, entry.comp, entry.target);

  {
    GHashTableIter iter;
    gpointer key, value;
    g_autoptr(GPtrArray) check = g_ptr_array_new ();

    g_hash_table_iter_init (&iter, self->changes);
    while (g_hash_table_iter_next (&iter, &key, &value))
      if (GPOINTER_TO_UINT (value) & CHECK_VALIDITY)
        g_ptr_array_add (check, key);
    for (guint i = 0; i < check->len; i++)
      refresh_validity (self, g_ptr_array_index (check, i));
  }
  self->batch_depth--;

  lalan_form_session_sync_controls (self);
  lalan_form_session_emit_changes (self);
}

/* Actions */

void
lalan_form_session_run_actions (LalanFormSession *self,
                                GPtrArray        *actions,
                                FormEvent         event,
                                NodeState        *origin)
{
  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      FormAction *action = g_ptr_array_index (actions, i);
      g_autoptr(GPtrArray) targets = NULL;

      if (!(action->events & event))
        continue;

      if (event == FORM_EVENT_FIRST_LOAD)
        targets = lalan_form_session_collect_instances (self, action->target, NULL);
      else
        {
          NodeState *target = lalan_form_session_nearest_instance (self, action->target, origin);

          targets = g_ptr_array_new ();
          if (target != NULL)
            g_ptr_array_add (targets, target);
        }

      for (guint t = 0; t < targets->len; t++)
        {
          NodeState *target = g_ptr_array_index (targets, t);
          g_autofree char *value = NULL;

          if (action->value != NULL)
            {
              xmlXPathObjectPtr result = lalan_form_session_eval (self, action->value, target->node, target->node);

              value = lalan_form_session_typed_result (self, result, target->def->type);
              g_clear_pointer (&result, xmlXPathFreeObject);
            }
          else
            value = g_strdup (action->literal);

          if (lalan_form_session_store_value (self, target, value) && target->relevant)
            lalan_form_session_value_changed (self, target);
        }
    }
}
