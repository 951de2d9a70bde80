/* bench-lessons.c: the lesson library and pack installation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-test.h"
#include "lessons-fixture.h"

#include "lalan-library.h"
#include "lalan-pack-build.h"
#include "lalan-pack-install.h"

#include <glib/gstdio.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#define N_PACKS 50
#define LESSONS_PER_PACK 10
#define BIG_SIZE (100 * 1024 * 1024)
#define ROUNDS 5

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), (int (*) (const void *, const void *)) compare_doubles);
  return values[n / 2];
}

static void
print_figure (const char *bench,
              const char *metric,
              double      value,
              const char *unit,
              double      baseline,
              const char *goal)
{
  printf ("{\"bench\": \"%s\", \"metric\": \"%s\", \"value\": %.2f, \"unit\": \"%s\", "
          "\"baseline\": %.2f, \"ratio\": %.3f, \"goal\": \"%s\"}\n",
          bench, metric, value, unit, baseline, baseline > 0 ? value / baseline : 0.0, goal);
  fflush (stdout);
}

/* 50 packs of 10 lessons, each pack with its file list, as installed. */
static void
bench_library (const char *root)
{
  g_autofree char *installed = g_build_filename (root, "installed", NULL);
  double open_ms[ROUNDS], read_ms[ROUNDS];
  guint n_lessons = 0;

  for (guint p = 0; p < N_PACKS; p++)
    {
      g_autofree char *id = g_strdup_printf ("bench.pack-%02u", p);
      g_autoptr(GPtrArray) lessons = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *dir = NULL;
      g_autoptr(GError) error = NULL;

      for (guint l = 0; l < LESSONS_PER_PACK; l++)
        g_ptr_array_add (lessons, g_strdup_printf ("lesson-%02u", l));
      g_ptr_array_add (lessons, NULL);
      dir = fixture_write_pack (installed, id, "1.0", (const char * const *) lessons->pdata);
      if (!lalan_pack_build (dir, NULL, TRUE, NULL, &error))
        g_error ("%s", error->message);
    }

  for (guint r = 0; r < ROUNDS; r++)
    {
      g_autoptr(LalanLibrary) library = NULL;
      gint64 start = g_get_monotonic_time ();

      library = lalan_library_new_for_dirs (NULL, installed);
      n_lessons = lalan_library_get_n_lessons (library);
      open_ms[r] = (g_get_monotonic_time () - start) / 1000.0;

      /* Baseline: only reading the same 50 manifests' bytes. */
      start = g_get_monotonic_time ();
      for (guint p = 0; p < N_PACKS; p++)
        {
          g_autofree char *path = g_strdup_printf ("%s/bench.pack-%02u/pack.json", installed, p);
          g_autofree char *text = NULL;

          g_file_get_contents (path, &text, NULL, NULL);
        }
      read_ms[r] = (g_get_monotonic_time () - start) / 1000.0;
    }

  g_assert_cmpuint (n_lessons, ==, N_PACKS * LESSONS_PER_PACK);
  print_figure ("lessons", "library of 50 packs / 500 lessons opens", median (open_ms, ROUNDS), "ms",
                median (read_ms, ROUNDS), "< 150 ms");
}

static double
run_cp (const char *from,
        const char *to,
        double     *durable_s)
{
  const char *argv[] = { "cp", from, to, NULL };
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  double copied_s;
  int status, fd;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error))
    g_error ("%s", error->message);
  copied_s = (g_get_monotonic_time () - start) / 1e6;

  /* The same copy made durable, as an install is before its rename. */
  fd = g_open (to, O_RDONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (fsync (fd), ==, 0);
  close (fd);
  *durable_s = (g_get_monotonic_time () - start) / 1e6;

  return copied_s;
}

/* A 100 MB pack (one lesson and a 100 MB recording), installed from its
 * .lalanpack, against cp of the same file into the same data folder. */
static void
bench_install (const char *root)
{
  g_autofree char *src_parent = g_build_filename (root, "src", NULL);
  const char *lessons[] = { "hello", NULL };
  g_autofree char *dir = fixture_write_pack (src_parent, "bench.big", "1.0", lessons);
  g_autofree char *big = g_build_filename (dir, "hello", "narration.ogg", NULL);
  g_autofree char *file = g_build_filename (root, "big.lalanpack", NULL);
  g_autofree char *data = g_malloc (BIG_SIZE);
  g_autoptr(GError) error = NULL;
  double install_s[3], cp_s[3], cp_sync_s[3], unpack_s[3];
  GStatBuf st;

  for (gsize i = 0; i < BIG_SIZE; i += 4)
    *(guint32 *) (data + i) = g_random_int ();
  if (!g_file_set_contents (big, data, BIG_SIZE, &error) ||
      !lalan_pack_build (dir, file, FALSE, NULL, &error))
    g_error ("%s", error->message);
  g_stat (file, &st);

  for (guint r = 0; r < G_N_ELEMENTS (install_s); r++)
    {
      g_autofree char *packs = g_strdup_printf ("%s/packs-%u", root, r);
      g_autofree char *copy = g_strdup_printf ("%s/copy-%u.lalanpack", root, r);
      g_autoptr(LalanPackInstall) install = NULL;
      gint64 start;

      cp_s[r] = run_cp (file, copy, &cp_sync_s[r]);

      start = g_get_monotonic_time ();
      install = lalan_pack_install_prepare (file, packs, NULL, 0, NULL, &error);
      if (install == NULL)
        g_error ("%s", error->message);
      unpack_s[r] = (g_get_monotonic_time () - start) / 1e6;
      if (!lalan_pack_install_commit (install, &error))
        g_error ("%s", error->message);
      install_s[r] = (g_get_monotonic_time () - start) / 1e6;

      g_unlink (copy);
      lalan_test_remove_tree (packs);
    }

  /* The whole install, with the syncfs() that makes it durable before the
   * rename (cp does not sync), and the unpacking alone (stream, hash,
   * check sizes and limits, validate), which is what the goal measures. */
  print_figure ("lessons", "install 100 MB pack, durable", (double) st.st_size / 1e6 / median (install_s, 3), "MB/s",
                (double) st.st_size / 1e6 / median (cp_s, 3), ">= 0.5x cp");
  print_figure ("lessons", "install 100 MB pack, durable, against cp + fsync", (double) st.st_size / 1e6 / median (install_s, 3), "MB/s",
                (double) st.st_size / 1e6 / median (cp_sync_s, 3), ">= 0.5x cp");
  print_figure ("lessons", "unpack+verify 100 MB pack", (double) st.st_size / 1e6 / median (unpack_s, 3), "MB/s",
                (double) st.st_size / 1e6 / median (cp_s, 3), ">= 0.5x cp");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *root = NULL;

  lalan_test_init (&argc, &argv);
  root = g_build_filename (lalan_test_get_data_dir (), "bench", NULL);
  g_mkdir_with_parents (root, 0700);

  bench_library (root);
  bench_install (root);

  lalan_test_remove_tree (root);
  return 0;
}
