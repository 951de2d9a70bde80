/* lalan-pack-check.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * LalanPackCheckFlags:
 * @LALAN_PACK_CHECK_DEFAULT: check structure, lessons, pictures and sizes
 * @LALAN_PACK_CHECK_VERIFY_HASHES: also read every file and compare its SHA-256
 * @LALAN_PACK_CHECK_IGNORE_FILES: do not compare with the manifest's file
 *   list (it is about to be rewritten by `pack build`)
 */
typedef enum
{
  LALAN_PACK_CHECK_DEFAULT       = 0,
  LALAN_PACK_CHECK_VERIFY_HASHES = 1 << 0,
  LALAN_PACK_CHECK_IGNORE_FILES  = 1 << 1,
} LalanPackCheckFlags;

gboolean lalan_pack_check_directory (const char           *dir,
                                     LalanPackCheckFlags   flags,
                                     GPtrArray            *warnings,
                                     GError              **error);
gboolean lalan_pack_check_path      (const char           *path,
                                     GPtrArray            *warnings,
                                     GError              **error);

G_END_DECLS
