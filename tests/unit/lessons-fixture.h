/* lessons-fixture.h: a small lesson pack written by tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One lesson with every step type: a page with a picture, a quiz (item
 * "q1", competence 0.1), an SMS scenario (items "link" suspicious and
 * "time" harmless, 4.2), a form scenario (field "password" to leave empty,
 * 4.2) and a practice checklist. Four graded items in all. */
extern const char *fixture_lesson_json;
extern const char *fixture_page_en;
extern const char *fixture_page_zh;

void  fixture_write_file (const char *dir,
                          const char *relative,
                          const char *content);
char *fixture_manifest   (const char *id,
                          const char *version,
                          const char *lessons_json,
                          const char *files_json);
void  fixture_write_lesson (const char *pack_dir,
                            const char *lesson_id,
                            const char *title_en);
char *fixture_write_pack (const char *parent,
                          const char *id,
                          const char *version,
                          const char * const *lessons);

G_END_DECLS
