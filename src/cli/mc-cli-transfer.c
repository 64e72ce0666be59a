/* mc-cli-transfer.c: transfer, receive and fingerprint, a case handed over
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "meldcode-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-case-file.h"
#include "mc-cli.h"
#include "mc-output-file.h"
#include "mc-store-transfer.h"

static const GOptionEntry recovery_entry =
  { "recovery-key", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open the store with the recovery key instead of the passphrase"), NULL };

/* transfer */

int
mc_cli_command_transfer (McCliContext  *context,
                         int            argc,
                         char         **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *to = NULL;
  gboolean generate = FALSE;
  gboolean recovery_key = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The case file to write (.meldcase; an ordinary file is replaced when it exists; a "
         "store’s files, folders and devices are refused)"), N_("FILE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to,
      N_("Seal it to the receiving store’s fingerprint (“meldcode-cli fingerprint” there) "
         "instead of a transfer passphrase"), N_("FINGERPRINT") },
    { "generate-passphrase", 0, 0, G_OPTION_ARG_NONE, &generate,
      N_("Make a transfer passphrase and print it once, instead of reading one"), NULL },
    recovery_entry,
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(McCase) case_ = NULL;
  g_autoptr(McCliSecret) transfer = NULL;
  g_autofree char *generated = NULL;
  guint8 public_key[MC_CASE_FILE_KEY_SIZE];
  McStore *store;

  entries[3].arg_data = &recovery_key;
  if (!mc_cli_parse_options (context, "transfer", N_("ID"),
                             N_("Write a whole case (every record and its history) into an "
                                "encrypted case file for another Meldcode "
                                "(“meldcode-cli receive”). It is sealed with a transfer "
                                "passphrase, read after the store’s passphrase (say it to the "
                                "receiver by phone, never in the same e-mail), or with --to to "
                                "the receiving store. It is recorded in the audit trail. ID may "
                                "also be the case number."),
                             entries, &argc, &argv, 1, 1, &error))
    return mc_cli_report_error (error);

  if (output == NULL)
    {
      g_set_error_literal (&error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                           _("Name the file to write with --output."));
      return mc_cli_report_error (error);
    }
  if (to != NULL && generate)
    {
      g_set_error_literal (&error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                           _("--to and --generate-passphrase do not go together: a case file "
                             "sealed to a store needs no passphrase."));
      return mc_cli_report_error (error);
    }
  /* Wrong use is refused before any passphrase is asked. */
  if ((to != NULL && !mc_case_file_parse_fingerprint (to, public_key, &error))
      || !mc_output_file_check (output, MC_OUTPUT_FILE_NONE, &error))
    return mc_cli_report_error (error);

  if ((store = mc_cli_context_open_store (context, recovery_key, &error)) == NULL)
    return mc_cli_report_error (error);
  if ((case_ = mc_cli_load_case (store, argv[1], &error)) == NULL)
    return mc_cli_close_store (store, mc_cli_report_error (error));

  if (generate)
    generated = mc_case_file_generate_passphrase ();
  else if (to == NULL
           && (transfer = mc_cli_read_secret (_("Transfer passphrase: "),
                                              _("Repeat the transfer passphrase: "), &error)) == NULL)
    return mc_cli_close_store (store, mc_cli_report_error (error));

  if (!mc_store_transfer_case (store, mc_record_get_id (MC_RECORD (case_)),
                               generated != NULL ? generated : transfer, MC_KDF_COST_MODERATE,
                               to != NULL ? public_key : NULL, output, &error))
    return mc_cli_close_store (store, mc_cli_report_error (error));

  if (generated != NULL)
    {
      g_printerr (_("Say this transfer passphrase to the receiver; it is not shown again:\n"));
      mc_cli_print ("%s\n", generated);
    }
  return mc_cli_close_store (store, MC_CLI_EXIT_OK);
}

/* receive */

