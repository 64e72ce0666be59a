/* mc-cli-list.c: meldcode-cli list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * At 100,000 cases every step per row counts: the rows come from the store
 * as plain fields (mc_store_read_case_list(), no object per case), times
 * are formatted by one McDateFormatter, the due dates and the cells that
 * need sanitising once per distinct text, and the text table is gone over
 * twice rather than kept.
 */

#define G_LOG_DOMAIN "mc-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "mc-case-rows.h"
#include "mc-cli.h"
#include "mc-date-formatter.h"
#include "mc-dates.h"
#include "mc-due.h"
#include "mc-text.h"

/* The --status of list: what the store selects, and what is checked on
 * each case it lists. */
typedef enum
{
  LIST_ALL,
  LIST_OPEN,
  LIST_CLOSED,
  LIST_ATTENTION,   /* open, and a step needs attention */
  LIST_DUE,         /* open, and something is due today or earlier */
} ListStatus;

#define N_COLUMNS 8
/* Output goes out in pieces of this size. */
#define OUT_CHUNK (256 * 1024)

typedef struct
{
  ListStatus       status;
  const char      *today;
  McDateFormatter *dates;
  GHashTable      *due;      /* next due date -> its text cell */
  GHashTable      *cleaned;  /* for mc_cli_table_cell() */
  const char      *open;
  const char      *closed;
  char            *attention[16];    /* "3, needs attention" by step */
  char            *attention_other;  /* that of a step past those */
  GString         *updated;  /* the last change of the row, formatted */
  char             id[32];
  char             step[64];
} ListRun;

/* "3 december 2026", and whether it is past, for people. */
static char *
format_due (ListRun    *run,
            const char *due_on)
{
  const char *date = mc_date_formatter_date (run->dates, due_on);

  if (date == NULL)
    return g_strdup (due_on);
  if (strcmp (due_on, run->today) >= 0)
    return g_strdup (date);
  /* Translators: a due date that has passed, "2 december 2026, overdue". */
  return g_strdup_printf (_("%s, overdue"), date);
}

static const char *
due_cell (ListRun    *run,
          const char *due_on)
{
  char *cell = g_hash_table_lookup (run->due, due_on);

  if (cell == NULL)
    {
      cell = format_due (run, due_on);
      g_hash_table_insert (run->due, g_strdup (due_on), cell);
    }
  return cell;
}

static char *
format_attention (guint step)
{
  /* Translators: the step column of "meldcode-cli list" when a step of
   * the case needs attention, as the case list in the app marks it. */
  return g_strdup_printf (_("%u, needs attention"), step);
}

/* The step column of a step that needs attention, made once per step. */
static const char *
attention_cell (ListRun *run,
                guint    step)
{
  if (step >= G_N_ELEMENTS (run->attention))
    {
      g_free (run->attention_other);
      return run->attention_other = format_attention (step);
    }
  if (run->attention[step] == NULL)
    run->attention[step] = format_attention (step);
  return run->attention[step];
}

/* Where each stands (step, attention, next due date) is what the store
 * keeps with the case, worked out against the protocol
 * (mc_store_set_protocol()), as show and the case page work it out:
 * nothing is loaded or checked here. */
static gboolean
is_listed (ListRun                   *run,
           const McCaseSummaryFields *fields)
{
  if (run->status == LIST_ATTENTION && !fields->needs_attention)
    return FALSE;
  if (run->status == LIST_DUE && (fields->next_due == NULL || strcmp (fields->next_due, run->today) > 0))
    return FALSE;
  return TRUE;
}

/* As "%" G_GINT64_FORMAT writes @value, without a printf per cell;
 * @buffer holds at least 21 bytes. */
static void
format_integer (char   *buffer,
                gint64  value)
{
  char digits[24];
  guint64 magnitude = value < 0 ? (guint64) -(value + 1) + 1 : (guint64) value;
  guint n = 0;

  do
    {
      digits[n++] = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude > 0);
  if (value < 0)
    *buffer++ = '-';
  while (n > 0)
    *buffer++ = digits[--n];
  *buffer = '\0';
}

/* The cells of a row as the table prints them (valid until the next
 * row), and their widths. */
static void
make_text_row (ListRun                   *run,
               const McCaseSummaryFields *fields,
               const char               **cells,
               guint                     *lengths)
{
  const char *texts[N_COLUMNS];

  format_integer (run->id, fields->id);
  if (fields->needs_attention)
    g_strlcpy (run->step, attention_cell (run, fields->step), sizeof run->step);
  else
    format_integer (run->step, fields->step);
  g_string_truncate (run->updated, 0);
  if (!mc_date_formatter_append_date_time (run->dates, run->updated, fields->updated_at))
    g_string_append (run->updated, fields->updated_at != NULL ? fields->updated_at : "");

  texts[0] = run->id;
  texts[1] = fields->number;
  texts[2] = fields->client_name;
  texts[3] = g_strcmp0 (fields->status, "closed") == 0 ? run->closed : run->open;
  texts[4] = run->step;
  texts[5] = run->updated->str;
  texts[6] = fields->outcome != NULL ? fields->outcome : "–";
  texts[7] = fields->next_due != NULL ? due_cell (run, fields->next_due) : "–";
  for (guint c = 0; c < N_COLUMNS; c++)
    cells[c] = mc_cli_table_cell (run->cleaned, texts[c], &lengths[c]);
}

