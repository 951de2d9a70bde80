/* lalan-inventory-writer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "lalan-inventory-submission.h"

G_BEGIN_DECLS

typedef struct _LalanInventoryWriter LalanInventoryWriter;

/**
 * LalanInventoryWriterFunc:
 * @submission: what was stored
 * @outcome: what storing did; stored outcomes are durable on disk
 * @detail: (nullable): what the outcome is about (an attachment name)
 * @error: (nullable): why storing failed, with %LALAN_INVENTORY_OUTCOME_FAILED
 * @user_data: the data given with the submission
 *
 * Called in the main context given to lalan_inventory_writer_new().
 */
typedef void (*LalanInventoryWriterFunc) (LalanInventorySubmission *submission,
                                          LalanInventoryOutcome     outcome,
                                          const char               *detail,
                                          const GError             *error,
                                          gpointer                  user_data);

LalanInventoryWriter *lalan_inventory_writer_new    (const char                *db_path,
                                                     GMainContext              *reply_context,
                                                     GError                   **error);
void                  lalan_inventory_writer_submit (LalanInventoryWriter      *writer,
                                                     LalanInventorySubmission  *submission,
                                                     LalanInventoryWriterFunc   func,
                                                     gpointer                   user_data);
void                  lalan_inventory_writer_free   (LalanInventoryWriter      *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanInventoryWriter, lalan_inventory_writer_free)

G_END_DECLS
