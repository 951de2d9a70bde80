/* lalan-test-records.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-test-records.h"

/**
 * lalan_test_make_household_xml:
 * @instance_id: the record's instance id
 * @n: varies the answers a little
 *
 * An instance of the household form of realistic size (a few KB: four
 * members, connectivity, a measurement, a comment in Chinese), for tests
 * and benchmarks of the store.
 *
 * Returns: (transfer full): the instance XML
 */
char *
lalan_test_make_household_xml (const char *instance_id,
                    guint       n)
{
  GString *xml = g_string_new ("<?xml version=\"1.0\"?>"
                               "<data id=\"lalan_household\" version=\"2026010101\""
                               " xmlns:jr=\"http://openrosa.org/javarosa\""
                               " xmlns:orx=\"http://openrosa.org/xforms\">");

  g_string_append (xml, "<start>2026-01-05T09:12:44.000+08:00</start><end>2026-01-05T09:31:02.000+08:00</end>"
                        "<location><county>10014</county><town>10014060</town><village>10014060002</village>"
                        "<gps>22.7583 121.1444 35.0 5.0</gps></location>");
  g_string_append_printf (xml, "<household><respondent_age>%u</respondent_age><members>%u</members>"
                               "<language>ami</language><people>amis</people></household>",
                          20 + n % 60, 1 + n % 9);
  for (guint m = 0; m < 4; m++)
    g_string_append_printf (xml,
                            "<member><member_age>%u</member_age><member_sex>%s</member_sex>"
                            "<member_school>senior_high</member_school><member_uses_internet>yes</member_uses_internet>"
                            "<member_devices>smartphone laptop</member_devices>"
                            "<member_skills>messaging video_call online_forms mobile_payment</member_skills>"
                            "</member>",
                            8 + m * 17, m % 2 ? "female" : "male");
  g_string_append (xml, "<connectivity><fixed_line>fiber</fixed_line><isp>cht</isp><plan_mbps>100</plan_mbps>"
                        "<monthly_cost>699</monthly_cost><mobile_signal>4g_weak</mobile_signal>"
                        "<outages_per_month>3</outages_per_month>"
                        "<problems>slow_evening power_cuts typhoon_damage</problems>"
                        "<measurement><download_mbps>38.2</download_mbps><upload_mbps>11.9</upload_mbps>"
                        "<latency_ms>41</latency_ms><jitter_ms>6.3</jitter_ms></measurement></connectivity>"
                        "<needs><training>online_safety government_services</training>"
                        "<comments>部落的網路在晚上很慢，颱風過後常常斷線好幾天。"
                        "老人家想學視訊和家人聯絡，也想學網路掛號。</comments></needs>");
  g_string_append_printf (xml, "<meta><instanceID>%s</instanceID>"
                               "<instanceName>Household %u</instanceName></meta></data>",
                          instance_id, n);

  return g_string_free (xml, FALSE);
}

