/* mc-cli-retention.c: retention, destroy and audit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The retention period is the organisation's, as the application has it:
 * what its preferences (or retention --set-years) stored in the store, else
 * the protocol's (--protocol, or the built-in one: 20 years from the
 * closing date); see mc_store_get_retention_policy(). Destroying asks the passphrase once more after the store
 * is open (the confirmation), and for a case that is open or whose period
 * has not run the case number too, unless --yes.
 */

#define G_LOG_DOMAIN "mc-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-cli.h"
#include "mc-dates.h"
#include "mc-store-retention.h"

/* The --format of retention (text, tsv) and audit (and csv). */
static gboolean
parse_format (const char  *format,
              gboolean     allow_csv,
              gboolean    *tsv,
              gboolean    *csv,
              GError     **error)
{
  McCliFormat parsed;

  if (!mc_cli_parse_format (format, allow_csv, &parsed, error))
    return FALSE;
  *tsv = parsed == MC_CLI_FORMAT_TSV;
  *csv = parsed == MC_CLI_FORMAT_CSV;
  return TRUE;
}

static char *
format_iso_date (const char *iso)
{
  GDate date;

  g_date_clear (&date, 1);
  if (iso == NULL || !mc_date_from_iso8601 (iso, &date))
    return g_strdup (iso != NULL ? iso : "");
  return mc_format_date (&date);
}

