/* lalan-pack.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "lalan-lesson.h"
#include "lalan-pack-manifest.h"

G_BEGIN_DECLS

/**
 * LalanPackOrigin:
 * @LALAN_PACK_BUNDLED: shipped with Lalan, read where it is installed
 * @LALAN_PACK_INSTALLED: installed by the user into the data folder
 */
typedef enum
{
  LALAN_PACK_BUNDLED,
  LALAN_PACK_INSTALLED,
} LalanPackOrigin;

#define LALAN_TYPE_PACK (lalan_pack_get_type ())

G_DECLARE_FINAL_TYPE (LalanPack, lalan_pack, LALAN, PACK, GObject)

LalanPack          *lalan_pack_new_for_directory (const char       *dir,
                                                  LalanPackOrigin   origin,
                                                  GError          **error);
LalanPackManifest  *lalan_pack_get_manifest      (LalanPack        *self);
LalanPackOrigin     lalan_pack_get_origin        (LalanPack        *self);
const char         *lalan_pack_get_dir           (LalanPack        *self);
const char         *lalan_pack_get_id            (LalanPack        *self);
const char         *lalan_pack_get_version       (LalanPack        *self);
const char         *lalan_pack_get_title         (LalanPack        *self,
                                                  const char       *language);
const char         *lalan_pack_get_description   (LalanPack        *self,
                                                  const char       *language);
guint               lalan_pack_get_n_lessons     (LalanPack        *self);
const char         *lalan_pack_get_lesson_id     (LalanPack        *self,
                                                  guint             index);
LalanLesson        *lalan_pack_load_lesson       (LalanPack        *self,
                                                  const char       *lesson_id,
                                                  GError          **error);

G_END_DECLS
