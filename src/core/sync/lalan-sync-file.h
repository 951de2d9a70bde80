/* lalan-sync-file.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lalan-store.h"

G_BEGIN_DECLS

#define LALAN_SYNC_FILE_SUFFIX ".lalansync"

/**
 * LalanSyncFileImport:
 * @n_records: records in the file
 * @n_imported: records added to the outbox
 * @n_skipped: records this computer already had (by instance id)
 * @n_forms: form versions in the file that were new here
 *
 * What importing a sync file did.
 */
typedef struct
{
  guint n_records;
  guint n_imported;
  guint n_skipped;
  guint n_forms;
} LalanSyncFileImport;

gboolean lalan_sync_file_export (LalanStore           *store,
                                 const char           *path,
                                 guint                *n_records,
                                 GCancellable         *cancellable,
                                 GError              **error);
gboolean lalan_sync_file_import (LalanStore           *store,
                                 const char           *path,
                                 LalanSyncFileImport  *result,
                                 GCancellable         *cancellable,
                                 GError              **error);

G_END_DECLS
