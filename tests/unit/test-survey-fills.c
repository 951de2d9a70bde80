/* test-survey-fills.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bundled forms, filled from the command line as a script would:
 * `lalan-cli form fill FORM_ID` finds them without being told where they
 * are, complete interviews are finalized, and wrong answers are refused
 * with the form's own messages, in the form's languages.
 */

#include "config.h"

#include "lalan-test.h"

#include "lalan-store.h"

#include <string.h>
#include <sys/wait.h>

/* "PATH=VALUE" answers, "+PATH" adds a repeat instance. */
static const char * const typical_household[] = {
  "/data/consent/consent_survey=yes",
  "/data/consent/respondent_age=45_64",
  "/data/consent/recontact_consent=yes",
  "/data/interview/interviewer=V017",
  "/data/interview/mode=face_to_face",
  "/data/interview/interview_lang=tay",
  "/data/place/county=10004",
  "/data/place/town=10004120",
  "/data/place/village=10004120006",
  "/data/place/gps_consent=yes",
  "/data/place/gps=24.707 121.283 0 30",
  "/data/household/size=5",
  "/data/household/age_0_5=1",
  "/data/household/age_6_11=0",
  "/data/household/age_12_17=1",
  "/data/household/age_18_64=2",
  "/data/household/age_65=1",
  "/data/household/indigenous_members=5",
  "/data/household/respondent_people=atayal",
  "/data/household/home_languages=tay zh-Hant",
  "/data/household/own_lang_ability=3",
  "/data/home/internet_home=yes",
  "/data/home/access_types=fwa_4g5g hotspot_only",
  "/data/home/download_tier=lt100",
  "/data/home/monthly_cost=999",
  "/data/home/dev_smartphone=3",
  "/data/home/dev_laptop=1",
  "/data/home/outages=weekly",
  "/data/mobile/carriers=cht twm",
  "/data/mobile/plan_type=capped",
  "/data/mobile/signal_indoor=voice_only",
  "/data/mobile/signal_outdoor=4g",
  "/data/measurement/down_mbps=12.4",
  "/data/measurement/up_mbps=3.1",
  "/data/measurement/latency_ms=68",
  "/data/measurement/jitter_ms=14",
  "/data/measurement/measured_at=2026-11-20T09:30:10.000+08:00",
  "/data/measurement/method=app_test",
  /* A repeat starts with one instance, as in ODK Collect. */
  "/data/people/person[1]/age_band=45_64",
  "/data/people/person[1]/sex=female",
  "/data/people/person[1]/ever_used=yes",
  "/data/people/person[1]/used_3m=yes",
  "/data/people/person[1]/frequency=daily",
  "/data/people/person[1]/devices=smartphone",
  "/data/people/person[1]/places=home church_culture",
  "/data/people/person[1]/activities=messaging calls culture_consume",
  "/data/skills/skills_done=copy_paste video_call install_app",
  "/data/skills/confidence=3",
  "/data/skills/security_incidents=scam_contact",
  "/data/needs/barrier_1=coverage",
  "/data/needs/barrier_2=cost",
  "/data/needs/barrier_3=skills",
  "/data/needs/training_interest=yes",
  "/data/needs/topics=anti_fraud smartphone_basics",
  "/data/needs/training_place=church",
  "/data/needs/training_lang=tay",
  "/data/needs/training_time=weekday_evening",
  "/data/needs/device_needs=tablet",
  "/data/needs/connectivity_needs=better_mobile",
  "/data/students/has_students=yes",
  "/data/students/student_device=shared",
  "/data/students/online_class_ok=no",
  "/data/participation/egov_use=yes",
  "/data/participation/online_participation=no",
  "/data/participation/culture_online=yes",
  "/data/participation/household_business_online=no",
  "/data/close/recontact_contact=LINE smangus-17",
  "/data/close/notes=訊號在後面的房間會斷。",
  NULL
};

/* Runs `lalan-cli form fill FORM --lang LANG [answers...] [more...]
 * --finalize --print`. */
