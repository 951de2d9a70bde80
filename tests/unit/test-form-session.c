/* test-form-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Filling forms: each feature fixture in tests/forms/, asserting the exact
 * instance XML or the exact violations.
 */

#include "config.h"

#include "form-test-util.h"

static void
test_basic (void)
{
  g_autoptr(LalanFormSession) s = form_test_start ("basic.xml", NULL);
  g_autoptr(GError) error = NULL;

  /* Fresh: the name is required; the age is empty so adult is not relevant. */
  form_test_assert_violations (s, "/data/name: Please give a name\n");
  form_test_assert_xml (s, LALAN_FORM_SERIALIZE_SUBMISSION,
                        "<data xmlns:orx=\"http://openrosa.org/xforms\" id=\"basic\" orx:version=\"3\">"
                        "<name/><age/><greeting>Hello </greeting>"
                        "<orx:meta><orx:instanceID>uuid:X</orx:instanceID></orx:meta></data>");
  g_assert_true (g_str_has_prefix (lalan_form_session_get_instance_id (s), "uuid:"));
  g_assert_cmpuint (strlen (lalan_form_session_get_instance_id (s)), ==, 41);

  form_test_set (s, "/data/age", "130");
  form_test_assert_violations (s,
                               "/data/name: Please give a name\n"
                               "/data/age: Age must be between 0 and 120\n");
  g_assert_false (lalan_form_session_finalize (s, &error));
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_VIOLATIONS);
  g_clear_error (&error);

  form_test_set (s, "/data/name", "Ana & <Bo>");
  form_test_set (s, "/data/age", "17");
  form_test_assert_violations (s, "");
  g_assert_true (lalan_form_session_finalize (s, &error));
  g_assert_no_error (error);
  g_assert_true (lalan_form_session_is_finalized (s));
  form_test_assert_xml (s, LALAN_FORM_SERIALIZE_SUBMISSION,
                        "<data xmlns:orx=\"http://openrosa.org/xforms\" id=\"basic\" orx:version=\"3\">"
                        "<name>Ana &amp; &lt;Bo&gt;</name><age>17</age><adult>no</adult>"
                        "<greeting>Hello Ana &amp; &lt;Bo&gt;</greeting>"
                        "<orx:meta><orx:instanceID>uuid:X</orx:instanceID></orx:meta></data>");

  /* Any change makes it a draft again. */
  form_test_set (s, "/data/age", "18");
  g_assert_false (lalan_form_session_is_finalized (s));
  g_assert_cmpstr (lalan_form_session_get_value (s, "/data/adult"), ==, "yes");
}

static void
test_refusals (void)
{
  g_autoptr(LalanFormSession) s = form_test_start ("basic.xml", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (lalan_form_session_set_value (s, "/data/nope", "1", &error));
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (lalan_form_session_set_value (s, "data/name", "1", &error));
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (lalan_form_session_set_value (s, "/data/age", "twelve", &error));
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_VALUE);
  g_clear_error (&error);
  /* Calculated and read-only nodes are not for people to change. */
  g_assert_false (lalan_form_session_set_value (s, "/data/greeting", "x", &error));
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (lalan_form_session_set_value (s, "/data/orx:meta/orx:instanceID", "x", &error));
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (lalan_form_session_set_value (s, "/data/orx:meta", "x", &error));
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_VALUE);
  g_clear_error (&error);
  /* Text XML cannot carry. */
  g_assert_false (lalan_form_session_set_value (s, "/data/name", "a\001b", &error));
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_VALUE);
  g_clear_error (&error);
  g_assert_cmpstr (lalan_form_session_get_value (s, "/data/name"), ==, "");
  /* A local name finds a prefixed node when only one has it. */
  g_assert_nonnull (lalan_form_session_get_value (s, "/data/meta/instanceID"));
}