char *
mc_cli_describe_destroy_on (McStore    *store,
                            McProtocol *protocol,
                            McCase     *case_)
{
  g_autofree char *destroy_on = NULL;
  g_autoptr(GError) error = NULL;
  McRetentionPolicy policy;

  if (!mc_case_is_closed (case_))
    return NULL;
  if (!mc_store_get_retention_policy (store, protocol, &policy, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return NULL;
    }
  destroy_on = mc_retention_destroy_on (&policy, mc_record_get_string (MC_RECORD (case_), "closed-at"),
                                        mc_record_get_string (MC_RECORD (case_), "birth-date"));
  return destroy_on != NULL ? format_iso_date (destroy_on) : NULL;
}

/* retention */

static void
retention_text (GPtrArray *items)
{
  const char *header[] = { _("ID"), _("Number"), _("Client"), _("Closed"), _("Destroy from"), NULL };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  if (items->len == 0)
    {
      g_printerr ("%s\n", _("No case is due for destruction."));
      return;
    }

  for (guint i = 0; i < items->len; i++)
    {
      const McRetentionItem *item = g_ptr_array_index (items, i);
      char **row = g_new0 (char *, G_N_ELEMENTS (header));

      row[0] = g_strdup_printf ("%" G_GINT64_FORMAT, item->case_id);
      row[1] = g_strdup (item->number);
      row[2] = g_strdup (item->client_name);
      row[3] = format_iso_date (item->closed_on);
      row[4] = format_iso_date (item->destroy_on);
      g_ptr_array_add (rows, row);
    }

  mc_cli_print_table (header, rows);
}

static void
retention_tsv (GPtrArray *items)
{
  g_autoptr(GString) out = g_string_new ("id\tnumber\tclient\tclosed\tdestroy_on\n");

  for (guint i = 0; i < items->len; i++)
    {
      const McRetentionItem *item = g_ptr_array_index (items, i);

      g_string_append_printf (out, "%" G_GINT64_FORMAT "\t", item->case_id);
      mc_cli_append_tsv (out, item->number);
      g_string_append_c (out, '\t');
      mc_cli_append_tsv (out, item->client_name);
      g_string_append_printf (out, "\t%s\t%s\n", item->closed_on, item->destroy_on);
    }

  mc_cli_print ("%s", out->str);
}

static void
destroyed_text (GPtrArray *tombstones)
{
  const char *header[] = { _("ID"), _("Number"), _("Destroyed"), _("By"), _("Reason"), _("Request"), NULL };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  if (tombstones->len == 0)
    {
      g_printerr ("%s\n", _("No case was destroyed."));
      return;
    }

  for (guint i = 0; i < tombstones->len; i++)
    {
      const McTombstone *tombstone = g_ptr_array_index (tombstones, i);
      char **row = g_new0 (char *, G_N_ELEMENTS (header));

      row[0] = g_strdup_printf ("%" G_GINT64_FORMAT, tombstone->case_id);
      row[1] = g_strdup (tombstone->number);
      row[2] = g_strdup (tombstone->destroyed_at);
      row[3] = g_strdup (tombstone->destroyed_by != NULL ? tombstone->destroyed_by : "");
      row[4] = g_strdup (g_strcmp0 (tombstone->reason, "request") == 0
                         ? _("the client’s request") : _("retention period ended"));
      row[5] = tombstone->request_date != NULL ? format_iso_date (tombstone->request_date) : g_strdup ("");
      g_ptr_array_add (rows, row);
    }

  mc_cli_print_table (header, rows);
}

static void
destroyed_tsv (GPtrArray *tombstones)
{
  g_autoptr(GString) out = g_string_new ("id\tnumber\tcreated\tclosed\tdestroy_on\tdestroyed\tdestroyed_by"
                                         "\treason\trequest_date\n");

  for (guint i = 0; i < tombstones->len; i++)
    {
      const McTombstone *tombstone = g_ptr_array_index (tombstones, i);
      const char *fields[] = {
        tombstone->number, tombstone->created_at, tombstone->closed_at, tombstone->destroy_on,
        tombstone->destroyed_at, tombstone->destroyed_by, tombstone->reason, tombstone->request_date,
      };

      g_string_append_printf (out, "%" G_GINT64_FORMAT, tombstone->case_id);
      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        {
          g_string_append_c (out, '\t');
          mc_cli_append_tsv (out, fields[f]);
        }
      g_string_append_c (out, '\n');
    }

  mc_cli_print ("%s", out->str);
}

static gboolean
check_set_policy (int          set_years,
                  const char  *count_from,
                  GError     **error)
{
  if (count_from != NULL && set_years == 0)
    {
      g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE, _("--count-from goes with --set-years only."));
      return FALSE;
    }
  if (count_from != NULL && strcmp (count_from, "closing") != 0 && strcmp (count_from, "majority") != 0)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                   _("--count-from is closing or majority, not “%s”."), count_from);
      return FALSE;
    }
  if (set_years != 0 && (set_years < 1 || set_years > MC_RETENTION_MAX_YEARS))
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                   _("The retention period is from 1 to %u years."), (guint) MC_RETENTION_MAX_YEARS);
      return FALSE;
    }
  return TRUE;
}

/* On standard error, so a script's tsv stays as it was. */
static void
print_policy (const McRetentionPolicy *policy,
              gboolean                 from_store)
{
  g_autofree char *period = NULL;

  if (policy->start == MC_RETENTION_FROM_MAJORITY)
    /* Translators: %u is a number of years. */
    period = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u year from the closing date, or from the 18th birthday when that is later",
                                           "%u years from the closing date, or from the 18th birthday when that is later",
                                           policy->years), policy->years);
  else
    /* Translators: %u is a number of years. */
    period = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u year from the closing date",
                                           "%u years from the closing date", policy->years), policy->years);
  /* Translators: %s is the period, as "20 years from the closing date". */
  g_printerr (from_store ? _("Retention period (the organisation’s setting): %s.")
                         : _("Retention period (the protocol’s): %s."), period);
  g_printerr ("\n");
}