static int
fill (const char         *form_id,
      const char         *language,
      const char * const *answers,
      const char * const *more,
      char              **out)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int wait_status;

  g_ptr_array_add (args, g_strdup (lalan_test_get_cli ()));
  g_ptr_array_add (args, g_strdup ("form"));
  g_ptr_array_add (args, g_strdup ("fill"));
  g_ptr_array_add (args, g_strdup (form_id));
  g_ptr_array_add (args, g_strdup ("--lang"));
  g_ptr_array_add (args, g_strdup (language));
  for (guint list = 0; list < 2; list++)
    for (const char * const *a = list == 0 ? answers : more; a != NULL && *a != NULL; a++)
      {
        if ((*a)[0] == '+')
          {
            g_ptr_array_add (args, g_strdup ("--add-repeat"));
            g_ptr_array_add (args, g_strdup (*a + 1));
          }
        else
          {
            g_ptr_array_add (args, g_strdup ("--set"));
            g_ptr_array_add (args, g_strdup (*a));
          }
      }
  g_ptr_array_add (args, g_strdup ("--finalize"));
  g_ptr_array_add (args, g_strdup ("--print"));
  g_ptr_array_add (args, NULL);

  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                out, &err, &wait_status, &error);
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("stderr: %s", err);
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

static void
assert_has (const char *text,
            const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” is not in:\n%s", needle, text);
}

static void
assert_lacks (const char *text,
              const char *needle)
{
  if (strstr (text, needle) != NULL)
    g_error ("“%s” should not be in:\n%s", needle, text);
}

static guint
count (const char *text,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* The record the last line of the output names is finalized in the store. */
static void
assert_finalized (const char *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(LalanRecord) record = NULL;
  const char *last = strrchr (out, '\n');
  g_autofree char *id = NULL;

  g_assert_nonnull (last);
  while (last > out && last[-1] != '\n')
    last--;
  id = g_strstrip (g_strdup (last));
  g_assert_true (g_str_has_prefix (id, "uuid:"));

  store = lalan_store_open (NULL, &error);
  g_assert_no_error (error);
  record = lalan_store_get_record (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lalan_record_get_state (record), ==, LALAN_RECORD_STATE_FINALIZED);
  g_assert_cmpstr (lalan_record_get_form_id (record), ==, "lalan_household");
}

static void
test_household_typical (void)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (fill ("lalan_household", "en", typical_household, NULL, &out), ==, 0);
  assert_has (out, "<village_code>10004120006</village_code>");
  assert_has (out, "<access_types>fwa_4g5g hotspot_only</access_types>");
  assert_has (out, "<notes>訊號在後面的房間會斷。</notes>");
  assert_has (out, "<members_12plus>4</members_12plus>");
  /* Nothing of the "no internet" branch is kept. */
  assert_lacks (out, "<no_internet_reasons");
  g_assert_cmpuint (count (out, "<person>"), ==, 1);
  /* A name for lists: town, village and day, one space apart. */
  g_assert_true (g_regex_match_simple ("<instanceName>Jianshi Township \\S+ \\d{4}-\\d\\d-\\d\\d</instanceName>",
                                       out, 0, 0));
  assert_finalized (out);

  /* In the default language the record's name is in Chinese. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (fill ("lalan_household", "zh-TW", typical_household, NULL, &out), ==, 0);
  g_assert_true (g_regex_match_simple ("<instanceName>尖石鄉 \\S+ \\d{4}-\\d\\d-\\d\\d</instanceName>",
                                       out, 0, 0));
}

static void
test_household_no_internet (void)
{
  static const char * const no_internet[] = {
    "/data/home/internet_home=no",
    "/data/home/access_types=",
    "/data/home/download_tier=",
    "/data/home/monthly_cost=",
    NULL
  };
  static const char * const reasons[] = {
    "/data/home/internet_home=no",
    "/data/home/no_internet_reasons=too_expensive no_coverage",
    NULL
  };
  g_autofree char *out = NULL;
  g_autofree char *done = NULL;

  /* Without internet at home, the reasons become required... */
  g_assert_cmpint (fill ("lalan_household", "en", typical_household, no_internet, &out), ==, 2);
  assert_has (out, "/data/home/no_internet_reasons: This question needs an answer.");
  assert_lacks (out, "/data/home/access_types");

  /* ...and once given, the access questions are left out of the record. */
  g_assert_cmpint (fill ("lalan_household", "en", typical_household, reasons, &done), ==, 0);
  assert_has (done, "<no_internet_reasons>too_expensive no_coverage</no_internet_reasons>");
  assert_lacks (done, "<access_types>");
  assert_lacks (done, "<monthly_cost>");
  assert_lacks (done, "<outages>");
}

