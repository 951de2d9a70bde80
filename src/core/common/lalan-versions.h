/* lalan-versions.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *name;
  char       *version;
} LalanLibraryVersion;

GArray *lalan_versions_get_core_libraries (void);

G_END_DECLS
