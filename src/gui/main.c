/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <curl/curl.h>
#include <gio/gio.h>
#include <errno.h>
#include <unistd.h>

#include "lalan-application.h"
#include "lalan-i18n.h"

static char *
read_preferred_language (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  /* Without the schema GSettings would abort; the app then reports the
   * missing installation from GTK's side. */
  if (source == NULL ||
      (schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE)) == NULL)
    return NULL;

  settings = g_settings_new (APPLICATION_ID);
  return g_settings_get_string (settings, "language");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LalanApplication) app = NULL;
  g_autofree char *language = NULL;
  int status;

  /* The language must be settled before GTK reads the locale. */
  language = read_preferred_language ();
  lalan_i18n_init (language);

  curl_global_init (CURL_GLOBAL_DEFAULT);

  app = lalan_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);

  if (lalan_application_get_restart_requested (app))
    {
      g_clear_object (&app);
      curl_global_cleanup ();
      execv ("/proc/self/exe", argv);
      g_printerr ("Could not restart Lalan: %s\n", g_strerror (errno));
      return 1;
    }

  curl_global_cleanup ();

  return status;
}
