/* test-form-load.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loading forms: what is refused and where (unsupported features with
 * their line, cycles, broken forms), and hostile files refused cheaply.
 */

#include "config.h"

#include "form-test-util.h"

/* A form with @model_extra after the primary instance, @binds, and @body;
 * the primary instance is on lines 9-17. */
static char *
make_form (const char *model_extra,
           const char *binds,
           const char *body)
{
  return g_strdup_printf (
    "<?xml version=\"1.0\"?>\n"                                              /* 1 */
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\"\n" /* 2 */
    "        xmlns:jr=\"http://openrosa.org/javarosa\" xmlns:orx=\"http://openrosa.org/xforms\"\n" /* 3 */
    "        xmlns:odk=\"http://www.opendatakit.org/xforms\">\n"             /* 4 */
    "<h:head>\n"                                                             /* 5 */
    "<h:title>T</h:title>\n"                                                 /* 6 */
    "<model>\n"                                                              /* 7 */
    "<instance>\n"                                                           /* 8 */
    "<data id=\"t\" version=\"1\">\n"                                        /* 9 */
    "<a/>\n"                                                                 /* 10 */
    "<b/>\n"                                                                 /* 11 */
    "<g>\n"                                                                  /* 12 */
    "<x/>\n"                                                                 /* 13 */
    "</g>\n"                                                                 /* 14 */
    "<meta><instanceID/></meta>\n"                                           /* 15 */
    "</data>\n"                                                              /* 16 */
    "</instance>\n"                                                          /* 17 */
    "%s\n"                                                                   /* 18 */
    "%s\n"                                                                   /* 19 */
    "</model>\n"                                                             /* 20 */
    "</h:head>\n"                                                            /* 21 */
    "<h:body>\n"                                                             /* 22 */
    "%s\n"                                                                   /* 23 */
    "</h:body>\n"
    "</h:html>\n",
    model_extra, binds, body);
}

static LalanForm *
load_text (const char  *text,
           GPtrArray  **problems,
           GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return lalan_form_load (bytes, problems, error);
}

static void
assert_refused (const char *model_extra,
                const char *binds,
                const char *body,
                int         code,
                guint       line,
                const char *fragment)
{
  g_autofree char *text = make_form (model_extra, binds, body);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LalanForm) form = load_text (text, &problems, &error);
  LalanFormProblem *first;

  if (form != NULL)
    g_error ("accepted a form with: %s %s %s", model_extra, binds, body);
  g_assert_nonnull (error);
  g_assert_true (error->domain == LALAN_FORM_ERROR);
  if (error->code != code)
    g_error ("code %d, expected %d: %s", error->code, code, error->message);
  g_assert_cmpuint (problems->len, >=, 1);
  first = g_ptr_array_index (problems, 0);
  if (first->line != line)
    g_error ("line %u, expected %u: %s", first->line, line, first->message);
  if (strstr (first->message, fragment) == NULL)
    g_error ("“%s” does not name “%s”", first->message, fragment);
  /* The GError says the same, with the line. */
  {
    g_autofree char *prefix = g_strdup_printf ("Line %u: ", line);

    g_assert_true (g_str_has_prefix (error->message, prefix));
  }
}

static void
test_accepts (void)
{
  g_autofree char *text = make_form ("", "<bind nodeset=\"/data/a\" type=\"int\"/>",
                                     "<input ref=\"/data/a\"><label>A</label></input>\n"
                                     "<group ref=\"/data/g\"><input ref=\"x\"><label>X</label></input></group>");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LalanForm) form = load_text (text, &problems, &error);

  g_assert_no_error (error);
  g_assert_nonnull (form);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpstr (lalan_form_get_id (form), ==, "t");
  g_assert_cmpstr (lalan_form_get_version (form), ==, "1");
  g_assert_cmpstr (lalan_form_get_title (form), ==, "T");
  g_assert_cmpuint (lalan_form_get_n_questions (form), ==, 2);
  g_assert_cmpuint (lalan_form_get_n_groups (form), ==, 1);
  g_assert_cmpuint (lalan_form_get_n_repeats (form), ==, 0);
  g_assert_cmpuint (strlen (lalan_form_get_hash (form)), ==, 64);
  g_assert_null (lalan_form_get_languages (form)[0]);
  g_assert_null (lalan_form_get_default_language (form));
}

