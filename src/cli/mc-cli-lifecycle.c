/* mc-cli-lifecycle.c: close, reopen and due
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Closing and reopening go through the store, which records them in the
 * audit trail; what the command checks first (the reason, the note, the
 * state of the case) it checks so the user hears it in plain words, with
 * exit status 1, before anything is written.
 */

#define G_LOG_DOMAIN "mc-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-cli.h"
#include "mc-dates.h"
#include "mc-due.h"

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* The store says "invalid" for what is wrong use here (closed already, no
 * note): exit status 1, not 4 (a file that cannot be used). */
static void
invalid_is_usage (GError *error)
{
  if (error != NULL && g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID))
    {
      error->domain = MC_CLI_ERROR;
      error->code = MC_CLI_EXIT_USAGE;
    }
}

/* close */

/* The reasons a case can be closed with now: the protocol's list, without
 * the retired ones. */
static GPtrArray *
dup_close_reasons (McProtocol *protocol)
{
  const McProtocolChecklist *reasons = mc_protocol_get_checklist (protocol, MC_CHECKLIST_CLOSE_REASONS);
  GPtrArray *items = g_ptr_array_new ();

  for (guint i = 0; reasons != NULL && i < reasons->items->len; i++)
    {
      const McProtocolItem *item = g_ptr_array_index (reasons->items, i);

      if (!item->retired)
        g_ptr_array_add (items, (gpointer) item);
    }

  return items;
}

/* "worries-gone, handed-over, …, other" */
static char *
join_reason_ids (McProtocol *protocol)
{
  g_autoptr(GPtrArray) reasons = dup_close_reasons (protocol);
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < reasons->len; i++)
    {
      if (i > 0)
        g_string_append (ids, ", ");
      g_string_append (ids, ((const McProtocolItem *) g_ptr_array_index (reasons, i))->id);
    }

  return g_string_free (ids, FALSE);
}

/* The summary of "close --help", with the reasons of the protocol in use:
 * the one named with --protocol, wherever it stands, or the built-in one. */
static char *
close_summary (McCliContext  *context,
               int            argc,
               char         **argv)
{
  const char *path = mc_cli_context_peek_protocol (context, argc, argv);
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  GString *summary = g_string_new (_("Close a case: it then changes no more until it is "
                                     "reopened (“meldcode-cli reopen”). The closing is recorded "
                                     "in the audit trail with the reason, the note and who "
                                     "closed it. ID may also be the case number."));
  gboolean help = FALSE;

  /* The protocol is read for the help only; the command reads it again
   * after its options, and reports when it does not load. */
  for (int i = 1; i < argc && !help; i++)
    help = g_str_has_prefix (argv[i], "--help") || g_strcmp0 (argv[i], "-h") == 0
           || g_strcmp0 (argv[i], "-?") == 0;
  if (!help)
    return g_string_free (summary, FALSE);

  protocol = path != NULL ? mc_protocol_new_from_path (path, NULL) : mc_protocol_new_default (NULL);
  if (protocol == NULL)
    return g_string_free (summary, FALSE);

  g_string_append (summary, "\n\n");
  g_string_append (summary,
                   _("The reasons for --reason, from the protocol in use (“other” needs a --note):"));
  reasons = dup_close_reasons (protocol);
  for (guint i = 0; i < reasons->len; i++)
    {
      const McProtocolItem *item = g_ptr_array_index (reasons, i);

      g_string_append_printf (summary, "\n  %-20s %s", item->id, item->label);
    }

  return g_string_free (summary, FALSE);
}

/* The reason as the protocol has it: a usage error naming the valid ones
 * when there is none, or no such one. */
static const McProtocolItem *
check_reason (McProtocol  *protocol,
              const char  *reason,
              const char  *note,
              GError     **error)
{
  const McProtocolItem *item = reason != NULL ? mc_protocol_lookup_close_reason (protocol, reason) : NULL;
  g_autofree char *ids = NULL;

  if (item == NULL || item->retired)
    {
      ids = join_reason_ids (protocol);
      if (reason == NULL)
        /* Translators: %s lists the reason ids, "worries-gone, handed-over, …". */
        g_set_error (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                     _("Say why the case is closed with --reason, one of: %s "
                       "(“meldcode-cli close --help” says what they mean)."), ids);
      else
        /* Translators: the first %s is what was given, the second lists the
         * reason ids. */
        g_set_error (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                     _("“%s” is not a reason to close a case. The reasons are: %s "
                       "(“meldcode-cli close --help” says what they mean)."), reason, ids);
      return NULL;
    }

  if (strcmp (item->id, "other") == 0 && is_blank (note))
    {
      g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                           _("The reason “other” needs a note: say why the case is closed with --note."));
      return NULL;
    }

  return item;
}

