/* lalan-about.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkWidget *lalan_about_window_new_from_metainfo (const char *resource_path);

G_END_DECLS
