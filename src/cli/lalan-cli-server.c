/* lalan-cli-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-cli.h"

#include "lalan-openrosa-client.h"
#include "lalan-outbox.h"
#include "lalan-store.h"
#include "lalan-sync-error.h"
#include "lalan-sync-secret.h"
#include "lalan-sync-server.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

/* `lalan-cli server set|show|test|forget`: the server records go to. */

static LalanStore *
open_store (void)
{
  g_autoptr(GError) error = NULL;
  LalanStore *store = lalan_store_open (NULL, &error);

  if (store == NULL)
    lalan_cli_print_error (error);

  return store;
}

static void
print_secret_place (LalanSecretPlace place)
{
  g_autofree char *path = lalan_sync_secret_get_file_path ();

  switch (place)
    {
    case LALAN_SECRET_PLACE_KEYRING:
      g_print ("%s\n", _("The token or password is kept in this computer’s keyring."));
      break;
    case LALAN_SECRET_PLACE_FILE:
      g_print (_("This computer has no keyring service, so the token or password is kept in %s, "
                 "a file only you can read.\n"), path);
      break;
    case LALAN_SECRET_PLACE_NONE:
    default:
      break;
    }
}

static char *
read_password (GError **error)
{
  char buffer[1024];
  gsize length;

  /* One line: the password; a newline at its end is not part of it. */
  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("No password came on the standard input."));
      return NULL;
    }

  length = strlen (buffer);
  while (length > 0 && (buffer[length - 1] == '\n' || buffer[length - 1] == '\r'))
    buffer[--length] = '\0';

  return g_strdup (buffer);
}

static int
server_set (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(LalanSyncServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  gboolean password_stdin = FALSE;
  LalanSecretPlace place;
  const GOptionEntry entries[] = {
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("The user name, for a server that asks for one"), N_("NAME") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Read the password from the standard input (one line)"), NULL },
    { NULL }
  };

  context = lalan_cli_option_context_new (_("URL"),
                                          _("Set the server records are sent to: an address such as "
                                            "https://HOST/v1/key/TOKEN/projects/1 (ODK Central, lalan-inventory), "
                                            "or an OpenRosa address with --user and --password-stdin."),
                                          entries);
  if (!lalan_cli_parse (context, &argc, &argv))
    return LALAN_CLI_USAGE;
  if (argc != 2)
    {
      g_printerr ("%s\n", _("Give one server address."));
      return LALAN_CLI_USAGE;
    }
  if ((user != NULL) != password_stdin)
    {
      g_printerr ("%s\n", _("Give --user and --password-stdin together."));
      return LALAN_CLI_USAGE;
    }

  if (password_stdin && (password = read_password (&error)) == NULL)
    {
      lalan_cli_print_error (error);
      return LALAN_CLI_INVALID;
    }

  server = lalan_sync_server_new (argv[1], user, password, &error);
  if (server == NULL)
    {
      lalan_cli_print_error (error);
      return LALAN_CLI_INVALID;
    }

  if ((store = open_store ()) == NULL)
    return LALAN_CLI_FAILED;

  if (!lalan_sync_server_save (server, store, &place, &error))
    {
      lalan_cli_print_error (error);
      return LALAN_CLI_FAILED;
    }

  g_print (_("Records will be sent to %s.\n"), lalan_sync_server_get_public_url (server));
  print_secret_place (place);
  g_print ("%s\n", _("Run “lalan-cli server test” to check the connection."));

  return LALAN_CLI_OK;
}

static char *
format_time (gint64 time)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_local (time / G_USEC_PER_SEC);

  return g_date_time_format (date, "%Y-%m-%d %H:%M:%S");
}

