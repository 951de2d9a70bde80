/* lalan-form-markdown.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *lalan_form_markdown_to_pango (const char *text);
char *lalan_form_markdown_to_plain (const char *text);

G_END_DECLS
