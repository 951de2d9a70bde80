/* lalan-record-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lalan-store.h"

G_BEGIN_DECLS

#define LALAN_TYPE_RECORD_LIST (lalan_record_list_get_type ())

G_DECLARE_FINAL_TYPE (LalanRecordList, lalan_record_list, LALAN, RECORD_LIST, GObject)

#define LALAN_RECORD_LIST_PAGE_SIZE 100

LalanRecordList *lalan_record_list_new          (LalanStore      *store,
                                                 guint            states,
                                                 const char      *form_id,
                                                 const char      *search);
LalanStore      *lalan_record_list_get_store    (LalanRecordList *self);
void             lalan_record_list_set_filter   (LalanRecordList *self,
                                                 guint            states,
                                                 const char      *form_id,
                                                 const char      *search);
guint            lalan_record_list_get_states   (LalanRecordList *self);
const char      *lalan_record_list_get_form_id  (LalanRecordList *self);
const char      *lalan_record_list_get_search   (LalanRecordList *self);
gboolean         lalan_record_list_get_loading  (LalanRecordList *self);
void             lalan_record_list_reload       (LalanRecordList *self);

G_END_DECLS
