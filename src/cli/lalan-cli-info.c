/* lalan-cli-info.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-cli.h"

#include "lalan-paths.h"
#include "lalan-versions.h"

#include <glib/gi18n.h>

/**
 * lalan_cli_info:
 *
 * `lalan-cli info`: what a bug report needs to know about this installation.
 */
int
lalan_cli_info (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GArray) libraries = NULL;
  g_autofree char *database = NULL;

  context = lalan_cli_option_context_new (NULL,
                                          _("Print the version, the data folder and the libraries Lalan runs with."),
                                          NULL);
  if (!lalan_cli_parse (context, &argc, &argv))
    return LALAN_CLI_USAGE;

  database = lalan_paths_get_database_file ();

  g_print ("%-16s %s\n", _("Lalan"), PACKAGE_VERSION);
  g_print ("%-16s %s\n", _("Data folder"), lalan_paths_get_data_dir ());
  g_print ("%-16s %s%s\n", _("Database"), database,
           g_file_test (database, G_FILE_TEST_EXISTS) ? "" : _(" (not created yet)"));

  libraries = lalan_versions_get_core_libraries ();
  g_print ("\n%s\n", _("Libraries:"));
  for (guint i = 0; i < libraries->len; i++)
    {
      LalanLibraryVersion *library = &g_array_index (libraries, LalanLibraryVersion, i);

      g_print ("  %-14s %s\n", library->name, library->version);
    }

  return LALAN_CLI_OK;
}
