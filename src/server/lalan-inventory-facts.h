/* lalan-inventory-facts.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

/**
 * LalanInventoryFactKind:
 * @LALAN_INVENTORY_FACT_TEXT: the text at the path
 * @LALAN_INVENTORY_FACT_NUMBER: the number at the path
 * @LALAN_INVENTORY_FACT_YES_NO: "yes"/"no" (or 1/0, true/false) at the path
 * @LALAN_INVENTORY_FACT_IS: whether the answer at the path is one of
 *   `codes` ("yes" of yes/maybe/no); no fact for dont_know or refused
 * @LALAN_INVENTORY_FACT_SELECTED: the codes of a select_multiple or rank,
 *   in the order given
 * @LALAN_INVENTORY_FACT_SELECTED_COUNT: how many codes are selected, "none"
 *   not counted
 * @LALAN_INVENTORY_FACT_SELECTED_ANY: whether any of `codes` is selected
 * @LALAN_INVENTORY_FACT_LIST: the answers of the children of the group at
 *   the path that `codes` names, in that order (ranked select_one fields)
 * @LALAN_INVENTORY_FACT_SUM: the sum of the children of the group at the
 *   path that `codes` names
 * @LALAN_INVENTORY_FACT_COUNT: how many entries the repeat at the path has
 * @LALAN_INVENTORY_FACT_COUNT_YES: how many entries have `child` = yes
 * @LALAN_INVENTORY_FACT_COUNT_ANY: how many entries have any of `codes`
 *   selected in `child`
 *
 * How a fact is read from an instance.
 */
typedef enum
{
  LALAN_INVENTORY_FACT_TEXT,
  LALAN_INVENTORY_FACT_NUMBER,
  LALAN_INVENTORY_FACT_YES_NO,
  LALAN_INVENTORY_FACT_IS,
  LALAN_INVENTORY_FACT_SELECTED,
  LALAN_INVENTORY_FACT_SELECTED_COUNT,
  LALAN_INVENTORY_FACT_SELECTED_ANY,
  LALAN_INVENTORY_FACT_LIST,
  LALAN_INVENTORY_FACT_SUM,
  LALAN_INVENTORY_FACT_COUNT,
  LALAN_INVENTORY_FACT_COUNT_YES,
  LALAN_INVENTORY_FACT_COUNT_ANY,
} LalanInventoryFactKind;

/* One row of the table that says where the reports find things in a
 * submitted instance. docs/inventory.md lists the same paths for the
 * authors of the forms. */
typedef struct
{
  const char             *xml_form_id;
  const char             *fact;
  LalanInventoryFactKind  kind;
  const char             *path;
  const char             *child;
  const char             *codes;
} LalanInventoryFactPath;

const LalanInventoryFactPath *lalan_inventory_facts_get_paths         (guint       *n_paths);
gboolean                      lalan_inventory_facts_applies_to        (const char  *xml_form_id);
char                         *lalan_inventory_facts_extract           (const char  *xml_form_id,
                                                                       xmlDoc      *doc);
char                         *lalan_inventory_facts_get_table_version (void);

G_END_DECLS
