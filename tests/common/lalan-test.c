/* lalan-test.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-test.h"

#include "lalan-paths.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <sys/wait.h>

static char *test_data_dir;

void
lalan_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) ||
      !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_unlink (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      lalan_test_remove_tree (child);
    }

  g_rmdir (path);
}

static void
remove_test_data_dir (void)
{
  if (test_data_dir != NULL && g_getenv ("LALAN_TEST_KEEP") == NULL)
    lalan_test_remove_tree (test_data_dir);
}

/**
 * lalan_test_make_tmp_dir:
 * @name: a short name that shows in the directory's name
 *
 * Returns: (transfer full): a new empty directory, removed by the caller
 */
char *
lalan_test_make_tmp_dir (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("lalan-%s-XXXXXX", name);
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}

/**
 * lalan_test_init:
 *
 * g_test_init() plus a private data folder for this test program, used by
 * the core through LALAN_DATA_DIR and removed when the program exits.
 */
void
lalan_test_init (int    *argc,
                 char ***argv)
{
  g_test_init (argc, argv, NULL);

  test_data_dir = lalan_test_make_tmp_dir ("data");
  g_setenv ("LALAN_DATA_DIR", test_data_dir, TRUE);
  lalan_paths_set_data_dir_override (test_data_dir);
  atexit (remove_test_data_dir);
}

const char *
lalan_test_get_data_dir (void)
{
  return test_data_dir;
}

const char *
lalan_test_get_cli (void)
{
  const char *cli = g_getenv ("LALAN_CLI");

  g_assert_nonnull (cli);
  return cli;
}

/**
 * lalan_test_source_path:
 * @relative: a path relative to the top of the source tree
 *
 * Returns: (transfer none): the absolute path, valid until the test exits
 */
const char *
lalan_test_source_path (const char *relative)
{
  const char *top = g_getenv ("LALAN_SOURCE_DIR");
  char *path;

  g_assert_nonnull (top);
  path = g_build_filename (top, relative, NULL);
  /* Kept for the life of the test program, like g_test_get_filename(). */
  g_test_queue_free (path);
  return path;
}

/**
 * lalan_test_run_cli:
 * @out: (out) (optional): standard output
 * @err: (out) (optional): standard error
 * @first_arg: the first argument after the program name
 *
 * Runs lalan-cli with the arguments, in the test's data folder unless the
 * arguments name another.
 *
 * Returns: the exit status
 */
int
lalan_test_run_cli (char       **out,
                    char       **err,
                    const char  *first_arg,
                    ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_buf = NULL;
  g_autofree char *stderr_buf = NULL;
  int wait_status;
  va_list ap;

  g_ptr_array_add (args, (char *) lalan_test_get_cli ());
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &stdout_buf, &stderr_buf, &wait_status, &error);
  g_assert_no_error (error);

  if (out != NULL)
    *out = g_steal_pointer (&stdout_buf);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_buf);

  if (WIFEXITED (wait_status))
    return WEXITSTATUS (wait_status);
  return -1;
}
