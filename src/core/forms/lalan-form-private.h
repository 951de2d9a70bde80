/* lalan-form-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "lalan-form.h"
#include "lalan-xpath-private.h"

G_BEGIN_DECLS

/* The parsed definition. Everything here is built once by the loader and
 * never changes afterwards, so any number of sessions share it. */

#define LALAN_XFORMS_NS  "http://www.w3.org/2002/xforms"
#define LALAN_XHTML_NS   "http://www.w3.org/1999/xhtml"
#define LALAN_JR_NS      "http://openrosa.org/javarosa"
#define LALAN_ORX_NS     "http://openrosa.org/xforms"
#define LALAN_ODK_NS     "http://www.opendatakit.org/xforms"
#define LALAN_ODK_OLD_NS "http://opendatakit.org/xforms"
#define LALAN_XSD_NS     "http://www.w3.org/2001/XMLSchema"
/* The namespace our rewritten expressions call the function library in. */
#define LALAN_LX_NS      "urn:x-lalan:xpath"

typedef struct _FormNode        FormNode;
typedef struct _FormBind        FormBind;
typedef struct _FormExpr        FormExpr;
typedef struct _FormTemplate    FormTemplate;
typedef struct _FormText        FormText;
typedef struct _FormChoiceDef   FormChoiceDef;
typedef struct _FormItemset     FormItemset;
typedef struct _FormControlDef  FormControlDef;
typedef struct _FormComputation FormComputation;
typedef struct _FormAction      FormAction;
typedef struct _FormFilter      FormFilter;

typedef struct
{
  FormNode *node;
  FormNode *narrow;    /* deepest repeat shared with the context, or NULL */
  gboolean  subtree;   /* the node's value (all of its subtree), not only its presence */
} FormDep;

typedef enum
{
  FORM_EXPR_VOLATILE      = 1 << 0,  /* now(), random(), uuid()... */
  FORM_EXPR_USES_LANGUAGE = 1 << 1,  /* jr:itext(), jr:choice-name() */
} FormExprFlags;

struct _FormExpr
{
  char                *source;
  char                *emitted;
  xmlXPathCompExprPtr  comp;
  FormNode            *context;
  GArray              *deps;      /* FormDep */
  guint                flags;
  guint                line;
  FormFilter          *filter;    /* an itemset that can use an index */
};

/* instance('id')/a/b/item[name = EXPR and ...]: answered with a hash index
 * of the secondary instance instead of scanning every item. */
typedef struct
{
  char     *child;    /* the item's child compared */
  FormExpr *value;    /* evaluated once in the question's context */
} FormFilterTerm;

struct _FormFilter
{
  char      *instance_id;
  GPtrArray *steps;   /* char*: element names from the instance element to the items */
  GArray    *terms;   /* FormFilterTerm */
};

typedef enum
{
  FORM_TEXT_DEFAULT,
  FORM_TEXT_SHORT,
  FORM_TEXT_LONG,
  FORM_TEXT_GUIDANCE,
  FORM_TEXT_IMAGE,
  FORM_TEXT_BIG_IMAGE,
  FORM_TEXT_AUDIO,
  FORM_TEXT_VIDEO,
  FORM_TEXT_N_FORMS
} FormTextForm;

typedef struct
{
  char     *text;     /* a literal piece, or NULL */
  FormExpr *expr;     /* an <output value="..."/> */
} FormSegment;

struct _FormTemplate
{
  GPtrArray *segments;  /* FormSegment* */
  gboolean   dynamic;   /* has outputs */
};

/* A label, a hint or a message: inline text, or an itext id whose text
 * exists per language (and per form: short, guidance, image...). */
struct _FormText
{
  char          *itext_id;
  FormTemplate  *inline_text;
  FormTemplate **itext;         /* [n_languages * FORM_TEXT_N_FORMS], NULL entries when missing */
  guint          n_itext;
  GArray        *deps;          /* FormDep of every output in every language */
};

