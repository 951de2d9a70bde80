/* lalan-pin.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-pin.h"

#include "lalan-lesson-error.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <nettle/pbkdf2.h>
#include <nettle/sha2.h>
#include <string.h>
#include <sys/random.h>

/* A learner's or teacher's PIN on a shared computer. Four digits are
 * guessed quickly by anyone who copies the database, so the PIN is only
 * what keeps one learner from opening another's progress by mistake or
 * mischief; still it is never stored: PBKDF2-HMAC-SHA256 with a random
 * salt and many iterations, compared in constant time.
 *
 * Stored form: "pbkdf2-sha256$ITERATIONS$SALT$HASH" (base64). */

#define SCHEME "pbkdf2-sha256"
#define SALT_LENGTH 16
#define HASH_LENGTH SHA256_DIGEST_SIZE
#define MAX_ITERATIONS 10000000

/**
 * lalan_pin_is_valid:
 * @pin: (nullable): what was typed
 *
 * Returns: %TRUE for exactly four ASCII digits
 */
gboolean
lalan_pin_is_valid (const char *pin)
{
  if (pin == NULL || strlen (pin) != LALAN_PIN_LENGTH)
    return FALSE;
  for (guint i = 0; i < LALAN_PIN_LENGTH; i++)
    {
      if (!g_ascii_isdigit (pin[i]))
        return FALSE;
    }
  return TRUE;
}

/**
 * lalan_pin_hash_full:
 * @pin: a valid PIN
 * @iterations: PBKDF2 iterations
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the string to store
 */
char *
lalan_pin_hash_full (const char  *pin,
                     guint        iterations,
                     GError     **error)
{
  guint8 salt[SALT_LENGTH];
  guint8 hash[HASH_LENGTH];
  g_autofree char *salt64 = NULL;
  g_autofree char *hash64 = NULL;
  gsize got = 0;

  if (!lalan_pin_is_valid (pin))
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_BAD_PIN,
                   _("A PIN is four digits, such as 2580."));
      return NULL;
    }

  while (got < sizeof salt)
    {
      ssize_t n = getrandom (salt + got, sizeof salt - got, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_FAILED,
                       _("The computer gave no random numbers to protect the PIN."));
          return NULL;
        }
      got += (gsize) n;
    }

  pbkdf2_hmac_sha256 (strlen (pin), (const guint8 *) pin, iterations,
                      sizeof salt, salt, sizeof hash, hash);

  salt64 = g_base64_encode (salt, sizeof salt);
  hash64 = g_base64_encode (hash, sizeof hash);

  return g_strdup_printf (SCHEME "$%u$%s$%s", iterations, salt64, hash64);
}

/**
 * lalan_pin_hash:
 * @pin: a valid PIN
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the string to store
 */
char *
lalan_pin_hash (const char  *pin,
                GError     **error)
{
  return lalan_pin_hash_full (pin, LALAN_PIN_DEFAULT_ITERATIONS, error);
}

/**
 * lalan_pin_verify:
 * @pin: (nullable): what was typed
 * @stored: (nullable): a string from lalan_pin_hash()
 *
 * Returns: %TRUE when @pin is the PIN @stored was made from
 */
gboolean
lalan_pin_verify (const char *pin,
                  const char *stored)
{
  g_auto(GStrv) parts = NULL;
  g_autofree guint8 *salt = NULL;
  g_autofree guint8 *expected = NULL;
  guint8 hash[HASH_LENGTH];
  gsize salt_length, expected_length;
  guint64 iterations;
  guint8 difference = 0;

  if (pin == NULL || stored == NULL || !lalan_pin_is_valid (pin))
    return FALSE;

  parts = g_strsplit (stored, "$", -1);
  if (g_strv_length (parts) != 4 || !g_str_equal (parts[0], SCHEME))
    return FALSE;

  iterations = g_ascii_strtoull (parts[1], NULL, 10);
  /* A hostile database must not make one check run for hours. */
  if (iterations == 0 || iterations > MAX_ITERATIONS)
    return FALSE;

  salt = g_base64_decode (parts[2], &salt_length);
  expected = g_base64_decode (parts[3], &expected_length);
  if (salt_length == 0 || expected_length != HASH_LENGTH)
    return FALSE;

  pbkdf2_hmac_sha256 (strlen (pin), (const guint8 *) pin, (unsigned) iterations,
                      salt_length, salt, sizeof hash, hash);

  /* Constant time: every byte is compared whatever the first ones are. */
  for (guint i = 0; i < HASH_LENGTH; i++)
    difference |= hash[i] ^ expected[i];

  return difference == 0;
}
