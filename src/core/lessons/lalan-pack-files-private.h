/* lalan-pack-files-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Deeper than any real pack; stops a hostile folder from recursing forever. */
#define LALAN_PACK_MAX_DEPTH 16
#define LALAN_PACK_IO_BUFFER (256 * 1024)

gboolean   lalan_pack_path_is_ignored   (const char   *relative);
GPtrArray *lalan_pack_walk_directory    (const char   *root,
                                         guint         max_files,
                                         GError      **error);
gboolean   lalan_pack_hash_file         (const char   *path,
                                         const char   *display,
                                         char         *hex,
                                         guint64      *size,
                                         GError      **error);
void       lalan_sha256_digest_to_hex   (const guint8 *digest,
                                         char         *hex);
void       lalan_pack_remove_tree       (const char   *path);

G_END_DECLS
