/* lalan-digcomp.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LALAN_DIGCOMP_MIN_LEVEL 1
#define LALAN_DIGCOMP_MAX_LEVEL 8

gboolean     lalan_digcomp_is_valid_code  (const char *code);
gboolean     lalan_digcomp_is_valid_level (gint64      level);
const char  *lalan_digcomp_get_title      (const char *code);
const char **lalan_digcomp_list_codes     (void);
int          lalan_digcomp_compare_codes  (const char *a,
                                           const char *b);

G_END_DECLS
