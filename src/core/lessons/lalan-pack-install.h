/* lalan-pack-install.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lalan-pack-manifest.h"
#include "lalan-store.h"

G_BEGIN_DECLS

/**
 * LalanPackLimits:
 * @max_total_size: the most bytes a pack may unpack to
 * @max_ratio: how many times its own size a `.lalanpack` may unpack to;
 *   real lessons (pictures, sound, text) stay far below, a zip bomb does not
 * @max_files: the most files a pack may hold
 *
 * Limits checked while unpacking, before the bytes are written.
 */
typedef struct
{
  guint64 max_total_size;
  guint64 max_ratio;
  guint   max_files;
} LalanPackLimits;

#define LALAN_PACK_DEFAULT_MAX_TOTAL_SIZE (G_GUINT64_CONSTANT (4) * 1024 * 1024 * 1024)
#define LALAN_PACK_DEFAULT_MAX_RATIO      100
#define LALAN_PACK_DEFAULT_MAX_FILES      20000

/**
 * LalanPackInstallFlags:
 * @LALAN_PACK_INSTALL_DEFAULT: refuse a version that is not newer
 * @LALAN_PACK_INSTALL_REINSTALL: accept the same version again (a repair)
 */
typedef enum
{
  LALAN_PACK_INSTALL_DEFAULT   = 0,
  LALAN_PACK_INSTALL_REINSTALL = 1 << 0,
} LalanPackInstallFlags;

#define LALAN_TYPE_PACK_INSTALL (lalan_pack_install_get_type ())

G_DECLARE_FINAL_TYPE (LalanPackInstall, lalan_pack_install, LALAN, PACK_INSTALL, GObject)

void                lalan_pack_limits_init              (LalanPackLimits        *limits);
char               *lalan_pack_get_installed_dir        (void);

LalanPackInstall   *lalan_pack_install_prepare          (const char             *source,
                                                         const char             *packs_dir,
                                                         const LalanPackLimits  *limits,
                                                         LalanPackInstallFlags   flags,
                                                         GCancellable           *cancellable,
                                                         GError                **error);
void                lalan_pack_install_prepare_async    (const char             *source,
                                                         const char             *packs_dir,
                                                         LalanPackInstallFlags   flags,
                                                         GCancellable           *cancellable,
                                                         GAsyncReadyCallback     callback,
                                                         gpointer                user_data);
LalanPackInstall   *lalan_pack_install_prepare_finish   (GAsyncResult           *result,
                                                         GError                **error);
LalanPackManifest  *lalan_pack_install_get_manifest     (LalanPackInstall       *self);
const char         *lalan_pack_install_get_id           (LalanPackInstall       *self);
const char         *lalan_pack_install_get_version      (LalanPackInstall       *self);
const char         *lalan_pack_install_get_old_version  (LalanPackInstall       *self);
gboolean            lalan_pack_install_is_update        (LalanPackInstall       *self);
const char * const *lalan_pack_install_get_added        (LalanPackInstall       *self);
const char * const *lalan_pack_install_get_removed      (LalanPackInstall       *self);
const char * const *lalan_pack_install_get_changed      (LalanPackInstall       *self);
const char * const *lalan_pack_install_get_unchanged    (LalanPackInstall       *self);
GPtrArray          *lalan_pack_install_get_warnings     (LalanPackInstall       *self);
guint64             lalan_pack_install_get_size         (LalanPackInstall       *self);
const char         *lalan_pack_install_get_staging_dir  (LalanPackInstall       *self);
gboolean            lalan_pack_install_commit           (LalanPackInstall       *self,
                                                         GError                **error);
const char         *lalan_pack_install_get_installed_dir (LalanPackInstall      *self);
gboolean            lalan_pack_install_save_to_store    (LalanPackInstall       *self,
                                                         LalanStore             *store,
                                                         GError                **error);
void                lalan_pack_install_discard          (LalanPackInstall       *self);

G_END_DECLS
