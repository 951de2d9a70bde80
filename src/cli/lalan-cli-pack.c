/* lalan-cli-pack.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-cli.h"

#include "lalan-lesson-catalog.h"
#include "lalan-library.h"
#include "lalan-pack-build.h"
#include "lalan-pack-check.h"
#include "lalan-pack-install.h"
#include "lalan-pack-manifest.h"
#include "lalan-store.h"
#include "lalan-text.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

static void
print_warnings (GPtrArray *warnings)
{
  for (guint i = 0; i < warnings->len; i++)
    g_printerr (_("Warning: %s\n"), (const char *) g_ptr_array_index (warnings, i));
}

static int
pack_check (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  int status = LALAN_CLI_OK;

  context = lalan_cli_option_context_new (_("PATH…"),
                                          _("Check lesson packs (folders or .lalanpack files) the way installing would, without installing them."),
                                          NULL);
  if (!lalan_cli_parse (context, &argc, &argv))
    return LALAN_CLI_USAGE;
  if (argc < 2)
    {
      g_printerr (_("Name at least one pack folder or .lalanpack file.\n"));
      return LALAN_CLI_USAGE;
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;

      if (!lalan_pack_check_path (argv[i], warnings, &error))
        {
          g_printerr (_("%s: refused. %s\n"), argv[i], error->message);
          status = LALAN_CLI_INVALID;
          continue;
        }
      print_warnings (warnings);
      g_print (_("%s: good.\n"), argv[i]);
    }

  return status;
}

static int
pack_build (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *to = NULL;
  gboolean write_manifest = FALSE;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("Write the pack to FILE"), N_("FILE.lalanpack") },
    { "write-manifest", 0, 0, G_OPTION_ARG_NONE, &write_manifest,
      N_("Write the list of files with their SHA-256 into the folder’s pack.json"), NULL },
    { NULL }
  };

  context = lalan_cli_option_context_new (_("DIR"),
                                          _("Check a pack folder, list its files with their SHA-256 in the manifest and write it as one .lalanpack file."),
                                          entries);
  if (!lalan_cli_parse (context, &argc, &argv))
    return LALAN_CLI_USAGE;
  if (argc != 2 || (to == NULL && !write_manifest))
    {
      g_printerr (_("Name one pack folder, and --to FILE.lalanpack or --write-manifest.\n"));
      return LALAN_CLI_USAGE;
    }

  if (!lalan_pack_build (argv[1], to, write_manifest, warnings, &error))
    {
      g_printerr (_("%s: refused. %s\n"), argv[1], error->message);
      return LALAN_CLI_INVALID;
    }

  print_warnings (warnings);
  if (to != NULL)
    g_print (_("Wrote %s.\n"), to);
  if (write_manifest)
    g_print (_("Updated the file list in %s/pack.json.\n"), argv[1]);

  return LALAN_CLI_OK;
}

static void
print_lessons (const char         *label,
               const char * const *lessons)
{
  if (lessons[0] == NULL)
    return;
  g_print ("%s\n", label);
  for (guint i = 0; lessons[i] != NULL; i++)
    g_print ("  %s\n", lessons[i]);
}

/* Installs one pack from a folder or file, saying what changes. */
static int
install_from (const char *source,
              const char *display,
              gboolean    dry_run,
              gboolean    reinstall)
{
  g_autoptr(LalanPackInstall) install = NULL;
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(GError) error = NULL;

  install = lalan_pack_install_prepare (source, NULL, NULL,
                                        reinstall ? LALAN_PACK_INSTALL_REINSTALL : LALAN_PACK_INSTALL_DEFAULT,
                                        NULL, &error);
  if (install == NULL)
    {
      g_printerr (_("%s: refused. %s\n"), display, error->message);
      return LALAN_CLI_INVALID;
    }

  print_warnings (lalan_pack_install_get_warnings (install));
  if (lalan_pack_install_is_update (install))
    {
      g_print (_("Update of %s from version %s to %s:\n"), lalan_pack_install_get_id (install),
               lalan_pack_install_get_old_version (install), lalan_pack_install_get_version (install));
      print_lessons (_("New lessons:"), lalan_pack_install_get_added (install));
      print_lessons (_("Changed lessons:"), lalan_pack_install_get_changed (install));
      print_lessons (_("Removed lessons (their progress is no longer shown):"), lalan_pack_install_get_removed (install));
    }
  else
    {
      g_print (_("New pack %s, version %s:\n"), lalan_pack_install_get_id (install),
               lalan_pack_install_get_version (install));
      print_lessons (_("Lessons:"), lalan_pack_install_get_added (install));
    }

  if (dry_run)
    {
      g_print ("%s\n", _("Nothing was installed (--dry-run)."));
      return LALAN_CLI_OK;
    }

  if (!lalan_pack_install_commit (install, &error))
    {
      lalan_cli_print_error (error);
      return LALAN_CLI_FAILED;
    }

  g_print (_("Installed in %s.\n"), lalan_pack_install_get_installed_dir (install));

  store = lalan_store_open (NULL, &error);
  if (store == NULL || !lalan_pack_install_save_to_store (install, store, &error))
    {
      /* The pack is in place and works; only the record of it is missing. */
      lalan_cli_print_error (error);
      return LALAN_CLI_FAILED;
    }

  return LALAN_CLI_OK;
}