struct _FormChoiceDef
{
  char     *value;
  FormText *label;
};

struct _FormItemset
{
  FormExpr *nodeset;
  char     *value_child;        /* <value ref="name"/>: a child of the item */
  FormExpr *value_expr;         /* anything else */
  char     *label_child;        /* <label ref="label"/> */
  char     *label_itext_child;  /* <label ref="jr:itext(itextId)"/> */
  FormExpr *label_expr;
};

typedef enum
{
  FORM_EVENT_FIRST_LOAD    = 1 << 0,
  FORM_EVENT_VALUE_CHANGED = 1 << 1,
  FORM_EVENT_NEW_REPEAT    = 1 << 2,
} FormEvent;

struct _FormAction
{
  guint           events;
  FormNode       *target;
  FormExpr       *value;     /* NULL: the literal */
  char           *literal;
  FormControlDef *control;   /* the control it is nested in, or NULL */
  guint           line;
};

typedef enum
{
  FORM_COMP_CALCULATE,
  FORM_COMP_RELEVANT,
  FORM_COMP_REQUIRED,
  FORM_COMP_READONLY,
  FORM_COMP_CONSTRAINT,
  FORM_COMP_COUNT,      /* jr:count of a repeat */
  FORM_COMP_ITEMSET,    /* the choices of a select */
  FORM_COMP_TEXT,       /* a label or hint with outputs */
  FORM_COMP_N_KINDS
} FormCompKind;

#define FORM_N_BIND_COMPS (FORM_COMP_CONSTRAINT + 1)

struct _FormComputation
{
  FormCompKind    kind;
  FormNode       *target;     /* evaluated for every instance of this node */
  FormControlDef *control;    /* COUNT, ITEMSET, TEXT */
  FormExpr       *expr;       /* NULL for TEXT */
  GArray         *deps;       /* FormDep */
  guint           rank;       /* topological order */
  guint           line;
};

typedef struct
{
  FormComputation *comp;
  FormNode        *narrow;
} FormEdge;

struct _FormBind
{
  LalanFormDataType  type;
  FormExpr          *exprs[FORM_N_BIND_COMPS];
  char              *sources[FORM_N_BIND_COMPS];
  FormText          *required_msg;
  FormText          *constraint_msg;
  char              *preload;
  char              *preload_params;
  guint              line;
  xmlNodePtr         element;
};

struct _FormNode
{
  FormNode        *parent;
  GPtrArray       *children;       /* FormNode* */
  char            *name;
  char            *ns_uri;         /* NULL: no namespace */
  char            *qname;          /* as written in the form: orx:meta */
  char            *path;           /* /data/group/q, no indices */
  guint            depth;          /* the root element is 1 */
  guint            order;          /* document order among all nodes */
  gboolean         leaf;
  gboolean         is_repeat;
  gboolean         synthetic;      /* added by the engine; left out while empty */
  gboolean         repeated;       /* several times, or a jr:template, in the instance */
  FormNode        *repeat;         /* nearest repeat ancestor-or-self */
  xmlNodePtr       template_node;  /* how a new instance of it looks */
  FormBind        *bind;
  LalanFormDataType type;
  FormComputation *comps[FORM_N_BIND_COMPS];
  GPtrArray       *dependents;     /* FormEdge* */
  GPtrArray       *controls;       /* FormControlDef* bound to it */
  FormControlDef  *repeat_control; /* the <repeat> of a repeat node */
  guint            line;
};