static void
test_repeats (void)
{
  g_autoptr(LalanFormSession) s = form_test_start ("repeats.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *added = NULL;

  /* jr:count makes the instances; odk-new-repeat fills greet. */
  form_test_set (s, "/data/hh_size", "3");
  g_assert_cmpuint (lalan_form_session_get_repeat_count (s, "/data/member"), ==, 3);
  form_test_set (s, "/data/member[1]/name", "Ana");
  form_test_set (s, "/data/member[1]/age", "40");
  form_test_set (s, "/data/member[2]/name", "Bo");
  form_test_set (s, "/data/member[2]/age", "12");
  form_test_set (s, "/data/member[3]/name", "Cy");
  form_test_set (s, "/data/member[3]/age", "19");
  form_test_assert_xml (s, LALAN_FORM_SERIALIZE_SUBMISSION,
                        "<data id=\"repeats\" version=\"1\"><hh_size>3</hh_size>"
                        "<member><name>Ana</name><age>40</age><adult>yes</adult><pos>1</pos><greet>member 1</greet></member>"
                        "<member><name>Bo</name><age>12</age><adult>no</adult><pos>2</pos><greet>member 2</greet></member>"
                        "<member><name>Cy</name><age>19</age><adult>yes</adult><pos>3</pos><greet>member 3</greet></member>"
                        "<n_adults>2</n_adults><total_age>71</total_age><second_name>Bo</second_name>"
                        "<n_visits>0</n_visits><meta><instanceID>uuid:X</instanceID></meta></data>");

  /* A smaller count removes the last instances. */
  form_test_set (s, "/data/hh_size", "2");
  g_assert_cmpuint (lalan_form_session_get_repeat_count (s, "/data/member"), ==, 2);
  g_assert_cmpstr (lalan_form_session_get_value (s, "/data/n_adults"), ==, "1");
  g_assert_cmpstr (lalan_form_session_get_value (s, "/data/total_age"), ==, "52");

  /* ... and a person cannot add or remove them by hand. */
  g_assert_null (lalan_form_session_add_repeat (s, "/data/member", &error));
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_REPEAT);
  g_clear_error (&error);
  g_assert_false (lalan_form_session_remove_repeat (s, "/data/member[1]", &error));
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_REPEAT);
  g_clear_error (&error);

  /* A free repeat: jr:template supplies the defaults. */
  for (int i = 0; i < 3; i++)
    {
      g_free (added);
      added = lalan_form_session_add_repeat (s, "/data/visit", &error);
      g_assert_no_error (error);
    }
  g_assert_cmpstr (added, ==, "/data/visit[3]");
  form_test_set (s, "/data/visit[2]/when", "2024-05-02");
  form_test_set (s, "/data/visit[3]/note", "third");
  g_assert_true (lalan_form_session_remove_repeat (s, "/data/visit[1]", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (lalan_form_session_get_value (s, "/data/visit[1]/when"), ==, "2024-05-02");
  g_assert_cmpstr (lalan_form_session_get_value (s, "/data/n_visits"), ==, "2");
  {
    g_autofree char *position = lalan_form_session_evaluate (s, "position(..)", "/data/visit[2]/note", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (position, ==, "2");
  }

  form_test_assert_xml (s, LALAN_FORM_SERIALIZE_SUBMISSION,
                        "<data id=\"repeats\" version=\"1\"><hh_size>2</hh_size>"
                        "<member><name>Ana</name><age>40</age><adult>yes</adult><pos>1</pos><greet>member 1</greet></member>"
                        "<member><name>Bo</name><age>12</age><adult>no</adult><pos>2</pos><greet>member 2</greet></member>"
                        "<n_adults>1</n_adults><total_age>52</total_age><second_name>Bo</second_name>"
                        "<visit><when>2024-05-02</when><note>first visit</note></visit>"
                        "<visit><when/><note>third</note></visit>"
                        "<n_visits>2</n_visits><meta><instanceID>uuid:X</instanceID></meta></data>");

  g_assert_false (lalan_form_session_remove_repeat (s, "/data/visit[5]", &error));
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Required inside repeats: each instance counts. */
  form_test_set (s, "/data/member[2]/name", "");
  form_test_assert_violations (s, "/data/member[2]/name: This answer is required.\n");
}

static void
test_cascade (void)
{
  g_autoptr(LalanFormSession) s = form_test_start ("cascade.xml", NULL);
  g_autoptr(GError) error = NULL;

  form_test_set (s, "/data/county", "10004");
  form_test_set (s, "/data/town", "10004130");
  form_test_set (s, "/data/village", "10004130002");
  form_test_set (s, "/data/devices", "laptop  phone");
  form_test_assert_xml (s, LALAN_FORM_SERIALIZE_SUBMISSION,
                        "<data xmlns:orx=\"http://openrosa.org/xforms\" id=\"cascade\" orx:version=\"2024-05\">"
                        "<county>10004</county><town>10004130</town><village>10004130002</village>"
                        "<village_name>竹林村</village_name><devices>laptop phone</devices>"
                        "<orx:meta><orx:instanceID>uuid:X</orx:instanceID></orx:meta></data>");

  /* A town of another county is not a choice. */
  g_assert_false (lalan_form_session_set_value (s, "/data/town", "65000290", &error));
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_VALUE);
  g_clear_error (&error);

  /* Another county: the town and the village no longer apply. */
  form_test_set (s, "/data/county", "65000");
  form_test_assert_xml (s, LALAN_FORM_SERIALIZE_SUBMISSION,
                        "<data xmlns:orx=\"http://openrosa.org/xforms\" id=\"cascade\" orx:version=\"2024-05\">"
                        "<county>65000</county><town/><village/><village_name/><devices>laptop phone</devices>"
                        "<orx:meta><orx:instanceID>uuid:X</orx:instanceID></orx:meta></data>");
  form_test_assert_violations (s, "/data/town: This answer is required.\n");

  form_test_set (s, "/data/town", "65000290");
  form_test_set (s, "/data/village", "65000290002");
  g_assert_cmpstr (lalan_form_session_get_value (s, "/data/village_name"), ==, "忠治里");

  /* The exclusive "none": a constraint, with the form's message. */
  form_test_set (s, "/data/devices", "none phone");
  form_test_assert_violations (s, "/data/devices: “None” goes alone\n");
  g_assert_false (lalan_form_session_set_value (s, "/data/devices", "tablet", &error));
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_VALUE);
  g_clear_error (&error);
  g_assert_false (lalan_form_session_set_value (s, "/data/county", "65000 68000", &error));
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_VALUE);
  g_clear_error (&error);
  form_test_set (s, "/data/devices", "none");
  form_test_assert_violations (s, "");
}

