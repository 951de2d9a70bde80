/* lalan-cli.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses shared by every subcommand, so scripts can tell a refused
 * input from a broken installation. */
typedef enum
{
  LALAN_CLI_OK = 0,
  LALAN_CLI_FAILED = 1,
  LALAN_CLI_INVALID = 2,
  LALAN_CLI_USAGE = 64,
} LalanCliStatus;

/* A subcommand receives argv starting at its own name. */
typedef int (*LalanCliCommandFunc) (int argc, char **argv);

typedef struct
{
  const char          *name;
  const char          *summary;
  LalanCliCommandFunc  func;
} LalanCliCommand;

GOptionContext *lalan_cli_option_context_new (const char            *parameter_string,
                                              const char            *summary,
                                              const GOptionEntry    *entries);
gboolean        lalan_cli_parse              (GOptionContext        *context,
                                              int                   *argc,
                                              char                ***argv);
int             lalan_cli_dispatch           (const char            *group,
                                              const LalanCliCommand *commands,
                                              int                    argc,
                                              char                 **argv);
void            lalan_cli_print_error        (const GError          *error);
char           *lalan_cli_pad                (const char            *text,
                                              guint                  columns);

int lalan_cli_form (int argc, char **argv);
int lalan_cli_info (int argc, char **argv);
int lalan_cli_measure (int argc, char **argv);
int lalan_cli_pack (int argc, char **argv);
int lalan_cli_db (int argc, char **argv);
int lalan_cli_records (int argc, char **argv);
int lalan_cli_server (int argc, char **argv);
int lalan_cli_sync (int argc, char **argv);

G_END_DECLS
