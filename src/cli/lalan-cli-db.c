/* lalan-cli-db.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-cli.h"

#include "lalan-store.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

/* Opens the store of the data folder, and says so when it had to move a
 * damaged database aside: an admin at a terminal must hear it too. */
static LalanStore *
open_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanStore) store = lalan_store_open (NULL, &error);
  g_autofree char *notice = NULL;

  if (store == NULL)
    {
      lalan_cli_print_error (error);
      return NULL;
    }

  notice = lalan_store_dup_recovery_notice (store);
  if (notice != NULL)
    g_printerr ("%s\n\n", notice);

  return g_steal_pointer (&store);
}

static gint64
file_size (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? (gint64) buf.st_size : 0;
}

static char *
newest_backup (LalanStore *store)
{
  g_autofree char *dir = lalan_store_get_backup_dir (store);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autofree char *newest = NULL;
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      if (g_str_has_prefix (name, "lalan-") && g_str_has_suffix (name, ".db") &&
          (newest == NULL || g_strcmp0 (name, newest) > 0))
        {
          g_free (newest);
          newest = g_strdup (name);
        }
    }

  return newest != NULL ? g_build_filename (dir, newest, NULL) : NULL;
}

static void
print_field (const char *label,
             const char *value)
{
  g_autofree char *padded = lalan_cli_pad (label, 22);

  g_print ("%s %s\n", padded, value);
}

static int
db_info (int    argc,
         char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *size = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *schema_version = NULL;
  LalanRecordCounts counts;
  static const LalanRecordState states[] = {
    LALAN_RECORD_STATE_DRAFT, LALAN_RECORD_STATE_FINALIZED,
    LALAN_RECORD_STATE_SENT, LALAN_RECORD_STATE_NEEDS_REVIEW,
  };

  context = lalan_cli_option_context_new (NULL, _("Show where the database is, its size and what it holds."), NULL);
  if (!lalan_cli_parse (context, &argc, &argv))
    return LALAN_CLI_USAGE;

  store = open_store ();
  if (store == NULL)
    return LALAN_CLI_FAILED;

  if (!lalan_store_count_records_by_state (store, &counts, &error))
    {
      lalan_cli_print_error (error);
      return LALAN_CLI_FAILED;
    }

  wal = g_strconcat (lalan_store_get_path (store), "-wal", NULL);
  size = g_format_size (file_size (lalan_store_get_path (store)) + file_size (wal));
  backup = newest_backup (store);
  schema_version = g_strdup_printf ("%d", lalan_store_get_schema_version (store));

  print_field (_("Database"), lalan_store_get_path (store));
  print_field (_("Size"), size);
  print_field (_("Schema version"), schema_version);
  print_field (_("Device"), lalan_store_get_device_id (store));
  print_field (_("Latest backup"), backup != NULL ? backup : _("none yet"));
  g_print ("\n%s\n", _("Records:"));
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autofree char *label = lalan_cli_pad (lalan_record_state_get_label (states[i]), 20);
      guint n = 0;

      switch (states[i])
        {
        case LALAN_RECORD_STATE_DRAFT:
          n = counts.draft;
          break;
        case LALAN_RECORD_STATE_FINALIZED:
          n = counts.finalized;
          break;
        case LALAN_RECORD_STATE_SENT:
          n = counts.sent;
          break;
        case LALAN_RECORD_STATE_NEEDS_REVIEW:
          n = counts.needs_review;
          break;
        default:
          g_assert_not_reached ();
        }
      g_print ("  %s %u\n", label, n);
    }
  {
    g_autofree char *label = lalan_cli_pad (_("Total"), 20);

    g_print ("  %s %u\n", label, counts.total);
  }

  return LALAN_CLI_OK;
}