static void
test_unsupported (void)
{
  assert_refused ("", "", "<odk:rank ref=\"/data/a\"><label>R</label></odk:rank>",
                  LALAN_FORM_ERROR_UNSUPPORTED, 23, "odk:rank");
  assert_refused ("", "", "<range ref=\"/data/a\" start=\"1\" end=\"5\" step=\"1\"/>",
                  LALAN_FORM_ERROR_UNSUPPORTED, 23, "range");
  assert_refused ("<instance id=\"c\" src=\"jr://file/c.csv\"/>", "", "",
                  LALAN_FORM_ERROR_UNSUPPORTED, 18, "external secondary instance");
  assert_refused ("<odk:setgeopoint event=\"odk-instance-first-load\" ref=\"/data/a\"/>", "", "",
                  LALAN_FORM_ERROR_UNSUPPORTED, 18, "odk:setgeopoint");
  assert_refused ("<submission base64RsaPublicKey=\"MIIB\"/>", "", "",
                  LALAN_FORM_ERROR_UNSUPPORTED, 18, "encrypted");
  assert_refused ("", "<bind nodeset=\"/data/a\" calculate=\"foo(1)\"/>", "",
                  LALAN_FORM_ERROR_UNSUPPORTED, 19, "foo()");
  assert_refused ("", "<bind nodeset=\"/data/a\" calculate=\"/data/b/ancestor::data\"/>", "",
                  LALAN_FORM_ERROR_UNSUPPORTED, 19, "ancestor");
  assert_refused ("", "<bind nodeset=\"/data/a\" jr:preload=\"patient\" jr:preloadParams=\"id\"/>", "",
                  LALAN_FORM_ERROR_UNSUPPORTED, 19, "patient");
  assert_refused ("", "<bind xmlns:e=\"http://www.opendatakit.org/xforms/entities\" nodeset=\"/data/a\" e:saveto=\"name\"/>", "",
                  LALAN_FORM_ERROR_UNSUPPORTED, 19, "e:saveto");
  assert_refused ("<setvalue event=\"xforms-revalidate\" ref=\"/data/a\" value=\"1\"/>", "", "",
                  LALAN_FORM_ERROR_UNSUPPORTED, 18, "xforms-revalidate");
  assert_refused ("", "", "<input ref=\"/data/a\"><label ref=\"/data/b\"/></input>",
                  LALAN_FORM_ERROR_UNSUPPORTED, 23, "jr:itext");
  assert_refused ("", "", "<input ref=\"/data/a\" intent=\"org.example.app\"><label>A</label></input>",
                  LALAN_FORM_ERROR_UNSUPPORTED, 23, "intent");
  assert_refused ("", "", "<select1 ref=\"/data/a\"><label>A</label><itemset nodeset=\"randomize(/data/g)/x\"><value ref=\"x\"/><label ref=\"x\"/></itemset></select1>",
                  LALAN_FORM_ERROR_UNSUPPORTED, 23, "randomize");
  assert_refused ("<itext><translation lang=\"en\"><text id=\"t\"><value form=\"smell\">x</value></text></translation></itext>",
                  "", "", LALAN_FORM_ERROR_UNSUPPORTED, 18, "smell");
  assert_refused ("", "<bind nodeset=\"/data/a\" calculate=\"$v + 1\"/>", "",
                  LALAN_FORM_ERROR_UNSUPPORTED, 19, "$v");
  assert_refused ("", "<bind nodeset=\"/data/g/@id\" calculate=\"1\"/>", "",
                  LALAN_FORM_ERROR_UNSUPPORTED, 19, "plain path");
}

