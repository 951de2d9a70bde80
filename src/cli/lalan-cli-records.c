/* lalan-cli-records.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-cli.h"

#include "lalan-bundled-forms.h"
#include "lalan-records-export.h"
#include "lalan-store.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

/* Records are read a page at a time, so a list of 100,000 records never
 * holds them all in memory. */
#define PAGE_SIZE 500

static char *
format_time (gint64   time,
             gboolean utc)
{
  g_autoptr(GDateTime) date_time = NULL;

  if (time == 0)
    return NULL;

  date_time = utc ? g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC)
                  : g_date_time_new_from_unix_local (time / G_USEC_PER_SEC);
  if (date_time == NULL)
    return NULL;

  return g_date_time_format (date_time, utc ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d %H:%M");
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          gint64       time)
{
  g_autofree char *text = format_time (time, TRUE);

  json_builder_set_member_name (builder, member);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
print_json (LalanRecord *record)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;

  json_builder_begin_object (builder);
  add_string (builder, "instance_id", lalan_record_get_instance_id (record));
  add_string (builder, "form_id", lalan_record_get_form_id (record));
  add_string (builder, "form_version", lalan_record_get_form_version (record));
  add_string (builder, "state", lalan_record_state_to_string (lalan_record_get_state (record)));
  add_string (builder, "summary", lalan_record_get_summary (record));
  add_string (builder, "deprecated_id", lalan_record_get_deprecated_id (record));
  add_time (builder, "created_at", lalan_record_get_created_at (record));
  add_time (builder, "updated_at", lalan_record_get_updated_at (record));
  add_time (builder, "finalized_at", lalan_record_get_finalized_at (record));
  add_time (builder, "sent_at", lalan_record_get_sent_at (record));
  json_builder_set_member_name (builder, "attempts");
  json_builder_add_int_value (builder, lalan_record_get_attempts (record));
  add_time (builder, "next_attempt_at", lalan_record_get_next_attempt_at (record));
  add_string (builder, "last_error_code", lalan_record_get_last_error_code (record));
  add_string (builder, "last_error_message", lalan_record_get_last_error_message (record));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);
  g_print ("%s\n", line);
}

static void
print_text (LalanRecord *record)
{
  g_autofree char *updated = format_time (lalan_record_get_updated_at (record), FALSE);
  g_autofree char *state = lalan_cli_pad (lalan_record_state_get_label (lalan_record_get_state (record)), 20);
  const char *error = lalan_record_get_last_error_message (record);

  g_print ("%-44s %-20s %-12s %s %s",
           lalan_record_get_instance_id (record),
           lalan_record_get_form_id (record),
           lalan_record_get_form_version (record),
           state,
           updated != NULL ? updated : "");
  if (error != NULL && lalan_record_get_state (record) != LALAN_RECORD_STATE_SENT)
    g_print ("  %s", error);
  g_print ("\n");
}

static int
records_list (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state_name = NULL;
  g_autofree char *form_id = NULL;
  g_autofree char *search = NULL;
  gboolean json = FALSE;
  int limit = 0;
  guint states = LALAN_RECORD_STATE_ALL;
  guint printed = 0;
  const GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_STRING, &state_name,
      N_("Only records in STATE: draft, finalized, sent or needs-review"), N_("STATE") },
    { "form", 0, 0, G_OPTION_ARG_STRING, &form_id, N_("Only records of the form ID"), N_("ID") },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Only records whose summary contains TEXT"), N_("TEXT") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most N records"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("One JSON object per line, for programs"), NULL },
    { NULL }
  };

  context = lalan_cli_option_context_new (NULL, _("List the survey records, most recently changed first."), entries);
  if (!lalan_cli_parse (context, &argc, &argv))
    return LALAN_CLI_USAGE;

  if (state_name != NULL)
    {
      LalanRecordState state;

      if (!lalan_record_state_from_string (state_name, &state))
        {
          g_printerr (_("There is no record state “%s”; use draft, finalized, sent or needs-review.\n"), state_name);
          return LALAN_CLI_USAGE;
        }
      states = state;
    }

  if (limit < 0)
    {
      g_printerr ("%s\n", _("The limit cannot be negative."));
      return LALAN_CLI_USAGE;
    }

  store = lalan_store_open (NULL, &error);
  if (store == NULL)
    {
      lalan_cli_print_error (error);
      return LALAN_CLI_FAILED;
    }

  for (guint offset = 0; limit == 0 || printed < (guint) limit; offset += PAGE_SIZE)
    {
      g_autoptr(GPtrArray) page = lalan_store_list_records (store, states, form_id, search,
                                                            offset, PAGE_SIZE, &error);

      if (page == NULL)
        {
          lalan_cli_print_error (error);
          return LALAN_CLI_FAILED;
        }

      for (guint i = 0; i < page->len && (limit == 0 || printed < (guint) limit); i++, printed++)
        {
          if (json)
            print_json (g_ptr_array_index (page, i));
          else
            print_text (g_ptr_array_index (page, i));
        }

      if (page->len < PAGE_SIZE)
        break;
    }

  if (!json && printed == 0)
    g_print ("%s\n", _("No records."));

  return LALAN_CLI_OK;
}

