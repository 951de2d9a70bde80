/* lalan-lesson-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-lesson-error.h"

G_DEFINE_QUARK (lalan-lesson-error-quark, lalan_lesson_error)