static int
server_show (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(LalanSyncServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  LalanRecordCounts counts = { 0, };
  LalanSecretPlace place = LALAN_SECRET_PLACE_NONE;
  gint64 last_contact;

  context = lalan_cli_option_context_new (NULL, _("Show the server records are sent to, and where its secret is kept."),
                                          NULL);
  if (!lalan_cli_parse (context, &argc, &argv))
    return LALAN_CLI_USAGE;

  if ((store = open_store ()) == NULL)
    return LALAN_CLI_FAILED;

  url = lalan_sync_server_load_public_url (store, &user, &error);
  if (url == NULL)
    {
      if (error != NULL)
        {
          lalan_cli_print_error (error);
          return LALAN_CLI_FAILED;
        }
      g_print ("%s\n", _("No server is set. Set one with “lalan-cli server set URL”."));
      return LALAN_CLI_OK;
    }

  g_print ("%-22s %s\n", _("Server:"), url);
  if (user != NULL)
    g_print ("%-22s %s\n", _("User:"), user);

  server = lalan_sync_server_load (store, &place, &error);
  if (server == NULL)
    g_print ("%s\n", error->message);
  else if (lalan_sync_server_has_secret (server))
    print_secret_place (place);

  last_contact = lalan_outbox_get_last_contact (store);
  if (last_contact > 0)
    {
      g_autofree char *when = format_time (last_contact);

      g_print ("%-22s %s\n", _("Last contact:"), when);
    }
  else
    g_print ("%-22s %s\n", _("Last contact:"), _("never"));

  if (lalan_store_count_records_by_state (store, &counts, NULL))
    {
      g_print ("%-22s %u\n", _("Waiting to be sent:"), counts.finalized);
      g_print ("%-22s %u\n", _("Need review:"), counts.needs_review);
    }

  return LALAN_CLI_OK;
}

static int
server_test (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(LalanSyncServer) server = NULL;
  g_autoptr(LalanOpenRosaClient) client = NULL;
  g_autoptr(GPtrArray) forms = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  LalanOpenRosaProbe probe;

  context = lalan_cli_option_context_new (NULL, _("Check that the server answers and takes these credentials."), NULL);
  if (!lalan_cli_parse (context, &argc, &argv))
    return LALAN_CLI_USAGE;

  if ((store = open_store ()) == NULL)
    return LALAN_CLI_FAILED;

  server = lalan_sync_server_load (store, NULL, &error);
  if (server == NULL)
    {
      lalan_cli_print_error (error);
      return LALAN_CLI_INVALID;
    }

  client = lalan_openrosa_client_new (server, NULL);
  forms = lalan_openrosa_client_get_form_list (client, NULL, &error);
  if (forms == NULL || !lalan_openrosa_client_probe (client, &probe, NULL, &error))
    {
      lalan_cli_print_error (error);
      return LALAN_CLI_FAILED;
    }
  lalan_outbox_set_last_contact (store, g_get_real_time (), NULL);

  for (guint i = 0; i < forms->len; i++)
    {
      LalanOpenRosaForm *form = g_ptr_array_index (forms, i);

      if (i > 0)
        g_string_append (names, _(", "));
      g_string_append (names, form->form_id);
    }

  if (forms->len == 0)
    g_print (_("The server at %s answers and takes these credentials, but offers no forms yet.\n"),
             lalan_sync_server_get_public_url (server));
  else
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "The server at %s answers and takes these credentials. It offers %u form: %s.\n",
                          "The server at %s answers and takes these credentials. It offers %u forms: %s.\n",
                          forms->len),
             lalan_sync_server_get_public_url (server), forms->len, names->str);

  if (probe.max_submission_bytes > 0)
    {
      g_autofree char *limit = g_format_size ((guint64) probe.max_submission_bytes);

      g_print (_("It accepts records of up to %s each.\n"), limit);
    }

  return LALAN_CLI_OK;
}

static int
server_forget (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(GError) error = NULL;

  context = lalan_cli_option_context_new (NULL, _("Forget the server and its token or password. "
                                                  "Unsent records stay and wait for a server."),
                                          NULL);
  if (!lalan_cli_parse (context, &argc, &argv))
    return LALAN_CLI_USAGE;

  if ((store = open_store ()) == NULL)
    return LALAN_CLI_FAILED;

  if (!lalan_sync_server_forget (store, &error))
    {
      lalan_cli_print_error (error);
      return LALAN_CLI_FAILED;
    }

  g_print ("%s\n", _("The server and its secret were forgotten."));
  return LALAN_CLI_OK;
}

static const LalanCliCommand server_commands[] = {
  { "set", N_("Set the server records are sent to"), server_set },
  { "show", N_("Show the server and where its secret is kept"), server_show },
  { "test", N_("Check the connection to the server"), server_test },
  { "forget", N_("Forget the server and its secret"), server_forget },
  { NULL }
};

/**
 * lalan_cli_server:
 *
 * `lalan-cli server ...`: set, show, test and forget the server.
 */
int
lalan_cli_server (int    argc,
                  char **argv)
{
  return lalan_cli_dispatch ("server", server_commands, argc, argv);
}
