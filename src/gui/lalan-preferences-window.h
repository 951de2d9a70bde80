/* lalan-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lalan-application.h"

G_BEGIN_DECLS

#define LALAN_TYPE_PREFERENCES_WINDOW (lalan_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (LalanPreferencesWindow, lalan_preferences_window, LALAN, PREFERENCES_WINDOW, AdwPreferencesWindow)

LalanPreferencesWindow *lalan_preferences_window_new (LalanApplication *application);

G_END_DECLS
