/* lalan-measure-view-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lalan-measure-view.h"

#include "lalan-application.h"
#include "lalan-measure-chart.h"
#include "lalan-measure-scheduler.h"
#include "lalan-probe.h"
#include "lalan-verdict.h"

G_BEGIN_DECLS

/* The figures shown as cards, in order. */
typedef enum
{
  FIGURE_DOWNLOAD,
  FIGURE_UPLOAD,
  FIGURE_LATENCY,
  FIGURE_LOADED_LATENCY,
  FIGURE_JITTER,
  FIGURE_DATA,
  N_FIGURES
} Figure;

struct _LalanMeasureView
{
  GtkWidget              parent_instance;

  /* template children */
  GtkWidget             *scroller;
  GtkWidget             *start_button;
  GtkLabel              *server_label;
  GtkLabel              *schedule_label;
  GtkWidget             *progress_box;
  GtkLabel              *phase_label;
  GtkProgressBar        *progress_bar;
  GtkLabel              *live_label;
  GtkWidget             *cancel_button;
  GtkWidget             *result_box;
  GtkLabel              *tested_at_label;
  GtkLabel              *verdict_label;
  GtkFlowBox            *figures_box;
  GtkLabel              *details_label;
  AdwPreferencesGroup   *activities_group;
  GtkWidget             *actions_box;
  GtkWidget             *survey_button;
  GtkWidget             *report_button;
  LalanMeasureChart     *chart;
  GtkWidget             *history_empty_label;

  /* built in code */
  GtkLabel              *figure_values[N_FIGURES];
  GtkLabel              *activity_levels[LALAN_N_ACTIVITIES];
  GtkImage              *activity_icons[LALAN_N_ACTIVITIES];

  /* owned */
  GCancellable          *cancellable;
  GCancellable          *test_cancellable;
  LalanProbe            *probe;
  LalanMeasurement      *measurement;
  LalanMeasureScheduler *scheduler;
  GSettings             *settings;
  double                 probe_duration;

  /* borrowed */
  LalanApplication      *application;
  LalanStore            *store;
};

/* lalan-measure-view-result.c: a test's figures, in words */
void lalan_measure_view_build_result  (LalanMeasureView       *self);
void lalan_measure_view_show_result   (LalanMeasureView       *self,
                                       const LalanMeasurement *measurement);
char *lalan_measure_format_rate       (double                  mbps);
char *lalan_measure_format_delay      (double                  ms);

G_END_DECLS