static void
test_household_refusal (void)
{
  static const char * const refusal[] = {
    "/data/consent/consent_survey=no",
    "/data/place/county=10004",
    "/data/place/town=10004120",
    NULL
  };
  g_autofree char *out = NULL;
  g_autofree char *answered = NULL;

  /* A refusal needs nothing but the place's town. */
  g_assert_cmpint (fill ("lalan_household", "en", refusal, NULL, &out), ==, 0);
  assert_has (out, "<consent_survey>no</consent_survey>");
  assert_has (out, "<town>10004120</town>");
  assert_has (out, "<today>");
  g_assert_true (g_regex_match_simple ("<instanceName>Jianshi Township \\d{4}-\\d\\d-\\d\\d</instanceName>",
                                       out, 0, 0));
  assert_lacks (out, "<interview>");
  assert_lacks (out, "<village");
  assert_lacks (out, "<household>");
  assert_lacks (out, "<people>");
  assert_lacks (out, "<close>");

  /* Even answers given before the refusal are not kept. */
  g_assert_cmpint (fill ("lalan_household", "en", typical_household, refusal, &answered), ==, 0);
  assert_lacks (answered, "V017");
  assert_lacks (answered, "10004120006");
  assert_lacks (answered, "<size>");
  assert_lacks (answered, "smangus");
  assert_lacks (answered, "<gps>");
}

static void
test_household_roster (void)
{
  static const char * const roster[] = {
    "+/data/people/person",
    "/data/people/person[2]/age_band=12_17",
    "/data/people/person[2]/sex=male",
    "/data/people/person[2]/ever_used=yes",
    "/data/people/person[2]/used_3m=yes",
    "/data/people/person[2]/frequency=daily",
    "/data/people/person[2]/devices=smartphone computer",
    "/data/people/person[2]/places=home school",
    "/data/people/person[2]/activities=social_media video learning culture_create",
    "+/data/people/person",
    "/data/people/person[3]/age_band=75_plus",
    "/data/people/person[3]/sex=male",
    "/data/people/person[3]/ever_used=no",
    "/data/people/person[3]/never_reasons=dont_know_how disability",
    "+/data/people/person",
    "/data/people/person[4]/age_band=18_29",
    "/data/people/person[4]/sex=refused",
    "/data/people/person[4]/ever_used=yes",
    "/data/people/person[4]/used_3m=no",
    NULL
  };
  static const char * const one_too_many[] = {
    "+/data/people/person",
    "/data/people/person[5]/age_band=30_44",
    "/data/people/person[5]/sex=female",
    "/data/people/person[5]/ever_used=no",
    "/data/people/person[5]/never_reasons=no_need",
    NULL
  };
  g_autoptr(GPtrArray) both = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *refused = NULL;

  g_assert_cmpint (fill ("lalan_household", "en", typical_household, roster, &out), ==, 0);
  g_assert_cmpuint (count (out, "<person>"), ==, 4);
  assert_has (out, "<never_reasons>dont_know_how disability</never_reasons>");
  /* Someone who never used the internet is not asked about the last 3
   * months; someone who did but not lately is not asked how often. */
  g_assert_cmpuint (count (out, "<used_3m>"), ==, 3);
  g_assert_cmpuint (count (out, "<frequency>"), ==, 2);

  /* Four members are 12 or over: a fifth in the list is refused. */
  for (const char * const *a = roster; *a != NULL; a++)
    g_ptr_array_add (both, (gpointer) *a);
  for (const char * const *a = one_too_many; *a != NULL; a++)
    g_ptr_array_add (both, (gpointer) *a);
  g_ptr_array_add (both, NULL);
  g_assert_cmpint (fill ("lalan_household", "en", typical_household, (const char * const *) both->pdata, &refused), ==, 2);
  assert_has (refused, "/data/people/person[5]/age_band: There are more people in this list than household members aged 12 or over.");
  assert_lacks (refused, "person[4]/age_band");
}

