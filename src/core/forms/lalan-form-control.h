/* lalan-form-control.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lalan-form-session.h"

G_BEGIN_DECLS

#define LALAN_TYPE_FORM_CONTROL (lalan_form_control_get_type ())

G_DECLARE_FINAL_TYPE (LalanFormControl, lalan_form_control, LALAN, FORM_CONTROL, GObject)

LalanFormControlKind  lalan_form_control_get_kind          (LalanFormControl *self);
LalanFormDataType     lalan_form_control_get_data_type     (LalanFormControl *self);
const char           *lalan_form_control_get_path          (LalanFormControl *self);
const char           *lalan_form_control_get_position      (LalanFormControl *self);
gboolean              lalan_form_control_is_page           (LalanFormControl *self);
LalanFormControl     *lalan_form_control_get_page          (LalanFormControl *self);
LalanFormControl     *lalan_form_control_get_parent        (LalanFormControl *self);
GListModel           *lalan_form_control_get_children      (LalanFormControl *self);

const char           *lalan_form_control_get_label         (LalanFormControl *self);
const char           *lalan_form_control_get_hint          (LalanFormControl *self);
char                 *lalan_form_control_dup_text_form     (LalanFormControl *self,
                                                            const char       *form);
const char           *lalan_form_control_get_appearance    (LalanFormControl *self);
gboolean              lalan_form_control_has_appearance    (LalanFormControl *self,
                                                            const char       *appearance);
const char           *lalan_form_control_get_mediatype     (LalanFormControl *self);

const char           *lalan_form_control_get_value         (LalanFormControl *self);
gboolean              lalan_form_control_set_value         (LalanFormControl *self,
                                                            const char       *value,
                                                            GError          **error);
gboolean              lalan_form_control_get_relevant      (LalanFormControl *self);
gboolean              lalan_form_control_get_required      (LalanFormControl *self);
gboolean              lalan_form_control_get_read_only     (LalanFormControl *self);
gboolean              lalan_form_control_get_valid         (LalanFormControl *self);
const char           *lalan_form_control_get_violation     (LalanFormControl *self);
gboolean              lalan_form_control_is_note           (LalanFormControl *self);

GListModel           *lalan_form_control_get_choices       (LalanFormControl *self);

gboolean              lalan_form_control_can_add           (LalanFormControl *self);
gboolean              lalan_form_control_can_remove        (LalanFormControl *self);
LalanFormControl     *lalan_form_control_add_instance      (LalanFormControl *self,
                                                            GError          **error);
gboolean              lalan_form_control_remove            (LalanFormControl *self,
                                                            GError          **error);

G_END_DECLS
