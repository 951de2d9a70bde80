/* test-records-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The export of a device's records, opened as an analyst would: a zip of
 * CSV tables with a byte order mark, one row per record in the form's
 * table and one per repeat entry with its parent's key, Chinese text and
 * awkward characters intact. Written by `lalan-cli records export` and by
 * lalan_records_export() for a selection.
 */

#include "config.h"

#include "lalan-test.h"

#include "lalan-bundled-forms.h"
#include "lalan-form-session.h"
#include "lalan-records-export.h"
#include "lalan-store.h"

#include <archive.h>
#include <archive_entry.h>
#include <string.h>

#define BOM "\xEF\xBB\xBF"
#define NOTES "訊號在後面的房間會斷，他說 \"很慢\"。\nSecond line"

typedef struct
{
  char *household_a;   /* finalized, 3 people */
  char *household_b;   /* finalized, 1 person */
  char *refusal;       /* finalized, nobody */
  char *draft;         /* a draft, 2 people */
  char *community;     /* finalized */
} Records;

static Records records;

static void
set (LalanFormSession *session,
     const char       *path,
     const char       *value)
{
  g_autoptr(GError) error = NULL;

  if (!lalan_form_session_set_value (session, path, value, &error))
    g_error ("%s: %s", path, error->message);
}

static void
add_person (LalanFormSession *session,
            guint             index,
            const char       *age_band,
            const char       *sex)
{
  g_autofree char *base = g_strdup_printf ("/data/people/person[%u]", index);
  g_autofree char *age = g_strconcat (base, "/age_band", NULL);
  g_autofree char *sex_path = g_strconcat (base, "/sex", NULL);
  g_autofree char *ever = g_strconcat (base, "/ever_used", NULL);
  g_autofree char *never = g_strconcat (base, "/never_reasons", NULL);

  if (index > 1)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *added = lalan_form_session_add_repeat (session, "/data/people/person", &error);

      g_assert_no_error (error);
    }
  set (session, age, age_band);
  set (session, sex_path, sex);
  set (session, ever, "no");
  set (session, never, "no_need");
}

static LalanForm *
bundled_form (const char *form_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) xml = lalan_bundled_forms_load (form_id, &error);
  LalanForm *form;

  g_assert_no_error (error);
  form = lalan_form_new_from_bytes (xml, &error);
  g_assert_no_error (error);
  return form;
}

/* Fills a household: consent, place, an all-offline household of
 * n_people members aged 12+, everything required answered. */
static char *
save_household (LalanStore *store,
                LalanForm  *form,
                guint       n_people,
                gboolean    refuse,
                gboolean    finalize,
                const char *notes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanFormSession) session = NULL;
  g_autoptr(GBytes) draft = NULL;
  g_autoptr(LalanRecord) record = NULL;
  LalanFormSessionOptions options = { .device_id = "lalan:test", .language = "zh-TW" };
  g_autofree char *size = g_strdup_printf ("%u", n_people);

  session = lalan_form_session_new (form, &options, &error);
  g_assert_no_error (error);

  set (session, "/data/place/county", "10004");
  set (session, "/data/place/town", "10004120");
  if (refuse)
    set (session, "/data/consent/consent_survey", "no");
  else
    {
      static const char * const answers[][2] = {
        { "/data/consent/consent_survey", "yes" },
        { "/data/consent/respondent_age", "45_64" },
        { "/data/consent/recontact_consent", "no" },
        { "/data/interview/interviewer", "V017" },
        { "/data/interview/mode", "face_to_face" },
        { "/data/interview/interview_lang", "tay" },
        { "/data/place/village", "10004120006" },
        { "/data/place/gps_consent", "no" },
        { "/data/household/age_0_5", "0" },
        { "/data/household/age_6_11", "0" },
        { "/data/household/age_12_17", "0" },
        { "/data/household/age_65", "0" },
        { "/data/household/respondent_people", "atayal" },
        { "/data/household/home_languages", "tay" },
        { "/data/home/internet_home", "no" },
        { "/data/home/no_internet_reasons", "too_expensive" },
        { "/data/mobile/carriers", "none" },
        { "/data/mobile/signal_indoor", "none" },
        { "/data/mobile/signal_outdoor", "voice_only" },
        { "/data/skills/skills_done", "none" },
        { "/data/skills/confidence", "1" },
        { "/data/skills/security_incidents", "none" },
        { "/data/needs/barrier_1", "cost" },
        { "/data/needs/training_interest", "no" },
        { "/data/needs/device_needs", "smartphone" },
        { "/data/needs/connectivity_needs", "home_broadband" },
        { "/data/participation/egov_use", "no" },
        { "/data/participation/online_participation", "no" },
        { "/data/participation/culture_online", "no" },
        { "/data/participation/household_business_online", "no" },
      };

      for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
        set (session, answers[i][0], answers[i][1]);
      set (session, "/data/household/size", size);
      set (session, "/data/household/age_18_64", size);
      set (session, "/data/household/indigenous_members", size);
      for (guint i = 1; i <= n_people; i++)
        add_person (session, i, i % 2 ? "45_64" : "18_29", i % 2 ? "female" : "male");
      if (notes != NULL)
        set (session, "/data/close/notes", notes);
    }

  draft = lalan_form_session_serialize (session, LALAN_FORM_SERIALIZE_DRAFT);
  record = lalan_store_save_draft (store, lalan_form_session_get_instance_id (session),
                                   "lalan_household", lalan_form_get_version (form),
                                   g_bytes_get_data (draft, NULL),
                                   lalan_form_session_get_instance_name (session), NULL, &error);
  g_assert_no_error (error);

  if (finalize)
    {
      g_autoptr(GBytes) final = NULL;
      g_autoptr(LalanRecord) finalized = NULL;
      g_autofree char *text = NULL;

      if (!lalan_form_session_finalize (session, &error))
        {
          g_autoptr(GPtrArray) violations = lalan_form_session_get_violations (session);

          for (guint i = 0; i < violations->len; i++)
            g_test_message ("%s: %s", ((LalanFormViolation *) g_ptr_array_index (violations, i))->path,
                            ((LalanFormViolation *) g_ptr_array_index (violations, i))->message);
          g_assert_no_error (error);
        }
      final = lalan_form_session_serialize (session, LALAN_FORM_SERIALIZE_SUBMISSION);
      text = g_strndup (g_bytes_get_data (final, NULL), g_bytes_get_size (final));
      finalized = lalan_store_finalize_record (store, lalan_form_session_get_instance_id (session),
                                               text, NULL, &error);
      g_assert_no_error (error);
    }

  return g_strdup (lalan_form_session_get_instance_id (session));
}

