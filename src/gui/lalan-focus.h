/* lalan-focus.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void lalan_focus_release (GtkWidget *widget);

G_END_DECLS
