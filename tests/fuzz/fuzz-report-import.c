/* fuzz-report-import.c: libFuzzer target for reading report XML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any bytes go through the whole reader (size cap, parser, DOCTYPE refusal,
 * namespace and version, schema, dates). Whatever it accepts must write out
 * again and read back to the same bytes, so the writer, the schema and the
 * reader are fuzzed against each other. Seed it with
 * tests/fixtures/report/.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "mc-report-xml.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(McReport) report = NULL;
  g_autoptr(McReport) again = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) rewritten = NULL;
  g_autoptr(GError) error = NULL;

  report = mc_report_read_xml_bytes (bytes, "fuzz.xml", &error);
  if (report == NULL)
    {
      g_assert (error != NULL && error->domain == MC_REPORT_ERROR);
      return 0;
    }

  written = mc_report_to_xml (report, &error);
  g_assert_no_error (error);
  again = mc_report_read_xml_bytes (written, "written.xml", &error);
  g_assert_no_error (error);
  rewritten = mc_report_to_xml (again, &error);
  g_assert_no_error (error);
  g_assert (g_bytes_equal (written, rewritten));

  return 0;
}
