/* lalan-cli-form.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-cli.h"

#include "lalan-bundled-forms.h"
#include "lalan-form.h"
#include "lalan-form-session.h"
#include "lalan-store.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

/* `lalan-cli form`: check a form, and fill a record from the command line
 * (the way scripts and tests drive the engine). */

static int
form_check (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LalanForm) form = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *languages = NULL;
  const char * const *names;
  const char *path;

  context = lalan_cli_option_context_new (_("FILE"),
                                          _("Check that Lalan can run an ODK XForm, and show what it holds."),
                                          NULL);
  if (!lalan_cli_parse (context, &argc, &argv))
    return LALAN_CLI_USAGE;
  if (argc != 2)
    {
      g_printerr (_("Give one form file to check.\n"));
      return LALAN_CLI_USAGE;
    }
  path = argv[1];

  {
    g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

    bytes = g_file_load_bytes (file, NULL, NULL, &error);
    if (bytes == NULL)
      {
        g_printerr ("%s: %s\n", path, error->message);
        return LALAN_CLI_FAILED;
      }
  }

  form = lalan_form_load (bytes, &problems, &error);
  if (form == NULL)
    {
      for (guint i = 0; i < problems->len; i++)
        {
          LalanFormProblem *problem = g_ptr_array_index (problems, i);

          if (problem->line > 0)
            g_print ("%s:%u: %s\n", path, problem->line, problem->message);
          else
            g_print ("%s: %s\n", path, problem->message);
        }
      return LALAN_CLI_FAILED;
    }

  names = lalan_form_get_languages (form);
  if (names[0] == NULL)
    languages = g_strdup (_("none"));
  else
    {
      GString *list = g_string_new (NULL);

      for (guint i = 0; names[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append (list, ", ");
          if (g_strcmp0 (names[i], lalan_form_get_default_language (form)) == 0)
            /* Translators: a language, marked as the form's default */
            g_string_append_printf (list, _("%s (default)"), names[i]);
          else
            g_string_append (list, names[i]);
        }
      languages = g_string_free (list, FALSE);
    }

  g_print ("%-12s %s\n", _("ID"), lalan_form_get_id (form));
  g_print ("%-12s %s\n", _("Version"), lalan_form_get_version (form));
  g_print ("%-12s %s\n", _("Title"), lalan_form_get_title (form));
  g_print ("%-12s %s\n", _("Languages"), languages);
  g_print ("%-12s %u\n", _("Questions"), lalan_form_get_n_questions (form));
  g_print ("%-12s %u\n", _("Groups"), lalan_form_get_n_groups (form));
  g_print ("%-12s %u\n", _("Repeats"), lalan_form_get_n_repeats (form));
  g_print ("%-12s %s\n", _("SHA-256"), lalan_form_get_hash (form));
  return LALAN_CLI_OK;
}

/* --set and --add-repeat, in the order given: a value inside a repeat
 * instance needs the instance added first. */
typedef struct
{
  gboolean  add_repeat;
  char     *path;
  char     *value;
} Operation;

static GArray *operations;

static void
clear_operation (gpointer data)
{
  Operation *op = data;

  g_free (op->path);
  g_free (op->value);
}

static gboolean
set_option_cb (const char  *name,
               const char  *text,
               gpointer     data,
               GError     **error)
{
  const char *equals = strchr (text, '=');
  Operation op = { FALSE, NULL, NULL };

  if (equals == NULL || equals == text)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--set takes /path/to/node=VALUE, not “%s”"), text);
      return FALSE;
    }
  op.path = g_strndup (text, equals - text);
  op.value = g_strdup (equals + 1);
  g_array_append_val (operations, op);
  return TRUE;
}

static gboolean
add_repeat_option_cb (const char  *name,
                      const char  *text,
                      gpointer     data,
                      GError     **error)
{
  Operation op = { TRUE, g_strdup (text), NULL };

  g_array_append_val (operations, op);
  return TRUE;
}

