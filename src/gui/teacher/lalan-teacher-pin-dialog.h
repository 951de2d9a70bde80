/* lalan-teacher-pin-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lalan-store.h"

G_BEGIN_DECLS

#define LALAN_TYPE_TEACHER_PIN_DIALOG (lalan_teacher_pin_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LalanTeacherPinDialog, lalan_teacher_pin_dialog, LALAN, TEACHER_PIN_DIALOG, AdwMessageDialog)

LalanTeacherPinDialog *lalan_teacher_pin_dialog_new  (GtkWindow             *parent,
                                                      gboolean               is_set);
void                   lalan_teacher_pin_dialog_fill (LalanTeacherPinDialog *self,
                                                      const char            *current,
                                                      const char            *pin);

void                   lalan_teacher_pin_set_async   (LalanStore            *store,
                                                      const char            *current,
                                                      const char            *pin,
                                                      GCancellable          *cancellable,
                                                      GAsyncReadyCallback    callback,
                                                      gpointer               user_data);
gboolean               lalan_teacher_pin_set_finish  (GAsyncResult          *result,
                                                      GError               **error);

G_END_DECLS
