/* lalan-learn-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LALAN_TYPE_LEARN_VIEW (lalan_learn_view_get_type ())

G_DECLARE_FINAL_TYPE (LalanLearnView, lalan_learn_view, LALAN, LEARN_VIEW, GtkWidget)

G_END_DECLS
