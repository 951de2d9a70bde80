/* lalan-draft-saver.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lalan-form-session.h"
#include "lalan-store.h"

G_BEGIN_DECLS

/* How soon after an answer the draft is written: well within the second
 * the survey promises, yet typing a word costs one write, not five. */
#define LALAN_DRAFT_SAVER_DELAY_MS 300

#define LALAN_TYPE_DRAFT_SAVER (lalan_draft_saver_get_type ())

G_DECLARE_FINAL_TYPE (LalanDraftSaver, lalan_draft_saver, LALAN, DRAFT_SAVER, GObject)

LalanDraftSaver  *lalan_draft_saver_new          (LalanStore       *store,
                                                  LalanFormSession *session,
                                                  gboolean          saved_before);
LalanFormSession *lalan_draft_saver_get_session  (LalanDraftSaver  *self);
void              lalan_draft_saver_set_position (LalanDraftSaver  *self,
                                                  const char       *position,
                                                  guint             percent);
void              lalan_draft_saver_flush        (LalanDraftSaver  *self);
void              lalan_draft_saver_save         (LalanDraftSaver  *self);
void              lalan_draft_saver_stop         (LalanDraftSaver  *self);
gboolean          lalan_draft_saver_get_pending  (LalanDraftSaver  *self);
gint64            lalan_draft_saver_get_saved_at (LalanDraftSaver  *self);
const GError     *lalan_draft_saver_get_error    (LalanDraftSaver  *self);

char             *lalan_draft_summary_format     (const char       *name,
                                                  int               percent);
char             *lalan_draft_summary_parse      (const char       *summary,
                                                  int              *percent);

G_END_DECLS
