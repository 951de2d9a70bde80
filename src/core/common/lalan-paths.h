/* lalan-paths.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *lalan_paths_get_data_dir          (void);
void        lalan_paths_set_data_dir_override (const char  *data_dir);
char       *lalan_paths_get_database_file     (void);
gboolean    lalan_paths_ensure_data_dir       (GError     **error);

G_END_DECLS
