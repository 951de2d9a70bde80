/* lalan-digcomp.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-digcomp.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

/* The 21 competences of DigComp 2.2 (JRC, 2022) and the ones UNESCO's
 * Digital Literacy Global Framework (2018) adds: area 0, device basics that
 * a first smartphone needs, and area 6, career-related competences. Reports
 * for funders and ministries speak these codes. */
typedef struct
{
  const char *code;
  const char *title;
} Competence;

static const Competence competences[] = {
  { "0.1", N_("Physical operations of digital devices") },
  { "0.2", N_("Software operations in digital devices") },
  { "1.1", N_("Browsing, searching and filtering data, information and digital content") },
  { "1.2", N_("Evaluating data, information and digital content") },
  { "1.3", N_("Managing data, information and digital content") },
  { "2.1", N_("Interacting through digital technologies") },
  { "2.2", N_("Sharing through digital technologies") },
  { "2.3", N_("Engaging in citizenship through digital technologies") },
  { "2.4", N_("Collaborating through digital technologies") },
  { "2.5", N_("Netiquette") },
  { "2.6", N_("Managing digital identity") },
  { "3.1", N_("Developing digital content") },
  { "3.2", N_("Integrating and re-elaborating digital content") },
  { "3.3", N_("Copyright and licences") },
  { "3.4", N_("Programming") },
  { "4.1", N_("Protecting devices") },
  { "4.2", N_("Protecting personal data and privacy") },
  { "4.3", N_("Protecting health and well-being") },
  { "4.4", N_("Protecting the environment") },
  { "5.1", N_("Solving technical problems") },
  { "5.2", N_("Identifying needs and technological responses") },
  { "5.3", N_("Creatively using digital technologies") },
  { "5.4", N_("Identifying digital competence gaps") },
  { "6.1", N_("Operating specialised digital technologies for a particular field") },
  { "6.2", N_("Interpreting and using data and digital content in a particular field") },
};

static const Competence *
find_competence (const char *code)
{
  if (code == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (competences); i++)
    {
      if (g_str_equal (competences[i].code, code))
        return &competences[i];
    }

  return NULL;
}

/**
 * lalan_digcomp_is_valid_code:
 * @code: a code such as "4.2"
 *
 * Returns: %TRUE for a DigComp 2.2 or DLGF competence code
 */
gboolean
lalan_digcomp_is_valid_code (const char *code)
{
  return find_competence (code) != NULL;
}

/**
 * lalan_digcomp_is_valid_level:
 * @level: a proficiency level
 *
 * Returns: %TRUE for the eight DigComp proficiency levels, 1 to 8
 */
gboolean
lalan_digcomp_is_valid_level (gint64 level)
{
  return level >= LALAN_DIGCOMP_MIN_LEVEL && level <= LALAN_DIGCOMP_MAX_LEVEL;
}

/**
 * lalan_digcomp_get_title:
 * @code: a competence code
 *
 * Returns: (transfer none) (nullable): the translated name of the
 *   competence, or %NULL for an unknown code
 */
const char *
lalan_digcomp_get_title (const char *code)
{
  const Competence *competence = find_competence (code);

  return competence != NULL ? _(competence->title) : NULL;
}

/**
 * lalan_digcomp_list_codes:
 *
 * Returns: (transfer container): the known codes in order, %NULL-terminated;
 *   free the array with g_free()
 */
const char **
lalan_digcomp_list_codes (void)
{
  const char **codes = g_new0 (const char *, G_N_ELEMENTS (competences) + 1);

  for (guint i = 0; i < G_N_ELEMENTS (competences); i++)
    codes[i] = competences[i].code;

  return codes;
}

/**
 * lalan_digcomp_compare_codes:
 * @a: a code
 * @b: a code
 *
 * Orders codes by area then number ("2.10" after "2.9"), for reports.
 *
 * Returns: <0, 0 or >0
 */
int
lalan_digcomp_compare_codes (const char *a,
                             const char *b)
{
  char *end_a, *end_b;
  long area_a = strtol (a, &end_a, 10);
  long area_b = strtol (b, &end_b, 10);

  if (area_a != area_b)
    return area_a < area_b ? -1 : 1;
  if (*end_a == '.' && *end_b == '.')
    {
      long n_a = strtol (end_a + 1, NULL, 10);
      long n_b = strtol (end_b + 1, NULL, 10);

      if (n_a != n_b)
        return n_a < n_b ? -1 : 1;
    }

  return g_strcmp0 (a, b);
}
