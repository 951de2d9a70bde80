/* lalan-learn-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lalan-learn-context.h"
#include "lalan-pack-importer.h"

G_BEGIN_DECLS

#define LALAN_TYPE_LEARN_VIEW (lalan_learn_view_get_type ())

G_DECLARE_FINAL_TYPE (LalanLearnView, lalan_learn_view, LALAN, LEARN_VIEW, GtkWidget)

LalanLearnContext *lalan_learn_view_get_context    (LalanLearnView *self);
const char        *lalan_learn_view_get_page       (LalanLearnView *self);
void               lalan_learn_view_add_learner    (LalanLearnView *self);
void               lalan_learn_view_switch_learner (LalanLearnView *self);
void               lalan_learn_view_ask_still_here (LalanLearnView *self);
LalanPackImporter *lalan_learn_view_get_importer   (LalanLearnView *self);

G_END_DECLS