/* The configured server's catalogue, or NULL with the reason printed. */
static GPtrArray *
fetch_catalog (LalanSyncServer **out_server)
{
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(LalanSyncServer) server = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;
  guint refused = 0;

  store = lalan_store_open (NULL, &error);
  if (store == NULL || (server = lalan_sync_server_load (store, NULL, &error)) == NULL)
    {
      lalan_cli_print_error (error);
      return NULL;
    }

  entries = lalan_lesson_catalog_fetch (server, &refused, NULL, &error);
  if (entries == NULL)
    {
      lalan_cli_print_error (error);
      return NULL;
    }
  if (refused > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "The server’s list names %u pack wrongly (a bad name, size or checksum); it is left out.\n",
                             "The server’s list names %u packs wrongly (a bad name, size or checksum); they are left out.\n",
                             refused),
                refused);

  *out_server = g_steal_pointer (&server);
  return entries;
}

static int
install_from_server (const char *id,
                     gboolean    dry_run,
                     gboolean    reinstall)
{
  g_autoptr(LalanSyncServer) server = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const LalanCatalogEntry *entry = NULL;
  int status;

  if ((entries = fetch_catalog (&server)) == NULL)
    return LALAN_CLI_FAILED;

  for (guint i = 0; i < entries->len && entry == NULL; i++)
    if (g_str_equal (((LalanCatalogEntry *) g_ptr_array_index (entries, i))->id, id))
      entry = g_ptr_array_index (entries, i);
  if (entry == NULL)
    {
      g_printerr (_("The server offers no pack named “%s”. “lalan-cli pack catalog” lists the ones it offers.\n"), id);
      return LALAN_CLI_INVALID;
    }

  path = lalan_lesson_catalog_download (server, entry, NULL, &error);
  if (path == NULL)
    {
      lalan_cli_print_error (error);
      return LALAN_CLI_FAILED;
    }

  status = install_from (path, entry->title, dry_run, reinstall);
  g_unlink (path);
  return status;
}

static int
pack_install (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  gboolean dry_run = FALSE, reinstall = FALSE, from_server = FALSE;
  const GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Only say what would change"), NULL },
    { "reinstall", 0, 0, G_OPTION_ARG_NONE, &reinstall, N_("Install the same version again, to repair it"), NULL },
    { "from-server", 0, 0, G_OPTION_ARG_NONE, &from_server, N_("Download the pack with this id from the server’s lessons"), NULL },
    { NULL }
  };

  context = lalan_cli_option_context_new (_("PATH|ID"),
                                          _("Install or update a lesson pack from a folder or a .lalanpack file, or with --from-server from the configured server. Progress on lessons that still exist is kept."),
                                          entries);
  if (!lalan_cli_parse (context, &argc, &argv))
    return LALAN_CLI_USAGE;
  if (argc != 2)
    {
      g_printerr (_("Name one pack folder or .lalanpack file.\n"));
      return LALAN_CLI_USAGE;
    }

  if (from_server)
    return install_from_server (argv[1], dry_run, reinstall);

  return install_from (argv[1], argv[1], dry_run, reinstall);
}

