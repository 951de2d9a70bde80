/* lalan-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-cli.h"

#include "lalan-paths.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

static char *data_dir_option;

static const GOptionEntry common_entries[] = {
  { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir_option,
    N_("Use DIR as the data folder instead of the default"), N_("DIR") },
  { NULL }
};

/**
 * lalan_cli_option_context_new:
 * @parameter_string: (nullable): what follows the options, for --help
 * @summary: (nullable): a sentence shown by --help
 * @entries: (nullable): the subcommand's own options
 *
 * Makes an option context that also knows the options every subcommand
 * takes (--data-dir).
 *
 * Returns: (transfer full): the context
 */
GOptionContext *
lalan_cli_option_context_new (const char         *parameter_string,
                              const char         *summary,
                              const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameter_string);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (summary != NULL)
    g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  return context;
}

/**
 * lalan_cli_parse:
 * @context: a context from lalan_cli_option_context_new()
 * @argc: (inout): the argument count
 * @argv: (inout): the arguments
 *
 * Parses, prints a sentence on a usage error and applies --data-dir.
 *
 * Returns: %TRUE when the arguments were understood
 */
gboolean
lalan_cli_parse (GOptionContext   *context,
                 int              *argc,
                 char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s\n", error->message);
      g_printerr (_("Run “%s --help” to see what it takes.\n"), g_get_prgname ());
      return FALSE;
    }

  if (data_dir_option != NULL)
    lalan_paths_set_data_dir_override (data_dir_option);

  return TRUE;
}

static void
print_commands (const char            *group,
                const LalanCliCommand *commands,
                FILE                  *out)
{
  g_autofree char *program = group ? g_strconcat ("lalan-cli ", group, NULL) : g_strdup ("lalan-cli");

  fprintf (out, _("Usage: %s COMMAND [OPTION…]\n\n"), program);
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; commands[i].name != NULL; i++)
    fprintf (out, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run a command with --help to see its options."));
}

/**
 * lalan_cli_dispatch:
 * @group: (nullable): the command group, such as "db", or %NULL at the top
 * @commands: the commands of the group, ended by an all-%NULL entry
 * @argc: the argument count, argv[0] being the group's own name
 * @argv: the arguments
 *
 * Runs the command named by argv[1], or prints the commands on --help.
 * Options before the command name (--data-dir) are applied first.
 *
 * Returns: the command's exit status
 */
int
lalan_cli_dispatch (const char            *group,
                    const LalanCliCommand *commands,
                    int                    argc,
                    char                 **argv)
{
  int i = 1;

  /* Options the group itself understands may come before the command. */
  while (i < argc && argv[i][0] == '-')
    {
      if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          print_commands (group, commands, stdout);
          return LALAN_CLI_OK;
        }
      else if (g_str_equal (argv[i], "--data-dir") && i + 1 < argc)
        {
          lalan_paths_set_data_dir_override (argv[i + 1]);
          i += 2;
        }
      else if (g_str_has_prefix (argv[i], "--data-dir="))
        {
          lalan_paths_set_data_dir_override (argv[i] + strlen ("--data-dir="));
          i += 1;
        }
      else
        {
          g_printerr (_("Unknown option %s\n"), argv[i]);
          print_commands (group, commands, stderr);
          return LALAN_CLI_USAGE;
        }
    }

  if (i >= argc)
    {
      print_commands (group, commands, stderr);
      return LALAN_CLI_USAGE;
    }

  for (guint c = 0; commands[c].name != NULL; c++)
    {
      if (g_str_equal (commands[c].name, argv[i]))
        return commands[c].func (argc - i, argv + i);
    }

  g_printerr (_("Unknown command “%s”\n"), argv[i]);
  print_commands (group, commands, stderr);
  return LALAN_CLI_USAGE;
}

/**
 * lalan_cli_print_error:
 * @error: an error from the core
 *
 * Prints the error's sentence; core errors are already translated.
 */
void
lalan_cli_print_error (const GError *error)
{
  g_printerr ("%s\n", error->message);
}

/**
 * lalan_cli_pad:
 * @text: a UTF-8 text
 * @columns: the width to fill
 *
 * Pads @text with spaces to @columns terminal columns. printf's "%-20s"
 * counts bytes, which misaligns Chinese (three bytes, two columns each).
 *
 * Returns: (transfer full): the padded text
 */
char *
lalan_cli_pad (const char *text,
               guint       columns)
{
  GString *padded = g_string_new (text);
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }

  while (width++ < columns)
    g_string_append_c (padded, ' ');

  return g_string_free (padded, FALSE);
}
