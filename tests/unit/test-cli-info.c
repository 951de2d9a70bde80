/* test-cli-info.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-test.h"

#include <string.h>

static void
test_info (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *dir = lalan_test_make_tmp_dir ("cli");
  int status;

  status = lalan_test_run_cli (&out, &err, "--data-dir", dir, "info", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, PACKAGE_VERSION));
  g_assert_nonnull (strstr (out, dir));
  g_assert_nonnull (strstr (out, "lalan.db"));
  g_assert_nonnull (strstr (out, "SQLite"));
  g_assert_nonnull (strstr (out, "libcurl"));
  g_assert_nonnull (strstr (out, "libxml2"));

  lalan_test_remove_tree (dir);
}

static void
test_data_dir_after_command (void)
{
  g_autofree char *out = NULL;
  g_autofree char *dir = lalan_test_make_tmp_dir ("cli");
  int status;

  /* --data-dir is accepted after the subcommand too. */
  status = lalan_test_run_cli (&out, NULL, "info", "--data-dir", dir, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, dir));

  lalan_test_remove_tree (dir);
}

static void
test_env_data_dir (void)
{
  g_autofree char *out = NULL;
  g_autofree char *dir = lalan_test_make_tmp_dir ("cli");
  int status;

  g_setenv ("LALAN_DATA_DIR", dir, TRUE);
  status = lalan_test_run_cli (&out, NULL, "info", NULL);
  g_setenv ("LALAN_DATA_DIR", lalan_test_get_data_dir (), TRUE);

  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, dir));

  lalan_test_remove_tree (dir);
}

static void
test_help_and_errors (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;

  g_assert_cmpint (lalan_test_run_cli (&out, NULL, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "info"));

  g_assert_cmpint (lalan_test_run_cli (&out2, NULL, "info", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out2, "--data-dir"));

  g_assert_cmpint (lalan_test_run_cli (NULL, &err, "no-such-command", NULL), ==, 64);
  g_assert_nonnull (strstr (err, "no-such-command"));

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (lalan_test_run_cli (NULL, &err2, "info", "--bogus", NULL), ==, 64);
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);

  g_test_add_func ("/cli/info", test_info);
  g_test_add_func ("/cli/data-dir-after-command", test_data_dir_after_command);
  g_test_add_func ("/cli/env-data-dir", test_env_data_dir);
  g_test_add_func ("/cli/help", test_help_and_errors);

  return g_test_run ();
}
