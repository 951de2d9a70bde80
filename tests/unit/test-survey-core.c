/* test-survey-core.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GTK-free parts of the Survey area: labels' Markdown as ODK renders
 * it, the records list's summaries, and the draft saver that keeps every
 * answer on disk within a second.
 */

#include "config.h"

#include "lalan-test.h"

#include "lalan-bundled-forms.h"
#include "lalan-draft-saver.h"
#include "lalan-form-control.h"
#include "lalan-form-markdown.h"
#include "lalan-store.h"

#include <string.h>

static void
assert_markup (const char *markdown,
               const char *pango,
               const char *plain)
{
  g_autofree char *markup = lalan_form_markdown_to_pango (markdown);
  g_autofree char *text = lalan_form_markdown_to_plain (markdown);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (markup, ==, pango);
  g_assert_cmpstr (text, ==, plain);
  /* Whatever a form writes, the markup is well formed (Pango markup is
   * XML: an unbalanced tag would leave the label empty). */
  {
    static const GMarkupParser parser = { NULL };
    g_autofree char *wrapped = g_strconcat ("<markup>", markup, "</markup>", NULL);
    g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, NULL, NULL);

    g_assert_true (g_markup_parse_context_parse (context, wrapped, -1, &error));
    g_assert_true (g_markup_parse_context_end_parse (context, &error));
    g_assert_no_error (error);
  }
}

static void
test_markdown (void)
{
  assert_markup ("**個人資料蒐集告知**\n\n您好！", "<b>個人資料蒐集告知</b>\n\n您好！", "個人資料蒐集告知\n\n您好！");
  assert_markup ("1. **Who collects**: the CIP.", "1. <b>Who collects</b>: the CIP.", "1. Who collects: the CIP.");
  assert_markup ("*only* if _you_ agree", "<i>only</i> if <i>you</i> agree", "only if you agree");
  assert_markup ("__strong__ and ***both***", "<b>strong</b> and <b><i>both</i></b>", "strong and both");
  assert_markup ("# Title\n## Part", "<span size=\"xx-large\" weight=\"bold\">Title</span>\n"
                                     "<span size=\"x-large\" weight=\"bold\">Part</span>", "Title\nPart");
  assert_markup ("See [the notice](https://www.cip.gov.tw/)", "See <a href=\"https://www.cip.gov.tw/\">the notice</a>",
                 "See the notice");
  /* Not markup: unmatched markers, snake_case, arithmetic, escapes. */
  assert_markup ("a * b = c", "a * b = c", "a * b = c");
  assert_markup ("**unclosed", "**unclosed", "**unclosed");
  assert_markup ("age_12_17 and not_applicable", "age_12_17 and not_applicable", "age_12_17 and not_applicable");
  assert_markup ("\\*literal\\* <b> & co", "*literal* &lt;b&gt; &amp; co", "*literal* <b> & co");
  assert_markup ("#no heading", "#no heading", "#no heading");
  assert_markup (NULL, "", "");
}

static void
test_summary (void)
{
  int percent = 0;
  g_autofree char *summary = lalan_draft_summary_format ("尖石鄉 玉峰村 2026-11-29", 40);
  g_autofree char *name = lalan_draft_summary_parse (summary, &percent);
  g_autofree char *plain = lalan_draft_summary_parse ("尖石鄉 · 2026", &percent);
  g_autofree char *empty = lalan_draft_summary_format (NULL, 5);
  g_autofree char *empty_name = lalan_draft_summary_parse (empty, &percent);
  g_autofree char *finalized = lalan_draft_summary_format ("尖石鄉", -1);

  g_assert_cmpstr (summary, ==, "尖石鄉 玉峰村 2026-11-29 · 40%");
  g_assert_cmpstr (name, ==, "尖石鄉 玉峰村 2026-11-29");
  g_assert_cmpstr (plain, ==, "尖石鄉 · 2026");
  g_assert_cmpint (percent, ==, 5);
  g_assert_cmpstr (empty_name, ==, "");
  g_assert_cmpstr (finalized, ==, "尖石鄉");
}

/* Saver ----------------------------------------------------------------- */

static const char form_xml[] =
  "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\""
  " xmlns:jr=\"http://openrosa.org/javarosa\" xmlns:orx=\"http://openrosa.org/xforms\">"
  "<h:head><h:title>Saver</h:title><model>"
  "<instance><data id=\"saver\" version=\"1\"><name/><age/><meta><instanceID/><instanceName/></meta></data></instance>"
  "<bind nodeset=\"/data/name\" type=\"string\"/>"
  "<bind nodeset=\"/data/age\" type=\"int\"/>"
  "<bind nodeset=\"/data/meta/instanceID\" type=\"string\" readonly=\"true()\" jr:preload=\"uid\"/>"
  "<bind nodeset=\"/data/meta/instanceName\" type=\"string\" calculate=\"concat('Name ', /data/name)\"/>"
  "</model></h:head><h:body>"
  "<input ref=\"/data/name\"><label>Name</label></input>"
  "<input ref=\"/data/age\"><label>Age</label></input>"
  "</h:body></h:html>";

