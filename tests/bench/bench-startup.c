/* bench-startup.c — cold start to first frame and peak memory of Lalan,
 * against a bare libadwaita window started the same way in the same run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-test.h"

#include <glib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define RUNS 11

static const char *locales[] = { "zh_TW.UTF-8", "en_US.UTF-8" };

typedef struct
{
  double ms;
  double max_rss_mib;
} Sample;

static Sample
run_once (const char *program,
          const char *data_dir,
          const char *locale)
{
  struct rusage usage;
  gint64 start;
  Sample sample = { 0 };
  int status;
  pid_t pid;

  start = g_get_monotonic_time ();
  pid = fork ();
  g_assert (pid >= 0);
  if (pid == 0)
    {
      g_setenv ("LALAN_EXIT_AFTER_FIRST_FRAME", "1", TRUE);
      g_setenv ("LALAN_DATA_DIR", data_dir, TRUE);
      g_setenv ("GTK_A11Y", "none", TRUE);
      g_setenv ("LC_ALL", locale, TRUE);
      g_setenv ("LANGUAGE", "", TRUE);
      execl (program, program, NULL);
      _exit (127);
    }

  g_assert (wait4 (pid, &status, 0, &usage) == pid);
  sample.ms = (g_get_monotonic_time () - start) / 1000.0;
  sample.max_rss_mib = usage.ru_maxrss / 1024.0;

  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("%s did not exit cleanly after its first frame", program);

  return sample;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), (int (*)(const void *, const void *)) compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dir = NULL;
  double lalan_ms[RUNS], bare_ms[RUNS], lalan_rss[RUNS], bare_rss[RUNS];
  double lalan_median, bare_median, lalan_mem, bare_mem;

  if (argc != 3)
    {
      g_printerr ("usage: %s LALAN BARE_WINDOW\n", argv[0]);
      return 2;
    }

  data_dir = lalan_test_make_tmp_dir ("bench-startup");

  /* Traditional Chinese is what most people see; its fonts cost memory that
   * English text does not, so both are measured. The bare window runs in
   * the same locale. */
  for (guint l = 0; l < G_N_ELEMENTS (locales); l++)
    {
      /* One warm-up of each so both start from the same page cache state,
       * then alternate so machine load hits both alike. */
      run_once (argv[1], data_dir, locales[l]);
      run_once (argv[2], data_dir, locales[l]);
      for (guint i = 0; i < RUNS; i++)
        {
          Sample s_lalan = run_once (argv[1], data_dir, locales[l]);
          Sample s_bare = run_once (argv[2], data_dir, locales[l]);

          lalan_ms[i] = s_lalan.ms;
          lalan_rss[i] = s_lalan.max_rss_mib;
          bare_ms[i] = s_bare.ms;
          bare_rss[i] = s_bare.max_rss_mib;
        }

      lalan_median = median (lalan_ms, RUNS);
      bare_median = median (bare_ms, RUNS);
      lalan_mem = median (lalan_rss, RUNS);
      bare_mem = median (bare_rss, RUNS);

      g_print ("{\"bench\": \"startup\", \"metric\": \"%s: start to first frame (median of %d)\", "
               "\"value\": %.1f, \"unit\": \"ms\", \"baseline\": %.1f, \"ratio\": %.2f, \"goal\": \"<= 1.3x\"}\n",
               locales[l], RUNS, lalan_median, bare_median, lalan_median / bare_median);
      g_print ("{\"bench\": \"startup\", \"metric\": \"%s: peak memory (median)\", "
               "\"value\": %.1f, \"unit\": \"MiB\", \"baseline\": %.1f, \"ratio\": %.2f, "
               "\"goal\": \"<= baseline + 20 MiB (+%.1f)\"}\n",
               locales[l], lalan_mem, bare_mem, lalan_mem / bare_mem, lalan_mem - bare_mem);
    }

  lalan_test_remove_tree (data_dir);
  return 0;
}
