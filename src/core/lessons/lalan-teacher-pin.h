/* lalan-teacher-pin.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lalan-store.h"

G_BEGIN_DECLS

/* The key under which the store keeps the teacher PIN's hash. */
#define LALAN_TEACHER_PIN_KEY "teacher-pin"

gboolean lalan_teacher_pin_is_set (LalanStore  *store,
                                   gboolean    *is_set,
                                   GError     **error);
void     lalan_teacher_pin_is_set_async  (LalanStore           *store,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean lalan_teacher_pin_is_set_finish (GAsyncResult         *result,
                                          gboolean             *is_set,
                                          GError              **error);
gboolean lalan_teacher_pin_check  (LalanStore  *store,
                                   const char  *pin,
                                   GError     **error);
gboolean lalan_teacher_pin_set    (LalanStore  *store,
                                   const char  *pin,
                                   GError     **error);

G_END_DECLS
