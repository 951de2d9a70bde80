/* test-form-controls.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The session as a renderer sees it: the control tree, pages and
 * positions, choices, labels with outputs in each language, notifications.
 */

#include "config.h"

#include "form-test-util.h"

#include "lalan-form-choice.h"
#include "lalan-form-control.h"

static LalanFormControl *
child_at (LalanFormControl *control,
          guint             index)
{
  GListModel *children = lalan_form_control_get_children (control);
  g_autoptr(LalanFormControl) child = g_list_model_get_item (children, index);

  g_assert_nonnull (child);
  /* The tree keeps its own reference. */
  return child;
}

static char *
describe_pages (LalanFormSession *s,
                gboolean          relevant_only)
{
  g_autoptr(GPtrArray) pages = lalan_form_session_list_pages (s, relevant_only);
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();

  for (guint i = 0; i < pages->len; i++)
    g_ptr_array_add (paths, (char *) lalan_form_control_get_position (g_ptr_array_index (pages, i)));
  g_ptr_array_add (paths, NULL);
  return g_strjoinv (" ", (char **) paths->pdata);
}

static char *
describe_choices (LalanFormControl *control)
{
  GListModel *choices = lalan_form_control_get_choices (control);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (choices); i++)
    {
      g_autoptr(LalanFormChoice) choice = g_list_model_get_item (choices, i);

      g_string_append_printf (out, "%s%s=%s", i ? " " : "", lalan_form_choice_get_value (choice),
                              lalan_form_choice_get_label (choice));
    }
  return g_string_free (out, FALSE);
}

static void
test_tree (void)
{
  g_autoptr(LalanFormSession) s = form_test_start ("repeats.xml", NULL);
  LalanFormControl *body = lalan_form_session_get_body (s);
  LalanFormControl *size, *members, *repeat, *instance, *age;
  g_autofree char *pages = NULL;

  g_assert_cmpint (lalan_form_control_get_kind (body), ==, LALAN_FORM_CONTROL_BODY);
  g_assert_cmpuint (g_list_model_get_n_items (lalan_form_control_get_children (body)), ==, 3);

  size = child_at (body, 0);
  g_assert_cmpint (lalan_form_control_get_kind (size), ==, LALAN_FORM_CONTROL_INPUT);
  g_assert_cmpint (lalan_form_control_get_data_type (size), ==, LALAN_FORM_TYPE_INT);
  g_assert_cmpstr (lalan_form_control_get_path (size), ==, "/data/hh_size");
  g_assert_cmpstr (lalan_form_control_get_label (size), ==, "How many people live here?");
  g_assert_true (lalan_form_control_is_page (size));

  members = child_at (body, 1);
  g_assert_cmpint (lalan_form_control_get_kind (members), ==, LALAN_FORM_CONTROL_GROUP);
  g_assert_cmpstr (lalan_form_control_get_label (members), ==, "Members");
  repeat = child_at (members, 0);
  g_assert_cmpint (lalan_form_control_get_kind (repeat), ==, LALAN_FORM_CONTROL_REPEAT);
  g_assert_cmpstr (lalan_form_control_get_path (repeat), ==, "/data/member");
  g_assert_cmpuint (g_list_model_get_n_items (lalan_form_control_get_children (repeat)), ==, 0);
  /* jr:count decides, not the person. */
  g_assert_false (lalan_form_control_can_add (repeat));

  form_test_set (s, "/data/hh_size", "2");
  g_assert_cmpuint (g_list_model_get_n_items (lalan_form_control_get_children (repeat)), ==, 2);
  instance = child_at (repeat, 1);
  g_assert_cmpint (lalan_form_control_get_kind (instance), ==, LALAN_FORM_CONTROL_REPEAT_INSTANCE);
  g_assert_cmpstr (lalan_form_control_get_path (instance), ==, "/data/member[2]");
  g_assert_false (lalan_form_control_can_remove (instance));
  age = child_at (instance, 1);
  g_assert_cmpstr (lalan_form_control_get_path (age), ==, "/data/member[2]/age");
  g_assert_cmpstr (lalan_form_control_get_label (age), ==, "Age of");
  form_test_set (s, "/data/member[2]/name", "Bo");
  g_assert_cmpstr (lalan_form_control_get_label (age), ==, "Age of Bo");
  g_assert_true (lalan_form_session_lookup_control (s, "/data/member[2]/age") == age);

  /* Members' questions are pages; each visit (a field-list) is one page. */
  {
    g_autoptr(GError) error = NULL;
    LalanFormControl *visits = child_at (child_at (body, 2), 0);
    LalanFormControl *added = lalan_form_control_add_instance (visits, &error);

    g_assert_no_error (error);
    g_assert_nonnull (added);
    g_assert_cmpstr (lalan_form_control_get_path (added), ==, "/data/visit[1]");
    g_assert_true (lalan_form_control_can_remove (added));
  }
  pages = describe_pages (s, FALSE);
  g_assert_cmpstr (pages, ==,
                   "/data/hh_size /data/member[1]/name /data/member[1]/age "
                   "/data/member[2]/name /data/member[2]/age /data/visit[1]");
  g_assert_cmpstr (lalan_form_control_get_position (age), ==, "/data/member[2]/age");
}

