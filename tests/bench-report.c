/* bench-report.c: how long a decision report takes to export and import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A full case (ten signals, three consultations, every step). Targets:
 * XML export under 10 ms, PDF under 150 ms, import under 20 ms. Prints the
 * median of many runs; no asserts on time.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mc-limits.h"
#include "mc-report-renderer.h"
#include "mc-report-xml.h"
#include "mc-test-util.h"
#include "report-sample.h"

typedef void (*BenchFunc) (McReport *report, const char *path);

static double
median_ms (BenchFunc   func,
           McReport   *report,
           const char *path,
           guint       runs)
{
  g_autoptr(GArray) times = g_array_sized_new (FALSE, FALSE, sizeof (double), runs);

  /* The first run loads fonts and compiles the schema. */
  func (report, path);
  for (guint i = 0; i < runs; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double ms;

      func (report, path);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
    }
  return mc_test_median ((double *) (gpointer) times->data, times->len);
}

static void
xml_to_memory (McReport   *report,
               const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = mc_report_to_xml (report, &error);

  g_assert_no_error (error);
}

static void
xml_to_file (McReport   *report,
             const char *path)
{
  g_autoptr(GError) error = NULL;

  mc_report_write_xml (report, path, &error);
  g_assert_no_error (error);
}

static void
xml_import (McReport   *report,
            const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McReport) read = mc_report_read_xml (path, &error);

  g_assert_no_error (error);
}

static void
pdf_to_memory (McReport   *report,
               const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = mc_report_render_pdf (report, &error);

  g_assert_no_error (error);
}

static void
pdf_to_file (McReport   *report,
             const char *path)
{
  g_autoptr(GError) error = NULL;

  mc_report_write_pdf (report, path, &error);
  g_assert_no_error (error);
}

static void
anonymize (McReport   *report,
           const char *path)
{
  g_autoptr(McReport) anonymous = mc_report_anonymize (report);
}

/* The PDF of report_sample_bounded() in a child of its own, so that its
 * peak memory is its own: processor seconds (the machine may be shared)
 * and MiB, through a pipe. */
static void
measure_bounded (double *seconds,
                 double *mib)
{
  int fds[2];
  pid_t pid;
  double result[2] = { -1, -1 };
  int status;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr(McReport) report = report_sample_bounded ();
      g_autoptr(GBytes) bytes = NULL;
      struct rusage before;
      struct rusage usage;

      close (fds[0]);
      getrusage (RUSAGE_SELF, &before);
      bytes = mc_report_render_pdf (report, NULL);
      getrusage (RUSAGE_SELF, &usage);
      result[0] = (usage.ru_utime.tv_sec - before.ru_utime.tv_sec)
                  + (usage.ru_stime.tv_sec - before.ru_stime.tv_sec)
                  + ((usage.ru_utime.tv_usec - before.ru_utime.tv_usec)
                     + (usage.ru_stime.tv_usec - before.ru_stime.tv_usec)) / 1e6;
      result[1] = bytes != NULL ? usage.ru_maxrss / 1024.0 : -1;
      if (write (fds[1], result, sizeof result) != sizeof result)
        _exit (1);
      _exit (0);
    }
  close (fds[1]);
  if (read (fds[0], result, sizeof result) != sizeof result)
    g_error ("The bounded-layout child gave no result");
  close (fds[0]);
  waitpid (pid, &status, 0);
  *seconds = result[0];
  *mib = result[1];
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(McReport) report = report_sample_full ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-report-XXXXXX", &error);
  g_autofree char *xml = NULL;
  g_autofree char *pdf = NULL;

  g_assert_no_error (error);
  xml = g_build_filename (dir, "report.xml", NULL);
  pdf = g_build_filename (dir, "report.pdf", NULL);

  printf ("Decision report of a full case: %u signals, %u consultations\n",
          report->signals->len, report->consultations->len);
  printf ("  XML export, validated, in memory:     %7.2f ms  (target < 10 ms)\n",
          median_ms (xml_to_memory, report, NULL, 200));
  printf ("  XML export to a file (synced):         %7.2f ms\n",
          median_ms (xml_to_file, report, xml, 50));
  printf ("  XML import, validated, from a file:    %7.2f ms  (target < 20 ms)\n",
          median_ms (xml_import, report, xml, 200));
  printf ("  PDF export, in memory:                 %7.2f ms  (target < 150 ms)\n",
          median_ms (pdf_to_memory, report, NULL, 30));
  printf ("  PDF export to a file (synced):         %7.2f ms\n",
          median_ms (pdf_to_file, report, pdf, 20));
  printf ("  Anonymise:                             %7.2f ms\n",
          median_ms (anonymize, report, NULL, 200));

  {
    double seconds, mib;

    measure_bounded (&seconds, &mib);
    printf ("Bounded layout: five free texts of %d characters (words, no spaces, right-to-left,\n"
            "combining characters, short lines) in a full case\n", MC_LIMIT_TEXT_CHARS);
    printf ("  PDF export, in memory, processor time: %7.2f s   (ceiling 5 s)\n", seconds);
    printf ("  Peak memory of the process:            %7.1f MiB (ceiling 300 MiB)\n", mib);
  }

  g_remove (xml);
  g_remove (pdf);
  g_rmdir (dir);
  return 0;
}
