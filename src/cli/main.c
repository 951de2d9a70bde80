/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-cli.h"
#include "lalan-i18n.h"

#include <curl/curl.h>
#include <glib/gi18n.h>

static const LalanCliCommand commands[] = {
  { "form", N_("Check forms and fill records from the command line"), lalan_cli_form },
  { "info", N_("Show the version, the data folder and the libraries"), lalan_cli_info },
  { "measure", N_("Measure the connection’s speed and delay"), lalan_cli_measure },
  { "pack", N_("Check, build, install and list lesson packs"), lalan_cli_pack },
  { "db", N_("Check, back up and restore the database"), lalan_cli_db },
  { "records", N_("List and export the survey records"), lalan_cli_records },
  { "server", N_("Set, show and test the server records are sent to"), lalan_cli_server },
  { "sync", N_("Send records to the server, or move them by sync file"), lalan_cli_sync },
  { NULL }
};

int
main (int   argc,
      char *argv[])
{
  int status;

  lalan_i18n_init (NULL);
  g_set_prgname ("lalan-cli");
  curl_global_init (CURL_GLOBAL_DEFAULT);

  status = lalan_cli_dispatch (NULL, commands, argc, argv);

  curl_global_cleanup ();

  return status;
}