static char *
save_community (LalanStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanForm) form = bundled_form ("lalan_community");
  g_autoptr(LalanFormSession) session = lalan_form_session_new (form, NULL, &error);
  g_autoptr(GBytes) xml = NULL;
  g_autoptr(LalanRecord) record = NULL;

  g_assert_no_error (error);
  set (session, "/data/visit/county", "10004");
  set (session, "/data/visit/town", "10004120");
  set (session, "/data/visit/community_name", "司馬庫斯");
  set (session, "/data/consent/consent_body", "community_meeting");
  set (session, "/data/consent/consent_decision", "agreed");
  set (session, "/data/access_points/access_point[1]/ap_name", "部落圖書資訊站");
  g_free (lalan_form_session_add_repeat (session, "/data/access_points/access_point", &error));
  g_assert_no_error (error);
  set (session, "/data/access_points/access_point[2]/ap_name", "教會");

  xml = lalan_form_session_serialize (session, LALAN_FORM_SERIALIZE_DRAFT);
  record = lalan_store_save_draft (store, lalan_form_session_get_instance_id (session),
                                   "lalan_community", lalan_form_get_version (form),
                                   g_bytes_get_data (xml, NULL), NULL, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (lalan_form_session_get_instance_id (session));
}

/* Reading what the analyst gets --------------------------------------- */

static GHashTable *
read_zip (const char *path)
{
  GHashTable *entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  struct archive *archive = archive_read_new ();
  struct archive_entry *entry;

  archive_read_support_format_zip (archive);
  g_assert_cmpint (archive_read_open_filename (archive, path, 16384), ==, ARCHIVE_OK);
  while (archive_read_next_header (archive, &entry) == ARCHIVE_OK)
    {
      GString *text = g_string_new (NULL);
      char buffer[8192];
      la_ssize_t n;

      while ((n = archive_read_data (archive, buffer, sizeof buffer)) > 0)
        g_string_append_len (text, buffer, n);
      g_assert_cmpint (n, ==, 0);
      g_hash_table_insert (entries, g_strdup (archive_entry_pathname_utf8 (entry)),
                           g_string_free (text, FALSE));
    }
  archive_read_free (archive);
  return entries;
}

