/* lalan-inventory-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-cli.h"

#include "lalan-inventory-db.h"
#include "lalan-inventory-error.h"
#include "lalan-inventory-export.h"
#include "lalan-inventory-form.h"

#include <glib/gi18n.h>
#include <stdio.h>

/* The administrator's commands: tokens, forms and exports, run on the
 * server machine against the same database while the server runs. */

static LalanInventoryDb *
open_db (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = lalan_inventory_db_get_default_path (data_dir);
  LalanInventoryDb *db = lalan_inventory_db_open (path, &error);

  if (db == NULL)
    g_printerr ("%s\n", error->message);

  return db;
}

static int
exit_status_for (const GError *error)
{
  if (error->domain == LALAN_INVENTORY_ERROR &&
      (error->code == LALAN_INVENTORY_ERROR_INVALID || error->code == LALAN_INVENTORY_ERROR_CONFLICT ||
       error->code == LALAN_INVENTORY_ERROR_NOT_FOUND || error->code == LALAN_INVENTORY_ERROR_TOO_LARGE))
    return LALAN_INVENTORY_EXIT_INVALID;
  return LALAN_INVENTORY_EXIT_FAILED;
}

static int
fail (const GError *error)
{
  g_printerr ("%s\n", error->message);
  return exit_status_for (error);
}

static gboolean
parse_options (GOptionContext   *context,
               int              *argc,
               char           ***argv)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }

  return TRUE;
}

/* token ------------------------------------------------------------------ */

static int
token_create (const char  *data_dir,
              int          argc,
              char       **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("NAME"));
  g_autoptr(LalanInventoryDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  gboolean admin = FALSE;
  const GOptionEntry entries[] = {
    { "admin", 0, 0, G_OPTION_ARG_NONE, &admin,
      N_("The token may also read reports, exports and the dashboard"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Makes a token for a phone, an app or a person, and prints it once."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv))
    return LALAN_INVENTORY_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr ("%s\n", _("Give the token a name, such as the volunteer's or the device's."));
      return LALAN_INVENTORY_EXIT_USAGE;
    }

  if ((db = open_db (data_dir)) == NULL)
    return LALAN_INVENTORY_EXIT_FAILED;
  if ((token = lalan_inventory_db_create_token (db, argv[1], admin, &error)) == NULL)
    return fail (error);

  if (admin)
    g_print (_("Made the administrator token “%s”. It is shown only now; keep it secret.\n"), argv[1]);
  else
    g_print (_("Made the token “%s”. It is shown only now; keep it secret.\n"), argv[1]);
  g_print (_("Phones and the app use it in the server address: https://HOST/v1/key/TOKEN/projects/1\n"));
  g_print ("%s\n", token);

  return LALAN_INVENTORY_EXIT_OK;
}

static int
token_list (const char  *data_dir,
            int          argc,
            char       **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(LalanInventoryDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = NULL;

  g_option_context_set_summary (context, _("Lists the tokens, revoked ones included."));
  if (!parse_options (context, &argc, &argv))
    return LALAN_INVENTORY_EXIT_USAGE;

  if ((db = open_db (data_dir)) == NULL)
    return LALAN_INVENTORY_EXIT_FAILED;
  if ((tokens = lalan_inventory_db_list_tokens (db, &error)) == NULL)
    return fail (error);

  if (tokens->len == 0)
    {
      g_print ("%s\n", _("There are no tokens yet; make one with “token create NAME”."));
      return LALAN_INVENTORY_EXIT_OK;
    }

  for (guint i = 0; i < tokens->len; i++)
    {
      LalanInventoryToken *token = g_ptr_array_index (tokens, i);
      g_autofree char *state = token->revoked_at != NULL ?
        g_strdup_printf (_("revoked %s"), token->revoked_at) : g_strdup (_("active"));

      /* Translators: a line of "token list": name, kind, creation time, state */
      g_print (_("%s\t%s\tcreated %s\t%s\n"), token->name,
               token->admin ? _("administrator") : _("sends records"),
               token->created_at, state);
    }

  return LALAN_INVENTORY_EXIT_OK;
}

static int
token_revoke (const char  *data_dir,
              int          argc,
              char       **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("NAME"));
  g_autoptr(LalanInventoryDb) db = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, _("Revokes a token: requests with it are refused from now on."));
  if (!parse_options (context, &argc, &argv))
    return LALAN_INVENTORY_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr ("%s\n", _("Name the token to revoke."));
      return LALAN_INVENTORY_EXIT_USAGE;
    }

  if ((db = open_db (data_dir)) == NULL)
    return LALAN_INVENTORY_EXIT_FAILED;
  if (!lalan_inventory_db_revoke_token (db, argv[1], &error))
    return fail (error);

  g_print (_("Revoked the token “%s”.\n"), argv[1]);
  return LALAN_INVENTORY_EXIT_OK;
}

static void
print_group_usage (const char *group,
                   const char *lines)
{
  g_printerr (_("Usage: lalan-inventory [--data-dir DIR] %s COMMAND\n\nCommands:\n%s"), group, lines);
}