int
mc_cli_command_retention (McCliContext  *context,
                          int            argc,
                          char         **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *count_from = NULL;
  gboolean destroyed = FALSE;
  gboolean recovery_key = FALSE;
  int set_years = 0;
  const GOptionEntry entries[] = {
    { "destroyed", 0, 0, G_OPTION_ARG_NONE, &destroyed,
      N_("List the destruction register instead: the cases destroyed, when, by whom and why"), NULL },
    { "set-years", 0, 0, G_OPTION_ARG_INT, &set_years,
      N_("Store the organisation’s retention period instead, as the preferences do (1 to 115 years)"),
      N_("YEARS") },
    { "count-from", 0, 0, G_OPTION_ARG_STRING, &count_from,
      N_("With --set-years: count from the closing date, or from the 18th birthday when that is later"),
      /* Translators: the values the option takes; keep them as they are. */
      N_("closing|majority") },
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
  McRetentionPolicy policy;
  gboolean from_store = FALSE;
  gboolean tsv = FALSE;
  gboolean csv = FALSE;
  McStore *store;

  if (!mc_cli_parse_options (context, "retention", NULL,
                             N_("The closed cases whose retention period has run, the earliest "
                                "first: ID, number, client, closing date and the date from which "
                                "the case may be destroyed. The period is the organisation’s: the "
                                "one stored in the preferences (or with --set-years), else the "
                                "protocol’s (the built-in one: 20 years from the closing date). "
                                "The line on standard error says which. With --format tsv: "
                                "a header line, then one line per case with tab-separated fields "
                                "id, number, client, closed, destroy_on, escaped as in "
                                "“meldcode-cli list”."),
                             entries, &argc, &argv, 0, 0, &error)
      || !parse_format (format, FALSE, &tsv, &csv, &error)
      || !check_set_policy (set_years, count_from, &error))
    return mc_cli_report_error (error);

  if ((protocol = mc_cli_context_load_protocol (context, &error)) == NULL)
    return mc_cli_report_error (error);

  if ((store = mc_cli_context_open_store (context, recovery_key, &error)) == NULL)
    return mc_cli_report_error (error);
  if (!mc_store_get_retention_policy (store, protocol, &policy, &from_store, &error))
    return mc_cli_close_store (store, mc_cli_report_error (error));

  if (set_years != 0)
    {
      policy.years = (guint) set_years;
      if (count_from != NULL)
        policy.start = strcmp (count_from, "majority") == 0 ? MC_RETENTION_FROM_MAJORITY
                                                            : MC_RETENTION_FROM_CLOSING;
      if (!mc_store_set_retention_policy (store, &policy, &error))
        return mc_cli_close_store (store, mc_cli_report_error (error));
      from_store = TRUE;
    }
  if (!destroyed)
    print_policy (&policy, from_store);
  if (set_years != 0)
    return mc_cli_close_store (store, MC_CLI_EXIT_OK);

  if (destroyed)
    {
      if ((items = mc_store_list_destroyed (store, &error)) == NULL)
        return mc_cli_close_store (store, mc_cli_report_error (error));
      if (tsv)
        destroyed_tsv (items);
      else
        destroyed_text (items);
      return mc_cli_close_store (store, MC_CLI_EXIT_OK);
    }

  if ((items = mc_store_list_due_for_destruction (store, &policy, NULL, &error)) == NULL)
    return mc_cli_close_store (store, mc_cli_report_error (error));
  if (tsv)
    retention_tsv (items);
  else
    retention_text (items);

  return mc_cli_close_store (store, MC_CLI_EXIT_OK);
}

/* destroy */

/* The store says "invalid" for what is wrong use here: exit status 1. */
static void
invalid_is_usage (GError *error)
{
  if (error != NULL && g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID))
    {
      error->domain = MC_CLI_ERROR;
      error->code = MC_CLI_EXIT_USAGE;
    }
}

