/* test-i18n.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-i18n.h"
#include "lalan-test.h"

#include <glib/gi18n.h>
#include <locale.h>

static void
test_language_env (void)
{
  struct {
    const char *language;
    const char *locale;
    const char *expected;
  } cases[] = {
    /* A Formosan language falls back to Traditional Chinese, not English. */
    { "ami", "zh_TW.UTF-8", "ami:zh_TW" },
    { "tay", "en_US.UTF-8", "tay:zh_TW" },
    { "zh_TW", "en_US.UTF-8", "zh_TW" },
    /* English is the source language: a zh_TW fallback would turn it Chinese. */
    { "en", "zh_TW.UTF-8", "en" },
    /* No choice: the locale's language. */
    { "", "zh_TW.UTF-8", "zh_TW" },
    { NULL, "en_US.UTF-8", "en_US" },
    { NULL, "fr_FR.UTF-8@euro", "fr_FR:zh_TW" },
    /* No real locale at all: Traditional Chinese. */
    { NULL, NULL, "zh_TW" },
    { "", "C.UTF-8", "zh_TW" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *env = lalan_i18n_build_language_env (cases[i].language, cases[i].locale);

      g_assert_cmpstr (env, ==, cases[i].expected);
    }
}

static void
test_names (void)
{
  g_autofree char *zh = lalan_i18n_get_language_name ("zh_TW");
  g_autofree char *en = lalan_i18n_get_language_name ("en");
  g_autofree char *ami = lalan_i18n_get_language_name ("ami");
  g_autofree char *unknown = lalan_i18n_get_language_name ("xx");

  g_assert_cmpstr (zh, ==, "繁體中文（臺灣）");
  g_assert_cmpstr (en, ==, "English");
  g_assert_true (g_str_has_prefix (ami, "Pangcah"));
  g_assert_cmpstr (unknown, ==, "xx");
}

static void
test_list_languages (void)
{
  g_auto(GStrv) languages = lalan_i18n_list_languages ();

  /* English always; zh_TW because the build tree has its catalog. */
  g_assert_true (g_strv_contains ((const char * const *) languages, "en"));
  g_assert_true (g_strv_contains ((const char * const *) languages, "zh_TW"));
}

/* Runs the start-up rules in a child with a bare C.UTF-8 environment, as on
 * a fresh Debian, and checks that the interface comes out in Chinese. */
static void
test_init_fallback_subprocess (void)
{
  const char *locale;

  g_unsetenv ("LANGUAGE");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  locale = lalan_i18n_init (NULL);

  g_assert_cmpstr (locale, ==, "zh_TW.UTF-8");
  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "zh_TW");
  /* A string from the catalog, proving gettext really translates. */
  g_assert_cmpstr (_("Data folder"), ==, "資料夾");
}

static void
test_init_choice_subprocess (void)
{
  g_setenv ("LC_ALL", "en_US.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "en_US", TRUE);
  lalan_i18n_init ("ami");

  /* The chosen language wins over the desktop's, with Chinese behind it. */
  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "ami:zh_TW");
  g_assert_cmpstr (_("Data folder"), ==, "資料夾");
}

static void
test_init_english_subprocess (void)
{
  g_setenv ("LC_ALL", "zh_TW.UTF-8", TRUE);
  g_unsetenv ("LANGUAGE");
  lalan_i18n_init ("en");

  g_assert_cmpstr (_("Data folder"), ==, "Data folder");
}

static void
test_init (void)
{
  if (!setlocale (LC_ALL, "zh_TW.UTF-8"))
    {
      g_test_skip ("The zh_TW.UTF-8 locale is missing; make check creates it.");
      return;
    }
  setlocale (LC_ALL, "C");

  g_test_trap_subprocess ("/i18n/init/fallback/subprocess", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_subprocess ("/i18n/init/choice/subprocess", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_subprocess ("/i18n/init/english/subprocess", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);

  g_test_add_func ("/i18n/language-env", test_language_env);
  g_test_add_func ("/i18n/names", test_names);
  g_test_add_func ("/i18n/list", test_list_languages);
  g_test_add_func ("/i18n/init", test_init);
  g_test_add_func ("/i18n/init/fallback/subprocess", test_init_fallback_subprocess);
  g_test_add_func ("/i18n/init/choice/subprocess", test_init_choice_subprocess);
  g_test_add_func ("/i18n/init/english/subprocess", test_init_english_subprocess);

  return g_test_run ();
}
