/* standalone-driver.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs a libFuzzer target without libFuzzer (gcc builds, `make check`):
 * every file of the corpus directories given, then, for
 * LALAN_FUZZ_SECONDS (default 5), inputs made by mutating them with a
 * fixed seed (LALAN_FUZZ_SEED), so a failure can be reproduced. An input
 * that crashes is written to LALAN_FUZZ_CRASH_DIR (default: the current
 * folder) before the crash, as crash-N.xml.
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char *const tokens[] = {
  "<", ">", "/>", "</", "\"", "'", "&", "&amp;", "<!DOCTYPE a [<!ENTITY e \"x\">]>", "&e;",
  "(", ")", "[", "]", "/", "//", "..", ".", "@", "::", "*", "|", " or ", " and ", " div ",
  "=", "!=", "<=", ">=", "-", "0 div 0", "1e308", "-0", "''", "\"\"",
  "jr:itext('", "instance('", "current()", "position(..)", "count(", "concat(", "randomize(",
  "indexed-repeat(", "once(", "selected(", "jr:choice-name(", "format-date(", "date(",
  "<repeat nodeset=\"", "<group ref=\"", "<input ref=\"", "<select1 ref=\"", "<itemset nodeset=\"",
  "<output value=\"", "<setvalue event=\"odk-new-repeat\" ref=\"", "jr:count=\"", "jr:template=\"\"",
  "relevant=\"", "calculate=\"", "constraint=\"", "required=\"true()\"", "readonly=\"", "/data/",
  "\xe4\xb8\xad", "\xff", "\x00",
};

static GPtrArray *seeds;
static char *crash_dir;
static guint n_run;

static void
run_one (const guint8 *data,
         gsize         size)
{
  g_autofree char *path = g_strdup_printf ("%s/crash-%u.xml", crash_dir, n_run % 4);

  /* Kept on disk until the next input: what is left after a crash is it. */
  g_file_set_contents (path, (const char *) data, size, NULL);
  LLVMFuzzerTestOneInput (data, size);
  g_unlink (path);
  n_run++;
}

static void
add_seed (const char *path)
{
  char *contents = NULL;
  gsize length = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
      g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
      for (guint i = 0; i < names->len; i++)
        add_seed (g_ptr_array_index (names, i));
      return;
    }
  if (!g_file_get_contents (path, &contents, &length, NULL))
    return;
  g_ptr_array_add (seeds, g_bytes_new_take (contents, length));
}

static void
insert_bytes (GByteArray   *array,
              guint         position,
              const guint8 *data,
              guint         length)
{
  guint old = array->len;

  g_byte_array_set_size (array, old + length);
  memmove (array->data + position + length, array->data + position, old - position);
  memcpy (array->data + position, data, length);
}

static GByteArray *
mutate (GRand *rand)
{
  GBytes *seed = g_ptr_array_index (seeds, g_rand_int_range (rand, 0, seeds->len));
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (seed, &size);
  GByteArray *out = g_byte_array_new ();
  guint n = g_rand_int_range (rand, 1, 6);

  g_byte_array_append (out, data, size);
  for (guint i = 0; i < n; i++)
    {
      guint position = out->len ? g_rand_int_range (rand, 0, out->len) : 0;
      /* Drawn once: MIN() evaluates its arguments twice. */
      guint span = g_rand_int_range (rand, 1, 512);

      switch (g_rand_int_range (rand, 0, 6))
        {
        case 0: /* flip a bit */
          if (out->len)
            out->data[position] ^= 1 << g_rand_int_range (rand, 0, 8);
          break;
        case 1: /* delete a range */
          if (out->len)
            g_byte_array_remove_range (out, position, MIN (span % 64 + 1, out->len - position));
          break;
        case 2: /* insert a token */
          {
            const char *token = tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))];
            gsize length = strlen (token) ? strlen (token) : 1;

            insert_bytes (out, position, (const guint8 *) token, length);
          }
          break;
        case 3: /* duplicate a range */
          if (out->len)
            {
              guint length = MIN (span % 256 + 1, out->len - position);
              g_autofree guint8 *copy = g_memdup2 (out->data + position, length);

              insert_bytes (out, g_rand_int_range (rand, 0, out->len), copy, length);
            }
          break;
        case 4: /* splice in part of another seed */
          {
            GBytes *other = g_ptr_array_index (seeds, g_rand_int_range (rand, 0, seeds->len));
            gsize other_size = 0;
            const guint8 *other_data = g_bytes_get_data (other, &other_size);

            if (other_size > 0)
              {
                guint from = g_rand_int_range (rand, 0, other_size);
                guint length = MIN (span, other_size - from);

                insert_bytes (out, position, other_data + from, length);
              }
          }
          break;
        default: /* truncate */
          g_byte_array_set_size (out, position);
          break;
        }
    }
  return out;
}

int
main (int   argc,
      char *argv[])
{
  const char *seconds_text = g_getenv ("LALAN_FUZZ_SECONDS");
  const char *seed_text = g_getenv ("LALAN_FUZZ_SEED");
  double seconds = seconds_text ? g_ascii_strtod (seconds_text, NULL) : 5;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed_text ? atoi (seed_text) : 1);
  g_autoptr(GTimer) timer = g_timer_new ();
  guint n_seeds, n_mutants = 0;

  crash_dir = g_strdup (g_getenv ("LALAN_FUZZ_CRASH_DIR") ? g_getenv ("LALAN_FUZZ_CRASH_DIR") : ".");
  seeds = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    add_seed (argv[i]);
  n_seeds = seeds->len;
  if (n_seeds == 0)
    {
      g_printerr ("No corpus files.\n");
      return 1;
    }

  for (guint i = 0; i < n_seeds; i++)
    {
      gsize size = 0;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (seeds, i), &size);

      run_one (data, size);
    }

  while (g_timer_elapsed (timer, NULL) < seconds)
    {
      g_autoptr(GByteArray) input = mutate (rand);

      run_one (input->data, input->len);
      n_mutants++;
    }

  g_print ("# %u corpus inputs and %u mutations in %.1f s, no crash\n",
           n_seeds, n_mutants, g_timer_elapsed (timer, NULL));
  g_ptr_array_unref (seeds);
  g_free (crash_dir);
  return 0;
}