struct _FormControlDef
{
  LalanFormControlKind  kind;
  FormControlDef       *parent;
  GPtrArray            *children;     /* FormControlDef* */
  FormNode             *node;         /* the bound node; a repeat's node */
  FormNode             *context;      /* node or the nearest ancestor's */
  char                 *ref;          /* the ref as written, for positions */
  char                 *appearance;
  FormText             *label;
  FormText             *hint;
  GPtrArray            *items;        /* FormChoiceDef* */
  FormItemset          *itemset;
  FormExpr             *count;
  gboolean              no_add_remove;
  char                 *mediatype;
  GPtrArray            *actions;      /* FormAction* nested in it */
  FormComputation      *text_comp;
  FormComputation      *itemset_comp;
  FormComputation      *count_comp;
  guint                 index;        /* among the parent's children */
  guint                 line;
  gboolean              field_list;
  gboolean              page;         /* shown as one page */
  gboolean              repeat_label; /* a group holding the label of the repeat it wraps */
};

typedef struct
{
  char       *id;
  xmlNodePtr  values[FORM_TEXT_N_FORMS];
} FormItextEntry;

struct _LalanForm
{
  GObject          parent_instance;

  GBytes          *xml;
  char            *hash;
  xmlDocPtr        doc;
  char            *id;
  char            *version;
  char            *title;

  FormNode        *root;
  xmlNodePtr       root_element;     /* the primary instance's element */
  GPtrArray       *nodes;            /* FormNode* in document order */
  GHashTable      *nodes_by_path;    /* path → FormNode */
  GHashTable      *secondary;        /* id → <instance> element */
  GHashTable      *binds_by_id;      /* bind id → FormNode */

  GPtrArray       *prefixes;         /* char*: prefix, uri, prefix, uri... for XPath */
  GHashTable      *prefix_by_uri;    /* uri → prefix */

  GPtrArray       *languages;        /* char* */
  char           **language_strv;
  guint            default_language;
  GPtrArray       *itext;            /* per language: GHashTable id → FormItextEntry */

  FormControlDef  *body;
  GPtrArray       *controls;         /* FormControlDef* in body order */
  GPtrArray       *computations;     /* FormComputation*, sorted by rank */
  GPtrArray       *actions;          /* FormAction* */

  FormNode        *instance_id;
  FormNode        *deprecated_id;
  FormNode        *instance_name;

  guint            n_questions;
  guint            n_groups;
  guint            n_repeats;

  GMutex           index_lock;
  GHashTable      *indexes;          /* FormFilter key → GHashTable value → GPtrArray */

  /* Loader state, freed when loading ends. */
  xmlXPathContextPtr compile_context;
  GPtrArray       *problems;
  GArray          *problem_codes;    /* int: LalanFormError of each problem */
  GPtrArray       *all_exprs;        /* FormExpr*, owned */
  GPtrArray       *all_texts;        /* FormText*, owned */
};

/* Reading the form's XML */
static inline gboolean
form_is_element (xmlNodePtr  node,
            const char *ns,
            const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE &&
         xmlStrEqual (node->name, (const xmlChar *) name) &&
         (ns == NULL ? node->ns == NULL
                     : (node->ns != NULL && xmlStrEqual (node->ns->href, (const xmlChar *) ns)));
}

static inline char *
form_get_attr (xmlNodePtr  element,
          const char *name)
{
  xmlChar *value = xmlGetNoNsProp (element, (const xmlChar *) name);
  char *copy = g_strdup ((const char *) value);

  xmlFree (value);
  return copy;
}

static inline char *
form_get_ns_attr (xmlNodePtr  element,
             const char *ns,
             const char *name)
{
  xmlChar *value = xmlGetNsProp (element, (const xmlChar *) name, (const xmlChar *) ns);
  char *copy = g_strdup ((const char *) value);

  xmlFree (value);
  return copy;
}

static inline char *
form_element_text (xmlNodePtr element)
{
  xmlChar *value = xmlNodeGetContent (element);
  char *copy = g_strdup (value ? (const char *) value : "");

  xmlFree (value);
  return copy;
}

/* lalan-form.c */
void       lalan_form_add_problem        (LalanForm   *self,
                                          xmlNodePtr   where,
                                          int          code,
                                          const char  *format,
                                          ...) G_GNUC_PRINTF (4, 5);
