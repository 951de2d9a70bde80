/* test-places.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-places.h"
#include "lalan-test.h"

#include <string.h>

static void
test_districts (void)
{
  const LalanDistrict *districts;
  guint n, mountain = 0;

  districts = lalan_places_get_districts (&n);

  /* Indigenous Peoples Basic Act §2(3): 30 mountain and 25 plain districts. */
  g_assert_cmpuint (n, ==, 55);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (strlen (districts[i].county_code), ==, 5);
      g_assert_cmpuint (strlen (districts[i].town_code), ==, 8);
      g_assert_true (g_str_has_prefix (districts[i].town_code, districts[i].county_code));
      g_assert_true (g_utf8_validate (districts[i].town_name, -1, NULL));
      g_assert_cmpstr (districts[i].town_name_en, !=, "");
      if (districts[i].mountain)
        mountain++;
    }
  g_assert_cmpuint (mountain, ==, 30);

  g_assert_cmpstr (lalan_places_find_district ("10015110")->town_name, ==, "秀林鄉");
  g_assert_cmpstr (lalan_places_find_district ("65000290")->county_name, ==, "新北市");
  g_assert_null (lalan_places_find_district ("63000010"));
  g_assert_null (lalan_places_find_district (NULL));
}

static void
test_villages (void)
{
  const LalanVillage *villages;
  guint n;

  villages = lalan_places_get_villages (&n);

  g_assert_cmpuint (n, ==, 542);
  for (guint i = 0; i < n; i++)
    {
      /* Every village belongs to one of the 55 and its code starts with
       * its town's code. */
      g_assert_cmpuint (strlen (villages[i].village_code), ==, 11);
      g_assert_true (g_str_has_prefix (villages[i].village_code, villages[i].town_code));
      g_assert_nonnull (lalan_places_find_district (villages[i].town_code));
    }
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);

  g_test_add_func ("/places/districts", test_districts);
  g_test_add_func ("/places/villages", test_villages);

  return g_test_run ();
}