/* A file is registered in the store (so the version a record uses is kept
 * for good); anything else is a form id the store has: a bundled form, or
 * one registered before. */
static LalanForm *
open_form (LalanStore  *store,
           const char  *what,
           GError     **error)
{
  g_autoptr(LalanForm) form = NULL;
  g_autofree char *xml = NULL;

  if (g_file_test (what, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (what);
      g_autofree char *source = g_file_get_path (file);
      g_autofree char *hash = NULL;
      GBytes *bytes;

      form = lalan_form_new_from_file (what, error);
      if (form == NULL)
        return NULL;
      bytes = lalan_form_get_xml (form);
      xml = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      hash = g_strconcat ("sha256:", lalan_form_get_hash (form), NULL);
      if (!lalan_store_register_form (store, lalan_form_get_id (form), lalan_form_get_version (form),
                                      hash, xml, source, error))
        return NULL;
      return g_steal_pointer (&form);
    }

  /* The forms Lalan ships are there from the first use, in the version
   * this build carries. */
  if (!lalan_bundled_forms_register (store, NULL, error))
    return NULL;

  xml = lalan_store_get_form_xml (store, what, NULL, NULL);
  if (xml == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("There is no form file or registered form “%s”."), what);
      return NULL;
    }
  {
    g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&xml), strlen (xml));

    return lalan_form_new_from_bytes (bytes, error);
  }
}