static void
test_relevance (void)
{
  g_autoptr(LalanFormSession) s = form_test_start ("relevance.xml", NULL);
  g_autoptr(GError) error = NULL;

  form_test_assert_violations (s, "/data/consent: This answer is required.\n");
  form_test_set (s, "/data/consent", "yes");
  form_test_assert_violations (s,
                               "/data/home/internet: This answer is required.\n"
                               "/data/size: This answer is required.\n");
  form_test_set (s, "/data/home/internet", "yes");
  form_test_set (s, "/data/home/types", "fibre");
  form_test_set (s, "/data/size", "4");
  g_assert_false (lalan_form_session_is_relevant (s, "/data/home/why_not"));
  form_test_assert_xml (s, LALAN_FORM_SERIALIZE_SUBMISSION,
                        "<data xmlns:orx=\"http://openrosa.org/xforms\" id=\"relevance\" orx:version=\"1\">"
                        "<town>65000290</town><consent>yes</consent>"
                        "<home><internet>yes</internet><types>fibre</types></home>"
                        "<size>4</size><size_label>size=4</size_label>"
                        "<orx:meta><orx:instanceID>uuid:X</orx:instanceID></orx:meta></data>");

  /* No consent: the home group and the size leave the submission, their
   * requirements no longer apply, and expressions read them as empty... */
  form_test_set (s, "/data/consent", "no");
  form_test_assert_violations (s, "");
  g_assert_true (lalan_form_session_finalize (s, &error));
  g_assert_no_error (error);
  form_test_assert_xml (s, LALAN_FORM_SERIALIZE_SUBMISSION,
                        "<data xmlns:orx=\"http://openrosa.org/xforms\" id=\"relevance\" orx:version=\"1\">"
                        "<town>65000290</town><consent>no</consent><size_label>size=</size_label>"
                        "<orx:meta><orx:instanceID>uuid:X</orx:instanceID></orx:meta></data>");

  /* ... but a draft keeps the answers, and they come back with consent. */
  form_test_assert_xml (s, LALAN_FORM_SERIALIZE_DRAFT,
                        "<data xmlns:orx=\"http://openrosa.org/xforms\" id=\"relevance\" orx:version=\"1\">"
                        "<town>65000290</town><consent>no</consent>"
                        "<home><internet>yes</internet><types>fibre</types><why_not/></home>"
                        "<size>4</size><size_label>size=</size_label>"
                        "<orx:meta><orx:instanceID>uuid:X</orx:instanceID></orx:meta></data>");
  form_test_set (s, "/data/consent", "yes");
  g_assert_cmpstr (lalan_form_session_get_value (s, "/data/size_label"), ==, "size=4");
  g_assert_true (lalan_form_session_is_relevant (s, "/data/home/types"));

  /* A constraint is checked only on an answer. */
  form_test_set (s, "/data/size", "0");
  form_test_assert_violations (s, "/data/size: This answer is not valid.\n");
  form_test_set (s, "/data/size", "");
  form_test_assert_violations (s, "/data/size: This answer is required.\n");
}

