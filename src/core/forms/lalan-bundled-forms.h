/* lalan-bundled-forms.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lalan-store.h"

G_BEGIN_DECLS

const char * const *lalan_bundled_forms_get_ids         (void);
gboolean            lalan_bundled_forms_is_bundled      (const char  *form_id);
GBytes             *lalan_bundled_forms_load            (const char  *form_id,
                                                         GError     **error);
const char         *lalan_bundled_forms_get_title       (const char  *form_id);
const char         *lalan_bundled_forms_get_description (const char  *form_id);
gboolean            lalan_bundled_forms_register        (LalanStore  *store,
                                                         gboolean    *registered,
                                                         GError     **error);

G_END_DECLS
