/* lalan-lesson-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LALAN_LESSON_ERROR (lalan_lesson_error_quark ())

/**
 * LalanLessonError:
 * @LALAN_LESSON_ERROR_INVALID: a manifest or lesson is malformed or lacks a field
 * @LALAN_LESSON_ERROR_UNKNOWN_STEP: a step type this version does not know
 * @LALAN_LESSON_ERROR_BAD_COMPETENCE: a DigComp code or level that does not exist
 * @LALAN_LESSON_ERROR_MISSING_FILE: a file the pack names is not there
 * @LALAN_LESSON_ERROR_UNSAFE_PATH: an absolute path, `..`, or a name that is not plain
 * @LALAN_LESSON_ERROR_LINK: a symbolic or hard link, a device or another special file
 * @LALAN_LESSON_ERROR_TOO_BIG: a file larger than declared, or a pack over the size limit
 * @LALAN_LESSON_ERROR_BOMB: the archive expands far more than real content does
 * @LALAN_LESSON_ERROR_HASH: a file's SHA-256 differs from the manifest
 * @LALAN_LESSON_ERROR_NOT_FOUND: no such pack, lesson or step
 * @LALAN_LESSON_ERROR_OLDER: the pack is not newer than the installed one
 * @LALAN_LESSON_ERROR_BAD_PIN: a PIN that is not four digits, or that does not match
 * @LALAN_LESSON_ERROR_FAILED: the disk refused (full, read-only)
 *
 * Errors of lesson packs, learners and progress. Messages are translated
 * sentences that name the file at fault.
 */
typedef enum
{
  LALAN_LESSON_ERROR_INVALID,
  LALAN_LESSON_ERROR_UNKNOWN_STEP,
  LALAN_LESSON_ERROR_BAD_COMPETENCE,
  LALAN_LESSON_ERROR_MISSING_FILE,
  LALAN_LESSON_ERROR_UNSAFE_PATH,
  LALAN_LESSON_ERROR_LINK,
  LALAN_LESSON_ERROR_TOO_BIG,
  LALAN_LESSON_ERROR_BOMB,
  LALAN_LESSON_ERROR_HASH,
  LALAN_LESSON_ERROR_NOT_FOUND,
  LALAN_LESSON_ERROR_OLDER,
  LALAN_LESSON_ERROR_BAD_PIN,
  LALAN_LESSON_ERROR_FAILED,
} LalanLessonError;

GQuark lalan_lesson_error_quark (void);

G_END_DECLS
