/* lalan-outcomes-report.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lalan-library.h"
#include "lalan-store.h"

G_BEGIN_DECLS

#define LALAN_OUTCOMES_REPORT_FORM_ID "lalan_learning_report"

/**
 * LalanOutcomesReportRow:
 * @id: a lesson ("PACK/LESSON") or a DigComp competence code
 * @started: learners who worked on it in the period
 * @completed: of them, learners who had completed it by the period's end
 * @mastered: of them, learners who had mastered it by the period's end
 *
 * One line of a learning report: numbers only.
 */
typedef struct
{
  char  *id;
  guint  started;
  guint  completed;
  guint  mastered;
} LalanOutcomesReportRow;

/**
 * LalanOutcomesReport:
 * @first_day: the period's first day (local time)
 * @last_day: the period's last day, included
 * @active_learners: learners with any learning event in the period
 * @lessons: (element-type LalanOutcomesReportRow): per lesson
 * @competences: (element-type LalanOutcomesReportRow): per competence
 *
 * What a centre's learners did in a period, counted from the learning
 * events: no names, no PINs, no answers.
 */
typedef struct
{
  GDate      first_day;
  GDate      last_day;
  guint      active_learners;
  GPtrArray *lessons;
  GPtrArray *competences;
} LalanOutcomesReport;

void                 lalan_outcomes_report_free      (LalanOutcomesReport  *report);
LalanOutcomesReport *lalan_outcomes_report_count     (LalanStore           *store,
                                                      LalanLibrary         *library,
                                                      const GDate          *first_day,
                                                      const GDate          *last_day,
                                                      GError              **error);
LalanRecord         *lalan_outcomes_report_queue     (LalanStore           *store,
                                                      LalanLibrary         *library,
                                                      const char           *centre,
                                                      const char           *town,
                                                      const GDate          *first_day,
                                                      const GDate          *last_day,
                                                      GError              **error);
guint                lalan_outcomes_report_queue_due (LalanStore           *store,
                                                      LalanLibrary         *library,
                                                      const char           *centre,
                                                      const char           *town,
                                                      GDateTime            *now,
                                                      GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanOutcomesReport, lalan_outcomes_report_free)

G_END_DECLS
