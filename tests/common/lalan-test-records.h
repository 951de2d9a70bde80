/* lalan-test-records.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *lalan_test_make_household_xml (const char *instance_id,
                                     guint       n);

G_END_DECLS
