/* test-cli-form.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lalan-cli form check` and `lalan-cli form fill`: outputs and exit
 * statuses (0 done, 1 a problem, 2 answers refused or violations).
 */

#include "config.h"

#include "lalan-test.h"

#include "lalan-store.h"

#include <glib/gstdio.h>
#include <string.h>

static const char *
fixture (const char *name)
{
  static char path[4096];
  g_autofree char *relative = g_strdup_printf ("tests/forms/%s", name);

  g_strlcpy (path, lalan_test_source_path (relative), sizeof path);
  return path;
}

static char *
last_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);

  while (n > 0 && lines[n - 1][0] == '\0')
    n--;
  return n > 0 ? g_strdup (lines[n - 1]) : g_strdup ("");
}

static void
test_check (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = lalan_test_run_cli (&out, &err, "form", "check", fixture ("cascade.xml"), NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "cascade\n"));
  g_assert_nonnull (strstr (out, "2024-05\n"));
  g_assert_nonnull (strstr (out, "zh-TW (default), English\n"));
  g_assert_true (g_regex_match_simple ("Questions +4\n", out, 0, 0));
  g_assert_true (g_regex_match_simple ("Groups +0\n", out, 0, 0));

  /* Without a language asked for, Lalan speaks Traditional Chinese. */
  g_clear_pointer (&out, g_free);
  g_setenv ("LANGUAGE", "", TRUE);
  status = lalan_test_run_cli (&out, NULL, "form", "check", fixture ("cascade.xml"), NULL);
  g_setenv ("LANGUAGE", "en", TRUE);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "zh-TW（預設）, English\n"));
}

static void
test_check_problems (void)
{
  g_autofree char *dir = lalan_test_make_tmp_dir ("cli-form");
  g_autofree char *path = g_build_filename (dir, "bad.xml", NULL);
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;
  const char *text =
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\"\n"
    "        xmlns:odk=\"http://www.opendatakit.org/xforms\">\n"
    "<h:head><model><instance><data id=\"bad\"><a/><b/></data></instance>\n"
    "<bind nodeset=\"/data/a\" calculate=\"pulldata('x')\"/>\n"
    "</model></h:head><h:body>\n"
    "<odk:rank ref=\"/data/b\"/>\n"
    "</h:body></h:html>\n";
  int status;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  status = lalan_test_run_cli (&out, NULL, "form", "check", path, NULL);
  g_assert_cmpint (status, ==, 1);
  expected = g_strdup_printf ("%s:4: The calculate of /data/a cannot be used: the expression “pulldata('x')” calls “pulldata()” with the wrong number of arguments.\n"
                              "%s:6: The form uses the element <odk:rank>, which Lalan does not support.\n",
                              path, path);
  g_assert_cmpstr (out, ==, expected);

  status = lalan_test_run_cli (NULL, NULL, "form", "check", "/nonexistent/form.xml", NULL);
  g_assert_cmpint (status, ==, 1);
  status = lalan_test_run_cli (NULL, NULL, "form", "check", NULL);
  g_assert_cmpint (status, ==, 64);

  lalan_test_remove_tree (dir);
}

static void
test_fill (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *id = NULL;
  g_autofree char *expected = NULL;
  int status;

  /* --add-repeat and --set act in the order given. */
  status = lalan_test_run_cli (&out, &err, "form", "fill", fixture ("repeats.xml"),
                               "--set", "/data/hh_size=1",
                               "--set", "/data/member[1]/name=Ana",
                               "--add-repeat", "/data/visit",
                               "--set", "/data/visit[1]/when=2024-05-02",
                               "--add-repeat", "/data/visit",
                               "--set", "/data/visit[2]/note=again",
                               "--finalize", "--print", NULL);
  g_assert_cmpint (status, ==, 0);
  id = last_line (out);
  g_assert_true (g_str_has_prefix (id, "uuid:"));
  expected = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                              "<data id=\"repeats\" version=\"1\"><hh_size>1</hh_size>"
                              "<member><name>Ana</name><age/><adult/><pos>1</pos><greet>member 1</greet></member>"
                              "<n_adults>0</n_adults><total_age/><second_name/>"
                              "<visit><when>2024-05-02</when><note>first visit</note></visit>"
                              "<visit><when/><note>again</note></visit><n_visits>2</n_visits>"
                              "<meta><instanceID>%s</instanceID></meta></data>\n"
                              "%s\n", id, id);
  g_assert_cmpstr (out, ==, expected);
}