static void
test_events_and_preloads (void)
{
  g_autoptr(LalanFormSession) s = form_test_start ("events.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *draw = NULL;

  g_assert_cmpstr (lalan_form_session_get_value (s, "/data/start"), ==, "2024-05-01T10:20:30.500+00:00");
  g_assert_cmpstr (lalan_form_session_get_value (s, "/data/end"), ==, "");
  g_assert_cmpstr (lalan_form_session_get_value (s, "/data/loaded"), ==, "loaded on 2024-05-01");
  draw = g_strdup (lalan_form_session_get_value (s, "/data/draw"));
  g_assert_cmpstr (draw, !=, "");

  form_test_set (s, "/data/code", "abcx");
  /* once(): a random draw keeps its first value. */
  g_assert_cmpstr (lalan_form_session_get_value (s, "/data/draw"), ==, draw);
  g_assert_cmpstr (lalan_form_session_get_instance_name (s), ==, "Visit abcx");

  g_assert_true (lalan_form_session_finalize (s, &error));
  g_assert_no_error (error);
  {
    g_autofree char *expected = g_strdup_printf (
      "<data xmlns:orx=\"http://openrosa.org/xforms\" id=\"events\" orx:version=\"1\">"
      "<start>2024-05-01T10:20:30.500+00:00</start><end>2024-05-01T10:20:30.500+00:00</end>"
      "<today>2024-05-01</today><device>lalan:test-device</device><user>volunteer</user>"
      "<loaded>loaded on 2024-05-01</loaded><code>abcx</code><code_changed>yes</code_changed>"
      "<code_upper>ABCx</code_upper><draw>%s</draw>"
      "<orx:meta><orx:instanceID>uuid:X</orx:instanceID><orx:instanceName>Visit abcx</orx:instanceName></orx:meta></data>",
      draw);
    g_autofree char *xml = form_test_xml (s, LALAN_FORM_SERIALIZE_SUBMISSION);
    g_autofree char *full = g_strconcat (FORM_TEST_PROLOG, expected, "\n", NULL);

    g_assert_cmpstr (xml, ==, full);
  }
}

static void
test_itext_messages (void)
{
  g_autoptr(LalanFormSession) s = form_test_start ("itext.xml", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (lalan_form_session_get_language (s), ==, "繁體中文");
  form_test_set (s, "/data/name", "Ana");
  form_test_set (s, "/data/age", "200");
  form_test_assert_violations (s, "/data/age: Ana 不可能 200 歲。\n");
  g_assert_true (lalan_form_session_set_language (s, "English", &error));
  g_assert_no_error (error);
  form_test_assert_violations (s, "/data/age: Ana cannot be 200.\n");
  g_assert_false (lalan_form_session_set_language (s, "Klingon", &error));
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_NOT_FOUND);
}

static void
test_types (void)
{
  g_autoptr(LalanFormSession) s = form_test_start ("types.xml", NULL);
  static const struct
  {
    const char *path;
    const char *value;
  } refused[] = {
    { "/data/i", "1.5" },
    { "/data/i", "2147483648" },
    { "/data/i", "12abc" },
    { "/data/dec", "1,5" },
    { "/data/dec", "1e3" },
    { "/data/b", "yes" },
    { "/data/d", "2023-02-29" },
    { "/data/d", "01/02/2024" },
    { "/data/t", "25:00" },
    { "/data/dt", "2024-05-01 10:20" },
    { "/data/gp", "91 0" },
    { "/data/gp", "25.0" },
    { "/data/bin", "../etc/passwd" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      if (lalan_form_session_set_value (s, refused[i].path, refused[i].value, &error))
        g_error ("%s accepted “%s”", refused[i].path, refused[i].value);
      g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_VALUE);
    }

  form_test_set (s, "/data/i", "+007");
  form_test_set (s, "/data/dec", "003.50");
  form_test_set (s, "/data/b", "1");
  form_test_set (s, "/data/d", "2024-02-29");
  form_test_set (s, "/data/t", "10:20:00.000+08:00");
  form_test_set (s, "/data/dt", "2024-05-01T10:20:00+08:00");
  form_test_set (s, "/data/gp", " 25.03  121.56 10 5 ");
  form_test_set (s, "/data/bc", "4711");
  form_test_set (s, "/data/bin", "1714558800.jpg");
  form_test_set (s, "/data/ack", "yes");
  form_test_assert_xml (s, LALAN_FORM_SERIALIZE_SUBMISSION,
                        "<data xmlns:orx=\"http://openrosa.org/xforms\" id=\"types\" orx:version=\"1\">"
                        "<s> kept as typed </s><i>7</i><dec>3.5</dec><b>true</b><d>2024-02-29</d>"
                        "<t>10:20:00.000+08:00</t><dt>2024-05-01T10:20:00+08:00</dt><gp>25.03 121.56 10 5</gp>"
                        "<bc>4711</bc><bin>1714558800.jpg</bin><ack>OK</ack><tomorrow>2024-03-01</tomorrow>"
                        "<half>3.5</half><whole>7</whole>"
                        "<orx:meta><orx:instanceID>uuid:X</orx:instanceID></orx:meta></data>");

  /* Calculations into typed nodes: int truncates, NaN is no answer. */
  form_test_set (s, "/data/dec", "-1.75");
  g_assert_cmpstr (lalan_form_session_get_value (s, "/data/whole"), ==, "-3");
  form_test_set (s, "/data/d", "");
  g_assert_cmpstr (lalan_form_session_get_value (s, "/data/tomorrow"), ==, "");
  form_test_set (s, "/data/i", "");
  g_assert_cmpstr (lalan_form_session_get_value (s, "/data/half"), ==, "");
  /* A trigger is required: unconfirmed, it is a violation. */
  form_test_set (s, "/data/ack", "");
  form_test_assert_violations (s, "/data/ack: This answer is required.\n");
}

static LalanFormSession *
restore (LalanForm            *form,
         GBytes               *xml,
         LalanFormRestoreMode  mode,
         GError              **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2024, 6, 1, 8, 0, 0);
  LalanFormSessionOptions options;

  form_test_options (&options, now);
  options.seed = 99;
  return lalan_form_session_new_from_instance (form, xml, mode, &options, error);
}

