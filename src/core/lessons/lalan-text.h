/* lalan-text.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char       *lalan_text_normalize        (const char  *text);
gboolean    lalan_text_equal            (const char  *a,
                                         const char  *b);
char       *lalan_text_answer_key       (const char  *text);
gboolean    lalan_text_answer_equal     (const char  *a,
                                         const char  *b);
const char *lalan_text_lookup_localized (GHashTable  *texts,
                                         const char  *language,
                                         const char **out_language);
const char *lalan_text_get_user_language (void);

G_END_DECLS
