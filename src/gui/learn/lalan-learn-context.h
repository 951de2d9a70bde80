/* lalan-learn-context.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lalan-library.h"
#include "lalan-progress.h"
#include "lalan-store.h"

G_BEGIN_DECLS

#define LALAN_TYPE_LEARN_CONTEXT (lalan_learn_context_get_type ())

G_DECLARE_FINAL_TYPE (LalanLearnContext, lalan_learn_context, LALAN, LEARN_CONTEXT, GObject)

LalanLearnContext  *lalan_learn_context_new                 (void);

LalanStore         *lalan_learn_context_get_store           (LalanLearnContext    *self);
void                lalan_learn_context_set_store           (LalanLearnContext    *self,
                                                             LalanStore           *store);
const char         *lalan_learn_context_get_language        (LalanLearnContext    *self);

void                lalan_learn_context_reload_library      (LalanLearnContext    *self);
LalanLibrary       *lalan_learn_context_get_library         (LalanLearnContext    *self);
void                lalan_learn_context_load_lessons        (LalanLearnContext    *self,
                                                             const char           *pack_id);
GPtrArray          *lalan_learn_context_get_lessons         (LalanLearnContext    *self,
                                                             const char           *pack_id);
GPtrArray          *lalan_learn_context_get_lesson_problems (LalanLearnContext    *self,
                                                             const char           *pack_id);
gboolean            lalan_learn_context_all_lessons_loaded  (LalanLearnContext    *self);
GPtrArray          *lalan_learn_context_dup_all_lessons     (LalanLearnContext    *self);
LalanLesson        *lalan_learn_context_find_lesson         (LalanLearnContext    *self,
                                                             const char           *pack_id,
                                                             const char           *lesson_id);

const LalanLearner *lalan_learn_context_get_learner         (LalanLearnContext    *self);
void                lalan_learn_context_set_learner         (LalanLearnContext    *self,
                                                             const LalanLearner   *learner);
LalanProgress      *lalan_learn_context_get_progress        (LalanLearnContext    *self);
void                lalan_learn_context_get_lesson_progress (LalanLearnContext    *self,
                                                             LalanLesson          *lesson,
                                                             LalanLessonProgress  *out);
void                lalan_learn_context_record              (LalanLearnContext    *self,
                                                             LalanLesson          *lesson,
                                                             const char           *kind,
                                                             const char           *step_id,
                                                             const char           *item_id,
                                                             const char           *answer,
                                                             LalanLearningEventCorrect correct);
guint               lalan_learn_context_get_n_pending_writes (LalanLearnContext   *self);

G_END_DECLS