/* Gone over twice, for the widths and to print: each row's cells are made
 * again rather than kept (they are cheap to make, and 100,000 rows of
 * them are not). */
static int
list_text (ListRun    *run,
           McCaseRows *rows)
{
  const char *header[] = {
    _("ID"), _("Number"), _("Client"), _("Status"), _("Step"), _("Last change"), _("Outcome"),
    _("Next due"), NULL
  };
  g_autoptr(GString) line = g_string_sized_new (OUT_CHUNK + 4096);
  g_autoptr(GString) updated = g_string_new (NULL);
  g_autoptr(GHashTable) due = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) cleaned = mc_cli_table_cells_new ();
  const char *cells[N_COLUMNS];
  guint lengths[N_COLUMNS];
  guint widths[N_COLUMNS] = { 0, };
  guint n_rows = mc_case_rows_get_n_rows (rows);
  guint n_listed = 0;

  run->due = due;
  run->cleaned = cleaned;
  run->updated = updated;

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      cells[c] = mc_cli_table_cell (cleaned, header[c], &lengths[c]);
      widths[c] = lengths[c];
    }
  for (guint i = 0; i < n_rows; i++)
    {
      const McCaseSummaryFields *fields = mc_case_rows_get_row (rows, i);

      if (!is_listed (run, fields))
        continue;
      n_listed++;
      make_text_row (run, fields, cells, lengths);
      for (guint c = 0; c < N_COLUMNS; c++)
        widths[c] = MAX (widths[c], lengths[c]);
    }
  if (n_listed == 0)
    {
      g_printerr ("%s\n", _("No cases match."));
      return MC_CLI_EXIT_OK;
    }

  for (guint c = 0; c < N_COLUMNS; c++)
    cells[c] = mc_cli_table_cell (cleaned, header[c], &lengths[c]);
  mc_cli_append_table_line (line, cells, lengths, widths, N_COLUMNS);
  for (guint i = 0; i < n_rows; i++)
    {
      const McCaseSummaryFields *fields = mc_case_rows_get_row (rows, i);

      if (!is_listed (run, fields))
        continue;
      make_text_row (run, fields, cells, lengths);
      mc_cli_append_table_line (line, cells, lengths, widths, N_COLUMNS);
      mc_cli_write_out (line, OUT_CHUNK);
    }
  mc_cli_write_out (line, 0);
  return MC_CLI_EXIT_OK;
}

/* What mc_text_sanitize() (MC_TEXT_KIND_TEXT) leaves as it is, checked
 * without a copy: printable ASCII, tabs and line ends. */
static gboolean
is_plain_line (const char *text,
               gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) text[i];

      if (c >= 0x7f || (c < 0x20 && c != '\t' && c != '\n'))
        return FALSE;
    }
  return TRUE;
}

/* @value as a TSV field, through the output border: what
 * mc_text_sanitize() (MC_TEXT_KIND_TEXT) makes of the whole line is what
 * it makes of each field, as the line's tabs and line end are ASCII that
 * nothing composes with, and every other line end is escaped. So the
 * fields that need it are sanitised once per distinct text (@cleaned:
 * escaped field -> clean text), not the line of every case with an accent
 * in its name. */
static void
append_tsv_field (GString    *out,
                  GHashTable *cleaned,
                  const char *value)
{
  gsize start = out->len;
  const char *clean;

  mc_cli_append_tsv (out, value);
  if (is_plain_line (out->str + start, out->len - start))
    return;
  if ((clean = g_hash_table_lookup (cleaned, out->str + start)) == NULL)
    {
      char *field = g_strdup (out->str + start);
      char *made = mc_text_sanitize (field, MC_TEXT_KIND_TEXT);

      g_hash_table_insert (cleaned, field, made);
      clean = made;
    }
  g_string_truncate (out, start);
  g_string_append (out, clean);
}

