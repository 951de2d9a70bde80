/* lalan-server-lessons-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lalan-library.h"
#include "lalan-store.h"

G_BEGIN_DECLS

#define LALAN_TYPE_SERVER_LESSONS_DIALOG (lalan_server_lessons_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LalanServerLessonsDialog, lalan_server_lessons_dialog, LALAN, SERVER_LESSONS_DIALOG, AdwWindow)

LalanServerLessonsDialog *lalan_server_lessons_dialog_new     (GtkWindow                *parent,
                                                               LalanStore               *store,
                                                               LalanLibrary             *library);
void                      lalan_server_lessons_dialog_refresh (LalanServerLessonsDialog *self);

G_END_DECLS
