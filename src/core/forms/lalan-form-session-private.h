/* lalan-form-session-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lalan-form-private.h"
#include "lalan-form-session.h"
#include "lalan-form-control.h"

G_BEGIN_DECLS

/* The most instances one repeat of a record may have: far above any
 * household or village, and low enough that a hostile jr:count cannot
 * stall the session. */
#define LALAN_FORM_MAX_INSTANCES 2000

/* The state of one instance node, hung on xmlNode->_private. */
typedef struct _NodeState NodeState;

struct _NodeState
{
  xmlNodePtr  node;
  FormNode   *def;
  char       *value;          /* leaves: the answer, kept while not relevant */
  GPtrArray  *controls;       /* LalanFormControl* bound or anchored here, borrowed */
  guint       index;          /* 1-based position among the repeat's instances, 0 elsewhere */
  guint       self_relevant : 1;
  guint       relevant : 1;
  guint       self_readonly : 1;
  guint       readonly : 1;
  guint       required : 1;
  guint       constraint_ok : 1;
  guint       valid : 1;
  guint       violation : 2;  /* 0 none, 1 + LalanFormViolationKind */
};

typedef struct
{
  guint             rank;
  guint             serial;
  FormComputation  *comp;
  NodeState        *target;
} QueueEntry;

struct _LalanFormSession
{
  GObject             parent_instance;

  LalanForm          *form;
  xmlDocPtr           doc;
  xmlXPathContextPtr  xpath;
  NodeState          *root;
  LalanFormControl   *body;

  char               *device_id;
  char               *username;
  char               *email;
  char               *phone_number;
  GDateTime          *fixed_now;
  GRand              *rand;
  guint               language;

  /* Evaluation */
  xmlNodePtr          current;
  GHashTable         *regexes;       /* pattern → GRegex, or NULL for a bad pattern */
  GPtrArray          *errors;        /* char*: evaluation problems, for the log */
  GString            *last_error;

  /* Propagation of one change */
  GArray             *queue;         /* QueueEntry heap */
  GHashTable         *queued;        /* "comp:target" keys */
  guint               serial;
  GHashTable         *changes;       /* NodeState* → LalanFormChangeFlags */
  GHashTable         *control_changes; /* LalanFormControl* → LalanFormChangeFlags */
  GHashTable         *violating;     /* NodeState* set */
  GPtrArray          *singletons;    /* NodeState* by FormNode order, nodes outside repeats */
  GHashTable         *namespaces;    /* uri → xmlNsPtr declared on the root */
  guint               batch_depth;
  gboolean            finalized;
};

/* lalan-form-session.c */
NodeState        *lalan_form_session_lookup_state   (LalanFormSession *self,
                                                     const char       *path,
                                                     GError          **error);
char             *lalan_form_session_state_path     (LalanFormSession *self,
                                                     NodeState        *state);
void              lalan_form_session_note_change    (LalanFormSession *self,
                                                     NodeState        *state,
                                                     LalanFormChangeFlags flags);
void              lalan_form_session_note_control   (LalanFormSession *self,
                                                     LalanFormControl *control,
                                                     LalanFormChangeFlags flags);
gboolean          lalan_form_session_parse_step     (const char       *step,
                                                     char            **name,
                                                     guint            *index,
                                                     gboolean         *indexed);
FormNode         *lalan_form_session_child_def      (FormNode         *parent,
                                                     const char       *name);
GDateTime        *lalan_form_session_now            (LalanFormSession *self);
char             *lalan_form_session_new_uuid       (LalanFormSession *self);
char             *lalan_form_session_render_text    (LalanFormSession *self,
                                                     FormText         *text,
                                                     FormTextForm      form,
                                                     NodeState        *context);
const char       *lalan_form_session_get_language_name (LalanFormSession *self);

/* lalan-form-session-eval.c */
xmlXPathObjectPtr lalan_form_session_eval           (LalanFormSession *self,
                                                     FormExpr         *expr,
                                                     xmlNodePtr        context,
                                                     xmlNodePtr        current);
char             *lalan_form_session_eval_string    (LalanFormSession *self,
                                                     FormExpr         *expr,
                                                     xmlNodePtr        context);
gboolean          lalan_form_session_eval_boolean   (LalanFormSession *self,
                                                     FormExpr         *expr,
                                                     xmlNodePtr        context,
                                                     gboolean          fallback);
