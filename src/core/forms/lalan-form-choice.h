/* lalan-form-choice.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LALAN_TYPE_FORM_CHOICE (lalan_form_choice_get_type ())

G_DECLARE_FINAL_TYPE (LalanFormChoice, lalan_form_choice, LALAN, FORM_CHOICE, GObject)

LalanFormChoice *lalan_form_choice_new       (const char      *value,
                                              const char      *label,
                                              const char      *image);
const char      *lalan_form_choice_get_value (LalanFormChoice *self);
const char      *lalan_form_choice_get_label (LalanFormChoice *self);
const char      *lalan_form_choice_get_image (LalanFormChoice *self);
void             lalan_form_choice_set_label (LalanFormChoice *self,
                                              const char      *label);

G_END_DECLS
