/* lalan-form-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lalan-form-session.h"
#include "lalan-question-widget.h"
#include "lalan-store.h"

G_BEGIN_DECLS

#define LALAN_TYPE_FORM_VIEW (lalan_form_view_get_type ())

G_DECLARE_FINAL_TYPE (LalanFormView, lalan_form_view, LALAN, FORM_VIEW, GtkWidget)

GtkWidget           *lalan_form_view_new            (void);
void                 lalan_form_view_open           (LalanFormView    *self,
                                                     LalanStore       *store,
                                                     LalanFormSession *session,
                                                     LalanRecord      *record);
void                 lalan_form_view_close          (LalanFormView    *self);
LalanFormSession    *lalan_form_view_get_session    (LalanFormView    *self);
gboolean             lalan_form_view_get_read_only  (LalanFormView    *self);
const char          *lalan_form_view_get_position   (LalanFormView    *self);
gboolean             lalan_form_view_go_to          (LalanFormView    *self,
                                                     const char       *position);
LalanQuestionWidget *lalan_form_view_find_question  (LalanFormView    *self,
                                                     const char       *path);
guint                lalan_form_view_get_n_problems (LalanFormView    *self);
gboolean             lalan_form_view_activate_problem (LalanFormView  *self,
                                                       guint           index);
gboolean             lalan_form_view_use_measurement  (LalanFormView  *self,
                                                       const char     *measurement_id);
gboolean             lalan_form_view_get_accepts_measurement (LalanFormView *self);

G_END_DECLS