static void
test_fill_saves_records (void)
{
  g_autofree char *out = NULL;
  g_autofree char *id = NULL;
  g_autofree char *draft_id = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *dir = lalan_test_make_tmp_dir ("cli-form");
  g_autofree char *changed = g_build_filename (dir, "repeats.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(LalanRecord) record = NULL;
  g_autoptr(LalanRecord) draft = NULL;
  g_autoptr(GPtrArray) forms = NULL;
  int status;

  status = lalan_test_run_cli (&out, NULL, "form", "fill", fixture ("basic.xml"),
                               "--set", "/data/name=Ana", "--set", "/data/age=41",
                               "--finalize", "--print", NULL);
  g_assert_cmpint (status, ==, 0);
  id = last_line (out);

  store = lalan_store_open (NULL, &error);
  g_assert_no_error (error);
  record = lalan_store_get_record (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lalan_record_get_state (record), ==, LALAN_RECORD_STATE_FINALIZED);
  g_assert_cmpstr (lalan_record_get_form_id (record), ==, "basic");
  g_assert_cmpstr (lalan_record_get_form_version (record), ==, "3");
  /* The store has exactly the instance that was printed. */
  xml = g_strconcat (lalan_record_get_instance_xml (record), id, "\n", NULL);
  g_assert_cmpstr (xml, ==, out);
  g_assert_nonnull (strstr (out, "<age>41</age><adult>yes</adult>"));

  /* The form version the record uses is kept. */
  forms = lalan_store_list_forms (store, FALSE, &error);
  g_assert_no_error (error);
  {
    gboolean found = FALSE;

    for (guint i = 0; i < forms->len; i++)
      {
        LalanFormInfo *info = g_ptr_array_index (forms, i);

        if (g_str_equal (info->form_id, "basic") && g_str_equal (info->version, "3"))
          {
            found = TRUE;
            g_assert_true (g_str_has_prefix (info->hash, "sha256:"));
          }
      }
    g_assert_true (found);
  }

  /* Once registered, a form can be filled by its id; without --finalize
   * the record is a draft. */
  g_clear_pointer (&out, g_free);
  status = lalan_test_run_cli (&out, NULL, "form", "fill", "basic", "--set", "/data/name=Bo", NULL);
  g_assert_cmpint (status, ==, 0);
  draft_id = last_line (out);
  draft = lalan_store_get_record (store, draft_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lalan_record_get_state (draft), ==, LALAN_RECORD_STATE_DRAFT);

  /* A form changed without a new version is refused by the store. */
  {
    g_autofree char *text = NULL;
    g_autoptr(GString) edited = NULL;

    g_assert_true (g_file_get_contents (fixture ("repeats.xml"), &text, NULL, NULL));
    status = lalan_test_run_cli (NULL, NULL, "form", "fill", fixture ("repeats.xml"), NULL);
    g_assert_cmpint (status, ==, 0);
    edited = g_string_new (text);
    g_string_replace (edited, "<h:title>Repeats</h:title>", "<h:title>Repeats, edited</h:title>", 1);
    g_assert_true (g_file_set_contents (changed, edited->str, -1, NULL));
    status = lalan_test_run_cli (NULL, NULL, "form", "fill", changed, NULL);
    g_assert_cmpint (status, ==, 1);
  }

  lalan_store_close (store);
  lalan_test_remove_tree (dir);
}

static void
test_fill_violations (void)
{
  g_autofree char *out = NULL;
  int status;

  status = lalan_test_run_cli (&out, NULL, "form", "fill", fixture ("itext.xml"),
                               "--lang", "English",
                               "--set", "/data/name=Ana", "--set", "/data/age=200",
                               "--finalize", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (out, ==, "/data/age: Ana cannot be 200.\n");

  g_clear_pointer (&out, g_free);
  status = lalan_test_run_cli (&out, NULL, "form", "fill", fixture ("cascade.xml"), "--finalize", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (out, ==,
                   "/data/county: This answer is required.\n"
                   "/data/town: This answer is required.\n");
}

static void
test_fill_refused (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = lalan_test_run_cli (&out, &err, "form", "fill", fixture ("basic.xml"),
                               "--set", "/data/age=old", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (err, ==, "/data/age: “old” is not a whole number.\n");

  g_clear_pointer (&err, g_free);
  status = lalan_test_run_cli (NULL, &err, "form", "fill", fixture ("basic.xml"),
                               "--set", "/data/nowhere=1", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (err, ==, "/data/nowhere: The form has no node at /data/nowhere.\n");

  status = lalan_test_run_cli (NULL, NULL, "form", "fill", fixture ("basic.xml"),
                               "--set", "no-equals-sign", NULL);
  g_assert_cmpint (status, ==, 64);

  status = lalan_test_run_cli (NULL, NULL, "form", "fill", fixture ("basic.xml"),
                               "--lang", "Klingon", NULL);
  g_assert_cmpint (status, ==, 1);

  status = lalan_test_run_cli (NULL, NULL, "form", "fill", fixture ("repeats.xml"),
                               "--add-repeat", "/data/member", NULL);
  g_assert_cmpint (status, ==, 2);

  status = lalan_test_run_cli (NULL, NULL, "form", "fill", "no-such-form", NULL);
  g_assert_cmpint (status, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);
  /* The messages these tests compare are the English ones. */
  g_setenv ("LANGUAGE", "en", TRUE);

  g_test_add_func ("/cli-form/check", test_check);
  g_test_add_func ("/cli-form/check-problems", test_check_problems);
  g_test_add_func ("/cli-form/fill", test_fill);
  g_test_add_func ("/cli-form/fill-saves-records", test_fill_saves_records);
  g_test_add_func ("/cli-form/fill-violations", test_fill_violations);
  g_test_add_func ("/cli-form/fill-refused", test_fill_refused);

  return g_test_run ();
}
