/* lalan-places.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The 55 indigenous districts and their villages, from the reference data
 * in data/reference/. Codes are MOI/DGBAS codes: county 5 digits, town 8,
 * village 11; match on codes, never on names. */
typedef struct
{
  const char *town_code;
  const char *county_code;
  const char *county_name;
  const char *town_name;
  const char *town_name_en;
  gboolean    mountain;
} LalanDistrict;

typedef struct
{
  const char *town_code;
  const char *village_code;
  const char *village_name;
} LalanVillage;

const LalanDistrict *lalan_places_get_districts  (guint      *n_districts);
const LalanDistrict *lalan_places_find_district  (const char *town_code);
const LalanVillage  *lalan_places_get_villages   (guint      *n_villages);
GBytes              *lalan_places_load_reference (const char *name,
                                                  GError    **error);

G_END_DECLS