static gboolean
saver_idle (gpointer data)
{
  return !lalan_draft_saver_get_pending (data);
}

static void
wait_until (gboolean (*done) (gpointer),
            gpointer   data,
            guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_true (done (data));
}

static void
test_saver (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lalan_test_make_tmp_dir ("saver");
  g_autofree char *path = g_build_filename (dir, "saver.db", NULL);
  g_autoptr(LalanStore) store = lalan_store_open (path, &error);
  g_autoptr(GBytes) bytes = g_bytes_new_static (form_xml, strlen (form_xml));
  g_autoptr(LalanForm) form = lalan_form_new_from_bytes (bytes, &error);
  g_autoptr(LalanFormSession) session = NULL;
  g_autoptr(LalanDraftSaver) saver = NULL;
  g_autoptr(LalanRecord) record = NULL;
  const char *id;
  gint64 start;

  g_assert_no_error (error);
  g_assert_true (lalan_store_register_form (store, "saver", "1", "none", form_xml, "test", &error));
  session = lalan_form_session_new (form, NULL, &error);
  g_assert_no_error (error);
  id = lalan_form_session_get_instance_id (session);
  saver = lalan_draft_saver_new (store, session, FALSE);

  /* Turning a page of an untouched record leaves no draft. */
  lalan_draft_saver_set_position (saver, "/data/name", 0);
  g_assert_false (lalan_draft_saver_get_pending (saver));
  g_assert_null (lalan_store_get_record (store, id, NULL));

  /* An answer is on disk well within a second, with the record's name. */
  start = g_get_monotonic_time ();
  g_assert_true (lalan_form_session_set_value (session, "/data/name", "Lahuy", &error));
  g_assert_true (lalan_draft_saver_get_pending (saver));
  wait_until (saver_idle, saver, 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  record = lalan_store_get_record (store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (lalan_record_get_instance_xml (record), "<name>Lahuy</name>"));
  /* One of the two questions answered, whatever page it is on. */
  g_assert_cmpstr (lalan_record_get_summary (record), ==, "Name Lahuy · 50%");
  g_assert_cmpint (lalan_draft_saver_get_saved_at (saver), ==, lalan_record_get_updated_at (record));
  g_clear_object (&record);

  /* Typing a word is one write, not one per letter. */
  g_assert_true (lalan_form_session_set_value (session, "/data/name", "Lahu", &error));
  g_assert_true (lalan_form_session_set_value (session, "/data/name", "Lah", &error));
  g_assert_true (lalan_form_session_set_value (session, "/data/name", "Lahuy Watan", &error));
  wait_until (saver_idle, saver, 1000);

  /* A page change writes at once, with where to resume. */
  lalan_draft_saver_set_position (saver, "/data/age", 50);
  g_assert_true (lalan_draft_saver_get_pending (saver));
  record = lalan_store_get_record (store, id, &error);   /* queued after the write */
  g_assert_cmpstr (lalan_record_get_resume_position (record), ==, "/data/age");
  g_assert_cmpstr (lalan_record_get_summary (record), ==, "Name Lahuy Watan · 50%");
  g_clear_object (&record);

  /* Flushing writes what is waiting, even when the saver goes away. */
  g_assert_true (lalan_form_session_set_value (session, "/data/age", "42", &error));
  lalan_draft_saver_flush (saver);
  g_clear_object (&saver);
  record = lalan_store_get_record (store, id, &error);
  g_assert_nonnull (strstr (lalan_record_get_instance_xml (record), "<age>42</age>"));
  g_assert_cmpstr (lalan_record_get_summary (record), ==, "Name Lahuy Watan · 100%");
  g_clear_object (&record);

  /* Stopped: the record was finalized, later answers are not drafts. */
  saver = lalan_draft_saver_new (store, session, TRUE);
  g_clear_object (&record);
  record = lalan_store_finalize_record (store, id, NULL, NULL, &error);
  g_assert_no_error (error);
  lalan_draft_saver_stop (saver);
  g_assert_true (lalan_form_session_set_value (session, "/data/age", "43", &error));
  g_assert_false (lalan_draft_saver_get_pending (saver));

  lalan_store_close (store);
  lalan_test_remove_tree (dir);
}

/* A write that fails is reported and tried again: the store closed under
 * the saver stands for a disk that went away. */
static void
on_failed_cb (LalanDraftSaver *saver,
              const GError    *error,
              gpointer         user_data)
{
  gboolean *failed = user_data;

  *failed = TRUE;
  g_assert_nonnull (error->message);
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
test_saver_failure (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lalan_test_make_tmp_dir ("saver");
  g_autofree char *path = g_build_filename (dir, "saver.db", NULL);
  g_autoptr(LalanStore) store = lalan_store_open (path, &error);
  g_autoptr(GBytes) bytes = g_bytes_new_static (form_xml, strlen (form_xml));
  g_autoptr(LalanForm) form = lalan_form_new_from_bytes (bytes, &error);
  g_autoptr(LalanFormSession) session = lalan_form_session_new (form, NULL, &error);
  g_autoptr(LalanDraftSaver) saver = lalan_draft_saver_new (store, session, FALSE);
  gboolean failed = FALSE;

  g_signal_connect (saver, "save-failed", G_CALLBACK (on_failed_cb), &failed);
  lalan_store_close (store);
  g_assert_true (lalan_form_session_set_value (session, "/data/name", "Lahuy", &error));
  wait_until (is_true, &failed, 2000);
  g_assert_nonnull (lalan_draft_saver_get_error (saver));
  /* Still waiting to be written: nothing is dropped. */
  g_assert_true (lalan_draft_saver_get_pending (saver));
  lalan_draft_saver_stop (saver);
  lalan_test_remove_tree (dir);
}

/* A language switch notes a select's text and its choices: the control
 * must keep its references (it was freed under the page showing it). */
static void
test_language_keeps_controls (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) xml = lalan_bundled_forms_load ("lalan_household", &error);
  g_autoptr(LalanForm) form = lalan_form_new_from_bytes (xml, &error);
  g_autoptr(LalanFormSession) session = lalan_form_session_new (form, NULL, &error);
  LalanFormControl *control = lalan_form_session_lookup_control (session, "/data/consent/respondent_age");
  guint before;

  g_assert_no_error (error);
  g_object_ref (control);
  before = G_OBJECT (control)->ref_count;
  g_assert_true (lalan_form_session_set_language (session, "en", &error));
  g_assert_true (lalan_form_session_set_language (session, "zh-TW", &error));
  g_assert_cmpuint (G_OBJECT (control)->ref_count, ==, before);
  g_assert_true (LALAN_IS_FORM_CONTROL (control));
  g_object_unref (control);
}

/* Progress counts the questions that apply and are the person's to
 * answer: not notes, not calculations, not what is not relevant yet. */
static void
test_progress (void)
{
  static const char xml[] =
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\">"
    "<h:head><h:title>Progress</h:title><model>"
    "<instance><data id=\"progress\" version=\"1\"><intro/><uses/><how/><total/><meta><instanceID/></meta></data></instance>"
    "<bind nodeset=\"/data/intro\" type=\"string\" readonly=\"true()\"/>"
    "<bind nodeset=\"/data/uses\" type=\"select1\"/>"
    "<bind nodeset=\"/data/how\" type=\"string\" relevant=\"/data/uses = 'yes'\"/>"
    "<bind nodeset=\"/data/total\" type=\"string\" calculate=\"concat(/data/uses, /data/how)\"/>"
    "</model></h:head><h:body>"
    "<input ref=\"/data/intro\"><label>A note</label></input>"
    "<select1 ref=\"/data/uses\"><label>Uses the internet?</label>"
    "<item><label>Yes</label><value>yes</value></item><item><label>No</label><value>no</value></item></select1>"
    "<input ref=\"/data/how\"><label>How?</label></input>"
    "<input ref=\"/data/total\"><label>Total</label></input>"
    "</h:body></h:html>";
  g_autoptr(GBytes) bytes = g_bytes_new_static (xml, strlen (xml));
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanForm) form = lalan_form_new_from_bytes (bytes, &error);
  g_autoptr(LalanFormSession) session = NULL;

  g_assert_no_error (error);
  session = lalan_form_session_new (form, NULL, &error);
  g_assert_no_error (error);

  /* Only "uses" applies at first. */
  g_assert_cmpint (lalan_form_session_get_progress (session), ==, 0);
  g_assert_true (lalan_form_session_set_value (session, "/data/uses", "no", &error));
  g_assert_cmpint (lalan_form_session_get_progress (session), ==, 100);

  /* "Yes" brings in a question: one of two answered. */
  g_assert_true (lalan_form_session_set_value (session, "/data/uses", "yes", &error));
  g_assert_cmpint (lalan_form_session_get_progress (session), ==, 50);
  g_assert_true (lalan_form_session_set_value (session, "/data/how", "phone", &error));
  g_assert_cmpint (lalan_form_session_get_progress (session), ==, 100);
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);

  g_test_add_func ("/survey-core/markdown", test_markdown);
  g_test_add_func ("/survey-core/summary", test_summary);
  g_test_add_func ("/survey-core/saver", test_saver);
  g_test_add_func ("/survey-core/progress", test_progress);
  g_test_add_func ("/survey-core/saver-failure", test_saver_failure);
  g_test_add_func ("/survey-core/language-keeps-controls", test_language_keeps_controls);

  return g_test_run ();
}
