/* lalan-record-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lalan-record.h"

G_BEGIN_DECLS

#define LALAN_TYPE_RECORD_ROW (lalan_record_row_get_type ())

G_DECLARE_FINAL_TYPE (LalanRecordRow, lalan_record_row, LALAN, RECORD_ROW, GtkWidget)

GtkWidget      *lalan_record_row_new                (void);
void            lalan_record_row_bind               (LalanRecordRow *self,
                                                     LalanRecord    *record,
                                                     const char     *form_title);
LalanRecord    *lalan_record_row_get_record         (LalanRecordRow *self);
GtkCheckButton *lalan_record_row_get_check          (LalanRecordRow *self);
void            lalan_record_row_set_selection_mode (LalanRecordRow *self,
                                                     gboolean        selection_mode,
                                                     gboolean        selected);
const char     *lalan_record_row_get_reason         (LalanRecordRow *self);

G_END_DECLS