static void
test_restore_draft (void)
{
  g_autoptr(LalanFormSession) s = form_test_start ("repeats.xml", NULL);
  g_autoptr(LalanFormSession) again = NULL;
  g_autoptr(GBytes) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  form_test_set (s, "/data/hh_size", "2");
  form_test_set (s, "/data/member[1]/name", "Ana");
  form_test_set (s, "/data/member[2]/age", "7");
  g_free (lalan_form_session_add_repeat (s, "/data/visit", &error));
  g_assert_no_error (error);
  draft = lalan_form_session_serialize (s, LALAN_FORM_SERIALIZE_DRAFT);

  again = restore (lalan_form_session_get_form (s), draft, LALAN_FORM_RESTORE_DRAFT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lalan_form_session_get_instance_id (again), ==, lalan_form_session_get_instance_id (s));
  g_assert_null (lalan_form_session_get_deprecated_id (again));
  before = form_test_xml (s, LALAN_FORM_SERIALIZE_DRAFT);
  after = form_test_xml (again, LALAN_FORM_SERIALIZE_DRAFT);
  g_assert_cmpstr (after, ==, before);

  /* It goes on as the original would. */
  form_test_set (again, "/data/member[2]/name", "Bo");
  g_assert_cmpstr (lalan_form_session_get_value (again, "/data/second_name"), ==, "Bo");
  g_free (lalan_form_session_add_repeat (again, "/data/visit", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (lalan_form_session_get_value (again, "/data/n_visits"), ==, "2");
}

static void
test_restore_edit (void)
{
  g_autoptr(LalanFormSession) s = form_test_start ("basic.xml", NULL);
  g_autoptr(LalanFormSession) edit = NULL;
  g_autoptr(GBytes) sent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_id = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *expected = NULL;

  form_test_set (s, "/data/name", "Ana");
  g_assert_true (lalan_form_session_finalize (s, &error));
  sent = lalan_form_session_serialize (s, LALAN_FORM_SERIALIZE_SUBMISSION);
  old_id = g_strdup (lalan_form_session_get_instance_id (s));

  edit = restore (lalan_form_session_get_form (s), sent, LALAN_FORM_RESTORE_EDIT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lalan_form_session_get_deprecated_id (edit), ==, old_id);
  g_assert_cmpstr (lalan_form_session_get_instance_id (edit), !=, old_id);
  form_test_set (edit, "/data/age", "30");
  g_assert_true (lalan_form_session_finalize (edit, &error));

  xml = form_test_xml (edit, LALAN_FORM_SERIALIZE_SUBMISSION);
  expected = g_strdup_printf (FORM_TEST_PROLOG
                              "<data xmlns:orx=\"http://openrosa.org/xforms\" id=\"basic\" orx:version=\"3\">"
                              "<name>Ana</name><age>30</age><adult>yes</adult><greeting>Hello Ana</greeting>"
                              "<orx:meta><orx:instanceID>uuid:X</orx:instanceID>"
                              "<orx:deprecatedID>%s</orx:deprecatedID></orx:meta></data>\n",
                              old_id);
  g_assert_cmpstr (xml, ==, expected);
}

static void
test_restore_refused (void)
{
  g_autoptr(LalanForm) form = form_test_load ("basic.xml");
  static const char *const records[] = {
    /* another form */
    "<other id=\"basic\" version=\"3\"/>",
    "<data id=\"elsewhere\" version=\"3\"/>",
    /* another version of this form */
    "<data id=\"basic\" version=\"2\"><name>x</name></data>",
    /* an element this form does not have */
    "<data id=\"basic\" version=\"3\"><name>x</name><salary>1</salary></data>",
    /* a node twice that does not repeat */
    "<data id=\"basic\" version=\"3\"><name>x</name><name>y</name></data>",
    /* elements inside an answer */
    "<data id=\"basic\" version=\"3\"><name><b>x</b></name></data>",
    /* hostile */
    "<!DOCTYPE data [<!ENTITY a \"aaaa\">]><data id=\"basic\" version=\"3\"><name>&a;</name></data>",
    "not xml at all",
  };

  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = g_bytes_new_static (records[i], strlen (records[i]));
      g_autoptr(LalanFormSession) s = restore (form, bytes, LALAN_FORM_RESTORE_DRAFT, &error);

      if (s != NULL)
        g_error ("restored: %s", records[i]);
      g_assert_nonnull (error);
      g_assert_true (error->domain == LALAN_FORM_ERROR);
    }

  /* What a server sends back after an edit elsewhere: orx:version, the
   * default namespace, no non-relevant nodes: accepted. */
  {
    const char *record =
      "<data xmlns=\"http://www.w3.org/2002/xforms\" xmlns:orx=\"http://openrosa.org/xforms\" "
      "id=\"basic\" orx:version=\"3\"><name>Zé</name>"
      "<orx:meta><orx:instanceID>uuid:11111111-2222-4333-8444-555555555555</orx:instanceID></orx:meta></data>";
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = g_bytes_new_static (record, strlen (record));
    g_autoptr(LalanFormSession) s = restore (form, bytes, LALAN_FORM_RESTORE_DRAFT, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (lalan_form_session_get_value (s, "/data/greeting"), ==, "Hello Zé");
    g_assert_cmpstr (lalan_form_session_get_instance_id (s), ==, "uuid:11111111-2222-4333-8444-555555555555");
  }
}

typedef struct
{
  GPtrArray *seen;
} ChangeLog;

static void
changed_cb (LalanFormSession *session,
            GPtrArray        *changes,
            ChangeLog        *log)
{
  for (guint i = 0; i < changes->len; i++)
    {
      LalanFormChange *change = g_ptr_array_index (changes, i);
      g_autofree char *flags = g_flags_to_string (LALAN_TYPE_FORM_CHANGE_FLAGS, change->flags);

      g_ptr_array_add (log->seen, g_strdup_printf ("%s %s", change->path, flags));
    }
}

static char *
take_log (ChangeLog *log)
{
  char *joined;

  g_ptr_array_add (log->seen, NULL);
  joined = g_strjoinv ("\n", (char **) log->seen->pdata);
  g_ptr_array_set_size (log->seen, 0);
  return joined;
}

static void
test_change_lists (void)
{
  g_autoptr(LalanFormSession) s = form_test_start ("basic.xml", NULL);
  ChangeLog log = { g_ptr_array_new_with_free_func (g_free) };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;

  g_signal_connect (s, "changed", G_CALLBACK (changed_cb), &log);

  /* The age: it, what calculates from it, its relevance and the label
   * that shows it; nothing else. */
  form_test_set (s, "/data/age", "30");
  first = take_log (&log);
  g_assert_cmpstr (first, ==,
                   "/data/adult LALAN_FORM_CHANGE_VALUE | LALAN_FORM_CHANGE_RELEVANT\n"
                   "/data/age LALAN_FORM_CHANGE_VALUE");

  /* The name: the greeting and the age's label, which shows the name. */
  form_test_set (s, "/data/name", "Ana");
  second = take_log (&log);
  g_assert_cmpstr (second, ==,
                   "/data/age LALAN_FORM_CHANGE_TEXT\n"
                   "/data/greeting LALAN_FORM_CHANGE_VALUE\n"
                   "/data/name LALAN_FORM_CHANGE_VALUE | LALAN_FORM_CHANGE_VALIDITY");

  /* The same value again changes nothing. */
  form_test_set (s, "/data/name", "Ana");
  third = take_log (&log);
  g_assert_cmpstr (third, ==, "");

  g_ptr_array_unref (log.seen);
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);

  g_test_add_func ("/form-session/basic", test_basic);
  g_test_add_func ("/form-session/refusals", test_refusals);
  g_test_add_func ("/form-session/repeats", test_repeats);
  g_test_add_func ("/form-session/cascade", test_cascade);
  g_test_add_func ("/form-session/relevance", test_relevance);
  g_test_add_func ("/form-session/events-and-preloads", test_events_and_preloads);
  g_test_add_func ("/form-session/itext-messages", test_itext_messages);
  g_test_add_func ("/form-session/types", test_types);
  g_test_add_func ("/form-session/restore-draft", test_restore_draft);
  g_test_add_func ("/form-session/restore-edit", test_restore_edit);
  g_test_add_func ("/form-session/restore-refused", test_restore_refused);
  g_test_add_func ("/form-session/change-lists", test_change_lists);

  return g_test_run ();
}
