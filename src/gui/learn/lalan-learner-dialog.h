/* lalan-learner-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lalan-store.h"

G_BEGIN_DECLS

#define LALAN_TYPE_LEARNER_DIALOG (lalan_learner_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LalanLearnerDialog, lalan_learner_dialog, LALAN, LEARNER_DIALOG, AdwWindow)

LalanLearnerDialog *lalan_learner_dialog_new        (LalanStore         *store,
                                                     const LalanLearner *guest);
void                lalan_learner_dialog_set_name   (LalanLearnerDialog *self,
                                                     const char         *name);
void                lalan_learner_dialog_set_pin    (LalanLearnerDialog *self,
                                                     const char         *pin);
void                lalan_learner_dialog_save       (LalanLearnerDialog *self);

G_END_DECLS
