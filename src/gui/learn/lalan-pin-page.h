/* lalan-pin-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LALAN_TYPE_PIN_PAGE (lalan_pin_page_get_type ())

G_DECLARE_FINAL_TYPE (LalanPinPage, lalan_pin_page, LALAN, PIN_PAGE, GtkWidget)

GtkWidget *lalan_pin_page_new        (void);
void       lalan_pin_page_reset      (LalanPinPage *self,
                                      const char   *title,
                                      const char   *description,
                                      const char   *avatar);
void       lalan_pin_page_set_busy   (LalanPinPage *self,
                                      gboolean      busy);
void       lalan_pin_page_show_error (LalanPinPage *self,
                                      const char   *message);

G_END_DECLS