int
lalan_inventory_cli_token (const char  *data_dir,
                           int          argc,
                           char       **argv)
{
  g_autofree char *lines = g_strdup_printf ("  create NAME [--admin]  %s\n  list                   %s\n  revoke NAME            %s\n",
                                            _("make a token and print it"),
                                            _("list the tokens"),
                                            _("revoke a token"));

  if (argc >= 2 && g_str_equal (argv[1], "create"))
    return token_create (data_dir, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return token_list (data_dir, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "revoke"))
    return token_revoke (data_dir, argc - 1, argv + 1);

  print_group_usage ("token", lines);
  return LALAN_INVENTORY_EXIT_USAGE;
}

/* form -------------------------------------------------------------------- */

static int
form_publish (const char  *data_dir,
              int          argc,
              char       **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("FILE"));
  g_autoptr(LalanInventoryDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) xml = NULL;
  g_auto(LalanInventoryFormInfo) info = { 0, };
  LalanInventoryPublishResult result;
  gint64 project_id = 1;
  const GOptionEntry entries[] = {
    { "project", 0, 0, G_OPTION_ARG_INT64, &project_id, N_("Publish in project ID (1 by default)"), N_("ID") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Publishes an XForm. Every version is kept; a changed form needs a new version."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv))
    return LALAN_INVENTORY_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr ("%s\n", _("Name the XForm file to publish."));
      return LALAN_INVENTORY_EXIT_USAGE;
    }

  if ((mapped = g_mapped_file_new (argv[1], FALSE, &error)) == NULL)
    return fail (error);
  xml = g_mapped_file_get_bytes (mapped);
  if (!lalan_inventory_form_read_info (xml, &info, &error))
    {
      g_printerr (_("%s cannot be published: %s\n"), argv[1], error->message);
      return exit_status_for (error);
    }

  if ((db = open_db (data_dir)) == NULL)
    return LALAN_INVENTORY_EXIT_FAILED;
  if (!lalan_inventory_db_publish_form (db, project_id, info.xml_form_id, info.version, info.title,
                                        xml, &result, &error))
    return fail (error);

  if (result == LALAN_INVENTORY_PUBLISH_NEW)
    g_print (_("Published version “%s” of the form “%s” (%s).\n"), info.version, info.xml_form_id, info.title);
  else
    g_print (_("Version “%s” of the form “%s” is already published, identical; nothing changed.\n"),
             info.version, info.xml_form_id);

  return LALAN_INVENTORY_EXIT_OK;
}

static int
form_list (const char  *data_dir,
           int          argc,
           char       **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(LalanInventoryDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) forms = NULL;
  gint64 project_id = 1;
  const GOptionEntry entries[] = {
    { "project", 0, 0, G_OPTION_ARG_INT64, &project_id, N_("List project ID (1 by default)"), N_("ID") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Lists the published forms with their latest version."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv))
    return LALAN_INVENTORY_EXIT_USAGE;

  if ((db = open_db (data_dir)) == NULL)
    return LALAN_INVENTORY_EXIT_FAILED;
  if ((forms = lalan_inventory_db_list_forms (db, project_id, &error)) == NULL)
    return fail (error);

  for (guint i = 0; i < forms->len; i++)
    {
      LalanInventoryFormRow *row = g_ptr_array_index (forms, i);

      /* Translators: a line of "form list": form id, version, title, time */
      g_print (_("%s\tversion %s\t%s\tpublished %s\n"), row->xml_form_id, row->version, row->title,
               row->published_at);
    }

  return LALAN_INVENTORY_EXIT_OK;
}

int
lalan_inventory_cli_form (const char  *data_dir,
                          int          argc,
                          char       **argv)
{
  g_autofree char *lines = g_strdup_printf ("  publish FILE [--project ID]  %s\n  list [--project ID]          %s\n",
                                            _("publish an XForm"),
                                            _("list the published forms"));

  if (argc >= 2 && g_str_equal (argv[1], "publish"))
    return form_publish (data_dir, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return form_list (data_dir, argc - 1, argv + 1);

  print_group_usage ("form", lines);
  return LALAN_INVENTORY_EXIT_USAGE;
}

/* export ------------------------------------------------------------------ */

int
lalan_inventory_cli_export (const char  *data_dir,
                            int          argc,
                            char       **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("FORM_ID"));
  g_autoptr(LalanInventoryDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *to = NULL;
  gint64 project_id = 1;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("Write the zip to FILE"), N_("FILE") },
    { "project", 0, 0, G_OPTION_ARG_INT64, &project_id, N_("Export from project ID (1 by default)"), N_("ID") },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Writes the current records of a form as CSV tables in a zip: "
                                  "one for the form, one per repeat."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv))
    return LALAN_INVENTORY_EXIT_USAGE;
  if (argc != 2 || to == NULL)
    {
      g_printerr ("%s\n", _("Usage: lalan-inventory export FORM_ID --to FILE.zip"));
      return LALAN_INVENTORY_EXIT_USAGE;
    }

  if ((db = open_db (data_dir)) == NULL)
    return LALAN_INVENTORY_EXIT_FAILED;
  if (!lalan_inventory_export_form (db, project_id, argv[1], to, &error))
    return fail (error);

  g_print (_("Wrote the records of “%s” to %s.\n"), argv[1], to);
  return LALAN_INVENTORY_EXIT_OK;
}
