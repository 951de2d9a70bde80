/* lalan-form-control-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lalan-form-session-private.h"
#include "lalan-form-control.h"

G_BEGIN_DECLS

struct _LalanFormControl
{
  GObject           parent_instance;

  LalanFormControlKind kind;

  /* borrowed */
  LalanFormSession *session;   /* NULL once the session or the instance is gone */
  FormControlDef   *def;
  NodeState        *state;     /* the bound node, or the node it sits in */
  LalanFormControl *parent;

  /* owned */
  GListStore       *children;
  GListStore       *choices;
  char             *path;
  char             *label;
  char             *hint;
  char             *value;
  char             *violation;
  guint             relevant : 1;
  guint             required : 1;
  guint             read_only : 1;
  guint             valid : 1;
};

LalanFormControl *lalan_form_control_new          (LalanFormSession *session,
                                                   FormControlDef   *def,
                                                   LalanFormControlKind kind,
                                                   NodeState        *state,
                                                   LalanFormControl *parent);
void              lalan_form_control_detach       (LalanFormControl *self);
void              lalan_form_control_update       (LalanFormControl *self);
void              lalan_form_control_refresh_path (LalanFormControl *self);
void              lalan_form_control_set_texts    (LalanFormControl *self,
                                                   const char       *label,
                                                   const char       *hint);
gboolean          lalan_form_control_set_choices  (LalanFormControl *self,
                                                   GPtrArray        *pairs);
gboolean          lalan_form_control_is_bound     (LalanFormControl *self);

G_END_DECLS
