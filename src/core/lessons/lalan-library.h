/* lalan-library.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lalan-pack.h"

G_BEGIN_DECLS

#define LALAN_TYPE_LIBRARY (lalan_library_get_type ())

G_DECLARE_FINAL_TYPE (LalanLibrary, lalan_library, LALAN, LIBRARY, GObject)

char          *lalan_library_get_bundled_dir  (void);
LalanLibrary  *lalan_library_new             (void);
LalanLibrary  *lalan_library_new_for_dirs    (const char    *bundled_dir,
                                              const char    *installed_dir);
void           lalan_library_reload          (LalanLibrary  *self);
LalanPack     *lalan_library_lookup          (LalanLibrary  *self,
                                              const char    *pack_id);
GPtrArray     *lalan_library_get_problems    (LalanLibrary  *self);
guint          lalan_library_get_n_lessons   (LalanLibrary  *self);

G_END_DECLS
