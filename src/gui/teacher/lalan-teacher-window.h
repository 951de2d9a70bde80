/* lalan-teacher-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "learn/lalan-learn-context.h"

G_BEGIN_DECLS

#define LALAN_TYPE_TEACHER_WINDOW (lalan_teacher_window_get_type ())

G_DECLARE_FINAL_TYPE (LalanTeacherWindow, lalan_teacher_window, LALAN, TEACHER_WINDOW, AdwWindow)

GtkWindow *lalan_teacher_window_new                      (GtkWindow           *parent,
                                                          LalanLearnContext   *context);
void       lalan_teacher_window_export_csv_async         (LalanTeacherWindow  *self,
                                                          GFile               *file,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean   lalan_teacher_window_export_csv_finish        (LalanTeacherWindow  *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
void       lalan_teacher_window_write_certificate_async  (LalanTeacherWindow  *self,
                                                          const char          *learner_id,
                                                          LalanLesson         *lesson,
                                                          const char          *path,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean   lalan_teacher_window_write_certificate_finish (LalanTeacherWindow  *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

G_END_DECLS
