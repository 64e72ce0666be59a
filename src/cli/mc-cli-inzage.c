/* mc-cli-inzage.c: the inzage command: a copy of a case's file for the
 * client, a parent with gezag or the young person
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-cli.h"
#include "mc-output-file.h"
#include "mc-report-export.h"

int
mc_cli_command_inzage (McCliContext  *context,
                       int            argc,
                       char         **argv)
{
  g_autofree char *requester_id = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *author = NULL;
  g_autofree char *role = NULL;
  gboolean recovery_key = FALSE;
  const GOptionEntry entries[] = {
    { "for", 0, 0, G_OPTION_ARG_STRING, &requester_id,
      N_("Who asked to see the file: the client, a parent with gezag, or the young person "
         "(12 or older)"),
      /* Translators: the values the option takes; keep them as they are. */
      N_("client|parent|young-person") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("pdf or xml (by default from the name of the output file)"),
      /* Translators: the values the option takes; keep them as they are. */
      N_("pdf|xml") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The file to write (an ordinary file is replaced when it exists; a store’s files, "
         "folders and devices are refused)"), N_("FILE") },
    { "author", 0, 0, G_OPTION_ARG_STRING, &author,
      N_("Who makes the copy (by default the name in the app’s preferences, else the "
         "account’s full name)"), N_("NAME") },
    { "author-role", 0, 0, G_OPTION_ARG_STRING, &role,
      N_("The author’s function, e.g. “Persoonlijk begeleider”"), N_("ROLE") },
    { "recovery-key", 0, 0, G_OPTION_ARG_NONE, &recovery_key,
      N_("Open the store with the recovery key instead of the passphrase"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(McCase) case_ = NULL;
  g_autoptr(McReport) report = NULL;
  McReportRequester requester = MC_REPORT_REQUESTER_NONE;
  McStore *store;

  if (!mc_cli_parse_options (context, "inzage", N_("ID"),
                             N_("Write the copy of a case’s file that its client, a parent with "
                                "gezag or the young person may see (AVG art. 15): the whole case "
                                "without the parts marked “not for the family” and without "
                                "information about third parties, each with a note of what was "
                                "left out and why, and the case’s access log. It is recorded in "
                                "the audit trail as a disclosure. ID may also be the case number."),
                             entries, &argc, &argv, 1, 1, &error))
    return mc_cli_report_error (error);

  if (!mc_report_requester_from_id (requester_id, &requester))
    {
      g_set_error_literal (&error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                           _("Say for whom with --for client, parent or young-person."));
      return mc_cli_report_error (error);
    }
  if (output == NULL)
    {
      g_set_error_literal (&error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                           _("Name the file to write with --output."));
      return mc_cli_report_error (error);
    }
  if (format == NULL && g_str_has_suffix (output, ".pdf"))
    format = g_strdup ("pdf");
  else if (format == NULL && g_str_has_suffix (output, ".xml"))
    format = g_strdup ("xml");
  if (g_strcmp0 (format, "pdf") != 0 && g_strcmp0 (format, "xml") != 0)
    {
      g_set_error_literal (&error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                           _("--format is xml or pdf."));
      return mc_cli_report_error (error);
    }
  if (!mc_cli_resolve_author (context, &author, &role, &error))
    return mc_cli_report_error (error);
  if (!mc_output_file_check (output, MC_OUTPUT_FILE_NONE, &error))
    return mc_cli_report_error (error);

  if ((protocol = mc_cli_context_load_protocol (context, &error)) == NULL)
    return mc_cli_report_error (error);
  if ((store = mc_cli_context_open_store (context, recovery_key, &error)) == NULL)
    return mc_cli_report_error (error);

  if ((case_ = mc_cli_load_case (store, argv[1], &error)) == NULL
      || (report = mc_report_new_inzage (store, case_, protocol, author, role, requester,
                                         &error)) == NULL
      || !mc_report_export (store, report, mc_record_get_id (MC_RECORD (case_)), format, output,
                            &error))
    return mc_cli_close_store (store, mc_cli_report_error (error));

  return mc_cli_close_store (store, MC_CLI_EXIT_OK);
}
