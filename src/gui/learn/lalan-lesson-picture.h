/* lalan-lesson-picture.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkWidget *lalan_lesson_picture_new    (const char   *path,
                                        const char   *alt,
                                        int           max_width,
                                        GCancellable *cancellable);
GtkWidget  *lalan_avatar_picture_new   (const char   *avatar,
                                        int           size);
const char *lalan_avatar_get_name      (const char   *avatar);

G_END_DECLS
