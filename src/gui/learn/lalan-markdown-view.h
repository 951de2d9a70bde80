/* lalan-markdown-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LALAN_TYPE_MARKDOWN_VIEW (lalan_markdown_view_get_type ())

G_DECLARE_FINAL_TYPE (LalanMarkdownView, lalan_markdown_view, LALAN, MARKDOWN_VIEW, GtkWidget)

GtkWidget *lalan_markdown_view_new        (void);
void       lalan_markdown_view_set_blocks (LalanMarkdownView *self,
                                           GPtrArray         *blocks);
char      *lalan_markdown_spans_to_markup (GPtrArray         *spans);

G_END_DECLS
