/* mc-cli-stats.c: the taakhouder's figures, per laptop and combined
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mc-cli.h"
#include "mc-output-file.h"
#include "mc-report-export.h"
#include "mc-report-import.h"
#include "mc-stats-chart.h"
#include "mc-stats-display.h"
#include "mc-stats-store.h"
#include "mc-stats-xml.h"

/* Reading a file: 3 when it is not there, 4 when it cannot be used (not
 * a figures file, a DTD, too large, newer); combining files that do not
 * belong together is wrong use, 1, like an import of a case that is there
 * already. */
static McCliExit
stats_error_status (const GError *error)
{
  if (error->domain != MC_STATS_ERROR)
    return mc_cli_exit_status (error);

  switch ((McStatsError) error->code)
    {
    case MC_STATS_ERROR_INVALID:
    case MC_STATS_ERROR_FORBIDDEN_DTD:
    case MC_STATS_ERROR_NEWER:
    case MC_STATS_ERROR_TOO_LARGE:
      return MC_CLI_EXIT_INVALID_INPUT;
    case MC_STATS_ERROR_MIXED_PERIOD:
    case MC_STATS_ERROR_MIXED_PROTOCOL:
    case MC_STATS_ERROR_DUPLICATE_STORE:
    case MC_STATS_ERROR_BAD_PERIOD:
      return MC_CLI_EXIT_USAGE;
    case MC_STATS_ERROR_IO:
    default:
      return MC_CLI_EXIT_IO;
    }
}

static McCliExit
report_stats_error (const GError *error)
{
  g_autoptr(GError) copy = g_error_new_literal (MC_CLI_ERROR, stats_error_status (error), error->message);

  return mc_cli_report_error (copy);
}

static void
print_summary (const McStats *stats,
               McProtocol    *protocol,
               McCliFormat    format)
{
  g_autofree char *text = format == MC_CLI_FORMAT_TSV
                          ? mc_stats_summary_tsv (stats, protocol)
                          : mc_stats_summary_text (stats, protocol);

  mc_cli_print ("%s", text);
}

/* stats */