static void
test_invalid (void)
{
  assert_refused ("", "<bind nodeset=\"/data/zz\" type=\"int\"/>", "",
                  LALAN_FORM_ERROR_EXPRESSION, 19, "/data/zz");
  assert_refused ("", "<bind nodeset=\"/data/a\" relevant=\"/data/b = \"/>", "",
                  LALAN_FORM_ERROR_EXPRESSION, 19, "/data/b =");
  assert_refused ("", "<bind nodeset=\"/data/a\" calculate=\"/data/g/y\"/>", "",
                  LALAN_FORM_ERROR_EXPRESSION, 19, "“y”");
  assert_refused ("", "<bind nodeset=\"/data/a\" calculate=\"round(1, 2, 3)\"/>", "",
                  LALAN_FORM_ERROR_EXPRESSION, 19, "round()");
  assert_refused ("", "<bind nodeset=\"/data/a\" calculate=\"instance('nope')/root\"/>", "",
                  LALAN_FORM_ERROR_EXPRESSION, 19, "nope");
  assert_refused ("", "", "<input ref=\"/data/nowhere\"><label>A</label></input>",
                  LALAN_FORM_ERROR_EXPRESSION, 23, "/data/nowhere");
  assert_refused ("", "", "<input ref=\"/data/g\"><label>G</label></input>",
                  LALAN_FORM_ERROR_INVALID, 23, "/data/g");
  assert_refused ("", "", "<select1 ref=\"/data/a\"><label>A</label></select1>",
                  LALAN_FORM_ERROR_INVALID, 23, "no choices");
  assert_refused ("", "", "<input ref=\"/data/a\"><label ref=\"jr:itext('missing')\"/></input>",
                  LALAN_FORM_ERROR_INVALID, 23, "missing");
  assert_refused ("<instance id=\"s\"><root/></instance><instance id=\"s\"><root/></instance>", "", "",
                  LALAN_FORM_ERROR_INVALID, 18, "“s”");
  /* Answers live in leaves: nothing may overwrite a group. */
  assert_refused ("", "<bind nodeset=\"/data/g\" calculate=\"'x'\"/>", "",
                  LALAN_FORM_ERROR_INVALID, 19, "/data/g");
  assert_refused ("", "<bind nodeset=\"/data/g\" jr:preload=\"uid\"/>", "",
                  LALAN_FORM_ERROR_INVALID, 19, "/data/g");
  assert_refused ("<setvalue event=\"odk-instance-first-load\" ref=\"/data/g\" value=\"1\"/>", "", "",
                  LALAN_FORM_ERROR_INVALID, 18, "/data/g");
}

static void
test_cycles (void)
{
  /* Two calculations reading each other. */
  assert_refused ("",
                  "<bind nodeset=\"/data/a\" calculate=\"/data/b + 1\"/><bind nodeset=\"/data/b\" calculate=\"/data/a + 1\"/>",
                  "", LALAN_FORM_ERROR_CYCLE, 10, "calculate /data/a");
  /* One reading itself. */
  assert_refused ("", "<bind nodeset=\"/data/a\" calculate=\". + 1\"/>", "",
                  LALAN_FORM_ERROR_CYCLE, 10, "calculate /data/a (line 19) → calculate /data/a");
  /* A group whose relevance reads what it hides. */
  assert_refused ("", "<bind nodeset=\"/data/g\" relevant=\"/data/g/x = 'y'\"/>", "",
                  LALAN_FORM_ERROR_CYCLE, 12, "relevant /data/g");
  /* Through a relevance and a calculation. */
  assert_refused ("",
                  "<bind nodeset=\"/data/a\" relevant=\"/data/b != ''\"/><bind nodeset=\"/data/b\" calculate=\"concat(/data/a, 'x')\"/>",
                  "", LALAN_FORM_ERROR_CYCLE, 10, "/data/b");
}

static void
test_repeat_without_repeat (void)
{
  const char *text =
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\">"
    "<h:head><model><instance><data id=\"r\"><p/><p/></data></instance></model></h:head>"
    "<h:body/></h:html>";
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanForm) form = load_text (text, NULL, &error);

  g_assert_null (form);
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "/data/p"));
}

static void
test_all_problems_listed (void)
{
  g_autofree char *text = make_form ("",
                                     "<bind nodeset=\"/data/a\" calculate=\"foo()\"/>"
                                     "<bind nodeset=\"/data/b\" calculate=\"bar()\"/>",
                                     "<odk:rank ref=\"/data/a\"/>");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanForm) form = load_text (text, &problems, &error);

  g_assert_null (form);
  g_assert_cmpuint (problems->len, ==, 3);
}

