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

/**
 * lalan_test_wait_until:
 * @cond: an expression
 *
 * Runs the default main context until @cond holds, and fails the test
 * when it does not within 20 seconds (on a loaded machine, worker threads
 * and servers take their time; a hang is still a failure).
 */
#define lalan_test_wait_until(cond) \
  G_STMT_START { \
    gint64 deadline_ = g_get_monotonic_time () + 20 * G_USEC_PER_SEC; \
    while (!(cond) && g_get_monotonic_time () < deadline_) \
      { \
        g_main_context_iteration (NULL, FALSE); \
        g_usleep (1000); \
      } \
    if (!(cond)) \
      g_error ("timed out waiting for %s", #cond); \
  } G_STMT_END

G_END_DECLS
