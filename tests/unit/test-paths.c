/* test-paths.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-paths.h"
#include "lalan-test.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

static void
test_override_wins (void)
{
  g_autofree char *db = NULL;

  g_setenv ("LALAN_DATA_DIR", "/tmp/from-env", TRUE);
  lalan_paths_set_data_dir_override ("/tmp/from-option");
  g_assert_cmpstr (lalan_paths_get_data_dir (), ==, "/tmp/from-option");

  db = lalan_paths_get_database_file ();
  g_assert_cmpstr (db, ==, "/tmp/from-option/lalan.db");

  lalan_paths_set_data_dir_override (NULL);
  g_assert_cmpstr (lalan_paths_get_data_dir (), ==, "/tmp/from-env");

  g_unsetenv ("LALAN_DATA_DIR");
  lalan_paths_set_data_dir_override (NULL);
  g_assert_true (g_str_has_suffix (lalan_paths_get_data_dir (), "/lalan"));
  g_assert_true (g_str_has_prefix (lalan_paths_get_data_dir (), g_get_user_data_dir ()));

  lalan_paths_set_data_dir_override (lalan_test_get_data_dir ());
}

static void
test_relative_made_absolute (void)
{
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *expected = g_build_filename (cwd, "profile", NULL);

  lalan_paths_set_data_dir_override ("profile");
  g_assert_cmpstr (lalan_paths_get_data_dir (), ==, expected);
  lalan_paths_set_data_dir_override (lalan_test_get_data_dir ());
}

static void
test_ensure_private (void)
{
  g_autofree char *tmp = lalan_test_make_tmp_dir ("paths");
  g_autofree char *dir = g_build_filename (tmp, "a", "b", NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  lalan_paths_set_data_dir_override (dir);
  g_assert_true (lalan_paths_ensure_data_dir (&error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  /* Survey answers live here: nobody else on a shared computer may read. */
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  lalan_paths_set_data_dir_override (lalan_test_get_data_dir ());
  lalan_test_remove_tree (tmp);
}

static void
test_ensure_fails_cleanly (void)
{
  g_autofree char *tmp = lalan_test_make_tmp_dir ("paths");
  g_autofree char *file = g_build_filename (tmp, "file", NULL);
  g_autofree char *dir = g_build_filename (file, "data", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  lalan_paths_set_data_dir_override (dir);
  g_assert_false (lalan_paths_ensure_data_dir (&error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, dir));

  lalan_paths_set_data_dir_override (lalan_test_get_data_dir ());
  lalan_test_remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);

  g_test_add_func ("/paths/override-wins", test_override_wins);
  g_test_add_func ("/paths/relative", test_relative_made_absolute);
  g_test_add_func ("/paths/ensure-private", test_ensure_private);
  g_test_add_func ("/paths/ensure-fails", test_ensure_fails_cleanly);

  return g_test_run ();
}
