/* lalan-survey-a11y.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void lalan_survey_name_button (GtkWidget  *button,
                               const char *name);

G_END_DECLS