int
mc_cli_command_close (McCliContext  *context,
                      int            argc,
                      char         **argv)
{
  g_autofree char *reason = NULL;
  g_autofree char *note = NULL;
  gboolean recovery_key = FALSE;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_("Why the case is closed: one of the reasons above (required)"), N_("CODE") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note,
      N_("A note on the closing (required with the reason “other”)"), N_("TEXT") },
    { "recovery-key", 0, 0, G_OPTION_ARG_NONE, &recovery_key,
      N_("Open the store with the recovery key instead of the passphrase"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(McCase) case_ = NULL;
  g_autofree char *summary = close_summary (context, argc, argv);
  McStore *store;

  if (!mc_cli_parse_options (context, "close", N_("ID"), summary, entries, &argc, &argv, 1, 1, &error))
    return mc_cli_report_error (error);

  /* Wrong use is said before the passphrase is asked. */
  if ((protocol = mc_cli_context_load_protocol (context, &error)) == NULL
      || check_reason (protocol, reason, note, &error) == NULL)
    return mc_cli_report_error (error);

  if ((store = mc_cli_context_open_store (context, recovery_key, &error)) == NULL)
    return mc_cli_report_error (error);
  if ((case_ = mc_cli_load_case (store, argv[1], &error)) == NULL)
    return mc_cli_close_store (store, mc_cli_report_error (error));

  if (mc_case_is_closed (case_))
    {
      g_set_error (&error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                   _("Case %s is already closed. Reopen it first with “meldcode-cli reopen”."),
                   mc_record_get_string (MC_RECORD (case_), "number"));
      return mc_cli_close_store (store, mc_cli_report_error (error));
    }
  if (!mc_store_close_case (store, case_, reason, is_blank (note) ? NULL : note, NULL, &error))
    {
      invalid_is_usage (error);
      return mc_cli_close_store (store, mc_cli_report_error (error));
    }

  /* Translators: %s is the case number. */
  g_printerr (_("Case %s is closed."), mc_record_get_string (MC_RECORD (case_), "number"));
  g_printerr ("\n");
  return mc_cli_close_store (store, MC_CLI_EXIT_OK);
}

/* reopen */

int
mc_cli_command_reopen (McCliContext  *context,
                       int            argc,
                       char         **argv)
{
  g_autofree char *note = NULL;
  gboolean recovery_key = FALSE;
  const GOptionEntry entries[] = {
    { "note", 0, 0, G_OPTION_ARG_STRING, &note,
      N_("Why the case is reopened (required)"), N_("TEXT") },
    { "recovery-key", 0, 0, G_OPTION_ARG_NONE, &recovery_key,
      N_("Open the store with the recovery key instead of the passphrase"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(McCase) case_ = NULL;
  McStore *store;

  if (!mc_cli_parse_options (context, "reopen", N_("ID"),
                             N_("Open a closed case again, to change it. The note says why; the "
                                "audit trail keeps it with how the case was closed. ID may also "
                                "be the case number."),
                             entries, &argc, &argv, 1, 1, &error))
    return mc_cli_report_error (error);

  if (is_blank (note))
    {
      g_set_error_literal (&error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                           _("Say why the case is reopened with --note."));
      return mc_cli_report_error (error);
    }

  if ((store = mc_cli_context_open_store (context, recovery_key, &error)) == NULL)
    return mc_cli_report_error (error);
  if ((case_ = mc_cli_load_case (store, argv[1], &error)) == NULL)
    return mc_cli_close_store (store, mc_cli_report_error (error));

  if (!mc_case_is_closed (case_))
    {
      g_set_error (&error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE, _("Case %s is open: there is nothing to reopen."),
                   mc_record_get_string (MC_RECORD (case_), "number"));
      return mc_cli_close_store (store, mc_cli_report_error (error));
    }
  if (!mc_store_reopen_case (store, case_, note, &error))
    {
      invalid_is_usage (error);
      return mc_cli_close_store (store, mc_cli_report_error (error));
    }

  /* Translators: %s is the case number. */
  g_printerr (_("Case %s is open again."), mc_record_get_string (MC_RECORD (case_), "number"));
  g_printerr ("\n");
  return mc_cli_close_store (store, MC_CLI_EXIT_OK);
}

/* due */

static void
due_text (GPtrArray *items)
{
  const char *header[] = { _("Due"), _("ID"), _("Number"), _("What"), _("Description"), NULL };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  if (items->len == 0)
    {
      g_printerr ("%s\n", _("Nothing is due."));
      return;
    }

  for (guint i = 0; i < items->len; i++)
    {
      const McDueItem *item = g_ptr_array_index (items, i);
      g_autofree char *date = mc_format_date (&item->due);
      char **row = g_new0 (char *, G_N_ELEMENTS (header));

      /* Translators: a due date that has passed, "2 december 2026, overdue". */
      row[0] = item->overdue ? g_strdup_printf (_("%s, overdue"), date) : g_steal_pointer (&date);
      row[1] = g_strdup_printf ("%" G_GINT64_FORMAT, item->case_id);
      row[2] = g_strdup (item->case_number != NULL ? item->case_number : "");
      row[3] = g_strdup (mc_due_kind_get_label (item->kind));
      row[4] = g_strdup (item->description);
      g_ptr_array_add (rows, row);
    }

  mc_cli_print_table (header, rows);
}

static void
due_tsv (GPtrArray *items)
{
  g_autoptr(GString) out = g_string_new ("case_id\tnumber\tkind\tdue\toverdue\tdescription\n");

  for (guint i = 0; i < items->len; i++)
    {
      const McDueItem *item = g_ptr_array_index (items, i);
      g_autofree char *date = mc_date_to_iso8601 (&item->due);

      g_string_append_printf (out, "%" G_GINT64_FORMAT "\t", item->case_id);
      mc_cli_append_tsv (out, item->case_number);
      g_string_append_printf (out, "\t%s\t%s\t%s\t", mc_due_kind_to_string (item->kind), date,
                              item->overdue ? "yes" : "no");
      mc_cli_append_tsv (out, item->description);
      g_string_append_c (out, '\n');
    }

  mc_cli_print ("%s", out->str);
}

int
mc_cli_command_due (McCliContext  *context,
                    int            argc,
                    char         **argv)
{
  int within = 0;
  g_autofree char *format = NULL;
  gboolean recovery_key = FALSE;
  const GOptionEntry entries[] = {
    { "within", 0, 0, G_OPTION_ARG_INT, &within,
      N_("Also what is due in the next DAYS days (default 0: today or earlier)"), N_("DAYS") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("text for people (the default), tsv for scripts"),
      /* Translators: the values the option takes; keep them as they are. */
      N_("text|tsv") },
    { "recovery-key", 0, 0, G_OPTION_ARG_NONE, &recovery_key,
      N_("Open the store with the recovery key instead of the passphrase"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(GPtrArray) items = NULL;
  McCliFormat parsed_format;
  gboolean tsv;
  McStore *store;
  GDate today;

  if (!mc_cli_parse_options (context, "due", NULL,
                             N_("What is due in the open cases, the earliest first: follow-up "
                                "agreements that are open, the feedback of Veilig Thuis after a "
                                "report (due the protocol’s term in working days after it, "
                                "Monday to Friday; public holidays count as working days) and "
                                "the evaluation of help. Overdue items are marked. With "
                                "--format tsv: a header line, then one line per item with "
                                "tab-separated fields: case ID, number, kind (follow-up, "
                                "vt-feedback, evaluation), due date, overdue (yes or no) and "
                                "description, escaped as in “meldcode-cli list”."),
                             entries, &argc, &argv, 0, 0, &error))
    return mc_cli_report_error (error);

  if (within < 0)
    {
      g_set_error (&error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                   _("--within is a number of days from 0 up, not %d."), within);
      return mc_cli_report_error (error);
    }
  if (!mc_cli_parse_format (format, FALSE, &parsed_format, &error))
    return mc_cli_report_error (error);
  tsv = parsed_format == MC_CLI_FORMAT_TSV;

  /* The term of Veilig Thuis is the protocol's. */
  if ((protocol = mc_cli_context_load_protocol (context, &error)) == NULL)
    return mc_cli_report_error (error);
  if ((store = mc_cli_context_open_store (context, recovery_key, &error)) == NULL)
    return mc_cli_report_error (error);

  mc_due_get_today (&today);
  if ((items = mc_store_list_due (store, protocol, &today, (guint) within, &error)) == NULL)
    return mc_cli_close_store (store, mc_cli_report_error (error));

  if (tsv)
    due_tsv (items);
  else
    due_text (items);

  return mc_cli_close_store (store, MC_CLI_EXIT_OK);
}
