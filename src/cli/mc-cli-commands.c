/* mc-cli-commands.c: the commands of meldcode-cli but show and list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * stdout carries what a command produces (the recovery key, the list, a new
 * case's ID, the verification); stderr carries errors and short
 * confirmations. Nothing a command writes names a client, apart from the
 * list, show and the exports asked for.
 */

#define G_LOG_DOMAIN "mc-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "mc-cli.h"
#include "mc-completeness.h"
#include "mc-dates.h"
#include "mc-due.h"
#include "mc-key-file.h"
#include "mc-output-file.h"
#include "mc-report-export.h"
#include "mc-report-builder.h"
#include "mc-report-renderer.h"
#include "mc-report-xml.h"
#include "mc-report-import.h"

static gboolean
require_file (const char  *path,
              GError     **error)
{
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  g_set_error (error, MC_CLI_ERROR, MC_CLI_EXIT_NOT_FOUND, _("There is no file “%s”."), path);
  return FALSE;
}

/* What the user can do about @error, after what went wrong. */
static void
append_hint (GError     *error,
             const char *hint)
{
  char *message = g_strconcat (error->message, " ", hint, NULL);

  g_free (error->message);
  error->message = message;
}

/* A new passphrase: twice on a terminal, and strong enough before any key
 * is derived from it. */
static McCliSecret *
read_new_passphrase (GError **error)
{
  g_autoptr(McCliSecret) passphrase = NULL;

  passphrase = mc_cli_read_secret (_("New passphrase: "), _("Repeat the new passphrase: "), error);
  if (passphrase == NULL || !mc_passphrase_check (passphrase, error))
    return NULL;
  return g_steal_pointer (&passphrase);
}

/* init */

int
mc_cli_command_init (McCliContext  *context,
                     int            argc,
                     char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCliSecret) passphrase = NULL;
  g_autofree char *recovery_key = NULL;
  McStore *store;
  const char *dir;

  if (!mc_cli_parse_options (context, "init", NULL,
                             N_("Create a case store in the folder of --store (or the default "
                                "folder). The passphrase is asked twice; the recovery key is "
                                "shown once, on standard output."),
                             NULL, &argc, &argv, 0, 0, &error))
    return mc_cli_report_error (error);

  dir = mc_cli_context_get_store_dir (context);
  if (mc_store_exists (dir))
    {
      g_set_error (&error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                   _("There is a case store in “%s” already."), dir);
      return mc_cli_report_error (error);
    }

  if ((passphrase = read_new_passphrase (&error)) == NULL)
    return mc_cli_report_error (error);
  if ((store = mc_store_create (dir, passphrase, MC_KDF_COST_MODERATE, &recovery_key, &error)) == NULL)
    return mc_cli_report_error (error);

  g_printerr (_("The case store is ready in “%s”. Write down the recovery key below and keep it "
                "apart from this computer: it opens the store when the passphrase is lost, and it "
                "is not shown again."), dir);
  g_printerr ("\n");
  mc_cli_print ("%s\n", recovery_key);
  sodium_memzero (recovery_key, strlen (recovery_key));

  return mc_cli_close_store (store, MC_CLI_EXIT_OK);
}

/* export */