void       lalan_form_add_error_problem  (LalanForm   *self,
                                          xmlNodePtr   where,
                                          const GError *error);
FormNode  *lalan_form_lookup_node        (LalanForm   *self,
                                          const char  *path);
guint      lalan_form_get_n_languages    (LalanForm   *self);
int        lalan_form_find_language      (LalanForm   *self,
                                          const char  *name);
GPtrArray *lalan_form_lookup_index       (LalanForm   *self,
                                          FormFilter  *filter,
                                          const char  *value);
FormItextEntry *lalan_form_lookup_itext  (LalanForm   *self,
                                          guint        language,
                                          const char  *id);

/* lalan-form-loader.c */
gboolean   lalan_form_parse_document     (GBytes      *xml,
                                          xmlDocPtr   *out_doc,
                                          GError     **error);
gboolean   lalan_form_build              (LalanForm   *self);
const char *lalan_form_element_ns        (xmlNodePtr   element);
gboolean   lalan_form_element_matches    (xmlNodePtr   element,
                                          FormNode    *node);
gboolean   lalan_form_is_template        (xmlNodePtr   element);
FormNode  *lalan_form_resolve_path       (LalanForm   *self,
                                          xmlNodePtr   element,
                                          const char  *text,
                                          FormNode    *context,
                                          GError     **error);
FormNode  *lalan_form_resolve_ref        (LalanForm   *self,
                                          xmlNodePtr   element,
                                          const char  *ref,
                                          const char  *bind,
                                          FormNode    *context);
void       lalan_form_read_itext         (LalanForm   *self,
                                          xmlNodePtr   itext);
FormAction *lalan_form_read_action       (LalanForm   *self,
                                          xmlNodePtr   element,
                                          FormControlDef *control);

/* lalan-form-body.c */
void       lalan_form_mark_repeats       (LalanForm   *self,
                                          xmlNodePtr   body);
gboolean   lalan_form_build_body         (LalanForm   *self,
                                          xmlNodePtr   body);
FormText  *lalan_form_parse_text         (LalanForm   *self,
                                          xmlNodePtr   element,
                                          FormNode    *context);
FormText  *lalan_form_parse_message      (LalanForm   *self,
                                          xmlNodePtr   bind,
                                          const char  *value,
                                          FormNode    *context);

/* lalan-form-expr.c */
typedef enum
{
  FORM_COMPILE_ITEM_CONTEXT = 1 << 0,  /* relative paths start at a secondary item */
} FormCompileFlags;

FormExpr  *lalan_form_compile            (LalanForm   *self,
                                          const char  *source,
                                          xmlNodePtr   element,
                                          FormNode    *context,
                                          guint        flags,
                                          GError     **error);
FormExpr  *lalan_form_compile_ast        (LalanForm   *self,
                                          const char  *source,
                                          const LxExpr *ast,
                                          xmlNodePtr   element,
                                          FormNode    *context,
                                          guint        flags,
                                          GError     **error);
void       form_expr_free                (FormExpr    *expr);
FormFilter *lalan_form_detect_filter     (LalanForm   *self,
                                          const char  *source,
                                          xmlNodePtr   element,
                                          FormNode    *context);
void       form_deps_add                 (GArray      *deps,
                                          const GArray *more);

/* lalan-form-graph.c */
gboolean   lalan_form_build_graph        (LalanForm   *self);

/* lalan-xpath-functions.c */
typedef struct
{
  const char      *name;
  const char      *ns;          /* NULL, or the namespace the name needs */
  const char      *emit;        /* the name under LALAN_LX_NS */
  int              min_args;
  int              max_args;    /* -1: any */
  guint            flags;       /* FormExprFlags */
  xmlXPathFunction impl;
} LxFunction;

const LxFunction *lx_function_lookup      (const char  *ns,
                                           const char  *name);
xmlXPathFunction  lx_function_lookup_impl (void        *data,
                                           const xmlChar *name,
                                           const xmlChar *ns_uri);

G_END_DECLS