/* RFC 4180, as a spreadsheet reads it: quoted fields may hold commas,
 * doubled quotes and line breaks. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;

  g_assert_true (g_str_has_prefix (text, BOM));
  p += strlen (BOM);

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++; *p != '\0'; p++)
            {
              if (*p == '"' && p[1] == '"')
                g_string_append_c (field, '"'), p++;
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (field, *p);
            }
        }
      else if (*p == ',')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          p++;
        }
      else if (*p == '\r' && p[1] == '\n')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          g_ptr_array_add (fields, NULL);
          g_ptr_array_add (rows, g_ptr_array_steal (fields, NULL));
          g_ptr_array_set_free_func (fields, g_free);
          p += 2;
        }
      else
        g_string_append_c (field, *p++);
    }
  g_assert_cmpuint (fields->len, ==, 0);
  return rows;
}

static int
column (GStrv        header,
        const char  *name)
{
  for (guint i = 0; header[i] != NULL; i++)
    if (g_str_equal (header[i], name))
      return i;
  g_error ("no column %s", name);
  return -1;
}

static GStrv
row_with_key (GPtrArray  *rows,
              const char *key)
{
  int k = column (g_ptr_array_index (rows, 0), "KEY");

  for (guint i = 1; i < rows->len; i++)
    {
      GStrv row = g_ptr_array_index (rows, i);

      if (g_str_equal (row[k], key))
        return row;
    }
  return NULL;
}

static guint
count_children (GPtrArray  *rows,
                const char *parent)
{
  int p = column (g_ptr_array_index (rows, 0), "PARENT_KEY");
  guint n = 0;

  for (guint i = 1; i < rows->len; i++)
    n += g_str_equal (((GStrv) g_ptr_array_index (rows, i))[p], parent);
  return n;
}

static void
setup_records (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanStore) store = lalan_store_open (NULL, &error);
  g_autoptr(LalanForm) household = bundled_form ("lalan_household");

  g_assert_no_error (error);
  g_assert_true (lalan_bundled_forms_register (store, NULL, &error));
  g_assert_no_error (error);

  records.household_a = save_household (store, household, 3, FALSE, TRUE, NOTES);
  records.household_b = save_household (store, household, 1, FALSE, TRUE, "Fibre reaches the church only.");
  records.refusal = save_household (store, household, 0, TRUE, TRUE, NULL);
  records.draft = save_household (store, household, 2, FALSE, FALSE, NULL);
  records.community = save_community (store);
  lalan_store_close (store);
}

static void
test_cli_export (void)
{
  g_autofree char *dir = lalan_test_make_tmp_dir ("export");
  g_autofree char *zip = g_build_filename (dir, "households.zip", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GHashTable) entries = NULL;
  g_autoptr(GPtrArray) root = NULL;
  g_autoptr(GPtrArray) people = NULL;
  GStrv header, row;
  g_autofree char *key = NULL;

  g_assert_cmpint (lalan_test_run_cli (&out, NULL, "records", "export", "--form", "lalan_household",
                                       "--to", zip, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "4"));

  entries = read_zip (zip);
  /* One table for the form, one for its repeat; no other form. */
  g_assert_cmpuint (g_hash_table_size (entries), ==, 2);
  root = parse_csv (g_hash_table_lookup (entries, "lalan_household.csv"));
  people = parse_csv (g_hash_table_lookup (entries, "lalan_household-person.csv"));

  /* The header of an ODK Central export, with the form's paths. */
  header = g_ptr_array_index (root, 0);
  g_assert_cmpstr (header[0], ==, "SubmissionDate");
  column (header, "place-town");
  column (header, "meta-instanceID");
  g_assert_cmpint (column (header, "FormVersion"), ==, (int) g_strv_length (header) - 1);
  for (guint i = 1; i < root->len; i++)
    g_assert_cmpuint (g_strv_length (g_ptr_array_index (root, i)), ==, g_strv_length (header));

  /* Every household of every state, once. */
  g_assert_cmpuint (root->len, ==, 1 + 4);
  g_assert_nonnull (row_with_key (root, records.household_a));
  g_assert_nonnull (row_with_key (root, records.draft));
  g_assert_null (row_with_key (root, records.community));

  /* Chinese, quotes, a comma and a line break, as they were typed. */
  row = row_with_key (root, records.household_a);
  g_assert_cmpstr (row[column (header, "close-notes")], ==, NOTES);
  g_assert_cmpstr (row[column (header, "place-town")], ==, "10004120");
  g_assert_cmpstr (row[column (header, "FormVersion")], ==, "2026112901");
  g_assert_true (g_str_has_prefix (row[column (header, "meta-instanceName")], "尖石鄉 "));

  /* The refusal keeps its town and nothing of the household. */
  row = row_with_key (root, records.refusal);
  g_assert_cmpstr (row[column (header, "place-town")], ==, "10004120");
  g_assert_cmpstr (row[column (header, "household-size")], ==, "");

  /* One row per member, keyed to its household. */
  header = g_ptr_array_index (people, 0);
  g_assert_cmpstr (header[0], ==, "age_band");
  g_assert_cmpint (column (header, "KEY"), ==, (int) g_strv_length (header) - 1);
  g_assert_cmpuint (people->len, ==, 1 + 3 + 1 + 2);
  g_assert_cmpuint (count_children (people, records.household_a), ==, 3);
  g_assert_cmpuint (count_children (people, records.household_b), ==, 1);
  g_assert_cmpuint (count_children (people, records.refusal), ==, 0);
  g_assert_cmpuint (count_children (people, records.draft), ==, 2);
  key = g_strdup_printf ("%s/people/person[3]", records.household_a);
  row = row_with_key (people, key);
  g_assert_nonnull (row);
  g_assert_cmpstr (row[column (header, "PARENT_KEY")], ==, records.household_a);
  g_assert_cmpstr (row[column (header, "age_band")], ==, "45_64");

  /* Only what is ready to send. */
  g_clear_pointer (&root, g_ptr_array_unref);
  g_clear_pointer (&entries, g_hash_table_unref);
  g_assert_cmpint (lalan_test_run_cli (NULL, NULL, "records", "export", "--form", "lalan_household",
                                       "--state", "finalized", "--to", zip, NULL), ==, 0);
  entries = read_zip (zip);
  root = parse_csv (g_hash_table_lookup (entries, "lalan_household.csv"));
  g_assert_cmpuint (root->len, ==, 1 + 3);
  g_assert_null (row_with_key (root, records.draft));

  /* Every form: the community's tables join the households'. */
  g_clear_pointer (&root, g_ptr_array_unref);
  g_clear_pointer (&entries, g_hash_table_unref);
  g_assert_cmpint (lalan_test_run_cli (NULL, NULL, "records", "export", "--to", zip, NULL), ==, 0);
  entries = read_zip (zip);
  g_assert_cmpuint (g_hash_table_size (entries), ==, 5);
  {
    g_autoptr(GPtrArray) points = parse_csv (g_hash_table_lookup (entries, "lalan_community-access_point.csv"));
    GStrv point_header = g_ptr_array_index (points, 0);

    g_assert_cmpuint (points->len, ==, 1 + 2);
    g_assert_cmpstr (((GStrv) g_ptr_array_index (points, 2))[column (point_header, "ap_name")], ==, "教會");
    g_assert_true (g_hash_table_contains (entries, "lalan_community-partner.csv"));
  }

  /* Wrong requests are refused with a sentence. */
  g_assert_cmpint (lalan_test_run_cli (NULL, NULL, "records", "export", "--form", "nothing",
                                       "--to", zip, NULL), ==, 2);
  g_assert_cmpint (lalan_test_run_cli (NULL, NULL, "records", "export", NULL), ==, 64);

  lalan_test_remove_tree (dir);
}

