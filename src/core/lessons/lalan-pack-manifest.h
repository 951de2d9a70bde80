/* lalan-pack-manifest.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LALAN_PACK_FORMAT_VERSION 1
#define LALAN_PACK_MANIFEST_NAME "pack.json"
#define LALAN_LESSON_FILE_NAME "lesson.json"
#define LALAN_SHA256_HEX_LENGTH 64

#define LALAN_TYPE_PACK_MANIFEST (lalan_pack_manifest_get_type ())

/**
 * LalanPackFile:
 * @path: the path inside the pack, '/' separated
 * @sha256: the SHA-256 of the content, 64 lower-case hex digits
 * @size: the size in bytes
 *
 * One file as the manifest declares it.
 */
typedef struct
{
  char    *path;
  char    *sha256;
  guint64  size;
} LalanPackFile;

typedef struct _LalanPackManifest LalanPackManifest;

GType               lalan_pack_manifest_get_type        (void) G_GNUC_CONST;
LalanPackManifest  *lalan_pack_manifest_new_from_data   (const char         *data,
                                                         gsize               length,
                                                         const char         *display,
                                                         GError            **error);
LalanPackManifest  *lalan_pack_manifest_new_from_file   (const char         *path,
                                                         const char         *display,
                                                         GError            **error);
LalanPackManifest  *lalan_pack_manifest_ref             (LalanPackManifest  *self);
void                lalan_pack_manifest_unref           (LalanPackManifest  *self);
const char         *lalan_pack_manifest_get_id          (LalanPackManifest  *self);
const char         *lalan_pack_manifest_get_version     (LalanPackManifest  *self);
const char         *lalan_pack_manifest_get_title       (LalanPackManifest  *self,
                                                         const char         *language);
const char         *lalan_pack_manifest_get_description (LalanPackManifest  *self,
                                                         const char         *language);
GHashTable         *lalan_pack_manifest_get_titles      (LalanPackManifest  *self);
const char * const *lalan_pack_manifest_get_languages   (LalanPackManifest  *self);
const char         *lalan_pack_manifest_get_license     (LalanPackManifest  *self);
const char * const *lalan_pack_manifest_get_authors     (LalanPackManifest  *self);
const char * const *lalan_pack_manifest_get_lessons     (LalanPackManifest  *self);
gboolean            lalan_pack_manifest_has_files       (LalanPackManifest  *self);
const LalanPackFile *lalan_pack_manifest_get_file       (LalanPackManifest  *self,
                                                         const char         *path);
GHashTable         *lalan_pack_manifest_get_files       (LalanPackManifest  *self);
guint64             lalan_pack_manifest_get_total_size  (LalanPackManifest  *self);
char               *lalan_pack_manifest_to_data         (LalanPackManifest  *self,
                                                         GHashTable         *files,
                                                         gsize              *length);

LalanPackFile      *lalan_pack_file_new                 (const char         *path,
                                                         const char         *sha256,
                                                         guint64             size);
void                lalan_pack_file_free                (LalanPackFile      *file);

gboolean            lalan_pack_version_is_valid         (const char         *version);
int                 lalan_pack_version_compare          (const char         *a,
                                                         const char         *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanPackManifest, lalan_pack_manifest_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanPackFile, lalan_pack_file_free)

G_END_DECLS
