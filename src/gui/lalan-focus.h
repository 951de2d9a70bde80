/* lalan-focus.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void       lalan_focus_release             (GtkWidget  *widget);
GtkWidget *lalan_button_new_with_mnemonic  (const char *text);

G_END_DECLS