static void
test_selected (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanStore) store = lalan_store_open (NULL, &error);
  g_autofree char *dir = lalan_test_make_tmp_dir ("export");
  g_autofree char *zip = g_build_filename (dir, "selected.zip", NULL);
  g_autoptr(GHashTable) entries = NULL;
  g_autoptr(GPtrArray) root = NULL;
  g_autoptr(GPtrArray) people = NULL;
  const char *ids[] = { records.household_b, records.community, NULL };
  guint n = 0;

  g_assert_no_error (error);
  g_assert_true (lalan_records_export (store, NULL, 0, ids, zip, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);

  entries = read_zip (zip);
  root = parse_csv (g_hash_table_lookup (entries, "lalan_household.csv"));
  people = parse_csv (g_hash_table_lookup (entries, "lalan_household-person.csv"));
  g_assert_cmpuint (root->len, ==, 2);
  g_assert_nonnull (row_with_key (root, records.household_b));
  g_assert_cmpuint (people->len, ==, 2);
  g_assert_true (g_hash_table_contains (entries, "lalan_community.csv"));

  /* A cancelled export leaves nothing behind. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autofree char *other = g_build_filename (dir, "cancelled.zip", NULL);

    g_cancellable_cancel (cancellable);
    g_assert_false (lalan_records_export (store, NULL, 0, NULL, other, NULL, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
  }

  lalan_store_close (store);
  lalan_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  lalan_test_init (&argc, &argv);
  setup_records ();

  g_test_add_func ("/records-export/cli", test_cli_export);
  g_test_add_func ("/records-export/selected", test_selected);

  status = g_test_run ();
  g_free (records.household_a);
  g_free (records.household_b);
  g_free (records.refusal);
  g_free (records.draft);
  g_free (records.community);
  return status;
}
