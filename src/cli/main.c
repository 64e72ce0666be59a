/* main.c: meldcode-cli, the command-line companion of Meldcode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the administrator and for scripts: the same store, protocol and
 * reports as the application, without a display (and without GTK).
 */

#define G_LOG_DOMAIN "mc-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "mc-cli.h"
#include "mc-i18n.h"
#include "mc-store-cipher.h"

typedef struct
{
  const char       *name;
  McCliCommandFunc  func;
  const char       *summary;
} Command;

static const Command commands[] = {
  { "init", mc_cli_command_init, N_("Create a case store; shows the recovery key once") },
  { "list", mc_cli_command_list, N_("List the cases, one a line") },
  { "show", mc_cli_command_show, N_("Show a case step by step") },
  { "close", mc_cli_command_close, N_("Close a case, with the reason") },
  { "reopen", mc_cli_command_reopen, N_("Open a closed case again") },
  { "due", mc_cli_command_due, N_("List what is due and overdue in the open cases") },
  { "retention", mc_cli_command_retention, N_("List the closed cases due for destruction") },
  { "destroy", mc_cli_command_destroy, N_("Destroy a case, with the reason") },
  { "audit", mc_cli_command_audit, N_("Show the access log (who did what, when)") },
  { "export", mc_cli_command_export, N_("Write the decision report of a case (XML or PDF)") },
  { "inzage", mc_cli_command_inzage, N_("Write the copy of a case’s file for its client or a parent") },
  { "import", mc_cli_command_import, N_("Add a case from a report XML file") },
  { "transfer", mc_cli_command_transfer, N_("Hand a whole case over in an encrypted case file") },
  { "receive", mc_cli_command_receive, N_("Add the case of a case file, with its history") },
  { "fingerprint", mc_cli_command_fingerprint, N_("Show this store’s fingerprint, to receive case files sealed to it") },
  { "backup", mc_cli_command_backup, N_("Write a backup of the store") },
  { "restore", mc_cli_command_restore, N_("Restore a backup into a folder") },
  { "verify", mc_cli_command_verify, N_("Check the database and the audit trail") },
  { "passwd", mc_cli_command_passwd, N_("Change the passphrase") },
  { "check-protocol", mc_cli_command_check_protocol, N_("Check an organisation’s protocol file") },
  { "stats", mc_cli_command_stats, N_("Write the anonymous figures of a year for the taakhouder") },
  { "stats-combine", mc_cli_command_stats_combine, N_("Add up the figures files of many laptops") },
};

static char *
describe_commands (void)
{
  GString *text = g_string_new (_("Commands:"));

  g_string_append_c (text, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-16s%s\n", commands[i].name, _(commands[i].summary));
  g_string_append_c (text, '\n');
  g_string_append (text, _("“meldcode-cli COMMAND --help” shows the options of a command."));
  g_string_append (text, "\n\n");
  g_string_append (text, _("Exit status: 0 done; 1 wrong use; 2 wrong passphrase or recovery key; "
                           "3 no such case, store or file; 4 a file that cannot be used; "
                           "5 damaged store or failed verification; 6 cannot read or write."));
  g_string_append_c (text, '\n');

  return g_string_free (text, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  McCliContext context = { NULL, NULL, NULL };
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &context.store_dir,
      N_("The folder of the case store"), N_("DIR") },
    { "protocol", 0, 0, G_OPTION_ARG_FILENAME, &context.protocol_path,
      N_("The organisation’s protocol file instead of the built-in one"), N_("FILE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Show the version"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  const Command *command = NULL;
  int status;

  /* Case data is sensitive: files we create are ours alone, and the process
   * cannot be core-dumped or ptrace-attached by the same user's programs. */
  umask (077);
  prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);

  mc_i18n_init ();
  g_set_prgname ("meldcode-cli");

  if (sodium_init () < 0)
    {
      g_printerr ("meldcode-cli: %s\n", _("The cryptography library cannot start."));
      return MC_CLI_EXIT_IO;
    }

  option_context = g_option_context_new (N_("COMMAND [OPTION…]"));
  g_option_context_set_translation_domain (option_context, GETTEXT_PACKAGE);
  /* Options after the command are the command's. */
  g_option_context_set_strict_posix (option_context, TRUE);
  g_option_context_set_summary (option_context, N_("Work with a Meldcode case store from the command line."));
  description = describe_commands ();
  g_option_context_set_description (option_context, description);
  g_option_context_add_main_entries (option_context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (option_context, &argc, &argv, &error))
    {
      status = mc_cli_report_error (error);
      goto out;
    }

  if (version)
    {
      g_autofree char *library = mc_store_cipher_get_library_version ();

      /* The library says which file formats this build can read; people
       * who report a problem are asked for this line. */
      mc_cli_print ("meldcode-cli %s (SQLCipher %s)\n", VERSION, library);
      status = MC_CLI_EXIT_OK;
      goto out;
    }

  if (argc < 2)
    {
      g_printerr ("meldcode-cli: %s\n", _("Name a command: “meldcode-cli --help” lists them."));
      status = MC_CLI_EXIT_USAGE;
      goto out;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands) && command == NULL; i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      command = &commands[i];

  if (command == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("There is no command “%s”: “meldcode-cli --help” lists them."),
                                                  argv[1]);

      g_printerr ("meldcode-cli: %s\n", message);
      status = MC_CLI_EXIT_USAGE;
      goto out;
    }

  status = command->func (&context, argc - 1, argv + 1);

out:
  g_free (context.store_dir);
  g_free (context.protocol_path);
  g_clear_pointer (&context.profile, mc_cli_profile_free);
  return status;
}
