/* lalan-i18n.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-i18n.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

/* Each language is shown by its own name, so a person finds theirs without
 * reading any other language. Formosan languages have no glibc locale: they
 * are reached through LANGUAGE, with Traditional Chinese as the fallback. */
static const struct {
  const char *code;
  const char *autonym;
} language_names[] = {
  { "zh_TW", "繁體中文（臺灣）" },
  { "en", "English" },
  { "ami", "Pangcah / 'Amis" },
  { "tay", "Tayal" },
  { "pwn", "Vinuculjan / Paiwan" },
  { "bnn", "Bunun" },
  { "pyu", "Pinuyumayan" },
  { "dru", "Drekay / Rukai" },
  { "tsu", "Cou" },
  { "xsy", "SaiSiyat" },
  { "tao", "Ciciakan no Tao" },
  { "ssf", "Thau" },
  { "ckv", "Kebalan" },
  { "trv", "Truku / Seediq" },
  { "sxr", "Hla'alua" },
  { "xnb", "Kanakanavu" },
  { "szy", "Sakizaya" },
};

static char *chosen_locale;

/**
 * lalan_i18n_get_localedir:
 *
 * Returns: where the message catalogs are; `LALAN_LOCALEDIR` points at the
 *   build tree so the app runs translated without being installed.
 */
const char *
lalan_i18n_get_localedir (void)
{
  const char *env = g_getenv ("LALAN_LOCALEDIR");

  if (env != NULL && *env != '\0')
    return env;

  return LOCALEDIR;
}

static gboolean
locale_is_untranslatable (const char *locale)
{
  /* gettext translates nothing in these, LANGUAGE or not. */
  return locale == NULL ||
         g_str_equal (locale, "C") ||
         g_str_equal (locale, "POSIX") ||
         g_str_has_prefix (locale, "C.");
}

/**
 * lalan_i18n_build_language_env:
 * @language: (nullable): the language chosen in Preferences, or %NULL / ""
 *   for the one of the locale
 * @locale: the LC_MESSAGES locale in effect, such as "zh_TW.UTF-8"
 *
 * Computes the value of `LANGUAGE`: the chosen language followed by zh_TW,
 * so a Formosan catalog that lacks a string falls back to Traditional
 * Chinese rather than English. English is the language of the source
 * strings, so it needs no fallback: adding zh_TW after it would turn an
 * English interface Chinese.
 *
 * Returns: (transfer full): the value for `LANGUAGE`
 */
char *
lalan_i18n_build_language_env (const char *language,
                               const char *locale)
{
  g_autofree char *base = NULL;

  if (language != NULL && *language != '\0')
    base = g_strdup (language);
  else if (!locale_is_untranslatable (locale))
    base = g_strndup (locale, strcspn (locale, ".@"));
  else
    base = g_strdup ("zh_TW");

  if (g_str_equal (base, "en") || g_str_has_prefix (base, "en_"))
    return g_steal_pointer (&base);

  if (g_str_equal (base, "zh_TW"))
    return g_steal_pointer (&base);

  return g_strconcat (base, ":zh_TW", NULL);
}

/**
 * lalan_i18n_init:
 * @preferred_language: (nullable): the language chosen in Preferences
 *
 * Sets the locale and the message catalogs up. Must run before GTK starts
 * and before any other thread exists, since it changes the environment.
 *
 * A fresh Debian has only C.UTF-8, in which gettext translates nothing, so
 * when the environment yields no real locale we try zh_TW.UTF-8 and then
 * en_US.UTF-8.
 *
 * Returns: (transfer none): the locale chosen, or "C" when none could be set
 */
const char *
lalan_i18n_init (const char *preferred_language)
{
  const char *locale;
  g_autofree char *language_env = NULL;

  if (setlocale (LC_ALL, "") != NULL)
    locale = setlocale (LC_MESSAGES, NULL);
  else
    locale = NULL;

  if (locale_is_untranslatable (locale))
    {
      if ((locale = setlocale (LC_ALL, "zh_TW.UTF-8")) == NULL &&
          (locale = setlocale (LC_ALL, "en_US.UTF-8")) == NULL)
        locale = "C";
    }

  g_free (chosen_locale);
  chosen_locale = g_strdup (locale);

  language_env = lalan_i18n_build_language_env (preferred_language,
                                                locale_is_untranslatable (locale) ? NULL : locale);

  /* An explicit choice in Preferences overrides the desktop's LANGUAGE;
   * otherwise a LANGUAGE the person set is respected, with our fallback. */
  if ((preferred_language != NULL && *preferred_language != '\0') ||
      g_getenv ("LANGUAGE") == NULL || *g_getenv ("LANGUAGE") == '\0')
    g_setenv ("LANGUAGE", language_env, TRUE);

  bindtextdomain (GETTEXT_PACKAGE, lalan_i18n_get_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return chosen_locale;
}

/**
 * lalan_i18n_get_locale:
 *
 * Returns: the locale lalan_i18n_init() chose, or %NULL before it ran
 */
const char *
lalan_i18n_get_locale (void)
{
  return chosen_locale;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * lalan_i18n_list_languages:
 *
 * Lists the interface languages available: English (the source language)
 * and every language with an installed Lalan catalog.
 *
 * Returns: (transfer full): a sorted, %NULL-terminated array of codes
 */
char **
lalan_i18n_list_languages (void)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  g_autoptr(GDir) dir = NULL;
  g_autofree char *mo_name = g_strconcat (GETTEXT_PACKAGE, ".mo", NULL);
  const char *name;

  g_ptr_array_add (codes, g_strdup ("en"));

  dir = g_dir_open (lalan_i18n_get_localedir (), 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *mo = g_build_filename (lalan_i18n_get_localedir (),
                                              name, "LC_MESSAGES", mo_name,
                                              NULL);

      if (!g_str_equal (name, "en") && g_file_test (mo, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (codes, g_strdup (name));
    }

  g_ptr_array_sort (codes, compare_strings);
  g_ptr_array_add (codes, NULL);

  return (char **) g_ptr_array_steal (codes, NULL);
}

/**
 * lalan_i18n_get_language_name:
 * @code: a language code such as "zh_TW" or "ami"
 *
 * Returns: (transfer full): the language's name in itself, or @code when
 *   it is not known
 */
char *
lalan_i18n_get_language_name (const char *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (language_names); i++)
    {
      if (g_str_equal (language_names[i].code, code))
        return g_strdup (language_names[i].autonym);
    }

  return g_strdup (code);
}
