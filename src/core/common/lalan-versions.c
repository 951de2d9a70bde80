/* lalan-versions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-versions.h"

#include <archive.h>
#include <curl/curl.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>
#include <libxml/globals.h>
#include <libxml/xmlversion.h>
#include <sqlite3.h>
#include <stdlib.h>

static void
clear_library_version (gpointer data)
{
  LalanLibraryVersion *entry = data;

  g_free (entry->version);
}

static void
add_version (GArray     *array,
             const char *name,
             char       *version)
{
  LalanLibraryVersion entry = { name, version };

  g_array_append_val (array, entry);
}

/**
 * lalan_versions_get_core_libraries:
 *
 * Lists the libraries the core runs with, at the versions loaded at run
 * time where the library can tell, so a bug report says what really ran.
 *
 * Returns: (transfer full) (element-type LalanLibraryVersion): the list
 */
GArray *
lalan_versions_get_core_libraries (void)
{
  GArray *array = g_array_new (FALSE, TRUE, sizeof (LalanLibraryVersion));
  const curl_version_info_data *curl = curl_version_info (CURLVERSION_NOW);
  int xml_version = atoi (xmlParserVersion);

  g_array_set_clear_func (array, clear_library_version);

  add_version (array, "GLib", g_strdup_printf ("%u.%u.%u",
                                               glib_major_version,
                                               glib_minor_version,
                                               glib_micro_version));
  add_version (array, "SQLite", g_strdup (sqlite3_libversion ()));
  add_version (array, "libcurl", g_strdup_printf ("%s (%s)", curl->version,
                                                  curl->ssl_version ? curl->ssl_version : "no TLS"));
  add_version (array, "libxml2", g_strdup_printf ("%d.%d.%d", xml_version / 10000,
                                                  (xml_version / 100) % 100,
                                                  xml_version % 100));
  add_version (array, "json-glib", g_strdup (JSON_VERSION_S));
  add_version (array, "libarchive", g_strdup_printf ("%d.%d.%d",
                                                     archive_version_number () / 1000000,
                                                     (archive_version_number () / 1000) % 1000,
                                                     archive_version_number () % 1000));
  add_version (array, "libsecret", g_strdup_printf ("%d.%d.%d",
                                                    SECRET_MAJOR_VERSION,
                                                    SECRET_MINOR_VERSION,
                                                    SECRET_MICRO_VERSION));

  /* md4c has no run-time version call: this is the one we were built with. */
  add_version (array, "md4c", g_strdup (MD4C_VERSION));

  return array;
}