static gboolean
check_destroy_options (const char       *reason,
                       const char       *request_date,
                       McDestroyReason  *out_reason,
                       GError          **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  GDate date;

  if (g_strcmp0 (reason, "expired") == 0)
    *out_reason = MC_DESTROY_EXPIRED;
  else if (g_strcmp0 (reason, "request") == 0)
    *out_reason = MC_DESTROY_REQUEST;
  else
    {
      if (reason == NULL)
        g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                             _("Say why the case is destroyed with --reason expired (the retention "
                               "period has run) or --reason request (the client asked, with --request-date)."));
      else
        g_set_error (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                     _("--reason is expired or request, not “%s”."), reason);
      return FALSE;
    }

  if (*out_reason == MC_DESTROY_EXPIRED && request_date != NULL)
    {
      g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                           _("--request-date goes with --reason request only."));
      return FALSE;
    }
  if (*out_reason == MC_DESTROY_REQUEST)
    {
      g_date_clear (&date, 1);
      if (request_date == NULL || !mc_date_from_iso8601 (request_date, &date))
        {
          g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                               _("A destruction on request needs the date of the request: "
                                 "--request-date YYYY-MM-DD."));
          return FALSE;
        }
      if (strcmp (request_date, today) > 0)
        {
          g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                               _("The date of the request lies in the future."));
          return FALSE;
        }
    }

  return TRUE;
}

/* The passphrase (or recovery key) again, and for an early destruction
 * the case number typed out. */
static gboolean
confirm (McStore     *store,
         McCase      *case_,
         gboolean     recovery_key,
         gboolean     early,
         GError     **error)
{
  const char *number = mc_record_get_string (MC_RECORD (case_), "number");
  g_autoptr(McCliSecret) secret = NULL;
  g_autoptr(McCliSecret) typed = NULL;

  /* Translators: %s is the case number. */
  g_printerr (_("Case %s and everything in it will be destroyed for good. A backup made before now "
                "still holds it."), number);
  g_printerr ("\n");

  secret = mc_cli_read_secret (recovery_key ? _("Recovery key again, to destroy the case: ")
                                            : _("Passphrase again, to destroy the case: "),
                               NULL, error);
  if (secret == NULL || !mc_store_confirm_secret (store, secret, recovery_key, error))
    return FALSE;

  if (!early)
    return TRUE;

  g_printerr ("%s\n", mc_case_is_closed (case_)
                      ? _("The retention period of this case has not run yet.")
                      : _("This case is open."));
  if ((typed = mc_cli_read_secret (_("Type the case number to confirm: "), NULL, error)) == NULL)
    return FALSE;
  if (g_strcmp0 (g_strstrip (typed), number) != 0)
    {
      g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                           _("That is not the case number; nothing was destroyed."));
      return FALSE;
    }
  return TRUE;
}

