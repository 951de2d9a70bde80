/* lalan-learner-picker.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lalan-store.h"

G_BEGIN_DECLS

#define LALAN_TYPE_LEARNER_PICKER (lalan_learner_picker_get_type ())

G_DECLARE_FINAL_TYPE (LalanLearnerPicker, lalan_learner_picker, LALAN, LEARNER_PICKER, GtkWidget)

void lalan_learner_picker_set_learners (LalanLearnerPicker *self,
                                        GPtrArray          *learners);
void lalan_learner_picker_set_loading  (LalanLearnerPicker *self,
                                        gboolean            loading);
void lalan_learner_picker_focus        (LalanLearnerPicker *self);

G_END_DECLS
