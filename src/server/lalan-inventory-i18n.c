/* lalan-inventory-i18n.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-i18n.h"

#include <libsoup/soup.h>
#include <string.h>

/* The process serves several languages at once. gettext follows the
 * LC_MESSAGES category of the calling thread's locale (uselocale), so each
 * request switches its thread to a locale object made once at start-up and
 * switches back when its text is written. English is the language of the
 * source strings, so the C locale serves it. */
static locale_t zh_tw_locale = (locale_t) 0;
static locale_t en_locale = (locale_t) 0;

/**
 * lalan_inventory_i18n_init_server:
 *
 * Prepares the per-request languages. Must run before any thread starts:
 * it removes `LANGUAGE` from the environment, which would otherwise win
 * over the per-thread locale and give every request the same language.
 */
void
lalan_inventory_i18n_init_server (void)
{
  g_unsetenv ("LANGUAGE");

  if (zh_tw_locale == (locale_t) 0)
    zh_tw_locale = newlocale (LC_MESSAGES_MASK, "zh_TW.UTF-8", (locale_t) 0);
  if (en_locale == (locale_t) 0)
    en_locale = newlocale (LC_MESSAGES_MASK, "C.UTF-8", (locale_t) 0);
  if (en_locale == (locale_t) 0)
    en_locale = newlocale (LC_MESSAGES_MASK, "C", (locale_t) 0);

  if (zh_tw_locale == (locale_t) 0)
    g_message ("The zh_TW.UTF-8 locale is not installed; pages will be in English "
               "(build-aux/install-deps.sh generates it)");
}

/**
 * lalan_inventory_i18n_choose:
 * @query_lang: (nullable): the `lang` query parameter, such as "en"
 * @accept_language: (nullable): the Accept-Language header
 *
 * An explicit `?lang=` wins; then the first language of Accept-Language
 * that the server has; Traditional Chinese otherwise, as most readers are
 * CIP and district staff.
 *
 * Returns: the language of the answer
 */
LalanInventoryLanguage
lalan_inventory_i18n_choose (const char *query_lang,
                             const char *accept_language)
{
  GSList *tags;
  LalanInventoryLanguage result = LALAN_INVENTORY_LANGUAGE_ZH_TW;

  if (query_lang != NULL && *query_lang != '\0')
    {
      if (g_ascii_strncasecmp (query_lang, "en", 2) == 0)
        return LALAN_INVENTORY_LANGUAGE_EN;
      return LALAN_INVENTORY_LANGUAGE_ZH_TW;
    }

  if (accept_language == NULL)
    return result;

  tags = soup_header_parse_quality_list (accept_language, NULL);
  for (GSList *l = tags; l != NULL; l = l->next)
    {
      const char *tag = l->data;

      if (g_ascii_strncasecmp (tag, "zh", 2) == 0)
        {
          result = LALAN_INVENTORY_LANGUAGE_ZH_TW;
          break;
        }
      if (g_ascii_strncasecmp (tag, "en", 2) == 0)
        {
          result = LALAN_INVENTORY_LANGUAGE_EN;
          break;
        }
    }
  soup_header_free_list (tags);

  return result;
}

/**
 * lalan_inventory_i18n_push:
 * @language: the language of what the calling thread writes next
 *
 * Returns: the previous locale of the thread, for lalan_inventory_i18n_pop()
 */
locale_t
lalan_inventory_i18n_push (LalanInventoryLanguage language)
{
  locale_t wanted = language == LALAN_INVENTORY_LANGUAGE_EN ? en_locale : zh_tw_locale;

  if (wanted == (locale_t) 0)
    wanted = en_locale;
  if (wanted == (locale_t) 0)
    return uselocale ((locale_t) 0);

  return uselocale (wanted);
}

/**
 * lalan_inventory_i18n_pop:
 * @previous: what lalan_inventory_i18n_push() returned
 */
void
lalan_inventory_i18n_pop (locale_t previous)
{
  uselocale (previous);
}

/**
 * lalan_inventory_i18n_get_tag:
 * @language: a language
 *
 * Returns: its BCP 47 tag, for `lang=` in HTML and Content-Language
 */
const char *
lalan_inventory_i18n_get_tag (LalanInventoryLanguage language)
{
  return language == LALAN_INVENTORY_LANGUAGE_EN ? "en" : "zh-Hant-TW";
}