static char *
serialize (LalanFormSession       *session,
           LalanFormSerializeMode  mode)
{
  g_autoptr(GBytes) bytes = lalan_form_session_serialize (session, mode);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* Through the store's own functions: a draft first, finalized if asked. */
static gboolean
save_record (LalanStore        *store,
             LalanFormSession  *session,
             gboolean           finalize,
             GError           **error)
{
  LalanForm *form = lalan_form_session_get_form (session);
  const char *instance_id = lalan_form_session_get_instance_id (session);
  const char *summary = lalan_form_session_get_instance_name (session);
  g_autofree char *draft = serialize (session, LALAN_FORM_SERIALIZE_DRAFT);
  g_autoptr(LalanRecord) record = NULL;

  record = lalan_store_save_draft (store, instance_id, lalan_form_get_id (form),
                                   lalan_form_get_version (form), draft, summary, NULL, error);
  if (record == NULL)
    return FALSE;
  if (finalize)
    {
      g_autofree char *final = serialize (session, LALAN_FORM_SERIALIZE_SUBMISSION);
      g_autoptr(LalanRecord) finalized = NULL;

      finalized = lalan_store_finalize_record (store, instance_id, final, summary, error);
      if (finalized == NULL)
        return FALSE;
    }
  return TRUE;
}

static int
status_for (const GError *error)
{
  if (error->domain == LALAN_FORM_ERROR &&
      (error->code == LALAN_FORM_ERROR_VALUE || error->code == LALAN_FORM_ERROR_READ_ONLY ||
       error->code == LALAN_FORM_ERROR_REPEAT))
    return LALAN_CLI_INVALID;
  return LALAN_CLI_FAILED;
}

static int
form_fill (int    argc,
           char **argv)
{
  g_autofree char *language = NULL;
  gboolean finalize = FALSE;
  gboolean print = FALSE;
  const GOptionEntry entries[] = {
    { "lang", 0, 0, G_OPTION_ARG_STRING, &language,
      N_("Use the form’s language L for labels and messages"), N_("L") },
    { "set", 0, 0, G_OPTION_ARG_CALLBACK, set_option_cb,
      N_("Answer the question at PATH (repeatable)"), N_("PATH=VALUE") },
    { "add-repeat", 0, 0, G_OPTION_ARG_CALLBACK, add_repeat_option_cb,
      N_("Add an instance to the repeat at PATH (repeatable)"), N_("PATH") },
    { "finalize", 0, 0, G_OPTION_ARG_NONE, &finalize,
      N_("Check every answer and save the record as finalized (otherwise it is kept as a draft)"), NULL },
    { "print", 0, 0, G_OPTION_ARG_NONE, &print,
      N_("Write the record’s instance XML to standard output"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanForm) form = NULL;
  g_autoptr(LalanFormSession) session = NULL;
  LalanFormSessionOptions options = { 0 };
  LalanStore *store = NULL;
  g_autofree char *device_id = NULL;
  int status = LALAN_CLI_OK;

  operations = g_array_new (FALSE, TRUE, sizeof (Operation));
  g_array_set_clear_func (operations, clear_operation);

  context = lalan_cli_option_context_new (_("FILE|FORM_ID"),
                                          _("Fill a new record of a form: answer questions, add repeat instances, finalize."),
                                          entries);
  if (!lalan_cli_parse (context, &argc, &argv))
    {
      g_clear_pointer (&operations, g_array_unref);
      return LALAN_CLI_USAGE;
    }
  if (argc != 2)
    {
      g_printerr (_("Give one form file or form id.\n"));
      g_clear_pointer (&operations, g_array_unref);
      return LALAN_CLI_USAGE;
    }

  store = lalan_store_get_default (&error);
  if (store != NULL)
    form = open_form (store, argv[1], &error);
  if (form == NULL)
    {
      g_printerr ("%s\n", error->message);
      g_clear_pointer (&operations, g_array_unref);
      return LALAN_CLI_FAILED;
    }

  /* deviceID: the spec wants it prefixed by the client. */
  device_id = g_strconcat ("lalan:", lalan_store_get_device_id (store), NULL);
  options.device_id = device_id;
  options.language = language;
  session = lalan_form_session_new (form, &options, &error);
  if (session == NULL)
    {
      g_printerr ("%s\n", error->message);
      g_clear_pointer (&operations, g_array_unref);
      return LALAN_CLI_FAILED;
    }

  for (guint i = 0; i < operations->len; i++)
    {
      Operation *op = &g_array_index (operations, Operation, i);
      gboolean ok;

      if (op->add_repeat)
        {
          g_autofree char *added = lalan_form_session_add_repeat (session, op->path, &error);

          ok = added != NULL;
        }
      else
        ok = lalan_form_session_set_value (session, op->path, op->value, &error);

      if (!ok)
        {
          g_printerr ("%s: %s\n", op->path, error->message);
          status = status_for (error);
          g_clear_pointer (&operations, g_array_unref);
          return status;
        }
    }
  g_clear_pointer (&operations, g_array_unref);

  if (finalize && !lalan_form_session_finalize (session, &error))
    {
      g_autoptr(GPtrArray) violations = lalan_form_session_get_violations (session);

      for (guint i = 0; i < violations->len; i++)
        {
          LalanFormViolation *violation = g_ptr_array_index (violations, i);

          g_print ("%s: %s\n", violation->path, violation->message);
        }
      return LALAN_CLI_INVALID;
    }

  if (!save_record (store, session, finalize, &error))
    {
      g_printerr ("%s\n", error->message);
      return LALAN_CLI_FAILED;
    }

  if (print)
    {
      g_autoptr(GBytes) xml = lalan_form_session_serialize (session, LALAN_FORM_SERIALIZE_SUBMISSION);
      gsize size;
      const char *data = g_bytes_get_data (xml, &size);

      fwrite (data, 1, size, stdout);
    }

  /* The record's id last, for scripts: finalized, or kept as a draft. */
  g_print ("%s\n", lalan_form_session_get_instance_id (session));

  return status;
}

static const LalanCliCommand form_commands[] = {
  { "check", N_("Check a form file and show its id, version and contents"), form_check },
  { "fill", N_("Fill a new record of a form from the command line"), form_fill },
  { NULL }
};

/**
 * lalan_cli_form:
 *
 * `lalan-cli form COMMAND`.
 */
int
lalan_cli_form (int    argc,
                char **argv)
{
  return lalan_cli_dispatch ("form", form_commands, argc, argv);
}
