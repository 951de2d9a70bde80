/* lalan-lesson-player.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lalan-learn-context.h"
#include "lalan-lesson.h"

G_BEGIN_DECLS

#define LALAN_TYPE_LESSON_PLAYER (lalan_lesson_player_get_type ())

G_DECLARE_FINAL_TYPE (LalanLessonPlayer, lalan_lesson_player, LALAN, LESSON_PLAYER, GtkWidget)

GtkWidget   *lalan_lesson_player_new             (void);
void         lalan_lesson_player_set_context     (LalanLessonPlayer *self,
                                                  LalanLearnContext *context);
void         lalan_lesson_player_open            (LalanLessonPlayer *self,
                                                  LalanLesson       *lesson,
                                                  int                start_step);
LalanLesson *lalan_lesson_player_get_lesson      (LalanLessonPlayer *self);
int          lalan_lesson_player_get_step_index  (LalanLessonPlayer *self);
GtkWidget   *lalan_lesson_player_get_step_widget (LalanLessonPlayer *self);
gboolean     lalan_lesson_player_is_finished     (LalanLessonPlayer *self);

G_END_DECLS
