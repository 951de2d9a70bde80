/* lalan-paths.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-paths.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

/* The data directory is decided once per process. --data-dir on the CLI wins
 * over LALAN_DATA_DIR, which wins over the XDG default, so tests and several
 * profiles on one shared computer never touch each other's database. */
static char *data_dir_override;
static char *data_dir_cached;
G_LOCK_DEFINE_STATIC (data_dir);

/**
 * lalan_paths_set_data_dir_override:
 * @data_dir: (nullable): a directory, or %NULL to go back to the default
 *
 * Makes every later call of lalan_paths_get_data_dir() return @data_dir,
 * made absolute.
 */
void
lalan_paths_set_data_dir_override (const char *data_dir)
{
  G_LOCK (data_dir);
  g_clear_pointer (&data_dir_override, g_free);
  g_clear_pointer (&data_dir_cached, g_free);
  if (data_dir != NULL && *data_dir != '\0')
    data_dir_override = g_canonicalize_filename (data_dir, NULL);
  G_UNLOCK (data_dir);
}

/**
 * lalan_paths_get_data_dir:
 *
 * Returns: (transfer none): the directory that holds the database and the
 *   user's files. It may not exist yet; see lalan_paths_ensure_data_dir().
 */
const char *
lalan_paths_get_data_dir (void)
{
  const char *result;

  G_LOCK (data_dir);

  if (data_dir_cached == NULL)
    {
      const char *env = g_getenv ("LALAN_DATA_DIR");

      if (data_dir_override != NULL)
        data_dir_cached = g_strdup (data_dir_override);
      else if (env != NULL && *env != '\0')
        data_dir_cached = g_canonicalize_filename (env, NULL);
      else
        data_dir_cached = g_build_filename (g_get_user_data_dir (), "lalan", NULL);
    }

  result = data_dir_cached;

  G_UNLOCK (data_dir);

  return result;
}

/**
 * lalan_paths_get_database_file:
 *
 * Returns: (transfer full): the path of `lalan.db` in the data directory
 */
char *
lalan_paths_get_database_file (void)
{
  return g_build_filename (lalan_paths_get_data_dir (), "lalan.db", NULL);
}

/**
 * lalan_paths_ensure_data_dir:
 * @error: a location for a #GError
 *
 * Creates the data directory, readable only by the user since it holds
 * survey answers and learner names.
 *
 * Returns: %TRUE when the directory exists
 */
gboolean
lalan_paths_ensure_data_dir (GError **error)
{
  const char *dir = lalan_paths_get_data_dir ();

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error,
                   G_IO_ERROR,
                   g_io_error_from_errno (saved_errno),
                   _("Lalan cannot create its data folder %s: %s"),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}