char             *lalan_form_session_typed_result   (LalanFormSession *self,
                                                     xmlXPathObjectPtr result,
                                                     LalanFormDataType type);
GHashTable       *lalan_form_session_new_pair_table (void);
void              lalan_form_session_forget_states  (LalanFormSession *self,
                                                     GHashTable       *states);
void              lalan_form_session_emit_changes   (LalanFormSession *self);
void              lalan_form_session_begin          (LalanFormSession *self);
void              lalan_form_session_end            (LalanFormSession *self);
void              lalan_form_session_enqueue        (LalanFormSession *self,
                                                     FormComputation  *comp,
                                                     NodeState        *target);
void              lalan_form_session_enqueue_all    (LalanFormSession *self,
                                                     NodeState        *subtree);
void              lalan_form_session_value_changed  (LalanFormSession *self,
                                                     NodeState        *state);
void              lalan_form_session_structure_changed (LalanFormSession *self,
                                                     NodeState        *container,
                                                     FormNode         *repeat);
gboolean          lalan_form_session_store_value    (LalanFormSession *self,
                                                     NodeState        *state,
                                                     const char       *value);
void              lalan_form_session_refresh_relevance (LalanFormSession *self,
                                                     NodeState        *state);
void              lalan_form_session_refresh_readonly (LalanFormSession *self,
                                                     NodeState        *state);
void              lalan_form_session_run_actions    (LalanFormSession *self,
                                                     GPtrArray        *actions,
                                                     FormEvent         event,
                                                     NodeState        *origin);
GPtrArray        *lalan_form_session_collect_instances (LalanFormSession *self,
                                                     FormNode         *def,
                                                     NodeState        *within);
NodeState        *lalan_form_session_nearest_instance (LalanFormSession *self,
                                                     FormNode         *def,
                                                     NodeState        *from);
GPtrArray        *lalan_form_session_evaluate_itemset (LalanFormSession *self,
                                                     FormControlDef   *control,
                                                     NodeState        *context);
void              lalan_form_session_record_error   (LalanFormSession *self,
                                                     FormExpr         *expr,
                                                     const char       *message);

/* lalan-form-session-instance.c */
NodeState        *lalan_form_session_build_root     (LalanFormSession *self,
                                                     xmlNodePtr        source,
                                                     gboolean          strict,
                                                     GError          **error);
void              lalan_form_session_free_states    (xmlNodePtr        node);
GBytes           *lalan_form_session_write_xml      (LalanFormSession *self,
                                                     LalanFormSerializeMode mode);
NodeState        *lalan_form_session_add_instance   (LalanFormSession *self,
                                                     NodeState        *container,
                                                     FormNode         *repeat);
void              lalan_form_session_remove_instance (LalanFormSession *self,
                                                     NodeState        *instance);
guint             lalan_form_session_count_instances (NodeState       *container,
                                                     FormNode         *repeat);

/* lalan-form-session-controls.c */
LalanFormControl *lalan_form_session_build_controls (LalanFormSession *self);
void              lalan_form_session_instance_controls (LalanFormSession *self,
                                                     LalanFormControl *repeat,
                                                     NodeState        *instance,
                                                     guint             position);
void              lalan_form_session_sync_controls  (LalanFormSession *self);
void              lalan_form_session_update_texts   (LalanFormSession *self,
                                                     FormControlDef   *def,
                                                     NodeState        *state);
void              lalan_form_session_update_choices (LalanFormSession *self,
                                                     FormControlDef   *def,
                                                     NodeState        *state);
LalanFormControl *lalan_form_session_find_repeat_control (LalanFormSession *self,
                                                     NodeState        *container,
                                                     FormNode         *repeat);

void              lalan_form_session_detach_controls (LalanFormSession *self,
                                                     GHashTable       *states);
char             *lalan_form_session_violation_message (LalanFormSession *self,
                                                     NodeState        *state);
char             *lalan_form_session_control_text   (LalanFormSession *self,
                                                     FormControlDef   *def,
                                                     NodeState        *state,
                                                     const char       *form);

/* lalan-xpath-functions.c helpers for the session */
char             *lx_object_to_string               (xmlXPathObjectPtr object);
double            lx_object_to_number               (xmlXPathObjectPtr object);
gboolean          lx_object_to_boolean              (xmlXPathObjectPtr object);

G_END_DECLS
