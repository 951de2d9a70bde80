/* fuzz-form-load.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for the forms loader: whatever bytes come in, loading
 * must end in a form or an error, and a loaded form must survive being
 * filled (answers, repeats, languages), finalized, serialized and restored.
 * Built with clang and -fsanitize=fuzzer when -Dfuzzing=true; the
 * standalone driver runs it over the seed corpus in every `make check`.
 */

#include "config.h"

#include "lalan-form.h"
#include "lalan-form-control.h"
#include "lalan-form-session.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A warning or a critical is a bug the fuzzer must report. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static void
exercise_controls (LalanFormSession *session,
                   LalanFormControl *control,
                   guint            *budget)
{
  GListModel *children = lalan_form_control_get_children (control);
  LalanFormControlKind kind = lalan_form_control_get_kind (control);
  static const char *const values[] = { "1", "a b", "", "2024-05-01", "-0.5" };

  if ((*budget)-- == 0)
    return;

  if (kind == LALAN_FORM_CONTROL_REPEAT && lalan_form_control_can_add (control))
    {
      LalanFormControl *added = lalan_form_control_add_instance (control, NULL);

      if (added != NULL && lalan_form_control_can_remove (added) && *budget % 2 == 0)
        lalan_form_control_remove (added, NULL);
    }
  else if (kind >= LALAN_FORM_CONTROL_INPUT && !lalan_form_control_get_read_only (control))
    {
      GListModel *choices = lalan_form_control_get_choices (control);

      lalan_form_control_set_value (control, values[*budget % G_N_ELEMENTS (values)], NULL);
      if (choices != NULL && g_list_model_get_n_items (choices) > 0)
        {
          g_autoptr(GObject) choice = g_list_model_get_item (choices, 0);
          g_autofree char *value = NULL;

          g_object_get (choice, "value", &value, NULL);
          lalan_form_control_set_value (control, value, NULL);
        }
    }

  for (guint i = 0; i < g_list_model_get_n_items (children) && *budget > 0; i++)
    {
      g_autoptr(LalanFormControl) child = g_list_model_get_item (children, i);

      exercise_controls (session, child, budget);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LalanForm) form = NULL;
  g_autoptr(LalanFormSession) session = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2024, 5, 1, 10, 20, 30);
  LalanFormSessionOptions options = { 0 };
  guint budget = 200;

  form = lalan_form_load (bytes, &problems, NULL);
  if (form == NULL)
    return 0;

  options.now = now;
  options.seed = 1;
  options.device_id = "lalan:fuzz";
  session = lalan_form_session_new (form, &options, NULL);
  if (session == NULL)
    return 0;

  exercise_controls (session, lalan_form_session_get_body (session), &budget);

  for (const char * const *lang = lalan_form_get_languages (form); *lang != NULL; lang++)
    lalan_form_session_set_language (session, *lang, NULL);

  {
    g_autoptr(GPtrArray) pages = lalan_form_session_list_pages (session, TRUE);
    g_autoptr(GPtrArray) violations = lalan_form_session_get_violations (session);

    if (pages->len > 0)
      lalan_form_session_get_next_page (session, lalan_form_control_get_position (g_ptr_array_index (pages, 0)));
    (void) violations;
  }

  lalan_form_session_finalize (session, NULL);

  {
    g_autoptr(GBytes) submission = lalan_form_session_serialize (session, LALAN_FORM_SERIALIZE_SUBMISSION);
    g_autoptr(GBytes) draft = lalan_form_session_serialize (session, LALAN_FORM_SERIALIZE_DRAFT);
    g_autoptr(LalanFormSession) again = NULL;

    again = lalan_form_session_new_from_instance (form, draft, LALAN_FORM_RESTORE_DRAFT, &options, NULL);
    g_clear_object (&again);
    again = lalan_form_session_new_from_instance (form, submission, LALAN_FORM_RESTORE_EDIT, &options, NULL);
    (void) again;
  }

  return 0;
}
