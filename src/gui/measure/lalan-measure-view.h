/* lalan-measure-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LALAN_TYPE_MEASURE_VIEW (lalan_measure_view_get_type ())

G_DECLARE_FINAL_TYPE (LalanMeasureView, lalan_measure_view, LALAN, MEASURE_VIEW, GtkWidget)

G_END_DECLS