static void
test_household_wrong_inputs (void)
{
  static const char * const bands[] = { "/data/household/age_65=2", NULL };
  static const char * const village[] = {
    "/data/place/village=other",
    /* A village of Wufeng (10004130), not of Jianshi (10004120). */
    "/data/place/village_other=10004130003",
    NULL
  };
  static const char * const none_and_more[] = { "/data/mobile/carriers=none cht", NULL };
  static const char * const skills_none[] = { "/data/skills/skills_done=none copy_paste", NULL };
  g_autofree char *out = NULL;

  g_assert_cmpint (fill ("lalan_household", "en", typical_household, bands, &out), ==, 2);
  assert_has (out, "/data/household/age_65: The members by age must add up to the household size.\n");
  g_clear_pointer (&out, g_free);

  /* The same rule speaks the form's default language, Chinese. */
  g_assert_cmpint (fill ("lalan_household", "zh-TW", typical_household, bands, &out), ==, 2);
  assert_has (out, "/data/household/age_65: 各年齡層的人數加起來，要等於家戶人數。\n");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (fill ("lalan_household", "en", typical_household, village, &out), ==, 2);
  assert_has (out, "/data/place/village_other: A village code has 11 digits and starts with the 8-digit code of the chosen township.\n");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (fill ("lalan_household", "en", typical_household, none_and_more, &out), ==, 2);
  assert_has (out, "/data/mobile/carriers: “None” cannot be chosen with other answers.\n");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (fill ("lalan_household", "en", typical_household, skills_none, &out), ==, 2);
  assert_has (out, "/data/skills/skills_done: “None of these” cannot be chosen with other answers.\n");
  g_clear_pointer (&out, g_free);

  /* A code of this town that is not in the list is accepted. */
  {
    static const char * const new_village[] = {
      "/data/place/village=other",
      "/data/place/village_other=10004120099",
      NULL
    };

    g_assert_cmpint (fill ("lalan_household", "en", typical_household, new_village, &out), ==, 0);
    assert_has (out, "<village_code>10004120099</village_code>");
    g_assert_true (g_regex_match_simple ("<instanceName>Jianshi Township 10004120099 ", out, 0, 0));
  }
}

static void
test_community (void)
{
  static const char * const community[] = {
    "/data/visit/interviewer=V017",
    "/data/visit/county=10004",
    "/data/visit/town=10004120",
    "/data/visit/village=10004120006",
    "/data/visit/community_name=司馬庫斯 Smangus",
    "/data/visit/visit_date=2026-11-19",
    "/data/visit/informant_roles=village_chief chief",
    "/data/consent/consent_body=community_meeting",
    "/data/consent/consent_date=2026-10-30",
    "/data/consent/consent_decision=agreed_conditions",
    "/data/consent/consent_conditions=結果先在部落會議報告",
    "/data/connectivity/fixed_top_tier=100",
    "/data/connectivity/signal_cht=4g",
    "/data/connectivity/signal_twm=none",
    "/data/connectivity/signal_fetnet=none",
    "/data/access_points/access_point[1]/ap_type=tribal_library",
    "/data/access_points/access_point[1]/ap_name=部落圖書資訊站",
    "/data/access_points/access_point[1]/ap_computers=6",
    "/data/access_points/access_point[1]/ap_hours=週二至週六 13:00–20:00",
    "/data/access_points/access_point[1]/ap_wifi=yes",
    "+/data/access_points/access_point",
    "/data/access_points/access_point[2]/ap_type=church",
    "/data/access_points/access_point[2]/ap_name=Smangus Presbyterian Church",
    "/data/access_points/access_point[2]/ap_computers=1",
    "/data/access_points/access_point[2]/ap_wifi=no",
    "/data/resilience/power_reliability=weekly",
    "/data/resilience/disaster_comms=yes",
    "/data/resilience/digital_helpers=2",
    "/data/partners/partner[1]/partner_name=新竹縣政府",
    "/data/partners/partner[1]/partner_type=government",
    NULL
  };
  static const char * const not_yet[] = { "/data/consent/consent_body=none", NULL };
  static const char * const other_town[] = {
    "/data/visit/village=other",
    "/data/visit/village_other=10004130003",
    NULL
  };
  g_autofree char *out = NULL;

  /* Agreed with conditions is an agreement: the inventory is kept. */
  g_assert_cmpint (fill ("lalan_community", "en", community, NULL, &out), ==, 0);
  g_assert_cmpuint (count (out, "<access_point>"), ==, 2);
  g_assert_cmpuint (count (out, "<partner>"), ==, 1);
  assert_has (out, "<consent_conditions>結果先在部落會議報告</consent_conditions>");
  assert_has (out, "<signal_cht>4g</signal_cht>");
  assert_has (out, "<instanceName>Jianshi Township");
  assert_has (out, "司馬庫斯 Smangus 2026-11-19</instanceName>");
  g_clear_pointer (&out, g_free);

  /* Without the community's consent, only the visit is kept. */
  g_assert_cmpint (fill ("lalan_community", "en", community, not_yet, &out), ==, 0);
  assert_has (out, "<community_name>");
  assert_lacks (out, "<connectivity>");
  assert_lacks (out, "<access_point>");
  assert_lacks (out, "部落圖書資訊站");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (fill ("lalan_community", "en", community, other_town, &out), ==, 2);
  assert_has (out, "/data/visit/village_other: A village code has 11 digits and starts with the 8-digit code of the chosen township.\n");
}

