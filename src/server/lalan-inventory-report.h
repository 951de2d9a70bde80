/* lalan-inventory-report.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "lalan-inventory-db.h"
#include "lalan-places.h"

G_BEGIN_DECLS

/* Cells resting on fewer households than this are not published. */
#define LALAN_INVENTORY_MIN_CELL 5

typedef enum
{
  LALAN_INVENTORY_INDICATOR_SHARE,
  LALAN_INVENTORY_INDICATOR_RATIO,
  LALAN_INVENTORY_INDICATOR_MEAN,
  LALAN_INVENTORY_INDICATOR_MEDIAN,
  LALAN_INVENTORY_INDICATOR_TOP,
  LALAN_INVENTORY_INDICATOR_PER_VILLAGE,
} LalanInventoryIndicatorKind;

/* One indicator of SURVEY.md's "What the inventory shows", computed from
 * the facts of lalan-inventory-facts.c. */
typedef struct
{
  const char                  *key;
  const char                  *label;        /* N_() */
  const char                  *unit;         /* "share", "Mbps", "ms", ... */
  LalanInventoryIndicatorKind  kind;
  const char                  *forms;        /* the forms whose records count */
  const char                  *fact;
  const char                  *other;        /* RATIO: denominator; SHARE: gate */
  gboolean                     suppress;     /* rests on households */
} LalanInventoryIndicator;

typedef struct
{
  char   *code;
  double  share;
} LalanInventoryTopEntry;

typedef struct
{
  gboolean   has_value;
  gboolean   suppressed;
  double     value;
  guint      n;
  GPtrArray *top;
} LalanInventoryCell;

typedef enum
{
  LALAN_INVENTORY_FORM_HOUSEHOLD,
  LALAN_INVENTORY_FORM_COMMUNITY,
  LALAN_INVENTORY_FORM_MEASUREMENT,
  LALAN_INVENTORY_FORM_LEARNING_REPORT,
  LALAN_INVENTORY_N_FORMS,
} LalanInventoryReportForm;

typedef struct
{
  const LalanDistrict *district;   /* NULL for a group */
  const char          *group;      /* "mountain", "plain", "all"; NULL for a district */
  guint                records[LALAN_INVENTORY_N_FORMS];
  guint                households;
  LalanInventoryCell  *cells;
} LalanInventoryRow;

typedef struct
{
  char      *generated_at;
  gint64     project_id;
  GPtrArray *districts;
  GPtrArray *groups;
  guint      unplaced;
} LalanInventoryReport;

const LalanInventoryIndicator *lalan_inventory_report_get_indicators (guint                  *n_indicators);
const char                    *lalan_inventory_report_get_form_id    (LalanInventoryReportForm form);
LalanInventoryReport          *lalan_inventory_report_build          (LalanInventoryDb       *db,
                                                                      gint64                  project_id,
                                                                      GError                **error);
void                           lalan_inventory_report_free           (LalanInventoryReport   *report);
char                          *lalan_inventory_report_to_json        (LalanInventoryReport   *report);
char                          *lalan_inventory_report_to_csv         (LalanInventoryReport   *report);
char                          *lalan_inventory_report_format_cell    (const LalanInventoryIndicator *indicator,
                                                                      const LalanInventoryCell      *cell);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanInventoryReport, lalan_inventory_report_free)

G_END_DECLS
