/* report-sample-writer.c: writes the sample reports for check-report-xmllint.sh
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: report-sample-writer DIRECTORY
 */

#include "config.h"

#include <stdio.h>

#include "mc-report-xml.h"
#include "report-sample.h"

static gboolean
write_one (McReport   *report,
           const char *directory,
           const char *name)
{
  g_autofree char *path = g_build_filename (directory, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!mc_report_write_xml (report, path, &error))
    {
      fprintf (stderr, "%s: %s\n", name, error->message);
      return FALSE;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(McReport) full = NULL;
  g_autoptr(McReport) anonymised = NULL;
  g_autoptr(McReport) hostile = NULL;
  g_autoptr(McReport) hostile_anonymised = NULL;
  g_autoptr(McReport) long_report = NULL;
  gboolean ok = TRUE;

  if (argc != 2)
    {
      fprintf (stderr, "Usage: %s DIRECTORY\n", argv[0]);
      return 2;
    }

  full = report_sample_full ();
  anonymised = mc_report_anonymize (full);
  hostile = report_sample_hostile ();
  hostile_anonymised = mc_report_anonymize (hostile);
  long_report = report_sample_long (3000);

  ok &= write_one (full, argv[1], "full.xml");
  ok &= write_one (anonymised, argv[1], "anonymised.xml");
  ok &= write_one (hostile, argv[1], "hostile.xml");
  ok &= write_one (hostile_anonymised, argv[1], "hostile-anonymised.xml");
  ok &= write_one (long_report, argv[1], "long.xml");

  return ok ? 0 : 1;
}
