/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-i18n.h"
#include "lalan-inventory-cli.h"
#include "lalan-inventory-i18n.h"
#include "lalan-inventory-server.h"
#include "lalan-paths.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <signal.h>
#include <stdio.h>

static char *data_dir;
static char *listen_address;
static char *tls_cert;
static char *tls_key;
static char *lessons_dir;
static gint64 max_submission = LALAN_INVENTORY_DEFAULT_MAX_SUBMISSION;

static const GOptionEntry entries[] = {
  { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
    N_("Keep the database in DIR (default: ~/.local/share/lalan-inventory)"), N_("DIR") },
  { "listen", 0, 0, G_OPTION_ARG_STRING, &listen_address,
    N_("Listen on ADDRESS:PORT (default: 127.0.0.1:8383, this computer only)"), N_("ADDRESS:PORT") },
  { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert,
    N_("Serve HTTPS with the certificate in FILE (PEM)"), N_("FILE") },
  { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key,
    N_("The private key of the certificate (PEM)"), N_("FILE") },
  { "lessons-dir", 0, 0, G_OPTION_ARG_FILENAME, &lessons_dir,
    N_("Offer the lesson packs of DIR at …/lessons/catalog.json"), N_("DIR") },
  { "max-submission-size", 0, 0, G_OPTION_ARG_INT64, &max_submission,
    N_("Refuse records larger than BYTES with their attachments (default: 100000000)"), N_("BYTES") },
  { NULL }
};

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static int
serve (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanInventoryServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *url = NULL;
  LalanInventoryServerOptions options = {
    .data_dir = data_dir,
    .lessons_dir = lessons_dir,
    .tls_cert = tls_cert,
    .tls_key = tls_key,
    .max_submission_bytes = max_submission,
  };

  /* Before any thread: every request picks its language (see lalan-inventory-i18n.c). */
  lalan_inventory_i18n_init_server ();

  server = lalan_inventory_server_new (&options, &error);
  if (server == NULL ||
      !lalan_inventory_server_listen (server, listen_address ? listen_address : "127.0.0.1:8383", &error))
    {
      g_printerr ("%s\n", error->message);
      return LALAN_INVENTORY_EXIT_FAILED;
    }

  url = lalan_inventory_server_get_url (server);
  printf (_("lalan-inventory is listening on %s (data in %s)\n"), url, data_dir);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);

  /* Stop taking requests, then let the writer store what it has. */
  lalan_inventory_server_stop (server);
  printf ("%s\n", _("lalan-inventory stopped."));

  return LALAN_INVENTORY_EXIT_OK;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  int status;

  lalan_i18n_init (NULL);
  g_set_prgname ("lalan-inventory");
  signal (SIGPIPE, SIG_IGN);
  xmlInitParser ();

  context = g_option_context_new (_("[COMMAND …]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("The Lalan needs-inventory server: receives survey records over OpenRosa "
                                  "(as ODK Central does), and shows CIP staff the figures of the 55 districts.\n"
                                  "Without a command it serves."));
  description = g_strdup_printf ("%s\n  token create NAME [--admin]  %s\n  token list                   %s\n"
                                 "  token revoke NAME            %s\n  form publish FILE            %s\n"
                                 "  form list                    %s\n  export FORM_ID --to FILE.zip %s\n",
                                 _("Commands:"),
                                 _("make a token and print it"), _("list the tokens"), _("revoke a token"),
                                 _("publish an XForm"), _("list the published forms"),
                                 _("write a form's records as CSV tables in a zip"));
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Options of the server come before the command; the command's own after. */
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return LALAN_INVENTORY_EXIT_USAGE;
    }

  if (data_dir == NULL)
    data_dir = g_build_filename (g_get_user_data_dir (), "lalan-inventory", NULL);
  lalan_paths_set_data_dir_override (data_dir);
  g_free (data_dir);
  data_dir = g_strdup (lalan_paths_get_data_dir ());
  if (!lalan_paths_ensure_data_dir (&error))
    {
      g_printerr ("%s\n", error->message);
      return LALAN_INVENTORY_EXIT_FAILED;
    }

  if (argc < 2 || g_str_equal (argv[1], "serve"))
    status = serve ();
  else if (g_str_equal (argv[1], "token"))
    status = lalan_inventory_cli_token (data_dir, argc - 1, argv + 1);
  else if (g_str_equal (argv[1], "form"))
    status = lalan_inventory_cli_form (data_dir, argc - 1, argv + 1);
  else if (g_str_equal (argv[1], "export"))
    status = lalan_inventory_cli_export (data_dir, argc - 1, argv + 1);
  else
    {
      g_printerr (_("Unknown command “%s”; see lalan-inventory --help.\n"), argv[1]);
      status = LALAN_INVENTORY_EXIT_USAGE;
    }

  g_free (data_dir);
  g_free (listen_address);
  g_free (tls_cert);
  g_free (tls_key);
  g_free (lessons_dir);

  return status;
}