static int
pack_catalog (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(LalanSyncServer) server = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(LalanLibrary) library = NULL;
  gboolean json = FALSE;
  const GOptionEntry options[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("One JSON object per line"), NULL },
    { NULL }
  };

  context = lalan_cli_option_context_new (NULL,
                                          _("List the lesson packs the configured server offers, and which of them are installed."),
                                          options);
  if (!lalan_cli_parse (context, &argc, &argv))
    return LALAN_CLI_USAGE;

  if ((entries = fetch_catalog (&server)) == NULL)
    return LALAN_CLI_FAILED;

  library = lalan_library_new ();
  for (guint i = 0; i < entries->len; i++)
    {
      const LalanCatalogEntry *entry = g_ptr_array_index (entries, i);
      LalanPack *installed = lalan_library_lookup (library, entry->id);
      const char *have = installed != NULL ? lalan_pack_get_version (installed) : NULL;

      if (json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonNode) root = NULL;
          g_autofree char *line = NULL;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, entry->id);
          json_builder_set_member_name (builder, "version");
          json_builder_add_string_value (builder, entry->version);
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, entry->title);
          json_builder_set_member_name (builder, "size");
          json_builder_add_int_value (builder, (gint64) entry->size);
          json_builder_set_member_name (builder, "installed_version");
          if (have != NULL)
            json_builder_add_string_value (builder, have);
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);

          root = json_builder_get_root (builder);
          line = json_to_string (root, FALSE);
          g_print ("%s\n", line);
        }
      else
        {
          g_autofree char *size = g_format_size (entry->size);
          g_autofree char *state = NULL;

          if (have == NULL)
            state = g_strdup (_("not installed"));
          else if (lalan_pack_version_compare (entry->version, have) > 0)
            state = g_strdup_printf (_("update from %s"), have);
          else
            state = g_strdup (_("installed"));

          g_print ("%-32s %-8s %-10s %-20s %s\n", entry->id, entry->version, size, state, entry->title);
        }
    }

  if (entries->len == 0)
    g_print ("%s\n", _("The server lists no lesson packs."));

  return LALAN_CLI_OK;
}

static int
pack_list (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(LalanLibrary) library = NULL;
  const char *language = lalan_text_get_user_language ();
  gboolean json = FALSE;
  GPtrArray *problems;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("One JSON object per line"), NULL },
    { NULL }
  };

  context = lalan_cli_option_context_new (NULL,
                                          _("List the bundled and installed lesson packs."),
                                          entries);
  if (!lalan_cli_parse (context, &argc, &argv))
    return LALAN_CLI_USAGE;

  library = lalan_library_new ();
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (library)); i++)
    {
      g_autoptr(LalanPack) pack = g_list_model_get_item (G_LIST_MODEL (library), i);
      const char *origin = lalan_pack_get_origin (pack) == LALAN_PACK_BUNDLED ? "bundled" : "installed";

      if (json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonNode) root = NULL;
          g_autofree char *line = NULL;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, lalan_pack_get_id (pack));
          json_builder_set_member_name (builder, "version");
          json_builder_add_string_value (builder, lalan_pack_get_version (pack));
          json_builder_set_member_name (builder, "origin");
          json_builder_add_string_value (builder, origin);
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, lalan_pack_get_title (pack, language));
          json_builder_set_member_name (builder, "dir");
          json_builder_add_string_value (builder, lalan_pack_get_dir (pack));
          json_builder_set_member_name (builder, "lessons");
          json_builder_begin_array (builder);
          for (guint l = 0; l < lalan_pack_get_n_lessons (pack); l++)
            json_builder_add_string_value (builder, lalan_pack_get_lesson_id (pack, l));
          json_builder_end_array (builder);
          json_builder_end_object (builder);

          root = json_builder_get_root (builder);
          line = json_to_string (root, FALSE);
          g_print ("%s\n", line);
        }
      else
        {
          g_print ("%-32s %-8s %-10s %s\n", lalan_pack_get_id (pack), lalan_pack_get_version (pack),
                   lalan_pack_get_origin (pack) == LALAN_PACK_BUNDLED ? _("bundled") : _("installed"),
                   lalan_pack_get_title (pack, language));
          for (guint l = 0; l < lalan_pack_get_n_lessons (pack); l++)
            g_print ("    %s\n", lalan_pack_get_lesson_id (pack, l));
        }
    }

  problems = lalan_library_get_problems (library);
  for (guint i = 0; i < problems->len; i++)
    g_printerr (_("Left out: %s\n"), (const char *) g_ptr_array_index (problems, i));

  return LALAN_CLI_OK;
}

static const LalanCliCommand pack_commands[] = {
  { "check", N_("Check packs without installing them"), pack_check },
  { "build", N_("Write a pack folder as a .lalanpack file"), pack_build },
  { "install", N_("Install or update a pack"), pack_install },
  { "catalog", N_("List the packs the server offers"), pack_catalog },
  { "list", N_("List bundled and installed packs"), pack_list },
  { NULL }
};

/**
 * lalan_cli_pack:
 *
 * `lalan-cli pack check|build|install|list`.
 */
int
lalan_cli_pack (int    argc,
                char **argv)
{
  return lalan_cli_dispatch ("pack", pack_commands, argc, argv);
}