static int
db_check (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) problems = NULL;
  gboolean verbose = FALSE;
  guint n_problems;
  const GOptionEntry entries[] = {
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, N_("Also print what the check found, for a developer"), NULL },
    { NULL }
  };

  context = lalan_cli_option_context_new (NULL,
                                          _("Check the whole database for damage (SQLite’s integrity check); "
                                            "this reads every page and may take a while."),
                                          entries);
  if (!lalan_cli_parse (context, &argc, &argv))
    return LALAN_CLI_USAGE;

  store = open_store ();
  if (store == NULL)
    return LALAN_CLI_FAILED;

  if (!lalan_store_check (store, TRUE, &problems, NULL, &error))
    {
      lalan_cli_print_error (error);
      return LALAN_CLI_FAILED;
    }

  n_problems = g_strv_length (problems);
  if (n_problems == 0)
    {
      g_print (_("The database %s is sound.\n"), lalan_store_get_path (store));
      return LALAN_CLI_OK;
    }

  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "The database %s is damaged: the check found %u problem. "
                        "Back it up now, then restore the newest good backup.\n",
                        "The database %s is damaged: the check found %u problems. "
                        "Back it up now, then restore the newest good backup.\n",
                        n_problems),
           lalan_store_get_path (store), n_problems);
  if (verbose)
    for (guint i = 0; i < n_problems; i++)
      g_print ("  %s\n", problems[i]);

  return LALAN_CLI_FAILED;
}

static int
db_backup (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *destination = NULL;

  context = lalan_cli_option_context_new (_("FILE"),
                                          _("Write a copy of the database to FILE. It is safe to do while "
                                            "Lalan is open."),
                                          NULL);
  if (!lalan_cli_parse (context, &argc, &argv))
    return LALAN_CLI_USAGE;

  if (argc != 2)
    {
      g_printerr ("%s\n", _("Give the file to write the backup to."));
      return LALAN_CLI_USAGE;
    }

  destination = g_canonicalize_filename (argv[1], NULL);
  if (g_file_test (destination, G_FILE_TEST_IS_DIR))
    {
      g_printerr (_("%s is a folder; give the name of the backup file to write.\n"), destination);
      return LALAN_CLI_USAGE;
    }

  store = open_store ();
  if (store == NULL)
    return LALAN_CLI_FAILED;

  if (g_str_equal (destination, lalan_store_get_path (store)))
    {
      g_printerr ("%s\n", _("A backup cannot replace the database itself."));
      return LALAN_CLI_USAGE;
    }

  if (!lalan_store_backup (store, destination, NULL, &error))
    {
      lalan_cli_print_error (error);
      return LALAN_CLI_FAILED;
    }

  g_print (_("The database was backed up to %s.\n"), destination);
  return LALAN_CLI_OK;
}

static int
db_restore (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *source = NULL;
  g_autofree char *kept = NULL;

  context = lalan_cli_option_context_new (_("FILE"),
                                          _("Replace the database with the backup FILE. The backup is checked "
                                            "first, and the database as it is now is kept next to it."),
                                          NULL);
  if (!lalan_cli_parse (context, &argc, &argv))
    return LALAN_CLI_USAGE;

  if (argc != 2)
    {
      g_printerr ("%s\n", _("Give the backup file to restore."));
      return LALAN_CLI_USAGE;
    }

  source = g_canonicalize_filename (argv[1], NULL);

  store = open_store ();
  if (store == NULL)
    return LALAN_CLI_FAILED;

  if (!lalan_store_restore (store, source, &kept, NULL, &error))
    {
      lalan_cli_print_error (error);
      return error->domain == LALAN_STORE_ERROR &&
             (error->code == LALAN_STORE_ERROR_NOT_A_DATABASE ||
              error->code == LALAN_STORE_ERROR_CORRUPT ||
              error->code == LALAN_STORE_ERROR_TOO_NEW ||
              error->code == LALAN_STORE_ERROR_NOT_FOUND) ? LALAN_CLI_INVALID : LALAN_CLI_FAILED;
    }

  g_print (_("The database was restored from %s. The database as it was before is kept in %s.\n"),
           source, kept);
  return LALAN_CLI_OK;
}

static const LalanCliCommand db_commands[] = {
  { "info", N_("Show where the database is, its size and what it holds"), db_info },
  { "check", N_("Check the whole database for damage"), db_check },
  { "backup", N_("Write a copy of the database to a file"), db_backup },
  { "restore", N_("Replace the database with a backup"), db_restore },
  { NULL }
};

/**
 * lalan_cli_db:
 *
 * `lalan-cli db ...`: the database's health, backups and restore.
 */
int
lalan_cli_db (int    argc,
              char **argv)
{
  return lalan_cli_dispatch ("db", db_commands, argc, argv);
}
