/* form-test-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helpers shared by the form tests: fixtures from tests/forms/, a session
 * with a fixed clock and seed, the instance XML with its random
 * instanceID masked, violations as "path: message" lines.
 */

#pragma once

#include "lalan-test.h"

#include "lalan-form.h"
#include "lalan-form-session.h"

#include <string.h>

#define FORM_TEST_PROLOG "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

static inline LalanForm *
form_test_load (const char *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *relative = g_strdup_printf ("tests/forms/%s", fixture);
  LalanForm *form = lalan_form_new_from_file (lalan_test_source_path (relative), &error);

  g_assert_no_error (error);
  g_assert_nonnull (form);
  return form;
}

static inline void
form_test_options (LalanFormSessionOptions *options,
                   GDateTime               *now)
{
  memset (options, 0, sizeof *options);
  options->now = now;
  options->seed = 1;
  options->device_id = "lalan:test-device";
  options->username = "volunteer";
}

static inline LalanFormSession *
form_test_start (const char *fixture,
                 const char *language)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanForm) form = form_test_load (fixture);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2024, 5, 1, 10, 20, 30.5);
  LalanFormSessionOptions options;
  LalanFormSession *session;

  form_test_options (&options, now);
  options.language = language;
  session = lalan_form_session_new (form, &options, &error);
  g_assert_no_error (error);
  return session;
}

static inline void
form_test_set (LalanFormSession *session,
               const char       *path,
               const char       *value)
{
  g_autoptr(GError) error = NULL;

  lalan_form_session_set_value (session, path, value, &error);
  if (error != NULL)
    g_error ("%s = %s: %s", path, value, error->message);
}

static inline char *
form_test_mask_id (const char *xml,
                   const char *instance_id)
{
  g_autoptr(GString) out = g_string_new (xml);

  if (instance_id != NULL)
    g_string_replace (out, instance_id, "uuid:X", 0);
  return g_strdup (out->str);
}

static inline char *
form_test_xml (LalanFormSession       *session,
               LalanFormSerializeMode  mode)
{
  g_autoptr(GBytes) bytes = lalan_form_session_serialize (session, mode);
  g_autofree char *xml = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  return form_test_mask_id (xml, lalan_form_session_get_instance_id (session));
}

#define form_test_assert_xml(session, mode, body) \
  G_STMT_START { \
    g_autofree char *_xml = form_test_xml ((session), (mode)); \
    g_assert_cmpstr (_xml, ==, FORM_TEST_PROLOG body "\n"); \
  } G_STMT_END

static inline char *
form_test_violations (LalanFormSession *session)
{
  g_autoptr(GPtrArray) violations = lalan_form_session_get_violations (session);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < violations->len; i++)
    {
      LalanFormViolation *violation = g_ptr_array_index (violations, i);

      g_string_append_printf (out, "%s: %s\n", violation->path, violation->message);
    }
  return g_string_free (out, FALSE);
}

#define form_test_assert_violations(session, expected) \
  G_STMT_START { \
    g_autofree char *_v = form_test_violations (session); \
    g_assert_cmpstr (_v, ==, (expected)); \
  } G_STMT_END