static void
test_pages_and_positions (void)
{
  g_autoptr(LalanFormSession) s = form_test_start ("relevance.xml", NULL);
  g_autofree char *all = describe_pages (s, FALSE);
  g_autofree char *relevant = NULL;
  g_autofree char *after = NULL;
  LalanFormControl *page, *types;

  /* The field-list group is one page. */
  g_assert_cmpstr (all, ==, "/data/consent /data/home /data/size");
  g_assert_null (lalan_form_session_get_next_page (s, "/data/consent"));
  page = lalan_form_session_get_next_page (s, NULL);
  g_assert_cmpstr (lalan_form_control_get_path (page), ==, "/data/consent");

  form_test_set (s, "/data/consent", "yes");
  page = lalan_form_session_get_next_page (s, "/data/consent");
  g_assert_cmpstr (lalan_form_control_get_path (page), ==, "/data/home");
  g_assert_cmpint (lalan_form_control_get_kind (page), ==, LALAN_FORM_CONTROL_GROUP);
  types = lalan_form_session_lookup_control (s, "/data/home/types");
  g_assert_false (lalan_form_control_get_relevant (types));
  g_assert_true (lalan_form_control_get_page (types) == page);
  g_assert_cmpstr (lalan_form_control_get_position (types), ==, "/data/home");

  /* A draft resumes on the page it was left at. */
  g_assert_true (lalan_form_session_find_page (s, "/data/home") == page);
  g_assert_null (lalan_form_session_find_page (s, "/data/nowhere"));
  page = lalan_form_session_get_previous_page (s, "/data/size");
  g_assert_cmpstr (lalan_form_control_get_path (page), ==, "/data/home");

  /* Violations of one page, to check it before moving on. */
  {
    g_autoptr(GPtrArray) on_home = lalan_form_session_get_page_violations (s, "/data/home");
    LalanFormViolation *violation;

    g_assert_cmpuint (on_home->len, ==, 1);
    violation = g_ptr_array_index (on_home, 0);
    g_assert_cmpstr (violation->path, ==, "/data/home/internet");
    g_assert_cmpstr (violation->position, ==, "/data/home");
    g_assert_cmpint (violation->kind, ==, LALAN_FORM_VIOLATION_REQUIRED);
  }

  form_test_set (s, "/data/consent", "no");
  relevant = describe_pages (s, TRUE);
  g_assert_cmpstr (relevant, ==, "/data/consent");
  g_assert_null (lalan_form_session_get_next_page (s, "/data/consent"));
  form_test_set (s, "/data/consent", "yes");
  form_test_set (s, "/data/home/internet", "yes");
  g_assert_true (lalan_form_control_get_relevant (types));
  g_assert_true (lalan_form_control_get_required (types));
  after = describe_pages (s, TRUE);
  g_assert_cmpstr (after, ==, "/data/consent /data/home /data/size");
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_choices_and_languages (void)
{
  g_autoptr(LalanFormSession) s = form_test_start ("cascade.xml", NULL);
  LalanFormControl *county = lalan_form_session_lookup_control (s, "/data/county");
  LalanFormControl *town = lalan_form_session_lookup_control (s, "/data/town");
  LalanFormControl *village = lalan_form_session_lookup_control (s, "/data/village");
  LalanFormControl *devices = lalan_form_session_lookup_control (s, "/data/devices");
  g_autofree char *counties = describe_choices (county);
  g_autofree char *no_towns = describe_choices (town);
  g_autofree char *towns = NULL;
  g_autofree char *english = NULL;
  g_autofree char *device_labels = NULL;
  g_autoptr(GError) error = NULL;
  guint town_value_notes = 0;

  g_assert_cmpstr (counties, ==, "65000=新北市 68000=桃園市 10004=新竹縣");
  g_assert_cmpstr (no_towns, ==, "");
  g_assert_true (lalan_form_control_has_appearance (village, "minimal"));
  g_assert_cmpint (lalan_form_control_get_kind (devices), ==, LALAN_FORM_CONTROL_SELECT_MANY);

  g_signal_connect (town, "notify::value", G_CALLBACK (notify_count_cb), &town_value_notes);
  g_assert_true (lalan_form_control_set_value (county, "10004", &error));
  g_assert_no_error (error);
  towns = describe_choices (town);
  g_assert_cmpstr (towns, ==, "10004120=尖石鄉 10004130=五峰鄉");
  g_assert_true (lalan_form_control_set_value (town, "10004130", &error));
  g_assert_cmpuint (town_value_notes, ==, 1);
  g_assert_cmpstr (lalan_form_control_get_value (town), ==, "10004130");

  g_assert_true (lalan_form_session_set_language (s, "English", &error));
  g_assert_no_error (error);
  english = describe_choices (county);
  g_assert_cmpstr (english, ==, "65000=New Taipei City 68000=Taoyuan City 10004=Hsinchu County");
  device_labels = describe_choices (devices);
  g_assert_cmpstr (device_labels, ==, "none=None phone=Phone laptop=Laptop");

  /* A filter's parent changes: the dropped answer is notified too. */
  g_assert_true (lalan_form_control_set_value (county, "65000", &error));
  g_assert_cmpstr (lalan_form_control_get_value (town), ==, "");
  g_assert_cmpuint (town_value_notes, ==, 2);
  g_assert_false (lalan_form_control_get_valid (town));
  g_assert_cmpstr (lalan_form_control_get_violation (town), ==, "This answer is required.");
}

static void
test_texts (void)
{
  g_autoptr(LalanFormSession) s = form_test_start ("itext.xml", NULL);
  LalanFormControl *name = lalan_form_session_lookup_control (s, "/data/name");
  LalanFormControl *age = lalan_form_session_lookup_control (s, "/data/age");
  LalanFormControl *photo = lalan_form_session_lookup_control (s, "/data/photo");
  g_autoptr(GError) error = NULL;
  g_autofree char *short_name = NULL;
  g_autofree char *guidance = NULL;
  g_autofree char *image = NULL;
  guint label_notes = 0;

  g_assert_cmpstr (lalan_form_control_get_label (name), ==, "你的名字");
  g_assert_cmpstr (lalan_form_control_get_label (age), ==, "幾歲？");
  g_assert_cmpstr (lalan_form_control_get_hint (age), ==, "整數歲數");
  g_assert_cmpint (lalan_form_control_get_kind (photo), ==, LALAN_FORM_CONTROL_UPLOAD);
  g_assert_cmpstr (lalan_form_control_get_mediatype (photo), ==, "image/*");

  g_signal_connect (age, "notify::label", G_CALLBACK (notify_count_cb), &label_notes);
  form_test_set (s, "/data/name", "阿美");
  g_assert_cmpstr (lalan_form_control_get_label (age), ==, "阿美 幾歲？");
  g_assert_cmpuint (label_notes, ==, 1);

  g_assert_true (lalan_form_session_set_language (s, "English", &error));
  g_assert_cmpstr (lalan_form_control_get_label (age), ==, "How old is 阿美?");
  g_assert_cmpuint (label_notes, ==, 2);
  short_name = lalan_form_control_dup_text_form (name, "short");
  g_assert_cmpstr (short_name, ==, "Name");
  guidance = lalan_form_control_dup_text_form (age, "guidance");
  g_assert_cmpstr (guidance, ==, "Ask for the last birthday.");
  image = lalan_form_control_dup_text_form (photo, "image");
  g_assert_cmpstr (image, ==, "jr://images/photo.png");

  /* A language without a text falls back to the default language's. */
  {
    g_autofree char *zh_guidance = NULL;

    g_assert_true (lalan_form_session_set_language (s, "繁體中文", &error));
    zh_guidance = lalan_form_control_dup_text_form (age, "guidance");
    g_assert_null (zh_guidance);
  }
}

static void
test_detached (void)
{
  g_autoptr(LalanFormSession) s = form_test_start ("repeats.xml", NULL);
  g_autoptr(LalanFormControl) note = NULL;
  g_autoptr(GError) error = NULL;
  LalanFormControl *visits = lalan_form_session_lookup_control (s, "/data/visit");
  LalanFormControl *first;

  g_assert_nonnull (visits);
  first = lalan_form_control_add_instance (visits, &error);
  g_assert_no_error (error);
  lalan_form_control_add_instance (visits, &error);
  g_assert_no_error (error);
  note = g_object_ref (lalan_form_session_lookup_control (s, "/data/visit[1]/note"));

  g_assert_true (lalan_form_control_remove (first, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (lalan_form_control_get_children (visits)), ==, 1);
  /* The second visit moved up, and says so. */
  g_assert_nonnull (lalan_form_session_lookup_control (s, "/data/visit[1]/note"));
  g_assert_null (lalan_form_session_lookup_control (s, "/data/visit[2]/note"));
  /* A control of the removed instance stays an object, but inert. */
  g_assert_false (lalan_form_control_set_value (note, "x", &error));
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);

  g_test_add_func ("/form-controls/tree", test_tree);
  g_test_add_func ("/form-controls/pages-and-positions", test_pages_and_positions);
  g_test_add_func ("/form-controls/choices-and-languages", test_choices_and_languages);
  g_test_add_func ("/form-controls/texts", test_texts);
  g_test_add_func ("/form-controls/detached", test_detached);

  return g_test_run ();
}
