/* lalan-pack-build.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean lalan_pack_build (const char  *dir,
                           const char  *to_file,
                           gboolean     write_manifest,
                           GPtrArray   *warnings,
                           GError     **error);

G_END_DECLS