static void
test_not_an_xform (void)
{
  static const char utf16[] = "\xff\xfe<\x00a\x00/\x00>\x00";
  static const char *const texts[] = {
    "",
    "   ",
    "<html/>",
    "<h:html xmlns:h=\"http://www.w3.org/1999/xhtml\"><h:head/></h:html>",
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\"><h:head><model/></h:head><h:body/></h:html>",
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\"><h:head><model><instance><data/></instance></model></h:head><h:body/></h:html>",
    "<unclosed",
    utf16,
    "<a>\xc3\x28</a>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      gsize size = texts[i] == utf16 ? sizeof utf16 - 1 : strlen (texts[i]);
      g_autoptr(GBytes) bytes = g_bytes_new (texts[i], size);
      g_autoptr(LalanForm) form = lalan_form_new_from_bytes (bytes, &error);

      g_assert_null (form);
      g_assert_nonnull (error);
      g_assert_true (error->domain == LALAN_FORM_ERROR);
    }
}

static void
assert_hostile (const char *text,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  gint64 start = g_get_monotonic_time ();
  g_autoptr(LalanForm) form = lalan_form_new_from_bytes (bytes, &error);
  gint64 elapsed = g_get_monotonic_time () - start;

  g_assert_null (form);
  g_assert_error (error, LALAN_FORM_ERROR, code);
  /* Refused cheaply: long before any expansion could run. */
  g_assert_cmpint (elapsed, <, G_USEC_PER_SEC / 2);
}

static void
test_hostile (void)
{
  GString *deep = g_string_new ("<a>");

  /* The billion laughs. */
  assert_hostile ("<?xml version=\"1.0\"?>\n"
                  "<!DOCTYPE lolz [\n"
                  " <!ENTITY lol \"lol\">\n"
                  " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
                  " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
                  " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
                  " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
                  " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
                  " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
                  " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
                  " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
                  " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
                  "]>\n"
                  "<h:html xmlns:h=\"http://www.w3.org/1999/xhtml\">&lol9;</h:html>\n",
                  LALAN_FORM_ERROR_UNSAFE);

  /* An external entity: reading a local file. */
  assert_hostile ("<?xml version=\"1.0\"?>\n"
                  "<!DOCTYPE data [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                  "<data>&xxe;</data>\n",
                  LALAN_FORM_ERROR_UNSAFE);

  /* An external DTD over the network. */
  assert_hostile ("<?xml version=\"1.0\"?>\n"
                  "<!DOCTYPE html SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n"
                  "<html/>\n",
                  LALAN_FORM_ERROR_UNSAFE);

  /* Nesting deeper than anything a form needs. */
  for (int i = 0; i < 100000; i++)
    g_string_append (deep, "<a>");
  assert_hostile (deep->str, LALAN_FORM_ERROR_INVALID);
  g_string_truncate (deep, 0);
  for (int i = 0; i < LALAN_FORM_MAX_DEPTH + 5; i++)
    g_string_append (deep, "<a>");
  for (int i = 0; i < LALAN_FORM_MAX_DEPTH + 5; i++)
    g_string_append (deep, "</a>");
  assert_hostile (deep->str, LALAN_FORM_ERROR_TOO_LARGE);
  g_string_free (deep, TRUE);

  /* Too large: refused before parsing. */
  {
    gsize size = LALAN_FORM_MAX_BYTES + 1;
    char *big = g_malloc (size);
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(LalanForm) form = NULL;

    memset (big, ' ', size);
    memcpy (big, "<a>", 3);
    bytes = g_bytes_new_take (big, size);
    form = lalan_form_new_from_bytes (bytes, &error);
    g_assert_null (form);
    g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_TOO_LARGE);
  }
}

static void
test_bundled_fixtures (void)
{
  static const char *const fixtures[] = {
    "basic.xml", "functions.xml", "repeats.xml", "cascade.xml", "itext.xml",
    "events.xml", "relevance.xml", "types.xml",
  };

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autoptr(LalanForm) form = form_test_load (fixtures[i]);

      g_assert_cmpstr (lalan_form_get_id (form), !=, "");
    }
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);

  g_test_add_func ("/form-load/accepts", test_accepts);
  g_test_add_func ("/form-load/unsupported", test_unsupported);
  g_test_add_func ("/form-load/invalid", test_invalid);
  g_test_add_func ("/form-load/cycles", test_cycles);
  g_test_add_func ("/form-load/repeat-without-repeat", test_repeat_without_repeat);
  g_test_add_func ("/form-load/all-problems-listed", test_all_problems_listed);
  g_test_add_func ("/form-load/not-an-xform", test_not_an_xform);
  g_test_add_func ("/form-load/hostile", test_hostile);
  g_test_add_func ("/form-load/bundled-fixtures", test_bundled_fixtures);

  return g_test_run ();
}
