/* lalan-records-export.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lalan-export.h"
#include "lalan-store.h"

G_BEGIN_DECLS

gboolean lalan_records_export (LalanStore          *store,
                               const char          *form_id,
                               guint                states,
                               const char * const  *instance_ids,
                               const char          *zip_path,
                               guint               *n_exported,
                               GCancellable        *cancellable,
                               GError             **error);

G_END_DECLS
