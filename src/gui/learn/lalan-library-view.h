/* lalan-library-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lalan-learn-context.h"

G_BEGIN_DECLS

#define LALAN_TYPE_LIBRARY_VIEW (lalan_library_view_get_type ())

G_DECLARE_FINAL_TYPE (LalanLibraryView, lalan_library_view, LALAN, LIBRARY_VIEW, GtkWidget)

void        lalan_library_view_set_context  (LalanLibraryView  *self,
                                             LalanLearnContext *context);
void        lalan_library_view_show_packs   (LalanLibraryView  *self);
void        lalan_library_view_show_pack    (LalanLibraryView  *self,
                                             const char        *pack_id);
const char *lalan_library_view_get_pack_id  (LalanLibraryView  *self);
void        lalan_library_view_focus_lesson (LalanLibraryView  *self,
                                             LalanLesson       *lesson);

G_END_DECLS