static int
records_export (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state_name = NULL;
  g_autofree char *form_id = NULL;
  g_autofree char *to = NULL;
  g_autofree char *path = NULL;
  g_autofree char *xml = NULL;
  guint states = LALAN_RECORD_STATE_ALL;
  guint n_exported = 0;
  const GOptionEntry entries[] = {
    { "form", 0, 0, G_OPTION_ARG_STRING, &form_id, N_("Only records of the form ID"), N_("ID") },
    { "state", 0, 0, G_OPTION_ARG_STRING, &state_name,
      N_("Only records in STATE: draft, finalized, sent or needs-review"), N_("STATE") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("Write the zip to FILE"), N_("FILE") },
    { NULL }
  };

  context = lalan_cli_option_context_new (NULL,
                                          _("Export survey records as a zip of CSV tables: one per form and one per repeat, "
                                            "with parent keys, in UTF-8 with a byte order mark so spreadsheets show Chinese."),
                                          entries);
  if (!lalan_cli_parse (context, &argc, &argv))
    return LALAN_CLI_USAGE;
  if (to == NULL)
    {
      g_printerr ("%s\n", _("Say where to write the export with --to FILE.zip."));
      return LALAN_CLI_USAGE;
    }
  if (state_name != NULL)
    {
      LalanRecordState state;

      if (!lalan_record_state_from_string (state_name, &state))
        {
          g_printerr (_("There is no record state “%s”; use draft, finalized, sent or needs-review.\n"), state_name);
          return LALAN_CLI_USAGE;
        }
      states = state;
    }

  store = lalan_store_open (NULL, &error);
  if (store == NULL || !lalan_bundled_forms_register (store, NULL, &error))
    {
      lalan_cli_print_error (error);
      return LALAN_CLI_FAILED;
    }

  {
    g_autoptr(GFile) file = g_file_new_for_commandline_arg (to);

    path = g_file_get_path (file);
  }
  if (form_id != NULL && (xml = lalan_store_get_form_xml (store, form_id, NULL, NULL)) == NULL)
    {
      g_printerr (_("There is no form “%s” on this computer.\n"), form_id);
      return LALAN_CLI_INVALID;
    }

  if (!lalan_records_export (store, form_id, states, NULL, path, &n_exported, NULL, &error))
    {
      lalan_cli_print_error (error);
      return LALAN_CLI_FAILED;
    }

  g_print (g_dngettext (GETTEXT_PACKAGE, "Exported %u record to %s\n", "Exported %u records to %s\n", n_exported),
           n_exported, path);
  return LALAN_CLI_OK;
}

static const LalanCliCommand records_commands[] = {
  { "list", N_("List the survey records"), records_list },
  { "export", N_("Export survey records to a zip of CSV tables"), records_export },
  { NULL }
};

/**
 * lalan_cli_records:
 *
 * `lalan-cli records ...`: the survey records.
 */
int
lalan_cli_records (int    argc,
                   char **argv)
{
  return lalan_cli_dispatch ("records", records_commands, argc, argv);
}
