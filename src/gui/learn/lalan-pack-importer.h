/* lalan-pack-importer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lalan-learn-context.h"
#include "lalan-pack-install.h"

G_BEGIN_DECLS

#define LALAN_TYPE_PACK_IMPORTER (lalan_pack_importer_get_type ())

G_DECLARE_FINAL_TYPE (LalanPackImporter, lalan_pack_importer, LALAN, PACK_IMPORTER, GObject)

LalanPackImporter *lalan_pack_importer_new         (GtkWindow         *parent,
                                                    LalanLearnContext *context);
void               lalan_pack_importer_choose      (LalanPackImporter *self,
                                                    gboolean           folder);
void               lalan_pack_importer_import      (LalanPackImporter *self,
                                                    const char        *path);
void               lalan_pack_importer_import_download (LalanPackImporter *self,
                                                        const char        *path);
void               lalan_pack_importer_respond     (LalanPackImporter *self,
                                                    gboolean           install);
LalanPackInstall  *lalan_pack_importer_get_pending (LalanPackImporter *self);

G_END_DECLS
