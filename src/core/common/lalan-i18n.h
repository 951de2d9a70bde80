/* lalan-i18n.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char  *lalan_i18n_init              (const char *preferred_language);
const char  *lalan_i18n_get_localedir     (void);
const char  *lalan_i18n_get_locale        (void);
char       **lalan_i18n_list_languages    (void);
char        *lalan_i18n_get_language_name (const char *code);
char        *lalan_i18n_build_language_env(const char *language,
                                           const char *locale);

G_END_DECLS
