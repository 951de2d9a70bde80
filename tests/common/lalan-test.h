/* lalan-test.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void        lalan_test_init          (int          *argc,
                                      char       ***argv);
const char *lalan_test_get_data_dir  (void);
char       *lalan_test_make_tmp_dir  (const char   *name);
void        lalan_test_remove_tree   (const char   *path);
const char *lalan_test_get_cli       (void);
const char *lalan_test_source_path   (const char   *relative);
int         lalan_test_run_cli       (char        **out,
                                      char        **err,
                                      const char   *first_arg,
                                      ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