/* New columns go at the end: scripts read the first ones by position. */
static int
list_tsv (ListRun    *run,
          McCaseRows *rows)
{
  g_autoptr(GString) out = g_string_sized_new (OUT_CHUNK + 4096);
  g_autoptr(GHashTable) cleaned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint n_rows = mc_case_rows_get_n_rows (rows);

  g_string_append (out, "id\tnumber\tclient\tstatus\tstep\tupdated\toutcome\tclosed\tclose_reason\tnext_due\n");
  for (guint i = 0; i < n_rows; i++)
    {
      const McCaseSummaryFields *fields = mc_case_rows_get_row (rows, i);
      gboolean closed = g_strcmp0 (fields->status, "closed") == 0;
      char number[24];

      if (!is_listed (run, fields))
        continue;
      format_integer (number, fields->id);
      g_string_append (out, number);
      g_string_append_c (out, '\t');
      append_tsv_field (out, cleaned, fields->number);
      g_string_append_c (out, '\t');
      append_tsv_field (out, cleaned, fields->client_name);
      g_string_append_c (out, '\t');
      append_tsv_field (out, cleaned, fields->status);
      format_integer (number, fields->step);
      g_string_append_c (out, '\t');
      g_string_append (out, number);
      g_string_append_c (out, '\t');
      append_tsv_field (out, cleaned, fields->updated_at);
      g_string_append_c (out, '\t');
      append_tsv_field (out, cleaned, fields->outcome_code);
      g_string_append_c (out, '\t');
      append_tsv_field (out, cleaned, closed ? fields->closed_at : NULL);
      g_string_append_c (out, '\t');
      append_tsv_field (out, cleaned, closed ? fields->close_reason : NULL);
      g_string_append_c (out, '\t');
      append_tsv_field (out, cleaned, fields->next_due);
      g_string_append_c (out, '\n');

      mc_cli_write_out (out, OUT_CHUNK);
    }
  mc_cli_write_out (out, 0);
  return MC_CLI_EXIT_OK;
}

int
mc_cli_command_list (McCliContext  *context,
                     int            argc,
                     char         **argv)
{
  g_autofree char *status = NULL;
  g_autofree char *search = NULL;
  g_autofree char *format = NULL;
  gboolean recovery_key = FALSE;
  const GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &status,
      N_("Only open or closed cases, open cases that need attention or have something due "
         "today or earlier, or all (the default)"),
      /* Translators: the values the option takes; keep them as they are. */
      N_("open|closed|attention|due|all") },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search,
      N_("Only cases whose client name or number holds TEXT"), N_("TEXT") },
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
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(McDateFormatter) dates = NULL;
  g_autoptr(McCaseRows) rows = NULL;
  g_autofree char *today_text = NULL;
  ListRun run = { 0, };
  GDate today;
  McCaseFilter filter = MC_CASE_FILTER_ALL;
  McStore *store;
  McCliFormat parsed_format;
  gboolean tsv;
  int result;

  if (!mc_cli_parse_options (context, "list", NULL,
                             N_("List the cases, the most recently changed first: ID, number, "
                                "client, status, current step, last change, outcome and the "
                                "next date something is due. With --format tsv: a header line, "
                                "then one line per case with tab-separated fields (tab, line "
                                "end and backslash escaped as \\t, \\n, \\r and \\\\), times in "
                                "UTC, the outcome as one of report-and-help, report, help, "
                                "no-report-no-help, no-report, decided or empty, then the date "
                                "the case was closed, the reason (its id in the protocol) and "
                                "the next due date."),
                             entries, &argc, &argv, 0, 0, &error))
    return mc_cli_report_error (error);

  if (status == NULL || strcmp (status, "all") == 0)
    run.status = LIST_ALL;
  else if (strcmp (status, "open") == 0)
    run.status = LIST_OPEN;
  else if (strcmp (status, "closed") == 0)
    run.status = LIST_CLOSED;
  else if (strcmp (status, "attention") == 0)
    run.status = LIST_ATTENTION;
  else if (strcmp (status, "due") == 0)
    run.status = LIST_DUE;
  else
    {
      g_set_error (&error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                   _("--status is open, closed, attention, due or all, not “%s”."), status);
      return mc_cli_report_error (error);
    }
  if (run.status == LIST_CLOSED)
    filter = MC_CASE_FILTER_CLOSED;
  else if (run.status == LIST_ATTENTION)
    /* The store's own filter reads only the candidates from its index;
     * is_listed() holds each against the same state again. */
    filter = MC_CASE_FILTER_NEEDS_ATTENTION;
  else if (run.status != LIST_ALL)
    filter = MC_CASE_FILTER_OPEN;

  if (!mc_cli_parse_format (format, FALSE, &parsed_format, &error))
    return mc_cli_report_error (error);
  tsv = parsed_format == MC_CLI_FORMAT_TSV;

  /* The steps are checked as show checks them: against --protocol. */
  if ((protocol = mc_cli_context_load_protocol (context, &error)) == NULL)
    return mc_cli_report_error (error);
  if ((store = mc_cli_context_open_store (context, recovery_key, &error)) == NULL)
    return mc_cli_report_error (error);
  mc_store_set_protocol (store, protocol);

  mc_due_get_today (&today);
  today_text = mc_date_to_iso8601 (&today);
  zone = g_time_zone_new_local ();
  dates = mc_date_formatter_new (zone);
  run.today = today_text;
  run.dates = dates;
  run.open = C_("case status", "open");
  run.closed = C_("case status", "closed");

  if ((rows = mc_store_read_case_list (store, filter, search, MC_CASE_ROWS_READ_ONCE, &error)) == NULL)
    result = mc_cli_report_error (error);
  else
    result = tsv ? list_tsv (&run, rows) : list_text (&run, rows);
  for (guint i = 0; i < G_N_ELEMENTS (run.attention); i++)
    g_free (run.attention[i]);
  g_free (run.attention_other);

  return mc_cli_close_store (store, result);
}
