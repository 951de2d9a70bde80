/* lalan-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-text.h"

#include <string.h>

/* Formosan orthographies write the glottal stop and other marks with
 * whichever apostrophe the keyboard gives: ASCII ', ’ (what phones
 * autocorrect to), ʼ (the modifier letter the standard asks for), ʻ, and ‘.
 * A learner's answer must not be wrong because of the keyboard. */
static gboolean
is_apostrophe (gunichar c)
{
  return c == 0x0027 || c == 0x2019 || c == 0x02BC || c == 0x02BB || c == 0x2018;
}

/**
 * lalan_text_normalize:
 * @text: UTF-8 text
 *
 * Composes @text to NFC and folds every apostrophe variant to U+0027.
 *
 * Returns: (transfer full) (nullable): the normalized text, or %NULL when
 *   @text is not valid UTF-8
 */
char *
lalan_text_normalize (const char *text)
{
  g_autofree char *nfc = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  if (nfc == NULL)
    return NULL;

  out = g_string_sized_new (strlen (nfc));
  for (const char *p = nfc; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_apostrophe (c))
        g_string_append_c (out, '\'');
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/**
 * lalan_text_equal:
 * @a: UTF-8 text
 * @b: UTF-8 text
 *
 * Returns: %TRUE when @a and @b are the same text after
 *   lalan_text_normalize()
 */
gboolean
lalan_text_equal (const char *a,
                  const char *b)
{
  g_autofree char *na = NULL;
  g_autofree char *nb = NULL;

  if (a == NULL || b == NULL)
    return a == b;

  na = lalan_text_normalize (a);
  nb = lalan_text_normalize (b);

  return na != NULL && nb != NULL && strcmp (na, nb) == 0;
}

/**
 * lalan_text_answer_key:
 * @text: what a learner typed
 *
 * The form a typed answer is compared in: normalized, case-folded, spaces
 * at the ends removed and runs of spaces made one, so "  Taipei " and
 * "taipei" are the same answer.
 *
 * Returns: (transfer full) (nullable): the key, %NULL for invalid UTF-8
 */
char *
lalan_text_answer_key (const char *text)
{
  g_autofree char *normal = NULL;
  g_autofree char *folded = NULL;
  GString *out;
  gboolean space = FALSE;

  g_return_val_if_fail (text != NULL, NULL);

  normal = lalan_text_normalize (text);
  if (normal == NULL)
    return NULL;
  folded = g_utf8_casefold (normal, -1);

  out = g_string_new (NULL);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/**
 * lalan_text_answer_equal:
 * @a: a typed answer
 * @b: an accepted answer
 *
 * Returns: %TRUE when both have the same lalan_text_answer_key()
 */
gboolean
lalan_text_answer_equal (const char *a,
                         const char *b)
{
  g_autofree char *ka = NULL;
  g_autofree char *kb = NULL;

  if (a == NULL || b == NULL)
    return FALSE;

  ka = lalan_text_answer_key (a);
  kb = lalan_text_answer_key (b);

  return ka != NULL && kb != NULL && strcmp (ka, kb) == 0;
}

/**
 * lalan_text_lookup_localized:
 * @texts: (nullable): a table from language code to text
 * @language: (nullable): the language wanted, such as "ami", "zh_TW" or "en"
 * @out_language: (out) (optional): the language of the text returned
 *
 * Finds the text for @language, falling back to zh_TW, then to en, then to
 * whichever language is there (the first in code order, so the choice never
 * depends on hashing). A region is dropped before falling back: "zh_HK"
 * looks for "zh" too.
 *
 * Returns: (transfer none) (nullable): the text, or %NULL if @texts is empty
 */
const char *
lalan_text_lookup_localized (GHashTable  *texts,
                             const char  *language,
                             const char **out_language)
{
  const char *fallbacks[] = { language, NULL, "zh_TW", "en" };
  g_autofree char *base = NULL;
  GHashTableIter iter;
  gpointer key, value;
  const char *best = NULL;

  if (out_language != NULL)
    *out_language = NULL;
  if (texts == NULL)
    return NULL;

  if (language != NULL && strchr (language, '_') != NULL)
    {
      base = g_strndup (language, strchr (language, '_') - language);
      fallbacks[1] = base;
    }

  for (guint i = 0; i < G_N_ELEMENTS (fallbacks); i++)
    {
      const char *text;
      gpointer orig_key;

      if (fallbacks[i] == NULL)
        continue;
      if (g_hash_table_lookup_extended (texts, fallbacks[i], &orig_key, (gpointer *) &text))
        {
          if (out_language != NULL)
            *out_language = orig_key;
          return text;
        }
    }

  g_hash_table_iter_init (&iter, texts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (best == NULL || strcmp (key, best) < 0)
        best = key;
    }

  if (best == NULL)
    return NULL;
  if (out_language != NULL)
    *out_language = best;

  return g_hash_table_lookup (texts, best);
}

/**
 * lalan_text_get_user_language:
 *
 * The language lesson content should be shown in, from the same
 * environment gettext reads (LANGUAGE, LC_ALL, LC_MESSAGES, LANG): "zh_TW",
 * "en", "ami"... The C locale counts as English.
 *
 * Returns: (transfer none): a language code
 */
const char *
lalan_text_get_user_language (void)
{
  static gsize language = 0;

  if (g_once_init_enter (&language))
    {
      const char * const *names = g_get_language_names ();
      char *found = NULL;

      for (guint i = 0; names[i] != NULL && found == NULL; i++)
        {
          if (g_str_equal (names[i], "C") || g_str_equal (names[i], "POSIX"))
            found = g_strdup ("en");
          else if (strpbrk (names[i], ".@") == NULL)
            found = g_strdup (names[i]);
        }

      g_once_init_leave (&language, (gsize) (found ? found : g_strdup ("en")));
    }

  return (const char *) language;
}