int
mc_cli_command_export (McCliContext  *context,
                       int            argc,
                       char         **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *author = NULL;
  g_autofree char *role = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *email = NULL;
  gboolean anonymous = FALSE;
  gboolean family_copy = FALSE;
  gboolean recovery_key = FALSE;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("xml or pdf (by default from the name of the output file)"),
      /* Translators: the values the option takes; keep them as they are. */
      N_("xml|pdf") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The file to write (an ordinary file is replaced when it exists; a store’s files, "
         "folders and devices are refused)"), N_("FILE") },
    { "anonymous", 0, 0, G_OPTION_ARG_NONE, &anonymous,
      N_("Leave out the names, client number, dates of birth and the Veilig Thuis reference"), NULL },
    { "author", 0, 0, G_OPTION_ARG_STRING, &author,
      N_("Who makes the report (by default the name in the app’s preferences, else the "
         "account’s full name)"), N_("NAME") },
    { "author-role", 0, 0, G_OPTION_ARG_STRING, &role,
      N_("The author’s function, e.g. “Persoonlijk begeleider”"), N_("ROLE") },
    { "author-phone", 0, 0, G_OPTION_ARG_STRING, &phone,
      N_("The phone number at which Veilig Thuis can reach the author"), N_("PHONE") },
    { "author-email", 0, 0, G_OPTION_ARG_STRING, &email,
      N_("The author’s e-mail address"), N_("EMAIL") },
    { "family-copy", 0, 0, G_OPTION_ARG_NONE, &family_copy,
      N_("Leave out every part marked “not for the family” (a copy Veilig Thuis may share "
         "with the parents)"), NULL },
    { "recovery-key", 0, 0, G_OPTION_ARG_NONE, &recovery_key,
      N_("Open the store with the recovery key instead of the passphrase"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(McCase) case_ = NULL;
  g_autoptr(McReport) report = NULL;
  g_autoptr(GDateTime) now = NULL;
  McStore *store;

  if (!mc_cli_parse_options (context, "export", N_("ID"),
                             N_("Write the step-5 decision report of a case as XML (for another "
                                "Meldcode: “meldcode-cli import”) or as PDF (to print or send). "
                                "The export is not encrypted: keep it where only you can read it. "
                                "It is recorded in the audit trail. ID may also be the case "
                                "number."),
                             entries, &argc, &argv, 1, 1, &error))
    return mc_cli_report_error (error);

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
  if (anonymous && family_copy)
    {
      g_set_error_literal (&error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                           _("--anonymous and --family-copy cannot be combined."));
      return mc_cli_report_error (error);
    }
  if (!mc_cli_resolve_author (context, &author, &role, &error))
    return mc_cli_report_error (error);
  /* A path that may not be written is refused before the passphrase. */
  if (!mc_output_file_check (output, MC_OUTPUT_FILE_NONE, &error))
    return mc_cli_report_error (error);

  if ((protocol = mc_cli_context_load_protocol (context, &error)) == NULL)
    return mc_cli_report_error (error);
  if ((store = mc_cli_context_open_store (context, recovery_key, &error)) == NULL)
    return mc_cli_report_error (error);

  now = g_date_time_new_now_utc ();
  if ((case_ = mc_cli_load_case (store, argv[1], &error)) == NULL
      || (report = mc_report_new_from_case (case_, protocol, author, role, now, &error)) == NULL)
    return mc_cli_close_store (store, mc_cli_report_error (error));
  mc_cli_sign_report (context, report, phone, email);

  if (anonymous)
    {
      McReport *anonymised = mc_report_anonymize (report);

      mc_report_unref (report);
      report = anonymised;
    }
  else if (family_copy)
    {
      McReport *family = mc_report_family_copy (report);

      mc_report_unref (report);
      report = family;
    }

  /* Written atomically, never over a store's files; the audit row goes in
   * before the file takes its place. */
  if (!mc_report_export (store, report, mc_record_get_id (MC_RECORD (case_)), format, output, &error))
    return mc_cli_close_store (store, mc_cli_report_error (error));

  return mc_cli_close_store (store, MC_CLI_EXIT_OK);
}

/* import */

int
mc_cli_command_import (McCliContext  *context,
                       int            argc,
                       char         **argv)
{
  gboolean allow_duplicate = FALSE;
  gboolean recovery_key = FALSE;
  const GOptionEntry entries[] = {
    { "allow-duplicate", 0, 0, G_OPTION_ARG_NONE, &allow_duplicate,
      N_("Import even when a case with the same number and client is in the store"), NULL },
    { "recovery-key", 0, 0, G_OPTION_ARG_NONE, &recovery_key,
      N_("Open the store with the recovery key instead of the passphrase"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(McReport) report = NULL;
  g_autoptr(McCase) case_ = NULL;
  McStore *store;
  gint64 id = 0;

  if (!mc_cli_parse_options (context, "import", N_("FILE"),
                             N_("Add the case of a report XML file (from “meldcode-cli export” or "
                                "the application) as a new case, and print its ID. A case that "
                                "is in the store already is never changed."),
                             entries, &argc, &argv, 1, 1, &error))
    return mc_cli_report_error (error);

  /* The file is checked before the passphrase is asked. */
  if (!require_file (argv[1], &error)
      || (report = mc_report_read_xml (argv[1], &error)) == NULL
      || (case_ = mc_case_new_from_report (report, &error)) == NULL)
    return mc_cli_report_error (error);

  if ((store = mc_cli_context_open_store (context, recovery_key, &error)) == NULL)
    return mc_cli_report_error (error);

  if (!mc_store_import_case (store, case_, allow_duplicate, &id, &error))
    {
      if (g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS))
        append_hint (error, _("Add --allow-duplicate to import it anyway."));
      return mc_cli_close_store (store, mc_cli_report_error (error));
    }

  mc_cli_print ("%" G_GINT64_FORMAT "\n", id);
  return mc_cli_close_store (store, MC_CLI_EXIT_OK);
}

/* backup and restore */

int
mc_cli_command_backup (McCliContext  *context,
                       int            argc,
                       char         **argv)
{
  gboolean recovery_key = FALSE;
  const GOptionEntry entries[] = {
    { "recovery-key", 0, 0, G_OPTION_ARG_NONE, &recovery_key,
      N_("Open the store with the recovery key instead of the passphrase"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  McStore *store;

  if (!mc_cli_parse_options (context, "backup", N_("FILE"),
                             N_("Write an encrypted copy of the store to FILE (replaced when it "
                                "exists; a store’s files, folders and devices are refused). It "
                                "opens with today’s passphrase or the recovery key."),
                             entries, &argc, &argv, 1, 1, &error))
    return mc_cli_report_error (error);
  /* A path that may not be written is refused before the passphrase. */
  if (!mc_output_file_check (argv[1], MC_OUTPUT_FILE_REPLACE_BACKUP, &error))
    return mc_cli_report_error (error);

  if ((store = mc_cli_context_open_store (context, recovery_key, &error)) == NULL)
    return mc_cli_report_error (error);
  if (!mc_store_backup (store, argv[1], &error))
    return mc_cli_close_store (store, mc_cli_report_error (error));

  return mc_cli_close_store (store, MC_CLI_EXIT_OK);
}

int
mc_cli_command_restore (McCliContext  *context,
                        int            argc,
                        char         **argv)
{
  g_autofree char *into = NULL;
  gboolean replace = FALSE;
  gboolean recovery_key = FALSE;
  const GOptionEntry entries[] = {
    { "into", 0, 0, G_OPTION_ARG_FILENAME, &into,
      N_("The folder to restore into (required)"), N_("DIR") },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace,
      N_("Move a store in that folder aside (it is kept) instead of refusing"), NULL },
    { "recovery-key", 0, 0, G_OPTION_ARG_NONE, &recovery_key,
      N_("Open the backup with the recovery key instead of its passphrase"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(McCliSecret) secret = NULL;

  if (!mc_cli_parse_options (context, "restore", N_("FILE"),
                             N_("Restore a backup into a folder, after checking that it opens "
                                "and is intact. Asks for the passphrase the store had when the "
                                "backup was made."),
                             entries, &argc, &argv, 1, 1, &error))
    return mc_cli_report_error (error);

  if (into == NULL)
    {
      g_set_error_literal (&error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                           _("Name the folder to restore into with --into."));
      return mc_cli_report_error (error);
    }
  if (!require_file (argv[1], &error)
      || !mc_output_file_check_folder (into, &error))
    return mc_cli_report_error (error);

  secret = mc_cli_read_secret (recovery_key ? _("Recovery key: ") : _("Passphrase of the backup: "),
                               NULL, &error);
  if (secret == NULL)
    return mc_cli_report_error (error);

  if (!mc_store_restore (argv[1], into, secret, recovery_key,
                         replace ? MC_RESTORE_REPLACE : MC_RESTORE_FLAGS_NONE, &error))
    {
      /* The file is there, so "not a store" means it is not a backup. */
      if (g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_A_STORE))
        {
          error->domain = MC_CLI_ERROR;
          error->code = MC_CLI_EXIT_INVALID_INPUT;
        }
      else if (g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS))
        append_hint (error, _("Add --replace to move what is there aside."));
      return mc_cli_report_error (error);
    }

  return MC_CLI_EXIT_OK;
}

/* verify */

int
mc_cli_command_verify (McCliContext  *context,
                       int            argc,
                       char         **argv)
{
  gboolean recovery_key = FALSE;
  const GOptionEntry entries[] = {
    { "recovery-key", 0, 0, G_OPTION_ARG_NONE, &recovery_key,
      N_("Open the store with the recovery key instead of the passphrase"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) database_error = NULL;
  g_autoptr(GError) audit_error = NULL;
  g_autoptr(GError) anchor_error = NULL;
  guint64 anchor_counter = 0;
  gint64 anchor_rows = 0;
  McStore *store;
  int result = MC_CLI_EXIT_OK;

  if (!mc_cli_parse_options (context, "verify", NULL,
                             N_("Check every page of the database, the chain of the audit "
                                "trail, and that the database is not older than its key file "
                                "(copied back, or audit entries removed at the end), and say "
                                "what is wrong. Exit status 5 when anything is."),
                             entries, &argc, &argv, 0, 0, &error))
    return mc_cli_report_error (error);

  /* Opening checks the database already; a damaged one ends here. */
  if ((store = mc_cli_context_open_store (context, recovery_key, &error)) == NULL)
    return mc_cli_report_error (error);

  if (mc_store_integrity_check (store, &database_error))
    mc_cli_print ("%s\n", _("Database: intact."));
  else
    result = mc_cli_report_error (database_error);

  if (mc_store_verify_audit (store, NULL, &audit_error))
    mc_cli_print ("%s\n", _("Audit trail: intact."));
  else if (result == MC_CLI_EXIT_OK)
    result = mc_cli_report_error (audit_error);
  else
    mc_cli_report_error (audit_error);

  if (mc_store_verify_anchor (store, &anchor_counter, &anchor_rows, &anchor_error))
    {
      if (anchor_counter == 0)
        mc_cli_print ("%s\n", _("Key file: no record of the audit trail yet."));
      else
        {
          g_autofree char *rows = g_strdup_printf ("%" G_GINT64_FORMAT, anchor_rows);
          g_autofree char *counter = g_strdup_printf ("%" G_GUINT64_FORMAT, anchor_counter);

          /* Translators: the first %s is a number of audit entries, the
           * second how often the key file recorded the trail. */
          mc_cli_print (_("Key file: the database is not older than its key file (%s audit entries recorded, record %s).\n"),
                        rows, counter);
        }
    }
  else if (result == MC_CLI_EXIT_OK)
    result = mc_cli_report_error (anchor_error);
  else
    mc_cli_report_error (anchor_error);

  return mc_cli_close_store (store, result);
}

/* passwd */

int
mc_cli_command_passwd (McCliContext  *context,
                       int            argc,
                       char         **argv)
{
  gboolean recovery_key = FALSE;
  const GOptionEntry entries[] = {
    { "recovery-key", 0, 0, G_OPTION_ARG_NONE, &recovery_key,
      N_("Give the recovery key instead of the current passphrase (when it is lost)"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(McCliSecret) passphrase = NULL;
  McStore *store;

  if (!mc_cli_parse_options (context, "passwd", NULL,
                             N_("Change the passphrase of the store: first the current one (or "
                                "the recovery key), then the new one. The recovery key stays "
                                "valid."),
                             entries, &argc, &argv, 0, 0, &error))
    return mc_cli_report_error (error);

  if ((store = mc_cli_context_open_store (context, recovery_key, &error)) == NULL)
    return mc_cli_report_error (error);

  if ((passphrase = read_new_passphrase (&error)) == NULL)
    return mc_cli_close_store (store, mc_cli_report_error (error));
  /* Either nothing changed and the old passphrase still opens the store,
   * or it is changed; the exit status says which. */
  if (!mc_store_change_passphrase (store, passphrase, MC_KDF_COST_MODERATE, &error))
    {
      append_hint (error, _("The passphrase was not changed."));
      return mc_cli_close_store (store, mc_cli_report_error (error));
    }

  mc_cli_print_notices (store);
  g_printerr ("%s\n", _("The passphrase is changed."));
  return mc_cli_close_store (store, MC_CLI_EXIT_OK);
}

/* check-protocol */

int
mc_cli_command_check_protocol (McCliContext  *context,
                               int            argc,
                               char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  const McProtocolAfwegingskader *afwegingskader;
  const char *revision;

  if (!mc_cli_parse_options (context, "check-protocol", N_("FILE"),
                             N_("Check an organisation’s protocol file as the application loads "
                                "it, and say with its line number what is wrong."),
                             NULL, &argc, &argv, 1, 1, &error))
    return mc_cli_report_error (error);

  if (!require_file (argv[1], &error)
      || (protocol = mc_protocol_new_from_path (argv[1], &error)) == NULL)
    return mc_cli_report_error (error);

  afwegingskader = mc_protocol_get_afwegingskader (protocol);
  revision = mc_protocol_get_revision (protocol);
  /* Translators: "<file>: valid. “<title>” (<id>, revision <revision>) of
   * <organisation>, with <n> afwegingskader questions." */
  mc_cli_print (g_dngettext (GETTEXT_PACKAGE,
                             "%s: valid. “%s” (%s, revision %s) of %s, with %u afwegingskader question.\n",
                             "%s: valid. “%s” (%s, revision %s) of %s, with %u afwegingskader questions.\n",
                             afwegingskader->questions->len),
                argv[1], mc_protocol_get_title (protocol), mc_protocol_get_id (protocol),
                revision != NULL ? revision : "–", mc_protocol_get_organisation (protocol)->name,
                afwegingskader->questions->len);

  return MC_CLI_EXIT_OK;
}