int
mc_cli_command_destroy (McCliContext  *context,
                        int            argc,
                        char         **argv)
{
  g_autofree char *reason = NULL;
  g_autofree char *request_date = NULL;
  gboolean yes = FALSE;
  gboolean recovery_key = FALSE;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_("expired (the retention period has run) or request (the client asked)"), N_("expired|request") },
    { "request-date", 0, 0, G_OPTION_ARG_STRING, &request_date,
      N_("The date of the client’s request (with --reason request)"), N_("YYYY-MM-DD") },
    { "yes", 0, 0, G_OPTION_ARG_NONE, &yes,
      N_("Do not ask for confirmation (for scripts)"), NULL },
    { "recovery-key", 0, 0, G_OPTION_ARG_NONE, &recovery_key,
      N_("Open the store with the recovery key instead of the passphrase"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(McCase) case_ = NULL;
  g_autofree char *number = NULL;
  McRetentionPolicy policy;
  McDestroyReason destroy_reason = MC_DESTROY_EXPIRED;
  gboolean early = FALSE;
  McStore *store;

  if (!mc_cli_parse_options (context, "destroy", N_("ID"),
                             N_("Destroy a case: the case and all its records are removed from "
                                "the store, its file and its journal; what the audit trail says "
                                "about it can no longer be read; the destruction register keeps "
                                "its number, its dates, who destroyed it and why. A case that is "
                                "open, or whose retention period has not run, can only be destroyed "
                                "on the client’s request. The passphrase is asked again to confirm "
                                "(and for an early destruction the case number), unless --yes. A "
                                "backup made before still holds the case."),
                             entries, &argc, &argv, 1, 1, &error)
      || !check_destroy_options (reason, request_date, &destroy_reason, &error))
    return mc_cli_report_error (error);

  if ((protocol = mc_cli_context_load_protocol (context, &error)) == NULL)
    return mc_cli_report_error (error);

  if ((store = mc_cli_context_open_store (context, recovery_key, &error)) == NULL)
    return mc_cli_report_error (error);
  if (!mc_store_get_retention_policy (store, protocol, &policy, NULL, &error)
      || (case_ = mc_cli_load_case (store, argv[1], &error)) == NULL
      || !mc_store_destruction_is_early (store, mc_record_get_id (MC_RECORD (case_)), &policy, &early, &error))
    return mc_cli_close_store (store, mc_cli_report_error (error));

  if (early && destroy_reason == MC_DESTROY_EXPIRED)
    {
      g_set_error_literal (&error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                           mc_case_is_closed (case_)
                           ? _("The retention period of this case has not run yet: it can only be destroyed "
                               "on the client’s request (--reason request --request-date DATE).")
                           : _("This case is open: it can only be destroyed on the client’s request "
                               "(--reason request --request-date DATE)."));
      return mc_cli_close_store (store, mc_cli_report_error (error));
    }

  if (!yes && !confirm (store, case_, recovery_key, early, &error))
    return mc_cli_close_store (store, mc_cli_report_error (error));

  number = g_strdup (mc_record_get_string (MC_RECORD (case_), "number"));
  if (!mc_store_destroy_case (store, mc_record_get_id (MC_RECORD (case_)), destroy_reason, request_date,
                              &policy, early ? MC_DESTROY_CONFIRMED_EARLY : MC_DESTROY_FLAGS_NONE, &error))
    {
      invalid_is_usage (error);
      return mc_cli_close_store (store, mc_cli_report_error (error));
    }

  /* Translators: %s is the case number. */
  g_printerr (_("Case %s was destroyed."), number);
  g_printerr ("\n");
  return mc_cli_close_store (store, MC_CLI_EXIT_OK);
}

/* audit */

static void
append_csv (GString    *line,
            const char *value)
{
  if (value == NULL)
    return;
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (line, value);
      return;
    }
  g_string_append_c (line, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

static void
audit_delimited (GPtrArray *entries,
                 gboolean   csv)
{
  const char *separator = csv ? "," : "\t";
  g_autoptr(GString) out = g_string_new (NULL);
  static const char * const header[] = {
    "time", "user", "role", "on_behalf_of", "action", "subject", "case_id", "case_number",
  };

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    g_string_append_printf (out, "%s%s", i > 0 ? separator : "", header[i]);
  g_string_append (out, csv ? "\r\n" : "\n");

  for (guint i = 0; i < entries->len; i++)
    {
      const McAccessEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *case_id = entry->case_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, entry->case_id) : NULL;
      const char *fields[] = {
        entry->at, entry->user_name, entry->user_role, entry->on_behalf_of, entry->action,
        entry->subject, case_id, entry->case_number,
      };

      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        {
          if (f > 0)
            g_string_append (out, separator);
          if (csv)
            append_csv (out, fields[f]);
          else
            mc_cli_append_tsv (out, fields[f]);
        }
      g_string_append (out, csv ? "\r\n" : "\n");
    }

  mc_cli_print ("%s", out->str);
}

static void
audit_text (GPtrArray *entries)
{
  const char *header[] = { _("Time"), _("User"), _("Role"), _("On behalf of"), _("Action"), _("Subject"),
                           _("Case"), NULL };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < entries->len; i++)
    {
      const McAccessEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GDateTime) at = entry->at != NULL ? g_date_time_new_from_iso8601 (entry->at, NULL) : NULL;
      g_autoptr(GDateTime) local = at != NULL ? g_date_time_to_local (at) : NULL;
      char **row = g_new0 (char *, G_N_ELEMENTS (header));

      row[0] = local != NULL ? mc_format_date_time (local) : g_strdup (entry->at != NULL ? entry->at : "");
      row[1] = g_strdup (entry->user_name != NULL ? entry->user_name : "");
      row[2] = g_strdup (entry->user_role != NULL ? entry->user_role : "");
      row[3] = g_strdup (entry->on_behalf_of != NULL ? entry->on_behalf_of : "");
      row[4] = g_strdup (entry->action != NULL ? entry->action : "");
      row[5] = g_strdup (entry->subject != NULL ? entry->subject : "");
      row[6] = g_strdup (entry->case_number != NULL ? entry->case_number : "");
      g_ptr_array_add (rows, row);
    }

  mc_cli_print_table (header, rows);
}

