/* lalan-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lalan-application.h"

G_BEGIN_DECLS

#define LALAN_TYPE_WINDOW (lalan_window_get_type ())

G_DECLARE_FINAL_TYPE (LalanWindow, lalan_window, LALAN, WINDOW, AdwApplicationWindow)

LalanWindow *lalan_window_new              (LalanApplication *application);
const char  *lalan_window_get_visible_area (LalanWindow      *self);
void         lalan_window_show_area        (LalanWindow      *self,
                                            const char       *area);
void         lalan_window_add_toast        (LalanWindow      *self,
                                            const char       *title);

G_END_DECLS
