/* lalan-record.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * LalanRecordState:
 * @LALAN_RECORD_STATE_DRAFT: being filled in; can be saved again, reopened,
 *   deleted
 * @LALAN_RECORD_STATE_FINALIZED: complete and queued for sending
 * @LALAN_RECORD_STATE_SENT: acknowledged by the server
 * @LALAN_RECORD_STATE_NEEDS_REVIEW: refused by the server for a reason a
 *   person must look at (kept in the record's last error)
 *
 * Where a record is in its life cycle. The values are single bits so that
 * the listing functions take several states OR-ed together (0 means every
 * state).
 */
typedef enum
{
  LALAN_RECORD_STATE_DRAFT        = 1 << 0,
  LALAN_RECORD_STATE_FINALIZED    = 1 << 1,
  LALAN_RECORD_STATE_SENT         = 1 << 2,
  LALAN_RECORD_STATE_NEEDS_REVIEW = 1 << 3,
} LalanRecordState;

#define LALAN_RECORD_STATE_ALL 0

GType        lalan_record_state_get_type    (void) G_GNUC_CONST;
#define LALAN_TYPE_RECORD_STATE (lalan_record_state_get_type ())

const char  *lalan_record_state_to_string   (LalanRecordState  state);
gboolean     lalan_record_state_from_string (const char       *string,
                                             LalanRecordState *state);
const char  *lalan_record_state_get_label   (LalanRecordState  state);

#define LALAN_TYPE_RECORD (lalan_record_get_type ())

G_DECLARE_FINAL_TYPE (LalanRecord, lalan_record, LALAN, RECORD, GObject)

const char       *lalan_record_get_instance_id        (LalanRecord *self);
const char       *lalan_record_get_form_id            (LalanRecord *self);
const char       *lalan_record_get_form_version       (LalanRecord *self);
LalanRecordState  lalan_record_get_state              (LalanRecord *self);
const char       *lalan_record_get_instance_xml       (LalanRecord *self);
const char       *lalan_record_get_summary            (LalanRecord *self);
const char       *lalan_record_get_resume_position    (LalanRecord *self);
const char       *lalan_record_get_deprecated_id      (LalanRecord *self);
gint64            lalan_record_get_created_at         (LalanRecord *self);
gint64            lalan_record_get_updated_at         (LalanRecord *self);
gint64            lalan_record_get_finalized_at       (LalanRecord *self);
gint64            lalan_record_get_sent_at            (LalanRecord *self);
guint             lalan_record_get_attempts           (LalanRecord *self);
gint64            lalan_record_get_next_attempt_at    (LalanRecord *self);
const char       *lalan_record_get_last_error_code    (LalanRecord *self);
const char       *lalan_record_get_last_error_message (LalanRecord *self);
const char       *lalan_record_get_server_response    (LalanRecord *self);
guint             lalan_record_get_n_attachments      (LalanRecord *self);

G_END_DECLS