int
mc_cli_command_receive (McCliContext  *context,
                        int            argc,
                        char         **argv)
{
  gboolean replace = FALSE;
  gboolean duplicate = FALSE;
  gboolean recovery_key = FALSE;
  GOptionEntry entries[] = {
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace,
      N_("When the store holds the case already, replace it with the one in the file"), NULL },
    { "duplicate", 0, 0, G_OPTION_ARG_NONE, &duplicate,
      N_("When the store holds the case already, keep both"), NULL },
    recovery_entry,
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(McCliSecret) transfer = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  McCaseFileSeal seal_mode;
  McReceiveMode mode = MC_RECEIVE_ASK;
  McStore *store;
  gint64 id = 0;

  entries[2].arg_data = &recovery_key;
  if (!mc_cli_parse_options (context, "receive", N_("FILE"),
                             N_("Add the case of a case file (from “meldcode-cli transfer” or "
                                "the application) with its history, and print its ID. Reads the "
                                "store’s passphrase, then the transfer passphrase when the file "
                                "is sealed with one. When the store holds the case already (the "
                                "same origin, or the same number and client), nothing changes "
                                "unless --replace or --duplicate says what to do."),
                             entries, &argc, &argv, 1, 1, &error))
    return mc_cli_report_error (error);

  if (replace && duplicate)
    {
      g_set_error_literal (&error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                           _("Choose one of --replace and --duplicate."));
      return mc_cli_report_error (error);
    }
  mode = replace ? MC_RECEIVE_REPLACE : duplicate ? MC_RECEIVE_DUPLICATE : MC_RECEIVE_ASK;

  /* The file is checked before any passphrase is asked. */
  if (!g_file_test (argv[1], G_FILE_TEST_EXISTS))
    {
      g_set_error (&error, MC_CLI_ERROR, MC_CLI_EXIT_NOT_FOUND, _("There is no file “%s”."), argv[1]);
      return mc_cli_report_error (error);
    }
  if ((mapped = g_mapped_file_new (argv[1], FALSE, &error)) == NULL)
    return mc_cli_report_error (error);
  file = g_mapped_file_get_bytes (mapped);
  if (!mc_case_file_peek (file, &seal_mode, &error))
    return mc_cli_report_error (error);

  if ((store = mc_cli_context_open_store (context, recovery_key, &error)) == NULL)
    return mc_cli_report_error (error);
  if (seal_mode == MC_CASE_FILE_SEAL_PASSPHRASE
      && (transfer = mc_cli_read_secret (_("Transfer passphrase: "), NULL, &error)) == NULL)
    return mc_cli_close_store (store, mc_cli_report_error (error));

  if ((payload = mc_store_open_case_file (store, file, transfer, &error)) == NULL)
    return mc_cli_close_store (store, mc_cli_report_error (error));
  if (!mc_store_receive_payload (store, payload, mode, &id, NULL, &error))
    {
      if (g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS))
        {
          char *message = g_strconcat (error->message, " ",
                                       _("Add --replace or --duplicate to say which."), NULL);

          g_free (error->message);
          error->message = message;
        }
      return mc_cli_close_store (store, mc_cli_report_error (error));
    }

  mc_cli_print ("%" G_GINT64_FORMAT "\n", id);
  return mc_cli_close_store (store, MC_CLI_EXIT_OK);
}

/* fingerprint */

int
mc_cli_command_fingerprint (McCliContext  *context,
                            int            argc,
                            char         **argv)
{
  gboolean recovery_key = FALSE;
  GOptionEntry entries[] = {
    recovery_entry,
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  McStore *store;

  entries[0].arg_data = &recovery_key;
  if (!mc_cli_parse_options (context, "fingerprint", "",
                             N_("Print this store’s fingerprint: a colleague who hands a case "
                                "over gives it to “meldcode-cli transfer --to”, and only this "
                                "store can open the case file. It is the store’s whole public "
                                "key with a checksum, so a typing error is caught; it stays the "
                                "same after a passphrase change and in a restored backup."),
                             entries, &argc, &argv, 0, 0, &error))
    return mc_cli_report_error (error);

  if ((store = mc_cli_context_open_store (context, recovery_key, &error)) == NULL)
    return mc_cli_report_error (error);
  fingerprint = mc_store_dup_transfer_fingerprint (store);
  mc_cli_print ("%s\n", fingerprint);

  return mc_cli_close_store (store, MC_CLI_EXIT_OK);
}