/* A case by its ID or its number, also of a destroyed case, whose trail
 * stays: 0 with NOT_FOUND when there is none. */
static gint64
find_audited_case (McStore     *store,
                   const char  *id_or_number,
                   GError     **error)
{
  g_autoptr(GPtrArray) tombstones = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(McCase) case_ = NULL;
  guint64 id = 0;

  if (g_ascii_string_to_unsigned (id_or_number, 10, 1, G_MAXINT64, &id, NULL))
    return (gint64) id;

  if ((case_ = mc_cli_load_case (store, id_or_number, &local_error)) != NULL)
    return mc_record_get_id (MC_RECORD (case_));
  if (!g_error_matches (local_error, MC_CLI_ERROR, MC_CLI_EXIT_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }

  if ((tombstones = mc_store_list_destroyed (store, error)) == NULL)
    return 0;
  for (guint i = tombstones->len; i > 0; i--)
    {
      const McTombstone *tombstone = g_ptr_array_index (tombstones, i - 1);

      if (g_strcmp0 (tombstone->number, id_or_number) == 0)
        return tombstone->case_id;
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return 0;
}

int
mc_cli_command_audit (McCliContext  *context,
                      int            argc,
                      char         **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *case_arg = NULL;
  gboolean recovery_key = FALSE;
  const GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_arg,
      N_("Only the entries about this case (its ID or number; also a destroyed case)"), N_("ID") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("text for people (the default), tsv or csv for scripts"),
      /* Translators: the values the option takes; keep them as they are. */
      N_("text|tsv|csv") },
    { "recovery-key", 0, 0, G_OPTION_ARG_NONE, &recovery_key,
      N_("Open the store with the recovery key instead of the passphrase"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  gboolean tsv = FALSE;
  gboolean csv = FALSE;
  gint64 case_id = 0;
  McStore *store;

  if (!mc_cli_parse_options (context, "audit", NULL,
                             N_("The access log (NEN 7513) in date order: when, who, in which role, "
                                "on whose behalf, what was done and to which case. No content: "
                                "what was changed is named, not what it said. With --format tsv or "
                                "csv: a header line time, user, role, on_behalf_of, action, subject, "
                                "case_id, case_number, then one line per entry; time is UTC."),
                             entries, &argc, &argv, 0, 0, &error)
      || !parse_format (format, TRUE, &tsv, &csv, &error))
    return mc_cli_report_error (error);

  if ((store = mc_cli_context_open_store (context, recovery_key, &error)) == NULL)
    return mc_cli_report_error (error);

  if (case_arg != NULL && (case_id = find_audited_case (store, case_arg, &error)) == 0)
    return mc_cli_close_store (store, mc_cli_report_error (error));

  if ((log = mc_store_list_access_log (store, case_id, &error)) == NULL)
    {
      if (g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND))
        {
          g_clear_error (&error);
          g_set_error (&error, MC_CLI_ERROR, MC_CLI_EXIT_NOT_FOUND,
                       _("There is no case “%s” in the store."), case_arg);
        }
      return mc_cli_close_store (store, mc_cli_report_error (error));
    }

  if (tsv || csv)
    audit_delimited (log, csv);
  else
    audit_text (log);

  return mc_cli_close_store (store, MC_CLI_EXIT_OK);
}