static void
test_measurement (void)
{
  static const char * const measurement[] = {
    "/data/place/county=64000",
    "/data/place/town=64000370",
    "/data/place/village=64000370004",
    "/data/place/place_type=meeting_place",
    "/data/result/measured_at=2026-11-21T14:03:22.000+08:00",
    "/data/result/down_mbps=48.7",
    "/data/result/up_mbps=11.9",
    "/data/result/latency_ms=23",
    "/data/result/jitter_ms=4",
    "/data/result/dns_ms=18",
    "/data/result/bytes_used=61234567",
    "/data/result/network_type=wifi",
    NULL
  };
  static const char * const too_fast[] = { "/data/result/down_mbps=20000", NULL };
  g_autofree char *out = NULL;

  g_assert_cmpint (fill ("lalan_measurement", "en", measurement, NULL, &out), ==, 0);
  /* Defaults of the form: the app's own test, no portal, metered unknown. */
  assert_has (out, "<method>app_test</method>");
  assert_has (out, "<captive_portal>no</captive_portal>");
  assert_has (out, "<metered>unknown</metered>");
  assert_has (out, "48.7/11.9 Mbps 2026-11-21</instanceName>");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (fill ("lalan_measurement", "en", measurement, too_fast, &out), ==, 2);
  assert_has (out, "/data/result/down_mbps: Between 0 and 10,000 Mbps.\n");
}

static void
test_learning_report (void)
{
  static const char * const report[] = {
    "/data/report/centre=尖石鄉數位機會中心",
    "/data/report/town=10004120",
    "/data/report/period_start=2026-10-01",
    "/data/report/period_end=2026-10-31",
    "/data/report/active_learners=12",
    "/data/lessons/lesson[1]/lesson_id=phone-basics/01",
    "/data/lessons/lesson[1]/lesson_started=12",
    "/data/lessons/lesson[1]/lesson_completed=9",
    "/data/lessons/lesson[1]/lesson_mastered=7",
    "/data/competences/competence[1]/code=4.2",
    "/data/competences/competence[1]/competence_started=10",
    "/data/competences/competence[1]/competence_completed=8",
    "/data/competences/competence[1]/competence_mastered=5",
    NULL
  };
  static const char * const backwards[] = { "/data/report/period_end=2026-09-30", NULL };
  g_autofree char *out = NULL;

  g_assert_cmpint (fill ("lalan_learning_report", "en", report, NULL, &out), ==, 0);
  assert_has (out, "<instanceName>尖石鄉數位機會中心 2026-10-01–2026-10-31</instanceName>");
  assert_has (out, "<lesson_mastered>7</lesson_mastered>");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (fill ("lalan_learning_report", "en", report, backwards, &out), ==, 2);
  assert_has (out, "/data/report/period_end: The end of the period cannot be before its start.\n");
}

/* The bundled forms are found by id in a data folder that never saw them,
 * and each is registered once, in the version this build carries. */
static void
test_bundled_registered (void)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(GPtrArray) forms = NULL;

  g_assert_cmpint (fill ("lalan_household", "en", typical_household, NULL, &out), ==, 0);
  store = lalan_store_open (NULL, &error);
  g_assert_no_error (error);
  forms = lalan_store_list_forms (store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (forms->len, ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);

  g_test_add_func ("/survey-fills/bundled-registered", test_bundled_registered);
  g_test_add_func ("/survey-fills/household-typical", test_household_typical);
  g_test_add_func ("/survey-fills/household-no-internet", test_household_no_internet);
  g_test_add_func ("/survey-fills/household-refusal", test_household_refusal);
  g_test_add_func ("/survey-fills/household-roster", test_household_roster);
  g_test_add_func ("/survey-fills/household-wrong-inputs", test_household_wrong_inputs);
  g_test_add_func ("/survey-fills/community", test_community);
  g_test_add_func ("/survey-fills/measurement", test_measurement);
  g_test_add_func ("/survey-fills/learning-report", test_learning_report);

  return g_test_run ();
}