int
mc_cli_command_stats (McCliContext  *context,
                      int            argc,
                      char         **argv)
{
  int year = 0;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *output = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *format = NULL;
  McCliFormat parsed_format;
  gboolean recovery_key = FALSE;
  const GOptionEntry entries[] = {
    { "year", 0, 0, G_OPTION_ARG_INT, &year,
      N_("The calendar year to count (by default this year)"), N_("YEAR") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from,
      N_("The first month of another period"), N_("YYYY-MM") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to,
      N_("The last month of another period"), N_("YYYY-MM") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The figures file to write (replaced when it exists)"), N_("FILE") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf,
      N_("Also write the figures as a one-page PDF"), N_("FILE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("text or tsv: how the summary is printed"), N_("text|tsv") },
    { "recovery-key", 0, 0, G_OPTION_ARG_NONE, &recovery_key,
      N_("Open the store with the recovery key instead of the passphrase"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(McStats) stats = NULL;
  g_autoptr(GBytes) xml = NULL;
  g_autoptr(GBytes) pdf_bytes = NULL;
  int from_month, to_month;
  McStore *store;

  if (!mc_cli_parse_options (context, "stats", NULL,
                             N_("Count the anonymous figures of a period in this store (a calendar "
                                "year by default) and write them to a figures file for the "
                                "taakhouder meldcode, who adds up the files of all laptops with "
                                "“meldcode-cli stats-combine”. The file holds counts only: no "
                                "names, case numbers, days or text. Prints a summary in which "
                                "counts of 1 to 4 are shown as “<5”. Recorded in the audit trail."),
                             entries, &argc, &argv, 0, 0, &error)
      || !mc_cli_parse_format (format, FALSE, &parsed_format, &error))
    return mc_cli_report_error (error);

  if (output == NULL)
    {
      g_set_error_literal (&error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                           _("Name the file to write with --output."));
      return mc_cli_report_error (error);
    }
  if ((from != NULL) != (to != NULL) || (from != NULL && year != 0))
    {
      g_set_error_literal (&error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                           _("Give either --year, or --from and --to."));
      return mc_cli_report_error (error);
    }
  if (from != NULL)
    {
      if (!mc_stats_month_from_string (from, &from_month) || !mc_stats_month_from_string (to, &to_month)
          || to_month < from_month)
        {
          g_set_error_literal (&error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                               _("--from and --to are months (YYYY-MM), the first not after the last."));
          return mc_cli_report_error (error);
        }
    }
  else
    {
      if (year == 0)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_local ();

          year = g_date_time_get_year (now);
        }
      if (year < 1900 || year > 9998)
        {
          g_set_error_literal (&error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                               _("--year is a year such as 2026."));
          return mc_cli_report_error (error);
        }
      from_month = mc_stats_month (year, 1);
      to_month = mc_stats_month (year, 12);
    }

  /* A path that may not be written is said before the passphrase. */
  if (!mc_output_file_check (output, MC_OUTPUT_FILE_NONE, &error)
      || (pdf != NULL && !mc_output_file_check (pdf, MC_OUTPUT_FILE_NONE, &error)))
    return mc_cli_report_error (error);
  if ((protocol = mc_cli_context_load_protocol (context, &error)) == NULL)
    return mc_cli_report_error (error);
  if ((store = mc_cli_context_open_store (context, recovery_key, &error)) == NULL)
    return mc_cli_report_error (error);

  if ((stats = mc_store_compute_stats (store, protocol, from_month, to_month, NULL, &error)) == NULL)
    return mc_cli_close_store (store, report_stats_error (error));

  /* No figures leave without their row in the audit trail: written as
   * an export is, the row before the file takes its place. */
  if ((xml = mc_stats_to_xml (stats, &error)) == NULL)
    return mc_cli_close_store (store, report_stats_error (error));
  if (!mc_store_export_bytes (store, xml, 0, "meldcijfers", FALSE, output, &error))
    return mc_cli_close_store (store, mc_cli_report_error (error));
  if (pdf != NULL)
    {
      if ((pdf_bytes = mc_stats_render_pdf (stats, protocol, &error)) == NULL)
        return mc_cli_close_store (store, report_stats_error (error));
      if (!mc_store_export_bytes (store, pdf_bytes, 0, "meldcijfers-pdf", FALSE, pdf, &error))
        return mc_cli_close_store (store, mc_cli_report_error (error));
    }

  print_summary (stats, protocol, parsed_format);
  return mc_cli_close_store (store, MC_CLI_EXIT_OK);
}

/* stats-combine */

int
mc_cli_command_stats_combine (McCliContext  *context,
                              int            argc,
                              char         **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *format = NULL;
  McCliFormat parsed_format;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The combined figures file to write (replaced when it exists)"), N_("FILE") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf,
      N_("Also write the combined figures as a one-page PDF"), N_("FILE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("text or tsv: how the summary is printed"), N_("text|tsv") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_stats_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(McStats) sum = NULL;
  g_autoptr(McProtocol) protocol = NULL;

  if (!mc_cli_parse_options (context, "stats-combine", N_("FILE…"),
                             N_("Add up the figures files of many laptops (from “meldcode-cli stats” "
                                "or the application) into one, and print a summary. Files of "
                                "different periods or protocols, or two files of the same laptop, "
                                "are refused. Needs no store and no passphrase."),
                             entries, &argc, &argv, 1, G_MAXINT, &error)
      || !mc_cli_parse_format (format, FALSE, &parsed_format, &error))
    return mc_cli_report_error (error);

  for (int i = 1; i < argc; i++)
    {
      McStats *part;

      if (!g_file_test (argv[i], G_FILE_TEST_EXISTS))
        {
          g_set_error (&error, MC_CLI_ERROR, MC_CLI_EXIT_NOT_FOUND, _("There is no file “%s”."), argv[i]);
          return mc_cli_report_error (error);
        }
      if ((part = mc_stats_read_file (argv[i], &error)) == NULL)
        return report_stats_error (error);
      g_ptr_array_add (parts, part);
      g_ptr_array_add (names, g_filename_display_name (argv[i]));
    }
  g_ptr_array_add (names, NULL);

  if ((sum = mc_stats_combine (parts, (const char * const *) names->pdata, &error)) == NULL)
    return report_stats_error (error);

  /* The labels of the forms, when the protocol in use is the files'. */
  protocol = mc_cli_context_load_protocol (context, NULL);
  if (protocol != NULL && g_strcmp0 (mc_protocol_get_id (protocol), sum->protocol_id) != 0)
    g_clear_object (&protocol);

  if ((output != NULL && !mc_output_file_check (output, MC_OUTPUT_FILE_NONE, &error))
      || (pdf != NULL && !mc_output_file_check (pdf, MC_OUTPUT_FILE_NONE, &error)))
    return mc_cli_report_error (error);
  if (output != NULL && !mc_stats_write_file (sum, output, &error))
    return report_stats_error (error);
  if (pdf != NULL && !mc_stats_write_pdf (sum, protocol, pdf, &error))
    return report_stats_error (error);

  print_summary (sum, protocol, parsed_format);
  return MC_CLI_EXIT_OK;
}
